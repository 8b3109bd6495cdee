//! Spreadsheet cells that hold no value, and the rejection that names them.
//!
//! A workbook re-saved by hand, or written by a program rather than by Paheko, can hold cells
//! whose text is not what the treasurer sees: a formula saved without its result (calamine
//! reads it as an empty cell), a formula whose saved result the workbook itself declares stale
//! (`fullCalcOnLoad`: libraries such as XlsxWriter save `0` as every formula's result and ask
//! the spreadsheet program to compute them on opening), an error (`#REF!`, `#DIV/0!`), or a
//! formula typed as text (`=12.5`, shown as text because of a leading `'`). Read as they are,
//! such cells become a zero, an empty cell or a label, and a row is accepted with a wrong
//! figure; the readers reject the row instead, naming the sheet and the cell
//! ([`Reason::NotAValue`]).
//!
//! What it does not do: compute formulas (no formula engine: the spreadsheet program must
//! save their results), or look at cells in CSV text (a `=12.5` there is refused by the amount
//! parser).

use crate::error::Reason;
use crate::model::one_line;

/// What a cell holds instead of a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NotValue {
    /// A formula with no saved result; its text, when the file gives it.
    NoResult(Option<String>),
    /// A formula whose saved result the workbook declares to be recomputed on opening.
    Stale(Option<String>),
    /// An error result, as the spreadsheet shows it (`#REF!`), with its formula when known.
    Error {
        /// `#REF!`, `#DIV/0!`, `Err:502`…
        shown: String,
        /// The formula, when known.
        formula: Option<String>,
    },
    /// Text that is a formula, not a value (`=12.5`).
    FormulaText(String),
}

/// Longest formula or text quoted in the message, in characters.
const MAX_QUOTED: usize = 60;

/// The rejection of a row for its cell at 0-based (`row`, `col`) of sheet `sheet`.
pub(crate) fn reason(sheet: &str, row: u64, col: u64, what: NotValue) -> Reason {
    let quoted = |text: &str| one_line(text, MAX_QUOTED).into_owned();
    let formula = |formula: &Option<String>| match formula {
        Some(text) if !text.trim().is_empty() => format!("formule « {} »", quoted(text)),
        _ => "formule".to_owned(),
    };
    let problem = match &what {
        NotValue::NoResult(text) => format!(
            "{} enregistrée sans son résultat ; ouvrez le classeur dans un tableur, recalculez et enregistrez-le, ou exportez à nouveau depuis Paheko",
            formula(text)
        ),
        NotValue::Stale(text) => format!(
            "{} dont le classeur demande de recalculer le résultat (le résultat enregistré n'est pas fiable) ; ouvrez le classeur dans un tableur et enregistrez-le, ou exportez à nouveau depuis Paheko",
            formula(text)
        ),
        NotValue::Error {
            shown,
            formula: text,
        } => format!(
            "erreur « {} » au lieu d'une valeur ({}) ; corrigez le classeur ou exportez à nouveau depuis Paheko",
            quoted(shown),
            formula(text)
        ),
        NotValue::FormulaText(text) => format!(
            "texte « {} » qui est une formule, pas une valeur ; saisissez la valeur elle-même",
            quoted(text)
        ),
    };
    Reason::NotAValue {
        sheet: sheet.to_owned(),
        cell: cell_reference(row, col),
        problem,
    }
}

/// The A1 reference of the cell at 0-based (`row`, `col`): (13, 9) is `J14`.
pub(crate) fn cell_reference(row: u64, col: u64) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let digit = u8::try_from((n - 1) % 26).unwrap_or(0);
        letters.push(char::from(b'A' + digit));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// True for a text cell that is a number typed as a formula: `=` (after an optional `'`, the
/// mark that makes a spreadsheet keep typed text as text), then a number (`=12.5`, `'=12,50`,
/// `= -3`). The cell shows the text, not the number, and a reader would take it for a label
/// or refuse it as an amount without saying why. Other formula-like text (`=HYPERLINK(…)` in a
/// label) is text: reports neutralise it.
pub(crate) fn is_formula_text(text: &str) -> bool {
    let text = text.trim_start();
    let text = text.strip_prefix('\'').unwrap_or(text);
    let Some(rest) = text.strip_prefix('=') else {
        return false;
    };
    rest.chars().any(|c| c.is_ascii_digit())
        && rest.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, '.' | ',' | '-' | '+' | ' ' | '\u{a0}' | '\u{202f}' | '€')
        })
}

/// True for the text a spreadsheet shows for an error result, in any language:
/// `#` then capitals, digits or `/`, ending with `!` or `?` or not (`#REF!`, `#DIV/0!`,
/// `#NOM?`, `#N/A`, `#NV`), or LibreOffice's `Err:502`. Only asked of formula results:
/// a typed label may look like this.
pub(crate) fn is_error_text(text: &str) -> bool {
    if let Some(code) = text.strip_prefix("Err:") {
        return !code.is_empty() && code.len() <= 4 && code.bytes().all(|b| b.is_ascii_digit());
    }
    let Some(body) = text.strip_prefix('#') else {
        return false;
    };
    let body = body
        .strip_suffix('!')
        .or_else(|| body.strip_suffix('?'))
        .unwrap_or(body);
    !body.is_empty()
        && body.chars().count() <= 12
        && body.chars().next().is_some_and(char::is_uppercase)
        && body
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '/')
}

