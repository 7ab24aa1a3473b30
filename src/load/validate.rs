//! Checks across all files: ids unique within their kind, every reference resolved.

use std::collections::{HashMap, HashSet};

use crate::model::Source;

use super::convert::{FileItems, IdKind, Pending};
use super::diagnostic::Severity;
use super::locate::{Path, Seg};
use super::suggest::did_you_mean;

/// Appends a problem for every duplicate id and, when `references` is set, every reference that
/// does not resolve. (References are skipped when a file failed to parse: its ids are unknown.)
pub fn cross_check(files: &[FileItems], out: &mut Vec<Pending>, references: bool) {
    let mut first: HashMap<(IdKind, &str), (usize, &Path)> = HashMap::new();
    for (file, items) in files.iter().enumerate() {
        for (kind, id, path) in &items.ids {
            match first.get(&(*kind, id.as_str())) {
                Some(&(f, p)) => out.push(Pending {
                    severity: Severity::Error,
                    message: format!("duplicate {} id `{id}`", kind.noun()),
                    help: Some(format!("each {} needs its own id", kind.noun())),
                    file,
                    path: path.clone(),
                    key: false,
                    first: Some((f, p.clone())),
                }),
                None => {
                    first.insert((*kind, id.as_str()), (file, path));
                }
            }
        }
    }
    if references {
        References::new(files).check(files, out);
    }
}

struct References<'a> {
    sources: HashMap<&'a str, &'a Source>,
    ids: HashMap<IdKind, HashSet<&'a str>>,
}

impl<'a> References<'a> {
    fn new(files: &'a [FileItems]) -> Self {
        let mut ids: HashMap<IdKind, HashSet<&str>> = HashMap::new();
        for items in files {
            for (kind, id, _) in &items.ids {
                ids.entry(*kind).or_default().insert(id.as_str());
            }
        }
        let sources = files
            .iter()
            .flat_map(|f| &f.sources)
            .map(|s| (s.item.id.as_str(), &s.item))
            .collect();
        References { sources, ids }
    }

    fn check(&self, files: &[FileItems], out: &mut Vec<Pending>) {
        for (file, items) in files.iter().enumerate() {
            for e in &items.events {
                for (j, a) in e.item.sources.iter().enumerate() {
                    let at = with(&e.path, &[Seg::Field("sources"), Seg::Index(j)]);
                    self.source_and_speaker(file, &at, &a.source, a.speaker.as_deref(), out);
                    if let Some(via) = &a.via {
                        self.resolve(
                            IdKind::Source,
                            via,
                            file,
                            with(&at, &[Seg::Field("via")]),
                            out,
                        );
                    }
                }
            }
            for c in &items.claims {
                let claim = &c.item;
                self.source_and_speaker(
                    file,
                    &c.path,
                    &claim.source,
                    claim.speaker.as_deref(),
                    out,
                );
                self.resolve(
                    IdKind::Subject,
                    &claim.subject,
                    file,
                    with(&c.path, &[Seg::Field("subject")]),
                    out,
                );
                if let Some(via) = &claim.via {
                    self.resolve(
                        IdKind::Source,
                        via,
                        file,
                        with(&c.path, &[Seg::Field("via")]),
                        out,
                    );
                }
                for (k, ev) in claim.events.iter().enumerate() {
                    let at = with(&c.path, &[Seg::Field("events"), Seg::Index(k)]);
                    self.resolve(IdKind::Event, ev, file, at, out);
                }
            }
        }
    }

    /// Checks `source` at `at.source` and, when it resolves, `speaker` at `at.speaker`.
    fn source_and_speaker(
        &self,
        file: usize,
        at: &Path,
        source: &str,
        speaker: Option<&str>,
        out: &mut Vec<Pending>,
    ) {
        if !self.resolve(
            IdKind::Source,
            source,
            file,
            with(at, &[Seg::Field("source")]),
            out,
        ) {
            return;
        }
        let (Some(speaker), Some(src)) = (speaker, self.sources.get(source)) else {
            return;
        };
        if src.speaker(speaker).is_none() {
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
                path: with(at, &[Seg::Field("speaker")]),
                key: false,
                first: None,
            });
        }
    }

    /// Whether `id` names a `kind`; if not, reports it with a suggestion.
    fn resolve(
        &self,
        kind: IdKind,
        id: &str,
        file: usize,
        path: Path,
        out: &mut Vec<Pending>,
    ) -> bool {
        let known = self.ids.get(&kind);
        if known.is_some_and(|k| k.contains(id)) {
            return true;
        }
        let mut candidates: Vec<&str> = known
            .map(|k| k.iter().copied().collect())
            .unwrap_or_default();
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
            path,
            key: false,
            first: None,
        });
        false
    }
}

fn with(path: &Path, more: &[Seg]) -> Path {
    let mut p = path.clone();
    p.extend_from_slice(more);
    p
}
