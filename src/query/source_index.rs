//! Which events each source reports, so that a source filter marks events by list instead of
//! comparing every event's source ids.

use foldhash::{HashMap, HashMapExt};

use crate::model::{Attribution, Dataset};

use super::filter::Filter;

/// For each source (by its position in the dataset), the events it reports.
#[derive(Debug, Clone, Default)]
pub struct SourceIndex {
    events_of: Vec<Vec<u32>>,
}

impl SourceIndex {
    /// Indexes `dataset`: two passes over its attributions, the first counting each source's
    /// events, so that each list is made at its size (grown as they came, the lists held up to
    /// twice their events, and shrinking them copied each one: 15 MB at the peak for 1M
    /// events).
    pub fn new(dataset: &Dataset) -> SourceIndex {
        // A source's id is shared by its reports (interned): its position is looked up by the
        // shared copy's address, not by hashing the text again for each report.
        let mut positions: HashMap<usize, Option<usize>> = HashMap::new();
        let mut position_of = |a: &Attribution| {
            *positions
                .entry(a.source.address())
                .or_insert_with(|| dataset.source_position(&a.source))
        };
        let n = dataset.sources.len();
        let mut counts = vec![0usize; n];
        // Each source's last event counted, plus one (an event reported twice by one source is
        // in its list once).
        let mut last = vec![0usize; n];
        let mut each_report = |f: &mut dyn FnMut(usize, usize)| {
            for (i, e) in dataset.events.iter().enumerate() {
                for a in e.sources() {
                    if let Some(s) = position_of(a) {
                        f(s, i);
                    }
                }
            }
        };
        each_report(&mut |s, i| {
            if let (Some(count), Some(last)) = (counts.get_mut(s), last.get_mut(s))
                && *last != i + 1
            {
                *count += 1;
                *last = i + 1;
            }
        });
        let mut events_of: Vec<Vec<u32>> = counts.iter().map(|&c| Vec::with_capacity(c)).collect();
        each_report(&mut |s, i| {
            if let (Some(list), Ok(i)) = (events_of.get_mut(s), u32::try_from(i))
                && list.last() != Some(&i)
            {
                list.push(i);
            }
        });
        SourceIndex { events_of }
    }

    /// The positions of the events of `dataset` that pass `filter`, in order.
    pub fn apply(&self, dataset: &Dataset, filter: &Filter) -> Vec<u32> {
        let events = &dataset.events;
        let rest = Filter {
            sources: Vec::new(),
            ..filter.clone()
        };
        let lists: Vec<&Vec<u32>> = filter
            .sources
            .iter()
            .filter_map(|id| dataset.source_position(id))
            .filter_map(|s| self.events_of.get(s))
            .collect();
        if filter.is_empty() {
            // Nothing to judge: every event, without reading one.
            return (0..events.len() as u32).collect();
        }
        if filter.sources.is_empty() || lists.len() != filter.sources.len() {
            // No source filter — or one naming a source this index does not know: the slow,
            // plain definition.
            let p = filter.prepare();
            return (0..events.len() as u32)
                .filter(|&i| p.matches(&events[i as usize]))
                .collect();
        }
        let mut reported = vec![false; events.len()];
        for list in lists {
            for &i in list {
                reported[i as usize] = true;
            }
        }
        let simple = rest.is_empty();
        let rest = rest.prepare();
        reported
            .iter()
            .enumerate()
            .filter(|&(i, &on)| on && (simple || rest.matches(&events[i])))
            .map(|(i, _)| i as u32)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventKind;

    #[test]
    fn each_list_is_made_at_its_size_with_each_event_once() {
        let mut d = crate::generate::dataset(500, 4);
        // The first event reported twice by its first source.
        let mut parts = d.events[0].parts();
        parts.sources.push(parts.sources[0].clone());
        d.events[0] = crate::model::Event::new(parts).unwrap_or_else(|e| panic!("{e}"));
        let index = SourceIndex::new(&d);
        for (s, list) in index.events_of.iter().enumerate() {
            assert_eq!(list.capacity(), list.len(), "source {s}");
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "source {s}: in order, once"
            );
            let expected = d
                .events
                .iter()
                .filter(|e| e.reported_by(&d.sources[s].id))
                .count();
            assert_eq!(list.len(), expected, "source {s}");
        }
    }

    #[test]
    fn the_index_keeps_what_the_filter_keeps() {
        let d = crate::generate::dataset(3_000, 3);
        let index = SourceIndex::new(&d);
        let ids: Vec<String> = d.sources.iter().map(|s| s.id.clone()).collect();
        let filters = [
            Filter::default(),
            Filter {
                sources: ids[..3].to_vec(),
                ..Filter::default()
            },
            Filter {
                sources: ids[1..].to_vec(),
                kinds: vec![EventKind::Airstrike, EventKind::ArmedClash],
                ..Filter::default()
            },
            Filter {
                sources: vec![ids[4].clone()],
                search: Some("event 1".into()),
                from: Filter::from_text("2016").ok(),
                ..Filter::default()
            },
            Filter {
                sources: vec!["no-such-source".into()],
                ..Filter::default()
            },
        ];
        for f in &filters {
            let plain: Vec<u32> = (0..d.events.len() as u32)
                .filter(|&i| f.matches(&d.events[i as usize]))
                .collect();
            assert_eq!(index.apply(&d, f), plain, "{f:?}");
        }
    }
}
