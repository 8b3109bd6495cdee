//! Reconciliation: supplier invoices against the ledger and the analytic projects.
//!
//! Pure: entries, invoices, rules and the treasurer's decisions in, a [`Reconciliation`] out.
//! No IO, no printing, no prose: findings are data ([`Finding`], [`LineReason`]); `report::fr`
//! words them and `report::ecarts` renders them for people and machines.
//!
//! # Candidates
//!
//! A *candidate entry* is an entry with at least one line on an account of a configured
//! [`Supplier`]; its *supplier lines* are those lines. The amount an entry books for a
//! supplier is Σ(debit − credit) of its lines on that supplier's accounts; the amount it books
//! in all is Σ(debit − credit) of all its supplier lines. An invoice's *expected amount* is its
//! TTC total, or with [`Basis::Ht`] its HT total (else Σ of its lines' HT, else its TTC).
//! Invoices dated outside the fiscal year are listed (`out_of_year`, info) and never matched.
//!
//! # Matching, in two passes, one invoice to one entry
//!
//! 1. **By reference.** Texts are cut into *tokens*: maximal runs of letters, digits, `-` and
//!    `_`, stripped of leading and trailing `-`/`_`, compared case-insensitively. An invoice
//!    number (itself one or more tokens) is *cited* by an entry when its tokens appear, in a
//!    row, in the entry's « Numéro pièce comptable » (a *pièce* hit) or in its label, a line
//!    reference or a line label (a *label* hit). Numbers shorter than four letters or digits
//!    are looked for in the pièce only. The index goes from invoice numbers to invoices, and
//!    each entry's tokens are looked up in it: linear in the size of the ledger, whatever the
//!    vocabulary of the labels. Hits are then taken best first — pièce before label, then the
//!    closest date, then the closest amount, then invoice and entry order — each one kept if
//!    neither its invoice nor its entry is taken yet.
//!
//!    Any other entry that cites an invoice matched this way and books an amount of the same
//!    sign is a second booking of the same bill: `duplicate_entry` (error), whatever its
//!    amount. An entry citing it with the opposite sign (a refund that names the bill it
//!    refunds) is not a duplicate and goes on to the second pass.
//! 2. **By amount and date**, for what is left: an invoice and an entry that books, for the
//!    invoice's supplier, the expected amount within `tolerances.amount`, dated at most
//!    `tolerances.days` apart. Pairs are taken closest date first, then closest amount.
//!    Pairs with the same date gap and amount gap are considered together: when they share an
//!    invoice or an entry (two equally good candidates), none is chosen and the whole group
//!    is reported once as `ambiguous_match` (warning); its invoices and entries are left
//!    unmatched but are not reported again as without entry or without invoice. The index is
//!    a `BTreeMap` keyed by (supplier, amount in cents) of date-sorted vectors, searched by
//!    bisection: O(n log n) for n invoices and lines, plus the pairs found in the window.
//!
//! Credit notes (negative totals) match entries that book a negative amount (a credit on the
//! supplier's account) the same way.
//!
//! # Checks on every matched pair
//!
//! - `amount_mismatch` (error): |amount booked in all − expected| > `tolerances.amount`.
//! - `wrong_account` (error): some supplier lines are on another supplier's account.
//! - `reference_mismatch`: the pièce does not cite the invoice number (warning), or is empty (info).
//! - `project_mismatch` (warning): only when the invoice has lines with a service, or a
//!   project rule applies to it (an invoice without lines counts as one line with an empty
//!   service and its whole HT). Each line goes to the project of the first rule that matches
//!   its supplier and service, or to no project ([`ProjectKey::None`]). Each project expects the
//!   expected amount in proportion to its lines' HT, rounded to the cent; the rounding
//!   remainder goes to the largest share (between equal ones, no project first, then by name)
//!   so that shares add up to the expected amount. The
//!   booked split is Σ(debit − credit) of the supplier lines per « Projet analytique ». A
//!   project whose booked and expected amounts differ by more than
//!   `tolerances.project_rounding` makes one discrepancy with both maps. Not checked when the
//!   amount itself differs: that error comes first.
//! - `date_mismatch` (info): matched by reference but dated more than `tolerances.days` apart.
//!
//! Then unmatched in-year invoices are `invoice_without_entry` (error) and unmatched candidate
//! entries `entry_without_invoice` (error). An entry booking several invoices at once is a
//! limit of this one-to-one model: one invoice gets it, the others are reported without entry.
//!
//! # Decisions
//!
//! A [`Decision`] accepts the discrepancies of its kind whose invoice (or, for discrepancies
//! without invoice, booked pièce) and entry equal the ones it names (at least one named).
//! Accepted discrepancies keep their severity but no longer count as open. Decisions that
//! accept nothing come back in [`Reconciliation::stale_decisions`].
//!
//! The result does not depend on the order of the inputs: every choice is ordered by content.

