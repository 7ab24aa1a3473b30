//! Briefings: Markdown with citations, JSON, TimelineJS3 JSON; and writing them safely.

pub mod background;
mod citations;
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

/// Writes a briefing of `selection` in `format` to `out`. Markdown is written as it is made, so
/// a briefing of a million events never exists whole in memory.
pub fn render_to(
    out: &mut dyn std::io::Write,
    d: &Dataset,
    selection: &Selection<'_>,
    filter: &Filter,
    format: BriefFormat,
    marked: bool,
) -> std::io::Result<()> {
    if format != BriefFormat::Markdown {
        return out.write_all(render(d, selection, filter, format, marked).as_bytes());
    }
    let mut w = IoWriter { out, error: None };
    let done = markdown::briefing_to(&mut w, d, selection, filter, marked);
    match (done, w.error) {
        (_, Some(e)) => Err(e),
        (Err(_), None) => Err(std::io::Error::other("the briefing could not be written")),
        (Ok(()), None) => Ok(()),
    }
}

/// Text written to an I/O stream, its first error kept (`fmt::Write` cannot carry it).
struct IoWriter<'a> {
    out: &'a mut dyn std::io::Write,
    error: Option<std::io::Error>,
}

impl std::fmt::Write for IoWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.error.get_or_insert(e);
            std::fmt::Error
        })
    }
}

fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
