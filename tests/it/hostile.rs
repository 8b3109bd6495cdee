//! Hostile and broken input, read through the library: resource limits, messages that
//! cannot be turned against the terminal, and the counts that must add up whatever comes in.

use std::sync::Arc;

use rappro::book::{self, BookOptions};
use rappro::error::Reason;
use rappro::import::invoices::{self, InvoiceReader};
use rappro::import::{BooksFile, read_books_bytes};

use crate::support::{rappro, rappro_with_env};

/// Reads `bytes` as a books file named `name` and checks that its rows add up, once read
/// and once booked.
fn read_checked(bytes: &[u8], name: &str) -> BooksFile {
    let file = read_books_bytes(bytes, Arc::from(name));
    let entry_rows: u64 = file.entries.iter().map(|e| u64::from(e.rows)).sum();
    let chart_rows = file.chart.as_ref().map_or(0, |c| c.accounts.len() as u64);
    let row_rejections = file.rejected.iter().filter(|r| r.source.line > 0).count() as u64;
    assert_eq!(
        file.rows,
        entry_rows + chart_rows + row_rejections,
        "{file:?}"
    );
    let counts = book::book(
        vec![read_books_bytes(bytes, Arc::from(name))],
        &BookOptions::default(),
    );
    for f in &counts.files {
        assert_eq!(f.rows, f.accepted + f.duplicates + f.rejected, "{f:?}");
    }
    file
}

fn only_rejection(file: &BooksFile) -> &Reason {
    assert_eq!(file.rejected.len(), 1, "{:?}", file.rejected);
    &file.rejected[0].reason
}

#[test]
fn hostile_json_nested_a_hundred_thousand_deep_is_refused_in_french() {
    for deep in ["[".repeat(100_000), "{\"a\":".repeat(100_000)] {
        // Paheko's API export reader.
        let file = read_checked(deep.as_bytes(), "api.json");
        let reason = only_rejection(&file);
        assert_eq!(reason.code(), "bad_json");
        // The 65th opening bracket: the 65th character, or the 321st of `{"a":` × 65.
        let column = if deep.starts_with('[') { 65 } else { 321 };
        assert_eq!(
            reason.to_string(),
            format!(
                "JSON invalide : imbrication trop profonde (plus de 64 niveaux), ligne 1, colonne {column} : ce n'est pas un export"
            )
        );
        // OVH's API dump reader.
        let bills = invoices::read(
            deep.as_bytes(),
            Arc::from("bills.json"),
            Arc::from("ovh"),
            &InvoiceReader::OvhJson,
        );
        assert_eq!(bills.rows, 0);
        assert_eq!(bills.rejected.len(), 1);
        assert!(
            bills.rejected[0]
                .reason
                .to_string()
                .contains("imbrication trop profonde"),
            "{:?}",
            bills.rejected
        );
    }
    // 64 levels is not an export either, but it is valid JSON: refused for what it is.
    let shallow = format!("{}{}", "[".repeat(64), "]".repeat(64));
    let file = read_checked(shallow.as_bytes(), "api.json");
    assert_eq!(only_rejection(&file).code(), "unknown_format");
}

#[test]
fn hostile_an_account_twice_in_a_chart_is_rejected_not_overwritten() {
    // Found by fuzzing: the second row silently replaced the first, and the file's rows
    // no longer added up (read 3, accepted 2).
    let chart = "Numéro;Libellé;Description;Position;Ajouté;Favori\n\
                 604;Achats;;Charge;;\n\
                 706;Prestations;;Produit;;\n\
                 604;Autres achats;;Charge;;\n";
    let file = read_checked(chart.as_bytes(), "plan.csv");
    assert_eq!(file.rows, 3);
    let accounts = &file.chart.as_ref().expect("a chart").accounts;
    assert_eq!(accounts.len(), 2);
    assert_eq!(
        accounts.get("604").map(|a| a.label.as_str()),
        Some("Achats")
    );
    assert_eq!(file.rejected.len(), 1);
    assert_eq!(
        file.rejected[0].to_string(),
        "plan.csv:4: compte 604 en double dans le plan comptable (déjà à la ligne 2)"
    );
}

