//! File patterns of the configuration: `*`, `?` and `**`, relative to the folder.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;
pub use crate::model::pattern::glob_match;

/// True if the text has a wildcard.
fn has_wildcard(component: &str) -> bool {
    component.contains(['*', '?'])
}

/// Expands the patterns (relative to `folder`, or absolute) to the existing files they match,
/// sorted and without duplicates. A pattern that matches nothing is an error naming it, in French.
/// Hidden files and folders (name starting with `.`) are only found when named without wildcards.
pub fn expand(folder: &Path, patterns: &[String]) -> Result<Vec<PathBuf>, Error> {
    let mut found = Vec::new();
    for pattern in patterns {
        let before = found.len();
        expand_one(folder, pattern, &mut found)?;
        if found.len() == before {
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
    Ok(found)
}

/// Adds the files one pattern matches.
fn expand_one(folder: &Path, pattern: &str, found: &mut Vec<PathBuf>) -> Result<(), Error> {
    let pattern = pattern.trim();
    let components: Vec<&str> = pattern.split('/').filter(|c| !c.is_empty()).collect();
    let fixed = components.iter().take_while(|c| !has_wildcard(c)).count();
    let mut base = folder.to_path_buf();
    if pattern.starts_with('/') {
        base = PathBuf::from("/");
    }
    for component in &components[..fixed] {
        base.push(component);
    }
    if fixed == components.len() {
        if base.is_file() {
            found.push(base);
        }
        return Ok(());
    }
    let rest = components[fixed..].join("/");
    let depth = if rest.contains("**") {
        usize::MAX
    } else {
        components.len() - fixed
    };
    walk(&base, "", &rest, depth, found)
}

/// Collects the files under `dir` whose path relative to the walk's start (`prefix`) matches.
fn walk(
    dir: &Path,
    prefix: &str,
    pattern: &str,
    depth: usize,
    found: &mut Vec<PathBuf>,
) -> Result<(), Error> {
    if depth == 0 {
        return Ok(());
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::NotADirectory => return Ok(()),
        Err(source) => {
            return Err(Error::Io {
                action: "lecture",
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            action: "lecture",
            path: dir.to_path_buf(),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let relative = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let path = entry.path();
        let file_type = entry.file_type().map_err(|source| Error::Io {
            action: "lecture",
            path: path.clone(),
            source,
        })?;
        if file_type.is_dir() {
            walk(&path, &relative, pattern, depth - 1, found)?;
        } else if path.is_file() && glob_match(pattern, &relative) {
            // `is_file` follows symbolic links to files; links to folders are not walked.
            found.push(path);
        }
    }
    Ok(())
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
        let found = expand(
            root,
            &["factures/ovh/*.json".to_owned(), "**/*.json".to_owned()],
        )
        .expect("test setup");
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
        let literal = expand(root, &["factures/ovh/a.json".to_owned()]).expect("test setup");
        assert_eq!(literal, [root.join("factures/ovh/a.json")]);
        let err = expand(root, &["factures/kimsufi/*.csv".to_owned()]).expect_err("an error");
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
