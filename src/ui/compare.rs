//! The source-comparison pane: who claims what about each subject, contradictions marked, and the
//! verbatim words behind the selected cell.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

use crate::app::compare::CompareView;
use crate::app::{App, Focus};
use crate::model::{Claim, Dataset};
use crate::query::Standing;

use super::Theme;

/// The mark of a row's standing: symbol and word, readable without colour.
pub fn standing_mark(standing: Standing) -> &'static str {
    match standing {
        Standing::Contradicted => "✗ conflict",
        Standing::Agreed => "✓ agree",
        Standing::SingleSource => "· 1 source",
        Standing::Unresolved => "? compare",
    }
}

/// Draws the comparison pane into `area` (border included).
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let focused = app.focus() == Focus::Compare;
    let view = app.compare_view();
    let scope = match (app.all_subjects(), view.all) {
        (true, _) => "all subjects · a: this event's",
        (false, true) => "none about this event; all subjects",
        (false, false) => "this event's subjects · a: all",
    };
    let others = app.other_reports();
    let title = if app.finding_other_reports() {
        format!(" Sources compared · {scope} · finding other reports… ")
    } else if others.is_empty() {
        format!(" Sources compared · {scope} ")
    } else {
        let more = if others.len() >= crate::query::same::MAX_REPORTS {
            "+"
        } else {
            ""
        };
        format!(
            " Sources compared · {scope} · {}{more} other reports ",
            others.len()
        )
    };
    let block = theme.pane(title, focused);
    let mut inner = block.inner(area);
    frame.render_widget(block, area);
    // Other reports of the same happening take the bottom (all of it when there are no claims).
    if !others.is_empty() {
        let wanted = super::same::height(&others);
        let height = if view.rows.is_empty() {
            inner.height
        } else {
            wanted.min(inner.height / 2)
        };
        let [top, bottom] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(height)]).areas(inner);
        super::same::draw(
            frame,
            app.dataset(),
            theme,
            &others,
            !view.rows.is_empty(),
            bottom,
        );
        if view.rows.is_empty() {
            return;
        }
        inner = top;
    }
    if view.rows.is_empty() {
        let text = "No claims by the sources shown.";
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.dim)
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    // The quote beside the table when there is room, under it otherwise.
    let [table_area, quote_area] = if inner.width >= 120 {
        Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(inner)
    } else {
        // The table as tall as its rows (at most two thirds), the quote below takes the rest.
        let table_height = (view.rows.len() as u16 + 1)
            .min(inner.height * 2 / 3)
            .max(2);
        Layout::vertical([Constraint::Length(table_height), Constraint::Min(3)]).areas(inner)
    };
    let beside = inner.width >= 120;
    draw_table(frame, app, theme, &view, table_area);
    draw_quote(
        frame,
        app.dataset(),
        theme,
        &view,
        focused,
        beside,
        quote_area,
    );
}

fn draw_table(frame: &mut Frame, app: &App, theme: &Theme, view: &CompareView<'_>, area: Rect) {
    let d = app.dataset();
    let focused = app.focus() == Focus::Compare;
    let mut header = vec![Cell::from("Subject"), Cell::from("")];
    for s in &view.sources {
        let n = d
            .sources
            .iter()
            .position(|x| x.id == s.id)
            .map_or(0, |i| i + 1);
        let grade = s.reliability.map_or("–", |r| r.name());
        header.push(Cell::from(format!("{n} {} [{grade}]", s.id)));
    }
    // Only the rows that fit, scrolled to keep the cursor's row in view.
    let fit = usize::from(area.height.saturating_sub(1)).max(1);
    let cursor_row = view.cursor.map_or(0, |(r, _)| r);
    let first = cursor_row.saturating_sub(fit - 1);
    let rows = view
        .rows
        .iter()
        .enumerate()
        .skip(first)
        .take(fit)
        .map(|(r, row)| {
            let mark_style = match row.standing {
                Standing::Contradicted => theme.conflict,
                Standing::Agreed => theme.agreed,
                Standing::SingleSource | Standing::Unresolved => theme.single,
            };
            let label_style = if row.related { theme.text } else { theme.dim };
            let mut cells = vec![
                Cell::from(Span::styled(row.subject.label.as_str(), label_style)),
                Cell::from(Span::styled(standing_mark(row.standing), mark_style)),
            ];
            for c in 0..view.sources.len() {
                let text = cell_text(&view.cell(r, c));
                let selected = focused && view.cursor == Some((r, c));
                cells.push(Cell::from(text).style(if selected {
                    theme.selected
                } else {
                    theme.text
                }));
            }
            Row::new(cells)
        });
    let mut widths = vec![Constraint::Fill(3), Constraint::Length(10)];
    widths.extend(view.sources.iter().map(|_| Constraint::Fill(2)));
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.header))
        .column_spacing(2);
    frame.render_widget(table, area);
}

/// The value as the source put it, and when it was said: "liberated · 17 Oct 2017".
fn cell_text(claims: &[&Claim]) -> String {
    match claims {
        [] => String::new(),
        [c] => format!("{} · {}", c.value.human(), c.stated.human()),
        [c, rest @ ..] => format!(
            "{} · {} (+{})",
            c.value.human(),
            c.stated.human(),
            rest.len()
        ),
    }
}

fn draw_quote(
    frame: &mut Frame,
    d: &Dataset,
    theme: &Theme,
    view: &CompareView<'_>,
    focused: bool,
    beside: bool,
    area: Rect,
) {
    let claims = view.selected_claims();
    let mut lines: Vec<Line> = Vec::new();
    if !focused {
        lines.push(Line::styled(
            "Tab, then the arrows: read who said what, in their words.",
            theme.dim,
        ));
    } else if claims.is_empty() {
        lines.push(Line::styled(
            "This source makes no claim on this subject.",
            theme.dim,
        ));
    }
    if focused {
        for c in &claims {
            lines.extend(claim_lines(d, theme, c));
        }
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::new()
                .borders(if beside { Borders::LEFT } else { Borders::TOP })
                .border_style(theme.border),
        ),
        area,
    );
}

/// A claim's words and who said them.
pub fn claim_lines<'a>(d: &'a Dataset, theme: &Theme, c: &'a Claim) -> Vec<Line<'a>> {
    let source = d.source(&c.source);
    let speaker = source
        .zip(c.speaker.as_deref())
        .and_then(|(s, id)| s.speaker(id))
        .map(|p| match &p.role {
            Some(role) => format!("{}, {role}", p.name),
            None => p.name.clone(),
        });
    let who = match (speaker, source) {
        (Some(p), Some(s)) => format!("{p} ({})", s.name),
        (None, Some(s)) => s.name.clone(),
        (_, None) => c.source.to_string(),
    };
    let grade = source
        .and_then(|s| s.reliability)
        .map_or("ungraded".to_string(), |r| format!("grade {r}"));
    let mut lines = Vec::new();
    if let Some(q) = c.quote() {
        lines.push(Line::from(vec![Span::styled(
            format!("“{q}”"),
            theme.header,
        )]));
    }
    if let Some(p) = c.paraphrase() {
        lines.push(Line::from(Span::styled(
            format!("Reported: {p}"),
            theme.text,
        )));
    }
    let via = c
        .via
        .as_deref()
        .map(|v| format!(", via {}", d.source(v).map_or(v, |s| s.name.as_str())))
        .unwrap_or_default();
    lines.push(Line::styled(
        format!("— {who}, {grade}{via}, {}", c.stated.human()),
        theme.dim,
    ));
    lines
}
