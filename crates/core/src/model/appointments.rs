//! Health appointments: booking, rescheduling, and recording what happened and who went.
//!
//! Outcomes follow the NHS Data Dictionary attendance codes, so the attendance rate means what it
//! means to a commissioner. Recording a did-not-attend creates a follow-up task, due in two working
//! days, in the same transaction. Rescheduling cancels the old appointment (by the person or by the
//! service) and links it to the new one, so the history of a missed-and-rebooked appointment is
//! never lost.

use serde::{Deserialize, Serialize};

use crate::entity::{Entity, select_list};
use crate::enums::*;
use crate::ids::{AppointmentId, ClientId, MentorId, ServiceId, UserId};
use crate::model::clients::check_user;
use crate::model::tasks::TaskFields;
use crate::model::{Page, Paged, Stored, Where, count, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::{Date, Timestamp};
use crate::validate::{self, MAX_SHORT};
use crate::{Error, Result};

record! {
    /// A health appointment.
    AppointmentFields, AppointmentPatch {
        /// Whose appointment.
        client_id: ClientId,
        /// Kind of service.
        service_type: ServiceType,
        /// The service, when it is in the directory.
        service_id: Option<ServiceId>,
        /// Provider, in words.
        provider: Option<String>,
        /// Where.
        place: Option<String>,
        /// Start.
        starts_at: Timestamp,
        /// End.
        ends_at: Option<Timestamp>,
        /// Who booked it.
        scheduled_by: UserId,
        /// Who is planned to go with the person.
        planned_accompaniment: Accompaniment,
        /// The caseworker planned to go.
        planned_user_id: Option<UserId>,
        /// The peer mentor planned to go.
        planned_mentor_id: Option<MentorId>,
        /// Who actually went.
        actual_accompaniment: Option<Accompaniment>,
        /// The caseworker who went.
        actual_user_id: Option<UserId>,
        /// The peer mentor who went.
        actual_mentor_id: Option<MentorId>,
        /// What happened.
        outcome: Outcome,
        /// Why they did not attend.
        dna_reason: Option<DnaReason>,
        /// When the outcome was recorded.
        outcome_recorded_at: Option<Timestamp>,
        /// The appointment this one was moved to.
        rescheduled_to: Option<AppointmentId>,
    }
}
fields_impl!(AppointmentFields, AppointmentPatch, Entity::Appointment, AppointmentId);

/// A stored appointment.
pub type Appointment = Stored<AppointmentId, AppointmentFields>;

/// What a person fills in to book an appointment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Booking {
    /// Whose appointment.
    pub client_id: ClientId,
    /// Kind of service.
    pub service_type: ServiceType,
    /// The service, when it is in the directory.
    #[serde(default)]
    pub service_id: Option<ServiceId>,
    /// Provider, in words.
    #[serde(default)]
    pub provider: Option<String>,
    /// Where.
    #[serde(default)]
    pub place: Option<String>,
    /// Start.
    pub starts_at: Timestamp,
    /// End.
    #[serde(default)]
    pub ends_at: Option<Timestamp>,
    /// Who will go with the person.
    pub planned_accompaniment: Accompaniment,
    /// The caseworker who will go (defaults to the client's caseworker).
    #[serde(default)]
    pub planned_user_id: Option<UserId>,
    /// The peer mentor who will go.
    #[serde(default)]
    pub planned_mentor_id: Option<MentorId>,
}

/// What happened at an appointment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct OutcomeRecord {
    /// The outcome.
    pub outcome: Outcome,
    /// Why they did not attend (for a DNA).
    #[serde(default)]
    pub dna_reason: Option<DnaReason>,
    /// Who went; left out, the plan is taken as what happened.
    #[serde(default)]
    pub actual_accompaniment: Option<Accompaniment>,
    /// The caseworker who went.
    #[serde(default)]
    pub actual_user_id: Option<UserId>,
    /// The peer mentor who went.
    #[serde(default)]
    pub actual_mentor_id: Option<MentorId>,
}

pub(crate) fn check_mentor(r: &Reader<'_>, field: &str, id: Option<MentorId>) -> Result<()> {
    if let Some(id) = id {
        if !r.exists_live("peer_mentors", &id.to_string())? {
            return Err(Error::invalid(field, "That peer mentor was not found."));
        }
    }
    Ok(())
}

pub(crate) fn check_client(r: &Reader<'_>, id: ClientId) -> Result<()> {
    if !r.exists_live("clients", &id.to_string())? {
        return Err(Error::invalid("client_id", "That client was not found."));
    }
    Ok(())
}

fn check_companions(
    r: &Reader<'_>,
    prefix: &str,
    kind: Accompaniment,
    user: &mut Option<UserId>,
    mentor: &mut Option<MentorId>,
) -> Result<()> {
    let user_field = format!("{prefix}_user_id");
    let mentor_field = format!("{prefix}_mentor_id");
    match kind {
        Accompaniment::None => {
            *user = None;
            *mentor = None;
        }
        Accompaniment::Caseworker => {
            *mentor = None;
            if user.is_none() {
                return Err(Error::invalid(user_field, "Choose the caseworker who goes."));
            }
            check_user(r, &user_field, *user)?;
        }
        Accompaniment::PeerMentor => {
            *user = None;
            if mentor.is_none() {
                return Err(Error::invalid(mentor_field, "Choose the peer mentor who goes."));
            }
            check_mentor(r, &mentor_field, *mentor)?;
        }
    }
    Ok(())
}

