//! File patterns of the configuration: `*`, `?` and `**`, relative to the folder.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::import::walk::{self, Skipped, Walk};
pub use crate::model::pattern::glob_match;

/// True if the text has a wildcard.
fn has_wildcard(component: &str) -> bool {
    component.contains(['*', '?'])
}

/// Expands the patterns (relative to `folder`, or absolute) to the existing files they match,
/// sorted and without duplicates. A pattern that matches nothing is an error naming it, in French.
/// Folders are walked by the one walker of rappro ([`Walk`]: each file and folder once, links
/// followed, loops ended); hidden files and folders (name starting with `.`) are only found
/// when named without wildcards, and nothing under an `exclude`d path (the output folder) is
/// found. Also returns what was skipped because it was reached under another name.
pub fn expand(
    folder: &Path,
    patterns: &[String],
    exclude: &[PathBuf],
) -> Result<(Vec<PathBuf>, Vec<Skipped>), Error> {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for pattern in patterns {
        let before = found.len();
        // One walk per pattern: two patterns may well match the same files.
        let mut walk = Walk::new(exclude);
        // A pattern aimed at the output folder (`rapports/*.csv`) finds nothing, on purpose.
        let aimed_at_output = expand_one(folder, pattern, &mut walk, &mut found);
        let (more, errors) = walk.finish();
        skipped.extend(more);
        // A folder that vanished or a link to nothing matches nothing, as before the walk.
        let kinds = [ErrorKind::NotFound, ErrorKind::NotADirectory];
        if let Some((path, source)) = errors.into_iter().find(|(_, e)| !kinds.contains(&e.kind())) {
            return Err(Error::Io {
                action: "lecture",
                path,
                source,
            });
        }
        if found.len() == before && !aimed_at_output {
            return Err(Error::Config {
                path: folder.join(super::CONFIG_FILE),
                message: format!(
                    "le motif « {pattern} » ne correspond à aucun fichier du dossier {}",
                    folder.display()
                ),
            });
        }
    }
    found.sort();
    found.dedup();
    // The same file reached by two patterns under two names is read once.
    let mut seen = Walk::default();
    found.retain(|path| fs::metadata(path).map_or(true, |meta| seen.first_visit(path, &meta)));
    skipped.extend(seen.finish().0);
    // Each pattern walks on its own: say each skipped path once.
    walk::dedup(&mut skipped);
    Ok((found, skipped))
}

/// The part of a pattern before its first wildcard, as a path: the file it names, or the
/// folder its walk starts from.
pub fn pattern_base(folder: &Path, pattern: &str) -> PathBuf {
    let pattern = pattern.trim();
    let mut base = if pattern.starts_with('/') {
        PathBuf::from("/")
    } else {
        folder.to_path_buf()
    };
    for component in pattern
        .split('/')
        .filter(|c| !c.is_empty())
        .take_while(|c| !has_wildcard(c))
    {
        base.push(component);
    }
    base
}

/// Adds the files one pattern matches. True if the pattern's fixed part is an excluded path.
fn expand_one(folder: &Path, pattern: &str, walk: &mut Walk, found: &mut Vec<PathBuf>) -> bool {
    let pattern = pattern.trim();
    let components: Vec<&str> = pattern.split('/').filter(|c| !c.is_empty()).collect();
    let fixed = components.iter().take_while(|c| !has_wildcard(c)).count();
    let base = pattern_base(folder, pattern);
    if walk.excludes(&base) {
        return true;
    }
    if fixed == components.len() {
        if base.is_file() {
            found.push(base);
        }
        return false;
    }
    let rest = components[fixed..].join("/");
    let depth = if rest.contains("**") {
        usize::MAX
    } else {
        components.len() - fixed
    };
    if !base.is_dir() {
        return false;
    }
    walk.folder(&base, depth, &mut |path, relative, meta| {
        // Devices and pipes are never matched.
        if meta.is_file() && glob_match(&rest, relative) {
            found.push(path.to_path_buf());
        }
    });
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_table() {
        let cases = [
            ("*.csv", "a.csv", true),
            ("*.csv", "a.ods", false),
            ("*.csv", "dir/a.csv", false),
            (
                "paheko/*Complet*.csv",
                "paheko/Le   Complet   2024.csv",
                true,
            ),
            ("paheko/*Complet*.csv", "paheko/Plan comptable.csv", false),
            ("?.txt", "a.txt", true),
            ("?.txt", "ab.txt", false),
            ("a?b", "a/b", false),
            ("**/*.json", "a.json", true),
            ("**/*.json", "x/y/a.json", true),
            ("factures/**/*.json", "factures/a.json", true),
            ("factures/**/*.json", "factures/ovh/2024/a.json", true),
            ("factures/**/*.json", "autres/a.json", false),
            ("factures/**", "factures/ovh/a.json", true),
            ("**", "anything/at/all", true),
            ("a**b", "a/x/b", true),
            ("ns3*.eu", "ns3111630.ip-51-77-214.eu", true),
            ("ns3*.eu", "ns3111630.ip-51-77-214.fr", false),
            ("*", "", true),
            ("", "", true),
            ("", "a", false),
            ("exact", "exact", true),
            ("exact", "Exact", false),
            ("[x].csv", "[x].csv", true),
            (
                "*a*a*a*a*b",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                false,
            ),
            ("révision*.csv", "révision 2024.csv", true),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(glob_match(pattern, text), expected, "{pattern} vs {text}");
        }
    }

    #[test]
    fn expand_finds_sorted_unique_files_and_names_empty_patterns() {
        let dir = tempfile::tempdir().expect("test setup");
        let root = dir.path();
        fs::create_dir_all(root.join("factures/ovh/2024")).expect("test setup");
        fs::create_dir_all(root.join(".cache")).expect("test setup");
        fs::write(root.join("factures/ovh/b.json"), "[]").expect("test setup");
        fs::write(root.join("factures/ovh/a.json"), "[]").expect("test setup");
        fs::write(root.join("factures/ovh/2024/c.json"), "[]").expect("test setup");
        fs::write(root.join(".cache/d.json"), "[]").expect("test setup");
        let (found, skipped) = expand(
            root,
            &["factures/ovh/*.json".to_owned(), "**/*.json".to_owned()],
            &[],
        )
        .expect("test setup");
        assert!(skipped.is_empty());
        let names: Vec<_> = found
            .iter()
            .map(|p| {
                p.strip_prefix(root)
                    .expect("test setup")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            names,
            [
                "factures/ovh/2024/c.json",
                "factures/ovh/a.json",
                "factures/ovh/b.json"
            ]
        );
        let (literal, _) =
            expand(root, &["factures/ovh/a.json".to_owned()], &[]).expect("test setup");
        assert_eq!(literal, [root.join("factures/ovh/a.json")]);
        let err = expand(root, &["factures/kimsufi/*.csv".to_owned()], &[]).expect_err("an error");
        match err {
            Error::Config { path, message } => {
                assert_eq!(path, root.join("rappro.toml"));
                assert_eq!(
                    message,
                    format!(
                        "le motif « factures/kimsufi/*.csv » ne correspond à aucun fichier du dossier {}",
                        root.display()
                    )
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
