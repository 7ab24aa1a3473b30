//! Finding the other reports of a happening fast (the rule is in [`super::same`]).
//!
//! Two events can only be reports of one happening when their places match, by a name or by
//! coordinates, and their dates overlap. So the events are filed under each **place key** their
//! place has — the skeleton of each of its names, and the grid cell of its coordinates — and
//! within a key in date order. A query looks under its own keys (and the cells around its own)
//! and, in each, only at the events whose dates could reach its own: it never looks at an event
//! elsewhere, or long before. Without the keys, an event had to look at every event of its weeks
//! (or, for a date known to the year, of its year) across the whole dataset, which grew as the
//! square of the events: a briefing of 100,000 generated events in realistic places took 29 s.

use std::borrow::Cow;

use foldhash::{HashMap, HashMapExt};

use chrono::NaiveDate;

use super::same::{Names, OtherReport, Reporter, report_with};
use crate::model::{Dataset, Place};

/// Events longer than this (in days) are kept aside, so that one year-long event does not widen
/// every query's window to a year.
const LONG_DAYS: i64 = 62;

/// Long events are kept in tiers by length, each no longer than its bound (in days): a query
/// looks in a tier only as far back as that tier's longest event reaches. So a few events of
/// several years do not make every query look at every year-long one. The last tier holds the
/// open-ended events too.
const TIERS: [i64; 3] = [400, 4_000, i64::MAX];

/// Grid rows are this many degrees of latitude: more than [`super::same::NEAR_KM`] (0.25° is
/// 27.8 km), so that places near enough to match are at most one row apart.
const ROW_DEGREES: f64 = 0.25;

/// The dataset's events filed by place key, each key's in date order.
#[derive(Debug, Clone, Default)]
pub struct SameIndex {
    /// Each place key's timeline.
    keys: HashMap<Key, usize>,
    timelines: Vec<Timeline>,
    /// The timelines a question about each of the dataset's places looks in, worked out once
    /// (a briefing asks about hundreds of thousands of events in a few thousand places).
    looks: Looks,
}

/// The timelines to look in for each distinct place of the dataset indexed (its names' and the
/// cells around its own), known by the place's address while the dataset lives. Place number
/// `n` looks in `ids[from[n]..from[n + 1]]`.
#[derive(Debug, Clone, Default)]
struct Looks {
    places: HashMap<usize, u32>,
    from: Vec<u32>,
    ids: Vec<u32>,
}

impl Looks {
    /// The timelines to look in for `place`, if it is one of the indexed dataset's.
    fn of(&self, place: &Place) -> Option<&[u32]> {
        let n = *self.places.get(&(std::ptr::from_ref(place) as usize))? as usize;
        let (from, to) = (*self.from.get(n)?, *self.from.get(n + 1)?);
        self.ids.get(from as usize..to as usize)
    }
}

/// What a place is filed under.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// A name's skeleton ([`super::same::skeleton`]).
    Name(Box<str>),
    /// A grid cell: its row, and its column in that row.
    Cell(i32, i32),
}

/// The events under one key, in date order, with what finds a span's window among them.
#[derive(Debug, Clone, Default)]
struct Timeline {
    /// Positions in the dataset's events, in order (so by earliest day).
    members: Vec<u32>,
    /// Each member's earliest day ([`day_number`]), beside it: a window is found among these,
    /// not by looking at events scattered through the dataset (a cache miss each).
    starts: Vec<i32>,
    /// How many members have no earliest day (they come first).
    unbounded_start: usize,
    /// The longest span, in days, of the short members.
    longest: i64,
    /// Long members (see [`TIERS`]).
    tiers: Vec<Tier>,
}

/// The long members of a timeline in one tier.
#[derive(Debug, Clone, Default)]
struct Tier {
    /// The longest span among them, in days; `i64::MAX` when one is open-ended.
    longest: i64,
    /// Their places in the timeline's members, in order.
    members: Vec<u32>,
}

/// The timelines of place number `slot`.
fn timelines_of(place_ids: &[([u32; 4], usize)], slot: u32) -> &[u32] {
    place_ids
        .get(slot as usize)
        .and_then(|(ids, n)| ids.get(..*n))
        .unwrap_or_default()
}

