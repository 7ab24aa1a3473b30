//! Raw RON values → model, one file at a time, collecting every problem with its path.
//!
//! Text is cleaned here, once (see [`super::sanitize`]). An item with an unusable field is left
//! out of the dataset, but its id is still known, so that references to it do not add false
//! errors.

use std::borrow::Cow;
use std::hash::BuildHasher;

use crate::model::quantity::vague_word;
use crate::model::{
    Claim, ClaimBlock, ClaimParts, ClaimValue, Dataset, Event, EventKind, EventParts, Interner,
    Measure, MeasureKeys, MeasureList, Name, PlaceKeys, Quantity, Reliability, Source, SourceKind,
    Speaker, Subject, When,
};
use crate::model::{EventBlock, Report, TooLong};

use super::diagnostic::Severity;
use super::locate::{Path, Seg};
use super::raw::{
    RawAttribution, RawClaim, RawClaimValue, RawEvent, RawPlace, RawQuantity, RawSource,
    RawSubject, Word,
};
use super::sanitize::{clean, shown};
use super::suggest::{did_you_mean, list};

/// A problem whose position is known as a path, to be located in the file later.
#[derive(Debug, Clone)]
pub struct Pending {
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub file: usize,
    pub path: Path,
    /// Point at the field's name rather than its value.
    pub key: bool,
    /// Another place the message refers to ("first defined at …").
    pub first: Option<(usize, Path)>,
}

/// Where a file's id is kept: in [`FileItems::ids`], or as the id of a kept event or claim (by
/// position in its list of kept ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Listed(u32),
    Event(u32),
    Claim(u32),
}

/// Which kind of thing an id names; ids are unique within each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    Source,
    Subject,
    Event,
    Claim,
}

impl IdKind {
    pub fn noun(self) -> &'static str {
        match self {
            IdKind::Source => "source",
            IdKind::Subject => "subject",
            IdKind::Event => "event",
            IdKind::Claim => "claim",
        }
    }
}

/// A reference from one item to another, checked once every file is read.
#[derive(Debug, Clone)]
pub struct Reference {
    pub kind: IdKind,
    /// [`id_hash`] of the kind and id, worked out while the id was at hand.
    pub hash: u64,
    // Boxed, exactly sized: a large file has a reference or two for each of its items.
    pub id: Box<str>,
    pub path: Box<[Seg]>,
    /// For a source reference: the speaker named with it, and where.
    pub speaker: Option<Box<(String, Path)>>,
}

/// The hash by which an id of a kind is filed when ids are checked across files.
pub fn id_hash(kind: IdKind, id: &str) -> u64 {
    foldhash::fast::FixedState::with_seed(0x05ee_d1d5).hash_one((kind, id))
}

/// The path of the `id` field of item `index` of the list of `kind`s.
pub fn id_path(kind: IdKind, index: u32) -> Path {
    let list = match kind {
        IdKind::Source => "sources",
        IdKind::Subject => "subjects",
        IdKind::Event => "events",
        IdKind::Claim => "claims",
    };
    vec![
        Seg::Field(list),
        Seg::Index(index as usize),
        Seg::Field("id"),
    ]
}

/// Everything one file defines.
#[derive(Debug, Default)]
pub struct FileItems {
    /// Every reference made, from usable items or not.
    pub refs: Vec<Reference>,
    pub title: Option<String>,
    /// Every id of a source or subject, and of an event or claim that could not be used, with
    /// the item's position in its list (see [`id_path`]: a path per item would cost more than
    /// the item). The ids of the events and claims kept are theirs (see [`FileItems::defined`]).
    pub ids: Vec<(IdKind, Box<str>, u32)>,
    /// The position in its list of each event kept, in order.
    pub event_at: Vec<u32>,
    /// The position in its list of each claim kept, in order.
    pub claim_at: Vec<u32>,
    /// [`id_hash`] of each event kept, in order: worked out while the event was made, its id
    /// at hand (hashing them afterwards reads every event back from memory).
    pub event_hash: Vec<u64>,
    /// [`id_hash`] of each claim kept, in order.
    pub claim_hash: Vec<u64>,
    pub sources: Vec<Source>,
    pub subjects: Vec<Subject>,
    pub events: Vec<Event>,
    pub claims: Vec<Claim>,
    /// Whether `events` are out of the timeline's order ([`Dataset::order`]). Files are nearly
    /// always in order (fogline writes them so), and then need no sorting: checked as each
    /// run is made, on its own thread, while its events are at hand.
    pub events_out_of_order: bool,
}

/// Whether `b` comes before `a` in the timeline's order (two events with nothing between them
/// are in order).
pub fn out_of_order(a: Option<&Event>, b: Option<&Event>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if Dataset::order(a, b).is_gt())
}

