//! Command line (clap) and terminal output: the only place that prints.
//!
//! Help, messages and errors are French. stdout carries summaries, stderr carries
//! rejections (`fichier:ligne: raison`), warnings, errors and the progress bar (only when
//! stderr is a terminal). This module turns arguments into a [`Job`] and hands it to
//! [`pipeline::run`]; [`print`] turns the [`pipeline::Outcome`] into terminal output. The exit
//! status is the outcome's [`ExitStatus`] (a fatal error is [`ExitStatus::RejectedInput`]).

mod print;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use rappro::book::BookOptions;
use rappro::error::Error;
use rappro::model::{Date, Period};
use rappro::pipeline::{self, ExitStatus, Inputs, Job, Output, Progress};

const TEMPLATE: &str =
    "{before-help}{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

const AFTER_HELP: &str = "Codes de sortie : 0 tout est accepté (et rapproché) ; 1 des écarts restent à examiner ; \
2 des lignes ont été rejetées ou une erreur a empêché le traitement ; 3 un bogue de rappro (à signaler).";

/// rappro : rapprochement des exports comptables Paheko et des factures fournisseurs.
#[derive(Debug, Parser)]
#[command(
    name = "rappro",
    version,
    help_template = TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Commandes",
    subcommand_value_name = "COMMANDE",
    after_help = AFTER_HELP,
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Affiche l'aide.
    #[arg(short = 'h', long = "aide", alias = "help", action = ArgAction::Help, global = true, help_heading = "Options")]
    help: Option<bool>,
    /// Affiche la version.
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "Options")]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Fait tout le travail sur un dossier décrit par son rappro.toml : exports, factures, rapprochement, rapports.
    #[command(help_template = TEMPLATE, after_help = AFTER_HELP)]
    Run(RunArgs),
    /// Écrit un rappro.toml commenté de départ à partir de ce que contient le dossier.
    #[command(help_template = TEMPLATE)]
    Init(InitArgs),
    /// Lit des exports Paheko et dit, fichier par fichier, ce qui a été accepté, reconnu en double ou rejeté.
    #[command(help_template = TEMPLATE, after_help = AFTER_HELP)]
    Import(ImportArgs),
    /// Calcule le compte de résultats (global, par projet, hors projets) et le « Bilan financier ».
    #[command(help_template = TEMPLATE, after_help = AFTER_HELP)]
    Report(ReportArgs),
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Dossier de l'exercice, qui contient rappro.toml (et decisions.toml s'il y en a).
    #[arg(value_name = "DOSSIER", help_heading = "Arguments")]
    folder: PathBuf,
    /// Dossier où écrire les rapports (créé s'il n'existe pas).
    #[arg(long = "out", value_name = "DOSSIER", help_heading = "Options")]
    out: PathBuf,
}

#[derive(Debug, Args)]
struct InitArgs {
    /// Dossier où écrire rappro.toml.
    #[arg(value_name = "DOSSIER", help_heading = "Arguments")]
    folder: PathBuf,
}

#[derive(Debug, Args)]
struct Books_ {
    /// Fichiers ou dossiers d'exports Paheko (Complet, Complet groupé, Simplifié, FEC ; CSV, ODS, XLSX, JSON ; les dossiers sont lus récursivement).
    #[arg(required = true, value_name = "CHEMIN", help_heading = "Arguments")]
    paths: Vec<PathBuf>,
    /// Exercice : une année (2024) ou deux dates (2024-07-01:2025-06-30). Par défaut, celui de la configuration, sinon déduit des dates des écritures.
    #[arg(long, value_name = "EXERCICE", help_heading = "Options")]
    exercice: Option<String>,
    /// Dossier dont le rappro.toml donne l'exercice et les alias des projets analytiques.
    #[arg(long, value_name = "DOSSIER", help_heading = "Options")]
    config: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct ImportArgs {
    #[command(flatten)]
    books: Books_,
    /// Où écrire la liste des rejets.
    #[arg(
        long,
        value_name = "FICHIER",
        default_value = "rejets.csv",
        help_heading = "Options"
    )]
    rejets: PathBuf,
}

#[derive(Debug, Args)]
struct ReportArgs {
    #[command(flatten)]
    books: Books_,
    /// Dossier où écrire les rapports (créé s'il n'existe pas).
    #[arg(long = "out", value_name = "DOSSIER", help_heading = "Options")]
    out: PathBuf,
}

/// Parses the command line and runs the command; never panics on user input.
pub(crate) fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_error(&err),
    };
    let job = match cli.command {
        Command::Init(args) => return init(&args),
        Command::Import(args) => import_job(&args),
        Command::Report(args) => report_job(&args),
        Command::Run(args) => Job::from_folder(&args.folder, &args.out),
    };
    match job.and_then(|job| with_progress(|on_progress| pipeline::run(&job, on_progress))) {
        Ok(outcome) => {
            print::outcome(&outcome);
            let status = outcome.status;
            end_of_process(outcome);
            status.into()
        }
        Err(err) => fatal(&err),
    }
}

