//! Property tests over generated books (bench/synth.rs, random seeds and small sizes): what
//! rappro reads from every Paheko format the generator writes is the generator's model, and
//! the compte de résultats depends neither on the order of the transactions or of the files,
//! nor on how the year is split into overlapping files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use rappro::book::{BookOptions, Books};
use rappro::pipeline::{financial_report, import_books};
use rappro::report::{FinancialReport, Scope, Statement, render_all};

use crate::synth::{self, Books as Synthetic, Style, Target, Totals, Tx};

fn import(paths: &[PathBuf]) -> Books {
    import_books(paths, &BookOptions::default(), &mut |_| {})
}

/// A transaction in a form both sides can be turned into.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Seen {
    date: String,
    number: u64,
    kind: Option<&'static str>,
    label: String,
    notes: String,
    reference: String,
    members: String,
    lines: Vec<SeenLine>,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct SeenLine {
    account: String,
    account_label: String,
    debit: i64,
    credit: i64,
    reference: String,
    label: String,
    project: Option<String>,
    reconciled: bool,
}

fn seen_of_rappro(books: &Books) -> Vec<Seen> {
    let mut seen: Vec<Seen> = books
        .years
        .iter()
        .flat_map(|y| y.entries.iter())
        .map(|e| Seen {
            date: e.date.to_string(),
            number: e.number.parse().expect("numeric number"),
            kind: e.kind.map(|k| k.french()),
            label: e.label.to_string(),
            notes: e.notes.to_string(),
            reference: e.reference.to_string(),
            members: e.members.to_string(),
            lines: e
                .lines
                .iter()
                .map(|l| SeenLine {
                    account: l.account.to_string(),
                    account_label: l.account_label.to_string(),
                    debit: l.debit.cents(),
                    credit: l.credit.cents(),
                    reference: l.reference().to_owned(),
                    label: l.label().to_owned(),
                    project: l.project.as_deref().map(str::to_owned),
                    reconciled: l.reconciled,
                })
                .collect(),
        })
        .collect();
    seen.sort();
    seen
}

/// The generator's transactions as rappro should read them; `ods` drops line breaks in
/// values, as Paheko's ODS writer does.
fn seen_of_model<'a>(txs: impl IntoIterator<Item = &'a Tx>, ods: bool) -> Vec<Seen> {
    let text = |s: &str| {
        if ods {
            s.replace('\n', "")
        } else {
            s.to_owned()
        }
    };
    let mut seen: Vec<Seen> = txs
        .into_iter()
        .map(|t| Seen {
            date: t.date.iso(),
            number: t.number,
            kind: Some(t.kind.french()),
            label: text(&t.label),
            notes: text(&t.notes),
            reference: text(&t.reference),
            members: text(&t.members),
            lines: t
                .lines
                .iter()
                .map(|l| SeenLine {
                    account: l.account.to_owned(),
                    account_label: l.account_label.to_owned(),
                    debit: l.debit,
                    credit: l.credit,
                    reference: text(&l.reference),
                    label: text(&l.label),
                    project: l.project.map(str::to_owned),
                    reconciled: l.reconciled,
                })
                .collect(),
        })
        .collect();
    seen.sort();
    seen
}

fn cents_map(lines: &[rappro::report::StatementLine]) -> BTreeMap<String, i64> {
    lines
        .iter()
        .map(|l| (l.account.clone(), l.amount.cents()))
        .collect()
}

fn same_scope(statement: &Statement, expected: &synth::ScopeTotals) -> bool {
    cents_map(&statement.expenses) == expected.expenses
        && cents_map(&statement.income) == expected.income
        && statement.total_expenses.cents() == expected.total_expenses
        && statement.total_income.cents() == expected.total_income
        && statement.result.cents() == expected.result()
}

