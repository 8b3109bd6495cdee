//! Command line (clap) and terminal output: the only place that prints.
//!
//! Help, messages and errors are French. stdout carries summaries, stderr carries
//! rejections (`fichier:ligne: raison`), warnings, errors and the progress bar (only when
//! stderr is a terminal). Exit status: 0 all accepted, 1 open discrepancies, 2 rejected
//! input or fatal error (3 is a bug: see `crash`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use rappro::book::{BookOptions, Books};
use rappro::error::Error;
use rappro::model::Date;
use rappro::{Progress, write_financial_reports};

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
    let result = match cli.command {
        Command::Import(args) => import(&args),
        Command::Report(args) => report(&args),
        Command::Run(args) => run_folder(&args),
        Command::Init(args) => init(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("rappro : erreur : {err}");
            ExitCode::from(2)
        }
    }
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
    ExitCode::from(2)
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

fn parse_year(text: &str) -> Option<(Date, Date)> {
    if let Ok(year) = text.trim().parse::<u16>() {
        return Some((Date::new(year, 1, 1)?, Date::new(year, 12, 31)?));
    }
    let (start, end) = text.split_once(':')?;
    let (start, end) = (Date::parse(start)?, Date::parse(end)?);
    (start <= end).then_some((start, end))
}

/// Reads the books with a progress bar on a terminal.
fn read_books(args: &Books_, exclude: &[PathBuf]) -> Result<Books, Error> {
    let options = book_options(args)?;
    let books = with_progress(|on_progress| {
        Ok(rappro::import_books_under(
            &args.paths,
            None,
            exclude,
            &options,
            on_progress,
        ))
    })?;
    match &books.year_error {
        Some(message) => Err(Error::Years(message.clone())),
        None => Ok(books),
    }
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
        let Some(bar) = &bar else { return };
        match event {
            Progress::FileStart { .. } => {}
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

/// Rejections and warnings on stderr, one line each, deterministic order.
fn print_diagnostics(books: &Books) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for rejection in &books.rejected {
        let _ = writeln!(err, "{rejection}");
    }
    for warning in &books.warnings {
        let _ = writeln!(err, "{warning}");
    }
    drop(err);
    print_year_warnings(books);
}

/// Warnings about a fiscal year's figures (export types that leave things out).
fn print_year_warnings(books: &Books) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for year in &books.years {
        for warning in &year.warnings {
            let _ = writeln!(
                err,
                "exercice du {} au {} : attention : {}",
                year.start.to_french(),
                year.end.to_french(),
                warning.message
            );
        }
    }
}

/// The per-file table and totals on stdout.
fn print_summary(books: &Books) {
    print_lines(summary_lines(books));
}

fn print_lines(lines: Vec<String>) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in lines {
        if writeln!(out, "{line}").is_err() {
            // A closed pipe (`| head`) is not an error.
            return;
        }
    }
}

fn summary_lines(books: &Books) -> Vec<String> {
    let mut lines = Vec::new();
    lines.push(format!(
        "{:<10} {:>9} {:>9} {:>9} {:>9}  {}",
        "", "lues", "acceptées", "doublons", "rejetées", ""
    ));
    for file in &books.files {
        let kind = match (&file.kind, file.failed) {
            (_, true) => "illisible".to_owned(),
            (Some(kind), false) => kind.french(),
            (None, false) => "non reconnu".to_owned(),
        };
        lines.push(rappro::model::one_line(&file.path, usize::MAX).into_owned());
        lines.push(format!(
            "{:<10} {:>9} {:>9} {:>9} {:>9}  {kind}",
            "", file.rows, file.accepted, file.duplicates, file.rejected
        ));
    }
    let total = books.total();
    lines.push(format!(
        "{:<10} {:>9} {:>9} {:>9} {:>9}",
        "Total", total.rows, total.accepted, total.duplicates, total.rejected
    ));
    for year in &books.years {
        let n = year.entries.len();
        lines.push(format!(
            "Exercice du {} au {} : {n} écriture{}",
            year.start.to_french(),
            year.end.to_french(),
            if n > 1 { "s" } else { "" }
        ));
    }
    lines
}

