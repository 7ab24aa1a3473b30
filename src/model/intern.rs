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
    /// Each list of figures' number in `measure_list`.
    measures: Keyed<usize>,
    /// The shared lists of figures, by number.
    measure_list: Vec<MeasureList>,
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
        self.key.clear();
        put_measures_key(&mut self.key, &measures);
        let made = || MeasureList::from(measures);
        let n = number(&mut self.measures, &mut self.measure_list, &self.key, made);
        self.measure_list.get(n).cloned().unwrap_or_default()
    }

    /// The shared copies of the lists of figures in `lists`, in order, as
    /// [`Interner::measures`] gives them one by one, found and shared together as places are
    /// (see [`Interner::places`]).
    pub fn measure_lists(&mut self, lists: MeasureKeys) -> Vec<MeasureList> {
        let MeasureKeys { keys, lists } = lists;
        self.measures.warm(keys.iter());
        let (filed, list) = (&mut self.measures, &mut self.measure_list);
        let numbers: Vec<usize> = (keys.iter().zip(lists))
            .map(|(key, measures)| number(filed, list, key, || MeasureList::from(measures)))
            .collect();
        shares(&self.measure_list, &numbers, SharedList::strong_count)
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
        self.key.clear();
        put_place_key(&mut self.key, &place.name, admin, place.coordinates);
        let made = || Arc::new(place);
        let n = number(&mut self.places, &mut self.place_list, &self.key, made);
        // `n` is always in the list: [`number`] numbers only what it put there.
        (self.place_list.get(n)).map_or_else(|| Arc::new(Place::default()), Arc::clone)
    }

    /// The shared copies of the places of `keys`, in order, each made only when there is none
    /// yet (a file names the same few places again and again).
    ///
    /// Found together: each place's entry in the table and its key are read for all of them
    /// first, so that the waits for memory overlap (found one at a time as events came, they
    /// were a tenth of a large parse); then each one's shared count is read, all of them,
    /// before any share is taken (see `shares`).
    pub fn places(&mut self, keys: &PlaceKeys) -> Vec<Arc<Place>> {
        self.places.warm(keys.iter());
        let (filed, list) = (&mut self.places, &mut self.place_list);
        let numbers: Vec<usize> = keys
            .iter()
            .map(|key| number(filed, list, key, || Arc::new(place_of_key(key))))
            .collect();
        shares(&self.place_list, &numbers, Arc::strong_count)
    }
}

/// The number of the value filed under `key` in `filed`, or of the one `make` gives, put at
/// the end of `list` and filed under it now.
fn number<T>(
    filed: &mut Keyed<usize>,
    list: &mut Vec<T>,
    key: &[u8],
    make: impl FnOnce() -> T,
) -> usize {
    filed.get_or_add(key, || {
        list.push(make());
        list.len() - 1
    })
}

/// A share of each of `list`'s values numbered in `numbers`, in order. Every one's shared count
/// (`count`) is read first, all at once: taking a share raises the count with a locked
/// instruction, which waited for its memory value by value (these values are scattered among
/// a million events), where reads that do not wait for one another arrive together.
fn shares<T: Clone + Default>(list: &[T], numbers: &[usize], count: fn(&T) -> usize) -> Vec<T> {
    let counts: usize = numbers.iter().filter_map(|&n| list.get(n)).map(count).sum();
    std::hint::black_box(counts);
    // Every number is in the list: [`number`] numbers only what it put there.
    (numbers.iter())
        .map(|&n| list.get(n).cloned().unwrap_or_default())
        .collect()
}

/// Keys one after another.
#[derive(Debug, Default, Clone)]
struct Keys {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Keys {
    /// Ends the key whose bytes were added since the last; gives its index.
    fn end(&mut self) -> usize {
        self.ends.push(self.bytes.len());
        self.ends.len() - 1
    }

    /// The keys, in order.
    fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        (starts.zip(self.ends.iter().copied())).filter_map(|(a, b)| self.bytes.get(a..b))
    }
}

/// Keys of places one after another (see [`PlaceKeys::push`]), shared all at once by
/// [`Interner::places`].
#[derive(Debug, Default, Clone)]
pub struct PlaceKeys(Keys);

impl PlaceKeys {
    /// Adds the key of the place of that name, first- and second-level areas and country
    /// (`admin`), and coordinates; gives its index among the keys.
    pub fn push(
        &mut self,
        name: &str,
        admin: [Option<&str>; 3],
        coordinates: Option<(f64, f64)>,
    ) -> usize {
        put_place_key(&mut self.0.bytes, name, admin, coordinates);
        self.0.end()
    }

    /// The keys, in order.
    fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.0.iter()
    }
}

/// Lists of figures with their keys, to be shared all at once by [`Interner::measure_lists`].
#[derive(Debug, Default, Clone)]
pub struct MeasureKeys {
    keys: Keys,
    lists: Vec<Vec<Measure>>,
}

impl MeasureKeys {
    /// Adds a list of figures; gives its index among the lists.
    pub fn push(&mut self, measures: Vec<Measure>) -> usize {
        put_measures_key(&mut self.keys.bytes, &measures);
        self.lists.push(measures);
        self.keys.end()
    }
}

/// The key of a list of figures, added to the end of `key`.
fn put_measures_key(key: &mut Vec<u8>, measures: &[Measure]) {
    for m in measures {
        push_text(key, &m.what);
        quantity_bits(&m.value, |bits| key.extend_from_slice(&bits.to_le_bytes()));
        if let Quantity::Vague { word, .. } = &m.value {
            push_text(key, word);
        }
    }
}

/// A place's key, added to the end of `key`.
fn put_place_key(
    key: &mut Vec<u8>,
    name: &str,
    admin: [Option<&str>; 3],
    coordinates: Option<(f64, f64)>,
) {
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
}

