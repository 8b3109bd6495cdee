//! The whole job on a treasurer's folder (`rappro run`) and its starting configuration
//! (`rappro init`): configuration → exports and invoices → books → reconciliation → reports.
//!
//! This module only composes the stages; each stage does its own work. File names in
//! messages and reports are relative to the folder, so outputs do not depend on where it is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::book::{BookOptions, Books};
use crate::config::{self, Config, InvoiceFormatConfig};
use crate::error::{Error, Rejection};
use crate::import::invoices::{self, InvoiceFile, InvoiceFormat, Merged};
use crate::import::walk::{self, Skipped};
use crate::import::{self, display_relative};
use crate::model::Source;
use crate::reconcile::{
    self, Decision, Kind, ProjectRule, Reconciliation, Rules, Supplier, Tolerances,
};
use crate::report::rejections::{REJECTIONS_FILE, render_rejections};
use crate::report::{self, OutputFolder, ecarts};
use crate::{Progress, financial_report, import_books_under, year_folder, year_subfolder};

/// Per-file counts of an invoice file. Invariant: `rows == accepted + duplicates + rejected`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceCounts {
    /// The file, relative to the folder.
    pub path: Arc<str>,
    /// The supplier it was read for.
    pub supplier: Arc<str>,
    /// Invoices (rows) read.
    pub rows: u64,
    /// Invoices kept.
    pub accepted: u64,
    /// Invoices already seen in another file.
    pub duplicates: u64,
    /// Invoices rejected.
    pub rejected: u64,
    /// True if the whole file could not be used.
    pub failed: bool,
}

/// What a run found and wrote.
#[derive(Debug)]
pub struct RunOutcome {
    /// The books.
    pub books: Books,
    /// Invoice files and their counts.
    pub invoice_files: Vec<InvoiceCounts>,
    /// One reconciliation per fiscal year, with the folder its reports went to.
    pub years: Vec<(PathBuf, Reconciliation)>,
    /// Every rejection: exports and invoices, sorted.
    pub rejected: Vec<Rejection>,
    /// Warnings about invoice files.
    pub invoice_warnings: Vec<crate::error::Warning>,
    /// What was repaired in the output folder (leftovers of an interrupted run).
    pub output_notes: Vec<crate::error::Warning>,
}

impl RunOutcome {
    /// Open discrepancies of severity error or warning, over all years.
    pub fn open_problems(&self) -> usize {
        self.years
            .iter()
            .map(|(_, rec)| {
                rec.open_count(reconcile::Severity::Error)
                    + rec.open_count(reconcile::Severity::Warning)
            })
            .sum()
    }

    /// Exit status: 2 rejected input, 1 open discrepancies, 0 all clear.
    pub fn exit_code(&self) -> u8 {
        if !self.rejected.is_empty() {
            2
        } else if self.open_problems() > 0 {
            1
        } else {
            0
        }
    }
}

