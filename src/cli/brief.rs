//! `fogline brief`: a briefing on stdout or in a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::export::{self, write::write_atomic};
use crate::load::diagnostic::summary;
use crate::query::Selection;

use super::{BriefFormat, EXIT_DATA, EXIT_USAGE, FilterArgs, filter_from_args, load, report};

pub fn run(
    paths: &[PathBuf],
    args: &FilterArgs,
    output: Option<&Path>,
    force: bool,
    format: BriefFormat,
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
    let selection = Selection::filtered(&loaded.dataset, &filter);
    let format = match format {
        BriefFormat::Markdown => export::BriefFormat::Markdown,
        BriefFormat::Json => export::BriefFormat::Json,
        BriefFormat::Timelinejs => export::BriefFormat::TimelineJs,
    };
    let text = export::render(&loaded.dataset, &selection, &filter, format, false);
    match output {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
        Some(path) => {
            if let Err(e) = write_atomic(path, text.as_bytes(), force) {
                eprintln!("error: {e}\n  help: {}", e.hint());
                return Ok(EXIT_DATA);
            }
            eprintln!(
                "wrote {} ({} events, {} claims)",
                path.display(),
                selection.events.len(),
                selection.claims.len()
            );
        }
    }
    Ok(0)
}
