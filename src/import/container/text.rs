//! Text files: encoding detection and decoding, separator sniffing, CSV records.
//!
//! Paheko writes UTF-8 without BOM, but a file re-saved by a spreadsheet may be UTF-8 with
//! a BOM, UTF-16 (LibreOffice offers it), or Windows-1252/Latin-1. We decode all of them to
//! UTF-8 and say which one we met. Bytes that are none of these are rejected line by line.
//! This module does not interpret columns: that is `paheko` and the invoice readers' job.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::Read;

use csv::{ByteRecord, ReaderBuilder, StringRecord, Trim};

use crate::error::Reason;
use crate::import::container::table::Table;

/// The encoding a text file was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without BOM (what Paheko writes).
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16, little-endian (with or without BOM).
    Utf16Le,
    /// UTF-16, big-endian (with or without BOM).
    Utf16Be,
    /// Windows-1252, a superset of Latin-1 for printable characters (`€`, `’`…).
    Windows1252,
    /// UTF-8 with some lines that are not valid text (each is rejected).
    Utf8WithInvalidLines,
}

impl Encoding {
    /// French description, for the warning that says the file was not plain UTF-8.
    pub fn french(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 avec BOM",
            Encoding::Utf16Le => "UTF-16 (petit-boutiste)",
            Encoding::Utf16Be => "UTF-16 (gros-boutiste)",
            Encoding::Windows1252 => "Windows-1252/Latin-1",
            Encoding::Utf8WithInvalidLines => "UTF-8 avec des lignes invalides",
        }
    }
}

/// A text file decoded to UTF-8 bytes (borrowed when it already was UTF-8).
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text; valid UTF-8 except for the invalid lines of `Utf8WithInvalidLines`.
    pub bytes: Cow<'a, [u8]>,
    /// What it was.
    pub encoding: Encoding,
    /// True when records end with a lone CR (old Mac OS), which Paheko refuses.
    pub mac_line_endings: bool,
}

const BOM_UTF8: &[u8] = b"\xEF\xBB\xBF";

/// Finds the encoding and decodes to UTF-8. Fails only for binary content (see
/// [`looks_binary`]), which no spreadsheet or Paheko export produces.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, Reason> {
    let (bytes, encoding) = if let Some(rest) = bytes.strip_prefix(BOM_UTF8) {
        (Cow::Borrowed(rest), Encoding::Utf8Bom)
    } else if let Some(enc) = utf16_kind(bytes) {
        let codec = if enc == Encoding::Utf16Le {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, _had_errors) = codec.decode_with_bom_removal(bytes);
        (Cow::Owned(text.into_owned().into_bytes()), enc)
    } else if std::str::from_utf8(bytes).is_ok() {
        (Cow::Borrowed(bytes), Encoding::Utf8)
    } else if has_utf8_multibyte(bytes) {
        (Cow::Borrowed(bytes), Encoding::Utf8WithInvalidLines)
    } else {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        (
            Cow::Owned(text.into_owned().into_bytes()),
            Encoding::Windows1252,
        )
    };
    if looks_binary(&bytes) {
        return Err(Reason::UnknownFormat(
            "fichier binaire (octets nuls), ce n'est pas un texte".to_owned(),
        ));
    }
    let mac_line_endings = is_mac(&bytes);
    Ok(Decoded {
        bytes,
        encoding,
        mac_line_endings,
    })
}

/// How much of a text decides whether it is binary.
pub const BINARY_HEAD: usize = 8 * 1024;

/// Lines of the head that may hold a NUL byte in a text that is still read.
const NUL_LINES_TOLERATED: usize = 4;

/// True if decoded text is binary rather than a damaged text: a NUL byte in its first line
/// (the header, which would be unusable anyway), or in more than [`NUL_LINES_TOLERATED`]
/// lines of its first [`BINARY_HEAD`] bytes. No text file holds NUL bytes, but one that an
/// interrupted copy or a full disk left with a few (or a run of them, which has no line
/// end) is still a text: its other rows are read, and each row with a NUL byte is rejected
/// with its line (`nul_byte`). Executables, images, PDFs and archives have NULs from their
/// first bytes on. UTF-16, whose ASCII characters hold NUL bytes, is decoded before this.
pub fn looks_binary(text: &[u8]) -> bool {
    let head = text.get(..BINARY_HEAD).unwrap_or(text);
    let Some(first_nul) = memchr::memchr(0, head) else {
        return false;
    };
    if memchr::memchr2(b'\n', b'\r', &head[..first_nul]).is_none() {
        return true;
    }
    head.split(|b| *b == b'\n')
        .filter(|line| line.contains(&0))
        .nth(NUL_LINES_TOLERATED)
        .is_some()
}

