//! OVH/Kimsufi API JSON bills and refunds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rappro::import::invoices::{InvoiceFormat, read};
use rappro_fuzz::{check_invoice_file, name};

fuzz_target!(|data: &[u8]| {
    let file = read(
        data,
        name("bills.json"),
        name("ovh"),
        &InvoiceFormat::OvhJson,
        None,
    );
    check_invoice_file(&file);
});
