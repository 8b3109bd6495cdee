//! What the two JSON readers (Paheko's API export, OVH's API dump) share: a nesting limit
//! checked before serde_json parses, and serde_json's errors in French.
//!
//! serde_json stops at 128 levels by itself, but says so as a syntax error
//! (« recursion limit exceeded »); a Paheko or OVH export is at most 4 levels deep, so a
//! deeper file is refused here first, with a message that says what is wrong.

use crate::error::Reason;

/// Deepest nesting accepted: an OVH bill is 4 levels deep, a Paheko API export 2.
pub const MAX_DEPTH: usize = 64;

/// Rejects text nested deeper than [`MAX_DEPTH`] (brackets outside strings), naming the
/// line and column where the limit is crossed. Linear, no recursion, no allocation.
pub fn check_depth(text: &[u8]) -> Result<(), Reason> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut line, mut line_start) = (1usize, 0usize);
    for (pos, &byte) in text.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    let column = text
                        .get(line_start..pos)
                        .unwrap_or_default()
                        .iter()
                        .filter(|b| (**b & 0xC0) != 0x80)
                        .count()
                        + 1;
                    return Err(Reason::BadJson(format!(
                        "imbrication trop profonde (plus de {MAX_DEPTH} niveaux), ligne {line}, colonne {column} : ce n'est pas un export"
                    )));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                line += 1;
                line_start = pos + 1;
            }
            _ => {}
        }
    }
    Ok(())
}

/// What kind of serde_json error it is, in French.
pub fn french_category(err: &serde_json::Error) -> &'static str {
    match err.classify() {
        serde_json::error::Category::Eof => "fin de fichier inattendue (fichier tronqué ?)",
        serde_json::error::Category::Syntax => "erreur de syntaxe",
        serde_json::error::Category::Data => "donnée inattendue",
        serde_json::error::Category::Io => "erreur de lecture",
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_DEPTH, check_depth};
    use crate::error::Reason;

    #[test]
    fn nesting_is_limited_outside_strings_only() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(check_depth(nested(MAX_DEPTH).as_bytes()), Ok(()));
        let err = check_depth(nested(MAX_DEPTH + 1).as_bytes()).expect_err("too deep");
        assert_eq!(
            err,
            Reason::BadJson(format!(
                "imbrication trop profonde (plus de {MAX_DEPTH} niveaux), ligne 1, colonne {} : ce n'est pas un export",
                MAX_DEPTH + 1
            ))
        );
        // Brackets inside strings, escaped quotes included, do not count.
        let text = format!("[\"{}\\\"{}\"]", "[".repeat(200), "{".repeat(200));
        assert_eq!(check_depth(text.as_bytes()), Ok(()));
        // The place is given in lines and characters.
        let text = format!("{{\n  \"é\": {}", "[".repeat(100));
        let err = check_depth(text.as_bytes()).expect_err("too deep");
        assert!(err.to_string().contains("ligne 2, colonne 71"), "{err}");
    }

    #[test]
    fn a_hundred_thousand_levels_cost_nothing() {
        let deep = "[".repeat(100_000);
        assert!(check_depth(deep.as_bytes()).is_err());
    }
}
