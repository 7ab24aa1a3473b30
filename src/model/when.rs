//! Uncertain dates: when something happened, as precisely as the sources allow.
//!
//! The text form is EDTF (ISO 8601-2) level 0 plus the useful part of level 1, and ISO 8601
//! duration intervals anchored on a date, which is how reports speak:
//!
//! | text                     | meaning                                      |
//! |--------------------------|----------------------------------------------|
//! | `2014`                   | some day in 2014                             |
//! | `2017-10`                | some day in October 2017                     |
//! | `2017-10-16`             | that day                                     |
//! | `2017-10-16~` / `?` / `%`| approximate / uncertain / both               |
//! | `2017-06-06/2017-10-17`  | an interval                                  |
//! | `2017-06-06/..`          | open end (still going on)                    |
//! | `/2017-10-17`            | unknown start                                |
//! | `P3D/2017-10-17`         | the three days ending on 17 October 2017     |
//! | `2017-06-06/P4M`         | the four months starting on 6 June 2017      |
//!
//! Every `When` keeps the text it was written as, and resolves to inclusive day bounds
//! (`earliest`, `latest`) for sorting and filtering; an open or unknown end has no bound.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::{self, Write as _};
use std::num::NonZeroU8;

use chrono::{Datelike, Days, Months, NaiveDate};

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year: `2014`.
    Year,
    /// Year and month: `2017-10`.
    Month,
    /// The day: `2017-10-16`.
    Day,
}

/// EDTF level-1 qualifiers on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Qualifier {
    /// `~`: the date is approximate ("around").
    pub approximate: bool,
    /// `?`: the date is uncertain (the source is not sure).
    pub uncertain: bool,
}

impl Qualifier {
    fn suffix(self) -> &'static str {
        match (self.approximate, self.uncertain) {
            (false, false) => "",
            (true, false) => "~",
            (false, true) => "?",
            (true, true) => "%",
        }
    }
}

/// One calendar date at some precision, possibly qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DatePoint {
    // 0 to 9999 (see `new`), so 16 bits: a date is in every event and claim.
    year: i16,
    // A byte each (a month is 1–12, a day 1–31): a million events hold millions of dates.
    month: Option<NonZeroU8>,
    day: Option<NonZeroU8>,
    /// Approximate and/or uncertain.
    pub qualifier: Qualifier,
}

impl DatePoint {
    /// A checked date; `month` and `day` narrow the precision. Errors name what is wrong.
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> Result<Self, WhenError> {
        if !(0..=9999).contains(&year) {
            return Err(WhenError::YearOutOfRange(year));
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(WhenError::NoSuchMonth(m));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let last = last_day_of_month(year, m);
            if d == 0 || d > last {
                return Err(WhenError::NoSuchDay {
                    year,
                    month: m,
                    day: d,
                    last,
                });
            }
        }
        if month.is_none() && day.is_some() {
            return Err(WhenError::Syntax("a day needs a month".into()));
        }
        Ok(DatePoint {
            year: i16::try_from(year).map_err(|_| WhenError::YearOutOfRange(year))?,
            month: month.and_then(byte),
            day: day.and_then(byte),
            qualifier: Qualifier::default(),
        })
    }

    /// A day-precision point from a chrono date; none when its year is outside 0000 to 9999,
    /// as for a date written in the data.
    pub fn from_date(date: NaiveDate) -> Option<Self> {
        DatePoint::new(date.year(), Some(date.month()), Some(date.day())).ok()
    }

    /// The year.
    pub fn year(&self) -> i32 {
        i32::from(self.year)
    }

    /// The month (1–12), when known.
    pub fn month(&self) -> Option<u32> {
        self.month.map(|m| u32::from(m.get()))
    }

