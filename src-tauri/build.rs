//! Declares the app's own commands, so that capabilities can grant exactly these and nothing else.

fn main() {
    let commands = &[
        "app_status",
        "create_database",
        "unlock",
        "lock",
        "labels",
        "today",
        "overview",
        "clients",
        "client_record",
        "create_client",
        "update_client",
        "book_appointment",
        "record_outcome",
        "reschedule_appointment",
        "users",
        "mentors",
        "mentor_directory",
        "mentor_record",
        "add_mentor",
        "update_mentor",
        "link_mentor",
        "end_mentor_link",
        "referrals",
        "make_referral",
        "move_referral",
        "log_contact",
        "close_episode",
        "reopen_episode",
        "complete_task",
        "services",
        "device_summary",
        "conflicts",
        "resolve_conflict",
        "stage_sync_file",
        "import_staged_sync_file",
        "export_sync_file",
        "stage_invitation",
        "join_organisation",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .unwrap_or_else(|e| panic!("tauri build step failed: {e}"));
}
