//! Year warnings about what a mix of export types leaves out while every row is read:
//! periods that only a Simplifié covers (it has no « Avancé » transactions), and per-project
//! statements short of projects (FEC has none, the Simplifié has the debit line's only).

use crate::book::FiscalYear;
use crate::error::{Warning, WarningKind};
use crate::import::BooksFile;
use crate::model::{AccountClass, Date, ExportType, classify};

/// How many periods the warning lists before « … ».
const MAX_PERIODS: usize = 3;

/// The dates each journal file covers, from its first to its last transaction.
pub(super) struct Spans {
    /// Simplifié files.
    simple: Vec<(Date, Date)>,
    /// Every other export type (they have « Avancé » transactions).
    whole: Vec<(Date, Date)>,
}

impl Spans {
    /// The spans of `files` (read before booking moves their entries).
    pub(super) fn of(files: &[BooksFile]) -> Spans {
        let mut spans = Spans {
            simple: Vec::new(),
            whole: Vec::new(),
        };
        for file in files {
            let dates = file.entries.iter().map(|e| e.date);
            let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
                continue;
            };
            let simple = file.entries.iter().all(|e| e.export == ExportType::Simple);
            if simple {
                spans.simple.push((first, last));
            } else {
                spans.whole.push((first, last));
            }
        }
        spans.whole.sort();
        spans
    }

    /// The days of `year` that a Simplifié covers and no other export does: « Avancé »
    /// transactions of those days are in no file read. `None` when there are none, or when
    /// only Simplifié exports cover the year (`simple_export_only` says it then).
    pub(super) fn simple_only_periods(&self, year: &FiscalYear) -> Option<Warning> {
        if self.whole.is_empty() || year.export_types.iter().all(|t| *t == ExportType::Simple) {
            return None;
        }
        let mut gaps: Vec<(Date, Date)> = Vec::new();
        for (first, last) in &self.simple {
            let span = ((*first).max(year.start), (*last).min(year.end));
            if span.0 <= span.1 {
                gaps.extend(uncovered(span, &self.whole));
            }
        }
        if gaps.is_empty() {
            return None;
        }
        let gaps = merge(gaps);
        Some(Warning::global(WarningKind::SimpleExportPart {
            more: gaps.len() > MAX_PERIODS,
            periods: gaps.into_iter().take(MAX_PERIODS).collect(),
        }))
    }
}

/// The parts of `span` outside every one of `covers` (sorted), as inclusive date ranges.
fn uncovered(span: (Date, Date), covers: &[(Date, Date)]) -> Vec<(Date, Date)> {
    let mut gaps = Vec::new();
    let mut from = span.0;
    for (first, last) in covers {
        if *last < from {
            continue;
        }
        if *first > span.1 {
            break;
        }
        if *first > from {
            gaps.push((from, first.add_days(-1).unwrap_or(from)));
        }
        match last.add_days(1) {
            Some(next) => from = from.max(next),
            None => return gaps,
        }
        if from > span.1 {
            return gaps;
        }
    }
    gaps.push((from, span.1));
    gaps
}

/// Sorted, overlapping or touching ranges joined.
fn merge(mut ranges: Vec<(Date, Date)>) -> Vec<(Date, Date)> {
    ranges.sort();
    let mut merged: Vec<(Date, Date)> = Vec::with_capacity(ranges.len());
    for (first, last) in ranges {
        match merged.last_mut() {
            Some(prev) if prev.1.add_days(1).is_some_and(|next| first <= next) => {
                prev.1 = prev.1.max(last);
            }
            _ => merged.push((first, last)),
        }
    }
    merged
}

/// Whether an account's lines go into a statement (charges, produits, contributions).
fn in_statements(account: &str) -> bool {
    matches!(
        classify(account),
        AccountClass::Expense
            | AccountClass::Income
            | AccountClass::VolunteerUse
            | AccountClass::VolunteerSource
    )
}

/// Per-project statements that a mix of exports may leave short without changing the
/// global one: transactions kept only from a FEC (no projects), and from a Simplifié whose
/// produit or charge credit line has no project (that export gives the debit line's project
/// only, so a Recette's project is lost when Paheko puts projects on charges and produits
/// only, which a project on a bank or third-party line rules out). A year read from FEC
/// alone has `fec_no_projects` instead.
pub(super) fn incomplete_projects(year: &FiscalYear) -> Option<Warning> {
    if !year.export_types.iter().any(|t| t.has_projects()) {
        return None;
    }
    let from_fec = year
        .entries
        .iter()
        .filter(|e| e.export == ExportType::Fec)
        .count();
    // Paheko puts a project on a bank or third-party line only when projects go on every
    // account; then the Simplifié's debit-line project is every line's, and nothing is lost.
    let every_account = year.entries.iter().any(|e| match e.export {
        // rappro copies a Simplifié's project to both lines: look at the debit line only.
        ExportType::Simple => e
            .lines
            .iter()
            .find(|line| !line.debit.is_zero())
            .is_some_and(|line| line.project.is_some() && !in_statements(&line.account)),
        ExportType::Full | ExportType::Grouped => e
            .lines
            .iter()
            .any(|line| line.project.is_some() && !in_statements(&line.account)),
        ExportType::Fec => false,
    });
    let from_simple = if every_account {
        0
    } else {
        year.entries
            .iter()
            .filter(|e| {
                e.export == ExportType::Simple
                    && e.lines.iter().any(|line| {
                        !line.credit.is_zero()
                            && line.project.is_none()
                            && in_statements(&line.account)
                    })
            })
            .count()
    };
    (from_fec > 0 || from_simple > 0).then(|| {
        Warning::global(WarningKind::IncompleteProjects {
            from_fec,
            from_simple,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{merge, uncovered};
    use crate::model::Date;

    fn d(month: u8, day: u8) -> Date {
        Date::new(2024, month, day).expect("date")
    }

    #[test]
    fn uncovered_days_are_the_span_minus_the_covers() {
        let span = (d(1, 1), d(12, 31));
        assert_eq!(uncovered(span, &[(d(1, 1), d(12, 31))]), []);
        assert_eq!(
            uncovered(span, &[(d(1, 1), d(6, 30))]),
            [(d(7, 1), d(12, 31))]
        );
        assert_eq!(
            uncovered(
                span,
                &[
                    (d(2, 1), d(3, 31)),
                    (d(3, 1), d(6, 30)),
                    (d(9, 1), d(12, 31))
                ]
            ),
            [(d(1, 1), d(1, 31)), (d(7, 1), d(8, 31))]
        );
        assert_eq!(
            uncovered((d(3, 1), d(3, 1)), &[(d(1, 1), d(2, 1))]),
            [(d(3, 1), d(3, 1))]
        );
        assert_eq!(
            merge(vec![
                (d(7, 1), d(8, 31)),
                (d(1, 1), d(1, 31)),
                (d(8, 15), d(9, 1)),
                (d(9, 2), d(9, 3))
            ]),
            [(d(1, 1), d(1, 31)), (d(7, 1), d(9, 3))]
        );
    }
}
