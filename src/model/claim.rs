//! Claims: what one source asserted about a subject, and whether two claims can both be true.

use serde::Serialize;

use super::claim_text::{ClaimBlock, ClaimText, EventIds};
use super::event::TooLong;
use super::intern::Name;
use super::quantity::{Interval, Quantity};
use super::when::When;

/// Something sources make claims about: "Control of Raqqa", "ISIS fighters remaining in Raqqa".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Subject {
    /// Unique id, referred to from claims.
    pub id: String,
    /// For people.
    pub label: String,
    /// What exactly is meant, where the label leaves doubt.
    pub description: Option<String>,
}

/// The value a claim asserts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClaimValue {
    /// A state from a set of alternatives: "liberated", "not yet liberated". Two statuses
    /// contradict when they differ (compared ignoring case).
    Status {
        /// The state.
        value: String,
    },
    /// A count, perhaps approximate.
    Count {
        /// How many.
        value: Quantity,
    },
    /// A percentage, perhaps approximate.
    Percent {
        /// What percentage.
        value: Quantity,
    },
    /// Free text: shown, never compared.
    Text {
        /// The text.
        value: String,
    },
}

/// How two claims on the same subject relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// Both can be true.
    Consistent,
    /// They cannot both be true.
    Contradicts,
    /// They cannot be compared (free text, or values of different types).
    Incomparable,
}

impl ClaimValue {
    /// The interval of values a numeric claim admits.
    ///
    /// Percentages lie in 0–100. "More than N percent" also excludes 100: a speaker who held that
    /// all of it was so would have said "all" (a scalar implicature), which is why "more than 90
    /// percent" contradicts "full control".
    pub fn interval(&self) -> Option<Interval> {
        match self {
            ClaimValue::Count { value } => Some(value.interval()),
            ClaimValue::Percent { value } => {
                let mut i = value.interval().clamp(0.0, 100.0);
                if matches!(value, Quantity::MoreThan { .. }) && i.high == 100.0 && i.low < 100.0 {
                    i.high_open = true;
                }
                Some(i)
            }
            ClaimValue::Status { .. } | ClaimValue::Text { .. } => None,
        }
    }

    /// Whether this value and `other` can both be true.
    pub fn agreement(&self, other: &ClaimValue) -> Agreement {
        self.comparable().agreement(&other.comparable())
    }

    /// What is compared of it, worked out once: to compare one value with many.
    pub fn comparable(&self) -> Comparable {
        match self {
            ClaimValue::Status { value } => Comparable::Status(value.trim().to_lowercase()),
            ClaimValue::Count { .. } => Comparable::Count(self.interval()),
            ClaimValue::Percent { .. } => Comparable::Percent(self.interval()),
            ClaimValue::Text { .. } => Comparable::Text,
        }
    }

    /// The value for people: "liberated", "about 100", "more than 90%".
    pub fn human(&self) -> String {
        match self {
            ClaimValue::Status { value } | ClaimValue::Text { value } => value.clone(),
            ClaimValue::Count { value } => value.to_string(),
            ClaimValue::Percent { value } => value.human_with("%"),
        }
    }
}

/// What [`ClaimValue::agreement`] compares of a value: a status in lowercase, without the
/// spaces around it; a count's or a percentage's interval.
#[derive(Debug, Clone, PartialEq)]
pub enum Comparable {
    /// A status, trimmed and lowercased.
    Status(String),
    /// A count's interval.
    Count(Option<Interval>),
    /// A percentage's interval.
    Percent(Option<Interval>),
    /// Free text, which compares with nothing.
    Text,
}

impl Comparable {
    /// Whether two values can both be true (see [`ClaimValue::agreement`]).
    pub fn agreement(&self, other: &Comparable) -> Agreement {
        match (self, other) {
            (Comparable::Status(a), Comparable::Status(b)) => {
                if a == b {
                    Agreement::Consistent
                } else {
                    Agreement::Contradicts
                }
            }
            (Comparable::Count(a), Comparable::Count(b))
            | (Comparable::Percent(a), Comparable::Percent(b)) => match (a, b) {
                (Some(a), Some(b)) if a.overlaps(b) => Agreement::Consistent,
                (Some(_), Some(_)) => Agreement::Contradicts,
                _ => Agreement::Incomparable,
            },
            _ => Agreement::Incomparable,
        }
    }
}

/// What one source asserted about a subject, when, in what words.
///
/// Its texts — id, quote, paraphrase and the ids of its events — are kept end to end, in a block
/// shared with the claims made with it (see [`ClaimBlock`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub(super) text: ClaimText,
    /// The source that asserts it.
    pub source: Name,
    /// The speaker's id within that source, when a person is named.
    pub speaker: Option<Name>,
    /// The subject id.
    pub subject: Name,
    /// When it was said.
    pub stated: When,
    /// What it asserts.
    pub value: ClaimValue,
    /// The source through which the claim reached us.
    pub via: Option<Name>,
    /// Admiralty credibility of the information, 1 (confirmed) to 6 (cannot be judged).
    pub credibility: Option<u8>,
}

