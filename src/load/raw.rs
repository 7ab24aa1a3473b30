//! The RON shape of a data file, as serde reads it, before validation.
//!
//! Structs deny unknown fields, so a misspelled field name is an error. Kinds and grades are
//! read as bare identifiers ([`Word`]) and checked afterwards, so that every misspelling in a
//! file is reported with a suggestion rather than the first one stopping the parse.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, EnumAccess, VariantAccess, Visitor};

// One data file, `Dataset(title, sources, subjects, events, claims)`, is read by
// `super::stream`, which converts each item as it is read.

#[derive(Debug, Deserialize)]
#[serde(rename = "Source", deny_unknown_fields)]
pub struct RawSource {
    pub id: String,
    pub name: String,
    pub kind: Word,
    #[serde(default)]
    pub speakers: Vec<RawSpeaker>,
    pub reliability: Option<Word>,
    pub url: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "Speaker", deny_unknown_fields)]
pub struct RawSpeaker {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "Subject", deny_unknown_fields)]
pub struct RawSubject {
    pub id: String,
    pub label: String,
    pub description: Option<String>,
}

/// An event's texts are borrowed from the file where they need no unescaping (most do not):
/// a million events made six million small strings only to copy and drop them.
#[derive(Debug, Deserialize)]
#[serde(rename = "Event", deny_unknown_fields)]
pub struct RawEvent<'a> {
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub when: Cow<'a, str>,
    pub kind: Word,
    #[serde(borrow)]
    pub title: Cow<'a, str>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub summary: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub place: Option<RawPlace<'a>>,
    #[serde(default, borrow)]
    pub actors: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub quantities: Vec<RawMeasure<'a>>,
    #[serde(default, borrow)]
    pub sources: Vec<RawAttribution<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "Place", deny_unknown_fields)]
pub struct RawPlace<'a> {
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub admin1: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub admin2: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub country: Option<Cow<'a, str>>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "Measure", deny_unknown_fields)]
pub struct RawMeasure<'a> {
    #[serde(borrow)]
    pub what: Cow<'a, str>,
    pub value: RawQuantity,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "Quantity", deny_unknown_fields)]
pub enum RawQuantity {
    Exact(f64),
    About(f64),
    AtLeast(f64),
    MoreThan(f64),
    AtMost(f64),
    LessThan(f64),
    Range {
        low: f64,
        high: f64,
        best: Option<f64>,
    },
    Vague(String),
}

#[derive(Debug, Deserialize)]
#[serde(rename = "Attribution", deny_unknown_fields)]
pub struct RawAttribution<'a> {
    #[serde(borrow)]
    pub source: Cow<'a, str>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub speaker: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub quote: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub paraphrase: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "borrowed_opt")]
    pub via: Option<Cow<'a, str>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "Claim", deny_unknown_fields)]
pub struct RawClaim {
    pub id: String,
    pub source: String,
    pub speaker: Option<String>,
    pub subject: String,
    pub stated: String,
    pub value: RawClaimValue,
    pub quote: Option<String>,
    pub paraphrase: Option<String>,
    pub via: Option<String>,
    pub credibility: Option<i64>,
    #[serde(default)]
    pub events: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "ClaimValue")]
pub enum RawClaimValue {
    Status(String),
    Count(RawQuantity),
    Percent(RawQuantity),
    Text(String),
}

/// An optional text, borrowed from the file where it needs no unescaping. serde borrows a
/// `Cow<str>` only when it is the field itself, not inside an `Option`: there it copied four
/// texts an event (a summary, a country, each source's words) only to copy them again.
fn borrowed_opt<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    d.deserialize_option(OptText)
}

/// Reads what [`borrowed_opt`] reads, as `Option<String>` would.
struct OptText;

impl<'de> Visitor<'de> for OptText {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_string(Text).map(Some)
    }
}

/// A text, borrowed when it can be, as `String` would read it otherwise.
struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(v) {
            Ok(s) => Ok(Cow::Owned(s.to_owned())),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
        match String::from_utf8(v) {
            Ok(s) => Ok(Cow::Owned(s)),
            Err(e) => Err(E::invalid_value(
                de::Unexpected::Bytes(&e.into_bytes()),
                &self,
            )),
        }
    }
}

/// A bare identifier such as `Airstrike` or `B`, checked against its list after parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word(pub String);

impl<'de> Deserialize<'de> for Word {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_enum("Word", &[], WordVisitor)
    }
}

struct WordVisitor;

impl<'de> Visitor<'de> for WordVisitor {
    type Value = Word;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a bare name such as `Airstrike`")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Word, A::Error> {
        let (name, variant) = data.variant::<Ident>()?;
        variant.unit_variant()?;
        Ok(Word(name.0))
    }
}

/// The identifier of an enum variant, whatever it is.
struct Ident(String);

impl<'de> Deserialize<'de> for Ident {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Ident;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an identifier")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Ident, E> {
                Ok(Ident(v.to_string()))
            }
        }
        d.deserialize_identifier(V)
    }
}

/// The RON options every data file is read with: `Some(…)` may be left out around optional
/// values.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}
