//! Property tests of uncertain dates and quantities: bounds ordered, parse/display round trip,
//! ordering total and consistent, comparison symmetric.

use std::cmp::Ordering;

use fogline::model::when::last_day_of_month;
use fogline::model::{ClaimValue, Quantity, When};
use proptest::prelude::*;

/// A valid date at any precision, with any qualifier.
fn point() -> impl Strategy<Value = String> {
    (
        prop_oneof![0u32..=9999, 1990u32..=2030],
        0u32..=12,
        1u32..=31,
        0usize..3,
        prop::sample::select(vec!["", "~", "?", "%"]),
    )
        .prop_map(|(y, m, d, precision, q)| match (precision, m) {
            (0, _) | (_, 0) => format!("{y:04}{q}"),
            (1, m) => format!("{y:04}-{m:02}{q}"),
            (_, m) => format!(
                "{y:04}-{m:02}-{:02}{q}",
                d.min(last_day_of_month(y as i32, m))
            ),
        })
}

fn duration() -> impl Strategy<Value = String> {
    (0u32..3, 0u32..13, 0u32..5, 0u32..40)
        .prop_filter("not zero", |(y, m, w, d)| y + m + w + d > 0)
        .prop_map(|(y, m, w, d)| {
            let mut s = String::from("P");
            for (n, u) in [(y, 'Y'), (m, 'M'), (w, 'W'), (d, 'D')] {
                if n > 0 {
                    s.push_str(&format!("{n}{u}"));
                }
            }
            s
        })
}

/// Any valid `When` text (intervals that run backwards are filtered out by parsing).
fn when_text() -> impl Strategy<Value = String> {
    let end = prop_oneof![point(), Just("..".to_string()), Just(String::new())];
    prop_oneof![
        point(),
        (point(), end.clone()).prop_map(|(a, b)| format!("{a}/{b}")),
        (end, point()).prop_map(|(a, b)| format!("{a}/{b}")),
        (duration(), point()).prop_map(|(d, p)| format!("{d}/{p}")),
        (point(), duration()).prop_map(|(p, d)| format!("{p}/{d}")),
    ]
}

fn when() -> impl Strategy<Value = When> {
    when_text().prop_filter_map("valid", |t| When::parse(&t).ok())
}

proptest! {
    #[test]
    fn bounds_are_ordered(w in when()) {
        if let (Some(e), Some(l)) = (w.earliest(), w.latest()) {
            prop_assert!(e <= l, "{} has earliest {e} after latest {l}", w.text());
        }
        prop_assert!(!w.human().is_empty());
    }

    #[test]
    fn canonical_text_round_trips(w in when()) {
        let again = When::parse(&w.edtf());
        prop_assert!(again.is_ok(), "{} -> {} does not parse", w.text(), w.edtf());
        let again = again.unwrap_or_else(|_| w.clone());
        prop_assert_eq!(&again, &w);
        prop_assert_eq!(again.shape(), w.shape());
        prop_assert_eq!((again.earliest(), again.latest()), (w.earliest(), w.latest()));
        prop_assert_eq!(again.human(), w.human());
    }

    #[test]
    fn ordering_is_total_and_consistent(a in when(), b in when(), c in when()) {
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b);
        prop_assert_eq!(a.cmp(&a), Ordering::Equal);
        if a <= b && b <= c {
            prop_assert!(a <= c);
        }
        // Sorting by date follows the earliest possible day.
        if let (Some(x), Some(y)) = (a.earliest(), b.earliest()) && x < y {
            prop_assert!(a < b);
        }
    }

    #[test]
    fn parsing_never_panics(s in "\\PC{0,24}") {
        let _ = When::parse(&s);
    }

    #[test]
    fn parsing_date_like_text_never_panics(s in "[0-9P.~?%/YMWD-]{0,24}") {
        if let Ok(w) = When::parse(&s) {
            prop_assert!(When::parse(&w.edtf()).is_ok());
        }
    }
}

fn quantity() -> impl Strategy<Value = Quantity> {
    let v = 0.0f64..1000.0;
    prop_oneof![
        v.clone().prop_map(|value| Quantity::Exact { value }),
        v.clone().prop_map(|value| Quantity::About { value }),
        v.clone().prop_map(|value| Quantity::AtLeast { value }),
        v.clone().prop_map(|value| Quantity::MoreThan { value }),
        v.clone().prop_map(|value| Quantity::AtMost { value }),
        v.clone().prop_map(|value| Quantity::LessThan { value }),
        (v.clone(), v.clone(), prop::option::of(0.0f64..1.0)).prop_map(|(a, b, t)| {
            let (low, high) = if a <= b { (a, b) } else { (b, a) };
            Quantity::Range {
                low,
                high,
                best: t.map(|t| low + (high - low) * t),
            }
        }),
    ]
}

proptest! {
    #[test]
    fn intervals_are_ordered(q in quantity()) {
        let i = q.interval();
        prop_assert!(i.low <= i.high);
        if let Some(p) = q.point()
            && !matches!(q, Quantity::MoreThan { .. } | Quantity::LessThan { .. })
        {
            prop_assert!(i.contains(p), "{q:?} does not contain its own figure");
        }
    }

    #[test]
    fn agreement_is_symmetric(a in quantity(), b in quantity(), percent in any::<bool>()) {
        let wrap = |q: Quantity| if percent {
            ClaimValue::Percent { value: q }
        } else {
            ClaimValue::Count { value: q }
        };
        let (a, b) = (wrap(a), wrap(b));
        prop_assert_eq!(a.agreement(&b), b.agreement(&a));
        prop_assert_eq!(a.interval().map(|i| i.overlaps(&i)), Some(true));
    }
}