fn fatal(err: &Error) -> ExitCode {
    eprintln!("rappro : erreur : {err}");
    ExitStatus::RejectedInput.into()
}

/// The process ends after this: the system takes its memory back at once, whereas freeing
/// a million entries one allocation at a time took an eighth of a large report's time.
fn end_of_process<T>(data: T) {
    std::mem::forget(data);
}

/// `rappro import`: the books, and their rejections written to `--rejets`.
fn import_job(args: &ImportArgs) -> Result<Job, Error> {
    Ok(Job {
        inputs: Inputs::Paths(args.books.paths.clone()),
        output: Output::Rejections(args.rejets.clone()),
        books: book_options(&args.books)?,
        reconcile: None,
    })
}

/// `rappro report`: the books, and the compte de résultats written to `--out`.
fn report_job(args: &ReportArgs) -> Result<Job, Error> {
    Ok(Job {
        inputs: Inputs::Paths(args.books.paths.clone()),
        output: Output::Folder(args.out.clone()),
        books: book_options(&args.books)?,
        reconcile: None,
    })
}

/// clap's own messages are English: say the essential in French.
fn clap_error(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            eprintln!(
                "rappro : précisez une commande (run, init, report, import). Aide : rappro --aide"
            );
        }
        ErrorKind::MissingRequiredArgument => {
            eprintln!("rappro : argument obligatoire manquant. Aide : rappro <commande> --aide");
        }
        ErrorKind::UnknownArgument | ErrorKind::InvalidSubcommand => {
            eprintln!("rappro : argument ou commande inconnus. Aide : rappro --aide");
        }
        _ => eprintln!("rappro : ligne de commande invalide. Aide : rappro --aide"),
    }
    // clap's own wording is English: name only the offending value.
    use clap::error::{ContextKind, ContextValue};
    for kind in [
        ContextKind::InvalidSubcommand,
        ContextKind::InvalidArg,
        ContextKind::InvalidValue,
    ] {
        if let Some(ContextValue::String(value)) = err.get(kind) {
            eprintln!("  (en cause : « {value} »)");
        }
    }
    ExitStatus::RejectedInput.into()
}

fn book_options(args: &Books_) -> Result<BookOptions, Error> {
    let fiscal_year = match &args.exercice {
        None => None,
        Some(text) => Some(parse_year(text).ok_or_else(|| {
            Error::Usage(format!(
                "exercice invalide « {text} » : donnez une année (2024) ou deux dates (2024-07-01:2025-06-30)"
            ))
        })?),
    };
    let mut options = BookOptions {
        fiscal_year,
        project_aliases: Default::default(),
    };
    if let Some(folder) = &args.config {
        let config = rappro::config::load(folder)?;
        options.project_aliases = config.project_aliases();
        options.fiscal_year = options.fiscal_year.or(config.fiscal_year);
    }
    Ok(options)
}

fn parse_year(text: &str) -> Option<Period> {
    if let Ok(year) = text.trim().parse::<u16>() {
        return Period::calendar_year(year);
    }
    let (start, end) = text.split_once(':')?;
    Period::new(Date::parse(start)?, Date::parse(end)?)
}

/// Runs `job` with a progress bar on stderr when it is a terminal, noting each file read
/// for the message of a bug.
fn with_progress<T>(
    job: impl FnOnce(&mut dyn FnMut(Progress)) -> Result<T, Error>,
) -> Result<T, Error> {
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} lecture {msg} [{bar:30}] {bytes}/{total_bytes}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let mut files_done = 0u64;
    let mut files_total = 0u64;
    let mut on_progress = |event: Progress| {
        if let Progress::FileStart { path } = &event {
            crate::crash::reading(path);
        }
        if let Progress::OutputNote(note) = &event {
            match &bar {
                Some(bar) => bar.suspend(|| eprintln!("{note}")),
                None => eprintln!("{note}"),
            }
        }
        let Some(bar) = &bar else { return };
        match event {
            Progress::FileStart { .. } | Progress::OutputNote(_) => {}
            Progress::Start { files, bytes } => {
                files_total = files;
                bar.set_length(bytes);
            }
            Progress::FileRead { bytes } => {
                files_done += 1;
                bar.inc(bytes);
                bar.set_message(format!("{files_done}/{files_total} fichiers"));
            }
        }
    };
    let result = job(&mut on_progress);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    result
}

fn init(args: &InitArgs) -> ExitCode {
    let path = match pipeline::init_folder(&args.folder) {
        Ok(path) => path,
        Err(err) => return fatal(&err),
    };
    println!(
        "Configuration de départ écrite dans {} : relisez-la (les lignes « À VÉRIFIER » surtout), puis lancez « rappro run {} --out rapports ».",
        path.display(),
        args.folder.display()
    );
    ExitStatus::Clean.into()
}
