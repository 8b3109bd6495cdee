//! The checks on a matched pair: amount, account, pièce, project split, date.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Money;
use crate::reconcile::index::cites;
use crate::reconcile::view::View;
use crate::reconcile::{Discrepancy, Evidence, Kind, MatchedBy, NO_PROJECT, Severity};

pub(super) fn base(
    v: &View<'_>,
    kind: Kind,
    severity: Severity,
    invoice: Option<usize>,
) -> Discrepancy {
    let inv = invoice.map(|i| &v.invoices[i]);
    Discrepancy {
        kind,
        severity,
        supplier: inv.map(|x| x.supplier.clone()),
        invoice: inv.map(|x| x.number.clone()),
        entry: None,
        reference: None,
        message: String::new(),
        evidence: Evidence {
            invoice_amount: invoice.map(|i| v.expected(i)),
            invoice_date: inv.map(|x| x.date),
            invoice_source: inv.map(|x| x.source.clone()),
            ..Evidence::default()
        },
        decision: None,
    }
}

pub(super) fn with_entry(v: &View<'_>, mut d: Discrepancy, entry: usize) -> Discrepancy {
    let e = &v.entries[entry];
    d.entry = Some(e.number.to_string());
    d.reference = (!e.reference.is_empty()).then(|| e.reference.to_string());
    d.evidence.entry_date = Some(e.date);
    d.evidence.entry_source = Some(e.source.clone());
    d.evidence.booked_amount = Some(v.booked_total(entry));
    if let Some(inv_date) = d.evidence.invoice_date {
        d.evidence.days_apart = Some((e.date.days() - inv_date.days()).abs());
    }
    d
}

/// « la facture OVH FR05139398 du 01/01/2024 (30,56 €) »
pub(super) fn describe_invoice(v: &View<'_>, i: usize) -> String {
    let x = &v.invoices[i];
    let what = if x.credit_note {
        "l'avoir"
    } else {
        "la facture"
    };
    format!(
        "{what} {} {} du {} ({} €)",
        v.supplier_name(&x.supplier),
        x.number,
        x.date.to_french(),
        v.expected(i).to_french()
    )
}

pub(super) fn check_pair(
    v: &View<'_>,
    i: usize,
    e: usize,
    by: MatchedBy,
    out: &mut Vec<Discrepancy>,
) {
    let x = &v.invoices[i];
    let entry = &v.entries[e];
    let expected = v.expected(i);
    let booked = v.booked_total(e);
    let tol = &v.rules.tolerances;
    let desc = capitalize(&describe_invoice(v, i));

    let amount_ok = (booked - expected).abs() <= tol.amount.abs();
    if !amount_ok {
        let mut d = with_entry(
            v,
            base(v, Kind::AmountMismatch, Severity::Error, Some(i)),
            e,
        );
        d.message = format!(
            "{desc} est comptabilisée pour {} € (écriture n° {}) : écart de {} €.",
            booked.to_french(),
            entry.number,
            (booked - expected).to_french()
        );
        out.push(d);
    }

    let own = v.supplier_of(i);
    let mut other_accounts: BTreeMap<&str, Money> = BTreeMap::new();
    for line in v.supplier_lines(e) {
        let owners = v.owners.get(&*line.account).map_or(&[][..], Vec::as_slice);
        if own.is_none_or(|s| !owners.contains(&s)) {
            *other_accounts.entry(&line.account).or_insert(Money::ZERO) += line.balance();
        }
    }
    other_accounts.retain(|_, m| !m.is_zero());
    if !other_accounts.is_empty() {
        let booked_account = other_accounts
            .keys()
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let expected_account = v.supplier_accounts(i);
        let mut d = with_entry(v, base(v, Kind::WrongAccount, Severity::Error, Some(i)), e);
        let others: BTreeSet<&str> = other_accounts
            .keys()
            .flat_map(|a| v.owners.get(a).map_or(&[][..], Vec::as_slice))
            .map(|&s| v.rules.suppliers[s].name.as_str())
            .collect();
        d.message = format!(
            "{desc} est comptabilisée sur le compte {booked_account} ({}) au lieu de {} (écriture n° {}).",
            others
                .iter()
                .map(|n| format!("compte du fournisseur {n}"))
                .collect::<Vec<_>>()
                .join(", "),
            if expected_account.is_empty() {
                "un compte du fournisseur (aucun n'est configuré)".to_owned()
            } else {
                expected_account.clone()
            },
            entry.number
        );
        d.evidence.expected_account = Some(expected_account);
        d.evidence.booked_account = Some(booked_account);
        out.push(d);
    }

    let piece = entry.reference.trim();
    if piece.is_empty() {
        let mut d = with_entry(
            v,
            base(v, Kind::ReferenceMismatch, Severity::Info, Some(i)),
            e,
        );
        d.message = format!(
            "{desc} est rapprochée {} de l'écriture n° {}, qui n'a pas de numéro de pièce : indiquez « {} ».",
            by.french(),
            entry.number,
            x.number
        );
        out.push(d);
    } else if !cites(piece, &x.number) {
        let mut d = with_entry(
            v,
            base(v, Kind::ReferenceMismatch, Severity::Warning, Some(i)),
            e,
        );
        d.message = format!(
            "{desc} est rapprochée {} de l'écriture n° {}, dont la pièce est « {piece} » et non « {} ».",
            by.french(),
            entry.number,
            x.number
        );
        out.push(d);
    }

    if amount_ok && let Some(expected_split) = v.expected_projects(i) {
        let booked_split = v.booked_projects(e);
        let keys: BTreeSet<&String> = expected_split.keys().chain(booked_split.keys()).collect();
        let differs = keys.iter().any(|k| {
            let want = expected_split.get(*k).copied().unwrap_or_default();
            let have = booked_split.get(*k).copied().unwrap_or_default();
            (want - have).abs() > tol.project_rounding.abs()
        });
        if differs {
            let mut d = with_entry(
                v,
                base(v, Kind::ProjectMismatch, Severity::Warning, Some(i)),
                e,
            );
            d.message = format!(
                "{desc} : répartition par projet attendue {}, comptabilisée {} (écriture n° {}).",
                french_split(&expected_split),
                french_split(&booked_split),
                entry.number
            );
            d.evidence.expected_projects = Some(expected_split);
            d.evidence.booked_projects = Some(booked_split);
            out.push(d);
        }
    }

    let gap = v.date_gap(i, e);
    if by != MatchedBy::Amount && gap > tol.days {
        let mut d = with_entry(v, base(v, Kind::DateMismatch, Severity::Info, Some(i)), e);
        d.message = format!(
            "{desc} est comptabilisée le {} (écriture n° {}), à {gap} jours d'écart (tolérance : {} jours).",
            entry.date.to_french(),
            entry.number,
            tol.days
        );
        out.push(d);
    }
}

/// « BL-Évolution 248,36 €, (aucun) 12,00 € », or « rien ».
pub(crate) fn french_split(split: &BTreeMap<String, Money>) -> String {
    if split.is_empty() {
        return "rien".to_owned();
    }
    // Named projects first, « (aucun) » last.
    let named = split.iter().filter(|(k, _)| k.as_str() != NO_PROJECT);
    let none = split.iter().filter(|(k, _)| k.as_str() == NO_PROJECT);
    named
        .chain(none)
        .map(|(k, v)| format!("{k} {} €", v.to_french()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