    /// The day of the month, when known.
    pub fn day_of_month(&self) -> Option<u32> {
        self.day.map(|d| u32::from(d.get()))
    }

    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }

    /// The first day this date could be.
    pub fn earliest(&self) -> NaiveDate {
        ymd(
            self.year(),
            self.month().unwrap_or(1),
            self.day_of_month().unwrap_or(1),
        )
    }

    /// The last day this date could be.
    pub fn latest(&self) -> NaiveDate {
        let month = self.month().unwrap_or(12);
        let day = self
            .day_of_month()
            .unwrap_or_else(|| last_day_of_month(self.year(), month));
        ymd(self.year(), month, day)
    }

    /// The canonical EDTF text, appended to `out`: `2017-10-16~`.
    fn push_edtf(&self, out: &mut String) {
        push_digits(out, u32::from(self.year.unsigned_abs()), 4);
        for part in [self.month(), self.day_of_month()].into_iter().flatten() {
            out.push('-');
            push_digits(out, part, 2);
        }
        out.push_str(self.qualifier.suffix());
    }

    /// The unqualified date for people: "2014", "Oct 2017", "16 Oct 2017".
    /// The date for people, without its qualifier marks, appended to `out`.
    fn push_bare(&self, out: &mut String) {
        // Writing to a String cannot fail.
        let _ = match (self.month(), self.day_of_month()) {
            (None, _) => write!(out, "{}", self.year),
            (Some(m), None) => write!(out, "{} {}", month_abbr(m), self.year),
            (Some(m), Some(d)) => write!(out, "{d} {} {}", month_abbr(m), self.year),
        };
    }

    /// The date for people, with its qualifier marks, appended to `out`.
    fn push_human(&self, out: &mut String) {
        qualify(out, self.qualifier, |out| self.push_bare(out));
    }
}

/// Appends a date rendered by `body` in its qualifier marks: `~` before for approximate, `?`
/// after for uncertain.
fn qualify(out: &mut String, q: Qualifier, body: impl FnOnce(&mut String)) {
    if q.approximate {
        out.push('~');
    }
    body(out);
    if q.uncertain {
        out.push('?');
    }
}

/// One end of an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Endpoint {
    /// A known (perhaps imprecise) date.
    Date(DatePoint),
    /// `..`: open, the interval goes on without limit.
    Open,
    /// Empty: the end is unknown.
    Unknown,
}

/// An ISO 8601 duration in calendar units (no time of day). Each count is below 65,536 (a
/// report's "past three days" or "four months" is far below; a date is in every event).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration {
    /// Years.
    pub years: u16,
    /// Months.
    pub months: u16,
    /// Weeks.
    pub weeks: u16,
    /// Days.
    pub days: u16,
}

impl Duration {
    fn is_zero(&self) -> bool {
        self.years == 0 && self.months == 0 && self.weeks == 0 && self.days == 0
    }

    fn total_months(&self) -> u32 {
        u32::from(self.years) * 12 + u32::from(self.months)
    }

    fn total_days(&self) -> u64 {
        u64::from(self.weeks) * 7 + u64::from(self.days)
    }

    fn edtf(&self) -> String {
        let mut s = String::with_capacity(8);
        self.push_edtf(&mut s);
        s
    }

    /// The canonical EDTF text, appended to `out`: `P1Y2M`.
    fn push_edtf(&self, out: &mut String) {
        out.push('P');
        for (n, unit) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if n > 0 {
                push_digits(out, u32::from(n), 1);
                out.push(unit);
            }
        }
    }

    /// "3 days", "4 months", "1 year 2 months", appended to `out`.
    fn push_human(&self, out: &mut String) {
        let mut first = true;
        for (n, one, many) in [
            (self.years, "year", "years"),
            (self.months, "month", "months"),
            (self.weeks, "week", "weeks"),
            (self.days, "day", "days"),
        ] {
            if n == 0 {
                continue;
            }
            if !first {
                out.push(' ');
            }
            first = false;
            let _ = write!(out, "{n} {}", if n == 1 { one } else { many });
        }
    }

    /// `date + self`, or None past the calendar's end.
    fn after(&self, date: NaiveDate) -> Option<NaiveDate> {
        date.checked_add_months(Months::new(self.total_months()))?
            .checked_add_days(Days::new(self.total_days()))
    }

    /// `date - self`, or None before the calendar's start.
    fn before(&self, date: NaiveDate) -> Option<NaiveDate> {
        date.checked_sub_months(Months::new(self.total_months()))?
            .checked_sub_days(Days::new(self.total_days()))
    }
}

/// The shape of a `When`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shape {
    /// One date: `2017-10-16`.
    Point(DatePoint),
    /// Two ends: `2017-06-06/2017-10-17`, `2017-06/..`.
    Interval(Endpoint, Endpoint),
    /// A duration ending on a date: `P3D/2017-10-17` ("over the past three days").
    Ending(Duration, DatePoint),
    /// A duration starting on a date: `2017-06-06/P4M`.
    Starting(DatePoint, Duration),
}

/// An uncertain date or period, with the text it was written as and its resolved bounds.
#[derive(Debug, Clone)]
pub struct When {
    /// The text as written, kept only when it is not the canonical form (which the shape
    /// gives): most are, and a million events would hold a million copies.
    // Boxed twice, so one pointer wide: such texts are rare, and every event has a date.
    written: Option<Box<Box<str>>>,
    shape: Shape,
    earliest: Option<NaiveDate>,
    latest: Option<NaiveDate>,
}

