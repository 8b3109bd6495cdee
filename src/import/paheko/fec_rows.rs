//! The FEC rows of a [`Journal`]: kept until the end of the file, then grouped into
//! transactions as the numbering found by `fec` says, with a warning when it is not Paheko's.

use std::sync::Arc;

use csv::StringRecord;

use super::{Header, Journal, Pending, add_line};
use crate::error::{Reason, Warning};
use crate::import::paheko::columns::{Field, french_name};
use crate::import::paheko::fec::{self, FecKey, FecNumbering};
use crate::model::{Date, Line, Money, Source};

/// An FEC row, kept until the whole file tells how its rows make transactions.
#[derive(Debug)]
pub(super) struct FecRow {
    line: u64,
    journal: Arc<str>,
    number: Arc<str>,
    date: Arc<str>,
    header: Result<Header, (u64, Reason)>,
    parsed: Result<Line, Reason>,
}

impl Journal {
    pub(super) fn push_fec(&mut self, line: u64, record: &StringRecord, spoiled: Option<Reason>) {
        let c = &self.columns;
        let (journal, number, date) = (
            c.cell(record, Field::JournalCode),
            c.cell(record, Field::EntryNumber),
            c.cell(record, Field::EntryDate),
        );
        let (journal, number, date) = (
            self.interner.get(journal),
            self.interner.get(number),
            self.interner.get(date),
        );
        let (header, parsed) = match spoiled {
            Some(reason) => (Err((line, reason.clone())), Err(reason)),
            None => (
                self.header(line, record),
                self.line(line, record, Field::AccountNumber),
            ),
        };
        self.fec_rows.push(FecRow {
            line,
            journal,
            number,
            date,
            header,
            parsed,
        });
    }

    /// Groups the FEC rows into transactions once the numbering is known, and says how
    /// when it is not Paheko's.
    pub(super) fn finish_fec(&mut self) {
        let rows = std::mem::take(&mut self.fec_rows);
        let keys: Vec<FecKey<'_>> = rows
            .iter()
            .map(|row| FecKey {
                journal: &row.journal,
                number: &row.number,
                date: if Date::parse(&row.date).is_some() {
                    &row.date
                } else {
                    ""
                },
                balance: row
                    .parsed
                    .as_ref()
                    .map_or(Money::ZERO, |l| l.debit - l.credit),
            })
            .collect();
        let detection = fec::group(&keys);
        let numbering = detection.numbering;
        if let Some(kind) = fec::warning(&detection, &keys) {
            self.out.paheko_numbers = false;
            self.out
                .warnings
                .push(Warning::at(Source::file(Arc::clone(&self.file)), kind));
        }
        drop(keys);
        let mut rows: Vec<Option<FecRow>> = rows.into_iter().map(Some).collect();
        for group in detection.groups {
            let mut members = group
                .into_iter()
                .filter_map(|idx| rows.get_mut(idx)?.take());
            let Some(first) = members.next() else {
                continue;
            };
            let number = match numbering {
                FecNumbering::Global => first.number.to_string(),
                FecNumbering::PerJournal { .. } => {
                    fec::journal_number(&first.journal, &first.number)
                }
                FecNumbering::Absent => String::new(),
            };
            let header = match first.header {
                Ok(_) if first.number.is_empty() && numbering != FecNumbering::Absent => Err((
                    first.line,
                    Reason::MissingValue(french_name(Field::EntryNumber).to_owned()),
                )),
                header => header,
            };
            let mut pending = Pending {
                number: Box::from(number),
                header,
                lines: Vec::new(),
                rows: Vec::new(),
            };
            add_line(&mut pending, first.line, first.parsed);
            for row in members {
                // The transaction takes its date from its first row: a later row whose date is
                // no date spoils it (a valid other date made another transaction, see `fec`).
                let parsed = match (row.header, row.parsed) {
                    (Err((_, reason)), Ok(_)) if is_date_problem(&reason) => Err(reason),
                    (_, parsed) => parsed,
                };
                add_line(&mut pending, row.line, parsed);
            }
            self.close(pending);
        }
    }
}

/// True for a reason about an FEC row's EcritureDate.
fn is_date_problem(reason: &Reason) -> bool {
    let column = french_name(Field::EntryDate);
    match reason {
        Reason::BadDate { column: c, .. } | Reason::MissingValue(c) => c == column,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::import::paheko::journal::tests::{read, reasons};

    #[test]
    fn fec_amount_and_direction_give_the_sides() {
        let text = "EcritureNum,EcritureDate,CompteNum,EcritureLib,Montant,Sens\n\
1,20240104,604,Facture,\"30,56\",D\n\
1,20240104,401,Facture,\"30,56\",c\n\
2,20240105,512,Don,10,+1\n\
2,20240105,754,Don,10,-1\n\
3,20240106,512,Don,5,X\n\
3,20240106,754,Don,5,C\n";
        let (out, _) = read(text);
        assert_eq!(out.entries.len(), 2);
        let sides: Vec<(String, String)> = out.entries[0]
            .lines
            .iter()
            .map(|l| (l.debit.to_plain(), l.credit.to_plain()))
            .collect();
        assert_eq!(
            sides,
            [
                ("30.56".to_owned(), "0.00".to_owned()),
                ("0.00".to_owned(), "30.56".to_owned())
            ]
        );
        assert_eq!(
            reasons(&out),
            ["6: unknown_direction", "7: entry_incomplete"]
        );
    }

    #[test]
    fn a_bad_date_on_a_later_fec_row_spoils_its_transaction_not_the_numbering() {
        let text = "JournalCode,EcritureNum,EcritureDate,CompteNum,EcritureLib,Debit,Credit\n\
02,5,20240104,604,Facture,\"30,56\",\n\
02,5,20241304,401,Facture,,\"30,56\"\n\
01,6,20240105,512,Don,10,\n\
01,6,20240105,754,Don,,10\n";
        let (out, _) = read(text);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        assert!(out.paheko_numbers);
        assert_eq!(out.entries.len(), 1);
        assert_eq!(reasons(&out), ["2: entry_incomplete", "3: bad_date"]);
    }

    #[test]
    fn fec_numbered_per_journal_names_transactions_by_journal() {
        let text = "JournalCode,EcritureNum,EcritureDate,CompteNum,EcritureLib,Debit,Credit\n\
AC,1,20240104,604,Facture,\"30,56\",\n\
VE,1,20240105,411,Cotisation,\"60,00\",\n\
AC,1,20240104,401,Facture,,\"30,56\"\n\
VE,1,20240105,756,Cotisation,,\"60,00\"\n\
AC,2,20240106,626,Kimsufi,\"12,00\",\n\
AC,2,20240106,401,Kimsufi,,\"12,00\"\n";
        let (out, _) = read(text);
        assert!(out.rejected.is_empty(), "{:?}", out.rejected);
        let numbers: Vec<&str> = out.entries.iter().map(|e| &*e.number).collect();
        assert_eq!(numbers, ["AC/1", "VE/1", "AC/2"]);
        assert!(!out.paheko_numbers);
        assert_eq!(out.warnings[0].code(), "fec_numbered_per_journal");
        assert!(out.rejected.is_empty());
    }
}
