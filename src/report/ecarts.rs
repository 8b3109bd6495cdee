//! The reconciliation's outputs: ecarts.json, ecarts.md, ecarts.csv, lignes.csv and a short
//! terminal summary. Strings and bytes out, no IO.
//!
//! JSON is for machines: English keys, amounts as strings (`"1234.56"`), ISO dates, pretty
//! printed with two spaces and a final newline; it stays serde structs (a contract). Markdown
//! and CSV are for people, in French: [`document`], [`ecarts_table`] and [`lines_table`] build
//! format-neutral documents, and `report::render` writes them (Markdown escaping, the one CSV
//! dialect and its formula neutralisation live there, not here).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::{Date, Money};
use crate::reconcile::{Decision, Discrepancy, Kind, ProjectSplit, Reconciliation, Severity};
use crate::report::document::{Block, Cell, Column, Document, Fact, Item, Role, Table};
use crate::report::fr::{self, capitalize as capital, plural};
use crate::report::render;

#[derive(Serialize)]
struct JsonReport<'a> {
    discrepancies: Vec<JsonDiscrepancy<'a>>,
    summary: JsonSummary,
    stale_decisions: Vec<JsonDecision<'a>>,
}

#[derive(Serialize)]
struct JsonDiscrepancy<'a> {
    kind: &'static str,
    severity: &'static str,
    supplier: Option<&'a str>,
    invoice: Option<&'a str>,
    entry: Option<&'a str>,
    reference: Option<&'a str>,
    message: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    invoice_amount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    booked_amount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected_account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    booked_account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected_projects: Option<BTreeMap<&'a str, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    booked_projects: Option<BTreeMap<&'a str, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invoice_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entry_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    days_apart: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kept_entry: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    candidate_entries: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    candidate_invoices: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    invoice_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entry_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    decision: Option<JsonAccepted<'a>>,
}

#[derive(Serialize)]
struct JsonAccepted<'a> {
    reason: &'a str,
    who: &'a str,
    date: &'a str,
    source: String,
}

#[derive(Serialize)]
struct JsonSummary {
    by_kind: BTreeMap<&'static str, usize>,
    by_supplier: BTreeMap<String, usize>,
    open_errors: usize,
    open_warnings: usize,
    open_infos: usize,
    accepted: usize,
}

#[derive(Serialize)]
struct JsonDecision<'a> {
    kind: &'static str,
    invoice: Option<&'a str>,
    entry: Option<&'a str>,
    reason: &'a str,
    who: &'a str,
    date: &'a str,
    source: String,
}

fn project_map(map: &ProjectSplit) -> BTreeMap<&str, String> {
    map.iter()
        .map(|(k, v)| (fr::project(k), v.to_plain()))
        .collect()
}

/// Accounts as one cell: « 604A, 604F ».
fn accounts(list: &Option<Vec<std::sync::Arc<str>>>) -> Option<String> {
    list.as_ref().map(|l| l.join(", "))
}

/// The key of a discrepancy's supplier in summaries.
fn supplier_key(d: &Discrepancy) -> String {
    d.supplier
        .as_deref()
        .map_or_else(|| fr::NONE.to_owned(), str::to_owned)
}

