//! The two matching passes of invoices against candidate entries, and what is left unmatched
//! (rules in the parent module's doc).

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::model::Money;
use crate::reconcile::checks::{check_pair, discrepancy};
use crate::reconcile::index::{AmountIndex, AmountWindow, Seeker, TokenIndex, components, tokens};
use crate::reconcile::view::View;
use crate::reconcile::{
    Discrepancy, EntryOutcome, EntryState, Finding, InvoiceOutcome, InvoiceState, Match, MatchedBy,
    Severity,
};

/// At most this many candidates are listed in an ambiguous match's evidence and message.
const MAX_LISTED: usize = 20;

/// Invoice numbers with fewer letters and digits than this are looked for in the pièce only.
const MIN_LABEL_NUMBER: usize = 4;

/// What the reference and amount passes decided.
pub(crate) struct Outcome {
    pub(crate) matches: Vec<Match>,
    pub(crate) discrepancies: Vec<Discrepancy>,
    pub(crate) invoice_states: Vec<InvoiceState>,
    pub(crate) entry_states: Vec<EntryState>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum InvState {
    Free,
    OutOfYear,
    Matched(usize, MatchedBy),
    Ambiguous,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EntState {
    Free,
    Matched(usize, MatchedBy),
    /// (invoice, kept entry)
    Duplicate(usize, usize),
    Ambiguous,
}

/// Runs both passes and every check.
pub(super) fn run(v: &View<'_>) -> Outcome {
    let mut inv: Vec<InvState> = (0..v.invoices.len())
        .map(|i| {
            if v.in_year(i) {
                InvState::Free
            } else {
                InvState::OutOfYear
            }
        })
        .collect();
    let mut ent: Vec<EntState> = vec![EntState::Free; v.entries.len()];
    let mut discrepancies = Vec::new();

    reference_pass(v, &mut inv, &mut ent);
    let ambiguous_groups = amount_pass(v, &mut inv, &mut ent);

    let mut matches = Vec::new();
    for &i in &v.invoice_order {
        match inv[i] {
            InvState::Matched(e, by) => {
                matches.push(Match {
                    invoice: i,
                    entry: e,
                    by,
                });
                discrepancies.extend(check_pair(v, i, e, by));
            }
            InvState::Free => discrepancies.push(invoice_without_entry(v, i)),
            InvState::OutOfYear => discrepancies.push(out_of_year(v, i)),
            InvState::Ambiguous => {}
        }
    }
    for &e in &v.candidates {
        match ent[e] {
            EntState::Free => discrepancies.push(entry_without_invoice(v, e)),
            EntState::Duplicate(i, kept) => discrepancies.push(duplicate(v, i, e, kept)),
            EntState::Matched(..) | EntState::Ambiguous => {}
        }
    }
    for (invoices, entries) in &ambiguous_groups {
        for &i in invoices {
            discrepancies.push(ambiguous(v, i, invoices, entries));
        }
    }

    let invoice_states = v
        .invoice_order
        .iter()
        .map(|&i| InvoiceState {
            index: i,
            supplier: v.invoices[i].supplier.clone(),
            number: v.invoices[i].number.clone(),
            outcome: match inv[i] {
                InvState::Matched(e, by) => InvoiceOutcome::Matched {
                    entry: v.entries[e].number.to_string(),
                    by,
                },
                InvState::Free => InvoiceOutcome::Unmatched { ambiguous: false },
                InvState::Ambiguous => InvoiceOutcome::Unmatched { ambiguous: true },
                InvState::OutOfYear => InvoiceOutcome::OutOfYear,
            },
        })
        .collect();
    let entry_states = v
        .candidates
        .iter()
        .map(|&e| EntryState {
            index: e,
            number: v.entries[e].number.to_string(),
            outcome: match ent[e] {
                EntState::Matched(i, by) => EntryOutcome::Matched {
                    invoice: v.invoices[i].number.clone(),
                    by,
                },
                EntState::Duplicate(i, kept) => EntryOutcome::Duplicate {
                    invoice: v.invoices[i].number.clone(),
                    kept_entry: v.entries[kept].number.to_string(),
                },
                EntState::Free => EntryOutcome::Unmatched { ambiguous: false },
                EntState::Ambiguous => EntryOutcome::Unmatched { ambiguous: true },
            },
        })
        .collect();
    Outcome {
        matches,
        discrepancies,
        invoice_states,
        entry_states,
    }
}

/// Pass 1: invoice numbers cited by entries; then second bookings.
fn reference_pass(v: &View<'_>, inv: &mut [InvState], ent: &mut [EntState]) {
    let mut index = TokenIndex::new();
    let mut piece_only = vec![false; v.invoices.len()];
    for &i in &v.invoice_order {
        if inv[i] != InvState::Free {
            continue;
        }
        let toks = tokens(&v.invoices[i].number);
        let significant: usize = toks
            .iter()
            .map(|t| t.chars().filter(|c| c.is_alphanumeric()).count())
            .sum();
        piece_only[i] = significant < MIN_LABEL_NUMBER;
        index.insert(&toks, i);
    }
    if index.is_empty() {
        return;
    }
    let mut hits: Vec<(MatchedBy, usize, usize)> = Vec::new();
    for &e in &v.candidates {
        let entry = &v.entries[e];
        let fields = std::iter::once((&*entry.reference, MatchedBy::Piece))
            .chain(std::iter::once((&*entry.label, MatchedBy::Label)))
            .chain(entry.lines.iter().flat_map(|l| {
                [
                    (l.reference(), MatchedBy::Label),
                    (l.label(), MatchedBy::Label),
                ]
            }));
        for (text, strength) in fields {
            if text.is_empty() {
                continue;
            }
            index.find_in(&tokens(text), |i| {
                if strength == MatchedBy::Piece || !piece_only[i] {
                    hits.push((strength, i, e));
                }
            });
        }
    }
    // Keep the strongest hit per (invoice, entry).
    hits.sort_unstable_by_key(|&(s, i, e)| (i, e, s));
    hits.dedup_by_key(|&mut (_, i, e)| (i, e));
    let mut ranked: Vec<(MatchedBy, i64, Money, usize, usize, usize, usize)> = hits
        .into_iter()
        .map(|(s, i, e)| {
            let gap = (v.booked_total(e) - v.expected(i)).abs();
            (
                s,
                v.date_gap(i, e),
                gap,
                v.invoice_rank[i],
                v.entry_rank[e],
                i,
                e,
            )
        })
        .collect();
    ranked.sort_unstable();
    for &(s, _, _, _, _, i, e) in &ranked {
        if inv[i] == InvState::Free && ent[e] == EntState::Free {
            inv[i] = InvState::Matched(e, s);
            ent[e] = EntState::Matched(i, s);
        }
    }
    // Second bookings: free entries citing a matched invoice, with an amount of the same sign.
    for &(_, _, _, _, _, i, e) in &ranked {
        if ent[e] != EntState::Free {
            continue;
        }
        if let InvState::Matched(kept, _) = inv[i] {
            let booked = v.booked_total(e);
            let expected = v.expected(i);
            let same_sign = (booked.is_negative() && expected.is_negative())
                || (!booked.is_negative()
                    && !booked.is_zero()
                    && !expected.is_negative()
                    && !expected.is_zero());
            if same_sign {
                ent[e] = EntState::Duplicate(i, kept);
            }
        }
    }
}

/// Pass 2: same supplier, amount within tolerance, date within the window.
/// Returns the ambiguous groups (invoices, entries), each sorted.
fn amount_pass(
    v: &View<'_>,
    inv: &mut [InvState],
    ent: &mut [EntState],
) -> Vec<(Vec<usize>, Vec<usize>)> {
    // (supplier, cents) → [(days, entry rank, entry)], sorted.
    let mut index = AmountIndex::new();
    for &e in &v.candidates {
        if ent[e] != EntState::Free {
            continue;
        }
        for (s, amount) in v.booked_by_supplier(e) {
            if amount.is_zero() {
                continue;
            }
            index.insert(
                s,
                amount.cents(),
                v.entries[e].date.days(),
                v.entry_rank[e],
                e,
            );
        }
    }
    let index = index.sorted();
    let mut seekers = Vec::new();
    for &i in &v.invoice_order {
        if inv[i] != InvState::Free {
            continue;
        }
        let Some(s) = v.supplier_of(i) else {
            continue;
        };
        let expected = v.expected(i).cents();
        if expected == 0 {
            continue;
        }
        seekers.push(Seeker {
            item: i,
            rank: v.invoice_rank[i],
            key: s,
            cents: expected,
            day: v.invoices[i].date.days(),
        });
    }
    // One cursor per free invoice, yielding its candidates best first; pairs of equal
    // score are decided together.
    let mut window = AmountWindow::new(
        &index,
        &seekers,
        v.rules.tolerances.days.max(0),
        v.rules.tolerances.amount.abs().cents(),
    );
    let mut groups = Vec::new();
    while let Some(pairs) = window.next_score() {
        // Every pair of a tied score is listed: n invoices and m entries all equally good
        // build n × m pairs here (quadratic in the size of a tie; issue 15).
        let active: Vec<(usize, usize)> = pairs
            .into_iter()
            .filter(|&(i, e)| inv[i] == InvState::Free && ent[e] == EntState::Free)
            .collect();
        for component in components(&active) {
            if let [(i, e)] = component[..] {
                inv[i] = InvState::Matched(e, MatchedBy::Amount);
                ent[e] = EntState::Matched(i, MatchedBy::Amount);
            } else {
                let mut invoices: Vec<usize> = component.iter().map(|p| p.0).collect();
                let mut entries: Vec<usize> = component.iter().map(|p| p.1).collect();
                invoices.sort_by_key(|&i| v.invoice_rank[i]);
                invoices.dedup();
                entries.sort_by_key(|&e| v.entry_rank[e]);
                entries.dedup();
                for &i in &invoices {
                    inv[i] = InvState::Ambiguous;
                }
                for &e in &entries {
                    ent[e] = EntState::Ambiguous;
                }
                groups.push((invoices, entries));
            }
        }
        window.requeue(|i| inv[i] == InvState::Free);
    }
    groups
}

fn invoice_without_entry(v: &View<'_>, i: usize) -> Discrepancy {
    let finding = Finding::InvoiceWithoutEntry {
        invoice: v.invoice_facts(i),
        accounts: v.supplier_accounts(i),
    };
    discrepancy(v, Severity::Error, Some(i), None, finding)
}

fn out_of_year(v: &View<'_>, i: usize) -> Discrepancy {
    let finding = Finding::OutOfYear {
        invoice: v.invoice_facts(i),
        fiscal_year: v.rules.fiscal_year,
    };
    discrepancy(v, Severity::Info, Some(i), None, finding)
}

fn entry_without_invoice(v: &View<'_>, e: usize) -> Discrepancy {
    let by_supplier = v.booked_by_supplier(e);
    let supplier = by_supplier
        .iter()
        .find(|(_, m)| !m.is_zero())
        .or(by_supplier.iter().next())
        .map(|(&s, _)| &v.rules.suppliers[s]);
    let accounts: BTreeSet<&str> = v.supplier_lines(e).map(|l| &*l.account).collect();
    let accounts: Vec<Arc<str>> = accounts.into_iter().map(Arc::from).collect();
    let finding = Finding::EntryWithoutInvoice {
        entry: v.entry_facts(e),
        supplier_name: supplier.map(|s| s.name.clone()),
        accounts: accounts.clone(),
    };
    let mut d = discrepancy(v, Severity::Error, None, Some(e), finding);
    d.supplier = supplier.map(|s| s.id.clone());
    d.evidence.booked_accounts = Some(accounts);
    d
}

fn duplicate(v: &View<'_>, i: usize, e: usize, kept: usize) -> Discrepancy {
    let kept_entry = v.entries[kept].number.to_string();
    let finding = Finding::DuplicateEntry {
        invoice: v.invoice_facts(i),
        entry: v.entry_facts(e),
        kept_entry: kept_entry.clone(),
    };
    let mut d = discrepancy(v, Severity::Error, Some(i), Some(e), finding);
    d.evidence.kept_entry = Some(kept_entry);
    d
}

/// One invoice of an ambiguous group; the group's invoices and entries are sorted.
fn ambiguous(v: &View<'_>, i: usize, invoices: &[usize], entries: &[usize]) -> Discrepancy {
    let listed_entries = &entries[..entries.len().min(MAX_LISTED)];
    let listed_invoices = &invoices[..invoices.len().min(MAX_LISTED)];
    let finding = Finding::AmbiguousMatch {
        invoice: v.invoice_facts(i),
        entries: listed_entries
            .iter()
            .map(|&e| (v.entries[e].number.to_string(), v.entries[e].date))
            .collect(),
        more_entries: entries.len() - listed_entries.len(),
        other_invoices: listed_invoices
            .iter()
            .filter(|&&x| x != i)
            .map(|&x| v.invoices[x].number.clone())
            .collect(),
        more_invoices: invoices.len() - listed_invoices.len(),
    };
    let entry = match entries {
        [e] => Some(*e),
        _ => None,
    };
    let mut d = discrepancy(v, Severity::Warning, Some(i), entry, finding);
    d.evidence.candidate_entries = listed_entries
        .iter()
        .map(|&e| v.entries[e].number.to_string())
        .collect();
    d.evidence.candidate_invoices = listed_invoices
        .iter()
        .map(|&x| v.invoices[x].number.clone())
        .collect();
    d
}
