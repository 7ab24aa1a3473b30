//! Finding a data file's large lists and their elements without parsing them, so that the
//! elements can be parsed on several cores.
//!
//! A small lexer that knows only what can hide a bracket or a comma: strings (with escapes), raw
//! strings (`r"…"`, `r#"…"#`), byte strings, character literals, line and (nested) block
//! comments. It finds the top-level fields `events: [` and `claims: [` of the file's struct and
//! the byte range of each element of those lists. It trusts nothing: anything it does not
//! expect ends the split (`None`), and the file is then parsed whole, which gives the exact
//! diagnostic; what it finds is checked again when each piece is parsed.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// A list field of the file and its elements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitList {
    /// Which field: `"events"` or `"claims"`.
    pub field: &'static str,
    /// From just after `[` to just before `]`.
    pub inner: Range<usize>,
    /// Each element's bytes (comments and spaces around it included).
    pub elements: Vec<Range<usize>>,
}

/// The fields worth splitting.
const FIELDS: [&str; 2] = ["events", "claims"];

/// The `events` and `claims` lists of a file, when the file has the expected shape: a struct
/// (named or not) whose fields are those lists, among others. `None` when anything is unusual
/// (extensions enabled in the file, a lexing surprise, an empty element such as `[a,,b]`).
pub fn split(text: &str) -> Option<Vec<SplitList>> {
    let mut lx = Lexer::new(text.as_bytes(), 0);
    lx.open_struct()?;
    let mut lists = Vec::new();
    loop {
        match lx.field()? {
            Field::End => return Some(lists),
            Field::Value => {}
            Field::List(field) => {
                let start = lx.i;
                let elements = lx.elements()?;
                lists.push(SplitList {
                    field,
                    inner: start..lx.i,
                    elements,
                });
                lx.i += 1; // the `]`
                lx.after_field()?;
            }
        }
    }
}

/// What [`Lexer::field`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// One of [`FIELDS`] holding a list: the lexer is just after its `[`.
    List(&'static str),
    /// Any other field: the lexer is after its `,`, or at the struct's `)`.
    Value,
    /// The struct's `)`: the lexer is at it.
    End,
}

/// A lexer over bytes that may be only the beginning of a file: every step that runs out of
/// bytes gives `None`, as a step that finds something unexpected does, so a caller holding
/// part of a file reads more and takes the step again from where it started.
pub struct Lexer<'a> {
    b: &'a [u8],
    /// The position: every step leaves it where the next one starts.
    pub i: usize,
}
impl<'a> Lexer<'a> {
    /// A lexer over `b`, at `i`.
    pub fn new(b: &'a [u8], i: usize) -> Self {
        Lexer { b, i }
    }

    /// Up to just after the `(` of the file's struct (named or not).
    pub fn open_struct(&mut self) -> Option<()> {
        self.skip_trivia()?;
        if self.peek(0)? == b'#' {
            // `#![enable(…)]` changes how everything after it parses: parse the file whole.
            return None;
        }
        if self.peek(0)?.is_ascii_alphabetic() {
            self.identifier();
            self.skip_trivia()?;
        }
        if self.peek(0)? != b'(' {
            return None;
        }
        self.i += 1;
        Some(())
    }

    /// One field of the struct, `name: value,` (see [`Field`]).
    pub fn field(&mut self) -> Option<Field> {
        self.skip_trivia()?;
        match self.peek(0)? {
            b')' => return Some(Field::End),
            c if c.is_ascii_alphabetic() || c == b'_' => {}
            _ => return None,
        }
        let name = self.identifier();
        self.skip_trivia()?;
        if self.peek(0)? != b':' {
            return None;
        }
        self.i += 1;
        self.skip_trivia()?;
        let list = FIELDS.iter().find(|f| **f == name).copied();
        match list {
            Some(list) if self.peek(0)? == b'[' => {
                self.i += 1;
                Some(Field::List(list))
            }
            _ => {
                self.value()?;
                self.after_field()?;
                Some(Field::Value)
            }
        }
    }

    /// After a field's value: past its `,`, or at the struct's `)`.
    pub fn after_field(&mut self) -> Option<()> {
        self.skip_trivia()?;
        match self.peek(0)? {
            b',' => self.i += 1,
            b')' => {}
            _ => return None,
        }
        Some(())
    }

