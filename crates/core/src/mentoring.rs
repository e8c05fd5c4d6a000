//! A peer mentor's own view: the people linked to them now and those people's appointments.
//!
//! A peer mentor signs in to do one job: arrange and go to health appointments with the people linked
//! to them. This gathers exactly that, through their scope ([`crate::scope`]): for each person, what
//! going with them needs (name, preferred name, pronouns, phone, access and accompaniment needs, and
//! the risks that concern whoever goes) and their coming appointments; and the appointments that have
//! happened without an outcome recorded. Nothing about health, offences, identifiers or notes is here,
//! because nothing of it reaches a peer mentor's reads at all.

use chrono::Days;
use serde::Serialize;

use crate::enums::{RiskFlag, Role};
use crate::ids::{ClientId, MentorId};
use crate::model::Page;
use crate::model::appointments::{Appointment, AppointmentFilter};
use crate::model::clients::{ClientFilter, ClientSort};
use crate::store::Reader;
use crate::time::{Date, Timestamp};
use crate::{Error, Result};

/// Someone linked to the mentor, as going with them needs.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct LinkedPerson {
    /// Their record.
    pub client_id: ClientId,
    /// Their name as shown (preferred name first).
    pub name: String,
    /// The name they like to be called, if not their given name.
    pub preferred_name: Option<String>,
    /// Their pronouns.
    pub pronouns: Option<String>,
    /// Their phone number.
    pub phone: Option<String>,
    /// What anyone going with them must know.
    pub accompaniment_needs: Option<String>,
    /// The risks that concern whoever goes with them.
    pub risks: Vec<RiskFlag>,
    /// Since when they have been linked.
    pub linked_since: Date,
    /// Their coming appointments, soonest first.
    pub upcoming: Vec<Appointment>,
}

/// The peer mentor's home screen.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MentorHome {
    /// The day (London).
    pub date: Date,
    /// The mentor's own record.
    pub mentor_id: MentorId,
    /// Their name.
    pub mentor_name: String,
    /// The people linked to them now, by name.
    pub people: Vec<LinkedPerson>,
    /// Appointments of those people that have started and have no outcome yet, newest first: those the
    /// mentor was to go to, and any since the link began.
    pub awaiting_outcome: Vec<Appointment>,
}

impl Reader<'_> {
    /// The peer mentor's home screen for `today` (peer mentors only).
    pub fn mentor_home(&self, today: Date) -> Result<MentorHome> {
        let Some(mentor_id) = self.actor.mentor_id.filter(|_| self.actor.role == Role::PeerMentor) else {
            return Err(Error::Forbidden { action: "see a peer mentor's own view" });
        };
        let mentor = self.get::<crate::model::mentors::MentorFields>(mentor_id)?;
        let links = self.mentor_links(Some(mentor_id), None)?;
        let rows = self
            .clients(
                &ClientFilter { sort: ClientSort::Name, ..Default::default() },
                Page { offset: 0, limit: 500 },
            )?
            .items;
        let now = Timestamp::now();
        let horizon = Timestamp::london_midnight(today.checked_add_days(Days::new(57)).unwrap_or(today));
        let mut people = Vec::new();
        for row in rows {
            let c = row.client;
            let Some(link) = links.iter().find(|l| l.fields.client_id == c.id) else { continue };
            let upcoming = self
                .appointments(
                    &AppointmentFilter {
                        client_id: Some(c.id),
                        from: Some(now),
                        to: Some(horizon),
                        ..Default::default()
                    },
                    Page { offset: 0, limit: 50 },
                )?
                .items
                .into_iter()
                .filter(|a| {
                    a.fields.rescheduled_to.is_none()
                        && a.fields.outcome == crate::enums::Outcome::NotRecorded
                })
                .collect();
            people.push(LinkedPerson {
                client_id: c.id,
                name: c.fields.display_name(),
                preferred_name: c.fields.preferred_name.clone(),
                pronouns: c.fields.pronouns.clone(),
                phone: c.fields.phone.clone(),
                accompaniment_needs: c.fields.accompaniment_needs.clone(),
                risks: c.fields.risk_flags.clone(),
                linked_since: link.fields.starts_on,
                upcoming,
            });
        }
        // Only what is the mentor's business: appointments they were to go to, or since the link began.
        let awaiting_outcome = self
            .appointments(
                &AppointmentFilter {
                    to: Some(now),
                    outcome: Some(crate::enums::Outcome::NotRecorded),
                    newest_first: true,
                    ..Default::default()
                },
                Page { offset: 0, limit: 100 },
            )?
            .items
            .into_iter()
            .filter(|a| {
                a.fields.planned_mentor_id == Some(mentor_id)
                    || links.iter().any(|l| {
                        l.fields.client_id == a.fields.client_id
                            && a.fields.starts_at.london_date() >= l.fields.starts_on
                    })
            })
            .collect();
        Ok(MentorHome {
            date: today,
            mentor_id,
            mentor_name: mentor.fields.display_name,
            people,
            awaiting_outcome,
        })
    }
}
