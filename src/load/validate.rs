//! Checks across all files: ids unique within their kind, every reference resolved.
//!
//! Every id and every reference is hashed first, on every core. The ids are then filed by hash
//! in [`SHARDS`] small tables, a few at a time (one per core): each shard finds the duplicates
//! among its ids and resolves the references that hash to it, and only an id whose hash matches
//! is read again. One map of a million ids, filed on one core, had kept the other core idle for
//! half a second after parsing, and was the largest thing alive at the peak of a load (60 MB).
//! Each problem keeps its place in the files' order, and they are put back in that order.

use std::hash::BuildHasher;

use foldhash::HashMap;
use hashbrown::hash_table::{Entry, HashTable};
use rayon::prelude::*;

use crate::model::Source;

use super::convert::{FileItems, IdKind, Pending, Slot, id_path};
use super::diagnostic::Severity;
use super::locate::Path;
use super::locate::Seg;
use super::suggest::did_you_mean;

/// Appends a problem for every duplicate id and, when `references` is set, every reference that
/// does not resolve. (References are skipped when a file failed to parse: its ids are unknown.)
pub fn cross_check(files: &[FileItems], out: &mut Vec<Pending>, references: bool) {
    let hashed: Vec<Hashes> = files.iter().map(|f| Hashes::new(f, references)).collect();
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

/// The hash of an id of a kind.
fn hash_id(kind: IdKind, id: &str) -> u64 {
    foldhash::fast::FixedState::with_seed(0x05ee_d1d5).hash_one((kind, id))
}

/// The shard of a hash (its top bits; the table uses the low ones).
fn shard_of(hash: u64) -> u64 {
    (hash >> 58) % SHARDS
}

/// The hash of each id of a file, by where it is kept, and of each of its references.
struct Hashes {
    listed: Vec<u64>,
    events: Vec<u64>,
    claims: Vec<u64>,
    refs: Vec<u64>,
}

impl Hashes {
    /// Hashes `items`' ids (and references, when they are to be checked) on every core.
    fn new(items: &FileItems, references: bool) -> Hashes {
        let refs = if references {
            items
                .refs
                .par_iter()
                .with_min_len(4096)
                .map(|r| hash_id(r.kind, &r.id))
                .collect()
        } else {
            Vec::new()
        };
        Hashes {
            listed: items.ids.iter().map(|(k, id, _)| hash_id(*k, id)).collect(),
            events: items
                .events
                .par_iter()
                .with_min_len(4096)
                .map(|e| hash_id(IdKind::Event, e.id()))
                .collect(),
            claims: items
                .claims
                .par_iter()
                .with_min_len(4096)
                .map(|c| hash_id(IdKind::Claim, &c.id))
                .collect(),
            refs,
        }
    }

    fn of(&self, slot: Slot) -> u64 {
        let (list, i) = match slot {
            Slot::Listed(i) => (&self.listed, i),
            Slot::Event(i) => (&self.events, i),
            Slot::Claim(i) => (&self.claims, i),
        };
        list.get(i as usize).copied().unwrap_or_default()
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

/// What every shard looks at.
struct Check<'a> {
    files: &'a [FileItems],
    hashed: &'a [Hashes],
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
            for (kind, slot, at) in items.defined_slots() {
                seq += 1;
                let hash = hashed.of(slot);
                if shard_of(hash) != shard {
                    continue;
                }
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
                        continue;
                    }
                    Entry::Occupied(o) => (o.get().file, o.get().at),
                };
                let (f, p) = first;
                // The same source defined alike in two files is one source.
                if kind == IdKind::Source
                    && f != file_number
                    && same_source(self.files, f as usize, file, id())
                {
                    continue;
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
            }
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
        for ((file, items), hashed) in self.files.iter().enumerate().zip(self.hashed) {
            for (r, &hash) in items.refs.iter().zip(&hashed.refs) {
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
