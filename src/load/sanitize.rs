//! Cleaning untrusted text: nothing from a data file may drive the terminal.
//!
//! Removed: C0 and C1 control characters (keeping line feeds where a field may span lines),
//! DEL, whole ANSI escape sequences (CSI, OSC, and two-character ones), and the bidirectional
//! embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069) that can make text
//! display in another order than it is stored ("Trojan Source"). Tabs become spaces; in one-line
//! fields, line breaks become spaces too.

use std::borrow::Cow;

/// What cleaning removed from one string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Removed {
    /// Control characters (outside escape sequences).
    pub controls: usize,
    /// Whole escape sequences.
    pub escapes: usize,
    /// Bidirectional override, embedding and isolate characters.
    pub bidi: usize,
}

impl Removed {
    /// Whether anything was removed.
    pub fn any(&self) -> bool {
        self.controls + self.escapes + self.bidi > 0
    }

    /// For a warning: "1 escape sequence and 2 bidi override characters".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let mut add = |n: usize, one: &str, many: &str| match n {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        };
        add(self.escapes, "escape sequence", "escape sequences");
        add(self.controls, "control character", "control characters");
        add(
            self.bidi,
            "bidirectional override character",
            "bidirectional override characters",
        );
        parts.join(" and ")
    }
}

/// Whether `c` is a bidi embedding, override or isolate (marks such as U+200F are kept).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` must never reach a terminal.
pub fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// Cleans `text`; `multiline` keeps line feeds (summaries, quotes), otherwise they become spaces.
pub fn clean(text: &str, multiline: bool) -> (Cow<'_, str>, Removed) {
    // Printable ASCII needs nothing: told a block at a time, without decoding characters.
    let printable = text.as_bytes().chunks(32).all(|block| {
        block
            .iter()
            .fold(true, |ok, &b| ok & (b.wrapping_sub(0x20) < 0x5f))
    });
    if printable {
        return (Cow::Borrowed(text), Removed::default());
    }
    let needs_work = text.chars().any(|c| {
        is_dangerous(c)
            || c == '\t'
            || matches!(c, '\u{2028}' | '\u{2029}')
            || (!multiline && c == '\n')
    });
    if !needs_work {
        return (Cow::Borrowed(text), Removed::default());
    }
    let mut out = String::with_capacity(text.len());
    let mut removed = Removed::default();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                removed.escapes += 1;
                skip_escape(&mut chars);
            }
            '\t' => out.push(' '),
            '\n' | '\u{2028}' | '\u{2029}' => out.push(if multiline { '\n' } else { ' ' }),
            c if is_bidi_control(c) => removed.bidi += 1,
            c if c.is_control() => removed.controls += 1,
            c => out.push(c),
        }
    }
    (Cow::Owned(out), removed)
}

/// Consumes the rest of an escape sequence whose ESC has been read.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek().copied() {
        // CSI: parameters and intermediates, then one final byte.
        Some('[') => {
            chars.next();
            while let Some(&c) = chars.peek() {
                chars.next();
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
                if !('\u{20}'..='\u{3f}').contains(&c) {
                    break;
                }
            }
        }
        // OSC, DCS, SOS, PM, APC: a string up to BEL or ST (ESC \).
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        // Two-character sequences: ESC followed by one printable ASCII character.
        Some(c) if ('\u{20}'..='\u{7e}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// A copy of a whole file that is safe to print, with every byte offset unchanged: each
/// dangerous character is replaced by as many `?` as its UTF-8 length. Used for the source
/// lines that diagnostics quote.
pub fn printable_copy(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_dangerous) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_dangerous(c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Cleans a value quoted in a message and shortens it to `max` characters.
pub fn shown(text: &str, max: usize) -> String {
    // Most values are short and clean: no counting, no second copy.
    if text.len() <= max
        && let (Cow::Borrowed(clean), _) = clean(text, false)
    {
        return clean.to_string();
    }
    // Cut first: a value may be megabytes long, and only its start is shown.
    let cut = text
        .char_indices()
        .nth(max * 2)
        .map_or(text, |(i, _)| &text[..i]);
    let (clean, _) = clean(cut, false);
    let mut out: String = clean.chars().take(max).collect();
    if clean.chars().count() > max || cut.len() < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ascii_character_is_cleaned_wherever_it_falls_in_a_block() {
        // (ESC starts a sequence that takes what follows too: tested above.)
        for b in (0u8..0x80).filter(|&b| b != 0x1b) {
            let c = char::from(b);
            for at in [0, 31, 32, 33, 70] {
                let text: String = (0..80).map(|i| if i == at { c } else { 'a' }).collect();
                for multiline in [false, true] {
                    let (out, _) = clean(&text, multiline);
                    let kept = match c {
                        '\n' if multiline => Some('\n'),
                        '\n' | '\t' => Some(' '),
                        c if c.is_control() => None,
                        c => Some(c),
                    };
                    let expected: String = text
                        .chars()
                        .enumerate()
                        .filter_map(|(i, x)| if i == at { kept } else { Some(x) })
                        .collect();
                    assert_eq!(out, expected, "byte {b:#04x} at {at}");
                    assert_eq!(matches!(out, Cow::Borrowed(_)), out == text);
                }
            }
        }
    }

    #[test]
    fn removes_escape_sequences_whole() {
        let (s, r) = clean("Raqqa\u{1b}[31m red\u{1b}[0m \u{1b}]0;title\u{7}x", false);
        assert_eq!(s, "Raqqa red x");
        assert_eq!(r.escapes, 3);
    }

    #[test]
    fn removes_bidi_and_controls_keeps_marks_and_arabic() {
        let (s, r) = clean("الرقة\u{202E}abc\u{200F}\u{0}\u{9b}", false);
        assert_eq!(s, "الرقةabc\u{200F}");
        assert_eq!((r.bidi, r.controls), (1, 2));
    }

    #[test]
    fn line_breaks_by_field() {
        assert_eq!(clean("a\nb\tc", false).0, "a b c");
        assert_eq!(clean("a\nb", true).0, "a\nb");
        assert!(!clean("a\nb", true).1.any());
    }

    #[test]
    fn printable_copy_keeps_offsets() {
        let text = "x\u{1b}[1m\u{202E}y\n";
        let copy = printable_copy(text);
        assert_eq!(copy.len(), text.len());
        assert!(!copy.chars().any(is_dangerous));
    }
}
