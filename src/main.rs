//! The `rappro` binary: parses the command line and hands over to `cli::run`. A panic (a
//! bug) ends with a French message and `ExitStatus::Bug` (`crash`), never a Rust backtrace.

mod cli;
mod crash;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

fn main() -> ExitCode {
    crash::install();
    match catch_unwind(AssertUnwindSafe(cli::run)) {
        Ok(code) => code,
        Err(_) => {
            eprintln!("{}", crash::report());
            rappro::pipeline::ExitStatus::Bug.into()
        }
    }
}
