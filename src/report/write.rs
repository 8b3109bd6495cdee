//! Rendering a [`FinancialReport`] (JSON, CSV, Markdown). Pure: the files are written by
//! `report::publish`, as one set.

use serde::Serialize;

use crate::report::bilan::render_markdown;
use crate::report::document::{Cell, Column, Role, Table};
use crate::report::render;
use crate::report::statement::{FinancialReport, Scope, Statement, StatementLine};

/// Name of the JSON statement file.
pub const JSON_FILE: &str = "compte-de-resultat.json";
/// Name of the CSV statement file.
pub const CSV_FILE: &str = "compte-de-resultat.csv";
/// Name of the Markdown « Bilan financier » file.
pub const MARKDOWN_FILE: &str = "bilan-financier.md";

/// The three report files, named and rendered: JSON, CSV, then Markdown.
pub fn render_all(report: &FinancialReport) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (JSON_FILE, render_json(report).into_bytes()),
        (CSV_FILE, render_csv(report).into_bytes()),
        (MARKDOWN_FILE, render_markdown(report).into_bytes()),
    ]
}

// --- JSON ---------------------------------------------------------------------------------

#[derive(Serialize)]
struct JsonReport<'a> {
    fiscal_year: JsonYear,
    scopes: Vec<JsonStatement<'a>>,
    cash: JsonCash<'a>,
    incomplete: Vec<String>,
    warnings: Vec<JsonWarning>,
}

#[derive(Serialize)]
struct JsonYear {
    start: String,
    end: String,
}

#[derive(Serialize)]
struct JsonStatement<'a> {
    scope: &'static str,
    name: &'a str,
    expenses: Vec<JsonLine<'a>>,
    income: Vec<JsonLine<'a>>,
    volunteer_uses: Vec<JsonLine<'a>>,
    volunteer_sources: Vec<JsonLine<'a>>,
    total_expenses: String,
    total_income: String,
    result: String,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    account: &'a str,
    label: &'a str,
    amount: String,
}

#[derive(Serialize)]
struct JsonCash<'a> {
    closing: String,
    accounts: Vec<JsonCashLine<'a>>,
}

#[derive(Serialize)]
struct JsonCashLine<'a> {
    account: &'a str,
    label: &'a str,
    balance: String,
}

#[derive(Serialize)]
struct JsonWarning {
    code: &'static str,
    message: String,
    source: Option<String>,
}

fn json_lines(lines: &[StatementLine]) -> Vec<JsonLine<'_>> {
    lines
        .iter()
        .map(|l| JsonLine {
            account: &l.account,
            label: &l.label,
            amount: l.amount.to_plain(),
        })
        .collect()
}

/// `compte-de-resultat.json`: amounts as strings (`"1234.56"`), 2-space indent, trailing newline.
pub fn render_json(report: &FinancialReport) -> String {
    let doc = JsonReport {
        fiscal_year: JsonYear {
            start: report.start.to_string(),
            end: report.end.to_string(),
        },
        scopes: report
            .statements
            .iter()
            .map(|s| JsonStatement {
                scope: match s.scope {
                    Scope::All => "all",
                    Scope::Project(_) => "project",
                    Scope::NoProject => "no_project",
                },
                name: &s.name,
                expenses: json_lines(&s.expenses),
                income: json_lines(&s.income),
                volunteer_uses: json_lines(&s.volunteer_uses),
                volunteer_sources: json_lines(&s.volunteer_sources),
                total_expenses: s.total_expenses.to_plain(),
                total_income: s.total_income.to_plain(),
                result: s.result.to_plain(),
            })
            .collect(),
        cash: JsonCash {
            closing: report.cash_closing.to_plain(),
            accounts: report
                .cash
                .iter()
                .map(|c| JsonCashLine {
                    account: &c.account,
                    label: &c.label,
                    balance: c.balance.to_plain(),
                })
                .collect(),
        },
        incomplete: report.incomplete.iter().map(ToString::to_string).collect(),
        warnings: report
            .warnings
            .iter()
            .map(|w| JsonWarning {
                code: w.code(),
                message: w.message(),
                source: w.source.as_ref().map(ToString::to_string),
            })
            .collect(),
    };
    // Structs of strings with string keys always serialise; the fallback keeps this total.
    let mut text = serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
    text.push('\n');
    text
}

// --- CSV ----------------------------------------------------------------------------------

/// `compte-de-resultat.csv`: `;`-separated, UTF-8 with BOM, CRLF, one row per scope and
/// account, amounts with a decimal comma and no thousands separator, for LibreOffice.
pub fn render_csv(report: &FinancialReport) -> String {
    let bytes = render::csv::table_bytes(&statement_table(report));
    String::from_utf8(bytes).unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into())
}

