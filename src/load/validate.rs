//! Checks across all files: ids unique within their kind, every reference resolved.
//!
//! Every id and every reference is hashed as its item is made (see [`FileItems::event_hash`]),
//! while its text is at hand. The ids are then filed by hash
//! in [`SHARDS`] small tables, a few at a time (one per core): each shard finds the duplicates
//! among its ids and resolves the references that hash to it, and only an id whose hash matches
//! is read again. One map of a million ids, filed on one core, had kept the other core idle for
//! half a second after parsing, and was the largest thing alive at the peak of a load (60 MB).
//! Each problem keeps its place in the files' order, and they are put back in that order.

use foldhash::HashMap;
use hashbrown::hash_table::{Entry, HashTable};
use rayon::prelude::*;

use crate::model::Source;

use super::convert::{FileItems, IdKind, Pending, Slot, id_hash, id_path};
use super::diagnostic::Severity;
use super::locate::Path;
use super::locate::Seg;
use super::suggest::did_you_mean;

/// Appends a problem for every duplicate id and, when `references` is set, every reference that
/// does not resolve. (References are skipped when a file failed to parse: its ids are unknown.)
pub fn cross_check(files: &[FileItems], out: &mut Vec<Pending>, references: bool) {
    let hashed: Vec<Hashes> = files.iter().map(Hashes::new).collect();
    let sources: HashMap<&str, &Source> = files
        .iter()
        .flat_map(|f| &f.sources)
        .map(|s| (s.id.as_str(), s))
        .collect();
    let check = Check {
        files,
        hashed: &hashed,
        sources,
    };
    let mut found: Vec<(Order, Pending)> = (0..SHARDS)
        .into_par_iter()
        .flat_map_iter(|shard| check.shard(shard, references))
        .collect();
    found.sort_by_key(|(order, _)| *order);
    out.extend(found.into_iter().map(|(_, p)| p));
}

/// How many tables the ids are filed in: small enough that the few filled at once are small.
const SHARDS: u64 = 8;

/// Where a problem comes in the files' order: the duplicates (by the id's place among all
/// defined), then the references (by place among all references).
type Order = (bool, usize);

/// The shard of a hash (its top bits; the table uses the low ones).
fn shard_of(hash: u64) -> u64 {
    (hash >> 58) % SHARDS
}

/// The hash of each id of a file, by where it is kept. Those of the events and claims kept
/// were worked out as they were made (see [`FileItems::event_hash`]); those of the references
/// are in them.
struct Hashes<'a> {
    listed: Vec<u64>,
    events: &'a [u64],
    claims: &'a [u64],
}

impl<'a> Hashes<'a> {
    fn new(items: &'a FileItems) -> Hashes<'a> {
        // The converter files a hash with every event and claim it keeps.
        debug_assert_eq!(items.event_hash.len(), items.events.len());
        debug_assert_eq!(items.claim_hash.len(), items.claims.len());
        Hashes {
            listed: items.ids.iter().map(|(k, id, _)| id_hash(*k, id)).collect(),
            events: &items.event_hash,
            claims: &items.claim_hash,
        }
    }

    /// Calls `f` with each id of `items` (whose hashes these are) that hashes to `shard`: its
    /// kind, where it is kept, its position in its list, its hash, and its number among all the
    /// ids defined (counted on from `seq`), in the order of [`FileItems::defined_slots`]. Each
    /// shard goes through every id, so this is a loop over the hashes, not that iterator.
    fn each_in_shard(
        &self,
        items: &FileItems,
        shard: u64,
        seq: &mut usize,
        mut f: impl FnMut(IdKind, Slot, u32, u64, usize),
    ) {
        let mut visit = |kind, slot, at, hash| {
            *seq += 1;
            if shard_of(hash) == shard {
                f(kind, slot, at, hash, *seq);
            }
        };
        let listed = |kind: IdKind| {
            items
                .ids
                .iter()
                .zip(&self.listed)
                .zip(0..)
                .filter(move |(((k, _, _), _), _)| *k == kind)
                .map(|(((_, _, at), &hash), i)| (Slot::Listed(i), *at, hash))
        };
        for kind in [IdKind::Source, IdKind::Subject] {
            for (slot, at, hash) in listed(kind) {
                visit(kind, slot, at, hash);
            }
        }
        let kept: [Kept<'_>; 2] = [
            (IdKind::Event, &items.event_at, self.events, Slot::Event),
            (IdKind::Claim, &items.claim_at, self.claims, Slot::Claim),
        ];
        for (kind, positions, hashes, slot) in kept {
            // The unusable ones of the kind, merged in by position.
            let mut unusable = listed(kind).peekable();
            for ((&at, &hash), i) in positions.iter().zip(hashes).zip(0..) {
                while let Some((s, a, h)) = unusable.next_if(|(_, a, _)| *a <= at) {
                    visit(kind, s, a, h);
                }
                visit(kind, slot(i), at, hash);
            }
            for (s, a, h) in unusable {
                visit(kind, s, a, h);
            }
        }
    }
}

/// An id filed: its hash, and where it is first defined.
struct Defined {
    hash: u64,
    kind: IdKind,
    file: u32,
    slot: Slot,
    at: u32,
}

/// The usable items of a kind: their kind, positions, hashes, and where each is kept.
type Kept<'a> = (IdKind, &'a [u32], &'a [u64], fn(u32) -> Slot);

/// What every shard looks at.
struct Check<'a> {
    files: &'a [FileItems],
    hashed: &'a [Hashes<'a>],
    sources: HashMap<&'a str, &'a Source>,
}

