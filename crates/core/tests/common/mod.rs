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

/// Writes an op straight into a store's log, as someone editing the database by hand would.
pub fn forge(
    store: &Store,
    device: throughcare_core::ids::DeviceId,
    author: throughcare_core::ids::UserId,
    entity: &str,
    id: &str,
    kind: &str,
    payload: serde_json::Value,
) {
    let conn = store.raw_connection_for_tests();
    let seq: i64 = conn
        .query_row(
            "SELECT coalesce(max(seq), 0) + 1 FROM main.ops WHERE device = (SELECT n FROM main.op_nodes WHERE id = :d)",
            rusqlite::named_params! {":d": device},
            |r| r.get(0),
        )
        .unwrap();
    let hlc =
        throughcare_core::hlc::Hlc { wall_ms: throughcare_core::hlc::now_ms() + 10, counter: 0, device };
    conn.execute(
        "INSERT OR IGNORE INTO main.op_nodes (id) VALUES (:d), (:a)",
        rusqlite::named_params! {":d": device, ":a": author},
    )
    .unwrap();
    let id: uuid::Uuid = id.parse().unwrap();
    conn.execute(
        "INSERT INTO main.ops (op_id, device, seq, hlc, author, entity_n, entity_id, kind_n, payload, base, schema_version, recorded_s)
         VALUES (:op, (SELECT n FROM main.op_nodes WHERE id = :d), :s, :h, (SELECT n FROM main.op_nodes WHERE id = :a), :e, :id, :k, op_pack(:p), op_pack('{}'), :v, :at)",
        rusqlite::named_params! {
            ":op": throughcare_core::ids::OpId::new().0.as_bytes(), ":d": device, ":s": seq, ":h": hlc, ":a": author, ":e": throughcare_core::entity::Entity::from_code(entity).unwrap().number(), ":id": id.as_bytes(), ":k": throughcare_core::store::op_kind_number(kind).unwrap(),
            ":p": payload.to_string(), ":v": throughcare_core::migrations::DATA_VERSION, ":at": throughcare_core::time::Timestamp::now().unix(),
        },
    )
    .unwrap();
}

/// A store with the demo organisation seeded over recent months (`clients` clients), and the last
/// whole month as `YYYY-MM`: enough people that most figures are shown even externally.
pub fn seeded_store(clients: u32, seed: u64) -> (TempDir, PathBuf, Store, Actor, String) {
    let (dir, path, mut store, actor) = new_store();
    let opts = throughcare_core::demo::SeedOptions {
        clients,
        months: 6,
        seed,
        today: throughcare_core::time::today_london(),
    };
    throughcare_core::demo::seed(&mut store, &actor, &opts, &mut |_, _| {}).unwrap();
    let month = (throughcare_core::time::today_london() - chrono::Months::new(1)).format("%Y-%m").to_string();
    (dir, path, store, actor, month)
}

/// Adds a caseworker (no team) and returns them as an actor.
pub fn caseworker(store: &mut Store, by: &Actor, name: &str) -> Actor {
    let u = store
        .write(by, |tx| {
            tx.add_user(throughcare_core::model::users::UserFields {
                display_name: name.into(),
                role: throughcare_core::enums::Role::Caseworker,
                email: None,
                team_id: None,
                mentor_id: None,
            })
        })
        .unwrap();
    store.actor(u.id).unwrap()
}

/// A peer mentor with only a name (in custody lived experience), for tests that need one.
pub fn mentor_fields(name: &str) -> throughcare_core::model::mentors::MentorFields {
    throughcare_core::model::mentors::MentorFields {
        display_name: name.into(),
        phone: None,
        email: None,
        lived_experience: vec![throughcare_core::enums::LivedExperience::Custody],
        dbs_checked_on: None,
        training_completed_on: None,
        training_notes: None,
        availability: None,
        team_id: None,
        weekly_availability: None,
        availability_exceptions: None,
        travel_area: None,
    }
}

/// An invitation for a new computer, for a new person, working for `days`.
pub fn invite_new(
    store: &mut Store,
    by: &Actor,
    device: &str,
    name: &str,
    role: throughcare_core::enums::Role,
    days: u32,
) -> throughcare_core::sync::Invitation {
    use throughcare_core::sync::{InviteCost, InviteUser, NewInvite};
    store
        .invite(
            by,
            &NewInvite {
                device_name: device.into(),
                user: InviteUser::New { name: name.into(), role },
                valid_days: days,
            },
            InviteCost::MINIMUM,
        )
        .unwrap()
}

/// An invitation's JSON details and the sync file it carries, as this version writes them.
pub fn open_invitation(file: &[u8], code: &str) -> (serde_json::Value, Vec<u8>) {
    use std::io::Read;
    let rest = file.strip_prefix(throughcare_core::sync::invite::MAGIC).unwrap();
    let id = age::scrypt::Identity::new(age::secrecy::SecretString::from(code.to_owned()));
    let mut text = Vec::new();
    age::Decryptor::new_buffered(rest)
        .unwrap()
        .decrypt(std::iter::once(&id as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut text)
        .unwrap();
    let line = text.iter().position(|b| *b == b'\n').expect("the details end their line");
    (serde_json::from_slice(&text[..line]).unwrap(), text[line + 1..].to_vec())
}

/// `text` sealed as an invitation with `code`.
pub fn seal_invitation(text: &[u8], code: &str) -> Vec<u8> {
    use std::io::Write;
    let mut to = age::scrypt::Recipient::new(age::secrecy::SecretString::from(code.to_owned()));
    to.set_work_factor(2);
    let mut file = throughcare_core::sync::invite::MAGIC.to_vec();
    let mut w = age::Encryptor::with_recipients(std::iter::once(&to as &dyn age::Recipient))
        .unwrap()
        .wrap_output(&mut file)
        .unwrap();
    w.write_all(text).unwrap();
    w.finish().unwrap();
    file
}

/// Every table, index and trigger as the database defines it, in name order.
pub fn schema(store: &Store) -> Vec<(String, String, Option<String>)> {
    let conn = store.raw_connection_for_tests();
    let mut st = conn.prepare("SELECT type, name, sql FROM main.sqlite_master ORDER BY name").unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect()
}
