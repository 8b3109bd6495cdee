//! The workbook reader's tests: real Paheko exports against their CSV twins, hand-made
//! archives, bombs and damaged files.

use super::zip_guard::central_directory;
use super::{Workbook, detect, read};
use crate::error::Reason;
use crate::import::container::table::Table;
use crate::model::Money;

const AMOUNT_COLUMNS: [&str; 5] = ["Débit", "Crédit", "Montant", "Debit", "Credit"];

fn fixture(kind: &str, ext: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/girofle-2024/paheko/Le Cloud Girofle   Export comptable   {kind}   Exercice 2024.{ext}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).expect("fixture")
}

fn is_corrupt(result: Result<Table, Reason>) -> bool {
    matches!(result, Err(Reason::CorruptSpreadsheet(_)))
}

/// The workbook export reads as the CSV export of the same journal.
fn same_as_csv(kind: &str, ext: &str, expected: Workbook, lines: usize) {
    let bytes = fixture(kind, ext);
    assert_eq!(detect(&bytes), Some(expected), "{kind} {ext}");
    let table = read(&bytes, expected).expect("readable workbook");
    let csv_bytes = fixture(kind, "csv");
    let mut csv = csv::Reader::from_reader(csv_bytes.as_slice());
    let headers = csv.headers().expect("csv header").clone();
    let records: Vec<csv::StringRecord> =
        csv.records().collect::<Result<_, _>>().expect("csv rows");

    assert_eq!(table.header_line, 1);
    assert_eq!(
        table.spoiled,
        Vec::new(),
        "{kind} {ext}: every cell is a value"
    );
    assert_eq!(table.headers, headers, "{kind} {ext}: header");
    assert_eq!(records.len(), lines);
    assert_eq!(table.rows.len(), lines, "{kind} {ext}: rows");
    for (index, ((number, row), expected)) in table.rows.iter().zip(&records).enumerate() {
        assert_eq!(*number, index as u64 + 2, "{kind} {ext}: row number");
        assert!(
            row.len() <= expected.len(),
            "{kind} {ext} row {number}: too long"
        );
        for (column, title) in headers.iter().enumerate() {
            let got = row.get(column).unwrap_or("");
            let want: String = expected
                .get(column)
                .unwrap_or("")
                .chars()
                .filter(|c| !matches!(c, '\n' | '\r'))
                .collect();
            if AMOUNT_COLUMNS.contains(&title) && !(got.is_empty() && want.is_empty()) {
                assert_eq!(
                    Money::parse(got).ok(),
                    Some(Money::parse(&want).expect("csv amount")),
                    "{kind} {ext} row {number} column {title}: {got} vs {want}"
                );
            } else {
                assert_eq!(got, want, "{kind} {ext} row {number} column {title}");
            }
        }
    }
}

#[test]
fn complet_ods_matches_csv() {
    same_as_csv("Complet", "ods", Workbook::Ods, 737);
}

#[test]
fn complet_xlsx_matches_csv() {
    same_as_csv("Complet", "xlsx", Workbook::Xlsx, 737);
}

#[test]
fn groupe_ods_matches_csv() {
    same_as_csv("Groupé", "ods", Workbook::Ods, 737);
}

#[test]
fn groupe_xlsx_matches_csv() {
    same_as_csv("Groupé", "xlsx", Workbook::Xlsx, 737);
}

#[test]
fn simplifie_ods_matches_csv() {
    same_as_csv("Simplifié", "ods", Workbook::Ods, 350);
}

#[test]
fn simplifie_xlsx_matches_csv() {
    same_as_csv("Simplifié", "xlsx", Workbook::Xlsx, 350);
}

#[test]
fn fec_ods_matches_csv() {
    same_as_csv("FEC", "ods", Workbook::Ods, 737);
}

#[test]
fn fec_xlsx_matches_csv() {
    same_as_csv("FEC", "xlsx", Workbook::Xlsx, 737);
}

