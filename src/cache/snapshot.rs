//! A dataset as the cache stores it: each shared name and place once, in a table, and the items
//! referring to them by position, so that a dataset read back shares its text as a loaded one
//! does. Kinds and grades are stored as their position in the model's `ALL` lists; dates as
//! their text and their shape, checked again on reading like everything else. The long lists
//! (events, claims) are stored in blocks, each LZ4-compressed (see [`super::packed`]).

use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

use crate::model::when::{DatePoint, Duration, Endpoint, Qualifier, Shape};
use crate::model::{
    Attribution, Claim, ClaimBlock, ClaimParts, ClaimValue, Dataset, Event, EventBlock, EventKind,
    Measure, MeasureList, Name, NameList, Place, Quantity, Reliability, Rest, Source, SourceKind,
    Speaker, Subject, When,
};

use super::block::Block;
use super::codec::{CacheError, Decoder, Encoder, Result};
use super::packed::{pack_pair, unpack_pair};
use super::slice::Slice;

/// Writes `d`: the tables of what events share, as one block, then the events and the claims
/// in blocks.
pub fn encode<W: Write>(e: &mut Encoder<W>, d: &Dataset) -> Result<()> {
    let table = Table::of(d);
    let mut h = Block::new();
    encode_tables(&mut h, &table, d)?;
    let head = h.into_bytes();
    e.len(head.len())?;
    e.bytes(&head)?;
    encode_blocks(e, &d.events, |e, texts, events| {
        encode_events(e, texts, &table, events)
    })?;
    encode_blocks(e, &d.claims, |e, _, claims| {
        claims.iter().try_for_each(|c| encode_claim(e, &table, c))
    })
}

/// The shared names, places, lists of actors and of figures; then titles, sources, subjects.
fn encode_tables(e: &mut Block, table: &Table, d: &Dataset) -> Result<()> {
    e.len(table.names.len())?;
    for name in &table.names {
        e.str(name)?;
    }
    e.len(table.places.len())?;
    for place in &table.places {
        encode_place(e, place)?;
    }
    e.len(table.lists.len())?;
    for l in &table.lists {
        e.len(l.len())?;
        for name in l.iter() {
            e.len(table.name(name)?)?;
        }
    }
    e.len(table.measures.len())?;
    for l in &table.measures {
        e.len(l.len())?;
        for m in l.iter() {
            e.len(table.name(&m.what)?)?;
            encode_quantity(e, &m.value)?;
        }
    }
    e.len(d.titles.len())?;
    for t in &d.titles {
        e.str(t)?;
    }
    e.len(d.sources.len())?;
    for s in &d.sources {
        encode_source(e, s)?;
    }
    e.len(d.subjects.len())?;
    for s in &d.subjects {
        e.str(&s.id)?;
        e.str(&s.label)?;
        e.opt_str(s.description.as_deref())?;
    }
    Ok(())
}

/// Reads a dataset written by [`encode`].
pub fn decode<R: Read>(input: &mut Decoder<R>) -> Result<Dataset> {
    let head = input.block()?;
    let r = &mut Slice::new(&head);
    let names = list(r, |r| r.str().map(Name::from))?;
    let places = list(r, |r| decode_place(r).map(Arc::new))?;
    let lists = list(r, |r| list(r, |r| name(r, &names)).map(NameList::from))?;
    let measures = list(r, |r| {
        list(r, |r| {
            Ok(Measure {
                what: name(r, &names)?,
                value: decode_quantity(r)?,
            })
        })
        .map(MeasureList::from)
    })?;
    let titles = list(r, Slice::string)?;
    let sources = list(r, decode_source)?;
    let subjects = list(r, |r| {
        Ok(Subject {
            id: r.string()?,
            label: r.string()?,
            description: r.opt_string()?,
        })
    })?;
    if !r.is_empty() {
        return Err(CacheError::Invalid("the tables hold more than they say"));
    }
    let shared = Shared {
        names: &names,
        places: &places,
        lists: &lists,
        measures: &measures,
    };
    // Events are stored in the timeline's order. Each block is checked to be in order where it
    // is decoded (while its events are at hand), and the blocks' boundaries here.
    let in_order = |events: &[Event]| events.is_sorted_by(|a, b| Dataset::order(a, b).is_le());
    let events = decode_blocks(
        input,
        |r, texts, n| decode_events(r, texts, n, &shared),
        in_order,
    )?;
    let boundaries = (BLOCK..events.len()).step_by(BLOCK);
    if !boundaries.into_iter().all(|b| in_order(&events[b - 1..=b])) {
        return Err(CacheError::Invalid("events out of the timeline's order"));
    }
    let claims = decode_blocks(
        input,
        |r, texts, n| {
            // Claims keep their texts among their fields.
            if !texts.is_empty() {
                return Err(CacheError::Invalid("claims with texts apart"));
            }
            decode_claims(r, n, &names)
        },
        |_| true,
    )?;
    Ok(Dataset::new_sorted(
        titles, sources, subjects, events, claims,
    ))
}