impl SameIndex {
    /// Indexes `dataset` (two passes over its events: one counts each timeline's members, one
    /// files them; each distinct place's keys are worked out once).
    pub fn new(dataset: &Dataset) -> SameIndex {
        let mut index = SameIndex::default();
        let events = &dataset.events;
        // Places are shared (interned): each distinct place's timelines are worked out once
        // and numbered.
        let mut of_place: HashMap<*const Place, u32> = HashMap::new();
        let mut place_ids: Vec<([u32; 4], usize)> = Vec::new();
        // The places by number.
        let mut places: Vec<&Place> = Vec::new();
        let mut names = Names::default();
        // How many events each timeline gets: each is then made at its size and filled in the
        // events' order, which is its order. (Gathering (timeline, event) pairs and sorting
        // them took 12 MB more at 1M; pushing onto lists as they grew, a quarter of a second.
        // Each event's place is looked up again rather than its number kept between the two
        // passes: 4 MB at 1M, at the briefing's peak.)
        let mut counts: Vec<u32> = Vec::new();
        for e in events {
            let Some(place) = &e.place else {
                continue;
            };
            let slot = *of_place
                .entry(std::sync::Arc::as_ptr(place))
                .or_insert_with(|| {
                    let mut ids: Vec<u32> = place_keys(&mut names, place)
                        .into_iter()
                        .filter_map(|key| u32::try_from(index.id(key)).ok())
                        .collect();
                    ids.sort_unstable();
                    ids.dedup();
                    // At most four: three names and a cell.
                    let mut inline = [0; 4];
                    let n = ids.len().min(inline.len());
                    inline[..n].copy_from_slice(&ids[..n]);
                    place_ids.push((inline, n));
                    places.push(place);
                    (place_ids.len() - 1) as u32
                });
            counts.resize(index.timelines.len(), 0);
            for &id in timelines_of(&place_ids, slot) {
                if let Some(c) = counts.get_mut(id as usize) {
                    *c += 1;
                }
            }
        }
        for (t, &count) in index.timelines.iter_mut().zip(&counts) {
            t.members = Vec::with_capacity(count as usize);
            t.starts = Vec::with_capacity(count as usize);
        }
        for (i, e) in events.iter().enumerate() {
            let Ok(position) = u32::try_from(i) else {
                break;
            };
            let Some(slot) = e
                .place
                .as_ref()
                .and_then(|p| of_place.get(&std::sync::Arc::as_ptr(p)))
            else {
                continue;
            };
            let (from, to) = (e.when.earliest(), e.when.latest());
            let span = match (from, to) {
                (None, _) => None,
                (Some(a), Some(b)) => Some((b - a).num_days()),
                (Some(_), None) => Some(i64::MAX),
            };
            let start = day_number(from);
            for &id in timelines_of(&place_ids, *slot) {
                if let Some(t) = index.timelines.get_mut(id as usize) {
                    t.file(position, start, span);
                }
            }
        }
        for t in &mut index.timelines {
            t.finish();
        }
        // Now that every timeline is made, where a question about each place looks, by the
        // places' numbers.
        let mut looks = Looks {
            places: HashMap::with_capacity(of_place.len()),
            from: Vec::with_capacity(places.len() + 1),
            ids: Vec::new(),
        };
        looks.from.push(0);
        for place in places {
            let ids = index.look_ids(&names.of(place), place);
            looks
                .ids
                .extend(ids.iter().filter_map(|&id| u32::try_from(id).ok()));
            looks
                .from
                .push(u32::try_from(looks.ids.len()).unwrap_or(u32::MAX));
        }
        looks.ids.shrink_to_fit();
        looks.places = of_place.into_iter().map(|(p, n)| (p as usize, n)).collect();
        index.looks = looks;
        index
    }

