//! Which events each source reports, so that a source filter marks events by list instead of
//! comparing every event's source ids.

use crate::model::Dataset;

use super::filter::Filter;

/// For each source (by its position in the dataset), the events it reports.
#[derive(Debug, Clone, Default)]
pub struct SourceIndex {
    events_of: Vec<Vec<u32>>,
}

impl SourceIndex {
    /// Indexes `dataset` (one pass over its attributions).
    pub fn new(dataset: &Dataset) -> SourceIndex {
        let mut events_of = vec![Vec::new(); dataset.sources.len()];
        for (i, e) in dataset.events.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            for a in e.sources() {
                if let Some(list) = dataset
                    .source_position(&a.source)
                    .and_then(|s| events_of.get_mut(s))
                    && list.last() != Some(&i)
                {
                    list.push(i);
                }
            }
        }
        for list in &mut events_of {
            list.shrink_to_fit();
        }
        SourceIndex { events_of }
    }

    /// The positions of the events of `dataset` that pass `filter`, in order.
    pub fn apply(&self, dataset: &Dataset, filter: &Filter) -> Vec<usize> {
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
            return (0..events.len()).collect();
        }
        if filter.sources.is_empty() || lists.len() != filter.sources.len() {
            // No source filter — or one naming a source this index does not know: the slow,
            // plain definition.
            let p = filter.prepare();
            return (0..events.len())
                .filter(|&i| p.matches(&events[i]))
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
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventKind;

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
            let plain: Vec<usize> = (0..d.events.len())
                .filter(|&i| f.matches(&d.events[i]))
                .collect();
            assert_eq!(index.apply(&d, f), plain, "{f:?}");
        }
    }
}
