//! Fiscal years: which year each kept entry belongs to.
//!
//! A year fixed by the configuration wins. Otherwise it is inferred from the strongest
//! evidence, in this order (see docs/FORMATS.md §2):
//! 1. the export's file name: Paheko's default label « Exercice 2024 » (a year inside
//!    calendar 2024), or a FEC file name `<SIREN>FEC<AAAAMMJJ>.txt` (the closing date);
//! 2. an opening-balance transaction (« Balance d'ouverture », « à nouveau », account 890),
//!    which Paheko dates on the year's first day;
//! 3. the dates' distribution: the densest 12-month window, a whole year of 13 to 18 months
//!    when the dates fill it (a long first year), 12-month windows beyond.
//!
//! Weak evidence says which evidence decided in a warning when it changed something
//! (dates left outside, a long year); well-formed books stay quiet.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{FileCounts, FiscalYear, reject_entry, sort_entries};
use crate::error::{NameClue, Reason, Rejection, Warning, WarningKind, YearEvidence};
use crate::import::BooksFile;
use crate::model::{AccountClass, Date, Entry, ExportType, Source, classify};

/// A month as a count of months since year 0, so that windows are integer ranges.
type Month = i32;

fn month_of(date: Date) -> Month {
    i32::from(date.year()) * 12 + i32::from(date.month()) - 1
}

fn first_day(month: Month) -> Option<Date> {
    let year = u16::try_from(month.div_euclid(12)).ok()?;
    let month = u8::try_from(month.rem_euclid(12) + 1).ok()?;
    Date::new(year, month, 1)
}

/// The month's last day; the last day dates can have (31/12/2100) for a month past it.
fn last_day(month: Month) -> Option<Date> {
    match first_day(month + 1) {
        Some(next) => next.add_days(-1),
        None if month >= month_of(Date::new(2100, 12, 1)?) => Date::new(2100, 12, 31),
        None => None,
    }
}

/// Months from `start` to `end`, both counted.
fn months_long(start: Date, end: Date) -> i32 {
    month_of(end) - month_of(start) + 1
}

/// What decided a year.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Basis {
    /// rappro.toml's [exercice] or --exercice.
    Config,
    /// A file name: the file and what in its name (« Exercice 2024 »).
    Name { file: Arc<str>, clue: NameClue },
    /// A Paheko backup, which states its year (`acc_years`): the file and the year's label.
    Backup { file: Arc<str>, label: Arc<str> },
    /// An opening-balance transaction.
    Opening { source: Source, date: Date },
    /// The dates' distribution.
    Dates,
}

/// A fiscal year's bounds and what decided them.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Window {
    start: Date,
    end: Date,
    basis: Basis,
}

impl Window {
    fn holds(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }

    fn overlaps(&self, other: &Window) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

/// Years given by file names, read before de-duplication (each checked against its own file).
#[derive(Debug, Default)]
pub(super) struct NameHints {
    windows: Vec<Window>,
    /// Files whose name gave a year, with that year: their entries belong to it or are
    /// rejected, and never open another year.
    files: Vec<(Arc<str>, Date, Date)>,
    warnings: Vec<Warning>,
    /// Two files whose names give overlapping, different years.
    error: Option<String>,
}

/// The fiscal years of a batch.
pub(super) struct Assigned {
    pub(super) years: Vec<FiscalYear>,
    pub(super) warnings: Vec<Warning>,
    pub(super) error: Option<String>,
}

/// The file name of a displayed path, without its extension and a browser's « (1) ».
fn stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let name = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric()) => {
            stem
        }
        _ => name,
    };
    let trimmed = name.trim_end();
    if let Some(inner) = trimmed.strip_suffix(')')
        && let Some((before, number)) = inner.rsplit_once('(')
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
    {
        return before.trim_end();
    }
    trimmed
}

