//! The benchmark harness: generates the synthetic data sets, times `rappro report` and
//! `rappro run` against the floor (reading the file once) and hledger, and writes
//! docs/PERFORMANCE.md. Run by `cargo bench --bench perf` (bench/perf.rs); the integration
//! tests run it at a tiny size to check it still works (never to judge a time).
//!
//! Times are wall-clock medians of separate processes; peak memory is GNU time's maximum
//! resident set size (`/usr/bin/time -f %M`). Messages for the person running it are French;
//! the generated page is English, like the rest of docs/.

#![allow(dead_code)]

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::synth;

const GNU_TIME: &str = "/usr/bin/time";

/// What to measure and where to write.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    /// The `rappro` binary to time.
    pub(crate) rappro: PathBuf,
    /// Sizes, in rows of the export (Complet lines, Simplifié rows).
    pub(crate) sizes: Vec<u64>,
    /// Runs of every step; the median is reported.
    pub(crate) repetitions: usize,
    pub(crate) seed: u64,
    /// Where the data sets are generated (kept between runs, regenerated when stale).
    pub(crate) data: PathBuf,
    /// The Markdown page to write.
    pub(crate) markdown: PathBuf,
    /// Install hledger and GNU time with apt-get when they are missing.
    pub(crate) install: bool,
    /// hledger runs on the Simplifié exports up to this size.
    pub(crate) hledger_max: u64,
    /// A Complet ODS is generated and read up to this size.
    pub(crate) ods_max: u64,
    /// The command that produced the page, quoted in it.
    pub(crate) command: String,
}

impl Config {
    /// The defaults of `cargo bench --bench perf`.
    pub(crate) fn new(rappro: PathBuf, root: &Path) -> Config {
        Config {
            rappro,
            sizes: vec![10_000, 100_000, 1_000_000],
            repetitions: 3,
            seed: 42,
            data: root.join("target/bench-data"),
            markdown: root.join("docs/PERFORMANCE.md"),
            install: true,
            hledger_max: 100_000,
            ods_max: 100_000,
            command: "cargo bench --bench perf".to_owned(),
        }
    }
}

/// One timed run.
#[derive(Clone, Copy, Debug)]
struct Sample {
    wall: Duration,
    rss_kib: Option<u64>,
}

/// What a step measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tool {
    /// `cat FILE > /dev/null`.
    Cat,
    /// One pass of the csv crate over the file, records not parsed (in-process).
    CsvPass,
    /// `rappro report FILE --out DIR`.
    RapproReport,
    /// `rappro run DIR --out DIR`.
    RapproRun,
    /// `hledger -f FILE.csv --rules-file RULES is`.
    HledgerCsvIs,
    /// `hledger -f FILE.csv --rules-file RULES print > FILE.journal`.
    HledgerPrint,
    /// `hledger -f FILE.journal is`.
    HledgerJournalIs,
}

impl Tool {
    /// How the step is shown in the table.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Tool::Cat => "floor: `cat > /dev/null`",
            Tool::CsvPass => "floor: one csv-crate pass",
            Tool::RapproReport => "`rappro report`",
            Tool::RapproRun => "`rappro run`",
            Tool::HledgerCsvIs => "hledger CSV → `is`",
            Tool::HledgerPrint => "hledger CSV → journal (`print`)",
            Tool::HledgerJournalIs => "hledger journal → `is`",
        }
    }

    fn french(self) -> &'static str {
        match self {
            Tool::Cat => "plancher cat",
            Tool::CsvPass => "plancher csv",
            Tool::RapproReport => "rappro report",
            Tool::RapproRun => "rappro run",
            Tool::HledgerCsvIs => "hledger CSV → is",
            Tool::HledgerPrint => "hledger CSV → journal",
            Tool::HledgerJournalIs => "hledger journal → is",
        }
    }
}

/// Which input a step reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Input {
    CompletCsv,
    CompletOds,
    SimpleCsv,
    /// The whole folder: Complet CSV and the invoices.
    Folder,
}

impl Input {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Input::CompletCsv => "Complet CSV",
            Input::CompletOds => "Complet ODS",
            Input::SimpleCsv => "Simplifié CSV",
            Input::Folder => "Complet CSV + invoices",
        }
    }

    fn french(self) -> &'static str {
        match self {
            Input::CompletCsv => "Complet CSV",
            Input::CompletOds => "Complet ODS",
            Input::SimpleCsv => "Simplifié CSV",
            Input::Folder => "Complet CSV + factures",
        }
    }
}

/// How a step ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Timed, and its output checked against the generator's expectations when there is one.
    Measured {
        wall: Duration,
        min: Duration,
        max: Duration,
        rss_kib: Option<u64>,
        checked: bool,
    },
    /// The tool is not installed.
    Absent,
    /// It failed: the French reason.
    Failed(String),
}

impl Outcome {
    pub(crate) fn wall(&self) -> Option<Duration> {
        match self {
            Outcome::Measured { wall, .. } => Some(*wall),
            _ => None,
        }
    }

    pub(crate) fn rss_kib(&self) -> Option<u64> {
        match self {
            Outcome::Measured { rss_kib, .. } => *rss_kib,
            _ => None,
        }
    }
}

