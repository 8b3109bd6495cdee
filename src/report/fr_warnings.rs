//! The French sentence of every warning and of every « incomplete » note: one `Display` over
//! [`WarningKind`] and one over [`Incomplete`]. (To be folded into `report/fr.rs`, the one
//! place of French wording.)

use std::fmt;

use crate::error::{FecExample, NameClue, WarningKind, YearEvidence};
use crate::import::not_exports::NotExport;
use crate::import::unicode::shown;
use crate::model::{Date, one_line};
use crate::report::rejections::REJECTIONS_FILE;
use crate::report::statement::Incomplete;

impl fmt::Display for Incomplete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Incomplete::RejectedRows(rows) => write!(
                f,
                "{rows} ligne(s) des exports ont été rejetées et ne sont pas comptées (voir {REJECTIONS_FILE})."
            ),
            Incomplete::UnreadFiles(files) => write!(
                f,
                "{files} fichier(s) n'ont pas pu être lus (voir {REJECTIONS_FILE})."
            ),
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningKind::NotUtf8 { encoding, invoices } => write!(
                f,
                "fichier lu en {} ({} de l'UTF-8) : vérifiez les accents",
                encoding.french(),
                if *invoices { "les fournisseurs écrivent" } else { "Paheko écrit" }
            ),
            WarningKind::MacLineEndings { invoices: false } => f.write_str(
                "fins de ligne Mac OS 9 (CR seul) : Paheko refuserait ce fichier, rappro l'a lu quand même",
            ),
            WarningKind::MacLineEndings { invoices: true } => {
                f.write_str("fins de ligne Mac OS 9 (CR seul) : rappro l'a lu quand même")
            }
            WarningKind::NotAnExport(what) => not_an_export(f, *what),
            WarningKind::SimpleExportOnly => f.write_str(
                "seul un export « Simplifié » couvre cet exercice : Paheko en exclut les écritures de type « Avancé » \
                 (ventilations, règlements de dettes…), les chiffres peuvent donc être incomplets ; utilisez l'export « Complet »",
            ),
            WarningKind::FecNoProjects => f.write_str(
                "l'export FEC ne contient pas les projets analytiques : aucun compte de résultat par projet n'est possible ; \
                 utilisez l'export « Complet »",
            ),
            WarningKind::YearInferred { evidence, outside } => {
                f.write_str("exercice ")?;
                match evidence {
                    YearEvidence::Name { file, clue } => {
                        write!(f, "déduit du nom du fichier {} (", one_line(file, usize::MAX))?;
                        match clue {
                            NameClue::Year(year) => write!(f, "« Exercice {year} »")?,
                            NameClue::FecClosing(end) => {
                                write!(f, "date de clôture du FEC {}", end.to_french())?;
                            }
                        }
                        f.write_str(")")?;
                    }
                    YearEvidence::Backup { file, label } => write!(
                        f,
                        "donné par la sauvegarde {} (exercice « {label} »)",
                        one_line(file, usize::MAX)
                    )?,
                    YearEvidence::Opening { source, date } => write!(
                        f,
                        "déduit de la balance d'ouverture {source}, datée du {}",
                        date.to_french()
                    )?,
                    YearEvidence::Dates => f.write_str(
                        "déduit de la répartition des dates (ni nom d'export de Paheko ni balance d'ouverture ne le donne)",
                    )?,
                }
                write!(f, " : {outside} écriture(s) hors de cet exercice sont rejetées")
            }
            WarningKind::LongYear { months } => write!(
                f,
                "exercice de {months} mois gardé entier (un premier exercice peut dépasser un an) : rien dans les exports ne le coupe en deux ; si ce sont deux exercices, fixez [exercice] dans rappro.toml ou gardez les noms des exports de Paheko"
            ),
            WarningKind::YearNameIgnored {
                start,
                end,
                outside,
                total,
            } => write!(
                f,
                "le nom du fichier indique l'exercice du {} au {}, mais {outside} écriture(s) sur {total} tombent hors de cette période : nom ignoré, exercice déduit du contenu",
                start.to_french(),
                end.to_french(),
            ),
            WarningKind::FecNumberedPerJournal(example) => {
                fec_evidence(f, example.as_ref())?;
                f.write_str(
                    " : écritures regroupées par journal et numéro (et date s'il le faut), désignées « journal/numéro »",
                )
            }
            WarningKind::FecWithoutNumbers { number } => {
                if number.is_empty() {
                    f.write_str("EcritureNum est vide sur toutes les lignes")?;
                } else {
                    write!(f, "EcritureNum vaut « {} » sur toutes les lignes", short(number))?;
                }
                f.write_str(
                    " : les lignes qui se suivent dans un même journal à une même date forment une écriture, close dès qu'elle s'équilibre ; vérifiez le nombre d'écritures",
                )
            }
            WarningKind::DuplicatesByContent {
                count,
                kept_in,
                more,
            } => {
                let mut names = kept_in.iter().map(|n| &**n).collect::<Vec<_>>().join(", ");
                if *more > 0 {
                    names.push_str(&format!(
                        " et {more} autre{}",
                        if *more > 1 { "s" } else { "" }
                    ));
                }
                if *count == 1 {
                    write!(
                        f,
                        "1 écriture sans numéro Paheko commun retrouvée à l'identique (date, libellé, pièce, comptes, montants) dans {names} : comptée une seule fois"
                    )
                } else {
                    write!(
                        f,
                        "{count} écritures sans numéro Paheko commun retrouvées à l'identique (date, libellé, pièce, comptes, montants) dans {names} : comptées une seule fois"
                    )
                }
            }
            WarningKind::AccountCase { accounts } => write!(
                f,
                "comptes qui ne diffèrent que par la casse : {} ; Paheko les traite comme des comptes distincts, rappro aussi",
                accounts.join(", ")
            ),
            WarningKind::ProjectLookalike { projects } => {
                let list: Vec<String> = projects
                    .iter()
                    .map(|name| format!("« {} »", shown(name)))
                    .collect();
                write!(
                    f,
                    "projets qui ne diffèrent que par la casse, les accents ou des caractères invisibles : {} ; rappro les traite comme des projets distincts \
                     (un tableau chacun) : renommez-les dans Paheko ou déclarez l'un comme alias de l'autre dans rappro.toml",
                    list.join(", ")
                )
            }
            WarningKind::AlreadyVisited {
                first,
                folder,
                link,
            } => match (link, folder) {
                (true, true) => write!(
                    f,
                    "lien vers un dossier déjà parcouru (« {first} ») : ignoré, pour ne pas lire ses \
                     fichiers deux fois ni tourner en rond"
                ),
                (true, false) => write!(
                    f,
                    "lien vers un fichier déjà lu (« {first} ») : ignoré, pour ne pas le compter deux fois"
                ),
                (false, true) => write!(f, "même dossier que « {first} », déjà parcouru : ignoré"),
                (false, false) => write!(
                    f,
                    "même fichier que « {first} », déjà lu : ignoré, pour ne pas le compter deux fois"
                ),
            },
            WarningKind::OutputNotRead {
                folder,
                count,
                names,
            } => {
                let mut names: Vec<String> = names.iter().map(|n| format!("« {n} »")).collect();
                if *count > names.len() {
                    names.push("…".to_owned());
                }
                write!(
                    f,
                    "le dossier des rapports {} est dans un dossier lu : rappro n'y lit rien, donc pas \
                     ces {count} fichier(s) qu'il n'a pas écrits : {}",
                    folder.display(),
                    names.join(", ")
                )
            }
            WarningKind::InterruptedRun { folder, removed } => write!(
                f,
                "la précédente exécution a été interrompue avant d'avoir écrit tous ses rapports \
                 dans {} : {removed} fichier(s) temporaire(s) supprimé(s) ; les rapports d'avant \
                 étaient restés intacts",
                folder.display()
            ),
            WarningKind::InterruptedPublication { folder, placed } => write!(
                f,
                "la précédente exécution a été interrompue pendant qu'elle remplaçait ses \
                 rapports dans {} : ses {placed} dernier(s) rapport(s), complets, ont été mis \
                 en place avant de continuer",
                folder.display()
            ),
            WarningKind::InvoiceLinesMismatch {
                credit_note,
                number,
                sum,
                total_ht,
            } => write!(
                f,
                "{} {number} : la somme des lignes HT ({sum}) diffère du total HT ({total_ht})",
                if *credit_note { "avoir" } else { "facture" }
            ),
            WarningKind::SimpleExportPart { periods, more } => {
                let days: Vec<String> = periods
                    .iter()
                    .map(|(from, to)| {
                        if from == to {
                            format!("le {}", from.to_french())
                        } else {
                            format!("du {} au {}", from.to_french(), to.to_french())
                        }
                    })
                    .collect();
                write!(
                    f,
                    "seul un export « Simplifié » couvre {}{} : Paheko en exclut les écritures de type « Avancé » \
                     (ventilations, règlements de dettes…), les chiffres peuvent donc être incomplets ; \
                     utilisez l'export « Complet » de toute la période",
                    days.join(", "),
                    if *more { ", …" } else { "" }
                )
            }
            WarningKind::IncompleteProjects {
                from_fec,
                from_simple,
            } => {
                let mut causes = Vec::new();
                if *from_fec > 0 {
                    causes.push(format!(
                        "{from_fec} écriture(s) ne viennent que de l'export FEC, qui n'a pas de projets"
                    ));
                }
                if *from_simple > 0 {
                    causes.push(format!(
                        "{from_simple} écriture(s) ne viennent que de l'export « Simplifié », qui ne donne que le projet \
                         de la ligne de débit (celui d'une recette y manque si Paheko n'affecte les projets qu'aux comptes \
                         de charges et de produits)"
                    ));
                }
                write!(
                    f,
                    "les comptes de résultat par projet peuvent être incomplets : {} ; utilisez l'export « Complet »",
                    causes.join(", et ")
                )
            }
            WarningKind::FecShortAccount { renamed } => {
                let pairs: Vec<String> = renamed
                    .iter()
                    .map(|(padded, short)| format!("{padded} lu comme {short}"))
                    .collect();
                write!(
                    f,
                    "comptes du FEC lus sous le numéro des autres exports : {} ; Paheko complète par des 0 \
                     dans le FEC les numéros de compte de moins de 3 caractères",
                    pairs.join(", ")
                )
            }
            WarningKind::BackupMembersUnread { entries } => write!(
                f,
                "{entries} écriture(s) de la sauvegarde ont des « Membres associés » : rappro ne les lit pas (ils ne changent aucun chiffre)"
            ),
            WarningKind::NoProjectColumn => f.write_str(
                "pas de colonne « Projet analytique » (supprimée dans un tableur ?) : les projets de ce fichier ne sont pas lus, \
                 toutes ses lignes comptent « hors projets » ; exportez à nouveau depuis Paheko pour les comptes de résultat par projet",
            ),
            WarningKind::TotalRow {
                debit,
                credit,
                simple,
            } => {
                let amounts = if *simple {
                    format!("montant {}", debit.to_french())
                } else {
                    format!("débits {}, crédits {}", debit.to_french(), credit.to_french())
                };
                write!(
                    f,
                    "ligne de total ignorée, sans compte et de {amounts} : les sommes exactes des lignes au-dessus, ce n'est pas une écriture"
                )
            }
            WarningKind::MonthFirstDates { line, text } => write!(
                f,
                "dates écrites mois d'abord, à l'américaine (« {text} » ligne {line}, rejetée comme toute date impossible) : les autres dates \
                 de ce fichier sont sans doute lues jour et mois inversés (« 1/5/24 » lu 1er mai au lieu de 5 janvier) ; \
                 enregistrez-le avec un tableur réglé en français (JJ/MM/AAAA) ou utilisez le fichier exporté par Paheko"
            ),
        }
    }
}

