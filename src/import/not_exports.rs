//! Files that sit beside the exports but are not journal exports: recognised by content and
//! skipped with one warning, rather than rejected.
//!
//! A treasurer's folder holds more than Paheko's journal exports: a README, the reports
//! Paheko prints (« Compte de résultat », « Bilan », « Balance générale », « Journal
//! général », « Grand livre »), the invoices (caught by a broad `exports` pattern), bank
//! statements. Rejected, each would make the batch look incomplete (exit status 2,
//! « chiffres incomplets ») on complete books. This module says what such a file is, from its
//! first bytes ([`from_text`]) or its header ([`from_header`]); the reader then skips it
//! with the `not_an_export` warning and counts no row.
//!
//! What it does not do: skip anything that may be a damaged export. A header with one of
//! Paheko's own journal or chart columns (« Numéro d'écriture », « Numéro compte »,
//! `EcritureNum`, « Position »…) is never skipped, nor is a header the journal reader
//! accepts (the caller asks only after [`recognise`](super::paheko_columns::recognise)
//! failed); a file that matches no rule below stays `unknown_format`.

use csv::StringRecord;

use crate::import::paheko::columns::normalise_header;

/// What a file that is not a journal export is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NotExport {
    /// A text to read: a README, notes (Markdown or plain sentences).
    Document,
    /// Paheko's « Compte de résultat » report.
    IncomeStatement,
    /// Paheko's « Bilan » report.
    BalanceSheet,
    /// Paheko's « Balance générale » report.
    TrialBalance,
    /// Paheko's « Journal général » report (not the journal export).
    GeneralJournal,
    /// Paheko's « Grand livre » report.
    GeneralLedger,
    /// A supplier's invoice list (OVH bills, control-panel CSV, a list with TTC/HT columns).
    Invoices,
    /// An electronic invoice (Factur-X CII or UBL XML).
    EInvoice,
    /// A bank statement (CSV with a balance or value date, OFX, QIF, CAMT, CFONB, MT940).
    BankStatement,
    /// A PDF document (an invoice, a statement, minutes…).
    Pdf,
}

impl NotExport {
    /// What the file is, in French, after « c'est »: « le compte de résultat exporté par Paheko ».
    pub fn french(self) -> &'static str {
        match self {
            NotExport::Document => "un texte (README, notes)",
            NotExport::IncomeStatement => "le compte de résultat exporté par Paheko",
            NotExport::BalanceSheet => "le bilan exporté par Paheko",
            NotExport::TrialBalance => "la balance générale exportée par Paheko",
            NotExport::GeneralJournal => "le rapport « Journal général » de Paheko",
            NotExport::GeneralLedger => "le grand livre exporté par Paheko",
            NotExport::Invoices => "une liste de factures",
            NotExport::EInvoice => "une facture électronique (Factur-X, UBL)",
            NotExport::BankStatement => "un relevé bancaire",
            NotExport::Pdf => "un document PDF",
        }
    }

    /// A short French name, for the summary table: « compte de résultat ».
    pub fn short(self) -> &'static str {
        match self {
            NotExport::Document => "texte",
            NotExport::IncomeStatement => "compte de résultat",
            NotExport::BalanceSheet => "bilan",
            NotExport::TrialBalance => "balance générale",
            NotExport::GeneralJournal => "rapport journal général",
            NotExport::GeneralLedger => "grand livre",
            NotExport::Invoices => "factures",
            NotExport::EInvoice => "facture électronique",
            NotExport::BankStatement => "relevé bancaire",
            NotExport::Pdf => "PDF",
        }
    }
}

/// Columns only Paheko's journal and chart exports have (normalised). A header with one of
/// them is a damaged export, never something to skip.
const PAHEKO_ONLY: &[&str] = &[
    "numéro d'écriture",
    "numéro compte",
    "libellé compte",
    "numéro pièce comptable",
    "compte de débit",
    "compte de crédit",
    "projet analytique",
    "compte analytique",
    "membres associés",
    "lettrage",
    "rapprochement",
    "position",
    "account_label",
    "debit_account",
    "credit_account",
    "journalcode",
    "journallib",
    "ecriturenum",
    "ecrituredate",
    "comptenum",
    "comptelib",
    "ecriturelib",
];

/// Columns of invoice lists: totals with or without tax, OVH's bill keys.
const INVOICE_COLUMNS: &[&str] = &[
    "montant ttc",
    "montant ht",
    "total ttc",
    "total ht",
    "prix ttc",
    "prix ht",
    "montant tva",
    "tva",
    "billid",
    "refundid",
    "bills",
    "refunds",
    "pricewithtax",
    "pricewithouttax",
];

