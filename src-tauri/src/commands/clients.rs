//! Clients: list and search, one client's record, add and change.

use tauri::State;
use throughcare_core::model::Paged;
use throughcare_core::model::clients::{Client, ClientRow};
use throughcare_core::record::ClientRecord;

use crate::args::{ClientArgs, ClientsArgs, CreateClientArgs, SearchArgs, UpdateClientArgs, bounded};
use crate::error::UiError;
use crate::state::AppState;

/// A page of clients matching a filter, with how many match in all (the Clients screen).
#[tauri::command]
pub async fn clients(state: State<'_, AppState>, args: ClientsArgs) -> Result<Paged<ClientRow>, UiError> {
    if let Some(q) = &args.filter.query {
        bounded("query", q, 200)?;
    }
    state.with(|s| Ok(s.store.reader(&s.actor).clients(&args.filter, args.page)?))
}

/// The first few people matching what someone is typing (finding a person to pick).
#[tauri::command]
pub async fn search_clients(state: State<'_, AppState>, args: SearchArgs) -> Result<Vec<ClientRow>, UiError> {
    bounded("query", &args.query, 200)?;
    let limit = args.limit.clamp(1, 50);
    state.with(|s| Ok(s.store.reader(&s.actor).search_clients(&args.query, limit)?))
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

/// Erases a client's personal details here and, through sync, everywhere (managers; core refuses
/// anyone else). Returns the record as it now stands.
#[tauri::command]
pub async fn erase_client(state: State<'_, AppState>, args: ClientArgs) -> Result<ClientRecord, UiError> {
    state.with(|s| {
        s.store.write(&s.actor, |tx| tx.erase_client(args.id))?;
        Ok(s.store.open_client_record(&s.actor, args.id)?)
    })
}
