//! Every style with a meaning, in one place. Two themes: colour, and `NO_COLOR` (modifiers only,
//! so that selection and conflict marks stay visible without colour).

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, BorderType};

/// The styles the UI uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Ordinary text.
    pub text: Style,
    /// Less important text: headers' hints, unrelated rows.
    pub dim: Style,
    /// Column headers.
    pub header: Style,
    /// The selected row or cell.
    pub selected: Style,
    /// An event that matches the search.
    pub matched: Style,
    /// The border of the focused pane.
    pub focused: Style,
    /// The border of other panes.
    pub border: Style,
    /// A contradiction.
    pub conflict: Style,
    /// Sources that agree.
    pub agreed: Style,
    /// One source only: unconfirmed.
    pub single: Style,
    /// A key in the footer or help.
    pub key: Style,
    /// An error in a prompt.
    pub error: Style,
    /// A bar or tick on the time axis.
    pub mark: Style,
    /// The selected event on the time axis.
    pub mark_selected: Style,
}

impl Theme {
    /// The colour theme.
    pub fn color() -> Theme {
        Theme {
            text: Style::new(),
            dim: Style::new().fg(Color::DarkGray),
            header: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new()
                .add_modifier(Modifier::REVERSED)
                .add_modifier(Modifier::BOLD),
            matched: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            focused: Style::new().fg(Color::Cyan),
            border: Style::new().fg(Color::DarkGray),
            conflict: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            agreed: Style::new().fg(Color::Green),
            single: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red),
            mark: Style::new().fg(Color::Blue),
            mark_selected: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        }
    }

    /// The theme without colour, for `NO_COLOR`: meaning carried by modifiers and symbols.
    pub fn plain() -> Theme {
        Theme {
            text: Style::new(),
            dim: Style::new().add_modifier(Modifier::DIM),
            header: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new()
                .add_modifier(Modifier::REVERSED)
                .add_modifier(Modifier::BOLD),
            matched: Style::new()
                .add_modifier(Modifier::UNDERLINED)
                .add_modifier(Modifier::BOLD),
            focused: Style::new().add_modifier(Modifier::BOLD),
            border: Style::new(),
            conflict: Style::new()
                .add_modifier(Modifier::BOLD)
                .add_modifier(Modifier::UNDERLINED),
            agreed: Style::new(),
            single: Style::new().add_modifier(Modifier::DIM),
            key: Style::new().add_modifier(Modifier::BOLD),
            error: Style::new().add_modifier(Modifier::BOLD),
            mark: Style::new(),
            mark_selected: Style::new()
                .add_modifier(Modifier::REVERSED)
                .add_modifier(Modifier::BOLD),
        }
    }

    /// `plain` when the `NO_COLOR` environment variable is set and not empty, else `color`.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::plain(),
            _ => Theme::color(),
        }
    }
}

impl Theme {
    /// A pane's bordered block: thick and highlighted when it has focus.
    pub fn pane(&self, title: String, focused: bool) -> Block<'static> {
        Block::bordered()
            .border_type(if focused {
                BorderType::Thick
            } else {
                BorderType::Plain
            })
            .border_style(if focused { self.focused } else { self.border })
            .title(title)
    }
}
