//! The three kinds of trouble: fatal errors, rejected input, and warnings.
//!
//! A fatal [`Error`] stops a command (no output folder, a broken configuration).
//! A [`Rejection`] is input that could not be used: a row, or a whole file; it is a value,
//! counted and reported with its [`Source`], and never stops the batch.
//! A [`Warning`] is something the treasurer should know that changes no figure by itself
//! (a file that was not UTF-8, an export type that leaves transactions out).
//! Messages are French: they are for the treasurer. Codes are English: they are for machines.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::model::account::MAX_CODE_CHARS;
pub use crate::model::one_line;
use crate::model::text::visible;
use crate::model::{Date, Money, Source};

/// A fatal error: the command cannot go on.
#[derive(Debug)]
pub enum Error {
    /// A file or folder could not be read or written.
    Io {
        /// What we were doing, in French (« lecture », « écriture »).
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The configuration is missing or wrong.
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong, in French, naming the key.
        message: String,
    },
    /// The command line asks for something impossible.
    Usage(String),
    /// The books do not fit the fiscal year (no entry in the configured year, exports whose
    /// names give overlapping years), in French.
    Years(String),
    /// An output cannot be written where it was asked: it is or holds an input, or another
    /// run is writing there. Refused before any work.
    Output {
        /// The output folder or file, as given.
        path: PathBuf,
        /// Why, in French.
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io {
                action,
                path,
                source,
            } => {
                write!(
                    f,
                    "{}: {action} impossible : {}",
                    one_line(&path.display().to_string(), usize::MAX),
                    french_io(source)
                )
            }
            Error::Config { path, message } => write!(
                f,
                "{}: configuration invalide : {}",
                one_line(&path.display().to_string(), usize::MAX),
                one_line(message, usize::MAX)
            ),
            Error::Usage(message) | Error::Years(message) => {
                f.write_str(&one_line(message, usize::MAX))
            }
            Error::Output { path, message } => write!(
                f,
                "{}: {}",
                one_line(&path.display().to_string(), usize::MAX),
                one_line(message, usize::MAX)
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// An IO error in French, for the treasurer.
pub fn french_io(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "fichier ou dossier introuvable".to_owned(),
        io::ErrorKind::PermissionDenied => "permission refusée".to_owned(),
        io::ErrorKind::AlreadyExists => "existe déjà".to_owned(),
        io::ErrorKind::IsADirectory => "c'est un dossier".to_owned(),
        io::ErrorKind::NotADirectory => "ce n'est pas un dossier".to_owned(),
        io::ErrorKind::InvalidData => format!("données invalides ({err})"),
        io::ErrorKind::UnexpectedEof => "fin de fichier inattendue (fichier tronqué ?)".to_owned(),
        io::ErrorKind::StorageFull => "disque plein".to_owned(),
        io::ErrorKind::QuotaExceeded => "quota de disque dépassé".to_owned(),
        io::ErrorKind::ReadOnlyFilesystem => "disque ou dossier en lecture seule".to_owned(),
        io::ErrorKind::FileTooLarge => "fichier trop gros pour ce disque".to_owned(),
        _ => format!("erreur système ({err})"),
    }
}

/// Input that could not be used, with where it was and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rejection {
    /// The row (line ≥ 1) or the whole file (line 0).
    pub source: Source,
    /// Why.
    pub reason: Reason,
}

impl Rejection {
    /// A rejection.
    pub fn new(source: Source, reason: Reason) -> Rejection {
        Rejection { source, reason }
    }
}

impl fmt::Display for Rejection {
    /// `fichier:ligne: raison`, one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.reason)
    }
}

