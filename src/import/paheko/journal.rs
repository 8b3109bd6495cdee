//! Paheko journal rows → entries of one file, with every row accounted for.
//!
//! Rows arrive one by one from any container (CSV stream, spreadsheet, API JSON) as text
//! records; [`Journal`] interprets them by header (see `paheko_columns`) and groups them into
//! transactions as Paheko does: consecutive rows with the same « Numéro d'écriture »
//! (Complet), rows whose transaction columns are blank continue the previous one (Complet
//! groupé), one row per transaction (Simplifié), rows sharing an EcritureNum anywhere in the
//! file, or per journal, or runs of rows when there is no number (FEC: `fec` decides,
//! `fec_rows` groups). A transaction with any bad row (an account code Paheko refuses, a
//! Complet row whose transaction cells differ from the first row's: `paheko_checks`), or whose
//! debits and credits differ, is rejected whole, each of its rows with a reason. Duplicates
//! across files are `book`'s job.

use std::collections::HashMap;
use std::sync::Arc;

use csv::StringRecord;

use crate::error::{Reason, Rejection, Warning, WarningKind};
use crate::import::month_first::MonthFirst;
use crate::import::paheko::checks::{FirstRow, judge_transaction};
use crate::import::paheko::columns::{Columns, Field, Layout};
use crate::import::total_row::Totals;

use super::interner::Interner;
use crate::model::{Date, Entry, EntryKind, ExportType, Line, Source};

// Children of the journal (they read its private state), kept beside it: the FEC's grouping,
// and the reading of one row's cells.
#[path = "fec_rows.rs"]
mod fec_rows;
#[path = "journal_cells.rs"]
mod journal_cells;

use fec_rows::FecRow;
pub use journal_cells::{parse_amount, parse_date};

/// What one journal file gave: entries and rejected rows.
/// Invariant: `rows == Σ entry.rows + rejected.len()`.
#[derive(Debug)]
pub struct JournalFile {
    /// Data rows read (header excluded, blank rows skipped).
    pub rows: u64,
    /// Balanced entries, in file order.
    pub entries: Vec<Entry>,
    /// One rejection per rejected row.
    pub rejected: Vec<Rejection>,
    /// True when some transaction continued over blank transaction columns (« Complet groupé »).
    pub grouped: bool,
    /// False when the entries' numbers are not Paheko's transaction numbers: an FEC numbered
    /// per journal or not numbered, a Complet without its « Numéro d'écriture » column
    /// (numbered by pièce). `book` then recognises copies by content.
    pub paheko_numbers: bool,
    /// What the treasurer should know about how rows were grouped.
    pub warnings: Vec<Warning>,
}

/// The hasher of our maps: fast on short keys, randomly seeded (no crafted collisions).
type Fast = foldhash::fast::RandomState;

/// A transaction number, as the key of the numbers already met: Paheko's ids are integers,
/// kept without an allocation each; anything else is kept as text.
#[derive(Debug, PartialEq, Eq, Hash)]
enum SeenKey {
    Id(u64),
    Text(Box<str>),
}

impl SeenKey {
    fn of(number: &str) -> SeenKey {
        match crate::model::entry::canonical_id(number) {
            Some(id) => SeenKey::Id(id),
            None => SeenKey::Text(Box::from(number)),
        }
    }
}

/// A transaction being assembled from its rows.
#[derive(Debug)]
struct Pending {
    number: Box<str>,
    header: Result<Header, (u64, Reason)>,
    lines: Vec<Line>,
    /// Row numbers, and each row's own problem.
    rows: Vec<(u64, Option<Reason>)>,
}

#[derive(Debug)]
struct Header {
    kind: Option<EntryKind>,
    status: Box<str>,
    label: Box<str>,
    date: Date,
    notes: Box<str>,
    reference: Box<str>,
    members: Box<str>,
}

