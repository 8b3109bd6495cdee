//! An [`Outcome`] as terminal output: rejections and warnings on stderr, one line each in a
//! deterministic order; the per-file table, the years, the reconciliation summary and the
//! folders written on stdout.

use std::io::Write;

use rappro::book::Books;
use rappro::pipeline::Outcome;

/// Prints everything the treasurer reads about `outcome`.
pub(super) fn outcome(outcome: &Outcome) {
    diagnostics(outcome);
    lines(&summary(outcome));
}

/// Rejections, then warnings: about files, invoices, then years. (Notes about the output
/// folder came first, as progress.)
fn diagnostics(outcome: &Outcome) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let books = &outcome.books;
    for rejection in &outcome.rejected {
        let _ = writeln!(err, "{rejection}");
    }
    let invoice_warnings = outcome.invoices.iter().flat_map(|i| &i.warnings);
    for warning in books.warnings.iter().chain(invoice_warnings) {
        let _ = writeln!(err, "{warning}");
    }
    for year in &books.years {
        for warning in &year.warnings {
            let _ = writeln!(
                err,
                "exercice du {} au {} : attention : {}",
                year.start.to_french(),
                year.end.to_french(),
                warning.message()
            );
        }
    }
}

fn lines(lines: &[String]) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in lines {
        if writeln!(out, "{line}").is_err() {
            // A closed pipe (`| head`) is not an error.
            return;
        }
    }
}

/// One row of the per-file table, for every kind of file: the label, the four counts
/// ([`rappro::model::FileCounts::figures`]), then what the file is.
fn row(label: &str, counts: [u64; 4], what: &str) -> String {
    let [rows, accepted, duplicates, rejected] = counts;
    let line = format!("{label:<10} {rows:>9} {accepted:>9} {duplicates:>9} {rejected:>9}  {what}");
    if what.is_empty() {
        line.trim_end().to_owned()
    } else {
        line
    }
}

fn summary(outcome: &Outcome) -> Vec<String> {
    let books = &outcome.books;
    let mut lines = books_summary(books);
    if let Some(invoices) = &outcome.invoices {
        lines.push("Factures".to_owned());
        for file in &invoices.files {
            lines.push(rappro::model::one_line(&file.path, usize::MAX).into_owned());
            let what = if file.failed {
                "illisible".to_owned()
            } else {
                format!("fournisseur {}", file.kind)
            };
            lines.push(row("", file.figures(), &what));
        }
    }
    for year in &outcome.years {
        if let Some(rec) = &year.reconciliation {
            lines.push(String::new());
            lines.extend(
                rappro::report::ecarts::summary_text(rec)
                    .lines()
                    .map(str::to_owned),
            );
        }
        lines.push(format!("Rapports écrits dans {}", year.folder.display()));
    }
    lines
}

fn books_summary(books: &Books) -> Vec<String> {
    let mut lines = vec![format!(
        "{:<10} {:>9} {:>9} {:>9} {:>9}  ",
        "", "lues", "acceptées", "doublons", "rejetées"
    )];
    for file in &books.files {
        let what = match (&file.kind, file.failed) {
            (_, true) => "illisible".to_owned(),
            (Some(kind), false) => kind.french(),
            (None, false) => "non reconnu".to_owned(),
        };
        lines.push(rappro::model::one_line(&file.path, usize::MAX).into_owned());
        lines.push(row("", file.figures(), &what));
    }
    let total = books.total();
    lines.push(row("Total", total.figures(), ""));
    for year in &books.years {
        let n = year.entries.len();
        lines.push(format!(
            "Exercice du {} au {} : {n} écriture{}",
            year.start.to_french(),
            year.end.to_french(),
            if n > 1 { "s" } else { "" }
        ));
    }
    lines
}
