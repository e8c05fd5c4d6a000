//! A passphrase per person: several people unlock one database in turn, each as themselves; a
//! removed person is refused for good; wrong tries slow the next ones across restarts and are
//! audited; a passphrase change interrupted half-way leaves a passphrase that works.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use throughcare_core::enums::Role;
use throughcare_core::keyfile::key_path;
use throughcare_core::people::{NewPerson, PersonChange};
use throughcare_core::unlock::{Attempts, attempts_path};
use throughcare_core::{Error, ErrorKind, Store};

const ANA_PASS: &str = "kettle violet harbour lamp";

fn with_ana() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, path, mut store, manager) = new_store();
    let team = store.reader(&manager).teams().unwrap()[0].id;
    store
        .add_person(
            &manager,
            NewPerson {
                display_name: "Ana Price".into(),
                role: Role::Caseworker,
                team_id: Some(team),
                mentor_id: None,
                email: None,
            },
            Some(ANA_PASS),
        )
        .unwrap();
    (dir, path)
}

#[test]
fn two_people_unlock_one_database_in_turn_each_as_themselves() {
    let (_d, path) = with_ana();
    let (mut store, ana) = Store::unlock(&path, Some("ana price"), ANA_PASS).unwrap();
    assert_eq!(ana.role, Role::Caseworker);
    add(&mut store, &ana, person("Ada", "Lovelace"));
    drop(store);
    let (store, manager) = Store::unlock(&path, Some("Morgan Hale"), PASS).unwrap();
    assert_eq!(manager.role, Role::Manager);
    assert_ne!(manager.user_id, ana.user_id);
    // Each passphrase opens only its own person's wrapping.
    drop(store);
    assert!(matches!(Store::unlock(&path, Some("Ana Price"), PASS), Err(Error::WrongPassphrase)));
    // With two people, a name is needed.
    assert!(matches!(Store::unlock(&path, None, PASS), Err(Error::NameNeeded)));
    // Every unlock is in the audit log, under the person who unlocked.
    let (mut store, manager) = Store::unlock(&path, Some("Morgan Hale"), PASS).unwrap();
    let unlocks: i64 = store
        .raw_connection_for_tests()
        .query_row(
            "SELECT count(*) FROM main.audit_log WHERE action = 'unlock' AND user_id = :u",
            rusqlite::named_params! {":u": ana.user_id.to_string()},
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unlocks, 1);
    assert!(store.verify(&manager).unwrap().is_ok());
}

#[test]
fn a_name_that_is_nobodys_gets_the_same_answer_as_a_wrong_passphrase() {
    let (_d, path) = with_ana();
    let nobody = Store::unlock(&path, Some("Zed Nobody"), ANA_PASS).unwrap_err();
    let wrong = Store::unlock(&path, Some("Ana Price"), "not her passphrase at all").unwrap_err();
    assert_eq!(nobody.to_string(), wrong.to_string());
    assert_eq!(nobody.kind(), ErrorKind::WrongPassphrase);
}

#[test]
fn a_removed_person_can_never_unlock_again_and_nobody_takes_their_place() {
    let (_d, path) = with_ana();
    let (mut store, manager) = Store::unlock(&path, Some("Morgan Hale"), PASS).unwrap();
    let ana = store
        .people(&manager)
        .unwrap()
        .into_iter()
        .find(|p| p.user.fields.display_name == "Ana Price")
        .unwrap();
    assert!(ana.can_unlock_here);
    store.remove_person(&manager, ana.user.id).unwrap();
    drop(store);
    // Her passphrase no longer opens the key at all: the key file holds nothing of hers.
    assert!(matches!(Store::unlock(&path, Some("Ana Price"), ANA_PASS), Err(Error::WrongPassphrase)));
    let keys = std::fs::read_to_string(key_path(&path)).unwrap();
    assert!(!keys.contains(&ana.user.id.to_string()));
}

#[test]
fn a_person_archived_elsewhere_is_refused_and_their_wrapping_dropped() {
    let (_d, path) = with_ana();
    let (mut store, manager) = Store::unlock(&path, Some("Morgan Hale"), PASS).unwrap();
    let ana = store
        .people(&manager)
        .unwrap()
        .into_iter()
        .find(|p| p.user.fields.display_name == "Ana Price")
        .unwrap();
    // Archived as a sync from another device would do it: only the record changes here.
    store.write(&manager, |tx| tx.archive_user(ana.user.id)).unwrap();
    drop(store);
    let e = Store::unlock(&path, Some("Ana Price"), ANA_PASS).unwrap_err();
    assert!(matches!(e, Error::NoLongerAllowed), "{e:?}");
    assert!(matches!(Store::unlock(&path, Some("Ana Price"), ANA_PASS), Err(Error::WrongPassphrase)));
}

