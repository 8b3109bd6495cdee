//! The checks on a matched pair — amount, account, pièce, project split, date — one function
//! each, and the making of a discrepancy from a finding.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Money;
use crate::reconcile::index::cites;
use crate::reconcile::view::View;
use crate::reconcile::{Discrepancy, Evidence, Finding, MatchedBy, Severity};

/// A discrepancy about an invoice and/or an entry, with the evidence both give.
pub(super) fn discrepancy(
    v: &View<'_>,
    severity: Severity,
    invoice: Option<usize>,
    entry: Option<usize>,
    finding: Finding,
) -> Discrepancy {
    let inv = invoice.map(|i| &v.invoices[i]);
    let mut d = Discrepancy {
        kind: finding.kind(),
        severity,
        supplier: inv.map(|x| x.supplier.clone()),
        invoice: inv.map(|x| x.number.clone()),
        entry: None,
        reference: None,
        finding,
        evidence: Evidence {
            invoice_amount: invoice.map(|i| v.expected(i)),
            invoice_date: inv.map(|x| x.date),
            invoice_source: inv.map(|x| x.source.clone()),
            ..Evidence::default()
        },
        decision: None,
    };
    if let Some(e) = entry {
        let x = &v.entries[e];
        d.entry = Some(x.number.to_string());
        d.reference = (!x.reference.is_empty()).then(|| x.reference.to_string());
        d.evidence.entry_date = Some(x.date);
        d.evidence.entry_source = Some(x.source.clone());
        d.evidence.booked_amount = Some(v.booked_total(e));
        if let Some(inv_date) = d.evidence.invoice_date {
            d.evidence.days_apart = Some((x.date.days() - inv_date.days()).abs());
        }
    }
    d
}

/// Every check on a matched pair, in report order.
pub(super) fn check_pair(v: &View<'_>, i: usize, e: usize, by: MatchedBy) -> Vec<Discrepancy> {
    let amount = amount(v, i, e);
    let projects = if amount.is_none() {
        projects(v, i, e)
    } else {
        // The amount error comes first; the split is not checked.
        None
    };
    [
        amount,
        account(v, i, e),
        piece(v, i, e, by),
        projects,
        date(v, i, e, by),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// `amount_mismatch`: the amount booked in all differs from the expected one.
pub(super) fn amount(v: &View<'_>, i: usize, e: usize) -> Option<Discrepancy> {
    let (expected, booked) = (v.expected(i), v.booked_total(e));
    if (booked - expected).abs() <= v.rules.tolerances.amount.abs() {
        return None;
    }
    let finding = Finding::AmountMismatch {
        invoice: v.invoice_facts(i),
        entry: v.entry_facts(e),
    };
    Some(discrepancy(v, Severity::Error, Some(i), Some(e), finding))
}

/// `wrong_account`: some supplier lines are on another supplier's account.
pub(super) fn account(v: &View<'_>, i: usize, e: usize) -> Option<Discrepancy> {
    let own = v.supplier_of(i);
    let mut other_accounts: BTreeMap<&str, Money> = BTreeMap::new();
    for line in v.supplier_lines(e) {
        let owners = v.owners.get(&*line.account).map_or(&[][..], Vec::as_slice);
        if own.is_none_or(|s| !owners.contains(&s)) {
            *other_accounts.entry(&line.account).or_insert(Money::ZERO) += line.balance();
        }
    }
    other_accounts.retain(|_, m| !m.is_zero());
    if other_accounts.is_empty() {
        return None;
    }
    let booked_accounts: Vec<_> = other_accounts.keys().map(|&a| a.into()).collect();
    let expected_accounts = v.supplier_accounts(i);
    let their_suppliers: BTreeSet<&str> = other_accounts
        .keys()
        .flat_map(|a| v.owners.get(a).map_or(&[][..], Vec::as_slice))
        .map(|&s| v.rules.suppliers[s].name.as_str())
        .collect();
    let finding = Finding::WrongAccount {
        invoice: v.invoice_facts(i),
        entry: v.entry_facts(e),
        booked_accounts: booked_accounts.clone(),
        their_suppliers: their_suppliers.into_iter().map(str::to_owned).collect(),
        expected_accounts: expected_accounts.clone(),
    };
    let mut d = discrepancy(v, Severity::Error, Some(i), Some(e), finding);
    d.evidence.expected_accounts = Some(expected_accounts);
    d.evidence.booked_accounts = Some(booked_accounts);
    Some(d)
}

/// `reference_mismatch`: the pièce does not cite the invoice number (warning) or is empty (info).
pub(super) fn piece(v: &View<'_>, i: usize, e: usize, by: MatchedBy) -> Option<Discrepancy> {
    let piece = v.entries[e].reference.trim();
    let severity = if piece.is_empty() {
        Severity::Info
    } else if !cites(piece, &v.invoices[i].number) {
        Severity::Warning
    } else {
        return None;
    };
    let finding = Finding::ReferenceMismatch {
        invoice: v.invoice_facts(i),
        entry: v.entry_facts(e),
        by,
        piece: (!piece.is_empty()).then(|| piece.to_owned()),
    };
    Some(discrepancy(v, severity, Some(i), Some(e), finding))
}

/// `project_mismatch`: the booked split by project differs from the invoice's.
pub(super) fn projects(v: &View<'_>, i: usize, e: usize) -> Option<Discrepancy> {
    let expected = v.expected_projects(i)?;
    let booked = v.booked_projects(e);
    let rounding = v.rules.tolerances.project_rounding.abs();
    let differs = expected.keys().chain(booked.keys()).any(|k| {
        let want = expected.get(k).copied().unwrap_or_default();
        let have = booked.get(k).copied().unwrap_or_default();
        (want - have).abs() > rounding
    });
    if !differs {
        return None;
    }
    let finding = Finding::ProjectMismatch {
        invoice: v.invoice_facts(i),
        entry: v.entry_facts(e),
        expected: expected.clone(),
        booked: booked.clone(),
    };
    let mut d = discrepancy(v, Severity::Warning, Some(i), Some(e), finding);
    d.evidence.expected_projects = Some(expected);
    d.evidence.booked_projects = Some(booked);
    Some(d)
}

/// `date_mismatch`: matched by reference but dated more than the tolerance apart.
pub(super) fn date(v: &View<'_>, i: usize, e: usize, by: MatchedBy) -> Option<Discrepancy> {
    let gap = v.date_gap(i, e);
    let tolerance = v.rules.tolerances.days;
    if by == MatchedBy::Amount || gap <= tolerance {
        return None;
    }
    let finding = Finding::DateMismatch {
        invoice: v.invoice_facts(i),
        entry: v.entry_facts(e),
        days_apart: gap,
        tolerance,
    };
    Some(discrepancy(v, Severity::Info, Some(i), Some(e), finding))
}
