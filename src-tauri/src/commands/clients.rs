//! Clients: list and search, one client's record, add and change.

use tauri::{AppHandle, State};
use throughcare_core::model::Paged;
use throughcare_core::model::clients::{Client, ClientRow};
use throughcare_core::record::ClientRecord;
use throughcare_core::subject_access::SubjectAccessFiles;

use crate::args::{
    ClientArgs, ClientsArgs, CreateClientArgs, RecordConsentArgs, SearchArgs, SubjectAccessArgs,
    UpdateClientArgs, bounded,
};
use crate::commands::sync::{SaveAs, choose_path};
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

/// Records a consent decision (agreed, or did not agree or withdrew, for one purpose). Returns the
/// record as it now stands, with the consent's history.
#[tauri::command]
pub async fn record_consent(
    state: State<'_, AppState>,
    args: RecordConsentArgs,
) -> Result<ClientRecord, UiError> {
    state.with(|s| {
        let id = args.consent.client_id;
        s.store.write(&s.actor, |tx| tx.record_consent(args.consent))?;
        Ok(s.store.open_client_record(&s.actor, id)?)
    })
}

/// Writes everything held about a person as a PDF (where the person chooses) and the same as JSON
/// beside it, for a subject access request; core audits it. None when the Save window was cancelled.
#[tauri::command]
pub async fn subject_access(
    app: AppHandle,
    state: State<'_, AppState>,
    args: SubjectAccessArgs,
) -> Result<Option<SubjectAccessFiles>, UiError> {
    // Check the person may be looked up by this user before asking where to save.
    state.with(|s| Ok(s.store.subject_access(&s.actor, args.id, args.since).map(|_| ())?))?;
    let name = throughcare_core::subject_access::file_name(args.id, throughcare_core::time::Timestamp::now());
    let what =
        SaveAs { title: "Save everything held about this person", kind: "PDF document", extension: "pdf" };
    let Some(path) = choose_path(&app, &name, &what).await? else {
        return Ok(None);
    };
    state.with(|s| Ok(s.store.write_subject_access(&s.actor, args.id, args.since, &path)?)).map(Some)
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
