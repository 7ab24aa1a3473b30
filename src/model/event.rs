//! Events: what happened, when, where, to whom, and who reports it.

use serde::Serialize;

use std::sync::Arc;

use super::intern::Name;
use super::quantity::Quantity;
use super::when::When;

/// What kind of event. Aligned with ACLED's event types where they fit; see [`EventKind::acled`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Armed clash between organised groups (ACLED: Battles / Armed clash).
    ArmedClash,
    /// A place changes hands (ACLED: Battles / … overtakes or regains territory).
    ChangeOfControl,
    /// Air or drone strike (ACLED: Explosions/Remote violence / Air/drone strike).
    Airstrike,
    /// Shelling, artillery, missiles (ACLED: Explosions/Remote violence / Shelling/artillery/missile attack).
    Shelling,
    /// Improvised explosive device, mine, booby-trap (ACLED: … / Remote explosive/landmine/IED).
    ExplosiveDevice,
    /// Suicide bombing (ACLED: … / Suicide bomb).
    SuicideBomb,
    /// Violence against civilians (ACLED: Violence against civilians / Attack).
    AttackOnCivilians,
    /// A pause, halt or ceasefire (ACLED: Strategic developments / Agreement).
    Pause,
    /// Fighters surrender (ACLED: Strategic developments / Other).
    Surrender,
    /// A count of casualties not tied to one incident.
    Casualties,
    /// A statement or announcement (ACLED: Strategic developments / Other).
    Statement,
    /// An assessment or outlook about what will happen.
    Assessment,
    /// Protest (ACLED: Protests).
    Protest,
    /// Riot (ACLED: Riots).
    Riot,
    /// Arrests (ACLED: Strategic developments / Arrests).
    Arrest,
    /// Anything else.
    Other,
}

impl EventKind {
    /// Every kind, in the order of the docs.
    pub const ALL: [EventKind; 16] = [
        EventKind::ArmedClash,
        EventKind::ChangeOfControl,
        EventKind::Airstrike,
        EventKind::Shelling,
        EventKind::ExplosiveDevice,
        EventKind::SuicideBomb,
        EventKind::AttackOnCivilians,
        EventKind::Pause,
        EventKind::Surrender,
        EventKind::Casualties,
        EventKind::Statement,
        EventKind::Assessment,
        EventKind::Protest,
        EventKind::Riot,
        EventKind::Arrest,
        EventKind::Other,
    ];

