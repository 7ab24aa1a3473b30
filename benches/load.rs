//! Opening a dataset (`fogline generate`'s, written as RON): parsing the files (cold) beside
//! reading the snapshot a clean load leaves in the cache (cached), at 10k and 100k events, and 1M
//! with `FOGLINE_BENCH_1M=1`. Both sit side by side in one group per size, so the ratio reads off
//! one run. Both read the file from the page cache (warm), as a user's second open does.
//!
//! `cargo bench --bench load`

mod common;

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use fogline::cache::Cache;
use fogline::open::open_paths;

fn load(c: &mut Criterion) {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temp dir: {e}"),
    };
    let cache = Cache::in_dir(dir.path().join("cache"));
    for n in common::sizes() {
        let file = dir.path().join(format!("generated-{n}.ron"));
        let text = fogline::load::write::to_ron(&fogline::generate::dataset(n, 1));
        if let Err(e) = std::fs::write(&file, text) {
            panic!("cannot write {}: {e}", file.display());
        }
        let paths: Vec<PathBuf> = vec![file];
        // Left to settle, as a user's data is, so that the snapshot can trust the file's stamp.
        std::thread::sleep(fogline::cache::SETTLED + std::time::Duration::from_millis(100));
        // The first open parses and leaves the snapshot.
        let first = open_paths(&paths, Some(&cache));
        assert!(first.diagnostics.is_empty() && !first.from_cache);
        assert!(open_paths(&paths, Some(&cache)).from_cache);

        let mut group = c.benchmark_group(format!("open {n} events"));
        group.sample_size(10);
        group.bench_with_input(BenchmarkId::new("parse RON", n), &paths, |b, p| {
            b.iter(|| black_box(open_paths(p, None)))
        });
        group.bench_with_input(BenchmarkId::new("from the snapshot", n), &paths, |b, p| {
            b.iter(|| black_box(open_paths(p, Some(&cache))))
        });
        group.finish();
    }
}

criterion_group!(benches, load);
criterion_main!(benches);
