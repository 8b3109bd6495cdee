//! Every export type and format of the sample gives Paheko's figures, whatever the order
//! of the transactions and however the year is split into overlapping files.

use std::path::{Path, PathBuf};

use rappro::book::BookOptions;
use rappro::model::EntryKind;
use rappro::pipeline::{financial_report, import_books};
use rappro::report::{FinancialReport, Scope, Statement};

use crate::support::{copy_dir, fixture, rappro, root, statement_figures};

const COMPLET_CSV: &str =
    "paheko/Le Cloud Girofle   Export comptable   Complet   Exercice 2024.csv";

fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string(fixture("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json parses")
}

fn report_of(paths: &[PathBuf]) -> (rappro::book::Books, FinancialReport) {
    let books = import_books(paths, &BookOptions::default(), &mut |_| {});
    assert_eq!(books.years.len(), 1, "one fiscal year");
    let report = financial_report(&books, &books.years[0]);
    (books, report)
}

fn statement<'r>(report: &'r FinancialReport, scope: &Scope) -> &'r Statement {
    report
        .statements
        .iter()
        .find(|s| &s.scope == scope)
        .expect("scope present")
}

/// The two reports give the same statements: globally, out of projects, and for each of the
/// sample's two projects.
fn assert_same_figures(got: &FinancialReport, expected: &FinancialReport, what: &str) {
    for scope in [
        Scope::All,
        Scope::NoProject,
        Scope::Project("BL-Évolution".into()),
        Scope::Project("Camp CHATONS".into()),
    ] {
        assert_eq!(
            statement_figures(statement(got, &scope)),
            statement_figures(statement(expected, &scope)),
            "{what}: {scope:?}"
        );
    }
}

/// The global statement and, when the export has projects, the per-project and
/// « hors projets » ones equal expected.json; the cash closing too.
fn assert_sample_figures(file: &str, with_projects: bool) {
    assert_figures_of(&fixture(file), file, with_projects);
}

/// [`assert_sample_figures`] for a file anywhere (`file` names it in messages).
fn assert_figures_of(path: &Path, file: &str, with_projects: bool) {
    let (books, report) = report_of(&[path.to_path_buf()]);
    assert!(books.rejected.is_empty(), "{file}: {:?}", books.rejected);
    let total = books.total();
    assert_eq!(total.rows, total.accepted, "{file}: every row accepted");
    assert_eq!(
        books.years[0].entries.len(),
        368,
        "{file}: 368 transactions"
    );
    let expected = expected();
    assert_eq!(
        statement_figures(statement(&report, &Scope::All)),
        expected["statement"],
        "{file}: global"
    );
    assert_eq!(report.cash_closing.to_plain(), "17400.00", "{file}: cash");
    if with_projects {
        for name in ["BL-Évolution", "Camp CHATONS"] {
            let got = statement_figures(statement(&report, &Scope::Project(name.to_owned())));
            assert_eq!(got, expected["per_project"][name], "{file}: {name}");
        }
        assert_eq!(
            statement_figures(statement(&report, &Scope::NoProject)),
            expected["no_project"],
            "{file}: hors projets"
        );
    } else {
        assert!(
            !report
                .statements
                .iter()
                .any(|s| matches!(s.scope, Scope::Project(_)))
        );
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.code() == "fec_no_projects"),
            "{file}: FEC warning"
        );
    }
}

#[test]
fn complet_csv_gives_the_published_figures() {
    assert_sample_figures(COMPLET_CSV, true);
}

#[test]
fn complet_groupe_csv_gives_the_published_figures() {
    assert_sample_figures(
        "paheko/Le Cloud Girofle   Export comptable   Groupé   Exercice 2024.csv",
        true,
    );
}

#[test]
fn api_json_gives_the_published_figures() {
    assert_sample_figures(
        "paheko/Le Cloud Girofle - Export comptable - Complet - Exercice 2024.json",
        true,
    );
}

