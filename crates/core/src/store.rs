//! The encrypted store and its one write path.
//!
//! `Store` owns a single SQLCipher connection configured in one place ([`configure`]): raw 256-bit key,
//! WAL, `synchronous=FULL` so a saved record survives power loss, foreign keys on, a busy timeout and
//! temporary tables in memory so nothing plaintext reaches the disk. Every write goes through
//! [`Store::write`], which opens a `BEGIN IMMEDIATE` transaction and hands out a [`Tx`]. `Tx` is the only
//! thing that can change a synced record, and it appends the matching op (UUIDv7 id, device, gapless
//! sequence, HLC stamp, author, fields, base) in the same transaction. Reads go through a [`Reader`].
//! Both carry the acting user so that permissions are checked in one place ([`crate::authz`]).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, named_params};
use serde_json::{Map, Value};

use crate::audit::AuditAction;
use crate::entity::{Entity, to_sql};
use crate::enums::Role;
use crate::hlc::{self, Hlc};
use crate::ids::{DeviceId, MentorId, OpId, OrgId, TeamId, UserId};
use crate::keyfile::{DatabaseKey, KdfCost, KeyFile, key_path};
use crate::migrations::{DATA_VERSION, SCHEMA_VERSION, migrate};
use crate::time::Timestamp;
use crate::{Error, Result};

/// The user on whose behalf a call is made.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Actor {
    /// Who.
    pub user_id: UserId,
    /// Their role.
    pub role: Role,
    /// For a peer mentor, their mentor record.
    pub mentor_id: Option<MentorId>,
}

/// What to create a new database with.
#[derive(Debug, Clone)]
pub struct NewDatabase {
    /// Organisation name.
    pub organisation: String,
    /// The first user (a manager).
    pub manager_name: String,
    /// A name for this device.
    pub device_name: String,
    /// Key derivation cost.
    pub kdf: KdfCost,
}

/// Kinds of op, each standing as its number in the op log (schema 35): its place in [`OP_KINDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    /// A new record.
    Create = 0,
    /// Fields changed.
    Set = 1,
    /// Archived (a tombstone).
    Archive = 2,
    /// A person settled a conflict: sets the field to the value they chose.
    Resolve = 4,
    /// Personal data blanked here and in every earlier op of the record, on every device.
    Redact = 5,
}

/// The change kinds' codes, each at the number the op log keeps for it. `append` (3) is made no
/// longer; older logs may hold it.
const OP_KINDS: [&str; 6] = ["create", "set", "archive", "append", "resolve", "redact"];

impl OpKind {
    /// The number standing for the kind in the op log.
    pub(crate) fn number(self) -> i64 {
        self as i64
    }
}

/// The number the op log keeps for a change kind given as its code.
pub fn op_kind_number(code: &str) -> Result<i64> {
    OP_KINDS
        .iter()
        .position(|c| *c == code)
        .and_then(|n| i64::try_from(n).ok())
        .ok_or_else(|| Error::Corrupt(format!("unknown change kind '{code}'")))
}

/// The code of the change kind a number in the op log stands for.
pub fn op_kind_code(n: i64) -> Result<&'static str> {
    usize::try_from(n)
        .ok()
        .and_then(|i| OP_KINDS.get(i).copied())
        .ok_or_else(|| Error::Corrupt(format!("unknown change kind number {n} in the op log")))
}

/// The encrypted database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    device: DeviceId,
    organisation: OrgId,
    clock: Hlc,
    key: DatabaseKey,
    /// Whose scope is laid over the connection now ([`crate::scope`]).
    scope: std::cell::RefCell<crate::scope::ScopeState>,
    /// The last monthly summary worked out, kept while nothing changes ([`crate::report`]).
    pub(crate) kept_summary: std::cell::RefCell<Option<crate::report::compute::KeptSummary>>,
}

/// Applies the connection policy. The key must already be set.
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    // Every page read from disk is decrypted and authenticated, so a generous page cache (64 MiB)
    // and statement cache pay for themselves.
    conn.set_prepared_statement_cache_capacity(256);
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Corrupt(format!("the database would not switch to WAL (it is in {mode} mode)")));
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA trusted_schema = OFF;",
    )?;
    set_cache_mib(conn, CACHE_MIB)?;
    crate::packed::register(conn)?;
    Ok(())
}

/// The page cache, in MiB, a connection normally keeps.
pub(crate) const CACHE_MIB: i64 = 64;

/// Sets the connection's page cache (a negative `cache_size` is in KiB).
pub(crate) fn set_cache_mib(conn: &Connection, mib: i64) -> Result<()> {
    conn.pragma_update(None, "cache_size", -mib * 1024)?;
    Ok(())
}

/// SQLCipher sets up its crypto provider the first time a key is used, and two threads doing that at
/// once can make one of them fail ("An error occurred with PRAGMA key"). Doing it once, alone, before
/// any real database is keyed avoids that; it also sets SQLCipher's process-wide settings once.
fn warm_up_sqlcipher() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(conn) = Connection::open_in_memory() {
            // SQLCipher would otherwise print its own diagnostics (a wrong key, say) to stderr.
            let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
            // Wiping every freed buffer costs a fifth of write speed and protects little: this process
            // holds the plaintext it shows anyway. The key itself is zeroed by `DatabaseKey`.
            let _ = conn.execute_batch("PRAGMA cipher_memory_security = OFF;");
            let _ = conn.execute_batch(
                "PRAGMA key = \"x'0000000000000000000000000000000000000000000000000000000000000000'\";
                 CREATE TABLE warm_up (x INTEGER);",
            );
        }
    });
}

