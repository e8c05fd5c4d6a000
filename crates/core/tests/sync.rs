//! Sync between devices: joining, exchanging bundles, conflicts, erasure, and refusing bad files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::*;
use proptest::prelude::*;
use tempfile::TempDir;
use throughcare_core::enums::*;
use throughcare_core::ids::{ClientId, DeviceId};
use throughcare_core::keyfile::KdfCost;
use throughcare_core::model::Page;
use throughcare_core::model::clients::ClientPatch;
use throughcare_core::model::contacts::NewContact;
use throughcare_core::sync::bundle::{self, Secret};
use throughcare_core::sync::{ExportTarget, InviteCost, InviteUser, Keep, NewInvite};
use throughcare_core::time::today_london;
use throughcare_core::{Actor, Error, ErrorKind, Store};

#[derive(Debug)]
pub struct Device {
    pub store: Store,
    pub actor: Actor,
    pub path: PathBuf,
}

/// An organisation with `n` devices: the first made it, the others joined by invitation.
pub fn org(n: usize) -> (TempDir, Vec<Device>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d0.db");
    let (mut store, actor) = Store::create(&path, PASS, &new_db()).unwrap();
    let mut invites = Vec::new();
    for i in 1..n {
        let inv = store
            .invite(
                &actor,
                &NewInvite {
                    device_name: format!("Laptop {i}"),
                    user: InviteUser::New { name: format!("Worker {i}"), role: Role::Manager },
                    valid_days: 7,
                },
                InviteCost::MINIMUM,
            )
            .unwrap();
        invites.push(inv);
    }
    let mut devices = vec![Device { store, actor, path }];
    for (i, inv) in invites.into_iter().enumerate() {
        let path = dir.path().join(format!("d{}.db", i + 1));
        let (store, actor) = Store::join(&path, PASS, KdfCost::MINIMUM, &inv.file, &inv.code).unwrap();
        devices.push(Device { store, actor, path });
    }
    // As in life, each new computer's first file goes to the manager who invited it (it records the
    // join), and the manager's next file brings everyone up to date.
    let (first, rest) = devices.split_at_mut(1);
    for d in rest.iter_mut() {
        let file = d
            .store
            .export_bundle(&d.actor, ExportTarget::SincePeer(first[0].store.device_id()), None)
            .unwrap()
            .0;
        first[0].store.import_bundle(&first[0].actor, &file, None, &mut |_| {}).unwrap();
    }
    for d in rest.iter_mut() {
        let file = first[0]
            .store
            .export_bundle(&first[0].actor, ExportTarget::SincePeer(d.store.device_id()), None)
            .unwrap()
            .0;
        d.store.import_bundle(&d.actor, &file, None, &mut |_| {}).unwrap();
    }
    (dir, devices)
}

fn export(d: &mut Device, target: ExportTarget) -> Vec<u8> {
    d.store.export_bundle(&d.actor, target, None).unwrap().0
}

fn import(d: &mut Device, bytes: &[u8]) -> throughcare_core::Result<throughcare_core::sync::ImportReport> {
    d.store.import_bundle(&d.actor, bytes, None, &mut |_| {})
}

/// Every record table as exported (`export json`), by file name.
fn records(d: &mut Device) -> BTreeMap<String, String> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x");
    d.store.export_json(&d.actor, &out).unwrap();
    let mut m = BTreeMap::new();
    for e in throughcare_core::entity::Entity::ALL {
        let name = format!("{}.json", e.table());
        // Tables no one sees (the organisation's sealed keys) are not exported.
        if let Ok(text) = std::fs::read_to_string(out.join(&name)) {
            m.insert(name, text);
        }
    }
    m
}

/// Everything a failed import must leave untouched: records, op count, conflicts.
fn state(d: &mut Device) -> (BTreeMap<String, String>, u64, Vec<String>) {
    let ops = d.store.reader(&d.actor).op_count().unwrap();
    let conflicts = d.store.conflicts(&d.actor).unwrap().into_iter().map(|c| c.id).collect();
    (records(d), ops, conflicts)
}

fn conflict_keys(d: &Device) -> Vec<(String, String, String, String)> {
    let mut v: Vec<_> = d
        .store
        .conflicts(&d.actor)
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.entity_id, c.field, c.current.shown))
        .collect();
    v.sort();
    v
}

fn set_phone(d: &mut Device, id: ClientId, phone: &str) {
    d.store
        .write(&d.actor, |tx| {
            tx.update_client(id, ClientPatch { phone: Some(Some(phone.into())), ..Default::default() })
        })
        .unwrap();
}

fn phone(d: &Device, id: ClientId) -> Option<String> {
    d.store.reader(&d.actor).client(id).unwrap().fields.phone
}

#[test]
fn a_joined_device_has_the_organisations_data_and_its_own_identity() {
    let (_t, mut ds) = org(1);
    let a = ds[0].actor.clone();
    let c = add(&mut ds[0].store, &a, person("Ada", "Lovelace"));
    let inv = invite_new(&mut ds[0].store, &a, "Sam's laptop", "Sam Patel", Role::Caseworker, 7);
    assert_eq!(inv.code.len(), 24, "five groups of four with dashes");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sam.db");
    // A wrong code is refused as a problem with the code, and leaves no files behind.
    let wrong =
        Store::join(&path, PASS, KdfCost::MINIMUM, &inv.file, "AAAA-BBBB-CCCC-DDDD-EEEE").unwrap_err();
    assert_eq!(wrong.field(), Some("code"), "{wrong}");
    assert!(!path.exists());
    // A file too short to be one is not an invitation.
    let short = Store::join(&path, PASS, KdfCost::MINIMUM, &inv.file[..10], &inv.code).unwrap_err();
    assert!(matches!(short, throughcare_core::Error::BadInvitation { .. }), "{short}");
    assert!(!path.exists());
    // Codes are typed by people: lower case and spaces are fine. The invitation is read from its
    // file as it is opened, as the command line does.
    let typed = inv.code.to_lowercase().replace('-', " ");
    let file = dir.path().join("sam.tci");
    std::fs::write(&file, &inv.file).unwrap();
    let opened = std::fs::File::open(&file).unwrap();
    let (store, actor) =
        Store::join_from(&path, "another passphrase here", KdfCost::MINIMUM, opened, &typed).unwrap();
    assert_eq!(actor.role, Role::Caseworker);
    assert_eq!(actor.user_id, inv.user_id);
    assert_eq!(store.device_id(), inv.device_id);
    assert_eq!(store.organisation_id(), ds[0].store.organisation_id());
    // The organisation's data arrived; a new caseworker sees none of it until a client is theirs.
    let manager = store.actor(a.user_id).unwrap();
    assert_eq!(store.reader(&manager).client(c.id).unwrap().fields.given_name.as_deref(), Some("Ada"));
    assert!(matches!(store.reader(&actor).client(c.id), Err(throughcare_core::Error::NotFound { .. })));
    drop(store);
    // It opens again with the person's own passphrase.
    let (again, _) = Store::unlock(&path, None, "another passphrase here").unwrap();
    assert_eq!(again.device_id(), inv.device_id);
}

