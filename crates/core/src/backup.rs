//! Backups: one encrypted, consistent file holding the database and its key envelope.
//!
//! The copy is taken with SQLite's online backup API into a temporary database keyed with the same
//! key, so it is consistent even while the app is writing, and it is encrypted page by page exactly as
//! the live file is. The backup file is then:
//!
//! ```text
//! "THROUGHCARE-BACKUP\n"  u32 LE format version (1)
//! u64 LE length, key file (JSON, the passphrase wrappings)
//! u64 LE length, database (SQLCipher pages)
//! ```
//!
//! Nothing in it is readable without the passphrase. Restoring checks the passphrase, the file's page
//! authentication and integrity, and the schema version before anything is put in place, and never
//! overwrites a database unless asked to.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;

use crate::authz::{self, Action};
use crate::keyfile::{KeyFile, key_path};
use crate::store::{Actor, Store, open_keyed, remove_with_logs, shm, sibling, wal};
use crate::{Error, Result};

const MAGIC: &[u8] = b"THROUGHCARE-BACKUP\n";
const VERSION: u32 = 1;

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BackupSummary {
    /// Where.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

impl Store {
    /// Writes a backup of this database to `out`. Refuses to overwrite an existing file unless `force`.
    pub fn backup(&mut self, actor: &Actor, out: &Path, force: bool) -> Result<BackupSummary> {
        authz::require(actor, Action::Backup)?;
        if out.exists() && !force {
            return Err(Error::AlreadyExists { path: out.to_path_buf() });
        }
        self.write(actor, |tx| tx.audit(crate::audit::AuditAction::Backup, None, None, None))?;
        let tmp = sibling(out, ".partial-db");
        let _ = fs::remove_file(&tmp);
        let result = (|| {
            {
                // SQLite would make the copy readable by everyone; it starts as an empty private file.
                drop(crate::files::create_new_private(&tmp)?);
                let mut dst = open_keyed(&tmp, self.key(), true)?;
                let b = Backup::new(self.conn(), &mut dst)?;
                b.run_to_completion(512, Duration::from_millis(5), None)?;
            }
            let kf = KeyFile::read_for(self.path())?.to_bytes()?;
            let mut db = fs::File::open(&tmp)?;
            let db_len = db.metadata()?.len();
            // Streamed from the copy, so a large database is never held in memory whole.
            let mut f = crate::files::PrivateFile::create(out)?;
            f.write_all(MAGIC)?;
            f.write_all(&VERSION.to_le_bytes())?;
            f.write_all(&(kf.len() as u64).to_le_bytes())?;
            f.write_all(&kf)?;
            f.write_all(&db_len.to_le_bytes())?;
            let copied = std::io::copy(&mut db, &mut f)?;
            if copied != db_len {
                return Err(Error::Corrupt("the database changed while it was being backed up".into()));
            }
            f.commit()?;
            let bytes = (MAGIC.len() + 4 + 8 + kf.len() + 8) as u64 + db_len;
            Ok(BackupSummary { path: out.to_path_buf(), bytes })
        })();
        remove_with_logs(&tmp);
        result
    }
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Result<&'a [u8]> {
    if bytes.len() < n {
        return Err(Error::BadBackup { reason: "it is cut short".into() });
    }
    let (head, rest) = bytes.split_at(n);
    *bytes = rest;
    Ok(head)
}

fn take_len(bytes: &mut &[u8]) -> Result<usize> {
    let raw = take(bytes, 8)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(raw);
    usize::try_from(u64::from_le_bytes(a))
        .map_err(|_| Error::BadBackup { reason: "a length is out of range".into() })
}

/// Restores a backup to `db`. Refuses to replace an existing database unless `force`. The backup is
/// checked (passphrase, page authentication, integrity, schema version) before anything is replaced.
/// Restores a backup to `db` and unlocks it as the person with this name and passphrase (a person
/// who could unlock the database when the backup was taken). The restore is audited under their name.
pub fn restore(
    backup: &Path,
    db: &Path,
    name: Option<&str>,
    passphrase: &str,
    force: bool,
) -> Result<(Store, crate::store::Actor)> {
    let mut raw = Vec::new();
    fs::File::open(backup)?.read_to_end(&mut raw)?;
    let mut bytes = raw.as_slice();
    if take(&mut bytes, MAGIC.len()).ok() != Some(MAGIC) {
        return Err(Error::BadBackup { reason: "it does not start like one".into() });
    }
    let mut v = [0u8; 4];
    v.copy_from_slice(take(&mut bytes, 4)?);
    if u32::from_le_bytes(v) > VERSION {
        return Err(Error::BadBackup { reason: "it was made by a newer version of Throughcare".into() });
    }
    let kf_len = take_len(&mut bytes)?;
    let kf = KeyFile::from_bytes(take(&mut bytes, kf_len)?)?;
    let db_len = take_len(&mut bytes)?;
    let db_bytes = take(&mut bytes, db_len)?;
    if !bytes.is_empty() {
        return Err(Error::BadBackup { reason: "it has extra bytes at the end".into() });
    }
    let key = kf.open(name, passphrase)?.key;
    if (db.exists() || key_path(db).exists()) && !force {
        return Err(Error::AlreadyExists { path: db.to_path_buf() });
    }
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    // Check the copy where it cannot hurt anything.
    let staged = sibling(db, ".restoring");
    remove_with_logs(&staged);
    {
        let mut f = crate::files::create_new_private(&staged)?;
        f.write_all(db_bytes)?;
        f.sync_all()?;
    }
    let checked = (|| {
        let conn = open_keyed(&staged, &key, false)
            .map_err(|_| Error::BadBackup { reason: "its database does not open with its key".into() })?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > crate::migrations::SCHEMA_VERSION {
            return Err(Error::DatabaseTooNew { found, supported: crate::migrations::SCHEMA_VERSION });
        }
        let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        let bad_pages: Option<String> =
            conn.query_row("PRAGMA cipher_integrity_check", [], |r| r.get(0)).ok();
        if ok != "ok" || bad_pages.is_some() {
            return Err(Error::BadBackup { reason: "its database is damaged".into() });
        }
        Ok(())
    })();
    if let Err(e) = checked {
        remove_with_logs(&staged);
        return Err(e);
    }
    // Put it in place: old WAL and shared-memory files must go, or SQLite would replay them.
    for f in [wal(db), shm(db)] {
        let _ = fs::remove_file(f);
    }
    fs::rename(&staged, db)?;
    drop(key);
    kf.write_for(db)?;
    // Wrong tries counted against the database that was there do not carry over.
    let _ = fs::remove_file(crate::unlock::attempts_path(db));
    let (mut store, actor) = Store::unlock(db, name, passphrase)?;
    store.write(&actor, |tx| tx.audit(crate::audit::AuditAction::Restore, None, None, None))?;
    Ok((store, actor))
}
