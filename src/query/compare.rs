//! Where sources agree and where they contradict each other, subject by subject.

use foldhash::HashMap;

use crate::model::{Agreement, Claim, ClaimValue, Comparable, Dataset, Interval, Subject};

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
    subject_rows_of(dataset, dataset.claims.iter().filter(|c| keep(c)))
}

/// Every subject of `dataset` with those of `claims` about it (claims of `dataset`, e.g. a
/// briefing's, in their order) and the standing among those only.
pub fn subject_rows_of<'a>(
    dataset: &'a Dataset,
    claims: impl IntoIterator<Item = &'a Claim>,
) -> Vec<SubjectRow<'a>> {
    // One pass over the claims, not one per subject.
    let position: HashMap<&str, usize> = dataset
        .subjects
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut about: Vec<Vec<&Claim>> = vec![Vec::new(); dataset.subjects.len()];
    for c in claims {
        if let Some(list) = position.get(&*c.subject).and_then(|&i| about.get_mut(i)) {
            list.push(c);
        }
    }
    dataset
        .subjects
        .iter()
        .zip(about)
        .map(|(subject, claims)| row(subject, claims))
        .collect()
}

impl<'a> SubjectRow<'a> {
    /// The row for `subject` with these claims about it.
    pub fn new(subject: &'a Subject, claims: Vec<&'a Claim>) -> SubjectRow<'a> {
        row(subject, claims)
    }
}

/// Claims indexed by subject (grouped by source, each group tallied) and by event, so that a
/// view of one event's subjects does not scan every claim, and a table of every subject for a
/// new set of sources merges a few tallies per subject instead of judging every claim again.
#[derive(Debug, Clone, Default)]
pub struct ClaimIndex {
    subject_position: HashMap<String, usize>,
    by_subject: Vec<Vec<SourceGroup>>,
    /// (a hash of an event's id, a claim about it), in order: a claim's events are found by
    /// their hash, and the claims found are checked to be about the event. A map of ids held a
    /// copy of each id and a list per event (44 MB for 1M events' claims; this is 3 MB).
    by_event: Vec<(u32, u32)>,
}

/// The claims of one source on one subject.
#[derive(Debug, Clone)]
pub struct SourceGroup {
    /// The source's position among the dataset's sources (`None` for an unknown source).
    pub source: Option<usize>,
    /// The claims' positions, in dataset order.
    pub claims: Vec<usize>,
    /// What they amount to, to be merged with other sources' groups.
    pub tally: Tally,
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
        let mut by_subject: Vec<Vec<SourceGroup>> = vec![Vec::new(); dataset.subjects.len()];
        let mut by_event: Vec<(u32, u32)> = Vec::new();
        for (i, c) in dataset.claims.iter().enumerate() {
            if let Some(&s) = subject_position.get(&*c.subject) {
                let source = dataset.source_position(&c.source);
                let groups = &mut by_subject[s];
                let at = match groups.iter().position(|g| g.source == source) {
                    Some(at) => at,
                    None => {
                        groups.push(SourceGroup {
                            source,
                            claims: Vec::new(),
                            tally: Tally::default(),
                        });
                        groups.len() - 1
                    }
                };
                groups[at].claims.push(i);
                groups[at].tally.add(c);
            }
            if let Ok(claim) = u32::try_from(i) {
                by_event.extend(c.events().map(|e| (id_hash(e), claim)));
            }
        }
        by_event.sort_unstable();
        by_event.dedup();
        by_event.shrink_to_fit();
        ClaimIndex {
            subject_position,
            by_subject,
            by_event,
        }
    }

    /// The claims about the subject at `position`, by source (in order of first claim).
    pub fn groups_of_subject(&self, position: usize) -> &[SourceGroup] {
        self.by_subject.get(position).map_or(&[], Vec::as_slice)
    }

    /// Positions of the claims of `dataset` (the one indexed) that concern event `id`, in order.
    pub fn claims_of_event<'a>(
        &'a self,
        dataset: &'a Dataset,
        id: &'a str,
    ) -> impl Iterator<Item = usize> + 'a {
        let hash = id_hash(id);
        let from = self.by_event.partition_point(|&(h, _)| h < hash);
        let to = self.by_event.partition_point(|&(h, _)| h <= hash);
        self.by_event
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .map(|&(_, c)| c as usize)
            .filter(move |&c| {
                dataset
                    .claims
                    .get(c)
                    .is_some_and(|c| c.events().any(|e| e == id))
            })
    }

    /// Positions of the subjects that claims about event `id` are on, in dataset order.
    pub fn subjects_of_event(&self, dataset: &Dataset, id: &str) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .claims_of_event(dataset, id)
            .filter_map(|c| dataset.claims.get(c))
            .filter_map(|c| self.subject_position.get(&*c.subject).copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// An event id's hash, for [`ClaimIndex`].
fn id_hash(id: &str) -> u32 {
    use std::hash::BuildHasher;
    // The high half: the low bits of a hash are what tables use, and both halves are good.
    (foldhash::fast::FixedState::default().hash_one(id) >> 32) as u32
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
    /// claims of one subject: see [`SubjectRow::contradicting`] to take only the first few.)
    pub fn contradictions(&self) -> Vec<(&'a Claim, &'a Claim)> {
        self.contradicting().collect()
    }

    /// [`SubjectRow::contradictions`] one at a time, each value's comparable part worked out
    /// once (a subject of thousands of claims has millions of pairs: comparing values afresh,
    /// a status lowercased again for each, took most of a briefing's time).
    pub fn contradicting(&self) -> Contradicting<'_, 'a> {
        Contradicting {
            values: self.claims.iter().map(|c| c.value.comparable()).collect(),
            claims: &self.claims,
            i: 0,
            j: 1,
        }
    }
}

/// The pairs of a subject's claims that cannot both be true, in order (see
/// [`SubjectRow::contradicting`]).
pub struct Contradicting<'r, 'a> {
    claims: &'r [&'a Claim],
    values: Vec<Comparable>,
    /// The next pair to compare.
    i: usize,
    j: usize,
}

