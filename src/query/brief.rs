//! What a briefing covers: the events chosen (filtered, or marked), and the claims that go with
//! them.

use rayon::prelude::*;

use crate::model::{Claim, Dataset, Event};

use super::filter::Filter;

/// The events and claims of a briefing.
#[derive(Debug, Clone)]
pub struct Selection<'a> {
    /// The events, in date order.
    pub events: Vec<&'a Event>,
    /// The claims, in dataset order.
    pub claims: Vec<&'a Claim>,
}

impl<'a> Selection<'a> {
    /// The events that pass `filter`, and their claims.
    pub fn filtered(dataset: &'a Dataset, filter: &Filter) -> Selection<'a> {
        Selection::of_events(dataset, filter.apply(dataset), filter)
    }

    /// These events (e.g. the ones marked in the viewer), and their claims.
    ///
    /// A claim goes with the briefing when its source passes the filter's sources and it concerns
    /// one of the events — or, concerning no event, was stated within the filter's dates. So a
    /// briefing filtered to one source holds no claim of another.
    pub fn of_events(
        dataset: &'a Dataset,
        events: Vec<&'a Event>,
        filter: &Filter,
    ) -> Selection<'a> {
        let ids: foldhash::HashSet<&str> = events.iter().map(|e| e.id()).collect();
        let source_ok = |c: &Claim| {
            filter.sources.is_empty() || filter.sources.iter().any(|s| **s == *c.source)
        };
        let claims = dataset
            .claims
            .par_iter()
            .with_min_len(1 << 12)
            .filter(|c| source_ok(c))
            .filter(|c| {
                if c.events().len() == 0 {
                    c.stated.overlaps(filter.from, filter.to)
                } else {
                    c.events().any(|e| ids.contains(e))
                }
            })
            .collect();
        Selection { events, claims }
    }
}
