//! Paheko's column sets, as one table: header text (French label or API key) → field.
//!
//! Columns are found by header text, never by position (Paheko's own import does the same):
//! case-insensitive, `’` read as `'`, no-break spaces as spaces. From this table we also
//! recognise which export a header belongs to (Complet, Simplifié, FEC, chart of accounts).

use csv::StringRecord;

use crate::error::Reason;
use crate::import::unicode::nfc;

/// A column Paheko exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// « Numéro d'écriture » / `id`.
    Id,
    /// « Type ».
    Type,
    /// « Statut ».
    Status,
    /// « Libellé » (transaction).
    Label,
    /// « Date ».
    Date,
    /// « Remarques ».
    Notes,
    /// « Numéro pièce comptable ».
    Reference,
    /// « Numéro compte ».
    Account,
    /// « Libellé compte ».
    AccountLabel,
    /// « Débit » (also FEC `Debit`).
    Debit,
    /// « Crédit » (also FEC `Credit`).
    Credit,
    /// « Référence ligne ».
    LineReference,
    /// « Libellé ligne ».
    LineLabel,
    /// « Rapprochement ».
    Reconciled,
    /// « Lettrage » (1.3.20+).
    Letter,
    /// « Projet analytique » (« Compte analytique » before 1.2).
    Project,
    /// « Membres associés ».
    Members,
    /// « Référence paiement » (Simplifié).
    PaymentReference,
    /// « Compte de débit » (Simplifié).
    DebitAccount,
    /// « Compte de crédit » (Simplifié).
    CreditAccount,
    /// « Montant » (Simplifié).
    Amount,
    /// FEC JournalCode.
    JournalCode,
    /// FEC JournalLib.
    JournalLib,
    /// FEC EcritureNum.
    EntryNumber,
    /// FEC EcritureDate.
    EntryDate,
    /// FEC CompteNum.
    AccountNumber,
    /// FEC CompteLib.
    AccountName,
    /// FEC PieceRef.
    PieceRef,
    /// FEC EcritureLib.
    EntryLabel,
    /// FEC EcritureLet.
    EntryLetter,
    /// Chart export « Position ».
    Position,
    /// FEC `Sens` (with `Montant`, instead of `Debit` and `Credit`).
    Direction,
}

impl Field {
    /// The last variant: every field's index is at most this one's.
    pub const LAST: Field = Field::Direction;
}

/// Header texts (normalised: lower case, `'` apostrophes) and API keys, per field.
const NAMES: &[(&str, Field)] = &[
    ("numéro d'écriture", Field::Id),
    ("id", Field::Id),
    ("type", Field::Type),
    ("statut", Field::Status),
    ("status", Field::Status),
    ("libellé", Field::Label),
    ("label", Field::Label),
    ("date", Field::Date),
    ("remarques", Field::Notes),
    ("notes", Field::Notes),
    ("numéro pièce comptable", Field::Reference),
    ("reference", Field::Reference),
    ("numéro compte", Field::Account),
    ("account", Field::Account),
    ("libellé compte", Field::AccountLabel),
    ("account_label", Field::AccountLabel),
    ("débit", Field::Debit),
    ("debit", Field::Debit),
    ("crédit", Field::Credit),
    ("credit", Field::Credit),
    ("référence ligne", Field::LineReference),
    ("line_reference", Field::LineReference),
    ("libellé ligne", Field::LineLabel),
    ("line_label", Field::LineLabel),
    ("rapprochement", Field::Reconciled),
    ("reconciled", Field::Reconciled),
    ("lettrage", Field::Letter),
    ("letter", Field::Letter),
    ("projet analytique", Field::Project),
    ("compte analytique", Field::Project),
    ("project", Field::Project),
    ("membres associés", Field::Members),
    ("linked_users", Field::Members),
    ("référence paiement", Field::PaymentReference),
    ("p_reference", Field::PaymentReference),
    ("compte de débit", Field::DebitAccount),
    ("debit_account", Field::DebitAccount),
    ("compte de crédit", Field::CreditAccount),
    ("credit_account", Field::CreditAccount),
    ("montant", Field::Amount),
    ("amount", Field::Amount),
    ("journalcode", Field::JournalCode),
    ("journallib", Field::JournalLib),
    ("ecriturenum", Field::EntryNumber),
    ("ecrituredate", Field::EntryDate),
    ("comptenum", Field::AccountNumber),
    ("comptelib", Field::AccountName),
    ("pieceref", Field::PieceRef),
    ("ecriturelib", Field::EntryLabel),
    ("ecriturelet", Field::EntryLetter),
    ("position", Field::Position),
    ("sens", Field::Direction),
    // The chart export's « Numéro » is the account code.
    ("numéro", Field::Account),
];

