//! Reminders while the app runs: tomorrow's appointments the person is going to, and those soon that
//! nobody is going with, as desktop notifications.
//!
//! Core decides what is due and words it ([`throughcare_core::calendar::Reminder`]), naming a person by
//! first name and initial only, since a notification can show on a locked screen or a shared display.
//! This thread only looks every few minutes while the app is unlocked and shows each reminder once per
//! session. It never touches the idle timer, so reminders never keep the app unlocked. The
//! notification permission belongs to the Rust side: the page cannot raise notifications at all.

use std::collections::HashSet;
use std::time::Duration;

use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;
use throughcare_core::time::today_london;

use crate::state::AppState;

/// How often to look.
const EVERY: Duration = Duration::from_secs(300);
/// The first look after start, so a reminder comes soon after unlocking.
const FIRST: Duration = Duration::from_secs(15);

/// Starts the reminder thread.
pub fn start(app: &AppHandle) {
    if std::env::var_os("THROUGHCARE_NO_REMINDERS").is_some() {
        return;
    }
    let handle = app.clone();
    std::thread::spawn(move || {
        let mut shown: HashSet<String> = HashSet::new();
        let mut who = None;
        std::thread::sleep(FIRST);
        loop {
            let due = {
                let state = handle.state::<AppState>();
                let slot = state.slot();
                match slot.as_ref() {
                    Some(s) => {
                        if who != Some(s.actor.user_id) {
                            // Someone else unlocked: their reminders are new to them.
                            shown.clear();
                            who = Some(s.actor.user_id);
                        }
                        s.store.reader(&s.actor).reminders(today_london()).unwrap_or_default()
                    }
                    None => Vec::new(),
                }
            };
            for r in due {
                if shown.insert(r.key.clone()) {
                    // Where no notification service runs, there is nothing to show it on.
                    let _ = handle.notification().builder().title(&r.title).body(&r.body).show();
                }
            }
            std::thread::sleep(EVERY);
        }
    });
}
