//! Where events keep their texts: end to end, in blocks shared by the events made together (a
//! block of the snapshot, a run of a file). A million events would otherwise hold a million
//! small allocations, scattered by size: reading all their words (search) took twice as long as
//! reading them from one place, and the allocations' rounding cost about 20 MB.

use std::sync::Arc;

use super::event::{Attribution, Event, EventParts, Rest, TooLong};

/// The text of a block of events, shared by them. A thin pointer, so that an event's [`Text`]
/// takes the 16 bytes a `Box<str>` of its own would.
type Block = Arc<Box<str>>;

/// An event's texts: a range of its block.
#[derive(Clone)]
pub(super) struct Text {
    block: Block,
    start: u32,
    len: u32,
}

impl Text {
    /// The texts, end to end.
    pub(super) fn as_str(&self) -> &str {
        let (start, len) = (self.start as usize, self.len as usize);
        self.block.get(start..start + len).unwrap_or("")
    }

    /// The whole block, and where these texts start in it.
    pub(super) fn held_in(&self) -> (&str, usize) {
        (&self.block, self.start as usize)
    }

    /// Their length in bytes.
    pub(super) fn len(&self) -> usize {
        self.len as usize
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// An event's texts written straight into its block, part after part: id, title, summary,
/// then each report's quote and paraphrase (see [`EventBlock::add`]).
#[derive(Debug, Default)]
pub struct EventText {
    text: String,
}

impl EventText {
    /// Appends `part` as the next part (`None`: there is none); gives its length.
    pub fn push(&mut self, part: Option<&str>) -> Option<usize> {
        let t = part?;
        self.text.push_str(t);
        Some(t.len())
    }

    /// Appends the next part with `write`, which appends it and gives `true`, or gives `false`
    /// when there is none (what it appended then is taken back); gives the part's length.
    pub fn part<E>(
        &mut self,
        write: impl FnOnce(&mut String) -> Result<bool, E>,
    ) -> Result<Option<usize>, E> {
        let start = self.text.len();
        let present = write(&mut self.text)?;
        if !present {
            self.text.truncate(start);
        }
        Ok(present.then(|| self.text.len() - start))
    }
}

/// Events made one after another whose texts go into shared blocks: write an event's texts
/// with [`EventBlock::text`], then make it with [`EventBlock::add`]; [`EventBlock::finish`]
/// gives the events. Each block is allocated at its exact size when it is full or finished.
#[derive(Debug)]
pub struct EventBlock {
    /// The texts not yet in a block: of the events from `sealed` on, then of the one being
    /// written (from `start`). Kept to be written into again.
    text: EventText,
    start: usize,
    events: Vec<Event>,
    /// The events before this one have their block.
    sealed: usize,
    /// Stands for the block until it is made (an event is handed out only once it has it).
    unmade: Block,
}

/// The most text a block holds: offsets in it are `u32`. Small in unit tests, so that they
/// cross it.
const BLOCK_BYTES: usize = if cfg!(test) { 4096 } else { u32::MAX as usize };

/// A block is made once its texts are this long: long enough that its events' texts are read
/// as one, short enough that the texts being gathered (and copied into the block) stay few.
const BLOCK_AT: usize = if cfg!(test) { 2048 } else { 1 << 20 };

impl EventBlock {
    /// Room for `events` events with `bytes` of texts together.
    pub fn with_capacity(events: usize, bytes: usize) -> EventBlock {
        EventBlock {
            text: EventText {
                text: String::with_capacity(bytes),
            },
            start: 0,
            events: Vec::with_capacity(events),
            sealed: 0,
            unmade: Block::default(),
        }
    }

    /// Room for `n` more events.
    pub fn reserve_exact(&mut self, n: usize) {
        self.events.reserve_exact(n);
    }

    /// How many events were added.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether no event was added.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The next event's texts, to write its parts into.
    pub fn text(&mut self) -> &mut EventText {
        &mut self.text
    }

    /// Makes the next event of the texts written since the last (`header`: the lengths of its
    /// id, title and summary, `None` for none; then each report's words, in order) and the rest
    /// of it; gives its id. `None` when the texts are not laid out so, or are longer than 4 GiB
    /// together: then they are taken back.
    pub fn add(
        &mut self,
        header: [Option<usize>; 3],
        sources: Vec<Attribution>,
        rest: Rest,
    ) -> Option<&str> {
        let len = self.text.text.len() - self.start;
        let made = u32::try_from(len).ok().and_then(|len| {
            let at = self.text.text.get(self.start..)?;
            let words = Event::laid_out(at, header, &sources)?;
            if self.start + len as usize > BLOCK_BYTES {
                self.seal();
            }
            let text = Text {
                block: Arc::clone(&self.unmade),
                start: u32::try_from(self.start).ok()?,
                len,
            };
            Some(Event::of_text(text, words, sources, rest))
        });
        let Some(event) = made else {
            self.text.text.truncate(self.start);
            return None;
        };
        self.start = self.text.text.len();
        self.events.push(event);
        if self.start >= BLOCK_AT {
            self.seal();
        }
        let e = self.events.last()?;
        if self.sealed == self.events.len() {
            return Some(e.id());
        }
        // Read from the texts gathered: the event's block is not made yet.
        let start = e.text.start as usize;
        self.text.text.get(start..start + e.ends[0] as usize)
    }

    /// Makes the next event of its parts (see [`Event::new`]); gives its id.
    pub fn add_parts<S: AsRef<str>>(&mut self, parts: EventParts<S>) -> Result<&str, TooLong> {
        let EventParts {
            id,
            when,
            kind,
            title,
            summary,
            place,
            actors,
            quantities,
            sources,
        } = parts;
        let t = &mut self.text;
        let header = [
            t.push(Some(id.as_ref())),
            t.push(Some(title.as_ref())),
            t.push(summary.as_ref().map(AsRef::as_ref)),
        ];
        let mut reports = Vec::with_capacity(sources.len());
        for r in sources {
            let q = t.push(r.quote.as_ref().map(AsRef::as_ref));
            let p = t.push(r.paraphrase.as_ref().map(AsRef::as_ref));
            reports.push(Attribution::in_text(r.source, r.speaker, r.via, q, p));
        }
        let rest = Rest {
            when,
            kind,
            place,
            actors,
            quantities,
        };
        self.add(header, reports, rest).ok_or(TooLong)
    }

    /// The events added, in order, each with its texts.
    pub fn finish(mut self) -> Vec<Event> {
        self.seal();
        self.events
    }

    /// Gives the texts of the events not yet sealed a block of their own, at its size; the
    /// texts of an event being written stay, at the start.
    fn seal(&mut self) {
        let text = &mut self.text.text;
        let block: Block = Arc::new(Box::from(text.get(..self.start).unwrap_or("")));
        for e in self.events.get_mut(self.sealed..).into_iter().flatten() {
            e.text.block = Arc::clone(&block);
        }
        text.drain(..self.start);
        self.start = 0;
        self.sealed = self.events.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MeasureList, Name, NameList, Report, When};

    fn parts(n: usize, words: &str) -> EventParts {
        EventParts {
            id: format!("e{n}"),
            when: When::parse("2017-10-17").unwrap_or_else(|e| panic!("{e}")),
            kind: crate::model::EventKind::Statement,
            title: format!("title {n}"),
            summary: n.is_multiple_of(3).then(|| words.repeat(n % 5)),
            place: None,
            actors: NameList::default(),
            quantities: MeasureList::default(),
            sources: (0..n % 4)
                .map(|k| Report {
                    source: Name::from("s"),
                    speaker: None,
                    quote: k.is_multiple_of(2).then(|| words.repeat(k + n % 7)),
                    paraphrase: (k > 0).then(|| format!("said {k}")),
                    via: None,
                })
                .collect(),
        }
    }

    #[test]
    fn events_made_together_keep_their_texts_in_blocks_of_bounded_size() {
        let mut block = EventBlock::with_capacity(0, 0);
        let mut given: Vec<EventParts> = (0..200).map(|n| parts(n, "énorme ")).collect();
        // One event longer than a block may be: it has a block of its own.
        given[100].summary = Some("long ".repeat(1000));
        for (n, p) in given.iter().enumerate() {
            let id = block.add_parts(p.clone()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                id,
                format!("e{n}"),
                "the id given back, before its block is made"
            );
        }
        let events = block.finish();
        assert_eq!(events.len(), given.len());
        let alone = |p: &EventParts| Event::new(p.clone()).unwrap_or_else(|e| panic!("{e}"));
        for (e, p) in events.iter().zip(&given) {
            assert_eq!(e, &alone(p));
            assert_eq!(e.parts().sources, p.sources);
        }
        // Shared: far fewer blocks than events, and no block past its size but for a single
        // event's texts longer than that.
        let mut blocks: Vec<&Block> = Vec::new();
        for e in &events {
            if !blocks.iter().any(|b| Arc::ptr_eq(b, &e.text.block)) {
                blocks.push(&e.text.block);
            }
        }
        assert!(
            blocks.len() > 1 && blocks.len() < events.len() / 2,
            "{}",
            blocks.len()
        );
        for b in blocks {
            let alone = events
                .iter()
                .any(|e| Arc::ptr_eq(b, &e.text.block) && e.text.len() == b.len());
            assert!(b.len() < BLOCK_AT + 180 || alone, "{}", b.len());
            assert!(b.len() <= BLOCK_BYTES || alone, "{}", b.len());
        }
    }

    #[test]
    fn an_event_refused_leaves_the_others_whole() {
        let mut block = EventBlock::with_capacity(0, 0);
        let first = parts(7, "x");
        assert!(block.add_parts(first.clone()).is_ok());
        // Texts that do not match their header are taken back.
        let t = block.text();
        let id = t.push(Some("bad"));
        let title = t.push(Some("its title"));
        let rest = Rest {
            when: When::parse("2017").unwrap_or_else(|e| panic!("{e}")),
            kind: crate::model::EventKind::Other,
            place: None,
            actors: NameList::default(),
            quantities: MeasureList::default(),
        };
        assert!(
            block
                .add([id, title.map(|n| n + 1), None], Vec::new(), rest)
                .is_none()
        );
        let second = parts(9, "y");
        assert!(block.add_parts(second.clone()).is_ok());
        let events = block.finish();
        assert_eq!(events.len(), 2);
        let alone = |p: EventParts| Event::new(p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(events, vec![alone(first), alone(second)]);
    }
}
