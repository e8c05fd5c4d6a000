//! Which computers the organisation still trusts: invitations used once and in time, revoked
//! computers, and the organisation's key changed when one is revoked.
//!
//! An invitation names the computer it makes and stops working after some days (seven unless the
//! manager chooses, at most thirty). The joining computer refuses an expired one, and its first change
//! records a random *claim* on its own device record. A second computer joining with the same
//! invitation is the same device making a different first change, so every computer that holds the
//! first refuses its files (and says why); a claim stamped after the invitation expired is refused too.
//!
//! A manager revokes a lost or retired computer: its device record is stamped revoked, with the last
//! of its changes that manager holds (the cut-off). Files it sends afterwards are refused outright.
//! Its changes numbered after the cut-off are set aside wherever they arrive, even relayed by a
//! computer that had not heard yet, and a computer that took some before the revocation reached it
//! drops them when it does, so every computer ends with the same. Revoking also changes the
//! organisation's key: a new one is made and its secret sealed (with age) to each computer still
//! trusted, as a record that syncs. From then on files are sealed to the newest key *and* to each
//! trusted computer's own key, so a computer that has not yet taken the new key can still open the
//! file that brings it. Each computer takes the newest key it can open and keeps the old ones to read
//! files already on their way; the lost laptop, holding only the old key and its own, cannot read
//! anything written after.

use std::io::{Read, Write};
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use rusqlite::{Connection, OptionalExtension, named_params};

use super::bundle::WireOp;
use super::keys;
use crate::audit::AuditAction;
use crate::entity::Entity;
use crate::ids::{DeviceId, OrgKeyId};
use crate::store::{Actor, Store, Tx, obj};
use crate::{Error, Result};

/// How long an invitation works unless the manager chooses.
pub const INVITATION_DAYS: u32 = 7;
/// The longest a manager may choose.
pub const MAX_INVITATION_DAYS: u32 = 30;

/// Makes a new organisation key, seals it to every computer still trusted (and not a share device)
/// whose own recipient is known, records it, and installs it here.
pub(crate) fn rotate(tx: &mut Tx<'_>) -> Result<()> {
    let recipients: Vec<age::x25519::Recipient> = {
        let mut st = tx.tx.prepare_cached(
            "SELECT recipient FROM main.devices
             WHERE revoked_at IS NULL AND share_of IS NULL AND recipient IS NOT NULL AND archived_at IS NULL",
        )?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for r in rows {
            out.push(keys::recipient_from_text(&r?)?);
        }
        out
    };
    let mine = keys::load(&tx.tx)?.ok_or_else(|| Error::Corrupt("this computer has no sync keys".into()))?;
    let mut all = recipients;
    let own = mine.device_identity.to_public();
    if !all.iter().any(|r| r.to_string() == own.to_string()) {
        all.push(own);
    }
    let new = age::x25519::Identity::generate();
    let encryptor = age::Encryptor::with_recipients(all.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|_| Error::Corrupt("the new organisation key could not be sealed".into()))?;
    let mut sealed = Vec::new();
    let mut w = encryptor.wrap_output(&mut sealed)?;
    w.write_all(new.to_string().expose_secret().as_bytes())?;
    w.finish()?;
    let id = OrgKeyId::new().to_string();
    let now = tx.now().to_string();
    tx.create(
        Entity::OrgKey,
        &id,
        obj([
            ("recipient", new.to_public().to_string().into()),
            ("sealed", B64.encode(&sealed).into()),
            ("created_at", now.into()),
        ]),
    )?;
    keys::install_org(&tx.tx, &new)?;
    Ok(())
}

