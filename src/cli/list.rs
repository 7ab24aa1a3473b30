//! `fogline list`: the timeline on stdout, one line per event.

use std::io::Write;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::load::sanitize::shown;
use crate::model::{Dataset, Event, Quantity};
use crate::query::same::{PlaceMatch, SameIndex};

use super::{FilterArgs, Format, filtered};

pub fn run(
    paths: &[PathBuf],
    args: &FilterArgs,
    format: Format,
    other_reports: bool,
    setup: &super::Setup,
) -> std::io::Result<u8> {
    if other_reports && format != Format::Json {
        eprintln!("error: --other-reports goes with --format json\n  help: add --format json");
        return Ok(super::EXIT_USAGE);
    }
    let (dataset, filter, unstored) = match filtered(paths, args, setup)? {
        Ok(ok) => ok,
        Err(code) => return Ok(code),
    };
    let print = || -> std::io::Result<()> {
        let events = filter.apply(&dataset);
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        match format {
            Format::Json if other_reports => write_with_other_reports(&mut out, &dataset, &events)?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut out, &events).map_err(std::io::Error::other)?;
                writeln!(out)?;
            }
            Format::Text => write_lines(&mut out, &events)?,
        }
        out.flush()
    };
    super::alongside(paths, setup, &dataset, unstored, print)?;
    super::release(dataset);
    Ok(0)
}

/// One line per event: date, kind, title, sources, in aligned columns. The lines are made on
/// every core, a round of chunks at a time, and written in order.
fn write_lines(out: &mut impl Write, events: &[&Event]) -> std::io::Result<()> {
    const CHUNK: usize = 2048;
    const ROUND: usize = 16;
    // The dates are worked out once, a text per chunk: the widest sets the column.
    let dated: Vec<Dated<'_>> = events.par_chunks(CHUNK).map(Dated::of).collect();
    let w0 = dated.iter().map(|d| d.width).max().unwrap_or(0);
    let w1 = events
        .iter()
        .map(|e| e.kind.label().chars().count())
        .max()
        .unwrap_or(0);
    for round in dated.chunks(ROUND) {
        let made: Vec<std::io::Result<Vec<u8>>> =
            round.par_iter().map(|d| d.lines(w0, w1)).collect();
        for lines in made {
            out.write_all(&lines?)?;
        }
    }
    Ok(())
}

/// `text`, then spaces up to `width` characters.
fn padded(out: &mut Vec<u8>, text: &str, width: usize) {
    out.extend_from_slice(text.as_bytes());
    let short = width.saturating_sub(text.chars().count());
    out.resize(out.len() + short, b' ');
}

/// A chunk of events with their dates written out.
struct Dated<'a> {
    events: &'a [&'a Event],
    /// The dates one after another, each ending at its offset in `ends`.
    dates: String,
    ends: Vec<usize>,
    /// The widest date, in characters.
    width: usize,
}

impl<'a> Dated<'a> {
    fn of(events: &'a [&'a Event]) -> Dated<'a> {
        let mut dates = String::new();
        let mut ends = Vec::with_capacity(events.len());
        let mut width = 0;
        for e in events {
            let start = dates.len();
            e.when.push_human(&mut dates);
            width = width.max(dates[start..].chars().count());
            ends.push(dates.len());
        }
        Dated {
            events,
            dates,
            ends,
            width,
        }
    }

    /// The chunk's lines, with dates `w0` and kinds `w1` characters wide.
    fn lines(&self, w0: usize, w1: usize) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.dates.len() + self.events.len() * 96);
        let mut start = 0;
        for (e, &end) in self.events.iter().zip(&self.ends) {
            let date = &self.dates[start..end];
            start = end;
            // Titles are one line already; `shown` guards the promise of one line per event.
            let title = shown(e.title(), 200);
            // As `{date:<w0$}  {kind:<w1$}  {title}  [` would write it, without the formatting
            // machinery (a tenth of `list` from the snapshot at 1M).
            let kind = e.kind.label();
            padded(&mut out, date, w0);
            out.extend_from_slice(b"  ");
            padded(&mut out, kind, w1);
            out.extend_from_slice(b"  ");
            out.extend_from_slice(title.as_bytes());
            out.extend_from_slice(b"  [");
            let mut last = None;
            for a in e.sources() {
                // Consecutive repeats once, as before.
                if last != Some(&*a.source) {
                    if last.is_some() {
                        out.extend_from_slice(b", ");
                    }
                    out.extend_from_slice(a.source.as_bytes());
                    last = Some(&*a.source);
                }
            }
            out.extend_from_slice(b"]\n");
        }
        Ok(out)
    }
}

/// An event as `list --format json` gives it: its fields, and the other reports of the same
/// happening (when there are any).
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    event: &'a Event,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    other_reports: Vec<OtherJson<'a>>,
}

#[derive(Serialize)]
struct OtherJson<'a> {
    id: &'a str,
    sources: Vec<&'a str>,
    place_match: String,
    disagrees: bool,
    quantities: Vec<PairJson<'a>>,
}

#[derive(Serialize)]
struct PairJson<'a> {
    what: &'a str,
    ours: &'a Quantity,
    theirs: &'a Quantity,
    theirs_what: &'a str,
    agree: bool,
}

/// A JSON array of the events, each with its other reports, written one event at a time (the
/// reports of all events at once would not fit in memory on dense data).
fn write_with_other_reports(
    out: &mut impl Write,
    dataset: &Dataset,
    events: &[&Event],
) -> std::io::Result<()> {
    let index = SameIndex::new(dataset);
    out.write_all(b"[")?;
    for (n, &event) in events.iter().enumerate() {
        let others = dataset
            .position(event)
            .map(|i| index.first_reports(dataset, i, crate::query::same::MAX_REPORTS))
            .unwrap_or_default();
        let listed = Listed {
            event,
            other_reports: others
                .iter()
                .map(|o| OtherJson {
                    id: o.event.id(),
                    sources: o.event.sources().iter().map(|a| &*a.source).collect(),
                    place_match: match &o.place {
                        PlaceMatch::Near(km) => format!("{km:.1} km apart"),
                        PlaceMatch::Named(a, b) => format!("{a} = {b}"),
                    },
                    disagrees: o.disagrees(),
                    quantities: o
                        .pairs
                        .iter()
                        .map(|p| PairJson {
                            what: p.what,
                            ours: &p.ours.value,
                            theirs: &p.theirs.value,
                            theirs_what: &p.theirs.what,
                            agree: p.agree,
                        })
                        .collect(),
                })
                .collect(),
        };
        out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer_pretty(&mut *out, &listed).map_err(std::io::Error::other)?;
    }
    out.write_all(b"\n]\n")
}
