//! Where a field of a CSV row is in the file: byte span, line and column, for diagnostics that
//! quote the line.

use std::sync::Arc;

use miette::NamedSource;

use crate::load::Location;
use crate::load::diagnostic::QuotedSource;
use crate::load::sanitize::printable_copy;

/// Lines longer than this (in bytes) are not quoted.
const MAX_QUOTED_LINE: usize = 400;

/// A file's bytes, and its printable copy made the first time a diagnostic needs it.
pub struct Positions<'a> {
    name: &'a str,
    bytes: &'a [u8],
    quoted: Option<(QuotedSource, Arc<str>)>,
}

impl<'a> Positions<'a> {
    /// Positions in `bytes`, the file called `name`.
    pub fn new(name: &'a str, bytes: &'a [u8]) -> Positions<'a> {
        Positions {
            name,
            bytes,
            quoted: None,
        }
    }

    /// The location of field `field` of the row that starts at byte `start` on line `line`
    /// (the row's start when `field` is `None`).
    pub fn locate(&mut self, start: usize, line: u64, field: Option<usize>) -> Location {
        let (source, text) = self.quoted();
        let start = start.min(text.len());
        let (from, to) = match field {
            Some(f) => field_span(text.as_bytes(), start, f),
            None => (start, line_end(text.as_bytes(), start)),
        };
        // Quoted fields may hold line breaks: count them from the row's start.
        let line = line as usize
            + text.as_bytes()[start..from]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        let line_start = text[..from].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..from].chars().count() + 1;
        let line_len = line_end(text.as_bytes(), line_start) - line_start;
        Location {
            source,
            span: from..to,
            line: line.max(1),
            column,
            label: None,
            quoted: line_len <= MAX_QUOTED_LINE,
        }
    }

    fn quoted(&mut self) -> (QuotedSource, Arc<str>) {
        let (name, bytes) = (self.name, self.bytes);
        let (source, text) = self.quoted.get_or_insert_with(|| {
            let text = same_offsets_text(bytes);
            let printable = printable_copy(&text).into_owned();
            let text: Arc<str> = Arc::from(printable.as_str());
            (Arc::new(NamedSource::new(name, printable)), text)
        });
        (Arc::clone(source), Arc::clone(text))
    }
}

/// The bytes as text with each byte of an invalid UTF-8 sequence made `?`, so that byte offsets
/// stay the same.
fn same_offsets_text(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(rest) => {
                out.push_str(rest);
                return out;
            }
            Err(e) => {
                let (valid, after) = bytes.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = e.error_len().unwrap_or(after.len()).max(1).min(after.len());
                out.extend(std::iter::repeat_n('?', bad));
                bytes = &after[bad..];
            }
        }
    }
}

/// The end of the line holding `at` (before its line feed).
fn line_end(text: &[u8], at: usize) -> usize {
    text[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| at + i)
}

/// The byte span of field `field` of the row starting at `start`, quotes excluded.
fn field_span(text: &[u8], start: usize, field: usize) -> (usize, usize) {
    let mut i = start;
    let mut n = 0;
    let mut quoted = false;
    let mut field_start = start;
    while i < text.len() {
        let b = text[i];
        if quoted {
            if b == b'"' {
                quoted = false;
            }
        } else if b == b'"' {
            quoted = true;
        } else if b == b',' || b == b'\n' || b == b'\r' {
            if n == field {
                break;
            }
            if b != b',' {
                break;
            }
            n += 1;
            field_start = i + 1;
        }
        i += 1;
    }
    if n < field {
        return (i, i);
    }
    let (mut from, mut to) = (field_start, i);
    if text.get(from) == Some(&b'"') && to > from + 1 && text.get(to - 1) == Some(&b'"') {
        from += 1;
        to -= 1;
    }
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_past_quoted_commas_and_line_breaks() {
        let text = b"a,b,c\n1,\"x, \"\"y\"\"\nz\",3\n";
        let row = 6;
        assert_eq!(field_span(text, row, 0), (6, 7));
        let (from, to) = field_span(text, row, 1);
        assert_eq!(&text[from..to], b"x, \"\"y\"\"\nz");
        let (from, to) = field_span(text, row, 2);
        assert_eq!(&text[from..to], b"3");
    }

    #[test]
    fn lines_and_columns_count_characters_and_inner_line_breaks() {
        let text = "h1,h2\n\"é\né\",bad\n";
        let mut p = Positions::new("f.csv", text.as_bytes());
        let at = p.locate(6, 2, Some(1));
        assert_eq!((at.line, at.column), (3, 4));
        assert_eq!(&text[at.span.clone()], "bad");
    }

    #[test]
    fn invalid_bytes_keep_offsets() {
        assert_eq!(same_offsets_text(b"a\xff\xfeb"), "a??b");
        assert_eq!(same_offsets_text("é".as_bytes()), "é");
    }
}
