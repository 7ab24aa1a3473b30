//! Realistic synthetic datasets of any size, the same for the same seed: for benchmarks and for
//! trying fogline at scale. Dates of every precision, approximate and vague quantities, several
//! sources per event, claims on shared subjects that sometimes contradict each other; eight towns
//! and, as the size grows, localities around them (about 40 events per place at any size).

use chrono::{Days, NaiveDate};

use crate::model::{
    ClaimBlock, ClaimParts, ClaimValue, Dataset, EventBlock, EventKind, EventParts, Interner,
    Measure, Place, Quantity, Reliability, Report, Source, SourceKind, Speaker, Subject, When,
};

/// Sources in a generated dataset.
pub const SOURCES: usize = 20;
/// Subjects that claims are about.
pub const SUBJECTS: usize = 200;

/// A small, fast, seeded generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const PLACES: [&str; 8] = [
    "Raqqa",
    "Deir ez-Zor",
    "Aleppo",
    "Idlib",
    "Homs",
    "Hasakah",
    "Manbij",
    "Tabqa",
];
/// Events per place, on average, at any size: real data grows by covering more places (and
/// years), not by piling events on a few towns. ACLED's 2022 Syria sample has 204 places in 307
/// rows; eight towns for a million events would put 70 events on each town every day, and make
/// every event another report of dozens of others.
const EVENTS_PER_PLACE: usize = 40;

/// Draws a town (one of [`PLACES`], each [`TOWN_WEIGHT`] times as likely as a locality) or one
/// of `localities` localities around them.
const TOWN_WEIGHT: usize = 4;

const ACTORS: [&str; 6] = [
    "ISIS",
    "SDF",
    "Government of Syria",
    "Coalition",
    "Civilians",
    "Rebel groups",
];
const STATUSES: [&str; 3] = ["under control", "contested", "lost"];
const WORDS: [&str; 4] = ["several", "dozens", "a few", "hundreds"];

/// A dataset of `events` events, the same for the same `seed`.
pub fn dataset(events: usize, seed: u64) -> Dataset {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let sources: Vec<Source> = (0..SOURCES)
        .map(|i| Source {
            id: format!("s{i}"),
            name: format!("Source {i}"),
            kind: SourceKind::ALL[i % SourceKind::ALL.len()],
            speakers: vec![Speaker {
                id: "spokesperson".into(),
                name: format!("Spokesperson of source {i}"),
                role: Some("spokesperson".into()),
            }],
            reliability: (i % 3 != 0).then(|| Reliability::ALL[i % Reliability::ALL.len()]),
            url: None,
            description: None,
        })
        .collect();
    let subjects: Vec<Subject> = (0..SUBJECTS)
        .map(|i| Subject {
            id: format!("subject-{i}"),
            label: format!("Subject {i}: control of {}", PLACES[i % PLACES.len()]),
            description: None,
        })
        .collect();
    let base = NaiveDate::from_ymd_opt(2014, 1, 1).unwrap_or(NaiveDate::MIN);
    // The events' texts in shared blocks, as loading a file makes them.
    let mut list = EventBlock::with_capacity(events, 0);
    let mut claims = ClaimBlock::with_capacity(events / 3);
    // Shared like a loaded dataset's, so that benchmarks see the memory a user would.
    let mut names = Interner::new();
    let localities = (events / EVENTS_PER_PLACE).saturating_sub(PLACES.len());
    let towns = PLACES.len() * TOWN_WEIGHT;
    for i in 0..events {
        let day = base + Days::new(rng.below(1800));
        // The days drawn are in 2014-2019, always a date.
        let Some(when) = when(&mut rng, day) else {
            continue;
        };
        let drawn = rng.below((towns + localities) as u64) as usize;
        let town = PLACES[drawn % PLACES.len()];
        let place = match drawn.checked_sub(towns) {
            None => town.to_string(),
            Some(k) => format!("{town} locality {}", k / PLACES.len() + 1),
        };
        let kind = EventKind::ALL[rng.below(EventKind::ALL.len() as u64) as usize];
        let n_sources = 1 + rng.below(3) as usize;
        let first = rng.below(SOURCES as u64) as usize;
        let sources = (0..n_sources)
            .map(|k| Report {
                source: names.name(&format!("s{}", (first + k * 7) % SOURCES)),
                speaker: (k == 0 && rng.below(4) == 0).then(|| names.name("spokesperson")),
                quote: Some(format!(
                    "What source {} said about event {i} near {place}.",
                    (first + k * 7) % SOURCES
                )),
                paraphrase: None,
                via: None,
            })
            .collect();
        let id = format!("e{i}");
        if rng.below(3) == 0 {
            let made = claims.add(claim(&mut rng, &mut names, i, &id, &when));
            // Its texts are a few dozen bytes: never too long.
            debug_assert!(made.is_ok());
        }
        // The fields in the order they always drew from `rng`: the same seed, the same bytes.
        let event = list.add_parts(EventParts {
            id,
            title: format!("{} in {place}, event {i}", kind.label()),
            summary: Some(format!(
                "Event {i}: a {} reported near {place}, with a figure or two and the sources' words, as a report gives them: who, what, where and when, in about two hundred characters.",
                kind.label()
            )),
            when,
            kind,
            place: Some(names.place(Place {
                name: place,
                admin1: None,
                admin2: None,
                country: Some("Syria".into()),
                coordinates: None,
            })),
            actors: {
                let pair = vec![
                    names.name(ACTORS[rng.below(ACTORS.len() as u64) as usize]),
                    names.name(ACTORS[rng.below(ACTORS.len() as u64) as usize]),
                ];
                names.list(pair)
            },
            quantities: {
                let killed = vec![Measure {
                    what: names.name("killed"),
                    value: quantity(&mut rng),
                }];
                names.measures(killed)
            },
            sources,
        });
        // Its texts are a few hundred bytes: never too long.
        debug_assert!(event.is_ok());
    }
    Dataset::new(
        vec![format!("Generated dataset: {events} events, seed {seed}")],
        sources,
        subjects,
        list.finish(),
        claims.finish(),
    )
}

