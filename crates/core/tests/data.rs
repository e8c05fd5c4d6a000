//! Whole-database operations: demo data, verify, export, backup and restore, CSV import.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;

use common::*;
use throughcare_core::demo::{SeedOptions, seed};
use throughcare_core::enums::*;
use throughcare_core::import::ImportOptions;
use throughcare_core::model::Page;
use throughcare_core::model::appointments::AppointmentFilter;
use throughcare_core::model::clients::ClientFilter;
use throughcare_core::time::today_london;
use throughcare_core::{Error, Store, backup};

fn seeded(clients: u32) -> (tempfile::TempDir, std::path::PathBuf, Store, throughcare_core::Actor) {
    let (d, p, mut store, actor) = new_store();
    let opts = SeedOptions { clients, months: 18, seed: 7, today: today_london() };
    seed(&mut store, &actor, &opts, &mut |_, _| {}).unwrap();
    (d, p, store, actor)
}

#[test]
fn demo_data_is_rich_obeys_every_rule_and_matches_its_op_log() {
    let (_d, _p, mut store, actor) = seeded(120);
    let r = store.reader(&actor);
    assert_eq!(r.clients(&ClientFilter::default(), Page::default()).unwrap().total, 120);
    let appts = r.appointments(&AppointmentFilter::default(), Page { offset: 0, limit: 500 }).unwrap();
    assert!(appts.total > 300, "only {} appointments", appts.total);
    let mut all = appts.items;
    let mut offset = 500;
    while (all.len() as u64) < appts.total {
        all.extend(r.appointments(&AppointmentFilter::default(), Page { offset, limit: 500 }).unwrap().items);
        offset += 500;
    }
    for o in Outcome::ALL {
        assert!(all.iter().any(|a| a.fields.outcome == *o), "no appointment with outcome {o:?}");
    }
    for k in Accompaniment::ALL {
        assert!(
            all.iter().any(|a| a.fields.planned_accompaniment == *k),
            "no appointment planned with {k:?}"
        );
    }
    let names: Vec<String> = r
        .clients(&ClientFilter::default(), Page { offset: 0, limit: 500 })
        .unwrap()
        .items
        .iter()
        .map(|c| c.client.fields.display_name())
        .collect();
    assert!(names.iter().any(|n| n.contains('\'')), "no apostrophes");
    assert!(names.iter().any(|n| !n.is_ascii()), "no accents or other scripts");
    let report = store.verify(&actor).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert!(report.ops > 2000);
}

#[test]
fn demo_data_is_the_same_for_the_same_seed() {
    let people = |seed_value: u64| {
        let (_d, _p, mut store, actor) = new_store();
        let opts = SeedOptions { clients: 25, months: 6, seed: seed_value, today: today_london() };
        seed(&mut store, &actor, &opts, &mut |_, _| {}).unwrap();
        let rows = store
            .reader(&actor)
            .clients(&ClientFilter::default(), Page { offset: 0, limit: 100 })
            .unwrap()
            .items;
        let mut v: Vec<String> = rows
            .iter()
            .map(|c| {
                format!(
                    "{:?}{:?}{:?}",
                    c.client.fields.display_name(),
                    c.client.fields.date_of_birth,
                    c.client.fields.nhs_number
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(people(3), people(3));
    assert_ne!(people(3), people(4));
}

fn has_index(store: &Store, name: &str) -> bool {
    store
        .raw_connection_for_tests()
        .query_row(
            "SELECT count(*) FROM main.sqlite_master WHERE type = 'index' AND name = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        == 1
}

#[test]
fn seeding_builds_again_every_index_it_left_out_exactly_as_it_was() {
    let (_d, _p, mut store, actor) = new_store();
    let before = schema(&store);
    let opts = SeedOptions { clients: 40, months: 6, seed: 7, today: today_london() };
    seed(&mut store, &actor, &opts, &mut |_, _| {}).unwrap();
    assert_eq!(schema(&store), before);
    // A search by name after seeding reads its index, not the whole table.
    let plan: String = store
        .raw_connection_for_tests()
        .query_row(
            "EXPLAIN QUERY PLAN SELECT id FROM main.clients ORDER BY coalesce(family_name, given_name) COLLATE NOCASE, given_name COLLATE NOCASE LIMIT 5",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("clients_sort_name"), "{plan}");
}

#[test]
fn indexes_a_seeding_that_stopped_part_way_left_out_are_built_at_the_next_unlock() {
    let (_d, path, mut store, actor) = new_store();
    let before = schema(&store);
    let opts = SeedOptions { clients: 30, months: 6, seed: 7, today: today_london() };
    // The program stops (here, a panic) in the middle of writing the clients.
    let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = seed(&mut store, &actor, &opts, &mut |_, _| panic!("stopped"));
    }));
    assert!(stopped.is_err());
    assert!(!has_index(&store, "clients_sort_name"), "the seeding did not leave the index out");
    // Until then, a check of the database says what is waiting.
    let report = store.verify(&actor).unwrap();
    assert!(report.problems.iter().any(|p| p.contains("not built yet")), "{:?}", report.problems);
    drop(store);
    let (store, _) = Store::unlock(&path, None, PASS).unwrap();
    assert_eq!(schema(&store), before);
    let note: i64 = store
        .raw_connection_for_tests()
        .query_row("SELECT count(*) FROM main.local_state WHERE key = 'deferred_indexes'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(note, 0);
}

#[test]
fn export_writes_every_table_and_documents_every_field() {
    let (d, _p, mut store, actor) = seeded(10);
    let out = d.path().join("export");
    let summary = store.export_json(&actor, &out).unwrap();
    let clients: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("clients.json")).unwrap()).unwrap();
    assert_eq!(clients.as_array().unwrap().len(), 10);
    assert!(clients[0]["support_needs"].is_array());
    let ops: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("ops.json")).unwrap()).unwrap();
    assert!(ops[0]["payload"].is_object());
    assert!(summary.files.iter().any(|(f, _)| f == "schema.md"));
    insta::assert_snapshot!("schema_md", fs::read_to_string(out.join("schema.md")).unwrap());
    // A second export into the same folder is refused rather than mixing files.
    assert!(store.export_json(&actor, &out).is_err());
    // Written whole beside it, then put in place: nothing half-written is left, and an empty folder
    // already there takes the export.
    let names: Vec<String> = fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".part")), "{names:?}");
    let empty = d.path().join("empty");
    fs::create_dir(&empty).unwrap();
    store.export_json(&actor, &empty).unwrap();
    assert!(empty.join("clients.json").exists() && empty.join("schema.md").exists());
}

