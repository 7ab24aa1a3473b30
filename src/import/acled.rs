//! ACLED exports: one row per event, as the ACLED export tool and API write them.
//!
//! - `event_date` in any of the forms exports use (`2017-10-18`, `18 October 2017`,
//!   `18-Oct-17`), with `time_precision`: 1 the day itself, 2 a week around the recorded date
//!   (written `2017-10-15~/2017-10-21~`), 3 the month (`2017-10`).
//! - `event_type` / `sub_event_type` → [`EventKind`]; `actor1`, `assoc_actor_1`, `actor2`,
//!   `assoc_actor_2` → actors; `location`, `admin1`, `admin2`, `country`, `latitude`, `longitude`
//!   → place; `notes` → summary; `source` (split on `;`) → sources cited through ACLED.
//! - `fatalities` → "killed: at least N": ACLED records the lowest figure its sources report.

use chrono::{Days, NaiveDate};

use super::columns::{Column, optional, required};
use super::row::{Row, parse_degrees};
use super::sources::{SourceBook, slug};
use super::{Converted, join_nonempty};
use crate::model::{EventKind, EventParts, Measure, Place, Quantity, Source, SourceKind, When};

/// The id of ACLED as a source.
pub const SOURCE_ID: &str = "acled";

/// The columns read, by the names ACLED gives them.
pub const COLUMNS: [Column; 19] = [
    required(&["event_id_cnty"]),
    required(&["event_date"]),
    optional(&["time_precision"]),
    required(&["event_type"]),
    optional(&["sub_event_type"]),
    optional(&["actor1"]),
    optional(&["assoc_actor_1"]),
    optional(&["actor2"]),
    optional(&["assoc_actor_2"]),
    optional(&["country"]),
    optional(&["admin1"]),
    optional(&["admin2"]),
    optional(&["location"]),
    optional(&["latitude"]),
    optional(&["longitude"]),
    optional(&["source"]),
    optional(&["notes"]),
    optional(&["fatalities"]),
    optional(&["timestamp"]),
];
const ID: usize = 0;
const DATE: usize = 1;
const PRECISION: usize = 2;
const TYPE: usize = 3;
const SUB_TYPE: usize = 4;
const ACTOR1: usize = 5;
const ASSOC1: usize = 6;
const ACTOR2: usize = 7;
const ASSOC2: usize = 8;
const COUNTRY: usize = 9;
const ADMIN1: usize = 10;
const ADMIN2: usize = 11;
const LOCATION: usize = 12;
const LATITUDE: usize = 13;
const LONGITUDE: usize = 14;
const SOURCES: usize = 15;
const NOTES: usize = 16;
const FATALITIES: usize = 17;
const TIMESTAMP: usize = 18;

/// Columns only ACLED has, to recognise its header.
pub const MARKS: [&str; 2] = ["event_id_cnty", "event_date"];

/// What a measure of fatalities is called, saying how ACLED counts.
pub const KILLED: &str = "killed (lowest reported figure)";

/// ACLED as a source.
pub fn source() -> Source {
    Source {
        id: SOURCE_ID.to_string(),
        name: "ACLED (Armed Conflict Location & Event Data)".to_string(),
        kind: SourceKind::Dataset,
        speakers: Vec::new(),
        reliability: None,
        url: Some("https://acleddata.com".to_string()),
        description: Some(
            "Curated event dataset. Its fatality counts are the lowest figure its sources report; \
             time precision 2 and 3 mean the date is known only to a week or a month."
                .to_string(),
        ),
    }
}

/// Reads one row; `None` when it has problems (in `row.problems`).
pub fn event(row: &mut Row, book: &mut SourceBook) -> Option<Converted> {
    let id = row.required(ID, "the event's id, e.g. SYR101631");
    let date = row.required(DATE, "a date");
    let date = date.and_then(|d| {
        let parsed = parse_date(&d);
        if parsed.is_none() {
            row.bad(DATE, "a date as 2017-10-18, 18 October 2017 or 18-Oct-17");
        }
        parsed
    });
    let precision = row.parse(PRECISION, "1 (day), 2 (week) or 3 (month)", |t| {
        t.parse::<u8>().ok().filter(|p| (1..=3).contains(p))
    });
    let event_type = row.required(TYPE, "an ACLED event type, e.g. Battles");
    let sub_type = row.text(SUB_TYPE);
    let mut actors = Vec::new();
    for (column, several) in [
        (ACTOR1, false),
        (ASSOC1, true),
        (ACTOR2, false),
        (ASSOC2, true),
    ] {
        let Some(text) = row.text(column) else {
            continue;
        };
        let names: Vec<String> = if several {
            split_list(&text)
        } else {
            vec![text]
        };
        for name in names {
            if !actors.contains(&name) {
                actors.push(name);
            }
        }
    }
    let lat = row.parse(LATITUDE, "a latitude in degrees, -90 to 90", |t| {
        parse_degrees(t, 90.0)
    });
    let lon = row.parse(LONGITUDE, "a longitude in degrees, -180 to 180", |t| {
        parse_degrees(t, 180.0)
    });
    let (country, admin1, admin2) = (row.text(COUNTRY), row.text(ADMIN1), row.text(ADMIN2));
    let location = row.text(LOCATION);
    let fatalities = row.count(FATALITIES);
    let version = row.parse(TIMESTAMP, "a Unix time in seconds", |t| {
        t.parse::<u64>().ok()
    });
    let notes = row.long_text(NOTES);
    let cited = row
        .text(SOURCES)
        .map(|s| split_list(&s))
        .unwrap_or_default();

    let when = when(date?, precision.unwrap_or(1))?;
    let (id, event_type) = (id?, event_type?);
    if !row.problems.is_empty() {
        return None;
    }
    let kind = kind(&event_type, sub_type.as_deref().unwrap_or(""));
    let place_name = location
        .clone()
        .or_else(|| admin2.clone())
        .or_else(|| admin1.clone());
    let title = title(
        sub_type.as_deref().unwrap_or(&event_type),
        &actors,
        place_name.as_deref(),
    );
    let place = place_name.map(|name| {
        book.place(Place {
            name,
            admin1,
            admin2,
            country,
            coordinates: lat.zip(lon),
        })
    });
    let actors: Vec<_> = actors.iter().map(|a| book.name(a)).collect();
    let quantities: Vec<_> = fatalities
        .map(|n| Measure {
            what: book.name(KILLED),
            value: Quantity::AtLeast { value: n as f64 },
        })
        .into_iter()
        .collect();
    let sources = book.attributions(SOURCE_ID, cited.into_iter().map(|name| (name, None)));
    let event = EventParts {
        id: event_id(&id),
        when,
        kind,
        title,
        summary: notes,
        place,
        actors: book.list(actors),
        quantities: book.measures(quantities),
        sources,
    };
    Some(Converted { event, version })
}

