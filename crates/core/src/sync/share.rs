//! A peer mentor's own computer holds only their share.
//!
//! A share device is a device whose record names a mentor (`devices.share_of`). Every file made for
//! it carries, from the whole op log, only what that mentor may see: the organisation's own records
//! (the organisation, teams, people, devices, services), their own mentor record, and for the clients
//! linked to them now, the clients themselves with the fields hidden from a peer mentor masked (as
//! their scope shows them), those clients' appointments and their links. It is encrypted to the share
//! device's own key, never to the organisation's, which a share device never holds.
//!
//! The rule for such filtered streams, in shared terms: a filtered file says, per device, which op
//! numbers it *covers* (1 to the sender's last), and carries only the covered ops that pass the
//! filter. The receiver records what it has covered, not what it holds, so the ops left out are not
//! holes: the "missing earlier file" and "builds on changes not received" checks apply to what a device
//! covers, and a share device, whose holdings have gaps by design, checks only that each op it is given
//! is new or the same as the one it has. Every filtered file carries the share in full (each linked
//! client's whole history, which is small), so a newly linked client arrives complete, and it names the
//! clients in the share: anything of a client no longer linked is removed at that import. A share
//! device sends back only its own ops, which flow into the organisation's log like any device's.

use std::collections::{BTreeMap, HashSet};

use rusqlite::{Connection, named_params};
use serde_json::Value;

use super::bundle::WireOp;
use crate::Result;
use crate::classes::{ACCOMPANIMENT_RISKS, FieldClass, visible_to};
use crate::entity::{ColType, Entity};
use crate::enums::{ClosedSet, Role};
use crate::ids::{DeviceId, MentorId};
use crate::time::Date;

/// What one mentor's share holds now.
#[derive(Debug, Clone)]
pub(crate) struct ShareFilter {
    mentor: String,
    clients: HashSet<String>,
    appointments: HashSet<String>,
    links: HashSet<String>,
}

