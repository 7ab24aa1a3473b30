//! Shared text: what many items repeat (source ids, speakers, actors, places, what is counted) is
//! stored once and shared, so a million events do not hold a million copies of "Raqqa".

use foldhash::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::event::Place;

/// A short text that many items repeat, stored once and shared: a source or speaker id, an
/// actor, what a figure counts. Reads as a `&str`; compared, ordered and hashed as one.
///
/// One pointer wide (an `Arc<str>` is two): a million events hold millions of names.
#[derive(Clone)]
pub struct Name(Arc<Box<str>>);

impl Name {
    /// Whether `a` and `b` are the same shared copy.
    pub fn ptr_eq(a: &Name, b: &Name) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name(Arc::new(Box::from(text)))
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name(Arc::new(text.into_boxed_str()))
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        **self == **other
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl Hash for Name {
    // As the `str` it reads as, so that a set of names is searched with a `&str`.
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl serde::Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

/// A list of names that many items repeat (an event's actors: the same few pairs again and
/// again), stored once and shared. Reads as a `&[Name]`; one pointer wide.
#[derive(Clone)]
pub struct NameList(Arc<Box<[Name]>>);

impl NameList {
    /// Whether `a` and `b` are the same shared copy.
    pub fn ptr_eq(a: &NameList, b: &NameList) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    /// The shared copy's address: one per distinct copy.
    pub fn address(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }
}

impl Default for NameList {
    fn default() -> NameList {
        NameList::from(Vec::new())
    }
}

impl From<Vec<Name>> for NameList {
    fn from(names: Vec<Name>) -> NameList {
        NameList(Arc::new(names.into_boxed_slice()))
    }
}

impl std::ops::Deref for NameList {
    type Target = [Name];
    fn deref(&self) -> &[Name] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a NameList {
    type Item = &'a Name;
    type IntoIter = std::slice::Iter<'a, Name>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::borrow::Borrow<[Name]> for NameList {
    fn borrow(&self) -> &[Name] {
        self
    }
}

impl PartialEq for NameList {
    fn eq(&self, other: &NameList) -> bool {
        **self == **other
    }
}

impl Eq for NameList {}

impl Hash for NameList {
    // As the slice it reads as, so that a set of lists is searched with a `&[Name]`.
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl std::fmt::Debug for NameList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl serde::Serialize for NameList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

/// Hands out one shared copy of each distinct name, list of names and place.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    names: HashSet<Name>,
    lists: HashSet<NameList>,
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
            return name.clone();
        }
        let name = Name::from(text);
        self.names.insert(name.clone());
        name
    }

    /// The shared copy of the list `names`.
    pub fn list(&mut self, names: Vec<Name>) -> NameList {
        if let Some(list) = self.lists.get(names.as_slice()) {
            return list.clone();
        }
        let list = NameList::from(names);
        self.lists.insert(list.clone());
        list
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
        assert!(Name::ptr_eq(&a, &b));
        assert!(!Name::ptr_eq(&a, &c));
        assert_eq!(&*b, "SDF");
        assert_eq!(size_of::<Name>(), size_of::<usize>());
        let pair = i.list(vec![a.clone(), c.clone()]);
        let again = i.list(vec![b, c.clone()]);
        let other = i.list(vec![c, a]);
        assert!(NameList::ptr_eq(&pair, &again));
        assert!(!NameList::ptr_eq(&pair, &other));
        assert_eq!(&*again, &[Name::from("SDF"), Name::from("ISIS")][..]);
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
