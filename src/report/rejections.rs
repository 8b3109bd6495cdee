//! `rejets.csv`: every rejected input, one row each, for the treasurer to filter.

use crate::error::{Rejection, one_line};
use crate::report::write::neutralise;

/// The file name.
pub const REJECTIONS_FILE: &str = "rejets.csv";

/// The first bytes of every `rejets.csv`: how rappro knows a file it may replace.
pub const REJECTIONS_HEADER: &str = "\u{feff}Fichier;Ligne;Code;Raison\r\n";

/// `Fichier;Ligne;Code;Raison`, `;`-separated, UTF-8 with BOM, CRLF. `Ligne` is empty for a
/// whole file. Text from input (paths, values quoted in reasons) is neutralised against
/// spreadsheet formulas.
pub fn render_rejections(rejected: &[Rejection]) -> Vec<u8> {
    let mut out = REJECTIONS_HEADER.as_bytes().to_vec();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for rejection in rejected {
        let line = if rejection.source.line == 0 {
            String::new()
        } else {
            rejection.source.line.to_string()
        };
        let reason = rejection.reason.to_string();
        // Writing into memory cannot fail; a failed row would only be missing from the copy.
        let _ = writer.write_record([
            &*neutralise(&one_line(&rejection.source.file, usize::MAX)),
            line.as_str(),
            rejection.reason.code(),
            &*neutralise(&reason),
        ]);
    }
    if let Ok(body) = writer.into_inner() {
        out.extend(body);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::render_rejections;
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
    }
}
