//! Real Paheko exports of the sample year re-saved by LibreOffice and edited as a treasurer
//! would (tests/fixtures/resaved, see its SOURCES.md for the command that made each): each is
//! read to exactly the published figures of expected.json (global, per project, « hors
//! projets », cash) with exactly the warnings it deserves, or refused with a French message
//! that says what to do. None may give other figures without a word. The files are
//! committed: LibreOffice is not needed to run this.

use std::path::PathBuf;

use rappro::book::BookOptions;
use rappro::pipeline::{financial_report, import_books};
use rappro::report::Scope;

use crate::support::{fixture, rappro, root, statement_figures};

fn resaved(file: &str) -> PathBuf {
    root().join("tests/fixtures/resaved").join(file)
}

fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string(fixture("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json parses")
}

/// Reads `file` alone: every row accepted, 368 transactions, expected.json's figures (the
/// projects' only when the export has them), and exactly `warnings` (codes, sorted).
fn assert_published_figures(file: &str, with_projects: bool, warnings: &[&str]) {
    let path = resaved(file);
    let books = import_books(
        std::slice::from_ref(&path),
        &BookOptions::default(),
        &mut |_| {},
    );
    assert!(books.rejected.is_empty(), "{file}: {:?}", books.rejected);
    let total = books.total();
    assert_eq!(total.rows, total.accepted, "{file}: every row accepted");
    assert_eq!(books.years.len(), 1, "{file}: one fiscal year");
    assert_eq!(
        books.years[0].entries.len(),
        368,
        "{file}: 368 transactions"
    );
    let report = financial_report(&books, &books.years[0]);
    let statement = |scope: &Scope| -> serde_json::Value {
        statement_figures(
            report
                .statements
                .iter()
                .find(|s| &s.scope == scope)
                .expect("scope present"),
        )
    };
    let expected = expected();
    assert_eq!(
        statement(&Scope::All),
        expected["statement"],
        "{file}: global"
    );
    assert_eq!(report.cash_closing.to_plain(), "17400.00", "{file}: cash");
    if with_projects {
        for name in ["BL-Évolution", "Camp CHATONS"] {
            assert_eq!(
                statement(&Scope::Project(name.to_owned())),
                expected["per_project"][name],
                "{file}: {name}"
            );
        }
        assert_eq!(
            statement(&Scope::NoProject),
            expected["no_project"],
            "{file}: hors projets"
        );
    }
    let mut codes: Vec<&str> = books
        .warnings
        .iter()
        .chain(&report.warnings)
        .map(|w| w.code())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes, warnings, "{file}: warnings");
}

/// `rappro import FILE` in a folder of its own refuses the whole file with exactly `message`
/// (after `FILE: `) and exit status 2.
fn assert_refused(file: &str, message: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(resaved(file), dir.path().join(file)).expect("copy");
    let output = rappro(dir.path(), &["import", file, "--rejets", "rejets.csv"]);
    assert_eq!(output.status.code(), Some(2), "{file}: exit status");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr, format!("{file}: {message}\n"), "{file}: stderr");
}

#[test]
fn complet_csv_opened_and_saved_as_xlsx_gives_the_published_figures() {
    // Amounts, dates, numbers and account codes became numbers and dates.
    assert_published_figures("complet-csv-to-xlsx-numbers.xlsx", true, &[]);
}

#[test]
fn groupe_csv_opened_and_saved_as_xlsx_gives_the_published_figures() {
    assert_published_figures("groupe-csv-to-xlsx-numbers.xlsx", true, &[]);
}

#[test]
fn fec_ods_saved_as_xlsx_gives_the_published_figures_without_projects() {
    assert_published_figures("fec-ods-to-xlsx.xlsx", false, &["fec_no_projects"]);
}

#[test]
fn a_french_libreoffice_csv_in_windows_1252_gives_the_published_figures() {
    assert_published_figures("complet-lo-fr-semicolon-cp1252.csv", true, &["not_utf8"]);
}

#[test]
fn amounts_and_dates_saved_as_shown_give_the_published_figures() {
    // `10 688,94 €` (no-break space, Windows-1252), dates `01/01/2024`.
    assert_published_figures("complet-currency-as-shown.csv", true, &["not_utf8"]);
}

#[test]
fn a_mac_resave_gives_the_published_figures() {
    // CR line ends and decomposed accents (NFD) in every cell, projects included.
    assert_published_figures("complet-mac-cr-nfd.csv", true, &["mac_line_endings"]);
}

#[test]
fn negative_debits_in_parentheses_give_the_published_figures() {
    // Credits moved to the Débit column as negative numbers, formatted `(10 688,94)`:
    // the workbook holds the numbers, the CSV saved as shown the parentheses.
    assert_published_figures("complet-negative-parentheses-format.xlsx", true, &[]);
    assert_published_figures("complet-parentheses-as-shown.csv", true, &["not_utf8"]);
}

#[test]
fn hidden_rows_and_formula_amounts_are_read_as_their_values() {
    // A filter left 55 rows hidden: they are still the export's rows.
    assert_published_figures("complet-hidden-rows.ods", true, &[]);
    // Every amount typed as a formula (`=132`), saved with its result by LibreOffice.
    assert_published_figures("complet-formula-amounts.xlsx", true, &[]);
}

#[test]
fn a_workbook_with_several_filled_sheets_is_refused_not_half_read() {
    // The year split into two sheets: the first alone gave other figures, with exit 0.
    assert_refused(
        "complet-split-two-sheets.xlsx",
        "le classeur a 2 feuilles remplies (« S1 », « S2 ») : rappro ne lit qu'une feuille, \
         comme dans les exports de Paheko, et ne devine pas laquelle ni s'il faut les \
         additionner ; gardez l'export seul dans le classeur (supprimez les autres feuilles), \
         ou exportez chaque feuille en CSV",
    );
    // A sheet of notes put before the export.
    assert_refused(
        "complet-notes-sheet-first.ods",
        "le classeur a 2 feuilles remplies (« Notes », « Export ») : rappro ne lit qu'une \
         feuille, comme dans les exports de Paheko, et ne devine pas laquelle ni s'il faut les \
         additionner ; gardez l'export seul dans le classeur (supprimez les autres feuilles), \
         ou exportez chaque feuille en CSV",
    );
}

#[test]
fn a_total_row_added_under_the_export_is_left_out_with_a_warning() {
    // `=SUM(J2:J738)` and `=SUM(K2:K738)` under « Total » in the Libellé compte column: read
    // as a line, it was glued to transaction 368 and rejected it whole.
    assert_published_figures("complet-total-row-formula.xlsx", true, &["total_row"]);
}