#[test]
fn changes_travel_both_ways_and_a_second_import_changes_nothing() {
    let (_t, mut ds) = org(2);
    let ids: Vec<DeviceId> = ds.iter().map(|d| d.store.device_id()).collect();
    let a = ds[0].actor.clone();
    let c = add(&mut ds[0].store, &a, person("Grace", "Hopper"));
    let b1 = export(&mut ds[0], ExportTarget::All);
    let r = import(&mut ds[1], &b1).unwrap();
    assert_eq!(cache_mib(&ds[1]), USUAL_CACHE_MIB, "the page cache is its usual size again after a file");
    assert_eq!(r.new_records, 1 + 1, "the client and their episode of support");
    assert!(r.already_had > 0, "the invitation already carried the earlier changes");
    set_phone(&mut ds[1], c.id, "07700 900123");
    let back = export(&mut ds[1], ExportTarget::SincePeer(ids[0]));
    let r = import(&mut ds[0], &back).unwrap();
    assert_eq!((r.applied, r.changed_records, r.new_conflicts), (1, 1, 0));
    assert_eq!(phone(&ds[0], c.id).as_deref(), Some("07700 900123"));
    let before = state(&mut ds[0]);
    let r = import(&mut ds[0], &back).unwrap();
    assert_eq!((r.applied, r.already_had, r.changed_records), (0, 1, 0));
    assert_eq!(state(&mut ds[0]), before);
    // Device 0 now knows what device 1 has, so a file for it carries only what is new.
    set_phone(&mut ds[0], c.id, "07700 900999");
    let (_, h) = ds[0].store.export_bundle(&a, ExportTarget::SincePeer(ids[1]), None).unwrap();
    assert_eq!(h.ops, 1);
    for d in &mut ds {
        let actor = d.actor.clone();
        assert!(d.store.verify(&actor).unwrap().is_ok());
    }
}

#[test]
fn concurrent_edits_become_one_conflict_everywhere_and_a_resolution_settles_it() {
    let (_t, mut ds) = org(3);
    let a = ds[0].actor.clone();
    let c = add(&mut ds[0].store, &a, person("Mary", "Seacole"));
    let b = export(&mut ds[0], ExportTarget::All);
    import(&mut ds[1], &b).unwrap();
    import(&mut ds[2], &b).unwrap();
    set_phone(&mut ds[0], c.id, "01632 960001");
    set_phone(&mut ds[1], c.id, "01632 960002");
    let from0 = export(&mut ds[0], ExportTarget::All);
    let from1 = export(&mut ds[1], ExportTarget::All);
    let r = import(&mut ds[1], &from0).unwrap();
    assert_eq!(r.new_conflicts, 1);
    import(&mut ds[0], &from1).unwrap();
    // The third device gets them in the other order.
    import(&mut ds[2], &from1).unwrap();
    import(&mut ds[2], &from0).unwrap();
    let k0 = conflict_keys(&ds[0]);
    assert_eq!(k0.len(), 1);
    assert_eq!(k0, conflict_keys(&ds[1]));
    assert_eq!(k0, conflict_keys(&ds[2]));
    assert_eq!(phone(&ds[0], c.id), phone(&ds[1], c.id));
    assert_eq!(phone(&ds[0], c.id), phone(&ds[2], c.id));
    let view = ds[2].store.conflicts(&ds[2].actor).unwrap().pop().unwrap();
    assert_eq!(view.field, "phone");
    assert_eq!(view.record, "Mary Seacole");
    assert_ne!(view.current.value, view.other.value);
    // The third device settles it by keeping the version that lost.
    let keep = view.other.value.clone();
    let actor2 = ds[2].actor.clone();
    ds[2].store.write(&actor2, |tx| tx.resolve_conflict(&view.id, &Keep::Other)).unwrap();
    assert!(ds[2].store.conflicts(&actor2).unwrap().is_empty());
    let settled = export(&mut ds[2], ExportTarget::All);
    for d in ds.iter_mut().take(2) {
        import(d, &settled).unwrap();
        assert!(d.store.conflicts(&d.actor).unwrap().is_empty());
        assert_eq!(phone(d, c.id).map(serde_json::Value::from), Some(keep.clone()));
    }
    assert_eq!(records(&mut ds[0]), records(&mut ds[2]));
}

#[test]
fn a_typed_resolution_is_checked_like_any_other_value() {
    let (_t, mut ds) = org(2);
    let a = ds[0].actor.clone();
    let c = add(&mut ds[0].store, &a, person("Noor", "Inayat"));
    let b = export(&mut ds[0], ExportTarget::All);
    import(&mut ds[1], &b).unwrap();
    for (i, st) in [JusticeStatus::OnLicence, JusticeStatus::SecureHospital].into_iter().enumerate() {
        let actor = ds[i].actor.clone();
        ds[i]
            .store
            .write(&actor, |tx| {
                tx.update_client(c.id, ClientPatch { justice_status: Some(st), ..Default::default() })
            })
            .unwrap();
    }
    let b1 = export(&mut ds[1], ExportTarget::All);
    import(&mut ds[0], &b1).unwrap();
    let id = ds[0].store.conflicts(&a).unwrap().pop().unwrap().id;
    let err =
        ds[0].store.write(&a, |tx| tx.resolve_conflict(&id, &Keep::Value("on holiday".into()))).unwrap_err();
    assert_eq!(err.field(), Some("value"));
    ds[0].store.write(&a, |tx| tx.resolve_conflict(&id, &Keep::Value("community sentence".into()))).unwrap();
    let st = ds[0].store.reader(&a).client(c.id).unwrap().fields.justice_status;
    assert_eq!(st, JusticeStatus::CommunitySentence);
}

