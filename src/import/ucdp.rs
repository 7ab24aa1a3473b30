//! UCDP Georeferenced Event Dataset (GED) exports: one row per event of organised violence with
//! at least one death.
//!
//! - `date_start` / `date_end` are the earliest and latest possible days; `date_prec` says how
//!   precisely the event is dated (1 the day, 2 two to six days, 3 a week, 4 a month, 5 a year).
//!   Different days → the interval between them; the same day at a precision coarser than 1 → the
//!   span the precision stands for (a week around it, its month, its year).
//! - `type_of_violence`: 1 state-based and 2 non-state conflict → armed clash, 3 one-sided
//!   violence → attack on civilians. `side_a` / `side_b` → actors.
//! - `low` / `best` / `high` (also `low_est`, `best_est`, `high_est`) → "killed" as a range with a
//!   best estimate.
//! - `source_office` (split on `;`, each with its `source_headline` as its words when the two
//!   lists match) — or, without it, the outlets and headlines of `source_article` — and
//!   `source_original` → sources cited through UCDP.
//! - `where_coordinates` (or `where_description`), `adm_1`, `adm_2`, `country`, `latitude`,
//!   `longitude` → place.

use chrono::{Days, NaiveDate};

use super::columns::{Column, optional, required};
use super::row::{Row, parse_degrees};
use super::sources::SourceBook;
use super::{Converted, join_nonempty};
use crate::model::{EventKind, EventParts, Measure, Place, Quantity, Source, SourceKind, When};

/// The id of UCDP GED as a source.
pub const SOURCE_ID: &str = "ucdp-ged";

/// The 49 columns of GED 23.1 in order: the layout of files without a header row.
pub const GED_231_HEADER: [&str; 49] = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
];

/// The columns read, by the names UCDP gives them.
pub const COLUMNS: [Column; 24] = [
    required(&["id"]),
    optional(&["relid"]),
    optional(&["type_of_violence"]),
    optional(&["conflict_name"]),
    optional(&["dyad_name"]),
    optional(&["side_a"]),
    optional(&["side_b"]),
    optional(&["source_article"]),
    optional(&["source_office"]),
    optional(&["source_headline"]),
    optional(&["source_original"]),
    optional(&["where_coordinates"]),
    optional(&["where_description"]),
    optional(&["adm_1"]),
    optional(&["adm_2"]),
    optional(&["latitude"]),
    optional(&["longitude"]),
    optional(&["country"]),
    optional(&["date_prec"]),
    required(&["date_start"]),
    required(&["date_end"]),
    required(&["best", "best_est"]),
    optional(&["low", "low_est"]),
    optional(&["high", "high_est"]),
];
const ID: usize = 0;
const RELID: usize = 1;
const VIOLENCE: usize = 2;
const CONFLICT: usize = 3;
const DYAD: usize = 4;
const SIDE_A: usize = 5;
const SIDE_B: usize = 6;
const ARTICLE: usize = 7;
const OFFICE: usize = 8;
const HEADLINE: usize = 9;
const ORIGINAL: usize = 10;
const WHERE: usize = 11;
const WHERE_DESCRIPTION: usize = 12;
const ADM1: usize = 13;
const ADM2: usize = 14;
const LATITUDE: usize = 15;
const LONGITUDE: usize = 16;
const COUNTRY: usize = 17;
const PRECISION: usize = 18;
const START: usize = 19;
const END: usize = 20;
const BEST: usize = 21;
const LOW: usize = 22;
const HIGH: usize = 23;

/// Columns only UCDP GED has, to recognise its header.
pub const MARKS: [&str; 3] = ["date_start", "date_end", "side_a"];

/// UCDP GED as a source.
pub fn source() -> Source {
    Source {
        id: SOURCE_ID.to_string(),
        name: "UCDP Georeferenced Event Dataset".to_string(),
        kind: SourceKind::Dataset,
        speakers: Vec::new(),
        reliability: None,
        url: Some("https://ucdp.uu.se".to_string()),
        description: Some(
            "Uppsala Conflict Data Program: events of organised violence with at least one death, \
             with low, best and high estimates of deaths. Cite Sundberg & Melander (2013), \
             Journal of Peace Research 50(4)."
                .to_string(),
        ),
    }
}

