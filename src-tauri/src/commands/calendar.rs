//! The calendar: a week for a mentor, a caseworker, a person or the team; warnings before saving a
//! booking or a move; free slots; availability; what needs attention; and calendar files.

use tauri::{AppHandle, State};
use throughcare_core::calendar::{Attention, Clash, FreeSlot, Week};
use throughcare_core::ics::{CalendarFor, SavedCalendar};
use throughcare_core::model::appointments::Appointment;
use throughcare_core::model::mentors::Mentor;
use throughcare_core::time::{Timestamp, today_london};

use crate::args::{
    CheckBookingArgs, ExportCalendarArgs, FreeSlotsArgs, MoveAppointmentArgs, SetAvailabilityArgs, WeekArgs,
};
use crate::commands::sync::{SaveAs, choose_path};
use crate::error::UiError;
use crate::state::AppState;

/// The week containing a day on someone's calendar.
#[tauri::command]
pub async fn week(state: State<'_, AppState>, args: WeekArgs) -> Result<Week, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).week(args.of, args.day)?))
}

/// What to warn about before a booking or a move is saved.
#[tauri::command]
pub async fn check_booking(
    state: State<'_, AppState>,
    args: CheckBookingArgs,
) -> Result<Vec<Clash>, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).check_booking(&args.check)?))
}

/// A mentor's free times over the next two weeks for an appointment of a given length.
#[tauri::command]
pub async fn free_slots(state: State<'_, AppState>, args: FreeSlotsArgs) -> Result<Vec<FreeSlot>, UiError> {
    state.with(|s| {
        Ok(s.store.reader(&s.actor).free_slots(
            args.mentor_id,
            args.client_id,
            Timestamp::now(),
            args.minutes,
        )?)
    })
}

/// Moves an appointment to another time, keeping it the same appointment.
#[tauri::command]
pub async fn move_appointment(
    state: State<'_, AppState>,
    args: MoveAppointmentArgs,
) -> Result<Appointment, UiError> {
    state.with(|s| {
        Ok(s.store.write(&s.actor, |tx| tx.move_appointment(args.id, args.starts_at, args.ends_at))?)
    })
}

/// Sets when a mentor is free (the mentor or a manager).
#[tauri::command]
pub async fn set_availability(
    state: State<'_, AppState>,
    args: SetAvailabilityArgs,
) -> Result<Mentor, UiError> {
    state
        .with(|s| Ok(s.store.write(&s.actor, |tx| tx.set_availability(args.mentor_id, args.availability))?))
}

/// Tomorrow's accompaniments, appointments nobody is going with, and outcomes not recorded.
#[tauri::command]
pub async fn needs_attention(state: State<'_, AppState>) -> Result<Attention, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).needs_attention(today_london())?))
}

/// Saves a mentor's or a caseworker's appointments as a calendar file, where the person chooses.
#[tauri::command]
pub async fn export_calendar(
    app: AppHandle,
    state: State<'_, AppState>,
    args: ExportCalendarArgs,
) -> Result<Option<SavedCalendar>, UiError> {
    // Check the request before asking where to save.
    state.with(|s| Ok(s.store.reader(&s.actor).calendar_events(&args.request).map(|_| ())?))?;
    let who = match args.request.of {
        CalendarFor::Mentor { .. } => "mentor",
        CalendarFor::Caseworker { .. } => "caseworker",
    };
    let name = format!("throughcare-{who}-appointments-{}-to-{}.ics", args.request.from, args.request.to);
    let what = SaveAs { title: "Save the calendar file", kind: "Calendar file", extension: "ics" };
    let Some(path) = choose_path(&app, &name, &what).await? else {
        return Ok(None);
    };
    state.with(|s| Ok(s.store.export_calendar(&s.actor, &args.request, &path)?)).map(Some)
}
