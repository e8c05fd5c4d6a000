//! Duplicates: finding the person already on record before they are added again, and merging two
//! records of one person (and undoing the merge).
//!
//! Several offline laptops will register the same person; once synced, two records would split their
//! history and double every count. So the add form and the spreadsheet import ask first. A likely
//! match is the same NHS number, prison number or CRN, or the same date of birth with a close name
//! ([`crate::names`] decides "close"). Each lookup is an indexed equality (an identifier, or a date
//! of birth that a few people share), so it runs on every keystroke at 100,000 clients.
//!
//! Matches the person may see are listed; matches outside their caseload are only counted, so a
//! caseworker learns to ask a manager without learning who else the charity supports. That count
//! is the one read here that does not go through the scope, on purpose.
//!
//! A merge (a manager's job, since the two records may sit in different caseloads) keeps one record,
//! copies onto it the fields a person chose from the other, moves every appointment, contact,
//! referral, task, custody episode, support episode, mentor link, share and measure across, and
//! archives the other. It is a set of ordinary changes plus a merge record saying what moved and
//! what the kept record held before, so it syncs like anything else, and an undo on any computer
//! puts back exactly what it changed: the kept record's chosen fields, the moved records, and the
//! other record.

use rusqlite::named_params;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::entity::{Entity, select_list};
use crate::ids::{ClientId, IdText, MergeId};
use crate::model::clients::{Client, ClientFields, ClientPatch};
use crate::model::{Stored, fields_impl, query_all, record};
use crate::names::{NameKey, NameMatch, compare};
use crate::store::{Reader, Tx};
use crate::time::Date;
use crate::{Error, Result, validate};

/// What has been typed so far about a new person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct DuplicateQuery {
    /// Given name (as typed).
    pub given_name: Option<String>,
    /// Family name (as typed).
    pub family_name: Option<String>,
    /// Date of birth.
    pub date_of_birth: Option<Date>,
    /// NHS number (as typed; matched once it is a whole, valid number).
    pub nhs_number: Option<String>,
    /// Prison number.
    pub prison_number: Option<String>,
    /// CRN.
    pub crn: Option<String>,
    /// A record to leave out (the one being edited).
    pub exclude: Option<ClientId>,
}

/// A record that may be the same person.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DuplicateMatch {
    /// The record.
    pub client_id: ClientId,
    /// Their name as shown.
    pub name: String,
    /// Their date of birth.
    pub date_of_birth: Option<Date>,
    /// Why it may be them, in words ("Same NHS number").
    pub why: String,
    /// Whether an identifier matched (almost certainly the same person), rather than a name.
    pub certain: bool,
}

/// The likely matches for what was typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct Duplicates {
    /// Matches the person may open, the surest first.
    pub matches: Vec<DuplicateMatch>,
    /// Matches outside their caseload: counted, not shown.
    pub elsewhere: u32,
    /// How many of those share an identifier (almost certainly the same person).
    pub elsewhere_certain: u32,
}

const MAX_MATCHES: usize = 10;

fn name_words(m: NameMatch) -> &'static str {
    match m {
        NameMatch::Same => "Same date of birth and the same name",
        NameMatch::Swapped => "Same date of birth, with the given and family names the other way round",
        NameMatch::Variant => "Same date of birth and another spelling of the name",
        NameMatch::Close => "Same date of birth and a very similar name",
    }
}

/// The identifiers of a query that are whole and valid, normalised as stored.
fn identifiers(q: &DuplicateQuery) -> Vec<(&'static str, String, &'static str)> {
    let mut out = Vec::new();
    let mut add = |col: &'static str, v: &Option<String>, f: fn(&str, &str) -> Result<String>, w| {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty())
            && let Ok(n) = f(col, v)
        {
            out.push((col, n, w));
        }
    };
    add("nhs_number", &q.nhs_number, validate::nhs_number, "Same NHS number");
    add("prison_number", &q.prison_number, validate::prison_number, "Same prison number");
    add("crn", &q.crn, validate::crn, "Same CRN");
    out
}

