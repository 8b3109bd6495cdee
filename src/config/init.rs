//! `rappro init`: a commented starting `rappro.toml` guessed from the files of a folder.
//!
//! Pure: it sees each file's relative path and first bytes, never the disk. What each file is
//! comes from `import::detect`, the recogniser `rappro run` uses (Paheko exports, the backup,
//! the chart of accounts, OVH JSON dumps, control-panel CSVs, files that are not exports);
//! where it lies decides the rest: other tables under `factures/` are suppliers' lists.
//! Suppliers are named after their sub-folder, their accounts and display names looked up in
//! the chart of accounts when its text is given. Files that are not exports (Paheko's reports,
//! notes, bank statements…) are named as `rappro run` would name them, in a comment.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use std::path::Path;

use super::glob::glob_match;
use crate::import::detect::{FileKind, detect, workbook_kind};
use crate::import::not_exports::NotExport;
use crate::import::paheko_columns::normalise_header;
use crate::import::text::{csv_reader, decode, sniff_delimiter};

/// Where a file goes in the configuration.
enum Guess {
    Backup,
    Export,
    Chart,
    Invoices(Kind),
    NotExport(NotExport),
    Unknown,
}

/// The format of a supplier's invoice files.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    OvhJson,
    OvhCsv,
    Columns(Vec<String>),
}

/// A supplier found in the folder.
struct Found {
    folder_name: String,
    kind: Kind,
    files: Vec<String>,
}

/// Writes a commented starting configuration from the files of a folder, given as
/// (path relative to the folder with `/` separators, first bytes of the content).
/// The result always parses; the lines that need the treasurer's eye say « À VÉRIFIER ».
pub fn starting_config(files: &[(String, Vec<u8>)]) -> String {
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut exports = Vec::new();
    let mut backups = Vec::new();
    let mut charts = Vec::new();
    let mut chart_accounts: Vec<(String, String)> = Vec::new();
    let mut projects: BTreeSet<String> = BTreeSet::new();
    let mut suppliers: BTreeMap<(String, String), Found> = BTreeMap::new();
    let mut ignored = Vec::new();
    let mut not_exports: Vec<(String, NotExport)> = Vec::new();
    let mut kinds: BTreeMap<&str, (String, String)> = BTreeMap::new();
    for (path, bytes) in sorted {
        if is_skipped(path) {
            continue;
        }
        let text = decode(bytes)
            .map(|d| String::from_utf8_lossy(&d.bytes).into_owned())
            .unwrap_or_default();
        match classify(path, bytes, &text) {
            Guess::Backup => {
                kinds.insert(path.as_str(), (String::new(), "export".to_owned()));
                backups.push(path.clone());
            }
            Guess::Export => {
                kinds.insert(path.as_str(), (String::new(), "export".to_owned()));
                exports.push(path.clone());
                projects.extend(export_projects(&text));
            }
            Guess::Chart => {
                kinds.insert(path.as_str(), (String::new(), "chart".to_owned()));
                charts.push(path.clone());
                chart_accounts.extend(chart_rows(&text));
            }
            Guess::Invoices(kind) => {
                let folder_name = supplier_folder(path);
                let key = (slug(&folder_name), format_name(&kind).to_owned());
                kinds.insert(path.as_str(), key.clone());
                suppliers
                    .entry(key)
                    .or_insert_with(|| Found {
                        folder_name,
                        kind,
                        files: Vec::new(),
                    })
                    .files
                    .push(path.clone());
            }
            Guess::NotExport(what) => {
                kinds.insert(path.as_str(), (String::new(), "ignored".to_owned()));
                not_exports.push((path.clone(), what));
            }
            Guess::Unknown => {
                kinds.insert(path.as_str(), (String::new(), "ignored".to_owned()));
                ignored.push(path.clone());
            }
        }
    }

    let mut out = String::new();
    out.push_str(HEADER);
    write_books(&mut out, &exports, &backups, &charts);
    write_projects(&mut out, &projects);
    write_suppliers(&mut out, &suppliers, &kinds, &chart_accounts);
    out.push_str(FOOTER);
    if !not_exports.is_empty() {
        out.push_str("\n# Fichiers qui ne sont pas des exports (rappro les ignore) :\n");
        for (path, what) in &not_exports {
            let _ = writeln!(out, "#   {path} : c'est {}", what.french());
        }
    }
    if !ignored.is_empty() {
        out.push_str("\n# Fichiers non reconnus (ni export Paheko ni factures) :\n");
        for path in &ignored {
            let _ = writeln!(out, "#   {path}");
        }
    }
    out
}

