//! Which computers the organisation still trusts: a lost laptop revoked (its next file refused, the
//! organisation's key changed so it cannot read what is written after), and invitations that work
//! once and only for a while.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use throughcare_core::Store;
use throughcare_core::enums::*;
use throughcare_core::ids::DeviceId;
use throughcare_core::keyfile::KdfCost;
use throughcare_core::model::Page;
use throughcare_core::model::clients::ClientFilter;
use throughcare_core::sync::{ExportTarget, Invitation, InviteCost, InviteUser, NewInvite};
use throughcare_core::{Actor, ErrorKind};

struct Org {
    dir: tempfile::TempDir,
    office: Store,
    m: Actor,
}

fn org() -> Org {
    let (dir, _p, office, m) = new_store();
    Org { dir, office, m }
}

impl Org {
    fn invite(&mut self, device: &str, name: &str, role: Role, days: u32) -> Invitation {
        let m = self.m.clone();
        invite_new(&mut self.office, &m, device, name, role, days)
    }

    fn join(&self, inv: &Invitation, file: &str) -> (Store, Actor) {
        let path = self.dir.path().join(file);
        Store::join(&path, "kettle violet harbour lamp", KdfCost::MINIMUM, &inv.file, &inv.code).unwrap()
    }

    /// A new computer, joined and known to the office (its first file has arrived there).
    fn member(&mut self, device: &str, name: &str, role: Role) -> (Store, Actor) {
        let inv = self.invite(device, name, role, 7);
        let (mut s, a) = self.join(&inv, &format!("{}.db", name.replace(' ', "_")));
        send(&mut s, &a, &mut self.office, &self.m.clone()).unwrap();
        (s, a)
    }
}

/// A file from one computer to another, imported there.
fn send(
    from: &mut Store,
    who: &Actor,
    to: &mut Store,
    them: &Actor,
) -> throughcare_core::Result<throughcare_core::sync::ImportReport> {
    let file = from.export_bundle(who, ExportTarget::SincePeer(to.device_id()), None)?.0;
    to.import_bundle(them, &file, None, &mut |_| {})
}

fn names(s: &Store, a: &Actor) -> Vec<String> {
    let mut v: Vec<String> = s
        .reader(a)
        .clients(&ClientFilter::default(), Page { offset: 0, limit: 500 })
        .unwrap()
        .items
        .into_iter()
        .map(|c| format!("{:?} {:?}", c.client.fields.given_name, c.client.fields.family_name))
        .collect();
    v.sort();
    v
}

#[test]
fn a_revoked_laptops_next_file_is_refused_and_changes_nothing() {
    let mut o = org();
    let (mut lost, cw) = o.member("Ana's laptop", "Ana Price", Role::Caseworker);
    let m = o.m.clone();
    o.office.revoke_device(&m, lost.device_id()).unwrap();
    add(&mut lost, &cw, person("Written", "Later"));
    let before = o.office.reader(&m).op_count().unwrap();
    let e = send(&mut lost, &cw, &mut o.office, &m).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Refused, "{e}");
    let msg = e.to_string();
    assert!(msg.contains("revoked") && msg.contains("Nothing was changed"), "{msg}");
    assert_eq!(o.office.reader(&m).op_count().unwrap(), before);
    assert!(!names(&o.office, &m).iter().any(|n| n.contains("Later")));
    // The Sync screen and `device show` say so.
    let summary = o.office.device_summary(&m).unwrap();
    let d = summary.devices.iter().find(|d| d.device_id == lost.device_id().to_string()).unwrap();
    assert!(d.revoked_at.is_some() && d.joined);
    // The revocation is recorded in the audit log.
    let audit = o.office.audit_entries(&m, &Default::default(), Default::default()).unwrap();
    assert!(audit.items.iter().any(|r| r.action == throughcare_core::audit::AuditAction::DeviceRevoke));
}

#[test]
fn only_a_manager_revokes_and_never_their_own_computer() {
    let mut o = org();
    let (mut laptop, cw) = o.member("Ana's laptop", "Ana Price", Role::Caseworker);
    let m = o.m.clone();
    let office_id = o.office.device_id();
    let e = laptop.revoke_device(&cw, office_id).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden, "{e}");
    let e = o.office.revoke_device(&m, office_id).unwrap_err();
    assert_eq!(e.field(), Some("device"), "{e}");
    let e = o.office.revoke_device(&m, DeviceId::new()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    o.office.revoke_device(&m, laptop.device_id()).unwrap();
    let e = o.office.revoke_device(&m, laptop.device_id()).unwrap_err();
    assert!(e.to_string().contains("already revoked"), "{e}");
}

