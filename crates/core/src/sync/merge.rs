//! Merging: a record is what all of its ops say, whatever order they arrived in.
//!
//! After a bundle is applied, every record it touched is projected again from all of its ops, in clock
//! order: each field takes the value of the last op that set it (last writer wins by HLC). Conflicts
//! come from the same ops by a rule that needs no history: two edits of one field conflict when the
//! later one was made without seeing the earlier (its base, the stamp of the field as its author saw
//! it, is older than the earlier edit) and they set different values. The winner stands and the pair
//! is listed for a person; a later edit made after seeing both (such as a `resolve`) settles it. Since
//! records and conflicts are both functions of the set of ops, devices with the same ops agree.
//!
//! A `redact` op blanks the personal fields of every earlier op of its record, here and on every
//! device it reaches, including ops that arrive after it.

use std::collections::BTreeSet;

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension, named_params};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::entity::{Entity, row_to_json, select_row, to_sql};
use crate::{Error, Result};

/// The value a field takes when it is erased. Fields that must hold something hold "(erased)" or
/// "not known"; lists are emptied; the rest are blank.
pub(crate) fn erased_value(entity: Entity, field: &str) -> Value {
    match (entity, field) {
        (Entity::PeerMentor | Entity::User, "display_name")
        | (Entity::Client, "family_name")
        | (Entity::Task, "title") => Value::String("(erased)".into()),
        (Entity::Client, "justice_status" | "gp_status") => Value::String("unknown".into()),
        // Answers one by one are optional: without them a questionnaire is its total.
        (Entity::Measure, "answers") => Value::Null,
        _ => match entity.column(field).map(|c| c.ty) {
            Ok(crate::entity::ColType::List) => Value::Array(Vec::new()),
            _ => Value::Null,
        },
    }
}

/// The fields of a record kind that erasure blanks ([`Entity::erasure_blanks`]), each with its
/// erased value.
pub(crate) fn redacted_fields(entity: Entity) -> Map<String, Value> {
    entity
        .columns()
        .iter()
        .filter(|c| entity.erasure_blanks(c))
        .map(|c| (c.name.to_owned(), erased_value(entity, c.name)))
        .collect()
}

/// Fields that are stamps of an event (when it was archived, done, recorded): two devices doing the
/// same thing a minute apart agree, so only "done" against "not done" is a conflict.
fn is_event_stamp(field: &str) -> bool {
    matches!(field, "archived_at" | "done_at" | "outcome_recorded_at")
}

fn differ(field: &str, a: &Value, b: &Value) -> bool {
    if is_event_stamp(field) { a.is_null() != b.is_null() } else { a != b }
}