#[test]
fn erasure_blanks_personal_data_on_every_device_and_in_the_log() {
    let (_t, mut ds) = org(3);
    let a = ds[0].actor.clone();
    let c = add(&mut ds[0].store, &a, person("Zebedee", "Quillfeather"));
    set_phone(&mut ds[0], c.id, "07700 900555");
    ds[0]
        .store
        .write(&a, |tx| {
            tx.log_contact(NewContact {
                client_id: c.id,
                contact_on: today_london(),
                kind: ContactKind::Phone,
                minutes: 10,
                summary: Some("Talked about Zebedee's GP".into()),
                follow_up_on: None,
            })
        })
        .unwrap();
    let b = export(&mut ds[0], ExportTarget::All);
    import(&mut ds[1], &b).unwrap();
    // Device 1 edits the name before it hears of the erasure; the edit is older than the erasure.
    let actor1 = ds[1].actor.clone();
    ds[1]
        .store
        .write(&actor1, |tx| {
            tx.update_client(
                c.id,
                ClientPatch { preferred_name: Some(Some("Zeb".into())), ..Default::default() },
            )
        })
        .unwrap();
    let from1 = export(&mut ds[1], ExportTarget::All);
    ds[0].store.write(&a, |tx| tx.erase_client(c.id)).unwrap();
    let erased = export(&mut ds[0], ExportTarget::All);
    import(&mut ds[0], &from1).unwrap();
    import(&mut ds[1], &erased).unwrap();
    // Device 2 hears of everything at once.
    import(&mut ds[2], &from1).unwrap();
    import(&mut ds[2], &erased).unwrap();
    for d in &mut ds {
        let f = d.store.reader(&d.actor).client(c.id).unwrap().fields;
        assert_eq!((f.given_name, f.family_name.as_deref(), f.phone), (None, Some("(erased)"), None));
        // The log, as any device would send it on, holds none of it either.
        let (bytes, _) =
            d.store.export_bundle(&d.actor, ExportTarget::All, Some(("pw for tests", 2))).unwrap();
        let parsed = bundle::parse(&bytes).unwrap();
        let text = serde_json::to_string(&parsed.open(Secret::Passphrase("pw for tests")).unwrap()).unwrap();
        for secret in ["Zebedee", "Quillfeather", "07700 900555", "Zeb\"", "Talked about"] {
            assert!(!text.contains(secret), "{secret} survived erasure");
        }
        let actor = d.actor.clone();
        let report = d.store.verify(&actor).unwrap();
        assert!(report.is_ok(), "{:?}", report.problems);
        assert!(d.store.reader(&actor).search_clients("zebedee", 10).unwrap().is_empty());
        // Every computer writes it in its erasure register, for a restore of an older backup.
        let register = throughcare_core::erasures::read(&d.path, &d.store.organisation_id().to_string());
        assert!(
            register.erased.contains_key(&c.id.to_string()),
            "{} has no note of the erasure",
            d.path.display()
        );
    }
    let r0 = records(&mut ds[0]);
    assert_eq!(r0, records(&mut ds[1]));
    assert_eq!(r0, records(&mut ds[2]));
}

/// Rewrites a bundle's header and signs it with `key`.
fn forge(
    bytes: &[u8],
    edit: impl FnOnce(&mut serde_json::Value),
    key: &ed25519_dalek::SigningKey,
) -> Vec<u8> {
    let magic = bundle::MAGIC.len();
    let hlen = u32::from_be_bytes(bytes[magic..magic + 4].try_into().unwrap()) as usize;
    let mut header: serde_json::Value = serde_json::from_slice(&bytes[magic + 4..magic + 4 + hlen]).unwrap();
    edit(&mut header);
    let h = serde_json::to_vec(&header).unwrap();
    let mut out = bundle::MAGIC.to_vec();
    out.extend_from_slice(&(h.len() as u32).to_be_bytes());
    out.extend_from_slice(&h);
    out.extend_from_slice(&bytes[magic + 4 + hlen..bytes.len() - 64]);
    use ed25519_dalek::Signer;
    let sig = key.sign(&out);
    out.extend_from_slice(&sig.to_bytes());
    out
}

/// The page cache a connection keeps, in MiB.
const USUAL_CACHE_MIB: i64 = 64;

/// The connection's page cache in MiB: a file is applied with a bigger one, and it must be the usual
/// size again afterwards, whatever the file did, or the app keeps the memory.
fn cache_mib(d: &Device) -> i64 {
    let kib: i64 =
        d.store.raw_connection_for_tests().query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap();
    -kib / 1024
}

fn refused(d: &mut Device, bytes: &[u8], kind: ErrorKind, words: &str) {
    let before = state(d);
    let err = import(d, bytes).unwrap_err();
    assert_eq!(cache_mib(d), USUAL_CACHE_MIB, "a refused file left the bigger page cache behind");
    assert_eq!(err.kind(), kind, "{err}");
    let msg = err.to_string();
    assert!(msg.contains(words), "message '{msg}' should say '{words}'");
    assert!(msg.contains("Nothing was changed"), "{msg}");
    assert_eq!(state(d), before, "a refused file changed something");
}

#[test]
fn damaged_and_foreign_bundles_are_refused_with_nothing_applied() {
    let (_t, mut ds) = org(4);
    let ids: Vec<DeviceId> = ds.iter().map(|d| d.store.device_id()).collect();
    let a = ds[0].actor.clone();
    let c = add(&mut ds[0].store, &a, person("Ida", "Wells"));
    set_phone(&mut ds[0], c.id, "01632 960111");
    let good = export(&mut ds[0], ExportTarget::All);
    let other_key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);

    refused(&mut ds[1], &good[..good.len() / 2], ErrorKind::Damaged, "cut short");
    refused(&mut ds[1], &good[..good.len() - 1], ErrorKind::Damaged, "cut short");
    refused(&mut ds[1], b"hello, I am a spreadsheet", ErrorKind::Damaged, "not a Throughcare sync file");
    let mut extra = good.clone();
    extra.push(0);
    refused(&mut ds[1], &extra, ErrorKind::Damaged, "extra bytes");
    // A bit flipped anywhere: in the header, the body, or the signature.
    for at in [bundle::MAGIC.len() + 30, good.len() / 2, good.len() - 10] {
        let mut flipped = good.clone();
        flipped[at] ^= 0x10;
        let err = import(&mut ds[1], &flipped).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Damaged | ErrorKind::Refused), "{err}");
    }
    let mut flipped = good.clone();
    let mid = good.len() / 2;
    flipped[mid] ^= 1;
    refused(&mut ds[1], &flipped, ErrorKind::Refused, "signature does not match");
    refused(&mut ds[1], &forge(&good, |_| {}, &other_key), ErrorKind::Refused, "signature does not match");
    let another = DeviceId::new().to_string();
    refused(
        &mut ds[1],
        &forge(&good, |h| h["organisation"] = another.clone().into(), &other_key),
        ErrorKind::Refused,
        "another organisation",
    );
    refused(
        &mut ds[1],
        &forge(&good, |h| h["schema_version"] = 99.into(), &other_key),
        ErrorKind::Refused,
        "newer version",
    );
    refused(
        &mut ds[1],
        &forge(&good, |h| h["format"] = 3.into(), &other_key),
        ErrorKind::Refused,
        "newer version",
    );
    refused(
        &mut ds[1],
        &forge(&good, |h| h["sender"] = another.clone().into(), &other_key),
        ErrorKind::Refused,
        "does not know",
    );
    // A file from a whole other organisation, properly signed by its own device.
    let (_t2, mut others) = org(1);
    let foreign = export(&mut others[0], ExportTarget::All);
    refused(&mut ds[1], &foreign, ErrorKind::Refused, "another organisation");

    // A gap: device 3 has the first part of device 0's work; device 2 then gets a file with only the
    // part after what device 2 already had.
    let first = export(&mut ds[0], ExportTarget::All);
    import(&mut ds[2], &first).unwrap();
    let tell = export(&mut ds[2], ExportTarget::All);
    import(&mut ds[0], &tell).unwrap();
    set_phone(&mut ds[0], c.id, "01632 960222");
    let later = export(&mut ds[0], ExportTarget::SincePeer(ids[2]));
    refused(&mut ds[3], &later, ErrorKind::Refused, "earlier file");
    import(&mut ds[3], &first).unwrap();
    import(&mut ds[3], &later).unwrap();
    assert_eq!(phone(&ds[3], c.id).as_deref(), Some("01632 960222"));
    // A file locked with a passphrase needs it.
    let a1 = ds[1].actor.clone();
    let (locked, _) =
        ds[0].store.export_bundle(&a, ExportTarget::All, Some(("river stone bridge", 2))).unwrap();
    refused(&mut ds[1], &locked, ErrorKind::Refused, "passphrase");
    let err = ds[1].store.import_bundle(&a1, &locked, Some("wrong words"), &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("passphrase does not open"), "{err}");
    assert_eq!(err.field(), Some("passphrase"), "the message belongs beside the passphrase box");
    ds[1].store.import_bundle(&a1, &locked, Some("river stone bridge"), &mut |_| {}).unwrap();
    assert_eq!(phone(&ds[1], c.id).as_deref(), Some("01632 960222"));
}