const HEADER: &str = "\
# rappro.toml — configuration du rapprochement
# Créé par « rappro init » d'après les fichiers du dossier : relisez-le, en particulier
# les lignes marquées « À VÉRIFIER ».
# Les chemins sont relatifs à ce dossier. Motifs : * (des caractères dans un nom),
# ? (un caractère), ** (tous les sous-dossiers).

# [exercice]               # facultatif si les exports le disent
# debut = \"2024-01-01\"     # ou \"01/01/2024\"
# fin = \"2024-12-31\"
";

const FOOTER: &str = "
# Règles : quel service facturé appartient à quel projet (une table par service).
# [[regles]]
# fournisseur = \"ovh\"                     # facultatif : l'identifiant d'un fournisseur
# service = \"ns3111630.ip-51-77-214.eu\"   # nom exact ; ou motif = \"ns3*.eu\"
# projet = \"BL-Évolution\"

# [tolerances]
# jours = 21                # fenêtre de dates pour rapprocher (défaut 21)
# montant = \"0,00\"          # écart de montant toléré (défaut 0,00)
# arrondi_projet = \"0,01\"   # écart toléré par projet (défaut 0,01)
";

/// Hidden files, the configuration itself and documents that are never data.
fn is_skipped(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path.split('/').any(|c| c.starts_with('.'))
        || name.ends_with(".toml")
        || name.ends_with(".md")
        || name.to_lowercase().ends_with(".pdf")
}

fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((_, ext)) => ext.to_lowercase(),
        None => String::new(),
    }
}

/// True if some folder of the path is `factures`.
fn under_invoices(path: &str) -> bool {
    let mut folders: Vec<&str> = path.split('/').collect();
    folders.pop();
    folders.iter().any(|f| f.eq_ignore_ascii_case("factures"))
}

/// What `init` makes of a file: what [`detect`] says it is, and where it lies (invoice files
/// are looked for under a `factures/` folder).
fn classify(path: &str, bytes: &[u8], text: &str) -> Guess {
    let invoices = under_invoices(path);
    let kind = match detect(bytes, Path::new(path)) {
        // A workbook small enough to be whole in the first bytes is read: a report saved as
        // a workbook (« Compte de résultat.ods ») is named, not listed as an export.
        FileKind::Workbook(workbook) => match workbook_kind(bytes, workbook) {
            Some(FileKind::NotExport(what)) => return Guess::NotExport(what),
            _ if invoices => FileKind::Unknown,
            _ => return Guess::Export,
        },
        // A ZIP whose first bytes do not show its directory: its name says it is a workbook.
        FileKind::OtherZip if !invoices && matches!(extension(path).as_str(), "ods" | "xlsx") => {
            return Guess::Export;
        }
        kind => kind,
    };
    match kind {
        FileKind::Backup => Guess::Backup,
        FileKind::PahekoJournal(_) | FileKind::DamagedExport => Guess::Export,
        FileKind::Chart => Guess::Chart,
        FileKind::OvhJson => Guess::Invoices(Kind::OvhJson),
        FileKind::ControlPanelCsv => Guess::Invoices(Kind::OvhCsv),
        // Any other table under `factures/` is a supplier's list, read through its columns.
        _ if invoices
            && matches!(extension(path).as_str(), "csv" | "tsv" | "txt")
            && !header_cells(text).is_empty() =>
        {
            Guess::Invoices(Kind::Columns(header_cells(text)))
        }
        FileKind::NotExport(what) => Guess::NotExport(what),
        _ => Guess::Unknown,
    }
}

