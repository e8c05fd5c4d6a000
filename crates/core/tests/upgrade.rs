//! Databases made by an earlier release keep working after the upgrade.
//!
//! `fixtures/schema12` holds an office database and a laptop that joined it, made by the release
//! before the speed work (schema 12, commit 395c1f0; how is in its README), and a sync file the
//! laptop wrote afterwards. Opening them runs every migration since (derived columns, indexes, the
//! compact op log) on real data, with signatures, an erasure and a conflict in it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use throughcare_core::Store;
use throughcare_core::sync::ExportTarget;

const PASS: &str = "fixture passphrase, not secret";

fn copy_fixtures() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema12");
    let dir = tempfile::tempdir().unwrap();
    for f in ["office.db", "office.db.keys", "laptop.db", "laptop.db.keys"] {
        std::fs::copy(from.join(f), dir.path().join(f)).unwrap();
    }
    let (office, laptop) = (dir.path().join("office.db"), dir.path().join("laptop.db"));
    (dir, office, laptop)
}

fn file(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema12").join(name)).unwrap()
}

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

#[test]
fn an_office_database_from_the_previous_release_opens_with_the_same_records_and_figures() {
    let (_d, office, _) = copy_fixtures();
    let (mut store, m) = Store::unlock(&office, Some("Manager"), PASS).unwrap();
    let report = store.verify(&m).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    // What the old release's `throughcare info` said about it on 1 December 2026.
    assert_eq!((report.ops, report.records), (765, 579));
    // As at midday that day: the figures that count from the moment would otherwise change as the
    // fixture's appointments pass.
    let o = store.reader(&m).overview_at(day("2026-12-01"), "2026-12-01T12:00:00Z".parse().unwrap()).unwrap();
    assert_eq!(
        (o.clients, o.figures.open_clients, o.figures.in_custody, o.appointments, o.referrals, o.contacts),
        (30, 25, 4, 103, 29, 136)
    );
    assert_eq!((o.referrals_waiting_over_14_days, o.mentors, o.active_mentor_links, o.users), (12, 6, 4, 14));
    assert_eq!((o.figures.appointments_next_7_days, o.figures.tasks_due), (5, 4));
    // Search reads the same index; the person erased before the upgrade stays erased.
    let r = store.reader(&m);
    let found = r.search_clients("Ahmed Allen", 10).unwrap();
    assert_eq!(found.len(), 1);
    let history =
        r.history(throughcare_core::entity::Entity::Client, &found[0].client.id.to_string()).unwrap();
    assert!(history.len() >= 3, "made, then the phone changed on both computers: {history:?}");
    assert!(history.iter().all(|h| h.hlc.parse::<throughcare_core::hlc::Hlc>().is_ok()));
    assert!(r.search_clients("Stacey", 10).unwrap().is_empty());
    // Erasure now blanks health, offence and risk facts too, and did so once for her on opening.
    let (needs, risks, status): (String, String, String) = store
        .raw_connection_for_tests()
        .query_row(
            "SELECT support_needs, risk_flags, justice_status FROM main.clients WHERE family_name = '(erased)'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((needs.as_str(), risks.as_str(), status.as_str()), ("[]", "[]", "unknown"));
    // The log is in its compact form, and the file was rebuilt without the old copy's pages.
    let conn = store.raw_connection_for_tests();
    let odd: i64 = conn
        .query_row("SELECT count(*) FROM main.ops WHERE length(op_id) != 16 OR length(hlc) != 28", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(odd, 0);
    // What each change says is packed (schema 24), and reads back as JSON naming its fields.
    let (packed, total, readable): (i64, i64, i64) = conn
        .query_row(
            "SELECT count(*) FILTER (WHERE typeof(payload) = 'blob' AND substr(payload, 1, 1) = x'01'), count(*),
                    count(*) FILTER (WHERE json_valid(op_json(payload)) AND json_valid(op_json(base)))
             FROM main.ops",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((packed, readable), (total, total));
    // Record kinds, change kinds and times are numbers (schema 35), and the times read back as the
    // fixture's (made in 2026; every signature over them still checks, as the sync test shows).
    let (numbers, first): (i64, String) = conn
        .query_row(
            "SELECT count(*) FILTER (WHERE typeof(entity_n) = 'integer' AND typeof(kind_n) = 'integer'
                                     AND typeof(recorded_s) = 'integer'),
                    strftime('%Y-%m-%dT%H:%M:%SZ', min(recorded_s), 'unixepoch')
             FROM main.ops",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(numbers, total);
    assert!(first.starts_with("2026-") && first.ends_with('Z'), "{first}");
    // Every record's id, and every reference to another record, is its 16 bytes (schema 33); the
    // referrals waiting at each service are kept under the service id's hex digits.
    for e in throughcare_core::entity::Entity::ALL {
        let refs: Vec<&str> = e
            .columns()
            .iter()
            .filter(|c| c.ty == throughcare_core::entity::ColType::Id)
            .map(|c| c.name)
            .collect();
        let mut test = vec!["typeof(id) != 'blob' OR length(id) != 16".to_owned()];
        test.extend(
            refs.iter()
                .map(|c| format!("({c} IS NOT NULL AND (typeof({c}) != 'blob' OR length({c}) != 16))")),
        );
        let odd: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM main.{} WHERE {}", e.table(), test.join(" OR ")),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(odd, 0, "{} has ids as text", e.table());
    }
    let waiting: Vec<String> = conn
        .prepare("SELECT name FROM main.kept_counts WHERE name GLOB 'waiting:*'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(
        !waiting.is_empty() && waiting.iter().all(|n| n.len() == 8 + 32 && !n.contains('-')),
        "{waiting:?}"
    );
    let free: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0)).unwrap();
    assert!(free < 8, "{free} free pages left after the upgrade");
    let before =
        std::fs::metadata(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema12/office.db"))
            .unwrap()
            .len();
    assert!(std::fs::metadata(&office).unwrap().len() < before, "the upgraded file is smaller");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&office).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert!(!office.with_file_name("office.db.compacting").exists());
    // Its tables, indexes, triggers and search index are those of a database made today.
    let schema = |c: &rusqlite::Connection| -> Vec<(String, String, Option<String>)> {
        c.prepare("SELECT type, name, sql FROM main.sqlite_schema ORDER BY type, name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let (_n, _p, fresh, _a) = common::new_store();
    let want = schema(fresh.raw_connection_for_tests());
    assert!(want.iter().any(|(t, _, _)| t == "trigger"));
    let norm = |v: Vec<(String, String, Option<String>)>| -> Vec<(String, String)> {
        v.into_iter().map(|(t, n, _)| (t, n)).collect()
    };
    assert_eq!(norm(schema(conn)), norm(want));
}

/// Which tables and triggers still test a column against a list of codes (kept_counts looked up by
/// name is meant to be one), and whether an appointment's insert builds a temporary table for one.
fn lists(conn: &rusqlite::Connection) -> (Vec<String>, bool) {
    let mut st = conn
        .prepare("SELECT name, sql FROM main.sqlite_schema WHERE type IN ('table', 'trigger') ORDER BY name")
        .unwrap();
    let names = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default())))
        .unwrap()
        .map(|r| r.unwrap())
        .filter(|(_, sql)| {
            // A list of three or more quoted codes.
            sql.split(" IN (").skip(1).any(|rest| {
                let list = rest.split(')').next().unwrap_or("");
                list.starts_with('\'') && list.matches(',').count() >= 2
            })
        })
        .map(|(name, _)| name)
        .collect();
    let ephemeral = conn
        .prepare("EXPLAIN INSERT INTO main.appointments DEFAULT VALUES")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(1))
        .unwrap()
        .any(|op| op.unwrap() == "OpenEphemeral");
    (names, ephemeral)
}

