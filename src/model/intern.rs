//! Shared text: what many items repeat (source ids, speakers, actors, places, what is counted) is
//! stored once and shared, so a million events do not hold a million copies of "Raqqa".

use foldhash::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::event::Place;

/// A short text that many items repeat, stored once and shared: a source or speaker id, an
/// actor, what a figure counts. Reads as a `&str`.
pub type Name = Arc<str>;

/// Hands out one shared copy of each distinct name and place.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    names: HashSet<Name>,
    places: HashSet<SamePlace>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Interner::default()
    }

    /// The shared copy of `text`.
    pub fn name(&mut self, text: &str) -> Name {
        if let Some(name) = self.names.get(text) {
            return Arc::clone(name);
        }
        let name: Name = Arc::from(text);
        self.names.insert(Arc::clone(&name));
        name
    }

    /// The shared copy of `place`.
    pub fn place(&mut self, place: Place) -> Arc<Place> {
        let key = SamePlace(Arc::new(place));
        if let Some(found) = self.places.get(&key) {
            return Arc::clone(&found.0);
        }
        let place = Arc::clone(&key.0);
        self.places.insert(key);
        place
    }
}

/// A place's fields, coordinates as bits.
type PlaceKey<'a> = (
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<(u64, u64)>,
);

/// A place compared and hashed by value, coordinates by their bits (they are finite once
/// loaded, and two spellings of one number are the same place to a reader anyway).
#[derive(Debug, Clone)]
struct SamePlace(Arc<Place>);

impl SamePlace {
    fn key(&self) -> PlaceKey<'_> {
        let p = &self.0;
        (
            &p.name,
            p.admin1.as_deref(),
            p.admin2.as_deref(),
            p.country.as_deref(),
            p.coordinates
                .map(|(lat, lon)| (lat.to_bits(), lon.to_bits())),
        )
    }
}

impl PartialEq for SamePlace {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for SamePlace {}

impl Hash for SamePlace {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str, coordinates: Option<(f64, f64)>) -> Place {
        Place {
            name: name.to_string(),
            admin1: None,
            admin2: None,
            country: Some("Syria".to_string()),
            coordinates,
        }
    }

    #[test]
    fn one_copy_of_each_name() {
        let mut i = Interner::new();
        let a = i.name("SDF");
        let b = i.name("SDF");
        let c = i.name("ISIS");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(&*b, "SDF");
    }

    #[test]
    fn one_copy_of_each_place() {
        let mut i = Interner::new();
        let a = i.place(place("Raqqa", Some((35.95, 39.01))));
        let b = i.place(place("Raqqa", Some((35.95, 39.01))));
        let c = i.place(place("Raqqa", None));
        let d = i.place(place("Tabqa", Some((35.95, 39.01))));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert!(!Arc::ptr_eq(&a, &d));
        assert_eq!(*c, place("Raqqa", None));
    }
}
