//! The one-pass standing of a subject agrees with the definition: contradicted when some two of
//! its claims cannot both be true; agreed when, otherwise, two sources make a consistent pair.

use fogline::model::{Agreement, Claim, ClaimParts, ClaimValue, Quantity, When};
use fogline::query::Standing;
use fogline::query::compare::{Tally, standing};
use proptest::prelude::*;

fn quantity() -> impl Strategy<Value = Quantity> {
    let v = prop_oneof![0.0f64..120.0, Just(90.0), Just(100.0), Just(0.0)];
    prop_oneof![
        v.clone().prop_map(|value| Quantity::Exact { value }),
        v.clone().prop_map(|value| Quantity::About { value }),
        v.clone().prop_map(|value| Quantity::AtLeast { value }),
        v.clone().prop_map(|value| Quantity::MoreThan { value }),
        v.clone().prop_map(|value| Quantity::AtMost { value }),
        v.clone().prop_map(|value| Quantity::LessThan { value }),
        (v.clone(), v).prop_map(|(a, b)| Quantity::Range {
            low: a.min(b),
            high: a.max(b),
            best: None
        }),
    ]
}

fn claim() -> impl Strategy<Value = Claim> {
    let value = prop_oneof![
        prop::sample::select(vec!["liberated", "Liberated ", "contested", "over"]).prop_map(|s| {
            ClaimValue::Status {
                value: s.to_string(),
            }
        }),
        quantity().prop_map(|value| ClaimValue::Count { value }),
        quantity().prop_map(|value| ClaimValue::Percent { value }),
        Just(ClaimValue::Text {
            value: "words".into()
        }),
    ];
    (prop::sample::select(vec!["a", "b", "c"]), value).prop_map(|(source, value)| {
        let parts = ClaimParts {
            id: "c",
            source: source.into(),
            speaker: None,
            subject: "s".into(),
            stated: When::parse("2017").unwrap_or_else(|e| panic!("{e}")),
            value,
            quote: None,
            paraphrase: None,
            via: None,
            credibility: None,
            events: Vec::new(),
        };
        Claim::new(parts).unwrap_or_else(|e| panic!("{e}"))
    })
}

/// The definition, pair by pair.
fn by_pairs(claims: &[&Claim]) -> Standing {
    let mut contradicted = false;
    let mut agreed = false;
    for (i, a) in claims.iter().enumerate() {
        for b in &claims[i + 1..] {
            match a.value.agreement(&b.value) {
                Agreement::Contradicts => contradicted = true,
                Agreement::Consistent if a.source != b.source => agreed = true,
                _ => {}
            }
        }
    }
    let mut sources: Vec<&str> = claims.iter().map(|c| &*c.source).collect();
    sources.sort_unstable();
    sources.dedup();
    if contradicted {
        Standing::Contradicted
    } else if sources.len() <= 1 {
        Standing::SingleSource
    } else if agreed {
        Standing::Agreed
    } else {
        Standing::Unresolved
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn one_pass_standing_is_the_pairwise_definition(claims in prop::collection::vec(claim(), 0..7)) {
        let refs: Vec<&Claim> = claims.iter().collect();
        prop_assert_eq!(standing(&refs), by_pairs(&refs), "{:#?}", claims);
    }

    /// What the viewer's comparison table does for a set of sources shown: tally each source's
    /// claims once, merge the tallies of the sources shown.
    #[test]
    fn merged_tallies_of_each_sources_claims_give_the_same_standing(
        claims in prop::collection::vec(claim(), 0..9),
        shown in prop::collection::vec(any::<bool>(), 3),
    ) {
        let kept: Vec<&Claim> = claims
            .iter()
            .filter(|c| shown[usize::from(c.source.as_bytes()[0] - b'a')])
            .collect();
        let mut merged = Tally::default();
        for source in ["c", "a", "b"] {
            let mut one = Tally::default();
            for c in kept.iter().filter(|c| &*c.source == source) {
                one.add(c);
            }
            if kept.iter().any(|c| &*c.source == source) {
                merged.merge(&one);
            }
        }
        prop_assert_eq!(merged.standing(), standing(&kept), "{:#?}", kept);
    }
}
