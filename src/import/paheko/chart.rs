//! A chart of accounts export (Paheko's « Plan comptable »): rows → `Chart`, each row
//! checked (account code as Paheko accepts it, known position, no code given twice).

use std::sync::Arc;

use csv::StringRecord;

use super::checks;
use super::columns::{Columns, Field};
use crate::error::{Reason, Rejection};
use crate::import::Container;
use crate::import::unicode::nfc;
use crate::model::account::class_from_position;
use crate::model::{Chart, ChartAccount, Source};

/// Rows of a chart of accounts export.
pub(crate) struct ChartReader {
    path: Arc<str>,
    columns: Columns,
    pub(crate) container: Container,
    pub(crate) rows: u64,
    pub(crate) chart: Chart,
    pub(crate) rejected: Vec<Rejection>,
    /// The line of each account code, to reject a code given twice.
    lines: std::collections::HashMap<String, u64>,
}

impl ChartReader {
    pub(crate) fn new(path: Arc<str>, columns: Columns, container: Container) -> ChartReader {
        ChartReader {
            path,
            columns,
            container,
            rows: 0,
            chart: Chart::default(),
            rejected: Vec::new(),
            lines: std::collections::HashMap::new(),
        }
    }

    pub(crate) fn reject(&mut self, line: u64, reason: Reason) {
        self.rows += 1;
        self.rejected.push(Rejection::new(
            Source::new(Arc::clone(&self.path), line),
            reason,
        ));
    }

    pub(crate) fn push(&mut self, line: u64, record: &StringRecord) {
        let code = match checks::account_code(&self.columns, record, Field::Account) {
            Ok(code) => code,
            Err(Reason::MissingValue(_)) => {
                self.reject(line, Reason::MissingValue("Numéro".to_owned()));
                return;
            }
            Err(Reason::BadAccount { value, .. }) => {
                let column = "Numéro".to_owned();
                self.reject(line, Reason::BadAccount { column, value });
                return;
            }
            Err(reason) => {
                self.reject(line, reason);
                return;
            }
        };
        let position = self.columns.cell(record, Field::Position);
        if let Some(first) = self.lines.get(code).copied() {
            self.reject(
                line,
                Reason::Invalid(format!(
                    "compte {code} en double dans le plan comptable (déjà à la ligne {first})"
                )),
            );
            return;
        }
        let Some(class) = class_from_position(code, position) else {
            self.reject(
                line,
                Reason::Invalid(format!(
                    "position inconnue « {position} » pour le compte {code} \
                     (positions reconnues : Actif, Passif, Actif ou passif, Charge, Produit)"
                )),
            );
            return;
        };
        self.rows += 1;
        self.lines.insert(code.to_owned(), line);
        let label = nfc(self.columns.cell(record, Field::Label)).into_owned();
        self.chart
            .accounts
            .insert(code.to_owned(), ChartAccount { label, class });
    }
}
