//! The aggregates of the model and their repositories.
//!
//! Each aggregate has a `…Fields` struct (everything a person can set), a `…Patch` struct (the fields to
//! change: a field left out is untouched, `null` clears it) and a stored form [`Stored`] that adds the
//! id and the creation and archive stamps. The generic create / update / archive / get below do the
//! common work once: check the fields, diff old against new, and hand the change to the single write
//! path in [`crate::store::Tx`]. Each aggregate module adds its own rules and list queries.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::authz;
use crate::entity::{Entity, row_to_json, select_list};
use crate::ids::RecordId;
use crate::store::{Reader, Tx};
use crate::time::{Date, Timestamp};
use crate::{Error, Result};

pub mod appointments;
pub mod clients;
pub mod consents;
pub mod contacts;
pub mod custody;
pub mod measures;
pub mod mentors;
pub mod referrals;
pub mod services;
pub mod shares;
pub mod tasks;
pub mod users;

/// Deserialises a patch field: present (even as `null`) becomes `Some`, absent stays `None`.
pub(crate) fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> std::result::Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// Declares an aggregate's fields struct and its patch struct.
macro_rules! record {
    ($(#[$doc:meta])* $fields:ident, $patch:ident { $($(#[$fdoc:meta])* $f:ident : $ty:ty,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        pub struct $fields { $($(#[$fdoc])* pub $f: $ty,)+ }

        /// Fields to change: a field left out is not touched; `null` clears it.
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[serde(deny_unknown_fields)]
        pub struct $patch {
            $($(#[$fdoc])*
            #[serde(default, deserialize_with = "crate::model::present", skip_serializing_if = "Option::is_none")]
            #[ts(optional)]
            pub $f: Option<$ty>,)+
        }

        impl $fields {
            /// Applies a patch.
            pub fn apply(&mut self, patch: $patch) {
                $(if let Some(v) = patch.$f { self.$f = v; })+
            }
        }
    };
}
pub(crate) use record;

/// A stored record: its id, its fields, and when it was created and archived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Stored<I, F> {
    /// The record's id.
    pub id: I,
    /// What was recorded.
    #[serde(flatten)]
    pub fields: F,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was archived, if it has been.
    pub archived_at: Option<Timestamp>,
}

/// What every aggregate's fields struct provides to the generic repository.
pub trait Fields: Serialize + DeserializeOwned + Clone {
    /// The record kind.
    const ENTITY: Entity;
    /// Its id type.
    type Id: RecordId;
    /// Its patch type.
    type Patch;
    /// Applies a patch.
    fn apply_patch(&mut self, patch: Self::Patch);
    /// Checks and normalises the fields (the record as a whole), with read access for references.
    fn check(&mut self, r: &Reader<'_>, today: Date) -> Result<()>;
}

macro_rules! fields_impl {
    ($fields:ident, $patch:ident, $entity:expr, $id:ty) => {
        impl crate::model::Fields for $fields {
            const ENTITY: crate::entity::Entity = $entity;
            type Id = $id;
            type Patch = $patch;
            fn apply_patch(&mut self, patch: $patch) {
                self.apply(patch)
            }
            fn check(&mut self, r: &crate::store::Reader<'_>, today: crate::time::Date) -> crate::Result<()> {
                $fields::check_fields(self, r, today)
            }
        }
    };
}
pub(crate) use fields_impl;

/// One page of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Page {
    /// Rows to skip.
    pub offset: u32,
    /// Rows to return (at most 500).
    pub limit: u32,
}

impl Default for Page {
    fn default() -> Self {
        Page { offset: 0, limit: 50 }
    }
}

impl Page {
    pub(crate) fn limit(&self) -> i64 {
        i64::from(self.limit.clamp(1, 500))
    }
    /// The page as SQL: `LIMIT` written as a number, `OFFSET` bound as `:offset`. SQLite plans a
    /// bound `LIMIT` with its value, so a statement with one is parsed and planned again every time
    /// it runs; a list's page size takes few values, so each gets its own cached statement instead.
    pub(crate) fn sql(&self) -> String {
        format!("LIMIT {} OFFSET :offset", self.limit())
    }
    pub(crate) fn offset(&self) -> i64 {
        i64::from(self.offset)
    }
}

/// A page of results and the total that match.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Paged<T> {
    /// This page.
    pub items: Vec<T>,
    /// How many match in all.
    #[ts(type = "number")]
    pub total: u64,
    /// The page asked for.
    pub page: Page,
}

