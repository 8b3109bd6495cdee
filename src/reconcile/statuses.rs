//! The status of every ledger line on a supplier account (lignes.csv).

use std::collections::HashMap;

use crate::model::Source;
use crate::reconcile::view::View;
use crate::reconcile::{
    Discrepancy, EntryOutcome, EntryState, Kind, LedgerLineStatus, LineReason, LineStatus, Severity,
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
        let kinds = |keep: fn(&Discrepancy) -> bool| -> Vec<Kind> {
            found.iter().filter(|d| keep(d)).map(|d| d.kind).collect()
        };
        let open = kinds(|d| d.is_open() && d.severity != Severity::Info);
        let accepted = kinds(|d| !d.is_open());
        let noted = kinds(|d| d.is_open() && d.severity == Severity::Info);
        let (status, invoice) = match &state.outcome {
            EntryOutcome::Matched { invoice, .. } if open.is_empty() => {
                (LineStatus::Reconciled, Some(invoice.clone()))
            }
            EntryOutcome::Matched { invoice, .. } => (LineStatus::ToCheck, Some(invoice.clone())),
            EntryOutcome::Duplicate { .. } | EntryOutcome::Unmatched { .. } => {
                (LineStatus::Unreconciled, None)
            }
        };
        let reason = LineReason {
            outcome: state.outcome.clone(),
            open,
            accepted,
            noted,
        };
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
