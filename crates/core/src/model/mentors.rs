//! Peer mentors and their links to clients.
//!
//! A mentor link pairs a mentor with a client for a period; ending it keeps the history. A client can
//! have one open link to the same mentor at a time. Whether a DBS check is still in date, and whether a
//! link is current, are decided here and sent to the UI with the records, so no screen works them out.

use chrono::Months;

use crate::availability::{Availability, AvailabilityException, WeeklySlot};
use crate::entity::{Entity, select_list};
use crate::enums::{ClosedSet, LivedExperience};
use crate::ids::{ClientId, MentorId, MentorLinkId, TeamId};
use crate::model::appointments::{check_client, check_mentor};
use crate::model::clients::check_team;
use crate::model::{Stored, Where, count, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::{Date, today_london};
use crate::{Error, Result, validate};

/// How long a DBS check is taken to stay in date, in years.
pub const DBS_YEARS: u32 = 3;

/// Where a peer mentor's DBS check stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DbsCheck {
    /// Done within the last three years.
    InDate,
    /// Done more than three years ago.
    OutOfDate,
    /// No date recorded.
    NotRecorded,
}

impl ClosedSet for DbsCheck {
    const ALL: &'static [Self] = &[DbsCheck::InDate, DbsCheck::OutOfDate, DbsCheck::NotRecorded];
    const NAME: &'static str = "DBS check status";
    fn code(self) -> &'static str {
        match self {
            DbsCheck::InDate => "in_date",
            DbsCheck::OutOfDate => "out_of_date",
            DbsCheck::NotRecorded => "not_recorded",
        }
    }
    fn label(self) -> &'static str {
        match self {
            DbsCheck::InDate => "DBS check in date",
            DbsCheck::OutOfDate => "DBS check older than 3 years",
            DbsCheck::NotRecorded => "No DBS check recorded",
        }
    }
}

/// The DBS rule: a check stays in date up to and including its third anniversary (a check on
/// 29 February runs to 28 February), and is out of date from the day after.
pub fn dbs_check(checked_on: Option<Date>, today: Date) -> DbsCheck {
    match checked_on {
        None => DbsCheck::NotRecorded,
        Some(on) => match on.checked_add_months(Months::new(12 * DBS_YEARS)) {
            Some(until) if today <= until => DbsCheck::InDate,
            _ => DbsCheck::OutOfDate,
        },
    }
}

/// A link is current until its last day has passed; one that ended today already counts as past.
pub fn link_is_current(ends_on: Option<Date>, today: Date) -> bool {
    ends_on.is_none_or(|end| end > today)
}

record! {
    /// A peer mentor.
    MentorFields, MentorPatch {
        /// Name.
        display_name: String,
        /// Phone.
        phone: Option<String>,
        /// Email.
        email: Option<String>,
        /// Areas of lived experience.
        lived_experience: Vec<LivedExperience>,
        /// Date of the last DBS check.
        dbs_checked_on: Option<Date>,
        /// When training was completed.
        training_completed_on: Option<Date>,
        /// Training done.
        training_notes: Option<String>,
        /// When they are free.
        availability: Option<String>,
        /// Team.
        team_id: Option<TeamId>,
        /// When they are usually free, week by week.
        weekly_availability: Option<Vec<WeeklySlot>>,
        /// Days away and one-off extra times.
        availability_exceptions: Option<Vec<AvailabilityException>>,
        /// Where they can travel.
        travel_area: Option<String>,
    }
}
fields_impl!(MentorFields, MentorPatch, Entity::PeerMentor, MentorId);

/// A stored peer mentor.
pub type Mentor = Stored<MentorId, MentorFields>;

record! {
    /// A mentor paired with a client for a period.
    MentorLinkFields, MentorLinkPatch {
        /// The mentor.
        mentor_id: MentorId,
        /// The client.
        client_id: ClientId,
        /// From.
        starts_on: Date,
        /// Until.
        ends_on: Option<Date>,
    }
}
fields_impl!(MentorLinkFields, MentorLinkPatch, Entity::MentorLink, MentorLinkId);

/// A stored mentor link.
pub type MentorLink = Stored<MentorLinkId, MentorLinkFields>;