/// The interpreter of one journal file's rows.
#[derive(Debug)]
pub struct Journal {
    file: Arc<str>,
    layout: Layout,
    columns: Columns,
    out: JournalFile,
    current: Option<Pending>,
    /// Numbers already closed in this file (Complet), by number.
    seen: HashMap<SeenKey, u64, Fast>,
    /// The rows of an FEC file, grouped at the end (see `fec`).
    fec_rows: Vec<FecRow>,
    /// Numbers found in two places of a Complet file, with where their second place starts.
    split: HashMap<Box<str>, u64, Fast>,
    /// The transaction cells of the open Complet transaction's first row.
    first_row: FirstRow,
    interner: Interner,
    /// Emptied buffers of the last closed transaction, for the next one.
    spare_lines: Vec<Line>,
    spare_rows: Vec<(u64, Option<Reason>)>,
    /// Sums of the amounts read so far, to recognise a total row added under the export.
    totals: Totals,
    /// What the file's `a/b/…` dates show about their order.
    month_first: MonthFirst,
}

impl Journal {
    /// Starts reading a journal whose header was recognised as `layout` (not `Chart`).
    pub fn new(file: Arc<str>, layout: Layout, columns: Columns) -> Journal {
        let paheko_numbers = layout != Layout::Full || columns.has(Field::Id);
        let mut warnings = Vec::new();
        // A Complet, Groupé or Simplifié export always has the column (Paheko writes it even
        // when no project exists): without it, every line would fall « hors projets » with
        // no word. The FEC has no such column by design (its own warning is per year).
        if layout != Layout::Fec && !columns.has(Field::Project) {
            warnings.push(Warning::at(
                Source::file(Arc::clone(&file)),
                WarningKind::NoProjectColumn,
            ));
        }
        Journal {
            file,
            layout,
            columns,
            out: JournalFile {
                rows: 0,
                entries: Vec::new(),
                rejected: Vec::new(),
                grouped: false,
                paheko_numbers,
                warnings,
            },
            current: None,
            seen: HashMap::default(),
            fec_rows: Vec::new(),
            split: HashMap::default(),
            first_row: FirstRow::default(),
            interner: Interner::default(),
            spare_lines: Vec::new(),
            spare_rows: Vec::new(),
            totals: Totals::default(),
            month_first: MonthFirst::default(),
        }
    }

    /// Makes room for the entries of about `rows` rows (a file's size over its rows' length),
    /// so that a large file's entries are not copied each time their vector grows.
    pub fn reserve(&mut self, rows: usize) {
        let entries = match self.layout {
            Layout::Simple => rows,
            // Every other layout has at least two rows a transaction.
            Layout::Full | Layout::Fec | Layout::Chart => rows / 2,
        };
        // Only a hint: without room, the vector grows as usual.
        let _ = self.out.entries.try_reserve(entries);
    }

    /// The export type this file is, as far as its rows tell so far.
    pub fn export_type(&self) -> ExportType {
        match self.layout {
            Layout::Simple => ExportType::Simple,
            Layout::Fec => ExportType::Fec,
            Layout::Full | Layout::Chart if self.out.grouped => ExportType::Grouped,
            Layout::Full | Layout::Chart => ExportType::Full,
        }
    }

    /// A row that could not be read at all (the CSV itself is broken there): it stands alone.
    pub fn push_unreadable(&mut self, line: u64, reason: Reason) {
        self.totals.lose();
        self.out.rows += 1;
        self.out
            .rejected
            .push(Rejection::new(self.source(line), reason));
    }

    /// A row that could not be read whole (bad encoding, wrong column count): it is rejected
    /// with `reason`, and so is the transaction it belongs to, found by the number the row
    /// still shows (`entry_incomplete` for its other rows, rather than `unbalanced`).
    pub fn push_spoiled(&mut self, line: u64, record: &StringRecord, reason: Reason) {
        self.totals.lose();
        self.see_date(line, record);
        self.out.rows += 1;
        match self.layout {
            Layout::Simple => self.push_simple(line, record, Some(reason)),
            Layout::Fec => self.push_fec(line, record, Some(reason)),
            Layout::Full | Layout::Chart => self.push_full(line, record, Some(reason)),
        }
    }

