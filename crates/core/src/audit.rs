//! The audit log: who viewed, changed, exported, imported, erased, shared or settled what, and every
//! attempt to unlock, as metadata only (ids, action names, counts; never a personal value).
//!
//! Each device numbers its own entries 1, 2, 3… and each entry carries the SHA-256 of the one before
//! it, so an entry edited, removed or inserted by hand breaks the chain and `verify` says where. A
//! chain kept only on the device it describes can be rewritten whole by someone holding the key, so
//! its real anchor is elsewhere: the entries sync to managers' devices, whose copies keep the hashes
//! they received. Changes to records are not copied here: the op log already holds who changed which
//! record and when, and the Audit screen reads both.

use rusqlite::{Connection, OptionalExtension, named_params};
use sha2::{Digest, Sha256};

use crate::entity::Entity;
use crate::enums::ClosedSet;
use crate::ids::{DeviceId, OpId};
use crate::time::Timestamp;
use crate::{Error, Result};

/// What an audit entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// A database was made.
    Init,
    /// Someone unlocked the database.
    Unlock,
    /// A wrong name or passphrase was tried.
    UnlockFailed,
    /// A client's record was opened.
    View,
    /// Data was exported.
    Export,
    /// A backup was taken.
    Backup,
    /// A backup was restored.
    Restore,
    /// Clients were imported from a spreadsheet.
    Import,
    /// The database was checked.
    Verify,
    /// Demo data was added.
    Seed,
    /// A person's details were erased.
    Erase,
    /// A sync file was made.
    BundleExport,
    /// A sync file was imported.
    BundleImport,
    /// A new device was invited.
    Invite,
    /// This device joined the organisation.
    Join,
    /// A conflict was settled.
    ResolveConflict,
    /// A client was shared with someone.
    Share,
    /// A share ended.
    Unshare,
    /// A caseload moved to another caseworker.
    Reassign,
    /// A person was added to the app.
    UserAdd,
    /// A person's role or team changed.
    UserChange,
    /// A person was removed.
    UserRemove,
    /// A person may now unlock this computer.
    DeviceAccess,
    /// A person may no longer unlock this computer.
    DeviceAccessRemoved,
    /// A person changed their passphrase.
    PassphraseChange,
    /// A setting changed.
    Settings,
}

impl ClosedSet for AuditAction {
    const ALL: &'static [Self] = &[
        AuditAction::Init,
        AuditAction::Unlock,
        AuditAction::UnlockFailed,
        AuditAction::View,
        AuditAction::Export,
        AuditAction::Backup,
        AuditAction::Restore,
        AuditAction::Import,
        AuditAction::Verify,
        AuditAction::Seed,
        AuditAction::Erase,
        AuditAction::BundleExport,
        AuditAction::BundleImport,
        AuditAction::Invite,
        AuditAction::Join,
        AuditAction::ResolveConflict,
        AuditAction::Share,
        AuditAction::Unshare,
        AuditAction::Reassign,
        AuditAction::UserAdd,
        AuditAction::UserChange,
        AuditAction::UserRemove,
        AuditAction::DeviceAccess,
        AuditAction::DeviceAccessRemoved,
        AuditAction::PassphraseChange,
        AuditAction::Settings,
    ];
    const NAME: &'static str = "audited action";
    fn code(self) -> &'static str {
        match self {
            AuditAction::Init => "init",
            AuditAction::Unlock => "unlock",
            AuditAction::UnlockFailed => "unlock_failed",
            AuditAction::View => "view",
            AuditAction::Export => "export",
            AuditAction::Backup => "backup",
            AuditAction::Restore => "restore",
            AuditAction::Import => "import",
            AuditAction::Verify => "verify",
            AuditAction::Seed => "seed",
            AuditAction::Erase => "erase",
            AuditAction::BundleExport => "bundle_export",
            AuditAction::BundleImport => "bundle_import",
            AuditAction::Invite => "invite",
            AuditAction::Join => "join",
            AuditAction::ResolveConflict => "resolve_conflict",
            AuditAction::Share => "share",
            AuditAction::Unshare => "unshare",
            AuditAction::Reassign => "reassign",
            AuditAction::UserAdd => "user_add",
            AuditAction::UserChange => "user_change",
            AuditAction::UserRemove => "user_remove",
            AuditAction::DeviceAccess => "device_access",
            AuditAction::DeviceAccessRemoved => "device_access_removed",
            AuditAction::PassphraseChange => "passphrase_change",
            AuditAction::Settings => "settings",
        }
    }
    fn label(self) -> &'static str {
        match self {
            AuditAction::Init => "Made the database",
            AuditAction::Unlock => "Unlocked",
            AuditAction::UnlockFailed => "Wrong name or passphrase",
            AuditAction::View => "Opened a record",
            AuditAction::Export => "Exported data",
            AuditAction::Backup => "Took a backup",
            AuditAction::Restore => "Restored a backup",
            AuditAction::Import => "Imported clients",
            AuditAction::Verify => "Checked the database",
            AuditAction::Seed => "Added demo data",
            AuditAction::Erase => "Erased a person's details",
            AuditAction::BundleExport => "Made a sync file",
            AuditAction::BundleImport => "Imported a sync file",
            AuditAction::Invite => "Invited a computer",
            AuditAction::Join => "Joined the organisation",
            AuditAction::ResolveConflict => "Settled a conflict",
            AuditAction::Share => "Shared a client",
            AuditAction::Unshare => "Stopped sharing a client",
            AuditAction::Reassign => "Moved a caseload",
            AuditAction::UserAdd => "Added a person",
            AuditAction::UserChange => "Changed a person's role or team",
            AuditAction::UserRemove => "Removed a person",
            AuditAction::DeviceAccess => "Let a person unlock this computer",
            AuditAction::DeviceAccessRemoved => "Stopped a person unlocking this computer",
            AuditAction::PassphraseChange => "Changed their passphrase",
            AuditAction::Settings => "Changed a setting",
        }
    }
}

