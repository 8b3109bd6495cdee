use super::*;

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn set(files: &[(&str, &str)]) -> Vec<(PathBuf, Vec<u8>)> {
    files
        .iter()
        .map(|(name, content)| (PathBuf::from(name), content.as_bytes().to_vec()))
        .collect()
}

#[test]
fn a_set_is_published_with_its_manifest_and_no_temporary_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("a/b");
    let out = OutputFolder::open(&dir).expect("open");
    assert!(out.notes().is_empty());
    out.publish(&set(&[("x.txt", "old"), ("exercice-2024/y.md", "y")]))
        .expect("publish");
    assert_eq!(
        names(&dir),
        [
            ".rappro-manifeste",
            ".rappro-verrou",
            "exercice-2024",
            "x.txt"
        ]
    );
    assert_eq!(fs::read(dir.join("exercice-2024/y.md")).expect("y"), b"y");
    let manifest = fs::read_to_string(dir.join(MANIFEST_FILE)).expect("manifest");
    assert_eq!(
        manifest,
        "# rappro : rapports de la dernière exécution (ne pas modifier)\nexercice-2024/y.md\nx.txt\n"
    );
}

#[test]
fn a_new_set_removes_what_the_old_one_had_and_keeps_other_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = &tmp.path().join("rapports");
    let outside = tmp.path().join("dehors.txt");
    fs::write(&outside, "dehors").expect("write");
    let out = OutputFolder::open(dir).expect("open");
    out.publish(&set(&[
        ("rejets.csv", "r"),
        ("exercice-2023/a.md", "a"),
        ("exercice-2024/a.md", "b"),
        ("ecarts.md", "e"),
    ]))
    .expect("publish");
    fs::write(dir.join("notes.txt"), "à moi").expect("write");
    fs::write(dir.join("exercice-2024/notes.txt"), "à moi").expect("write");
    // A manifest that names something outside the folder is not followed.
    let mut manifest = fs::read_to_string(dir.join(MANIFEST_FILE)).expect("manifest");
    manifest.push_str("../dehors.txt\n");
    manifest.push_str(&format!("{}\n", outside.display()));
    fs::write(dir.join(MANIFEST_FILE), manifest).expect("write");
    out.publish(&set(&[("rejets.csv", "r2"), ("a.md", "c")]))
        .expect("publish");
    assert_eq!(
        names(dir),
        [
            ".rappro-manifeste",
            ".rappro-verrou",
            "a.md",
            "exercice-2024",
            "notes.txt",
            "rejets.csv"
        ]
    );
    assert_eq!(names(&dir.join("exercice-2024")), ["notes.txt"]);
    assert_eq!(fs::read(&outside).expect("kept"), b"dehors");
    assert_eq!(fs::read(dir.join("rejets.csv")).expect("rejets"), b"r2");
}

#[test]
fn a_locked_folder_is_refused_in_french() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let first = OutputFolder::open(tmp.path()).expect("open");
    let err = OutputFolder::open(tmp.path()).expect_err("locked");
    assert!(
        err.to_string()
            .ends_with(": une autre exécution de rappro écrit déjà dans ce dossier : attendez qu'elle finisse, ou choisissez un autre dossier de rapports"),
        "{err}"
    );
    drop(first);
    assert!(OutputFolder::open(tmp.path()).is_ok());
}