impl MentorFields {
    fn check_fields(&mut self, r: &Reader<'_>, today: Date) -> Result<()> {
        self.display_name =
            validate::required_text("display_name", "The mentor's name", &self.display_name, 200)?;
        validate::opt_text("phone", &mut self.phone, 200, false)?;
        validate::opt_text("email", &mut self.email, 200, false)?;
        validate::opt_text("training_notes", &mut self.training_notes, 10_000, true)?;
        validate::opt_text("availability", &mut self.availability, 2000, true)?;
        for (f, d) in
            [("dbs_checked_on", self.dbs_checked_on), ("training_completed_on", self.training_completed_on)]
        {
            if d.is_some_and(|d| d > today) {
                return Err(Error::invalid(f, "This date cannot be in the future."));
            }
        }
        self.lived_experience.sort();
        self.lived_experience.dedup();
        let mut a = self.availability_set();
        a.check()?;
        self.weekly_availability = (!a.weekly.is_empty()).then_some(a.weekly);
        self.availability_exceptions = (!a.exceptions.is_empty()).then_some(a.exceptions);
        self.travel_area = a.travel_area;
        check_team(r, self.team_id)
    }

    /// The mentor's availability as one value.
    pub fn availability_set(&self) -> Availability {
        Availability {
            weekly: self.weekly_availability.clone().unwrap_or_default(),
            exceptions: self.availability_exceptions.clone().unwrap_or_default(),
            travel_area: self.travel_area.clone(),
        }
    }
}

impl MentorLinkFields {
    fn check_fields(&mut self, r: &Reader<'_>, _today: Date) -> Result<()> {
        check_client(r, self.client_id)?;
        check_mentor(r, "mentor_id", Some(self.mentor_id))?;
        if let Some(end) = self.ends_on {
            validate::not_before("ends_on", end, self.starts_on, "the link started")?;
        }
        Ok(())
    }
}

impl Reader<'_> {
    /// Peer mentors, by name.
    pub fn mentors(&self, include_archived: bool) -> Result<Vec<Mentor>> {
        crate::authz::read(self.actor, Entity::PeerMentor)?;
        let sql = format!(
            "SELECT {} FROM peer_mentors WHERE (:all OR archived_at IS NULL) ORDER BY display_name COLLATE NOCASE",
            select_list(Entity::PeerMentor)
        );
        query_all(self, Entity::PeerMentor, &sql, &[(":all", &include_archived)])
    }

    /// Links of a mentor or of a client (open and ended), newest first.
    pub fn mentor_links(
        &self,
        mentor: Option<MentorId>,
        client: Option<ClientId>,
    ) -> Result<Vec<MentorLink>> {
        crate::authz::read(self.actor, Entity::MentorLink)?;
        let mut w = Where::default();
        w.always("archived_at IS NULL").when("mentor_id = :m", ":m", mentor).when(
            "client_id = :c",
            ":c",
            client,
        );
        let sql = format!(
            "SELECT {} FROM mentor_links {} ORDER BY starts_on DESC, id DESC",
            select_list(Entity::MentorLink),
            w.sql()
        );
        query_all(self, Entity::MentorLink, &sql, &w.params(&[]))
    }
}

/// A mentor link with the client's name.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct ClientLink {
    /// The link.
    pub link: MentorLink,
    /// The client's name as shown.
    pub client_name: String,
    /// Whether the link is current today.
    pub current: bool,
}

/// A peer mentor's profile with the people linked to them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct MentorRecord {
    /// The mentor.
    pub mentor: Mentor,
    /// Where their DBS check stands today.
    pub dbs: DbsCheck,
    /// Their links, current first.
    pub links: Vec<ClientLink>,
}

/// A peer mentor in the list of mentors.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct MentorRow {
    /// The mentor.
    pub mentor: Mentor,
    /// Where their DBS check stands today.
    pub dbs: DbsCheck,
    /// How many clients they are linked to today.
    pub current_clients: u32,
}

