//! A dataset: sources, subjects, events and claims, merged from one or more files.

use foldhash::HashMap;

use serde::Serialize;

use super::claim::{Claim, Subject};
use super::event::Event;
use super::source::Source;

/// Everything loaded, with references resolved and validated.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Dataset {
    /// Titles given by the files, in file order.
    pub titles: Vec<String>,
    /// Who reports and claims.
    pub sources: Vec<Source>,
    /// What claims are about.
    pub subjects: Vec<Subject>,
    /// What happened, sorted by date (see [`Dataset::sort`]).
    pub events: Vec<Event>,
    /// Who asserted what.
    pub claims: Vec<Claim>,
    #[serde(skip)]
    source_index: HashMap<String, usize>,
}

impl Dataset {
    /// Builds a dataset, sorting events by date and indexing sources.
    pub fn new(
        titles: Vec<String>,
        sources: Vec<Source>,
        subjects: Vec<Subject>,
        mut events: Vec<Event>,
        claims: Vec<Claim>,
    ) -> Dataset {
        events.sort_unstable_by(Dataset::order);
        Dataset::new_sorted(titles, sources, subjects, events, claims)
    }

    /// Builds a dataset of events already in [`Dataset::order`] (as a snapshot stores them,
    /// and checks as it is read), indexing sources.
    pub fn new_sorted(
        titles: Vec<String>,
        sources: Vec<Source>,
        subjects: Vec<Subject>,
        events: Vec<Event>,
        claims: Vec<Claim>,
    ) -> Dataset {
        debug_assert!(events.is_sorted_by(|a, b| Dataset::order(a, b).is_le()));
        let mut d = Dataset {
            titles,
            sources,
            subjects,
            events,
            claims,
            source_index: HashMap::default(),
        };
        d.source_index = d
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        d
    }

    /// Sorts events by date, then id, so that every view agrees on the order. Unstable: a
    /// stable sort takes a copy of half the events, and only events sharing an id (an error)
    /// can compare equal.
    pub fn sort(&mut self) {
        self.events.sort_unstable_by(Dataset::order);
    }

    /// The timeline's order: by date, then id.
    pub fn order(a: &Event, b: &Event) -> std::cmp::Ordering {
        a.when.cmp(&b.when).then_with(|| a.id().cmp(b.id()))
    }

    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_position(id).and_then(|i| self.sources.get(i))
    }

    /// The position of source `id` among the sources.
    pub fn source_position(&self, id: &str) -> Option<usize> {
        self.source_index.get(id).copied()
    }

    /// Where `event` is among the events: found by its address when it is one of this dataset's
    /// (a briefing asks for hundreds of thousands), else by the sort order.
    pub fn position(&self, event: &Event) -> Option<usize> {
        let size = std::mem::size_of::<Event>().max(1);
        let offset =
            (std::ptr::from_ref(event) as usize).wrapping_sub(self.events.as_ptr() as usize);
        let at = offset / size;
        if offset.is_multiple_of(size)
            && self.events.get(at).is_some_and(|e| std::ptr::eq(e, event))
        {
            return Some(at);
        }
        self.events
            .binary_search_by(|e| Dataset::order(e, event))
            .ok()
    }

    /// A subject by id.
    pub fn subject(&self, id: &str) -> Option<&Subject> {
        self.subjects.iter().find(|s| s.id == id)
    }

    /// The title to show: the first file's, or a neutral one.
    pub fn title(&self) -> &str {
        self.titles
            .first()
            .map_or("Untitled dataset", String::as_str)
    }

    /// Adds what another file brought. A source whose id is already known is taken to be that
    /// source (the first definition stays: imports name outlets by their name's slug, so the
    /// same outlet from two providers is one source). An event whose id is already known is not
    /// added; those events are returned.
    pub fn absorb(
        &mut self,
        title: Option<String>,
        sources: Vec<Source>,
        events: Vec<Event>,
    ) -> Vec<Event> {
        self.titles.extend(title);
        for s in sources {
            if !self.source_index.contains_key(&s.id) {
                self.source_index.insert(s.id.clone(), self.sources.len());
                self.sources.push(s);
            }
        }
        let known: std::collections::HashSet<Box<str>> =
            self.events.iter().map(|e| e.id().into()).collect();
        let (fresh, repeated): (Vec<Event>, Vec<Event>) =
            events.into_iter().partition(|e| !known.contains(e.id()));
        self.events.extend(fresh);
        self.sort();
        repeated
    }
}
