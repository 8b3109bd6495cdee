//! Unit tests of the backup reader's pure parts (the reading itself is tested on the
//! Girofle backups in tests/it/backup.rs).

use super::{BackupYear, choose_year, version_name};
use crate::error::Reason;
use crate::model::Date;

fn date(y: u16, m: u8, d: u8) -> Date {
    Date::new(y, m, d).expect("date")
}

fn year(id: i64, y: u16, status: i64) -> BackupYear {
    BackupYear {
        id,
        label: format!("Exercice {y}"),
        start: date(y, 1, 1),
        end: date(y, 12, 31),
        status,
    }
}

#[test]
fn versions_are_decoded_as_paheko_encodes_them() {
    assert_eq!(version_name(1_032_276), "1.3.22.1");
    assert_eq!(version_name(1_032_200), "1.3.22");
    assert_eq!(version_name(1_040_000), "1.4.0");
    assert_eq!(version_name(1_040_003), "1.4.0-alpha3");
    assert_eq!(version_name(1_040_026), "1.4.0-beta1");
    assert_eq!(version_name(1_040_052), "1.4.0-rc2");
    assert_eq!(version_name(0), "0 (aucune version)");
}

#[test]
fn one_year_is_read_without_asking_several_are_not() {
    let one = [year(1, 2024, 0)];
    assert_eq!(choose_year(&one, None).map(|y| y.id), Ok(1));
    let two = [year(1, 2024, 1), year(2, 2025, 0)];
    let Err(Reason::BackupYear(message)) = choose_year(&two, None) else {
        panic!("several years must be refused");
    };
    assert!(
        message.contains("« Exercice 2024 » du 01/01/2024 au 31/12/2024 (clôturé)"),
        "{message}"
    );
    assert!(
        message.contains("« Exercice 2025 » du 01/01/2025 au 31/12/2025 (en cours)"),
        "{message}"
    );
    let asked = Some((date(2025, 1, 1), date(2025, 12, 31)));
    assert_eq!(choose_year(&two, asked).map(|y| y.id), Ok(2));
    // A year is chosen by its exact dates, never by overlap.
    let other = Some((date(2025, 1, 1), date(2025, 6, 30)));
    assert!(matches!(
        choose_year(&two, other),
        Err(Reason::BackupYear(_))
    ));
    assert!(matches!(choose_year(&[], None), Err(Reason::BackupYear(_))));
}

#[test]
fn the_suggested_option_picks_the_year() {
    assert_eq!(year(1, 2025, 0).option(), "2025");
    let mut school = year(1, 2024, 0);
    school.start = date(2024, 7, 1);
    school.end = date(2025, 6, 30);
    assert_eq!(school.option(), "2024-07-01:2025-06-30");
}
