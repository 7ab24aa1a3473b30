//! Reading a list's elements straight from the pieces of a file, on every core, without
//! lexing the pieces first to find where each element begins (see [`super::pieces`]): lexing
//! every byte on the reading thread before parsing it again was a tenth of a large load's work.
//!
//! A piece is read from where its first element begins: known for the first piece of a list,
//! guessed for the others (the first place after a comma where an element reads and is followed
//! by a comma or the list's end). Each element read tells where the next begins, so the reading
//! of one piece, which goes on into the next to finish its last element, tells where the next
//! piece's first element truly begins: the reader checks every guess against that, in order,
//! and a wrong guess (a comma inside a string, say) has its piece read again from the right
//! place. An element the fast reader does not read is found by the lexer and read by `ron`;
//! anything else unusual hands the rest of the list back to the lexer, which gives up where
//! it must.

use std::sync::Arc;

use serde::Deserialize;

use crate::model::Interner;

use super::convert::{Converter, FileItems, Known, List};
use super::fast;
use super::raw::{self, RawClaim, RawEvent};
use super::split::Lexer;

/// How much of the next piece is joined to an element that runs on into it, first: elements
/// are far shorter, and joining the whole piece would copy every byte of the file once more.
const SPILL: usize = 64 << 10;

/// A piece to read.
#[derive(Debug)]
pub struct Job {
    /// Its number among the pieces of its list.
    pub seq: usize,
    pub which: List,
    /// Where its first element begins, when known; otherwise guessed.
    pub start: Option<usize>,
    pub here: Arc<Vec<u8>>,
    /// The piece after it, where its last element ends; none at the end of the file.
    pub next: Option<Arc<Vec<u8>>>,
    /// About how many elements it holds (as many as a piece before it held): room is made for
    /// them at once, not grown into.
    pub room: usize,
}

/// Where the reading of a piece stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// At the next piece, whose first element begins at this position of it.
    Next(usize),
    /// At the list's `]`: at this position of this piece, or of the next when `in_next`.
    ListEnd { in_next: bool, at: usize },
    /// At the element beginning at this position of this piece, which it did not read.
    Lex(usize),
    /// Before it began: no element to begin at was found (a guess only).
    NoStart,
}

/// A piece read.
#[derive(Debug)]
pub struct Done {
    pub seq: usize,
    /// Where it was read from.
    pub start: Option<usize>,
    /// The elements read, numbered from 0; `None` when one had a problem (the file is then
    /// read whole, which reports it where it is).
    pub items: Option<FileItems>,
    /// How many elements were read.
    pub count: u32,
    pub stop: Stop,
}

/// Reads `job`'s piece, for file number `file`.
pub fn run(job: &Job, file: usize, known: &mut Known, names: &mut Interner) -> Done {
    let mut pending = Vec::new();
    let mut c = Converter::new(file, &mut pending, known, names).starting_at(job.which, 0);
    c.reserve(job.which, job.room);
    let (start, count, stop, items) = match job.which {
        List::Events => read_piece::<Events>(c, job),
        List::Claims => read_piece::<Claims>(c, job),
    };
    Done {
        seq: job.seq,
        start,
        items: pending.is_empty().then_some(items),
        count,
        stop,
    }
}

