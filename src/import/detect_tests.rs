//! [`detect`] over every kind of file in `tests/fixtures` and `samples/`.

use std::path::Path;

use super::{FileKind, detect, workbook_kind};
use crate::import::container::workbook::Workbook;
use crate::import::not_exports::NotExport;
use crate::import::paheko::columns::Layout;

/// The kind of a file of the repository, from its first [`super::HEAD`] bytes, as `init` sees it.
fn kind_of(path: &str) -> FileKind {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let bytes = std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    detect(&bytes[..bytes.len().min(super::HEAD)], &path)
}

/// The kind of a workbook once its sheet is read.
fn sheet_of(path: &str) -> Option<FileKind> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let bytes = std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    match detect(&bytes, &path) {
        FileKind::Workbook(kind) => workbook_kind(&bytes, kind),
        other => panic!("{}: {other:?} is no workbook", path.display()),
    }
}

const PAHEKO: &str = "tests/fixtures/girofle-2024/paheko/";
const EXPORT: &str = "Le Cloud Girofle   Export comptable   ";

#[test]
fn paheko_text_exports_by_their_header() {
    for (name, layout) in [
        ("Complet   Exercice 2024.csv", Layout::Full),
        ("Groupé   Exercice 2024.csv", Layout::Full),
        ("Simplifié   Exercice 2024.csv", Layout::Simple),
        ("FEC   Exercice 2024.csv", Layout::Fec),
    ] {
        assert_eq!(
            kind_of(&format!("{PAHEKO}{EXPORT}{name}")),
            FileKind::PahekoJournal(layout),
            "{name}"
        );
    }
    assert_eq!(
        kind_of(&format!("{PAHEKO}ASSOFEC20241231.txt")),
        FileKind::PahekoJournal(Layout::Fec)
    );
    for name in [
        "000000000FEC20231231.txt",
        "0000000001FEC20220831.txt",
        "123456789FEC20500930.txt",
        "111111111FEC20221231.TXT",
    ] {
        assert_eq!(
            kind_of(&format!("tests/fixtures/real-world/fec/{name}")),
            FileKind::PahekoJournal(Layout::Fec),
            "{name}"
        );
    }
    // Resaved by a spreadsheet program: Windows-1252, semicolons, old Mac line endings.
    for name in [
        "complet-lo-fr-semicolon-cp1252.csv",
        "complet-mac-cr-nfd.csv",
        "complet-currency-as-shown.csv",
        "complet-parentheses-as-shown.csv",
    ] {
        assert_eq!(
            kind_of(&format!("tests/fixtures/resaved/{name}")),
            FileKind::PahekoJournal(Layout::Full),
            "{name}"
        );
    }
}

#[test]
fn the_chart_the_api_json_and_the_backup() {
    assert_eq!(
        kind_of(&format!(
            "{PAHEKO}Plan comptable   Le Cloud Girofle   Plan comptable associatif  2018  révision 2024 .csv"
        )),
        FileKind::Chart
    );
    assert_eq!(
        kind_of(&format!(
            "{PAHEKO}Le Cloud Girofle - Export comptable - Complet - Exercice 2024.json"
        )),
        FileKind::PahekoApiJson
    );
    for path in [
        "tests/fixtures/girofle-2024-backup/girofle-2024.sqlite",
        "tests/fixtures/girofle-2024-backup/girofle-2024-2025.sqlite",
        "samples/girofle-2024-sauvegarde/paheko/Le Cloud Girofle - Sauvegarde données - 2026-11-28.sqlite",
    ] {
        assert_eq!(kind_of(path), FileKind::Backup, "{path}");
    }
}

#[test]
fn workbooks_in_two_steps() {
    for (name, workbook, layout) in [
        ("Complet   Exercice 2024.ods", Workbook::Ods, Layout::Full),
        ("Complet   Exercice 2024.xlsx", Workbook::Xlsx, Layout::Full),
        ("Groupé   Exercice 2024.ods", Workbook::Ods, Layout::Full),
        ("Groupé   Exercice 2024.xlsx", Workbook::Xlsx, Layout::Full),
        (
            "Simplifié   Exercice 2024.ods",
            Workbook::Ods,
            Layout::Simple,
        ),
        (
            "Simplifié   Exercice 2024.xlsx",
            Workbook::Xlsx,
            Layout::Simple,
        ),
        ("FEC   Exercice 2024.ods", Workbook::Ods, Layout::Fec),
        ("FEC   Exercice 2024.xlsx", Workbook::Xlsx, Layout::Fec),
    ] {
        let path = format!("{PAHEKO}{EXPORT}{name}");
        assert_eq!(kind_of(&path), FileKind::Workbook(workbook), "{name}");
        assert_eq!(
            sheet_of(&path),
            Some(FileKind::PahekoJournal(layout)),
            "{name}"
        );
    }
    assert_eq!(
        sheet_of("tests/fixtures/resaved/fec-ods-to-xlsx.xlsx"),
        Some(FileKind::PahekoJournal(Layout::Fec))
    );
    assert_eq!(
        sheet_of("tests/fixtures/resaved/complet-hidden-rows.ods"),
        Some(FileKind::PahekoJournal(Layout::Full))
    );
    // Paheko's report workbook has two sheets: recognised by its first one.
    assert_eq!(
        sheet_of("tests/fixtures/not-exports/Exercice 2025   Compte de résultat.ods"),
        Some(FileKind::NotExport(NotExport::IncomeStatement))
    );
    // A truncated workbook is still a workbook; its sheet cannot be read.
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("{PAHEKO}{EXPORT}Complet   Exercice 2024.xlsx"));
    let bytes = std::fs::read(&path).expect("test setup");
    let head = &bytes[..bytes.len() / 2];
    assert_eq!(detect(head, &path), FileKind::Workbook(Workbook::Xlsx));
    assert_eq!(workbook_kind(head, Workbook::Xlsx), None);
}

