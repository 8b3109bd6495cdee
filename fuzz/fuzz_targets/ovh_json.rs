//! OVH/Kimsufi API JSON bills and refunds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rappro::import::invoices::{InvoiceReader, read};
use rappro_fuzz::{check_invoice_file, name};

fuzz_target!(|data: &[u8]| {
    let file = read(
        data,
        name("bills.json"),
        name("ovh"),
        &InvoiceReader::OvhJson,
    );
    check_invoice_file(&file);
});
