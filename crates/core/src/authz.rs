//! Who may do what: the rules by role and record kind.
//!
//! Every repository call passes its acting user through here before it touches the database. Which
//! records and fields a user sees (their caseload, their linked clients, no health detail for a peer
//! mentor) is their scope, laid over every query by [`crate::scope`]; this module says which kinds of
//! record and which actions a role may use at all, with the refusal in words a person understands.

use crate::entity::Entity;
use crate::enums::Role;
use crate::store::Actor;
use crate::{Error, Result};

/// Actions that are not plain reads or writes of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Export what the user may see.
    Export,
    /// Take a backup.
    Backup,
    /// Import a spreadsheet of clients.
    Import,
    /// Fill the database with demo data.
    Seed,
    /// Check the database.
    Verify,
    /// Exchange sync bundles with other devices.
    Sync,
    /// Settle a conflict between two devices' edits.
    ResolveConflict,
    /// Invite a new device into the organisation.
    Invite,
    /// Erase a person's personal data everywhere (a `redact`).
    Erase,
    /// Read and export the audit log.
    Audit,
    /// Give a person everything held about them (a subject access request).
    SubjectAccess,
}

/// May `actor` read records of this kind at all? (Which ones, is their scope.)
pub fn read(actor: &Actor, entity: Entity) -> Result<()> {
    if crate::scope::can_see(actor.role, entity) {
        Ok(())
    } else {
        Err(Error::Forbidden { action: read_words(entity) })
    }
}

fn read_words(entity: Entity) -> &'static str {
    match entity {
        Entity::Episode => "see episodes of support",
        Entity::CustodyEpisode => "see custody history",
        Entity::Referral | Entity::ReferralEvent => "see referrals",
        Entity::SupportContact => "read support notes",
        Entity::Task => "see tasks",
        Entity::ClientShare => "see who a client is shared with",
        Entity::Measure => "see outcome measures",
        Entity::Consent => "see consent",
        Entity::RetentionReview => "review records past their keeping time",
        Entity::ClientMerge => "see merges of records",
        _ => "see these records",
    }
}

/// May `actor` create or change records of this kind?
pub fn write(actor: &Actor, entity: Entity) -> Result<()> {
    use Entity::*;
    let ok = match actor.role {
        Role::Manager => true,
        Role::Caseworker => !matches!(
            entity,
            Organisation
                | Team
                | User
                | Device
                | DeviceUser
                | ClientShare
                | OrgKey
                | Service
                | ClientMerge
                | RetentionReview
        ),
        // Their own mentor record too, but only when they are free ([`write_fields`]).
        Role::PeerMentor => matches!(entity, Appointment | Task | PeerMentor),
    };
    if ok { Ok(()) } else { Err(Error::Forbidden { action: write_words(entity) }) }
}

/// A peer mentor's fields saying when they are free: theirs and a manager's to change.
pub const AVAILABILITY_FIELDS: [&str; 3] = ["weekly_availability", "availability_exceptions", "travel_area"];

/// May `actor` write these fields of a record of this kind? (After [`write`]; which record, is their
/// scope: a peer mentor reads no mentor record but their own.) A mentor's availability is theirs and a
/// manager's to set; a peer mentor changes nothing else about their record.
pub fn write_fields<'a>(
    actor: &Actor,
    entity: Entity,
    mut fields: impl Iterator<Item = &'a str>,
) -> Result<()> {
    if entity != Entity::PeerMentor {
        return Ok(());
    }
    let refused = |action| Err(Error::Forbidden { action });
    match actor.role {
        Role::Manager => Ok(()),
        Role::Caseworker if fields.any(|f| AVAILABILITY_FIELDS.contains(&f)) => {
            refused("change when a peer mentor is free")
        }
        Role::PeerMentor if !fields.all(|f| AVAILABILITY_FIELDS.contains(&f)) => {
            refused("change peer mentor records")
        }
        _ => Ok(()),
    }
}

