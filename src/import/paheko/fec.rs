//! How the rows of an FEC file make transactions: by EcritureNum over the whole file (Paheko,
//! most software), by journal and number (the FEC norm lets each JournalCode restart its
//! numbering: BOI-CF-IOR-60-40-20 § 100, « unique sur l'ensemble du fichier ou propre à chaque
//! journal »), or, when the number is the same on every row (`0`, or empty), by runs of
//! consecutive rows.
//!
//! The numbering is detected from the rows, never assumed: if a number is used by two journals
//! or on two dates, it cannot identify one transaction over the file. PieceRef is not part of
//! the test: real files give one transaction's lines different PieceRefs (the à-nouveaux of
//! `123456789FEC20500930.txt`), which is no sign of another numbering.
//!
//! Paheko's own FEC import groups by EcritureNum (or by JournalCode + EcritureNum when « Le
//! numéro d'écriture est propre à chaque journal » is ticked), so a constant number makes one
//! transaction of a whole journal there. We do not copy that: a run of consecutive rows of one
//! journal and one date is a transaction, closed as soon as its debits equal its credits
//! (every transaction is balanced, so a balanced prefix is a transaction of its own). The
//! PieceRef does not cut runs, for the reason above. A run that never balances is rejected
//! as unbalanced by the caller, naming each row.

use std::collections::HashMap;

use crate::error::{FecExample, WarningKind};
use crate::model::Money;

/// How an FEC file numbers its transactions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FecNumbering {
    /// One EcritureNum per transaction over the whole file (Paheko's transaction ids).
    Global,
    /// EcritureNum restarts in each journal: transactions are (JournalCode, EcritureNum), and
    /// also EcritureDate when a number serves on several dates of one journal.
    PerJournal {
        /// True when the date is part of the key.
        by_date: bool,
    },
    /// The same EcritureNum on every row (`0`, or empty): transactions are runs of rows.
    Absent,
}

/// What the grouping reads of one row: trimmed cells and the row's debit minus credit
/// (zero when its amounts are unreadable; the row is rejected anyway).
#[derive(Clone, Copy, Debug)]
pub struct FecKey<'a> {
    /// JournalCode.
    pub journal: &'a str,
    /// EcritureNum.
    pub number: &'a str,
    /// EcritureDate, as written; empty when it is no date (the row is rejected anyway, and
    /// its date tells nothing about the numbering).
    pub date: &'a str,
    /// Debit − credit.
    pub balance: Money,
}

/// How a file's rows make transactions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grouping {
    /// The numbering found.
    pub numbering: FecNumbering,
    /// Transactions, as indices into the rows, each in row order, in the order of their first
    /// row. With [`FecNumbering::Global`] or [`FecNumbering::PerJournal`], rows without a
    /// number form one group of their own (the caller rejects it: the number is missing).
    pub groups: Vec<Vec<usize>>,
    /// Two rows that share a number but not their journal or date (the evidence), if any.
    pub example: Option<(usize, usize)>,
}

