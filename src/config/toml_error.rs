//! Turns the `toml` crate's English errors into French messages that name the key and the line.
//!
//! The crate reports a byte span and a serde message (`unknown field `x`, expected …`,
//! `missing field `x``, `invalid type: …, expected …`) or a parser description
//! (`unclosed table`, `duplicate key`…). We recognise the common ones and keep the English
//! text, in parentheses, for the rest.

/// The 1-based line of a byte offset in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A French message for a TOML syntax or type error in `text`: « ligne N : … ».
pub(crate) fn translate(err: &toml::de::Error, text: &str) -> String {
    let keys = error_keys(err);
    let message = err.message();
    let span = err.span();
    let line = span.as_ref().map(|s| line_of(text, s.start));
    let (table, key) = match keys.split_last() {
        Some((last, rest)) => (rest.join("."), last.clone()),
        None => (String::new(), String::new()),
    };
    let all_keys = keys.join(".");
    let body = if message.starts_with("unknown field `") {
        let quoted = backquoted(message);
        let field = quoted.first().cloned().unwrap_or_default();
        let possible = if quoted.len() > 1 {
            quoted[1..].join(", ")
        } else {
            "aucune ici".to_owned()
        };
        format!(
            "clé inconnue « {field} »{} (clés possibles : {possible})",
            within(&all_keys)
        )
    } else if message.starts_with("missing field `") {
        let field = backquoted(message).first().cloned().unwrap_or_default();
        if all_keys.is_empty() {
            // A missing top-level table: no line to point at.
            return format!("clé obligatoire « {field} » manquante");
        }
        format!("clé obligatoire « {field} » manquante{}", within(&all_keys))
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!(
            "la clé « {key} »{} doit être {} (trouvé : {})",
            within(&table),
            french_expected(expected),
            french_found(found)
        )
    } else if !key.is_empty() || !all_keys.is_empty() {
        format!(
            "la clé « {key} »{} est invalide ({message})",
            within(&table)
        )
    } else {
        let spanned = span
            .as_ref()
            .and_then(|s| text.get(s.clone()))
            .unwrap_or("")
            .trim();
        format!(
            "erreur de syntaxe TOML : {}",
            french_syntax(message, spanned)
        )
    };
    match line {
        Some(line) => format!("ligne {line} : {body}"),
        None => body,
    }
}

/// « dans [table] », or nothing at the top level.
fn within(table: &str) -> String {
    if table.is_empty() {
        String::new()
    } else {
        format!(" dans [{table}]")
    }
}

/// The texts between backquotes, in order.
fn backquoted(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The dotted key path of an error. `toml` keeps it private but prints it as `in `a.b``
/// when the error has no input attached; we read it back from there.
fn error_keys(err: &toml::de::Error) -> Vec<String> {
    let mut bare = err.clone();
    bare.set_input(None);
    let shown = bare.to_string();
    shown
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("in `"))
        .and_then(|rest| rest.strip_suffix('`'))
        .map(|path| path.split('.').map(str::to_owned).collect())
        .unwrap_or_default()
}

/// What serde expected, in French.
fn french_expected(expected: &str) -> String {
    match expected {
        "a string" => "un texte entre guillemets, par exemple \"…\"".to_owned(),
        "i64" | "u64" | "i32" | "u32" | "an integer" => "un nombre entier".to_owned(),
        "a sequence" => "une liste entre crochets, par exemple [\"…\"]".to_owned(),
        "a boolean" => "true ou false".to_owned(),
        e if e.starts_with("struct ") || e == "a map" => "une table".to_owned(),
        e => format!("du type attendu ({e})"),
    }
}

/// What serde found, in French.
fn french_found(found: &str) -> String {
    if let Some(value) = found.strip_prefix("string ") {
        format!("le texte {value}")
    } else if let Some(value) = found.strip_prefix("integer ") {
        format!("le nombre {}", value.trim_matches('`'))
    } else if let Some(value) = found.strip_prefix("floating point ") {
        format!("le nombre décimal {}", value.trim_matches('`'))
    } else if let Some(value) = found.strip_prefix("boolean ") {
        format!("la valeur {}", value.trim_matches('`'))
    } else if found == "sequence" {
        "une liste".to_owned()
    } else if found == "map" {
        "une table ou une date".to_owned()
    } else {
        found.to_owned()
    }
}

/// A TOML parser description in French; `spanned` is the text the error points at.
fn french_syntax(message: &str, spanned: &str) -> String {
    let description = message.split(", expected").next().unwrap_or(message);
    match description {
        "duplicate key" => format!("clé « {} » en double", spanned.trim_matches(['[', ']'])),
        "string values must be quoted" => {
            "les textes doivent être entre guillemets, par exemple nom = \"OVH\"".to_owned()
        }
        "unclosed table" | "unclosed array table" => {
            "crochet fermant « ] » manquant dans l'en-tête de table".to_owned()
        }
        "unclosed array" => "liste non fermée : crochet « ] » manquant".to_owned(),
        "unclosed inline table" => "accolade fermante « } » manquante".to_owned(),
        "invalid basic string" | "invalid string" | "invalid literal string" => {
            "texte mal formé (guillemet fermant manquant ?)".to_owned()
        }
        "key with no value" | "missing value for key" | "missing value" => {
            "valeur manquante après « = »".to_owned()
        }
        "missing assignment between key-value pairs" | "invalid key-value pair" => {
            "il manque « = » entre la clé et sa valeur".to_owned()
        }
        "missing comma between array elements" => {
            "virgule manquante entre deux éléments de la liste".to_owned()
        }
        "invalid key" | "invalid unquoted key" => {
            "clé invalide (lettres sans accents, chiffres, « _ » et « - »)".to_owned()
        }
        "invalid date-time" => "date mal formée".to_owned(),
        _ if description.contains("recursion") || description.contains("recurse") => {
            "listes ou tables imbriquées trop profondément : ce n'est pas une configuration rappro"
                .to_owned()
        }
        _ => format!("syntaxe incorrecte ({message})"),
    }
}
