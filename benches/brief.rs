//! `fogline brief` at scale (on `fogline generate`'s datasets): the briefing of 3 of 20 sources,
//! as the command makes it from a loaded dataset — the events and claims selected, the other
//! reports of each event found, the Markdown written (to a sink) — at 10k and 100k events, and
//! 1M with `FOGLINE_BENCH_1M=1`. Sizes sit side by side in one group, so the growth from one to
//! the next reads off one run. Loading is `benches/load.rs`'s; `benches/peers.sh` times the whole
//! command beside lnav.
//!
//! `cargo bench --bench brief`

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use fogline::export::{BriefFormat, render_to};
use fogline::query::{Filter, Selection};

fn brief(c: &mut Criterion) {
    let filter = Filter {
        sources: vec!["s1".into(), "s2".into(), "s3".into()],
        ..Filter::default()
    };
    let mut group = c.benchmark_group("brief of 3 of 20 sources");
    group.sample_size(10);
    for n in common::sizes() {
        let dataset = fogline::generate::dataset(n, 1);
        group.bench_with_input(BenchmarkId::from_parameter(n), &dataset, |b, d| {
            b.iter(|| {
                let selection = Selection::filtered(d, &filter);
                let mut sink = std::io::sink();
                let written = render_to(
                    &mut sink,
                    d,
                    &selection,
                    &filter,
                    BriefFormat::Markdown,
                    false,
                    None,
                );
                black_box(written.is_ok())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, brief);
criterion_main!(benches);
