//! Writing and applying bundles.
//!
//! Export picks the ops the other side has not seen: everything, or everything above what that
//! device last told us it had (its vector, learnt from the header of each bundle it sent). Import
//! checks in the order that gives the clearest message for the least work (framing, organisation,
//! schema, sender, signature, then the body), then applies the ops in one transaction: new ops go into
//! the log, ops already held are skipped (so importing a file twice changes nothing), ops stamped too
//! far ahead of this computer's clock are held in quarantine, and every record touched is projected
//! again ([`super::merge`]). A bundle that would leave a hole in a device's numbering, or that builds
//! on ops this device has not received, is refused whole.
//!
//! The body is applied as it is read, never held whole: an invitation's carries the organisation's
//! entire history. It is read on a second thread (decrypted, decompressed, parsed, checked and
//! packed for the log) while this one writes, so an import waits for the database rather than for
//! both. The checks that need every new op in the log first (its author's rights then, and a
//! relayed op's origin signature) read the new ops back from the log a batch at a time, taking turns
//! with projecting the records, while the signatures are checked on other threads. Anything found
//! wrong part-way refuses the file like anything else, since it is all one transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ed25519_dalek::VerifyingKey;
use rusqlite::{Connection, OptionalExtension, named_params};

use super::bundle::{self, Encryption, Header, Range, SealTo, Secret, WireOp};
use super::keys;
use crate::authz::{self, Action};
use crate::entity::Entity;
use crate::hlc::{self, Hlc};
use crate::ids::DeviceId;
use crate::migrations::DATA_VERSION;
use crate::store::{Actor, Store, Tx};
use crate::time::Timestamp;
use crate::{Error, Result};

/// The page cache, in MiB, while a sync file of at most [`BIG_FILE_OPS`] changes is applied (see
/// [`Store::import_trusting`]); SQLite fills it only as far as it needs.
const IMPORT_CACHE_MIB: i64 = 256;

/// Past this many changes a file alters far more pages than [`IMPORT_CACHE_MIB`] holds.
const BIG_FILE_OPS: u64 = 1_000_000;

/// From this many changes, a file at least as big as the log already held is applied with the
/// indexes only screens read built after it rather than entry by entry (below it, either way is
/// quick).
const BULK_FILE_OPS: u64 = 10_000;

/// About how many changes the log holds: its highest row number, which costs one index step where a
/// count reads every row (compaction may leave it a little above the count).
fn ops_held(conn: &Connection) -> Result<u64> {
    let n: Option<i64> = conn.query_row("SELECT max(rowid) FROM main.ops", [], |r| r.get(0))?;
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}

/// How far ahead of this computer's clock an op may be stamped before it is held back (one hour:
/// a laptop whose clock is set an hour out, a common slip around the clock change, still syncs).
pub const MAX_CLOCK_AHEAD_MS: u64 = 60 * 60 * 1000;

/// What to put in a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTarget {
    /// Every op this device holds.
    All,
    /// What the named device has not seen, as far as this device knows.
    SincePeer(DeviceId),
}

/// How far an import has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Progress {
    /// Steps done.
    #[ts(type = "number")]
    pub done: u64,
    /// Steps in all.
    #[ts(type = "number")]
    pub total: u64,
}

/// What an import brought in.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ImportReport {
    /// The device that sent the file.
    pub sender: String,
    /// Its name, if known.
    pub sender_name: Option<String>,
    /// Changes in the file.
    #[ts(type = "number")]
    pub received: u64,
    /// Changes this device did not have, now applied.
    #[ts(type = "number")]
    pub applied: u64,
    /// Changes it already had (skipped).
    #[ts(type = "number")]
    pub already_had: u64,
    /// Records that are new here.
    #[ts(type = "number")]
    pub new_records: u64,
    /// Records that changed.
    #[ts(type = "number")]
    pub changed_records: u64,
    /// Conflicts that appeared.
    #[ts(type = "number")]
    pub new_conflicts: u64,
    /// Conflicts waiting for a person, in all.
    #[ts(type = "number")]
    pub open_conflicts: u64,
    /// Changes held back because they were stamped too far ahead of this computer's clock.
    #[ts(type = "number")]
    pub quarantined: u64,
    /// Changes held back earlier that have now been applied.
    #[ts(type = "number")]
    pub released: u64,
    /// Changes set aside because a manager had revoked the computer that made them.
    #[ts(type = "number")]
    pub set_aside: u64,
    /// Audit entries from other devices that were new here.
    #[ts(type = "number")]
    pub audit_entries: u64,
}

/// What a sync file says about itself, shown before it is imported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct BundlePreview {
    /// The device that wrote it.
    pub sender: String,
    /// Its name, if this device knows it.
    pub sender_name: Option<String>,
    /// When it was written.
    pub created_at: Timestamp,
    /// Changes in it.
    #[ts(type = "number")]
    pub ops: u64,
    /// Whether it is locked with a passphrase (rather than to the organisation).
    pub needs_passphrase: bool,
}

/// One device as this one knows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct KnownDevice {
    /// Its id.
    pub device_id: String,
    /// Its name.
    pub name: Option<String>,
    /// Fingerprint of its signing key.
    pub fingerprint: Option<String>,
    /// The last of its changes this device holds.
    #[ts(type = "number")]
    pub changes_held: i64,
    /// When it last sent this device a file.
    pub last_file_at: Option<String>,
    /// When a manager revoked it, if they did.
    pub revoked_at: Option<String>,
    /// Whether it has joined with its invitation (its first file has arrived here, or it is this one).
    pub joined: bool,
    /// When its invitation stops (or stopped) working, if it was invited.
    pub invite_expires_at: Option<String>,
}

/// This device, for `device show` and the Sync screen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct DeviceSummary {
    /// This device's id.
    pub device_id: String,
    /// Its name.
    pub device_name: String,
    /// The organisation.
    pub organisation_id: String,
    /// Its name.
    pub organisation_name: String,
    /// Fingerprint of this device's signing key, to compare with what others see.
    pub fingerprint: String,
    /// The schema version.
    #[ts(type = "number")]
    pub schema_version: i64,
    /// The clock (HLC) of the last change made or received.
    pub clock: String,
    /// Every device whose changes this one holds (itself included), and peers it has heard from.
    pub devices: Vec<KnownDevice>,
    /// Changes held back (stamped too far ahead).
    #[ts(type = "number")]
    pub quarantined: u64,
    /// Conflicts waiting for a person.
    #[ts(type = "number")]
    pub open_conflicts: u64,
}

