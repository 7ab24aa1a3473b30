//! A box over the panes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, BorderType, Clear};

use super::Theme;

/// Clears a centred area of `percent_x` by `percent_y` of the screen, draws a bordered box with
/// `title`, and returns its inside.
pub fn open(frame: &mut Frame, theme: &Theme, title: &str, percent_x: u16, percent_y: u16) -> Rect {
    let area = frame.area();
    let w = (area.width * percent_x / 100).max(20).min(area.width);
    let h = (area.height * percent_y / 100).max(6).min(area.height);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.focused)
        .title(format!(" {title} "));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}
