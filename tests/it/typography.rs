//! French typography of what rappro prints and renders: an amount never breaks across lines.
//!
//! Amounts use a narrow no-break space (U+202F) as thousands separator everywhere they are
//! written for people (Markdown reports, terminal, messages on stderr), and before `€` in the
//! Markdown reports (`bilan-financier.md`, and `ecarts.md` whose wording is `report/fr.rs`).
//! Text quoted from input (between « and ») is left as the treasurer wrote it, so it is not
//! checked. CSV amount cells keep `1234,56`, with no separator at all.

use std::fs;
use std::path::{Path, PathBuf};

/// The places in `text` where a breakable space (U+0020 or U+00A0) sits inside an amount
/// (`1 234,56`) or, when `euro` is true, right before `€`.
fn breakable_amounts(text: &str, euro: bool) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = unquoted(line).chars().collect();
        for (at, pair) in chars.windows(2).enumerate() {
            if !matches!(pair[1], ' ' | '\u{a0}') || !pair[0].is_ascii_digit() {
                continue;
            }
            let rest = &chars[at + 2..];
            let group = rest.len() >= 4
                && rest[..3].iter().all(char::is_ascii_digit)
                && matches!(rest[3], ',' | ' ' | '\u{a0}' | '\u{202f}');
            let cents = at >= 3 && chars[at - 2] == ',' && chars[at - 1].is_ascii_digit();
            if group || (euro && cents && rest.first() == Some(&'€')) {
                found.push(line.to_owned());
            }
        }
    }
    found
}

/// The line without the text quoted between « and » (input, shown as it was read).
fn unquoted(line: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for ch in line.chars() {
        match ch {
            '«' => depth += 1,
            '»' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

fn files(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, keep, out);
        } else if keep(&path) {
            out.push(path);
        }
    }
}

#[test]
fn the_checker_finds_breakable_spaces() {
    assert_eq!(breakable_amounts("total 1 234,56", false).len(), 1);
    assert_eq!(
        breakable_amounts("total 1\u{a0}234\u{202f}567,00", false).len(),
        1
    );
    assert_eq!(breakable_amounts("12,00 €", true).len(), 1);
    assert_eq!(breakable_amounts("12,00\u{a0}€", true).len(), 1);
    assert!(breakable_amounts("12,00 €", false).is_empty());
    assert!(breakable_amounts("1\u{202f}234,56\u{202f}€ le 2024 12 mars", true).is_empty());
    assert!(breakable_amounts("montant « 1 000,00 » refusé", true).is_empty());
    assert!(breakable_amounts("| 604 | 12 |", true).is_empty());
}

/// Every golden Markdown report, terminal output and stderr: no amount holds a breakable space;
/// the « Bilan financier » has no breakable space before `€` either.
#[test]
fn no_rendered_amount_can_break() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut outputs = Vec::new();
    let in_golden = |p: &Path| {
        p.extension()
            .is_some_and(|e| e == "md" || e == "txt" || e == "stderr")
    };
    files(&root.join("golden"), &in_golden, &mut outputs);
    let stderr = |p: &Path| p.extension().is_some_and(|e| e == "stderr");
    files(&root.join("malformed"), &stderr, &mut outputs);
    files(&root.join("errors"), &stderr, &mut outputs);
    let bilans = outputs
        .iter()
        .filter(|p| p.ends_with("bilan-financier.md"))
        .count();
    assert_eq!(bilans, 2, "the two golden « Bilan financier »");
    assert!(outputs.len() >= 90, "{} outputs", outputs.len());
    let mut failures = Vec::new();
    for path in &outputs {
        let text = fs::read_to_string(path).expect("UTF-8 golden");
        let euro = path.ends_with("bilan-financier.md") || path.ends_with("ecarts.md");
        for line in breakable_amounts(&text, euro) {
            failures.push(format!("{}: {line}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The golden « Bilan financier » really has grouped amounts and a sum in euros, so the test
/// above checks something.
#[test]
fn the_bilan_groups_thousands_with_narrow_spaces() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/run/bilan-financier.md");
    let text = fs::read_to_string(path).expect("golden");
    assert!(text.contains("| **Total charges** | | **25\u{202f}801,25** |"));
    assert!(text.contains(" à 17\u{202f}400,00\u{202f}€.\n"));
}
