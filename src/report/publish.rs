//! Publishing a run's reports as one set, into an output folder that one run at a time writes.
//!
//! [`OutputFolder::open`] takes the folder's lock (`.rappro-verrou`, `File::try_lock`), checks
//! that a file can be created there, and repairs what an interrupted run left. [`OutputFolder::publish`]
//! then writes the set in three steps, so that the folder always holds one complete run:
//!
//! 1. every file goes to its own temporary file (`.rappro-tmp-XXXXXX`, created exclusively
//!    with a unique name by the tempfile crate, never through a link), written and synced. A
//!    full disk or a kill here leaves the previous set untouched; the next run removes the
//!    temporary files and says so.
//! 2. the journal `.rappro-journal` (temporary name → report name, one per line) is written
//!    atomically, then every temporary file is renamed over its report. A rename replaces a
//!    link planted under a report's name instead of writing through it. A kill here leaves the
//!    journal: the next run finishes the renames first (all the new files are complete and
//!    synced), so the folder then holds the interrupted run's whole set, and says so.
//! 3. the files of the previous set that this run does not write (another year's folder,
//!    `ecarts.*` after a `rappro report`) are removed, and the manifest `.rappro-manifeste`
//!    (the reports of the run, one per line) replaces the journal. Only files a manifest
//!    names are ever removed: what the treasurer put in the folder stays.
//!
//! Single files (`rappro import`'s rejections, `rappro init`'s configuration) go through
//! [`write_file`]: a temporary file then a rename, with the same guarantees for one file.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use tempfile::{Builder, TempPath};

use crate::error::{Error, Warning, WarningKind};

/// The lock file, in the output folder.
pub const LOCK_FILE: &str = ".rappro-verrou";
/// The list of the reports of the last complete run, in the output folder.
pub const MANIFEST_FILE: &str = ".rappro-manifeste";
/// The renames of a run being published, in the output folder.
pub const JOURNAL_FILE: &str = ".rappro-journal";
/// The start of the name of every temporary file of a run.
pub const TEMP_PREFIX: &str = ".rappro-tmp-";
/// The start of the name of the temporary file of a single file ([`write_file`]).
const SINGLE_PREFIX: &str = ".rappro-ecriture-";

/// When set to a number N, rappro stops dead (exit status 137, as if killed, nothing cleaned)
/// after N steps of publishing a set (each file written to its temporary file is a step, then
/// each rename): the only way for a test to interrupt a run between two files (docs/TESTING.md).
pub const TEST_KILL_VARIABLE: &str = "RAPPRO_TEST_KILL_AFTER_FILES";

fn io_error(path: &Path, source: io::Error) -> Error {
    Error::Io {
        action: "écriture",
        path: path.to_path_buf(),
        source,
    }
}

/// An output folder, locked for this run until the value is dropped.
#[derive(Debug)]
pub struct OutputFolder {
    dir: PathBuf,
    // Held for its lock, released when the file is closed.
    _lock: Option<File>,
    notes: Vec<Warning>,
}