/// The French header of a field, for messages.
pub fn french_name(field: Field) -> &'static str {
    match field {
        Field::Id => "Numéro d'écriture",
        Field::Type => "Type",
        Field::Status => "Statut",
        Field::Label => "Libellé",
        Field::Date => "Date",
        Field::Notes => "Remarques",
        Field::Reference => "Numéro pièce comptable",
        Field::Account => "Numéro compte",
        Field::AccountLabel => "Libellé compte",
        Field::Debit => "Débit",
        Field::Credit => "Crédit",
        Field::LineReference => "Référence ligne",
        Field::LineLabel => "Libellé ligne",
        Field::Reconciled => "Rapprochement",
        Field::Letter => "Lettrage",
        Field::Project => "Projet analytique",
        Field::Members => "Membres associés",
        Field::PaymentReference => "Référence paiement",
        Field::DebitAccount => "Compte de débit",
        Field::CreditAccount => "Compte de crédit",
        Field::Amount => "Montant",
        Field::JournalCode => "JournalCode",
        Field::JournalLib => "JournalLib",
        Field::EntryNumber => "EcritureNum",
        Field::EntryDate => "EcritureDate",
        Field::AccountNumber => "CompteNum",
        Field::AccountName => "CompteLib",
        Field::PieceRef => "PieceRef",
        Field::EntryLabel => "EcritureLib",
        Field::EntryLetter => "EcritureLet",
        Field::Position => "Position",
        Field::Direction => "Sens",
    }
}

/// Lower case, `’` → `'`, no-break spaces → spaces, trimmed: how Paheko compares headers;
/// in Unicode NFC too, so that a header a Mac re-saved decomposed (« Débit » as `De` +
/// U+0301 `bit`) is still recognised.
pub fn normalise_header(text: &str) -> String {
    nfc(text.trim())
        .chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            '\u{a0}' | '\u{202f}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which table a header describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// « Complet » or « Complet groupé » (told apart by their rows).
    Full,
    /// « Simplifié ».
    Simple,
    /// FEC.
    Fec,
    /// Chart of accounts export.
    Chart,
}

/// Room for every [`Field`] (a compile-time check below keeps it so).
const FIELD_SLOTS: usize = 32;
const _: () = assert!((Field::LAST as usize) < FIELD_SLOTS);

/// Column positions of the fields a header has, indexed by field (read for every cell of
/// every row: no search).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    positions: [Option<usize>; FIELD_SLOTS],
}

impl Default for Columns {
    fn default() -> Columns {
        Columns {
            positions: [None; FIELD_SLOTS],
        }
    }
}

impl Columns {
    /// The column of a field, if the header has it.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.positions.get(field as usize).copied().flatten()
    }

    /// The trimmed cell of a field in a row; empty when the column or cell is absent.
    pub fn cell<'r>(&self, record: &'r StringRecord, field: Field) -> &'r str {
        self.get(field)
            .and_then(|idx| record.get(idx))
            .map_or("", str::trim)
    }

    /// The cell of a field as read, not trimmed; empty when the column or cell is absent.
    pub fn raw_cell<'r>(&self, record: &'r StringRecord, field: Field) -> &'r str {
        self.get(field)
            .and_then(|idx| record.get(idx))
            .unwrap_or_default()
    }

    /// True if the header has the field.
    pub fn has(&self, field: Field) -> bool {
        self.get(field).is_some()
    }
}

