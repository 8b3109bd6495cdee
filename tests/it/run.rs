//! `rappro run` on the treasurer's folder: the seven planted discrepancies and nothing else,
//! golden reports, decisions, `rappro init`.

use std::path::Path;

use crate::support::{assert_golden, copy_dir, fixture, rappro, root, snapshot};

const OUTPUTS: [&str; 9] = [
    "compte-de-resultat.json",
    "compte-de-resultat.csv",
    "bilan-financier.md",
    "rapport.html",
    "ecarts.json",
    "ecarts.md",
    "ecarts.csv",
    "lignes.csv",
    "rejets.csv",
];

/// Copies the sample folder (exports, invoices, rappro.toml) into a temp folder.
fn sample_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("samples/girofle-2024"), dir.path());
    dir
}

fn run(folder: &Path) -> (std::process::Output, std::path::PathBuf) {
    let out = folder.join("rapports");
    let args = ["run", ".", "--out", "rapports"];
    (rappro(folder, &args), out)
}

fn ecarts(out: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join("ecarts.json")).expect("ecarts.json");
    serde_json::from_str(&text).expect("ecarts.json parses")
}

#[test]
fn run_on_the_sample_finds_the_seven_planted_discrepancies_and_nothing_else() {
    let folder = sample_folder();
    let (output, out) = run(folder.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "open discrepancies: exit 1\n{stderr}"
    );
    assert!(stderr.is_empty(), "no rejection, no warning: {stderr}");
    let found = ecarts(&out);
    let serious: Vec<&serde_json::Value> = found["discrepancies"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["severity"] != "info")
        .collect();
    let expected_text = std::fs::read_to_string(fixture("expected.json")).expect("expected.json");
    let expected: serde_json::Value = serde_json::from_str(&expected_text).expect("parses");
    let planted = expected["planted"].as_array().expect("planted");
    assert_eq!(serious.len(), planted.len(), "{serious:#?}");
    for plant in planted {
        let hit = serious.iter().find(|d| {
            d["kind"] == plant["kind"]
                && d["supplier"] == plant["supplier"]
                && match plant.get("invoice") {
                    Some(invoice) => d["invoice"] == *invoice,
                    None => d["reference"] == plant["booked_reference"],
                }
        });
        assert!(hit.is_some(), "planted {plant} not found");
    }
    // Its compte de résultats is the published one.
    let statement =
        std::fs::read_to_string(out.join("compte-de-resultat.json")).expect("statement");
    let statement: serde_json::Value = serde_json::from_str(&statement).expect("parses");
    assert_eq!(statement["scopes"][0]["total_expenses"], "25801.25");
    assert_eq!(statement["scopes"][0]["result"], "6711.06");
}

#[test]
fn run_reports_are_golden_and_deterministic() {
    let folder = sample_folder();
    let out_dir = folder.path().join("rapports");
    let inputs = snapshot(folder.path(), &out_dir);
    let (output, out) = run(folder.path());
    assert_eq!(
        snapshot(folder.path(), &out_dir),
        inputs,
        "reading changed an input"
    );
    assert_eq!(output.status.code(), Some(1));
    let first: Vec<Vec<u8>> = OUTPUTS
        .iter()
        .map(|name| std::fs::read(out.join(name)).expect("report"))
        .collect();
    for (name, bytes) in OUTPUTS.iter().zip(&first) {
        assert_golden(&root().join("tests/golden/run").join(name), bytes);
    }
    assert_golden(&root().join("tests/golden/run/stdout.txt"), &output.stdout);
    // A second run on the same input writes the same bytes, and reads none of its own outputs.
    let (again, _) = run(folder.path());
    assert_eq!(again.status.code(), Some(1));
    let second: Vec<Vec<u8>> = OUTPUTS
        .iter()
        .map(|name| std::fs::read(out.join(name)).expect("report"))
        .collect();
    assert_eq!(first, second);
}

#[test]
fn decisions_accept_a_discrepancy_and_stale_ones_are_reported() {
    let folder = sample_folder();
    std::fs::write(
        folder.path().join("decisions.toml"),
        "[[decision]]\n\
         type = \"amount_mismatch\"\n\
         facture = \"FR05139823\"\n\
         raison = \"Avoir de 0,36 € reçu en avril\"\n\
         par = \"Trésorière\"\n\
         date = \"2025-02-10\"\n\
         \n\
         [[decision]]\n\
         type = \"invoice_without_entry\"\n\
         facture = \"FR00000000\"\n\
         raison = \"Facture annulée\"\n",
    )
    .expect("decisions");
    let (output, out) = run(folder.path());
    assert_eq!(output.status.code(), Some(1), "six discrepancies stay open");
    let found = ecarts(&out);
    let accepted: Vec<&serde_json::Value> = found["discrepancies"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["status"] == "accepted")
        .collect();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0]["invoice"], "FR05139823");
    let stale = found["stale_decisions"]
        .as_array()
        .expect("stale decisions");
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(stale[0].to_string().contains("FR00000000"));
    let markdown = std::fs::read_to_string(out.join("ecarts.md")).expect("ecarts.md");
    assert!(
        markdown.contains("Avoir de 0,36 € reçu en avril"),
        "{markdown}"
    );
}

#[test]
fn a_decision_of_an_unknown_kind_is_a_clear_error() {
    let folder = sample_folder();
    std::fs::write(
        folder.path().join("decisions.toml"),
        "[[decision]]\ntype = \"montant\"\nfacture = \"FR05139823\"\nraison = \"x\"\n",
    )
    .expect("decisions");
    let (output, _) = run(folder.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("décision n° 1 : type d'écart inconnu « montant »"),
        "{stderr}"
    );
}

