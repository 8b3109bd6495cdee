//! CSV injection and markup injection, through `rappro run`: input text that starts a
//! spreadsheet formula (`=HYPERLINK(…)`, `+`, `-`, `@`, tab, CR) or holds Markdown/HTML goes
//! from a Paheko export, supplier invoices (OVH JSON, a mapped list), the configuration
//! (supplier and project names) and file names into every report. Every CSV cell from text
//! must be neutralised, amounts (negative ones too) must stay numbers, Markdown must be
//! escaped, JSON must carry the text as it is.

use std::path::Path;

use crate::support::rappro;

const EVIL: &str = "=HYPERLINK(\"http://x\",\"clic\")";
const MARKUP: &str = "<img src=x onerror=alert(1)> [clic](javascript:alert(1)) | *gras*";
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn csv_row(cells: &[&str]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect();
    quoted.join(",") + "\n"
}

/// Writes the treasurer's folder: every text that reaches a report is hostile somewhere.
fn write_folder(dir: &Path) {
    let header = [
        "Numéro d'écriture",
        "Type",
        "Statut",
        "Libellé",
        "Date",
        "Remarques",
        "Numéro pièce comptable",
        "Numéro compte",
        "Libellé compte",
        "Débit",
        "Crédit",
        "Référence ligne",
        "Libellé ligne",
        "Rapprochement",
        "Lettrage",
        "Projet analytique",
        "Membres associés",
    ];
    let mut export = csv_row(&header);
    let mut entry = |n: &str, label: &str, date: &str, piece: &str, lines: &[[&str; 6]]| {
        for [account, account_label, debit, credit, line_label, project] in lines {
            export.push_str(&csv_row(&[
                n,
                "Dépense",
                "",
                label,
                date,
                "",
                piece,
                account,
                account_label,
                debit,
                credit,
                "",
                line_label,
                "0",
                "",
                project,
                "",
            ]));
        }
    };
    let bank = |debit: &'static str, credit: &'static str| -> [&'static str; 6] {
        ["5121", "Compte courant", debit, credit, "", ""]
    };
    entry(
        "1",
        EVIL,
        "2024-01-04",
        "FR1",
        &[
            ["604A", "+Achats", "30,56", "0,00", "-ligne", "@projet *x*"],
            bank("0,00", "30,56"),
        ],
    );
    // A refund booked on an income account: its produit is negative, -12,50.
    entry(
        "2",
        "\trembourse",
        "2024-02-01",
        "",
        &[
            ["708", "\rRemboursements", "12,50", "0,00", "", ""],
            bank("0,00", "12,50"),
        ],
    );
    entry(
        "3",
        MARKUP,
        "2024-03-03",
        "=1+1",
        &[
            ["604C", MARKUP, "55,00", "0,00", "", ""],
            bank("0,00", "55,00"),
        ],
    );
    entry(
        "4",
        "@SUM(A1)",
        "2024-04-04",
        "FR9",
        &[
            ["604A", "+Achats", "20,00", "0,00", "", ""],
            bank("0,00", "20,00"),
        ],
    );
    // Rejected: an amount that is a formula.
    entry(
        "5",
        "Ligne rejetée",
        "2024-05-05",
        "",
        &[
            ["604A", "+Achats", "=1+2", "0,00", "", ""],
            bank("0,00", "3,00"),
        ],
    );
    std::fs::write(dir.join("=export.csv"), export).expect("export");
    std::fs::create_dir_all(dir.join("ovh")).expect("mkdir");
    std::fs::create_dir_all(dir.join("retzo")).expect("mkdir");
    let bills = serde_json::json!([
        {"billId": "FR1", "date": "2024-01-01T12:00:00+01:00",
         "priceWithTax": {"currencyCode": "EUR", "value": 30.56},
         "priceWithoutTax": {"currencyCode": "EUR", "value": 25.47},
         "details": [{"description": EVIL, "domain": "-srv",
                      "totalPrice": {"currencyCode": "EUR", "value": 25.47}}]},
        {"billId": "FR2", "date": "2024-06-01T12:00:00+01:00",
         "priceWithTax": {"currencyCode": "EUR", "value": 10.0},
         "details": [{"description": "@cmd|' /C calc'!A0", "domain": "\t+srv2",
                      "totalPrice": {"currencyCode": "EUR", "value": 8.33}}]}
    ]);
    std::fs::write(dir.join("ovh/bills.json"), bills.to_string()).expect("bills");
    std::fs::write(
        dir.join("retzo/@retzo.csv"),
        "Numéro;Date;Désignation;Montant TTC\n\
         =1+1;03/03/2024;+Sauvegardes;55,00\n\
         R2;04/04/2024;-avoir;-5,00\n\
         R3;05/05/2024;\"\rpas un montant\";=2+3\n",
    )
    .expect("retzo");
    std::fs::write(
        dir.join("rappro.toml"),
        r#"[exercice]
debut = "2024-01-01"
fin = "2024-12-31"

[comptabilite]
exports = ["*.csv"]

[[projets]]
nom = "@projet *x*"

[[fournisseurs]]
id = "ovh"
nom = "+OVH"
comptes = ["604A"]
factures = ["ovh/*.json"]
format = "ovh-json"

[[fournisseurs]]
id = "retzo"
nom = "=Retzo <b>gras</b> [x](javascript:alert(1))"
comptes = ["604C"]
factures = ["retzo/*.csv"]
format = "colonnes"
[fournisseurs.colonnes]
numero = "Numéro"
date = "Date"
montant_ttc = "Montant TTC"
libelle = "Désignation"

[[regles]]
fournisseur = "ovh"
service = "-srv"
projet = "@projet *x*"
"#,
    )
    .expect("config");
}