mod checks;
mod decisions;
mod finding;
mod index;
mod invoices;
mod statuses;
mod view;

#[cfg(test)]
mod sample_tests;
#[cfg(test)]
pub(crate) mod testdata;
#[cfg(test)]
mod tests;

use std::cmp::Ordering;
use std::sync::Arc;

use crate::model::pattern::glob_match;
use crate::model::{Date, Entry, Invoice, Money, Source};

pub use finding::{EntryFacts, Finding, InvoiceFacts, LineReason, ProjectKey, ProjectSplit};

/// A supplier of the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Supplier {
    /// Identifier, as in [`Invoice::supplier`] (`ovh`).
    pub id: Arc<str>,
    /// Name for people (« OVH »).
    pub name: String,
    /// The ledger accounts its bills are booked on (`604A`).
    pub accounts: Vec<String>,
}

/// How a project rule recognises a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServicePattern {
    /// The service, exactly (case-sensitive).
    Exact(String),
    /// A pattern with `*` (any run of characters) and `?` (one character), case-sensitive.
    Glob(String),
}

impl ServicePattern {
    /// Whether the service matches.
    pub fn matches(&self, service: &str) -> bool {
        match self {
            ServicePattern::Exact(exact) => exact == service,
            ServicePattern::Glob(pattern) => glob_match(pattern, service),
        }
    }
}

/// A rule giving an invoice line's service to an analytic project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectRule {
    /// The supplier it is for; `None` for every supplier.
    pub supplier: Option<Arc<str>>,
    /// The services it covers.
    pub service: ServicePattern,
    /// The project (canonical name, as in the ledger).
    pub project: String,
}

/// How far booked values may be from the invoice's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tolerances {
    /// Most days between an invoice and its entry (default 21).
    pub days: i64,
    /// Largest accepted difference of amounts (default 0,00).
    pub amount: Money,
    /// Largest accepted difference per project (default 0,01).
    pub project_rounding: Money,
}

impl Default for Tolerances {
    fn default() -> Tolerances {
        Tolerances {
            days: 21,
            amount: Money::ZERO,
            project_rounding: Money::from_cents(1),
        }
    }
}

/// What the books record of an invoice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Basis {
    /// Amounts including tax (associations not subject to VAT).
    #[default]
    Ttc,
    /// Amounts before tax.
    Ht,
}

/// Everything the configuration says about reconciliation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Suppliers and their accounts.
    pub suppliers: Vec<Supplier>,
    /// Project rules, first match wins.
    pub projects: Vec<ProjectRule>,
    /// Tolerances.
    pub tolerances: Tolerances,
    /// TTC or HT books.
    pub basis: Basis,
    /// First and last day of the fiscal year.
    pub fiscal_year: (Date, Date),
}

/// A discrepancy the treasurer has looked at and accepted, from the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The kind of discrepancy accepted.
    pub kind: Kind,
    /// The invoice number (or, for a discrepancy without invoice, the booked pièce).
    pub invoice: Option<String>,
    /// The numéro d'écriture.
    pub entry: Option<String>,
    /// Why, in the treasurer's words.
    pub reason: String,
    /// Who decided.
    pub who: String,
    /// When, as written.
    pub date: String,
    /// Where the decision is written.
    pub source: Source,
}

/// The kinds of discrepancy, worst first within a severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An in-year invoice that no entry books.
    InvoiceWithoutEntry,
    /// A candidate entry that no invoice backs.
    EntryWithoutInvoice,
    /// Booked amount differs from the invoice's.
    AmountMismatch,
    /// A second booking of the same invoice.
    DuplicateEntry,
    /// Booked on another supplier's account.
    WrongAccount,
    /// The pièce is not the invoice number.
    ReferenceMismatch,
    /// Booked split by project differs from the invoice's lines.
    ProjectMismatch,
    /// Several equally good candidates: no choice made.
    AmbiguousMatch,
    /// Matched by reference, but far in time.
    DateMismatch,
    /// Invoice dated outside the fiscal year.
    OutOfYear,
    /// An input row (export or invoice) that could not be read: its figures are missing.
    RejectedInput,
}

impl Kind {
    /// Every kind, in order.
    pub const ALL: [Kind; 11] = [
        Kind::InvoiceWithoutEntry,
        Kind::EntryWithoutInvoice,
        Kind::AmountMismatch,
        Kind::DuplicateEntry,
        Kind::WrongAccount,
        Kind::ReferenceMismatch,
        Kind::ProjectMismatch,
        Kind::AmbiguousMatch,
        Kind::DateMismatch,
        Kind::OutOfYear,
        Kind::RejectedInput,
    ];

