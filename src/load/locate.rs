//! Finding where a value sits in a RON file, for diagnostics.
//!
//! serde gives values but not their positions, so after `ron` has read a file, this module reads
//! the same text once more, structurally only (no numbers or escapes decoded), into a tree of
//! spans, and answers "where is `events[3].sources[0].source`?". It is built only for files that
//! have something to report, and it never panics: on text it cannot follow it simply finds less.

use std::ops::Range;

/// One step of a path into a file: a struct field or a list element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg {
    /// A named field.
    Field(&'static str),
    /// The n-th element of a list or tuple.
    Index(usize),
}

/// A path from the top of a file to a value.
pub type Path = Vec<Seg>;

/// Deepest nesting followed; deeper text is treated as opaque.
const MAX_DEPTH: usize = 256;

#[derive(Debug)]
struct Node {
    span: Range<usize>,
    /// The identifier before a parenthesis: `Some`, `Range`, `Dataset`.
    name: Option<String>,
    kind: NodeKind,
}

#[derive(Debug)]
enum NodeKind {
    Atom,
    Seq(Vec<Node>),
    Fields(Vec<(String, Range<usize>, Node)>),
}

/// The span tree of one file.
#[derive(Debug)]
pub struct SpanTree {
    root: Option<Node>,
}

impl SpanTree {
    /// Reads the structure of `text`.
    pub fn new(text: &str) -> SpanTree {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
        };
        p.skip_ws();
        // `#![enable(...)]` attributes before the value.
        while p.s.get(p.i..).is_some_and(|rest| rest.starts_with(b"#!")) {
            while p.i < p.s.len() && p.s[p.i] != b']' {
                p.i += 1;
            }
            p.i = (p.i + 1).min(p.s.len());
            p.skip_ws();
        }
        SpanTree { root: p.value(0) }
    }

    /// The span of the value at `path`; with `key`, the span of the field's name instead.
    /// Falls back to the nearest enclosing value that exists.
    pub fn find(&self, path: &[Seg], key: bool) -> Option<Range<usize>> {
        let mut node = self.root.as_ref()?;
        let mut best = node.span.clone();
        for (n, seg) in path.iter().enumerate() {
            node = unwrap_some(node);
            let last = n + 1 == path.len();
            match (seg, &node.kind) {
                (Seg::Field(f), NodeKind::Fields(fields)) => {
                    let Some((_, name_span, child)) = fields.iter().find(|(k, _, _)| k == f) else {
                        return Some(best);
                    };
                    if last && key {
                        return Some(name_span.clone());
                    }
                    node = child;
                }
                (Seg::Index(i), NodeKind::Seq(items)) => match items.get(*i) {
                    Some(child) => node = child,
                    None => return Some(best),
                },
                _ => return Some(best),
            }
            best = node.span.clone();
        }
        Some(best)
    }
}

