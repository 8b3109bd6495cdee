//! End-to-end on the « Le Cloud Girofle 2024 » sample: the seven planted discrepancies,
//! nothing else of severity error or warning, and golden files for every rendering.
//!
//! The readers here are deliberately small stand-ins for the real importers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::{Date, Entry, EntryKind, ExportType, Invoice, InvoiceLine, Line, Money, Source};
use crate::reconcile::{
    Basis, Kind, ProjectRule, Reconciliation, Rules, ServicePattern, Severity, Supplier,
    Tolerances, reconcile,
};
use crate::report::ecarts::{ecarts_csv, ecarts_json, ecarts_md, lignes_csv, summary_text};

const DATASET: &str = "tests/fixtures/girofle-2024";
const LEDGER: &str = "paheko/Le Cloud Girofle   Export comptable   Complet   Exercice 2024.csv";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(DATASET).join(rel)).expect("fixture readable")
}

fn money(text: &str) -> Money {
    Money::parse(text).unwrap_or_else(|e| panic!("amount {text:?}: {e:?}"))
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|| panic!("date {text:?}"))
}

/// The Complet CSV, grouped by « Numéro d'écriture ».
pub(super) fn load_ledger() -> Vec<Entry> {
    let file: Arc<str> = Arc::from(format!("{DATASET}/{LEDGER}"));
    let text = read(LEDGER);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("header").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name}"))
    };
    let (num, typ, status, label, day, notes, piece, account, account_label) = (
        col("Numéro d'écriture"),
        col("Type"),
        col("Statut"),
        col("Libellé"),
        col("Date"),
        col("Remarques"),
        col("Numéro pièce comptable"),
        col("Numéro compte"),
        col("Libellé compte"),
    );
    let (debit, credit, line_ref, line_label, rappro, letter, project, members) = (
        col("Débit"),
        col("Crédit"),
        col("Référence ligne"),
        col("Libellé ligne"),
        col("Rapprochement"),
        col("Lettrage"),
        col("Projet analytique"),
        col("Membres associés"),
    );
    let mut entries: Vec<Entry> = Vec::new();
    for record in reader.records() {
        let record = record.expect("record");
        let row = record.position().expect("position").line();
        let line = Line {
            account: Arc::from(&record[account]),
            account_label: Arc::from(&record[account_label]),
            debit: money(&record[debit]),
            credit: money(&record[credit]),
            reference: record[line_ref].into(),
            label: record[line_label].into(),
            project: (!record[project].is_empty()).then(|| Arc::from(&record[project])),
            reconciled: &record[rappro] == "1",
            letter: record[letter].into(),
            line: row,
        };
        match entries.last_mut() {
            Some(e) if *e.number == record[num] => {
                e.lines.push(line);
                e.rows += 1;
            }
            _ => entries.push(Entry {
                number: record[num].into(),
                kind: EntryKind::from_french(&record[typ]),
                status: record[status].into(),
                label: record[label].into(),
                date: date(&record[day]),
                notes: record[notes].into(),
                reference: record[piece].into(),
                members: record[members].into(),
                lines: vec![line],
                export: ExportType::Full,
                source: Source::new(file.clone(), row),
                rows: 1,
            }),
        }
    }
    entries
}

/// OVH's API dump, amounts from the JSON numbers' text.
pub(super) fn load_ovh() -> Vec<Invoice> {
    let rel = "factures/ovh/bills-2024.json";
    let file: Arc<str> = Arc::from(format!("{DATASET}/{rel}"));
    let bills: serde_json::Value = serde_json::from_str(&read(rel)).expect("json");
    let amount = |v: &serde_json::Value| money(&v["value"].to_string());
    bills
        .as_array()
        .expect("array")
        .iter()
        .enumerate()
        .map(|(n, b)| {
            let total = amount(&b["priceWithTax"]);
            Invoice {
                supplier: Arc::from("ovh"),
                number: b["billId"].as_str().expect("billId").to_owned(),
                date: date(b["date"].as_str().expect("date")),
                total,
                total_ht: Some(amount(&b["priceWithoutTax"])),
                credit_note: total.is_negative(),
                original: None,
                label: String::new(),
                lines: b["details"]
                    .as_array()
                    .expect("details")
                    .iter()
                    .map(|d| InvoiceLine {
                        description: d["description"].as_str().unwrap_or_default().to_owned(),
                        service: d["domain"].as_str().unwrap_or_default().to_owned(),
                        amount_ht: amount(&d["totalPrice"]),
                    })
                    .collect(),
                source: Source::new(file.clone(), n as u64 + 1),
            }
        })
        .collect()
}

