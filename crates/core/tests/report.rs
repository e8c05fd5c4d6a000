//! The monthly summary against a hand-built organisation whose every figure is known, with the edges
//! that catch a wrong definition: appointments either side of midnight at both clock changes, a
//! did-not-attend beside a cancellation, a moved appointment, support closed and opened again in the
//! month, a release on the month's last day, an amended note, unknown ethnicity and no date of birth.
//! Then: every figure opens as a list as long as its number; suppression never leaves a small count to
//! be worked out by subtraction; the files say what they are; bad requests are refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::*;
use proptest::prelude::*;
use throughcare_core::enums::*;
use throughcare_core::ids::{ClientId, TeamId, UserId};
use throughcare_core::model::appointments::{Booking, OutcomeRecord};
use throughcare_core::model::clients::{ClientFields, ClientPatch};
use throughcare_core::model::contacts::NewContact;
use throughcare_core::model::custody::CustodyFields;
use throughcare_core::model::mentors::MentorFields;
use throughcare_core::model::referrals::NewReferral;
use throughcare_core::model::users::UserFields;
use throughcare_core::report::files::{ReportFormat, render, tidy};
use throughcare_core::report::suppress::{Cells, State};
use throughcare_core::report::{Audience, Figure, MonthlySummary, ReportRequest, ReportScope};
use throughcare_core::time::Timestamp;
use throughcare_core::{Actor, ErrorKind, Store};

