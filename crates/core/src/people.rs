//! The people who use the app, and who may unlock this computer.
//!
//! A person is a user record (synced, so every device knows who wrote what); being able to unlock
//! *this* computer is a wrapping of its database key in the key file beside the database
//! ([`crate::keyfile`]). A manager adds a person, lets them unlock this computer (they type their own
//! passphrase at it), changes their role or team, or removes them; a person changes their own
//! passphrase. The database change and the key file change are two steps, ordered so that a crash
//! between them leaves a state that works and is safe: a person added but not yet able to unlock here
//! (a manager tries again), or a person removed whose wrapping is dropped the next time anyone unlocks.
//! Nothing re-encrypts the data.

use serde::{Deserialize, Serialize};

use crate::audit::AuditAction;
use crate::authz;
use crate::entity::Entity;
use crate::enums::{ClosedSet, Role};
use crate::ids::DeviceUserId;
use crate::ids::{MentorId, TeamId, UserId};
use crate::keyfile::{KdfCost, KeyFile, Unlocked, check_new_passphrase};
use crate::model::users::{DeviceUserFields, User, UserFields, UserPatch};
use crate::store::{Actor, Store};
use crate::{Error, Result};

/// A person as the Users screen shows them.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct PersonRow {
    /// Their user record.
    pub user: User,
    /// Their team's name.
    pub team_name: Option<String>,
    /// For a peer mentor, their mentor record's name.
    pub mentor_name: Option<String>,
    /// Clients whose support is open and who are on their caseload.
    #[ts(type = "number")]
    pub open_caseload: u64,
    /// Whether they can unlock this computer.
    pub can_unlock_here: bool,
    /// Whether this is the person using the app.
    pub is_me: bool,
}

/// A new person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    /// Their name, as they will type it to unlock.
    pub display_name: String,
    /// What they may do.
    pub role: Role,
    /// Their team.
    #[serde(default)]
    pub team_id: Option<TeamId>,
    /// For a peer mentor, their mentor record.
    #[serde(default)]
    pub mentor_id: Option<MentorId>,
    /// Their email.
    #[serde(default)]
    pub email: Option<String>,
}

/// A change to a person's role, team or name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct PersonChange {
    /// New name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// New role.
    #[serde(default)]
    pub role: Option<Role>,
    /// New team (`null` leaves it as it is).
    #[serde(default)]
    pub team_id: Option<TeamId>,
    /// Take them out of their team (they then belong to none).
    #[serde(default)]
    pub clear_team: bool,
    /// For a peer mentor, their mentor record.
    #[serde(default)]
    pub mentor_id: Option<MentorId>,
}

impl Store {
    fn key_file(&self) -> Result<KeyFile> {
        KeyFile::read_for(self.path())
    }

    /// Everyone who uses the app, with their team, caseload and whether they can unlock here
    /// (managers only: it is the Users screen).
    pub fn people(&self, actor: &Actor) -> Result<Vec<PersonRow>> {
        authz::write(actor, Entity::User)?;
        let here = self.key_file()?.people();
        let r = self.reader(actor);
        let teams: std::collections::HashMap<_, _> =
            r.teams()?.into_iter().map(|t| (t.id, t.fields.name)).collect();
        let mentors: std::collections::HashMap<_, _> =
            r.mentors(true)?.into_iter().map(|m| (m.id, m.fields.display_name)).collect();
        let conn = r.conn()?;
        let mut out = Vec::new();
        for user in r.users(true)? {
            let open_caseload: i64 = conn
                .prepare_cached(
                    "SELECT count(*) FROM clients c WHERE c.caseworker_id = :u AND c.archived_at IS NULL
                     AND EXISTS (SELECT 1 FROM episodes e WHERE e.client_id = c.id AND e.closed_on IS NULL AND e.archived_at IS NULL)",
                )?
                .query_row(rusqlite::named_params! {":u": user.id}, |row| row.get(0))?;
            out.push(PersonRow {
                team_name: user.fields.team_id.and_then(|t| teams.get(&t).cloned()),
                mentor_name: user.fields.mentor_id.and_then(|m| mentors.get(&m).cloned()),
                open_caseload: u64::try_from(open_caseload).unwrap_or(0),
                can_unlock_here: here.contains(&user.id),
                is_me: user.id == actor.user_id,
                user,
            });
        }
        Ok(out)
    }

