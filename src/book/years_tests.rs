//! Each piece of year evidence, alone and against the others, through `book`.

use std::sync::Arc;

use super::{fec_closing_date, label_year};
use crate::book::{BookOptions, Books, book};
use crate::import::{BooksFile, BooksKind, Container};
use crate::model::{Date, Entry, ExportType, Line, Money, Period, Source};

fn date(text: &str) -> Date {
    Date::parse(text).expect("date")
}

fn line(account: &str, debit: i64, credit: i64, row: u64) -> Line {
    Line {
        account: account.into(),
        account_label: "".into(),
        debit: Money::from_cents(debit),
        credit: Money::from_cents(credit),
        text: None,
        project: None,
        reconciled: false,
        line: row,
    }
}

/// A two-line entry numbered `number`, on rows `2 * number` and `2 * number + 1`.
fn entry(file: &str, number: u64, day: &str, label: &str, accounts: (&str, &str)) -> Entry {
    let row = 2 * number;
    Entry {
        number: number.to_string().into(),
        kind: None,
        status: "".into(),
        label: label.into(),
        date: date(day),
        notes: "".into(),
        reference: "".into(),
        members: "".into(),
        lines: vec![
            line(accounts.0, 6000, 0, row),
            line(accounts.1, 0, 6000, row + 1),
        ],
        export: ExportType::Full,
        source: Source::new(Arc::from(file), row),
        rows: 2,
    }
}

/// A file of a dues receipt (5121/7562) on each date; numbers start at `first`.
fn file(path: &str, first: u64, dates: &[&str]) -> BooksFile {
    let entries: Vec<Entry> = dates
        .iter()
        .zip(first..)
        .map(|(day, number)| entry(path, number, day, "Cotisation", ("5121", "7562")))
        .collect();
    books_file(path, entries)
}

fn books_file(path: &str, entries: Vec<Entry>) -> BooksFile {
    BooksFile {
        path: Arc::from(path),
        kind: Some(BooksKind::Journal(ExportType::Full, Container::Csv)),
        rows: entries.iter().map(|e| u64::from(e.rows)).sum(),
        entries,
        chart: None,
        rejected: Vec::new(),
        warnings: Vec::new(),
        paheko_numbers: true,
        year: None,
    }
}

/// The 15th of each month from `year`-`month`, `count` months.
fn monthly(year: u16, month: u8, count: u16) -> Vec<String> {
    (0..count)
        .map(|i| {
            let m = u16::from(month) - 1 + i;
            format!("{}-{:02}-15", year + m / 12, m % 12 + 1)
        })
        .collect()
}

fn refs(dates: &[String]) -> Vec<&str> {
    dates.iter().map(String::as_str).collect()
}

fn spans(books: &Books) -> Vec<(String, String, usize)> {
    books
        .years
        .iter()
        .map(|y| (y.start.to_string(), y.end.to_string(), y.entries.len()))
        .collect()
}

fn codes(warnings: &[crate::error::Warning]) -> Vec<&'static str> {
    warnings.iter().map(|w| w.code()).collect()
}

/// Counts add up, per file and in total.
fn check_counts(books: &Books) {
    for counts in &books.files {
        assert_eq!(
            counts.rows,
            counts.accepted + counts.duplicates + counts.rejected,
            "{counts:?}"
        );
    }
    let booked: u64 = books
        .years
        .iter()
        .flat_map(|y| &y.entries)
        .map(|e| u64::from(e.rows))
        .sum();
    assert_eq!(booked, books.total().accepted);
}

#[test]
fn paheko_label_in_the_file_name_gives_a_calendar_year() {
    for name in [
        "Asso Test   Export comptable   Complet   Exercice 2024.csv",
        "Le Cloud Girofle - Export comptable - Complet - Exercice 2024.json",
        "exports/Asso   Export comptable   FEC   Exercice 2024.ods",
        "Asso   Export comptable   Groupé   Exercice 2024 (1).xlsx",
        "C:\\Users\\t\\Asso   Export comptable   Simplifié   Exercice 2024.csv",
    ] {
        assert_eq!(label_year(name), Some(2024), "{name}");
    }
    for name in [
        "Asso   Export comptable   Complet   Exercice 2023 24.csv",
        "Asso - Export comptable - Complet - Exercice 2023-2024.csv",
        "Asso   Export comptable   Complet   Comptes 2024.csv",
        "Asso   Export comptable   Complet   Exercice 2024 bis.csv",
        "Exercice 2024.csv",
        "export.csv",
    ] {
        assert_eq!(label_year(name), None, "{name}");
    }
}

