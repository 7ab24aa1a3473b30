//! What the binary tests share: running `fogline` as a user does, and reading what it printed.
// Each test file uses some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `fogline` binary in `dir` with `args` (colour decided as on any non-terminal).
pub fn fogline_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fogline"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("FOGLINE_CACHE_DIR", cache_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run fogline: {e}"))
}

/// Where the tests' runs keep their snapshots: under the build's scratch space, never in the
/// user's cache.
pub fn cache_dir() -> &'static str {
    concat!(env!("CARGO_TARGET_TMPDIR"), "/fogline-cache")
}

/// The project's root (where `data/raqqa` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What it printed on standard output.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What it printed on standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary directory, removed when dropped.
pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("no temp dir: {e}"))
}
