//! A file parsed on several cores gives exactly what parsing it in one go gives: the same
//! dataset and the same diagnostics, word for word and position for position — for valid data,
//! for every invalid fixture, for text that hides brackets and commas in strings and comments,
//! and for generated data with problems planted in it.

use fogline::load::diagnostic::render;
use fogline::load::{Input, Loaded, Parallel, load_inputs_with};

fn load(inputs: &[Input], parallel: Parallel) -> Loaded {
    load_inputs_with(inputs.to_vec(), Vec::new(), parallel)
}

/// Split into pieces however small the file, on three threads.
fn always() -> Parallel {
    Parallel {
        min_bytes: 0,
        threads: 3,
    }
}

fn assert_same(inputs: &[Input]) {
    let one = load(inputs, Parallel::off());
    let many = load(inputs, always());
    let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        render(&many.diagnostics, false),
        render(&one.diagnostics, false),
        "{names:?}"
    );
    let json = |l: &Loaded| serde_json::to_string(&l.dataset).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json(&many), json(&one), "{names:?}");
}

fn input(name: &str, text: String) -> Input {
    Input {
        name: name.to_string(),
        text,
    }
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_bundled_dataset() {
    assert_same(&fogline::load::bundled::inputs());
}

#[test]
fn every_invalid_fixture() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(files.len() > 20);
    for f in files {
        let name = f.display().to_string();
        assert_same(&[input(&name, read(&f))]);
    }
}

#[test]
fn generated_data_with_problems_planted() {
    let text = fogline::load::write::to_ron(&fogline::generate::dataset(400, 5));
    assert_same(&[input("clean.ron", text.clone())]);
    let planted = text
        // An escape sequence in a title, a duplicate event id, an unknown source, a bad date.
        .replacen("title: \"", "title: \"\u{1b}[2J", 1)
        .replacen("(id: \"e17\"", "(id: \"e16\"", 1)
        .replacen("source: \"s3\"", "source: \"nobody\"", 1)
        .replacen("stated: \"", "stated: \"2017-13", 1);
    assert_ne!(planted, text);
    assert_same(&[input("planted.ron", planted.clone())]);
    // A syntax error deep in the events, and one in the claims.
    let broken = planted.replacen("(id: \"e200\"", "(id: \"e200\",,", 1);
    assert_ne!(broken, planted);
    assert_same(&[input("broken.ron", broken)]);
    let at = planted.find("(id: \"c").unwrap_or(0);
    let claim = &planted[at..at + 9];
    let broken = planted.replacen(claim, &claim.replace('"', ""), 1);
    assert_ne!(broken, planted);
    assert_same(&[input("broken-claim.ron", broken)]);
    // Two files: the second's sources are the first's.
    assert_same(&[input("a.ron", text.clone()), input("b.ron", planted)]);
}

#[test]
fn brackets_and_commas_hidden_in_strings_and_comments() {
    let text = r##"// Sources last, events before them: references resolve all the same.
Dataset(
    title: "A title, with [brackets] (and) commas",
    events: [
        // one
        (id: "a", when: "2017-10-17", kind: Statement, title: "a ] , ) \" quote",
         sources: [(source: "s", quote: "he said: \"[all], (of) it\"")]), /* a (comment], */
        (id: "b", when: "2017", kind: Other, title: r#"raw "] ," string"#,
         summary: "line one\nline two, ]", sources: [(source: "s")]),
        (id: "c", when: "2017-06/..", kind: Other, title: "unicode ‘’ — é, ]",
         quantities: [(what: "killed", value: Range(low: 1, high: 3))], sources: [(source: "s", speaker: "p")]),
    ],
    claims: [
        (id: "k", source: "s", subject: "x", stated: "2017", value: Status("over"), events: ["a"]),
        (id: "k2", source: "s", subject: "x", stated: "2017", value: Count(About(100)), events: ["c"],),
    ],
    subjects: [(id: "x", label: "X")],
    sources: [(id: "s", name: "S", kind: Media, speakers: [(id: "p", name: "P")])],
)
"##;
    assert_same(&[input("hidden.ron", text.to_string())]);
    let one = load(&[input("hidden.ron", text.to_string())], Parallel::off());
    assert!(
        one.diagnostics.is_empty(),
        "{}",
        render(&one.diagnostics, false)
    );
    assert_eq!(one.dataset.events.len(), 3);
    assert_eq!(one.dataset.claims.len(), 2);
}
