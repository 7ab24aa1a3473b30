//! What the time axis shows: the whole span of the filtered events at their true scale — ranges
//! as bars, single days as ticks, the selection highlighted — zoomed and panned around the
//! selection.

use chrono::{Datelike, NaiveDate};

use super::state::App;

/// Deepest zoom: each level halves the time shown.
pub const MAX_ZOOM: u8 = 16;

/// What one cell of a lane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AxisCell {
    /// Nothing.
    Empty,
    /// A single day (or less than a column of time).
    Tick,
    /// Part of a range.
    Bar,
    /// A range that starts before the window.
    ClippedLeft,
    /// A range that ends after the window.
    ClippedRight,
}

/// The selected event on the axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// First column.
    pub x0: u16,
    /// Last column (inclusive).
    pub x1: u16,
    /// Lane (row) it is drawn in.
    pub lane: u16,
    /// Whether it spans more than a day.
    pub range: bool,
    /// Whether it runs past the left and right edges of the window.
    pub clipped: (bool, bool),
}

/// The axis for a strip `width` columns wide with `lanes` rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AxisView {
    /// First day shown.
    pub start: NaiveDate,
    /// Last day shown.
    pub end: NaiveDate,
    /// Every lane, column by column: the events other than the selected one.
    pub lanes: Vec<Vec<AxisCell>>,
    /// The selected event, drawn over the lanes.
    pub selected: Option<Mark>,
    /// Labels under the strip: column and text.
    pub labels: Vec<(u16, String)>,
}

/// What the lanes were computed for; the same key gives the same lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct AxisKey {
    generation: u64,
    width: u16,
    lanes: u16,
    start: i64,
    end: i64,
}

/// Lanes computed for a key: the grid, and the lane of each visible event (by position).
#[derive(Debug, Clone)]
pub(super) struct Lanes {
    key: AxisKey,
    grid: Vec<Vec<AxisCell>>,
    lane_of: Vec<u16>,
}

/// The lanes last computed.
pub(super) type AxisCache = std::cell::RefCell<Option<std::rc::Rc<Lanes>>>;

impl App {
    /// The time axis for `width` columns and `lanes` rows.
    ///
    /// One pass over the visible events, with per-lane difference arrays, so the cost is the
    /// number of events plus the size of the strip, however long the ranges; the result is kept
    /// until the events, the window or the selection change.
    pub fn axis_view(&self, width: u16, lanes: u16) -> Option<AxisView> {
        if width < 2 || lanes == 0 || self.visible.is_empty() {
            return None;
        }
        let (lo, hi) = self.visible_span?;
        let full = (hi - lo + 1).max(7);
        let span = (full >> self.zoom).max(7);
        let (start, end) = if self.zoom == 0 {
            (lo, lo + full - 1)
        } else {
            let (a, b) = self.event_days(self.shown(self.selected), lo, hi);
            let mid = (a + b) / 2;
            let s = mid - span / 2 + i64::from(self.pan) * span / 4;
            (s, s + span - 1)
        };
        let key = AxisKey {
            generation: self.generation,
            width,
            lanes,
            start,
            end,
        };
        let cached = self
            .axis_cache
            .borrow()
            .as_ref()
            .filter(|l| l.key == key)
            .cloned();
        let computed = match cached {
            Some(hit) => hit,
            None => {
                let fresh = std::rc::Rc::new(self.compute_lanes(key, lo, hi));
                *self.axis_cache.borrow_mut() = Some(std::rc::Rc::clone(&fresh));
                fresh
            }
        };
        // The selected event, over its lane.
        let selected = computed.lane_of.get(self.selected).and_then(|&lane| {
            let (d0, d1) = self.event_days(self.shown(self.selected), lo, hi);
            if d1 < start || d0 > end {
                return None;
            }
            let cols = i64::from(width) - 1;
            let x = |d: i64| ((d - start) * cols / (end - start).max(1)).clamp(0, cols) as u16;
            Some(Mark {
                x0: x(d0.max(start)),
                x1: x(d1.min(end)),
                lane,
                range: d1 > d0,
                clipped: (d0 < start, d1 > end),
            })
        });
        Some(AxisView {
            start: from_day(start),
            end: from_day(end),
            lanes: computed.grid.clone(),
            selected,
            labels: labels(start, end, width),
        })
    }

    /// The first and last day of an event, open ends taken to the edges `lo` and `hi` (read
    /// from the days kept side by side, not from the events scattered in memory).
    fn event_days(&self, index: Option<usize>, lo: i64, hi: i64) -> (i64, i64) {
        let [a, b] = index
            .and_then(|i| self.day_bounds.get(i).copied())
            .unwrap_or([UNKNOWN; 2]);
        (
            known_day(a).map_or(lo, i64::from),
            known_day(b).map_or(hi, i64::from),
        )
    }

