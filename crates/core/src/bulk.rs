//! Writing many records at once: the indexes only screens and reports read are left out for the
//! while and built again after.
//!
//! SQLite places each index entry as its row is written, one page at a time, wherever in the index
//! it belongs; building an index afterwards sorts the entries once, which is far cheaper for a few
//! hundred thousand rows (seeding 100,000 clients: 165 s to 122–127 s; a new computer joining them: 149 s
//! to 138 s; BENCHMARKS.md). Only the
//! indexes in [`SCREEN_INDEXES`] are left out: the write path and its triggers never look anything
//! up through them, so nothing written meanwhile is slower or different, and none of them enforces
//! uniqueness, so no rule is lifted. Every other index, and every constraint, stays in place.
//!
//! A bulk write that spans several transactions ([`Store::with_screen_indexes_deferred`]) notes the
//! indexes it dropped in `local_state` in the same transaction that drops them, so a program that
//! stops part way leaves a note that the next opening of the database acts on
//! ([`rebuild_noted`]): the database is never left without them for longer than that, and if
//! building them then fails (a full disk), `verify` says they are waiting.

use rusqlite::{Connection, OptionalExtension, named_params};

use crate::store::Store;
use crate::{Error, Result};

/// Indexes that only screens, reports and search read. Leaving out one that the write path does read
/// (`tasks_client`, `appointments_by_client`, `ops_entity` and the like) makes each write scan a
/// table, which a seeding test would show as minutes instead of seconds.
pub(crate) const SCREEN_INDEXES: &[&str] = &[
    "appointments_report",
    "appointments_mentor",
    "appointments_companion",
    "appointments_awaiting",
    "appointments_awaiting_client",
    "clients_report",
    "clients_sort_name",
    "clients_dob",
    "clients_prison_number",
    "clients_crn",
    "clients_open",
    "clients_in_custody",
    "clients_released",
    "contacts_report",
    "contacts_by_client",
    "custody_released",
    "episodes_report",
    "measures_taken",
    "referral_events_report",
    "referrals_report",
    "referrals_queue",
    "referrals_waiting",
    "referrals_waits",
    "referrals_status_service",
    "referrals_sent",
    "tasks_open",
    "tasks_assignee",
];

/// The `local_state` key under which dropped indexes' definitions wait to be built again.
const NOTE_KEY: &str = "deferred_indexes";

/// Drops the [`SCREEN_INDEXES`] within the caller's transaction and returns their definitions, as the
/// database held them, for [`build`]. One already missing is passed over: only a bulk write that
/// stopped part way drops them, and its note still holds it (a test checks that a new database
/// has every one).
pub(crate) fn drop_screen_indexes(conn: &Connection) -> Result<Vec<String>> {
    let mut defs = Vec::with_capacity(SCREEN_INDEXES.len());
    let mut find =
        conn.prepare_cached("SELECT sql FROM main.sqlite_master WHERE type = 'index' AND name = :n")?;
    for name in SCREEN_INDEXES {
        let sql: Option<String> = find.query_row(named_params! {":n": name}, |r| r.get(0)).optional()?;
        let Some(sql) = sql else { continue };
        // The schema and the scope's views share names, so the index is named in `main` explicitly.
        let qualified = sql
            .strip_prefix(&format!("CREATE INDEX {name} "))
            .map(|rest| format!("CREATE INDEX main.{name} {rest}"))
            .ok_or_else(|| Error::Corrupt(format!("index {name} is not a plain index")))?;
        conn.execute_batch(&format!("DROP INDEX main.{name}"))?;
        defs.push(qualified);
    }
    Ok(defs)
}

/// Builds indexes from definitions [`drop_screen_indexes`] returned.
pub(crate) fn build(conn: &Connection, defs: &[String]) -> Result<()> {
    for sql in defs {
        conn.execute_batch(sql)?;
    }
    Ok(())
}

/// Whether a bulk write's note of indexes to build is waiting (the last attempt to build them failed).
pub(crate) fn noted(conn: &Connection) -> Result<bool> {
    Ok(note(conn)?.is_some())
}

fn note(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM main.local_state WHERE key = :k", named_params! {":k": NOTE_KEY}, |r| {
            r.get(0)
        })
        .optional()?)
}

/// Builds any indexes a bulk write noted and did not build again (it stopped part way), in one
/// transaction with removing the note. Does nothing, at the cost of one lookup, when there is none.
pub(crate) fn rebuild_noted(conn: &mut Connection) -> Result<()> {
    let Some(note) = note(conn)? else { return Ok(()) };
    let defs: Vec<String> = serde_json::from_str(&note)
        .map_err(|e| Error::Corrupt(format!("the note of indexes to build is unreadable: {e}")))?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    build(&tx, &defs)?;
    tx.execute("DELETE FROM main.local_state WHERE key = :k", named_params! {":k": NOTE_KEY})?;
    tx.commit()?;
    Ok(())
}

impl Store {
    /// Runs `f`, which may commit many transactions, with the [`SCREEN_INDEXES`] left out, then
    /// builds them again whatever `f` returned: what `f` committed stands either way.
    pub(crate) fn with_screen_indexes_deferred<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        // An earlier note is acted on first, so that this one holds every index left out.
        rebuild_noted(self.conn_mut())?;
        {
            let tx = self.conn_mut().transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let defs = drop_screen_indexes(&tx)?;
            let note = serde_json::to_string(&defs).map_err(|e| Error::Corrupt(e.to_string()))?;
            tx.execute(
                "INSERT INTO main.local_state (key, value) VALUES (:k, :v)",
                named_params! {":k": NOTE_KEY, ":v": note},
            )?;
            tx.commit()?;
        }
        let out = f(self);
        let built = rebuild_noted(self.conn_mut());
        let out = out?;
        built?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every index the list names is in a new database, and none of them enforces uniqueness: a name
    /// left behind by a later migration would otherwise be passed over without a word.
    #[test]
    fn every_screen_index_is_in_a_new_database_and_none_is_unique() {
        let (_dir, store, _manager) = crate::store::test_store();
        let conn = store.raw_connection_for_tests();
        for name in SCREEN_INDEXES {
            let sql: String = conn
                .query_row(
                    "SELECT sql FROM main.sqlite_master WHERE type = 'index' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(sql.starts_with(&format!("CREATE INDEX {name} ")), "{sql}");
        }
    }
}
