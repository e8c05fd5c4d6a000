//! Peer mentors' scheduling: availability set by the mentor or a manager, warnings before a booking
//! (double bookings, outside availability, too little time to travel) that hold across the clock
//! changes, free slots, the week calendar, what needs attention, and calendar files read back by a
//! real iCalendar parser.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use icalendar::{Component, EventLike};
use throughcare_core::availability::{Availability, AvailabilityException, ClockTime, Weekday, WeeklySlot};
use throughcare_core::calendar::{BookingCheck, CalendarOf, ClashKind};
use throughcare_core::enums::*;
use throughcare_core::ics::{CalendarFor, CalendarRequest};
use throughcare_core::ids::{ClientId, MentorId};
use throughcare_core::model::appointments::{Appointment, Booking};
use throughcare_core::model::mentors::MentorFields;
use throughcare_core::model::users::UserFields;
use throughcare_core::time::{Date, Timestamp, today_london};
use throughcare_core::{Actor, Error, Store};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}
fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}
fn t(s: &str) -> ClockTime {
    s.parse().unwrap()
}

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    manager: Actor,
    mentor: MentorId,
    mentor_actor: Actor,
    sam: ClientId,
    jo: ClientId,
}

fn world() -> World {
    let (dir, _p, mut store, m) = new_store();
    let sam = add(&mut store, &m, person("Sam", "Okafor")).id;
    let jo = add(&mut store, &m, person("Jo", "Reid")).id;
    let mentor = store.write(&m, |tx| tx.add_mentor(mentor_fields("Dee Campbell"))).unwrap().id;
    let user = store
        .write(&m, |tx| {
            tx.add_user(UserFields {
                display_name: "Dee Campbell".into(),
                role: Role::PeerMentor,
                email: None,
                team_id: None,
                mentor_id: Some(mentor),
            })
        })
        .unwrap();
    // Linked since long before any date the tests book on.
    for c in [sam, jo] {
        store.write(&m, |tx| tx.link_mentor(mentor, c, d("2025-01-01"))).unwrap();
    }
    let mentor_actor = store.actor(user.id).unwrap();
    World { _dir: dir, store, manager: m, mentor, mentor_actor, sam, jo }
}

fn book(w: &mut World, by: &Actor, client: ClientId, start: &str, end: &str, place: &str) -> Appointment {
    let mentor = w.mentor;
    w.store
        .write(by, |tx| {
            tx.book_appointment(Booking {
                client_id: client,
                service_type: ServiceType::Gp,
                service_id: None,
                provider: Some("Dr Patel, Park Surgery".into()),
                place: Some(place.into()),
                starts_at: ts(start),
                ends_at: Some(ts(end)),
                planned_accompaniment: Accompaniment::PeerMentor,
                planned_user_id: None,
                planned_mentor_id: Some(mentor),
            })
        })
        .unwrap()
}

fn check(w: &World, by: &Actor, client: ClientId, start: &str, end: &str, place: &str) -> Vec<ClashKind> {
    w.store
        .reader(by)
        .check_booking(&BookingCheck {
            client_id: client,
            starts_at: ts(start),
            ends_at: Some(ts(end)),
            place: Some(place.into()),
            planned_mentor_id: Some(w.mentor),
            planned_user_id: None,
            moving: None,
        })
        .unwrap()
        .into_iter()
        .map(|c| c.kind)
        .collect()
}

fn weekly(slots: &[(Weekday, &str, &str)]) -> Availability {
    Availability {
        weekly: slots
            .iter()
            .map(|(day, f, u)| WeeklySlot { day: *day, from: t(f), until: t(u), area: None })
            .collect(),
        ..Default::default()
    }
}