    /// The timelines a question about an event at `place` (its names spelled `spelled`) looks
    /// in: its names', and the cells around its own; each once, in order.
    fn look_ids(&self, spelled: &[(&str, Box<str>)], place: &Place) -> Vec<usize> {
        let mut ids: Vec<usize> = spelled
            .iter()
            .map(|(_, s)| Key::Name(s.clone()))
            .chain(place.coordinates.into_iter().flat_map(cells_around))
            .filter_map(|key| self.keys.get(&key).copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The timeline of `key`, made if new.
    fn id(&mut self, key: Key) -> usize {
        let next = self.timelines.len();
        let id = *self.keys.entry(key).or_insert(next);
        if id == next {
            self.timelines.push(Timeline::default());
        }
        id
    }

    /// The other reports of the happening event `index` reports, in date order.
    pub fn other_reports<'a>(&self, dataset: &'a Dataset, index: usize) -> Vec<OtherReport<'a>> {
        self.first_reports(dataset, index, usize::MAX)
    }

    /// The first `limit` other reports, in date order (a viewer shows a few; dense data can
    /// hold thousands).
    pub fn first_reports<'a>(
        &self,
        dataset: &'a Dataset,
        index: usize,
        limit: usize,
    ) -> Vec<OtherReport<'a>> {
        self.first_reports_by(&mut Reporter::new(dataset), index, limit)
    }

    /// [`SameIndex::first_reports`] asked through `reporter`, which remembers the spelling of
    /// places from one question to the next (for many questions).
    pub fn first_reports_by<'a>(
        &self,
        reporter: &mut Reporter<'a>,
        index: usize,
        limit: usize,
    ) -> Vec<OtherReport<'a>> {
        let dataset = reporter.dataset;
        let events = &dataset.events;
        let Some(ours) = events.get(index) else {
            return Vec::new();
        };
        let Some(place) = ours.place.as_deref() else {
            return Vec::new();
        };
        let names = &mut reporter.names;
        let ours_names = names.of(place);
        // Worked out when the index was made, unless the place is not the indexed dataset's.
        let ids: Cow<'_, [u32]> = match self.looks.of(place) {
            Some(ids) => Cow::Borrowed(ids),
            None => self
                .look_ids(&ours_names, place)
                .into_iter()
                .filter_map(|id| u32::try_from(id).ok())
                .collect(),
        };
        let (from, to) = (ours.when.earliest(), ours.when.latest());
        let lists: Vec<_> = ids
            .iter()
            .filter_map(|&id| self.timelines.get(id as usize))
            .map(|t| t.candidates(from, to).peekable())
            .collect();
        // In date order, lazily, so that a search for the first few stops early.
        union(lists)
            .filter_map(|i| report_with(dataset, index, i, &ours_names, names))
            .take(limit)
            .collect()
    }
}

impl Timeline {
    /// Files the event at `position` after every member before it: it starts on day `start`
    /// ([`day_number`]) and spans `span` days (`None`: it has no start; `i64::MAX`: no end).
    fn file(&mut self, position: u32, start: i32, span: Option<i64>) {
        let k = self.members.len();
        self.members.push(position);
        self.starts.push(start);
        let Some(days) = span else {
            // Events with no start sort first.
            self.unbounded_start = k + 1;
            return;
        };
        if days <= LONG_DAYS {
            self.longest = self.longest.max(days);
            return;
        }
        if self.tiers.is_empty() {
            self.tiers = TIERS.iter().map(|_| Tier::default()).collect();
        }
        let t = TIERS
            .iter()
            .position(|&bound| days <= bound)
            .unwrap_or(TIERS.len() - 1);
        if let (Some(tier), Ok(k)) = (self.tiers.get_mut(t), u32::try_from(k)) {
            tier.longest = tier.longest.max(days);
            tier.members.push(k);
        }
    }

    /// Leaves no room over, and no empty tier.
    fn finish(&mut self) {
        self.tiers.retain(|t| !t.members.is_empty());
        for t in &mut self.tiers {
            t.members.shrink_to_fit();
        }
    }

