//! The `fogline` binary: parse the command line and run it.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system's allocator: a large dataset is millions of small
/// allocations, which mimalloc serves from per-thread pages without locks or headers, so loading
/// spends less time allocating and touches less memory (1M events, against glibc: parsed
/// 5.4-5.6 -> 4.3-4.5 s; `list` from the snapshot 1.96-2.07 -> 1.38-1.43 s, 1.22 -> 1.11 GB).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    fogline::memory::allow_huge_pages(false);
    fogline::cli::run(fogline::cli::Cli::parse())
}
