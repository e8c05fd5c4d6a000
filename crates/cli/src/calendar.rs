//! `throughcare calendar`: a mentor's or a caseworker's appointments as a calendar file (.ics).

use std::path::PathBuf;

use clap::Args;
use throughcare_core::ics::CalendarRequest;
use throughcare_core::time::parse_uk_date;
use throughcare_core::{Actor, Store};

use crate::commands::CliError;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("whose").required(true).args(["mentor", "caseworker"])))]
pub struct CalendarArgs {
    /// The peer mentor whose appointments to write (their name or id).
    #[arg(long, value_name = "NAME")]
    pub mentor: Option<String>,
    /// The caseworker whose appointments to write: those they go to and their caseload's.
    #[arg(long, value_name = "NAME")]
    pub caseworker: Option<String>,
    /// The first day: 2026-12-01 or 01/12/2026.
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// The last day (at most a year after the first).
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// Where to write it.
    #[arg(long, value_name = "FILE.ics")]
    pub out: PathBuf,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

pub fn calendar(store: &mut Store, actor: &Actor, a: &CalendarArgs) -> Result<(), CliError> {
    crate::sync::refuse_existing(&a.out, a.force)?;
    let of = store.reader(actor).calendar_for_name(a.mentor.as_deref(), a.caseworker.as_deref())?;
    let request =
        CalendarRequest { of, from: parse_uk_date("from", &a.from)?, to: parse_uk_date("to", &a.to)? };
    let saved = store.export_calendar(actor, &request, &a.out)?;
    println!(
        "Wrote {} appointment{} to {}. Each shows only an initial, the place and the time.",
        saved.events,
        if saved.events == 1 { "" } else { "s" },
        saved.path
    );
    Ok(())
}
