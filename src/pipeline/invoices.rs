//! The invoices of a reconciling job: every supplier's files read by two workers, merged,
//! and counted per file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::InvoiceOutcome;
use crate::config::{self, SupplierSource};
use crate::error::{Error, Rejection};
use crate::import::invoices::{self, InvoiceFile, InvoiceReader, Merged};
use crate::import::walk::{self, Skipped};
use crate::import::{self, display_relative};

/// Per-file counts of an invoice file; `kind` is the supplier it was read for.
/// Invariant: `rows == accepted + duplicates + rejected`.
pub type InvoiceCounts = crate::model::FileCounts<Arc<str>>;

/// The invoice files read, what was skipped, and the merged invoices.
pub(super) struct Read {
    folder: PathBuf,
    files: Vec<InvoiceFile>,
    skipped: Vec<Skipped>,
    pub(super) merged: Merged,
}

impl Read {
    /// Every invoice rejection: per file, then of the merge.
    pub(super) fn rejected(&self) -> Vec<Rejection> {
        self.files
            .iter()
            .flat_map(|f| f.rejected.iter().cloned())
            .chain(self.merged.rejected.iter().cloned())
            .collect()
    }

    /// The counts and the warnings, for the outcome.
    pub(super) fn outcome(self) -> InvoiceOutcome {
        let display = |path: &Path| display_relative(path, &self.folder);
        let mut warnings: Vec<crate::error::Warning> = self
            .files
            .iter()
            .flat_map(|f| f.warnings.iter().cloned())
            .chain(self.skipped.iter().map(|s| s.warning(&display)))
            .collect();
        warnings.sort();
        InvoiceOutcome {
            files: counts(&self.files, &self.merged),
            warnings,
        }
    }
}

/// Reads every supplier's invoice files, in configuration order then path order, and merges them.
pub(super) fn read(
    folder: &Path,
    suppliers: &[SupplierSource],
    exclude: &[PathBuf],
) -> Result<Read, Error> {
    struct Job<'a> {
        path: PathBuf,
        display: Arc<str>,
        supplier: Arc<str>,
        reader: &'a InvoiceReader,
    }
    let mut jobs = Vec::new();
    let mut skipped = Vec::new();
    for supplier in suppliers {
        let id = Arc::clone(&supplier.supplier.id);
        let (paths, more) = config::expand(folder, &supplier.invoices, exclude)?;
        skipped.extend(more);
        for path in paths {
            jobs.push(Job {
                display: display_relative(&path, folder),
                path,
                supplier: Arc::clone(&id),
                reader: &supplier.reader,
            });
        }
    }
    let read_invoice = |job: &Job| match import::read_bytes(&job.path) {
        Ok(bytes) => invoices::read(
            &bytes,
            Arc::clone(&job.display),
            Arc::clone(&job.supplier),
            job.reader,
        ),
        Err(reason) => InvoiceFile::failed(Arc::clone(&job.display), job.reader.format(), reason),
    };
    let read = |job: &Job| {
        // Named for the message of a bug, should reading this file panic.
        crate::reading::set(&job.display);
        read_invoice(job)
    };
    // Files are read by two workers taking the next file in turn; results keep the order.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let idx = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(job) = jobs.get(idx) else {
                return done;
            };
            done.push((idx, read(job)));
        }
    };
    let mut files: Vec<(usize, InvoiceFile)> = std::thread::scope(|scope| {
        let other = scope.spawn(work);
        let mut files = work();
        files.extend(
            other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
        files
    });
    files.sort_by_key(|(idx, _)| *idx);
    walk::dedup(&mut skipped);
    let files: Vec<InvoiceFile> = files.into_iter().map(|(_, file)| file).collect();
    let merged = invoices::merge(&files);
    Ok(Read {
        folder: folder.to_path_buf(),
        files,
        skipped,
        merged,
    })
}

fn counts(files: &[InvoiceFile], merged: &Merged) -> Vec<InvoiceCounts> {
    let mut merge_rejected: BTreeMap<&str, u64> = BTreeMap::new();
    for rejection in &merged.rejected {
        *merge_rejected.entry(&rejection.source.file).or_default() += 1;
    }
    files
        .iter()
        .map(|file| {
            let duplicates = merged.duplicates.get(&file.file).copied().unwrap_or(0);
            let conflicts = merge_rejected.get(&*file.file).copied().unwrap_or(0);
            let row_rejections = file.rejected.iter().filter(|r| r.source.line > 0).count() as u64;
            let rejected = row_rejections + conflicts;
            InvoiceCounts {
                path: Arc::clone(&file.file),
                kind: file
                    .invoices
                    .first()
                    .map_or_else(|| Arc::from(""), |i| Arc::clone(&i.supplier)),
                rows: file.rows,
                accepted: file.rows.saturating_sub(duplicates + rejected),
                duplicates,
                rejected,
                failed: file.rejected.iter().any(|r| r.source.line == 0),
            }
        })
        .collect()
}