/// The report's statements and cash equal the generator's independent totals.
pub(crate) fn assert_totals(
    report: &FinancialReport,
    expected: &Totals,
) -> Result<(), TestCaseError> {
    let mut projects = Vec::new();
    for statement in &report.statements {
        let want = match &statement.scope {
            Scope::All => &expected.global,
            Scope::NoProject => &expected.no_project,
            Scope::Project(name) => {
                projects.push(name.clone());
                expected
                    .projects
                    .get(name)
                    .ok_or_else(|| TestCaseError::fail(format!("unexpected project {name}")))?
            }
        };
        prop_assert!(
            same_scope(statement, want),
            "{:?}: {statement:?}",
            statement.scope
        );
    }
    prop_assert_eq!(
        projects,
        expected.projects.keys().cloned().collect::<Vec<_>>()
    );
    prop_assert_eq!(report.cash_closing.cents(), expected.cash_closing());
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> PathBuf {
    std::fs::write(path, bytes).expect("write");
    path.to_path_buf()
}

fn complet_csv<'a>(txs: impl IntoIterator<Item = &'a Tx>, style: Style) -> Vec<u8> {
    let mut bytes = Vec::new();
    synth::write_complet_csv(&mut bytes, txs, style).expect("in memory");
    bytes
}

fn rendered(books: &Books) -> Vec<(&'static str, Vec<u8>)> {
    assert_eq!(books.years.len(), 1, "one fiscal year");
    render_all(&financial_report(books, &books.years[0]))
}

