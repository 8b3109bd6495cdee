//! Paheko's FEC appends `0`s to account codes shorter than three characters (since 1.3.16:
//! `62` becomes `620`), as the FEC norm asks. When other exports of the batch book the short
//! code and never the padded one, the FEC's transactions kept are read with the short
//! code, so that one account is not split across two lines of the statements; a warning
//! says so.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::error::{Warning, WarningKind};
use crate::import::BooksFile;
use crate::model::{Chart, Entry, ExportType};

/// FEC codes to read as the short codes of the other exports.
pub(super) struct ShortCodes {
    /// Padded code (`620`) → the other exports' code (`62`).
    map: BTreeMap<String, Arc<str>>,
}

impl ShortCodes {
    /// From the codes of every entry of `files` (before booking moves them) and the chart.
    pub(super) fn of(files: &[BooksFile], chart: &Chart) -> ShortCodes {
        let no_fec = ShortCodes {
            map: BTreeMap::new(),
        };
        // A batch without a FEC (the usual case, and the large one) costs nothing.
        if !files
            .iter()
            // A file's entries all have its export type.
            .any(|f| {
                f.entries
                    .first()
                    .is_some_and(|e| e.export == ExportType::Fec)
            })
        {
            return no_fec;
        }
        let mut others: BTreeMap<&str, &Arc<str>> = BTreeMap::new();
        let mut fec: BTreeSet<&str> = BTreeSet::new();
        for entry in files.iter().flat_map(|f| f.entries.iter()) {
            for line in &entry.lines {
                if entry.export == ExportType::Fec {
                    fec.insert(&line.account);
                } else {
                    others.entry(&line.account).or_insert(&line.account);
                }
            }
        }
        let mut map = BTreeMap::new();
        for code in fec {
            let chars: Vec<char> = code.chars().collect();
            if chars.len() != 3 || others.contains_key(code) || chart.accounts.contains_key(code) {
                continue;
            }
            // `620` may be `62`; `600` may be `60` or `6`.
            let candidates: Vec<&Arc<str>> = [2, 1]
                .into_iter()
                .filter(|len| chars[*len..].iter().all(|c| *c == '0'))
                .filter_map(|len| others.get(chars[..len].iter().collect::<String>().as_str()))
                .copied()
                .collect();
            if let [short] = candidates.as_slice() {
                map.insert(code.to_owned(), Arc::clone(short));
            }
        }
        ShortCodes { map }
    }

    /// Renames the codes in the lines of the FEC entries kept; a warning names the codes
    /// renamed, if any.
    pub(super) fn apply(&self, entries: &mut [Entry]) -> Option<Warning> {
        if self.map.is_empty() {
            return None;
        }
        let mut renamed: BTreeSet<(&str, &str)> = BTreeSet::new();
        for entry in entries.iter_mut().filter(|e| e.export == ExportType::Fec) {
            for line in &mut entry.lines {
                if let Some((padded, short)) = self.map.get_key_value(&*line.account) {
                    line.account = Arc::clone(short);
                    renamed.insert((padded, short));
                }
            }
        }
        if renamed.is_empty() {
            return None;
        }
        Some(Warning::global(WarningKind::FecShortAccount {
            renamed: renamed
                .into_iter()
                .map(|(padded, short)| (Arc::from(padded), Arc::from(short)))
                .collect(),
        }))
    }
}
