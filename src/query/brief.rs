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
        let source_ok = |c: &Claim| {
            filter.sources.is_empty() || filter.sources.iter().any(|s| **s == *c.source)
        };
        // The events the claims concern, each marked when it is one of these: a set of the
        // claims' events, not of these (1M events made a set of 35 MB, at the briefing's peak).
        let mut chosen: foldhash::HashMap<&str, bool> = dataset
            .claims
            .iter()
            .filter(|c| source_ok(c))
            .flat_map(|c| c.events())
            .map(|e| (e, false))
            .collect();
        if !chosen.is_empty() {
            for e in &events {
                if let Some(chosen) = chosen.get_mut(e.id()) {
                    *chosen = true;
                }
            }
        }
        let claims = dataset
            .claims
            .par_iter()
            .with_min_len(1 << 12)
            .filter(|c| source_ok(c))
            .filter(|c| {
                if c.events().len() == 0 {
                    c.stated.overlaps(filter.from, filter.to)
                } else {
                    c.events().any(|e| chosen.get(e) == Some(&true))
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
