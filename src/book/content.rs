//! Copies of a transaction that carry no Paheko number, recognised by their content.
//!
//! A Simplifié export without its « Numéro d'écriture » column, an FEC numbered per journal or
//! not numbered, a Complet without its number column (numbered by pièce): their transactions
//! cannot be keyed by Paheko's number, so beside another export of the same books they would
//! count twice. Here every such transaction (« floating ») is compared by its fingerprint —
//! date, label (blanks squashed), pièce, and the sorted (account, debit, credit) of its lines —
//! with the other kept transactions of that date.
//!
//! The transactions of one fingerprint form « sources »: all the numbered ones together (they
//! are distinct transactions: copies by number were removed before), and the floating ones of
//! each file. When every source has the same count, they are copies of the same transactions:
//! the richest source is kept (Complet, then Simplifié, then FEC; numbered first; then the first
//! file), the others count as duplicates, with a warning per file. When the counts differ (two
//! identical transactions on one day in the Complet, one in the Simplifié), nobody can tell which
//! copy is which: the floating copies are rejected, naming the other file, rather than guessed.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use super::{FileCounts, LineKey, difference, line_keys, reject_entry, squash};
use crate::error::{Reason, Rejection, Warning, WarningKind};
use crate::import::BooksFile;
use crate::model::{Date, Entry, ExportType, Money, Source};

/// Where an entry is: (file index, entry index).
type Place = (usize, usize);

/// A date and the sorted (debit, credit) of the lines: what look-alikes share.
type Amounts = (Date, Vec<(Money, Money)>);

/// What two copies of a transaction must share to be taken for one.
type Fingerprint = (Date, String, Arc<str>, Vec<LineKey>);

/// True when an entry has no Paheko number to be recognised by.
fn floating(file: &BooksFile, entry: &Entry) -> bool {
    entry.number.is_empty() || !file.paheko_numbers
}

/// True for a transaction of a Complet without its number column: its number is its pièce.
fn numbered_by_piece(file: &BooksFile, entry: &Entry) -> bool {
    !file.paheko_numbers
        && !entry.number.is_empty()
        && matches!(entry.export, ExportType::Full | ExportType::Grouped)
}

fn fingerprint(entry: &Entry) -> Fingerprint {
    (
        entry.date,
        squash(&entry.label),
        Arc::from(squash(&entry.reference)),
        // Codes padded as a FEC pads them (`62` → `620`) on every side, so that an
        // unnumbered FEC finds the Complet's transaction (see `fec_codes`).
        line_keys(entry, false, true),
    )
}

