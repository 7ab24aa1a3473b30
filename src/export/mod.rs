//! Briefings: Markdown with citations, JSON, TimelineJS3 JSON; and writing them safely.

pub mod escape;
pub mod json;
pub mod markdown;
pub mod write;

use crate::model::Dataset;
use crate::query::{Filter, Selection};

/// A briefing format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BriefFormat {
    /// Markdown for people.
    Markdown,
    /// The events and claims as JSON.
    Json,
    /// A TimelineJS3 timeline.
    TimelineJs,
}

/// Renders a briefing of `selection` in `format`.
pub fn render(
    d: &Dataset,
    selection: &Selection<'_>,
    filter: &Filter,
    format: BriefFormat,
    marked: bool,
) -> String {
    match format {
        BriefFormat::Markdown => markdown::briefing(d, selection, filter, marked),
        BriefFormat::Json => pretty(&json::dataset(d, selection, filter)),
        BriefFormat::TimelineJs => pretty(&json::timelinejs(d, selection)),
    }
}

fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
