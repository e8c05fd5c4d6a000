//! People, shares, caseloads, settings, the audit log and the peer mentor's own view: each command
//! one core call as the person who unlocked. Core decides who may do what and refuses the rest.

use serde::Serialize;
use tauri::{AppHandle, State};
use throughcare_core::audit::AuditRow;
use throughcare_core::mentoring::MentorHome;
use throughcare_core::model::Paged;
use throughcare_core::model::shares::Share;
use throughcare_core::model::users::{Team, User};
use throughcare_core::people::PersonRow;
use throughcare_core::retention::RetentionList;
use throughcare_core::sync::{InviteCost, InviteUser, NewInvite};
use throughcare_core::time::today_london;

use crate::args::{
    AddPersonArgs, AuditArgs, AuditExportArgs, ChangePassphraseArgs, ChangePersonArgs, EndShareArgs,
    InviteDeviceArgs, KeepRecordArgs, LetUnlockArgs, LockMinutesArgs, ReassignArgs, RetentionYearsArgs,
    ShareClientArgs, UserArgs, bounded,
};
use crate::error::UiError;
use crate::state::AppState;

/// Everyone who uses the app, with their team, caseload and whether they can unlock this computer.
#[tauri::command]
pub async fn people(state: State<'_, AppState>) -> Result<Vec<PersonRow>, UiError> {
    state.with(|s| Ok(s.store.people(&s.actor)?))
}

/// The teams.
#[tauri::command]
pub async fn teams(state: State<'_, AppState>) -> Result<Vec<Team>, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).teams()?))
}

/// Adds a person; with a passphrase (typed by them here) they can unlock this computer at once.
#[tauri::command]
pub async fn add_person(state: State<'_, AppState>, args: AddPersonArgs) -> Result<User, UiError> {
    bounded("display_name", &args.person.display_name, 200)?;
    if let Some(p) = &args.passphrase {
        bounded("passphrase", p, 1024)?;
    }
    state.with(|s| Ok(s.store.add_person(&s.actor, args.person, args.passphrase.as_deref())?))
}

/// Lets a person unlock this computer with their own passphrase, which they type.
#[tauri::command]
pub async fn let_unlock(state: State<'_, AppState>, args: LetUnlockArgs) -> Result<(), UiError> {
    bounded("passphrase", &args.passphrase, 1024)?;
    state.with(|s| Ok(s.store.let_unlock(&s.actor, args.user_id, &args.passphrase)?))
}

/// Stops a person unlocking this computer.
#[tauri::command]
pub async fn stop_unlock(state: State<'_, AppState>, args: UserArgs) -> Result<(), UiError> {
    state.with(|s| Ok(s.store.stop_unlock(&s.actor, args.user_id)?))
}

/// Changes a person's role, team or name.
#[tauri::command]
pub async fn change_person(state: State<'_, AppState>, args: ChangePersonArgs) -> Result<User, UiError> {
    if let Some(n) = &args.change.display_name {
        bounded("display_name", n, 200)?;
    }
    state.with(|s| Ok(s.store.change_person(&s.actor, args.user_id, args.change)?))
}

/// Removes a person: they can no longer unlock this or any computer that learns of it.
#[tauri::command]
pub async fn remove_person(state: State<'_, AppState>, args: UserArgs) -> Result<(), UiError> {
    state.with(|s| Ok(s.store.remove_person(&s.actor, args.user_id)?))
}

/// Shares a client with a caseworker or a team, from today.
#[tauri::command]
pub async fn share_client(state: State<'_, AppState>, args: ShareClientArgs) -> Result<Share, UiError> {
    state.with(|s| {
        Ok(s.store.write(&s.actor, |tx| tx.share_client(args.client_id, args.with, today_london()))?)
    })
}

/// Ends a share today.
#[tauri::command]
pub async fn end_share(state: State<'_, AppState>, args: EndShareArgs) -> Result<Share, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.end_share(args.share_id, today_london()))?))
}

/// Moves every open case of one caseworker to another; says how many moved.
#[tauri::command]
pub async fn reassign_caseload(state: State<'_, AppState>, args: ReassignArgs) -> Result<u64, UiError> {
    state.with(|s| Ok(s.store.write(&s.actor, |tx| tx.reassign_caseload(args.from, args.to))?))
}

/// How long the app may sit unused before it locks, for the organisation.
#[tauri::command]
pub async fn lock_minutes(state: State<'_, AppState>) -> Result<u32, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).lock_minutes()?))
}

/// Sets it (managers); this session follows at once.
#[tauri::command]
pub async fn set_lock_minutes(state: State<'_, AppState>, args: LockMinutesArgs) -> Result<u32, UiError> {
    state.with(|s| {
        s.store.write(&s.actor, |tx| tx.set_lock_minutes(args.minutes))?;
        s.follow_lock_setting();
        Ok(s.store.reader(&s.actor).lock_minutes()?)
    })
}

