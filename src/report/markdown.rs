//! `bilan-financier.md`: the « Bilan financier » section of the annual report, in French,
//! laid out like Paheko's Compte de résultat (charges on the left, produits on the right).
//!
//! Pure: a [`FinancialReport`] in, a `String` out (LF line ends, trailing newline, deterministic).
//! Text that comes from input (labels, project names, file names) is escaped with
//! [`escape`] so that it can neither break a table nor inject HTML or links.

use std::fmt::Write as _;

use crate::model::{Date, Money, Period};
use crate::report::statement::{FinancialReport, Scope, Statement, StatementLine};

/// Renders the « Bilan financier » as Markdown.
pub fn render_markdown(report: &FinancialReport) -> String {
    let mut out = String::new();
    let (start, end) = (report.start, report.end);
    if Period::new(start, end).is_some_and(Period::is_calendar_year) {
        push_line(&mut out, &format!("# Bilan financier {}", end.year()));
    } else {
        push_line(
            &mut out,
            &format!(
                "# Bilan financier de l'exercice du {} au {}",
                start.to_french(),
                end.to_french()
            ),
        );
    }
    push_line(&mut out, "");
    push_line(
        &mut out,
        &format!(
            "Ce bilan financier concerne l'exercice {}.",
            french_period(start, end)
        ),
    );
    push_line(&mut out, "");
    if !report.incomplete.is_empty() {
        push_line(&mut out, "> **Attention : chiffres incomplets.**");
        push_line(&mut out, ">");
        for reason in &report.incomplete {
            push_line(&mut out, &format!("> - {}", escape(&reason.to_string())));
        }
        push_line(&mut out, "");
    }

    let mut projects = Vec::new();
    for statement in &report.statements {
        match statement.scope {
            Scope::All => {
                push_line(&mut out, "## Compte de résultats");
                push_line(&mut out, "");
                statement_tables(&mut out, statement, "###");
            }
            Scope::Project(_) => projects.push(statement),
            Scope::NoProject => {}
        }
    }
    push_line(&mut out, "## Projets analytiques");
    push_line(&mut out, "");
    if projects.is_empty() {
        push_line(
            &mut out,
            "Aucune écriture de l'exercice n'est affectée à un projet analytique.",
        );
        push_line(&mut out, "");
    }
    for statement in &projects {
        push_line(&mut out, &format!("### {}", escape(&statement.name)));
        push_line(&mut out, "");
        statement_tables(&mut out, statement, "####");
    }
    // Without any project, « Hors projets » would only repeat the global statement.
    if !projects.is_empty() {
        for statement in &report.statements {
            if statement.scope == Scope::NoProject {
                push_line(&mut out, "## Hors projets");
                push_line(&mut out, "");
                push_line(
                    &mut out,
                    "Écritures qui ne sont affectées à aucun projet analytique.",
                );
                push_line(&mut out, "");
                statement_tables(&mut out, statement, "###");
            }
        }
    }

    push_line(&mut out, "## Trésorerie");
    push_line(&mut out, "");
    if !report.cash.is_empty() {
        push_line(&mut out, "| Compte | Libellé | Solde |");
        push_line(&mut out, "|---|---|--:|");
        for cash in &report.cash {
            push_line(
                &mut out,
                &row(&[
                    escape(&cash.account),
                    escape(&cash.label),
                    cash.balance.to_french(),
                ]),
            );
        }
        push_line(
            &mut out,
            &row(&[
                "**Total trésorerie**".to_owned(),
                String::new(),
                bold(report.cash_closing),
            ]),
        );
        push_line(&mut out, "");
    }
    push_line(
        &mut out,
        &format!(
            "La trésorerie de l'association s'élevait le {} à {} €.",
            end.to_french(),
            report.cash_closing.to_french()
        ),
    );

    if !report.warnings.is_empty() {
        push_line(&mut out, "");
        push_line(&mut out, "## Avertissements");
        push_line(&mut out, "");
        for warning in &report.warnings {
            let text = match &warning.source {
                Some(source) => format!(
                    "- {} : {}",
                    escape(&source.to_string()),
                    escape(&warning.message())
                ),
                None => format!("- {}", escape(&warning.message())),
            };
            push_line(&mut out, &text);
        }
    }
    out
}

