//! The cells of one journal row → a transaction header and its lines (Complet/Groupé/FEC
//! rows give one line, Simplifié rows two). Grouping rows into transactions stays in the
//! parent, `journal`; this child reads its private state.

use std::sync::Arc;

use csv::StringRecord;

use super::{Header, Journal};
use crate::error::Reason;
use crate::import::paheko::checks::account_code;
use crate::import::paheko::columns::{Field, Layout, fec_amount_and_direction, french_name};
use crate::import::paheko::fec;
use crate::import::paheko::interner::Interner;
use crate::import::unicode::nfc;
use crate::model::{AmountError, Date, EntryKind, Line, Money};

impl Journal {
    /// The transaction columns of a row.
    pub(super) fn header(
        &mut self,
        line: u64,
        record: &StringRecord,
    ) -> Result<Header, (u64, Reason)> {
        let c = &self.columns;
        let fec = self.layout == Layout::Fec;
        let (date_field, label_field, reference_field) = if fec {
            (Field::EntryDate, Field::EntryLabel, Field::PieceRef)
        } else {
            (Field::Date, Field::Label, Field::Reference)
        };
        let date = parse_date(c.cell(record, date_field), date_field).map_err(|r| (line, r))?;
        let label = c.cell(record, label_field);
        if label.is_empty() {
            return Err((
                line,
                Reason::MissingValue(french_name(label_field).to_owned()),
            ));
        }
        let kind = if fec {
            EntryKind::from_journal_code(c.cell(record, Field::JournalCode))
                .or_else(|| EntryKind::from_french(c.cell(record, Field::JournalLib)))
        } else if c.has(Field::Type) {
            let text = c.cell(record, Field::Type);
            Some(
                EntryKind::from_french(&nfc(text))
                    .ok_or_else(|| (line, Reason::UnknownType(text.to_owned())))?,
            )
        } else {
            None
        };
        let mut reference = c.cell(record, reference_field);
        if fec {
            // Paheko writes `ECRITURE-<id>` when the transaction has no pièce number (also
            // when the EcritureNum column was emptied since).
            let number = c.cell(record, Field::EntryNumber);
            let placeholder = reference.strip_prefix("ECRITURE-").is_some_and(|id| {
                id == number
                    || (number.is_empty()
                        && !id.is_empty()
                        && id.bytes().all(|b| b.is_ascii_digit()))
            });
            if placeholder {
                reference = "";
            }
        }
        let text = |cell: &str| Box::from(nfc(cell));
        Ok(Header {
            kind,
            status: text(c.cell(record, Field::Status)),
            label: text(label),
            date,
            notes: text(c.cell(record, Field::Notes)),
            reference: text(reference),
            members: text(c.cell(record, Field::Members)),
        })
    }

    /// The line columns of a Complet/Groupé/FEC row.
    pub(super) fn line(
        &mut self,
        line: u64,
        record: &StringRecord,
        account_field: Field,
    ) -> Result<Line, Reason> {
        let c = &self.columns;
        let account = account_code(c, record, account_field)?;
        let (debit, credit) =
            if account_field == Field::AccountNumber && fec_amount_and_direction(c) {
                let amount = parse_amount(c.cell(record, Field::Amount), Field::Amount)?;
                let sens = c.cell(record, Field::Direction);
                match fec::direction(sens) {
                    Some(true) => (amount, Money::ZERO),
                    Some(false) => (Money::ZERO, amount),
                    None => return Err(Reason::UnknownDirection(sens.to_owned())),
                }
            } else {
                (
                    parse_amount(c.cell(record, Field::Debit), Field::Debit)?,
                    parse_amount(c.cell(record, Field::Credit), Field::Credit)?,
                )
            };
        // A negative amount is moved to the other side, as Paheko's import does.
        let (debit, credit) = match (debit.is_negative(), credit.is_negative()) {
            (false, false) => (debit, credit),
            (true, false) => (Money::ZERO, credit - debit),
            (false, true) => (debit - credit, Money::ZERO),
            (true, true) => (-credit, -debit),
        };
        if !debit.is_zero() && !credit.is_zero() {
            return Err(Reason::DebitAndCredit { debit, credit });
        }
        let label_field = if account_field == Field::AccountNumber {
            Field::AccountName
        } else {
            Field::AccountLabel
        };
        let letter_field = if account_field == Field::AccountNumber {
            Field::EntryLetter
        } else {
            Field::Letter
        };
        let project = c.cell(record, Field::Project);
        let account_label = c.cell(record, label_field);
        let reference = c.cell(record, Field::LineReference);
        let label = c.cell(record, Field::LineLabel);
        let reconciled = c.cell(record, Field::Reconciled) == "1";
        let letter = c.cell(record, letter_field);
        Ok(Line {
            account: self.interner.get(account),
            account_label: self.interner.get(account_label),
            debit,
            credit,
            text: self.interner.line_text(reference, label, letter),
            project: (!project.is_empty()).then(|| self.interner.get(project)),
            reconciled,
            line,
        })
    }

    /// The two lines of a « Simplifié » row: debit account, then credit account.
    pub(super) fn simple_lines(
        &mut self,
        line: u64,
        record: &StringRecord,
    ) -> Result<[Line; 2], Reason> {
        let c = &self.columns;
        let debit_account = account_code(c, record, Field::DebitAccount)?;
        let credit_account = account_code(c, record, Field::CreditAccount)?;
        let amount = parse_amount(c.cell(record, Field::Amount), Field::Amount)?;
        // A negative amount swaps the sides.
        let (debit_account, credit_account, amount) = if amount.is_negative() {
            (credit_account, debit_account, -amount)
        } else {
            (debit_account, credit_account, amount)
        };
        let project = c.cell(record, Field::Project);
        let reference = c.cell(record, Field::PaymentReference);
        // The simple export has one project (the debit line's); it concerns the transaction,
        // so both lines carry it, as « projets sur tous les comptes » does in Paheko.
        let project = (!project.is_empty()).then(|| self.interner.get(project));
        let text = self.interner.line_text(reference, "", "");
        let empty = self.interner.get("");
        let make = |interner: &mut Interner, account: &str, debit: Money, credit: Money| Line {
            account: interner.get(account),
            account_label: Arc::clone(&empty),
            debit,
            credit,
            text: text.clone(),
            project: project.clone(),
            reconciled: false,
            line,
        };
        Ok([
            make(&mut self.interner, debit_account, amount, Money::ZERO),
            make(&mut self.interner, credit_account, Money::ZERO, amount),
        ])
    }
}

/// An amount cell: empty is zero (as in Paheko); anything else must parse.
pub fn parse_amount(text: &str, field: Field) -> Result<Money, Reason> {
    if text.is_empty() {
        return Ok(Money::ZERO);
    }
    Money::parse(text).map_err(|err| {
        let column = french_name(field).to_owned();
        let value = text.to_owned();
        match err {
            AmountError::Invalid => Reason::BadAmount { column, value },
            AmountError::TooManyDecimals => Reason::TooManyDecimals { column, value },
            AmountError::TooLarge => Reason::AmountTooLarge { column, value },
        }
    })
}

/// A mandatory date cell.
pub fn parse_date(text: &str, field: Field) -> Result<Date, Reason> {
    if text.is_empty() {
        return Err(Reason::MissingValue(french_name(field).to_owned()));
    }
    Date::parse(text).ok_or_else(|| Reason::BadDate {
        column: french_name(field).to_owned(),
        value: text.to_owned(),
    })
}
