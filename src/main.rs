//! The `fogline` binary: parse the command line and run it.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    fogline::cli::run(fogline::cli::Cli::parse())
}
