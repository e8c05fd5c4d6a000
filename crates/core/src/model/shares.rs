//! Sharing a client beyond their caseworker: with one other caseworker (cover during leave, joint
//! work) or with a whole team, for a period. A share widens who may see the client ([`crate::scope`]);
//! ending it keeps the history of who could see them when. Only managers share and reassign, so the
//! audit log can answer "who decided that this person could see that record?".

use crate::audit::AuditAction;
use crate::entity::{Entity, select_list};
use crate::enums::Role;
use crate::ids::{ClientId, ShareId, TeamId, UserId};
use crate::model::appointments::check_client;
use crate::model::clients::{ClientPatch, check_team, check_user};
use crate::model::{Stored, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::Date;
use crate::{Error, Result, validate};

record! {
    /// A client shared with a caseworker or a team.
    ShareFields, SharePatch {
        /// The client.
        client_id: ClientId,
        /// The caseworker it is shared with (or none, when shared with a team).
        user_id: Option<UserId>,
        /// The team it is shared with (or none, when shared with one person).
        team_id: Option<TeamId>,
        /// Who shared it.
        shared_by: UserId,
        /// From.
        starts_on: Date,
        /// Until (the share ends at the start of this day).
        ends_on: Option<Date>,
    }
}
fields_impl!(ShareFields, SharePatch, Entity::ClientShare, ShareId);

/// A stored share.
pub type Share = Stored<ShareId, ShareFields>;

/// Who to share a client with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(tag = "with", content = "id", rename_all = "snake_case")]
pub enum ShareWith {
    /// One caseworker.
    User(UserId),
    /// Everyone in a team.
    Team(TeamId),
}

impl ShareFields {
    fn check_fields(&mut self, r: &Reader<'_>, _today: Date) -> Result<()> {
        check_client(r, self.client_id)?;
        match (self.user_id, self.team_id) {
            (Some(_), None) => check_user(r, "user_id", self.user_id)?,
            (None, Some(_)) => check_team(r, self.team_id)?,
            _ => return Err(Error::invalid("user_id", "Share with one caseworker or with one team.")),
        }
        if let Some(end) = self.ends_on {
            validate::not_before("ends_on", end, self.starts_on, "the share started")?;
        }
        Ok(())
    }
}

impl Reader<'_> {
    /// Who a client is shared with (current and past), newest first.
    pub fn shares(&self, client: ClientId) -> Result<Vec<Share>> {
        crate::authz::read(self.actor, Entity::ClientShare)?;
        let sql = format!(
            "SELECT {} FROM client_shares WHERE client_id = :c AND archived_at IS NULL ORDER BY starts_on DESC, id DESC",
            select_list(Entity::ClientShare)
        );
        query_all(self, Entity::ClientShare, &sql, &[(":c", &client)])
    }
}

impl Tx<'_> {
    /// Shares a client with a caseworker or a team from `on` (managers only).
    pub fn share_client(&mut self, client: ClientId, with: ShareWith, on: Date) -> Result<Share> {
        let (user_id, team_id) = match with {
            ShareWith::User(u) => {
                let user = self.reader().get::<crate::model::users::UserFields>(u).map_err(|_| {
                    Error::invalid("user_id", "That person is not a current user of this app.")
                })?;
                if user.fields.role == Role::PeerMentor {
                    return Err(Error::invalid(
                        "user_id",
                        "A peer mentor sees a client by being linked with them, not by a share.",
                    ));
                }
                (Some(u), None)
            }
            ShareWith::Team(t) => (None, Some(t)),
        };
        let current = self.reader().shares(client)?.into_iter().any(|s| {
            s.fields.user_id == user_id
                && s.fields.team_id == team_id
                && crate::model::mentors::link_is_current(s.fields.ends_on, on)
        });
        if current {
            return Err(Error::invalid("user_id", "This client is already shared with them."));
        }
        let share = self.insert(ShareFields {
            client_id: client,
            user_id,
            team_id,
            shared_by: self.actor.user_id,
            starts_on: on,
            ends_on: None,
        })?;
        self.audit(AuditAction::Share, Some(Entity::ClientShare), Some(&share.id.to_string()), None)?;
        Ok(share)
    }

    /// Ends a share on `on` (managers only).
    pub fn end_share(&mut self, id: ShareId, on: Date) -> Result<Share> {
        let share =
            self.update::<ShareFields>(id, SharePatch { ends_on: Some(Some(on)), ..Default::default() })?;
        self.audit(AuditAction::Unshare, Some(Entity::ClientShare), Some(&id.to_string()), None)?;
        Ok(share)
    }

    /// Moves every open case of one caseworker to another (managers only): the clients whose
    /// support is open and who are on `from`'s caseload. Returns how many moved.
    pub fn reassign_caseload(&mut self, from: UserId, to: UserId) -> Result<u64> {
        crate::authz::write(self.actor, Entity::User)?;
        if from == to {
            return Err(Error::invalid("to", "Choose a different caseworker to move the caseload to."));
        }
        let target = self
            .reader()
            .get::<crate::model::users::UserFields>(to)
            .map_err(|_| Error::invalid("to", "That person is not a current user of this app."))?;
        if target.archived_at.is_some() || target.fields.role == Role::PeerMentor {
            return Err(Error::invalid("to", "A caseload can move only to a current caseworker or manager."));
        }
        let ids: Vec<ClientId> = {
            let conn = self.reader().conn()?;
            let mut st = conn.prepare_cached(
                "SELECT c.id FROM clients c WHERE c.caseworker_id = :from AND c.archived_at IS NULL
                   AND EXISTS (SELECT 1 FROM episodes e WHERE e.client_id = c.id AND e.closed_on IS NULL AND e.archived_at IS NULL)
                 ORDER BY c.id",
            )?;
            let rows = st.query_map(rusqlite::named_params! {":from": from}, |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for id in &ids {
            self.update::<crate::model::clients::ClientFields>(
                *id,
                ClientPatch { caseworker_id: Some(Some(to)), ..Default::default() },
            )?;
        }
        let detail = format!("{} clients", ids.len());
        self.audit(AuditAction::Reassign, Some(Entity::User), Some(&from.to_string()), Some(&detail))?;
        Ok(ids.len() as u64)
    }
}