    /// Stable English code (JSON, CSV, configuration).
    pub fn code(self) -> &'static str {
        match self {
            Kind::InvoiceWithoutEntry => "invoice_without_entry",
            Kind::EntryWithoutInvoice => "entry_without_invoice",
            Kind::AmountMismatch => "amount_mismatch",
            Kind::DuplicateEntry => "duplicate_entry",
            Kind::WrongAccount => "wrong_account",
            Kind::ReferenceMismatch => "reference_mismatch",
            Kind::ProjectMismatch => "project_mismatch",
            Kind::AmbiguousMatch => "ambiguous_match",
            Kind::DateMismatch => "date_mismatch",
            Kind::OutOfYear => "out_of_year",
            Kind::RejectedInput => "rejected_input",
        }
    }

    /// The kind of a code, if any.
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code.trim())
    }
}

/// How serious a discrepancy is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The books are wrong or incomplete.
    Error,
    /// Probably wrong; look.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// `error`, `warning`, `info`.
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The figures behind a discrepancy. Fields that do not apply are `None` or empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    /// What the invoice asks to book (TTC or HT per basis).
    pub invoice_amount: Option<Money>,
    /// What the entry books on supplier accounts.
    pub booked_amount: Option<Money>,
    /// The supplier's accounts.
    pub expected_accounts: Option<Vec<Arc<str>>>,
    /// The accounts used: the other suppliers' (wrong account), or all (entry without invoice).
    pub booked_accounts: Option<Vec<Arc<str>>>,
    /// Expected amount per project.
    pub expected_projects: Option<ProjectSplit>,
    /// Booked amount per project.
    pub booked_projects: Option<ProjectSplit>,
    /// Invoice date.
    pub invoice_date: Option<Date>,
    /// Entry date.
    pub entry_date: Option<Date>,
    /// |entry date − invoice date| in days.
    pub days_apart: Option<i64>,
    /// For a duplicate: the entry kept as the booking of the invoice.
    pub kept_entry: Option<String>,
    /// For an ambiguous match: the entries of the group (numéros d'écriture, the first 20).
    pub candidate_entries: Vec<String>,
    /// For an ambiguous match: the invoices of the group (the first 20).
    pub candidate_invoices: Vec<String>,
    /// Where the invoice was read.
    pub invoice_source: Option<Source>,
    /// Where the entry was read.
    pub entry_source: Option<Source>,
}

/// A decision applied to a discrepancy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedDecision {
    /// Why.
    pub reason: String,
    /// Who.
    pub who: String,
    /// When.
    pub date: String,
    /// Where the decision is written.
    pub source: Source,
}

/// One discrepancy between the invoices and the books.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discrepancy {
    /// What kind.
    pub kind: Kind,
    /// How serious.
    pub severity: Severity,
    /// The supplier concerned.
    pub supplier: Option<Arc<str>>,
    /// Invoice number.
    pub invoice: Option<String>,
    /// Numéro d'écriture.
    pub entry: Option<String>,
    /// The pièce as booked.
    pub reference: Option<String>,
    /// What is wrong, as data (`report::fr` words it).
    pub finding: Finding,
    /// The figures.
    pub evidence: Evidence,
    /// The decision that accepts it, if any.
    pub decision: Option<AppliedDecision>,
}

impl Discrepancy {
    /// True unless a decision accepts it.
    pub fn is_open(&self) -> bool {
        self.decision.is_none()
    }
}

/// How an invoice and an entry were paired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchedBy {
    /// The invoice number is in the pièce.
    Piece,
    /// The invoice number is in a label or a line reference.
    Label,
    /// Same supplier, amount and close date.
    Amount,
}

impl MatchedBy {
    /// `piece`, `label`, `amount`.
    pub fn code(self) -> &'static str {
        match self {
            MatchedBy::Piece => "piece",
            MatchedBy::Label => "label",
            MatchedBy::Amount => "amount",
        }
    }
}

/// A pair: indexes into the input slices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index in `invoices`.
    pub invoice: usize,
    /// Index in `entries`.
    pub entry: usize,
    /// How.
    pub by: MatchedBy,
}

/// Where an invoice ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvoiceOutcome {
    /// Paired with an entry.
    Matched {
        /// Numéro d'écriture.
        entry: String,
        /// How.
        by: MatchedBy,
    },
    /// No entry; `ambiguous` when several were equally good.
    Unmatched {
        /// Reported as `ambiguous_match` rather than `invoice_without_entry`.
        ambiguous: bool,
    },
    /// Dated outside the fiscal year.
    OutOfYear,
}

/// One invoice's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceState {
    /// Index in `invoices`.
    pub index: usize,
    /// Supplier.
    pub supplier: Arc<str>,
    /// Number.
    pub number: String,
    /// Outcome.
    pub outcome: InvoiceOutcome,
}