#[test]
fn the_new_key_reaches_the_others_and_the_revoked_laptop_cannot_read_what_is_written_after() {
    let mut o = org();
    let m = o.m.clone();
    let (mut lost, cw_lost) = o.member("Ana's laptop", "Ana Price", Role::Caseworker);
    let (mut kept, cw) = o.member("Sam's laptop", "Sam Patel", Role::Caseworker);
    send(&mut o.office, &m, &mut lost, &cw_lost).unwrap();
    o.office.revoke_device(&m, lost.device_id()).unwrap();
    add(&mut o.office, &m, person("After", "Revoking"));
    // Sam's laptop opens the office's next file (sealed to it too) and takes the new key from it.
    send(&mut o.office, &m, &mut kept, &cw).unwrap();
    add(&mut kept, &cw, person("Sams", "Client"));
    send(&mut kept, &cw, &mut o.office, &m).unwrap();
    assert!(names(&o.office, &m).iter().any(|n| n.contains("Sams")));
    // A second file from Sam's laptop is written to the new key only: the lost laptop cannot open it,
    // nor the office's.
    add(&mut kept, &cw, person("Second", "Thing"));
    let from_kept = kept.export_bundle(&cw, ExportTarget::All, None).unwrap().0;
    let from_office = o.office.export_bundle(&m, ExportTarget::All, None).unwrap().0;
    for file in [from_kept, from_office] {
        let e = lost.import_bundle(&cw_lost, &file, None, &mut |_| {}).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Refused, "{e}");
        assert!(e.to_string().contains("key this computer does not hold"), "{e}");
    }
    assert!(!names(&lost, &cw_lost).iter().any(|n| n.contains("After")));
}

#[test]
fn work_a_revoked_laptop_did_after_its_cut_off_is_set_aside_even_when_relayed_and_all_agree() {
    let mut o = org();
    let m = o.m.clone();
    let (mut lost, cw) = o.member("Ana's laptop", "Ana Price", Role::Caseworker);
    let (mut second, m2) = o.member("Deputy's laptop", "Dee Deputy", Role::Manager);
    send(&mut o.office, &m, &mut second, &m2).unwrap();
    send(&mut o.office, &m, &mut lost, &cw).unwrap();
    add(&mut lost, &cw, person("Before", "Loss"));
    send(&mut lost, &cw, &mut o.office, &m).unwrap();
    send(&mut lost, &cw, &mut second, &m2).unwrap();
    o.office.revoke_device(&m, lost.device_id()).unwrap();
    // The deputy's laptop has not heard yet, and takes the lost laptop's next file.
    add(&mut lost, &cw, person("After", "Loss"));
    send(&mut lost, &cw, &mut second, &m2).unwrap();
    assert!(names(&second, &m2).iter().any(|n| n.contains("After")));
    // Relayed to the office, that change is set aside.
    let r = send(&mut second, &m2, &mut o.office, &m).unwrap();
    assert!(r.set_aside >= 1, "{r:?}");
    assert!(!names(&o.office, &m).iter().any(|n| n.contains("After")));
    // The revocation reaches the deputy, whose copy of it goes too; both agree.
    send(&mut o.office, &m, &mut second, &m2).unwrap();
    assert_eq!(names(&second, &m2), names(&o.office, &m));
    assert!(names(&second, &m2).iter().any(|n| n.contains("Before")));
    // And they keep syncing without complaint.
    send(&mut second, &m2, &mut o.office, &m).unwrap();
    send(&mut o.office, &m, &mut second, &m2).unwrap();
    assert!(o.office.verify(&m).unwrap().is_ok() && second.verify(&m2).unwrap().is_ok());
}