#[test]
fn a_bundle_that_builds_on_unseen_changes_is_refused() {
    let (_t, mut ds) = org(3);
    let ids: Vec<DeviceId> = ds.iter().map(|d| d.store.device_id()).collect();
    let a = ds[0].actor.clone();
    let c = add(&mut ds[0].store, &a, person("Rosalind", "Franklin"));
    let b = export(&mut ds[0], ExportTarget::All);
    import(&mut ds[1], &b).unwrap();
    set_phone(&mut ds[1], c.id, "01632 960333");
    // Device 1 knows device 0 has its client, so its file for device 0 carries only its own change.
    let slim = export(&mut ds[1], ExportTarget::SincePeer(ids[0]));
    assert_eq!(bundle::parse(&slim).unwrap().header.ops, 1);
    // Device 2 has never seen that client: the change would have nothing to land on.
    refused(&mut ds[2], &slim, ErrorKind::Refused, "has not received yet");
    import(&mut ds[2], &b).unwrap();
    import(&mut ds[2], &slim).unwrap();
    assert_eq!(phone(&ds[2], c.id).as_deref(), Some("01632 960333"));
}

#[test]
fn ops_stamped_far_ahead_are_held_back_not_trusted() {
    let (_t, mut ds) = org(2);
    let a = ds[0].actor.clone();
    let c = add(&mut ds[0].store, &a, person("Alan", "Turing"));
    let b = export(&mut ds[0], ExportTarget::All);
    import(&mut ds[1], &b).unwrap();
    let a1 = ds[1].actor.clone();
    ds[0].store.skew_clock_for_tests(3 * 60 * 60 * 1000);
    set_phone(&mut ds[0], c.id, "01632 960777");
    let ahead = export(&mut ds[0], ExportTarget::All);
    let clock_before = ds[1].store.device_summary(&a1).unwrap().clock;
    let r = import(&mut ds[1], &ahead).unwrap();
    assert_eq!((r.applied, r.quarantined), (0, 1));
    assert_eq!(phone(&ds[1], c.id), None);
    let summary = ds[1].store.device_summary(&a1).unwrap();
    assert_eq!(summary.quarantined, 1);
    assert_eq!(summary.clock, clock_before, "a clock far ahead must not drag this one forward");
    // Importing again holds it back again, once.
    let r = import(&mut ds[1], &ahead).unwrap();
    assert_eq!((r.applied, r.quarantined), (0, 1));
    assert_eq!(ds[1].store.device_summary(&a1).unwrap().quarantined, 1);
    // Erasing the person scrubs the change held back too: letting it in later brings nothing back.
    ds[1].store.write(&a1, |tx| tx.erase_client(c.id)).unwrap();
    let held: String = ds[1]
        .store
        .raw_connection_for_tests()
        .query_row("SELECT op FROM main.quarantine", [], |r| r.get(0))
        .unwrap();
    assert!(!held.contains("01632 960777") && held.contains("\"phone\":null"), "{held}");
}

#[test]
fn bundle_file_format_is_stable() {
    // The framing, the header as written and one op as written, with what varies (ids, times) masked.
    let (_t, mut ds) = org(2);
    let a = ds[0].actor.clone();
    let c = add(&mut ds[0].store, &a, person("Format", "Check"));
    set_phone(&mut ds[0], c.id, "01632 960000");
    let bytes = export(&mut ds[0], ExportTarget::All);
    let parsed = bundle::parse(&bytes).unwrap();
    let magic = bundle::MAGIC.len();
    let hlen = u32::from_be_bytes(bytes[magic..magic + 4].try_into().unwrap()) as usize;
    let mut header = String::from_utf8(bytes[magic + 4..magic + 4 + hlen].to_vec()).unwrap();
    let ops = parsed.open(Secret::Organisation(&org_identity_for_tests(&mut ds[0]))).unwrap();
    let op = ops.ops.iter().rev().find(|o| o.device_id == ds[0].store.device_id()).unwrap().clone();
    let mut line = serde_json::to_string(&op).unwrap();
    let created = ds[0].store.reader(&a).client(c.id).unwrap().created_at.to_string();
    let base = op.base["phone"].as_str().unwrap().to_owned();
    let masks = [
        (op.hlc.clone(), "<clock>"),
        (base, "<clock of the field as its author saw it>"),
        (ds[0].store.device_id().to_string(), "<device 0>"),
        (ds[1].store.device_id().to_string(), "<device 1>"),
        (ds[0].store.organisation_id().to_string(), "<organisation>"),
        (parsed.header.created_at.to_string(), "<time>"),
        (op.op_id.to_string(), "<op id>"),
        (op.author_id.to_string(), "<user>"),
        (c.id.to_string(), "<client>"),
        (op.recorded_at.clone(), "<time>"),
        (created, "<time>"),
        (op.sig.as_ref().unwrap().sig.clone(), "<the origin computer's ed25519 signature>"),
        (op.sig.as_ref().unwrap().salt.clone().unwrap(), "<salt for personal fields' digests>"),
    ];
    for (from, to) in &masks {
        header = header.replace(from.as_str(), to);
        line = line.replace(from.as_str(), to);
    }
    let body_len_at = magic + 4 + hlen;
    let body_len = u64::from_be_bytes(bytes[body_len_at..body_len_at + 8].try_into().unwrap()) as usize;
    assert_eq!(body_len_at + 8 + body_len + 64, bytes.len());
    assert!(bytes[body_len_at + 8..].starts_with(b"age-encryption.org/v1\n"));
    insta::assert_snapshot!(
        "bundle_format",
        format!(
            "magic: {:?}\nthen: u32 big-endian header length, header, u64 big-endian body length, body = age(zstd(one op per line, then one {{\"audit\": …}} per audit entry)), 64-byte ed25519 signature of all before it\nheader:\n{header}\nop:\n{line}",
            String::from_utf8_lossy(bundle::MAGIC)
        )
    );
}