/// Why a date text is not a valid `When`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    /// Nothing to parse.
    #[error("the date is empty")]
    Empty,
    /// Not in any accepted form.
    #[error("{0}")]
    Syntax(String),
    /// The month is not 1–12.
    #[error("there is no month {0}; months are 01 to 12")]
    NoSuchMonth(u32),
    /// The day is past the end of its month.
    #[error("{year:04}-{month:02} has no day {day}; it has {last} days")]
    NoSuchDay {
        /// Year.
        year: i32,
        /// Month.
        month: u32,
        /// The day asked for.
        day: u32,
        /// The last day of that month.
        last: u32,
    },
    /// Years are four digits.
    #[error("year {0} is out of range; years are 0000 to 9999")]
    YearOutOfRange(i32),
    /// The interval runs backwards.
    #[error("the interval ends ({end}) before it starts ({start})")]
    EndsBeforeStart {
        /// Start as written.
        start: String,
        /// End as written.
        end: String,
    },
    /// A duration of nothing.
    #[error("the duration `{0}` is zero")]
    ZeroDuration(String),
    /// Arithmetic left the calendar.
    #[error("the duration reaches outside the calendar")]
    OutOfCalendar,
}

impl WhenError {
    /// A hint for people writing dates by hand.
    pub fn hint(&self) -> &'static str {
        match self {
            WhenError::NoSuchDay { .. } | WhenError::NoSuchMonth(_) => {
                "check the calendar; if only the month is known, write it as YYYY-MM"
            }
            WhenError::EndsBeforeStart { .. } => "write the earlier date first: START/END",
            WhenError::ZeroDuration(_) => "write how long it lasted, e.g. P3D for three days",
            _ => {
                "write YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ (approximate), ? (uncertain) or % (both); an interval as START/END (`..` for open, empty for unknown); a period as P3D/END or START/P4M"
            }
        }
    }
}

impl When {
    /// Parses the text form (see the module docs).
    pub fn parse(text: &str) -> Result<When, WhenError> {
        // Most dates are a bare year, month or day written as the canonical form writes them:
        // read at once, and kept without their text (see [`When::written`]).
        if let Some(point) = plain_point(text) {
            return When::from_written(None, Shape::Point(point));
        }
        When::parse_any(text)
    }

