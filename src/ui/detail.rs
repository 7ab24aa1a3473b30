//! The selected event in full: the date as written and as resolved, place, actors, quantities,
//! every reporting source with its words and grade, and the claims about it.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::App;
use crate::model::Event;

use super::compare::claim_lines;
use super::{Theme, popup};

/// Draws the detail over the panes, scrolled down `scroll` lines.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, scroll: u16) {
    let Some(event) = app.selected_event() else {
        return;
    };
    let inner = popup::open(frame, theme, "Event · Esc to close", 86, 86);
    frame.render_widget(
        Paragraph::new(lines(app, theme, event))
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}

fn field<'a>(theme: &Theme, name: &'a str, value: String) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{name:<11}"), theme.header),
        Span::raw(value),
    ])
}

fn lines<'a>(app: &'a App, theme: &Theme, e: &'a Event) -> Vec<Line<'a>> {
    let d = app.dataset();
    let mut out = vec![Line::styled(e.title(), theme.header), Line::raw("")];
    let mut qualities = Vec::new();
    if e.when.is_approximate() {
        qualities.push("approximate");
    }
    if e.when.is_uncertain() {
        qualities.push("uncertain");
    }
    let bounds = match (e.when.earliest(), e.when.latest()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (a, b) => format!(
            "{} to {}",
            a.map_or("open".to_string(), |d| d.to_string()),
            b.map_or("open".to_string(), |d| d.to_string())
        ),
    };
    let q = if qualities.is_empty() {
        String::new()
    } else {
        format!(", {}", qualities.join(" and "))
    };
    out.push(field(
        theme,
        "When",
        format!(
            "{} (written {}; {bounds}{q})",
            e.when.human(),
            e.when.text()
        ),
    ));
    let acled = e
        .kind
        .acled()
        .map_or(String::new(), |(t, s)| format!(" (ACLED: {t} / {s})"));
    out.push(field(theme, "Kind", format!("{}{acled}", e.kind.label())));
    if let Some(p) = &e.place {
        let mut parts = vec![p.name.clone()];
        parts.extend(p.admin2.clone());
        parts.extend(p.admin1.clone());
        parts.extend(p.country.clone());
        let coords = p
            .coordinates
            .map_or(String::new(), |(lat, lon)| format!(" ({lat:.4}, {lon:.4})"));
        out.push(field(
            theme,
            "Place",
            format!("{}{coords}", parts.join(", ")),
        ));
    }
    if !e.actors.is_empty() {
        out.push(field(theme, "Actors", e.actors.join("; ")));
    }
    for m in &e.quantities {
        let approx = if m.value.is_approximate() {
            " (approximate)"
        } else {
            ""
        };
        out.push(field(
            theme,
            "Count",
            format!("{}: {}{approx}", m.what, m.value),
        ));
    }
    if let Some(s) = &e.summary() {
        out.push(Line::raw(""));
        out.extend(s.lines().map(Line::raw));
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Reported by", theme.header));
    for a in e.sources() {
        let source = d.source(&a.source);
        let name = source.map_or(&*a.source, |s| s.name.as_str());
        let grade = source
            .and_then(|s| s.reliability)
            .map_or("ungraded".to_string(), |r| {
                format!("grade {r}: {}", r.label())
            });
        let speaker = source
            .zip(a.speaker.as_deref())
            .and_then(|(s, id)| s.speaker(id))
            .map(|p| match &p.role {
                Some(role) => format!(" — {}, {role}", p.name),
                None => format!(" — {}", p.name),
            })
            .unwrap_or_default();
        let via = a
            .via
            .as_deref()
            .map(|v| format!(", via {}", d.source(v).map_or(v, |s| s.name.as_str())))
            .unwrap_or_default();
        out.push(Line::from(vec![
            Span::styled("• ", theme.key),
            Span::raw(format!("{name} [{grade}]{speaker}{via}")),
        ]));
        if let Some(q) = e.quote(a) {
            out.push(Line::styled(format!("  “{q}”"), theme.header));
        }
        if let Some(p) = e.paraphrase(a) {
            out.push(Line::raw(format!("  Reported: {p}")));
        }
    }
    let claims: Vec<_> = app.claims_about(e.id()).collect();
    if !claims.is_empty() {
        out.push(Line::raw(""));
        out.push(Line::styled("Claims about it", theme.header));
        for c in claims {
            let subject = d
                .subject(&c.subject)
                .map_or(&*c.subject, |s| s.label.as_str());
            out.push(Line::from(vec![
                Span::styled("• ", theme.key),
                Span::raw(format!("{subject}: {}", c.value.human())),
            ]));
            out.extend(claim_lines(d, theme, c).into_iter().map(|l| {
                let mut spans = vec![Span::raw("  ")];
                spans.extend(l.spans);
                Line::from(spans)
            }));
        }
    }
    out
}
