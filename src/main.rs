//! The `fogline` binary: parse the command line and run it.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system's allocator: a large dataset is millions of small
/// allocations, and mimalloc takes memory from the system in large, huge-page-backed regions,
/// so loading spends less time in page faults and allocating (1M events from the snapshot:
/// 1.2 -> 1.1 s; parsed: 6.0 -> 4.7 s).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    fogline::memory::allow_huge_pages(false);
    fogline::cli::run(fogline::cli::Cli::parse())
}
