//! The keymap: one table of bindings that handles keys, and from which the footer, the help
//! screen and the README's key table are generated.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::state::Mode;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Browsing, whichever pane has focus.
    Browse,
    /// The event detail.
    Detail,
    /// A source or kind picker.
    Picker,
    /// Typing a search or a date range.
    Prompt,
    /// The help screen.
    Help,
}

impl Context {
    /// A heading for the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Browse => "Browsing",
            Context::Detail => "Event detail",
            Context::Picker => "Source and kind pickers",
            Context::Prompt => "Search and date prompts",
            Context::Help => "Help",
        }
    }

    /// The context that handles keys in `mode`.
    pub fn of(mode: Mode) -> Context {
        match mode {
            Mode::Browse => Context::Browse,
            Mode::Detail { .. } => Context::Detail,
            Mode::SourcePicker { .. } | Mode::KindPicker { .. } => Context::Picker,
            Mode::Search { .. } | Mode::DatePrompt => Context::Prompt,
            Mode::Help { .. } => Context::Help,
        }
    }
}

/// One key (with modifiers).
pub type Key = (KeyCode, KeyModifiers);

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

/// A binding: in `context`, any of `keys` does `action`.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// The keys.
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// How the keys are shown ("j ↓"); several bindings may share one line of help.
    pub label: &'static str,
    /// What it does, for the help; empty to leave it out (a row shared with another binding).
    pub help: &'static str,
    /// Shown in the footer as `label help-short`.
    pub footer: Option<&'static str>,
}

const fn b(
    context: Context,
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    help: &'static str,
    footer: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        label,
        help,
        footer,
    }
}

use Context::{Browse, Detail, Help, Picker, Prompt};
use KeyCode::{BackTab, Char, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up};

