//! The synced record kinds and their columns.
//!
//! The op log carries fields by name, and the same names are the table's columns, so one generic write
//! path can apply any op to any table and `verify` can rebuild any table from the log. This module is the
//! single list of those names and how each is stored; a test checks it against the live schema so the
//! two cannot drift apart. Field names from outside (a sync bundle) are only ever used after they have
//! been found here, so they cannot inject SQL.

use std::sync::OnceLock;

use rusqlite::types::Value as Sql;
use serde_json::{Map, Value};

use crate::{Error, Result};

/// How a column is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// Text (also dates, times, enum codes).
    Text,
    /// Another record's id: text in a change, its 16 bytes in the table ([`crate::ids`]).
    Id,
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
    /// What kind of fact it holds: decides who sees it, what is audited and exported, and what
    /// erasure blanks ([`FieldClass`]).
    pub class: FieldClass,
}

impl Col {
    /// Whether it says who someone is or how to find them (identity, identifiers, contact, address,
    /// access needs, free text): never logged, and salted in a change's origin signature.
    pub fn personal(&self) -> bool {
        self.class.erased()
    }
}

/// Facts about a person that the monthly figures count, kept when their details are erased so the
/// figures of past months still add up: equality monitoring, the day they registered with a GP, the
/// kind and dates of their time in custody, and the questionnaires' scales and totals. Everything else
/// about their health, offences and risks goes.
const KEPT_FOR_FIGURES: &[(Entity, &str)] = &[
    (Entity::Client, "gender"),
    (Entity::Client, "ethnicity"),
    (Entity::Client, "disability"),
    (Entity::Client, "gp_registered_on"),
    (Entity::CustodyEpisode, "kind"),
    (Entity::CustodyEpisode, "started_on"),
    (Entity::CustodyEpisode, "released_on"),
    (Entity::Measure, "scale"),
    (Entity::Measure, "total"),
];

use crate::classes::FieldClass::{self, *};

const fn t(name: &'static str, class: FieldClass) -> Col {
    Col { name, ty: ColType::Text, class }
}
const fn i(name: &'static str, class: FieldClass) -> Col {
    Col { name, ty: ColType::Int, class }
}
const fn b(name: &'static str, class: FieldClass) -> Col {
    Col { name, ty: ColType::Bool, class }
}
const fn l(name: &'static str, class: FieldClass) -> Col {
    Col { name, ty: ColType::List, class }
}
/// An operational text column (dates, statuses, codes): the most common kind.
const fn o(name: &'static str) -> Col {
    t(name, Operational)
}
/// A reference to another record, by its id.
const fn r(name: &'static str) -> Col {
    Col { name, ty: ColType::Id, class: Operational }
}

const STAMPS: [Col; 2] = [o("created_at"), o("archived_at")];