impl AppointmentFields {
    fn check_fields(&mut self, r: &Reader<'_>, _today: Date) -> Result<()> {
        check_client(r, self.client_id)?;
        if !self.service_type.is_appointment_type() {
            return Err(Error::invalid(
                "service_type",
                format!("{} is something to refer to, not a health appointment.", self.service_type.label()),
            ));
        }
        validate::opt_text("provider", &mut self.provider, MAX_SHORT, false)?;
        validate::opt_text("place", &mut self.place, MAX_SHORT, false)?;
        if let Some(end) = self.ends_at {
            if end < self.starts_at {
                return Err(Error::invalid("ends_at", "An appointment cannot end before it starts."));
            }
            if end.unix() - self.starts_at.unix() > 24 * 3600 {
                return Err(Error::invalid("ends_at", "An appointment cannot last more than a day."));
            }
        }
        if let Some(id) = self.service_id {
            if count(r, "SELECT count(*) FROM services WHERE id = :id", &[(":id", &id)])? == 0 {
                return Err(Error::invalid("service_id", "That service is not in the directory."));
            }
        }
        check_companions(
            r,
            "planned",
            self.planned_accompaniment,
            &mut self.planned_user_id,
            &mut self.planned_mentor_id,
        )?;
        match self.outcome {
            Outcome::NotRecorded => {
                self.actual_accompaniment = None;
                self.actual_user_id = None;
                self.actual_mentor_id = None;
                self.dna_reason = None;
                self.outcome_recorded_at = None;
            }
            outcome => {
                if outcome != Outcome::Dna {
                    self.dna_reason = None;
                }
                let kind = self.actual_accompaniment.unwrap_or(Accompaniment::None);
                check_companions(r, "actual", kind, &mut self.actual_user_id, &mut self.actual_mentor_id)?;
            }
        }
        Ok(())
    }
}

/// Which appointments to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct AppointmentFilter {
    /// One client's.
    pub client_id: Option<ClientId>,
    /// Starting at or after.
    pub from: Option<Timestamp>,
    /// Starting before.
    pub to: Option<Timestamp>,
    /// With this outcome.
    pub outcome: Option<Outcome>,
    /// Planned with this peer mentor.
    pub mentor_id: Option<MentorId>,
    /// Newest first.
    pub newest_first: bool,
    /// Include archived.
    pub include_archived: bool,
}

impl Reader<'_> {
    /// One appointment.
    pub fn appointment(&self, id: AppointmentId) -> Result<Appointment> {
        self.get::<AppointmentFields>(id)
    }

    /// Appointments matching a filter, a page at a time.
    pub fn appointments(&self, f: &AppointmentFilter, page: Page) -> Result<Paged<Appointment>> {
        crate::authz::read(self.actor, Entity::Appointment)?;
        let mut w = Where::default();
        w.when("client_id = :client", ":client", f.client_id)
            .when("starts_at >= :from", ":from", f.from.map(|t| t.to_string()))
            .when("starts_at < :to", ":to", f.to.map(|t| t.to_string()))
            .when("outcome = :outcome", ":outcome", f.outcome.map(|o| o.code()))
            .when("(planned_mentor_id = :mentor OR actual_mentor_id = :mentor)", ":mentor", f.mentor_id);
        if !f.include_archived {
            w.always("archived_at IS NULL");
        }
        let total = count(self, &format!("SELECT count(*) FROM appointments {}", w.sql()), &w.params(&[]))?;
        let order = if f.newest_first { "starts_at DESC, id DESC" } else { "starts_at, id" };
        let sql = format!(
            "SELECT {} FROM appointments {} ORDER BY {order} {limit}",
            select_list(Entity::Appointment),
            w.sql(),
            limit = page.sql()
        );
        let offset = page.offset();
        let p = w.params(&[(":offset", &offset)]);
        Ok(Paged { items: query_all(self, Entity::Appointment, &sql, &p)?, total, page })
    }
}

