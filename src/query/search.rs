//! Text search over events: titles, summaries, quotes, paraphrases, places and actors.

use crate::model::Event;

/// Whether any searchable text of `event` contains `needle_lower` (already lowercased).
pub fn matches_text(event: &Event, needle_lower: &str) -> bool {
    if needle_lower.is_empty() {
        return true;
    }
    let has = |text: &str| contains_lowered(text, needle_lower);
    has(&event.title)
        || event.summary.as_deref().is_some_and(has)
        || event.actors.iter().any(|a| has(a))
        || event.place.as_ref().is_some_and(|p| {
            has(&p.name)
                || p.admin1.as_deref().is_some_and(has)
                || p.admin2.as_deref().is_some_and(has)
                || p.country.as_deref().is_some_and(has)
        })
        || event.sources.iter().any(|a| {
            a.quote.as_deref().is_some_and(has) || a.paraphrase.as_deref().is_some_and(has)
        })
}

/// Whether `text`, lowercased, contains `needle_lower`. An ASCII needle is found in place,
/// without lowercasing a copy of the text (most searches; the common case of a large dataset).
pub fn contains_lowered(text: &str, needle_lower: &str) -> bool {
    if !needle_lower.is_ascii() {
        return text.to_lowercase().contains(needle_lower);
    }
    let (hay, needle) = (text.as_bytes(), needle_lower.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    if hay.len() < needle.len() {
        return false; // lowercasing never makes text shorter in bytes than its ASCII letters
    }
    let last_start = hay.len() - needle.len();
    let upper = first.to_ascii_uppercase();
    let mut from = 0;
    while from <= last_start {
        let Some(i) = memchr::memchr2(first, upper, &hay[from..=last_start]) else {
            break;
        };
        let at = from + i;
        if hay[at + 1..at + needle.len()].eq_ignore_ascii_case(rest) {
            return true;
        }
        from = at + 1;
    }
    // Letters outside ASCII whose lowercase is ASCII (the Kelvin sign is `k`) are rare: only then
    // is the slow way needed to be exact.
    !text.is_ascii()
        && text
            .chars()
            .any(|c| !c.is_ascii() && c.to_lowercase().any(|l| l.is_ascii()))
        && text.to_lowercase().contains(needle_lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_needles_are_found_in_any_case_without_copies() {
        assert!(contains_lowered("The Wellspring of ISIS", "wellspring"));
        assert!(contains_lowered("RAQQA", "raqqa"));
        assert!(contains_lowered("ar-Raqqa", "r-r"));
        assert!(!contains_lowered("Raqqa", "raqqah"));
        assert!(contains_lowered("x", ""));
        assert!(!contains_lowered("", "x"));
        assert!(contains_lowered("Ḥalab — aleppo", "aleppo"));
        assert!(
            contains_lowered("\u{212A}abul", "kabul"),
            "Kelvin sign lowercases to k"
        );
    }

    #[test]
    fn other_needles_compare_lowercased_text() {
        assert!(contains_lowered("Ёлка", "ёлка"));
        assert!(contains_lowered("الرقة", "الرقة"));
    }
}