/// A simple CSV list: number, date, HT (optional) and TTC columns.
fn load_list(
    rel: &str,
    supplier: &str,
    sep: char,
    cols: (usize, usize, Option<usize>, usize),
) -> Vec<Invoice> {
    let file: Arc<str> = Arc::from(format!("{DATASET}/{rel}"));
    read(rel)
        .lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            let cells: Vec<&str> = l.split(sep).collect();
            Invoice {
                supplier: Arc::from(supplier),
                number: cells[cols.0].to_owned(),
                date: date(cells[cols.1]),
                total: money(cells[cols.3]),
                total_ht: cols.2.map(|c| money(cells[c])),
                credit_note: false,
                original: None,
                label: String::new(),
                lines: Vec::new(),
                source: Source::new(file.clone(), n as u64 + 1),
            }
        })
        .collect()
}

pub(super) fn load_invoices() -> Vec<Invoice> {
    let mut all = load_ovh();
    all.extend(load_list(
        "factures/kimsufi/factures-2024.csv",
        "kimsufi",
        ',',
        (0, 2, Some(3), 4),
    ));
    all.extend(load_list(
        "factures/retzo/factures-retzo-2024.csv",
        "retzo",
        ';',
        (0, 1, None, 3),
    ));
    all
}

pub(super) fn sample_rules() -> Rules {
    let supplier = |id: &str, name: &str, account: &str| Supplier {
        id: Arc::from(id),
        name: name.to_owned(),
        accounts: vec![account.to_owned()],
    };
    Rules {
        suppliers: vec![
            supplier("ovh", "OVH", "604A"),
            supplier("kimsufi", "Kimsufi", "604F"),
            supplier("retzo", "Retzo", "604C"),
        ],
        projects: [
            "ns3111630.ip-51-77-214.eu",
            "ns3196618.ip-51-77-199.eu",
            "ns3128098.ip-51-77-164.eu",
        ]
        .into_iter()
        .map(|s| ProjectRule {
            supplier: Some(Arc::from("ovh")),
            service: ServicePattern::Exact(s.to_owned()),
            project: "BL-Évolution".to_owned(),
        })
        .collect(),
        tolerances: Tolerances::default(),
        basis: Basis::Ttc,
        fiscal_year: (date("2024-01-01"), date("2024-12-31")),
    }
}

pub(super) fn sample() -> Reconciliation {
    reconcile(&load_ledger(), &load_invoices(), &sample_rules(), &[])
}

#[test]
fn loads_the_whole_sample() {
    let entries = load_ledger();
    assert_eq!(entries.len(), 368);
    assert_eq!(entries.iter().map(|e| e.lines.len()).sum::<usize>(), 737);
    let invoices = load_invoices();
    assert_eq!(invoices.len(), 26 + 13 + 11);
}

fn plain(m: Option<Money>) -> Option<String> {
    m.map(Money::to_plain)
}

fn plain_map(m: Option<&BTreeMap<String, Money>>) -> Option<BTreeMap<String, String>> {
    m.map(|m| m.iter().map(|(k, v)| (k.clone(), v.to_plain())).collect())
}