    /// [`When::parse`], every form the long way.
    fn parse_any(text: &str) -> Result<When, WhenError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(WhenError::Empty);
        }
        let shape = match trimmed.split_once('/') {
            None => {
                if trimmed == ".." {
                    return Err(WhenError::Syntax(
                        "`..` stands for an open end of an interval, as in `2017-06/..`".into(),
                    ));
                }
                if trimmed.starts_with('P') {
                    return Err(WhenError::Syntax(
                        "a duration needs a date at one end, as in `P3D/2017-10-17`".into(),
                    ));
                }
                Shape::Point(parse_point(trimmed)?)
            }
            Some((a, b)) => {
                if b.contains('/') {
                    return Err(WhenError::Syntax(
                        "dates are written YYYY-MM-DD, and an interval has exactly one `/`".into(),
                    ));
                }
                let (a, b) = (a.trim(), b.trim());
                match (a.starts_with('P'), b.starts_with('P')) {
                    (true, true) => {
                        return Err(WhenError::Syntax(
                            "an interval cannot be two durations; one end must be a date".into(),
                        ));
                    }
                    (true, false) => Shape::Ending(parse_duration(a)?, parse_point(b)?),
                    (false, true) => Shape::Starting(parse_point(a)?, parse_duration(b)?),
                    (false, false) => {
                        let start = parse_endpoint(a)?;
                        let end = parse_endpoint(b)?;
                        if let (Endpoint::Date(s), Endpoint::Date(e)) = (start, end)
                            && e.latest() < s.earliest()
                        {
                            return Err(WhenError::EndsBeforeStart {
                                start: a.to_string(),
                                end: b.to_string(),
                            });
                        }
                        Shape::Interval(start, end)
                    }
                }
            }
        };
        // Kept as written only when it is not the canonical form (see [`When::written`]):
        // compared before it is copied, as nearly every date of a large file is canonical.
        let written = (trimmed != shape_edtf(shape)).then(|| Box::from(trimmed));
        When::from_written(written, shape)
    }

    /// A day-precision `When` for one calendar day; none when its year is outside 0000 to
    /// 9999, as for a date written in the data.
    pub fn day(date: NaiveDate) -> Option<When> {
        let point = DatePoint::from_date(date)?;
        Some(When {
            written: None,
            shape: Shape::Point(point),
            earliest: Some(date),
            latest: Some(date),
        })
    }

    /// Builds a `When` from its shape, resolving bounds; `written` is the text as written,
    /// given only when it is not the canonical form ([`When::written`]).
    pub fn from_written(written: Option<Box<str>>, shape: Shape) -> Result<When, WhenError> {
        let (earliest, latest) = match shape {
            Shape::Point(p) => (Some(p.earliest()), Some(p.latest())),
            Shape::Interval(a, b) => (
                match a {
                    Endpoint::Date(p) => Some(p.earliest()),
                    _ => None,
                },
                match b {
                    Endpoint::Date(p) => Some(p.latest()),
                    _ => None,
                },
            ),
            // Inclusive counting: "the past three days" ending on the 17th is 15, 16, 17.
            Shape::Ending(d, p) => {
                if d.is_zero() {
                    return Err(WhenError::ZeroDuration(d.edtf()));
                }
                let end = p.latest();
                let start = d
                    .before(end)
                    .and_then(|s| s.checked_add_days(Days::new(1)))
                    .ok_or(WhenError::OutOfCalendar)?;
                (Some(start), Some(end))
            }
            Shape::Starting(p, d) => {
                if d.is_zero() {
                    return Err(WhenError::ZeroDuration(d.edtf()));
                }
                let start = p.earliest();
                let end = d
                    .after(start)
                    .and_then(|e| e.checked_sub_days(Days::new(1)))
                    .ok_or(WhenError::OutOfCalendar)?;
                (Some(start), Some(end))
            }
        };
        Ok(When {
            written: written.map(Box::new),
            shape,
            earliest,
            latest,
        })
    }

    /// The text as written in the data.
    pub fn text(&self) -> Cow<'_, str> {
        match &self.written {
            Some(text) => Cow::Borrowed(&***text),
            None => Cow::Owned(self.edtf()),
        }
    }

    /// The text as written, when it is not the canonical form ([`When::edtf`]).
    pub fn written(&self) -> Option<&str> {
        self.written.as_deref().map(|t| &**t)
    }

    /// The parsed structure.
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// First possible day; None when the start is open or unknown.
    pub fn earliest(&self) -> Option<NaiveDate> {
        self.earliest
    }

    /// Last possible day; None when the end is open or unknown.
    pub fn latest(&self) -> Option<NaiveDate> {
        self.latest
    }

    /// Whether any day of this `When` falls within `[from, to]` (None = unbounded).
    pub fn overlaps(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
        let starts_before_to = match (self.earliest, to) {
            (Some(e), Some(t)) => e <= t,
            _ => true,
        };
        let ends_after_from = match (self.latest, from) {
            (Some(l), Some(f)) => l >= f,
            _ => true,
        };
        starts_before_to && ends_after_from
    }

    /// Whether any date in it is marked approximate.
    pub fn is_approximate(&self) -> bool {
        self.points().iter().any(|p| p.qualifier.approximate)
    }

    /// Whether any date in it is marked uncertain.
    pub fn is_uncertain(&self) -> bool {
        self.points().iter().any(|p| p.qualifier.uncertain)
    }

    /// Whether it spans more than one day-precision date (an interval or a period).
    pub fn is_range(&self) -> bool {
        !matches!(self.shape, Shape::Point(_))
    }

    fn points(&self) -> Vec<DatePoint> {
        match self.shape {
            Shape::Point(p) | Shape::Ending(_, p) | Shape::Starting(p, _) => vec![p],
            Shape::Interval(a, b) => [a, b]
                .into_iter()
                .filter_map(|e| match e {
                    Endpoint::Date(p) => Some(p),
                    _ => None,
                })
                .collect(),
        }
    }

    /// The canonical EDTF text, which parses back to an equal `When`.
    pub fn edtf(&self) -> String {
        shape_edtf(self.shape)
    }

    /// The date for people, by precision: "2014", "Jun–Oct 2017", "~14–16 Oct 2017",
    /// "3 days to 17 Oct 2017".
    pub fn human(&self) -> String {
        let mut out = String::with_capacity(24);
        self.push_human(&mut out);
        out
    }

    /// [`When::human`], appended to `out` (one `String` for the whole date, not one per part).
    pub fn push_human(&self, out: &mut String) {
        match self.shape {
            Shape::Point(p) => p.push_human(out),
            Shape::Ending(d, p) => {
                d.push_human(out);
                out.push_str(" to ");
                p.push_human(out);
            }
            Shape::Starting(p, d) => {
                d.push_human(out);
                out.push_str(" from ");
                p.push_human(out);
            }
            Shape::Interval(Endpoint::Date(a), Endpoint::Date(b)) => push_range(out, a, b),
            Shape::Interval(Endpoint::Date(a), Endpoint::Open) => {
                out.push_str("from ");
                a.push_human(out);
            }
            Shape::Interval(Endpoint::Date(a), Endpoint::Unknown) => {
                a.push_human(out);
                out.push_str(" – unknown");
            }
            Shape::Interval(Endpoint::Open, Endpoint::Date(b)) => {
                out.push_str("until ");
                b.push_human(out);
            }
            Shape::Interval(Endpoint::Unknown, Endpoint::Date(b)) => {
                out.push_str("unknown – ");
                b.push_human(out);
            }
            Shape::Interval(_, _) => out.push_str("date unknown"),
        }
    }

    fn sort_key(&self) -> (NaiveDate, NaiveDate) {
        (
            self.earliest.unwrap_or(NaiveDate::MIN),
            self.latest.unwrap_or(NaiveDate::MAX),
        )
    }
}