/// Items a block holds (the last block of a list holds the rest). Small in unit tests, so that
/// they cross many blocks. Blocks of 4,096 events (about 2 MB of text, and as much room to
/// compress each into) held 20 MB more while a million events' snapshot was written, and read
/// back no faster.
const BLOCK: usize = if cfg!(test) { 7 } else { 1024 };

/// A list as its length, then blocks of [`BLOCK`] items, each block its length in bytes and
/// those bytes, so that blocks can be decoded apart from each other. The blocks are encoded on
/// every core and written here, in order. `items_of` encodes a block's items' fields, and may
/// put texts apart, end to end (a block's are packed apart from its fields: see
/// [`super::packed`]).
fn encode_blocks<W: Write, T: Sync>(
    e: &mut Encoder<W>,
    items: &[T],
    items_of: impl Fn(&mut Block, &mut Vec<u8>, &[T]) -> Result<()> + Sync,
) -> Result<()> {
    e.len(items.len())?;
    // A block of the list, encoded in `raw` (buffers each encoder keeps), then packed into
    // `buffer`.
    let encode = |chunk: &[T], raw: &mut Raw, buffer: Vec<u8>| -> Result<Vec<u8>> {
        let mut b = Block::reusing(std::mem::take(&mut raw.fields));
        raw.texts.clear();
        items_of(&mut b, &mut raw.texts, chunk)?;
        raw.fields = b.into_bytes();
        pack_pair(&raw.fields, &raw.texts, buffer, &mut raw.packed)
    };
    let mut write = |block: &Vec<u8>| -> Result<()> {
        e.len(block.len())?;
        e.bytes(block)
    };
    let chunks: Vec<&[T]> = items.chunks(BLOCK).collect();
    let workers = workers();
    if chunks.len() < 2 || workers < 2 {
        let (mut raw, mut buffer) = (Raw::default(), Vec::new());
        for chunk in chunks {
            buffer = encode(chunk, &mut raw, buffer)?;
            write(&buffer)?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    // The buffers of blocks written go back to the encoders: a new one for each block grew by
    // doubling, copying, and was faulted into memory page by page (437 MB of blocks at a
    // million events).
    let (give_back, buffers) = mpsc::channel::<Vec<u8>>();
    let buffers = std::sync::Mutex::new(buffers);
    std::thread::scope(|scope| {
        // Bounded: when writing falls behind (the viewer writes its snapshot while it draws),
        // the encoders wait instead of holding the whole snapshot in memory.
        let (done, results) = mpsc::sync_channel(workers);
        for _ in 0..workers {
            let (done, next, chunks, encode, buffers) =
                (done.clone(), &next, &chunks, &encode, &buffers);
            scope.spawn(move || {
                // Each takes the next block not taken; a closed channel (a failure) stops them.
                let mut raw = Raw::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(chunk) = chunks.get(i) else { break };
                    let buffer = buffers
                        .lock()
                        .ok()
                        .and_then(|b| b.try_recv().ok())
                        .unwrap_or_default();
                    if done.send((i, encode(chunk, &mut raw, buffer))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        let mut in_order = InOrder::default();
        let mut write_back = |block: Vec<u8>| -> Result<()> {
            write(&block)?;
            // The encoders may all be done: then the buffer is dropped.
            let _ = give_back.send(block);
            Ok(())
        };
        for (i, block) in results {
            in_order.put(i, block?, &mut write_back)?;
        }
        in_order.finish(chunks.len())
    })
}

/// What an encoder keeps from block to block: room for a block's fields, its texts, and its
/// fields packed.
#[derive(Default)]
struct Raw {
    fields: Vec<u8>,
    texts: Vec<u8>,
    packed: Vec<u8>,
}

/// How many threads encode or decode blocks.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |w| w.get().min(8))
}

/// A list written by [`encode_blocks`]: the blocks are read here, in order (and hashed, as
/// everything read through `r`), and decoded on every core, each block on its own.
fn decode_blocks<R: Read, T: Send>(
    r: &mut Decoder<R>,
    item: impl Fn(&mut Slice<'_>, String, usize) -> Result<Vec<T>> + Sync,
    in_order: impl Fn(&[T]) -> bool + Sync,
) -> Result<Vec<T>> {
    let n = r.len()?;
    let counts = (0..n.div_ceil(BLOCK)).map(|b| BLOCK.min(n - b * BLOCK));
    let workers = workers();
    if n <= BLOCK || workers < 2 {
        let mut out = vec_for(n)?;
        for count in counts {
            let bytes = r.block()?;
            out.append(&mut decode_block(&bytes, count, &item, &in_order)?);
        }
        return Ok(out);
    }
    std::thread::scope(|scope| {
        let (done, results) = mpsc::channel();
        let mut queues = Vec::with_capacity(workers);
        for _ in 0..workers {
            // Two blocks waiting per worker at most: the bytes read ahead stay few.
            let (queue, jobs) = mpsc::sync_channel::<(usize, Vec<u8>, usize)>(2);
            queues.push(queue);
            let (done, item, in_order) = (done.clone(), &item, &in_order);
            scope.spawn(move || {
                for (i, bytes, count) in jobs {
                    let block = decode_block(&bytes, count, item, in_order);
                    if done.send((i, block)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        let mut out = vec_for(n)?;
        let mut gather = |mut block: Vec<T>| -> Result<()> {
            out.append(&mut block);
            Ok(())
        };
        let mut in_order = InOrder::default();
        let blocks = n.div_ceil(BLOCK);
        for (i, count) in counts.enumerate() {
            let bytes = r.block()?;
            if queues[i % workers].send((i, bytes, count)).is_err() {
                return Err(CacheError::Invalid("a decoding thread failed"));
            }
            while let Ok((i, block)) = results.try_recv() {
                in_order.put(i, block?, &mut gather)?;
            }
        }
        drop(queues);
        for (i, block) in results {
            in_order.put(i, block?, &mut gather)?;
        }
        in_order.finish(blocks)?;
        Ok(out)
    })
}

/// Exactly `count` items from one block's bytes (`item` decodes them from the block's fields
/// and texts, unpacked), which they must fill, in order.
fn decode_block<T>(
    bytes: &[u8],
    count: usize,
    item: &impl Fn(&mut Slice<'_>, String, usize) -> Result<Vec<T>>,
    in_order: &impl Fn(&[T]) -> bool,
) -> Result<Vec<T>> {
    let (fields, texts) = unpack_pair(bytes)?;
    let texts = String::from_utf8(texts)
        .map_err(|_| CacheError::Invalid("a block's texts are not UTF-8"))?;
    let mut d = Slice::new(&fields);
    let out = item(&mut d, texts, count)?;
    if out.len() != count {
        return Err(CacheError::Invalid("a block holds fewer than its items"));
    }
    if !d.is_empty() {
        return Err(CacheError::Invalid("a block holds more than its items"));
    }
    if !in_order(&out) {
        return Err(CacheError::Invalid("items out of order"));
    }
    Ok(out)
}

/// Blocks finished on several threads, handed on in order as they arrive.
struct InOrder<T> {
    next: usize,
    early: std::collections::BTreeMap<usize, T>,
}

impl<T> Default for InOrder<T> {
    fn default() -> Self {
        InOrder {
            next: 0,
            early: Default::default(),
        }
    }
}

impl<T> InOrder<T> {
    /// Takes block `i`, and hands `on` every block that is now next in order.
    fn put(&mut self, i: usize, block: T, on: &mut impl FnMut(T) -> Result<()>) -> Result<()> {
        self.early.insert(i, block);
        while let Some(block) = self.early.remove(&self.next) {
            on(block)?;
            self.next += 1;
        }
        Ok(())
    }

    /// Whether all `blocks` were handed on.
    fn finish(self, blocks: usize) -> Result<()> {
        if self.next == blocks && self.early.is_empty() {
            Ok(())
        } else {
            Err(CacheError::Invalid("a block is missing"))
        }
    }
}

/// The shared names, places and lists of names of a dataset, numbered in order of first use.
struct Table<'a> {
    names: Vec<&'a str>,
    name_index: HashMap<&'a str, usize>,
    places: Vec<&'a Place>,
    /// Keyed by each shared place's address.
    place_index: HashMap<usize, usize>,
    lists: Vec<&'a NameList>,
    /// Keyed by each shared list's address.
    list_index: HashMap<usize, usize>,
    measures: Vec<&'a MeasureList>,
    /// Keyed by each shared list's address.
    measure_index: HashMap<usize, usize>,
    /// The number of each shared copy of a name, by its address: a source is named a million
    /// times, and looking its copy up costs less than hashing its text.
    copies: HashMap<usize, usize>,
}

/// What events share, decoded: names, places and lists of names, by number.
struct Shared<'a> {
    names: &'a [Name],
    places: &'a [Arc<Place>],
    lists: &'a [NameList],
    measures: &'a [MeasureList],
}

impl<'a> Table<'a> {
    fn of(d: &'a Dataset) -> Table<'a> {
        let mut t = Table {
            names: Vec::new(),
            name_index: HashMap::new(),
            places: Vec::new(),
            place_index: HashMap::new(),
            lists: Vec::new(),
            list_index: HashMap::new(),
            measures: Vec::new(),
            measure_index: HashMap::new(),
            copies: HashMap::new(),
        };
        for e in &d.events {
            if let Some(p) = &e.place {
                let next = t.places.len();
                if *t.place_index.entry(Arc::as_ptr(p) as usize).or_insert(next) == next {
                    t.places.push(p);
                }
            }
            let next = t.lists.len();
            if *t.list_index.entry(e.actors.address()).or_insert(next) == next {
                t.lists.push(&e.actors);
                for a in &e.actors {
                    t.add(a);
                }
            }
            let next = t.measures.len();
            if *t
                .measure_index
                .entry(e.quantities.address())
                .or_insert(next)
                == next
            {
                t.measures.push(&e.quantities);
                for m in &e.quantities {
                    t.add(&m.what);
                }
            }
            for a in e.sources() {
                t.add_attribution(&a.source, a.speaker.as_ref(), a.via.as_ref());
            }
        }
        for c in &d.claims {
            t.add_attribution(&c.source, c.speaker.as_ref(), c.via.as_ref());
            t.add_copy(&c.subject);
        }
        t
    }

    /// Files a shared copy of a name (its text once, each copy by address).
    fn add_copy(&mut self, name: &'a Name) {
        if !self.copies.contains_key(&name.address()) {
            self.add(name);
            if let Some(&n) = self.name_index.get(&**name) {
                self.copies.insert(name.address(), n);
            }
        }
    }

    /// The number of a shared copy of a name.
    fn copy(&self, name: &Name) -> Result<usize> {
        match self.copies.get(&name.address()) {
            Some(&n) => Ok(n),
            None => self.name(name),
        }
    }

    fn opt_copy(&self, name: Option<&Name>) -> Result<usize> {
        name.map_or(Ok(0), |n| self.copy(n).map(|i| i + 1))
    }

    fn add(&mut self, name: &'a str) {
        if !self.name_index.contains_key(name) {
            self.name_index.insert(name, self.names.len());
            self.names.push(name);
        }
    }

    fn add_attribution(
        &mut self,
        source: &'a Name,
        speaker: Option<&'a Name>,
        via: Option<&'a Name>,
    ) {
        self.add_copy(source);
        if let Some(s) = speaker {
            self.add_copy(s);
        }
        if let Some(v) = via {
            self.add_copy(v);
        }
    }

    fn name(&self, name: &str) -> Result<usize> {
        self.name_index
            .get(name)
            .copied()
            .ok_or(CacheError::Invalid("a name missing from the table"))
    }
}

fn list<'a, T>(
    r: &mut Slice<'a>,
    mut item: impl FnMut(&mut Slice<'a>) -> Result<T>,
) -> Result<Vec<T>> {
    let n = r.len()?;
    let mut out = vec_for(n)?;
    for _ in 0..n {
        out.push(item(r)?);
    }
    Ok(out)
}

/// An empty list with room for `n` items, or an error if there cannot be room (a damaged count
/// is refused, not an abort).
fn vec_for<T>(n: usize) -> Result<Vec<T>> {
    let mut out = Vec::new();
    out.try_reserve_exact(n)
        .map_err(|_| CacheError::Invalid("a count is too large"))?;
    Ok(out)
}

fn name(r: &mut Slice<'_>, names: &[Name]) -> Result<Name> {
    let i = r.index(names.len())?;
    Ok(Name::clone(&names[i]))
}

fn opt_name(r: &mut Slice<'_>, names: &[Name]) -> Result<Option<Name>> {
    match r.index(names.len() + 1)? {
        0 => Ok(None),
        i => Ok(Some(Name::clone(&names[i - 1]))),
    }
}

/// One of a model's `ALL` list by position.
fn one_of<T: Copy>(r: &mut Slice<'_>, all: &[T]) -> Result<T> {
    Ok(all[r.index(all.len())?])
}

fn position<T: PartialEq>(all: &[T], x: &T) -> usize {
    all.iter().position(|k| k == x).unwrap_or(0)
}

fn encode_place(e: &mut Block, p: &Place) -> Result<()> {
    e.str(&p.name)?;
    e.opt_str(p.admin1.as_deref())?;
    e.opt_str(p.admin2.as_deref())?;
    e.opt_str(p.country.as_deref())?;
    match p.coordinates {
        None => e.u8(0),
        Some((lat, lon)) => {
            e.u8(1)?;
            e.f64(lat)?;
            e.f64(lon)
        }
    }
}

fn decode_place(r: &mut Slice<'_>) -> Result<Place> {
    Ok(Place {
        name: r.string()?,
        admin1: r.opt_string()?,
        admin2: r.opt_string()?,
        country: r.opt_string()?,
        coordinates: if r.flag()? {
            Some((r.f64()?, r.f64()?))
        } else {
            None
        },
    })
}

fn encode_source(e: &mut Block, s: &Source) -> Result<()> {
    e.str(&s.id)?;
    e.str(&s.name)?;
    e.len(position(&SourceKind::ALL, &s.kind))?;
    e.len(s.speakers.len())?;
    for p in &s.speakers {
        e.str(&p.id)?;
        e.str(&p.name)?;
        e.opt_str(p.role.as_deref())?;
    }
    e.len(
        s.reliability
            .map_or(0, |g| position(&Reliability::ALL, &g) + 1),
    )?;
    e.opt_str(s.url.as_deref())?;
    e.opt_str(s.description.as_deref())
}

fn decode_source(r: &mut Slice<'_>) -> Result<Source> {
    let id = r.string()?;
    let name = r.string()?;
    let kind = one_of(r, &SourceKind::ALL)?;
    let speakers = list(r, |r| {
        Ok(Speaker {
            id: r.string()?,
            name: r.string()?,
            role: r.opt_string()?,
        })
    })?;
    let reliability = match r.index(Reliability::ALL.len() + 1)? {
        0 => None,
        i => Some(Reliability::ALL[i - 1]),
    };
    Ok(Source {
        id,
        name,
        kind,
        speakers,
        reliability,
        url: r.opt_string()?,
        description: r.opt_string()?,
    })
}

fn encode_quantity(e: &mut Block, q: &Quantity) -> Result<()> {
    let (tag, value) = match q {
        Quantity::Exact { value } => (0, *value),
        Quantity::About { value } => (1, *value),
        Quantity::AtLeast { value } => (2, *value),
        Quantity::MoreThan { value } => (3, *value),
        Quantity::AtMost { value } => (4, *value),
        Quantity::LessThan { value } => (5, *value),
        Quantity::Range { low, high, best } => {
            e.u8(6)?;
            e.f64(*low)?;
            e.f64(*high)?;
            return match best {
                None => e.u8(0),
                Some(b) => {
                    e.u8(1)?;
                    e.f64(*b)
                }
            };
        }
        Quantity::Vague { word, low, high } => {
            e.u8(7)?;
            e.str(word)?;
            e.f64(*low)?;
            return e.f64(*high);
        }
    };
    e.u8(tag)?;
    e.f64(value)
}

fn decode_quantity(r: &mut Slice<'_>) -> Result<Quantity> {
    Ok(match r.u8()? {
        0 => Quantity::Exact { value: r.f64()? },
        1 => Quantity::About { value: r.f64()? },
        2 => Quantity::AtLeast { value: r.f64()? },
        3 => Quantity::MoreThan { value: r.f64()? },
        4 => Quantity::AtMost { value: r.f64()? },
        5 => Quantity::LessThan { value: r.f64()? },
        6 => Quantity::Range {
            low: r.f64()?,
            high: r.f64()?,
            best: if r.flag()? { Some(r.f64()?) } else { None },
        },
        7 => Quantity::Vague {
            word: r.string()?,
            low: r.f64()?,
            high: r.f64()?,
        },
        _ => return Err(CacheError::Invalid("an unknown form of quantity")),
    })
}

/// A date: its text, and its parsed shape (parsing the text again would cost more than the
/// rest of the event).
fn encode_when(e: &mut Block, w: &When) -> Result<()> {
    // Empty for the canonical text (a date is never written empty).
    e.str(w.written().unwrap_or(""))?;
    match w.shape() {
        Shape::Point(p) => {
            e.u8(0)?;
            encode_point(e, p)
        }
        Shape::Interval(a, b) => {
            e.u8(1)?;
            encode_endpoint(e, a)?;
            encode_endpoint(e, b)
        }
        Shape::Ending(d, p) => {
            e.u8(2)?;
            encode_duration(e, d)?;
            encode_point(e, p)
        }
        Shape::Starting(p, d) => {
            e.u8(3)?;
            encode_point(e, p)?;
            encode_duration(e, d)
        }
    }
}

fn decode_when(r: &mut Slice<'_>) -> Result<When> {
    let written = Some(r.str()?).filter(|t| !t.is_empty()).map(Box::from);
    let shape = match r.u8()? {
        0 => Shape::Point(decode_point(r)?),
        1 => Shape::Interval(decode_endpoint(r)?, decode_endpoint(r)?),
        2 => Shape::Ending(decode_duration(r)?, decode_point(r)?),
        3 => Shape::Starting(decode_point(r)?, decode_duration(r)?),
        _ => return Err(CacheError::Invalid("an unknown shape of date")),
    };
    When::from_written(written, shape)
        .map_err(|_| CacheError::Invalid("a date out of the calendar"))
}

fn encode_point(e: &mut Block, p: DatePoint) -> Result<()> {
    e.uint(u64::try_from(p.year()).unwrap_or(0))?;
    e.uint(p.month().map_or(0, u64::from))?;
    e.uint(p.day_of_month().map_or(0, u64::from))?;
    e.u8(u8::from(p.qualifier.approximate) | u8::from(p.qualifier.uncertain) << 1)
}

fn decode_point(r: &mut Slice<'_>) -> Result<DatePoint> {
    let small = |n: u64| u32::try_from(n).map_err(|_| CacheError::Invalid("a date out of range"));
    let year = i32::try_from(r.uint()?).map_err(|_| CacheError::Invalid("a year out of range"))?;
    let month = Some(small(r.uint()?)?).filter(|&m| m > 0);
    let day = Some(small(r.uint()?)?).filter(|&d| d > 0);
    let mut p = DatePoint::new(year, month, day)
        .map_err(|_| CacheError::Invalid("a date that does not exist"))?;
    let q = r.u8()?;
    p.qualifier = Qualifier {
        approximate: q & 1 != 0,
        uncertain: q & 2 != 0,
    };
    Ok(p)
}

fn encode_endpoint(e: &mut Block, end: Endpoint) -> Result<()> {
    match end {
        Endpoint::Date(p) => {
            e.u8(0)?;
            encode_point(e, p)
        }
        Endpoint::Open => e.u8(1),
        Endpoint::Unknown => e.u8(2),
    }
}

fn decode_endpoint(r: &mut Slice<'_>) -> Result<Endpoint> {
    Ok(match r.u8()? {
        0 => Endpoint::Date(decode_point(r)?),
        1 => Endpoint::Open,
        2 => Endpoint::Unknown,
        _ => return Err(CacheError::Invalid("an unknown end of a period")),
    })
}

fn encode_duration(e: &mut Block, d: Duration) -> Result<()> {
    for n in [d.years, d.months, d.weeks, d.days] {
        e.uint(u64::from(n))?;
    }
    Ok(())
}

fn decode_duration(r: &mut Slice<'_>) -> Result<Duration> {
    let mut n = [0u16; 4];
    for x in &mut n {
        *x = u16::try_from(r.uint()?).map_err(|_| CacheError::Invalid("a duration too long"))?;
    }
    Ok(Duration {
        years: n[0],
        months: n[1],
        weeks: n[2],
        days: n[3],
    })
}

/// A block of events: what each one shares — its place (0: none, else its number + 1), its
/// actors' and its figures' numbers — first (see [`decode_events`]), then each one's fields,
/// its texts put onto `texts`.
fn encode_events(e: &mut Block, texts: &mut Vec<u8>, t: &Table, events: &[Event]) -> Result<()> {
    for ev in events {
        let place = match &ev.place {
            None => 0,
            Some(p) => number(&t.place_index, Arc::as_ptr(p) as usize)? + 1,
        };
        e.len(place)?;
        e.len(number(&t.list_index, ev.actors.address())?)?;
        e.len(number(&t.measure_index, ev.quantities.address())?)?;
    }
    events
        .iter()
        .try_for_each(|ev| encode_event(e, texts, t, ev))
}

/// Each shared item's number, as it was filed (looked up by its address: each event's numbers
/// kept took 12 MB at a million events).
fn number(index: &HashMap<usize, usize>, at: usize) -> Result<usize> {
    (index.get(&at).copied()).ok_or(CacheError::Invalid("an event missing from the table"))
}

/// An event's fields but its place, and its texts (id, title, summary and each report's words,
/// end to end, as it keeps them) onto `texts`, their lengths among the fields.
fn encode_event(e: &mut Block, texts: &mut Vec<u8>, t: &Table, ev: &Event) -> Result<()> {
    let all = ev.texts();
    if all.len() != ev.text_len() {
        return Err(CacheError::Invalid(
            "an event's texts are not where it says",
        ));
    }
    texts.extend_from_slice(all.as_bytes());
    e.len(all.len())?;
    e.len(ev.id().len())?;
    encode_when(e, &ev.when)?;
    e.len(position(&EventKind::ALL, &ev.kind))?;
    e.len(ev.title().len())?;
    opt_len(e, ev.summary())?;
    e.len(ev.sources().len())?;
    for a in ev.sources() {
        e.len(t.copy(&a.source)?)?;
        e.len(t.opt_copy(a.speaker.as_ref())?)?;
        opt_len(e, ev.quote(a))?;
        opt_len(e, ev.paraphrase(a))?;
        e.len(t.opt_copy(a.via.as_ref())?)?;
    }
    Ok(())
}

/// The length of a text that may be missing: 0 for none, else its length + 1.
fn opt_len(e: &mut Block, text: Option<&str>) -> Result<()> {
    e.uint(text.map_or(0, |t| t.len() as u64 + 1))
}

/// A length written by [`opt_len`].
fn read_opt_len(r: &mut Slice<'_>) -> Result<Option<usize>> {
    Ok(read_size(r)?.checked_sub(1))
}

/// A text's length, in bytes of another part of the block (checked where it is used).
fn read_size(r: &mut Slice<'_>) -> Result<usize> {
    usize::try_from(r.uint()?).map_err(|_| CacheError::Invalid("a text longer than memory"))
}

/// A block's `count` events, their fields read from `r` and their texts, end to end in
/// `texts`, kept as they are: one shared allocation (see [`EventBlock::over`]).
fn decode_events(
    r: &mut Slice<'_>,
    texts: String,
    count: usize,
    shared: &Shared<'_>,
) -> Result<Vec<Event>> {
    // `count` is at most `BLOCK`.
    let count = count.min(BLOCK);
    let mut block = EventBlock::over(texts, count);
    // What the block's events share first, and its shared counts read from memory all at
    // once, before any event takes its share: reads that do not wait for one another arrive
    // together, where each event taking its share cold waited for its own (a locked
    // instruction waits for its line). That was the costliest step of reading a snapshot: a
    // sixth of its time at 1M for places alone.
    let shares = (0..count)
        .map(|_| Shares::read(r, shared))
        .collect::<Result<Vec<Shares<'_>>>>()?;
    let counts: usize = shares.iter().map(Shares::counts).sum();
    std::hint::black_box(counts);
    for share in shares {
        decode_event(r, shared, share, &mut block)?;
    }
    block
        .finish_whole()
        .ok_or(CacheError::Invalid("a block holds texts that no event has"))
}

/// What an event shares with others, by reference into the tables.
struct Shares<'a> {
    place: Option<&'a Arc<Place>>,
    actors: &'a NameList,
    quantities: &'a MeasureList,
}

impl<'a> Shares<'a> {
    /// An event's shares, as [`encode_events`] wrote them.
    fn read(r: &mut Slice<'_>, shared: &Shared<'a>) -> Result<Shares<'a>> {
        let place = match r.index(shared.places.len() + 1)? {
            0 => None,
            i => shared.places.get(i - 1),
        };
        let actors = r.index(shared.lists.len())?;
        let quantities = r.index(shared.measures.len())?;
        match (shared.lists.get(actors), shared.measures.get(quantities)) {
            (Some(actors), Some(quantities)) => Ok(Shares {
                place,
                actors,
                quantities,
            }),
            _ => Err(CacheError::Invalid("an index is out of range")),
        }
    }

    /// Their shared counts, read (the sum means nothing).
    fn counts(&self) -> usize {
        self.place.map_or(0, Arc::strong_count)
            + NameList::strong_count(self.actors)
            + MeasureList::strong_count(self.quantities)
    }
}

/// An event of the block, what it shares already read.
fn decode_event(
    r: &mut Slice<'_>,
    shared: &Shared<'_>,
    shares: Shares<'_>,
    block: &mut EventBlock,
) -> Result<()> {
    let names = shared.names;
    // The lengths of its texts in the block's (`EventBlock::add_next` checks them).
    let len = read_size(r)?;
    let id = Some(read_size(r)?);
    let when = decode_when(r)?;
    let kind = one_of(r, &EventKind::ALL)?;
    let title = Some(read_size(r)?);
    let summary = read_opt_len(r)?;
    let sources = list(r, |r| {
        let (source, speaker) = (name(r, names)?, opt_name(r, names)?);
        let quote = read_opt_len(r)?;
        let paraphrase = read_opt_len(r)?;
        let via = opt_name(r, names)?;
        Ok(Attribution::in_text(
            source, speaker, via, quote, paraphrase,
        ))
    })?;
    let rest = Rest {
        when,
        kind,
        place: shares.place.map(Arc::clone),
        actors: shares.actors.clone(),
        quantities: shares.quantities.clone(),
    };
    block
        .add_next(len, [id, title, summary], sources, rest)
        .ok_or(CacheError::Invalid("an event's texts do not fit it"))
}

fn encode_claim(e: &mut Block, t: &Table, c: &Claim) -> Result<()> {
    e.str(c.id())?;
    e.len(t.copy(&c.source)?)?;
    e.len(t.opt_copy(c.speaker.as_ref())?)?;
    e.len(t.copy(&c.subject)?)?;
    encode_when(e, &c.stated)?;
    match &c.value {
        ClaimValue::Status { value } => {
            e.u8(0)?;
            e.str(value)?;
        }
        ClaimValue::Count { value } => {
            e.u8(1)?;
            encode_quantity(e, value)?;
        }
        ClaimValue::Percent { value } => {
            e.u8(2)?;
            encode_quantity(e, value)?;
        }
        ClaimValue::Text { value } => {
            e.u8(3)?;
            e.str(value)?;
        }
    }
    e.opt_str(c.quote())?;
    e.opt_str(c.paraphrase())?;
    e.len(t.opt_copy(c.via.as_ref())?)?;
    e.u8(c.credibility.unwrap_or(0))?;
    e.len(c.events().len())?;
    for id in c.events() {
        e.str(id)?;
    }
    Ok(())
}

/// `count` claims, their texts in shared blocks.
fn decode_claims(r: &mut Slice<'_>, count: usize, names: &[Name]) -> Result<Vec<Claim>> {
    let mut block = ClaimBlock::with_capacity(count);
    for _ in 0..count {
        block
            .add(decode_claim(r, names)?)
            .map_err(|_| CacheError::Invalid("a claim's texts do not fit it"))?;
    }
    Ok(block.finish())
}

/// A claim's parts, its texts borrowed from the block's bytes.
fn decode_claim<'a>(r: &mut Slice<'a>, names: &[Name]) -> Result<ClaimParts<&'a str>> {
    let id = r.str()?;
    let source = name(r, names)?;
    let speaker = opt_name(r, names)?;
    let subject = name(r, names)?;
    let stated = decode_when(r)?;
    let value = match r.u8()? {
        0 => ClaimValue::Status { value: r.string()? },
        1 => ClaimValue::Count {
            value: decode_quantity(r)?,
        },
        2 => ClaimValue::Percent {
            value: decode_quantity(r)?,
        },
        3 => ClaimValue::Text { value: r.string()? },
        _ => return Err(CacheError::Invalid("an unknown kind of claim value")),
    };
    Ok(ClaimParts {
        id,
        source,
        speaker,
        subject,
        stated,
        value,
        quote: r.opt_str()?,
        paraphrase: r.opt_str()?,
        via: opt_name(r, names)?,
        credibility: match r.u8()? {
            0 => None,
            n => Some(n),
        },
        events: list(r, Slice::str)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    fn round_trip(d: &Dataset) -> Result<Dataset> {
        let mut e = Encoder::new(Vec::new());
        encode(&mut e, d)?;
        let bytes = e.into_inner()?;
        let mut r = Decoder::new(bytes.as_slice(), bytes.len() as u64);
        let back = decode(&mut r)?;
        assert!(r.at_end()?, "everything written was read");
        Ok(back)
    }

    fn json(d: &Dataset) -> serde_json::Value {
        serde_json::to_value(d).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_bundled_and_a_generated_dataset_come_back_whole() -> Result<()> {
        for d in [
            crate::load::load_bundled().dataset,
            crate::generate::dataset(500, 7),
        ] {
            let back = round_trip(&d)?;
            assert_eq!(json(&back), json(&d));
            for (a, b) in back.events.iter().zip(&d.events) {
                assert_eq!(a.when.text(), b.when.text());
                assert_eq!(a.when.shape(), b.when.shape());
                assert_eq!(a.when.earliest(), b.when.earliest());
            }
        }
        Ok(())
    }

    #[test]
    fn shared_text_stays_shared() -> Result<()> {
        let back = round_trip(&crate::generate::dataset(200, 3))?;
        let raqqa: Vec<&Arc<Place>> = back
            .events
            .iter()
            .filter_map(|e| e.place.as_ref())
            .filter(|p| p.name == "Raqqa")
            .collect();
        assert!(raqqa.len() > 1);
        assert!(raqqa.iter().all(|p| Arc::ptr_eq(p, raqqa[0])));
        let killed: Vec<&Name> = back
            .events
            .iter()
            .flat_map(|e| e.quantities.iter().map(|m| &m.what))
            .collect();
        assert!(
            killed
                .iter()
                .all(|w| crate::model::Name::ptr_eq(w, killed[0]))
        );
        // Events with the same actors share one list of them.
        let first = &back.events[0].actors;
        let alike: Vec<&NameList> = back
            .events
            .iter()
            .map(|e| &e.actors)
            .filter(|a| *a == first)
            .collect();
        assert!(alike.len() > 1);
        assert!(alike.iter().all(|a| NameList::ptr_eq(a, first)));
        // And events with the same figures, one list of them.
        let figures: Vec<&MeasureList> = back.events.iter().map(|e| &e.quantities).collect();
        let alike = |q: &MeasureList| figures.iter().filter(|o| **o == q).count();
        let Some(first) = figures.iter().find(|q| alike(q) > 1) else {
            panic!("no two events with the same figures");
        };
        let alike: Vec<&&MeasureList> = figures.iter().filter(|q| **q == *first).collect();
        assert!(alike.iter().all(|q| MeasureList::ptr_eq(q, first)));
        Ok(())
    }

    #[test]
    fn events_out_of_the_timelines_order_are_refused() -> Result<()> {
        let sorted = crate::generate::dataset(40, 5);
        assert!(round_trip(&sorted).is_ok());
        // Within a block, and across the boundary of two (blocks hold 7 in tests).
        for (a, b) in [(2, 3), (6, 7)] {
            let mut d = sorted.clone();
            d.events.swap(a, b);
            assert_ne!(Dataset::order(&d.events[a], &d.events[b]), Ordering::Equal);
            assert!(
                matches!(round_trip(&d), Err(CacheError::Invalid(_))),
                "events {a} and {b} swapped were accepted"
            );
        }
        Ok(())
    }

    /// The snapshot's own hash refuses damage once it is all read; until then, whatever a
    /// changed byte makes of lengths, counts, texts or their boundaries must not panic.
    #[test]
    fn a_snapshot_with_a_byte_changed_anywhere_never_panics() -> Result<()> {
        let mut e = Encoder::new(Vec::new());
        encode(&mut e, &crate::load::load_bundled().dataset)?;
        let bytes = e.into_inner()?;
        for at in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[at] ^= 0x01;
            let mut r = Decoder::new(changed.as_slice(), changed.len() as u64);
            // Read back, every text of every event and claim can be read.
            if let Ok(d) = decode(&mut r) {
                for e in &d.events {
                    let _ = (e.id(), e.title(), e.summary(), e.words());
                    for a in e.sources() {
                        let _ = (e.quote(a), e.paraphrase(a));
                    }
                }
                for c in &d.claims {
                    let _ = (c.id(), c.quote(), c.paraphrase(), c.events().count());
                }
            }
        }
        Ok(())
    }

    #[test]
    fn every_prefix_of_a_snapshot_is_refused_not_a_panic() -> Result<()> {
        let mut e = Encoder::new(Vec::new());
        encode(&mut e, &crate::load::load_bundled().dataset)?;
        let bytes = e.into_inner()?;
        for cut in 0..bytes.len() {
            let mut r = Decoder::new(&bytes[..cut], cut as u64);
            assert!(
                decode(&mut r).is_err(),
                "a snapshot cut at {cut} was accepted"
            );
        }
        Ok(())
    }
}