/// An edit the lost laptop made after its cut-off to a record made before it is taken back where it
/// had arrived, and the record stays, as it was, on every computer.
#[test]
fn an_edit_after_the_cut_off_is_taken_back_and_the_record_it_changed_stays() {
    let mut o = org();
    let m = o.m.clone();
    let (mut lost, cw) = o.member("Ana's laptop", "Ana Price", Role::Caseworker);
    let (mut second, m2) = o.member("Deputy's laptop", "Dee Deputy", Role::Manager);
    send(&mut o.office, &m, &mut second, &m2).unwrap();
    send(&mut o.office, &m, &mut lost, &cw).unwrap();
    let c = add(&mut lost, &cw, person("Before", "Loss"));
    send(&mut lost, &cw, &mut o.office, &m).unwrap();
    send(&mut lost, &cw, &mut second, &m2).unwrap();
    o.office.revoke_device(&m, lost.device_id()).unwrap();
    let phone = |s: &Store, a: &Actor| s.reader(a).client(c.id).unwrap().fields.phone;
    let patch = throughcare_core::model::clients::ClientPatch {
        phone: Some(Some("01632 960111".into())),
        ..Default::default()
    };
    lost.write(&cw, |tx| tx.update_client(c.id, patch)).unwrap();
    send(&mut lost, &cw, &mut second, &m2).unwrap();
    assert_eq!(phone(&second, &m2).as_deref(), Some("01632 960111"));
    send(&mut second, &m2, &mut o.office, &m).unwrap();
    send(&mut o.office, &m, &mut second, &m2).unwrap();
    assert_eq!(phone(&second, &m2), None);
    assert_eq!(phone(&o.office, &m), None);
    assert_eq!(names(&second, &m2), names(&o.office, &m));
    assert!(o.office.verify(&m).unwrap().is_ok());
    let report = second.verify(&m2).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn an_invitation_works_once() {
    let mut o = org();
    let m = o.m.clone();
    let inv = o.invite("Ana's laptop", "Ana Price", Role::Caseworker, 7);
    let (mut first, a1) = o.join(&inv, "first.db");
    let (mut copy, a2) = o.join(&inv, "copy.db");
    let summary = o.office.device_summary(&m).unwrap();
    let d = summary.devices.iter().find(|d| d.device_id == inv.device_id.to_string()).unwrap();
    assert!(!d.joined && d.invite_expires_at.is_some());
    send(&mut first, &a1, &mut o.office, &m).unwrap();
    let summary = o.office.device_summary(&m).unwrap();
    assert!(summary.devices.iter().any(|d| d.device_id == inv.device_id.to_string() && d.joined));
    // The second computer that joined with it is refused, whole.
    add(&mut copy, &a2, person("Copied", "Laptop"));
    let before = o.office.reader(&m).op_count().unwrap();
    let e = send(&mut copy, &a2, &mut o.office, &m).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Refused, "{e}");
    let msg = e.to_string();
    assert!(msg.contains("already been used") && msg.contains("Ana's laptop"), "{msg}");
    assert_eq!(o.office.reader(&m).op_count().unwrap(), before);
    // The first goes on working.
    add(&mut first, &a1, person("Real", "Work"));
    send(&mut first, &a1, &mut o.office, &m).unwrap();
    assert!(names(&o.office, &m).iter().any(|n| n.contains("Real")));
}

/// The invitation's details, changed as `edit` says and sealed again with the same code and its sync file.
fn tamper(inv: &Invitation, edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let (mut details, sync_file) = open_invitation(&inv.file, &inv.code);
    edit(&mut details);
    let mut text = serde_json::to_vec(&details).unwrap();
    text.push(b'\n');
    text.extend_from_slice(&sync_file);
    seal_invitation(&text, &inv.code)
}

#[test]
fn an_expired_invitation_is_refused_when_joining_and_wherever_its_use_arrives() {
    let mut o = org();
    let m = o.m.clone();
    let inv = o.invite("Ana's laptop", "Ana Price", Role::Caseworker, 1);
    // Joining after the day it stopped working.
    let stale = tamper(&inv, |b| b["expires_at"] = "2026-01-02T09:00:00Z".into());
    let path = o.dir.path().join("late.db");
    let e =
        Store::join(&path, "kettle violet harbour lamp", KdfCost::MINIMUM, &stale, &inv.code).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Refused, "{e}");
    assert!(e.to_string().contains("stopped working on 02/01/2026"), "{e}");
    assert!(!path.exists());
    // A computer that got round that check (its own copy says it is still good) is refused by the
    // office, whose record says when the invitation ended.
    let (mut late, a) = o.join(&inv, "late2.db");
    o.office
        .raw_connection_for_tests()
        .execute(
            "UPDATE main.devices SET invite_expires_at = '2026-01-02T09:00:00Z' WHERE id = :d",
            rusqlite::named_params! {":d": inv.device_id},
        )
        .unwrap();
    let e = send(&mut late, &a, &mut o.office, &m).unwrap_err();
    assert!(e.to_string().contains("after it had expired"), "{e}");
}

