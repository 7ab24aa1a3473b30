//! Quantities as reports give them: exact, approximate, bounded, ranges, vague words.
//!
//! Every quantity resolves to an [`Interval`] of values it admits, which is what comparison uses:
//! two quantities can both be true only if their intervals overlap.

use std::fmt;

use serde::Serialize;

/// How far "about N" reaches either side of N: 10 % of N, at least 1.
pub const ABOUT_TOLERANCE: f64 = 0.10;

/// Vague quantity words and the intervals taken to stand behind them.
///
/// These are conventions, not facts: they make "several" comparable with "12" while keeping
/// the word. Documented in `docs/data-format.md`.
pub const VAGUE_WORDS: &[(&str, f64, f64)] = &[
    ("a couple", 2.0, 3.0),
    ("a few", 2.0, 5.0),
    ("a handful", 2.0, 6.0),
    ("several", 3.0, 9.0),
    ("a dozen", 10.0, 14.0),
    ("dozens", 24.0, 99.0),
    ("scores", 40.0, 199.0),
    ("hundreds", 200.0, 999.0),
    ("thousands", 2_000.0, 9_999.0),
    ("tens of thousands", 20_000.0, 99_999.0),
];

/// The interval behind a vague word, if it is one we know (case-insensitive).
pub fn vague_word(word: &str) -> Option<(&'static str, f64, f64)> {
    let lower = word.trim().to_lowercase();
    VAGUE_WORDS.iter().copied().find(|(w, _, _)| *w == lower)
}

/// A number as a source gave it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Quantity {
    /// Exactly N: "three civilians".
    Exact {
        /// The number.
        value: f64,
    },
    /// About N: "about 350", "some 100".
    About {
        /// The number given.
        value: f64,
    },
    /// At least N: "at least 12".
    AtLeast {
        /// The bound.
        value: f64,
    },
    /// More than N: "more than 90 percent".
    MoreThan {
        /// The bound (excluded).
        value: f64,
    },
    /// At most N: "up to 50".
    AtMost {
        /// The bound.
        value: f64,
    },
    /// Fewer than N: "fewer than 10".
    LessThan {
        /// The bound (excluded).
        value: f64,
    },
    /// A range low–high, with a best estimate when there is one (UCDP's low/best/high).
    Range {
        /// Lowest figure.
        low: f64,
        /// Highest figure.
        high: f64,
        /// Best estimate, within low..=high.
        best: Option<f64>,
    },
    /// A vague word kept as written, with the interval taken to stand behind it.
    Vague {
        /// The word: "several", "dozens".
        word: String,
        /// Lowest value it is taken to mean.
        low: f64,
        /// Highest value it is taken to mean.
        high: f64,
    },
}

/// A set of values `low..high`, each end open or closed; an infinite end is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
    /// Whether `low` itself is excluded.
    pub low_open: bool,
    /// Whether `high` itself is excluded.
    pub high_open: bool,
}

impl Interval {
    /// The closed interval `[low, high]`.
    pub fn closed(low: f64, high: f64) -> Interval {
        Interval {
            low,
            high,
            low_open: false,
            high_open: false,
        }
    }

    /// Whether some value lies in both.
    pub fn overlaps(&self, other: &Interval) -> bool {
        fn below(a: f64, a_open: bool, b: f64, b_open: bool) -> bool {
            // Is upper end `a` below lower end `b`, so that nothing lies in between?
            a < b || (a == b && (a_open || b_open))
        }
        !below(self.high, self.high_open, other.low, other.low_open)
            && !below(other.high, other.high_open, self.low, self.low_open)
    }

    /// Whether no value lies in it (such as "more than 100 percent").
    pub fn is_empty(&self) -> bool {
        self.low > self.high || (self.low == self.high && (self.low_open || self.high_open))
    }

    /// Whether `x` lies in it.
    pub fn contains(&self, x: f64) -> bool {
        let above_low = x > self.low || (x == self.low && !self.low_open);
        let below_high = x < self.high || (x == self.high && !self.high_open);
        above_low && below_high
    }

    /// Its values limited to `[low, high]`; an end outside moves to the nearest limit (closed).
    pub fn clamp(self, low: f64, high: f64) -> Interval {
        let mut out = self;
        if !(low..=high).contains(&out.low) {
            out.low = out.low.clamp(low, high);
            out.low_open = false;
        }
        if !(low..=high).contains(&out.high) {
            out.high = out.high.clamp(low, high);
            out.high_open = false;
        }
        out
    }
}

