//! Briefings: Markdown with citations, JSON, TimelineJS3 JSON; and writing them safely.

pub mod background;
mod citations;
pub mod escape;
mod first_uses;
pub mod json;
pub mod markdown;
pub mod write;

use crate::model::Dataset;
use crate::query::{Filter, SameIndex, Selection};

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
/// a briefing of a million events never exists whole in memory; `same` is `d`'s other-reports
/// index when one is at hand (else the briefing makes its own).
pub fn render_to(
    out: &mut dyn std::io::Write,
    d: &Dataset,
    selection: &Selection<'_>,
    filter: &Filter,
    format: BriefFormat,
    marked: bool,
    same: Option<&SameIndex>,
) -> std::io::Result<()> {
    if format != BriefFormat::Markdown {
        return out.write_all(render(d, selection, filter, format, marked).as_bytes());
    }
    let mut w = IoWriter { out, error: None };
    let done = markdown::briefing_to(&mut w, d, selection, filter, marked, same);
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
    /// Writes `s`; an empty `s` asks the stream whether it still takes writes (a cancelled
    /// export refuses even an empty one).
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let written = if s.is_empty() {
            self.out.write(&[]).map(drop)
        } else {
            self.out.write_all(s.as_bytes())
        };
        written.map_err(|e| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    #[test]
    fn an_empty_write_asks_the_stream_whether_it_still_takes_writes() {
        /// Counts the writes asked of it; refuses every one once closed.
        struct Stream {
            asked: usize,
            closed: bool,
        }
        impl std::io::Write for Stream {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.asked += 1;
                if self.closed {
                    return Err(std::io::Error::other("closed"));
                }
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut stream = Stream {
            asked: 0,
            closed: false,
        };
        let mut w = IoWriter {
            out: &mut stream,
            error: None,
        };
        assert!(w.write_str("").is_ok());
        assert!(w.error.is_none());
        stream.closed = true;
        let mut w = IoWriter {
            out: &mut stream,
            error: None,
        };
        assert!(w.write_str("").is_err());
        assert!(w.error.is_some());
        assert_eq!(stream.asked, 2);
    }
}
