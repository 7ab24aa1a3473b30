//! The source and kind pickers.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::model::EventKind;

use super::{Theme, popup};

/// Draws the source picker with the cursor on `cursor`.
pub fn draw_sources(frame: &mut Frame, app: &App, theme: &Theme, cursor: usize) {
    let items: Vec<(bool, String)> = app
        .dataset()
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let grade = s
                .reliability
                .map_or("ungraded".to_string(), |r| format!("grade {r}"));
            (
                app.source_on(&s.id),
                format!(
                    "{} {} — {} ({}, {grade})",
                    i + 1,
                    s.id,
                    s.name,
                    s.kind.label()
                ),
            )
        })
        .collect();
    draw_list(
        frame,
        theme,
        "Sources · Space toggle · o only · a all · Esc close",
        &items,
        cursor,
    );
}

/// Draws the kind picker with the cursor on `cursor`.
pub fn draw_kinds(frame: &mut Frame, app: &App, theme: &Theme, cursor: usize) {
    let items: Vec<(bool, String)> = EventKind::ALL
        .iter()
        .map(|&k| {
            (
                app.kind_on(k),
                format!("{} ({})", k.label(), app.kind_count(k)),
            )
        })
        .collect();
    draw_list(
        frame,
        theme,
        "Kinds · Space toggle · o only · a all · Esc close",
        &items,
        cursor,
    );
}

fn draw_list(
    frame: &mut Frame,
    theme: &Theme,
    title: &str,
    items: &[(bool, String)],
    cursor: usize,
) {
    let inner = popup::open(frame, theme, title, 70, 70);
    let height = usize::from(inner.height).max(1);
    let first = cursor.saturating_sub(height - 1);
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, (on, text))| {
            let line = Line::from(vec![
                Span::raw(if *on { "[x] " } else { "[ ] " }),
                Span::raw(text.as_str()),
            ]);
            if i == cursor {
                line.style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
