//! `decisions.toml`: the discrepancies the treasurer has checked and accepted, with why.
//!
//! ```toml
//! [[decision]]
//! type = "amount_mismatch"          # le type d'écart (codes anglais des rapports : invoice_without_entry, …)
//! facture = "FR05139823"             # ou ecriture = "228"
//! raison = "Avoir de 0,36 € reçu en avril"
//! par = "Trésorière"                 # facultatif
//! date = "2025-02-10"                # facultatif
//! ```

use std::fs;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::toml_error::{line_of, translate};
use crate::error::Error;
use crate::model::Source;
use crate::reconcile::{Decision, Kind};

/// The decisions file's name, next to `rappro.toml`.
pub const DECISIONS_FILE: &str = "decisions.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDecisions {
    #[serde(default)]
    decision: Vec<Spanned<RawDecision>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDecision {
    #[serde(rename = "type")]
    kind: String,
    facture: Option<Spanned<toml::Value>>,
    ecriture: Option<Spanned<toml::Value>>,
    raison: String,
    #[serde(default)]
    par: String,
    date: Option<toml::Value>,
}

/// Reads `folder/decisions.toml`; no file means no decisions.
pub fn load_decisions(folder: &Path) -> Result<Vec<Decision>, Error> {
    let path = folder.join(DECISIONS_FILE);
    super::check_size(&path)?;
    match fs::read_to_string(&path) {
        Ok(text) => parse_decisions(&text, &path),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(err) if err.kind() == std::io::ErrorKind::InvalidData => Err(Error::Config {
            path,
            message: "le fichier n'est pas en UTF-8 : ré-enregistrez-le en UTF-8".to_owned(),
        }),
        Err(source) => Err(Error::Io {
            action: "lecture",
            path,
            source,
        }),
    }
}

/// Parses and checks the text of a `decisions.toml` found at `path` (pure): every decision
/// names a known kind of discrepancy, and its source is the line of its `[[decision]]` header.
pub fn parse_decisions(text: &str, path: &Path) -> Result<Vec<Decision>, Error> {
    let file: Arc<str> = Arc::from(DECISIONS_FILE);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fail = |message: String| Error::Config {
        path: path.to_path_buf(),
        message,
    };
    let raw: RawDecisions = toml::from_str(text).map_err(|err| fail(translate(&err, text)))?;
    let mut decisions = Vec::with_capacity(raw.decision.len());
    for (index, spanned) in raw.decision.iter().enumerate() {
        let rank = index + 1;
        let line = line_of(text, spanned.span().start);
        let where_ = format!("décision n° {rank} (ligne {line})");
        let decision = spanned.get_ref();
        let reference = |value: &Option<Spanned<toml::Value>>, key: &str| {
            scalar(value.as_ref().map(Spanned::get_ref))
                .map_err(|()| {
                    fail(format!(
                        "{where_} : la clé « {key} » doit être un numéro entre guillemets"
                    ))
                })
                .map(|text| text.filter(|t| !t.is_empty()))
        };
        let invoice = reference(&decision.facture, "facture")?;
        let entry = reference(&decision.ecriture, "ecriture")?;
        let kind = decision.kind.trim();
        if kind.is_empty() {
            return Err(fail(format!("{where_} : la clé « type » est vide")));
        }
        if invoice.is_none() && entry.is_none() {
            return Err(fail(format!(
                "{where_} : indiquez la facture (facture = \"…\") ou l'écriture (ecriture = \"…\") concernée"
            )));
        }
        let reason = decision.raison.trim().to_owned();
        if reason.is_empty() {
            return Err(fail(format!(
                "{where_} : la clé « raison » est vide : notez pourquoi cet écart est accepté"
            )));
        }
        let date = scalar(decision.date.as_ref())
            .map_err(|()| {
                fail(format!(
                    "{where_} : la clé « date » doit être une date entre guillemets"
                ))
            })?
            .unwrap_or_default();
        let kind = Kind::from_code(kind).ok_or_else(|| {
            fail(format!(
                "décision n° {rank} : type d'écart inconnu « {kind} » (types possibles : {})",
                Kind::ALL
                    .iter()
                    .map(|k| k.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        decisions.push(Decision {
            kind,
            invoice,
            entry,
            reason,
            who: decision.par.trim().to_owned(),
            date,
            source: Source::new(Arc::clone(&file), u64::try_from(line).unwrap_or(u64::MAX)),
        });
    }
    Ok(decisions)
}

/// A string, a whole number or a date as trimmed text; `Err` for tables, lists and the rest.
fn scalar(value: Option<&toml::Value>) -> Result<Option<String>, ()> {
    match value {
        None => Ok(None),
        Some(toml::Value::String(s)) => Ok(Some(s.trim().to_owned())),
        Some(toml::Value::Integer(n)) => Ok(Some(n.to_string())),
        Some(toml::Value::Datetime(d)) => Ok(Some(d.to_string())),
        Some(_) => Err(()),
    }
}
