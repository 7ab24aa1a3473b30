//! Sources: who reports or claims something, who speaks for them, and how reliable they are.

use std::fmt;

use serde::Serialize;

/// What kind of source it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A government or international body speaking officially.
    Official,
    /// A party to the conflict (an army, an armed group, a coalition).
    PartyToConflict,
    /// A news organisation or a single report.
    Media,
    /// A non-governmental organisation (monitors, humanitarian agencies).
    Ngo,
    /// A curated event dataset (ACLED, UCDP).
    Dataset,
    /// Anything else.
    Other,
}

impl SourceKind {
    /// Every kind, in the order of the docs.
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Official,
        SourceKind::PartyToConflict,
        SourceKind::Media,
        SourceKind::Ngo,
        SourceKind::Dataset,
        SourceKind::Other,
    ];

    /// The name written in data files.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Official => "Official",
            SourceKind::PartyToConflict => "PartyToConflict",
            SourceKind::Media => "Media",
            SourceKind::Ngo => "Ngo",
            SourceKind::Dataset => "Dataset",
            SourceKind::Other => "Other",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Official => "official",
            SourceKind::PartyToConflict => "party to the conflict",
            SourceKind::Media => "media",
            SourceKind::Ngo => "NGO",
            SourceKind::Dataset => "dataset",
            SourceKind::Other => "other",
        }
    }
}

/// Source reliability on the Admiralty (NATO) scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Reliability {
    /// Completely reliable.
    A,
    /// Usually reliable.
    B,
    /// Fairly reliable.
    C,
    /// Not usually reliable.
    D,
    /// Unreliable.
    E,
    /// Reliability cannot be judged.
    F,
}

impl Reliability {
    /// Every grade, best first.
    pub const ALL: [Reliability; 6] = [
        Reliability::A,
        Reliability::B,
        Reliability::C,
        Reliability::D,
        Reliability::E,
        Reliability::F,
    ];

    /// The letter.
    pub fn name(self) -> &'static str {
        match self {
            Reliability::A => "A",
            Reliability::B => "B",
            Reliability::C => "C",
            Reliability::D => "D",
            Reliability::E => "E",
            Reliability::F => "F",
        }
    }

    /// What the letter means.
    pub fn label(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }
}

impl fmt::Display for Reliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A person who speaks for a source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    /// Referred to from attributions and claims.
    pub id: String,
    /// As the report names them: "Col. Ryan Dillon".
    pub name: String,
    /// Their role: "coalition spokesman".
    pub role: Option<String>,
}

/// Someone who reports or claims things.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Unique id, referred to from events and claims.
    pub id: String,
    /// Full name.
    pub name: String,
    /// What kind of source.
    pub kind: SourceKind,
    /// Who speaks for it.
    pub speakers: Vec<Speaker>,
    /// Admiralty reliability grade, when one has been given.
    pub reliability: Option<Reliability>,
    /// Where to find it.
    pub url: Option<String>,
    /// A note on the source.
    pub description: Option<String>,
}

impl Source {
    /// A speaker of this source by id.
    pub fn speaker(&self, id: &str) -> Option<&Speaker> {
        self.speakers.iter().find(|s| s.id == id)
    }
}
