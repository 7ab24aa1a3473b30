//! The briefing's citations: who said it, through whom, in what words; each distinct one
//! numbered in order of first use.
//!
//! A citation is kept as the report it cites, not as its text: a briefing of a million
//! generated events cites 2 million reports, and their texts, held until the list at the end,
//! were 100 MB (an earlier count). The text is made again when it is compared (two reports
//! that read the same are one citation) and when the list is written.

use std::fmt::Write as _;
use std::hash::BuildHasher;

use crate::model::{Dataset, Event};

use super::escape::{Inline, push_inline};
use super::first_uses::Marks;
use crate::query::table_parts::Parts;

/// A report cited: its event's position among the briefing's events, and which of its reports
/// (8 bytes: a round of the timeline holds thousands).
#[derive(Debug, Clone, Copy)]
pub(super) struct Cited {
    /// The event's position among the briefing's events.
    pub event: u32,
    /// Which of its reports.
    pub report: u32,
}

/// Writes the citation of `e`'s `report` to `out`: "Col. Ryan Dillon, coalition spokesman
/// (U.S.-led coalition…, not graded), via …: “quote”".
pub(super) fn write_report(
    d: &Dataset,
    whos: &Whos<'_>,
    e: &Event,
    report: usize,
    out: &mut String,
) {
    let Some(a) = e.sources().get(report) else {
        return;
    };
    whos.push(d, &a.source, a.speaker.as_deref(), out);
    if let Some(via) = &a.via {
        out.push_str(", via ");
        push_inline(out, &source_name(d, via));
    }
    match (e.quote(a), e.paraphrase(a)) {
        (Some(q), Some(p)) => {
            out.push_str(": “");
            push_inline(out, q);
            out.push_str("” (reported: ");
            push_inline(out, p);
            out.push(')');
        }
        (Some(q), None) => {
            out.push_str(": “");
            push_inline(out, q);
            out.push('”');
        }
        (None, Some(p)) => {
            out.push_str(", as reported: ");
            push_inline(out, p);
        }
        (None, None) => {}
    }
}

/// The citations a briefing refers to, numbered from 1 in order of first use.
///
/// Reports are cited in the order of the briefing's events and of their reports, so the
/// distinct citations are the reports that are cited first, in that order: a bit each says
/// which (see [`Marks`]), and a citation's number is how many are marked up to it.
pub(super) struct Citations<'a> {
    d: &'a Dataset,
    whos: &'a Whos<'a>,
    /// The briefing's events, which citations point into.
    events: &'a [&'a Event],
    /// Where each event's reports start among those of all the events, in order, and where
    /// the last one's end: a report is known by its place among them (4 bytes an event).
    starts: Vec<u32>,
    /// The reports that are citations.
    firsts: Marks,
    /// Citations (by their report's place), by the hash of their text. The hashes are not kept
    /// (a table made with room for every report never grows, so never hashes them again); a
    /// text is made again when a citation is found under the hash asked for.
    table: Parts<u32>,
    /// A citation's text made again, to compare.
    scratch: String,
}

impl<'a> Citations<'a> {
    /// No citation yet, of the reports of `events`. Past 4 billion reports (more than memory
    /// holds), the rest are not cited.
    pub fn new(d: &'a Dataset, whos: &'a Whos<'a>, events: &'a [&'a Event]) -> Citations<'a> {
        let mut starts = Vec::with_capacity(events.len() + 1);
        let mut reports = 0u32;
        starts.push(reports);
        for e in events {
            let n = u32::try_from(e.sources().len()).unwrap_or(u32::MAX);
            reports = reports.saturating_add(n);
            starts.push(reports);
        }
        Citations {
            d,
            whos,
            events,
            starts,
            firsts: Marks::new(reports as usize),
            table: Parts::with_capacity(reports as usize),
            scratch: String::new(),
        }
    }

    /// The number of the citation that reads `text` (made by [`write_report`] for `cited`),
    /// given it if new. Reports are to be cited in order (of events, then of their reports):
    /// one cited out of order, or not among the events', gets the last number given, or 0.
    pub fn cite(&mut self, cited: Cited, text: &str) -> usize {
        let hashing = foldhash::fast::FixedState::default();
        let hash = hashing.hash_one(text);
        let Citations {
            d,
            whos,
            events,
            starts,
            firsts,
            table,
            scratch,
        } = self;
        let write = |at: u32, out: &mut String| {
            if let Some(c) = report_at(starts, at) {
                write_cited(d, whos, events, c, out);
            }
        };
        let same = |&at: &u32| {
            scratch.clear();
            write(at, scratch);
            scratch == text
        };
        let table = table.part(hash);
        if let Some(&at) = table.find(hash, same) {
            return firsts.before(at as usize) + 1;
        }
        let Some(at) = place_of(starts, cited).filter(|&at| firsts.mark(at as usize)) else {
            debug_assert!(false, "{cited:?} cited out of order");
            return firsts.count();
        };
        table.insert_unique(hash, at, |&at| {
            let mut text = String::new();
            write(at, &mut text);
            hashing.hash_one(text.as_str())
        });
        firsts.count()
    }

    /// The dataset cited.
    pub fn dataset(&self) -> &'a Dataset {
        self.d
    }

    /// Who each source and speaker is, as cited.
    pub fn whos(&self) -> &'a Whos<'a> {
        self.whos
    }

    /// The briefing's events.
    pub fn events(&self) -> &'a [&'a Event] {
        self.events
    }