#[test]
fn finds_exactly_the_seven_planted_discrepancies() {
    let rec = sample();
    let expected: serde_json::Value =
        serde_json::from_str(&read("expected.json")).expect("expected.json");
    let planted = expected["planted"].as_array().expect("planted");
    let serious: Vec<_> = rec
        .discrepancies
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .collect();
    assert_eq!(
        serious.len(),
        planted.len(),
        "{:#?}",
        serious.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    for p in planted {
        let kind = Kind::from_code(p["kind"].as_str().expect("kind")).expect("known kind");
        let supplier = p["supplier"].as_str().expect("supplier");
        let found = serious
            .iter()
            .find(|d| {
                d.kind == kind
                    && d.supplier.as_deref() == Some(supplier)
                    && match p["invoice"].as_str() {
                        Some(number) => d.invoice.as_deref() == Some(number),
                        None => d.reference.as_deref() == p["booked_reference"].as_str(),
                    }
            })
            .unwrap_or_else(|| panic!("planted {p} not found"));
        let ev = &found.evidence;
        let s = |key: &str| p[key].as_str().map(str::to_owned);
        match kind {
            Kind::ReferenceMismatch => {
                assert_eq!(found.severity, Severity::Warning);
                assert_eq!(found.reference, s("booked_reference"));
                assert_eq!(found.entry.as_deref(), Some("269"));
            }
            Kind::ProjectMismatch => {
                let map = |key: &str| -> Option<BTreeMap<String, String>> {
                    serde_json::from_value(p[key].clone()).ok()
                };
                assert_eq!(plain_map(ev.expected_projects.as_ref()), map("expected"));
                assert_eq!(plain_map(ev.booked_projects.as_ref()), map("booked"));
            }
            Kind::DuplicateEntry => {
                assert_eq!(found.entry.as_deref(), Some("198"));
                assert_eq!(ev.kept_entry.as_deref(), Some("184"));
            }
            Kind::AmountMismatch => {
                assert_eq!(plain(ev.invoice_amount), s("invoice_amount"));
                assert_eq!(plain(ev.booked_amount), s("booked_amount"));
            }
            Kind::WrongAccount => {
                assert_eq!(ev.expected_account, s("expected_account"));
                assert_eq!(ev.booked_account, s("booked_account"));
            }
            Kind::InvoiceWithoutEntry => {
                assert_eq!(plain(ev.invoice_amount), s("amount"));
                assert_eq!(found.entry, None);
            }
            Kind::EntryWithoutInvoice => {
                assert_eq!(plain(ev.booked_amount), s("amount"));
                assert_eq!(found.entry.as_deref(), Some("228"));
            }
            other => panic!("unexpected planted kind {other:?}"),
        }
    }
    // FR05139534 is split 248,36 BL + 3,60 none and booked right.
    assert!(
        rec.discrepancies
            .iter()
            .all(|d| d.invoice.as_deref() != Some("FR05139534"))
    );
    assert!(rec.stale_decisions.is_empty());
}

#[test]
fn every_supplier_line_gets_a_status() {
    let rec = sample();
    // 50 candidate entries (49 matched or duplicate + R2024-008), FR05139534 has two 604 lines.
    assert_eq!(rec.entry_states.len(), 51);
    assert_eq!(rec.lines.len(), 52);
    assert_eq!(rec.matches.len(), 49);
}

fn golden(name: &str, actual: &[u8]) -> Result<(), String> {
    let path = root().join("tests/golden/reconcile").join(name);
    check_golden(&path, actual)
}

/// Compares with the stored golden file, or writes it with `UPDATE_GOLDEN=1` or when missing
/// (a missing golden is an error, so that a new one is always looked at).
fn check_golden(path: &Path, actual: &[u8]) -> Result<(), String> {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    match std::fs::read(path) {
        Ok(stored) if !update => {
            if stored != actual {
                let old = String::from_utf8_lossy(&stored);
                let new = String::from_utf8_lossy(actual);
                let diff = similar::TextDiff::from_lines(&*old, &*new)
                    .unified_diff()
                    .header("golden", "actual")
                    .to_string();
                return Err(format!(
                    "{} differs (UPDATE_GOLDEN=1 to accept):\n{diff}",
                    path.display()
                ));
            }
            Ok(())
        }
        stored => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).expect("golden folder");
            }
            std::fs::write(path, actual).expect("golden written");
            if update || stored.is_ok() {
                Ok(())
            } else {
                Err(format!(
                    "{} was missing: written, check it and run again",
                    path.display()
                ))
            }
        }
    }
}

#[test]
fn sample_renderings_match_golden_files() {
    let rec = sample();
    let failures: Vec<String> = [
        golden("ecarts.json", ecarts_json(&rec).as_bytes()),
        golden("ecarts.md", ecarts_md(&rec).as_bytes()),
        golden("ecarts.csv", &ecarts_csv(&rec)),
        golden("lignes.csv", &lignes_csv(&rec)),
        golden("resume.txt", summary_text(&rec).as_bytes()),
    ]
    .into_iter()
    .filter_map(Result::err)
    .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