/// The cells of a `;`-separated report (BOM first).
fn csv_cells(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("report");
    let body = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .expect("a BOM first");
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.expect("row").iter().map(str::to_owned).collect())
        .collect()
}

/// A negative amount as the reports write it: `-12,50`.
fn is_negative_amount(cell: &str) -> bool {
    cell.strip_prefix('-')
        .and_then(|rest| rest.split_once(','))
        .is_some_and(|(units, cents)| {
            !units.is_empty()
                && units.bytes().all(|b| b.is_ascii_digit())
                && cents.len() == 2
                && cents.bytes().all(|b| b.is_ascii_digit())
        })
}

#[test]
fn injection_no_report_cell_can_start_a_formula_and_markup_is_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_folder(dir.path());
    let output = rappro(dir.path(), &["run", ".", "--out", "rapports"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "rows were rejected\n{stderr}"
    );
    let out = dir.path().join("rapports");

    // CSV: a cell may start with a formula character only if it is a negative amount.
    let mut neutralised = Vec::new();
    for name in [
        "compte-de-resultat.csv",
        "ecarts.csv",
        "lignes.csv",
        "rejets.csv",
    ] {
        let rows = csv_cells(&out.join(name));
        assert!(rows.len() > 1, "{name}: no rows");
        let mut quoted = 0;
        for cell in rows.iter().flatten() {
            if cell.starts_with(FORMULA_STARTS) {
                assert!(is_negative_amount(cell), "{name}: « {cell} » would run");
            }
            if cell.starts_with('\'') && cell[1..].starts_with(FORMULA_STARTS) {
                quoted += 1;
            }
        }
        assert!(
            quoted > 0,
            "{name}: nothing was neutralised, the test proves nothing"
        );
        neutralised.push((name, rows));
    }
    let has = |file: &str, cell: &str| {
        neutralised
            .iter()
            .find(|(name, _)| *name == file)
            .is_some_and(|(_, rows)| rows.iter().flatten().any(|c| c == cell))
    };
    // Text cells, neutralised: labels, project, pièce, file names.
    assert!(has("compte-de-resultat.csv", "'+Achats"));
    assert!(has("compte-de-resultat.csv", "'@projet *x*"));
    assert!(has("lignes.csv", "'-ligne"));
    assert!(has("lignes.csv", "'=1+1"));
    assert!(has("lignes.csv", "'@SUM(A1)"));
    assert!(has("ecarts.csv", "'=export.csv:9"));
    assert!(has("rejets.csv", "'=export.csv"));
    // Amounts stay numbers, negative ones too.
    assert!(has("compte-de-resultat.csv", "-12,50"));
    assert!(has("ecarts.csv", "-5,00"));
    // A leading tab or CR never reaches a cell: trimmed on input (Paheko's own import
    // trims too) or neutralised.
    for (name, rows) in &neutralised {
        assert!(
            !rows.iter().flatten().any(|c| c.starts_with(['\t', '\r'])),
            "{name}"
        );
    }

    // Markdown: input text is escaped, so no HTML tag or link survives.
    for name in ["bilan-financier.md", "ecarts.md"] {
        let text = std::fs::read_to_string(out.join(name)).expect("markdown");
        for raw in ["<img", "<b>", "](javascript"] {
            let unescaped = text
                .match_indices(raw)
                .any(|(at, _)| !text[..at].ends_with('\\'));
            assert!(!unescaped, "{name}: « {raw} » unescaped\n{text}");
        }
    }
    let bilan = std::fs::read_to_string(out.join("bilan-financier.md")).expect("bilan");
    assert!(
        bilan.contains(r"| 604C | \<img src=x onerror=alert(1)\> \[clic\](javascript:alert(1)) \| \*gras\* | 55,00 |"),
        "{bilan}"
    );
    assert!(bilan.contains(r"### @projet \*x\*"), "{bilan}");
    let ecarts_md = std::fs::read_to_string(out.join("ecarts.md")).expect("ecarts.md");
    assert!(
        ecarts_md.contains(r"=Retzo \<b\>gras\</b\> \[x\](javascript:alert(1))"),
        "{ecarts_md}"
    );

    // JSON: the text as it is, in plain JSON strings.
    let statement: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("compte-de-resultat.json")).expect("json"),
    )
    .expect("valid JSON");
    let labels: Vec<&str> = statement["scopes"][0]["expenses"]
        .as_array()
        .expect("expenses")
        .iter()
        .filter_map(|l| l["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"+Achats") && labels.contains(&MARKUP),
        "{labels:?}"
    );
    assert_eq!(statement["scopes"][0]["income"][0]["amount"], "-12.50");
    let ecarts: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("ecarts.json")).expect("json"))
            .expect("valid JSON");
    assert!(
        ecarts.to_string().contains("=Retzo <b>gras</b>"),
        "the supplier name as written"
    );

    // stderr: the rejections, one line each, nothing a terminal would interpret.
    assert_eq!(
        stderr,
        "=export.csv:11: montant invalide « =1+2 » dans la colonne « Débit »\n\
         =export.csv:12: écriture n° 5 écartée en entier : sa ligne 11 est rejetée\n\
         retzo/@retzo.csv:4: montant invalide « =2+3 » dans la colonne « Montant TTC »\n"
    );
}