impl OutputFolder {
    /// Creates `dir` if needed, locks it, checks that a file can be created in it, and repairs
    /// what an interrupted run left (see the module's documentation). Fails, before any input
    /// is read, when another run holds the lock or the folder cannot be written.
    pub fn open(dir: &Path) -> Result<OutputFolder, Error> {
        if fs::metadata(dir).is_ok_and(|meta| !meta.is_dir()) {
            // create_dir_all would say « already exists », which does not say what is wrong.
            return Err(io_error(dir, io::Error::from(io::ErrorKind::NotADirectory)));
        }
        fs::create_dir_all(dir).map_err(|err| io_error(dir, err))?;
        let lock = lock(dir)?;
        // The lock file may exist already: check that a new file can be created too.
        temp_in(dir, TEMP_PREFIX).map_err(|err| io_error(dir, err))?;
        let notes = recover(dir)?;
        Ok(OutputFolder {
            dir: dir.to_path_buf(),
            _lock: lock,
            notes,
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// What was repaired when the folder was opened: one warning per kind of leftover.
    pub fn notes(&self) -> &[Warning] {
        &self.notes
    }

    /// Publishes `files` (paths relative to the folder, such as `exercice-2024/ecarts.md`) as
    /// one set, replacing the previous run's set. Errors name the report, never a temporary file.
    pub fn publish(&self, files: &[(PathBuf, Vec<u8>)]) -> Result<(), Error> {
        let mut kill = KillHook::from_env();
        let mut staged: Vec<(TempPath, &Path)> = Vec::with_capacity(files.len());
        for (rel, content) in files {
            let target = self.dir.join(rel);
            if let Some(link) = linked_folder(&self.dir, rel) {
                return Err(Error::Output {
                    path: link,
                    message: "c'est un lien symbolique vers un dossier : rappro n'écrit jamais \
                              à travers un lien ; supprimez-le"
                        .to_owned(),
                });
            }
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|err| io_error(parent, err))?;
            }
            if fs::symlink_metadata(&target).is_ok_and(|meta| meta.is_dir()) {
                return Err(io_error(
                    &target,
                    io::Error::from(io::ErrorKind::IsADirectory),
                ));
            }
            let temp =
                stage(&self.dir, TEMP_PREFIX, content).map_err(|err| io_error(&target, err))?;
            staged.push((temp, rel));
            kill.step();
        }
        let journal: String = staged
            .iter()
            .filter_map(|(temp, rel)| {
                let name = temp.file_name()?.to_str()?;
                Some(format!("{name}\t{}\n", rel_text(rel)?))
            })
            .collect();
        replace(&self.dir, JOURNAL_FILE, journal.as_bytes())?;
        let mut names = Vec::with_capacity(staged.len());
        let mut staged = staged.into_iter();
        while let Some((temp, rel)) = staged.next() {
            let target = self.dir.join(rel);
            if let Err(err) = temp.persist(&target) {
                // Keep the other new files: the journal lets the next run finish the set.
                let _ = err.path.keep();
                for (temp, _) in staged {
                    let _ = temp.keep();
                }
                return Err(io_error(&target, err.error));
            }
            names.push(rel.to_path_buf());
            kill.step();
        }
        for parent in names
            .iter()
            .filter_map(|rel| self.dir.join(rel).parent().map(Path::to_path_buf))
            .collect::<BTreeSet<_>>()
        {
            sync_dir(&parent);
        }
        finish(&self.dir, names)
    }
}

/// Counts the steps of a publication for [`TEST_KILL_VARIABLE`].
struct KillHook {
    after: Option<usize>,
    done: usize,
}

impl KillHook {
    fn from_env() -> KillHook {
        let after = std::env::var(TEST_KILL_VARIABLE)
            .ok()
            .and_then(|n| n.trim().parse().ok());
        KillHook { after, done: 0 }
    }

    fn step(&mut self) {
        self.done += 1;
        if self.after == Some(self.done) {
            // No destructor runs: the temporary files stay, as after a real kill.
            std::process::exit(137);
        }
    }
}

/// Takes the folder's lock, or says that another run holds it. A file system without locks
/// (some network shares) is written without one.
fn lock(dir: &Path) -> Result<Option<File>, Error> {
    let path = dir.join(LOCK_FILE);
    // A link planted under the lock's name is removed, never followed.
    if fs::symlink_metadata(&path).is_ok_and(|meta| !meta.is_file()) {
        fs::remove_file(&path).map_err(|err| io_error(dir, err))?;
    }
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|err| io_error(dir, err))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(fs::TryLockError::WouldBlock) => Err(Error::Output {
            path: dir.to_path_buf(),
            message: "une autre exécution de rappro écrit déjà dans ce dossier : attendez qu'elle \
                      finisse, ou choisissez un autre dossier de rapports"
                .to_owned(),
        }),
        Err(fs::TryLockError::Error(err)) if err.kind() == io::ErrorKind::Unsupported => Ok(None),
        Err(fs::TryLockError::Error(err)) => Err(io_error(dir, err)),
    }
}

