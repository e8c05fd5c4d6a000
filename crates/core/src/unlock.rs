//! Unlocking: who a person is, decided once, from their own name and passphrase.
//!
//! Each person who may use this computer has their own wrapping of the database key
//! ([`crate::keyfile`]). Unlocking finds it by their name, and the acting user for everything that
//! follows is the person whose wrapping opened the key, never anyone else: a removed or archived person
//! is refused (and their wrapping dropped), and nothing falls back to another user's identity.
//!
//! Wrong tries are counted in a small file beside the database (`<db>.unlock`), because the database
//! itself cannot be read before unlocking. After three wrong tries in a row each further one waits
//! twice as long as the last (1 s, 2 s, 4 s… at most 15 minutes), across restarts; a right one clears
//! the count. The wrong tries are written to the audit log at the next unlock, with their times and no
//! name (the name typed may not be anyone's, and must not be kept). Every unlock is audited.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::audit::AuditAction;
use crate::ids::UserId;
use crate::keyfile::{KeyFile, Unlocked, fold_name};
use crate::store::{Actor, Store};
use crate::time::Timestamp;
use crate::{Error, Result};

/// Wrong tries allowed in a row before each further one must wait.
pub const FREE_TRIES: u32 = 3;
/// The longest wait between tries: slowed, never locked out for good.
pub const MAX_WAIT_SECONDS: u64 = 15 * 60;
/// Wrong tries remembered for the audit log between unlocks (the oldest are dropped beyond this).
const KEEP_PENDING: usize = 500;

/// Where the wrong-try count of a database lives.
pub fn attempts_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".unlock");
    db.with_file_name(name)
}

/// The wrong tries since the last unlock.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempts {
    /// Wrong tries in a row.
    pub failures: u32,
    /// When the last one was (Unix milliseconds: whole seconds would let a one-second wait pass
    /// at once when a second ticks over).
    #[serde(default)]
    pub last_failure_ms: Option<i64>,
    /// When each was, for the audit log.
    #[serde(default)]
    pub pending: Vec<i64>,
}

