//! rappro: Paheko exports and supplier invoices in, compte de résultats and discrepancies out.
//!
//! A pipeline of pure stages over plain data (see docs/ARCHITECTURE.md):
//! `import` reads files into [`model`] values and rejections, `book` groups and
//! de-duplicates them into fiscal years of balanced entries, `reconcile` matches invoices
//! to entries, `report` builds the statements and writes them.
//! Only `import` reads inputs, only `report::publish` writes outputs, and only the binary
//! (`main.rs`, `cli.rs`) talks to the terminal: the library reports progress through a callback.

pub mod book;
pub mod config;
pub mod error;
pub mod import;
pub mod model;
pub mod reading;
pub mod reconcile;
pub mod report;
pub mod run;
#[cfg(test)]
mod testing;

use std::path::{Path, PathBuf};

use crate::book::{BookOptions, Books, FiscalYear};
use crate::error::Error;
use crate::report::rejections::{REJECTIONS_FILE, render_rejections};
use crate::report::{FinancialReport, OutputFolder};

/// Progress of a long batch, for the binary's progress bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Progress {
    /// The batch starts: how many files and bytes.
    Start {
        /// Files to read.
        files: u64,
        /// Their total size.
        bytes: u64,
    },
    /// A file is about to be read (an export or an invoice file), named as in messages.
    FileStart {
        /// The file.
        path: std::sync::Arc<str>,
    },
    /// One file was read.
    FileRead {
        /// Its size.
        bytes: u64,
    },
}

/// Reads and books every Paheko export under `paths` (files and folders).
pub fn import_books(
    paths: &[PathBuf],
    options: &BookOptions,
    on_progress: &mut dyn FnMut(Progress),
) -> Books {
    import_books_under(paths, None, &[], options, on_progress)
}

/// Like [`import_books`], naming files relative to `base` when they are under it, and
/// skipping `exclude`d paths (rappro's own outputs) inside folders.
pub fn import_books_under(
    paths: &[PathBuf],
    base: Option<&Path>,
    exclude: &[PathBuf],
    options: &BookOptions,
    on_progress: &mut dyn FnMut(Progress),
) -> Books {
    let import::Expanded {
        files,
        rejected: missing,
        skipped,
    } = import::expand_paths(paths, exclude);
    let sizes: Vec<u64> = files
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .collect();
    on_progress(Progress::Start {
        files: files.len() as u64,
        bytes: sizes.iter().sum(),
    });
    let mut read = Vec::with_capacity(files.len());
    for (path, bytes) in files.iter().zip(sizes) {
        let display = base.map_or_else(
            || import::display_path(path),
            |base| import::display_relative(path, base),
        );
        on_progress(Progress::FileStart {
            path: std::sync::Arc::clone(&display),
        });
        reading::set(&display);
        read.push(import::read_books_file_for(
            path,
            display,
            options.fiscal_year,
        ));
        on_progress(Progress::FileRead { bytes });
    }
    let mut books = book::book(read, options);
    let display = |path: &Path| {
        base.map_or_else(
            || import::display_path(path),
            |base| import::display_relative(path, base),
        )
    };
    books
        .warnings
        .extend(skipped.iter().map(|s| s.warning(&display)));
    books.warnings.sort();
    for rejection in missing {
        books.files.push(book::FileCounts {
            path: rejection.source.file.clone(),
            kind: None,
            rows: 0,
            accepted: 0,
            duplicates: 0,
            rejected: 0,
            failed: true,
        });
        books.rejected.push(rejection);
    }
    books.rejected.sort();
    books
}

/// The compte de résultats of one fiscal year, with the batch's warnings and, when rows
/// were rejected, why its figures may be incomplete.
pub fn financial_report(books: &Books, year: &FiscalYear) -> FinancialReport {
    let mut warnings = books.warnings.clone();
    warnings.extend(year.warnings.iter().cloned());
    warnings.sort();
    report::build(year, &books.chart, warnings, incomplete_reasons(books))
}

/// French sentences saying why figures may be incomplete (rejected rows or files).
pub fn incomplete_reasons(books: &Books) -> Vec<String> {
    let total = books.total();
    let failed = books.files.iter().filter(|f| f.failed).count();
    let mut reasons = Vec::new();
    if total.rejected > 0 {
        reasons.push(format!(
            "{} ligne(s) des exports ont été rejetées et ne sont pas comptées (voir {REJECTIONS_FILE}).",
            total.rejected
        ));
    }
    if failed > 0 {
        reasons.push(format!(
            "{failed} fichier(s) n'ont pas pu être lus (voir {REJECTIONS_FILE})."
        ));
    }
    reasons
}

/// The folder for one year's reports: `out` itself when the batch has one year, else
/// `out/exercice-2024` (or `out/exercice-2023-07-01-2024-06-30` for a year that is not a calendar year).
pub fn year_folder(out: &Path, books: &Books, year: &FiscalYear) -> PathBuf {
    let sub = year_subfolder(books, year);
    if sub.as_os_str().is_empty() {
        // `join` would add a trailing `/`.
        out.to_path_buf()
    } else {
        out.join(sub)
    }
}

/// [`year_folder`] relative to the output folder (empty for a single year).
pub fn year_subfolder(books: &Books, year: &FiscalYear) -> PathBuf {
    if books.years.len() <= 1 {
        return PathBuf::new();
    }
    let calendar = year.start.month() == 1
        && year.start.day() == 1
        && year.end.month() == 12
        && year.end.day() == 31
        && year.start.year() == year.end.year();
    if calendar {
        PathBuf::from(format!("exercice-{}", year.start.year()))
    } else {
        PathBuf::from(format!("exercice-{}-{}", year.start, year.end))
    }
}

/// Publishes, as one set in `out`, the compte de résultats files of every year and
/// `rejets.csv`. Returns the folders written.
pub fn write_financial_reports(out: &OutputFolder, books: &Books) -> Result<Vec<PathBuf>, Error> {
    let mut files = vec![(
        PathBuf::from(REJECTIONS_FILE),
        render_rejections(&books.rejected),
    )];
    let mut folders = Vec::new();
    for year in &books.years {
        let sub = year_subfolder(books, year);
        for (name, content) in report::render_all(&financial_report(books, year)) {
            files.push((sub.join(name), content));
        }
        folders.push(year_folder(out.path(), books, year));
    }
    out.publish(&files)?;
    Ok(folders)
}
