//! A briefing asked for in the viewer: what it is of, owned, so that it can be written on
//! another thread while the viewer goes on (a briefing of a million events takes seconds).

use std::sync::Arc;

use crate::export::BriefFormat;
use crate::model::{Dataset, Event};
use crate::query::{Filter, SameIndex, Selection};

/// The events of a briefing and the filter they were shown under, with the data they index.
#[derive(Debug, Clone)]
pub struct Briefing {
    dataset: Arc<Dataset>,
    /// The viewer's other-reports index of `dataset`, so that the briefing makes no other;
    /// none while the viewer's is still being made (the briefing then makes its own).
    same: Option<Arc<SameIndex>>,
    /// Indices into `dataset.events`, in the briefing's order: the viewer's own list of the
    /// events shown, shared, when none is marked (a copy was 4 MB at a million events).
    events: Arc<Vec<u32>>,
    filter: Filter,
    /// Whether the events were marked by hand (or are the events shown).
    marked: bool,
}

impl Briefing {
    pub(super) fn new(
        dataset: Arc<Dataset>,
        same: Option<Arc<SameIndex>>,
        events: Arc<Vec<u32>>,
        filter: Filter,
        marked: bool,
    ) -> Briefing {
        Briefing {
            dataset,
            same,
            events,
            filter,
            marked,
        }
    }

    /// How many events the briefing is of.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether the briefing is of no event.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The briefing in Markdown, whole.
    pub fn to_markdown(&self) -> String {
        let selection = self.selection();
        crate::export::markdown::briefing(&self.dataset, &selection, &self.filter, self.marked)
    }

    /// Writes the briefing in Markdown to `out` as it is made: a briefing of a million events is
    /// never held whole in memory (made whole, one took 4.5 GB). When a write fails, the
    /// briefing stops there.
    pub fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let selection = self.selection();
        let (d, filter) = (&self.dataset, &self.filter);
        crate::export::render_to(
            out,
            d,
            &selection,
            filter,
            BriefFormat::Markdown,
            self.marked,
            self.same.as_deref(),
        )
    }

    fn selection(&self) -> Selection<'_> {
        let d = &self.dataset;
        let events: Vec<&Event> = self
            .events
            .iter()
            .filter_map(|&i| d.events.get(i as usize))
            .collect();
        Selection::of_events(d, events, &self.filter)
    }
}

/// An export under way, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exporting {
    /// How many events the briefing is of.
    pub events: usize,
    /// Bytes written so far.
    pub written: u64,
}