#[test]
fn a_missing_configuration_says_how_to_make_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = rappro(dir.path(), &["run", ".", "--out", "rapports"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("rappro.toml introuvable"), "{stderr}");
    assert!(stderr.contains("rappro init"), "{stderr}");
}

#[test]
fn init_writes_a_configuration_that_runs() {
    let folder = sample_folder();
    std::fs::remove_file(folder.path().join("rappro.toml")).expect("remove sample config");
    let output = rappro(folder.path(), &["init", "."]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let config = std::fs::read_to_string(folder.path().join("rappro.toml")).expect("written");
    for supplier in ["ovh", "kimsufi", "retzo"] {
        assert!(config.contains(&format!("id = \"{supplier}\"")), "{config}");
    }
    // It does not overwrite.
    let again = rappro(folder.path(), &["init", "."]);
    assert_eq!(again.status.code(), Some(2));
    // And the configuration it wrote runs (without project rules, more lines are to check).
    let (output, out) = run(folder.path());
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.join("ecarts.json").exists());
}

#[test]
fn rejected_input_is_a_discrepancy_too() {
    let folder = sample_folder();
    let retzo = folder.path().join("factures/retzo/factures-retzo-2024.csv");
    let mut text = std::fs::read_to_string(&retzo).expect("retzo list");
    text.push_str("R2024-013;31/12/2024;Sauvegardes;55,0,0\n");
    std::fs::write(&retzo, text).expect("write");
    let (output, out) = run(folder.path());
    assert_eq!(output.status.code(), Some(2), "rejected input: exit 2");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("factures/retzo/factures-retzo-2024.csv:13: montant invalide « 55,0,0 » dans la colonne « Montant TTC »"),
        "{stderr}"
    );
    let found = ecarts(&out);
    let rejected: Vec<&serde_json::Value> = found["discrepancies"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["kind"] == "rejected_input")
        .collect();
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0]["severity"], "error");
    let rejets = std::fs::read_to_string(out.join("rejets.csv")).expect("rejets.csv");
    assert!(
        rejets.contains("factures/retzo/factures-retzo-2024.csv;13;bad_amount;"),
        "{rejets}"
    );
}

#[test]
fn export_patterns_never_read_a_previous_runs_reports() {
    let folder = sample_folder();
    let (first, out) = run(folder.path());
    assert_eq!(first.status.code(), Some(1));
    let config_path = folder.path().join("rappro.toml");
    let config = std::fs::read_to_string(&config_path).expect("config");
    let widened = config.replace(
        "exports = [\"paheko/*Complet*.csv\", \"paheko/*Complet*.ods\"]",
        "exports = [\"paheko/*Complet*.csv\", \"paheko/*Complet*.ods\", \"rapports/*.csv\"]",
    );
    assert_ne!(
        widened, config,
        "the sample's exports line changed: update this test"
    );
    std::fs::write(&config_path, widened).expect("write config");
    let (second, _) = run(folder.path());
    assert_eq!(
        second.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(
        std::fs::read(out.join("ecarts.json")).expect("ecarts"),
        std::fs::read(root().join("tests/golden/run/ecarts.json")).expect("golden")
    );
}

/// The library driven from one value: the `run` job of the sample folder, and its outcome.
#[test]
fn the_sample_job_gives_open_discrepancies_and_counts_that_add_up() {
    use rappro::pipeline::{self, ExitStatus, Inputs, Job, Output};
    let out = tempfile::tempdir().expect("tempdir");
    let folder = root().join("samples/girofle-2024");
    let job = Job::from_folder(&folder, out.path()).expect("the sample's configuration");
    assert!(
        matches!(&job.inputs, Inputs::Patterns { exports, chart: Some(_), .. } if exports.len() == 2)
    );
    assert_eq!(job.output, Output::Folder(out.path().to_path_buf()));
    let mut files_read = 0;
    let outcome = pipeline::run(&job, &mut |event| {
        if let pipeline::Progress::FileRead { .. } = event {
            files_read += 1;
        }
    })
    .expect("the job runs");
    assert_eq!(outcome.status, ExitStatus::OpenDiscrepancies);
    assert_eq!(outcome.status.code(), 1);
    assert!(outcome.rejected.is_empty());
    assert_eq!(files_read, 3, "two exports and the chart");
    let total = outcome.books.total();
    assert_eq!(
        (total.rows, total.accepted, total.duplicates, total.rejected),
        (2036, 1299, 737, 0)
    );
    assert_eq!(outcome.books.years.len(), 1);
    assert_eq!(outcome.books.years[0].entries.len(), 368);
    let invoices = outcome.invoices.as_ref().expect("run reads invoices");
    let counts: Vec<(&str, u64, u64)> = invoices
        .files
        .iter()
        .map(|f| (&*f.kind, f.rows, f.accepted))
        .collect();
    assert_eq!(
        counts,
        [("ovh", 26, 26), ("kimsufi", 13, 13), ("retzo", 11, 11)]
    );
    assert_eq!(outcome.years.len(), 1);
    assert_eq!(outcome.years[0].folder, out.path());
    let rec = outcome.years[0]
        .reconciliation
        .as_ref()
        .expect("run reconciles");
    assert_eq!(rec.discrepancies.len(), 7);
    assert_eq!(outcome.open_problems(), 7);
    for name in OUTPUTS {
        assert!(out.path().join(name).is_file(), "{name} written");
    }
}
