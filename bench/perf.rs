//! `cargo bench --bench perf [-- OPTIONS]`: the benchmark of issue 4 (see bench/harness.rs).
//! Writes docs/PERFORMANCE.md.

#[path = "harness.rs"]
mod harness;
#[path = "synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "Utilisation : cargo bench --bench perf [-- OPTIONS]

Génère les jeux de données synthétiques (dans target/bench-data/), chronomètre rappro report
et rappro run, le plancher (lire le fichier une fois) et hledger, puis écrit docs/PERFORMANCE.md.
hledger et GNU time sont installés avec apt-get s'ils manquent (sinon « absent »).

Options :
  --tailles N,N,…      tailles en lignes (défaut 10000,100000,1000000)
  --repetitions N      mesures par étape, la médiane est retenue (défaut 3)
  --graine N           graine du générateur (défaut 42)
  --sortie FICHIER     page Markdown à écrire (défaut docs/PERFORMANCE.md)
  --sans-installation  ne lance pas apt-get";

fn number(text: &str) -> Result<u64, String> {
    text.replace(['_', ' '], "")
        .parse()
        .map_err(|_| format!("« {text} » n'est pas un nombre"))
}

fn parse(config: &mut harness::Config, args: &[String]) -> Result<(), String> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = || {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("{arg} attend une valeur"))
        };
        match arg.as_str() {
            // Added by cargo bench.
            "--bench" => {}
            "--tailles" => {
                config.sizes = value()?.split(',').map(number).collect::<Result<_, _>>()?;
            }
            "--repetitions" => config.repetitions = number(&value()?)?.max(1) as usize,
            "--graine" => config.seed = number(&value()?)?,
            "--sortie" => config.markdown = PathBuf::from(value()?),
            "--sans-installation" => config.install = false,
            "-h" | "--aide" | "--help" => return Err(String::new()),
            other => return Err(format!("option inconnue : {other}")),
        }
    }
    if config.sizes.iter().any(|&n| n < 2) {
        return Err("une taille doit valoir au moins 2 lignes".to_owned());
    }
    Ok(())
}

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut config = harness::Config::new(PathBuf::from(env!("CARGO_BIN_EXE_rappro")), root);
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(message) = parse(&mut config, &args) {
        if message.is_empty() {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        eprintln!("perf : {message}\n\n{USAGE}");
        return ExitCode::from(2);
    }
    let mut command = String::from("cargo bench --bench perf");
    if args.iter().any(|a| a != "--bench") {
        command.push_str(" --");
        for arg in args.iter().filter(|a| *a != "--bench") {
            command.push(' ');
            command.push_str(arg);
        }
    }
    config.command = command;
    match harness::run(&config) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("perf : erreur : {error}");
            ExitCode::from(2)
        }
    }
}