/// The calendar year of Paheko's default label « Exercice 2024 » in an export's file name
/// (`<association> - Export comptable - <type> - Exercice 2024.<ext>`, the download turning
/// the dashes into spaces). Paheko names a year « Exercice 2024 » when it starts and ends in
/// 2024. Any other label (« Exercice 2023-24 », a label of the user's) gives nothing.
pub(crate) fn label_year(path: &str) -> Option<u16> {
    let stem = stem(path);
    let (_, rest) = stem.split_once("Export comptable")?;
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [_kind, "Exercice", year]
            if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) =>
        {
            let year: u16 = year.parse().ok()?;
            Date::new(year, 1, 1).map(|_| year)
        }
        _ => None,
    }
}

/// The closing date of a FEC file name `<SIREN>FEC<AAAAMMJJ>` (Paheko writes `ASSO` for the
/// SIREN), when it is a month's last day.
pub(crate) fn fec_closing_date(path: &str) -> Option<Date> {
    let stem = stem(path);
    let digits = stem.get(stem.len().checked_sub(8)?..)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !stem[..stem.len() - 8].ends_with("FEC") {
        return None;
    }
    let date = Date::parse(digits)?;
    (date.add_days(1)?.day() == 1).then_some(date)
}

/// Whether `outside` dates of `total` are few enough to be slips rather than another year.
fn few(outside: usize, total: usize) -> bool {
    outside <= (total / 100).max(1) && outside * 10 < total
}

/// Reads the years that file names give, and checks each against its own file's dates:
/// a name that many of its file's dates contradict is a label of the user's, ignored.
pub(super) fn name_hints(files: &[BooksFile]) -> NameHints {
    let mut hints = NameHints::default();
    for file in files.iter().filter(|f| !f.entries.is_empty()) {
        let dates: Vec<Date> = file.entries.iter().map(|e| e.date).collect();
        let window = if let Some((start, end, label)) = &file.year {
            Window {
                start: *start,
                end: *end,
                basis: Basis::Backup {
                    file: Arc::clone(&file.path),
                    label: Arc::clone(label),
                },
            }
        } else if let Some(year) = label_year(&file.path) {
            let (Some(start), Some(end)) = (Date::new(year, 1, 1), Date::new(year, 12, 31)) else {
                continue;
            };
            Window {
                start,
                end,
                basis: Basis::Name {
                    file: Arc::clone(&file.path),
                    clue: NameClue::Year(year),
                },
            }
        } else if let Some(end) = fec_closing_date(&file.path) {
            let Some(start) = fec_start(end, &dates) else {
                continue;
            };
            Window {
                start,
                end,
                basis: Basis::Name {
                    file: Arc::clone(&file.path),
                    clue: NameClue::FecClosing(end),
                },
            }
        } else {
            continue;
        };
        let outside = dates.iter().filter(|d| !window.holds(**d)).count();
        // More than a tenth outside (and more than one): a label of the user's, or a renamed
        // file, not the slips of a year whose dates Paheko keeps inside it.
        if outside > (dates.len() / 10).max(1) {
            hints.warnings.push(Warning::at(
                Source::file(Arc::clone(&file.path)),
                WarningKind::YearNameIgnored {
                    start: window.start,
                    end: window.end,
                    outside,
                    total: dates.len(),
                },
            ));
            continue;
        }
        hints
            .files
            .push((Arc::clone(&file.path), window.start, window.end));
        hints.windows.push(window);
    }
    hints.windows.sort_by_key(|w| (w.start, w.end));
    hints
        .windows
        .dedup_by(|b, a| (a.start, a.end) == (b.start, b.end));
    let conflict = hints
        .windows
        .windows(2)
        .find(|pair| pair[0].overlaps(&pair[1]))
        .map(|pair| (pair[0].clone(), pair[1].clone()));
    if let Some((a, b)) = conflict {
        let name = |w: &Window| match &w.basis {
            Basis::Name { file, .. } | Basis::Backup { file, .. } => {
                crate::model::one_line(file, usize::MAX).into_owned()
            }
            _ => String::new(),
        };
        hints.error = Some(format!(
            "les noms des exports ne s'accordent pas sur l'exercice : {} indique du {} au {}, {} du {} au {} ; retirez l'export qui n'est pas de l'exercice voulu",
            name(&a),
            a.start.to_french(),
            a.end.to_french(),
            name(&b),
            b.start.to_french(),
            b.end.to_french()
        ));
        hints.windows.clear();
        hints.files.clear();
    }
    hints
}

