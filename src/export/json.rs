//! Machine formats: the briefing's events and claims as JSON, and as TimelineJS3 JSON so that a
//! briefing can become a web timeline.

use serde_json::{Value, json};

use crate::model::when::{Precision, Shape};
use crate::model::{Dataset, Event};
use crate::query::{Filter, Selection};

use super::escape::html;

/// The selection as JSON: title, filters, and the sources, subjects, events and claims it uses.
pub fn dataset(d: &Dataset, selection: &Selection<'_>, filter: &Filter) -> Value {
    let used_sources: std::collections::HashSet<&str> = selection
        .events
        .iter()
        .flat_map(|e| {
            e.sources()
                .iter()
                .flat_map(|a| std::iter::once(&*a.source).chain(a.via.as_deref()))
        })
        .chain(
            selection
                .claims
                .iter()
                .flat_map(|c| std::iter::once(&*c.source).chain(c.via.as_deref())),
        )
        .collect();
    let subjects: Vec<_> = d
        .subjects
        .iter()
        .filter(|s| selection.claims.iter().any(|c| *c.subject == *s.id))
        .collect();
    json!({
        "title": d.title(),
        "filters": filter.describe(),
        "sources": d.sources.iter().filter(|s| used_sources.contains(s.id.as_str())).collect::<Vec<_>>(),
        "subjects": subjects,
        "events": selection.events,
        "claims": selection.claims,
    })
}

/// The selection as a TimelineJS3 timeline.
pub fn timelinejs(d: &Dataset, selection: &Selection<'_>) -> Value {
    let events: Vec<Value> = selection
        .events
        .iter()
        .filter_map(|e| slide(d, e))
        .collect();
    json!({
        "title": {"text": {"headline": html(d.title()), "text": ""}},
        "events": events,
    })
}

fn slide(d: &Dataset, e: &Event) -> Option<Value> {
    // TimelineJS needs a start; an event with an open start begins at its end.
    let start = e.when.earliest().or(e.when.latest())?;
    let precision = match e.when.shape() {
        Shape::Point(p) => p.precision(),
        _ => Precision::Day,
    };
    let date = |day: chrono::NaiveDate| {
        use chrono::Datelike;
        match precision {
            Precision::Year => json!({"year": day.year()}),
            Precision::Month => json!({"year": day.year(), "month": day.month()}),
            Precision::Day => json!({"year": day.year(), "month": day.month(), "day": day.day()}),
        }
    };
    let mut text = String::new();
    if let Some(s) = &e.summary() {
        text.push_str(&format!("<p>{}</p>", html(s)));
    }
    let sources: Vec<String> = e
        .sources()
        .iter()
        .map(|a| {
            let name = d.source(&a.source).map_or(&*a.source, |s| s.name.as_str());
            match e.quote(a) {
                Some(q) => format!("{}: “{}”", html(name), html(q)),
                None => html(name),
            }
        })
        .collect();
    if !sources.is_empty() {
        text.push_str(&format!("<p>Sources: {}</p>", sources.join("; ")));
    }
    let mut slide = json!({
        "unique_id": e.id(),
        "start_date": date(start),
        "display_date": html(&e.when.human()),
        "group": e.kind.label(),
        "text": {"headline": html(e.title()), "text": text},
    });
    if precision == Precision::Day
        && let Some(end) = e.when.latest().filter(|&end| end != start)
    {
        slide["end_date"] = date(end);
    }
    Some(slide)
}
