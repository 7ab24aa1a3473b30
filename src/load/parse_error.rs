//! RON syntax and shape errors, said in the user's terms.

use ron::error::{Error, SpannedError};

use super::sanitize::shown;
use super::suggest::{did_you_mean, list};

/// The message and hint for a RON error; `at_end` when it is at the end of the file, where
/// whatever was expected, the cause is something left open.
pub fn describe(e: &SpannedError, at_end: bool) -> (String, Option<String>) {
    if at_end && !matches!(e.code, Error::TrailingCharacters) {
        return (
            "the file ends before every `(`, `[` and `\"` is closed".to_string(),
            Some("close what is open, in the reverse order it was opened".to_string()),
        );
    }
    let outer = |o: &Option<String>| o.as_deref().map_or("this value", noun).to_string();
    match &e.code {
        Error::NoSuchStructField {
            expected,
            found,
            outer: o,
        } => (
            format!(
                "unknown field `{}` in {}{}",
                shown(found, 40),
                outer(o),
                did_you_mean(found, expected.iter().copied())
            ),
            Some(format!("fields here are {}", list(expected))),
        ),
        Error::MissingStructField { field, outer: o } => (
            format!("{} is missing the field `{field}`", capitalise(&outer(o))),
            Some(format!("add `{field}: …` before the closing parenthesis")),
        ),
        Error::DuplicateStructField { field, outer: o } => (
            format!("the field `{field}` appears twice in {}", outer(o)),
            Some("keep one of them".to_string()),
        ),
        Error::NoSuchEnumVariant {
            expected,
            found,
            outer: o,
        } => {
            let what = match o.as_deref() {
                Some("Quantity") => "quantity".to_string(),
                Some("ClaimValue") => "claim value".to_string(),
                Some(other) => other.to_string(),
                None => "value".to_string(),
            };
            (
                format!(
                    "unknown {what} form `{}`{}",
                    shown(found, 40),
                    did_you_mean(found, expected.iter().copied())
                ),
                Some(format!("a {what} is one of {}", list(expected))),
            )
        }
        Error::ExpectedDifferentStructName { expected, found } => (
            format!(
                "expected `{expected}(…)` here, found `{}(…)`",
                shown(found, 40)
            ),
            Some(format!("write `{expected}(` or just `(`")),
        ),
        Error::ExpectedNamedStructLike(name) => (
            format!("expected `{name}(…)` or `(…)` here"),
            Some(if *name == "Dataset" {
                "a data file is one `Dataset(…)` holding `sources: […]`, `subjects: […]`, `events: […]` and `claims: […]`; see docs/data-format.md".to_string()
            } else {
                format!("a {name} is written `(field: value, …)`")
            }),
        ),
        Error::ExpectedIdentifier => (
            "expected a bare name here, such as `Airstrike`".to_string(),
            Some(
                "kinds and grades are written without quotes: `kind: Airstrike`, `reliability: B`"
                    .to_string(),
            ),
        ),
        Error::ExpectedString | Error::ExpectedStringEnd => (
            "expected text in double quotes here".to_string(),
            Some("write text as \"…\"; a `\"` inside is written `\\\"`".to_string()),
        ),
        Error::Eof => (
            "the file ends in the middle of a value".to_string(),
            Some("check that every `(`, `[` and `\"` is closed".to_string()),
        ),
        Error::ExpectedComma => (
            "expected a comma here".to_string(),
            Some("separate fields and list items with commas".to_string()),
        ),
        Error::ExceededRecursionLimit => (
            "the data is nested too deeply".to_string(),
            Some(
                "data files need only a few levels of nesting; check for runaway brackets"
                    .to_string(),
            ),
        ),
        Error::TrailingCharacters => (
            "unexpected text after the end of the dataset".to_string(),
            Some(
                "a file holds one `Dataset(…)`; remove what follows its closing parenthesis"
                    .to_string(),
            ),
        ),
        Error::ExpectedFloat | Error::ExpectedInteger => (
            "expected a number here".to_string(),
            Some("write numbers without quotes: `About(350)`".to_string()),
        ),
        Error::InvalidValueForType { expected, found } => (
            format!("expected {expected}, found {}", shown(found, 40)),
            None,
        ),
        other => (shown(&other.to_string(), 200), None),
    }
}

/// The struct names of `raw.rs` in words, with an article.
fn noun(name: &str) -> &str {
    match name {
        "Dataset" => "the dataset",
        "Source" => "a source",
        "Speaker" => "a speaker",
        "Subject" => "a subject",
        "Event" => "an event",
        "Place" => "a place",
        "Measure" => "a quantity entry",
        "Attribution" => "a source attribution",
        "Claim" => "a claim",
        "Range" => "a range",
        other => other,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