/// The first day of the year a FEC closing on `end` covers: twelve months, or up to
/// eighteen when the file's dates fill the months before (a long first year).
fn fec_start(end: Date, dates: &[Date]) -> Option<Date> {
    let end_month = month_of(end);
    let start = first_day(end_month - 11)?;
    let earlier = dates.iter().filter(|d| **d < start).count();
    let earliest = dates.iter().min()?;
    if earlier > 0 && !few(earlier, dates.len()) && month_of(*earliest) > end_month - 18 {
        return first_day(month_of(*earliest));
    }
    Some(start)
}

/// An opening-balance transaction: only balance-sheet accounts, and a label or an account
/// that says so (« Balance d'ouverture », « À nouveaux », 890). « Report à nouveau » alone
/// is not enough: it also names the appropriation of a result, dated at the general meeting.
fn is_opening(entry: &Entry) -> bool {
    let balance_sheet = entry.lines.iter().all(|l| {
        matches!(
            classify(&l.account),
            AccountClass::Cash | AccountClass::Other
        )
    });
    if !balance_sheet || entry.lines.is_empty() {
        return false;
    }
    let label = entry.label.to_lowercase().replace(['à', 'â'], "a");
    let label = label.replace(['-', '’'], " ").replace('\'', " ");
    let said = label.contains("ouverture") || label.contains("a nouveaux");
    said || entry.lines.iter().any(|l| l.account.starts_with("890"))
}

/// The first day of the year an opening balance opens: its date when it is a month's first
/// day, the next day when it is a month's last (dated at the previous closing).
fn opening_start(date: Date) -> Option<Date> {
    if date.day() == 1 {
        return Some(date);
    }
    let next = date.add_days(1)?;
    (next.day() == 1).then_some(next)
}

/// Windows from the dates' distribution, over months with their entry counts (sorted).
fn by_distribution(months: &[(Month, usize)], out: &mut Vec<Window>) {
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return;
    };
    let (m0, ml) = (first.0, last.0);
    let total: usize = months.iter().map(|m| m.1).sum();
    let window = |start: Month, end: Month| {
        Some(Window {
            start: first_day(start)?,
            end: last_day(end)?,
            basis: Basis::Dates,
        })
    };
    if ml - m0 < 12 {
        out.extend(window(m0, m0 + 11));
        return;
    }
    let count_in = |s: Month| -> usize {
        months
            .iter()
            .filter(|m| s <= m.0 && m.0 < s + 12)
            .map(|m| m.1)
            .sum()
    };
    // The densest window, the earliest among equals.
    let mut best = (m0, count_in(m0));
    for s in m0 + 1..=m0 + 11 {
        let count = count_in(s);
        if count > best.1 {
            best = (s, count);
        }
    }
    let s = best.0;
    let before: Vec<(Month, usize)> = months.iter().copied().filter(|m| m.0 < s).collect();
    let after: Vec<(Month, usize)> = months.iter().copied().filter(|m| m.0 >= s + 12).collect();
    let outside = total - best.1;
    // A long first year starts when the association does, in the middle of a calendar
    // year: dates from a January on beyond the next December are a calendar year and the
    // start of the next one (the usual export of two years), never one long year.
    if ml - m0 < 18 && m0.rem_euclid(12) != 0 && !few(outside, total) {
        // 13 to 18 months of dates and nothing showing two years: one long (first) year.
        out.extend(window(m0, ml));
        return;
    }
    let before_count: usize = before.iter().map(|m| m.1).sum();
    if !before.is_empty() && !few(before_count, total) {
        let mut earlier = Vec::new();
        by_distribution(&before, &mut earlier);
        if let Some(limit) = first_day(s).and_then(|d| d.add_days(-1)) {
            out.extend(earlier.into_iter().filter_map(|mut w| {
                w.end = w.end.min(limit);
                (w.start <= w.end).then_some(w)
            }));
        }
    }
    // Few dates before the densest window are slips (a mistyped date): left outside.
    out.extend(window(s, s + 11));
    by_distribution(&after, out);
}

