//! Search over many events at once, in place: each event's words are read where they are held
//! (see [`Needle::found_in_words`]), on every core, and the places and lists of actors that
//! events share are searched once each, not once per event.
//!
//! It used to keep a lowercased copy of every event's text, end to end: a little faster to
//! search, but at 1M events that copy took 5 s to make at the first search (the viewer frozen)
//! and 400 MB or more to hold — more than half the memory of the events themselves.

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use crate::model::{Event, NameList, Place};

use super::search::{Needle, found_in_place};

/// Which shared place and which shared list of actors each event has, numbered.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// `place_of[i]`: event i's place in `places`, or [`NONE`].
    place_of: Vec<u32>,
    places: Vec<std::sync::Arc<Place>>,
    /// `actors_of[i]`: event i's list of actors in `actors`.
    actors_of: Vec<u32>,
    actors: Vec<NameList>,
}

/// No place.
const NONE: u32 = u32::MAX;

/// Events searched on one core at a time.
const CHUNK: usize = 4096;

impl SearchIndex {
    /// Numbers the places and lists of actors of `events` (they are shared: a
    /// million events have some tens of thousands).
    pub fn new(events: &[Event]) -> SearchIndex {
        let mut index = SearchIndex::default();
        let mut place_slots = HashMap::new();
        let mut actor_slots = HashMap::new();
        let n = events.len();
        index.place_of.reserve_exact(n);
        index.actors_of.reserve_exact(n);
        for e in events {
            let place = e.place.as_ref().map_or(NONE, |p| {
                let next = index.places.len() as u32;
                *place_slots
                    .entry(std::sync::Arc::as_ptr(p) as usize)
                    .or_insert_with(|| {
                        index.places.push(p.clone());
                        next
                    })
            });
            let next = index.actors.len() as u32;
            let actors = *actor_slots.entry(e.actors.address()).or_insert_with(|| {
                index.actors.push(e.actors.clone());
                next
            });
            index.place_of.push(place);
            index.actors_of.push(actors);
        }
        index
    }