#[test]
fn fec_file_name_gives_the_closing_date_of_a_month_end() {
    assert_eq!(
        fec_closing_date("ASSOFEC20241231.txt"),
        Some(date("2024-12-31"))
    );
    assert_eq!(
        fec_closing_date("dossier/123456789FEC20240630.txt"),
        Some(date("2024-06-30"))
    );
    assert_eq!(
        fec_closing_date("123456789FEC20240229.txt"),
        Some(date("2024-02-29"))
    );
    // Not a month's last day, not a date, no FEC marker.
    assert_eq!(fec_closing_date("ASSOFEC20241215.txt"), None);
    assert_eq!(fec_closing_date("ASSOFEC20241331.txt"), None);
    assert_eq!(fec_closing_date("export20241231.txt"), None);
}

#[test]
fn a_file_name_year_rejects_a_slip_the_dates_would_follow() {
    // January to November 2024 and one slip on 31/12/2023: by the dates alone the year would
    // run from December 2023; the name says 2024.
    let name = "Asso   Export comptable   Complet   Exercice 2024.csv";
    let mut dates = vec!["2023-12-31".to_owned()];
    dates.extend(monthly(2024, 1, 11));
    let books = book(vec![file(name, 1, &refs(&dates))], &BookOptions::default());
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [("2024-01-01".into(), "2024-12-31".into(), 11)]
    );
    assert_eq!(books.rejected.len(), 2, "both rows of the slip");
    assert_eq!(books.rejected[0].reason.code(), "date_outside_year");
    assert_eq!(books.rejected[0].source.line, 2);
    assert_eq!(codes(&books.years[0].warnings), ["year_inferred"]);
    assert!(
        books.years[0].warnings[0]
            .message()
            .contains("nom du fichier")
    );
    // Without the name, the dates decide (the slip then opens the window, nothing is rejected).
    let books = book(
        vec![file("export.csv", 1, &refs(&dates))],
        &BookOptions::default(),
    );
    assert_eq!(
        spans(&books),
        [("2023-12-01".into(), "2024-11-30".into(), 12)]
    );
}

#[test]
fn two_named_years_stay_apart_where_the_dates_would_make_one() {
    let a = file(
        "Asso   Export comptable   Complet   Exercice 2024.csv",
        1,
        &["2024-11-02", "2024-12-10"],
    );
    let b = file(
        "Asso   Export comptable   Complet   Exercice 2025.csv",
        10,
        &["2025-01-03"],
    );
    let books = book(vec![a, b], &BookOptions::default());
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [
            ("2024-01-01".into(), "2024-12-31".into(), 2),
            ("2025-01-01".into(), "2025-12-31".into(), 1)
        ]
    );
    assert!(books.years.iter().all(|y| y.warnings.is_empty()));
}

#[test]
fn a_name_most_dates_contradict_is_ignored_with_a_warning() {
    let dates = monthly(2022, 1, 12);
    let f = file(
        "Asso   Export comptable   Complet   Exercice 2024.csv",
        1,
        &refs(&dates),
    );
    let books = book(vec![f], &BookOptions::default());
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [("2022-01-01".into(), "2022-12-31".into(), 12)]
    );
    assert_eq!(codes(&books.warnings), ["year_name_ignored"]);
    assert!(books.rejected.is_empty());
}

#[test]
fn fec_closing_date_gives_a_year_that_is_not_a_calendar_year() {
    let dates = monthly(2023, 7, 12);
    let books = book(
        vec![file("ASSOFEC20240630.txt", 1, &refs(&dates))],
        &BookOptions::default(),
    );
    assert_eq!(
        spans(&books),
        [("2023-07-01".into(), "2024-06-30".into(), 12)]
    );
    // A long first year closing on 30/06/2024, begun in March 2023.
    let dates = monthly(2023, 3, 16);
    let books = book(
        vec![file("ASSOFEC20240630.txt", 1, &refs(&dates))],
        &BookOptions::default(),
    );
    assert_eq!(
        spans(&books),
        [("2023-03-01".into(), "2024-06-30".into(), 16)]
    );
    assert_eq!(codes(&books.years[0].warnings), ["long_year"]);
}

#[test]
fn names_that_give_overlapping_years_stop_the_batch() {
    let a = file("ASSOFEC20240630.txt", 1, &refs(&monthly(2023, 7, 12)));
    let b = file(
        "Asso   Export comptable   Complet   Exercice 2024.csv",
        1,
        &refs(&monthly(2024, 1, 12)),
    );
    let books = book(vec![a, b], &BookOptions::default());
    check_counts(&books);
    let error = books.year_error.as_deref().expect("an error");
    assert!(
        error.contains("ASSOFEC20240630.txt indique du 01/07/2023 au 30/06/2024"),
        "{error}"
    );
}

