//! A fast reader for the plain RON that the elements of a large file's lists nearly always are:
//! parenthesised structs of named fields, lists, quoted strings with the common escapes,
//! decimal numbers, bare identifiers, `None` and `Some(…)`.
//!
//! It reads strictly less than `ron` does, never differently: whatever it is not sure of — a
//! comment, a struct name, a raw string, an unusual escape or number, a non-ASCII identifier,
//! any error at all — makes it give up ([`Bail`]), and the caller reads the element with `ron`,
//! which gives the real value or the real error. Where it does read a value, it is the value
//! `ron` reads (the tests below check this on valid data and on damaged data).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde::{Deserialize, forward_to_deserialize_any};

/// The reader gave up: the text is for `ron` to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bail;

impl fmt::Display for Bail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not plain RON")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Bail
    }
}

/// Reads all of `text` (whitespace around it aside) as a `T`, or gives up.
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Bail> {
    let mut r = Reader { text, pos: 0 };
    r.ws();
    let value = T::deserialize(&mut r)?;
    r.ws();
    if r.pos == text.len() {
        Ok(value)
    } else {
        Err(Bail)
    }
}

/// Reads a `T` from `text` at `at` (whitespace before it skipped), or gives up: the value and
/// where it ends. `at` is at a character's start (the caller's: after an ASCII byte).
pub fn from_prefix<'de, T: Deserialize<'de>>(
    text: &'de str,
    at: usize,
) -> Result<(T, usize), Bail> {
    let mut r = Reader { text, pos: at };
    r.ws();
    let value = T::deserialize(&mut r)?;
    Ok((value, r.pos))
}

/// The bytes that go on an identifier: ASCII letters, digits and `_`.
const IDENT: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_';
        c += 1;
    }
    t
};

/// A position in a text.
struct Reader<'de> {
    text: &'de str,
    pos: usize,
}

