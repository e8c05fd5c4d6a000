//! Sync: this device, sync files in and out, conflicts, and joining an organisation on first run.
//!
//! Files come from the page as the raw body of one call (the page reads the file the person chose
//! with an ordinary file input), so no file-system access is granted to the page. A chosen file is
//! kept here until the person confirms, so the page never sends the same large file twice. A sync
//! file is saved through a native Save dialog opened from here; the page cannot open one.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Emitter, Manager, State};
use throughcare_core::keyfile::KdfCost;
use throughcare_core::sync::exchange::PASSPHRASE_LOG_N;
use throughcare_core::sync::{BundlePreview, ConflictView, DeviceSummary, ExportTarget, ImportReport};
use throughcare_core::{ErrorKind, Store};

use crate::args::{
    ExportSyncArgs, ExportTo, ImportSyncArgs, JoinArgs, ResolveConflictArgs, RevokeDeviceArgs, bounded,
};
use crate::commands::session::{AppStatus, status};
use crate::error::UiError;
use crate::state::{AppState, Session};

/// The largest file the page may hand over (a year of a busy team's work is far smaller).
pub const MAX_FILE_BYTES: usize = 1 << 30;

/// The event that carries an import's progress to the page.
pub const PROGRESS_EVENT: &str = "sync-progress";

/// A sync file that was saved.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SavedSyncFile {
    /// Where it was saved.
    pub path: String,
    /// Changes in it.
    #[ts(type = "number")]
    pub ops: u64,
    /// Its size.
    #[ts(type = "number")]
    pub bytes: u64,
}

/// The bytes of a file sent as the raw body of a call.
fn file_body(request: &Request<'_>) -> Result<Vec<u8>, UiError> {
    match request.body() {
        InvokeBody::Raw(bytes) if bytes.is_empty() => {
            Err(UiError::invalid("file", "That file is empty. Choose the file again."))
        }
        InvokeBody::Raw(bytes) if bytes.len() > MAX_FILE_BYTES => Err(UiError::invalid(
            "file",
            "That file is too big to be a Throughcare file (more than 1 GB). Check you chose the right one.",
        )),
        InvokeBody::Raw(bytes) => Ok(bytes.clone()),
        InvokeBody::Json(_) => Err(UiError::invalid("file", "No file arrived. Choose the file again.")),
    }
}

/// Names an error from reading a file as being about the file box.
fn about_the_file(e: throughcare_core::Error) -> UiError {
    let mut ui: UiError = e.into();
    if ui.field.is_none() && matches!(ui.kind, ErrorKind::Damaged | ErrorKind::Refused) {
        ui.field = Some("file".into());
    }
    ui
}

/// This device, the devices it knows, and what waits for a person.
#[tauri::command]
pub async fn device_summary(state: State<'_, AppState>) -> Result<DeviceSummary, UiError> {
    state.with(|s| Ok(s.store.device_summary(&s.actor)?))
}

/// Revokes a lost or retired computer (managers); returns the summary as it now stands.
#[tauri::command]
pub async fn revoke_device(
    state: State<'_, AppState>,
    args: RevokeDeviceArgs,
) -> Result<DeviceSummary, UiError> {
    state.with(|s| {
        s.store.revoke_device(&s.actor, args.device_id)?;
        Ok(s.store.device_summary(&s.actor)?)
    })
}

/// Conflicts waiting for a person, oldest first.
#[tauri::command]
pub async fn conflicts(state: State<'_, AppState>) -> Result<Vec<ConflictView>, UiError> {
    state.with(|s| Ok(s.store.conflicts(&s.actor)?))
}

/// Settles a conflict; returns the conflicts still waiting.
#[tauri::command]
pub async fn resolve_conflict(
    state: State<'_, AppState>,
    args: ResolveConflictArgs,
) -> Result<Vec<ConflictView>, UiError> {
    bounded("id", &args.id, 100)?;
    if let throughcare_core::sync::Keep::Value(v) = &args.keep {
        bounded("value", v, 5000)?;
    }
    state.with(|s| {
        s.store.write(&s.actor, |tx| tx.resolve_conflict(&args.id, &args.keep))?;
        Ok(s.store.conflicts(&s.actor)?)
    })
}

