//! A total row that a treasurer added under an export (« Total », `=SOMME(J2:J738)`): no
//! account, and amounts equal to the sums of every row above it. It is no transaction: read
//! as one, it was glued to the last transaction (a Complet row without a number continues the
//! one above), which was then rejected whole. It is left out with a `total_row` warning
//! instead. Only an exact match of the sums is a total row; anything else is read as before.

use csv::StringRecord;

use crate::import::paheko::parse_amount;
use crate::import::paheko_columns::{Columns, Field, Layout};
use crate::model::Money;

/// Running sums of the amount columns of the rows read so far.
#[derive(Debug, Default)]
pub(crate) struct Totals {
    debit: Money,
    credit: Money,
    amount: Money,
    /// An amount that did not parse: the sums are unknown from there on.
    unknown: bool,
}

/// The cell of `field`, trimmed; empty when the column is absent.
fn cell<'r>(record: &'r StringRecord, columns: &Columns, field: Field) -> &'r str {
    columns
        .get(field)
        .and_then(|idx| record.get(idx))
        .map_or("", str::trim)
}

impl Totals {
    /// The amounts of `record` (debit and credit, or the Simplifié amount and zero) when it is
    /// a total row (see the module documentation); otherwise adds them to the sums.
    pub(crate) fn total(
        &mut self,
        layout: Layout,
        columns: &Columns,
        record: &StringRecord,
    ) -> Option<[Money; 2]> {
        let (accounts, amounts): (&[Field], &[Field]) = match layout {
            Layout::Full => (&[Field::Account], &[Field::Debit, Field::Credit]),
            Layout::Fec => (&[Field::AccountNumber], &[Field::Debit, Field::Credit]),
            Layout::Simple => (
                &[Field::DebitAccount, Field::CreditAccount],
                &[Field::Amount],
            ),
            Layout::Chart => return None,
        };
        let mut values = [Money::ZERO; 2];
        let mut any = false;
        for (value, field) in values.iter_mut().zip(amounts) {
            let text = cell(record, columns, *field);
            match parse_amount(text, *field) {
                Ok(parsed) => {
                    *value = parsed;
                    any |= !text.is_empty() && !parsed.is_zero();
                }
                Err(_) => {
                    self.unknown = true;
                    return None;
                }
            }
        }
        let sums = match layout {
            Layout::Simple => [self.amount, Money::ZERO],
            _ => [self.debit, self.credit],
        };
        let no_account = accounts
            .iter()
            .all(|field| cell(record, columns, *field).is_empty());
        if no_account && any && !self.unknown && values == sums {
            return Some(values);
        }
        match layout {
            Layout::Simple => self.amount += values[0],
            _ => {
                self.debit += values[0];
                self.credit += values[1];
            }
        }
        None
    }

    /// A row whose amounts could not be read (rejected whole): the sums are unknown.
    pub(crate) fn lose(&mut self) {
        self.unknown = true;
    }
}

#[cfg(test)]
mod tests {
    use csv::StringRecord;

    use super::Totals;
    use crate::import::paheko_columns::{Columns, Layout, recognise};
    use crate::model::Money;

    fn row(cells: &[&str]) -> StringRecord {
        StringRecord::from(cells.to_vec())
    }

    /// A short Complet header: number, type, label, date, account, debit, credit.
    fn full_header() -> (Layout, Columns) {
        recognise(&row(&[
            "Numéro d'écriture",
            "Type",
            "Libellé",
            "Date",
            "Numéro compte",
            "Débit",
            "Crédit",
        ]))
        .expect("header")
    }

    #[test]
    fn only_a_row_without_account_with_the_exact_sums_is_a_total() {
        let (layout, columns) = full_header();
        assert_eq!(layout, Layout::Full);
        let mut totals = Totals::default();
        let mut total = |cells: &[&str]| totals.total(layout, &columns, &row(cells));
        assert_eq!(
            total(&["1", "Recette", "A", "2024-01-02", "5121", "10,00", "0,00"]),
            None
        );
        assert_eq!(
            total(&["1", "Recette", "A", "2024-01-02", "756", "0,00", "10,00"]),
            None
        );
        // Not the sums: a row like any other (rejected later, without an account).
        assert_eq!(total(&["", "", "Total", "", "", "9,00", "10,00"]), None);
        // That row was added to the sums: 19,00 and 20,00 now, then 29,00 and 30,00.
        assert_eq!(total(&["", "", "Total", "", "", "10,00", "10,00"]), None);
        // An account: a line, even with the sums' amounts (58,00 and 60,00 after it).
        assert_eq!(total(&["2", "", "", "", "512", "29,00", "30,00"]), None);
        assert_eq!(
            total(&["Total", "", "", "", "", "58,00", "60,00"]),
            Some([Money::from_cents(5800), Money::from_cents(6000)])
        );
        // Blank amounts are no total.
        assert_eq!(total(&["", "", "", "", "", "", ""]), None);
    }

    #[test]
    fn an_unreadable_amount_ends_the_recognition() {
        let (layout, columns) = full_header();
        let mut totals = Totals::default();
        let mut total = |cells: &[&str]| totals.total(layout, &columns, &row(cells));
        assert_eq!(
            total(&["1", "Recette", "A", "2024-01-02", "5121", "1O,00", "0,00"]),
            None
        );
        assert_eq!(total(&["", "", "Total", "", "", "0,00", "0,00"]), None);
        assert_eq!(total(&["", "", "Total", "", "", "10,00", "0,00"]), None);
    }
}
