//! Every French sentence of the reconciliation's findings, in one place: discrepancy messages,
//! line statuses' reasons, project splits, plurals. The renderers (`report::ecarts`) and the
//! terminal summary word findings through here; `reconcile` only produces data.
//!
//! Amounts are written the French way (`1 234,56 €`), dates `jj/mm/aaaa`.

use std::fmt::Write as _;

use crate::reconcile::{
    EntryOutcome, Finding, InvoiceFacts, Kind, LineReason, LineStatus, MatchedBy, ProjectKey,
    ProjectSplit, Severity,
};

/// The label of « nothing named »: no project in a split, no supplier in a summary.
pub const NONE: &str = "(aucun)";

/// `text` with its first letter in capitals.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A kind of discrepancy, for people (« montant différent »).
pub fn kind(x: Kind) -> &'static str {
    match x {
        Kind::InvoiceWithoutEntry => "facture sans écriture",
        Kind::EntryWithoutInvoice => "écriture sans facture",
        Kind::AmountMismatch => "montant différent",
        Kind::DuplicateEntry => "écriture en double",
        Kind::WrongAccount => "mauvais compte",
        Kind::ReferenceMismatch => "référence différente",
        Kind::ProjectMismatch => "répartition par projet différente",
        Kind::AmbiguousMatch => "rapprochement ambigu",
        Kind::DateMismatch => "date éloignée",
        Kind::OutOfYear => "facture hors exercice",
        Kind::RejectedInput => "ligne rejetée à la lecture",
    }
}

/// « erreur », « avertissement », « information ».
pub fn severity(x: Severity) -> &'static str {
    match x {
        Severity::Error => "erreur",
        Severity::Warning => "avertissement",
        Severity::Info => "information",
    }
}

/// How a pair was made, after « rapprochée » (« par numéro de pièce »).
pub fn matched_by(x: MatchedBy) -> &'static str {
    match x {
        MatchedBy::Piece => "par numéro de pièce",
        MatchedBy::Label => "par libellé",
        MatchedBy::Amount => "par montant et date",
    }
}

/// « rapprochée », « à vérifier », « non rapprochée ».
pub fn line_status(x: LineStatus) -> &'static str {
    match x {
        LineStatus::Reconciled => "rapprochée",
        LineStatus::ToCheck => "à vérifier",
        LineStatus::Unreconciled => "non rapprochée",
    }
}

/// « 1 écart », « 2 écarts »: French plurals start at 2.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n > 1 {
        format!("{n} {many}")
    } else {
        format!("{n} {one}")
    }
}

/// A project's name, or « (aucun) ».
pub fn project(key: &ProjectKey) -> &str {
    match key {
        ProjectKey::Named(name) => name,
        ProjectKey::None => NONE,
    }
}