/// Why input was rejected. Each reason has a stable `code()` and a French message;
/// docs/ERRORS.md lists them all with a reproducer under tests/errors/.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    // --- whole files ---
    /// The file has no data at all.
    EmptyFile,
    /// The file could not be read from disk.
    Unreadable(String),
    /// The file is too large to be read safely.
    FileTooLarge {
        /// Size in bytes.
        size: u64,
        /// Limit in bytes.
        limit: u64,
    },
    /// The content is none of the formats we read.
    UnknownFormat(String),
    /// An ODS/XLSX file that is truncated or corrupt.
    CorruptSpreadsheet(String),
    /// An ODS/XLSX workbook with values on more than one sheet: only one sheet is read, so the
    /// others would be left out (a year split over two sheets) or the export missed (a sheet
    /// of notes first).
    SeveralSheets {
        /// The names of the sheets that hold values, in workbook order.
        sheets: Vec<String>,
    },
    /// A JSON file that does not parse.
    BadJson(String),
    /// A mandatory column is missing from the header.
    MissingColumn(String),
    /// The same column appears twice in the header.
    DuplicateColumn(String),
    /// An SQLite file that is not a Paheko database (no Paheko application id, a table or
    /// column of the accounting schema missing), with what is wrong in French.
    NotPahekoDatabase(String),
    /// A Paheko database of a version whose schema rappro does not know.
    UnknownSchemaVersion {
        /// The version found (« 1.4.0 »), with its `user_version`.
        found: String,
        /// The versions rappro reads, in French.
        known: String,
    },
    /// An SQLite file that SQLite cannot read: corrupt, truncated or encrypted.
    CorruptDatabase(String),
    /// A database over one of the reader's limits (rows, text size, work), in French.
    DatabaseLimit(String),
    /// A live Paheko database whose latest changes are in a journal beside it (the journal's path).
    LiveDatabase(String),
    /// A Paheko backup holding several fiscal years and none chosen, or not the chosen one:
    /// the years it holds, in French.
    BackupYear(String),
    // --- rows ---
    /// A row whose bytes are neither UTF-8 nor Windows-1252/Latin-1 text.
    InvalidEncoding,
    /// A row holding a NUL byte, in a text file that is not binary.
    NulByte,
    /// A row with another number of columns than the header.
    ColumnCount {
        /// Columns in the header.
        expected: usize,
        /// Columns in this row.
        found: usize,
    },
    /// A spreadsheet cell that holds no value: a formula saved without its result (or with a
    /// result the workbook asks to recompute), an error (`#REF!`), a formula typed as text.
    NotAValue {
        /// The sheet's name.
        sheet: String,
        /// The cell's reference (`J14`).
        cell: String,
        /// What the cell holds instead of a value, in French.
        problem: String,
    },
    /// An amount that is not a number.
    BadAmount {
        /// Column header.
        column: String,
        /// The cell as read.
        value: String,
    },
    /// An amount with more than two decimals.
    TooManyDecimals {
        /// Column header.
        column: String,
        /// The cell as read.
        value: String,
    },
    /// An amount of one billion or more.
    AmountTooLarge {
        /// Column header.
        column: String,
        /// The cell as read.
        value: String,
    },
    /// A date that is not a date.
    BadDate {
        /// Column header.
        column: String,
        /// The cell as read.
        value: String,
    },
    /// A mandatory cell is empty.
    MissingValue(String),
    /// An account code Paheko would refuse (not letters, digits and `_`, or too long).
    BadAccount {
        /// Column header.
        column: String,
        /// The code as read (ASCII blanks around it dropped).
        value: String,
    },
    /// A « Type » that Paheko does not know.
    UnknownType(String),
    /// A line with both a debit and a credit.
    DebitAndCredit {
        /// Debit.
        debit: Money,
        /// Credit.
        credit: Money,
    },
    /// A « Complet groupé » continuation row with no transaction before it.
    OrphanContinuation,
    /// A transaction whose debits and credits differ.
    Unbalanced {
        /// Numéro d'écriture.
        number: String,
        /// Σ debit.
        debit: Money,
        /// Σ credit.
        credit: Money,
    },
    /// A transaction with fewer than two lines.
    TooFewLines(String),
    /// A row of a transaction that has another rejected row.
    EntryIncomplete {
        /// Numéro d'écriture.
        number: String,
        /// The rejected row that spoils it.
        bad_line: u64,
    },
    /// The same transaction number in two separate places of one file (every row of both
    /// places is rejected).
    SplitEntry {
        /// Numéro d'écriture.
        number: String,
        /// Where the other place starts.
        other_line: u64,
    },
    /// A row of a transaction whose transaction cells (date, type, label…) differ from those
    /// of the transaction's first row.
    InconsistentEntry {
        /// Numéro d'écriture.
        number: String,
        /// Column header.
        column: String,
        /// The cell on the first row.
        first_value: String,
        /// The first row.
        first_line: u64,
        /// The cell on this row.
        value: String,
        /// This row.
        line: u64,
    },
    /// The same transaction number with different content in two places.
    Conflict {
        /// Numéro d'écriture.
        number: String,
        /// The other version.
        other: Source,
        /// What differs, in French.
        difference: String,
    },
    /// A date outside the fiscal year fixed by the configuration.
    DateOutsideYear {
        /// The date.
        date: Date,
        /// Start of the year.
        start: Date,
        /// End of the year.
        end: Date,
    },
    /// An invoice number seen twice for one supplier with different content.
    DuplicateInvoice {
        /// Invoice number.
        number: String,
        /// Where it was seen first.
        first: Source,
    },
    /// An FEC `Sens` that is neither debit nor credit.
    UnknownDirection(String),
    /// A transaction without a Paheko number whose identical copies are not as many in another
    /// file: which copy is a duplicate cannot be told.
    AmbiguousDuplicate {
        /// Identical copies in this file.
        count: usize,
        /// A copy in the other file.
        other: Source,
        /// Identical copies there.
        other_count: usize,
        /// True when the other copies have Paheko numbers (they are kept).
        other_numbered: bool,
        /// Empty when the copies are identical; else what differs between two copies of the
        /// same date and amounts, in French.
        difference: String,
    },
    /// Anything else a reader found wrong with a row, in French.
    Invalid(String),
}

