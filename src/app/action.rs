//! Everything a user can do in the viewer, as data. Keys map to these; `App::update` applies them.

use crossterm::event::KeyEvent;

/// One thing to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the viewer.
    Quit,
    /// Move the selection up one row (or the cursor in a picker or pane).
    Up,
    /// Move the selection down one row.
    Down,
    /// Move left (between source columns in the comparison pane).
    Left,
    /// Move right.
    Right,
    /// Up one screen.
    PageUp,
    /// Down one screen.
    PageDown,
    /// To the first row.
    Top,
    /// To the last row.
    Bottom,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Open the selected event in full.
    OpenDetail,
    /// Close what is open, or clear the search.
    Back,
    /// Show or hide the help.
    ToggleHelp,
    /// Turn the n-th source (0-based, dataset order) on or off.
    ToggleSource(usize),
    /// Show every source again.
    AllSources,
    /// Open the source picker.
    OpenSourcePicker,
    /// Open the kind picker.
    OpenKindPicker,
    /// Ask for a date range.
    OpenDatePrompt,
    /// Remove every filter.
    ClearFilters,
    /// Start typing a search.
    StartSearch,
    /// Jump to the next search match.
    NextMatch,
    /// Jump to the previous search match.
    PrevMatch,
    /// In the comparison pane: all subjects, or only those of the selected event.
    ToggleAllSubjects,
    /// Time axis: show less time, wider.
    ZoomIn,
    /// Time axis: show more time.
    ZoomOut,
    /// Time axis: move earlier.
    PanLeft,
    /// Time axis: move later.
    PanRight,
    /// In a picker: turn the item under the cursor on or off.
    PickerToggle,
    /// In a picker: only the item under the cursor.
    PickerOnly,
    /// In a picker: every item.
    PickerAll,
    /// Mark or unmark the selected event for a briefing.
    ToggleMark,
    /// Unmark every event.
    ClearMarks,
    /// Export a briefing of the marked events (or, none marked, of the filtered view).
    Export,
    /// Load the data again now.
    Reload,
    /// Accept what was typed.
    Submit,
    /// A key typed into a text prompt.
    Input(KeyEvent),
    /// The mouse wheel, up.
    ScrollUp,
    /// The mouse wheel, down.
    ScrollDown,
    /// The terminal's new size, in columns and rows.
    Resize(u16, u16),
}