/// Some Paheko versions leave out the keys whose value is null: the first line of the sample
/// has no project, so its object has no `project` key, while later ones have it. Every
/// project must still be read.
#[test]
fn api_json_without_its_null_keys_gives_the_published_figures() {
    let text = std::fs::read_to_string(fixture(
        "paheko/Le Cloud Girofle - Export comptable - Complet - Exercice 2024.json",
    ))
    .expect("json export");
    let mut lines: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(&text).expect("json export parses");
    for line in &mut lines {
        line.retain(|_, value| !value.is_null());
    }
    assert!(
        !lines[0].contains_key("project"),
        "first line without project"
    );
    assert!(lines.iter().any(|line| line.contains_key("project")));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("complet-sans-null.json");
    std::fs::write(&path, serde_json::to_vec(&lines).expect("json")).expect("write");
    assert_figures_of(&path, "JSON without null keys", true);
}

/// A folder with the Complet export and what a treasurer keeps beside it (Paheko's
/// reports, notes, bank statements, invoices): the same figures, no rejection, exit status 0,
/// and one `not_an_export` warning per other file.
#[test]
fn a_folder_with_files_that_are_not_exports_gives_the_published_figures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("compta");
    copy_dir(&root().join("tests/fixtures/not-exports"), &folder);
    std::fs::copy(fixture(COMPLET_CSV), folder.join("complet.csv")).expect("copy complet");
    for invoices in [
        "factures/ovh/bills-2024.json",
        "factures/kimsufi/factures-2024.csv",
        "factures/retzo/factures-retzo-2024.csv",
    ] {
        let name = invoices.rsplit('/').next().expect("file name");
        std::fs::copy(fixture(invoices), folder.join(name)).expect("copy invoices");
    }
    let others = std::fs::read_dir(&folder).expect("folder").count() - 1;
    assert_eq!(others, 17, "files beside the export");

    assert_figures_of(&folder, "folder with files that are not exports", true);
    let books = import_books(
        std::slice::from_ref(&folder),
        &BookOptions::default(),
        &mut |_| {},
    );
    let skipped: Vec<&str> = books
        .files
        .iter()
        .filter(|f| matches!(f.kind, Some(rappro::import::BooksKind::Skipped(_))))
        .map(|f| {
            assert_eq!((f.rows, f.rejected, f.failed), (0, 0, false), "{}", f.path);
            &*f.path
        })
        .collect();
    assert_eq!(skipped.len(), others, "{skipped:?}");
    for path in &skipped {
        let warnings = books
            .warnings
            .iter()
            .filter(|w| w.source.as_ref().is_some_and(|s| &*s.file == *path))
            .collect::<Vec<_>>();
        assert_eq!(warnings.len(), 1, "{path}: {warnings:?}");
        assert_eq!(warnings[0].code(), "not_an_export");
    }

    let rejets = dir.path().join("rejets.csv");
    let output = rappro(
        dir.path(),
        &[
            "import",
            "compta",
            "--rejets",
            rejets.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), others, "{stderr}");
    assert!(
        lines
            .iter()
            .all(|line| line.contains(": attention : ignoré : c'est ")),
        "{stderr}"
    );
    assert!(stderr.contains(
        "compta/Exercice 2024   Compte de résultat.csv: attention : ignoré : c'est le compte de résultat exporté par Paheko, pas un export des écritures\n"
    ));
}

#[test]
fn fec_csv_and_text_give_the_published_figures_without_projects() {
    assert_sample_figures(
        "paheko/Le Cloud Girofle   Export comptable   FEC   Exercice 2024.csv",
        false,
    );
    assert_sample_figures("paheko/ASSOFEC20241231.txt", false);
}

#[test]
fn ods_and_xlsx_exports_give_the_published_figures() {
    for ext in ["ods", "xlsx"] {
        assert_sample_figures(
            &format!("paheko/Le Cloud Girofle   Export comptable   Complet   Exercice 2024.{ext}"),
            true,
        );
        assert_sample_figures(
            &format!("paheko/Le Cloud Girofle   Export comptable   Groupé   Exercice 2024.{ext}"),
            true,
        );
        assert_sample_figures(
            &format!("paheko/Le Cloud Girofle   Export comptable   FEC   Exercice 2024.{ext}"),
            false,
        );
    }
}

