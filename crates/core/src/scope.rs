//! Who may see what: the acting user's scope, applied to every query by construction.
//!
//! When a reader or a transaction starts for a user, core computes their scope once: the clients they
//! may see (a manager: everyone; a caseworker: their own caseload and the clients shared with them or
//! their team; a peer mentor: the clients linked to them now) into a temporary table, and the fields
//! hidden from them from each column's class ([`crate::classes`]). The scope is then laid over the
//! database as temporary views named exactly like the record tables (`clients`, `appointments`, …).
//! SQLite resolves an unqualified table name to the temporary schema first, so every query core
//! writes, today's and tomorrow's, reads only the rows and fields its user may see: a query cannot
//! forget the scope because it never names anything else. The write path and the sync machinery,
//! which must see the whole record, name the real tables as `main.<table>`.
//!
//! How a view tests "in scope" depends on how many clients the scope holds. For a caseload (a few
//! hundred people at most) `client_id IN (…)` lets SQLite look each person's rows up in turn, which
//! is quickest. For a scope of thousands, looking up every person costs more than reading the rows a
//! screen wants (today's appointments, the referrals waiting) and testing each, so past
//! [`WIDE_SCOPE`] clients the views test with a correlated `EXISTS`, which SQLite cannot turn into a
//! loop over the scope. Both say the same thing; only the speed differs.
//!
//! A `Reader` can reach its connection only through [`crate::store::Reader::conn`], which first makes
//! sure the scope laid over the connection is its own user's, so readers for different users can be
//! used in turn safely.

use std::cell::RefCell;

use rusqlite::{Connection, named_params};

use crate::Result;
use crate::classes::{ACCOMPANIMENT_RISKS, FieldClass, visible_to};
use crate::entity::{Col, ColType, Entity};
use crate::enums::{ClosedSet, Role};
use crate::ids::UserId;
use crate::store::Actor;
use crate::time::{Date, today_london};

/// Which scope is laid over a connection now.
#[derive(Debug, Default)]
pub(crate) struct ScopeState {
    /// The role the views were made for.
    role: Option<Role>,
    /// The user the scope tables were filled for, and on which day (links and shares end by date).
    filled_for: Option<(UserId, Date)>,
    /// Whether the views test the scope row by row (a scope of more than [`WIDE_SCOPE`] clients).
    wide: bool,
}

/// Past this many clients a scope is tested row by row rather than looked up person by person.
pub(crate) const WIDE_SCOPE: i64 = 2000;

impl ScopeState {
    /// Forgets the filled scope: the next read computes it again (after a write that may move a client
    /// into or out of someone's scope, or a rollback that undid the temporary tables).
    pub(crate) fn stale(&mut self) {
        self.filled_for = None;
    }

    /// Whether the views test the scope row by row (more than [`WIDE_SCOPE`] clients).
    pub(crate) fn is_wide(&self) -> bool {
        self.wide
    }

    /// Forgets everything, views included.
    pub(crate) fn reset(&mut self) {
        *self = ScopeState::default();
    }
}

/// Which rows of a table a role sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rows {
    All,
    Nothing,
    /// The clients in scope.
    Clients,
    /// Rows about a client in scope.
    ByClient,
    /// Steps of a referral about a client in scope.
    ByReferral,
    /// Tasks about a client in scope, and the user's own tasks about nobody in particular.
    Tasks,
    /// The peer mentor's own mentor record.
    OwnMentor,
    /// The peer mentor's own current links.
    OwnLinks,
}