/// Opens the file and unlocks it with the raw key. Returns `NotOurDatabase` if the key does not fit.
pub(crate) fn open_keyed(path: &Path, key: &DatabaseKey, create: bool) -> Result<Connection> {
    warm_up_sqlcipher();
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    conn.execute_batch(&format!("PRAGMA key = \"{}\";", key.sqlcipher_literal().as_str()))?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::NotADatabase => {
            Err(Error::NotOurDatabase)
        }
        Err(e) => Err(e.into()),
    }
}

/// Rebuilds the database file without its free pages, once, after an upgrade that rewrote most of
/// it. The copy is written encrypted with the same key into a file beside it (`sqlcipher_export`:
/// nothing passes through an unencrypted temporary file, and memory does not grow with the file),
/// checked, then put in place by a rename: until then the upgraded file is untouched, and if the
/// copy fails the upgraded file is simply kept as it is.
fn compact(path: &Path, key: &DatabaseKey) -> Result<()> {
    let tmp = sibling(path, ".compacting");
    remove_with_logs(&tmp);
    let copied = (|| -> Result<()> {
        {
            let conn = open_keyed(path, key, false)?;
            conn.execute_batch("PRAGMA temp_store = MEMORY")?;
            // Everything in the write-ahead log goes into the file first, so that removing the log
            // below loses nothing; if that cannot be done, the file is left as it is.
            let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
            if busy != 0 {
                return Err(Error::Corrupt("the write-ahead log could not be emptied".into()));
            }
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            // The connection may not create files, so the copy starts as an empty file (private).
            drop(crate::files::create_new_private(&tmp)?);
            conn.execute(
                "ATTACH DATABASE :p AS compacted KEY :k",
                named_params! {":p": tmp.to_string_lossy(), ":k": key.sqlcipher_literal().as_str()},
            )?;
            conn.query_row("SELECT sqlcipher_export('compacted')", [], |_| Ok(()))?;
            conn.execute_batch(&format!("PRAGMA compacted.user_version = {version}"))?;
            conn.execute_batch("DETACH DATABASE compacted")?;
        }
        let check = open_keyed(&tmp, key, false)?;
        let ok: String = check.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(Error::Corrupt("the rebuilt copy did not check out".into()));
        }
        drop(check);
        fs::File::open(&tmp)?.sync_all()?;
        Ok(())
    })();
    if copied.is_err() {
        // Not being able to shrink the file (a full disk, say) is no reason to refuse to open it.
        remove_with_logs(&tmp);
        return Ok(());
    }
    for f in [wal(path), shm(path)] {
        let _ = fs::remove_file(f);
    }
    fs::rename(&tmp, path)?;
    Ok(())
}

impl Store {
    /// Creates a new encrypted database with its organisation, first manager and this device.
    /// Refuses to touch a path where a database or key file already exists.
    pub fn create(path: &Path, passphrase: &str, new: &NewDatabase) -> Result<(Store, Actor)> {
        let org_name = crate::validate::required_text(
            "organisation",
            "The organisation's name",
            &new.organisation,
            200,
        )?;
        let manager = crate::validate::required_text("user", "Your name", &new.manager_name, 200)?;
        let device_name =
            crate::validate::required_text("device", "A name for this device", &new.device_name, 200)?;
        crate::keyfile::check_new_passphrase(passphrase, &[&manager, &org_name])?;
        let device = DeviceId::new();
        let organisation = OrgId::new();
        Self::create_empty(path, passphrase, new.kdf, device, organisation, |store| {
            let user = UserId::new();
            let name = manager.clone();
            let actor = Actor { user_id: user, role: Role::Manager, mentor_id: None };
            store.write(&actor, |tx| {
                let now = tx.now();
                tx.create(
                    Entity::Organisation,
                    &organisation.to_string(),
                    obj([("name", org_name.into()), ("created_at", now.to_string().into())]),
                )?;
                let team = TeamId::new();
                tx.create(
                    Entity::Team,
                    &team.to_string(),
                    obj([("name", "Main team".into()), ("created_at", now.to_string().into())]),
                )?;
                tx.create(
                    Entity::User,
                    &user.to_string(),
                    obj([
                        ("display_name", manager.into()),
                        ("role", Role::Manager.code_str().into()),
                        ("team_id", team.to_string().into()),
                        ("created_at", now.to_string().into()),
                    ]),
                )?;
                tx.create(
                    Entity::Device,
                    &device.to_string(),
                    obj([
                        ("name", device_name.into()),
                        ("user_id", user.to_string().into()),
                        ("created_at", now.to_string().into()),
                    ]),
                )?;
                tx.add_starter_directory()?;
                crate::sync::keys::ensure(tx)?;
                tx.audit(AuditAction::Init, None, None, None)
            })?;
            Ok((actor.clone(), user, name))
        })
    }