/// The cells of the first row of a CSV text.
fn header_cells(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut reader = csv_reader(bytes, sniff_delimiter(bytes), true);
    reader
        .records()
        .next()
        .and_then(Result::ok)
        .map(|record| {
            record
                .iter()
                .map(str::to_owned)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Rows of a CSV text, the header first; a truncated last row is simply dropped.
fn rows(text: &str) -> Vec<Vec<String>> {
    let bytes = text.as_bytes();
    csv_reader(bytes, sniff_delimiter(bytes), true)
        .records()
        .map_while(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect()
}

/// The distinct « Projet analytique » values of a Paheko CSV export.
fn export_projects(text: &str) -> BTreeSet<String> {
    let rows = rows(text);
    let Some((header, body)) = rows.split_first() else {
        return BTreeSet::new();
    };
    let Some(column) = header
        .iter()
        .position(|h| normalise_header(h) == "projet analytique")
    else {
        return BTreeSet::new();
    };
    body.iter()
        .filter_map(|row| row.get(column))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

/// (number, label) of the chart's class 6 accounts.
fn chart_rows(text: &str) -> Vec<(String, String)> {
    rows(text)
        .into_iter()
        .skip(1)
        .filter_map(|row| match row.as_slice() {
            [number, label, ..] if number.starts_with('6') => Some((number.clone(), label.clone())),
            _ => None,
        })
        .collect()
}

/// The folder that names the supplier: the one right under `factures/`, else the parent
/// folder, else the file name without extension.
fn supplier_folder(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    let folders = &parts[..parts.len().saturating_sub(1)];
    if let Some(i) = folders
        .iter()
        .position(|f| f.eq_ignore_ascii_case("factures"))
        && let Some(next) = folders.get(i + 1)
    {
        return (*next).to_owned();
    }
    if let Some(parent) = folders.last()
        && !parent.eq_ignore_ascii_case("factures")
    {
        return (*parent).to_owned();
    }
    let name = parts.last().copied().unwrap_or(path);
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_owned()
}

/// Lower case without accents: how names are compared.
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => "a".to_owned(),
            'é' | 'è' | 'ê' | 'ë' => "e".to_owned(),
            'î' | 'ï' | 'í' => "i".to_owned(),
            'ô' | 'ö' | 'ó' => "o".to_owned(),
            'ù' | 'û' | 'ü' | 'ú' => "u".to_owned(),
            'ç' => "c".to_owned(),
            'œ' => "oe".to_owned(),
            'æ' => "ae".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// A supplier identifier: `[a-z0-9_-]+`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in fold(name).chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() {
        "fournisseur".to_owned()
    } else {
        out
    }
}

fn format_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::OvhJson => "ovh-json",
        Kind::OvhCsv => "ovh-csv",
        _ => "colonnes",
    }
}

/// A TOML string literal.
fn quote(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn write_list(out: &mut String, key: &str, items: &[String]) {
    if items.len() == 1 {
        let _ = writeln!(out, "{key} = [{}]", quote(&items[0]));
    } else {
        let _ = writeln!(out, "{key} = [");
        for item in items {
            let _ = writeln!(out, "    {},", quote(item));
        }
        out.push_str("]\n");
    }
}

fn write_books(out: &mut String, exports: &[String], backups: &[String], charts: &[String]) {
    out.push_str("\n[comptabilite]\n");
    if !backups.is_empty() {
        out.push_str(
            "# Sauvegarde de Paheko (Configuration → Sauvegardes) : elle contient toute la\n\
             # comptabilité, aucun export n'est nécessaire ; rappro la lit sans la modifier.\n\
             # À VÉRIFIER : si elle contient plusieurs exercices, dites lequel lire dans [exercice].\n",
        );
        write_list(out, "exports", backups);
        if !exports.is_empty() {
            out.push_str(
                "# Exports aussi trouvés dans le dossier, inutiles avec la sauvegarde (une même\n\
                 # écriture n'est comptée qu'une fois) :\n",
            );
            for export in exports {
                let _ = writeln!(out, "#   {}", quote(export));
            }
        }
        out.push_str("montants = \"TTC\"   # \"TTC\" (défaut) ou \"HT\"\n");
        return;
    }
    out.push_str(
        "# Exports de Paheko (Complet, Complet groupé, Simplifié, FEC ; CSV, ODS, XLSX).\n",
    );
    out.push_str("# Le même export dans deux formats n'est compté qu'une fois.\n");
    if exports.is_empty() {
        out.push_str("# À VÉRIFIER : aucun export Paheko trouvé dans le dossier.\n");
        write_list(out, "exports", &["paheko/*.csv".to_owned()]);
    } else {
        write_list(out, "exports", exports);
    }
    match charts.first() {
        Some(chart) => {
            let _ = writeln!(out, "plan_comptable = {}   # facultatif", quote(chart));
        }
        None => out.push_str("# plan_comptable = \"paheko/Plan comptable*.csv\"   # facultatif\n"),
    }
    out.push_str("montants = \"TTC\"   # \"TTC\" (défaut) ou \"HT\"\n");
}

fn write_projects(out: &mut String, projects: &BTreeSet<String>) {
    out.push_str("\n# Projets analytiques. alias = les autres noms du même projet (facultatif).\n");
    if projects.is_empty() {
        out.push_str("# [[projets]]\n# nom = \"BL-Évolution\"\n# alias = [\"BL_EVOLUTION\"]\n");
    }
    for (index, project) in projects.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "[[projets]]\nnom = {}\n# alias = []", quote(project));
    }
}

