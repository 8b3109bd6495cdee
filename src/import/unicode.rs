//! Unicode text from inputs, made comparable: macOS and some spreadsheets write « É » as
//! `E` + U+0301 (NFD), Paheko and most others as one character (NFC). Both print alike, so
//! text cells are brought to NFC when read: one project must not become two tables.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// `text` in Unicode NFC. Borrowed, at the cost of one scan, when it already is (always for
/// ASCII, and for nearly every text Paheko writes).
pub fn nfc(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(text);
    }
    let normal: String = text.nfc().collect();
    if normal == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(normal)
    }
}

/// True when two texts are the same once in NFC.
pub fn same_nfc(a: &str, b: &str) -> bool {
    a == b || (!(a.is_ascii() && b.is_ascii()) && nfc(a) == nfc(b))
}

/// The key under which names that differ only by case or accents meet: decomposed, without
/// its combining marks, in lower case (« BL-Évolution » → « bl-evolution »).
pub fn folded(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::{folded, nfc, same_nfc};

    #[test]
    fn decomposed_text_is_composed() {
        let mac = "E\u{301}te\u{301} Camp";
        assert_eq!(nfc(mac), "Été Camp");
        assert!(matches!(nfc("Été Camp"), Cow::Borrowed(_)));
        assert!(matches!(nfc("BL_EVOLUTION"), Cow::Borrowed(_)));
        assert!(same_nfc(mac, "Été Camp"));
        assert!(!same_nfc("Ete Camp", "Été Camp"));
    }

    #[test]
    fn folding_drops_case_and_accents_only() {
        assert_eq!(folded("BL-Évolution"), "bl-evolution");
        assert_eq!(folded("bl-e\u{301}volution"), "bl-evolution");
        assert_eq!(folded("Camp CHATONS"), "camp chatons");
        assert_ne!(folded("Camp CHATONS"), folded("Camp_CHATONS"));
    }
}