/// Cuts `window` so that it overlaps none of `fixed`; `None` when nothing is left.
fn clip(mut window: Window, fixed: &[Window]) -> Option<Window> {
    for other in fixed {
        if !window.overlaps(other) {
            continue;
        }
        if window.start < other.start {
            window.end = other.start.add_days(-1)?;
        } else {
            window.start = other.end.add_days(1)?;
        }
        if window.start > window.end {
            return None;
        }
    }
    Some(window)
}

/// Years from the evidence inside the entries (`total` in the batch): opening balances,
/// then the distribution.
fn infer_from_entries(
    dates_and_openings: &[(Date, Option<Source>)],
    fixed: &[Window],
    total: usize,
) -> Vec<Window> {
    let mut openings: Vec<(Date, Source, Date)> = dates_and_openings
        .iter()
        .filter_map(|(date, source)| Some((opening_start(*date)?, source.clone()?, *date)))
        .collect();
    openings.sort();
    openings.dedup_by(|b, a| a.0 == b.0);
    let mut windows: Vec<Window> = Vec::new();
    let mut accepted: Vec<(Date, Source, Date)> = Vec::new();
    for opening in openings {
        let far_enough = accepted
            .last()
            .is_none_or(|prev| month_of(opening.0) - month_of(prev.0) >= 12);
        if far_enough {
            accepted.push(opening);
        }
    }
    for (idx, (start, source, date)) in accepted.iter().enumerate() {
        // Twelve months, or up to the next opening balance. Never longer: a year that has an
        // opening balance follows another, and the dates after it are the next year's.
        let next = accepted.get(idx + 1).and_then(|n| n.0.add_days(-1));
        let Some(mut end) = last_day(month_of(*start) + 11) else {
            continue;
        };
        if let Some(next) = next {
            end = end.min(next);
        }
        let window = Window {
            start: *start,
            end,
            basis: Basis::Opening {
                source: source.clone(),
                date: *date,
            },
        };
        windows.extend(clip(window, fixed));
    }
    // An opening balance dated the day before its year is a slip, not another year.
    let openers: Vec<&Source> = accepted.iter().map(|a| &a.1).collect();
    let mut months: BTreeMap<Month, usize> = BTreeMap::new();
    for (date, source) in dates_and_openings {
        let opener = source.as_ref().is_some_and(|s| openers.contains(&s));
        if !opener && !windows.iter().chain(fixed).any(|w| w.holds(*date)) {
            *months.entry(month_of(*date)).or_default() += 1;
        }
    }
    // A few dates before the earliest year that stronger evidence gave are slips too (as
    // before the densest window below); later ones open the next years.
    let earliest = windows.iter().chain(fixed).map(|w| month_of(w.start)).min();
    if let Some(earliest) = earliest {
        let before: usize = months.range(..earliest).map(|(_, n)| n).sum();
        if before > 0 && few(before, total) {
            months.retain(|month, _| *month >= earliest);
        }
    }
    let months: Vec<(Month, usize)> = months.into_iter().collect();
    let mut by_dates = Vec::new();
    by_distribution(&months, &mut by_dates);
    let taken: Vec<Window> = windows.iter().chain(fixed).cloned().collect();
    windows.extend(by_dates.into_iter().filter_map(|w| clip(w, &taken)));
    windows
}

/// The year windows: the configured one, or the inferred ones (sorted, never overlapping).
fn windows(entries: &[Entry], fiscal_year: Option<(Date, Date)>, hints: &NameHints) -> Vec<Window> {
    if let Some((start, end)) = fiscal_year {
        return vec![Window {
            start,
            end,
            basis: Basis::Config,
        }];
    }
    let named: std::collections::HashSet<&str> = hints.files.iter().map(|f| &*f.0).collect();
    let rest: Vec<(Date, Option<Source>)> = entries
        .iter()
        .filter(|e| {
            !named.contains(&*e.source.file) && !hints.windows.iter().any(|w| w.holds(e.date))
        })
        .map(|e| (e.date, is_opening(e).then(|| e.source.clone())))
        .collect();
    let mut all = hints.windows.clone();
    all.extend(infer_from_entries(&rest, &hints.windows, entries.len()));
    all.sort_by_key(|w| (w.start, w.end));
    all
}

