//! Paheko's API JSON export → [`Table`]: the header is the union of the objects' keys.
//!
//! What it does not do: recognise the export (the header goes to `paheko_columns` like any
//! other), or read OVH's JSON (`invoices::ovh_json`).

use csv::StringRecord;

use crate::error::Reason;
use crate::import::container::json;
use crate::import::container::table::Table;

/// Paheko's API JSON export (`/api/accounting/years/{id}/export/{type}.json`): an array of
/// flat objects keyed by internal column names. The keys of all objects make the header, in
/// the order they are first met (some Paheko versions leave out a key whose value is null, so
/// the first object may lack a column that later ones have); a key an object lacks is an
/// empty cell. Each object's rank (1-based) is its line. Numbers keep their exact text.
pub(crate) fn table(bytes: &[u8]) -> Result<(Table, Vec<(u64, Reason)>), Reason> {
    json::check_depth(bytes)?;
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|err| {
        Reason::BadJson(format!(
            "ligne {}, colonne {} : {}",
            err.line(),
            err.column(),
            json_error_french(&err)
        ))
    })?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(_) => vec![value],
        _ => {
            return Err(Reason::UnknownFormat(
                "JSON qui n'est ni un tableau ni un objet".to_owned(),
            ));
        }
    };
    match items.first() {
        None => return Err(Reason::EmptyFile),
        Some(serde_json::Value::Object(first)) if !first.is_empty() => {}
        Some(_) => {
            return Err(Reason::UnknownFormat(
                "JSON dont le premier élément n'est pas un objet à clés (une ligne d'écriture)"
                    .to_owned(),
            ));
        }
    };
    let keys = json_keys(&items);
    // Every object becomes a row as wide as the header: objects that each bring new keys
    // would make a table of objects × keys cells.
    if keys.len().saturating_mul(items.len()) > MAX_JSON_CELLS {
        return Err(Reason::UnknownFormat(format!(
            "JSON de {} objets aux {} clés différentes, plus de {MAX_JSON_CELLS} cellules une fois mis en tableau : ce n'est pas un export (un export Paheko a moins de 30 clés)",
            items.len(),
            keys.len()
        )));
    }
    let mut table = Table {
        header_line: 0,
        headers: StringRecord::from(keys.clone()),
        rows: Vec::new(),
        spoiled: Vec::new(),
    };
    let mut bad = Vec::new();
    for (idx, item) in items.iter().enumerate() {
        let line = idx as u64 + 1;
        let serde_json::Value::Object(map) = item else {
            bad.push((
                line,
                Reason::Invalid(
                    "élément JSON qui n'est pas un objet (une ligne d'écriture)".to_owned(),
                ),
            ));
            continue;
        };
        let mut record = StringRecord::new();
        for key in &keys {
            record.push_field(&json_cell(map.get(key)));
        }
        table.rows.push((line, record));
    }
    Ok((table, bad))
}

/// The most cells (objects × keys) the API JSON table may have: a million lines of
/// Paheko's 17 keys is 17 million.
const MAX_JSON_CELLS: usize = 64_000_000;

/// Every key of the objects among `items`, each once, in the order first met.
fn json_keys(items: &[serde_json::Value]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut keys = Vec::new();
    for item in items {
        if let serde_json::Value::Object(map) = item {
            for key in map.keys() {
                if !seen.contains(key.as_str()) {
                    seen.insert(key.as_str());
                    keys.push(key.clone());
                }
            }
        }
    }
    keys
}

fn json_cell(value: Option<&serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(serde_json::Value::Number(number)) => number.to_string(),
        Some(serde_json::Value::Bool(flag)) => if *flag { "1" } else { "0" }.to_owned(),
        Some(other) => other.to_string(),
    }
}

fn json_error_french(err: &serde_json::Error) -> &'static str {
    match err.classify() {
        serde_json::error::Category::Eof => "fin de fichier inattendue (fichier tronqué ?)",
        serde_json::error::Category::Syntax => "erreur de syntaxe",
        serde_json::error::Category::Data => "données inattendues",
        serde_json::error::Category::Io => "erreur de lecture",
    }
}

#[cfg(test)]
mod tests {
    use super::table;

    #[test]
    fn json_keys_are_the_union_of_all_objects_keys() {
        let json = br#"[{"id":"1","debit":"5"},{"id":"1","project":"Camp","credit":"5"},{"notes":"x","id":"2"}]"#;
        let (table, bad) = table(json).expect("table");
        assert!(bad.is_empty());
        // Each object's keys come sorted (serde_json's map); new keys follow, as first met.
        let headers: Vec<&str> = table.headers.iter().collect();
        assert_eq!(headers, ["debit", "id", "credit", "project", "notes"]);
        let rows: Vec<(u64, Vec<&str>)> = table
            .rows
            .iter()
            .map(|(line, record)| (*line, record.iter().collect()))
            .collect();
        assert_eq!(
            rows,
            [
                (1, vec!["5", "1", "", "", ""]),
                (2, vec!["", "1", "5", "Camp", ""]),
                (3, vec!["", "2", "", "", "x"]),
            ]
        );
    }

    #[test]
    fn json_objects_that_each_bring_new_keys_are_refused_not_expanded() {
        // 9 000 objects, each with its own key: 81 million cells once a table.
        let objects: Vec<String> = (0..9_000).map(|n| format!("{{\"k{n}\":1}}")).collect();
        let json = format!("[{}]", objects.join(","));
        let Err(reason) = table(json.as_bytes()) else {
            panic!("a table of 81 million cells");
        };
        assert_eq!(reason.code(), "unknown_format");
        assert!(
            reason
                .to_string()
                .contains("9000 objets aux 9000 clés différentes"),
            "{reason}"
        );
    }
}