    /// The members whose dates may meet `from`–`to`, in date order: those with no start, the
    /// long ones before the window (the tiers merged), then the window.
    fn candidates(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> impl Iterator<Item = usize> + '_ {
        let starts_before = |day: NaiveDate| {
            let day = day_number(Some(day));
            move |s: &i32| *s < day
        };
        // The earliest start from which an event this long could reach our start (none: any).
        let reach = |span: i64| {
            let span = u64::try_from(span).ok()?;
            from?.checked_sub_days(chrono::Days::new(span))
        };
        // Short members starting on or before our end...
        let end = match to {
            Some(to) => {
                let to = day_number(Some(to));
                self.starts.partition_point(|&s| s <= to)
            }
            None => self.members.len(),
        };
        // ...and not so early that even the longest of them could not reach our start.
        let begin = match reach(self.longest) {
            Some(low) => self.starts.partition_point(starts_before(low)),
            None => self.unbounded_start,
        }
        .max(self.unbounded_start)
        .min(end);
        // Long members before that window that their tier's longest could bring to our start.
        let slices: Vec<&[u32]> = self
            .tiers
            .iter()
            .map(|t| {
                let below = t.members.partition_point(|&k| (k as usize) < begin);
                let first = match reach(t.longest) {
                    Some(low) => {
                        let early = starts_before(low);
                        t.members[..below]
                            .partition_point(|&k| self.starts.get(k as usize).is_some_and(&early))
                    }
                    None => 0,
                };
                &t.members[first..below]
            })
            .collect();
        let at = |k: &u32| self.members.get(*k as usize).map(|&p| p as usize);
        let head = self.members[..self.unbounded_start]
            .iter()
            .map(|&p| p as usize);
        let long = merged(slices).filter_map(move |k| at(&k));
        let window = self.members[begin..end].iter().map(|&p| p as usize);
        head.chain(long).chain(window)
    }
}

/// A day as a number that orders as days do (days from the common era), before every day when
/// there is none (an event with no start).
fn day_number(day: Option<NaiveDate>) -> i32 {
    day.map_or(i32::MIN, |d| chrono::Datelike::num_days_from_ce(&d))
}

/// The keys a place is filed under: its names' skeletons, and its grid cell.
fn place_keys<'a>(names: &mut Names<'a>, place: &'a Place) -> Vec<Key> {
    names
        .of(place)
        .iter()
        .map(|(_, s)| Key::Name(s.clone()))
        .chain(place.coordinates.map(|(lat, lon)| {
            let r = row(lat);
            Key::Cell(r, column(lon, columns(r)))
        }))
        .collect()
}

/// The grid row of a latitude.
fn row(lat: f64) -> i32 {
    // Saturates for the absurd; a latitude that is not a number never matches anything anyway.
    ((lat + 90.0) / ROW_DEGREES).floor() as i32
}

/// How many columns row `r` has: each at least as wide as the distance that matches, at the
/// highest latitude that row or its neighbours reach (so a match is at most one column away),
/// and a whole number of them around the globe (so the last meets the first).
fn columns(r: i32) -> i32 {
    let low = f64::from(r) * ROW_DEGREES - 90.0;
    let edge = low.abs().max((low + ROW_DEGREES).abs()) + 2.0 * ROW_DEGREES;
    if edge >= 89.0 {
        return 1;
    }
    let width = ROW_DEGREES / edge.to_radians().cos();
    ((360.0 / width).floor() as i32).max(1)
}

/// The column of a longitude in a row of `n` columns.
fn column(lon: f64, n: i32) -> i32 {
    (((lon + 180.0) / 360.0 * f64::from(n)).floor() as i32).rem_euclid(n.max(1))
}

/// The cell of a point and the cells around it: where anything near enough to match lies.
fn cells_around((lat, lon): (f64, f64)) -> Vec<Key> {
    let r = row(lat);
    let mut keys = Vec::with_capacity(9);
    for r in [r.saturating_sub(1), r, r.saturating_add(1)] {
        let n = columns(r);
        let c = column(lon, n);
        for c in [c - 1, c, c + 1] {
            keys.push(Key::Cell(r, c.rem_euclid(n)));
        }
    }
    keys
}

/// Sorted slices merged into one sorted sequence.
fn merged(mut slices: Vec<&[u32]>) -> impl Iterator<Item = u32> + '_ {
    std::iter::from_fn(move || {
        let (k, &first) = slices
            .iter()
            .enumerate()
            .filter_map(|(k, s)| s.first().map(|f| (k, f)))
            .min_by_key(|&(_, f)| *f)?;
        if let Some(s) = slices.get_mut(k) {
            *s = s.get(1..).unwrap_or_default();
        }
        Some(first)
    })
}