/// The year some entries must fall in: a named file's, and an opening balance's own.
struct Homes {
    files: std::collections::HashMap<Arc<str>, usize, Fast>,
    openings: std::collections::HashMap<Source, usize, Fast>,
}

/// Looked up once per entry: foldhash, not SipHash (the keys are our own file names).
type Fast = foldhash::fast::RandomState;

impl Homes {
    /// The index of the window `entry` must fall in, if bound to one.
    fn of(&self, entry: &Entry) -> Option<usize> {
        // Most batches bind nothing: no hashing of each entry's path then.
        if self.openings.is_empty() && self.files.is_empty() {
            return None;
        }
        let opening = (!self.openings.is_empty())
            .then(|| self.openings.get(&entry.source))
            .flatten();
        opening
            .or_else(|| self.files.get(&*entry.source.file))
            .copied()
    }

    /// Whether `entry` falls in its own year, or in any year when it has none.
    fn fits(&self, entry: &Entry, windows: &[Window]) -> bool {
        match self.of(entry) {
            Some(idx) => windows[idx].holds(entry.date),
            None => windows.iter().any(|w| w.holds(entry.date)),
        }
    }
}

fn homes(windows: &[Window], hints: &NameHints) -> Homes {
    let index = |start: Date, end: Date| {
        windows
            .iter()
            .position(|w| w.start == start && w.end == end)
    };
    Homes {
        files: hints
            .files
            .iter()
            .filter_map(|(file, start, end)| Some((Arc::clone(file), index(*start, *end)?)))
            .collect(),
        openings: windows
            .iter()
            .enumerate()
            .filter_map(|(idx, w)| match &w.basis {
                Basis::Opening { source, .. } => Some((source.clone(), idx)),
                _ => None,
            })
            .collect(),
    }
}

/// The window nearest to `date` (for the message of a date outside every year).
fn nearest(windows: &[Window], date: Date) -> Option<usize> {
    windows
        .iter()
        .enumerate()
        .min_by_key(|(_, w)| {
            if date < w.start {
                w.start.days() - date.days()
            } else {
                date.days() - w.end.days()
            }
        })
        .map(|(idx, _)| idx)
}

