//! The caseworker's day: what the Today screen shows, in one call.
//!
//! Everything here is a list a caseworker acts on: appointments coming up, past appointments with no
//! outcome, referrals waiting more than 14 days, people released in the last 14 days with no health
//! appointment booked (the highest-risk group), follow-ups due, and everyone in their first 14 days
//! after release with their pathway's progress. Appointments nobody is going with are in
//! [`crate::calendar`]'s "needs attention". Each list is limited to what fits a screen, with the full
//! count beside it.

use chrono::Days;
use rusqlite::ToSql;
use serde::Serialize;

use crate::Result;
use crate::entity::{Entity, select_list};
use crate::enums::{GpStatus, RiskFlag, Role};
use crate::ids::ClientId;
use crate::model::appointments::Appointment;
use crate::model::clients::Client;
use crate::model::referrals::{ReferralFilter, ReferralRow};
use crate::model::tasks::Task;
use crate::model::{Page, count, decode};
use crate::store::Reader;
use crate::time::{Date, Timestamp};

/// An appointment with the names a person needs to see beside it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct AgendaItem {
    /// The appointment.
    pub appointment: Appointment,
    /// The client's name as shown.
    pub client_name: String,
    /// Who is planned to go (a caseworker's or mentor's name), if anyone.
    pub companion_name: Option<String>,
}

/// A person released without a health appointment, with their name as shown.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct NamedClient {
    /// What the list shows of them.
    pub client: ReleasedClient,
    /// Their name as shown.
    pub name: String,
}

/// What Today's list of people released without a health appointment shows of each, and no more:
/// their whole record (contact details, NHS number, equality data) stays out of a list the page
/// only reads these from, and a manager's Today sends a sixth less.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ReleasedClient {
    /// Who.
    pub id: ClientId,
    /// When they were released.
    pub actual_release_date: Option<Date>,
    /// Whether they have a GP.
    pub gp_status: GpStatus,
    /// Their risk flags.
    pub risk_flags: Vec<RiskFlag>,
}

impl From<Client> for NamedClient {
    fn from(c: Client) -> Self {
        NamedClient {
            name: c.fields.display_name(),
            client: ReleasedClient {
                id: c.id,
                actual_release_date: c.fields.actual_release_date,
                gp_status: c.fields.gp_status,
                risk_flags: c.fields.risk_flags,
            },
        }
    }
}

/// A list and how many there are in all.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Counted<T> {
    /// The first items.
    pub items: Vec<T>,
    /// How many in all.
    #[ts(type = "number")]
    pub total: u64,
}

/// A referral with its client's name.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct NamedReferral {
    /// The referral.
    pub referral: ReferralRow,
    /// The client's name.
    pub client_name: String,
}

/// A task with its client's name.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct NamedTask {
    /// The task.
    pub task: Task,
    /// The client's name, if it is about a client.
    pub client_name: Option<String>,
}

/// Someone in their first 14 days after release, and their pathway.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct FirstDays {
    /// The client.
    pub client_id: crate::ids::ClientId,
    /// Their name as shown.
    pub name: String,
    /// The pathway's steps and progress.
    pub pathway: crate::model::custody::Pathway,
}

/// The Today screen.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Today {
    /// The day (London).
    pub date: Date,
    /// The figures at a glance.
    pub figures: crate::overview::Figures,
    /// Appointments today.
    pub today: Counted<AgendaItem>,
    /// Appointments in the next 7 days after today.
    pub this_week: Counted<AgendaItem>,
    /// Past appointments whose outcome is not recorded, oldest first.
    pub awaiting_outcome: Counted<AgendaItem>,
    /// Referrals waiting more than 14 days.
    pub referrals_waiting: Counted<NamedReferral>,
    /// Released in the last 14 days with no health appointment booked since.
    pub released_without_appointment: Counted<NamedClient>,
    /// Follow-ups due today or earlier.
    pub tasks_due: Counted<NamedTask>,
    /// People in their first 14 days after release, the most recently released last, with their
    /// pathway.
    pub first_days: Counted<FirstDays>,
}

/// How many of each list Today shows (its heading says how many there are in all; the full lists
/// are on their own screens). A manager's Today at 100,000 clients with 50 of each was 340 KB to
/// send and most of the time from unlocking to Today on screen.
const LIMIT: i64 = 20;