#[test]
fn hostile_a_nul_byte_rejects_its_row_whether_streamed_or_read_whole() {
    // A Complet export whose second transaction has a NUL byte in a label, far enough in
    // to be streamed from disk, and the same in Windows-1252 (read whole).
    let mut text = String::from(COMPLET_HEADER);
    let mut lines = 1;
    for number in 1..=400 {
        let body = complet(&number.to_string(), "2024-03-15", "1,00");
        text.push_str(body.split_once('\n').map_or("", |(_, rows)| rows));
        lines += 2;
    }
    let bad_line = lines;
    // Only the last transaction's credit row (754) is damaged.
    let credit_row = "\"Don\",\"2024-03-15\",\"\",\"\",\"754\"";
    let at = text.rfind(credit_row).expect("credit row");
    let mut damaged = text.clone();
    damaged.replace_range(
        at..at + credit_row.len(),
        &credit_row.replacen("Don", "Do\0n", 1),
    );
    // Beyond the head that decides whether a file is streamed (64 KiB).
    assert!(damaged.len() > 64 * 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let utf8 = dir.path().join("complet.csv");
    std::fs::write(&utf8, damaged.as_bytes()).expect("write");
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&damaged);
    let expected = vec![(bad_line - 1, "entry_incomplete"), (bad_line, "nul_byte")];
    for file in [
        rappro::import::read_books_file(&utf8),
        read_checked(damaged.as_bytes(), "complet.csv"),
        read_checked(&latin, "complet-1252.csv"),
    ] {
        let got: Vec<(u64, &str)> = file
            .rejected
            .iter()
            .map(|r| (r.source.line, r.reason.code()))
            .collect();
        assert_eq!(got, expected, "{}", file.path);
        assert_eq!(file.entries.len(), 399, "{}", file.path);
    }
}

/// The header of a Complet export.
const COMPLET_HEADER: &str = "\"Numéro d'écriture\",\"Type\",\"Statut\",\"Libellé\",\"Date\",\"Remarques\",\"Numéro pièce comptable\",\"Numéro compte\",\"Libellé compte\",\"Débit\",\"Crédit\",\"Référence ligne\",\"Libellé ligne\",\"Rapprochement\",\"Lettrage\",\"Projet analytique\",\"Membres associés\"\n";

/// A two-line Complet transaction, with `date` and `debit` as given (CSV-quoted here).
fn complet(number: &str, date: &str, debit: &str) -> String {
    let quote = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    let (number, date, debit) = (quote(number), quote(date), quote(debit));
    format!(
        "{COMPLET_HEADER}{number},\"Recette\",\"\",\"Don\",{date},\"\",\"\",\"5121\",\"Banque\",{debit},\"0,00\",\"\",\"\",\"0\",\"\",\"\",\"\"\n\
         {number},\"Recette\",\"\",\"Don\",{date},\"\",\"\",\"754\",\"Dons\",\"0,00\",{debit},\"\",\"\",\"0\",\"\",\"\",\"\"\n"
    )
}

#[test]
fn hostile_input_text_in_a_message_stays_on_one_line_and_cannot_drive_the_terminal() {
    // Found by fuzzing: a quoted cell with a line break made a two-line message, and a cell
    // could send escape sequences (here: clear the screen, red) to the treasurer's terminal.
    let file = read_checked(
        complet("48\n\u{1b}[2J", "31/04\r\n\u{1b}[31m2024\u{202e}", "1,00").as_bytes(),
        "evil.csv",
    );
    // The first row spans lines 2 to 4 (two line breaks in its cells), the second is line 5.
    assert_eq!(file.rejected.len(), 2, "{:?}", file.rejected);
    let messages: Vec<String> = file.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "evil.csv:2: date invalide « 31/04  \u{fffd}[31m2024\u{fffd} » dans la colonne « Date » (formats acceptés : AAAA-MM-JJ, JJ/MM/AAAA, AAAAMMJJ)",
            "evil.csv:5: écriture n° 48 \u{fffd}[2J écartée en entier : sa ligne 2 est rejetée",
        ]
    );
}

#[test]
fn hostile_a_huge_cell_is_quoted_short_in_messages() {
    // A 4 MB amount: its message quotes 80 characters of it, not 4 MB.
    let huge = "9".repeat(4 << 20);
    let file = read_checked(complet("1", "01/01/2024", &huge).as_bytes(), "huge.csv");
    let first = file.rejected.first().expect("rejected").to_string();
    assert!(first.len() < 300, "{} bytes", first.len());
    assert!(
        first.starts_with(&format!("huge.csv:2: montant « {}… »", "9".repeat(80))),
        "{first}"
    );
}

