//! What the source-comparison pane shows: one column per source, one row per subject, the
//! subjects of the selected event first.

use crate::model::{Claim, Source, Subject};
use crate::query::{Standing, subject_rows_where};

use super::state::App;

/// The comparison table.
#[derive(Debug)]
pub struct CompareView<'a> {
    /// The columns: sources shown that make claims.
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
    /// The claims of each column's source.
    pub cells: Vec<Vec<&'a Claim>>,
    /// All its claims, in dataset order.
    pub claims: Vec<&'a Claim>,
}

impl<'a> CompareView<'a> {
    /// The claims under the cursor.
    pub fn selected_claims(&self) -> &[&'a Claim] {
        self.cursor
            .and_then(|(r, c)| self.rows.get(r).and_then(|row| row.cells.get(c)))
            .map_or(&[], Vec::as_slice)
    }
}

impl App {
    /// The comparison table for the current selection and filters.
    pub fn compare_view(&self) -> CompareView<'_> {
        let d = &self.dataset;
        let selected = self.selected_event().map(|e| e.id.as_str());
        let mut rows: Vec<CompareRow<'_>> = subject_rows_where(d, |c| self.source_on(&c.source))
            .into_iter()
            .filter(|r| !r.claims.is_empty())
            .map(|r| CompareRow {
                subject: r.subject,
                standing: r.standing,
                related: selected
                    .is_some_and(|id| r.claims.iter().any(|c| c.events.iter().any(|e| e == id))),
                cells: Vec::new(),
                claims: r.claims,
            })
            .collect();
        // Only the selected event's subjects, unless all were asked for or it has none.
        let all = self.all_subjects || !rows.iter().any(|r| r.related);
        if !all {
            rows.retain(|r| r.related);
        }
        // One column per source that speaks in these rows, in dataset order.
        let sources: Vec<&Source> = d
            .sources
            .iter()
            .filter(|s| {
                rows.iter()
                    .any(|r| r.claims.iter().any(|c| c.source == s.id))
            })
            .collect();
        for row in &mut rows {
            row.cells = sources
                .iter()
                .map(|s| {
                    row.claims
                        .iter()
                        .copied()
                        .filter(|c| c.source == s.id)
                        .collect()
                })
                .collect();
        }
        // The selected event's subjects first; otherwise dataset order.
        rows.sort_by_key(|r| !r.related);
        let cursor = (!rows.is_empty() && !sources.is_empty()).then(|| {
            (
                self.compare_row.min(rows.len() - 1),
                self.compare_col.min(sources.len() - 1),
            )
        });
        CompareView {
            sources,
            rows,
            cursor,
            all,
        }
    }

    pub(super) fn compare_rows(&self) -> usize {
        self.compare_view().rows.len()
    }

    pub(super) fn compare_columns(&self) -> usize {
        self.compare_view().sources.len()
    }
}
