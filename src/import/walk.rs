//! Walking folders, the one walker of rappro (folders given to `import`/`report`, file
//! patterns of `rappro.toml`): each file and folder is visited once, known by its device and
//! inode, so that a link loop (`boucle -> ..`) ends and a file reached under two names is read
//! once; what was skipped is said ([`Skipped::warning`]). Links are followed (a treasurer's
//! folder may link to the exports kept elsewhere). Hidden entries (name starting with `.`) and
//! rappro's own outputs are skipped. Entries of a folder are taken in name order, ordinary
//! entries before links, so that the name kept for a file does not depend on the disk.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fs::{self, Metadata};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Warning, WarningKind};
use crate::model::Source;

/// A path not visited because its file or folder had been visited under another name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The path skipped.
    pub path: PathBuf,
    /// The path under which the file or folder was visited first.
    pub first: PathBuf,
    /// True for a folder.
    pub folder: bool,
    /// True if the path skipped is a symbolic link.
    pub link: bool,
}

impl Skipped {
    /// The warning (code `already_visited`), naming paths with `display`.
    pub fn warning(&self, display: &dyn Fn(&Path) -> Arc<str>) -> Warning {
        let first = display(&self.first);
        // The folder a walk started from, named relative to itself.
        let first = if first.is_empty() {
            Arc::from(".")
        } else {
            first
        };
        Warning::at(
            Source::file(display(&self.path)),
            WarningKind::AlreadyVisited {
                first,
                folder: self.folder,
                link: self.link,
            },
        )
    }
}

/// Sorts skipped paths and says each once (several walks may skip the same link).
pub fn dedup(skipped: &mut Vec<Skipped>) {
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.dedup_by(|a, b| a.path == b.path);
}

/// One walk: what was visited, what was skipped, what could not be read.
#[derive(Debug, Default)]
pub struct Walk {
    seen: HashMap<FileId, PathBuf>,
    exclude_ids: Vec<FileId>,
    exclude_real: Vec<PathBuf>,
    skipped: Vec<Skipped>,
    errors: Vec<(PathBuf, io::Error)>,
}

/// What makes a file itself, whatever its name: its device and inode.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FileId {
    /// Device and inode.
    Inode(u64, u64),
    /// Where there are no inodes: the path with every link and `..` resolved.
    Path(PathBuf),
}

/// The identity of the file at `path`, whose metadata (links followed) is `meta`.
#[cfg(unix)]
pub fn file_id(_path: &Path, meta: &Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt as _;
    Some(FileId::Inode(meta.dev(), meta.ino()))
}

/// The identity of the file at `path`, whose metadata (links followed) is `meta`.
#[cfg(not(unix))]
pub fn file_id(path: &Path, _meta: &Metadata) -> Option<FileId> {
    fs::canonicalize(path).ok().map(FileId::Path)
}

impl Walk {
    /// A walk that never enters `exclude`d paths (rappro's output folder, its rejections file).
    pub fn new(exclude: &[PathBuf]) -> Walk {
        let existing: Vec<&PathBuf> = exclude.iter().filter(|p| p.exists()).collect();
        Walk {
            exclude_ids: existing
                .iter()
                .filter_map(|p| file_id(p, &fs::metadata(p).ok()?))
                .collect(),
            exclude_real: existing
                .iter()
                .filter_map(|p| fs::canonicalize(p).ok())
                .collect(),
            ..Walk::default()
        }
    }

    /// True if `path` is, or is under, an excluded path (for paths named without a walk).
    pub fn excludes(&self, path: &Path) -> bool {
        !self.exclude_real.is_empty()
            && fs::canonicalize(path)
                .is_ok_and(|real| self.exclude_real.iter().any(|e| real.starts_with(e)))
    }

