//! What the benchmarks share, the binary's allocator first: what is measured is what runs.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The sizes measured: 10k and 100k events, and 1M with `FOGLINE_BENCH_1M` set.
pub fn sizes() -> Vec<usize> {
    let mut sizes = vec![10_000, 100_000];
    if std::env::var_os("FOGLINE_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }
    sizes
}
