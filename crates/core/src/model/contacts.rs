//! Support contacts: the log of work done with a person.
//!
//! Contacts are append-only and belong to their author: an amendment is a new contact that names the
//! one it supersedes, so what was first written is never lost and two devices can never conflict over
//! a note. A follow-up date creates a task.

use serde::{Deserialize, Serialize};

use crate::entity::{Entity, select_list};
use crate::enums::{ContactKind, TaskKind};
use crate::ids::{ClientId, ContactId, UserId};
use crate::model::appointments::check_client;
use crate::model::tasks::TaskFields;
use crate::model::{Stored, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::Date;
use crate::validate::{self, MAX_LONG};
use crate::{Error, Result};

record! {
    /// A support contact.
    ContactFields, ContactPatch {
        /// With whom.
        client_id: ClientId,
        /// Who logged it.
        author_id: UserId,
        /// When.
        contact_on: Date,
        /// What kind.
        kind: ContactKind,
        /// How long, in minutes.
        #[ts(type = "number")]
        minutes: i64,
        /// What happened.
        summary: Option<String>,
        /// When to follow up.
        follow_up_on: Option<Date>,
        /// The contact this amends.
        supersedes_id: Option<ContactId>,
    }
}
fields_impl!(ContactFields, ContactPatch, Entity::SupportContact, ContactId);

/// A stored contact.
pub type Contact = Stored<ContactId, ContactFields>;

/// What a person fills in to log a contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct NewContact {
    /// With whom.
    pub client_id: ClientId,
    /// When.
    pub contact_on: Date,
    /// What kind.
    pub kind: ContactKind,
    /// How long, in minutes.
    #[ts(type = "number")]
    pub minutes: i64,
    /// What happened.
    #[serde(default)]
    pub summary: Option<String>,
    /// When to follow up.
    #[serde(default)]
    pub follow_up_on: Option<Date>,
}

impl ContactFields {
    fn check_fields(&mut self, r: &Reader<'_>, today: Date) -> Result<()> {
        check_client(r, self.client_id)?;
        if self.contact_on > today {
            return Err(Error::invalid("contact_on", "A contact cannot be logged for a day in the future."));
        }
        validate::minutes("minutes", self.minutes)?;
        validate::opt_text("summary", &mut self.summary, MAX_LONG, true)?;
        if let Some(f) = self.follow_up_on {
            validate::not_before("follow_up_on", f, self.contact_on, "the contact")?;
        }
        Ok(())
    }
}

impl Reader<'_> {
    /// A client's contacts, newest first, showing the latest version of each.
    pub fn contacts(&self, client: ClientId) -> Result<Vec<Contact>> {
        crate::authz::read(self.actor, Entity::SupportContact)?;
        let sql = format!(
            "SELECT {} FROM support_contacts c WHERE client_id = :c AND archived_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM support_contacts n WHERE n.supersedes_id = c.id AND n.archived_at IS NULL)
             ORDER BY contact_on DESC, id DESC",
            select_list(Entity::SupportContact)
        );
        query_all(self, Entity::SupportContact, &sql, &[(":c", &client)])
    }
}

impl Tx<'_> {
    /// Logs a contact; a follow-up date creates a task.
    pub fn log_contact(&mut self, n: NewContact) -> Result<Contact> {
        let contact = self.insert(ContactFields {
            client_id: n.client_id,
            author_id: self.actor.user_id,
            contact_on: n.contact_on,
            kind: n.kind,
            minutes: n.minutes,
            summary: n.summary,
            follow_up_on: n.follow_up_on,
            supersedes_id: None,
        })?;
        if let Some(due) = n.follow_up_on {
            self.insert(TaskFields {
                client_id: Some(n.client_id),
                assignee_id: Some(self.actor.user_id),
                kind: TaskKind::ContactFollowUp,
                title: "Follow up from a contact".into(),
                due_on: due,
                done_at: None,
                appointment_id: None,
                referral_id: None,
            })?;
        }
        Ok(contact)
    }

    /// Amends a contact by writing a new version; only its author may.
    pub fn amend_contact(&mut self, id: ContactId, n: NewContact) -> Result<Contact> {
        let old = self.reader().get::<ContactFields>(id)?;
        if old.fields.author_id != self.actor.user_id {
            return Err(Error::Forbidden { action: "amend a contact someone else logged" });
        }
        if n.client_id != old.fields.client_id {
            return Err(Error::invalid("client_id", "A contact cannot be moved to another person."));
        }
        self.insert(ContactFields {
            client_id: n.client_id,
            author_id: self.actor.user_id,
            contact_on: n.contact_on,
            kind: n.kind,
            minutes: n.minutes,
            summary: n.summary,
            follow_up_on: n.follow_up_on,
            supersedes_id: Some(id),
        })
    }
}