/// A WHERE clause built from only the conditions that apply, so SQLite can use its indexes (a
/// `(:x IS NULL OR col = :x)` condition would make it scan the whole table).
#[derive(Default)]
pub(crate) struct Where {
    clauses: Vec<String>,
    params: Vec<(&'static str, Box<dyn rusqlite::ToSql>)>,
}

impl Where {
    /// Adds a condition that always applies.
    pub(crate) fn always(&mut self, clause: &str) -> &mut Self {
        self.clauses.push(clause.to_owned());
        self
    }

    /// Adds `clause` with its parameter `name` when `value` is given.
    pub(crate) fn when<T: rusqlite::ToSql + 'static>(
        &mut self,
        clause: &str,
        name: &'static str,
        value: Option<T>,
    ) -> &mut Self {
        if let Some(v) = value {
            self.clauses.push(clause.to_owned());
            self.params.push((name, Box::new(v)));
        }
        self
    }

    /// `WHERE …`, or nothing.
    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() { String::new() } else { format!("WHERE {}", self.clauses.join(" AND ")) }
    }

    /// The parameters, plus any extra ones.
    pub(crate) fn params<'a>(
        &'a self,
        extra: &[(&'a str, &'a dyn rusqlite::ToSql)],
    ) -> Vec<(&'a str, &'a dyn rusqlite::ToSql)> {
        let mut v: Vec<(&str, &dyn rusqlite::ToSql)> =
            self.params.iter().map(|(k, b)| (*k, b.as_ref())).collect();
        v.extend_from_slice(extra);
        v
    }
}

pub(crate) fn to_map<T: Serialize>(v: &T) -> Result<Map<String, Value>> {
    match serde_json::to_value(v)? {
        Value::Object(m) => Ok(m),
        _ => Err(Error::Corrupt("a record did not serialise to an object".into())),
    }
}

/// The fields of `new` whose values differ from `old`.
pub(crate) fn changed(old: &Map<String, Value>, new: &Map<String, Value>) -> Map<String, Value> {
    new.iter().filter(|(k, v)| old.get(*k) != Some(*v)).map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// Decodes a row selected with [`select_list`].
pub(crate) fn decode<T: DeserializeOwned>(entity: Entity, row: &rusqlite::Row<'_>) -> Result<T> {
    let m = row_to_json(entity, row)?;
    serde_json::from_value(Value::Object(m))
        .map_err(|e| Error::Corrupt(format!("a stored {} could not be read: {e}", entity.noun())))
}

/// Runs a query whose columns are [`select_list`] of `entity` and decodes every row.
pub(crate) fn query_all<T: DeserializeOwned>(
    r: &Reader<'_>,
    entity: Entity,
    sql: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
) -> Result<Vec<T>> {
    let mut stmt = r.conn()?.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(decode(entity, row)?);
    }
    Ok(out)
}