/// The hash before a device's first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub device_id: String,
    pub seq: i64,
    pub id: String,
    pub at: String,
    pub user_id: String,
    pub action: String,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub client_id: Option<String>,
    pub detail: Option<String>,
    pub prev_hash: String,
}

impl Entry {
    /// The entry's hash: SHA-256 over its fields and the hash before it, as a JSON array (one
    /// unambiguous encoding, whatever the fields hold).
    pub(crate) fn hash(&self) -> String {
        let canonical = serde_json::json!([
            self.device_id,
            self.seq,
            self.id,
            self.at,
            self.user_id,
            self.action,
            self.entity,
            self.entity_id,
            self.client_id,
            self.detail,
            self.prev_hash,
        ]);
        hex(&Sha256::digest(canonical.to_string().as_bytes()))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The client a record is about, if any (for filtering the log by person).
pub(crate) fn client_of(conn: &Connection, entity: Entity, id: &str) -> Result<Option<String>> {
    if entity == Entity::Client {
        return Ok(Some(id.to_owned()));
    }
    let sql = match entity {
        Entity::ReferralEvent => {
            "SELECT r.client_id FROM main.referral_events e JOIN main.referrals r ON r.id = e.referral_id WHERE e.id = :id"
                .to_owned()
        }
        e if e.columns().iter().any(|c| c.name == "client_id") => {
            format!("SELECT client_id FROM main.{} WHERE id = :id", e.table())
        }
        _ => return Ok(None),
    };
    Ok(conn.prepare_cached(&sql)?.query_row(named_params! {":id": id}, |r| r.get(0)).optional()?.flatten())
}

/// What to write in one entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewEntry<'a> {
    pub action: AuditAction,
    pub entity: Option<Entity>,
    pub entity_id: Option<&'a str>,
    pub detail: Option<&'a str>,
}

/// Appends an entry to this device's chain, by `user` (an id, or [`crate::unlock::NOBODY`]) at `at`
/// (now, unless the entry records something that happened earlier, like a wrong unlock).
pub(crate) fn append(
    conn: &Connection,
    device: DeviceId,
    user: &str,
    at: Option<&str>,
    e: NewEntry<'_>,
) -> Result<()> {
    let device = device.to_string();
    let last: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT seq, hash FROM main.audit_log WHERE device_id = :d ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(named_params! {":d": device}, |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_owned()),
    };
    let client_id = match (e.entity, e.entity_id) {
        (Some(ent), Some(id)) => client_of(conn, ent, id)?,
        _ => None,
    };
    let entry = Entry {
        device_id: device,
        seq,
        id: OpId::new().to_string(),
        at: at.map_or_else(|| Timestamp::now().to_string(), str::to_owned),
        user_id: user.to_owned(),
        action: e.action.code().to_owned(),
        entity: e.entity.map(|x| x.code().to_owned()),
        entity_id: e.entity_id.map(str::to_owned),
        client_id,
        detail: e.detail.map(str::to_owned),
        prev_hash,
    };
    insert(conn, &entry)
}

