//! Pure renderers of a [`Reconciliation`]: ecarts.json, ecarts.md, ecarts.csv, lignes.csv and
//! a short terminal summary. Strings and bytes out, no IO.
//!
//! JSON is for machines: English keys, amounts as strings (`"1234.56"`), ISO dates, pretty
//! printed with two spaces and a final newline. Markdown and CSV are for people, in French.
//! CSV files are `;`-separated UTF-8 with a BOM and CRLF line ends, amounts with a decimal
//! comma and no thousands separator, so that spreadsheets open them as they are; text cells
//! starting with `=`, `+`, `-`, `@`, a tab or a carriage return are prefixed with `'` so that
//! no spreadsheet runs them as formulas (OWASP CSV injection). Amounts are never prefixed.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::Money;
use crate::reconcile::{Decision, Discrepancy, Kind, ProjectSplit, Reconciliation, Severity};
use crate::report::fr::{self, capitalize as capital, plural};

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

fn md(text: &str) -> String {
    crate::report::markdown::escape(text)
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
    let mut out = String::new();
    out.push_str("# Écarts du rapprochement des factures\n\n");
    if rec.discrepancies.is_empty() {
        out.push_str(
            "Aucun écart : chaque facture a son écriture, et chaque écriture sa facture.\n",
        );
    } else {
        let _ = writeln!(out, "{}", counts_line(rec));
    }
    for (kind, list) in by_kind(rec) {
        let _ = write!(out, "\n## {} ({})\n\n", capital(fr::kind(kind)), list.len());
        for d in list {
            let status = match &d.decision {
                None => capital(fr::severity(d.severity)),
                Some(_) => format!("{}, acceptée", capital(fr::severity(d.severity))),
            };
            let _ = writeln!(out, "- **{status}** — {}", md(&fr::finding(&d.finding)));
            let mut facts = Vec::new();
            if let Some(s) = &d.supplier {
                facts.push(format!("fournisseur : {}", md(s)));
            }
            if let Some(x) = &d.invoice {
                facts.push(format!("facture : {}", md(x)));
            }
            if let Some(x) = &d.entry {
                facts.push(format!("écriture : n° {}", md(x)));
            }
            if let Some(x) = &d.reference {
                facts.push(format!("pièce : {}", md(x)));
            }
            if !facts.is_empty() {
                let _ = writeln!(out, "  - {}", capital(&facts.join(" ; ")));
            }
            let ev = &d.evidence;
            let mut amounts = Vec::new();
            if let Some(m) = ev.invoice_amount {
                amounts.push(format!("montant de la facture : {}", m.to_euros()));
            }
            if let Some(m) = ev.booked_amount {
                amounts.push(format!("montant comptabilisé : {}", m.to_euros()));
            }
            if !amounts.is_empty() {
                let _ = writeln!(out, "  - {}", capital(&amounts.join(" ; ")));
            }
            if ev.expected_accounts.is_some() || ev.booked_accounts.is_some() {
                let mut parts = Vec::new();
                if let Some(a) = accounts(&ev.expected_accounts) {
                    parts.push(format!("compte attendu : {}", md(&a)));
                }
                if let Some(a) = accounts(&ev.booked_accounts) {
                    parts.push(format!("compte utilisé : {}", md(&a)));
                }
                let _ = writeln!(out, "  - {}", capital(&parts.join(" ; ")));
            }
            if let (Some(e), Some(b)) = (&ev.expected_projects, &ev.booked_projects) {
                let _ = writeln!(
                    out,
                    "  - Répartition attendue : {} ; comptabilisée : {}",
                    md(&fr::project_split(e)),
                    md(&fr::project_split(b))
                );
            }
            let mut dates = Vec::new();
            if let Some(x) = ev.invoice_date {
                dates.push(format!("date de la facture : {}", x.to_french()));
            }
            if let Some(x) = ev.entry_date {
                dates.push(format!("date de l'écriture : {}", x.to_french()));
            }
            if let Some(n) = ev.days_apart {
                dates.push(format!(
                    "écart : {}",
                    plural(n.unsigned_abs() as usize, "jour", "jours")
                ));
            }
            if !dates.is_empty() {
                let _ = writeln!(out, "  - {}", capital(&dates.join(" ; ")));
            }
            if let Some(k) = &ev.kept_entry {
                let _ = writeln!(out, "  - Écriture conservée : n° {}", md(k));
            }
            if !ev.candidate_entries.is_empty() {
                let _ = writeln!(
                    out,
                    "  - Écritures candidates : {}",
                    md(&ev.candidate_entries.join(", "))
                );
            }
            if ev.candidate_invoices.len() > 1 {
                let _ = writeln!(
                    out,
                    "  - Factures candidates : {}",
                    md(&ev.candidate_invoices.join(", "))
                );
            }
            let mut sources = Vec::new();
            if let Some(s) = &ev.invoice_source {
                sources.push(format!("facture lue dans {}", md(&s.to_string())));
            }
            if let Some(s) = &ev.entry_source {
                sources.push(format!("écriture lue dans {}", md(&s.to_string())));
            }
            if !sources.is_empty() {
                let _ = writeln!(out, "  - {}", capital(&sources.join(" ; ")));
            }
            if let Some(a) = &d.decision {
                let _ = writeln!(
                    out,
                    "  - Acceptée : {} ({}, {} ; {})",
                    md(&a.reason),
                    md(&a.who),
                    md(&a.date),
                    md(&a.source.to_string())
                );
            }
        }
    }
    if !rec.stale_decisions.is_empty() {
        let _ = write!(
            out,
            "\n## Décisions sans objet ({})\n\nCes décisions n'acceptent plus aucun écart : retirez-les ou corrigez-les.\n\n",
            rec.stale_decisions.len()
        );
        for d in &rec.stale_decisions {
            let _ = writeln!(
                out,
                "- {} : facture {}, écriture {} — {} ({}, {} ; {})",
                md(fr::kind(d.kind)),
                md(d.invoice.as_deref().unwrap_or("—")),
                md(d.entry.as_deref().unwrap_or("—")),
                md(&d.reason),
                md(&d.who),
                md(&d.date),
                md(&d.source.to_string())
            );
        }
    }
    out
}

