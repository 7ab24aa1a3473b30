//! Events: what happened, when, where, to whom, and who reports it.

use serde::Serialize;

use std::sync::Arc;

use super::event_text::{EventBlock, Text};
use super::intern::{MeasureList, Name, NameList};
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
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

/// One source reporting an event, as stored in the event: its words are in the event's text
/// (read them with [`Event::quote`] and [`Event::paraphrase`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// The source's id.
    pub source: Name,
    /// The speaker's id within that source, when a person is named.
    pub speaker: Option<Name>,
    /// The source through which this reached us (e.g. the report that quotes the speaker).
    pub via: Option<Name>,
    /// The length of its quote and of its paraphrase in the event's text ([`NONE`] for none):
    /// its words follow the previous report's there (or the summary, for the first).
    quote_len: u32,
    paraphrase_len: u32,
}

/// The length that stands for no text at all.
const NONE: u32 = u32::MAX;

impl Attribution {
    /// A report whose words follow the previous report's in its event's texts (see
    /// [`EventBlock`]): its quote and its paraphrase that long (`None`: none).
    pub fn in_text(
        source: Name,
        speaker: Option<Name>,
        via: Option<Name>,
        quote: Option<usize>,
        paraphrase: Option<usize>,
    ) -> Attribution {
        // Past `u32`, `NONE`: such an event is refused by `EventBlock::add`.
        let small = |n: usize| u32::try_from(n).unwrap_or(NONE);
        Attribution {
            source,
            speaker,
            via,
            quote_len: quote.map_or(NONE, small),
            paraphrase_len: paraphrase.map_or(NONE, small),
        }
    }

    /// Its words' length in its event's texts.
    fn words(&self) -> u64 {
        let len = |n: u32| if n == NONE { 0 } else { u64::from(n) };
        len(self.quote_len) + len(self.paraphrase_len)
    }
}

/// One source reporting an event, with its words, as an event is made (see [`EventParts`]).
/// Its words are `String`s, or any text (loading borrows them from the file where it can).
#[derive(Debug, Clone, PartialEq)]
pub struct Report<S = String> {
    /// The source's id.
    pub source: Name,
    /// The speaker's id within that source, when a person is named.
    pub speaker: Option<Name>,
    /// The source's own words, verbatim, as quoted.
    pub quote: Option<S>,
    /// The reporting text's words about what the source said (reported speech), verbatim.
    pub paraphrase: Option<S>,
    /// The source through which this reached us (e.g. the report that quotes the speaker).
    pub via: Option<Name>,
}

/// What an event is made of (see [`Event::new`]). Its texts are `String`s, or any text.
#[derive(Debug, Clone)]
pub struct EventParts<S = String> {
    /// Unique id.
    pub id: S,
    /// When, as precisely as known.
    pub when: When,
    /// What kind of event.
    pub kind: EventKind,
    /// One line.
    pub title: S,
    /// A few sentences.
    pub summary: Option<S>,
    /// Where (shared by the events at one place).
    pub place: Option<Arc<Place>>,
    /// Who took part, as named by the sources (shared: see [`crate::model::Interner::list`]).
    pub actors: NameList,
    /// Counted things (shared: see [`crate::model::Interner::measures`]).
    pub quantities: MeasureList,
    /// Who reports it, with their words.
    pub sources: Vec<Report<S>>,
}

/// Something that happened.
///
/// Its texts — id, title, summary, and every report's words — are kept end to end, in a block
/// shared with the events made with it (see [`EventBlock`]): a million events would otherwise
/// hold five or six million small allocations.
#[derive(Clone)]
pub struct Event {
    pub(super) text: Text,
    /// Where the id, the title and the summary end in `text`.
    pub(super) ends: [u32; 3],
    /// How many reports it has (see [`Event::sources`]).
    reports: u16,
    has_summary: bool,
    /// When, as precisely as known.
    pub when: When,
    /// What kind of event.
    pub kind: EventKind,
    /// Where (shared by the events at one place).
    pub place: Option<Arc<Place>>,
    /// Who took part, as named by the sources (shared: see [`crate::model::Interner::list`]).
    pub actors: NameList,
    /// Counted things (shared: see [`crate::model::Interner::measures`]).
    pub quantities: MeasureList,
}

/// The rest of an event, beside its texts and reports (see `EventBlock::add`).
#[derive(Debug, Clone)]
pub struct Rest {
    /// When, as precisely as known.
    pub when: When,
    /// What kind of event.
    pub kind: EventKind,
    /// Where (shared by the events at one place).
    pub place: Option<Arc<Place>>,
    /// Who took part, as named by the sources (shared: see [`crate::model::Interner::list`]).
    pub actors: NameList,
    /// Counted things (shared: see [`crate::model::Interner::measures`]).
    pub quantities: MeasureList,
}

