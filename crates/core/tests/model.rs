//! The repositories: rules a caseworker would notice, through the public API.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Days, NaiveDate};
use common::*;
use throughcare_core::entity::Entity;
use throughcare_core::enums::*;
use throughcare_core::model::Page;
use throughcare_core::model::appointments::{AppointmentFilter, Booking, OutcomeRecord};
use throughcare_core::model::clients::{ClientFilter, ClientPatch};
use throughcare_core::model::contacts::NewContact;
use throughcare_core::model::mentors::{DbsCheck, MentorFields, MentorPatch};
use throughcare_core::model::referrals::{NewReferral, ReferralFilter};
use throughcare_core::model::tasks::TaskFilter;
use throughcare_core::time::{Timestamp, today_london};
use throughcare_core::{Error, Store};

fn field_of(e: Error) -> String {
    match e {
        Error::Validation { field, .. } => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn bad_client_input_names_the_field_and_writes_nothing() {
    let (_d, _p, mut store, actor) = new_store();
    let ops = store.reader(&actor).op_count().unwrap();
    let today = today_london();
    type Change = Box<dyn Fn(&mut throughcare_core::model::clients::ClientFields)>;
    let cases: Vec<(&str, Change)> = vec![
        (
            "given_name",
            Box::new(|f| {
                f.given_name = Some("  ".into());
                f.family_name = None;
            }),
        ),
        ("nhs_number", Box::new(|f| f.nhs_number = Some("943 476 5918".into()))),
        ("prison_number", Box::new(|f| f.prison_number = Some("AB12345".into()))),
        ("crn", Box::new(|f| f.crn = Some("X12345".into()))),
        ("date_of_birth", Box::new(move |f| f.date_of_birth = Some(today + Days::new(1)))),
        (
            "actual_release_date",
            Box::new(|f| {
                f.date_of_birth = NaiveDate::from_ymd_opt(1990, 1, 1);
                f.actual_release_date = NaiveDate::from_ymd_opt(1980, 1, 1);
            }),
        ),
        (
            "licence_end_date",
            Box::new(|f| {
                f.actual_release_date = NaiveDate::from_ymd_opt(2024, 5, 1);
                f.licence_end_date = NaiveDate::from_ymd_opt(2024, 4, 1);
            }),
        ),
        ("family_name", Box::new(|f| f.family_name = Some("x".repeat(101)))),
        ("postcode", Box::new(|f| f.postcode = Some("NOT A CODE".into()))),
        ("phone", Box::new(|f| f.phone = Some("call me".into()))),
        (
            "date_of_birth",
            Box::new(|f| {
                f.consent_store = Some(false);
                f.date_of_birth = NaiveDate::from_ymd_opt(1990, 1, 1);
            }),
        ),
    ];
    for (want, change) in cases {
        let mut f = person("Dana", "Okafor");
        change(&mut f);
        let e = store.write(&actor, |tx| tx.create_client(f, None)).unwrap_err();
        let msg = e.to_string();
        assert_eq!(field_of(e), want, "{msg}");
    }
    assert_eq!(store.reader(&actor).op_count().unwrap(), ops, "a refused client left ops behind");
    assert_eq!(store.reader(&actor).clients(&ClientFilter::default(), Page::default()).unwrap().total, 0);
}

#[test]
fn identifiers_are_stored_in_one_shape() {
    let (_d, _p, mut store, actor) = new_store();
    let mut f = person("Wei", "Chen");
    f.nhs_number = Some("943-476-5919".into());
    f.prison_number = Some("a1234bc".into());
    f.crn = Some(" x123456 ".into());
    f.postcode = Some("ls11ab".into());
    let c = add(&mut store, &actor, f);
    assert_eq!(c.fields.nhs_number.as_deref(), Some("9434765919"));
    assert_eq!(c.fields.prison_number.as_deref(), Some("A1234BC"));
    assert_eq!(c.fields.crn.as_deref(), Some("X123456"));
    assert_eq!(c.fields.postcode.as_deref(), Some("LS1 1AB"));
    assert_eq!(
        c.fields.caseworker_id,
        Some(actor.user_id),
        "whoever adds a client holds the case unless another is named"
    );
}

#[test]
fn update_changes_only_the_fields_given() {
    let (_d, _p, mut store, actor) = new_store();
    let mut f = person("Aisha", "Begum");
    f.support_needs = vec![SupportNeed::Housing, SupportNeed::MentalHealth];
    let c = add(&mut store, &actor, f);
    let patch: ClientPatch =
        serde_json::from_str(r#"{"preferred_name": "Ash", "gp_status": "in_progress"}"#).unwrap();
    let after = store.write(&actor, |tx| tx.update_client(c.id, patch)).unwrap();
    assert_eq!(after.fields.preferred_name.as_deref(), Some("Ash"));
    assert_eq!(after.fields.family_name.as_deref(), Some("Begum"));
    assert_eq!(after.fields.support_needs, vec![SupportNeed::MentalHealth, SupportNeed::Housing]);
    let history = store.reader(&actor).history(Entity::Client, &c.id.to_string()).unwrap();
    assert_eq!(history.last().unwrap().fields, vec!["gp_status".to_owned(), "preferred_name".to_owned()]);
    // null clears a field; leaving it out does not.
    let patch: ClientPatch = serde_json::from_str(r#"{"preferred_name": null}"#).unwrap();
    let after = store.write(&actor, |tx| tx.update_client(c.id, patch)).unwrap();
    assert_eq!(after.fields.preferred_name, None);
    assert_eq!(after.fields.gp_status, GpStatus::InProgress);
    // An unknown field is refused rather than silently dropped.
    assert!(serde_json::from_str::<ClientPatch>(r#"{"favourite_colour": "red"}"#).is_err());
}

#[test]
fn search_folds_accents_matches_prefixes_and_identifiers() {
    let (_d, _p, mut store, actor) = new_store();
    let mut a = person("Siobhán", "O'Brien");
    a.nhs_number = Some("9434765919".into());
    a.prison_number = Some("A1234BC".into());
    add(&mut store, &actor, a);
    add(&mut store, &actor, person("Łukasz", "Nowak"));
    let mut single = person("Precious", "");
    single.family_name = None;
    add(&mut store, &actor, single);
    let mut mo = person("Mohammed", "Khan");
    mo.preferred_name = Some("Mo".into());
    add(&mut store, &actor, mo);
    let r = store.reader(&actor);
    let names = |q: &str| -> Vec<String> {
        r.search_clients(q, 10).unwrap().into_iter().map(|c| c.client.fields.display_name()).collect()
    };
    assert_eq!(names("siobhan"), ["Siobhán O'Brien"]);
    assert_eq!(names("SIOB"), ["Siobhán O'Brien"]);
    assert_eq!(names("o'brien"), ["Siobhán O'Brien"]);
    assert_eq!(names("brien siob"), ["Siobhán O'Brien"]);
    assert_eq!(names("lukasz"), ["Łukasz Nowak"]);
    assert_eq!(names("943 476 5919"), ["Siobhán O'Brien"]);
    assert_eq!(names("943476"), ["Siobhán O'Brien"]);
    assert_eq!(names("a1234"), ["Siobhán O'Brien"]);
    assert_eq!(names("Precious"), ["Precious"]);
    assert_eq!(names("mo kha"), ["Mo Khan"]);
    assert!(names("zzz").is_empty());
    assert!(names("\"*( )").is_empty(), "FTS syntax in the query must not break the search");
}

#[test]
fn one_or_two_letters_show_the_newest_matches_first_and_more_the_best() {
    let (_d, _p, mut store, actor) = new_store();
    // Added oldest first.
    for (given, family) in [("Sam", "Smithson"), ("Sara", "Smith"), ("Sid", "Jones"), ("Al", "Smith")] {
        add(&mut store, &actor, person(given, family));
    }
    let r = store.reader(&actor);
    let names = |q: &str| -> Vec<String> {
        r.search_clients(q, 10).unwrap().into_iter().map(|c| c.client.fields.display_name()).collect()
    };
    assert_eq!(names("s"), ["Al Smith", "Sid Jones", "Sara Smith", "Sam Smithson"]);
    assert_eq!(names("sm"), ["Al Smith", "Sara Smith", "Sam Smithson"]);
    // Three letters and more: the closest matches first, then by name.
    assert_eq!(names("smith"), ["Al Smith", "Sara Smith", "Sam Smithson"]);
    assert_eq!(names("sara smi"), ["Sara Smith"]);
    // The Clients screen still counts every match.
    let f = ClientFilter { query: Some("s".into()), ..Default::default() };
    let page = r.clients(&f, Page { offset: 0, limit: 2 }).unwrap();
    assert_eq!((page.total, page.items.len()), (4, 2));
}

#[test]
fn lists_filter_sort_and_page() {
    let (_d, _p, mut store, actor) = new_store();
    for (i, name) in ["Adams", "Baker", "Clarke", "Davies", "Evans"].iter().enumerate() {
        let mut f = person("Test", name);
        f.justice_status = if i % 2 == 0 { JusticeStatus::OnLicence } else { JusticeStatus::InCustody };
        add(&mut store, &actor, f);
    }
    // Someone with one name sorts by it, among the family names.
    let mut single = person("Bongani", "");
    single.family_name = None;
    add(&mut store, &actor, single);
    let r = store.reader(&actor);
    let page = r.clients(&ClientFilter::default(), Page { offset: 2, limit: 2 }).unwrap();
    assert_eq!(page.total, 6);
    let got: Vec<_> = page.items.iter().map(|c| c.client.fields.display_name()).collect();
    assert_eq!(got, ["Bongani", "Test Clarke"]);
    let f = ClientFilter { justice_status: Some(JusticeStatus::InCustody), ..Default::default() };
    assert_eq!(r.clients(&f, Page::default()).unwrap().total, 2);
    let f = ClientFilter { open: Some(false), ..Default::default() };
    assert_eq!(r.clients(&f, Page::default()).unwrap().total, 0);
}

#[test]
fn episodes_close_with_a_reason_and_reopen() {
    let (_d, _p, mut store, actor) = new_store();
    let c = add(&mut store, &actor, person("Gary", "Ward"));
    let today = today_london();
    store.write(&actor, |tx| tx.close_episode(c.id, today, CloseReason::GoalsMet)).unwrap();
    let f = ClientFilter { open: Some(false), ..Default::default() };
    assert_eq!(store.reader(&actor).clients(&f, Page::default()).unwrap().total, 1);
    let e = store.write(&actor, |tx| tx.close_episode(c.id, today, CloseReason::GoalsMet)).unwrap_err();
    assert_eq!(field_of(e), "closed_on");
    store.write(&actor, |tx| tx.reopen_episode(c.id, today)).unwrap();
    assert_eq!(store.reader(&actor).episodes(c.id).unwrap().len(), 2);
}

fn mentor(store: &mut Store, actor: &throughcare_core::Actor) -> throughcare_core::model::mentors::Mentor {
    store.write(actor, |tx| tx.add_mentor(mentor_fields("Dean Holloway"))).unwrap()
}

#[test]
fn appointment_with_a_mentor_attended_then_a_dna_makes_a_task() {
    let (_d, _p, mut store, actor) = new_store();
    let c = add(&mut store, &actor, person("Kwame", "Mensah"));
    let m = mentor(&mut store, &actor);
    let earlier = Timestamp::now().plus_seconds(-3 * 3600);
    let booking = |mentor_id| Booking {
        client_id: c.id,
        service_type: ServiceType::Gp,
        service_id: None,
        provider: Some("Riverside Medical Centre".into()),
        place: None,
        starts_at: earlier,
        ends_at: Some(earlier.plus_seconds(1800)),
        planned_accompaniment: Accompaniment::PeerMentor,
        planned_user_id: None,
        planned_mentor_id: mentor_id,
    };
    let e = store.write(&actor, |tx| tx.book_appointment(booking(None))).unwrap_err();
    assert_eq!(field_of(e), "planned_mentor_id");
    let a = store.write(&actor, |tx| tx.book_appointment(booking(Some(m.id)))).unwrap();
    let rec = OutcomeRecord {
        outcome: Outcome::Attended,
        dna_reason: None,
        actual_accompaniment: None,
        actual_user_id: None,
        actual_mentor_id: None,
    };
    let a = store.write(&actor, |tx| tx.record_outcome(a.id, rec)).unwrap();
    assert_eq!(a.fields.actual_accompaniment, Some(Accompaniment::PeerMentor));
    assert_eq!(a.fields.actual_mentor_id, Some(m.id));
    assert!(a.fields.outcome_recorded_at.is_some());
    let b = store.write(&actor, |tx| tx.book_appointment(booking(Some(m.id)))).unwrap();
    let rec = OutcomeRecord {
        outcome: Outcome::Dna,
        dna_reason: Some(DnaReason::NoFare),
        actual_accompaniment: None,
        actual_user_id: None,
        actual_mentor_id: None,
    };
    store.write(&actor, |tx| tx.record_outcome(b.id, rec)).unwrap();
    let tasks = store
        .reader(&actor)
        .tasks(&TaskFilter { client_id: Some(c.id), ..Default::default() }, Page::default())
        .unwrap();
    assert_eq!(tasks.total, 1);
    assert_eq!(tasks.items[0].fields.kind, TaskKind::DnaFollowUp);
    assert_eq!(tasks.items[0].fields.appointment_id, Some(b.id));
    let f = AppointmentFilter { mentor_id: Some(m.id), ..Default::default() };
    assert_eq!(store.reader(&actor).appointments(&f, Page::default()).unwrap().total, 2);
}

#[test]
fn attendance_cannot_be_recorded_before_the_appointment_and_rescheduling_keeps_the_link() {
    let (_d, _p, mut store, actor) = new_store();
    let c = add(&mut store, &actor, person("Ngozi", "Adeyemi"));
    let later = Timestamp::now().plus_seconds(3 * 86400);
    let a = store
        .write(&actor, |tx| {
            tx.book_appointment(Booking {
                client_id: c.id,
                service_type: ServiceType::Dental,
                service_id: None,
                provider: None,
                place: None,
                starts_at: later,
                ends_at: Some(later.plus_seconds(-60)),
                planned_accompaniment: Accompaniment::None,
                planned_user_id: None,
                planned_mentor_id: None,
            })
        })
        .unwrap_err();
    assert_eq!(field_of(a), "ends_at");
    let a = store
        .write(&actor, |tx| {
            tx.book_appointment(Booking {
                client_id: c.id,
                service_type: ServiceType::Dental,
                service_id: None,
                provider: None,
                place: None,
                starts_at: later,
                ends_at: None,
                planned_accompaniment: Accompaniment::Caseworker,
                planned_user_id: None,
                planned_mentor_id: None,
            })
        })
        .unwrap();
    assert_eq!(a.fields.planned_user_id, Some(actor.user_id), "caseworker defaults to the person booking");
    let rec = OutcomeRecord {
        outcome: Outcome::Attended,
        dna_reason: None,
        actual_accompaniment: None,
        actual_user_id: None,
        actual_mentor_id: None,
    };
    let e = store.write(&actor, |tx| tx.record_outcome(a.id, rec)).unwrap_err();
    assert_eq!(field_of(e), "outcome");
    let new = store
        .write(&actor, |tx| {
            tx.reschedule_appointment(a.id, later.plus_seconds(86400), None, Outcome::CancelledByProvider)
        })
        .unwrap();
    let old = store.reader(&actor).appointment(a.id).unwrap();
    assert_eq!(old.fields.rescheduled_to, Some(new.id));
    assert_eq!(old.fields.outcome, Outcome::CancelledByProvider);
    assert_eq!(new.fields.outcome, Outcome::NotRecorded);
    assert_eq!(new.fields.planned_accompaniment, Accompaniment::Caseworker);
}

#[test]
fn referrals_follow_their_lifecycle_with_dates() {
    let (_d, _p, mut store, actor) = new_store();
    let c = add(&mut store, &actor, person("Tariq", "Hussain"));
    let today = today_london();
    let d = |n: u64| today - Days::new(n);
    let r = store
        .write(&actor, |tx| {
            tx.make_referral(NewReferral {
                client_id: c.id,
                service_type: ServiceType::DrugAlcohol,
                service_id: None,
                provider: None,
                reason: None,
                status: ReferralStatus::Sent,
                on: d(30),
            })
        })
        .unwrap();
    let e = store.write(&actor, |tx| tx.move_referral(r.id, ReferralStatus::Completed, d(20))).unwrap_err();
    assert_eq!(field_of(e), "status");
    let e = store.write(&actor, |tx| tx.move_referral(r.id, ReferralStatus::Accepted, d(40))).unwrap_err();
    assert_eq!(field_of(e), "on");
    store.write(&actor, |tx| tx.move_referral(r.id, ReferralStatus::Accepted, d(25))).unwrap();
    let waiting = ReferralFilter { waiting_days: Some(14), today: Some(today), ..Default::default() };
    let rows = store.reader(&actor).referrals(&waiting, Page::default()).unwrap();
    assert_eq!(rows.total, 1, "accepted 25 days ago with no first appointment is waiting");
    assert_eq!(rows.items[0].sent_on, Some(d(30)));
    assert_eq!(
        rows.items[0].next_statuses,
        vec![ReferralStatus::FirstAppointment, ReferralStatus::ClosedNoEngagement]
    );
    store.write(&actor, |tx| tx.move_referral(r.id, ReferralStatus::FirstAppointment, d(5))).unwrap();
    assert_eq!(store.reader(&actor).referrals(&waiting, Page::default()).unwrap().total, 0);

    // In the whole list, referrals still under way come before finished ones, however old.
    let declined = store
        .write(&actor, |tx| {
            tx.make_referral(NewReferral {
                client_id: c.id,
                service_type: ServiceType::Housing,
                service_id: None,
                provider: None,
                reason: None,
                status: ReferralStatus::Sent,
                on: d(90),
            })
        })
        .unwrap();
    store.write(&actor, |tx| tx.move_referral(declined.id, ReferralStatus::Declined, d(80))).unwrap();
    let all = store.reader(&actor).referrals(&ReferralFilter::default(), Page::default()).unwrap();
    assert_eq!(all.items.iter().map(|x| x.referral.id).collect::<Vec<_>>(), [r.id, declined.id]);
    let steps: Vec<_> = store
        .reader(&actor)
        .referral_events(r.id)
        .unwrap()
        .into_iter()
        .map(|e| (e.fields.status, e.fields.happened_on))
        .collect();
    assert_eq!(
        steps,
        [
            (ReferralStatus::Sent, d(30)),
            (ReferralStatus::Accepted, d(25)),
            (ReferralStatus::FirstAppointment, d(5))
        ]
    );
}

#[test]
fn contacts_are_amended_by_new_versions_only_by_their_author() {
    let (_d, _p, mut store, actor) = new_store();
    let c = add(&mut store, &actor, person("Leanne", "Walker"));
    let today = today_london();
    let n = |s: &str| NewContact {
        client_id: c.id,
        contact_on: today,
        kind: ContactKind::Phone,
        minutes: 15,
        summary: Some(s.into()),
        follow_up_on: Some(today + Days::new(7)),
    };
    let first = store.write(&actor, |tx| tx.log_contact(n("Phoned about the GP form."))).unwrap();
    store.write(&actor, |tx| tx.amend_contact(first.id, n("Phoned about the GP form; posted it."))).unwrap();
    let shown = store.reader(&actor).contacts(c.id).unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].fields.supersedes_id, Some(first.id));
    assert_eq!(
        store
            .reader(&actor)
            .get::<throughcare_core::model::contacts::ContactFields>(first.id)
            .unwrap()
            .fields
            .summary
            .as_deref(),
        Some("Phoned about the GP form.")
    );
    let mut bad = n("x");
    bad.minutes = 2000;
    assert_eq!(field_of(store.write(&actor, |tx| tx.log_contact(bad)).unwrap_err()), "minutes");
    let tasks = store.reader(&actor).tasks(&TaskFilter::default(), Page::default()).unwrap();
    assert_eq!(tasks.total, 1, "a follow-up date makes one task");
}

#[test]
fn mentors_link_once_at_a_time() {
    let (_d, _p, mut store, actor) = new_store();
    let c = add(&mut store, &actor, person("Rhys", "Evans"));
    let m = mentor(&mut store, &actor);
    let today = today_london();
    let link = store.write(&actor, |tx| tx.link_mentor(m.id, c.id, today)).unwrap();
    assert_eq!(
        field_of(store.write(&actor, |tx| tx.link_mentor(m.id, c.id, today)).unwrap_err()),
        "mentor_id"
    );
    store.write(&actor, |tx| tx.end_mentor_link(link.id, today)).unwrap();
    store.write(&actor, |tx| tx.link_mentor(m.id, c.id, today)).unwrap();
    assert_eq!(store.reader(&actor).mentor_links(Some(m.id), None).unwrap().len(), 2);

    // The list and the profile say how many links are current and where the DBS check stands.
    let rows = store.reader(&actor).mentor_rows(today).unwrap();
    assert_eq!((rows.len(), rows[0].current_clients, rows[0].dbs), (1, 1, DbsCheck::NotRecorded));
    let record = store.reader(&actor).mentor_record_on(m.id, today).unwrap();
    assert_eq!(record.links.iter().map(|l| l.current).collect::<Vec<_>>(), [true, false]);
    let checked: chrono::NaiveDate = "2020-06-15".parse().unwrap();
    let patch = MentorPatch { dbs_checked_on: Some(Some(checked)), ..Default::default() };
    store.write(&actor, |tx| tx.update::<MentorFields>(m.id, patch)).unwrap();
    let on = |d: &str| store.reader(&actor).mentor_record_on(m.id, d.parse().unwrap()).unwrap().dbs;
    assert_eq!(on("2023-06-15"), DbsCheck::InDate, "in date on the third anniversary");
    assert_eq!(on("2023-06-16"), DbsCheck::OutOfDate, "out of date the day after");
    assert_eq!(store.reader(&actor).mentor_rows(today).unwrap()[0].dbs, DbsCheck::OutOfDate);
}

#[test]
fn starter_directory_is_there_from_the_start() {
    let (_d, _p, store, actor) = new_store();
    let services = store.reader(&actor).services(None).unwrap();
    assert!(services.iter().any(|s| s.fields.service_type == ServiceType::Reconnect));
    assert!(services.len() >= 10);
}
