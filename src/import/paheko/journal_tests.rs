//! Unit tests of the journal: grouping by layout, rejections of whole transactions.

use std::sync::Arc;

use super::{Journal, JournalFile};
use crate::error::Reason;
use crate::import::container::text::csv_table;
use crate::import::paheko::columns::recognise;
use crate::model::ExportType;

/// The header of a Complet CSV export, as Paheko writes it.
pub(crate) const FULL_HEADER: &str = "\"Numéro d'écriture\",\"Type\",\"Statut\",\"Libellé\",\"Date\",\"Remarques\",\"Numéro pièce comptable\",\"Numéro compte\",\"Libellé compte\",\"Débit\",\"Crédit\",\"Référence ligne\",\"Libellé ligne\",\"Rapprochement\",\"Lettrage\",\"Projet analytique\",\"Membres associés\"\r\n";

/// Reads a CSV text through the journal; checks that its rows add up.
pub(crate) fn read(text: &str) -> (JournalFile, ExportType) {
    let (table, bad) = csv_table(text.as_bytes(), b',').expect("table");
    assert!(bad.is_empty());
    let (layout, columns) = recognise(&table.headers).expect("header");
    let mut journal = Journal::new(Arc::from("t.csv"), layout, columns);
    for (line, record) in &table.rows {
        journal.push(*line, record);
    }
    let export = journal.export_type();
    let out = journal.finish();
    let accepted: u64 = out.entries.iter().map(|e| u64::from(e.rows)).sum();
    assert_eq!(
        out.rows,
        accepted + out.rejected.len() as u64,
        "rows = accepted + rejected"
    );
    (out, export)
}

/// `line: code` of each rejection.
pub(crate) fn reasons(out: &JournalFile) -> Vec<String> {
    out.rejected
        .iter()
        .map(|r| format!("{}: {}", r.source.line, r.reason.code()))
        .collect()
}

#[test]
fn groups_a_split_invoice_over_three_lines() {
    let text = format!(
        "{FULL_HEADER}\
\"3\",\"Avancé\",\"\",\"Facture OVH FR12345678\",\"2024-04-30\",\"\",\"FR12345678\",\"604A\",\"OVH\",\"70,00\",\"0,00\",\"\",\"VPS BL\",\"0\",\"\",\"BL_EVOLUTION\",\"\"\r\n\
\"3\",\"Avancé\",\"\",\"Facture OVH FR12345678\",\"2024-04-30\",\"\",\"FR12345678\",\"604A\",\"OVH\",\"30,00\",\"0,00\",\"\",\"VPS camp\",\"0\",\"\",\"Camp CHATONS\",\"\"\r\n\
\"3\",\"Avancé\",\"\",\"Facture OVH FR12345678\",\"2024-04-30\",\"\",\"FR12345678\",\"5121\",\"Banque\",\"0,00\",\"100,00\",\"CB 30/04\",\"\",\"0\",\"\",\"\",\"\"\r\n"
    );
    let (out, export) = read(&text);
    assert_eq!(export, ExportType::Full);
    assert_eq!(out.entries.len(), 1);
    let entry = &out.entries[0];
    assert_eq!((&*entry.number, entry.lines.len(), entry.rows), ("3", 3, 3));
    assert_eq!(entry.lines[1].project.as_deref(), Some("Camp CHATONS"));
    assert_eq!(entry.lines[2].project, None);
    assert_eq!(&*entry.reference, "FR12345678");
}

#[test]
fn grouped_rows_continue_over_blank_columns() {
    let text = format!(
        "{FULL_HEADER}\
\"1\",\"Dépense\",\"\",\"Kimsufi\",\"2024-03-15\",\"Serveur\nligne 2\",\"FA-1\",\"626\",\"Télécoms\",\"1234,56\",\"0,00\",\"PRLV\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"5121\",\"Banque\",\"0,00\",\"1234,56\",\"PRLV\",\"\",\"0\",\"\",\"\",\"\"\r\n"
    );
    let (out, export) = read(&text);
    assert_eq!(export, ExportType::Grouped);
    assert_eq!(out.entries.len(), 1);
    assert_eq!(&*out.entries[0].notes, "Serveur\nligne 2");
}

#[test]
fn a_bad_row_rejects_its_whole_transaction() {
    let text = format!(
        "{FULL_HEADER}\
\"7\",\"Dépense\",\"\",\"X\",\"2024-03-15\",\"\",\"\",\"626\",\"T\",\"12,3,4\",\"0,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"7\",\"Dépense\",\"\",\"X\",\"2024-03-15\",\"\",\"\",\"5121\",\"B\",\"0,00\",\"12,34\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"8\",\"Dépense\",\"\",\"Y\",\"2024-03-16\",\"\",\"\",\"626\",\"T\",\"1,00\",\"0,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"8\",\"Dépense\",\"\",\"Y\",\"2024-03-16\",\"\",\"\",\"5121\",\"B\",\"0,00\",\"1,01\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n"
    );
    let (out, _) = read(&text);
    assert!(out.entries.is_empty());
    assert_eq!(
        reasons(&out),
        [
            "2: bad_amount",
            "3: entry_incomplete",
            "4: unbalanced",
            "5: unbalanced"
        ]
    );
    assert_eq!(
        out.rejected[3].reason.to_string(),
        "écriture n° 8 non équilibrée : débits 1,00, crédits 1,01 (écart -0,01)"
    );
}

