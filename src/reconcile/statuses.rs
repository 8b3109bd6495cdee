//! The status of every ledger line on a supplier account (lignes.csv).

use std::collections::HashMap;

use crate::model::Source;
use crate::reconcile::view::View;
use crate::reconcile::{
    Discrepancy, EntryOutcome, EntryState, LedgerLineStatus, LineStatus, Severity,
};

/// Every ledger line on a supplier account, with its status.
pub(super) fn line_statuses(
    v: &View<'_>,
    entry_states: &[EntryState],
    discrepancies: &[Discrepancy],
) -> Vec<LedgerLineStatus> {
    let mut by_entry: HashMap<&str, Vec<&Discrepancy>> = HashMap::new();
    for d in discrepancies {
        if let Some(entry) = d.entry.as_deref() {
            by_entry.entry(entry).or_default().push(d);
        }
    }
    let mut out = Vec::new();
    for state in entry_states {
        let entry = &v.entries[state.index];
        let found = by_entry.get(&*entry.number).map_or(&[][..], Vec::as_slice);
        let open: Vec<&str> = found
            .iter()
            .filter(|d| d.is_open() && d.severity != Severity::Info)
            .map(|d| d.kind.french())
            .collect();
        let accepted: Vec<&str> = found
            .iter()
            .filter(|d| !d.is_open())
            .map(|d| d.kind.french())
            .collect();
        let notes: Vec<&str> = found
            .iter()
            .filter(|d| d.is_open() && d.severity == Severity::Info)
            .map(|d| d.kind.french())
            .collect();
        let (status, invoice, mut reason) = match &state.outcome {
            EntryOutcome::Matched { invoice, by } if open.is_empty() => (
                LineStatus::Reconciled,
                Some(invoice.clone()),
                format!("rapprochée avec la facture {invoice} {}", by.french()),
            ),
            EntryOutcome::Matched { invoice, by } => (
                LineStatus::ToCheck,
                Some(invoice.clone()),
                format!(
                    "rapprochée avec la facture {invoice} {}, à vérifier : {}",
                    by.french(),
                    open.join(", ")
                ),
            ),
            EntryOutcome::Duplicate {
                invoice,
                kept_entry,
            } => (
                LineStatus::Unreconciled,
                None,
                format!(
                    "écriture en double : la facture {invoice} est déjà comptabilisée par l'écriture n° {kept_entry}"
                ),
            ),
            EntryOutcome::Unmatched { ambiguous: true } => (
                LineStatus::Unreconciled,
                None,
                "rapprochement ambigu : plusieurs factures conviennent aussi bien".to_owned(),
            ),
            EntryOutcome::Unmatched { ambiguous: false } => (
                LineStatus::Unreconciled,
                None,
                "aucune facture ne correspond".to_owned(),
            ),
        };
        if !accepted.is_empty() {
            reason.push_str(&format!(" ; écart accepté : {}", accepted.join(", ")));
        }
        if !notes.is_empty() {
            reason.push_str(&format!(" ; à noter : {}", notes.join(", ")));
        }
        for line in entry.lines.iter().filter(|l| v.is_supplier_line(l)) {
            out.push(LedgerLineStatus {
                entry: entry.number.to_string(),
                date: entry.date,
                account: line.account.clone(),
                label: if line.label().is_empty() {
                    entry.label.to_string()
                } else {
                    line.label().to_owned()
                },
                reference: entry.reference.to_string(),
                project: line.project.clone(),
                debit: line.debit,
                credit: line.credit,
                status,
                invoice: invoice.clone(),
                reason: reason.clone(),
                source: Source::new(entry.source.file.clone(), line.line),
            });
        }
    }
    out
}