    /// Makes a new, empty database for `organisation` with this device's id, then runs `fill` on it,
    /// which names the person who will unlock it; their key wrapping is written last, once the
    /// database holds them. If anything fails, every file it made is removed again.
    pub(crate) fn create_empty<T>(
        path: &Path,
        passphrase: &str,
        kdf: KdfCost,
        device: DeviceId,
        organisation: OrgId,
        fill: impl FnOnce(&mut Store) -> Result<(T, UserId, String)>,
    ) -> Result<(Store, T)> {
        let keys = key_path(path);
        for p in [path, keys.as_path()] {
            if p.exists() {
                return Err(Error::AlreadyExists { path: p.to_path_buf() });
            }
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)?;
        }
        let key = DatabaseKey::generate();
        let result = (move || {
            // Private from the first byte: SQLite would make it readable by everyone, and its log and
            // shared-memory files take the database's mode.
            drop(crate::files::create_new_private(path)?);
            let mut conn = open_keyed(path, &key, true)?;
            configure(&conn)?;
            migrate(&mut conn)?;
            conn.execute(
                "INSERT INTO local_state (key, value) VALUES ('device_id', :d), ('organisation_id', :o)",
                named_params! {":d": device.to_string(), ":o": organisation.to_string()},
            )?;
            let mut store = Store {
                conn,
                path: path.to_path_buf(),
                device,
                organisation,
                clock: Hlc::zero(device),
                key,
                scope: Default::default(),
                kept_summary: Default::default(),
            };
            let (out, user, name) = fill(&mut store)?;
            KeyFile::create(store.key(), user, &name, passphrase, kdf)?.write_for(path)?;
            Ok((store, out))
        })();
        if result.is_err() {
            for p in [path.to_path_buf(), keys.clone(), wal(path), shm(path)] {
                let _ = fs::remove_file(p);
            }
        }
        result
    }

    pub(crate) fn open_with_key(path: &Path, key: DatabaseKey) -> Result<Store> {
        let mut conn = open_keyed(path, &key, false)?;
        configure(&conn)?;
        if crate::migrations::rewrote_the_log(migrate(&mut conn)?) {
            drop(conn);
            compact(path, &key)?;
            conn = open_keyed(path, &key, false)?;
            configure(&conn)?;
        }
        crate::sync::merge::widen_old_erasures(&mut conn)?;
        // Indexes a bulk write left out and did not build again, because it stopped part way. If
        // building them fails (a full disk, say) the note stays for the next opening: every record
        // is there, only some screens are slower meanwhile, and `verify` says so.
        let _ = crate::bulk::rebuild_noted(&mut conn);
        let get = |k: &str| -> Result<String> {
            conn.query_row("SELECT value FROM local_state WHERE key = :k", named_params! {":k": k}, |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| Error::Corrupt(format!("the database has no {k}")))
        };
        let device: DeviceId = get("device_id")?.parse()?;
        let organisation: OrgId = get("organisation_id")?.parse()?;
        let last: Option<Hlc> = match conn
            .query_row("SELECT value FROM local_state WHERE key = 'clock'", [], |r| r.get::<_, String>(0))
            .optional()?
        {
            Some(v) => Some(v.parse()?),
            None => conn.query_row("SELECT max(hlc) FROM ops", [], |r| r.get(0))?,
        };
        let mut clock = Hlc::zero(device);
        if let Some(last) = last {
            clock = Hlc { wall_ms: last.wall_ms, counter: last.counter, device };
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            device,
            organisation,
            clock,
            key,
            scope: Default::default(),
            kept_summary: Default::default(),
        })
    }

    /// Marks the database as written by a later schema version. Only for tests and for checking that
    /// a newer database is refused; it makes the database unusable by this version.
    #[doc(hidden)]
    pub fn set_schema_version_for_tests(&mut self, actor: &Actor, version: i64) -> Result<()> {
        crate::authz::require(actor, crate::authz::Action::Verify)?;
        self.conn.pragma_update(None, "user_version", version)?;
        Ok(())
    }

    /// The connection with no scope, to edit the database by hand as an attacker would. Only for tests.
    #[doc(hidden)]
    pub fn raw_connection_for_tests(&self) -> &Connection {
        &self.conn
    }

    /// Moves this device's clock forward, as a laptop with a wrong clock would. Only for tests.
    #[doc(hidden)]
    pub fn skew_clock_for_tests(&mut self, ahead_ms: u64) {
        self.clock.wall_ms = hlc::now_ms() + ahead_ms;
    }

    /// The organisation's age identity. Only for tests that must look inside a bundle.
    #[doc(hidden)]
    pub fn org_identity_for_tests(&self) -> Result<age::x25519::Identity> {
        crate::sync::keys::load(&self.conn)?
            .and_then(|k| k.org_identity)
            .ok_or_else(|| Error::Corrupt("no sync keys".into()))
    }

    /// Moves everything in the write-ahead log into the file and empties the log, as a test that
    /// reads the file's pages needs.
    #[cfg(test)]
    pub(crate) fn checkpoint_for_tests(&self) {
        let busy: i64 = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0)).unwrap_or(1);
        assert_eq!(busy, 0, "the log could not be emptied");
    }

    pub(crate) fn key(&self) -> &DatabaseKey {
        &self.key
    }

    /// Where the database lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This device.
    pub fn device_id(&self) -> DeviceId {
        self.device
    }

    /// The organisation this database belongs to.
    pub fn organisation_id(&self) -> OrgId {
        self.organisation
    }

    /// For a peer mentor's own computer, the mentor whose share it holds.
    pub fn share_of(&self) -> Result<Option<MentorId>> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM local_state WHERE key = 'share_of'", [], |r| r.get(0))
            .optional()?;
        v.map(|m| m.parse()).transpose()
    }

    /// The schema version of this binary (and so of every open database).
    pub fn schema_version(&self) -> i64 {
        SCHEMA_VERSION
    }

    /// The acting user for a user id; refuses archived or unknown users.
    pub fn actor(&self, user: UserId) -> Result<Actor> {
        let row: Option<(String, Option<MentorId>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT role, mentor_id, archived_at FROM main.users WHERE id = :id",
                named_params! {":id": user},
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match row {
            Some((role, mentor_id, None)) => Ok(Actor { user_id: user, role: role.parse()?, mentor_id }),
            _ => Err(Error::NotFound { entity: "user" }),
        }
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction; everything it wrote is kept only if it succeeds.
    /// The transaction reads through `actor`'s scope, like a [`Reader`].
    pub fn write<T>(&mut self, actor: &Actor, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        crate::scope::ensure(&self.conn, &self.scope, actor)?;
        let out = self.write_scoped(actor, f);
        // The write may have moved clients into or out of a scope, or rolled the scope tables back.
        match &out {
            Ok(_) => self.scope.borrow_mut().stale(),
            Err(_) => self.scope.borrow_mut().reset(),
        }
        out
    }

    fn write_scoped<T>(&mut self, actor: &Actor, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let next_seq = crate::oplog::last_seq(&tx, &self.device.to_string())? + 1;
        let mut t = Tx {
            tx,
            actor,
            device: self.device,
            clock: self.clock,
            next_seq,
            nodes: None,
            now: Timestamp::now(),
            now_text: String::new(),
            discard: false,
            known: Default::default(),
            scope: &self.scope,
            erased_clients: Default::default(),
        };
        t.now_text = t.now.to_string();
        let out = f(&mut t)?;
        if t.discard {
            t.tx.rollback()?;
            return Ok(out);
        }
        let clock = t.clock;
        if clock != self.clock {
            t.tx.prepare_cached("INSERT INTO local_state (key, value) VALUES ('clock', :c) ON CONFLICT (key) DO UPDATE SET value = excluded.value")?
                .execute(named_params! {":c": clock.to_string()})?;
        }
        let erased = t.erased_clients.take();
        let at = t.now_text.clone();
        t.tx.commit()?;
        self.clock = clock;
        // Outside the database, so that a restored backup cannot bring them back (best effort: sync
        // carries the erasure too).
        let _ = crate::erasures::note(&self.path, &self.organisation.to_string(), &erased, &at);
        Ok(out)
    }

    /// A reader for `actor`: it sees only what `actor` may see ([`crate::scope`]).
    pub fn reader<'a>(&'a self, actor: &'a Actor) -> Reader<'a> {
        Reader { conn: &self.conn, actor, known: None, scope: &self.scope }
    }

    /// The whole connection, with no scope: for the sync machinery, `verify` and backups, which work
    /// on everything and name the real tables (`main.…`).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection itself, for work that manages its own transactions ([`crate::bulk`]).
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Runs `f` with a page cache of `mib` MiB for one big write (seeding, a sync file), then the usual
    /// one again whatever `f` returned. SQLite fills the bigger cache only as far as it needs, and
    /// gives the pages back when it shrinks.
    pub(crate) fn with_cache<T>(&mut self, mib: i64, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        set_cache_mib(&self.conn, mib)?;
        let out = f(self);
        // Only memory is at stake here: what `f` did stands whatever this says.
        let _ = set_cache_mib(&self.conn, CACHE_MIB);
        out
    }
}

/// The file beside `path` whose name is `path`'s with `suffix` added.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// Removes a database file that is being given up, with any journal, log or shared memory of it.
pub(crate) fn remove_with_logs(path: &Path) {
    for f in [path.to_path_buf(), sibling(path, "-journal"), wal(path), shm(path)] {
        let _ = fs::remove_file(f);
    }
}

pub(crate) fn wal(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push("-wal");
    PathBuf::from(s)
}
pub(crate) fn shm(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push("-shm");
    PathBuf::from(s)
}

/// Builds a JSON object from pairs.
pub(crate) fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

impl Role {
    fn code_str(self) -> &'static str {
        crate::enums::ClosedSet::code(self)
    }
}

