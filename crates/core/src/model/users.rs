//! Users, teams and devices.
//!
//! Users sync like any record, so every device knows who wrote what. Only managers add or change them.

use rusqlite::OptionalExtension;

use crate::entity::{Entity, select_list};
use crate::enums::Role;
use crate::ids::{DeviceId, MentorId, TeamId, UserId};
use crate::model::appointments::check_mentor;
use crate::model::clients::check_team;
use crate::model::{Stored, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::Date;
use crate::{Error, Result, validate};

record! {
    /// A person who uses the app.
    UserFields, UserPatch {
        /// Name.
        display_name: String,
        /// Role.
        role: Role,
        /// Email.
        email: Option<String>,
        /// Team.
        team_id: Option<TeamId>,
        /// For a peer mentor, their mentor record.
        mentor_id: Option<MentorId>,
    }
}
fields_impl!(UserFields, UserPatch, Entity::User, UserId);

/// A stored user.
pub type User = Stored<UserId, UserFields>;

record! {
    /// A team.
    TeamFields, TeamPatch {
        /// Name.
        name: String,
    }
}
fields_impl!(TeamFields, TeamPatch, Entity::Team, TeamId);

/// A stored team.
pub type Team = Stored<TeamId, TeamFields>;

record! {
    /// A device holding a copy of the data.
    DeviceFields, DevicePatch {
        /// Name.
        name: String,
        /// Whose device.
        user_id: Option<UserId>,
        /// Its signing key (added when sync is set up).
        public_key: Option<String>,
        /// For a peer mentor's own computer, their mentor record: it holds only their share.
        share_of: Option<MentorId>,
        /// Its own encryption recipient (public), for files sent to it alone.
        recipient: Option<String>,
        /// When its invitation stops working.
        invite_expires_at: Option<crate::time::Timestamp>,
        /// The random id its first file made when it joined.
        claim: Option<String>,
        /// When a manager revoked it.
        revoked_at: Option<crate::time::Timestamp>,
        /// The last of its changes still accepted after that.
        #[ts(type = "number | null")]
        revoked_after: Option<i64>,
    }
}
fields_impl!(DeviceFields, DevicePatch, Entity::Device, DeviceId);

/// A stored device.
pub type Device = Stored<DeviceId, DeviceFields>;

record! {
    /// A person, besides its owner, who may use a computer.
    DeviceUserFields, DeviceUserPatch {
        /// The computer.
        device_id: DeviceId,
        /// The person.
        user_id: UserId,
    }
}
fields_impl!(DeviceUserFields, DeviceUserPatch, Entity::DeviceUser, crate::ids::DeviceUserId);

impl DeviceUserFields {
    fn check_fields(&mut self, r: &Reader<'_>, _today: Date) -> Result<()> {
        crate::model::clients::check_user(r, "user_id", Some(self.user_id))
    }
}

impl UserFields {
    fn check_fields(&mut self, r: &Reader<'_>, _today: Date) -> Result<()> {
        self.display_name =
            validate::required_text("display_name", "The person's name", &self.display_name, 200)?;
        validate::opt_text("email", &mut self.email, 200, false)?;
        check_team(r, self.team_id)?;
        match (self.role, self.mentor_id) {
            (Role::PeerMentor, None) => {
                return Err(Error::invalid(
                    "mentor_id",
                    "A peer mentor's account must be tied to their mentor record.",
                ));
            }
            (Role::PeerMentor, m) => check_mentor(r, "mentor_id", m)?,
            (_, _) => self.mentor_id = None,
        }
        Ok(())
    }
}

impl TeamFields {
    fn check_fields(&mut self, _r: &Reader<'_>, _today: Date) -> Result<()> {
        self.name = validate::required_text("name", "The team's name", &self.name, 200)?;
        Ok(())
    }
}

impl DeviceFields {
    fn check_fields(&mut self, r: &Reader<'_>, _today: Date) -> Result<()> {
        self.name = validate::required_text("name", "The device's name", &self.name, 200)?;
        if self.share_of.is_some() {
            check_mentor(r, "share_of", self.share_of)?;
        }
        Ok(())
    }
}

impl Reader<'_> {
    /// Users, by name.
    pub fn users(&self, include_archived: bool) -> Result<Vec<User>> {
        crate::authz::read(self.actor, Entity::User)?;
        let sql = format!(
            "SELECT {} FROM users WHERE (:all OR archived_at IS NULL) ORDER BY display_name COLLATE NOCASE, id",
            select_list(Entity::User)
        );
        query_all(self, Entity::User, &sql, &[(":all", &include_archived)])
    }

    /// Teams, by name.
    pub fn teams(&self) -> Result<Vec<Team>> {
        crate::authz::read(self.actor, Entity::Team)?;
        let sql = format!(
            "SELECT {} FROM teams WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE",
            select_list(Entity::Team)
        );
        query_all(self, Entity::Team, &sql, &[])
    }

    /// Devices known to this one.
    pub fn devices(&self) -> Result<Vec<Device>> {
        crate::authz::read(self.actor, Entity::Device)?;
        let sql = format!("SELECT {} FROM devices ORDER BY id", select_list(Entity::Device));
        query_all(self, Entity::Device, &sql, &[])
    }
}

