//! The single integration-test binary: runs `rappro` and the library on whole files.

mod errors;
mod formats;
mod hostile;
mod injection;
mod malformed;
mod run;
mod support;
