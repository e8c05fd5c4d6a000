//! Conflicts: two people changed the same thing on different devices without seeing each other's edit.
//!
//! The later edit (by clock) is shown meanwhile; the conflict lists both versions, who made each and
//! when, so a person can keep either or type the right value. Settling it is a `resolve` op, which
//! syncs like any other change and settles the conflict on every device that receives it.

use rusqlite::{OptionalExtension, named_params};
use serde_json::Value;

use super::merge::conflict_id;
use crate::authz::{self, Action};
use crate::entity::{ColType, Entity};
use crate::export::column_codes;
use crate::hlc::Hlc;
use crate::store::{Actor, Reader, Store, Tx};
use crate::time::Timestamp;
use crate::{Error, Result};

/// One version in a conflict.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct ConflictSide {
    /// The value, as stored.
    #[ts(type = "unknown")]
    pub value: Value,
    /// The value in words.
    pub shown: String,
    /// Who made this edit.
    pub author: String,
    /// On which device.
    pub device: String,
    /// Whether that device is this one.
    pub this_device: bool,
    /// When (UTC).
    pub at: Timestamp,
}

/// A conflict waiting for a person.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct ConflictView {
    /// Its id (the same on every device).
    pub id: String,
    /// Record kind (op-log code).
    pub entity: String,
    /// The kind in words.
    pub entity_label: String,
    /// Record id.
    pub entity_id: String,
    /// The client it is about, if any.
    pub client_id: Option<String>,
    /// Which record, in words (a client's name, "appointment for …").
    pub record: String,
    /// The field (column name).
    pub field: String,
    /// The field in words.
    pub field_label: String,
    /// The version shown now (the later edit).
    pub current: ConflictSide,
    /// The other version.
    pub other: ConflictSide,
}

/// What to keep when settling a conflict.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(tag = "keep", content = "value", rename_all = "snake_case")]
pub enum Keep {
    /// The version shown now.
    Current,
    /// The other version.
    Other,
    /// The version made on this computer, or if neither was, the one shown now.
    Mine,
    /// The version that is not [`Keep::Mine`].
    Theirs,
    /// A value a person typed (for text, as written; for a choice, its code or label; for a list,
    /// codes separated by commas; for yes/no, "yes" or "no").
    Value(String),
}

