//! Text search over events: titles, summaries, quotes, paraphrases, places and actors.

use crate::model::{Event, Place};

/// What is searched for, prepared once: lowercased, and for ASCII text a case-insensitive
/// matcher that finds it in place, without lowercasing a copy of every text it looks at.
#[derive(Debug, Clone)]
pub struct Needle {
    lower: String,
    ascii: Option<aho_corasick::AhoCorasick>,
    /// The lowercased needle, found in an event's words lowercased into a small buffer.
    words: memchr::memmem::Finder<'static>,
}

thread_local! {
    /// Room for the words of the event being searched, lowercased: one per thread, reused.
    static LOWERED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Needle {
    /// Prepares `text` for searching, ignoring case.
    pub fn new(text: &str) -> Needle {
        let lower = text.to_lowercase();
        let ascii = if lower.is_ascii() && !lower.is_empty() {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build([lower.as_str()])
                .ok()
        } else {
            None
        };
        let words = memchr::memmem::Finder::new(lower.as_bytes()).into_owned();
        Needle {
            lower,
            ascii,
            words,
        }
    }

    /// Whether it is the empty string (found everywhere).
    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// Whether `text`, lowercased, contains it.
    pub fn found_in(&self, text: &str) -> bool {
        match &self.ascii {
            Some(finder) => {
                finder.is_match(text)
                    // Letters outside ASCII whose lowercase is ASCII (the Kelvin sign is `k`)
                    // are rare: only then is the slow way needed to be exact.
                    || (!text.is_ascii()
                        && text
                            .chars()
                            .any(|c| !c.is_ascii() && c.to_lowercase().any(|l| l.is_ascii()))
                        && text.to_lowercase().contains(&self.lower))
            }
            None => self.lower.is_empty() || text.to_lowercase().contains(&self.lower),
        }
    }

    /// Whether one of `event`'s words — its title, summary, quotes and paraphrases — contains
    /// it, lowercased (the same answer as asking [`Needle::found_in`] of each).
    ///
    /// ASCII words, the usual case, are lowercased end to end into a buffer that stays in the
    /// cache and searched in one pass with `memchr`'s vector search; a match across the end of
    /// one text does not count. Other words are searched text by text.
    ///
    /// `lowered` is room for the words lowercased: give the same one again and again.
    pub fn found_in_words(&self, event: &Event, lowered: &mut Vec<u8>) -> bool {
        if !self.lower.is_ascii() {
            // ASCII lowercases to ASCII: only other words can hold this.
            return !event.words().is_ascii() && self.found_in_each_word(event);
        }
        let n = self.lower.len();
        lowered.clear();
        lowered.extend_from_slice(event.words().as_bytes());
        // Lowercased and checked to be ASCII in one pass (one the compiler vectorizes).
        let mut any = 0u8;
        for b in lowered.iter_mut() {
            any |= *b;
            *b = b.to_ascii_lowercase();
        }
        if !any.is_ascii() {
            return self.found_in_each_word(event);
        }
        let mut from = 0;
        while let Some(at) = lowered.get(from..).and_then(|rest| self.words.find(rest)) {
            let start = from + at;
            if event.within_one_part(start, start + n) {
                return true;
            }
            from = start + 1;
        }
        false
    }

    /// Gives `found` where the needle starts in `text` lowercased, in order, when both are
    /// ASCII; false when either is not (then `found` may have been given some of them).
    /// `found` answers where to look on from: past the match's start at least, further to skip
    /// text it needs no more matches in. `text` is lowercased a window at a time into `lowered`,
    /// which stays in the cache.
    pub fn find_in_ascii(
        &self,
        text: &[u8],
        lowered: &mut Vec<u8>,
        mut found: impl FnMut(usize) -> usize,
    ) -> bool {
        // Whole windows, even past text to be skipped: reading the text in order lets the
        // processor fetch it ahead. (Windows of 64 bytes after a skip, doubling, read a few
        // dozen bytes of each event for a single letter, but each event's first bytes were then
        // a wait for memory: a search for "e" at 1M took 110-129 ms rather than 74-88 ms.)
        const WINDOW: usize = 1 << 15;
        let n = self.lower.len();
        if !self.lower.is_ascii() || n == 0 {
            return false;
        }
        let mut at = 0;
        while at < text.len() {
            let end = (at + WINDOW).min(text.len());
            // Far enough past the window to see a match that starts in it.
            let reach = (end + n - 1).min(text.len());
            // Copied and lowercased in one pass over the text (copied first, then lowercased in
            // place, it was two).
            lowered.clear();
            let mut any = 0u8;
            lowered.extend(text.get(at..reach).unwrap_or_default().iter().map(|&b| {
                any |= b;
                b.to_ascii_lowercase()
            }));
            if !any.is_ascii() {
                return false;
            }
            // Overlapping matches too: one across the end of a text may hide one within the
            // next.
            let (mut from, mut next) = (0, end);
            while let Some(p) = lowered.get(from..).and_then(|rest| self.words.find(rest)) {
                let start = at + from + p;
                if start >= end {
                    break;
                }
                let on = found(start).max(start + 1);
                if on >= end {
                    next = on;
                    break;
                }
                from = on - at;
            }
            at = next;
        }
        true
    }

    /// The needle made ready to be found in text as it is, not lowercased (see [`InPlace`]),
    /// when it is ASCII; `frequency` is how often each byte, lowercased, is seen in the text
    /// it will be looked for in (a sample is enough; a byte past its end, never). None when it
    /// is not ASCII, or the processor has no vector search for it.
    pub fn in_place(&self, frequency: &[u32]) -> Option<InPlace<'_>> {
        let needle = self.lower.as_bytes();
        if !needle.is_ascii() || needle.is_empty() {
            return None;
        }
        let width = needle.len().min(3);
        // How often three bytes are seen together, were each seen apart from the others.
        let odds = |at: &usize| -> f64 {
            let window = needle.get(*at..at + width).unwrap_or_default();
            window
                .iter()
                .map(|&b| frequency.get(usize::from(b.to_ascii_lowercase())))
                .map(|n| f64::from(n.copied().unwrap_or(0)) + 1.0)
                .product()
        };
        let at = (0..=needle.len() - width).min_by(|a, b| odds(a).total_cmp(&odds(b)))?;
        let window = needle.get(at..at + width).unwrap_or_default();
        let window = aho_corasick::packed::Config::new()
            .builder()
            .extend(in_every_case(window))
            .build()?;
        Some(InPlace { window, at, needle })
    }

    /// The needle's length in bytes, lowercased.
    pub fn len(&self) -> usize {
        self.lower.len()
    }

    fn found_in_each_word(&self, e: &Event) -> bool {
        let has = |text: &str| self.found_in(text);
        has(e.title())
            || e.summary().is_some_and(has)
            || e.sources()
                .iter()
                .any(|a| e.quote(a).is_some_and(has) || e.paraphrase(a).is_some_and(has))
    }
}

