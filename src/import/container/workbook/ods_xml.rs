//! The ODS `content.xml` checks, run before calamine sees the file.
//!
//! calamine 0.38 is not written for hostile or slightly unusual ODS content. This module
//! opens `content.xml` (zip crate) and, before handing the archive to calamine:
//!
//! - estimates what calamine would expand repeated rows and cells into, and refuses a sheet
//!   past the cell or text limits ([`check_ods_expansion`]);
//! - refuses a table that is never closed, on which calamine would loop forever
//!   ([`check_tables_closed`]);
//! - strips the whitespace Paheko writes between the cells of a row, which calamine takes
//!   for a malformed row ([`strip_row_whitespace`]), and rebuilds the archive in memory.

use std::io::{Cursor, Read, Write};

use crate::error::Reason;

use super::zip_guard::archive_too_large;
use super::{MAX_CELLS, MAX_UNCOMPRESSED, corrupt, unreadable};

/// The archive with its `content.xml` cleaned by [`strip_row_whitespace`], or `None` when
/// there is nothing to clean.
///
/// Paheko's ODS writer puts a line break after every cell, and calamine 0.38 takes any
/// text between the cells of a row for a malformed row (« Expecting 'table-cell' »): it
/// reads none of Paheko's ODS exports as they are. The other entries are copied unchanged.
pub(super) fn ods_without_row_whitespace(
    bytes: &[u8],
    max_archive: u64,
) -> Result<Option<Vec<u8>>, Reason> {
    let zip_error = |e: &dyn std::fmt::Display| unreadable("ODS", e);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(&e))?;
    let mut content = Vec::new();
    archive
        .by_name("content.xml")
        .map_err(|e| zip_error(&e))?
        .take(max_archive.saturating_add(1))
        .read_to_end(&mut content)
        .map_err(|e| zip_error(&e))?;
    if content.len() as u64 > max_archive {
        return Err(archive_too_large(content.len() as u64, max_archive));
    }
    check_ods_expansion(&content)?;
    check_tables_closed(&content)?;
    let Some(content) = strip_row_whitespace(&content) else {
        return Ok(None);
    };
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(u32::try_from(content.len()).is_err());
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| zip_error(&e))?;
        if entry.name_raw() == b"content.xml" {
            drop(entry);
            writer
                .start_file("content.xml", options)
                .map_err(|e| zip_error(&e))?;
            writer.write_all(&content).map_err(|e| zip_error(&e))?;
        } else {
            writer.raw_copy_file(entry).map_err(|e| zip_error(&e))?;
        }
    }
    let rewritten = writer.finish().map_err(|e| zip_error(&e))?;
    Ok(Some(rewritten.into_inner()))
}

/// `content.xml` without the whitespace between the cells of a row (after a row's start
/// tag or a cell's end, before a cell or the row's end), or `None` if there is none.
///
/// Only whitespace that calamine would refuse is removed, so no readable file reads
/// differently; text inside cells is never touched. Quoted attribute values, comments and
/// CDATA sections are skipped whole.
pub(super) fn strip_row_whitespace(xml: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(xml.len());
    let mut changed = false;
    // The last markup ends a cell or opens a row.
    let mut in_row_between_cells = false;
    let mut at = 0;
    while let Some(rest) = xml.get(at..).filter(|rest| !rest.is_empty()) {
        if rest.starts_with(b"<") {
            let len = markup_len(rest);
            let markup = rest.get(..len).unwrap_or(rest);
            in_row_between_cells = ends_cell_or_opens_row(markup);
            out.extend_from_slice(markup);
            at += markup.len();
        } else {
            let len = rest.iter().position(|&b| b == b'<').unwrap_or(rest.len());
            let text = rest.get(..len).unwrap_or(rest);
            let next = rest.get(len..).unwrap_or_default();
            if in_row_between_cells
                && text
                    .iter()
                    .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                && starts_cell_or_ends_row(next)
            {
                changed = true;
            } else {
                out.extend_from_slice(text);
            }
            at += text.len();
        }
    }
    changed.then_some(out)
}

/// The length of the markup (tag, comment, CDATA…) at the start of `xml`, up to and with its
/// closing `>`; all of `xml` if it is not closed.
fn markup_len(xml: &[u8]) -> usize {
    let closing: &[u8] = if xml.starts_with(b"<!--") {
        b"-->"
    } else if xml.starts_with(b"<![CDATA[") {
        b"]]>"
    } else {
        let mut quote = None;
        for (index, &byte) in xml.iter().enumerate() {
            match (quote, byte) {
                (None, b'"' | b'\'') => quote = Some(byte),
                (Some(q), _) if q == byte => quote = None,
                (None, b'>') => return index + 1,
                _ => {}
            }
        }
        return xml.len();
    };
    xml.windows(closing.len())
        .position(|window| window == closing)
        .map_or(xml.len(), |index| index + closing.len())
}

