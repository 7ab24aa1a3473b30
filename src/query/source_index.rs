//! Which events each source reports, so that a source filter marks events by list instead of
//! comparing every event's source ids; and each event's kind, so that a kind filter reads a
//! byte an event instead of the event.

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use crate::model::{Dataset, EventKind};

use super::filter::Filter;

/// For each source (by its position in the dataset), the events it reports; and each event's
/// kind.
#[derive(Debug, Clone, Default)]
pub struct SourceIndex {
    events_of: Vec<Vec<u32>>,
    /// Each event's kind, by its place in [`EventKind::ALL`]. At 1M events a kind filter read
    /// every event (74 ms on one core); this is 1 MB read in order.
    kinds: Vec<u8>,
}

/// Events judged on one core at a time. Small in unit tests, so that they cross many.
const CHUNK: usize = if cfg!(test) { 64 } else { 1 << 14 };

impl SourceIndex {
    /// Indexes `dataset`: its events a chunk at a time on every core, each chunk listing the
    /// events of each source in its range; each source's lists are then joined into one made at
    /// its size (grown as they came, the lists held up to twice their events: 15 MB at 1M), and
    /// each chunk's list freed as it is joined.
    ///
    /// One pass over the events: each event's reports are in a block of its own, so every pass
    /// waits on memory (two passes on one core took 0.25 s at 1M, before the viewer could show
    /// the events).
    pub fn new(dataset: &Dataset) -> SourceIndex {
        let n = dataset.sources.len();
        let events = &dataset.events;
        let mut chunks: Vec<Vec<Vec<u32>>> = (0..events.len().div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let range = c * CHUNK..((c + 1) * CHUNK).min(events.len());
                // A source's id is shared by its reports (interned): its position is looked
                // up by the shared copy's address, not by hashing the text again each time.
                let mut positions: HashMap<usize, Option<usize>> = HashMap::new();
                let mut lists: Vec<Vec<u32>> = vec![Vec::new(); n];
                for (i, e) in events
                    .get(range.clone())
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let Ok(i) = u32::try_from(range.start + i) else {
                        break;
                    };
                    for a in e.sources() {
                        let s = *positions
                            .entry(a.source.address())
                            .or_insert_with(|| dataset.source_position(&a.source));
                        // An event reported twice by one source is in its list once.
                        if let Some(list) = s.and_then(|s| lists.get_mut(s))
                            && list.last() != Some(&i)
                        {
                            list.push(i);
                        }
                    }
                }
                lists
            })
            .collect();
        // Each chunk's list freed as it is joined: the lists are not all held twice.
        let events_of = (0..n)
            .map(|s| {
                let size = chunks.iter().filter_map(|lists| lists.get(s)).map(Vec::len);
                let mut list = Vec::with_capacity(size.sum());
                for part in chunks.iter_mut().filter_map(|lists| lists.get_mut(s)) {
                    list.extend_from_slice(part);
                    *part = Vec::new();
                }
                list
            })
            .collect();
        // A fieldless enum's number is its place in the declaration, which `ALL` follows.
        let kinds = events.par_iter().map(|e| e.kind as u8).collect();
        SourceIndex { events_of, kinds }
    }

    /// The positions of the events of `dataset` that pass `filter`, in order.
    pub fn apply(&self, dataset: &Dataset, filter: &Filter) -> Vec<u32> {
        let events = &dataset.events;
        if filter.is_empty() {
            // Nothing to judge: every event, without reading one.
            return (0..events.len() as u32).collect();
        }
        let lists: Option<Vec<&Vec<u32>>> = (filter.sources.iter())
            .map(|id| {
                let s = dataset.source_position(id)?;
                self.events_of.get(s)
            })
            .collect();
        let (lists, sources_left) = match lists {
            Some(lists) if !lists.is_empty() => (Some(lists), Vec::new()),
            // No source filter, or one naming a source this index does not know: judged by
            // the plain definition.
            _ => (None, filter.sources.clone()),
        };
        let mut kind_ok = [filter.kinds.is_empty(); EventKind::ALL.len()];
        for &k in &filter.kinds {
            kind_ok[k as usize] = true;
        }
        let known_kinds = self.kinds.len() == events.len();
        let rest = Filter {
            sources: sources_left,
            kinds: if known_kinds {
                Vec::new()
            } else {
                filter.kinds.clone()
            },
            ..filter.clone()
        };
        let simple = rest.is_empty();
        let rest = rest.prepare();
        let keeps = |i: usize| {
            (!known_kinds || (self.kinds.get(i)).is_some_and(|&k| kind_ok[k as usize]))
                && (simple || events.get(i).is_some_and(|e| rest.matches(e)))
        };
        // A chunk of events at a time, on every core: each marks the events of its own range
        // that the sources listed report (each list is in order, so its part for the range is
        // found by halving), then judges the rest.
        let chunks: Vec<Vec<u32>> = (0..events.len().div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let range = c * CHUNK..((c + 1) * CHUNK).min(events.len());
                let reported = lists.as_ref().map(|lists| {
                    let mut on = vec![false; range.len()];
                    for list in lists {
                        let from = list.partition_point(|&i| (i as usize) < range.start);
                        let to = list.partition_point(|&i| (i as usize) < range.end);
                        for &i in list.get(from..to).unwrap_or_default() {
                            if let Some(o) = on.get_mut(i as usize - range.start) {
                                *o = true;
                            }
                        }
                    }
                    on
                });
                let start = range.start;
                range
                    .filter(|&i| {
                        reported
                            .as_ref()
                            .is_none_or(|r| r.get(i - start) == Some(&true))
                            && keeps(i)
                    })
                    .map(|i| i as u32)
                    .collect()
            })
            .collect();
        let mut kept = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
        for chunk in chunks {
            kept.extend(chunk);
        }
        kept
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
            Filter {
                kinds: vec![EventKind::Shelling],
                ..Filter::default()
            },
            Filter {
                kinds: vec![EventKind::Airstrike, EventKind::Other],
                from: Filter::from_text("2016").ok(),
                to: Filter::to_text("2017-06").ok(),
                ..Filter::default()
            },
            Filter {
                sources: vec![ids[2].clone(), "no-such-source".into()],
                kinds: vec![EventKind::Riot],
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
