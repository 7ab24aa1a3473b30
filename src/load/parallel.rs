//! Parsing a large file on several cores: its `events` and `claims` lists are found by
//! [`super::split`], the rest of the file is parsed as usual with those lists emptied, and the
//! lists' elements are parsed and converted in contiguous runs, one per thread, each run
//! numbering its items from where it starts so that problems are located as if the file had
//! been read in one go.
//!
//! Anything unexpected — the split failing, any piece not parsing — gives `None`, and the caller
//! parses the file whole, which finds the same problems and the exact syntax error.

use std::ops::Range;

use serde::Deserialize;

use crate::model::Interner;

use super::convert::{Converter, FileItems, Known, List, Pending};
use super::fast;
use super::raw::{self, RawClaim, RawEvent};
use super::split::{SplitList, split};
use super::stream;

/// When to parse a file on several cores.
#[derive(Debug, Clone, Copy)]
pub struct Parallel {
    /// Files smaller than this (in bytes) are parsed on one core.
    pub min_bytes: usize,
    /// How many threads.
    pub threads: usize,
}

impl Parallel {
    /// Files of 4 MB or more, on every core there is.
    pub fn auto() -> Parallel {
        Parallel {
            min_bytes: 4 << 20,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }

    /// Never.
    pub fn off() -> Parallel {
        Parallel {
            min_bytes: usize::MAX,
            threads: 1,
        }
    }
}

/// What one file gave: its items, the problems found, and what it taught `known`.
pub struct Parsed {
    pub items: FileItems,
    pub pending: Vec<Pending>,
    pub known: Known,
}

/// Parses file number `file` on `threads` threads, or gives `None` (see the module's doc).
pub fn parse(
    file: usize,
    text: &str,
    threads: usize,
    known: &Known,
    names: &mut Interner,
) -> Option<Parsed> {
    let lists = split(text)?;
    // The rest of the file: every field but the lists' elements.
    let mut rest =
        String::with_capacity(text.len() - lists.iter().map(|l| l.inner.len()).sum::<usize>());
    let mut at = 0;
    for l in &lists {
        rest.push_str(&text[at..l.inner.start]);
        at = l.inner.end;
    }
    rest.push_str(&text[at..]);
    let mut pending = Vec::new();
    let mut known = known.clone();
    let converter = Converter::new(file, &mut pending, &mut known, names);
    let mut items = stream::parse(&raw::ron_options(), &rest, converter).ok()?;
    drop(rest);
    let job = Job {
        file,
        text,
        threads,
        known: &known,
        names,
    };
    for l in &lists {
        // Each run fills a list of its exact length, and this one takes them all without growing.
        let which = match l.field {
            "events" => List::Events,
            _ => List::Claims,
        };
        items.reserve(which, l.elements.len());
    }
    for l in &lists {
        let which = match l.field {
            "events" => List::Events,
            _ => List::Claims,
        };
        let runs = job.runs(l, which)?;
        for (run, run_pending) in runs {
            items.absorb(run);
            pending.extend(run_pending);
        }
    }
    Some(Parsed {
        items,
        pending,
        known,
    })
}

/// A run of elements of list `which` of file number `file`, the first at position `first` in
/// the list: `elements` (byte ranges of `text`) parsed and converted, with the problems found.
/// `None` when one does not parse.
pub fn convert_run(
    file: usize,
    which: List,
    first: u32,
    text: &str,
    elements: &[Range<usize>],
    known: &mut Known,
    names: &mut Interner,
) -> Option<(FileItems, Vec<Pending>)> {
    let mut pending = Vec::new();
    let mut c = Converter::new(file, &mut pending, known, names).starting_at(which, first);
    c.reserve(which, elements.len());
    convert_list(&mut c, which, text, elements.iter().cloned())?;
    Some((c.finish(), pending))
}

/// Parses and converts `elements` (byte ranges of `text`) of list `which` with `c`: the fast
/// reader where it is sure, `ron` for the rest. `None` when one does not parse.
fn convert_list(
    c: &mut Converter<'_>,
    which: List,
    text: &str,
    elements: impl IntoIterator<Item = Range<usize>>,
) -> Option<()> {
    match which {
        List::Events => convert::<RawEvent>(c, text, elements, |c, e| c.event(e)),
        List::Claims => convert::<RawClaim>(c, text, elements, |c, e| c.claim(e)),
    }
}

/// [`convert_list`] for elements read as `T`, each given to `add`.
fn convert<'t, T: Deserialize<'t>>(
    c: &mut Converter<'_>,
    text: &'t str,
    elements: impl IntoIterator<Item = Range<usize>>,
    add: for<'a> fn(&mut Converter<'a>, T),
) -> Option<()> {
    let options = raw::ron_options();
    for r in elements {
        let element = text.get(r)?;
        let raw: T = match fast::from_str(element) {
            Ok(raw) => raw,
            Err(_) => options.from_str(element).ok()?,
        };
        add(c, raw);
    }
    Some(())
}

