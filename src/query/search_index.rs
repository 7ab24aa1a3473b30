//! Search over many events at once, in place, on every core: the blocks that events' texts are
//! held in are read whole (see [`Needle::find_in_ascii`]), or, for a few events, each event's
//! words (see [`Needle::found_in_words`]); the places and lists of actors that events share are
//! searched once each, not once per event.
//!
//! It used to keep a lowercased copy of every event's text, end to end: a little faster to
//! search, but at 1M events that copy took 5 s to make at the first search (the viewer frozen)
//! and 400 MB or more to hold — more than half the memory of the events themselves.

use std::sync::atomic::{AtomicBool, Ordering};

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use crate::model::{Event, NameList, Place};

use super::search::{Needle, found_in_place, lowercases_apart};

/// Which shared place and which shared list of actors each event has, numbered; and which
/// events' texts share a block, so that a search of most events reads blocks whole.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// The events whose texts share a block with many others, as (where its texts start in
    /// the block, the event), a block after another, each by where they start.
    held: Vec<(u32, u32)>,
    /// Where each block's events end in `held`.
    block_ends: Vec<u32>,
    /// Whether each block's text [`lowercases_apart`]: then an ASCII needle is found in it in
    /// place, not in a lowercased copy.
    plain: Vec<bool>,
    /// How often each byte, lowercased, is seen at the start of each block (see
    /// [`Needle::in_place`]).
    frequency: Vec<u32>,
    /// Whether each event is in `held` (the others are searched one by one).
    in_block: Vec<bool>,
    /// `place_of[i]`: event i's place in `places`, or [`NONE`].
    place_of: Vec<u32>,
    places: Vec<std::sync::Arc<Place>>,
    /// `actors_of[i]`: event i's list of actors in `actors`.
    actors_of: Vec<u32>,
    actors: Vec<NameList>,
}

/// The text of the block that `held`'s events are held in.
fn block_text<'e>(events: &'e [Event], held: &[(u32, u32)]) -> Option<&'e str> {
    let &(_, first) = held.first()?;
    events.get(first as usize).map(|e| e.held_in().0)
}

/// No place.
const NONE: u32 = u32::MAX;

/// Events searched on one core at a time.
const CHUNK: usize = 4096;

/// Blocks of fewer events are searched event by event (an event made alone has a block of its
/// own). Small in unit tests, whose blocks are small.
const FEW: usize = if cfg!(test) { 2 } else { 16 };

/// Shared items (places, lists of actors), each numbered once, by its address, in order of
/// first sight.
struct Numbered<T> {
    slots: HashMap<usize, u32>,
    items: Vec<T>,
}

impl<T> Default for Numbered<T> {
    fn default() -> Self {
        Numbered {
            slots: HashMap::new(),
            items: Vec::new(),
        }
    }
}

impl<T> Numbered<T> {
    /// The number of the item at `address`, given it (`item` made) if new.
    fn number(&mut self, address: usize, item: impl FnOnce() -> T) -> u32 {
        let next = self.items.len() as u32;
        *self.slots.entry(address).or_insert_with(|| {
            self.items.push(item());
            next
        })
    }
}

/// What a chunk of events shares, numbered within the chunk (see [`SearchIndex::new`]).
struct Part {
    /// The chunk's places, and each event's among them ([`NONE`]: none).
    places: Numbered<std::sync::Arc<Place>>,
    place_of: Vec<u32>,
    /// The chunk's lists of actors, and each event's among them.
    actors: Numbered<NameList>,
    actors_of: Vec<u32>,
    /// For each event, the block its texts are in, where they start, and the event.
    held: Vec<(usize, u32, u32)>,
}

impl Part {
    /// The part of `chunk`, whose first event is event `first` of them all.
    fn of(chunk: &[Event], first: usize) -> Part {
        let mut part = Part {
            places: Numbered::default(),
            place_of: Vec::with_capacity(chunk.len()),
            actors: Numbered::default(),
            actors_of: Vec::with_capacity(chunk.len()),
            held: Vec::with_capacity(chunk.len()),
        };
        for (i, e) in (first..).zip(chunk) {
            let place = e.place.as_ref().map_or(NONE, |p| {
                part.places
                    .number(std::sync::Arc::as_ptr(p) as usize, || p.clone())
            });
            let actors = part.actors.number(e.actors.address(), || e.actors.clone());
            part.place_of.push(place);
            part.actors_of.push(actors);
            let (block, start) = e.held_in();
            // Past 4 GB of text in a block, or of events: searched event by event.
            if let (Ok(start), Ok(i)) = (u32::try_from(start), u32::try_from(i)) {
                part.held.push((block.as_ptr() as usize, start, i));
            }
        }
        part
    }
}

