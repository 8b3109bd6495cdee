//! Every export Paheko 1.3.22 offers for the generator's books (bench/synth.rs): the four
//! types (Complet, Complet groupé, Simplifié, FEC) in every container Paheko writes them in
//! (CSV, ODS, XLSX, the API's JSON, the tab-separated « fichier conforme FEC »).
//!
//! Only the tests use these writers, so they live here rather than in the generator. Each
//! type is first laid out as rows of typed cells, as Paheko's `Export::iterateExport` makes
//! them, then written by one writer per container, as KD2's `TableToCSV`, `TableToODS`,
//! `TableToXLSX` and PHP's `json_encode` do (see the tests below, which compare headers,
//! cells and fixed parts with the real exports under tests/fixtures/girofle-2024/paheko/).

use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::synth::{self, COMPLET_HEADER, Day, ORGANISATION, OdsCell, SIMPLE_HEADER, Tx, YEAR};
use crate::synth_xlsx as xlsx;

/// Paheko's export types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    Complet,
    Groupe,
    Simplifie,
    Fec,
}

impl Kind {
    /// The name in Paheko's file and sheet names.
    pub(crate) fn french(self) -> &'static str {
        match self {
            Kind::Complet => "Complet",
            Kind::Groupe => "Groupé",
            Kind::Simplifie => "Simplifié",
            Kind::Fec => "FEC",
        }
    }
}

/// The containers Paheko writes an export in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Container {
    Csv,
    Ods,
    Xlsx,
    /// The API's `…/export/{type}.json`.
    Json,
    /// « Fichier conforme FEC » (FEC only).
    FecText,
}

/// One export: a type in a container.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Form {
    pub(crate) kind: Kind,
    pub(crate) container: Container,
}

const fn form(kind: Kind, container: Container) -> Form {
    Form { kind, container }
}

/// Every form Paheko 1.3.22 writes (the API's JSON only for the two types whose keys the
/// documentation gives: Complet and Simplifié).
pub(crate) const FORMS: [Form; 15] = [
    form(Kind::Complet, Container::Csv),
    form(Kind::Complet, Container::Ods),
    form(Kind::Complet, Container::Xlsx),
    form(Kind::Complet, Container::Json),
    form(Kind::Groupe, Container::Csv),
    form(Kind::Groupe, Container::Ods),
    form(Kind::Groupe, Container::Xlsx),
    form(Kind::Simplifie, Container::Csv),
    form(Kind::Simplifie, Container::Ods),
    form(Kind::Simplifie, Container::Xlsx),
    form(Kind::Simplifie, Container::Json),
    form(Kind::Fec, Container::Csv),
    form(Kind::Fec, Container::Ods),
    form(Kind::Fec, Container::Xlsx),
    form(Kind::Fec, Container::FecText),
];

impl Form {
    /// Paheko's download name (the API's JSON name is not sanitised, so it keeps its dashes).
    pub(crate) fn file_name(self) -> String {
        let kind = self.kind.french();
        match self.container {
            Container::Csv => {
                format!("{ORGANISATION}   Export comptable   {kind}   Exercice {YEAR}.csv")
            }
            Container::Ods => {
                format!("{ORGANISATION}   Export comptable   {kind}   Exercice {YEAR}.ods")
            }
            Container::Xlsx => {
                format!("{ORGANISATION}   Export comptable   {kind}   Exercice {YEAR}.xlsx")
            }
            Container::Json => {
                format!("{ORGANISATION} - Export comptable - {kind} - Exercice {YEAR}.json")
            }
            Container::FecText => format!("ASSOFEC{YEAR}1231.txt"),
        }
    }

    /// Data rows the export of `txs` has.
    pub(crate) fn rows(self, txs: &[Tx]) -> u64 {
        table(self.kind, txs).rows.len() as u64
    }