/// The id of a conflict: the same on every device, from the two ops and the field.
pub(crate) fn conflict_id(winner: &str, loser: &str, field: &str) -> String {
    let d = Sha256::digest(format!("{winner}|{loser}|{field}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8: a custom UUID
    b[8] = (b[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(b).as_hyphenated().to_string()
}

struct OpRow {
    /// Its device's number in the log ([`crate::oplog`]).
    device: i64,
    seq: i64,
    op_id: String,
    hlc: String,
    kind: &'static str,
    payload: Map<String, Value>,
    base: Map<String, Value>,
}

/// What projecting a record did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Projected {
    /// The row existed before.
    pub existed: bool,
    /// The row exists now.
    pub exists: bool,
    /// Its values changed.
    pub changed: bool,
}

/// Rebuilds one record (row, field versions, conflicts) from all of its ops.
pub(crate) fn reproject(conn: &Connection, entity: Entity, id: &str, now: &str) -> Result<Projected> {
    let mut ops = Vec::new();
    let key = crate::oplog::key(id)?;
    {
        let mut st = conn.prepare_cached(
            "SELECT device, seq, op_id, hlc, kind_n, payload, base FROM main.ops
             WHERE entity_n = :e AND entity_id = :id ORDER BY hlc",
        )?;
        let mut rows = st.query(named_params! {":e": entity.number(), ":id": key})?;
        while let Some(r) = rows.next()? {
            ops.push(OpRow {
                device: r.get(0)?,
                seq: r.get(1)?,
                op_id: crate::oplog::get_id(r, 2)?,
                hlc: crate::oplog::get_hlc(r, 3)?,
                kind: crate::store::op_kind_code(r.get(4)?)?,
                payload: crate::packed::get(r, 5)?,
                base: crate::packed::get(r, 6)?,
            });
        }
    }
    // Conflicts name changes by op id, so a record's changes must not share one (the log keeps no
    // index that would refuse a repeat: see migration 0034).
    let mut ids: Vec<&str> = ops.iter().map(|o| o.op_id.as_str()).collect();
    ids.sort_unstable();
    if ids.windows(2).any(|w| w[0] == w[1]) {
        return Err(Error::BundleRefused(format!(
            "This sync file holds two different changes to one {} with the same id. Nothing was applied. Ask your manager for help before going on.",
            entity.noun()
        )));
    }
    scrub(conn, entity, &mut ops)?;
    let existing: Option<Map<String, Value>> = conn
        .prepare_cached(select_row(entity))?
        .query_row(named_params! {":id": key}, |r| Ok(row_to_json(entity, r)))
        .optional()?
        .transpose()?;
    // Without its create op (not yet received) a record is not shown; its other ops wait in the log.
    if !ops.iter().any(|o| o.kind == "create") {
        return Ok(Projected { existed: existing.is_some(), exists: existing.is_some(), changed: false });
    }
    let cols = entity.columns();
    let mut values = vec![Value::Null; cols.len()];
    let mut winner: Vec<Option<usize>> = vec![None; cols.len()];
    for (i, op) in ops.iter().enumerate() {
        for (name, v) in &op.payload {
            let idx = cols
                .iter()
                .position(|c| c.name == name)
                .ok_or_else(|| Error::Corrupt(format!("an op sets unknown field {name}")))?;
            values[idx] = v.clone();
            winner[idx] = Some(i);
        }
    }
    let mut row = Map::new();
    row.insert("id".into(), Value::String(id.to_owned()));
    for (c, v) in cols.iter().zip(&values) {
        row.insert(c.name.into(), v.clone());
    }
    let changed = existing.as_ref() != Some(&row);
    if changed {
        // An existing row gets only the fields that differ, so that only the indexes and triggers
        // of those columns do any work (a sync that records outcomes touches outcomes, not names).
        if let Some(old) = &existing {
            let mut params: Vec<(String, Sql)> = vec![(":id".into(), Sql::Blob(key.to_vec()))];
            let mut sets = Vec::new();
            for (c, v) in cols.iter().zip(&values).filter(|(c, v)| old.get(c.name) != Some(*v)) {
                params.push((format!(":{}", c.name), to_sql(entity, c, v)?));
                sets.push(format!("{0} = :{0}", c.name));
            }
            let sql = format!("UPDATE main.{} SET {} WHERE id = :id", entity.table(), sets.join(", "));
            let refs: Vec<(&str, &dyn rusqlite::ToSql)> =
                params.iter().map(|(k, v)| (k.as_str(), v as &dyn rusqlite::ToSql)).collect();
            conn.prepare_cached(&sql)?.execute(refs.as_slice())?;
        } else {
            crate::entity::insert_row(conn, entity, id, &values)?;
        }
        if entity == Entity::Client {
            crate::search::reindex_client(conn, id)?;
        }
    }
    // Conflicts: each field's winning edit against the edits its author had not seen. A record new
    // here has none yet.
    let mut want = BTreeSet::new();
    for (idx, w) in winner.iter().enumerate() {
        let Some(w) = *w else { continue };
        let op = &ops[w];
        if op.kind == "create" {
            continue;
        }
        let field = cols[idx].name;
        let seen = op.base.get(field).and_then(Value::as_str).unwrap_or("");
        for other in &ops {
            if other.kind == "create" || other.op_id == op.op_id || other.hlc.as_str() <= seen {
                continue;
            }
            if let Some(v) = other.payload.get(field) {
                if differ(field, v, &values[idx]) {
                    want.insert((field, op.op_id.clone(), other.op_id.clone()));
                }
            }
        }
    }
    let mut have = BTreeSet::new();
    if existing.is_some() {
        let mut st = conn.prepare_cached(
            "SELECT field, winner_op_id, loser_op_id FROM conflicts WHERE entity = :e AND entity_id = :id",
        )?;
        let mut rows = st.query(named_params! {":e": entity.code(), ":id": id})?;
        while let Some(r) = rows.next()? {
            have.insert((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?));
        }
    }
    for (field, w, l) in &have {
        if !want.contains(&(field.as_str(), w.clone(), l.clone())) {
            conn.prepare_cached(
                "DELETE FROM conflicts WHERE winner_op_id = :w AND loser_op_id = :l AND field = :f",
            )?
            .execute(named_params! {":w": w, ":l": l, ":f": field})?;
        }
    }
    for (field, w, l) in &want {
        conn.prepare_cached(
            "INSERT INTO conflicts (id, entity, entity_id, field, winner_op_id, loser_op_id, detected_at)
             VALUES (:cid, :e, :id, :f, :w, :l, :at) ON CONFLICT DO NOTHING",
        )?
        .execute(named_params! {
            ":cid": conflict_id(w, l, field), ":e": entity.code(), ":id": id, ":f": field, ":w": w, ":l": l, ":at": now,
        })?;
    }
    Ok(Projected { existed: existing.is_some(), exists: true, changed })
}

/// Sets each erased field of a payload to its erased value; whether any changed.
fn blank(erased: &Map<String, Value>, payload: &mut Map<String, Value>) -> bool {
    let mut changed = false;
    for (name, v) in payload.iter_mut() {
        if let Some(e) = erased.get(name)
            && v != e
        {
            *v = e.clone();
            changed = true;
        }
    }
    changed
}

/// Once, after the upgrade that widened erasure (migration 0023): projects again every client erased
/// before it, so their health, justice, safety and equality facts go from the record and its log as
/// they would now. Every computer does the same from the same log, so they stay in step.
pub(crate) fn widen_old_erasures(conn: &mut Connection) -> Result<()> {
    let marked: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM main.local_state WHERE key = 'widen_erasures')",
        [],
        |r| r.get(0),
    )?;
    if !marked {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let erased: Vec<String> = {
        let mut st = tx.prepare(&format!(
            "SELECT DISTINCT {} FROM main.ops WHERE entity_n = {} AND kind_n = {}",
            crate::oplog::id_sql("entity_id"),
            Entity::Client.number(),
            crate::store::OpKind::Redact.number()
        ))?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let now = crate::time::Timestamp::now().to_string();
    for id in erased {
        reproject(&tx, Entity::Client, &id, &now)?;
    }
    tx.execute("DELETE FROM main.local_state WHERE key = 'widen_erasures'", [])?;
    tx.commit()?;
    Ok(())
}

/// Blanks the personal fields of a record's changes held back from sync files (stamped too far
/// ahead, or waiting for an earlier change): whenever they are let in, they can bring nothing back.
pub(crate) fn scrub_held_back(conn: &Connection, entity: Entity, id: &str) -> Result<()> {
    let held: Vec<(crate::ids::DeviceId, i64, String)> = {
        let mut st = conn.prepare_cached(
            "SELECT device_id, seq, op FROM main.quarantine
             WHERE json_extract(op, '$.entity') = :e AND json_extract(op, '$.entity_id') = :id",
        )?;
        let rows = st.query_map(named_params! {":e": entity.code(), ":id": id}, |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let erased = redacted_fields(entity);
    for (device, seq, text) in held {
        let mut op: super::bundle::WireOp = serde_json::from_str(&text)?;
        let before = op.payload.clone();
        if !blank(&erased, &mut op.payload) {
            continue;
        }
        if let Some(envelope) = op.sig.as_mut() {
            super::origin::before_erasure(envelope, entity.code(), &before);
        }
        conn.prepare_cached("UPDATE main.quarantine SET op = :op WHERE device_id = :d AND seq = :s")?
            .execute(named_params! {":op": serde_json::to_string(&op)?, ":d": device, ":s": seq})?;
    }
    Ok(())
}

/// Blanks the personal fields of every op older than the record's latest `redact`, in memory and in
/// the stored log.
fn scrub(conn: &Connection, entity: Entity, ops: &mut [OpRow]) -> Result<()> {
    let Some(cut) = ops.iter().filter(|o| o.kind == "redact").map(|o| o.hlc.clone()).max() else {
        return Ok(());
    };
    let erased = redacted_fields(entity);
    for op in ops.iter_mut().filter(|o| o.hlc < cut) {
        let before = op.payload.clone();
        if blank(&erased, &mut op.payload) {
            conn.prepare_cached("UPDATE main.ops SET payload = :p WHERE device = :d AND seq = :s")?.execute(
                named_params! {":p": crate::packed::pack(&op.payload)?, ":d": op.device, ":s": op.seq},
            )?;
            // Its signature keeps the erased fields' digests, and loses the salt that could test a guess.
            let sig: Option<super::origin::Envelope> = conn
                .prepare_cached("SELECT sig FROM main.ops WHERE device = :d AND seq = :s")?
                .query_row(named_params! {":d": op.device, ":s": op.seq}, |r| {
                    Ok(crate::packed::get_opt(r, 0))
                })??;
            if let Some(mut envelope) = sig {
                super::origin::before_erasure(&mut envelope, entity.code(), &before);
                conn.prepare_cached("UPDATE main.ops SET sig = :g WHERE device = :d AND seq = :s")?.execute(
                    named_params! {":g": crate::packed::pack_value(&envelope)?, ":d": op.device, ":s": op.seq},
                )?;
            }
        }
    }
    Ok(())
}

impl crate::store::Tx<'_> {
    /// Erases a client's details (name, contact details, identifiers, notes, referral reasons, task
    /// titles, health, offence and risk facts) here and, once synced, on every device, as `redact` ops.
    /// What happened and when (appointments, outcomes, dates) and the few facts the monthly figures
    /// count ([`Entity::erasure_blanks`]) stay, so the figures of past months still add up.
    pub fn erase_client(&mut self, client: crate::ids::ClientId) -> Result<()> {
        crate::authz::require(self.actor, crate::authz::Action::Erase)?;
        let id = client.to_string();
        let found: i64 = self.tx.query_row(
            "SELECT count(*) FROM main.clients WHERE id = :id",
            named_params! {":id": client},
            |r| r.get(0),
        )?;
        if found == 0 {
            return Err(Error::NotFound { entity: "client" });
        }
        if crate::dupes::is_erased(&self.tx, client)? {
            return Err(Error::invalid(
                "client",
                "This person's details have already been erased. Nothing was changed.",
            ));
        }
        self.redact(Entity::Client, &id)?;
        for entity in [
            Entity::SupportContact,
            Entity::Referral,
            Entity::Task,
            Entity::RetentionReview,
            Entity::CustodyEpisode,
            Entity::Measure,
        ] {
            let ids: Vec<crate::ids::IdText> = {
                let mut st = self.tx.prepare_cached(&format!(
                    "SELECT id FROM main.{} WHERE client_id = :c ORDER BY id",
                    entity.table()
                ))?;
                let rows = st.query_map(named_params! {":c": client}, |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for rid in ids {
                self.redact(entity, &rid.0)?;
            }
        }
        self.audit(crate::audit::AuditAction::Erase, Some(Entity::Client), Some(&id), None)
    }
}
