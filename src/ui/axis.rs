//! The time axis strip: the span of the filtered events at its true scale.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::App;
use crate::app::axis::AxisCell;

use super::Theme;

/// Draws the time axis into `area` (border included).
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let block = Block::bordered().border_style(theme.border);
    let inner = block.inner(area);
    let lanes = inner.height.saturating_sub(1);
    let Some(view) = app.axis_view(inner.width, lanes) else {
        frame.render_widget(block.title(" Time "), area);
        return;
    };
    let title = format!(
        " Time · {} to {} · +/- zoom, </> pan ",
        view.start.format("%-d %b %Y"),
        view.end.format("%-d %b %Y")
    );
    let width = usize::from(inner.width);
    let symbol = |cell: AxisCell| match cell {
        AxisCell::Empty => ' ',
        AxisCell::Tick => '┃',
        AxisCell::Bar => '━',
        AxisCell::ClippedLeft => '◀',
        AxisCell::ClippedRight => '▶',
    };
    let mut lines: Vec<Line> = Vec::new();
    for (lane, cells) in view.lanes.iter().enumerate() {
        let mut text: Vec<char> = cells.iter().map(|&c| symbol(c)).collect();
        // The selected event is drawn over its lane, in its own style.
        let sel = view.selected.filter(|m| usize::from(m.lane) == lane);
        let Some(m) = sel else {
            lines.push(Line::styled(
                text.into_iter().collect::<String>(),
                theme.mark,
            ));
            continue;
        };
        let (x0, x1) = (
            usize::from(m.x0),
            usize::from(m.x1).min(width.saturating_sub(1)),
        );
        for (x, slot) in text.iter_mut().enumerate().take(x1 + 1).skip(x0) {
            *slot = match (m.range, x == x0 && m.clipped.0, x == x1 && m.clipped.1) {
                (false, _, _) => '┃',
                (true, true, _) => '◀',
                (true, _, true) => '▶',
                (true, _, _) => '━',
            };
        }
        let before: String = text[..x0].iter().collect();
        let mark: String = text[x0..=x1].iter().collect();
        let after: String = text[x1 + 1..].iter().collect();
        lines.push(Line::from(vec![
            Span::styled(before, theme.mark),
            Span::styled(mark, theme.mark_selected),
            Span::styled(after, theme.mark),
        ]));
    }
    let mut label_line = vec![' '; width];
    for (x, text) in &view.labels {
        for (k, c) in text.chars().enumerate() {
            if let Some(slot) = label_line.get_mut(usize::from(*x) + k) {
                *slot = c;
            }
        }
    }
    lines.push(Line::from(Span::styled(
        label_line.into_iter().collect::<String>(),
        theme.dim,
    )));
    frame.render_widget(Paragraph::new(lines).block(block.title(title)), area);
}