/// Columns only bank statements have: a running balance, a value date, the bank's own fields.
const BANK_COLUMNS: &[&str] = &[
    "solde",
    "balance",
    "date de valeur",
    "date valeur",
    "date opération",
    "date operation",
    "date d'opération",
    "date de comptabilisation",
    "date de l'opération",
    "libelle simplifie",
    "libellé simplifié",
    "libellé opération",
    "pointage operation",
    "bank account",
    "partner name",
    "d/c",
    "iban",
];

/// What a table is, from its header (the first row of a CSV text, spreadsheet or API JSON),
/// when it is not a journal export; `None` when unsure (the file is then rejected).
pub fn from_header(headers: &StringRecord) -> Option<NotExport> {
    let cells: Vec<String> = headers.iter().map(normalise_header).collect();
    let has = |name: &str| cells.iter().any(|cell| cell == name);
    if has_paheko_column(&cells) {
        return None;
    }
    let first = cells.iter().find(|cell| !cell.is_empty())?;
    // Paheko's reports (docs: paheko-formats.md §4.2), two-sided or tabular.
    if first == "charges" && has("produits") {
        return Some(NotExport::IncomeStatement);
    }
    if first == "actif" && has("passif") {
        return Some(NotExport::BalanceSheet);
    }
    if has("total des débits") && has("total des crédits") {
        return Some(NotExport::TrialBalance);
    }
    if has("comptes") && (has("n°") || has("pièce comptable")) && has("débit") {
        return Some(NotExport::GeneralJournal);
    }
    if has("intitulé") && has("solde") && (has("n° pièce") || has("réf. ligne")) {
        return Some(NotExport::GeneralLedger);
    }
    if cells
        .iter()
        .any(|cell| INVOICE_COLUMNS.contains(&cell.as_str()))
    {
        return Some(NotExport::Invoices);
    }
    let dated = cells.iter().any(|cell| cell.starts_with("date"));
    let amounts = cells.iter().any(|cell| {
        ["débit", "crédit", "debit", "credit", "montant", "amount"]
            .iter()
            .any(|name| cell.starts_with(name))
    });
    if dated
        && amounts
        && cells
            .iter()
            .any(|cell| BANK_COLUMNS.contains(&cell.as_str()))
    {
        return Some(NotExport::BankStatement);
    }
    None
}

/// True when a header has a column only Paheko's exports have: a damaged export if it is not
/// recognised, never something to skip.
pub fn is_paheko_header(headers: &StringRecord) -> bool {
    let cells: Vec<String> = headers.iter().map(normalise_header).collect();
    has_paheko_column(&cells)
}

fn has_paheko_column(cells: &[String]) -> bool {
    cells
        .iter()
        .any(|cell| PAHEKO_ONLY.contains(&cell.as_str()))
}

/// What a binary file is, from its first bytes (its magic number), when it is a document
/// a treasurer keeps beside the exports; `None` otherwise (it is then rejected).
pub fn from_binary(bytes: &[u8]) -> Option<NotExport> {
    if bytes.starts_with(b"%PDF-") {
        Some(NotExport::Pdf)
    } else {
        None
    }
}

/// How much of a text [`from_text`] looks at.
const HEAD: usize = 64 * 1024;

