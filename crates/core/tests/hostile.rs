//! A hostile device: someone with a caseworker's laptop (or a peer mentor's) and its key writes changes
//! straight into its op log, changes its own command line would refuse, and exports them in a properly
//! signed sync file. Every such file must be refused by the manager's computer, whole, with nothing
//! applied; honest work from the same laptop still goes through.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use rusqlite::named_params;
use serde_json::json;
use throughcare_core::enums::*;
use throughcare_core::ids::{ClientId, OpId};
use throughcare_core::keyfile::KdfCost;
use throughcare_core::model::clients::ClientPatch;
use throughcare_core::sync::{ExportTarget, InviteCost, InviteUser, NewInvite};
use throughcare_core::{Actor, ErrorKind, Store};

struct Org {
    _dir: tempfile::TempDir,
    office: Store,
    manager: Actor,
    laptop: Store,
    cw: Actor,
    /// On the caseworker's caseload.
    hers: ClientId,
    /// On the manager's.
    other: ClientId,
}

fn org() -> Org {
    let (dir, _p, mut office, manager) = new_store();
    let m = manager.clone();
    let inv = office
        .invite(
            &m,
            &NewInvite {
                device_name: "Ana's laptop".into(),
                user: InviteUser::New { name: "Ana Price".into(), role: Role::Caseworker },
                valid_days: 7,
            },
            InviteCost::MINIMUM,
        )
        .unwrap();
    let other = add(&mut office, &m, person("Omar", "Other")).id;
    let path = dir.path().join("ana.db");
    let (mut laptop, cw) =
        Store::join(&path, "kettle violet harbour lamp", KdfCost::MINIMUM, &inv.file, &inv.code).unwrap();
    // The office's client reaches the laptop through the manager's next file.
    let file = office.export_bundle(&m, ExportTarget::SincePeer(laptop.device_id()), None).unwrap().0;
    laptop.import_bundle(&cw, &file, None, &mut |_| {}).unwrap();
    let hers = add(&mut laptop, &cw, person("Hana", "Hers")).id;
    Org { _dir: dir, office, manager, laptop, cw, hers, other }
}

fn refused_by_the_office(o: &mut Org, words: &str) {
    let m = o.manager.clone();
    let before = (
        o.office.reader(&m).op_count().unwrap(),
        o.office.audit_entries(&m, &Default::default(), Default::default()).unwrap().total,
    );
    let file = o.laptop.export_bundle(&o.cw, ExportTarget::SincePeer(o.office.device_id()), None).unwrap().0;
    let e = o.office.import_bundle(&m, &file, None, &mut |_| {}).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Refused, "{e}");
    let msg = e.to_string();
    assert!(msg.contains("Ana's laptop") && msg.contains(words), "{msg}");
    assert!(msg.contains("Nothing was"), "{msg}");
    let after = (
        o.office.reader(&m).op_count().unwrap(),
        o.office.audit_entries(&m, &Default::default(), Default::default()).unwrap().total,
    );
    assert_eq!(before, after, "a refused file changed something");
    assert!(o.office.verify(&m).unwrap().is_ok());
}

#[test]
fn honest_work_from_a_caseworkers_laptop_goes_through() {
    let mut o = org();
    let (cw, m) = (o.cw.clone(), o.manager.clone());
    let hers = o.hers;
    o.laptop
        .write(&cw, |tx| {
            tx.update_client(
                hers,
                ClientPatch { phone: Some(Some("07700 900123".into())), ..Default::default() },
            )
        })
        .unwrap();
    let file = o.laptop.export_bundle(&cw, ExportTarget::SincePeer(o.office.device_id()), None).unwrap().0;
    o.office.import_bundle(&m, &file, None, &mut |_| {}).unwrap();
    assert_eq!(o.office.reader(&m).client(hers).unwrap().fields.phone.as_deref(), Some("07700 900123"));
}

#[test]
fn a_caseworker_making_themself_a_manager_is_refused() {
    let mut o = org();
    let (dev, me) = (o.laptop.device_id(), o.cw.user_id);
    forge(&o.laptop, dev, me, "user", &me.to_string(), "set", json!({"role": "manager"}));
    refused_by_the_office(&mut o, "manage users");
}

#[test]
fn a_caseworker_erasing_a_client_is_refused() {
    let mut o = org();
    let (dev, me, hers) = (o.laptop.device_id(), o.cw.user_id, o.hers);
    forge(
        &o.laptop,
        dev,
        me,
        "client",
        &hers.to_string(),
        "redact",
        json!({"given_name": null, "family_name": "(erased)"}),
    );
    refused_by_the_office(&mut o, "erasing a person's details");
}

