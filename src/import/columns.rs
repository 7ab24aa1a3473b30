//! Finding a provider's columns by their header names, never by position: releases differ in
//! order and count.

use std::collections::HashMap;

/// One column a provider's importer reads, under any of its names.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The names it goes by, the current one first (`best`, then `best_est`).
    pub names: &'static [&'static str],
    /// Whether a file without it cannot be imported.
    pub required: bool,
}

/// A column that must be present.
pub const fn required(names: &'static [&'static str]) -> Column {
    Column {
        names,
        required: true,
    }
}

/// A column read when present.
pub const fn optional(names: &'static [&'static str]) -> Column {
    Column {
        names,
        required: false,
    }
}

/// Where each of a provider's columns is in this file.
#[derive(Debug, Clone)]
pub struct Columns {
    /// By the provider's column number: the field index in a row, when the file has the column.
    at: Vec<Option<usize>>,
    /// The header's names, by field index, for messages.
    pub header: Vec<String>,
}

impl Columns {
    /// Maps `header` (the file's first row, or a known layout) onto `wanted`. Names match
    /// ignoring case and surrounding spaces. Gives the required columns that are missing.
    pub fn find(header: Vec<String>, wanted: &[Column]) -> Result<Columns, Vec<&'static str>> {
        let index: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .rev() // the first of two equal names wins
            .map(|(i, h)| (h.trim().to_ascii_lowercase(), i))
            .collect();
        let mut missing = Vec::new();
        let at = wanted
            .iter()
            .map(|c| {
                let found = c.names.iter().find_map(|n| index.get(*n).copied());
                if found.is_none() && c.required {
                    missing.push(c.names[0]);
                }
                found
            })
            .collect();
        if missing.is_empty() {
            Ok(Columns { at, header })
        } else {
            Err(missing)
        }
    }

    /// The field index of the provider's column `column`, when the file has it.
    pub fn get(&self, column: usize) -> Option<usize> {
        self.at.get(column).copied().flatten()
    }

    /// The header name of field `field`.
    pub fn name(&self, field: usize) -> &str {
        self.header.get(field).map_or("?", |s| s.trim())
    }
}

/// Whether a header row names these columns (all of `marks`, ignoring case).
pub fn header_has(header: &[String], marks: &[&str]) -> bool {
    marks.iter().all(|m| {
        header
            .iter()
            .any(|h| h.trim().eq_ignore_ascii_case(m.trim()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WANTED: [Column; 3] = [
        required(&["id"]),
        required(&["best", "best_est"]),
        optional(&["notes"]),
    ];

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn columns_are_found_by_name_in_any_order_and_under_old_names() {
        let c = Columns::find(header(&["x", "BEST_EST ", "id"]), &WANTED)
            .unwrap_or_else(|m| panic!("missing {m:?}"));
        assert_eq!(c.get(0), Some(2));
        assert_eq!(c.get(1), Some(1));
        assert_eq!(c.get(2), None);
        assert_eq!(c.name(1), "BEST_EST");
    }

    #[test]
    fn every_missing_required_column_is_named() {
        let missing = Columns::find(header(&["notes"]), &WANTED).err();
        assert_eq!(missing, Some(vec!["id", "best"]));
    }
}
