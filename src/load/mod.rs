//! RON files → [`Dataset`], with validation and diagnostics.
//!
//! The only module that knows RON, and the only one that produces diagnostics about data files.
//! Every problem in every file is collected in one run; a file that does not parse stops at its
//! first syntax error, but the other files are still checked. Untrusted text is cleaned here,
//! once.

pub mod bundled;
mod convert;
pub mod diagnostic;
mod event_ids;
mod fast;
pub mod files;
pub mod locate;
mod parallel;
mod parse_error;
pub mod pieces;
mod raw;
pub mod sanitize;
mod split;
mod stream;
mod suggest;
mod validate;
mod windows;
pub mod write;

use rayon::slice::ParallelSliceMut;
use std::path::PathBuf;
use std::sync::Arc;

use miette::NamedSource;

use crate::model::Dataset;

use convert::{Converter, FileItems, append};
pub use diagnostic::{Diagnostic, Location, Severity};
pub use files::Input;
use locate::{SpanTree, line_col, offset_of};
pub use parallel::Parallel;
use sanitize::printable_copy;

/// The candidate closest to `word` when it looks like a typo of one (for "did you mean").
pub fn suggest_one<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    suggest::closest(word, candidates.iter().copied())
}

/// The result of loading: the dataset (with every usable item) and every problem found.
#[derive(Debug)]
pub struct Loaded {
    /// What could be loaded. When there are errors it may be incomplete.
    pub dataset: Dataset,
    /// Errors and warnings, in file order, then position.
    pub diagnostics: Vec<Diagnostic>,
    /// The names of the files read.
    pub files: Vec<String>,
    /// Whether the dataset came from the cache's snapshot rather than from parsing the files.
    pub from_cache: bool,
}

