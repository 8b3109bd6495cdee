//! The renderers of a reconciliation: golden files of the Girofle 2024 sample in every format,
//! decisions, CSV neutralisation, the empty case, and the French wording of findings.

use std::sync::Arc;

use crate::model::Source;
use crate::reconcile::testdata::{day, eur, expense, invoice, named, rules, run, sample};
use crate::reconcile::{Decision, Finding, InvoiceFacts, Kind, ProjectKey, reconcile};
use crate::report::ecarts::{ecarts_csv, ecarts_json, ecarts_md, lignes_csv, summary_text};
use crate::report::fr;
use crate::testing;

fn golden(name: &str, actual: &[u8]) -> Result<(), String> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/reconcile")
        .join(name);
    testing::check_golden(&path, actual)
}

#[test]
fn sample_renderings_match_golden_files() {
    let rec = sample();
    let failures: Vec<String> = [
        golden("ecarts.json", ecarts_json(&rec).as_bytes()),
        golden("ecarts.md", ecarts_md(&rec).as_bytes()),
        golden("ecarts.csv", &ecarts_csv(&rec)),
        golden("lignes.csv", &lignes_csv(&rec)),
        golden("resume.txt", summary_text(&rec).as_bytes()),
    ]
    .into_iter()
    .filter_map(Result::err)
    .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn accepted_discrepancies_render_as_accepted() {
    let entries = [expense("1", "2024-03-03", "FR1001", "604A", 1010)];
    let invoices = [invoice("ovh", "FR1001", "2024-03-01", 1000)];
    let decisions = [Decision {
        kind: Kind::AmountMismatch,
        invoice: Some("FR1001".to_owned()),
        entry: None,
        reason: "frais bancaires *inclus*".to_owned(),
        who: "Camille".to_owned(),
        date: "2025-01-15".to_owned(),
        source: Source::new(Arc::from("rappro.toml"), 12),
    }];
    let rec = reconcile(&entries, &invoices, &rules(), &decisions);
    let json = ecarts_json(&rec);
    assert!(json.contains("\"status\": \"accepted\""));
    assert!(json.contains("\"open_errors\": 0"));
    assert!(ecarts_md(&rec).contains("frais bancaires \\*inclus\\*"));
    let lines = String::from_utf8(lignes_csv(&rec)).expect("utf-8");
    assert!(
        lines.contains(
            ";\"rapprochée avec la facture FR1001 par numéro de pièce ; écart accepté : montant différent\";"
        ),
        "{lines}"
    );
}

#[test]
fn stale_decisions_and_input_text_are_escaped_in_markdown() {
    let entries = [expense("1", "2024-03-03", "FR1001", "604A", 1010)];
    let invoices = [invoice("ovh", "FR1001", "2024-03-01", 1000)];
    let decision = |kind, invoice: Option<&str>, entry: Option<&str>| Decision {
        kind,
        invoice: invoice.map(str::to_owned),
        entry: entry.map(str::to_owned),
        reason: "frais *inclus* | [x]".to_owned(),
        who: "Cam_ille".to_owned(),
        date: "2025-01-15".to_owned(),
        source: Source::new(Arc::from("rap<pro>.toml"), 12),
    };
    let decisions = [
        decision(Kind::AmountMismatch, Some("FR1001"), None),
        decision(Kind::WrongAccount, Some("ZZ*9"), None),
        decision(Kind::AmountMismatch, None, Some("7")),
    ];
    let rec = reconcile(&entries, &invoices, &rules(), &decisions);
    let md = ecarts_md(&rec);
    assert!(
        md.contains(
            "- **Erreur, acceptée** — La facture OVH FR1001 du 01/03/2024 (10,00\u{202f}€) est comptabilisée pour 10,10\u{202f}€ (écriture n° 1) : écart de 0,10\u{202f}€.\n  \
             - Fournisseur : ovh ; facture : FR1001 ; écriture : n° 1 ; pièce : FR1001\n"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "  - Acceptée : frais \\*inclus\\* \\| \\[x\\] (Cam\\_ille, 2025-01-15 ; rap\\<pro\\>.toml:12)\n"
        ),
        "{md}"
    );
    assert!(
        md.ends_with(
            "## Décisions sans objet (2)\n\n\
             Ces décisions n'acceptent plus aucun écart : retirez-les ou corrigez-les.\n\n\
             - montant différent : facture —, écriture 7 — frais \\*inclus\\* \\| \\[x\\] (Cam\\_ille, 2025-01-15 ; rap\\<pro\\>.toml:12)\n\
             - mauvais compte : facture ZZ\\*9, écriture — — frais \\*inclus\\* \\| \\[x\\] (Cam\\_ille, 2025-01-15 ; rap\\<pro\\>.toml:12)\n"
        ),
        "{md}"
    );
    let csv = String::from_utf8(ecarts_csv(&rec)).expect("utf-8");
    assert!(csv.contains(";accepté;ovh;FR1001;1;FR1001;"), "{csv}");
    assert!(
        csv.contains(";frais *inclus* | [x];Cam_ille;2025-01-15;ovh.csv:1;journal.csv:10\r\n"),
        "{csv}"
    );
}

#[test]
fn csv_cells_are_neutralised_but_not_amounts() {
    let mut e = expense("1", "2024-03-03", "=HYPERLINK(1)", "604A", -1000);
    e.lines[0].text = crate::model::LineText::new("", "+33 ; \"cité\"", "");
    let rec = run(&[e], &[]);
    let text = String::from_utf8(lignes_csv(&rec)).expect("utf-8");
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("\r\n"));
    assert!(text.contains(";'=HYPERLINK(1);"));
    assert!(text.contains(";\"'+33 ; \"\"cité\"\"\";"));
    assert!(text.contains(";0,00;10,00;"));
    let text = String::from_utf8(ecarts_csv(&rec)).expect("utf-8");
    assert!(text.contains(";-10,00;"));
}

