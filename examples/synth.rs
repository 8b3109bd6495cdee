//! Writes a synthetic treasurer's folder: Paheko exports of a year (Complet CSV, Simplifié
//! CSV, optionally Complet ODS), OVH and Kimsufi invoices, `rappro.toml`, and `attendu.json`
//! (expected statements and the planted discrepancies). Seeded and deterministic.
//!
//! `cargo run --release --example synth -- DOSSIER [--lignes N] [--graine G] [--simplifie] [--ods] [--milliers]`

#[path = "../bench/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "Utilisation : cargo run --release --example synth -- DOSSIER [--lignes N] [--graine G] [--simplifie] [--ods] [--milliers]

Écrit dans DOSSIER un jeu de données synthétique, toujours le même pour une même graine :
  paheko/              exports Complet et Simplifié (CSV ; ODS avec --ods)
  factures/ovh/        factures OVH (JSON de l'API), un fichier par mois
  factures/kimsufi/    factures Kimsufi (CSV de l'espace client)
  rappro.toml          la configuration, pour « rappro run DOSSIER »
  hledger/paheko.rules les règles CSV de hledger pour l'export Simplifié
  attendu.json         les totaux attendus et les écarts cachés

Options :
  --lignes N     nombre de lignes de l'export Complet (défaut 10000)
  --simplifie    N compte alors les lignes de l'export Simplifié
  --graine G     graine du générateur (défaut 42)
  --ods          écrit aussi l'export Complet en ODS
  --milliers     montants avec séparateur de milliers (1 234,56), comme un tableur";

struct Args {
    dir: PathBuf,
    lines: u64,
    seed: u64,
    simple: bool,
    ods: bool,
    thousands: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args {
        dir: PathBuf::new(),
        lines: 10_000,
        seed: 42,
        simple: false,
        ods: false,
        thousands: false,
    };
    let mut dir = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            let value = iter
                .next()
                .ok_or_else(|| format!("{name} attend un nombre"))?;
            value
                .replace('_', "")
                .parse()
                .map_err(|_| format!("{name} : « {value} » n'est pas un nombre"))
        };
        match arg.as_str() {
            "--lignes" => parsed.lines = number("--lignes")?,
            "--graine" => parsed.seed = number("--graine")?,
            "--simplifie" => parsed.simple = true,
            "--ods" => parsed.ods = true,
            "--milliers" => parsed.thousands = true,
            "-h" | "--aide" | "--help" => return Err(String::new()),
            other if other.starts_with('-') => return Err(format!("option inconnue : {other}")),
            other if dir.is_none() => dir = Some(PathBuf::from(other)),
            other => return Err(format!("argument en trop : {other}")),
        }
    }
    parsed.dir = dir.ok_or("il manque le DOSSIER où écrire")?;
    Ok(parsed)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse(&args) {
        Ok(args) => args,
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("synth : {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let target = if args.simple {
        synth::Target::SimpleRows(args.lines)
    } else {
        synth::Target::CompletLines(args.lines)
    };
    let books = synth::generate(args.seed, target);
    let outputs = synth::Outputs {
        complet_ods: args.ods,
        style: synth::Style {
            thousands: args.thousands,
        },
        ..synth::Outputs::all()
    };
    if let Err(error) = synth::write_folder(&args.dir, &books, outputs) {
        eprintln!(
            "synth : écriture impossible dans {} : {error}",
            args.dir.display()
        );
        return ExitCode::from(2);
    }
    println!(
        "{} : {} écritures, {} lignes (Complet), {} lignes (Simplifié), {} factures, {} écarts cachés (voir attendu.json)",
        args.dir.display(),
        books.txs.len(),
        books.complet_rows(),
        books.simple_txs().len(),
        books.invoices.len(),
        books.planted.len()
    );
    ExitCode::SUCCESS
}
