//! Checks of Paheko journal cells that the interpreter (`paheko`) relies on, kept apart so
//! that it stays about grouping rows: account codes as Paheko accepts them, and the
//! transaction cells that every row of a Complet transaction repeats; and the verdict on a
//! finished transaction, shared with the backup reader (`import::backup`).

use csv::StringRecord;

use crate::error::Reason;
use crate::import::paheko::columns::{Columns, Field, french_name};
use crate::import::unicode::same_nfc;
use crate::model::account::valid_code;
use crate::model::{Date, Line, Money};

/// The account code of a row, checked as Paheko checks it (see [`valid_code`]): empty is
/// `missing_value`, anything but letters, digits and `_` (20 at most) is `bad_account`.
/// ASCII blanks around the code are dropped, as Paheko's import drops them.
pub(crate) fn account_code<'r>(
    columns: &Columns,
    record: &'r StringRecord,
    field: Field,
) -> Result<&'r str, Reason> {
    let raw = columns.raw_cell(record, field);
    match valid_code(raw) {
        Some("") => Err(Reason::MissingValue(french_name(field).to_owned())),
        Some(code) => Ok(code),
        None if raw.trim().is_empty() => Err(Reason::MissingValue(french_name(field).to_owned())),
        None => Err(Reason::BadAccount {
            column: french_name(field).to_owned(),
            value: raw.trim_ascii().to_owned(),
        }),
    }
}

/// The transaction cells a Complet export repeats on every row of a transaction (Paheko's
/// `Export::iterateExport`). « Membres associés » is left out: it changes no figure, and
/// Paheko builds it with `GROUP_CONCAT`, whose order is not fixed.
const TRANSACTION_CELLS: [Field; 6] = [
    Field::Type,
    Field::Status,
    Field::Label,
    Field::Date,
    Field::Notes,
    Field::Reference,
];

/// The transaction cells of the first row of the transaction being read, to check that its
/// other rows agree. Paheko's import reads them from the first row only: a row that says
/// otherwise (another date, an unknown type, another label) is a mistake or a second
/// transaction glued under the same number, and must not be merged silently. One buffer
/// serves every transaction.
#[derive(Debug, Default)]
pub(crate) struct FirstRow {
    /// Its line; 0 when there is nothing to compare with (a row read only in part).
    line: u64,
    /// The cells, one after another.
    text: String,
    /// Where each cell ends in `text`.
    ends: [usize; TRANSACTION_CELLS.len()],
}

impl FirstRow {
    /// Keeps the transaction cells of a transaction's first row (`whole`: read whole).
    pub(crate) fn keep(
        &mut self,
        columns: &Columns,
        record: &StringRecord,
        line: u64,
        whole: bool,
    ) {
        self.text.clear();
        self.line = if whole { line } else { 0 };
        for (end, field) in self.ends.iter_mut().zip(TRANSACTION_CELLS) {
            self.text.push_str(columns.cell(record, field));
            *end = self.text.len();
        }
    }

    fn cell(&self, idx: usize) -> &str {
        let start = idx.checked_sub(1).map_or(0, |prev| self.ends[prev]);
        self.text.get(start..self.ends[idx]).unwrap_or_default()
    }

    /// Why a later row of transaction `number` disagrees with its first row, if it does.
    /// A blank cell agrees (not repeated, as in « Complet groupé »); dates agree when they
    /// are the same day however written. « Numéro pièce comptable » is compared only when
    /// the file has a « Référence ligne » column: without it, Paheko's import takes a pièce
    /// that changes within a transaction as the line's reference.
    pub(crate) fn disagreement(
        &self,
        columns: &Columns,
        record: &StringRecord,
        line: u64,
        number: &str,
    ) -> Option<Reason> {
        if self.line == 0 {
            return None;
        }
        for (idx, field) in TRANSACTION_CELLS.into_iter().enumerate() {
            if field == Field::Reference
                && (!columns.has(Field::LineReference) || !columns.has(Field::Id))
            {
                continue;
            }
            let value = columns.cell(record, field);
            let first = self.cell(idx);
            if value.is_empty() || same_nfc(value, first) {
                continue;
            }
            if field == Field::Date
                && Date::parse(value).is_some_and(|date| Date::parse(first) == Some(date))
            {
                continue;
            }
            return Some(Reason::InconsistentEntry {
                number: number.to_owned(),
                column: french_name(field).to_owned(),
                first_value: first.to_owned(),
                first_line: self.line,
                value: value.to_owned(),
                line,
            });
        }
        None
    }
}