/// A file is read a change at a time (an invitation's holds the whole organisation's history, more
/// than a laptop's memory): each is handed on in the file's order as it is checked, and a body found
/// short only at its end is still an error, after its changes were handed on, which is why an import
/// reads it inside the transaction that error undoes. Nor is any one line read without end.
#[test]
fn a_file_is_read_one_change_at_a_time_and_a_short_one_is_still_refused() {
    let (header, whole, plain) = three_people_file("Stream");
    assert!(whole.ops.len() > 6);
    let mut handed = Vec::new();
    let rest = bundle::parse_body_each(&plain[..], &header, &mut |op| {
        handed.push(op);
        Ok(())
    })
    .unwrap();
    assert_eq!(handed, whole.ops, "every change, in the file's order");
    assert!(rest.ops.is_empty(), "none held back in memory");
    assert_eq!(rest.audit, whole.audit);

    // The last change's line taken out: everything before it is handed on, then the file is refused.
    let ops = whole.ops.len();
    let short = without_line(&plain, ops - 1);
    let mut handed = 0;
    let err = bundle::parse_body_each(&short[..], &header, &mut |_| {
        handed += 1;
        Ok(())
    })
    .unwrap_err();
    assert_eq!(handed, ops - 1);
    assert!(err.to_string().contains("cut short") || err.to_string().contains("fewer changes"), "{err}");

    // No line is read without end: one longer than any change could be is refused, not gathered up.
    let mut endless = b"{\"share\": [\"".to_vec();
    endless.resize(17 << 20, b'a');
    let err = bundle::parse_body_each(&endless[..], &header, &mut |_| Ok(())).unwrap_err();
    assert!(err.to_string().contains("far too long"), "{err}");
}

/// An import reads the file on a second thread while the first applies it: the changes still arrive
/// in the file's order, each with what the reading thread worked out for it, and whichever side fails
/// first in the file's order is the error given, as if the two had taken turns.
#[test]
fn a_file_read_beside_its_import_arrives_in_order_and_fails_where_it_would_in_turn() {
    let (header, whole, plain) = three_people_file("Beside");
    let seq_of = |op: &bundle::WireOp| op.seq;
    let mut handed = Vec::new();
    let rest = bundle::parse_body_each_beside(&plain[..], &header, &seq_of, &mut |op, seq| {
        assert_eq!(op.seq, seq, "each change with what was worked out for it");
        handed.push(op);
        Ok(())
    })
    .unwrap();
    assert_eq!(handed, whole.ops, "every change, in the file's order");
    assert_eq!(rest.audit, whole.audit);

    // The last change's line taken out: all before it are applied, then the reader's error is given.
    let ops = whole.ops.len();
    let short = without_line(&plain, ops - 1);
    let mut applied = 0;
    let err = bundle::parse_body_each_beside(&short[..], &header, &seq_of, &mut |_, _| {
        applied += 1;
        Ok(())
    })
    .unwrap_err();
    assert_eq!(applied, ops - 1);
    assert!(err.to_string().contains("fewer changes"), "{err}");

    // Applying fails at the second change, before the reader reaches the missing line: that error is
    // the one given, and nothing after it is applied.
    let mut applied = 0;
    let err = bundle::parse_body_each_beside(&short[..], &header, &seq_of, &mut |_, _| {
        applied += 1;
        if applied == 2 { Err(throughcare_core::Error::Corrupt("the second change".into())) } else { Ok(()) }
    })
    .unwrap_err();
    assert_eq!(applied, 2);
    assert!(err.to_string().contains("the second change"), "{err}");
}

/// A whole file from a computer that added three people (each then given a phone number): its
/// header, its body read whole, and its plain text, to read again line by line.
fn three_people_file(family: &str) -> (bundle::Header, bundle::Body, Vec<u8>) {
    use std::io::Read;
    let (_t, mut ds) = org(2);
    let a = ds[0].actor.clone();
    for (i, name) in ["Ama", "Ben", "Cai"].into_iter().enumerate() {
        let c = add(&mut ds[0].store, &a, person(name, family));
        set_phone(&mut ds[0], c.id, &format!("01632 96000{i}"));
    }
    let bytes = export(&mut ds[0], ExportTarget::All);
    let parsed = bundle::parse(&bytes).unwrap();
    let id = org_identity_for_tests(&mut ds[0]);
    let whole = parsed.open(Secret::Organisation(&id)).unwrap();
    let mut plain = Vec::new();
    parsed.plain(Secret::Organisation(&id)).unwrap().read_to_end(&mut plain).unwrap();
    (parsed.header, whole, plain)
}

/// A body's plain text with its `n`th line (counting from 0) taken out.
fn without_line(plain: &[u8], n: usize) -> Vec<u8> {
    let lines = plain.split(|b| *b == b'\n').filter(|l| !l.is_empty());
    lines.enumerate().filter(|(i, _)| *i != n).flat_map(|(_, l)| [l, b"\n"].concat()).collect()
}

fn org_identity_for_tests(d: &mut Device) -> age::x25519::Identity {
    d.store.org_identity_for_tests().unwrap()
}

// ---- The law: any devices, any edits, any bundles in any order, any number of times: they agree. ----

#[derive(Debug, Clone)]
enum Step {
    AddClient(usize, String),
    Phone(usize, usize, u8),
    Status(usize, usize, usize),
    Note(usize, usize),
    Close(usize, usize),
    Erase(usize),
    Export(usize, Option<usize>),
    Import(usize, usize),
}

fn step(n: usize) -> impl Strategy<Value = Step> {
    prop_oneof![
        1 => (0..n, "[A-Z][a-z]{2,6}").prop_map(|(d, s)| Step::AddClient(d, s)),
        3 => (0..n, 0usize..8, 0u8..4).prop_map(|(d, c, v)| Step::Phone(d, c, v)),
        2 => (0..n, 0usize..8, 0usize..7).prop_map(|(d, c, v)| Step::Status(d, c, v)),
        1 => (0..n, 0usize..8).prop_map(|(d, c)| Step::Note(d, c)),
        1 => (0..n, 0usize..8).prop_map(|(d, c)| Step::Close(d, c)),
        1 => (0usize..8).prop_map(Step::Erase),
        3 => (0..n, proptest::option::of(0..n)).prop_map(|(d, p)| Step::Export(d, p)),
        4 => (0..n, 0usize..64).prop_map(|(d, b)| Step::Import(d, b)),
    ]
}