#[test]
fn hostile_a_bug_ends_with_a_french_message_and_status_3() {
    // RAPPRO_TEST_PANIC makes the binary panic as it starts reading the file named: what
    // the treasurer would see of a bug, without a bug to keep for it.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("export.csv"),
        complet("1", "01/01/2024", "1,00"),
    )
    .expect("write");
    let output = rappro_with_env(
        dir.path(),
        &["import", "export.csv"],
        &[("RAPPRO_TEST_PANIC", "export.csv")],
    );
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "rappro : erreur interne pendant la lecture de « export.csv » : c'est un bogue de rappro, pas une erreur de votre part."
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "(détail technique : panique provoquée par RAPPRO_TEST_PANIC (test), src/reading.rs:"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"));
    // Without the variable, the same file reads.
    let output = rappro(dir.path(), &["import", "export.csv"]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn hostile_a_bug_while_reading_an_invoice_names_the_invoice_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::support::copy_dir(
        &crate::support::root().join("samples/girofle-2024"),
        dir.path(),
    );
    let output = rappro_with_env(
        dir.path(),
        &["run", ".", "--out", "rapports"],
        &[("RAPPRO_TEST_PANIC", "bills-2024.json")],
    );
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "rappro : erreur interne pendant la lecture de « factures/ovh/bills-2024.json » :"
        ),
        "{stderr}"
    );
}

#[test]
fn hostile_an_output_that_cannot_be_written_stops_every_command_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("export.csv"),
        complet("1", "01/01/2024", "1,00"),
    )
    .expect("write");
    std::fs::write(dir.path().join("pris"), "un fichier, pas un dossier").expect("write");
    std::fs::write(
        dir.path().join("rappro.toml"),
        "[comptabilite]\nexports = [\"export.csv\"]\n",
    )
    .expect("write");
    // RAPPRO_TEST_PANIC would make reading export.csv a bug: status 2, not 3, proves the
    // command stopped before reading anything.
    let never_read = [("RAPPRO_TEST_PANIC", "export.csv")];
    for args in [
        &["run", ".", "--out", "pris"][..],
        &["report", "export.csv", "--out", "pris"][..],
        &["import", "export.csv", "--rejets", "pris/rejets.csv"][..],
    ] {
        let output = rappro_with_env(dir.path(), args, &never_read);
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "rappro : erreur : pris: écriture impossible : ce n'est pas un dossier\n",
            "{args:?}"
        );
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

// The three tests below build their hostile file in memory, a few MB each (the streaming
// reader's performance is not what they check; a 10 GB file is refused unread, see
// errors::errors_a_huge_file_is_refused_unread).

#[test]
fn hostile_a_header_of_a_million_columns_is_refused_with_a_short_message() {
    let header: Vec<String> = (0..1_000_000).map(|n| format!("c{n}")).collect();
    let text = header.join(";") + "\n1;2;3\n";
    let file = read_checked(text.as_bytes(), "large.csv");
    let reason = only_rejection(&file);
    assert_eq!(reason.code(), "unknown_format");
    let message = reason.to_string();
    assert!(message.len() < 400, "{} bytes", message.len());
    assert!(message.contains("« c0, c1, c2"), "{message}");
}

#[test]
fn hostile_a_row_of_a_million_columns_is_one_rejected_row() {
    let row = vec!["\"1\""; 1_000_000].join(",");
    let text = complet("1", "01/01/2024", "1,00") + &row + "\n";
    let file = read_checked(text.as_bytes(), "large.csv");
    let reasons: Vec<String> = file.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(
        reasons,
        [
            // Its « Numéro d'écriture » is 1: it spoils transaction 1.
            "large.csv:2: écriture n° 1 écartée en entier : sa ligne 4 est rejetée",
            "large.csv:3: écriture n° 1 écartée en entier : sa ligne 4 est rejetée",
            "large.csv:4: 1000000 colonnes au lieu de 17 (celles de l'en-tête)",
        ]
    );
}

#[test]
fn hostile_a_single_field_of_many_megabytes_is_read_as_any_other() {
    // An 8 MB label, line breaks included: the transaction is read, and nothing else changes.
    let label = "Don ".repeat(1 << 21) + "\nfin";
    let mut text = complet("1", "01/01/2024", "1,00").replace("\"Don\"", &format!("\"{label}\""));
    text.push_str(&complet("2", "02/01/2024", "2,00").replace(COMPLET_HEADER, ""));
    let file = read_checked(text.as_bytes(), "large.csv");
    assert!(file.rejected.is_empty(), "{:?}", file.rejected);
    assert_eq!(file.entries.len(), 2);
    assert_eq!(file.entries[0].label.len(), label.len());
    // Both rows of the first transaction span two lines (the label's line break is
    // counted): the second transaction starts on line 6.
    assert_eq!(file.entries[1].source.line, 6);
}