impl<'de> Reader<'de> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Skips spaces, tabs and line ends (a comment, or rarer whitespace, is `ron`'s).
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect(&mut self, b: u8) -> Result<(), Bail> {
        if self.eat(b) { Ok(()) } else { Err(Bail) }
    }

    /// An ASCII identifier starting with a letter.
    fn ident(&mut self) -> Result<&'de str, Bail> {
        let start = self.pos;
        if !self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            return Err(Bail);
        }
        // Told by a table, a byte a load: field names and words are most of what is not text.
        let rest = self.text.as_bytes().get(start..).unwrap_or_default();
        let len = (rest.iter())
            .position(|&c| !IDENT[usize::from(c)])
            .unwrap_or(rest.len());
        self.pos = start + len;
        // A non-ASCII letter could go on with the identifier.
        if self.peek().is_some_and(|c| !c.is_ascii()) {
            return Err(Bail);
        }
        Ok(&self.text[start..self.pos])
    }

    /// The identifier here, without moving past it.
    fn peek_ident(&mut self) -> Option<&'de str> {
        let start = self.pos;
        let id = self.ident().ok();
        self.pos = start;
        id
    }

    /// A quoted string: borrowed when it has no escape, `\"`, `\\`, `\n`, `\t` and `\r` read,
    /// any other escape left to `ron`.
    fn string(&mut self) -> Result<Cow<'de, str>, Bail> {
        self.expect(b'"')?;
        let rest = &self.text[self.pos..];
        let end = memchr::memchr2(b'"', b'\\', rest.as_bytes()).ok_or(Bail)?;
        if rest.as_bytes()[end] == b'"' {
            self.pos += end + 1;
            return Ok(Cow::Borrowed(&rest[..end]));
        }
        let mut out = String::with_capacity(rest.len().min(256));
        let mut at = 0;
        loop {
            let next = at + memchr::memchr2(b'"', b'\\', &rest.as_bytes()[at..]).ok_or(Bail)?;
            out.push_str(&rest[at..next]);
            if rest.as_bytes()[next] == b'"' {
                self.pos += next + 1;
                return Ok(Cow::Owned(out));
            }
            out.push(match rest.as_bytes().get(next + 1) {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'n') => '\n',
                Some(b't') => '\t',
                Some(b'r') => '\r',
                _ => return Err(Bail),
            });
            at = next + 2;
        }
    }

    /// A decimal number, `-?digits(.digits)?`, with no leading zero before another digit and
    /// nothing after it that `ron` would read as more of it.
    fn number(&mut self) -> Result<&'de str, Bail> {
        let start = self.pos;
        self.eat(b'-');
        let whole = self.digits()?;
        if whole.len() > 1 && whole[0] == b'0' {
            return Err(Bail);
        }
        if self.eat(b'.') {
            self.digits()?;
        }
        if self.peek().is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'+' | b'-') || !c.is_ascii()
        }) {
            return Err(Bail);
        }
        Ok(&self.text[start..self.pos])
    }

    /// One or more digits.
    fn digits(&mut self) -> Result<&'de [u8], Bail> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let run = &self.text.as_bytes()[start..self.pos];
        if run.is_empty() { Err(Bail) } else { Ok(run) }
    }

    /// After an element of a list or struct: a comma (and what space follows), or the closing
    /// bracket, left for the caller.
    fn after_element(&mut self, close: u8) -> Result<(), Bail> {
        self.ws();
        if self.eat(b',') {
            self.ws();
            Ok(())
        } else if self.peek() == Some(close) {
            Ok(())
        } else {
            Err(Bail)
        }
    }

    /// `(value)`, spaces allowed around each part (a trailing comma is left to `ron`).
    fn in_parens<T>(
        &mut self,
        value: impl FnOnce(&mut Self) -> Result<T, Bail>,
    ) -> Result<T, Bail> {
        self.ws();
        self.expect(b'(')?;
        self.ws();
        let value = value(self)?;
        self.ws();
        self.expect(b')')?;
        Ok(value)
    }

    /// `( field: value, … )`, after any struct name (which gives up).
    fn fields<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Bail> {
        self.expect(b'(')?;
        self.ws();
        let value = visitor.visit_map(Fields(self))?;
        self.expect(b')')?;
        Ok(value)
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        let n: f64 = self.number()?.parse().map_err(|_| Bail)?;
        visitor.visit_f64(n)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        let n: i64 = self.number()?.parse().map_err(|_| Bail)?;
        visitor.visit_i64(n)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.string()? {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_borrowed_str(self.ident()?)
    }

    /// `None`, `Some(value)`, or the value alone (the files' implicit `Some`).
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.peek_ident() {
            Some("None") => {
                self.pos += "None".len();
                visitor.visit_none()
            }
            Some("Some") => {
                self.pos += "Some".len();
                self.in_parens(|r| visitor.visit_some(r))
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.expect(b'[')?;
        self.ws();
        let value = visitor.visit_seq(Items(&mut *self))?;
        self.expect(b']')?;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        self.fields(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        visitor.visit_enum(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i128 u8 u16 u32 u64 u128 f32 char bytes byte_buf unit unit_struct
        newtype_struct tuple tuple_struct map ignored_any
    }
}

/// The fields of a struct, up to its closing parenthesis.
struct Fields<'r, 'de>(&'r mut Reader<'de>);

impl<'de> MapAccess<'de> for Fields<'_, 'de> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Bail> {
        if self.0.peek() == Some(b')') {
            return Ok(None);
        }
        seed.deserialize(&mut *self.0).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Bail> {
        self.0.ws();
        self.0.expect(b':')?;
        self.0.ws();
        let value = seed.deserialize(&mut *self.0)?;
        self.0.after_element(b')')?;
        Ok(value)
    }
}

/// The elements of a list, up to its closing bracket.
struct Items<'r, 'de>(&'r mut Reader<'de>);

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Bail> {
        if self.0.peek() == Some(b']') {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.0)?;
        self.0.after_element(b']')?;
        Ok(Some(value))
    }
}

impl<'de> EnumAccess<'de> for &mut Reader<'de> {
    type Error = Bail;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Bail> {
        let variant = seed.deserialize(&mut *self)?;
        Ok((variant, self))
    }
}

impl<'de> VariantAccess<'de> for &mut Reader<'de> {
    type Error = Bail;

    fn unit_variant(self) -> Result<(), Bail> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Bail> {
        self.in_parens(|r| seed.deserialize(r))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        self.ws();
        self.fields(visitor)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde::Deserialize;

    use super::*;
    use crate::load::raw::{RawClaim, RawEvent, ron_options};
    use crate::load::split::split;

    /// What `ron` reads, as text to compare (the raw items are `Debug`, not `PartialEq`).
    fn by_ron<'a, T: Deserialize<'a> + fmt::Debug>(text: &'a str) -> Option<String> {
        ron_options()
            .from_str::<T>(text)
            .ok()
            .map(|v| format!("{v:?}"))
    }

    fn by_fast<'a, T: Deserialize<'a> + fmt::Debug>(text: &'a str) -> Option<String> {
        from_str::<T>(text).ok().map(|v| format!("{v:?}"))
    }

    /// The elements of a file's `events` and `claims` lists.
    fn elements(text: &str) -> Vec<(&'static str, &str)> {
        let lists = split(text).unwrap_or_else(|| panic!("the file did not split"));
        lists
            .iter()
            .flat_map(|l| l.elements.iter().map(|r| (l.field, &text[r.clone()])))
            .collect()
    }

    /// Reads `text` both ways as `field`'s element; the fast reader must read what `ron` reads,
    /// or give up. Gives whether it read it.
    fn agrees(field: &str, text: &str) -> bool {
        let (fast, ron) = match field {
            "events" => (by_fast::<RawEvent>(text), by_ron::<RawEvent>(text)),
            _ => (by_fast::<RawClaim>(text), by_ron::<RawClaim>(text)),
        };
        if let Some(fast) = &fast {
            assert_eq!(Some(fast), ron.as_ref(), "read differently: {text}");
        }
        fast.is_some()
    }

    #[test]
    fn generated_data_is_read_as_ron_reads_it_every_element() {
        let text = crate::load::write::to_ron(&crate::generate::dataset(3000, 11));
        let all = elements(&text);
        assert!(all.len() > 3000);
        for (field, element) in all {
            assert!(agrees(field, element), "gave up on: {element}");
        }
    }

    #[test]
    fn the_bundled_data_is_read_as_ron_reads_it() {
        for input in crate::load::bundled::inputs() {
            for (field, element) in elements(&input.text) {
                agrees(field, element);
            }
        }
    }

    #[test]
    fn what_is_plain_is_read_and_what_is_not_is_left_to_ron() {
        let event = |rest: &str| {
            format!(r#"(id: "e1", when: "2017-10-17", kind: Statement, title: "t"{rest})"#)
        };
        // Read, as `ron` reads them.
        for plain in [
            event(""),
            event(","),
            event(r#", summary: Some("s"), place: None"#),
            event(r#", summary: "a \"quoted\" word\\ and\nlines\t\r""#),
            event(
                r#", quantities: [(what: "killed", value: Range(low: 1, high: 2.5, best: 2,),),]"#,
            ),
            event(r#", quantities: [(what: "killed", value: About(-0))]"#),
            event(r#", place: (name: "Raqqa", lat: 35.95, lon: 39.01)"#),
            event(r#", place: (name: "Raqqa", lat: 0.5, lon: -0.05)"#),
            event(", actors: [ ]"),
            event(", summary: \"ar-Raqqah, الرقة\""),
            format!(" \n\t{}\n ", event("")),
        ] {
            assert!(agrees("events", &plain), "gave up on: {plain}");
        }
        // Left to `ron`, whatever it makes of them.
        for unusual in [
            format!("Event{}", event("")),
            event(" // a comment"),
            event(" /* a comment */"),
            event(r#", summary: r"raw""#),
            event(r#", summary: "\u{41}""#),
            event(r#", summary: "\x41""#),
            event(", summary: \"line \\\n continued\""),
            event(r#", quantities: [(what: "killed", value: Exact(1e3))]"#),
            event(r#", quantities: [(what: "killed", value: Exact(1_000))]"#),
            event(r#", quantities: [(what: "killed", value: Exact(+5))]"#),
            event(r#", quantities: [(what: "killed", value: Exact(007))]"#),
            event(r#", quantities: [(what: "killed", value: Exact(inf))]"#),
            event(r#", quantities: [(what: "killed", value: Exact(5.))]"#),
            event(", kind: r#Statement"),
            event(", kind: Statementé"),
            event(", summary: Some"),
            event(", summary: Some(\"s\",)"),
            event(" oops"),
            event(", , "),
        ] {
            assert!(!agrees("events", &unusual), "read: {unusual}");
        }
        let claim = r#"(id: "c1", source: "sdf", subject: "raqqa", stated: "2017-10-17", value: Percent(MoreThan(90)), credibility: 2, events: ["e1"])"#;
        assert!(agrees("claims", claim));
        assert!(!agrees(
            "claims",
            &claim.replace("credibility: 2", "credibility: 2.0")
        ));
    }

    /// An edit: at a fraction of the text, delete one character, or insert or put in its place one
    /// of those that matter to RON's syntax.
    fn edit() -> impl Strategy<Value = (f64, u8, char)> {
        let chars = prop::sample::select(
            "()[]{},:\"\\.-_+#/ \n0123456789eNSomnrétx"
                .chars()
                .collect::<Vec<_>>(),
        );
        (0.0..1.0f64, 0u8..3, chars)
    }

    fn apply(text: &str, edits: &[(f64, u8, char)]) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for &(at, how, c) in edits {
            let i = ((chars.len() as f64) * at) as usize;
            match how {
                0 if i < chars.len() => {
                    chars.remove(i);
                }
                1 if i < chars.len() => chars[i] = c,
                _ => chars.insert(i.min(chars.len()), c),
            }
        }
        chars.into_iter().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Damaged elements: whatever the fast reader reads, `ron` reads the same.
        #[test]
        fn damaged_elements_are_read_as_ron_reads_them_or_left_to_it(
            pick in 0usize..1000,
            edits in prop::collection::vec(edit(), 1..4),
        ) {
            thread_local! {
                static TEXT: String = {
                    let mut d = crate::load::load_bundled().dataset;
                    let generated = crate::generate::dataset(300, 5);
                    d.events.extend(generated.events);
                    d.claims.extend(generated.claims);
                    crate::load::write::to_ron(&d)
                };
            }
            TEXT.with(|text| {
                let all = elements(text);
                let (field, element) = all[pick % all.len()];
                agrees(field, &apply(element, &edits));
            });
        }
    }
}
