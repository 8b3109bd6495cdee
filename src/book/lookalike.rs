//! Project names of a year that print alike but differ: by case, accents, blanks or invisible
//! characters (« BL-Évolution » and « BL-evolution », `Camp CHATONS` and `Camp\u{a0}CHATONS`). Text is in NFC since it was read (`import::unicode`), so what is
//! left is a real difference in the books, which rappro keeps (Paheko would have two
//! projects too) and names, rather than merge on a guess.

use std::collections::{BTreeMap, BTreeSet};

use crate::book::FiscalYear;
use crate::error::{Warning, WarningKind};
use crate::import::unicode::folded;

/// One warning per group of projects of `year` that differ only by case, accents, blanks or
/// invisible characters.
pub(super) fn project_lookalike_warnings(year: &FiscalYear) -> Vec<Warning> {
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for entry in &year.entries {
        for line in &entry.lines {
            if let Some(project) = &line.project {
                names.insert(project);
            }
        }
    }
    let mut by_folded: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for name in names {
        by_folded.entry(folded(name)).or_default().push(name);
    }
    by_folded
        .into_values()
        .filter(|names| names.len() > 1)
        .map(|names| {
            Warning::global(WarningKind::ProjectLookalike {
                projects: names.into_iter().map(str::to_owned).collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::Arc;

    use super::project_lookalike_warnings;
    use crate::book::FiscalYear;
    use crate::model::{Date, Entry, ExportType, Line, Money, Source};

    fn year(projects: &[&str]) -> FiscalYear {
        let line = |project: &str| Line {
            account: Arc::from("604"),
            account_label: Arc::from(""),
            debit: Money::ZERO,
            credit: Money::ZERO,
            text: None,
            project: Some(Arc::from(project)),
            reconciled: false,
            line: 2,
        };
        let date = Date::new(2024, 1, 1).expect("date");
        FiscalYear {
            start: date,
            end: date,
            entries: vec![Entry {
                number: "1".into(),
                kind: None,
                status: "".into(),
                label: "".into(),
                date,
                notes: "".into(),
                reference: "".into(),
                members: "".into(),
                lines: projects.iter().map(|p| line(p)).collect(),
                export: ExportType::Full,
                source: Source::new(Arc::from("f.csv"), 2),
                rows: 1,
            }],
            export_types: BTreeSet::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn projects_differing_by_case_or_accents_are_named() {
        let warnings = project_lookalike_warnings(&year(&[
            "BL-Évolution",
            "BL-evolution",
            "Camp CHATONS",
            "Camp CHATONS",
            "BL_EVOLUTION",
        ]));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].code(), "project_lookalike");
        assert!(
            warnings[0]
                .message()
                .starts_with("projets qui ne diffèrent que par la casse, les accents ou des caractères invisibles : « BL-evolution », « BL-Évolution » ;"),
            "{}",
            warnings[0].message()
        );
        assert!(project_lookalike_warnings(&year(&["A", "B"])).is_empty());
        let invisible =
            project_lookalike_warnings(&year(&["Camp CHATONS", "Camp\u{a0}CHA\u{200b}TONS"]));
        assert!(
            invisible[0]
                .message()
                .contains("« Camp CHATONS », « Camp<U+00A0>CHA<U+200B>TONS »"),
            "{}",
            invisible[0].message()
        );
    }
}