#[test]
fn an_invitation_works_for_one_to_thirty_days() {
    let mut o = org();
    let m = o.m.clone();
    for days in [0, 31] {
        let e = o
            .office
            .invite(
                &m,
                &NewInvite {
                    device_name: "Laptop".into(),
                    user: InviteUser::New { name: "Someone".into(), role: Role::Caseworker },
                    valid_days: days,
                },
                InviteCost::MINIMUM,
            )
            .unwrap_err();
        assert_eq!(e.field(), Some("valid_days"), "{e}");
    }
    let inv = o.invite("Laptop", "Someone", Role::Caseworker, 30);
    let summary = o.office.device_summary(&m).unwrap();
    let until: throughcare_core::time::Timestamp = summary
        .devices
        .iter()
        .find(|d| d.device_id == inv.device_id.to_string())
        .and_then(|d| d.invite_expires_at.clone())
        .unwrap()
        .parse()
        .unwrap();
    let days = (until.unix() - throughcare_core::time::Timestamp::now().unix()) / 86_400;
    assert!((29..=30).contains(&days), "{days}");
}

/// Three computers besides the office: Ana's (a caseworker's), the deputy manager's (which relays) and
/// Sam's (a manager's, which has not heard of Ana's client yet).
fn relay_org() -> (Org, [(Store, Actor); 3], throughcare_core::ids::ClientId) {
    let mut o = org();
    let m = o.m.clone();
    let mut ana = o.member("Ana's laptop", "Ana Price", Role::Caseworker);
    let mut deputy = o.member("Deputy's laptop", "Dee Deputy", Role::Manager);
    let mut sam = o.member("Sam's laptop", "Sam Patel", Role::Manager);
    for (s, a) in [&mut ana, &mut deputy, &mut sam] {
        send(&mut o.office, &m, s, a).unwrap();
    }
    let hana = add(&mut ana.0, &ana.1, person("Hana", "Hers")).id;
    send(&mut ana.0, &ana.1, &mut o.office, &m).unwrap();
    send(&mut o.office, &m, &mut deputy.0, &deputy.1).unwrap();
    (o, [ana, deputy, sam], hana)
}

fn refused_relay(from: &mut Store, who: &Actor, to: &mut Store, them: &Actor, words: &str) {
    let before = to.reader(them).op_count().unwrap();
    let e = send(from, who, to, them).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Refused, "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains(words) && msg.contains("Ana's laptop") && msg.contains("Nothing was applied"),
        "{msg}"
    );
    assert_eq!(to.reader(them).op_count().unwrap(), before);
}

#[test]
fn a_relaying_manager_cannot_write_a_change_in_another_computers_name() {
    let (mut o, [ana, mut deputy, _], hana) = relay_org();
    let m = o.m.clone();
    // The deputy's computer writes a change as if Ana had made it on her laptop.
    forge(
        &deputy.0,
        ana.0.device_id(),
        ana.1.user_id,
        "client",
        &hana.to_string(),
        "set",
        serde_json::json!({"phone": "07700 900999"}),
    );
    refused_relay(&mut deputy.0, &deputy.1, &mut o.office, &m, "without its computer's signature");
    // With a signature lifted from one of Ana's real changes.
    deputy
        .0
        .raw_connection_for_tests()
        .execute_batch(&format!(
            "UPDATE main.ops SET sig = (SELECT sig FROM main.ops WHERE device = (SELECT n FROM main.op_nodes WHERE id = unhex(replace('{0}', '-', ''))) AND sig IS NOT NULL LIMIT 1)
             WHERE device = (SELECT n FROM main.op_nodes WHERE id = unhex(replace('{0}', '-', ''))) AND sig IS NULL",
            ana.0.device_id()
        ))
        .unwrap();
    refused_relay(&mut deputy.0, &deputy.1, &mut o.office, &m, "did not sign");
}