impl Reader<'_> {
    /// A mentor and the clients linked to them (current and past), as of today in London.
    pub fn mentor_record(&self, id: MentorId) -> Result<MentorRecord> {
        self.mentor_record_on(id, today_london())
    }

    /// A mentor and the clients linked to them, as of `today`.
    pub fn mentor_record_on(&self, id: MentorId, today: Date) -> Result<MentorRecord> {
        let mentor = self.get::<MentorFields>(id)?;
        let mut links = Vec::new();
        for link in self.mentor_links(Some(id), None)? {
            let client_name = self.client(link.fields.client_id)?.fields.display_name();
            let current = link_is_current(link.fields.ends_on, today);
            links.push(ClientLink { link, client_name, current });
        }
        links.sort_by_key(|l| !l.current);
        Ok(MentorRecord { dbs: dbs_check(mentor.fields.dbs_checked_on, today), mentor, links })
    }

    /// Current peer mentors by name, each with their DBS status and how many clients they have now.
    pub fn mentor_rows(&self, today: Date) -> Result<Vec<MentorRow>> {
        crate::authz::read(self.actor, Entity::MentorLink)?;
        // Counted per mentor by the database, not read link by link: a large organisation holds
        // hundreds of thousands of links. Current is what `link_is_current` says.
        let mut current: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        {
            let mut st = self.conn()?.prepare_cached(
                "SELECT mentor_id, count(*) FROM mentor_links
                 WHERE archived_at IS NULL AND (ends_on IS NULL OR ends_on > :today) GROUP BY mentor_id",
            )?;
            let mut rows = st.query(rusqlite::named_params! {":today": today})?;
            while let Some(row) = rows.next()? {
                current.insert(row.get::<_, crate::ids::IdText>(0)?.0, row.get(1)?);
            }
        }
        Ok(self
            .mentors(false)?
            .into_iter()
            .map(|mentor| MentorRow {
                dbs: dbs_check(mentor.fields.dbs_checked_on, today),
                current_clients: current.get(&mentor.id.to_string()).copied().unwrap_or(0),
                mentor,
            })
            .collect())
    }
}

impl Tx<'_> {
    /// Adds a peer mentor.
    pub fn add_mentor(&mut self, fields: MentorFields) -> Result<Mentor> {
        self.insert(fields)
    }

    /// Pairs a mentor with a client from a date.
    pub fn link_mentor(&mut self, mentor: MentorId, client: ClientId, starts_on: Date) -> Result<MentorLink> {
        let open = count(
            &self.reader(),
            "SELECT count(*) FROM mentor_links WHERE mentor_id = :m AND client_id = :c AND ends_on IS NULL AND archived_at IS NULL",
            &[(":m", &mentor), (":c", &client)],
        )?;
        if open > 0 {
            return Err(Error::invalid("mentor_id", "This mentor is already linked with this client."));
        }
        self.insert(MentorLinkFields { mentor_id: mentor, client_id: client, starts_on, ends_on: None })
    }

    /// Sets when a mentor is free: the mentor themselves or a manager. The whole availability is
    /// checked (nothing overlaps) before anything is written.
    pub fn set_availability(&mut self, mentor: MentorId, availability: Availability) -> Result<Mentor> {
        let patch = MentorPatch {
            weekly_availability: Some((!availability.weekly.is_empty()).then_some(availability.weekly)),
            availability_exceptions: Some(
                (!availability.exceptions.is_empty()).then_some(availability.exceptions),
            ),
            travel_area: Some(availability.travel_area),
            ..Default::default()
        };
        self.update::<MentorFields>(mentor, patch)
    }

    /// Ends a link on a date.
    pub fn end_mentor_link(&mut self, id: MentorLinkId, on: Date) -> Result<MentorLink> {
        self.update::<MentorLinkFields>(id, MentorLinkPatch { ends_on: Some(Some(on)), ..Default::default() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_dbs_check_is_in_date_up_to_and_including_its_third_anniversary() {
        let on = Some(d("2023-11-20"));
        assert_eq!(dbs_check(on, d("2026-11-19")), DbsCheck::InDate);
        assert_eq!(dbs_check(on, d("2026-11-20")), DbsCheck::InDate);
        assert_eq!(dbs_check(on, d("2026-11-21")), DbsCheck::OutOfDate);
    }

    #[test]
    fn a_check_on_29_february_runs_to_28_february() {
        let on = Some(d("2024-02-29"));
        assert_eq!(dbs_check(on, d("2027-02-28")), DbsCheck::InDate);
        assert_eq!(dbs_check(on, d("2027-03-01")), DbsCheck::OutOfDate);
    }

    #[test]
    fn no_date_is_not_recorded_and_says_so() {
        assert_eq!(dbs_check(None, d("2026-11-20")), DbsCheck::NotRecorded);
        assert_eq!(DbsCheck::NotRecorded.label(), "No DBS check recorded");
        assert_eq!(DbsCheck::OutOfDate.label(), "DBS check older than 3 years");
        assert_eq!(serde_json::to_string(&DbsCheck::OutOfDate).unwrap(), "\"out_of_date\"");
    }

    #[test]
    fn a_link_that_ended_today_is_no_longer_current() {
        let today = d("2026-11-20");
        assert!(link_is_current(None, today));
        assert!(link_is_current(Some(d("2026-11-21")), today));
        assert!(!link_is_current(Some(today), today));
        assert!(!link_is_current(Some(d("2026-11-19")), today));
    }
}
