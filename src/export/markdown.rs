//! The Markdown briefing: what happened, when, who says so, and where the sources disagree.
//! Deterministic: the same data and filters give the same bytes.

use std::borrow::Cow;
use std::fmt::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::model::{Claim, Dataset, Event, Name, Source};
use crate::query::compare::SubjectRow;
use crate::query::same::{
    MAX_REPORTS, OtherReport, PlaceMatch, Reporter, SameIndex, Spellings, recorders,
};
use crate::query::{Filter, Selection, Standing, subject_rows_of};

use super::citations::{Citations, Cited, Whos, source_name, who, write_report};
use super::escape::{Inline, inline, push_inline, push_inline_made, quote_block};

/// At most this many pairs of claims that cannot both be true are written for a subject. A
/// subject of thousands of claims has millions of such pairs: written out, a briefing of 1M
/// generated events was 1.5 GB and took 100 s; a reader needs the first few, and the claims.
const MAX_CONTRADICTIONS: usize = 12;

/// Renders the briefing for `selection` of `dataset`, made with `filter`; `marked` says the
/// events were picked by hand in the viewer.
pub fn briefing(
    dataset: &Dataset,
    selection: &Selection<'_>,
    filter: &Filter,
    marked: bool,
) -> String {
    let mut out = String::new();
    let _ = briefing_to(&mut out, dataset, selection, filter, marked, None);
    out
}

/// Writes the briefing (see [`briefing`]) into `out` as it goes: a briefing of a large selection
/// is never held whole in memory. Stops at the first error `out` gives. `same` is `dataset`'s
/// other-reports index when one is at hand (the viewer's); else one is made, and freed once the
/// other reports are found.
pub fn briefing_to(
    out: &mut impl Write,
    dataset: &Dataset,
    selection: &Selection<'_>,
    filter: &Filter,
    marked: bool,
    same: Option<&SameIndex>,
) -> std::fmt::Result {
    let search = Search::for_sizes(selection.events.len(), dataset.events.len(), same.is_some());
    briefing_with(out, dataset, selection, filter, marked, search, same)
}

/// When a briefing finds the other reports of its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Search {
    /// While the timeline is written: the index made and searched on other cores meanwhile.
    Alongside,
    /// Before the timeline is written.
    First,
    /// After the timeline is written, once its citations' table is freed.
    After,
}

impl Search {
    /// Alongside is faster (the briefing of 3 of 20 sources of 1M generated events, made in
    /// memory: 1.38 s against 1.56 s), but holds the index, and what the search finds, while
    /// the citations' table fills; for a selection of most of the dataset that table is at its
    /// largest, and the briefing of all 1M events peaked 25–30 MB higher, past the size of the
    /// file. So a selection of more than half the events finds them apart from the timeline:
    /// first when the index is to be made (it is freed before the table is made), after when
    /// it is given (it is held throughout, and what is found is not held beside the table).
    fn for_sizes(selected: usize, all: usize, given: bool) -> Search {
        if selected.saturating_mul(2) <= all {
            Search::Alongside
        } else if given {
            Search::After
        } else {
            Search::First
        }
    }
}