    /// Notes that `path` (whose metadata is `meta`) is about to be used. False if its file or
    /// folder was visited before: under another name it is noted as skipped, under the same
    /// name (a path given twice) it is simply not used again.
    pub fn first_visit(&mut self, path: &Path, meta: &Metadata) -> bool {
        let Some(id) = file_id(path, meta) else {
            return true;
        };
        match self.seen.entry(id) {
            Entry::Vacant(slot) => {
                slot.insert(path.to_path_buf());
                true
            }
            Entry::Occupied(first) => {
                if first.get() != path {
                    self.skipped.push(Skipped {
                        path: path.to_path_buf(),
                        first: first.get().clone(),
                        folder: meta.is_dir(),
                        link: fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()),
                    });
                }
                false
            }
        }
    }

    /// Walks the folder `dir` down to `depth` levels (`usize::MAX`: all), calling
    /// `found(path, relative, metadata)` for every entry that is not a folder, reached for the
    /// first time. `relative` is the path from `dir`, with `/`.
    pub fn folder(
        &mut self,
        dir: &Path,
        depth: usize,
        found: &mut dyn FnMut(&Path, &str, &Metadata),
    ) {
        match fs::metadata(dir) {
            Ok(meta) if !self.first_visit(dir, &meta) => {}
            _ => self.walk(dir, "", depth, found),
        }
    }

    fn walk(
        &mut self,
        dir: &Path,
        prefix: &str,
        depth: usize,
        found: &mut dyn FnMut(&Path, &str, &Metadata),
    ) {
        if depth == 0 {
            return;
        }
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => {
                self.errors.push((dir.to_path_buf(), err));
                return;
            }
        };
        let mut children: Vec<(bool, String, PathBuf)> = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if !name.starts_with('.') {
                        let link = entry.file_type().is_ok_and(|t| t.is_symlink());
                        children.push((link, name, entry.path()));
                    }
                }
                Err(err) => self.errors.push((dir.to_path_buf(), err)),
            }
        }
        // Ordinary entries first, then links, each in name order.
        children.sort();
        for (_, name, path) in children {
            let meta = match fs::metadata(&path) {
                Ok(meta) => meta,
                Err(err) => {
                    // A link to nothing.
                    self.errors.push((path, err));
                    continue;
                }
            };
            // A folder below the depth asked for is not entered, so not visited either.
            let too_deep = meta.is_dir() && depth == 1;
            let excluded = file_id(&path, &meta).is_some_and(|id| self.exclude_ids.contains(&id));
            if too_deep || excluded || !self.first_visit(&path, &meta) {
                continue;
            }
            let relative = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            if meta.is_dir() {
                self.walk(&path, &relative, depth - 1, found);
            } else {
                found(&path, &relative, &meta);
            }
        }
    }

    /// What was skipped, and the paths that could not be read (folders, links to nothing).
    pub fn finish(self) -> (Vec<Skipped>, Vec<(PathBuf, io::Error)>) {
        (self.skipped, self.errors)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    fn walk_all(root: &Path, exclude: &[PathBuf]) -> (Vec<String>, Vec<Skipped>) {
        let mut walk = Walk::new(exclude);
        let mut files = Vec::new();
        walk.folder(root, usize::MAX, &mut |_, relative, _| {
            files.push(relative.to_owned());
        });
        let (skipped, errors) = walk.finish();
        assert!(errors.is_empty(), "{errors:?}");
        files.sort();
        (files, skipped)
    }

    #[test]
    fn a_link_loop_ends_and_each_file_is_found_once() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        fs::create_dir_all(root.join("paheko")).expect("mkdir");
        fs::write(root.join("paheko/export.csv"), "x").expect("write");
        // Two links to the folder above: without inodes, 2^depth paths until ELOOP.
        symlink("..", root.join("paheko/boucle")).expect("link");
        symlink("..", root.join("paheko/boucle2")).expect("link");
        symlink("export.csv", root.join("paheko/lien.csv")).expect("link");
        let (files, skipped) = walk_all(root, &[]);
        assert_eq!(files, ["paheko/export.csv"]);
        let warnings: Vec<String> = skipped
            .iter()
            .map(|s| {
                let display = |p: &Path| -> Arc<str> {
                    Arc::from(p.strip_prefix(root).unwrap_or(p).to_string_lossy().as_ref())
                };
                s.warning(&display).to_string()
            })
            .collect();
        assert_eq!(
            warnings,
            [
                "paheko/boucle: attention : lien vers un dossier déjà parcouru (« . ») : ignoré, pour ne pas lire ses fichiers deux fois ni tourner en rond",
                "paheko/boucle2: attention : lien vers un dossier déjà parcouru (« . ») : ignoré, pour ne pas lire ses fichiers deux fois ni tourner en rond",
                "paheko/lien.csv: attention : lien vers un fichier déjà lu (« paheko/export.csv ») : ignoré, pour ne pas le compter deux fois",
            ]
        );
    }

    #[test]
    fn hard_links_hidden_entries_and_exclusions() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        fs::create_dir_all(root.join("rapports")).expect("mkdir");
        fs::create_dir_all(root.join(".cache")).expect("mkdir");
        fs::write(root.join("a.csv"), "x").expect("write");
        fs::hard_link(root.join("a.csv"), root.join("b.csv")).expect("hard link");
        fs::write(root.join("rapports/rejets.csv"), "x").expect("write");
        fs::write(root.join(".cache/c.csv"), "x").expect("write");
        // A link to the excluded folder is not followed either.
        symlink("rapports", root.join("vers-rapports")).expect("link");
        let (files, skipped) = walk_all(root, &[root.join("rapports")]);
        assert_eq!(files, ["a.csv"]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].path, root.join("b.csv"));
        assert!(!skipped[0].link && !skipped[0].folder);
    }
}