    /// One element of a list, `self.i` where it may start (spaces and comments before it are
    /// part of it): its bytes, the lexer then past its `,` or at the `]` after it; or `None`
    /// inside when the list's `]` comes first (the lexer at it).
    pub fn element(&mut self) -> Option<Option<Range<usize>>> {
        let start = self.i;
        self.skip_trivia()?;
        match self.peek(0)? {
            // Nothing after the last comma (or an empty list) is no element.
            b']' => return Some(None),
            b',' => return None,
            _ => {}
        }
        self.value()?;
        let end = self.i;
        match self.peek(0)? {
            b',' => self.i += 1,
            b']' => {}
            _ => return None,
        }
        Some(Some(start..end))
    }

    fn peek(&self, k: usize) -> Option<u8> {
        self.b.get(self.i + k).copied()
    }

    /// Spaces and comments.
    pub fn skip_trivia(&mut self) -> Option<()> {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(c), _) if c.is_ascii_whitespace() => self.i += 1,
                (Some(b'/'), Some(b'/')) => {
                    self.i = memchr::memchr(b'\n', &self.b[self.i..])
                        .map_or(self.b.len(), |n| self.i + n);
                }
                (Some(b'/'), Some(b'*')) => self.block_comment()?,
                _ => return Some(()),
            }
        }
    }

    fn block_comment(&mut self) -> Option<()> {
        self.i += 2;
        let mut depth = 1;
        while depth > 0 {
            match (self.peek(0)?, self.peek(1)) {
                (b'*', Some(b'/')) => {
                    depth -= 1;
                    self.i += 2;
                }
                (b'/', Some(b'*')) => {
                    depth += 1;
                    self.i += 2;
                }
                _ => self.i += 1,
            }
        }
        Some(())
    }

    fn identifier(&mut self) -> &'a str {
        let start = self.i;
        while self
            .peek(0)
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.i += 1;
        }
        let b: &'a [u8] = self.b;
        std::str::from_utf8(&b[start..self.i]).unwrap_or("")
    }

    /// A `"…"` string, the opening quote at `self.i`.
    fn string(&mut self) -> Option<()> {
        self.i += 1;
        loop {
            // An escape can end the bytes: `get`, as `self.i` may then be past them.
            let n = memchr::memchr2(b'"', b'\\', self.b.get(self.i..)?)?;
            self.i += n;
            if self.b[self.i] == b'\\' {
                self.i += 2;
            } else {
                self.i += 1;
                return Some(());
            }
        }
    }

    /// A raw string: `r`, some `#`, a quote, …, a quote and as many `#`; `self.i` at the `r`.
    fn raw_string(&mut self) -> Option<()> {
        self.i += 1;
        let hashes = self.b[self.i..].iter().take_while(|&&c| c == b'#').count();
        self.i += hashes;
        if self.peek(0) != Some(b'"') {
            return None;
        }
        self.i += 1;
        loop {
            let n = memchr::memchr(b'"', self.b.get(self.i..)?)?;
            self.i += n + 1;
            let closing = self.b[self.i..].iter().take_while(|&&c| c == b'#').count();
            if closing >= hashes {
                self.i += hashes;
                return Some(());
            }
        }
    }

    /// A character literal, the opening quote at `self.i`.
    fn char_literal(&mut self) -> Option<()> {
        self.i += 1;
        if self.peek(0)? == b'\\' {
            self.i += 2;
        } else {
            // One character, of up to four bytes.
            self.i += 1;
        }
        while self.peek(0)? != b'\'' {
            // The rest of a multi-byte character or of an escape (`\u{…}`).
            self.i += 1;
        }
        self.i += 1;
        Some(())
    }

    /// Where the raw string whose opening quote is at `self.i` begins (its `r`), if the quote
    /// ends a raw string's prefix: `r` or `br`, not on the end of an identifier, then any `#`.
    /// (A byte string, `b"…"`, is lexed as a string is.) Looked for back from the quote, so
    /// that the `r` and `b` of every identifier are passed over without a second look.
    fn raw_start(&self) -> Option<usize> {
        let hashes = self.b[..self.i].iter().rev().take_while(|&&c| c == b'#');
        let r = self.i.checked_sub(hashes.count() + 1)?;
        if self.b[r] != b'r' {
            return None;
        }
        let prefix = match r.checked_sub(1).map(|k| self.b[k]) {
            Some(b'b') => r - 1,
            _ => r,
        };
        let before = prefix.checked_sub(1).map(|k| self.b[k]);
        let in_identifier = before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_');
        (!in_identifier).then_some(r)
    }

    /// One token that may hide brackets: a string of any kind, a character or a comment.
    /// Gives whether it consumed one.
    fn opaque(&mut self) -> Option<bool> {
        match (self.peek(0)?, self.peek(1)) {
            (b'"', _) => match self.raw_start() {
                Some(r) => {
                    self.i = r;
                    self.raw_string()?;
                }
                None => self.string()?,
            },
            (b'\'', _) => self.char_literal()?,
            (b'/', Some(b'/')) | (b'/', Some(b'*')) => self.skip_trivia()?,
            _ => return Some(false),
        }
        Some(true)
    }

    /// Any value, up to (not including) the `,` or `)` that ends it at this depth.
    fn value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            // Past bytes that neither open, close nor end anything, at once (counted in a
            // local: counted in `self.i`, each byte was a store and two loads).
            let (b, mut i) = (self.b, self.i);
            while b.get(i).is_some_and(|&c| !SIGNIFICANT[usize::from(c)]) {
                i += 1;
            }
            self.i = i;
            if self.opaque()? {
                continue;
            }
            match self.peek(0)? {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    if depth == 0 {
                        return Some(());
                    }
                    depth -= 1;
                }
                b',' if depth == 0 => return Some(()),
                _ => {}
            }
            self.i += 1;
        }
    }

    /// The elements of a list, `self.i` just after its `[`; ends at its `]`. What is left of
    /// a long text is lexed on two cores (see [`Lexer::elements_guessing`]).
    fn elements(&mut self) -> Option<Vec<Range<usize>>> {
        let left = self.b.len() - self.i;
        let two_cores = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
        if left >= SPECULATE_BYTES && two_cores {
            // An element's end and its comma, about halfway: most likely the start of the next.
            let half = self.i + left / 2;
            if let Some(n) = memchr::memmem::find(&self.b[half..], b"),") {
                return self.elements_guessing(half + n + 2);
            }
        }
        self.elements_until(None, None).map(|(out, _)| out)
    }

    /// [`Lexer::elements`], guessing that an element starts at `guess`: another thread lexes on
    /// from there while this one lexes up to it. If this one comes to an element starting
    /// exactly at `guess`, the guess was right — lexing on from there is what the other thread
    /// did — and its elements follow; otherwise (the guess fell inside a string, a comment or
    /// another list) this one lexes on alone and the other's work is dropped.
    fn elements_guessing(&mut self, guess: usize) -> Option<Vec<Range<usize>>> {
        let cancel = AtomicBool::new(false);
        let b = self.b;
        std::thread::scope(|scope| {
            let second = scope.spawn(|| {
                let mut lx = Lexer { b, i: guess };
                let elements = lx.elements_until(None, Some(&cancel));
                elements.map(|(out, _)| (out, lx.i))
            });
            let first = self.elements_until(Some(guess), None);
            if let Some((mut out, true)) = first {
                let (rest, end) = second.join().ok()??;
                out.extend(rest);
                self.i = end;
                return Some(out);
            }
            cancel.store(true, Ordering::Relaxed);
            let _ = second.join();
            first.map(|(out, _)| out)
        })
    }

    /// The elements from `self.i` up to the list's `]`, or up to an element starting at `stop`
    /// (then `true` comes with them); gives up when `cancel` is set.
    fn elements_until(
        &mut self,
        stop: Option<usize>,
        cancel: Option<&AtomicBool>,
    ) -> Option<(Vec<Range<usize>>, bool)> {
        let mut out = Vec::new();
        loop {
            if stop == Some(self.i) {
                return Some((out, true));
            }
            if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                return None;
            }
            match self.element()? {
                Some(element) => out.push(element),
                None => return Some((out, false)),
            }
        }
    }
}