/// [`briefing_to`], the other reports found as `search` says.
fn briefing_with(
    out: &mut impl Write,
    dataset: &Dataset,
    selection: &Selection<'_>,
    filter: &Filter,
    marked: bool,
    search: Search,
    same: Option<&SameIndex>,
) -> std::fmt::Result {
    // One blank line between blocks, however the sections end.
    // Set at the first failed write, so that the work still going on stops (an export
    // cancelled from the viewer fails its next write).
    let failed = AtomicBool::new(false);
    let mut out = Squeeze {
        out,
        newlines: 0,
        failed: &failed,
    };
    let out = &mut out;
    let whos = Whos::new(dataset);
    let _ = writeln!(out, "# Briefing: {}\n", Inline(dataset.title()));
    let _ = writeln!(out, "- **Period covered:** {}", period(selection, filter));
    let filters = filter.describe();
    let _ = writeln!(
        out,
        "- **Filters:** {}",
        if filters.is_empty() {
            "none".to_string()
        } else {
            inline(&filters.join("; "))
        }
    );
    let _ = writeln!(
        out,
        "- **Events:** {} of {}{}",
        selection.events.len(),
        dataset.events.len(),
        if marked { ", marked by hand" } else { "" }
    );
    let _ = writeln!(out, "- **Claims:** {}\n", selection.claims.len());

    let _ = out.write_str("## Timeline\n\n");
    if selection.events.is_empty() {
        let _ = out.write_str("No event.\n");
    }
    let spellings;
    let (pairs, mut cites) = match search {
        Search::First => {
            // Their index, unless given, is made while the places are spelled.
            let index: Cow<'_, SameIndex>;
            (index, spellings) = match same {
                Some(same) => (Cow::Borrowed(same), Spellings::new(dataset)),
                None => std::thread::scope(|scope| {
                    let spellings = scope.spawn(|| Spellings::new(dataset));
                    let index = SameIndex::new(dataset);
                    (Cow::Owned(index), joined(spellings))
                }),
            };
            let pairs = while_asking(out, || {
                same_happenings(dataset, selection, &index, &spellings, &failed)
            });
            drop(index);
            let mut cites = Citations::new(dataset, &whos, &selection.events);
            write_timeline(out, &selection.events, &mut cites);
            (pairs, cites)
        }
        Search::After => {
            let mut cites = Citations::new(dataset, &whos, &selection.events);
            write_timeline(out, &selection.events, &mut cites);
            cites.done_citing();
            spellings = Spellings::new(dataset);
            let index = same.map_or_else(|| Cow::Owned(SameIndex::new(dataset)), Cow::Borrowed);
            let pairs = while_asking(out, || {
                same_happenings(dataset, selection, &index, &spellings, &failed)
            });
            (pairs, cites)
        }
        Search::Alongside => {
            spellings = Spellings::new(dataset);
            std::thread::scope(|scope| {
                let found = scope.spawn(|| {
                    let index =
                        same.map_or_else(|| Cow::Owned(SameIndex::new(dataset)), Cow::Borrowed);
                    same_happenings(dataset, selection, &index, &spellings, &failed)
                });
                let mut cites = Citations::new(dataset, &whos, &selection.events);
                write_timeline(out, &selection.events, &mut cites);
                (joined(found), cites)
            })
        }
    };
    // Only the timeline cites: the rest of the briefing is written without the table.
    cites.done_citing();
    let rows = if out.failed() {
        Vec::new()
    } else {
        subject_rows(dataset, &selection.claims)
    };
    if out.failed() {
        return Err(std::fmt::Error);
    }
    let _ = out.write_str("\n## Where sources disagree\n\n");
    let contradicted: Vec<&SubjectRow<'_>> = rows
        .iter()
        .filter(|r| r.standing == Standing::Contradicted)
        .collect();
    if contradicted.is_empty() && !pairs.iter().any(|p| p.disagrees) {
        let _ = out.write_str("No contradiction among the claims in this briefing.\n");
    }
    let disagreeing: Vec<&Pair> = pairs.iter().filter(|p| p.disagrees).collect();
    write_pairs(out, dataset, &spellings, &disagreeing);
    write_rows(out, &contradicted, |out, row| {
        let _ = writeln!(out, "### {}\n", Inline(&row.subject.label));
        for c in &row.claims {
            claim_entry(out, dataset, c, "");
        }
        let _ = out.write_char('\n');
        let mut said = std::collections::BTreeSet::new();
        let mut pairs = row.contradicting();
        for (a, b) in pairs.by_ref() {
            let line = format!(
                "Cannot both be true: {} ({}) and {} ({}).",
                Inline(&a.value.human()),
                Inline(&source_name(dataset, &a.source)),
                Inline(&b.value.human()),
                Inline(&source_name(dataset, &b.source)),
            );
            if said.insert(line.clone()) {
                let _ = writeln!(out, "{line}\n");
                if said.len() == MAX_CONTRADICTIONS {
                    break;
                }
            }
        }
        if pairs.next().is_some() {
            let _ = writeln!(
                out,
                "These are the first {MAX_CONTRADICTIONS}; more pairs of these claims cannot both be true.\n"
            );
        }
    });

    let single: Vec<&SubjectRow<'_>> = rows
        .iter()
        .filter(|r| r.standing == Standing::SingleSource)
        .collect();
    if !single.is_empty() {
        let _ = out.write_str("\n## Unconfirmed: claimed by one source only\n\n");
        write_rows(out, &single, |out, row| {
            let _ = writeln!(out, "### {}\n", Inline(&row.subject.label));
            for c in &row.claims {
                claim_entry(out, dataset, c, " — *unconfirmed*");
            }
            let _ = out.write_char('\n');
        });
    }

    let other: Vec<&SubjectRow<'_>> = rows
        .iter()
        .filter(|r| matches!(r.standing, Standing::Agreed | Standing::Unresolved))
        .collect();
    if !other.is_empty() {
        let _ = out.write_str("\n## Where sources agree, or cannot be compared\n\n");
        write_rows(out, &other, |out, row| {
            let how = if row.standing == Standing::Agreed {
                "agree"
            } else {
                "not comparable"
            };
            let _ = writeln!(out, "### {} ({how})\n", Inline(&row.subject.label));
            for c in &row.claims {
                claim_entry(out, dataset, c, "");
            }
            let _ = out.write_char('\n');
        });
    }

    let agreeing: Vec<&Pair> = pairs.iter().filter(|p| !p.disagrees).collect();
    if !agreeing.is_empty() {
        let _ = out.write_str("\n## Also reported by other sources\n\n");
        write_pairs(out, dataset, &spellings, &agreeing);
    }

    let _ = out.write_str("\n## Sources\n\n");
    let others: Vec<&Event> = pairs
        .iter()
        .filter_map(|p| dataset.events.get(p.theirs as usize))
        .collect();
    for s in sources_used(dataset, selection, &others) {
        source_entry(out, s);
    }

    let _ = out.write_str("\n## Citations\n\n");
    if cites.count() == 0 {
        let _ = out.write_str("None.\n");
    }
    write_citations(out, &cites);
    out.finish()
}

/// Writes through to `out`, letting no more than two line breaks follow one another, and
/// remembers the first error (so that the writing can go on unchecked and be checked once).
struct Squeeze<'w, W: Write> {
    out: &'w mut W,
    /// Line breaks just written (0, 1 or 2).
    newlines: u8,
    failed: &'w AtomicBool,
}

impl<W: Write> Squeeze<'_, W> {
    /// Whether a write failed: nothing more will be written.
    fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }

    fn finish(&mut self) -> std::fmt::Result {
        if self.failed() {
            Err(std::fmt::Error)
        } else {
            Ok(())
        }
    }
}