#[test]
fn leftovers_of_an_interrupted_run_are_repaired_and_said() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    drop(OutputFolder::open(dir).expect("open"));
    // Killed while writing: two temporary files.
    fs::write(dir.join(".rappro-tmp-aaaaaa"), "à moitié").expect("write");
    fs::write(dir.join(".rappro-tmp-bbbbbb"), "").expect("write");
    let out = OutputFolder::open(dir).expect("open");
    let codes: Vec<&str> = out.notes().iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["interrupted_run"]);
    assert!(
        out.notes()[0]
            .message()
            .contains("2 fichier(s) temporaire(s) supprimé(s)")
    );
    assert_eq!(names(dir), [".rappro-verrou"]);
    drop(out);
    // Killed while renaming: a journal, one file renamed, one not.
    fs::write(dir.join("a.md"), "nouveau").expect("write");
    fs::write(dir.join("b.md"), "ancien").expect("write");
    fs::write(dir.join(".rappro-tmp-cccccc"), "nouveau").expect("write");
    fs::write(
        dir.join(JOURNAL_FILE),
        ".rappro-tmp-dddddd\ta.md\n.rappro-tmp-cccccc\tb.md\nnot-ours\t../x\n",
    )
    .expect("write");
    let out = OutputFolder::open(dir).expect("open");
    let codes: Vec<&str> = out.notes().iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["interrupted_publication"]);
    assert_eq!(fs::read(dir.join("b.md")).expect("b"), b"nouveau");
    assert_eq!(
        names(dir),
        [".rappro-manifeste", ".rappro-verrou", "a.md", "b.md"]
    );
}

#[test]
fn errors_name_the_report_never_the_temporary_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = OutputFolder::open(tmp.path()).expect("open");
    fs::create_dir(tmp.path().join("ecarts.md")).expect("mkdir");
    let err = out
        .publish(&set(&[("rejets.csv", "r"), ("ecarts.md", "e")]))
        .expect_err("a folder in the way");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: écriture impossible : c'est un dossier",
            tmp.path().join("ecarts.md").display()
        )
    );
    // Nothing was published, nothing is left.
    assert_eq!(names(tmp.path()), [".rappro-verrou", "ecarts.md"]);
    let file = tmp.path().join("fichier");
    fs::write(&file, "x").expect("write");
    let err = OutputFolder::open(&file).expect_err("a file is not a folder");
    assert!(
        err.to_string()
            .ends_with("écriture impossible : ce n'est pas un dossier"),
        "{err}"
    );
    assert!(check_file_writable(&file.join("rejets.csv")).is_err());
    let err = check_file_writable(tmp.path()).expect_err("a folder");
    assert!(
        err.to_string()
            .ends_with("écriture impossible : c'est un dossier"),
        "{err}"
    );
}

#[test]
fn a_single_file_replaces_or_refuses_to_replace() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("sous/rappro.toml");
    write_file(&path, b"un", false).expect("new");
    let err = write_file(&path, b"deux", false).expect_err("exists");
    assert!(
        err.to_string()
            .ends_with("écriture impossible : existe déjà"),
        "{err}"
    );
    write_file(&path, b"trois", true).expect("replace");
    assert_eq!(fs::read(&path).expect("read"), b"trois");
    assert_eq!(names(&tmp.path().join("sous")), ["rappro.toml"]);
}

#[cfg(unix)]
#[test]
fn a_linked_year_folder_is_never_written_through_nor_emptied() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("rapports");
    let elsewhere = tmp.path().join("ailleurs");
    fs::create_dir_all(&elsewhere).expect("mkdir");
    fs::write(elsewhere.join("a.md"), "à garder").expect("write");
    let out = OutputFolder::open(&dir).expect("open");
    out.publish(&set(&[
        ("exercice-2023/a.md", "a"),
        ("exercice-2024/a.md", "b"),
    ]))
    .expect("publish");
    // exercice-2023 replaced by a link to another folder holding a file of the same name.
    fs::remove_dir_all(dir.join("exercice-2023")).expect("rm");
    std::os::unix::fs::symlink(&elsewhere, dir.join("exercice-2023")).expect("link");
    let err = out
        .publish(&set(&[("exercice-2023/a.md", "x")]))
        .expect_err("through a link");
    assert!(
        err.to_string().ends_with("exercice-2023: c'est un lien symbolique vers un dossier : rappro n'écrit jamais à travers un lien ; supprimez-le"),
        "{err}"
    );
    // The stale entry exercice-2023/a.md is not removed through the link either.
    out.publish(&set(&[("a.md", "c")])).expect("publish");
    assert_eq!(
        fs::read(elsewhere.join("a.md")).expect("kept"),
        "à garder".as_bytes()
    );
    assert!(!dir.join("exercice-2024").exists());
}