    fn compute_lanes(&self, key: AxisKey, lo: i64, hi: i64) -> Lanes {
        let AxisKey {
            width,
            lanes,
            start,
            end,
            ..
        } = key;
        let w = usize::from(width);
        let n_lanes = usize::from(lanes);
        let cols = i64::from(width) - 1;
        let column = |d: i64| -> usize {
            ((d - start) * cols / (end - start).max(1)).clamp(0, cols) as usize
        };
        // Each day's column worked out once (a division per event end is most of the pass over
        // a million events), unless the window is absurdly long.
        let days = usize::try_from(end - start + 1).unwrap_or(usize::MAX);
        let table: Vec<usize> = if days <= 1 << 22 {
            (start..=end).map(column).collect()
        } else {
            Vec::new()
        };
        let x = |d: i64| -> usize {
            usize::try_from(d - start)
                .ok()
                .and_then(|k| table.get(k).copied())
                .unwrap_or_else(|| column(d))
        };
        let mut bars = vec![vec![0i32; w + 1]; n_lanes];
        let mut grid = vec![vec![AxisCell::Empty; w]; n_lanes];
        let mut lane_end: Vec<Option<usize>> = vec![None; n_lanes];
        let mut lane_of = vec![0u16; self.visible.len()];
        for (p, &i) in self.visible.iter().enumerate() {
            let (d0, d1) = self.event_days(Some(i as usize), lo, hi);
            if d1 < start || d0 > end {
                continue;
            }
            let (x0, x1) = (x(d0.max(start)), x(d1.min(end)));
            // Greedy lanes: the first whose last mark ends before this one starts.
            let lane = lane_end
                .iter()
                .position(|e| e.is_none_or(|e| e < x0))
                .unwrap_or(n_lanes - 1);
            lane_end[lane] = Some(lane_end[lane].map_or(x1, |e| e.max(x1)));
            lane_of[p] = lane as u16;
            if d1 > d0 && x1 > x0 {
                bars[lane][x0] += 1;
                bars[lane][x1 + 1] -= 1;
                if d0 < start {
                    grid[lane][x0] = AxisCell::ClippedLeft;
                }
                if d1 > end {
                    grid[lane][x1] = AxisCell::ClippedRight;
                }
            } else if grid[lane][x0] == AxisCell::Empty {
                grid[lane][x0] = AxisCell::Tick;
            }
        }
        for (lane, diff) in bars.iter().enumerate() {
            let mut depth = 0;
            for (col, d) in diff.iter().take(w).enumerate() {
                depth += d;
                if depth > 0 && grid[lane][col] == AxisCell::Empty {
                    grid[lane][col] = AxisCell::Bar;
                }
            }
        }
        Lanes { key, grid, lane_of }
    }
}

/// Each event's first and last known day (days from the common era; [`UNKNOWN`] where
/// unknown), side by side in one list, so that spans over many events read contiguous memory
/// (8 bytes an event: with `Option`s, 16).
pub(super) fn day_bounds(events: &[crate::model::Event]) -> Vec<[i32; 2]> {
    let known = |d: Option<NaiveDate>| d.map_or(UNKNOWN, |d| d.num_days_from_ce());
    events
        .iter()
        .map(|e| [known(e.when.earliest()), known(e.when.latest())])
        .collect()
}

/// A day not known, in [`day_bounds`]: no date's day from the common era is so low (chrono's
/// earliest is 262,144 BC, some 96 million days back).
pub(super) const UNKNOWN: i32 = i32::MIN;

/// A day of [`day_bounds`], `None` where unknown.
fn known_day(day: i32) -> Option<i32> {
    (day != UNKNOWN).then_some(day)
}

/// The first and last known day of the `visible` events: on every core for many, without a
/// branch per event (an unknown day is `UNKNOWN`, the least `i32`, which never raises the last
/// day; for the first, it is taken as the greatest).
pub(super) fn span_of(bounds: &[[i32; 2]], visible: &[u32]) -> Option<(i64, i64)> {
    let span = |visible: &[u32]| {
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        for &i in visible {
            let [a, b] = bounds.get(i as usize).copied().unwrap_or([UNKNOWN; 2]);
            let low = |d: i32| if d == UNKNOWN { i32::MAX } else { d };
            lo = lo.min(low(a)).min(low(b));
            hi = hi.max(a).max(b);
        }
        (lo, hi)
    };
    let both = |a: (i32, i32), b: (i32, i32)| (a.0.min(b.0), a.1.max(b.1));
    let (lo, hi) = if visible.len() < 1 << 16 {
        span(visible)
    } else {
        use rayon::prelude::*;
        visible
            .par_chunks(1 << 16)
            .map(span)
            .reduce(|| (i32::MAX, i32::MIN), both)
    };
    (lo != i32::MAX && hi != UNKNOWN).then(|| (i64::from(lo), i64::from(hi)))
}