#[test]
fn availability_is_set_by_the_mentor_or_a_manager_and_nothing_else_of_the_record_by_the_mentor() {
    let mut w = world();
    let (m, me, mentor) = (w.manager.clone(), w.mentor_actor.clone(), w.mentor);
    let a = weekly(&[(Weekday::Tuesday, "10:00", "16:00"), (Weekday::Thursday, "09:30", "12:00")]);
    let saved = w.store.write(&me, |tx| tx.set_availability(mentor, a.clone())).unwrap();
    assert_eq!(saved.fields.weekly_availability.as_ref().unwrap().len(), 2);
    w.store.write(&m, |tx| tx.set_availability(mentor, Availability::default())).unwrap();
    let ana = caseworker(&mut w.store, &m, "Ana Caseworker");
    assert!(matches!(
        w.store.write(&ana, |tx| tx.set_availability(mentor, a.clone())),
        Err(Error::Forbidden { .. })
    ));
    // The mentor cannot change their own DBS date or name, nor add a mentor.
    let patch = throughcare_core::model::mentors::MentorPatch {
        dbs_checked_on: Some(Some(today_london())),
        ..Default::default()
    };
    assert!(matches!(
        w.store.write(&me, |tx| tx.update::<MentorFields>(mentor, patch)),
        Err(Error::Forbidden { .. })
    ));
    assert!(matches!(
        w.store.write(&me, |tx| tx.add_mentor(mentor_fields("Another"))),
        Err(Error::Forbidden { .. })
    ));
    // Another mentor's record is out of their sight altogether.
    let other = w.store.write(&m, |tx| tx.add_mentor(mentor_fields("Kai Brown"))).unwrap().id;
    assert!(w.store.write(&me, |tx| tx.set_availability(other, a.clone())).is_err());
    let kai = w.store.reader(&m).mentor_record(other).unwrap();
    assert_eq!(kai.mentor.fields.weekly_availability, None);
}

#[test]
fn availability_that_overlaps_itself_is_refused_and_changes_nothing() {
    let mut w = world();
    let (me, mentor) = (w.mentor_actor.clone(), w.mentor);
    w.store
        .write(&me, |tx| tx.set_availability(mentor, weekly(&[(Weekday::Monday, "09:00", "12:00")])))
        .unwrap();
    let bad = weekly(&[(Weekday::Friday, "09:00", "13:00"), (Weekday::Friday, "12:00", "15:00")]);
    let e = w.store.write(&me, |tx| tx.set_availability(mentor, bad)).unwrap_err();
    assert_eq!(e.field(), Some("weekly.1"));
    let away = Availability {
        exceptions: vec![
            AvailabilityException::Away { first_day: d("2026-08-01"), last_day: d("2026-08-10") },
            AvailabilityException::Away { first_day: d("2026-08-05"), last_day: d("2026-08-20") },
        ],
        ..Default::default()
    };
    assert_eq!(
        w.store.write(&me, |tx| tx.set_availability(mentor, away)).unwrap_err().field(),
        Some("exceptions.1")
    );
    let kept = w.store.reader(&me).mentor_record(mentor).unwrap().mentor.fields.availability_set();
    assert_eq!(kept.weekly, weekly(&[(Weekday::Monday, "09:00", "12:00")]).weekly);
}

#[test]
fn double_bookings_of_the_mentor_and_the_person_are_warned_across_the_clock_change() {
    let mut w = world();
    let m = w.manager.clone();
    let (sam, jo) = (w.sam, w.jo);
    // Sunday 25 October 2026: the clocks go back at 02:00 BST. 01:30 BST (00:30Z) and 01:30 GMT
    // (01:30Z) read the same on the clock but are an hour apart.
    book(&mut w, &m, sam, "2026-10-25T00:30:00Z", "2026-10-25T01:15:00Z", "Park Surgery");
    assert!(check(&w, &m, jo, "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z", "Park Surgery").is_empty());
    assert_eq!(
        check(&w, &m, jo, "2026-10-25T01:00:00Z", "2026-10-25T01:45:00Z", "Park Surgery"),
        [ClashKind::MentorBusy]
    );
    // The person's own double booking, and the same appointment never counted twice.
    let sam_clash = check(&w, &m, sam, "2026-10-25T01:00:00Z", "2026-10-25T01:45:00Z", "Park Surgery");
    assert_eq!(sam_clash, [ClashKind::MentorBusy]);
    let e = w
        .store
        .reader(&m)
        .check_booking(&BookingCheck {
            client_id: sam,
            starts_at: ts("2026-10-25T01:00:00Z"),
            ends_at: Some(ts("2026-10-25T01:45:00Z")),
            place: None,
            planned_mentor_id: None,
            planned_user_id: None,
            moving: None,
        })
        .unwrap();
    assert_eq!(e.iter().map(|c| c.kind).collect::<Vec<_>>(), [ClashKind::ClientBusy]);
    assert!(
        e[0].message.starts_with("Sam Okafor already has an appointment from 01:30 to 01:15"),
        "{}",
        e[0].message
    );

    // Spring: Sunday 29 March 2026, 01:00 GMT jumps to 02:00 BST. 00:30–01:30Z runs 00:30 GMT to
    // 02:30 BST on the clock; one at 02:15 BST (01:15Z) overlaps it, one at 02:30 BST does not.
    book(&mut w, &m, sam, "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z", "Park Surgery");
    assert_eq!(
        check(&w, &m, jo, "2026-03-29T01:15:00Z", "2026-03-29T02:00:00Z", "Park Surgery"),
        [ClashKind::MentorBusy]
    );
    assert!(check(&w, &m, jo, "2026-03-29T01:30:00Z", "2026-03-29T02:00:00Z", "Park Surgery").is_empty());
}

