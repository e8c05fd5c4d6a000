//! Appointments: book, and record what happened.

use tauri::State;
use throughcare_core::model::appointments::Appointment;

use crate::args::{BookArgs, OutcomeArgs};
use crate::error::UiError;
use crate::state::AppState;

/// Books an appointment.
#[tauri::command]
pub async fn book_appointment(state: State<'_, AppState>, args: BookArgs) -> Result<Appointment, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.book_appointment(args.booking))?))
}

/// Records the outcome (a did-not-attend makes a follow-up task).
#[tauri::command]
pub async fn record_outcome(state: State<'_, AppState>, args: OutcomeArgs) -> Result<Appointment, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.record_outcome(args.id, args.record))?))
}