fn exit_for(books: &Books) -> ExitCode {
    if books.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

fn import(args: &ImportArgs) -> Result<ExitCode, Error> {
    // Before any reading: a rejections file that is an input, or that cannot be written,
    // stops the command now.
    rappro::report::guard::check_out_file(&args.rejets, &args.books.paths)?;
    rappro::report::guard::check_rejections_replaceable(&args.rejets)?;
    rappro::report::publish::check_file_writable(&args.rejets)?;
    let books = read_books(&args.books, std::slice::from_ref(&args.rejets))?;
    print_diagnostics(&books);
    print_summary(&books);
    rappro::report::write_file(
        &args.rejets,
        &rappro::report::rejections::render_rejections(&books.rejected),
        true,
    )?;
    let code = exit_for(&books);
    end_of_process(books);
    Ok(code)
}

/// The process ends after this: the system takes its memory back at once, whereas freeing
/// a million entries one allocation at a time took an eighth of a large report's time.
fn end_of_process<T>(data: T) {
    std::mem::forget(data);
}

fn report(args: &ReportArgs) -> Result<ExitCode, Error> {
    // Before any reading: an output folder that holds an input, is locked by another run or
    // cannot be written stops the command now.
    rappro::report::guard::check_out_folder(&args.out, &args.books.paths)?;
    let out = rappro::report::OutputFolder::open(&args.out)?;
    let unread = rappro::report::guard::unread_in_output(&args.out, &args.books.paths);
    for note in out.notes().iter().chain(&unread) {
        eprintln!("{note}");
    }
    let books = read_books(&args.books, std::slice::from_ref(&args.out))?;
    print_diagnostics(&books);
    print_summary(&books);
    let folders = write_financial_reports(&out, &books)?;
    for folder in folders {
        println!("Rapports écrits dans {}", folder.display());
    }
    let code = exit_for(&books);
    end_of_process(books);
    Ok(code)
}

fn run_folder(args: &RunArgs) -> Result<ExitCode, Error> {
    let outcome =
        with_progress(|on_progress| rappro::run::run_folder(&args.folder, &args.out, on_progress))?;
    {
        let stderr = std::io::stderr();
        let mut err = stderr.lock();
        for note in &outcome.output_notes {
            let _ = writeln!(err, "{note}");
        }
        for rejection in &outcome.rejected {
            let _ = writeln!(err, "{rejection}");
        }
    }
    let books = &outcome.books;
    for warning in books.warnings.iter().chain(&outcome.invoice_warnings) {
        eprintln!("{warning}");
    }
    print_year_warnings(books);
    let mut lines = summary_lines(books);
    lines.push("Factures".to_owned());
    for file in &outcome.invoice_files {
        lines.push(rappro::model::one_line(&file.path, usize::MAX).into_owned());
        let state = if file.failed {
            "illisible".to_owned()
        } else {
            format!("fournisseur {}", file.supplier)
        };
        lines.push(format!(
            "{:<10} {:>9} {:>9} {:>9} {:>9}  {state}",
            "", file.rows, file.accepted, file.duplicates, file.rejected
        ));
    }
    for (folder, rec) in &outcome.years {
        lines.push(String::new());
        lines.extend(
            rappro::report::ecarts::summary_text(rec)
                .lines()
                .map(str::to_owned),
        );
        lines.push(format!("Rapports écrits dans {}", folder.display()));
    }
    print_lines(lines);
    let code = ExitCode::from(outcome.exit_code());
    end_of_process(outcome);
    Ok(code)
}

fn init(args: &InitArgs) -> Result<ExitCode, Error> {
    let path = rappro::run::init_folder(&args.folder)?;
    println!(
        "Configuration de départ écrite dans {} : relisez-la (les lignes « À VÉRIFIER » surtout), puis lancez « rappro run {} --out rapports ».",
        path.display(),
        args.folder.display()
    );
    Ok(ExitCode::SUCCESS)
}
