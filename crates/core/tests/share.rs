//! A peer mentor's own computer holds only their share: invited and joined, it holds the clients
//! linked to the mentor with the hidden fields masked and nothing of anyone else, read from its
//! decrypted pages, not only through the app; the mentor's work flows back; a link that ends takes the
//! client off the computer at its next file; and the computer never holds the organisation's key.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use throughcare_core::enums::*;
use throughcare_core::ids::ClientId;
use throughcare_core::keyfile::KdfCost;
use throughcare_core::model::appointments::Booking;
use throughcare_core::model::clients::ClientFields;
use throughcare_core::model::mentors::MentorFields;
use throughcare_core::model::users::UserFields;
use throughcare_core::sync::{ExportTarget, InviteCost, InviteUser, NewInvite};
use throughcare_core::time::{Timestamp, today_london};
use throughcare_core::{Actor, ErrorKind, Store};

const MENTOR_PASS: &str = "kettle violet harbour lamp";

/// Every text value in every table of a database, as its decrypted pages hold them.
fn everything(store: &Store) -> String {
    let conn = store.raw_connection_for_tests();
    let mut st = conn.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table'").unwrap();
    let tables: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().map(|t| t.unwrap()).collect();
    let mut out = String::new();
    for t in tables {
        let mut st = conn.prepare(&format!("SELECT * FROM main.\"{t}\"")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                if let Ok(v) = r.get::<_, rusqlite::types::Value>(i) {
                    match v {
                        rusqlite::types::Value::Text(s) => out.push_str(&s),
                        rusqlite::types::Value::Blob(b) => out.push_str(&String::from_utf8_lossy(&b)),
                        other => out.push_str(&format!("{other:?}")),
                    }
                    out.push('\n');
                }
            }
        }
    }
    out
}

struct Org {
    _dir: tempfile::TempDir,
    office: Store,
    manager: Actor,
    mentor_store: Store,
    mentor: Actor,
    ada: ClientId,
    bea: ClientId,
}

fn org() -> Org {
    let (dir, _p, mut office, manager) = new_store();
    let m = manager.clone();
    let mentor_id = office
        .write(&m, |tx| {
            tx.add_mentor(MentorFields {
                display_name: "Pat Mentor".into(),
                phone: None,
                email: None,
                lived_experience: vec![LivedExperience::Custody],
                dbs_checked_on: None,
                training_completed_on: None,
                training_notes: Some("Naloxone trained".into()),
                availability: None,
                team_id: None,
                weekly_availability: None,
                availability_exceptions: None,
                travel_area: None,
            })
        })
        .unwrap()
        .id;
    let pat = office
        .write(&m, |tx| {
            tx.add_user(UserFields {
                display_name: "Pat Mentor".into(),
                role: Role::PeerMentor,
                email: None,
                team_id: None,
                mentor_id: Some(mentor_id),
            })
        })
        .unwrap();
    let ada = add(
        &mut office,
        &m,
        ClientFields {
            nhs_number: Some("9434765919".into()),
            address: Some("1 Quay Street".into()),
            support_needs: vec![SupportNeed::MentalHealth],
            risk_flags: vec![RiskFlag::SelfHarm, RiskFlag::NoLoneWorking],
            accompaniment_needs: Some("Step-free access".into()),
            phone: Some("07700 900123".into()),
            ..person("Ada", "Lovelace")
        },
    )
    .id;
    let bea = add(&mut office, &m, person("Beatrix", "Quillfeather")).id;
    office.write(&m, |tx| tx.link_mentor(mentor_id, ada, today_london())).unwrap();
    let inv = office
        .invite(
            &m,
            &NewInvite {
                device_name: "Pat's laptop".into(),
                user: InviteUser::Existing(pat.id),
                valid_days: 7,
            },
            InviteCost::MINIMUM,
        )
        .unwrap();
    let path = dir.path().join("pat.db");
    let (mentor_store, mentor) =
        Store::join(&path, MENTOR_PASS, KdfCost::MINIMUM, &inv.file, &inv.code).unwrap();
    Org { _dir: dir, office, manager, mentor_store, mentor, ada, bea }
}

