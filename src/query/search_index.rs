//! Search over many events at once: every event's searchable text, lowercased, in one buffer, so
//! that a search is one pass over contiguous memory instead of a visit to each event's strings.

use crate::model::{Dataset, Event};

/// The lowercased searchable text of every event, end to end, with where each event's ends.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    text: String,
    /// `ends[i]`: the end of event i's text in `text`.
    ends: Vec<usize>,
}

/// Between two texts, so that no search (typed on one line) matches across them.
const SEPARATOR: char = '\n';

impl SearchIndex {
    /// Builds the index of `dataset` (lowercasing all its searchable text once).
    pub fn new(dataset: &Dataset) -> SearchIndex {
        let mut text = String::new();
        let mut ends = Vec::with_capacity(dataset.events.len());
        for e in &dataset.events {
            for_each_text(e, |t| {
                for c in t.chars().flat_map(char::to_lowercase) {
                    // Line breaks inside a text become spaces: only the separator breaks.
                    text.push(if c == SEPARATOR { ' ' } else { c });
                }
                text.push(SEPARATOR);
            });
            ends.push(text.len());
        }
        text.shrink_to_fit();
        SearchIndex { text, ends }
    }

    /// For each event, whether its text contains `needle`, ignoring case.
    pub fn matches(&self, needle: &str) -> Vec<bool> {
        let mut hit = vec![false; self.ends.len()];
        let needle = needle.to_lowercase().replace(SEPARATOR, " ");
        if needle.is_empty() {
            hit.fill(true);
            return hit;
        }
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let bytes = self.text.as_bytes();
        let mut from = 0;
        while let Some(i) = finder.find(&bytes[from..]) {
            let at = from + i;
            let event = self.ends.partition_point(|&end| end <= at);
            if let Some(h) = hit.get_mut(event) {
                *h = true;
            }
            // On to the next event: one match is enough.
            from = self.ends.get(event).copied().unwrap_or(bytes.len());
            if from >= bytes.len() {
                break;
            }
        }
        hit
    }
}

/// Every searchable text of an event, in the order [`super::search::matches_text`] looks.
fn for_each_text(e: &Event, mut f: impl FnMut(&str)) {
    f(e.title());
    if let Some(s) = &e.summary() {
        f(s);
    }
    for a in &e.actors {
        f(a);
    }
    if let Some(p) = &e.place {
        f(&p.name);
        for t in [&p.admin1, &p.admin2, &p.country].into_iter().flatten() {
            f(t);
        }
    }
    for a in e.sources() {
        for t in [e.quote(a), e.paraphrase(a)].into_iter().flatten() {
            f(t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::search::{Needle, matches_text};

    #[test]
    fn the_index_finds_what_searching_each_event_finds() {
        let d = crate::generate::dataset(2_000, 5);
        let index = SearchIndex::new(&d);
        for needle in ["raqqa", "EVENT 19", "a", "", "no such text", "sdf\nx", "é"] {
            let each: Vec<bool> = d
                .events
                .iter()
                .map(|e| matches_text(e, &Needle::new(needle)))
                .collect();
            assert_eq!(index.matches(needle), each, "{needle:?}");
        }
    }

    #[test]
    fn the_bundled_dataset_searches_alike() {
        let d = crate::load::load_bundled().dataset;
        let index = SearchIndex::new(&d);
        for needle in ["Wellspring", "on the verge", "350", "Dillon", "Baghdad"] {
            let each: Vec<bool> = d
                .events
                .iter()
                .map(|e| matches_text(e, &Needle::new(needle)))
                .collect();
            assert!(each.iter().any(|&b| b), "{needle} is in the data");
            assert_eq!(index.matches(needle), each, "{needle:?}");
        }
    }
}
