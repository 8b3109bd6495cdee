//! The `rappro` binary: parses the command line and hands over to `cli::run`. A panic (a
//! bug) ends with a French message and exit status 3 (`crash`), never a Rust backtrace.

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
            ExitCode::from(crash::BUG_STATUS)
        }
    }
}