/// One entry of a record's history, without the values (for "who changed what, when").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HistoryEntry {
    /// The op.
    pub op_id: OpId,
    /// The device that made it.
    pub device_id: DeviceId,
    /// Its number on that device.
    pub seq: i64,
    /// Its clock stamp.
    pub hlc: String,
    /// Who made it.
    pub author_id: UserId,
    /// create, set, archive…
    pub kind: String,
    /// The fields it set (names only).
    pub fields: Vec<String>,
    /// The fields' stamps as the author saw them (names to stamps).
    pub base: Map<String, Value>,
}

impl Reader<'_> {
    /// Every op that touched a record, oldest first.
    pub fn history(&self, entity: Entity, id: &str) -> Result<Vec<HistoryEntry>> {
        crate::authz::read(self.actor, entity)?;
        if !self.can_see(entity, id)? {
            return Err(Error::NotFound { entity: entity.noun() });
        }
        let mut st = self.conn()?.prepare_cached(&format!(
            "SELECT o.op_id, od.id, o.seq, o.hlc, oa.id, o.kind_n, o.payload, o.base FROM {}
             WHERE o.entity_n = :e AND o.entity_id = :id ORDER BY o.hlc, o.op_id",
            crate::oplog::OPS
        ))?;
        let rows =
            st.query_map(named_params! {":e": entity.number(), ":id": crate::oplog::key(id)?}, |r| {
                Ok((
                    r.get::<_, Vec<u8>>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get::<_, Hlc>(3)?,
                    r.get(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, Vec<u8>>(6)?,
                    r.get::<_, Vec<u8>>(7)?,
                ))
            })?;
        let mut out = Vec::new();
        for row in rows {
            let (op_id, device_id, seq, hlc, author_id, kind, payload, base) = row?;
            let op_id = OpId(uuid::Uuid::from_slice(&op_id).map_err(|_| Error::Corrupt("an op id".into()))?);
            let hlc = hlc.to_string();
            let payload = crate::packed::unpack(&payload)?;
            let base = crate::packed::unpack(&base)?;
            out.push(HistoryEntry {
                op_id,
                device_id,
                seq,
                hlc,
                author_id,
                kind: op_kind_code(kind)?.to_owned(),
                fields: payload.keys().cloned().collect(),
                base,
            });
        }
        Ok(out)
    }

    /// How many ops this database holds.
    pub fn op_count(&self) -> Result<u64> {
        let n: i64 = self.conn()?.query_row("SELECT count(*) FROM ops", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// Read access for one acting user, through their scope.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    /// Reached only through [`Reader::conn`], which lays this reader's scope over it first.
    conn: &'a Connection,
    /// Who is reading.
    pub actor: &'a Actor,
    /// Inside a transaction: records already found to exist and be current, so that a batch of
    /// writes does not look the same client up again and again. Archiving removes an entry.
    known: Option<&'a std::cell::RefCell<std::collections::HashSet<String>>>,
    scope: &'a std::cell::RefCell<crate::scope::ScopeState>,
}

impl<'a> Reader<'a> {
    /// The connection, with this reader's scope laid over it: every record table named without
    /// `main.` shows only what the acting user may see.
    pub(crate) fn conn(&self) -> Result<&'a Connection> {
        crate::scope::ensure(self.conn, self.scope, self.actor)?;
        Ok(self.conn)
    }

    /// Whether this reader's scope is a short list of people (a caseload, a mentor's links, up to
    /// [`crate::scope::WIDE_SCOPE`]): their rows are best found person by person. Planner hints
    /// only; what is seen is the same either way.
    pub(crate) fn scope_is_short(&self) -> Result<bool> {
        crate::scope::ensure(self.conn, self.scope, self.actor)?;
        Ok(self.actor.role != crate::enums::Role::Manager && !self.scope.borrow().is_wide())
    }

    /// Makes the views test this reader's scope row by row, as past [`crate::scope::WIDE_SCOPE`]
    /// clients, whatever its size. Only for tests.
    #[cfg(test)]
    pub(crate) fn force_wide_scope(&self, wide: bool) -> Result<()> {
        crate::scope::ensure(self.conn, self.scope, self.actor)?;
        crate::scope::force_wide(self.conn, self.scope, self.actor.role, wide)
    }

    /// Whether the acting user can see this record.
    pub fn can_see(&self, entity: Entity, id: &str) -> Result<bool> {
        let Ok(id) = crate::ids::key(id) else { return Ok(false) };
        let sql = format!("SELECT count(*) FROM {} WHERE id = :id", entity.table());
        let n: i64 = self.conn()?.prepare_cached(&sql)?.query_row(named_params! {":id": id}, |r| r.get(0))?;
        Ok(n > 0)
    }
}

impl Reader<'_> {
    /// Whether a current (not archived) record with this id exists in `table`.
    pub(crate) fn exists_live(&self, table: &'static str, id: &str) -> Result<bool> {
        let key = format!("{table}:{id}");
        if self.known.is_some_and(|k| k.borrow().contains(&key)) {
            return Ok(true);
        }
        let Ok(id_key) = crate::ids::key(id) else { return Ok(false) };
        let sql = format!("SELECT count(*) FROM {table} WHERE id = :id AND archived_at IS NULL");
        let n: i64 =
            self.conn()?.prepare_cached(&sql)?.query_row(named_params! {":id": id_key}, |r| r.get(0))?;
        if n > 0 {
            if let Some(k) = self.known {
                k.borrow_mut().insert(key);
            }
        }
        Ok(n > 0)
    }
}