/// The place whose key [`put_place_key`] made. Keys are only ever made by it, so the empty
/// place for bytes that are not one is never given.
fn place_of_key(key: &[u8]) -> Place {
    let mut rest = key;
    let read = |rest: &mut &[u8]| -> Option<Place> {
        let name = take_text(rest)?;
        let [admin1, admin2, country] = [(); 3].map(|()| take_opt_text(rest));
        let coordinates = match take(rest, 1)? {
            [1] => {
                let lat = f64::from_bits(u64::from_le_bytes(take(rest, 8)?.try_into().ok()?));
                let lon = f64::from_bits(u64::from_le_bytes(take(rest, 8)?.try_into().ok()?));
                Some((lat, lon))
            }
            _ => None,
        };
        Some(Place {
            name,
            admin1: admin1?,
            admin2: admin2?,
            country: country?,
            coordinates,
        })
    };
    read(&mut rest).unwrap_or_default()
}

/// The first `n` bytes of `rest`, taken off it.
fn take<'k>(rest: &mut &'k [u8], n: usize) -> Option<&'k [u8]> {
    let (head, tail) = rest.split_at_checked(n)?;
    *rest = tail;
    Some(head)
}

/// A text [`push_text`] wrote, taken off `rest`.
fn take_text(rest: &mut &[u8]) -> Option<String> {
    let len = u64::from_le_bytes(take(rest, 8)?.try_into().ok()?);
    let bytes = take(rest, usize::try_from(len).ok()?)?;
    String::from_utf8(bytes.to_vec()).ok()
}

/// An optional text [`push_opt_text`] wrote, taken off `rest`: `None` when there is none to
/// take, `Some(None)` for a text not given.
fn take_opt_text(rest: &mut &[u8]) -> Option<Option<String>> {
    match take(rest, 1)? {
        [1] => take_text(rest).map(Some),
        _ => Some(None),
    }
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
    /// Reads the entries filed under `keys` and their keys' bytes, all of them, one pass each:
    /// each read waits for memory (the table and its keys are far larger than a key's work),
    /// but in a loop that does nothing else, the waits overlap. Finding them next is quick.
    fn warm<'k>(&self, keys: impl Iterator<Item = &'k [u8]>) {
        let hasher = foldhash::fast::FixedState::default();
        let filed: Vec<(u32, u32)> = keys
            .map(|key| {
                let hash = hasher.hash_one(key);
                let entry = self.table.find(hash, |e| e.hash == hash);
                entry.map_or((0, 0), |e| (e.start, e.len))
            })
            .collect();
        let byte = |at: usize| self.arena.get(at).copied().unwrap_or(0);
        let read = filed.iter().fold(0u8, |acc, &(start, len)| {
            let (start, len) = (start as usize, len as usize);
            acc ^ byte(start) ^ byte((start + len).saturating_sub(1))
        });
        std::hint::black_box(read);
    }

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

    /// Places shared all at once are the places named, each once, and the ones a place named
    /// alone is shared as.
    #[test]
    fn places_shared_together_are_the_places_named() {
        let full = Place {
            name: "Raqqa".into(),
            admin1: Some("Raqqa".into()),
            admin2: Some("".into()),
            country: Some("Syria".into()),
            coordinates: Some((35.95, -0.0)),
        };
        let places = [
            place("Raqqa", None),
            full.clone(),
            place("Tabqa", Some((35.8, 38.5))),
            full,
            place("", None),
            place("Raqqa", None),
        ];
        let mut i = Interner::new();
        let alone = i.place(places[2].clone());
        let mut keys = PlaceKeys::default();
        for p in &places {
            let admin = [&p.admin1, &p.admin2, &p.country].map(|a| a.as_deref());
            keys.push(&p.name, admin, p.coordinates);
        }
        let shared = i.places(&keys);
        assert_eq!(shared.len(), places.len());
        for (p, shared) in places.iter().zip(&shared) {
            assert_eq!(**shared, *p);
            assert_eq!(
                shared.coordinates.map(|c| c.1.to_bits()),
                p.coordinates.map(|c| c.1.to_bits())
            );
        }
        assert!(Arc::ptr_eq(&shared[0], &shared[5]) && Arc::ptr_eq(&shared[1], &shared[3]));
        let distinct: std::collections::HashSet<_> = shared.iter().map(Arc::as_ptr).collect();
        assert_eq!(distinct.len(), 4);
        assert!(Arc::ptr_eq(&shared[2], &alone));
    }

    /// Lists of figures shared all at once are the lists given, shared as they are one by one.
    #[test]
    fn lists_of_figures_shared_together_are_those_shared_one_by_one() {
        let mut i = Interner::new();
        let killed = i.name("killed");
        let list = |value: f64| {
            vec![Measure {
                what: killed.clone(),
                value: Quantity::About { value },
            }]
        };
        let first = i.measures(list(1.0));
        let mut lists = MeasureKeys::default();
        for v in [2.0, 1.0, 2.0, 3.0] {
            lists.push(list(v));
        }
        lists.push(Vec::new());
        let shared = i.measure_lists(lists);
        assert_eq!(shared.len(), 5);
        assert!(MeasureList::ptr_eq(&shared[1], &first));
        assert!(MeasureList::ptr_eq(&shared[0], &shared[2]));
        assert!(!MeasureList::ptr_eq(&shared[0], &shared[3]));
        assert_eq!(&*shared[3], &list(3.0)[..]);
        assert!(MeasureList::ptr_eq(&shared[4], &i.measures(Vec::new())));
        assert!(MeasureList::ptr_eq(&i.measures(list(3.0)), &shared[3]));
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