fn generated(seed: u64, lines: u64) -> Synthetic {
    synth::generate(seed, Target::CompletLines(lines))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// parse(write(books)) = books, for the Complet CSV, the Complet ODS and the Simplifié CSV.
    #[test]
    fn every_written_format_reads_back_as_the_model(
        seed in any::<u64>(),
        lines in 20u64..250,
        thousands in any::<bool>(),
    ) {
        let books = generated(seed, lines);
        prop_assert_eq!(books.complet_rows(), lines);
        let style = Style { thousands };
        let dir = tempfile::tempdir().expect("tempdir");
        let simple = books.simple_txs();
        let mut simple_bytes = Vec::new();
        synth::write_simple_csv(&mut simple_bytes, &books.txs, style).expect("in memory");
        let ods = dir.path().join("complet.ods");
        synth::write_complet_ods(&ods, &books.txs).expect("ods");
        let cases = [
            (write(&dir.path().join("complet.csv"), &complet_csv(&books.txs, style)), &books.txs, false),
            (ods, &books.txs, true),
            (write(&dir.path().join("simplifie.csv"), &simple_bytes), &simple, false),
        ];
        for (path, txs, is_ods) in cases {
            if txs.is_empty() {
                continue;
            }
            let read = import(std::slice::from_ref(&path));
            prop_assert!(read.rejected.is_empty(), "{}: {:?}", path.display(), read.rejected);
            let total = read.total();
            prop_assert_eq!(total.rows, total.accepted);
            prop_assert_eq!(seen_of_rappro(&read), seen_of_model(txs.iter(), is_ods), "{}", path.display());
            prop_assert_eq!(read.years.len(), 1);
            assert_totals(&financial_report(&read, &read.years[0]), &synth::totals(txs.iter()))?;
        }
    }

    /// Shuffling whole transactions and spreading them over files named in any order changes
    /// no byte of the reports.
    #[test]
    fn reports_do_not_depend_on_transaction_or_file_order(
        seed in any::<u64>(),
        lines in 20u64..250,
        parts in 1usize..4,
        shuffle_seed in any::<u64>(),
    ) {
        let books = generated(seed, lines);
        let dir = tempfile::tempdir().expect("tempdir");
        let whole = write(&dir.path().join("tout.csv"), &complet_csv(&books.txs, Style::default()));
        let reference = rendered(&import(&[whole]));
        let mut rng = synth::Rng::new(shuffle_seed);
        let mut txs: Vec<&Tx> = books.txs.iter().collect();
        rng.shuffle(&mut txs);
        let mut names: Vec<usize> = (0..parts).collect();
        rng.shuffle(&mut names);
        let mut buckets: Vec<Vec<&Tx>> = vec![Vec::new(); parts];
        for tx in txs {
            buckets[rng.below(parts as u64) as usize].push(tx);
        }
        let split = dir.path().join("parts");
        std::fs::create_dir_all(&split).expect("mkdir");
        for (bucket, name) in buckets.iter().zip(&names) {
            write(&split.join(format!("part-{name}.csv")), &complet_csv(bucket.iter().copied(), Style::default()));
        }
        prop_assert_eq!(rendered(&import(&[split])), reference);
    }

    /// A year split into two overlapping files (the second one CSV or ODS) gives the same
    /// reports, and the overlap is counted as duplicates.
    #[test]
    fn overlapping_parts_give_the_same_reports(
        seed in any::<u64>(),
        lines in 20u64..250,
        cut_a in 0usize..=1000,
        cut_b in 0usize..=1000,
        second_as_ods in any::<bool>(),
    ) {
        let books = generated(seed, lines);
        let dir = tempfile::tempdir().expect("tempdir");
        let whole = write(&dir.path().join("tout.csv"), &complet_csv(&books.txs, Style::default()));
        let reference = rendered(&import(&[whole]));
        let n = books.txs.len();
        let (a, b) = {
            let x = cut_a * n / 1000;
            let y = cut_b * n / 1000;
            (x.min(y), x.max(y).max(1))
        };
        let first = &books.txs[..b];
        let second = &books.txs[a..];
        let split = dir.path().join("parts");
        std::fs::create_dir_all(&split).expect("mkdir");
        write(&split.join("1-debut.csv"), &complet_csv(first, Style::default()));
        if second_as_ods {
            synth::write_complet_ods(&split.join("2-fin.ods"), second).expect("ods");
        } else {
            write(&split.join("2-fin.csv"), &complet_csv(second, Style::default()));
        }
        let read = import(&[split]);
        let overlap: u64 = books.txs[a..b].iter().map(|t| t.lines.len() as u64).sum();
        prop_assert_eq!(read.total().duplicates, overlap);
        prop_assert_eq!(rendered(&read), reference);
    }

    /// The Complet with the Simplifié of the same books without its « Numéro d'écriture »
    /// column gives the Complet's figures: every Simplifié transaction is recognised by
    /// content (a named warning), none counts twice, none is lost.
    #[test]
    fn a_simplifie_without_numbers_beside_the_complet_changes_no_figure(
        seed in any::<u64>(),
        lines in 20u64..250,
    ) {
        let books = generated(seed, lines);
        let dir = tempfile::tempdir().expect("tempdir");
        let complet = write(&dir.path().join("complet.csv"), &complet_csv(&books.txs, Style::default()));
        let mut simple = Vec::new();
        synth::write_simple_csv(&mut simple, &books.txs, Style::default()).expect("in memory");
        let simple = write(&dir.path().join("simplifie.csv"), &without_first_column(&simple));
        let read = import(&[complet, simple]);
        prop_assert!(read.rejected.is_empty(), "{:?}", read.rejected);
        let total = read.total();
        let simple_rows = books.simple_txs().len() as u64;
        prop_assert_eq!(total.duplicates, simple_rows);
        prop_assert_eq!(total.accepted, books.complet_rows());
        prop_assert_eq!(read.years.len(), 1);
        assert_totals(&financial_report(&read, &read.years[0]), &synth::totals(books.txs.iter()))?;
        if simple_rows > 0 {
            prop_assert!(read.warnings.iter().any(|w| w.code() == "duplicates_by_content"));
        }
    }
}

/// A CSV without its first column (re-written quoted, as Paheko writes).
fn without_first_column(csv_bytes: &[u8]) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_bytes);
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for record in reader.records() {
        let record = record.expect("generated CSV");
        writer
            .write_record(record.iter().skip(1))
            .expect("in memory");
    }
    writer.into_inner().expect("in memory")
}