fn rows(role: Role, entity: Entity) -> Rows {
    use Entity::*;
    // The organisation's keys are sync's own business: nobody reads them as records.
    if entity == OrgKey {
        return Rows::Nothing;
    }
    match role {
        Role::Manager => Rows::All,
        Role::Caseworker => match entity {
            Client => Rows::Clients,
            Episode | CustodyEpisode | Appointment | Referral | SupportContact | MentorLink | ClientShare
            | Measure | Consent => Rows::ByClient,
            ReferralEvent => Rows::ByReferral,
            // Merges join two records, one of which may be outside the caseload: a manager's work.
            ClientMerge | RetentionReview => Rows::Nothing,
            Task => Rows::Tasks,
            Organisation | Team | PeerMentor | User | Device | DeviceUser | Service => Rows::All,
            OrgKey => Rows::Nothing,
        },
        Role::PeerMentor => match entity {
            Client => Rows::Clients,
            Appointment => Rows::ByClient,
            MentorLink => Rows::OwnLinks,
            PeerMentor => Rows::OwnMentor,
            Organisation | Team | User | Device | DeviceUser | Service => Rows::All,
            OrgKey => Rows::Nothing,
            Episode | CustodyEpisode | Referral | ReferralEvent | SupportContact | Task | ClientShare
            | Measure | ClientMerge | Consent | RetentionReview => Rows::Nothing,
        },
    }
}

/// Whether a table holds facts about clients (its fields are hidden by class); the others (staff,
/// mentors, devices, services) are filtered by row only.
pub(crate) fn about_clients(entity: Entity) -> bool {
    use Entity::*;
    matches!(
        entity,
        Client
            | Episode
            | CustodyEpisode
            | Appointment
            | Referral
            | ReferralEvent
            | SupportContact
            | Task
            | MentorLink
            | ClientShare
            | Measure
            | ClientMerge
            | Consent
            | RetentionReview
    )
}

/// Whether `role` may see any record of this kind at all.
pub fn can_see(role: Role, entity: Entity) -> bool {
    rows(role, entity) != Rows::Nothing
}

/// The fields of a record kind hidden from a role (they read as empty).
pub fn hidden_fields(role: Role, entity: Entity) -> Vec<&'static str> {
    if !about_clients(entity) {
        return Vec::new();
    }
    entity.columns().iter().filter(|c| !visible_to(role, c.class)).map(|c| c.name).collect()
}

/// What a hidden field reads as: empty, or for a field that must hold something, its "not known".
fn hidden_value(entity: Entity, col: &Col) -> &'static str {
    match (entity, col.name, col.ty) {
        (_, _, ColType::List) => "'[]'",
        (Entity::Client, "justice_status" | "gp_status", _) => "'unknown'",
        _ => "NULL",
    }
}

/// The same, as a field's value (for the ops sent to a peer mentor's own computer).
pub(crate) fn hidden_json(entity: Entity, col: &Col) -> serde_json::Value {
    match hidden_value(entity, col) {
        "'[]'" => serde_json::Value::Array(Vec::new()),
        "'unknown'" => serde_json::Value::String("unknown".into()),
        _ => serde_json::Value::Null,
    }
}

fn column_sql(role: Role, entity: Entity, col: &Col) -> String {
    if !about_clients(entity) || (visible_to(role, col.class) && role != Role::PeerMentor) {
        return format!("base.{0} AS {0}", col.name);
    }
    if !visible_to(role, col.class) {
        return format!("{} AS {}", hidden_value(entity, col), col.name);
    }
    if col.class == FieldClass::Safety && col.ty == ColType::List {
        // Only the risks that concern whoever goes with the person.
        let codes: Vec<String> = ACCOMPANIMENT_RISKS.iter().map(|r| format!("'{}'", r.code())).collect();
        return format!(
            "(SELECT json_group_array(value) FROM json_each(base.{0}) WHERE value IN ({1})) AS {0}",
            col.name,
            codes.join(", ")
        );
    }
    format!("base.{0} AS {0}", col.name)
}

/// `column`'s client is in scope.
fn in_scope(column: &str, wide: bool) -> String {
    if wide {
        format!("EXISTS (SELECT 1 FROM temp.scope_clients s WHERE s.id = {column})")
    } else {
        format!("{column} IN (SELECT id FROM temp.scope_clients)")
    }
}

