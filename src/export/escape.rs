//! Text from the data, made safe for Markdown: it cannot open a heading, a list, a table cell,
//! emphasis, a link or HTML, nor break a line where the document does not.

/// Escapes `text` for use inside a Markdown paragraph, list item or heading, on one line.
pub fn inline(text: &str) -> String {
    Inline(text).to_string()
}

/// `text` escaped as [`inline`] escapes it, written straight to where it is formatted (a
/// briefing formats millions of texts: a `String` for each cost more than the writing).
#[derive(Debug, Clone, Copy)]
pub struct Inline<'a>(pub &'a str);

impl std::fmt::Display for Inline<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        escape_into(self.0, |s| f.write_str(s))
    }
}

/// Appends `text` to `out`, escaped as [`inline`] escapes it (without the formatting machinery,
/// which costs more than the copying when a briefing writes millions of short texts).
pub fn push_inline(out: &mut String, text: &str) {
    let _ = escape_into(text, |s| {
        out.push_str(s);
        Ok(())
    });
}

/// Appends what `make` writes to `out`, escaped as [`inline`] escapes it: written in place,
/// and escaped only if it needs to be (a briefing writes hundreds of thousands of dates and
/// figures, which rarely do: a `String` made for each cost more than the writing).
pub fn push_inline_made(out: &mut String, make: impl FnOnce(&mut String)) {
    let start = out.len();
    make(out);
    if out.as_bytes()[start..]
        .iter()
        .any(|&b| SPECIAL[usize::from(b)])
    {
        let made = out.split_off(start);
        push_inline(out, &made);
    }
}

/// `text` escaped, a piece at a time, to `write`.
fn escape_into(text: &str, mut write: impl FnMut(&str) -> std::fmt::Result) -> std::fmt::Result {
    let mut rest = text;
    // Runs of ordinary text are written whole; every character escaped is ASCII.
    while let Some(at) = first_special(rest.as_bytes()) {
        write(&rest[..at])?;
        write(match rest.as_bytes()[at] {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'\n' | b'\r' | b'\t' => " ",
            b'\\' => "\\\\",
            b'`' => "\\`",
            b'*' => "\\*",
            b'_' => "\\_",
            b'[' => "\\[",
            b']' => "\\]",
            b'#' => "\\#",
            b'|' => "\\|",
            b'~' => "\\~",
            _ => "\\!",
        })?;
        rest = &rest[at + 1..];
    }
    write(rest)
}

/// Where the first byte that [`inline`] escapes is in `bytes`. Blocks of letters, digits,
/// spaces and the common punctuation are passed over a block at a time, told by comparisons
/// that run side by side (a briefing escapes 200 MB of text; looked up byte by byte in
/// [`SPECIAL`], that took a tenth of a second); a block with anything else is looked at byte
/// by byte.
fn first_special(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 16;
    let mut at = 0;
    for block in bytes.chunks_exact(BLOCK) {
        if !block.iter().fold(true, |ok, &b| ok & plain(b)) {
            break;
        }
        at += BLOCK;
    }
    let rest = bytes.get(at..)?;
    rest.iter()
        .position(|&b| SPECIAL[usize::from(b)])
        .map(|found| at + found)
}

/// Whether `b` is a byte [`inline`] never escapes, among the most common ones: letters, digits,
/// a space, `,.-:;()'"/` and every byte of a character past ASCII.
fn plain(b: u8) -> bool {
    (b | 0x20).wrapping_sub(b'a') < 26
        || b.wrapping_sub(b'0') < 10
        || b >= 0x80
        || matches!(
            b,
            b' ' | b',' | b'.' | b'-' | b':' | b';' | b'(' | b')' | b'\'' | b'"' | b'/'
        )
}

/// The bytes [`inline`] escapes.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let escaped = b"\\`*_[]#|~!<>&\n\r\t";
    let mut i = 0;
    while i < escaped.len() {
        table[escaped[i] as usize] = true;
        i += 1;
    }
    table
};

/// Escapes multi-line `text` as a block quote: every line starts with `> `, and no line can
/// start a list, a heading or a rule inside it.
pub fn quote_block(text: &str, indent: &str) -> String {
    text.lines()
        .map(|l| format!("{indent}> {}", line_start(&inline(l.trim_start()))))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escapes what would start a block at the beginning of a line: `-`, `+`, `=`, `1.`, `1)`.
fn line_start(text: &str) -> String {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    match text[digits..].chars().next() {
        Some('.' | ')') if digits > 0 => format!("{}\\{}", &text[..digits], &text[digits..]),
        Some('-' | '+' | '=') if digits == 0 => format!("\\{text}"),
        _ => text.to_string(),
    }
}

/// Escapes text for HTML (TimelineJS shows its text as HTML).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What `inline` does, one character at a time.
    fn inline_by_chars(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '!' => {
                    out.push('\\');
                    out.push(c);
                }
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\n' | '\r' | '\t' => out.push(' '),
                c => out.push(c),
            }
        }
        out
    }

    proptest! {
        #[test]
        fn inline_escapes_as_each_character_says(text in "(?s).{0,40}|[a-z#*_<>&!\\[\\]\\\\`|~ \n\t\ré“]{0,40}") {
            prop_assert_eq!(inline(&text), inline_by_chars(&text));
            let mut pushed = String::from("> ");
            push_inline(&mut pushed, &text);
            prop_assert_eq!(pushed, format!("> {}", inline_by_chars(&text)));
            let mut made = String::from("> ");
            push_inline_made(&mut made, |out| out.push_str(&text));
            prop_assert_eq!(made, format!("> {}", inline_by_chars(&text)));
        }
    }

    #[test]
    fn no_byte_passed_over_as_plain_is_escaped() {
        for b in 0..=255u8 {
            assert!(!(plain(b) && SPECIAL[usize::from(b)]), "{b:#x}");
        }
        // Found past whole blocks, inside one, and at the very end.
        let long = "a".repeat(40);
        assert_eq!(first_special(format!("{long}#").as_bytes()), Some(40));
        assert_eq!(first_special(format!("{long}é*x").as_bytes()), Some(42));
        assert_eq!(first_special(long.as_bytes()), None);
        assert_eq!(first_special(b""), None);
    }

    #[test]
    fn structure_characters_are_escaped() {
        assert_eq!(inline("# a | b *c* <b>"), "\\# a \\| b \\*c\\* &lt;b&gt;");
        assert_eq!(inline("line\nbreak"), "line break");
        assert_eq!(quote_block("one\ntwo", "  "), "  > one\n  > two");
        assert_eq!(
            quote_block("- x\n1. y\n==", ""),
            "> \\- x\n> 1\\. y\n> \\=="
        );
        assert_eq!(inline("U.S.-led (SDF)"), "U.S.-led (SDF)");
        assert_eq!(html("<a href='x'>"), "&lt;a href=&#39;x&#39;&gt;");
    }
}