#[test]
fn simplifie_alone_misses_the_avance_transactions_and_says_so() {
    let (books, report) = report_of(&[fixture(
        "paheko/Le Cloud Girofle   Export comptable   Simplifié   Exercice 2024.csv",
    )]);
    assert!(books.rejected.is_empty());
    assert_eq!(books.years[0].entries.len(), 350);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.code() == "simple_export_only")
    );
    // Its figures are the Complet export's without the 18 « Avancé » transactions.
    let (mut complet, _) = report_of(&[fixture(COMPLET_CSV)]);
    let year = &mut complet.years[0];
    year.entries.retain(|e| e.kind != Some(EntryKind::Advanced));
    assert_eq!(year.entries.len(), 350);
    let without_avance = financial_report(&complet, &complet.years[0]);
    assert_same_figures(&report, &without_avance, "Simplifié");
}

#[test]
fn the_same_year_in_several_formats_counts_once() {
    let files: Vec<PathBuf> = [
        COMPLET_CSV,
        "paheko/Le Cloud Girofle   Export comptable   Groupé   Exercice 2024.csv",
        "paheko/Le Cloud Girofle - Export comptable - Complet - Exercice 2024.json",
        "paheko/Le Cloud Girofle   Export comptable   Simplifié   Exercice 2024.csv",
        "paheko/ASSOFEC20241231.txt",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    let (books, report) = report_of(&files);
    assert!(books.rejected.is_empty(), "{:?}", books.rejected);
    assert_eq!(books.years[0].entries.len(), 368);
    for file in &books.files {
        assert_eq!(
            file.rows,
            file.accepted + file.duplicates + file.rejected,
            "{}",
            file.path
        );
    }
    let total = books.total();
    assert_eq!(
        total.accepted, 737,
        "the richest copy of each transaction is kept"
    );
    let expected = expected();
    assert_eq!(
        statement_figures(statement(&report, &Scope::All)),
        expected["statement"]
    );
    assert_eq!(
        statement_figures(statement(&report, &Scope::NoProject)),
        expected["no_project"]
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

/// Splits the sample's Complet CSV into its header and one block of records per transaction.
fn complet_blocks() -> (String, Vec<String>) {
    let text = std::fs::read_to_string(fixture(COMPLET_CSV)).expect("sample");
    let mut lines = text.split_inclusive("\r\n");
    let header = lines.next().expect("header").to_owned();
    let mut blocks: Vec<String> = Vec::new();
    let mut last_number = String::new();
    for line in lines {
        let number = line.split(',').next().unwrap_or_default().to_owned();
        if number != last_number || blocks.is_empty() {
            blocks.push(String::new());
            last_number = number;
        }
        if let Some(block) = blocks.last_mut() {
            block.push_str(line);
        }
    }
    (header, blocks)
}

fn report_bytes(dir: &Path, args: &[&str]) -> Vec<(String, Vec<u8>)> {
    let out = dir.join("out");
    let mut full: Vec<&str> = vec!["report"];
    full.extend_from_slice(args);
    let out_text = out.to_string_lossy().into_owned();
    full.extend_from_slice(&["--out", &out_text]);
    let output = rappro(dir, &full);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    [
        "compte-de-resultat.json",
        "compte-de-resultat.csv",
        "bilan-financier.md",
        "rejets.csv",
    ]
    .iter()
    .map(|name| {
        (
            (*name).to_owned(),
            std::fs::read(out.join(name)).expect("report file"),
        )
    })
    .collect()
}

/// A small deterministic shuffle (xorshift), so the test needs no extra crate and is reproducible.
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for idx in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let other = (seed % (idx as u64 + 1)) as usize;
        items.swap(idx, other);
    }
}

#[test]
fn shuffling_transactions_changes_no_output_byte() {
    let reference_dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        fixture(COMPLET_CSV),
        reference_dir.path().join("complet.csv"),
    )
    .expect("copy");
    let reference = report_bytes(reference_dir.path(), &["complet.csv"]);
    let (header, mut blocks) = complet_blocks();
    assert_eq!(blocks.len(), 368);
    for seed in [1u64, 42, 2024] {
        shuffle(&mut blocks, seed);
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("complet.csv"),
            format!("{header}{}", blocks.concat()),
        )
        .expect("write");
        assert_eq!(
            report_bytes(dir.path(), &["complet.csv"]),
            reference,
            "seed {seed}"
        );
    }
}