/// One line of the results.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub(crate) tool: Tool,
    pub(crate) input: Input,
    /// Rows of the export (Complet lines or Simplifié rows).
    pub(crate) size: u64,
    pub(crate) bytes: u64,
    pub(crate) outcome: Outcome,
}

/// One data set as generated.
#[derive(Clone, Debug)]
pub(crate) struct DataSet {
    pub(crate) name: String,
    pub(crate) input: Input,
    pub(crate) size: u64,
    pub(crate) transactions: u64,
    pub(crate) invoices: u64,
    pub(crate) planted: u64,
    pub(crate) files: Vec<(Input, PathBuf, u64)>,
}

/// A goal of issue 4 and whether it is met.
#[derive(Clone, Debug)]
pub(crate) struct Goal {
    pub(crate) what: String,
    /// The same, for the terminal.
    pub(crate) french: String,
    pub(crate) goal: String,
    pub(crate) measured: String,
    /// `None` when not measured.
    pub(crate) met: Option<bool>,
}

/// Everything the page shows.
#[derive(Clone, Debug)]
pub(crate) struct Report {
    pub(crate) rows: Vec<Row>,
    pub(crate) data_sets: Vec<DataSet>,
    pub(crate) goals: Vec<Goal>,
    pub(crate) machine: Vec<(String, String)>,
    pub(crate) markdown: String,
}

fn say(message: &str) {
    eprintln!("{message}");
}

/// `1 234 567`.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (idx, ch) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 0.1 {
        format!("{:.1} ms", s * 1000.0)
    } else {
        format!("{s:.2} s")
    }
}

fn seconds_french(d: Duration) -> String {
    seconds(d).replace('.', ",")
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) && mid > 0 {
        (values[mid - 1] + values[mid]) / 2
    } else {
        values.get(mid).copied().unwrap_or_default()
    }
}

fn median_u64(mut values: Vec<u64>) -> Option<u64> {
    values.sort_unstable();
    values.get(values.len() / 2).copied()
}

fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    Some(text.trim().to_owned())
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().trim().to_owned()
}

/// hledger's version, if it runs.
fn hledger_version() -> Option<String> {
    command_output("hledger", &["--version"]).map(|v| first_line(&v))
}

/// GNU time's version, if it is there (BusyBox or the shell keyword do not count).
fn gnu_time_version() -> Option<String> {
    command_output(GNU_TIME, &["--version"])
        .map(|v| first_line(&v))
        .filter(|v| v.contains("GNU"))
}

/// Installs a Debian package with apt-get (sudo when not root); says what happened.
fn apt_install(package: &str) -> bool {
    let root = command_output("id", &["-u"]).is_some_and(|uid| uid == "0");
    let (program, prefix): (&str, &[&str]) = if root {
        ("apt-get", &[])
    } else {
        ("sudo", &["-n", "apt-get"])
    };
    let run = |args: &[&str]| {
        Command::new(program)
            .args(prefix)
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    run(&["install", "-y", "-q", package])
        || (run(&["update", "-q"]) && run(&["install", "-y", "-q", package]))
}

/// The version of a tool, installing its package first when allowed and missing.
fn ensure(
    what: &str,
    package: &str,
    version: fn() -> Option<String>,
    install: bool,
) -> Option<String> {
    if let Some(found) = version() {
        return Some(found);
    }
    if !install {
        say(&format!(
            "{what} est absent : les mesures qui en dépendent seront marquées « absent »."
        ));
        return None;
    }
    say(&format!(
        "{what} est absent : installation du paquet Debian « {package} » avec apt-get…"
    ));
    if apt_install(package)
        && let Some(found) = version()
    {
        say(&format!("{what} a été installé ({found})."));
        return Some(found);
    }
    say(&format!(
        "{what} n'a pas pu être installé (apt-get a échoué, ou pas de droits root) : \
         les mesures qui en dépendent seront marquées « absent »."
    ));
    None
}

/// Runs a command once: wall time around it, peak memory from GNU time when there is one.
fn run_once(
    program: &Path,
    args: &[OsString],
    cwd: &Path,
    stdout: Option<&Path>,
    time: bool,
    scratch: &Path,
) -> Result<(Sample, Option<i32>, String), String> {
    let rss_file = scratch.join("rss.txt");
    let mut command = if time {
        let mut command = Command::new(GNU_TIME);
        command
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&rss_file)
            .arg(program);
        command
    } else {
        Command::new(program)
    };
    command
        .args(args)
        .current_dir(cwd)
        .env("LANG", "C.UTF-8")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null());
    match stdout {
        Some(path) => {
            let file = File::create(path).map_err(|e| e.to_string())?;
            command.stdout(file);
        }
        None => {
            command.stdout(Stdio::null());
        }
    }
    let stderr_path = scratch.join("stderr.txt");
    command.stderr(File::create(&stderr_path).map_err(|e| e.to_string())?);
    let start = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("{} ne démarre pas : {e}", program.display()))?;
    let wall = start.elapsed();
    let rss_kib = if time {
        std::fs::read_to_string(&rss_file)
            .ok()
            .and_then(|text| text.lines().last().and_then(|l| l.trim().parse().ok()))
    } else {
        None
    };
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    Ok((Sample { wall, rss_kib }, status.code(), stderr))
}