#[test]
fn too_little_time_between_places_and_availability_edges_are_warned() {
    let mut w = world();
    let (m, me, mentor, sam, jo) = (w.manager.clone(), w.mentor_actor.clone(), w.mentor, w.sam, w.jo);
    // Tuesdays 10:00 to 16:00 on the London clock.
    w.store
        .write(&me, |tx| tx.set_availability(mentor, weekly(&[(Weekday::Tuesday, "10:00", "16:00")])))
        .unwrap();
    // Tuesday 2 June 2026 is in summer time: 10:00 BST is 09:00Z, 16:00 BST is 15:00Z.
    book(&mut w, &m, sam, "2026-06-02T09:00:00Z", "2026-06-02T10:00:00Z", "Park Surgery");
    // Ending exactly when availability ends: fine.
    assert!(
        check(&w, &m, jo, "2026-06-02T14:00:00Z", "2026-06-02T15:00:00Z", "St James's Hospital").is_empty()
    );
    // A minute past it: outside.
    assert_eq!(
        check(&w, &m, jo, "2026-06-02T14:01:00Z", "2026-06-02T15:01:00Z", "St James's Hospital"),
        [ClashKind::OutsideAvailability]
    );
    // 15 minutes after the first ends, somewhere else: too little time to travel.
    let near = w
        .store
        .reader(&m)
        .check_booking(&BookingCheck {
            client_id: jo,
            starts_at: ts("2026-06-02T10:15:00Z"),
            ends_at: Some(ts("2026-06-02T11:00:00Z")),
            place: Some("St James's Hospital".into()),
            planned_mentor_id: Some(mentor),
            planned_user_id: None,
            moving: None,
        })
        .unwrap();
    assert_eq!(near.iter().map(|c| c.kind).collect::<Vec<_>>(), [ClashKind::TravelTime]);
    assert!(
        near[0].message.contains("at Park Surgery ending at 11:00: only 15 minutes"),
        "{}",
        near[0].message
    );
    // The same place (however it is typed) needs no travel.
    assert!(check(&w, &m, jo, "2026-06-02T10:15:00Z", "2026-06-02T11:00:00Z", "park  surgery").is_empty());
    // A Wednesday: not one of their days.
    let wed = check(&w, &m, jo, "2026-06-03T10:00:00Z", "2026-06-03T11:00:00Z", "Park Surgery");
    assert_eq!(wed, [ClashKind::OutsideAvailability]);
    // Away that week.
    let mut a = weekly(&[(Weekday::Tuesday, "10:00", "16:00")]);
    a.exceptions =
        vec![AvailabilityException::Away { first_day: d("2026-06-01"), last_day: d("2026-06-05") }];
    w.store.write(&me, |tx| tx.set_availability(mentor, a)).unwrap();
    assert!(
        check(&w, &m, jo, "2026-06-02T12:00:00Z", "2026-06-02T13:00:00Z", "Park Surgery")
            .contains(&ClashKind::MentorAway)
    );
}

