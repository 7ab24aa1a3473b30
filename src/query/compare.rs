//! Where sources agree and where they contradict each other, subject by subject.

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
