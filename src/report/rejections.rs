//! `rejets.csv`: every rejected input, one row each, for the treasurer to filter.

use crate::error::{Rejection, one_line};
use crate::report::document::{Cell, Column, Role, Table};
use crate::report::render;

/// The file name.
pub const REJECTIONS_FILE: &str = "rejets.csv";

/// The first bytes of every `rejets.csv`: how rappro knows a file it may replace.
pub const REJECTIONS_HEADER: &str = "\u{feff}Fichier;Ligne;Code;Raison\r\n";

/// `Fichier;Ligne;Code;Raison`, `;`-separated, UTF-8 with BOM, CRLF. `Ligne` is empty for a
/// whole file. Text from input (paths, values quoted in reasons) is neutralised against
/// spreadsheet formulas by the CSV renderer.
pub fn render_rejections(rejected: &[Rejection]) -> Vec<u8> {
    render::csv::table_bytes(&rejections_table(rejected))
}

/// One row per rejection: file, line (empty for a whole file), stable code, French reason.
pub fn rejections_table(rejected: &[Rejection]) -> Table {
    let mut table = Table::new(vec![
        Column::left("Fichier"),
        Column::left("Ligne"),
        Column::left("Code"),
        Column::left("Raison"),
    ]);
    for rejection in rejected {
        let line = match rejection.source.line {
            0 => Cell::Empty,
            n => Cell::Integer(n),
        };
        table.push(
            Role::Normal,
            vec![
                Cell::text(one_line(&rejection.source.file, usize::MAX)),
                line,
                Cell::text(rejection.reason.code()),
                Cell::text(rejection.reason.to_string()),
            ],
        );
    }
    table
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{REJECTIONS_HEADER, render_rejections};
    use crate::error::{Reason, Rejection};
    use crate::model::Source;

    #[test]
    fn one_row_per_rejection_with_file_and_line() {
        let rows = [
            Rejection::new(
                Source::new(Arc::from("a b.csv"), 17),
                Reason::BadAmount {
                    column: "Débit".into(),
                    value: "12,3,4".into(),
                },
            ),
            Rejection::new(Source::file(Arc::from("=x.ods")), Reason::EmptyFile),
        ];
        let text = String::from_utf8(render_rejections(&rows)).expect("utf8");
        assert_eq!(
            text,
            "\u{feff}Fichier;Ligne;Code;Raison\r\n\
             a b.csv;17;bad_amount;montant invalide « 12,3,4 » dans la colonne « Débit »\r\n\
             '=x.ods;;empty_file;fichier vide\r\n"
        );
        assert_eq!(render_rejections(&[]), REJECTIONS_HEADER.as_bytes());
    }
}
