//! Authority at import: every change that arrives is checked against who made it, when.
//!
//! A sync file is signed by the device that wrote it, but the ops inside claim an origin device and an
//! author, and a device is only a laptop: someone with its key can write anything into its op log. So
//! each new op is checked as if its author had made it here, at its own time: the author must be a
//! current user at that moment, bound to the device the op comes from (its owner, or a person a manager
//! let unlock it), and their role and scope then must allow the change, by the same rules as a local
//! write (a caseworker does not change people, roles, devices or the organisation and does not erase;
//! touches only clients on their caseload or shared with them then; a peer mentor only the appointments
//! of the people linked to them then). "Then" is the state the op log gives at the op's clock stamp:
//! every field is a last-writer-wins register, so replaying a record's ops before a stamp gives it as
//! it was. A file holding one op its author could not have made is refused whole.
//!
//! Also: a device whose owner is not a manager sends only its own work. Only managers' devices relay.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, named_params};
use serde_json::{Map, Value};

use super::bundle::WireOp;
use crate::entity::Entity;
use crate::enums::Role;
use crate::store::{Actor, OpKind};
use crate::{Error, Result};

/// A user as they were at some moment.
#[derive(Debug, Clone, Default)]
struct UserAt {
    exists: bool,
    role: Option<Role>,
    mentor: Option<String>,
    team: Option<String>,
    archived: bool,
}

/// One record's ops, oldest first: stamp, kind, payload.
type History = Vec<(String, String, Map<String, Value>)>;

/// How many records' histories the checker keeps looked up at once.
const HISTORIES_HELD: usize = 20_000;

/// The checker for one import, with what it has looked up.
pub(crate) struct Authority<'c> {
    conn: &'c Connection,
    /// Each record's ops, oldest first (stamp, kind, payload), as looked up.
    history: HashMap<(Entity, String), History>,
    /// The organisation's founding: its first computer, its first manager, and the stamp by which both
    /// records existed. Ops before that could not name an existing author or computer.
    founding: Option<Option<(String, String, String)>>,
}

fn field<'a>(p: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    p.get(name)
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

/// The record ids (first column, bytes in the log) a query found, as text.
fn ids(mut rows: rusqlite::Rows<'_>) -> Result<Vec<String>> {
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(crate::oplog::get_id(r, 0)?);
    }
    Ok(out)
}

