//! `fogline list`: the timeline on stdout, one line per event.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::load::sanitize::shown;
use crate::model::{Dataset, Event, Quantity};
use crate::query::same::{PlaceMatch, SameIndex};

use super::{FilterArgs, Format, filtered};

pub fn run(
    paths: &[PathBuf],
    args: &FilterArgs,
    format: Format,
    color: bool,
) -> std::io::Result<u8> {
    let (dataset, filter) = match filtered(paths, args, color)? {
        Ok(ok) => ok,
        Err(code) => return Ok(code),
    };
    let events = filter.apply(&dataset);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        Format::Json => {
            let listed = with_other_reports(&dataset, &events);
            serde_json::to_writer_pretty(&mut out, &listed).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
        Format::Text => write_lines(&mut out, &events)?,
    }
    out.flush()?;
    Ok(0)
}

/// One line per event: date, kind, title, sources, in aligned columns.
fn write_lines(out: &mut impl Write, events: &[&Event]) -> std::io::Result<()> {
    let rows: Vec<[String; 4]> = events
        .iter()
        .map(|e| {
            let mut sources: Vec<&str> = e.sources.iter().map(|a| a.source.as_str()).collect();
            sources.dedup();
            [
                e.when.human(),
                e.kind.label().to_string(),
                // Titles are one line already; `shown` guards the promise of one line per event.
                shown(&e.title, 200),
                sources.join(", "),
            ]
        })
        .collect();
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (w0, w1) = (width(0), width(1));
    for [date, kind, title, sources] in &rows {
        writeln!(out, "{date:<w0$}  {kind:<w1$}  {title}  [{sources}]")?;
    }
    Ok(())
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

fn with_other_reports<'a>(dataset: &'a Dataset, events: &[&'a Event]) -> Vec<Listed<'a>> {
    let index = SameIndex::new(dataset);
    events
        .iter()
        .map(|&event| {
            let others = dataset
                .position(event)
                .map(|i| index.other_reports(dataset, i))
                .unwrap_or_default();
            Listed {
                event,
                other_reports: others
                    .into_iter()
                    .map(|o| OtherJson {
                        id: &o.event.id,
                        sources: o.event.sources.iter().map(|a| a.source.as_str()).collect(),
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
            }
        })
        .collect()
}