/// `Some(x)` stands for `x` when a path goes through an optional field.
fn unwrap_some(node: &Node) -> &Node {
    match (&node.name, &node.kind) {
        (Some(name), NodeKind::Seq(items)) if name == "Some" && items.len() == 1 => &items[0],
        _ => node,
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.i += 1,
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'/') => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.i += 1;
                    }
                }
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'*') => {
                    // Block comments nest in RON.
                    self.i += 2;
                    let mut depth = 1;
                    while depth > 0 && self.i < self.s.len() {
                        if self.s[self.i..].starts_with(b"/*") {
                            depth += 1;
                            self.i += 2;
                        } else if self.s[self.i..].starts_with(b"*/") {
                            depth -= 1;
                            self.i += 2;
                        } else {
                            self.i += 1;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.i;
        match self.peek()? {
            b'[' => {
                self.i += 1;
                let items = self.items(b']', depth)?;
                Some(self.node(start, None, NodeKind::Seq(items)))
            }
            b'{' => {
                // Maps are not used by the format; keep their extent only.
                self.skip_group(b'{', b'}');
                Some(self.node(start, None, NodeKind::Atom))
            }
            b'(' => self.parens(start, None, depth),
            b'"' => {
                self.string();
                Some(self.node(start, None, NodeKind::Atom))
            }
            b'\'' => {
                self.char_literal();
                Some(self.node(start, None, NodeKind::Atom))
            }
            _ => {
                if self.raw_string() {
                    return Some(self.node(start, None, NodeKind::Atom));
                }
                let word = self.atom();
                if word.is_empty() {
                    return None;
                }
                let after_word = self.i;
                self.skip_ws();
                if self.peek() == Some(b'(') {
                    let name = String::from_utf8_lossy(word).into_owned();
                    return self.parens(start, Some(name), depth);
                }
                self.i = after_word;
                Some(self.node(start, None, NodeKind::Atom))
            }
        }
    }

    fn node(&mut self, start: usize, name: Option<String>, kind: NodeKind) -> Node {
        // An escape at the very end may have stepped past it.
        self.i = self.i.min(self.s.len());
        Node {
            span: start..self.i,
            name,
            kind,
        }
    }

    /// `( … )`: named fields when it starts with `ident:`, a tuple otherwise.
    fn parens(&mut self, start: usize, name: Option<String>, depth: usize) -> Option<Node> {
        self.i += 1;
        self.skip_ws();
        let save = self.i;
        let first = self.atom();
        self.skip_ws();
        let is_struct = !first.is_empty() && self.peek() == Some(b':');
        self.i = save;
        if !is_struct {
            let items = self.items(b')', depth)?;
            return Some(self.node(start, name, NodeKind::Seq(items)));
        }
        let mut fields = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some(b')') {
                self.i += 1;
                break;
            }
            let key_start = self.i;
            let key = self.atom();
            if key.is_empty() {
                return None;
            }
            let key_span = key_start..self.i;
            let key = String::from_utf8_lossy(key.strip_prefix(b"r#").unwrap_or(key)).into_owned();
            self.skip_ws();
            if self.peek() != Some(b':') {
                return None;
            }
            self.i += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            fields.push((key, key_span, value));
            self.skip_ws();
            if self.peek() == Some(b',') {
                self.i += 1;
            }
        }
        Some(self.node(start, name, NodeKind::Fields(fields)))
    }

    /// Comma-separated values up to `close`.
    fn items(&mut self, close: u8, depth: usize) -> Option<Vec<Node>> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek()? {
                c if c == close => {
                    self.i += 1;
                    return Some(items);
                }
                b',' => self.i += 1,
                _ => items.push(self.value(depth + 1)?),
            }
        }
    }

    /// An identifier, number or other bare token.
    fn atom(&mut self) -> &'a [u8] {
        let s = self.s;
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_whitespace() || b"()[]{},:\"'/".contains(&c) {
                break;
            }
            self.i += 1;
        }
        &s[start..self.i]
    }

    fn string(&mut self) {
        self.i += 1;
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    fn char_literal(&mut self) {
        self.i += 1;
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'\'' => return,
                _ => {}
            }
        }
    }

    /// `r"…"`, `r#"…"#`, `b"…"`, `br#"…"#`; false when the text is not one.
    fn raw_string(&mut self) -> bool {
        let rest = &self.s[self.i..];
        let (prefix, raw) = if rest.starts_with(b"br") {
            (2, true)
        } else if rest.starts_with(b"r") {
            (1, true)
        } else if rest.starts_with(b"b\"") {
            (1, false)
        } else {
            return false;
        };
        let hashes = rest[prefix..].iter().take_while(|&&c| c == b'#').count();
        if rest.get(prefix + hashes) != Some(&b'"') {
            return false;
        }
        if !raw {
            self.i += prefix;
            self.string();
            return true;
        }
        self.i += prefix + hashes + 1;
        while self.i < self.s.len() {
            if self.s[self.i] == b'"'
                && self.s[self.i + 1..]
                    .iter()
                    .take_while(|&&c| c == b'#')
                    .count()
                    >= hashes
            {
                self.i += 1 + hashes;
                return true;
            }
            self.i += 1;
        }
        true
    }

    fn skip_group(&mut self, open: u8, close: u8) {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'"' => {
                    self.string();
                    continue;
                }
                c if c == open => depth += 1,
                c if c == close => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.i += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Byte offset of 1-based `line` and character `col` in `text` (clamped to the text).
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..];
    let line_end = line_text.find('\n').unwrap_or(line_text.len());
    line_text[..line_end]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(start + line_end, |(i, _)| start + i)
}

/// The largest char boundary of `text` at or before `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"// comment (with: parens)
Dataset(
    events: [
        (id: "a", title: "x, y: (z)", place: Some((name: r#"R"aqqa"#))),
        /* nested /* block */ comment */
        (id: "b", kind: Airstrike, value: Range(low: 1, high: 2)),
    ],
)"##;

    fn at(path: &[Seg], key: bool) -> &'static str {
        let tree = SpanTree::new(TEXT);
        let span = tree.find(path, key).unwrap_or(0..0);
        &TEXT[span]
    }

    #[test]
    fn finds_values_and_keys() {
        use Seg::*;
        assert_eq!(
            at(&[Field("events"), Index(1), Field("id")], false),
            "\"b\""
        );
        assert_eq!(
            at(&[Field("events"), Index(0), Field("title")], true),
            "title"
        );
        assert_eq!(
            at(
                &[Field("events"), Index(0), Field("place"), Field("name")],
                false
            ),
            "r#\"R\"aqqa\"#"
        );
        assert_eq!(
            at(
                &[Field("events"), Index(1), Field("value"), Field("high")],
                false
            ),
            "2"
        );
        // A missing field falls back to the enclosing value.
        assert!(at(&[Field("events"), Index(1), Field("nope")], false).starts_with("(id: \"b\""));
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in [
            "",
            "(",
            "[[[",
            "(a: ",
            "\"unterminated",
            "r#\"x",
            "(a: b(",
            "/* open",
            "#![enable(",
            "#!",
            "(a: \"\\",
            "(a: '\\",
            "(a: b\"",
            "(a: br#\"",
            "/*/",
            "(a: {",
        ] {
            let tree = SpanTree::new(text);
            for key in [false, true] {
                if let Some(span) = tree.find(&[Seg::Field("a"), Seg::Index(3)], key) {
                    assert!(
                        span.start <= span.end && span.end <= text.len(),
                        "{text:?}: {span:?}"
                    );
                }
            }
        }
        let deep = "[".repeat(100_000);
        let _ = SpanTree::new(&deep).find(&[Seg::Index(0)], false);
    }

    #[test]
    fn line_and_column() {
        let text = "ab\nçd\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 5), (2, 2));
        assert_eq!(offset_of(text, 2, 2), 5);
        assert_eq!(offset_of(text, 9, 1), text.len());
    }
}
