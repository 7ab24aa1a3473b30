//! `fogline brief`: a briefing on stdout or in a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::export::{self, write::write_atomic_with};
use crate::query::Selection;

use super::{BriefFormat, EXIT_DATA, FilterArgs, filtered};

pub fn run(
    paths: &[PathBuf],
    args: &FilterArgs,
    output: Option<&Path>,
    force: bool,
    format: BriefFormat,
    setup: &super::Setup,
) -> std::io::Result<u8> {
    let (dataset, filter, unstored) = match filtered(paths, args, setup)? {
        Ok(ok) => ok,
        Err(code) => return Ok(code),
    };
    let code = super::alongside(paths, setup, &dataset, unstored, || {
        write(&dataset, &filter, output, force, format)
    })?;
    super::release(dataset);
    Ok(code)
}

/// The briefing of what `filter` keeps, to stdout or to `output`; gives the exit code.
fn write(
    dataset: &crate::model::Dataset,
    filter: &crate::query::Filter,
    output: Option<&Path>,
    force: bool,
    format: BriefFormat,
) -> std::io::Result<u8> {
    let selection = Selection::filtered(dataset, filter);
    let format = match format {
        BriefFormat::Markdown => export::BriefFormat::Markdown,
        BriefFormat::Json => export::BriefFormat::Json,
        BriefFormat::Timelinejs => export::BriefFormat::TimelineJs,
    };
    let render = |out: &mut dyn Write| {
        export::render_to(out, dataset, &selection, filter, format, false, None)
    };
    match output {
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            render(&mut out)?;
            out.flush()?;
        }
        Some(path) => {
            if let Err(e) = write_atomic_with(path, force, render) {
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
