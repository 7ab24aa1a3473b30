//! Which events pass: by source, kind, date range and text. One definition, used by `list`,
//! `brief` and the viewer alike.

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::model::{Dataset, Event, EventKind, When};

use super::search::{Needle, matches_text};

/// The filters a user can set. Empty parts do not filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Keep events reported by any of these sources (ids).
    pub sources: Vec<String>,
    /// Keep events of any of these kinds.
    pub kinds: Vec<EventKind>,
    /// Keep events that may have happened on or after this day.
    pub from: Option<NaiveDate>,
    /// Keep events that may have happened on or before this day.
    pub to: Option<NaiveDate>,
    /// Keep events whose text contains this, ignoring case.
    pub search: Option<String>,
}

/// A filter with its search prepared, to test many events.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    filter: &'a Filter,
    needle: Option<Needle>,
}

impl Prepared<'_> {
    /// Whether `event` passes every part of the filter.
    pub fn matches(&self, event: &Event) -> bool {
        let f = self.filter;
        (f.sources.is_empty() || f.sources.iter().any(|s| event.reported_by(s)))
            && (f.kinds.is_empty() || f.kinds.contains(&event.kind))
            && event.when.overlaps(f.from, f.to)
            && self.needle.as_ref().is_none_or(|n| matches_text(event, n))
    }
}

/// A filter that cannot apply to a dataset, said for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FilterError {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

impl Filter {
    /// The first day of a date written as in data (`2017`, `2017-10`, `2017-10-16`), for `from`.
    pub fn from_text(text: &str) -> Result<NaiveDate, String> {
        let w = When::parse(text).map_err(|e| format!("invalid date `{text}`: {e}"))?;
        w.earliest()
            .ok_or_else(|| format!("`{text}` has no start; give a date such as 2017-10"))
    }

    /// The last day of a date written as in data, for `to`.
    pub fn to_text(text: &str) -> Result<NaiveDate, String> {
        let w = When::parse(text).map_err(|e| format!("invalid date `{text}`: {e}"))?;
        w.latest()
            .ok_or_else(|| format!("`{text}` has no end; give a date such as 2017-10"))
    }

    /// Checks that every source named exists in `dataset`, suggesting near misses.
    pub fn check(&self, dataset: &Dataset) -> Result<(), FilterError> {
        for id in &self.sources {
            if dataset.source(id).is_none() {
                let ids: Vec<&str> = dataset.sources.iter().map(|s| s.id.as_str()).collect();
                let hint = crate::load::suggest_one(id, &ids)
                    .map_or_else(String::new, |c| format!("; did you mean `{c}`?"));
                return Err(FilterError {
                    message: format!("unknown source `{id}`{hint}"),
                    help: format!("sources in this dataset: {}", ids.join(", ")),
                });
            }
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(FilterError {
                message: format!("the date range ends ({to}) before it starts ({from})"),
                help: "give --from an earlier date than --to".to_string(),
            });
        }
        Ok(())
    }

    /// Whether `event` passes every part of the filter. (To test many events, [`Filter::prepare`]
    /// once.)
    pub fn matches(&self, event: &Event) -> bool {
        self.prepare().matches(event)
    }

    /// The filter ready to test many events: its search prepared once.
    pub fn prepare(&self) -> Prepared<'_> {
        Prepared {
            filter: self,
            needle: self.search.as_deref().map(Needle::new),
        }
    }

    /// The events of `dataset` that pass, in date order (tested on every core).
    pub fn apply<'a>(&self, dataset: &'a Dataset) -> Vec<&'a Event> {
        let p = self.prepare();
        dataset
            .events
            .par_iter()
            .with_min_len(1 << 12)
            .filter(|e| p.matches(e))
            .collect()
    }

    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Each active part, for people: "sources: sdf, coalition", "from 2017-10-01".
    pub fn describe(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if !self.sources.is_empty() {
            parts.push(format!("sources: {}", self.sources.join(", ")));
        }
        if !self.kinds.is_empty() {
            let kinds: Vec<&str> = self.kinds.iter().map(|k| k.label()).collect();
            parts.push(format!("kinds: {}", kinds.join(", ")));
        }
        if let Some(from) = self.from {
            parts.push(format!("from {from}"));
        }
        if let Some(to) = self.to {
            parts.push(format!("to {to}"));
        }
        if let Some(s) = &self.search {
            parts.push(format!("text: \"{s}\""));
        }
        parts
    }
}
