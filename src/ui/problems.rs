//! The reload panel: why the data shown is not what is on disk. It covers the bottom of the
//! panes without taking the keys; it goes when the data is fixed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use crate::app::App;

use super::Theme;

/// Draws the panel over the bottom of `area`, when there is something to say.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let problems = app.reload_problems();
    if problems.is_empty() || area.height < 4 {
        return;
    }
    let height = (problems.len() as u16 + 2).min(area.height / 2).max(3);
    let panel = Rect::new(area.x, area.bottom() - height, area.width, height);
    frame.render_widget(Clear, panel);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.conflict)
        .title(" Not reloaded: still showing the last good data ");
    let lines: Vec<Line> = problems
        .iter()
        .map(|p| Line::styled(p.as_str(), theme.error))
        .collect();
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        panel,
    );
}