#[test]
fn constraints_test_codes_without_lists_and_still_refuse_a_wrong_one() {
    let kept =
        vec!["clients_kept_delete".to_owned(), "clients_kept_insert".into(), "clients_kept_update".into()];
    // Upgraded from the earlier release, on the connection that ran the migration.
    let (_d, office, _) = copy_fixtures();
    let (store, _m) = Store::unlock(&office, Some("Manager"), PASS).unwrap();
    let conn = store.raw_connection_for_tests();
    assert_eq!(lists(conn), (kept.clone(), false));
    let e = conn
        .execute("UPDATE main.appointments SET outcome = 'no_such_outcome' WHERE rowid = (SELECT min(rowid) FROM main.appointments)", [])
        .unwrap_err();
    assert!(e.to_string().contains("CHECK constraint failed"), "{e}");
    let e = conn
        .execute(
            "UPDATE main.referrals SET status = 'lost' WHERE rowid = (SELECT min(rowid) FROM main.referrals)",
            [],
        )
        .unwrap_err();
    assert!(e.to_string().contains("CHECK constraint failed"), "{e}");
    drop(store);
    // Opened again, and made new.
    let (store, _m) = Store::unlock(&office, Some("Manager"), PASS).unwrap();
    assert_eq!(lists(store.raw_connection_for_tests()), (kept.clone(), false));
    let (_n, _p, fresh, _a) = common::new_store();
    assert_eq!(lists(fresh.raw_connection_for_tests()), (kept, false));
}