    /// Writes the export of `txs` at `path`.
    pub(crate) fn write(self, path: &Path, txs: &[Tx]) -> io::Result<()> {
        let table = table(self.kind, txs);
        let sheet = format!(
            "{ORGANISATION} - Export comptable - {} - Exercice {YEAR}",
            self.kind.french()
        );
        match self.container {
            Container::Csv => std::fs::write(path, text(&table, b',')),
            Container::FecText => std::fs::write(path, text(&table, b'\t')),
            Container::Json => std::fs::write(path, json(&table)),
            Container::Ods => ods(path, &sheet, &table),
            Container::Xlsx => write_xlsx(path, &sheet, &table),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The rows of each type

/// A cell as Paheko's export query gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Cell {
    Text(String),
    /// A transaction date (written `2024-03-15`; FEC dates are `Text`).
    Date(Day),
    /// Cents, written `1234,56`.
    Amount(i64),
    /// « Rapprochement »: a PHP integer.
    Flag(bool),
}

fn text_cell(value: &str) -> Cell {
    Cell::Text(value.to_owned())
}

/// An export laid out: its header, the API's keys for it, its rows.
struct Table {
    header: &'static [&'static str],
    keys: &'static [&'static str],
    rows: Vec<Vec<Cell>>,
}

const COMPLET_KEYS: [&str; 17] = [
    "id",
    "type",
    "status",
    "label",
    "date",
    "notes",
    "reference",
    "account",
    "account_label",
    "debit",
    "credit",
    "line_reference",
    "line_label",
    "reconciled",
    "letter",
    "project",
    "linked_users",
];

const SIMPLE_KEYS: [&str; 13] = [
    "id",
    "type",
    "status",
    "label",
    "date",
    "notes",
    "reference",
    "p_reference",
    "debit_account",
    "credit_account",
    "amount",
    "project",
    "linked_users",
];

pub(crate) const FEC_HEADER: [&str; 18] = [
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "MontantDevise",
    "Idevise",
];

fn table(kind: Kind, txs: &[Tx]) -> Table {
    let mut rows = Vec::new();
    for tx in txs {
        match kind {
            Kind::Complet | Kind::Groupe => complet_rows(tx, kind == Kind::Groupe, &mut rows),
            Kind::Simplifie => rows.extend(simple_row(tx)),
            Kind::Fec => fec_rows(tx, &mut rows),
        }
    }
    let (header, keys): (&[&str], &[&str]) = match kind {
        Kind::Complet | Kind::Groupe => (&COMPLET_HEADER, &COMPLET_KEYS),
        Kind::Simplifie => (&SIMPLE_HEADER, &SIMPLE_KEYS),
        Kind::Fec => (&FEC_HEADER, &FEC_HEADER),
    };
    Table { header, keys, rows }
}

/// Complet: one row per line, the transaction's cells repeated; Groupé: the first seven
/// cells and « Membres associés » blank from the second line on.
fn complet_rows(tx: &Tx, grouped: bool, rows: &mut Vec<Vec<Cell>>) {
    for (idx, line) in tx.lines.iter().enumerate() {
        let blank = grouped && idx > 0;
        let tx_cell = |cell: Cell| if blank { text_cell("") } else { cell };
        rows.push(vec![
            tx_cell(Cell::Text(tx.number.to_string())),
            tx_cell(text_cell(tx.kind.french())),
            tx_cell(text_cell("")),
            tx_cell(text_cell(&tx.label)),
            tx_cell(Cell::Date(tx.date)),
            tx_cell(text_cell(&tx.notes)),
            tx_cell(text_cell(&tx.reference)),
            text_cell(line.account),
            text_cell(line.account_label),
            Cell::Amount(line.debit),
            Cell::Amount(line.credit),
            text_cell(&line.reference),
            text_cell(&line.label),
            Cell::Flag(line.reconciled),
            text_cell(""),
            text_cell(line.project.unwrap_or("")),
            tx_cell(text_cell(&tx.members)),
        ]);
    }
}

/// Simplifié: one row per transaction but « Avancé »; the debit line's project and payment
/// reference (the credit line's when the debit line has none), as `Tx::simple` models it.
fn simple_row(tx: &Tx) -> Option<Vec<Cell>> {
    let simple = tx.simple()?;
    let (debit, credit) = (&simple.lines[0], &simple.lines[1]);
    Some(vec![
        Cell::Text(tx.number.to_string()),
        text_cell(tx.kind.french()),
        text_cell(""),
        text_cell(&tx.label),
        Cell::Date(tx.date),
        text_cell(&tx.notes),
        text_cell(&tx.reference),
        text_cell(&debit.reference),
        text_cell(debit.account),
        text_cell(credit.account),
        Cell::Amount(debit.debit),
        text_cell(debit.project.unwrap_or("")),
        text_cell(&tx.members),
    ])
}

