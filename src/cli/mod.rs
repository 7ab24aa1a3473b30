//! The command line: argument definitions and the headless commands.

pub mod args;
mod brief;
mod check;
mod import;
mod list;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cache::{Cache, FilePrint};
use crate::load::{self, Loaded, diagnostic};
use crate::model::{Dataset, EventKind};
use crate::query::Filter;
use crate::watch::Reloader;

pub use args::{BriefFormat, Cli, Color, Command, FilterArgs, Format, ProviderArg};

/// What every command shares: how diagnostics look, and the cache data is opened with.
#[derive(Debug, Clone)]
pub struct Setup {
    /// Colour diagnostics.
    pub color: bool,
    /// Where snapshots of large loads are kept; `None` with `--no-cache`.
    pub cache: Option<Cache>,
}

/// Exit code when the data has errors.
pub const EXIT_DATA: u8 = 1;
/// Exit code for a command line that cannot be carried out (as clap uses).
pub const EXIT_USAGE: u8 = 2;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let color = use_color(cli.color);
    let setup = Setup {
        color,
        cache: if cli.no_cache { None } else { Cache::locate() },
    };
    let result = match cli.command {
        Some(Command::Check { paths }) => check::run(&paths, &setup),
        Some(Command::List {
            paths,
            filters,
            format,
            other_reports,
        }) => list::run(&paths, &filters, format, other_reports, &setup),
        Some(Command::Brief {
            paths,
            filters,
            output,
            force,
            format,
        }) => brief::run(&paths, &filters, output.as_deref(), force, format, &setup),
        Some(Command::Import {
            provider,
            file,
            output,
            no_header,
            strict,
            force,
        }) => import::run(
            provider,
            &file,
            &output,
            import::Flags {
                no_header,
                strict,
                force,
            },
            color,
        ),
        Some(Command::Generate {
            events,
            seed,
            output,
            force,
        }) => generate(events, seed, &output, force),
        None if let Some(message) = mistyped_command(&cli.paths) => {
            eprintln!("error: {message}");
            Ok(EXIT_USAGE)
        }
        None => view(&cli.paths, !cli.no_watch, &setup),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_DATA)
        }
    }
}

/// `fogline [PATH...]`: the interactive viewer.
fn view(paths: &[PathBuf], watch: bool, setup: &Setup) -> std::io::Result<u8> {
    if !crate::tui::have_terminal() {
        eprintln!(
            "error: the viewer needs a terminal, and standard input or output is not one\n  help: `fogline list` prints the timeline; `fogline --help` shows every command"
        );
        return Ok(EXIT_DATA);
    }
    let start = |watch| Reloader::start(paths.to_vec(), watch, setup.cache.clone());
    // Large data loads in the background, the viewer showing progress (and quitting) at once.
    let bytes = crate::load::files::total_size(paths);
    if !paths.is_empty() && bytes >= background_from() {
        let reloader = match start(watch) {
            Ok(r) => r,
            Err(_) => start(false)?,
        };
        return crate::tui::run(Dataset::default(), Vec::new(), Some(reloader), Some(bytes))
            .map(|()| 0);
    }
    let loaded = match load_usable(paths, setup)? {
        Ok((loaded, unstored)) => {
            alongside(paths, setup, &loaded.dataset, unstored, || ());
            loaded
        }
        Err(code) => return Ok(code),
    };
    // The bundled dataset never changes: nothing to watch or reload.
    let reloader = if paths.is_empty() {
        None
    } else {
        // Without a watch (too many watches, an odd file system) the viewer still runs: R reloads.
        match start(watch) {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!(
                    "warning: cannot follow edits to the data ({e}); press R to reload by hand"
                );
                Some(start(false)?)
            }
        }
    };
    crate::tui::run(loaded.dataset, loaded.files, reloader, None).map(|()| 0)
}

/// From this many bytes of data, the viewer loads in the background. Smaller data loads first,
/// so that its problems are printed before the viewer starts. (`FOGLINE_BACKGROUND_BYTES`
/// changes it, for tests.)
fn background_from() -> u64 {
    std::env::var("FOGLINE_BACKGROUND_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4_000_000)
}

/// Loads the data, prints its diagnostics, and gives what was loaded — or, when it has errors,
/// the exit code, having said so.
fn load_usable(
    paths: &[PathBuf],
    setup: &Setup,
) -> std::io::Result<Result<(Loaded, Unstored), u8>> {
    let (loaded, unstored) = load(paths, setup);
    report(&loaded, setup.color)?;
    if loaded.has_errors() {
        eprintln!(
            "{}; run `fogline check` for details, fix the data, and try again",
            diagnostic::summary(&loaded.diagnostics)
        );
        return Ok(Err(EXIT_DATA));
    }
    Ok(Ok((loaded, unstored)))
}

/// For `list` and `brief`: the filter from the arguments and the dataset it applies to (with its
/// snapshot still to write), or the exit code, having said why not.
fn filtered(
    paths: &[PathBuf],
    args: &FilterArgs,
    setup: &Setup,
) -> std::io::Result<Result<(Dataset, Filter, Unstored), u8>> {
    let filter = match filter_from_args(args) {
        Ok(f) => f,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(Err(EXIT_USAGE));
        }
    };
    let (dataset, unstored) = match load_usable(paths, setup)? {
        Ok((loaded, unstored)) => (loaded.dataset, unstored),
        Err(code) => return Ok(Err(code)),
    };
    if let Err(e) = filter.check(&dataset) {
        eprintln!("error: {e}\n  help: {}", e.help);
        return Ok(Err(EXIT_USAGE));
    }
    Ok(Ok((dataset, filter, unstored)))
}

