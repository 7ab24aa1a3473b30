//! The sources an import names: the dataset itself, and the outlets its rows cite, each given an
//! id made from its name, so that the same outlet cited by two providers is one source.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{
    Interner, Measure, MeasureList, Name, NameList, Place, Report, Source, SourceKind,
};

/// The sources met so far, in order of first mention, and the text the rows share (actors,
/// places, what is counted), stored once.
#[derive(Debug, Default)]
pub struct SourceBook {
    sources: Vec<Source>,
    by_slug: HashMap<String, usize>,
    names: Interner,
}

impl SourceBook {
    /// A book holding the provider's own source.
    pub fn with(dataset: Source) -> SourceBook {
        let mut book = SourceBook::default();
        book.by_slug.insert(dataset.id.clone(), 0);
        book.sources.push(dataset);
        book
    }

    /// The id of the outlet named `name`, added on first mention.
    pub fn cited(&mut self, name: &str) -> String {
        let slug = slug(name);
        if let Some(&i) = self.by_slug.get(&slug) {
            return self.sources[i].id.clone();
        }
        // Ids are slugs, so one slug is one source (a row naming the provider itself means it).
        let id = slug.clone();
        self.by_slug.insert(slug, self.sources.len());
        self.sources.push(Source {
            id: id.clone(),
            name: name.to_string(),
            kind: SourceKind::Other,
            speakers: Vec::new(),
            reliability: None,
            url: None,
            description: None,
        });
        id
    }

    /// Reports for an event recorded by `dataset` that cites `outlets` (with a headline for
    /// each, when known): the dataset first, then each outlet once, through the dataset.
    pub fn attributions(
        &mut self,
        dataset: &str,
        outlets: impl IntoIterator<Item = (String, Option<String>)>,
    ) -> Vec<Report> {
        let dataset = self.names.name(dataset);
        let mut out = vec![Report {
            source: Name::clone(&dataset),
            speaker: None,
            quote: None,
            paraphrase: None,
            via: None,
        }];
        for (name, quote) in outlets {
            let id = self.cited(&name);
            // An outlet cited twice is one attribution, with both of its headlines.
            if let Some(known) = out.iter_mut().find(|a| *a.source == *id) {
                if let Some(q) = quote {
                    known.quote = Some(match known.quote.take() {
                        Some(k) => format!("{k}; {q}"),
                        None => q,
                    });
                }
                continue;
            }
            out.push(Report {
                source: self.names.name(&id),
                speaker: None,
                quote,
                paraphrase: None,
                via: Some(Name::clone(&dataset)),
            });
        }
        out
    }

    /// The shared copy of a list of names (an event's actors).
    pub fn list(&mut self, names: Vec<Name>) -> NameList {
        self.names.list(names)
    }

    /// The shared copy of a list of figures.
    pub fn measures(&mut self, measures: Vec<Measure>) -> MeasureList {
        self.names.measures(measures)
    }

    /// The shared copy of a name (an actor, what a figure counts).
    pub fn name(&mut self, text: &str) -> Name {
        self.names.name(text)
    }

    /// The shared copy of a place.
    pub fn place(&mut self, place: Place) -> Arc<Place> {
        self.names.place(place)
    }

    /// Every source, in order of first mention.
    pub fn into_sources(self) -> Vec<Source> {
        self.sources
    }
}

/// An id from a name: lower-case letters and digits joined by `-` ("SOHR" → `sohr`, "Al-Watan
/// (Syria)" → `al-watan-syria`). A name with no Latin letters or digits gets `source`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("source");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset() -> Source {
        Source {
            id: "acled".into(),
            name: "ACLED".into(),
            kind: SourceKind::Dataset,
            speakers: Vec::new(),
            reliability: None,
            url: None,
            description: None,
        }
    }

    #[test]
    fn slugs_are_valid_ids() {
        assert_eq!(slug("SOHR"), "sohr");
        assert_eq!(slug("Al-Watan (Syria)"), "al-watan-syria");
        assert_eq!(slug("  Facebook "), "facebook");
        assert_eq!(slug("الوطن"), "source");
    }

    #[test]
    fn an_outlet_is_one_source_however_often_cited() {
        let mut book = SourceBook::with(dataset());
        let a = book.attributions(
            "acled",
            [("SOHR".to_string(), None), ("sohr".to_string(), None)],
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a[1].via.as_deref(), Some("acled"));
        assert_eq!(book.cited("ACLED"), "acled");
        assert_eq!(book.into_sources().len(), 2);
    }
}
