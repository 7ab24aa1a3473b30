//! A hash table made in parts, each with room for its share of the entries from the start.
//!
//! A table's room goes by powers of two, and a table made with room for `n` entries can be
//! nearly twice as large as they need (2 million citations took 21 MB). Split by hash into the
//! right number of parts, each part's power of two is close to its share: 2 million in 5 parts
//! of 512 Ki buckets take 13 MB.

use hashbrown::HashTable;

/// The most parts a table is made in.
const MOST_PARTS: usize = 8;

/// A hash table of `T` in parts, by hash.
#[derive(Debug)]
pub(crate) struct Parts<T> {
    parts: Vec<HashTable<T>>,
}

impl<T> Parts<T> {
    /// Room for `n` entries, in as many parts as take the least room.
    pub fn with_capacity(n: usize) -> Parts<T> {
        let count = (1..=MOST_PARTS)
            .min_by_key(|&k| k.saturating_mul(buckets(n.div_ceil(k))))
            .unwrap_or(1);
        let share = n.div_ceil(count);
        Parts {
            parts: (0..count)
                .map(|_| HashTable::with_capacity(share))
                .collect(),
        }
    }

    /// No room, no entry.
    pub fn new() -> Parts<T> {
        Parts {
            parts: vec![HashTable::new()],
        }
    }

    /// The part of the entries whose hash is `hash`.
    pub fn part(&mut self, hash: u64) -> &mut HashTable<T> {
        let at = self.at(hash);
        &mut self.parts[at]
    }

    /// The entry under `hash` for which `eq` holds, if there is one.
    pub fn find(&self, hash: u64, eq: impl FnMut(&T) -> bool) -> Option<&T> {
        self.parts.get(self.at(hash))?.find(hash, eq)
    }

    /// Where the part of `hash` is.
    fn at(&self, hash: u64) -> usize {
        // From bits the parts' own tables use least (they take the low bits for the bucket and
        // the top seven to tell entries apart).
        let middle = (hash >> 25) as u32;
        let at = (u64::from(middle) * self.parts.len() as u64) >> 32;
        // `at` is below the number of parts; `min` keeps that plain.
        (at as usize).min(self.parts.len().saturating_sub(1))
    }

    /// How many entries the parts hold without growing, together.
    #[cfg(test)]
    fn room(&self) -> usize {
        self.parts.iter().map(HashTable::capacity).sum()
    }
}

/// About how many buckets a table made with room for `n` entries has (it fills up to 7/8 of
/// them, and has a power of two).
fn buckets(n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    n.saturating_mul(8).div_ceil(7).next_power_of_two().max(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_take_less_room_than_one_table_and_find_every_entry() {
        for n in [0, 1, 5, 1000, 200_000, 2_000_000] {
            let parts: Parts<u32> = Parts::with_capacity(n);
            let one: HashTable<u32> = HashTable::with_capacity(n);
            assert!(parts.room() >= n, "{n}: room for all");
            assert!(
                parts.room() <= one.capacity(),
                "{n}: no more than one table"
            );
        }
        // Two million: five parts, 13 MB of u32 entries and their control bytes, not 21.
        let parts: Parts<u32> = Parts::with_capacity(2_000_000);
        assert_eq!(parts.parts.len(), 5);
        let hashing = foldhash::fast::FixedState::default();
        let hash = |k: &u32| std::hash::BuildHasher::hash_one(&hashing, k);
        let mut parts: Parts<u32> = Parts::with_capacity(50_000);
        for k in 0..50_000u32 {
            parts.part(hash(&k)).insert_unique(hash(&k), k, hash);
        }
        for k in 0..60_000u32 {
            let found = parts.part(hash(&k)).find(hash(&k), |&e| e == k).is_some();
            assert_eq!(found, k < 50_000, "{k}");
            assert_eq!(parts.find(hash(&k), |&e| e == k).is_some(), found, "{k}");
        }
        // Each part got a share (the hash's bits spread them).
        assert!(
            parts
                .parts
                .iter()
                .all(|p| p.len() > 50_000 / parts.parts.len() / 2)
        );
    }
}