impl<'c> Authority<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Authority { conn, history: HashMap::new(), founding: None }
    }

    fn history(&mut self, entity: Entity, id: &str) -> Result<&History> {
        let key = (entity, id.to_owned());
        if !self.history.contains_key(&key) {
            // A memo of the log, which does not change while a file is checked: forgetting it is
            // always safe, and keeps a whole organisation's history (an invitation's) out of memory.
            if self.history.len() >= HISTORIES_HELD {
                self.history.clear();
            }
            let mut st = self.conn.prepare_cached(
                "SELECT hlc, kind_n, payload FROM main.ops WHERE entity_n = :e AND entity_id = :id ORDER BY hlc",
            )?;
            let mut rows = st.query(named_params! {":e": entity.number(), ":id": crate::oplog::key(id)?})?;
            let mut v = Vec::new();
            while let Some(r) = rows.next()? {
                let (h, k, p) = (
                    crate::oplog::get_hlc(r, 0)?,
                    crate::store::op_kind_code(r.get(1)?)?.to_owned(),
                    crate::packed::get(r, 2)?,
                );
                v.push((h, k, p));
            }
            self.history.insert(key.clone(), v);
        }
        Ok(self.history.get(&key).map_or(&EMPTY, |v| v))
    }

    /// A record's fields as they were just before `hlc` (None if it did not exist yet).
    fn record_before(&mut self, entity: Entity, id: &str, hlc: &str) -> Result<Option<Map<String, Value>>> {
        let mut out: Option<Map<String, Value>> = None;
        for (h, kind, payload) in self.history(entity, id)? {
            if h.as_str() >= hlc {
                break;
            }
            let m = out.get_or_insert_with(Map::new);
            if kind == "create" {
                m.clear();
            }
            for (k, v) in payload {
                m.insert(k.clone(), v.clone());
            }
        }
        Ok(out)
    }

    fn user_at(&mut self, user: &str, hlc: &str) -> Result<UserAt> {
        let Some(u) = self.record_before(Entity::User, user, hlc)? else { return Ok(UserAt::default()) };
        Ok(UserAt {
            exists: true,
            role: text(field(&u, "role")).and_then(|r| r.parse().ok()),
            mentor: text(field(&u, "mentor_id")),
            team: text(field(&u, "team_id")),
            archived: field(&u, "archived_at").is_some_and(|v| !v.is_null()),
        })
    }

    /// Whether `user` could act on `device` at `hlc`: its owner, or someone a manager let unlock it.
    fn bound(&mut self, device: &str, user: &str, hlc: &str) -> Result<bool> {
        let owner = self.record_before(Entity::Device, device, hlc)?.and_then(|d| text(field(&d, "user_id")));
        if owner.as_deref() == Some(user) {
            return Ok(true);
        }
        let bindings: Vec<String> = {
            // From the log, not the table: a binding may arrive in the same file as the work it allows.
            let mut st = self.conn.prepare_cached(
                "SELECT entity_id FROM main.ops WHERE entity_n = :e AND kind_n = :create
                 AND json_extract(op_json(payload), '$.device_id') = :d AND json_extract(op_json(payload), '$.user_id') = :u",
            )?;
            ids(st.query(named_params! {
                ":e": Entity::DeviceUser.number(), ":create": OpKind::Create.number(), ":d": device, ":u": user,
            })?)?
        };
        for b in bindings {
            if let Some(rec) = self.record_before(Entity::DeviceUser, &b, hlc)? {
                if field(&rec, "archived_at").is_none_or(Value::is_null) {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// The client a record is about, from its create op (records never move to another client).
    fn client_of(&mut self, entity: Entity, id: &str, op: &WireOp) -> Result<Option<String>> {
        if entity == Entity::Client {
            return Ok(Some(id.to_owned()));
        }
        let created = |h: &History| h.iter().find(|(_, k, _)| k == "create").map(|(_, _, p)| p.clone());
        let payload =
            if op.kind == "create" { Some(op.payload.clone()) } else { created(self.history(entity, id)?) };
        let Some(p) = payload else { return Ok(None) };
        if entity == Entity::ReferralEvent {
            let Some(referral) = text(field(&p, "referral_id")) else { return Ok(None) };
            return Ok(created(self.history(Entity::Referral, &referral)?)
                .and_then(|r| text(field(&r, "client_id"))));
        }
        Ok(text(field(&p, "client_id")))
    }

    /// Whether a client was in a caseworker's scope at `hlc`: on their caseload, or shared with them or
    /// their team then.
    fn caseworker_may(&mut self, client: &str, user: &str, team: Option<&str>, hlc: &str) -> Result<bool> {
        let c = self.record_before(Entity::Client, client, hlc)?;
        if c.as_ref().and_then(|c| text(field(c, "caseworker_id"))).as_deref() == Some(user) {
            return Ok(true);
        }
        let shares: Vec<String> = {
            let mut st = self.conn.prepare_cached(
                "SELECT entity_id FROM main.ops WHERE entity_n = :e AND kind_n = :create
                 AND json_extract(op_json(payload), '$.client_id') = :c",
            )?;
            ids(st.query(named_params! {
                ":e": Entity::ClientShare.number(), ":create": OpKind::Create.number(), ":c": client,
            })?)?
        };
        let day = stamp_day(hlc);
        for s in shares {
            let Some(rec) = self.record_before(Entity::ClientShare, &s, hlc)? else { continue };
            let to_me = text(field(&rec, "user_id")).as_deref() == Some(user)
                || (team.is_some() && text(field(&rec, "team_id")).as_deref() == team);
            let current = text(field(&rec, "ends_on"))
                .is_none_or(|end| day.as_deref().is_none_or(|d| end.as_str() > d))
                && field(&rec, "archived_at").is_none_or(Value::is_null);
            if to_me && current {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether a client was linked to a mentor at `hlc`.
    fn mentor_may(&mut self, client: &str, mentor: &str, hlc: &str) -> Result<bool> {
        let links: Vec<String> = {
            let mut st = self.conn.prepare_cached(
                "SELECT entity_id FROM main.ops WHERE entity_n = :e AND kind_n = :create
                 AND json_extract(op_json(payload), '$.client_id') = :c AND json_extract(op_json(payload), '$.mentor_id') = :m",
            )?;
            ids(st.query(named_params! {
                ":e": Entity::MentorLink.number(), ":create": OpKind::Create.number(), ":c": client, ":m": mentor,
            })?)?
        };
        let day = stamp_day(hlc);
        for l in links {
            let Some(rec) = self.record_before(Entity::MentorLink, &l, hlc)? else { continue };
            let current = text(field(&rec, "ends_on"))
                .is_none_or(|end| day.as_deref().is_none_or(|d| end.as_str() > d))
                && field(&rec, "archived_at").is_none_or(Value::is_null);
            if current {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The organisation's founding transaction: the organisation record is made on its first computer
    /// by its first manager, just before their own records; those first ops are theirs.
    fn founding(&mut self) -> Result<Option<(String, String, String)>> {
        if let Some(f) = &self.founding {
            return Ok(f.clone());
        }
        let org: Option<(String, String)> = self
            .conn
            .query_row(
                &format!(
                    "SELECT od.id, oa.id FROM {} WHERE o.entity_n = {} AND o.kind_n = {} ORDER BY o.hlc LIMIT 1",
                    crate::oplog::OPS,
                    Entity::Organisation.number(),
                    OpKind::Create.number()
                ),
                [],
                |r| Ok((r.get::<_, crate::ids::IdText>(0)?.0, r.get::<_, crate::ids::IdText>(1)?.0)),
            )
            .optional()?;
        let f = match org {
            None => None,
            Some((device, author)) => {
                let created = |e: Entity, id: &str| -> Result<Option<String>> {
                    Ok(self
                        .conn
                        .query_row(
                            "SELECT min(hlc) FROM main.ops WHERE entity_n = :e AND entity_id = :id AND kind_n = :create",
                            named_params! {
                                ":e": e.number(), ":id": crate::oplog::key(id)?, ":create": OpKind::Create.number(),
                            },
                            |r| r.get::<_, Option<crate::hlc::Hlc>>(0),
                        )
                        .optional()?
                        .flatten()
                        .map(|h| h.to_string()))
                };
                let until = created(Entity::User, &author)?.max(created(Entity::Device, &device)?);
                until.map(|u| (device, author, u))
            }
        };
        self.founding = Some(f.clone());
        Ok(f)
    }

    /// Checks one op; on refusal, says in words what kind of change it was.
    pub(crate) fn check(&mut self, op: &WireOp) -> Result<std::result::Result<(), String>> {
        let entity = Entity::from_code(&op.entity)?;
        let author = op.author_id.to_string();
        let device = op.device_id.to_string();
        if let Some((d, a, until)) = self.founding()? {
            if d == device && a == author && op.hlc <= until {
                return Ok(Ok(()));
            }
        }
        let who = self.user_at(&author, &op.hlc)?;
        let Some(role) = who.role.filter(|_| who.exists && !who.archived) else {
            return Ok(Err("a change by someone who was not a current user then".into()));
        };
        if !self.bound(&device, &author, &op.hlc)? {
            return Ok(Err("a change by someone who may not use that computer".into()));
        }
        let actor = Actor {
            user_id: op.author_id,
            role,
            mentor_id: who.mentor.as_deref().and_then(|m| m.parse().ok()),
        };
        if op.kind == "redact" && role != Role::Manager {
            return Ok(Err("erasing a person's details".into()));
        }
        if op.kind == "resolve" && role == Role::PeerMentor {
            return Ok(Err("settling a conflict".into()));
        }
        // A device records its own keys, and its claim on the invitation it joined with, whoever
        // unlocked it.
        let own_keys = entity == Entity::Device
            && op.entity_id == device
            && op.kind == "set"
            && op.payload.keys().all(|k| k == "public_key" || k == "recipient" || k == "claim");
        if !own_keys {
            if let Err(Error::Forbidden { action }) = crate::authz::write(&actor, entity) {
                return Ok(Err(action.to_owned()));
            }
            let fields = op.payload.keys().map(String::as_str);
            if let Err(Error::Forbidden { action }) = crate::authz::write_fields(&actor, entity, fields) {
                return Ok(Err(action.to_owned()));
            }
        }
        if entity == Entity::PeerMentor
            && role == Role::PeerMentor
            && who.mentor.as_deref() != Some(op.entity_id.as_str())
        {
            return Ok(Err("a change to another peer mentor's record".into()));
        }
        if !crate::scope::about_clients(entity) || role == Role::Manager {
            return Ok(Ok(()));
        }
        let Some(client) = self.client_of(entity, &op.entity_id, op)? else {
            // A task about nobody in particular.
            return Ok(Ok(()));
        };
        match role {
            Role::Caseworker => {
                if entity == Entity::Client {
                    let before = self.record_before(Entity::Client, &client, &op.hlc)?;
                    let moves = ["caseworker_id", "team_id"].iter().any(|f| {
                        op.payload.get(*f).is_some_and(|v| before.as_ref().and_then(|b| b.get(*f)) != Some(v))
                    });
                    if op.kind == "create" {
                        if text(op.payload.get("caseworker_id")).as_deref() != Some(author.as_str()) {
                            return Ok(Err("putting a client on someone else's caseload".into()));
                        }
                        return Ok(Ok(()));
                    }
                    if moves {
                        return Ok(Err("moving a client to another caseworker or team".into()));
                    }
                }
                if self.caseworker_may(&client, &author, who.team.as_deref(), &op.hlc)? {
                    Ok(Ok(()))
                } else {
                    Ok(Err("a change to a client who was not on their caseload or shared with them".into()))
                }
            }
            Role::PeerMentor => {
                let Some(mentor) = who.mentor.as_deref() else {
                    return Ok(Err("a change by a peer mentor with no mentor record".into()));
                };
                if self.mentor_may(&client, mentor, &op.hlc)? {
                    Ok(Ok(()))
                } else {
                    Ok(Err("a change to someone not linked to them".into()))
                }
            }
            Role::Manager => Ok(Ok(())),
        }
    }
}

static EMPTY: History = Vec::new();

/// The London day of a clock stamp, as `YYYY-MM-DD` (links and shares end by date).
fn stamp_day(hlc: &str) -> Option<String> {
    let ms: i64 = hlc.get(..15)?.parse().ok()?;
    Some(crate::time::Timestamp::from_unix(ms / 1000).london_date().to_string())
}

/// The role of a device's owner now (for the relay rule).
pub(crate) fn owner_role(conn: &Connection, device: &str) -> Result<Option<Role>> {
    let role: Option<String> = conn
        .prepare_cached(
            "SELECT u.role FROM main.devices d JOIN main.users u ON u.id = d.user_id WHERE d.id = :d",
        )?
        .query_row(named_params! {":d": crate::ids::key(device)?}, |r| r.get(0))
        .optional()?;
    role.map(|r| r.parse()).transpose()
}
