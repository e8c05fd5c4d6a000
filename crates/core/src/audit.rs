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
    /// A computer was revoked.
    DeviceRevoke,
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
    /// A record was added or changed (listed from the op log; never written here).
    Change,
    /// Everything held about a person was given to them (a subject access request).
    SubjectAccess,
    /// A record past the keeping time was kept, with a reason.
    RetentionKeep,
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
        AuditAction::DeviceRevoke,
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
        AuditAction::Change,
        AuditAction::SubjectAccess,
        AuditAction::RetentionKeep,
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
            AuditAction::DeviceRevoke => "device_revoke",
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
            AuditAction::Change => "change",
            AuditAction::SubjectAccess => "subject_access",
            AuditAction::RetentionKeep => "retention_keep",
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
            AuditAction::DeviceRevoke => "Revoked a computer",
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
            AuditAction::Change => "Added or changed a record",
            AuditAction::SubjectAccess => "Gave a person everything held about them",
            AuditAction::RetentionKeep => "Kept a record past the keeping time",
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

/// Whether a code names an audit action this version knows.
pub(crate) fn is_action(code: &str) -> bool {
    AuditAction::ALL.iter().any(|a| a.code() == code && *a != AuditAction::Change)
}

/// The hash an entry that arrived in a sync file should have.
pub(crate) fn wire_hash(w: &crate::sync::bundle::WireAudit) -> String {
    Entry {
        device_id: w.device_id.to_string(),
        seq: w.seq,
        id: w.id.to_string(),
        at: w.at.clone(),
        user_id: w.user_id.clone(),
        action: w.action.clone(),
        entity: w.entity.clone(),
        entity_id: w.entity_id.clone(),
        client_id: w.client_id.clone(),
        detail: w.detail.clone(),
        prev_hash: w.prev_hash.clone(),
    }
    .hash()
}

/// The last entry number held of each device's chain.
pub(crate) fn vector(conn: &Connection) -> Result<std::collections::BTreeMap<DeviceId, i64>> {
    let mut st = conn.prepare_cached("SELECT device_id, max(seq) FROM main.audit_log GROUP BY device_id")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = std::collections::BTreeMap::new();
    for row in rows {
        let (d, s) = row?;
        // Entries carried over from before the chain may name no device: they stay here.
        if let Ok(d) = d.parse::<DeviceId>() {
            if d.to_string() != crate::unlock::NOBODY {
                out.insert(d, s);
            }
        }
    }
    Ok(out)
}

/// Entries `first..=last` of a device's chain, as they travel.
pub(crate) fn wire_entries(
    conn: &Connection,
    device: DeviceId,
    first: i64,
    last: i64,
    mut each: impl FnMut(crate::sync::bundle::WireAudit) -> Result<()>,
) -> Result<()> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM main.audit_log WHERE device_id = :d AND seq BETWEEN :a AND :b ORDER BY seq"
    ))?;
    let mut rows = st.query(rusqlite::named_params! {":d": device.to_string(), ":a": first, ":b": last})?;
    while let Some(r) = rows.next()? {
        let (e, hash) = read_entry(r)?;
        each(crate::sync::bundle::WireAudit {
            device_id: device,
            seq: e.seq,
            id: e.id.parse()?,
            at: e.at,
            user_id: e.user_id,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            client_id: e.client_id,
            detail: e.detail,
            prev_hash: e.prev_hash,
            hash,
        })?;
    }
    Ok(())
}

