//! The composition root: a [`Job`] goes in, an [`Outcome`] comes out.
//!
//! `rappro import`, `rappro report` and `rappro run` are the same job with different parts:
//! where the exports are ([`Inputs`]), what is written ([`Output`]), how the books are cut
//! into years ([`BookOptions`]) and, for `run` only, the invoices, rules and decisions to
//! reconcile with ([`Reconcile`]). [`run`] composes the stages (import → book → reconcile →
//! report) and publishes the files; it prints nothing. The [`ExitStatus`] of the outcome alone
//! decides the exit code of the command. File names in messages and reports are relative to the
//! configured folder for `run`, as given on the command line otherwise.

mod invoices;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::book::{self, BookOptions, Books, FiscalYear};
use crate::config::{self, SupplierSource};
use crate::error::{Error, Rejection, Warning};
use crate::import::{self, display_relative, walk};
use crate::model::Period;
use crate::reconcile::{self, Basis, Decision, ProjectRule, Reconciliation, Rules, Tolerances};
use crate::report::rejections::{REJECTIONS_FILE, render_rejections};
use crate::report::{self, FinancialReport, Incomplete, OutputFolder, ecarts, rapport};

pub use invoices::InvoiceCounts;

/// How a command ends, and so its exit code (see [`ExitStatus::code`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Every row accepted and, when reconciling, nothing left to look at (0).
    Clean,
    /// Every row accepted, but discrepancies of severity error or warning stay open (1).
    OpenDiscrepancies,
    /// Rows or files were rejected, or an error stopped the command (2).
    RejectedInput,
    /// rappro panicked: a bug, never the treasurer's fault (3).
    Bug,
}

impl ExitStatus {
    /// The process exit code: the one place where statuses become numbers.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Clean => 0,
            ExitStatus::OpenDiscrepancies => 1,
            ExitStatus::RejectedInput => 2,
            ExitStatus::Bug => 3,
        }
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> std::process::ExitCode {
        std::process::ExitCode::from(status.code())
    }
}

/// Progress of a long job, for the binary's progress bar.
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
        path: Arc<str>,
    },
    /// One file was read.
    FileRead {
        /// Its size.
        bytes: u64,
    },
    /// Something repaired or left unread in the output folder, said as soon as the folder is
    /// opened: the treasurer must read it even if the job is then stopped.
    OutputNote(Warning),
}

/// Where the exports are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inputs {
    /// Files and folders, named as given (`import`, `report`).
    Paths(Vec<PathBuf>),
    /// Patterns relative to a configured folder, files named relative to it (`run`).
    Patterns {
        /// The folder of `rappro.toml`.
        folder: PathBuf,
        /// Export patterns, in configuration order.
        exports: Vec<String>,
        /// The chart of accounts pattern, expanded on its own (a file it shares with the
        /// exports is said to be read once).
        chart: Option<String>,
    },
}

/// What the job writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Only the list of rejections, to this file (`import`).
    Rejections(PathBuf),
    /// Every report, in this folder, one sub-folder per year when there are several.
    Folder(PathBuf),
}

impl Output {
    /// The file or folder written.
    pub fn path(&self) -> &Path {
        match self {
            Output::Rejections(path) | Output::Folder(path) => path,
        }
    }
}

/// What reconciling needs besides the books (`run`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reconcile {
    /// Suppliers and where their invoices are, patterns relative to the inputs' folder.
    pub suppliers: Vec<SupplierSource>,
    /// Service → project rules, first match wins.
    pub projects: Vec<ProjectRule>,
    /// Matching tolerances.
    pub tolerances: Tolerances,
    /// TTC or HT books.
    pub basis: Basis,
    /// The treasurer's decisions.
    pub decisions: Vec<Decision>,
}

impl Reconcile {
    /// The reconciliation rules for one fiscal year.
    fn rules(&self, year: &FiscalYear) -> Rules {
        Rules {
            suppliers: self.suppliers.iter().map(|s| s.supplier.clone()).collect(),
            projects: self.projects.clone(),
            tolerances: self.tolerances.clone(),
            basis: self.basis,
            fiscal_year: (year.start, year.end),
        }
    }
}

/// One command's work, as one value.
#[derive(Clone, Debug)]
pub struct Job {
    /// The exports to read.
    pub inputs: Inputs,
    /// What to write.
    pub output: Output,
    /// The fiscal year and the project aliases.
    pub books: BookOptions,
    /// Invoices, rules and decisions, when the job reconciles.
    pub reconcile: Option<Reconcile>,
}

