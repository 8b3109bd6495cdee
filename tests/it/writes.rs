//! Writes that must never destroy or mix files: outputs apart from inputs, no link followed,
//! a run's reports published as one set (tested by killing rappro between two files), one
//! run at a time per folder, and system errors (full disk, read-only) in French naming the
//! report. The fault cases that need a small file system mount a tmpfs when the tests run as
//! root, and are skipped with a message otherwise.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{copy_dir, rappro, rappro_with_env, root};

const HEADER: &str = "\"Numéro d'écriture\",\"Type\",\"Statut\",\"Libellé\",\"Date\",\"Remarques\",\"Numéro pièce comptable\",\"Numéro compte\",\"Libellé compte\",\"Débit\",\"Crédit\",\"Référence ligne\",\"Libellé ligne\",\"Rapprochement\",\"Lettrage\",\"Projet analytique\",\"Membres associés\"";

/// A Complet export of one transaction: a charge of `amount` paid from the bank.
fn export(amount: &str) -> String {
    format!(
        "{HEADER}\n\
         \"1\",\"Dépense\",\"\",\"Hébergement\",\"2024-03-06\",\"\",\"\",\"6262\",\"Télécommunications\",\"{amount}\",\"0,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\n\
         \"1\",\"Dépense\",\"\",\"Hébergement\",\"2024-03-06\",\"\",\"\",\"5121\",\"Banque\",\"0,00\",\"{amount}\",\"\",\"\",\"0\",\"\",\"\",\"\"\n"
    )
}