#[test]
fn overlapping_files_change_no_output_byte() {
    let reference_dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        fixture(COMPLET_CSV),
        reference_dir.path().join("complet.csv"),
    )
    .expect("copy");
    let reference = report_bytes(reference_dir.path(), &["complet.csv"]);
    let (header, blocks) = complet_blocks();
    let dir = tempfile::tempdir().expect("tempdir");
    // January–August and June–December: the summer is in both files.
    std::fs::write(
        dir.path().join("a.csv"),
        format!("{header}{}", blocks[..250].concat()),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b.csv"),
        format!("{header}{}", blocks[150..].concat()),
    )
    .expect("write");
    assert_eq!(report_bytes(dir.path(), &["b.csv", "a.csv"]), reference);
    assert_eq!(report_bytes(dir.path(), &["a.csv", "b.csv"]), reference);
}

#[test]
fn a_changed_copy_is_a_conflict_naming_both_files() {
    let (header, blocks) = complet_blocks();
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("a.csv"),
        format!("{header}{}", blocks.concat()),
    )
    .expect("write");
    // The same transaction 5 (30,56) with another amount on both lines.
    let changed = blocks[4].replace("30,56", "30,65");
    assert_ne!(changed, blocks[4]);
    std::fs::write(dir.path().join("b.csv"), format!("{header}{changed}")).expect("write");
    let output = rappro(
        dir.path(),
        &["import", "a.csv", "b.csv", "--rejets", "rejets.csv"],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "a.csv:10: écriture n° 5 en conflit avec b.csv:2 : même numéro, contenu différent"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("b.csv:2: écriture n° 5 en conflit avec a.csv:10"),
        "{stderr}"
    );
    assert_eq!(
        stderr.lines().filter(|l| l.contains("en conflit")).count(),
        4,
        "two rows in each file"
    );
}

/// The README's main command, run as written (from the project root, into a temp folder):
/// on the sample it finds the planted discrepancies, so its documented exit status is 1.
#[test]
fn the_readme_command_works_on_the_samples() {
    let readme = std::fs::read_to_string(crate::support::root().join("README.md")).expect("README");
    let command = readme
        .lines()
        .find(|l| l.starts_with("cargo run --release -- "))
        .expect("README shows the main command");
    let args: Vec<&str> = command
        .trim_start_matches("cargo run --release -- ")
        .split_whitespace()
        .collect();
    let out_idx = args.iter().position(|a| *a == "--out").expect("--out") + 1;
    let out = tempfile::tempdir().expect("tempdir");
    let out_text = out.path().to_string_lossy().into_owned();
    let mut args = args.clone();
    args[out_idx] = &out_text;
    let output = rappro(&crate::support::root(), &args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        readme.contains("code de sortie 1"),
        "the README says what the exit status means"
    );
    let json =
        std::fs::read_to_string(out.path().join("compte-de-resultat.json")).expect("json report");
    let report: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(report["scopes"][0]["result"], "6711.06");
    assert_eq!(report["cash"]["closing"], "17400.00");
    let ecarts = std::fs::read_to_string(out.path().join("ecarts.json")).expect("ecarts");
    let ecarts: serde_json::Value = serde_json::from_str(&ecarts).expect("json");
    assert_eq!(ecarts["summary"]["open_errors"], 5);
    assert_eq!(ecarts["summary"]["open_warnings"], 2);
}

/// Rewrites the sample's Complet CSV cell by cell with `edit(column, value)`, dropping
/// the columns `drop` says, with the given separator, quoting and line end.
fn rewrite_complet(
    drop: &dyn Fn(&str) -> bool,
    edit: &dyn Fn(&str, &str) -> String,
    delimiter: u8,
    quote_all: bool,
    crlf: bool,
) -> String {
    let mut reader = csv::Reader::from_path(fixture(COMPLET_CSV)).expect("sample");
    let headers = reader.headers().expect("header").clone();
    let keep: Vec<usize> = (0..headers.len()).filter(|i| !drop(&headers[*i])).collect();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .quote_style(if quote_all {
            csv::QuoteStyle::Always
        } else {
            csv::QuoteStyle::Necessary
        })
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    writer
        .write_record(keep.iter().map(|i| &headers[*i]))
        .expect("header");
    for record in reader.records() {
        let record = record.expect("record");
        writer
            .write_record(keep.iter().map(|i| edit(&headers[*i], &record[*i])))
            .expect("row");
    }
    String::from_utf8(writer.into_inner().expect("flush")).expect("utf8")
}