/// The chart fuzz target reads its input under this header.
const CHART_HEADER: &str = "Numéro,Libellé,Description,Position,Ajouté\n";

#[test]
fn hostile_every_input_fuzzing_found_reads_cleanly() {
    // fuzz/regressions/<target>/: the inputs that crashed or hung a fuzz target (see
    // docs/TESTING.md), read here as that target reads them, with its oracle: no panic
    // escapes, rows add up, every message is one line.
    let dir = crate::support::root().join("fuzz/regressions");
    let mut read = 0;
    for target in ["books_text", "books_zip", "chart", "pipeline"] {
        for entry in std::fs::read_dir(dir.join(target))
            .expect("regressions")
            .flatten()
        {
            let bytes = std::fs::read(entry.path()).expect("read");
            let books: Vec<(Vec<u8>, &str)> = match target {
                "chart" => vec![([CHART_HEADER.as_bytes(), &bytes].concat(), "fuzz.csv")],
                "pipeline" => pipeline_books(&bytes),
                _ => vec![(bytes, "fuzz.csv")],
            };
            let mut files = Vec::new();
            for (bytes, name) in &books {
                let file = read_checked(bytes, name);
                for rejection in &file.rejected {
                    let text = rejection.to_string();
                    assert!(!text.contains(['\n', '\r']), "{entry:?}: {text:?}");
                }
                files.push(file);
            }
            // The pipeline target books its exports together.
            let booked = book::book(files, &BookOptions::default());
            for f in &booked.files {
                assert_eq!(
                    f.rows,
                    f.accepted + f.duplicates + f.rejected,
                    "{entry:?}: {f:?}"
                );
            }
            read += 1;
        }
    }
    assert!(read >= 6, "{read} regression inputs");
}

/// The books files of a `pipeline` fuzz input, named as that target names them: the parts
/// between `\n#####\n` separators but the last (the invoices), at most three.
fn pipeline_books(bytes: &[u8]) -> Vec<(Vec<u8>, &'static str)> {
    const NAMES: [&str; 3] = [
        "Le Cloud Girofle - Export comptable - Complet - Exercice 2024.csv",
        "ASSOFEC20241231.txt",
        "export.csv",
    ];
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut rest = bytes;
    while let Some(at) = rest.windows(7).position(|w| w == b"\n#####\n") {
        parts.push(&rest[..at]);
        rest = &rest[at + 7..];
    }
    if parts.is_empty() {
        parts.push(rest);
    }
    parts
        .into_iter()
        .zip(NAMES)
        .map(|(part, name)| (part.to_vec(), name))
        .collect()
}

#[cfg(unix)]
#[test]
fn hostile_a_device_or_a_pipe_is_refused_not_read_forever() {
    // /dev/zero never ends (it used to fill the memory); a FIFO never starts (it used to
    // block rappro for ever).
    let dir = tempfile::tempdir().expect("tempdir");
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("tube.csv"))
        .status()
        .is_ok_and(|s| s.success());
    let mut paths = vec!["/dev/zero"];
    if made {
        paths.push("tube.csv");
    }
    for path in paths {
        let output = rappro(dir.path(), &["import", path]);
        assert_eq!(output.status.code(), Some(2), "{path}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            format!(
                "{path}: fichier illisible : ce n'est pas un fichier ordinaire (périphérique, tube…)\n"
            )
        );
    }
    // The configuration files too.
    if made {
        std::fs::rename(dir.path().join("tube.csv"), dir.path().join("rappro.toml"))
            .expect("rename");
        let output = rappro(dir.path(), &["run", ".", "--out", "rapports"]);
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "rappro : erreur : ./rappro.toml: configuration invalide : ce n'est pas un fichier ordinaire\n"
        );
    }
}

#[test]
fn hostile_a_configuration_of_megabytes_is_refused_unread() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = "[comptabilite]\nexports = [\"*.csv\"]\n".to_owned();
    text.push_str(&"# commentaire\n".repeat(200_000));
    std::fs::write(dir.path().join("rappro.toml"), text).expect("write");
    let output = rappro(dir.path(), &["run", ".", "--out", "rapports"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "rappro : erreur : ./rappro.toml: configuration invalide : fichier trop gros (2734 Kio, limite 1024 Kio) : est-ce bien une configuration ?\n"
    );
}

