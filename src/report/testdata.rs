//! Test helpers: the Girofle 2024 sample read with the real importer, Paheko's own
//! report CSVs, and hand-made years.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::book::FiscalYear;
use crate::model::{Chart, Date, Entry, ExportType, Line, Money, Source};
use crate::report::statement::{FinancialReport, build};

pub(crate) use crate::testing::{fixture, sample_year};

pub(crate) fn sample_report() -> FinancialReport {
    build(&sample_year(), &Chart::default(), Vec::new(), Vec::new())
}

pub(crate) fn expected_json() -> serde_json::Value {
    let text = std::fs::read_to_string(fixture("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json parses")
}

/// Paheko's two-sided Compte de résultat CSV, read back.
pub(crate) struct PahekoStatement {
    /// (code, label, amount `1234,56`) for each side.
    pub(crate) expenses: Vec<(String, String, String)>,
    pub(crate) income: Vec<(String, String, String)>,
    pub(crate) total_expenses: String,
    pub(crate) total_income: String,
    /// Positive for an excédent, negative for a perte, as Paheko shows it.
    pub(crate) result: String,
}

pub(crate) fn paheko_statement(file: &str) -> PahekoStatement {
    let path = fixture(&format!("paheko/rapports/{file}"));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&path)
        .expect("report csv");
    let mut out = PahekoStatement {
        expenses: Vec::new(),
        income: Vec::new(),
        total_expenses: String::new(),
        total_income: String::new(),
        result: String::new(),
    };
    for record in reader.records() {
        let record = record.expect("record");
        let cell = |i: usize| record.get(i).unwrap_or("").to_owned();
        for (side, offset) in [(0, 0), (1, 4)] {
            let (code, label, amount) = (cell(offset), cell(offset + 1), cell(offset + 2));
            match code.as_str() {
                "" | "Charges" | "Produits" => {}
                "Total charges" => out.total_expenses = amount,
                "Total produits" => out.total_income = amount,
                c if c.starts_with("Résultat de l'exercice") => out.result = amount,
                _ if side == 0 => out.expenses.push((code, label, amount)),
                _ => out.income.push((code, label, amount)),
            }
        }
    }
    out
}

/// A line for hand-made years; amounts in cents.
pub(crate) fn line(
    account: &str,
    label: &str,
    debit: i64,
    credit: i64,
    project: Option<&str>,
) -> Line {
    Line {
        account: Arc::from(account),
        account_label: Arc::from(label),
        debit: Money::from_cents(debit),
        credit: Money::from_cents(credit),
        text: None,
        project: project.map(Arc::from),
        reconciled: false,
        line: 0,
    }
}

/// A 2024 fiscal year of one entry per group of lines.
pub(crate) fn year_of(groups: Vec<Vec<Line>>) -> FiscalYear {
    let file: Arc<str> = Arc::from("test.csv");
    let date = Date::new(2024, 6, 1).expect("date");
    let entries = groups
        .into_iter()
        .enumerate()
        .map(|(i, lines)| Entry {
            number: (i + 1).to_string().into(),
            kind: None,
            status: "".into(),
            label: "".into(),
            date,
            notes: "".into(),
            reference: "".into(),
            members: "".into(),
            rows: u32::try_from(lines.len()).expect("few lines"),
            lines,
            export: ExportType::Full,
            source: Source::new(file.clone(), i as u64 + 1),
        })
        .collect();
    year_from(entries)
}

fn year_from(entries: Vec<Entry>) -> FiscalYear {
    FiscalYear {
        start: Date::new(2024, 1, 1).expect("date"),
        end: Date::new(2024, 12, 31).expect("date"),
        entries,
        export_types: BTreeSet::from([ExportType::Full]),
        warnings: Vec::new(),
    }
}