/// The bytes that may begin a string, a character, a comment, or open, close or end a value
/// (raw and byte strings are told at their quote): [`Lexer::value`] passes over all others.
const SIGNIFICANT: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let bytes = b"\"'/([{)]},";
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

/// Lists with at least this many bytes after their `[` are lexed on two cores.
const SPECULATE_BYTES: usize = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces<'a>(text: &'a str, list: &SplitList) -> Vec<&'a str> {
        list.elements
            .iter()
            .map(|r| text[r.clone()].trim())
            .collect()
    }

    #[test]
    fn finds_the_elements_of_events_and_claims() {
        let text = r##"// a comment (with a bracket
Dataset(
    title: "A, [title]",
    sources: [(id: "s", name: "S", kind: Media)],
    events: [
        (id: "a", title: "comma, \"quote\" ] bracket"), /* (block /* nested */ ) */
        (id: "b", title: r#"raw "] ,"#, summary: 'x'),
        (id: "c", q: Some(Exact(3)), c: ',', d: '\''),
    ],
    claims: [(id: "k", value: Status("over"))]
)"##;
        let lists = split(text).unwrap_or_default();
        assert_eq!(lists.len(), 2);
        assert_eq!(lists[0].field, "events");
        assert_eq!(
            pieces(text, &lists[0]),
            vec![
                r#"(id: "a", title: "comma, \"quote\" ] bracket")"#,
                "/* (block /* nested */ ) */\n        (id: \"b\", title: r#\"raw \"] ,\"#, summary: 'x')",
                r#"(id: "c", q: Some(Exact(3)), c: ',', d: '\'')"#,
            ]
        );
        assert_eq!(lists[1].field, "claims");
        assert_eq!(
            pieces(text, &lists[1]),
            vec![r#"(id: "k", value: Status("over"))"#]
        );
    }

    #[test]
    fn lexing_from_any_guessed_start_gives_what_lexing_in_one_go_gives() {
        let text = r##"[
        (id: "a", title: "x), (y"), (id: "b"), /* ), ( */ (id: "c", q: [(a),(b)]),
        (id: "d", s: r#"),"#, c: ','),(id: "e") ,
    ]"##;
        let alone = Lexer {
            b: text.as_bytes(),
            i: 1,
        }
        .elements_until(None, None);
        let Some((alone, false)) = alone else {
            panic!("the list did not lex");
        };
        assert_eq!(alone.len(), 5);
        for guess in 1..text.len() {
            let mut lx = Lexer {
                b: text.as_bytes(),
                i: 1,
            };
            assert_eq!(
                lx.elements_guessing(guess),
                Some(alone.clone()),
                "guess {guess}"
            );
            assert_eq!(lx.i, text.len() - 1, "guess {guess}: ends at the `]`");
        }
        // A broken list is broken whatever the guess.
        let broken = text.replace("(id: \"e\")", "(id: \"e)");
        for guess in 1..broken.len() {
            let mut lx = Lexer {
                b: broken.as_bytes(),
                i: 1,
            };
            assert_eq!(lx.elements_guessing(guess), None, "guess {guess}");
        }
    }

    #[test]
    fn a_long_file_splits_as_a_short_one_does() {
        let text = crate::load::write::to_ron(&crate::generate::dataset(4000, 4));
        assert!(text.len() > 2 * SPECULATE_BYTES);
        let lists = split(&text).unwrap_or_default();
        let mut one_go = Lexer {
            b: text.as_bytes(),
            i: lists[0].inner.start,
        };
        let alone = one_go.elements_until(None, None).map(|(out, _)| out);
        assert_eq!(Some(lists[0].elements.clone()), alone);
        assert_eq!(lists[0].elements.len(), 4000);
    }

    #[test]
    fn an_unnamed_struct_and_empty_lists() {
        let lists = split("(events: [], claims: [ ])").unwrap_or_default();
        assert_eq!(lists.len(), 2);
        assert!(lists.iter().all(|l| l.elements.is_empty()));
    }

    #[test]
    fn raw_and_byte_strings_are_told_at_their_quote() {
        // A raw string's backslash escapes nothing, and its quotes end it only with its `#`s; a
        // byte string is a string; `r#type` is a raw identifier, not a string.
        let text = r##"(events: [(c: r"\"), (d: br#"a"]"#), (e: b"\"]"), (f: r#type)])"##;
        let lists = split(text).unwrap_or_default();
        assert_eq!(
            pieces(text, &lists[0]),
            vec![
                r#"(c: r"\")"#,
                r##"(d: br#"a"]"#)"##,
                r#"(e: b"\"]")"#,
                "(f: r#type)"
            ]
        );
        // An `r` on the end of an identifier begins no raw string: this string goes on past
        // `\"`, and the text ends inside another.
        assert_eq!(split(r#"(events: [(g: ar"\", h: "]")])"#), None);
        assert_eq!(
            split(r#"(events: [(g: r"\", h: "]")])"#).map(|l| l.len()),
            Some(1)
        );
    }

    #[test]
    fn anything_unusual_is_left_to_the_parser() {
        for text in [
            "#![enable(implicit_some)]\nDataset(events: [(id: \"a\")])",
            "Dataset(events: [(id: \"a\"),, (id: \"b\")])",
            "Dataset(events: [(id: \"a)])",
            "Dataset(events: [(id: \"a\")]",
            "[(id: \"a\")]",
            "Dataset(events: [(id: 'a)])",
            "Dataset(events /* unclosed",
            // Text ending in an escape: the lexer steps past the end, and must not index there.
            "Dataset(events: [(id: \"a\\",
        ] {
            assert_eq!(split(text), None, "{text}");
        }
    }
}