#[test]
fn a_caseworker_learns_the_mentor_is_busy_without_learning_with_whom() {
    let mut w = world();
    let m = w.manager.clone();
    let ana = caseworker(&mut w.store, &m, "Ana Caseworker");
    let mut mine = person("Lee", "Hart");
    mine.caseworker_id = Some(ana.user_id);
    let lee = add(&mut w.store, &m, mine).id;
    let sam = w.sam;
    book(&mut w, &m, sam, "2026-06-02T09:00:00Z", "2026-06-02T10:00:00Z", "Sexual Health Clinic");
    let clashes = w
        .store
        .reader(&ana)
        .check_booking(&BookingCheck {
            client_id: lee,
            starts_at: ts("2026-06-02T09:30:00Z"),
            ends_at: None,
            place: Some("Park Surgery".into()),
            planned_mentor_id: Some(w.mentor),
            planned_user_id: None,
            moving: None,
        })
        .unwrap();
    assert_eq!(clashes.len(), 1);
    assert_eq!(clashes[0].kind, ClashKind::MentorBusy);
    assert_eq!(clashes[0].other_id, None);
    assert!(
        clashes[0].message.contains("Dee Campbell is already going with someone else from 10:00 to 11:00")
    );
    assert!(!clashes[0].message.contains("Sam") && !clashes[0].message.contains("Clinic"));
    // Their week shows the time as busy, and nothing else about it.
    let week =
        w.store.reader(&ana).week(CalendarOf::Mentor { mentor_id: w.mentor }, d("2026-06-02")).unwrap();
    assert!(week.items.is_empty());
    assert_eq!(week.busy.len(), 1);
}

#[test]
fn free_slots_avoid_booked_times_with_time_to_travel() {
    let mut w = world();
    let (m, me, mentor, sam, jo) = (w.manager.clone(), w.mentor_actor.clone(), w.mentor, w.sam, w.jo);
    w.store
        .write(&me, |tx| tx.set_availability(mentor, weekly(&[(Weekday::Tuesday, "10:00", "13:00")])))
        .unwrap();
    book(&mut w, &m, sam, "2026-06-02T10:00:00Z", "2026-06-02T10:30:00Z", "Park Surgery");
    // From Monday 1 June 2026: Tuesday's 10:00–13:00 BST (09:00–12:00Z) with 11:00–11:30 BST taken.
    let slots = w.store.reader(&m).free_slots(mentor, Some(jo), ts("2026-06-01T08:00:00Z"), 60).unwrap();
    assert_eq!(slots[0].starts_at, ts("2026-06-02T11:00:00Z"), "after 11:30 and half an hour to travel");
    assert_eq!(slots[0].free_until, ts("2026-06-02T12:00:00Z"));
    // 10:00 to 10:30 BST is too short for an hour before the booked one.
    assert!(slots.iter().all(|s| s.starts_at != ts("2026-06-02T09:00:00Z")));
    assert_eq!(slots[1].starts_at, ts("2026-06-09T09:00:00Z"), "the next Tuesday");
    assert_eq!(slots.len(), 2, "two weeks ahead only");
    assert_eq!(
        w.store.reader(&m).free_slots(mentor, None, ts("2026-06-01T08:00:00Z"), 0).unwrap_err().field(),
        Some("minutes")
    );
}

fn parse(text: &str) -> Vec<icalendar::Event> {
    let cal: icalendar::Calendar = text.parse().expect("a real parser reads the file");
    cal.components.iter().filter_map(|c| c.as_event().cloned()).collect()
}

