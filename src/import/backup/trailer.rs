//! The 40 bytes Paheko appends to every downloaded backup: the SHA-1, in lowercase hex, of
//! every byte before them (`Backup::dump`). Paheko refuses to restore a file whose hash does
//! not match (« modifié par un programme externe »); so does rappro, since a backup changed
//! after download (a disk error, a copy cut short and completed, a hand edit) may still be
//! a readable database with other figures. SQLite ignores these bytes: the page count of
//! the header covers the database.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use sha1::{Digest, Sha1};

use crate::error::{Reason, french_io};

/// Length of the trailer: a SHA-1 in hex.
const TRAILER: u64 = 40;

/// Checks the trailer when the file has one: `Ok(true)` when it matches, `Ok(false)` when
/// there is none (a live `association.sqlite`, or a copy made by another tool), and a
/// `corrupt_database` reason when it does not match.
pub(super) fn check(path: &Path) -> Result<bool, Reason> {
    let unreadable = |err: std::io::Error| Reason::Unreadable(french_io(&err));
    let mut file = File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    let mut header = [0u8; 18];
    if size < 100 + TRAILER || file.read_exact(&mut header).is_err() {
        return Ok(false);
    }
    // Page size: bytes 16–17, big-endian, 1 meaning 65 536.
    let page = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let body = size - TRAILER;
    if page < 512 || !body.is_multiple_of(page) {
        return Ok(false);
    }
    let mut trailer = [0u8; TRAILER as usize];
    file.seek(SeekFrom::Start(body)).map_err(unreadable)?;
    file.read_exact(&mut trailer).map_err(unreadable)?;
    if !trailer
        .iter()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
    {
        return Ok(false);
    }
    file.seek(SeekFrom::Start(0)).map_err(unreadable)?;
    let mut hasher = Sha1::new();
    let mut rest = (&mut file).take(body);
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = rest.read(&mut buffer).map_err(unreadable)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    let hash: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if hash.as_bytes() == trailer {
        Ok(true)
    } else {
        Err(Reason::CorruptDatabase(
            "la sauvegarde a changé depuis que Paheko l'a faite : son empreinte SHA-1 (les 40 derniers octets) ne correspond plus, Paheko refuserait de la restaurer"
                .to_owned(),
        ))
    }
}
