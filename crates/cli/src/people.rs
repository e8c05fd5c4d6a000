//! People and settings: who uses the app, who may unlock this database, shares and caseloads, your own
//! passphrase, and how soon the app locks. Each command is one core call, as the acting user.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use throughcare_core::enums::Role;
use throughcare_core::ids::{ClientId, MentorId, TeamId, UserId};
use throughcare_core::model::shares::ShareWith;
use throughcare_core::people::{NewPerson, PersonChange};
use throughcare_core::time::today_london;
use throughcare_core::{Actor, Store};

use crate::Cli;
use crate::commands::CliError;
use crate::passphrase;
use crate::sync::find_user;

/// A role, as typed.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// Works with their own caseload.
    Caseworker,
    /// Sees everything, manages people and exports.
    Manager,
    /// A volunteer who goes with the people linked to them.
    PeerMentor,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Caseworker => Role::Caseworker,
            RoleArg::Manager => Role::Manager,
            RoleArg::PeerMentor => Role::PeerMentor,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Everyone who uses the app: role, team, open caseload, and whether they can unlock here.
    List,
    /// Add a person. With --can-unlock-here they type their own passphrase at this computer.
    Add {
        /// Their name, as they will type it to unlock.
        name: String,
        /// What they may do.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Their team's name.
        #[arg(long, value_name = "TEAM")]
        team: Option<String>,
        /// For a peer mentor: their mentor record's name.
        #[arg(long, value_name = "MENTOR")]
        mentor: Option<String>,
        /// Let them unlock this computer (asks for their passphrase).
        #[arg(long)]
        can_unlock_here: bool,
        /// Their passphrase, from this file (first line), instead of asking.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Change a person's role, team or name.
    Change {
        /// Who (name or id).
        who: String,
        /// New role.
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        /// New team's name.
        #[arg(long, value_name = "TEAM")]
        team: Option<String>,
        /// For a peer mentor: their mentor record's name.
        #[arg(long, value_name = "MENTOR")]
        mentor: Option<String>,
        /// A new name.
        #[arg(long, value_name = "NAME")]
        rename: Option<String>,
    },
    /// Let a person unlock this computer with their own passphrase (they type it).
    UnlockHere {
        /// Who (name or id).
        who: String,
        /// Their passphrase, from this file (first line), instead of asking.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Stop a person unlocking this computer (their account stays).
    NoUnlockHere {
        /// Who (name or id).
        who: String,
    },
    /// Remove a person: they can no longer unlock this or any computer that syncs with it.
    Remove {
        /// Who (name or id).
        who: String,
    },
    /// Share a client with another caseworker or a team.
    Share {
        /// The client's id (from `throughcare client find`).
        client: String,
        /// A caseworker (name or id).
        #[arg(long, value_name = "NAME", conflicts_with = "team", required_unless_present = "team")]
        with: Option<String>,
        /// A team's name.
        #[arg(long, value_name = "TEAM")]
        team: Option<String>,
    },
    /// Move one caseworker's open caseload to another.
    MoveCaseload {
        /// From (name or id).
        from: String,
        /// To (name or id).
        #[arg(long, value_name = "NAME")]
        to: String,
    },
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only entries about this client (their id), with the changes made to their records.
    #[arg(long, value_name = "ID")]
    pub client: Option<String>,
    /// Only what this person did (name or id).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Only this action (view, export, unlock, unlock_failed, change, share, erase…).
    #[arg(long, value_name = "ACTION")]
    pub action: Option<String>,
    /// From this day (03/11/2026 or 2026-11-03).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// To this day.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Write every matching line to this CSV file instead of showing the latest 50.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PassphraseArgs {
    /// Your new passphrase, from this file (first line), instead of asking.
    #[arg(long, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Minutes the app may sit unused before it locks itself (1 to 15).
    LockMinutes {
        /// Minutes.
        minutes: u32,
    },
    /// Years a person's details are kept after their support closed (1 to 20; 6 unless set).
    KeepYears {
        /// Years.
        years: u32,
    },
}

fn user_id(store: &Store, actor: &Actor, who: &str) -> Result<UserId, CliError> {
    find_user(store, actor, who)?
        .ok_or_else(|| CliError::Message(format!("Nobody called '{who}' uses the app.")))
}

fn team_id(store: &Store, actor: &Actor, name: &str) -> Result<TeamId, CliError> {
    store
        .reader(actor)
        .teams()?
        .into_iter()
        .find(|t| t.fields.name.eq_ignore_ascii_case(name.trim()))
        .map(|t| t.id)
        .ok_or_else(|| CliError::Message(format!("There is no team called '{name}'.")))
}

fn mentor_id(store: &Store, actor: &Actor, name: &str) -> Result<MentorId, CliError> {
    store
        .reader(actor)
        .mentors(false)?
        .into_iter()
        .find(|m| m.fields.display_name.eq_ignore_ascii_case(name.trim()))
        .map(|m| m.id)
        .ok_or_else(|| CliError::Message(format!("There is no peer mentor called '{name}'.")))
}

pub fn user(_cli: &Cli, store: &mut Store, actor: &Actor, cmd: &UserCommand) -> Result<(), CliError> {
    match cmd {
        UserCommand::List => {
            let people = store.people(actor)?;
            println!("{:<28} {:<12} {:<20} {:>9}  Unlocks here", "Name", "Role", "Team", "Caseload");
            for p in people {
                let role = match p.user.fields.role {
                    Role::Manager => "manager",
                    Role::Caseworker => "caseworker",
                    Role::PeerMentor => "peer mentor",
                };
                let mut name = p.user.fields.display_name.clone();
                if p.user.archived_at.is_some() {
                    name.push_str(" (removed)");
                }
                if p.is_me {
                    name.push_str(" (you)");
                }
                println!(
                    "{name:<28} {role:<12} {:<20} {:>9}  {}",
                    p.team_name.unwrap_or_default(),
                    p.open_caseload,
                    if p.can_unlock_here { "yes" } else { "no" }
                );
            }
        }
        UserCommand::Add { name, role, team, mentor, can_unlock_here, new_passphrase_file } => {
            let team_id = team.as_deref().map(|t| team_id(store, actor, t)).transpose()?;
            let mentor_id = mentor.as_deref().map(|m| mentor_id(store, actor, m)).transpose()?;
            let pass = if *can_unlock_here || new_passphrase_file.is_some() {
                Some(passphrase::new_for(new_passphrase_file.as_deref(), &format!("{name}'s passphrase"))?)
            } else {
                None
            };
            let new = NewPerson {
                display_name: name.clone(),
                role: (*role).into(),
                team_id,
                mentor_id,
                email: None,
            };
            let u = store.add_person(actor, new, pass.as_deref())?;
            println!("Added {}.", u.fields.display_name);
            if pass.is_some() {
                println!("They can unlock this computer with their name and their own passphrase.");
            }
        }
        UserCommand::Change { who, role, team, mentor, rename } => {
            let id = user_id(store, actor, who)?;
            let change = PersonChange {
                display_name: rename.clone(),
                role: role.map(Into::into),
                team_id: team.as_deref().map(|t| team_id(store, actor, t)).transpose()?,
                mentor_id: mentor.as_deref().map(|m| mentor_id(store, actor, m)).transpose()?,
                clear_team: false,
            };
            let u = store.change_person(actor, id, change)?;
            println!("Changed {}.", u.fields.display_name);
        }
        UserCommand::UnlockHere { who, new_passphrase_file } => {
            let id = user_id(store, actor, who)?;
            let pass = passphrase::new_for(new_passphrase_file.as_deref(), &format!("{who}'s passphrase"))?;
            store.let_unlock(actor, id, &pass)?;
            println!("{who} can now unlock this computer with their name and their own passphrase.");
        }
        UserCommand::NoUnlockHere { who } => {
            let id = user_id(store, actor, who)?;
            store.stop_unlock(actor, id)?;
            println!("{who} can no longer unlock this computer.");
        }
        UserCommand::Remove { who } => {
            let id = user_id(store, actor, who)?;
            store.remove_person(actor, id)?;
            println!("Removed {who}. Other computers stop them too when they import your next sync file.");
        }
        UserCommand::Share { client, with, team } => {
            let client: ClientId = client.parse()?;
            let to = match (with, team) {
                (Some(w), _) => ShareWith::User(user_id(store, actor, w)?),
                (None, Some(t)) => ShareWith::Team(team_id(store, actor, t)?),
                (None, None) => {
                    return Err(CliError::Usage("Say who to share with: --with NAME or --team TEAM.".into()));
                }
            };
            store.write(actor, |tx| tx.share_client(client, to, today_london()))?;
            println!("Shared.");
        }
        UserCommand::MoveCaseload { from, to } => {
            let from = user_id(store, actor, from)?;
            let to_id = user_id(store, actor, to)?;
            let n = store.write(actor, |tx| tx.reassign_caseload(from, to_id))?;
            println!("Moved {n} open cases to {to}.");
        }
    }
    Ok(())
}

pub fn change_passphrase(
    cli: &Cli,
    store: &mut Store,
    actor: &Actor,
    a: &PassphraseArgs,
) -> Result<(), CliError> {
    let old = passphrase::existing(cli.global.passphrase_file.as_deref(), "Current passphrase: ")?;
    let new = passphrase::new_for(a.new_passphrase_file.as_deref(), "your new passphrase")?;
    store.change_passphrase(actor, &old, &new)?;
    println!("Changed. Use your new passphrase from now on; nothing else changed.");
    Ok(())
}

pub fn settings(store: &mut Store, actor: &Actor, cmd: &SettingsCommand) -> Result<(), CliError> {
    match cmd {
        SettingsCommand::LockMinutes { minutes } => {
            store.write(actor, |tx| tx.set_lock_minutes(*minutes))?;
            println!("The app now locks after {minutes} minutes unused, on every computer once synced.");
        }
        SettingsCommand::KeepYears { years } => {
            store.write(actor, |tx| tx.set_retention_years(*years))?;
            let due = store.reader(actor).retention_due(throughcare_core::time::today_london())?;
            println!(
                "Records are now kept {years} year{} after support closed. {} past that now: see `throughcare retention list`.",
                if *years == 1 { "" } else { "s" },
                due.total
            );
        }
    }
    Ok(())
}

pub fn audit(store: &mut Store, actor: &Actor, a: &AuditArgs) -> Result<(), CliError> {
    use throughcare_core::audit::{AuditAction, AuditFilter};
    use throughcare_core::enums::ClosedSet;
    use throughcare_core::time::parse_uk_date;
    let action = match &a.action {
        Some(code) => {
            Some(AuditAction::ALL.iter().copied().find(|x| x.code() == code.trim()).ok_or_else(|| {
                let all: Vec<&str> = AuditAction::ALL.iter().map(|x| x.code()).collect();
                CliError::Usage(format!("'{code}' is not an action. Use one of: {}.", all.join(", ")))
            })?)
        }
        None => None,
    };
    let filter = AuditFilter {
        client_id: a.client.as_deref().map(str::parse).transpose()?,
        user_id: a.by.as_deref().map(|b| user_id(store, actor, b)).transpose()?,
        action,
        from: a.from.as_deref().map(|d| parse_uk_date("from", d)).transpose()?,
        to: a.to.as_deref().map(|d| parse_uk_date("to", d)).transpose()?,
    };
    if let Some(out) = &a.csv {
        let bytes = store.audit_csv(actor, &filter)?;
        crate::sync::write_new(out, &bytes, false)?;
        println!("Wrote the matching audit entries to {}.", out.display());
        return Ok(());
    }
    let page = store.audit_entries(actor, &filter, throughcare_core::model::Page { offset: 0, limit: 50 })?;
    for r in &page.items {
        let mut line = format!("{}  {:<24} {}", r.at.london_display(), r.user_name, r.action.label());
        if let Some(rec) = &r.record {
            line.push_str(&format!(" ({rec})"));
        }
        if let Some(c) = r.client_id {
            line.push_str(&format!("  client {c}"));
        }
        if let Some(d) = &r.detail {
            line.push_str(&format!("  {d}"));
        }
        println!("{line}");
    }
    println!("{} of {} entries shown, newest first.", page.items.len(), page.total);
    Ok(())
}
