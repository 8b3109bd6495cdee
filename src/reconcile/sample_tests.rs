//! End-to-end on the « Le Cloud Girofle 2024 » sample: the seven planted discrepancies and
//! nothing else of severity error or warning, asserted on the typed findings. The renderings
//! of this sample are golden files owned by `report::ecarts_tests`.
//!
//! The sample is read by the real importers (see `crate::testing`).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::Money;
use crate::reconcile::testdata::{load_invoices, load_ledger, sample};
use crate::reconcile::{Finding, Kind, ProjectKey, ProjectSplit, Severity};
use crate::testing;

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
        assert_eq!(found.finding.kind(), kind);
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
                assert!(matches!(
                    &found.finding,
                    Finding::DuplicateEntry { entry, kept_entry, .. }
                        if entry.number == "198" && kept_entry == "184"
                ));
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
    assert!(rec.discrepancies.iter().all(|d| d.finding.kind() == d.kind));
}

#[test]
fn every_supplier_line_gets_a_status() {
    let rec = sample();
    // 50 candidate entries (49 matched or duplicate + R2024-008), FR05139534 has two 604 lines.
    assert_eq!(rec.entry_states.len(), 51);
    assert_eq!(rec.lines.len(), 52);
    assert_eq!(rec.matches.len(), 49);
}
