//! Smoke test of the benchmark's generator and harness (bench/synth.rs, bench/harness.rs)
//! at a tiny size: the data are deterministic, the real `rappro` binary finds the generator's
//! figures and exactly its planted discrepancies, and the harness still runs and writes its
//! table. Nothing here judges a time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::harness;
use crate::support::{files, rappro};
use crate::synth;

const LINES: u64 = 400;

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("read JSON");
    serde_json::from_str(&text).expect("JSON parses")
}

fn folder(seed: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let books = synth::generate(seed, synth::Target::CompletLines(LINES));
    let outputs = synth::Outputs {
        complet_ods: true,
        ..synth::Outputs::all()
    };
    synth::write_folder(dir.path(), &books, outputs).expect("write folder");
    dir
}

/// The statement's scopes reduced to what attendu.json holds.
fn scopes_of(statement: &serde_json::Value) -> serde_json::Value {
    let side = |lines: &serde_json::Value| -> BTreeMap<String, serde_json::Value> {
        lines
            .as_array()
            .expect("lines")
            .iter()
            .map(|l| {
                (
                    l["account"].as_str().expect("account").to_owned(),
                    l["amount"].clone(),
                )
            })
            .collect()
    };
    let scopes: Vec<serde_json::Value> = statement["scopes"]
        .as_array()
        .expect("scopes")
        .iter()
        .map(|s| {
            serde_json::json!({
                "scope": s["scope"],
                "name": s["name"],
                "expenses": side(&s["expenses"]),
                "income": side(&s["income"]),
                "total_expenses": s["total_expenses"],
                "total_income": s["total_income"],
                "result": s["result"],
            })
        })
        .collect();
    serde_json::Value::Array(scopes)
}

#[test]
fn the_generator_is_deterministic_and_the_seed_matters() {
    let first = folder(7);
    let again = folder(7);
    let other = folder(8);
    let first_files = files(first.path());
    assert!(
        first_files.len() >= 6,
        "exports, invoices, configuration, expected figures: {:?}",
        first_files.keys()
    );
    assert_eq!(first_files, files(again.path()), "same seed, same bytes");
    let complet = PathBuf::from("paheko").join(synth::complet_csv_name());
    let other_files = files(other.path());
    assert_ne!(
        first_files.get(&complet),
        other_files.get(&complet),
        "another seed, another book"
    );
    let records = csv::Reader::from_reader(first_files[&complet].as_slice())
        .into_byte_records()
        .count();
    assert_eq!(records as u64, LINES, "exactly the asked number of lines");
}

#[test]
fn report_on_the_synthetic_complet_export_gives_the_expected_figures() {
    let dir = folder(11);
    let expected = read_json(&dir.path().join("attendu.json"));
    for (export, figures) in [
        (synth::complet_csv_name(), "complet"),
        (synth::complet_ods_name(), "complet"),
        (synth::simple_csv_name(), "simplifie"),
    ] {
        let path = format!("paheko/{export}");
        let output = rappro(dir.path(), &["report", &path, "--out", "sortie"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{export}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let statement = read_json(&dir.path().join("sortie/compte-de-resultat.json"));
        assert_eq!(
            scopes_of(&statement),
            expected[figures]["scopes"],
            "{export}"
        );
        assert_eq!(
            statement["cash"]["closing"], expected[figures]["cash_closing"],
            "{export}"
        );
        let transactions = expected[figures]["transactions"].as_u64().expect("count");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains(&format!(": {transactions} écritures")),
            "{export}: {stdout}"
        );
    }
}

#[test]
fn run_on_the_synthetic_folder_finds_exactly_the_planted_discrepancies() {
    let dir = folder(23);
    let expected = read_json(&dir.path().join("attendu.json"));
    let planted = expected["planted"].as_array().expect("planted");
    let kinds: std::collections::BTreeSet<&str> = planted
        .iter()
        .map(|p| p["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds.len(), 7, "every kind planted at this size: {kinds:?}");
    let output = rappro(dir.path(), &["run", ".", "--out", "rapports"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "open discrepancies: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let found = read_json(&dir.path().join("rapports/ecarts.json"));
    let key = |d: &serde_json::Value| {
        let id = if d["invoice"].is_null() {
            &d["reference"]
        } else {
            &d["invoice"]
        };
        (
            d["kind"].to_string(),
            d["supplier"].to_string(),
            id.to_string(),
        )
    };
    let mut got: Vec<_> = found["discrepancies"]
        .as_array()
        .expect("discrepancies")
        .iter()
        .map(key)
        .collect();
    let mut want: Vec<_> = planted.iter().map(key).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    let statement = read_json(&dir.path().join("rapports/compte-de-resultat.json"));
    assert_eq!(scopes_of(&statement), expected["complet"]["scopes"]);
}

#[test]
fn the_harness_runs_at_a_tiny_size_and_writes_its_table() {
    let work = tempfile::tempdir().expect("tempdir");
    let markdown = work.path().join("PERFORMANCE.md");
    let config = harness::Config {
        rappro: PathBuf::from(env!("CARGO_BIN_EXE_rappro")),
        sizes: vec![200],
        repetitions: 1,
        seed: 3,
        data: work.path().join("donnees"),
        markdown: markdown.clone(),
        install: false,
        hledger_max: 200,
        ods_max: 200,
        command: "test".to_owned(),
    };
    let report = harness::run(&config).expect("harness runs");
    let page = std::fs::read_to_string(&markdown).expect("page written");
    assert_eq!(page, report.markdown);
    use harness::{Input, Outcome, Tool};
    for (tool, input) in [
        (Tool::Cat, Input::CompletCsv),
        (Tool::CsvPass, Input::CompletCsv),
        (Tool::RapproReport, Input::CompletCsv),
        (Tool::RapproReport, Input::CompletOds),
        (Tool::RapproRun, Input::Folder),
        (Tool::Cat, Input::SimpleCsv),
        (Tool::CsvPass, Input::SimpleCsv),
        (Tool::RapproReport, Input::SimpleCsv),
    ] {
        let row = report
            .rows
            .iter()
            .find(|r| r.tool == tool && r.input == input && r.size == 200)
            .unwrap_or_else(|| panic!("no row for {tool:?} {input:?}"));
        let checked = matches!(row.tool, Tool::RapproReport | Tool::RapproRun);
        assert!(
            matches!(row.outcome, Outcome::Measured { checked: c, .. } if c == checked),
            "{tool:?} {input:?}: {:?}",
            row.outcome
        );
        let line = format!("| {} | {} | 200 |", tool.name(), input.name());
        assert!(page.contains(&line), "{line} missing from:\n{page}");
    }
    // hledger is optional: absent, or measured and giving the same result as rappro.
    for tool in [
        Tool::HledgerCsvIs,
        Tool::HledgerPrint,
        Tool::HledgerJournalIs,
    ] {
        let row = report
            .rows
            .iter()
            .find(|r| r.tool == tool)
            .unwrap_or_else(|| panic!("no row for {tool:?}"));
        assert!(
            matches!(row.outcome, Outcome::Absent | Outcome::Measured { .. }),
            "{tool:?}: {:?}",
            row.outcome
        );
    }
    assert_eq!(report.goals.len(), 8);
    assert!(
        report.goals.iter().all(|g| g.met.is_none()),
        "no goal size measured"
    );
    for heading in [
        "## Machine and versions",
        "## Results",
        "## hledger side by side",
        "## Goals (issue 4)",
    ] {
        assert!(page.contains(heading), "{heading}");
    }
}
