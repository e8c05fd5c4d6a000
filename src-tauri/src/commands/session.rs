//! First run, unlock and lock.

use serde::Serialize;
use tauri::State;
use throughcare_core::keyfile::KdfCost;
use throughcare_core::{NewDatabase, Store};

use crate::args::{CreateDatabaseArgs, UnlockArgs, bounded};
use crate::error::UiError;
use crate::state::{AppState, Session};

/// Where the app stands.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct AppStatus {
    /// Whether this computer has a database yet (if not: first run).
    pub has_database: bool,
    /// Whether it is unlocked.
    pub unlocked: bool,
    /// The organisation, when unlocked.
    pub organisation: Option<String>,
    /// The person using it, when unlocked.
    pub user_name: Option<String>,
    /// Their id, when unlocked (a caseworker's own caseload is asked for by it).
    pub user_id: Option<throughcare_core::ids::UserId>,
    /// Their role, when unlocked.
    pub role: Option<throughcare_core::enums::Role>,
    /// What their role lets them use, when unlocked (core's rules; the app offers only these).
    pub can: Option<throughcare_core::authz::Abilities>,
    /// The demo database's passphrase, shown only when running the demo.
    pub demo_passphrase: Option<String>,
    /// The demo database's manager, whose name opens it with that passphrase (the demo only).
    pub demo_name: Option<String>,
}

/// The status now.
pub fn status(state: &AppState) -> Result<AppStatus, UiError> {
    let slot = state.slot();
    let (organisation, user_name, role, can) = match slot.as_ref() {
        Some(s) => {
            let r = s.store.reader(&s.actor);
            let org = r.organisation_name()?;
            let me =
                r.users(true)?.into_iter().find(|u| u.id == s.actor.user_id).map(|u| u.fields.display_name);
            (Some(org), me, Some(s.actor.role), Some(s.store.abilities(&s.actor)?))
        }
        None => (None, None, None, None),
    };
    Ok(AppStatus {
        has_database: state.db_path.exists(),
        unlocked: slot.is_some(),
        organisation,
        user_name,
        user_id: slot.as_ref().map(|s| s.actor.user_id),
        role,
        can,
        demo_passphrase: state.demo_passphrase.clone(),
        demo_name: state.demo_passphrase.as_ref().and(state.demo_name.clone()),
    })
}

/// Where the app stands.
#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, UiError> {
    status(&state)
}

/// Creates the database on first run; the person becomes its first manager.
#[tauri::command]
pub async fn create_database(
    state: State<'_, AppState>,
    args: CreateDatabaseArgs,
) -> Result<AppStatus, UiError> {
    bounded("organisation", &args.organisation, 200)?;
    bounded("your_name", &args.your_name, 200)?;
    bounded("passphrase", &args.passphrase, 1024)?;
    let new = NewDatabase {
        device_name: throughcare_core::model::users::computer_name_for(&args.your_name),
        organisation: args.organisation,
        manager_name: args.your_name,
        kdf: KdfCost::calibrated(),
    };
    let (store, actor) = Store::create(&state.db_path, &args.passphrase, &new).map_err(|e| match e {
        throughcare_core::Error::Validation { field, message } => {
            let field = match field.as_str() {
                "user" => "your_name".to_owned(),
                f => f.to_owned(),
            };
            UiError::invalid(&field, message)
        }
        e => e.into(),
    })?;
    *state.slot() = Some(Session::new(store, actor));
    status(&state)
}

/// Unlocks the database as the person with this name and passphrase. Core decides who they are,
/// counts wrong tries and slows them; the answer never says whether a name is someone's.
#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, args: UnlockArgs) -> Result<AppStatus, UiError> {
    bounded("name", &args.name, 200)?;
    bounded("passphrase", &args.passphrase, 1024)?;
    let (store, actor) = Store::unlock(&state.db_path, Some(&args.name), &args.passphrase).map_err(|e| {
        let mut ui: UiError = e.into();
        if ui.kind == throughcare_core::ErrorKind::WrongPassphrase {
            ui.field = Some("passphrase".into());
        }
        ui
    })?;
    if let Ok(mut t) = state.last_used.lock() {
        *t = std::time::Instant::now();
    }
    *state.slot() = Some(Session::new(store, actor));
    status(&state)
}

/// Locks: closes the database and forgets its key.
#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> Result<AppStatus, UiError> {
    state.lock_now();
    status(&state)
}
