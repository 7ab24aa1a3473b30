//! Where events keep their texts and their reports: end to end, in blocks shared by the events
//! made together (a block of the snapshot, a run of a file). A million events would otherwise
//! hold six or seven million small allocations, scattered by size: reading all their words
//! (search) took twice as long as reading them from one place, and the allocations' rounding
//! cost about 20 MB.

use std::sync::Arc;

use super::event::{Attribution, Event, EventParts, Rest, TooLong};

/// What the events of a block share: their texts end to end, and their reports in order.
#[derive(Debug, Default)]
pub(super) struct Held {
    text: Box<str>,
    reports: Box<[Attribution]>,
}

/// A block of events' texts and reports, shared by them. A thin pointer, so that an event's
/// [`Text`] takes little more than a `Box<str>` of its own would.
type Block = Arc<Held>;

/// Where an event's texts and reports start in its block's (how many there are, the event
/// says: 16 bytes here, so that an event takes 88).
#[derive(Clone)]
pub(super) struct Text {
    block: Block,
    start: u32,
    first_report: u32,
}

impl Text {
    /// Bytes `from..to` of the texts (counted from their start).
    pub(super) fn slice(&self, from: usize, to: usize) -> Option<&str> {
        let start = self.start as usize;
        self.block.text.get(start + from..start + to)
    }

    /// The whole block's texts, and where these start in them.
    pub(super) fn held_in(&self) -> (&str, usize) {
        (&self.block.text, self.start as usize)
    }

    /// The first `count` reports from its first.
    pub(super) fn reports(&self, count: u16) -> &[Attribution] {
        let first = self.first_report as usize;
        (self.block.reports)
            .get(first..first + usize::from(count))
            .unwrap_or(&[])
    }
}

/// An event's texts written straight into its block, part after part: id, title, summary,
/// then each report's quote and paraphrase (see [`EventBlock::add`]).
#[derive(Debug, Default)]
pub(super) struct EventText {
    text: String,
}

impl EventText {
    /// Appends `part` as the next part (`None`: there is none); gives its length.
    pub(super) fn push(&mut self, part: Option<&str>) -> Option<usize> {
        let t = part?;
        self.text.push_str(t);
        Some(t.len())
    }
}