#[test]
fn a_mentors_computer_holds_only_their_linked_people_and_no_hidden_field() {
    let o = org();
    assert_eq!(o.mentor.role, Role::PeerMentor);
    assert_eq!(o.mentor_store.share_of().unwrap(), o.mentor.mentor_id);
    let raw = everything(&o.mentor_store);
    assert!(raw.contains("Lovelace") && raw.contains("07700 900123") && raw.contains("Step-free access"));
    for absent in ["Quillfeather", "9434765919", "Quay Street", "self_harm"] {
        assert!(!raw.contains(absent), "the mentor's computer holds '{absent}'");
    }
    // Nor, anywhere in what it holds about Ada, her support needs (the service directory names kinds of
    // service, so the code itself appears there).
    let conn = o.mentor_store.raw_connection_for_tests();
    let about_ada: String = conn
        .query_row(
            "SELECT group_concat(op_json(payload), ' ') FROM main.ops WHERE entity_n = 6 /* client */",
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap();
    assert!(!about_ada.contains("mental_health"), "{about_ada}");
    let needs: String = conn.query_row("SELECT support_needs FROM main.clients", [], |r| r.get(0)).unwrap();
    assert_eq!(needs, "[]");
    // It holds no key to the organisation's files.
    assert!(o.mentor_store.org_identity_for_tests().is_err());
    let home = o.mentor_store.reader(&o.mentor).mentor_home(today_london()).unwrap();
    assert_eq!(home.people.len(), 1);
    assert_eq!(home.people[0].risks, vec![RiskFlag::NoLoneWorking]);
    let m = o.manager.clone();
    let _ = (&o.bea, m);
}

#[test]
fn the_mentors_work_flows_back_and_an_ended_link_leaves_the_computer() {
    let mut o = org();
    let (mentor, m) = (o.mentor.clone(), o.manager.clone());
    // On their own computer, the mentor books an appointment for Ada and sends it in.
    let appt = o
        .mentor_store
        .write(&mentor, |tx| {
            tx.book_appointment(Booking {
                client_id: o.ada,
                service_type: ServiceType::Gp,
                service_id: None,
                provider: Some("Riverside Medical Centre".into()),
                place: None,
                starts_at: Timestamp::now().plus_seconds(3 * 86_400),
                ends_at: None,
                planned_accompaniment: Accompaniment::PeerMentor,
                planned_user_id: None,
                planned_mentor_id: mentor.mentor_id,
            })
        })
        .unwrap();
    let office_id = o.office.device_id();
    let (file, header) =
        o.mentor_store.export_bundle(&mentor, ExportTarget::SincePeer(office_id), None).unwrap();
    assert!(header.ranges.iter().all(|r| r.device == o.mentor_store.device_id()), "only its own work");
    o.office.import_bundle(&m, &file, None, &mut |_| {}).unwrap();
    assert_eq!(o.office.reader(&m).appointment(appt.id).unwrap().fields.client_id, o.ada);
    assert!(o.office.verify(&m).unwrap().is_ok());
    // A full file from the office is not for the mentor's computer, and it cannot open it anyway.
    let (full, _) = o.office.export_bundle(&m, ExportTarget::All, None).unwrap();
    let e = o.mentor_store.import_bundle(&mentor, &full, None, &mut |_| {}).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Refused, "{e}");
    // The link ends; the next file for the mentor's computer takes Ada off it.
    let link = o.office.reader(&m).mentor_links(mentor.mentor_id, Some(o.ada)).unwrap().remove(0);
    o.office.write(&m, |tx| tx.end_mentor_link(link.id, today_london())).unwrap();
    let pat = o.mentor_store.device_id();
    let (file, header) = o.office.export_bundle(&m, ExportTarget::SincePeer(pat), None).unwrap();
    assert!(header.filtered);
    o.mentor_store.import_bundle(&mentor, &file, None, &mut |_| {}).unwrap();
    let raw = everything(&o.mentor_store);
    assert!(
        !raw.contains("Lovelace") && !raw.contains("07700 900123"),
        "Ada is still on the mentor's computer"
    );
    assert!(o.mentor_store.reader(&mentor).mentor_home(today_london()).unwrap().people.is_empty());
    // Its own log is still whole, and it checks out.
    let v = o.mentor_store.verify(&mentor);
    assert!(v.is_err(), "a peer mentor may not run verify");
}