/// Reads one row; `None` when it has problems (in `row.problems`).
pub fn event(row: &mut Row, book: &mut SourceBook) -> Option<Converted> {
    let id = row.required(ID, "the event's id, e.g. 247964");
    let relid = row.text(RELID);
    let violence = row.parse(
        VIOLENCE,
        "1 (state-based), 2 (non-state) or 3 (one-sided)",
        |t| t.parse::<u8>().ok().filter(|v| (1..=3).contains(v)),
    );
    let conflict = row.text(CONFLICT);
    let dyad = row.text(DYAD);
    let sides: Vec<String> = [row.text(SIDE_A), row.text(SIDE_B)]
        .into_iter()
        .flatten()
        .collect();
    let articles = row
        .long_text(ARTICLE)
        .map(|t| articles(&t))
        .unwrap_or_default();
    let offices = row.text(OFFICE).map(|t| split_list(&t)).unwrap_or_default();
    let headlines = row
        .long_text(HEADLINE)
        .map(|t| split_list(&t))
        .unwrap_or_default();
    let originals = row
        .long_text(ORIGINAL)
        .map(|t| {
            t.split([';', ',', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty() && !s.ends_with(':'))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let place_name = row.text(WHERE);
    let description = row.text(WHERE_DESCRIPTION);
    let (adm1, adm2, country) = (row.text(ADM1), row.text(ADM2), row.text(COUNTRY));
    let lat = row.parse(LATITUDE, "a latitude in degrees, -90 to 90", |t| {
        parse_degrees(t, 90.0)
    });
    let lon = row.parse(LONGITUDE, "a longitude in degrees, -180 to 180", |t| {
        parse_degrees(t, 180.0)
    });
    let precision = row.parse(PRECISION, "a date precision from 1 to 5", |t| {
        t.parse::<u8>().ok().filter(|p| (1..=5).contains(p))
    });
    let date = |row: &mut Row, column| {
        row.required(column, "a date as YYYY-MM-DD")?;
        row.parse(column, "a date as YYYY-MM-DD", parse_date)
    };
    let (start, end) = (date(row, START), date(row, END));
    let best = match row.required(BEST, "the best estimate of deaths") {
        Some(_) => row.count(BEST),
        None => None,
    };
    let (low, high) = (row.count(LOW), row.count(HIGH));
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        row.bad(END, "a day on or after date_start");
    }
    // UCDP's own releases hold a few rows whose best estimate lies outside low–high: keep the
    // row, widen the range to hold the best estimate, and say so.
    let (low, high) = match (best, low, high) {
        (Some(b), l, h) if l.is_some_and(|l| l > b) || h.is_some_and(|h| h < b) => {
            let (l, h) = (l.unwrap_or(b).min(b), h.unwrap_or(b).max(b));
            row.note(
                BEST,
                format!(
                    "the best estimate {b} is outside low {} – high {}; the range was widened to {l}–{h}",
                    low.unwrap_or(b),
                    high.unwrap_or(b)
                ),
                "this is how the row is in the export; check the provider's newer release",
            );
            (Some(l), Some(h))
        }
        _ => (low, high),
    };
    let when = when(start?, end?, precision.unwrap_or(1));
    let (id, best) = (id?, best?);
    if !row.problems.is_empty() {
        return None;
    }
    let when = when?;
    let kind = match violence {
        Some(3) => EventKind::AttackOnCivilians,
        _ => EventKind::ArmedClash,
    };
    let violence_label = match violence {
        Some(1) => "State-based conflict",
        Some(2) => "Non-state conflict",
        Some(3) => "One-sided violence",
        _ => "Organised violence",
    };
    let place_name = place_name
        .or_else(|| description.clone())
        .or_else(|| adm2.clone())
        .or_else(|| adm1.clone());
    let who = dyad
        .clone()
        .unwrap_or_else(|| join_nonempty(sides.iter().map(String::as_str), " - "));
    let mut title = violence_label.to_string();
    if !who.is_empty() {
        title.push_str(": ");
        title.push_str(&who);
    }
    if let Some(p) = &place_name {
        title.push_str(" in ");
        title.push_str(p);
    }
    let summary = summary(
        &id,
        relid.as_deref(),
        conflict.as_deref(),
        description.as_deref(),
        precision,
    );
    let place = place_name.map(|name| {
        book.place(Place {
            name,
            admin1: adm1,
            admin2: adm2,
            country,
            coordinates: lat.zip(lon),
        })
    });
    let value = match (low, high) {
        (None, None) => Quantity::Exact { value: best as f64 },
        (l, h) => Quantity::Range {
            low: l.unwrap_or(best) as f64,
            high: h.unwrap_or(best) as f64,
            best: Some(best as f64),
        },
    };
    // A headline belongs to an office only when the two lists line up.
    let paired = headlines.len() == offices.len();
    let mut cited: Vec<(String, Option<String>)> = offices
        .into_iter()
        .enumerate()
        .filter(|(_, office)| !office.is_empty())
        .map(|(i, office)| (office, paired.then(|| headlines[i].clone())))
        .collect();
    // Without offices, the article citations name the outlets (and their headlines).
    if cited.is_empty() {
        cited = articles;
    }
    cited.extend(originals.into_iter().map(|o| (o, None)));
    let sources = book.attributions(SOURCE_ID, cited);
    let event = EventParts {
        id: format!("ucdp-{}", super::sources::slug(&id)),
        when,
        kind,
        title,
        summary: Some(summary),
        place,
        actors: {
            let sides = sides.iter().map(|s| book.name(s)).collect();
            book.list(sides)
        },
        quantities: {
            let killed = vec![Measure {
                what: book.name("killed"),
                value,
            }];
            book.measures(killed)
        },
        sources,
    };
    Some(Converted {
        event,
        version: None,
    })
}

fn summary(
    id: &str,
    relid: Option<&str>,
    conflict: Option<&str>,
    where_description: Option<&str>,
    precision: Option<u8>,
) -> String {
    let mut out = format!("UCDP GED event {id}");
    if let Some(r) = relid {
        out.push_str(&format!(" ({r})"));
    }
    out.push('.');
    if let Some(c) = conflict {
        out.push_str(&format!(" Conflict: {c}."));
    }
    if let Some(w) = where_description {
        out.push_str(&format!(" Where: {w}."));
    }
    let p = precision.unwrap_or(1);
    out.push_str(&format!(" Date precision {p}: {}.", precision_label(p)));
    out
}

/// What UCDP's `date_prec` codes mean.
pub fn precision_label(p: u8) -> &'static str {
    match p {
        1 => "the exact day",
        2 => "within two to six days",
        3 => "within a week",
        4 => "within a month",
        _ => "within a year",
    }
}

/// A UCDP date (`2017-10-10`; a time after it, as some exports write, is ignored).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let day = text.trim().get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// The possible days of the event.
pub fn when(start: NaiveDate, end: NaiveDate, precision: u8) -> Option<When> {
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let text = if start != end {
        format!("{}/{}", iso(start), iso(end))
    } else {
        match precision {
            1 => return When::day(start),
            2 | 3 => format!(
                "{}~/{}~",
                iso(start.checked_sub_days(Days::new(3))?),
                iso(start.checked_add_days(Days::new(3))?)
            ),
            4 => start.format("%Y-%m").to_string(),
            _ => start.format("%Y").to_string(),
        }
    };
    When::parse(&text).ok()
}

/// The citations in `source_article`: items separated by `;` (outside double quotes), each
/// `"OUTLET,YYYY-MM-DD,HEADLINE"` or a bare `OUTLET YYYYMMDD` → (outlet, headline).
pub fn articles(text: &str) -> Vec<(String, Option<String>)> {
    let mut items = Vec::new();
    let (mut current, mut quoted) = (String::new(), false);
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ';' if !quoted => items.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    items.push(current);
    items
        .iter()
        .filter_map(|item| {
            let item = item.trim();
            let item = item
                .strip_prefix('"')
                .and_then(|i| i.strip_suffix('"'))
                .unwrap_or(item)
                .replace("\"\"", "\"");
            let mut parts = item.splitn(3, ',');
            let (outlet, date, headline) = (parts.next()?, parts.next(), parts.next());
            if let (Some(d), Some(h)) = (date, headline)
                && parse_date(d).is_some()
            {
                let h = h.trim();
                return Some((
                    outlet.trim().to_string(),
                    (!h.is_empty()).then(|| h.to_string()),
                ));
            }
            // `AFP 20111002`: the outlet, then the day.
            let words: Vec<&str> = item.split_whitespace().collect();
            let outlet = match words.split_last() {
                Some((last, rest))
                    if !rest.is_empty()
                        && last.len() == 8
                        && last.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    rest.join(" ")
                }
                _ => item.trim().to_string(),
            };
            (!outlet.is_empty()).then_some((outlet, None))
        })
        .collect()
}