#[test]
fn wrong_tries_slow_the_next_ones_across_restarts_and_are_audited() {
    let (_d, path) = with_ana();
    for _ in 0..3 {
        assert!(matches!(
            Store::unlock(&path, Some("Ana Price"), "wrong guess number one"),
            Err(Error::WrongPassphrase)
        ));
    }
    // After three wrong tries in a row, the next must wait, even with the right passphrase.
    let e = Store::unlock(&path, Some("Ana Price"), ANA_PASS).unwrap_err();
    let Error::TooManyTries { seconds } = e else { panic!("expected a wait, got {e:?}") };
    assert_eq!(seconds, 1);
    assert!(e.to_string().starts_with("Too many wrong tries. Wait"));
    // The count is on disk, so a restart does not reset it; each wrong try after waiting doubles it.
    let back = |secs: i64| {
        let mut a = Attempts::read(&path);
        a.last_failure_ms = a.last_failure_ms.map(|t| t - secs * 1000);
        std::fs::write(attempts_path(&path), serde_json::to_vec(&a).unwrap()).unwrap();
    };
    back(1);
    assert!(matches!(
        Store::unlock(&path, Some("Ana Price"), "wrong guess number four"),
        Err(Error::WrongPassphrase)
    ));
    let Err(Error::TooManyTries { seconds }) = Store::unlock(&path, Some("Ana Price"), ANA_PASS) else {
        panic!()
    };
    assert_eq!(seconds, 2);
    assert_eq!(Attempts::read(&path).failures, 4);
    back(2);
    let (mut store, ana) = Store::unlock(&path, Some("Ana Price"), ANA_PASS).unwrap();
    assert!(!attempts_path(&path).exists(), "a right passphrase clears the count");
    // The four wrong tries are in the audit log, naming nobody, at the times they happened.
    let failed: i64 = store
        .raw_connection_for_tests()
        .query_row(
            "SELECT count(*) FROM main.audit_log WHERE action = 'unlock_failed' AND user_id = '00000000-0000-0000-0000-000000000000'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(failed, 4);
    let _ = (&mut store, ana);
    assert!(Attempts::wait_after(40) <= 15 * 60, "never locked out for good");
}

#[test]
fn a_passphrase_change_interrupted_half_way_leaves_the_old_one_working() {
    let (_d, path) = with_ana();
    // A crash while the new key file was being written leaves a partial temporary file beside it.
    let mut tmp = key_path(&path).into_os_string();
    tmp.push(".tmp");
    std::fs::write(&tmp, b"{\"format\":\"throughcare-keys\",\"wrappi").unwrap();
    let (mut store, ana) = Store::unlock(&path, Some("Ana Price"), ANA_PASS).unwrap();
    // The change itself replaces the file in one step: afterwards only the new passphrase works.
    store.change_passphrase(&ana, ANA_PASS, "staple gun lighthouse moor").unwrap();
    drop(store);
    assert!(Store::unlock(&path, Some("Ana Price"), ANA_PASS).is_err());
    assert!(Store::unlock(&path, Some("Ana Price"), "staple gun lighthouse moor").is_ok());
    // The manager's passphrase was never touched.
    assert!(Store::unlock(&path, Some("Morgan Hale"), PASS).is_ok());
}

#[test]
fn a_weak_passphrase_is_refused_in_words_and_nothing_changes() {
    let (_d, path) = with_ana();
    let (mut store, ana) = Store::unlock(&path, Some("Ana Price"), ANA_PASS).unwrap();
    for weak in ["password12", "password1234", "ana price 2026"] {
        let e = store.change_passphrase(&ana, ANA_PASS, weak).unwrap_err();
        assert_eq!(e.field(), Some("new_passphrase"), "{weak}: {e}");
    }
    let e = store.change_passphrase(&ana, "not my passphrase", "staple gun lighthouse moor").unwrap_err();
    assert_eq!(e.field(), Some("old_passphrase"));
    drop(store);
    assert!(Store::unlock(&path, Some("Ana Price"), ANA_PASS).is_ok());
}

#[test]
fn a_renamed_person_unlocks_with_their_new_name_and_a_manager_keeps_their_role() {
    let (_d, path) = with_ana();
    let (mut store, manager) = Store::unlock(&path, Some("Morgan Hale"), PASS).unwrap();
    let ana = store
        .people(&manager)
        .unwrap()
        .into_iter()
        .find(|p| p.user.fields.display_name == "Ana Price")
        .unwrap();
    store
        .change_person(
            &manager,
            ana.user.id,
            PersonChange { display_name: Some("Ana Price-Jones".into()), ..Default::default() },
        )
        .unwrap();
    let e = store
        .change_person(
            &manager,
            manager.user_id,
            PersonChange { role: Some(Role::Caseworker), ..Default::default() },
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("role"));
    drop(store);
    assert!(Store::unlock(&path, Some("Ana Price-Jones"), ANA_PASS).is_ok());
}
