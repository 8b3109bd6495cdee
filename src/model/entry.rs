//! Ledger entries (« écritures ») and their lines, as Paheko exports them.

use std::sync::Arc;

use crate::model::{Date, Money, Source};

/// Paheko's transaction types (`Transaction::TYPES_NAMES`); the number is FEC's JournalCode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    /// « Avancé » (0): free form, any number of lines.
    Advanced,
    /// « Recette » (1).
    Revenue,
    /// « Dépense » (2).
    Expense,
    /// « Virement » (3).
    Transfer,
    /// « Dette » (4).
    Debt,
    /// « Créance » (5).
    Claim,
}

impl EntryKind {
    /// All kinds, in Paheko's order.
    pub const ALL: [EntryKind; 6] = [
        EntryKind::Advanced,
        EntryKind::Revenue,
        EntryKind::Expense,
        EntryKind::Transfer,
        EntryKind::Debt,
        EntryKind::Claim,
    ];

    /// The French name Paheko writes in the « Type » column.
    pub fn french(self) -> &'static str {
        match self {
            EntryKind::Advanced => "Avancé",
            EntryKind::Revenue => "Recette",
            EntryKind::Expense => "Dépense",
            EntryKind::Transfer => "Virement",
            EntryKind::Debt => "Dette",
            EntryKind::Claim => "Créance",
        }
    }

    /// From the French name (exact, as Paheko requires; surrounding blanks ignored).
    pub fn from_french(name: &str) -> Option<EntryKind> {
        let name = name.trim();
        EntryKind::ALL.into_iter().find(|k| k.french() == name)
    }

    /// From FEC's JournalCode (`00` to `05`).
    pub fn from_journal_code(code: &str) -> Option<EntryKind> {
        let n: usize = code.trim().parse().ok()?;
        EntryKind::ALL.get(n).copied()
    }
}

/// The Paheko export type a value was read from; it says what the value can carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExportType {
    /// « Complet »: one row per line, transaction columns repeated (CSV, ODS, XLSX, API JSON).
    Full,
    /// « Complet groupé »: transaction columns blank from a transaction's second line on.
    Grouped,
    /// « Simplifié »: one row per transaction; leaves out « Avancé » transactions.
    Simple,
    /// FEC: no projects, no line labels, no payment references.
    Fec,
}

impl ExportType {
    /// French name, as Paheko's export page says it.
    pub fn french(self) -> &'static str {
        match self {
            ExportType::Full => "Complet",
            ExportType::Grouped => "Complet groupé",
            ExportType::Simple => "Simplifié",
            ExportType::Fec => "FEC",
        }
    }

    /// Whether lines carry their analytic project.
    pub fn has_projects(self) -> bool {
        !matches!(self, ExportType::Fec)
    }

    /// How complete the type is, to keep the richest copy of a transaction seen twice.
    pub fn richness(self) -> u8 {
        match self {
            ExportType::Full | ExportType::Grouped => 3,
            ExportType::Simple => 2,
            ExportType::Fec => 1,
        }
    }
}

/// One line of an entry (« ligne »): one account, debit or credit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// « Numéro compte »: opaque, case-sensitive code.
    pub account: Arc<str>,
    /// « Libellé compte » as exported (the chart's label at export time).
    pub account_label: Arc<str>,
    /// « Débit », never negative once read (a negative debit is read as a credit).
    pub debit: Money,
    /// « Crédit », never negative once read.
    pub credit: Money,
    /// « Référence ligne », « Libellé ligne » and « Lettrage », when any is filled.
    pub text: Option<Arc<LineText>>,
    /// « Projet analytique »: project code or label, as exported; `None` when blank.
    pub project: Option<Arc<str>>,
    /// « Rapprochement »: reconciled with a bank statement.
    pub reconciled: bool,
    /// The input row of this line.
    pub line: u64,
}

/// The free-text columns of a line. Most lines have none, and those that do repeat them
/// (a bank reference), so lines share them: a line stays small when there are millions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LineText {
    /// « Référence ligne » (payment reference).
    pub reference: Arc<str>,
    /// « Libellé ligne ».
    pub label: Arc<str>,
    /// « Lettrage » (1.3.20 and later), empty when none.
    pub letter: Arc<str>,
}

impl LineText {
    /// The text of a line, `None` when every column is blank.
    pub fn new(reference: &str, label: &str, letter: &str) -> Option<Arc<LineText>> {
        if reference.is_empty() && label.is_empty() && letter.is_empty() {
            return None;
        }
        Some(Arc::new(LineText {
            reference: Arc::from(reference),
            label: Arc::from(label),
            letter: Arc::from(letter),
        }))
    }
}

impl Line {
    /// « Référence ligne », empty when none.
    pub fn reference(&self) -> &str {
        self.text.as_deref().map_or("", |t| &t.reference)
    }

    /// « Libellé ligne », empty when none.
    pub fn label(&self) -> &str {
        self.text.as_deref().map_or("", |t| &t.label)
    }

    /// « Lettrage », empty when none.
    pub fn letter(&self) -> &str {
        self.text.as_deref().map_or("", |t| &t.letter)
    }

    /// Debit − credit.
    pub fn balance(&self) -> Money {
        self.debit - self.credit
    }
}

/// A transaction (« écriture »): balanced lines sharing a date, a label and a pièce.
///
/// Invariant: an `Entry` that leaves the book stage has Σ debit = Σ credit and at least one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// « Numéro d'écriture » (Paheko's transaction id, unique across years), or FEC's EcritureNum.
    pub number: Box<str>,
    /// « Type », when the export says it.
    pub kind: Option<EntryKind>,
    /// « Statut » (`Réglé`, `En attente de règlement`), empty when none.
    pub status: Box<str>,
    /// « Libellé ».
    pub label: Box<str>,
    /// « Date ».
    pub date: Date,
    /// « Remarques ».
    pub notes: Box<str>,
    /// « Numéro pièce comptable » (FEC's `ECRITURE-<n>` placeholder is read as empty).
    pub reference: Box<str>,
    /// « Membres associés ».
    pub members: Box<str>,
    /// The lines, in file order.
    pub lines: Vec<Line>,
    /// The export type it was read from.
    pub export: ExportType,
    /// Where it starts (file and first row).
    pub source: Source,
    /// How many input rows it was read from (lines, or 1 for « Simplifié »).
    pub rows: u32,
}

impl Entry {
    /// Σ debit.
    pub fn total_debit(&self) -> Money {
        self.lines.iter().map(|l| l.debit).sum()
    }

    /// Σ credit.
    pub fn total_credit(&self) -> Money {
        self.lines.iter().map(|l| l.credit).sum()
    }
}

/// A transaction number in the canonical form of an integer, as Paheko's ids are, as that
/// integer; `None` for anything else (« 007 » is not « 7 », « +7 » is text).
pub fn canonical_id(number: &str) -> Option<u64> {
    let canonical = number == "0"
        || (number.starts_with(|c: char| matches!(c, '1'..='9'))
            && number.bytes().all(|b| b.is_ascii_digit()));
    if canonical { number.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::canonical_id;

    #[test]
    fn only_canonical_integers_are_ids() {
        assert_eq!(canonical_id("0"), Some(0));
        assert_eq!(canonical_id("42"), Some(42));
        for text in ["", "007", "+7", "-7", "7a", " 7", "99999999999999999999999"] {
            assert_eq!(canonical_id(text), None, "{text:?}");
        }
    }
}