    /// Adds a person (managers only). With a passphrase, which they type themselves at this computer,
    /// they can unlock it straight away.
    pub fn add_person(&mut self, actor: &Actor, new: NewPerson, passphrase: Option<&str>) -> Result<User> {
        authz::write(actor, Entity::User)?;
        if let Some(p) = passphrase {
            let org = self.organisation_name()?;
            check_new_passphrase(p, &[&new.display_name, &org])?;
        }
        let same = self.reader(actor).users(false)?.into_iter().any(|u| {
            crate::keyfile::fold_name(&u.fields.display_name) == crate::keyfile::fold_name(&new.display_name)
        });
        if same {
            return Err(Error::invalid(
                "display_name",
                "Someone is already called that. People unlock with their name, so each needs a different one (add an initial).",
            ));
        }
        let user = self.write(actor, |tx| {
            let user = tx.add_user(UserFields {
                display_name: new.display_name,
                role: new.role,
                email: new.email,
                team_id: new.team_id,
                mentor_id: new.mentor_id,
            })?;
            tx.audit(
                AuditAction::UserAdd,
                Some(Entity::User),
                Some(&user.id.to_string()),
                Some(new.role.code()),
            )?;
            Ok(user)
        })?;
        if let Some(p) = passphrase {
            self.let_unlock(actor, user.id, p)?;
        }
        Ok(user)
    }

    /// Lets a current user unlock this computer with their own passphrase, which they type here
    /// (managers only). Replaces any passphrase they had on this computer.
    pub fn let_unlock(&mut self, actor: &Actor, user: UserId, passphrase: &str) -> Result<()> {
        authz::write(actor, Entity::User)?;
        self.actor(user)
            .map_err(|_| Error::invalid("user_id", "That person is not a current user of this app."))?;
        let name = self.display_name(user)?;
        let org = self.organisation_name()?;
        check_new_passphrase(passphrase, &[&name, &org])?;
        let mut kf = self.key_file()?;
        let cost = kf.target();
        let cost = if cost == KdfCost::MINIMUM { cost } else { KdfCost::calibrated().max_with(cost) };
        // The binding first (it syncs, so other computers accept what they do here), then the key.
        let id = user.to_string();
        let device = self.device_id();
        self.write(actor, |tx| {
            bind(tx, device, user)?;
            tx.audit(AuditAction::DeviceAccess, Some(Entity::User), Some(&id), None)
        })?;
        kf.add_person(self.key(), user, &name, passphrase, cost)?;
        kf.write_for(self.path())
    }

    /// Stops a person unlocking this computer (managers only). Their account stays.
    pub fn stop_unlock(&mut self, actor: &Actor, user: UserId) -> Result<()> {
        authz::write(actor, Entity::User)?;
        if user == actor.user_id {
            return Err(Error::invalid(
                "user_id",
                "You cannot stop yourself unlocking this computer. Another manager can.",
            ));
        }
        let mut kf = self.key_file()?;
        if kf.remove(Unlocked::Person(user)) {
            kf.write_for(self.path())?;
        }
        let id = user.to_string();
        self.write(actor, |tx| {
            tx.audit(AuditAction::DeviceAccessRemoved, Some(Entity::User), Some(&id), None)
        })
    }

    /// Changes a person's role, team or name (managers only). A manager cannot change their own role,
    /// so an organisation always keeps one.
    pub fn change_person(&mut self, actor: &Actor, user: UserId, change: PersonChange) -> Result<User> {
        authz::write(actor, Entity::User)?;
        if user == actor.user_id && change.role.is_some_and(|r| r != actor.role) {
            return Err(Error::invalid("role", "You cannot change your own role. Another manager can."));
        }
        let renamed = change.display_name.clone();
        let updated = self.write(actor, |tx| {
            let patch = UserPatch {
                display_name: change.display_name,
                role: change.role,
                team_id: if change.clear_team { Some(None) } else { change.team_id.map(Some) },
                mentor_id: change.mentor_id.map(Some),
                email: None,
            };
            let u = tx.update::<UserFields>(user, patch)?;
            tx.audit(
                AuditAction::UserChange,
                Some(Entity::User),
                Some(&user.to_string()),
                Some(u.fields.role.code()),
            )?;
            Ok(u)
        })?;
        if let Some(name) = renamed {
            let mut kf = self.key_file()?;
            kf.rename(user, &name);
            kf.write_for(self.path())?;
        }
        Ok(updated)
    }

