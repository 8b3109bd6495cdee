//! Outputs kept apart from inputs: checked before any work, so that no run reads its own
//! reports as exports or writes over a file it reads.
//!
//! An output folder *inside* an input folder is fine: the walkers skip it
//! (`import::walk::Walk`'s exclusions). An output folder that *is* an input folder, or holds
//! one of the inputs, is refused: rappro would read nothing (or its own reports) and could
//! replace an input by a report of the same name. A single output file (`--rejets`) must not
//! be an input, compared by device and inode so that links and other spellings are caught.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Warning, WarningKind};
use crate::import::walk::{Walk, file_id};
use crate::report::publish;
use crate::report::rejections::REJECTIONS_HEADER;

/// Refuses an output folder that is one of `inputs` (files or folders) or holds one of them.
/// An output folder that does not exist yet holds nothing.
pub fn check_out_folder(out: &Path, inputs: &[PathBuf]) -> Result<(), Error> {
    if !out.is_dir() {
        // Nothing there yet, or a file: opening the folder says what is wrong.
        return Ok(());
    }
    let Ok(out_real) = fs::canonicalize(out) else {
        return Ok(());
    };
    for input in inputs {
        let Ok(input_real) = fs::canonicalize(input) else {
            continue;
        };
        let message = if input_real == out_real {
            format!(
                "le dossier des rapports est aussi un dossier lu (« {} ») : rappro y lirait ses \
                 propres rapports et pourrait écraser un fichier lu ; choisissez un dossier à \
                 part, par exemple « {} »",
                input.display(),
                input.join("rapports").display()
            )
        } else if input_real.starts_with(&out_real) {
            format!(
                "le dossier des rapports contient un des chemins lus (« {} ») : rappro pourrait \
                 écraser un fichier lu ; choisissez un dossier à part (un sous-dossier vide, par \
                 exemple)",
                input.display()
            )
        } else {
            continue;
        };
        return Err(Error::Output {
            path: out.to_path_buf(),
            message,
        });
    }
    Ok(())
}

/// Refuses an output file that is one of `inputs` (the same file under any name).
pub fn check_out_file(out: &Path, inputs: &[PathBuf]) -> Result<(), Error> {
    let Some(out_id) = fs::metadata(out).ok().and_then(|meta| file_id(out, &meta)) else {
        return Ok(());
    };
    for input in inputs {
        let same = fs::metadata(input)
            .ok()
            .and_then(|meta| file_id(input, &meta))
            .is_some_and(|id| id == out_id);
        if same {
            return Err(Error::Output {
                path: out.to_path_buf(),
                message: format!(
                    "c'est un des chemins lus (« {} ») : rappro n'écrit jamais sur ce qu'il lit ; \
                     donnez un autre nom à --rejets",
                    input.display()
                ),
            });
        }
    }
    Ok(())
}

/// Refuses to replace a file that is not a rejections list of rappro (an export named by
/// mistake, or anything else): an empty file or a previous `rejets.csv` may be replaced.
/// Such a file inside a folder that is read is skipped by the walk, so without this check it
/// would be neither read nor kept.
pub fn check_rejections_replaceable(out: &Path) -> Result<(), Error> {
    use std::io::Read as _;
    // A link is replaced, not written through; a folder makes the write say « c'est un dossier ».
    if !fs::symlink_metadata(out).is_ok_and(|meta| meta.is_file()) {
        return Ok(());
    }
    let Ok(file) = fs::File::open(out) else {
        return Ok(());
    };
    let mut head = Vec::new();
    let header = REJECTIONS_HEADER.as_bytes();
    let read = file.take(header.len() as u64).read_to_end(&mut head);
    if read.is_ok() && (head.is_empty() || head == header) {
        return Ok(());
    }
    Err(Error::Output {
        path: out.to_path_buf(),
        message:
            "ce fichier existe et n'est pas une liste de rejets écrite par rappro : rappro ne \
                  l'écrase pas ; donnez un autre nom à --rejets, ou supprimez-le"
                .to_owned(),
    })
}

/// The names of the files rappro writes in an output folder (and its year folders).
const OUTPUT_NAMES: [&str; 8] = [
    "rejets.csv",
    "compte-de-resultat.json",
    "compte-de-resultat.csv",
    "bilan-financier.md",
    "ecarts.json",
    "ecarts.md",
    "ecarts.csv",
    "lignes.csv",
];

/// The extensions of the files an export or a list of invoices comes in.
const READ_EXTENSIONS: [&str; 7] = ["csv", "tsv", "txt", "ods", "xlsx", "xls", "json"];