#[test]
fn detect_refuses_what_is_not_a_workbook() {
    assert_eq!(detect(b""), None);
    assert_eq!(detect(b"\"Numero\",\"Date\"\r\n"), None);
    assert_eq!(detect(&fixture("Complet", "csv")), None);
    assert_eq!(detect(b"PK\x03\x04"), None);
}

#[test]
fn detect_recognises_a_truncated_workbook() {
    let ods = fixture("Complet", "ods");
    assert_eq!(detect(&ods[..ods.len() / 2]), Some(Workbook::Ods));
    let xlsx = fixture("Complet", "xlsx");
    assert_eq!(detect(&xlsx[..xlsx.len() / 2]), Some(Workbook::Xlsx));
}

#[test]
fn truncated_files_are_corrupt() {
    for (ext, kind) in [("ods", Workbook::Ods), ("xlsx", Workbook::Xlsx)] {
        let bytes = fixture("Complet", ext);
        for cut in [bytes.len() / 2, bytes.len() - 1, 100, 30, 4] {
            assert!(is_corrupt(read(&bytes[..cut], kind)), "{ext} cut at {cut}");
        }
    }
}

#[test]
fn garbage_and_empty_input_are_corrupt() {
    let mut noise = Vec::with_capacity(4096);
    let mut state: u32 = 0x1234_5678;
    for _ in 0..4096 {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        noise.push((state >> 24) as u8);
    }
    for kind in [Workbook::Ods, Workbook::Xlsx] {
        assert!(is_corrupt(read(&noise, kind)));
        assert!(is_corrupt(read(b"", kind)));
        assert!(is_corrupt(read(b"PK\x05\x06", kind)));
    }
    // An ODS read as XLSX and the reverse.
    assert!(is_corrupt(read(&fixture("FEC", "ods"), Workbook::Xlsx)));
    assert!(is_corrupt(read(&fixture("FEC", "xlsx"), Workbook::Ods)));
}

#[test]
fn flipped_bytes_never_panic() {
    let ods = fixture("Simplifié", "ods");
    let xlsx = fixture("Simplifié", "xlsx");
    for (bytes, kind) in [(ods, Workbook::Ods), (xlsx, Workbook::Xlsx)] {
        for step in 1..40usize {
            let mut broken = bytes.clone();
            let at = (step * 7919) % broken.len();
            if let Some(byte) = broken.get_mut(at) {
                *byte ^= 0x5a;
            }
            // Either readable or a rejection: returning at all is the test.
            let _ = read(&broken, kind);
        }
    }
}

// --- hand-made archives ----------------------------------------------------------------

/// A ZIP of stored entries, each with its real data and a declared uncompressed and
/// compressed size (which may lie, as in a ZIP bomb).
fn zip(entries: &[(&str, &[u8], u32, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, data, uncompressed, compressed) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let header = |sig: u32, central: bool| {
            let mut h = sig.to_le_bytes().to_vec();
            if central {
                h.extend(20u16.to_le_bytes()); // version made by
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(0u16.to_le_bytes()); // method: stored
            h.extend(0u32.to_le_bytes()); // time, date
            h.extend(crc.to_le_bytes());
            h.extend(compressed.to_le_bytes());
            h.extend(uncompressed.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend(0u16.to_le_bytes()); // comment
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(*data);
        directory.extend(header(0x0201_4b50, true));
    }
    let directory_offset = out.len() as u32;
    out.extend(&directory);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]); // disks
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((directory.len() as u32).to_le_bytes());
    out.extend(directory_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes()); // comment
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// An honest ZIP of stored entries.
fn plain_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let sized: Vec<(&str, &[u8], u32, u32)> = entries
        .iter()
        .map(|(name, data)| (*name, *data, data.len() as u32, data.len() as u32))
        .collect();
    zip(&sized)
}

fn xlsx(sheet_data: &str, date_1904: bool) -> Vec<u8> {
    xlsx_parts(sheet_data, None, date_1904)
}

/// An XLSX workbook, with a shared strings part when `shared` is given.
fn xlsx_parts(sheet_data: &str, shared: Option<&str>, date_1904: bool) -> Vec<u8> {
    xlsx_calc(sheet_data, shared, date_1904, "")
}

/// [`xlsx_parts`] with `calc_pr` (a `<calcPr …/>` element, or nothing) in the workbook part.
fn xlsx_calc(sheet_data: &str, shared: Option<&str>, date_1904: bool, calc_pr: &str) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="{date_1904}"/><sheets><sheet name="Feuille1" sheetId="1" r:id="rId1"/></sheets>{calc_pr}</workbook>"#
    );
    let workbook_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    // Style 1 is a date (built-in format 14), style 2 a duration.
    let styles = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm:ss"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>"#;
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        ("xl/styles.xml", styles.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    if let Some(shared) = shared {
        parts.push(("xl/sharedStrings.xml", shared.as_bytes()));
    }
    plain_zip(&parts)
}

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