/// One pass of the csv crate over the file: records split, fields not parsed.
fn csv_pass(path: &Path) -> io::Result<(Duration, u64)> {
    let start = Instant::now();
    let file = File::open(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(BufReader::with_capacity(1 << 16, file));
    let mut record = csv::ByteRecord::new();
    let mut rows = 0;
    while reader
        .read_byte_record(&mut record)
        .map_err(io::Error::other)?
    {
        rows += 1;
    }
    Ok((start.elapsed(), rows))
}

/// Checks a `compte-de-resultat.json` against the generator's totals (every scope).
fn check_statement(out: &Path, expected: &serde_json::Value) -> Result<(), String> {
    let path = out.join("compte-de-resultat.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{} illisible : {e}", path.display()))?;
    let got: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} : JSON invalide : {e}", path.display()))?;
    let scopes = got["scopes"].as_array().cloned().unwrap_or_default();
    let expected_scopes = expected["scopes"].as_array().cloned().unwrap_or_default();
    if scopes.len() != expected_scopes.len() {
        return Err(format!(
            "{} périmètres au lieu de {}",
            scopes.len(),
            expected_scopes.len()
        ));
    }
    for (got, want) in scopes.iter().zip(&expected_scopes) {
        for key in ["name", "total_expenses", "total_income", "result"] {
            if got[key] != want[key] {
                return Err(format!(
                    "{} : {key} vaut {} au lieu de {}",
                    want["name"], got[key], want[key]
                ));
            }
        }
    }
    if got["cash"]["closing"] != expected["cash_closing"] {
        return Err(format!(
            "trésorerie {} au lieu de {}",
            got["cash"]["closing"], expected["cash_closing"]
        ));
    }
    Ok(())
}

/// Checks `ecarts.json` against the planted discrepancies (kind, supplier, invoice or pièce).
fn check_discrepancies(out: &Path, planted: &serde_json::Value) -> Result<(), String> {
    let path = out.join("ecarts.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{} illisible : {e}", path.display()))?;
    let got: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} : JSON invalide : {e}", path.display()))?;
    let key = |d: &serde_json::Value, invoice: &str| {
        let id = if d[invoice].is_null() {
            d["reference"].clone()
        } else {
            d[invoice].clone()
        };
        format!("{} {} {}", d["kind"], d["supplier"], id)
    };
    let mut found: Vec<String> = got["discrepancies"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|d| key(d, "invoice"))
        .collect();
    let mut wanted: Vec<String> = planted
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|d| key(d, "invoice"))
        .collect();
    found.sort();
    wanted.sort();
    if found == wanted {
        Ok(())
    } else {
        Err(format!(
            "{} écarts trouvés au lieu des {} cachés",
            found.len(),
            wanted.len()
        ))
    }
}

/// Checks the « Net: » line of hledger's income statement against the expected result.
fn check_hledger_net(output: &Path, expected: &serde_json::Value) -> Result<(), String> {
    let text = std::fs::read_to_string(output)
        .map_err(|e| format!("{} illisible : {e}", output.display()))?;
    let net = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("Net:"))
        .and_then(|rest| rest.split("||").nth(1))
        .ok_or("pas de ligne « Net: » dans la sortie de hledger")?;
    let net: String = net
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-' || *c == ',' || *c == '.')
        .collect::<String>()
        .replace(',', ".");
    let want = expected["scopes"][0]["result"].as_str().unwrap_or_default();
    if net == want {
        Ok(())
    } else {
        Err(format!("résultat {net} au lieu de {want}"))
    }
}

/// Generates (or reuses) the data sets of one size.
fn data_sets(config: &Config, size: u64) -> io::Result<Vec<DataSet>> {
    let mut sets = Vec::new();
    for simple in [false, true] {
        let name = format!(
            "{}-{size}-graine{}-v{}",
            if simple { "simplifie" } else { "complet" },
            config.seed,
            synth::GENERATOR_VERSION
        );
        let dir = config.data.join(&name);
        let ods = !simple && size <= config.ods_max;
        let stamp = dir.join(".complet");
        let stamp_text = format!("ods={ods}\n");
        let fresh = std::fs::read_to_string(&stamp).is_ok_and(|t| t == stamp_text);
        if fresh {
            say(&format!("Données {name} : déjà générées, réutilisées."));
        } else {
            say(&format!("Génération des données {name}…"));
            if dir.exists() {
                std::fs::remove_dir_all(&dir)?;
            }
            let target = if simple {
                synth::Target::SimpleRows(size)
            } else {
                synth::Target::CompletLines(size)
            };
            let books = synth::generate(config.seed, target);
            let outputs = synth::Outputs {
                complet_csv: !simple,
                simple_csv: simple,
                complet_ods: ods,
                invoices: !simple,
                style: synth::Style::default(),
            };
            synth::write_folder(&dir, &books, outputs)?;
            std::fs::write(&stamp, stamp_text)?;
        }
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("attendu.json"))?)
                .map_err(io::Error::other)?;
        let mut files = Vec::new();
        let paheko = dir.join("paheko");
        let candidates = if simple {
            vec![(Input::SimpleCsv, synth::simple_csv_name())]
        } else {
            vec![
                (Input::CompletCsv, synth::complet_csv_name()),
                (Input::CompletOds, synth::complet_ods_name()),
            ]
        };
        for (input, file) in candidates {
            let path = paheko.join(file);
            if let Ok(meta) = std::fs::metadata(&path) {
                files.push((input, path, meta.len()));
            }
        }
        if !simple {
            // What `run` reads: the Complet CSV and the invoices.
            let csv =
                std::fs::metadata(paheko.join(synth::complet_csv_name())).map_or(0, |m| m.len());
            files.push((
                Input::Folder,
                dir.clone(),
                csv + folder_size(&dir.join("factures")),
            ));
        }
        let scope = if simple { "simplifie" } else { "complet" };
        let invoices = expected["invoices"]["ovh"].as_u64().unwrap_or(0)
            + expected["invoices"]["kimsufi"].as_u64().unwrap_or(0);
        sets.push(DataSet {
            name,
            input: if simple {
                Input::SimpleCsv
            } else {
                Input::CompletCsv
            },
            size,
            transactions: expected[scope]["transactions"].as_u64().unwrap_or(0),
            invoices: if simple { 0 } else { invoices },
            planted: if simple {
                0
            } else {
                expected["planted"].as_array().map_or(0, |p| p.len() as u64)
            },
            files,
        });
    }
    Ok(sets)
}