/// Stores an entry that arrived in a sync file, if it is new here. It must follow on from the entry
/// before it in its chain; one already held must be the same entry.
pub(crate) fn receive(conn: &Connection, w: &crate::sync::bundle::WireAudit) -> Result<bool> {
    let held: Option<String> = conn
        .prepare_cached("SELECT hash FROM main.audit_log WHERE device_id = :d AND seq = :s")?
        .query_row(rusqlite::named_params! {":d": w.device_id.to_string(), ":s": w.seq}, |r| r.get(0))
        .optional()?;
    if let Some(h) = held {
        if h != w.hash {
            return Err(Error::BundleRefused(
                "This sync file disagrees with this computer about a device's audit log: the same entry number holds different entries. Ask for help before going on.".into(),
            ));
        }
        return Ok(false);
    }
    let before: Option<String> = if w.seq == 1 {
        Some(GENESIS.to_owned())
    } else {
        conn.prepare_cached("SELECT hash FROM main.audit_log WHERE device_id = :d AND seq = :s")?
            .query_row(rusqlite::named_params! {":d": w.device_id.to_string(), ":s": w.seq - 1}, |r| r.get(0))
            .optional()?
    };
    if before.as_deref() != Some(w.prev_hash.as_str()) {
        return Err(Error::BundleRefused(
            "This sync file's audit entries do not follow on from those this computer holds for that device. Import the earlier file first, or ask for help.".into(),
        ));
    }
    let entry = Entry {
        device_id: w.device_id.to_string(),
        seq: w.seq,
        id: w.id.to_string(),
        at: w.at.clone(),
        user_id: w.user_id.clone(),
        action: w.action.clone(),
        entity: w.entity.clone(),
        entity_id: w.entity_id.clone(),
        client_id: w.client_id.clone(),
        detail: w.detail.clone(),
        prev_hash: w.prev_hash.clone(),
    };
    insert(conn, &entry)?;
    Ok(true)
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
    let found: Option<Option<crate::ids::IdText>> = conn
        .prepare_cached(&sql)?
        .query_row(named_params! {":id": crate::ids::key(id)?}, |r| r.get(0))
        .optional()?;
    Ok(found.flatten().map(|c| c.0))
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

/// Which entries to list.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
pub struct AuditFilter {
    /// Only entries about this client (and, with it, the changes to their records).
    pub client_id: Option<crate::ids::ClientId>,
    /// Only what this person did.
    pub user_id: Option<crate::ids::UserId>,
    /// Only this action.
    pub action: Option<AuditAction>,
    /// From this day (London), inclusive.
    pub from: Option<crate::time::Date>,
    /// To this day (London), inclusive.
    pub to: Option<crate::time::Date>,
}

/// One line of the Audit screen.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct AuditRow {
    /// When (UTC).
    pub at: Timestamp,
    /// Who, if a known person.
    pub user_id: Option<crate::ids::UserId>,
    /// Their name ("Someone unknown" for a wrong unlock).
    pub user_name: String,
    /// What they did.
    pub action: AuditAction,
    /// The kind of record it was about, in words.
    pub record: Option<String>,
    /// The client it was about.
    pub client_id: Option<crate::ids::ClientId>,
    /// Their name as shown now.
    pub client_name: Option<String>,
    /// More about it: counts, field names, settings; never a personal value.
    pub detail: Option<String>,
    /// The computer it was done on.
    pub device_name: Option<String>,
}

impl AuditAction {
    /// Changes to records, listed from the op log rather than written twice.
    const CHANGE: &'static str = "change";
}

/// The record kinds whose rows name a client, for finding a client's changes in the op log.
fn client_record_kinds() -> Vec<Entity> {
    Entity::ALL.iter().copied().filter(|e| e.columns().iter().any(|c| c.name == "client_id")).collect()
}

impl crate::store::Store {
    /// The audit log, newest first, as a manager filters it. With a client chosen, the changes made to
    /// their records (from the op log: who, when, which fields, never the values) are listed too.
    pub fn audit_entries(
        &self,
        actor: &crate::store::Actor,
        filter: &AuditFilter,
        page: crate::model::Page,
    ) -> Result<crate::model::Paged<AuditRow>> {
        crate::authz::require(actor, crate::authz::Action::Audit)?;
        check_dates(filter)?;
        let (sql, params) = audit_query(filter);
        let conn = self.reader(actor).conn()?;
        let refs: Vec<(&str, &dyn rusqlite::ToSql)> =
            params.iter().map(|(k, v)| (k.as_str(), v as &dyn rusqlite::ToSql)).collect();
        let total: i64 = conn
            .prepare(&format!("SELECT count(*) FROM ({sql})"))?
            .query_row(refs.as_slice(), |r| r.get(0))?;
        let offset = page.offset();
        let mut refs = refs;
        refs.push((":offset", &offset));
        let items = audit_rows(conn, &format!("{sql} ORDER BY at DESC, seq DESC {}", page.sql()), &refs)?;
        Ok(crate::model::Paged { items, total: u64::try_from(total).unwrap_or(0), page })
    }

