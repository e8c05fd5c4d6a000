//! Throughcare's desktop shell: a Tauri 2 window over `throughcare-core`.
//!
//! The shell holds no rule. Each command takes typed, closed arguments, makes one core call and returns
//! a typed result or a [`error::UiError`]. The page may call only these commands (see
//! `capabilities/`), under a strict content security policy, and may not navigate anywhere but the
//! app itself.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The same allocator as the command line: glibc's spent a quarter of a sync import in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod args;
mod commands;
mod error;
mod remind;
mod state;
mod watch;

use tauri::plugin::{Builder as PluginBuilder, TauriPlugin};
use tauri::{Runtime, Url};

/// Whether the webview may go to `url`: only the app's own pages.
fn allowed(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => true,
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

/// Blocks navigation to any outside address (a pasted link, a stray redirect).
fn navigation_guard<R: Runtime>() -> TauriPlugin<R> {
    PluginBuilder::new("navigation-guard").on_navigation(|_, url| allowed(url)).build()
}

/// Has WebKit paint the page with the processor rather than the graphics card, unless the person
/// starting the app chose otherwise (`WEBKIT_SKIA_ENABLE_CPU_RENDERING`, read by WebKit's page
/// process as it starts). The page is forms and tables, which the processor paints as quickly, and
/// WebKit's page process then holds no graphics buffers for painting: idle on Today at 100,000
/// clients it used 36 MB less, 342 MB in all against 378 (BENCHMARKS.md, "Painting with the
/// processor"). WebKit's makers also advise painting with the processor where the graphics chip is
/// weak, as on many older laptops. Layers are still put together on the graphics card.
///
/// Changing a running program's environment needs `unsafe` in Rust, which this project does not use,
/// so the program starts itself again, once, with the setting added: the same process, arguments
/// and everything else. That costs about 50 ms as it starts (its libraries are loaded twice) and is
/// sound, where setting the variable is not: a library has started a thread before `main`. If the
/// program cannot be started again, the app starts as it is.
#[cfg(target_os = "linux")]
fn paint_with_the_processor() {
    use std::os::unix::process::CommandExt;
    const PAINT: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";
    if std::env::var_os(PAINT).is_some() {
        return;
    }
    let Ok(program) = std::env::current_exe() else { return };
    let mut args = std::env::args_os();
    let mut again = std::process::Command::new(program);
    if let Some(name) = args.next() {
        again.arg0(name);
    }
    // Returns only if the program could not be started again.
    let _ = again.args(args).env(PAINT, "1").exec();
}

fn main() {
    #[cfg(target_os = "linux")]
    paint_with_the_processor();
    tauri::Builder::default()
        .manage(state::AppState::from_env())
        .setup(|app| {
            watch::start(app.handle());
            remind::start(app.handle());
            Ok(())
        })
        .plugin(navigation_guard())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(tauri::generate_handler![
            commands::session::app_status,
            commands::session::create_database,
            commands::session::unlock,
            commands::session::lock,
            commands::reference::labels,
            commands::reference::users,
            commands::reference::mentors,
            commands::today::today,
            commands::clients::clients,
            commands::clients::search_clients,
            commands::clients::client_record,
            commands::clients::create_client,
            commands::clients::update_client,
            commands::clients::erase_client,
            commands::clients::record_consent,
            commands::clients::subject_access,
            commands::appointments::book_appointment,
            commands::appointments::record_outcome,
            commands::appointments::reschedule_appointment,
            commands::calendar::week,
            commands::calendar::check_booking,
            commands::calendar::free_slots,
            commands::calendar::move_appointment,
            commands::calendar::set_availability,
            commands::calendar::needs_attention,
            commands::calendar::export_calendar,
            commands::mentors::mentor_directory,
            commands::mentors::mentor_record,
            commands::mentors::add_mentor,
            commands::mentors::update_mentor,
            commands::mentors::link_mentor,
            commands::mentors::end_mentor_link,
            commands::referrals::referrals,
            commands::referrals::make_referral,
            commands::referrals::move_referral,
            commands::work::log_contact,
            commands::work::close_episode,
            commands::work::add_custody,
            commands::work::move_establishment,
            commands::work::record_release,
            commands::work::reopen_episode,
            commands::work::complete_task,
            commands::work::tasks,
            commands::work::add_task,
            commands::work::reassign_task,
            commands::work::reschedule_task,
            commands::work::services,
            commands::care::likely_duplicates,
            commands::care::merge_clients,
            commands::care::undo_merge,
            commands::care::service_directory,
            commands::care::add_service,
            commands::care::update_service,
            commands::care::scales,
            commands::care::record_measure,
            commands::care::set_offered_scales,
            commands::sync::device_summary,
            commands::sync::conflicts,
            commands::sync::resolve_conflict,
            commands::sync::stage_sync_file,
            commands::sync::import_staged_sync_file,
            commands::sync::export_sync_file,
            commands::sync::stage_invitation,
            commands::sync::join_organisation,
            commands::people::people,
            commands::people::teams,
            commands::people::add_person,
            commands::people::let_unlock,
            commands::people::stop_unlock,
            commands::people::change_person,
            commands::people::remove_person,
            commands::people::share_client,
            commands::people::end_share,
            commands::people::reassign_caseload,
            commands::people::lock_minutes,
            commands::people::set_lock_minutes,
            commands::people::retention,
            commands::people::set_retention_years,
            commands::people::keep_record,
            commands::people::change_passphrase,
            commands::people::audit_entries,
            commands::people::export_audit,
            commands::people::mentor_home,
            commands::people::invite_device,
            commands::sync::revoke_device,
            commands::reports::monthly_summary,
            commands::reports::report_records,
            commands::reports::export_report,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("throughcare-app: the window could not start: {e}");
            std::process::exit(1);
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_are_allowed() {
        for ok in ["tauri://localhost/index.html", "http://tauri.localhost/", "https://tauri.localhost/x"] {
            assert!(allowed(&Url::parse(ok).unwrap()), "{ok}");
        }
        for bad in [
            "https://example.org/",
            "http://localhost:8080/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://tauri.localhost.evil.org/",
        ] {
            assert!(!allowed(&Url::parse(bad).unwrap()), "{bad}");
        }
    }
}

#[cfg(test)]
mod capability {
    /// The page may call the app's own commands and listen for its events, and nothing of any plugin:
    /// notifications in particular are raised by Rust ([`crate::remind`]), never by the page.
    #[test]
    fn the_page_gets_no_plugin_permission() {
        let text = include_str!("../capabilities/main-window.json");
        let json: serde_json::Value = serde_json::from_str(text).unwrap();
        let granted: Vec<&str> =
            json["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
        for p in &granted {
            let own = p.starts_with("allow-") && !p.contains(':');
            assert!(own || ["core:event:allow-listen", "core:event:allow-unlisten"].contains(p), "{p}");
        }
        assert!(granted.contains(&"allow-week") && granted.contains(&"allow-export-calendar"));
    }
}

#[cfg(test)]
mod types {
    //! The shell's own types for the page are generated into `ui/src/lib/shell-types.ts`; this fails
    //! when that file is stale (`UPDATE_TYPES=1 cargo test -p throughcare-app` writes it).
    use std::path::PathBuf;

    use ts_rs::{Config, TS};

    use crate::commands::people::{SavedAudit, SavedInvitation};
    use crate::commands::reference::{Label, MentorSummary, UserSummary};
    use crate::commands::session::AppStatus;
    use crate::commands::sync::SavedSyncFile;
    use crate::error::UiError;

    #[test]
    fn shell_types_are_up_to_date() {
        let cfg = Config::default();
        let mut out = String::from(
            "// Generated from src-tauri by its `shell_types_are_up_to_date` test. Do not edit.\n\
             import type { ErrorKind, UserId, MentorId, Role, Abilities } from \"./types\";\n\n",
        );
        for d in [
            AppStatus::decl(&cfg),
            UiError::decl(&cfg),
            Label::decl(&cfg),
            UserSummary::decl(&cfg),
            MentorSummary::decl(&cfg),
            SavedSyncFile::decl(&cfg),
            SavedAudit::decl(&cfg),
            SavedInvitation::decl(&cfg),
        ] {
            out.push_str(&format!("export {d}\n\n"));
        }
        out.push_str("export type Labels = { [set: string]: Array<Label> };\n");
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/shell-types.ts");
        if std::env::var("UPDATE_TYPES").is_ok() {
            std::fs::write(&path, &out).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == out,
            "ui/src/lib/shell-types.ts is stale: run `UPDATE_TYPES=1 cargo test -p throughcare-app`"
        );
    }
}