/// A write transaction for one acting user.
#[derive(Debug)]
pub struct Tx<'s> {
    pub(crate) tx: rusqlite::Transaction<'s>,
    /// Who is writing.
    pub actor: &'s Actor,
    pub(crate) device: DeviceId,
    pub(crate) clock: Hlc,
    next_seq: i64,
    /// This device's and the actor's numbers in the op log, once the transaction first writes there.
    nodes: Option<(i64, i64)>,
    now: Timestamp,
    now_text: String,
    discard: bool,
    pub(crate) known: std::cell::RefCell<std::collections::HashSet<String>>,
    scope: &'s std::cell::RefCell<crate::scope::ScopeState>,
    /// Clients erased in this transaction, here or by a sync file, for the erasure register.
    pub(crate) erased_clients: std::cell::RefCell<Vec<String>>,
}

impl<'s> Tx<'s> {
    /// Runs `f` so that if it fails, nothing it wrote stays (a savepoint), and the transaction goes on.
    pub fn attempt<T>(&mut self, f: impl FnOnce(&mut Tx<'s>) -> Result<T>) -> Result<T> {
        self.tx.execute_batch("SAVEPOINT attempt")?;
        let (seq, clock, nodes) = (self.next_seq, self.clock, self.nodes);
        match f(self) {
            Ok(v) => {
                self.tx.execute_batch("RELEASE attempt")?;
                Ok(v)
            }
            Err(e) => {
                self.tx.execute_batch("ROLLBACK TO attempt; RELEASE attempt")?;
                self.next_seq = seq;
                self.clock = clock;
                self.nodes = nodes;
                Err(e)
            }
        }
    }

    /// Makes the whole transaction roll back when it ends, whatever it returns (a dry run).
    pub fn discard(&mut self) {
        self.discard = true;
    }

    /// Read access inside this transaction (sees its own writes).
    pub fn reader(&self) -> Reader<'_> {
        Reader { conn: &self.tx, actor: self.actor, known: Some(&self.known), scope: self.scope }
    }

