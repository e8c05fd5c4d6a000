//! The Reports screen: the monthly summary, the records behind a figure, and saving it as a file.

use tauri::{AppHandle, State};
use throughcare_core::report::drill::DrillPage;
use throughcare_core::report::files::SavedReport;
use throughcare_core::report::{Audience, MonthlySummary};

use crate::args::{ExportReportArgs, ReportArgs, ReportRecordsArgs};
use crate::commands::sync::{SaveAs, choose_path};
use crate::error::UiError;
use crate::state::AppState;

/// The monthly summary.
#[tauri::command]
pub async fn monthly_summary(
    state: State<'_, AppState>,
    args: ReportArgs,
) -> Result<MonthlySummary, UiError> {
    state.with(|s| Ok(s.store.monthly_summary(&s.actor, &args.request)?))
}

/// A page of the records behind one figure of the summary, and how many there are in all.
#[tauri::command]
pub async fn report_records(
    state: State<'_, AppState>,
    args: ReportRecordsArgs,
) -> Result<DrillPage, UiError> {
    crate::args::bounded("figure", &args.key, 200)?;
    state.with(|s| {
        Ok(s.store.report_records_page(&s.actor, &args.request, &args.key, args.offset, args.limit)?)
    })
}

/// Saves the summary as a file where the person chooses. `None` when they cancelled the Save dialog.
#[tauri::command]
pub async fn export_report(
    app: AppHandle,
    state: State<'_, AppState>,
    args: ExportReportArgs,
) -> Result<Option<SavedReport>, UiError> {
    // Check the request before asking where to save: a refused month asks nothing.
    state.with(|s| Ok(s.store.check_report_request(&s.actor, &args.request)?))?;
    let audience = match args.request.audience {
        Audience::Internal => "internal",
        Audience::External => "external",
    };
    let ext = args.format.extension();
    let name = format!("monthly-summary-{}-{audience}.{ext}", args.request.month.trim());
    let what = SaveAs { title: "Save the monthly summary", kind: "Monthly summary", extension: ext };
    let Some(path) = choose_path(&app, &name, &what).await? else {
        return Ok(None);
    };
    state.with(|s| Ok(s.store.export_report(&s.actor, &args.request, args.format, &path)?)).map(Some)
}