impl Attempts {
    /// Reads the count; a missing or unreadable file counts as none (it is a brake, not a secret).
    pub fn read(db: &Path) -> Attempts {
        fs::read(attempts_path(db)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    fn write(&self, db: &Path) -> Result<()> {
        let path = attempts_path(db);
        Ok(crate::files::write_private(&path, &serde_json::to_vec(self)?)?)
    }

    /// How long the next try must wait after `failures` wrong ones in a row.
    pub fn wait_after(failures: u32) -> u64 {
        if failures < FREE_TRIES {
            return 0;
        }
        let doublings = (failures - FREE_TRIES).min(20);
        (1u64 << doublings).min(MAX_WAIT_SECONDS)
    }

    /// Whole seconds still to wait at `now_ms` (rounded up), if any. A last try stamped in the
    /// future (a clock put back) counts as now, so the wait is never longer than the longest.
    pub fn wait(&self, now_ms: i64) -> Option<u64> {
        let last = self.last_failure_ms?.min(now_ms);
        let wait_ms = i64::try_from(Self::wait_after(self.failures)).unwrap_or(0).saturating_mul(1000);
        let left = last.saturating_add(wait_ms) - now_ms;
        (left > 0).then(|| u64::try_from((left + 999) / 1000).unwrap_or(0))
    }

    fn failed(&mut self, now_ms: i64) {
        self.failures = self.failures.saturating_add(1);
        self.last_failure_ms = Some(now_ms);
        self.pending.push(now_ms.div_euclid(1000));
        if self.pending.len() > KEEP_PENDING {
            let extra = self.pending.len() - KEEP_PENDING;
            self.pending.drain(..extra);
        }
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The id that stands for "nobody known" in the audit log (a wrong try names no one).
pub(crate) const NOBODY: &str = "00000000-0000-0000-0000-000000000000";

impl Store {
    /// Unlocks the database at `path` as the person with this name and passphrase. Without a name,
    /// only a database that one person alone can unlock opens. Refused tries are counted and slow the
    /// next ones; the answer never says whether the name is someone's.
    pub fn unlock(path: &Path, name: Option<&str>, passphrase: &str) -> Result<(Store, Actor)> {
        if !path.exists() {
            return Err(Error::NoDatabase { path: path.to_path_buf() });
        }
        let mut attempts = Attempts::read(path);
        if let Some(seconds) = attempts.wait(now_ms()) {
            return Err(Error::TooManyTries { seconds });
        }
        let mut kf = KeyFile::read_for(path)?;
        let opened = match kf.open(name, passphrase) {
            Ok(o) => o,
            Err(Error::WrongPassphrase) => {
                attempts.failed(now_ms());
                attempts.write(path)?;
                return Err(Error::WrongPassphrase);
            }
            Err(e) => return Err(e),
        };
        let who = opened.who;
        let weaker = opened.weaker_than_target;
        let key_copy = opened.key.duplicate();
        let mut store = Store::open_with_key(path, opened.key)?;
        let actor = match who {
            Unlocked::Person(user) => match store.actor(user) {
                Ok(a) => a,
                Err(Error::NotFound { .. }) => {
                    // Removed or archived: their passphrase stops working here for good.
                    kf.remove(Unlocked::Person(user));
                    kf.write_for(path)?;
                    attempts.failed(now_ms());
                    attempts.write(path)?;
                    return Err(Error::NoLongerAllowed);
                }
                Err(e) => return Err(e),
            },
            Unlocked::DevicePassphrase => {
                // A database from before each person had a passphrase: its device passphrase belongs
                // to the device's own user, who from now on unlocks with their name.
                let Some(user) = store.device_owner()? else {
                    return Err(Error::NoLongerAllowed);
                };
                let actor = match store.actor(user) {
                    Ok(a) => a,
                    Err(Error::NotFound { .. }) => return Err(Error::NoLongerAllowed),
                    Err(e) => return Err(e),
                };
                let own_name = store.display_name(user)?;
                if name.is_some_and(|n| fold_name(n) != fold_name(&own_name)) {
                    attempts.failed(now_ms());
                    attempts.write(path)?;
                    return Err(Error::WrongPassphrase);
                }
                kf.add_person(&key_copy, user, &own_name, passphrase, kf.target())?;
                kf.remove(Unlocked::DevicePassphrase);
                kf.write_for(path)?;
                actor
            }
        };
        if weaker {
            let own_name = store.display_name(actor.user_id)?;
            kf.reseal(&key_copy, Unlocked::Person(actor.user_id), &own_name, passphrase)?;
            kf.write_for(path)?;
        }
        store.refresh_key_file()?;
        let pending = std::mem::take(&mut attempts.pending);
        store.write(&actor, |tx| {
            for at in &pending {
                let at = Timestamp::from_unix(*at).to_string();
                tx.audit_as_nobody(AuditAction::UnlockFailed, &at)?;
            }
            tx.audit(AuditAction::Unlock, None, None, None)
        })?;
        if attempts != Attempts::default() || attempts_path(path).exists() {
            let _ = fs::remove_file(attempts_path(path));
        }
        Ok((store, actor))
    }

    /// The user this device was set up for (from its device record).
    pub(crate) fn device_owner(&self) -> Result<Option<UserId>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()
            .query_row(
                "SELECT user_id FROM main.devices WHERE id = :id",
                rusqlite::named_params! {":id": self.device_id()},
                |r| r.get::<_, Option<UserId>>(0),
            )
            .optional()?
            .flatten())
    }

    /// A user's name as the app knows it.
    pub(crate) fn display_name(&self, user: UserId) -> Result<String> {
        Ok(self.conn().query_row(
            "SELECT display_name FROM main.users WHERE id = :id",
            rusqlite::named_params! {":id": user},
            |r| r.get(0),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keyfile::KdfCost;
    use crate::store::NewDatabase;

    #[test]
    fn a_database_from_before_moves_its_device_passphrase_to_its_owner() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let new = NewDatabase {
            organisation: "Org".into(),
            manager_name: "Morgan Hale".into(),
            device_name: "Laptop".into(),
            kdf: KdfCost::MINIMUM,
        };
        let (store, owner) = Store::create(&path, "correct horse battery staple", &new).unwrap();
        let mut kf = KeyFile::read_for(&path).unwrap();
        kf.make_legacy_for_tests(store.key(), "our old device passphrase");
        kf.write_for(&path).unwrap();
        drop(store);
        // Someone else's name does not get the owner's identity.
        assert!(matches!(
            Store::unlock(&path, Some("Somebody Else"), "our old device passphrase"),
            Err(Error::WrongPassphrase)
        ));
        let (_, who) = Store::unlock(&path, Some("Morgan Hale"), "our old device passphrase").unwrap();
        assert_eq!(who, owner);
        // From now on it is Morgan's own passphrase, found by name.
        let kf = KeyFile::read_for(&path).unwrap();
        assert_eq!(kf.people(), vec![owner.user_id]);
        assert!(kf.open(Some("Morgan Hale"), "our old device passphrase").is_ok());
    }

    #[test]
    fn the_wait_doubles_after_three_wrong_tries_and_never_passes_fifteen_minutes() {
        let waits: Vec<u64> = (0..8).map(Attempts::wait_after).collect();
        assert_eq!(waits, [0, 0, 0, 1, 2, 4, 8, 16]);
        assert_eq!(Attempts::wait_after(40), MAX_WAIT_SECONDS);
        let a = Attempts { failures: 5, last_failure_ms: Some(1_000_500), pending: vec![] };
        assert_eq!(a.wait(1_000_500), Some(4));
        // The wait is counted from the wrong try itself, not from the start of its second.
        assert_eq!(a.wait(1_004_000), Some(1));
        assert_eq!(a.wait(1_004_499), Some(1));
        assert_eq!(a.wait(1_004_500), None);
        // A clock put back does not lengthen the wait.
        assert_eq!(a.wait(500_000), Some(4));
    }
}