fn ods(table_rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Feuille1">{table_rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    plain_zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
    ])
}

fn texts(table: &Table) -> Vec<(u64, Vec<String>)> {
    std::iter::once((table.header_line, &table.headers))
        .chain(table.rows.iter().map(|(n, r)| (*n, r)))
        .map(|(n, r)| (n, r.iter().map(str::to_owned).collect()))
        .collect()
}

fn owned(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

#[test]
fn hand_made_xlsx_cells_become_text() {
    let rows = r#"<row r="2"><c r="B2" t="inlineStr"><is><t>Date</t></is></c><c r="C2" t="inlineStr"><is><t>Montant</t></is></c><c r="D2" t="inlineStr"><is><t>Divers</t></is></c></row>
<row r="3"><c r="B3" s="1"><v>45292</v></c><c r="C3"><v>77.26</v></c><c r="D3" t="b"><v>1</v></c></row>
<row r="4"><c r="B4" s="1"><v>45657.75</v></c><c r="C4"><v>10688</v></c><c r="D4" t="e"><v>#DIV/0!</v></c></row>
<row r="5"><c r="B5" t="inlineStr"><is><t></t></is></c><c r="C5"/></row>
<row r="6"><c r="B6" t="str"><v>1</v></c><c r="C6"><v>-0.3</v></c><c r="D6" s="2"><v>1.5</v></c></row>
<row r="7"><c r="C7"><v>1234.56</v></c></row>"#;
    let bytes = xlsx(rows, false);
    assert_eq!(detect(&bytes), Some(Workbook::Xlsx));
    let table = read(&bytes, Workbook::Xlsx).expect("readable");
    assert_eq!(
        texts(&table),
        vec![
            (2, owned(&["Date", "Montant", "Divers"])),
            (3, owned(&["2024-01-01", "77.26", "1"])),
            (4, owned(&["2024-12-31", "10688", "#DIV/0!"])),
            (6, owned(&["1", "-0.3", "1.5"])),
            (7, owned(&["", "1234.56"])),
        ]
    );
    // The 1904 date system moves every serial by 1462 days.
    let bytes = xlsx(r#"<row r="1"><c r="A1" s="1"><v>43830</v></c></row>"#, true);
    let table = read(&bytes, Workbook::Xlsx).expect("readable");
    assert_eq!(table.headers.get(0), Some("2024-01-01"));
}

#[test]
fn hand_made_ods_cells_become_text() {
    let rows = r#"<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Date</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Montant</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Divers</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="date" office:date-value="2024-01-01"><text:p>01/01/2024</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="77.26"><text:p>77,26</text:p></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>VRAI</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row><table:table-cell office:value-type="date" office:date-value="2024-12-31T18:00:00"><text:p>31/12/2024</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="10688"><text:p>10688</text:p></table:table-cell><table:table-cell office:value-type="time" office:time-value="PT36H00M00S"><text:p>36:00:00</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>1</text:p></table:table-cell><table:table-cell office:value-type="currency" office:currency="EUR" office:value="-0.3"><text:p>-0,30 €</text:p></table:table-cell></table:table-row>"#;
    let bytes = ods(rows);
    assert_eq!(detect(&bytes), Some(Workbook::Ods));
    let table = read(&bytes, Workbook::Ods).expect("readable");
    assert_eq!(
        texts(&table),
        vec![
            (3, owned(&["Date", "Montant", "Divers"])),
            (4, owned(&["2024-01-01", "77.26", "1"])),
            (8, owned(&["2024-12-31", "10688", "PT36H00M00S"])),
            (9, owned(&["1", "-0.3"])),
        ]
    );
}

fn spoiled(table: &Table) -> Vec<(u64, String)> {
    table
        .spoiled
        .iter()
        .map(|(line, reason)| {
            assert_eq!(reason.code(), "not_a_value");
            (*line, reason.to_string())
        })
        .collect()
}

const XLSX_NOT_VALUES: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Numéro</t></is></c><c r="B1" t="inlineStr"><is><t>Débit</t></is></c></row>
<row r="2"><c r="A2"><v>1</v></c><c r="B2"><f>SUM(B5:B6)</f></c></row>
<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="e"><f>B5/0</f><v>#DIV/0!</v></c></row>
<row r="4"><c r="A4"><v>3</v></c><c r="B4" t="inlineStr"><is><t>=12.5</t></is></c></row>
<row r="5"><c r="A5"><v>4</v></c><c r="B5"><v>5</v></c></row>
<row r="6"><c r="A6"><v>5</v></c><c r="B6"><f>1+1</f><v>2</v></c></row>
<row r="7"><c r="A7" t="e"><v>#REF!</v></c></row>"#;

#[test]
fn xlsx_cells_that_are_not_values_spoil_their_row() {
    let table = read(&xlsx(XLSX_NOT_VALUES, false), Workbook::Xlsx).expect("readable");
    // Every row stays, with the text of its cells; a computed result is a value.
    assert_eq!(
        texts(&table),
        vec![
            (1, owned(&["Numéro", "Débit"])),
            (2, owned(&["1", ""])),
            (3, owned(&["2", "#DIV/0!"])),
            (4, owned(&["3", "=12.5"])),
            (5, owned(&["4", "5"])),
            (6, owned(&["5", "2"])),
            (7, owned(&["#REF!"])),
        ]
    );
    let fix = "ouvrez le classeur dans un tableur, recalculez et enregistrez-le, ou exportez à nouveau depuis Paheko";
    assert_eq!(
        spoiled(&table),
        vec![
            (2, format!("feuille « Feuille1 », cellule B2 : formule « =SUM(B5:B6) » enregistrée sans son résultat ; {fix}")),
            (3, "feuille « Feuille1 », cellule B3 : erreur « #DIV/0! » au lieu d'une valeur (formule « =B5/0 ») ; corrigez le classeur ou exportez à nouveau depuis Paheko".to_owned()),
            (4, "feuille « Feuille1 », cellule B4 : texte « =12.5 » qui est une formule, pas une valeur ; saisissez la valeur elle-même".to_owned()),
            (7, "feuille « Feuille1 », cellule A7 : erreur « #REF! » au lieu d'une valeur (formule) ; corrigez le classeur ou exportez à nouveau depuis Paheko".to_owned()),
        ]
    );
    // A workbook that asks for its formulas to be computed on opening (XlsxWriter,
    // openpyxl) saved placeholders: the `2` of B6 is not a value either.
    let calc = r#"<calcPr calcId="124519" fullCalcOnLoad="1"/>"#;
    let table = read(
        &xlsx_calc(XLSX_NOT_VALUES, None, false, calc),
        Workbook::Xlsx,
    )
    .expect("readable");
    let lines: Vec<u64> = table.spoiled.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, vec![2, 3, 4, 6, 7]);
    assert!(spoiled(&table)[3].1.starts_with(
        "feuille « Feuille1 », cellule B6 : formule « =1+1 » dont le classeur demande de recalculer"
    ));
    // In the header, the file cannot be read.
    let header = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Numéro</t></is></c><c r="B1"><f>"Dé"&amp;"bit"</f></c></row>"#;
    assert!(matches!(
        read(&xlsx(header, false), Workbook::Xlsx),
        Err(Reason::NotAValue { cell, .. }) if cell == "B1"
    ));
}

#[test]
fn a_row_with_several_cells_that_are_not_values_names_its_leftmost() {
    // Cells out of order in the file: the message still names the leftmost.
    let rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Numéro</t></is></c><c r="B1" t="inlineStr"><is><t>Débit</t></is></c><c r="C1" t="inlineStr"><is><t>Crédit</t></is></c></row>
<row r="2"><c r="C2" t="e"><v>#N/A</v></c><c r="B2"><f>A9</f></c><c r="A2"><v>1</v></c></row>"#;
    let table = read(&xlsx(rows, false), Workbook::Xlsx).expect("readable");
    let got = spoiled(&table);
    assert_eq!(got.len(), 1);
    assert!(
        got[0]
            .1
            .starts_with("feuille « Feuille1 », cellule B2 : formule « =A9 »"),
        "{got:?}"
    );
}

#[test]
fn ods_cells_that_are_not_values_spoil_their_row() {
    let rows = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Numéro</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Débit</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="1"/><table:table-cell table:formula="of:=SUM([.B5:.B6])"/></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="2"/><table:table-cell table:formula="of:=[.B5]/0" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="3"/><table:table-cell office:value-type="string"><text:p>=12.5</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="4"/><table:table-cell office:value-type="float" office:value="5"/></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="5"/><table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2"/></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="6"/><table:table-cell office:value-type="string"><text:p>#REF!</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell table:formula="of:=[.B9]"/></table:table-row>"#;
    let table = read(&ods(rows), Workbook::Ods).expect("readable");
    assert_eq!(
        texts(&table),
        vec![
            (1, owned(&["Numéro", "Débit"])),
            (2, owned(&["1", ""])),
            (3, owned(&["2", "#DIV/0!"])),
            (4, owned(&["3", "=12.5"])),
            (5, owned(&["4", "5"])),
            (6, owned(&["5", "2"])),
            // A typed « #REF! » without a formula is text.
            (7, owned(&["6", "#REF!"])),
            (8, owned(&["", "", "", ""])),
        ]
    );
    let got = spoiled(&table);
    let cells: Vec<(u64, &str)> = got
        .iter()
        .map(|(line, message)| (*line, message.split(" : ").next().unwrap_or("")))
        .collect();
    assert_eq!(
        cells,
        vec![
            (2, "feuille « Feuille1 », cellule B2"),
            (3, "feuille « Feuille1 », cellule B3"),
            (4, "feuille « Feuille1 », cellule B4"),
            (8, "feuille « Feuille1 », cellule D8"),
        ]
    );
    assert!(
        got[0]
            .1
            .contains("formule « =SUM([.B5:.B6]) » enregistrée sans son résultat")
    );
    assert!(
        got[1]
            .1
            .contains("erreur « #DIV/0! » au lieu d'une valeur (formule « =[.B5]/0 »)")
    );
}

#[test]
fn whitespace_between_cells_is_removed_and_nothing_else() {
    let xml = "<table:table>\n<table:table-row a=\"x>y\">\n <table:table-cell office:value-type=\"string\"><text:p> a  b </text:p></table:table-cell>\r\n<table:table-cell/>\n<table:covered-table-cell/>\n<table:table-cell-x/> <table:table-cell>\n<text:p>c</text:p></table:table-cell>\n<!-- </table:table-cell> <table:table-cell -->\n</table:table-row>\n</table:table>";
    let expected = "<table:table>\n<table:table-row a=\"x>y\"><table:table-cell office:value-type=\"string\"><text:p> a  b </text:p></table:table-cell><table:table-cell/><table:covered-table-cell/>\n<table:table-cell-x/> <table:table-cell>\n<text:p>c</text:p></table:table-cell>\n<!-- </table:table-cell> <table:table-cell -->\n</table:table-row>\n</table:table>";
    let stripped = super::ods_xml::strip_row_whitespace(xml.as_bytes()).expect("changed");
    assert_eq!(String::from_utf8_lossy(&stripped), expected);
    assert_eq!(
        super::ods_xml::strip_row_whitespace(expected.as_bytes()),
        None
    );
    assert_eq!(super::ods_xml::strip_row_whitespace(b""), None);
    assert_eq!(
        super::ods_xml::strip_row_whitespace(b"<table:table-row"),
        None
    );
    assert_eq!(super::ods_xml::strip_row_whitespace(b"<!-- "), None);
}

#[test]
fn paheko_style_ods_with_line_breaks_between_cells_reads() {
    let rows = "<table:table-row>\n<table:table-cell office:value-type=\"string\"><text:p>Libellé</text:p></table:table-cell>\n<table:table-cell office:value-type=\"string\"><text:p>Montant</text:p></table:table-cell>\n</table:table-row>\n<table:table-row>\n<table:table-cell office:value-type=\"string\"><text:p>Don  <text:s text:c=\"2\"/>x</text:p></table:table-cell>\n<table:table-cell office:value=\"1234.560000\" office:value-type=\"float\"><text:p>1 234,56</text:p></table:table-cell>\n</table:table-row>\n";
    let table = read(&ods(rows), Workbook::Ods).expect("readable");
    assert_eq!(
        texts(&table),
        vec![
            (1, owned(&["Libellé", "Montant"])),
            (2, owned(&["Don    x", "1234.56"])),
        ]
    );
}

#[test]
fn an_empty_sheet_is_an_empty_file() {
    assert_eq!(
        read(&xlsx("", false), Workbook::Xlsx),
        Err(Reason::EmptyFile)
    );
    let empty_row = r#"<table:table-row><table:table-cell/></table:table-row>"#;
    assert_eq!(read(&ods(empty_row), Workbook::Ods), Err(Reason::EmptyFile));
}

#[test]
fn a_header_only_sheet_has_no_rows() {
    let bytes = xlsx(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c></row>"#,
        false,
    );
    let table = read(&bytes, Workbook::Xlsx).expect("readable");
    assert_eq!(table.header_line, 1);
    assert!(table.rows.is_empty());
}

#[test]
fn distant_cells_do_not_exhaust_memory() {
    let rows = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#;
    let table = read(&xlsx(rows, false), Workbook::Xlsx).expect("readable");
    assert_eq!(table.rows.len(), 1);
    assert_eq!(
        table.rows.first().map(|(n, r)| (*n, r.len())),
        Some((1_048_576, 16_384))
    );
}

#[test]
fn zip_bombs_are_refused() {
    let data = b"<x/>";
    // One entry declaring 600 MiB out of 1 MiB: the total is over the limit.
    let big = zip(&[("xl/worksheets/sheet1.xml", data, 600 << 20, 1 << 20)]);
    assert!(central_directory(&big).is_some());
    for kind in [Workbook::Ods, Workbook::Xlsx] {
        let err = read(&big, kind).expect_err("refused");
        assert!(
            matches!(&err, Reason::CorruptSpreadsheet(why) if why.contains("trop grosse")),
            "{err:?}"
        );
    }
    // Several entries adding up.
    let many = zip(&[
        ("a.xml", data, 300 << 20, 1 << 20),
        ("b.xml", data, 300 << 20, 1 << 20),
    ]);
    assert!(is_corrupt(read(&many, Workbook::Xlsx)));
    // A small total, but 2 MiB out of 10 bytes.
    let ratio = zip(&[("content.xml", data, 2 << 20, 10)]);
    let err = read(&ratio, Workbook::Ods).expect_err("refused");
    assert!(
        matches!(&err, Reason::CorruptSpreadsheet(why) if why.contains("taux de compression")),
        "{err:?}"
    );
    // The real exports pass the check.
    for ext in ["ods", "xlsx"] {
        assert!(
            super::zip_guard::check_archive_size(&fixture("Complet", ext), super::MAX_UNCOMPRESSED)
                .is_ok()
        );
    }
}

fn is_too_large(result: Result<Table, Reason>) -> bool {
    matches!(&result, Err(Reason::CorruptSpreadsheet(why)) if why.contains("feuille trop grande"))
}

/// A header and a data row of three cells, as the repeated-cell tests' sane part.
const SANE_ROWS: &str = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Date</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Libellé</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Montant</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="date" office:date-value="2024-01-01"><text:p>01/01/2024</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Don</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="12.5"><text:p>12,50</text:p></table:table-cell></table:table-row>"#;

#[test]
fn repeated_ods_cells_cannot_exhaust_memory() {
    // 1 048 576 rows of 16 384 copies of one value: 17 billion cells from 200 bytes of XML.
    let square = format!(
        r#"{SANE_ROWS}<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#
    );
    let started = std::time::Instant::now();
    assert!(is_too_large(read(&ods(&square), Workbook::Ods)));
    // Many rows, each of 16 384 copies: calamine would hold them all before expanding.
    let row = r#"<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#;
    let many = format!("{SANE_ROWS}{}", row.repeat(1300));
    assert!(is_too_large(read(&ods(&many), Workbook::Ods)));
    // Empty rows between two non-empty ones are expanded too.
    let gap = format!(
        r#"{SANE_ROWS}<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#
    );
    assert!(is_too_large(read(&ods(&gap), Workbook::Ods)));
    // 16 384 copies of 40 KB of text: 640 MiB.
    let text = format!(
        r#"{SANE_ROWS}<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>{}</text:p></table:table-cell></table:table-row>"#,
        "x".repeat(40_000)
    );
    assert!(is_too_large(read(&ods(&text), Workbook::Ods)));
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

/// Runs `job` on another thread and fails if it takes more than 20 seconds (a hang would
/// otherwise hang the whole test run).
fn within_seconds<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(job());
    });
    receive
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("finished within 20 seconds")
}

