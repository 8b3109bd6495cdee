//! The configuration of a folder: `rappro.toml`, and the treasurer's `decisions.toml`.
//!
//! Keys are French, because the treasurer writes them; the structs here have English names.
//! Parsing is two steps: `toml` + serde into raw structs that mirror the file (unknown keys
//! refused), then checks of meaning (dates, identifiers, references between tables) that
//! give French messages naming the key and its line. The whole schema, commented:
//!
//! ```toml
//! # rappro.toml — configuration du rapprochement
//! [exercice]                 # facultatif si les exports le disent
//! debut = "2024-01-01"       # ou "01/01/2024"
//! fin = "2024-12-31"
//!
//! [comptabilite]
//! exports = ["paheko/*.csv", "paheko/*.ods"]    # chemins ou motifs relatifs au dossier (*, ?, **)
//! plan_comptable = "paheko/Plan comptable*.csv" # facultatif
//! montants = "TTC"                               # "TTC" (défaut) ou "HT"
//!
//! [[projets]]
//! nom = "BL-Évolution"
//! alias = ["BL_EVOLUTION", "BL Evolution"]      # facultatif
//!
//! [[fournisseurs]]
//! id = "ovh"                 # identifiant court, [a-z0-9_-]
//! nom = "OVH"                # facultatif (défaut : l'identifiant)
//! comptes = ["604A"]         # au moins un compte de charge
//! factures = ["factures/ovh/*.json"]
//! format = "ovh-json"        # "ovh-json", "ovh-csv" (CSV de l'espace client) ou "colonnes"
//! # [fournisseurs.colonnes]  # pour format = "colonnes" : en-têtes des colonnes
//! # numero = "Numéro"
//! # date = "Date"
//! # montant_ttc = "Montant TTC"
//! # montant_ht = "Montant HT"     # facultatif
//! # libelle = "Désignation"       # facultatif
//! # service = "Service"           # facultatif
//!
//! [[regles]]                 # quel service facturé appartient à quel projet
//! fournisseur = "ovh"        # facultatif
//! service = "ns3111630.ip-51-77-214.eu"   # exact ; ou motif = "ns3*.eu"
//! projet = "BL-Évolution"
//!
//! [tolerances]
//! jours = 21                 # fenêtre de dates pour rapprocher (défaut 21)
//! montant = "0,00"           # écart de montant toléré (défaut 0,00)
//! arrondi_projet = "0,01"    # écart toléré par projet (défaut 0,01)
//! ```
//!
//! This module reads `rappro.toml`, `decisions.toml` and folder listings; it reads no data file.

mod check;
mod decisions;
mod glob;
mod init;
mod toml_error;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::model::Period;

pub use decisions::{DECISIONS_FILE, load_decisions, parse_decisions};
pub use glob::{expand, glob_match, pattern_base};
pub use init::starting_config;

/// The configuration file's name, in the folder it describes.
pub const CONFIG_FILE: &str = "rappro.toml";

pub use crate::import::invoices::{InvoiceReader, Mapping};
pub use crate::reconcile::{Basis, ProjectRule, ServicePattern, Supplier, Tolerances};

/// An analytic project (`[[projets]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectConfig {
    /// The canonical name (`nom`), as Paheko shows it.
    pub name: String,
    /// Other spellings found in exports or invoices (`alias`).
    pub aliases: Vec<String>,
}

/// A supplier and where its invoices are (`[[fournisseurs]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupplierSource {
    /// The supplier: identifier `[a-z0-9_-]+` (`id`), display name (`nom`; the identifier when
    /// absent), ledger accounts its invoices are booked on (`comptes`, at least one).
    pub supplier: Supplier,
    /// Invoice file patterns, relative to the folder (`factures`).
    pub invoices: Vec<String>,
    /// How to read the invoice files (`format`, and `[fournisseurs.colonnes]` for a mapped table).
    pub reader: InvoiceReader,
}

/// A checked `rappro.toml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The folder the file describes: every pattern is relative to it.
    pub folder: PathBuf,
    /// The fiscal year (`[exercice]`), when given.
    pub fiscal_year: Option<Period>,
    /// Paheko export patterns (`comptabilite.exports`).
    pub exports: Vec<String>,
    /// Chart of accounts pattern (`comptabilite.plan_comptable`), if any.
    pub chart: Option<String>,
    /// TTC or HT (`comptabilite.montants`).
    pub basis: Basis,
    /// Analytic projects, in file order.
    pub projects: Vec<ProjectConfig>,
    /// Suppliers, in file order.
    pub suppliers: Vec<SupplierSource>,
    /// Service → project rules, in file order (an alias is resolved to its project).
    pub rules: Vec<ProjectRule>,
    /// Matching tolerances.
    pub tolerances: Tolerances,
}

impl Config {
    /// Project alias table: maps every name and alias to the canonical project name
    /// (exact strings, as written in the file; in Unicode NFC since `check`).
    pub fn project_aliases(&self) -> BTreeMap<String, String> {
        let mut table = BTreeMap::new();
        for project in &self.projects {
            table.insert(project.name.clone(), project.name.clone());
            for alias in &project.aliases {
                table.insert(alias.clone(), project.name.clone());
            }
        }
        table
    }
}

/// Reads and checks `folder/rappro.toml`.
pub fn load(folder: &Path) -> Result<Config, Error> {
    let path = folder.join(CONFIG_FILE);
    check_size(&path)?;
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Config {
                path,
                message: format!(
                    "fichier {CONFIG_FILE} introuvable dans {} : lancez « rappro init {} » pour en créer un",
                    folder.display(),
                    folder.display()
                ),
            });
        }
        Err(err) if err.kind() == std::io::ErrorKind::InvalidData => {
            return Err(Error::Config {
                path,
                message: "le fichier n'est pas en UTF-8 : ré-enregistrez-le en UTF-8".to_owned(),
            });
        }
        Err(source) => {
            return Err(Error::Io {
                action: "lecture",
                path,
                source,
            });
        }
    };
    parse(&text, &path)
}

/// Largest configuration file read: a `rappro.toml` is a few KB.
const MAX_CONFIG_SIZE: u64 = 1024 * 1024;

/// Refuses a configuration file that is not an ordinary file or is far too large to be one
/// (a device or a pipe would be read forever). A missing file is left to the caller.
pub(crate) fn check_size(path: &Path) -> Result<(), Error> {
    let Ok(meta) = fs::metadata(path) else {
        return Ok(());
    };
    let problem = if !meta.is_file() {
        "ce n'est pas un fichier ordinaire".to_owned()
    } else if meta.len() > MAX_CONFIG_SIZE {
        format!(
            "fichier trop gros ({} Kio, limite {} Kio) : est-ce bien une configuration ?",
            meta.len() / 1024,
            MAX_CONFIG_SIZE / 1024
        )
    } else {
        return Ok(());
    };
    Err(Error::Config {
        path: path.to_path_buf(),
        message: problem,
    })
}

/// Parses and checks the text of a `rappro.toml` found at `path` (pure: reads nothing).
/// The folder is `path`'s parent. A leading byte-order mark (Windows Notepad) is ignored.
pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fail = |message: String| Error::Config {
        path: path.to_path_buf(),
        message,
    };
    let raw: check::RawConfig =
        toml::from_str(text).map_err(|err| fail(toml_error::translate(&err, text)))?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    check::check(raw, text, folder).map_err(fail)
}

#[cfg(test)]
mod tests;
