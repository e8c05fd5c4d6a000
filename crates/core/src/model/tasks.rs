//! Follow-up tasks: dated things a caseworker must do (after a missed appointment, in the 14 days after
//! release, when a referral goes unanswered, or when a contact set a follow-up date).

use serde::{Deserialize, Serialize};

use crate::entity::{Entity, select_list};
use crate::enums::TaskKind;
use crate::ids::{AppointmentId, ClientId, ReferralId, TaskId, UserId};
use crate::model::clients::check_user;
use crate::model::{Page, Paged, Stored, Where, count, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::{Date, Timestamp};
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

impl Reader<'_> {
    /// Tasks matching a filter, soonest due first.
    pub fn tasks(&self, f: &TaskFilter, page: Page) -> Result<Paged<Task>> {
        crate::authz::read(self.actor, Entity::Task)?;
        let mut w = Where::default();
        w.always("archived_at IS NULL")
            .when("assignee_id = :a", ":a", f.assignee_id)
            .when("client_id = :c", ":c", f.client_id)
            .when("due_on <= :due", ":due", f.due_by);
        if !f.include_done {
            w.always("done_at IS NULL");
        }
        let total = count(self, &format!("SELECT count(*) FROM tasks {}", w.sql()), &w.params(&[]))?;
        let sql = format!(
            "SELECT {} FROM tasks {} ORDER BY due_on, id LIMIT :limit OFFSET :offset",
            select_list(Entity::Task),
            w.sql()
        );
        let (limit, offset) = (page.limit(), page.offset());
        let p = w.params(&[(":limit", &limit), (":offset", &offset)]);
        Ok(Paged { items: query_all(self, Entity::Task, &sql, &p)?, total, page })
    }
}

impl Tx<'_> {
    /// Adds a task.
    pub fn create_task(&mut self, fields: TaskFields) -> Result<Task> {
        self.insert(fields)
    }

    /// Marks a task done (or not done again).
    pub fn complete_task(&mut self, id: TaskId, done: bool) -> Result<Task> {
        let at = done.then(|| self.now());
        self.update::<TaskFields>(id, TaskPatch { done_at: Some(at), ..Default::default() })
    }

    /// Changes a task.
    pub fn update_task(&mut self, id: TaskId, patch: TaskPatch) -> Result<Task> {
        if patch.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(Error::invalid("title", "A short description of the task is needed."));
        }
        self.update::<TaskFields>(id, patch)
    }
}