/// ecarts.json: every discrepancy with its evidence, a summary and the stale decisions.
/// `by_kind` and `by_supplier` count every discrepancy, accepted or not; `open_*` only open ones.
pub fn ecarts_json(rec: &Reconciliation) -> String {
    let discrepancies = rec
        .discrepancies
        .iter()
        .map(|d| {
            let ev = &d.evidence;
            JsonDiscrepancy {
                kind: d.kind.code(),
                severity: d.severity.code(),
                supplier: d.supplier.as_deref(),
                invoice: d.invoice.as_deref(),
                entry: d.entry.as_deref(),
                reference: d.reference.as_deref(),
                message: fr::finding(&d.finding),
                status: if d.is_open() { "open" } else { "accepted" },
                invoice_amount: ev.invoice_amount.map(Money::to_plain),
                booked_amount: ev.booked_amount.map(Money::to_plain),
                expected_account: accounts(&ev.expected_accounts),
                booked_account: accounts(&ev.booked_accounts),
                expected_projects: ev.expected_projects.as_ref().map(project_map),
                booked_projects: ev.booked_projects.as_ref().map(project_map),
                invoice_date: ev.invoice_date.map(|x| x.to_string()),
                entry_date: ev.entry_date.map(|x| x.to_string()),
                days_apart: ev.days_apart,
                kept_entry: ev.kept_entry.as_deref(),
                candidate_entries: &ev.candidate_entries,
                candidate_invoices: &ev.candidate_invoices,
                invoice_source: ev.invoice_source.as_ref().map(ToString::to_string),
                entry_source: ev.entry_source.as_ref().map(ToString::to_string),
                decision: d.decision.as_ref().map(|a| JsonAccepted {
                    reason: &a.reason,
                    who: &a.who,
                    date: &a.date,
                    source: a.source.to_string(),
                }),
            }
        })
        .collect();
    let mut by_kind = BTreeMap::new();
    let mut by_supplier = BTreeMap::new();
    for d in &rec.discrepancies {
        *by_kind.entry(d.kind.code()).or_insert(0) += 1;
        *by_supplier.entry(supplier_key(d)).or_insert(0) += 1;
    }
    let report = JsonReport {
        discrepancies,
        summary: JsonSummary {
            by_kind,
            by_supplier,
            open_errors: rec.open_count(Severity::Error),
            open_warnings: rec.open_count(Severity::Warning),
            open_infos: rec.open_count(Severity::Info),
            accepted: rec.discrepancies.iter().filter(|d| !d.is_open()).count(),
        },
        stale_decisions: rec.stale_decisions.iter().map(json_decision).collect(),
    };
    // Serializing strings, integers and string maps cannot fail.
    let mut text = serde_json::to_string_pretty(&report)
        .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
    text.push('\n');
    text
}

fn json_decision(d: &Decision) -> JsonDecision<'_> {
    JsonDecision {
        kind: d.kind.code(),
        invoice: d.invoice.as_deref(),
        entry: d.entry.as_deref(),
        reason: &d.reason,
        who: &d.who,
        date: &d.date,
        source: d.source.to_string(),
    }
}

/// « 3 écarts : 1 erreur, 2 avertissements, 0 information ouverts ; 0 accepté. »
fn counts_line(rec: &Reconciliation) -> String {
    let accepted = rec.discrepancies.iter().filter(|d| !d.is_open()).count();
    format!(
        "{} : {}, {}, {} ouverts ; {}.",
        plural(rec.discrepancies.len(), "écart", "écarts"),
        plural(rec.open_count(Severity::Error), "erreur", "erreurs"),
        plural(
            rec.open_count(Severity::Warning),
            "avertissement",
            "avertissements"
        ),
        plural(
            rec.open_count(Severity::Info),
            "information",
            "informations"
        ),
        plural(accepted, "accepté", "acceptés")
    )
}

/// Kinds in the order of their worst discrepancy, each with its discrepancies.
fn by_kind(rec: &Reconciliation) -> Vec<(Kind, Vec<&Discrepancy>)> {
    let mut groups: Vec<(Kind, Vec<&Discrepancy>)> = Vec::new();
    for d in &rec.discrepancies {
        match groups.iter_mut().find(|(k, _)| *k == d.kind) {
            Some((_, list)) => list.push(d),
            None => groups.push((d.kind, vec![d])),
        }
    }
    groups
}

/// ecarts.md: French, grouped by kind, worst first, each discrepancy with its evidence.
pub fn ecarts_md(rec: &Reconciliation) -> String {
    render::markdown::render(&document(rec))
}