/// FEC: one row per line; the type's number as journal, dates `AAAAMMJJ`, `ECRITURE-<id>`
/// for an empty pièce, the transaction's label, no project, reference or notes.
fn fec_rows(tx: &Tx, rows: &mut Vec<Vec<Cell>>) {
    let journal = match tx.kind {
        synth::TxKind::Advanced => "00",
        synth::TxKind::Revenue => "01",
        synth::TxKind::Expense => "02",
        synth::TxKind::Transfer => "03",
    };
    let (m, d) = tx.date.month_day();
    let date = format!("{YEAR:04}{m:02}{d:02}");
    let piece = if tx.reference.is_empty() {
        format!("ECRITURE-{}", tx.number)
    } else {
        tx.reference.clone()
    };
    for line in &tx.lines {
        // Since 1.3.16, a code shorter than three characters gets a `0` appended.
        let mut account = line.account.to_owned();
        while account.chars().count() < 3 {
            account.push('0');
        }
        rows.push(vec![
            text_cell(journal),
            text_cell(tx.kind.french()),
            Cell::Text(tx.number.to_string()),
            text_cell(&date),
            Cell::Text(account),
            text_cell(line.account_label),
            text_cell(""),
            text_cell(""),
            text_cell(&piece),
            text_cell(&date),
            text_cell(&tx.label),
            Cell::Amount(line.debit),
            Cell::Amount(line.credit),
            text_cell(""),
            text_cell(""),
            text_cell(&date),
            text_cell(""),
            text_cell(""),
        ]);
    }
}

// ---------------------------------------------------------------------------------------
// Writers

/// The cell as CSV text: ISO dates, `1234,56`, `0`/`1`.
fn plain(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Date(day) => day.iso(),
        Cell::Amount(cents) => synth::amount_text(*cents, false),
        Cell::Flag(flag) => u8::from(*flag).to_string(),
    }
}

/// KD2's `TableToCSV` quirk: a value made only of digits and spaces (or no-break spaces),
/// with an optional sign and one decimal part, loses its spaces (`2024 001` → `2024001`).
fn despaced(cell: String) -> String {
    let body = cell.strip_prefix(['+', '-']).unwrap_or(&cell);
    let (int, frac) = match body.split_once([',', '.']) {
        Some((int, frac)) => (int, Some(frac)),
        None => (body, None),
    };
    let numeric = int.chars().any(|c| c.is_ascii_digit())
        && int
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '\u{a0}')
        && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
    if numeric && cell.contains([' ', '\u{a0}']) {
        cell.chars()
            .filter(|c| *c != ' ' && *c != '\u{a0}')
            .collect()
    } else {
        cell
    }
}