impl FileItems {
    /// Makes room for `n` more items of `list` and their ids.
    pub fn reserve(&mut self, list: List, n: usize) {
        match list {
            List::Events => {
                self.events.reserve_exact(n);
                self.event_at.reserve_exact(n);
                self.event_hash.reserve_exact(n);
            }
            List::Claims => {
                self.claims.reserve_exact(n);
                self.claim_at.reserve_exact(n);
                self.claim_hash.reserve_exact(n);
            }
        }
    }

    /// Every id defined, usable or not, by kind, each with the item's position in its list: in
    /// the file's order within a kind.
    pub fn defined(&self) -> impl Iterator<Item = (IdKind, &str, u32)> {
        self.defined_slots()
            .map(|(kind, slot, at)| (kind, self.id_in(slot).unwrap_or_default(), at))
    }

    /// [`FileItems::defined`], each id given by where it is kept (see [`FileItems::id_in`]).
    pub fn defined_slots(&self) -> impl Iterator<Item = (IdKind, Slot, u32)> {
        let listed = |kind: IdKind| {
            self.ids
                .iter()
                .zip(0..)
                .filter(move |((k, _, _), _)| *k == kind)
                .map(|((k, _, at), i)| (*k, Slot::Listed(i), *at))
        };
        let kept_events = self
            .event_at
            .iter()
            .zip(0..)
            .map(|(&at, i)| (IdKind::Event, Slot::Event(i), at));
        let kept_claims = self
            .claim_at
            .iter()
            .zip(0..)
            .map(|(&at, i)| (IdKind::Claim, Slot::Claim(i), at));
        listed(IdKind::Source)
            .chain(listed(IdKind::Subject))
            .chain(by_position(listed(IdKind::Event), kept_events))
            .chain(by_position(listed(IdKind::Claim), kept_claims))
    }

    /// The id kept at `slot`.
    pub fn id_in(&self, slot: Slot) -> Option<&str> {
        match slot {
            Slot::Listed(i) => self.ids.get(i as usize).map(|(_, id, _)| &**id),
            Slot::Event(i) => self.events.get(i as usize).map(Event::id),
            Slot::Claim(i) => self.claims.get(i as usize).map(Claim::id),
        }
    }

    /// Whether the file defined anything with an id.
    pub fn defines_ids(&self) -> bool {
        !self.ids.is_empty() || !self.event_at.is_empty() || !self.claim_at.is_empty()
    }

    /// Makes room for `list` to hold `length` items and for `ids` ids in all.
    pub fn make_room(&mut self, list: List, length: usize) {
        match list {
            List::Events => {
                let more = length.saturating_sub(self.events.len());
                self.events.reserve_exact(more);
                self.event_at.reserve_exact(more);
                self.event_hash.reserve_exact(more);
            }
            List::Claims => {
                let more = length.saturating_sub(self.claims.len());
                self.claims.reserve_exact(more);
                self.claim_at.reserve_exact(more);
                self.claim_hash.reserve_exact(more);
            }
        }
    }

    /// Moves a run of list `which` that was numbered from 0 to number `by` on: the positions
    /// of its items, their ids' and the paths of their references.
    pub fn shift(&mut self, which: List, by: u32) {
        if by == 0 {
            return;
        }
        let (kind, field, at) = match which {
            List::Events => (IdKind::Event, "events", &mut self.event_at),
            List::Claims => (IdKind::Claim, "claims", &mut self.claim_at),
        };
        for i in at {
            *i = i.saturating_add(by);
        }
        for (k, _, i) in &mut self.ids {
            if *k == kind {
                *i = i.saturating_add(by);
            }
        }
        let moved = |path: &mut [Seg]| {
            if let [Seg::Field(f), Seg::Index(i), ..] = path
                && *f == field
            {
                *i = i.saturating_add(by as usize);
            }
        };
        for r in &mut self.refs {
            moved(&mut r.path);
            if let Some(speaker) = r.speaker.as_mut() {
                moved(&mut speaker.1);
            }
        }
    }

    /// Appends what a later run of the same file found (see [`super::parallel`]).
    pub fn absorb(&mut self, run: FileItems) {
        self.events_out_of_order |=
            run.events_out_of_order || out_of_order(self.events.last(), run.events.first());
        append(&mut self.refs, run.refs);
        append(&mut self.ids, run.ids);
        append(&mut self.event_at, run.event_at);
        append(&mut self.claim_at, run.claim_at);
        append(&mut self.event_hash, run.event_hash);
        append(&mut self.claim_hash, run.claim_hash);
        append(&mut self.sources, run.sources);
        append(&mut self.subjects, run.subjects);
        append(&mut self.events, run.events);
        append(&mut self.claims, run.claims);
    }
}

/// Gives the events of `given`, each a position among `events` and the number of its share in
/// `shares`, their shares through `give`: the places and lists of figures of a run, shared
/// all at once when it is done.
fn give_shares<T>(
    events: &mut [Event],
    given: &[(usize, usize)],
    shares: Vec<T>,
    give: fn(&mut Event, T),
) {
    let mut shares: Vec<Option<T>> = shares.into_iter().map(Some).collect();
    for &(at, k) in given {
        let share = shares.get_mut(k).and_then(Option::take);
        if let (Some(e), Some(share)) = (events.get_mut(at), share) {
            give(e, share);
        }
    }
}