/// A file passed on is checked a few thousand changes at a time, beside applying it: a change altered
/// near the end of a long file is still found, and nothing of the file is kept.
#[test]
fn a_change_altered_late_in_a_long_file_passed_on_is_refused_whole() {
    let (mut o, [mut ana, mut deputy, mut sam], _) = relay_org();
    let m = o.m.clone();
    ana.0
        .write(&ana.1, |tx| {
            for i in 0..4200 {
                tx.create_client(person(&format!("Bulk{i}"), "Person"), None)?;
            }
            Ok(())
        })
        .unwrap();
    send(&mut ana.0, &ana.1, &mut o.office, &m).unwrap();
    send(&mut o.office, &m, &mut deputy.0, &deputy.1).unwrap();
    let conn = deputy.0.raw_connection_for_tests();
    let ana_ops: i64 = conn
        .query_row(
            "SELECT count(*) FROM main.ops WHERE device = (SELECT n FROM main.op_nodes WHERE id = :d)",
            rusqlite::named_params! {":d": ana.0.device_id()},
            |r| r.get(0),
        )
        .unwrap();
    assert!(ana_ops > 8192, "{ana_ops} changes: fewer than three batches");
    let altered = conn
        .execute(
            "UPDATE main.ops SET payload = op_pack(json_set(op_json(payload), '$.given_name', 'Someone else'))
             WHERE rowid = (SELECT max(rowid) FROM main.ops
                            WHERE device = (SELECT n FROM main.op_nodes WHERE id = :d) AND entity_n = 6 /* client */ AND kind_n = 0 /* create */)",
            rusqlite::named_params! {":d": ana.0.device_id()},
        )
        .unwrap();
    assert_eq!(altered, 1);
    let clients_before = names(&sam.0, &sam.1).len();
    refused_relay(&mut deputy.0, &deputy.1, &mut sam.0, &sam.1, "did not sign");
    assert_eq!(names(&sam.0, &sam.1).len(), clients_before);
}

#[test]
fn a_change_altered_on_its_way_through_a_relay_is_refused() {
    let (_o, [ana, mut deputy, mut sam], _) = relay_org();
    deputy
        .0
        .raw_connection_for_tests()
        .execute(
            "UPDATE main.ops SET payload = op_pack(json_set(op_json(payload), '$.given_name', 'Someone else'))
             WHERE device = (SELECT n FROM main.op_nodes WHERE id = :d) AND entity_n = 6 /* client */ AND kind_n = 0 /* create */",
            rusqlite::named_params! {":d": ana.0.device_id()},
        )
        .unwrap();
    refused_relay(&mut deputy.0, &deputy.1, &mut sam.0, &sam.1, "did not sign");
    // Untouched, the same work passes on.
    let (_o, [_, mut deputy, mut sam], _) = relay_org();
    send(&mut deputy.0, &deputy.1, &mut sam.0, &sam.1).unwrap();
    assert!(names(&sam.0, &sam.1).iter().any(|n| n.contains("Hana")));
}

#[test]
fn erased_work_still_passes_on_with_its_signature_and_nothing_to_test_a_guess_against() {
    let (mut o, [ana, mut deputy, mut sam], hana) = relay_org();
    let m = o.m.clone();
    o.office.write(&m, |tx| tx.erase_client(hana)).unwrap();
    // The office passes Ana's (now blanked) changes on, and the deputy passes them on again.
    send(&mut o.office, &m, &mut deputy.0, &deputy.1).unwrap();
    send(&mut deputy.0, &deputy.1, &mut sam.0, &sam.1).unwrap();
    assert_eq!(names(&sam.0, &sam.1), names(&o.office, &m));
    for s in [&o.office, &deputy.0, &sam.0] {
        let (names_left, salts_left): (i64, i64) = s
            .raw_connection_for_tests()
            .query_row(
                "SELECT count(*) FILTER (WHERE op_json(payload) LIKE '%Hana%'),
                        count(*) FILTER (WHERE json_extract(op_json(sig), '$.salt') IS NOT NULL)
                 FROM main.ops WHERE device = (SELECT n FROM main.op_nodes WHERE id = :d) AND entity_id = :c",
                rusqlite::named_params! {":d": ana.0.device_id(), ":c": hana.0.as_bytes()},
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((names_left, salts_left), (0, 0));
    }
}
