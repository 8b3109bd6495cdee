//! `bilan-financier.md`: the « Bilan financier » section of the annual report, in French,
//! laid out like Paheko's Compte de résultat (charges on the left, produits on the right).
//!
//! Pure: a [`FinancialReport`] in, a [`Document`] out; `report::render::markdown` writes it
//! (escaping every text that comes from input: labels, project names, file names).

use crate::model::{Date, Money, NARROW_NBSP, Period};
use crate::report::document::{Block, Cell, Column, Document, Fact, Inline, Role, Table};
use crate::report::render;
use crate::report::statement::{FinancialReport, Scope, Statement, StatementLine};

/// Renders the « Bilan financier » as Markdown.
pub fn render_markdown(report: &FinancialReport) -> String {
    render::markdown::render(&document(report))
}

/// The « Bilan financier » as a document.
pub fn document(report: &FinancialReport) -> Document {
    let mut doc = Document::new();
    let (start, end) = (report.start, report.end);
    if Period::new(start, end).is_some_and(Period::is_calendar_year) {
        doc.heading(1, format!("Bilan financier {}", end.year()));
    } else {
        doc.heading(
            1,
            format!(
                "Bilan financier de l'exercice du {} au {}",
                start.to_french(),
                end.to_french()
            ),
        );
    }
    doc.paragraph(format!(
        "Ce bilan financier concerne l'exercice {}.",
        french_period(start, end)
    ));
    if !report.incomplete.is_empty() {
        doc.push(Block::Note {
            title: format!("Attention{NARROW_NBSP}: chiffres incomplets."),
            items: report.incomplete.iter().map(ToString::to_string).collect(),
        });
    }

    let mut projects = Vec::new();
    for statement in &report.statements {
        match statement.scope {
            Scope::All => {
                doc.heading(2, "Compte de résultats");
                statement_tables(&mut doc, statement, 3);
            }
            Scope::Project(_) => projects.push(statement),
            Scope::NoProject => {}
        }
    }
    doc.heading(2, "Projets analytiques");
    if projects.is_empty() {
        doc.paragraph("Aucune écriture de l'exercice n'est affectée à un projet analytique.");
    }
    for statement in &projects {
        doc.heading(3, statement.name.clone());
        statement_tables(&mut doc, statement, 4);
    }
    // Without any project, « Hors projets » would only repeat the global statement.
    if !projects.is_empty() {
        for statement in &report.statements {
            if statement.scope == Scope::NoProject {
                doc.heading(2, "Hors projets");
                doc.paragraph("Écritures qui ne sont affectées à aucun projet analytique.");
                statement_tables(&mut doc, statement, 3);
            }
        }
    }

    doc.heading(2, "Trésorerie");
    if !report.cash.is_empty() {
        let mut table = Table::new(vec![
            Column::left("Compte"),
            Column::left("Libellé"),
            Column::right("Solde"),
        ]);
        for cash in &report.cash {
            table.push(
                Role::Normal,
                vec![
                    Cell::Account(cash.account.clone()),
                    Cell::text(cash.label.clone()),
                    Cell::Money(cash.balance),
                ],
            );
        }
        table.push(
            Role::Total,
            vec![
                Cell::text("Total trésorerie"),
                Cell::Empty,
                Cell::Money(report.cash_closing),
            ],
        );
        doc.push(Block::Table(table));
    }
    doc.push(Block::Paragraph(vec![
        Inline::Text("La trésorerie de l'association s'élevait le ".to_owned()),
        Inline::Date(end),
        Inline::Text(" à ".to_owned()),
        Inline::Money(report.cash_closing),
        Inline::Text(".".to_owned()),
    ]));

    if !report.warnings.is_empty() {
        doc.heading(2, "Avertissements");
        doc.push(Block::Facts(
            report
                .warnings
                .iter()
                .map(|warning| Fact {
                    label: warning.source.as_ref().map(ToString::to_string),
                    value: warning.message(),
                })
                .collect(),
        ));
    }
    doc
}

/// The compte de résultats table of one statement, then its contributions table if any.
fn statement_tables(doc: &mut Document, statement: &Statement, sub_heading: u8) {
    let mut table = two_sides("Charges", "Produits");
    side_by_side(&mut table, &statement.expenses, &statement.income);
    table.push(
        Role::Total,
        vec![
            Cell::text("Total charges"),
            Cell::Empty,
            Cell::Money(statement.total_expenses),
            Cell::text("Total produits"),
            Cell::Empty,
            Cell::Money(statement.total_income),
        ],
    );
    // Paheko puts an excédent under Produits, a perte (negative) under Charges.
    let mut result = vec![Cell::Empty; 6];
    if statement.result.is_negative() {
        result[0] = Cell::text("Résultat de l'exercice (perte)");
        result[2] = Cell::Money(statement.result);
    } else {
        result[3] = Cell::text("Résultat de l'exercice (excédent)");
        result[5] = Cell::Money(statement.result);
    }
    table.push(Role::Result, result);
    doc.push(Block::Table(table));

    if statement.volunteer_uses.is_empty() && statement.volunteer_sources.is_empty() {
        return;
    }
    doc.heading(sub_heading, "Contributions volontaires en nature");
    let mut table = two_sides("Emplois des contributions", "Sources des contributions");
    side_by_side(
        &mut table,
        &statement.volunteer_uses,
        &statement.volunteer_sources,
    );
    let total = |lines: &[StatementLine]| lines.iter().map(|l| l.amount).sum::<Money>();
    table.push(
        Role::Total,
        vec![
            Cell::text("Total emplois"),
            Cell::Empty,
            Cell::Money(total(&statement.volunteer_uses)),
            Cell::text("Total sources"),
            Cell::Empty,
            Cell::Money(total(&statement.volunteer_sources)),
        ],
    );
    doc.push(Block::Table(table));
}