    /// The name written in data files: `ChangeOfControl`.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::ArmedClash => "ArmedClash",
            EventKind::ChangeOfControl => "ChangeOfControl",
            EventKind::Airstrike => "Airstrike",
            EventKind::Shelling => "Shelling",
            EventKind::ExplosiveDevice => "ExplosiveDevice",
            EventKind::SuicideBomb => "SuicideBomb",
            EventKind::AttackOnCivilians => "AttackOnCivilians",
            EventKind::Pause => "Pause",
            EventKind::Surrender => "Surrender",
            EventKind::Casualties => "Casualties",
            EventKind::Statement => "Statement",
            EventKind::Assessment => "Assessment",
            EventKind::Protest => "Protest",
            EventKind::Riot => "Riot",
            EventKind::Arrest => "Arrest",
            EventKind::Other => "Other",
        }
    }

    /// For people: "change of control".
    pub fn label(self) -> &'static str {
        match self {
            EventKind::ArmedClash => "armed clash",
            EventKind::ChangeOfControl => "change of control",
            EventKind::Airstrike => "airstrike",
            EventKind::Shelling => "shelling",
            EventKind::ExplosiveDevice => "explosive device",
            EventKind::SuicideBomb => "suicide bomb",
            EventKind::AttackOnCivilians => "attack on civilians",
            EventKind::Pause => "pause",
            EventKind::Surrender => "surrender",
            EventKind::Casualties => "casualties",
            EventKind::Statement => "statement",
            EventKind::Assessment => "assessment",
            EventKind::Protest => "protest",
            EventKind::Riot => "riot",
            EventKind::Arrest => "arrest",
            EventKind::Other => "other",
        }
    }

    /// A short label for narrow columns: "control", "IED/mine".
    pub fn short(self) -> &'static str {
        match self {
            EventKind::ArmedClash => "clash",
            EventKind::ChangeOfControl => "control",
            EventKind::Airstrike => "airstrike",
            EventKind::Shelling => "shelling",
            EventKind::ExplosiveDevice => "IED/mine",
            EventKind::SuicideBomb => "suicide",
            EventKind::AttackOnCivilians => "civilians",
            EventKind::Pause => "pause",
            EventKind::Surrender => "surrender",
            EventKind::Casualties => "casualties",
            EventKind::Statement => "statement",
            EventKind::Assessment => "assessment",
            EventKind::Protest => "protest",
            EventKind::Riot => "riot",
            EventKind::Arrest => "arrest",
            EventKind::Other => "other",
        }
    }

    /// The closest ACLED event type and sub-event type, when there is one.
    pub fn acled(self) -> Option<(&'static str, &'static str)> {
        let pair = match self {
            EventKind::ArmedClash => ("Battles", "Armed clash"),
            EventKind::ChangeOfControl => ("Battles", "Non-state actor overtakes territory"),
            EventKind::Airstrike => ("Explosions/Remote violence", "Air/drone strike"),
            EventKind::Shelling => (
                "Explosions/Remote violence",
                "Shelling/artillery/missile attack",
            ),
            EventKind::ExplosiveDevice => (
                "Explosions/Remote violence",
                "Remote explosive/landmine/IED",
            ),
            EventKind::SuicideBomb => ("Explosions/Remote violence", "Suicide bomb"),
            EventKind::AttackOnCivilians => ("Violence against civilians", "Attack"),
            EventKind::Pause => ("Strategic developments", "Agreement"),
            EventKind::Surrender | EventKind::Statement => ("Strategic developments", "Other"),
            EventKind::Arrest => ("Strategic developments", "Arrests"),
            EventKind::Protest => ("Protests", "Peaceful protest"),
            EventKind::Riot => ("Riots", "Violent demonstration"),
            EventKind::Casualties | EventKind::Assessment | EventKind::Other => return None,
        };
        Some(pair)
    }

    /// Parses a kind as written in data (`ChangeOfControl`) or on a command line
    /// (`change-of-control`, `change_of_control`, `change of control`), ignoring case.
    pub fn parse(text: &str) -> Option<EventKind> {
        let squashed: String = text
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect();
        EventKind::ALL
            .into_iter()
            .find(|k| k.name().to_lowercase() == squashed)
    }
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// As the source names it: "Raqqa".
    pub name: String,
    /// Province, governorate or other first-level area.
    pub admin1: Option<String>,
    /// District or other second-level area.
    pub admin2: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Latitude and longitude in degrees (WGS 84), when known.
    pub coordinates: Option<(f64, f64)>,
}

/// A figure attached to an event: what is counted, and how many.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    /// What is counted: "surrendered", "killed", "fighters remaining".
    pub what: Name,
    /// How many.
    pub value: Quantity,
}

/// One source reporting an event or making a claim, with its words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribution {
    /// The source's id.
    pub source: Name,
    /// The speaker's id within that source, when a person is named.
    pub speaker: Option<Name>,
    /// The source's own words, verbatim, as quoted.
    pub quote: Option<Box<str>>,
    /// The reporting text's words about what the source said (reported speech), verbatim.
    pub paraphrase: Option<Box<str>>,
    /// The source through which this reached us (e.g. the report that quotes the speaker).
    pub via: Option<Name>,
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Unique id.
    pub id: Box<str>,
    /// When, as precisely as known.
    pub when: When,
    /// What kind of event.
    pub kind: EventKind,
    /// One line.
    pub title: Box<str>,
    /// A few sentences.
    pub summary: Option<Box<str>>,
    /// Where (shared by the events at one place).
    pub place: Option<Arc<Place>>,
    /// Who took part, as named by the sources.
    pub actors: Box<[Name]>,
    /// Counted things.
    pub quantities: Box<[Measure]>,
    /// Who reports it.
    pub sources: Box<[Attribution]>,
}

impl Event {
    /// Whether `source` itself reports this event (not merely relays another's words: `via`).
    pub fn reported_by(&self, source: &str) -> bool {
        self.sources.iter().any(|a| &*a.source == source)
    }
}
