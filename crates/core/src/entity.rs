//! The synced record kinds and their columns.
//!
//! The op log carries fields by name, and the same names are the table's columns, so one generic write
//! path can apply any op to any table and `verify` can rebuild any table from the log. This module is the
//! single list of those names and how each is stored; a test checks it against the live schema so the
//! two cannot drift apart. Field names from outside (a sync bundle) are only ever used after they have
//! been found here, so they cannot inject SQL.

use rusqlite::types::Value as Sql;
use serde_json::{Map, Value};

use crate::{Error, Result};

/// How a column is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// Text (also dates, times, ids, enum codes).
    Text,
    /// Integer.
    Int,
    /// Boolean, stored as 0 or 1.
    Bool,
    /// A JSON array, stored as text.
    List,
}

/// One column.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    /// Column and field name.
    pub name: &'static str,
    /// Storage.
    pub ty: ColType,
    /// Whether the value is about the person (wiped by erasure, never logged).
    pub personal: bool,
}

const fn t(name: &'static str) -> Col {
    Col { name, ty: ColType::Text, personal: false }
}
const fn p(name: &'static str) -> Col {
    Col { name, ty: ColType::Text, personal: true }
}
const fn i(name: &'static str) -> Col {
    Col { name, ty: ColType::Int, personal: false }
}
const fn b(name: &'static str) -> Col {
    Col { name, ty: ColType::Bool, personal: false }
}
const fn l(name: &'static str) -> Col {
    Col { name, ty: ColType::List, personal: false }
}

const STAMPS: [Col; 2] = [t("created_at"), t("archived_at")];

macro_rules! entities {
    ($($variant:ident = $code:literal, $table:literal, $noun:literal, [$($col:expr),* $(,)?];)+) => {
        /// A kind of synced record.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Entity { $(#[doc = $noun] $variant,)+ }

        impl Entity {
            /// Every kind, in an order where references point backwards.
            pub const ALL: &'static [Entity] = &[$(Entity::$variant),+];

            /// Code used in the op log.
            pub fn code(self) -> &'static str { match self { $(Entity::$variant => $code,)+ } }
            /// Table name.
            pub fn table(self) -> &'static str { match self { $(Entity::$variant => $table,)+ } }
            /// The record in words, for messages.
            pub fn noun(self) -> &'static str { match self { $(Entity::$variant => $noun,)+ } }
            /// Columns other than `id` (and the local `rid`), in table order.
            pub fn columns(self) -> &'static [Col] {
                match self { $(Entity::$variant => {
                    const COLS: &[Col] = &[$($col,)* STAMPS[0], STAMPS[1]];
                    COLS
                })+ }
            }
            /// Parses an op-log code.
            pub fn from_code(code: &str) -> Result<Entity> {
                match code { $($code => Ok(Entity::$variant),)+ _ => Err(Error::Corrupt(format!("unknown record kind '{code}'"))) }
            }
        }
    };
}