thread_local! {
    /// The fixture's peer mentor, for outcomes they went to.
    static MENTOR: std::cell::RefCell<Option<throughcare_core::ids::MentorId>> = const { std::cell::RefCell::new(None) };
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A London wall-clock time.
fn at(s: &str) -> Timestamp {
    Timestamp::from_london(chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap(), "t").unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: Store,
    m: Actor,
    north: TeamId,
    alex: UserId,
    sam: UserId,
}

fn client(store: &mut Store, m: &Actor, f: ClientFields, opened: &str) -> ClientId {
    store.write(m, |tx| tx.create_client(f, Some(d(opened)))).unwrap().id
}

fn book(
    store: &mut Store,
    m: &Actor,
    c: ClientId,
    when: Timestamp,
    with: Accompaniment,
) -> throughcare_core::ids::AppointmentId {
    store
        .write(m, |tx| {
            tx.book_appointment(Booking {
                client_id: c,
                service_type: ServiceType::Gp,
                service_id: None,
                provider: None,
                place: None,
                starts_at: when,
                ends_at: None,
                planned_accompaniment: with,
                planned_user_id: None,
                planned_mentor_id: if with == Accompaniment::PeerMentor {
                    MENTOR.with(|x| *x.borrow())
                } else {
                    None
                },
            })
        })
        .unwrap()
        .id
}

fn outcome(
    store: &mut Store,
    m: &Actor,
    id: throughcare_core::ids::AppointmentId,
    o: Outcome,
    reason: Option<DnaReason>,
    went: Option<Accompaniment>,
) {
    store
        .write(m, |tx| {
            tx.record_outcome(
                id,
                OutcomeRecord {
                    outcome: o,
                    dna_reason: reason,
                    actual_accompaniment: went,
                    actual_user_id: (went == Some(Accompaniment::Caseworker)).then_some(m.user_id),
                    actual_mentor_id: if went == Some(Accompaniment::PeerMentor) {
                        MENTOR.with(|x| *x.borrow())
                    } else {
                        None
                    },
                },
            )
        })
        .unwrap();
}

fn contact(
    store: &mut Store,
    m: &Actor,
    c: ClientId,
    on: &str,
    kind: ContactKind,
    minutes: i64,
) -> throughcare_core::ids::ContactId {
    store
        .write(m, |tx| {
            tx.log_contact(NewContact {
                client_id: c,
                contact_on: d(on),
                kind,
                minutes,
                summary: None,
                follow_up_on: None,
            })
        })
        .unwrap()
        .id
}

fn referral(
    store: &mut Store,
    m: &Actor,
    c: ClientId,
    service: ServiceType,
    status: ReferralStatus,
    on: &str,
) -> throughcare_core::ids::ReferralId {
    store
        .write(m, |tx| {
            tx.make_referral(NewReferral {
                client_id: c,
                service_type: service,
                service_id: None,
                provider: None,
                reason: None,
                status,
                on: d(on),
            })
        })
        .unwrap()
        .id
}

fn fixture() -> Fixture {
    let (dir, path, mut store, m) = new_store();
    let (north, south) =
        store.write(&m, |tx| Ok((tx.add_team("North")?.id, tx.add_team("South")?.id))).unwrap();
    let user = |name: &str, team: TeamId| UserFields {
        display_name: name.into(),
        role: Role::Caseworker,
        email: None,
        team_id: Some(team),
        mentor_id: None,
    };
    let (alex, sam) = store
        .write(&m, |tx| {
            Ok((tx.add_user(user("Alex Morgan", north))?.id, tx.add_user(user("Sam Patel", south))?.id))
        })
        .unwrap();
    let of = |given: &str, cw: UserId, team: TeamId| ClientFields {
        caseworker_id: Some(cw),
        team_id: Some(team),
        ..person(given, "Test")
    };
    let mentor = store
        .write(&m, |tx| {
            tx.add_mentor(MentorFields { lived_experience: vec![], ..mentor_fields("Pat Mentor") })
        })
        .unwrap()
        .id;
    MENTOR.with(|x| *x.borrow_mut() = Some(mentor));
    // Active in October: Ada, Ben (new), Cai (closed and opened again), Fay (new on the last day).
    let ada = client(
        &mut store,
        &m,
        ClientFields { gender: Some(Gender::Man), ..of("Ada", alex, north) },
        "2026-09-01",
    );
    let ben = client(
        &mut store,
        &m,
        ClientFields {
            gender: Some(Gender::NotStated),
            ethnicity: Some(Ethnicity::NotStated),
            date_of_birth: Some(d("2001-11-01")),
            disability: Some(Disability::No),
            ..of("Ben", alex, north)
        },
        "2026-10-10",
    );
    let cai = client(
        &mut store,
        &m,
        ClientFields {
            ethnicity: Some(Ethnicity::African),
            date_of_birth: Some(d("1976-10-31")),
            ..of("Cai", sam, south)
        },
        "2026-03-01",
    );
    store.write(&m, |tx| tx.close_episode(cai, d("2026-10-05"), CloseReason::GoalsMet)).unwrap();
    store.write(&m, |tx| tx.reopen_episode(cai, d("2026-10-20"))).unwrap();
    // Not active in October: Dee (starts in November), Eve (closed on 30 September).
    client(&mut store, &m, of("Dee", sam, south), "2026-11-02");
    let eve = client(&mut store, &m, of("Eve", sam, south), "2025-01-01");
    store.write(&m, |tx| tx.close_episode(eve, d("2026-09-30"), CloseReason::MovedAway)).unwrap();
    let fay = client(
        &mut store,
        &m,
        ClientFields {
            gender: Some(Gender::Woman),
            ethnicity: Some(Ethnicity::WhiteIrish),
            date_of_birth: Some(d("1990-05-01")),
            disability: Some(Disability::Yes),
            ..of("Fay", sam, south)
        },
        "2026-10-31",
    );

    // Appointments, either side of October's edges in London time (BST ends 25 October at 02:00).
    let a1 = book(&mut store, &m, ada, at("2026-10-01 00:30"), Accompaniment::Caseworker); // 30 Sep 23:30 UTC: October
    outcome(&mut store, &m, a1, Outcome::Attended, None, Some(Accompaniment::Caseworker));
    let a2 = book(&mut store, &m, ada, at("2026-09-30 23:30"), Accompaniment::None); // September
    outcome(&mut store, &m, a2, Outcome::Attended, None, None);
    let a3 = book(&mut store, &m, ada, at("2026-10-25 01:30"), Accompaniment::None); // the repeated hour
    outcome(&mut store, &m, a3, Outcome::Dna, Some(DnaReason::Forgot), None);
    let a4 = book(&mut store, &m, ada, at("2026-10-31 23:30"), Accompaniment::None); // GMT: October
    outcome(&mut store, &m, a4, Outcome::CancelledByPatient, None, None);
    let a5 = book(&mut store, &m, ada, at("2026-11-01 00:30"), Accompaniment::None); // November
    outcome(&mut store, &m, a5, Outcome::Attended, None, None);
    let a6 = book(&mut store, &m, ada, at("2026-10-15 10:00"), Accompaniment::PeerMentor);
    let a6b = store
        .write(&m, |tx| {
            tx.reschedule_appointment(a6, at("2026-10-22 10:00"), None, Outcome::CancelledByProvider)
        })
        .unwrap()
        .id;
    outcome(&mut store, &m, a6b, Outcome::Attended, None, Some(Accompaniment::PeerMentor));
    let a7 = book(&mut store, &m, ben, at("2026-10-20 14:00"), Accompaniment::Caseworker);
    outcome(&mut store, &m, a7, Outcome::Dna, None, Some(Accompaniment::None));
    book(&mut store, &m, ben, at("2026-10-28 09:00"), Accompaniment::None); // nothing recorded
    // Fay, released on the last day: seen on day 10, contacted on day 2. Cai, released on the 1st: a
    // contact on day 3 only.
    let f1 = book(&mut store, &m, fay, at("2026-11-10 11:00"), Accompaniment::None);
    outcome(&mut store, &m, f1, Outcome::Attended, None, None);
    for (c, on) in [(fay, "2026-10-31"), (cai, "2026-10-01")] {
        store
            .write(&m, |tx| {
                tx.add_custody(CustodyFields {
                    client_id: c,
                    kind: CustodyKind::Sentence,
                    establishment: Some("HMP Leeds".into()),
                    started_on: d("2025-06-01"),
                    expected_release_on: None,
                    released_on: Some(d(on)),
                })
            })
            .unwrap();
    }
    contact(&mut store, &m, fay, "2026-11-02", ContactKind::GatePickup, 60);
    contact(&mut store, &m, cai, "2026-10-04", ContactKind::Phone, 5);

    // Contacts in October: Ada's phone call amended (counted once, 20 minutes), Ben in person, Eve
    // (no longer supported) by phone.
    let c1 = contact(&mut store, &m, ada, "2026-10-02", ContactKind::Phone, 15);
    store
        .write(&m, |tx| {
            tx.amend_contact(
                c1,
                NewContact {
                    client_id: ada,
                    contact_on: d("2026-10-02"),
                    kind: ContactKind::Phone,
                    minutes: 20,
                    summary: None,
                    follow_up_on: None,
                },
            )
        })
        .unwrap();
    contact(&mut store, &m, ben, "2026-10-11", ContactKind::InPerson, 30);
    contact(&mut store, &m, eve, "2026-10-03", ContactKind::Phone, 10);

    // Referrals: Ben's sent in September, accepted and first seen in October (35 days); Ada's sent and
    // declined in October; Cai's sent, accepted and first seen in October (10 days); a draft.
    let r1 = referral(&mut store, &m, ben, ServiceType::MentalHealth, ReferralStatus::Sent, "2026-09-20");
    store.write(&m, |tx| tx.move_referral(r1, ReferralStatus::Accepted, d("2026-10-05"))).unwrap();
    store.write(&m, |tx| tx.move_referral(r1, ReferralStatus::FirstAppointment, d("2026-10-25"))).unwrap();
    let r2 = referral(&mut store, &m, ada, ServiceType::Dental, ReferralStatus::Sent, "2026-10-03");
    store.write(&m, |tx| tx.move_referral(r2, ReferralStatus::Declined, d("2026-10-10"))).unwrap();
    let r3 = referral(&mut store, &m, cai, ServiceType::DrugAlcohol, ReferralStatus::Sent, "2026-10-01");
    store.write(&m, |tx| tx.move_referral(r3, ReferralStatus::Accepted, d("2026-10-02"))).unwrap();
    store.write(&m, |tx| tx.move_referral(r3, ReferralStatus::FirstAppointment, d("2026-10-11"))).unwrap();
    referral(&mut store, &m, cai, ServiceType::GpRegistration, ReferralStatus::Draft, "2026-10-12");

    // GP: Ada registered in October, Ben in September.
    for (c, on) in [(ada, "2026-10-12"), (ben, "2026-09-30")] {
        store
            .write(&m, |tx| {
                tx.update_client(
                    c,
                    ClientPatch {
                        gp_status: Some(GpStatus::Registered),
                        gp_registered_on: Some(Some(d(on))),
                        ..Default::default()
                    },
                )
            })
            .unwrap();
    }
    // Mentoring: a link open in October, one ended on 1 October (so over before it), one from the 31st.
    store.write(&m, |tx| tx.link_mentor(mentor, ada, d("2026-09-01"))).unwrap();
    let ended = store.write(&m, |tx| tx.link_mentor(mentor, eve, d("2026-08-01"))).unwrap().id;
    store.write(&m, |tx| tx.end_mentor_link(ended, d("2026-10-01"))).unwrap();
    store.write(&m, |tx| tx.link_mentor(mentor, fay, d("2026-10-31"))).unwrap();
    Fixture { _dir: dir, path, store, m, north, alex, sam }
}

fn request(month: &str, scope: ReportScope, audience: Audience) -> ReportRequest {
    ReportRequest { month: month.into(), scope, audience }
}

fn v(f: &Figure) -> u64 {
    f.value.unwrap()
}

fn part(b: &throughcare_core::report::Breakdown, code: &str) -> u64 {
    v(&b.parts.iter().find(|p| p.code == code).unwrap_or_else(|| panic!("no part {code}")).figure)
}

#[test]
fn every_figure_of_october_is_as_counted_by_hand() {
    let f = fixture();
    let s = f
        .store
        .monthly_summary(&f.m, &request("2026-10", ReportScope::Organisation, Audience::Internal))
        .unwrap();
    assert_eq!(s.month_name, "October 2026");
    // Clients.
    assert_eq!((v(&s.clients.active), v(&s.clients.new), v(&s.clients.reopened)), (4, 2, 1));
    assert_eq!(v(&s.clients.closed.total), 1);
    assert_eq!(part(&s.clients.closed, "goals_met"), 1);
    // Contacts: the amended note once, at its new length.
    assert_eq!(v(&s.contacts.by_kind.total), 4);
    assert_eq!((part(&s.contacts.by_kind, "phone"), part(&s.contacts.by_kind, "in_person")), (3, 1));
    assert_eq!(s.contacts.minutes, 20 + 30 + 10 + 5);
    // Appointments.
    let a = &s.appointments;
    assert_eq!(v(&a.by_outcome.total), 7);
    for (code, n) in [
        ("attended", 2),
        ("dna", 2),
        ("cancelled_by_patient", 1),
        ("moved", 1),
        ("not_recorded", 1),
        ("to_come", 0),
        ("late_not_seen", 0),
    ] {
        assert_eq!(part(&a.by_outcome, code), n, "{code}");
    }
    assert_eq!(a.attendance.percent, Some(50.0));
    assert_eq!((v(&a.accompanied.numerator), v(&a.accompanied.denominator)), (2, 3));
    assert_eq!(a.accompanied.percent, Some(66.7));
    assert_eq!((v(&a.unaccompanied.numerator), v(&a.unaccompanied.denominator)), (0, 1));
    let by: Vec<Option<f64>> = a.by_accompaniment.iter().map(|r| r.percent).collect();
    assert_eq!(by, vec![Some(50.0), Some(100.0), Some(0.0)]);
    assert_eq!(v(&a.awaiting_outcome), 1);
    assert_eq!((part(&a.dna_reasons, "forgot"), part(&a.dna_reasons, "not_recorded")), (1, 1));
    // Referrals.
    let r = &s.referrals;
    assert_eq!(v(&r.made.total), 2);
    assert_eq!(
        (part(&r.made, "dental"), part(&r.made, "drug_alcohol"), part(&r.made, "mental_health")),
        (1, 1, 0)
    );
    assert_eq!((v(&r.accepted), v(&r.declined), v(&r.first_appointments)), (2, 1, 2));
    assert_eq!(r.median_days_to_first_appointment, Some(22.5));
    assert_eq!(v(&s.gp_registrations), 1);
    // Releases: Fay seen and contacted; Cai neither (a contact on day 3).
    assert_eq!(v(&s.releases.releases), 2);
    assert_eq!(
        (v(&s.releases.seen_within_14_days.numerator), v(&s.releases.contact_within_2_days.numerator)),
        (1, 1)
    );
    // Mentoring.
    assert_eq!((v(&s.mentoring.active_links), v(&s.mentoring.accompanied_appointments)), (2, 1));
    // Equality of the four active clients.
    let e = &s.equality;
    assert_eq!(
        (
            part(&e.gender, "man"),
            part(&e.gender, "woman"),
            part(&e.gender, "not_stated"),
            part(&e.gender, "not_recorded")
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(
        (
            part(&e.ethnic_group, "white"),
            part(&e.ethnic_group, "black"),
            part(&e.ethnic_group, "not_stated"),
            part(&e.ethnic_group, "not_recorded")
        ),
        (1, 1, 1, 1)
    );
    // Ben is 24 until 1 November; Cai turns 50 on 31 October; Ada has no date of birth.
    for (band, n) in [("18_24", 1), ("35_49", 1), ("50_64", 1), ("unknown", 1), ("25_34", 0)] {
        assert_eq!(part(&e.age_band, band), n, "{band}");
    }
    assert_eq!(
        (part(&e.disability, "yes"), part(&e.disability, "no"), part(&e.disability, "not_recorded")),
        (1, 1, 2)
    );
    // The trend ends with October, with the same figures.
    assert_eq!(s.trend.len(), 12);
    let last = s.trend.last().unwrap();
    assert_eq!(last.month, "2026-10");
    assert_eq!(v(&last.active_clients), 4);
    assert_eq!(last.accompanied.percent, Some(66.7));
    assert_eq!(v(&last.referrals_made), 2);
    assert_eq!(v(&last.seen_within_14_days.numerator), 1);
    let sep = &s.trend[10];
    assert_eq!((sep.month.as_str(), v(&sep.active_clients), v(&sep.referrals_made)), ("2026-09", 3, 1));
    assert!(!s.provisional && s.missing_devices.is_empty());
}

#[test]
fn months_begin_and_end_at_midnight_in_london_at_both_clock_changes() {
    let f = fixture();
    let mut store = f.store;
    let m = f.m;
    let x = client(&mut store, &m, person("Spring", "Test"), "2026-01-01");
    // BST begins on 29 March 2026: 31 March 23:30 is 22:30 UTC, 1 April 00:30 is 31 March 23:30 UTC.
    for when in ["2026-03-31 23:30", "2026-04-01 00:30", "2026-03-01 00:30", "2026-05-01 00:00"] {
        let id = book(&mut store, &m, x, at(when), Accompaniment::None);
        outcome(&mut store, &m, id, Outcome::Attended, None, None);
    }
    let count = |month: &str| {
        let s = store
            .monthly_summary(&m, &request(month, ReportScope::Organisation, Audience::Internal))
            .unwrap();
        part(&s.appointments.by_outcome, "attended")
    };
    assert_eq!((count("2026-03"), count("2026-04")), (2, 1));
    // October (BST ends on the 25th) has its two from either edge; September and November theirs.
    assert_eq!((count("2026-09"), count("2026-10"), count("2026-11")), (1, 2, 2));
    // On the stroke of midnight a month begins: 1 May 00:00 is May's, in its own summary and in a
    // later summary's trend.
    assert_eq!((count("2026-04"), count("2026-05")), (1, 1));
    let june = store
        .monthly_summary(&m, &request("2026-06", ReportScope::Organisation, Audience::Internal))
        .unwrap();
    let alone =
        |month: &str| june.trend.iter().find(|t| t.month == month).unwrap().unaccompanied.denominator.value;
    assert_eq!((alone("2026-03"), alone("2026-04"), alone("2026-05")), (Some(2), Some(1), Some(1)));
}

#[test]
fn a_team_a_caseworker_and_a_caseworkers_own_view() {
    let f = fixture();
    let north = f
        .store
        .monthly_summary(&f.m, &request("2026-10", ReportScope::Team(f.north), Audience::Internal))
        .unwrap();
    assert_eq!(north.scope.name, "North");
    // Ada and Ben.
    assert_eq!(v(&north.clients.active), 2);
    assert_eq!(v(&north.appointments.by_outcome.total), 7);
    let sam = f
        .store
        .monthly_summary(&f.m, &request("2026-10", ReportScope::Caseworker(f.sam), Audience::Internal))
        .unwrap();
    assert_eq!(sam.scope.name, "Sam Patel's caseload");
    assert_eq!((v(&sam.clients.active), v(&sam.releases.releases)), (2, 2));
    // Alex, a caseworker, reports on their own caseload, and nothing wider.
    let alex = f.store.actor(f.alex).unwrap();
    let own = f
        .store
        .monthly_summary(&alex, &request("2026-10", ReportScope::Caseworker(f.alex), Audience::Internal))
        .unwrap();
    assert_eq!(v(&own.clients.active), 2);
    for scope in [ReportScope::Organisation, ReportScope::Team(f.north), ReportScope::Caseworker(f.sam)] {
        let e = f.store.monthly_summary(&alex, &request("2026-10", scope, Audience::Internal)).unwrap_err();
        assert_eq!(e.field(), Some("scope"), "{e}");
    }
}

#[test]
fn bad_requests_are_refused_with_the_field_named() {
    let f = fixture();
    let bad = |month: &str, scope: ReportScope| {
        f.store.monthly_summary(&f.m, &request(month, scope, Audience::Internal)).unwrap_err()
    };
    for (month, words) in [
        ("2099-01", "not started"),
        ("2026-13", "not a month"),
        ("October", "not a month"),
        ("2024-12", "begin in"),
    ] {
        let e = bad(month, ReportScope::Organisation);
        assert_eq!(e.field(), Some("month"), "{e}");
        assert!(e.to_string().contains(words), "{e}");
    }
    assert_eq!(bad("2026-10", ReportScope::Team(TeamId::new())).field(), Some("scope"));
    assert_eq!(bad("2026-10", ReportScope::Caseworker(UserId::new())).field(), Some("scope"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let mut store = f.store;
    let e = store
        .export_report(
            &f.m,
            &request("2099-01", ReportScope::Organisation, Audience::Internal),
            ReportFormat::Csv,
            &out,
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "no file, not even a piece of one");
}

/// Every key of a summary's figures.
fn keys(s: &MonthlySummary) -> Vec<(String, u64)> {
    let json = serde_json::to_value(s).unwrap();
    let mut out = Vec::new();
    fn walk(v: &serde_json::Value, out: &mut Vec<(String, u64)>) {
        match v {
            serde_json::Value::Object(m) => {
                if let (Some(k), Some(n)) =
                    (m.get("key").and_then(|k| k.as_str()), m.get("value").and_then(|n| n.as_u64()))
                {
                    out.push((k.to_owned(), n));
                }
                m.values().for_each(|x| walk(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(&json, &mut out);
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_figure_opens_as_the_list_of_records_it_counts() {
    let f = fixture();
    let req = request("2026-10", ReportScope::Organisation, Audience::Internal);
    let s = f.store.monthly_summary(&f.m, &req).unwrap();
    let all = keys(&s);
    assert!(all.len() > 150, "{}", all.len());
    for (key, n) in all {
        let rows = f.store.report_records(&f.m, &req, &key).unwrap();
        assert_eq!(rows.len() as u64, n, "{key}");
    }
    let dna = f.store.report_records(&f.m, &req, "appointments.dna").unwrap();
    let names: Vec<&str> = dna.iter().map(|r| r.client_name.as_str()).collect();
    assert_eq!(names, vec!["Ben Test", "Ada Test"]);
    let e = f.store.report_records(&f.m, &req, "appointments.nonsense").unwrap_err();
    assert_eq!(e.field(), Some("figure"));
}

#[test]
fn a_figures_records_come_a_page_at_a_time_in_the_order_of_the_whole_list() {
    let f = fixture();
    let req = request("2026-10", ReportScope::Organisation, Audience::Internal);
    let s = f.store.monthly_summary(&f.m, &req).unwrap();
    let (key, n) = keys(&s).into_iter().max_by_key(|(_, n)| *n).unwrap();
    let key = key.as_str();
    let all = f.store.report_records(&f.m, &req, key).unwrap();
    assert!(n >= 5 && all.len() as u64 == n, "{key}: {n}");
    let mut paged = Vec::new();
    let mut offset = 0;
    loop {
        let page = f.store.report_records_page(&f.m, &req, key, offset, 2).unwrap();
        assert_eq!(page.total, all.len() as u64);
        if page.rows.is_empty() {
            break;
        }
        assert!(page.rows.len() <= 2);
        offset += page.rows.len() as u64;
        paged.extend(page.rows);
    }
    assert_eq!(paged, all);
    let past = f.store.report_records_page(&f.m, &req, key, 10_000, 200).unwrap();
    assert!(past.rows.is_empty() && past.total == all.len() as u64);
    for limit in [0, 1001] {
        let e = f.store.report_records_page(&f.m, &req, key, 0, limit).unwrap_err();
        assert_eq!(e.field(), Some("limit"), "{limit}");
    }
    let e = f.store.report_records_page(&f.m, &req, "appointments.nonsense", 0, 200).unwrap_err();
    assert_eq!(e.field(), Some("figure"));
}

#[test]
fn an_external_summary_hides_small_counts_and_anything_that_would_reveal_them() {
    let f = fixture();
    let s = f
        .store
        .monthly_summary(&f.m, &request("2026-10", ReportScope::Organisation, Audience::External))
        .unwrap();
    assert_eq!(s.audience, Audience::External);
    // Every count here is small: shown as <5, and no rate is shown.
    assert_eq!(s.clients.active.shown(), "<5");
    assert_eq!(s.clients.active.value, None);
    assert_eq!(s.appointments.attendance.percent, None);
    assert_eq!(s.referrals.median_days_to_first_appointment, None);
    // Zeros stay zeros.
    assert_eq!(part(&s.appointments.by_outcome, "to_come"), 0);
    let json = String::from_utf8(render(&s, ReportFormat::Json).unwrap()).unwrap();
    assert!(json.contains("\"audience\": \"external\""));
    for row in tidy(&s) {
        if let Ok(n) = row.value.parse::<u64>() {
            assert!(n == 0 || n >= 5 || row.key.is_empty(), "{row:?}");
        }
    }
}

/// The summary without the moment it was produced, to compare two of them.
fn figures(s: &MonthlySummary) -> MonthlySummary {
    MonthlySummary { produced_at: Timestamp::from_unix(0), ..s.clone() }
}

#[test]
fn a_summary_asked_for_again_shows_every_change_made_since_by_anyone() {
    let mut f = fixture();
    let internal = request("2026-10", ReportScope::Organisation, Audience::Internal);
    let external = request("2026-10", ReportScope::Organisation, Audience::External);
    let first = f.store.monthly_summary(&f.m, &internal).unwrap();
    let contacts = |s: &MonthlySummary| v(&s.contacts.by_kind.total);
    // Asked again, for the other audience and back: the same figures, suppressed for outsiders.
    let outside = f.store.monthly_summary(&f.m, &external).unwrap();
    assert_eq!(outside.audience, Audience::External);
    assert_eq!(outside.clients.active.shown(), "<5");
    assert_eq!(figures(&f.store.monthly_summary(&f.m, &internal).unwrap()), figures(&first));
    // The external one as it is worked out from nothing, on another connection.
    let (other, m2) = Store::unlock(&f.path, Some("Morgan Hale"), PASS).unwrap();
    assert_eq!(figures(&other.monthly_summary(&m2, &external).unwrap()), figures(&outside));
    drop(other);

    // A contact logged here in October counts at once.
    let c =
        f.store.write(&f.m, |tx| tx.create_client(person("Kit", "Marsh"), Some(d("2026-10-02")))).unwrap().id;
    contact(&mut f.store, &f.m, c, "2026-10-20", ContactKind::Phone, 10);
    let after_mine = f.store.monthly_summary(&f.m, &internal).unwrap();
    assert_eq!(contacts(&after_mine), contacts(&first) + 1);
    assert_eq!(v(&after_mine.clients.new), v(&first.clients.new) + 1);

    // And one logged on another connection to the same database (another program, say) too.
    let (mut other, m2) = Store::unlock(&f.path, Some("Morgan Hale"), PASS).unwrap();
    contact(&mut other, &m2, c, "2026-10-21", ContactKind::Phone, 10);
    drop(other);
    assert_eq!(contacts(&f.store.monthly_summary(&f.m, &internal).unwrap()), contacts(&first) + 2);

    // Saved as a file (which notes the saving in the audit log), then changed: the file had the
    // figures of its moment, the next summary has the change.
    let out = f.path.with_file_name("october.json");
    f.store.export_report(&f.m, &external, ReportFormat::Json, &out).unwrap();
    f.store.export_report(&f.m, &internal, ReportFormat::Json, &out).unwrap();
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(saved["contacts"]["by_kind"]["total"]["value"], contacts(&first) + 2);
    contact(&mut f.store, &f.m, c, "2026-10-22", ContactKind::Phone, 10);
    assert_eq!(contacts(&f.store.monthly_summary(&f.m, &internal).unwrap()), contacts(&first) + 3);

    // Another month, scope or person is worked out for itself.
    let team = request("2026-10", ReportScope::Team(f.north), Audience::Internal);
    let north = f.store.monthly_summary(&f.m, &team).unwrap();
    assert!(v(&north.clients.active) < v(&after_mine.clients.active));
    let alex = Actor { user_id: f.alex, role: Role::Caseworker, mentor_id: None };
    let own = request("2026-10", ReportScope::Caseworker(f.alex), Audience::Internal);
    let mine = f.store.monthly_summary(&alex, &own).unwrap();
    assert_eq!(figures(&f.store.monthly_summary(&f.m, &own).unwrap()), figures(&mine));
}

#[test]
fn the_csv_says_what_it_is_and_never_holds_a_formula() {
    let f = fixture();
    let mut store = f.store;
    let s = store
        .monthly_summary(&f.m, &request("2026-10", ReportScope::Team(f.north), Audience::Internal))
        .unwrap();
    let csv = String::from_utf8(render(&s, ReportFormat::Csv).unwrap()).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("organisation,month,scope,audience,provisional,produced_at"));
    let about = lines.next().unwrap();
    assert!(about.contains(",2026-10,North,\"Internal: exact numbers"), "{about}");
    assert!(
        csv.contains("Appointments,\"Appointments, by outcome\",Attended,2,appointments.attended"),
        "{csv}"
    );
    assert_eq!(throughcare_core::report::files::cell_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    assert_eq!(throughcare_core::report::files::cell_text("-5"), "'-5");
    assert_eq!(throughcare_core::report::files::cell_text("North"), "North");
    // Written whole, for its owner only, and audited.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("oct.csv");
    let req = request("2026-10", ReportScope::Organisation, Audience::External);
    let saved = store.export_report(&f.m, &req, ReportFormat::Csv, &out).unwrap();
    assert_eq!(saved.bytes, std::fs::metadata(&out).unwrap().len());
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    let audit = store.audit_entries(&f.m, &Default::default(), Default::default()).unwrap();
    assert!(audit.items.iter().any(|e| {
        e.detail.as_deref().is_some_and(|d| d.contains("monthly summary 2026-10 organisation external csv"))
    }));
}

/// A table of counts: some breakdowns of a total, and rates within them.
fn table() -> impl Strategy<Value = Vec<Vec<u64>>> {
    proptest::collection::vec(proptest::collection::vec(prop_oneof![3 => 0u64..6, 2 => 0u64..40], 1..7), 1..5)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Breakdowns of the same total (as the equality breakdowns share the active clients), each part
    /// also split in two (attended within attended-or-missed): after suppression, no equation has one
    /// sensitive unknown, a small count is never shown, and a shown count is exact.
    #[test]
    fn suppression_never_leaves_a_small_count_to_subtraction(groups in table(), splits in proptest::collection::vec(0u64..100, 40)) {
        let mut c = Cells::default();
        let total: u64 = groups[0].iter().sum();
        c.shown("total", total);
        let mut k = 0;
        for (g, parts) in groups.iter().enumerate() {
            // Scale the other groups to the same total, as breakdowns of one whole.
            let mut parts = parts.clone();
            let sum: u64 = parts.iter().sum();
            if g > 0 {
                if sum < total { parts.push(total - sum); } else if sum > total { parts = vec![total]; }
            }
            let keys: Vec<String> = (0..parts.len()).map(|i| format!("g{g}.p{i}")).collect();
            for (key, n) in keys.iter().zip(&parts) {
                c.shown(key, *n);
                // A share of the part, and the rest never shown.
                let share = splits[k % splits.len()] * n / 100;
                k += 1;
                let (sk, rk) = (format!("{key}.share"), format!("{key}.rest"));
                c.shown(&sk, share);
                c.implicit(&rk, n - share);
                c.equation(key, &[sk, rk]);
            }
            c.equation("total", &keys);
        }
        c.settle();
        prop_assert!(c.leaks().is_empty(), "{:?}", c.leaks());
        for (key, (n, state)) in &c.cells {
            if *state == State::Shown {
                prop_assert!(*n == 0 || *n >= 5, "{} = {} is shown", key, n);
            }
        }
    }
}

#[test]
fn a_summary_large_enough_shows_its_numbers_and_still_hides_the_small_ones() {
    let (_dir, _p, store, m, month) = seeded_store(150, 3);
    let internal =
        store.monthly_summary(&m, &request(&month, ReportScope::Organisation, Audience::Internal)).unwrap();
    let external =
        store.monthly_summary(&m, &request(&month, ReportScope::Organisation, Audience::External)).unwrap();
    assert!(v(&internal.clients.active) >= 5);
    assert_eq!(external.clients.active.value, internal.clients.active.value);
    let mut cells = throughcare_core::report::suppress::cells_of(&internal);
    cells.settle();
    assert!(cells.leaks().is_empty());
    // Every figure shown externally is the internal one; every hidden one is marked.
    let ext: std::collections::BTreeMap<String, u64> = keys(&external).into_iter().collect();
    for (key, n) in keys(&internal) {
        match ext.get(&key) {
            Some(shown) => assert_eq!(*shown, n, "{key}"),
            None => assert!(n > 0, "{key}: a zero is never hidden as a small count"),
        }
    }
    // Breakdowns add up to their totals.
    for b in [
        &internal.equality.gender,
        &internal.equality.ethnic_group,
        &internal.equality.age_band,
        &internal.equality.disability,
        &internal.appointments.by_outcome,
        &internal.contacts.by_kind,
    ] {
        assert_eq!(b.parts.iter().map(|p| v(&p.figure)).sum::<u64>(), v(&b.total));
    }
}

#[test]
fn the_json_and_csv_files_keep_their_committed_shape() {
    let f = fixture();
    let mut s = f
        .store
        .monthly_summary(&f.m, &request("2026-10", ReportScope::Organisation, Audience::External))
        .unwrap();
    s.produced_at = at("2026-11-03 09:30");
    let csv = String::from_utf8(render(&s, ReportFormat::Csv).unwrap()).unwrap();
    insta::assert_snapshot!("october_external_csv", csv);
    let json = String::from_utf8(render(&s, ReportFormat::Json).unwrap()).unwrap();
    insta::assert_snapshot!("october_external_json", json);
}

#[test]
fn a_release_in_summer_is_seen_within_14_london_days_to_the_minute() {
    let (_dir, _p, mut store, m) = new_store();
    // Released on 1 July 2026 (BST). Day 14 ends at 23:59 on 15 July in London (22:59 UTC).
    let inside = client(&mut store, &m, person("Inside", "Test"), "2026-06-01");
    let outside = client(&mut store, &m, person("Outside", "Test"), "2026-06-01");
    let before = client(&mut store, &m, person("Before", "Test"), "2026-06-01");
    for (c, when) in [
        (inside, "2026-07-15 23:30"),  // day 14
        (outside, "2026-07-16 00:30"), // day 15, though still 15 July in UTC
        (before, "2026-06-30 23:30"),  // the evening before release
    ] {
        let id = book(&mut store, &m, c, at(when), Accompaniment::None);
        outcome(&mut store, &m, id, Outcome::Attended, None, None);
        store
            .write(&m, |tx| {
                tx.add_custody(CustodyFields {
                    client_id: c,
                    kind: CustodyKind::Remand,
                    establishment: None,
                    started_on: d("2026-05-01"),
                    expected_release_on: None,
                    released_on: Some(d("2026-07-01")),
                })
            })
            .unwrap();
    }
    let s = store
        .monthly_summary(&m, &request("2026-07", ReportScope::Organisation, Audience::Internal))
        .unwrap();
    assert_eq!(v(&s.releases.releases), 3);
    assert_eq!(v(&s.releases.seen_within_14_days.numerator), 1);
    let seen = store
        .report_records(
            &m,
            &request("2026-07", ReportScope::Organisation, Audience::Internal),
            "releases.seen_within_14_days",
        )
        .unwrap();
    assert_eq!(seen.iter().map(|r| r.client_name.as_str()).collect::<Vec<_>>(), ["Inside Test"]);
}
