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
    /// The acting user: the person whose own passphrase unlocked it.
    pub actor: Actor,
    /// A sync file the person chose, waiting for them to press Import (kept here, not in the page, so
    /// it goes when the app locks).
    pub staged_sync_file: Option<Vec<u8>>,
    /// How long the app may sit unused before it locks (core's rule: the organisation's setting,
    /// shortened by this computer's request).
    pub idle_limit: Duration,
}

impl Session {
    /// A session with nothing staged, locking as the organisation says.
    pub fn new(store: Store, actor: Actor) -> Self {
        let mut s = Session { store, actor, staged_sync_file: None, idle_limit: Duration::from_secs(60) };
        s.follow_lock_setting();
        s
    }

    /// Takes the organisation's lock setting (as this computer may shorten it) as the idle limit.
    pub fn follow_lock_setting(&mut self) {
        let setting = self
            .store
            .reader(&self.actor)
            .lock_minutes()
            .unwrap_or(throughcare_core::model::users::DEFAULT_LOCK_MINUTES);
        let requested = std::env::var("THROUGHCARE_LOCK_MINUTES").ok();
        let minutes = throughcare_core::model::users::lock_after(setting, requested.as_deref());
        self.idle_limit = Duration::from_secs(u64::from(minutes) * 60);
    }
}

/// Everything the commands share.
#[derive(Debug)]
pub struct AppState {
    /// The database file.
    pub db_path: PathBuf,
    /// Shown on the unlock screen for the demo database only.
    pub demo_passphrase: Option<String>,
    /// The name that goes with it (the demo only).
    pub demo_name: Option<String>,
    /// The open session, if unlocked.
    pub session: Mutex<Option<Session>>,
    /// When the person last did something.
    pub last_used: Mutex<Instant>,
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
        let demo_name = std::env::var("THROUGHCARE_DEMO_USER").ok().filter(|p| !p.is_empty());
        AppState {
            db_path,
            demo_passphrase,
            demo_name,
            session: Mutex::new(None),
            last_used: Mutex::new(Instant::now()),
            invitation: Mutex::new(None),
        }
    }

    /// Locks if nobody has used the app for longer than the session's limit. Returns whether it locked.
    pub fn lock_if_idle(&self) -> bool {
        let idle = self.last_used.lock().map(|t| t.elapsed()).unwrap_or_default();
        let mut slot = self.slot();
        if slot.as_ref().is_some_and(|s| idle >= s.idle_limit) {
            // Dropping the session closes the database and zeroes its key.
            return slot.take().is_some();
        }
        false
    }

    /// Locks now (the person asked, or the computer slept or locked its screen).
    pub fn lock_now(&self) -> bool {
        self.slot().take().is_some()
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
        let (store, actor) = Store::create(&path, "correct horse battery staple", &new).unwrap();
        let mut session = Session::new(store, actor);
        assert_eq!(session.idle_limit, Duration::from_secs(5 * 60), "five minutes unless a manager says");
        session.idle_limit = Duration::from_millis(50);
        let state = AppState {
            db_path: path,
            demo_passphrase: None,
            demo_name: None,
            session: Mutex::new(Some(session)),
            last_used: Mutex::new(Instant::now()),
            invitation: Mutex::new(None),
        };
        assert!(state.with(|_| Ok(())).is_ok());
        std::thread::sleep(Duration::from_millis(80));
        assert!(state.lock_if_idle());
        assert!(state.slot().is_none());
        assert_eq!(state.with(|_| Ok(())).unwrap_err().message, UiError::locked().message);
    }
}
