//! `rapport.html`: one page for the treasurer to print or share, gathering the « Bilan
//! financier », the discrepancies of the reconciliation (for `rappro run`) and the rejected rows.
//!
//! Pure: the documents of [`bilan`], [`ecarts`] and [`rejections`] are put one after the
//! other under one title, each heading one level down, and rendered by
//! [`render::html`]. No clock is read: the same input gives the same bytes, so the page says
//! which exercice it covers, not when it was written.

use crate::error::Rejection;
use crate::reconcile::Reconciliation;
use crate::report::document::{Block, Document};
use crate::report::statement::FinancialReport;
use crate::report::{bilan, ecarts, rejections, render};

/// The file name.
pub const HTML_FILE: &str = "rapport.html";

/// The page's title: « Rapport financier — exercice du 1er janvier au 31 décembre 2024 ».
pub fn title(report: &FinancialReport) -> String {
    format!(
        "Rapport financier — exercice {}",
        bilan::french_period(report.start, report.end)
    )
}

/// The whole page as one document: the bilan, then the discrepancies when reconciled, then the
/// rejected rows.
pub fn document(
    report: &FinancialReport,
    reconciliation: Option<&Reconciliation>,
    rejected: &[Rejection],
) -> Document {
    let mut doc = Document::new();
    doc.heading(1, title(report));
    append_demoted(&mut doc, bilan::document(report));
    if let Some(rec) = reconciliation {
        append_demoted(&mut doc, ecarts::document(rec));
    }
    doc.heading(2, format!("Lignes rejetées ({})", rejected.len()));
    if rejected.is_empty() {
        doc.paragraph("Aucune ligne n'a été rejetée à la lecture.");
    } else {
        doc.paragraph("Ces lignes n'ont pas été comptées : corrigez-les dans Paheko ou dans les factures, puis relancez rappro.");
        doc.push(Block::Table(rejections::rejections_table(rejected)));
    }
    doc
}

/// `rapport.html`: [`document`] rendered as one self-contained HTML page.
pub fn render_html(
    report: &FinancialReport,
    reconciliation: Option<&Reconciliation>,
    rejected: &[Rejection],
) -> Vec<u8> {
    render::html::render(&title(report), &document(report, reconciliation, rejected)).into_bytes()
}

/// Appends `part`'s blocks, each heading one level lower (its title becomes a section).
fn append_demoted(doc: &mut Document, part: Document) {
    for block in part.blocks {
        doc.push(match block {
            Block::Heading { level, text } => Block::Heading {
                level: level.saturating_add(1).min(6),
                text,
            },
            other => other,
        });
    }
}
