//! `fogline brief`: the briefing of the bundled dataset, filters, escaping, formats, and files
//! written safely.

mod common;

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};

use common::{fogline_in as fogline, stderr, stdout, temp};

fn here() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_bundled_briefing() {
    let o = fogline(here(), &["brief"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    insta::assert_snapshot!(md);
    // The SDF / coalition contradiction, with both sides' words.
    let disagree = md
        .split("## Where sources disagree")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or("");
    for want in [
        "### Control of Raqqa",
        "“the situation in Raqqa is under control”",
        "“on the verge”",
        "Talal Salo, SDF spokesman",
        "Col. Ryan Dillon, coalition spokesman",
        "Cannot both be true: liberated (Syrian Democratic Forces (SDF)) and not yet liberated",
        "### Share of Raqqa under SDF control",
        "**more than 90%**",
    ] {
        assert!(disagree.contains(want), "missing {want:?} in:\n{disagree}");
    }
    // The ~350 surrenders, marked as approximate.
    assert!(md.contains("ISIS militants surrendered: about 350 (approximate)"));
    assert!(md.contains("## Unconfirmed: claimed by one source only"));
    assert!(md.contains("**about 350** — *unconfirmed*"));
    // Deterministic: the same bytes every time.
    assert_eq!(fogline(here(), &["brief"]).stdout, o.stdout);
}

#[test]
fn a_briefing_filtered_to_one_source_holds_no_claim_of_another() {
    for source in ["sdf", "coalition", "report"] {
        let o = fogline(here(), &["brief", "--source", source, "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
        let claims = v["claims"].as_array().cloned().unwrap_or_default();
        assert!(!claims.is_empty(), "{source}: no claims");
        assert!(
            claims.iter().all(|c| c["source"] == source),
            "{source}: {claims:#?}"
        );
        let events = v["events"].as_array().cloned().unwrap_or_default();
        assert!(events.iter().all(|e| {
            e["sources"]
                .as_array()
                .is_some_and(|a| a.iter().any(|a| a["source"] == source))
        }));
    }
    let md = stdout(&fogline(here(), &["brief", "--source", "sdf"]));
    assert!(!md.contains("Dillon"), "{md}");
    assert!(md.contains("- **Filters:** sources: sdf"));
    assert!(md.contains("No contradiction among the claims in this briefing."));
}

#[test]
fn timelinejs_output() {
    let o = fogline(
        here(),
        &[
            "brief",
            "--format",
            "timelinejs",
            "--kind",
            "pause",
            "--kind",
            "change-of-control",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    let events = v["events"].as_array().cloned().unwrap_or_default();
    assert_eq!(events.len(), 2);
    // A year-precision date stays a year; a three-day range has a start and an end day.
    assert_eq!(events[0]["start_date"], serde_json::json!({"year": 2014}));
    assert!(events[0].get("end_date").is_none());
    assert_eq!(
        events[1]["start_date"],
        serde_json::json!({"year": 2017, "month": 10, "day": 15})
    );
    assert_eq!(
        events[1]["end_date"],
        serde_json::json!({"year": 2017, "month": 10, "day": 17})
    );
    assert_eq!(events[1]["display_date"], "3 days to 17 Oct 2017");
}

const HOSTILE: &str = r###"Dataset(
    title: "Raqqa | *bold* # not a heading `code` <script>alert(1)</script>",
    sources: [(id: "s", name: "A [link](http://x) source_with_underscores", kind: Media)],
    subjects: [(id: "x", label: "## Subject <b>html</b>")],
    events: [
        (id: "e", when: "2017-10-16", kind: Pause, title: "Title | with | pipes *and* **stars** and # hash\nand a line break", sources: [(source: "s", quote: "- a list?\n1. numbered\n# heading\n<img src=x onerror=alert(1)>")]),
    ],
    claims: [
        (id: "c", source: "s", subject: "x", stated: "2017", value: Status("`tick` | > quote"), quote: "> nested\n---"),
    ],
)"###;

#[test]
fn hostile_text_cannot_break_the_markdown() {
    let dir = temp();
    std::fs::write(dir.path().join("hostile.ron"), HOSTILE).unwrap_or_else(|e| panic!("{e}"));
    let o = fogline(dir.path(), &["brief", "hostile.ron"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    let mut headings = Vec::new();
    let mut in_heading = None;
    let mut text = String::new();
    for event in Parser::new(&md) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML got through: {h:?}\n{md}"),
            Event::Start(Tag::Heading { level, .. }) => in_heading = Some((level, String::new())),
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => headings.extend(in_heading.take()),
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::Table(_)) => {
                panic!("the data made a link, image or table:\n{md}")
            }
            // The one code span is ours: the source's id, which ids' syntax keeps plain.
            Event::Code(c) if &*c == "s" => {}
            Event::Code(c) => panic!("the data made code: {c:?}\n{md}"),
            Event::Text(t) => {
                if let Some((_, h)) = in_heading.as_mut() {
                    h.push_str(&t);
                }
                text.push_str(&t);
            }
            _ => {}
        }
    }
    let levels: Vec<(HeadingLevel, String)> = headings;
    let h1: Vec<&String> = levels
        .iter()
        .filter(|(l, _)| *l == HeadingLevel::H1)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(h1.len(), 1, "{levels:#?}");
    assert_eq!(
        h1[0],
        "Briefing: Raqqa | *bold* # not a heading `code` <script>alert(1)</script>"
    );
    assert!(
        levels
            .iter()
            .any(|(l, t)| *l == HeadingLevel::H3 && t == "## Subject <b>html</b>")
    );
    assert!(
        text.contains("Title | with | pipes *and* **stars** and # hash and a line break"),
        "{text}"
    );
    assert!(
        text.contains("A [link](http://x) source_with_underscores"),
        "{text}"
    );
    assert!(text.contains("<img src=x onerror=alert(1)>"));
}

#[test]
fn output_files_are_never_overwritten_silently() {
    let dir = temp();
    let out = dir.path().join("briefing.md");
    std::fs::write(&out, "my notes").unwrap_or_else(|e| panic!("{e}"));
    let o = fogline(dir.path(), &["brief", "-o", "briefing.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("already exists; it was left as it is"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out).ok().as_deref(),
        Some("my notes")
    );
    let o = fogline(dir.path(), &["brief", "-o", "briefing.md", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("wrote briefing.md (10 events, 14 claims)"));
    let written = std::fs::read_to_string(&out).unwrap_or_default();
    assert_eq!(written, stdout(&fogline(here(), &["brief"])));
    // A new file, in a subdirectory; no temporary file is left behind.
    std::fs::create_dir(dir.path().join("sub")).unwrap_or_else(|e| panic!("{e}"));
    let o = fogline(dir.path(), &["brief", "-o", "sub/b.md", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(dir.path().join("sub"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["b.md"]);
    let top: Vec<String> = std::fs::read_dir(dir.path())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(top.is_empty(), "temporary files left: {top:?}");
}

#[test]
fn failed_writes_are_reported() {
    let dir = temp();
    let o = fogline(dir.path(), &["brief", "-o", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is a directory"), "{}", stderr(&o));
    let o = fogline(dir.path(), &["brief", "-o", "no/such/dir/b.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
    assert!(!dir.path().join("no").exists());
    let o = fogline(dir.path(), &["brief", "--force"]);
    assert_eq!(o.status.code(), Some(2), "--force needs -o");
}