#[test]
fn a_change_claiming_the_managers_computer_is_refused() {
    let mut o = org();
    let (office_dev, boss, other) = (o.office.device_id(), o.manager.user_id, o.other);
    forge(&o.laptop, office_dev, boss, "client", &other.to_string(), "set", json!({"risk_flags": []}));
    // The laptop sends only its own work, and says it holds a change of the office's that the office
    // never made.
    refused_by_the_office(&mut o, "never made");
    // Made to pass others' work on (its owner's role edited to manager, there alone), it is refused
    // as a relay: to the office, Ana is a caseworker.
    o.laptop
        .raw_connection_for_tests()
        .execute("UPDATE main.users SET role = 'manager' WHERE id = :u", named_params! {":u": o.cw.user_id})
        .unwrap();
    refused_by_the_office(&mut o, "only a manager's computer may pass on");
}

#[test]
fn a_change_in_another_persons_name_is_refused() {
    let mut o = org();
    let (dev, boss, other) = (o.laptop.device_id(), o.manager.user_id, o.other);
    forge(&o.laptop, dev, boss, "client", &other.to_string(), "set", json!({"risk_flags": []}));
    refused_by_the_office(&mut o, "may not use that computer");
}

#[test]
fn a_change_to_a_client_outside_the_caseload_is_refused() {
    let mut o = org();
    let (dev, me, other) = (o.laptop.device_id(), o.cw.user_id, o.other);
    forge(&o.laptop, dev, me, "client", &other.to_string(), "set", json!({"phone": "07700 900999"}));
    refused_by_the_office(&mut o, "not on their caseload");
}

#[test]
fn moving_a_client_to_another_caseload_is_refused() {
    let mut o = org();
    let (dev, me, hers, boss) = (o.laptop.device_id(), o.cw.user_id, o.hers, o.manager.user_id);
    forge(&o.laptop, dev, me, "client", &hers.to_string(), "set", json!({"caseworker_id": boss.to_string()}));
    refused_by_the_office(&mut o, "moving a client");
}

#[test]
fn a_change_reusing_the_id_of_another_change_to_the_same_record_is_refused() {
    let mut o = org();
    let (dev, me, hers, m) = (o.laptop.device_id(), o.cw.user_id, o.hers, o.manager.clone());
    forge(&o.laptop, dev, me, "client", &hers.to_string(), "set", json!({"phone": "07700 900555"}));
    // The forged change takes the id of the change that made her; the log has no index that refuses it.
    let key: uuid::Uuid = hers.to_string().parse().unwrap();
    let reused = o
        .laptop
        .raw_connection_for_tests()
        .execute(
            "UPDATE main.ops SET op_id = (SELECT op_id FROM main.ops WHERE entity_n = 6 /* client */ AND entity_id = :id AND kind_n = 0 /* create */)
             WHERE entity_n = 6 /* client */ AND entity_id = :id AND kind_n = 1 /* set */
               AND seq = (SELECT max(seq) FROM main.ops WHERE entity_n = 6 /* client */ AND entity_id = :id)",
            named_params! {":id": key.as_bytes()},
        )
        .unwrap();
    assert_eq!(reused, 1);
    let before = o.office.reader(&m).op_count().unwrap();
    let file = o.laptop.export_bundle(&o.cw, ExportTarget::SincePeer(o.office.device_id()), None).unwrap().0;
    let e = o.office.import_bundle(&m, &file, None, &mut |_| {}).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Refused, "{e}");
    assert!(e.to_string().contains("same id") && e.to_string().contains("Nothing was applied"), "{e}");
    assert_eq!(o.office.reader(&m).op_count().unwrap(), before, "a refused file changed something");
    assert!(o.office.reader(&m).client(hers).is_err(), "she arrived from a refused file");
    assert!(o.office.verify(&m).unwrap().is_ok());
}

