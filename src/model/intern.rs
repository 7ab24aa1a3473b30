//! Shared text: what many items repeat (source ids, speakers, actors, places, what is counted) is
//! stored once and shared, so a million events do not hold a million copies of "Raqqa".

use hashbrown::hash_table::{self, HashTable};
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

    /// How many hold the shared copy (read from it: see the snapshot's decoding).
    pub fn strong_count(list: &SharedList<T>) -> usize {
        Arc::strong_count(&list.0)
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
///
/// Each is found by its key: its content as bytes, kept with the other keys in one small arena
/// (see `Keyed`). Comparing with the shared copies themselves, scattered among a million
/// events, cost a cache miss or two for every event (a tenth of a large parse).
#[derive(Debug, Default, Clone)]
pub struct Interner {
    names: Keyed<Name>,
    lists: Keyed<NameList>,
    /// Each place's number in `place_list`.
    places: Keyed<usize>,
    /// The shared places, by number.
    place_list: Vec<Arc<Place>>,
    measures: Keyed<MeasureList>,
    /// The key being put together.
    key: Vec<u8>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Interner::default()
    }

    /// The shared copy of `text`.
    pub fn name(&mut self, text: &str) -> Name {
        self.names.get_or_add(text.as_bytes(), || Name::from(text))
    }

    /// The shared copy of the list of figures `measures`: alike when they count the same
    /// things with the same numbers, bit for bit.
    pub fn measures(&mut self, measures: Vec<Measure>) -> MeasureList {
        let key = &mut self.key;
        key.clear();
        for m in &measures {
            push_text(key, &m.what);
            quantity_bits(&m.value, |bits| key.extend_from_slice(&bits.to_le_bytes()));
            if let Quantity::Vague { word, .. } = &m.value {
                push_text(key, word);
            }
        }
        self.measures
            .get_or_add(&self.key, || MeasureList::from(measures))
    }

    /// The shared copy of the list `names`.
    pub fn list(&mut self, names: Vec<Name>) -> NameList {
        let key = &mut self.key;
        key.clear();
        for name in &names {
            push_text(key, name);
        }
        self.lists.get_or_add(&self.key, || NameList::from(names))
    }

    /// The shared copy of `place`.
    pub fn place(&mut self, place: Place) -> Arc<Place> {
        let admin = [&place.admin1, &place.admin2, &place.country].map(|a| a.as_deref());
        let key = place_key(&mut self.key, &place.name, admin, place.coordinates);
        let n = shared_number(&mut self.places, &mut self.place_list, key, || place);
        self.shared_place(n)
    }

    /// The number of the shared place of that name, first- and second-level areas and country
    /// (`admin`), and coordinates, made by `make` only when there is none yet (a file names the
    /// same few places again and again). No share of it is taken (see [`Interner::place_at`]):
    /// taking one raises its count, which waits for the place's memory, so a loader takes the
    /// shares of many events' places together.
    pub fn place_number(
        &mut self,
        name: &str,
        admin: [Option<&str>; 3],
        coordinates: Option<(f64, f64)>,
        make: impl FnOnce() -> Place,
    ) -> usize {
        let key = place_key(&mut self.key, name, admin, coordinates);
        shared_number(&mut self.places, &mut self.place_list, key, make)
    }

    /// The shared place numbered `n` by [`Interner::place_number`].
    pub fn place_at(&self, n: usize) -> Option<&Arc<Place>> {
        self.place_list.get(n)
    }

    /// A share of place `n`, as [`shared_number`] gave it.
    fn shared_place(&self, n: usize) -> Arc<Place> {
        // `n` is always in the list: [`shared_number`] numbers only what it put there.
        self.place_list.get(n).map_or_else(
            || {
                Arc::new(Place {
                    name: String::new(),
                    admin1: None,
                    admin2: None,
                    country: None,
                    coordinates: None,
                })
            },
            Arc::clone,
        )
    }
}

/// The number of the place filed under `key` in `places`, or of the one `make` gives, put at
/// the end of `list` and filed under it now.
fn shared_number(
    places: &mut Keyed<usize>,
    list: &mut Vec<Arc<Place>>,
    key: &[u8],
    make: impl FnOnce() -> Place,
) -> usize {
    places.get_or_add(key, || {
        list.push(Arc::new(make()));
        list.len() - 1
    })
}

/// A place's key, put together in `key`.
fn place_key<'k>(
    key: &'k mut Vec<u8>,
    name: &str,
    admin: [Option<&str>; 3],
    coordinates: Option<(f64, f64)>,
) -> &'k [u8] {
    key.clear();
    push_text(key, name);
    for part in admin {
        push_opt_text(key, part);
    }
    match coordinates {
        // Coordinates by their bits: they are finite once loaded, and two spellings of one
        // number are the same place to a reader anyway.
        Some((lat, lon)) => {
            key.push(1);
            key.extend_from_slice(&lat.to_bits().to_le_bytes());
            key.extend_from_slice(&lon.to_bits().to_le_bytes());
        }
        None => key.push(0),
    }
    key
}

/// A text in a key: its length, then its bytes (so that no two lists of texts make one key).
fn push_text(key: &mut Vec<u8>, text: &str) {
    key.extend_from_slice(&(text.len() as u64).to_le_bytes());
    key.extend_from_slice(text.as_bytes());
}

/// An optional text in a key.
fn push_opt_text(key: &mut Vec<u8>, text: Option<&str>) {
    match text {
        Some(t) => {
            key.push(1);
            push_text(key, t);
        }
        None => key.push(0),
    }
}

/// Shared values by key. The keys' bytes are kept one after another in one arena, which stays
/// small (25,000 places take about a megabyte) and so in the cache; the table holds each key's
/// hash and place in the arena beside its value, and only a key whose hash matches is compared.
#[derive(Debug, Clone)]
struct Keyed<V> {
    table: HashTable<Entry<V>>,
    arena: Vec<u8>,
}

/// A key's hash, where its bytes are in the arena, and its value.
#[derive(Debug, Clone)]
struct Entry<V> {
    hash: u64,
    start: u32,
    len: u32,
    value: V,
}

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed {
            table: HashTable::new(),
            arena: Vec::new(),
        }
    }
}

impl<V: Clone> Keyed<V> {
    /// The value filed under `key`, or the one `make` gives, filed under it now.
    fn get_or_add(&mut self, key: &[u8], make: impl FnOnce() -> V) -> V {
        let hash = foldhash::fast::FixedState::default().hash_one(key);
        let arena = &self.arena;
        let same = |e: &Entry<V>| {
            let (start, len) = (e.start as usize, e.len as usize);
            e.hash == hash && arena.get(start..start.saturating_add(len)) == Some(key)
        };
        let Some(start) = u32::try_from(self.arena.len()).ok() else {
            // Past 4 GB of distinct keys: found if filed, else not shared.
            return self
                .table
                .find(hash, same)
                .map_or_else(make, |e| e.value.clone());
        };
        match self.table.entry(hash, same, |e| e.hash) {
            hash_table::Entry::Occupied(found) => found.get().value.clone(),
            hash_table::Entry::Vacant(slot) => {
                let (value, len) = (make(), u32::try_from(key.len()).unwrap_or(u32::MAX));
                self.arena.extend_from_slice(key);
                slot.insert(Entry {
                    hash,
                    start,
                    len,
                    value: value.clone(),
                });
                value
            }
        }
    }
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