/// Splits kept entries into fiscal years, fixed or inferred; dates outside every year are
/// rejected row by row, unless no entry falls in the configured year: then one error says so.
pub(super) fn assign_years(
    mut entries: Vec<Entry>,
    fiscal_year: Option<(Date, Date)>,
    hints: NameHints,
    files: &[BooksFile],
    counts: &mut [FileCounts],
    rejected: &mut Vec<Rejection>,
) -> Assigned {
    // A configured year makes the names' evidence moot, their disagreements included.
    let hints = if fiscal_year.is_some() {
        NameHints::default()
    } else {
        hints
    };
    let windows = windows(&entries, fiscal_year, &hints);
    let home = homes(&windows, &hints);
    let mut warnings = hints.warnings;
    let mut error = hints.error;
    let file_index: std::collections::HashMap<&str, usize, Fast> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (&*f.path, i))
        .collect();
    let in_a_year = |date: Date| windows.iter().any(|w| w.holds(date));
    let mut outside_per_window = vec![0usize; windows.len()];
    // Only when every row was booked: a rejected row may have been dated in the year.
    let all_booked = rejected.is_empty();
    if let (Some((start, end)), false, true) = (
        fiscal_year,
        entries.iter().any(|e| in_a_year(e.date)),
        all_booked,
    ) && let (Some(first), Some(last)) = (
        entries.iter().map(|e| e.date).min(),
        entries.iter().map(|e| e.date).max(),
    ) {
        // Not one entry in the configured year: one line says it, not one per row. The rows
        // are counted as rejected (read = accepted + duplicates + rejected stays true) and
        // the command stops on `error` before writing any report.
        for entry in &entries {
            if let Some(idx) = file_index.get(&*entry.source.file) {
                counts[*idx].accepted -= u64::from(entry.rows);
                counts[*idx].rejected += u64::from(entry.rows);
            }
        }
        entries.clear();
        error = Some(format!(
            "aucune écriture ne tombe dans l'exercice configuré du {} au {} ; les exports couvrent du {} au {}",
            start.to_french(),
            end.to_french(),
            first.to_french(),
            last.to_french()
        ));
    } else if entries.iter().any(|e| !home.fits(e, &windows)) {
        entries.retain(|entry| {
            if home.fits(entry, &windows) {
                return true;
            }
            let near = home.of(entry).or_else(|| nearest(&windows, entry.date));
            let (start, end) = near.map_or((entry.date, entry.date), |i| {
                outside_per_window[i] += 1;
                (windows[i].start, windows[i].end)
            });
            if let Some(idx) = file_index.get(&*entry.source.file) {
                counts[*idx].accepted -= u64::from(entry.rows);
                counts[*idx].rejected += u64::from(entry.rows);
            }
            reject_entry(
                entry,
                Reason::DateOutsideYear {
                    date: entry.date,
                    start,
                    end,
                },
                rejected,
            );
            false
        });
    }
    sort_entries(&mut entries);
    // Windows never overlap: split the sorted entries from the last year back.
    let mut years: Vec<FiscalYear> = Vec::with_capacity(windows.len());
    for (window, outside) in windows.iter().zip(&outside_per_window).rev() {
        let from = entries.partition_point(|e| e.date < window.start);
        let year_entries = if from == 0 {
            std::mem::take(&mut entries)
        } else {
            entries.split_off(from)
        };
        debug_assert!(year_entries.iter().all(|e| e.date <= window.end));
        let mut year = FiscalYear {
            start: window.start,
            end: window.end,
            export_types: year_entries.iter().map(|e| e.export).collect(),
            entries: year_entries,
            warnings: Vec::new(),
        };
        year.warnings = year_warnings(&year);
        year.warnings.extend(evidence_warnings(window, *outside));
        years.push(year);
    }
    years.reverse();
    years.retain(|y| !y.entries.is_empty() || fiscal_year.is_some());
    warnings.sort();
    Assigned {
        years,
        warnings,
        error,
    }
}

/// Which evidence decided an inferred year, when it changed something (dates left outside),
/// and a year longer than twelve months.
fn evidence_warnings(window: &Window, outside: usize) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let months = months_long(window.start, window.end);
    if months > 12 && window.basis != Basis::Config {
        warnings.push(Warning::global(WarningKind::LongYear { months }));
    }
    if outside == 0 {
        return warnings;
    }
    let evidence = match &window.basis {
        Basis::Config => return warnings,
        Basis::Name { file, clue } => YearEvidence::Name {
            file: Arc::clone(file),
            clue: *clue,
        },
        Basis::Backup { file, label } => YearEvidence::Backup {
            file: Arc::clone(file),
            label: Arc::clone(label),
        },
        Basis::Opening { source, date } => YearEvidence::Opening {
            source: source.clone(),
            date: *date,
        },
        Basis::Dates => YearEvidence::Dates,
    };
    warnings.push(Warning::global(WarningKind::YearInferred {
        evidence,
        outside,
    }));
    warnings
}

/// Warnings about the export types a year's entries come from.
fn year_warnings(year: &FiscalYear) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let types = &year.export_types;
    if !types.is_empty() && types.iter().all(|t| *t == ExportType::Simple) {
        warnings.push(Warning::global(WarningKind::SimpleExportOnly));
    }
    if !types.is_empty() && !types.iter().any(|t| t.has_projects()) {
        warnings.push(Warning::global(WarningKind::FecNoProjects));
    }
    warnings.extend(super::coverage::incomplete_projects(year));
    warnings.extend(super::lookalike::project_lookalike_warnings(year));
    warnings
}

#[cfg(test)]
#[path = "years_tests.rs"]
mod tests;