/// When the output folder of `rappro report` lies inside a folder that is read, nothing in it
/// is read: says so if it holds files rappro did not write that could be exports (an export
/// put there would otherwise go unread without a word). Warning `output_not_read`, naming up
/// to three of them.
pub fn unread_in_output(out: &Path, inputs: &[PathBuf]) -> Option<Warning> {
    let out_real = fs::canonicalize(out).ok()?;
    let inside = inputs.iter().any(|input| {
        fs::canonicalize(input).is_ok_and(|real| real != out_real && out_real.starts_with(real))
    });
    if !inside {
        return None;
    }
    let ours = publish::read_manifest(out);
    let mut foreign = Vec::new();
    let mut walk = Walk::default();
    walk.folder(out, usize::MAX, &mut |path, relative, _| {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let readable = READ_EXTENSIONS.contains(&extension.as_str());
        if readable
            && !OUTPUT_NAMES.contains(&name)
            && !ours.iter().any(|p| p == Path::new(relative))
        {
            foreign.push(relative.to_owned());
        }
    });
    if foreign.is_empty() {
        return None;
    }
    foreign.sort();
    let count = foreign.len();
    foreign.truncate(3);
    Some(Warning::global(WarningKind::OutputNotRead {
        folder: out.to_path_buf(),
        count,
        names: foreign,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_folder_equal_to_or_holding_an_input_is_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        let books = root.join("compta");
        fs::create_dir_all(books.join("paheko")).expect("mkdir");
        fs::write(books.join("paheko/export.csv"), "x").expect("write");
        // Inside the inputs: fine, the walk skips it.
        assert!(check_out_folder(&books.join("rapports"), std::slice::from_ref(&books)).is_ok());
        fs::create_dir_all(books.join("rapports")).expect("mkdir");
        assert!(check_out_folder(&books.join("rapports"), std::slice::from_ref(&books)).is_ok());
        // Elsewhere: fine.
        assert!(check_out_folder(&root.join("ailleurs"), std::slice::from_ref(&books)).is_ok());
        let err = check_out_folder(&books, std::slice::from_ref(&books)).expect_err("equal");
        assert!(
            err.to_string()
                .contains("le dossier des rapports est aussi un dossier lu"),
            "{err}"
        );
        // Another spelling of the same folder.
        let other = books.join("paheko/..");
        assert!(check_out_folder(&other, std::slice::from_ref(&books)).is_err());
        let err = check_out_folder(root, &[books.join("paheko/export.csv")]).expect_err("holds");
        assert!(
            err.to_string()
                .contains("le dossier des rapports contient un des chemins lus"),
            "{err}"
        );
    }

    #[test]
    fn files_of_an_output_folder_inside_the_inputs_are_named_when_not_ours() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let books = tmp.path().join("compta");
        let out = books.join("rapports");
        fs::create_dir_all(out.join("exercice-2024")).expect("mkdir");
        let inputs = std::slice::from_ref(&books);
        assert!(unread_in_output(&out, inputs).is_none());
        for name in ["rejets.csv", "exercice-2024/ecarts.md", ".rappro-verrou"] {
            fs::write(out.join(name), "x").expect("write");
        }
        assert!(
            unread_in_output(&out, inputs).is_none(),
            "rappro's own files"
        );
        fs::write(out.join("notes.md"), "x").expect("write");
        assert!(unread_in_output(&out, inputs).is_none(), "not an export");
        fs::write(out.join("export Complet.csv"), "x").expect("write");
        let warning = unread_in_output(&out, inputs).expect("a foreign file");
        assert_eq!(warning.code(), "output_not_read");
        assert!(
            warning.message().ends_with(
                "est dans un dossier lu : rappro n'y lit rien, donc pas ces 1 fichier(s) qu'il n'a pas écrits : « export Complet.csv »"
            ),
            "{}",
            warning.message()
        );
        // Not inside the inputs: nothing to say, it was never going to be read.
        assert!(unread_in_output(&out, &[tmp.path().join("ailleurs")]).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn output_file_that_is_an_input_is_refused_under_any_name() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let export = tmp.path().join("export.csv");
        fs::write(&export, "x").expect("write");
        let inputs = std::slice::from_ref(&export);
        assert!(check_out_file(&tmp.path().join("rejets.csv"), inputs).is_ok());
        assert!(check_out_file(&export, inputs).is_err());
        let hard = tmp.path().join("lien-dur.csv");
        fs::hard_link(&export, &hard).expect("hard link");
        assert!(check_out_file(&hard, inputs).is_err());
        let soft = tmp.path().join("lien.csv");
        std::os::unix::fs::symlink(&export, &soft).expect("symlink");
        let err = check_out_file(&soft, inputs).expect_err("link");
        // Another file: replaced only if it is a rejections list of rappro, or empty.
        let rejets = tmp.path().join("rejets.csv");
        assert!(check_rejections_replaceable(&rejets).is_ok());
        fs::write(&rejets, "").expect("write");
        assert!(check_rejections_replaceable(&rejets).is_ok());
        fs::write(&rejets, crate::report::rejections::render_rejections(&[])).expect("write");
        assert!(check_rejections_replaceable(&rejets).is_ok());
        assert!(check_rejections_replaceable(&export).is_err());
        assert!(
            err.to_string()
                .contains("rappro n'écrit jamais sur ce qu'il lit"),
            "{err}"
        );
    }
}