#[test]
fn supplier_invoices() {
    for folder in ["tests/fixtures/girofle-2024", "samples/girofle-2024"] {
        assert_eq!(
            kind_of(&format!("{folder}/factures/ovh/bills-2024.json")),
            FileKind::OvhJson
        );
        assert_eq!(
            kind_of(&format!("{folder}/factures/kimsufi/factures-2024.csv")),
            FileKind::ControlPanelCsv
        );
        // A mapped list: its columns are known only from the configuration.
        assert_eq!(
            kind_of(&format!("{folder}/factures/retzo/factures-retzo-2024.csv")),
            FileKind::NotExport(NotExport::Invoices)
        );
    }
    let path = Path::new("f");
    assert_eq!(detect(b"{\"refundId\": \"AFR1\"}", path), FileKind::OvhJson);
    assert_eq!(detect(b"{\"a\": 1}", path), FileKind::PahekoApiJson);
    assert_eq!(detect(b"[1, 2]", path), FileKind::PahekoApiJson);
    // A dump cut by the head still says what it is.
    assert_eq!(
        detect(b"[{\"billId\": \"FR1\", \"date\"", path),
        FileKind::OvhJson
    );
}

#[test]
fn files_that_are_not_exports() {
    let not = "tests/fixtures/not-exports/";
    for (name, what) in [
        ("Exercice 2024   Bilan.csv", NotExport::BalanceSheet),
        (
            "Exercice 2024   Compte de résultat.csv",
            NotExport::IncomeStatement,
        ),
        (
            "Exercice 2024   Balance générale.csv",
            NotExport::TrialBalance,
        ),
        (
            "Exercice 2024   Journal général.csv",
            NotExport::GeneralJournal,
        ),
        ("Exercice 2024   Grand livre.csv", NotExport::GeneralLedger),
        ("debit_credit.csv", NotExport::BankStatement),
        ("checking.ofx", NotExport::BankStatement),
        ("cfonb_classic.cfo", NotExport::BankStatement),
        ("test-camt053", NotExport::BankStatement),
        ("factur-x-minimum.xml", NotExport::EInvoice),
        ("notes.txt", NotExport::Document),
        ("README.md", NotExport::Document),
    ] {
        assert_eq!(
            kind_of(&format!("{not}{name}")),
            FileKind::NotExport(what),
            "{name}"
        );
    }
    assert_eq!(
        kind_of(&format!("{not}Exercice 2025   Compte de résultat.ods")),
        FileKind::Workbook(Workbook::Ods)
    );
    for report in [
        "Exercice 2024   Compte de résultat.csv",
        "Exercice 2024   Balance générale.csv",
        "Exercice 2024   BL Évolution      Compte de résultat.csv",
    ] {
        assert!(
            matches!(
                kind_of(&format!("{PAHEKO}rapports/{report}")),
                FileKind::NotExport(_)
            ),
            "{report}"
        );
    }
}

#[test]
fn containers_that_hold_no_table() {
    let path = Path::new("f");
    assert_eq!(detect(b"", path), FileKind::Empty);
    assert_eq!(detect(b" \n\t\r\n", path), FileKind::Empty);
    assert_eq!(detect(b"SQLite format 3\0rest", path), FileKind::Backup);
    assert_eq!(
        detect(b"%PDF-1.7\n%\xE2\xE3", path),
        FileKind::NotExport(NotExport::Pdf)
    );
    assert_eq!(detect(b"PK\x03\x04garbage", path), FileKind::OtherZip);
    assert_eq!(detect(b"\0\0\0\x01\x02binary\0\0", path), FileKind::Unknown);
    assert_eq!(detect(b"a;b;c\n1;2;3\n", path), FileKind::Table);
}

#[test]
fn damaged_paheko_headers_and_a_doubled_control_panel_column() {
    let path = Path::new("f");
    // Simplifié without its « Numéro d'écriture »: the reader names the missing column.
    assert_eq!(
        detect(
            "Date;Libellé;Compte de débit;Compte de crédit\n".as_bytes(),
            path
        ),
        FileKind::DamagedExport
    );
    assert_eq!(
        detect(b"JournalCode\tJournalLib", path),
        FileKind::DamagedExport
    );
    // Paheko's chart templates (code, label, position): no chart export.
    assert_eq!(
        detect(
            b"code,label,description,position,bookmark\n1,Fonds,,Passif,\n",
            path
        ),
        FileKind::DamagedChart
    );
    assert_eq!(
        detect(
            "Référence;Date d'émission;Montant TTC;Montant TTC\n".as_bytes(),
            path
        ),
        FileKind::ControlPanelCsv
    );
}
