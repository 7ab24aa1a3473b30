//! What the benchmarks share, the binary's allocator first: what is measured is what runs.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The sizes measured: 10k and 100k events, and 1M with `FOGLINE_BENCH_1M` set.
pub fn sizes() -> Vec<usize> {
    like_the_binary();
    let mut sizes = vec![10_000, 100_000];
    if std::env::var_os("FOGLINE_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }
    sizes
}

/// Memory taken as the binary takes it (see `fogline::memory`).
pub fn like_the_binary() {
    fogline::memory::allow_huge_pages(false);
}
