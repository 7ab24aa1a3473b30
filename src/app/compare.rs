//! What the source-comparison pane shows: one column per source, one row per subject, the
//! subjects of the selected event first.

use std::cell::RefCell;
use std::rc::Rc;

use crate::model::{Claim, Source, Subject};
use crate::query::ClaimIndex;
use crate::query::compare::{SourceGroup, Tally};
use crate::query::{OtherReport, Standing, same};

use super::state::App;

/// The comparison table.
#[derive(Debug)]
pub struct CompareView<'a> {
    claims: &'a [Claim],
    index: &'a ClaimIndex,
    table: Rc<Table>,
    /// The columns: sources shown that make claims in these rows, in dataset order.
    pub sources: Vec<&'a Source>,
    /// The rows.
    pub rows: Vec<CompareRow<'a>>,
    /// The selected cell (row, column), when the pane has rows.
    pub cursor: Option<(usize, usize)>,
    /// Whether every subject is shown: asked for, or because none concerns the selected event.
    pub all: bool,
}

/// One subject.
#[derive(Debug)]
pub struct CompareRow<'a> {
    /// What the claims are about.
    pub subject: &'a Subject,
    /// Contradicted, agreed, single source or unresolved, among the sources shown.
    pub standing: Standing,
    /// Whether a claim in it concerns the selected event.
    pub related: bool,
}

impl<'a> CompareView<'a> {
    /// The claims in row `row` by the source of column `column`.
    pub fn cell(&self, row: usize, column: usize) -> Vec<&'a Claim> {
        let Some(r) = self.table.rows.get(row) else {
            return Vec::new();
        };
        let group = r
            .cells
            .get(column)
            .copied()
            .flatten()
            .and_then(|g| self.index.groups_of_subject(r.subject).get(g));
        group.map_or_else(Vec::new, |g| {
            g.claims
                .iter()
                .filter_map(|&c| self.claims.get(c))
                .collect()
        })
    }

    /// The claims under the cursor.
    pub fn selected_claims(&self) -> Vec<&'a Claim> {
        self.cursor.map_or_else(Vec::new, |(r, c)| self.cell(r, c))
    }
}

/// The rows and columns for one set of subjects, as positions: computed once per change of the
/// filters or of the subjects shown, not per frame (at a million events a subject has thousands
/// of claims: sorting them into cells on every key press cost milliseconds).
#[derive(Debug)]
pub(super) struct Table {
    key: TableKey,
    rows: Vec<TableRow>,
    /// Positions of the sources with a claim in these rows.
    sources: Vec<usize>,
}

/// One subject of a [`Table`].
#[derive(Debug)]
struct TableRow {
    subject: usize,
    standing: Standing,
    /// For each column (source) of the table, which of the subject's source groups it shows.
    cells: Vec<Option<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct TableKey {
    generation: u64,
    subjects: Vec<usize>,
}

/// The tables last computed: the selected event's subjects and all subjects alternate as the
/// selection moves, so two are kept.
pub(super) type TableCache = RefCell<Vec<Rc<Table>>>;

/// The other reports last found: for (generation, event index), the other events' indices.
pub(super) type SameCache = RefCell<Option<(u64, usize, Rc<Vec<usize>>)>>;

/// How many tables the cache keeps.
const CACHED_TABLES: usize = 2;

impl App {
    /// The comparison table for the current selection and filters.
    pub fn compare_view(&self) -> CompareView<'_> {
        let d = &self.dataset;
        // The selected event's subjects; all of them (those first) if asked or if it has none.
        let related = self
            .selected_event()
            .map_or_else(Vec::new, |e| self.claims.subjects_of_event(d, e.id()));
        let all = self.all_subjects || related.is_empty();
        let mut subjects = related.clone();
        if all {
            subjects.extend((0..d.subjects.len()).filter(|p| related.binary_search(p).is_err()));
        }
        let table = self.table(subjects);
        let rows: Vec<CompareRow<'_>> = table
            .rows
            .iter()
            .filter_map(|r| {
                Some(CompareRow {
                    subject: d.subjects.get(r.subject)?,
                    standing: r.standing,
                    related: related.binary_search(&r.subject).is_ok(),
                })
            })
            .collect();
        let sources: Vec<&Source> = table
            .sources
            .iter()
            .filter_map(|&s| d.sources.get(s))
            .collect();
        let cursor = (!rows.is_empty() && !sources.is_empty()).then(|| {
            (
                self.compare_row.min(rows.len() - 1),
                self.compare_col.min(sources.len() - 1),
            )
        });
        CompareView {
            claims: &d.claims,
            index: &self.claims,
            table,
            sources,
            rows,
            cursor,
            all,
        }
    }

