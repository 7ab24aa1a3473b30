//! Where claims keep their texts: the id, the quote, the paraphrase and the ids of the events
//! the claim concerns, end to end, in blocks shared by the claims made together (a block of the
//! snapshot, a run of a file), as events keep theirs (see [`super::event_text`]). A million
//! events' claims otherwise held four or five small allocations each, and 184 bytes.

use std::sync::Arc;

use super::claim::{Claim, ClaimParts};
use super::event::TooLong;

/// What the claims of a block share: their texts end to end, and where each of their parts
/// ends (from the claim's start).
#[derive(Debug, Default)]
struct Held {
    text: Box<str>,
    ends: Box<[u32]>,
}

/// A thin pointer, so that a claim's [`ClaimText`] takes little more than one `Box<str>`.
type Block = Arc<Held>;

/// The parts before a claim's event ids: its id, quote and paraphrase.
const HEAD: usize = 3;

/// A claim's texts: a range of its block's texts, and of its block's ends.
#[derive(Clone)]
pub(super) struct ClaimText {
    block: Block,
    /// Where its texts start in the block's.
    start: u32,
    /// Where its ends start in the block's: where its id, its quote, its paraphrase and each of
    /// its event ids end, counted from `start`.
    first_end: u32,
    /// How many event ids it has.
    events: u32,
    /// Whether it has a quote and a paraphrase (an empty one is not none).
    quote: bool,
    paraphrase: bool,
}

impl ClaimText {
    /// Where each of its parts ends.
    fn ends(&self) -> &[u32] {
        let first = self.first_end as usize;
        (self.block.ends)
            .get(first..first + HEAD + self.events as usize)
            .unwrap_or(&[])
    }

    /// Part `n`: 0 the id, 1 the quote, 2 the paraphrase, then the event ids.
    fn part(&self, n: usize) -> &str {
        let ends = self.ends();
        let from = n.checked_sub(1).and_then(|p| ends.get(p)).copied();
        let (Some(to), from) = (ends.get(n), from.unwrap_or(0)) else {
            return "";
        };
        let start = self.start as usize;
        (self.block.text)
            .get(start + from as usize..start + *to as usize)
            .unwrap_or("")
    }

    /// The claim's id.
    pub(super) fn id(&self) -> &str {
        self.part(0)
    }

    /// Its quote, if it has one.
    pub(super) fn quote(&self) -> Option<&str> {
        self.quote.then(|| self.part(1))
    }

    /// Its paraphrase, if it has one.
    pub(super) fn paraphrase(&self) -> Option<&str> {
        self.paraphrase.then(|| self.part(2))
    }

    /// The ids of the events it concerns.
    pub(super) fn events(&self) -> EventIds<'_> {
        EventIds {
            text: self,
            next: 0,
        }
    }
}

impl PartialEq for ClaimText {
    fn eq(&self, other: &ClaimText) -> bool {
        self.id() == other.id()
            && self.quote() == other.quote()
            && self.paraphrase() == other.paraphrase()
            && self.events().eq(other.events())
    }
}

impl std::fmt::Debug for ClaimText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClaimText")
            .field("id", &self.id())
            .field("quote", &self.quote())
            .field("paraphrase", &self.paraphrase())
            .field("events", &self.events().collect::<Vec<_>>())
            .finish()
    }
}

/// The ids of the events a claim concerns, in order (see [`Claim::events`]).
#[derive(Clone)]
pub struct EventIds<'a> {
    text: &'a ClaimText,
    next: u32,
}

impl<'a> Iterator for EventIds<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.next >= self.text.events {
            return None;
        }
        let id = self.text.part(HEAD + self.next as usize);
        self.next += 1;
        Some(id)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.text.events.saturating_sub(self.next) as usize;
        (left, Some(left))
    }
}

impl ExactSizeIterator for EventIds<'_> {}

/// Claims made one after another whose texts go into shared blocks: make each with
/// [`ClaimBlock::add`]; [`ClaimBlock::finish`] gives them. Each block is allocated at its exact
/// size when it is full or finished.
#[derive(Debug, Default)]
pub struct ClaimBlock {
    /// The texts and ends of the claims from `sealed` on, not yet in a block. Kept to be
    /// written into again.
    text: String,
    ends: Vec<u32>,
    claims: Vec<Claim>,
    /// The claims before this one have their block.
    sealed: usize,
    /// Stands for the block until it is made (a claim is handed out only once it has it).
    unmade: Block,
}

/// The most text a block holds: offsets in it are `u32`. Small in unit tests, so that they
/// cross it.
const BLOCK_BYTES: usize = if cfg!(test) { 512 } else { u32::MAX as usize };

/// A block is made once its texts are this long, or its ends this many (see
/// [`super::event_text`]).
const BLOCK_AT: usize = if cfg!(test) { 256 } else { 1 << 20 };
const ENDS_AT: usize = if cfg!(test) { 24 } else { 1 << 24 };

impl ClaimBlock {
    /// Room for `n` claims.
    pub fn with_capacity(n: usize) -> ClaimBlock {
        ClaimBlock {
            claims: Vec::with_capacity(n),
            ..ClaimBlock::default()
        }
    }

    /// Room for `n` more claims.
    pub fn reserve_exact(&mut self, n: usize) {
        self.claims.reserve_exact(n);
    }

