//! A dataset as RON text in the data format, which loads back to an equal dataset. Used to write
//! generated datasets (and, later, imported ones).

use std::fmt::Write as _;

use crate::model::quantity::number;
use crate::model::{
    Attribution, Claim, ClaimValue, Dataset, Event, Measure, Place, Quantity, Source, Subject,
};

/// The whole dataset as one RON file.
pub fn to_ron(d: &Dataset) -> String {
    let mut out = String::from("Dataset(\n");
    if let Some(title) = d.titles.first() {
        let _ = writeln!(out, "    title: {},", string(title));
    }
    list(&mut out, "sources", &d.sources, source);
    list(&mut out, "subjects", &d.subjects, subject);
    list(&mut out, "events", &d.events, event);
    list(&mut out, "claims", &d.claims, claim);
    out.push_str(")\n");
    out
}

fn list<T>(out: &mut String, name: &str, items: &[T], item: impl Fn(&mut Fields, &T)) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "    {name}: [");
    for x in items {
        let mut f = Fields::default();
        item(&mut f, x);
        let _ = writeln!(out, "        ({}),", f.0.join(", "));
    }
    out.push_str("    ],\n");
}

/// The fields of one struct, written `name: value`.
#[derive(Default)]
struct Fields(Vec<String>);

impl Fields {
    fn put(&mut self, name: &str, value: String) {
        self.0.push(format!("{name}: {value}"));
    }

    fn text(&mut self, name: &str, value: &str) {
        self.put(name, string(value));
    }

    fn opt(&mut self, name: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.text(name, v);
        }
    }

    fn strings<S: AsRef<str>>(&mut self, name: &str, values: &[S]) {
        if !values.is_empty() {
            let items: Vec<String> = values.iter().map(|v| string(v.as_ref())).collect();
            self.put(name, format!("[{}]", items.join(", ")));
        }
    }
}

fn source(f: &mut Fields, s: &Source) {
    f.text("id", &s.id);
    f.text("name", &s.name);
    f.put("kind", s.kind.name().to_string());
    if let Some(r) = s.reliability {
        f.put("reliability", r.name().to_string());
    }
    f.opt("url", s.url.as_deref());
    f.opt("description", s.description.as_deref());
    if !s.speakers.is_empty() {
        let speakers: Vec<String> = s
            .speakers
            .iter()
            .map(|p| {
                let mut g = Fields::default();
                g.text("id", &p.id);
                g.text("name", &p.name);
                g.opt("role", p.role.as_deref());
                format!("({})", g.0.join(", "))
            })
            .collect();
        f.put("speakers", format!("[{}]", speakers.join(", ")));
    }
}

fn subject(f: &mut Fields, s: &Subject) {
    f.text("id", &s.id);
    f.text("label", &s.label);
    f.opt("description", s.description.as_deref());
}

fn event(f: &mut Fields, e: &Event) {
    f.text("id", e.id());
    f.text("when", &e.when.text());
    f.put("kind", e.kind.name().to_string());
    f.text("title", e.title());
    f.opt("summary", e.summary());
    if let Some(p) = &e.place {
        f.put("place", place(p));
    }
    f.strings("actors", &e.actors);
    if !e.quantities.is_empty() {
        let items: Vec<String> = e.quantities.iter().map(measure).collect();
        f.put("quantities", format!("[{}]", items.join(", ")));
    }
    if !e.sources().is_empty() {
        let items: Vec<String> = e.sources().iter().map(|a| attribution(e, a)).collect();
        f.put("sources", format!("[{}]", items.join(", ")));
    }
}

fn place(p: &Place) -> String {
    let mut g = Fields::default();
    g.text("name", &p.name);
    g.opt("admin1", p.admin1.as_deref());
    g.opt("admin2", p.admin2.as_deref());
    g.opt("country", p.country.as_deref());
    if let Some((lat, lon)) = p.coordinates {
        g.put("lat", float(lat));
        g.put("lon", float(lon));
    }
    format!("({})", g.0.join(", "))
}

fn measure(m: &Measure) -> String {
    format!("(what: {}, value: {})", string(&m.what), quantity(&m.value))
}

fn attribution(e: &Event, a: &Attribution) -> String {
    let mut g = Fields::default();
    g.text("source", &a.source);
    g.opt("speaker", a.speaker.as_deref());
    g.opt("quote", e.quote(a));
    g.opt("paraphrase", e.paraphrase(a));
    g.opt("via", a.via.as_deref());
    format!("({})", g.0.join(", "))
}

fn claim(f: &mut Fields, c: &Claim) {
    f.text("id", c.id());
    f.text("source", &c.source);
    f.opt("speaker", c.speaker.as_deref());
    f.text("subject", &c.subject);
    f.text("stated", &c.stated.text());
    let value = match &c.value {
        ClaimValue::Status { value } => format!("Status({})", string(value)),
        ClaimValue::Text { value } => format!("Text({})", string(value)),
        ClaimValue::Count { value } => format!("Count({})", quantity(value)),
        ClaimValue::Percent { value } => format!("Percent({})", quantity(value)),
    };
    f.put("value", value);
    f.opt("quote", c.quote());
    f.opt("paraphrase", c.paraphrase());
    f.opt("via", c.via.as_deref());
    if let Some(n) = c.credibility {
        f.put("credibility", n.to_string());
    }
    f.strings("events", &c.events().collect::<Vec<_>>());
}

fn quantity(q: &Quantity) -> String {
    match q {
        Quantity::Exact { value } => format!("Exact({})", float(*value)),
        Quantity::About { value } => format!("About({})", float(*value)),
        Quantity::AtLeast { value } => format!("AtLeast({})", float(*value)),
        Quantity::MoreThan { value } => format!("MoreThan({})", float(*value)),
        Quantity::AtMost { value } => format!("AtMost({})", float(*value)),
        Quantity::LessThan { value } => format!("LessThan({})", float(*value)),
        Quantity::Range { low, high, best } => match best {
            Some(b) => format!(
                "Range(low: {}, high: {}, best: {})",
                float(*low),
                float(*high),
                float(*b)
            ),
            None => format!("Range(low: {}, high: {})", float(*low), float(*high)),
        },
        Quantity::Vague { word, .. } => format!("Vague({})", string(word)),
    }
}

/// A number RON reads back exactly: whole numbers plainly, others in full precision.
fn float(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        number(v)
    } else {
        format!("{v:?}")
    }
}

/// A RON string: quotes, backslashes and control characters escaped.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