/// Escapes Markdown-significant characters of input text with a backslash, and turns line
/// breaks into spaces, so that the text stays inside its table cell or list item.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '|' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '\\' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// The compte de résultats table of one statement, then its contributions table if any.
fn statement_tables(out: &mut String, statement: &Statement, sub_heading: &str) {
    push_line(out, "| Charges | | | Produits | | |");
    push_line(out, "|---|---|--:|---|---|--:|");
    side_by_side(out, &statement.expenses, &statement.income);
    let mut footer = [
        "**Total charges**".to_owned(),
        String::new(),
        bold(statement.total_expenses),
        "**Total produits**".to_owned(),
        String::new(),
        bold(statement.total_income),
    ];
    push_line(out, &row(&footer));
    // Paheko puts an excédent under Produits, a perte (negative) under Charges.
    footer = Default::default();
    if statement.result.is_negative() {
        footer[0] = "**Résultat de l'exercice (perte)**".to_owned();
        footer[2] = bold(statement.result);
    } else {
        footer[3] = "**Résultat de l'exercice (excédent)**".to_owned();
        footer[5] = bold(statement.result);
    }
    push_line(out, &row(&footer));
    push_line(out, "");

    if statement.volunteer_uses.is_empty() && statement.volunteer_sources.is_empty() {
        return;
    }
    push_line(
        out,
        &format!("{sub_heading} Contributions volontaires en nature"),
    );
    push_line(out, "");
    push_line(
        out,
        "| Emplois des contributions | | | Sources des contributions | | |",
    );
    push_line(out, "|---|---|--:|---|---|--:|");
    side_by_side(out, &statement.volunteer_uses, &statement.volunteer_sources);
    let total = |lines: &[StatementLine]| lines.iter().map(|l| l.amount).sum::<Money>();
    push_line(
        out,
        &row(&[
            "**Total emplois**".to_owned(),
            String::new(),
            bold(total(&statement.volunteer_uses)),
            "**Total sources**".to_owned(),
            String::new(),
            bold(total(&statement.volunteer_sources)),
        ]),
    );
    push_line(out, "");
}

/// Rows pairing the n-th line of the left side with the n-th of the right, as Paheko does.
fn side_by_side(out: &mut String, left: &[StatementLine], right: &[StatementLine]) {
    let cells = |line: Option<&StatementLine>| match line {
        Some(l) => [escape(&l.account), escape(&l.label), l.amount.to_french()],
        None => Default::default(),
    };
    for i in 0..left.len().max(right.len()) {
        let [a, b, c] = cells(left.get(i));
        let [d, e, f] = cells(right.get(i));
        push_line(out, &row(&[a, b, c, d, e, f]));
    }
}

fn row(cells: &[String]) -> String {
    let mut line = String::from("|");
    for cell in cells {
        if cell.is_empty() {
            line.push_str(" |");
        } else {
            let _ = write!(line, " {cell} |");
        }
    }
    line
}

fn bold(amount: Money) -> String {
    format!("**{}**", amount.to_french())
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// « du 1er janvier au 31 décembre 2024 », or with both years when they differ.
fn french_period(start: Date, end: Date) -> String {
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
    use super::{escape, french_period, render_markdown};
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
        assert!(md.contains("s'élevait le 30/06/2024 à -1,00 €."));
    }

    #[test]
    fn escapes_what_markdown_would_read() {
        assert_eq!(
            escape("a|b *c* _d_ `e` <script> [l](u) \\"),
            "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\<script\\> \\[l\\](u) \\\\"
        );
        assert_eq!(escape("deux\r\nlignes\nici"), "deux lignes ici");
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
            "\n> **Attention : chiffres incomplets.**\n>\n> - 3 ligne(s) des exports ont été rejetées et ne sont pas comptées (voir rejets.csv).\n"
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