/// Six columns: account, label and amount of the left side, then of the right side.
fn two_sides(left: &str, right: &str) -> Table {
    Table::new(vec![
        Column::left(left),
        Column::left(""),
        Column::right(""),
        Column::left(right),
        Column::left(""),
        Column::right(""),
    ])
}

/// Rows pairing the n-th line of the left side with the n-th of the right, as Paheko does.
fn side_by_side(table: &mut Table, left: &[StatementLine], right: &[StatementLine]) {
    let cells = |line: Option<&StatementLine>| match line {
        Some(l) => [
            Cell::Account(l.account.clone()),
            Cell::text(l.label.clone()),
            Cell::Money(l.amount),
        ],
        None => [Cell::Empty, Cell::Empty, Cell::Empty],
    };
    for i in 0..left.len().max(right.len()) {
        let [a, b, c] = cells(left.get(i));
        let [d, e, f] = cells(right.get(i));
        table.push(Role::Normal, vec![a, b, c, d, e, f]);
    }
}

/// « du 1er janvier au 31 décembre 2024 », or with both years when they differ.
pub(crate) fn french_period(start: Date, end: Date) -> String {
    if start.year() == end.year() {
        format!(
            "du {} au {} {}",
            french_day_month(start),
            french_day_month(end),
            end.year()
        )
    } else {
        format!(
            "du {} {} au {} {}",
            french_day_month(start),
            start.year(),
            french_day_month(end),
            end.year()
        )
    }
}

/// « 1er janvier », « 31 décembre ».
fn french_day_month(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let month = MONTHS
        .get(usize::from(date.month()).saturating_sub(1))
        .copied()
        .unwrap_or_default();
    if date.day() == 1 {
        format!("1er {month}")
    } else {
        format!("{} {month}", date.day())
    }
}

#[cfg(test)]
mod tests {
    use super::{french_period, render_markdown};
    use crate::error::{Warning, WarningKind};
    use crate::model::{Chart, Date};
    use crate::report::statement::build;
    use crate::report::testdata::{line, year_of};

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).expect("date")
    }

    #[test]
    fn periods_read_as_french() {
        assert_eq!(
            french_period(date(2024, 1, 1), date(2024, 12, 31)),
            "du 1er janvier au 31 décembre 2024"
        );
        assert_eq!(
            french_period(date(2023, 7, 1), date(2024, 6, 30)),
            "du 1er juillet 2023 au 30 juin 2024"
        );
    }

    #[test]
    fn non_calendar_years_get_a_dated_title() {
        let mut year = year_of(vec![vec![
            line("604", "Achats", 100, 0, None),
            line("5121", "Banque", 0, 100, None),
        ]]);
        year.start = date(2023, 7, 1);
        year.end = date(2024, 6, 30);
        let md = render_markdown(&build(&year, &Chart::default(), Vec::new(), Vec::new()));
        assert!(
            md.starts_with("# Bilan financier de l'exercice du 01/07/2023 au 30/06/2024\n"),
            "{md}"
        );
        assert!(md.contains("l'exercice du 1er juillet 2023 au 30 juin 2024."));
        assert!(md.contains("s'élevait le 30/06/2024 à -1,00\u{202f}€."));
    }

    #[test]
    fn losses_volunteering_warnings_and_incomplete_figures() {
        let year = year_of(vec![
            vec![
                line("6132", "Loyer | <b>", 9000, 0, Some("P_1")),
                line("5121", "Banque", 0, 9000, None),
            ],
            vec![
                line("864", "Bénévolat", 1000, 0, None),
                line("875", "Dons en nature", 0, 1000, None),
            ],
        ]);
        let warnings = vec![Warning::global(WarningKind::SimpleExportOnly)];
        let incomplete = vec![crate::report::Incomplete::RejectedRows(3)];
        let md = render_markdown(&build(&year, &Chart::default(), warnings, incomplete));
        assert!(md.contains(
            "\n> **Attention\u{202f}: chiffres incomplets.**\n>\n> - 3 ligne(s) des exports ont été rejetées et ne sont pas comptées (voir rejets.csv).\n"
        ));
        assert!(
            md.contains("| 6132 | Loyer \\| \\<b\\> | 90,00 | | | |\n"),
            "{md}"
        );
        assert!(md.contains("| **Résultat de l'exercice (perte)** | | **-90,00** | | | |\n"));
        assert!(md.contains("### Contributions volontaires en nature\n"));
        assert!(md.contains("| 864 | Bénévolat | 10,00 | 875 | Dons en nature | 10,00 |\n"));
        assert!(
            md.contains("| **Total emplois** | | **10,00** | **Total sources** | | **10,00** |\n")
        );
        assert!(md.contains("### P\\_1\n"));
        assert!(md.contains("## Hors projets\n"));
        assert!(md.contains(
            "## Avertissements\n\n- seul un export « Simplifié » couvre cet exercice : "
        ));
    }
}