    /// Everything the filter matches (up to 100,000 lines) as CSV, for keeping outside the app; the
    /// export is itself audited. Ids and action names only, like the log.
    pub fn audit_csv(&mut self, actor: &crate::store::Actor, filter: &AuditFilter) -> Result<Vec<u8>> {
        crate::authz::require(actor, crate::authz::Action::Audit)?;
        check_dates(filter)?;
        let rows = matching(self.reader(actor).conn()?, filter, 100_000)?;
        let mut w = csv::Writer::from_writer(Vec::new());
        let io = |e: csv::Error| Error::Csv(e.to_string());
        w.write_record(["when (UTC)", "who", "what", "record", "client id", "detail", "computer"])
            .map_err(io)?;
        for r in &rows {
            w.write_record([
                r.at.to_string(),
                r.user_name.clone(),
                r.action.label().to_owned(),
                r.record.clone().unwrap_or_default(),
                r.client_id.map(|c| c.to_string()).unwrap_or_default(),
                r.detail.clone().unwrap_or_default(),
                r.device_name.clone().unwrap_or_default(),
            ])
            .map_err(io)?;
        }
        let bytes = w.into_inner().map_err(|e| Error::Csv(e.to_string()))?;
        let detail = format!("audit, {} lines", rows.len());
        self.write(actor, |tx| tx.audit(AuditAction::Export, None, None, Some(&detail)))?;
        Ok(bytes)
    }
}

fn check_dates(f: &AuditFilter) -> Result<()> {
    if let (Some(from), Some(to)) = (f.from, f.to) {
        if from > to {
            return Err(Error::invalid("to", "The last day must be the same as the first day or after it."));
        }
    }
    Ok(())
}

/// An entry's detail in words: field names as people say them, role codes as roles.
fn detail_words(action: AuditAction, detail: Option<String>) -> Option<String> {
    use crate::enums::Role;
    let d = detail?;
    Some(match action {
        AuditAction::Change => {
            d.split(", ").map(crate::sync::conflicts::label_of).collect::<Vec<_>>().join(", ")
        }
        AuditAction::UserAdd | AuditAction::UserChange => Role::ALL
            .iter()
            .find(|r| r.code() == d)
            .map_or(d.clone(), |r| format!("role: {}", r.label().to_lowercase())),
        AuditAction::ResolveConflict => crate::sync::conflicts::label_of(&d),
        _ => d,
    })
}

type Params = Vec<(String, rusqlite::types::Value)>;

/// The entries a filter matches: `at, seq, user_id, action, entity, entity_id, client_id, detail,
/// device_id`, as one query to be ordered and paged.
/// The newest `limit` entries a filter matches, newest first.
pub(crate) fn matching(conn: &Connection, filter: &AuditFilter, limit: u32) -> Result<Vec<AuditRow>> {
    let (sql, params) = audit_query(filter);
    let refs: Vec<(&str, &dyn rusqlite::ToSql)> =
        params.iter().map(|(k, v)| (k.as_str(), v as &dyn rusqlite::ToSql)).collect();
    audit_rows(conn, &format!("{sql} ORDER BY at DESC, seq DESC LIMIT {limit}"), &refs)
}