impl SearchIndex {
    /// Numbers the places and lists of actors of `events` (they are shared: a
    /// million events have some tens of thousands).
    ///
    /// The events are read a chunk at a time on every core, each chunk numbering what its
    /// events share on its own; the chunks' numbers are then made one. This is the first
    /// search's wait: at a million events, when the viewer had been idle 3 s (the events'
    /// memory gone cold), it took 303-339 ms on one core and takes 191-202 ms on two. Telling
    /// which blocks can be searched in place reads all their text once more: made straight
    /// after loading, the index took 128-155 ms rather than 92-131.
    pub fn new(events: &[Event]) -> SearchIndex {
        let parts: Vec<Part> = events
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(k, chunk)| Part::of(chunk, k * CHUNK))
            .collect();
        let (mut places, mut actors) = (Numbered::default(), Numbered::default());
        let mut index = SearchIndex::default();
        let n = events.len();
        index.place_of.reserve_exact(n);
        index.actors_of.reserve_exact(n);
        let mut held = Vec::with_capacity(n);
        for part in parts {
            // Each of the chunk's numbers, as a number of them all.
            let place_slots: Vec<u32> = (part.places.items.into_iter())
                .map(|p| places.number(std::sync::Arc::as_ptr(&p) as usize, || p))
                .collect();
            let actor_slots: Vec<u32> = (part.actors.items.into_iter())
                .map(|list| actors.number(list.address(), || list))
                .collect();
            let slot =
                |local: u32, slots: &[u32]| slots.get(local as usize).copied().unwrap_or(NONE);
            index
                .place_of
                .extend(part.place_of.iter().map(|&p| slot(p, &place_slots)));
            index
                .actors_of
                .extend(part.actors_of.iter().map(|&a| slot(a, &actor_slots)));
            held.extend(part.held);
        }
        index.places = places.items;
        index.actors = actors.items;
        index.group_blocks(events, held);
        index
    }

    /// Groups the events by the block their texts are held in: `held` is (the block, where
    /// the event's texts start in it, the event), in the events' order.
    fn group_blocks(&mut self, events: &[Event], mut by_block: Vec<(usize, u32, u32)>) {
        // Events made together are mostly listed together (from the snapshot, always): then
        // they need no sorting.
        let mut seen = foldhash::HashSet::default();
        let grouped = by_block
            .chunk_by(|a, b| a.0 == b.0)
            .all(|run| seen.insert(run[0].0) && run.windows(2).all(|w| w[0].1 < w[1].1));
        if !grouped {
            by_block.par_sort_unstable();
        }
        self.in_block = vec![false; events.len()];
        for group in by_block.chunk_by(|a, b| a.0 == b.0) {
            if group.len() < FEW {
                continue;
            }
            for &(_, start, i) in group {
                self.held.push((start, i));
                if let Some(b) = self.in_block.get_mut(i as usize) {
                    *b = true;
                }
            }
            self.block_ends.push(self.held.len() as u32);
        }
        self.held.shrink_to_fit();
        self.block_ends.shrink_to_fit();
        // Each block's text read once: whether it can be searched in place, and how often
        // each byte is seen in its first 4 KiB (4 MB at 1M events, enough to tell common bytes).
        let read: Vec<(bool, [u32; 256])> = (self.blocks().par_iter())
            .map(|held| {
                let held_text = block_text(events, held);
                let text = held_text.unwrap_or_default().as_bytes();
                let mut counts = [0u32; 256];
                for &b in text.get(..4096).unwrap_or(text) {
                    let n = &mut counts[usize::from(b.to_ascii_lowercase())];
                    *n = n.saturating_add(1);
                }
                (held_text.is_some() && lowercases_apart(text), counts)
            })
            .collect();
        self.frequency = vec![0; 256];
        for (_, counts) in &read {
            for (n, c) in self.frequency.iter_mut().zip(counts) {
                *n = n.saturating_add(*c);
            }
        }
        self.plain = read.into_iter().map(|(plain, _)| plain).collect();
    }

    /// Each block's events, as (where its texts start in the block, the event).
    fn blocks(&self) -> Vec<&[(u32, u32)]> {
        let starts = std::iter::once(0).chain(self.block_ends.iter().copied());
        starts
            .zip(self.block_ends.iter().copied())
            .filter_map(|(a, b)| self.held.get(a as usize..b as usize))
            .collect()
    }

    /// Which events, of those held in blocks, have texts that contain `needle`: a block at a
    /// time, each read whole, on every core. Once `stop` is set, blocks not begun are skipped
    /// (the answer is then not to be trusted).
    fn text_hits(&self, events: &[Event], needle: &Needle, stop: &AtomicBool) -> Vec<bool> {
        let blocks = self.blocks();
        let in_place = needle.in_place(&self.frequency);
        let found: Vec<Vec<u32>> = blocks
            .par_iter()
            .zip(&self.plain)
            .map_init(Vec::new, |lowered, (held, &plain)| {
                let mut found = Vec::new();
                if stopped(stop) {
                    return found;
                }
                let event = |&(_, i): &(u32, u32)| events.get(i as usize);
                let Some(text) = block_text(events, held) else {
                    return found;
                };
                let n = needle.len();
                // The events whose texts start last at or before the match: matches come in
                // order, so this only moves on.
                let mut k = 0;
                let mut at_match = |at: usize| {
                    while held
                        .get(k + 1)
                        .is_some_and(|&(start, _)| start as usize <= at)
                    {
                        k += 1;
                    }
                    let Some(&(start, _)) = held.get(k).filter(|h| h.0 as usize <= at) else {
                        return at + 1;
                    };
                    let mut on = at + 1;
                    // Events listed twice (copies) share their texts: each is found.
                    let same = held[..=k].iter().rev().take_while(|h| h.0 == start);
                    for h in same {
                        let Some(e) = event(h) else { continue };
                        let words = start as usize + e.id().len();
                        let end = start as usize + e.text_len();
                        if at < words {
                            // In its id, which is not searched: on to its words.
                            on = on.max(words);
                            continue;
                        }
                        if at + n <= end && e.within_one_part(at - words, at + n - words) {
                            found.push(h.1);
                            // Its text is skipped from here, and the processor
                            // does not see which text is read next: it is told, a few
                            // events ahead (at 1M, a search for "e" took 74-96 ms without,
                            // 53-59 with).
                            if let Some(&(ahead, _)) = held.get(k + 8) {
                                crate::memory::prefetch(text.as_bytes(), ahead as usize);
                            }
                            // Found: the rest of its texts need not be read.
                            on = on.max(end);
                        }
                    }
                    on
                };
                // In place where the block allows (see `InPlace`); else lowercased a window
                // at a time.
                let ascii = match &in_place {
                    Some(in_place) if plain => {
                        in_place.find_in(text.as_bytes(), &mut at_match);
                        true
                    }
                    _ => needle.find_in_ascii(text.as_bytes(), lowered, &mut at_match),
                };
                if !ascii {
                    // Words not ASCII, or a needle not ASCII: event by event.
                    found.clear();
                    for h in held.iter() {
                        if event(h).is_some_and(|e| needle.found_in_words(e, lowered)) {
                            found.push(h.1);
                        }
                    }
                }
                found
            })
            .collect();
        let mut hits = vec![false; events.len()];
        for i in found.into_iter().flatten() {
            if let Some(h) = hits.get_mut(i as usize) {
                *h = true;
            }
        }
        hits
    }

    /// For each of the events at `among` in `events` (the events this index was made of),
    /// whether its text contains `needle`, ignoring case (as [`super::search::matches_text`]
    /// says): one answer for each of `among`, in its order.
    pub fn matches(&self, events: &[Event], among: &[u32], needle: &str) -> Vec<bool> {
        let never = AtomicBool::new(false);
        (self.matches_unless(events, among, needle, &never)).unwrap_or_default()
    }

    /// [`SearchIndex::matches`], unless `stop` is set meanwhile: then `None`, as soon as a
    /// block or a run of events being searched sees it (the next key typed makes a search
    /// stale).
    pub fn matches_unless(
        &self,
        events: &[Event],
        among: &[u32],
        needle: &str,
        stop: &AtomicBool,
    ) -> Option<Vec<bool>> {
        let needle = Needle::new(needle);
        if needle.is_empty() {
            return Some(vec![true; among.len()]);
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
        // Most events: their blocks are read whole, a pass over memory in order. A few (typing
        // on narrows the search): event by event.
        let text_hit = if among.len().saturating_mul(4) >= events.len() {
            self.text_hits(events, &needle, stop)
        } else {
            Vec::new()
        };
        let mut hit = vec![false; among.len()];
        hit.par_chunks_mut(CHUNK)
            .zip(among.par_chunks(CHUNK))
            .for_each(|(hits, among)| {
                if stopped(stop) {
                    return;
                }
                let mut lowered = Vec::new();
                for (h, &i) in hits.iter_mut().zip(among) {
                    let i = i as usize;
                    *h = is_hit(self.place_of.get(i), &place_hit)
                        || is_hit(self.actors_of.get(i), &actors_hit)
                        || match text_hit.get(i) {
                            Some(&hit) if self.in_block.get(i) == Some(&true) => hit,
                            _ => events
                                .get(i)
                                .is_some_and(|e| needle.found_in_words(e, &mut lowered)),
                        };
                }
            });
        (!stopped(stop)).then_some(hit)
    }
}