/// Two lists of ids in order of position, merged in order of position.
fn by_position<T>(
    a: impl Iterator<Item = (IdKind, T, u32)>,
    b: impl Iterator<Item = (IdKind, T, u32)>,
) -> impl Iterator<Item = (IdKind, T, u32)> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y.2 < x.2 => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// Appends `more` to `all`, taking it whole when `all` is empty and has no room made for it (no
/// copy of a large list).
pub fn append<T>(all: &mut Vec<T>, more: Vec<T>) {
    if all.is_empty() && all.capacity() < more.len() {
        *all = more;
    } else {
        all.extend(more);
    }
}

/// Sources and subjects defined so far (in earlier files, or earlier in this one): a reference
/// to one of them is resolved at once instead of being kept for later (a million events' claims
/// would keep a million references).
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Each source's speakers' ids.
    pub sources: foldhash::HashMap<String, Vec<String>>,
    /// The subjects.
    pub subjects: foldhash::HashSet<String>,
}

impl Known {
    /// Learns what `other` knows, keeping what is known already.
    pub fn learn(&mut self, other: Known) {
        for (id, speakers) in other.sources {
            self.sources.entry(id).or_insert(speakers);
        }
        self.subjects.extend(other.subjects);
    }
}

/// Converts a file's items one at a time, as the parser reads them (so that a large file's raw
/// items never all exist at once), appending problems to `out`; `known` gains the file's sources;
/// repeated text is shared through `names`.
pub struct Converter<'a> {
    cx: Cx<'a>,
    items: FileItems,
    /// The events made, their texts in shared blocks; `items.events` at the end.
    events: EventBlock,
    /// The claims made, their texts in shared blocks; `items.claims` at the end.
    claims: ClaimBlock,
    /// How many sources, subjects, events and claims so far: the next one's position.
    counts: [u32; 4],
}

/// A list of a file that can be read in pieces (see [`super::parallel`]).
#[derive(Debug, Clone, Copy)]
pub enum List {
    Events,
    Claims,
}

impl<'a> Converter<'a> {
    /// A converter for file number `file`.
    pub fn new(
        file: usize,
        out: &'a mut Vec<Pending>,
        known: &'a mut Known,
        names: &'a mut Interner,
    ) -> Self {
        let no_measures = names.measures(Vec::new());
        Converter {
            cx: Cx {
                file,
                out,
                path: Vec::new(),
                refs: Vec::new(),
                known,
                names,
                placed: Vec::new(),
                place_keys: PlaceKeys::default(),
                measures: MeasureKeys::default(),
                measured: Vec::new(),
                no_measures,
            },
            items: FileItems::default(),
            events: EventBlock::with_capacity(0, (1 << 20) + (1 << 16)),
            claims: ClaimBlock::default(),
            counts: [0; 4],
        }
    }

    /// A converter for a run of list `list` whose first element is number `index` of the list.
    pub fn starting_at(mut self, list: List, index: u32) -> Self {
        let n = match list {
            List::Events => 2,
            List::Claims => 3,
        };
        self.counts[n] = index;
        self
    }

    /// Makes room for `n` more items of `list` (and their ids), so that a run of known length
    /// fills its lists without growing them.
    pub fn reserve(&mut self, list: List, n: usize) {
        match list {
            List::Events => {
                self.events.reserve_exact(n);
                self.items.event_at.reserve_exact(n);
                self.items.event_hash.reserve_exact(n);
            }
            List::Claims => {
                self.claims.reserve_exact(n);
                self.items.claim_at.reserve_exact(n);
                self.items.claim_hash.reserve_exact(n);
            }
        }
    }

    /// The file's title.
    pub fn title(&mut self, title: Option<String>) {
        self.items.title = title.map(|t| self.cx.owned_text(t, Seg::Field("title"), false));
    }

    /// Runs `f` with the path at the next element of list `list` (number `n` of `counts`).
    fn next<R>(&mut self, n: usize, list: &'static str, f: impl FnOnce(&mut Self, u32) -> R) -> R {
        let i = self.counts[n];
        self.counts[n] += 1;
        self.cx.path.push(Seg::Field(list));
        self.cx.path.push(Seg::Index(i as usize));
        let r = f(self, i);
        self.cx.path.truncate(self.cx.path.len().saturating_sub(2));
        r
    }

    /// The next source.
    pub fn source(&mut self, s: RawSource) {
        self.next(0, "sources", |c, i| {
            c.items
                .ids
                .push((IdKind::Source, Box::from(s.id.as_str()), i));
            if let Some(source) = c.cx.source(s) {
                c.cx.known
                    .sources
                    .entry(source.id.clone())
                    .or_insert_with(|| source.speakers.iter().map(|p| p.id.clone()).collect());
                c.items.sources.push(source);
            }
        });
    }

