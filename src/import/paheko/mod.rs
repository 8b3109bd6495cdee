//! Paheko's exports, interpreted: the journal (`journal`, any layout and container), its
//! columns (`columns`), the row checks (`checks`), the FEC numbering (`fec`, `fec_rows`)
//! and the API JSON (`api_json`).

pub(super) mod api_json;
pub(super) mod checks;
pub mod columns;
pub mod fec;
mod journal;

pub use self::journal::*;
