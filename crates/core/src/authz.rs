//! Who may do what: the one place where roles are enforced.
//!
//! Every repository call passes its acting user through here before it touches the database. For now
//! the rules are by role and record kind; the caseload rules (a caseworker sees their own caseload, a
//! peer mentor only their linked clients and no health detail) are added here, and only here.

use crate::entity::Entity;
use crate::enums::Role;
use crate::store::Actor;
use crate::{Error, Result};

/// Actions that are not plain reads or writes of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Export the whole database.
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
}

/// May `actor` read records of this kind?
pub fn read(_actor: &Actor, _entity: Entity) -> Result<()> {
    Ok(())
}

/// May `actor` create or change records of this kind?
pub fn write(actor: &Actor, entity: Entity) -> Result<()> {
    use Entity::*;
    let ok = match actor.role {
        Role::Manager => true,
        Role::Caseworker => !matches!(entity, Organisation | Team | User | Device),
        Role::PeerMentor => matches!(entity, Appointment | Task),
    };
    if ok { Ok(()) } else { Err(Error::Forbidden { action: write_words(entity) }) }
}

fn write_words(entity: Entity) -> &'static str {
    match entity {
        Entity::Organisation => "change the organisation",
        Entity::Team => "change teams",
        Entity::User => "manage users",
        Entity::Device => "manage devices",
        Entity::Client | Entity::Episode | Entity::CustodyEpisode => "change client records",
        Entity::Service => "change the service directory",
        Entity::PeerMentor | Entity::MentorLink => "change peer mentor records",
        Entity::Referral | Entity::ReferralEvent => "change referrals",
        Entity::SupportContact => "log support contacts",
        Entity::Appointment => "change appointments",
        Entity::Task => "change tasks",
    }
}

/// May `actor` do this?
pub fn require(actor: &Actor, action: Action) -> Result<()> {
    let ok = match action {
        Action::Export | Action::Backup | Action::Seed | Action::Verify | Action::Invite | Action::Erase => {
            actor.role == Role::Manager
        }
        Action::Import | Action::Sync | Action::ResolveConflict => {
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
            },
        })
    }
}