impl Reader<'_> {
    /// Records that may be the person being typed in.
    pub fn likely_duplicates(&self, q: &DuplicateQuery) -> Result<Duplicates> {
        // Only someone who may add a client asks; the count outside their caseload is for them.
        crate::authz::write(self.actor, Entity::Client)?;
        // No id is empty bytes: every client's differs from it.
        let exclude = q.exclude.map(|c| c.0.as_bytes().to_vec()).unwrap_or_default();
        // (id, why, certain, rank) found in the whole organisation; the lower the rank, the surer.
        let mut found: Vec<(String, String, bool, u8)> = Vec::new();
        let conn = self.conn()?;
        for (col, value, why) in identifiers(q) {
            let sql = format!(
                "SELECT id FROM main.clients WHERE {col} = :v AND archived_at IS NULL AND id <> :x LIMIT 20"
            );
            let mut st = conn.prepare_cached(&sql)?;
            let ids = st.query_map(named_params! {":v": value, ":x": exclude}, |r| r.get::<_, IdText>(0))?;
            for id in ids {
                let id = id?.0;
                match found.iter_mut().find(|f| f.0 == id) {
                    Some(f) => f.1 = format!("{}, {}", f.1, why.replacen("Same", "same", 1)),
                    None => found.push((id, why.to_owned(), true, 0)),
                }
            }
        }
        let typed =
            NameKey::new(q.given_name.as_deref().unwrap_or(""), q.family_name.as_deref().unwrap_or(""));
        if let Some(dob) = q.date_of_birth {
            let mut st = conn.prepare_cached(
                "SELECT id, given_name, family_name FROM main.clients
                 WHERE date_of_birth = :d AND archived_at IS NULL AND id <> :x LIMIT 200",
            )?;
            let rows = st.query_map(named_params! {":d": dob, ":x": exclude}, |r| {
                Ok((r.get::<_, IdText>(0)?.0, r.get::<_, Option<String>>(1)?, r.get::<_, Option<String>>(2)?))
            })?;
            for row in rows {
                let (id, given, family) = row?;
                if found.iter().any(|f| f.0 == id) {
                    continue;
                }
                let key = NameKey::new(given.as_deref().unwrap_or(""), family.as_deref().unwrap_or(""));
                if let Some(m) = compare(&typed, &key) {
                    let rank = match m {
                        NameMatch::Same => 1,
                        NameMatch::Variant => 2,
                        NameMatch::Swapped => 3,
                        NameMatch::Close => 4,
                    };
                    found.push((id, name_words(m).to_owned(), false, rank));
                }
            }
        }
        found.sort_by_key(|f| f.3);
        // What the person may see is what their scope shows; the rest is only counted.
        let mut out = Duplicates::default();
        let sql = format!("SELECT {} FROM clients WHERE id = :id", select_list(Entity::Client));
        for (id, why, certain, _) in found {
            let visible: Vec<Client> =
                query_all(self, Entity::Client, &sql, &[(":id", &crate::ids::key(&id)?)])?;
            match visible.into_iter().next() {
                Some(c) if out.matches.len() < MAX_MATCHES => out.matches.push(DuplicateMatch {
                    client_id: c.id,
                    name: c.fields.display_name(),
                    date_of_birth: c.fields.date_of_birth,
                    why,
                    certain,
                }),
                Some(_) => {}
                None => {
                    out.elsewhere += 1;
                    out.elsewhere_certain += u32::from(certain);
                }
            }
        }
        Ok(out)
    }
}

record! {
    /// Two records found to be one person, merged into the kept one.
    MergeFields, MergePatch {
        /// The record kept.
        kept_id: ClientId,
        /// The record merged into it (archived).
        merged_id: ClientId,
        /// The kept record's fields the merge changed, as they were before (JSON).
        kept_before: Option<String>,
        /// Every record moved from one to the other, as `kind:id`.
        moved: Vec<String>,
        /// Who merged them.
        merged_by: crate::ids::UserId,
        /// When the merge was undone.
        undone_at: Option<crate::time::Timestamp>,
    }
}
fields_impl!(MergeFields, MergePatch, Entity::ClientMerge, MergeId);

/// A stored merge.
pub type Merge = Stored<MergeId, MergeFields>;

impl MergeFields {
    fn check_fields(&mut self, _r: &Reader<'_>, _today: Date) -> Result<()> {
        Ok(())
    }
}

/// The kinds of record that belong to a client and move with a merge.
const MOVES: [Entity; 9] = [
    Entity::Episode,
    Entity::CustodyEpisode,
    Entity::Appointment,
    Entity::Referral,
    Entity::SupportContact,
    Entity::Task,
    Entity::MentorLink,
    Entity::ClientShare,
    Entity::Measure,
];

/// Whether a client's details have been erased (their log holds a `redact`).
pub(crate) fn is_erased(conn: &rusqlite::Connection, id: ClientId) -> Result<bool> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM main.ops WHERE entity_n = :e AND entity_id = :id AND kind_n = :redact",
        )?
        .query_row(
            named_params! {
                ":e": crate::entity::Entity::Client.number(), ":id": id.0.as_bytes(),
                ":redact": crate::store::OpKind::Redact.number(),
            },
            |r| r.get(0),
        )?;
    Ok(n > 0)
}

