//! Each screen's reads at charity scale, as each kind of person, printed with their times. Not a
//! timed test (it asserts nothing about speed): run it by hand against a big database,
//!
//! ```sh
//! throughcare --db big.db --user "Morgan Hale" init && throughcare --db big.db seed --clients 100000
//! throughcare --db big.db user unlock-here "Alex Morgan"     # and "Dean Holloway", same passphrase
//! BIG_DB=big.db THROUGHCARE_PASSPHRASE=… cargo test --release -p throughcare-core --test scale -- --ignored --nocapture
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::path::PathBuf;
use std::time::Instant;

use throughcare_core::Store;
use throughcare_core::model::Page;
use throughcare_core::model::appointments::AppointmentFilter;
use throughcare_core::model::clients::ClientFilter;
use throughcare_core::model::referrals::ReferralFilter;
use throughcare_core::time::today_london;

fn time<T>(what: &str, who: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    println!("{who:<16} {what:<40} {:>8.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    out
}

#[test]
#[ignore = "needs a big database: see the module comment"]
fn every_screen_as_each_person_at_scale() {
    let Some(db) = std::env::var_os("BIG_DB").map(PathBuf::from) else { return };
    let pass = std::env::var("THROUGHCARE_PASSPHRASE").unwrap();
    for who in ["Morgan Hale", "Alex Morgan", "Dean Holloway"] {
        let Ok((mut store, actor)) = time("unlock", who, || Store::unlock(&db, Some(who), &pass)) else {
            println!("{who} cannot unlock this database; skipped");
            continue;
        };
        let today = today_london();
        let r = store.reader(&actor);
        if let Ok(home) = time("peer mentor's home", who, || r.mentor_home(today)) {
            println!("{who:<16} ({} people)", home.people.len());
        }
        let _ = time("organisation name (status)", who, || r.organisation_name());
        let _ = time("today", who, || r.today(today));
        let _ = time("overview", who, || r.overview(today));
        let list =
            time("client list, first page", who, || r.clients(&ClientFilter::default(), Page::default()));
        if let Ok(l) = &list {
            println!("{who:<16} ({} clients in scope)", l.total);
        }
        let _ = time("search 'smi'", who, || r.search_clients("smi", 20));
        let _ = time("search 'sarah smith'", who, || r.search_clients("sarah smith", 20));
        let _ =
            time("referrals, first page", who, || r.referrals(&ReferralFilter::default(), Page::default()));
        let _ = time("appointments, first page", who, || {
            r.appointments(&AppointmentFilter::default(), Page::default())
        });
        let _ = time("tasks, first page", who, || {
            r.task_rows(&throughcare_core::model::tasks::TaskFilter::default(), Page::default(), today)
        });
        let _ = time("service directory with waits", who, || r.service_directory(today));
        let typed = throughcare_core::dupes::DuplicateQuery {
            given_name: Some("Sar".into()),
            family_name: Some("Smi".into()),
            date_of_birth: "1990-04-01".parse().ok(),
            ..Default::default()
        };
        let _ = time("duplicate check, one keystroke", who, || r.likely_duplicates(&typed));
        use throughcare_core::calendar::CalendarOf;
        let mentors = r.mentors(false).unwrap_or_default();
        if let Some(m) = actor.mentor_id.or(mentors.first().map(|m| m.id)) {
            let week = time("a mentor's week", who, || r.week(CalendarOf::Mentor { mentor_id: m }, today));
            if let Ok(w) = &week {
                println!("{who:<16} ({} appointments, {} busy)", w.items.len(), w.busy.len());
            }
            let year = throughcare_core::ics::CalendarRequest {
                of: throughcare_core::ics::CalendarFor::Mentor { mentor_id: m },
                from: today,
                to: today.checked_add_days(chrono::Days::new(365)).unwrap_or(today),
            };
            let _ = time("a mentor's calendar file, a year", who, || r.calendar_events(&year));
            let _ = time("a mentor's free slots", who, || {
                r.free_slots(m, None, throughcare_core::time::Timestamp::now(), 60)
            });
        }
        let _ = time("my week (caseworker)", who, || {
            r.week(CalendarOf::Caseworker { user_id: actor.user_id }, today)
        });
        let _ = time("everyone's week", who, || r.week(CalendarOf::Team { team_id: None }, today));
        let _ = time("needs attention", who, || r.needs_attention(today));
        let _ = time("reminders", who, || r.reminders(today));
        if let Some(first) = list.ok().and_then(|l| l.items.into_iter().next()) {
            let _ = time("booking check", who, || {
                r.check_booking(&throughcare_core::calendar::BookingCheck {
                    client_id: first.client.id,
                    starts_at: throughcare_core::time::Timestamp::now().plus_seconds(86_400),
                    ends_at: None,
                    place: Some("Leeds city centre".into()),
                    planned_mentor_id: mentors.first().map(|m| m.id),
                    planned_user_id: Some(actor.user_id),
                    moving: None,
                })
            });
            let _ = time("a client's record (audited)", who, || {
                store.open_client_record(&actor, first.client.id)
            });
        }
    }
}
