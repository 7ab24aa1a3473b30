//! What a briefing covers: the events chosen (filtered, or marked), and the claims that go with
//! them.

use std::hash::BuildHasher;

use rayon::prelude::*;

use crate::model::{Claim, Dataset, Event};

use super::filter::Filter;
use super::table_parts::Parts;

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
        let source_ok = |c: &Claim| {
            filter.sources.is_empty() || filter.sources.iter().any(|s| **s == *c.source)
        };
        // The events, by the hash of their id: each entry is an event's place among them (its
        // id is read from the event to tell it apart), 6.5 MB for 1M events. A map of the
        // claims' event ids, as before, took 17 MB more for all 1M events, made on one core.
        // The ids are hashed on every core first (reading them is most of the work).
        let hashing = foldhash::fast::FixedState::default();
        let hash = |id: &str| hashing.hash_one(id);
        let id_at = |&at: &u32| events.get(at as usize).map_or("", |e| e.id());
        let hashes: Vec<u64> = events
            .par_iter()
            .with_min_len(1 << 12)
            .map(|e| hash(e.id()))
            .collect();
        let mut chosen: Parts<u32> = Parts::with_capacity(events.len());
        for (at, &h) in (0u32..).zip(&hashes) {
            chosen
                .part(h)
                .insert_unique(h, at, |at| hashes.get(*at as usize).copied().unwrap_or(0));
        }
        drop(hashes);
        let chosen_id = |id: &str| chosen.find(hash(id), |at| id_at(at) == id).is_some();
        let claims = dataset
            .claims
            .par_iter()
            .with_min_len(1 << 12)
            .filter(|c| source_ok(c))
            .filter(|c| {
                if c.events().len() == 0 {
                    c.stated.overlaps(filter.from, filter.to)
                } else {
                    c.events().any(chosen_id)
                }
            })
            .collect();
        Selection { events, claims }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The claims a selection takes are those of its sources about its events, and those about
    /// no event, whatever events are chosen.
    #[test]
    fn a_selection_takes_the_claims_about_its_events_only() {
        let d = crate::load::load_bundled().dataset;
        let about = |c: &Claim, events: &[&Event]| {
            c.events().len() == 0 || c.events().any(|id| events.iter().any(|e| e.id() == id))
        };
        let some_about_one_event = d.claims.iter().filter(|c| c.events().len() > 0).count();
        assert!(some_about_one_event > 3);
        let sources = [Vec::new(), vec!["sdf".into()], vec!["coalition".into()]];
        for sources in sources {
            let filter = Filter {
                sources,
                ..Filter::default()
            };
            for n in 0..=d.events.len() {
                // The first n events, then every other one.
                for events in [
                    d.events.iter().take(n).collect::<Vec<_>>(),
                    d.events.iter().step_by(n.max(1)).collect(),
                ] {
                    let got = Selection::of_events(&d, events.clone(), &filter).claims;
                    let expected: Vec<&Claim> = d
                        .claims
                        .iter()
                        .filter(|c| {
                            filter.sources.is_empty()
                                || filter.sources.iter().any(|s| **s == *c.source)
                        })
                        .filter(|c| about(c, &events))
                        .collect();
                    assert_eq!(got.len(), expected.len(), "{n} events, {filter:?}");
                    assert!(got.iter().zip(&expected).all(|(a, b)| std::ptr::eq(*a, *b)));
                }
            }
        }
    }
}