/// What an event or a claim cannot hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TooLong {
    /// Its texts are longer than 4 GiB together.
    #[error("its texts are longer than 4 GiB together")]
    Texts,
    /// An event has more than 65,535 reports.
    #[error("it has more than 65,535 sources")]
    Reports,
}

impl Event {
    /// Makes an event of its parts.
    pub fn new<S: AsRef<str>>(parts: EventParts<S>) -> Result<Event, TooLong> {
        let len = |t: &Option<S>| t.as_ref().map_or(0, |t| t.as_ref().len());
        let words: usize = (parts.sources.iter())
            .map(|r| len(&r.quote) + len(&r.paraphrase))
            .sum();
        let bytes = parts.id.as_ref().len() + parts.title.as_ref().len() + len(&parts.summary);
        let mut block = EventBlock::with_capacity(1, bytes + words);
        block.add_parts(parts)?;
        block.finish().pop().ok_or(TooLong::Texts)
    }

    /// Where the id, the title and the summary of `text` end, and whether there is a summary,
    /// given the lengths of its id, title and summary (`None`: none) and its reports (whose
    /// words follow, in order, and end the texts). `None` when the texts are not laid out so,
    /// or are longer than 4 GiB together.
    pub(super) fn laid_out(
        text: &str,
        header: [Option<usize>; 3],
        sources: &[Attribution],
    ) -> Option<([u32; 3], bool)> {
        let total = u32::try_from(text.len()).ok().filter(|&n| n < NONE)?;
        let [Some(id), Some(title), summary] = header else {
            return None;
        };
        let title_end = id.checked_add(title)?;
        let ends = [id, title_end, title_end.checked_add(summary.unwrap_or(0))?];
        // Every part ends where a character does (texts written whole always do; lengths read
        // from a snapshot are checked so), and the last report's words end the texts.
        let on_boundary = |at: u64| usize::try_from(at).is_ok_and(|at| text.is_char_boundary(at));
        if !ends.iter().all(|&e| on_boundary(e as u64)) {
            return None;
        }
        let mut at = ends[2] as u64;
        for a in sources {
            for len in [a.quote_len, a.paraphrase_len] {
                if len != NONE {
                    at += u64::from(len);
                    if !on_boundary(at) {
                        return None;
                    }
                }
            }
        }
        if at != u64::from(total) {
            return None;
        }
        Some((ends.map(|e| e as u32), summary.is_some()))
    }

    /// An event of its texts, laid out as [`Event::laid_out`] found, and the rest of it.
    pub(super) fn of_text(
        text: Text,
        (ends, has_summary): ([u32; 3], bool),
        reports: u16,
        rest: Rest,
    ) -> Event {
        let Rest {
            when,
            kind,
            place,
            actors,
            quantities,
        } = rest;
        Event {
            text,
            ends,
            reports,
            has_summary,
            when,
            kind,
            place,
            actors,
            quantities,
        }
    }

    /// The part of the text from `start`, `len` long (`NONE`: none).
    fn part(&self, start: u32, len: u32) -> Option<&str> {
        if len == NONE {
            return None;
        }
        let (start, len) = (start as usize, len as usize);
        self.text.slice(start, start + len)
    }

    /// The length of its texts together: id, title, summary and every report's words (summed:
    /// an event is 88 bytes, not 96, kept for a million events).
    pub fn text_len(&self) -> usize {
        let words: u64 = self.sources().iter().map(Attribution::words).sum();
        self.ends[2] as usize + words as usize
    }

    /// Its texts end to end, as they are held: id, title, summary and every report's words.
    pub fn texts(&self) -> &str {
        self.text.slice(0, self.text_len()).unwrap_or("")
    }

    /// The length of its id.
    pub(super) fn id_len(&self) -> usize {
        self.ends[0] as usize
    }

    /// Unique id.
    pub fn id(&self) -> &str {
        self.text.slice(0, self.ends[0] as usize).unwrap_or("")
    }

    /// One line.
    pub fn title(&self) -> &str {
        let [id, title, _] = self.ends;
        self.text.slice(id as usize, title as usize).unwrap_or("")
    }

    /// A few sentences.
    pub fn summary(&self) -> Option<&str> {
        let [_, title, summary] = self.ends;
        self.has_summary
            .then(|| self.text.slice(title as usize, summary as usize))
            .flatten()
    }

    /// The texts of the block its texts are held in, shared with the events made with it (see
    /// [`EventBlock`]), and where in them its own start: its id, then its [`Event::words`]. A
    /// search of many events reads their blocks whole.
    pub fn held_in(&self) -> (&str, usize) {
        self.text.held_in()
    }