/// A date of any precision, approximate or uncertain now and then, or a period.
fn when(rng: &mut Rng, day: NaiveDate) -> Option<When> {
    let text = match rng.below(10) {
        0 => day.format("%Y").to_string(),
        1 => day.format("%Y-%m").to_string(),
        2 => format!("P{}D/{}", 1 + rng.below(30), day.format("%Y-%m-%d")),
        3 => format!("{}~", day.format("%Y-%m-%d")),
        4 => format!("{}?", day.format("%Y-%m-%d")),
        5 => format!(
            "{}/{}",
            day.format("%Y-%m-%d"),
            (day + Days::new(1 + rng.below(60))).format("%Y-%m-%d")
        ),
        _ => day.format("%Y-%m-%d").to_string(),
    };
    When::parse(&text).ok().or_else(|| When::day(day))
}

fn quantity(rng: &mut Rng) -> Quantity {
    let v = rng.below(500) as f64;
    match rng.below(6) {
        0 => Quantity::About { value: v },
        1 => Quantity::AtLeast { value: v },
        2 => Quantity::Range {
            low: v,
            high: v + rng.below(50) as f64,
            best: None,
        },
        3 => {
            let (word, low, high) =
                crate::model::quantity::vague_word(WORDS[rng.below(4) as usize])
                    .unwrap_or(("several", 3.0, 9.0));
            Quantity::Vague {
                word: word.into(),
                low,
                high,
            }
        }
        _ => Quantity::Exact { value: v },
    }
}

/// A claim about event `i`: a status or a count on a shared subject, so that some contradict.
fn claim(rng: &mut Rng, names: &mut Interner, i: usize, event: &str, stated: &When) -> ClaimParts {
    let subject = rng.below(SUBJECTS as u64) as usize;
    let value = if subject.is_multiple_of(2) {
        ClaimValue::Status {
            value: STATUSES[rng.below(STATUSES.len() as u64) as usize].into(),
        }
    } else {
        ClaimValue::Count {
            value: Quantity::About {
                value: (rng.below(20) * 50) as f64,
            },
        }
    };
    ClaimParts {
        id: format!("c{i}"),
        source: names.name(&format!("s{}", rng.below(SOURCES as u64))),
        speaker: None,
        subject: names.name(&format!("subject-{subject}")),
        stated: stated.clone(),
        value,
        quote: Some(format!("What was claimed about event {i}.")),
        paraphrase: None,
        via: None,
        credibility: Some(1 + rng.below(6) as u8),
        events: vec![event.to_string()],
    }
}
