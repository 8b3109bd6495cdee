//! Checks of Paheko journal cells that the interpreter (`paheko`) relies on, kept apart so
//! that it stays about grouping rows: account codes as Paheko accepts them.

use csv::StringRecord;

use crate::error::Reason;
use crate::import::paheko_columns::{Columns, Field, french_name};
use crate::model::account::valid_code;

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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::import::paheko::{Journal, JournalFile};
    use crate::import::paheko_columns::recognise;
    use crate::import::text::csv_table;

    pub(crate) const FULL_HEADER: &str = "\"Numéro d'écriture\",\"Type\",\"Statut\",\"Libellé\",\"Date\",\"Remarques\",\"Numéro pièce comptable\",\"Numéro compte\",\"Libellé compte\",\"Débit\",\"Crédit\",\"Référence ligne\",\"Libellé ligne\",\"Rapprochement\",\"Lettrage\",\"Projet analytique\",\"Membres associés\"\r\n";

    /// Reads a CSV text through the journal; checks that its rows add up.
    pub(crate) fn read(text: &str) -> JournalFile {
        let (table, bad) = csv_table(text.as_bytes(), b',').expect("table");
        assert!(bad.is_empty());
        let (layout, columns) = recognise(&table.headers).expect("header");
        let mut journal = Journal::new(Arc::from("t.csv"), layout, columns);
        for (line, record) in &table.rows {
            journal.push(*line, record);
        }
        let out = journal.finish();
        let accepted: u64 = out.entries.iter().map(|e| u64::from(e.rows)).sum();
        assert_eq!(out.rows, accepted + out.rejected.len() as u64);
        out
    }

    /// `line: code` of each rejection.
    pub(crate) fn reasons(out: &JournalFile) -> Vec<String> {
        out.rejected
            .iter()
            .map(|r| format!("{}: {}", r.source.line, r.reason.code()))
            .collect()
    }

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
        let out = read(&text);
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

    #[test]
    fn simple_exports_check_both_accounts() {
        let text = "\"Numéro d'écriture\",\"Type\",\"Statut\",\"Libellé\",\"Date\",\"Remarques\",\"Numéro pièce comptable\",\"Référence paiement\",\"Compte de débit\",\"Compte de crédit\",\"Montant\",\"Projet analytique\",\"Membres associés\"\r\n\
\"2\",\"Recette\",\"\",\"Cotisation\",\"2024-04-02\",\"\",\"\",\"\",\"5121\",\"'706\",\"60,00\",\"\",\"\"\r\n\
\"3\",\"Recette\",\"\",\"Cotisation\",\"2024-04-02\",\"\",\"\",\"\",\"51\u{202f}21\",\"706\",\"-60,00\",\"\",\"\"\r\n\
\"4\",\"Recette\",\"\",\"Cotisation\",\"2024-04-02\",\"\",\"\",\"\",\"5121\",\"123456789012345678901\",\"60,00\",\"\",\"\"\r\n";
        let out = read(text);
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