fn audit_query(f: &AuditFilter) -> (String, Params) {
    use rusqlite::types::Value as V;
    let mut params: Params = Vec::new();
    let mut wh: Vec<String> = Vec::new();
    use crate::store::OpKind;
    let mut op_wh: Vec<String> = vec![format!(
        "o.kind_n IN ({}, {}, {})",
        OpKind::Create.number(),
        OpKind::Set.number(),
        OpKind::Archive.number()
    )];
    if let Some(c) = f.client_id {
        wh.push("a.client_id = :client".into());
        params.push((":client".into(), V::Text(c.to_string())));
        if f.action.is_none_or(|a| a == AuditAction::Change) {
            // The audit log keeps ids as text; the record tables and the op log as bytes.
            params.push((":client_key".into(), V::Blob(c.0.as_bytes().to_vec())));
        }
        let mut own =
            vec![format!("(o.entity_n = {} AND o.entity_id = :client_key)", Entity::Client.number())];
        for e in client_record_kinds() {
            own.push(format!(
                "(o.entity_n = {} AND o.entity_id IN (SELECT id FROM main.{} WHERE client_id = :client_key))",
                e.number(),
                e.table()
            ));
        }
        own.push(format!(
            "(o.entity_n = {} AND o.entity_id IN (SELECT e.id FROM main.referral_events e JOIN main.referrals r ON r.id = e.referral_id WHERE r.client_id = :client_key))",
            Entity::ReferralEvent.number()
        ));
        op_wh.push(format!("({})", own.join(" OR ")));
    }
    if let Some(u) = f.user_id {
        wh.push("a.user_id = :user".into());
        op_wh.push("o.author = (SELECT n FROM main.op_nodes WHERE id = :user_key)".into());
        params.push((":user".into(), V::Text(u.to_string())));
        if f.client_id.is_some() && f.action.is_none_or(|a| a == AuditAction::Change) {
            params.push((":user_key".into(), V::Blob(u.0.as_bytes().to_vec())));
        }
    }
    if let Some(a) = f.action {
        wh.push("a.action = :action".into());
        params.push((":action".into(), V::Text(a.code().to_owned())));
    }
    // The log keeps when a change was written down as seconds (schema 35); the audit log as text.
    let op_at = crate::oplog::time_sql("o.recorded_s");
    let with_changes = f.client_id.is_some() && f.action.is_none_or(|a| a == AuditAction::Change);
    if let Some(d) = f.from {
        let t = Timestamp::london_midnight(d);
        wh.push("a.at >= :from".into());
        op_wh.push("o.recorded_s >= :from_s".into());
        params.push((":from".into(), V::Text(t.to_string())));
        if with_changes {
            params.push((":from_s".into(), V::Integer(t.unix())));
        }
    }
    if let Some(d) = f.to {
        let next = d.succ_opt().unwrap_or(d);
        let t = Timestamp::london_midnight(next);
        wh.push("a.at < :to".into());
        op_wh.push("o.recorded_s < :to_s".into());
        params.push((":to".into(), V::Text(t.to_string())));
        if with_changes {
            params.push((":to_s".into(), V::Integer(t.unix())));
        }
    }
    let where_sql = if wh.is_empty() { String::new() } else { format!("WHERE {}", wh.join(" AND ")) };
    let mut sql = format!(
        "SELECT a.at AS at, a.seq AS seq, a.user_id AS user_id, a.action AS action, a.entity AS entity,
                a.entity_id AS entity_id, a.client_id AS client_id, a.detail AS detail, a.device_id AS device_id
         FROM main.audit_log a {where_sql}"
    );
    // Changes come from the op log only for one client's records (found through its index).
    if with_changes {
        sql.push_str(&format!(
            " UNION ALL SELECT {op_at}, o.seq, {}, '{}', {}, {}, :client,
                (SELECT group_concat(key, ', ') FROM json_each(op_json(o.payload))), {}
              FROM {} WHERE {}",
            crate::oplog::id_sql("oa.id"),
            AuditAction::CHANGE,
            crate::oplog::entity_sql("o.entity_n"),
            crate::oplog::id_sql("o.entity_id"),
            crate::oplog::id_sql("od.id"),
            crate::oplog::OPS,
            op_wh.join(" AND ")
        ));
    }
    if f.action == Some(AuditAction::Change) {
        sql = format!("SELECT * FROM ({sql}) WHERE action = '{}'", AuditAction::CHANGE);
    }
    (sql, params)
}

fn audit_rows(
    conn: &Connection,
    sql: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
) -> Result<Vec<AuditRow>> {
    let mut st = conn.prepare(&format!(
        "SELECT q.at, q.user_id, coalesce(u.display_name, CASE WHEN q.user_id = '{nobody}' THEN 'Someone unknown' ELSE 'Someone' END),
                q.action, q.entity, q.client_id,
                trim(coalesce(c.preferred_name, c.given_name, '') || ' ' || coalesce(c.family_name, '')),
                q.detail, d.name
         FROM ({sql}) q
         LEFT JOIN main.users u ON u.id = unhex(replace(q.user_id, '-', ''))
         LEFT JOIN main.clients c ON c.id = unhex(replace(q.client_id, '-', ''))
         LEFT JOIN main.devices d ON d.id = unhex(replace(q.device_id, '-', ''))
         ORDER BY q.at DESC, q.seq DESC",
        nobody = crate::unlock::NOBODY
    ))?;
    let mut rows = st.query(params)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let action: String = r.get(3)?;
        let action = AuditAction::ALL
            .iter()
            .copied()
            .find(|a| a.code() == action)
            .ok_or_else(|| Error::Corrupt(format!("an audit entry has an unknown action '{action}'")))?;
        let entity: Option<String> = r.get(4)?;
        let user: String = r.get(1)?;
        out.push(AuditRow {
            at: r.get::<_, String>(0)?.parse()?,
            user_id: user.parse().ok().filter(|_| user != crate::unlock::NOBODY),
            user_name: r.get(2)?,
            action,
            record: entity.and_then(|e| Entity::from_code(&e).ok()).map(|e| e.noun().to_owned()),
            client_id: r.get::<_, Option<String>>(5)?.and_then(|c| c.parse().ok()),
            client_name: r.get::<_, Option<String>>(6)?.filter(|n| !n.is_empty()),
            detail: detail_words(action, r.get(7)?),
            device_name: r.get(8)?,
        });
    }
    Ok(out)
}
