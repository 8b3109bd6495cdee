//! Supplier invoices (« factures ») and credit notes (« avoirs »).

use std::sync::Arc;

use crate::model::{Date, Money, Source};

/// One billed line of an invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceLine {
    /// What was billed, as printed.
    pub description: String,
    /// The service the line is for (OVH's `domain`, a mapped « service » column); empty if unknown.
    pub service: String,
    /// Amount before tax (HT) of the line; negative on a credit note.
    pub amount_ht: Money,
}

/// A supplier invoice or credit note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invoice {
    /// The supplier's identifier in the configuration (`ovh`, `kimsufi`, `retzo`…).
    pub supplier: Arc<str>,
    /// The invoice number (`FR05139398`, `R2024-001`).
    pub number: String,
    /// Issue date.
    pub date: Date,
    /// Total including tax (TTC); negative for a credit note.
    pub total: Money,
    /// Total before tax (HT), when the source gives it; negative for a credit note.
    pub total_ht: Option<Money>,
    /// True for a credit note (« avoir », OVH's refund).
    pub credit_note: bool,
    /// For a credit note, the invoice it refunds, when known.
    pub original: Option<String>,
    /// A short description for people (label, designation, first line).
    pub label: String,
    /// Billed lines, when the source has them (OVH API details, mapped service column).
    pub lines: Vec<InvoiceLine>,
    /// Where it was read.
    pub source: Source,
}