/// Every statement line of every scope as one flat table (no totals: a spreadsheet sums).
pub fn statement_table(report: &FinancialReport) -> Table {
    let mut table = Table::new(vec![
        Column::left("Périmètre"),
        Column::left("Nom"),
        Column::left("Rubrique"),
        Column::left("Compte"),
        Column::left("Libellé"),
        Column::right("Montant"),
    ]);
    for statement in &report.statements {
        let scope = match statement.scope {
            Scope::All => "Global",
            Scope::Project(_) => "Projet",
            Scope::NoProject => "Hors projets",
        };
        for (section, lines) in sections(statement) {
            for line in lines {
                table.push(
                    Role::Normal,
                    vec![
                        Cell::text(scope),
                        Cell::text(statement.name.clone()),
                        Cell::text(section),
                        Cell::Account(line.account.clone()),
                        Cell::text(line.label.clone()),
                        Cell::Money(line.amount),
                    ],
                );
            }
        }
    }
    table
}

fn sections(statement: &Statement) -> [(&'static str, &[StatementLine]); 4] {
    [
        ("Charges", &statement.expenses),
        ("Produits", &statement.income),
        ("Emplois des contributions", &statement.volunteer_uses),
        ("Sources des contributions", &statement.volunteer_sources),
    ]
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{render_all, render_csv, render_json};
    use crate::error::{Warning, WarningKind};
    use crate::model::{Chart, Source};
    use crate::report::bilan::render_markdown;
    use crate::report::statement::build;
    use crate::report::testdata::{line, sample_report, year_of};

    #[test]
    fn a_formula_label_goes_through_csv_and_markdown_safely() {
        let evil = "=HYPERLINK(\"http://x\",\"clic\")";
        let year = year_of(vec![vec![
            line("604", evil, 1234, 0, Some("+projet")),
            line("5121", "Banque", 0, 1234, Some("+projet")),
        ]]);
        let report = build(&year, &Chart::default(), Vec::new(), Vec::new());
        let csv = render_csv(&report);
        assert!(csv.starts_with("\u{feff}Périmètre;Nom;Rubrique;Compte;Libellé;Montant\r\n"));
        assert!(csv.contains(
            "Global;Global;Charges;604;\"'=HYPERLINK(\"\"http://x\"\",\"\"clic\"\")\";12,34\r\n"
        ));
        assert!(csv.contains(
            "Projet;'+projet;Charges;604;\"'=HYPERLINK(\"\"http://x\"\",\"\"clic\"\")\";12,34\r\n"
        ));
        // Read back as a spreadsheet would: no cell starts with a formula character.
        let body = csv.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(body.as_bytes());
        for record in reader.records() {
            let record = record.expect("record");
            for cell in record.iter().take(5) {
                assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
            }
        }
        let md = render_markdown(&report);
        assert!(
            md.contains("| 604 | =HYPERLINK(\"http://x\",\"clic\") | 12,34 |"),
            "{md}"
        );
        assert!(md.contains("### +projet\n"));
        let json = render_json(&report);
        assert!(json.contains(r#""label": "=HYPERLINK(\"http://x\",\"clic\")""#));
    }

    #[test]
    fn json_carries_warnings_with_their_source() {
        let year = year_of(Vec::new());
        let warnings = vec![
            Warning::at(
                Source::new("export.csv".into(), 12),
                WarningKind::NotUtf8 {
                    encoding: crate::import::text::Encoding::Windows1252,
                    invoices: false,
                },
            ),
            Warning::global(WarningKind::SimpleExportOnly),
        ];
        let report = build(
            &year,
            &Chart::default(),
            warnings,
            vec![crate::report::Incomplete::UnreadFiles(1)],
        );
        let value: serde_json::Value =
            serde_json::from_str(&render_json(&report)).expect("valid JSON");
        assert_eq!(value["warnings"][0]["source"], "export.csv:12");
        assert_eq!(value["warnings"][0]["code"], "not_utf8");
        assert_eq!(
            value["warnings"][0]["message"],
            "fichier lu en Windows-1252/Latin-1 (Paheko écrit de l'UTF-8) : vérifiez les accents"
        );
        assert!(value["warnings"][1]["source"].is_null());
        assert_eq!(
            value["incomplete"][0],
            "1 fichier(s) n'ont pas pu être lus (voir rejets.csv)."
        );
        assert_eq!(value["cash"]["closing"], "0.00");
        assert_eq!(value["scopes"][1]["scope"], "no_project");
    }

    /// The three files of the sample, compared byte for byte with `tests/golden/report/`.
    /// `UPDATE_GOLDEN=1` rewrites them; a missing golden file is written and fails the test.
    #[test]
    fn golden_files() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/report");
        let failures: Vec<String> = render_all(&sample_report())
            .iter()
            .filter_map(|(name, content)| {
                crate::testing::check_golden(&dir.join(name), content).err()
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn render_all_names_three_files() {
        let names: Vec<&str> = render_all(&sample_report())
            .iter()
            .map(|(name, _)| *name)
            .collect();
        assert_eq!(
            names,
            [
                "compte-de-resultat.json",
                "compte-de-resultat.csv",
                "bilan-financier.md"
            ]
        );
    }
}
