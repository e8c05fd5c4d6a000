//! A caseworker's quick actions on a record: log a contact, close or reopen support, custody and
//! release, tick off a task, and the service directory the forms choose from.

use tauri::State;
use throughcare_core::model::Paged;
use throughcare_core::model::clients::Episode;
use throughcare_core::model::contacts::Contact;
use throughcare_core::model::custody::Custody;
use throughcare_core::model::services::Service;
use throughcare_core::model::tasks::{Task, TaskRow};
use throughcare_core::time::today_london;

use crate::args::{
    AddCustodyArgs, AddTaskArgs, CloseEpisodeArgs, CompleteTaskArgs, LogContactArgs, MoveEstablishmentArgs,
    ReassignTaskArgs, RecordReleaseArgs, ReopenEpisodeArgs, RescheduleTaskArgs, TasksArgs,
};
use crate::error::UiError;
use crate::state::AppState;

/// Logs a support contact (a follow-up date makes a task).
#[tauri::command]
pub async fn log_contact(state: State<'_, AppState>, args: LogContactArgs) -> Result<Contact, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.log_contact(args.contact))?))
}

/// Closes a client's support with a reason.
#[tauri::command]
pub async fn close_episode(state: State<'_, AppState>, args: CloseEpisodeArgs) -> Result<Episode, UiError> {
    state
        .with(|s| Ok(s.store.write(&s.actor, |tx| tx.close_episode(args.client_id, args.on, args.reason))?))
}

/// Opens support again.
#[tauri::command]
pub async fn reopen_episode(state: State<'_, AppState>, args: ReopenEpisodeArgs) -> Result<Episode, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.reopen_episode(args.client_id, args.on))?))
}

/// Records going into custody; the client's status follows.
#[tauri::command]
pub async fn add_custody(state: State<'_, AppState>, args: AddCustodyArgs) -> Result<Custody, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.add_custody(args.fields))?))
}

/// Records a move between prisons.
#[tauri::command]
pub async fn move_establishment(
    state: State<'_, AppState>,
    args: MoveEstablishmentArgs,
) -> Result<Custody, UiError> {
    state.with(|s| {
        Ok(s.store.write(&s.actor, |tx| {
            tx.move_establishment(args.id, args.establishment, args.expected_release_on)
        })?)
    })
}

/// Records a release; the client's status follows and the first 14 days become a task.
#[tauri::command]
pub async fn record_release(state: State<'_, AppState>, args: RecordReleaseArgs) -> Result<Custody, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.record_release(args.id, args.release))?))
}

/// Marks a task done (or not).
#[tauri::command]
pub async fn complete_task(state: State<'_, AppState>, args: CompleteTaskArgs) -> Result<Task, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.complete_task(args.id, args.done))?))
}

/// Tasks as the Tasks screen lists them (overdue first), each saying why it exists.
#[tauri::command]
pub async fn tasks(state: State<'_, AppState>, args: TasksArgs) -> Result<Paged<TaskRow>, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).task_rows(&args.filter, args.page, today_london())?))
}

/// Adds a task by hand.
#[tauri::command]
pub async fn add_task(state: State<'_, AppState>, args: AddTaskArgs) -> Result<Task, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.add_task(args.task))?))
}

/// Gives a task to someone else.
#[tauri::command]
pub async fn reassign_task(state: State<'_, AppState>, args: ReassignTaskArgs) -> Result<Task, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.reassign_task(args.id, args.assignee_id))?))
}

/// Moves a task's due date.
#[tauri::command]
pub async fn reschedule_task(state: State<'_, AppState>, args: RescheduleTaskArgs) -> Result<Task, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.reschedule_task(args.id, args.due_on))?))
}

/// The service directory.
#[tauri::command]
pub async fn services(state: State<'_, AppState>) -> Result<Vec<Service>, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).services(None)?))
}
