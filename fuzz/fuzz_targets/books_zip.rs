//! Paheko books from ZIP bytes: ODS and XLSX workbooks, seeded with real exports. The same
//! entry point as `books_text`, with a corpus of archives.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rappro::import::read_books_bytes;
use rappro_fuzz::{check_books_file, name};

fuzz_target!(|data: &[u8]| {
    rappro_fuzz::tolerate_caught_dependency_panics();
    check_books_file(read_books_bytes(data, name("fuzz.ods")));
});
