//! The help screen, generated from the keymap that handles the keys.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::keymap::{CONTEXTS, help_rows};

use super::{Theme, popup};

/// Draws the help over the panes, scrolled down `scroll` lines.
pub fn draw(frame: &mut Frame, theme: &Theme, scroll: u16) {
    let inner = popup::open(frame, theme, "Help · Esc to close", 80, 90);
    let mut lines = Vec::new();
    for context in CONTEXTS {
        lines.push(Line::styled(context.title(), theme.header));
        for (keys, what) in help_rows(context) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<10}"), theme.key),
                Span::raw(what),
            ]));
        }
        lines.push(Line::raw(""));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}
