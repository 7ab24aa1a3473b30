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

/// `text` escaped, a piece at a time, to `write`.
fn escape_into(text: &str, mut write: impl FnMut(&str) -> std::fmt::Result) -> std::fmt::Result {
    let mut rest = text;
    // Runs of ordinary text are written whole; every character escaped is ASCII.
    while let Some(at) = rest.bytes().position(|b| SPECIAL[usize::from(b)]) {
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
        }
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