fn folder_size(dir: &Path) -> u64 {
    let mut total = 0;
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                total += folder_size(&path);
            } else if let Ok(meta) = entry.metadata() {
                total += meta.len();
            }
        }
    }
    total
}

/// Times a command `repetitions` times; `check` looks at the first run's result.
struct Step<'a> {
    program: &'a Path,
    args: Vec<OsString>,
    cwd: &'a Path,
    stdout: Option<PathBuf>,
    /// Exit statuses that mean success.
    ok: &'a [i32],
    check: Option<&'a dyn Fn() -> Result<(), String>>,
}

fn time_step(
    step: &Step<'_>,
    repetitions: usize,
    time: bool,
    scratch: &Path,
    label: &str,
) -> Outcome {
    let mut walls = Vec::new();
    let mut rss = Vec::new();
    let mut checked = false;
    for rep in 1..=repetitions {
        say(&format!("  {label} : mesure {rep}/{repetitions}…"));
        match run_once(
            step.program,
            &step.args,
            step.cwd,
            step.stdout.as_deref(),
            time,
            scratch,
        ) {
            Err(reason) => return Outcome::Failed(reason),
            Ok((_, status, stderr)) if !status.is_some_and(|s| step.ok.contains(&s)) => {
                return Outcome::Failed(format!(
                    "code de sortie {status:?} : {}",
                    first_line(&stderr)
                ));
            }
            Ok((sample, _, _)) => {
                walls.push(sample.wall);
                rss.extend(sample.rss_kib);
            }
        }
        if rep == 1
            && let Some(check) = step.check
        {
            if let Err(reason) = check() {
                return Outcome::Failed(format!("résultat faux : {reason}"));
            }
            checked = true;
        }
    }
    Outcome::Measured {
        wall: median(walls.clone()),
        min: walls.iter().copied().min().unwrap_or_default(),
        max: walls.iter().copied().max().unwrap_or_default(),
        rss_kib: median_u64(rss),
        checked,
    }
}

fn os(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Vec<OsString> {
    args.iter().map(|a| a.as_ref().to_os_string()).collect()
}

fn today() -> String {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The 1-minute load average: other work on the machine makes the times noisier.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

fn machine(
    config: &Config,
    hledger: Option<&str>,
    time: Option<&str>,
    load_at_start: &str,
) -> Vec<(String, String)> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown".to_owned(), |m| m.trim().to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let ram = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kib| kib.parse::<u64>().ok())
        .map_or("unknown".to_owned(), |kib| {
            format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0)
        });
    let os_release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let os = os_release
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map_or("unknown".to_owned(), |n| n.trim_matches('"').to_owned());
    let rustc = command_output("rustc", &["--version"]).unwrap_or_else(|| "unknown".to_owned());
    let rappro = command_output(&config.rappro.to_string_lossy(), &["--version"])
        .map_or("unknown".to_owned(), |v| first_line(&v));
    let root = env!("CARGO_MANIFEST_DIR");
    let commit = command_output("git", &["-C", root, "rev-parse", "--short", "HEAD"]);
    let dirty = command_output("git", &["-C", root, "status", "--porcelain", "--", "src"])
        .is_some_and(|s| !s.is_empty());
    let rappro = match commit {
        Some(commit) if dirty => format!("{rappro} (commit {commit}, src/ modified)"),
        Some(commit) => format!("{rappro} (commit {commit})"),
        None => rappro,
    };
    vec![
        ("Date".to_owned(), today()),
        ("CPU".to_owned(), cpu),
        ("Cores".to_owned(), cores.to_string()),
        ("RAM".to_owned(), ram),
        ("OS".to_owned(), os),
        ("rustc".to_owned(), rustc),
        ("rappro".to_owned(), rappro),
        (
            "hledger".to_owned(),
            hledger.map_or("absent".to_owned(), str::to_owned),
        ),
        (
            "GNU time (peak memory)".to_owned(),
            time.map_or("absent".to_owned(), str::to_owned),
        ),
        (
            "Repetitions".to_owned(),
            format!("{} per step, median reported", config.repetitions),
        ),
        ("Seed".to_owned(), config.seed.to_string()),
        (
            "Load average (1 min), start / end".to_owned(),
            format!("{load_at_start} / {}", load_average()),
        ),
    ]
}

