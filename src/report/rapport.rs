//! `rapport.html`: one page for the treasurer to print or share, gathering the « Bilan
//! financier », the discrepancies of the reconciliation (for `rappro run`) and the rejected rows.
//!
//! Pure: the documents of [`bilan`], [`ecarts`] and [`rejections`] are put one after the
//! other under one title, each heading one level down, and rendered by
//! [`render::html`]. No clock is read: the same input gives the same bytes, so the page says
//! which exercice it covers, not when it was written.

use crate::error::Rejection;
use crate::model::NARROW_NBSP;
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
        doc.paragraph(format!(
            "Ces lignes n'ont pas été comptées{NARROW_NBSP}: corrigez-les dans Paheko ou dans \
             les factures, puis relancez rappro."
        ));
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{document, render_html, title};
    use crate::error::{Reason, Rejection};
    use crate::model::Source;
    use crate::report::document::Block;
    use crate::report::testdata::sample_report;

    fn headings(blocks: &[Block]) -> Vec<(u8, &str)> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, text } => Some((*level, text.as_str())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn one_title_then_the_bilan_one_level_down_then_the_rejections() {
        let report = sample_report();
        assert_eq!(
            title(&report),
            "Rapport financier — exercice du 1er janvier au 31 décembre 2024"
        );
        let rejected = [Rejection::new(
            Source::new(Arc::from("<b>export</b>.csv"), 17),
            Reason::EmptyFile,
        )];
        let doc = document(&report, None, &rejected);
        let heads = headings(&doc.blocks);
        assert_eq!(heads[0], (1, title(&report).as_str()));
        assert_eq!(heads[1], (2, "Bilan financier 2024"));
        assert_eq!(heads[2], (3, "Compte de résultats"));
        assert!(heads[1..].iter().all(|(level, _)| *level >= 2));
        assert!(heads.contains(&(4, "BL-Évolution")));
        assert!(heads.contains(&(4, "Camp CHATONS")));
        assert_eq!(heads.last(), Some(&(2, "Lignes rejetées (1)")));
        let Some(Block::Table(table)) = doc.blocks.last() else {
            panic!("the rejections table last");
        };
        assert_eq!(table.rows.len(), 1);
        // The page: the rejected file name escaped, the same bytes twice.
        let html = String::from_utf8(render_html(&report, None, &rejected)).expect("utf-8");
        assert!(html.contains("<td>&lt;b&gt;export&lt;/b&gt;.csv</td><td>17</td>"));
        assert!(html.contains(
            "<title>Rapport financier — exercice du 1er janvier au 31 décembre 2024</title>"
        ));
        assert!(html.contains(
            "<td colspan=\"2\">Total charges</td><td class=\"num\">25\u{202f}801,25</td>"
        ));
        assert_eq!(render_html(&report, None, &rejected), html.into_bytes());
    }

    #[test]
    fn without_rejections_a_sentence_says_so() {
        let doc = document(&sample_report(), None, &[]);
        let tail = &doc.blocks[doc.blocks.len() - 2..];
        assert_eq!(
            tail[0],
            Block::Heading {
                level: 2,
                text: "Lignes rejetées (0)".into()
            }
        );
        assert!(matches!(&tail[1], Block::Paragraph(_)));
    }
}
