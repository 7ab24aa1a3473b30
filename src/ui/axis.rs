//! The time axis strip: the span of the filtered events at its true scale.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::App;

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
    // Each lane is a row of cells: (symbol, selected).
    let mut grid: Vec<Vec<(char, bool)>> = vec![vec![(' ', false); width]; usize::from(lanes)];
    for m in &view.marks {
        let Some(row) = grid.get_mut(usize::from(m.lane)) else {
            continue;
        };
        let (x0, x1) = (usize::from(m.x0), usize::from(m.x1).min(width - 1));
        for (x, cell) in row.iter_mut().enumerate().take(x1 + 1).skip(x0) {
            let symbol = match (m.range, x == x0 && m.clipped.0, x == x1 && m.clipped.1) {
                (false, _, _) => '┃',
                (true, true, _) => '◀',
                (true, _, true) => '▶',
                (true, _, _) => '━',
            };
            *cell = (symbol, m.selected);
        }
    }
    let mut lines: Vec<Line> = grid
        .into_iter()
        .map(|row| {
            Line::from(
                row.into_iter()
                    .map(|(c, sel)| {
                        Span::styled(
                            c.to_string(),
                            if sel { theme.mark_selected } else { theme.mark },
                        )
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
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