/// Runs the whole benchmark and writes the page. Errors are for the data sets and the page
/// only: a tool that fails is a row marked as failed.
pub(crate) fn run(config: &Config) -> io::Result<Report> {
    std::fs::create_dir_all(&config.data)?;
    let scratch = config.data.join("scratch");
    std::fs::create_dir_all(&scratch)?;
    let load_at_start = load_average();
    let time = ensure("GNU time", "time", gnu_time_version, config.install);
    let hledger = ensure("hledger", "hledger", hledger_version, config.install);
    let mut rows = Vec::new();
    let mut all_sets = Vec::new();
    for &size in &config.sizes {
        let sets = data_sets(config, size)?;
        for set in &sets {
            measure_set(
                config,
                set,
                time.is_some(),
                hledger.is_some(),
                &scratch,
                &mut rows,
            )?;
        }
        all_sets.extend(sets);
    }
    let machine = machine(config, hledger.as_deref(), time.as_deref(), &load_at_start);
    let goals = goals(&rows);
    let markdown = render(config, &machine, &all_sets, &rows, &goals);
    if let Some(parent) = config.markdown.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&config.markdown, &markdown)?;
    summary(&rows, &goals, &config.markdown);
    Ok(Report {
        rows,
        data_sets: all_sets,
        goals,
        machine,
        markdown,
    })
}