    /// Its words end to end, as they are held: the title, the summary, then each report's quote
    /// and paraphrase. Search reads them in one pass; see [`Event::within_one_part`].
    pub fn words(&self) -> &str {
        (self.text)
            .slice(self.ends[0] as usize, self.text_len())
            .unwrap_or("")
    }

    /// Whether bytes `start..end` of [`Event::words`] lie within one of its texts (a title, a
    /// summary, a quote or a paraphrase), not across the end of one.
    pub fn within_one_part(&self, start: usize, end: usize) -> bool {
        let base = self.ends[0] as usize;
        let (start, end) = (base + start, base + end);
        let inside = |at: u32| start < at as usize && (at as usize) < end;
        // Where each report's words start, and between its quote and paraphrase when it has both.
        let mut reports = self.reports().flat_map(|(a, at)| {
            let both = a.quote_len != NONE && a.paraphrase_len != NONE;
            [Some(at), both.then(|| at.saturating_add(a.quote_len))]
        });
        !(self.ends[1..].iter().any(|&at| inside(at)) || reports.any(|at| at.is_some_and(inside)))
    }

    /// Each report with where its words start in the text.
    fn reports(&self) -> impl Iterator<Item = (&Attribution, u32)> {
        self.sources().iter().scan(self.ends[2], |at, a| {
            let start = *at;
            // Below `NONE` together (see `from_text`).
            *at = at.saturating_add(a.words() as u32);
            Some((a, start))
        })
    }

    /// Where the words of `a`, one of this event's reports, start in the text.
    fn start_of(&self, a: &Attribution) -> Option<u32> {
        self.reports()
            .find(|&(x, _)| std::ptr::eq(x, a))
            .map(|(_, at)| at)
    }

    /// Who reports it.
    pub fn sources(&self) -> &[Attribution] {
        self.text.reports(self.reports)
    }

    /// The source's own words, verbatim, as quoted, in one of this event's reports (`None` for a
    /// report that is not one of them: see [`Event::sources`]).
    pub fn quote(&self, a: &Attribution) -> Option<&str> {
        self.part(self.start_of(a)?, a.quote_len)
    }

    /// The reporting text's words about what the source said (reported speech), verbatim, in
    /// one of this event's reports.
    pub fn paraphrase(&self, a: &Attribution) -> Option<&str> {
        let quoted = if a.quote_len == NONE { 0 } else { a.quote_len };
        self.part(self.start_of(a)?.saturating_add(quoted), a.paraphrase_len)
    }

    /// Its parts, to make another event from.
    pub fn parts(&self) -> EventParts {
        EventParts {
            id: self.id().to_string(),
            when: self.when.clone(),
            kind: self.kind,
            title: self.title().to_string(),
            summary: self.summary().map(str::to_string),
            place: self.place.clone(),
            actors: self.actors.clone(),
            quantities: self.quantities.clone(),
            sources: self
                .sources()
                .iter()
                .map(|a| Report {
                    source: a.source.clone(),
                    speaker: a.speaker.clone(),
                    quote: self.quote(a).map(str::to_string),
                    paraphrase: self.paraphrase(a).map(str::to_string),
                    via: a.via.clone(),
                })
                .collect(),
        }
    }

    /// Whether `source` itself reports this event (not merely relays another's words: `via`).
    pub fn reported_by(&self, source: &str) -> bool {
        self.sources().iter().any(|a| &*a.source == source)
    }
}

/// Alike when their texts, laid out alike, their reports and the rest of them are.
impl PartialEq for Event {
    fn eq(&self, other: &Event) -> bool {
        self.texts() == other.texts()
            && self.ends == other.ends
            && self.has_summary == other.has_summary
            && self.sources() == other.sources()
            && self.when == other.when
            && self.kind == other.kind
            && self.place == other.place
            && self.actors == other.actors
            && self.quantities == other.quantities
    }
}

impl std::fmt::Debug for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Event")
            .field("id", &self.id())
            .field("when", &self.when)
            .field("kind", &self.kind)
            .field("title", &self.title())
            .field("summary", &self.summary())
            .field("place", &self.place)
            .field("actors", &self.actors)
            .field("quantities", &self.quantities)
            .field("sources", &self.parts().sources)
            .finish()
    }
}

/// As its fields: id, when, kind, title, summary, place, actors, quantities, and sources, each
/// with its source, speaker, quote, paraphrase and via.
impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Event", 9)?;
        st.serialize_field("id", self.id())?;
        st.serialize_field("when", &self.when)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("title", self.title())?;
        st.serialize_field("summary", &self.summary())?;
        st.serialize_field("place", &self.place)?;
        st.serialize_field("actors", &self.actors)?;
        st.serialize_field("quantities", &self.quantities)?;
        let sources: Vec<Report> = self.parts().sources;
        st.serialize_field("sources", &sources)?;
        st.end()
    }
}

impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Attribution", 5)?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("speaker", &self.speaker)?;
        st.serialize_field("quote", &self.quote)?;
        st.serialize_field("paraphrase", &self.paraphrase)?;
        st.serialize_field("via", &self.via)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A million events are held: a byte an event is a megabyte.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn an_event_a_claim_and_a_report_take_what_they_are_said_to() {
        assert_eq!(std::mem::size_of::<Event>(), 88);
        assert_eq!(std::mem::size_of::<Attribution>(), 32);
        assert_eq!(std::mem::size_of::<crate::model::Claim>(), 144);
    }

    #[test]
    fn an_event_of_more_reports_than_it_can_count_is_refused() {
        let many = (0..=u16::MAX as usize)
            .map(|_| report("s", None, None))
            .collect();
        assert_eq!(Event::new(parts(None, many)), Err(TooLong::Reports));
        let most = (0..u16::MAX as usize)
            .map(|_| report("s", None, None))
            .collect();
        let made = Event::new(parts(None, most)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(made.sources().len(), u16::MAX as usize);
    }

    fn report(source: &str, quote: Option<&str>, paraphrase: Option<&str>) -> Report {
        Report {
            source: Name::from(source),
            speaker: None,
            quote: quote.map(str::to_string),
            paraphrase: paraphrase.map(str::to_string),
            via: Some(Name::from("via")),
        }
    }

    fn parts(summary: Option<&str>, sources: Vec<Report>) -> EventParts {
        EventParts {
            id: "e1".into(),
            when: When::parse("2017-10-17").unwrap_or_else(|e| panic!("{e}")),
            kind: EventKind::Statement,
            title: "Raqqa is liberated".into(),
            summary: summary.map(str::to_string),
            place: None,
            actors: NameList::from(vec![Name::from("SDF")]),
            quantities: MeasureList::default(),
            sources,
        }
    }

    #[test]
    fn each_text_reads_back_apart_from_the_one_allocation() {
        let sources = vec![
            report("a", Some("“fully liberated”"), None),
            report("b", None, Some("more than 90 percent")),
            report("c", Some(""), Some("some 100")),
            report("d", None, None),
        ];
        for summary in [None, Some(""), Some("The SDF said…")] {
            let given = parts(summary, sources.clone());
            let e = Event::new(given.clone()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                (e.id(), e.title(), e.summary()),
                ("e1", "Raqqa is liberated", summary)
            );
            let words: Vec<_> = e
                .sources()
                .iter()
                .map(|a| (&*a.source, e.quote(a), e.paraphrase(a)))
                .collect();
            assert_eq!(
                words,
                vec![
                    ("a", Some("“fully liberated”"), None),
                    ("b", None, Some("more than 90 percent")),
                    ("c", Some(""), Some("some 100")),
                    ("d", None, None),
                ]
            );
            assert_eq!(e.parts().sources, given.sources);
            assert_eq!(Event::new(e.parts()), Ok(e));
        }
    }

    #[test]
    fn texts_laid_out_otherwise_are_refused() {
        let rest = || Rest {
            when: When::parse("2017").unwrap_or_else(|e| panic!("{e}")),
            kind: EventKind::Other,
            place: None,
            actors: NameList::default(),
            quantities: MeasureList::default(),
        };
        let said = |quote| Attribution::in_text(Name::from("s"), None, None, quote, None);
        let made = |header, sources| {
            let mut block = EventBlock::with_capacity(1, 0);
            for p in ["e", "title", "q"] {
                block.text().push(Some(p));
            }
            let id = block.add(header, sources, rest()).map(str::to_string);
            // Refused, the texts are taken back; made, the event has them.
            let events = block.finish();
            assert_eq!(events.len(), usize::from(id.is_some()));
            assert!(events.iter().all(|e| e.title() == "title"));
            id
        };
        assert!(made([Some(1), Some(5), None], vec![said(Some(1))]).is_some());
        // Reports' words that do not end the texts, or go past them.
        assert!(made([Some(1), Some(5), None], vec![said(Some(2))]).is_none());
        assert!(made([Some(1), Some(4), None], vec![said(Some(1))]).is_none());
        assert!(made([Some(1), Some(5), None], Vec::new()).is_none());
        // No id, or no title.
        assert!(made([None, Some(6), None], vec![said(Some(1))]).is_none());
        assert!(made([Some(6), None, None], vec![said(Some(1))]).is_none());
        // A header longer than the texts.
        assert!(made([Some(1), Some(5), Some(9)], Vec::new()).is_none());
    }
}