fn scenario() -> impl Strategy<Value = (usize, Vec<Step>, Vec<usize>)> {
    (3usize..=5).prop_flat_map(|n| {
        (Just(n), proptest::collection::vec(step(n), 5..40), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
    })
}

fn known_clients(d: &Device) -> Vec<ClientId> {
    let page = throughcare_core::model::Page { offset: 0, limit: 500 };
    let mut ids: Vec<ClientId> = d
        .store
        .reader(&d.actor)
        .clients(&Default::default(), page)
        .map(|p| p.items.into_iter().map(|r| r.client.id).collect())
        .unwrap_or_default();
    ids.sort();
    ids
}

proptest! {
    // 16 cases in CI; PROPTEST_CASES=200 for a longer run by hand.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(16),
        ..ProptestConfig::default()
    })]

    #[test]
    fn devices_that_exchange_everything_agree((n, steps, order) in scenario()) {
        let (_t, mut ds) = org(n);
        let ids: Vec<DeviceId> = ds.iter().map(|d| d.store.device_id()).collect();
        let a = ds[0].actor.clone();
        for i in 0..3 {
            add(&mut ds[0].store, &a, person(&format!("Seed{i}"), "Client"));
        }
        let first = export(&mut ds[0], ExportTarget::All);
        for d in ds.iter_mut().skip(1) {
            import(d, &first).unwrap();
        }
        let mut pool: Vec<Vec<u8>> = vec![first];
        let phones = ["01632 960001", "01632 960002", "01632 960003", ""];
        for s in steps {
            let pick = |d: &Device, c: usize| { let ids = known_clients(d); (!ids.is_empty()).then(|| ids[c % ids.len()]) };
            match s {
                Step::AddClient(d, name) => { let actor = ds[d].actor.clone(); add(&mut ds[d].store, &actor, person(&name, "Sync")); }
                Step::Phone(d, c, v) => if let Some(id) = pick(&ds[d], c) {
                    let actor = ds[d].actor.clone();
                    let p = phones[v as usize];
                    let _ = ds[d].store.write(&actor, |tx| tx.update_client(id, ClientPatch { phone: Some((!p.is_empty()).then(|| p.to_owned())), ..Default::default() }));
                },
                Step::Status(d, c, v) => if let Some(id) = pick(&ds[d], c) {
                    let actor = ds[d].actor.clone();
                    let _ = ds[d].store.write(&actor, |tx| tx.update_client(id, ClientPatch { justice_status: Some(JusticeStatus::ALL[v]), ..Default::default() }));
                },
                Step::Note(d, c) => if let Some(id) = pick(&ds[d], c) {
                    let actor = ds[d].actor.clone();
                    ds[d].store.write(&actor, |tx| tx.log_contact(NewContact { client_id: id, contact_on: today_london(), kind: ContactKind::Phone, minutes: 5, summary: Some(format!("Note from device {d}")), follow_up_on: None })).unwrap();
                },
                Step::Close(d, c) => if let Some(id) = pick(&ds[d], c) {
                    let actor = ds[d].actor.clone();
                    let _ = ds[d].store.write(&actor, |tx| tx.close_episode(id, today_london(), CloseReason::ALL[0]));
                },
                Step::Erase(c) => if let Some(id) = pick(&ds[0], c) {
                    // A second erasure of the same person is refused and changes nothing.
                    let _ = ds[0].store.write(&a, |tx| tx.erase_client(id));
                },
                Step::Export(d, peer) => {
                    let target = match peer { Some(p) if p != d => ExportTarget::SincePeer(ids[p]), _ => ExportTarget::All };
                    pool.push(export(&mut ds[d], target));
                },
                Step::Import(d, b) => {
                    let bytes = pool[b % pool.len()].clone();
                    let before = state(&mut ds[d]);
                    match import(&mut ds[d], &bytes) {
                        Ok(_) => {}
                        Err(Error::BundleRefused(_)) => prop_assert_eq!(state(&mut ds[d]), before, "a refused bundle changed something"),
                        Err(e) => prop_assert!(false, "unexpected failure: {}", e),
                    }
                },
            }
        }
        // Everyone sends everything; everyone imports everyone's file, in a shuffled order.
        let finals: Vec<Vec<u8>> = ds.iter_mut().map(|d| export(d, ExportTarget::All)).collect();
        for &i in &order {
            for &j in order.iter().rev() {
                if i != j {
                    import(&mut ds[i], &finals[j]).unwrap();
                }
            }
        }
        let want_records = records(&mut ds[0]);
        let want_conflicts = conflict_keys(&ds[0]);
        for d in ds.iter_mut() {
            prop_assert_eq!(&records(d), &want_records);
            prop_assert_eq!(&conflict_keys(d), &want_conflicts);
            let actor = d.actor.clone();
            let report = d.store.verify(&actor).unwrap();
            prop_assert!(report.is_ok(), "{:?}", report.problems);
        }
    }
}

#[test]
fn a_manager_relays_work_between_devices_that_never_meet() {
    let (_t, mut ds) = org(3);
    let ids: Vec<DeviceId> = ds.iter().map(|d| d.store.device_id()).collect();
    let a = ds[0].actor.clone();
    let c = add(&mut ds[0].store, &a, person("Relay", "Person"));
    let start = export(&mut ds[0], ExportTarget::All);
    import(&mut ds[1], &start).unwrap();
    import(&mut ds[2], &start).unwrap();
    // Device 1's clock runs half an hour fast (within what is trusted).
    ds[1].store.skew_clock_for_tests(30 * 60 * 1000);
    set_phone(&mut ds[1], c.id, "01632 960101");
    let to_manager = export(&mut ds[1], ExportTarget::SincePeer(ids[0]));
    import(&mut ds[0], &to_manager).unwrap();
    let from_manager = export(&mut ds[0], ExportTarget::SincePeer(ids[2]));
    let r = import(&mut ds[2], &from_manager).unwrap();
    assert_eq!(r.applied, 1, "device 1's change, relayed");
    assert_eq!(phone(&ds[2], c.id).as_deref(), Some("01632 960101"));
    // Device 2 saw it, so its clock moved past device 1's fast stamp: its later edit wins everywhere
    // and is no conflict.
    set_phone(&mut ds[2], c.id, "01632 960202");
    let back = export(&mut ds[2], ExportTarget::All);
    import(&mut ds[0], &back).unwrap();
    import(&mut ds[1], &back).unwrap();
    for d in &ds {
        assert_eq!(phone(d, c.id).as_deref(), Some("01632 960202"));
        assert!(d.store.conflicts(&d.actor).unwrap().is_empty());
    }
}

