//! Account codes and where they go in the compte de résultats.
//!
//! Codes are opaque, case-sensitive strings (`604A`, `5121`), as in Paheko: `604a` is
//! another account. Classification follows Paheko's French positions by prefix
//! (`Account::LOCAL_POSITIONS['FR']`), unless a chart export says otherwise.

/// The longest account code Paheko accepts (`Account::selfCheck`).
pub const MAX_CODE_CHARS: usize = 20;

/// An account code as Paheko accepts it, once the ASCII blanks around it are dropped (as
/// Paheko trims cells): `^[a-z0-9_]+$` in any case, at most [`MAX_CODE_CHARS`] characters
/// (`Account::selfCheck`). `None` for anything else: a BOM, a zero-width or non-breaking
/// space, the `'` or `=` a spreadsheet leaves, punctuation, an accent, a control character.
/// Such a code is no account of any Paheko chart, and classing it by its first character
/// would be a guess (`\u{feff}604` starts with no digit: its charge would leave the result).
/// An empty code gives `Some("")` (mandatory cells are checked apart).
pub fn valid_code(raw: &str) -> Option<&str> {
    let code = raw.trim_ascii();
    let plain = code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    (plain && code.len() <= MAX_CODE_CHARS).then_some(code)
}

/// Where an account's balance goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccountClass {
    /// Charges (class 6): debit − credit.
    Expense,
    /// Produits (class 7): credit − debit.
    Income,
    /// Emplois des contributions volontaires en nature (86x), outside the result.
    VolunteerUse,
    /// Sources des contributions volontaires en nature (87x), outside the result.
    VolunteerSource,
    /// Trésorerie (class 5): banks and cash.
    Cash,
    /// Anything else (balance-sheet accounts).
    Other,
}

/// The class of an account code by its prefix, as Paheko sets positions for French charts.
/// `86`/`87` themselves have no position; only their sub-accounts are contributions.
pub fn classify(code: &str) -> AccountClass {
    let bytes = code.as_bytes();
    match bytes {
        [b'8', b'6', _, ..] => AccountClass::VolunteerUse,
        [b'8', b'7', _, ..] => AccountClass::VolunteerSource,
        [b'6', ..] => AccountClass::Expense,
        [b'7', ..] => AccountClass::Income,
        [b'5', ..] => AccountClass::Cash,
        _ => AccountClass::Other,
    }
}

/// The class named by a chart export's « Position » column, if it decides one.
/// « Charge »/« Produit » keep the prefix rule for 86x/87x (Paheko puts them apart by type).
pub fn class_from_position(code: &str, position: &str) -> Option<AccountClass> {
    let by_prefix = classify(code);
    match position.trim() {
        "Charge" if by_prefix == AccountClass::VolunteerUse => Some(by_prefix),
        "Produit" if by_prefix == AccountClass::VolunteerSource => Some(by_prefix),
        "Charge" => Some(AccountClass::Expense),
        "Produit" => Some(AccountClass::Income),
        "Actif" | "Passif" | "Actif ou passif" | "" => {
            if by_prefix == AccountClass::Cash {
                Some(AccountClass::Cash)
            } else {
                Some(AccountClass::Other)
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{AccountClass, class_from_position, classify, valid_code};

    #[test]
    fn codes_are_checked_like_paheko() {
        assert_eq!(valid_code("604A"), Some("604A"));
        assert_eq!(valid_code(" 604a_X \t"), Some("604a_X"));
        assert_eq!(valid_code(""), Some(""));
        assert_eq!(
            valid_code("12345678901234567890"),
            Some("12345678901234567890")
        );
        for bad in [
            "\u{feff}604A",
            "'604",
            "=604",
            "60\u{200b}4",
            "60\u{a0}4",
            "\u{a0}604",
            "60\u{202f}4",
            "604\u{1}",
            "604.1",
            "604 A",
            "604é",
            "123456789012345678901",
        ] {
            assert_eq!(valid_code(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn classifies_by_prefix_like_paheko() {
        assert_eq!(classify("604A"), AccountClass::Expense);
        assert_eq!(classify("7562"), AccountClass::Income);
        assert_eq!(classify("5121"), AccountClass::Cash);
        assert_eq!(classify("530"), AccountClass::Cash);
        assert_eq!(classify("864"), AccountClass::VolunteerUse);
        assert_eq!(classify("870"), AccountClass::VolunteerSource);
        assert_eq!(classify("86"), AccountClass::Other);
        assert_eq!(classify("401"), AccountClass::Other);
        assert_eq!(classify(""), AccountClass::Other);
    }

    #[test]
    fn chart_positions_override_prefixes() {
        assert_eq!(
            class_from_position("6", "Charge"),
            Some(AccountClass::Expense)
        );
        assert_eq!(
            class_from_position("875", "Produit"),
            Some(AccountClass::VolunteerSource)
        );
        assert_eq!(
            class_from_position("5121", "Actif ou passif"),
            Some(AccountClass::Cash)
        );
        assert_eq!(
            class_from_position("401", "Passif"),
            Some(AccountClass::Other)
        );
        assert_eq!(class_from_position("401", "Bizarre"), None);
    }
}