impl<W: Write> Write for Squeeze<'_, W> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.failed() {
            return Err(std::fmt::Error);
        }
        // Written whole but for the line breaks past the second in a row, which are left out.
        let bytes = s.as_bytes();
        let (mut from, mut at) = (0, 0);
        while let Some(found) = memchr::memchr(b'\n', &bytes[at..]) {
            let newline = at + found;
            if newline > at {
                self.newlines = 0;
            }
            if self.newlines < 2 {
                self.newlines += 1;
            } else {
                self.pass(&s[from..newline])?;
                from = newline + 1;
            }
            at = newline + 1;
        }
        if at < bytes.len() {
            self.newlines = 0;
        }
        self.pass(&s[from..])
    }
}

impl<W: Write> Squeeze<'_, W> {
    /// Writes `s` through, remembering a failure.
    fn pass(&mut self, s: &str) -> std::fmt::Result {
        if s.is_empty() {
            return Ok(());
        }
        self.out
            .write_str(s)
            .inspect_err(|_| self.failed.store(true, Ordering::Relaxed))
    }

    /// Asks `out` whether it still takes writes, writing nothing (see [`crate::export`]'s
    /// writer: a cancelled export refuses even an empty write); remembers a refusal.
    fn probe(&mut self) {
        if !self.failed() && self.out.write_str("").is_err() {
            self.failed.store(true, Ordering::Relaxed);
        }
    }
}

fn period(selection: &Selection<'_>, filter: &Filter) -> String {
    let earliest = selection
        .events
        .iter()
        .filter_map(|e| e.when.earliest())
        .min();
    let latest = selection
        .events
        .iter()
        .filter_map(|e| e.when.latest())
        .max();
    let from = filter.from.or(earliest);
    let to = filter.to.or(latest);
    match (from, to) {
        (Some(a), Some(b)) => format!("{} to {}", a.format("%-d %b %Y"), b.format("%-d %b %Y")),
        _ => "no dated event".to_string(),
    }
}

/// What `work` gives, made on a thread of its own while `out` is asked now and then whether it
/// still takes writes: work that writes nothing for a while still stops soon once the briefing
/// is cancelled (`work` is to look at `out`'s failure flag).
fn while_asking<W: Write, T: Send>(out: &mut Squeeze<'_, W>, work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let (done, finished) = std::sync::mpsc::sync_channel::<()>(1);
        let worker = scope.spawn(move || {
            let made = work();
            let _ = done.send(());
            made
        });
        // Until it is done (or has panicked, which drops `done`).
        let wait = std::time::Duration::from_millis(20);
        while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(wait) {
            out.probe();
        }
        joined(worker)
    })
}

/// What a scoped thread made; its panic, should it have panicked, goes on in this thread.
fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    match thread.join() {
        Ok(made) => made,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Writes the timeline's entries in order, made on every core a round at a time; only their
/// citation numbers are given here, in order of first use.
fn write_timeline<'a>(out: &mut impl Write, events: &[&'a Event], cites: &mut Citations<'a>) {
    let (d, whos) = (cites.dataset(), cites.whos());
    let entries = |_: &mut (), first: usize, chunk: &[&'a Event]| -> Entries {
        let mut made = Entries::default();
        for (at, e) in (first..).zip(chunk) {
            made.add(d, whos, at, e);
        }
        made
    };
    // A round of 4096 entries is about 0.7 MB of Markdown; at 32,768 a briefing of 1M events
    // peaked 30 MB higher, and was no faster.
    in_rounds(
        events,
        (512, 1 << 12),
        || (),
        entries,
        |made| made.write_to(out, cites),
    );
}

/// Timeline entries, written but for their citations' numbers: each citation's place in the
/// text is marked, and its own text kept apart (to be numbered by it).
#[derive(Default)]
struct Entries {
    /// The entries, one after another, with no citation.
    text: String,
    /// The citations, in order.
    marks: Vec<Mark>,
    /// Their texts, one after another.
    cited: String,
}

/// A citation in [`Entries`].
struct Mark {
    /// Where in the entries' text its number goes.
    at: usize,
    /// Where its own text ends in the citations' texts.
    end: usize,
    /// What it cites.
    cites: Cited,
}

impl Entries {
    /// Adds the entry of event `e`, at position `at` among the briefing's events: date, kind,
    /// title, place, its citations, then its figures.
    fn add(&mut self, d: &Dataset, whos: &Whos<'_>, at: usize, e: &Event) {
        // Past 4 billion events a citation would point nowhere; no memory holds that many.
        let event = u32::try_from(at).unwrap_or(u32::MAX);
        let head = &mut self.text;
        head.push_str("- **");
        push_inline_made(head, |o| e.when.push_human(o));
        match (e.when.is_approximate(), e.when.is_uncertain()) {
            (true, true) => head.push_str(" (approximate, uncertain)"),
            (true, false) => head.push_str(" (approximate)"),
            (false, true) => head.push_str(" (uncertain)"),
            (false, false) => {}
        }
        head.push_str("** — *");
        head.push_str(e.kind.label());
        head.push_str("* — ");
        push_inline(head, e.title());
        if let Some(p) = &e.place {
            head.push_str(" — ");
            push_inline(head, &p.name);
        }
        head.push(' ');
        for (report, number) in (0..e.sources().len()).zip(0u32..) {
            write_report(d, whos, e, report, &mut self.cited);
            self.marks.push(Mark {
                at: self.text.len(),
                end: self.cited.len(),
                cites: Cited {
                    event,
                    report: number,
                },
            });
        }
        let tail = &mut self.text;
        tail.push('\n');
        for m in &e.quantities {
            tail.push_str("  - ");
            push_inline(tail, &m.what);
            tail.push_str(": ");
            push_inline_made(tail, |o| m.value.push_human(o));
            if m.value.is_approximate() {
                tail.push_str(" (approximate)");
            }
            tail.push('\n');
        }
    }