/// The discrepancies as a document: counts, one section per kind (worst first) listing each
/// discrepancy with its evidence, then the stale decisions.
pub fn document(rec: &Reconciliation) -> Document {
    let mut doc = Document::new();
    doc.heading(1, "Écarts du rapprochement des factures");
    if rec.discrepancies.is_empty() {
        doc.paragraph(
            "Aucun écart : chaque facture a son écriture, et chaque écriture sa facture.",
        );
    } else {
        doc.paragraph(counts_line(rec));
    }
    for (kind, list) in by_kind(rec) {
        doc.heading(2, format!("{} ({})", capital(fr::kind(kind)), list.len()));
        doc.push(Block::Items(list.into_iter().map(item).collect()));
    }
    if !rec.stale_decisions.is_empty() {
        doc.heading(
            2,
            format!("Décisions sans objet ({})", rec.stale_decisions.len()),
        );
        doc.paragraph("Ces décisions n'acceptent plus aucun écart : retirez-les ou corrigez-les.");
        let facts = rec
            .stale_decisions
            .iter()
            .map(|d| Fact {
                label: None,
                value: format!(
                    "{} : facture {}, écriture {} — {} ({}, {} ; {})",
                    fr::kind(d.kind),
                    d.invoice.as_deref().unwrap_or("—"),
                    d.entry.as_deref().unwrap_or("—"),
                    d.reason,
                    d.who,
                    d.date,
                    d.source
                ),
            })
            .collect();
        doc.push(Block::Facts(facts));
    }
    doc
}

/// One discrepancy: its severity (and whether it is accepted), its message, then its evidence,
/// one line per group of facts (who, amounts, accounts, projects, dates, candidates, sources,
/// decision).
fn item(d: &Discrepancy) -> Item {
    let title = match &d.decision {
        None => capital(fr::severity(d.severity)),
        Some(_) => format!("{}, acceptée", capital(fr::severity(d.severity))),
    };
    let ev = &d.evidence;
    let mut details = Vec::new();
    // A group of « name : value » facts as one line, or nothing when the group is empty.
    let mut group = |parts: &[Option<String>]| {
        let present: Vec<&str> = parts.iter().flatten().map(String::as_str).collect();
        if !present.is_empty() {
            details.push(capital(&present.join(" ; ")));
        }
    };
    group(&[
        d.supplier.as_ref().map(|s| format!("fournisseur : {s}")),
        d.invoice.as_ref().map(|x| format!("facture : {x}")),
        d.entry.as_ref().map(|x| format!("écriture : n° {x}")),
        d.reference.as_ref().map(|x| format!("pièce : {x}")),
    ]);
    group(&[
        ev.invoice_amount
            .map(|m| format!("montant de la facture : {}", m.to_euros())),
        ev.booked_amount
            .map(|m| format!("montant comptabilisé : {}", m.to_euros())),
    ]);
    group(&[
        accounts(&ev.expected_accounts).map(|a| format!("compte attendu : {a}")),
        accounts(&ev.booked_accounts).map(|a| format!("compte utilisé : {a}")),
    ]);
    if let (Some(e), Some(b)) = (&ev.expected_projects, &ev.booked_projects) {
        group(&[Some(format!(
            "répartition attendue : {} ; comptabilisée : {}",
            fr::project_split(e),
            fr::project_split(b)
        ))]);
    }
    group(&[
        ev.invoice_date
            .map(|x| format!("date de la facture : {}", x.to_french())),
        ev.entry_date
            .map(|x| format!("date de l'écriture : {}", x.to_french())),
        ev.days_apart.map(|n| {
            format!(
                "écart : {}",
                plural(n.unsigned_abs() as usize, "jour", "jours")
            )
        }),
    ]);
    group(&[ev
        .kept_entry
        .as_ref()
        .map(|k| format!("écriture conservée : n° {k}"))]);
    group(&[(!ev.candidate_entries.is_empty())
        .then(|| format!("écritures candidates : {}", ev.candidate_entries.join(", ")))]);
    group(&[(ev.candidate_invoices.len() > 1)
        .then(|| format!("factures candidates : {}", ev.candidate_invoices.join(", ")))]);
    group(&[
        ev.invoice_source
            .as_ref()
            .map(|s| format!("facture lue dans {s}")),
        ev.entry_source
            .as_ref()
            .map(|s| format!("écriture lue dans {s}")),
    ]);
    group(&[d.decision.as_ref().map(|a| {
        format!(
            "acceptée : {} ({}, {} ; {})",
            a.reason, a.who, a.date, a.source
        )
    })]);
    Item {
        title,
        text: fr::finding(&d.finding),
        details,
    }
}

