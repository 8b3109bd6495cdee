//! Unit tests of the configuration, by topic: this file the accepted forms (the sample's
//! `rappro.toml`, defaults, aliases), `errors.rs` the French messages of a file that does not
//! parse or means nothing, `starting.rs` the starting configuration `rappro init` writes,
//! `decisions.rs` the decisions file. The shared helpers are here.

mod decisions;
mod errors;
mod starting;

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
        InvoiceReader::Mapped(crate::testing::retzo_mapping())
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