    /// How many claims were added.
    pub fn len(&self) -> usize {
        self.claims.len()
    }

    /// Whether no claim was added.
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }

    /// Makes the next claim of its parts. Refused when its texts are longer than 4 GiB
    /// together.
    pub fn add<S: AsRef<str>>(&mut self, parts: ClaimParts<S>) -> Result<(), TooLong> {
        let ClaimParts {
            id,
            source,
            speaker,
            subject,
            stated,
            value,
            quote,
            paraphrase,
            via,
            credibility,
            events,
        } = parts;
        let len = |t: &Option<S>| t.as_ref().map_or(0, |t| t.as_ref().len());
        let bytes = id.as_ref().len()
            + len(&quote)
            + len(&paraphrase)
            + events.iter().map(|e| e.as_ref().len()).sum::<usize>();
        let count = u32::try_from(events.len()).map_err(|_| TooLong::Texts)?;
        u32::try_from(bytes).map_err(|_| TooLong::Texts)?;
        if self.text.len() + bytes > BLOCK_BYTES || self.ends.len() > ENDS_AT {
            self.seal();
        }
        let start = self.text.len();
        let first_end = u32::try_from(self.ends.len()).map_err(|_| TooLong::Texts)?;
        let parts = [Some(&id), quote.as_ref(), paraphrase.as_ref()];
        for part in parts.into_iter().chain(events.iter().map(Some)) {
            self.text.push_str(part.map_or("", AsRef::as_ref));
            // Below `u32::MAX`: checked above.
            self.ends.push((self.text.len() - start) as u32);
        }
        let text = ClaimText {
            block: Arc::clone(&self.unmade),
            start: start as u32,
            first_end,
            events: count,
            quote: quote.is_some(),
            paraphrase: paraphrase.is_some(),
        };
        self.claims.push(Claim {
            text,
            source,
            speaker,
            subject,
            stated,
            value,
            via,
            credibility,
        });
        if self.text.len() >= BLOCK_AT {
            self.seal();
        }
        Ok(())
    }

    /// The claims added, in order, each with its texts.
    pub fn finish(mut self) -> Vec<Claim> {
        self.seal();
        self.claims
    }

    /// Gives the claims not yet sealed a block of their own, at its size.
    fn seal(&mut self) {
        if self.sealed == self.claims.len() {
            return;
        }
        let block: Block = Arc::new(Held {
            text: Box::from(self.text.as_str()),
            ends: self.ends.drain(..).collect(),
        });
        self.text.clear();
        for c in self.claims.get_mut(self.sealed..).into_iter().flatten() {
            c.text.block = Arc::clone(&block);
        }
        self.sealed = self.claims.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClaimValue, Name, When};

    fn parts(n: usize) -> ClaimParts {
        ClaimParts {
            id: format!("c{n}"),
            source: Name::from("s"),
            speaker: None,
            subject: Name::from("subject"),
            stated: When::parse("2017-10-17").unwrap_or_else(|e| panic!("{e}")),
            value: ClaimValue::Text {
                value: "words".into(),
            },
            // Some claims have an empty quote, which is not none.
            quote: (!n.is_multiple_of(3)).then(|| "quoted ".repeat(n % 4)),
            paraphrase: n.is_multiple_of(2).then(|| format!("said {n}")),
            via: None,
            credibility: None,
            events: (0..n % 5).map(|k| format!("e{n}-{k}")).collect(),
        }
    }

    #[test]
    fn claims_made_together_keep_their_texts_in_blocks_of_bounded_size() {
        let mut block = ClaimBlock::default();
        let mut given: Vec<ClaimParts> = (0..120).map(parts).collect();
        // One claim longer than a block may be: it has a block of its own.
        given[60].quote = Some("long ".repeat(200));
        for p in &given {
            assert_eq!(block.add(p.clone()), Ok(()));
        }
        let claims = block.finish();
        assert_eq!(claims.len(), given.len());
        for (c, p) in claims.iter().zip(&given) {
            assert_eq!(&c.parts(), p);
            assert_eq!(c, &Claim::new(p.clone()).unwrap_or_else(|e| panic!("{e}")));
            assert_eq!(c.events().len(), p.events.len());
        }
        assert_eq!(claims[4].quote(), Some(""), "an empty quote is kept");
        assert_eq!(claims[3].quote(), None);
        assert_eq!(claims[3].paraphrase(), None);
        let mut blocks: Vec<&Block> = Vec::new();
        for c in &claims {
            if !blocks.iter().any(|b| Arc::ptr_eq(b, &c.text.block)) {
                blocks.push(&c.text.block);
            }
        }
        assert!(blocks.len() > 2 && blocks.len() < claims.len() / 3);
        let mut cut_by_ends = 0;
        for b in blocks {
            let (len, ends) = (b.text.len(), b.ends.len());
            let alone = claims
                .iter()
                .filter(|c| Arc::ptr_eq(b, &c.text.block))
                .count()
                == 1;
            assert!(len < BLOCK_AT + 40 || alone, "{len}");
            assert!(len <= BLOCK_BYTES || alone, "{len}");
            assert!(ends <= ENDS_AT + HEAD + 4, "{ends}");
            cut_by_ends += usize::from(len < BLOCK_AT && ends > ENDS_AT);
        }
        assert!(cut_by_ends > 0, "no block was made for its ends");
    }
}