    /// The time this transaction started.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    fn append_op(
        &mut self,
        entity: Entity,
        id: &str,
        kind: OpKind,
        payload: &Map<String, Value>,
        base: &Map<String, Value>,
    ) -> Result<()> {
        let hlc = Hlc::tick(self.clock, hlc::now_ms());
        self.clock = hlc;
        let op = OpId::new();
        let seq = self.next_seq;
        self.next_seq += 1;
        let (device, author) = match self.nodes {
            Some(n) => n,
            None => {
                let n = (
                    crate::oplog::node(&self.tx, &self.device.to_string())?,
                    crate::oplog::node(&self.tx, &self.actor.user_id.to_string())?,
                );
                self.nodes = Some(n);
                n
            }
        };
        self.tx
            .prepare_cached(
                "INSERT INTO main.ops (op_id, device, seq, hlc, author, entity_n, entity_id, kind_n, payload, base, schema_version, recorded_s)
                 VALUES (:op, :device, :seq, :hlc, :author, :entity, :entity_id, :kind, :payload, :base, :schema, :at)",
            )?
            .execute(named_params! {
                ":op": op.0.as_bytes(), ":device": device, ":seq": seq, ":hlc": hlc, ":author": author,
                ":entity": entity.number(), ":entity_id": crate::oplog::key(id)?, ":kind": kind.number(),
                ":payload": crate::packed::pack(payload)?, ":base": crate::packed::pack(base)?,
                ":schema": DATA_VERSION, ":at": self.now.unix(),
            })?;
        Ok(())
    }

    /// Creates a record: inserts the row and appends a `create` op.
    pub(crate) fn create(&mut self, entity: Entity, id: &str, fields: Map<String, Value>) -> Result<()> {
        for name in fields.keys() {
            entity.column(name)?;
        }
        // Every column, those not given as NULL: the same row sync makes from the create op.
        let row = entity.columns().iter().map(|c| fields.get(c.name).unwrap_or(&Value::Null));
        crate::entity::insert_row(&self.tx, entity, id, row)?;
        let payload: Map<String, Value> = fields.into_iter().filter(|(_, v)| !v.is_null()).collect();
        self.append_op(entity, id, OpKind::Create, &payload, &Map::new())?;
        if entity == Entity::Client {
            crate::search::reindex_client(&self.tx, id)?;
        }
        if crate::scope::moves_scope(entity) {
            self.scope.borrow_mut().stale();
        }
        Ok(())
    }

    /// Changes fields of a record: updates the row, appends a `set` op whose base is the stamp of each
    /// field as this device saw it, and moves the fields' versions on. An empty change writes nothing.
    pub(crate) fn set(&mut self, entity: Entity, id: &str, fields: Map<String, Value>) -> Result<()> {
        self.change(entity, id, fields, OpKind::Set)
    }

    /// Archives a record (a tombstone that syncs).
    pub(crate) fn archive(&mut self, entity: Entity, id: &str) -> Result<()> {
        let now = self.now.to_string();
        self.change(entity, id, obj([("archived_at", now.into())]), OpKind::Archive)
    }

    fn change(&mut self, entity: Entity, id: &str, fields: Map<String, Value>, kind: OpKind) -> Result<()> {
        if fields.is_empty() {
            return Ok(());
        }
        let mut sets = Vec::new();
        let mut params: Vec<(String, rusqlite::types::Value)> =
            vec![(":id".into(), rusqlite::types::Value::Blob(crate::ids::key(id)?.to_vec()))];
        let mut base = Map::new();
        // The stamp each field was last written with, as this device has it: that of the latest op
        // (by clock) that set it, or of the record's create op. A record has few ops, read by its index.
        let mut versions: std::collections::HashMap<String, Hlc> = std::collections::HashMap::new();
        let mut created: Option<Hlc> = None;
        {
            let mut st = self.tx.prepare_cached(
                "SELECT hlc, kind_n, payload FROM main.ops WHERE entity_n = :e AND entity_id = :id ORDER BY hlc",
            )?;
            let mut rows = st.query(named_params! {":e": entity.number(), ":id": crate::oplog::key(id)?})?;
            while let Some(r) = rows.next()? {
                let hlc: Hlc = r.get(0)?;
                if created.is_none() && r.get::<_, i64>(1)? == OpKind::Create.number() {
                    created = Some(hlc);
                }
                for name in crate::packed::get(r, 2)?.keys() {
                    if fields.contains_key(name) {
                        versions.insert(name.clone(), hlc);
                    }
                }
            }
        }
        for (name, v) in &fields {
            let col = entity.column(name)?;
            sets.push(format!("{0} = :{0}", col.name));
            params.push((format!(":{}", col.name), to_sql(entity, col, v)?));
            let version = versions.get(col.name).or(created.as_ref());
            base.insert(col.name.into(), version.map_or(Value::Null, |h| Value::String(h.to_string())));
        }
        let sql = format!("UPDATE main.{} SET {} WHERE id = :id", entity.table(), sets.join(", "));
        let refs: Vec<(&str, &dyn rusqlite::ToSql)> =
            params.iter().map(|(k, v)| (k.as_str(), v as &dyn rusqlite::ToSql)).collect();
        let n = self.tx.prepare_cached(&sql)?.execute(refs.as_slice())?;
        if n == 0 {
            return Err(Error::NotFound { entity: entity.noun() });
        }
        self.append_op(entity, id, kind, &fields, &base)?;
        const SEARCHED: [&str; 6] =
            ["given_name", "family_name", "preferred_name", "nhs_number", "prison_number", "crn"];
        if entity == Entity::Client && fields.keys().any(|k| SEARCHED.contains(&k.as_str())) {
            crate::search::reindex_client(&self.tx, id)?;
        }
        let names: Vec<&str> = fields.keys().map(String::as_str).collect();
        // This device saw every earlier edit of these fields, so any conflict over them is settled.
        self.tx
            .prepare_cached(
                "DELETE FROM conflicts WHERE entity = :e AND entity_id = :id
                 AND field IN (SELECT value FROM json_each(:fields))",
            )?
            .execute(
                named_params! {":e": entity.code(), ":id": id, ":fields": serde_json::to_string(&names)?},
            )?;
        if fields.contains_key("archived_at") {
            self.known.borrow_mut().remove(&format!("{}:{id}", entity.table()));
        }
        if crate::scope::moves_scope(entity) {
            self.scope.borrow_mut().stale();
        }
        Ok(())
    }

    /// Settles a conflict: sets one field to the value a person chose, as a `resolve` op.
    pub(crate) fn resolve(&mut self, entity: Entity, id: &str, field: &str, value: Value) -> Result<()> {
        let col = entity.column(field)?;
        let mut fields = Map::new();
        fields.insert(col.name.into(), value);
        self.change(entity, id, fields, OpKind::Resolve)
    }

    /// Erases the personal fields of a record here and in all its earlier ops, as a `redact` op that
    /// does the same on every device it reaches.
    pub(crate) fn redact(&mut self, entity: Entity, id: &str) -> Result<()> {
        let fields = crate::sync::merge::redacted_fields(entity);
        if fields.is_empty() {
            return Ok(());
        }
        self.change(entity, id, fields, OpKind::Redact)?;
        crate::sync::merge::reproject(&self.tx, entity, id, &self.now_text)?;
        crate::sync::merge::scrub_held_back(&self.tx, entity, id)?;
        if entity == Entity::Client {
            self.erased_clients.borrow_mut().push(id.to_owned());
        }
        Ok(())
    }

    /// Records an action in this device's audit chain: ids, the action and a detail that is never a
    /// personal value. The client it is about is found from the record.
    pub fn audit(
        &mut self,
        action: AuditAction,
        entity: Option<Entity>,
        entity_id: Option<&str>,
        detail: Option<&str>,
    ) -> Result<()> {
        crate::audit::append(
            &self.tx,
            self.device,
            &self.actor.user_id.to_string(),
            None,
            crate::audit::NewEntry { action, entity, entity_id, detail },
        )
    }

    /// Records something no known person did, at the time it happened (a wrong unlock).
    pub(crate) fn audit_as_nobody(&mut self, action: AuditAction, at: &str) -> Result<()> {
        crate::audit::append(
            &self.tx,
            self.device,
            crate::unlock::NOBODY,
            Some(at),
            crate::audit::NewEntry { action, entity: None, entity_id: None, detail: None },
        )
    }
}

