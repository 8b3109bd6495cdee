//! The single integration-test binary: runs `rappro` and the library on whole files.

mod backup;
mod backup_damaged;
mod bench;
mod browser;
mod errors;
mod formats;
mod hostile;
mod injection;
mod malformed;
mod mixes;
mod real_world;
mod resaved;
mod run;
mod support;
mod synthetic;
mod typography;
#[cfg(unix)]
mod writes;

// The benchmark's generator and harness, shared with bench/perf.rs and examples/synth.rs.
#[path = "../../bench/harness.rs"]
mod harness;
#[path = "../../bench/synth.rs"]
mod synth;
mod synth_forms;
mod synth_xlsx;
