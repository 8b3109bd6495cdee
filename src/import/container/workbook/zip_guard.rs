//! The archive guard: what a workbook's ZIP container may announce before any of it is
//! decompressed.
//!
//! A workbook is a ZIP archive, and calamine and the zip crate decompress whatever its
//! directory announces. This module refuses, before they do:
//!
//! - **decompression bombs**: an archive announcing more than the limit in all (512 MiB),
//!   or an entry above 1 MiB with a compression ratio above 1000;
//! - **ZIP64 and multi-disk archives**: their directory is not read by our parser, so the
//!   sizes the zip crate found are checked instead (the zip crate stops every entry at its
//!   announced size, so a ZIP64 bomb is bounded too);
//! - **lying or out-of-bounds headers**: every read of the directory is bounds-checked and
//!   saturating, so a truncated or crafted directory gives `None`, never a panic.
//!
//! It also reads, for [`detect`](super::detect), the stored `mimetype` entry and the entry
//! names, which works on a truncated file (the local headers are read when there is no
//! directory).
//!
//! What it does not defend against: a small `content.xml` that calamine expands (repeated
//! cells), see [`ods_xml`](super::ods_xml); shared strings multiplied by XLSX cells, see the
//! text budget in the [module](super).
//!
//! Note: the central-directory parser duplicates part of what the zip crate's
//! `ZipArchive::new` + `by_index_raw` give (names, methods, sizes), which
//! [`check_archive_size`] already falls back to. It is kept because [`detect`](super::detect)
//! must work on truncated files, which the zip crate refuses; replacing it in the size check
//! alone is possible but not done here.

use std::io::Cursor;

use crate::error::Reason;
use crate::model::one_line;

use super::corrupt;

/// Largest compression ratio accepted for an entry bigger than [`RATIO_FLOOR`].
const MAX_RATIO: u64 = 1000;
/// Entries up to this uncompressed size are not checked for their ratio.
const RATIO_FLOOR: u64 = 1024 * 1024;

pub(super) const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_DIRECTORY: u32 = 0x0605_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;
pub(super) const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// One central directory entry, as far as sizes go.
pub(super) struct ZipEntry<'a> {
    pub(super) name: &'a [u8],
    method: u16,
    compressed: u64,
    uncompressed: u64,
    local_offset: u64,
}

/// Refuses an archive whose directory announces more than `limit` bytes in all, or an entry
/// with an abnormal compression ratio.
///
/// The sizes are those of our own bounds-checked directory parser, or, for a directory it
/// does not read (ZIP64, several disks), those the zip crate found: the zip crate stops every
/// entry at the size its directory announces, so checking that size bounds what calamine
/// can decompress (a ZIP64 bomb included). An archive the zip crate cannot open is left to
/// calamine, which cannot open it either.
pub(super) fn check_archive_size(bytes: &[u8], limit: u64) -> Result<(), Reason> {
    let sizes: Vec<(String, u64, u64)> = match central_directory(bytes) {
        Some(entries) => entries
            .iter()
            .map(|e| {
                (
                    String::from_utf8_lossy(e.name).into_owned(),
                    e.compressed,
                    e.uncompressed,
                )
            })
            .collect(),
        None => match zip::ZipArchive::new(Cursor::new(bytes)) {
            Ok(mut archive) => {
                let mut sizes = Vec::with_capacity(archive.len());
                for index in 0..archive.len() {
                    let Ok(entry) = archive.by_index_raw(index) else {
                        continue;
                    };
                    sizes.push((
                        String::from_utf8_lossy(entry.name_raw()).into_owned(),
                        entry.compressed_size(),
                        entry.size(),
                    ));
                }
                sizes
            }
            Err(_) => return Ok(()),
        },
    };
    let mut total: u64 = 0;
    for (name, compressed, uncompressed) in &sizes {
        total = total.saturating_add(*uncompressed);
        if *uncompressed > RATIO_FLOOR && uncompressed / (*compressed).max(1) > MAX_RATIO {
            return Err(corrupt(format!(
                "archive décompressée trop grosse : « {} » passerait de {compressed} octets à {} Mio \
                 (taux de compression anormal, bombe ZIP ?)",
                one_line(name, 80),
                uncompressed / (1024 * 1024)
            )));
        }
    }
    if total > limit {
        return Err(archive_too_large(total, limit));
    }
    Ok(())
}

pub(super) fn archive_too_large(size: u64, limit: u64) -> Reason {
    corrupt(format!(
        "archive décompressée trop grosse ({} Mio, limite {} Mio) : est-ce bien un export ?",
        size / (1024 * 1024),
        limit / (1024 * 1024)
    ))
}