impl Loaded {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Loads files and directories (all `*.ron` in a directory, in name order), merged.
pub fn load_paths(paths: &[PathBuf]) -> Loaded {
    let (inputs, problems) = files::read_paths(paths);
    load_inputs(inputs, problems)
}

/// Loads the bundled Raqqa dataset.
pub fn load_bundled() -> Loaded {
    load_inputs(bundled::inputs(), Vec::new())
}

/// Loads texts already read, merged; `problems` are reading problems to report first. Large
/// files are parsed on every core.
pub fn load_inputs(inputs: Vec<Input>, problems: Vec<Diagnostic>) -> Loaded {
    load_inputs_with(inputs, problems, Parallel::auto())
}

/// [`load_inputs`], saying when to parse on several cores (the result is the same either way).
pub fn load_inputs_with(
    inputs: Vec<Input>,
    problems: Vec<Diagnostic>,
    parallel: Parallel,
) -> Loaded {
    let files = inputs.into_iter().map(LoadFile::Text).collect();
    load_files_with(files, problems, parallel)
}

/// A file to load: its text, or a large file already parsed as it was read.
pub enum LoadFile {
    /// The text, to parse.
    Text(Input),
    /// Parsed as it was read (see [`pieces`]); read again only if a problem found across files
    /// is to be located in it.
    Parsed {
        /// The name to show.
        name: String,
        /// Where it was read from.
        path: PathBuf,
        /// What it gave.
        parsed: Box<parallel::Parsed>,
    },
}

/// Loads files, some perhaps already parsed, merged; see [`load_inputs`].
pub fn load_files(files: Vec<LoadFile>, problems: Vec<Diagnostic>) -> Loaded {
    load_files_with(files, problems, Parallel::auto())
}

fn load_files_with(files: Vec<LoadFile>, problems: Vec<Diagnostic>, parallel: Parallel) -> Loaded {
    let mut diagnostics: Vec<(usize, usize, Diagnostic)> =
        problems.into_iter().map(|d| (0, 0, d)).collect();
    // The texts (empty for files parsed as they were read), and those files' paths and items.
    let mut inputs = Vec::with_capacity(files.len());
    let mut preparsed = Vec::with_capacity(files.len());
    for f in files {
        match f {
            LoadFile::Text(input) => {
                inputs.push(input);
                preparsed.push(None);
            }
            LoadFile::Parsed { name, path, parsed } => {
                inputs.push(Input {
                    name,
                    text: String::new(),
                });
                preparsed.push(Some((path, parsed)));
            }
        }
    }
    let mut quoted = Quotes::new(inputs.len());
    let mut pending = Vec::new();
    let mut parsed: Vec<FileItems> = Vec::with_capacity(inputs.len());
    let mut any_unparsed = false;
    let mut known = convert::Known::default();
    let mut names = crate::model::Interner::new();
    for (file, input) in inputs.iter().enumerate() {
        if let Some((_, done)) = preparsed[file].as_mut() {
            // It was parsed knowing only its own sources: later files know them too.
            known.learn(std::mem::take(&mut done.known));
            pending.append(&mut done.pending);
            parsed.push(std::mem::take(&mut done.items));
            continue;
        }
        if input.text.trim().is_empty() {
            diagnostics.push((
                file + 1,
                0,
                Diagnostic {
                    severity: Severity::Warning,
                    message: "this file is empty; nothing was loaded from it".to_string(),
                    help: None,
                    location: None,
                    file: Some(input.name.clone()),
                },
            ));
            parsed.push(FileItems::default());
            continue;
        }
        if input.text.len() >= parallel.min_bytes && parallel.threads > 1 {
            let split = parallel::parse(file, &input.text, parallel.threads, &known, &mut names);
            if let Some(done) = split {
                pending.extend(done.pending);
                known = done.known;
                parsed.push(done.items);
                continue;
            }
        }
        // What a file that fails to parse added is taken back: only its syntax error counts.
        let (pending_before, known_before) = (pending.len(), known.clone());
        let converter = Converter::new(file, &mut pending, &mut known, &mut names);
        match stream::parse(&raw::ron_options(), &input.text, converter) {
            Ok(items) => parsed.push(items),
            Err(e) => {
                pending.truncate(pending_before);
                known = known_before;
                any_unparsed = true;
                let start = offset_of(&input.text, e.span.start.line, e.span.start.col);
                let at_end = start >= input.text.trim_end().len();
                let (message, help) = parse_error::describe(&e, at_end);
                let end = offset_of(&input.text, e.span.end.line, e.span.end.col).max(start);
                let location = locate_span(quoted.get(input, file), &input.text, start..end, None);
                diagnostics.push((
                    file + 1,
                    start,
                    Diagnostic {
                        severity: Severity::Error,
                        message,
                        help,
                        location: Some(location),
                        file: None,
                    },
                ));
                parsed.push(FileItems::default());
            }
        }
    }
    validate::cross_check(&parsed, &mut pending, !any_unparsed);
    if any_unparsed && parsed.iter().any(FileItems::defines_ids) {
        diagnostics.push((
            usize::MAX,
            0,
            Diagnostic {
                severity: Severity::Warning,
                message:
                    "references between items were not checked, because a file could not be read"
                        .to_string(),
                help: Some("fix the errors above and check again".to_string()),
                location: None,
                file: None,
            },
        ));
    }

    // A file parsed as it was read is read again if a problem is to be located in it.
    for p in &pending {
        for f in std::iter::once(p.file).chain(p.first.as_ref().map(|(f, _)| *f)) {
            if let Some((path, _)) = preparsed[f].take() {
                inputs[f].text = files::read_text(&path).unwrap_or_default();
            }
        }
    }
    // Locate the path-addressed problems; span trees are built only for files that need them.
    let mut trees: Vec<Option<SpanTree>> = inputs.iter().map(|_| None).collect();
    for p in pending {
        let mut find = |file: usize, path: &[locate::Seg], key: bool| {
            let text = &inputs[file].text;
            let tree = trees[file].get_or_insert_with(|| SpanTree::new(text));
            let span = tree.find(path, key).unwrap_or(0..0);
            locate_span(quoted.get(&inputs[file], file), text, span, None)
        };
        let mut message = p.message;
        if let Some((f, path)) = &p.first {
            message.push_str(&format!(
                ", first defined at {}",
                find(*f, path, false).position()
            ));
        }
        let location = find(p.file, &p.path, p.key);
        diagnostics.push((
            p.file + 1,
            location.span.start,
            Diagnostic {
                severity: p.severity,
                message,
                help: p.help,
                location: Some(location),
                file: None,
            },
        ));
    }
    diagnostics.sort_by_key(|(file, offset, _)| (*file, *offset));

    // The texts are not needed any more: free them before the dataset is put together.
    drop(quoted);
    let files: Vec<String> = inputs.into_iter().map(|i| i.name).collect();
    let mut titles = Vec::new();
    let (mut sources, mut subjects, mut events, mut claims) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut source_ids = std::collections::HashSet::new();
    let mut out_of_order = false;
    for items in parsed {
        titles.extend(items.title);
        // A source defined alike in several files is kept once (see `validate`).
        for source in items.sources {
            if source_ids.insert(source.id.clone()) {
                sources.push(source);
            }
        }
        append(&mut subjects, items.subjects);
        out_of_order |=
            items.events_out_of_order || convert::out_of_order(events.last(), items.events.first());
        append(&mut events, items.events);
        append(&mut claims, items.claims);
    }
    // Sorted on every core (on one, this took a tenth of a second at a million events), unless
    // they came in order: finding that out took as long again, on one core, at the end.
    if out_of_order {
        events.par_sort_unstable_by(Dataset::order);
    }
    Loaded {
        dataset: Dataset::new_sorted(titles, sources, subjects, events, claims),
        diagnostics: diagnostics.into_iter().map(|(_, _, d)| d).collect(),
        files,
        from_cache: false,
    }
}

/// The printable copies of files that diagnostics quote, made only for files that need one.
struct Quotes {
    made: Vec<Option<diagnostic::QuotedSource>>,
}

impl Quotes {
    fn new(files: usize) -> Self {
        Quotes {
            made: (0..files).map(|_| None).collect(),
        }
    }

    /// The copy of file number `file`, which is `input`.
    fn get(&mut self, input: &Input, file: usize) -> &diagnostic::QuotedSource {
        self.made[file].get_or_insert_with(|| {
            Arc::new(NamedSource::new(
                input.name.clone(),
                printable_copy(&input.text).into_owned(),
            ))
        })
    }
}

/// Lines longer than this (in bytes) are not quoted in diagnostics.
const MAX_QUOTED_LINE: usize = 400;

/// A location for a byte span of a file, with its line and column.
fn locate_span(
    quoted: &diagnostic::QuotedSource,
    text: &str,
    span: std::ops::Range<usize>,
    label: Option<String>,
) -> Location {
    let (line, column) = line_col(text, span.start);
    let line_start = text[..locate::floor_char_boundary(text, span.start.min(text.len()))]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_len = text[line_start..]
        .find('\n')
        .unwrap_or(text.len() - line_start);
    Location {
        source: Arc::clone(quoted),
        span,
        line,
        column,
        label,
        quoted: line_len <= MAX_QUOTED_LINE,
    }
}