/// CSV (`,`: every field quoted, `"` doubled) or « fichier conforme FEC » (TAB: nothing
/// quoted, TABs in values deleted); CRLF after every record, UTF-8 without BOM.
fn text(table: &Table, separator: u8) -> Vec<u8> {
    let quoted = separator == b',';
    let mut out = String::new();
    let mut push = |cells: Vec<String>| {
        for (idx, cell) in cells.iter().enumerate() {
            if idx > 0 {
                out.push(char::from(separator));
            }
            if quoted {
                out.push('"');
                out.push_str(&cell.replace("\r\n", "\n").replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(&cell.replace('\t', ""));
            }
        }
        out.push_str("\r\n");
    };
    push(table.header.iter().map(|h| (*h).to_owned()).collect());
    for row in &table.rows {
        push(row.iter().map(|cell| despaced(plain(cell))).collect());
    }
    out.into_bytes()
}

/// PHP's `json_encode` of a string: `/` escaped, every non-ASCII character as `\uXXXX`.
fn php_json_string(out: &mut String, text: &str) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(ch),
            _ => {
                let mut units = [0u16; 2];
                for unit in ch.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// The API's JSON: an array of flat objects keyed by internal names, one per row, joined by
/// `,` and a line break; empty values `null` (but `status`, computed, is `""`), amounts
/// still `"1234,56"` strings, « Rapprochement » an integer.
fn json(table: &Table) -> Vec<u8> {
    let mut out = String::from("[");
    for (idx, row) in table.rows.iter().enumerate() {
        if idx > 0 {
            out.push_str(",\n");
        }
        out.push('{');
        for (pos, (key, cell)) in table.keys.iter().zip(row).enumerate() {
            if pos > 0 {
                out.push(',');
            }
            php_json_string(&mut out, key);
            out.push(':');
            match cell {
                Cell::Flag(flag) => out.push_str(if *flag { "1" } else { "0" }),
                Cell::Text(text) if text.is_empty() && *key != "status" => out.push_str("null"),
                _ => php_json_string(&mut out, &plain(cell)),
            }
        }
        out.push('}');
    }
    out.push(']');
    out.into_bytes()
}

/// ODS through the generator's writer: amounts and dates typed, « Rapprochement » an
/// integer, everything else a string (Paheko types a text only when it looks like a date
/// or an amount, which no generated text does).
fn ods(path: &Path, sheet: &str, table: &Table) -> io::Result<()> {
    synth::write_ods(path, sheet, table.header, |emit| {
        for row in &table.rows {
            let dates: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Date(day) => day.iso(),
                    _ => String::new(),
                })
                .collect();
            let cells: Vec<OdsCell<'_>> = row
                .iter()
                .zip(&dates)
                .map(|(cell, date)| match cell {
                    Cell::Text(text) => OdsCell::Text(text),
                    Cell::Date(_) => OdsCell::Date(date),
                    Cell::Amount(cents) => OdsCell::Amount(*cents),
                    Cell::Flag(flag) => OdsCell::Integer(i64::from(*flag)),
                })
                .collect();
            emit(&cells)?;
        }
        Ok(())
    })
}

/// `A`, `B`, … `Z`, `AA`… for a 0-based column.
fn column_name(mut idx: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (idx % 26) as u8);
        if idx < 26 {
            break;
        }
        idx = idx / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Text in an XLSX cell: `&`, `<`, `>` and `"` escaped, line breaks deleted (as Paheko does).
fn xlsx_escape(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' => {}
            _ => out.push(ch),
        }
    }
}

fn xlsx_text(out: &mut String, reference: &str, text: &str) {
    if text.is_empty() {
        let _ = writeln!(out, "<c r=\"{reference}\" s=\"0\" />");
        return;
    }
    let _ = write!(
        out,
        "<c r=\"{reference}\" s=\"0\" t=\"inlineStr\"><is><r><t xml:space=\"preserve\">"
    );
    xlsx_escape(out, text);
    out.push_str("</t></r></is></c>\n");
}

/// Excel's serial day number (1900 system) of a day of [`YEAR`].
fn serial(day: Day) -> u32 {
    // 2024-01-01 is 45292.
    45_292 + u32::from(day.0)
}

