//! Unicode text from inputs, made comparable: macOS and some spreadsheets write « É » as
//! `E` + U+0301 (NFD), Paheko and most others as one character (NFC). Both print alike, so
//! text cells are brought to NFC when read: one project must not become two tables.

use std::borrow::Cow;
use std::fmt::Write;

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

/// The key under which names that print alike meet: decomposed, without its combining marks
/// and invisible characters, every blank a space, in lower case (« BL-Évolution » →
/// « bl-evolution », `Camp\u{a0}CHATONS` → « camp chatons »).
pub fn folded(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c) && !is_invisible(*c))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Characters that print as nothing: controls, and Unicode's usual default-ignorable format
/// characters (zero-width spaces and joiners, BOM, soft hyphen, direction marks).
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{34f}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// A name as a message shows it: invisible characters and blanks other than the space are
/// written `<U+200B>`, so that two names that print alike can be told apart.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible(c) || (c.is_whitespace() && c != ' ') {
            // Writing into a String cannot fail.
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::{folded, nfc, same_nfc, shown};

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
        assert_eq!(folded("Camp\u{a0}CHA\u{200b}TONS\u{feff}"), "camp chatons");
    }

    #[test]
    fn invisible_characters_are_shown() {
        assert_eq!(
            shown("Camp\u{a0}CHA\u{200b}TONS"),
            "Camp<U+00A0>CHA<U+200B>TONS"
        );
        assert_eq!(shown("Fête de l’été"), "Fête de l’été");
    }
}