/// The last op number held from each device: the end of each one's numbers, looked up through the
/// log's (device, number) key, not a walk over the log (authors share `op_nodes` and have none).
pub(crate) fn vector(conn: &Connection) -> Result<BTreeMap<DeviceId, i64>> {
    let mut st = conn.prepare_cached(
        "SELECT id, seq FROM (SELECT d.id, (SELECT max(o.seq) FROM main.ops o WHERE o.device = d.n) AS seq
         FROM main.op_nodes d) WHERE seq IS NOT NULL",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, DeviceId>(0)?, r.get::<_, i64>(1)?)))?;
    rows.map(|r| r.map_err(Error::from)).collect()
}

/// The columns [`read_op`] reads, in order, from [`crate::oplog::OPS`].
pub(crate) const OP_COLUMNS: &str = "o.op_id, od.id, o.seq, o.hlc, oa.id, o.entity_n, o.entity_id, o.kind_n, o.payload, o.base, o.schema_version, o.recorded_s, o.sig";

pub(crate) fn read_op(r: &rusqlite::Row<'_>) -> Result<WireOp> {
    Ok(WireOp {
        op_id: crate::oplog::get_id(r, 0)?.parse()?,
        device_id: r.get(1)?,
        seq: r.get(2)?,
        hlc: crate::oplog::get_hlc(r, 3)?,
        author_id: r.get(4)?,
        entity: Entity::from_number(r.get(5)?)?.code().to_owned(),
        entity_id: crate::oplog::get_id(r, 6)?,
        kind: crate::store::op_kind_code(r.get(7)?)?.to_owned(),
        payload: crate::packed::get(r, 8)?,
        base: crate::packed::get(r, 9)?,
        schema_version: r.get(10)?,
        recorded_at: Timestamp::from_unix(r.get(11)?).to_string(),
        sig: crate::packed::get_opt(r, 12)?,
    })
}

fn device_name(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM main.devices WHERE id = :id")?
        .query_row(named_params! {":id": crate::ids::key(id)?}, |r| r.get(0))
        .optional()?)
}

fn short(id: &DeviceId) -> String {
    id.to_string().chars().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect()
}

fn describe(conn: &Connection, id: &DeviceId) -> Result<String> {
    Ok(match device_name(conn, &id.to_string())? {
        Some(n) => format!("\"{n}\""),
        None => format!("device …{}", short(id)),
    })
}

/// The scrypt cost for a bundle locked with a passphrase (about a second on a laptop).
pub const PASSPHRASE_LOG_N: u8 = bundle::MAX_PASSPHRASE_LOG_N;

impl Store {
    /// Whether `actor` may exchange sync files on this computer: caseworkers and managers anywhere, a
    /// peer mentor only on their own computer (which holds only their share).
    fn may_sync(&self, actor: &Actor) -> Result<()> {
        if actor.role == crate::enums::Role::PeerMentor
            && actor.mentor_id.is_some()
            && self.share_of()? == actor.mentor_id
        {
            return Ok(());
        }
        authz::require(actor, Action::Sync)
    }

    /// Writes a bundle of what `target` has not seen, encrypted to the organisation or, if given, to
    /// `passphrase`. For a peer mentor's own computer, the file holds only their share, encrypted to
    /// that computer ([`super::share`]); from such a computer, only its own work.
    pub fn export_bundle(
        &mut self,
        actor: &Actor,
        target: ExportTarget,
        passphrase: Option<(&str, u8)>,
    ) -> Result<(Vec<u8>, Header)> {
        self.may_sync(actor)?;
        if let Some((p, _)) = passphrase {
            crate::keyfile::check_new_passphrase(p, &[])?;
        }
        // This computer's own changes are signed before they are first sent.
        let sync_keys = self.write(actor, |tx| {
            let k = keys::ensure(tx)?;
            super::origin::sign_own(&tx.tx, tx.device, &k.signing)?;
            Ok(k)
        })?;
        let me = self.device_id();
        let share_device = self.share_of()?.is_some();
        let conn = self.conn();
        if let ExportTarget::SincePeer(peer) = target {
            if device_name(conn, &peer.to_string())?.is_none() {
                return Err(Error::NotFound { entity: "device" });
            }
            if let Some(mentor) = device_share_of(conn, &peer)? {
                return self.export_share(actor, peer, mentor, &sync_keys);
            }
        }
        // Only a manager's computer passes on others' work: any other sends only its own. A share
        // device also tells what it has covered of everyone else's.
        let own_only = share_device
            || super::authority::owner_role(conn, &me.to_string())? != Some(crate::enums::Role::Manager);
        let (have, vector) = if share_device {
            let own: BTreeMap<DeviceId, i64> = vector(conn)?.into_iter().filter(|(d, _)| *d == me).collect();
            (own, super::share::covered(conn, me)?)
        } else if own_only {
            let v = vector(conn)?;
            (v.iter().filter(|(d, _)| **d == me).map(|(d, s)| (*d, *s)).collect(), v)
        } else {
            let v = vector(conn)?;
            (v.clone(), v)
        };
        let audit_have: BTreeMap<DeviceId, i64> =
            crate::audit::vector(conn)?.into_iter().filter(|(d, _)| !own_only || *d == me).collect();
        let mut since: HashMap<DeviceId, i64> = HashMap::new();
        let mut audit_since: HashMap<DeviceId, i64> = HashMap::new();
        if let ExportTarget::SincePeer(peer) = target {
            for (table, into) in [("peer_vectors", &mut since), ("peer_audit_vectors", &mut audit_since)] {
                let mut st =
                    conn.prepare_cached(&format!("SELECT device_id, seq FROM {table} WHERE peer_id = :p"))?;
                let rows = st.query_map(named_params! {":p": peer}, |r| Ok((r.get(0)?, r.get(1)?)))?;
                for row in rows {
                    let (d, s): (DeviceId, i64) = row?;
                    into.insert(d, s);
                }
            }
        }
        let above = |have: &BTreeMap<DeviceId, i64>, since: &HashMap<DeviceId, i64>| -> Vec<Range> {
            have.iter()
                .filter_map(|(d, last)| {
                    let first = since.get(d).copied().unwrap_or(0) + 1;
                    (first <= *last).then_some(Range { device: *d, first, last: *last })
                })
                .collect()
        };
        let count = |rs: &[Range]| -> u64 {
            rs.iter().map(|r| u64::try_from(r.last - r.first + 1).unwrap_or(0)).sum()
        };
        let ranges = above(&have, &since);
        let audit_ranges = above(&audit_have, &audit_since);
        let ops = count(&ranges);
        let header = Header {
            format: bundle::FORMAT,
            organisation: self.organisation_id(),
            sender: me,
            schema_version: DATA_VERSION,
            created_at: Timestamp::now(),
            encryption: if passphrase.is_some() { Encryption::Passphrase } else { Encryption::Organisation },
            ops,
            ranges: ranges.clone(),
            vector,
            audit: count(&audit_ranges),
            audit_ranges: audit_ranges.clone(),
            audit_vector: audit_have,
            filtered: false,
        };
        let to = match passphrase {
            Some((p, log_n)) => SealTo::Passphrase { passphrase: p.to_owned(), log_n },
            None => SealTo::Organisation(super::trust::recipients(conn, &sync_keys)?),
        };
        let mut w = bundle::Writer::new(&header, &to)?;
        {
            let mut st = conn.prepare_cached(&format!(
                "SELECT {OP_COLUMNS} FROM {} WHERE od.id = :d AND o.seq BETWEEN :a AND :b ORDER BY o.seq",
                crate::oplog::OPS
            ))?;
            for r in &ranges {
                let mut rows = st.query(named_params! {":d": r.device, ":a": r.first, ":b": r.last})?;
                while let Some(row) = rows.next()? {
                    w.push(&read_op(row)?)?;
                }
            }
        }
        for r in &audit_ranges {
            crate::audit::wire_entries(conn, r.device, r.first, r.last, |e| w.push_audit(&e))?;
        }
        let bytes = w.finish(&sync_keys.signing)?;
        let detail = format!("{ops} changes");
        self.write(actor, |tx| tx.audit(crate::audit::AuditAction::BundleExport, None, None, Some(&detail)))?;
        Ok((bytes, header))
    }

