//! Real FEC files written by other accounting software (tests/fixtures/real-world/fec, see its
//! PROVENANCE.md): each is read right, or its rows refused with a reason. The expected figures
//! were computed apart from rappro (a short script over the raw text, grouping as FORMATS.md
//! says), so that a change of grouping shows here.

use std::collections::BTreeSet;

use rappro::book::BookOptions;
use rappro::import::read_books_file;
use rappro::model::Money;
use rappro::pipeline::import_books;

use crate::support::root;

struct Expected {
    file: &'static str,
    rows: u64,
    entries: usize,
    rejected: usize,
    /// Σ debit of the accepted transactions.
    debit: &'static str,
    /// Σ (credit − debit) of the accepted lines on class 7 accounts (the products).
    products: &'static str,
    /// Warning codes of the file.
    warnings: &'static [&'static str],
}

const FILES: &[Expected] = &[
    // EcritureNum restarts in each journal: 413 numbers serve in several journals.
    Expected {
        file: "0000000001FEC20220831.txt",
        rows: 5422,
        entries: 2033,
        rejected: 0,
        debit: "10186219.81",
        products: "1070199.50",
        warnings: &["fec_numbered_per_journal"],
    },
    // EcritureNum is 0 on every row: balanced runs of one journal and date. The à-nouveaux
    // journal AD (456 rows over several dates) only balances as a whole: refused, unbalanced.
    Expected {
        file: "000000000FEC20231231.txt",
        rows: 2102,
        entries: 665,
        rejected: 456,
        debit: "813503.45",
        products: "166281.33",
        warnings: &["fec_without_numbers"],
    },
    // `|`-separated, padded, Windows-1252: numbered over the whole file.
    Expected {
        file: "111111111FEC20221231.TXT",
        rows: 934,
        entries: 248,
        rejected: 0,
        debit: "225682.23",
        products: "36477.31",
        warnings: &["not_utf8"],
    },
    // CR CR LF line ends, numbered over the whole file (one PieceRef per line in the
    // à-nouveaux: no sign of another numbering).
    Expected {
        file: "123456789FEC20500930.txt",
        rows: 10756,
        entries: 4001,
        rejected: 0,
        debit: "8258083.73",
        products: "1237050.39",
        warnings: &[],
    },
];

#[test]
fn every_real_fec_file_is_read_right_or_refused_with_a_reason() {
    for expected in FILES {
        let path = root()
            .join("tests/fixtures/real-world/fec")
            .join(expected.file);
        let file = read_books_file(&path);
        let name = expected.file;
        assert_eq!(file.rows, expected.rows, "{name}: rows");
        assert_eq!(file.entries.len(), expected.entries, "{name}: entries");
        assert_eq!(file.rejected.len(), expected.rejected, "{name}: rejected");
        let accepted: u64 = file.entries.iter().map(|e| u64::from(e.rows)).sum();
        assert_eq!(
            accepted + file.rejected.len() as u64,
            file.rows,
            "{name}: counts add up"
        );
        assert!(
            file.rejected
                .iter()
                .all(|r| r.reason.code() == "unbalanced"),
            "{name}: {:?}",
            file.rejected.first()
        );
        let debit: Money = file.entries.iter().map(|e| e.total_debit()).sum();
        assert_eq!(debit.to_plain(), expected.debit, "{name}: Σ debit");
        let products: Money = file
            .entries
            .iter()
            .flat_map(|e| &e.lines)
            .filter(|l| l.account.starts_with('7'))
            .map(|l| l.credit - l.debit)
            .sum();
        assert_eq!(products.to_plain(), expected.products, "{name}: products");
        let codes: BTreeSet<&str> = file.warnings.iter().map(|w| w.code()).collect();
        let wanted: BTreeSet<&str> = expected.warnings.iter().copied().collect();
        assert_eq!(codes, wanted, "{name}: warnings");
    }
}

/// Booked together, two files numbered per journal never meet each other's numbers, nor a
/// Paheko export's: the same number in two of them is no duplicate.
#[test]
fn numbers_per_journal_are_not_taken_for_paheko_numbers() {
    let dir = root().join("tests/fixtures/real-world/fec");
    let books = import_books(
        &[
            dir.join("0000000001FEC20220831.txt"),
            dir.join("111111111FEC20221231.TXT"),
        ],
        &BookOptions::default(),
        &mut |_| {},
    );
    let total = books.total();
    assert_eq!(total.rows, 5422 + 934);
    assert_eq!(total.duplicates, 0);
    assert_eq!(total.rejected, 0);
    let entries: usize = books.years.iter().map(|y| y.entries.len()).sum();
    assert_eq!(entries, 2033 + 248);
    assert!(
        books
            .years
            .iter()
            .flat_map(|y| &y.entries)
            .any(|e| &*e.number == "ANO/1"),
        "per-journal numbers are « journal/numéro »"
    );
}