/// A new database with one manager and the cheapest passphrase cost, for core's own tests.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn test_store() -> (tempfile::TempDir, Store, Actor) {
    let dir = tempfile::tempdir().unwrap();
    let new = NewDatabase {
        organisation: "Org".into(),
        manager_name: "Manager".into(),
        device_name: "Laptop".into(),
        kdf: KdfCost::MINIMUM,
    };
    let (s, a) = Store::create(&dir.path().join("t.db"), "correct horse battery", &new).unwrap();
    (dir, s, a)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::enums::*;
    use crate::export::column_codes;

    fn store() -> (tempfile::TempDir, Store, Actor) {
        test_store()
    }

    #[test]
    fn entity_columns_match_the_tables() {
        let (_d, s, _) = store();
        for e in Entity::ALL {
            // The real table, not the scope's view of it.
            let mut st = s.conn.prepare(&format!("PRAGMA main.table_info({})", e.table())).unwrap();
            let mut cols: Vec<String> = st
                .query_map([], |r| r.get::<_, String>(1))
                .unwrap()
                .map(|c| c.unwrap())
                .filter(|c| c != "rid")
                .collect();
            // Columns added by later migrations come after the stamps in the table.
            cols.sort();
            let mut want = vec!["id".to_owned()];
            want.extend(e.columns().iter().chain(e.derived()).map(|c| c.name.to_owned()));
            want.sort();
            assert_eq!(cols, want, "columns of {}", e.table());
        }
    }

    /// Every column of every table has a class, which decides who sees it, what is audited and
    /// exported, and what erasure blanks.
    #[test]
    fn every_column_of_every_table_has_a_class() {
        let (_d, s, _) = store();
        let mut st = s
            .conn
            .prepare(
                "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                 AND name NOT LIKE 'client_search_%' ORDER BY name",
            )
            .unwrap();
        let tables: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().map(|t| t.unwrap()).collect();
        assert!(tables.len() >= 20, "{tables:?}");
        let mut columns = 0;
        for t in &tables {
            let mut st = s.conn.prepare(&format!("PRAGMA main.table_info({t})")).unwrap();
            let cols: Vec<String> = st.query_map([], |r| r.get(1)).unwrap().map(|c| c.unwrap()).collect();
            for c in cols {
                assert!(crate::classes::class_of(t, &c).is_some(), "{t}.{c} has no class");
                columns += 1;
            }
        }
        assert!(columns > 150, "only {columns} columns were checked");
    }

    /// Every closed set CHECKed in SQL has exactly the Rust enum's codes.
    #[test]
    fn sql_checks_match_the_enums() {
        let sql: String = crate::migrations::MIGRATIONS.iter().map(|(_, s)| *s).collect();
        let mut checked = 0;
        for e in Entity::ALL {
            for col in e.columns() {
                let Some(codes) = column_codes(e.table(), col.name) else { continue };
                if col.ty == crate::entity::ColType::List {
                    continue; // lists are checked in Rust; SQL checks only that they are JSON arrays
                }
                let table_sql = sql
                    .split(&format!("CREATE TABLE {} (", e.table()))
                    .nth(1)
                    .unwrap()
                    .split(") STRICT")
                    .next()
                    .unwrap();
                let line = table_sql
                    .lines()
                    .find(|l| l.trim_start().starts_with(&format!("{} ", col.name)))
                    .unwrap();
                let list = line
                    .split(" IN (")
                    .nth(1)
                    .unwrap_or_else(|| panic!("{}.{} has no IN list", e.table(), col.name));
                let sql_codes: BTreeSet<&str> =
                    list.split(')').next().unwrap().split(", ").map(|c| c.trim_matches('\'')).collect();
                let rust_codes: BTreeSet<&str> = codes.iter().map(|(c, _)| *c).collect();
                assert_eq!(sql_codes, rust_codes, "{}.{}", e.table(), col.name);
                checked += 1;
            }
        }
        assert!(checked >= 20, "only {checked} enum columns were compared");
    }

    #[test]
    fn a_failed_write_leaves_nothing_and_no_gap() {
        let (_d, mut s, a) = store();
        let before = s.reader(&a).op_count().unwrap();
        let r: Result<()> = s.write(&a, |tx| {
            tx.add_team("Team that will not exist")?;
            Err(Error::invalid("x", "stop"))
        });
        assert!(r.is_err());
        assert_eq!(s.reader(&a).op_count().unwrap(), before);
        assert_eq!(s.reader(&a).teams().unwrap().len(), 1);
        s.write(&a, |tx| tx.add_team("Second team").map(|_| ())).unwrap();
        let report = s.verify(&a).unwrap();
        assert!(report.is_ok(), "{:?}", report.problems);
    }

    #[test]
    fn verify_finds_a_record_changed_behind_the_op_log() {
        let (_d, mut s, a) = store();
        let team = s.write(&a, |tx| tx.add_team("Outreach")).unwrap();
        s.write(&a, |tx| tx.add_team("Later team").map(|_| ())).unwrap();
        assert!(s.verify(&a).unwrap().is_ok());
        s.conn
            .execute("UPDATE main.teams SET name = 'Changed' WHERE id = :id", named_params! {":id": team.id})
            .unwrap();
        let report = s.verify(&a).unwrap();
        assert_eq!(report.problem_count, 1, "{:?}", report.problems);
        assert!(report.problems[0].contains("field name does not match"), "{:?}", report.problems);
        assert!(!report.problems[0].contains("Changed"), "a problem must not repeat a value");
        s.conn
            .execute(
                "DELETE FROM ops WHERE entity_n = :e AND entity_id = :id",
                named_params! {":e": Entity::Team.number(), ":id": team.id.0.as_bytes()},
            )
            .unwrap();
        let report = s.verify(&a).unwrap();
        assert!(report.problems.iter().any(|p| p.contains("has no op in the log")), "{:?}", report.problems);
        assert!(report.problems.iter().any(|p| p.contains("gaps")), "{:?}", report.problems);
    }

    #[test]
    fn set_ops_carry_the_base_the_author_saw() {
        let (_d, mut s, a) = store();
        let team = s.write(&a, |tx| tx.add_team("Outreach")).unwrap();
        s.write(&a, |tx| {
            tx.update::<crate::model::users::TeamFields>(
                team.id,
                crate::model::users::TeamPatch { name: Some("Outreach East".into()) },
            )
        })
        .unwrap();
        s.write(&a, |tx| {
            tx.update::<crate::model::users::TeamFields>(
                team.id,
                crate::model::users::TeamPatch { name: Some("Outreach West".into()) },
            )
        })
        .unwrap();
        let h = s.reader(&a).history(Entity::Team, &team.id.to_string()).unwrap();
        assert_eq!(h.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["create", "set", "set"]);
        assert_eq!(h[1].base["name"], Value::String(h[0].hlc.clone()));
        assert_eq!(h[2].base["name"], Value::String(h[1].hlc.clone()));
        assert!(h.windows(2).all(|w| w[0].seq + 1 == w[1].seq && w[0].hlc < w[1].hlc));
        // Setting a field to the value it has writes nothing.
        s.write(&a, |tx| {
            tx.update::<crate::model::users::TeamFields>(
                team.id,
                crate::model::users::TeamPatch { name: Some("Outreach West".into()) },
            )
        })
        .unwrap();
        assert_eq!(s.reader(&a).history(Entity::Team, &team.id.to_string()).unwrap().len(), 3);
    }

    #[test]
    fn the_connection_policy_is_in_force() {
        let (_d, s, _) = store();
        let mode: String = s.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        let sync: i64 = s.conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        let fk: i64 = s.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
        let _ = Role::Manager.code();
    }
}