impl Job {
    /// `rappro run`: the folder's `rappro.toml` and `decisions.toml`, reports to `out`.
    pub fn from_folder(folder: &Path, out: &Path) -> Result<Job, Error> {
        let config = config::load(folder)?;
        let decisions = config::load_decisions(folder)?;
        Ok(Job {
            inputs: Inputs::Patterns {
                folder: folder.to_path_buf(),
                exports: config.exports.clone(),
                chart: config.chart.clone(),
            },
            output: Output::Folder(out.to_path_buf()),
            books: BookOptions {
                fiscal_year: config.fiscal_year,
                project_aliases: config.project_aliases(),
            },
            reconcile: Some(Reconcile {
                projects: config.rules,
                tolerances: config.tolerances,
                basis: config.basis,
                suppliers: config.suppliers,
                decisions,
            }),
        })
    }
}

/// One fiscal year's reports.
#[derive(Debug)]
pub struct YearOutcome {
    /// The folder its reports went to.
    pub folder: PathBuf,
    /// Its reconciliation, when the job reconciles.
    pub reconciliation: Option<Reconciliation>,
}

/// The invoices read by a reconciling job.
#[derive(Debug)]
pub struct InvoiceOutcome {
    /// Invoice files and their counts.
    pub files: Vec<InvoiceCounts>,
    /// Warnings about invoice files, sorted.
    pub warnings: Vec<Warning>,
}

/// What a job found and wrote.
#[derive(Debug)]
pub struct Outcome {
    /// The books.
    pub books: Books,
    /// The invoices, when the job reconciles.
    pub invoices: Option<InvoiceOutcome>,
    /// The years whose reports were written (none for `import`).
    pub years: Vec<YearOutcome>,
    /// Every rejection, of exports and invoices, sorted.
    pub rejected: Vec<Rejection>,
    /// How the command ends.
    pub status: ExitStatus,
}

impl Outcome {
    /// Open discrepancies of severity error or warning, over all years.
    pub fn open_problems(&self) -> usize {
        self.years
            .iter()
            .filter_map(|year| year.reconciliation.as_ref())
            .map(|rec| {
                rec.open_count(reconcile::Severity::Error)
                    + rec.open_count(reconcile::Severity::Warning)
            })
            .sum()
    }
}

/// Runs `job`: checks the output before any reading, reads, books, reconciles, and publishes
/// every file at once. Errors that stop the job are values; rejected rows are in the outcome.
pub fn run(job: &Job, on_progress: &mut dyn FnMut(Progress)) -> Result<Outcome, Error> {
    let out = job.output.path();
    // Before any reading: an output that is an input, is locked by another run or cannot be
    // written stops the job now.
    let folder = match &job.output {
        Output::Rejections(file) => {
            let Inputs::Paths(paths) = &job.inputs else {
                unreachable!("only `import` writes the rejections alone, from paths");
            };
            report::guard::check_out_file(file, paths)?;
            report::guard::check_rejections_replaceable(file)?;
            report::publish::check_file_writable(file)?;
            None
        }
        Output::Folder(dir) => {
            report::guard::check_out_folder(dir, &read_roots(job))?;
            let folder = OutputFolder::open(dir)?;
            let unread = match &job.inputs {
                Inputs::Paths(paths) => report::guard::unread_in_output(dir, paths),
                Inputs::Patterns { .. } => None,
            };
            for note in folder.notes().iter().cloned().chain(unread) {
                on_progress(Progress::OutputNote(note));
            }
            Some(folder)
        }
    };
    // Nothing under the output is read (a pattern like `**/*.csv` would find the previous
    // run's reports): the walkers skip it.
    let exclude = [out.to_path_buf()];
    let (books, invoices) = read(job, &exclude, on_progress)?;
    if let Some(message) = &books.year_error {
        return Err(Error::Years(message.clone()));
    }
    let mut rejected = books.rejected.clone();
    let invoice_rejected: Vec<Rejection> = invoices
        .as_ref()
        .map(invoices::Read::rejected)
        .unwrap_or_default();
    rejected.extend(invoice_rejected.iter().cloned());
    rejected.sort();
    let Some(folder) = folder else {
        report::write_file(out, &render_rejections(&books.rejected), true)?;
        let status = status(&rejected, 0);
        return Ok(Outcome {
            books,
            invoices: None,
            years: Vec::new(),
            rejected,
            status,
        });
    };
    let mut files = vec![(PathBuf::from(REJECTIONS_FILE), render_rejections(&rejected))];
    let mut years = Vec::new();
    for year in &books.years {
        let sub = year_subfolder(&books, year);
        let reconciliation = match (&job.reconcile, &invoices) {
            (Some(reconcile), Some(read)) => {
                let mut rec = reconcile::reconcile(
                    &year.entries,
                    &read.merged.invoices,
                    &reconcile.rules(year),
                    &reconcile.decisions,
                );
                rec.add_rejections(&books.rejected, false);
                rec.add_rejections(&invoice_rejected, true);
                Some(rec)
            }
            _ => None,
        };
        let year_files = year_files(&books, year, reconciliation.as_ref(), &rejected);
        files.extend(
            year_files
                .into_iter()
                .map(|(name, content)| (sub.join(name), content)),
        );
        years.push(YearOutcome {
            folder: year_folder(out, &books, year),
            reconciliation,
        });
    }
    // Every file of the job, published at once: never new statements beside old ecarts.*.
    folder.publish(&files)?;
    let mut outcome = Outcome {
        books,
        invoices: invoices.map(invoices::Read::outcome),
        years,
        rejected,
        status: ExitStatus::Clean,
    };
    outcome.status = status(&outcome.rejected, outcome.open_problems());
    Ok(outcome)
}