/// Marks floating copies of kept transactions as duplicates, or rejects them when ambiguous.
pub(super) fn deduplicate(
    files: &[BooksFile],
    keep: &mut [Vec<bool>],
    counts: &mut [FileCounts],
    rejected: &mut Vec<Rejection>,
    warnings: &mut Vec<Warning>,
) {
    let kept = |keep: &[Vec<bool>], (f, i): Place| keep[f].get(i).copied().unwrap_or(false);
    let mut dates: HashSet<Date> = HashSet::new();
    for (f, file) in files.iter().enumerate() {
        for (i, entry) in file.entries.iter().enumerate() {
            if kept(keep, (f, i)) && floating(file, entry) {
                dates.insert(entry.date);
            }
        }
    }
    let files_with_entries = keep.iter().filter(|flags| flags.contains(&true)).count();
    if dates.is_empty() || files_with_entries < 2 {
        return;
    }
    let mut groups: BTreeMap<Fingerprint, Vec<Place>> = BTreeMap::new();
    for (f, file) in files.iter().enumerate() {
        for (i, entry) in file.entries.iter().enumerate() {
            if kept(keep, (f, i)) && dates.contains(&entry.date) {
                groups.entry(fingerprint(entry)).or_default().push((f, i));
            }
        }
    }
    // Per file whose copies were dropped: how many, and the file of the kept copies.
    let mut dropped: BTreeMap<usize, (u64, BTreeSet<usize>)> = BTreeMap::new();
    for places in groups.into_values() {
        let entry = |(f, i): Place| &files[f].entries[i];
        // Source `None` is the numbered transactions, `Some(f)` the floating ones of file f.
        let mut sources: BTreeMap<Option<usize>, Vec<Place>> = BTreeMap::new();
        for place in places {
            let source = floating(&files[place.0], entry(place)).then_some(place.0);
            sources.entry(source).or_default().push(place);
        }
        // Within one file, a numbered transaction and an unnumbered one are two transactions
        // of that export (a number cell left empty), never copies of each other.
        let numbered_files: BTreeSet<usize> = sources
            .get(&None)
            .map(|copies| copies.iter().map(|p| p.0).collect())
            .unwrap_or_default();
        sources.retain(|source, _| source.is_none_or(|f| !numbered_files.contains(&f)));
        if sources.len() < 2 {
            continue;
        }
        let counts_agree = sources
            .values()
            .all(|copies| copies.len() == sources.values().next().map_or(0, Vec::len));
        if counts_agree {
            let richness = |copies: &[Place]| {
                copies
                    .iter()
                    .map(|p| entry(*p).export.richness())
                    .max()
                    .unwrap_or(0)
            };
            // Richest; then numbered; then the first file (files are sorted by path).
            let best = sources
                .iter()
                .max_by(|(a, ca), (b, cb)| {
                    richness(ca)
                        .cmp(&richness(cb))
                        .then(b.is_some().cmp(&a.is_some()))
                        .then(b.cmp(a))
                })
                .map(|(source, copies)| (*source, copies.first().map_or(0, |p| p.0)));
            let Some((best, best_file)) = best else {
                continue;
            };
            for (source, copies) in &sources {
                if *source == best {
                    continue;
                }
                for place in copies {
                    keep[place.0][place.1] = false;
                    let rows = u64::from(entry(*place).rows);
                    counts[place.0].duplicates += rows;
                    let slot = dropped.entry(place.0).or_default();
                    slot.0 += 1;
                    slot.1.insert(best_file);
                }
            }
        } else {
            // The numbered copies stay; without them, nothing does.
            let reference = sources.get(&None).map(|copies| (true, copies));
            for (source, copies) in &sources {
                let Some(file_idx) = source else {
                    continue;
                };
                let other = reference.or_else(|| {
                    sources
                        .iter()
                        .find(|(s, _)| *s != source)
                        .map(|(_, copies)| (false, copies))
                });
                let Some((numbered, other)) = other else {
                    continue;
                };
                let Some(other_place) = other.first() else {
                    continue;
                };
                let other_entry = entry(*other_place);
                for place in copies {
                    let this = entry(*place);
                    keep[place.0][place.1] = false;
                    counts[*file_idx].rejected += u64::from(this.rows);
                    let reason = Reason::AmbiguousDuplicate {
                        count: copies.len(),
                        other: other_entry.source.clone(),
                        other_count: other.len(),
                        other_numbered: numbered,
                        difference: String::new(),
                    };
                    reject_entry(this, reason, rejected);
                }
            }
        }
    }
    refuse_look_alikes(files, keep, counts, rejected, &dates);
    for (file_idx, (count, kept_in)) in dropped {
        let mut names: Vec<Arc<str>> = kept_in
            .iter()
            .map(|f| Arc::clone(&files[*f].path))
            .collect();
        let more = names.len().saturating_sub(2);
        names.truncate(2);
        warnings.push(Warning::at(
            Source::file(Arc::clone(&files[file_idx].path)),
            WarningKind::DuplicatesByContent {
                count,
                kept_in: names,
                more,
            },
        ));
    }
}