    /// Frees what finding a citation by its text takes (the table by text: 13 MB for the two
    /// million reports of a million events), once nothing more is to be cited; the citations
    /// stay, to be listed. Citing after this numbers every text anew.
    pub fn done_citing(&mut self) {
        self.table = Parts::new();
    }

    /// How many citations there are.
    pub fn count(&self) -> usize {
        self.firsts.count()
    }

    /// Writes the citations among the reports of events `first..first + n`, each numbered
    /// ("7. "), one a line.
    pub fn write_numbered(&self, first: usize, n: usize, out: &mut String) {
        let Some(&from) = self.starts.get(first) else {
            return;
        };
        let mut number = self.firsts.before(from as usize) + 1;
        for (event, e) in (first..).zip(self.events.iter().skip(first).take(n)) {
            let Some(&start) = self.starts.get(event) else {
                return;
            };
            for report in 0..e.sources().len() {
                if !self.firsts.is_marked(start as usize + report) {
                    continue;
                }
                let _ = write!(out, "{number}. ");
                write_report(self.d, self.whos, e, report, out);
                out.push('\n');
                number += 1;
            }
        }
    }
}

/// The place of `c` among the reports whose events start at `starts`.
fn place_of(starts: &[u32], c: Cited) -> Option<u32> {
    let event = c.event as usize;
    let (&start, &end) = starts.get(event).zip(starts.get(event + 1))?;
    start.checked_add(c.report).filter(|&at| at < end)
}

/// The report at place `at` among those whose events start at `starts`.
fn report_at(starts: &[u32], at: u32) -> Option<Cited> {
    // The last event that starts at or before it (events without reports start where the next
    // one does).
    let event = starts.partition_point(|&s| s <= at).checked_sub(1)?;
    let start = *starts.get(event)?;
    Some(Cited {
        event: u32::try_from(event).ok()?,
        report: at - start,
    })
}

/// Writes the text of `c`, a report of one of `events`, to `out`.
fn write_cited(d: &Dataset, whos: &Whos<'_>, events: &[&Event], c: Cited, out: &mut String) {
    if let Some(e) = events.get(c.event as usize) {
        write_report(d, whos, e, c.report as usize, out);
    }
}

/// [`who`] for every source of a dataset and each of its speakers, worked out once: a
/// briefing cites them a million times.
pub(super) struct Whos<'a>(foldhash::HashMap<(&'a str, Option<&'a str>), String>);

