//! One CSV row being read: its fields by the provider's column numbers, decoded, cleaned and
//! parsed, with every problem noted against the field it is in.

use csv::ByteRecord;

use super::columns::Columns;
use crate::load::sanitize::{clean, shown};

/// Something wrong with a row, in the user's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The field it is in (its index in the row), when it is in one.
    pub field: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What was expected, or what to do.
    pub help: Option<String>,
}

/// A row and what reading it found.
pub struct Row<'a> {
    record: &'a ByteRecord,
    columns: &'a Columns,
    /// Problems so far; a row with any is skipped.
    pub problems: Vec<Problem>,
    /// Oddities that did not stop the row (what was done about them is in the message).
    pub notes: Vec<Problem>,
    /// Fields whose control characters or bidi overrides were removed.
    pub cleaned: Vec<usize>,
}

impl<'a> Row<'a> {
    /// Starts reading `record` through `columns`.
    pub fn new(record: &'a ByteRecord, columns: &'a Columns) -> Row<'a> {
        Row {
            record,
            columns,
            problems: Vec::new(),
            notes: Vec::new(),
            cleaned: Vec::new(),
        }
    }

    /// The field index of a column and its raw text. `Err` when it is not UTF-8 (noted).
    fn raw(&mut self, column: usize) -> Result<Option<(usize, &'a str)>, ()> {
        let Some(field) = self.columns.get(column) else {
            return Ok(None);
        };
        let Some(bytes) = self.record.get(field) else {
            return Ok(None);
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Some((field, text))),
            Err(e) => {
                let name = self.columns.name(field).to_string();
                self.problems.push(Problem {
                    field: Some(field),
                    message: format!(
                        "`{name}` is not UTF-8 text (byte 0x{:02x} after {} valid bytes)",
                        bytes.get(e.valid_up_to()).copied().unwrap_or(0),
                        e.valid_up_to()
                    ),
                    help: Some(
                        "save the file as UTF-8; exports from ACLED and UCDP are UTF-8".into(),
                    ),
                });
                Err(())
            }
        }
    }

    fn cleaned_text(&mut self, column: usize, multiline: bool) -> Result<Option<String>, ()> {
        let Some((field, text)) = self.raw(column)? else {
            return Ok(None);
        };
        let (text, removed) = clean(text, multiline);
        if removed.any() {
            self.cleaned.push(field);
        }
        let text = text.trim();
        Ok((!text.is_empty()).then(|| text.to_string()))
    }

    /// The text of a column on one line, trimmed; `None` when absent or empty.
    pub fn text(&mut self, column: usize) -> Option<String> {
        self.cleaned_text(column, false).ok().flatten()
    }

    /// The text of a column, line breaks kept (notes, headlines).
    pub fn long_text(&mut self, column: usize) -> Option<String> {
        self.cleaned_text(column, true).ok().flatten()
    }

    /// The text of a column that must not be empty.
    pub fn required(&mut self, column: usize, expected: &str) -> Option<String> {
        match self.cleaned_text(column, false) {
            Ok(Some(text)) => Some(text),
            Ok(None) => {
                let field = self.columns.get(column);
                let name = field.map_or("?", |f| self.columns.name(f)).to_string();
                self.problems.push(Problem {
                    field,
                    message: format!("`{name}` is empty"),
                    help: Some(format!("expected {expected}")),
                });
                None
            }
            Err(()) => None,
        }
    }

    /// Parses a column with `parse`; `None` when absent, empty or not what was expected (noted).
    pub fn parse<T>(
        &mut self,
        column: usize,
        expected: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let field = self.columns.get(column)?;
        let text = self.cleaned_text(column, false).ok()??;
        let value = parse(&text);
        if value.is_none() {
            self.bad_value(field, &text, expected);
        }
        value
    }

    /// A whole number ≥ 0 (`12`, also `12.0`).
    pub fn count(&mut self, column: usize) -> Option<u64> {
        self.parse(column, "a whole number, 0 or more", parse_count)
    }

    /// Notes that a column's value is wrong.
    pub fn bad(&mut self, column: usize, expected: &str) {
        if let Some(field) = self.columns.get(column) {
            let text = self
                .record
                .get(field)
                .map(String::from_utf8_lossy)
                .unwrap_or_default()
                .into_owned();
            self.bad_value(field, &text, expected);
        }
    }

    /// Notes something odd about a column's value that the import works around.
    pub fn note(&mut self, column: usize, message: String, help: &str) {
        let field = self.columns.get(column);
        self.notes.push(Problem {
            field,
            message,
            help: Some(help.to_string()),
        });
    }

    fn bad_value(&mut self, field: usize, text: &str, expected: &str) {
        let name = self.columns.name(field).to_string();
        self.problems.push(Problem {
            field: Some(field),
            message: format!("`{name}` is `{}`", shown(text.trim(), 60)),
            help: Some(format!("expected {expected}")),
        });
    }
}

/// A whole number ≥ 0, also written with a zero fraction as some exports do (`12.0`).
pub fn parse_count(text: &str) -> Option<u64> {
    let text = text.trim();
    let whole = text
        .strip_suffix(".0")
        .or_else(|| text.strip_suffix(".00"))
        .unwrap_or(text);
    whole.parse().ok()
}

/// A coordinate in degrees within `limit` (90 for latitude, 180 for longitude).
pub fn parse_degrees(text: &str, limit: f64) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && v.abs() <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::columns::{Columns, optional};

    const WANTED: [crate::import::columns::Column; 3] =
        [optional(&["a"]), optional(&["b"]), optional(&["c"])];

    fn row_of(fields: &[&[u8]]) -> (ByteRecord, Columns) {
        let header = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let columns = Columns::find(header, &WANTED).unwrap_or_else(|m| panic!("{m:?}"));
        (ByteRecord::from(fields.to_vec()), columns)
    }

    #[test]
    fn text_is_cleaned_trimmed_and_noted() {
        let (record, columns) = row_of(&[b" Raqqa\x1b[2J ", b"", b"12.0"]);
        let mut row = Row::new(&record, &columns);
        assert_eq!(row.text(0).as_deref(), Some("Raqqa"));
        assert_eq!(row.text(1), None);
        assert_eq!(row.count(2), Some(12));
        assert_eq!(row.cleaned, vec![0]);
        assert!(row.problems.is_empty());
    }

    #[test]
    fn bad_values_and_bad_bytes_are_problems_at_their_field() {
        let (record, columns) = row_of(&[b"-3", b"\xff\xfe", b""]);
        let mut row = Row::new(&record, &columns);
        assert_eq!(row.count(0), None);
        assert_eq!(row.text(1), None);
        assert_eq!(row.required(2, "an id"), None);
        let fields: Vec<_> = row.problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, vec![Some(0), Some(1), Some(2)]);
        assert_eq!(row.problems[0].message, "`a` is `-3`");
        assert!(row.problems[1].message.contains("not UTF-8"));
        assert_eq!(row.problems[2].message, "`c` is empty");
    }

    #[test]
    fn counts_accept_a_zero_fraction_only() {
        assert_eq!(parse_count("7"), Some(7));
        assert_eq!(parse_count("7.0"), Some(7));
        assert_eq!(parse_count("7.5"), None);
        assert_eq!(parse_count("-1"), None);
        assert_eq!(parse_degrees("35.95", 90.0), Some(35.95));
        assert_eq!(parse_degrees("95", 90.0), None);
        assert_eq!(parse_degrees("NaN", 90.0), None);
    }
}
