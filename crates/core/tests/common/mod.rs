#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use tempfile::TempDir;
use throughcare_core::keyfile::KdfCost;
use throughcare_core::model::clients::{Client, ClientFields};
use throughcare_core::{Actor, NewDatabase, Store};

pub const PASS: &str = "correct horse battery staple";

pub fn new_db() -> NewDatabase {
    NewDatabase {
        organisation: "Bridges Health Link".into(),
        manager_name: "Morgan Hale".into(),
        device_name: "Test laptop".into(),
        kdf: KdfCost::MINIMUM,
    }
}

pub fn new_store() -> (TempDir, PathBuf, Store, Actor) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.db");
    let (store, actor) = Store::create(&path, PASS, &new_db()).unwrap();
    (dir, path, store, actor)
}

pub fn person(given: &str, family: &str) -> ClientFields {
    ClientFields { given_name: Some(given.into()), family_name: Some(family.into()), ..Default::default() }
}

pub fn add(store: &mut Store, actor: &Actor, f: ClientFields) -> Client {
    store.write(actor, |tx| tx.create_client(f, None)).unwrap()
}