#[test]
fn a_mentor_syncs_only_on_their_own_computer() {
    let mut o = org();
    let m = o.manager.clone();
    let pat = o.office.actor(o.mentor.user_id).unwrap();
    // On the office computer (the whole database), a peer mentor may not make a sync file.
    let e = o.office.export_bundle(&pat, ExportTarget::All, None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    assert!(o.office.abilities(&pat).unwrap().mentor_home);
    assert!(!o.office.abilities(&pat).unwrap().sync);
    assert!(o.mentor_store.abilities(&o.mentor).unwrap().sync);
    let _ = m;
}

fn book(store: &mut Store, mentor: &Actor, client: ClientId) -> throughcare_core::ids::AppointmentId {
    store
        .write(mentor, |tx| {
            tx.book_appointment(Booking {
                client_id: client,
                service_type: ServiceType::Dental,
                service_id: None,
                provider: None,
                place: None,
                starts_at: Timestamp::now().plus_seconds(5 * 86_400),
                ends_at: None,
                planned_accompaniment: Accompaniment::PeerMentor,
                planned_user_id: None,
                planned_mentor_id: mentor.mentor_id,
            })
        })
        .unwrap()
        .id
}

#[test]
fn after_a_link_ends_the_mentors_later_work_still_goes_through() {
    let mut o = org();
    let (mentor, m) = (o.mentor.clone(), o.manager.clone());
    let (office_id, pat) = (o.office.device_id(), o.mentor_store.device_id());
    book(&mut o.mentor_store, &mentor, o.ada);
    let file = o.mentor_store.export_bundle(&mentor, ExportTarget::SincePeer(office_id), None).unwrap().0;
    o.office.import_bundle(&m, &file, None, &mut |_| {}).unwrap();
    // Ada's link ends and Bea's begins; the mentor's computer hears of both.
    let link = o.office.reader(&m).mentor_links(mentor.mentor_id, Some(o.ada)).unwrap().remove(0);
    o.office.write(&m, |tx| tx.end_mentor_link(link.id, today_london())).unwrap();
    o.office.write(&m, |tx| tx.link_mentor(mentor.mentor_id.unwrap(), o.bea, today_london())).unwrap();
    let file = o.office.export_bundle(&m, ExportTarget::SincePeer(pat), None).unwrap().0;
    o.mentor_store.import_bundle(&mentor, &file, None, &mut |_| {}).unwrap();
    assert!(!everything(&o.mentor_store).contains("Lovelace"));
    // Its next booking is numbered after the one already sent, and the office takes it.
    let later = book(&mut o.mentor_store, &mentor, o.bea);
    let file = o.mentor_store.export_bundle(&mentor, ExportTarget::SincePeer(office_id), None).unwrap().0;
    o.office.import_bundle(&m, &file, None, &mut |_| {}).unwrap();
    assert_eq!(o.office.reader(&m).appointment(later).unwrap().fields.client_id, o.bea);
    assert!(o.office.verify(&m).unwrap().is_ok());
}

/// One step of the mixed organisation below: the office (0) and a second manager's laptop (1) hold the
/// whole database; the peer mentor's computer holds only their share.
#[derive(Debug, Clone)]
enum Step {
    /// A new client on a full computer.
    AddClient(usize),
    /// A phone number changed on a full computer.
    Phone(usize, usize, u8),
    /// The office links the mentor to a client.
    Link(usize),
    /// The mentor books an appointment for someone linked to them, on their own computer.
    MentorBooks(usize),
    /// A file from one full computer to the other.
    Full(usize),
    /// The office's file for the mentor's computer, imported there.
    ToMentor,
    /// The mentor's file, imported by a full computer.
    FromMentor(usize),
}

fn mixed_step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        1 => (0usize..2).prop_map(Step::AddClient),
        2 => (0usize..2, 0usize..8, 0u8..3).prop_map(|(d, c, v)| Step::Phone(d, c, v)),
        2 => (0usize..8).prop_map(Step::Link),
        2 => (0usize..8).prop_map(Step::MentorBooks),
        2 => (0usize..2).prop_map(Step::Full),
        2 => Just(Step::ToMentor),
        2 => (0usize..2).prop_map(Step::FromMentor),
    ]
}

fn client_ids(store: &Store, who: &Actor) -> Vec<ClientId> {
    let page = throughcare_core::model::Page { offset: 0, limit: 500 };
    let mut ids: Vec<ClientId> = store
        .reader(who)
        .clients(&Default::default(), page)
        .unwrap()
        .items
        .into_iter()
        .map(|r| r.client.id)
        .collect();
    ids.sort();
    ids
}