impl Tx<'_> {
    /// Books an appointment.
    pub fn book_appointment(&mut self, b: Booking) -> Result<Appointment> {
        let mut planned_user_id = b.planned_user_id;
        if b.planned_accompaniment == Accompaniment::Caseworker && planned_user_id.is_none() {
            let client = self
                .reader()
                .client(b.client_id)
                .map_err(|_| Error::invalid("client_id", "That client was not found."))?;
            planned_user_id = client.fields.caseworker_id.or(Some(self.actor.user_id));
        }
        let fields = AppointmentFields {
            client_id: b.client_id,
            service_type: b.service_type,
            service_id: b.service_id,
            provider: b.provider,
            place: b.place,
            starts_at: b.starts_at,
            ends_at: b.ends_at,
            scheduled_by: self.actor.user_id,
            planned_accompaniment: b.planned_accompaniment,
            planned_user_id,
            planned_mentor_id: b.planned_mentor_id,
            actual_accompaniment: None,
            actual_user_id: None,
            actual_mentor_id: None,
            outcome: Outcome::NotRecorded,
            dna_reason: None,
            outcome_recorded_at: None,
            rescheduled_to: None,
        };
        self.insert(fields)
    }

    /// Records what happened. A did-not-attend creates a follow-up task for the caseworker.
    pub fn record_outcome(&mut self, id: AppointmentId, rec: OutcomeRecord) -> Result<Appointment> {
        let cur = self.reader().appointment(id)?;
        let now = self.now();
        let happened = matches!(rec.outcome, Outcome::Attended | Outcome::Dna | Outcome::LateNotSeen);
        if happened && cur.fields.starts_at > now {
            return Err(Error::invalid(
                "outcome",
                "Whether they attended can be recorded once the appointment has started.",
            ));
        }
        if rec.dna_reason.is_some() && rec.outcome != Outcome::Dna {
            return Err(Error::invalid(
                "dna_reason",
                "A reason for not attending goes only with 'Did not attend'.",
            ));
        }
        let (kind, user, mentor) = match (rec.outcome, rec.actual_accompaniment) {
            (Outcome::Attended | Outcome::LateNotSeen, None) => (
                Some(cur.fields.planned_accompaniment),
                cur.fields.planned_user_id,
                cur.fields.planned_mentor_id,
            ),
            (Outcome::Attended | Outcome::LateNotSeen, Some(k)) => {
                (Some(k), rec.actual_user_id, rec.actual_mentor_id)
            }
            (Outcome::NotRecorded, _) => (None, None, None),
            (_, k) => (Some(k.unwrap_or(Accompaniment::None)), rec.actual_user_id, rec.actual_mentor_id),
        };
        let patch = AppointmentPatch {
            outcome: Some(rec.outcome),
            dna_reason: Some(rec.dna_reason),
            actual_accompaniment: Some(kind),
            actual_user_id: Some(user),
            actual_mentor_id: Some(mentor),
            outcome_recorded_at: Some((rec.outcome != Outcome::NotRecorded).then_some(now)),
            ..Default::default()
        };
        let updated = self.update_from::<AppointmentFields>(cur.clone(), patch)?;
        if rec.outcome == Outcome::Dna && cur.fields.outcome != Outcome::Dna {
            let client = self.reader().client(cur.fields.client_id)?;
            // Two working days from when the missed appointment is recorded.
            let due = crate::time::add_working_days(now.london_date(), 2);
            self.insert(TaskFields {
                client_id: Some(cur.fields.client_id),
                assignee_id: client.fields.caseworker_id.or(Some(cur.fields.scheduled_by)),
                kind: TaskKind::DnaFollowUp,
                title: format!("Follow up missed {} appointment", cur.fields.service_type.label()),
                due_on: due,
                done_at: None,
                appointment_id: Some(id),
                referral_id: None,
            })?;
        }
        Ok(updated)
    }

    /// Moves an appointment: the old one is marked cancelled (by the person or by the service) and
    /// linked to the new one, which keeps everything else.
    pub fn reschedule_appointment(
        &mut self,
        id: AppointmentId,
        starts_at: Timestamp,
        ends_at: Option<Timestamp>,
        cancelled_by: Outcome,
    ) -> Result<Appointment> {
        if !matches!(cancelled_by, Outcome::CancelledByPatient | Outcome::CancelledByProvider) {
            return Err(Error::invalid("cancelled_by", "Say whether the person or the service moved it."));
        }
        let old = self.reader().appointment(id)?;
        if old.fields.rescheduled_to.is_some() {
            return Err(Error::invalid("id", "This appointment has already been moved."));
        }
        if matches!(old.fields.outcome, Outcome::Attended | Outcome::Dna | Outcome::LateNotSeen) {
            return Err(Error::invalid(
                "id",
                "This appointment has already happened, so book a new one instead.",
            ));
        }
        let mut fields = old.fields.clone();
        fields.starts_at = starts_at;
        fields.ends_at = ends_at;
        fields.scheduled_by = self.actor.user_id;
        fields.outcome = Outcome::NotRecorded;
        fields.rescheduled_to = None;
        let new = self.insert(fields)?;
        self.update::<AppointmentFields>(
            id,
            AppointmentPatch {
                outcome: Some(cancelled_by),
                outcome_recorded_at: Some(Some(self.now())),
                actual_accompaniment: Some(Some(Accompaniment::None)),
                rescheduled_to: Some(Some(new.id)),
                ..Default::default()
            },
        )?;
        Ok(new)
    }

    /// Changes an appointment's details.
    pub fn update_appointment(&mut self, id: AppointmentId, patch: AppointmentPatch) -> Result<Appointment> {
        if patch.client_id.is_some() || patch.scheduled_by.is_some() || patch.rescheduled_to.is_some() {
            return Err(Error::invalid(
                "client_id",
                "An appointment cannot be moved to another person; book a new one.",
            ));
        }
        self.update::<AppointmentFields>(id, patch)
    }
}
