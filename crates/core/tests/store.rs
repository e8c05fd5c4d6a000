//! The encrypted store: creation, unlocking, encryption at rest, schema versions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;

use common::*;
use throughcare_core::keyfile::key_path;
use throughcare_core::{Error, Store};

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

#[test]
fn nothing_readable_reaches_the_disk() {
    let (dir, path, mut store, actor) = new_store();
    let name = "Zebedee Quixotic-Marchbanks";
    let mut f = person("Zebedee", "Quixotic-Marchbanks");
    f.nhs_number = Some("943 476 5919".into());
    add(&mut store, &actor, f);
    // Check while the database is open (the WAL holds the latest pages) and after it is closed.
    for phase in ["open", "closed"] {
        if phase == "closed" {
            drop(std::mem::replace(&mut store, Store::unlock(&path, None, PASS).unwrap().0));
        }
        let mut seen = 0;
        for entry in fs::read_dir(dir.path()).unwrap() {
            let p = entry.unwrap().path();
            let bytes = fs::read(&p).unwrap();
            seen += 1;
            for needle in [name.as_bytes(), b"Quixotic", b"9434765919", b"Zebedee", b"CREATE TABLE"] {
                assert!(!contains(&bytes, needle), "{} ({phase}) holds plaintext", p.display());
            }
            assert!(
                !contains(&bytes, &utf16("Quixotic")),
                "{} ({phase}) holds UTF-16 plaintext",
                p.display()
            );
            assert!(
                !contains(&bytes, b"SQLite format 3"),
                "{} ({phase}) has a plain SQLite header",
                p.display()
            );
        }
        assert!(seen >= 2, "expected the database and its key file");
    }
}

#[test]
fn wrong_passphrase_is_a_clear_error() {
    let (_dir, path, store, _) = new_store();
    drop(store);
    let e = Store::unlock(&path, None, "not the passphrase at all").unwrap_err();
    assert!(matches!(e, Error::WrongPassphrase), "{e:?}");
    assert!(e.to_string().contains("name and passphrase do not unlock"));
    assert!(Store::unlock(&path, None, PASS).is_ok());
}

#[test]
fn data_survives_reopening() {
    let (_dir, path, mut store, actor) = new_store();
    let c = add(&mut store, &actor, person("Siobhán", "O'Brien"));
    drop(store);
    let store = Store::unlock(&path, None, PASS).unwrap().0;
    let back = store.reader(&actor).client(c.id).unwrap();
    assert_eq!(back.fields.given_name.as_deref(), Some("Siobhán"));
    assert_eq!(back.fields.family_name.as_deref(), Some("O'Brien"));
}

#[test]
fn create_refuses_to_overwrite() {
    let (_dir, path, store, _) = new_store();
    drop(store);
    let before = fs::read(&path).unwrap();
    let e = Store::create(&path, PASS, &new_db()).unwrap_err();
    assert!(matches!(e, Error::AlreadyExists { .. }));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn missing_or_damaged_key_file_is_reported() {
    let (_dir, path, store, _) = new_store();
    drop(store);
    fs::write(key_path(&path), b"{ not json").unwrap();
    assert!(matches!(Store::unlock(&path, None, PASS), Err(Error::KeyFile { .. })));
    fs::remove_file(key_path(&path)).unwrap();
    assert!(matches!(Store::unlock(&path, None, PASS), Err(Error::KeyFile { .. })));
}

#[test]
fn a_key_file_from_another_database_does_not_open_this_one() {
    let (dir, path, store, _) = new_store();
    drop(store);
    let other = dir.path().join("other.db");
    drop(Store::create(&other, PASS, &new_db()).unwrap());
    fs::copy(key_path(&other), key_path(&path)).unwrap();
    assert!(matches!(Store::unlock(&path, None, PASS), Err(Error::NotOurDatabase)));
}

#[test]
fn missing_database_says_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let e = Store::unlock(&dir.path().join("nope.db"), None, PASS).unwrap_err();
    assert!(matches!(e, Error::NoDatabase { .. }));
    assert!(e.to_string().contains("throughcare init"));
}

#[test]
fn newer_schema_is_refused_with_a_message() {
    let (_dir, path, mut store, actor) = new_store();
    store.set_schema_version_for_tests(&actor, 99).unwrap();
    drop(store);
    let e = Store::unlock(&path, None, PASS).unwrap_err();
    assert!(matches!(e, Error::DatabaseTooNew { found: 99, .. }), "{e:?}");
    assert!(e.to_string().contains("newer version of Throughcare"));
}

#[test]
fn short_passphrase_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let e = Store::create(&path, "short", &new_db()).unwrap_err();
    assert_eq!(e.field(), Some("passphrase"));
    assert!(!path.exists() && !key_path(&path).exists());
}