/// True if the bytes look like UTF-16 text.
pub fn looks_utf16(bytes: &[u8]) -> bool {
    utf16_kind(bytes).is_some()
}

/// UTF-16 by BOM, or by the pattern of zero bytes of mostly-ASCII text.
fn utf16_kind(bytes: &[u8]) -> Option<Encoding> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some(Encoding::Utf16Le),
        [0xFE, 0xFF, ..] => return Some(Encoding::Utf16Be),
        _ => {}
    }
    let sample = &bytes[..bytes.len().min(512) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_odd = sample
        .chunks_exact(2)
        .filter(|p| p[1] == 0 && p[0] != 0)
        .count();
    let zero_even = sample
        .chunks_exact(2)
        .filter(|p| p[0] == 0 && p[1] != 0)
        .count();
    if zero_odd * 10 >= pairs * 9 {
        Some(Encoding::Utf16Le)
    } else if zero_even * 10 >= pairs * 9 {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// True if the bytes hold at least one valid multi-byte UTF-8 sequence (so a file with
/// invalid bytes too is broken UTF-8, not Windows-1252).
fn has_utf8_multibyte(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => return text.bytes().any(|b| b >= 0x80),
            Err(err) => {
                let valid = &rest[..err.valid_up_to()];
                if valid.iter().any(|b| *b >= 0x80) {
                    return true;
                }
                let skip = err.valid_up_to() + err.error_len().unwrap_or(1);
                if skip >= rest.len() {
                    return false;
                }
                rest = &rest[skip..];
            }
        }
    }
}

/// Lone CRs as line ends, outside quotes, and no LF at all.
fn is_mac(bytes: &[u8]) -> bool {
    !bytes.contains(&b'\n') && bytes.contains(&b'\r')
}

/// The field separator: whichever of `;`, `,`, TAB and `|` appears most in the first line,
/// outside quotes (Paheko's `CSV::findDelimiter`). Comma when none appears.
pub fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut in_quotes = false;
    for &b in bytes {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(idx) = CANDIDATES.iter().position(|c| *c == b) {
                    counts[idx] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for idx in 1..CANDIDATES.len() {
        if counts[idx] > counts[best] {
            best = idx;
        }
    }
    CANDIDATES[best]
}

/// A CSV reader over decoded bytes, with the dialects Paheko and spreadsheets write.
/// `quoting` is off for FEC « fichier conforme » text, where `"` is an ordinary character.
pub fn csv_reader<R: Read>(input: R, delimiter: u8, quoting: bool) -> csv::Reader<R> {
    builder(delimiter, quoting)
        .trim(Trim::All)
        .from_reader(input)
}

/// Like [`csv_reader`], without trimming cells: for readers that trim the cells they use
/// (the Paheko journal reader), so that the rest is never copied.
pub fn csv_reader_untrimmed<R: Read>(input: R, delimiter: u8, quoting: bool) -> csv::Reader<R> {
    builder(delimiter, quoting).from_reader(input)
}

fn builder(delimiter: u8, quoting: bool) -> ReaderBuilder {
    let mut builder = ReaderBuilder::new();
    builder
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .quoting(quoting)
        .buffer_capacity(256 * 1024);
    builder
}

/// Turns a raw record into text, or says why it cannot be.
/// Text may not contain control characters other than TAB, CR and LF: in a decoded
/// Windows-1252 file they are the bytes that are not Windows-1252 text.
pub fn record_text(raw: ByteRecord, record: &mut StringRecord) -> Result<(), Reason> {
    let has_nul = memchr::memchr(0, raw.as_slice()).is_some();
    match StringRecord::from_byte_record(raw) {
        Ok(text) => {
            *record = text;
            if has_nul {
                return Err(Reason::NulByte);
            }
            if record
                .iter()
                .any(|field| field.chars().any(is_forbidden_control))
            {
                return Err(Reason::InvalidEncoding);
            }
            Ok(())
        }
        Err(_) if has_nul => Err(Reason::NulByte),
        Err(_) => Err(Reason::InvalidEncoding),
    }
}

/// True if a decoded record holds characters that no text file contains (bytes that are not
/// Windows-1252 text come out as C1 controls).
pub fn has_forbidden_controls(record: &StringRecord) -> bool {
    record
        .iter()
        .any(|field| field.chars().any(is_forbidden_control))
}

fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\r' | '\n')) || ('\u{80}'..='\u{9f}').contains(&c)
}

