//! The oracles shared by the fuzz targets: beyond "no panic, no hang", every file's rows
//! add up (read = accepted + duplicates + rejected) and what leaves a reader keeps its
//! invariants. A broken invariant panics, which libFuzzer records as a crash.

use std::io::Write as _;
use std::sync::Arc;

use rappro::book::{self, BookOptions, Books};
use rappro::import::invoices::{InvoiceFile, Mapping};
use rappro::import::{BooksFile, BooksKind};

/// Lets panics raised inside calamine, quick-xml and zip unwind instead of aborting.
///
/// rappro reads workbooks under `catch_unwind` on purpose (those crates are not written for
/// hostile input) and turns such a panic into a `corrupt_spreadsheet` rejection, which the
/// oracles then check like any other. libFuzzer's hook aborts on every panic, caught or not;
/// this one still aborts on any panic raised anywhere else, rappro's own code included.
pub fn tolerate_caught_dependency_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_dependency = info.location().is_some_and(|place| {
                ["/calamine-", "/quick-xml-", "/zip-"]
                    .iter()
                    .any(|name| place.file().contains(name))
            });
            if !in_dependency {
                abort(info);
            }
        }));
    });
}

/// The file name every target reads its input as.
pub const FILE: &str = "fuzz.csv";

/// Checks one books file as `import` leaves it, then books it alone and checks the counts.
pub fn check_books_file(file: BooksFile) -> Books {
    check_read_file(&file);
    book_checked(vec![file])
}

/// Books several files together (copies, content de-duplication, years) and checks the counts.
pub fn book_checked(files: Vec<BooksFile>) -> Books {
    let books = book::book(files, &BookOptions::default());
    check_books(&books);
    books
}

/// The invariants of one books file as `import` leaves it.
pub fn check_read_file(file: &BooksFile) {
    let row_rejections = file.rejected.iter().filter(|r| r.source.line > 0).count() as u64;
    let file_rejections = file.rejected.len() as u64 - row_rejections;
    let entry_rows: u64 = file.entries.iter().map(|e| u64::from(e.rows)).sum();
    // A chart's accepted rows are its accounts.
    let chart_rows = file.chart.as_ref().map_or(0, |c| c.accounts.len() as u64);
    assert_eq!(
        file.rows,
        entry_rows + chart_rows + row_rejections,
        "rows != accepted rows + row rejections: {file:#?}"
    );
    if file_rejections > 0 {
        assert_eq!(file_rejections, 1, "several file-level rejections");
        assert_eq!(file.rows, 0, "a failed file counts no rows");
        assert!(file.entries.is_empty() && file.chart.is_none());
        assert!(file.kind.is_none(), "a failed file has no kind");
    }
    if matches!(file.kind, Some(BooksKind::Skipped(_))) {
        // A file that is not an export is named once and counts nothing.
        assert_eq!(file.rows, 0, "a skipped file counts rows: {file:#?}");
        assert!(file.entries.is_empty() && file.chart.is_none() && file.rejected.is_empty());
        assert!(
            file.warnings.iter().any(|w| w.code() == "not_an_export"),
            "a skipped file without its warning: {file:#?}"
        );
    }
    for entry in &file.entries {
        assert!(!entry.lines.is_empty(), "an entry without lines");
        assert_eq!(
            entry.total_debit(),
            entry.total_credit(),
            "unbalanced entry left the reader: {entry:#?}"
        );
        assert!(entry.source.line > 0);
        assert_eq!(entry.source.file, file.path);
        for line in &entry.lines {
            assert!(line.line > 0);
            assert!(!line.debit.is_negative() && !line.credit.is_negative());
        }
    }
    for rejection in &file.rejected {
        assert_eq!(rejection.source.file, file.path);
        // Every message renders, on one line.
        let text = rejection.to_string();
        assert!(
            !text.contains('\n'),
            "a rejection on several lines: {text:?}"
        );
    }
    for warning in &file.warnings {
        let text = warning.to_string();
        assert!(!text.contains('\n'), "a warning on several lines: {text:?}");
    }
}

/// Per-file and total counts add up, and booked entries balance.
pub fn check_books(books: &Books) {
    for counts in &books.files {
        assert_eq!(
            counts.rows,
            counts.accepted + counts.duplicates + counts.rejected,
            "read != accepted + duplicates + rejected: {counts:?}"
        );
    }
    let total = books.total();
    assert_eq!(
        total.rows,
        total.accepted + total.duplicates + total.rejected
    );
    let booked: u64 = books
        .years
        .iter()
        .flat_map(|y| &y.entries)
        .map(|e| u64::from(e.rows))
        .sum();
    let journal_accepted: u64 = books
        .files
        .iter()
        .filter(|f| !matches!(f.kind, Some(BooksKind::Chart(_))))
        .map(|f| f.accepted)
        .sum();
    assert_eq!(booked, journal_accepted, "booked rows != accepted rows");
    for pair in books.years.windows(2) {
        assert!(
            pair[0].end < pair[1].start,
            "overlapping years: {:?}..{:?} and {:?}..{:?}",
            pair[0].start,
            pair[0].end,
            pair[1].start,
            pair[1].end
        );
    }
    if let Some(error) = &books.year_error {
        assert!(
            !error.contains('\n'),
            "a year error on several lines: {error:?}"
        );
    }
    for counts in books
        .files
        .iter()
        .filter(|f| matches!(f.kind, Some(BooksKind::Skipped(_))))
    {
        assert_eq!(counts.rows, 0, "a skipped file counts rows: {counts:?}");
    }
    for year in &books.years {
        assert!(year.start <= year.end);
        for entry in &year.entries {
            assert_eq!(entry.total_debit(), entry.total_credit());
            assert!(year.start <= entry.date && entry.date <= year.end);
        }
    }
}

/// An invoice file's rows add up; a failed file holds nothing.
pub fn check_invoice_file(file: &InvoiceFile) {
    let row_rejections = file.rejected.iter().filter(|r| r.source.line > 0).count() as u64;
    let file_rejections = file.rejected.len() as u64 - row_rejections;
    assert_eq!(
        file.rows,
        file.invoices.len() as u64 + row_rejections,
        "rows != invoices + row rejections: {file:#?}"
    );
    if file_rejections > 0 {
        assert_eq!(file_rejections, 1);
        assert_eq!(file.rows, 0);
        assert!(file.invoices.is_empty());
    }
    for invoice in &file.invoices {
        assert!(invoice.source.line > 0);
        assert_eq!(invoice.source.file, file.file);
        assert!(!invoice.number.is_empty(), "an invoice without number");
    }
    for rejection in file.rejected.iter() {
        let text = rejection.to_string();
        assert!(
            !text.contains('\n'),
            "a rejection on several lines: {text:?}"
        );
    }
}

/// The mapping the `mapped` and `pipeline` targets read with: every optional column mapped.
pub fn mapping() -> Mapping {
    Mapping {
        number: "Numéro".to_owned(),
        date: "Date".to_owned(),
        total: "Montant TTC".to_owned(),
        total_ht: Some("Montant HT".to_owned()),
        label: Some("Désignation".to_owned()),
        service: Some("Service".to_owned()),
    }
}

/// The name as an `Arc<str>`.
pub fn name(text: &str) -> Arc<str> {
    Arc::from(text)
}

/// A ZIP archive (entries stored, not compressed) of `entries`, to wrap fuzzed XML.
pub fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        writer.start_file(*name, options).expect("zip entry");
        writer.write_all(data).expect("zip data");
    }
    writer.finish().expect("zip").into_inner()
}
