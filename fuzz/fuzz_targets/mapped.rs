//! A supplier table read through a column mapping (CSV, or ODS/XLSX when the bytes are a
//! workbook), with every optional column mapped.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rappro::import::invoices::{InvoiceReader, read};
use rappro_fuzz::{check_invoice_file, mapping, name};

fuzz_target!(|data: &[u8]| {
    rappro_fuzz::tolerate_caught_dependency_panics();
    let reader = InvoiceReader::Mapped(mapping());
    let file = read(data, name("retzo.csv"), name("retzo"), &reader);
    check_invoice_file(&file);
});
