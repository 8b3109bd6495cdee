//! Input text shown to people: made one line and safe for a terminal.

use std::borrow::Cow;
use std::fmt::Write;

/// Text from input made fit for a one-line message on a terminal: line breaks and tabs
/// become spaces; other control characters (terminal escape sequences…) and the invisible
/// characters that reorder text on screen (bidirectional controls) become `�`; text longer
/// than `max` characters is cut, with `…`. Borrowed when nothing changes.
pub fn one_line(text: &str, max: usize) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || is_bidi_control(c);
    let too_long = text.char_indices().nth(max).map(|(at, _)| at);
    if too_long.is_none() && !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let kept = too_long.map_or(text, |at| &text[..at]);
    let mut out: String = kept
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if unsafe_char(c) => '\u{fffd}',
            c => c,
        })
        .collect();
    if too_long.is_some() {
        out.push('…');
    }
    Cow::Owned(out)
}

/// A code made legible character by character: every character that is not a visible ASCII
/// one (a BOM, a zero-width or non-breaking space, an accent, even a plain space) is written
/// `<U+FEFF>`, so that a message shows what makes two codes that print alike differ.
pub fn visible(text: &str) -> Cow<'_, str> {
    if text.bytes().all(|b| b.is_ascii_graphic()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_graphic() {
            out.push(c);
        } else {
            // Writing into a String cannot fail.
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        }
    }
    Cow::Owned(out)
}

/// Characters that change the display order of the text around them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::{one_line, visible};

    #[test]
    fn invisible_characters_are_named() {
        assert_eq!(visible("604A"), "604A");
        assert_eq!(visible("\u{feff}604A"), "<U+FEFF>604A");
        assert_eq!(visible("60\u{a0}4 é"), "60<U+00A0>4<U+0020><U+00E9>");
        assert_eq!(visible("\u{1f600}"), "<U+1F600>");
    }

    #[test]
    fn input_text_cannot_break_a_line_or_drive_a_terminal() {
        assert_eq!(one_line("604A", 80), "604A");
        assert!(matches!(
            one_line("Café ’x’", 80),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(one_line("a\r\nb\tc\nd", 80), "a  b c d");
        assert_eq!(one_line("\u{1b}[2J\u{7}x", 80), "\u{fffd}[2J\u{fffd}x");
        assert_eq!(one_line("abc\u{202e}fed", 80), "abc\u{fffd}fed");
        assert_eq!(one_line("\u{85}\u{9b}", 80), "\u{fffd}\u{fffd}");
        assert_eq!(one_line("éèàçù", 3), "éèà…");
        assert_eq!(one_line("abc", 3), "abc");
        let huge = "9".repeat(5_000_000);
        assert_eq!(one_line(&huge, 80).chars().count(), 81);
    }
}
