//! `fogline import`: an ACLED or UCDP GED export written as a fogline dataset.

use std::io::Write;
use std::path::Path;

use super::args::ProviderArg;
use super::{EXIT_DATA, EXIT_USAGE};
use crate::export::write::write_atomic;
use crate::import::{self, Options, Provider};
use crate::load::{diagnostic, write::to_ron};
use crate::model::Dataset;

/// The switches of `fogline import`.
pub struct Flags {
    /// No header row (UCDP GED 23.1 layout).
    pub no_header: bool,
    /// Stop at the first bad row.
    pub strict: bool,
    /// Replace an existing output file.
    pub force: bool,
}

/// Imports `file` into `dir`/<stem>.ron.
pub fn run(
    provider: ProviderArg,
    file: &Path,
    dir: &Path,
    flags: Flags,
    color: bool,
) -> std::io::Result<u8> {
    let provider = match provider {
        ProviderArg::Acled => Provider::Acled,
        ProviderArg::Ucdp => Provider::Ucdp,
    };
    if flags.no_header && provider == Provider::Acled {
        eprintln!(
            "error: --no-header reads UCDP GED 23.1's 49 columns; ACLED exports have a header row\n  help: leave out --no-header"
        );
        return Ok(EXIT_USAGE);
    }
    let name = file.display().to_string();
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read {name}: {e}\n  help: check the path and its permissions");
            return Ok(EXIT_DATA);
        }
    };
    let imported = import::import(
        &name,
        &bytes,
        Options {
            provider: Some(provider),
            no_header: flags.no_header,
            strict: flags.strict,
        },
    );
    {
        let mut err = std::io::stderr().lock();
        err.write_all(diagnostic::render(&imported.diagnostics, color).as_bytes())?;
        err.flush()?;
    }
    if imported.has_errors() {
        if imported.rows > 0 {
            eprintln!("{}; nothing was written", imported.counts());
        } else {
            eprintln!("nothing was written");
        }
        return Ok(EXIT_DATA);
    }
    if imported.events.is_empty() {
        eprintln!(
            "error: {}; nothing was written\n  help: the file has a header but no rows that could be imported",
            imported.counts()
        );
        return Ok(EXIT_DATA);
    }
    let stem = file
        .file_stem()
        .map_or_else(|| "import".into(), |s| s.to_string_lossy().into_owned());
    let path = dir.join(format!("{stem}.ron"));
    // fogline never writes to a file it reads.
    if std::fs::canonicalize(&path).ok() == std::fs::canonicalize(file).ok() && path.exists() {
        eprintln!(
            "error: {} is the file being imported; it was left as it is\n  help: choose another directory with -o",
            path.display()
        );
        return Ok(EXIT_USAGE);
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot make the directory {}: {e}", dir.display());
        return Ok(EXIT_DATA);
    }
    let title = format!("{} export {}", provider.name(), file_name(file));
    let (events, sources) = (imported.events.len(), imported.sources.len());
    let counts = imported.counts();
    let dataset = Dataset::new(
        vec![title],
        imported.sources,
        Vec::new(),
        imported.events,
        Vec::new(),
    );
    let text = to_ron(&dataset);
    match write_atomic(&path, text.as_bytes(), flags.force) {
        Ok(()) => {
            eprintln!(
                "{counts}: wrote {} ({events} events, {sources} sources)",
                path.display()
            );
            Ok(0)
        }
        Err(e) => {
            eprintln!("error: {e}\n  help: {}", e.hint());
            Ok(EXIT_DATA)
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    )
}