/// Keeps the sync file the person chose (the raw body of the call) and says what is in it.
#[tauri::command]
pub async fn stage_sync_file(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<BundlePreview, UiError> {
    let bytes = file_body(&request)?;
    state.with(|s| {
        s.staged_sync_file = None;
        let preview = s.store.preview_bundle(&s.actor, &bytes).map_err(about_the_file)?;
        s.staged_sync_file = Some(bytes);
        Ok(preview)
    })
}

/// Imports the staged sync file, telling the page how far it has got; the file is forgotten once
/// imported (and kept after a refusal, so a mistyped passphrase can be tried again).
#[tauri::command]
pub async fn import_staged_sync_file(
    app: AppHandle,
    state: State<'_, AppState>,
    args: ImportSyncArgs,
) -> Result<ImportReport, UiError> {
    if let Some(p) = &args.passphrase {
        bounded("passphrase", p, 1024)?;
    }
    let passphrase = args.passphrase.as_deref().filter(|p| !p.is_empty());
    state.with(|s| {
        let Session { store, actor, staged_sync_file, .. } = s;
        let bytes = staged_sync_file
            .take()
            .ok_or_else(|| UiError::invalid("file", "Choose a sync file to import first."))?;
        let result = store.import_bundle(actor, &bytes, passphrase, &mut |p| {
            let _ = app.emit(PROGRESS_EVENT, p);
        });
        match result {
            Ok(report) => Ok(report),
            Err(e) => {
                *staged_sync_file = Some(bytes);
                // A damaged file is about the file box; a refusal (a wrong passphrase, a missing
                // earlier file) is said over the whole form.
                let mut ui: UiError = e.into();
                if ui.kind == ErrorKind::Damaged && ui.field.is_none() {
                    ui.field = Some("file".into());
                }
                Err(ui)
            }
        }
    })
}

/// Writes a sync file and saves it where the person chooses. `None` when they cancelled the Save
/// dialog.
#[tauri::command]
pub async fn export_sync_file(
    app: AppHandle,
    state: State<'_, AppState>,
    args: ExportSyncArgs,
) -> Result<Option<SavedSyncFile>, UiError> {
    let passphrase = match &args.passphrase {
        Some(p) if !p.is_empty() => {
            bounded("passphrase", p, 1024)?;
            Some(p.as_str())
        }
        _ => None,
    };
    let target = match args.to {
        ExportTo::All => ExportTarget::All,
        ExportTo::SincePeer { device_id } => ExportTarget::SincePeer(device_id),
    };
    let (bytes, ops, device_name) = state.with(|s| {
        let name = s.store.device_summary(&s.actor)?.device_name;
        let (bytes, header) =
            s.store.export_bundle(&s.actor, target, passphrase.map(|p| (p, PASSPHRASE_LOG_N)))?;
        Ok((bytes, header.ops, name))
    })?;
    let name = file_name(&device_name, throughcare_core::time::today_london());
    let Some(path) = choose_path(&app, &name, &SYNC_FILE).await? else {
        return Ok(None);
    };
    save_file(&path, &bytes)?;
    Ok(Some(SavedSyncFile { path: path.display().to_string(), ops, bytes: bytes.len() as u64 }))
}

/// The name offered in the Save dialog: `throughcare-<device>-<date>.tcsync`.
pub fn file_name(device_name: &str, on: throughcare_core::time::Date) -> String {
    let mut slug = String::new();
    for c in device_name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    let slug = if slug.is_empty() { "device" } else { slug };
    format!("throughcare-{slug}-{}.tcsync", on.format("%Y-%m-%d"))
}

/// What is being saved, for the Save dialog's title and file type.
#[derive(Debug)]
pub struct SaveAs {
    /// The dialog's title.
    pub title: &'static str,
    /// The file type in words.
    pub kind: &'static str,
    /// Its extension.
    pub extension: &'static str,
}

/// A sync file.
pub const SYNC_FILE: SaveAs =
    SaveAs { title: "Save the sync file", kind: "Throughcare sync file", extension: "tcsync" };

/// Saves `bytes` at `path` whole or not at all, readable by this user only.
pub fn save_file(path: &Path, bytes: &[u8]) -> Result<(), UiError> {
    throughcare_core::files::write_private(path, bytes).map_err(|_| UiError {
        kind: ErrorKind::Internal,
        field: None,
        message: "The file could not be saved there. Choose another folder (one you can write to, with space free) and try again.".into(),
    })
}

/// Asks where to save, with a native dialog over the app's window (or, in a debug build under test,
/// the folder named by `THROUGHCARE_E2E_SAVE_DIR`, because WebDriver cannot drive a native dialog).
pub async fn choose_path(app: &AppHandle, name: &str, what: &SaveAs) -> Result<Option<PathBuf>, UiError> {
    #[cfg(debug_assertions)]
    if let Some(dir) = std::env::var_os("THROUGHCARE_E2E_SAVE_DIR").filter(|d| !d.is_empty()) {
        return Ok(Some(PathBuf::from(dir).join(name)));
    }
    let cannot = || UiError {
        kind: ErrorKind::Internal,
        field: None,
        message: "The Save window could not be opened. Please try again.".into(),
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let window = app.get_webview_window("main");
    let name = name.to_owned();
    let (title, kind, extension) = (what.title, what.kind, what.extension);
    // GTK dialogs are made on the main thread; waiting for the answer happens elsewhere.
    app.run_on_main_thread(move || {
        let mut dialog =
            rfd::AsyncFileDialog::new().set_title(title).set_file_name(name).add_filter(kind, &[extension]);
        // Start somewhere a person looks for their files, not wherever the app was started from.
        if let Some(dir) = dirs::document_dir().or_else(dirs::home_dir) {
            dialog = dialog.set_directory(dir);
        }
        if let Some(w) = &window {
            dialog = dialog.set_parent(w);
        }
        let chosen = dialog.save_file();
        std::thread::spawn(move || {
            let path = tauri::async_runtime::block_on(chosen).map(|f| f.path().to_path_buf());
            let _ = tx.send(path);
        });
    })
    .map_err(|_| cannot())?;
    tauri::async_runtime::spawn_blocking(move || rx.recv()).await.map_err(|_| cannot())?.map_err(|_| cannot())
}

/// Keeps the invitation file the person chose (the raw body of the call) until they join.
#[tauri::command]
pub async fn stage_invitation(state: State<'_, AppState>, request: Request<'_>) -> Result<(), UiError> {
    let bytes = file_body(&request)?;
    *state.invitation() = None;
    if bytes.starts_with(throughcare_core::sync::bundle::MAGIC) {
        return Err(UiError::invalid(
            "file",
            "This is a sync file, not an invitation. Choose the invitation file your manager made for this computer.",
        ));
    }
    if !bytes.starts_with(throughcare_core::sync::invite::MAGIC) {
        return Err(UiError::invalid(
            "file",
            "This is not a Throughcare invitation. Choose the invitation file your manager made for this computer.",
        ));
    }
    *state.invitation() = Some(bytes);
    Ok(())
}

/// Makes this computer a device of the organisation that wrote the staged invitation, locked with
/// the person's own passphrase, and opens it as the person the invitation is for.
#[tauri::command]
pub async fn join_organisation(state: State<'_, AppState>, args: JoinArgs) -> Result<AppStatus, UiError> {
    bounded("code", &args.code, 200)?;
    bounded("passphrase", &args.passphrase, 1024)?;
    // Taken rather than copied (a large organisation's invitation is hundreds of megabytes), and
    // put back if joining fails, so that a mistyped code can be tried again.
    let bytes = state
        .invitation()
        .take()
        .ok_or_else(|| UiError::invalid("file", "Choose the invitation file first."))?;
    let joined = Store::join(&state.db_path, &args.passphrase, KdfCost::calibrated(), &bytes, &args.code);
    let (store, actor) = match joined {
        Ok(j) => j,
        Err(e) => {
            *state.invitation() = Some(bytes);
            return Err(about_the_file(e));
        }
    };
    *state.slot() = Some(Session::new(store, actor));
    status(&state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offered_name_says_which_device_and_when() {
        let on = throughcare_core::time::Date::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(file_name("Sam's laptop", on), "throughcare-sam-s-laptop-2026-11-22.tcsync");
        assert_eq!(file_name("This computer", on), "throughcare-this-computer-2026-11-22.tcsync");
        assert_eq!(file_name("  ../..  ", on), "throughcare-device-2026-11-22.tcsync");
        assert_eq!(file_name("Łódź office", on), "throughcare-łódź-office-2026-11-22.tcsync");
    }
}