#[test]
fn a_calendar_file_reads_back_with_no_health_detail_and_updates_in_place_after_a_move() {
    let mut w = world();
    let (m, me, mentor, sam) = (w.manager.clone(), w.mentor_actor.clone(), w.mentor, w.sam);
    let a =
        book(&mut w, &m, sam, "2026-07-07T09:00:00Z", "2026-07-07T10:00:00Z", "Park Surgery, Leeds; room 3");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dee.ics");
    let req = CalendarRequest {
        of: CalendarFor::Mentor { mentor_id: mentor },
        from: d("2026-07-01"),
        to: d("2026-07-31"),
    };
    let saved = w.store.export_calendar(&me, &req, &path).unwrap();
    assert_eq!(saved.events, 1);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    let text = std::fs::read_to_string(&path).unwrap();
    for secret in ["Okafor", "Sam", "Patel", "GP", "gp", "Surgery, Dr"] {
        assert!(!text.contains(secret), "{secret} must not be in the file");
    }
    let events = parse(&text);
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e.get_summary(), Some("Appointment with S. (go with them)"));
    assert_eq!(e.get_location(), Some("Park Surgery, Leeds; room 3"));
    assert_eq!(e.get_uid(), Some(format!("{}@throughcare", a.id).as_str()));
    let start = e.get_start().unwrap();
    let icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::WithTimezone { date_time, tzid }) =
        start
    else {
        panic!("the start is written on the London clock: {start:?}");
    };
    assert_eq!(tzid, "Europe/London");
    assert_eq!(date_time.to_string(), "2026-07-07 10:00:00", "09:00Z is 10:00 BST");
    let first_sequence = e.get_sequence().unwrap();

    // Moved by the mentor: the same UID, a higher sequence, the new time.
    w.store
        .write(&me, |tx| {
            tx.move_appointment(a.id, ts("2026-07-09T13:00:00Z"), Some(ts("2026-07-09T14:00:00Z")))
        })
        .unwrap();
    w.store.export_calendar(&me, &req, &path).unwrap();
    let moved = parse(&std::fs::read_to_string(&path).unwrap());
    assert_eq!(moved[0].get_uid(), e.get_uid());
    assert!(moved[0].get_sequence().unwrap() > first_sequence);
    let Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::WithTimezone {
        date_time,
        ..
    })) = moved[0].get_start()
    else {
        panic!()
    };
    assert_eq!(date_time.to_string(), "2026-07-09 14:00:00");

    // Cancelled: still in the file, as CANCELLED, with the sequence up again.
    w.store
        .write(&m, |tx| {
            tx.record_outcome(
                a.id,
                throughcare_core::model::appointments::OutcomeRecord {
                    outcome: Outcome::CancelledByProvider,
                    dna_reason: None,
                    actual_accompaniment: None,
                    actual_user_id: None,
                    actual_mentor_id: None,
                },
            )
        })
        .unwrap();
    w.store.export_calendar(&me, &req, &path).unwrap();
    let cancelled = parse(&std::fs::read_to_string(&path).unwrap());
    assert_eq!(cancelled[0].get_status(), Some(icalendar::EventStatus::Cancelled));
    assert!(cancelled[0].get_sequence().unwrap() > moved[0].get_sequence().unwrap());
}

#[test]
fn a_calendar_range_longer_than_a_year_or_backwards_is_refused() {
    let w = world();
    let of = CalendarFor::Mentor { mentor_id: w.mentor };
    let r = w.store.reader(&w.manager);
    let long = CalendarRequest { of, from: d("2026-01-01"), to: d("2027-01-02") };
    assert_eq!(r.calendar_events(&long).unwrap_err().field(), Some("to"));
    let back = CalendarRequest { of, from: d("2026-02-01"), to: d("2026-01-01") };
    assert_eq!(r.calendar_events(&back).unwrap_err().field(), Some("to"));
    let year = CalendarRequest { of, from: d("2026-01-01"), to: d("2026-12-31") };
    assert!(r.calendar_events(&year).is_ok());
}

#[test]
fn an_appointment_ending_before_it_starts_is_refused_by_the_check_and_the_move() {
    let mut w = world();
    let (m, sam) = (w.manager.clone(), w.sam);
    let a = book(&mut w, &m, sam, "2026-07-07T09:00:00Z", "2026-07-07T10:00:00Z", "Park Surgery");
    let e = w.store.write(&m, |tx| {
        tx.move_appointment(a.id, ts("2026-07-08T10:00:00Z"), Some(ts("2026-07-08T09:00:00Z")))
    });
    assert_eq!(e.unwrap_err().field(), Some("ends_at"));
    assert_eq!(w.store.reader(&m).appointment(a.id).unwrap().fields.starts_at, ts("2026-07-07T09:00:00Z"));
}