    /// Removes a person (managers only): their account is archived, which syncs, and they can no
    /// longer unlock this or any other computer that learns of it. Their caseload stays where it is
    /// until a manager moves it.
    pub fn remove_person(&mut self, actor: &Actor, user: UserId) -> Result<()> {
        authz::write(actor, Entity::User)?;
        self.write(actor, |tx| {
            tx.archive_user(user)?;
            tx.audit(AuditAction::UserRemove, Some(Entity::User), Some(&user.to_string()), None)
        })?;
        let mut kf = self.key_file()?;
        if kf.remove(Unlocked::Person(user)) {
            kf.write_for(self.path())?;
        }
        Ok(())
    }

    /// Changes the acting person's own passphrase on this computer.
    pub fn change_passphrase(&mut self, actor: &Actor, old: &str, new: &str) -> Result<()> {
        let name = self.display_name(actor.user_id)?;
        let org = self.organisation_name()?;
        check_new_passphrase(new, &[&name, &org]).map_err(|e| match e {
            Error::Validation { message, .. } => Error::invalid("new_passphrase", message),
            e => e,
        })?;
        let mut kf = self.key_file()?;
        let cost = kf.target();
        kf.change_passphrase(actor.user_id, &name, old, new, cost)?;
        kf.write_for(self.path())?;
        self.write(actor, |tx| tx.audit(AuditAction::PassphraseChange, None, None, None))
    }

    /// Brings the key file up to date with the people the database knows: drops removed people,
    /// and lets renamed people unlock with their new name (after a sync brought the change).
    pub(crate) fn refresh_key_file(&self) -> Result<()> {
        let mut kf = self.key_file()?;
        let mut changed = false;
        for user in kf.people() {
            if self.actor(user).is_err() {
                changed |= kf.remove(Unlocked::Person(user));
            } else {
                let name = self.display_name(user)?;
                changed |= kf.rename(user, &name);
            }
        }
        if changed {
            kf.write_for(self.path())?;
        }
        Ok(())
    }

    fn organisation_name(&self) -> Result<String> {
        Ok(self
            .conn()
            .query_row("SELECT name FROM main.organisations ORDER BY id LIMIT 1", [], |r| r.get(0))?)
    }
}

/// The current bindings of a person to a computer.
fn bindings(
    tx: &crate::store::Tx<'_>,
    device: crate::ids::DeviceId,
    user: UserId,
) -> Result<Vec<DeviceUserId>> {
    let conn = tx.reader().conn()?;
    let mut st = conn.prepare_cached(
        "SELECT id FROM main.device_users WHERE device_id = :d AND user_id = :u AND archived_at IS NULL",
    )?;
    let rows = st.query_map(rusqlite::named_params! {":d": device, ":u": user}, |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Binds a person to a computer (unless they own it or are bound already), as a record that syncs.
fn bind(tx: &mut crate::store::Tx<'_>, device: crate::ids::DeviceId, user: UserId) -> Result<()> {
    let owner: Option<UserId> = tx.reader().conn()?.query_row(
        "SELECT user_id FROM main.devices WHERE id = :d",
        rusqlite::named_params! {":d": device},
        |r| r.get(0),
    )?;
    if owner == Some(user) || !bindings(tx, device, user)?.is_empty() {
        return Ok(());
    }
    tx.insert(DeviceUserFields { device_id: device, user_id: user })?;
    Ok(())
}

impl KdfCost {
    /// The dearer of two costs, field by field.
    pub fn max_with(self, other: KdfCost) -> KdfCost {
        KdfCost {
            memory_kib: self.memory_kib.max(other.memory_kib),
            iterations: self.iterations.max(other.iterations),
            parallelism: self.parallelism.max(other.parallelism),
        }
    }
}
