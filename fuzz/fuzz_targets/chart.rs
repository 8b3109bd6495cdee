//! The chart of accounts reader: the input is the body under a fixed header of Paheko's
//! chart export, so every mutation exercises the chart rows rather than format recognition.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rappro::import::read_books_bytes;
use rappro_fuzz::{check_books_file, name};

const HEADER: &[u8] = "Numéro,Libellé,Description,Position,Ajouté\n".as_bytes();

fuzz_target!(|data: &[u8]| {
    let mut bytes = HEADER.to_vec();
    bytes.extend_from_slice(data);
    check_books_file(read_books_bytes(&bytes, name("plan.csv")));
});