/// The chart account whose label is the supplier's name, if exactly one is.
fn account_for<'a>(name: &str, chart: &'a [(String, String)]) -> Option<&'a (String, String)> {
    let wanted = fold(name);
    let matching: Vec<_> = chart
        .iter()
        .filter(|(_, label)| fold(label.trim()) == wanted)
        .collect();
    match matching.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The header whose folded text satisfies `test`, first one wins.
fn pick(headers: &[String], test: impl Fn(&str) -> bool) -> Option<&String> {
    headers.iter().find(|h| test(&fold(h)))
}

fn write_columns(out: &mut String, headers: &[String]) {
    let _ = writeln!(
        out,
        "[fournisseurs.colonnes]   # en-têtes trouvés : {}",
        headers.join(" ; ")
    );
    let is_ht = |h: &str| h == "ht" || h.ends_with(" ht") || h.contains("hors tax");
    let number = pick(headers, |h| {
        h.contains("numero") || h.contains("n°") || h.starts_with("ref") || h.contains("facture")
    });
    let date = pick(headers, |h| h.contains("date"));
    let total = pick(headers, |h| h.contains("ttc")).or_else(|| {
        pick(headers, |h| {
            (h.contains("montant") || h.contains("total")) && !is_ht(h)
        })
    });
    let total_ht = pick(headers, is_ht);
    let label = pick(headers, |h| {
        h.contains("designation")
            || h.contains("libelle")
            || h.contains("description")
            || h.contains("objet")
    });
    let service = pick(headers, |h| {
        h.contains("service") || h.contains("domaine") || h.contains("serveur")
    });
    for (key, value, mandatory) in [
        ("numero", number, true),
        ("date", date, true),
        ("montant_ttc", total, true),
        ("montant_ht", total_ht, false),
        ("libelle", label, false),
        ("service", service, false),
    ] {
        match (value, mandatory) {
            (Some(header), _) => {
                let _ = writeln!(out, "{key} = {}", quote(header));
            }
            (None, true) => {
                let _ = writeln!(
                    out,
                    "{key} = \"À COMPLÉTER\"   # À VÉRIFIER : l'en-tête de cette colonne"
                );
            }
            (None, false) => {
                let _ = writeln!(out, "# {key} = \"…\"   # facultatif");
            }
        }
    }
}