/// Rejections first: figures built on rejected input cannot be called clean.
fn status(rejected: &[Rejection], open_problems: usize) -> ExitStatus {
    if !rejected.is_empty() {
        ExitStatus::RejectedInput
    } else if open_problems > 0 {
        ExitStatus::OpenDiscrepancies
    } else {
        ExitStatus::Clean
    }
}

/// Reads the books and, when the job reconciles, the invoices (on a second thread).
fn read(
    job: &Job,
    exclude: &[PathBuf],
    on_progress: &mut dyn FnMut(Progress),
) -> Result<(Books, Option<invoices::Read>), Error> {
    let (folder, files, skipped) = match &job.inputs {
        Inputs::Paths(paths) => (None, paths.clone(), Vec::new()),
        Inputs::Patterns {
            folder,
            exports,
            chart,
        } => {
            let (mut files, mut skipped) = config::expand(folder, exports, exclude)?;
            if let Some(chart) = chart {
                let (more_files, more) =
                    config::expand(folder, std::slice::from_ref(chart), exclude)?;
                files.extend(more_files);
                skipped.extend(more);
            }
            walk::dedup(&mut skipped);
            (Some(folder.as_path()), files, skipped)
        }
    };
    let (mut books, invoices) = std::thread::scope(|scope| {
        let invoices = job.reconcile.as_ref().map(|reconcile| {
            let folder = folder.unwrap_or(Path::new("."));
            scope.spawn(move || invoices::read(folder, &reconcile.suppliers, exclude))
        });
        let books = import_books_under(&files, folder, exclude, &job.books, on_progress);
        let invoices = invoices.map(|worker| {
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (books, invoices)
    });
    if books.year_error.is_some() {
        return Ok((books, None));
    }
    let invoices = invoices.transpose()?;
    if let Some(folder) = folder {
        let display = |path: &Path| display_relative(path, folder);
        books
            .warnings
            .extend(skipped.iter().map(|s| s.warning(&display)));
        books.warnings.sort();
    }
    Ok((books, invoices))
}

/// Where a job reads: the paths given or, for a configured folder, the folder and the start
/// of every pattern that leads outside it (`/srv/paheko/*.csv`). The output folder must hold
/// none of them. A pattern inside the folder that starts in the output folder
/// (`rapports/*.csv`) finds nothing instead.
fn read_roots(job: &Job) -> Vec<PathBuf> {
    let (folder, exports, chart) = match &job.inputs {
        Inputs::Paths(paths) => return paths.clone(),
        Inputs::Patterns {
            folder,
            exports,
            chart,
        } => (folder, exports, chart),
    };
    let real_folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.clone());
    let invoice_patterns = job
        .reconcile
        .iter()
        .flat_map(|r| &r.suppliers)
        .flat_map(|s| &s.invoices);
    let outside = exports
        .iter()
        .chain(chart)
        .chain(invoice_patterns)
        .map(|pattern| config::pattern_base(folder, pattern))
        .filter(|base| {
            std::fs::canonicalize(base).is_ok_and(|real| !real.starts_with(&real_folder))
        });
    std::iter::once(folder.clone()).chain(outside).collect()
}

/// The files of one year: the compte de résultats, when reconciled the discrepancy reports,
/// and `rapport.html`, the page that gathers them with the job's `rejected` rows.
fn year_files(
    books: &Books,
    year: &FiscalYear,
    reconciliation: Option<&Reconciliation>,
    rejected: &[Rejection],
) -> Vec<(&'static str, Vec<u8>)> {
    let Some(rec) = reconciliation else {
        let statement = financial_report(books, year);
        let mut files = report::render_all(&statement);
        files.push((
            rapport::HTML_FILE,
            rapport::render_html(&statement, None, rejected),
        ));
        return files;
    };
    // The compte de résultats and the discrepancy reports are rendered side by side.
    let (mut files, lines) = std::thread::scope(|scope| {
        let lines = scope.spawn(|| ecarts::lignes_csv(rec));
        let statement = financial_report(books, year);
        let mut files = report::render_all(&statement);
        files.push((
            rapport::HTML_FILE,
            rapport::render_html(&statement, Some(rec), rejected),
        ));
        let lines = lines
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (files, lines)
    });
    files.push(("ecarts.json", ecarts::ecarts_json(rec).into_bytes()));
    files.push(("ecarts.md", ecarts::ecarts_md(rec).into_bytes()));
    files.push(("ecarts.csv", ecarts::ecarts_csv(rec)));
    files.push(("lignes.csv", lines));
    files
}

/// Reads and books every Paheko export under `paths` (files and folders), named as given.
pub fn import_books(
    paths: &[PathBuf],
    options: &BookOptions,
    on_progress: &mut dyn FnMut(Progress),
) -> Books {
    import_books_under(paths, None, &[], options, on_progress)
}

/// Like [`import_books`], naming files relative to `base` when they are under it, and
/// skipping `exclude`d paths (rappro's own outputs) inside folders.
fn import_books_under(
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
    let display = |path: &Path| {
        base.map_or_else(
            || import::display_path(path),
            |base| import::display_relative(path, base),
        )
    };
    let mut read = Vec::with_capacity(files.len());
    for (path, bytes) in files.iter().zip(sizes) {
        let name = display(path);
        on_progress(Progress::FileStart {
            path: Arc::clone(&name),
        });
        crate::reading::set(&name);
        read.push(import::read_books_file_for(
            path,
            name,
            options.fiscal_year.map(|p| (p.start(), p.end())),
        ));
        on_progress(Progress::FileRead { bytes });
    }
    let mut books = book::book(read, options);
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

/// Why figures may be incomplete: rejected rows, unread files.
fn incomplete_reasons(books: &Books) -> Vec<Incomplete> {
    let rejected = books.total().rejected;
    let failed = books.files.iter().filter(|f| f.failed).count();
    let mut reasons = Vec::new();
    if rejected > 0 {
        reasons.push(Incomplete::RejectedRows(rejected));
    }
    if failed > 0 {
        reasons.push(Incomplete::UnreadFiles(failed));
    }
    reasons
}

/// The folder for one year's reports: `out` itself when the batch has one year, else
/// `out/exercice-2024` (or `out/exercice-2023-07-01-2024-06-30` for a year that is not a calendar year).
fn year_folder(out: &Path, books: &Books, year: &FiscalYear) -> PathBuf {
    let sub = year_subfolder(books, year);
    if sub.as_os_str().is_empty() {
        // `join` would add a trailing `/`.
        out.to_path_buf()
    } else {
        out.join(sub)
    }
}

/// [`year_folder`] relative to the output folder (empty for a single year).
fn year_subfolder(books: &Books, year: &FiscalYear) -> PathBuf {
    if books.years.len() <= 1 {
        return PathBuf::new();
    }
    if Period::new(year.start, year.end).is_some_and(Period::is_calendar_year) {
        PathBuf::from(format!("exercice-{}", year.start.year()))
    } else {
        PathBuf::from(format!("exercice-{}-{}", year.start, year.end))
    }
}

/// Writes a commented starting `rappro.toml` in `folder` from what it holds (`rappro init`);
/// refuses to overwrite an existing one. Returns the path written.
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
