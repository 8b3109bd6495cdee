//! What a warning is about, as typed data with a stable code (like [`super::Reason`]). The
//! French sentences are in `report::fr_warnings`; `docs/ERRORS.md` lists every code.

use std::path::PathBuf;
use std::sync::Arc;

use crate::import::not_exports::NotExport;
use crate::import::text::Encoding;
use crate::model::{Date, Money, Source};

/// The kinds of warning. A new variant needs its `code()`, its French sentence in
/// `report/fr_warnings.rs`, a row in docs/ERRORS.md and an entry in tests/it/errors.rs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WarningKind {
    /// A text file decoded from another encoding than UTF-8.
    NotUtf8 {
        /// The encoding found.
        encoding: Encoding,
        /// True for a supplier's invoice file (false: a Paheko export).
        invoices: bool,
    },
    /// Lines ending with a lone CR (Mac OS 9).
    MacLineEndings {
        /// True for a supplier's invoice file (false: a Paheko export).
        invoices: bool,
    },
    /// A file given as books that is something else, skipped.
    NotAnExport(NotExport),
    /// Only a « Simplifié » export covers the year.
    SimpleExportOnly,
    /// Only a FEC export covers the year: no projects.
    FecNoProjects,
    /// An inferred fiscal year left dated entries outside.
    YearInferred {
        /// What decided the year.
        evidence: YearEvidence,
        /// Entries outside it (rejected).
        outside: usize,
    },
    /// An inferred fiscal year longer than twelve months, kept whole.
    LongYear {
        /// Its length in months.
        months: i32,
    },
    /// A file name gives a year that most of its entries fall outside of.
    YearNameIgnored {
        /// The year the name gives.
        start: Date,
        /// Its last day.
        end: Date,
        /// Entries outside it.
        outside: usize,
        /// Entries of the file.
        total: usize,
    },
    /// FEC numbers restart in each journal.
    FecNumberedPerJournal(Option<FecExample>),
    /// FEC without usable numbers (`number` is the one value found, possibly empty).
    FecWithoutNumbers {
        /// The number every row has, empty when none.
        number: String,
    },
    /// Entries without a common Paheko number found identical in other files, counted once.
    DuplicatesByContent {
        /// How many entries.
        count: u64,
        /// The files they were kept in (the first two).
        kept_in: Vec<Arc<str>>,
        /// How many more files.
        more: usize,
    },
    /// Account codes that differ only by case.
    AccountCase {
        /// The codes, sorted.
        accounts: Vec<String>,
    },
    /// Projects whose names print alike (case, accents, invisible characters).
    ProjectLookalike {
        /// The names as shown (invisible characters written `<U+…>`).
        projects: Vec<String>,
    },
    /// A path reached under another name, skipped.
    AlreadyVisited {
        /// The name it was visited under first (`.` for the folder a walk started from).
        first: Arc<str>,
        /// True for a folder.
        folder: bool,
        /// True if the path skipped is a link.
        link: bool,
    },
    /// Files in the output folder that are not read although it is inside a folder read.
    OutputNotRead {
        /// The output folder.
        folder: PathBuf,
        /// How many files.
        count: usize,
        /// The first three names.
        names: Vec<String>,
    },
    /// Temporary files of an interrupted run removed.
    InterruptedRun {
        /// The output folder.
        folder: PathBuf,
        /// Files removed.
        removed: usize,
    },
    /// An interrupted publication finished.
    InterruptedPublication {
        /// The output folder.
        folder: PathBuf,
        /// Reports put in place.
        placed: usize,
    },
    /// An invoice whose lines do not add up to its total before tax.
    InvoiceLinesMismatch {
        /// True for a credit note.
        credit_note: bool,
        /// The invoice number.
        number: String,
        /// The sum of the lines.
        sum: Money,
        /// The total before tax.
        total_ht: Money,
    },
    /// Days of the year that only a « Simplifié » export covers.
    SimpleExportPart {
        /// The periods (first and last day; one day when equal), at most a few.
        periods: Vec<(Date, Date)>,
        /// True when there are more than `periods`.
        more: bool,
    },
    /// Per-project figures that may be short: entries only a FEC or a Simplifié gave.
    IncompleteProjects {
        /// Entries kept from a FEC only (no projects).
        from_fec: usize,
        /// Entries kept from a Simplifié only with a credit line without a project.
        from_simple: usize,
    },
    /// A FEC's padded account codes read as the other exports' short codes.
    FecShortAccount {
        /// (the FEC's code, the code it is read as).
        renamed: Vec<(Arc<str>, Arc<str>)>,
    },
    /// Transactions of a backup with « Membres associés », which are not read.
    BackupMembersUnread {
        /// How many.
        entries: u64,
    },
    /// A Complet, Groupé or Simplifié export without its « Projet analytique » column.
    NoProjectColumn,
    /// A total row added under an export, left out.
    TotalRow {
        /// Its debit (the amount, for a Simplifié).
        debit: Money,
        /// Its credit.
        credit: Money,
        /// True for a Simplifié (one amount).
        simple: bool,
    },
    /// Dates written month first (a US-English re-save).
    MonthFirstDates {
        /// The first impossible day-first date's line.
        line: u64,
        /// Its text.
        text: String,
    },
}