/// Where a candidate entry ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryOutcome {
    /// Paired with an invoice.
    Matched {
        /// Invoice number.
        invoice: String,
        /// How.
        by: MatchedBy,
    },
    /// A second booking of an invoice already matched.
    Duplicate {
        /// Invoice number.
        invoice: String,
        /// The entry kept as its booking.
        kept_entry: String,
    },
    /// No invoice; `ambiguous` when several were equally good.
    Unmatched {
        /// Reported as `ambiguous_match` rather than `entry_without_invoice`.
        ambiguous: bool,
    },
}

/// One candidate entry's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryState {
    /// Index in `entries`.
    pub index: usize,
    /// Numéro d'écriture.
    pub number: String,
    /// Outcome.
    pub outcome: EntryOutcome,
}

/// Status of a ledger line in lignes.csv.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LineStatus {
    /// Matched, nothing open.
    Reconciled,
    /// Matched, with an open error or warning.
    ToCheck,
    /// No invoice (unmatched, duplicate, ambiguous).
    Unreconciled,
}

/// One ledger line on a supplier account, with its status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerLineStatus {
    /// Numéro d'écriture.
    pub entry: String,
    /// Date of the entry.
    pub date: Date,
    /// Account.
    pub account: Arc<str>,
    /// Line label, or the entry's when the line has none.
    pub label: String,
    /// Pièce.
    pub reference: String,
    /// Project.
    pub project: Option<Arc<str>>,
    /// Debit.
    pub debit: Money,
    /// Credit.
    pub credit: Money,
    /// Status.
    pub status: LineStatus,
    /// The invoice it is reconciled with.
    pub invoice: Option<String>,
    /// Why, as data (`report::fr` words it).
    pub reason: LineReason,
    /// Where the line was read.
    pub source: Source,
}

/// Everything the reconciliation found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciliation {
    /// Pairs, ordered by supplier and invoice number.
    pub matches: Vec<Match>,
    /// Discrepancies sorted by severity, kind, supplier, invoice, entry.
    pub discrepancies: Vec<Discrepancy>,
    /// Every ledger line on a supplier account, by entry number then file order.
    pub lines: Vec<LedgerLineStatus>,
    /// One per invoice, ordered by supplier and number.
    pub invoice_states: Vec<InvoiceState>,
    /// One per candidate entry, by entry number.
    pub entry_states: Vec<EntryState>,
    /// Decisions that accepted nothing.
    pub stale_decisions: Vec<Decision>,
}

impl Reconciliation {
    /// Open discrepancies of a severity.
    pub fn open_count(&self, severity: Severity) -> usize {
        self.discrepancies
            .iter()
            .filter(|d| d.severity == severity && d.is_open())
            .count()
    }
}

/// Orders entry numbers numerically when both are numbers, else as text.
pub(crate) fn cmp_entry_numbers(a: &str, b: &str) -> Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

fn cmp_opt_entry(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => cmp_entry_numbers(x, y),
        (x, y) => x.cmp(&y),
    }
}

/// Reconciles invoices with the ledger; see the module documentation for every rule.
pub fn reconcile(
    entries: &[Entry],
    invoices: &[Invoice],
    rules: &Rules,
    decisions: &[Decision],
) -> Reconciliation {
    let view = view::View::new(entries, invoices, rules);
    let outcome = invoices::run(&view);
    let mut discrepancies = outcome.discrepancies;
    let stale_decisions = decisions::apply(&mut discrepancies, decisions);
    sort_discrepancies(&mut discrepancies);
    let lines = statuses::line_statuses(&view, &outcome.entry_states, &discrepancies);
    Reconciliation {
        matches: outcome.matches,
        discrepancies,
        lines,
        invoice_states: outcome.invoice_states,
        entry_states: outcome.entry_states,
        stale_decisions,
    }
}

/// Worst first, then by kind, supplier, invoice, entry: a deterministic order.
fn sort_discrepancies(discrepancies: &mut [Discrepancy]) {
    discrepancies.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(a.kind.cmp(&b.kind))
            .then(a.supplier.cmp(&b.supplier))
            .then(a.invoice.cmp(&b.invoice))
            .then(cmp_opt_entry(a.entry.as_deref(), b.entry.as_deref()))
            .then_with(|| tiebreak(a).cmp(&tiebreak(b)))
            .then(a.evidence.entry_source.cmp(&b.evidence.entry_source))
            .then(a.evidence.invoice_source.cmp(&b.evidence.invoice_source))
    });
}

/// Orders discrepancies that agree on everything else: rejected inputs by the whole file
/// first, then by where and why, as they read.
fn tiebreak(d: &Discrepancy) -> Option<(bool, String, String)> {
    match &d.finding {
        Finding::RejectedInput { rejection } => Some((
            rejection.source.line != 0,
            rejection.source.to_string(),
            rejection.reason.to_string(),
        )),
        _ => None,
    }
}
