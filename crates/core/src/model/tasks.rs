//! Follow-up tasks: dated things a caseworker must do (after a missed appointment, in the 14 days after
//! release, when a referral goes unanswered, or when a contact set a follow-up date), and tasks a
//! person adds by hand.
//!
//! A task made by a rule says why it exists. The reason is worked out when the task is read, from
//! the appointment, referral or release it follows, rather than stored: it then always names the
//! person as they are called now, and erasing a person leaves no name behind in their tasks.

use serde::{Deserialize, Serialize};

use crate::entity::{Entity, select_list};
use crate::enums::{ClosedSet, TaskKind};
use crate::ids::{AppointmentId, ClientId, ReferralId, TaskId, UserId};
use crate::model::clients::check_user;
use crate::model::{Page, Paged, Stored, Where, count, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::{Date, Timestamp, date_words};
use crate::{Error, Result, validate};

record! {
    /// A follow-up task.
    TaskFields, TaskPatch {
        /// About whom.
        client_id: Option<ClientId>,
        /// Who should do it.
        assignee_id: Option<UserId>,
        /// Why it exists.
        kind: TaskKind,
        /// What to do.
        title: String,
        /// When by.
        due_on: Date,
        /// When it was done.
        done_at: Option<Timestamp>,
        /// The appointment it follows up.
        appointment_id: Option<AppointmentId>,
        /// The referral it chases.
        referral_id: Option<ReferralId>,
    }
}
fields_impl!(TaskFields, TaskPatch, Entity::Task, TaskId);

/// A stored task.
pub type Task = Stored<TaskId, TaskFields>;

impl TaskFields {
    fn check_fields(&mut self, r: &Reader<'_>, _today: Date) -> Result<()> {
        self.title = validate::required_text("title", "A short description of the task", &self.title, 200)?;
        if let Some(c) = self.client_id {
            crate::model::appointments::check_client(r, c)?;
        }
        check_user(r, "assignee_id", self.assignee_id)?;
        Ok(())
    }
}

/// Which tasks to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct TaskFilter {
    /// Assigned to.
    pub assignee_id: Option<UserId>,
    /// About this client.
    pub client_id: Option<ClientId>,
    /// Due on or before.
    pub due_by: Option<Date>,
    /// Include done tasks.
    pub include_done: bool,
}

/// A task as the Tasks screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct TaskRow {
    /// The task.
    pub task: Task,
    /// The client's name, if it is about a client.
    pub client_name: Option<String>,
    /// Who should do it, by name.
    pub assignee_name: Option<String>,
    /// Why a rule made it ("Because Sam did not attend the GP appointment on 3 March 2026."); none
    /// for a task added by hand.
    pub why: Option<String>,
    /// Whether it is past its due date and not done.
    pub overdue: bool,
}

/// What a person fills in to add a task by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct NewTask {
    /// What to do.
    pub title: String,
    /// About whom, if anyone.
    #[serde(default)]
    pub client_id: Option<ClientId>,
    /// Who should do it (the person adding it when empty).
    #[serde(default)]
    pub assignee_id: Option<UserId>,
    /// When by.
    pub due_on: Date,
}

impl TaskFilter {
    /// The filter as SQL conditions on `tasks` (the scope's view of it).
    fn to_where(&self) -> Where {
        let mut w = Where::default();
        w.always("archived_at IS NULL")
            .when("assignee_id = :a", ":a", self.assignee_id)
            .when("client_id = :c", ":c", self.client_id)
            .when("due_on <= :due", ":due", self.due_by);
        if !self.include_done {
            w.always("done_at IS NULL");
        }
        w
    }
}

