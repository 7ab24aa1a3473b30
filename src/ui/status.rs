//! The status line (filters and counts, always) and the footer (the main keys, or the prompt).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::{self, Context};
use crate::app::{App, Mode};

use super::Theme;

/// The status line: "3 of 10 events · sources: sdf, coalition · kinds: all · …".
pub fn draw_status(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    if let Some(l) = app.loading() {
        // A spinner that moves with the clock, the size, the time so far.
        const SPIN: [&str; 4] = ["⠋", "⠙", "⠸", "⠴"];
        let tick = (l.elapsed.as_millis() / 125) as usize % SPIN.len();
        let text = format!(
            "{} loading {:.0} MB of data… {:.1} s · q quits",
            SPIN[tick],
            l.bytes as f64 / 1e6,
            l.elapsed.as_secs_f64()
        );
        frame.render_widget(Paragraph::new(Span::styled(text, theme.header)), area);
        return;
    }
    let f = app.filter();
    let mut parts = vec![format!(
        "{} of {} events",
        app.visible_count(),
        app.dataset().events.len()
    )];
    parts.push(if f.sources.is_empty() {
        "sources: all".to_string()
    } else {
        format!("sources: {}", f.sources.join(", "))
    });
    parts.push(if f.kinds.is_empty() {
        "kinds: all".to_string()
    } else {
        let kinds: Vec<&str> = f.kinds.iter().map(|k| k.label()).collect();
        format!("kinds: {}", kinds.join(", "))
    });
    parts.push(match (f.from, f.to) {
        (None, None) => "dates: any".to_string(),
        (from, to) => format!(
            "dates: {} to {}",
            from.map_or("…".to_string(), |d| d.to_string()),
            to.map_or("…".to_string(), |d| d.to_string())
        ),
    });
    if app.marked_count() > 0 {
        parts.push(format!("{} marked", app.marked_count()));
    }
    if let Some(s) = app.search().filter(|s| !s.is_empty()) {
        let (count, at) = app.match_position();
        parts.push(match at {
            // The matches shown are still the last search's.
            _ if app.searching() => format!("search \"{s}\": searching…"),
            Some(at) => format!("search \"{s}\": {at} of {count}"),
            None => format!("search \"{s}\": {count} matches"),
        });
    }
    let mut spans = vec![Span::styled(parts.join(" · "), theme.header)];
    if let Some(x) = app.exporting() {
        spans.push(Span::styled(
            format!(
                "  exporting {} events… {:.1} MB written",
                x.events,
                x.written as f64 / 1e6
            ),
            theme.key,
        ));
    }
    if let Some(m) = app.message() {
        spans.push(Span::styled(format!("  ({m})"), theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The footer: the main keys of the current mode, or the prompt being typed.
pub fn draw_footer(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let label = match app.mode() {
        Mode::Search { .. } => Some("/"),
        Mode::DatePrompt => Some("dates (2017-10, 2017-10-14/2017-10-17, 2017-06/..): "),
        _ => None,
    };
    if let Some(label) = label {
        let input = app.prompt();
        let mut spans = vec![
            Span::styled(label, theme.key),
            Span::raw(input.value().to_string()),
        ];
        if let Some(e) = app.prompt_error() {
            spans.push(Span::styled(format!("  {e}"), theme.error));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        let x = area.x + label.chars().count() as u16 + input.visual_cursor() as u16;
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
        return;
    }
    let mut spans = Vec::new();
    for (keys, what) in keymap::footer(Context::of(app.mode())) {
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::styled(format!(" {what}  "), theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
