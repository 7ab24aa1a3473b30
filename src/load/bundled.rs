//! The bundled Raqqa dataset, embedded in the binary so that `fogline` works from any directory.

use super::files::Input;

/// The directory the bundled files come from, relative to the crate.
pub const DIR: &str = "data/raqqa";

/// Each bundled file: its name under [`DIR`] and its text.
pub const FILES: &[(&str, &str)] = &[
    ("sources.ron", include_str!("../../data/raqqa/sources.ron")),
    ("events.ron", include_str!("../../data/raqqa/events.ron")),
    ("claims.ron", include_str!("../../data/raqqa/claims.ron")),
];

/// The bundled files as inputs, named `bundled:raqqa/<file>`.
pub fn inputs() -> Vec<Input> {
    FILES
        .iter()
        .map(|(name, text)| Input {
            name: format!("bundled:raqqa/{name}"),
            text: text.replace("\r\n", "\n"),
        })
        .collect()
}
