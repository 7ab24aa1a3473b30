//! Every RON example in docs/data-format.md loads, all together, without a single diagnostic:
//! the format reference cannot drift from what fogline accepts.

use fogline::load::{Input, load_inputs};

#[test]
fn the_data_format_examples_load_cleanly() {
    let doc = include_str!("../docs/data-format.md");
    let mut inputs = Vec::new();
    let mut rest = doc;
    while let Some(start) = rest.find("```ron\n") {
        let body = &rest[start + 7..];
        let end = body.find("```").unwrap_or(body.len());
        inputs.push(Input {
            name: format!("docs/data-format.md#example-{}", inputs.len() + 1),
            text: body[..end].to_string(),
        });
        rest = &body[end..];
    }
    assert!(inputs.len() >= 6, "only {} examples found", inputs.len());
    let loaded = load_inputs(inputs, Vec::new());
    let problems: Vec<String> = loaded.diagnostics.iter().map(|d| d.one_line()).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let d = &loaded.dataset;
    assert_eq!(d.sources.len(), 6);
    assert!(d.events.len() >= 15);
    assert_eq!(d.claims.len(), 6);
}

#[test]
fn the_dates_table_says_what_fogline_does() {
    let doc = include_str!("../docs/data-format.md");
    let section = doc
        .split("## Dates")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or("");
    let mut rows = 0;
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (text, shown, bounds) = (
            cells[1].trim_matches('`'),
            cells[3].trim_matches('`'),
            cells[4],
        );
        let w = fogline::model::When::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(w.human(), shown, "{text}");
        let show = |d: Option<chrono::NaiveDate>, missing: &str| {
            d.map_or_else(|| missing.to_string(), |d| d.to_string())
        };
        let (lo, hi) = match bounds.split_once(" – ") {
            Some((lo, hi)) => (lo.to_string(), hi.to_string()),
            None => (bounds.to_string(), bounds.to_string()),
        };
        let missing = |s: &str| {
            if s.starts_with('(') {
                s.to_string()
            } else {
                "none".to_string()
            }
        };
        assert_eq!(show(w.earliest(), &missing(&lo)), lo, "{text} earliest");
        assert_eq!(show(w.latest(), &missing(&hi)), hi, "{text} latest");
        rows += 1;
    }
    assert_eq!(rows, 14);
}
