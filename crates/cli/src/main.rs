//! `throughcare`: the command line for managers and scripts.
//!
//! Each command is a thin layer over `throughcare-core`: it gathers arguments, the passphrase and the
//! acting user, calls one core function, and prints what happened. Output for people goes to stdout;
//! errors go to stderr as one plain sentence, with exit code 1 (2 for a usage mistake, as clap does).
//! Personal values are never printed by the command line except where the user asked to see data.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// mimalloc: glibc's allocator spent a quarter of a sync import and a sixth of seeding in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod calendar;
mod commands;
mod passphrase;
mod people;
mod report;
mod rights;
mod sync;

/// Throughcare: case management for health and justice caseworkers, on the command line.
#[derive(Debug, Parser)]
#[command(name = "throughcare", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The database file [default: ~/.local/share/throughcare/throughcare.db]
    #[arg(long, global = true, env = "THROUGHCARE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Read the passphrase from this file (its first line). Otherwise THROUGHCARE_PASSPHRASE is used,
    /// or you are asked for it.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Who you are: your name as the app knows it. Every command acts as you, with your passphrase,
    /// and sees only what you may see. May be left out when only one person can unlock the database.
    #[arg(long, global = true, env = "THROUGHCARE_USER", value_name = "NAME")]
    pub user: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty, encrypted database (refuses to overwrite one).
    Init(commands::InitArgs),
    /// Fill the database with realistic demo data.
    Seed(commands::SeedArgs),
    /// Bring data in from a spreadsheet.
    #[command(subcommand)]
    Import(commands::ImportCommand),
    /// Write the whole database out for checking.
    #[command(subcommand)]
    Export(commands::ExportCommand),
    /// Check the database: file integrity, links between records, and records against the op log.
    Verify,
    /// Write an encrypted backup (database and key file in one file) while the app may be running.
    Backup(commands::BackupArgs),
    /// Restore a backup to --db (asks for the backup's passphrase).
    Restore(commands::RestoreArgs),
    /// Show what is in the database.
    Info,
    /// Write the monthly summary for funders to a file (JSON or CSV).
    Report(report::ReportArgs),
    /// Write a peer mentor's or a caseworker's appointments as a calendar file (.ics) for a phone.
    Calendar(calendar::CalendarArgs),
    /// Write everything held about one person (a subject access request) as a PDF and JSON.
    SubjectAccess(rights::SubjectAccessArgs),
    /// Records past the organisation's keeping time: list them, or keep one with a reason (managers).
    #[command(subcommand)]
    Retention(rights::RetentionCommand),
    /// Write an invitation file that lets a new computer join this organisation (managers).
    Invite(sync::InviteArgs),
    /// Exchange sync files with other devices.
    #[command(subcommand)]
    Bundle(sync::BundleCommand),
    /// Changes made on two devices at once that need a person to choose.
    #[command(subcommand)]
    Conflicts(sync::ConflictsCommand),
    /// Find and change clients from scripts.
    #[command(subcommand)]
    Client(sync::ClientCommand),
    /// This device and the others it knows.
    #[command(subcommand)]
    Device(sync::DeviceCommand),
    /// The people who use the app and who may unlock this database (managers).
    #[command(subcommand, name = "user")]
    User(people::UserCommand),
    /// Who viewed, changed, exported, imported, erased, shared or unlocked what (managers).
    Audit(people::AuditArgs),
    /// Change your own passphrase for this database.
    Passphrase(people::PassphraseArgs),
    /// Organisation settings (managers).
    #[command(subcommand)]
    Settings(people::SettingsCommand),
    /// Make this database look as if a newer Throughcare wrote it (for checking that it is refused).
    #[command(hide = true, name = "dev-mark-newer-schema")]
    DevMarkNewerSchema(commands::MarkNewerArgs),
}

fn main() -> ExitCode {
    quiet_when_the_reader_stops();
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("throughcare: {e}");
            ExitCode::from(1)
        }
    }
}

/// `throughcare client find a | head` stops reading after a few lines: then stop quietly, as other
/// command-line tools do (exit status 141, as if by SIGPIPE), rather than with a panic and a backtrace.
fn quiet_when_the_reader_stops() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}