/// Runs the whole job on `folder` (which holds `rappro.toml`) and writes every report to `out`.
pub fn run_folder(
    folder: &Path,
    out: &Path,
    on_progress: &mut dyn FnMut(Progress),
) -> Result<RunOutcome, Error> {
    let config = config::load(folder)?;
    let decisions = decisions(&config)?;
    report::guard::check_out_folder(out, &read_roots(&config))?;
    let output = OutputFolder::open(out)?;
    let output_notes = output.notes().to_vec();
    // Nothing under the output folder is read (a pattern like `**/*.csv` would find the
    // previous run's reports): the walker skips it.
    let exclude = [out.to_path_buf()];
    let (mut export_paths, mut skipped) = config::expand(folder, &config.exports, &exclude)?;
    if let Some(chart) = &config.chart {
        let (paths, more) = config::expand(folder, std::slice::from_ref(chart), &exclude)?;
        export_paths.extend(paths);
        skipped.extend(more);
    }
    walk::dedup(&mut skipped);
    let options = BookOptions {
        fiscal_year: config.fiscal_year,
        project_aliases: config.project_aliases(),
    };
    // Invoices are read on a second thread while the books are.
    let (books, invoice_files) = std::thread::scope(|scope| {
        let invoices = scope.spawn(|| read_invoices(&config, &exclude));
        let books = import_books_under(
            &export_paths,
            Some(folder),
            &[out.to_path_buf()],
            &options,
            on_progress,
        );
        let invoice_files = invoices
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (books, invoice_files)
    });
    if let Some(message) = &books.year_error {
        return Err(Error::Years(message.clone()));
    }
    let (invoice_files, invoice_skipped) = invoice_files?;
    let mut books = books;
    let display = |path: &Path| display_relative(path, folder);
    books
        .warnings
        .extend(skipped.iter().map(|s| s.warning(&display)));
    books.warnings.sort();
    let merged = invoices::merge(&invoice_files);
    let counts = invoice_counts(&invoice_files, &merged);
    let mut rejected: Vec<Rejection> = books.rejected.clone();
    for file in &invoice_files {
        rejected.extend(file.rejected.iter().cloned());
    }
    rejected.extend(merged.rejected.iter().cloned());
    rejected.sort();
    let mut files = vec![(PathBuf::from(REJECTIONS_FILE), render_rejections(&rejected))];
    let mut years = Vec::new();
    for year in &books.years {
        let rules = rules(&config, (year.start, year.end));
        let mut rec = reconcile::reconcile(&year.entries, &merged.invoices, &rules, &decisions);
        rec.add_rejections(&books.rejected, false);
        let invoice_rejections: Vec<Rejection> = invoice_files
            .iter()
            .flat_map(|f| f.rejected.iter().cloned())
            .chain(merged.rejected.iter().cloned())
            .collect();
        rec.add_rejections(&invoice_rejections, true);
        let sub = year_subfolder(&books, year);
        // The compte de résultats and the discrepancy reports are rendered side by side.
        let (mut year_files, lines) = std::thread::scope(|scope| {
            let lines = scope.spawn(|| ecarts::lignes_csv(&rec));
            let files = report::render_all(&financial_report(&books, year));
            let lines = lines
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (files, lines)
        });
        year_files.push(("ecarts.json", ecarts::ecarts_json(&rec).into_bytes()));
        year_files.push(("ecarts.md", ecarts::ecarts_md(&rec).into_bytes()));
        year_files.push(("ecarts.csv", ecarts::ecarts_csv(&rec)));
        year_files.push(("lignes.csv", lines));
        files.extend(
            year_files
                .into_iter()
                .map(|(name, content)| (sub.join(name), content)),
        );
        years.push((year_folder(out, &books, year), rec));
    }
    // Every file of the run, published at once: never new statements beside old ecarts.*.
    output.publish(&files)?;
    let invoice_display = |path: &Path| display_relative(path, &config.folder);
    let mut invoice_warnings: Vec<crate::error::Warning> = invoice_files
        .iter()
        .flat_map(|f| f.warnings.iter().cloned())
        .chain(invoice_skipped.iter().map(|s| s.warning(&invoice_display)))
        .collect();
    invoice_warnings.sort();
    Ok(RunOutcome {
        books,
        invoice_files: counts,
        years,
        rejected,
        invoice_warnings,
        output_notes,
    })
}

/// Where a run reads: the folder, and the start of every pattern that leads outside it
/// (`/srv/paheko/*.csv`). The output folder must hold none of them. A pattern inside the
/// folder that starts in the output folder (`rapports/*.csv`) finds nothing instead.
fn read_roots(config: &Config) -> Vec<PathBuf> {
    let folder = &config.folder;
    let real_folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.clone());
    let patterns = config
        .exports
        .iter()
        .chain(&config.chart)
        .chain(config.suppliers.iter().flat_map(|s| &s.invoices));
    let outside = patterns
        .map(|pattern| config::pattern_base(folder, pattern))
        .filter(|base| {
            std::fs::canonicalize(base).is_ok_and(|real| !real.starts_with(&real_folder))
        });
    std::iter::once(folder.clone()).chain(outside).collect()
}