/// An ASCII needle found in text as it is: three of its bytes (the rarest together), in every
/// case, are looked for at once by aho-corasick's vector search for a few short patterns; then
/// the rest of the needle, ignoring ASCII case. Where [`lowercases_apart`] says so of the text,
/// these are where the needle is in the text lowercased.
///
/// No copy is made: at 1M events a needle found nowhere took 0.5–0.7 of the time that making
/// and searching lowercased copies took, a rare name 0.7–0.9; a needle in every event, where
/// the search reads little past each event's first match, about the same. (Tried and dropped:
/// the needle's own case-insensitive automaton, slower than the copies for a word whose bytes
/// are common; two bytes looked for a vector at a time by hand, not made into vector code;
/// the needle's first three bytes rather than its rarest, 10 % slower than the copies for a
/// needle whose beginning is common in the data.)
pub struct InPlace<'n> {
    window: aho_corasick::packed::Searcher,
    /// Where the three bytes are in the needle.
    at: usize,
    /// The needle, lowercased.
    needle: &'n [u8],
}

impl InPlace<'_> {
    /// Gives `found` where the needle starts in `text` ignoring ASCII case, in order; `found`
    /// answers where to look on from, as for [`Needle::find_in_ascii`].
    pub fn find_in(&self, text: &[u8], mut found: impl FnMut(usize) -> usize) {
        let mut from = 0;
        // `found` may answer past the end.
        while from + self.at < text.len() {
            let span = aho_corasick::Span::from(from + self.at..text.len());
            let Some(m) = self.window.find_in(text, span) else {
                break;
            };
            let start = m.start() - self.at;
            let here = text.get(start..start + self.needle.len());
            from = if here.is_some_and(|h| h.eq_ignore_ascii_case(self.needle)) {
                found(start).max(start + 1)
            } else {
                start + 1
            };
        }
    }
}

/// `text` spelled in every case its ASCII letters can take (2^n spellings for n letters).
fn in_every_case(text: &[u8]) -> Vec<Vec<u8>> {
    let mut spellings = vec![Vec::with_capacity(text.len())];
    for &b in text {
        let (lower, upper) = (b.to_ascii_lowercase(), b.to_ascii_uppercase());
        if lower != upper {
            let mut uppers = spellings.clone();
            uppers.iter_mut().for_each(|s| s.push(upper));
            spellings.iter_mut().for_each(|s| s.push(lower));
            spellings.extend(uppers);
        } else {
            spellings.iter_mut().for_each(|s| s.push(b));
        }
    }
    spellings
}