/// How the elements of a list are read.
trait Elements {
    /// Reads the element beginning at `at` of `text` and gives it to `c`.
    fn add(c: &mut Converter<'_>, text: &str, at: usize) -> Step<()>;
    /// Whether an element reads at `at` of `text`, with a comma or the list's end after it.
    fn reads(text: &str, at: usize) -> bool;
}

struct Events;
struct Claims;

impl Elements for Events {
    fn add(c: &mut Converter<'_>, text: &str, at: usize) -> Step<()> {
        element::<RawEvent<'_>>(text, at).then(|e| c.event(e))
    }
    fn reads(text: &str, at: usize) -> bool {
        matches!(element::<RawEvent<'_>>(text, at), Step::Element(..))
    }
}

impl Elements for Claims {
    fn add(c: &mut Converter<'_>, text: &str, at: usize) -> Step<()> {
        element::<RawClaim>(text, at).then(|e| c.claim(e))
    }
    fn reads(text: &str, at: usize) -> bool {
        matches!(element::<RawClaim>(text, at), Step::Element(..))
    }
}

/// [`run`] for a list of `E`.
fn read_piece<E: Elements>(
    mut c: Converter<'_>,
    job: &Job,
) -> (Option<usize>, u32, Stop, FileItems) {
    // A piece may begin inside a character (the rest of the one the piece before ends with):
    // its text is from the next character on, `lead` bytes in. Elements begin after a comma.
    let lead = (job.here.iter().take(3))
        .take_while(|&&b| b & 0xC0 == 0x80)
        .count();
    let text = match valid(&job.here[lead..]) {
        Some(text) if job.start.is_none_or(|s| s >= lead) => text,
        _ => {
            let end = job.start.map_or(Stop::NoStart, Stop::Lex);
            return (job.start, 0, end, c.finish());
        }
    };
    let guessed = || guess::<E>(text).map(|at| at + lead);
    let Some(start) = job.start.or_else(guessed) else {
        return (None, 0, Stop::NoStart, c.finish());
    };
    let mut count = 0;
    let mut at = start;
    let end = loop {
        if at >= job.here.len() {
            break Stop::Next(at - job.here.len());
        }
        match E::add(&mut c, text, at - lead) {
            Step::Element((), after) => {
                count += 1;
                match after {
                    After::Next(next) => at = next + lead,
                    After::End(k) => {
                        break Stop::ListEnd {
                            in_next: false,
                            at: k + lead,
                        };
                    }
                }
            }
            Step::End(k) => {
                break Stop::ListEnd {
                    in_next: false,
                    at: k + lead,
                };
            }
            Step::Short => {
                let next = job.next.as_deref().map(Vec::as_slice);
                break straddle::<E>(&mut c, &job.here[at..], at, next, &mut count);
            }
        }
    };
    (Some(start), count, end, c.finish())
}

/// Reads the element beginning at `at` of this piece (its bytes from there, `tail`), which
/// runs on into the `next` piece: joined to a little of it, then to all of it.
fn straddle<E: Elements>(
    c: &mut Converter<'_>,
    tail: &[u8],
    at: usize,
    next: Option<&[u8]>,
    count: &mut u32,
) -> Stop {
    // At the end of the file, the lexer finds what is wrong.
    let Some(next) = next else {
        return Stop::Lex(at);
    };
    let mut take = SPILL.min(next.len());
    loop {
        let joined = [tail, &next[..take]].concat();
        let Some(text) = valid(&joined) else {
            return Stop::Lex(at);
        };
        // A position of the joined text: in the next piece, or in this one.
        let place = |k: usize| match k.checked_sub(tail.len()) {
            Some(k) => (true, k),
            None => (false, at + k),
        };
        match E::add(c, text, 0) {
            Step::Element((), after) => {
                *count += 1;
                return match after {
                    After::Next(k) => match place(k) {
                        (true, k) => Stop::Next(k),
                        // It ended in this piece after all: the lexer takes over after it.
                        (false, k) => Stop::Lex(k),
                    },
                    After::End(k) => {
                        let (in_next, at) = place(k);
                        Stop::ListEnd { in_next, at }
                    }
                };
            }
            Step::End(k) => {
                let (in_next, at) = place(k);
                return Stop::ListEnd { in_next, at };
            }
            Step::Short if take < next.len() => take = next.len(),
            Step::Short => return Stop::Lex(at),
        }
    }
}

/// The first place after a comma in `text` where an element reads and is followed by a comma
/// or the list's end: most likely where an element begins.
fn guess<E: Elements>(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    memchr::memchr_iter(b',', b).map(|k| k + 1).find(|&at| {
        // An element begins with `(` (or a struct's name): a field, a number or a string
        // after a comma is passed over without reading.
        let first = b[at..].iter().find(|c| !c.is_ascii_whitespace());
        first.is_some_and(|&c| c == b'(' || c.is_ascii_uppercase()) && E::reads(text, at)
    })
}

/// What follows an element.
enum After {
    /// A comma: the next element begins here.
    Next(usize),
    /// The list's `]`, here.
    End(usize),
}

/// What is at a place where an element may begin.
enum Step<T> {
    Element(T, After),
    /// The list's `]`, here.
    End(usize),
    /// Not an element read whole with a comma or `]` after it: the text ran out, or something
    /// is unusual.
    Short,
}

impl<T> Step<T> {
    /// An element read given to `f`.
    fn then(self, f: impl FnOnce(T)) -> Step<()> {
        match self {
            Step::Element(value, after) => {
                f(value);
                Step::Element((), after)
            }
            Step::End(at) => Step::End(at),
            Step::Short => Step::Short,
        }
    }
}

/// The element beginning at `at` of `text` (spaces and comments before it included).
fn element<'t, T: Deserialize<'t>>(text: &'t str, at: usize) -> Step<T> {
    let b = text.as_bytes();
    let mut lx = Lexer::new(b, at);
    if lx.skip_trivia().is_none() {
        return Step::Short;
    }
    match b.get(lx.i) {
        Some(b']') => return Step::End(lx.i),
        None => return Step::Short,
        Some(_) => {}
    }
    let (value, end) = match fast::from_prefix::<T>(text, lx.i) {
        Ok(read) => read,
        Err(_) => {
            // Found by the lexer, read by `ron`.
            let mut lx = Lexer::new(b, at);
            let Some(Some(range)) = lx.element() else {
                return Step::Short;
            };
            match text
                .get(range.clone())
                .map(|t| raw::ron_options().from_str(t))
            {
                Some(Ok(value)) => (value, range.end),
                _ => return Step::Short,
            }
        }
    };
    let mut lx = Lexer::new(b, end);
    if lx.skip_trivia().is_none() {
        return Step::Short;
    }
    match b.get(lx.i) {
        Some(b',') => Step::Element(value, After::Next(lx.i + 1)),
        Some(b']') => Step::Element(value, After::End(lx.i)),
        _ => Step::Short,
    }
}

/// `bytes` as text, but for a character cut short at the end (the rest of it is in the next
/// piece); `None` when they are not UTF-8.
fn valid(bytes: &[u8]) -> Option<&str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok(),
        Err(_) => None,
    }
}