/// Events made one after another whose texts and reports go into shared blocks: write an
/// event's texts with `EventBlock::text`, then make it with `EventBlock::add`;
/// [`EventBlock::finish`] gives the events. Each block is allocated at its exact size when it is
/// full or finished.
#[derive(Debug)]
pub struct EventBlock {
    /// The texts not yet in a block: of the events from `sealed` on, then of the one being
    /// written (from `start`). Kept to be written into again.
    text: EventText,
    start: usize,
    /// The reports of the events from `sealed` on.
    reports: Vec<Attribution>,
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

/// A block is made before its reports pass this many, so that their offsets stay far below
/// `u32::MAX` however short the events' texts are. Small in unit tests, so that they cross it.
const REPORTS_AT: usize = if cfg!(test) { 16 } else { 1 << 24 };

impl EventBlock {
    /// Room for `events` events with `bytes` of texts together.
    pub fn with_capacity(events: usize, bytes: usize) -> EventBlock {
        EventBlock {
            text: EventText {
                text: String::with_capacity(bytes),
            },
            start: 0,
            reports: Vec::new(),
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

    /// The next event's texts, to write its parts into (then [`EventBlock::add`]).
    #[cfg(test)]
    pub(super) fn text(&mut self) -> &mut EventText {
        &mut self.text
    }

    /// Makes the next event of the texts written since the last (`header`: the lengths of its
    /// id, title and summary, `None` for none; then each report's words, in order) and the rest
    /// of it; gives its id. `None` when the texts are not laid out so, or are longer than 4 GiB
    /// together: then they are taken back.
    pub(super) fn add(
        &mut self,
        header: [Option<usize>; 3],
        sources: Vec<Attribution>,
        rest: Rest,
    ) -> Option<&str> {
        let len = self.text.text.len() - self.start;
        if self.start + len > BLOCK_BYTES || self.reports.len() > REPORTS_AT {
            // The event's texts stay, at the start.
            self.seal();
        }
        if self.make(len, header, sources, rest).is_none() {
            self.text.text.truncate(self.start);
            return None;
        }
        self.start = self.text.text.len();
        if self.start >= BLOCK_AT {
            self.seal();
        }
        let e = self.events.last()?;
        if self.sealed == self.events.len() {
            return Some(e.id());
        }
        // Read from the texts gathered: the event's block is not made yet.
        let start = e.text.start as usize;
        self.text.text.get(start..start + e.id_len())
    }

    /// Events whose texts are all written already, end to end in `text`, in order (a block of
    /// a snapshot): make each with [`EventBlock::add_next`], then [`EventBlock::finish_whole`],
    /// which makes `text` their block as it is, without copying it.
    pub fn over(text: String, events: usize) -> EventBlock {
        EventBlock {
            text: EventText { text },
            ..EventBlock::with_capacity(events, 0)
        }
    }

    /// Makes the next event of [`EventBlock::over`]'s texts: the next `len` bytes of them,
    /// laid out as `EventBlock::add` says. `None` when they are not there, or not laid out
    /// so.
    pub fn add_next(
        &mut self,
        len: usize,
        header: [Option<usize>; 3],
        sources: Vec<Attribution>,
        rest: Rest,
    ) -> Option<()> {
        self.make(len, header, sources, rest)?;
        self.start += len;
        Some(())
    }

    /// The events of [`EventBlock::over`]'s texts, which they must take whole; `None` when
    /// some are left over.
    pub fn finish_whole(mut self) -> Option<Vec<Event>> {
        if self.start != self.text.text.len() {
            return None;
        }
        self.seal();
        Some(self.events)
    }

    /// Makes the next event, of the `len` bytes of texts from `start` (see [`EventBlock::add`]).
    fn make(
        &mut self,
        len: usize,
        header: [Option<usize>; 3],
        sources: Vec<Attribution>,
        rest: Rest,
    ) -> Option<()> {
        let end = self.start.checked_add(len)?;
        let at = self.text.text.get(self.start..end)?;
        let words = Event::laid_out(at, header, &sources)?;
        let text = Text {
            block: Arc::clone(&self.unmade),
            start: u32::try_from(self.start).ok()?,
            first_report: u32::try_from(self.reports.len()).ok()?,
        };
        let count = u16::try_from(sources.len()).ok()?;
        self.reports.extend(sources);
        self.events.push(Event::of_text(text, words, count, rest));
        Some(())
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
        if u16::try_from(reports.len()).is_err() {
            self.text.text.truncate(self.start);
            return Err(TooLong::Reports);
        }
        self.add(header, reports, rest).ok_or(TooLong::Texts)
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
        // Texts that are the block's exactly, at their size, become it as they are.
        let texts = if self.start == text.len() && text.capacity() == text.len() {
            std::mem::take(text).into_boxed_str()
        } else {
            let texts = Box::from(text.get(..self.start).unwrap_or(""));
            text.drain(..self.start);
            texts
        };
        let block: Block = Arc::new(Held {
            text: texts,
            reports: self.reports.drain(..).collect(),
        });
        for e in self.events.get_mut(self.sealed..).into_iter().flatten() {
            e.text.block = Arc::clone(&block);
        }
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
        // event's texts longer than that. A block holds its events' reports, in order, and no
        // more than a few past `REPORTS_AT` (an event has at most three here).
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
        let mut cut_by_reports = 0;
        for b in blocks {
            let len = b.text.len();
            let alone = events
                .iter()
                .any(|e| Arc::ptr_eq(b, &e.text.block) && e.text_len() == len);
            assert!(len < BLOCK_AT + 180 || alone, "{len}");
            assert!(len <= BLOCK_BYTES || alone, "{len}");
            let its: Vec<Attribution> = (events.iter())
                .filter(|e| Arc::ptr_eq(b, &e.text.block))
                .flat_map(|e| e.sources().iter().cloned())
                .collect();
            assert_eq!(&*b.reports, its.as_slice());
            assert!(b.reports.len() <= REPORTS_AT + 3, "{}", b.reports.len());
            cut_by_reports += usize::from(len < BLOCK_AT && b.reports.len() > REPORTS_AT - 3);
        }
        assert!(cut_by_reports > 0, "no block was made for its reports");
    }

    /// The rest of `e`, and its texts' lengths as [`EventBlock::add_next`] takes them.
    fn laid_out_as(e: &Event) -> ([Option<usize>; 3], Vec<Attribution>, Rest) {
        let header = [
            Some(e.id().len()),
            Some(e.title().len()),
            e.summary().map(str::len),
        ];
        let rest = Rest {
            when: e.when.clone(),
            kind: e.kind,
            place: e.place.clone(),
            actors: e.actors.clone(),
            quantities: e.quantities.clone(),
        };
        (header, e.sources().to_vec(), rest)
    }

    #[test]
    fn texts_written_beforehand_become_one_block_as_they_are_and_are_checked() {
        let alone: Vec<Event> = (0..40)
            .map(|n| Event::new(parts(n, "énorme ")).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        let texts: String = alone.iter().map(Event::texts).collect();
        let make = |texts: String, mangle: &dyn Fn(usize, &mut [Option<usize>; 3])| {
            let mut block = EventBlock::over(texts, alone.len());
            for (n, e) in alone.iter().enumerate() {
                let (mut header, sources, rest) = laid_out_as(e);
                mangle(n, &mut header);
                block.add_next(e.text_len(), header, sources, rest)?;
            }
            block.finish_whole()
        };
        let events = make(texts.clone(), &|_, _| ()).unwrap_or_else(|| panic!("refused"));
        assert_eq!(events, alone);
        // One block, which is the texts handed over, not a copy of them.
        let mut whole = EventBlock::over(texts.clone(), alone.len());
        let handed = whole.text.text.as_ptr();
        for e in &alone {
            let (header, sources, rest) = laid_out_as(e);
            assert_eq!(
                whole.add_next(e.text_len(), header, sources, rest),
                Some(())
            );
        }
        let events = whole.finish_whole().unwrap_or_else(|| panic!("refused"));
        assert!(events.iter().all(|e| e.held_in().0.as_ptr() == handed));
        // Texts left over, or a title said to end inside a character (summaries start with
        // "é"), are refused.
        assert!(make(texts.clone() + "x", &|_, _| ()).is_none());
        let inside = |n: usize, h: &mut [Option<usize>; 3]| {
            if n == 3 {
                h[1] = h[1].map(|t| t + 1);
                h[2] = h[2].map(|s| s - 1);
            }
        };
        assert!(alone[3].summary().is_some_and(|s| s.starts_with('é')));
        assert!(make(texts, &inside).is_none());
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