impl Reason {
    /// A stable English identifier, for rejets.csv and tests.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::EmptyFile => "empty_file",
            Reason::Unreadable(_) => "unreadable_file",
            Reason::FileTooLarge { .. } => "file_too_large",
            Reason::UnknownFormat(_) => "unknown_format",
            Reason::CorruptSpreadsheet(_) => "corrupt_spreadsheet",
            Reason::SeveralSheets { .. } => "several_sheets",
            Reason::BadJson(_) => "bad_json",
            Reason::MissingColumn(_) => "missing_column",
            Reason::DuplicateColumn(_) => "duplicate_column",
            Reason::NotPahekoDatabase(_) => "not_paheko_database",
            Reason::UnknownSchemaVersion { .. } => "unknown_schema_version",
            Reason::CorruptDatabase(_) => "corrupt_database",
            Reason::DatabaseLimit(_) => "database_limit",
            Reason::LiveDatabase(_) => "live_database",
            Reason::BackupYear(_) => "backup_year",
            Reason::InvalidEncoding => "invalid_encoding",
            Reason::NulByte => "nul_byte",
            Reason::ColumnCount { .. } => "column_count",
            Reason::NotAValue { .. } => "not_a_value",
            Reason::BadAmount { .. } => "bad_amount",
            Reason::TooManyDecimals { .. } => "too_many_decimals",
            Reason::AmountTooLarge { .. } => "amount_too_large",
            Reason::BadDate { .. } => "bad_date",
            Reason::MissingValue(_) => "missing_value",
            Reason::BadAccount { .. } => "bad_account",
            Reason::UnknownType(_) => "unknown_type",
            Reason::DebitAndCredit { .. } => "debit_and_credit",
            Reason::OrphanContinuation => "orphan_continuation",
            Reason::Unbalanced { .. } => "unbalanced",
            Reason::TooFewLines(_) => "too_few_lines",
            Reason::EntryIncomplete { .. } => "entry_incomplete",
            Reason::SplitEntry { .. } => "split_entry",
            Reason::InconsistentEntry { .. } => "inconsistent_entry",
            Reason::Conflict { .. } => "conflict",
            Reason::DateOutsideYear { .. } => "date_outside_year",
            Reason::DuplicateInvoice { .. } => "duplicate_invoice",
            Reason::UnknownDirection(_) => "unknown_direction",
            Reason::AmbiguousDuplicate { .. } => "ambiguous_duplicate",
            Reason::Invalid(_) => "invalid",
        }
    }

    /// True for reasons about a whole file rather than one row.
    pub fn is_file_level(&self) -> bool {
        matches!(
            self,
            Reason::EmptyFile
                | Reason::Unreadable(_)
                | Reason::FileTooLarge { .. }
                | Reason::UnknownFormat(_)
                | Reason::CorruptSpreadsheet(_)
                | Reason::SeveralSheets { .. }
                | Reason::BadJson(_)
                | Reason::MissingColumn(_)
                | Reason::DuplicateColumn(_)
                | Reason::NotPahekoDatabase(_)
                | Reason::UnknownSchemaVersion { .. }
                | Reason::CorruptDatabase(_)
                | Reason::DatabaseLimit(_)
                | Reason::LiveDatabase(_)
                | Reason::BackupYear(_)
        )
    }
}