/// Recognises a header: which export and where each column is.
/// Fails with the first missing mandatory column (Paheko's `MANDATORY_COLUMNS`), a column
/// given twice, or `UnknownFormat` when it is no Paheko header at all.
pub fn recognise(headers: &StringRecord) -> Result<(Layout, Columns), Reason> {
    let mut columns = Columns::default();
    for (idx, header) in headers.iter().enumerate() {
        let name = normalise_header(header);
        let Some((_, field)) = NAMES.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        if columns.has(*field) {
            return Err(Reason::DuplicateColumn(header.trim().to_owned()));
        }
        if let Some(slot) = columns.positions.get_mut(*field as usize) {
            *slot = Some(idx);
        }
    }
    let layout = if columns.has(Field::Position) {
        Layout::Chart
    } else if columns.has(Field::AccountNumber)
        || columns.has(Field::EntryNumber)
        || columns.has(Field::JournalCode)
    {
        Layout::Fec
    } else if columns.has(Field::DebitAccount) || columns.has(Field::CreditAccount) {
        Layout::Simple
    } else if columns.has(Field::Account) {
        Layout::Full
    } else {
        // A text file that is no table has its whole first line in one cell: cut it short.
        let first: Vec<String> = headers
            .iter()
            .take(4)
            .map(|h| shorten(h.trim(), 40))
            .collect();
        let more = if headers.len() > 4 { ", …" } else { "" };
        return Err(Reason::UnknownFormat(format!(
            "l'en-tête « {}{more} » n'est ni celui d'un export Paheko (Complet, Complet groupé, Simplifié, FEC) ni celui d'un plan comptable",
            first.join(", ")
        )));
    };
    let mandatory: &[Field] = match layout {
        Layout::Full => &[
            Field::Label,
            Field::Date,
            Field::Account,
            Field::Debit,
            Field::Credit,
        ],
        Layout::Simple => &[
            Field::Label,
            Field::Date,
            Field::CreditAccount,
            Field::DebitAccount,
            Field::Amount,
        ],
        // The FEC rules allow `Montant` + `Sens` instead of `Debit` + `Credit`.
        Layout::Fec if fec_amount_and_direction(&columns) => &[
            Field::EntryNumber,
            Field::EntryLabel,
            Field::EntryDate,
            Field::AccountNumber,
            Field::Amount,
            Field::Direction,
        ],
        Layout::Fec => &[
            Field::EntryNumber,
            Field::EntryLabel,
            Field::EntryDate,
            Field::AccountNumber,
            Field::Debit,
            Field::Credit,
        ],
        Layout::Chart => &[Field::Account, Field::Label],
    };
    if let Some(missing) = mandatory.iter().find(|f| !columns.has(**f)) {
        return Err(Reason::MissingColumn(french_name(*missing).to_owned()));
    }
    if layout == Layout::Full && !columns.has(Field::Id) && !columns.has(Field::Reference) {
        return Err(Reason::MissingColumn(
            "Numéro d'écriture (ou Numéro pièce comptable)".to_owned(),
        ));
    }
    Ok((layout, columns))
}

/// True for an FEC header that gives its amounts as `Montant` + `Sens` (any of the two, and
/// neither `Debit` nor `Credit`: a missing one is then named as such).
pub fn fec_amount_and_direction(columns: &Columns) -> bool {
    !columns.has(Field::Debit)
        && !columns.has(Field::Credit)
        && (columns.has(Field::Amount) || columns.has(Field::Direction))
}

