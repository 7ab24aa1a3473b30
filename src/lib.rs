//! fogline: read a conflict as a timeline and see where the sources agree and where they
//! contradict each other.
//!
//! Data flows one way:
//!
//! - [`model`]: the domain — uncertain dates, quantities, sources, events, claims, and the rules
//!   about them (ordering, overlap, agreement). Knows nothing of files or terminals.
//! - [`load`]: RON files → [`model::Dataset`], validation, diagnostics, cleaning untrusted text.
//! - [`query`]: filters, search and comparison over a dataset, shared by every command.
//! - [`cache`]: binary snapshots of large loads, so that opening them again skips parsing.
//! - [`cli`]: the command line, turned into plain options, and the headless commands.

pub mod app;
pub mod cache;
pub mod cli;
pub mod export;
pub mod generate;
pub mod import;
pub mod load;
pub mod memory;
pub mod model;
pub mod open;
pub mod query;
pub mod tui;
pub mod ui;
pub mod watch;