/// Whether a search was asked to stop.
fn stopped(stop: &AtomicBool) -> bool {
    stop.load(Ordering::Relaxed)
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
    fn all(events: &[Event]) -> Vec<u32> {
        (0..events.len() as u32).collect()
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
            let some: Vec<u32> = all.iter().rev().step_by(2).copied().collect();
            let expected_some: Vec<bool> = some.iter().map(|&i| expected[i as usize]).collect();
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
        Event::new(parts(title, summary, words)).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Events made together, their texts in shared blocks (several: blocks are small in unit
    /// tests).
    fn in_blocks(texts: &[Texts]) -> Vec<Event> {
        let mut block = crate::model::EventBlock::with_capacity(texts.len(), 0);
        for (title, summary, words) in texts {
            let words: Vec<(Option<&str>, Option<&str>)> = words
                .iter()
                .map(|(q, p)| (q.as_deref(), p.as_deref()))
                .collect();
            let made = block.add_parts(parts(title, summary.as_deref(), &words));
            assert!(made.is_ok());
        }
        block.finish()
    }

    /// A title, a summary, and each report's quote and paraphrase.
    type Texts = (
        String,
        Option<String>,
        Vec<(Option<String>, Option<String>)>,
    );

    fn parts(
        title: &str,
        summary: Option<&str>,
        words: &[(Option<&str>, Option<&str>)],
    ) -> EventParts {
        EventParts {
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
        }
    }

    #[test]
    fn a_search_asked_to_stop_gives_nothing_and_one_let_run_gives_all() {
        let d = crate::generate::dataset(2_000, 5);
        let index = SearchIndex::new(&d.events);
        let (all, some) = (all(&d.events), [3, 1_500, 7]);
        for among in [&all[..], &some[..]] {
            let found = index.matches(&d.events, among, "event");
            assert!(found.contains(&true));
            let running = AtomicBool::new(false);
            let unless = index.matches_unless(&d.events, among, "event", &running);
            assert_eq!(unless, Some(found));
            let stopped = AtomicBool::new(true);
            assert_eq!(
                index.matches_unless(&d.events, among, "event", &stopped),
                None
            );
        }
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
    fn data_loaded_from_a_file_searches_alike_a_block_at_a_time() {
        let text = crate::load::write::to_ron(&crate::generate::dataset(3_000, 9));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("generated.ron");
        std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
        let d = crate::load::load_paths(&[file]).dataset;
        assert_eq!(d.events.len(), 3_000);
        let index = SearchIndex::new(&d.events);
        assert!(index.held.len() > 2_000, "most events share blocks");
        assert_searches_alike(
            &d.events,
            &["raqqa", "EVENT 19", "a", "no such text", "syria"],
        );
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
    fn a_match_across_the_end_of_one_text_does_not_hide_one_just_after_it() {
        // Held end to end, "e1" "A" "AA" "e1": "aa" is first found across the title's end.
        let texts: Vec<Texts> = vec![
            ("A".into(), Some("AA".into()), Vec::new()),
            (String::new(), None, Vec::new()),
        ];
        let events = in_blocks(&texts);
        let index = SearchIndex::new(&events);
        assert_eq!(index.held.len(), 2, "read as a block");
        assert_eq!(index.matches(&events, &all(&events), "Aa"), [true, false]);
    }

    #[test]
    fn long_events_found_early_late_or_by_unicode_alone_are_found_as_each_text_says() {
        // A needle found early in an event skips the rest of it; one found only at an event's
        // end, or only as Unicode lowercases a letter, must still be found.
        let long = |s: &str| s.repeat(40);
        let texts: Vec<Texts> = vec![
            ("Event one".into(), Some(long("plain text ")), Vec::new()),
            // Found only by Unicode's lowercase of the Kelvin sign, past its first windows.
            (
                long("x"),
                Some(format!("{}\u{212A}abul", long("y"))),
                Vec::new(),
            ),
            ("Event three".into(), Some(long("é ")), Vec::new()),
            // Found only at its very end, across windows.
            (
                long("z"),
                None,
                vec![(Some(format!("{} kabul", long("w"))), None)],
            ),
            (long("nothing "), Some(long("here ")), Vec::new()),
        ];
        let events = in_blocks(&texts);
        let index = SearchIndex::new(&events);
        assert_eq!(index.held.len(), texts.len(), "read as a block");
        assert_searches_alike(&events, &["e", "kabul", "KABUL", "é", "here", "zzzw", "x"]);
        assert_eq!(
            index.matches(&events, &all(&events), "kabul"),
            [false, true, false, true, false]
        );
    }

    #[test]
    fn blocks_are_searched_in_place_unless_a_letter_lowercases_to_ascii() {
        let texts = |summary: &str| -> Vec<Texts> {
            vec![
                ("Kabul".into(), Some(summary.into()), Vec::new()),
                ("Herat".into(), None, vec![(Some("in KABUL".into()), None)]),
                ("Mazar".into(), Some("عربي and é".into()), Vec::new()),
            ]
        };
        let plain = in_blocks(&texts("nothing else"));
        let kelvin = in_blocks(&texts("\u{212A}abul"));
        let dotted = in_blocks(&texts("\u{130}stanbul"));
        for (events, in_place) in [(&plain, true), (&kelvin, false), (&dotted, false)] {
            let index = SearchIndex::new(events);
            assert_eq!(index.plain, [in_place]);
            assert_searches_alike(events, &["kabul", "KaBuL", "e", "é", "i", "stanbul", "zz"]);
        }
        let index = SearchIndex::new(&kelvin);
        assert_eq!(
            index.matches(&kelvin, &all(&kelvin), "kabul"),
            [true, true, false]
        );
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
            prop_assert_eq!(index.matches(&events, &all(&events), &needle), expected.clone());
            // The same texts in shared blocks, read a block at a time.
            let events = in_blocks(&texts);
            let index = SearchIndex::new(&events);
            prop_assert_eq!(index.matches(&events, &all(&events), &needle), expected);
        }

        /// ASCII texts in shared blocks, read a block at a time: a match counts only within one
        /// text of one event, wherever the block's windows and its events' texts end.
        #[test]
        fn searching_blocks_is_searching_each_event(
            texts in proptest::collection::vec(
                ("[aAb ,]{0,8}", proptest::option::of("[aAb]{0,5}"),
                 proptest::collection::vec(
                    (proptest::option::of("[aB ]{0,4}"), proptest::option::of("[Ab ]{0,4}")),
                    0..3)),
                1..40),
            needle in "[aAb ,]{1,4}",
        ) {
            let events = in_blocks(&texts);
            let index = SearchIndex::new(&events);
            let expected: Vec<bool> = events.iter().map(|e| naive(e, &needle)).collect();
            prop_assert_eq!(index.matches(&events, &all(&events), &needle), expected);
        }
    }
}