impl Quantity {
    /// The values it admits.
    pub fn interval(&self) -> Interval {
        let inf = f64::INFINITY;
        match *self {
            Quantity::Exact { value } => Interval::closed(value, value),
            Quantity::About { value } => {
                let reach = (value.abs() * ABOUT_TOLERANCE).max(1.0);
                Interval::closed(value - reach, value + reach)
            }
            Quantity::AtLeast { value } => Interval::closed(value, inf),
            Quantity::MoreThan { value } => Interval {
                low_open: true,
                ..Interval::closed(value, inf)
            },
            Quantity::AtMost { value } => Interval::closed(-inf, value),
            Quantity::LessThan { value } => Interval {
                high_open: true,
                ..Interval::closed(-inf, value)
            },
            Quantity::Range { low, high, .. } => Interval::closed(low, high),
            Quantity::Vague { low, high, .. } => Interval::closed(low, high),
        }
    }

    /// The single figure to show or sort by: the value, the best estimate, or the middle.
    pub fn point(&self) -> Option<f64> {
        match *self {
            Quantity::Exact { value }
            | Quantity::About { value }
            | Quantity::AtLeast { value }
            | Quantity::MoreThan { value }
            | Quantity::AtMost { value }
            | Quantity::LessThan { value } => Some(value),
            Quantity::Range { best, .. } => best,
            Quantity::Vague { .. } => None,
        }
    }

    /// Whether it is anything but an exact figure.
    pub fn is_approximate(&self) -> bool {
        !matches!(self, Quantity::Exact { .. })
    }

    /// Renders with a unit suffix glued on (e.g. `%`).
    pub fn human_with(&self, unit: &str) -> String {
        let mut out = String::new();
        let _ = self.write_human(unit, &mut out);
        out
    }

    /// [`Quantity::human_with`] no unit, appended to `out` (a briefing writes hundreds of
    /// thousands of figures: a `String` for each cost more than writing them).
    pub fn push_human(&self, out: &mut String) {
        let _ = self.write_human("", out);
    }

    /// [`Quantity::human_with`], written to `out`.
    fn write_human(&self, unit: &str, out: &mut impl fmt::Write) -> fmt::Result {
        let n = |out: &mut dyn fmt::Write, v: f64| {
            write_number(out, v)?;
            out.write_str(unit)
        };
        let words = |out: &mut dyn fmt::Write, words: &str, v: f64| {
            out.write_str(words)?;
            n(out, v)
        };
        match self {
            Quantity::Exact { value } => n(out, *value),
            Quantity::About { value } => words(out, "about ", *value),
            Quantity::AtLeast { value } => words(out, "at least ", *value),
            Quantity::MoreThan { value } => words(out, "more than ", *value),
            Quantity::AtMost { value } => words(out, "at most ", *value),
            Quantity::LessThan { value } => words(out, "fewer than ", *value),
            Quantity::Range { low, high, .. } if low == high => n(out, *low),
            Quantity::Range { low, high, best } => {
                write_number(out, *low)?;
                out.write_str("–")?;
                n(out, *high)?;
                match best {
                    Some(b) => {
                        out.write_str(" (best ")?;
                        n(out, *b)?;
                        out.write_str(")")
                    }
                    None => Ok(()),
                }
            }
            Quantity::Vague { word, .. } => out.write_str(word),
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_human("", f)
    }
}

/// A number without a needless `.0`.
pub fn number(v: f64) -> String {
    let mut out = String::new();
    let _ = write_number(&mut out, v);
    out
}

/// [`number`], written to `out`.
fn write_number(out: &mut (impl fmt::Write + ?Sized), v: f64) -> fmt::Result {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        write!(out, "{}", v as i64)
    } else {
        write!(out, "{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_reaches_ten_percent() {
        let about = Quantity::About { value: 350.0 }.interval();
        assert!(about.contains(315.0) && about.contains(385.0));
        assert!(!about.contains(400.0));
        assert!(Quantity::About { value: 3.0 }.interval().contains(4.0));
    }

    #[test]
    fn open_bounds_do_not_touch() {
        let more_than_90 = Quantity::MoreThan { value: 90.0 }.interval();
        assert!(!more_than_90.overlaps(&Interval::closed(80.0, 90.0)));
        assert!(more_than_90.overlaps(&Interval::closed(90.0, 91.0)));
        assert!(!more_than_90.contains(90.0));
    }

    #[test]
    fn words_and_display() {
        assert_eq!(vague_word("Several"), Some(("several", 3.0, 9.0)));
        assert_eq!(vague_word("loads"), None);
        assert_eq!(Quantity::About { value: 350.0 }.to_string(), "about 350");
        assert_eq!(
            Quantity::MoreThan { value: 90.0 }.human_with("%"),
            "more than 90%"
        );
        let range = Quantity::Range {
            low: 1.0,
            high: 5.0,
            best: Some(3.0),
        };
        assert_eq!(range.to_string(), "1–5 (best 3)");
        let narrow = Quantity::Range {
            low: 5.0,
            high: 5.0,
            best: Some(5.0),
        };
        assert_eq!(narrow.to_string(), "5");
        assert_eq!(number(2.5), "2.5");
    }
}
