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
//! Both ways the database is streamed, never held in memory whole: a large charity's backup is
//! gigabytes. Nothing in it is readable without the passphrase. Restoring checks the passphrase, the
//! file's page authentication and integrity, and the schema version before anything is put in place,
//! and never overwrites a database unless asked to. A backup made before someone's details were
//! erased is erased again as it is restored, from the erasure register kept beside the database
//! ([`crate::erasures`]), before anyone can use it.

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
/// A key file holds a few passphrase wrappings: far less than this.
const MAX_KEY_FILE: u64 = 16 << 20;

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

/// A backup being read from its start: how many bytes are left in the file, so that a length read
/// from it is checked against the file before anything that size is read or made.
struct Reading<R> {
    r: R,
    left: u64,
}

impl<R: Read> Reading<R> {
    fn take(&mut self, n: u64) -> Result<Vec<u8>> {
        if n > self.left {
            return Err(Error::BadBackup { reason: "it is cut short".into() });
        }
        let len =
            usize::try_from(n).map_err(|_| Error::BadBackup { reason: "a length is out of range".into() })?;
        let mut out = vec![0u8; len];
        self.r.read_exact(&mut out).map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => Error::BadBackup { reason: "it is cut short".into() },
            _ => e.into(),
        })?;
        self.left -= n;
        Ok(out)
    }

    fn take_len(&mut self) -> Result<u64> {
        let mut a = [0u8; 8];
        a.copy_from_slice(&self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }
}

/// A restored database, unlocked, and the people erased again in it.
#[derive(Debug)]
pub struct Restored {
    /// The database.
    pub store: Store,
    /// Who restored it.
    pub actor: Actor,
    /// People whose details were erased after the backup was made, erased again in it.
    pub erased_again: usize,
}

/// Restores a backup to `db` and unlocks it as the person with this name and passphrase (a person
/// who could unlock the database when the backup was taken). Refuses to replace an existing
/// database unless `force`. The backup is checked (passphrase, page authentication, integrity,
/// schema version) before anything is replaced. Everyone in the erasure register beside `db` who is
/// not erased in the backup is erased again before it is handed back, which only a manager may do:
/// for anyone else such a backup is refused. The restore is audited under their name.
pub fn restore(
    backup: &Path,
    db: &Path,
    name: Option<&str>,
    passphrase: &str,
    force: bool,
) -> Result<Restored> {
    // Read as a stream: a large charity's backup is gigabytes, more than a laptop may have free to
    // hold it. Its lengths are checked against the file's size before its database is copied.
    let file = fs::File::open(backup)?;
    let size = file.metadata()?.len();
    let mut bytes = Reading { r: std::io::BufReader::new(file), left: size };
    if bytes.take(MAGIC.len() as u64).ok().as_deref() != Some(MAGIC) {
        return Err(Error::BadBackup { reason: "it does not start like one".into() });
    }
    let mut v = [0u8; 4];
    v.copy_from_slice(&bytes.take(4)?);
    if u32::from_le_bytes(v) > VERSION {
        return Err(Error::BadBackup { reason: "it was made by a newer version of Throughcare".into() });
    }
    let kf_len = bytes.take_len()?;
    if kf_len > MAX_KEY_FILE {
        return Err(Error::BadBackup { reason: "a length is out of range".into() });
    }
    let kf = KeyFile::from_bytes(&bytes.take(kf_len)?)?;
    let db_len = bytes.take_len()?;
    match db_len.cmp(&bytes.left) {
        std::cmp::Ordering::Greater => return Err(Error::BadBackup { reason: "it is cut short".into() }),
        std::cmp::Ordering::Less => {
            return Err(Error::BadBackup { reason: "it has extra bytes at the end".into() });
        }
        std::cmp::Ordering::Equal => {}
    }
    let opened = kf.open(name, passphrase)?;
    let (key, who) = (opened.key, opened.who);
    if (db.exists() || key_path(db).exists()) && !force {
        return Err(Error::AlreadyExists { path: db.to_path_buf() });
    }
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    // Check the copy where it cannot hurt anything.
    let staged = sibling(db, ".restoring");
    remove_with_logs(&staged);
    let copied = (|| {
        let mut f = crate::files::create_new_private(&staged)?;
        if std::io::copy(&mut (&mut bytes.r).take(db_len), &mut f)? != db_len {
            return Err(Error::BadBackup { reason: "it is cut short".into() });
        }
        Ok(f.sync_all()?)
    })();
    // A copy that stopped part-way (the file shrank, the disk filled) is not left behind.
    if let Err(e) = copied {
        remove_with_logs(&staged);
        return Err(e);
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
        let pending = pending_erasures(&conn, db)?;
        if !pending.is_empty() && !restorer_is_manager(&conn, &who)? {
            return Err(Error::invalid(
                "file",
                format!(
                    "This backup was made before {} had their details erased. A manager must restore it, so the erasure is made again before anyone uses it. Nothing was replaced.",
                    if pending.len() == 1 {
                        "1 person".to_owned()
                    } else {
                        format!("{} people", pending.len())
                    }
                ),
            ));
        }
        Ok(pending)
    })();
    let pending = match checked {
        Ok(p) => p,
        Err(e) => {
            remove_with_logs(&staged);
            return Err(e);
        }
    };
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
    store.write(&actor, |tx| {
        tx.audit(crate::audit::AuditAction::Restore, None, None, None)?;
        for client in &pending {
            tx.erase_client(*client)?;
        }
        Ok(())
    })?;
    Ok(Restored { store, actor, erased_again: pending.len() })
}

/// The people in the erasure register beside `db` whose details the backup still holds.
fn pending_erasures(conn: &rusqlite::Connection, db: &Path) -> Result<Vec<crate::ids::ClientId>> {
    let org: crate::ids::OrgId =
        conn.query_row("SELECT id FROM main.organisations ORDER BY id LIMIT 1", [], |r| r.get(0))?;
    let org = org.to_string();
    let register = crate::erasures::read(db, &org);
    let mut pending = Vec::new();
    for id in register.erased.keys() {
        let Ok(client) = id.parse::<crate::ids::ClientId>() else { continue };
        let present: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM main.clients WHERE id = :id)",
            rusqlite::named_params! {":id": client},
            |r| r.get(0),
        )?;
        if present && !crate::dupes::is_erased(conn, client)? {
            pending.push(client);
        }
    }
    Ok(pending)
}

/// Whether the person whose passphrase opened the backup is a manager in it.
fn restorer_is_manager(conn: &rusqlite::Connection, who: &crate::keyfile::Unlocked) -> Result<bool> {
    use crate::enums::ClosedSet;
    use rusqlite::OptionalExtension;
    let role: Option<String> = match who {
        crate::keyfile::Unlocked::Person(user) => conn
            .query_row(
                "SELECT role FROM main.users WHERE id = :id AND archived_at IS NULL",
                rusqlite::named_params! {":id": user},
                |r| r.get(0),
            )
            .optional()?,
        // The one passphrase of an older database opens as the device's own user.
        crate::keyfile::Unlocked::DevicePassphrase => conn
            .query_row(
                "SELECT u.role FROM main.users u JOIN main.devices d ON d.user_id = u.id
                 WHERE d.id = (SELECT value FROM main.local_state WHERE key = 'device_id')
                   AND u.archived_at IS NULL",
                [],
                |r| r.get(0),
            )
            .optional()?,
    };
    Ok(role.as_deref() == Some(crate::enums::Role::Manager.code()))
}
