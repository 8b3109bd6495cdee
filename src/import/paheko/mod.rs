//! Paheko's exports, interpreted: the journal (`journal`, any layout and container), the
//! chart of accounts (`chart`), their columns (`columns`), the row checks (`checks`), the
//! FEC numbering (`fec`, `fec_rows`), the API JSON (`api_json`) and the journal's string
//! cache (`interner`).

pub(super) mod api_json;
pub(super) mod chart;
pub(super) mod checks;
pub mod columns;
pub mod fec;
mod interner;
mod journal;

pub use self::interner::Interner;
pub use self::journal::*;