/// A floating transaction left after the exact match may still be the copy of a transaction
/// of another file: one of the same date and amounts but another pièce, label or accounts
/// (re-typed, or an FEC's account code padded with `0`), or one of the same date, label and
/// pièce but other amounts (corrected in Paheko between two exports), or, for a Complet
/// without its number column, one with the same pièce in another such file (the identity
/// Paheko's import gives it). Counting it could count it twice, dropping it could lose it: it
/// is rejected, naming the look-alike and what differs.
fn refuse_look_alikes(
    files: &[BooksFile],
    keep: &mut [Vec<bool>],
    counts: &mut [FileCounts],
    rejected: &mut Vec<Rejection>,
    dates: &HashSet<Date>,
) {
    let amounts = |entry: &Entry| -> Amounts {
        let mut sides: Vec<(Money, Money)> =
            entry.lines.iter().map(|l| (l.debit, l.credit)).collect();
        sides.sort();
        (entry.date, sides)
    };
    let label = |entry: &Entry| {
        (
            entry.date,
            squash(&entry.label),
            Arc::from(&*entry.reference),
        )
    };
    let mut by_amounts: BTreeMap<Amounts, Vec<Place>> = BTreeMap::new();
    let mut by_label: BTreeMap<(Date, String, Arc<str>), Vec<Place>> = BTreeMap::new();
    let mut by_piece: BTreeMap<&str, Vec<Place>> = BTreeMap::new();
    let mut candidates: Vec<Place> = Vec::new();
    for (f, file) in files.iter().enumerate() {
        for (i, entry) in file.entries.iter().enumerate() {
            if keep[f].get(i).copied().unwrap_or(false) && dates.contains(&entry.date) {
                by_amounts.entry(amounts(entry)).or_default().push((f, i));
                if !entry.label.trim().is_empty() {
                    by_label.entry(label(entry)).or_default().push((f, i));
                }
                if floating(file, entry) {
                    candidates.push((f, i));
                }
                if numbered_by_piece(file, entry) {
                    by_piece.entry(&entry.number).or_default().push((f, i));
                }
            }
        }
    }
    let elsewhere = |places: Option<&Vec<Place>>, f: usize| {
        places.and_then(|places| places.iter().find(|(g, _)| *g != f).copied())
    };
    for (f, i) in candidates {
        let this = &files[f].entries[i];
        let look_alike = elsewhere(by_amounts.get(&amounts(this)), f)
            .or_else(|| elsewhere(by_label.get(&label(this)), f))
            .or_else(|| {
                numbered_by_piece(&files[f], this)
                    .then(|| elsewhere(by_piece.get(&*this.number), f))
                    .flatten()
            });
        let Some((g, j)) = look_alike else {
            continue;
        };
        let other = &files[g].entries[j];
        keep[f][i] = false;
        counts[f].rejected += u64::from(this.rows);
        let reason = Reason::AmbiguousDuplicate {
            count: 1,
            other: other.source.clone(),
            other_count: 1,
            other_numbered: !floating(&files[g], other),
            difference: difference(this, other).unwrap_or_else(|| "contenu identique".to_owned()),
        };
        reject_entry(this, reason, rejected);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::book::{BookOptions, Books, book};
    use crate::import::read_books_bytes;

    const COMPLET: &str = "\"Numéro d'écriture\",\"Type\",\"Libellé\",\"Date\",\"Numéro pièce comptable\",\"Numéro compte\",\"Débit\",\"Crédit\"\r\n";
    const SIMPLE: &str = "\"Type\",\"Libellé\",\"Date\",\"Numéro pièce comptable\",\"Compte de débit\",\"Compte de crédit\",\"Montant\"\r\n";

    fn complet_row(number: u32, label: &str) -> String {
        format!(
            "\"{number}\",\"Recette\",\"{label}\",\"2024-03-02\",\"\",\"5121\",\"10,00\",\"0,00\"\r\n\
             \"{number}\",\"Recette\",\"{label}\",\"2024-03-02\",\"\",\"756\",\"0,00\",\"10,00\"\r\n"
        )
    }

    fn simple_row(label: &str) -> String {
        format!("\"Recette\",\"{label}\",\"2024-03-02\",\"\",\"5121\",\"756\",\"10,00\"\r\n")
    }

    fn books(files: &[(&str, String)]) -> Books {
        let read = files
            .iter()
            .map(|(name, text)| read_books_bytes(text.as_bytes(), Arc::from(*name)))
            .collect();
        book(read, &BookOptions::default())
    }

    fn summary(books: &Books) -> Vec<(String, u64, u64, u64)> {
        books
            .files
            .iter()
            .map(|f| (f.path.to_string(), f.accepted, f.duplicates, f.rejected))
            .collect()
    }

    #[test]
    fn identical_twins_as_many_in_both_files_are_duplicates() {
        let complet = format!(
            "{COMPLET}{}{}",
            complet_row(2, "Cotisation"),
            complet_row(3, "Cotisation")
        );
        let simple = format!(
            "{SIMPLE}{}{}",
            simple_row("Cotisation"),
            simple_row("Cotisation")
        );
        let books = books(&[("a.csv", complet), ("b.csv", simple)]);
        assert_eq!(
            summary(&books),
            [("a.csv".to_owned(), 4, 0, 0), ("b.csv".to_owned(), 0, 2, 0)]
        );
        assert!(books.rejected.is_empty());
        // These trimmed exports have no « Projet analytique » column: each says so.
        let codes: Vec<&str> = books
            .warnings
            .iter()
            .map(|w| w.code())
            .filter(|code| *code != "no_project_column")
            .collect();
        assert_eq!(codes, ["duplicates_by_content"]);
        let duplicates = books
            .warnings
            .iter()
            .find(|w| w.code() == "duplicates_by_content")
            .expect("warning");
        assert!(
            duplicates
                .message()
                .starts_with("2 écritures sans numéro Paheko commun retrouvées")
        );
    }

    #[test]
    fn two_unnumbered_files_that_disagree_are_both_refused() {
        let one = format!("{SIMPLE}{}", simple_row("Cotisation"));
        let two = format!(
            "{SIMPLE}{}{}",
            simple_row("Cotisation"),
            simple_row("Cotisation")
        );
        let books = books(&[("a.csv", one), ("b.csv", two)]);
        assert_eq!(
            summary(&books),
            [("a.csv".to_owned(), 0, 0, 1), ("b.csv".to_owned(), 0, 0, 2)]
        );
        assert!(books.rejected.iter().all(|r| {
            r.reason.code() == "ambiguous_duplicate"
                && r.reason
                    .to_string()
                    .ends_with("retirez l'un des deux fichiers, ou utilisez l'export « Complet »")
        }));
    }

    #[test]
    fn in_one_file_a_numbered_and_an_unnumbered_twin_are_two_transactions() {
        let header = "\"Numéro d'écriture\",\"Type\",\"Libellé\",\"Date\",\"Numéro pièce comptable\",\"Compte de débit\",\"Compte de crédit\",\"Montant\"\r\n";
        let text = format!(
            "{header}\"7\",{}\"\",{}",
            simple_row("Cotisation"),
            simple_row("Cotisation")
        );
        let books = books(&[("a.csv", text)]);
        assert_eq!(summary(&books), [("a.csv".to_owned(), 2, 0, 0)]);
        assert!(
            books
                .warnings
                .iter()
                .all(|w| w.code() != "duplicates_by_content")
        );
    }

    #[test]
    fn a_look_alike_with_another_label_is_refused_naming_the_difference() {
        let complet = format!("{COMPLET}{}", complet_row(2, "Cotisation Dupont"));
        let simple = format!("{SIMPLE}{}", simple_row("Cotisation Martin"));
        let books = books(&[("a.csv", complet), ("b.csv", simple)]);
        assert_eq!(
            summary(&books),
            [("a.csv".to_owned(), 2, 0, 0), ("b.csv".to_owned(), 0, 0, 1)]
        );
        assert_eq!(
            books.rejected[0].to_string(),
            "b.csv:2: écriture sans numéro Paheko proche de a.csv:2 sans lui être identique (libellé « Cotisation Martin » / « Cotisation Dupont ») : impossible de savoir si c'est la même ; retirez du lot ce fichier sans numéros d'écriture"
        );
    }

    #[test]
    fn a_look_alike_with_other_amounts_is_refused_too() {
        let complet = format!("{COMPLET}{}", complet_row(2, "Cotisation Dupont"));
        let simple = format!(
            "{SIMPLE}{}",
            simple_row("Cotisation Dupont").replace("10,00", "12,00")
        );
        let books = books(&[("a.csv", complet), ("b.csv", simple)]);
        assert_eq!(
            summary(&books),
            [("a.csv".to_owned(), 2, 0, 0), ("b.csv".to_owned(), 0, 0, 1)]
        );
        assert!(
            books.rejected[0]
                .to_string()
                .contains("(comptes ou montants des lignes)"),
            "{}",
            books.rejected[0]
        );
    }

    #[test]
    fn complet_files_without_numbers_that_disagree_on_a_piece_are_refused() {
        let header = "\"Type\",\"Libellé\",\"Date\",\"Numéro pièce comptable\",\"Numéro compte\",\"Débit\",\"Crédit\"\r\n";
        let row = |date: &str| {
            format!(
                "\"Dépense\",\"Facture OVH\",\"{date}\",\"FR1\",\"604\",\"30,56\",\"0,00\"\r\n\
                 \"Dépense\",\"Facture OVH\",\"{date}\",\"FR1\",\"5121\",\"0,00\",\"30,56\"\r\n"
            )
        };
        let same = books(&[
            ("a.csv", format!("{header}{}", row("2024-04-30"))),
            ("b.csv", format!("{header}{}", row("2024-04-30"))),
        ]);
        assert_eq!(
            summary(&same),
            [("a.csv".to_owned(), 2, 0, 0), ("b.csv".to_owned(), 0, 2, 0)]
        );
        let stale = books(&[
            ("a.csv", format!("{header}{}", row("2024-04-30"))),
            ("b.csv", format!("{header}{}", row("2024-05-02"))),
        ]);
        assert_eq!(
            summary(&stale),
            [("a.csv".to_owned(), 0, 0, 2), ("b.csv".to_owned(), 0, 0, 2)]
        );
        assert!(
            stale.rejected[0]
                .to_string()
                .contains("(date 30/04/2024 / 02/05/2024)"),
            "{}",
            stale.rejected[0]
        );
    }
}