/// « BL-Évolution 248,36 €, (aucun) 12,00 € » (named projects first), or « rien ».
pub fn project_split(split: &ProjectSplit) -> String {
    if split.is_empty() {
        return "rien".to_owned();
    }
    let named = split.iter().filter(|(k, _)| **k != ProjectKey::None);
    let none = split.iter().filter(|(k, _)| **k == ProjectKey::None);
    named
        .chain(none)
        .map(|(k, v)| format!("{} {}", project(k), v.to_euros()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// « la facture OVH FR05139398 du 01/01/2024 (30,56 €) », or « l'avoir … ».
pub fn invoice(x: &InvoiceFacts) -> String {
    let what = if x.credit_note {
        "l'avoir"
    } else {
        "la facture"
    };
    format!(
        "{what} {} {} du {} ({})",
        x.supplier_name,
        x.number,
        x.date.to_french(),
        x.amount.to_euros()
    )
}

fn join<T: AsRef<str>>(items: &[T]) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(", ")
}

/// « et 3 autres » after a list cut short, or nothing.
fn more(n: usize) -> String {
    if n > 0 {
        format!(" et {n} autres")
    } else {
        String::new()
    }
}

/// What a discrepancy found, as one French sentence.
pub fn finding(f: &Finding) -> String {
    match f {
        Finding::InvoiceWithoutEntry {
            invoice: x,
            accounts,
        } => format!(
            "{} : aucune écriture ne la comptabilise{}.",
            capitalize(&invoice(x)),
            if accounts.is_empty() {
                String::new()
            } else {
                format!(" (compte {})", join(accounts))
            }
        ),
        Finding::EntryWithoutInvoice {
            entry,
            supplier_name,
            accounts,
        } => format!(
            "Écriture n° {} du {}{} : {} sur le compte {}, aucune facture {}ne lui correspond.",
            entry.number,
            entry.date.to_french(),
            if entry.reference.is_empty() {
                " (sans pièce)".to_owned()
            } else {
                format!(" (pièce {})", entry.reference)
            },
            entry.booked.to_euros(),
            join(accounts),
            supplier_name
                .as_ref()
                .map_or_else(String::new, |s| format!("{s} "))
        ),
        Finding::AmountMismatch { invoice: x, entry } => format!(
            "{} est comptabilisée pour {} (écriture n° {}) : écart de {}.",
            capitalize(&invoice(x)),
            entry.booked.to_euros(),
            entry.number,
            (entry.booked - x.amount).to_euros()
        ),
        Finding::DuplicateEntry {
            invoice: x,
            entry,
            kept_entry,
        } => format!(
            "{} est comptabilisée deux fois : l'écriture n° {} du {} ({}) double l'écriture n° {}.",
            capitalize(&invoice(x)),
            entry.number,
            entry.date.to_french(),
            entry.booked.to_euros(),
            kept_entry
        ),
        Finding::WrongAccount {
            invoice: x,
            entry,
            booked_accounts,
            their_suppliers,
            expected_accounts,
        } => format!(
            "{} est comptabilisée sur le compte {} ({}) au lieu de {} (écriture n° {}).",
            capitalize(&invoice(x)),
            join(booked_accounts),
            their_suppliers
                .iter()
                .map(|n| format!("compte du fournisseur {n}"))
                .collect::<Vec<_>>()
                .join(", "),
            if expected_accounts.is_empty() {
                "un compte du fournisseur (aucun n'est configuré)".to_owned()
            } else {
                join(expected_accounts)
            },
            entry.number
        ),
        Finding::ReferenceMismatch {
            invoice: x,
            entry,
            by,
            piece,
        } => match piece {
            None => format!(
                "{} est rapprochée {} de l'écriture n° {}, qui n'a pas de numéro de pièce : indiquez « {} ».",
                capitalize(&invoice(x)),
                matched_by(*by),
                entry.number,
                x.number
            ),
            Some(piece) => format!(
                "{} est rapprochée {} de l'écriture n° {}, dont la pièce est « {piece} » et non « {} ».",
                capitalize(&invoice(x)),
                matched_by(*by),
                entry.number,
                x.number
            ),
        },
        Finding::ProjectMismatch {
            invoice: x,
            entry,
            expected,
            booked,
        } => format!(
            "{} : répartition par projet attendue {}, comptabilisée {} (écriture n° {}).",
            capitalize(&invoice(x)),
            project_split(expected),
            project_split(booked),
            entry.number
        ),
        Finding::AmbiguousMatch {
            invoice: x,
            entries,
            more_entries,
            other_invoices,
            more_invoices,
        } => {
            let mut list = entries
                .iter()
                .map(|(number, date)| format!("n° {number} du {}", date.to_french()))
                .collect::<Vec<_>>()
                .join(", ");
            list.push_str(&more(*more_entries));
            if !other_invoices.is_empty() {
                let _ = write!(
                    list,
                    " ; autres factures : {}{}",
                    join(other_invoices),
                    more(*more_invoices)
                );
            }
            format!(
                "{} : plusieurs rapprochements sont aussi bons (écritures {list}) ; aucun n'est fait, indiquez le numéro de facture en pièce.",
                capitalize(&invoice(x))
            )
        }
        Finding::DateMismatch {
            invoice: x,
            entry,
            days_apart,
            tolerance,
        } => format!(
            "{} est comptabilisée le {} (écriture n° {}), à {days_apart} jours d'écart (tolérance : {tolerance} jours).",
            capitalize(&invoice(x)),
            entry.date.to_french(),
            entry.number
        ),
        Finding::OutOfYear {
            invoice: x,
            fiscal_year: (start, end),
        } => format!(
            "{} est hors de l'exercice (du {} au {}) : elle n'est pas rapprochée.",
            capitalize(&invoice(x)),
            start.to_french(),
            end.to_french()
        ),
        Finding::RejectedInput { rejection } => format!(
            "{} ({}) : {}",
            if rejection.source.line == 0 {
                "fichier illisible"
            } else {
                "ligne rejetée"
            },
            rejection.source,
            rejection.reason
        ),
    }
}

fn kinds(list: &[Kind]) -> String {
    list.iter().map(|&k| kind(k)).collect::<Vec<_>>().join(", ")
}

/// Why a ledger line has its status (lignes.csv « Motif »).
pub fn line_reason(r: &LineReason) -> String {
    let mut out = match &r.outcome {
        EntryOutcome::Matched { invoice, by } if r.open.is_empty() => {
            format!("rapprochée avec la facture {invoice} {}", matched_by(*by))
        }
        EntryOutcome::Matched { invoice, by } => format!(
            "rapprochée avec la facture {invoice} {}, à vérifier : {}",
            matched_by(*by),
            kinds(&r.open)
        ),
        EntryOutcome::Duplicate {
            invoice,
            kept_entry,
        } => format!(
            "écriture en double : la facture {invoice} est déjà comptabilisée par l'écriture n° {kept_entry}"
        ),
        EntryOutcome::Unmatched { ambiguous: true } => {
            "rapprochement ambigu : plusieurs factures conviennent aussi bien".to_owned()
        }
        EntryOutcome::Unmatched { ambiguous: false } => "aucune facture ne correspond".to_owned(),
    };
    if !r.accepted.is_empty() {
        let _ = write!(out, " ; écart accepté : {}", kinds(&r.accepted));
    }
    if !r.noted.is_empty() {
        let _ = write!(out, " ; à noter : {}", kinds(&r.noted));
    }
    out
}