/// A new empty temporary file in `dir`, created exclusively under a unique name, readable
/// as an ordinary file (the umask applies).
fn temp_in(dir: &Path, prefix: &str) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // tempfile's default, 0600, would hide the reports from the treasurer's group.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Writes `content` to a new temporary file in `dir` and syncs it.
fn stage(dir: &Path, prefix: &str, content: &[u8]) -> io::Result<TempPath> {
    let mut file = temp_in(dir, prefix)?;
    file.write_all(content)?;
    file.as_file().sync_all()?;
    Ok(file.into_temp_path())
}

/// Replaces `dir/name` (a bookkeeping file of the folder) atomically.
fn replace(dir: &Path, name: &str, content: &[u8]) -> Result<(), Error> {
    let target = dir.join(name);
    let temp = stage(dir, TEMP_PREFIX, content).map_err(|err| io_error(&target, err))?;
    temp.persist(&target)
        .map_err(|err| io_error(&target, err.error))?;
    sync_dir(dir);
    Ok(())
}

/// Makes the renames in `dir` durable. Best effort: not every system can sync a folder.
fn sync_dir(dir: &Path) {
    if let Ok(file) = File::open(dir) {
        let _ = file.sync_all();
    }
}

/// The relative path as written in the journal and the manifest (`/` between names).
fn rel_text(rel: &Path) -> Option<String> {
    let names: Option<Vec<&str>> = rel
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str().filter(|n| !n.contains(['\t', '\n'])),
            _ => None,
        })
        .collect();
    names.filter(|n| !n.is_empty()).map(|n| n.join("/"))
}

/// A relative path read back from the journal or the manifest, refused unless it stays
/// inside the folder.
fn parse_rel(text: &str) -> Option<PathBuf> {
    let path = PathBuf::from(text);
    let inside = !text.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    inside.then_some(path)
}

/// The first folder on the way from `dir` to `dir/rel` that is a symbolic link, if any:
/// writing or removing through it would touch files outside the output folder.
fn linked_folder(dir: &Path, rel: &Path) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    let mut names = rel.components().peekable();
    while let Some(name) = names.next() {
        // The last name is the file itself, replaced by a rename if it is a link.
        names.peek()?;
        path.push(name);
        if fs::symlink_metadata(&path).is_ok_and(|meta| meta.file_type().is_symlink()) {
            return Some(path);
        }
    }
    None
}

/// The manifest's entries.
pub(crate) fn read_manifest(dir: &Path) -> Vec<PathBuf> {
    fs::read_to_string(dir.join(MANIFEST_FILE))
        .map(|text| {
            text.lines()
                .filter(|line| !line.starts_with('#'))
                .filter_map(parse_rel)
                .collect()
        })
        .unwrap_or_default()
}

/// Step 3: removes what the previous set had and this one has not, writes the manifest,
/// removes the journal.
fn finish(dir: &Path, names: Vec<PathBuf>) -> Result<(), Error> {
    let new: BTreeSet<PathBuf> = names.into_iter().collect();
    for old in read_manifest(dir) {
        if new.contains(&old) {
            continue;
        }
        let path = dir.join(&old);
        if linked_folder(dir, &old).is_none()
            && fs::symlink_metadata(&path).is_ok_and(|meta| !meta.is_dir())
            && fs::remove_file(&path).is_ok()
        {
            // A year's folder left empty goes too (remove_dir refuses a folder that is not).
            if let Some(parent) = path.parent().filter(|p| *p != dir) {
                let _ = fs::remove_dir(parent);
            }
        }
    }
    let mut text = String::from("# rappro : rapports de la dernière exécution (ne pas modifier)\n");
    for rel in &new {
        if let Some(line) = rel_text(rel) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    replace(dir, MANIFEST_FILE, text.as_bytes())?;
    match fs::remove_file(dir.join(JOURNAL_FILE)) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => {
            return Err(io_error(&dir.join(JOURNAL_FILE), err));
        }
        _ => {}
    }
    sync_dir(dir);
    Ok(())
}