#[test]
fn the_audit_log_travels_to_the_managers_device_and_keeps_its_chain() {
    use throughcare_core::audit::{AuditAction, AuditFilter};
    let (_t, mut ds) = org(2);
    let a0 = ds[0].actor.clone();
    let c = add(&mut ds[0].store, &a0, person("Ada", "Lovelace"));
    let to1 = export(&mut ds[0], ExportTarget::All);
    import(&mut ds[1], &to1).unwrap();
    // Worker 1 opens Ada's record on their own laptop.
    let a1 = ds[1].actor.clone();
    ds[1].store.open_client_record(&a1, c.id).unwrap();
    let (d0, d1) = (ds[0].store.device_id(), ds[1].store.device_id());
    let to0 = export(&mut ds[1], ExportTarget::SincePeer(d0));
    let report = import(&mut ds[0], &to0).unwrap();
    assert!(report.audit_entries >= 2, "{report:?}");
    let rows = ds[0]
        .store
        .audit_entries(
            &a0,
            &AuditFilter { client_id: Some(c.id), action: Some(AuditAction::View), ..Default::default() },
            Page::default(),
        )
        .unwrap();
    assert_eq!(rows.total, 1);
    assert_eq!(rows.items[0].user_name, "Worker 1");
    assert_eq!(rows.items[0].device_name.as_deref(), Some("Laptop 1"));
    assert!(ds[0].store.verify(&a0).unwrap().is_ok(), "both chains check out on the manager's computer");
    // The same file again brings nothing new.
    assert_eq!(import(&mut ds[0], &to0).unwrap().audit_entries, 0);
    // Only what the other side has not seen goes back: the manager's file carries its own new entries.
    let back = export(&mut ds[0], ExportTarget::SincePeer(d1));
    let h = bundle::parse(&back).unwrap().header;
    assert!(h.audit_ranges.iter().all(|r| r.device == d0), "{:?}", h.audit_ranges);
    import(&mut ds[1], &back).unwrap();
    assert!(ds[1].store.verify(&a1).unwrap().is_ok());
}

#[test]
fn keeping_mine_means_this_computers_version_whichever_is_shown() {
    let (_t, mut ds) = org(2);
    let a = ds[0].actor.clone();
    let c = add(&mut ds[0].store, &a, person("Mary", "Seacole"));
    let b = export(&mut ds[0], ExportTarget::All);
    import(&mut ds[1], &b).unwrap();
    set_phone(&mut ds[0], c.id, "01632 960001");
    set_phone(&mut ds[1], c.id, "01632 960002");
    let from1 = export(&mut ds[1], ExportTarget::All);
    import(&mut ds[0], &from1).unwrap();
    let view = ds[0].store.conflicts(&a).unwrap().pop().unwrap();
    let mine = if view.current.this_device { view.current.value.clone() } else { view.other.value.clone() };
    assert_eq!(mine, serde_json::json!("01632 960001"));
    ds[0].store.write(&a, |tx| tx.resolve_conflict(&view.id, &Keep::Mine)).unwrap();
    assert_eq!(phone(&ds[0], c.id).as_deref(), Some("01632 960001"));
}

/// Two records of one person merged on one computer and the merge undone on either: both computers
/// end with exactly the records they had before, whichever order the files travel in.
#[test]
fn a_merge_and_its_undo_leave_both_devices_identical_in_either_order() {
    use throughcare_core::model::clients::ClientFields;
    for undo_on in [0usize, 1] {
        let (_t, mut ds) = org(2);
        let ids: Vec<DeviceId> = ds.iter().map(|d| d.store.device_id()).collect();
        let a = ds[0].actor.clone();
        let born = "1990-04-01".parse().ok();
        let kept = add(
            &mut ds[0].store,
            &a,
            ClientFields {
                date_of_birth: born,
                phone: Some("07700 900001".into()),
                ..person("Mohammed", "Khan")
            },
        );
        let other = add(
            &mut ds[0].store,
            &a,
            ClientFields {
                date_of_birth: born,
                phone: Some("07700 900002".into()),
                ..person("Muhammad", "Khan")
            },
        );
        ds[0]
            .store
            .write(&a, |tx| {
                tx.log_contact(NewContact {
                    client_id: other.id,
                    contact_on: today_london(),
                    kind: ContactKind::Phone,
                    minutes: 10,
                    summary: Some("Rang about the GP".into()),
                    follow_up_on: None,
                })
            })
            .unwrap();
        let first = export(&mut ds[0], ExportTarget::All);
        import(&mut ds[1], &first).unwrap();
        let before = records(&mut ds[0]);
        assert_eq!(records(&mut ds[1]), before);

        let choices = ClientPatch { phone: Some(Some("07700 900002".into())), ..Default::default() };
        let m = ds[0].store.write(&a, |tx| tx.merge_clients(kept.id, other.id, choices)).unwrap();
        let r = ds[0].store.reader(&a);
        assert_eq!(r.client(kept.id).unwrap().fields.phone.as_deref(), Some("07700 900002"));
        assert!(r.client(other.id).unwrap().archived_at.is_some());
        assert_eq!(r.contacts(kept.id).unwrap().len(), 1, "the contact moved to the kept record");
        let merged = export(&mut ds[0], ExportTarget::SincePeer(ids[1]));
        import(&mut ds[1], &merged).unwrap();
        assert_eq!(records(&mut ds[1]), records(&mut ds[0]), "the merge arrived whole");

        let actor = ds[undo_on].actor.clone();
        ds[undo_on].store.write(&actor, |tx| tx.undo_merge(m.id)).unwrap();
        let other_device = 1 - undo_on;
        let undone = export(&mut ds[undo_on], ExportTarget::SincePeer(ids[other_device]));
        import(&mut ds[other_device], &undone).unwrap();
        let (r0, r1) = (records(&mut ds[0]), records(&mut ds[1]));
        assert_eq!(r0, r1, "both computers agree after the undo (undone on device {undo_on})");
        // Apart from the merge's own record (kept, marked undone), everything is as it was.
        let strip = |m: &BTreeMap<String, String>| {
            m.iter()
                .filter(|(k, _)| *k != "client_merges.json")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<BTreeMap<_, _>>()
        };
        assert_eq!(strip(&r0), strip(&before));
        let again = ds[0].store.write(&a, |tx| tx.undo_merge(m.id)).unwrap_err();
        assert_eq!(again.field(), Some("id"));
        for d in &mut ds {
            let actor = d.actor.clone();
            assert!(d.store.verify(&actor).unwrap().is_ok());
        }
    }
}