/// Every binding. Order is the order of the help screen.
#[rustfmt::skip]
pub const KEYMAP: &[Binding] = &[
    b(Browse, &[(Char('?'), NONE), (Char('?'), SHIFT)], Action::ToggleHelp, "?", "help", Some("help")),
    b(Browse, &[(Char('q'), NONE), (Char('c'), CTRL)], Action::Quit, "q", "quit", Some("quit")),
    b(Browse, &[(Char('j'), NONE), (Down, NONE)], Action::Down, "j ↓", "next event (or subject, in the comparison pane)", None),
    b(Browse, &[(Char('k'), NONE), (Up, NONE)], Action::Up, "k ↑", "previous event (or subject)", None),
    b(Browse, &[(Char('h'), NONE), (Left, NONE)], Action::Left, "h ←", "comparison pane: previous source", None),
    b(Browse, &[(Char('l'), NONE), (Right, NONE)], Action::Right, "l →", "comparison pane: next source", None),
    b(Browse, &[(PageDown, NONE), (Char('f'), CTRL)], Action::PageDown, "PgDn", "down one screen", None),
    b(Browse, &[(PageUp, NONE), (Char('b'), CTRL)], Action::PageUp, "PgUp", "up one screen", None),
    b(Browse, &[(Char('g'), NONE), (Home, NONE)], Action::Top, "g Home", "first event", None),
    b(Browse, &[(Char('G'), SHIFT), (Char('G'), NONE), (End, NONE)], Action::Bottom, "G End", "last event", None),
    b(Browse, &[(Tab, NONE)], Action::FocusNext, "Tab", "focus the next pane", Some("pane")),
    b(Browse, &[(BackTab, SHIFT), (BackTab, NONE)], Action::FocusPrev, "S-Tab", "focus the previous pane", None),
    b(Browse, &[(Enter, NONE)], Action::OpenDetail, "Enter", "the selected event in full", Some("detail")),
    b(Browse, &[(Char('1'), NONE)], Action::ToggleSource(0), "1…9", "turn source 1…9 on or off", Some("sources")),
    b(Browse, &[(Char('2'), NONE)], Action::ToggleSource(1), "", "", None),
    b(Browse, &[(Char('3'), NONE)], Action::ToggleSource(2), "", "", None),
    b(Browse, &[(Char('4'), NONE)], Action::ToggleSource(3), "", "", None),
    b(Browse, &[(Char('5'), NONE)], Action::ToggleSource(4), "", "", None),
    b(Browse, &[(Char('6'), NONE)], Action::ToggleSource(5), "", "", None),
    b(Browse, &[(Char('7'), NONE)], Action::ToggleSource(6), "", "", None),
    b(Browse, &[(Char('8'), NONE)], Action::ToggleSource(7), "", "", None),
    b(Browse, &[(Char('9'), NONE)], Action::ToggleSource(8), "", "", None),
    b(Browse, &[(Char('0'), NONE)], Action::AllSources, "0", "all sources", None),
    b(Browse, &[(Char('s'), NONE)], Action::OpenSourcePicker, "s", "pick sources", None),
    b(Browse, &[(Char('t'), NONE)], Action::OpenKindPicker, "t", "pick kinds (types of event)", Some("kinds")),
    b(Browse, &[(Char('d'), NONE)], Action::OpenDatePrompt, "d", "limit to a date range", Some("dates")),
    b(Browse, &[(Char('x'), NONE)], Action::ClearFilters, "x", "clear every filter", None),
    b(Browse, &[(Char(' '), NONE)], Action::ToggleMark, "Space", "mark or unmark the event for a briefing", Some("mark")),
    b(Browse, &[(Char('M'), SHIFT), (Char('M'), NONE)], Action::ClearMarks, "M", "unmark every event", None),
    b(Browse, &[(Char('e'), NONE)], Action::Export, "e", "export a briefing of the marked events (or of what is shown) to ./briefing.md, or briefing-2.md…", Some("export")),
    b(Browse, &[(Char('R'), SHIFT), (Char('R'), NONE)], Action::Reload, "R", "load the data again (also accepts a deleted file)", None),
    b(Browse, &[(Char('/'), NONE)], Action::StartSearch, "/", "search titles, summaries, quotes, places, actors", Some("search")),
    b(Browse, &[(Char('n'), NONE)], Action::NextMatch, "n", "next match", None),
    b(Browse, &[(Char('N'), SHIFT), (Char('N'), NONE)], Action::PrevMatch, "N", "previous match", None),
    b(Browse, &[(Char('a'), NONE)], Action::ToggleAllSubjects, "a", "comparison: all subjects / this event's", Some("all subjects")),
    b(Browse, &[(Char('+'), NONE), (Char('+'), SHIFT), (Char('='), NONE)], Action::ZoomIn, "+", "time axis: zoom in", None),
    b(Browse, &[(Char('-'), NONE)], Action::ZoomOut, "-", "time axis: zoom out", None),
    b(Browse, &[(Char('<'), NONE), (Char('<'), SHIFT), (Char(','), NONE)], Action::PanLeft, "<", "time axis: earlier", None),
    b(Browse, &[(Char('>'), NONE), (Char('>'), SHIFT), (Char('.'), NONE)], Action::PanRight, ">", "time axis: later", None),
    b(Browse, &[(Esc, NONE)], Action::Back, "Esc", "clear the search", None),
    b(Detail, &[(Char('j'), NONE), (Down, NONE)], Action::Down, "j ↓", "scroll down", None),
    b(Detail, &[(Char('k'), NONE), (Up, NONE)], Action::Up, "k ↑", "scroll up", None),
    b(Detail, &[(Esc, NONE), (Enter, NONE), (Char('q'), NONE)], Action::Back, "Esc", "back to the timeline", Some("back")),
    b(Detail, &[(Char('c'), CTRL)], Action::Quit, "C-c", "quit", None),
    b(Picker, &[(Char('j'), NONE), (Down, NONE)], Action::Down, "j ↓", "next", None),
    b(Picker, &[(Char('k'), NONE), (Up, NONE)], Action::Up, "k ↑", "previous", None),
    b(Picker, &[(Char(' '), NONE)], Action::PickerToggle, "Space", "turn on or off", Some("toggle")),
    b(Picker, &[(Char('o'), NONE)], Action::PickerOnly, "o", "only this one", Some("only")),
    b(Picker, &[(Char('a'), NONE)], Action::PickerAll, "a", "all", Some("all")),
    b(Picker, &[(Esc, NONE), (Enter, NONE), (Char('q'), NONE)], Action::Back, "Esc Enter", "close", Some("close")),
    b(Picker, &[(Char('c'), CTRL)], Action::Quit, "C-c", "quit", None),
    b(Prompt, &[(Enter, NONE)], Action::Submit, "Enter", "accept", Some("accept")),
    b(Prompt, &[(Esc, NONE)], Action::Back, "Esc", "cancel", Some("cancel")),
    b(Prompt, &[(Char('c'), CTRL)], Action::Quit, "C-c", "quit", None),
    b(Help, &[(Esc, NONE), (Char('?'), NONE), (Char('?'), SHIFT), (Char('q'), NONE)], Action::Back, "Esc ?", "close the help", Some("close")),
    b(Help, &[(Char('j'), NONE), (Down, NONE)], Action::Down, "j ↓", "scroll down", None),
    b(Help, &[(Char('k'), NONE), (Up, NONE)], Action::Up, "k ↑", "scroll up", None),
    b(Help, &[(Char('c'), CTRL)], Action::Quit, "C-c", "quit", None),
];

