//! The treasurer's decisions applied to discrepancies, and the import's rejections added to them.

use std::collections::HashMap;

use crate::reconcile::{
    AppliedDecision, Decision, Discrepancy, Evidence, Finding, Kind, Reconciliation, Severity,
    sort_discrepancies,
};

impl Reconciliation {
    /// Adds what the import rejected, so that the treasurer finds every open problem in one
    /// report: each rejected row (or unreadable file) is an error, and its figures are missing
    /// from the reconciliation. `from_invoices` says whether the rows were invoices.
    pub fn add_rejections(&mut self, rejected: &[crate::error::Rejection], from_invoices: bool) {
        for rejection in rejected {
            let source = Some(rejection.source.clone());
            self.discrepancies.push(Discrepancy {
                kind: Kind::RejectedInput,
                severity: Severity::Error,
                supplier: None,
                invoice: None,
                entry: None,
                reference: None,
                finding: Finding::RejectedInput {
                    rejection: rejection.clone(),
                },
                evidence: Evidence {
                    invoice_source: if from_invoices { source.clone() } else { None },
                    entry_source: if from_invoices { None } else { source },
                    ..Evidence::default()
                },
                decision: None,
            });
        }
        sort_discrepancies(&mut self.discrepancies);
    }
}

/// Marks accepted discrepancies; returns the decisions that accepted nothing.
pub(super) fn apply(discrepancies: &mut [Discrepancy], decisions: &[Decision]) -> Vec<Decision> {
    let mut by_kind: HashMap<Kind, Vec<usize>> = HashMap::new();
    for (idx, d) in discrepancies.iter().enumerate() {
        by_kind.entry(d.kind).or_default().push(idx);
    }
    let mut stale = Vec::new();
    for decision in decisions {
        let invoice = decision.invoice.as_deref().map(str::trim);
        let entry = decision.entry.as_deref().map(str::trim);
        let mut used = false;
        if invoice.is_some() || entry.is_some() {
            for &idx in by_kind.get(&decision.kind).map_or(&[][..], Vec::as_slice) {
                let d = &mut discrepancies[idx];
                let invoice_ok = invoice.is_none_or(|wanted| {
                    d.invoice
                        .as_deref()
                        .or(d.reference.as_deref().filter(|_| d.invoice.is_none()))
                        .is_some_and(|have| have.eq_ignore_ascii_case(wanted))
                });
                let entry_ok = entry.is_none_or(|wanted| d.entry.as_deref() == Some(wanted));
                if invoice_ok && entry_ok {
                    used = true;
                    if d.decision.is_none() {
                        d.decision = Some(AppliedDecision {
                            reason: decision.reason.clone(),
                            who: decision.who.clone(),
                            date: decision.date.clone(),
                            source: decision.source.clone(),
                        });
                    }
                }
            }
        }
        if !used {
            stale.push(decision.clone());
        }
    }
    stale.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(a.invoice.cmp(&b.invoice))
            .then(a.entry.cmp(&b.entry))
            .then(a.source.cmp(&b.source))
            .then(a.reason.cmp(&b.reason))
    });
    stale
}
