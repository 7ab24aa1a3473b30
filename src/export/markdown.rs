//! The Markdown briefing: what happened, when, who says so, and where the sources disagree.
//! Deterministic: the same data and filters give the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{Attribution, Claim, Dataset, Event, Source};
use crate::query::compare::SubjectRow;
use crate::query::same::{OtherReport, PlaceMatch, SameIndex, recorded_by};
use crate::query::{Filter, Selection, Standing, subject_rows_where};

use super::escape::{inline, quote_block};

/// Renders the briefing for `selection` of `dataset`, made with `filter`; `marked` says the
/// events were picked by hand in the viewer.
pub fn briefing(
    dataset: &Dataset,
    selection: &Selection<'_>,
    filter: &Filter,
    marked: bool,
) -> String {
    let mut out = String::new();
    let mut cites = Citations::default();
    let _ = writeln!(out, "# Briefing: {}\n", inline(dataset.title()));
    let _ = writeln!(out, "- **Period covered:** {}", period(selection, filter));
    let filters = filter.describe();
    let _ = writeln!(
        out,
        "- **Filters:** {}",
        if filters.is_empty() {
            "none".to_string()
        } else {
            inline(&filters.join("; "))
        }
    );
    let _ = writeln!(
        out,
        "- **Events:** {} of {}{}",
        selection.events.len(),
        dataset.events.len(),
        if marked { ", marked by hand" } else { "" }
    );
    let _ = writeln!(out, "- **Claims:** {}\n", selection.claims.len());

    out.push_str("## Timeline\n\n");
    if selection.events.is_empty() {
        out.push_str("No event.\n");
    }
    for e in &selection.events {
        timeline_entry(&mut out, dataset, e, &mut cites);
    }

    let rows = subject_rows(dataset, &selection.claims);
    let pairs = same_happenings(dataset, selection);
    out.push_str("\n## Where sources disagree\n\n");
    let contradicted: Vec<&SubjectRow<'_>> = rows
        .iter()
        .filter(|r| r.standing == Standing::Contradicted)
        .collect();
    if contradicted.is_empty() && !pairs.iter().any(|(_, o)| o.disagrees()) {
        out.push_str("No contradiction among the claims in this briefing.\n");
    }
    for (ours, other) in pairs.iter().filter(|(_, o)| o.disagrees()) {
        same_happening_entry(&mut out, dataset, ours, other);
    }
    for row in contradicted {
        let _ = writeln!(out, "### {}\n", inline(&row.subject.label));
        for c in &row.claims {
            claim_entry(&mut out, dataset, c, "");
        }
        out.push('\n');
        let mut said = std::collections::BTreeSet::new();
        for (a, b) in row.contradictions() {
            let line = format!(
                "Cannot both be true: {} ({}) and {} ({}).",
                inline(&a.value.human()),
                inline(&source_name(dataset, &a.source)),
                inline(&b.value.human()),
                inline(&source_name(dataset, &b.source)),
            );
            if said.insert(line.clone()) {
                let _ = writeln!(out, "{line}\n");
            }
        }
    }

    let single: Vec<&SubjectRow<'_>> = rows
        .iter()
        .filter(|r| r.standing == Standing::SingleSource)
        .collect();
    if !single.is_empty() {
        out.push_str("\n## Unconfirmed: claimed by one source only\n\n");
        for row in single {
            let _ = writeln!(out, "### {}\n", inline(&row.subject.label));
            for c in &row.claims {
                claim_entry(&mut out, dataset, c, " — *unconfirmed*");
            }
            out.push('\n');
        }
    }

    let other: Vec<&SubjectRow<'_>> = rows
        .iter()
        .filter(|r| matches!(r.standing, Standing::Agreed | Standing::Unresolved))
        .collect();
    if !other.is_empty() {
        out.push_str("\n## Where sources agree, or cannot be compared\n\n");
        for row in other {
            let how = if row.standing == Standing::Agreed {
                "agree"
            } else {
                "not comparable"
            };
            let _ = writeln!(out, "### {} ({how})\n", inline(&row.subject.label));
            for c in &row.claims {
                claim_entry(&mut out, dataset, c, "");
            }
            out.push('\n');
        }
    }

    let agreeing: Vec<_> = pairs.iter().filter(|(_, o)| !o.disagrees()).collect();
    if !agreeing.is_empty() {
        out.push_str("\n## Also reported by other sources\n\n");
        for (ours, other) in agreeing {
            same_happening_entry(&mut out, dataset, ours, other);
        }
    }

    out.push_str("\n## Sources\n\n");
    let others: Vec<&Event> = pairs.iter().map(|(_, o)| o.event).collect();
    for s in sources_used(dataset, selection, &others) {
        source_entry(&mut out, s);
    }

    out.push_str("\n## Citations\n\n");
    if cites.list.is_empty() {
        out.push_str("None.\n");
    }
    for (n, text) in cites.list.iter().enumerate() {
        let _ = writeln!(out, "{}. {text}", n + 1);
    }
    // One blank line between blocks, however the sections ended.
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out
}