/// A field's name in words ("nhs_number" → "NHS number").
pub(crate) fn label_of(field: &str) -> String {
    let mut s = field.replace('_', " ");
    for (from, to) in [("nhs", "NHS"), ("gp", "GP"), ("crn", "CRN"), ("dna", "DNA"), (" id", "")] {
        s = s.replace(from, to);
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

fn shown(entity: Entity, field: &str, v: &Value) -> String {
    let codes = column_codes(entity.table(), field);
    let label = |code: &str| -> String {
        codes
            .as_ref()
            .and_then(|cs| cs.iter().find(|(c, _)| *c == code).map(|(_, l)| (*l).to_owned()))
            .unwrap_or_else(|| code.to_owned())
    };
    match v {
        Value::Null => "(empty)".into(),
        Value::Bool(true) => "Yes".into(),
        Value::Bool(false) => "No".into(),
        Value::String(s) => label(s),
        Value::Array(items) if items.is_empty() => "(none)".into(),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), label))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

struct Raw {
    id: String,
    entity: String,
    entity_id: String,
    field: String,
    winner: String,
    loser: String,
}

/// One side of a conflict: the change `op_id` to the record `entity_id`, found among that record's
/// changes (the log has no index by op id).
fn side(
    r: &Reader<'_>,
    entity: Entity,
    entity_id: &str,
    field: &str,
    op_id: &str,
    me: &str,
) -> Result<ConflictSide> {
    let (payload, stamp, author, device): (String, Hlc, Option<String>, Option<String>) =
        r.conn()?.query_row(
            &format!(
                "SELECT op_json(o.payload), o.hlc, u.display_name, d.name FROM {}
                 LEFT JOIN users u ON u.id = oa.id LEFT JOIN devices d ON d.id = od.id
                 WHERE o.entity_n = :e AND o.entity_id = :id AND o.op_id = :op",
                crate::oplog::OPS
            ),
            named_params! {
                ":e": entity.number(), ":id": crate::oplog::key(entity_id)?, ":op": crate::oplog::key(op_id)?,
            },
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )?;
    let payload: serde_json::Map<String, Value> = serde_json::from_str(&payload)?;
    let value = payload.get(field).cloned().unwrap_or(Value::Null);
    Ok(ConflictSide {
        shown: shown(entity, field, &value),
        value,
        author: author.unwrap_or_else(|| "someone".into()),
        device: device.unwrap_or_else(|| "another device".into()),
        this_device: stamp.device.to_string() == me,
        at: Timestamp::from_unix(i64::try_from(stamp.wall_ms / 1000).unwrap_or(0)),
    })
}

fn record_words(r: &Reader<'_>, entity: Entity, id: &str) -> Result<(String, Option<String>)> {
    let client_name = |cid: &str| -> Result<Option<String>> {
        Ok(r.conn()?
            .query_row(
                "SELECT trim(coalesce(preferred_name, given_name, '') || ' ' || coalesce(family_name, '')) FROM clients WHERE id = :id",
                named_params! {":id": crate::ids::key(cid)?},
                |row| row.get(0),
            )
            .optional()?)
    };
    if entity == Entity::Client {
        return Ok((client_name(id)?.unwrap_or_else(|| "a client".into()), Some(id.to_owned())));
    }
    let has_client = entity.columns().iter().any(|c| c.name == "client_id");
    if has_client {
        let cid: Option<String> = r
            .conn()?
            .query_row(
                &format!("SELECT client_id FROM {} WHERE id = :id", entity.table()),
                named_params! {":id": crate::ids::key(id)?},
                |row| row.get::<_, Option<crate::ids::IdText>>(0),
            )
            .optional()?
            .flatten()
            .map(|c| c.0);
        if let Some(cid) = cid {
            let name = client_name(&cid)?.unwrap_or_else(|| "a client".into());
            let mut noun = entity.noun().to_owned();
            if let Some(f) = noun.get_mut(0..1) {
                f.make_ascii_uppercase();
            }
            return Ok((format!("{noun} for {name}"), Some(cid)));
        }
    }
    let mut noun = entity.noun().to_owned();
    if let Some(f) = noun.get_mut(0..1) {
        f.make_ascii_uppercase();
    }
    Ok((noun, None))
}

fn raw(r: &Reader<'_>, id: Option<&str>) -> Result<Vec<Raw>> {
    let mut st = r.conn()?.prepare_cached(
        "SELECT id, entity, entity_id, field, winner_op_id, loser_op_id FROM conflicts
         WHERE :id IS NULL OR id = :id ORDER BY detected_at, id",
    )?;
    let rows = st.query_map(named_params! {":id": id}, |row| {
        Ok(Raw {
            id: row.get(0)?,
            entity: row.get(1)?,
            entity_id: row.get(2)?,
            field: row.get(3)?,
            winner: row.get(4)?,
            loser: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Reader<'_> {
    /// Conflicts waiting for a person, oldest first.
    /// Only conflicts over records the acting user can see are listed.
    pub fn conflicts(&self, me: &str) -> Result<Vec<ConflictView>> {
        // A peer mentor settles none (on their own computer they may sync, but not choose between
        // other people's edits).
        if self.actor.role == crate::enums::Role::PeerMentor {
            return Ok(Vec::new());
        }
        authz::require(self.actor, Action::ResolveConflict)?;
        let mut out = Vec::new();
        for c in raw(self, None)? {
            let entity = Entity::from_code(&c.entity)?;
            if self.can_see(entity, &c.entity_id)? {
                out.push(self.view(c, me)?);
            }
        }
        Ok(out)
    }

    fn view(&self, c: Raw, me: &str) -> Result<ConflictView> {
        let entity = Entity::from_code(&c.entity)?;
        let (record, client_id) = record_words(self, entity, &c.entity_id)?;
        Ok(ConflictView {
            current: side(self, entity, &c.entity_id, &c.field, &c.winner, me)?,
            other: side(self, entity, &c.entity_id, &c.field, &c.loser, me)?,
            id: c.id,
            entity_label: entity.noun().to_owned(),
            entity: c.entity,
            entity_id: c.entity_id,
            client_id,
            record,
            field_label: label_of(&c.field),
            field: c.field,
        })
    }
}

/// Turns what a person typed into a field's value.
fn typed_value(entity: Entity, field: &str, text: &str) -> Result<Value> {
    let col = entity.column(field)?;
    let t = text.trim();
    let codes = column_codes(entity.table(), field);
    let code_of = |s: &str| -> Result<Value> {
        match &codes {
            None => Ok(Value::String(s.to_owned())),
            Some(cs) => cs
                .iter()
                .find(|(c, l)| c.eq_ignore_ascii_case(s) || l.eq_ignore_ascii_case(s))
                .map(|(c, _)| Value::String((*c).to_owned()))
                .ok_or_else(|| {
                    let list: Vec<&str> = cs.iter().map(|(_, l)| *l).collect();
                    Error::invalid("value", format!("'{s}' is not one of: {}.", list.join(", ")))
                }),
        }
    };
    Ok(match col.ty {
        _ if t.is_empty() && col.ty != ColType::List => Value::Null,
        ColType::Text => code_of(t)?,
        ColType::Id => {
            crate::ids::key(t)?;
            Value::String(t.to_owned())
        }
        ColType::Int => Value::from(
            t.parse::<i64>().map_err(|_| Error::invalid("value", format!("'{t}' is not a whole number.")))?,
        ),
        ColType::Bool => match t.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" => Value::Bool(true),
            "no" | "n" | "false" => Value::Bool(false),
            _ => return Err(Error::invalid("value", "Answer yes or no.")),
        },
        ColType::List => Value::Array(
            t.split(',').map(str::trim).filter(|s| !s.is_empty()).map(code_of).collect::<Result<_>>()?,
        ),
    })
}

impl Tx<'_> {
    /// Settles a conflict by keeping one version or a typed value. The choice is a `resolve` op that
    /// settles it on every device it reaches.
    pub fn resolve_conflict(&mut self, id: &str, keep: &Keep) -> Result<()> {
        authz::require(self.actor, Action::ResolveConflict)?;
        let me = self.device.to_string();
        let c = raw(&self.reader(), Some(id))?.pop().ok_or(Error::NotFound { entity: "conflict" })?;
        let entity = Entity::from_code(&c.entity)?;
        authz::write(self.actor, entity)?;
        if !self.reader().can_see(entity, &c.entity_id)? {
            return Err(Error::NotFound { entity: "conflict" });
        }
        let current = side(&self.reader(), entity, &c.entity_id, &c.field, &c.winner, &me)?;
        let other = side(&self.reader(), entity, &c.entity_id, &c.field, &c.loser, &me)?;
        // "Mine" is this computer's version; when neither side was made here, the one shown now.
        let mine_is_current = current.this_device || !other.this_device;
        let value = match keep {
            Keep::Current => current.value,
            Keep::Other => other.value,
            Keep::Mine if mine_is_current => current.value,
            Keep::Mine => other.value,
            Keep::Theirs if mine_is_current => other.value,
            Keep::Theirs => current.value,
            Keep::Value(text) => typed_value(entity, &c.field, text)?,
        };
        debug_assert_eq!(conflict_id(&c.winner, &c.loser, &c.field), c.id);
        self.resolve(entity, &c.entity_id, &c.field, value)?;
        self.audit(
            crate::audit::AuditAction::ResolveConflict,
            Some(entity),
            Some(&c.entity_id),
            Some(&c.field),
        )
    }
}

impl Store {
    /// Conflicts waiting for a person.
    pub fn conflicts(&self, actor: &Actor) -> Result<Vec<ConflictView>> {
        self.reader(actor).conflicts(&self.device_id().to_string())
    }
}