fn view_sql(role: Role, entity: Entity, wide: bool) -> String {
    let mut cols = Vec::new();
    if entity == Entity::Client {
        cols.push("base.rid AS rid".to_owned());
    }
    cols.push("base.id AS id".to_owned());
    cols.extend(entity.columns().iter().chain(entity.derived()).map(|c| column_sql(role, entity, c)));
    let filter = match rows(role, entity) {
        Rows::All => String::new(),
        Rows::Nothing => " WHERE 0".to_owned(),
        Rows::Clients => format!(" WHERE {}", in_scope("base.id", wide)),
        Rows::ByClient => format!(" WHERE {}", in_scope("base.client_id", wide)),
        // Looked up per step through the referral's key, not by listing every referral in scope.
        Rows::ByReferral => format!(
            " WHERE EXISTS (SELECT 1 FROM main.referrals r WHERE r.id = base.referral_id AND {})",
            in_scope("r.client_id", wide)
        ),
        Rows::Tasks => format!(
            " WHERE {} OR (base.client_id IS NULL AND base.assignee_id = (SELECT user_id FROM temp.scope_actor))",
            in_scope("base.client_id", wide)
        ),
        Rows::OwnMentor => " WHERE base.id = (SELECT mentor_id FROM temp.scope_actor)".to_owned(),
        Rows::OwnLinks => format!(
            " WHERE base.mentor_id = (SELECT mentor_id FROM temp.scope_actor) AND {}",
            in_scope("base.client_id", wide)
        ),
    };
    format!(
        "CREATE TEMP VIEW {table} AS SELECT {cols} FROM main.{table} AS base{filter}",
        table = entity.table(),
        cols = cols.join(", ")
    )
}

/// Makes the scope's tables, if they are not there yet.
fn create_tables(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS scope_actor (user_id BLOB, role TEXT, mentor_id BLOB, team_id BLOB);
         CREATE TEMP TABLE IF NOT EXISTS scope_clients (id BLOB PRIMARY KEY NOT NULL) WITHOUT ROWID;",
    )?;
    Ok(())
}

/// Lays the views for `role` over the connection.
fn install_views(conn: &Connection, role: Role, wide: bool) -> Result<()> {
    let mut sql = String::new();
    for e in Entity::ALL {
        sql.push_str(&format!("DROP VIEW IF EXISTS temp.{};\n{};\n", e.table(), view_sql(role, *e, wide)));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// Computes the user's clients into the scope table.
fn fill(conn: &Connection, actor: &Actor, today: Date) -> Result<()> {
    conn.prepare_cached("DELETE FROM temp.scope_actor")?.execute([])?;
    conn.prepare_cached(
        "INSERT INTO temp.scope_actor (user_id, role, mentor_id, team_id)
         VALUES (:u, :role, :m, (SELECT team_id FROM main.users WHERE id = :u))",
    )?
    .execute(named_params! {":u": actor.user_id, ":role": actor.role.code(), ":m": actor.mentor_id})?;
    conn.prepare_cached("DELETE FROM temp.scope_clients")?.execute([])?;
    match actor.role {
        Role::Manager => {}
        Role::Caseworker => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO temp.scope_clients (id)
                 SELECT id FROM main.clients WHERE caseworker_id = :u
                 UNION SELECT s.client_id FROM main.client_shares s
                   WHERE s.archived_at IS NULL AND (s.ends_on IS NULL OR s.ends_on > :today)
                     AND (s.user_id = :u OR s.team_id = (SELECT team_id FROM temp.scope_actor))",
            )?
            .execute(named_params! {":u": actor.user_id, ":today": today})?;
        }
        Role::PeerMentor => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO temp.scope_clients (id)
                 SELECT client_id FROM main.mentor_links
                 WHERE mentor_id = :m AND archived_at IS NULL AND (ends_on IS NULL OR ends_on > :today)",
            )?
            .execute(named_params! {":m": actor.mentor_id, ":today": today})?;
        }
    }
    Ok(())
}

