//! `throughcare report`: the monthly summary, to a file.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use throughcare_core::report::files::ReportFormat;
use throughcare_core::report::{Audience, ReportRequest, ReportScope};
use throughcare_core::{Actor, Store};

use crate::commands::CliError;

/// The formats a summary can be written in.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// The whole typed structure.
    Json,
    /// One row per figure.
    Csv,
    /// A workbook: headline figures, a sheet per section, charts.
    Xlsx,
    /// Two printable A4 pages for a funder.
    Pdf,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The month, as year and month: 2026-10.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// One team's clients (its name or id).
    #[arg(long, value_name = "TEAM", conflicts_with = "caseworker")]
    pub team: Option<String>,
    /// One caseworker's caseload (their name or id).
    #[arg(long, value_name = "NAME")]
    pub caseworker: Option<String>,
    /// For sharing outside the organisation: counts from 1 to 4 are shown as <5.
    #[arg(long)]
    pub external: bool,
    /// The file format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Where to write it.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

pub fn report(store: &mut Store, actor: &Actor, a: &ReportArgs) -> Result<(), CliError> {
    crate::sync::refuse_existing(&a.out, a.force)?;
    let scope = if let Some(t) = &a.team {
        let teams = store.reader(actor).teams()?;
        let found = teams
            .iter()
            .find(|x| x.id.to_string() == t.trim() || x.fields.name.eq_ignore_ascii_case(t.trim()))
            .ok_or_else(|| CliError::Message(format!("There is no team called '{t}'.")))?;
        ReportScope::Team(found.id)
    } else if let Some(c) = &a.caseworker {
        let id = crate::sync::find_user(store, actor, c)?
            .ok_or_else(|| CliError::Message(format!("There is no caseworker called '{c}'.")))?;
        ReportScope::Caseworker(id)
    } else if actor.role == throughcare_core::enums::Role::Caseworker {
        // A caseworker's summary is of their own caseload.
        ReportScope::Caseworker(actor.user_id)
    } else {
        ReportScope::Organisation
    };
    let request = ReportRequest {
        month: a.month.clone(),
        scope,
        audience: if a.external { Audience::External } else { Audience::Internal },
    };
    let format = match a.format {
        Format::Json => ReportFormat::Json,
        Format::Csv => ReportFormat::Csv,
        Format::Xlsx => ReportFormat::Xlsx,
        Format::Pdf => ReportFormat::Pdf,
    };
    let saved = store.export_report(actor, &request, format, &a.out)?;
    println!("Wrote the monthly summary to {} ({} bytes).", saved.path, saved.bytes);
    if a.external {
        println!(
            "It is external: counts from 1 to 4 are shown as <5, and anything that would reveal one as *."
        );
    } else {
        println!("It is internal: exact numbers, not for sharing outside the organisation.");
    }
    if saved.provisional {
        println!("Provisional: some computers have not sent their work for the month yet (see the file).");
    }
    Ok(())
}