/// What decided an inferred fiscal year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum YearEvidence {
    /// A file name.
    Name {
        /// The file.
        file: Arc<str>,
        /// What in its name.
        clue: NameClue,
    },
    /// A Paheko backup, which states its year.
    Backup {
        /// The backup file.
        file: Arc<str>,
        /// The year's label in Paheko.
        label: Arc<str>,
    },
    /// An opening-balance transaction.
    Opening {
        /// Where it is.
        source: Source,
        /// Its date.
        date: Date,
    },
    /// The dates' distribution.
    Dates,
}

/// What in a file name gives the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameClue {
    /// « Exercice 2024 ».
    Year(u16),
    /// A FEC's closing date.
    FecClosing(Date),
}

/// Two FEC rows showing how numbers are reused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FecExample {
    /// The number.
    pub number: String,
    /// The first row's journal.
    pub journal: String,
    /// The second row's journal.
    pub other_journal: String,
    /// The first row's date, as written.
    pub date: String,
    /// The second row's date, as written.
    pub other_date: String,
}

impl WarningKind {
    /// Every code, in documentation order.
    pub const CODES: [&'static str; 25] = [
        "not_utf8",
        "mac_line_endings",
        "not_an_export",
        "simple_export_only",
        "fec_no_projects",
        "year_inferred",
        "long_year",
        "year_name_ignored",
        "fec_numbered_per_journal",
        "fec_without_numbers",
        "duplicates_by_content",
        "account_case",
        "project_lookalike",
        "already_visited",
        "output_not_read",
        "interrupted_run",
        "interrupted_publication",
        "invoice_lines_mismatch",
        "simple_export_part",
        "incomplete_projects",
        "fec_short_account",
        "backup_members_unread",
        "no_project_column",
        "total_row",
        "month_first_dates",
    ];

    /// A stable English identifier.
    pub fn code(&self) -> &'static str {
        match self {
            WarningKind::NotUtf8 { .. } => "not_utf8",
            WarningKind::MacLineEndings { .. } => "mac_line_endings",
            WarningKind::NotAnExport(_) => "not_an_export",
            WarningKind::SimpleExportOnly => "simple_export_only",
            WarningKind::FecNoProjects => "fec_no_projects",
            WarningKind::YearInferred { .. } => "year_inferred",
            WarningKind::LongYear { .. } => "long_year",
            WarningKind::YearNameIgnored { .. } => "year_name_ignored",
            WarningKind::FecNumberedPerJournal(_) => "fec_numbered_per_journal",
            WarningKind::FecWithoutNumbers { .. } => "fec_without_numbers",
            WarningKind::DuplicatesByContent { .. } => "duplicates_by_content",
            WarningKind::AccountCase { .. } => "account_case",
            WarningKind::ProjectLookalike { .. } => "project_lookalike",
            WarningKind::AlreadyVisited { .. } => "already_visited",
            WarningKind::OutputNotRead { .. } => "output_not_read",
            WarningKind::InterruptedRun { .. } => "interrupted_run",
            WarningKind::InterruptedPublication { .. } => "interrupted_publication",
            WarningKind::InvoiceLinesMismatch { .. } => "invoice_lines_mismatch",
            WarningKind::SimpleExportPart { .. } => "simple_export_part",
            WarningKind::IncompleteProjects { .. } => "incomplete_projects",
            WarningKind::FecShortAccount { .. } => "fec_short_account",
            WarningKind::BackupMembersUnread { .. } => "backup_members_unread",
            WarningKind::NoProjectColumn => "no_project_column",
            WarningKind::TotalRow { .. } => "total_row",
            WarningKind::MonthFirstDates { .. } => "month_first_dates",
        }
    }
}