/// The citations the timeline refers to, numbered in order of first use.
#[derive(Default)]
struct Citations {
    list: Vec<String>,
    seen: BTreeMap<String, usize>,
}

impl Citations {
    fn cite(&mut self, text: String) -> usize {
        if let Some(&n) = self.seen.get(&text) {
            return n;
        }
        self.list.push(text.clone());
        self.seen.insert(text, self.list.len());
        self.list.len()
    }
}

fn period(selection: &Selection<'_>, filter: &Filter) -> String {
    let earliest = selection
        .events
        .iter()
        .filter_map(|e| e.when.earliest())
        .min();
    let latest = selection
        .events
        .iter()
        .filter_map(|e| e.when.latest())
        .max();
    let from = filter.from.or(earliest);
    let to = filter.to.or(latest);
    match (from, to) {
        (Some(a), Some(b)) => format!("{} to {}", a.format("%-d %b %Y"), b.format("%-d %b %Y")),
        _ => "no dated event".to_string(),
    }
}

fn timeline_entry(out: &mut String, d: &Dataset, e: &Event, cites: &mut Citations) {
    let mut marks = Vec::new();
    if e.when.is_approximate() {
        marks.push("approximate");
    }
    if e.when.is_uncertain() {
        marks.push("uncertain");
    }
    let date = if marks.is_empty() {
        inline(&e.when.human())
    } else {
        format!("{} ({})", inline(&e.when.human()), marks.join(", "))
    };
    let refs: Vec<String> = e
        .sources
        .iter()
        .map(|a| format!("\\[{}\\]", cites.cite(citation(d, a))))
        .collect();
    let place = e
        .place
        .as_ref()
        .map_or(String::new(), |p| format!(" — {}", inline(&p.name)));
    let _ = writeln!(
        out,
        "- **{date}** — *{}* — {}{place} {}",
        e.kind.label(),
        inline(&e.title),
        refs.join("")
    );
    for m in &e.quantities {
        let approx = if m.value.is_approximate() {
            " (approximate)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  - {}: {}{approx}",
            inline(&m.what),
            inline(&m.value.to_string())
        );
    }
}

/// "Col. Ryan Dillon, coalition spokesman (U.S.-led coalition…, not graded), via …: “quote”".
fn citation(d: &Dataset, a: &Attribution) -> String {
    let mut text = who(d, &a.source, a.speaker.as_deref());
    if let Some(via) = &a.via {
        let _ = write!(text, ", via {}", inline(&source_name(d, via)));
    }
    match (&a.quote, &a.paraphrase) {
        (Some(q), Some(p)) => {
            let _ = write!(text, ": “{}” (reported: {})", inline(q), inline(p));
        }
        (Some(q), None) => {
            let _ = write!(text, ": “{}”", inline(q));
        }
        (None, Some(p)) => {
            let _ = write!(text, ", as reported: {}", inline(p));
        }
        (None, None) => {}
    }
    text
}