fn insert(conn: &Connection, e: &Entry) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO main.audit_log (device_id, seq, id, at, user_id, action, entity, entity_id, client_id, detail, prev_hash, hash)
         VALUES (:device, :seq, :id, :at, :user, :action, :entity, :entity_id, :client, :detail, :prev, :hash)",
    )?
    .execute(named_params! {
        ":device": e.device_id, ":seq": e.seq, ":id": e.id, ":at": e.at, ":user": e.user_id, ":action": e.action,
        ":entity": e.entity, ":entity_id": e.entity_id, ":client": e.client_id, ":detail": e.detail,
        ":prev": e.prev_hash, ":hash": e.hash(),
    })?;
    Ok(())
}

fn read_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Entry, String)> {
    Ok((
        Entry {
            device_id: r.get(0)?,
            seq: r.get(1)?,
            id: r.get(2)?,
            at: r.get(3)?,
            user_id: r.get(4)?,
            action: r.get(5)?,
            entity: r.get(6)?,
            entity_id: r.get(7)?,
            client_id: r.get(8)?,
            detail: r.get(9)?,
            prev_hash: r.get(10)?,
        },
        r.get(11)?,
    ))
}

const ENTRY_COLUMNS: &str =
    "device_id, seq, id, at, user_id, action, entity, entity_id, client_id, detail, prev_hash, hash";

/// Chains the entries that schema version 3 carried over from the unchained log (run once, by the
/// migration that made the chain).
pub(crate) fn seal_carried_over(conn: &Connection) -> Result<()> {
    let entries: Vec<Entry> = {
        let mut st = conn.prepare(&format!(
            "SELECT {ENTRY_COLUMNS} FROM main.audit_log WHERE hash = '' ORDER BY device_id, seq"
        ))?;
        let rows = st.query_map([], read_entry)?;
        rows.map(|r| r.map(|(e, _)| e)).collect::<rusqlite::Result<_>>()?
    };
    let mut prev = GENESIS.to_owned();
    for mut e in entries {
        e.prev_hash = prev;
        let h = e.hash();
        conn.execute(
            "UPDATE main.audit_log SET prev_hash = :p, hash = :h WHERE device_id = :d AND seq = :s",
            named_params! {":p": e.prev_hash, ":h": h, ":d": e.device_id, ":s": e.seq},
        )?;
        prev = h;
    }
    Ok(())
}

/// Walks every device's chain and describes each break (by device and entry number, never content).
pub(crate) fn check_chains(conn: &Connection) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut st =
        conn.prepare(&format!("SELECT {ENTRY_COLUMNS} FROM main.audit_log ORDER BY device_id, seq"))?;
    let mut rows = st.query([])?;
    let mut current: Option<(String, i64, String)> = None;
    while let Some(row) = rows.next()? {
        let (e, stored) = read_entry(row).map_err(Error::from)?;
        let (expect_seq, expect_prev) = match &current {
            Some((d, s, h)) if *d == e.device_id => (s + 1, h.clone()),
            _ => (1, GENESIS.to_owned()),
        };
        let short = |d: &str| d.get(..8).unwrap_or(d).to_owned();
        if e.seq != expect_seq {
            problems.push(format!(
                "the audit log of device {}… is missing entries {expect_seq} to {}",
                short(&e.device_id),
                e.seq - 1
            ));
        } else if e.prev_hash != expect_prev {
            problems.push(format!(
                "the audit log of device {}… is broken before entry {}: an entry was changed or removed",
                short(&e.device_id),
                e.seq
            ));
        }
        if e.hash() != stored {
            problems.push(format!(
                "audit entry {} of device {}… was changed after it was written",
                e.seq,
                short(&e.device_id)
            ));
        }
        current = Some((e.device_id.clone(), e.seq, stored));
    }
    Ok(problems)
}
