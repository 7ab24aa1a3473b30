//! Text search over events: titles, summaries, quotes, paraphrases, places and actors.

use crate::model::Event;

/// Whether any searchable text of `event` contains `needle_lower` (already lowercased).
pub fn matches_text(event: &Event, needle_lower: &str) -> bool {
    if needle_lower.is_empty() {
        return true;
    }
    let has = |text: &str| text.to_lowercase().contains(needle_lower);
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
