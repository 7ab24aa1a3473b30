//! Drawing: `&App` into a frame. One file per pane; nothing is decided here that the app should
//! decide.

mod axis;
mod compare;
mod detail;
mod help;
mod picker;
mod popup;
mod problems;
mod same;
mod status;
pub mod theme;
mod timeline;

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::app::{App, Mode};

pub use theme::Theme;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let Some(areas) = crate::app::layout::areas(area) else {
        let message = format!(
            "Too small: {}x{}. fogline needs {MIN_WIDTH}x{MIN_HEIGHT}.",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(message)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    };
    timeline::draw(frame, app, theme, areas.timeline);
    compare::draw(frame, app, theme, areas.compare);
    axis::draw(frame, app, theme, areas.axis);
    status::draw_status(frame, app, theme, areas.status);
    status::draw_footer(frame, app, theme, areas.footer);
    let panes = areas.timeline.union(areas.compare);
    problems::draw(frame, app, theme, panes);
    match app.mode() {
        Mode::Detail { scroll } => detail::draw(frame, app, theme, scroll),
        Mode::Help { scroll } => help::draw(frame, theme, scroll),
        Mode::SourcePicker { cursor } => picker::draw_sources(frame, app, theme, cursor),
        Mode::KindPicker { cursor } => picker::draw_kinds(frame, app, theme, cursor),
        Mode::Browse | Mode::Search { .. } | Mode::DatePrompt => {}
    }
}