impl Check<'_> {
    /// The id of `d`.
    fn id(&self, d: &Defined) -> &str {
        self.files
            .get(d.file as usize)
            .and_then(|f| f.id_in(d.slot))
            .unwrap_or_default()
    }

    /// The problems among the ids of `shard`, and among the references to them.
    fn shard(&self, shard: u64, references: bool) -> Vec<(Order, Pending)> {
        let count: usize = self
            .hashed
            .iter()
            .map(|h| h.listed.len() + h.events.len() + h.claims.len())
            .sum();
        let share = count / SHARDS as usize;
        let mut table: HashTable<Defined> = HashTable::with_capacity(share + share / 4);
        let mut found = Vec::new();
        let mut seq = 0;
        for ((file, items), hashed) in self.files.iter().enumerate().zip(self.hashed) {
            let Ok(file_number) = u32::try_from(file) else {
                break;
            };
            hashed.each_in_shard(items, shard, &mut seq, |kind, slot, at, hash, seq| {
                // Read only when a hash matches: reading every id again would cost a cache miss
                // for each.
                let id = || items.id_in(slot).unwrap_or_default();
                let same = |d: &Defined| d.hash == hash && d.kind == kind && self.id(d) == id();
                let first = match table.entry(hash, same, |d| d.hash) {
                    Entry::Vacant(v) => {
                        v.insert(Defined {
                            hash,
                            kind,
                            file: file_number,
                            slot,
                            at,
                        });
                        return;
                    }
                    Entry::Occupied(o) => (o.get().file, o.get().at),
                };
                let (f, p) = first;
                // The same source defined alike in two files is one source.
                if kind == IdKind::Source
                    && f != file_number
                    && same_source(self.files, f as usize, file, id())
                {
                    return;
                }
                found.push((
                    (false, seq),
                    Pending {
                        severity: Severity::Error,
                        message: format!("duplicate {} id `{}`", kind.noun(), id()),
                        help: Some(format!("each {} needs its own id", kind.noun())),
                        file,
                        path: id_path(kind, at),
                        key: false,
                        first: Some((f as usize, id_path(kind, p))),
                    },
                ));
            });
        }
        if references {
            self.references(shard, &table, &mut found);
        }
        found
    }

    /// Checks the references that hash to `shard`, whose ids are in `table`.
    fn references(
        &self,
        shard: u64,
        table: &HashTable<Defined>,
        found: &mut Vec<(Order, Pending)>,
    ) {
        let mut seq = 0;
        for (file, items) in self.files.iter().enumerate() {
            for r in &items.refs {
                let hash = r.hash;
                seq += 1;
                if shard_of(hash) != shard {
                    continue;
                }
                let mut problems = Vec::new();
                let defined = table
                    .find(hash, |d| {
                        d.hash == hash && d.kind == r.kind && self.id(d) == &*r.id
                    })
                    .is_some();
                if !defined {
                    self.unknown(r.kind, &r.id, file, &r.path, &mut problems);
                } else if let Some(named) = &r.speaker {
                    let (speaker, at) = &**named;
                    self.speaker(file, &r.id, speaker, at, &mut problems);
                }
                found.extend(problems.into_iter().map(|p| ((true, seq), p)));
            }
        }
    }
}

