//! Peer mentors and their links to clients.
//!
//! A mentor link pairs a mentor with a client for a period; ending it keeps the history. A client can
//! have one open link to the same mentor at a time.

use crate::entity::{Entity, select_list};
use crate::enums::LivedExperience;
use crate::ids::{ClientId, MentorId, MentorLinkId, TeamId};
use crate::model::appointments::{check_client, check_mentor};
use crate::model::clients::check_team;
use crate::model::{Stored, Where, count, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::Date;
use crate::{Error, Result, validate};

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
        check_team(r, self.team_id)
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
}

/// A peer mentor's profile with the people linked to them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct MentorRecord {
    /// The mentor.
    pub mentor: Mentor,
    /// Their links, current first.
    pub links: Vec<ClientLink>,
}

impl Reader<'_> {
    /// A mentor and the clients linked to them (current and past).
    pub fn mentor_record(&self, id: MentorId) -> Result<MentorRecord> {
        let mentor = self.get::<MentorFields>(id)?;
        let mut links = Vec::new();
        for link in self.mentor_links(Some(id), None)? {
            let client_name = self.client(link.fields.client_id)?.fields.display_name();
            links.push(ClientLink { link, client_name });
        }
        links.sort_by_key(|l| l.link.fields.ends_on.is_some());
        Ok(MentorRecord { mentor, links })
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

    /// Ends a link on a date.
    pub fn end_mentor_link(&mut self, id: MentorLinkId, on: Date) -> Result<MentorLink> {
        self.update::<MentorLinkFields>(id, MentorLinkPatch { ends_on: Some(Some(on)), ..Default::default() })
    }
}