/// The keeping time and the records past it (managers).
#[tauri::command]
pub async fn retention(state: State<'_, AppState>) -> Result<RetentionList, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).retention_due(today_london())?))
}

/// Sets the keeping time (managers); answers with the records past the new one.
#[tauri::command]
pub async fn set_retention_years(
    state: State<'_, AppState>,
    args: RetentionYearsArgs,
) -> Result<RetentionList, UiError> {
    state.with(|s| {
        s.store.write(&s.actor, |tx| tx.set_retention_years(args.years))?;
        Ok(s.store.reader(&s.actor).retention_due(today_london())?)
    })
}

/// Keeps a record past the keeping time, with the reason (managers); answers with the list as it now stands.
#[tauri::command]
pub async fn keep_record(state: State<'_, AppState>, args: KeepRecordArgs) -> Result<RetentionList, UiError> {
    bounded("reason", &args.reason, 1000)?;
    state.with(|s| {
        s.store.write(&s.actor, |tx| tx.keep_past_retention(args.client_id, &args.reason))?;
        Ok(s.store.reader(&s.actor).retention_due(today_london())?)
    })
}

/// Changes the person's own passphrase for this computer.
#[tauri::command]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    args: ChangePassphraseArgs,
) -> Result<(), UiError> {
    bounded("old_passphrase", &args.old, 1024)?;
    bounded("new_passphrase", &args.new, 1024)?;
    state.with(|s| Ok(s.store.change_passphrase(&s.actor, &args.old, &args.new)?))
}

/// The audit log as a manager filters it, newest first.
#[tauri::command]
pub async fn audit_entries(state: State<'_, AppState>, args: AuditArgs) -> Result<Paged<AuditRow>, UiError> {
    state.with(|s| Ok(s.store.audit_entries(&s.actor, &args.filter, args.page)?))
}

/// Where an exported audit file went.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SavedAudit {
    /// The file.
    pub path: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Saves what the Audit screen shows (every matching line) as a CSV file the person chooses.
#[tauri::command]
pub async fn export_audit(
    app: AppHandle,
    state: State<'_, AppState>,
    args: AuditExportArgs,
) -> Result<Option<SavedAudit>, UiError> {
    let bytes = state.with(|s| Ok(s.store.audit_csv(&s.actor, &args.filter)?))?;
    let name = format!("throughcare-audit-{}.csv", today_london());
    let what = crate::commands::sync::SaveAs {
        title: "Save the audit log",
        kind: "Spreadsheet (CSV)",
        extension: "csv",
    };
    let Some(path) = crate::commands::sync::choose_path(&app, &name, &what).await? else {
        return Ok(None);
    };
    crate::commands::sync::save_file(&path, &bytes)?;
    Ok(Some(SavedAudit { path: path.display().to_string(), bytes: bytes.len() as u64 }))
}

/// A peer mentor's own view: the people linked to them and their appointments.
#[tauri::command]
pub async fn mentor_home(state: State<'_, AppState>) -> Result<MentorHome, UiError> {
    state.with(|s| Ok(s.store.reader(&s.actor).mentor_home(today_london())?))
}

/// An invitation that was saved, and the one-time code that opens it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SavedInvitation {
    /// Where the file went.
    pub path: String,
    /// The one-time code (shown once; give it separately from the file).
    pub code: String,
    /// Whether it is for a peer mentor's own computer, which holds only their share.
    pub share: bool,
    /// When it stops working.
    #[ts(type = "string")]
    pub expires_at: throughcare_core::time::Timestamp,
}

/// Registers a new computer for a person and saves its invitation where the manager chooses.
/// `None` when they cancelled the Save dialog (then nothing was registered).
#[tauri::command]
pub async fn invite_device(
    app: AppHandle,
    state: State<'_, AppState>,
    args: InviteDeviceArgs,
) -> Result<Option<SavedInvitation>, UiError> {
    bounded("device_name", &args.device_name, 200)?;
    let name = format!("throughcare-invitation-{}.tcinvite", today_london());
    let what = crate::commands::sync::SaveAs {
        title: "Save the invitation",
        kind: "Throughcare invitation",
        extension: "tcinvite",
    };
    let Some(path) = crate::commands::sync::choose_path(&app, &name, &what).await? else {
        return Ok(None);
    };
    let invitation = state.with(|s| {
        let new = NewInvite {
            device_name: args.device_name,
            user: InviteUser::Existing(args.user_id),
            valid_days: args.valid_days,
        };
        Ok(s.store.invite(&s.actor, &new, InviteCost::DEFAULT)?)
    })?;
    crate::commands::sync::save_file(&path, &invitation.file)?;
    Ok(Some(SavedInvitation {
        path: path.display().to_string(),
        code: invitation.code,
        share: invitation.share,
        expires_at: invitation.expires_at,
    }))
}