#[test]
fn backup_restores_to_the_same_data_and_checks_everything_first() {
    let (d, _p, mut store, actor) = seeded(15);
    let file = d.path().join("backup.tcbackup");
    store.backup(&actor, &file, false).unwrap();
    assert!(matches!(store.backup(&actor, &file, false), Err(Error::AlreadyExists { .. })));
    let bytes = fs::read(&file).unwrap();
    assert!(!bytes.windows(8).any(|w| w == b"SQLite f"), "backup holds a plain database");
    let restored = d.path().join("restored.db");
    assert!(matches!(
        backup::restore(&file, &restored, None, "wrong passphrase here", false),
        Err(Error::WrongPassphrase)
    ));
    assert!(!restored.exists());
    let mut back = backup::restore(&file, &restored, None, PASS, false).unwrap().store;
    let a = store.reader(&actor).clients(&ClientFilter::default(), Page::default()).unwrap();
    let b = back.reader(&actor).clients(&ClientFilter::default(), Page::default()).unwrap();
    assert_eq!(a.items, b.items);
    assert!(back.verify(&actor).unwrap().is_ok());
    drop(back);
    assert!(matches!(backup::restore(&file, &restored, None, PASS, false), Err(Error::AlreadyExists { .. })));
    backup::restore(&file, &restored, None, PASS, true).unwrap();
    // A damaged backup is refused and the database in place is untouched.
    let before = fs::read(&restored).unwrap();
    let mut bad = bytes.clone();
    let n = bad.len();
    bad[n - 5000] ^= 0x55;
    let bad_file = d.path().join("bad.tcbackup");
    fs::write(&bad_file, &bad).unwrap();
    assert!(backup::restore(&bad_file, &restored, None, PASS, true).is_err());
    assert_eq!(fs::read(&restored).unwrap(), before);
    fs::write(&bad_file, &bytes[..bytes.len() / 2]).unwrap();
    assert!(matches!(backup::restore(&bad_file, &restored, None, PASS, true), Err(Error::BadBackup { .. })));
}