const CELL: &[u8] = b"table:table-cell";
const COVERED_CELL: &[u8] = b"table:covered-table-cell";
const ROW: &[u8] = b"table:table-row";

/// The element name of a start, end or empty tag (`<name …>`, `</name>`, `<name/>`).
fn tag_name(tag: &[u8]) -> &[u8] {
    let body = tag
        .strip_prefix(b"</")
        .or_else(|| tag.strip_prefix(b"<"))
        .unwrap_or(tag);
    let len = body
        .iter()
        .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))
        .unwrap_or(body.len());
    body.get(..len).unwrap_or(body)
}

fn ends_cell_or_opens_row(markup: &[u8]) -> bool {
    let name = tag_name(markup);
    let is_cell = name == CELL || name == COVERED_CELL;
    if markup.starts_with(b"</") {
        is_cell
    } else if markup.starts_with(b"<!") || markup.starts_with(b"<?") {
        false
    } else if markup.ends_with(b"/>") {
        is_cell
    } else {
        name == ROW
    }
}

fn starts_cell_or_ends_row(xml: &[u8]) -> bool {
    let end = markup_len(xml);
    let markup = xml.get(..end).unwrap_or(xml);
    let name = tag_name(markup);
    if markup.starts_with(b"</") {
        name == ROW
    } else {
        markup.starts_with(b"<") && (name == CELL || name == COVERED_CELL)
    }
}

/// Refuses a `content.xml` with a table that is never closed.
///
/// calamine 0.38 reads a table's rows until `</table:table>`, and on a content cut inside a
/// table it waits for that end tag past the end of the file, forever (found by fuzzing).
/// This pass reads the XML as calamine does (the same quick-xml reader and settings) and
/// refuses what would never end. XML that quick-xml cannot read is left to calamine, which
/// fails on it at the same place.
pub(super) fn check_tables_closed(xml: &[u8]) -> Result<(), Reason> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut open = false;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.name().as_ref() == "table:table" => open = true,
            Ok(Event::End(e)) if e.name().as_ref() == "table:table" => open = false,
            Ok(Event::Eof) => break,
            // calamine meets the same error at the same place, and says so.
            Err(_) => return Ok(()),
            Ok(_) => {}
        }
        buf.clear();
    }
    if open {
        return Err(corrupt(
            "contenu ODS tronqué : un tableau n'est jamais refermé ; téléchargez le fichier à nouveau ou exportez-le en CSV"
                .to_owned(),
        ));
    }
    Ok(())
}

