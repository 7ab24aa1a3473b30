//! Text search over events: titles, summaries, quotes, paraphrases, places and actors.

use crate::model::Event;

/// What is searched for, prepared once: lowercased, and for ASCII text a case-insensitive
/// matcher that finds it in place, without lowercasing a copy of every text it looks at.
#[derive(Debug, Clone)]
pub struct Needle {
    lower: String,
    ascii: Option<aho_corasick::AhoCorasick>,
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
        Needle { lower, ascii }
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
}

/// Whether any searchable text of `event` contains `needle`.
pub fn matches_text(event: &Event, needle: &Needle) -> bool {
    if needle.is_empty() {
        return true;
    }
    let has = |text: &str| needle.found_in(text);
    has(event.title())
        || event.summary().is_some_and(has)
        || event.actors.iter().any(|a| has(a))
        || event.place.as_ref().is_some_and(|p| {
            has(&p.name)
                || p.admin1.as_deref().is_some_and(has)
                || p.admin2.as_deref().is_some_and(has)
                || p.country.as_deref().is_some_and(has)
        })
        || event
            .sources()
            .iter()
            .any(|a| event.quote(a).is_some_and(has) || event.paraphrase(a).is_some_and(has))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, needle: &str) -> bool {
        Needle::new(needle).found_in(text)
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
