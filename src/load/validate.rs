//! Checks across all files: ids unique within their kind, every reference resolved.

use foldhash::{HashMap, HashMapExt};

use crate::model::Source;

use super::convert::{FileItems, IdKind, Pending, id_path};
use super::diagnostic::Severity;
use super::locate::Path;
use super::locate::Seg;
use super::suggest::did_you_mean;

/// Appends a problem for every duplicate id and, when `references` is set, every reference that
/// does not resolve. (References are skipped when a file failed to parse: its ids are unknown.)
pub fn cross_check(files: &[FileItems], out: &mut Vec<Pending>, references: bool) {
    // Where each id is first defined; also the set references are resolved against.
    let count = files
        .iter()
        .map(|f| f.ids.len() + f.event_at.len() + f.claim_at.len())
        .sum();
    let mut first: Ids = HashMap::with_capacity(count);
    for (file, items) in files.iter().enumerate() {
        let Ok(file_number) = u32::try_from(file) else {
            break;
        };
        for (kind, id, at) in items.defined() {
            match first.get(&(kind, id)) {
                // The same source defined alike in two files is one source.
                Some(&(f, _))
                    if kind == IdKind::Source
                        && f != file_number
                        && same_source(files, f as usize, file, id) => {}
                Some(&(f, p)) => out.push(Pending {
                    severity: Severity::Error,
                    message: format!("duplicate {} id `{id}`", kind.noun()),
                    help: Some(format!("each {} needs its own id", kind.noun())),
                    file,
                    path: id_path(kind, at),
                    key: false,
                    first: Some((f as usize, id_path(kind, p))),
                }),
                None => {
                    first.insert((kind, id), (file_number, at));
                }
            }
        }
    }
    if references {
        References::new(files, &first).check(files, out);
    }
}

/// Every id defined, by kind, with the file and list position of its first definition.
type Ids<'a> = HashMap<(IdKind, &'a str), (u32, u32)>;

/// Whether files `a` and `b` define source `id` identically.
fn same_source(files: &[FileItems], a: usize, b: usize, id: &str) -> bool {
    let find = |f: usize| files.get(f)?.sources.iter().find(|s| s.id == id);
    matches!((find(a), find(b)), (Some(x), Some(y)) if x == y)
}

struct References<'a, 'b> {
    sources: HashMap<&'a str, &'a Source>,
    ids: &'b Ids<'a>,
}

impl<'a, 'b> References<'a, 'b> {
    fn new(files: &'a [FileItems], ids: &'b Ids<'a>) -> Self {
        let sources = files
            .iter()
            .flat_map(|f| &f.sources)
            .map(|s| (s.id.as_str(), s))
            .collect();
        References { sources, ids }
    }

    fn check(&self, files: &[FileItems], out: &mut Vec<Pending>) {
        for (file, items) in files.iter().enumerate() {
            for r in &items.refs {
                let resolved = self.resolve(r.kind, &r.id, file, &r.path, out);
                if let (true, Some(named)) = (resolved, &r.speaker) {
                    let (speaker, at) = &**named;
                    self.speaker(file, &r.id, speaker, at, out);
                }
            }
        }
    }

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

    /// Whether `id` names a `kind`; if not, reports it with a suggestion.
    fn resolve(
        &self,
        kind: IdKind,
        id: &str,
        file: usize,
        path: &[Seg],
        out: &mut Vec<Pending>,
    ) -> bool {
        if self.ids.contains_key(&(kind, id)) {
            return true;
        }
        let mut candidates: Vec<&str> = self
            .ids
            .keys()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| *id)
            .collect();
        candidates.sort_unstable();
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
        false
    }
}