fn send(from: &mut Store, who: &Actor, to: &mut Store, them: &Actor) -> throughcare_core::Result<()> {
    let file = from.export_bundle(who, ExportTarget::SincePeer(to.device_id()), None)?.0;
    to.import_bundle(them, &file, None, &mut |_| {}).map(|_| ())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(12),
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// The organisation's computers agree whatever order files move in, with a peer mentor's filtered
    /// computer among them: it holds exactly the mentor's view of the office's records, and nothing of
    /// anyone not linked to them.
    #[test]
    fn with_a_peer_mentors_computer_among_them_everyone_still_agrees(steps in proptest::collection::vec(mixed_step(), 4..30)) {
        let Org { _dir: dir, office, manager: m, mentor_store: mut pat_pc, mentor, .. } = org();
        let mut full = vec![(office, m.clone())];
        let inv = full[0].0.invite(
            &m,
            &NewInvite { device_name: "Deputy's laptop".into(), user: InviteUser::New { name: "Dee Deputy".into(), role: Role::Manager }, valid_days: 7 },
            InviteCost::MINIMUM,
        ).unwrap();
        full.push(Store::join(&dir.path().join("deputy.db"), MENTOR_PASS, KdfCost::MINIMUM, &inv.file, &inv.code).unwrap());
        let between = |full: &mut Vec<(Store, Actor)>, from: usize| -> throughcare_core::Result<()> {
            let (a, b) = full.split_at_mut(1);
            let (x, y) = if from == 0 { (&mut a[0], &mut b[0]) } else { (&mut b[0], &mut a[0]) };
            send(&mut x.0, &x.1, &mut y.0, &y.1)
        };
        between(&mut full, 1).unwrap();
        between(&mut full, 0).unwrap();
        let mentor_id = mentor.mentor_id.unwrap();
        let phones = ["01632 960001", "01632 960002", "01632 960003"];
        for s in steps {
            match s {
                Step::AddClient(i) => { let (st, a) = &mut full[i]; add(st, a, person("Added", "Later")); }
                Step::Phone(i, c, v) => {
                    let (st, a) = &mut full[i];
                    let ids = client_ids(st, a);
                    let id = ids[c % ids.len()];
                    st.write(a, |tx| tx.update_client(id, throughcare_core::model::clients::ClientPatch { phone: Some(Some(phones[v as usize].into())), ..Default::default() })).unwrap();
                }
                Step::Link(c) => {
                    let (st, a) = &mut full[0];
                    let ids = client_ids(st, a);
                    let id = ids[c % ids.len()];
                    let linked = st.reader(a).mentor_links(Some(mentor_id), Some(id)).unwrap().iter().any(|l| l.fields.ends_on.is_none());
                    if !linked {
                        st.write(a, |tx| tx.link_mentor(mentor_id, id, today_london())).unwrap();
                    }
                }
                Step::MentorBooks(c) => {
                    let ids = client_ids(&pat_pc, &mentor);
                    if !ids.is_empty() {
                        book(&mut pat_pc, &mentor, ids[c % ids.len()]);
                    }
                }
                Step::Full(i) => between(&mut full, i).unwrap(),
                Step::ToMentor => { let (st, a) = &mut full[0]; send(st, a, &mut pat_pc, &mentor).unwrap(); }
                Step::FromMentor(i) => {
                    let (st, a) = &mut full[i];
                    // The deputy may not have everything the mentor's computer builds on yet: then the
                    // file is refused, whole, and tried again later.
                    let file = pat_pc.export_bundle(&mentor, ExportTarget::All, None).unwrap().0;
                    match st.import_bundle(a, &file, None, &mut |_| {}).map(|_| ()) {
                        Ok(()) => {}
                        Err(throughcare_core::Error::BundleRefused(msg)) => proptest::prop_assert!(i == 1 && msg.contains("not received yet"), "{}", msg),
                        Err(e) => proptest::prop_assert!(false, "{}", e),
                    }
                }
            }
        }
        // Everything is passed round: the mentor's work to the office, the office and deputy both ways,
        // then the office's file to the mentor.
        { let (st, a) = &mut full[0]; send(&mut pat_pc, &mentor, st, a).unwrap(); }
        between(&mut full, 1).unwrap();
        between(&mut full, 0).unwrap();
        { let (st, a) = &mut full[0]; send(st, a, &mut pat_pc, &mentor).unwrap(); }
        let ids = |s: &Store, sql: &str| -> Vec<String> {
            let mut st = s.raw_connection_for_tests().prepare(sql).unwrap();
            let mut v: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().map(|x| x.unwrap()).collect();
            v.sort();
            v
        };
        // The two full computers agree, row for row.
        for sql in ["SELECT hex(id) || coalesce(phone, '') FROM main.clients", "SELECT hex(id) || starts_at || hex(client_id) FROM main.appointments", "SELECT hex(id) || coalesce(ends_on, '') FROM main.mentor_links"] {
            proptest::prop_assert_eq!(ids(&full[0].0, sql), ids(&full[1].0, sql));
        }
        for (st, a) in &mut full {
            proptest::prop_assert!(st.verify(a).unwrap().is_ok());
        }
        let (office, m) = &mut full[0];
        // The mentor's computer shows exactly what the mentor sees on the office's computer.
        let pat = office.actor(mentor.user_id).unwrap();
        let here = pat_pc.reader(&mentor).mentor_home(today_london()).unwrap();
        let there = office.reader(&pat).mentor_home(today_london()).unwrap();
        proptest::prop_assert_eq!(here, there);
        // And holds no one else: its clients are the linked ones, and no change about anyone else.
        let linked = ids(office, &format!("SELECT lower(hex(client_id)) FROM main.mentor_links WHERE mentor_id = unhex(replace('{mentor_id}', '-', '')) AND ends_on IS NULL"));
        proptest::prop_assert_eq!(ids(&pat_pc, "SELECT lower(hex(id)) FROM main.clients"), linked.clone());
        let about = ids(&pat_pc, "SELECT lower(hex(entity_id)) FROM main.ops WHERE entity_n = 6 /* client */");
        proptest::prop_assert!(about.iter().all(|c| linked.contains(c)), "{:?} {:?}", about, linked);
        // Every link ends: the next file takes everyone off it.
        for c in &linked {
            let id: ClientId = c.parse().unwrap();
            for link in office.reader(m).mentor_links(Some(mentor_id), Some(id)).unwrap() {
                if link.fields.ends_on.is_none() {
                    office.write(m, |tx| tx.end_mentor_link(link.id, today_london())).unwrap();
                }
            }
        }
        send(office, m, &mut pat_pc, &mentor).unwrap();
        proptest::prop_assert!(ids(&pat_pc, "SELECT id FROM main.clients").is_empty());
        proptest::prop_assert!(ids(&pat_pc, "SELECT lower(hex(entity_id)) FROM main.ops WHERE entity_n = 6 /* client */").is_empty());
    }
}