    /// Interprets one data row.
    pub fn push(&mut self, line: u64, record: &StringRecord) {
        if let Some([debit, credit]) = self.totals.total(self.layout, &self.columns, record) {
            self.out.warnings.push(Warning::at(
                self.source(line),
                WarningKind::TotalRow {
                    debit,
                    credit,
                    simple: self.layout == Layout::Simple,
                },
            ));
            return;
        }
        self.see_date(line, record);
        self.out.rows += 1;
        match self.layout {
            Layout::Simple => self.push_simple(line, record, None),
            Layout::Fec => self.push_fec(line, record, None),
            Layout::Full | Layout::Chart => self.push_full(line, record, None),
        }
    }

    /// Notes the row's date cell (see [`MonthFirst`]).
    fn see_date(&mut self, line: u64, record: &StringRecord) {
        let column = self
            .columns
            .get(Field::Date)
            .or_else(|| self.columns.get(Field::EntryDate));
        if let Some(text) = column.and_then(|idx| record.get(idx)) {
            self.month_first.see(line, text);
        }
    }

    /// Ends the file: closes the open transaction and returns everything.
    pub fn finish(mut self) -> JournalFile {
        if let Some(kind) = self.month_first.warning() {
            self.out
                .warnings
                .push(Warning::at(Source::file(Arc::clone(&self.file)), kind));
        }
        if let Some(pending) = self.current.take() {
            self.close(pending);
        }
        if !self.fec_rows.is_empty() {
            self.finish_fec();
        }
        if !self.split.is_empty() {
            self.reject_first_places();
        }
        self.out
    }

    /// A transaction found in two places is rejected whole: its first place too, which was
    /// closed (kept, or rejected as unbalanced) before the second place was seen.
    fn reject_first_places(&mut self) {
        let split = std::mem::take(&mut self.split);
        let reason = |number: &str, other_line: u64| Reason::SplitEntry {
            number: number.to_owned(),
            other_line,
        };
        for entry in std::mem::take(&mut self.out.entries) {
            let Some(other_line) = split.get(&*entry.number) else {
                self.out.entries.push(entry);
                continue;
            };
            let mut lines: Vec<u64> = entry.lines.iter().map(|l| l.line).collect();
            lines.dedup();
            for line in lines {
                self.out.rejected.push(Rejection::new(
                    self.source(line),
                    reason(&entry.number, *other_line),
                ));
            }
        }
        for rejection in &mut self.out.rejected {
            let (Reason::Unbalanced { number, .. } | Reason::TooFewLines(number)) =
                &rejection.reason
            else {
                continue;
            };
            if let Some(other_line) = split.get(number.as_str())
                && rejection.source.line < *other_line
            {
                rejection.reason = reason(number, *other_line);
            }
        }
        self.out.rejected.sort_by_key(|r| r.source.line);
    }

    fn source(&self, line: u64) -> Source {
        Source::new(Arc::clone(&self.file), line)
    }