/// The action for `key` in `mode`: a binding, or in a prompt any other key as typed input.
pub fn action_for(mode: Mode, key: KeyEvent) -> Option<Action> {
    let context = Context::of(mode);
    let found = KEYMAP.iter().find(|b| {
        b.context == context
            && b.keys
                .iter()
                .any(|&(code, mods)| code == key.code && mods == key.modifiers)
    });
    match found {
        Some(b) => Some(b.action),
        None if context == Context::Prompt => Some(Action::Input(key)),
        None => None,
    }
}

/// The help rows of a context: (keys, what they do).
pub fn help_rows(context: Context) -> impl Iterator<Item = (&'static str, &'static str)> {
    KEYMAP
        .iter()
        .filter(move |b| b.context == context && !b.help.is_empty())
        .map(|b| (b.label, b.help))
}

/// The footer hints of a context: (keys, short description).
pub fn footer(context: Context) -> impl Iterator<Item = (&'static str, &'static str)> {
    KEYMAP
        .iter()
        .filter(move |b| b.context == context)
        .filter_map(|b| b.footer.map(|f| (b.label, f)))
}

/// Every context, in help order.
pub const CONTEXTS: [Context; 5] = [Browse, Detail, Picker, Prompt, Help];

/// The keymap as Markdown tables, one per context, for the README.
pub fn markdown() -> String {
    let mut out = String::new();
    for context in CONTEXTS {
        out.push_str(&format!(
            "**{}**\n\n| keys | does |\n|---|---|\n",
            context.title()
        ));
        for (keys, help) in help_rows(context) {
            out.push_str(&format!("| `{keys}` | {help} |\n"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in KEYMAP.iter().enumerate() {
            for b in &KEYMAP[i + 1..] {
                if a.context != b.context {
                    continue;
                }
                for k in a.keys {
                    assert!(!b.keys.contains(k), "{k:?} bound twice in {:?}", a.context);
                }
            }
        }
    }

    #[test]
    fn prompts_pass_other_keys_through() {
        let key = KeyEvent::new(Char('q'), NONE);
        let mode = Mode::Search { started_at: 0 };
        assert_eq!(action_for(mode, key), Some(Action::Input(key)));
        assert_eq!(action_for(Mode::Browse, key), Some(Action::Quit));
    }
}