    /// The next subject.
    pub fn subject(&mut self, s: RawSubject) {
        self.next(1, "subjects", |c, i| {
            c.items
                .ids
                .push((IdKind::Subject, Box::from(s.id.as_str()), i));
            let id = c.cx.id(&s.id);
            let label = c.cx.required_text(s.label, "label").map(Cow::into_owned);
            let description =
                c.cx.opt_text(s.description, "description", true)
                    .map(Cow::into_owned);
            if let (Some(id), Some(label)) = (id, label) {
                c.cx.known.subjects.insert(id.clone());
                c.items.subjects.push(Subject {
                    id,
                    label,
                    description,
                });
            }
        });
    }

    /// The next event.
    pub fn event(&mut self, mut e: RawEvent) {
        // A kept event holds its id; only an unusable one's is kept apart.
        let id = std::mem::take(&mut e.id);
        self.next(2, "events", |c, i| {
            match c.cx.event(&id, e, &mut c.events) {
                Some(hash) => {
                    c.items.event_hash.push(hash);
                    c.items.event_at.push(i);
                }
                None => c.items.ids.push((IdKind::Event, id.into(), i)),
            }
        });
    }

    /// The next claim.
    pub fn claim(&mut self, mut cl: RawClaim) {
        let id = std::mem::take(&mut cl.id);
        self.next(3, "claims", |c, i| match c.cx.claim(&id, cl) {
            Some(claim) => {
                let hash = id_hash(IdKind::Claim, &claim.id);
                if let Err(e) = c.claims.add(claim) {
                    let help = "shorten its quote or its paraphrase".to_string();
                    c.cx.problem(Severity::Error, Seg::Field("id"), e.to_string(), Some(help));
                    c.items.ids.push((IdKind::Claim, id.into(), i));
                    return;
                }
                c.items.claim_hash.push(hash);
                c.items.claim_at.push(i);
            }
            None => c.items.ids.push((IdKind::Claim, id.into(), i)),
        });
    }

    /// Everything the file defined, with no spare room in its lists.
    pub fn finish(self) -> FileItems {
        let mut items = self.items;
        items.events = self.events.finish();
        items.events_out_of_order =
            !(items.events).is_sorted_by(|a, b| Dataset::order(a, b).is_le());
        let cx = self.cx;
        let places = cx.names.places(&cx.place_keys);
        give_shares(&mut items.events, &cx.placed, places, |e, p| {
            e.place = Some(p)
        });
        let lists = cx.names.measure_lists(cx.measures);
        give_shares(&mut items.events, &cx.measured, lists, |e, l| {
            e.quantities = l
        });
        items.claims = self.claims.finish();
        items.refs = cx.refs;
        items.refs.shrink_to_fit();
        items.ids.shrink_to_fit();
        items.event_at.shrink_to_fit();
        items.claim_at.shrink_to_fit();
        items.event_hash.shrink_to_fit();
        items.claim_hash.shrink_to_fit();
        items.sources.shrink_to_fit();
        items.subjects.shrink_to_fit();
        items.events.shrink_to_fit();
        items.claims.shrink_to_fit();
        items
    }
}

/// Conversion context: the file, the path of the value being converted, and the problem list.
struct Cx<'a> {
    file: usize,
    out: &'a mut Vec<Pending>,
    path: Path,
    refs: Vec<Reference>,
    known: &'a mut Known,
    names: &'a mut Interner,
    /// The events made with a place, by position, and their place's key's index in
    /// `place_keys`: each takes its share of it when they are done (see [`give_shares`]).
    placed: Vec<(usize, usize)>,
    /// The keys of the places named.
    place_keys: PlaceKeys,
    /// The lists of figures named, and the events made with some, by position, with their
    /// list's index in `measures`: shared when they are done, as places are.
    measures: MeasureKeys,
    measured: Vec<(usize, usize)>,
    /// The shared empty list of figures.
    no_measures: MeasureList,
}