/// The longest record accepted: a Paheko row is a few hundred bytes; a record of megabytes
/// is a broken or hostile file, refused before it fills the memory.
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// A reader that notes where lines end in the bytes it passes on, so that the line of a
/// record can be told from the byte offset csv reports, without keeping the text (files
/// are streamed). It also refuses a record longer than [`MAX_RECORD_BYTES`].
///
/// csv's own `Position::line` lags behind CRLF terminators, so we count ourselves: a record
/// starts at the first byte after its offset that is not a line terminator (csv reports the
/// offset just after the previous record, before the terminator's tail), and its line is one
/// plus the line ends before it (LF, CRLF, or a lone CR in old Mac files).
#[derive(Debug)]
pub struct LineTracker<R> {
    inner: R,
    /// Bytes passed on so far.
    offset: u64,
    /// Terminator bytes passed on but not yet behind a queried record: offset, and whether
    /// it ends a line (the LF of a CRLF does not).
    ends: VecDeque<(u64, bool)>,
    after_cr: bool,
    /// Line ends before the last queried record.
    lines: u64,
    /// Where the record being read starts.
    record_start: u64,
    max_record: u64,
}

impl<R> LineTracker<R> {
    /// Tracks `inner`, which starts at line 1.
    pub fn new(inner: R) -> LineTracker<R> {
        LineTracker {
            inner,
            offset: 0,
            ends: VecDeque::new(),
            after_cr: false,
            lines: 0,
            record_start: 0,
            max_record: MAX_RECORD_BYTES,
        }
    }

    /// The line where a record reported at `byte_offset` starts. Offsets must come in order
    /// and must have been read already. The next record is taken to start there too, for the
    /// record size limit.
    pub fn line_of(&mut self, byte_offset: u64) -> u64 {
        while let Some(&(offset, counts)) = self.ends.front() {
            if offset >= byte_offset {
                break;
            }
            self.ends.pop_front();
            self.lines += u64::from(counts);
        }
        // The terminators right at the offset belong before the record.
        let mut cursor = byte_offset;
        while let Some(&(offset, counts)) = self.ends.front() {
            if offset != cursor {
                break;
            }
            self.ends.pop_front();
            self.lines += u64::from(counts);
            cursor += 1;
        }
        self.record_start = self.record_start.max(byte_offset);
        self.lines + 1
    }

    #[cfg(test)]
    fn with_limit(inner: R, max_record: u64) -> LineTracker<R> {
        LineTracker {
            max_record,
            ..LineTracker::new(inner)
        }
    }
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.offset.saturating_sub(self.record_start) > self.max_record {
            return Err(std::io::Error::other(format!(
                "ligne de plus de {} Mio sans fin d'enregistrement (fichier endommagé ?)",
                self.max_record / (1024 * 1024)
            )));
        }
        let read = self.inner.read(buf)?;
        let chunk = buf.get(..read).unwrap_or_default();
        let mut expected = 0;
        for idx in memchr::memchr2_iter(b'\r', b'\n', chunk) {
            // A byte between two terminators resets the CR state.
            if idx != expected {
                self.after_cr = false;
            }
            expected = idx + 1;
            let offset = self.offset + idx as u64;
            if chunk.get(idx) == Some(&b'\n') {
                self.ends.push_back((offset, !self.after_cr));
                self.after_cr = false;
            } else {
                self.ends.push_back((offset, true));
                self.after_cr = true;
            }
        }
        if read > 0 && expected != read {
            self.after_cr = false;
        }
        self.offset += read as u64;
        Ok(read)
    }
}