/// The decisions of `decisions.toml`, with their kinds checked.
fn decisions(config: &Config) -> Result<Vec<Decision>, Error> {
    let path = config.folder.join(config::DECISIONS_FILE);
    let file: Arc<str> = Arc::from(config::DECISIONS_FILE);
    config::load_decisions(&config.folder)?
        .into_iter()
        .map(|d| {
            let kind = Kind::from_code(&d.kind).ok_or_else(|| Error::Config {
                path: path.clone(),
                message: format!(
                    "décision n° {} : type d'écart inconnu « {} » (types possibles : {})",
                    d.line,
                    d.kind,
                    Kind::ALL
                        .iter()
                        .map(|k| k.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?;
            Ok(Decision {
                kind,
                invoice: d.invoice,
                entry: d.entry,
                reason: d.reason,
                who: d.who,
                date: d.date,
                source: Source::new(Arc::clone(&file), d.line),
            })
        })
        .collect()
}

/// Reads every supplier's invoice files, in configuration order then path order.
fn read_invoices(
    config: &Config,
    exclude: &[PathBuf],
) -> Result<(Vec<InvoiceFile>, Vec<Skipped>), Error> {
    struct Job {
        path: PathBuf,
        display: Arc<str>,
        supplier: Arc<str>,
        format: InvoiceFormat,
        mapping: Option<invoices::Mapping>,
    }
    let mut jobs = Vec::new();
    let mut skipped = Vec::new();
    for supplier in &config.suppliers {
        let id: Arc<str> = Arc::from(supplier.id.as_str());
        let (format, mapping) = match &supplier.format {
            InvoiceFormatConfig::OvhJson => (InvoiceFormat::OvhJson, None),
            InvoiceFormatConfig::OvhCsv => (InvoiceFormat::ControlPanelCsv, None),
            InvoiceFormatConfig::Columns(columns) => (InvoiceFormat::Mapped, Some(columns.clone())),
        };
        let (paths, more) = config::expand(&config.folder, &supplier.invoices, exclude)?;
        skipped.extend(more);
        for path in paths {
            jobs.push(Job {
                display: display_relative(&path, &config.folder),
                path,
                supplier: Arc::clone(&id),
                format,
                mapping: mapping.clone(),
            });
        }
    }
    let read_invoice = |job: &Job| match import::read_bytes(&job.path) {
        Ok(bytes) => invoices::read(
            &bytes,
            Arc::clone(&job.display),
            Arc::clone(&job.supplier),
            &job.format,
            job.mapping.as_ref(),
        ),
        Err(reason) => InvoiceFile::failed(Arc::clone(&job.display), job.format, reason),
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
    Ok((files.into_iter().map(|(_, file)| file).collect(), skipped))
}

fn invoice_counts(files: &[InvoiceFile], merged: &Merged) -> Vec<InvoiceCounts> {
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
                supplier: file
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

/// The reconciliation rules of the configuration, for one fiscal year.
fn rules(config: &Config, fiscal_year: (crate::model::Date, crate::model::Date)) -> Rules {
    Rules {
        suppliers: config
            .suppliers
            .iter()
            .map(|s| Supplier {
                id: Arc::from(s.id.as_str()),
                name: s.name.clone(),
                accounts: s.accounts.clone(),
            })
            .collect(),
        projects: config
            .rules
            .iter()
            .map(|r| ProjectRule {
                supplier: r.supplier.as_deref().map(Arc::from),
                service: r.service.clone(),
                project: r.project.clone(),
            })
            .collect(),
        tolerances: Tolerances {
            days: config.tolerances.days,
            amount: config.tolerances.amount,
            project_rounding: config.tolerances.project_rounding,
        },
        basis: config.basis,
        fiscal_year,
    }
}

/// Writes a commented starting `rappro.toml` in `folder` from what it holds; refuses to
/// overwrite an existing one. Returns the path written.
pub fn init_folder(folder: &Path) -> Result<PathBuf, Error> {
    let target = folder.join(config::CONFIG_FILE);
    if target.exists() {
        return Err(Error::Usage(format!(
            "{} existe déjà : rappro init ne l'écrase pas (renommez-le pour en créer un nouveau)",
            target.display()
        )));
    }
    let mut files = Vec::new();
    for path in import::expand_paths(&[folder.to_path_buf()], &[]).files {
        let relative = display_relative(&path, folder).replace('\\', "/");
        // The first bytes are enough to recognise a file; a file that cannot be read is left out.
        let head = import::read_head(&path, 64 * 1024).unwrap_or_default();
        files.push((relative, head));
    }
    let text = config::starting_config(&files);
    // Never replaces a configuration written meanwhile.
    report::write_file(&target, text.as_bytes(), false)?;
    Ok(target)
}
