//! Custody episodes: remand, sentence or recall, with the establishment and release dates.
//!
//! Recording a release sets the client's actual release date and opens the 14-day high-risk window as
//! a task, in one transaction.

use crate::entity::{Entity, select_list};
use crate::enums::{CustodyKind, JusticeStatus, TaskKind};
use crate::ids::{ClientId, CustodyId};
use crate::model::appointments::check_client;
use crate::model::clients::ClientPatch;
use crate::model::tasks::TaskFields;
use crate::model::{Stored, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::Date;
use crate::validate::{self, MAX_SHORT};
use crate::{Error, Result};

record! {
    /// A custody episode.
    CustodyFields, CustodyPatch {
        /// Whose.
        client_id: ClientId,
        /// Remand, sentence or recall.
        kind: CustodyKind,
        /// Prison.
        establishment: Option<String>,
        /// Into custody.
        started_on: Date,
        /// Expected release.
        expected_release_on: Option<Date>,
        /// Actual release.
        released_on: Option<Date>,
    }
}
fields_impl!(CustodyFields, CustodyPatch, Entity::CustodyEpisode, CustodyId);

/// A stored custody episode.
pub type Custody = Stored<CustodyId, CustodyFields>;

impl CustodyFields {
    fn check_fields(&mut self, r: &Reader<'_>, today: Date) -> Result<()> {
        check_client(r, self.client_id)?;
        validate::opt_text("establishment", &mut self.establishment, MAX_SHORT, false)?;
        if self.started_on > today {
            return Err(Error::invalid("started_on", "The start of custody cannot be in the future."));
        }
        if let Some(e) = self.expected_release_on {
            validate::not_before("expected_release_on", e, self.started_on, "custody started")?;
        }
        if let Some(rel) = self.released_on {
            validate::not_before("released_on", rel, self.started_on, "custody started")?;
            if rel > today {
                return Err(Error::invalid(
                    "released_on",
                    "A release that has not happened yet is an expected release date.",
                ));
            }
        }
        Ok(())
    }
}

impl Reader<'_> {
    /// A client's custody episodes, newest first.
    pub fn custody_episodes(&self, client: ClientId) -> Result<Vec<Custody>> {
        crate::authz::read(self.actor, Entity::CustodyEpisode)?;
        let sql = format!(
            "SELECT {} FROM custody_episodes WHERE client_id = :c AND archived_at IS NULL ORDER BY started_on DESC, id DESC",
            select_list(Entity::CustodyEpisode)
        );
        query_all(self, Entity::CustodyEpisode, &sql, &[(":c", &client)])
    }
}

impl Tx<'_> {
    /// Records a custody episode (and, if still inside, the client's status).
    pub fn add_custody(&mut self, fields: CustodyFields) -> Result<Custody> {
        let inside = fields.released_on.is_none();
        let c = self.insert(fields)?;
        if inside {
            self.update_client(
                c.fields.client_id,
                ClientPatch {
                    justice_status: Some(JusticeStatus::InCustody),
                    establishment: Some(c.fields.establishment.clone()),
                    expected_release_date: Some(c.fields.expected_release_on),
                    ..Default::default()
                },
            )?;
        }
        Ok(c)
    }

    /// Records a release: the custody episode closes, the client's release date is set, and the 14-day
    /// window after release becomes a task for their caseworker.
    pub fn record_release(
        &mut self,
        id: CustodyId,
        on: Date,
        status_after: JusticeStatus,
    ) -> Result<Custody> {
        if status_after == JusticeStatus::InCustody {
            return Err(Error::invalid("status_after", "Choose the person's status after release."));
        }
        let c = self.update::<CustodyFields>(
            id,
            CustodyPatch { released_on: Some(Some(on)), ..Default::default() },
        )?;
        let client = self.update_client(
            c.fields.client_id,
            ClientPatch {
                actual_release_date: Some(Some(on)),
                justice_status: Some(status_after),
                establishment: Some(None),
                ..Default::default()
            },
        )?;
        self.insert(TaskFields {
            client_id: Some(c.fields.client_id),
            assignee_id: client.fields.caseworker_id,
            kind: TaskKind::ReleaseWindow,
            title: "First 14 days after release: GP, medication, naloxone, first appointment, housing".into(),
            due_on: on,
            done_at: None,
            appointment_id: None,
            referral_id: None,
        })?;
        Ok(c)
    }
}