#[test]
fn a_first_file_of_thousands_of_changes_gives_each_its_own_signature() {
    // Signing goes a few thousand changes at a time, each batch signed while the one before is
    // written: a signature on the wrong change would be refused where the file is passed on.
    let (_t, mut ds) = org(3);
    let ids: Vec<DeviceId> = ds.iter().map(|d| d.store.device_id()).collect();
    let before = ds[1].store.reader(&ds[1].actor).op_count().unwrap();
    let opts =
        throughcare_core::demo::SeedOptions { clients: 400, months: 18, seed: 3, today: today_london() };
    let actor = ds[1].actor.clone();
    throughcare_core::demo::seed(&mut ds[1].store, &actor, &opts, &mut |_, _| {}).unwrap();
    let made = ds[1].store.reader(&ds[1].actor).op_count().unwrap() - before;
    assert!(made > 3 * 4096, "enough changes for several batches: {made}");
    let schema_before = schema(&ds[2].store);
    let to_manager = export(&mut ds[1], ExportTarget::SincePeer(ids[0]));
    import(&mut ds[0], &to_manager).unwrap();
    let relayed = export(&mut ds[0], ExportTarget::SincePeer(ids[2]));
    let r = import(&mut ds[2], &relayed).unwrap();
    assert!(r.applied as u64 >= made, "every change passed on and its signature accepted: {}", r.applied);
    assert_eq!(records(&mut ds[2]), records(&mut ds[1]));
    // A file bigger than the log it lands in is applied with the screens' indexes built after it:
    // every one is there again, as it was.
    assert_eq!(schema(&ds[2].store), schema_before);
    assert_eq!(schema(&ds[0].store), schema_before);
}

#[test]
fn an_invitation_written_by_the_version_before_still_joins_and_a_newer_one_is_refused_plainly() {
    use base64::Engine;
    let (t, mut ds) = org(1);
    let a = ds[0].actor.clone();
    add(&mut ds[0].store, &a, person("Ada", "Lovelace"));
    let inv = invite_new(&mut ds[0].store, &a, "Sam's laptop", "Sam Patel", Role::Manager, 7);
    // Written now: the details' line, then the sync file as it is (not base64 inside the text).
    let (details, sync_file) = open_invitation(&inv.file, &inv.code);
    assert_eq!(details["format"], 4);
    assert!(details.get("bundle").is_none());
    assert!(sync_file.starts_with(bundle::MAGIC), "the sync file follows as bytes");
    // Format 3, as the version before wrote it: one JSON text with the sync file in it as base64.
    let mut old = details.clone();
    old["format"] = 3.into();
    old["bundle"] = base64::engine::general_purpose::STANDARD.encode(&sync_file).into();
    let file = seal_invitation(&serde_json::to_vec(&old).unwrap(), &inv.code);
    let path = t.path().join("sam.db");
    let (store, actor) = Store::join(&path, PASS, KdfCost::MINIMUM, &file, &inv.code).unwrap();
    let mut joined = Device { store, actor, path };
    // The organisation's data arrived (the new computer's own record differs: it claimed the invitation).
    assert_eq!(records(&mut joined)["clients.json"], records(&mut ds[0])["clients.json"]);
    assert!(records(&mut joined)["clients.json"].contains("Lovelace"));
    // A newer version's invitation, with details this version does not know: refused as newer.
    let mut newer = details;
    newer["format"] = 5.into();
    newer["something_new"] = true.into();
    let mut text = serde_json::to_vec(&newer).unwrap();
    text.push(b'\n');
    text.extend_from_slice(&sync_file);
    let path = t.path().join("later.db");
    let err = Store::join(&path, PASS, KdfCost::MINIMUM, &seal_invitation(&text, &inv.code), &inv.code)
        .unwrap_err();
    assert!(err.to_string().contains("newer version of Throughcare"), "{err}");
    assert!(!path.exists());
}

#[test]
fn a_referral_sent_on_two_computers_is_made_once_in_the_month_it_was_first_sent() {
    use throughcare_core::model::referrals::NewReferral;
    use throughcare_core::report::{Audience, ReportRequest, ReportScope};
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let (_t, mut ds) = org(2);
    let (a, b) = (ds[0].actor.clone(), ds[1].actor.clone());
    // Supported since August; a draft referral that both computers have.
    let c = ds[0]
        .store
        .write(&a, |tx| tx.create_client(person("Ada", "Sent"), Some(day("2026-08-03"))))
        .unwrap()
        .id;
    let r = ds[0]
        .store
        .write(&a, |tx| {
            tx.make_referral(NewReferral {
                client_id: c,
                service_type: ServiceType::Dental,
                service_id: None,
                provider: None,
                reason: None,
                status: ReferralStatus::Draft,
                on: day("2026-09-01"),
            })
        })
        .unwrap()
        .id;
    let file = export(&mut ds[0], ExportTarget::All);
    import(&mut ds[1], &file).unwrap();
    // The office sends it on 28 September; the laptop, not knowing, sends it again on 3 October.
    ds[0].store.write(&a, |tx| tx.move_referral(r, ReferralStatus::Sent, day("2026-09-28"))).unwrap();
    ds[1].store.write(&b, |tx| tx.move_referral(r, ReferralStatus::Sent, day("2026-10-03"))).unwrap();
    let ids: Vec<DeviceId> = ds.iter().map(|d| d.store.device_id()).collect();
    let to_office = export(&mut ds[1], ExportTarget::SincePeer(ids[0]));
    import(&mut ds[0], &to_office).unwrap();
    let to_laptop = export(&mut ds[0], ExportTarget::SincePeer(ids[1]));
    import(&mut ds[1], &to_laptop).unwrap();
    for d in &mut ds {
        let actor = d.actor.clone();
        let sent = d
            .store
            .reader(&actor)
            .referral_events(r)
            .unwrap()
            .iter()
            .filter(|e| e.fields.status == ReferralStatus::Sent)
            .count();
        assert_eq!(sent, 2, "both sendings are kept");
        let request = |month: &str| ReportRequest {
            month: month.into(),
            scope: ReportScope::Organisation,
            audience: Audience::Internal,
        };
        let made = |month: &str| {
            d.store.monthly_summary(&actor, &request(month)).unwrap().referrals.made.total.value
        };
        assert_eq!((made("2026-09"), made("2026-10")), (Some(1), Some(0)), "made when first sent");
        let october = d.store.monthly_summary(&actor, &request("2026-10")).unwrap();
        let trend: Vec<_> = october
            .trend
            .iter()
            .filter(|t| t.month == "2026-09" || t.month == "2026-10")
            .map(|t| t.referrals_made.value)
            .collect();
        assert_eq!(trend, [Some(1), Some(0)]);
        let listed = d.store.report_records(&actor, &request("2026-09"), "referrals.made").unwrap();
        assert_eq!(listed.iter().map(|x| x.record_id.clone()).collect::<Vec<_>>(), [r.to_string()]);
        assert!(d.store.verify(&actor).unwrap().is_ok());
    }
}
