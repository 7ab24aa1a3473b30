//! `fogline list`: the timeline on stdout, one line per event.

use std::io::Write;
use std::path::PathBuf;

use crate::load::diagnostic::summary;
use crate::load::sanitize::shown;
use crate::model::Event;

use super::{EXIT_DATA, EXIT_USAGE, FilterArgs, Format, filter_from_args, load, report};

pub fn run(
    paths: &[PathBuf],
    args: &FilterArgs,
    format: Format,
    color: bool,
) -> std::io::Result<u8> {
    let filter = match filter_from_args(args) {
        Ok(f) => f,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(EXIT_USAGE);
        }
    };
    let loaded = load(paths);
    report(&loaded, color)?;
    if loaded.has_errors() {
        eprintln!(
            "{}; run `fogline check` for details, fix the data, and try again",
            summary(&loaded.diagnostics)
        );
        return Ok(EXIT_DATA);
    }
    if let Err(e) = filter.check(&loaded.dataset) {
        eprintln!("error: {e}\n  help: {}", e.help);
        return Ok(EXIT_USAGE);
    }
    let events = filter.apply(&loaded.dataset);
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