/// XLSX as KD2's `TableToXLSX` writes it: inline strings (no shared strings), amounts as
/// numbers, dates as serial numbers with the `dd/mm/yyyy` style, « Rapprochement » `0` a
/// number but `1` a string (Paheko's quirk), the sheet name cut to 30 characters and `…`.
fn write_xlsx(path: &Path, sheet: &str, table: &Table) -> io::Result<()> {
    let mut zip = zip::ZipWriter::new(BufWriter::new(std::fs::File::create(path)?));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut sheet_name = String::new();
    let short: String = if sheet.chars().count() > 30 {
        sheet.chars().take(30).chain(['…']).collect()
    } else {
        sheet.to_owned()
    };
    xlsx_escape(&mut sheet_name, &short);
    let workbook = format!("{}{sheet_name}{}", xlsx::WORKBOOK_HEAD, xlsx::WORKBOOK_TAIL);
    let mut xml = String::from(xlsx::SHEET_HEAD);
    // Paheko's dimension is one column and one row too large.
    let _ = write!(
        xml,
        "A1:{}{}",
        column_name(table.header.len()),
        table.rows.len() + 2
    );
    xml.push_str(xlsx::SHEET_VIEWS);
    xml.push_str("<sheetData>");
    let row_start = |xml: &mut String, r: usize| {
        let _ = writeln!(
            xml,
            "<row collapsed=\"false\" customFormat=\"false\" customHeight=\"false\" hidden=\"false\" ht=\"12.8\" outlineLevel=\"0\" r=\"{r}\">"
        );
    };
    row_start(&mut xml, 1);
    for (idx, title) in table.header.iter().enumerate() {
        xlsx_text(&mut xml, &format!("{}1", column_name(idx)), title);
    }
    xml.push_str("</row>\n");
    for (row_idx, row) in table.rows.iter().enumerate() {
        let r = row_idx + 2;
        row_start(&mut xml, r);
        for (idx, cell) in row.iter().enumerate() {
            let reference = format!("{}{r}", column_name(idx));
            match cell {
                Cell::Text(text) => xlsx_text(&mut xml, &reference, text),
                Cell::Flag(true) => xlsx_text(&mut xml, &reference, "1"),
                Cell::Flag(false) => {
                    let _ = writeln!(xml, "<c r=\"{reference}\" s=\"0\" t=\"n\"><v>0</v></c>");
                }
                Cell::Date(day) => {
                    let _ = writeln!(
                        xml,
                        "<c r=\"{reference}\" s=\"1\" t=\"n\"><v>{}</v></c>",
                        serial(*day)
                    );
                }
                Cell::Amount(cents) => {
                    let _ = writeln!(
                        xml,
                        "<c r=\"{reference}\" s=\"0\" t=\"n\"><v>{}</v></c>",
                        synth::point_text(*cents)
                    );
                }
            }
        }
        xml.push_str("</row>\n");
    }
    xml.push_str("</sheetData></worksheet>");
    for (name, content) in [
        ("[Content_Types].xml", xlsx::CONTENT_TYPES),
        ("docProps/app.xml", xlsx::APP),
        ("docProps/core.xml", xlsx::CORE),
        ("_rels/.rels", xlsx::RELS),
        ("xl/_rels/workbook.xml.rels", xlsx::WORKBOOK_RELS),
        ("xl/workbook.xml", &workbook),
        ("xl/sharedStrings.xml", xlsx::SHARED_STRINGS),
        ("xl/styles.xml", xlsx::STYLES),
        ("xl/worksheets/sheet1.xml", &xml),
    ] {
        zip.start_file(name, options).map_err(io::Error::other)?;
        zip.write_all(content.as_bytes())?;
    }
    zip.finish().map_err(io::Error::other)?.flush()
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;
    use std::path::{Path, PathBuf};

    use rappro::import::spreadsheet;

    use super::{Container, FORMS, Form, Kind, table, text};
    use crate::support::fixture;
    use crate::synth::{self, Style, Target};

    /// The fixture of the same form (Le Cloud Girofle's real exports).
    fn real(form: Form) -> PathBuf {
        let org = "Le Cloud Girofle";
        let kind = form.kind.french();
        fixture(&match form.container {
            Container::Csv => {
                format!("paheko/{org}   Export comptable   {kind}   Exercice 2024.csv")
            }
            Container::Ods => {
                format!("paheko/{org}   Export comptable   {kind}   Exercice 2024.ods")
            }
            Container::Xlsx => {
                format!("paheko/{org}   Export comptable   {kind}   Exercice 2024.xlsx")
            }
            Container::Json => {
                format!("paheko/{org} - Export comptable - {kind} - Exercice 2024.json")
            }
            Container::FecText => "paheko/ASSOFEC20241231.txt".to_owned(),
        })
    }

    /// An amount (`1234,56`, `1234.56`) becomes `#`: the books differ, not the forms.
    fn mask(cell: &str) -> String {
        let amount = cell.contains([',', '.'])
            && cell
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
        if amount {
            "#".to_owned()
        } else {
            cell.to_owned()
        }
    }

    /// The header and the first `rows` data rows, amounts masked. Text forms are cut at
    /// their separator (none of these rows quotes one), spreadsheets read by rappro's reader.
    fn head(path: &Path, form: Form, rows: usize) -> Vec<Vec<String>> {
        let bytes = std::fs::read(path).expect("read");
        let lines: Vec<Vec<String>> = match form.container {
            Container::Ods | Container::Xlsx => {
                let workbook = spreadsheet::detect(&bytes).expect("a workbook");
                let table = spreadsheet::read(&bytes, workbook).expect("readable");
                std::iter::once(table.headers.iter().map(str::to_owned).collect())
                    .chain(
                        table
                            .rows
                            .iter()
                            .map(|(_, r)| r.iter().map(str::to_owned).collect()),
                    )
                    .take(rows + 1)
                    .collect()
            }
            Container::Json => {
                let text = String::from_utf8(bytes).expect("UTF-8");
                text.split('\n')
                    .take(rows.max(1))
                    .map(|object| {
                        object
                            .split(",\"")
                            .map(|pair| match pair.split_once("\":\"") {
                                Some((key, value)) => {
                                    format!("{key}:{}", mask(value.trim_end_matches('"')))
                                }
                                None => pair.to_owned(),
                            })
                            .collect()
                    })
                    .collect()
            }
            Container::Csv | Container::FecText => {
                let text = String::from_utf8(bytes).expect("UTF-8");
                let separator = if form.container == Container::Csv {
                    "\",\""
                } else {
                    "\t"
                };
                text.split_inclusive("\r\n")
                    .take(rows + 1)
                    .map(|line| line.split(separator).map(str::to_owned).collect())
                    .collect()
            }
        };
        lines
            .into_iter()
            .map(|row| row.iter().map(|c| mask(c)).collect())
            .collect()
    }

    /// Header, quoting, line ends, cell types and the first transaction (the opening
    /// balance, the same in both books but for its amount) are those of Paheko's real
    /// exports, in every form; the Simplifié's first row is a different transaction, so
    /// only its header is compared.
    #[test]
    fn every_form_is_written_as_paheko_writes_it() {
        let books = synth::generate(3, Target::CompletLines(40));
        let dir = tempfile::tempdir().expect("tempdir");
        for form in FORMS {
            let ours = dir.path().join(form.file_name());
            form.write(&ours, &books.txs).expect("write");
            let rows = match (form.kind, form.container) {
                // Paheko's API gave no Simplifié JSON to compare with.
                (Kind::Simplifie, Container::Json) => continue,
                (Kind::Simplifie, _) => 0,
                _ => 2,
            };
            assert_eq!(
                head(&ours, form, rows),
                head(&real(form), form, rows),
                "{form:?}"
            );
        }
    }

    /// The fixed parts of the XLSX are the real export's, byte for byte.
    #[test]
    fn xlsx_fixed_parts_are_paheko_s() {
        let bytes = std::fs::read(real(Form {
            kind: Kind::Complet,
            container: Container::Xlsx,
        }))
        .expect("fixture");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        for (name, ours) in [
            ("[Content_Types].xml", super::xlsx::CONTENT_TYPES),
            ("docProps/app.xml", super::xlsx::APP),
            ("docProps/core.xml", super::xlsx::CORE),
            ("_rels/.rels", super::xlsx::RELS),
            ("xl/_rels/workbook.xml.rels", super::xlsx::WORKBOOK_RELS),
            ("xl/sharedStrings.xml", super::xlsx::SHARED_STRINGS),
            ("xl/styles.xml", super::xlsx::STYLES),
        ] {
            let mut real = String::new();
            archive
                .by_name(name)
                .expect("part")
                .read_to_string(&mut real)
                .expect("UTF-8");
            assert_eq!(ours, real, "{name}");
        }
    }

    /// The generic CSV and ODS writers give the generator's own files byte for byte.
    #[test]
    fn generic_writers_agree_with_the_generator() {
        let books = synth::generate(11, Target::CompletLines(120));
        let mut complet = Vec::new();
        synth::write_complet_csv(&mut complet, &books.txs, Style::default()).expect("csv");
        assert_eq!(text(&table(Kind::Complet, &books.txs), b','), complet);
        let mut simple = Vec::new();
        synth::write_simple_csv(&mut simple, &books.txs, Style::default()).expect("csv");
        assert_eq!(text(&table(Kind::Simplifie, &books.txs), b','), simple);
        let dir = tempfile::tempdir().expect("tempdir");
        let (ours, theirs) = (dir.path().join("a.ods"), dir.path().join("b.ods"));
        FORMS[1].write(&ours, &books.txs).expect("ods");
        synth::write_complet_ods(&theirs, &books.txs).expect("ods");
        assert_eq!(std::fs::read(ours).ok(), std::fs::read(theirs).ok());
        for form in FORMS {
            let rows = match form.kind {
                Kind::Simplifie => books.simple_txs().len() as u64,
                _ => books.complet_rows(),
            };
            assert_eq!(form.rows(&books.txs), rows, "{form:?}");
        }
    }
}