/// Longest message of a rejection, in characters: a reader's message that quotes a huge
/// cell is cut there.
const MAX_MESSAGE_CHARS: usize = 400;

/// Longest input value quoted in a message, in characters.
const MAX_QUOTED_CHARS: usize = 80;

impl fmt::Display for Reason {
    /// The French message, on one line (input text in it cannot break it, nor send control
    /// sequences to a terminal) and at most [`MAX_MESSAGE_CHARS`] characters long.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&one_line(&Message(self).to_string(), MAX_MESSAGE_CHARS))
    }
}

/// A reason's message before it is made one line.
struct Message<'a>(&'a Reason);

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Reason::EmptyFile => f.write_str("fichier vide"),
            Reason::Unreadable(why) => write!(f, "fichier illisible : {why}"),
            Reason::FileTooLarge { size, limit } => write!(
                f,
                "fichier trop gros ({} Mio, limite {} Mio) : est-ce bien un export ?",
                size / (1024 * 1024),
                limit / (1024 * 1024)
            ),
            Reason::UnknownFormat(why) => write!(f, "format non reconnu : {why}"),
            Reason::CorruptSpreadsheet(why) => write!(f, "classeur tronqué ou corrompu : {why}"),
            Reason::SeveralSheets { sheets } => {
                let names: Vec<String> =
                    sheets.iter().map(|name| format!("« {} »", Short(name))).collect();
                write!(
                    f,
                    "le classeur a {} feuilles remplies ({}) : rappro ne lit qu'une feuille, comme dans les exports de Paheko, et ne devine pas laquelle ni s'il faut les additionner ; gardez l'export seul dans le classeur (supprimez les autres feuilles), ou exportez chaque feuille en CSV",
                    sheets.len(),
                    names.join(", ")
                )
            }
            Reason::BadJson(why) => write!(f, "JSON invalide : {why}"),
            Reason::MissingColumn(column) => write!(f, "colonne obligatoire « {} » absente de l'en-tête", Short(column)),
            Reason::DuplicateColumn(column) => write!(f, "colonne « {} » présente deux fois dans l'en-tête", Short(column)),
            Reason::NotPahekoDatabase(why) => write!(f, "base SQLite qui n'est pas une sauvegarde de Paheko : {why}"),
            Reason::UnknownSchemaVersion { found, known } => write!(
                f,
                "sauvegarde de Paheko {found}, version que rappro ne sait pas lire (versions connues : {known}) : faites l'export « Complet » de l'exercice"
            ),
            Reason::CorruptDatabase(why) => write!(f, "base SQLite illisible (abîmée, tronquée ou chiffrée) : {why}"),
            Reason::DatabaseLimit(why) => write!(f, "sauvegarde refusée : {why}"),
            Reason::LiveDatabase(journal) => write!(
                f,
                "base de Paheko en cours d'utilisation : ses dernières modifications sont dans « {} », à côté, que rappro ne lit pas (il ne modifie rien) ; donnez-lui plutôt une sauvegarde (Configuration → Sauvegardes → Télécharger la base de données)",
                one_line(journal, usize::MAX)
            ),
            Reason::BackupYear(why) => f.write_str(why),
            Reason::InvalidEncoding => {
                f.write_str("octets invalides : ce n'est ni de l'UTF-8 ni du Windows-1252/Latin-1")
            }
            Reason::NulByte => f.write_str(
                "octet nul dans la ligne : ce n'est pas du texte, le fichier a sans doute été abîmé (copie interrompue, disque plein ?)",
            ),
            Reason::ColumnCount { expected, found } => {
                write!(f, "{found} colonnes au lieu de {expected} (celles de l'en-tête)")
            }
            Reason::NotAValue { sheet, cell, problem } => {
                write!(f, "feuille « {} », cellule {cell} : {problem}", Short(sheet))
            }
            Reason::BadAmount { column, value } => {
                write!(f, "montant invalide « {} » dans la colonne « {} »", Short(value), Short(column))
            }
            Reason::TooManyDecimals { column, value } => {
                write!(f, "montant « {} » avec plus de deux décimales dans la colonne « {} »", Short(value), Short(column))
            }
            Reason::AmountTooLarge { column, value } => {
                write!(f, "montant « {} » d'un milliard ou plus dans la colonne « {} »", Short(value), Short(column))
            }
            Reason::BadDate { column, value } => write!(
                f,
                "date invalide « {} » dans la colonne « {} » (formats acceptés : AAAA-MM-JJ, JJ/MM/AAAA, AAAAMMJJ)",
                Short(value),
                Short(column)
            ),
            Reason::MissingValue(column) => write!(f, "valeur manquante dans la colonne obligatoire « {} »", Short(column)),
            Reason::BadAccount { column, value } => {
                let reason = if value.chars().count() > MAX_CODE_CHARS {
                    format!("plus de {MAX_CODE_CHARS} caractères")
                } else {
                    "Paheko n'accepte que des chiffres, des lettres sans accent et _ (caractère invisible, espace ou préfixe de tableur ?)".to_owned()
                };
                write!(
                    f,
                    "numéro de compte invalide « {} » dans la colonne « {} » : {reason}",
                    Short(&visible(value)),
                    Short(column)
                )
            }
            Reason::UnknownType(value) => write!(
                f,
                "type d'écriture inconnu « {} » (types reconnus : Avancé, Recette, Dépense, Virement, Dette, Créance)",
                Short(value)
            ),
            Reason::DebitAndCredit { debit, credit } => {
                write!(f, "ligne avec à la fois un débit ({debit}) et un crédit ({credit}) : l'un des deux doit valoir zéro")
            }
            Reason::OrphanContinuation => f.write_str(
                "ligne de suite sans écriture : les colonnes de l'écriture sont vides et aucune écriture ne la précède",
            ),
            Reason::Unbalanced { number, debit, credit } => write!(
                f,
                "{} non équilibrée : débits {debit}, crédits {credit} (écart {})",
                Entry(number),
                *debit - *credit
            ),
            Reason::TooFewLines(number) => write!(f, "{} : moins de deux lignes", Entry(number)),
            Reason::EntryIncomplete { number, bad_line } => {
                write!(f, "{} écartée en entier : sa ligne {bad_line} est rejetée", Entry(number))
            }
            Reason::SplitEntry { number, other_line } => write!(
                f,
                "{} en plusieurs endroits du fichier (voir aussi la ligne {other_line}) : ses lignes doivent se suivre",
                Entry(number)
            ),
            Reason::InconsistentEntry { number, column, first_value, first_line, value, line } => write!(
                f,
                "{} avec deux valeurs différentes dans la colonne « {} » : « {} » (ligne {first_line}) et « {} » (ligne {line}) ; \
                 ces colonnes doivent être les mêmes sur toutes les lignes d'une écriture",
                Entry(number),
                Short(column),
                Short(first_value),
                Short(value)
            ),
            Reason::Conflict { number, other, difference } => write!(
                f,
                "écriture n° {} en conflit avec {other} : même numéro, contenu différent ({difference}) ; retirez le fichier périmé",
                Short(number)
            ),
            Reason::DateOutsideYear { date, start, end } => write!(
                f,
                "date {} hors de l'exercice (du {} au {})",
                date.to_french(),
                start.to_french(),
                end.to_french()
            ),
            Reason::DuplicateInvoice { number, first } => {
                write!(f, "facture {} en double, avec un contenu différent de celle de {first}", Short(number))
            }
            Reason::UnknownDirection(value) => write!(
                f,
                "sens « {} » inconnu dans la colonne « Sens » (valeurs reconnues : D ou C, +1 ou -1)",
                Short(value)
            ),
            Reason::AmbiguousDuplicate { count, other, other_count, other_numbered, difference } => {
                let remedy = if *other_numbered {
                    "retirez du lot ce fichier sans numéros d'écriture"
                } else {
                    "retirez l'un des deux fichiers, ou utilisez l'export « Complet »"
                };
                if difference.is_empty() {
                    write!(
                        f,
                        "écriture sans numéro Paheko présente {count} fois ici et {other_count} fois, identique, dans {} : impossible de savoir lesquelles sont des doubles ; {remedy}",
                        other.file
                    )
                } else {
                    write!(
                        f,
                        "écriture sans numéro Paheko proche de {other} sans lui être identique ({}) : impossible de savoir si c'est la même ; {remedy}",
                        Short(difference)
                    )
                }
            }
            Reason::Invalid(why) => f.write_str(why),
        }
    }
}

