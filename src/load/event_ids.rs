//! The ids of a large file's events as its parse adds them, kept apart from the events, so that
//! the claims' references to them are checked without going to the events.

use hashbrown::HashTable;

use super::convert::{IdKind, id_hash};

/// The ids of the events added so far, filed by hash, their bytes kept one after another.
///
/// A claim's reference was checked against the event itself: its place in a list of a million
/// events, then its text, two cache misses a reference after the table's own. At a million
/// events that was a tenth of the parse, on the one thread that adds the parsed batches. Here
/// it is the table, then these bytes: about nine bytes an event, dropped with the parse.
#[derive(Debug, Default)]
pub struct EventIds {
    /// Where each id starts in `bytes`.
    table: HashTable<u32>,
    /// Each id: its length (two bytes, little-endian), then its bytes.
    bytes: Vec<u8>,
}

impl EventIds {
    /// Whether no id is filed.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Room for `events` more ids of about `id_bytes` bytes each.
    pub fn reserve(&mut self, events: usize, id_bytes: usize) {
        let EventIds { table, bytes } = self;
        table.reserve(events, |&start| hash_at(bytes, start));
        let more = events.saturating_mul(id_bytes.saturating_add(2));
        bytes.reserve_exact(more.saturating_add(more / 8));
    }

    /// Files `id`, whose [`id_hash`] is `hash`. An id that cannot be filed (longer than 64 KiB,
    /// or past 4 GiB of ids) is left out: references to it are then checked with the others
    /// across files, exactly, only later.
    pub fn add(&mut self, hash: u64, id: &str) {
        let (Ok(start), Ok(len)) = (u32::try_from(self.bytes.len()), u16::try_from(id.len()))
        else {
            return;
        };
        if u32::try_from(self.bytes.len() + 2 + id.len()).is_err() {
            return;
        }
        self.bytes.extend_from_slice(&len.to_le_bytes());
        self.bytes.extend_from_slice(id.as_bytes());
        let EventIds { table, bytes } = self;
        table.insert_unique(hash, start, |&s| hash_at(bytes, s));
    }

    /// Reads where the ids of `hashes` are filed, and their bytes, one pass for all of them.
    /// The table of a large file is far larger than the caches and each read waits for memory;
    /// in a loop that does nothing else the waits overlap, and finding those ids next is quick.
    pub fn warm(&self, hashes: impl Iterator<Item = u64>) {
        let read = std::cell::Cell::new(0u8);
        for hash in hashes {
            // Never "found": every id filed under the hash's tag is read.
            self.table.find(hash, |&start| {
                let byte = self.bytes.get(start as usize).copied().unwrap_or(0);
                read.set(read.get() ^ byte);
                false
            });
        }
        std::hint::black_box(read.get());
    }

    /// Whether `id`, whose [`id_hash`] is `hash`, is filed.
    pub fn contains(&self, hash: u64, id: &str) -> bool {
        self.table
            .find(hash, |&start| id_at(&self.bytes, start) == id.as_bytes())
            .is_some()
    }
}

/// The bytes of the id filed at `start` (none, for a start that is not one).
fn id_at(bytes: &[u8], start: u32) -> &[u8] {
    let start = start as usize;
    let Some(&[a, b]) = bytes.get(start..start + 2) else {
        return &[];
    };
    let len = u16::from_le_bytes([a, b]) as usize;
    bytes.get(start + 2..start + 2 + len).unwrap_or(&[])
}

/// The hash of the id filed at `start`, as it was filed.
fn hash_at(bytes: &[u8], start: u32) -> u64 {
    // Filed ids came from `&str`s, whole: they read back as text.
    let id = std::str::from_utf8(id_at(bytes, start)).unwrap_or_default();
    id_hash(IdKind::Event, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filed(ids: &[&str]) -> EventIds {
        let mut filed = EventIds::default();
        for id in ids {
            filed.add(id_hash(IdKind::Event, id), id);
        }
        filed
    }

    #[test]
    fn finds_what_was_filed_and_nothing_else() {
        let ids: Vec<String> = (0..5000).map(|i| format!("e{i}")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        // Filed without room made first: the table grows, hashing its ids again.
        let filed = filed(&refs);
        for id in &refs {
            assert!(filed.contains(id_hash(IdKind::Event, id), id), "{id}");
        }
        for id in ["e5000", "e", "", "e12 ", "E12"] {
            assert!(!filed.contains(id_hash(IdKind::Event, id), id), "{id}");
        }
    }

    #[test]
    fn an_equal_hash_is_not_enough() {
        let filed = filed(&["e1", "e2"]);
        // Another id under e1's hash (as a collision would be) is not taken for it.
        assert!(!filed.contains(id_hash(IdKind::Event, "e1"), "e3"));
        assert!(filed.contains(id_hash(IdKind::Event, "e1"), "e1"));
    }

    #[test]
    fn ids_too_long_to_file_are_left_out_and_the_rest_still_found() {
        let long = "x".repeat(70_000);
        let mut filed = filed(&["e1", ""]);
        filed.reserve(10, 4);
        filed.add(id_hash(IdKind::Event, &long), &long);
        filed.add(id_hash(IdKind::Event, "e2"), "e2");
        assert!(!filed.contains(id_hash(IdKind::Event, &long), &long));
        for id in ["e1", "", "e2"] {
            assert!(filed.contains(id_hash(IdKind::Event, id), id), "{id:?}");
        }
    }
}