#[test]
fn a_backup_of_the_wrong_length_is_refused_for_what_is_wrong_and_nothing_is_replaced() {
    let (d, _p, mut store, actor) = seeded(3);
    let file = d.path().join("backup.tcbackup");
    store.backup(&actor, &file, false).unwrap();
    let bytes = fs::read(&file).unwrap();
    let restored = d.path().join("restored.db");
    backup::restore(&file, &restored, None, PASS, false).unwrap();
    let before = fs::read(&restored).unwrap();
    let refused = |bad: &[u8], why: &str| {
        let bad_file = d.path().join("bad.tcbackup");
        fs::write(&bad_file, bad).unwrap();
        match backup::restore(&bad_file, &restored, None, PASS, true) {
            Err(Error::BadBackup { reason }) => assert!(reason.contains(why), "{reason}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read(&restored).unwrap(), before, "the database in place was touched");
    };
    let mut extra = bytes.clone();
    extra.extend_from_slice(b"more");
    refused(&extra, "extra bytes");
    refused(&bytes[..bytes.len() - 1], "cut short");
    refused(&bytes[..30], "cut short");
    refused(&bytes[..10], "does not start like one");
    // A key file said to be far longer than a key file is, or than the file, is refused before
    // anything that size is made.
    let mut huge = bytes.clone();
    huge[23..31].copy_from_slice(&u64::MAX.to_le_bytes());
    refused(&huge, "out of range");
    let mut huge = bytes.clone();
    huge[23..31].copy_from_slice(&((1u64 << 24) + 1).to_le_bytes());
    refused(&huge, "out of range");
    let mut long = bytes[..31].to_vec();
    long[23..31].copy_from_slice(&(1u64 << 20).to_le_bytes());
    refused(&long, "cut short");
}

const CSV: &str = "First Name,SURNAME, Date of Birth ,NHS No,Prison number,Status,Needs,Key worker,Notes\n\
Siobhán,O'Brien,03/11/1984,943 476 5919,a1234bc,On licence,Mental health; Housing,Morgan Hale,likes tea\n\
Precious,,1990-02-28,,,in_custody,,,\n\
Dmitri,Popescu,31/02/1980,,,,,,\n\
Wei,Chen,01/01/1970,1234567890,,martian,,Nobody Here,\n";

#[test]
fn import_reports_every_bad_row_and_writes_nothing_by_default() {
    let (_d, _p, mut store, actor) = new_store();
    let report = store.import_clients_csv(&actor, CSV.as_bytes(), ImportOptions::default()).unwrap();
    assert_eq!(report.rows, 4);
    assert!(!report.written);
    assert_eq!(report.imported, 0);
    assert_eq!(report.ignored_columns, vec!["Notes".to_owned()]);
    let mut got: Vec<(u64, Option<String>)> =
        report.errors.iter().map(|e| (e.line, e.column.clone())).collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            (4, Some("Date of Birth".to_owned())),
            (5, Some("Key worker".to_owned())),
            (5, Some("NHS No".to_owned())),
            (5, Some("Status".to_owned())),
        ]
    );
    assert!(report.errors.iter().any(|e| e.message.contains("not a real date")));
    assert_eq!(store.reader(&actor).clients(&ClientFilter::default(), Page::default()).unwrap().total, 0);
    assert_eq!(store.reader(&actor).op_count().unwrap(), {
        let (_d2, _p2, s2, a2) = new_store();
        s2.reader(&a2).op_count().unwrap()
    });
}

#[test]
fn import_can_skip_bad_rows_or_just_check() {
    let (_d, _p, mut store, actor) = new_store();
    let dry = store
        .import_clients_csv(&actor, CSV.as_bytes(), ImportOptions { dry_run: true, skip_invalid: true })
        .unwrap();
    assert_eq!((dry.imported, dry.written), (2, false));
    assert_eq!(store.reader(&actor).clients(&ClientFilter::default(), Page::default()).unwrap().total, 0);
    let report = store
        .import_clients_csv(&actor, CSV.as_bytes(), ImportOptions { dry_run: false, skip_invalid: true })
        .unwrap();
    assert_eq!((report.imported, report.written), (2, true));
    assert_eq!(report.rejected.iter().map(|r| r.line).collect::<Vec<_>>(), [4, 5]);
    let rows = store.reader(&actor).clients(&ClientFilter::default(), Page::default()).unwrap().items;
    let s = rows.iter().find(|r| r.client.fields.given_name.as_deref() == Some("Siobhán")).unwrap();
    assert_eq!(s.client.fields.nhs_number.as_deref(), Some("9434765919"));
    assert_eq!(s.client.fields.prison_number.as_deref(), Some("A1234BC"));
    assert_eq!(s.client.fields.justice_status, JusticeStatus::OnLicence);
    assert_eq!(s.client.fields.support_needs, vec![SupportNeed::MentalHealth, SupportNeed::Housing]);
    assert_eq!(s.client.fields.caseworker_id, Some(actor.user_id));
    assert!(store.verify(&actor).unwrap().is_ok());
}

#[test]
fn import_without_a_name_column_says_so() {
    let (_d, _p, mut store, actor) = new_store();
    let e = store
        .import_clients_csv(&actor, "dob,nhs\n01/01/1990,\n".as_bytes(), ImportOptions::default())
        .unwrap_err();
    assert!(e.to_string().contains("no name column"), "{e}");
}
