//! Shared text: what many items repeat (source ids, speakers, actors, places, what is counted) is
//! stored once and shared, so a million events do not hold a million copies of "Raqqa".

use foldhash::HashSet;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::Arc;

use super::event::{Measure, Place};
use super::quantity::Quantity;

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

    /// The shared copy's address: one per distinct copy (a name repeated in several copies
    /// has several).
    pub fn address(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
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

/// A list that many items repeat, stored once and shared: an event's actors (the same few pairs
/// again and again), its figures (most events of a dataset count the same few things alike).
/// Reads as a `&[T]`; one pointer wide.
pub struct SharedList<T>(Arc<Box<[T]>>);

/// A shared list of names (see [`Interner::list`]).
pub type NameList = SharedList<Name>;

/// A shared list of figures (see [`Interner::measures`]).
pub type MeasureList = SharedList<Measure>;

impl<T> SharedList<T> {
    /// Whether `a` and `b` are the same shared copy.
    pub fn ptr_eq(a: &SharedList<T>, b: &SharedList<T>) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    /// The shared copy's address: one per distinct copy.
    pub fn address(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }
}

impl<T> Clone for SharedList<T> {
    fn clone(&self) -> Self {
        SharedList(Arc::clone(&self.0))
    }
}

impl<T> Default for SharedList<T> {
    fn default() -> SharedList<T> {
        SharedList::from(Vec::new())
    }
}

impl<T> From<Vec<T>> for SharedList<T> {
    fn from(items: Vec<T>) -> SharedList<T> {
        SharedList(Arc::new(items.into_boxed_slice()))
    }
}

impl<T> std::ops::Deref for SharedList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<'a, T> IntoIterator for &'a SharedList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> std::borrow::Borrow<[T]> for SharedList<T> {
    fn borrow(&self) -> &[T] {
        self
    }
}

impl<T: PartialEq> PartialEq for SharedList<T> {
    fn eq(&self, other: &SharedList<T>) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for SharedList<T> {}

impl<T: Hash> Hash for SharedList<T> {
    // As the slice it reads as, so that a set of lists is searched with a `&[T]`.
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for SharedList<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl<T: serde::Serialize> serde::Serialize for SharedList<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

/// Hands out one shared copy of each distinct name, list of names, list of figures and place.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    names: HashSet<Name>,
    lists: HashSet<NameList>,
    places: HashSet<SamePlace>,
    /// By [`measures_hash`]: figures are numbers, compared by their bits.
    measures: foldhash::HashMap<u64, MeasureList>,
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

    /// The shared copy of the list of figures `measures`: alike when they count the same
    /// things with the same numbers, bit for bit.
    pub fn measures(&mut self, measures: Vec<Measure>) -> MeasureList {
        match self.measures.entry(measures_hash(&measures)) {
            Entry::Occupied(found) if same_measures(found.get(), &measures) => found.get().clone(),
            // Another list with the same hash (one in billions) goes unshared.
            Entry::Occupied(_) => MeasureList::from(measures),
            Entry::Vacant(slot) => slot.insert(MeasureList::from(measures)).clone(),
        }
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

/// A list of figures hashed as [`same_measures`] compares them.
fn measures_hash(measures: &[Measure]) -> u64 {
    let mut h = foldhash::fast::FixedState::default().build_hasher();
    for m in measures {
        m.what.hash(&mut h);
        quantity_bits(&m.value, |bits| h.write_u64(bits));
        if let Quantity::Vague { word, .. } = &m.value {
            word.hash(&mut h);
        }
    }
    h.finish()
}

/// Whether two lists of figures count the same things with the same numbers, bit for bit.
fn same_measures(a: &[Measure], b: &[Measure]) -> bool {
    let bits = |q: &Quantity| {
        let (mut all, mut n) = ([0u64; 4], 0);
        quantity_bits(q, |b| {
            if let Some(slot) = all.get_mut(n) {
                *slot = b;
            }
            n += 1;
        });
        (all, n)
    };
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.what == y.what
                && bits(&x.value) == bits(&y.value)
                && match (&x.value, &y.value) {
                    (Quantity::Vague { word: w, .. }, Quantity::Vague { word: v, .. }) => w == v,
                    _ => true,
                }
        })
}

/// A quantity's kind and numbers as bits, to `out`.
fn quantity_bits(q: &Quantity, mut out: impl FnMut(u64)) {
    match q {
        Quantity::Exact { value } => kind_and(&mut out, 0, &[*value]),
        Quantity::About { value } => kind_and(&mut out, 1, &[*value]),
        Quantity::AtLeast { value } => kind_and(&mut out, 2, &[*value]),
        Quantity::MoreThan { value } => kind_and(&mut out, 3, &[*value]),
        Quantity::AtMost { value } => kind_and(&mut out, 4, &[*value]),
        Quantity::LessThan { value } => kind_and(&mut out, 5, &[*value]),
        Quantity::Range { low, high, best } => match best {
            Some(b) => kind_and(&mut out, 6, &[*low, *high, *b]),
            None => kind_and(&mut out, 7, &[*low, *high]),
        },
        Quantity::Vague { low, high, .. } => kind_and(&mut out, 8, &[*low, *high]),
    }
}

/// A kind's number, then each number's bits (three at most), to `out`.
fn kind_and(out: &mut impl FnMut(u64), kind: u64, numbers: &[f64]) {
    out(kind);
    for n in numbers {
        out(n.to_bits());
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

    /// Figures are one copy when they count the same things with the same numbers, bit for
    /// bit: not when the kind, a number's sign, the word or what is counted differs.
    #[test]
    fn one_copy_of_each_list_of_figures() {
        let mut i = Interner::new();
        let mut figures = |what: &str, value: Quantity| {
            let what = i.name(what);
            i.measures(vec![Measure { what, value }])
        };
        let about = |value| Quantity::About { value };
        let vague = |word: &str| Quantity::Vague {
            word: word.into(),
            low: 3.0,
            high: 9.0,
        };
        let a = figures("killed", about(100.0));
        let same = [figures("killed", about(100.0)), a.clone()];
        let other = [
            figures("killed", Quantity::Exact { value: 100.0 }),
            figures("killed", about(101.0)),
            figures("injured", about(100.0)),
            figures("killed", about(0.0)),
            figures("killed", vague("several")),
        ];
        let zero = figures("killed", about(-0.0));
        let several = figures("killed", vague("several"));
        let few = figures("killed", vague("a few"));
        assert!(same.iter().all(|s| MeasureList::ptr_eq(s, &a)));
        assert!(other.iter().all(|o| !MeasureList::ptr_eq(o, &a)));
        assert!(!MeasureList::ptr_eq(&zero, &other[3]));
        assert!(MeasureList::ptr_eq(&several, &other[4]));
        assert!(!MeasureList::ptr_eq(&few, &several));
        let none = [i.measures(Vec::new()), i.measures(Vec::new())];
        assert!(MeasureList::ptr_eq(&none[0], &none[1]));
        assert!(none[0].is_empty());
    }
}