/// `fogline generate`: a synthetic dataset written as RON.
fn generate(events: usize, seed: u64, dir: &std::path::Path, force: bool) -> std::io::Result<u8> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot make the directory {}: {e}", dir.display());
        return Ok(EXIT_DATA);
    }
    let dataset = crate::generate::dataset(events, seed);
    let text = load::write::to_ron(&dataset);
    let path = dir.join("generated.ron");
    match crate::export::write::write_atomic(&path, text.as_bytes(), force) {
        Ok(()) => {
            eprintln!(
                "wrote {} ({} events, {} claims, {} bytes)",
                path.display(),
                dataset.events.len(),
                dataset.claims.len(),
                text.len()
            );
            Ok(0)
        }
        Err(e) => {
            eprintln!("error: {e}\n  help: {}", e.hint());
            Ok(EXIT_DATA)
        }
    }
}

/// A path that does not exist but is spelled like a command: `fogline chek`.
fn mistyped_command(paths: &[PathBuf]) -> Option<String> {
    use clap::CommandFactory;
    let path = paths.first()?;
    let word = path.to_str()?;
    if path.exists() || word.contains(['/', '.', '\\']) {
        return None;
    }
    let cmd = Cli::command();
    let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
    let hint = load::suggest_one(word, &names)?;
    Some(format!(
        "unknown command `{word}`; did you mean `{hint}`?\n  help: see `fogline --help`"
    ))
}

/// Loads the given paths, or the bundled dataset when there are none.
fn load(paths: &[PathBuf], setup: &Setup) -> (Loaded, Unstored) {
    if paths.is_empty() {
        (load::load_bundled(), None)
    } else {
        crate::open::open_unstored(paths, setup.cache.as_ref())
    }
}

/// The prints of the files just parsed, when their dataset is to be stored in the cache.
type Unstored = Option<Vec<FilePrint>>;

/// Runs `work` while the snapshot of `dataset`, parsed from `paths`, is written on another core
/// (when it is to be: see [`load`]); gives what `work` gives once both are done.
fn alongside<R>(
    paths: &[PathBuf],
    setup: &Setup,
    dataset: &Dataset,
    unstored: Unstored,
    work: impl FnOnce() -> R,
) -> R {
    std::thread::scope(|scope| {
        if let (Some(cache), Some(prints)) = (setup.cache.as_ref(), unstored) {
            scope.spawn(move || cache.store(paths, &prints, dataset));
        }
        work()
    })
}

/// Leaves a dataset for the process's exit to free, all at once: a headless command is about to
/// end, and freeing a million events an allocation at a time takes longer than reading them
/// from the cache.
fn release(dataset: Dataset) {
    std::mem::forget(dataset);
}

/// Prints diagnostics to stderr.
fn report(loaded: &Loaded, color: bool) -> std::io::Result<()> {
    if loaded.diagnostics.is_empty() {
        return Ok(());
    }
    let mut err = std::io::stderr().lock();
    err.write_all(diagnostic::render(&loaded.diagnostics, color).as_bytes())?;
    err.flush()
}

fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    }
}

/// Turns filter arguments into a [`Filter`], or a usage message.
pub fn filter_from_args(args: &FilterArgs) -> Result<Filter, String> {
    let mut kinds = Vec::new();
    for k in &args.kinds {
        match EventKind::parse(k) {
            Some(kind) => kinds.push(kind),
            None => {
                let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.label()).collect();
                let hint = load::suggest_one(k, &names)
                    .map_or_else(String::new, |c| format!("; did you mean `{c}`?"));
                return Err(format!(
                    "unknown kind `{k}`{hint}\n  help: kinds are: {}",
                    names.join(", ")
                ));
            }
        }
    }
    Ok(Filter {
        sources: args.sources.clone(),
        kinds,
        from: args.from.as_deref().map(Filter::from_text).transpose()?,
        to: args.to.as_deref().map(Filter::to_text).transpose()?,
        search: args.search.clone().filter(|s| !s.is_empty()),
    })
}
