//! The chart of accounts (« plan comptable »), when a chart export is given: labels and positions.

use std::collections::BTreeMap;

use crate::model::account::{AccountClass, classify};

/// One account of a chart export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartAccount {
    /// « Libellé ».
    pub label: String,
    /// Class from « Position » (falls back to the code's prefix).
    pub class: AccountClass,
}

/// Accounts by code (exact, case-sensitive).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chart {
    /// Accounts by code.
    pub accounts: BTreeMap<String, ChartAccount>,
}

impl Chart {
    /// The class of a code: the chart's when it has the account, else Paheko's prefix rule.
    pub fn class(&self, code: &str) -> AccountClass {
        self.accounts
            .get(code)
            .map_or_else(|| classify(code), |a| a.class)
    }

    /// The chart's label for a code, if any.
    pub fn label(&self, code: &str) -> Option<&str> {
        self.accounts.get(code).map(|a| a.label.as_str())
    }
}
