//! Duplicates as a caseworker meets them: the add form warns about the person already on record
//! (same identifier, or same date of birth and a close name), a caseworker learns only how many
//! matches sit outside their caseload, and a manager merges two records and undoes the merge. Bad
//! merges (a record with itself, an erased record) are refused beside their field and change
//! nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use throughcare_core::Error;
use throughcare_core::dupes::DuplicateQuery;
use throughcare_core::model::clients::{ClientFields, ClientPatch};

fn born(given: &str, family: &str, dob: &str) -> ClientFields {
    ClientFields { date_of_birth: dob.parse().ok(), ..person(given, family) }
}

fn typed(given: &str, family: &str, dob: &str) -> DuplicateQuery {
    DuplicateQuery {
        given_name: Some(given.into()),
        family_name: Some(family.into()),
        date_of_birth: dob.parse().ok(),
        ..Default::default()
    }
}

#[test]
fn the_person_already_on_record_is_found_as_they_are_typed() {
    let (_d, _p, mut store, m) = new_store();
    let on_record = [
        ("Mohammed", "Khan", "1990-04-01"),
        ("Siobhán", "O'Neill", "1985-12-24"),
        ("Ewan", "MacDonald", "1979-06-30"),
        ("Wei", "Chen", "1992-02-29"),
        ("Anna-Marie", "Smith-Jones", "1988-08-08"),
        ("John", "Smith", "1975-01-15"),
    ];
    for (g, f, d) in on_record {
        add(&mut store, &m, born(g, f, d));
    }
    let r = store.reader(&m);
    let finds = |g: &str, f: &str, d: &str| -> Vec<String> {
        r.likely_duplicates(&typed(g, f, d)).unwrap().matches.into_iter().map(|x| x.name).collect()
    };
    // Real-world ways of writing the same person.
    assert_eq!(finds("Muhammad", "Khan", "1990-04-01"), ["Mohammed Khan"]);
    assert_eq!(finds("Siobhan", "ONeill", "1985-12-24"), ["Siobhán O'Neill"]);
    assert_eq!(finds("Ewan", "McDonald", "1979-06-30"), ["Ewan MacDonald"]);
    assert_eq!(finds("Chen", "Wei", "1992-02-29"), ["Wei Chen"], "given and family swapped");
    assert_eq!(finds("Anna Marie", "Smith", "1988-08-08"), ["Anna-Marie Smith-Jones"]);
    assert_eq!(finds("Jon", "Smith", "1975-01-15"), ["John Smith"]);
    // Different people, or the same name on a different day, are not matched.
    assert!(finds("Jane", "Smith", "1975-01-15").is_empty());
    assert!(finds("Mohammed", "Khan", "1990-04-02").is_empty());
    assert!(finds("Mahmood", "Khan", "1990-04-01").is_empty());
    // The reason is given in words.
    let d = r.likely_duplicates(&typed("Chen", "Wei", "1992-02-29")).unwrap();
    assert_eq!(d.matches[0].why, "Same date of birth, with the given and family names the other way round");
    assert!(!d.matches[0].certain);
}

#[test]
fn identifiers_match_whatever_the_name_and_a_caseworker_only_learns_a_count_outside_their_caseload() {
    let (_d, _p, mut store, m) = new_store();
    let f = ClientFields {
        nhs_number: Some("9434765919".into()),
        crn: Some("X123456".into()),
        ..person("Kim", "Lee")
    };
    let kim = add(&mut store, &m, f);
    let q = DuplicateQuery {
        given_name: Some("K".into()),
        nhs_number: Some("943 476 5919".into()),
        crn: Some("x123456".into()),
        ..Default::default()
    };
    let d = store.reader(&m).likely_duplicates(&q).unwrap();
    assert_eq!(d.matches.len(), 1);
    assert_eq!(d.matches[0].client_id, kim.id);
    assert_eq!(d.matches[0].why, "Same NHS number, same CRN");
    assert!(d.matches[0].certain);
    // Half-typed numbers match nothing yet.
    let half = DuplicateQuery { nhs_number: Some("943 476".into()), ..Default::default() };
    assert!(store.reader(&m).likely_duplicates(&half).unwrap().matches.is_empty());
    // Leaving out the record being edited.
    let q2 = DuplicateQuery { exclude: Some(kim.id), ..q.clone() };
    assert!(store.reader(&m).likely_duplicates(&q2).unwrap().matches.is_empty());

    let ana = caseworker(&mut store, &m, "Ana Caseworker");
    let d = store.reader(&ana).likely_duplicates(&q).unwrap();
    assert!(d.matches.is_empty(), "Kim is not on Ana's caseload");
    assert_eq!(d.elsewhere, 1);
    // A caseworker cannot merge.
    let other = store.write(&ana, |tx| tx.create_client(person("Kim", "Lee"), None)).unwrap();
    let e = store.write(&ana, |tx| tx.merge_clients(other.id, kim.id, ClientPatch::default())).unwrap_err();
    assert!(matches!(e, Error::Forbidden { .. }), "{e:?}");
}

#[test]
fn bad_merges_are_refused_and_change_nothing() {
    let (_d, _p, mut store, m) = new_store();
    let a = add(&mut store, &m, person("Sam", "Ray"));
    let b = add(&mut store, &m, person("Sam", "Rae"));
    let e = store.write(&m, |tx| tx.merge_clients(a.id, a.id, ClientPatch::default())).unwrap_err();
    assert_eq!(e.field(), Some("merged_id"));
    store.write(&m, |tx| tx.erase_client(b.id)).unwrap();
    let ops = store.reader(&m).op_count().unwrap();
    let patch = ClientPatch { phone: Some(Some("07700 900123".into())), ..Default::default() };
    let e = store.write(&m, |tx| tx.merge_clients(a.id, b.id, patch)).unwrap_err();
    assert_eq!(e.field(), Some("merged_id"));
    assert!(e.to_string().contains("erased"), "{e}");
    assert_eq!(store.reader(&m).op_count().unwrap(), ops, "nothing written");
    assert_eq!(store.reader(&m).client(a.id).unwrap().fields.phone, None);
}