#[test]
fn the_week_and_what_needs_attention_show_a_mentor_their_own_appointments() {
    let mut w = world();
    let (m, me, sam, jo) = (w.manager.clone(), w.mentor_actor.clone(), w.sam, w.jo);
    let tomorrow = today_london().succ_opt().unwrap();
    let at = |h: u32| {
        Timestamp::from_london(tomorrow.and_hms_opt(h, 0, 0).unwrap(), "starts_at").unwrap().to_string()
    };
    let a = book(&mut w, &me, sam, &at(10), &at(11), "Park Surgery");
    // One for Jo that nobody is going with.
    w.store
        .write(&m, |tx| {
            tx.book_appointment(Booking {
                client_id: jo,
                service_type: ServiceType::Dental,
                service_id: None,
                provider: None,
                place: None,
                starts_at: ts(&at(14)),
                ends_at: None,
                planned_accompaniment: Accompaniment::None,
                planned_user_id: None,
                planned_mentor_id: None,
            })
        })
        .unwrap();
    let week = w.store.reader(&me).week(CalendarOf::Mentor { mentor_id: w.mentor }, tomorrow).unwrap();
    assert_eq!(week.title, "Your week");
    assert_eq!(week.items.len(), 2, "theirs and their linked person's");
    assert!(week.busy.is_empty());
    let att = w.store.reader(&me).needs_attention(today_london()).unwrap();
    assert_eq!(att.tomorrow.items.iter().map(|i| i.appointment.id).collect::<Vec<_>>(), [a.id]);
    assert_eq!(att.nobody_going.total, 1);
    let reminders = w.store.reader(&me).reminders(today_london()).unwrap();
    assert_eq!(reminders.len(), 2);
    assert_eq!(reminders[0].body, "You are going with Sam O. to an appointment.");
    assert_eq!(
        reminders[1].body,
        "Jo R. has an appointment tomorrow at 14:00 and nobody is going with them."
    );
    for r in &reminders {
        assert!(!r.body.contains("Okafor") && !r.body.contains("Reid") && !r.title.contains("Okafor"));
    }
}

#[test]
fn a_name_that_matches_two_mentors_or_nobody_is_refused() {
    let mut w = world();
    let m = w.manager.clone();
    for _ in 0..2 {
        w.store.write(&m, |tx| tx.add_mentor(mentor_fields("Kai Brown"))).unwrap();
    }
    let r = w.store.reader(&m);
    let e = r.calendar_for_name(Some("kai brown"), None).unwrap_err();
    assert_eq!(e.field(), Some("mentor"));
    assert!(e.to_string().contains("2 peer mentors are called 'kai brown'"), "{e}");
    assert_eq!(r.calendar_for_name(Some("Nobody"), None).unwrap_err().field(), Some("mentor"));
    assert_eq!(
        r.calendar_for_name(Some(" DEE campbell "), None).unwrap(),
        CalendarFor::Mentor { mentor_id: w.mentor }
    );
    assert_eq!(
        r.calendar_for_name(None, Some("Dee Campbell")).unwrap_err().field(),
        Some("caseworker"),
        "a mentor is not a caseworker"
    );
}

#[test]
fn a_coming_appointment_given_to_another_mentor_leaves_the_first_mentors_phone_as_cancelled() {
    let mut w = world();
    let (m, me, sam) = (w.manager.clone(), w.mentor_actor.clone(), w.sam);
    let kai = w.store.write(&m, |tx| tx.add_mentor(mentor_fields("Kai Brown"))).unwrap().id;
    let soon = today_london().checked_add_days(chrono::Days::new(3)).unwrap();
    let at =
        |h: u32| Timestamp::from_london(soon.and_hms_opt(h, 0, 0).unwrap(), "starts_at").unwrap().to_string();
    let a = book(&mut w, &m, sam, &at(10), &at(11), "Park Surgery");
    let req = CalendarRequest {
        of: CalendarFor::Mentor { mentor_id: w.mentor },
        from: today_london(),
        to: today_london().checked_add_days(chrono::Days::new(30)).unwrap(),
    };
    let before = w.store.reader(&me).calendar_events(&req).unwrap();
    assert_eq!(before.len(), 1);
    assert!(!before[0].cancelled);
    w.store
        .write(&m, |tx| {
            tx.update_appointment(
                a.id,
                throughcare_core::model::appointments::AppointmentPatch {
                    planned_mentor_id: Some(Some(kai)),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    // Dee's file still has it, as cancelled, with its sequence up; Kai's has it as his.
    let after = w.store.reader(&m).calendar_events(&req).unwrap();
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].id, a.id);
    assert!(after[0].cancelled);
    assert!(after[0].sequence > before[0].sequence);
    assert_eq!(after[0].summary, "Appointment for S.");
    let kais = CalendarRequest { of: CalendarFor::Mentor { mentor_id: kai }, ..req };
    let theirs = w.store.reader(&m).calendar_events(&kais).unwrap();
    assert_eq!((theirs.len(), theirs[0].cancelled), (1, false));
}