    /// The table for these subjects, from the cache when the filters have not changed.
    fn table(&self, subjects: Vec<usize>) -> Rc<Table> {
        let key = TableKey {
            generation: self.generation,
            subjects,
        };
        if let Some(hit) = self.compare_cache.borrow().iter().find(|t| t.key == key) {
            return Rc::clone(hit);
        }
        let d = &self.dataset;
        let shown: Vec<bool> = d.sources.iter().map(|s| self.source_on(&s.id)).collect();
        let everyone = self.filter.sources.is_empty();
        let on = |g: &SourceGroup| g.source.map_or(everyone, |s| shown[s]);
        // Per subject: the shown sources' groups, their tallies merged into a standing.
        let mut speaks = vec![false; d.sources.len()];
        let rows: Vec<(usize, Vec<usize>, Standing)> = key
            .subjects
            .iter()
            .filter_map(|&p| {
                let groups = self.claims.groups_of_subject(p);
                let mut tally = Tally::default();
                let mut kept = Vec::new();
                for (i, g) in groups.iter().enumerate().filter(|(_, g)| on(g)) {
                    tally.merge(&g.tally);
                    kept.push(i);
                    if let Some(s) = g.source {
                        speaks[s] = true;
                    }
                }
                (!kept.is_empty()).then(|| (p, kept, tally.standing()))
            })
            .collect();
        let sources: Vec<usize> = (0..d.sources.len()).filter(|&s| speaks[s]).collect();
        let mut column = vec![None; d.sources.len()];
        for (i, &s) in sources.iter().enumerate() {
            column[s] = Some(i);
        }
        let rows = rows
            .into_iter()
            .map(|(subject, kept, standing)| {
                let groups = self.claims.groups_of_subject(subject);
                let mut cells = vec![None; sources.len()];
                for i in kept {
                    if let Some(at) = groups[i].source.and_then(|s| column[s]) {
                        cells[at] = Some(i);
                    }
                }
                TableRow {
                    subject,
                    standing,
                    cells,
                }
            })
            .collect();
        let table = Rc::new(Table { key, rows, sources });
        let mut cache = self.compare_cache.borrow_mut();
        cache.insert(0, Rc::clone(&table));
        cache.truncate(CACHED_TABLES);
        table
    }

    /// Other reports of the selected event's happening, by sources the filter shows: found once
    /// per selection and filter, not per frame.
    pub fn other_reports(&self) -> Vec<OtherReport<'_>> {
        let Some(index) = self.shown(self.selected).filter(|_| !self.same_pending) else {
            return Vec::new();
        };
        let cached = match &*self.same_cache.borrow() {
            Some((generation, at, found)) if *generation == self.generation && *at == index => {
                Some(Rc::clone(found))
            }
            _ => None,
        };
        let found = cached.unwrap_or_else(|| {
            let found: Vec<usize> = self
                .same
                .first_reports(&self.dataset, index, same::MAX_REPORTS)
                .into_iter()
                .filter(|o| o.event.sources().iter().any(|a| self.source_on(&a.source)))
                .map(|o| o.index)
                .collect();
            let found = Rc::new(found);
            self.same_cache
                .replace(Some((self.generation, index, Rc::clone(&found))));
            found
        });
        found
            .iter()
            .filter_map(|&i| same::report(&self.dataset, index, i))
            .collect()
    }

    /// Whether other reports are still being indexed for the data shown (just after it is
    /// loaded): meanwhile none are found.
    pub fn finding_other_reports(&self) -> bool {
        self.same_pending
    }

    pub(super) fn compare_rows(&self) -> usize {
        self.compare_view().rows.len()
    }

    pub(super) fn compare_columns(&self) -> usize {
        self.compare_view().sources.len()
    }
}
