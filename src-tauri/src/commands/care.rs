//! Keeping the records right and measuring change: the duplicate check as a client is typed in,
//! merging two records of one person (and undoing it), the service directory, and outcome measures.

use tauri::State;
use throughcare_core::dupes::{Duplicates, Merge};
use throughcare_core::model::measures::{Measure, ScaleForm};
use throughcare_core::model::services::{Service, ServiceRow};

use crate::args::{
    AddServiceArgs, DuplicatesArgs, MergeClientsArgs, OfferedScalesArgs, RecordMeasureArgs, UndoMergeArgs,
    UpdateServiceArgs,
};
use crate::error::UiError;
use crate::state::AppState;

/// People already on record who may be the one being typed in (run as they type).
#[tauri::command]
pub async fn likely_duplicates(
    state: State<'_, AppState>,
    args: DuplicatesArgs,
) -> Result<Duplicates, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).likely_duplicates(&args.query)?))
}

/// Merges two records of one person (managers).
#[tauri::command]
pub async fn merge_clients(state: State<'_, AppState>, args: MergeClientsArgs) -> Result<Merge, UiError> {
    state.with(|s| {
        Ok(s.store.write(&s.actor, |tx| tx.merge_clients(args.kept_id, args.merged_id, args.choices))?)
    })
}

/// Undoes a merge (managers).
#[tauri::command]
pub async fn undo_merge(state: State<'_, AppState>, args: UndoMergeArgs) -> Result<Merge, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.undo_merge(args.id))?))
}

/// The whole service directory with each service's median wait over the last 12 months.
#[tauri::command]
pub async fn service_directory(state: State<'_, AppState>) -> Result<Vec<ServiceRow>, UiError> {
    let today = throughcare_core::time::today_london();
    state.with(|s| Ok(s.store.reader(&s.actor).service_directory(today)?))
}

/// Adds a service (managers).
#[tauri::command]
pub async fn add_service(state: State<'_, AppState>, args: AddServiceArgs) -> Result<Service, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.add_service(args.fields))?))
}

/// Changes or closes a service (managers).
#[tauri::command]
pub async fn update_service(state: State<'_, AppState>, args: UpdateServiceArgs) -> Result<Service, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.update_service(args.id, args.patch))?))
}

/// The questionnaires, with their questions and answers and whether the organisation uses them.
#[tauri::command]
pub async fn scales(state: State<'_, AppState>) -> Result<Vec<ScaleForm>, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).scale_forms()?))
}

/// Chooses the questionnaires the organisation uses (managers); returns them all again.
#[tauri::command]
pub async fn set_offered_scales(
    state: State<'_, AppState>,
    args: OfferedScalesArgs,
) -> Result<Vec<ScaleForm>, UiError> {
    state.with(|s| {
        s.store.write(&s.actor, |tx| tx.set_offered_scales(&args.scales))?;
        Ok(s.store.reader(&s.actor).scale_forms()?)
    })
}

/// Records a completed questionnaire.
#[tauri::command]
pub async fn record_measure(state: State<'_, AppState>, args: RecordMeasureArgs) -> Result<Measure, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.record_measure(args.measure))?))
}
