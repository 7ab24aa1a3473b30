//! `fogline check`: validate and report.

use std::io::Write;
use std::path::PathBuf;

use crate::load::diagnostic::summary;
use crate::query::{Standing, subject_rows};

use crate::load::Loaded;

use super::{EXIT_DATA, Setup, alongside, load, report};

pub fn run(paths: &[PathBuf], setup: &Setup) -> std::io::Result<u8> {
    let (loaded, unstored) = load(paths, setup);
    report(&loaded, setup.color)?;
    let problems = summary(&loaded.diagnostics);
    let files = match loaded.files.len() {
        1 => "1 file".to_string(),
        n => format!("{n} files"),
    };
    if loaded.has_errors() {
        writeln!(std::io::stderr(), "{files} checked: {problems}")?;
        return Ok(EXIT_DATA);
    }
    let d = &loaded.dataset;
    alongside(paths, setup, d, unstored, || {
        summarize(&loaded, &files, &problems)
    })?;
    super::release(loaded.dataset);
    Ok(0)
}

/// The line saying what was checked.
fn summarize(loaded: &Loaded, files: &str, problems: &str) -> std::io::Result<()> {
    let d = &loaded.dataset;
    let contradicted = subject_rows(d)
        .iter()
        .filter(|r| r.standing == Standing::Contradicted)
        .count();
    let cached = if loaded.from_cache {
        " (unchanged since checked: read from the cache)"
    } else {
        ""
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{files} checked{cached}: {problems}. {} sources, {} events, {} claims on {} subjects ({} contradicted).",
        d.sources.len(),
        d.events.len(),
        d.claims.len(),
        d.subjects.len(),
        contradicted
    )
}
