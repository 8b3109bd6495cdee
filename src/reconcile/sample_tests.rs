//! End-to-end on the « Le Cloud Girofle 2024 » sample: the seven planted discrepancies,
//! nothing else of severity error or warning, and golden files for every rendering.
//!
//! The sample is read by the real importers (see `crate::testing`).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::{Date, Entry, Invoice, Money};
use crate::reconcile::{
    Basis, Kind, ProjectKey, ProjectRule, ProjectSplit, Reconciliation, Rules, ServicePattern,
    Severity, Supplier, Tolerances, reconcile,
};
use crate::report::ecarts::{ecarts_csv, ecarts_json, ecarts_md, lignes_csv, summary_text};
use crate::testing;

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|| panic!("date {text:?}"))
}

/// The ledger's entries, through the real importer.
pub(super) fn load_ledger() -> Vec<Entry> {
    testing::sample_year().entries
}

/// The sample's invoices, through the real readers.
pub(super) fn load_invoices() -> Vec<Invoice> {
    testing::sample_invoices()
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

/// A split as expected.json writes it: no project is « (aucun) ».
fn plain_map(m: Option<&ProjectSplit>) -> Option<BTreeMap<String, String>> {
    let name = |k: &ProjectKey| match k {
        ProjectKey::Named(name) => name.to_string(),
        ProjectKey::None => "(aucun)".to_owned(),
    };
    m.map(|m| m.iter().map(|(k, v)| (name(k), v.to_plain())).collect())
}

fn joined(accounts: &Option<Vec<Arc<str>>>) -> Option<String> {
    accounts.as_ref().map(|a| a.join(", "))
}

#[test]
fn finds_exactly_the_seven_planted_discrepancies() {
    let rec = sample();
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(testing::fixture("expected.json")).expect("expected.json"),
    )
    .expect("expected.json");
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
        serious.iter().map(|d| &d.finding).collect::<Vec<_>>()
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
                assert_eq!(joined(&ev.expected_accounts), s("expected_account"));
                assert_eq!(joined(&ev.booked_accounts), s("booked_account"));
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
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/reconcile")
        .join(name);
    testing::check_golden(&path, actual)
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