/// Makes sure the scope over `conn` is `actor`'s, computing it if it is not (or is stale).
pub(crate) fn ensure(conn: &Connection, state: &RefCell<ScopeState>, actor: &Actor) -> Result<()> {
    let today = today_london();
    {
        let s = state.borrow();
        if s.role == Some(actor.role) && s.filled_for == Some((actor.user_id, today)) {
            return Ok(());
        }
    }
    let (role_changed, was_wide) = {
        let s = state.borrow();
        (s.role != Some(actor.role), s.wide)
    };
    // Forget the old scope first, so a failure half-way leaves nothing trusted.
    state.borrow_mut().reset();
    create_tables(conn)?;
    fill(conn, actor, today)?;
    let wide = actor.role != Role::Manager
        && conn
            .prepare_cached("SELECT count(*) FROM temp.scope_clients")?
            .query_row([], |r| r.get::<_, i64>(0))?
            > WIDE_SCOPE;
    if role_changed || wide != was_wide {
        install_views(conn, actor.role, wide)?;
    }
    let mut s = state.borrow_mut();
    s.role = Some(actor.role);
    s.filled_for = Some((actor.user_id, today));
    s.wide = wide;
    Ok(())
}

/// `order` (an `ORDER BY` list) for a query over a short scope: its first term written `+term`.
///
/// SQLite has no statistics here, so for "the first 50 in date order" it prefers walking a date
/// index over the whole organisation and testing each row against the scope, which spares it a
/// sort. For a caseload of a few hundred people among a million that reads almost every row to
/// find a handful. `+` stops the index from giving the order, so SQLite looks each person's rows
/// up and sorts the few it found. A manager's (everyone) or a wide scope keeps the walk, which is
/// right for them.
pub(crate) fn order_for(short: bool, order: &str) -> String {
    if short && !order.starts_with('+') { format!("+{order}") } else { order.to_owned() }
}

/// Lays the row-by-row (`wide`) or person-by-person views over the filled scope. Only for tests.
#[cfg(test)]
pub(crate) fn force_wide(
    conn: &Connection,
    state: &RefCell<ScopeState>,
    role: Role,
    wide: bool,
) -> Result<()> {
    install_views(conn, role, wide)?;
    state.borrow_mut().wide = wide;
    Ok(())
}