/// A peer mentor's own computer, linked to Hana only (made by the office, which holds everyone).
fn mentor_laptop(o: &mut Org) -> (Store, Actor) {
    use throughcare_core::model::mentors::MentorFields;
    use throughcare_core::model::users::UserFields;
    let m = o.manager.clone();
    // Hana's record reaches the office first.
    let cw = o.cw.clone();
    let file = o.laptop.export_bundle(&cw, ExportTarget::SincePeer(o.office.device_id()), None).unwrap().0;
    o.office.import_bundle(&m, &file, None, &mut |_| {}).unwrap();
    let mentor = o
        .office
        .write(&m, |tx| {
            tx.add_mentor(MentorFields { lived_experience: vec![], ..mentor_fields("Pat Mentor") })
        })
        .unwrap()
        .id;
    let pat = o
        .office
        .write(&m, |tx| {
            tx.add_user(UserFields {
                display_name: "Pat Mentor".into(),
                role: Role::PeerMentor,
                email: None,
                team_id: None,
                mentor_id: Some(mentor),
            })
        })
        .unwrap();
    let hers = o.hers;
    o.office.write(&m, |tx| tx.link_mentor(mentor, hers, throughcare_core::time::today_london())).unwrap();
    let inv = o
        .office
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
    let path = o._dir.path().join("pat.db");
    Store::join(&path, "staple gun lighthouse moor", KdfCost::MINIMUM, &inv.file, &inv.code).unwrap()
}

fn refused_from(o: &mut Org, from: &mut Store, who: &Actor, words: &str) {
    let m = o.manager.clone();
    let before = o.office.reader(&m).op_count().unwrap();
    let file = from.export_bundle(who, ExportTarget::SincePeer(o.office.device_id()), None).unwrap().0;
    let e = o.office.import_bundle(&m, &file, None, &mut |_| {}).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Refused, "{e}");
    assert!(e.to_string().contains(words), "{e}");
    assert_eq!(o.office.reader(&m).op_count().unwrap(), before);
}

#[test]
fn a_peer_mentors_computer_may_not_touch_a_client_or_anyone_not_linked_to_them() {
    let mut o = org();
    let (mut pat_store, pat) = mentor_laptop(&mut o);
    let dev = pat_store.device_id();
    // A hidden field of the person linked to them.
    forge(
        &pat_store,
        dev,
        pat.user_id,
        "client",
        &o.hers.to_string(),
        "set",
        json!({"nhs_number": "9434765919"}),
    );
    refused_from(&mut o, &mut pat_store, &pat, "change client records");
    let (mut pat_store, pat) = (pat_store, pat);
    // Start again with a clean log: an appointment for someone not linked to them.
    pat_store
        .raw_connection_for_tests()
        .execute("DELETE FROM main.ops WHERE device = (SELECT n FROM main.op_nodes WHERE id = :d) AND entity_n = 6 /* client */", named_params! {":d": dev})
        .unwrap();
    let appt = OpId::new().to_string();
    let other = o.other.to_string();
    forge(
        &pat_store,
        dev,
        pat.user_id,
        "appointment",
        &appt,
        "create",
        json!({
            "client_id": other, "service_type": "gp", "starts_at": "2030-01-01T10:00:00Z", "scheduled_by": pat.user_id.to_string(),
            "planned_accompaniment": "none", "outcome": "not_recorded", "created_at": "2026-12-01T10:00:00Z"
        }),
    );
    refused_from(&mut o, &mut pat_store, &pat, "not linked to them");
}

#[test]
fn work_on_a_shared_office_computer_by_someone_let_unlock_it_is_accepted_elsewhere() {
    let mut o = org();
    let (m, cw) = (o.manager.clone(), o.cw.clone());
    // Ana's client reaches the office; the manager lets Ana unlock the office computer too.
    let file = o.laptop.export_bundle(&cw, ExportTarget::SincePeer(o.office.device_id()), None).unwrap().0;
    o.office.import_bundle(&m, &file, None, &mut |_| {}).unwrap();
    o.office.let_unlock(&m, cw.user_id, "amber falcon quiet meadow").unwrap();
    let ana_here = o.office.actor(cw.user_id).unwrap();
    let hers = o.hers;
    o.office
        .write(&ana_here, |tx| {
            tx.update_client(
                hers,
                ClientPatch { phone: Some(Some("07700 900321".into())), ..Default::default() },
            )
        })
        .unwrap();
    // Her laptop accepts what she did at the office: she was bound to that computer then.
    let back = o.office.export_bundle(&m, ExportTarget::SincePeer(o.laptop.device_id()), None).unwrap().0;
    o.laptop.import_bundle(&cw, &back, None, &mut |_| {}).unwrap();
    assert_eq!(o.laptop.reader(&cw).client(hers).unwrap().fields.phone.as_deref(), Some("07700 900321"));
}
