//! What the source-comparison pane shows: one column per source, one row per subject, the
//! subjects of the selected event first.

use crate::model::{Claim, Source, Subject};
use crate::query::{Standing, SubjectRow};

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
        // The selected event's subjects; all of them (those first) if asked or if it has none.
        let related = selected.map_or_else(Vec::new, |id| self.claims.subjects_of_event(d, id));
        let all = self.all_subjects || related.is_empty();
        let mut order = related.clone();
        if all {
            order.extend((0..d.subjects.len()).filter(|p| related.binary_search(p).is_err()));
        }
        let mut rows: Vec<CompareRow<'_>> = order
            .into_iter()
            .filter_map(|p| {
                let subject = d.subjects.get(p)?;
                let claims: Vec<&Claim> = self
                    .claims
                    .claims_of_subject(p)
                    .iter()
                    .filter_map(|&c| d.claims.get(c))
                    .filter(|c| self.source_on(&c.source))
                    .collect();
                if claims.is_empty() {
                    return None;
                }
                let r = SubjectRow::new(subject, claims);
                Some(CompareRow {
                    subject: r.subject,
                    standing: r.standing,
                    related: related.binary_search(&p).is_ok(),
                    cells: Vec::new(),
                    claims: r.claims,
                })
            })
            .collect();
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
