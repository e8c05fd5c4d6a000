//! Checks that a database is sound and that its records are what its op log says.
//!
//! The record tables are projections of the op log, so `verify` replays the log (ops in clock order,
//! field by field, last writer wins) and compares the result with every row. The comparison is a merge
//! join over both sorted by id, so memory stays flat however large the database. Problems name record
//! kinds, ids and field names, never values.

use rusqlite::types::Value as Sql;
use serde_json::{Map, Value};

use crate::authz::{self, Action};
use crate::entity::{Entity, select_list, to_sql};
use crate::store::{Actor, Store};
use crate::{Error, Result};

/// What `verify` found.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct VerifyReport {
    /// Ops in the log.
    pub ops: u64,
    /// Records compared with the log.
    pub records: u64,
    /// Everything wrong, in plain words (at most 200 listed).
    pub problems: Vec<String>,
    /// How many problems there were in all.
    pub problem_count: u64,
}

impl VerifyReport {
    fn problem(&mut self, p: String) {
        self.problem_count += 1;
        if self.problems.len() < 200 {
            self.problems.push(p);
        }
    }

    /// Whether nothing is wrong.
    pub fn is_ok(&self) -> bool {
        self.problem_count == 0
    }
}

type Folded = (String, Vec<Sql>);

fn fold_next(
    entity: Entity,
    rows: &mut rusqlite::Rows<'_>,
    pending: &mut Option<(String, String, String)>,
) -> Result<Option<Folded>> {
    let read = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<(String, String, String)>> {
        Ok(match rows.next()? {
            Some(r) => Some((
                crate::oplog::get_id(r, 0)?,
                crate::store::op_kind_code(r.get(1)?)?.to_owned(),
                r.get(2)?,
            )),
            None => None,
        })
    };
    if pending.is_none() {
        *pending = read(rows)?;
    }
    let Some((id, _, _)) = pending.clone() else { return Ok(None) };
    let cols = entity.columns();
    let mut values = vec![Sql::Null; cols.len()];
    while let Some((op_id, kind, payload)) = pending.take() {
        if op_id != id {
            *pending = Some((op_id, kind, payload));
            break;
        }
        let payload: Map<String, Value> = serde_json::from_str(&payload)?;
        if kind == "create" {
            values.iter_mut().for_each(|v| *v = Sql::Null);
        }
        for (name, v) in &payload {
            let idx = cols
                .iter()
                .position(|c| c.name == name)
                .ok_or_else(|| Error::Corrupt(format!("an op sets unknown field {name}")))?;
            values[idx] = to_sql(entity, &cols[idx], v)?;
        }
        *pending = read(rows)?;
    }
    Ok(Some((id, values)))
}

fn compare_entity(store: &Store, entity: Entity, report: &mut VerifyReport) -> Result<()> {
    let conn = store.conn();
    // Ids are bytes in the log and in the record tables, in the same order as their text.
    let mut ops = conn.prepare(
        "SELECT entity_id, kind_n, op_json(payload) FROM main.ops WHERE entity_n = :e ORDER BY entity_id, hlc, op_id",
    )?;
    let mut op_rows = ops.query(rusqlite::named_params! {":e": entity.number()})?;
    let mut recs =
        conn.prepare(&format!("SELECT {} FROM main.{} ORDER BY id", select_list(entity), entity.table()))?;
    let mut rec_rows = recs.query([])?;
    let n = entity.columns().len();
    let read_rec = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<Folded>> {
        Ok(match rows.next()? {
            Some(r) => {
                let mut v = Vec::with_capacity(n);
                for i in 0..n {
                    v.push(r.get::<_, Sql>(i + 1)?);
                }
                Some((r.get::<_, crate::ids::IdText>(0)?.0, v))
            }
            None => None,
        })
    };
    let mut pending = None;
    let mut want = fold_next(entity, &mut op_rows, &mut pending)?;
    let mut have = read_rec(&mut rec_rows)?;
    loop {
        match (&want, &have) {
            (None, None) => break,
            (Some((wid, _)), Some((hid, _))) if wid == hid => {
                report.records += 1;
                let (Some((_, w)), Some((_, h))) = (&want, &have) else { break };
                for (i, col) in entity.columns().iter().enumerate() {
                    if w[i] != h[i] {
                        report.problem(format!(
                            "{} {wid}: field {} does not match its op log",
                            entity.noun(),
                            col.name
                        ));
                    }
                }
                want = fold_next(entity, &mut op_rows, &mut pending)?;
                have = read_rec(&mut rec_rows)?;
            }
            (Some((wid, _)), Some((hid, _))) if wid < hid => {
                report
                    .problem(format!("{} {wid} is in the op log but missing from its table", entity.noun()));
                want = fold_next(entity, &mut op_rows, &mut pending)?;
            }
            (Some(_), None) => {
                let id = want.as_ref().map(|w| w.0.clone()).unwrap_or_default();
                report.problem(format!("{} {id} is in the op log but missing from its table", entity.noun()));
                want = fold_next(entity, &mut op_rows, &mut pending)?;
            }
            (_, Some((hid, _))) => {
                report.problem(format!("{} {hid} is in its table but has no op in the log", entity.noun()));
                have = read_rec(&mut rec_rows)?;
            }
        }
    }
    Ok(())
}

