//! Paheko books from any bytes: CSV (any separator, encoding, line ends), FEC text, API
//! JSON, and whatever else arrives (the kind is recognised from the content).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rappro::import::read_books_bytes;
use rappro_fuzz::{FILE, check_books_file, name};

fuzz_target!(|data: &[u8]| {
    rappro_fuzz::tolerate_caught_dependency_panics();
    check_books_file(read_books_bytes(data, name(FILE)));
});