/// After an import: takes the newest organisation key this computer can open (or, on a share device,
/// the newest public recipient) as the one it writes to.
pub(crate) fn adopt_newest_key(conn: &Connection) -> Result<()> {
    let newest: Option<(String, String)> = conn
        .query_row(
            "SELECT k.recipient, k.sealed FROM main.org_keys k
             JOIN main.ops o ON o.entity_n = :e AND o.entity_id = k.id AND o.kind_n = :create
             ORDER BY o.hlc DESC LIMIT 1",
            named_params! {":e": Entity::OrgKey.number(), ":create": crate::store::OpKind::Create.number()},
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((recipient, sealed)) = newest else { return Ok(()) };
    let Some(k) = keys::load(conn)? else { return Ok(()) };
    if k.org_recipient.to_string() == recipient {
        return Ok(());
    }
    let Ok(bytes) = B64.decode(sealed.as_bytes()) else { return Ok(()) };
    let opened = age::Decryptor::new_buffered(&bytes[..])
        .ok()
        .and_then(|d| d.decrypt(std::iter::once(&k.device_identity as &dyn age::Identity)).ok())
        .and_then(|mut r| {
            let mut s = String::new();
            r.read_to_string(&mut s).ok().map(|_| s)
        })
        .and_then(|s| age::x25519::Identity::from_str(s.trim()).ok());
    match opened {
        Some(id) if id.to_public().to_string() == recipient => keys::install_org(conn, &id),
        // A share device (or one the key was not sealed to) writes to the new public recipient only.
        _ => keys::install_org_recipient(conn, &recipient),
    }
}

impl Store {
    /// Revokes a lost or retired computer (managers): its later files are refused everywhere this
    /// record reaches, and the organisation's key changes so it cannot read what is written after.
    pub fn revoke_device(&mut self, actor: &Actor, device: DeviceId) -> Result<()> {
        crate::authz::write(actor, Entity::Device)?;
        if device == self.device_id() {
            return Err(Error::invalid(
                "device",
                "This computer cannot revoke itself. Use another manager's computer.",
            ));
        }
        let known: Option<Option<String>> = self
            .conn()
            .query_row(
                "SELECT revoked_at FROM main.devices WHERE id = :d",
                named_params! {":d": device},
                |r| r.get(0),
            )
            .optional()?;
        match known {
            None => return Err(Error::NotFound { entity: "device" }),
            Some(Some(_)) => return Err(Error::invalid("device", "That computer is already revoked.")),
            Some(None) => {}
        }
        let held = crate::oplog::last_seq(self.conn(), &device.to_string())?;
        let id = device.to_string();
        self.write(actor, |tx| {
            keys::ensure(tx)?;
            let now = tx.now().to_string();
            tx.set(Entity::Device, &id, obj([("revoked_at", now.into()), ("revoked_after", held.into())]))?;
            rotate(tx)?;
            tx.audit(
                AuditAction::DeviceRevoke,
                Some(Entity::Device),
                Some(&id),
                Some(&format!("after change {held}")),
            )
        })
    }
}

/// Refuses a file from a revoked computer.
pub(crate) fn check_sender(conn: &Connection, sender: &DeviceId) -> Result<()> {
    let revoked: Option<Option<String>> = conn
        .query_row("SELECT revoked_at FROM main.devices WHERE id = :d", named_params! {":d": sender}, |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(Some(at)) = revoked {
        let day = at.parse::<crate::time::Timestamp>().map(|t| t.london_display()).unwrap_or(at);
        return Err(Error::BundleRefused(format!(
            "This sync file comes from a computer a manager revoked ({day}). Its files are no longer accepted."
        )));
    }
    Ok(())
}

/// What becomes of one incoming change, as far as trust goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Nothing against it.
    Accept,
    /// Made on a computer after a manager revoked it: set aside, not applied.
    AfterRevocation,
    /// A second or late use of an invitation: the whole file is refused.
    Refuse(String),
}

/// The last change still accepted from a computer a manager revoked (None if it is not revoked).
pub(crate) fn cut_off(conn: &Connection, device: &DeviceId) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT revoked_after FROM main.devices WHERE id = :d AND revoked_at IS NOT NULL")?
        .query_row(named_params! {":d": device}, |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .map(|c| c.unwrap_or(0)))
}

/// Whether an op is a computer's claim on the invitation it joined with.
pub(crate) fn is_claim(op: &WireOp) -> bool {
    op.entity == Entity::Device.code()
        && op.entity_id == op.device_id.to_string()
        && op.payload.contains_key("claim")
}

/// Checks an incoming change against what this computer knows of its origin's trust: nothing numbered
/// after the computer's revocation; one claim per invitation, made before it expired (an hour's grace
/// for a clock set wrong).
pub(crate) fn check_op(conn: &Connection, op: &WireOp) -> Result<Verdict> {
    Checker::default().check(conn, op)
}

/// What [`check_op`] reads of a computer: when it was revoked and after which change, the invitation
/// it joined with, and when that expired.
type Trust = (Option<String>, Option<i64>, Option<String>, Option<String>);

/// [`check_op`] for the many changes of one file, each computer's record read once: nothing read here
/// changes until the file's records are projected, after its changes are all in the log.
#[derive(Default)]
pub(crate) struct Checker {
    devices: std::collections::HashMap<crate::ids::DeviceId, Option<Trust>>,
}

impl Checker {
    pub(crate) fn check(&mut self, conn: &Connection, op: &WireOp) -> Result<Verdict> {
        use std::collections::hash_map::Entry;
        let row = match self.devices.entry(op.device_id) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(new) => new.insert(
                conn.prepare_cached(
                    "SELECT revoked_at, revoked_after, claim, invite_expires_at FROM main.devices WHERE id = :d",
                )?
                .query_row(named_params! {":d": op.device_id}, |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?,
            ),
        };
        verdict(row.as_ref(), op)
    }
}

fn verdict(row: Option<&Trust>, op: &WireOp) -> Result<Verdict> {
    let Some((revoked_at, revoked_after, claim, expires)) = row else { return Ok(Verdict::Accept) };
    if revoked_at.is_some() && op.seq > revoked_after.unwrap_or(0) {
        return Ok(Verdict::AfterRevocation);
    }
    if is_claim(op) {
        let new = op.payload.get("claim").and_then(|v| v.as_str());
        if claim.is_some() && claim.as_deref() != new {
            return Ok(Verdict::Refuse("joining with an invitation that had already been used".into()));
        }
        let stamp_ms = op.hlc.get(..15).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
        let late = expires
            .as_ref()
            .and_then(|e| e.parse::<crate::time::Timestamp>().ok())
            .is_some_and(|e| stamp_ms / 1000 > e.unix() + 3600);
        if late {
            return Ok(Verdict::Refuse("joining with an invitation after it had expired".into()));
        }
    }
    Ok(Verdict::Accept)
}