fn ids(conn: &Connection, sql: &str, params: &[(&str, &dyn rusqlite::ToSql)]) -> Result<HashSet<String>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(params, |r| r.get::<_, crate::ids::IdText>(0).map(|i| i.0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl ShareFilter {
    /// The share of `mentor` on `today`: the clients linked to them now and what belongs to those.
    pub(crate) fn of(conn: &Connection, mentor: MentorId, today: Date) -> Result<ShareFilter> {
        let m = mentor.to_string();
        let clients = ids(
            conn,
            "SELECT client_id FROM main.mentor_links
             WHERE mentor_id = :m AND archived_at IS NULL AND (ends_on IS NULL OR ends_on > :today)",
            &[(":m", &mentor), (":today", &today)],
        )?;
        let mut appointments = HashSet::new();
        let mut links = HashSet::new();
        for c in &clients {
            appointments.extend(ids(
                conn,
                "SELECT id FROM main.appointments WHERE client_id = :c",
                &[(":c", &crate::ids::key(c)?)],
            )?);
            links.extend(ids(
                conn,
                "SELECT id FROM main.mentor_links WHERE client_id = :c AND mentor_id = :m",
                &[(":c", &crate::ids::key(c)?), (":m", &mentor)],
            )?);
        }
        Ok(ShareFilter { mentor: m, clients, appointments, links })
    }

    /// The clients in the share.
    pub(crate) fn clients(&self) -> Vec<String> {
        let mut v: Vec<String> = self.clients.iter().cloned().collect();
        v.sort();
        v
    }

    /// The records of the share whose ops a file for it carries, by kind.
    pub(crate) fn records(&self) -> Vec<(Entity, &HashSet<String>)> {
        vec![
            (Entity::Client, &self.clients),
            (Entity::Appointment, &self.appointments),
            (Entity::MentorLink, &self.links),
        ]
    }

    /// The mentor's own record.
    pub(crate) fn mentor(&self) -> &str {
        &self.mentor
    }

    /// The op as the share device may hold it, or `None` to leave it out.
    pub(crate) fn pass(&self, mut op: WireOp) -> Option<WireOp> {
        let entity = Entity::from_code(&op.entity).ok()?;
        let keep = match entity {
            Entity::Organisation | Entity::Team | Entity::User | Entity::Device | Entity::Service => true,
            // The organisation's key as it changes: its public half, so this computer writes to the newest.
            Entity::OrgKey => true,
            Entity::PeerMentor => op.entity_id == self.mentor,
            Entity::Client => self.clients.contains(&op.entity_id),
            Entity::Appointment => self.appointments.contains(&op.entity_id),
            Entity::MentorLink => self.links.contains(&op.entity_id),
            _ => false,
        };
        if !keep {
            return None;
        }
        mask(entity, &mut op.payload);
        // A masked copy no longer matches its origin's signature; this computer trusts its manager's.
        op.sig = None;
        Some(op)
    }
}

/// Masks the fields hidden from a peer mentor, as their scope shows them: hidden fields read as empty
/// (or "not known"), and of the risks only those that concern whoever goes with the person.
pub(crate) fn mask(entity: Entity, payload: &mut serde_json::Map<String, Value>) {
    if !crate::scope::about_clients(entity) {
        return;
    }
    for (name, v) in payload.iter_mut() {
        let Ok(col) = entity.column(name) else { continue };
        if !visible_to(Role::PeerMentor, col.class) {
            *v = crate::scope::hidden_json(entity, col);
        } else if col.class == FieldClass::Safety && col.ty == ColType::List {
            if let Value::Array(items) = v {
                items.retain(|i| ACCOMPANIMENT_RISKS.iter().any(|r| i.as_str() == Some(r.code())));
            }
        }
    }
}

/// On a share device, after an import: removes everything of the clients no longer in the share (their
/// records, appointments and links, and the ops they came from). Its own ops stay: its log must stay
/// whole, or it would number a later change the same as one already sent. Returns how many clients went.
pub(crate) fn forget_outside(conn: &Connection, me: DeviceId, share: &HashSet<String>) -> Result<u64> {
    let held = ids(conn, "SELECT id FROM main.clients", &[])?;
    let gone: Vec<&String> = held.iter().filter(|c| !share.contains(*c)).collect();
    for c in &gone {
        let mut records: Vec<(Entity, String)> = Vec::new();
        for (entity, table) in [(Entity::Appointment, "appointments"), (Entity::MentorLink, "mentor_links")] {
            let key = crate::ids::key(c)?;
            for id in
                ids(conn, &format!("SELECT id FROM main.{table} WHERE client_id = :c"), &[(":c", &key)])?
            {
                records.push((entity, id));
            }
        }
        records.push((Entity::Client, (*c).clone()));
        for (entity, id) in &records {
            conn.prepare_cached(
                "DELETE FROM main.ops WHERE entity_n = :e AND entity_id = :id
                 AND device IS NOT (SELECT n FROM main.op_nodes WHERE id = :me)",
            )?
            .execute(named_params! {":e": entity.number(), ":id": crate::oplog::key(id)?, ":me": me})?;
            forget_row(conn, *entity, id)?;
        }
    }
    Ok(gone.len() as u64)
}

/// Removes one record's row and its conflicts, leaving its ops.
pub(crate) fn forget_row(conn: &Connection, entity: Entity, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM main.conflicts WHERE entity = :e AND entity_id = :id")?
        .execute(named_params! {":e": entity.code(), ":id": id})?;
    if entity == Entity::Client {
        conn.prepare_cached(
            "DELETE FROM client_search WHERE rowid = (SELECT rid FROM main.clients WHERE id = :id)",
        )?
        .execute(named_params! {":id": crate::ids::key(id)?})?;
    }
    conn.prepare_cached(&format!("DELETE FROM main.{} WHERE id = :id", entity.table()))?
        .execute(named_params! {":id": crate::ids::key(id)?})?;
    Ok(())
}

/// What a share device has covered of each device's ops (kept in `peer_vectors` under its own id).
pub(crate) fn covered(conn: &Connection, me: DeviceId) -> Result<BTreeMap<DeviceId, i64>> {
    let mut st = conn.prepare_cached("SELECT device_id, seq FROM peer_vectors WHERE peer_id = :p")?;
    let rows =
        st.query_map(named_params! {":p": me}, |r| Ok((r.get::<_, DeviceId>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out: BTreeMap<DeviceId, i64> = rows.collect::<rusqlite::Result<_>>()?;
    let own = crate::oplog::last_seq(conn, &me.to_string())?;
    if own > 0 {
        let e = out.entry(me).or_insert(0);
        *e = (*e).max(own);
    }
    Ok(out)
}

/// Records that a share device has now covered each device's ops up to `to`.
pub(crate) fn cover(conn: &Connection, me: DeviceId, to: &BTreeMap<DeviceId, i64>) -> Result<()> {
    for (d, seq) in to {
        conn.prepare_cached(
            "INSERT INTO peer_vectors (peer_id, device_id, seq) VALUES (:p, :d, :s)
             ON CONFLICT (peer_id, device_id) DO UPDATE SET seq = max(seq, excluded.seq)",
        )?
        .execute(named_params! {":p": me, ":d": d, ":s": seq})?;
    }
    Ok(())
}