#[test]
fn an_opening_balance_dated_the_day_before_opens_the_next_day() {
    let mut entries = vec![entry(
        "export.csv",
        1,
        "2023-12-31",
        "Balance d'ouverture",
        ("5121", "110"),
    )];
    for (number, day) in (2..).zip(monthly(2024, 1, 11)) {
        entries.push(entry(
            "export.csv",
            number,
            &day,
            "Cotisation",
            ("5121", "7562"),
        ));
    }
    let books = book(
        vec![books_file("export.csv", entries)],
        &BookOptions::default(),
    );
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [("2024-01-01".into(), "2024-12-31".into(), 11)]
    );
    assert_eq!(books.rejected.len(), 2);
    assert_eq!(books.rejected[0].reason.code(), "date_outside_year");
    assert_eq!(codes(&books.years[0].warnings), ["year_inferred"]);
    assert!(
        books.years[0].warnings[0]
            .message()
            .contains("balance d'ouverture export.csv:2")
    );
}

#[test]
fn an_opening_balance_inside_the_dates_separates_two_years() {
    // September 2023 to December 2024, with 2024's opening balance: two years, not one long.
    let mut entries = Vec::new();
    for (number, day) in (1..).zip(monthly(2023, 9, 16)) {
        entries.push(entry(
            "export.csv",
            number,
            &day,
            "Cotisation",
            ("5121", "7562"),
        ));
    }
    entries.push(entry(
        "export.csv",
        99,
        "2024-01-01",
        "À-nouveaux 2024",
        ("5121", "110"),
    ));
    let books = book(
        vec![books_file("export.csv", entries)],
        &BookOptions::default(),
    );
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [
            ("2023-09-01".into(), "2023-12-31".into(), 4),
            ("2024-01-01".into(), "2024-12-31".into(), 13)
        ]
    );
    // Neither « à nouveaux » on a charge, nor the appropriation of a result to « report à
    // nouveau » (dated at the general meeting) is an opening balance.
    let mut entries = Vec::new();
    for (number, day) in (1..).zip(monthly(2023, 9, 16)) {
        entries.push(entry(
            "export.csv",
            number,
            &day,
            "Cotisation",
            ("5121", "7562"),
        ));
    }
    entries.push(entry(
        "export.csv",
        99,
        "2024-01-01",
        "À nouveaux",
        ("606", "5121"),
    ));
    entries.push(entry(
        "export.csv",
        98,
        "2024-06-30",
        "Affectation en report à nouveau",
        ("120", "110"),
    ));
    let books = book(
        vec![books_file("export.csv", entries)],
        &BookOptions::default(),
    );
    assert_eq!(
        spans(&books),
        [("2023-09-01".into(), "2024-12-31".into(), 18)]
    );
}

#[test]
fn a_long_first_year_is_kept_whole_with_a_warning() {
    let dates = monthly(2023, 9, 16);
    let books = book(
        vec![file("export.csv", 1, &refs(&dates))],
        &BookOptions::default(),
    );
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [("2023-09-01".into(), "2024-12-31".into(), 16)]
    );
    assert_eq!(codes(&books.years[0].warnings), ["long_year"]);
    assert!(
        books.years[0].warnings[0]
            .message()
            .contains("exercice de 16 mois")
    );
}

#[test]
fn dates_from_january_beyond_december_are_two_years_not_one_long_year() {
    // A calendar year and the first quarter of the next, in files whose names say nothing:
    // a long first year never starts in January.
    let dates = monthly(2024, 1, 15);
    let books = book(
        vec![file("export.csv", 1, &refs(&dates))],
        &BookOptions::default(),
    );
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [
            ("2024-01-01".into(), "2024-12-31".into(), 12),
            ("2025-01-01".into(), "2025-12-31".into(), 3)
        ]
    );
    assert!(books.years.iter().all(|y| codes(&y.warnings).is_empty()));
}

#[test]
fn the_densest_window_leaves_a_slip_outside() {
    // Two receipts a month in 2024 and one slip in November 2023.
    let mut dates = monthly(2024, 1, 12);
    dates.extend(monthly(2024, 1, 12).iter().map(|d| d.replace("-15", "-20")));
    dates.push("2023-11-20".to_owned());
    let books = book(
        vec![file("export.csv", 1, &refs(&dates))],
        &BookOptions::default(),
    );
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [("2024-01-01".into(), "2024-12-31".into(), 24)]
    );
    assert_eq!(books.rejected.len(), 2);
    assert!(
        books.years[0].warnings[0]
            .message()
            .contains("répartition des dates")
    );
}

