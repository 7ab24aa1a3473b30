//! Where sources agree and where they contradict each other, subject by subject.

use std::collections::HashMap;

use crate::model::{Agreement, Claim, Dataset, Subject};

/// How the claims on one subject stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    /// At least two claims cannot both be true.
    Contradicted,
    /// Claims from more than one source, all compatible.
    Agreed,
    /// Only one source speaks.
    SingleSource,
    /// More than one source, but their claims cannot be compared (free text).
    Unresolved,
}

/// One subject and the claims made about it.
#[derive(Debug, Clone)]
pub struct SubjectRow<'a> {
    /// The subject.
    pub subject: &'a Subject,
    /// Its claims, in dataset order.
    pub claims: Vec<&'a Claim>,
    /// Pairs of claims that cannot both be true.
    pub contradictions: Vec<(&'a Claim, &'a Claim)>,
    /// The overall standing.
    pub standing: Standing,
}

/// Every subject with its claims and standing, in dataset order.
pub fn subject_rows(dataset: &Dataset) -> Vec<SubjectRow<'_>> {
    subject_rows_where(dataset, |_| true)
}

/// Every subject with the claims that `keep` accepts (e.g. those of the sources shown), and the
/// standing among those claims only.
pub fn subject_rows_where(dataset: &Dataset, keep: impl Fn(&Claim) -> bool) -> Vec<SubjectRow<'_>> {
    dataset
        .subjects
        .iter()
        .map(|subject| {
            let claims: Vec<&Claim> = dataset
                .claims
                .iter()
                .filter(|c| c.subject == subject.id && keep(c))
                .collect();
            row(subject, claims)
        })
        .collect()
}

impl<'a> SubjectRow<'a> {
    /// The row for `subject` with these claims about it.
    pub fn new(subject: &'a Subject, claims: Vec<&'a Claim>) -> SubjectRow<'a> {
        row(subject, claims)
    }
}

/// Claims indexed by subject and by event, so that a view of one event's subjects does not scan
/// every claim.
#[derive(Debug, Clone, Default)]
pub struct ClaimIndex {
    subject_position: HashMap<String, usize>,
    by_subject: Vec<Vec<usize>>,
    by_event: HashMap<String, Vec<usize>>,
}

impl ClaimIndex {
    /// Indexes the claims of `dataset`.
    pub fn new(dataset: &Dataset) -> ClaimIndex {
        let subject_position: HashMap<String, usize> = dataset
            .subjects
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let mut by_subject = vec![Vec::new(); dataset.subjects.len()];
        let mut by_event: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in dataset.claims.iter().enumerate() {
            if let Some(&s) = subject_position.get(&c.subject) {
                by_subject[s].push(i);
            }
            for e in &c.events {
                by_event.entry(e.clone()).or_default().push(i);
            }
        }
        ClaimIndex {
            subject_position,
            by_subject,
            by_event,
        }
    }

    /// Positions of the claims about the subject at `position`.
    pub fn claims_of_subject(&self, position: usize) -> &[usize] {
        self.by_subject.get(position).map_or(&[], Vec::as_slice)
    }

    /// Positions of the claims that concern event `id`.
    pub fn claims_of_event(&self, id: &str) -> &[usize] {
        self.by_event.get(id).map_or(&[], Vec::as_slice)
    }

    /// Positions of the subjects that claims about event `id` are on, in dataset order.
    pub fn subjects_of_event(&self, dataset: &Dataset, id: &str) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .claims_of_event(id)
            .iter()
            .filter_map(|&c| dataset.claims.get(c))
            .filter_map(|c| self.subject_position.get(&c.subject).copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn row<'a>(subject: &'a Subject, claims: Vec<&'a Claim>) -> SubjectRow<'a> {
    let mut contradictions = Vec::new();
    let mut comparable_across_sources = false;
    for (i, a) in claims.iter().enumerate() {
        for b in &claims[i + 1..] {
            match a.value.agreement(&b.value) {
                Agreement::Contradicts => contradictions.push((*a, *b)),
                Agreement::Consistent if a.source != b.source => comparable_across_sources = true,
                _ => {}
            }
        }
    }
    let mut sources: Vec<&str> = claims.iter().map(|c| c.source.as_str()).collect();
    sources.sort_unstable();
    sources.dedup();
    let standing = if !contradictions.is_empty() {
        Standing::Contradicted
    } else if sources.len() <= 1 {
        Standing::SingleSource
    } else if comparable_across_sources {
        Standing::Agreed
    } else {
        Standing::Unresolved
    };
    SubjectRow {
        subject,
        claims,
        contradictions,
        standing,
    }
}