/// Sorted sequences joined into one sorted sequence, each item once.
fn union<I: Iterator<Item = usize>>(
    mut lists: Vec<std::iter::Peekable<I>>,
) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let next = lists.iter_mut().filter_map(|l| l.peek().copied()).min()?;
        for l in &mut lists {
            l.next_if_eq(&next);
        }
        Some(next)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::same::distance_km;

    #[test]
    fn day_numbers_order_as_days_do_with_no_day_first() {
        let days: Vec<Option<NaiveDate>> =
            [(-9999, 1, 1), (1, 1, 1), (2017, 10, 17), (9999, 12, 31)]
                .into_iter()
                .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
                .collect();
        assert!(days.iter().all(Option::is_some));
        let mut numbers: Vec<i32> = std::iter::once(None).chain(days).map(day_number).collect();
        let sorted = numbers.clone();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers, sorted);
    }

    /// Every pair of points within matching distance is in one another's cells around, at any
    /// latitude and across the date line.
    #[test]
    fn points_near_enough_to_match_are_in_the_cells_around() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut near = 0;
        for _ in 0..200_000 {
            let a = (next() * 180.0 - 90.0, next() * 360.0 - 180.0);
            let b = (
                (a.0 + (next() - 0.5) * 0.6).clamp(-90.0, 90.0),
                a.1 + (next() - 0.5) * 0.6 / a.0.to_radians().cos().max(0.01),
            );
            let b = (b.0, (b.1 + 180.0).rem_euclid(360.0) - 180.0);
            if distance_km(a, b) > crate::query::same::NEAR_KM {
                continue;
            }
            near += 1;
            let r = row(b.0);
            let cell = Key::Cell(r, column(b.1, columns(r)));
            assert!(cells_around(a).contains(&cell), "{a:?} and {b:?}");
        }
        assert!(near > 10_000, "only {near} near pairs tried");
    }

    /// Where a question about each place looks is worked out when the index is made; a place
    /// the index does not know (the same events made again, elsewhere in memory) has it worked
    /// out when asked, and gets the same answers.
    #[test]
    fn questions_look_where_each_place_says_whether_the_index_knows_the_place_or_not() {
        let d = crate::generate::dataset(1_500, 7);
        let index = SameIndex::new(&d);
        let mut names = Names::default();
        let mut known = 0;
        for place in d.events.iter().filter_map(|e| e.place.as_deref()) {
            let worked_out: Vec<u32> = index
                .look_ids(&names.of(place), place)
                .into_iter()
                .filter_map(|id| u32::try_from(id).ok())
                .collect();
            assert_eq!(index.looks.of(place), Some(&worked_out[..]), "{place:?}");
            known += usize::from(!worked_out.is_empty());
        }
        assert!(known > 100, "only {known} places look anywhere");
        let again = crate::generate::dataset(1_500, 7);
        let place = again.events.iter().find_map(|e| e.place.as_deref());
        assert!(place.is_some_and(|p| index.looks.of(p).is_none()));
        let mut found = 0;
        for i in 0..d.events.len() {
            let ids = |others: Vec<super::OtherReport<'_>>| -> Vec<usize> {
                others.iter().map(|o| o.index).collect()
            };
            let theirs = ids(index.other_reports(&again, i));
            assert_eq!(theirs, ids(index.other_reports(&d, i)), "event {i}");
            found += theirs.len();
        }
        assert!(found > 0);
    }

    #[test]
    fn sorted_lists_join_once_each_in_order() {
        let lists = vec![
            vec![1, 4, 9].into_iter().peekable(),
            vec![2, 4, 10].into_iter().peekable(),
            vec![].into_iter().peekable(),
            vec![4, 9, 11].into_iter().peekable(),
        ];
        assert_eq!(union(lists).collect::<Vec<_>>(), vec![1, 2, 4, 9, 10, 11]);
        assert_eq!(
            merged(vec![&[3, 7], &[1, 8], &[]]).collect::<Vec<_>>(),
            vec![1, 3, 7, 8]
        );
    }
}
