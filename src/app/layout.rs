//! Where each pane goes, for a terminal of a given size. Pure geometry, shared by the app (which
//! needs the timeline's height to page and scroll) and the UI (which draws into these areas).

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this many columns the viewer shows a short message instead of its panes.
pub const MIN_WIDTH: u16 = 40;
/// Below this many rows likewise.
pub const MIN_HEIGHT: u16 = 12;
/// From this width on, the timeline and the comparison pane stand side by side.
pub const SIDE_BY_SIDE: u16 = 170;

/// The areas of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The timeline pane, with its border.
    pub timeline: Rect,
    /// The source-comparison pane, with its border.
    pub compare: Rect,
    /// The time axis strip, with its border.
    pub axis: Rect,
    /// One line: filters and counts.
    pub status: Rect,
    /// One line: the main keys.
    pub footer: Rect,
}

impl Areas {
    /// Rows of events the timeline shows (inside its border, under its header).
    pub fn timeline_rows(&self) -> usize {
        usize::from(self.timeline.height.saturating_sub(3))
    }
}

/// The areas for a screen of `area`, or None when it is too small to be useful.
pub fn areas(area: Rect) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let axis_height = if area.height >= 30 { 6 } else { 5 };
    if area.width >= SIDE_BY_SIDE {
        let [body, axis, status, footer] = Layout::vertical([
            Constraint::Min(6),
            Constraint::Length(axis_height),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let [timeline, compare] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(body);
        Some(Areas {
            timeline,
            compare,
            axis,
            status,
            footer,
        })
    } else {
        let [timeline, compare, axis, status, footer] = Layout::vertical([
            Constraint::Min(5),
            Constraint::Percentage(38),
            Constraint::Length(axis_height),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        Some(Areas {
            timeline,
            compare,
            axis,
            status,
            footer,
        })
    }
}
