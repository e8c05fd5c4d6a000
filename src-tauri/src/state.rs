//! App state: where the database is, and the open session once unlocked.
//!
//! The store sits behind a mutex; each command takes it for the length of one core call. Locking
//! drops the store, which closes the database and forgets its key.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use throughcare_core::{Actor, Store};

use crate::error::UiError;

/// An unlocked database and who is using it.
#[derive(Debug)]
pub struct Session {
    /// The store.
    pub store: Store,
    /// The acting user.
    pub actor: Actor,
    /// A sync file the person chose, waiting for them to press Import (kept here, not in the page, so
    /// it goes when the app locks).
    pub staged_sync_file: Option<Vec<u8>>,
}

impl Session {
    /// A session with nothing staged.
    pub fn new(store: Store, actor: Actor) -> Self {
        Session { store, actor, staged_sync_file: None }
    }
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
    /// When the person last did something.
    pub last_used: Mutex<Instant>,
    /// How long the app may sit unused before it locks itself.
    pub idle_limit: Duration,
    /// On first run, the invitation file the person chose, until they join with it.
    pub invitation: Mutex<Option<Vec<u8>>>,
}

impl AppState {
    /// From the environment: `THROUGHCARE_DB` or the user's data folder.
    pub fn from_env() -> Self {
        let db_path = std::env::var_os("THROUGHCARE_DB")
            .map(PathBuf::from)
            .or_else(|| dirs::data_dir().map(|d| d.join("throughcare").join("throughcare.db")))
            .unwrap_or_else(|| PathBuf::from("throughcare.db"));
        let demo_passphrase = std::env::var("THROUGHCARE_DEMO_PASSPHRASE").ok().filter(|p| !p.is_empty());
        let minutes = std::env::var("THROUGHCARE_LOCK_MINUTES")
            .ok()
            .and_then(|m| m.parse::<u64>().ok())
            .filter(|m| *m > 0)
            .unwrap_or(15);
        AppState {
            db_path,
            demo_passphrase,
            session: Mutex::new(None),
            last_used: Mutex::new(Instant::now()),
            idle_limit: Duration::from_secs(minutes * 60),
            invitation: Mutex::new(None),
        }
    }

    /// Locks if nobody has used the app for longer than the limit. Returns whether it locked.
    pub fn lock_if_idle(&self) -> bool {
        let idle = self.last_used.lock().map(|t| t.elapsed()).unwrap_or_default();
        if idle >= self.idle_limit {
            return self.slot().take().is_some();
        }
        false
    }

    /// The staged invitation.
    pub fn invitation(&self) -> MutexGuard<'_, Option<Vec<u8>>> {
        self.invitation.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The session slot.
    pub fn slot(&self) -> MutexGuard<'_, Option<Session>> {
        self.session.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` with the open session, or says the app is locked.
    pub fn with<T>(&self, f: impl FnOnce(&mut Session) -> Result<T, UiError>) -> Result<T, UiError> {
        self.lock_if_idle();
        if let Ok(mut t) = self.last_used.lock() {
            *t = Instant::now();
        }
        let mut slot = self.slot();
        match slot.as_mut() {
            Some(s) => f(s),
            None => Err(UiError::locked()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_app_locks_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let new = throughcare_core::NewDatabase {
            organisation: "Org".into(),
            manager_name: "M".into(),
            device_name: "D".into(),
            kdf: throughcare_core::keyfile::KdfCost::MINIMUM,
        };
        let (store, actor) = Store::create(&path, "correct horse battery", &new).unwrap();
        let state = AppState {
            db_path: path,
            demo_passphrase: None,
            session: Mutex::new(Some(Session::new(store, actor))),
            last_used: Mutex::new(Instant::now()),
            idle_limit: Duration::from_millis(50),
            invitation: Mutex::new(None),
        };
        assert!(state.with(|_| Ok(())).is_ok());
        std::thread::sleep(Duration::from_millis(80));
        assert!(state.lock_if_idle());
        assert!(state.slot().is_none());
        assert_eq!(state.with(|_| Ok(())).unwrap_err().message, UiError::locked().message);
    }
}
