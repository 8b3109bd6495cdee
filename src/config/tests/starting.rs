//! The starting configuration `rappro init` writes: it always parses, and finds the sample's files.

use super::*;

fn sample_files() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::from(SAMPLE)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("test setup") {
            let path = entry.expect("test setup").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(SAMPLE)
                    .expect("test setup")
                    .to_string_lossy()
                    .replace('\\', "/");
                let mut bytes = std::fs::read(&path).expect("test setup");
                bytes.truncate(64 * 1024);
                files.push((relative, bytes));
            }
        }
    }
    files
}

#[test]
fn starting_config_for_the_sample_folder_parses() {
    let text = starting_config(&sample_files());
    let config = parse(&text, &Path::new(SAMPLE).join("rappro.toml"))
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    let suppliers: Vec<_> = config
        .suppliers
        .iter()
        .map(|s| {
            (
                &*s.supplier.id,
                s.supplier.name.as_str(),
                s.supplier.accounts.join(","),
                s.invoices.join(","),
                s.reader.clone(),
            )
        })
        .collect();
    assert_eq!(
        suppliers,
        [
            (
                "kimsufi",
                "Kimsufi",
                "604F".to_owned(),
                "factures/kimsufi/*.csv".to_owned(),
                InvoiceReader::ControlPanelCsv
            ),
            (
                "ovh",
                "OVH",
                "604A".to_owned(),
                "factures/ovh/*.json".to_owned(),
                InvoiceReader::OvhJson
            ),
            (
                "retzo",
                "Retzo",
                "604C".to_owned(),
                "factures/retzo/*.csv".to_owned(),
                InvoiceReader::Mapped(crate::testing::retzo_mapping())
            ),
        ]
    );
    assert_eq!(
        config.exports,
        [
            "paheko/Le Cloud Girofle   Export comptable   Complet   Exercice 2024.csv",
            "paheko/Le Cloud Girofle   Export comptable   Complet   Exercice 2024.ods",
        ]
    );
    assert_eq!(
        config.chart.as_deref(),
        Some(
            "paheko/Plan comptable   Le Cloud Girofle   Plan comptable associatif  2018  révision 2024 .csv"
        )
    );
    let projects: Vec<&str> = config.projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(projects, ["BL-Évolution", "Camp CHATONS"]);
    // Every pattern it wrote finds its files.
    for supplier in &config.suppliers {
        expand(&config.folder, &supplier.invoices, &[]).expect("test setup");
    }
    expand(&config.folder, &config.exports, &[]).expect("test setup");
}

#[test]
fn starting_config_recognises_each_kind_and_always_parses() {
    let files = vec![
        (
            "compta/ASSOFEC2024.txt".to_owned(),
            b"JournalCode\tJournalLib".to_vec(),
        ),
        ("compta/export.xlsx".to_owned(), b"PK\x03\x04".to_vec()),
        (
            "compta/simplifie.csv".to_owned(),
            "\u{feff}\"Numéro d'écriture\";\"Date\"\n"
                .as_bytes()
                .to_vec(),
        ),
        (
            "factures/Hébergeur Libre/2024.json".to_owned(),
            b" {\"billId\": \"FR1\"}".to_vec(),
        ),
        (
            "factures/Hébergeur Libre/liste.csv".to_owned(),
            b"Reference;Objet;Total\n".to_vec(),
        ),
        (
            "factures/note.csv".to_owned(),
            b"Facture,Jour,Prix HT\n".to_vec(),
        ),
        ("factures/scan.pdf".to_owned(), b"%PDF".to_vec()),
        ("lisez-moi.txt".to_owned(), b"bonjour".to_vec()),
        (
            "rapports/resultat.csv".to_owned(),
            b"\"Charges\",,,\"\",\"Produits\",,\n\"604\",\"Achats\",\"10,00\",\"\",\"706\",\"Ventes\",\"20,00\"\n".to_vec(),
        ),
        (
            "banque/releve.csv".to_owned(),
            "Date;Libellé;Débit;Crédit;Solde\n".as_bytes().to_vec(),
        ),
        ("notes.txt".to_owned(), b"Notes de la tresoriere\n".to_vec()),
        (
            "compta/resultat.ods".to_owned(),
            include_bytes!("../../../tests/fixtures/not-exports/Exercice 2025   Compte de résultat.ods")
                .to_vec(),
        ),
        ("rappro.toml".to_owned(), b"ancien".to_vec()),
    ];
    let text = starting_config(&files);
    let config = parse(&text, &path()).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(
        config.exports,
        [
            "compta/ASSOFEC2024.txt",
            "compta/export.xlsx",
            "compta/simplifie.csv"
        ]
    );
    let ids: Vec<(&str, &str)> = config
        .suppliers
        .iter()
        .map(|s| (&*s.supplier.id, s.supplier.name.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("hebergeur-libre", "Hébergeur Libre"),
            ("hebergeur-libre-ovh-json", "Hébergeur Libre"),
            ("note", "Note"),
        ]
    );
    assert_eq!(
        config.suppliers[0].reader,
        InvoiceReader::Mapped(Mapping {
            number: "Reference".to_owned(),
            date: "À COMPLÉTER".to_owned(),
            total: "Total".to_owned(),
            total_ht: None,
            label: Some("Objet".to_owned()),
            service: None,
        })
    );
    assert_eq!(config.suppliers[2].invoices, ["factures/note.csv"]);
    assert!(text.contains("# Fichiers non reconnus"));
    assert!(text.contains("#   lisez-moi.txt"));
    // Files that are not exports are named as `rappro run` names them.
    assert!(
        text.contains(
            "# Fichiers qui ne sont pas des exports (rappro les ignore) :\n\
         #   banque/releve.csv : c'est un relevé bancaire\n\
         #   compta/resultat.ods : c'est le compte de résultat exporté par Paheko\n\
         #   notes.txt : c'est un texte (README, notes)\n\
         #   rapports/resultat.csv : c'est le compte de résultat exporté par Paheko\n"
        ),
        "{text}"
    );
    assert!(!text.contains("rappro.toml\n"));
    assert!(text.contains("À VÉRIFIER : le ou les comptes"));
}

#[test]
fn starting_config_of_an_empty_folder_parses() {
    let text = starting_config(&[]);
    let config = parse(&text, &path()).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(config.exports, ["paheko/*.csv"]);
    assert!(config.suppliers.is_empty());
}