#[test]
fn years_beyond_eighteen_months_split_in_twelve_month_windows() {
    let dates = monthly(2022, 1, 24);
    let books = book(
        vec![file("export.csv", 1, &refs(&dates))],
        &BookOptions::default(),
    );
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [
            ("2022-01-01".into(), "2022-12-31".into(), 12),
            ("2023-01-01".into(), "2023-12-31".into(), 12)
        ]
    );
    assert!(books.years.iter().all(|y| y.warnings.is_empty()));
    // Well-formed books of one year stay quiet.
    let books = book(
        vec![file("export.csv", 1, &refs(&monthly(2024, 1, 12)))],
        &BookOptions::default(),
    );
    assert!(books.years[0].warnings.is_empty() && books.warnings.is_empty());
}

#[test]
fn no_entry_in_the_configured_year_is_one_error_and_rows_stay_counted() {
    let dates = monthly(2024, 1, 12);
    let options = BookOptions {
        fiscal_year: Period::calendar_year(2025),
        ..BookOptions::default()
    };
    let books = book(vec![file("export.csv", 1, &refs(&dates))], &options);
    check_counts(&books);
    assert_eq!(
        books.year_error.as_deref(),
        Some(
            "aucune écriture ne tombe dans l'exercice configuré du 01/01/2025 au 31/12/2025 ; \
             les exports couvrent du 15/01/2024 au 15/12/2024"
        )
    );
    assert!(books.rejected.is_empty(), "no rejection per row");
    assert_eq!((books.files[0].rows, books.files[0].rejected), (24, 24));
    // One entry in the year: the others are rejected row by row, as before.
    let mut dates = dates;
    dates.push("2025-01-02".to_owned());
    let books = book(vec![file("export.csv", 1, &refs(&dates))], &options);
    check_counts(&books);
    assert_eq!(books.year_error, None);
    assert_eq!(books.rejected.len(), 24);
}

#[test]
fn a_named_file_keeps_its_dates_in_its_own_year() {
    // 03/01/2025 in the 2024 export is a slip, even though the 2025 export makes a 2025 year.
    let a = file(
        "Asso   Export comptable   Complet   Exercice 2024.csv",
        1,
        &["2024-03-02", "2024-06-10", "2025-01-03"],
    );
    let b = file(
        "Asso   Export comptable   Complet   Exercice 2025.csv",
        10,
        &["2025-02-03"],
    );
    let books = book(vec![a, b], &BookOptions::default());
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [
            ("2024-01-01".into(), "2024-12-31".into(), 2),
            ("2025-01-01".into(), "2025-12-31".into(), 1)
        ]
    );
    assert_eq!(books.rejected.len(), 2);
    assert_eq!(books.rejected[0].source.line, 6);
    assert_eq!(
        books.rejected[0].reason.to_string(),
        "date 03/01/2025 hors de l'exercice (du 01/01/2024 au 31/12/2024)"
    );
}

#[test]
fn a_configured_year_silences_the_names() {
    let a = file("ASSOFEC20240630.txt", 1, &refs(&monthly(2024, 1, 6)));
    let b = file(
        "Asso   Export comptable   Complet   Exercice 2022.csv",
        100,
        &refs(&monthly(2024, 1, 12)),
    );
    let options = BookOptions {
        fiscal_year: Period::calendar_year(2024),
        ..BookOptions::default()
    };
    let books = book(vec![a, b], &options);
    check_counts(&books);
    assert_eq!(books.year_error, None);
    assert!(books.warnings.is_empty(), "{:?}", books.warnings);
    assert_eq!(
        spans(&books),
        [("2024-01-01".into(), "2024-12-31".into(), 18)]
    );
}

#[test]
fn a_year_with_an_opening_balance_is_not_stretched_over_the_next() {
    // 2024 with its opening balance, then January to March 2025 before 2025's opening exists.
    let mut entries = vec![entry(
        "export.csv",
        1,
        "2024-01-01",
        "Balance d'ouverture",
        ("5121", "110"),
    )];
    for (number, day) in (2..).zip(monthly(2024, 1, 15)) {
        entries.push(entry(
            "export.csv",
            number,
            &day,
            "Cotisation",
            ("5121", "7562"),
        ));
    }
    let books = book(
        vec![books_file("export.csv", entries)],
        &BookOptions::default(),
    );
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [
            ("2024-01-01".into(), "2024-12-31".into(), 13),
            ("2025-01-01".into(), "2025-12-31".into(), 3)
        ]
    );
    assert!(books.years.iter().all(|y| y.warnings.is_empty()));
}