impl Cx<'_> {
    fn here(&self, seg: Seg) -> Path {
        let mut p = self.path.clone();
        p.push(seg);
        p
    }

    /// Runs `f` on each element of the list field `name`, with the path set to the element.
    fn list<T>(
        &mut self,
        name: &'static str,
        items: Vec<T>,
        mut f: impl FnMut(&mut Self, usize, T),
    ) {
        self.path.push(Seg::Field(name));
        for (i, item) in items.into_iter().enumerate() {
            self.path.push(Seg::Index(i));
            f(self, i, item);
            self.path.pop();
        }
        self.path.pop();
    }

    fn in_field<R>(&mut self, name: &'static str, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(Seg::Field(name));
        let r = f(self);
        self.path.pop();
        r
    }

    fn problem(&mut self, severity: Severity, at: Seg, message: String, help: Option<String>) {
        self.out.push(Pending {
            severity,
            message,
            help,
            file: self.file,
            path: self.here(at),
            key: false,
            first: None,
        });
    }

    fn error(&mut self, at: Seg, message: String, help: impl Into<Option<String>>) {
        self.problem(Severity::Error, at, message, help.into());
    }

    /// Cleans and trims text, warning where something was removed; the text is kept, not
    /// copied, when there is nothing to change (the common case, and a large dataset's bulk):
    /// borrowed from the file when it was, owned when it was.
    fn text<'t>(
        &mut self,
        text: impl Into<Cow<'t, str>>,
        at: Seg,
        multiline: bool,
    ) -> Cow<'t, str> {
        let text = text.into();
        let (cleaned, removed) = clean(&text, multiline);
        let cleaned = match cleaned {
            Cow::Borrowed(_) => None,
            Cow::Owned(c) => Some(c),
        };
        if removed.any() {
            self.problem(
                Severity::Warning,
                at,
                format!("removed {} from this text", removed.describe()),
                Some(
                    "data files may not contain terminal control sequences; the rest of the text is kept"
                        .into(),
                ),
            );
        }
        match (cleaned, text) {
            (Some(c), _) => Cow::Owned(trimmed(c)),
            (None, Cow::Borrowed(b)) => Cow::Borrowed(b.trim()),
            (None, Cow::Owned(o)) => Cow::Owned(trimmed(o)),
        }
    }

    /// [`Cx::text`], as a `String`.
    fn owned_text(&mut self, text: String, at: Seg, multiline: bool) -> String {
        self.text(text, at, multiline).into_owned()
    }

    fn required_text<'t>(
        &mut self,
        text: impl Into<Cow<'t, str>>,
        field: &'static str,
    ) -> Option<Cow<'t, str>> {
        let t = self.text(text, Seg::Field(field), false);
        if t.is_empty() {
            self.error(Seg::Field(field), format!("`{field}` is empty"), None);
            return None;
        }
        Some(t)
    }

    fn opt_text<'t, T: Into<Cow<'t, str>>>(
        &mut self,
        text: Option<T>,
        field: &'static str,
        multiline: bool,
    ) -> Option<Cow<'t, str>> {
        let t = self.text(text?, Seg::Field(field), multiline);
        (!t.is_empty()).then_some(t)
    }

    /// Checks the syntax of an id (the item's own `id` field).
    fn id(&mut self, id: &str) -> Option<String> {
        self.id_at(id, Seg::Field("id"))
    }

    fn id_at(&mut self, id: &str, at: Seg) -> Option<String> {
        self.valid_id(id, at).then(|| id.to_string())
    }

    /// Whether `id` is a valid id; if not, says so.
    fn valid_id(&mut self, id: &str, at: Seg) -> bool {
        if id.is_empty() {
            self.error(at, "the id is empty".into(), id_help());
            return false;
        }
        if !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            self.error(
                at,
                format!("`{}` is not a valid id", shown(id, 60)),
                id_help(),
            );
            return false;
        }
        true
    }

    /// A reference to an id in `field`: syntax checked now, resolution once all files are read.
    fn reference(&mut self, kind: IdKind, id: &str, at: Seg) -> Option<String> {
        let id = self.id_at(id, at)?;
        self.refs.push(Reference {
            kind,
            hash: id_hash(kind, &id),
            id: Box::from(id.as_str()),
            path: self.here(at).into_boxed_slice(),
            speaker: None,
        });
        Some(id)
    }

    /// An optional reference to a source (`via`), shared.
    fn opt_source_ref(&mut self, id: Option<&str>, field: &'static str) -> Option<Option<Name>> {
        match id {
            None => Some(None),
            Some(id) => self
                .reference(IdKind::Source, id, Seg::Field(field))
                .map(|id| Some(self.names.name(&id))),
        }
    }

    /// A source reference with an optional speaker of that source.
    fn source_ref(
        &mut self,
        source: &str,
        speaker: Option<&str>,
    ) -> (Option<Name>, Option<Option<Name>>) {
        let source_ok = self.valid_id(source, Seg::Field("source"));
        let speaker = match speaker {
            None => Some(None),
            Some(sp) => self
                .valid_id(sp, Seg::Field("speaker"))
                .then(|| Some(self.names.name(sp))),
        };
        if !source_ok {
            return (None, speaker);
        }
        // A source already known, with the speaker named, is resolved now: most references in
        // a large file are these, and keeping each for later would cost more than the event.
        let resolved = self
            .known
            .sources
            .get(source)
            .is_some_and(|speakers| match &speaker {
                Some(Some(sp)) => speakers.iter().any(|s| **s == **sp),
                _ => true,
            });
        if !resolved {
            let speaker = match &speaker {
                Some(Some(sp)) => {
                    Some(Box::new((sp.to_string(), self.here(Seg::Field("speaker")))))
                }
                _ => None,
            };
            self.refs.push(Reference {
                kind: IdKind::Source,
                hash: id_hash(IdKind::Source, source),
                id: Box::from(source),
                path: self.here(Seg::Field("source")).into_boxed_slice(),
                speaker,
            });
        }
        (Some(self.names.name(source)), speaker)
    }

    fn word<T: Copy>(
        &mut self,
        word: &Word,
        field: &'static str,
        what: &str,
        all: &[T],
        name: impl Fn(T) -> &'static str,
    ) -> Option<T> {
        if let Some(found) = all.iter().copied().find(|&k| name(k) == word.0) {
            return Some(found);
        }
        let names: Vec<&str> = all.iter().map(|&k| name(k)).collect();
        self.error(
            Seg::Field(field),
            format!(
                "unknown {what} `{}`{}",
                shown(&word.0, 40),
                did_you_mean(&word.0, names.iter().copied())
            ),
            Some(format!("{what}s are: {}", list(&names))),
        );
        None
    }

    fn source(&mut self, s: RawSource) -> Option<Source> {
        let id = self.id(&s.id);
        let name = self.required_text(s.name, "name").map(Cow::into_owned);
        let kind = self.word(
            &s.kind,
            "kind",
            "source kind",
            &SourceKind::ALL,
            SourceKind::name,
        );
        let reliability = match &s.reliability {
            None => Some(None),
            Some(w) => self
                .word(
                    w,
                    "reliability",
                    "reliability grade",
                    &Reliability::ALL,
                    Reliability::name,
                )
                .map(Some),
        };
        let url = self.opt_text(s.url, "url", false).map(Cow::into_owned);
        let description = self
            .opt_text(s.description, "description", true)
            .map(Cow::into_owned);
        let mut speakers = Vec::with_capacity(s.speakers.len());
        let mut ok = true;
        self.list("speakers", s.speakers, |cx, _, sp| {
            let sid = cx.id(&sp.id);
            let sname = cx.required_text(sp.name, "name").map(Cow::into_owned);
            let role = cx.opt_text(sp.role, "role", false).map(Cow::into_owned);
            match (sid, sname) {
                (Some(sid), Some(sname)) => {
                    if speakers.iter().any(|x: &Speaker| x.id == sid) {
                        cx.error(
                            Seg::Field("id"),
                            format!("this source already has a speaker `{sid}`"),
                            Some("give each speaker of a source its own id".to_string()),
                        );
                    }
                    speakers.push(Speaker {
                        id: sid,
                        name: sname,
                        role,
                    });
                }
                _ => ok = false,
            }
        });
        Some(Source {
            id: id?,
            name: name?,
            kind: kind?,
            speakers,
            reliability: reliability?,
            url,
            description,
        })
        .filter(|_| ok)
    }

    fn when(&mut self, text: &str, field: &'static str) -> Option<When> {
        let (cleaned, _) = clean(text, false);
        match When::parse(&cleaned) {
            Ok(w) => Some(w),
            Err(e) => {
                self.error(
                    Seg::Field(field),
                    format!("invalid date `{}`: {e}", shown(text, 60)),
                    Some(e.hint().to_string()),
                );
                None
            }
        }
    }

    /// Makes the event into `block`; gives its id's [`id_hash`].
    fn event(&mut self, id: &str, e: RawEvent<'_>, block: &mut EventBlock) -> Option<u64> {
        let id = self.valid_id(id, Seg::Field("id")).then_some(id);
        let when = self.when(&e.when, "when");
        let kind = self.word(
            &e.kind,
            "kind",
            "event kind",
            &EventKind::ALL,
            EventKind::name,
        );
        let title = self.required_text(e.title, "title");
        let summary = self.opt_text(e.summary, "summary", true);
        let place = match e.place {
            None => Some(None),
            Some(p) => self.in_field("place", |cx| cx.place(p)).map(Some),
        };
        // Lists are made to measure: pushing onto an empty Vec reserves room for four.
        let mut actors = Vec::with_capacity(e.actors.len());
        self.list("actors", e.actors, |cx, i, a| {
            let t = cx.text(a, Seg::Index(i), false);
            if !t.is_empty() {
                actors.push(cx.names.name(&t));
            }
        });
        let mut quantities = Vec::with_capacity(e.quantities.len());
        let mut ok = true;
        self.list("quantities", e.quantities, |cx, _, m| {
            let what = cx.required_text(m.what, "what").map(|w| cx.names.name(&w));
            let value = cx.quantity(m.value, Seg::Field("value"), false);
            match (what, value) {
                (Some(what), Some(value)) => quantities.push(Measure { what, value }),
                _ => ok = false,
            }
        });
        let mut sources = Vec::with_capacity(e.sources.len());
        self.list("sources", e.sources, |cx, _, a| match cx.attribution(a) {
            Some(a) => sources.push(a),
            None => ok = false,
        });
        if ok && sources.is_empty() {
            self.problem(
                Severity::Warning,
                Seg::Field("id"),
                "this event names no source".into(),
                Some("add `sources: [(source: \"…\")]` so readers know who reports it".into()),
            );
        }
        let parts = EventParts {
            id: Cow::Borrowed(id?),
            when: when?,
            kind: kind?,
            title: title?,
            summary,
            // Given when the events are done (see [`give_shares`]).
            place: None,
            actors: self.names.list(actors),
            // Given when the events are done (see [`give_shares`]), unless there are none.
            quantities: self.no_measures.clone(),
            sources,
        };
        let place = place?;
        if !ok {
            return None;
        }
        let position = block.len();
        match block.add_parts(parts) {
            Ok(id) => {
                if let Some(k) = place {
                    self.placed.push((position, k));
                }
                if !quantities.is_empty() {
                    let k = self.measures.push(quantities);
                    self.measured.push((position, k));
                }
                Some(id_hash(IdKind::Event, id))
            }
            Err(e) => {
                let help = match e {
                    TooLong::Texts => "split its summary or its quotes across events",
                    TooLong::Reports => {
                        "split its sources across several events of the same happening"
                    }
                }
                .to_string();
                self.problem(Severity::Error, Seg::Field("id"), e.to_string(), Some(help));
                None
            }
        }
    }

    /// The index of the place's key in `place_keys` (see [`give_shares`]).
    fn place(&mut self, p: RawPlace<'_>) -> Option<usize> {
        let name = self.required_text(p.name, "name");
        let admin1 = self.opt_text(p.admin1, "admin1", false);
        let admin2 = self.opt_text(p.admin2, "admin2", false);
        let country = self.opt_text(p.country, "country", false);
        let coordinates = match (p.lat, p.lon) {
            (None, None) => Some(None),
            (Some(lat), Some(lon)) => {
                let lat_ok = lat.is_finite() && (-90.0..=90.0).contains(&lat);
                let lon_ok = lon.is_finite() && (-180.0..=180.0).contains(&lon);
                if !lat_ok {
                    self.error(
                        Seg::Field("lat"),
                        format!("latitude {lat} is out of range"),
                        Some("latitude is in degrees, from -90 to 90".to_string()),
                    );
                }
                if !lon_ok {
                    self.error(
                        Seg::Field("lon"),
                        format!("longitude {lon} is out of range"),
                        Some("longitude is in degrees, from -180 to 180".to_string()),
                    );
                }
                (lat_ok && lon_ok).then_some(Some((lat, lon)))
            }
            (lat, _) => {
                let (present, missing) = if lat.is_some() {
                    ("lat", "lon")
                } else {
                    ("lon", "lat")
                };
                let at = if lat.is_some() { "lat" } else { "lon" };
                self.error(
                    Seg::Field(at),
                    format!("`{present}` is given without `{missing}`"),
                    Some("give both coordinates, or neither".to_string()),
                );
                None
            }
        };
        let (name, coordinates) = (name?, coordinates?);
        let admin = [admin1.as_deref(), admin2.as_deref(), country.as_deref()];
        Some(self.place_keys.push(&name, admin, coordinates))
    }

    /// Checks a quantity; `percent` limits it to 0–100.
    fn quantity(&mut self, q: RawQuantity, at: Seg, percent: bool) -> Option<Quantity> {
        let max = if percent { 100.0 } else { f64::INFINITY };
        let check = |cx: &mut Self, v: f64| -> bool {
            if v.is_finite() && v >= 0.0 && v <= max {
                return true;
            }
            let expected = if percent {
                "a percentage from 0 to 100"
            } else {
                "a count: a finite number, 0 or more"
            };
            cx.error(at, format!("{v} is not {expected}"), None);
            false
        };
        let q = match q {
            RawQuantity::Exact(v) => check(self, v).then_some(Quantity::Exact { value: v })?,
            RawQuantity::About(v) => check(self, v).then_some(Quantity::About { value: v })?,
            RawQuantity::AtLeast(v) => check(self, v).then_some(Quantity::AtLeast { value: v })?,
            RawQuantity::MoreThan(v) => {
                check(self, v).then_some(Quantity::MoreThan { value: v })?
            }
            RawQuantity::AtMost(v) => check(self, v).then_some(Quantity::AtMost { value: v })?,
            RawQuantity::LessThan(v) => {
                check(self, v).then_some(Quantity::LessThan { value: v })?
            }
            RawQuantity::Range { low, high, best } => {
                let all_ok = [Some(low), Some(high), best]
                    .into_iter()
                    .flatten()
                    .all(|v| check(self, v));
                if !all_ok {
                    return None;
                }
                if low > high {
                    self.error(
                        at,
                        format!("the range runs backwards: low {low} is above high {high}"),
                        Some("write `Range(low: …, high: …)` with low ≤ high".to_string()),
                    );
                    return None;
                }
                if let Some(b) = best
                    && !(low..=high).contains(&b)
                {
                    self.error(
                        at,
                        format!("the best estimate {b} is outside the range {low}–{high}"),
                        None,
                    );
                    return None;
                }
                Quantity::Range { low, high, best }
            }
            RawQuantity::Vague(word) => match vague_word(&word) {
                Some((w, low, high)) => Quantity::Vague {
                    word: w.to_string(),
                    low,
                    high,
                },
                None => {
                    let words: Vec<&str> = crate::model::quantity::VAGUE_WORDS
                        .iter()
                        .map(|(w, _, _)| *w)
                        .collect();
                    self.error(
                        at,
                        format!(
                            "unknown vague quantity `{}`{}",
                            shown(&word, 40),
                            did_you_mean(&word, words.iter().copied())
                        ),
                        Some(format!(
                            "known words are {}; for anything else write `Range(low: …, high: …)`",
                            list(&words)
                        )),
                    );
                    return None;
                }
            },
        };
        Some(q)
    }

    fn attribution<'t>(&mut self, a: RawAttribution<'t>) -> Option<Report<Cow<'t, str>>> {
        let (source, speaker) = self.source_ref(&a.source, a.speaker.as_deref());
        let via = self.opt_source_ref(a.via.as_deref(), "via");
        let quote = self.opt_text(a.quote, "quote", true);
        let paraphrase = self.opt_text(a.paraphrase, "paraphrase", true);
        Some(Report {
            source: source?,
            speaker: speaker?,
            quote,
            paraphrase,
            via: via?,
        })
    }

    fn claim(&mut self, id: &str, c: RawClaim) -> Option<ClaimParts> {
        let id = self.id(id);
        let (source, speaker) = self.source_ref(&c.source, c.speaker.as_deref());
        let subject = if self.known.subjects.contains(&c.subject) {
            Some(self.names.name(&c.subject))
        } else {
            self.reference(IdKind::Subject, &c.subject, Seg::Field("subject"))
                .map(|s| self.names.name(&s))
        };
        let via = self.opt_source_ref(c.via.as_deref(), "via");
        let stated = self.when(&c.stated, "stated");
        let value = self.in_field("value", |cx| cx.claim_value(c.value));
        let quote = self.opt_text(c.quote, "quote", true).map(Cow::into_owned);
        let paraphrase = self
            .opt_text(c.paraphrase, "paraphrase", true)
            .map(Cow::into_owned);
        let credibility = match c.credibility {
            None => Some(None),
            Some(n @ 1..=6) => Some(Some(n as u8)),
            Some(n) => {
                self.error(
                    Seg::Field("credibility"),
                    format!("credibility {n} is not on the Admiralty scale"),
                    Some(
                        "credibility is 1 (confirmed), 2 (probably true), 3 (possibly true), 4 (doubtful), 5 (improbable) or 6 (cannot be judged)"
                            .to_string(),
                    ),
                );
                None
            }
        };
        let mut events = Vec::with_capacity(c.events.len());
        let mut ok = true;
        self.list("events", c.events, |cx, i, e| {
            match cx.reference(IdKind::Event, &e, Seg::Index(i)) {
                Some(e) => events.push(e),
                None => ok = false,
            }
        });
        Some(ClaimParts {
            id: id?,
            source: source?,
            speaker: speaker?,
            subject: subject?,
            stated: stated?,
            value: value?,
            quote,
            paraphrase,
            via: via?,
            credibility: credibility?,
            events,
        })
        .filter(|_| ok)
    }

    /// Called with the path at the claim's `value`.
    fn claim_value(&mut self, v: RawClaimValue) -> Option<ClaimValue> {
        // Problems inside are reported at the value itself: pop to the claim and point at it.
        let at = self.path.pop().unwrap_or(Seg::Field("value"));
        let value = match v {
            RawClaimValue::Status(s) => {
                let value = self.owned_text(s, at, false);
                if value.is_empty() {
                    self.error(at, "the status is empty".into(), None);
                    None
                } else {
                    Some(ClaimValue::Status { value })
                }
            }
            RawClaimValue::Text(s) => Some(ClaimValue::Text {
                value: self.owned_text(s, at, true),
            }),
            RawClaimValue::Count(q) => self
                .quantity(q, at, false)
                .map(|value| ClaimValue::Count { value }),
            RawClaimValue::Percent(q) => self
                .quantity(q, at, true)
                .map(|value| ClaimValue::Percent { value }),
        };
        // "More than 100 percent" passes the range check but admits no value.
        let value = match value {
            Some(v) if v.interval().is_some_and(|i| i.is_empty()) => {
                self.error(
                    at,
                    "this percentage admits no value: none is more than 100".into(),
                    Some("write `Percent(Exact(100))` for all of it".to_string()),
                );
                None
            }
            v => v,
        };
        self.path.push(at);
        value
    }
}

/// The text without surrounding white space, reusing the string when there is none.
fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_string()
    }
}

fn id_help() -> String {
    "ids use letters, digits, `-`, `_` and `.`, e.g. `sdf-announces-control`".to_string()
}
