//! How the op log is stored (schema 19, and 35).
//!
//! A change is the same thing everywhere (a [`crate::sync::bundle::WireOp`] in a sync file, with ids
//! and clock stamps as text), but the log holds millions of them, so on disk ids are their 16 bytes,
//! a clock stamp its 28-byte form ([`Hlc::to_bytes`]), and the devices and authors of changes are
//! small numbers in `op_nodes` (whose ids are bytes too, since 0033). Since 0035 the record kind is
//! [`crate::entity::Entity::number`], the change kind [`crate::store::op_kind_code`]'s number and
//! the time seconds since 1970, in columns named for that (`entity_n`, `kind_n`, `recorded_s`). Each
//! is turned back into the exact text a signature covers when a change is read.

use rusqlite::{Connection, OptionalExtension, named_params};
use uuid::Uuid;

use crate::hlc::Hlc;
use crate::{Error, Result};

/// The log joined to its devices and authors: `o` is the op, `od.id` its device, `oa.id` its author (ids as bytes).
pub(crate) const OPS: &str =
    "main.ops o JOIN main.op_nodes od ON od.n = o.device JOIN main.op_nodes oa ON oa.n = o.author";

/// The number standing for a device's or author's id in the log, given it one if it has none yet.
pub(crate) fn node(conn: &Connection, id: &str) -> Result<i64> {
    let found: Option<i64> = conn
        .prepare_cached("SELECT n FROM main.op_nodes WHERE id = :id")?
        .query_row(named_params! {":id": key(id)?}, |r| r.get(0))
        .optional()?;
    match found {
        Some(n) => Ok(n),
        None => Ok(conn
            .prepare_cached("INSERT INTO main.op_nodes (id) VALUES (:id) RETURNING n")?
            .query_row(named_params! {":id": key(id)?}, |r| r.get(0))?),
    }
}

/// A record or op id as stored in the log. Only the usual lowercase form is accepted, so that it
/// reads back as the same text.
pub(crate) fn key(id: &str) -> Result<[u8; 16]> {
    crate::ids::key(id)
}

/// The text of an id stored in the log.
pub(crate) fn id_text(bytes: &[u8]) -> Result<String> {
    Uuid::from_slice(bytes)
        .map(|u| u.as_hyphenated().to_string())
        .map_err(|_| Error::Corrupt(format!("an id of {} bytes in the op log", bytes.len())))
}

/// SQL that gives the text of the id blob in `col`, for queries that show ids alongside other tables'.
pub(crate) fn id_sql(col: &str) -> String {
    format!(
        "lower(substr(hex({col}), 1, 8) || '-' || substr(hex({col}), 9, 4) || '-' || substr(hex({col}), 13, 4) || '-' || substr(hex({col}), 17, 4) || '-' || substr(hex({col}), 21))"
    )
}

/// SQL that gives the code of the record kind whose number (schema 35) is in `col`.
pub(crate) fn entity_sql(col: &str) -> String {
    let arms: Vec<String> = crate::entity::Entity::ALL
        .iter()
        .map(|e| format!("WHEN {} THEN '{}'", e.number(), e.code()))
        .collect();
    format!("(CASE {col} {} END)", arms.join(" "))
}

/// SQL that gives the usual text (`2026-03-29T08:30:00Z`) of a time kept as seconds in `col`.
pub(crate) fn time_sql(col: &str) -> String {
    format!("strftime('%Y-%m-%dT%H:%M:%SZ', {col}, 'unixepoch')")
}

/// The number of the last op this log holds from `device` (0 if none).
pub(crate) fn last_seq(conn: &Connection, device: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(max(seq), 0) FROM main.ops WHERE device = (SELECT n FROM main.op_nodes WHERE id = :d)",
        )?
        .query_row(named_params! {":d": key(device)?}, |r| r.get(0))?)
}

/// The id (bytes) of the op held as `device`'s number `seq`, if any.
pub(crate) fn op_at(conn: &Connection, device: &str, seq: i64) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached(
            "SELECT o.op_id FROM main.ops o JOIN main.op_nodes n ON n.n = o.device WHERE n.id = :d AND o.seq = :s",
        )?
        .query_row(named_params! {":d": key(device)?, ":s": seq}, |r| r.get(0))
        .optional()?)
}

/// Reads column `i` (an id's bytes) as text.
pub(crate) fn get_id(r: &rusqlite::Row<'_>, i: usize) -> Result<String> {
    Ok(r.get::<_, crate::ids::IdText>(i)?.0)
}

/// Reads column `i` (a stamp blob) as its text form.
pub(crate) fn get_hlc(r: &rusqlite::Row<'_>, i: usize) -> Result<String> {
    Ok(r.get::<_, Hlc>(i)?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_as_the_same_text_and_odd_forms_are_refused() {
        let id = Uuid::now_v7().to_string();
        assert_eq!(id_text(&key(&id).unwrap()).unwrap(), id);
        assert!(key(&id.to_uppercase()).is_err(), "upper case would read back different");
        assert!(key(&id.replace('-', "")).is_err());
        assert!(key("not an id").is_err());
        assert!(key(&format!("{{{id}}}")).is_err() && key(&format!("urn:uuid:{id}")).is_err());
        assert!(id_text(&[1, 2, 3]).is_err());
    }

    #[test]
    fn the_sql_text_of_an_id_is_its_usual_form() {
        let conn = Connection::open_in_memory().unwrap();
        let id = Uuid::now_v7();
        let text: String = conn
            .query_row(
                &format!("SELECT {} FROM (SELECT :b AS b)", id_sql("b")),
                named_params! {":b": id.as_bytes()},
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(text, id.to_string());
    }
}