/// The changes revoked computers made after their cut-off, as `FROM` for `o` (the op log). Read
/// from the computers: `CROSS JOIN` keeps SQLite from starting at the op log instead, which read
/// every change in it on every import (17 s at 100,000 clients, cold) to find none.
const LATE: &str = "main.devices d CROSS JOIN main.op_nodes n CROSS JOIN main.ops o
     WHERE d.revoked_at IS NOT NULL AND n.id = d.id AND o.device = n.n AND o.seq > coalesce(d.revoked_after, 0)";

/// After a revocation arrives: removes the revoked computers' changes numbered after their cut-off,
/// wherever they came from, so every computer ends up with the same. Returns the records touched,
/// to be projected again. A record that was made by such a change is removed too, unless someone
/// has already built on it here (it is then kept, so no one else's work is lost).
pub(crate) fn purge_revoked(conn: &Connection) -> Result<Vec<(Entity, String)>> {
    let late: Vec<(i64, String)> = {
        let mut st = conn.prepare_cached(&format!("SELECT DISTINCT o.entity_n, o.entity_id FROM {LATE}"))?;
        let mut rows = st.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push((r.get(0)?, crate::oplog::get_id(r, 1)?));
        }
        out
    };
    if late.is_empty() {
        return Ok(Vec::new());
    }
    conn.prepare_cached(&format!("DELETE FROM main.ops WHERE rowid IN (SELECT o.rowid FROM {LATE})"))?
        .execute([])?;
    // This computer's own late changes may have gone, and their numbers be used again.
    conn.execute("DELETE FROM main.local_state WHERE key = 'signed_through'", [])?;
    conn.prepare_cached(
        "DELETE FROM quarantine WHERE rowid IN (SELECT q.rowid FROM quarantine q JOIN main.devices d ON d.id = q.device_id
         WHERE d.revoked_at IS NOT NULL AND q.seq > coalesce(d.revoked_after, 0))",
    )?
    .execute([])?;
    let mut touched = Vec::new();
    let mut orphans = Vec::new();
    for (e, id) in late {
        let entity = Entity::from_number(e)?;
        let created: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM main.ops WHERE entity_n = :e AND entity_id = :id AND kind_n = :create)",
            )?
            .query_row(
                named_params! {
                    ":e": e, ":id": crate::oplog::key(&id)?, ":create": crate::store::OpKind::Create.number(),
                },
                |r| r.get(0),
            )?;
        if created {
            touched.push((entity, id));
        } else {
            orphans.push((entity, id));
        }
    }
    // Dependents before what they depend on.
    orphans.sort_by_key(|(e, id)| (std::cmp::Reverse(Entity::ALL.iter().position(|x| x == e)), id.clone()));
    for (entity, id) in orphans {
        conn.execute_batch("SAVEPOINT forget_revoked")?;
        match super::share::forget_row(conn, entity, &id) {
            Ok(()) => conn.execute_batch("RELEASE forget_revoked")?,
            Err(_) => conn.execute_batch("ROLLBACK TO forget_revoked; RELEASE forget_revoked")?,
        }
    }
    Ok(touched)
}

/// Whom an organisation file is sealed to: the organisation's key now and, once it has changed, each
/// computer still trusted (its own key), so the change reaches computers that do not hold it yet.
pub(crate) fn recipients(conn: &Connection, keys: &keys::SyncKeys) -> Result<Vec<age::x25519::Recipient>> {
    let mut out = vec![keys.org_recipient.clone()];
    let changed: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM main.org_keys)", [], |r| r.get(0))?;
    if changed {
        let mut st = conn.prepare_cached(
            "SELECT recipient FROM main.devices
             WHERE revoked_at IS NULL AND share_of IS NULL AND recipient IS NOT NULL AND archived_at IS NULL",
        )?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        for r in rows {
            out.push(keys::recipient_from_text(&r?)?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What SQLite plans for a query: one line per step.
    fn plan(conn: &Connection, sql: &str) -> String {
        let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = st.query_map([], |r| r.get::<_, String>(3)).unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n")
    }

    /// Every import looks for revoked computers' late changes: that must start from the computers
    /// (a handful) and read only their changes, never walk the whole op log.
    #[test]
    fn looking_for_revoked_computers_late_changes_does_not_read_the_whole_log() {
        let (_dir, store, _m) = crate::store::test_store();
        let conn = store.raw_connection_for_tests();
        for sql in [
            format!("SELECT DISTINCT o.entity_n, o.entity_id FROM {LATE}"),
            format!("DELETE FROM main.ops WHERE rowid IN (SELECT o.rowid FROM {LATE})"),
        ] {
            let p = plan(conn, &sql);
            assert!(p.contains("SCAN d"), "{p}");
            assert!(!p.contains("SCAN o"), "{p}");
            assert!(p.contains("SEARCH o USING"), "{p}");
        }
    }
}
