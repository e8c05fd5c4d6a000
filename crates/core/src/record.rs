//! Everything about one client that their record screen shows, gathered in one read: the profile,
//! who holds the case, support episodes, custody, and a timeline of contacts, appointments and
//! referral steps, newest first.
//!
//! Opening a record is a view of a person's data, so the only public way to get one,
//! [`Store::open_client_record`], writes the view to the audit log in the same call.

use serde::Serialize;

use crate::Result;
use crate::entity::Entity;
use crate::ids::ClientId;
use crate::model::Page;
use crate::model::appointments::{Appointment, AppointmentFilter};
use crate::model::clients::{Client, Episode};
use crate::model::contacts::Contact;
use crate::model::custody::{Custody, Pathway};
use crate::model::mentors::MentorLink;
use crate::model::referrals::{ReferralEvent, ReferralFilter, ReferralRow};
use crate::model::tasks::{TaskFilter, TaskRow};
use crate::store::{Actor, Reader, Store};

/// A mentor link with the mentor's name.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct NamedLink {
    /// The link.
    pub link: MentorLink,
    /// The mentor's name.
    pub mentor_name: String,
}

/// A referral with its steps.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ReferralWithSteps {
    /// The referral.
    pub referral: ReferralRow,
    /// Its steps, oldest first.
    pub steps: Vec<ReferralEvent>,
}

/// One client's whole record.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ClientRecord {
    /// The client.
    pub client: Client,
    /// Their name as shown.
    pub name: String,
    /// Their caseworker's name.
    pub caseworker_name: Option<String>,
    /// Episodes of support, newest first.
    pub episodes: Vec<Episode>,
    /// Custody episodes, newest first.
    pub custody: Vec<Custody>,
    /// Appointments, newest first.
    pub appointments: Vec<Appointment>,
    /// Contacts, newest first (latest version of each).
    pub contacts: Vec<Contact>,
    /// Referrals with their steps.
    pub referrals: Vec<ReferralWithSteps>,
    /// Peer mentor links.
    pub mentors: Vec<NamedLink>,
    /// Open tasks, overdue first, each with why it exists.
    pub tasks: Vec<TaskRow>,
    /// The 14 days after the latest release and how far the pathway has got, while they are out.
    pub pathway: Option<Pathway>,
    /// Outcome measures, one series per questionnaire, baseline first.
    pub measures: Vec<crate::model::measures::MeasureSeries>,
    /// Merges into or out of this record (for a manager, who may undo them).
    pub merges: Vec<crate::dupes::MergeView>,
    /// Who else the client is shared with (current and past).
    pub shares: Vec<crate::model::shares::Share>,
    /// Fields of the client hidden from the person looking (they read as empty).
    pub hidden_fields: Vec<String>,
    /// Whether their personal details have been erased.
    pub erased: bool,
    /// What they have agreed to, with the history of their decisions.
    pub consent: crate::model::consents::ClientConsent,
}

impl Store {
    /// Opens one client's whole record for `actor`, and writes the view to the audit log.
    pub fn open_client_record(&mut self, actor: &Actor, id: ClientId) -> Result<ClientRecord> {
        let record = self.reader(actor).client_record(id)?;
        let id = id.to_string();
        self.write(actor, |tx| {
            tx.audit(crate::audit::AuditAction::View, Some(Entity::Client), Some(&id), None)
        })?;
        Ok(record)
    }
}

impl Reader<'_> {
    /// The whole record of one client (without auditing: only for core's own use).
    pub(crate) fn client_record(&self, id: ClientId) -> Result<ClientRecord> {
        let client = self.client(id)?;
        let caseworker_name = match client.fields.caseworker_id {
            Some(u) => self.user_name(u)?,
            None => None,
        };
        let appointments = self
            .appointments(
                &AppointmentFilter { client_id: Some(id), newest_first: true, ..Default::default() },
                Page { offset: 0, limit: 500 },
            )?
            .items;
        let referral_rows = self
            .referrals(
                &ReferralFilter { client_id: Some(id), ..Default::default() },
                Page { offset: 0, limit: 500 },
            )?
            .items;
        let mut referrals = Vec::new();
        for r in referral_rows {
            let steps = self.referral_events(r.referral.id)?;
            referrals.push(ReferralWithSteps { referral: r, steps });
        }
        let mentors = self
            .mentor_links(None, Some(id))?
            .into_iter()
            .map(|link| {
                let mentor = self.mentor_fields(link.fields.mentor_id)?;
                Ok(NamedLink { mentor_name: mentor.map(|m| m.display_name).unwrap_or_default(), link })
            })
            .collect::<Result<_>>()?;
        crate::authz::read(self.actor, Entity::Task)?;
        let today = crate::time::today_london();
        Ok(ClientRecord {
            name: client.fields.display_name(),
            caseworker_name,
            episodes: self.episodes(id)?,
            custody: self.custody_episodes(id)?,
            appointments,
            contacts: self.contacts(id)?,
            referrals,
            mentors,
            tasks: self
                .task_rows(
                    &TaskFilter { client_id: Some(id), ..Default::default() },
                    Page { offset: 0, limit: 200 },
                    today,
                )?
                .items,
            pathway: self.pathway(id, today)?,
            measures: self.measures(id)?,
            merges: self.merge_views(id)?,
            shares: self.shares(id)?,
            hidden_fields: crate::scope::hidden_fields(self.actor.role, Entity::Client)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            erased: crate::dupes::is_erased(self.conn()?, id)?,
            consent: self.consent(id)?,
            client,
        })
    }
}
