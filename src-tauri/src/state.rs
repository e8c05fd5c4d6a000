//! App state: where the database is, and the open session once unlocked.
//!
//! The store sits behind a mutex; each command takes it for the length of one core call. Locking
//! drops the store, which closes the database and forgets its key.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use throughcare_core::{Actor, Store};

use crate::error::UiError;

/// An unlocked database and who is using it.
#[derive(Debug)]
pub struct Session {
    /// The store.
    pub store: Store,
    /// The acting user.
    pub actor: Actor,
}

/// Everything the commands share.
#[derive(Debug)]
pub struct AppState {
    /// The database file.
    pub db_path: PathBuf,
    /// Shown on the unlock screen for the demo database only.
    pub demo_passphrase: Option<String>,
    /// The open session, if unlocked.
    pub session: Mutex<Option<Session>>,
}

impl AppState {
    /// From the environment: `THROUGHCARE_DB` or the user's data folder.
    pub fn from_env() -> Self {
        let db_path = std::env::var_os("THROUGHCARE_DB")
            .map(PathBuf::from)
            .or_else(|| dirs::data_dir().map(|d| d.join("throughcare").join("throughcare.db")))
            .unwrap_or_else(|| PathBuf::from("throughcare.db"));
        let demo_passphrase = std::env::var("THROUGHCARE_DEMO_PASSPHRASE").ok().filter(|p| !p.is_empty());
        AppState { db_path, demo_passphrase, session: Mutex::new(None) }
    }

    /// The session slot.
    pub fn slot(&self) -> MutexGuard<'_, Option<Session>> {
        self.session.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` with the open session, or says the app is locked.
    pub fn with<T>(&self, f: impl FnOnce(&mut Session) -> Result<T, UiError>) -> Result<T, UiError> {
        let mut slot = self.slot();
        match slot.as_mut() {
            Some(s) => f(s),
            None => Err(UiError::locked()),
        }
    }
}