/// The formula of an ODS cell as the treasurer typed it: `of:=SUM([.A1:.A3])` → `=SUM([.A1:.A3])`.
pub(crate) fn ods_formula(formula: &str) -> String {
    formula
        .strip_prefix("of:")
        .or_else(|| formula.strip_prefix("oooc:"))
        .or_else(|| formula.strip_prefix("msoxl:"))
        .unwrap_or(formula)
        .to_owned()
}

/// True when an XLSX `workbook.xml` asks for every formula to be recomputed on opening
/// (`<calcPr fullCalcOnLoad="1"/>`): the results saved in its cells are placeholders.
pub(crate) fn recalculated_on_load(workbook_xml: &[u8]) -> bool {
    const ATTRIBUTE: &[u8] = b"fullCalcOnLoad";
    let mut from = 0;
    while let Some(found) = workbook_xml
        .get(from..)
        .and_then(|rest| rest.windows(ATTRIBUTE.len()).position(|w| w == ATTRIBUTE))
    {
        from += found + ATTRIBUTE.len();
        let rest = workbook_xml
            .get(from..)
            .unwrap_or_default()
            .trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let value = rest.get(1..).unwrap_or_default();
        if value.starts_with(b"1") || value.starts_with(b"true") {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{
        NotValue, cell_reference, is_error_text, is_formula_text, ods_formula, reason,
        recalculated_on_load,
    };

    #[test]
    fn cell_references_are_a1() {
        assert_eq!(cell_reference(0, 0), "A1");
        assert_eq!(cell_reference(13, 9), "J14");
        assert_eq!(cell_reference(1, 25), "Z2");
        assert_eq!(cell_reference(1, 26), "AA2");
        assert_eq!(cell_reference(2, 701), "ZZ3");
        assert_eq!(cell_reference(2, 702), "AAA3");
        assert_eq!(cell_reference(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn numbers_typed_as_formulas_are_told_from_labels() {
        for formula in ["=12.5", "'=12.5", "= 12,5", "=-3", "=1 234,56 €", " =7"] {
            assert!(is_formula_text(formula), "{formula}");
        }
        let labels = [
            "",
            "=",
            "== titre ==",
            "12.5",
            "'12.5",
            "Don = 5 €",
            "=== ",
            "= ",
            "=A1*2",
            "=SOMME(B2:B9)",
            "=HYPERLINK(\"http://x\";\"clic\")",
            "=12.5+A1",
        ];
        for text in labels {
            assert!(!is_formula_text(text), "{text}");
        }
    }

    #[test]
    fn error_texts_in_any_language() {
        for error in [
            "#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#VALEUR!",
            "#NOM?", "#NV", "Err:502",
        ] {
            assert!(is_error_text(error), "{error}");
        }
        for text in [
            "#",
            "#1",
            "#réf",
            "# REF!",
            "REF!",
            "Err:",
            "Err:abc",
            "#REFERENCE_TROP_LONGUE!",
        ] {
            assert!(!is_error_text(text), "{text}");
        }
    }

    #[test]
    fn ods_formulas_lose_their_namespace() {
        assert_eq!(ods_formula("of:=SUM([.A1:.A3])"), "=SUM([.A1:.A3])");
        assert_eq!(ods_formula("=1+1"), "=1+1");
    }

    #[test]
    fn full_calculation_on_load_is_found() {
        assert!(recalculated_on_load(
            br#"<calcPr calcId="124519" fullCalcOnLoad="1"/>"#
        ));
        assert!(recalculated_on_load(b"<calcPr fullCalcOnLoad = 'true'/>"));
        assert!(!recalculated_on_load(br#"<calcPr fullCalcOnLoad="0"/>"#));
        assert!(!recalculated_on_load(
            br#"<calcPr iterateCount="100" refMode="A1"/>"#
        ));
        assert!(!recalculated_on_load(b"fullCalcOnLoad"));
    }

    #[test]
    fn messages_name_the_sheet_and_the_cell() {
        let message = |what| reason("Export", 13, 9, what).to_string();
        assert_eq!(
            message(NotValue::Error {
                shown: "#REF!".to_owned(),
                formula: Some("=J2-#REF!".to_owned())
            }),
            "feuille « Export », cellule J14 : erreur « #REF! » au lieu d'une valeur (formule « =J2-#REF! ») ; corrigez le classeur ou exportez à nouveau depuis Paheko"
        );
        assert_eq!(
            message(NotValue::NoResult(None)),
            "feuille « Export », cellule J14 : formule enregistrée sans son résultat ; ouvrez le classeur dans un tableur, recalculez et enregistrez-le, ou exportez à nouveau depuis Paheko"
        );
        assert_eq!(
            message(NotValue::FormulaText("=12.5".to_owned())),
            "feuille « Export », cellule J14 : texte « =12.5 » qui est une formule, pas une valeur ; saisissez la valeur elle-même"
        );
        assert!(
            message(NotValue::Stale(Some("=A1".to_owned())))
                .contains("formule « =A1 » dont le classeur demande de recalculer")
        );
    }
}
