//! Diagnostics about data files: what is wrong, where (file, line, column, the line quoted), and
//! what to do. Rendered with miette.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode, SourceSpan,
};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The data cannot be used as it is.
    Error,
    /// The data was used, but something was changed or looks wrong.
    Warning,
}

/// The text of one file as diagnostics quote it (already made safe to print).
pub type QuotedSource = Arc<NamedSource<String>>;

/// Where a problem is.
#[derive(Debug, Clone)]
pub struct Location {
    /// The file's name as the user gave it, and its printable text.
    pub source: QuotedSource,
    /// Byte range in the file's text.
    pub span: Range<usize>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// A short note under the quoted span.
    pub label: Option<String>,
    /// Whether to quote the line (not when it is too long to be read on a screen).
    pub quoted: bool,
}

impl Location {
    /// `file:line:column`.
    pub fn position(&self) -> String {
        format!("{}:{}:{}", self.source.name(), self.line, self.column)
    }
}

/// One problem found while loading.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in the user's terms.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Where, when it is in a file.
    pub location: Option<Location>,
    /// The file it concerns when there is no position in it (unreadable, not found).
    pub file: Option<String>,
}

impl Diagnostic {
    /// An error not tied to a position.
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            help: None,
            location: None,
            file: None,
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Names the file concerned.
    pub fn in_file(mut self, file: impl Into<String>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    /// `file:line:column` when known, else the file, else nothing.
    pub fn position(&self) -> Option<String> {
        self.location
            .as_ref()
            .map(Location::position)
            .or_else(|| self.file.clone())
    }

    /// One line: `file:line:column: error: message`.
    pub fn one_line(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.position() {
            Some(at) => format!("{at}: {level}: {}", self.message),
            None => format!("{level}: {}", self.message),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.location, &self.file) {
            (None, Some(file)) => write!(f, "{file}: {}", self.message),
            (Some(l), _) if !l.quoted => write!(f, "{}: {}", l.position(), self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.location
            .as_ref()
            .filter(|l| l.quoted)
            .map(|l| &*l.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let l = self.location.as_ref().filter(|l| l.quoted)?;
        let span = SourceSpan::from(l.span.start..l.span.end);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            l.label.clone(),
            span,
        ))))
    }
}

/// Renders diagnostics for a terminal (`color`) or for a file or pipe, followed by a count.
pub fn render(diagnostics: &[Diagnostic], color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_context_lines(1);
    let mut out = String::new();
    for d in diagnostics {
        if handler.render_report(&mut out, d).is_err() {
            out.push_str(&d.one_line());
            out.push('\n');
        }
    }
    out
}

/// "2 errors and 1 warning".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let count = |n: usize, one: &str, many: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    };
    match (errors, warnings) {
        (0, 0) => "no problems".to_string(),
        (e, 0) => count(e, "error", "errors"),
        (0, w) => count(w, "warning", "warnings"),
        (e, w) => format!(
            "{} and {}",
            count(e, "error", "errors"),
            count(w, "warning", "warnings")
        ),
    }
}