/// `acled-SYR101631`; an id with other characters is made into a slug.
fn event_id(id: &str) -> String {
    if id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        format!("acled-{id}")
    } else {
        format!("acled-{}", slug(id))
    }
}

/// An ACLED date in any form its exports use.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    [
        "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%b-%y", "%d-%B-%Y", "%d-%b-%Y",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
}

/// The date as ACLED's time precision allows: the day, a week around it, or its month.
pub fn when(date: NaiveDate, precision: u8) -> Option<When> {
    let text = match precision {
        2 => {
            let start = date.checked_sub_days(Days::new(3))?;
            let end = date.checked_add_days(Days::new(3))?;
            format!("{}~/{}~", start.format("%Y-%m-%d"), end.format("%Y-%m-%d"))
        }
        3 => date.format("%Y-%m").to_string(),
        _ => return When::day(date),
    };
    When::parse(&text).ok()
}

/// ACLED's event and sub-event types as fogline kinds.
pub fn kind(event_type: &str, sub_type: &str) -> EventKind {
    let (t, s) = (
        event_type.to_ascii_lowercase(),
        sub_type.to_ascii_lowercase(),
    );
    match (t.as_str(), s.as_str()) {
        ("battles", s) if s.contains("territory") => EventKind::ChangeOfControl,
        ("battles", _) => EventKind::ArmedClash,
        (_, "air/drone strike") => EventKind::Airstrike,
        (_, "shelling/artillery/missile attack") => EventKind::Shelling,
        (_, "remote explosive/landmine/ied" | "grenade") => EventKind::ExplosiveDevice,
        (_, "suicide bomb") => EventKind::SuicideBomb,
        ("violence against civilians", _) => EventKind::AttackOnCivilians,
        (_, "agreement") => EventKind::Pause,
        (_, "arrests") => EventKind::Arrest,
        (_, "non-violent transfer of territory") => EventKind::ChangeOfControl,
        ("protests", _) => EventKind::Protest,
        ("riots", _) => EventKind::Riot,
        _ => EventKind::Other,
    }
}

fn title(what: &str, actors: &[String], place: Option<&str>) -> String {
    let who = join_nonempty(actors.iter().take(2).map(String::as_str), " vs ");
    let mut title = what.to_string();
    if !who.is_empty() {
        title.push_str(": ");
        title.push_str(&who);
    }
    if let Some(place) = place {
        title.push_str(" in ");
        title.push_str(place);
    }
    title
}

/// `a; b;c` → `[a, b, c]`.
fn split_list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_date_form_seen_in_exports_reads_the_same() {
        let day = NaiveDate::from_ymd_opt(2017, 10, 18);
        for text in ["2017-10-18", "18 October 2017", "18-Oct-17", "18 Oct 2017"] {
            assert_eq!(parse_date(text), day, "{text}");
        }
        assert_eq!(parse_date("18/10/2017"), None);
        assert_eq!(parse_date("31 September 2017"), None);
    }

    #[test]
    fn time_precision_widens_the_date() {
        let d = NaiveDate::from_ymd_opt(2017, 10, 18).unwrap_or_default();
        let week = when(d, 2).unwrap_or_else(|| panic!("week"));
        assert_eq!(week.text(), "2017-10-15~/2017-10-21~");
        assert_eq!(week.earliest(), NaiveDate::from_ymd_opt(2017, 10, 15));
        let month = when(d, 3).unwrap_or_else(|| panic!("month"));
        assert_eq!(month.text(), "2017-10");
        assert_eq!(month.latest(), NaiveDate::from_ymd_opt(2017, 10, 31));
        assert_eq!(
            when(d, 1).map(|w| w.text().to_string()).as_deref(),
            Some("2017-10-18")
        );
    }

    #[test]
    fn types_map_to_kinds() {
        assert_eq!(kind("Battles", "Armed clash"), EventKind::ArmedClash);
        assert_eq!(
            kind("Battles", "Government regains territory"),
            EventKind::ChangeOfControl
        );
        assert_eq!(
            kind("Explosions/Remote violence", "Air/drone strike"),
            EventKind::Airstrike
        );
        assert_eq!(
            kind(
                "Violence against civilians",
                "Abduction/forced disappearance"
            ),
            EventKind::AttackOnCivilians
        );
        assert_eq!(
            kind("Strategic developments", "Agreement"),
            EventKind::Pause
        );
        assert_eq!(kind("Strategic developments", "Other"), EventKind::Other);
        assert_eq!(kind("Protests", "Peaceful protest"), EventKind::Protest);
    }
}
