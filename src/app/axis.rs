//! What the time axis shows: the whole span of the filtered events at their true scale — ranges
//! as bars, single days as ticks, the selection highlighted — zoomed and panned around the
//! selection.

use chrono::{Datelike, NaiveDate};

use super::state::App;

/// Deepest zoom: each level halves the time shown.
pub const MAX_ZOOM: u8 = 16;

/// One event on the axis.
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
    /// Whether it is the selected event.
    pub selected: bool,
    /// Whether it runs past the left or right edge of the window.
    pub clipped: (bool, bool),
}

/// The axis for a strip `width` columns wide with `lanes` rows for marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AxisView {
    /// First day shown.
    pub start: NaiveDate,
    /// Last day shown.
    pub end: NaiveDate,
    /// Events, the selected one last (drawn on top).
    pub marks: Vec<Mark>,
    /// Labels under the strip: column and text.
    pub labels: Vec<(u16, String)>,
}

impl App {
    /// The time axis for `width` columns and `lanes` rows.
    pub fn axis_view(&self, width: u16, lanes: u16) -> Option<AxisView> {
        if width < 2 || lanes == 0 || self.visible.is_empty() {
            return None;
        }
        let events = &self.dataset.events;
        let bounds = |i: usize| {
            events
                .get(i)
                .map(|e| (e.when.earliest(), e.when.latest()))
                .unwrap_or((None, None))
        };
        // The whole span: known bounds only; open ends run to the edge.
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        for &i in &self.visible {
            let (a, b) = bounds(i);
            for d in [a, b].into_iter().flatten() {
                lo = lo.min(day(d));
                hi = hi.max(day(d));
            }
        }
        if lo > hi {
            return None;
        }
        let full = (hi - lo + 1).max(7);
        let span = (full >> self.zoom).max(7);
        let (start, end) = if self.zoom == 0 {
            (lo, lo + full - 1)
        } else {
            let sel = self.visible.get(self.selected).map(|&i| bounds(i));
            let mid = match sel {
                Some((Some(a), Some(b))) => (day(a) + day(b)) / 2,
                Some((Some(a), None)) | Some((None, Some(a))) => day(a),
                _ => (lo + hi) / 2,
            };
            let s = mid - span / 2 + i64::from(self.pan) * span / 4;
            (s, s + span - 1)
        };
        let cols = i64::from(width) - 1;
        let x = |d: i64| -> i64 { (d - start) * cols / (end - start).max(1) };
        let mut marks = Vec::new();
        let mut lane_end: Vec<i64> = vec![i64::MIN; usize::from(lanes)];
        let mut selected_mark = None;
        for (p, &i) in self.visible.iter().enumerate() {
            let (a, b) = bounds(i);
            let (d0, d1) = (a.map_or(lo, day), b.map_or(hi, day));
            if d1 < start || d0 > end {
                continue;
            }
            let (x0, x1) = (x(d0.max(start)), x(d1.min(end)));
            let lane = lane_end
                .iter()
                .position(|&e| e < x0)
                .unwrap_or(usize::from(lanes) - 1);
            lane_end[lane] = lane_end[lane].max(x1);
            let mark = Mark {
                x0: x0.clamp(0, cols) as u16,
                x1: x1.clamp(0, cols) as u16,
                lane: lane as u16,
                range: d1 > d0,
                selected: p == self.selected,
                clipped: (d0 < start, d1 > end),
            };
            if mark.selected {
                selected_mark = Some(mark);
            } else {
                marks.push(mark);
            }
        }
        marks.extend(selected_mark);
        Some(AxisView {
            start: from_day(start),
            end: from_day(end),
            marks,
            labels: labels(start, end, width),
        })
    }
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