impl Tx<'_> {
    fn erased(&self, id: ClientId) -> Result<bool> {
        is_erased(&self.tx, id)
    }

    /// Merges `merged` into `kept`: `choices` sets the kept record's fields a person chose from the
    /// other one; everything that belonged to `merged` moves to `kept`; `merged` is archived.
    pub fn merge_clients(&mut self, kept: ClientId, merged: ClientId, choices: ClientPatch) -> Result<Merge> {
        crate::authz::write(self.actor, Entity::ClientMerge)?;
        if kept == merged {
            return Err(Error::invalid(
                "merged_id",
                "A record cannot be merged with itself. Choose the other record.",
            ));
        }
        for (field, id) in [("kept_id", kept), ("merged_id", merged)] {
            if self.erased(id)? {
                return Err(Error::invalid(field, "That record has been erased, so it cannot be merged."));
            }
            let c = self.reader().client(id)?;
            if c.archived_at.is_some() {
                return Err(Error::invalid(field, "That record has been archived or already merged."));
            }
        }
        let before = self.reader().client(kept)?;
        let old = serde_json::to_value(&before.fields)?;
        let updated = self.update_from::<ClientFields>(before, choices)?;
        let new = serde_json::to_value(&updated.fields)?;
        let mut kept_before = Map::new();
        if let (Value::Object(o), Value::Object(n)) = (&old, &new) {
            for (k, v) in o {
                if n.get(k) != Some(v) {
                    kept_before.insert(k.clone(), v.clone());
                }
            }
        }
        let mut moved = Vec::new();
        for entity in MOVES {
            let ids: Vec<String> = {
                let mut st = self.tx.prepare_cached(&format!(
                    "SELECT id FROM main.{} WHERE client_id = :c ORDER BY id",
                    entity.table()
                ))?;
                let rows =
                    st.query_map(named_params! {":c": merged}, |r| r.get::<_, IdText>(0).map(|i| i.0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for id in ids {
                let mut f = Map::new();
                f.insert("client_id".into(), Value::String(kept.to_string()));
                self.set(entity, &id, f)?;
                moved.push(format!("{}:{id}", entity.code()));
            }
        }
        self.archive(Entity::Client, &merged.to_string())?;
        self.insert(MergeFields {
            kept_id: kept,
            merged_id: merged,
            kept_before: Some(Value::Object(kept_before).to_string()),
            moved,
            merged_by: self.actor.user_id,
            undone_at: None,
        })
    }

    /// Undoes a merge: the kept record's chosen fields go back to what they were, every moved record
    /// goes back, and the other record is restored.
    pub fn undo_merge(&mut self, id: MergeId) -> Result<Merge> {
        crate::authz::write(self.actor, Entity::ClientMerge)?;
        let m = self.reader().get::<MergeFields>(id)?;
        if m.fields.undone_at.is_some() {
            return Err(Error::invalid("id", "This merge has already been undone."));
        }
        let before: Map<String, Value> = match m.fields.kept_before.as_deref() {
            Some(s) => serde_json::from_str(s)?,
            None => Map::new(),
        };
        // Fields hold what they held before; a name erased since then stays erased.
        if !self.erased(m.fields.kept_id)? && !before.is_empty() {
            self.set(Entity::Client, &m.fields.kept_id.to_string(), before)?;
        }
        for item in &m.fields.moved {
            let Some((code, rid)) = item.split_once(':') else {
                return Err(Error::Corrupt("a merge names a moved record badly".into()));
            };
            let entity = Entity::from_code(code)?;
            let mut f = Map::new();
            f.insert("client_id".into(), Value::String(m.fields.merged_id.to_string()));
            self.set(entity, rid, f)?;
        }
        let mut f = Map::new();
        f.insert("archived_at".into(), Value::Null);
        self.set(Entity::Client, &m.fields.merged_id.to_string(), f)?;
        let now = self.now();
        self.update_from::<MergeFields>(m, MergePatch { undone_at: Some(Some(now)), ..Default::default() })
    }
}

/// A merge as a record shows it: with the other record's name and who merged them, so the page
/// need not open the other record (which would be audited as a view) to say whom it was.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MergeView {
    /// The merge.
    pub merge: Merge,
    /// The name of the other record of the two.
    pub other_name: String,
    /// Who merged them.
    pub merged_by_name: Option<String>,
}

impl Reader<'_> {
    /// The merges into or out of a client's record, newest first, with names (managers only).
    pub fn merge_views(&self, client: ClientId) -> Result<Vec<MergeView>> {
        let merges = self.merges_of(client)?;
        if merges.is_empty() {
            return Ok(Vec::new());
        }
        merges
            .into_iter()
            .map(|m| {
                let other = if m.fields.kept_id == client { m.fields.merged_id } else { m.fields.kept_id };
                Ok(MergeView {
                    other_name: self.client(other)?.fields.display_name(),
                    merged_by_name: self.user_name(m.fields.merged_by)?,
                    merge: m,
                })
            })
            .collect()
    }

    /// The merges into or out of a client's record, newest first (managers only).
    pub fn merges_of(&self, client: ClientId) -> Result<Vec<Merge>> {
        if !crate::scope::can_see(self.actor.role, Entity::ClientMerge) {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {} FROM client_merges WHERE (kept_id = :c OR merged_id = :c) AND archived_at IS NULL
             ORDER BY created_at DESC, id DESC",
            select_list(Entity::ClientMerge)
        );
        query_all(self, Entity::ClientMerge, &sql, &[(":c", &client)])
    }
}
