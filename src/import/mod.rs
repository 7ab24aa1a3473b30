//! ACLED and UCDP GED exports (CSV) → events and sources of the model.
//!
//! Columns are found by their header names, never by position, so releases with other orders and
//! counts import the same (UCDP files without a header row are read with GED 23.1's layout).
//! Each bad row gets a diagnostic — line, column, the value, what was expected — and is skipped;
//! the rest is imported, and the counts are told. Text is cleaned of control characters and bidi
//! overrides like any other input.

pub mod acled;
mod columns;
mod position;
mod row;
mod sources;
pub mod ucdp;

use std::collections::HashMap;

use csv::{ByteRecord, ReaderBuilder};

use crate::load::{Diagnostic, Severity};
use crate::model::{Event, EventBlock, EventParts, Source};
use columns::{Columns, header_has};
use position::Positions;
use row::Row;
use sources::SourceBook;

/// Whose export a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// ACLED (Armed Conflict Location & Event Data).
    Acled,
    /// UCDP Georeferenced Event Dataset.
    Ucdp,
}

impl Provider {
    /// The name for people.
    pub fn name(self) -> &'static str {
        match self {
            Provider::Acled => "ACLED",
            Provider::Ucdp => "UCDP GED",
        }
    }

    /// The provider whose columns a header row names.
    pub fn of_header(header: &[String]) -> Option<Provider> {
        if header_has(header, &acled::MARKS) {
            Some(Provider::Acled)
        } else if header_has(header, &ucdp::MARKS) {
            Some(Provider::Ucdp)
        } else {
            None
        }
    }

    fn columns(self) -> &'static [columns::Column] {
        match self {
            Provider::Acled => &acled::COLUMNS,
            Provider::Ucdp => &ucdp::COLUMNS,
        }
    }

    fn source(self) -> Source {
        match self {
            Provider::Acled => acled::source(),
            Provider::Ucdp => ucdp::source(),
        }
    }

    fn event(self, row: &mut Row, book: &mut SourceBook) -> Option<Converted> {
        match self {
            Provider::Acled => acled::event(row, book),
            Provider::Ucdp => ucdp::event(row, book),
        }
    }
}

/// How to read a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Whose export it is; `None` to tell from the header.
    pub provider: Option<Provider>,
    /// The file has no header row (UCDP GED 23.1's 49 columns are assumed).
    pub no_header: bool,
    /// Stop at the first bad row, as an error.
    pub strict: bool,
}

/// What an import produced.
#[derive(Debug)]
pub struct Imported {
    /// Whose export it was, when that could be told.
    pub provider: Option<Provider>,
    /// The provider and the outlets its rows cite.
    pub sources: Vec<Source>,
    /// One event per imported row.
    pub events: Vec<Event>,
    /// Problems: with the file (errors), and with rows, which were skipped (warnings, or an error
    /// under `strict`).
    pub diagnostics: Vec<Diagnostic>,
    /// Data rows read.
    pub rows: usize,
    /// Rows skipped because of problems.
    pub skipped: usize,
}

impl Imported {
    fn failed(provider: Option<Provider>, diagnostic: Diagnostic) -> Imported {
        Imported {
            provider,
            sources: Vec::new(),
            events: Vec::new(),
            diagnostics: vec![diagnostic],
            rows: 0,
            skipped: 0,
        }
    }

    /// Whether anything stopped the import (rather than skipping rows).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// "imported 264 rows of 265; 1 skipped".
    pub fn counts(&self) -> String {
        let imported = self.rows - self.skipped;
        format!(
            "imported {imported} of {} row{}; {} skipped",
            self.rows,
            if self.rows == 1 { "" } else { "s" },
            self.skipped
        )
    }
}

/// One row as an event, with the provider's version of it (ACLED's `timestamp`) to choose
/// between two rows with the same id.
pub struct Converted {
    /// The event's parts (made into an event among the file's, their texts shared).
    pub event: EventParts,
    /// Newer rows have larger versions.
    pub version: Option<u64>,
}

/// Past this many, rows with problems are counted but not described one by one.
const MAX_ROW_DIAGNOSTICS: usize = 500;

/// Whether `bytes` begin with an ACLED or UCDP GED header row.
pub fn sniff(bytes: &[u8]) -> Option<Provider> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.split(|&b| b == b'\n').next()?;
    let first = String::from_utf8_lossy(first);
    let header: Vec<String> = first
        .trim_end_matches('\r')
        .split(',')
        .map(|h| h.trim_matches('"').to_string())
        .collect();
    Provider::of_header(&header)
}

