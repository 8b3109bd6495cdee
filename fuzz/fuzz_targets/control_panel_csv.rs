//! The OVH/Kimsufi control-panel CSV export.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rappro::import::invoices::{InvoiceReader, read};
use rappro_fuzz::{check_invoice_file, name};

fuzz_target!(|data: &[u8]| {
    let file = read(
        data,
        name("factures.csv"),
        name("kimsufi"),
        &InvoiceReader::ControlPanelCsv,
    );
    check_invoice_file(&file);
});
