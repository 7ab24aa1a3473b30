//! The README tells the truth: its key table is the keymap's, its commands are the binary's.

#[test]
fn the_readme_key_table_is_the_keymap() {
    let readme = include_str!("../README.md");
    let table = fogline::app::keymap::markdown();
    let start =
        "<!-- keys:start (generated from src/app/keymap.rs; tests/readme.rs checks it) -->\n";
    let end = "<!-- keys:end -->";
    let inside = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(inside, _)| inside);
    if inside != Some(table.as_str()) {
        // Print the table to paste, so that fixing the README is one copy.
        panic!("README's key table differs from the keymap; it should read:\n{start}{table}{end}");
    }
}

#[test]
fn the_readme_names_the_two_set_up_commands() {
    let readme = include_str!("../README.md");
    assert!(readme.contains("cargo run --release"));
    assert!(readme.contains("cargo test"));
}