/// Imports a CSV export named `name` (for messages).
pub fn import(name: &str, bytes: &[u8], options: Options) -> Imported {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut positions = Positions::new(name, bytes);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = ByteRecord::new();

    let header: Vec<String> = if options.no_header {
        ucdp::GED_231_HEADER.iter().map(|s| s.to_string()).collect()
    } else {
        match reader.read_byte_record(&mut record) {
            Ok(true) => record
                .iter()
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .collect(),
            Ok(false) => {
                return Imported::failed(
                    options.provider,
                    Diagnostic::error("this file is empty: no header row and no data")
                        .in_file(name),
                );
            }
            Err(e) => {
                return Imported::failed(
                    options.provider,
                    Diagnostic::error(format!("cannot read this file as CSV: {e}")).in_file(name),
                );
            }
        }
    };
    let provider = match options.provider.or_else(|| {
        if options.no_header {
            Some(Provider::Ucdp)
        } else {
            Provider::of_header(&header)
        }
    }) {
        Some(p) => p,
        None => {
            return Imported::failed(
                None,
                Diagnostic::error(
                    "the first row is not an ACLED or UCDP GED header (no `event_id_cnty, event_date` or `date_start, date_end, side_a` columns)",
                )
                .in_file(format!("{name}:1:1"))
                .with_help(
                    "import exports as downloaded, with their header row; for a UCDP GED file without one, use `fogline import ucdp --no-header FILE`",
                ),
            );
        }
    };
    let columns = match Columns::find(header.clone(), provider.columns()) {
        Ok(c) => c,
        Err(missing) => {
            let other = match provider {
                Provider::Acled => Provider::Ucdp,
                Provider::Ucdp => Provider::Acled,
            };
            let help = if Provider::of_header(&header) == Some(other) {
                format!(
                    "this looks like a {} export; import it with `fogline import {}`",
                    other.name(),
                    other.name().split(' ').next().unwrap_or("").to_lowercase()
                )
            } else {
                format!(
                    "a {} export needs these columns; check that the file is one, with its header row",
                    provider.name()
                )
            };
            return Imported::failed(
                Some(provider),
                Diagnostic::error(format!(
                    "the header has no {} column{} `{}`",
                    provider.name(),
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join("`, `")
                ))
                .in_file(format!("{name}:1:1"))
                .with_help(help),
            );
        }
    };

    let mut book = SourceBook::with(provider.source());
    // The rows' events, their texts in shared blocks; and those a newer row replaced.
    let mut kept = Kept {
        block: EventBlock::with_capacity(0, 0),
        replaced: Vec::new(),
    };
    let mut seen: HashMap<Box<str>, (usize, Option<u64>, u64)> = HashMap::new();
    let mut diagnostics = Vec::new();
    let (mut rows, mut skipped, mut undescribed) = (0usize, 0usize, 0usize);
    let mut cleaned: Option<(usize, u64, usize)> = None;
    let severity = if options.strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    let what = if options.strict {
        "the import stopped"
    } else {
        "row skipped"
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(format!("cannot read the rest of this file as CSV: {e}"))
                        .in_file(name),
                );
                break;
            }
        }
        if record.iter().all(<[u8]>::is_empty) {
            continue; // a blank line
        }
        rows += 1;
        let (start, line) = record
            .position()
            .map_or((0, 0), |p| (p.byte() as usize, p.line()));
        let problems = if record.len() != columns.header.len() {
            vec![row::Problem {
                field: None,
                message: format!(
                    "this row has {} fields, but the header has {}",
                    record.len(),
                    columns.header.len()
                ),
                help: Some(
                    "a field with a comma or a line break must be in double quotes; check this row's quoting".into(),
                ),
            }]
        } else {
            let mut row = Row::new(&record, &columns);
            let converted = provider.event(&mut row, &mut book);
            if let Some(&field) = row.cleaned.first() {
                let first = cleaned.map_or((start, line, field), |c| c);
                cleaned = Some(first);
            }
            for note in std::mem::take(&mut row.notes) {
                if diagnostics.len() < MAX_ROW_DIAGNOSTICS {
                    diagnostics.push(Diagnostic {
                        severity: Severity::Warning,
                        message: note.message,
                        help: note.help,
                        location: Some(positions.locate(start, line, note.field)),
                        file: None,
                    });
                } else {
                    undescribed += 1;
                }
            }
            match converted {
                Some(c) if row.problems.is_empty() => {
                    let at = (line, start);
                    match keep(
                        &mut kept,
                        &mut seen,
                        c,
                        at,
                        &mut diagnostics,
                        &mut positions,
                    ) {
                        Ok(()) => continue,
                        Err(problem) => vec![problem],
                    }
                }
                _ => row.problems,
            }
        };
        skipped += 1;
        for p in problems {
            if diagnostics.len() >= MAX_ROW_DIAGNOSTICS {
                undescribed += 1;
                continue;
            }
            let location = positions.locate(start, line, p.field);
            diagnostics.push(Diagnostic {
                severity,
                message: format!("{}; {what}", p.message),
                help: p.help,
                location: Some(location),
                file: None,
            });
        }
        if options.strict {
            break;
        }
    }
    if undescribed > 0 {
        diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            message: format!("{undescribed} more problems with rows are not described"),
            help: Some("fix the problems above and import again to see the rest".into()),
            location: None,
            file: Some(name.to_string()),
        });
    }
    if let Some((start, line, field)) = cleaned {
        diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            message:
                "control characters or bidirectional overrides were removed from text, first here"
                    .into(),
            help: Some("they cannot be shown safely; the rest of the text was kept".into()),
            location: Some(positions.locate(start, line, Some(field))),
            file: None,
        });
    }
    Imported {
        provider: Some(provider),
        sources: book.into_sources(),
        events: kept.finish(),
        diagnostics,
        rows,
        skipped,
    }
}