/// What a text is, from its first bytes (decoded, BOM removed), when it is not a table at
/// all: a bank statement in a bank format, or a text to read; `None` otherwise.
pub fn from_text(head: &[u8]) -> Option<NotExport> {
    let head = head.get(..HEAD).unwrap_or(head);
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.trim_ascii_start();
    let prefix = |text: &[u8], of: &[u8]| {
        text.get(..of.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(of))
    };
    let window = head.get(..4096).unwrap_or(head);
    let contains = |needle: &[u8]| {
        window
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    if prefix(start, b"OFXHEADER")
        || contains(b"<OFX>")
        || contains(b"urn:iso:std:iso:20022:tech:xsd:camt.")
        || prefix(start, b"!Type:")
        || prefix(start, b"!Account")
        || (prefix(start, b":20:") && contains(b":25:"))
        || is_cfonb(head)
    {
        return Some(NotExport::BankStatement);
    }
    if contains(b"CrossIndustryInvoice")
        || contains(b"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2")
        || contains(b"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2")
    {
        return Some(NotExport::EInvoice);
    }
    // Markup (XML, HTML) is never prose.
    (!start.starts_with(b"<") && is_prose(head)).then_some(NotExport::Document)
}

/// CFONB 120 (French banks' statement format): fixed 120-character records, the first an
/// old balance (`01`), each starting with its record code.
fn is_cfonb(head: &[u8]) -> bool {
    let lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .filter(|line| !line.is_empty())
        .take(20)
        .collect();
    let complete = lines.len().saturating_sub(1).max(1);
    lines.first().is_some_and(|first| first.starts_with(b"01"))
        && lines.iter().take(complete).all(|line| {
            line.len() == 120 && matches!(line.get(..2), Some(b"01" | b"04" | b"05" | b"07"))
        })
}

/// True for text meant to be read, not a table: a Markdown heading (`# …`) first, or lines
/// of words without a table among them. Never when a line with a CSV separator names one of
/// Paheko's own columns (an export under a title line is a damaged export, not notes), nor
/// when the first line has one of Paheko's column words.
fn is_prose(head: &[u8]) -> bool {
    // A line of a CSV export has one of them; sentences and Markdown tables do not.
    const SEPARATORS: [char; 3] = [';', '\t', '"'];
    const PAHEKO_WORDS: [&str; 6] = ["débit", "crédit", "debit", "credit", "numéro", "libellé"];
    let Ok(text) = std::str::from_utf8(head).or_else(|err| {
        // A character cut at the end of the head.
        std::str::from_utf8(head.get(..err.valid_up_to()).unwrap_or_default())
    }) else {
        return false;
    };
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take(40)
        .collect();
    let Some(first) = lines.first() else {
        return false;
    };
    let names = |line: &str, names: &[&str]| {
        let line = normalise_header(line);
        names.iter().any(|name| line.contains(name))
    };
    if names(first, PAHEKO_ONLY)
        || names(first, &PAHEKO_WORDS)
        || lines
            .iter()
            .any(|line| line.contains(SEPARATORS) && names(line, PAHEKO_ONLY))
    {
        return false;
    }
    let words = |line: &str| {
        line.split_whitespace()
            .filter(|word| word.chars().any(char::is_alphabetic))
            .count()
    };
    let markdown = first.starts_with("# ") || first.starts_with("## ") || *first == "#";
    if markdown {
        return words(first) >= 1;
    }
    // A table has the same number of separators line after line: from its first line, or
    // on three lines under a title (two commas at least: sentences have commas); prose has
    // sentences.
    let count = |line: &str, sep: char| line.chars().filter(|&c| c == sep).count();
    let tabular = [(';', 1), ('\t', 1), ('|', 1), (',', 2)]
        .iter()
        .any(|&(sep, least)| {
            let first_two = count(first, sep) >= 1
                && lines
                    .get(1)
                    .is_some_and(|line| count(line, sep) == count(first, sep));
            first_two
                || lines.windows(3).any(|three| {
                    let n = count(three[0], sep);
                    n >= least && three.iter().all(|line| count(line, sep) == n)
                })
        });
    // A table's row: separators that sentences do not use, or commas without a space after.
    let table_row = |line: &&str| {
        [';', '\t', '|'].iter().any(|&sep| count(line, sep) >= 2)
            || line
                .as_bytes()
                .windows(2)
                .filter(|pair| pair[0] == b',' && !pair[1].is_ascii_whitespace())
                .count()
                >= 2
    };
    !tabular && !lines.iter().any(table_row) && !first.contains('"') && words(first) >= 2
}

#[cfg(test)]
mod tests {
    use csv::StringRecord;

    use super::{NotExport, from_binary, from_header, from_text};

    fn header(cells: &[&str]) -> Option<NotExport> {
        from_header(&StringRecord::from(cells.to_vec()))
    }

    #[test]
    fn paheko_reports_are_told_apart() {
        assert_eq!(
            header(&["Charges", "", "", "", "Produits", "", ""]),
            Some(NotExport::IncomeStatement)
        );
        assert_eq!(
            header(&["Actif", "", "", "", "Passif", "", ""]),
            Some(NotExport::BalanceSheet)
        );
        let trial = [
            "Numéro",
            "Compte",
            "Total des débits",
            "Total des crédits",
            "Solde",
        ];
        assert_eq!(header(&trial), Some(NotExport::TrialBalance));
        let journal = [
            "N°",
            "Pièce comptable",
            "Date",
            "Libellé",
            "Comptes",
            "Débit",
            "Crédit",
            "Libellé ligne",
            "Réf. ligne",
            "Projet",
        ];
        assert_eq!(header(&journal), Some(NotExport::GeneralJournal));
        assert_eq!(header(&journal[..7]), Some(NotExport::GeneralJournal));
        let ledger = [
            "",
            "N° pièce",
            "Réf. ligne",
            "Date",
            "Intitulé",
            "Débit",
            "Crédit",
            "Solde",
        ];
        assert_eq!(header(&ledger), Some(NotExport::GeneralLedger));
    }

    #[test]
    fn invoice_lists_and_bank_statements() {
        let kimsufi = [
            "Référence",
            "Numéro de commande",
            "Date d'émission",
            "Montant HT",
            "Montant TTC",
        ];
        assert_eq!(header(&kimsufi), Some(NotExport::Invoices));
        assert_eq!(
            header(&["Numéro", "Date", "Désignation", "Montant TTC"]),
            Some(NotExport::Invoices)
        );
        assert_eq!(
            header(&["billId", "category", "date", "priceWithTax"]),
            Some(NotExport::Invoices)
        );
        assert_eq!(
            header(&["Date", "Libellé", "Débit", "Crédit", "Solde"]),
            Some(NotExport::BankStatement)
        );
        assert_eq!(
            header(&[
                "Date",
                "Label",
                "Amount",
                "D/C",
                "Balance",
                "Partner Name",
                "Bank Account"
            ]),
            Some(NotExport::BankStatement)
        );
    }

    #[test]
    fn damaged_exports_and_unknown_tables_are_not_skipped() {
        // A Complet export that lost its « Numéro compte » column.
        let damaged = [
            "Numéro d'écriture",
            "Type",
            "Statut",
            "Libellé",
            "Date",
            "Remarques",
            "Numéro pièce comptable",
            "Libellé compte",
            "Débit",
            "Crédit",
            "Solde",
        ];
        assert_eq!(header(&damaged), None);
        assert_eq!(header(&["EcritureNum", "Montant TTC"]), None);
        assert_eq!(
            header(&["Nom", "Prénom", "Courriel", "Cotisation 2024"]),
            None
        );
        assert_eq!(header(&["Date", "Libellé", "Débit", "Crédit"]), None);
        assert_eq!(header(&["", ""]), None);
        assert_eq!(header(&[]), None);
    }

    #[test]
    fn texts_and_bank_formats() {
        assert_eq!(
            from_text(b"# rappro\n\nReads Paheko exports, and invoices.\n"),
            Some(NotExport::Document)
        );
        assert_eq!(
            from_text("# Notes\n\n| Fichier | Quoi |\n|---|---|\n| a.csv | export |\n".as_bytes()),
            Some(NotExport::Document),
            "a Markdown table"
        );
        assert_eq!(
            from_text(
                "Exports de la compta 2024\nNe pas modifier ces fichiers, merci.\n".as_bytes()
            ),
            Some(NotExport::Document)
        );
        assert_eq!(
            from_text(b"OFXHEADER:100\nDATA:OFXSGML\n"),
            Some(NotExport::BankStatement)
        );
        assert_eq!(
            from_text(b"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">"),
            Some(NotExport::BankStatement)
        );
        assert_eq!(
            from_text(b"!Type:Bank\nD01/02/2024\n"),
            Some(NotExport::BankStatement)
        );
        assert_eq!(
            from_text(b"<?xml version='1.0' encoding='UTF-8'?>\n<rsm:CrossIndustryInvoice xmlns:rsm=\"x\">"),
            Some(NotExport::EInvoice)
        );
        assert_eq!(
            from_text(b"<?xml version='1.0' encoding='UTF-8'?>\n<note>Bonjour</note>"),
            None
        );
        assert_eq!(from_binary(b"%PDF-1.4\n%\xe2\xe3"), Some(NotExport::Pdf));
        // A SQLite file is a Paheko backup, read as books by `backup`, never skipped here.
        assert_eq!(from_binary(b"SQLite format 3\0\x10\0"), None);
        assert_eq!(from_binary(b"\0\0\0"), None);
        let cfonb = format!("01{}\n04{}\n", "x".repeat(118), "y".repeat(118));
        assert_eq!(from_text(cfonb.as_bytes()), Some(NotExport::BankStatement));
        // Tables, broken exports and single words are not prose.
        for text in [
            "Nom;Prénom\nDupont;Jean\n",
            "a,b c\nd,e f\n",
            "Numéro d'écriture:Type:Libellé\n1:Recette:Don\n",
            // An export (or any table) under a title line.
            "Export comptable 2024\nA;B;C\n1;2;3\n4;5;6\n",
            "Export comptable 2024\nDate,Montant,Compte\n",
            "Le Cloud Girofle\n\"Numéro d'écriture\",\"Type\"\n",
            "\"Numéro d'écri",
            "hello\n",
            "",
        ] {
            assert_eq!(from_text(text.as_bytes()), None, "{text:?}");
        }
    }

    #[test]
    fn messages_say_what_the_file_is() {
        assert_eq!(
            crate::error::WarningKind::NotAnExport(NotExport::IncomeStatement).to_string(),
            "ignoré : c'est le compte de résultat exporté par Paheko, pas un export des écritures"
        );
        assert!(
            crate::error::WarningKind::NotAnExport(NotExport::Invoices)
                .to_string()
                .contains("[[fournisseurs]]")
        );
    }
}