/// A CSV text cell: neutralised against formulas, quoted when needed.
fn text_cell(text: &str) -> String {
    quote(&crate::report::write::neutralise(text))
}

/// A CSV amount cell: decimal comma, never neutralised.
fn amount_cell(m: Money) -> String {
    m.to_comma()
}

fn quote(text: &str) -> String {
    if text.contains([';', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn csv(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(
        &header
            .iter()
            .map(|h| quote(h))
            .collect::<Vec<_>>()
            .join(";"),
    );
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn opt_text(value: Option<&str>) -> String {
    value.map_or_else(String::new, text_cell)
}

/// ecarts.csv: one row per discrepancy, French headers.
pub fn ecarts_csv(rec: &Reconciliation) -> Vec<u8> {
    let header = [
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
    ];
    let rows: Vec<Vec<String>> = rec
        .discrepancies
        .iter()
        .map(|d| {
            let ev = &d.evidence;
            let split = |m: &Option<ProjectSplit>| {
                m.as_ref().map_or_else(String::new, |m| {
                    text_cell(
                        &m.iter()
                            .map(|(k, v)| format!("{} : {}", fr::project(k), v.to_comma()))
                            .collect::<Vec<_>>()
                            .join(" ; "),
                    )
                })
            };
            vec![
                text_cell(fr::severity(d.severity)),
                text_cell(fr::kind(d.kind)),
                text_cell(d.kind.code()),
                text_cell(if d.is_open() { "ouvert" } else { "accepté" }),
                opt_text(d.supplier.as_deref()),
                opt_text(d.invoice.as_deref()),
                opt_text(d.entry.as_deref()),
                opt_text(d.reference.as_deref()),
                text_cell(&fr::finding(&d.finding)),
                ev.invoice_amount.map_or_else(String::new, amount_cell),
                ev.booked_amount.map_or_else(String::new, amount_cell),
                opt_text(accounts(&ev.expected_accounts).as_deref()),
                opt_text(accounts(&ev.booked_accounts).as_deref()),
                split(&ev.expected_projects),
                split(&ev.booked_projects),
                ev.invoice_date.map_or_else(String::new, |x| x.to_french()),
                ev.entry_date.map_or_else(String::new, |x| x.to_french()),
                ev.days_apart.map_or_else(String::new, |n| n.to_string()),
                opt_text(ev.kept_entry.as_deref()),
                text_cell(&ev.candidate_entries.join(", ")),
                opt_text(d.decision.as_ref().map(|a| a.reason.as_str())),
                opt_text(d.decision.as_ref().map(|a| a.who.as_str())),
                opt_text(d.decision.as_ref().map(|a| a.date.as_str())),
                opt_text(
                    ev.invoice_source
                        .as_ref()
                        .map(ToString::to_string)
                        .as_deref(),
                ),
                opt_text(ev.entry_source.as_ref().map(ToString::to_string).as_deref()),
            ]
        })
        .collect();
    csv(&header, &rows)
}

/// lignes.csv: every ledger line on a supplier account with its status and matched invoice.
pub fn lignes_csv(rec: &Reconciliation) -> Vec<u8> {
    let header = [
        "Écriture",
        "Date",
        "Compte",
        "Libellé",
        "Pièce",
        "Projet",
        "Débit",
        "Crédit",
        "Statut",
        "Facture",
        "Motif",
        "Source",
    ];
    let rows: Vec<Vec<String>> = rec
        .lines
        .iter()
        .map(|l| {
            vec![
                text_cell(&l.entry),
                l.date.to_french(),
                text_cell(&l.account),
                text_cell(&l.label),
                text_cell(&l.reference),
                opt_text(l.project.as_deref()),
                amount_cell(l.debit),
                amount_cell(l.credit),
                text_cell(fr::line_status(l.status)),
                opt_text(l.invoice.as_deref()),
                text_cell(&fr::line_reason(&l.reason)),
                text_cell(&l.source.to_string()),
            ]
        })
        .collect();
    csv(&header, &rows)
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