#[test]
fn a_mentor_sets_when_they_are_free_on_their_own_computer_and_nothing_else_of_their_record() {
    use throughcare_core::availability::{Availability, AvailabilityException, Weekday, WeeklySlot};
    let mut o = org();
    let (mentor, m) = (o.mentor.clone(), o.manager.clone());
    let id = mentor.mentor_id.unwrap();
    let pattern = Availability {
        weekly: vec![WeeklySlot {
            day: Weekday::Tuesday,
            from: "10:00".parse().unwrap(),
            until: "16:00".parse().unwrap(),
            area: Some("Leeds".into()),
        }],
        ..Default::default()
    };
    o.mentor_store.write(&mentor, |tx| tx.set_availability(id, pattern.clone())).unwrap();
    send(&mut o.mentor_store, &mentor, &mut o.office, &m).unwrap();
    let at_office = o.office.reader(&m).mentor_record(id).unwrap().mentor.fields.availability_set();
    assert_eq!(at_office, pattern);
    // A manager adds a holiday at the office; it reaches the mentor's computer.
    let mut with_holiday = pattern.clone();
    with_holiday.exceptions = vec![AvailabilityException::Away {
        first_day: "2026-08-03".parse().unwrap(),
        last_day: "2026-08-14".parse().unwrap(),
    }];
    o.office.write(&m, |tx| tx.set_availability(id, with_holiday.clone())).unwrap();
    send(&mut o.office, &m, &mut o.mentor_store, &mentor).unwrap();
    let at_home = o.mentor_store.reader(&mentor).mentor_record(id).unwrap().mentor.fields.availability_set();
    assert_eq!(at_home, with_holiday);
    // Their DBS date, written into their computer's log by hand, is refused whole at the office.
    let dev = o.mentor_store.device_id();
    forge(
        &o.mentor_store,
        dev,
        mentor.user_id,
        "peer_mentor",
        &id.to_string(),
        "set",
        serde_json::json!({"dbs_checked_on": "2026-01-01"}),
    );
    let before = o.office.reader(&m).op_count().unwrap();
    let e = send(&mut o.mentor_store, &mentor, &mut o.office, &m).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Refused, "{e}");
    assert!(e.to_string().contains("change peer mentor records"), "{e}");
    assert_eq!(o.office.reader(&m).op_count().unwrap(), before);
}
