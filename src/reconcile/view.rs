//! The inputs of a reconciliation, indexed once: which accounts belong to which supplier,
//! the candidate entries, the order of invoices and entries, and the figures the rules read
//! (amounts booked, amounts expected, project splits).

use std::collections::BTreeMap;
use std::collections::HashMap;

use crate::model::{Entry, Invoice, Line, Money};
use std::sync::Arc;

use crate::reconcile::{
    Basis, EntryFacts, InvoiceFacts, ProjectKey, ProjectSplit, Rules, cmp_entry_numbers,
};

/// The inputs of a reconciliation with their indexes and per-entry figures: a read-only view
/// that the passes, the checks and the statuses query.
pub(crate) struct View<'a> {
    pub(super) entries: &'a [Entry],
    pub(super) invoices: &'a [Invoice],
    pub(super) rules: &'a Rules,
    /// Account → suppliers (indexes in `rules.suppliers`) that list it.
    pub(super) owners: HashMap<&'a str, Vec<usize>>,
    /// Supplier id → index.
    pub(super) supplier_index: HashMap<&'a str, usize>,
    /// Candidate entries, in entry order.
    pub(super) candidates: Vec<usize>,
    /// Rank of each entry in entry order (`usize::MAX` when not a candidate).
    pub(super) entry_rank: Vec<usize>,
    /// Invoices in invoice order (supplier, number, date, total, source).
    pub(super) invoice_order: Vec<usize>,
    /// Rank of each invoice in invoice order.
    pub(super) invoice_rank: Vec<usize>,
}

impl<'a> View<'a> {
    pub(super) fn new(entries: &'a [Entry], invoices: &'a [Invoice], rules: &'a Rules) -> Self {
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
        View {
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

    pub(super) fn is_supplier_line(&self, line: &Line) -> bool {
        self.owners.contains_key(&*line.account)
    }

    pub(super) fn supplier_lines(&self, entry: usize) -> impl Iterator<Item = &'a Line> + '_ {
        self.entries[entry]
            .lines
            .iter()
            .filter(|l| self.is_supplier_line(l))
    }

    /// Σ(debit − credit) on every supplier account.
    pub(super) fn booked_total(&self, entry: usize) -> Money {
        self.supplier_lines(entry).map(Line::balance).sum()
    }

    /// Σ(debit − credit) per supplier with lines in the entry, in supplier order.
    pub(super) fn booked_by_supplier(&self, entry: usize) -> BTreeMap<usize, Money> {
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

    pub(super) fn supplier_of(&self, invoice: usize) -> Option<usize> {
        self.supplier_index
            .get(&*self.invoices[invoice].supplier)
            .copied()
    }

    pub(super) fn supplier_name(&self, id: &str) -> String {
        self.supplier_index
            .get(id)
            .map_or_else(|| id.to_owned(), |&s| self.rules.suppliers[s].name.clone())
    }

    /// What the books should record of an invoice.
    pub(super) fn expected(&self, invoice: usize) -> Money {
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

    pub(super) fn date_gap(&self, invoice: usize, entry: usize) -> i64 {
        (self.entries[entry].date.days() - self.invoices[invoice].date.days()).abs()
    }

    pub(super) fn in_year(&self, invoice: usize) -> bool {
        let (start, end) = self.rules.fiscal_year;
        let date = self.invoices[invoice].date;
        start <= date && date <= end
    }

    /// The project a service goes to for a supplier, by the first matching rule.
    pub(super) fn project_of(&self, supplier: &str, service: &str) -> Option<&'a str> {
        self.rules
            .projects
            .iter()
            .find(|r| {
                r.supplier.as_deref().is_none_or(|s| s == supplier) && r.service.matches(service)
            })
            .map(|r| r.project.as_str())
    }

    /// Expected amount per project, or `None` when the invoice says nothing about projects.
    pub(super) fn expected_projects(&self, i: usize) -> Option<ProjectSplit> {
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
        let mut ht: ProjectSplit = BTreeMap::new();
        for (service, amount) in &lines {
            let project = ProjectKey::of(self.project_of(&x.supplier, service));
            *ht.entry(project).or_insert(Money::ZERO) += *amount;
        }
        let base = self.expected(i);
        let denominator: Money = ht.values().sum();
        let mut shares: ProjectSplit = if ht.len() == 1 {
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
    pub(super) fn booked_projects(&self, e: usize) -> ProjectSplit {
        let mut out: ProjectSplit = BTreeMap::new();
        for line in self.supplier_lines(e) {
            let project = ProjectKey::of(line.project.as_deref());
            *out.entry(project).or_insert(Money::ZERO) += line.balance();
        }
        out.retain(|_, m| !m.is_zero());
        out
    }

    /// The accounts of an invoice's supplier (none when it is not configured).
    pub(super) fn supplier_accounts(&self, i: usize) -> Vec<Arc<str>> {
        self.supplier_of(i)
            .map(|s| {
                self.rules.suppliers[s]
                    .accounts
                    .iter()
                    .map(|a| Arc::from(a.as_str()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// An invoice as findings name it.
    pub(super) fn invoice_facts(&self, i: usize) -> InvoiceFacts {
        let x = &self.invoices[i];
        InvoiceFacts {
            supplier_name: self.supplier_name(&x.supplier),
            number: x.number.clone(),
            date: x.date,
            amount: self.expected(i),
            credit_note: x.credit_note,
        }
    }

    /// An entry as findings name it.
    pub(super) fn entry_facts(&self, e: usize) -> EntryFacts {
        let entry = &self.entries[e];
        EntryFacts {
            number: entry.number.to_string(),
            date: entry.date,
            reference: entry.reference.to_string(),
            booked: self.booked_total(e),
        }
    }
}