impl<'a> Whos<'a> {
    pub fn new(d: &'a Dataset) -> Whos<'a> {
        let mut all = foldhash::HashMap::default();
        for s in &d.sources {
            all.insert((s.id.as_str(), None), who(d, &s.id, None));
            for p in &s.speakers {
                all.insert(
                    (s.id.as_str(), Some(p.id.as_str())),
                    who(d, &s.id, Some(&p.id)),
                );
            }
        }
        Whos(all)
    }

    /// Writes [`who`] to `out`.
    fn push(&self, d: &Dataset, source: &str, speaker: Option<&str>, out: &mut String) {
        match self.0.get(&(source, speaker)) {
            Some(w) => out.push_str(w),
            None => out.push_str(&who(d, source, speaker)),
        }
    }
}

/// The speaker (if any) and the source with its grade, escaped.
pub(super) fn who(d: &Dataset, source: &str, speaker: Option<&str>) -> String {
    let s = d.source(source);
    let grade = s
        .and_then(|s| s.reliability)
        .map_or("not graded".to_string(), |r| format!("grade {r}"));
    let name = source_name(d, source);
    let name = Inline(&name);
    match s.zip(speaker).and_then(|(s, id)| s.speaker(id)) {
        Some(p) => {
            let role = p
                .role
                .as_deref()
                .map_or(String::new(), |r| format!(", {}", Inline(r)));
            format!("{}{role} ({name}, {grade})", Inline(&p.name))
        }
        None => format!("{name} ({grade})"),
    }
}

/// A source's name, or its id when the dataset does not describe it.
pub(super) fn source_name(d: &Dataset, id: &str) -> String {
    d.source(id)
        .map_or_else(|| id.to_string(), |s| s.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Events whose reports repeat: two sources, one speaker, a quote given twice.
    const REPEATED: &str = r#"Dataset(
        sources: [
            (id: "a", name: "Source A", kind: Media, reliability: B),
            (id: "b", name: "Source B", kind: Media,
             speakers: [(id: "s", name: "Spokesman", role: "role")]),
        ],
        events: [
            (id: "e1", when: "2017-10-01", kind: Statement, title: "One",
             sources: [(source: "a"), (source: "b", speaker: "s", quote: "Words.")]),
            (id: "e2", when: "2017-10-02", kind: Statement, title: "Two",
             sources: [(source: "b", speaker: "s", quote: "Words.")]),
            (id: "e3", when: "2017-10-03", kind: Statement, title: "Three",
             sources: [(source: "b", quote: "Words."), (source: "a"),
                       (source: "b", via: "a", paraphrase: "Said so.")]),
        ],
    )"#;

    /// Every report of `d`'s events cited in order: the numbers given, and the texts listed.
    fn cite_all(d: &Dataset) -> (Vec<usize>, Vec<String>) {
        let whos = Whos::new(d);
        let events: Vec<&Event> = d.events.iter().collect();
        let mut cites = Citations::new(d, &whos, &events);
        let mut numbers = Vec::new();
        for (at, e) in (0u32..).zip(&events) {
            for report in 0..e.sources().len() {
                let cited = Cited {
                    event: at,
                    report: report as u32,
                };
                let mut text = String::new();
                write_report(d, &whos, e, report, &mut text);
                let n = cites.cite(cited, &text);
                // Asked again, the same.
                assert_eq!(cites.cite(cited, &text), n);
                numbers.push(n);
            }
        }
        // Listed in two parts, as rounds of events list them.
        let mut text = String::new();
        let half = events.len() / 2;
        cites.write_numbered(0, half, &mut text);
        cites.write_numbered(half, events.len() - half, &mut text);
        let listed: Vec<String> = text
            .lines()
            .zip(1..)
            .map(|(line, n)| {
                let (number, cited) = line.split_once(". ").unwrap_or_default();
                assert_eq!(number, n.to_string(), "{line}");
                cited.to_string()
            })
            .collect();
        assert_eq!(listed.len(), cites.count());
        (numbers, listed)
    }

    #[test]
    fn reports_that_read_the_same_are_one_citation_numbered_in_order_of_first_use() {
        let loaded = crate::load::load_inputs(
            vec![crate::load::Input {
                name: "repeated.ron".into(),
                text: REPEATED.into(),
            }],
            Vec::new(),
        );
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let (numbers, listed) = cite_all(&loaded.dataset);
        assert_eq!(numbers, [1, 2, 2, 3, 1, 4]);
        assert_eq!(
            listed,
            [
                "Source A (grade B)",
                "Spokesman, role (Source B, not graded): “Words.”",
                "Source B (not graded): “Words.”",
                "Source B (not graded), via Source A, as reported: Said so.",
            ]
        );
    }

    #[test]
    fn a_report_is_found_again_by_its_place_among_all_events_reports() {
        // Reports per event: 2, none, none, 3, 1, none.
        let starts = [0, 2, 2, 2, 5, 6, 6];
        let mut places = Vec::new();
        for (event, n) in [(0u32, 2u32), (3, 3), (4, 1)] {
            for report in 0..n {
                let cited = Cited { event, report };
                let at = place_of(&starts, cited);
                assert_eq!(at, Some(places.len() as u32), "{cited:?}");
                let back = at.and_then(|at| report_at(&starts, at));
                assert_eq!(back.map(|c| (c.event, c.report)), Some((event, report)));
                places.push(at);
            }
        }
        // No such report: past an event's own, or of an event that has none.
        for (event, report) in [(0, 2), (1, 0), (2, 0), (4, 1), (5, 0), (6, 0)] {
            assert_eq!(place_of(&starts, Cited { event, report }), None);
        }
        assert!(report_at(&starts, 6).is_none_or(|c| c.event as usize >= starts.len() - 1));
    }

    #[test]
    fn every_distinct_text_is_listed_once_whatever_the_dataset() {
        let d = crate::generate::dataset(300, 3);
        let (numbers, listed) = cite_all(&d);
        let mut distinct = listed.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), listed.len());
        // Numbered in order of first use: each number is at most one past those before it.
        let mut highest = 0;
        for n in numbers {
            assert!(n <= highest + 1);
            highest = highest.max(n);
        }
        assert_eq!(highest, listed.len());
    }
}
