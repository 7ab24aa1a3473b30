//! `fogline list`: the timeline on stdout, one line per event.

use std::io::Write;
use std::path::PathBuf;

use crate::load::sanitize::shown;
use crate::model::Event;

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
            serde_json::to_writer_pretty(&mut out, &events).map_err(std::io::Error::other)?;
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
