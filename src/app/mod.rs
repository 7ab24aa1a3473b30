//! The viewer's state and behaviour: key → [`Action`] → [`App::update`] (no I/O) → the UI draws
//! `&App`. Everything here can be driven and checked without a terminal.

pub mod action;
pub mod axis;
pub mod briefing;
pub mod compare;
pub mod keymap;
pub mod layout;
mod reload;
pub mod search_job;
pub mod state;
mod update;

pub use action::Action;
pub use briefing::{Briefing, Exporting};
pub use reload::{Changes, Loading, Prepared};
pub use search_job::{Found, SearchJob};
pub use state::{App, Focus, Indexes, Mode, SameFor};