fn measure_set(
    config: &Config,
    set: &DataSet,
    time: bool,
    hledger: bool,
    scratch: &Path,
    rows: &mut Vec<Row>,
) -> io::Result<()> {
    let dir = config.data.join(&set.name);
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("attendu.json"))?)
            .map_err(io::Error::other)?;
    let out = scratch.join("sortie");
    let reps = config.repetitions.max(1);
    for (input, path, bytes) in &set.files {
        let (input, path, bytes) = (*input, path.as_path(), *bytes);
        let mut push = |tool: Tool, outcome: Outcome| {
            rows.push(Row {
                tool,
                input,
                size: set.size,
                bytes,
                outcome,
            });
        };
        let label = |tool: Tool| {
            format!(
                "{} ({}, {} lignes)",
                tool.french(),
                input.french(),
                grouped(set.size)
            )
        };
        if matches!(input, Input::CompletCsv | Input::SimpleCsv) {
            // Warms the page cache, then the floors.
            let cat = Path::new("cat");
            let _ = run_once(cat, &os(&[&path]), &dir, None, false, scratch);
            let step = Step {
                program: cat,
                args: os(&[&path]),
                cwd: &dir,
                stdout: None,
                ok: &[0],
                check: None,
            };
            push(
                Tool::Cat,
                time_step(&step, reps, false, scratch, &label(Tool::Cat)),
            );
            say(&format!("  {} : {reps} passe(s)…", label(Tool::CsvPass)));
            let mut walls = Vec::new();
            let mut failed = None;
            for _ in 0..reps {
                match csv_pass(path) {
                    Ok((wall, _)) => walls.push(wall),
                    Err(e) => failed = Some(e.to_string()),
                }
            }
            push(
                Tool::CsvPass,
                match failed {
                    Some(reason) => Outcome::Failed(reason),
                    None => Outcome::Measured {
                        wall: median(walls.clone()),
                        min: walls.iter().copied().min().unwrap_or_default(),
                        max: walls.iter().copied().max().unwrap_or_default(),
                        rss_kib: None,
                        checked: false,
                    },
                },
            );
        }
        let scope = if input == Input::SimpleCsv {
            "simplifie"
        } else {
            "complet"
        };
        if input == Input::Folder {
            let check = || -> Result<(), String> {
                check_statement(&out, &expected["complet"])?;
                check_discrepancies(&out, &expected["planted"])
            };
            let step = Step {
                program: &config.rappro,
                args: os(&[&"run", &".", &"--out", &out]),
                cwd: &dir,
                stdout: None,
                // 1: the planted discrepancies are open.
                ok: if set.planted > 0 { &[1] } else { &[0] },
                check: Some(&check),
            };
            push(
                Tool::RapproRun,
                time_step(&step, reps, time, scratch, &label(Tool::RapproRun)),
            );
            continue;
        }
        let check = || check_statement(&out, &expected[scope]);
        let step = Step {
            program: &config.rappro,
            args: os(&[&"report", &path, &"--out", &out]),
            cwd: &dir,
            stdout: None,
            ok: &[0],
            check: Some(&check),
        };
        push(
            Tool::RapproReport,
            time_step(&step, reps, time, scratch, &label(Tool::RapproReport)),
        );
        if input == Input::SimpleCsv && set.size <= config.hledger_max {
            hledger_steps(
                config,
                set,
                &expected["simplifie"],
                path,
                &dir,
                hledger,
                time,
                scratch,
                &mut push,
                &label,
            );
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn hledger_steps(
    config: &Config,
    set: &DataSet,
    expected: &serde_json::Value,
    csv: &Path,
    dir: &Path,
    hledger: bool,
    time: bool,
    scratch: &Path,
    push: &mut dyn FnMut(Tool, Outcome),
    label: &dyn Fn(Tool) -> String,
) {
    let tools = [
        Tool::HledgerCsvIs,
        Tool::HledgerPrint,
        Tool::HledgerJournalIs,
    ];
    if !hledger {
        for tool in tools {
            push(tool, Outcome::Absent);
        }
        return;
    }
    let program = Path::new("hledger");
    let rules = dir.join("hledger/paheko.rules");
    let journal = scratch.join(format!("simplifie-{}.journal", set.size));
    let is_out = scratch.join("hledger-is.txt");
    let reps = config.repetitions.max(1);
    let check = || check_hledger_net(&is_out, expected);
    let step = Step {
        program,
        args: os(&[&"-f", &csv, &"--rules-file", &rules, &"is"]),
        cwd: dir,
        stdout: Some(is_out.clone()),
        ok: &[0],
        check: Some(&check),
    };
    push(
        Tool::HledgerCsvIs,
        time_step(&step, reps, time, scratch, &label(Tool::HledgerCsvIs)),
    );
    let step = Step {
        program,
        args: os(&[&"-f", &csv, &"--rules-file", &rules, &"print"]),
        cwd: dir,
        stdout: Some(journal.clone()),
        ok: &[0],
        check: None,
    };
    let print = time_step(&step, reps, time, scratch, &label(Tool::HledgerPrint));
    let converted = matches!(print, Outcome::Measured { .. });
    push(Tool::HledgerPrint, print);
    if !converted {
        push(
            Tool::HledgerJournalIs,
            Outcome::Failed("pas de journal : la conversion a échoué".to_owned()),
        );
        return;
    }
    let step = Step {
        program,
        args: os(&[&"-f", &journal, &"is"]),
        cwd: dir,
        stdout: Some(is_out.clone()),
        ok: &[0],
        check: Some(&check),
    };
    push(
        Tool::HledgerJournalIs,
        time_step(&step, reps, time, scratch, &label(Tool::HledgerJournalIs)),
    );
}

fn find(rows: &[Row], tool: Tool, input: Input, size: u64) -> Option<&Row> {
    rows.iter()
        .find(|r| r.tool == tool && r.input == input && r.size == size)
}

fn ratio(numerator: Option<Duration>, denominator: Option<Duration>) -> Option<f64> {
    let (n, d) = (numerator?, denominator?);
    (d.as_secs_f64() > 0.0).then(|| n.as_secs_f64() / d.as_secs_f64())
}

fn goals(rows: &[Row]) -> Vec<Goal> {
    let wall = |tool, input, size| find(rows, tool, input, size).and_then(|r| r.outcome.wall());
    let rss = |tool, input, size| find(rows, tool, input, size).and_then(|r| r.outcome.rss_kib());
    let report_simple = wall(Tool::RapproReport, Input::SimpleCsv, 100_000);
    let speedup = |tool: Tool, goal: f64, what: &str, french: &str| -> Goal {
        let value = ratio(wall(tool, Input::SimpleCsv, 100_000), report_simple);
        Goal {
            what: what.to_owned(),
            french: french.to_owned(),
            goal: format!("≥ {goal:.0}× faster than hledger"),
            measured: value.map_or("not measured".to_owned(), |v| format!("{v:.1}×")),
            met: value.map(|v| v >= goal),
        }
    };
    let under = |value: Option<f64>, limit: f64, unit: &str, what: [&str; 2], goal: &str| -> Goal {
        Goal {
            what: what[0].to_owned(),
            french: what[1].to_owned(),
            goal: goal.to_owned(),
            measured: value.map_or("not measured".to_owned(), |v| format!("{v:.2} {unit}")),
            met: value.map(|v| v < limit),
        }
    };
    let floor_ratio = |input: Input, size: u64, what: &str, french: &str| -> Goal {
        let value = ratio(
            wall(Tool::RapproReport, input, size),
            wall(Tool::CsvPass, input, size),
        );
        Goal {
            what: what.to_owned(),
            french: french.to_owned(),
            goal: "≤ 3× the csv-crate pass".to_owned(),
            measured: value.map_or("not measured".to_owned(), |v| format!("{v:.1}×")),
            met: value.map(|v| v <= 3.0),
        }
    };
    vec![
        speedup(
            Tool::HledgerCsvIs,
            100.0,
            "100 000-row Simplifié CSV → compte de résultats, vs hledger CSV → `is`",
            "Simplifié 100 000 lignes, rappro ≥ 100× plus rapide que hledger CSV → is",
        ),
        speedup(
            Tool::HledgerJournalIs,
            20.0,
            "100 000-row Simplifié CSV → compte de résultats, vs hledger journal → `is`",
            "Simplifié 100 000 lignes, rappro ≥ 20× plus rapide que hledger journal → is",
        ),
        under(
            wall(Tool::RapproReport, Input::CompletCsv, 1_000_000).map(|d| d.as_secs_f64()),
            2.0,
            "s",
            [
                "1 000 000-line Complet CSV → compte de résultats, wall time",
                "Complet CSV 1 000 000 lignes → compte de résultats en moins de 2 s",
            ],
            "< 2 s",
        ),
        under(
            rss(Tool::RapproReport, Input::CompletCsv, 1_000_000).map(|k| k as f64 / 1024.0),
            300.0,
            "MiB",
            [
                "1 000 000-line Complet CSV → compte de résultats, peak memory",
                "Complet CSV 1 000 000 lignes, mémoire de pointe sous 300 Mio",
            ],
            "< 300 MiB",
        ),
        under(
            wall(Tool::RapproRun, Input::Folder, 1_000_000).map(|d| d.as_secs_f64()),
            5.0,
            "s",
            [
                "`rappro run`, 1 000 000 ledger lines and ~100 000 invoices",
                "rappro run, 1 000 000 lignes et ~100 000 factures en moins de 5 s",
            ],
            "< 5 s",
        ),
        floor_ratio(
            Input::SimpleCsv,
            100_000,
            "`rappro report` vs floor, 100 000-row Simplifié CSV",
            "rappro report à moins de 3× du plancher, Simplifié 100 000 lignes",
        ),
        floor_ratio(
            Input::CompletCsv,
            1_000_000,
            "`rappro report` vs floor, 1 000 000-line Complet CSV",
            "rappro report à moins de 3× du plancher, Complet 1 000 000 lignes",
        ),
        under(
            wall(Tool::RapproReport, Input::CompletOds, 100_000).map(|d| d.as_secs_f64()),
            5.0,
            "s",
            [
                "100 000-line Complet ODS read (`rappro report`)",
                "lecture d'un Complet ODS de 100 000 lignes en moins de 5 s",
            ],
            "< 5 s",
        ),
    ]
}

fn outcome_cells(outcome: &Outcome) -> [String; 3] {
    match outcome {
        Outcome::Measured {
            wall,
            min,
            max,
            rss_kib,
            checked,
        } => [
            format!("{}{}", seconds(*wall), if *checked { " ✓" } else { "" }),
            format!("{} – {}", seconds(*min), seconds(*max)),
            rss_kib.map_or("—".to_owned(), mib),
        ],
        Outcome::Absent => ["absent".to_owned(), "—".to_owned(), "—".to_owned()],
        Outcome::Failed(reason) => [format!("failed: {reason}"), "—".to_owned(), "—".to_owned()],
    }
}

fn render(
    config: &Config,
    machine: &[(String, String)],
    sets: &[DataSet],
    rows: &[Row],
    goals: &[Goal],
) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Performance\n\n\
         <!-- Generated by `{}` (bench/harness.rs): do not edit by hand, run it again. -->\n\n\
         This page is written by the benchmark harness; regenerate it with `{}` (see the README's\n\
         « Performances » section). Data are synthetic Paheko exports of one year made by\n\
         `bench/synth.rs` (seed {}), generated under `target/bench-data/`. Every time is the median\n\
         wall-clock time of {} separate runs (min – max beside it), page cache warm; peak memory is\n\
         the median of GNU time's maximum resident set size. A ✓ means the first run's output was\n\
         checked against the generator's expected figures (every scope's totals and the cash; for\n\
         `run`, also exactly the planted discrepancies).",
        config.command, config.command, config.seed, config.repetitions
    );
    md.push_str("\n## Machine and versions\n\n| | |\n|---|---|\n");
    for (key, value) in machine {
        let _ = writeln!(md, "| {key} | {} |", value.replace('|', "\\|"));
    }
    md.push_str(
        "\n## Data sets\n\n\
         « Complet » sets have exactly that many lines (rows) in the Complet export, with their OVH\n\
         and Kimsufi invoices; « Simplifié » sets have exactly that many rows in the Simplifié export\n\
         (one per non-« Avancé » transaction; hledger reads the same file).\n\n\
         | Set | Transactions | Invoices | Planted discrepancies | Files |\n|---|---:|---:|---:|---|\n",
    );
    for set in sets {
        let files: Vec<String> = set
            .files
            .iter()
            .map(|(input, _, bytes)| format!("{} {:.1} MB", input.name(), *bytes as f64 / 1e6))
            .collect();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            set.name,
            grouped(set.transactions),
            grouped(set.invoices),
            set.planted,
            files.join("; ")
        );
    }
    md.push_str(
        "\n## Results\n\n\
         « vs floor » is the step's time over the csv-crate pass on the same file.\n\n\
         | Step | Input | Rows | Size | Median | Min – max | Peak memory | Rows/s | vs floor |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        let [median, spread, memory] = outcome_cells(&row.outcome);
        let throughput = row.outcome.wall().map_or("—".to_owned(), |w| {
            let per_second = row.size as f64 / w.as_secs_f64().max(1e-9);
            grouped(per_second.round() as u64)
        });
        let floor = find(rows, Tool::CsvPass, row.input, row.size)
            .and_then(|f| f.outcome.wall())
            .or_else(|| {
                (row.input == Input::Folder)
                    .then(|| find(rows, Tool::CsvPass, Input::CompletCsv, row.size))
                    .flatten()
                    .and_then(|f| f.outcome.wall())
            });
        let versus = match row.tool {
            Tool::Cat | Tool::CsvPass => "—".to_owned(),
            _ => ratio(row.outcome.wall(), floor).map_or("—".to_owned(), |r| format!("{r:.1}×")),
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {:.1} MB | {median} | {spread} | {memory} | {throughput} | {versus} |",
            row.tool.name(),
            row.input.name(),
            grouped(row.size),
            row.bytes as f64 / 1e6,
        );
    }
    md.push_str(
        "\n## hledger side by side\n\n\
         The same Simplifié CSV, converted by hledger with the CSV rules of\n\
         `/work/shared/docs/peers.md` (appendix A, ISO dates), then its income statement (`is`).\n\
         Ratio = hledger's time / `rappro report`'s time on the same file.\n\n\
         | Rows | `rappro report` | hledger CSV → `is` | ratio | hledger CSV → journal | ratio | hledger journal → `is` | ratio |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut any = false;
    for &size in &config.sizes {
        let Some(rappro) = find(rows, Tool::RapproReport, Input::SimpleCsv, size) else {
            continue;
        };
        if find(rows, Tool::HledgerCsvIs, Input::SimpleCsv, size).is_none() {
            continue;
        }
        any = true;
        let mut line = format!(
            "| {} | {} |",
            grouped(size),
            outcome_cells(&rappro.outcome)[0]
        );
        for tool in [
            Tool::HledgerCsvIs,
            Tool::HledgerPrint,
            Tool::HledgerJournalIs,
        ] {
            let row = find(rows, tool, Input::SimpleCsv, size);
            let cell = row.map_or("—".to_owned(), |r| outcome_cells(&r.outcome)[0].clone());
            let r = ratio(row.and_then(|r| r.outcome.wall()), rappro.outcome.wall())
                .map_or("—".to_owned(), |r| format!("{r:.1}×"));
            let _ = write!(line, " {cell} | {r} |");
        }
        md.push_str(&line);
        md.push('\n');
    }
    if !any {
        md.push_str("| — | no Simplifié size up to the hledger limit was measured | | | | | | |\n");
    }
    md.push_str(
        "\n## Goals (issue 4)\n\n| Goal | Target | Measured | Status |\n|---|---|---:|---|\n",
    );
    for goal in goals {
        let status = match goal.met {
            Some(true) => "pass",
            Some(false) => "**miss**",
            None => "not measured",
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {status} |",
            goal.what, goal.goal, goal.measured
        );
    }
    // Where the time goes: written from profiles, kept beside the harness (bench/analysis.md).
    md.push('\n');
    md.push_str(ANALYSIS);
    md
}

/// The hand-written part of the page: where the time goes and why a goal is missed.
const ANALYSIS: &str = include_str!("analysis.md");

fn times_french(value: Option<f64>) -> String {
    value.map_or("—".to_owned(), |v| format!("{v:.1}×").replace('.', ","))
}

fn summary(rows: &[Row], goals: &[Goal], markdown: &Path) {
    let mut text = String::from("\nRésultats (médianes) :\n");
    for row in rows {
        let floor_input = if row.input == Input::Folder {
            Input::CompletCsv
        } else {
            row.input
        };
        let floor = find(rows, Tool::CsvPass, floor_input, row.size).and_then(|f| f.outcome.wall());
        let versus_floor = match row.tool {
            Tool::Cat | Tool::CsvPass => String::new(),
            _ => ratio(row.outcome.wall(), floor).map_or(String::new(), |r| {
                format!(" ; {} le plancher csv", times_french(Some(r)))
            }),
        };
        let versus_rappro = match row.tool {
            Tool::HledgerCsvIs | Tool::HledgerPrint | Tool::HledgerJournalIs => {
                let rappro = find(rows, Tool::RapproReport, row.input, row.size)
                    .and_then(|r| r.outcome.wall());
                ratio(row.outcome.wall(), rappro).map_or(String::new(), |r| {
                    format!(" ; hledger / rappro report = {}", times_french(Some(r)))
                })
            }
            _ => String::new(),
        };
        let value = match &row.outcome {
            Outcome::Measured { wall, rss_kib, .. } => format!(
                "{}{}{versus_floor}{versus_rappro}",
                seconds_french(*wall),
                rss_kib.map_or(String::new(), |k| format!(", {} Mio", k / 1024))
            ),
            Outcome::Absent => "absent".to_owned(),
            Outcome::Failed(reason) => format!("échec : {reason}"),
        };
        let _ = writeln!(
            text,
            "  {} ({}, {} lignes) : {value}",
            row.tool.french(),
            row.input.french(),
            grouped(row.size)
        );
    }
    text.push_str("Objectifs :\n");
    for goal in goals {
        let status = match goal.met {
            Some(true) => "atteint",
            Some(false) => "manqué",
            None => "non mesuré",
        };
        let measured = goal.measured.replace("not measured", "—").replace('.', ",");
        let _ = writeln!(text, "  {} : {status} ({measured})", goal.french);
    }
    let _ = writeln!(text, "Tableau écrit dans {}", markdown.display());
    let _ = io::stdout().write_all(text.as_bytes());
}