/// The verdict on a finished transaction: its header (any type) and its rows back when it is
/// accepted, else each row with the reason it is rejected for. Every row of a transaction with
/// a bad row (or a bad header) is rejected: the bad row with its reason, a row with its own
/// problem with that one, the others as `entry_incomplete` naming the bad row; a transaction
/// that does not balance, or has fewer than two lines, is rejected whole with that reason.
pub(crate) type Verdict<H> = Result<(H, Vec<(u64, Option<Reason>)>), Vec<(u64, Reason)>>;

/// Judges a finished transaction (see [`Verdict`]).
pub(crate) fn judge_transaction<H>(
    number: &str,
    header: Result<H, (u64, Reason)>,
    lines: &[Line],
    rows: Vec<(u64, Option<Reason>)>,
) -> Verdict<H> {
    let spoiler = match &header {
        Err((line, reason)) => Some((*line, reason.clone())),
        Ok(_) => rows
            .iter()
            .find_map(|(line, problem)| problem.clone().map(|r| (*line, r))),
    };
    let header = match (header, spoiler) {
        (Ok(header), None) => header,
        (_, Some((bad_line, bad_reason))) => {
            return Err(rows
                .into_iter()
                .map(|(line, problem)| {
                    let reason = match problem {
                        Some(own) => own,
                        None if line == bad_line => bad_reason.clone(),
                        None => Reason::EntryIncomplete {
                            number: number.to_owned(),
                            bad_line,
                        },
                    };
                    (line, reason)
                })
                .collect());
        }
        (Err(_), None) => return Err(Vec::new()),
    };
    let debit: Money = lines.iter().map(|l| l.debit).sum();
    let credit: Money = lines.iter().map(|l| l.credit).sum();
    let reason = if debit != credit {
        Some(Reason::Unbalanced {
            number: number.to_owned(),
            debit,
            credit,
        })
    } else if lines.len() < 2 {
        Some(Reason::TooFewLines(number.to_owned()))
    } else {
        None
    };
    match reason {
        Some(reason) => Err(rows
            .into_iter()
            .map(|(line, _)| (line, reason.clone()))
            .collect()),
        None => Ok((header, rows)),
    }
}

#[cfg(test)]
mod tests {
    use crate::import::paheko::journal::tests::{FULL_HEADER, read, reasons};

    #[test]
    fn account_codes_paheko_refuses_reject_their_transaction() {
        let text = format!(
            "{FULL_HEADER}\
\"1\",\"Dépense\",\"\",\"X\",\"2024-03-15\",\"\",\"\",\"\u{feff}626\",\"T\",\"1,00\",\"0,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"1\",\"Dépense\",\"\",\"X\",\"2024-03-15\",\"\",\"\",\"5121\",\"B\",\"0,00\",\"1,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"2\",\"Dépense\",\"\",\"Y\",\"2024-03-16\",\"\",\"\",\" 626 \",\"T\",\"1,00\",\"0,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"2\",\"Dépense\",\"\",\"Y\",\"2024-03-16\",\"\",\"\",\"5121\",\"B\",\"0,00\",\"1,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"3\",\"Dépense\",\"\",\"Z\",\"2024-03-17\",\"\",\"\",\"\u{a0}\",\"T\",\"1,00\",\"0,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"3\",\"Dépense\",\"\",\"Z\",\"2024-03-17\",\"\",\"\",\"5121\",\"B\",\"0,00\",\"1,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n"
        );
        let (out, _) = read(&text);
        assert_eq!(
            reasons(&out),
            [
                "2: bad_account",
                "3: entry_incomplete",
                "6: missing_value",
                "7: entry_incomplete"
            ]
        );
        assert_eq!(
            out.rejected[0].reason.to_string(),
            "numéro de compte invalide « <U+FEFF>626 » dans la colonne « Numéro compte » : \
             Paheko n'accepte que des chiffres, des lettres sans accent et _ \
             (caractère invisible, espace ou préfixe de tableur ?)"
        );
        // Blanks around a code are dropped, as Paheko does.
        assert_eq!(out.entries.len(), 1);
        assert_eq!(&*out.entries[0].lines[0].account, "626");
    }

    /// A Complet row of transaction `number` with these transaction cells.
    fn row(
        number: &str,
        kind: &str,
        label: &str,
        date: &str,
        account: &str,
        debit: &str,
        credit: &str,
    ) -> String {
        format!(
            "\"{number}\",\"{kind}\",\"\",\"{label}\",\"{date}\",\"\",\"P-{number}\",\"{account}\",\"\",\"{debit}\",\"{credit}\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n"
        )
    }