impl<'a> Iterator for Contradicting<'_, 'a> {
    type Item = (&'a Claim, &'a Claim);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let a = self.values.get(self.i)?;
            let Some(b) = self.values.get(self.j) else {
                self.i += 1;
                self.j = self.i + 1;
                continue;
            };
            let (i, j) = (self.i, self.j);
            self.j += 1;
            if a.agreement(b) == Agreement::Contradicts {
                return self.claims.get(i).copied().zip(self.claims.get(j).copied());
            }
        }
    }
}

/// The standing of a set of claims on one subject, in one pass over them.
///
/// Statuses contradict when there are two different ones. Numbers (counts, and percentages,
/// separately) contradict when some two intervals do not overlap, which is so exactly when the
/// interval with the highest lower end and the one with the lowest upper end do not overlap.
/// Sources agree when, without contradiction, two of them make comparable claims.
pub fn standing(claims: &[&Claim]) -> Standing {
    // Each source's claims tallied, then the tallies merged: the comparison pane's way too.
    let mut by_source: Vec<(&str, Tally)> = Vec::new();
    for c in claims {
        match by_source.iter_mut().find(|(s, _)| *s == &*c.source) {
            Some((_, t)) => t.add(c),
            None => {
                let mut t = Tally::default();
                t.add(c);
                by_source.push((&c.source, t));
            }
        }
    }
    let mut all = Tally::default();
    for (_, t) in &by_source {
        all.merge(t);
    }
    all.standing()
}

/// What the claims of one source on one subject amount to, in a form that merges: the tally of
/// several sources' groups together gives the [`standing`] of all their claims, without looking
/// at a claim again. Each tally added by [`Tally::merge`] must be of a different source.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// A status claimed (normalised), and whether another one is too.
    status: Option<String>,
    statuses_differ: bool,
    counts: Bounds,
    percents: Bounds,
    /// How many sources (tallies merged) make any claim, a status claim, a count, a percentage.
    sources: [u32; 4],
}

/// The extremes of a set of intervals: enough to tell whether some two of them do not overlap.
#[derive(Debug, Clone, Default)]
struct Bounds {
    n: usize,
    any_empty: bool,
    highest_low: Option<Interval>,
    lowest_high: Option<Interval>,
}