impl Store {
    /// Checks the file (integrity, page authentication, foreign keys, search index), the op log
    /// (gapless per device) and every record against the log.
    pub fn verify(&mut self, actor: &Actor) -> Result<VerifyReport> {
        authz::require(actor, Action::Verify)?;
        let mut report = VerifyReport::default();
        {
            let conn = self.conn();
            let mut st = conn.prepare("PRAGMA integrity_check")?;
            for row in st.query_map([], |r| r.get::<_, String>(0))? {
                let row = row?;
                if row != "ok" {
                    report.problem(format!("integrity check: {row}"));
                }
            }
            let mut st = conn.prepare("PRAGMA cipher_integrity_check")?;
            for row in st.query_map([], |r| r.get::<_, String>(0))? {
                report.problem(format!("page authentication: {}", row?));
            }
            let mut st = conn.prepare("PRAGMA foreign_key_check")?;
            for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(2)?)))? {
                let (table, parent) = row?;
                report.problem(format!("a record in {table} points to a missing record in {parent}"));
            }
            if crate::bulk::noted(conn)? {
                report.problem(
                    "indexes left out by a seeding or sync file that stopped part way are not built yet (they are built when the database is next opened; if this stays, the disk may be full)"
                        .to_owned(),
                );
            }
            if let Err(e) =
                conn.execute_batch("INSERT INTO client_search(client_search) VALUES ('integrity-check')")
            {
                report.problem(format!("the client search index is damaged: {e}"));
            }
            let unindexed: i64 = conn.query_row(
                "SELECT count(*) FROM main.clients c WHERE NOT EXISTS (SELECT 1 FROM client_search s WHERE s.rowid = c.rid)",
                [],
                |r| r.get(0),
            )?;
            if unindexed > 0 {
                report.problem(format!("{unindexed} clients are missing from the search index"));
            }
            // The facts the database keeps for the screens (migration 0013) must say what the
            // records they come from say.
            let wrong_open: i64 = conn.query_row(
                "SELECT count(*) FROM main.clients c WHERE c.support_open != EXISTS (SELECT 1 FROM main.episodes e
                 WHERE e.client_id = c.id AND e.closed_on IS NULL AND e.archived_at IS NULL)",
                [],
                |r| r.get(0),
            )?;
            if wrong_open > 0 {
                report.problem(format!(
                    "{wrong_open} clients are marked open or closed against their episodes"
                ));
            }
            let wrong_booked: i64 = conn.query_row(
                "SELECT count(*) FROM main.clients c WHERE c.actual_release_date IS NOT NULL
                 AND c.booked_since_release != EXISTS (SELECT 1 FROM main.appointments a WHERE a.client_id = c.id
                   AND a.archived_at IS NULL AND a.starts_at >= c.actual_release_date
                   AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider'))",
                [],
                |r| r.get(0),
            )?;
            if wrong_booked > 0 {
                report.problem(format!(
                    "{wrong_booked} released clients are marked with or without an appointment against their appointments"
                ));
            }
            let wrong_steps: i64 = conn.query_row(
                "SELECT count(*) FROM main.referrals r WHERE r.last_step_on IS NOT (SELECT max(e.happened_on)
                   FROM main.referral_events e WHERE e.referral_id = r.id AND e.archived_at IS NULL)
                 OR r.sent_on IS NOT (SELECT min(e.happened_on) FROM main.referral_events e
                   WHERE e.referral_id = r.id AND +e.status = 'sent' AND e.archived_at IS NULL)
                 OR r.first_appointment_on IS NOT (SELECT min(e.happened_on) FROM main.referral_events e
                   WHERE e.referral_id = r.id AND +e.status = 'first_appointment' AND e.archived_at IS NULL)",
                [],
                |r| r.get(0),
            )?;
            if wrong_steps > 0 {
                report.problem(format!("{wrong_steps} referrals give step dates other than their steps'"));
            }
            for (name, kept, counted) in crate::kept::wrong(conn)? {
                report.problem(format!("the kept total of {name} says {kept} but there are {counted}"));
            }
            // A peer mentor's own computer holds only its share of others' work: gaps there are by
            // design, and only its own log must be whole.
            let share_device = self.share_of()?.is_some();
            let me = self.device_id().to_string();
            let mut st =
                conn.prepare("SELECT d.id, count(*), min(o.seq), max(o.seq) FROM main.ops o JOIN main.op_nodes d ON d.n = o.device GROUP BY o.device")?;
            for row in st.query_map([], |r| {
                Ok((
                    r.get::<_, crate::ids::IdText>(0)?.0,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })? {
                let (device, n, min, max) = row?;
                report.ops += u64::try_from(n).unwrap_or(0);
                if (min != 1 || max != n) && (!share_device || device == me) {
                    report.problem(format!(
                        "the op log of device {device} has gaps: {n} ops numbered {min} to {max}"
                    ));
                }
            }
        }
        for entity in Entity::ALL {
            compare_entity(self, *entity, &mut report)?;
        }
        for p in crate::audit::check_chains(self.conn())? {
            report.problem(p);
        }
        let detail = format!("{} problems", report.problem_count);
        self.write(actor, |tx| tx.audit(crate::audit::AuditAction::Verify, None, None, Some(&detail)))?;
        Ok(report)
    }
}
