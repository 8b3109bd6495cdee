//! Paheko's exports, interpreted: the journal (`journal`, any layout and container), its
//! columns (`columns`), the row checks (`checks`), the FEC numbering (`fec`, `fec_rows`)
//! the API JSON (`api_json`) and the string cache of the journal (`interner`).

pub(super) mod api_json;
pub(super) mod checks;
pub mod columns;
pub mod fec;
mod interner;
mod journal;

pub use self::interner::Interner;
pub use self::journal::*;
