//! The commands. Each gathers its inputs, calls core, and reports in plain words.

use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use throughcare_core::demo::{SeedOptions, seed};
use throughcare_core::import::ImportOptions;
use throughcare_core::keyfile::KdfCost;
use throughcare_core::time::{parse_uk_date, today_london};
use throughcare_core::{NewDatabase, Store, backup};

use crate::{Cli, Command, passphrase};

/// What can go wrong on the command line.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// From the core.
    #[error("{0}")]
    Core(#[from] throughcare_core::Error),
    /// A plain message.
    #[error("{0}")]
    Message(String),
    /// The command was used wrongly (exit code 2).
    #[error("{0}")]
    Usage(String),
}

/// Opens a file to read from, or says which could not be read and why.
pub(crate) fn open_to_read(path: &std::path::Path) -> Result<fs::File, CliError> {
    fs::File::open(path).map_err(|e| CliError::Message(format!("{} cannot be read: {e}.", path.display())))
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The organisation's name.
    #[arg(long, default_value = "My organisation")]
    pub org: String,
    /// A name for this device.
    #[arg(long)]
    pub device: Option<String>,
    /// Join an existing organisation with an invitation file from its manager instead of making a
    /// new one (asks for the invitation's code, or reads it from --code-file or THROUGHCARE_INVITE_CODE).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["org", "device"])]
    pub join: Option<PathBuf>,
    /// The invitation's one-time code (first line of this file).
    #[arg(long, value_name = "FILE", requires = "join")]
    pub code_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// How many clients to make.
    #[arg(long)]
    pub clients: u32,
    /// Months of history.
    #[arg(long, default_value_t = 18)]
    pub months: u32,
    /// Random seed: the same seed (on the same day) makes the same people and events.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Make the data as of this day instead of today (03/11/2025 or 2025-11-03).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import clients from a CSV file (see README for the columns).
    Clients {
        /// The CSV file.
        file: PathBuf,
        /// Check every row and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the good rows, and write the bad ones to FILE.rejects.csv with the reason.
        #[arg(long)]
        skip_invalid: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// One JSON file per table, plus schema.md describing every field.
    Json {
        /// An empty or new folder.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the backup.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file.
    pub file: PathBuf,
    /// Replace the database at --db if there is one.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct MarkNewerArgs {
    /// Confirms you mean it: the database will no longer open in this version.
    #[arg(long, required = true)]
    pub i_understand_this_makes_it_unusable: bool,
}

fn default_db() -> Result<PathBuf, CliError> {
    dirs::data_dir()
        .map(|d| d.join("throughcare").join("throughcare.db"))
        .ok_or_else(|| CliError::Usage("There is no data folder for this user; give --db PATH.".into()))
}

pub fn open(cli: &Cli, db: &Path) -> Result<(Store, throughcare_core::Actor), CliError> {
    if !db.exists() {
        return Err(throughcare_core::Error::NoDatabase { path: db.to_path_buf() }.into());
    }
    let pass = passphrase::existing(cli.global.passphrase_file.as_deref(), "Passphrase: ")?;
    let (store, actor) = Store::unlock(db, cli.global.user.as_deref(), &pass).map_err(|e| match e {
        throughcare_core::Error::NameNeeded => CliError::Usage(
            "More than one person can unlock this database: say who you are with --user NAME (or THROUGHCARE_USER).".into(),
        ),
        e => e.into(),
    })?;
    Ok((store, actor))
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let db = match &cli.global.db {
        Some(p) => p.clone(),
        None => default_db()?,
    };
    match run_command(&cli, &db) {
        Err(CliError::Usage(m)) => {
            eprintln!("throughcare: {m}");
            Ok(ExitCode::from(2))
        }
        other => other,
    }
}

fn run_command(cli: &Cli, db: &Path) -> Result<ExitCode, CliError> {
    match &cli.command {
        Command::Init(a) => {
            if db.exists() || throughcare_core::keyfile::key_path(db).exists() {
                return Err(throughcare_core::Error::AlreadyExists { path: db.to_path_buf() }.into());
            }
            if let Some(file) = &a.join {
                crate::sync::join(db, cli.global.passphrase_file.as_deref(), file, a.code_file.as_deref())?;
                return Ok(ExitCode::SUCCESS);
            }
            let pass = passphrase::new(cli.global.passphrase_file.as_deref())?;
            // You become the first manager, under the name given with --user.
            let user = cli.global.user.clone().unwrap_or_else(|| "Manager".to_owned());
            // Other devices show this name ("Imported from …"), so it says whose computer it is.
            let device =
                a.device.clone().unwrap_or_else(|| throughcare_core::model::users::computer_name_for(&user));
            let new = NewDatabase {
                organisation: a.org.clone(),
                manager_name: user.clone(),
                device_name: device,
                kdf: KdfCost::calibrated(),
            };
            let (store, _) = Store::create(db, &pass, &new)?;
            println!("Created an encrypted database at {}", db.display());
            println!(
                "Its key file is {} (keep both together; a backup holds both).",
                throughcare_core::keyfile::key_path(db).display()
            );
            println!("Device {} of organisation {}.", store.device_id(), store.organisation_id());
            println!("You, {user}, are its first manager: unlock it with your name and passphrase.");
        }
        Command::Seed(a) => {
            let today = match &a.today {
                Some(s) => parse_uk_date("today", s)?,
                None => today_london(),
            };
            let (mut store, actor) = open(cli, db)?;
            let bar = if std::io::stderr().is_terminal() {
                let bar = ProgressBar::new(u64::from(a.clients));
                bar.set_style(
                    ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} clients, {eta} left")
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                );
                bar.set_message("Making demo data");
                Some(bar)
            } else {
                None
            };
            let started = Instant::now();
            let opts = SeedOptions { clients: a.clients, months: a.months, seed: a.seed, today };
            let summary = seed(&mut store, &actor, &opts, &mut |done, total| {
                if let Some(b) = &bar {
                    b.set_position(done);
                    if done == total {
                        // Saving the last clients and building the indexes left out while writing.
                        b.set_message("Finishing");
                    }
                }
            })?;
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            let secs = started.elapsed().as_secs_f64();
            println!(
                "Added {} clients, {} appointments, {} referrals, {} contacts, {} peer mentors and {} users in {secs:.1} s ({:.0} clients a second).",
                thousands(summary.clients),
                thousands(summary.appointments),
                thousands(summary.referrals),
                thousands(summary.contacts),
                summary.mentors,
                summary.users,
                summary.clients as f64 / secs.max(0.001)
            );
        }
        Command::Import(ImportCommand::Clients { file, dry_run, skip_invalid }) => {
            let input = open_to_read(file)?;
            let (mut store, actor) = open(cli, db)?;
            let report = store.import_clients_csv(
                &actor,
                input,
                ImportOptions { dry_run: *dry_run, skip_invalid: *skip_invalid },
            )?;
            for c in &report.ignored_columns {
                println!("Column '{c}' is not one Throughcare knows, so it was left out.");
            }
            for e in &report.errors {
                match &e.column {
                    Some(c) => println!("Line {}, column '{c}': {}", e.line, e.message),
                    None => println!("Line {}: {}", e.line, e.message),
                }
            }
            for d in &report.possible_duplicates {
                println!("Line {}: {}", d.line, d.message);
            }
            if *skip_invalid && !report.rejected.is_empty() && !*dry_run {
                let rejects = rejects_path(file);
                write_rejects(&rejects, &report)?;
                let n = report.rejected.len();
                println!(
                    "{n} {} not imported; {} in {} with the reason for each.",
                    if n == 1 { "row was" } else { "rows were" },
                    if n == 1 { "it is" } else { "they are" },
                    rejects.display()
                );
            }
            let bad_rows = report.rejected.len();
            if *dry_run {
                println!(
                    "Checked {} rows: {} good, {bad_rows} with problems. Nothing was written (dry run).",
                    report.rows, report.imported
                );
            } else if report.written {
                println!("Imported {} of {} clients.", report.imported, report.rows);
            } else if bad_rows > 0 {
                println!(
                    "Nothing was imported: {bad_rows} of {} rows have problems. Fix them, or use --skip-invalid to import the good rows.",
                    report.rows
                );
                return Ok(ExitCode::from(1));
            } else {
                println!("The file has no rows to import.");
            }
        }
        Command::Export(ExportCommand::Json { out }) => {
            let (mut store, actor) = open(cli, db)?;
            let summary = store.export_json(&actor, out)?;
            for (f, n) in &summary.files {
                if f.ends_with(".json") {
                    println!("{f:<24} {:>10} rows", thousands(*n));
                }
            }
            println!("Wrote {} with schema.md describing every field.", out.display());
            println!(
                "These files are NOT encrypted: keep them on an encrypted disk and delete them when you are done."
            );
        }
        Command::Verify => {
            let (mut store, actor) = open(cli, db)?;
            let report = store.verify(&actor)?;
            if report.is_ok() {
                println!(
                    "The database is sound: {} records match the {} ops in the log.",
                    thousands(report.records),
                    thousands(report.ops)
                );
            } else {
                for p in &report.problems {
                    println!("Problem: {p}");
                }
                if report.problem_count > report.problems.len() as u64 {
                    println!("…and {} more.", report.problem_count - report.problems.len() as u64);
                }
                eprintln!("throughcare: the database has {} problems.", report.problem_count);
                return Ok(ExitCode::from(1));
            }
        }
        Command::Backup(a) => {
            let (mut store, actor) = open(cli, db)?;
            let s = store.backup(&actor, &a.out, a.force)?;
            println!(
                "Wrote an encrypted backup to {} ({} bytes). It opens with this database's passphrase.",
                s.path.display(),
                thousands(s.bytes)
            );
        }
        Command::Restore(a) => {
            let pass =
                passphrase::existing(cli.global.passphrase_file.as_deref(), "Passphrase of the backup: ")?;
            let r = backup::restore(&a.file, db, cli.global.user.as_deref(), &pass, a.force)?;
            let o = r.store.reader(&r.actor).overview(today_london())?;
            println!(
                "Restored {} to {}: {} clients, {} ops.",
                a.file.display(),
                db.display(),
                thousands(o.clients),
                thousands(o.ops)
            );
            if r.erased_again > 0 {
                println!(
                    "{} erased since the backup was made: their details are erased again.",
                    if r.erased_again == 1 {
                        "1 person was".to_owned()
                    } else {
                        format!("{} people were", r.erased_again)
                    }
                );
            }
        }
        Command::Info => {
            let (store, actor) = open(cli, db)?;
            let o = store.reader(&actor).overview(today_london())?;
            println!("{} — {}", o.organisation, db.display());
            println!("Schema version {}, device {}", store.schema_version(), store.device_id());
            let rows = [
                ("Clients", o.clients),
                ("  with support open", o.figures.open_clients),
                ("  in custody", o.figures.in_custody),
                ("  released in the last 14 days", o.figures.released_last_14_days),
                ("    with no health appointment booked since", o.released_without_appointment),
                ("Appointments", o.appointments),
                ("  in the next 7 days", o.figures.appointments_next_7_days),
                ("  past, outcome not recorded", o.figures.awaiting_outcome),
                ("Referrals", o.referrals),
                ("  waiting more than 14 days", o.referrals_waiting_over_14_days),
                ("Support contacts", o.contacts),
                ("Peer mentors", o.mentors),
                ("  linked with a client now", o.active_mentor_links),
                ("Users", o.users),
                ("Tasks due", o.figures.tasks_due),
                ("Ops in the log", o.ops),
            ];
            for (label, n) in rows {
                println!("{label:<46} {:>10}", thousands(n));
            }
        }
        Command::Invite(a) => {
            let (mut store, actor) = open(cli, db)?;
            crate::sync::invite(&mut store, &actor, a)?;
        }
        Command::Bundle(c) => {
            let (mut store, actor) = open(cli, db)?;
            crate::sync::bundle(&mut store, &actor, c)?;
        }
        Command::Conflicts(c) => {
            let (mut store, actor) = open(cli, db)?;
            crate::sync::conflicts(&mut store, &actor, c)?;
        }
        Command::Client(c) => {
            let (mut store, actor) = open(cli, db)?;
            crate::sync::client(&mut store, &actor, c)?;
        }
        Command::Device(c) => {
            let (mut store, actor) = open(cli, db)?;
            crate::sync::device(&mut store, &actor, c)?;
        }
        Command::User(c) => {
            let (mut store, actor) = open(cli, db)?;
            crate::people::user(cli, &mut store, &actor, c)?;
        }
        Command::Report(a) => {
            let (mut store, actor) = open(cli, db)?;
            crate::report::report(&mut store, &actor, a)?;
        }
        Command::Calendar(a) => {
            let (mut store, actor) = open(cli, db)?;
            crate::calendar::calendar(&mut store, &actor, a)?;
        }
        Command::SubjectAccess(a) => {
            let (mut store, actor) = open(cli, db)?;
            crate::rights::subject_access(&mut store, &actor, a)?;
        }
        Command::Retention(c) => {
            let (mut store, actor) = open(cli, db)?;
            crate::rights::retention(&mut store, &actor, c)?;
        }
        Command::Audit(a) => {
            let (mut store, actor) = open(cli, db)?;
            crate::people::audit(&mut store, &actor, a)?;
        }
        Command::Passphrase(a) => {
            let (mut store, actor) = open(cli, db)?;
            crate::people::change_passphrase(cli, &mut store, &actor, a)?;
        }
        Command::Settings(c) => {
            let (mut store, actor) = open(cli, db)?;
            crate::people::settings(&mut store, &actor, c)?;
        }
        Command::DevMarkNewerSchema(_) => {
            let (mut store, actor) = open(cli, db)?;
            let v = store.schema_version() + 1;
            store.set_schema_version_for_tests(&actor, v)?;
            println!(
                "Marked {} as schema version {v}; this version of Throughcare will now refuse it.",
                db.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn rejects_path(input: &Path) -> PathBuf {
    let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "import".into());
    input.with_file_name(format!("{stem}.rejects.csv"))
}

fn write_rejects(path: &Path, report: &throughcare_core::import::ImportReport) -> Result<(), CliError> {
    let fail = |e: &dyn std::fmt::Display| {
        CliError::Message(format!("{} could not be written: {e}.", path.display()))
    };
    // The rows hold people's details: private, and whole or not at all.
    let file = throughcare_core::files::PrivateFile::create(path).map_err(|e| fail(&e))?;
    let mut w = csv::Writer::from_writer(file);
    let mut header = vec!["line".to_owned(), "problem".to_owned()];
    header.extend(report.headers.iter().cloned());
    w.write_record(&header).map_err(|e| fail(&e))?;
    for r in &report.rejected {
        let mut row = vec![r.line.to_string(), r.reason.clone()];
        row.extend(r.record.iter().cloned());
        w.write_record(&row).map_err(|e| fail(&e))?;
    }
    let file = w.into_inner().map_err(|e| fail(&e.error()))?;
    file.commit().map_err(|e| fail(&e))?;
    Ok(())
}
