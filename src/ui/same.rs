//! Other reports of the selected event's happening, under the comparison table: each with its
//! date, who recorded it, its title, and its figures beside ours, disagreements marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::model::Dataset;
use crate::query::OtherReport;
use crate::query::same::recorded_by;

use super::Theme;

/// How many lines the list wants: a heading, then two or three lines per report.
pub fn height(others: &[OtherReport<'_>]) -> u16 {
    let lines: usize = others.iter().map(|o| 1 + o.pairs.len().max(1)).sum();
    u16::try_from(lines + 2).unwrap_or(u16::MAX)
}

/// Draws the list into `area`, with a rule above it when `rule`.
pub fn draw(
    frame: &mut Frame,
    d: &Dataset,
    theme: &Theme,
    others: &[OtherReport<'_>],
    rule: bool,
    area: Rect,
) {
    let count = if others.len() >= crate::query::same::MAX_REPORTS {
        format!("the first {}", others.len())
    } else {
        others.len().to_string()
    };
    let mut lines = vec![Line::styled(
        format!(
            "Other reports of the same happening ({count}): dates overlap, kinds correspond, places match"
        ),
        theme.header,
    )];
    for o in others {
        let (mark, style) = if o.disagrees() {
            ("✗ differ", theme.conflict)
        } else if o.pairs.is_empty() {
            ("· no figure to compare", theme.single)
        } else {
            ("✓ agree", theme.agreed)
        };
        lines.push(Line::from(vec![
            Span::styled(mark, style),
            Span::styled(
                format!(" {} · {} — ", o.event.when.human(), recorded_by(d, o.event)),
                theme.dim,
            ),
            Span::styled(o.event.title(), theme.text),
        ]));
        for p in &o.pairs {
            let style = if p.agree { theme.text } else { theme.conflict };
            lines.push(Line::from(vec![
                Span::styled(format!("    {}: ", p.what), theme.dim),
                Span::styled(format!("{} here", p.ours.value), style),
                Span::styled(" · ", theme.dim),
                Span::styled(
                    format!("{} there ({})", p.theirs.value, p.theirs.what),
                    style,
                ),
            ]));
        }
    }
    let block = if rule {
        Block::new()
            .borders(Borders::TOP)
            .border_style(theme.border)
    } else {
        Block::new()
    };
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        area,
    );
}