/// At most `max` characters of `text`, with « … » when cut.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use csv::StringRecord;

    use super::{FIELD_SLOTS, Field, Layout, NAMES, recognise};

    #[test]
    fn every_field_has_a_slot() {
        for (name, field) in NAMES {
            assert!((*field as usize) < FIELD_SLOTS, "{name}");
            assert!(
                *field <= Field::LAST,
                "{name}: Field::LAST must be the last variant"
            );
        }
    }
    use crate::error::Reason;

    fn header(names: &[&str]) -> StringRecord {
        StringRecord::from(names.to_vec())
    }

    #[test]
    fn recognises_every_export_type() {
        let full = header(&[
            "Numéro d'écriture",
            "Type",
            "Statut",
            "Libellé",
            "Date",
            "Remarques",
            "Numéro pièce comptable",
            "Numéro compte",
            "Libellé compte",
            "Débit",
            "Crédit",
            "Référence ligne",
            "Libellé ligne",
            "Rapprochement",
            "Lettrage",
            "Projet analytique",
            "Membres associés",
        ]);
        let (layout, columns) = recognise(&full).expect("full");
        assert_eq!(layout, Layout::Full);
        assert_eq!(columns.get(Field::Project), Some(15));
        let simple = header(&[
            "Numéro d'écriture",
            "Libellé",
            "Date",
            "Compte de débit",
            "Compte de crédit",
            "Montant",
        ]);
        assert_eq!(recognise(&simple).map(|r| r.0), Ok(Layout::Simple));
        let fec = header(&[
            "JournalCode",
            "EcritureNum",
            "EcritureDate",
            "CompteNum",
            "EcritureLib",
            "Debit",
            "Credit",
        ]);
        assert_eq!(recognise(&fec).map(|r| r.0), Ok(Layout::Fec));
        let chart = header(&[
            "Numéro",
            "Libellé",
            "Description",
            "Position",
            "Ajouté",
            "Favori",
        ]);
        assert_eq!(recognise(&chart).map(|r| r.0), Ok(Layout::Chart));
        let api = header(&[
            "id", "type", "label", "date", "account", "debit", "credit", "project",
        ]);
        assert_eq!(recognise(&api).map(|r| r.0), Ok(Layout::Full));
    }

    #[test]
    fn fec_may_give_montant_and_sens_instead_of_debit_and_credit() {
        let fec = |amounts: &[&'static str]| {
            let mut names = vec!["EcritureNum", "EcritureDate", "CompteNum", "EcritureLib"];
            names.extend_from_slice(amounts);
            recognise(&header(&names))
        };
        assert_eq!(fec(&["Montant", "Sens"]).map(|r| r.0), Ok(Layout::Fec));
        assert_eq!(
            fec(&["Montant"]),
            Err(Reason::MissingColumn("Sens".to_owned()))
        );
        assert_eq!(
            fec(&["Debit"]),
            Err(Reason::MissingColumn("Crédit".to_owned()))
        );
        assert_eq!(fec(&[]), Err(Reason::MissingColumn("Débit".to_owned())));
    }

    #[test]
    fn headers_are_compared_like_paheko() {
        let garradin = header(&[
            " NUMÉRO D’ÉCRITURE ",
            "Libellé",
            "Date",
            "Numéro\u{a0}compte",
            "Débit",
            "Crédit",
            "Compte analytique",
        ]);
        let (_, columns) = recognise(&garradin).expect("garradin header");
        let decomposed = header(&[
            "Nume\u{301}ro d'e\u{301}criture",
            "Libelle\u{301}",
            "Date",
            "Nume\u{301}ro compte",
            "De\u{301}bit",
            "Cre\u{301}dit",
        ]);
        assert_eq!(
            recognise(&decomposed).map(|(layout, c)| (layout, c.get(Field::Credit))),
            Ok((Layout::Full, Some(5)))
        );
        assert_eq!(columns.get(Field::Id), Some(0));
        assert_eq!(columns.get(Field::Account), Some(3));
        assert_eq!(columns.get(Field::Project), Some(6));
    }

    #[test]
    fn missing_and_duplicate_columns_are_named() {
        let no_credit = header(&[
            "Numéro d'écriture",
            "Libellé",
            "Date",
            "Numéro compte",
            "Débit",
        ]);
        assert_eq!(
            recognise(&no_credit),
            Err(Reason::MissingColumn("Crédit".to_owned()))
        );
        let twice = header(&[
            "Numéro d'écriture",
            "Libellé",
            "Date",
            "Numéro compte",
            "Débit",
            "Crédit",
            "Débit",
        ]);
        assert_eq!(
            recognise(&twice),
            Err(Reason::DuplicateColumn("Débit".to_owned()))
        );
        assert!(matches!(
            recognise(&header(&["a", "b"])),
            Err(Reason::UnknownFormat(_))
        ));
    }
}