entities! {
    Organisation = "organisation", "organisations", "organisation", [t("name")];
    Team = "team", "teams", "team", [t("name")];
    PeerMentor = "peer_mentor", "peer_mentors", "peer mentor", [
        p("display_name"), p("phone"), p("email"), l("lived_experience"), t("dbs_checked_on"),
        t("training_completed_on"), t("training_notes"), t("availability"), t("team_id"),
    ];
    User = "user", "users", "user", [p("display_name"), t("role"), p("email"), t("team_id"), t("mentor_id")];
    Device = "device", "devices", "device", [t("name"), t("user_id"), t("public_key")];
    Client = "client", "clients", "client", [
        p("given_name"), p("family_name"), p("preferred_name"), p("date_of_birth"), t("gender"), t("ethnicity"),
        t("disability"), p("pronouns"), p("phone"), p("email"), p("address"), p("postcode"), p("nhs_number"),
        p("prison_number"), p("crn"), t("justice_status"), t("establishment"), t("expected_release_date"),
        t("actual_release_date"), t("licence_end_date"), t("gp_status"), t("gp_practice"), t("gp_registered_on"),
        t("gp_status_changed_on"), l("support_needs"), l("risk_flags"), b("consent_store"),
        b("consent_share_health"), b("consent_share_probation"), t("consent_on"), t("consent_method"),
        t("consent_withdrawn_on"), t("caseworker_id"), t("team_id"),
    ];
    Episode = "episode", "episodes", "episode of support", [t("client_id"), t("opened_on"), t("closed_on"), t("close_reason")];
    CustodyEpisode = "custody_episode", "custody_episodes", "custody episode", [
        t("client_id"), t("kind"), t("establishment"), t("started_on"), t("expected_release_on"), t("released_on"),
    ];
    Service = "service", "services", "service", [
        t("name"), t("service_type"), t("address"), t("phone"), t("email"), t("area"), t("notes"),
    ];
    Appointment = "appointment", "appointments", "appointment", [
        t("client_id"), t("service_type"), t("service_id"), t("provider"), t("place"), t("starts_at"), t("ends_at"),
        t("scheduled_by"), t("planned_accompaniment"), t("planned_user_id"), t("planned_mentor_id"),
        t("actual_accompaniment"), t("actual_user_id"), t("actual_mentor_id"), t("outcome"), t("dna_reason"),
        t("outcome_recorded_at"), t("rescheduled_to"),
    ];
    Referral = "referral", "referrals", "referral", [
        t("client_id"), t("service_type"), t("service_id"), t("provider"), p("reason"), t("status"), t("made_by"),
    ];
    ReferralEvent = "referral_event", "referral_events", "referral step", [
        t("referral_id"), t("status"), t("happened_on"), t("recorded_by"),
    ];
    SupportContact = "support_contact", "support_contacts", "support contact", [
        t("client_id"), t("author_id"), t("contact_on"), t("kind"), i("minutes"), p("summary"), t("follow_up_on"),
        t("supersedes_id"),
    ];
    Task = "task", "tasks", "task", [
        t("client_id"), t("assignee_id"), t("kind"), p("title"), t("due_on"), t("done_at"), t("appointment_id"),
        t("referral_id"),
    ];
    MentorLink = "mentor_link", "mentor_links", "mentor link", [
        t("mentor_id"), t("client_id"), t("starts_on"), t("ends_on"),
    ];
}

impl Entity {
    /// Finds a column by name.
    pub fn column(self, name: &str) -> Result<&'static Col> {
        self.columns()
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| Error::Corrupt(format!("{} has no field '{name}'", self.noun())))
    }
}

/// Converts a field's JSON value to what SQLite stores.
pub fn to_sql(entity: Entity, col: &Col, v: &Value) -> Result<Sql> {
    let wrong = || Error::Corrupt(format!("field {} of a {} has the wrong type", col.name, entity.noun()));
    Ok(match (col.ty, v) {
        (_, Value::Null) => Sql::Null,
        (ColType::Text, Value::String(s)) => Sql::Text(s.clone()),
        (ColType::Int, Value::Number(n)) => Sql::Integer(n.as_i64().ok_or_else(wrong)?),
        (ColType::Bool, Value::Bool(x)) => Sql::Integer(i64::from(*x)),
        (ColType::List, Value::Array(_)) => Sql::Text(v.to_string()),
        _ => return Err(wrong()),
    })
}

/// Converts a stored value back to the field's JSON value.
pub fn from_sql(entity: Entity, col: &Col, v: Sql) -> Result<Value> {
    let wrong =
        || Error::Corrupt(format!("stored field {} of a {} has the wrong type", col.name, entity.noun()));
    Ok(match (col.ty, v) {
        (_, Sql::Null) => Value::Null,
        (ColType::Text, Sql::Text(s)) => Value::String(s),
        (ColType::Int, Sql::Integer(n)) => Value::from(n),
        (ColType::Bool, Sql::Integer(n)) => Value::Bool(n != 0),
        (ColType::List, Sql::Text(s)) => serde_json::from_str(&s).map_err(|_| wrong())?,
        _ => return Err(wrong()),
    })
}

/// Reads one row (selected as `id, <columns…>`) into a JSON object of fields.
pub fn row_to_json(entity: Entity, row: &rusqlite::Row<'_>) -> Result<Map<String, Value>> {
    let mut m = Map::new();
    m.insert("id".into(), Value::String(row.get(0)?));
    for (n, col) in entity.columns().iter().enumerate() {
        let v: Sql = row.get(n + 1)?;
        m.insert(col.name.into(), from_sql(entity, col, v)?);
    }
    Ok(m)
}

/// `id, col1, col2, …` for a SELECT.
pub fn select_list(entity: Entity) -> String {
    let mut s = String::from("id");
    for c in entity.columns() {
        s.push_str(", ");
        s.push_str(c.name);
    }
    s
}
