//! The timeline pane: the filtered events in date order, only the rows on screen built.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Focus};
use crate::model::Event;

use super::Theme;

/// Draws the timeline into `area` (border included).
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let focused = app.focus() == Focus::Timeline;
    let total = app.dataset().events.len();
    let marked = match app.marked_count() {
        0 => String::new(),
        n => format!(" · {n} marked"),
    };
    let title = format!(
        " Timeline · {} of {total} events{marked} ",
        app.visible_count()
    );
    let block = theme.pane(title, focused);
    let rows_on_screen = usize::from(area.height.saturating_sub(3));
    let window: Vec<(usize, &Event)> = app.timeline_window(rows_on_screen).collect();
    if window.is_empty() {
        let text = if app.loading().is_some() {
            "Loading…"
        } else if total == 0 {
            "This dataset has no events."
        } else {
            "No event passes the filters. Press x to clear them, 0 for all sources."
        };
        frame.render_widget(
            ratatui::widgets::Paragraph::new(text)
                .style(theme.dim)
                .block(block),
            area,
        );
        return;
    }
    let dates: Vec<String> = window.iter().map(|(_, e)| e.when.human()).collect();
    let date_width = dates
        .iter()
        .map(|d| d.width())
        .max()
        .unwrap_or(4)
        .clamp(4, 26) as u16;
    let kind_width = window
        .iter()
        .map(|(_, e)| e.kind.short().len())
        .max()
        .unwrap_or(4) as u16;
    let sources: Vec<String> = window
        .iter()
        .map(|(_, e)| {
            let mut ids: Vec<&str> = e.sources().iter().map(|a| &*a.source).collect();
            ids.dedup();
            ids.join(", ")
        })
        .collect();
    let sources_width = sources
        .iter()
        .map(|s| s.width())
        .max()
        .unwrap_or(7)
        .clamp(7, 20) as u16;
    let rows =
        window
            .iter()
            .zip(dates)
            .zip(sources)
            .map(|((&(position, event), date), sources)| {
                let selected = position == app.selected_position();
                let matched = app.is_match(position);
                let title_style = if matched { theme.matched } else { theme.text };
                let mark = if app.is_marked(position) { "●" } else { " " };
                let row = Row::new(vec![
                    Cell::from(Span::styled(mark, theme.key)),
                    Cell::from(date),
                    Cell::from(Span::styled(event.kind.short(), theme.dim)),
                    Cell::from(Line::from(Span::styled(event.title(), title_style))),
                    Cell::from(Span::styled(sources, theme.dim)),
                ]);
                if selected {
                    row.style(theme.selected)
                } else {
                    row
                }
            });
    let header = Row::new(["", "Date", "Kind", "Title", "Sources"]).style(theme.header);
    let table = Table::new(
        rows,
        [
            Constraint::Length(1),
            Constraint::Length(date_width),
            Constraint::Length(kind_width),
            Constraint::Fill(1),
            Constraint::Length(sources_width),
        ],
    )
    .header(header)
    .column_spacing(2)
    .block(block);
    frame.render_widget(table, area);
}