fn day(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn from_day(n: i64) -> NaiveDate {
    i32::try_from(n)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(NaiveDate::MIN)
}

/// Tick labels at year, month or day boundaries, whichever fit.
fn labels(start: i64, end: i64, width: u16) -> Vec<(u16, String)> {
    let cols = i64::from(width) - 1;
    let span = (end - start).max(1);
    let x = |d: i64| (d - start) * cols / span;
    let (s, e) = (from_day(start), from_day(end));
    let mut candidates: Vec<(i64, String)> = Vec::new();
    if span > 3 * 365 {
        for y in s.year()..=e.year() + 1 {
            if let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) {
                candidates.push((day(d), y.to_string()));
            }
        }
    } else if span > 90 {
        let mut d = NaiveDate::from_ymd_opt(s.year(), s.month(), 1);
        while let Some(m) = d.filter(|m| *m <= e) {
            let label = if m.month() == 1 {
                m.year().to_string()
            } else {
                m.format("%b").to_string()
            };
            candidates.push((day(m), label));
            d = m.checked_add_months(chrono::Months::new(1));
        }
    } else {
        let step = (span / 8).max(1);
        let mut d = start;
        while d <= end {
            candidates.push((d, from_day(d).format("%-d %b").to_string()));
            d += step;
        }
    }
    let mut out = Vec::new();
    let mut next_free = 0i64;
    for (d, text) in candidates {
        if d < start || d > end {
            continue;
        }
        let col = x(d);
        let len = text.chars().count() as i64;
        if col >= next_free && col + len <= cols + 1 {
            out.push((col as u16, text));
            next_free = col + len + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, EventKind, EventParts, When};

    fn event(when: &str) -> Event {
        let parts = EventParts {
            id: "e".to_string(),
            when: When::parse(when).unwrap_or_else(|e| panic!("{when}: {e}")),
            kind: EventKind::Other,
            title: "t".to_string(),
            summary: None,
            place: None,
            actors: Default::default(),
            quantities: Default::default(),
            sources: Vec::new(),
        };
        Event::new(parts).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_span_of_many_events_on_every_core_is_the_span_of_each() {
        // Days known and unknown, more events than one core takes.
        let bounds: Vec<[i32; 2]> = (0..200_000i32)
            .map(|i| {
                let day = 700_000 + (i * 7919) % 5000;
                let start = if i % 11 == 0 { UNKNOWN } else { day };
                let end = if i % 13 == 0 { UNKNOWN } else { day + i % 40 };
                [start, end]
            })
            .collect();
        let known = |visible: &[u32]| {
            let days = visible.iter().flat_map(|&i| bounds[i as usize]);
            let days: Vec<i64> = days.filter(|&d| d != UNKNOWN).map(i64::from).collect();
            days.iter().min().copied().zip(days.iter().max().copied())
        };
        let all: Vec<u32> = (0..200_000).collect();
        let some: Vec<u32> = (0..200_000).filter(|i| i % 3 != 0).collect();
        let none_known: Vec<u32> = vec![0; 100_000];
        for visible in [&all, &some] {
            assert_eq!(span_of(&bounds, visible), known(visible));
        }
        assert_eq!(span_of(&[[UNKNOWN; 2]], &none_known), None);
    }

    #[test]
    fn the_span_of_events_takes_only_the_days_known() {
        let events: Vec<Event> = ["2017-10-17", "../2014-06", "2017-06/..", "2015"]
            .iter()
            .map(|w| event(w))
            .collect();
        let bounds = day_bounds(&events);
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).map(|d| d.num_days_from_ce());
        assert_eq!(known_day(bounds[1][0]), None, "no start");
        assert_eq!(known_day(bounds[1][1]), day(2014, 6, 30));
        assert_eq!(known_day(bounds[2][1]), None, "no end");
        let span = |visible: &[u32]| span_of(&bounds, visible);
        let both = |a: Option<i32>, b: Option<i32>| a.zip(b).map(|(a, b)| (a.into(), b.into()));
        assert_eq!(span(&[0]), both(day(2017, 10, 17), day(2017, 10, 17)));
        assert_eq!(span(&[1, 3]), both(day(2014, 6, 30), day(2015, 12, 31)));
        assert_eq!(span(&[2, 0]), both(day(2017, 6, 1), day(2017, 10, 17)));
        assert_eq!(span(&[]), None);
    }
}