fn write_words(entity: Entity) -> &'static str {
    match entity {
        Entity::Organisation => "change the organisation",
        Entity::Team => "change teams",
        Entity::User => "manage users",
        Entity::Device | Entity::DeviceUser | Entity::OrgKey => "manage devices",
        Entity::Client | Entity::Episode | Entity::CustodyEpisode => "change client records",
        Entity::Service => "change the service directory",
        Entity::PeerMentor | Entity::MentorLink => "change peer mentor records",
        Entity::Referral | Entity::ReferralEvent => "change referrals",
        Entity::SupportContact => "log support contacts",
        Entity::Appointment => "change appointments",
        Entity::Task => "change tasks",
        Entity::ClientShare => "share clients",
        Entity::Measure => "record outcome measures",
        Entity::Consent => "record consent",
        Entity::RetentionReview => "review records past their keeping time",
        Entity::ClientMerge => "merge records",
    }
}

/// May `actor` do this?
pub fn require(actor: &Actor, action: Action) -> Result<()> {
    let ok = match action {
        Action::Backup | Action::Seed | Action::Verify | Action::Invite | Action::Erase | Action::Audit => {
            actor.role == Role::Manager
        }
        // What an export holds is the user's scope.
        Action::Export => true,
        Action::Import | Action::Sync | Action::ResolveConflict | Action::SubjectAccess => {
            matches!(actor.role, Role::Manager | Role::Caseworker)
        }
    };
    if ok {
        Ok(())
    } else {
        Err(Error::Forbidden {
            action: match action {
                Action::Export => "export the organisation's data",
                Action::Backup => "take a backup",
                Action::Import => "import clients",
                Action::Seed => "add demo data",
                Action::Verify => "check the database",
                Action::Sync => "exchange sync files",
                Action::ResolveConflict => "settle conflicting changes",
                Action::Invite => "invite a new device",
                Action::Erase => "erase a person's details",
                Action::Audit => "see the audit log",
                Action::SubjectAccess => "give a person everything held about them",
            },
        })
    }
}

/// What the acting user's role lets them use, so the app offers only that (core still refuses
/// anything else). Decided here, from the same rules that refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Abilities {
    /// The client list and client records.
    pub clients: bool,
    /// Referrals.
    pub referrals: bool,
    /// The peer mentor directory and profiles.
    pub mentors: bool,
    /// Exchanging sync files and settling conflicts.
    pub sync: bool,
    /// The Users screen: people, roles, teams, shares, caseloads, who unlocks this computer.
    pub manage_people: bool,
    /// The Audit screen.
    pub audit: bool,
    /// Organisation settings (how soon the app locks).
    pub settings: bool,
    /// The peer mentor's own view of the people linked to them.
    pub mentor_home: bool,
    /// The monthly summary (a manager: anyone's; a caseworker: their own caseload's).
    pub reports: bool,
    /// Erasing a person's details (managers).
    pub erase: bool,
    /// Giving a person everything held about them (managers and caseworkers).
    pub subject_access: bool,
}

/// What `actor` may use.
pub fn abilities(actor: &Actor) -> Abilities {
    let ok = |a: Action| require(actor, a).is_ok();
    Abilities {
        clients: read(actor, Entity::SupportContact).is_ok(),
        referrals: read(actor, Entity::Referral).is_ok(),
        mentors: actor.role != Role::PeerMentor,
        sync: ok(Action::Sync),
        manage_people: write(actor, Entity::User).is_ok(),
        audit: ok(Action::Audit),
        settings: write(actor, Entity::Organisation).is_ok(),
        mentor_home: actor.role == Role::PeerMentor && actor.mentor_id.is_some(),
        reports: actor.role != Role::PeerMentor,
        erase: ok(Action::Erase),
        subject_access: ok(Action::SubjectAccess),
    }
}

impl crate::store::Store {
    /// What `actor` may use on this computer: as [`abilities`], and a peer mentor may exchange sync
    /// files on their own computer, which holds only their share.
    pub fn abilities(&self, actor: &Actor) -> Result<Abilities> {
        let mut can = abilities(actor);
        if actor.role == Role::PeerMentor && actor.mentor_id.is_some() && self.share_of()? == actor.mentor_id
        {
            can.sync = true;
        }
        Ok(can)
    }
}
