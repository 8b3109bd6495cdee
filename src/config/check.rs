//! The two steps of parsing `rappro.toml`: raw structs mirroring the file (serde refuses
//! unknown keys and wrong types), then checks of meaning, each failing with a French message
//! « ligne N : … » naming the key.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::toml_error::line_of;
use super::{
    Basis, Config, InvoiceReader, Mapping, ProjectConfig, ProjectRule, ServicePattern, Supplier,
    SupplierSource, Tolerances,
};
use crate::import::unicode::nfc;
use crate::model::{Date, Money, Period};

// ---------------------------------------------------------------------------------------------
// The file as written.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    exercice: Option<RawFiscalYear>,
    comptabilite: RawBooks,
    #[serde(default)]
    projets: Vec<Spanned<RawProject>>,
    #[serde(default)]
    fournisseurs: Vec<Spanned<RawSupplier>>,
    #[serde(default)]
    regles: Vec<Spanned<RawRule>>,
    tolerances: Option<RawTolerances>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFiscalYear {
    debut: Spanned<toml::Value>,
    fin: Spanned<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBooks {
    exports: Spanned<Vec<String>>,
    plan_comptable: Option<Spanned<String>>,
    montants: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    nom: Spanned<String>,
    #[serde(default)]
    alias: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSupplier {
    id: Spanned<String>,
    nom: Option<String>,
    comptes: Spanned<Vec<String>>,
    factures: Spanned<Vec<String>>,
    format: Spanned<String>,
    colonnes: Option<Spanned<RawColumns>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumns {
    numero: Spanned<String>,
    date: Spanned<String>,
    montant_ttc: Spanned<String>,
    montant_ht: Option<Spanned<String>>,
    libelle: Option<Spanned<String>>,
    service: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    fournisseur: Option<Spanned<String>>,
    service: Option<Spanned<String>>,
    motif: Option<Spanned<String>>,
    projet: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTolerances {
    jours: Option<Spanned<i64>>,
    montant: Option<Spanned<toml::Value>>,
    arrondi_projet: Option<Spanned<toml::Value>>,
}

// ---------------------------------------------------------------------------------------------
// Checks of meaning.

/// « ligne N : message » for a value of the file.
fn at<T>(text: &str, value: &Spanned<T>, message: impl std::fmt::Display) -> String {
    format!("ligne {} : {message}", line_of(text, value.span().start))
}

/// A non-empty trimmed string, or an error naming the key.
fn required(text: &str, value: &Spanned<String>, key: &str) -> Result<String, String> {
    let trimmed = value.get_ref().trim();
    if trimmed.is_empty() {
        Err(at(text, value, format!("la clé « {key} » est vide")))
    } else {
        Ok(trimmed.to_owned())
    }
}

/// Non-empty trimmed strings from a list that must not be empty.
fn required_list(
    text: &str,
    value: &Spanned<Vec<String>>,
    key: &str,
    example: &str,
) -> Result<Vec<String>, String> {
    let items: Vec<String> = value
        .get_ref()
        .iter()
        .map(|item| item.trim().to_owned())
        .collect();
    if items.is_empty() {
        return Err(at(
            text,
            value,
            format!(
                "la clé « {key} » est vide : indiquez-en au moins un, par exemple {key} = [\"{example}\"]"
            ),
        ));
    }
    if items.iter().any(String::is_empty) {
        return Err(at(
            text,
            value,
            format!("la clé « {key} » contient un texte vide"),
        ));
    }
    Ok(items)
}

pub(super) fn check(raw: RawConfig, text: &str, folder: PathBuf) -> Result<Config, String> {
    let fiscal_year = match &raw.exercice {
        Some(year) => Some(check_year(text, year)?),
        None => None,
    };
    let books = &raw.comptabilite;
    let exports = required_list(text, &books.exports, "exports", "paheko/*.csv")?;
    let chart = match &books.plan_comptable {
        Some(chart) => Some(required(text, chart, "plan_comptable")?),
        None => None,
    };
    let basis = match &books.montants {
        None => Basis::Ttc,
        Some(value) => match value.get_ref().trim().to_uppercase().as_str() {
            "TTC" => Basis::Ttc,
            "HT" => Basis::Ht,
            other => {
                return Err(at(
                    text,
                    value,
                    format!(
                        "la clé « montants » vaut « {other} » : valeurs possibles « TTC » ou « HT »"
                    ),
                ));
            }
        },
    };
    let projects = check_projects(text, &raw.projets)?;
    let suppliers = check_suppliers(text, &raw.fournisseurs)?;
    let rules = check_rules(text, &raw.regles, &projects, &suppliers)?;
    let tolerances = match &raw.tolerances {
        Some(tolerances) => check_tolerances(text, tolerances)?,
        None => Tolerances::default(),
    };
    Ok(Config {
        folder,
        fiscal_year,
        exports,
        chart,
        basis,
        projects,
        suppliers,
        rules,
        tolerances,
    })
}

/// A date given as a string (`"2024-01-01"`, `"01/01/2024"`) or a bare TOML date.
fn check_date(text: &str, value: &Spanned<toml::Value>, key: &str) -> Result<Date, String> {
    let written = match value.get_ref() {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) => d.to_string(),
        other => {
            return Err(at(
                text,
                value,
                format!(
                    "la clé « {key} » doit être une date entre guillemets, par exemple \"2024-01-01\" (trouvé : {other})"
                ),
            ));
        }
    };
    Date::parse(&written).ok_or_else(|| {
        at(
            text,
            value,
            format!("la clé « {key} » n'est pas une date valide : « {written} » (formats acceptés : AAAA-MM-JJ ou JJ/MM/AAAA)"),
        )
    })
}

fn check_year(text: &str, year: &RawFiscalYear) -> Result<Period, String> {
    let start = check_date(text, &year.debut, "debut")?;
    let end = check_date(text, &year.fin, "fin")?;
    Period::new(start, end).ok_or_else(|| {
        at(
            text,
            &year.fin,
            format!(
                "la clé « fin » ({}) précède « debut » ({}) : l'exercice doit finir après avoir commencé",
                end.to_french(),
                start.to_french()
            ),
        )
    })
}

fn check_projects(text: &str, raw: &[Spanned<RawProject>]) -> Result<Vec<ProjectConfig>, String> {
    let mut projects: Vec<ProjectConfig> = Vec::new();
    // Every name and alias seen so far, with its project.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for project in raw {
        let project = project.get_ref();
        // In NFC, as the exports' project cells are (`import::unicode`).
        let name = nfc(&required(text, &project.nom, "nom")?).into_owned();
        if names.contains_key(&name) {
            return Err(at(
                text,
                &project.nom,
                format!(
                    "le projet « {name} » est déclaré deux fois (ou est l'alias d'un autre projet)"
                ),
            ));
        }
        names.insert(name.clone(), name.clone());
        let mut aliases = Vec::new();
        for alias in &project.alias {
            let written = nfc(&required(text, alias, "alias")?).into_owned();
            match names.get(&written) {
                Some(owner) if *owner != name => {
                    return Err(at(
                        text,
                        alias,
                        format!("l'alias « {written} » désigne déjà le projet « {owner} »"),
                    ));
                }
                Some(_) => {}
                None => {
                    names.insert(written.clone(), name.clone());
                    aliases.push(written);
                }
            }
        }
        projects.push(ProjectConfig { name, aliases });
    }
    Ok(projects)
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn check_suppliers(
    text: &str,
    raw: &[Spanned<RawSupplier>],
) -> Result<Vec<SupplierSource>, String> {
    let mut suppliers: Vec<SupplierSource> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for supplier in raw {
        let supplier = supplier.get_ref();
        let id = supplier.id.get_ref().trim().to_owned();
        if !valid_id(&id) {
            return Err(at(
                text,
                &supplier.id,
                format!(
                    "la clé « id » vaut « {id} » : un identifiant ne contient que des minuscules sans accents, des chiffres, « _ » et « - » (par exemple « ovh »)"
                ),
            ));
        }
        let line = line_of(text, supplier.id.span().start);
        if let Some(first) = seen.insert(id.clone(), line) {
            return Err(at(
                text,
                &supplier.id,
                format!(
                    "la clé « id » vaut « {id} », déjà utilisé ligne {first} : chaque fournisseur a son propre identifiant"
                ),
            ));
        }
        let name = match &supplier.nom {
            Some(name) if !name.trim().is_empty() => name.trim().to_owned(),
            _ => id.clone(),
        };
        let accounts = required_list(text, &supplier.comptes, "comptes", "604A")?;
        let invoices = required_list(text, &supplier.factures, "factures", "factures/ovh/*.json")?;
        let reader = match (supplier.format.get_ref().trim(), &supplier.colonnes) {
            ("ovh-json", None) => InvoiceReader::OvhJson,
            ("ovh-csv", None) => InvoiceReader::ControlPanelCsv,
            ("colonnes", Some(columns)) => {
                InvoiceReader::Mapped(check_columns(text, columns.get_ref())?)
            }
            ("colonnes", None) => {
                return Err(at(
                    text,
                    &supplier.format,
                    format!(
                        "le fournisseur « {id} » a format = \"colonnes\" : ajoutez une table [fournisseurs.colonnes] avec au moins numero, date et montant_ttc"
                    ),
                ));
            }
            (known @ ("ovh-json" | "ovh-csv"), Some(columns)) => {
                return Err(at(
                    text,
                    columns,
                    format!(
                        "la table [fournisseurs.colonnes] du fournisseur « {id} » ne sert qu'avec format = \"colonnes\" (ici « {known} ») : retirez-la ou changez le format"
                    ),
                ));
            }
            (other, _) => {
                return Err(at(
                    text,
                    &supplier.format,
                    format!(
                        "la clé « format » vaut « {other} » : formats possibles « ovh-json », « ovh-csv » ou « colonnes »"
                    ),
                ));
            }
        };
        suppliers.push(SupplierSource {
            supplier: Supplier {
                id: Arc::from(id),
                name,
                accounts,
            },
            invoices,
            reader,
        });
    }
    Ok(suppliers)
}

fn check_columns(text: &str, raw: &RawColumns) -> Result<Mapping, String> {
    let optional = |value: &Option<Spanned<String>>, key: &str| -> Result<Option<String>, String> {
        value.as_ref().map(|v| required(text, v, key)).transpose()
    };
    Ok(Mapping {
        number: required(text, &raw.numero, "numero")?,
        date: required(text, &raw.date, "date")?,
        total: required(text, &raw.montant_ttc, "montant_ttc")?,
        total_ht: optional(&raw.montant_ht, "montant_ht")?,
        label: optional(&raw.libelle, "libelle")?,
        service: optional(&raw.service, "service")?,
    })
}

fn check_rules(
    text: &str,
    raw: &[Spanned<RawRule>],
    projects: &[ProjectConfig],
    suppliers: &[SupplierSource],
) -> Result<Vec<ProjectRule>, String> {
    let mut aliases = BTreeMap::new();
    for project in projects {
        aliases.insert(project.name.as_str(), project.name.as_str());
        for alias in &project.aliases {
            aliases.insert(alias.as_str(), project.name.as_str());
        }
    }
    let mut rules = Vec::new();
    for spanned in raw {
        let rule = spanned.get_ref();
        let service = match (&rule.service, &rule.motif) {
            (Some(service), None) => ServicePattern::Exact(required(text, service, "service")?),
            (None, Some(pattern)) => ServicePattern::Glob(required(text, pattern, "motif")?),
            (Some(_), Some(pattern)) => {
                return Err(at(
                    text,
                    pattern,
                    "une règle a soit « service » (nom exact), soit « motif » (avec * et ?), pas les deux",
                ));
            }
            (None, None) => {
                return Err(at(
                    text,
                    spanned,
                    "la règle n'a ni « service » (nom exact) ni « motif » (avec * et ?) : indiquez l'un des deux",
                ));
            }
        };
        let written = nfc(&required(text, &rule.projet, "projet")?).into_owned();
        let project = if projects.is_empty() {
            written
        } else {
            match aliases.get(written.as_str()) {
                Some(name) => (*name).to_owned(),
                None => {
                    let declared: Vec<&str> = projects.iter().map(|p| p.name.as_str()).collect();
                    return Err(at(
                        text,
                        &rule.projet,
                        format!(
                            "la clé « projet » vaut « {written} » : ce projet n'est pas déclaré dans [[projets]] (projets déclarés : {})",
                            declared.join(", ")
                        ),
                    ));
                }
            }
        };
        let supplier = match &rule.fournisseur {
            None => None,
            Some(value) => {
                let id = value.get_ref().trim();
                if !suppliers.iter().any(|s| &*s.supplier.id == id) {
                    let declared: Vec<&str> = suppliers.iter().map(|s| &*s.supplier.id).collect();
                    let declared = if declared.is_empty() {
                        "aucun".to_owned()
                    } else {
                        declared.join(", ")
                    };
                    return Err(at(
                        text,
                        value,
                        format!(
                            "la clé « fournisseur » vaut « {id} » : aucun fournisseur n'a cet identifiant (identifiants déclarés : {declared})"
                        ),
                    ));
                }
                Some(Arc::from(id))
            }
        };
        rules.push(ProjectRule {
            supplier,
            service,
            project,
        });
    }
    Ok(rules)
}

/// A non-negative amount written `"0,01"`, `"0.01"` or as a whole number.
fn check_amount(text: &str, value: &Spanned<toml::Value>, key: &str) -> Result<Money, String> {
    let amount = match value.get_ref() {
        toml::Value::String(s) => Money::parse(s).map_err(|_| {
            at(
                text,
                value,
                format!("la clé « {key} » n'est pas un montant : « {s} » (par exemple \"0,50\")"),
            )
        })?,
        toml::Value::Integer(n) => Money::parse(&n.to_string()).map_err(|_| {
            at(
                text,
                value,
                format!("la clé « {key} » est un montant trop grand"),
            )
        })?,
        other => {
            return Err(at(
                text,
                value,
                format!(
                    "la clé « {key} » doit être un montant entre guillemets, par exemple \"0,50\" (trouvé : {other})"
                ),
            ));
        }
    };
    if amount.is_negative() {
        return Err(at(
            text,
            value,
            format!("la clé « {key} » doit être positive ou nulle (trouvé : {amount})"),
        ));
    }
    Ok(amount)
}

fn check_tolerances(text: &str, raw: &RawTolerances) -> Result<Tolerances, String> {
    let mut tolerances = Tolerances::default();
    if let Some(days) = &raw.jours {
        if *days.get_ref() < 0 {
            return Err(at(
                text,
                days,
                format!(
                    "la clé « jours » doit être positive ou nulle (trouvé : {})",
                    days.get_ref()
                ),
            ));
        }
        tolerances.days = *days.get_ref();
    }
    if let Some(amount) = &raw.montant {
        tolerances.amount = check_amount(text, amount, "montant")?;
    }
    if let Some(amount) = &raw.arrondi_projet {
        tolerances.project_rounding = check_amount(text, amount, "arrondi_projet")?;
    }
    Ok(tolerances)
}