#[test]
fn a_table_cut_before_its_end_is_corrupt_not_a_hang() {
    // Found by fuzzing: calamine 0.38 waits forever for the `</table:table>` of a
    // content.xml that ends inside a table.
    let cut = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Feuille1">{SANE_ROWS}"#
    );
    let bytes = plain_zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", cut.as_bytes()),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
    ]);
    let result = within_seconds(move || read(&bytes, Workbook::Ods));
    assert!(
        matches!(&result, Err(Reason::CorruptSpreadsheet(why)) if why.contains("jamais refermé")),
        "{result:?}"
    );
    // The same table, closed, reads.
    assert_eq!(
        read(&ods(SANE_ROWS), Workbook::Ods).map(|t| t.rows.len()),
        Ok(1)
    );
}

#[test]
fn libreoffice_padding_is_not_an_expansion() {
    // LibreOffice pads a sheet to its full size with repeated empty cells and rows.
    let padded = SANE_ROWS.replace(
        "</table:table-row>",
        r#"<table:table-cell table:number-columns-repeated="16381"/></table:table-row>"#,
    ) + r#"<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#;
    let table = read(&ods(&padded), Workbook::Ods).expect("readable");
    assert_eq!(
        texts(&table),
        vec![
            (1, owned(&["Date", "Libellé", "Montant"])),
            (2, owned(&["2024-01-01", "Don", "12.5"])),
        ]
    );
    // Repeated values that stay small are read, each copy in its place.
    let repeated = format!(
        r#"{SANE_ROWS}<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row>"#
    );
    let table = read(&ods(&repeated), Workbook::Ods).expect("readable");
    assert_eq!(
        texts(&table)[2..],
        [(3, owned(&["a", "a"])), (4, owned(&["a", "a"]))]
    );
}