#[test]
fn orphan_continuations_and_split_numbers_are_rejected() {
    let text = format!(
        "{FULL_HEADER}\
\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"5121\",\"Banque\",\"0,00\",\"1,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"1\",\"Dépense\",\"\",\"X\",\"2024-03-15\",\"\",\"\",\"626\",\"T\",\"1,00\",\"0,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"1\",\"Dépense\",\"\",\"X\",\"2024-03-15\",\"\",\"\",\"5121\",\"B\",\"0,00\",\"1,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"2\",\"Dépense\",\"\",\"Y\",\"2024-03-16\",\"\",\"\",\"626\",\"T\",\"1,00\",\"0,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"2\",\"Dépense\",\"\",\"Y\",\"2024-03-16\",\"\",\"\",\"5121\",\"B\",\"0,00\",\"1,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"1\",\"Dépense\",\"\",\"X\",\"2024-03-15\",\"\",\"\",\"626\",\"T\",\"1,00\",\"0,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n"
    );
    let (out, _) = read(&text);
    // Transaction 1 is rejected in both places, naming the other one.
    assert_eq!(out.entries.len(), 1);
    assert_eq!(
        reasons(&out),
        [
            "2: orphan_continuation",
            "3: split_entry",
            "4: split_entry",
            "7: split_entry"
        ]
    );
    assert_eq!(
        out.rejected[1].reason.to_string(),
        "écriture n° 1 en plusieurs endroits du fichier (voir aussi la ligne 7) : ses lignes doivent se suivre"
    );
    assert_eq!(
        out.rejected[3].reason,
        Reason::SplitEntry {
            number: "1".to_owned(),
            other_line: 3
        }
    );
}

#[test]
fn negative_amounts_move_to_the_other_side() {
    let text = format!(
        "{FULL_HEADER}\
\"1\",\"Avancé\",\"\",\"X\",\"2024-03-15\",\"\",\"\",\"626\",\"T\",\"-5,00\",\"\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n\
\"1\",\"Avancé\",\"\",\"X\",\"2024-03-15\",\"\",\"\",\"5121\",\"B\",\"5,00\",\"0\",\"\",\"\",\"0\",\"\",\"\",\"\"\r\n"
    );
    let (out, _) = read(&text);
    assert_eq!(out.entries[0].lines[0].credit.to_plain(), "5.00");
}

#[test]
fn simple_rows_are_whole_transactions() {
    let text = "\"Numéro d'écriture\",\"Type\",\"Statut\",\"Libellé\",\"Date\",\"Remarques\",\"Numéro pièce comptable\",\"Référence paiement\",\"Compte de débit\",\"Compte de crédit\",\"Montant\",\"Projet analytique\",\"Membres associés\"\r\n\
\"2\",\"Recette\",\"\",\"Cotisation\",\"02/04/2024\",\"\",\"\",\"VIR 123\",\"5121\",\"706\",\"60\",\"BL_EVOLUTION\",\"\"\r\n\
\"3\",\"Achat\",\"\",\"Cotisation\",\"2024-04-02\",\"\",\"\",\"VIR 123\",\"5121\",\"706\",\"60,00\",\"\",\"\"\r\n";
    let (out, export) = read(text);
    assert_eq!(export, ExportType::Simple);
    assert_eq!(out.entries.len(), 1);
    assert_eq!(
        out.entries[0].lines[1].project.as_deref(),
        Some("BL_EVOLUTION")
    );
    assert_eq!(out.entries[0].date.to_string(), "2024-04-02");
    assert_eq!(reasons(&out), ["3: unknown_type"]);
    assert!(matches!(&out.rejected[0].reason, Reason::UnknownType(t) if t == "Achat"));
}

#[test]
fn fec_groups_by_number_anywhere_and_drops_placeholder_pieces() {
    let text = "JournalCode,JournalLib,EcritureNum,EcritureDate,CompteNum,CompteLib,PieceRef,EcritureLib,Debit,Credit\n\
02,Dépense,5,20240104,604A,OVH,FR1,Facture,\"30,56\",\"0,00\"\n\
01,Recette,6,20240105,5121,Banque,ECRITURE-6,Don,\"10,00\",\"0,00\"\n\
02,Dépense,5,20240104,5121,Banque,FR1,Facture,\"0,00\",\"30,56\"\n\
01,Recette,6,20240105,754,Dons,ECRITURE-6,Don,\"0,00\",\"10,00\"\n";
    let (out, export) = read(text);
    assert_eq!(export, ExportType::Fec);
    assert_eq!(out.entries.len(), 2);
    assert_eq!(&*out.entries[1].reference, "");
    assert_eq!(&*out.entries[0].reference, "FR1");
    assert_eq!(out.entries[0].rows, 2);
}