    /// A file for a peer mentor's own computer: the whole of their share as it is now, and no more.
    pub(crate) fn export_share(
        &mut self,
        actor: &Actor,
        device: DeviceId,
        mentor: crate::ids::MentorId,
        sync_keys: &keys::SyncKeys,
    ) -> Result<(Vec<u8>, Header)> {
        let conn = self.conn();
        let recipient = keys::device_recipient(conn, &device.to_string())?.ok_or_else(|| {
            Error::BundleRefused(
                "This peer mentor's computer has no key of its own recorded here yet. Import a file from it (or from your manager) first.".into(),
            )
        })?;
        let filter = super::share::ShareFilter::of(conn, mentor, crate::time::today_london())?;
        let have = vector(conn)?;
        let mut ops: Vec<WireOp> = Vec::new();
        {
            let cols = OP_COLUMNS;
            let ops_from = crate::oplog::OPS;
            let mut by_kind =
                conn.prepare_cached(&format!("SELECT {cols} FROM {ops_from} WHERE o.entity_n = :e"))?;
            for e in [
                Entity::Organisation,
                Entity::Team,
                Entity::User,
                Entity::Device,
                Entity::Service,
                Entity::OrgKey,
            ] {
                let mut rows = by_kind.query(named_params! {":e": e.number()})?;
                while let Some(row) = rows.next()? {
                    ops.push(read_op(row)?);
                }
            }
            let mut by_record = conn.prepare_cached(&format!(
                "SELECT {cols} FROM {ops_from} WHERE o.entity_n = :e AND o.entity_id = :id"
            ))?;
            let mut records: Vec<(Entity, String)> = vec![(Entity::PeerMentor, filter.mentor().to_owned())];
            for (e, set) in filter.records() {
                records.extend(set.iter().map(|id| (e, id.clone())));
            }
            for (e, id) in records {
                let mut rows =
                    by_record.query(named_params! {":e": e.number(), ":id": crate::oplog::key(&id)?})?;
                while let Some(row) = rows.next()? {
                    ops.push(read_op(row)?);
                }
            }
        }
        let mut ops: Vec<WireOp> = ops.into_iter().filter_map(|op| filter.pass(op)).collect();
        ops.sort_by_key(|o| (o.device_id, o.seq));
        let header = Header {
            format: bundle::FORMAT,
            organisation: self.organisation_id(),
            sender: self.device_id(),
            schema_version: DATA_VERSION,
            created_at: Timestamp::now(),
            encryption: Encryption::Device,
            ops: ops.len() as u64,
            ranges: have
                .iter()
                .filter(|(_, l)| **l >= 1)
                .map(|(d, l)| Range { device: *d, first: 1, last: *l })
                .collect(),
            vector: have,
            audit: 0,
            audit_ranges: Vec::new(),
            audit_vector: BTreeMap::new(),
            filtered: true,
        };
        let mut w = bundle::Writer::new(&header, &SealTo::Organisation(vec![recipient]))?;
        for op in &ops {
            w.push(op)?;
        }
        w.push_share(&filter.clients())?;
        let bytes = w.finish(&sync_keys.signing)?;
        let detail = format!("{} changes for a peer mentor's computer", ops.len());
        self.write(actor, |tx| {
            tx.audit(
                crate::audit::AuditAction::BundleExport,
                Some(Entity::Device),
                Some(&device.to_string()),
                Some(&detail),
            )
        })?;
        Ok((bytes, header))
    }

