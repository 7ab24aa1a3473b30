//! Loading never panics, whatever the input, and nothing dangerous survives cleaning.

use fogline::load::locate::{Seg, SpanTree};
use fogline::load::sanitize::{clean, is_dangerous, printable_copy};
use fogline::load::{Input, load_inputs};
use proptest::prelude::*;

/// Text built from RON's structural pieces, so that it gets past the first character.
fn ron_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "(",
            ")",
            "[",
            "]",
            ",",
            ":",
            "events",
            "sources",
            "id",
            "when",
            "kind",
            "title",
            "\"a\"",
            "\"2017-13\"",
            "Pause",
            "Some(",
            "None",
            "About(3)",
            "r#\"x\"#",
            "/*",
            "*/",
            "//",
            "\n",
            " ",
            "\"\\u{1b}\"",
            "\u{202e}",
            "\u{1b}",
            "Dataset",
            "1.5",
            "'c'",
        ]),
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn loading_any_text_never_panics(text in prop_oneof![ron_like(), "\\PC{0,80}"]) {
        let loaded = load_inputs(
            vec![Input { name: "fuzz.ron".into(), text: text.clone() }],
            Vec::new(),
        );
        for d in &loaded.diagnostics {
            let rendered = fogline::load::diagnostic::render(std::slice::from_ref(d), false);
            prop_assert!(!rendered.chars().any(|c| is_dangerous(c) && c != '\n'), "{rendered}");
            if let Some(at) = &d.location {
                prop_assert!(at.span.end <= text.len());
            }
        }
    }

    #[test]
    fn the_locator_stays_in_bounds(text in prop_oneof![ron_like(), "\\PC{0,80}"], i in 0usize..4) {
        let tree = SpanTree::new(&text);
        let path = [Seg::Field("events"), Seg::Index(i), Seg::Field("id")];
        for key in [false, true] {
            if let Some(span) = tree.find(&path, key) {
                prop_assert!(span.start <= span.end && span.end <= text.len());
            }
        }
    }

    #[test]
    fn cleaned_text_has_nothing_dangerous(text in "\\PC*|[\\x00-\\x{9f}\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}a-z]{0,40}", multiline in any::<bool>()) {
        let (out, _) = clean(&text, multiline);
        prop_assert!(!out.chars().any(is_dangerous));
        prop_assert!(multiline || !out.contains('\n'));
        let copy = printable_copy(&text);
        prop_assert_eq!(copy.len(), text.len());
        prop_assert!(!copy.chars().any(is_dangerous));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The bundled files with a piece cut out or a token put in: near-valid data, which reaches
    /// every stage of loading (parse, convert, cross-check, locate).
    #[test]
    fn mutated_datasets_never_panic(
        file in 0usize..3,
        at in any::<prop::sample::Index>(),
        cut in 0usize..40,
        insert in prop::sample::select(vec!["", "\"", "(", ")", "]", ",", "x", "\u{1b}[1m", "é", "2017-13", "id: \"e\","]),
    ) {
        let files = fogline::load::bundled::inputs();
        let mut inputs = files.clone();
        let text = &files[file].text;
        let start = (0..=at.index(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let end = (start + cut..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
        inputs[file].text = format!("{}{insert}{}", &text[..start], &text[end..]);
        let loaded = load_inputs(inputs, Vec::new());
        for d in &loaded.diagnostics {
            if let Some(loc) = &d.location {
                // The quoted copy has the same length as the loaded text.
                prop_assert!(loc.span.end <= loc.source.inner().len());
            }
            let _ = fogline::load::diagnostic::render(std::slice::from_ref(d), true);
        }
    }
}