fn write_suppliers(
    out: &mut String,
    suppliers: &BTreeMap<(String, String), Found>,
    kinds: &BTreeMap<&str, (String, String)>,
    chart: &[(String, String)],
) {
    out.push_str("\n# Fournisseurs : un par dossier de factures.\n");
    out.push_str(
        "# format : \"ovh-json\" (API OVH), \"ovh-csv\" (CSV de l'espace client OVH/Kimsufi)\n",
    );
    out.push_str(
        "# ou \"colonnes\" (tout tableau, avec ses en-têtes dans [fournisseurs.colonnes]).\n",
    );
    if suppliers.is_empty() {
        out.push_str(
            "# [[fournisseurs]]\n# id = \"ovh\"\n# nom = \"OVH\"\n# comptes = [\"604A\"]\n",
        );
        out.push_str("# factures = [\"factures/ovh/*.json\"]\n# format = \"ovh-json\"\n");
    }
    let mut used_ids = BTreeSet::new();
    for ((base_id, format), found) in suppliers {
        let mut id = base_id.clone();
        if !used_ids.insert(id.clone()) {
            id = format!("{base_id}-{format}");
            used_ids.insert(id.clone());
        }
        let account = account_for(&found.folder_name, chart);
        let name = match account {
            Some((_, label)) => label.trim().to_owned(),
            None => {
                let mut chars = found.folder_name.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        };
        let patterns = invoice_patterns(&found.files, &found.folder_name, kinds);
        let _ = writeln!(
            out,
            "\n[[fournisseurs]]\nid = {}   # identifiant court, [a-z0-9_-]",
            quote(&id)
        );
        let _ = writeln!(out, "nom = {}", quote(&name));
        match account {
            Some((number, label)) => {
                let _ = writeln!(
                    out,
                    "comptes = [{}]   # compte « {} » du plan comptable",
                    quote(number),
                    label.trim()
                );
            }
            None => out.push_str(
                "comptes = [\"604\"]   # À VÉRIFIER : le ou les comptes de charge de ce fournisseur\n",
            ),
        }
        write_list(out, "factures", &patterns);
        let explained = match found.kind {
            Kind::OvhJson => "export JSON de l'API OVH",
            Kind::OvhCsv => "CSV de l'espace client OVH/Kimsufi",
            _ => "tableau : ses en-têtes ci-dessous",
        };
        let _ = writeln!(out, "format = {}   # {explained}", quote(format));
        if let Kind::Columns(headers) = &found.kind {
            write_columns(out, headers);
        }
    }
}

/// `dir/*.ext` for each folder of the supplier's files when the folder is named after the
/// supplier and that pattern takes in no file of another kind; the file itself otherwise.
fn invoice_patterns(
    files: &[String],
    folder_name: &str,
    kinds: &BTreeMap<&str, (String, String)>,
) -> Vec<String> {
    let mut patterns: Vec<String> = Vec::new();
    for file in files {
        let own = kinds.get(file.as_str());
        let pattern = match (file.rsplit_once('/'), file.rsplit_once('.')) {
            (Some((dir, _)), Some((_, ext)))
                if !dir.contains(['*', '?']) && dir.rsplit('/').next() == Some(folder_name) =>
            {
                format!("{dir}/*.{ext}")
            }
            _ => file.clone(),
        };
        let clean = kinds
            .iter()
            .filter(|(path, _)| glob_match(&pattern, path))
            .all(|(_, kind)| Some(kind) == own);
        let chosen = if clean { pattern } else { file.clone() };
        if !patterns.contains(&chosen) {
            patterns.push(chosen);
        }
    }
    patterns
}