    #[test]
    fn rows_of_one_transaction_must_agree() {
        let text = [
            FULL_HEADER.to_owned(),
            // Another date on the second row.
            row("1", "Dépense", "X", "2024-03-01", "626", "1,00", ""),
            row("1", "Dépense", "X", "2024-03-02", "5121", "", "1,00"),
            // An unknown type on the second row.
            row("2", "Dépense", "Y", "2024-03-03", "626", "1,00", ""),
            row("2", "Achat", "Y", "2024-03-03", "5121", "", "1,00"),
            // Two balanced transactions glued under one number.
            row("3", "Recette", "Don A", "2024-03-04", "5121", "5,00", ""),
            row("3", "Recette", "Don A", "2024-03-04", "754", "", "5,00"),
            row("3", "Dépense", "Facture B", "2024-03-05", "626", "7,00", ""),
            row(
                "3",
                "Dépense",
                "Facture B",
                "2024-03-05",
                "5121",
                "",
                "7,00",
            ),
            // The same day written two ways, and a blank (not repeated) label: accepted.
            row("4", "Dépense", "Z", "2024-03-06", "626", "1,00", ""),
            row("4", "Dépense", "", "06/03/2024", "5121", "", "1,00"),
        ]
        .concat();
        let (out, _) = read(&text);
        assert_eq!(
            reasons(&out),
            [
                "2: entry_incomplete",
                "3: inconsistent_entry",
                "4: entry_incomplete",
                "5: inconsistent_entry",
                "6: entry_incomplete",
                "7: entry_incomplete",
                "8: inconsistent_entry",
                "9: inconsistent_entry",
            ]
        );
        assert_eq!(
            out.rejected[1].reason.to_string(),
            "écriture n° 1 avec deux valeurs différentes dans la colonne « Date » : \
             « 2024-03-01 » (ligne 2) et « 2024-03-02 » (ligne 3) ; \
             ces colonnes doivent être les mêmes sur toutes les lignes d'une écriture"
        );
        assert_eq!(
            out.rejected[3].reason.to_string(),
            "écriture n° 2 avec deux valeurs différentes dans la colonne « Type » : \
             « Dépense » (ligne 4) et « Achat » (ligne 5) ; \
             ces colonnes doivent être les mêmes sur toutes les lignes d'une écriture"
        );
        assert_eq!(out.entries.len(), 1);
        assert_eq!(&*out.entries[0].number, "4");
    }

    #[test]
    fn text_cells_are_read_in_nfc() {
        let mac = "Camp E\u{301}te\u{301}";
        let text = [
            FULL_HEADER.to_owned(),
            row("1", "De\u{301}pense", mac, "2024-03-01", "626", "1,00", "").replace(
                "\"0\",\"\",\"\",\"\"",
                &format!("\"0\",\"\",\"{mac}\",\"\""),
            ),
            row("1", "Dépense", "Camp Été", "2024-03-01", "5121", "", "1,00")
                .replace("\"0\",\"\",\"\",\"\"", "\"0\",\"\",\"Camp Été\",\"\""),
        ]
        .concat();
        let (out, _) = read(&text);
        assert_eq!(reasons(&out), Vec::<String>::new());
        let entry = &out.entries[0];
        assert_eq!(&*entry.label, "Camp Été");
        assert_eq!(entry.kind.map(|k| k.french()), Some("Dépense"));
        let projects: Vec<Option<&str>> =
            entry.lines.iter().map(|l| l.project.as_deref()).collect();
        assert_eq!(projects, [Some("Camp Été"), Some("Camp Été")]);
    }

    #[test]
    fn simple_exports_check_both_accounts() {
        let text = "\"Numéro d'écriture\",\"Type\",\"Statut\",\"Libellé\",\"Date\",\"Remarques\",\"Numéro pièce comptable\",\"Référence paiement\",\"Compte de débit\",\"Compte de crédit\",\"Montant\",\"Projet analytique\",\"Membres associés\"\r\n\
\"2\",\"Recette\",\"\",\"Cotisation\",\"2024-04-02\",\"\",\"\",\"\",\"5121\",\"'706\",\"60,00\",\"\",\"\"\r\n\
\"3\",\"Recette\",\"\",\"Cotisation\",\"2024-04-02\",\"\",\"\",\"\",\"51\u{202f}21\",\"706\",\"-60,00\",\"\",\"\"\r\n\
\"4\",\"Recette\",\"\",\"Cotisation\",\"2024-04-02\",\"\",\"\",\"\",\"5121\",\"123456789012345678901\",\"60,00\",\"\",\"\"\r\n";
        let (out, _) = read(text);
        assert!(out.entries.is_empty());
        let messages: Vec<String> = out.rejected.iter().map(|r| r.reason.to_string()).collect();
        assert!(messages[0].starts_with(
            "numéro de compte invalide « '706 » dans la colonne « Compte de crédit »"
        ));
        assert!(messages[1].starts_with(
            "numéro de compte invalide « 51<U+202F>21 » dans la colonne « Compte de débit »"
        ));
        assert!(
            messages[2].ends_with(": plus de 20 caractères"),
            "{}",
            messages[2]
        );
    }
}
