//! A person's rights on the command line. `throughcare subject-access`: everything held about one
//! person, as a PDF to give them and the same as JSON, in a private folder. `throughcare retention`:
//! the records past the organisation's keeping time, and keeping one with a reason.

use std::path::PathBuf;

use clap::Args;
use throughcare_core::time::parse_uk_date;
use throughcare_core::{Actor, Store};

use crate::commands::CliError;

#[derive(Debug, Args)]
pub struct SubjectAccessArgs {
    /// The client's id (`throughcare client find NAME` prints it).
    pub client: String,
    /// The folder to write the two files in (made, private, if it is not there).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// List the files that may have carried their details from this day: 2026-01-01 or 01/01/2026
    /// [default: the day they were first known: added, or support opened if earlier].
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

pub fn subject_access(store: &mut Store, actor: &Actor, a: &SubjectAccessArgs) -> Result<(), CliError> {
    let client = a.client.parse()?;
    let since = a.since.as_deref().map(|s| parse_uk_date("since", s)).transpose()?;
    // A folder already there is left as it is (it may be someone's Documents); a new one is private.
    if !a.out.exists() {
        throughcare_core::files::private_dir(&a.out).map_err(|e| {
            CliError::Message(format!("The folder {} could not be made: {e}.", a.out.display()))
        })?;
    }
    let pdf = a
        .out
        .join(throughcare_core::subject_access::file_name(client, throughcare_core::time::Timestamp::now()));
    crate::sync::refuse_existing(&pdf, false)?;
    crate::sync::refuse_existing(&pdf.with_extension("json"), false)?;
    let saved = store.write_subject_access(actor, client, since, &pdf)?;
    println!("Wrote {}", saved.pdf.display());
    println!("Wrote {}", saved.json.display());
    println!("Both hold personal data: give them to the person securely, then delete your copies.");
    Ok(())
}

/// Records past the organisation's keeping time (managers).
#[derive(Debug, clap::Subcommand)]
pub enum RetentionCommand {
    /// List the records past the keeping time, oldest first, with each one's id.
    List,
    /// Keep a record past the keeping time, saying why; it comes back for review in a year. (To
    /// erase it instead: `throughcare client erase ID --yes-erase-this-person`.)
    Keep {
        /// The client's id.
        client: String,
        /// Why it is kept.
        #[arg(long)]
        reason: String,
    },
}

pub fn retention(store: &mut Store, actor: &Actor, c: &RetentionCommand) -> Result<(), CliError> {
    let today = throughcare_core::time::today_london();
    match c {
        RetentionCommand::List => {
            let list = store.reader(actor).retention_due(today)?;
            println!(
                "{} record{} past the keeping time ({} year{} after support closed).",
                list.total,
                if list.total == 1 { " is" } else { "s are" },
                list.years,
                if list.years == 1 { "" } else { "s" }
            );
            for r in &list.due {
                let kept = r
                    .last_kept_on
                    .map(|d| format!(", last kept {}", d.format("%d/%m/%Y")))
                    .unwrap_or_default();
                println!(
                    "{}  {}  support closed {}{kept}",
                    r.client_id,
                    r.name,
                    r.closed_on.format("%d/%m/%Y")
                );
            }
            if list.total > list.due.len() as u64 {
                println!("(the oldest {} shown)", list.due.len());
            }
        }
        RetentionCommand::Keep { client, reason } => {
            let id = client.parse()?;
            store.write(actor, |tx| tx.keep_past_retention(id, reason))?;
            println!("Kept. It comes back for review in a year.");
        }
    }
    Ok(())
}
