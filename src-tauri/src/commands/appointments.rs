//! Appointments: book, move to a new time, and record what happened.

use tauri::State;
use throughcare_core::model::appointments::Appointment;

use crate::args::{BookArgs, OutcomeArgs, RescheduleArgs};
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

/// Moves an appointment to a new time: the old one is marked cancelled (by the person or the service)
/// and linked to the new one, which is returned.
#[tauri::command]
pub async fn reschedule_appointment(
    state: State<'_, AppState>,
    args: RescheduleArgs,
) -> Result<Appointment, UiError> {
    state.with(|s| {
        Ok(s.store.write(&s.actor, |tx| {
            tx.reschedule_appointment(args.id, args.starts_at, args.ends_at, args.cancelled_by)
        })?)
    })
}