#[cfg(unix)]
#[test]
fn hostile_a_file_name_cannot_drive_the_terminal_either() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "bad\u{1b}[2J\nname.csv";
    std::fs::write(dir.path().join(name), "Date;Libellé\n").expect("write");
    let output = rappro(dir.path(), &["import", "."]);
    assert_eq!(output.status.code(), Some(2));
    for (what, text) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(text);
        assert!(!text.contains('\u{1b}'), "{what}: {text:?}");
        assert!(text.contains("bad\u{fffd}[2J name.csv"), "{what}: {text:?}");
    }
}

#[test]
fn hostile_a_project_written_decomposed_is_the_same_project() {
    // The same project composed (NFC) and decomposed as macOS writes it (NFD), and two
    // spellings that differ by accents and case only.
    let row = |number: &str, account: &str, debit: &str, credit: &str, project: &str| {
        format!(
            "\"{number}\",\"Recette\",\"\",\"Buvette\",\"2024-06-21\",\"\",\"\",\"{account}\",\"\",\"{debit}\",\"{credit}\",\"\",\"\",\"0\",\"\",\"{project}\",\"\"\n"
        )
    };
    let text = [
        COMPLET_HEADER.to_owned(),
        row("1", "5121", "80,00", "0,00", ""),
        row("1", "707", "0,00", "80,00", "Fête de l’été"),
        row("2", "5121", "20,00", "0,00", ""),
        row(
            "2",
            "707",
            "0,00",
            "20,00",
            "Fe\u{302}te de l’e\u{301}te\u{301}",
        ),
        row("3", "5121", "5,00", "0,00", ""),
        row("3", "707", "0,00", "5,00", "BL-Évolution"),
        row("4", "5121", "7,00", "0,00", ""),
        row("4", "707", "0,00", "7,00", "bl-evolution"),
    ]
    .concat();
    let file = read_checked(text.as_bytes(), "complet.csv");
    assert!(file.rejected.is_empty(), "{:?}", file.rejected);
    let books = book::book(vec![file], &BookOptions::default());
    let year = &books.years[0];
    let mut by_project: std::collections::BTreeMap<&str, rappro::model::Money> =
        std::collections::BTreeMap::new();
    for line in year.entries.iter().flat_map(|e| &e.lines) {
        if let Some(project) = &line.project {
            *by_project.entry(project).or_default() += line.credit;
        }
    }
    let figures: Vec<(&str, String)> = by_project
        .into_iter()
        .map(|(project, credit)| (project, credit.to_plain()))
        .collect();
    assert_eq!(
        figures,
        [
            ("BL-Évolution", "5.00".to_owned()),
            ("Fête de l’été", "100.00".to_owned()),
            ("bl-evolution", "7.00".to_owned()),
        ]
    );
    let lookalikes: Vec<String> = year
        .warnings
        .iter()
        .filter(|w| w.code() == "project_lookalike")
        .map(|w| w.message())
        .collect();
    assert_eq!(lookalikes.len(), 1, "{:?}", year.warnings);
    assert!(lookalikes[0].contains("« BL-Évolution », « bl-evolution »"));
}

#[test]
fn hostile_an_invisible_character_in_an_api_account_is_refused() {
    let json = "[{\"id\":\"7\",\"type\":\"Dépense\",\"label\":\"Facture\",\"date\":\"2024-03-05\",\"account\":\"\\ufeff604A\",\"debit\":\"30,56\",\"credit\":\"0,00\"},\
                 {\"id\":\"7\",\"type\":\"Dépense\",\"label\":\"Facture\",\"date\":\"2024-03-05\",\"account\":5121,\"debit\":\"0,00\",\"credit\":\"30,56\"}]";
    let file = read_checked(json.as_bytes(), "export.json");
    let got: Vec<(u64, String)> = file
        .rejected
        .iter()
        .map(|r| (r.source.line, r.reason.to_string()))
        .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got[0].1.starts_with(
            "numéro de compte invalide « <U+FEFF>604A » dans la colonne « Numéro compte »"
        ),
        "{got:?}"
    );
    assert_eq!(
        got[1],
        (
            2,
            "écriture n° 7 écartée en entier : sa ligne 1 est rejetée".to_owned()
        )
    );
}