    /// For each of the events at `among` in `events` (the events this index was made of),
    /// whether its text contains `needle`, ignoring case (as [`super::search::matches_text`]
    /// says): one answer for each of `among`, in its order.
    pub fn matches(&self, events: &[Event], among: &[usize], needle: &str) -> Vec<bool> {
        let needle = Needle::new(needle);
        if needle.is_empty() {
            return vec![true; among.len()];
        }
        let place_hit: Vec<bool> = self
            .places
            .iter()
            .map(|p| found_in_place(p, &needle))
            .collect();
        let actors_hit: Vec<bool> = self
            .actors
            .iter()
            .map(|list| list.iter().any(|a| needle.found_in(a)))
            .collect();
        let is_hit = |slot: Option<&u32>, hits: &[bool]| {
            slot.and_then(|&s| hits.get(s as usize))
                .copied()
                .unwrap_or(false)
        };
        let mut hit = vec![false; among.len()];
        hit.par_chunks_mut(CHUNK)
            .zip(among.par_chunks(CHUNK))
            .for_each(|(hits, among)| {
                let mut lowered = Vec::new();
                for (h, &i) in hits.iter_mut().zip(among) {
                    *h = is_hit(self.place_of.get(i), &place_hit)
                        || is_hit(self.actors_of.get(i), &actors_hit)
                        || events
                            .get(i)
                            .is_some_and(|e| needle.found_in_words(e, &mut lowered));
                }
            });
        hit
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use proptest::prelude::*;

    use super::*;
    use crate::model::{EventKind, EventParts, MeasureList, Name, Report, When};
    use crate::query::search::matches_text;

    /// What a search means, the slow and obvious way: some text of the event, lowercased,
    /// contains the needle lowercased.
    fn naive(e: &Event, needle: &str) -> bool {
        let needle = needle.to_lowercase();
        let mut texts: Vec<&str> = vec![e.title()];
        texts.extend(e.summary());
        texts.extend(e.actors.iter().map(|a| &**a));
        if let Some(p) = &e.place {
            texts.push(&p.name);
            texts.extend(
                [&p.admin1, &p.admin2, &p.country]
                    .into_iter()
                    .flatten()
                    .map(|t| &**t),
            );
        }
        for a in e.sources() {
            texts.extend(e.quote(a));
            texts.extend(e.paraphrase(a));
        }
        texts.iter().any(|t| t.to_lowercase().contains(&needle))
    }

    /// Every event's position, to search them all.
    fn all(events: &[Event]) -> Vec<usize> {
        (0..events.len()).collect()
    }

    fn assert_searches_alike(events: &[Event], needles: &[&str]) {
        let index = SearchIndex::new(events);
        let all = all(events);
        for needle in needles {
            let expected: Vec<bool> = events.iter().map(|e| naive(e, needle)).collect();
            assert_eq!(
                index.matches(events, &all, needle),
                expected,
                "index: {needle:?}"
            );
            // Some of them, in another order.
            let some: Vec<usize> = all.iter().rev().step_by(2).copied().collect();
            let expected_some: Vec<bool> = some.iter().map(|&i| expected[i]).collect();
            assert_eq!(
                index.matches(events, &some, needle),
                expected_some,
                "{needle:?}"
            );
            let each: Vec<bool> = events
                .iter()
                .map(|e| matches_text(e, &Needle::new(needle)))
                .collect();
            assert_eq!(each, expected, "each event: {needle:?}");
        }
    }

    fn event(title: &str, summary: Option<&str>, words: &[(Option<&str>, Option<&str>)]) -> Event {
        let parts = EventParts {
            id: "e1".to_string(),
            when: When::parse("2017-10-17").unwrap_or_else(|e| panic!("{e}")),
            kind: EventKind::Statement,
            title: title.to_string(),
            summary: summary.map(str::to_string),
            place: Some(Arc::new(Place {
                name: "Ar-Raqqah".into(),
                admin1: Some("Raqqa".into()),
                admin2: None,
                country: Some("Syria".into()),
                coordinates: None,
            })),
            actors: NameList::from(vec![Name::from("SDF"), Name::from("Coalition")]),
            quantities: MeasureList::default(),
            sources: words
                .iter()
                .map(|&(quote, paraphrase)| Report {
                    source: Name::from("s"),
                    speaker: None,
                    quote: quote.map(str::to_string),
                    paraphrase: paraphrase.map(str::to_string),
                    via: None,
                })
                .collect(),
        };
        Event::new(parts).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_index_finds_what_each_text_lowercased_holds() {
        let d = crate::generate::dataset(2_000, 5);
        let needles = [
            "raqqa",
            "EVENT 19",
            "a",
            "",
            "no such text",
            "sdf\nx",
            "é",
            "syria",
        ];
        assert_searches_alike(&d.events, &needles);
    }

    #[test]
    fn the_bundled_dataset_searches_alike() {
        let d = crate::load::load_bundled().dataset;
        let needles = [
            "Wellspring",
            "on the verge",
            "350",
            "Dillon",
            "Baghdad",
            "sdf",
        ];
        for needle in needles {
            assert!(
                d.events.iter().any(|e| naive(e, needle)),
                "{needle} is in the data"
            );
        }
        assert_searches_alike(&d.events, &needles);
    }

    #[test]
    fn a_match_across_the_end_of_one_text_does_not_count() {
        let e = event("Fighting", Some("ends"), &[(Some("said"), Some("so"))]);
        // The words are held end to end: "Fightingendssaidso".
        assert_eq!(e.words(), "Fightingendssaidso");
        let index = SearchIndex::new(std::slice::from_ref(&e));
        for (needle, found) in [
            ("fighting", true),
            ("ends", true),
            ("said", true),
            ("so", true),
            ("ingend", false),
            ("dssa", false),
            ("idso", false),
            ("gendssaids", false),
            // Found across an end first, then within one text further on.
            ("s", true),
        ] {
            assert_eq!(
                index.matches(std::slice::from_ref(&e), &[0], needle),
                [found],
                "{needle}"
            );
        }
    }

    #[test]
    fn words_outside_ascii_are_lowercased_as_unicode_does() {
        let events = [
            event("\u{212A}abul", None, &[]),
            event("Ёлка", Some("İstanbul"), &[(None, Some("ÉTÉ"))]),
            event("plain", None, &[(Some("ascii"), None)]),
        ];
        let needles = [
            "kabul",
            "ёлка",
            "i̇stanbul",
            "été",
            "ÉtÉ",
            "plain",
            "x",
            "Ascii",
        ];
        assert_searches_alike(&events, &needles);
        let index = SearchIndex::new(&events);
        assert_eq!(
            index.matches(&events, &all(&events), "kabul"),
            [true, false, false]
        );
        assert_eq!(
            index.matches(&events, &all(&events), "été"),
            [false, true, false]
        );
    }

    proptest! {
        /// Any texts, any needle: the index and each event's search say what lowercasing every
        /// text says. Letters whose lowercase changes length or leaves ASCII are among them.
        #[test]
        fn searching_is_lowercasing_every_text(
            texts in proptest::collection::vec(
                ("[aAkK\u{212A}İi é,]{0,6}", proptest::option::of("[aAkKi é]{0,4}"),
                 proptest::collection::vec(
                    (proptest::option::of("[aAkK\u{212A}i ]{0,4}"),
                     proptest::option::of("[aAiİ ]{0,4}")), 0..3)),
                1..6),
            needle in "[aAkKi é,]{0,3}",
        ) {
            let events: Vec<Event> = texts
                .iter()
                .map(|(title, summary, words)| {
                    let words: Vec<(Option<&str>, Option<&str>)> =
                        words.iter().map(|(q, p)| (q.as_deref(), p.as_deref())).collect();
                    event(title, summary.as_deref(), &words)
                })
                .collect();
            let index = SearchIndex::new(&events);
            let expected: Vec<bool> = events.iter().map(|e| naive(e, &needle)).collect();
            prop_assert_eq!(index.matches(&events, &all(&events), &needle), expected);
        }
    }
}