    /// Checks and applies a bundle. `passphrase` opens one locked with a passphrase; `progress` is
    /// called as the work goes on.
    pub fn import_bundle(
        &mut self,
        actor: &Actor,
        bytes: &[u8],
        passphrase: Option<&str>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<ImportReport> {
        self.may_sync(actor)?;
        let report = self.import_trusting(actor, bytes, passphrase, None, progress)?;
        // People removed or renamed elsewhere: their passphrases here follow.
        self.refresh_key_file()?;
        Ok(report)
    }

    /// Import, optionally trusting a sender key given out of band (an invitation's).
    pub(crate) fn import_trusting(
        &mut self,
        actor: &Actor,
        bytes: &[u8],
        passphrase: Option<&str>,
        trusted: Option<VerifyingKey>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<ImportReport> {
        let parsed = bundle::parse(bytes)?;
        let h = &parsed.header;
        self.check_fits(h)?;
        let key = match trusted {
            Some(k) => k,
            None => keys::device_public_key(self.conn(), &h.sender.to_string())?.ok_or_else(|| {
                Error::BundleRefused(format!(
                    "This sync file comes from a device this computer does not know yet (…{}). Import a file from your manager first: it introduces new devices.",
                    short(&h.sender)
                ))
            })?,
        };
        parsed.verify(&key)?;
        super::trust::check_sender(self.conn(), &h.sender)?;
        let share_device = self.share_of()?.is_some();
        if h.filtered != share_device {
            return Err(Error::BundleRefused(if share_device {
                "This sync file holds the organisation's records, which a peer mentor's computer does not take. Ask your manager for a file made for this computer.".into()
            } else {
                "This sync file was made for a peer mentor's own computer. Import it there.".into()
            }));
        }
        let sync_keys = keys::load(self.conn())?;
        let no_key = || Error::BundleRefused("This computer has no key that opens this sync file.".into());
        // The organisation's key now and before it last changed, and this computer's own (files are
        // also sealed to each trusted computer, so a changed key reaches them).
        let identities: Vec<age::x25519::Identity> = match &sync_keys {
            Some(k) => k
                .org_identity
                .iter()
                .chain(k.org_previous.iter())
                .chain(std::iter::once(&k.device_identity))
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        let secret = match passphrase {
            Some(p) => Secret::Passphrase(p),
            None if identities.is_empty() => return Err(no_key()),
            None => Secret::Any(&identities),
        };
        let header = parsed.header.clone();
        // An invitation's file comes from the manager who made it: it may carry everyone's work.
        let joining = trusted.is_some();
        if share_device {
            let body = parsed.open(secret)?;
            self.write(actor, |tx| apply_share(tx, &header, body, progress))
        } else {
            let plain = parsed.plain(secret)?;
            // One transaction writes the whole file: with the usual cache, the pages a file of some
            // thousands of changes alters spill to the WAL and are read and decrypted again. A file of
            // millions (a new computer joining a large organisation) alters far more than any cache
            // holds, and a bigger one only made it slower (BENCHMARKS.md).
            let cache = if header.ops <= BIG_FILE_OPS { IMPORT_CACHE_MIB } else { crate::store::CACHE_MIB };
            self.with_cache(cache, |s| {
                s.write(actor, |tx| {
                    // A file at least as big as everything held (a new computer's first, say) is
                    // applied with the indexes only screens read left out and built after, in the
                    // same transaction ([`crate::bulk`]).
                    let defer = header.ops >= BULK_FILE_OPS && header.ops >= ops_held(&tx.tx)?;
                    let deferred = if defer { crate::bulk::drop_screen_indexes(&tx.tx)? } else { Vec::new() };
                    let report = apply(tx, &header, plain, joining, progress)?;
                    crate::bulk::build(&tx.tx, &deferred)?;
                    Ok(report)
                })
            })
        }
    }

    /// Reads a sync file's header, so a person can see what it is before importing it. Refuses a
    /// file that is not one, or that belongs to another organisation or a newer version.
    pub fn preview_bundle(&self, actor: &Actor, bytes: &[u8]) -> Result<BundlePreview> {
        self.may_sync(actor)?;
        let h = bundle::parse(bytes)?.header;
        self.check_fits(&h)?;
        Ok(BundlePreview {
            sender: h.sender.to_string(),
            sender_name: device_name(self.conn(), &h.sender.to_string())?,
            created_at: h.created_at,
            ops: h.ops,
            needs_passphrase: h.encryption == Encryption::Passphrase,
        })
    }

    /// Refuses a file from another organisation or a newer version.
    fn check_fits(&self, h: &Header) -> Result<()> {
        if h.organisation != self.organisation_id() {
            return Err(Error::BundleRefused(
                "This sync file belongs to another organisation. Devices only exchange files within their own organisation.".into(),
            ));
        }
        if h.schema_version > DATA_VERSION {
            return Err(Error::BundleRefused(bundle::NEWER_VERSION.into()));
        }
        Ok(())
    }

    /// This device and what it knows of the others.
    pub fn device_summary(&mut self, actor: &Actor) -> Result<DeviceSummary> {
        self.may_sync(actor)?;
        let sync_keys = self.write(actor, keys::ensure)?;
        let conn = self.conn();
        let device = self.device_id().to_string();
        let org_name: String = conn.query_row(
            "SELECT name FROM organisations WHERE id = :id",
            named_params! {":id": self.organisation_id()},
            |r| r.get(0),
        )?;
        let mut devices: BTreeMap<String, KnownDevice> = BTreeMap::new();
        {
            let mut st = conn.prepare(
                "SELECT d.id, d.name, d.public_key, (SELECT max(o.seq) FROM main.ops o JOIN main.op_nodes n ON n.n = o.device WHERE n.id = d.id), p.last_bundle_at,
                        d.revoked_at, d.claim, d.invite_expires_at
                 FROM main.devices d LEFT JOIN peers p ON p.device_id = d.id",
            )?;
            let rows = st.query_map([], |r| {
                Ok(KnownDevice {
                    device_id: r.get::<_, crate::ids::IdText>(0)?.0,
                    name: r.get(1)?,
                    fingerprint: r
                        .get::<_, Option<String>>(2)?
                        .and_then(|k| keys::public_key_from_text(&k))
                        .map(|k| keys::fingerprint(&k)),
                    changes_held: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
                    last_file_at: r.get(4)?,
                    revoked_at: r.get(5)?,
                    joined: r.get::<_, Option<String>>(6)?.is_some()
                        || r.get::<_, Option<i64>>(3)?.is_some_and(|n| n > 0),
                    invite_expires_at: r.get(7)?,
                })
            })?;
            for d in rows {
                let d = d?;
                devices.insert(d.device_id.clone(), d);
            }
        }
        for (d, seq) in vector(conn)? {
            devices.entry(d.to_string()).or_insert(KnownDevice {
                device_id: d.to_string(),
                name: None,
                fingerprint: None,
                changes_held: seq,
                last_file_at: None,
                revoked_at: None,
                joined: true,
                invite_expires_at: None,
            });
        }
        let count = |sql: &str| -> Result<u64> {
            Ok(u64::try_from(conn.query_row(sql, [], |r| r.get::<_, i64>(0))?).unwrap_or(0))
        };
        Ok(DeviceSummary {
            device_name: devices.get(&device).and_then(|d| d.name.clone()).unwrap_or_default(),
            device_id: device.clone(),
            organisation_id: self.organisation_id().to_string(),
            organisation_name: org_name,
            fingerprint: keys::fingerprint(&sync_keys.signing.verifying_key()),
            schema_version: DATA_VERSION,
            clock: conn
                .query_row("SELECT value FROM local_state WHERE key = 'clock'", [], |r| r.get(0))
                .optional()?
                .unwrap_or_default(),
            devices: devices.into_values().collect(),
            quarantined: count("SELECT count(*) FROM quarantine")?,
            // Only the conflicts this user can see and settle.
            open_conflicts: if actor.role == crate::enums::Role::PeerMentor {
                0
            } else {
                self.reader(actor).conflicts(&device)?.len() as u64
            },
        })
    }
}

/// The mentor whose share a device holds, if it is a peer mentor's own computer.
fn device_share_of(conn: &Connection, device: &DeviceId) -> Result<Option<crate::ids::MentorId>> {
    Ok(conn
        .prepare_cached("SELECT share_of FROM main.devices WHERE id = :id")?
        .query_row(named_params! {":id": device}, |r| r.get::<_, Option<crate::ids::MentorId>>(0))
        .optional()?
        .flatten())
}

/// Applies a filtered file on a share device: each op is new or the one already held; what it covers is
/// recorded; anything of a client no longer in the share is removed.
fn apply_share(
    tx: &mut Tx<'_>,
    header: &Header,
    body: bundle::Body,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let bundle::Body { ops, share, .. } = body;
    let share: std::collections::HashSet<String> = share
        .ok_or_else(|| Error::BadBundle {
            reason: "a file for a peer mentor's computer names no share".into(),
        })?
        .into_iter()
        .collect();
    let conn: &Connection = &tx.tx;
    let me = tx.device;
    let now_ms = hlc::now_ms();
    let now = tx.now().to_string();
    let mut report = ImportReport {
        sender: header.sender.to_string(),
        sender_name: device_name(conn, &header.sender.to_string())?,
        received: header.ops,
        ..Default::default()
    };
    let total = header.ops.saturating_mul(2).max(1);
    let mut touched: BTreeSet<(Entity, String)> = BTreeSet::new();
    let mut newest: Option<Hlc> = None;
    for (i, op) in ops.iter().enumerate() {
        if i % 2000 == 0 {
            progress(Progress { done: i as u64, total });
        }
        match crate::oplog::op_at(conn, &op.device_id.to_string(), op.seq)? {
            Some(id) if id == op.op_id.0.as_bytes() => {
                report.already_had += 1;
                continue;
            }
            Some(_) => {
                return Err(Error::BundleRefused(format!(
                    "This sync file disagrees with this computer about the history of {}. Ask your manager for help before going on.",
                    describe(conn, &op.device_id)?
                )));
            }
            None => {}
        }
        insert_op(conn, op)?;
        touched.insert((Entity::from_code(&op.entity)?, op.entity_id.clone()));
        let stamp: Hlc = op.hlc.parse()?;
        if !too_far_ahead(&stamp, now_ms) {
            newest = newest.max(Some(stamp));
        }
        report.applied += 1;
    }
    if let Some(stamp) = newest {
        tx.clock = Hlc::receive(tx.clock, stamp, now_ms);
    }
    let conn: &Connection = &tx.tx;
    let mut ordered: Vec<&(Entity, String)> = touched.iter().collect();
    ordered.sort_by_key(|(e, id)| (Entity::ALL.iter().position(|x| x == e), id.as_str()));
    for (entity, id) in ordered {
        let p = super::merge::reproject(conn, *entity, id, &now)?;
        if p.exists && !p.existed {
            report.new_records += 1;
        } else if p.changed {
            report.changed_records += 1;
        }
    }
    let removed = super::share::forget_outside(conn, me, &share)?;
    super::trust::adopt_newest_key(conn)?;
    let covers: BTreeMap<DeviceId, i64> = header.ranges.iter().map(|r| (r.device, r.last)).collect();
    super::share::cover(conn, me, &covers)?;
    for (d, seq) in &header.vector {
        conn.prepare_cached(
            "INSERT INTO peer_vectors (peer_id, device_id, seq) VALUES (:p, :d, :s)
             ON CONFLICT (peer_id, device_id) DO UPDATE SET seq = max(seq, excluded.seq)",
        )?
        .execute(named_params! {":p": header.sender, ":d": d, ":s": seq})?;
    }
    conn.prepare_cached(
        "INSERT INTO peers (device_id, name, last_bundle_at) VALUES (:d, :n, :at)
         ON CONFLICT (device_id) DO UPDATE SET name = excluded.name, last_bundle_at = excluded.last_bundle_at",
    )?
    .execute(named_params! {":d": header.sender, ":n": device_name(conn, &header.sender.to_string())?, ":at": now})?;
    let detail = format!("{} new changes, {removed} people no longer linked removed", report.applied);
    tx.audit(
        crate::audit::AuditAction::BundleImport,
        Some(Entity::Device),
        Some(&header.sender.to_string()),
        Some(&detail),
    )?;
    progress(Progress { done: total, total });
    Ok(report)
}

fn insert_op(conn: &Connection, op: &WireOp) -> Result<()> {
    insert_stored(conn, &mut Nodes::default(), op, Stored::of(op)?)
}

/// The log's numbers for the computers and people whose changes a file brings, each looked up once.
#[derive(Default)]
struct Nodes(std::collections::HashMap<uuid::Uuid, i64>);

impl Nodes {
    fn get(&mut self, conn: &Connection, id: uuid::Uuid) -> Result<i64> {
        if let Some(n) = self.0.get(&id) {
            return Ok(*n);
        }
        let n = crate::oplog::node(conn, &id.to_string())?;
        self.0.insert(id, n);
        Ok(n)
    }
}

/// An incoming op as the log stores it: its id, clock stamp and what it says packed. Worked out
/// while the file is read, on the reading thread ([`bundle::parse_body_each_beside`]).
struct Stored {
    hlc: Hlc,
    /// The numbers the log keeps for the record kind, the change kind and the time (schema 35).
    entity: i64,
    kind: i64,
    recorded_s: i64,
    entity_id: [u8; 16],
    payload: Vec<u8>,
    base: Vec<u8>,
    sig: Option<Vec<u8>>,
}

impl Stored {
    fn of(op: &WireOp) -> Result<Stored> {
        Ok(Stored {
            hlc: Hlc::parse_canonical(&op.hlc)?,
            entity: Entity::from_code(&op.entity)?.number(),
            kind: crate::store::op_kind_number(&op.kind)?,
            recorded_s: Timestamp::parse_canonical(&op.recorded_at)?.unix(),
            entity_id: crate::oplog::key(&op.entity_id).map_err(|_| {
                Error::Corrupt(format!("a change names a record by '{}', which is not an id", op.entity_id))
            })?,
            payload: crate::packed::pack(&op.payload)?,
            base: crate::packed::pack(&op.base)?,
            sig: op.sig.as_ref().map(crate::packed::pack_value).transpose()?,
        })
    }
}

fn insert_stored(conn: &Connection, nodes: &mut Nodes, op: &WireOp, stored: Stored) -> Result<()> {
    let device = nodes.get(conn, op.device_id.0)?;
    let author = nodes.get(conn, op.author_id.0)?;
    conn.prepare_cached(
        "INSERT INTO main.ops (op_id, device, seq, hlc, author, entity_n, entity_id, kind_n, payload, base, schema_version, recorded_s, sig)
         VALUES (:op, :device, :seq, :hlc, :author, :entity, :entity_id, :kind, :payload, :base, :schema, :at, :sig)",
    )?
    .execute(named_params! {
        ":op": op.op_id.0.as_bytes(), ":device": device, ":seq": op.seq, ":hlc": stored.hlc, ":author": author,
        ":entity": stored.entity, ":entity_id": stored.entity_id, ":kind": stored.kind,
        ":payload": stored.payload, ":base": stored.base,
        ":schema": op.schema_version, ":at": stored.recorded_s, ":sig": stored.sig,
    })?;
    Ok(())
}

/// The ops in the log past `before` up to `after` (what an import added), a few thousand at a time,
/// device by device in order. Read back rather than kept from the file, so that a whole
/// organisation's history never sits in memory.
struct NewOps {
    /// Devices still to read: each with the last number it had before and the last it has now.
    todo: std::collections::VecDeque<(DeviceId, i64, i64)>,
    /// How many have been handed out.
    given: i64,
}

impl NewOps {
    fn new(before: &BTreeMap<DeviceId, i64>, after: &BTreeMap<DeviceId, i64>) -> Self {
        let todo = after
            .iter()
            .map(|(d, &last)| (*d, before.get(d).copied().unwrap_or(0), last))
            .filter(|(_, from, last)| from < last)
            .collect();
        NewOps { todo, given: 0 }
    }

    /// How many ops are still to be read.
    fn left(&self) -> i64 {
        self.todo.iter().map(|(_, from, last)| last - from).sum()
    }

    /// The next batch, or `None` when every new op has been read.
    fn next(&mut self, conn: &Connection) -> Result<Option<Vec<WireOp>>> {
        const BATCH: i64 = 4096;
        let mut read = conn.prepare_cached(&format!(
            "SELECT {OP_COLUMNS} FROM {} WHERE od.id = :d AND o.seq > :from AND o.seq <= :to ORDER BY o.seq LIMIT {BATCH}",
            crate::oplog::OPS
        ))?;
        while let Some(&(d, from, last)) = self.todo.front() {
            let mut batch = Vec::new();
            let mut rows = read.query(named_params! {":d": d, ":from": from, ":to": last})?;
            while let Some(r) = rows.next()? {
                batch.push(read_op(r)?);
            }
            match batch.last().map(|o| o.seq) {
                Some(end) if end < last => self.todo[0].1 = end,
                _ => {
                    self.todo.pop_front();
                }
            }
            if !batch.is_empty() {
                self.given += batch.len() as i64;
                return Ok(Some(batch));
            }
        }
        Ok(None)
    }
}

/// The checks an import makes of each change it added to the log, a batch at a time: who made it
/// and whether they could, here; and for a change passed on from another computer, its origin's
/// key and kept digests, its signature handed on to be checked elsewhere.
struct Checks<'c> {
    conn: &'c Connection,
    sender: DeviceId,
    new: NewOps,
    authority: super::authority::Authority<'c>,
    keys: BTreeMap<DeviceId, Option<VerifyingKey>>,
    /// Every new op has been checked here (their signatures may still be being checked elsewhere).
    finished: bool,
    /// A change this file must be refused for, found here.
    refused: Option<Error>,
}

impl Checks<'_> {
    /// How many new ops have been checked so far.
    fn done(&self) -> u64 {
        u64::try_from(self.new.given).unwrap_or(0)
    }

    /// Whether there is more to check here.
    fn going(&self) -> bool {
        !self.finished && self.refused.is_none()
    }

    /// Checks the next batch and hands its signatures on.
    fn step(&mut self, signatures: &std::sync::mpsc::SyncSender<Vec<super::origin::Relayed>>) -> Result<()> {
        let Some(batch) = self.new.next(self.conn)? else {
            self.finished = true;
            return Ok(());
        };
        for op in &batch {
            if let Err(what) = self.authority.check(op)? {
                self.refused = Some(Error::BundleRefused(format!(
                    "This sync file holds a change from {} that its author could not have made ({what}). Nothing was applied. Ask your manager.",
                    describe(self.conn, &op.device_id)?
                )));
                return Ok(());
            }
        }
        match super::origin::relayed(self.conn, self.sender, batch, &mut self.keys)? {
            Err((origin, what)) => {
                self.refused = Some(signature_refusal(self.conn, self.sender, origin, what)?)
            }
            Ok(relayed) if relayed.is_empty() => {}
            // The signature checker has stopped at one that fails, which is then reported.
            Ok(relayed) => self.finished = signatures.send(relayed).is_err(),
        }
        Ok(())
    }
}

/// The refusal for a change passed on whose origin signature does not hold (or cannot be checked).
fn signature_refusal(conn: &Connection, sender: DeviceId, origin: DeviceId, what: &str) -> Result<Error> {
    Ok(Error::BundleRefused(format!(
        "This sync file from {} holds {what}, said to come from {}. Nothing was applied. Ask your manager.",
        describe(conn, &sender)?,
        describe(conn, &origin)?
    )))
}

/// Whether an op erases a client (its record then goes into the erasure register).
fn erases_client(op: &WireOp) -> bool {
    op.entity == "client" && op.kind == "redact"
}

fn too_far_ahead(hlc: &Hlc, now_ms: u64) -> bool {
    hlc.wall_ms > now_ms.saturating_add(MAX_CLOCK_AHEAD_MS)
}

fn apply(
    tx: &mut Tx<'_>,
    header: &Header,
    plain: impl std::io::BufRead + Send,
    joining: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let conn: &Connection = &tx.tx;
    let now_ms = hlc::now_ms();
    let now = tx.now().to_string();
    let mut held = vector(conn)?;
    for r in &header.ranges {
        let m = held.get(&r.device).copied().unwrap_or(0);
        if r.first > m + 1 {
            return Err(Error::BundleRefused(format!(
                "This sync file starts at change {} from {}, but this computer has only up to change {m}. Import the earlier file from that device (or a full one) first.",
                r.first,
                describe(conn, &r.device)?
            )));
        }
    }
    for (d, need) in &header.vector {
        let after = header.ranges.iter().find(|r| r.device == *d).map_or(0, |r| r.last);
        let have = held.get(d).copied().unwrap_or(0).max(after);
        // Nothing after a revoked computer's cut-off is taken, so nothing can build on it.
        let need = super::trust::cut_off(conn, d)?.map_or(*need, |c| c.min(*need));
        if *d == tx.device && have < need {
            return Err(Error::BundleRefused(format!(
                "This sync file from {} claims changes made on this computer that it never made. Nothing was applied. Ask your manager.",
                describe(conn, &header.sender)?
            )));
        }
        if have < need {
            return Err(Error::BundleRefused(format!(
                "This sync file builds on changes from {} that this computer has not received yet. Import a file from that device or your manager first.",
                describe(conn, d)?
            )));
        }
    }
    // Only managers' computers relay: any other sends only its own work.
    let may_relay = joining
        || super::authority::owner_role(conn, &header.sender.to_string())?
            == Some(crate::enums::Role::Manager);
    // The body holds exactly what its header's ranges list (reading it checks that), so the header
    // says whether it carries anyone else's work.
    let foreign = |ranges: &[Range]| ranges.iter().any(|r| r.device != header.sender && r.first <= r.last);
    if !may_relay && (foreign(&header.ranges) || foreign(&header.audit_ranges)) {
        return Err(Error::BundleRefused(format!(
            "This sync file from {} carries other computers' work, which only a manager's computer may pass on. Ask your manager.",
            describe(conn, &header.sender)?
        )));
    }
    let before_conflicts: i64 = conn.query_row("SELECT count(*) FROM conflicts", [], |r| r.get(0))?;
    let mut report = ImportReport {
        sender: header.sender.to_string(),
        sender_name: device_name(conn, &header.sender.to_string())?,
        received: header.ops,
        ..Default::default()
    };
    let total = header.ops.saturating_mul(2).max(1);
    let mut touched: BTreeSet<(Entity, String)> = BTreeSet::new();
    let mut holding: BTreeSet<DeviceId> = BTreeSet::new();
    let mut newest: Option<Hlc> = None;
    let mut erased: Vec<String> = Vec::new();
    // What was held before: every op in the log past it was added by this import, and is read back
    // from the log to be checked below rather than held in memory.
    let before = held.clone();
    let mut read = 0u64;
    // What the loop below looks up for every change, looked up once for each computer and person.
    let mut trust = super::trust::Checker::default();
    let mut nodes = Nodes::default();
    // Only a change this computer does not hold yet is worth packing.
    let prepare =
        |op: &WireOp| (op.seq > before.get(&op.device_id).copied().unwrap_or(0)).then(|| Stored::of(op));
    let body = bundle::parse_body_each_beside(plain, header, &prepare, &mut |op, stored| {
        if read.is_multiple_of(2000) {
            progress(Progress { done: read, total });
        }
        read += 1;
        let m = held.get(&op.device_id).copied().unwrap_or(0);
        if op.seq <= m {
            let stored = crate::oplog::op_at(conn, &op.device_id.to_string(), op.seq)?;
            if stored.as_deref() != Some(op.op_id.0.as_bytes().as_slice()) {
                if super::trust::is_claim(&op) {
                    return Err(Error::BundleRefused(format!(
                        "This sync file comes from a second computer that joined as {} with an invitation that had already been used. Nothing was applied. Ask your manager to revoke it and send a new invitation.",
                        describe(conn, &op.device_id)?
                    )));
                }
                return Err(Error::BundleRefused(format!(
                    "This sync file disagrees with this computer about the history of {}: the same change number holds different changes. This happens when a device is restored from an old backup and carries on. Ask for help before going on.",
                    describe(conn, &op.device_id)?
                )));
            }
            report.already_had += 1;
            return Ok(());
        }
        match trust.check(conn, &op)? {
            super::trust::Verdict::Accept => {}
            super::trust::Verdict::AfterRevocation => {
                report.set_aside += 1;
                return Ok(());
            }
            super::trust::Verdict::Refuse(what) => {
                return Err(Error::BundleRefused(format!(
                    "This sync file holds a change from {} that cannot be accepted ({what}). Nothing was applied. Ask your manager.",
                    describe(conn, &op.device_id)?
                )));
            }
        }
        let stamp: Hlc = op.hlc.parse()?;
        if holding.contains(&op.device_id) || too_far_ahead(&stamp, now_ms) {
            holding.insert(op.device_id);
            conn.prepare_cached(
                "INSERT INTO quarantine (device_id, seq, hlc, op, received_at) VALUES (:d, :s, :h, :op, :at)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(named_params! {":d": op.device_id, ":s": op.seq, ":h": op.hlc, ":op": serde_json::to_string(&op)?, ":at": now})?;
            report.quarantined += 1;
            return Ok(());
        }
        let stored = match stored {
            Some(stored) => stored?,
            None => Stored::of(&op)?,
        };
        insert_stored(conn, &mut nodes, &op, stored)?;
        held.insert(op.device_id, op.seq);
        if erases_client(&op) {
            erased.push(op.entity_id.clone());
        }
        touched.insert((Entity::from_code(&op.entity)?, op.entity_id));
        newest = newest.max(Some(stamp));
        report.applied += 1;
        Ok(())
    })?;
    let audit = body.audit;
    // Ops held back before whose time has come, in order per device.
    let waiting: Vec<(DeviceId, i64, String)> = {
        let mut st =
            conn.prepare_cached("SELECT device_id, seq, op FROM quarantine ORDER BY device_id, seq")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (d, seq, text) in waiting {
        let m = held.get(&d).copied().unwrap_or(0);
        let release = |conn: &Connection| -> Result<()> {
            conn.prepare_cached("DELETE FROM quarantine WHERE device_id = :d AND seq = :s")?
                .execute(named_params! {":d": d, ":s": seq})?;
            Ok(())
        };
        if seq <= m {
            release(conn)?;
            continue;
        }
        let op: WireOp = serde_json::from_str(&text)?;
        if super::trust::check_op(conn, &op)? != super::trust::Verdict::Accept {
            release(conn)?;
            continue;
        }
        let stamp: Hlc = op.hlc.parse()?;
        if seq == m + 1 && !too_far_ahead(&stamp, now_ms) && !holding.contains(&d) {
            insert_op(conn, &op)?;
            release(conn)?;
            held.insert(d, seq);
            touched.insert((Entity::from_code(&op.entity)?, op.entity_id.clone()));
            newest = newest.max(Some(stamp));
            report.released += 1;
            if erases_client(&op) {
                erased.push(op.entity_id.clone());
            }
        }
    }
    // Erasures that arrived go into the erasure register once the file is applied.
    tx.erased_clients.borrow_mut().extend(erased);
    if let Some(stamp) = newest {
        tx.clock = Hlc::receive(tx.clock, stamp, now_ms);
    }
    let conn: &Connection = &tx.tx;
    // Records in dependency order, so a projected row's references already exist.
    let mut ordered: Vec<&(Entity, String)> = touched.iter().collect();
    let rank = |e: &Entity| Entity::ALL.iter().position(|x| x == e);
    ordered.sort_by_key(|(e, id)| (rank(e), id.as_str()));
    // Every change this file added to the log is checked against who made it, then (the log alone
    // says, so projecting the records makes no difference), and one passed on from another computer
    // must carry its origin's signature, checked against the origin's key, which may have arrived
    // in this very file: so the checks start once the computers' own records are projected. One
    // that fails refuses the whole file. The checks take turns with projecting the records on this
    // thread, keeping level with them, while the signatures (most of the cost of a file passed on)
    // are checked on the other cores.
    let keys_known = ordered.partition_point(|(e, _)| rank(e) <= rank(&Entity::Device));
    let mut checks = Checks {
        conn,
        sender: header.sender,
        new: NewOps::new(&before, &held),
        authority: super::authority::Authority::new(conn),
        keys: BTreeMap::new(),
        finished: false,
        refused: None,
    };
    let to_check = u64::try_from(checks.new.left()).unwrap_or(0).max(1);
    let n = ordered.len() as u64;
    let refused = std::thread::scope(|s| -> Result<Option<Error>> {
        let (send, signed) = std::sync::mpsc::sync_channel::<Vec<super::origin::Relayed>>(2);
        let signatures = s.spawn(move || -> Result<Option<(DeviceId, &'static str)>> {
            for batch in signed {
                if let Some(bad) = super::origin::first_unsigned(&batch)? {
                    return Ok(Some(bad));
                }
            }
            Ok(None)
        });
        for (i, (entity, id)) in ordered.into_iter().enumerate() {
            let i = i as u64;
            if i.is_multiple_of(1000) {
                progress(Progress { done: header.ops + i * header.ops / n.max(1), total });
            }
            while checks.going() && i >= keys_known as u64 && checks.done() * n < i * to_check {
                checks.step(&send)?;
            }
            if checks.refused.is_some() {
                break;
            }
            let p = super::merge::reproject(conn, *entity, id, &now)?;
            if p.exists && !p.existed {
                report.new_records += 1;
            } else if p.changed {
                report.changed_records += 1;
            }
        }
        while checks.going() {
            checks.step(&send)?;
        }
        drop(send);
        // A signature that fails comes before anything refused in a later batch.
        let unsigned = signatures
            .join()
            .map_err(|_| Error::Corrupt("checking signatures stopped unexpectedly".into()))??;
        Ok(match unsigned {
            Some((origin, what)) => Some(signature_refusal(conn, header.sender, origin, what)?),
            None => checks.refused.take(),
        })
    })?;
    if let Some(e) = refused {
        return Err(e);
    }
    // A revocation that has just arrived: what this computer took from it after the cut-off goes.
    for (entity, id) in super::trust::purge_revoked(conn)? {
        super::merge::reproject(conn, entity, &id, &now)?;
    }
    super::trust::adopt_newest_key(conn)?;
    let after_conflicts: i64 = conn.query_row("SELECT count(*) FROM conflicts", [], |r| r.get(0))?;
    report.open_conflicts = u64::try_from(after_conflicts).unwrap_or(0);
    report.new_conflicts = u64::try_from(after_conflicts - before_conflicts).unwrap_or(0);
    // The audit entries: other devices' chains, kept as they were written.
    for entry in &audit {
        if crate::audit::receive(conn, entry)? {
            report.audit_entries += 1;
        }
    }
    for (d, seq) in &header.audit_vector {
        conn.prepare_cached(
            "INSERT INTO peer_audit_vectors (peer_id, device_id, seq) VALUES (:p, :d, :s)
             ON CONFLICT (peer_id, device_id) DO UPDATE SET seq = max(seq, excluded.seq)",
        )?
        .execute(named_params! {":p": header.sender, ":d": d, ":s": seq})?;
    }
    // What the sender has seen, for exports back to it.
    for (d, seq) in &header.vector {
        conn.prepare_cached(
            "INSERT INTO peer_vectors (peer_id, device_id, seq) VALUES (:p, :d, :s)
             ON CONFLICT (peer_id, device_id) DO UPDATE SET seq = max(seq, excluded.seq)",
        )?
        .execute(named_params! {":p": header.sender, ":d": d, ":s": seq})?;
    }
    conn.prepare_cached(
        "INSERT INTO peers (device_id, name, last_bundle_at) VALUES (:d, :n, :at)
         ON CONFLICT (device_id) DO UPDATE SET name = excluded.name, last_bundle_at = excluded.last_bundle_at",
    )?
    .execute(named_params! {":d": header.sender, ":n": device_name(conn, &header.sender.to_string())?, ":at": now})?;
    let detail = format!("{} new changes, {} conflicts", report.applied, report.new_conflicts);
    tx.audit(
        crate::audit::AuditAction::BundleImport,
        Some(Entity::Device),
        Some(&header.sender.to_string()),
        Some(&detail),
    )?;
    progress(Progress { done: total, total });
    Ok(report)
}
