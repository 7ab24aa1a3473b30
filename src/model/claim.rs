//! Claims: what one source asserted about a subject, and whether two claims can both be true.

use serde::Serialize;

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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// Unique id.
    pub id: Box<str>,
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
    pub quote: Option<Box<str>>,
    /// The reporting text's words about what the source said, verbatim.
    pub paraphrase: Option<Box<str>>,
    /// The source through which the claim reached us.
    pub via: Option<Name>,
    /// Admiralty credibility of the information, 1 (confirmed) to 6 (cannot be judged).
    pub credibility: Option<u8>,
    /// Ids of the events the claim concerns.
    pub events: Box<[Box<str>]>,
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