/// Reads a whole small CSV text into a [`Table`] (header = first non-empty record), plus
/// the rows that could not be read as text. Used by the invoice readers; the Paheko
/// reader streams records itself.
pub fn csv_table(bytes: &[u8], delimiter: u8) -> Result<(Table, Vec<(u64, Reason)>), Reason> {
    let mut reader = csv_reader(LineTracker::new(bytes), delimiter, true);
    let mut raw = ByteRecord::new();
    let mut record = StringRecord::new();
    let mut table = Table::default();
    let mut bad = Vec::new();
    let mut have_header = false;
    loop {
        match reader.read_byte_record(&mut raw) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                let line = err.position().map_or(0, csv::Position::line);
                bad.push((line, Reason::Invalid(format!("CSV illisible : {err}"))));
                break;
            }
        }
        let line = reader
            .get_mut()
            .line_of(raw.position().map_or(0, csv::Position::byte));
        if raw.iter().all(<[u8]>::is_empty) {
            continue;
        }
        match record_text(raw.clone(), &mut record) {
            Ok(()) if !have_header => {
                table.header_line = line;
                table.headers = record.clone();
                have_header = true;
            }
            Ok(()) => table.rows.push((line, record.clone())),
            Err(reason) if !have_header => return Err(reason),
            Err(reason) => bad.push((line, reason)),
        }
    }
    if !have_header {
        return Err(Reason::EmptyFile);
    }
    Ok((table, bad))
}

#[cfg(test)]
mod tests {
    use super::{
        Encoding, LineTracker, csv_reader, csv_table, decode, looks_binary, sniff_delimiter,
    };
    use crate::error::Reason;