    /// Writes the entries to `out`, each citation numbered by `cites`; false when a write failed.
    fn write_to(self, out: &mut impl Write, cites: &mut Citations<'_>) -> bool {
        let (mut from, mut cited_from) = (0, 0);
        for m in self.marks {
            let text = self.text.get(from..m.at).unwrap_or_default();
            let cited = self.cited.get(cited_from..m.end).unwrap_or_default();
            let n = cites.cite(m.cites, cited);
            if out.write_str(text).is_err() || write!(out, "\\[{n}\\]").is_err() {
                return false;
            }
            (from, cited_from) = (m.at, m.end);
        }
        out.write_str(self.text.get(from..).unwrap_or_default())
            .is_ok()
    }
}

/// Writes the list of citations, each made again from what it cites, on every core.
fn write_citations(out: &mut impl Write, cites: &Citations<'_>) {
    let text = |_: &mut (), first: usize, chunk: &[&Event]| {
        let mut text = String::new();
        cites.write_numbered(first, chunk.len(), &mut text);
        text
    };
    // Two thousand events are about four thousand citations: 0.4 MB of Markdown.
    in_rounds(
        cites.events(),
        (128, 1 << 11),
        || (),
        text,
        |text| out.write_str(&text).is_ok(),
    );
}

/// Makes what `items` come to on every core, `chunk` items at a time (each thread's work with
/// a `state` of its own, and told where its chunk starts among the items), and hands it to
/// `take` in order: `round` items at a time, so that a briefing of millions is never held
/// whole (three rounds at most: one taken, one made ahead, one being made). The next round is
/// made while `take` has this one: taking (writing, numbering citations) is done on one
/// thread, which the others would otherwise wait for. When `take` returns false (a write
/// failed), no more is made.
fn in_rounds<T: Sync, S, R: Send>(
    items: &[T],
    (chunk, round): (usize, usize),
    state: impl Fn() -> S + Sync + Send,
    make: impl Fn(&mut S, usize, &[T]) -> R + Sync + Send,
    mut take: impl FnMut(R) -> bool,
) {
    let (chunk, round) = (chunk.max(1), round.max(1));
    std::thread::scope(|scope| {
        // One round made ahead, no more: memory stays bounded however long the briefing.
        let (made, rounds) = std::sync::mpsc::sync_channel::<Vec<R>>(1);
        let (state, make) = (&state, &make);
        scope.spawn(move || {
            for (r, items) in items.chunks(round).enumerate() {
                let done: Vec<R> = items
                    .par_chunks(chunk)
                    .enumerate()
                    .map_init(state, |s, (c, items)| make(s, r * round + c * chunk, items))
                    .collect();
                // The taker stopped (a write failed, or it panicked): nothing more is wanted.
                if made.send(done).is_err() {
                    return;
                }
            }
        });
        for round in rounds {
            if !round.into_iter().all(&mut take) {
                // Dropping the receiver stops the maker at its next round.
                return;
            }
        }
    });
}