/// The events of a file's rows as they are read.
struct Kept {
    block: EventBlock,
    /// (where the event replaced is, where its newer row's is), in `block`, in the order read.
    replaced: Vec<(usize, usize)>,
}

impl Kept {
    /// The events kept, in the order their ids first came; each the newest row of its id.
    fn finish(self) -> Vec<Event> {
        let mut events = self.block.finish();
        if self.replaced.is_empty() {
            return events;
        }
        let mut dropped = vec![false; events.len()];
        for &(old, new) in &self.replaced {
            // The newer row takes the older's place; the older goes where the newer was.
            events.swap(old, new);
            if let Some(d) = dropped.get_mut(new) {
                *d = true;
            }
        }
        let mut gone = dropped.into_iter();
        events.retain(|_| !gone.next().unwrap_or(false));
        events
    }
}

/// Adds an event; of two rows with one id the newer (by version, else the later row) is kept.
/// A row whose texts are too long for an event is a problem.
fn keep(
    kept: &mut Kept,
    seen: &mut HashMap<Box<str>, (usize, Option<u64>, u64)>,
    c: Converted,
    (line, start): (u64, usize),
    diagnostics: &mut Vec<Diagnostic>,
    positions: &mut Positions,
) -> Result<(), row::Problem> {
    let too_long = |e: crate::model::TooLong| row::Problem {
        field: None,
        message: format!("this row is not an event: {e}"),
        help: Some("split the row's notes across rows".into()),
    };
    let Converted { event, version } = c;
    match seen.get_mut(event.id.as_str()) {
        None => {
            let at = kept.block.len();
            let id = kept.block.add_parts(event).map_err(too_long)?;
            seen.insert(id.into(), (at, version, line));
        }
        Some((at, old_version, first_line)) => {
            let newer = match (version, *old_version) {
                (Some(new), Some(old)) => new >= old,
                _ => true,
            };
            let kept_one = if newer {
                format!("this row, the newer, replaces the one on line {first_line}")
            } else {
                format!("the row on line {first_line} is newer and is kept")
            };
            diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                message: format!("event `{}` appears twice; {kept_one}", event.id),
                help: Some("exports can hold an event twice when it was modified; the newer row replaces the older".into()),
                location: Some(positions.locate(start, line, None)),
                file: None,
            });
            if newer {
                let new = kept.block.len();
                kept.block.add_parts(event).map_err(too_long)?;
                // `at` stays where the id first came: the newest row goes there.
                kept.replaced.push((*at, new));
                *old_version = version;
                *first_line = line;
            }
        }
    }
    Ok(())
}

/// Joins the non-empty parts with `sep`.
fn join_nonempty<'a>(parts: impl Iterator<Item = &'a str>, sep: &str) -> String {
    parts
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}
