//! Peer mentors: the list, a profile with linked clients, add and change, link and unlink.

use tauri::State;
use throughcare_core::model::mentors::{Mentor, MentorFields, MentorLink, MentorRecord, MentorRow};
use throughcare_core::time::today_london;

use crate::args::{AddMentorArgs, EndLinkArgs, LinkArgs, MentorArgs, UpdateMentorArgs};
use crate::error::UiError;
use crate::state::AppState;

/// Every current peer mentor, with their details, DBS status and how many clients they have now.
#[tauri::command]
pub async fn mentor_directory(state: State<'_, AppState>) -> Result<Vec<MentorRow>, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).mentor_rows(today_london())?))
}

/// One mentor and the clients linked to them.
#[tauri::command]
pub async fn mentor_record(state: State<'_, AppState>, args: MentorArgs) -> Result<MentorRecord, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).mentor_record(args.id)?))
}

/// Adds a peer mentor.
#[tauri::command]
pub async fn add_mentor(state: State<'_, AppState>, args: AddMentorArgs) -> Result<Mentor, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.add_mentor(args.fields))?))
}

/// Changes only the fields given.
#[tauri::command]
pub async fn update_mentor(state: State<'_, AppState>, args: UpdateMentorArgs) -> Result<Mentor, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.update::<MentorFields>(args.id, args.patch))?))
}

/// Pairs a mentor with a client.
#[tauri::command]
pub async fn link_mentor(state: State<'_, AppState>, args: LinkArgs) -> Result<MentorLink, UiError> {
    state.with(|s| {
        Ok(s.store.write(&s.actor, |tx| tx.link_mentor(args.mentor_id, args.client_id, args.starts_on))?)
    })
}

/// Ends a pairing.
#[tauri::command]
pub async fn end_mentor_link(state: State<'_, AppState>, args: EndLinkArgs) -> Result<MentorLink, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.end_mentor_link(args.id, args.ends_on))?))
}