/// « ignoré : c'est le compte de résultat exporté par Paheko, pas un export des écritures ».
fn not_an_export(f: &mut fmt::Formatter<'_>, what: NotExport) -> fmt::Result {
    let hint = match what {
        NotExport::Invoices | NotExport::EInvoice => {
            " (les factures se lisent par les [[fournisseurs]] de rappro.toml)"
        }
        _ => "",
    };
    write!(
        f,
        "ignoré : c'est {}, pas un export des écritures{hint}",
        what.french()
    )
}

/// How FEC numbers were seen to restart, with an example when there is one.
fn fec_evidence(f: &mut fmt::Formatter<'_>, example: Option<&FecExample>) -> fmt::Result {
    match example {
        Some(e) if e.journal != e.other_journal => write!(
            f,
            "EcritureNum recommence dans chaque journal (le n° {} sert dans les journaux {} et {})",
            short(&e.number),
            short(&e.journal),
            short(&e.other_journal)
        ),
        Some(e) => write!(
            f,
            "un même EcritureNum sert à plusieurs dates (le n° {} du journal {}, le {} et le {})",
            short(&e.number),
            short(&e.journal),
            french_date(&e.date),
            french_date(&e.other_date)
        ),
        None => f.write_str("EcritureNum est propre à chaque journal"),
    }
}

/// An input value quoted in a warning: one line, at most 30 characters.
fn short(text: &str) -> String {
    one_line(text, 30).into_owned()
}

/// A date as the treasurer writes it, or the text as found when it is not a date.
fn french_date(text: &str) -> String {
    Date::parse(text).map_or_else(|| text.to_owned(), |date| date.to_french())
}