/// ecarts.csv: one row per discrepancy, French headers.
pub fn ecarts_csv(rec: &Reconciliation) -> Vec<u8> {
    render::csv::table_bytes(&ecarts_table(rec))
}

/// Text, or an empty cell.
fn opt_text(value: Option<impl Into<String>>) -> Cell {
    value.map_or(Cell::Empty, Cell::text)
}

/// An amount, or an empty cell.
fn opt_money(value: Option<Money>) -> Cell {
    value.map_or(Cell::Empty, Cell::Money)
}

/// A date, or an empty cell.
fn opt_date(value: Option<Date>) -> Cell {
    value.map_or(Cell::Empty, Cell::Date)
}

/// A project split as one cell: « BL-Évolution : 248,36 ; (aucun) : 12,00 ».
fn split_cell(split: &Option<ProjectSplit>) -> Cell {
    opt_text(split.as_ref().map(|m| {
        m.iter()
            .map(|(k, v)| format!("{} : {}", fr::project(k), v.to_comma()))
            .collect::<Vec<_>>()
            .join(" ; ")
    }))
}

/// Every discrepancy as one row, with its evidence and decision in columns.
pub fn ecarts_table(rec: &Reconciliation) -> Table {
    let mut table = Table::new(
        [
            "Gravité",
            "Type",
            "Code",
            "Statut",
            "Fournisseur",
            "Facture",
            "Écriture",
            "Pièce",
            "Message",
            "Montant facture",
            "Montant comptabilisé",
            "Compte attendu",
            "Compte utilisé",
            "Répartition attendue",
            "Répartition comptabilisée",
            "Date facture",
            "Date écriture",
            "Écart (jours)",
            "Écriture conservée",
            "Écritures candidates",
            "Motif d'acceptation",
            "Accepté par",
            "Accepté le",
            "Source facture",
            "Source écriture",
        ]
        .into_iter()
        .map(|h| {
            if h.starts_with("Montant") {
                Column::right(h)
            } else {
                Column::left(h)
            }
        })
        .collect(),
    );
    for d in &rec.discrepancies {
        let ev = &d.evidence;
        let decision = d.decision.as_ref();
        table.push(
            Role::Normal,
            vec![
                Cell::text(fr::severity(d.severity)),
                Cell::text(fr::kind(d.kind)),
                Cell::text(d.kind.code()),
                Cell::text(if d.is_open() { "ouvert" } else { "accepté" }),
                opt_text(d.supplier.as_deref()),
                opt_text(d.invoice.as_deref()),
                opt_text(d.entry.as_deref()),
                opt_text(d.reference.as_deref()),
                Cell::text(fr::finding(&d.finding)),
                opt_money(ev.invoice_amount),
                opt_money(ev.booked_amount),
                opt_text(accounts(&ev.expected_accounts)),
                opt_text(accounts(&ev.booked_accounts)),
                split_cell(&ev.expected_projects),
                split_cell(&ev.booked_projects),
                opt_date(ev.invoice_date),
                opt_date(ev.entry_date),
                // A distance: the checks store it without sign.
                ev.days_apart
                    .map_or(Cell::Empty, |n| Cell::Integer(n.unsigned_abs())),
                opt_text(ev.kept_entry.as_deref()),
                Cell::text(ev.candidate_entries.join(", ")),
                opt_text(decision.map(|a| a.reason.as_str())),
                opt_text(decision.map(|a| a.who.as_str())),
                opt_text(decision.map(|a| a.date.as_str())),
                opt_text(ev.invoice_source.as_ref().map(ToString::to_string)),
                opt_text(ev.entry_source.as_ref().map(ToString::to_string)),
            ],
        );
    }
    table
}