macro_rules! entities {
    ($($variant:ident = $code:literal # $number:literal, $table:literal, $noun:literal, [$($col:expr),* $(,)?];)+) => {
        /// A kind of synced record.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Entity { $(#[doc = $noun] $variant,)+ }

        impl Entity {
            /// Every kind, in an order where references point backwards.
            pub const ALL: &'static [Entity] = &[$(Entity::$variant),+];

            /// Code used in changes and sync files.
            pub fn code(self) -> &'static str { match self { $(Entity::$variant => $code,)+ } }
            /// The number standing for the kind in the op log (schema 35): fixed for ever, and
            /// never given to another kind.
            pub fn number(self) -> i64 { match self { $(Entity::$variant => $number,)+ } }
            /// The kind a number in the op log stands for.
            pub fn from_number(n: i64) -> Result<Entity> {
                match n { $($number => Ok(Entity::$variant),)+ _ => Err(Error::Corrupt(format!("unknown record kind number {n} in the op log"))) }
            }
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
    Organisation = "organisation" # 1, "organisations", "organisation", [
        o("name"), i("lock_minutes", Operational), l("scales", Operational), i("retention_years", Operational),
    ];
    Team = "team" # 2, "teams", "team", [o("name")];
    PeerMentor = "peer_mentor" # 3, "peer_mentors", "peer mentor", [
        t("display_name", Identity), t("phone", Contact), t("email", Contact), l("lived_experience", Justice),
        o("dbs_checked_on"), o("training_completed_on"), t("training_notes", FreeText),
        t("availability", FreeText), r("team_id"), l("weekly_availability", Operational),
        l("availability_exceptions", Operational), o("travel_area"),
    ];
    User = "user" # 4, "users", "user", [
        t("display_name", Identity), o("role"), t("email", Contact), r("team_id"), r("mentor_id"),
    ];
    Device = "device" # 5, "devices", "device", [
        o("name"), r("user_id"), o("public_key"), r("share_of"), o("recipient"), o("invite_expires_at"),
        o("claim"), o("revoked_at"), i("revoked_after", Operational),
    ];
    Client = "client" # 6, "clients", "client", [
        t("given_name", Identity), t("family_name", Identity), t("preferred_name", Identity),
        t("date_of_birth", Identifier), t("gender", Equality), t("ethnicity", Equality), t("disability", Equality),
        t("pronouns", Identity), t("phone", Contact), t("email", Contact), t("address", Address),
        t("postcode", Address), t("nhs_number", Identifier), t("prison_number", Identifier), t("crn", Identifier),
        t("justice_status", Justice), t("establishment", Justice), t("expected_release_date", Justice),
        t("actual_release_date", Justice), t("licence_end_date", Justice), t("gp_status", Health),
        t("gp_practice", Health), t("gp_registered_on", Health), t("gp_status_changed_on", Health),
        l("support_needs", Health), l("risk_flags", Safety), b("consent_store", Operational),
        b("consent_share_health", Operational), b("consent_share_probation", Operational), o("consent_on"),
        o("consent_method"), o("consent_withdrawn_on"), r("caseworker_id"), r("team_id"),
        t("accompaniment_needs", Accompaniment),
    ];
    Consent = "consent" # 7, "consents", "consent decision", [
        r("client_id"), o("purpose"), b("given", Operational), o("decided_on"), o("method"), r("recorded_by"),
    ];
    RetentionReview = "retention_review" # 8, "retention_reviews", "review of a record past its keeping time", [
        r("client_id"), o("reviewed_on"), t("reason", FreeText), r("reviewed_by"),
    ];
    Episode = "episode" # 9, "episodes", "episode of support", [r("client_id"), o("opened_on"), o("closed_on"), o("close_reason")];
    CustodyEpisode = "custody_episode" # 10, "custody_episodes", "custody episode", [
        r("client_id"), t("kind", Justice), t("establishment", Justice), t("started_on", Justice),
        t("expected_release_on", Justice), t("released_on", Justice),
    ];
    Service = "service" # 11, "services", "service", [
        o("name"), o("service_type"), o("address"), o("phone"), o("email"), o("area"), t("notes", FreeText),
        o("referral_route"), o("closed_on"),
    ];
    Appointment = "appointment" # 12, "appointments", "appointment", [
        r("client_id"), o("service_type"), r("service_id"), o("provider"), o("place"), o("starts_at"), o("ends_at"),
        r("scheduled_by"), o("planned_accompaniment"), r("planned_user_id"), r("planned_mentor_id"),
        o("actual_accompaniment"), r("actual_user_id"), r("actual_mentor_id"), o("outcome"), o("dna_reason"),
        o("outcome_recorded_at"), r("rescheduled_to"),
    ];
    Referral = "referral" # 13, "referrals", "referral", [
        r("client_id"), o("service_type"), r("service_id"), o("provider"), t("reason", FreeText), o("status"),
        r("made_by"),
    ];
    ReferralEvent = "referral_event" # 14, "referral_events", "referral step", [
        r("referral_id"), o("status"), o("happened_on"), r("recorded_by"),
    ];
    SupportContact = "support_contact" # 15, "support_contacts", "support contact", [
        r("client_id"), r("author_id"), o("contact_on"), o("kind"), i("minutes", Operational),
        t("summary", FreeText), o("follow_up_on"), r("supersedes_id"),
    ];
    Task = "task" # 16, "tasks", "task", [
        r("client_id"), r("assignee_id"), o("kind"), t("title", FreeText), o("due_on"), o("done_at"),
        r("appointment_id"), r("referral_id"),
    ];
    MentorLink = "mentor_link" # 17, "mentor_links", "mentor link", [
        r("mentor_id"), r("client_id"), o("starts_on"), o("ends_on"),
    ];
    ClientShare = "client_share" # 18, "client_shares", "share of a client", [
        r("client_id"), r("user_id"), r("team_id"), r("shared_by"), o("starts_on"), o("ends_on"),
    ];
    Measure = "measure" # 19, "measures", "outcome measure", [
        r("client_id"), t("scale", Health), o("taken_on"), l("answers", Health), i("total", Health), r("recorded_by"),
    ];
    ClientMerge = "client_merge" # 20, "client_merges", "merge of two records", [
        r("kept_id"), r("merged_id"), t("kept_before", Identity), l("moved", Operational), r("merged_by"), o("undone_at"),
    ];
    DeviceUser = "device_user" # 21, "device_users", "person who may use a computer", [r("device_id"), r("user_id")];
    OrgKey = "org_key" # 22, "org_keys", "organisation key", [o("recipient"), t("sealed", Secret)];
}