impl Bounds {
    fn add(&mut self, i: Interval) {
        self.merge(&Bounds {
            n: 1,
            any_empty: i.is_empty(),
            highest_low: Some(i),
            lowest_high: Some(i),
        });
    }

    fn merge(&mut self, other: &Bounds) {
        self.n += other.n;
        self.any_empty |= other.any_empty;
        let low_key = |i: &Interval| (i.low, i.low_open);
        if let Some(o) = other.highest_low {
            let higher = self.highest_low.is_none_or(|s| {
                let (a, b) = (low_key(&o), low_key(&s));
                a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).is_gt()
            });
            if higher {
                self.highest_low = Some(o);
            }
        }
        if let Some(o) = other.lowest_high {
            let lower = self.lowest_high.is_none_or(|s| {
                o.high
                    .total_cmp(&s.high)
                    .then(s.high_open.cmp(&o.high_open))
                    .is_lt()
            });
            if lower {
                self.lowest_high = Some(o);
            }
        }
    }

    /// Whether some two of the intervals do not overlap: so exactly when the one with the
    /// highest lower end and the one with the lowest upper end do not.
    fn conflict(&self) -> bool {
        if self.n < 2 {
            return false;
        }
        if self.any_empty {
            return true;
        }
        match (self.highest_low, self.lowest_high) {
            (Some(a), Some(b)) => !a.overlaps(&b),
            _ => false,
        }
    }
}

impl Tally {
    /// Adds a claim of this tally's source (a tally built by `add` is of one source).
    pub fn add(&mut self, c: &Claim) {
        self.sources[0] = 1;
        match &c.value {
            ClaimValue::Status { value } => {
                let value = value.trim().to_lowercase();
                match &self.status {
                    None => self.status = Some(value),
                    Some(s) if *s != value => self.statuses_differ = true,
                    Some(_) => {}
                }
                self.sources[1] = 1;
            }
            ClaimValue::Count { .. } => {
                if let Some(i) = c.value.interval() {
                    self.counts.add(i);
                    self.sources[2] = 1;
                }
            }
            ClaimValue::Percent { .. } => {
                if let Some(i) = c.value.interval() {
                    self.percents.add(i);
                    self.sources[3] = 1;
                }
            }
            ClaimValue::Text { .. } => {}
        }
    }

    /// Adds another source's tally.
    pub fn merge(&mut self, other: &Tally) {
        match (&self.status, &other.status) {
            (Some(a), Some(b)) if a != b => self.statuses_differ = true,
            (None, Some(b)) => self.status = Some(b.clone()),
            _ => {}
        }
        self.statuses_differ |= other.statuses_differ;
        self.counts.merge(&other.counts);
        self.percents.merge(&other.percents);
        for (s, o) in self.sources.iter_mut().zip(other.sources) {
            *s += o;
        }
    }

    /// The standing of all the claims tallied (see [`standing`]).
    pub fn standing(&self) -> Standing {
        if self.statuses_differ || self.counts.conflict() || self.percents.conflict() {
            Standing::Contradicted
        } else if self.sources[0] <= 1 {
            Standing::SingleSource
        } else if self.sources[1..].iter().any(|&n| n > 1) {
            Standing::Agreed
        } else {
            Standing::Unresolved
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The claims found for each event are those that name it, in order, each once — on the
    /// bundled report and on generated data.
    #[test]
    fn an_events_claims_are_those_that_name_it() {
        for d in [
            crate::load::load_bundled().dataset,
            crate::generate::dataset(3_000, 5),
        ] {
            let index = ClaimIndex::new(&d);
            let mut found = 0;
            for e in &d.events {
                let indexed: Vec<usize> = index.claims_of_event(&d, e.id()).collect();
                let named: Vec<usize> = (0..d.claims.len())
                    .filter(|&c| d.claims[c].events().any(|x| x == e.id()))
                    .collect();
                assert_eq!(indexed, named, "{}", e.id());
                found += named.len();
            }
            assert!(found > 0);
            assert_eq!(index.claims_of_event(&d, "no such event").count(), 0);
        }
    }
}