fn statements_json(dir: &Path, file: &str) -> serde_json::Value {
    let out = dir.join(format!("out-{file}"));
    let output = rappro(dir, &["report", file, "--out", &out.to_string_lossy()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{file}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(out.join("compte-de-resultat.json")).expect("report");
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    value["scopes"].clone()
}

#[test]
fn old_paheko_exports_give_the_same_figures() {
    // Paheko ≤ 1.3.11: no « Lettrage » column, dates DD/MM/YYYY, zero written `0`.
    let old = rewrite_complet(
        &|h| h == "Lettrage",
        &|h, v| match h {
            "Date" => format!("{}/{}/{}", &v[8..10], &v[5..7], &v[0..4]),
            "Débit" | "Crédit" if v == "0,00" => "0".to_owned(),
            _ => v.to_owned(),
        },
        b',',
        true,
        true,
    );
    // Garradin ≤ 1.1: « Compte analytique ».
    let garradin = old.replacen("\"Projet analytique\"", "\"Compte analytique\"", 1);
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixture(COMPLET_CSV), dir.path().join("new.csv")).expect("copy");
    std::fs::write(dir.path().join("old.csv"), &old).expect("write");
    std::fs::write(dir.path().join("garradin.csv"), &garradin).expect("write");
    let reference = statements_json(dir.path(), "new.csv");
    assert_eq!(statements_json(dir.path(), "old.csv"), reference);
    assert_eq!(statements_json(dir.path(), "garradin.csv"), reference);
}

#[test]
fn files_resaved_by_a_spreadsheet_give_the_same_figures() {
    let thousands = |h: &str, v: &str| -> String {
        if !matches!(h, "Débit" | "Crédit") {
            return v.to_owned();
        }
        // `12800,00` → `12 800,00`; a negative debit is a credit.
        let (units, cents) = v.split_once(',').unwrap_or((v, "00"));
        let mut grouped = String::new();
        for (idx, ch) in units.chars().enumerate() {
            if idx > 0 && (units.len() - idx) % 3 == 0 {
                grouped.push(' ');
            }
            grouped.push(ch);
        }
        format!("{grouped},{cents}")
    };
    let semicolons = rewrite_complet(&|_| false, &thousands, b';', false, false);
    // Credits written as negative debits (`"0,00","264,00"` → `"-264,00","0,00"`): Débit and
    // Crédit are the only adjacent amount cells of a Complet row.
    let original = std::fs::read_to_string(fixture(COMPLET_CSV)).expect("sample");
    let mut negative = String::new();
    for line in original.split_inclusive("\r\n") {
        let mut rewritten = line.to_owned();
        if let Some(idx) = line.find("\"0,00\",\"") {
            let rest = &line[idx + 8..];
            if let Some(end) = rest.find('"') {
                let amount = &rest[..end];
                if amount.contains(',') && amount != "0,00" {
                    rewritten =
                        format!("{}\"-{amount}\",\"0,00\"{}", &line[..idx], &rest[end + 1..]);
                }
            }
        }
        negative.push_str(&rewritten);
    }
    assert_ne!(negative, original);
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixture(COMPLET_CSV), dir.path().join("new.csv")).expect("copy");
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&semicolons);
    assert!(!unmappable);
    std::fs::write(dir.path().join("latin.csv"), &cp1252).expect("write");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(rewrite_complet(&|_| false, &|_, v| v.to_owned(), b'\t', true, false).into_bytes());
    std::fs::write(dir.path().join("bom-tabs.csv"), &bom).expect("write");
    std::fs::write(dir.path().join("negative.csv"), &negative).expect("write");
    let reference = statements_json(dir.path(), "new.csv");
    assert_eq!(
        statements_json(dir.path(), "latin.csv"),
        reference,
        "Windows-1252, `;`, `1 234,56`"
    );
    assert_eq!(
        statements_json(dir.path(), "bom-tabs.csv"),
        reference,
        "BOM, tabs"
    );
    assert_eq!(
        statements_json(dir.path(), "negative.csv"),
        reference,
        "negative amounts"
    );
    // The Windows-1252 file is said to be one.
    let output = rappro(dir.path(), &["import", "latin.csv", "--rejets", "r.csv"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("latin.csv: attention : fichier lu en Windows-1252/Latin-1"),
        "{stderr}"
    );
}