    fn push_full(&mut self, line: u64, record: &StringRecord, spoiled: Option<Reason>) {
        let c = &self.columns;
        let number = c.cell(record, Field::Id);
        let continuation = [
            Field::Id,
            Field::Type,
            Field::Status,
            Field::Label,
            Field::Date,
            Field::Notes,
            Field::Reference,
        ]
        .iter()
        .all(|f| c.cell(record, *f).is_empty());
        let key = if c.has(Field::Id) {
            number
        } else {
            c.cell(record, Field::Reference)
        };
        let same = !continuation
            && self
                .current
                .as_ref()
                .is_some_and(|p| &*p.number == key && !key.is_empty());
        if continuation {
            if self.current.is_none() {
                self.out.rejected.push(Rejection::new(
                    self.source(line),
                    spoiled.unwrap_or(Reason::OrphanContinuation),
                ));
                return;
            }
            self.out.grouped = true;
        } else if !same {
            if let Some(pending) = self.current.take() {
                self.close(pending);
            }
            let header = match &spoiled {
                Some(reason) => Err((line, reason.clone())),
                None => self.header(line, record),
            };
            let mut pending = Pending {
                number: Box::from(key),
                header,
                lines: std::mem::take(&mut self.spare_lines),
                rows: std::mem::take(&mut self.spare_rows),
            };
            if !key.is_empty() {
                let seen_key = SeenKey::of(key);
                if let Some(first) = self.seen.get(&seen_key) {
                    pending.header = Err((
                        line,
                        Reason::SplitEntry {
                            number: key.to_owned(),
                            other_line: *first,
                        },
                    ));
                    self.split.entry(Box::from(key)).or_insert(line);
                } else {
                    self.seen.insert(seen_key, line);
                }
            }
            self.first_row
                .keep(&self.columns, record, line, spoiled.is_none());
            self.current = Some(pending);
        }
        let disagreement = match (&spoiled, same) {
            (None, true) => self
                .first_row
                .disagreement(&self.columns, record, line, key),
            _ => None,
        };
        let parsed = match (spoiled, disagreement) {
            (Some(reason), _) | (None, Some(reason)) => Err(reason),
            (None, None) => self.line(line, record, Field::Account),
        };
        if let Some(pending) = self.current.as_mut() {
            add_line(pending, line, parsed);
        }
    }

    fn push_simple(&mut self, line: u64, record: &StringRecord, spoiled: Option<Reason>) {
        let number = self.columns.cell(record, Field::Id);
        if let Some(reason) = spoiled {
            self.out
                .rejected
                .push(Rejection::new(self.source(line), reason));
            return;
        }
        let header = self.header(line, record);
        let mut pending = Pending {
            number: Box::from(number),
            header,
            lines: std::mem::take(&mut self.spare_lines),
            rows: std::mem::take(&mut self.spare_rows),
        };
        let lines = self.simple_lines(line, record);
        match lines {
            Ok([debit, credit]) => {
                pending.rows.push((line, None));
                pending.lines.push(debit);
                pending.lines.push(credit);
            }
            Err(reason) => pending.rows.push((line, Some(reason))),
        }
        self.close(pending);
    }

    /// Checks a finished transaction and files it as an entry or as rejected rows.
    fn close(&mut self, pending: Pending) {
        let Pending {
            number,
            header,
            lines,
            rows,
        } = pending;
        let (header, rows) = match judge_transaction(&number, header, &lines, rows) {
            Ok(accepted) => accepted,
            Err(rejected) => {
                for (line, reason) in rejected {
                    self.out
                        .rejected
                        .push(Rejection::new(self.source(line), reason));
                }
                return;
            }
        };
        let first_line = rows.first().map_or(0, |(line, _)| *line);
        let row_count = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        let export = self.export_type();
        // The entry keeps its lines at their exact size; the growing buffers serve again.
        let mut lines = lines;
        let mut exact: Vec<Line> = Vec::with_capacity(lines.len());
        exact.append(&mut lines);
        self.spare_lines = lines;
        let mut rows = rows;
        rows.clear();
        self.spare_rows = rows;
        self.out.entries.push(Entry {
            number,
            kind: header.kind,
            status: header.status,
            label: header.label,
            date: header.date,
            notes: header.notes,
            reference: header.reference,
            members: header.members,
            lines: exact,
            export,
            source: self.source(first_line),
            rows: row_count,
        });
    }
}

fn add_line(pending: &mut Pending, line: u64, parsed: Result<Line, Reason>) {
    match parsed {
        Ok(parsed) => {
            pending.lines.push(parsed);
            pending.rows.push((line, None));
        }
        Err(reason) => pending.rows.push((line, Some(reason))),
    }
}

#[cfg(test)]
#[path = "journal_tests.rs"]
pub(super) mod tests;