/// A claim as a list item: who, when, the value (bold), then its words and channel.
fn claim_entry(out: &mut String, d: &Dataset, c: &Claim, flag: &str) {
    let credibility = c
        .credibility
        .and_then(|n| {
            crate::model::claim::credibility_label(n).map(|l| format!(", credibility {n} ({l})"))
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "- {}, {}: **{}**{credibility}{flag}",
        who(d, &c.source, c.speaker.as_deref()),
        inline(&c.stated.human()),
        inline(&c.value.human()),
    );
    if let Some(q) = &c.quote {
        let _ = writeln!(out, "\n{}\n", quote_block(&format!("“{q}”"), "  "));
    }
    if let Some(p) = &c.paraphrase {
        let _ = writeln!(out, "  - Reported: {}", inline(p));
    }
    if let Some(via) = &c.via {
        let _ = writeln!(out, "  - Via: {}", inline(&source_name(d, via)));
    }
}

/// The speaker (if any) and the source with its grade, escaped.
fn who(d: &Dataset, source: &str, speaker: Option<&str>) -> String {
    let s = d.source(source);
    let grade = s
        .and_then(|s| s.reliability)
        .map_or("not graded".to_string(), |r| format!("grade {r}"));
    let name = inline(&source_name(d, source));
    match s.zip(speaker).and_then(|(s, id)| s.speaker(id)) {
        Some(p) => {
            let role = p
                .role
                .as_deref()
                .map_or(String::new(), |r| format!(", {}", inline(r)));
            format!("{}{role} ({name}, {grade})", inline(&p.name))
        }
        None => format!("{name} ({grade})"),
    }
}

fn source_name(d: &Dataset, id: &str) -> String {
    d.source(id)
        .map_or_else(|| id.to_string(), |s| s.name.clone())
}

fn source_entry(out: &mut String, s: &Source) {
    let grade = s.reliability.map_or("not graded".to_string(), |r| {
        format!("grade {r}, {}", r.label())
    });
    let _ = write!(
        out,
        "- **{}** (`{}`) — {}; {grade}",
        inline(&s.name),
        s.id,
        s.kind.label()
    );
    if !s.speakers.is_empty() {
        let speakers: Vec<String> = s
            .speakers
            .iter()
            .map(|p| match &p.role {
                Some(r) => format!("{}, {}", inline(&p.name), inline(r)),
                None => inline(&p.name),
            })
            .collect();
        let _ = write!(out, "; speakers: {}", speakers.join("; "));
    }
    out.push('\n');
}

/// The subjects of these claims, in dataset order, with their standing among these claims.
fn subject_rows<'a>(d: &'a Dataset, claims: &[&'a Claim]) -> Vec<SubjectRow<'a>> {
    let ids: std::collections::HashSet<&str> = claims.iter().map(|c| c.id.as_str()).collect();
    subject_rows_where(d, |c| ids.contains(c.id.as_str()))
        .into_iter()
        .filter(|r| !r.claims.is_empty())
        .collect()
}

/// Each pair of reports of the same happening with at least one event in the briefing, once, in
/// the order of the briefing's events (see [`crate::query::same`]).
fn same_happenings<'a>(
    d: &'a Dataset,
    selection: &Selection<'a>,
) -> Vec<(&'a Event, OtherReport<'a>)> {
    let index = SameIndex::new(d);
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for &e in &selection.events {
        let Some(i) = d.position(e) else { continue };
        for other in index.first_reports(d, i, crate::query::same::MAX_REPORTS) {
            if seen.insert((i.min(other.index), i.max(other.index))) {
                out.push((e, other));
            }
        }
    }
    out
}

/// Two reports of one happening: each side's date, sources and figures; disagreements said.
fn same_happening_entry(out: &mut String, d: &Dataset, ours: &Event, other: &OtherReport<'_>) {
    let theirs = other.event;
    let _ = writeln!(
        out,
        "### {} / {}\n",
        inline(&ours.title),
        inline(&theirs.title)
    );
    let where_ = match &other.place {
        PlaceMatch::Near(km) => format!("places {km:.1} km apart"),
        PlaceMatch::Named(a, b) => format!("places named “{}” and “{}”", inline(a), inline(b)),
    };
    let _ = writeln!(
        out,
        "Dates overlap, kinds correspond ({} / {}), {where_}.\n",
        ours.kind.label(),
        theirs.kind.label()
    );
    for e in [ours, theirs] {
        let by = inline(&recorded_by(d, e));
        let figures: Vec<String> = e
            .quantities
            .iter()
            .map(|m| format!("{}: {}", inline(&m.what), inline(&m.value.to_string())))
            .collect();
        let _ = writeln!(
            out,
            "- **{}** — {} (`{}`){}",
            inline(&e.when.human()),
            by,
            inline(&e.id),
            if figures.is_empty() {
                String::new()
            } else {
                format!(" — {}", figures.join("; "))
            }
        );
    }
    out.push('\n');
    for p in other.pairs.iter().filter(|p| !p.agree) {
        let _ = writeln!(
            out,
            "Cannot both be true: {} {} and {} {}.\n",
            inline(p.what),
            inline(&p.ours.value.to_string()),
            inline(&p.theirs.what),
            inline(&p.theirs.value.to_string()),
        );
    }
}

/// The sources that report an event or make a claim in the briefing (or report one of the
/// `others` set beside its events), in dataset order.
fn sources_used<'a>(
    d: &'a Dataset,
    selection: &Selection<'_>,
    others: &[&Event],
) -> Vec<&'a Source> {
    let mut used: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for e in selection.events.iter().chain(others) {
        for a in &e.sources {
            used.insert(&a.source);
            used.extend(a.via.as_deref());
        }
    }
    for c in &selection.claims {
        used.insert(&c.source);
        used.extend(c.via.as_deref());
    }
    d.sources
        .iter()
        .filter(|s| used.contains(s.id.as_str()))
        .collect()
}