impl Entity {
    /// Columns the database keeps true itself (triggers of migrations 0013, 0015 and 0017), from
    /// other records, so an index can find and sort by them: whether a client's support is open and
    /// whether they have a health appointment booked since release; a referral's last step, first
    /// sending and first appointment.
    /// Core never writes them and sync never carries them; the scope's views show them like any field.
    pub fn derived(self) -> &'static [Col] {
        // Having been released is a justice fact: a peer mentor's view of it reads as empty.
        const CLIENT: &[Col] = &[b("support_open", Operational), b("booked_since_release", Justice)];
        const REFERRAL: &[Col] = &[o("last_step_on"), o("sent_on"), o("first_appointment_on")];
        match self {
            Entity::Client => CLIENT,
            Entity::Referral => REFERRAL,
            _ => &[],
        }
    }

    /// Whether erasing a person blanks this column of their records: everything personal, and every
    /// health, justice, safety and equality fact but those the monthly figures count.
    pub fn erasure_blanks(self, col: &Col) -> bool {
        col.personal()
            || (matches!(col.class, Health | Justice | Safety | Equality)
                && !KEPT_FOR_FIGURES.contains(&(self, col.name)))
    }

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
        (ColType::Id, Value::String(s)) => Sql::Blob(crate::ids::key(s)?.to_vec()),
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
        (ColType::Id, Sql::Blob(b)) => Value::String(crate::oplog::id_text(&b)?),
        (ColType::Int, Sql::Integer(n)) => Value::from(n),
        (ColType::Bool, Sql::Integer(n)) => Value::Bool(n != 0),
        (ColType::List, Sql::Text(s)) => serde_json::from_str(&s).map_err(|_| wrong())?,
        _ => return Err(wrong()),
    })
}

/// Reads one row (selected as `id, <columns…>`) into a JSON object of fields.
pub fn row_to_json(entity: Entity, row: &rusqlite::Row<'_>) -> Result<Map<String, Value>> {
    let mut m = Map::new();
    m.insert("id".into(), Value::String(row.get::<_, crate::ids::IdText>(0)?.0));
    for (n, col) in entity.columns().iter().enumerate() {
        let v: Sql = row.get(n + 1)?;
        m.insert(col.name.into(), from_sql(entity, col, v)?);
    }
    Ok(m)
}

/// Inserts a whole row: its id, then each column's value in [`Entity::columns`] order. One statement
/// for a record kind whichever fields are set (one to prepare and keep, not one for each
/// combination of fields), shared by a local create and by sync.
pub(crate) fn insert_row<'v>(
    conn: &rusqlite::Connection,
    entity: Entity,
    id: &str,
    values: impl IntoIterator<Item = &'v Value>,
) -> Result<()> {
    let cols = entity.columns();
    let mut row = vec![Sql::Blob(crate::ids::key(id)?.to_vec())];
    for (c, v) in cols.iter().zip(values) {
        row.push(to_sql(entity, c, v)?);
    }
    static INSERTS: [OnceLock<String>; KINDS] = [const { OnceLock::new() }; KINDS];
    let sql = INSERTS[entity as usize].get_or_init(|| {
        let marks: Vec<String> = (1..=cols.len() + 1).map(|i| format!("?{i}")).collect();
        format!("INSERT INTO main.{} ({}) VALUES ({})", entity.table(), select_list(entity), marks.join(", "))
    });
    conn.prepare_cached(sql)?.execute(rusqlite::params_from_iter(row))?;
    Ok(())
}

/// `SELECT id, <columns…> FROM main.<table> WHERE id = :id`, made once for each kind.
pub(crate) fn select_row(entity: Entity) -> &'static str {
    static SELECTS: [OnceLock<String>; KINDS] = [const { OnceLock::new() }; KINDS];
    SELECTS[entity as usize]
        .get_or_init(|| format!("SELECT {} FROM main.{} WHERE id = :id", select_list(entity), entity.table()))
}

/// How many kinds of record there are.
const KINDS: usize = Entity::ALL.len();

/// `id, col1, col2, …` for a SELECT, made once for each kind: an import or a seeding asks for it for
/// every record, and building it each time cost about 3% of an import.
pub fn select_list(entity: Entity) -> &'static str {
    static LISTS: [OnceLock<String>; KINDS] = [const { OnceLock::new() }; KINDS];
    LISTS[entity as usize].get_or_init(|| {
        let mut s = String::from("id");
        for c in entity.columns() {
            s.push_str(", ");
            s.push_str(c.name);
        }
        s
    })
}