/// The numbering of a file and its transactions.
pub fn group(rows: &[FecKey<'_>]) -> Grouping {
    let (numbering, example) = detect(rows);
    let groups = match numbering {
        FecNumbering::Global => group_by(rows, |row| (row.number, "", "")),
        FecNumbering::PerJournal { by_date } => group_by(rows, |row| {
            if row.number.is_empty() {
                ("", "", "")
            } else if by_date {
                (row.number, row.journal, row.date)
            } else {
                (row.number, row.journal, "")
            }
        }),
        FecNumbering::Absent => runs(rows),
    };
    Grouping {
        numbering,
        groups,
        example,
    }
}

/// The warning when the numbering is not Paheko's.
pub fn warning(grouping: &Grouping, rows: &[FecKey<'_>]) -> Option<WarningKind> {
    match grouping.numbering {
        FecNumbering::Global => None,
        FecNumbering::PerJournal { .. } => {
            let example = grouping
                .example
                .and_then(|(a, b)| Some((rows.get(a)?, rows.get(b)?)))
                .map(|(a, b)| FecExample {
                    number: a.number.to_owned(),
                    journal: a.journal.to_owned(),
                    other_journal: b.journal.to_owned(),
                    date: a.date.to_owned(),
                    other_date: b.date.to_owned(),
                });
            Some(WarningKind::FecNumberedPerJournal(example))
        }
        FecNumbering::Absent => Some(WarningKind::FecWithoutNumbers {
            number: rows.first().map_or("", |row| row.number).to_owned(),
        }),
    }
}

/// The side of an FEC `Sens` cell: `true` for debit (`D`, `+1`, `1`), `false` for credit
/// (`C`, `-1`), case-insensitive; `None` for anything else. The FEC rules (A47 A-1) allow
/// `Montant` + `Sens` instead of `Debit` + `Credit`; both spellings of the side are met.
pub fn direction(text: &str) -> Option<bool> {
    match text.trim() {
        "D" | "d" | "+1" | "1" => Some(true),
        "C" | "c" | "-1" => Some(false),
        _ => None,
    }
}

/// The identity of a transaction numbered per journal, for messages and de-duplication:
/// « journal/numéro », so that journal VE's n° 1 is neither journal AC's n° 1 nor Paheko's
/// transaction n° 1.
pub fn journal_number(journal: &str, number: &str) -> String {
    if journal.is_empty() {
        number.to_owned()
    } else {
        format!("{journal}/{number}")
    }
}

fn detect(rows: &[FecKey<'_>]) -> (FecNumbering, Option<(usize, usize)>) {
    // The first row of each number, and the first row that shares a number with another
    // journal or date (a journal is better evidence than a date: kept if found).
    let mut first: HashMap<&str, usize, foldhash::fast::RandomState> = HashMap::default();
    let mut example: Option<(usize, usize)> = None;
    let mut other_journal = false;
    for (idx, row) in rows.iter().enumerate() {
        if row.number.is_empty() {
            continue;
        }
        let &mut seen = first.entry(row.number).or_insert(idx);
        let Some(earlier) = rows.get(seen) else {
            continue;
        };
        let journal = earlier.journal != row.journal;
        if (journal && !other_journal) || (example.is_none() && other_date(earlier, row)) {
            example = Some((seen, idx));
            other_journal |= journal;
        }
    }
    let numbers = first.len();
    // `0` on every row is no number even when the rows share a journal and a date.
    let only_zero = numbers == 1 && first.keys().all(|n| n.bytes().all(|b| b == b'0'));
    let numbering = if (numbers == 0 && !rows.is_empty())
        || (numbers == 1 && (example.is_some() || only_zero))
    {
        FecNumbering::Absent
    } else if example.is_some() {
        FecNumbering::PerJournal {
            by_date: dates_per_journal_number(rows),
        }
    } else {
        FecNumbering::Global
    };
    (numbering, example)
}

/// True when two rows have dates and they differ.
fn other_date(a: &FecKey<'_>, b: &FecKey<'_>) -> bool {
    !a.date.is_empty() && !b.date.is_empty() && a.date != b.date
}

/// True when a journal uses one number on two dates.
fn dates_per_journal_number(rows: &[FecKey<'_>]) -> bool {
    let mut first: HashMap<(&str, &str), usize, foldhash::fast::RandomState> = HashMap::default();
    rows.iter().enumerate().any(|(idx, row)| {
        let seen = *first.entry((row.journal, row.number)).or_insert(idx);
        rows.get(seen)
            .is_some_and(|earlier| other_date(earlier, row))
    })
}

fn group_by<'a, K: std::hash::Hash + Eq>(
    rows: &[FecKey<'a>],
    key: impl Fn(&FecKey<'a>) -> K,
) -> Vec<Vec<usize>> {
    let mut index: HashMap<K, usize, foldhash::fast::RandomState> = HashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (idx, row) in rows.iter().enumerate() {
        let slot = *index.entry(key(row)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[slot].push(idx);
    }
    groups
}

/// Runs of consecutive rows of one journal and one date, each closed once it balances.
fn runs(rows: &[FecKey<'_>]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut balance = Money::ZERO;
    let mut previous: Option<(&str, &str)> = None;
    for (idx, row) in rows.iter().enumerate() {
        let same_place = previous.is_some_and(|(journal, date)| {
            journal == row.journal && (date.is_empty() || row.date.is_empty() || date == row.date)
        });
        let balanced = current.len() >= 2 && balance.is_zero();
        if !current.is_empty() && (!same_place || balanced) {
            groups.push(std::mem::take(&mut current));
            balance = Money::ZERO;
        }
        current.push(idx);
        balance += row.balance;
        let date = match previous {
            Some((_, date)) if row.date.is_empty() && same_place => date,
            _ => row.date,
        };
        previous = Some((row.journal, date));
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::{FecKey, FecNumbering, direction, group};
    use crate::model::Money;

    fn key<'a>(journal: &'a str, number: &'a str, date: &'a str, cents: i64) -> FecKey<'a> {
        FecKey {
            journal,
            number,
            date,
            balance: Money::from_cents(cents),
        }
    }

    #[test]
    fn paheko_numbers_group_over_the_whole_file() {
        let rows = [
            key("02", "5", "20240104", 100),
            key("01", "6", "20240105", 50),
            key("02", "5", "20240104", -100),
            key("01", "6", "20240105", -50),
        ];
        let super::Grouping {
            numbering, groups, ..
        } = group(&rows);
        assert_eq!(numbering, FecNumbering::Global);
        assert_eq!(groups, [vec![0, 2], vec![1, 3]]);
    }

    #[test]
    fn a_number_in_two_journals_means_numbering_per_journal() {
        let rows = [
            key("AC", "1", "20240104", 100),
            key("AC", "1", "20240104", -100),
            key("VE", "1", "20240104", 70),
            key("VE", "1", "20240104", -70),
            key("AC", "2", "20240105", 10),
            key("AC", "2", "20240105", -10),
        ];
        let super::Grouping {
            numbering, groups, ..
        } = group(&rows);
        assert_eq!(numbering, FecNumbering::PerJournal { by_date: false });
        assert_eq!(groups, [vec![0, 1], vec![2, 3], vec![4, 5]]);
    }

    #[test]
    fn a_number_on_two_dates_of_one_journal_is_split_by_date() {
        let rows = [
            key("BQ", "1", "20240104", 100),
            key("BQ", "1", "20240104", -100),
            key("BQ", "1", "20240201", 5),
            key("BQ", "1", "20240201", -5),
            key("BQ", "2", "20240104", 5),
            key("BQ", "2", "20240104", -5),
        ];
        let super::Grouping {
            numbering, groups, ..
        } = group(&rows);
        assert_eq!(numbering, FecNumbering::PerJournal { by_date: true });
        assert_eq!(groups, [vec![0, 1], vec![2, 3], vec![4, 5]]);
    }

    #[test]
    fn a_row_without_a_date_is_no_evidence() {
        let rows = [
            key("02", "5", "20240104", 100),
            key("02", "5", "", -100),
            key("01", "6", "20240105", 50),
            key("01", "6", "20240105", -50),
        ];
        let grouping = group(&rows);
        assert_eq!(grouping.numbering, FecNumbering::Global);
        assert_eq!(grouping.groups, [vec![0, 1], vec![2, 3]]);
    }

    #[test]
    fn a_constant_number_makes_balanced_runs() {
        let rows = [
            key("ac", "0", "20230131", -68323),
            key("ac", "0", "20230131", 63112),
            key("ac", "0", "20230131", 5211),
            // Same journal and date: a new transaction once the first balanced.
            key("ac", "0", "20230131", -650),
            key("ac", "0", "20230131", 650),
            // Another date closes an unbalanced run.
            key("bq", "0", "20230131", 10),
            key("bq", "0", "20230201", -10),
            key("bq", "0", "20230201", 10),
        ];
        let super::Grouping {
            numbering, groups, ..
        } = group(&rows);
        assert_eq!(numbering, FecNumbering::Absent);
        assert_eq!(groups, [vec![0, 1, 2], vec![3, 4], vec![5], vec![6, 7]]);
    }

    #[test]
    fn empty_numbers_everywhere_make_runs_and_some_empty_numbers_a_group() {
        let rows = [key("", "", "20240101", 1), key("", "", "20240101", -1)];
        assert_eq!(group(&rows).numbering, FecNumbering::Absent);
        let rows = [
            key("01", "1", "20240101", 1),
            key("01", "", "20240101", -1),
            key("01", "1", "20240101", -1),
            key("02", "", "20240102", 1),
        ];
        let super::Grouping {
            numbering, groups, ..
        } = group(&rows);
        assert_eq!(numbering, FecNumbering::Global);
        assert_eq!(groups, [vec![0, 2], vec![1, 3]]);
    }

    #[test]
    fn one_transaction_with_one_number_is_global_unless_the_number_is_zero() {
        let zeros = [
            key("OD", "000", "20241231", 1),
            key("OD", "000", "20241231", -1),
            key("OD", "000", "20241231", 2),
            key("OD", "000", "20241231", -2),
        ];
        let grouping = group(&zeros);
        assert_eq!(grouping.numbering, FecNumbering::Absent);
        assert_eq!(grouping.groups, [vec![0, 1], vec![2, 3]]);
        let rows = [
            key("01", "7", "20240101", 1),
            key("01", "7", "20240101", -1),
        ];
        let grouping = group(&rows);
        assert_eq!(grouping.numbering, FecNumbering::Global);
        assert_eq!(grouping.groups, [vec![0, 1]]);
    }

    #[test]
    fn sens_is_d_or_c_or_plus_or_minus_one() {
        for (text, side) in [
            ("D", true),
            ("c", false),
            ("+1", true),
            ("1", true),
            ("-1", false),
        ] {
            assert_eq!(direction(text), Some(side), "{text}");
        }
        for text in ["", "0", "Débit", "DC", "+2"] {
            assert_eq!(direction(text), None, "{text}");
        }
    }
}