/// The entries of the central directory, or `None` if it is missing, malformed, split over
/// several disks or ZIP64. Every read is bounds-checked.
pub(super) fn central_directory(bytes: &[u8]) -> Option<Vec<ZipEntry<'_>>> {
    let eocd = find_end_of_directory(bytes)?;
    let disk = read_u16(bytes, eocd, 4)?;
    let directory_disk = read_u16(bytes, eocd, 6)?;
    let count = read_u16(bytes, eocd, 10)?;
    let size = read_u32(bytes, eocd, 12)?;
    let offset = read_u32(bytes, eocd, 16)?;
    let zip64_locator = eocd
        .checked_sub(20)
        .and_then(|at| read_u32(bytes, at, 0))
        .is_some_and(|sig| sig == ZIP64_LOCATOR);
    if disk != 0
        || directory_disk != 0
        || count == u16::MAX
        || size == u32::MAX
        || offset == u32::MAX
        || zip64_locator
    {
        return None;
    }
    let mut at = usize::try_from(offset).ok()?;
    let mut entries = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        if read_u32(bytes, at, 0)? != CENTRAL_HEADER {
            return None;
        }
        let method = read_u16(bytes, at, 10)?;
        let compressed = read_u32(bytes, at, 20)?;
        let uncompressed = read_u32(bytes, at, 24)?;
        let name_len = usize::from(read_u16(bytes, at, 28)?);
        let extra_len = usize::from(read_u16(bytes, at, 30)?);
        let comment_len = usize::from(read_u16(bytes, at, 32)?);
        let local_offset = read_u32(bytes, at, 42)?;
        if compressed == u32::MAX || uncompressed == u32::MAX || local_offset == u32::MAX {
            return None;
        }
        let name_start = at.checked_add(46)?;
        let name = bytes.get(name_start..name_start.checked_add(name_len)?)?;
        entries.push(ZipEntry {
            name,
            method,
            compressed: u64::from(compressed),
            uncompressed: u64::from(uncompressed),
            local_offset: u64::from(local_offset),
        });
        at = name_start
            .checked_add(name_len)?
            .checked_add(extra_len)?
            .checked_add(comment_len)?;
    }
    Some(entries)
}

/// Where the End Of Central Directory record starts: the last signature whose comment
/// fits in the file, in the last 64 KiB + 22 bytes.
fn find_end_of_directory(bytes: &[u8]) -> Option<usize> {
    let last = bytes.len().checked_sub(22)?;
    let first = last.saturating_sub(usize::from(u16::MAX));
    (first..=last).rev().find(|&at| {
        read_u32(bytes, at, 0) == Some(END_OF_DIRECTORY)
            && read_u16(bytes, at, 20).is_some_and(|comment| {
                at.checked_add(22 + usize::from(comment))
                    .is_some_and(|end| end <= bytes.len())
            })
    })
}

/// True if the archive starts with a stored `mimetype` entry naming an ODF spreadsheet,
/// as the OpenDocument format requires.
pub(super) fn first_entry_is_ods_mimetype(bytes: &[u8]) -> bool {
    local_stored_data(bytes, 0, b"mimetype").is_some_and(|data| data.starts_with(ODS_MIMETYPE))
}

/// The bytes of a stored (uncompressed) entry listed in the directory.
pub(super) fn stored_data<'a>(bytes: &'a [u8], entry: &ZipEntry<'_>) -> Option<&'a [u8]> {
    if entry.method != 0 {
        return None;
    }
    local_stored_data(bytes, usize::try_from(entry.local_offset).ok()?, entry.name)
}

/// The bytes of the stored entry whose local header is at `at`, if it is named `name`.
/// The size comes from the local header, so this works on a truncated file.
fn local_stored_data<'a>(bytes: &'a [u8], at: usize, name: &[u8]) -> Option<&'a [u8]> {
    if read_u32(bytes, at, 0)? != LOCAL_HEADER || read_u16(bytes, at, 8)? != 0 {
        return None;
    }
    let size = usize::try_from(read_u32(bytes, at, 18)?).ok()?;
    let name_len = usize::from(read_u16(bytes, at, 26)?);
    let extra_len = usize::from(read_u16(bytes, at, 28)?);
    let name_start = at.checked_add(30)?;
    let name_end = name_start.checked_add(name_len)?;
    if bytes.get(name_start..name_end)? != name {
        return None;
    }
    let data_start = name_end.checked_add(extra_len)?;
    bytes.get(data_start..data_start.checked_add(size)?)
}

/// The little-endian `u16` at `at + offset`, if within `bytes`.
fn read_u16(bytes: &[u8], at: usize, offset: usize) -> Option<u16> {
    let start = at.checked_add(offset)?;
    let slice = bytes.get(start..start.checked_add(2)?)?;
    Some(u16::from_le_bytes(slice.try_into().ok()?))
}

/// The little-endian `u32` at `at + offset`, if within `bytes`.
pub(super) fn read_u32(bytes: &[u8], at: usize, offset: usize) -> Option<u32> {
    let start = at.checked_add(offset)?;
    let slice = bytes.get(start..start.checked_add(4)?)?;
    Some(u32::from_le_bytes(slice.try_into().ok()?))
}

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|window| window == needle)
}
