use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::*;
use crate::model::{Date, Money, Source};
use crate::reconcile::{Decision, Kind};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/girofle-2024");

/// A small valid configuration that the error cases modify.
const BASE: &str = r#"[comptabilite]
exports = ["paheko/*.csv"]

[[projets]]
nom = "BL-Évolution"
alias = ["BL_EVOLUTION"]

[[fournisseurs]]
id = "ovh"
comptes = ["604A"]
factures = ["factures/ovh/*.json"]
format = "ovh-json"

[[regles]]
service = "ns3111630.ip-51-77-214.eu"
projet = "BL_EVOLUTION"
"#;

fn path() -> PathBuf {
    PathBuf::from("/asso/rappro.toml")
}

/// The message of the error `text` gives.
fn error(text: &str) -> String {
    match parse(text, &path()) {
        Ok(config) => panic!("no error for:\n{text}\n{config:?}"),
        Err(Error::Config { path: p, message }) => {
            assert_eq!(p, path());
            message
        }
        Err(other) => panic!("unexpected {other:?}"),
    }
}

/// BASE with `old` replaced by `new` (which must be there).
fn base_with(old: &str, new: &str) -> String {
    assert!(BASE.contains(old), "{old}");
    BASE.replace(old, new)
}

#[test]
fn sample_parses() {
    let folder = Path::new(SAMPLE);
    let config = load(folder).expect("test setup");
    assert_eq!(config.folder, folder);
    assert_eq!(
        config.fiscal_year,
        Period::new(
            Date::new(2024, 1, 1).expect("test setup"),
            Date::new(2024, 12, 31).expect("test setup")
        )
    );
    assert_eq!(
        config.exports,
        ["paheko/*Complet*.csv", "paheko/*Complet*.ods"]
    );
    assert_eq!(config.chart.as_deref(), Some("paheko/Plan comptable*.csv"));
    assert_eq!(config.basis, Basis::Ttc);
    let projects: Vec<&str> = config.projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(projects, ["BL-Évolution", "Camp CHATONS"]);
    let suppliers: Vec<(&str, &str, &[String])> = config
        .suppliers
        .iter()
        .map(|s| {
            let supplier = &s.supplier;
            (
                &*supplier.id,
                supplier.name.as_str(),
                supplier.accounts.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        suppliers,
        [
            ("ovh", "OVH", &["604A".to_owned()][..]),
            ("kimsufi", "Kimsufi", &["604F".to_owned()][..]),
            ("retzo", "Retzo", &["604C".to_owned()][..]),
        ]
    );
    assert_eq!(config.suppliers[0].reader, InvoiceReader::OvhJson);
    assert_eq!(config.suppliers[1].reader, InvoiceReader::ControlPanelCsv);
    assert_eq!(
        config.suppliers[2].reader,
        InvoiceReader::Mapped(Mapping {
            number: "Numéro".to_owned(),
            date: "Date".to_owned(),
            total: "Montant TTC".to_owned(),
            total_ht: None,
            label: Some("Désignation".to_owned()),
            service: None,
        })
    );
    assert_eq!(config.rules.len(), 3);
    for rule in &config.rules {
        assert_eq!(rule.supplier.as_deref(), Some("ovh"));
        assert_eq!(rule.project, "BL-Évolution");
    }
    let services: Vec<_> = config.rules.iter().map(|r| r.service.clone()).collect();
    assert_eq!(
        services,
        [
            ServicePattern::Exact("ns3111630.ip-51-77-214.eu".to_owned()),
            ServicePattern::Exact("ns3196618.ip-51-77-199.eu".to_owned()),
            ServicePattern::Exact("ns3128098.ip-51-77-164.eu".to_owned()),
        ]
    );
    assert_eq!(config.tolerances, Tolerances::default());
    assert_eq!(config.tolerances.days, 21);
    assert_eq!(config.tolerances.amount, Money::ZERO);
    assert_eq!(config.tolerances.project_rounding, Money::from_cents(1));
}

#[test]
fn sample_patterns_find_the_sample_files() {
    let folder = Path::new(SAMPLE);
    let config = load(folder).expect("test setup");
    let names = |paths: Vec<PathBuf>| -> Vec<String> {
        paths
            .iter()
            .map(|p| {
                p.strip_prefix(folder)
                    .expect("test setup")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    };
    assert_eq!(
        names(
            expand(&config.folder, &config.exports, &[])
                .expect("test setup")
                .0
        ),
        [
            "paheko/Le Cloud Girofle   Export comptable   Complet   Exercice 2024.csv",
            "paheko/Le Cloud Girofle   Export comptable   Complet   Exercice 2024.ods",
        ]
    );
    let chart: Vec<String> = config.chart.iter().cloned().collect();
    assert_eq!(
        names(expand(&config.folder, &chart, &[]).expect("test setup").0),
        [
            "paheko/Plan comptable   Le Cloud Girofle   Plan comptable associatif  2018  révision 2024 .csv"
        ]
    );
    let invoices: Vec<Vec<String>> = config
        .suppliers
        .iter()
        .map(|s| {
            names(
                expand(&config.folder, &s.invoices, &[])
                    .expect("test setup")
                    .0,
            )
        })
        .collect();
    assert_eq!(
        invoices,
        [
            vec!["factures/ovh/bills-2024.json".to_owned()],
            vec!["factures/kimsufi/factures-2024.csv".to_owned()],
            vec!["factures/retzo/factures-retzo-2024.csv".to_owned()],
        ]
    );
}

#[test]
fn byte_order_mark_and_non_utf8_file() {
    assert!(parse("\u{feff}[comptabilite]\nexports = [\"a\"]\n", &path()).is_ok());
    let dir = tempfile::tempdir().expect("test setup");
    std::fs::write(
        dir.path().join("rappro.toml"),
        b"[comptabilite]\n# \xe9t\xe9\n",
    )
    .expect("test setup");
    match load(dir.path()) {
        Err(Error::Config { message, .. }) => assert_eq!(
            message,
            "le fichier n'est pas en UTF-8 : ré-enregistrez-le en UTF-8"
        ),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn minimal_config_and_defaults() {
    let config = parse(
        "[comptabilite]\nexports = [\"a.csv\"]\n",
        Path::new("rappro.toml"),
    )
    .expect("test setup");
    assert_eq!(config.folder, Path::new("."));
    assert_eq!(config.fiscal_year, None);
    assert_eq!(config.chart, None);
    assert_eq!(config.basis, Basis::Ttc);
    assert!(config.projects.is_empty() && config.suppliers.is_empty() && config.rules.is_empty());
    assert_eq!(config.tolerances, Tolerances::default());
}

#[test]
fn other_accepted_forms() {
    let text = r#"[exercice]
debut = "01/07/2024"
fin = 2025-06-30

[comptabilite]
exports = ["a.csv"]
montants = "ht"

[[fournisseurs]]
id = "retzo_2"
comptes = ["604C", "604"]
factures = ["f/*.csv"]
format = "colonnes"
[fournisseurs.colonnes]
numero = "N°"
date = "Date"
montant_ttc = "TTC"
montant_ht = "HT"
service = "Serveur"

[[regles]]
fournisseur = "retzo_2"
motif = "ns3*.eu"
projet = "Tout autre nom"

[tolerances]
jours = 0
montant = "0,50"
arrondi_projet = 1
"#;
    let config = parse(text, &path()).expect("test setup");
    assert_eq!(
        config.fiscal_year,
        Period::new(
            Date::new(2024, 7, 1).expect("test setup"),
            Date::new(2025, 6, 30).expect("test setup")
        )
    );
    assert_eq!(config.basis, Basis::Ht);
    assert_eq!(config.suppliers[0].supplier.name, "retzo_2");
    assert_eq!(config.suppliers[0].supplier.accounts, ["604C", "604"]);
    let rule = &config.rules[0];
    assert_eq!(rule.project, "Tout autre nom");
    assert!(rule.service.matches("ns3196618.ip-51-77-199.eu"));
    assert!(!rule.service.matches("vps-123.ovh.net"));
    assert_eq!(
        config.tolerances,
        Tolerances {
            days: 0,
            amount: Money::from_cents(50),
            project_rounding: Money::from_cents(100),
        }
    );
}

#[test]
fn project_aliases_and_rule_alias_resolution() {
    let text = base_with(
        "alias = [\"BL_EVOLUTION\"]",
        "alias = [\"BL_EVOLUTION\", \"BL Evolution\"]\n\n[[projets]]\nnom = \"Camp CHATONS\"",
    );
    let config = parse(&text, &path()).expect("test setup");
    let table = config.project_aliases();
    let pairs: Vec<(&str, &str)> = table
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("BL Evolution", "BL-Évolution"),
            ("BL-Évolution", "BL-Évolution"),
            ("BL_EVOLUTION", "BL-Évolution"),
            ("Camp CHATONS", "Camp CHATONS"),
        ]
    );
    assert_eq!(config.rules[0].project, "BL-Évolution");
}

#[test]
fn project_names_are_read_in_nfc() {
    // « BL-Évolution » decomposed, as a macOS editor may write it.
    let text = BASE.replace("BL-Évolution", "BL-E\u{301}volution");
    let config = parse(&text, &path()).expect("test setup");
    assert_eq!(config.projects[0].name, "BL-Évolution");
    assert_eq!(
        config
            .project_aliases()
            .get("BL-Évolution")
            .map(String::as_str),
        Some("BL-Évolution")
    );
}

#[test]
fn missing_file_says_how_to_create_one() {
    let dir = tempfile::tempdir().expect("test setup");
    match load(dir.path()) {
        Err(Error::Config { path, message }) => {
            assert_eq!(path, dir.path().join("rappro.toml"));
            let shown = dir.path().display();
            assert_eq!(
                message,
                format!(
                    "fichier rappro.toml introuvable dans {shown} : lancez « rappro init {shown} » pour en créer un"
                )
            );
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn toml_errors_name_the_key_and_the_line() {
    let cases = [
        (
            base_with(
                "format = \"ovh-json\"",
                "format = \"ovh-json\"\ncompte = [\"604A\"]",
            ),
            "ligne 13 : clé inconnue « compte » dans [fournisseurs] (clés possibles : id, nom, comptes, factures, format, colonnes)",
        ),
        (
            format!("{BASE}\n[tolerance]\njours = 3\n"),
            "ligne 18 : clé inconnue « tolerance » (clés possibles : exercice, comptabilite, projets, fournisseurs, regles, tolerances)",
        ),
        (
            base_with("comptes = [\"604A\"]\n", ""),
            "ligne 8 : clé obligatoire « comptes » manquante dans [fournisseurs]",
        ),
        (
            "[[projets]]\nnom = \"X\"\n".to_owned(),
            "clé obligatoire « comptabilite » manquante",
        ),
        (
            base_with("comptes = [\"604A\"]", "comptes = \"604A\""),
            "ligne 10 : la clé « comptes » dans [fournisseurs] doit être une liste entre crochets, par exemple [\"…\"] (trouvé : le texte \"604A\")",
        ),
        (
            format!("{BASE}\n[tolerances]\njours = \"21\"\n"),
            "ligne 19 : la clé « jours » dans [tolerances] doit être un nombre entier (trouvé : le texte \"21\")",
        ),
        (
            base_with("id = \"ovh\"", "id = 12"),
            "ligne 9 : la clé « id » dans [fournisseurs] doit être un texte entre guillemets, par exemple \"…\" (trouvé : le nombre 12)",
        ),
        (
            base_with("format = \"ovh-json\"", "format = ovh-json"),
            "ligne 12 : erreur de syntaxe TOML : les textes doivent être entre guillemets, par exemple nom = \"OVH\"",
        ),
        (
            base_with("[comptabilite]", "[comptabilite"),
            "ligne 1 : erreur de syntaxe TOML : crochet fermant « ] » manquant dans l'en-tête de table",
        ),
        (
            base_with("id = \"ovh\"", "id = \"ovh\"\nid = \"kimsufi\""),
            "ligne 10 : erreur de syntaxe TOML : clé « id » en double",
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, expected)| error(text) != *expected)
        .map(|(text, expected)| {
            format!(
                "{text}\n  got:      {}\n  expected: {expected}",
                error(text)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn meaning_errors_name_the_key_and_the_line() {
    let cases = [
        (
            format!("[exercice]\ndebut = \"2024-13-01\"\nfin = \"2024-12-31\"\n{BASE}"),
            "ligne 2 : la clé « debut » n'est pas une date valide : « 2024-13-01 » (formats acceptés : AAAA-MM-JJ ou JJ/MM/AAAA)",
        ),
        (
            format!("[exercice]\ndebut = \"2024-01-01\"\nfin = \"31/12/2023\"\n{BASE}"),
            "ligne 3 : la clé « fin » (31/12/2023) précède « debut » (01/01/2024) : l'exercice doit finir après avoir commencé",
        ),
        (
            format!("[exercice]\ndebut = 2024\nfin = \"31/12/2024\"\n{BASE}"),
            "ligne 2 : la clé « debut » doit être une date entre guillemets, par exemple \"2024-01-01\" (trouvé : 2024)",
        ),
        (
            base_with(
                "exports = [\"paheko/*.csv\"]",
                "exports = [\"paheko/*.csv\"]\nmontants = \"HTT\"",
            ),
            "ligne 3 : la clé « montants » vaut « HTT » : valeurs possibles « TTC » ou « HT »",
        ),
        (
            base_with("exports = [\"paheko/*.csv\"]", "exports = []"),
            "ligne 2 : la clé « exports » est vide : indiquez-en au moins un, par exemple exports = [\"paheko/*.csv\"]",
        ),
        (
            base_with("id = \"ovh\"", "id = \"OVH\""),
            "ligne 9 : la clé « id » vaut « OVH » : un identifiant ne contient que des minuscules sans accents, des chiffres, « _ » et « - » (par exemple « ovh »)",
        ),
        (
            format!(
                "{BASE}\n[[fournisseurs]]\nid = \"ovh\"\ncomptes = [\"604F\"]\nfactures = [\"k.csv\"]\nformat = \"ovh-csv\"\n"
            ),
            "ligne 19 : la clé « id » vaut « ovh », déjà utilisé ligne 9 : chaque fournisseur a son propre identifiant",
        ),
        (
            base_with("comptes = [\"604A\"]", "comptes = []"),
            "ligne 10 : la clé « comptes » est vide : indiquez-en au moins un, par exemple comptes = [\"604A\"]",
        ),
        (
            base_with("format = \"ovh-json\"", "format = \"pdf\""),
            "ligne 12 : la clé « format » vaut « pdf » : formats possibles « ovh-json », « ovh-csv » ou « colonnes »",
        ),
        (
            base_with("format = \"ovh-json\"", "format = \"colonnes\""),
            "ligne 12 : le fournisseur « ovh » a format = \"colonnes\" : ajoutez une table [fournisseurs.colonnes] avec au moins numero, date et montant_ttc",
        ),
        (
            base_with(
                "format = \"ovh-json\"",
                "format = \"ovh-json\"\n[fournisseurs.colonnes]\nnumero = \"N\"\ndate = \"D\"\nmontant_ttc = \"M\"",
            ),
            "ligne 13 : la table [fournisseurs.colonnes] du fournisseur « ovh » ne sert qu'avec format = \"colonnes\" (ici « ovh-json ») : retirez-la ou changez le format",
        ),
        (
            base_with(
                "format = \"ovh-json\"",
                "format = \"colonnes\"\n[fournisseurs.colonnes]\nnumero = \"N\"\ndate = \"D\"",
            ),
            "ligne 13 : clé obligatoire « montant_ttc » manquante dans [fournisseurs.colonnes]",
        ),
        (
            base_with(
                "service = \"ns3111630.ip-51-77-214.eu\"",
                "service = \"a\"\nmotif = \"b*\"",
            ),
            "ligne 16 : une règle a soit « service » (nom exact), soit « motif » (avec * et ?), pas les deux",
        ),
        (
            base_with("service = \"ns3111630.ip-51-77-214.eu\"\n", ""),
            "ligne 14 : la règle n'a ni « service » (nom exact) ni « motif » (avec * et ?) : indiquez l'un des deux",
        ),
        (
            base_with("projet = \"BL_EVOLUTION\"", "projet = \"BL-Evolution\""),
            "ligne 16 : la clé « projet » vaut « BL-Evolution » : ce projet n'est pas déclaré dans [[projets]] (projets déclarés : BL-Évolution)",
        ),
        (
            base_with("[[regles]]", "[[regles]]\nfournisseur = \"ovhh\""),
            "ligne 15 : la clé « fournisseur » vaut « ovhh » : aucun fournisseur n'a cet identifiant (identifiants déclarés : ovh)",
        ),
        (
            format!("{BASE}\n[tolerances]\njours = -1\n"),
            "ligne 19 : la clé « jours » doit être positive ou nulle (trouvé : -1)",
        ),
        (
            format!("{BASE}\n[tolerances]\nmontant = \"-0,10\"\n"),
            "ligne 19 : la clé « montant » doit être positive ou nulle (trouvé : -0,10)",
        ),
        (
            format!("{BASE}\n[tolerances]\narrondi_projet = \"un centime\"\n"),
            "ligne 19 : la clé « arrondi_projet » n'est pas un montant : « un centime » (par exemple \"0,50\")",
        ),
        (
            base_with(
                "alias = [\"BL_EVOLUTION\"]",
                "alias = [\"BL_EVOLUTION\"]\n\n[[projets]]\nnom = \"Camp\"\nalias = [\"BL_EVOLUTION\"]",
            ),
            "ligne 10 : l'alias « BL_EVOLUTION » désigne déjà le projet « BL-Évolution »",
        ),
        (
            base_with(
                "alias = [\"BL_EVOLUTION\"]",
                "alias = [\"BL_EVOLUTION\"]\n\n[[projets]]\nnom = \"BL-Évolution\"",
            ),
            "ligne 9 : le projet « BL-Évolution » est déclaré deux fois (ou est l'alias d'un autre projet)",
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, expected)| error(text) != *expected)
        .map(|(text, expected)| {
            format!(
                "{text}\n  got:      {}\n  expected: {expected}",
                error(text)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn error_display_names_the_file() {
    let err = parse("[[projets]]\nnom = \"X\"\n", &path()).expect_err("an error");
    assert_eq!(
        err.to_string(),
        "/asso/rappro.toml: configuration invalide : clé obligatoire « comptabilite » manquante"
    );
}

/// The sample folder's files, as `rappro init` would give them.
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
                InvoiceReader::Mapped(Mapping {
                    number: "Numéro".to_owned(),
                    date: "Date".to_owned(),
                    total: "Montant TTC".to_owned(),
                    total_ht: None,
                    label: Some("Désignation".to_owned()),
                    service: None,
                })
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
            include_bytes!("../../tests/fixtures/not-exports/Exercice 2025   Compte de résultat.ods")
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

#[test]
fn decisions_parse() {
    let text = r#"
[[decision]]
type = "amount_mismatch"
facture = "FR05139823"
raison = "Avoir de 0,36 € reçu en avril"
par = "Trésorière"
date = "2025-02-10"

[[decision]]
type = "entry_without_invoice"
ecriture = 228
raison = " Facture demandée à Retzo "
date = 2025-02-11
"#;
    let decisions = parse_decisions(text, Path::new("/asso/decisions.toml")).expect("test setup");
    assert_eq!(
        decisions,
        [
            // Located at their `[[decision]]` header's line, not their rank.
            Decision {
                kind: Kind::AmountMismatch,
                invoice: Some("FR05139823".to_owned()),
                entry: None,
                reason: "Avoir de 0,36 € reçu en avril".to_owned(),
                who: "Trésorière".to_owned(),
                date: "2025-02-10".to_owned(),
                source: Source::new(Arc::from("decisions.toml"), 2),
            },
            Decision {
                kind: Kind::EntryWithoutInvoice,
                invoice: None,
                entry: Some("228".to_owned()),
                reason: "Facture demandée à Retzo".to_owned(),
                who: String::new(),
                date: "2025-02-11".to_owned(),
                source: Source::new(Arc::from("decisions.toml"), 9),
            },
        ]
    );
    assert!(
        parse_decisions("", Path::new("d.toml"))
            .expect("test setup")
            .is_empty()
    );
}

#[test]
fn decisions_file_is_optional() {
    let dir = tempfile::tempdir().expect("test setup");
    assert!(load_decisions(dir.path()).expect("test setup").is_empty());
    std::fs::write(
        dir.path().join("decisions.toml"),
        "[[decision]]\ntype = \"wrong_account\"\necriture = \"12\"\nraison = \"ok\"\n",
    )
    .expect("test setup");
    assert_eq!(load_decisions(dir.path()).expect("test setup").len(), 1);
}

#[test]
fn decision_errors_name_the_rank() {
    let first = "[[decision]]\ntype = \"amount_mismatch\"\nfacture = \"F1\"\nraison = \"ok\"\n\n";
    let cases = [
        (
            format!("{first}[[decision]]\ntype = \"amount_mismatch\"\nraison = \"ok\"\n"),
            "décision n° 2 (ligne 6) : indiquez la facture (facture = \"…\") ou l'écriture (ecriture = \"…\") concernée",
        ),
        (
            format!(
                "{first}[[decision]]\ntype = \"amount_mismatch\"\nfacture = \"F2\"\nraison = \"  \"\n"
            ),
            "décision n° 2 (ligne 6) : la clé « raison » est vide : notez pourquoi cet écart est accepté",
        ),
        (
            "[[decision]]\ntype = \"amount_mismatch\"\nfacture = [\"F2\"]\nraison = \"ok\"\n"
                .to_owned(),
            "décision n° 1 (ligne 1) : la clé « facture » doit être un numéro entre guillemets",
        ),
        (
            "[[decision]]\ntype = \"amount_mismatch\"\nfacture = \"F2\"\n".to_owned(),
            "ligne 1 : clé obligatoire « raison » manquante dans [decision]",
        ),
        (
            "[[decisions]]\ntype = \"amount_mismatch\"\n".to_owned(),
            "ligne 1 : clé inconnue « decisions » (clés possibles : decision)",
        ),
    ];
    for (text, expected) in cases {
        match parse_decisions(&text, Path::new("/asso/decisions.toml")) {
            Err(Error::Config { path, message }) => {
                assert_eq!(path, Path::new("/asso/decisions.toml"));
                assert_eq!(message, expected, "for:\n{text}");
            }
            other => panic!("unexpected {other:?} for:\n{text}"),
        }
    }
}

#[test]
fn deep_nesting_is_a_french_error_not_a_stack_overflow() {
    for text in [
        format!(
            "[comptabilite]\nexports = {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
        format!(
            "[comptabilite]\nexports = [\"x\"]\nz = {}1{}\n",
            "{a=".repeat(100_000),
            "}".repeat(100_000)
        ),
        format!(
            "[comptabilite]\nexports = [\"x\"]\n[{}b]\n",
            "a.".repeat(100_000)
        ),
    ] {
        let message = error(&text);
        assert!(
            message.ends_with(
                "listes ou tables imbriquées trop profondément : ce n'est pas une configuration rappro"
            ),
            "{message}"
        );
    }
    let decisions = format!(
        "[[decision]]\ntype = {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let err = parse_decisions(&decisions, Path::new("decisions.toml")).expect_err("too deep");
    assert!(
        err.to_string().contains("imbriquées trop profondément"),
        "{err}"
    );
}