/// Ordered by earliest day, then latest day (open ends sort outermost), then the structure of the canonical form (so equal means equal canonical text).
impl Ord for When {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key()
            .cmp(&other.sort_key())
            // The structure stands for the canonical text, without writing it out.
            .then_with(|| self.shape.cmp(&other.shape))
    }
}

impl PartialOrd for When {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Equal when the canonical forms are equal (the original spelling does not matter).
impl PartialEq for When {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for When {}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.human())
    }
}

impl serde::Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("When", 4)?;
        st.serialize_field("text", &self.text())?;
        st.serialize_field("display", &self.human())?;
        st.serialize_field("earliest", &self.earliest)?;
        st.serialize_field("latest", &self.latest)?;
        st.end()
    }
}

/// The canonical EDTF text of a shape.
fn shape_edtf(shape: Shape) -> String {
    let mut out = String::with_capacity(24);
    push_shape_edtf(&mut out, shape);
    out
}

/// [`shape_edtf`], appended to `out`.
fn push_shape_edtf(out: &mut String, shape: Shape) {
    match shape {
        Shape::Point(p) => p.push_edtf(out),
        Shape::Interval(a, b) => {
            push_endpoint_edtf(out, a);
            out.push('/');
            push_endpoint_edtf(out, b);
        }
        Shape::Ending(d, p) => {
            d.push_edtf(out);
            out.push('/');
            p.push_edtf(out);
        }
        Shape::Starting(p, d) => {
            p.push_edtf(out);
            out.push('/');
            d.push_edtf(out);
        }
    }
}

fn push_endpoint_edtf(out: &mut String, e: Endpoint) {
    match e {
        Endpoint::Date(p) => p.push_edtf(out),
        Endpoint::Open => out.push_str(".."),
        Endpoint::Unknown => {}
    }
}