#[test]
fn a_custom_label_that_looks_like_paheko_s_gives_way_to_the_dates() {
    // « Exercice 2024 » typed by the user for a year from October 2023 to September 2024.
    let dates = monthly(2023, 10, 12);
    let f = file(
        "Asso   Export comptable   Complet   Exercice 2024.csv",
        1,
        &refs(&dates),
    );
    let books = book(vec![f], &BookOptions::default());
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [("2023-10-01".into(), "2024-09-30".into(), 12)]
    );
    assert_eq!(codes(&books.warnings), ["year_name_ignored"]);
    assert!(books.rejected.is_empty());
}

#[test]
fn a_year_near_the_last_date_ends_on_the_last_date() {
    let books = book(
        vec![file("export.csv", 1, &["2100-06-15", "2100-12-31"])],
        &BookOptions::default(),
    );
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [("2100-06-01".into(), "2100-12-31".into(), 2)]
    );
}

proptest::proptest! {
    /// Whatever the dates and names: counts add up, booked entries lie in their year, years
    /// do not overlap, and every entry not booked is rejected as outside its year.
    #[test]
    fn years_never_overlap_and_every_entry_is_counted(
        files in proptest::collection::vec(
            (0usize..4, proptest::collection::vec((0u16..40, 1u8..=12, 1u8..=28), 1..30)),
            1..4,
        ),
        configured in proptest::option::of(0u16..40),
    ) {
        let names = [
            "export.csv",
            "Asso   Export comptable   Complet   Exercice 2021.csv",
            "ASSOFEC20220630.txt",
            "Asso   Export comptable   FEC   Exercice 2022.csv",
        ];
        let mut first = 1;
        let batch: Vec<BooksFile> = files
            .iter()
            .enumerate()
            .map(|(idx, (name, dates))| {
                let dates: Vec<String> = dates
                    .iter()
                    .map(|(y, m, d)| format!("{}-{m:02}-{d:02}", 2000 + y / 2))
                    .collect();
                let path = format!("{idx}/{}", names[*name]);
                let f = file(&path, first, &refs(&dates));
                first += 100;
                f
            })
            .collect();
        let options = BookOptions {
            fiscal_year: configured.and_then(|y| Period::calendar_year(2000 + y / 2)),
            ..BookOptions::default()
        };
        let books = book(batch, &options);
        check_counts(&books);
        for pair in books.years.windows(2) {
            proptest::prop_assert!(pair[0].end < pair[1].start);
        }
        for year in &books.years {
            proptest::prop_assert!(year.start <= year.end);
            for entry in &year.entries {
                proptest::prop_assert!(year.start <= entry.date && entry.date <= year.end);
            }
        }
        let total = books.total();
        if books.year_error.is_none() || configured.is_none() {
            let outside = books.rejected.iter().all(|r| r.reason.code() == "date_outside_year");
            proptest::prop_assert!(outside);
            proptest::prop_assert_eq!(books.rejected.len() as u64, total.rejected);
        }
    }
}

#[test]
fn a_slip_before_a_year_stronger_evidence_gave_opens_no_year() {
    // A named 2024 export, and a renamed copy of it kept for one transaction misdated 2023.
    let mut dates = monthly(2024, 1, 12);
    dates.extend(monthly(2024, 1, 12).iter().map(|d| d.replace("-15", "-20")));
    let named = file(
        "Asso   Export comptable   Complet   Exercice 2024.csv",
        1,
        &refs(&dates),
    );
    let renamed = file("copie.csv", 500, &["2023-11-05"]);
    let books = book(vec![named, renamed], &BookOptions::default());
    check_counts(&books);
    assert_eq!(
        spans(&books),
        [("2024-01-01".into(), "2024-12-31".into(), 24)]
    );
    assert_eq!(books.rejected.len(), 2);
    // After the year, the dates open the next one.
    let renamed = file("copie.csv", 500, &["2025-01-05"]);
    let named = file(
        "Asso   Export comptable   Complet   Exercice 2024.csv",
        1,
        &refs(&dates),
    );
    let books = book(vec![named, renamed], &BookOptions::default());
    assert_eq!(books.years.len(), 2);
}