    /// The starting line of every record, as the tracker tells it, reading through `chunk`
    /// bytes at a time (line ends cut between two reads must count once).
    fn record_lines(text: &[u8], chunk: usize) -> Vec<u64> {
        struct Chunked<'a>(&'a [u8], usize);
        impl std::io::Read for Chunked<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut reader = csv_reader(LineTracker::new(Chunked(text, chunk)), b';', true);
        let mut record = csv::ByteRecord::new();
        let mut lines = Vec::new();
        while reader.read_byte_record(&mut record).expect("record") {
            let offset = record.position().map_or(0, csv::Position::byte);
            lines.push(reader.get_mut().line_of(offset));
        }
        lines
    }

    #[test]
    fn record_lines_count_every_kind_of_line_end() {
        for chunk in [1, 2, 3, 7, 4096] {
            assert_eq!(
                record_lines(b"a;b\nc;d\n\ne;f\n", chunk),
                [1, 2, 4],
                "LF {chunk}"
            );
            assert_eq!(
                record_lines(b"a;b\r\nc;d\r\n\r\ne;f\r\n", chunk),
                [1, 2, 4],
                "CRLF {chunk}"
            );
            assert_eq!(
                record_lines(b"a;b\rc;d\r\re;f", chunk),
                [1, 2, 4],
                "CR {chunk}"
            );
            assert_eq!(
                record_lines(b"a;\"b\r\nb\"\r\nc;d\r\n", chunk),
                [1, 3],
                "quoted line break {chunk}"
            );
        }
    }

    #[test]
    fn a_record_longer_than_the_limit_is_refused_not_buffered() {
        let mut text = b"a;b\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 10_000));
        text.extend_from_slice(b"\nc;d\n");
        let tracker = LineTracker::with_limit(text.as_slice(), 1_000);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .buffer_capacity(100)
            .from_reader(tracker);
        let mut record = csv::ByteRecord::new();
        assert!(reader.read_byte_record(&mut record).expect("first"));
        let offset = record.position().map_or(0, csv::Position::byte);
        assert_eq!(reader.get_mut().line_of(offset), 1);
        let err = reader
            .read_byte_record(&mut record)
            .expect_err("the long record must be refused");
        assert!(
            err.to_string().contains("sans fin d'enregistrement"),
            "{err}"
        );
    }

    #[test]
    fn decodes_every_encoding_a_spreadsheet_writes() {
        let text = "Libellé;Montant\r\nCafé ’test’;12,50 €\r\n";
        let utf8 = decode(text.as_bytes()).expect("utf8");
        assert_eq!(utf8.encoding, Encoding::Utf8);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let decoded = decode(&bom).expect("bom");
        assert_eq!(
            (decoded.encoding, &*decoded.bytes),
            (Encoding::Utf8Bom, text.as_bytes())
        );
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let decoded = decode(&cp1252).expect("1252");
        assert_eq!(
            (decoded.encoding, &*decoded.bytes),
            (Encoding::Windows1252, text.as_bytes())
        );
        let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let decoded = decode(&utf16).expect("utf16");
        assert_eq!(
            (decoded.encoding, &*decoded.bytes),
            (Encoding::Utf16Le, text.as_bytes())
        );
        let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let decoded = decode(&utf16be).expect("utf16be");
        assert_eq!(
            (decoded.encoding, &*decoded.bytes),
            (Encoding::Utf16Be, text.as_bytes())
        );
    }

    #[test]
    fn broken_utf8_lines_are_rejected_one_by_one() {
        let bytes = b"Libell\xC3\xA9;Montant\nok;1\nbad \xFF;2\nok;3\n";
        let decoded = decode(bytes).expect("decodes");
        assert_eq!(decoded.encoding, Encoding::Utf8WithInvalidLines);
        let (table, bad) = csv_table(&decoded.bytes, b';').expect("table");
        assert_eq!(table.rows.len(), 2);
        assert_eq!(bad, vec![(3, Reason::InvalidEncoding)]);
    }

    #[test]
    fn bytes_undefined_in_windows_1252_are_rejected() {
        // 0x81 is not a Windows-1252 character: that row is not text.
        let bytes = b"Libelle;Montant\nok \xE9;1\nbad \x81;2\n";
        let decoded = decode(bytes).expect("decodes");
        assert_eq!(decoded.encoding, Encoding::Windows1252);
        let (table, bad) = csv_table(&decoded.bytes, b';').expect("table");
        assert_eq!(table.rows.len(), 1);
        assert_eq!(bad, vec![(3, Reason::InvalidEncoding)]);
    }

    #[test]
    fn binary_content_is_not_text() {
        assert!(decode(b"PK\x03\x04\x00\x00\xff").is_err());
        assert!(decode(b"\x7fELF\x02\x01\x01\x00\x00\x00").is_err());
        // NUL bytes in the header line, or in more than 4 lines of the head.
        assert!(looks_binary(b"a,b\0\n1,2\n"));
        assert!(looks_binary(b"a,b\n\0\n\0\n\0\n\0\n\0\n"));
        // Fewer, or further than the head: a damaged text, read row by row.
        assert!(!looks_binary(b"a,b\n\0\n\0\n\0\n\0\n"));
        assert!(!looks_binary(b"a,b\n1,\0\0\0\0\0\0\0\0\0\0\0\0\n"));
        let mut late = b"a,b\n".repeat(3000);
        late.extend_from_slice(&b"\0\n".repeat(100));
        assert!(!looks_binary(&late));
        assert!(!looks_binary(b""));
        // UTF-16's NUL bytes are decoded away first.
        let utf16: Vec<u8> = "a,b\r\n1,2\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(decode(&utf16).is_ok());
    }

    #[test]
    fn a_nul_byte_rejects_its_row_only() {
        let bytes = b"Libelle;Montant\nok;1\nbad\0;2\nok;3\n";
        let decoded = decode(bytes).expect("a damaged text is still a text");
        let (table, bad) = csv_table(&decoded.bytes, b';').expect("table");
        assert_eq!(table.rows.len(), 2);
        assert_eq!(bad, vec![(3, Reason::NulByte)]);
    }

    #[test]
    fn sniffs_separators_outside_quotes() {
        assert_eq!(sniff_delimiter(b"\"a;b\",\"c\",\"d\"\r\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"abc"), b',');
    }

    #[test]
    fn line_numbers_follow_every_terminator() {
        let text = b"h1,h2\r\n1,2\r\n\"multi\nline\",3\n\n4,5\r6,7\n";
        let (table, _) = csv_table(text, b',').expect("table");
        let lines: Vec<u64> = table.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(table.header_line, 1);
        assert_eq!(lines, [2, 3, 6, 7]);
    }

    #[test]
    fn old_mac_line_endings_are_noticed() {
        let decoded = decode(b"a;b\r1;2\r").expect("decodes");
        assert!(decoded.mac_line_endings);
        let (table, _) = csv_table(&decoded.bytes, b';').expect("table");
        assert_eq!(table.rows.len(), 1);
    }
}