/// A folder `compta/` holding `export.csv` of `amount`, in a fresh temp folder.
fn books(amount: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("compta")).expect("mkdir");
    fs::write(dir.path().join("compta/export.csv"), export(amount)).expect("write");
    dir
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir` (hidden ones too), by relative path.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("read_dir").flatten() {
            let path = entry.path();
            let kind = entry.file_type().expect("file type");
            if kind.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("under").to_path_buf();
                found.insert(relative, fs::read(&path).unwrap_or_default());
            }
        }
    }
    found
}

/// The reports only: without rappro's bookkeeping files (lock, manifest).
fn reports(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = files(dir);
    all.retain(|path, _| !path.to_string_lossy().starts_with(".rappro-"));
    all
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("read_dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".rappro-tmp-") || n == ".rappro-journal")
        .collect()
}

// --- 1. Output folder and inputs -----------------------------------------------------------

#[test]
fn writes_an_output_folder_that_is_or_holds_the_inputs_is_refused_before_any_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("girofle");
    copy_dir(&root().join("samples/girofle-2024"), &folder);
    let before = files(dir.path());
    let cases: [(&[&str], &str); 4] = [
        (
            &["run", "girofle", "--out", "girofle"],
            "rappro : erreur : girofle: le dossier des rapports est aussi un dossier lu (« girofle ») : rappro y lirait ses propres rapports et pourrait écraser un fichier lu ; choisissez un dossier à part, par exemple « girofle/rapports »\n",
        ),
        (
            &["run", "girofle", "--out", "."],
            "rappro : erreur : .: le dossier des rapports contient un des chemins lus (« girofle ») : rappro pourrait écraser un fichier lu ; choisissez un dossier à part (un sous-dossier vide, par exemple)\n",
        ),
        (
            &["report", "girofle/paheko", "--out", "girofle/paheko"],
            "rappro : erreur : girofle/paheko: le dossier des rapports est aussi un dossier lu (« girofle/paheko ») : rappro y lirait ses propres rapports et pourrait écraser un fichier lu ; choisissez un dossier à part, par exemple « girofle/paheko/rapports »\n",
        ),
        (
            &["report", "girofle/paheko", "--out", "girofle"],
            "rappro : erreur : girofle: le dossier des rapports contient un des chemins lus (« girofle/paheko ») : rappro pourrait écraser un fichier lu ; choisissez un dossier à part (un sous-dossier vide, par exemple)\n",
        ),
    ];
    for (args, expected) in cases {
        let output = rappro(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), expected, "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}: nothing read");
        assert_eq!(files(dir.path()), before, "{args:?}: nothing written");
    }
    // An output folder inside the folder given to report is not read, and what it holds
    // that rappro did not write is named.
    fs::write(folder.join("paheko/notes.md"), "").expect("write");
    let output = rappro(
        dir.path(),
        &["report", "girofle", "--out", "girofle/paheko"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).starts_with(
            "attention : le dossier des rapports girofle/paheko est dans un dossier lu : rappro n'y lit rien, donc pas ces 3 fichier(s) qu'il n'a pas écrits : « Le Cloud Girofle   Export comptable   Complet   Exercice 2024.csv », « Le Cloud Girofle   Export comptable   Complet   Exercice 2024.ods », « Plan comptable   Le Cloud Girofle   Plan comptable associatif  2018  révision 2024 .csv »\n"
        ),
        "{}",
        stderr(&output)
    );
    fs::remove_dir_all(folder.join("paheko")).expect("rm");
    copy_dir(
        &root().join("samples/girofle-2024/paheko"),
        &folder.join("paheko"),
    );
    // An output folder inside the inputs is fine: it is not read.
    let output = rappro(dir.path(), &["run", "girofle", "--out", "girofle/rapports"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let again = rappro(dir.path(), &["run", "girofle", "--out", "girofle/rapports"]);
    assert_eq!(again.stdout, output.stdout);
}

#[test]
fn writes_an_output_folder_holding_exports_named_by_an_absolute_pattern_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("girofle");
    copy_dir(&root().join("samples/girofle-2024"), &folder);
    // The exports live elsewhere, named by an absolute pattern.
    let data = dir.path().join("data");
    fs::create_dir_all(&data).expect("mkdir");
    fs::rename(folder.join("paheko"), data.join("paheko")).expect("move");
    let config = fs::read_to_string(folder.join("rappro.toml")).expect("config");
    let absolute = format!("{}/paheko/", data.display());
    fs::write(
        folder.join("rappro.toml"),
        config.replace("\"paheko/", &format!("\"{absolute}")),
    )
    .expect("config");
    let ok = rappro(dir.path(), &["run", "girofle", "--out", "girofle/rapports"]);
    assert_eq!(ok.status.code(), Some(1), "{}", stderr(&ok));
    // An output folder that holds them would have read nothing: refused.
    let output = rappro(dir.path(), &["run", "girofle", "--out", "data"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "rappro : erreur : data: le dossier des rapports contient un des chemins lus (« {} ») : rappro pourrait écraser un fichier lu ; choisissez un dossier à part (un sous-dossier vide, par exemple)\n",
            data.join("paheko").display()
        )
    );
    assert!(!data.join("rejets.csv").exists());
}

#[test]
fn writes_import_never_writes_its_rejections_onto_an_input() {
    let dir = books("12,00");
    let export = dir.path().join("compta/export.csv");
    let before = fs::read(&export).expect("read");
    std::os::unix::fs::symlink("compta/export.csv", dir.path().join("lien.csv")).expect("link");
    for rejets in [
        "compta/export.csv",
        "compta/../compta/export.csv",
        "lien.csv",
    ] {
        let output = rappro(
            dir.path(),
            &["import", "compta/export.csv", "--rejets", rejets],
        );
        assert_eq!(output.status.code(), Some(2), "{rejets}");
        assert_eq!(
            stderr(&output),
            format!(
                "rappro : erreur : {rejets}: c'est un des chemins lus (« compta/export.csv ») : rappro n'écrit jamais sur ce qu'il lit ; donnez un autre nom à --rejets\n"
            )
        );
        assert_eq!(fs::read(&export).expect("read"), before, "{rejets}");
    }
    // An export of a folder that is read, named as the rejections file: the walk would skip
    // it, and the write would replace it. Refused.
    let output = rappro(
        dir.path(),
        &["import", "compta", "--rejets", "compta/export.csv"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "rappro : erreur : compta/export.csv: ce fichier existe et n'est pas une liste de rejets écrite par rappro : rappro ne l'écrase pas ; donnez un autre nom à --rejets, ou supprimez-le\n"
    );
    assert_eq!(fs::read(&export).expect("read"), before);
    // A rejections file inside a folder that is read is skipped by the walk, as before.
    let output = rappro(
        dir.path(),
        &["import", "compta", "--rejets", "compta/rejets.csv"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(fs::read(&export).expect("read"), before);
}

// --- 3. Links -------------------------------------------------------------------------------

#[test]
fn writes_never_follow_a_planted_link() {
    let dir = books("12,00");
    let out = dir.path().join("rapports");
    fs::create_dir_all(&out).expect("mkdir");
    let victim = dir.path().join("victime.txt");
    fs::write(&victim, "à garder").expect("write");
    // The old fixed temporary name, the report's own name, the lock and the manifest.
    for name in [
        ".compte-de-resultat.json.tmp",
        "compte-de-resultat.json",
        "bilan-financier.md",
        ".rappro-verrou",
        ".rappro-manifeste",
    ] {
        std::os::unix::fs::symlink(&victim, out.join(name)).expect("link");
    }
    let output = rappro(dir.path(), &["report", "compta", "--out", "rapports"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&victim).expect("read"), "à garder");
    for name in ["compte-de-resultat.json", "bilan-financier.md"] {
        let meta = fs::symlink_metadata(out.join(name)).expect("report");
        assert!(meta.is_file(), "{name}: the link itself is replaced");
    }
    let json = fs::read_to_string(out.join("compte-de-resultat.json")).expect("json");
    assert!(json.contains("\"amount\": \"12.00\""), "{json}");
    // A rejections file that is a link is replaced too, never written through.
    std::os::unix::fs::symlink(&victim, dir.path().join("rejets.csv")).expect("link");
    let output = rappro(dir.path(), &["import", "compta"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&victim).expect("read"), "à garder");
    assert!(
        fs::symlink_metadata(dir.path().join("rejets.csv"))
            .expect("rejets")
            .is_file()
    );
}

// --- 4. One set at a time -------------------------------------------------------------------

/// The reports `rappro report compta` gives for `amount`, written in a folder of their own.
fn reference(amount: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    let dir = books(amount);
    let output = rappro(dir.path(), &["report", "compta", "--out", "rapports"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    reports(&dir.path().join("rapports"))
}

fn report_killed_after(folder: &Path, steps: usize) -> Output {
    rappro_with_env(
        folder,
        &["report", "compta", "--out", "rapports"],
        &[("RAPPRO_TEST_KILL_AFTER_FILES", &steps.to_string())],
    )
}

#[test]
fn writes_a_run_killed_while_writing_leaves_the_old_set_and_the_next_run_cleans_up() {
    let old = reference("12,00");
    let new = reference("34,00");
    assert_eq!(old.len(), 5);
    assert_ne!(old, new);
    let dir = books("12,00");
    let out = dir.path().join("rapports");
    assert_eq!(
        rappro(dir.path(), &["report", "compta", "--out", "rapports"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(reports(&out), old);
    fs::write(dir.path().join("compta/export.csv"), export("34,00")).expect("write");
    // Killed after two of the five files were written: the old set, whole.
    let killed = report_killed_after(dir.path(), 2);
    assert_eq!(killed.status.code(), Some(137), "{}", stderr(&killed));
    assert_eq!(reports(&out), old);
    assert_eq!(leftovers(&out).len(), 2, "{:?}", leftovers(&out));
    let next = rappro(dir.path(), &["report", "compta", "--out", "rapports"]);
    assert_eq!(next.status.code(), Some(0));
    assert!(
        stderr(&next).starts_with(
            "attention : la précédente exécution a été interrompue avant d'avoir écrit tous ses rapports dans rapports : 2 fichier(s) temporaire(s) supprimé(s) ; les rapports d'avant étaient restés intacts\n"
        ),
        "{}",
        stderr(&next)
    );
    assert_eq!(reports(&out), new);
    assert!(leftovers(&out).is_empty());
}

#[test]
fn writes_a_run_killed_while_renaming_is_finished_by_the_next_run() {
    let new = reference("34,00");
    let dir = books("12,00");
    let out = dir.path().join("rapports");
    assert_eq!(
        rappro(dir.path(), &["report", "compta", "--out", "rapports"])
            .status
            .code(),
        Some(0)
    );
    fs::write(dir.path().join("compta/export.csv"), export("34,00")).expect("write");
    // Five files written, then killed after the first rename: the journal is left.
    let killed = report_killed_after(dir.path(), 6);
    assert_eq!(killed.status.code(), Some(137), "{}", stderr(&killed));
    assert_eq!(leftovers(&out).len(), 5, "{:?}", leftovers(&out));
    // Back to the old books: the next run first finishes the interrupted set, then writes its own.
    fs::write(dir.path().join("compta/export.csv"), export("12,00")).expect("write");
    let next = rappro_with_env(
        dir.path(),
        &["report", "compta", "--out", "rapports"],
        &[("RAPPRO_TEST_KILL_AFTER_FILES", "1")],
    );
    assert_eq!(next.status.code(), Some(137));
    assert!(
        stderr(&next).starts_with(
            "attention : la précédente exécution a été interrompue pendant qu'elle remplaçait ses rapports dans rapports : ses 4 dernier(s) rapport(s), complets, ont été mis en place avant de continuer\n"
        ),
        "{}",
        stderr(&next)
    );
    // Killed again before any rename: the folder holds the interrupted run's whole set.
    assert_eq!(reports(&out), new);
    let manifest = fs::read_to_string(out.join(".rappro-manifeste")).expect("manifest");
    assert!(
        manifest.ends_with(
            "bilan-financier.md\ncompte-de-resultat.csv\ncompte-de-resultat.json\nrapport.html\nrejets.csv\n"
        ),
        "{manifest}"
    );
}

#[test]
fn writes_a_set_replaces_the_previous_one_and_keeps_the_treasurers_files() {
    let sample = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("samples/girofle-2024"), sample.path());
    let out = sample.path().join("rapports");
    let run = rappro(sample.path(), &["run", ".", "--out", "rapports"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert_eq!(reports(&out).len(), 9);
    fs::write(out.join("notes.txt"), "mes notes").expect("write");
    // A report of the same folder replaces the run's set: no ecarts.* of the run beside it.
    let report = rappro(sample.path(), &["report", "paheko", "--out", "rapports"]);
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    let names: Vec<String> = reports(&out)
        .keys()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "bilan-financier.md",
            "compte-de-resultat.csv",
            "compte-de-resultat.json",
            "notes.txt",
            "rapport.html",
            "rejets.csv"
        ]
    );
}

// --- 5. One run at a time -------------------------------------------------------------------

#[test]
fn writes_a_second_run_into_a_locked_folder_stops_at_once() {
    let dir = books("12,00");
    let out = dir.path().join("rapports");
    fs::create_dir_all(&out).expect("mkdir");
    // This test process plays the first run: it holds the lock as rappro does.
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join(".rappro-verrou"))
        .expect("lock file");
    lock.try_lock().expect("lock");
    let output = rappro(dir.path(), &["report", "compta", "--out", "rapports"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "rappro : erreur : rapports: une autre exécution de rappro écrit déjà dans ce dossier : attendez qu'elle finisse, ou choisissez un autre dossier de rapports\n"
    );
    assert!(output.stdout.is_empty(), "nothing read");
    assert!(reports(&out).is_empty());
    drop(lock);
    // Released. Another test's child process, forked but not yet started, may hold a copy
    // of the descriptor for a moment: retry a few times.
    let mut output = rappro(dir.path(), &["report", "compta", "--out", "rapports"]);
    for _ in 0..20 {
        if !stderr(&output).contains("une autre exécution") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        output = rappro(dir.path(), &["report", "compta", "--out", "rapports"]);
    }
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(reports(&out).len(), 5);
}

// --- 6. System errors ------------------------------------------------------------------------

/// A tmpfs of `size` mounted on `dir`, unmounted on drop; None (after saying why) when this
/// cannot be done (not root, no mount permission).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, options: &str) -> Option<Tmpfs> {
        fs::create_dir_all(dir).expect("mkdir");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir)
            .output();
        match status {
            Ok(output) if output.status.success() => Some(Tmpfs(dir.to_path_buf())),
            other => {
                println!(
                    "tmpfs impossible ({other:?}): test skipped (run the tests as root to run it)"
                );
                None
            }
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).output();
    }
}

#[test]
fn writes_a_full_disk_leaves_the_old_set_and_names_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("samples/girofle-2024"), dir.path());
    let Some(_disk) = Tmpfs::mount(&dir.path().join("rapports"), "size=64k") else {
        return;
    };
    let out = dir.path().join("rapports");
    // A small first set: the compte de résultats of the exports alone.
    let first = rappro(dir.path(), &["report", "paheko", "--out", "rapports"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let old = reports(&out);
    // Fill the disk, then leave 24 KB: the run's set (about 38 KB with lignes.csv) cannot fit.
    let mut filler = fs::File::create(out.join("remplissage")).expect("filler");
    let mut size = 0u64;
    while filler.write_all(&[b'x'; 4096]).is_ok() {
        size += 4096;
    }
    filler
        .set_len(size.saturating_sub(24 * 1024))
        .expect("truncate");
    drop(filler);
    let output = rappro(dir.path(), &["run", ".", "--out", "rapports"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    let last = message.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("rappro : erreur : rapports/")
            && last.ends_with(": écriture impossible : disque plein"),
        "{message}"
    );
    assert!(!message.contains(".rappro-tmp"), "{message}");
    let mut now = reports(&out);
    now.remove(Path::new("remplissage"));
    assert_eq!(now, old, "the old set, whole");
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

#[test]
fn writes_a_read_only_output_folder_is_refused_before_any_work() {
    let dir = books("12,00");
    let out = dir.path().join("rapports");
    // As root, permission bits are ignored: a read-only tmpfs. Otherwise, a folder without
    // the write permission.
    let disk = Tmpfs::mount(&out, "size=64k");
    fs::write(out.join("notes.txt"), "x").expect("write");
    let cause = if disk.is_some() {
        let remount = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&out)
            .output()
            .expect("mount");
        assert!(remount.status.success(), "{remount:?}");
        "disque ou dossier en lecture seule"
    } else {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).expect("chmod");
        if fs::write(out.join("essai"), "").is_ok() {
            println!("permission bits ignored (root without mount): test skipped");
            return;
        }
        "permission refusée"
    };
    let output = rappro(dir.path(), &["report", "compta", "--out", "rapports"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!("rappro : erreur : rapports: écriture impossible : {cause}\n")
    );
    assert!(output.stdout.is_empty(), "nothing read");
    let output = rappro(
        dir.path(),
        &["import", "compta", "--rejets", "rapports/rejets.csv"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!("rappro : erreur : rapports: écriture impossible : {cause}\n")
    );
    drop(disk);
}

// --- 7. Walking folders -----------------------------------------------------------------------

/// The figures of a compte-de-resultat.json, without its warnings.
fn figures(out: &Path) -> serde_json::Value {
    let text = fs::read_to_string(out.join("compte-de-resultat.json")).expect("json");
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("parses");
    value["warnings"] = serde_json::Value::Null;
    value
}

#[test]
fn writes_link_loops_end_and_each_file_is_read_once() {
    let reference = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("samples/girofle-2024"), reference.path());
    let plain = rappro(reference.path(), &["run", ".", "--out", "rapports"]);
    assert_eq!(plain.status.code(), Some(1), "{}", stderr(&plain));
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("samples/girofle-2024"), dir.path());
    let paheko = dir.path().join("paheko");
    // Two links to the folder above (a loop that never ended), a link to an export, a
    // second folder name for the exports.
    std::os::unix::fs::symlink("..", paheko.join("boucle")).expect("link");
    std::os::unix::fs::symlink("..", paheko.join("boucle2")).expect("link");
    std::os::unix::fs::symlink(
        "Le Cloud Girofle   Export comptable   Complet   Exercice 2024.csv",
        paheko.join("lien Complet.csv"),
    )
    .expect("link");
    std::os::unix::fs::symlink("paheko", dir.path().join("copie")).expect("link");
    let config = fs::read_to_string(dir.path().join("rappro.toml")).expect("config");
    fs::write(
        dir.path().join("rappro.toml"),
        config.replace("\"paheko/*Complet*.csv\"", "\"**/*Complet*.csv\""),
    )
    .expect("config");
    let output = rappro(dir.path(), &["run", ".", "--out", "rapports"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "copie: attention : lien vers un dossier déjà parcouru (« paheko ») : ignoré, pour ne pas lire ses fichiers deux fois ni tourner en rond\n\
         paheko/boucle: attention : lien vers un dossier déjà parcouru (« . ») : ignoré, pour ne pas lire ses fichiers deux fois ni tourner en rond\n\
         paheko/boucle2: attention : lien vers un dossier déjà parcouru (« . ») : ignoré, pour ne pas lire ses fichiers deux fois ni tourner en rond\n\
         paheko/lien Complet.csv: attention : lien vers un fichier déjà lu (« paheko/Le Cloud Girofle   Export comptable   Complet   Exercice 2024.csv ») : ignoré, pour ne pas le compter deux fois\n"
    );
    assert_eq!(output.stdout, plain.stdout, "the same files, counted once");
    let out = dir.path().join("rapports");
    assert_eq!(figures(&out), figures(&reference.path().join("rapports")));
    // The same folder given to `report`: the loop ends there too.
    let output = rappro(dir.path(), &["report", "paheko", "--out", "r2"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("paheko/boucle/paheko: attention : même dossier que « paheko », déjà parcouru : ignoré\n"),
        "{message}"
    );
}