/// A client's name as shown, reading only the name's columns.
fn client_name(r: &Reader<'_>, id: &str) -> Result<String> {
    let (preferred, given, family): (Option<String>, Option<String>, Option<String>) = r
        .conn()?
        .prepare_cached("SELECT preferred_name, given_name, family_name FROM clients WHERE id = :id")?
        .query_row(&[(":id", &crate::ids::key(id)? as &dyn ToSql)][..], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?;
    Ok(crate::model::clients::display_name(preferred.as_deref(), given.as_deref(), family.as_deref()))
}

fn agenda(
    r: &Reader<'_>,
    where_sql: &str,
    order: &str,
    params: &[(&str, &dyn ToSql)],
) -> Result<Counted<AgendaItem>> {
    agenda_limited(r, where_sql, order, params, LIMIT)
}

/// Appointments (aliased `a`) matching `where_sql`, at most `limit` of them, with the names beside
/// them, and how many match in all.
pub(crate) fn agenda_limited(
    r: &Reader<'_>,
    where_sql: &str,
    order: &str,
    params: &[(&str, &dyn ToSql)],
    limit: i64,
) -> Result<Counted<AgendaItem>> {
    let total = count(r, &format!("SELECT count(*) FROM appointments a {where_sql}"), params)?;
    Ok(Counted { items: agenda_rows(r, where_sql, order, params, limit)?, total })
}

/// The first `limit` appointments (aliased `a`) matching `where_sql`, with the names beside them.
fn agenda_rows(
    r: &Reader<'_>,
    where_sql: &str,
    order: &str,
    params: &[(&str, &dyn ToSql)],
    limit: i64,
) -> Result<Vec<AgendaItem>> {
    let cols: Vec<String> = select_list(Entity::Appointment).split(", ").map(|c| format!("a.{c}")).collect();
    let sql = format!(
        "SELECT {}, coalesce(u.display_name, m.display_name) FROM appointments a
         LEFT JOIN users u ON u.id = a.planned_user_id LEFT JOIN peer_mentors m ON m.id = a.planned_mentor_id
         {where_sql} ORDER BY {} LIMIT {limit}",
        cols.join(", "),
        crate::scope::order_for(r.scope_is_short()?, order)
    );
    let mut st = r.conn()?.prepare_cached(&sql)?;
    let mut rows = st.query(params)?;
    let n = Entity::Appointment.columns().len() + 1;
    let mut items = Vec::new();
    while let Some(row) = rows.next()? {
        let appointment: Appointment = decode(Entity::Appointment, row)?;
        let companion_name: Option<String> = row.get(n)?;
        items.push((appointment, companion_name));
    }
    drop(rows);
    items
        .into_iter()
        .map(|(appointment, companion_name)| {
            Ok(AgendaItem {
                client_name: client_name(r, &appointment.fields.client_id.to_string())?,
                appointment,
                companion_name,
            })
        })
        .collect()
}

impl Reader<'_> {
    /// The Today screen for `today`, as the acting user should see it. Their scope decides whose
    /// appointments, referrals and releases appear (a manager: everyone's; a caseworker: their
    /// caseload and the clients shared with them; a peer mentor: the people linked to them). Tasks
    /// due are the user's own, or everyone's for a manager; a peer mentor has none.
    pub fn today(&self, today: Date) -> Result<Today> {
        crate::authz::read(self.actor, Entity::Appointment)?;
        let start = Timestamp::london_midnight(today).to_string();
        let tomorrow =
            Timestamp::london_midnight(today.checked_add_days(Days::new(1)).unwrap_or(today)).to_string();
        let week_end =
            Timestamp::london_midnight(today.checked_add_days(Days::new(8)).unwrap_or(today)).to_string();
        let now = Timestamp::now().to_string();
        let fortnight = today.checked_sub_days(Days::new(14)).unwrap_or(today);
        let live = "a.archived_at IS NULL AND a.rescheduled_to IS NULL AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider')";
        let today_list = agenda(
            self,
            &format!("WHERE {live} AND a.starts_at >= :start AND a.starts_at < :tomorrow"),
            "a.starts_at",
            &[(":start", &start), (":tomorrow", &tomorrow)],
        )?;
        let week = agenda(
            self,
            &format!("WHERE {live} AND a.starts_at >= :tomorrow AND a.starts_at < :end"),
            "a.starts_at",
            &[(":tomorrow", &tomorrow), (":end", &week_end)],
        )?;
        // The figures count some of the lists below: each is counted once, at the same moment.
        let figures = self.figures_at(today, &now)?;
        let awaiting = Counted {
            items: agenda_rows(
                self,
                &format!("WHERE {}", crate::overview::AWAITING_OUTCOME),
                "a.starts_at DESC",
                &[(":now", &now)],
                LIMIT,
            )?,
            total: figures.awaiting_outcome,
        };
        let role = self.actor.role;
        let mut referrals = Counted { items: Vec::new(), total: 0 };
        if crate::scope::can_see(role, Entity::Referral) {
            let waiting = self.referrals(
                &ReferralFilter { waiting_days: Some(14), today: Some(today), ..Default::default() },
                Page { offset: 0, limit: LIMIT as u32 },
            )?;
            referrals.total = waiting.total;
            for row in waiting.items {
                referrals.items.push(NamedReferral { client_name: row.client_name.clone(), referral: row });
            }
        }
        let released_where = format!("WHERE {}", crate::overview::RELEASED_WITHOUT_APPOINTMENT);
        let p: Vec<(&str, &dyn ToSql)> = vec![(":from", &fortnight), (":today", &today)];
        let released_total = count(self, &format!("SELECT count(*) FROM clients c {released_where}"), &p)?;
        let cols: Vec<String> = select_list(Entity::Client).split(", ").map(|c| format!("c.{c}")).collect();
        let sql = format!(
            "SELECT {} FROM clients c {released_where} ORDER BY c.actual_release_date, c.id LIMIT {LIMIT}",
            cols.join(", ")
        );
        let released: Vec<Client> = crate::model::query_all(self, Entity::Client, &sql, &p)?;
        let released = released.into_iter().map(NamedClient::from).collect();
        let mut first_days = Counted { items: Vec::new(), total: 0 };
        if crate::scope::can_see(role, Entity::Task) {
            let from = today.checked_sub_days(Days::new(13)).unwrap_or(today);
            let fd_where = "WHERE c.archived_at IS NULL AND c.actual_release_date >= :from
                AND c.actual_release_date <= :today AND c.justice_status IS NOT 'in_custody'";
            let p: Vec<(&str, &dyn ToSql)> = vec![(":from", &from), (":today", &today)];
            first_days.total = count(self, &format!("SELECT count(*) FROM clients c {fd_where}"), &p)?;
            let sql = format!(
                "SELECT {} FROM clients c {fd_where} ORDER BY c.actual_release_date, c.id LIMIT {LIMIT}",
                cols.join(", ")
            );
            let people: Vec<Client> = crate::model::query_all(self, Entity::Client, &sql, &p)?;
            for c in people {
                if let Some(pathway) = self.pathway(c.id, today)? {
                    first_days.items.push(FirstDays {
                        client_id: c.id,
                        name: c.fields.display_name(),
                        pathway,
                    });
                }
            }
        }
        let mut tasks_due = Counted { items: Vec::new(), total: 0 };
        if crate::scope::can_see(role, Entity::Task) {
            let mine = (role != Role::Manager).then_some(self.actor.user_id);
            let filter = crate::model::tasks::TaskFilter {
                assignee_id: mine,
                due_by: Some(today),
                ..Default::default()
            };
            let page = Page { offset: 0, limit: LIMIT as u32 };
            // A manager's tasks due are everyone's: the figure already counts them.
            let items = if mine.is_none() {
                tasks_due.total = figures.tasks_due;
                self.task_items(&filter, page)?
            } else {
                let tasks = self.tasks(&filter, page)?;
                tasks_due.total = tasks.total;
                tasks.items
            };
            for t in items {
                let client_name = match t.fields.client_id {
                    Some(c) => Some(client_name(self, &c.to_string())?),
                    None => None,
                };
                tasks_due.items.push(NamedTask { task: t, client_name });
            }
        }
        Ok(Today {
            date: today,
            figures,
            today: today_list,
            this_week: week,
            awaiting_outcome: awaiting,
            referrals_waiting: referrals,
            released_without_appointment: Counted { items: released, total: released_total },
            tasks_due,
            first_days,
        })
    }
}