/// What every run of a file shares.
struct Job<'a> {
    file: usize,
    text: &'a str,
    threads: usize,
    known: &'a Known,
    names: &'a Interner,
}

impl Job<'_> {
    /// The elements of one list, parsed and converted in `threads` runs.
    fn runs(&self, list: &SplitList, which: List) -> Option<Vec<(FileItems, Vec<Pending>)>> {
        let Job {
            file,
            text,
            threads,
            known,
            names,
        } = *self;
        let chunks = chunks(&list.elements, threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunks
                .into_iter()
                .map(|(first, elements)| {
                    let (mut known, mut names) = (known.clone(), names.clone());
                    scope.spawn(move || {
                        let first = u32::try_from(first).ok()?;
                        convert_run(file, which, first, text, elements, &mut known, &mut names)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().ok().flatten())
                .collect()
        })
    }
}

/// `elements` in `n` contiguous runs of about equal bytes, each with the position of its first.
fn chunks(elements: &[Range<usize>], n: usize) -> Vec<(usize, &[Range<usize>])> {
    let total: usize = elements.iter().map(|r| r.len()).sum();
    let share = total.div_ceil(n.max(1)).max(1);
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, r) in elements.iter().enumerate() {
        bytes += r.len();
        if bytes >= share {
            out.push((start, &elements[start..=i]));
            start = i + 1;
            bytes = 0;
        }
    }
    if start < elements.len() {
        out.push((start, &elements[start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_file_is_read_in_pieces_and_a_broken_one_is_not() {
        let text = crate::load::write::to_ron(&crate::generate::dataset(300, 2));
        let parsed = parse(0, &text, 4, &Known::default(), &mut Interner::new());
        let Some(parsed) = parsed else {
            panic!("a generated file was not split");
        };
        assert_eq!(parsed.items.events.len(), 300);
        assert!(parsed.pending.is_empty());
        // Ids keep their place in the list, whichever run read them.
        let events: Vec<u32> = parsed
            .items
            .defined()
            .filter(|(k, _, _)| *k == super::super::convert::IdKind::Event)
            .map(|(_, _, at)| at)
            .collect();
        assert_eq!(events, (0..300).collect::<Vec<u32>>());
        let broken = text.replacen("(id: \"e7\"", "(id: \"e7\" oops", 1);
        assert!(parse(0, &broken, 4, &Known::default(), &mut Interner::new()).is_none());
    }

    #[test]
    fn runs_cover_every_element_once_in_order() {
        let elements: Vec<Range<usize>> = (0..10).map(|i| i * 10..i * 10 + 3 + i).collect();
        for n in 1..5 {
            let runs = chunks(&elements, n);
            assert!(runs.len() <= n, "{n}: {}", runs.len());
            let mut next = 0;
            for (first, run) in runs {
                assert_eq!(first, next);
                next += run.len();
            }
            assert_eq!(next, elements.len());
        }
        assert!(chunks(&[], 2).is_empty());
    }
}