/// lignes.csv: every ledger line on a supplier account with its status and matched invoice.
pub fn lignes_csv(rec: &Reconciliation) -> Vec<u8> {
    render::csv::table_bytes(&lines_table(rec))
}

/// Every supplier ledger line as one row: the line, its status, its invoice and why.
pub fn lines_table(rec: &Reconciliation) -> Table {
    let mut table = Table::new(vec![
        Column::left("Écriture"),
        Column::left("Date"),
        Column::left("Compte"),
        Column::left("Libellé"),
        Column::left("Pièce"),
        Column::left("Projet"),
        Column::right("Débit"),
        Column::right("Crédit"),
        Column::left("Statut"),
        Column::left("Facture"),
        Column::left("Motif"),
        Column::left("Source"),
    ]);
    for l in &rec.lines {
        table.push(
            Role::Normal,
            vec![
                Cell::text(l.entry.clone()),
                Cell::Date(l.date),
                Cell::Account(l.account.to_string()),
                Cell::text(l.label.clone()),
                Cell::text(l.reference.clone()),
                opt_text(l.project.as_deref()),
                Cell::Money(l.debit),
                Cell::Money(l.credit),
                Cell::text(fr::line_status(l.status)),
                opt_text(l.invoice.as_deref()),
                Cell::text(fr::line_reason(&l.reason)),
                Cell::text(l.source.to_string()),
            ],
        );
    }
    table
}

/// A short French summary for the terminal: outcomes, then counts per kind.
pub fn summary_text(rec: &Reconciliation) -> String {
    use crate::reconcile::{EntryOutcome, InvoiceOutcome};
    let invoices = rec.invoice_states.len();
    let matched = rec
        .invoice_states
        .iter()
        .filter(|s| matches!(s.outcome, InvoiceOutcome::Matched { .. }))
        .count();
    let out_of_year = rec
        .invoice_states
        .iter()
        .filter(|s| s.outcome == InvoiceOutcome::OutOfYear)
        .count();
    let entries = rec.entry_states.len();
    let entries_matched = rec
        .entry_states
        .iter()
        .filter(|s| matches!(s.outcome, EntryOutcome::Matched { .. }))
        .count();
    let mut out = format!(
        "Rapprochement : {} rapprochées sur {}{} ; {} rapprochées sur {}.\n",
        plural(matched, "facture", "factures"),
        invoices,
        if out_of_year > 0 {
            format!(" ({} hors exercice)", out_of_year)
        } else {
            String::new()
        },
        plural(
            entries_matched,
            "écriture fournisseur",
            "écritures fournisseurs"
        ),
        entries
    );
    if rec.discrepancies.is_empty() {
        out.push_str("Aucun écart.\n");
    } else {
        let _ = writeln!(out, "{}", counts_line(rec));
        for (kind, list) in by_kind(rec) {
            let accepted = list.iter().filter(|d| !d.is_open()).count();
            let _ = writeln!(
                out,
                "  {} : {}{}",
                fr::kind(kind),
                list.len(),
                if accepted > 0 {
                    format!(
                        " (dont {accepted} accepté{})",
                        if accepted > 1 { "s" } else { "" }
                    )
                } else {
                    String::new()
                }
            );
        }
    }
    if !rec.stale_decisions.is_empty() {
        let _ = writeln!(
            out,
            "{} sans objet : à retirer de la configuration.",
            plural(rec.stale_decisions.len(), "décision", "décisions")
        );
    }
    out
}