/// calamine's limits on an ODS table (rows, columns), which it applies to repetitions.
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// Refuses a `content.xml` whose repeated rows and cells would grow past [`MAX_CELLS`]
/// cells or [`MAX_UNCOMPRESSED`] bytes of text once calamine expands them.
///
/// `table:number-columns-repeated="16384"` on a cell with a value, or
/// `table:number-rows-repeated="1000000"` on a row with one, is a few bytes of XML that
/// calamine turns into millions of cells (each a copy of the cell's text) before rappro sees
/// any: the archive checks cannot catch it, the content is small. This scan follows
/// calamine's own expansion rules, over-estimating where unsure: every table is counted
/// (calamine reads them all), a cell is empty only when it is self-closing without a value
/// type or formula, and an empty cell costs nothing unless a non-empty one follows it in its
/// row; empty rows cost nothing unless a non-empty row follows them in the table. The
/// empty repetitions LibreOffice writes to pad a sheet to its full size therefore pass.
pub(super) fn check_ods_expansion(xml: &[u8]) -> Result<(), Reason> {
    #[derive(Default)]
    struct TableCost {
        /// Cells calamine pushes while reading rows (each row element once).
        raw_cells: u64,
        /// Rows, with their repetitions, from the first non-empty row to the current one.
        rows_since_first: u64,
        /// Rows, with their repetitions, from the first to the last non-empty row.
        rows_spanned: u64,
        /// Widest row, in cells.
        width: u64,
        /// Bytes of text, expanded.
        text: u64,
        /// Rows seen, with their repetitions (calamine stops at [`ODS_MAX_ROWS`]).
        rows: u64,
        seen_non_empty: bool,
    }
    #[derive(Default)]
    struct RowCost {
        repeat: u64,
        cells: u64,
        pending_empty: u64,
        text: u64,
        non_empty: bool,
    }
    let mut cells_total: u64 = 0;
    let mut text_total: u64 = 0;
    let mut table = TableCost::default();
    let mut row: Option<RowCost> = None;
    // An open cell: its repetition, whether it has a value attribute, where its content starts.
    let mut cell: Option<(u64, bool, usize)> = None;
    let mut at = 0;
    let over = |cells: u64, text: u64| cells > MAX_CELLS as u64 || text > MAX_UNCOMPRESSED;
    while let Some(rest) = xml.get(at..).filter(|rest| !rest.is_empty()) {
        let Some(offset) = rest.iter().position(|&b| b == b'<') else {
            break;
        };
        let start = at + offset;
        let markup = &xml[start..];
        let markup = markup.get(..markup_len(markup)).unwrap_or(markup);
        at = start + markup.len().max(1);
        let name = tag_name(markup);
        let closing = markup.starts_with(b"</");
        let self_closing = markup.ends_with(b"/>");
        if markup.starts_with(b"<!") || markup.starts_with(b"<?") {
            continue;
        }
        if name == CELL || name == COVERED_CELL {
            let Some(row) = row.as_mut() else { continue };
            let (repeat, valued, content_len) = if closing {
                match cell.take() {
                    Some((repeat, valued, from)) => (repeat, valued, (start - from) as u64),
                    None => continue,
                }
            } else {
                let repeat = attribute_number(markup, b"table:number-columns-repeated")
                    .unwrap_or(1)
                    .clamp(1, ODS_MAX_COLUMNS);
                let valued = attribute(markup, b"office:value-type").is_some()
                    || attribute(markup, b"table:formula").is_some();
                if !self_closing {
                    cell = Some((repeat, valued, at));
                    continue;
                }
                (repeat, valued, 0)
            };
            if valued || content_len > 0 {
                let pushed = (row.pending_empty + repeat)
                    .min(ODS_MAX_COLUMNS - row.cells.min(ODS_MAX_COLUMNS));
                row.cells += pushed;
                row.text = row.text.saturating_add(repeat.saturating_mul(content_len));
                row.pending_empty = 0;
                row.non_empty = true;
            } else {
                row.pending_empty = repeat;
            }
        } else if name == ROW {
            if !closing && !self_closing {
                let repeat = attribute_number(markup, b"table:number-rows-repeated")
                    .unwrap_or(1)
                    .clamp(1, ODS_MAX_ROWS);
                row = Some(RowCost {
                    repeat,
                    ..RowCost::default()
                });
            } else if closing && let Some(done) = row.take() {
                let repeat = done.repeat.min(ODS_MAX_ROWS - table.rows.min(ODS_MAX_ROWS));
                table.rows += repeat;
                table.raw_cells += done.cells;
                table.text = table.text.saturating_add(done.text);
                if table.seen_non_empty {
                    table.rows_since_first += repeat;
                }
                if done.non_empty {
                    if !table.seen_non_empty {
                        table.seen_non_empty = true;
                        table.rows_since_first = repeat;
                    }
                    table.rows_spanned = table.rows_since_first;
                    table.width = table.width.max(done.cells);
                    table.text = table.text.saturating_add(repeat.saturating_mul(done.text));
                }
                let expanded = table.raw_cells + table.rows_spanned * table.width;
                if over(
                    cells_total + expanded,
                    text_total.saturating_add(table.text),
                ) {
                    return Err(sheet_too_large());
                }
            }
        } else if name == b"table:table" && closing {
            cells_total += table.raw_cells + table.rows_spanned * table.width;
            text_total = text_total.saturating_add(table.text);
            table = TableCost::default();
        }
    }
    Ok(())
}

/// The value of attribute `name` in a start tag, without its quotes.
fn attribute<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(found) = tag
        .get(from..)
        .and_then(|rest| rest.windows(name.len()).position(|w| w == name))
    {
        let begin = from + found;
        from = begin + name.len();
        let preceded = begin > 0 && matches!(tag[begin - 1], b' ' | b'\t' | b'\r' | b'\n');
        let rest = &tag[from..];
        let rest = rest.trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let (Some(&quote), true) = (rest.first(), preceded) else {
            continue;
        };
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let value = &rest[1..];
        let end = value
            .iter()
            .position(|&b| b == quote)
            .unwrap_or(value.len());
        return Some(&value[..end]);
    }
    None
}

/// A decimal attribute value, as calamine reads it; saturating, `None` if not a number.
fn attribute_number(tag: &[u8], name: &[u8]) -> Option<u64> {
    let value = attribute(tag, name)?;
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(value.iter().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

pub(super) fn sheet_too_large() -> Reason {
    corrupt(format!(
        "feuille trop grande une fois ses cellules répétées développées (plus de {MAX_CELLS} cellules ou {} Mio de texte) : est-ce bien un export ?",
        MAX_UNCOMPRESSED / (1024 * 1024)
    ))
}
