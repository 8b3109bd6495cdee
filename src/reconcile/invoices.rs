//! The two matching passes of invoices against candidate entries, and what is left unmatched
//! (rules in the parent module's doc).

use std::collections::BTreeSet;

use crate::model::Money;

use crate::reconcile::checks::{base, capitalize, check_pair, describe_invoice, with_entry};
use crate::reconcile::index::{AmountIndex, AmountWindow, Seeker, TokenIndex, components, tokens};
use crate::reconcile::view::View;
use crate::reconcile::{
    Discrepancy, EntryOutcome, EntryState, InvoiceOutcome, InvoiceState, Kind, Match, MatchedBy,
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
                check_pair(v, i, e, by, &mut discrepancies);
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
    let mut d = base(v, Kind::InvoiceWithoutEntry, Severity::Error, Some(i));
    let accounts = v.supplier_accounts(i);
    d.message = format!(
        "{} : aucune écriture ne la comptabilise{}.",
        capitalize(&describe_invoice(v, i)),
        if accounts.is_empty() {
            String::new()
        } else {
            format!(" (compte {accounts})")
        }
    );
    d
}

fn out_of_year(v: &View<'_>, i: usize) -> Discrepancy {
    let (start, end) = v.rules.fiscal_year;
    let mut d = base(v, Kind::OutOfYear, Severity::Info, Some(i));
    d.message = format!(
        "{} est hors de l'exercice (du {} au {}) : elle n'est pas rapprochée.",
        capitalize(&describe_invoice(v, i)),
        start.to_french(),
        end.to_french()
    );
    d
}

fn entry_without_invoice(v: &View<'_>, e: usize) -> Discrepancy {
    let entry = &v.entries[e];
    let by_supplier = v.booked_by_supplier(e);
    let supplier = by_supplier
        .iter()
        .find(|(_, m)| !m.is_zero())
        .or(by_supplier.iter().next())
        .map(|(&s, _)| &v.rules.suppliers[s]);
    let mut d = with_entry(
        v,
        base(v, Kind::EntryWithoutInvoice, Severity::Error, None),
        e,
    );
    d.supplier = supplier.map(|s| s.id.clone());
    let accounts: BTreeSet<&str> = v.supplier_lines(e).map(|l| &*l.account).collect();
    let accounts = accounts.into_iter().collect::<Vec<_>>().join(", ");
    d.evidence.booked_account = Some(accounts.clone());
    d.message = format!(
        "Écriture n° {} du {}{} : {} € sur le compte {accounts}, aucune facture {}ne lui correspond.",
        entry.number,
        entry.date.to_french(),
        if entry.reference.is_empty() {
            " (sans pièce)".to_owned()
        } else {
            format!(" (pièce {})", entry.reference)
        },
        v.booked_total(e).to_french(),
        supplier.map_or_else(String::new, |s| format!("{} ", s.name))
    );
    d
}

fn duplicate(v: &View<'_>, i: usize, e: usize, kept: usize) -> Discrepancy {
    let mut d = with_entry(
        v,
        base(v, Kind::DuplicateEntry, Severity::Error, Some(i)),
        e,
    );
    d.evidence.kept_entry = Some(v.entries[kept].number.to_string());
    d.message = format!(
        "{} est comptabilisée deux fois : l'écriture n° {} du {} ({} €) double l'écriture n° {}.",
        capitalize(&describe_invoice(v, i)),
        v.entries[e].number,
        v.entries[e].date.to_french(),
        v.booked_total(e).to_french(),
        v.entries[kept].number
    );
    d
}

fn ambiguous(v: &View<'_>, i: usize, invoices: &[usize], entries: &[usize]) -> Discrepancy {
    let mut d = base(v, Kind::AmbiguousMatch, Severity::Warning, Some(i));
    if let [e] = entries {
        d = with_entry(v, d, *e);
    }
    let shown = |n: usize| n.min(MAX_LISTED);
    d.evidence.candidate_entries = entries[..shown(entries.len())]
        .iter()
        .map(|&e| v.entries[e].number.to_string())
        .collect();
    d.evidence.candidate_invoices = invoices[..shown(invoices.len())]
        .iter()
        .map(|&x| v.invoices[x].number.clone())
        .collect();
    let more = |n: usize| {
        if n > MAX_LISTED {
            format!(" et {} autres", n - MAX_LISTED)
        } else {
            String::new()
        }
    };
    let list = entries[..shown(entries.len())]
        .iter()
        .map(|&e| {
            format!(
                "n° {} du {}",
                v.entries[e].number,
                v.entries[e].date.to_french()
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let others = invoices[..shown(invoices.len())]
        .iter()
        .filter(|&&x| x != i)
        .map(|&x| v.invoices[x].number.as_str())
        .collect::<Vec<_>>();
    d.message = format!(
        "{} : plusieurs rapprochements sont aussi bons (écritures {list}{}{}) ; aucun n'est fait, indiquez le numéro de facture en pièce.",
        capitalize(&describe_invoice(v, i)),
        more(entries.len()),
        if others.is_empty() {
            String::new()
        } else {
            format!(
                " ; autres factures : {}{}",
                others.join(", "),
                more(invoices.len())
            )
        }
    );
    d
}