/// A claim as a list item: who, when, the value (bold), then its words and channel.
fn claim_entry(out: &mut impl Write, d: &Dataset, c: &Claim, flag: &str) {
    let credibility = c
        .credibility
        .and_then(|n| {
            crate::model::claim::credibility_label(n).map(|l| format!(", credibility {n} ({l})"))
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "- {}, {}: **{}**{credibility}{flag}",
        who(d, &c.source, c.speaker.as_deref()),
        Inline(&c.stated.human()),
        Inline(&c.value.human()),
    );
    if let Some(q) = c.quote() {
        let _ = writeln!(out, "\n{}\n", quote_block(&format!("“{q}”"), "  "));
    }
    if let Some(p) = c.paraphrase() {
        let _ = writeln!(out, "  - Reported: {}", Inline(p));
    }
    if let Some(via) = &c.via {
        let _ = writeln!(out, "  - Via: {}", Inline(&source_name(d, via)));
    }
}

fn source_entry(out: &mut impl Write, s: &Source) {
    let grade = s.reliability.map_or("not graded".to_string(), |r| {
        format!("grade {r}, {}", r.label())
    });
    let _ = write!(
        out,
        "- **{}** (`{}`) — {}; {grade}",
        Inline(&s.name),
        s.id,
        s.kind.label()
    );
    if !s.speakers.is_empty() {
        let speakers: Vec<String> = s
            .speakers
            .iter()
            .map(|p| match &p.role {
                Some(r) => format!("{}, {}", Inline(&p.name), Inline(r)),
                None => inline(&p.name),
            })
            .collect();
        let _ = write!(out, "; speakers: {}", speakers.join("; "));
    }
    let _ = out.write_char('\n');
}

/// The subjects of these claims (a briefing's, in dataset order), in dataset order, with their
/// standing among these claims.
fn subject_rows<'a>(d: &'a Dataset, claims: &[&'a Claim]) -> Vec<SubjectRow<'a>> {
    // The claims themselves, not the dataset's claims whose ids are theirs: a set of the ids
    // of the 1.5 million claims of 1M generated events was 34 MB.
    subject_rows_of(d, claims.iter().copied())
        .into_iter()
        .filter(|r| !r.claims.is_empty())
        .collect()
}

/// Two reports of one happening, by position among the dataset's events: a briefing of many
/// events holds millions of these, so the report itself is made again when it is written.
struct Pair {
    ours: u32,
    theirs: u32,
    disagrees: bool,
}

impl Pair {
    fn write(&self, out: &mut String, reporter: &mut Reporter<'_>, d: &Dataset) {
        let (ours, theirs) = (self.ours as usize, self.theirs as usize);
        if let (Some(e), Some(other)) = (d.events.get(ours), reporter.report(ours, theirs)) {
            same_happening_entry(out, d, e, &other);
        }
    }
}

/// Writes these pairs in order, made on every core.
fn write_pairs(out: &mut impl Write, d: &Dataset, spellings: &Spellings<'_>, pairs: &[&Pair]) {
    // A pair is about a kilobyte of Markdown: a round of 1024, a megabyte.
    write_in_rounds(
        out,
        pairs,
        (256, 1 << 10),
        || Reporter::sharing(d, spellings),
        |reporter, text, p| p.write(text, reporter, d),
    );
}

/// Subjects are made in groups of about this many claims in all (four groups a round).
const GROUP_CLAIMS: usize = 2048;

/// Writes a section's subjects in order, each made by `write` on every core.
fn write_rows(
    out: &mut impl Write,
    rows: &[&SubjectRow<'_>],
    write: impl Fn(&mut String, &SubjectRow<'_>) + Sync + Send,
) {
    // Rounds are counted in claims, not subjects: a subject can hold thousands of claims.
    // At 256 subjects a round, the 199 contradicted subjects of 1M generated events (~1,000
    // claims, 220 kB of Markdown each) were made all at once: 44 MB held, the briefing's peak.
    let groups = by_weight(rows, GROUP_CLAIMS, |row| row.claims.len());
    write_in_rounds(
        out,
        &groups,
        (1, 4),
        || (),
        |(), text, group| {
            for row in *group {
                write(text, row);
            }
        },
    );
}

/// `items` in groups, in order, each of at most `most` in weight all told (or of one item that
/// weighs more).
fn by_weight<T>(items: &[T], most: usize, weight: impl Fn(&T) -> usize) -> Vec<&[T]> {
    let mut groups = Vec::new();
    let (mut start, mut total) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        let w = weight(item);
        if i > start && total + w > most {
            groups.extend(items.get(start..i));
            (start, total) = (i, 0);
        }
        total += w;
    }
    groups.extend(items.get(start..).filter(|rest| !rest.is_empty()));
    groups
}

/// Writes `items` to `out` in order, each written by `write` into the text of its chunk, the
/// chunks made on every core, `sizes` (chunk, round) at a time (see [`in_rounds`]).
fn write_in_rounds<T: Sync, S>(
    out: &mut impl Write,
    items: &[T],
    sizes: (usize, usize),
    state: impl Fn() -> S + Sync + Send,
    write: impl Fn(&mut S, &mut String, &T) + Sync + Send,
) {
    let text = |state: &mut S, _: usize, chunk: &[T]| {
        let mut text = String::new();
        for item in chunk {
            write(state, &mut text, item);
        }
        text
    };
    in_rounds(items, sizes, state, text, |text| {
        out.write_str(&text).is_ok()
    });
}

/// Each pair of reports of the same happening with at least one event in the briefing, once, in
/// the dataset's order of the briefing's events (see [`crate::query::same`]), found by `index`;
/// the events are looked at on every core. Once `stop` is set, the events not yet looked at are
/// left out.
fn same_happenings(
    d: &Dataset,
    selection: &Selection<'_>,
    index: &SameIndex,
    spellings: &Spellings<'_>,
    stop: &AtomicBool,
) -> Vec<Pair> {
    // In the dataset's order (a briefing's events always are: a copy is made only should they
    // not be), so that what was found for an event is found again by halving.
    let position = |e: &&Event| d.position(e).unwrap_or(usize::MAX);
    let events: Cow<'_, [&Event]> = if selection.events.is_sorted_by_key(position) {
        Cow::Borrowed(&selection.events)
    } else {
        let mut sorted = selection.events.clone();
        sorted.sort_by_key(position);
        Cow::Owned(sorted)
    };
    let found: Vec<Vec<Pair>> = events
        .par_chunks(1024)
        .map_init(
            || Reporter::sharing(d, spellings),
            |reporter, chunk| {
                let mut found = Vec::new();
                if stop.load(Ordering::Relaxed) {
                    return found;
                }
                for &e in chunk {
                    let Some(i) = d.position(e) else { continue };
                    let Ok(ours) = u32::try_from(i) else { continue };
                    for other in index.first_reports_by(reporter, i, MAX_REPORTS) {
                        let Ok(theirs) = u32::try_from(other.index) else {
                            continue;
                        };
                        found.push(Pair {
                            ours,
                            theirs,
                            disagrees: other.disagrees(),
                        });
                    }
                }
                found.shrink_to_fit();
                found
            },
        )
        .collect();
    once_each(found)
}

/// The pairs `found` (in chunks, in order of `ours`), each once: a pair found from both its
/// events is kept where it was found first, from the earlier event. The pairs found from an
/// event are found by halving, not kept in a set (18 MB for the 1.5 million pairs of 1M
/// events, beside the 24 MB of pairs, at the briefing's peak).
fn once_each(mut found: Vec<Vec<Pair>>) -> Vec<Pair> {
    // Chunks are found by their last pair.
    found.retain(|chunk| !chunk.is_empty());
    let found_from = |event: u32| -> &[Pair] {
        let chunk = found.partition_point(|c| c.last().is_some_and(|p| p.ours < event));
        let Some(chunk) = found.get(chunk) else {
            return &[];
        };
        let from = chunk.partition_point(|p| p.ours < event);
        let to = chunk.partition_point(|p| p.ours <= event);
        chunk.get(from..to).unwrap_or_default()
    };
    let again =
        |p: &Pair| p.theirs < p.ours && found_from(p.theirs).iter().any(|q| q.theirs == p.ours);
    let kept: Vec<Vec<bool>> = found
        .par_iter()
        .map(|chunk| chunk.iter().map(|p| !again(p)).collect())
        .collect();
    let mut pairs = Vec::with_capacity(kept.iter().flatten().filter(|&&k| k).count());
    for (chunk, kept) in found.into_iter().zip(kept) {
        pairs.extend(
            chunk
                .into_iter()
                .zip(kept)
                .filter_map(|(p, k)| k.then_some(p)),
        );
    }
    pairs
}

/// Two reports of one happening: each side's date, sources and figures; disagreements said.
fn same_happening_entry(out: &mut String, d: &Dataset, ours: &Event, other: &OtherReport<'_>) {
    let theirs = other.event;
    out.push_str("### ");
    push_inline(out, ours.title());
    out.push_str(" / ");
    push_inline(out, theirs.title());
    out.push_str("\n\nDates overlap, kinds correspond (");
    out.push_str(ours.kind.label());
    out.push_str(" / ");
    out.push_str(theirs.kind.label());
    out.push_str("), ");
    match &other.place {
        PlaceMatch::Near(km) => {
            let _ = write!(out, "places {km:.1} km apart");
        }
        PlaceMatch::Named(a, b) => {
            out.push_str("places named “");
            push_inline(out, a);
            out.push_str("” and “");
            push_inline(out, b);
            out.push('”');
        }
    }
    out.push_str(".\n\n");
    for e in [ours, theirs] {
        out.push_str("- **");
        push_inline_made(out, |o| e.when.push_human(o));
        out.push_str("** — ");
        for (n, (source, via)) in recorders(d, e).enumerate() {
            if n > 0 {
                out.push_str(", ");
            }
            push_inline(out, source);
            if let Some(via) = via {
                out.push_str(" via ");
                push_inline(out, via);
            }
        }
        out.push_str(" (`");
        push_inline(out, e.id());
        out.push_str("`)");
        for (n, m) in e.quantities.iter().enumerate() {
            out.push_str(if n == 0 { " — " } else { "; " });
            push_inline(out, &m.what);
            out.push_str(": ");
            push_inline_made(out, |o| m.value.push_human(o));
        }
        out.push('\n');
    }
    out.push('\n');
    for p in other.pairs.iter().filter(|p| !p.agree) {
        out.push_str("Cannot both be true: ");
        push_inline(out, p.what);
        out.push(' ');
        push_inline_made(out, |o| p.ours.value.push_human(o));
        out.push_str(" and ");
        push_inline(out, &p.theirs.what);
        out.push(' ');
        push_inline_made(out, |o| p.theirs.value.push_human(o));
        out.push_str(".\n\n");
    }
}

/// The sources that report an event or make a claim in the briefing (or report one of the
/// `others` set beside its events), in dataset order.
fn sources_used<'a>(
    d: &'a Dataset,
    selection: &Selection<'_>,
    others: &[&Event],
) -> Vec<&'a Source> {
    // Each shared copy of a name once, by its address (cheaper than hashing the text a million
    // times), then their texts; the events are looked at on every core.
    type Copies<'n> = foldhash::HashMap<usize, &'n str>;
    fn note<'n>(copies: &mut Copies<'n>, name: Option<&'n Name>) {
        if let Some(n) = name {
            copies.entry(n.address()).or_insert(n);
        }
    }
    let mut copies = selection
        .events
        .par_iter()
        .chain(others.par_iter())
        .with_min_len(1 << 12)
        .fold(Copies::default, |mut copies, e| {
            for a in e.sources() {
                note(&mut copies, Some(&a.source));
                note(&mut copies, a.via.as_ref());
            }
            copies
        })
        .reduce(Copies::default, |mut a, b| {
            a.extend(b);
            a
        });
    for c in &selection.claims {
        note(&mut copies, Some(&c.source));
        note(&mut copies, c.via.as_ref());
    }
    let used: foldhash::HashSet<&str> = copies.into_values().collect();
    d.sources
        .iter()
        .filter(|s| used.contains(s.id.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn groups_by_weight_hold_every_item_in_order_none_over_the_most_but_a_heavy_one_alone(
            weights in proptest::collection::vec(0usize..50, 0..200),
            most in 1usize..120,
        ) {
            let groups = by_weight(&weights, most, |&w| w);
            let joined: Vec<usize> = groups.iter().flat_map(|g| g.iter().copied()).collect();
            proptest::prop_assert_eq!(&joined, &weights);
            for (g, next) in groups.iter().zip(groups.iter().skip(1).map(Some).chain([None])) {
                let total: usize = g.iter().sum();
                proptest::prop_assert!(!g.is_empty());
                proptest::prop_assert!(total <= most || g.len() == 1, "{g:?} over {most}");
                // A group is cut only where the next item would not fit.
                if let Some(next) = next.and_then(|n| n.first()) {
                    proptest::prop_assert!(total + next > most, "{g:?} then {next} under {most}");
                }
            }
        }
    }

    #[test]
    fn rounds_are_taken_in_order_whole_however_many_there_are() {
        let items: Vec<u32> = (0..100_000).collect();
        let mut taken = Vec::new();
        in_rounds(
            &items,
            (7, 1000),
            || (),
            |(), first, c: &[u32]| (first, c.to_vec()),
            |(first, c)| {
                // Each chunk is told where it starts.
                assert_eq!(first, taken.len());
                taken.extend(c);
                true
            },
        );
        assert_eq!(taken, items);
        let mut none = 0;
        in_rounds(
            &[] as &[u32],
            (7, 1000),
            || (),
            |(), _, c: &[u32]| c.len(),
            |n| {
                none += n;
                true
            },
        );
        assert_eq!(none, 0);
    }

    #[test]
    fn rounds_stop_being_made_once_the_taker_stops() {
        let items: Vec<u32> = (0..1_000_000).collect();
        let made = std::sync::atomic::AtomicUsize::new(0);
        let mut taken = 0;
        in_rounds(
            &items,
            (64, 1 << 12),
            || (),
            |(), _, c: &[u32]| made.fetch_add(c.len(), Ordering::Relaxed),
            |_| {
                taken += 1;
                taken < 10
            },
        );
        assert_eq!(taken, 10, "nothing taken after the taker said stop");
        // The round taken and at most two more (one made ahead, one being made).
        let made = made.into_inner();
        assert!(made <= 3 << 12, "{made} of {} made", items.len());
    }

    #[test]
    fn each_pair_found_from_both_its_events_is_kept_once_where_found_first() {
        // Random pairs as the search finds them: events in ascending order, each with other
        // events (none twice, never itself), in chunks, some empty.
        let mut seed = 0x9e37_79b9_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for round in 0..200 {
            let events = 1 + next(60) as u32;
            let mut found: Vec<Vec<Pair>> = vec![Vec::new()];
            for ours in 0..events {
                if next(3) == 0 {
                    continue;
                }
                let mut theirs: Vec<u32> = (0..next(6))
                    .map(|_| next(u64::from(events)) as u32)
                    .collect();
                theirs.sort_unstable();
                theirs.dedup();
                for theirs in theirs.into_iter().filter(|&t| t != ours) {
                    let chunk = found.len() - 1;
                    found[chunk].push(Pair {
                        ours,
                        theirs,
                        disagrees: next(2) == 0,
                    });
                }
                if next(4) == 0 {
                    found.push(Vec::new());
                }
            }
            let mut seen = std::collections::HashSet::new();
            let expected: Vec<(u32, u32, bool)> = found
                .iter()
                .flatten()
                .filter(|p| seen.insert((p.ours.min(p.theirs), p.ours.max(p.theirs))))
                .map(|p| (p.ours, p.theirs, p.disagrees))
                .collect();
            let kept: Vec<(u32, u32, bool)> = once_each(found)
                .iter()
                .map(|p| (p.ours, p.theirs, p.disagrees))
                .collect();
            assert_eq!(kept, expected, "round {round}");
        }
    }

    #[test]
    fn other_reports_found_first_alongside_or_after_the_timeline_make_the_same_briefing() {
        let d = crate::generate::dataset(4_000, 11);
        let some = Filter {
            sources: vec!["s1".into(), "s2".into()],
            ..Filter::default()
        };
        for filter in [Filter::default(), some] {
            let selection = Selection::filtered(&d, &filter);
            // Each way, with an index made beforehand (as the viewer's) or its own.
            let index = SameIndex::new(&d);
            let made = [Search::First, Search::Alongside, Search::After].map(|search| {
                [None, Some(&index)].map(|same| {
                    let mut out = String::new();
                    let done =
                        briefing_with(&mut out, &d, &selection, &filter, false, search, same);
                    assert!(done.is_ok());
                    out
                })
            });
            let made = made.as_flattened();
            assert!(made[0].contains("## Also reported by other sources"));
            assert!(
                made.iter().all(|m| *m == made[0]),
                "{filter:?}: the briefings differ"
            );
        }
        // Most of the dataset: first, or after with the index given; the rest alongside.
        assert_eq!(Search::for_sizes(501, 1_000, false), Search::First);
        assert_eq!(Search::for_sizes(501, 1_000, true), Search::After);
        assert_eq!(Search::for_sizes(500, 1_000, true), Search::Alongside);
        assert_eq!(Search::for_sizes(0, 0, false), Search::Alongside);
    }

    #[test]
    fn work_that_writes_nothing_is_told_once_the_briefing_is_cancelled() {
        /// Takes every write until cancelled, as an export from the viewer.
        struct Cancellable<'c>(&'c AtomicBool);
        impl Write for Cancellable<'_> {
            fn write_str(&mut self, _: &str) -> std::fmt::Result {
                if self.0.load(Ordering::Relaxed) {
                    return Err(std::fmt::Error);
                }
                Ok(())
            }
        }
        let (cancelled, failed) = (AtomicBool::new(false), AtomicBool::new(false));
        let mut stream = Cancellable(&cancelled);
        let mut out = Squeeze {
            out: &mut stream,
            newlines: 0,
            failed: &failed,
        };
        // The briefing is cancelled while the work goes on; the work waits to be told.
        let told = while_asking(&mut out, || {
            cancelled.store(true, Ordering::Relaxed);
            let start = std::time::Instant::now();
            while !failed.load(Ordering::Relaxed) && start.elapsed().as_secs() < 10 {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            failed.load(Ordering::Relaxed)
        });
        assert!(
            told,
            "the work was not told that the briefing was cancelled"
        );
        assert!(out.write_str("more").is_err());
    }

    #[test]
    fn a_briefing_whose_writes_fail_stops_and_says_so() {
        let d = crate::generate::dataset(3_000, 5);
        let selection = Selection::of_events(&d, d.events.iter().collect(), &Filter::default());
        /// Takes `room` bytes, then fails every write, counting them.
        struct Full {
            room: usize,
            refused: usize,
        }
        impl Write for Full {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                if s.len() > self.room {
                    self.refused += 1;
                    return Err(std::fmt::Error);
                }
                self.room -= s.len();
                Ok(())
            }
        }
        let mut out = Full {
            room: 10_000,
            refused: 0,
        };
        assert!(briefing_to(&mut out, &d, &selection, &Filter::default(), false, None).is_err());
        assert_eq!(out.refused, 1, "written to again after a write failed");
        // The search for other reports stops too: with `stop` set, nothing is looked at.
        let spellings = Spellings::new(&d);
        let stop = AtomicBool::new(true);
        assert!(same_happenings(&d, &selection, &SameIndex::new(&d), &spellings, &stop).is_empty());
        stop.store(false, Ordering::Relaxed);
        assert!(
            !same_happenings(&d, &selection, &SameIndex::new(&d), &spellings, &stop).is_empty()
        );
    }

    #[test]
    fn no_more_than_two_line_breaks_in_a_row_however_the_text_comes() {
        let mut s = String::new();
        let mut w = Squeeze {
            out: &mut s,
            newlines: 0,
            failed: &AtomicBool::new(false),
        };
        for piece in [
            "a\n", "\n", "\n\nb", "\n\n\n\n", "c\nd", "", "\n", "\n", "\n",
        ] {
            let _ = w.write_str(piece);
        }
        assert!(w.finish().is_ok());
        assert_eq!(s, "a\n\nb\n\nc\nd\n\n");
    }

    proptest::proptest! {
        /// However a text is cut into pieces, what comes through is the text with every run of
        /// line breaks longer than two cut to two.
        #[test]
        fn squeezing_pieces_is_squeezing_the_whole(
            pieces in proptest::collection::vec("[ab\n é]{0,8}", 0..12)
        ) {
            let mut s = String::new();
            let mut w = Squeeze { out: &mut s, newlines: 0, failed: &AtomicBool::new(false) };
            for p in &pieces {
                proptest::prop_assert!(w.write_str(p).is_ok());
            }
            let mut expected = String::new();
            let mut run = 0;
            for c in pieces.concat().chars() {
                run = if c == '\n' { run + 1 } else { 0 };
                if run <= 2 {
                    expected.push(c);
                }
            }
            proptest::prop_assert_eq!(s, expected);
        }
    }

    #[test]
    fn written_as_it_goes_or_whole_the_briefing_is_the_same() {
        let d = crate::generate::dataset(300, 4);
        let filter = Filter::default();
        let selection = Selection::filtered(&d, &filter);
        let whole = briefing(&d, &selection, &filter, false);
        let mut streamed = Vec::new();
        let done = crate::export::render_to(
            &mut streamed,
            &d,
            &selection,
            &filter,
            crate::export::BriefFormat::Markdown,
            false,
            None,
        );
        assert!(done.is_ok());
        assert_eq!(String::from_utf8_lossy(&streamed), whole);
        assert!(whole.contains("## Also reported by other sources"));
        assert!(!whole.contains("\n\n\n"));
    }

    #[test]
    fn a_subject_of_many_claims_gives_its_first_contradictions_and_says_there_are_more() {
        let d = crate::generate::dataset(20_000, 4);
        let filter = Filter::default();
        let text = briefing(&d, &Selection::filtered(&d, &filter), &filter, false);
        let disagree = text
            .split("\n## Where sources disagree\n")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .unwrap_or_default();
        let sections: Vec<&str> = disagree.split("\n### ").skip(1).collect();
        assert!(!sections.is_empty());
        let mut capped = 0;
        for section in &sections {
            let lines = section.matches("Cannot both be true: ").count();
            assert!(
                (1..=MAX_CONTRADICTIONS).contains(&lines),
                "{lines}: {section}"
            );
            if section.contains("These are the first 12; more pairs") {
                assert_eq!(lines, MAX_CONTRADICTIONS, "{section}");
                capped += 1;
            }
        }
        assert!(capped > 0, "some subject has more than 12 pairs");
        // Each line written once.
        for section in &sections {
            let mut lines: Vec<&str> = section
                .lines()
                .filter(|l| l.starts_with("Cannot both be true: "))
                .collect();
            let n = lines.len();
            lines.sort_unstable();
            lines.dedup();
            assert_eq!(lines.len(), n, "{section}");
        }
    }
}
