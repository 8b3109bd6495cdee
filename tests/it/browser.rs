//! `rapport.html` in a real browser: the sample's page printed to PDF by headless Chromium,
//! read back with `pdftotext`, must show the compte de résultats' figures and every project.
//!
//! Without `chromium` (or `chromium-browser`) and `pdftotext` on PATH the test says so and
//! passes: `.ci/run` installs them when it can.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{copy_dir, fixture, rappro, root};

/// The first of `names` found on PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// `"25801.25"` as the page writes it: `25 801,25` (spaces normalised).
fn french(plain: &str) -> String {
    let (units, cents) = plain.split_once('.').expect("a decimal point");
    let (sign, digits) = units
        .strip_prefix('-')
        .map_or(("", units), |rest| ("-", rest));
    let mut grouped = String::new();
    for (idx, digit) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped},{cents}")
}

/// Prints `page` to PDF with headless Chromium and returns its text, spaces normalised.
fn pdf_text(browser: &Path, pdftotext: &Path, page: &Path, work: &Path) -> String {
    let pdf = work.join("rapport.pdf");
    let status = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", work.join("profil").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("chromium runs");
    assert!(status.success(), "chromium: {status}");
    let text = Command::new(pdftotext)
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(text.status.success(), "pdftotext failed");
    String::from_utf8(text.stdout)
        .expect("UTF-8 text")
        .replace(['\u{202f}', '\u{a0}'], " ")
}

#[test]
fn the_sample_page_prints_its_figures_in_chromium() {
    let (Some(browser), Some(pdftotext)) = (
        on_path(&["chromium", "chromium-browser"]),
        on_path(&["pdftotext"]),
    ) else {
        eprintln!("ignoré : chromium introuvable");
        return;
    };
    let folder = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("samples/girofle-2024"), folder.path());
    let output = rappro(folder.path(), &["run", ".", "--out", "rapports"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let page = folder.path().join("rapports/rapport.html");
    let text = pdf_text(&browser, &pdftotext, &page, folder.path());

    let expected = std::fs::read_to_string(fixture("expected.json")).expect("json");
    let expected: serde_json::Value = serde_json::from_str(&expected).expect("parses");
    let statement = &expected["statement"];
    for key in ["total_charges", "total_produits", "resultat"] {
        let figure = french(statement[key].as_str().expect("a figure"));
        assert!(
            text.contains(&figure),
            "{key} {figure} not in the PDF:\n{text}"
        );
    }
    assert!(text.contains("Total charges"), "{text}");
    assert!(text.contains("Résultat de l'exercice (excédent)"), "{text}");
    let projects = expected["per_project"].as_object().expect("projects");
    assert_eq!(projects.len(), 2);
    for (name, figures) in projects {
        assert!(text.contains(name.as_str()), "{name} not in the PDF");
        let result = french(figures["resultat"].as_str().expect("a figure"));
        assert!(text.contains(&result), "{name} {result} not in the PDF");
    }
    assert!(text.contains("Rapport financier — exercice du 1er janvier au 31 décembre 2024"));
    assert!(text.contains("Écarts du rapprochement des factures"));
}

#[test]
fn french_figures() {
    assert_eq!(french("25801.25"), "25 801,25");
    assert_eq!(french("-711.06"), "-711,06");
    assert_eq!(french("123456.00"), "123 456,00");
}