/// What a claim is made of (see [`Claim::new`]). Its texts are `String`s, or any text.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimParts<S = String> {
    /// Unique id.
    pub id: S,
    /// The source that asserts it.
    pub source: Name,
    /// The speaker's id within that source, when a person is named.
    pub speaker: Option<Name>,
    /// The subject id.
    pub subject: Name,
    /// When it was said.
    pub stated: When,
    /// What it asserts.
    pub value: ClaimValue,
    /// The source's own words, verbatim.
    pub quote: Option<S>,
    /// The reporting text's words about what the source said, verbatim.
    pub paraphrase: Option<S>,
    /// The source through which the claim reached us.
    pub via: Option<Name>,
    /// Admiralty credibility of the information, 1 (confirmed) to 6 (cannot be judged).
    pub credibility: Option<u8>,
    /// Ids of the events the claim concerns.
    pub events: Vec<S>,
}

impl Claim {
    /// Makes a claim of its parts. Refused when its texts are longer than 4 GiB together.
    pub fn new<S: AsRef<str>>(parts: ClaimParts<S>) -> Result<Claim, TooLong> {
        let mut block = ClaimBlock::with_capacity(1);
        block.add(parts)?;
        block.finish().pop().ok_or(TooLong::Texts)
    }

    /// Unique id.
    pub fn id(&self) -> &str {
        self.text.id()
    }

    /// The source's own words, verbatim.
    pub fn quote(&self) -> Option<&str> {
        self.text.quote()
    }

    /// The reporting text's words about what the source said, verbatim.
    pub fn paraphrase(&self) -> Option<&str> {
        self.text.paraphrase()
    }

    /// Ids of the events the claim concerns, in order.
    pub fn events(&self) -> EventIds<'_> {
        self.text.events()
    }

    /// Its parts, to make another claim from.
    pub fn parts(&self) -> ClaimParts {
        ClaimParts {
            id: self.id().to_string(),
            source: self.source.clone(),
            speaker: self.speaker.clone(),
            subject: self.subject.clone(),
            stated: self.stated.clone(),
            value: self.value.clone(),
            quote: self.quote().map(str::to_string),
            paraphrase: self.paraphrase().map(str::to_string),
            via: self.via.clone(),
            credibility: self.credibility,
            events: self.events().map(str::to_string).collect(),
        }
    }
}

/// As its fields: id, source, speaker, subject, stated, value, quote, paraphrase, via,
/// credibility and events.
impl Serialize for Claim {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.parts().serialize(s)
    }
}

impl Serialize for ClaimParts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Claim", 11)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("speaker", &self.speaker)?;
        st.serialize_field("subject", &self.subject)?;
        st.serialize_field("stated", &self.stated)?;
        st.serialize_field("value", &self.value)?;
        st.serialize_field("quote", &self.quote)?;
        st.serialize_field("paraphrase", &self.paraphrase)?;
        st.serialize_field("via", &self.via)?;
        st.serialize_field("credibility", &self.credibility)?;
        st.serialize_field("events", &self.events)?;
        st.end()
    }
}

/// What an Admiralty credibility figure means.
pub fn credibility_label(n: u8) -> Option<&'static str> {
    Some(match n {
        1 => "confirmed by other sources",
        2 => "probably true",
        3 => "possibly true",
        4 => "doubtful",
        5 => "improbable",
        6 => "truth cannot be judged",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(q: Quantity) -> ClaimValue {
        ClaimValue::Percent { value: q }
    }

    #[test]
    fn full_control_contradicts_more_than_90_percent() {
        let sdf = pct(Quantity::Exact { value: 100.0 });
        let coalition = pct(Quantity::MoreThan { value: 90.0 });
        assert_eq!(sdf.agreement(&coalition), Agreement::Contradicts);
        assert_eq!(coalition.agreement(&sdf), Agreement::Contradicts);
        let ninety_five = pct(Quantity::Exact { value: 95.0 });
        assert_eq!(coalition.agreement(&ninety_five), Agreement::Consistent);
    }

    #[test]
    fn statuses_compare_ignoring_case() {
        let a = ClaimValue::Status {
            value: "Liberated".into(),
        };
        let b = ClaimValue::Status {
            value: "liberated ".into(),
        };
        let c = ClaimValue::Status {
            value: "not yet liberated".into(),
        };
        assert_eq!(a.agreement(&b), Agreement::Consistent);
        assert_eq!(a.agreement(&c), Agreement::Contradicts);
    }

    #[test]
    fn counts_by_overlap_and_mixed_types_incomparable() {
        let some_100 = ClaimValue::Count {
            value: Quantity::About { value: 100.0 },
        };
        let none = ClaimValue::Count {
            value: Quantity::Exact { value: 0.0 },
        };
        assert_eq!(some_100.agreement(&none), Agreement::Contradicts);
        let text = ClaimValue::Text { value: "x".into() };
        assert_eq!(some_100.agreement(&text), Agreement::Incomparable);
        assert_eq!(
            some_100.agreement(&pct(Quantity::Exact { value: 100.0 })),
            Agreement::Incomparable
        );
    }
}
