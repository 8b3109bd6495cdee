//! What a discrepancy or a line status says, as data: `report::fr` words it.
//!
//! Each [`Finding`] carries the facts its sentence needs, so that the wording lives in one
//! place (`src/report/fr.rs`) and this stage stays free of prose.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::error::Rejection;
use crate::model::{Date, Money};
use crate::reconcile::{EntryOutcome, Kind, MatchedBy};

/// A project in a split: a named analytic project, or none. « No project » is its own key,
/// so a project that happens to be named like its label never merges with it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProjectKey {
    /// Booked or expected without a project.
    None,
    /// A project, by its canonical name.
    Named(Arc<str>),
}

impl ProjectKey {
    /// The key of an optional project name.
    pub fn of(project: Option<&str>) -> ProjectKey {
        project.map_or(ProjectKey::None, |p| ProjectKey::Named(Arc::from(p)))
    }
}

/// Amount per project.
pub type ProjectSplit = BTreeMap<ProjectKey, Money>;

/// An invoice as a finding names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceFacts {
    /// The supplier's name for people (its id when it is not configured).
    pub supplier_name: String,
    /// Invoice number.
    pub number: String,
    /// Invoice date.
    pub date: Date,
    /// What the books should record (TTC or HT per basis).
    pub amount: Money,
    /// An avoir rather than a facture.
    pub credit_note: bool,
}

/// An entry as a finding names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryFacts {
    /// Numéro d'écriture.
    pub number: String,
    /// Entry date.
    pub date: Date,
    /// The pièce as booked (may be empty).
    pub reference: String,
    /// Σ(debit − credit) on every supplier account.
    pub booked: Money,
}

/// What one discrepancy found, with the facts to say it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// No entry books the invoice.
    InvoiceWithoutEntry {
        /// The invoice.
        invoice: InvoiceFacts,
        /// Its supplier's accounts.
        accounts: Vec<Arc<str>>,
    },
    /// No invoice backs the entry.
    EntryWithoutInvoice {
        /// The entry.
        entry: EntryFacts,
        /// The name of the supplier it books for, if any.
        supplier_name: Option<String>,
        /// The supplier accounts it uses.
        accounts: Vec<Arc<str>>,
    },
    /// The entry books another amount.
    AmountMismatch {
        /// The invoice.
        invoice: InvoiceFacts,
        /// Its entry.
        entry: EntryFacts,
    },
    /// A second booking of an invoice already matched.
    DuplicateEntry {
        /// The invoice.
        invoice: InvoiceFacts,
        /// The second booking.
        entry: EntryFacts,
        /// The numéro of the entry kept as its booking.
        kept_entry: String,
    },
    /// Booked on another supplier's account.
    WrongAccount {
        /// The invoice.
        invoice: InvoiceFacts,
        /// Its entry.
        entry: EntryFacts,
        /// The other suppliers' accounts used.
        booked_accounts: Vec<Arc<str>>,
        /// The names of the suppliers those accounts belong to.
        their_suppliers: Vec<String>,
        /// The invoice's supplier's accounts (empty when none is configured).
        expected_accounts: Vec<Arc<str>>,
    },
    /// The pièce does not cite the invoice number.
    ReferenceMismatch {
        /// The invoice.
        invoice: InvoiceFacts,
        /// Its entry.
        entry: EntryFacts,
        /// How they were paired.
        by: MatchedBy,
        /// The pièce, trimmed; `None` when the entry has none.
        piece: Option<String>,
    },
    /// The split by project differs.
    ProjectMismatch {
        /// The invoice.
        invoice: InvoiceFacts,
        /// Its entry.
        entry: EntryFacts,
        /// Expected amount per project.
        expected: ProjectSplit,
        /// Booked amount per project.
        booked: ProjectSplit,
    },
    /// Several equally good candidates.
    AmbiguousMatch {
        /// The invoice.
        invoice: InvoiceFacts,
        /// The candidate entries listed: (numéro, date).
        entries: Vec<(String, Date)>,
        /// How many more entries were not listed.
        more_entries: usize,
        /// The other invoices of the group listed, by number.
        other_invoices: Vec<String>,
        /// How many more invoices were not listed.
        more_invoices: usize,
    },
    /// Matched by reference, but far in time.
    DateMismatch {
        /// The invoice.
        invoice: InvoiceFacts,
        /// Its entry.
        entry: EntryFacts,
        /// Days between them.
        days_apart: i64,
        /// The tolerance, in days.
        tolerance: i64,
    },
    /// Dated outside the fiscal year.
    OutOfYear {
        /// The invoice.
        invoice: InvoiceFacts,
        /// First and last day of the fiscal year.
        fiscal_year: (Date, Date),
    },
    /// A row (or file) the import rejected.
    RejectedInput {
        /// Where and why.
        rejection: Rejection,
    },
}

impl Finding {
    /// The kind of discrepancy it is.
    pub fn kind(&self) -> Kind {
        match self {
            Finding::InvoiceWithoutEntry { .. } => Kind::InvoiceWithoutEntry,
            Finding::EntryWithoutInvoice { .. } => Kind::EntryWithoutInvoice,
            Finding::AmountMismatch { .. } => Kind::AmountMismatch,
            Finding::DuplicateEntry { .. } => Kind::DuplicateEntry,
            Finding::WrongAccount { .. } => Kind::WrongAccount,
            Finding::ReferenceMismatch { .. } => Kind::ReferenceMismatch,
            Finding::ProjectMismatch { .. } => Kind::ProjectMismatch,
            Finding::AmbiguousMatch { .. } => Kind::AmbiguousMatch,
            Finding::DateMismatch { .. } => Kind::DateMismatch,
            Finding::OutOfYear { .. } => Kind::OutOfYear,
            Finding::RejectedInput { .. } => Kind::RejectedInput,
        }
    }
}

/// Why a ledger line has its status (lignes.csv), as data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineReason {
    /// Where its entry ended.
    pub outcome: EntryOutcome,
    /// The kinds of the open errors and warnings on its entry.
    pub open: Vec<Kind>,
    /// The kinds of the accepted discrepancies on its entry.
    pub accepted: Vec<Kind>,
    /// The kinds of the open informations on its entry.
    pub noted: Vec<Kind>,
}