#[test]
fn one_large_shared_string_in_many_cells_is_bounded() {
    // Each cell gets its own copy of the shared string: 17 copies of 64 KiB is over a
    // 1 MiB budget (the real one is MAX_UNCOMPRESSED, too large for a unit test).
    let shared = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{}</t></si></sst>"#,
        "y".repeat(64 * 1024)
    );
    let rows: String = (1..=17)
        .map(|n| format!(r#"<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>"#))
        .collect();
    let bytes = xlsx_parts(&rows, Some(&shared), false);
    assert!(is_too_large(super::read_within(
        &bytes,
        Workbook::Xlsx,
        super::MAX_UNCOMPRESSED,
        1 << 20,
        false
    )));
    // Under the budget, the same workbook reads.
    let table = super::read_within(
        &bytes,
        Workbook::Xlsx,
        super::MAX_UNCOMPRESSED,
        2 << 20,
        false,
    )
    .expect("readable");
    assert_eq!(table.rows.len(), 16);
    assert_eq!(table.headers.get(0).map(str::len), Some(64 * 1024));
}

#[test]
fn a_zip64_archive_is_checked_too() {
    // ZIP64 directories (which Paheko never writes) are not read by our own parser: the
    // zip crate's reading of them is checked instead, so a ZIP64 bomb cannot slip by.
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c></row></sheetData><!--{}--></worksheet>"#,
        " ".repeat(3 << 20)
    );
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    let parts: [(&str, &[u8]); 2] = [
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    for (name, data) in parts {
        writer.start_file(name, options).expect("entry");
        std::io::Write::write_all(&mut writer, data).expect("data");
    }
    let bytes = writer.finish().expect("zip").into_inner();
    assert!(
        central_directory(&bytes).is_none(),
        "ZIP64: not our parser's"
    );
    let err = super::zip_guard::check_archive_size(&bytes, 1 << 20).expect_err("3 MiB > 1 MiB");
    assert!(
        matches!(&err, Reason::CorruptSpreadsheet(why) if why.contains("(3 Mio, limite 1 Mio)")),
        "{err:?}"
    );
    assert!(super::zip_guard::check_archive_size(&bytes, 4 << 20).is_ok());
}

#[test]
fn a_lying_small_size_is_caught_by_the_zip_reader() {
    // The directory announces less than the entry holds.
    let sheet = b"<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>";
    let bytes = zip(&[
        ("[Content_Types].xml", b"<Types/>", 8, 8),
        ("xl/worksheets/sheet1.xml", sheet, 4, 4),
    ]);
    assert!(is_corrupt(read(&bytes, Workbook::Xlsx)));
}

#[test]
fn directory_parser_is_defensive() {
    let good = plain_zip(&[("a", b"1"), ("b", b"22")]);
    let entries = central_directory(&good).expect("directory");
    assert_eq!(entries.len(), 2);
    // Every prefix and many corruptions: never a panic, at worst `None`.
    for cut in 0..good.len() {
        let _ = central_directory(&good[..cut]);
        let _ = detect(&good[..cut]);
    }
    for at in 0..good.len() {
        for value in [0x00, 0xff] {
            let mut broken = good.clone();
            if let Some(byte) = broken.get_mut(at) {
                *byte = value;
            }
            let _ = central_directory(&broken);
            let _ = detect(&broken);
            let _ = super::zip_guard::check_archive_size(&broken, super::MAX_UNCOMPRESSED);
        }
    }
}
