//! Where sources agree and where they contradict each other, subject by subject.

use std::collections::HashMap;

use crate::model::{Agreement, Claim, ClaimValue, Dataset, Interval, Subject};

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
    // One pass over the claims, not one per subject.
    let position: HashMap<&str, usize> = dataset
        .subjects
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut claims: Vec<Vec<&Claim>> = vec![Vec::new(); dataset.subjects.len()];
    for c in dataset.claims.iter().filter(|c| keep(c)) {
        if let Some(&i) = position.get(&*c.subject) {
            claims[i].push(c);
        }
    }
    dataset
        .subjects
        .iter()
        .zip(claims)
        .map(|(subject, claims)| row(subject, claims))
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
            if let Some(&s) = subject_position.get(&*c.subject) {
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
            .filter_map(|c| self.subject_position.get(&*c.subject).copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn row<'a>(subject: &'a Subject, claims: Vec<&'a Claim>) -> SubjectRow<'a> {
    let standing = standing(&claims);
    SubjectRow {
        subject,
        claims,
        standing,
    }
}

impl<'a> SubjectRow<'a> {
    /// Every pair of its claims that cannot both be true, in dataset order. (Quadratic in the
    /// claims of one subject: for reports, not for every frame.)
    pub fn contradictions(&self) -> Vec<(&'a Claim, &'a Claim)> {
        let mut pairs = Vec::new();
        for (i, a) in self.claims.iter().enumerate() {
            for b in &self.claims[i + 1..] {
                if a.value.agreement(&b.value) == Agreement::Contradicts {
                    pairs.push((*a, *b));
                }
            }
        }
        pairs
    }
}

/// The standing of a set of claims on one subject, in one pass over them.
///
/// Statuses contradict when there are two different ones. Numbers (counts, and percentages,
/// separately) contradict when some two intervals do not overlap, which is so exactly when the
/// interval with the highest lower end and the one with the lowest upper end do not overlap.
/// Sources agree when, without contradiction, two of them make comparable claims.
pub fn standing(claims: &[&Claim]) -> Standing {
    let mut statuses: Vec<(String, &str)> = Vec::new();
    let mut counts: Vec<(Interval, &str)> = Vec::new();
    let mut percents: Vec<(Interval, &str)> = Vec::new();
    for c in claims {
        match &c.value {
            ClaimValue::Status { value } => statuses.push((value.trim().to_lowercase(), &c.source)),
            ClaimValue::Count { .. } => counts.extend(c.value.interval().map(|i| (i, &*c.source))),
            ClaimValue::Percent { .. } => {
                percents.extend(c.value.interval().map(|i| (i, &*c.source)))
            }
            ClaimValue::Text { .. } => {}
        }
    }
    let distinct_statuses = {
        let mut v: Vec<&str> = statuses.iter().map(|(s, _)| s.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    if distinct_statuses > 1 || numbers_conflict(&counts) || numbers_conflict(&percents) {
        return Standing::Contradicted;
    }
    let many = |sources: &mut dyn Iterator<Item = &str>| {
        let mut v: Vec<&str> = sources.collect();
        v.sort_unstable();
        v.dedup();
        v.len() > 1
    };
    let mut all_sources = claims.iter().map(|c| &*c.source);
    if !many(&mut all_sources) {
        return Standing::SingleSource;
    }
    if many(&mut statuses.iter().map(|(_, s)| *s))
        || many(&mut counts.iter().map(|(_, s)| *s))
        || many(&mut percents.iter().map(|(_, s)| *s))
    {
        Standing::Agreed
    } else {
        Standing::Unresolved
    }
}

/// Whether some two of these intervals do not overlap.
fn numbers_conflict(intervals: &[(Interval, &str)]) -> bool {
    if intervals.len() < 2 {
        return false;
    }
    // An empty interval overlaps nothing, not even another empty one.
    if intervals.iter().any(|(i, _)| i.is_empty()) {
        return true;
    }
    let highest_low = intervals
        .iter()
        .map(|(i, _)| i)
        .max_by(|a, b| a.low.total_cmp(&b.low).then(a.low_open.cmp(&b.low_open)));
    let lowest_high = intervals.iter().map(|(i, _)| i).min_by(|a, b| {
        a.high
            .total_cmp(&b.high)
            .then(b.high_open.cmp(&a.high_open))
    });
    match (highest_low, lowest_high) {
        (Some(a), Some(b)) => !a.overlaps(b),
        _ => false,
    }
}