/// `n` in decimal, zero-padded to `width` digits, appended to `out` (as `{n:0width$}` does,
/// without the formatting machinery: every date of a million events is rendered at load).
fn push_digits(out: &mut String, n: u32, width: usize) {
    // A u32 has ten digits at most.
    let mut digits = [b'0'; 10];
    let (mut n, mut start) = (n, digits.len());
    while start > 0 && (n > 0 || digits.len() - start < width.max(1)) {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    out.extend(digits[start..].iter().map(|&d| char::from(d)));
}

/// Renders a closed interval compactly, sharing what both ends share.
/// An interval between two dates, for people, appended to `out`: shared parts said once.
fn push_range(out: &mut String, a: DatePoint, b: DatePoint) {
    if a.qualifier != b.qualifier {
        a.push_human(out);
        out.push_str(" – ");
        b.push_human(out);
        return;
    }
    qualify(out, a.qualifier, |out| {
        let _ = match (a.precision(), b.precision()) {
            (Precision::Year, Precision::Year) => write!(out, "{}–{}", a.year, b.year),
            (Precision::Month, Precision::Month) if a.year == b.year => write!(
                out,
                "{}–{} {}",
                month_abbr(a.month().unwrap_or(1)),
                month_abbr(b.month().unwrap_or(1)),
                a.year
            ),
            (Precision::Day, Precision::Day) if a.year == b.year && a.month == b.month => write!(
                out,
                "{}–{} {} {}",
                a.day_of_month().unwrap_or(1),
                b.day_of_month().unwrap_or(1),
                month_abbr(a.month().unwrap_or(1)),
                a.year
            ),
            (Precision::Day, Precision::Day) if a.year == b.year => write!(
                out,
                "{} {} – {} {} {}",
                a.day_of_month().unwrap_or(1),
                month_abbr(a.month().unwrap_or(1)),
                b.day_of_month().unwrap_or(1),
                month_abbr(b.month().unwrap_or(1)),
                a.year
            ),
            _ => {
                a.push_bare(out);
                out.push_str(" – ");
                b.push_bare(out);
                Ok(())
            }
        };
    });
}

fn parse_endpoint(s: &str) -> Result<Endpoint, WhenError> {
    match s {
        "" => Ok(Endpoint::Unknown),
        ".." => Ok(Endpoint::Open),
        s => parse_point(s).map(Endpoint::Date),
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a date that exists, exactly as its canonical form is
/// written; `None` for anything else (which [`When::parse_any`] reads, or says what is wrong).
fn plain_point(text: &str) -> Option<DatePoint> {
    let b = text.as_bytes();
    let number = |at: usize, len: usize| -> Option<u32> {
        let digits = b.get(at..at + len)?;
        digits.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let dash = |at: usize| b.get(at) == Some(&b'-');
    let year = i32::try_from(number(0, 4)?).ok()?;
    let point = match b.len() {
        4 => DatePoint::new(year, None, None),
        7 if dash(4) => DatePoint::new(year, Some(number(5, 2)?), None),
        10 if dash(4) && dash(7) => DatePoint::new(year, Some(number(5, 2)?), Some(number(8, 2)?)),
        _ => return None,
    };
    point.ok()
}

fn parse_point(s: &str) -> Result<DatePoint, WhenError> {
    let (body, qualifier) = match s.as_bytes().last() {
        Some(b'~') => (&s[..s.len() - 1], (true, false)),
        Some(b'?') => (&s[..s.len() - 1], (false, true)),
        Some(b'%') => (&s[..s.len() - 1], (true, true)),
        _ => (s, (false, false)),
    };
    // Up to four parts: a fourth is one too many.
    let mut split = body.split('-');
    let mut parts = [""; 4];
    let mut n = 0;
    for (slot, part) in parts.iter_mut().zip(&mut split) {
        *slot = part;
        n += 1;
    }
    let shape_error = || {
        WhenError::Syntax(format!(
            "`{s}` is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD"
        ))
    };
    let num = |p: &str, len: usize| -> Result<u32, WhenError> {
        if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().map_err(|_| shape_error())
        } else {
            Err(shape_error())
        }
    };
    let mut point = match parts.get(..n).unwrap_or_default() {
        [y] => DatePoint::new(num(y, 4)? as i32, None, None)?,
        [y, m] => DatePoint::new(num(y, 4)? as i32, Some(num(m, 2)?), None)?,
        [y, m, d] => DatePoint::new(num(y, 4)? as i32, Some(num(m, 2)?), Some(num(d, 2)?))?,
        _ => return Err(shape_error()),
    };
    point.qualifier = Qualifier {
        approximate: qualifier.0,
        uncertain: qualifier.1,
    };
    Ok(point)
}

fn parse_duration(s: &str) -> Result<Duration, WhenError> {
    let error = || {
        WhenError::Syntax(format!(
            "`{s}` is not a duration; expected P followed by counts of Y, M, W, D, as in P3D or P1Y2M"
        ))
    };
    let rest = s.strip_prefix('P').ok_or_else(error)?;
    if rest.is_empty() || rest.contains('T') {
        return Err(error());
    }
    let mut d = Duration::default();
    let mut digits = String::new();
    let mut last_unit = 0;
    for c in rest.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let rank = match c {
            'Y' => 1,
            'M' => 2,
            'W' => 3,
            'D' => 4,
            _ => return Err(error()),
        };
        // Units appear at most once and in order, as ISO 8601 writes them.
        if digits.is_empty() || rank <= last_unit {
            return Err(error());
        }
        last_unit = rank;
        let n: u16 = digits.parse().map_err(|_| error())?;
        digits.clear();
        match c {
            'Y' => d.years = n,
            'M' => d.months = n,
            'W' => d.weeks = n,
            _ => d.days = n,
        }
    }
    if !digits.is_empty() {
        return Err(error());
    }
    Ok(d)
}

/// A month or day number as a byte (they are checked to be 1–31 before).
fn byte(n: u32) -> Option<NonZeroU8> {
    u8::try_from(n).ok().and_then(NonZeroU8::new)
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    // Callers pass only validated parts; fall back to the calendar's edge rather than panic.
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// The number of days in a month of the proleptic Gregorian calendar.
pub fn last_day_of_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

fn month_abbr(m: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    NAMES
        .get((m as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plain date read the quick way is what reading it the long way gives, canonical text
    /// and all; what is not plain, or does not exist, is left to the long way.
    #[test]
    fn plain_dates_read_as_the_long_way_reads_them() {
        let mut texts: Vec<String> = [
            "2017",
            "0000",
            "9999",
            "2017-10",
            "2017-01",
            "2017-12",
            "2017-10-17",
            "2016-02-29",
            "0000-01-01",
            "9999-12-31",
            "2017-02-29",
            "2017-13",
            "2017-00",
            "2017-10-32",
            "2017-10-00",
            "2017-1-17",
            "17-10-17",
            " 2017",
            "2017 ",
            "2017-10-17~",
            "~2017",
            "2017-10-17/2017-10-20",
            "201x",
            "2017-10-1x",
            "2017/10/17",
            "20170",
            "+2017",
            "２０１７",
            "2017-10-17T",
            "",
        ]
        .map(String::from)
        .to_vec();
        for y in [0, 1, 999, 1900, 2000, 2017, 2100, 9999] {
            for m in 1..=12 {
                texts.push(format!("{y:04}-{m:02}"));
                for d in [1, 28, 29, 30, 31] {
                    texts.push(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
        let mut quick = 0;
        for t in &texts {
            let long = When::parse_any(t);
            assert_eq!(When::parse(t), long, "{t:?}");
            if let Some(p) = plain_point(t) {
                quick += 1;
                let long = long.unwrap_or_else(|e| panic!("{t:?}: {e}"));
                assert_eq!(long.written(), None, "{t:?}");
                assert_eq!(long.shape(), Shape::Point(p), "{t:?}");
                assert_eq!(long.edtf(), *t);
            }
        }
        assert!(quick > 400, "{quick}");
    }

    fn w(s: &str) -> When {
        match When::parse(s) {
            Ok(w) => w,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn bounds_by_precision() {
        assert_eq!(
            (w("2014").earliest(), w("2014").latest()),
            (d(2014, 1, 1), d(2014, 12, 31))
        );
        assert_eq!(w("2016-02").latest(), d(2016, 2, 29));
        assert_eq!(w("2017-10-16").earliest(), d(2017, 10, 16));
    }

    #[test]
    fn the_text_as_written_is_kept_only_when_it_is_not_the_canonical_one() {
        let canonical = w("2017-10-16~");
        assert_eq!(
            (canonical.text(), canonical.written()),
            ("2017-10-16~".into(), None)
        );
        for spelled in ["P0Y3D/2017-10-17", "2017-10-16/.."] {
            let when = w(spelled);
            assert_eq!(when.text(), spelled);
            assert_eq!(when.written(), (spelled != when.edtf()).then_some(spelled));
        }
        assert_eq!(w("P0Y3D/2017-10-17").written(), Some("P0Y3D/2017-10-17"));
        // Rebuilt from its shape and what was written, a date is the same date.
        for text in ["P0Y3D/2017-10-17", "2014", "/2017-10-17", "2017-06-06/P4M"] {
            let when = w(text);
            let again = When::from_written(when.written().map(Box::from), when.shape());
            assert_eq!(
                again.map(|a| a.text().into_owned()).ok(),
                Some(text.to_string())
            );
        }
        assert!(size_of::<When>() <= 40, "{}", size_of::<When>());
        assert_eq!(w("P65535D/2017").text(), "P65535D/2017");
    }

    proptest::proptest! {
        /// The canonical text is what the formatting machinery writes: years padded to four
        /// digits, months and days to two, duration counts as they are.
        #[test]
        fn canonical_text_is_the_formatted_one(
            year in 0i32..=9999,
            month in proptest::option::of(1u32..=12),
            day in 1u32..=28,
            qualifier in 0usize..4,
            counts in proptest::array::uniform4(proptest::option::of(0u16..=u16::MAX)),
        ) {
            let mut point = DatePoint::new(year, month, month.map(|_| day))
                .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            point.qualifier = Qualifier { approximate: qualifier & 1 == 1, uncertain: qualifier & 2 == 2 };
            let mut reference = format!("{year:04}");
            if let Some(m) = month {
                reference.push_str(&format!("-{m:02}-{day:02}"));
            }
            reference.push_str(point.qualifier.suffix());
            let mut text = String::new();
            point.push_edtf(&mut text);
            proptest::prop_assert_eq!(&text, &reference);
            let [years, months, weeks, days] = counts.map(Option::unwrap_or_default);
            let duration = Duration { years, months, weeks, days };
            let mut reference = String::from("P");
            for (n, unit) in [(years, 'Y'), (months, 'M'), (weeks, 'W'), (days, 'D')] {
                if n > 0 {
                    reference.push_str(&format!("{n}{unit}"));
                }
            }
            proptest::prop_assert_eq!(duration.edtf(), reference);
            let shape = Shape::Starting(point, duration);
            proptest::prop_assert_eq!(shape_edtf(shape), format!("{}/{}", text, duration.edtf()));
        }
    }

    #[test]
    fn durations_count_inclusively() {
        let past3 = w("P3D/2017-10-17");
        assert_eq!(
            (past3.earliest(), past3.latest()),
            (d(2017, 10, 15), d(2017, 10, 17))
        );
        let four_months = w("P4M/2017-10-17");
        assert_eq!(four_months.earliest(), d(2017, 6, 18));
        let from = w("2017-06-06/P1W");
        assert_eq!(from.latest(), d(2017, 6, 12));
        assert_eq!(past3.human(), "3 days to 17 Oct 2017");
        assert_eq!(from.human(), "1 week from 6 Jun 2017");
    }

    #[test]
    fn human_forms() {
        assert_eq!(w("2014").human(), "2014");
        assert_eq!(w("2017-06/2017-10").human(), "Jun–Oct 2017");
        assert_eq!(w("2017-10-14~/2017-10-16~").human(), "~14–16 Oct 2017");
        assert_eq!(w("2017-09-28/2017-10-02").human(), "28 Sep – 2 Oct 2017");
        assert_eq!(w("2016-12/2017-01").human(), "Dec 2016 – Jan 2017");
        assert_eq!(w("2017-10-16?").human(), "16 Oct 2017?");
        assert_eq!(w("2014%").human(), "~2014?");
        assert_eq!(w("2017-06-06/..").human(), "from 6 Jun 2017");
        assert_eq!(w("/2017-10").human(), "unknown – Oct 2017");
        assert_eq!(w("2014~/2017").human(), "~2014 – 2017");
    }

    /// A date from elsewhere (an import) is held to the years a written date may have.
    #[test]
    fn a_day_outside_the_years_written_dates_may_have_is_none() {
        for (y, ok) in [
            (0, true),
            (2017, true),
            (9999, true),
            (10_000, false),
            (-1, false),
        ] {
            let day = NaiveDate::from_ymd_opt(y, 2, 28);
            let when = day.and_then(When::day);
            assert_eq!(when.is_some(), ok, "year {y}");
            if let Some(when) = when {
                assert_eq!(when.earliest(), day);
                assert_eq!(when.text(), format!("{y:04}-02-28"));
            }
        }
    }

    #[test]
    fn open_and_unknown_ends_are_unbounded() {
        let open = w("2017-06-06/..");
        assert_eq!(open.latest(), None);
        assert!(open.overlaps(d(2030, 1, 1), None));
        assert_eq!(w("../2017").earliest(), None);
    }

    #[test]
    fn invalid_dates_are_errors() {
        assert!(matches!(
            When::parse("2017-02-30"),
            Err(WhenError::NoSuchDay { last: 28, .. })
        ));
        assert_eq!(
            When::parse("2017-13").err(),
            Some(WhenError::NoSuchMonth(13))
        );
        assert!(matches!(
            When::parse("2017-10-17/2017-10-16"),
            Err(WhenError::EndsBeforeStart { .. })
        ));
        for bad in [
            "",
            "17-10-2017",
            "2017/10/16/1",
            "P3D",
            "P3D/P2D",
            "P/2017",
            "PT3H/2017",
            "2017-1-5",
            "2017-10-16~?",
            "..",
            "P0D/2017",
            "P3D3M/2017",
            // A count past what a duration holds.
            "P65536D/2017",
        ] {
            assert!(When::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(When::parse("2016-02-29").is_ok());
        assert!(When::parse("1900-02-29").is_err());
    }

    #[test]
    fn overlap_is_inclusive() {
        let day = w("2017-10-16");
        assert!(day.overlaps(d(2017, 10, 16), d(2017, 10, 16)));
        assert!(!day.overlaps(d(2017, 10, 17), None));
        assert!(w("2014").overlaps(None, d(2014, 1, 1)));
    }
}