/// `a;b` → `[a, b]`, kept in order and with repeats (headlines pair with offices by position).
fn split_list(text: &str) -> Vec<String> {
    text.split(';').map(|s| s.trim().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn dates_follow_start_end_and_precision() {
        let w = |s, e, p| when(s, e, p).map(|w| w.text().to_string());
        assert_eq!(
            w(day(2017, 6, 5), day(2017, 10, 10), 5).as_deref(),
            Some("2017-06-05/2017-10-10")
        );
        assert_eq!(
            w(day(2017, 9, 24), day(2017, 9, 24), 1).as_deref(),
            Some("2017-09-24")
        );
        assert_eq!(
            w(day(2017, 9, 24), day(2017, 9, 24), 3).as_deref(),
            Some("2017-09-21~/2017-09-27~")
        );
        assert_eq!(
            w(day(2017, 9, 24), day(2017, 9, 24), 4).as_deref(),
            Some("2017-09")
        );
        assert_eq!(
            w(day(2017, 9, 24), day(2017, 9, 24), 5).as_deref(),
            Some("2017")
        );
    }

    #[test]
    fn article_citations_name_outlets_and_headlines() {
        assert_eq!(articles("AFP 20111002"), vec![("AFP".to_string(), None)]);
        assert_eq!(
            articles("\"SOHR,2017-10-11,Agreement; a deal\";\"VDC,2011-12-04,Name\tX\""),
            vec![
                ("SOHR".to_string(), Some("Agreement; a deal".to_string())),
                ("VDC".to_string(), Some("Name\tX".to_string())),
            ]
        );
        assert_eq!(articles(""), vec![]);
    }

    #[test]
    fn dates_with_a_time_read_as_the_day() {
        assert_eq!(
            parse_date("2017-10-10 00:00:00.000"),
            Some(day(2017, 10, 10))
        );
        assert_eq!(parse_date("10/10/2017"), None);
        assert_eq!(parse_date("2017"), None);
    }
}
