//! The matching passes and the checks on matched pairs (rules in the parent module's doc).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::reconcile::index::{
    AmountIndex, AmountWindow, Seeker, TokenIndex, cites, components, tokens,
};

use crate::model::{Entry, Invoice, Line, Money, Source};
use crate::reconcile::{
    Basis, Discrepancy, EntryOutcome, EntryState, Evidence, InvoiceOutcome, InvoiceState, Kind,
    LedgerLineStatus, LineStatus, Match, MatchedBy, NO_PROJECT, Rules, Severity, cmp_entry_numbers,
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

/// Inputs with their indexes and per-entry figures.
pub(crate) struct Context<'a> {
    entries: &'a [Entry],
    invoices: &'a [Invoice],
    rules: &'a Rules,
    /// Account → suppliers (indexes in `rules.suppliers`) that list it.
    owners: HashMap<&'a str, Vec<usize>>,
    /// Supplier id → index.
    supplier_index: HashMap<&'a str, usize>,
    /// Candidate entries, in entry order.
    candidates: Vec<usize>,
    /// Rank of each entry in entry order (`usize::MAX` when not a candidate).
    entry_rank: Vec<usize>,
    /// Invoices in invoice order (supplier, number, date, total, source).
    invoice_order: Vec<usize>,
    /// Rank of each invoice in invoice order.
    invoice_rank: Vec<usize>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(entries: &'a [Entry], invoices: &'a [Invoice], rules: &'a Rules) -> Self {
        let mut owners: HashMap<&str, Vec<usize>> = HashMap::new();
        for (idx, s) in rules.suppliers.iter().enumerate() {
            for account in &s.accounts {
                let list = owners.entry(account.as_str()).or_default();
                if !list.contains(&idx) {
                    list.push(idx);
                }
            }
        }
        let supplier_index = rules
            .suppliers
            .iter()
            .enumerate()
            .map(|(idx, s)| (&*s.id, idx))
            .collect();
        let mut candidates: Vec<usize> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.lines.iter().any(|l| owners.contains_key(&*l.account)))
            .map(|(idx, _)| idx)
            .collect();
        candidates.sort_by(|&a, &b| {
            cmp_entry_numbers(&entries[a].number, &entries[b].number)
                .then_with(|| entries[a].source.cmp(&entries[b].source))
                .then_with(|| entries[a].date.cmp(&entries[b].date))
                .then_with(|| entries[a].label.cmp(&entries[b].label))
        });
        let mut entry_rank = vec![usize::MAX; entries.len()];
        for (rank, &idx) in candidates.iter().enumerate() {
            entry_rank[idx] = rank;
        }
        let mut invoice_order: Vec<usize> = (0..invoices.len()).collect();
        invoice_order.sort_by(|&a, &b| {
            let (x, y) = (&invoices[a], &invoices[b]);
            x.supplier
                .cmp(&y.supplier)
                .then_with(|| x.number.cmp(&y.number))
                .then_with(|| x.date.cmp(&y.date))
                .then_with(|| x.total.cmp(&y.total))
                .then_with(|| x.source.cmp(&y.source))
        });
        let mut invoice_rank = vec![0; invoices.len()];
        for (rank, &idx) in invoice_order.iter().enumerate() {
            invoice_rank[idx] = rank;
        }
        Context {
            entries,
            invoices,
            rules,
            owners,
            supplier_index,
            candidates,
            entry_rank,
            invoice_order,
            invoice_rank,
        }
    }

    fn is_supplier_line(&self, line: &Line) -> bool {
        self.owners.contains_key(&*line.account)
    }

    fn supplier_lines(&self, entry: usize) -> impl Iterator<Item = &'a Line> + '_ {
        self.entries[entry]
            .lines
            .iter()
            .filter(|l| self.is_supplier_line(l))
    }

    /// Σ(debit − credit) on every supplier account.
    fn booked_total(&self, entry: usize) -> Money {
        self.supplier_lines(entry).map(Line::balance).sum()
    }

    /// Σ(debit − credit) per supplier with lines in the entry, in supplier order.
    fn booked_by_supplier(&self, entry: usize) -> BTreeMap<usize, Money> {
        let mut out = BTreeMap::new();
        for line in self.supplier_lines(entry) {
            for &s in self
                .owners
                .get(&*line.account)
                .map_or(&[][..], Vec::as_slice)
            {
                *out.entry(s).or_insert(Money::ZERO) += line.balance();
            }
        }
        out
    }

    fn supplier_of(&self, invoice: usize) -> Option<usize> {
        self.supplier_index
            .get(&*self.invoices[invoice].supplier)
            .copied()
    }

    fn supplier_name(&self, id: &str) -> String {
        self.supplier_index
            .get(id)
            .map_or_else(|| id.to_owned(), |&s| self.rules.suppliers[s].name.clone())
    }

    /// What the books should record of an invoice.
    fn expected(&self, invoice: usize) -> Money {
        let inv = &self.invoices[invoice];
        match self.rules.basis {
            Basis::Ttc => inv.total,
            Basis::Ht => inv.total_ht.unwrap_or_else(|| {
                if inv.lines.is_empty() {
                    inv.total
                } else {
                    inv.lines.iter().map(|l| l.amount_ht).sum()
                }
            }),
        }
    }

    fn date_gap(&self, invoice: usize, entry: usize) -> i64 {
        (self.entries[entry].date.days() - self.invoices[invoice].date.days()).abs()
    }

    fn in_year(&self, invoice: usize) -> bool {
        let (start, end) = self.rules.fiscal_year;
        let date = self.invoices[invoice].date;
        start <= date && date <= end
    }

    /// Runs both passes and every check.
    pub(crate) fn run(&self) -> Outcome {
        let mut inv: Vec<InvState> = (0..self.invoices.len())
            .map(|i| {
                if self.in_year(i) {
                    InvState::Free
                } else {
                    InvState::OutOfYear
                }
            })
            .collect();
        let mut ent: Vec<EntState> = vec![EntState::Free; self.entries.len()];
        let mut discrepancies = Vec::new();

        self.reference_pass(&mut inv, &mut ent);
        let ambiguous_groups = self.amount_pass(&mut inv, &mut ent);

        let mut matches = Vec::new();
        for &i in &self.invoice_order {
            match inv[i] {
                InvState::Matched(e, by) => {
                    matches.push(Match {
                        invoice: i,
                        entry: e,
                        by,
                    });
                    self.check_pair(i, e, by, &mut discrepancies);
                }
                InvState::Free => discrepancies.push(self.invoice_without_entry(i)),
                InvState::OutOfYear => discrepancies.push(self.out_of_year(i)),
                InvState::Ambiguous => {}
            }
        }
        for &e in &self.candidates {
            match ent[e] {
                EntState::Free => discrepancies.push(self.entry_without_invoice(e)),
                EntState::Duplicate(i, kept) => discrepancies.push(self.duplicate(i, e, kept)),
                EntState::Matched(..) | EntState::Ambiguous => {}
            }
        }
        for (invoices, entries) in &ambiguous_groups {
            for &i in invoices {
                discrepancies.push(self.ambiguous(i, invoices, entries));
            }
        }

        let invoice_states = self
            .invoice_order
            .iter()
            .map(|&i| InvoiceState {
                index: i,
                supplier: self.invoices[i].supplier.clone(),
                number: self.invoices[i].number.clone(),
                outcome: match inv[i] {
                    InvState::Matched(e, by) => InvoiceOutcome::Matched {
                        entry: self.entries[e].number.to_string(),
                        by,
                    },
                    InvState::Free => InvoiceOutcome::Unmatched { ambiguous: false },
                    InvState::Ambiguous => InvoiceOutcome::Unmatched { ambiguous: true },
                    InvState::OutOfYear => InvoiceOutcome::OutOfYear,
                },
            })
            .collect();
        let entry_states = self
            .candidates
            .iter()
            .map(|&e| EntryState {
                index: e,
                number: self.entries[e].number.to_string(),
                outcome: match ent[e] {
                    EntState::Matched(i, by) => EntryOutcome::Matched {
                        invoice: self.invoices[i].number.clone(),
                        by,
                    },
                    EntState::Duplicate(i, kept) => EntryOutcome::Duplicate {
                        invoice: self.invoices[i].number.clone(),
                        kept_entry: self.entries[kept].number.to_string(),
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
    fn reference_pass(&self, inv: &mut [InvState], ent: &mut [EntState]) {
        let mut index = TokenIndex::new();
        let mut piece_only = vec![false; self.invoices.len()];
        for &i in &self.invoice_order {
            if inv[i] != InvState::Free {
                continue;
            }
            let toks = tokens(&self.invoices[i].number);
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
        for &e in &self.candidates {
            let entry = &self.entries[e];
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
                let gap = (self.booked_total(e) - self.expected(i)).abs();
                (
                    s,
                    self.date_gap(i, e),
                    gap,
                    self.invoice_rank[i],
                    self.entry_rank[e],
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
                let booked = self.booked_total(e);
                let expected = self.expected(i);
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
        &self,
        inv: &mut [InvState],
        ent: &mut [EntState],
    ) -> Vec<(Vec<usize>, Vec<usize>)> {
        // (supplier, cents) → [(days, entry rank, entry)], sorted.
        let mut index = AmountIndex::new();
        for &e in &self.candidates {
            if ent[e] != EntState::Free {
                continue;
            }
            for (s, amount) in self.booked_by_supplier(e) {
                if amount.is_zero() {
                    continue;
                }
                index.insert(
                    s,
                    amount.cents(),
                    self.entries[e].date.days(),
                    self.entry_rank[e],
                    e,
                );
            }
        }
        let index = index.sorted();
        let mut seekers = Vec::new();
        for &i in &self.invoice_order {
            if inv[i] != InvState::Free {
                continue;
            }
            let Some(s) = self.supplier_of(i) else {
                continue;
            };
            let expected = self.expected(i).cents();
            if expected == 0 {
                continue;
            }
            seekers.push(Seeker {
                item: i,
                rank: self.invoice_rank[i],
                key: s,
                cents: expected,
                day: self.invoices[i].date.days(),
            });
        }
        // One cursor per free invoice, yielding its candidates best first; pairs of equal
        // score are decided together.
        let mut window = AmountWindow::new(
            &index,
            &seekers,
            self.rules.tolerances.days.max(0),
            self.rules.tolerances.amount.abs().cents(),
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
                    invoices.sort_by_key(|&i| self.invoice_rank[i]);
                    invoices.dedup();
                    entries.sort_by_key(|&e| self.entry_rank[e]);
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

    fn base(&self, kind: Kind, severity: Severity, invoice: Option<usize>) -> Discrepancy {
        let inv = invoice.map(|i| &self.invoices[i]);
        Discrepancy {
            kind,
            severity,
            supplier: inv.map(|x| x.supplier.clone()),
            invoice: inv.map(|x| x.number.clone()),
            entry: None,
            reference: None,
            message: String::new(),
            evidence: Evidence {
                invoice_amount: invoice.map(|i| self.expected(i)),
                invoice_date: inv.map(|x| x.date),
                invoice_source: inv.map(|x| x.source.clone()),
                ..Evidence::default()
            },
            decision: None,
        }
    }

    fn with_entry(&self, mut d: Discrepancy, entry: usize) -> Discrepancy {
        let e = &self.entries[entry];
        d.entry = Some(e.number.to_string());
        d.reference = (!e.reference.is_empty()).then(|| e.reference.to_string());
        d.evidence.entry_date = Some(e.date);
        d.evidence.entry_source = Some(e.source.clone());
        d.evidence.booked_amount = Some(self.booked_total(entry));
        if let Some(inv_date) = d.evidence.invoice_date {
            d.evidence.days_apart = Some((e.date.days() - inv_date.days()).abs());
        }
        d
    }

    /// « la facture OVH FR05139398 du 01/01/2024 (30,56 €) »
    fn describe_invoice(&self, i: usize) -> String {
        let x = &self.invoices[i];
        let what = if x.credit_note {
            "l'avoir"
        } else {
            "la facture"
        };
        format!(
            "{what} {} {} du {} ({} €)",
            self.supplier_name(&x.supplier),
            x.number,
            x.date.to_french(),
            self.expected(i).to_french()
        )
    }

    fn supplier_accounts(&self, i: usize) -> String {
        self.supplier_of(i)
            .map(|s| self.rules.suppliers[s].accounts.join(", "))
            .unwrap_or_default()
    }

    fn check_pair(&self, i: usize, e: usize, by: MatchedBy, out: &mut Vec<Discrepancy>) {
        let x = &self.invoices[i];
        let entry = &self.entries[e];
        let expected = self.expected(i);
        let booked = self.booked_total(e);
        let tol = &self.rules.tolerances;
        let desc = capitalize(&self.describe_invoice(i));

        let amount_ok = (booked - expected).abs() <= tol.amount.abs();
        if !amount_ok {
            let mut d =
                self.with_entry(self.base(Kind::AmountMismatch, Severity::Error, Some(i)), e);
            d.message = format!(
                "{desc} est comptabilisée pour {} € (écriture n° {}) : écart de {} €.",
                booked.to_french(),
                entry.number,
                (booked - expected).to_french()
            );
            out.push(d);
        }

        let own = self.supplier_of(i);
        let mut other_accounts: BTreeMap<&str, Money> = BTreeMap::new();
        for line in self.supplier_lines(e) {
            let owners = self
                .owners
                .get(&*line.account)
                .map_or(&[][..], Vec::as_slice);
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
            let expected_account = self.supplier_accounts(i);
            let mut d = self.with_entry(self.base(Kind::WrongAccount, Severity::Error, Some(i)), e);
            let others: BTreeSet<&str> = other_accounts
                .keys()
                .flat_map(|a| self.owners.get(a).map_or(&[][..], Vec::as_slice))
                .map(|&s| self.rules.suppliers[s].name.as_str())
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
            let mut d = self.with_entry(
                self.base(Kind::ReferenceMismatch, Severity::Info, Some(i)),
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
            let mut d = self.with_entry(
                self.base(Kind::ReferenceMismatch, Severity::Warning, Some(i)),
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

        if amount_ok && let Some(expected_split) = self.expected_projects(i) {
            let booked_split = self.booked_projects(e);
            let keys: BTreeSet<&String> =
                expected_split.keys().chain(booked_split.keys()).collect();
            let differs = keys.iter().any(|k| {
                let want = expected_split.get(*k).copied().unwrap_or_default();
                let have = booked_split.get(*k).copied().unwrap_or_default();
                (want - have).abs() > tol.project_rounding.abs()
            });
            if differs {
                let mut d = self.with_entry(
                    self.base(Kind::ProjectMismatch, Severity::Warning, Some(i)),
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

        let gap = self.date_gap(i, e);
        if by != MatchedBy::Amount && gap > tol.days {
            let mut d = self.with_entry(self.base(Kind::DateMismatch, Severity::Info, Some(i)), e);
            d.message = format!(
                "{desc} est comptabilisée le {} (écriture n° {}), à {gap} jours d'écart (tolérance : {} jours).",
                entry.date.to_french(),
                entry.number,
                tol.days
            );
            out.push(d);
        }
    }

    /// The project a service goes to for a supplier, by the first matching rule.
    fn project_of(&self, supplier: &str, service: &str) -> Option<&'a str> {
        self.rules
            .projects
            .iter()
            .find(|r| {
                r.supplier.as_deref().is_none_or(|s| s == supplier) && r.service.matches(service)
            })
            .map(|r| r.project.as_str())
    }

    /// Expected amount per project, or `None` when the invoice says nothing about projects.
    fn expected_projects(&self, i: usize) -> Option<BTreeMap<String, Money>> {
        let x = &self.invoices[i];
        let virtual_line;
        let lines: Vec<(&str, Money)> = if x.lines.is_empty() {
            virtual_line = [("", x.total_ht.unwrap_or(x.total))];
            virtual_line.to_vec()
        } else {
            x.lines
                .iter()
                .map(|l| (l.service.as_str(), l.amount_ht))
                .collect()
        };
        let applies = lines.iter().any(|(service, _)| {
            !service.is_empty() || self.project_of(&x.supplier, service).is_some()
        });
        if !applies {
            return None;
        }
        let mut ht: BTreeMap<String, Money> = BTreeMap::new();
        for (service, amount) in &lines {
            let project = self.project_of(&x.supplier, service).unwrap_or(NO_PROJECT);
            *ht.entry(project.to_owned()).or_insert(Money::ZERO) += *amount;
        }
        let base = self.expected(i);
        let denominator: Money = ht.values().sum();
        let mut shares: BTreeMap<String, Money> = if ht.len() == 1 {
            ht.into_keys().map(|k| (k, base)).collect()
        } else {
            let mut out = BTreeMap::new();
            for (project, amount) in ht {
                out.insert(project, base.prorate(amount, denominator)?);
            }
            out
        };
        let remainder = base - shares.values().copied().sum::<Money>();
        if !remainder.is_zero() {
            let largest = shares
                .iter()
                .max_by(|a, b| a.1.abs().cmp(&b.1.abs()).then_with(|| b.0.cmp(a.0)))
                .map(|(k, _)| k.clone());
            if let Some(share) = largest.and_then(|k| shares.get_mut(&k)) {
                *share += remainder;
            }
        }
        shares.retain(|_, m| !m.is_zero());
        Some(shares)
    }

    /// Booked amount per project on the entry's supplier lines.
    fn booked_projects(&self, e: usize) -> BTreeMap<String, Money> {
        let mut out: BTreeMap<String, Money> = BTreeMap::new();
        for line in self.supplier_lines(e) {
            let project = line.project.as_deref().unwrap_or(NO_PROJECT);
            *out.entry(project.to_owned()).or_insert(Money::ZERO) += line.balance();
        }
        out.retain(|_, m| !m.is_zero());
        out
    }

    fn invoice_without_entry(&self, i: usize) -> Discrepancy {
        let mut d = self.base(Kind::InvoiceWithoutEntry, Severity::Error, Some(i));
        let accounts = self.supplier_accounts(i);
        d.message = format!(
            "{} : aucune écriture ne la comptabilise{}.",
            capitalize(&self.describe_invoice(i)),
            if accounts.is_empty() {
                String::new()
            } else {
                format!(" (compte {accounts})")
            }
        );
        d
    }

    fn out_of_year(&self, i: usize) -> Discrepancy {
        let (start, end) = self.rules.fiscal_year;
        let mut d = self.base(Kind::OutOfYear, Severity::Info, Some(i));
        d.message = format!(
            "{} est hors de l'exercice (du {} au {}) : elle n'est pas rapprochée.",
            capitalize(&self.describe_invoice(i)),
            start.to_french(),
            end.to_french()
        );
        d
    }

    fn entry_without_invoice(&self, e: usize) -> Discrepancy {
        let entry = &self.entries[e];
        let by_supplier = self.booked_by_supplier(e);
        let supplier = by_supplier
            .iter()
            .find(|(_, m)| !m.is_zero())
            .or(by_supplier.iter().next())
            .map(|(&s, _)| &self.rules.suppliers[s]);
        let mut d = self.with_entry(
            self.base(Kind::EntryWithoutInvoice, Severity::Error, None),
            e,
        );
        d.supplier = supplier.map(|s| s.id.clone());
        let accounts: BTreeSet<&str> = self.supplier_lines(e).map(|l| &*l.account).collect();
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
            self.booked_total(e).to_french(),
            supplier.map_or_else(String::new, |s| format!("{} ", s.name))
        );
        d
    }

    fn duplicate(&self, i: usize, e: usize, kept: usize) -> Discrepancy {
        let mut d = self.with_entry(self.base(Kind::DuplicateEntry, Severity::Error, Some(i)), e);
        d.evidence.kept_entry = Some(self.entries[kept].number.to_string());
        d.message = format!(
            "{} est comptabilisée deux fois : l'écriture n° {} du {} ({} €) double l'écriture n° {}.",
            capitalize(&self.describe_invoice(i)),
            self.entries[e].number,
            self.entries[e].date.to_french(),
            self.booked_total(e).to_french(),
            self.entries[kept].number
        );
        d
    }

    fn ambiguous(&self, i: usize, invoices: &[usize], entries: &[usize]) -> Discrepancy {
        let mut d = self.base(Kind::AmbiguousMatch, Severity::Warning, Some(i));
        if let [e] = entries {
            d = self.with_entry(d, *e);
        }
        let shown = |n: usize| n.min(MAX_LISTED);
        d.evidence.candidate_entries = entries[..shown(entries.len())]
            .iter()
            .map(|&e| self.entries[e].number.to_string())
            .collect();
        d.evidence.candidate_invoices = invoices[..shown(invoices.len())]
            .iter()
            .map(|&x| self.invoices[x].number.clone())
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
                    self.entries[e].number,
                    self.entries[e].date.to_french()
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let others = invoices[..shown(invoices.len())]
            .iter()
            .filter(|&&x| x != i)
            .map(|&x| self.invoices[x].number.as_str())
            .collect::<Vec<_>>();
        d.message = format!(
            "{} : plusieurs rapprochements sont aussi bons (écritures {list}{}{}) ; aucun n'est fait, indiquez le numéro de facture en pièce.",
            capitalize(&self.describe_invoice(i)),
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

    /// Every ledger line on a supplier account, with its status.
    pub(crate) fn line_statuses(
        &self,
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
            let entry = &self.entries[state.index];
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
            for line in entry.lines.iter().filter(|l| self.is_supplier_line(l)) {
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

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
