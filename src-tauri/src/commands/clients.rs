//! Clients: list and search, one client's record, add and change.

use tauri::State;
use throughcare_core::model::Paged;
use throughcare_core::model::clients::{Client, ClientRow};
use throughcare_core::record::ClientRecord;

use crate::args::{ClientArgs, ClientsArgs, CreateClientArgs, UpdateClientArgs, bounded};
use crate::error::UiError;
use crate::state::AppState;

/// A page of clients matching a filter (search as you type goes through here).
#[tauri::command]
pub async fn clients(state: State<'_, AppState>, args: ClientsArgs) -> Result<Paged<ClientRow>, UiError> {
    if let Some(q) = &args.filter.query {
        bounded("query", q, 200)?;
    }
    state.with(|s| Ok(s.store.reader(&s.actor).clients(&args.filter, args.page)?))
}

/// Everything about one client (core writes the view to the audit log).
#[tauri::command]
pub async fn client_record(state: State<'_, AppState>, args: ClientArgs) -> Result<ClientRecord, UiError> {
    state.with(|s| Ok(s.store.open_client_record(&s.actor, args.id)?))
}

/// Adds a client (support opens today).
#[tauri::command]
pub async fn create_client(state: State<'_, AppState>, args: CreateClientArgs) -> Result<Client, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.create_client(args.fields, None))?))
}

/// Changes only the fields given.
#[tauri::command]
pub async fn update_client(state: State<'_, AppState>, args: UpdateClientArgs) -> Result<Client, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.update_client(args.id, args.patch))?))
}
