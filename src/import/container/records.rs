//! Cutting a CSV text into records on a second thread, while the caller interprets them.
//!
//! The reading thread parses records, numbers their lines and checks their text; the
//! caller's closure sees them one by one, in file order, exactly as a single-threaded loop
//! would. Records travel in batches that come back empty to be refilled, so neither the
//! batches nor the records' buffers are allocated again for each row.

use std::io::Read;
use std::ops::ControlFlow;
use std::sync::mpsc;

use csv::{ByteRecord, StringRecord};

use crate::error::Reason;
use crate::import::container::text::{self, LineTracker};

/// How the text is cut and checked.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Dialect {
    pub(crate) delimiter: u8,
    /// Off for FEC « fichier conforme », where `"` is an ordinary character.
    pub(crate) quoting: bool,
    /// Look for characters no text holds (bytes that were not Windows-1252 text).
    pub(crate) check_controls: bool,
    /// Stop at the first record that is not UTF-8 text.
    pub(crate) strict: bool,
}

/// What the caller's closure sees.
#[derive(Debug)]
pub(crate) enum Row<'a> {
    /// A non-blank record, its line, and whether its text could be read.
    Record(u64, &'a StringRecord, Result<(), Reason>),
    /// The CSV cannot be read from this line on (a broken quote at the end, a record too
    /// long): the last row.
    Unreadable(u64, Reason),
}

/// How the reading ended.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Every record was seen.
    Done,
    /// The closure stopped with this reason.
    Stopped(Reason),
    /// Strict mode met a record that is not text.
    NotText,
}

/// Records a batch holds.
const BATCH: usize = 512;

#[derive(Debug, Default)]
struct Batch {
    rows: Vec<(u64, StringRecord, Result<(), Reason>)>,
    /// Rows filled (the others are spare buffers).
    len: usize,
    end: Option<End>,
}

#[derive(Debug)]
enum End {
    Eof,
    Unreadable(u64, Reason),
    NotText,
}

/// Reads every record of `input` and hands it to `each`, in order.
pub(crate) fn parse<R: Read + Send>(
    input: R,
    dialect: Dialect,
    mut each: impl FnMut(Row<'_>) -> ControlFlow<Reason>,
) -> Outcome {
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(4);
        let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
        scope.spawn(move || cut(input, dialect, &full_tx, &empty_rx));
        for mut batch in &full_rx {
            for (line, record, text) in batch.rows.iter_mut().take(batch.len) {
                let text = std::mem::replace(text, Ok(()));
                if let ControlFlow::Break(reason) = each(Row::Record(*line, record, text)) {
                    // Dropping the receivers stops the reading thread.
                    return Outcome::Stopped(reason);
                }
            }
            match batch.end {
                None => {
                    // The reader may have stopped: a failed send only means that.
                    let _ = empty_tx.send(batch);
                }
                Some(End::Eof) => return Outcome::Done,
                Some(End::NotText) => return Outcome::NotText,
                Some(End::Unreadable(line, reason)) => {
                    return match each(Row::Unreadable(line, reason)) {
                        ControlFlow::Break(reason) => Outcome::Stopped(reason),
                        ControlFlow::Continue(()) => Outcome::Done,
                    };
                }
            }
        }
        // The reading thread ended without saying how: only if it panicked.
        Outcome::Done
    })
}

/// The reading thread: fills batches and sends them, until the end or until nobody listens.
fn cut<R: Read>(
    input: R,
    dialect: Dialect,
    full: &mpsc::SyncSender<Batch>,
    empty: &mpsc::Receiver<Batch>,
) {
    let mut reader =
        text::csv_reader_untrimmed(LineTracker::new(input), dialect.delimiter, dialect.quoting);
    let mut batch = Batch::default();
    loop {
        if batch.len == BATCH {
            let next = empty.try_recv().unwrap_or_default();
            if full.send(std::mem::replace(&mut batch, next)).is_err() {
                return;
            }
            batch.len = 0;
            batch.end = None;
        }
        if batch.rows.len() == batch.len {
            batch.rows.push((0, StringRecord::new(), Ok(())));
        }
        let Some(slot) = batch.rows.get_mut(batch.len) else {
            return;
        };
        let mut raw: ByteRecord = std::mem::take(&mut slot.1).into_byte_record();
        match reader.read_byte_record(&mut raw) {
            Ok(true) => {}
            Ok(false) => {
                batch.end = Some(End::Eof);
                break;
            }
            Err(err) => {
                let offset = err
                    .position()
                    .map_or(reader.position().byte(), csv::Position::byte);
                let line = reader.get_mut().line_of(offset);
                let reason = Reason::Invalid(format!("CSV illisible à partir d'ici : {err}"));
                batch.end = Some(End::Unreadable(line, reason));
                break;
            }
        }
        let line = reader
            .get_mut()
            .line_of(raw.position().map_or(0, csv::Position::byte));
        if raw.iter().all(|cell| cell.trim_ascii().is_empty()) {
            slot.1 = StringRecord::from_byte_record_lossy(raw);
            continue;
        }
        // A NUL byte spoils its record only: a file with NUL bytes near its start is refused
        // as binary before it gets here (`text::looks_binary`).
        let has_nul = memchr::memchr(0, raw.as_slice()).is_some();
        let (record, text_result) = match StringRecord::from_byte_record(raw) {
            Ok(record) if has_nul => (record, Err(Reason::NulByte)),
            Ok(record) if dialect.check_controls && text::has_forbidden_controls(&record) => {
                (record, Err(Reason::InvalidEncoding))
            }
            Ok(record) => (record, Ok(())),
            Err(_) if dialect.strict => {
                batch.end = Some(End::NotText);
                break;
            }
            Err(err) => (
                StringRecord::from_byte_record_lossy(err.into_byte_record()),
                Err(if has_nul {
                    Reason::NulByte
                } else {
                    Reason::InvalidEncoding
                }),
            ),
        };
        *slot = (line, record, text_result);
        batch.len += 1;
    }
    // Nobody listening any more is not an error of the reading.
    let _ = full.send(batch);
}