/// « écriture n° 12 », or « écriture sans numéro » when the number cell is empty.
struct Entry<'a>(&'a str);

impl fmt::Display for Entry<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("écriture sans numéro")
        } else {
            write!(f, "écriture n° {}", Short(self.0))
        }
    }
}

/// An input value quoted in a message: at most [`MAX_QUOTED_CHARS`] characters.
struct Short<'a>(&'a str);

impl fmt::Display for Short<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&one_line(self.0, MAX_QUOTED_CHARS))
    }
}

mod warning;

pub use warning::{FecExample, NameClue, WarningKind, YearEvidence};

/// Something the treasurer should know, that rejects nothing. What it says is typed data
/// ([`WarningKind`]); its French sentence is written in `report::fr_warnings`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Where, when it concerns one file or row.
    pub source: Option<Source>,
    /// What it is about.
    pub kind: WarningKind,
}

impl Warning {
    /// A warning about one place.
    pub fn at(source: Source, kind: WarningKind) -> Warning {
        Warning {
            source: Some(source),
            kind,
        }
    }

    /// A warning about the whole batch.
    pub fn global(kind: WarningKind) -> Warning {
        Warning { source: None, kind }
    }

    /// A stable English identifier (`not_utf8`, `simple_export_only`…).
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The French message (without the place).
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

/// By place, then code, then message: the order the treasurer reads them in.
impl Ord for Warning {
    fn cmp(&self, other: &Warning) -> std::cmp::Ordering {
        (&self.source, self.code(), self.message()).cmp(&(
            &other.source,
            other.code(),
            other.message(),
        ))
    }
}

impl PartialOrd for Warning {
    fn partial_cmp(&self, other: &Warning) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.message();
        let message = one_line(&message, MAX_MESSAGE_CHARS);
        match &self.source {
            Some(source) => write!(f, "{source}: attention : {message}"),
            None => write!(f, "attention : {message}"),
        }
    }
}