/// Whether a write to this record kind may move clients into or out of someone's scope.
pub(crate) fn moves_scope(entity: Entity) -> bool {
    matches!(entity, Entity::Client | Entity::ClientShare | Entity::MentorLink | Entity::User)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_scope_sorts_rather_than_walks() {
        assert_eq!(order_for(true, "a.starts_at DESC, a.id"), "+a.starts_at DESC, a.id");
        assert_eq!(order_for(false, "a.starts_at DESC, a.id"), "a.starts_at DESC, a.id");
        assert_eq!(order_for(true, "+a.starts_at, a.id"), "+a.starts_at, a.id");
    }

    #[test]
    fn every_view_names_the_real_table_and_every_column() {
        for role in Role::ALL {
            for e in Entity::ALL {
                let sql = view_sql(*role, *e, false);
                assert!(sql.contains(&format!("FROM main.{} AS base", e.table())), "{sql}");
                for c in e.columns() {
                    assert!(
                        sql.contains(&format!(" AS {},", c.name))
                            || sql.ends_with(&format!(" AS {}", c.name))
                            || sql.contains(&format!(" AS {} FROM", c.name)),
                        "{} {sql}",
                        c.name
                    );
                }
            }
        }
    }

    /// The two ways a view tests the scope (person by person, or row by row past [`WIDE_SCOPE`]
    /// clients) show exactly the same rows of every table, to each kind of user.
    #[test]
    fn a_wide_scope_shows_the_same_rows_as_a_narrow_one() {
        let (_dir, mut store, manager) = crate::store::test_store();
        let opts = crate::demo::SeedOptions { clients: 150, months: 4, seed: 5, today: today_london() };
        crate::demo::seed(&mut store, &manager, &opts, &mut |_, _| {}).unwrap();
        let users = store.reader(&manager).users(false).unwrap();
        let mut compared = 0;
        for role in [Role::Caseworker, Role::PeerMentor] {
            let u = users.iter().find(|u| u.fields.role == role).unwrap();
            let actor = store.actor(u.id).unwrap();
            let reader = store.reader(&actor);
            let conn = reader.conn().unwrap();
            let in_scope: i64 =
                conn.query_row("SELECT count(*) FROM temp.scope_clients", [], |r| r.get(0)).unwrap();
            assert!(in_scope > 0 && in_scope < 150, "{role:?} sees {in_scope} of 150");
            let rows = |table: &str| -> Vec<Vec<u8>> {
                let mut st = conn.prepare(&format!("SELECT id FROM temp.{table} ORDER BY id")).unwrap();
                st.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
            };
            for e in Entity::ALL {
                install_views(conn, role, false).unwrap();
                let narrow = rows(e.table());
                install_views(conn, role, true).unwrap();
                let wide = rows(e.table());
                assert_eq!(narrow, wide, "{role:?} {}", e.table());
                compared += wide.len();
            }
            install_views(conn, role, false).unwrap();
        }
        assert!(compared > 100, "only {compared} rows compared");
    }

    /// A caseworker's and a peer mentor's screens, which a short scope reads with planner hints
    /// (person by person, sorting what they find), show exactly what they show read row by row.
    #[test]
    fn the_screens_read_the_same_for_a_short_scope_and_a_wide_one() {
        let (_dir, mut store, manager) = crate::store::test_store();
        let today = today_london();
        let opts = crate::demo::SeedOptions { clients: 150, months: 4, seed: 9, today };
        crate::demo::seed(&mut store, &manager, &opts, &mut |_, _| {}).unwrap();
        let users = store.reader(&manager).users(false).unwrap();
        let mut found = 0;
        for role in [Role::Caseworker, Role::PeerMentor] {
            let u = users.iter().find(|u| u.fields.role == role).unwrap();
            let actor = store.actor(u.id).unwrap();
            let reader = store.reader(&actor);
            let read = |wide: bool| {
                reader.force_wide_scope(wide).unwrap();
                assert_eq!(reader.scope_is_short().unwrap(), !wide);
                let searches: Vec<Vec<String>> = ["a", "ma", "smi", "e"]
                    .iter()
                    .map(|q| {
                        let rows = reader.search_clients(q, 20).unwrap();
                        rows.into_iter().map(|r| r.client.id.to_string()).collect()
                    })
                    .collect();
                let services = if can_see(role, Entity::Referral) {
                    reader.service_directory(today).unwrap()
                } else {
                    Vec::new()
                };
                (searches, reader.today(today).unwrap(), reader.needs_attention(today).unwrap(), services)
            };
            let short = read(false);
            let wide = read(true);
            assert_eq!(short, wide, "{role:?}");
            found += short.0.iter().map(Vec::len).sum::<usize>()
                + short.1.today.items.len()
                + short.1.this_week.items.len()
                + short.2.nobody_going.items.len()
                + short.3.iter().map(|s| s.waiting_now as usize).sum::<usize>();
            reader.force_wide_scope(false).unwrap();
        }
        assert!(found > 20, "only {found} rows compared");
    }

    #[test]
    fn a_peer_mentor_sees_no_notes_no_health_and_no_offences() {
        assert!(!can_see(Role::PeerMentor, Entity::SupportContact));
        assert!(!can_see(Role::PeerMentor, Entity::Referral));
        assert!(!can_see(Role::PeerMentor, Entity::CustodyEpisode));
        let hidden = hidden_fields(Role::PeerMentor, Entity::Client);
        for f in ["nhs_number", "date_of_birth", "support_needs", "justice_status", "address", "gender"] {
            assert!(hidden.contains(&f), "{f} should be hidden");
        }
        for f in ["given_name", "preferred_name", "pronouns", "phone", "accompaniment_needs", "risk_flags"] {
            assert!(!hidden.contains(&f), "{f} should be shown");
        }
        assert!(hidden_fields(Role::Caseworker, Entity::Client).is_empty());
        // Kept facts are classed like any field: "booked since release" says they were released.
        let view = view_sql(Role::PeerMentor, Entity::Client, false);
        assert!(view.contains("NULL AS booked_since_release"), "{view}");
        assert!(view_sql(Role::Caseworker, Entity::Client, false).contains("base.booked_since_release AS"));
        assert!(hidden_fields(Role::Manager, Entity::Client).is_empty());
    }
}