impl Tx<'_> {
    /// Adds a user (managers only).
    pub fn add_user(&mut self, fields: UserFields) -> Result<User> {
        self.insert(fields)
    }

    /// Adds a team (managers only).
    pub fn add_team(&mut self, name: &str) -> Result<Team> {
        self.insert(TeamFields { name: name.into() })
    }

    /// Archives a user; nobody can archive themselves, so an organisation always keeps a manager.
    pub fn archive_user(&mut self, id: UserId) -> Result<()> {
        if id == self.actor.user_id {
            return Err(Error::invalid("id", "You cannot remove your own account."));
        }
        self.archive_record::<UserFields>(id)
    }
}

/// How long the app may sit unused before it locks itself, unless a manager chooses otherwise.
pub const DEFAULT_LOCK_MINUTES: u32 = 5;
/// The longest a manager may choose: the app always locks in the end.
pub const MAX_LOCK_MINUTES: u32 = 15;

/// How long the app may sit unused before it locks: the organisation's setting, shortened (never
/// lengthened, never switched off) by what this computer asks for (`THROUGHCARE_LOCK_MINUTES`).
pub fn lock_after(setting: u32, requested: Option<&str>) -> u32 {
    let setting = setting.clamp(1, MAX_LOCK_MINUTES);
    match requested.and_then(|r| r.trim().parse::<u32>().ok()) {
        Some(m) => m.clamp(1, setting),
        None => setting,
    }
}

/// What other computers call this one when nobody named it: "Morgan Hale's computer". Never "This
/// computer", which would mislead on every other device.
pub fn computer_name_for(person: &str) -> String {
    match person.trim() {
        "" => "The first computer".to_owned(),
        name => format!("{name}'s computer"),
    }
}

impl Reader<'_> {
    /// One user's name (archived users too), or none when there is no such user: for a screen that
    /// names a few people, rather than listing every user (thousands, in a large organisation).
    pub(crate) fn user_name(&self, id: UserId) -> Result<Option<String>> {
        crate::authz::read(self.actor, Entity::User)?;
        Ok(self
            .conn()?
            .prepare_cached("SELECT display_name FROM users WHERE id = :id")?
            .query_row(rusqlite::named_params! {":id": id}, |r| r.get(0))
            .optional()?)
    }

    /// The organisation's name.
    pub fn organisation_name(&self) -> Result<String> {
        Ok(self.conn()?.query_row("SELECT name FROM organisations ORDER BY id LIMIT 1", [], |r| r.get(0))?)
    }

    /// Minutes the app may sit unused before it locks (the organisation's setting, 1 to 15).
    pub fn lock_minutes(&self) -> Result<u32> {
        let m: Option<i64> = self
            .conn()?
            .query_row("SELECT lock_minutes FROM organisations ORDER BY id LIMIT 1", [], |r| r.get(0))
            .map_err(crate::Error::from)?;
        Ok(m.and_then(|m| u32::try_from(m).ok())
            .filter(|m| (1..=MAX_LOCK_MINUTES).contains(m))
            .unwrap_or(DEFAULT_LOCK_MINUTES))
    }
}

impl Tx<'_> {
    /// Sets how long the app may sit unused before it locks, for the whole organisation (managers).
    pub fn set_lock_minutes(&mut self, minutes: u32) -> Result<()> {
        crate::authz::write(self.actor, Entity::Organisation)?;
        if !(1..=MAX_LOCK_MINUTES).contains(&minutes) {
            return Err(Error::invalid(
                "lock_minutes",
                format!("Choose between 1 and {MAX_LOCK_MINUTES} minutes. The app always locks in the end."),
            ));
        }
        let detail = format!("lock after {minutes} minutes");
        self.set_organisation_setting("lock_minutes", serde_json::Value::from(minutes), &detail)
    }

    /// Sets one of the organisation's settings (managers), as a change that syncs, and audits it
    /// with `detail` (what it is now, in words; never a personal value).
    pub(crate) fn set_organisation_setting(
        &mut self,
        field: &str,
        value: serde_json::Value,
        detail: &str,
    ) -> Result<()> {
        crate::authz::write(self.actor, Entity::Organisation)?;
        let org: crate::ids::OrgId =
            self.reader()
                .conn()?
                .query_row("SELECT id FROM organisations ORDER BY id LIMIT 1", [], |r| r.get(0))?;
        let org = org.to_string();
        let mut fields = serde_json::Map::new();
        fields.insert(Entity::Organisation.column(field)?.name.to_owned(), value);
        self.set(Entity::Organisation, &org, fields)?;
        self.audit(crate::audit::AuditAction::Settings, None, None, Some(detail))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_always_locks_within_the_organisations_limit() {
        assert_eq!(lock_after(5, None), 5);
        assert_eq!(lock_after(5, Some("1")), 1);
        assert_eq!(lock_after(5, Some("60")), 5, "the environment cannot lengthen it");
        assert_eq!(lock_after(5, Some("0")), 1, "nor switch it off");
        assert_eq!(lock_after(5, Some("never")), 5);
        assert_eq!(lock_after(40, None), MAX_LOCK_MINUTES);
    }

    #[test]
    fn the_first_computer_is_named_after_its_person() {
        assert_eq!(computer_name_for("  Morgan Hale "), "Morgan Hale's computer");
        assert_eq!(computer_name_for(""), "The first computer");
    }
}