/// Counts with a query returning one integer.
pub(crate) fn count(r: &Reader<'_>, sql: &str, params: &[(&str, &dyn rusqlite::ToSql)]) -> Result<u64> {
    // Some of a manager's totals are kept by the database ([`crate::kept`]).
    if let Some(n) = crate::kept::answer(r, sql, params)? {
        return Ok(n);
    }
    let n: i64 = r.conn()?.prepare_cached(sql)?.query_row(params, |row| row.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

impl Reader<'_> {
    /// Any record by id.
    pub fn get<F: Fields>(&self, id: F::Id) -> Result<Stored<F::Id, F>> {
        authz::read(self.actor, F::ENTITY)?;
        let sql = format!("SELECT {} FROM {} WHERE id = :id", select_list(F::ENTITY), F::ENTITY.table());
        query_all(self, F::ENTITY, &sql, &[(":id", &id)])?
            .pop()
            .ok_or(Error::NotFound { entity: F::ENTITY.noun() })
    }
}

impl Tx<'_> {
    /// Creates any record after checking its fields.
    pub fn insert<F: Fields>(&mut self, mut fields: F) -> Result<Stored<F::Id, F>> {
        authz::write(self.actor, F::ENTITY)?;
        let today = self.now().london_date();
        fields.check(&self.reader(), today)?;
        let id = F::Id::fresh();
        let now = self.now();
        let mut map = to_map(&fields)?;
        authz::write_fields(
            self.actor,
            F::ENTITY,
            map.iter().filter(|(_, v)| !v.is_null()).map(|(k, _)| k.as_str()),
        )?;
        map.insert("created_at".into(), Value::String(now.to_string()));
        self.create(F::ENTITY, &id.to_string(), map)?;
        Ok(Stored { id, fields, created_at: now, archived_at: None })
    }

    /// Changes the fields named in `patch` after checking the record as a whole.
    pub fn update<F: Fields>(&mut self, id: F::Id, patch: F::Patch) -> Result<Stored<F::Id, F>> {
        // The role's refusal first: it says which rule stopped the change.
        authz::write(self.actor, F::ENTITY)?;
        let cur = self.reader().get::<F>(id)?;
        self.update_from(cur, patch)
    }

    /// Like [`Tx::update`] for a record just read in this transaction.
    pub(crate) fn update_from<F: Fields>(
        &mut self,
        mut cur: Stored<F::Id, F>,
        patch: F::Patch,
    ) -> Result<Stored<F::Id, F>> {
        authz::write(self.actor, F::ENTITY)?;
        let id = cur.id;
        if cur.archived_at.is_some() {
            return Err(Error::invalid(
                "id",
                format!("This {} has been archived, so it cannot be changed.", F::ENTITY.noun()),
            ));
        }
        let old = to_map(&cur.fields)?;
        cur.fields.apply_patch(patch);
        let today = self.now().london_date();
        cur.fields.check(&self.reader(), today)?;
        let new = to_map(&cur.fields)?;
        let changes = changed(&old, &new);
        authz::write_fields(self.actor, F::ENTITY, changes.keys().map(String::as_str))?;
        self.set(F::ENTITY, &id.to_string(), changes)?;
        Ok(cur)
    }

    /// Archives any record. Archiving twice is harmless.
    pub fn archive_record<F: Fields>(&mut self, id: F::Id) -> Result<()> {
        authz::write(self.actor, F::ENTITY)?;
        authz::write_fields(self.actor, F::ENTITY, ["archived_at"].into_iter())?;
        let cur = self.reader().get::<F>(id)?;
        if cur.archived_at.is_none() {
            self.archive(F::ENTITY, &id.to_string())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    /// How many times SQLite parsed and planned a statement again after running `sql` three times,
    /// each time with another offset.
    fn replans(sql: &str) -> i32 {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t (a INTEGER, b INTEGER); CREATE INDEX t_b ON t (b); INSERT INTO t VALUES (1, 2), (3, 4);")
            .unwrap();
        let mut st = c.prepare(sql).unwrap();
        for offset in 0..3 {
            let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":offset", &offset)];
            if sql.contains(":limit") {
                params.push((":limit", &50));
            }
            let mut rows = st.query(params.as_slice()).unwrap();
            while rows.next().unwrap().is_some() {}
        }
        st.get_status(rusqlite::StatementStatus::RePrepare)
    }

    #[test]
    fn a_page_of_a_list_is_planned_once() {
        let page = Page { offset: 50, limit: 50 };
        assert_eq!(replans(&format!("SELECT a FROM t ORDER BY b {}", page.sql())), 0);
        // What it replaces: a bound LIMIT is planned again on every run.
        assert_eq!(replans(&["SELECT a FROM t ORDER BY b LIMIT", " :limit OFFSET :offset"].concat()), 3);
    }

    #[test]
    fn no_query_binds_its_limit() {
        let needle = ["LIMIT", " :"].concat();
        let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
        let mut found = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && std::fs::read_to_string(&path).unwrap().contains(&needle)
                {
                    found.push(path);
                }
            }
        }
        assert!(found.is_empty(), "a bound LIMIT makes SQLite plan the statement on every run: {found:?}");
    }
}