#[test]
fn upgraded_computers_sync_with_each_other_and_with_files_from_the_previous_release() {
    let (_d, office, laptop) = copy_fixtures();
    let (mut office, m) = Store::unlock(&office, Some("Manager"), PASS).unwrap();
    // A file the laptop wrote before either computer was upgraded: its signed changes still check.
    let report = office.import_bundle(&m, &file("laptop-to-office.tcsync"), None, &mut |_| {}).unwrap();
    assert!(report.applied >= 1, "{report:?}");
    assert_eq!(report.open_conflicts, 1, "both computers changed Ahmed Allen's phone: {report:?}");
    assert!(office.verify(&m).unwrap().is_ok());
    // The manager settles it (the conflict view reads both sides from the compacted log).
    let conflicts = office.conflicts(&m).unwrap();
    assert_eq!(conflicts.len(), 1);
    let id = conflicts[0].id.clone();
    office.write(&m, |tx| tx.resolve_conflict(&id, &throughcare_core::sync::Keep::Theirs)).unwrap();
    assert!(office.conflicts(&m).unwrap().is_empty());
    // And back: the upgraded office's file goes to the upgraded laptop, which settles it the same way.
    let (mut laptop, g) = Store::unlock(&laptop, Some("Gareth Pryce"), PASS).unwrap();
    assert_eq!(laptop.conflicts(&g).unwrap().len(), 1);
    let back = office.export_bundle(&m, ExportTarget::SincePeer(laptop.device_id()), None).unwrap().0;
    let r = laptop.import_bundle(&g, &back, None, &mut |_| {}).unwrap();
    assert!(r.applied >= 1, "{r:?}");
    assert!(laptop.conflicts(&g).unwrap().is_empty());
    let allen = laptop.reader(&g).search_clients("Ahmed Allen", 5).unwrap();
    let here = laptop.reader(&g).client(allen[0].client.id).unwrap().fields.phone;
    let there = office.reader(&m).client(allen[0].client.id).unwrap().fields.phone;
    assert_eq!(here, there);
    assert_eq!(here.as_deref(), Some("07700 900789"), "the laptop's version was kept");
    // The laptop's work since arrives whole at the office, and the two agree.
    let lee = laptop.reader(&g).search_clients("Ahmed Lee", 5).unwrap();
    assert_eq!(lee.len(), 1);
    let again = laptop.export_bundle(&g, ExportTarget::SincePeer(office.device_id()), None).unwrap().0;
    office.import_bundle(&m, &again, None, &mut |_| {}).unwrap();
    let mine = office.reader(&m).client(lee[0].client.id).unwrap();
    assert_eq!(mine.fields.phone.as_deref(), Some("07700 900321"));
    assert!(office.verify(&m).unwrap().is_ok());
}