/// Repairs what an interrupted run left in `dir`: finishes an interrupted publication (step 2),
/// then removes temporary files (step 1). Returns what it did, as warnings.
fn recover(dir: &Path) -> Result<Vec<Warning>, Error> {
    let mut notes = Vec::new();
    let journal = dir.join(JOURNAL_FILE);
    match fs::read_to_string(&journal) {
        Ok(text) => {
            let mut names = Vec::new();
            let mut placed = 0;
            for line in text.lines() {
                let Some((temp, rel)) = line.split_once('\t') else {
                    continue;
                };
                let Some(rel) = parse_rel(rel) else { continue };
                let from = dir.join(temp);
                let ours = temp.starts_with(TEMP_PREFIX) && !temp.contains('/');
                let safe = linked_folder(dir, &rel).is_none();
                if ours && safe && fs::symlink_metadata(&from).is_ok_and(|meta| meta.is_file()) {
                    let target = dir.join(&rel);
                    if let Some(parent) = target.parent() {
                        fs::create_dir_all(parent).map_err(|err| io_error(parent, err))?;
                    }
                    fs::rename(&from, &target).map_err(|err| io_error(&target, err))?;
                    placed += 1;
                }
                names.push(rel);
            }
            sync_dir(dir);
            finish(dir, names)?;
            notes.push(Warning::global(WarningKind::InterruptedPublication {
                folder: dir.to_path_buf(),
                placed,
            }));
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => {
            return Err(Error::Io {
                action: "lecture",
                path: journal,
                source: err,
            });
        }
    }
    let mut removed = 0;
    let entries = fs::read_dir(dir).map_err(|err| Error::Io {
        action: "lecture",
        path: dir.to_path_buf(),
        source: err,
    })?;
    for entry in entries.flatten() {
        let ours = entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.starts_with(TEMP_PREFIX));
        if ours && entry.file_type().is_ok_and(|t| !t.is_dir()) {
            fs::remove_file(entry.path()).map_err(|err| io_error(&entry.path(), err))?;
            removed += 1;
        }
    }
    if removed > 0 {
        notes.push(Warning::global(WarningKind::InterruptedRun {
            folder: dir.to_path_buf(),
            removed,
        }));
    }
    Ok(notes)
}

/// Writes one file atomically: a temporary file in the same folder, synced, then renamed over
/// `path` (a link at `path` is replaced, not followed). With `replace` false, an existing
/// `path` is left alone and the error says it exists. Errors name `path`.
pub fn write_file(path: &Path, content: &[u8], replace: bool) -> Result<(), Error> {
    let dir = parent_of(path);
    fs::create_dir_all(&dir).map_err(|err| io_error(&dir, err))?;
    let temp = stage(&dir, SINGLE_PREFIX, content).map_err(|err| io_error(path, err))?;
    let done = if replace {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    done.map_err(|err| io_error(path, err.error))?;
    sync_dir(&dir);
    Ok(())
}

/// The folder of `path` (`.` for a bare name).
pub fn parent_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Checks, before any work, that a single file can be written in `path`'s folder: the folder
/// is created if needed, and a temporary file is created and removed in it.
pub fn check_file_writable(path: &Path) -> Result<(), Error> {
    if fs::symlink_metadata(path).is_ok_and(|meta| meta.is_dir()) {
        return Err(io_error(path, io::Error::from(io::ErrorKind::IsADirectory)));
    }
    let dir = parent_of(path);
    if fs::metadata(&dir).is_ok_and(|meta| !meta.is_dir()) {
        return Err(io_error(
            &dir,
            io::Error::from(io::ErrorKind::NotADirectory),
        ));
    }
    fs::create_dir_all(&dir).map_err(|err| io_error(&dir, err))?;
    temp_in(&dir, SINGLE_PREFIX).map_err(|err| io_error(&dir, err))?;
    Ok(())
}

#[cfg(test)]
#[path = "publish_tests.rs"]
mod tests;