#[test]
fn empty_reconciliation_renders() {
    let rec = run(&[], &[]);
    assert!(ecarts_md(&rec).contains("Aucun écart"));
    assert!(summary_text(&rec).contains("Aucun écart"));
    assert!(ecarts_json(&rec).ends_with("}\n"));
}

fn facts(credit_note: bool) -> InvoiceFacts {
    InvoiceFacts {
        supplier_name: "OVH".to_owned(),
        number: "FR1001".to_owned(),
        date: day("2024-03-01"),
        amount: eur(if credit_note { -123_456 } else { 123_456 }),
        credit_note,
    }
}

#[test]
fn findings_are_worded_in_french() {
    let without = Finding::InvoiceWithoutEntry {
        invoice: facts(false),
        accounts: vec![Arc::from("604A"), Arc::from("604B")],
    };
    assert_eq!(
        fr::finding(&without),
        "La facture OVH FR1001 du 01/03/2024 (1\u{202f}234,56\u{202f}€) : aucune écriture ne la comptabilise (compte 604A, 604B)."
    );
    let out = Finding::OutOfYear {
        invoice: facts(true),
        fiscal_year: (day("2024-01-01"), day("2024-12-31")),
    };
    assert_eq!(
        fr::finding(&out),
        "L'avoir OVH FR1001 du 01/03/2024 (-1\u{202f}234,56\u{202f}€) est hors de l'exercice (du 01/01/2024 au 31/12/2024) : elle n'est pas rapprochée."
    );
    let ambiguous = Finding::AmbiguousMatch {
        invoice: facts(false),
        entries: vec![
            ("1".to_owned(), day("2024-03-02")),
            ("2".to_owned(), day("2024-03-02")),
        ],
        more_entries: 3,
        other_invoices: vec!["FR1002".to_owned()],
        more_invoices: 0,
    };
    assert_eq!(
        fr::finding(&ambiguous),
        "La facture OVH FR1001 du 01/03/2024 (1\u{202f}234,56\u{202f}€) : plusieurs rapprochements sont aussi bons (écritures n° 1 du 02/03/2024, n° 2 du 02/03/2024 et 3 autres ; autres factures : FR1002) ; aucun n'est fait, indiquez le numéro de facture en pièce."
    );
}

#[test]
fn project_splits_name_projects_first_and_plurals_start_at_two() {
    let split = [
        (ProjectKey::None, eur(1200)),
        (named("BL-Évolution"), eur(24_836)),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        fr::project_split(&split),
        "BL-Évolution 248,36\u{202f}€, (aucun) 12,00\u{202f}€"
    );
    assert_eq!(fr::project_split(&Default::default()), "rien");
    assert_eq!(fr::plural(0, "écart", "écarts"), "0 écart");
    assert_eq!(fr::plural(1, "écart", "écarts"), "1 écart");
    assert_eq!(fr::plural(2, "écart", "écarts"), "2 écarts");
    assert_eq!(fr::capitalize("écriture"), "Écriture");
}

#[test]
fn ambiguous_matches_list_their_candidates() {
    let rec = run(
        &[
            expense("1", "2024-03-05", "", "604A", 1000),
            expense("2", "2024-03-05", "", "604A", 1000),
        ],
        &[
            invoice("ovh", "FR1001", "2024-03-01", 1000),
            invoice("ovh", "FR1002", "2024-03-01", 1000),
        ],
    );
    let md = ecarts_md(&rec);
    assert!(
        md.contains(
            "\n  - Écritures candidates : 1, 2\n  - Factures candidates : FR1001, FR1002\n"
        ),
        "{md}"
    );
    let csv = String::from_utf8(ecarts_csv(&rec)).expect("utf-8");
    assert!(csv.contains(";1, 2;"), "{csv}");
}
