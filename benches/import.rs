//! Importing exports at scale: 100,000 rows of ACLED and of UCDP GED, made by repeating the real
//! rows of `tests/fixtures/import/` under new ids, read into events; and the same events written
//! as a fogline dataset (what `fogline import` does after reading).
//!
//! `cargo bench --bench import`

// For the allocator and memory settings only: the sizes here are the exports'.
#[allow(dead_code)]
mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use fogline::import::{self, Options, Provider};
use fogline::model::Dataset;

/// `rows` rows: the fixture's rows over and over, each with a fresh id in its id column.
fn export(fixture: &str, id_column: &str, id: impl Fn(usize) -> String, rows: usize) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(fixture);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header = reader
        .byte_headers()
        .unwrap_or_else(|e| panic!("{e}"))
        .clone();
    let at = header
        .iter()
        .position(|h| h == id_column.as_bytes())
        .unwrap_or_else(|| panic!("no {id_column}"));
    let records: Vec<csv::ByteRecord> = reader
        .byte_records()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_byte_record(&header)
        .unwrap_or_else(|e| panic!("{e}"));
    for n in 0..rows {
        let record = &records[n % records.len()];
        let fresh = id(n);
        let fields: Vec<&[u8]> = record
            .iter()
            .enumerate()
            .map(|(i, f)| if i == at { fresh.as_bytes() } else { f })
            .collect();
        writer
            .write_record(fields)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    writer.into_inner().unwrap_or_else(|e| panic!("{e}"))
}

fn imports(c: &mut Criterion) {
    common::like_the_binary();
    const ROWS: usize = 100_000;
    let acled = export(
        "acled-syria-2022.csv",
        "event_id_cnty",
        |n| format!("SYR{n}"),
        ROWS,
    );
    let ucdp = export("ucdp-ged231-syria.csv", "id", |n| n.to_string(), ROWS);
    let mut group = c.benchmark_group("import 100k rows");
    group.sample_size(10);
    for (name, provider, bytes) in [
        ("acled", Provider::Acled, &acled),
        ("ucdp", Provider::Ucdp, &ucdp),
    ] {
        group.throughput(criterion::Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("read", name), bytes, |b, bytes| {
            b.iter(|| {
                let imported = import::import(
                    "bench.csv",
                    black_box(bytes),
                    Options {
                        provider: Some(provider),
                        ..Options::default()
                    },
                );
                assert_eq!(imported.events.len(), ROWS);
                imported
            })
        });
        let imported = import::import(
            "bench.csv",
            bytes,
            Options {
                provider: Some(provider),
                ..Options::default()
            },
        );
        let dataset = Dataset::new(
            vec!["bench".into()],
            imported.sources,
            Vec::new(),
            imported.events,
            Vec::new(),
        );
        group.bench_with_input(
            BenchmarkId::new("write RON", name),
            &dataset,
            |b, dataset| b.iter(|| fogline::load::write::to_ron(black_box(dataset))),
        );
    }
    group.finish();
}

criterion_group!(benches, imports);
criterion_main!(benches);