/// Whether files `a` and `b` define source `id` identically.
fn same_source(files: &[FileItems], a: usize, b: usize, id: &str) -> bool {
    let find = |f: usize| files.get(f)?.sources.iter().find(|s| s.id == id);
    matches!((find(a), find(b)), (Some(x), Some(y)) if x == y)
}

impl Check<'_> {
    /// Checks that `source` (which resolved) has `speaker`.
    fn speaker(&self, file: usize, source: &str, speaker: &str, at: &Path, out: &mut Vec<Pending>) {
        // A source that failed its own checks has no speaker list to check against.
        let Some(src) = self.sources.get(source) else {
            return;
        };
        if src.speaker(speaker).is_some() {
            return;
        }
        let names: Vec<&str> = src.speakers.iter().map(|s| s.id.as_str()).collect();
        let help = if names.is_empty() {
            format!("source `{source}` has no speakers; add them under its `speakers`")
        } else {
            format!("speakers of `{source}`: {}", super::suggest::list(&names))
        };
        out.push(Pending {
            severity: Severity::Error,
            message: format!(
                "unknown speaker `{speaker}` for source `{source}`{}",
                did_you_mean(speaker, names.iter().copied())
            ),
            help: Some(help),
            file,
            path: at.clone(),
            key: false,
            first: None,
        });
    }

    /// Reports `id`, which names no `kind`, with a suggestion.
    fn unknown(&self, kind: IdKind, id: &str, file: usize, path: &[Seg], out: &mut Vec<Pending>) {
        let mut candidates: Vec<&str> = self
            .files
            .iter()
            .flat_map(|f| {
                f.defined()
                    .filter(|(k, _, _)| *k == kind)
                    .map(|(_, id, _)| id)
            })
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        out.push(Pending {
            severity: Severity::Error,
            message: format!(
                "unknown {} `{id}`{}",
                kind.noun(),
                did_you_mean(id, candidates.iter().copied())
            ),
            help: Some(format!(
                "every {0} referred to must be defined in one of the loaded files, under `{0}s`",
                kind.noun()
            )),
            file,
            path: path.to_vec(),
            key: false,
            first: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::convert::{Converter, Known};
    use crate::load::{raw, stream};
    use crate::model::Interner;

    #[test]
    fn the_shards_together_go_through_the_ids_in_the_files_order() {
        let text = crate::load::write::to_ron(&crate::generate::dataset(300, 5));
        // Every 7th event and every 5th claim made unusable (a date that is not one): their ids
        // are kept apart, and come in between the usable ones by position.
        let mut broken = text;
        for (field, every) in [("when", 7), ("stated", 5)] {
            let mut out = String::new();
            for (i, piece) in broken.split(&format!("{field}: \"")).enumerate() {
                if i > 0 {
                    let bad = if i % every == 3 { "2017-13" } else { "" };
                    out.push_str(&format!("{field}: \"{bad}"));
                }
                out.push_str(piece);
            }
            broken = out;
        }
        let (mut pending, mut known, mut names) = (Vec::new(), Known::default(), Interner::new());
        let c = Converter::new(0, &mut pending, &mut known, &mut names);
        let items = match stream::parse(&raw::ron_options(), &broken, c) {
            Ok(items) => items,
            Err(e) => panic!("{e}"),
        };
        assert!(pending.len() > 40, "{}", pending.len());
        assert!(items.ids.iter().any(|(k, _, _)| *k == IdKind::Event));
        assert!(items.ids.iter().any(|(k, _, _)| *k == IdKind::Claim));
        let hashed = Hashes::new(&items);
        let mut seen = Vec::new();
        for shard in 0..SHARDS {
            let mut seq = 0;
            hashed.each_in_shard(&items, shard, &mut seq, |kind, slot, at, hash, seq| {
                assert_eq!(shard_of(hash), shard);
                let id = items.id_in(slot).unwrap_or_default();
                assert_eq!(hash, id_hash(kind, id));
                seen.push((seq, kind, slot, at));
            });
        }
        seen.sort_by_key(|&(seq, ..)| seq);
        let expected: Vec<(usize, IdKind, Slot, u32)> = items
            .defined_slots()
            .zip(1..)
            .map(|((kind, slot, at), seq)| (seq, kind, slot, at))
            .collect();
        assert_eq!(seen, expected);
    }
}