impl Reader<'_> {
    /// Tasks as the Tasks screen lists them: overdue first (oldest first), then the rest by due date,
    /// then (when asked for) the done ones, most recently done first.
    pub fn task_rows(&self, f: &TaskFilter, page: Page, today: Date) -> Result<Paged<TaskRow>> {
        crate::authz::read(self.actor, Entity::Task)?;
        let w = f.to_where();
        let total = count(self, &format!("SELECT count(*) FROM tasks {}", w.sql()), &w.params(&[]))?;
        // Without the done ones the order is the open-task index's own (migration 0016).
        let order =
            if f.include_done { "done_at IS NOT NULL, due_on, done_at DESC, id" } else { "due_on, id" };
        let sql = format!(
            "SELECT {} FROM tasks {} ORDER BY {order} {limit}",
            select_list(Entity::Task),
            w.sql(),
            limit = page.sql()
        );
        let offset = page.offset();
        let p = w.params(&[(":offset", &offset)]);
        let tasks: Vec<Task> = query_all(self, Entity::Task, &sql, &p)?;
        let mut items = Vec::with_capacity(tasks.len());
        for task in tasks {
            let client = match task.fields.client_id {
                Some(c) => Some(self.client(c)?),
                None => None,
            };
            let assignee_name = match task.fields.assignee_id {
                Some(a) => self.user_name(a)?,
                None => None,
            };
            let why = self.why(&task, client.as_ref())?;
            items.push(TaskRow {
                overdue: task.fields.done_at.is_none() && task.fields.due_on < today,
                client_name: client.map(|c| c.fields.display_name()),
                assignee_name,
                why,
                task,
            });
        }
        Ok(Paged { items, total, page })
    }

    /// Why a rule made a task, in words.
    fn why(&self, task: &Task, client: Option<&crate::model::clients::Client>) -> Result<Option<String>> {
        let first = client
            .and_then(|c| c.fields.preferred_name.clone().or_else(|| c.fields.given_name.clone()))
            .unwrap_or_else(|| "the person".to_owned());
        Ok(match task.fields.kind {
            TaskKind::DnaFollowUp => match task.fields.appointment_id {
                Some(a) => {
                    let a = self.appointment(a)?;
                    Some(format!(
                        "Because {first} did not attend the {} appointment on {}.",
                        a.fields.service_type.label(),
                        date_words(a.fields.starts_at.london_date())
                    ))
                }
                None => Some(format!("Because {first} missed an appointment.")),
            },
            TaskKind::ReferralChase => match task.fields.referral_id {
                Some(r) => {
                    let referral = self.referral(r)?;
                    let to = referral
                        .fields
                        .provider
                        .clone()
                        .unwrap_or_else(|| referral.fields.service_type.label().to_owned());
                    let sent = self
                        .referral_events(r)?
                        .into_iter()
                        .filter(|e| e.fields.status == crate::enums::ReferralStatus::Sent)
                        .map(|e| e.fields.happened_on)
                        .next_back();
                    Some(match sent {
                        Some(on) => format!(
                            "Because the referral to {to} for {first} was sent on {} and there has been no answer in 14 days.",
                            date_words(on)
                        ),
                        None => format!("Because the referral to {to} for {first} has had no answer."),
                    })
                }
                None => Some("Because a referral has had no answer.".to_owned()),
            },
            TaskKind::ReleaseWindow => {
                let on = task.fields.title.rsplit_once("released on ").map(|(_, d)| d.to_owned());
                Some(match on {
                    Some(on) => format!(
                        "Because {first} was released on {on}: this is a step of their first 14 days."
                    ),
                    None => format!("Because {first} was released: this is a step of their first 14 days."),
                })
            }
            TaskKind::ContactFollowUp => {
                Some(format!("Because a contact logged with {first} set this follow-up date."))
            }
            TaskKind::Other => None,
        })
    }

    /// Tasks matching a filter, soonest due first.
    pub fn tasks(&self, f: &TaskFilter, page: Page) -> Result<Paged<Task>> {
        let items = self.task_items(f, page)?;
        let w = f.to_where();
        let total = count(self, &format!("SELECT count(*) FROM tasks {}", w.sql()), &w.params(&[]))?;
        Ok(Paged { items, total, page })
    }

    /// One page of [`Reader::tasks`], without counting them all.
    pub(crate) fn task_items(&self, f: &TaskFilter, page: Page) -> Result<Vec<Task>> {
        crate::authz::read(self.actor, Entity::Task)?;
        let w = f.to_where();
        let sql = format!(
            "SELECT {} FROM tasks {} ORDER BY due_on, id {limit}",
            select_list(Entity::Task),
            w.sql(),
            limit = page.sql()
        );
        let offset = page.offset();
        let p = w.params(&[(":offset", &offset)]);
        query_all(self, Entity::Task, &sql, &p)
    }
}

impl Tx<'_> {
    /// Adds a task.
    pub fn create_task(&mut self, fields: TaskFields) -> Result<Task> {
        self.insert(fields)
    }

    /// Adds a task by hand: for the person adding it unless someone else is named. It may not be due
    /// before today.
    pub fn add_task(&mut self, n: NewTask) -> Result<Task> {
        let today = self.now().london_date();
        if n.due_on < today {
            return Err(Error::invalid("due_on", "A new task cannot be due before today."));
        }
        self.insert(TaskFields {
            client_id: n.client_id,
            assignee_id: n.assignee_id.or(Some(self.actor.user_id)),
            kind: TaskKind::Other,
            title: n.title,
            due_on: n.due_on,
            done_at: None,
            appointment_id: None,
            referral_id: None,
        })
    }

    /// Gives a task to someone else.
    pub fn reassign_task(&mut self, id: TaskId, to: UserId) -> Result<Task> {
        let users = self.reader().users(false)?;
        match users.iter().find(|u| u.id == to) {
            None => {
                return Err(Error::invalid("assignee_id", "That person is not a current user of this app."));
            }
            Some(u) if u.fields.role == crate::enums::Role::PeerMentor => {
                return Err(Error::invalid(
                    "assignee_id",
                    "Tasks go to caseworkers and managers: peer mentors do not see tasks.",
                ));
            }
            Some(_) => {}
        }
        self.update::<TaskFields>(id, TaskPatch { assignee_id: Some(Some(to)), ..Default::default() })
    }

    /// Moves a task's due date; not to a day already gone.
    pub fn reschedule_task(&mut self, id: TaskId, due_on: Date) -> Result<Task> {
        if due_on < self.now().london_date() {
            return Err(Error::invalid("due_on", "Choose today or a later day."));
        }
        self.update::<TaskFields>(id, TaskPatch { due_on: Some(due_on), ..Default::default() })
    }

    /// Marks a task done (or not done again). Ticking off a chase while its referral still has no
    /// answer makes the next chase, 14 days on.
    pub fn complete_task(&mut self, id: TaskId, done: bool) -> Result<Task> {
        let now = self.now();
        let cur = self.reader().get::<TaskFields>(id)?;
        let at = done.then_some(now);
        let task = self
            .update_from::<TaskFields>(cur.clone(), TaskPatch { done_at: Some(at), ..Default::default() })?;
        if done
            && cur.fields.done_at.is_none()
            && task.fields.kind == TaskKind::ReferralChase
            && let Some(rid) = task.fields.referral_id
        {
            let referral = self.reader().referral(rid)?;
            if referral.fields.status == crate::enums::ReferralStatus::Sent {
                self.make_chase(&referral, now.london_date())?;
            }
        }
        Ok(task)
    }

    /// Changes a task.
    pub fn update_task(&mut self, id: TaskId, patch: TaskPatch) -> Result<Task> {
        if patch.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(Error::invalid("title", "A short description of the task is needed."));
        }
        self.update::<TaskFields>(id, patch)
    }
}
