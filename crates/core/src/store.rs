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

use crate::entity::{Entity, to_sql};
use crate::enums::Role;
use crate::hlc::{self, Hlc};
use crate::ids::{DeviceId, MentorId, OpId, OrgId, TeamId, UserId};
use crate::keyfile::{DatabaseKey, KdfCost, KeyFile, key_path};
use crate::migrations::{SCHEMA_VERSION, migrate};
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

/// Kinds of op.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    /// A new record.
    Create,
    /// Fields changed.
    Set,
    /// Archived (a tombstone).
    Archive,
}

impl OpKind {
    fn code(self) -> &'static str {
        match self {
            OpKind::Create => "create",
            OpKind::Set => "set",
            OpKind::Archive => "archive",
        }
    }
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
}

/// Applies the connection policy. The key must already be set.
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
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
    Ok(())
}

/// Opens the file and unlocks it with the raw key. Returns `NotOurDatabase` if the key does not fit.
pub(crate) fn open_keyed(path: &Path, key: &DatabaseKey, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher would otherwise print its own diagnostics (a wrong key, say) to stderr.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    conn.execute_batch(&format!("PRAGMA key = \"{}\";", key.sqlcipher_literal().as_str()))?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::NotADatabase => {
            Err(Error::NotOurDatabase)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(unix)]
fn private(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    Ok(())
}
#[cfg(not(unix))]
fn private(_: &Path) -> Result<()> {
    Ok(())
}

impl Store {
    /// Creates a new encrypted database with its organisation, first manager and this device.
    /// Refuses to touch a path where a database or key file already exists.
    pub fn create(path: &Path, passphrase: &str, new: &NewDatabase) -> Result<(Store, Actor)> {
        crate::keyfile::check_new_passphrase(passphrase)?;
        let org_name = crate::validate::required_text("organisation", "The organisation's name", &new.organisation, 200)?;
        let manager = crate::validate::required_text("user", "Your name", &new.manager_name, 200)?;
        let device_name = crate::validate::required_text("device", "A name for this device", &new.device_name, 200)?;
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
        let kf = KeyFile::create(&key, passphrase, new.kdf)?;
        let key_file = keys.clone();
        let result = (move || {
            kf.write_for(path)?;
            private(&key_file)?;
            let mut conn = open_keyed(path, &key, true)?;
            private(path)?;
            configure(&conn)?;
            migrate(&mut conn)?;
            let device = DeviceId::new();
            let organisation = OrgId::new();
            let user = UserId::new();
            conn.execute(
                "INSERT INTO local_state (key, value) VALUES ('device_id', :d), ('organisation_id', :o)",
                named_params! {":d": device, ":o": organisation},
            )?;
            let mut store = Store { conn, path: path.to_path_buf(), device, organisation, clock: Hlc::zero(device), key };
            let actor = Actor { user_id: user, role: Role::Manager, mentor_id: None };
            store.write(&actor, |tx| {
                let now = tx.now();
                tx.create(Entity::Organisation, &organisation.to_string(), obj([("name", org_name.into()), ("created_at", now.to_string().into())]))?;
                let team = TeamId::new();
                tx.create(Entity::Team, &team.to_string(), obj([("name", "Main team".into()), ("created_at", now.to_string().into())]))?;
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
                    obj([("name", device_name.into()), ("user_id", user.to_string().into()), ("created_at", now.to_string().into())]),
                )?;
                tx.audit("init", None, None, None)
            })?;
            Ok((store, actor))
        })();
        if result.is_err() {
            for p in [path.to_path_buf(), keys.clone(), wal(path), shm(path)] {
                let _ = fs::remove_file(p);
            }
        }
        result
    }

    /// Opens an existing database with its passphrase.
    pub fn open(path: &Path, passphrase: &str) -> Result<Store> {
        if !path.exists() {
            return Err(Error::NoDatabase { path: path.to_path_buf() });
        }
        let key = KeyFile::read_for(path)?.unwrap(passphrase)?;
        Self::open_with_key(path, key)
    }

    pub(crate) fn open_with_key(path: &Path, key: DatabaseKey) -> Result<Store> {
        let mut conn = open_keyed(path, &key, false)?;
        configure(&conn)?;
        migrate(&mut conn)?;
        let get = |k: &str| -> Result<String> {
            conn.query_row("SELECT value FROM local_state WHERE key = :k", named_params! {":k": k}, |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::Corrupt(format!("the database has no {k}")))
        };
        let device: DeviceId = get("device_id")?.parse()?;
        let organisation: OrgId = get("organisation_id")?.parse()?;
        let last: Option<String> = conn.query_row("SELECT max(hlc) FROM ops", [], |r| r.get(0))?;
        let mut clock = Hlc::zero(device);
        if let Some(last) = last {
            let last: Hlc = last.parse()?;
            clock = Hlc { wall_ms: last.wall_ms, counter: last.counter, device };
        }
        Ok(Store { conn, path: path.to_path_buf(), device, organisation, clock, key })
    }

    /// Marks the database as written by a later schema version. Only for tests and for checking that
    /// a newer database is refused; it makes the database unusable by this version.
    #[doc(hidden)]
    pub fn set_schema_version_for_tests(&mut self, actor: &Actor, version: i64) -> Result<()> {
        crate::authz::require(actor, crate::authz::Action::Verify)?;
        self.conn.pragma_update(None, "user_version", version)?;
        Ok(())
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

    /// The schema version of this binary (and so of every open database).
    pub fn schema_version(&self) -> i64 {
        SCHEMA_VERSION
    }

    /// The acting user for a user id; refuses archived or unknown users.
    pub fn actor(&self, user: UserId) -> Result<Actor> {
        let row: Option<(String, Option<MentorId>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT role, mentor_id, archived_at FROM users WHERE id = :id",
                named_params! {":id": user},
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match row {
            Some((role, mentor_id, None)) => Ok(Actor { user_id: user, role: role.parse()?, mentor_id }),
            _ => Err(Error::NotFound { entity: "user" }),
        }
    }

    /// The earliest manager: the acting user for command-line work on a device with one operator.
    pub fn first_manager(&self) -> Result<Actor> {
        let id: Option<UserId> = self
            .conn
            .query_row(
                "SELECT id FROM users WHERE role = 'manager' AND archived_at IS NULL ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        self.actor(id.ok_or(Error::NotFound { entity: "manager" })?)
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction; everything it wrote is kept only if it succeeds.
    pub fn write<T>(&mut self, actor: &Actor, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let next_seq: i64 = tx.query_row(
            "SELECT coalesce(max(seq), 0) + 1 FROM ops WHERE device_id = :d",
            named_params! {":d": self.device},
            |r| r.get(0),
        )?;
        let mut t = Tx { tx, actor, device: self.device, clock: self.clock, next_seq, now: Timestamp::now() };
        let out = f(&mut t)?;
        let clock = t.clock;
        t.tx.commit()?;
        self.clock = clock;
        Ok(out)
    }

    /// A reader for `actor`.
    pub fn reader<'a>(&'a self, actor: &'a Actor) -> Reader<'a> {
        Reader { conn: &self.conn, actor }
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
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

/// Read access for one acting user.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    pub(crate) conn: &'a Connection,
    /// Who is reading.
    pub actor: &'a Actor,
}

/// A write transaction for one acting user.
#[derive(Debug)]
pub struct Tx<'s> {
    pub(crate) tx: rusqlite::Transaction<'s>,
    /// Who is writing.
    pub actor: &'s Actor,
    device: DeviceId,
    clock: Hlc,
    next_seq: i64,
    now: Timestamp,
}

impl<'s> Tx<'s> {
    /// Read access inside this transaction (sees its own writes).
    pub fn reader(&self) -> Reader<'_> {
        Reader { conn: &self.tx, actor: self.actor }
    }

    /// The time this transaction started.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// Sets the transaction's notion of now (demo data is written "as of" past times).
    pub(crate) fn set_now(&mut self, now: Timestamp) {
        self.now = now;
    }

    fn append_op(&mut self, entity: Entity, id: &str, kind: OpKind, payload: &Map<String, Value>, base: &Map<String, Value>) -> Result<(OpId, Hlc)> {
        let hlc = Hlc::tick(self.clock, hlc::now_ms());
        self.clock = hlc;
        let op = OpId::new();
        let seq = self.next_seq;
        self.next_seq += 1;
        self.tx
            .prepare_cached(
                "INSERT INTO ops (op_id, device_id, seq, hlc, author_id, entity, entity_id, kind, payload, base, schema_version, recorded_at)
                 VALUES (:op, :device, :seq, :hlc, :author, :entity, :entity_id, :kind, :payload, :base, :schema, :at)",
            )?
            .execute(named_params! {
                ":op": op, ":device": self.device, ":seq": seq, ":hlc": hlc.to_string(), ":author": self.actor.user_id,
                ":entity": entity.code(), ":entity_id": id, ":kind": kind.code(),
                ":payload": Value::Object(payload.clone()).to_string(), ":base": Value::Object(base.clone()).to_string(),
                ":schema": SCHEMA_VERSION, ":at": Timestamp::now().to_string(),
            })?;
        Ok((op, hlc))
    }

    /// Creates a record: inserts the row and appends a `create` op.
    pub(crate) fn create(&mut self, entity: Entity, id: &str, fields: Map<String, Value>) -> Result<()> {
        let mut cols = String::from("id");
        let mut vals = String::from(":id");
        let mut params: Vec<(String, rusqlite::types::Value)> = vec![(":id".into(), rusqlite::types::Value::Text(id.into()))];
        for (name, v) in &fields {
            let col = entity.column(name)?;
            if v.is_null() {
                continue;
            }
            cols.push_str(", ");
            cols.push_str(col.name);
            vals.push_str(", :");
            vals.push_str(col.name);
            params.push((format!(":{}", col.name), to_sql(entity, col, v)?));
        }
        let sql = format!("INSERT INTO {} ({cols}) VALUES ({vals})", entity.table());
        let refs: Vec<(&str, &dyn rusqlite::ToSql)> = params.iter().map(|(k, v)| (k.as_str(), v as &dyn rusqlite::ToSql)).collect();
        self.tx.prepare_cached(&sql)?.execute(refs.as_slice())?;
        let payload: Map<String, Value> = fields.into_iter().filter(|(_, v)| !v.is_null()).collect();
        self.append_op(entity, id, OpKind::Create, &payload, &Map::new())?;
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
        let mut params: Vec<(String, rusqlite::types::Value)> = vec![(":id".into(), rusqlite::types::Value::Text(id.into()))];
        let mut base = Map::new();
        let created: Option<String> = self
            .tx
            .prepare_cached("SELECT hlc FROM ops WHERE entity = :e AND entity_id = :id AND kind = 'create'")?
            .query_row(named_params! {":e": entity.code(), ":id": id}, |r| r.get(0))
            .optional()?;
        for (name, v) in &fields {
            let col = entity.column(name)?;
            sets.push(format!("{0} = :{0}", col.name));
            params.push((format!(":{}", col.name), to_sql(entity, col, v)?));
            let version: Option<String> = self
                .tx
                .prepare_cached("SELECT hlc FROM field_versions WHERE entity = :e AND entity_id = :id AND field = :f")?
                .query_row(named_params! {":e": entity.code(), ":id": id, ":f": col.name}, |r| r.get(0))
                .optional()?;
            base.insert(col.name.into(), version.or_else(|| created.clone()).map(Value::String).unwrap_or(Value::Null));
        }
        let sql = format!("UPDATE {} SET {} WHERE id = :id", entity.table(), sets.join(", "));
        let refs: Vec<(&str, &dyn rusqlite::ToSql)> = params.iter().map(|(k, v)| (k.as_str(), v as &dyn rusqlite::ToSql)).collect();
        let n = self.tx.prepare_cached(&sql)?.execute(refs.as_slice())?;
        if n == 0 {
            return Err(Error::NotFound { entity: entity.noun() });
        }
        let (op, hlc) = self.append_op(entity, id, kind, &fields, &base)?;
        for name in fields.keys() {
            self.tx
                .prepare_cached(
                    "INSERT INTO field_versions (entity, entity_id, field, hlc, op_id) VALUES (:e, :id, :f, :hlc, :op)
                     ON CONFLICT (entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc, op_id = excluded.op_id",
                )?
                .execute(named_params! {":e": entity.code(), ":id": id, ":f": name, ":hlc": hlc.to_string(), ":op": op})?;
        }
        Ok(())
    }

    /// Records an action in the audit log (ids and action names only).
    pub fn audit(&mut self, action: &str, entity: Option<Entity>, entity_id: Option<&str>, detail: Option<&str>) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO audit_log (id, at, user_id, action, entity, entity_id, detail)
                 VALUES (:id, :at, :user, :action, :entity, :entity_id, :detail)",
            )?
            .execute(named_params! {
                ":id": OpId::new(), ":at": Timestamp::now().to_string(), ":user": self.actor.user_id, ":action": action,
                ":entity": entity.map(Entity::code), ":entity_id": entity_id, ":detail": detail,
            })?;
        Ok(())
    }
}