#[test]
fn several_fiscal_years_are_kept_apart() {
    let (header, blocks) = complet_blocks();
    // The same books in 2020 (a leap year too, so 29 February exists), with other transaction numbers (ids are global in Paheko).
    let earlier: String = blocks
        .iter()
        .map(|block| {
            block
                .split_inclusive("\r\n")
                .map(|line| {
                    let (number, rest) = line[1..].split_once('"').unwrap_or_default();
                    let shifted =
                        format!("\"{}\"{rest}", number.parse::<u64>().unwrap_or(0) + 10_000);
                    shifted.replace("\"2024-", "\"2020-")
                })
                .collect::<String>()
        })
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("2020.csv"), format!("{header}{earlier}")).expect("write");
    std::fs::copy(fixture(COMPLET_CSV), dir.path().join("2024.csv")).expect("copy");
    let output = rappro(dir.path(), &["report", ".", "--out", "out"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for year in ["2020", "2024"] {
        let text = std::fs::read_to_string(
            dir.path()
                .join(format!("out/exercice-{year}/compte-de-resultat.json")),
        )
        .expect("one folder per year");
        let report: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(report["fiscal_year"]["start"], format!("{year}-01-01"));
        assert_eq!(report["scopes"][0]["result"], "6711.06", "{year}");
    }
}

#[test]
fn report_applies_the_configured_project_aliases() {
    // A project written by its code in one export and by its label in the configuration.
    let text = std::fs::read_to_string(fixture(COMPLET_CSV))
        .expect("sample")
        .replace("\"BL-Évolution\"", "\"BL_EVOLUTION\"");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("complet.csv"), text).expect("write");
    std::fs::create_dir(dir.path().join("conf")).expect("mkdir");
    std::fs::write(
        dir.path().join("conf/rappro.toml"),
        "[comptabilite]\nexports = [\"../complet.csv\"]\n\n[[projets]]\nnom = \"BL-Évolution\"\nalias = [\"BL_EVOLUTION\"]\n",
    )
    .expect("config");
    let output = rappro(
        dir.path(),
        &["report", "complet.csv", "--config", "conf", "--out", "out"],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/compte-de-resultat.json")).expect("json"),
    )
    .expect("parses");
    let names: Vec<&str> = report["scopes"]
        .as_array()
        .expect("scopes")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["Global", "BL-Évolution", "Camp CHATONS", "Hors projets"]
    );
    assert_eq!(report["scopes"][1]["result"], "1996.94");
}

/// A file streamed from disk (plain UTF-8 text) and the same bytes read whole give the same
/// rows, entries, rejections and warnings, for every text and spreadsheet file we hold.
#[test]
fn streaming_a_file_reads_it_as_reading_it_whole() {
    let mut files = Vec::new();
    for dir in [
        fixture("paheko"),
        crate::support::root().join("tests/errors"),
    ] {
        for entry in std::fs::read_dir(&dir).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_file()
                // A Paheko backup (SQLite) is read from its file only.
                && !matches!(path.extension(), Some(e) if e == "stderr" || e == "status" || e == "args" || e == "sqlite")
            {
                files.push(path);
            }
        }
    }
    // Line ends of every kind, and a BOM: the streamed path must number lines the same way.
    let dir = tempfile::tempdir().expect("tempdir");
    let complet = std::fs::read(fixture(COMPLET_CSV)).expect("complet");
    let text = String::from_utf8(complet).expect("utf8");
    let variants = [
        ("crlf.csv", text.replace('\n', "\r\n").into_bytes()),
        (
            "bom.csv",
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        ),
        ("blank-lines.csv", text.replace('\n', "\n\n").into_bytes()),
    ];
    for (name, bytes) in variants {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        files.push(path);
    }
    assert!(files.len() > 20, "{} files", files.len());
    for path in files {
        let shown: std::sync::Arc<str> = std::sync::Arc::from("f");
        let streamed = rappro::import::read_books_file_as(&path, shown.clone());
        let bytes = std::fs::read(&path).expect("read");
        let whole = rappro::import::read_books_bytes(&bytes, shown);
        assert_eq!(
            format!("{streamed:?}"),
            format!("{whole:?}"),
            "{}",
            path.display()
        );
    }
}