/// Whether lowercasing `text` makes ASCII of ASCII alone: it holds neither of the two letters
/// whose lowercase is partly ASCII (the Kelvin sign `\u{212A}`, lowercased `k`, and `İ`,
/// lowercased `i` and a combining dot). Then an ASCII needle is in `text` lowercased where it is
/// in `text` ignoring ASCII case, at the same places: every other letter lowercases to letters
/// outside ASCII, and no letter lowercases to nothing.
pub fn lowercases_apart(text: &[u8]) -> bool {
    // Their UTF-8: U+212A and U+0130.
    const KELVIN: [u8; 3] = [0xE2, 0x84, 0xAA];
    const DOTTED_I: [u8; 2] = [0xC4, 0xB0];
    memchr::memchr2_iter(KELVIN[0], DOTTED_I[0], text).all(|at| {
        let rest = text.get(at..).unwrap_or_default();
        !rest.starts_with(&KELVIN) && !rest.starts_with(&DOTTED_I)
    })
}

/// Whether `place`'s names (its own, its regions', its country) contain `needle`.
pub fn found_in_place(place: &Place, needle: &Needle) -> bool {
    let has = |text: &str| needle.found_in(text);
    has(&place.name)
        || place.admin1.as_deref().is_some_and(has)
        || place.admin2.as_deref().is_some_and(has)
        || place.country.as_deref().is_some_and(has)
}

/// Whether any searchable text of `event` contains `needle`: its words (see
/// [`Needle::found_in_words`]), its actors, its place.
pub fn matches_text(event: &Event, needle: &Needle) -> bool {
    needle.is_empty()
        || LOWERED.with_borrow_mut(|lowered| needle.found_in_words(event, lowered))
        || event.actors.iter().any(|a| needle.found_in(a))
        || event
            .place
            .as_deref()
            .is_some_and(|p| found_in_place(p, needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, needle: &str) -> bool {
        Needle::new(needle).found_in(text)
    }

    #[test]
    fn only_the_kelvin_sign_and_dotted_capital_i_lowercase_to_ascii() {
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            let text = c.to_string();
            let to_ascii = c.to_lowercase().any(|l| l.is_ascii());
            assert_eq!(lowercases_apart(text.as_bytes()), !to_ascii, "{c:?}");
        }
        assert!(lowercases_apart("plain, عربي, é, “quoted” — Ї".as_bytes()));
        assert!(!lowercases_apart("a \u{212A}elvin".as_bytes()));
        assert!(!lowercases_apart("\u{130}stanbul".as_bytes()));
    }

    #[test]
    fn ascii_letters_are_spelled_in_every_case_and_the_rest_as_they_are() {
        let mut spellings = in_every_case(b"a1b");
        spellings.sort();
        assert_eq!(spellings, [b"A1B", b"A1b", b"a1B", b"a1b"]);
        assert_eq!(in_every_case(b", "), [b", "]);
    }

    #[test]
    fn in_place_and_lowercased_copies_find_an_ascii_needle_at_the_same_places() {
        let text = b"Said the SAID, said: sa id, SAId. Saaid said";
        for needle in [
            "said",
            "SAID",
            "s",
            "id, s",
            "d",
            "said said",
            "x",
            "Said the SAID, said: sa id, SAId. Saaid said",
        ] {
            let needle = Needle::new(needle);
            let (mut in_place, mut copied) = (Vec::new(), Vec::new());
            // Whichever three bytes are looked for first: the same places.
            let common_start: Vec<u32> = (0..=255u8).map(|b| u32::from(b < b'm') * 100).collect();
            for frequency in [&[][..], &common_start] {
                let Some(finder) = needle.in_place(frequency) else {
                    panic!("an ASCII needle is searched in place");
                };
                let mut here = Vec::new();
                finder.find_in(text, |at| {
                    here.push(at);
                    at + 1
                });
                in_place.push(here);
            }
            assert!(needle.find_in_ascii(text, &mut Vec::new(), |at| {
                copied.push(at);
                at + 1
            }));
            assert_eq!(in_place, [copied.clone(), copied]);
        }
        // Told to skip on, it skips.
        let mut at_all = Vec::new();
        if let Some(finder) = Needle::new("said").in_place(&[]) {
            finder.find_in(text, |at| {
                at_all.push(at);
                at + 20
            });
        }
        assert_eq!(at_all, [0, 28]);
        assert!(Needle::new("été").in_place(&[]).is_none());
    }

    #[test]
    fn ascii_needles_are_found_in_any_case_without_copies() {
        assert!(found("The Wellspring of ISIS", "wellspring"));
        assert!(found("RAQQA", "raqqa"));
        assert!(found("ar-Raqqa", "r-r"));
        assert!(!found("Raqqa", "raqqah"));
        assert!(found("x", ""));
        assert!(!found("", "x"));
        assert!(found("Ḥalab — aleppo", "aleppo"));
        assert!(
            found("\u{212A}abul", "kabul"),
            "Kelvin sign lowercases to k"
        );
    }

    #[test]
    fn other_needles_compare_lowercased_text() {
        assert!(found("Ёлка", "ёлка"));
        assert!(found("الرقة", "الرقة"));
    }
}
