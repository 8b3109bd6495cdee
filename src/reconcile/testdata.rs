//! Builders shared by the tests of `reconcile` and of its renderers in `report`: entries,
//! invoices and rules made by hand, and the Girofle 2024 sample read with the real importers.

use std::sync::Arc;

use crate::model::{Date, Entry, EntryKind, ExportType, Invoice, InvoiceLine, Line, Money, Source};
use crate::reconcile::{
    Basis, ProjectKey, ProjectRule, Reconciliation, Rules, ServicePattern, Supplier, Tolerances,
    reconcile,
};
use crate::testing;

pub(crate) fn day(text: &str) -> Date {
    Date::parse(text).expect("valid date")
}

pub(crate) fn eur(cents: i64) -> Money {
    Money::from_cents(cents)
}

pub(crate) fn line(account: &str, debit: i64, credit: i64, project: Option<&str>) -> Line {
    Line {
        account: Arc::from(account),
        account_label: Arc::from(""),
        debit: eur(debit),
        credit: eur(credit),
        text: None,
        project: project.map(Arc::from),
        reconciled: false,
        line: 0,
    }
}

pub(crate) fn entry(
    number: &str,
    date: &str,
    piece: &str,
    label: &str,
    mut lines: Vec<Line>,
) -> Entry {
    let row: u64 = number.parse().unwrap_or(1) * 10;
    for (n, l) in lines.iter_mut().enumerate() {
        l.line = row + n as u64;
    }
    Entry {
        number: number.into(),
        kind: Some(EntryKind::Expense),
        status: "".into(),
        label: label.into(),
        date: day(date),
        notes: "".into(),
        reference: piece.into(),
        members: "".into(),
        lines,
        export: ExportType::Full,
        source: Source::new(Arc::from("journal.csv"), row),
        rows: 2,
    }
}

/// An expense of `cents` on `account` (a credit note when negative), paid from 5121.
pub(crate) fn expense(number: &str, date: &str, piece: &str, account: &str, cents: i64) -> Entry {
    let lines = if cents >= 0 {
        vec![line(account, cents, 0, None), line("5121", 0, cents, None)]
    } else {
        vec![
            line(account, 0, -cents, None),
            line("5121", -cents, 0, None),
        ]
    };
    entry(number, date, piece, &format!("Facture {piece}"), lines)
}

pub(crate) fn invoice(supplier: &str, number: &str, date: &str, cents: i64) -> Invoice {
    Invoice {
        supplier: Arc::from(supplier),
        number: number.to_owned(),
        date: day(date),
        total: eur(cents),
        total_ht: None,
        credit_note: cents < 0,
        original: None,
        label: String::new(),
        lines: Vec::new(),
        source: Source::new(Arc::from(format!("{supplier}.csv")), 1),
    }
}

pub(crate) fn with_lines(mut inv: Invoice, lines: &[(&str, i64)]) -> Invoice {
    inv.lines = lines
        .iter()
        .map(|(service, cents)| InvoiceLine {
            description: String::new(),
            service: (*service).to_owned(),
            amount_ht: eur(*cents),
        })
        .collect();
    inv.total_ht = Some(inv.lines.iter().map(|l| l.amount_ht).sum());
    inv
}

/// A supplier with one account.
pub(crate) fn supplier(id: &str, name: &str, account: &str) -> Supplier {
    Supplier {
        id: Arc::from(id),
        name: name.to_owned(),
        accounts: vec![account.to_owned()],
    }
}

pub(crate) fn rules() -> Rules {
    Rules {
        suppliers: vec![
            supplier("ovh", "OVH", "604A"),
            supplier("kimsufi", "Kimsufi", "604F"),
        ],
        projects: vec![ProjectRule {
            supplier: Some(Arc::from("ovh")),
            service: ServicePattern::Glob("ns3*.eu".to_owned()),
            project: "BL".to_owned(),
        }],
        tolerances: Tolerances::default(),
        basis: Basis::Ttc,
        fiscal_year: (day("2024-01-01"), day("2024-12-31")),
    }
}

pub(crate) fn named(project: &str) -> ProjectKey {
    ProjectKey::Named(Arc::from(project))
}

pub(crate) fn run(entries: &[Entry], invoices: &[Invoice]) -> Reconciliation {
    reconcile(entries, invoices, &rules(), &[])
}

/// The ledger's entries, through the real importer.
pub(crate) fn load_ledger() -> Vec<Entry> {
    testing::sample_year().entries
}

/// The sample's invoices, through the real readers.
pub(crate) fn load_invoices() -> Vec<Invoice> {
    testing::sample_invoices()
}

pub(crate) fn sample_rules() -> Rules {
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
        fiscal_year: (day("2024-01-01"), day("2024-12-31")),
    }
}

pub(crate) fn sample() -> Reconciliation {
    reconcile(&load_ledger(), &load_invoices(), &sample_rules(), &[])
}