/// The sample's Simplifié CSV without its « Numéro d'écriture » column, and its FEC text with
/// an empty EcritureNum, written into `dir`.
fn unnumbered_copies(dir: &Path) -> (PathBuf, PathBuf) {
    let simple = std::fs::read_to_string(fixture(
        "paheko/Le Cloud Girofle   Export comptable   Simplifié   Exercice 2024.csv",
    ))
    .expect("simplifié");
    // Every field is quoted and the first one never holds a comma: drop it from each record.
    let mut without_number = String::new();
    for record in simple.split_inclusive("\r\n") {
        let rest = record
            .strip_prefix('"')
            .and_then(|r| r.split_once("\","))
            .map(|(_, rest)| rest)
            .expect("quoted first field");
        without_number.push_str(rest);
    }
    assert!(without_number.starts_with("\"Type\","));
    let simple_path = dir.join("simplifie-sans-numero.csv");
    std::fs::write(&simple_path, without_number).expect("write");
    let fec = std::fs::read_to_string(fixture("paheko/ASSOFEC20241231.txt")).expect("fec");
    let mut emptied = String::new();
    for (idx, record) in fec.split_inclusive("\r\n").enumerate() {
        let mut cells: Vec<&str> = record.split('\t').collect();
        if idx > 0 && cells.len() > 2 {
            cells[2] = "";
        }
        emptied.push_str(&cells.join("\t"));
    }
    let fec_path = dir.join("fec-sans-numero.txt");
    std::fs::write(&fec_path, emptied).expect("write");
    (simple_path, fec_path)
}

#[test]
fn exports_without_numbers_beside_the_complet_count_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (simple, fec) = unnumbered_copies(dir.path());
    let (_, alone) = report_of(&[fixture(COMPLET_CSV)]);
    for mix in [
        vec![fixture(COMPLET_CSV), simple.clone()],
        vec![fixture(COMPLET_CSV), fec.clone()],
        vec![simple.clone(), fixture(COMPLET_CSV), fec.clone()],
    ] {
        let (books, report) = report_of(&mix);
        assert!(books.rejected.is_empty(), "{mix:?}: {:?}", books.rejected);
        assert_eq!(books.years[0].entries.len(), 368, "{mix:?}");
        let total = books.total();
        assert_eq!(total.accepted, 737, "{mix:?}: only the Complet's rows");
        assert_eq!(total.rows, total.accepted + total.duplicates, "{mix:?}");
        assert_same_figures(&report, &alone, &format!("{mix:?}"));
        assert!(
            books
                .warnings
                .iter()
                .any(|w| w.code() == "duplicates_by_content"),
            "{mix:?}: the de-duplication by content is named"
        );
    }
}

#[test]
fn an_unnumbered_export_missing_a_twin_is_refused_not_guessed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (simple, _) = unnumbered_copies(dir.path());
    // The Complet has one more copy of a Simplifié transaction: which one is the double?
    let (header, blocks) = complet_blocks();
    let twin = blocks
        .iter()
        .find(|b| b.lines().count() == 2 && b.contains("\"Recette\""))
        .expect("a simple Recette")
        .clone();
    let number = twin.split(',').next().expect("number").to_owned();
    let copy = twin.replace(&format!("{number},"), "\"99999\",");
    let complet = dir.path().join("complet.csv");
    std::fs::write(&complet, format!("{header}{}{copy}", blocks.concat())).expect("write");
    let books =
        rappro::pipeline::import_books(&[complet, simple], &BookOptions::default(), &mut |_| {});
    let codes: Vec<&str> = books.rejected.iter().map(|r| r.reason.code()).collect();
    assert_eq!(codes, ["ambiguous_duplicate"], "{:?}", books.rejected);
    assert!(
        books.rejected[0]
            .to_string()
            .contains("retirez du lot ce fichier sans numéros d'écriture"),
        "{}",
        books.rejected[0]
    );
    assert_eq!(books.total().accepted, 737 + 2);
}
