//! Custody and release on a client's record: the client's justice status, prison and release dates
//! follow the episodes; a release opens the 14-day window as a task; bad dates, overlaps and a second
//! release are refused beside their field and change nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use throughcare_core::enums::{CustodyKind, JusticeStatus, SupportNeed, TaskKind};
use throughcare_core::ids::ClientId;
use throughcare_core::model::custody::{CustodyFields, ReleaseDetails};
use throughcare_core::model::tasks::TaskFilter;
use throughcare_core::time::Date;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn remand(client: ClientId, on: &str, prison: &str) -> CustodyFields {
    CustodyFields {
        client_id: client,
        kind: CustodyKind::Remand,
        establishment: Some(prison.into()),
        started_on: d(on),
        expected_release_on: Some(d("2026-09-30")),
        released_on: None,
    }
}

fn release(on: &str) -> ReleaseDetails {
    ReleaseDetails {
        on: d(on),
        status_after: JusticeStatus::OnLicence,
        released_to: Some("Approved premises, 4 Mill Lane, Leeds".into()),
        licence_end: Some(d("2027-03-01")),
    }
}

#[test]
fn going_in_moving_and_release_carry_the_record_with_them() {
    let (_dir, _p, mut store, m) = new_store();
    let c = store.write(&m, |tx| tx.create_client(person("Dee", "Walker"), None)).unwrap().id;
    let k = store.write(&m, |tx| tx.add_custody(remand(c, "2026-03-02", "HMP Leeds"))).unwrap();
    let r = store.reader(&m).client(c).unwrap().fields;
    assert_eq!(r.justice_status, JusticeStatus::InCustody);
    assert_eq!(
        (r.establishment.as_deref(), r.expected_release_date),
        (Some("HMP Leeds"), Some(d("2026-09-30")))
    );

    store.write(&m, |tx| tx.move_establishment(k.id, "HMP Wealstun".into(), Some(d("2026-08-14")))).unwrap();
    let r = store.reader(&m).client(c).unwrap().fields;
    assert_eq!(
        (r.establishment.as_deref(), r.expected_release_date),
        (Some("HMP Wealstun"), Some(d("2026-08-14")))
    );

    store.write(&m, |tx| tx.record_release(k.id, release("2026-08-14"))).unwrap();
    let r = store.reader(&m).client(c).unwrap().fields;
    assert_eq!(r.justice_status, JusticeStatus::OnLicence);
    assert_eq!((r.actual_release_date, r.expected_release_date), (Some(d("2026-08-14")), None));
    assert_eq!((r.establishment, r.licence_end_date), (None, Some(d("2027-03-01"))));
    assert_eq!(r.address.as_deref(), Some("Approved premises, 4 Mill Lane, Leeds"));
    let episodes = store.reader(&m).custody_episodes(c).unwrap();
    assert_eq!(episodes[0].fields.released_on, Some(d("2026-08-14")));
    assert_eq!(episodes[0].fields.establishment.as_deref(), Some("HMP Wealstun"));
    let tasks = store
        .reader(&m)
        .tasks(
            &TaskFilter { client_id: Some(c), include_done: true, ..Default::default() },
            Default::default(),
        )
        .unwrap();
    // No drug, alcohol or medication need: somewhere to live, a contact within 2 days, a GP.
    let mut pathway: Vec<(String, Date)> = tasks
        .items
        .iter()
        .filter(|t| t.fields.kind == TaskKind::ReleaseWindow)
        .map(|t| (t.fields.title.clone(), t.fields.due_on))
        .collect();
    pathway.sort_by_key(|p| p.1);
    assert_eq!(
        pathway,
        [
            (
                "Somewhere to live tonight and next week: released on 14 August 2026".to_owned(),
                d("2026-08-15")
            ),
            (
                "Support contact within 2 days (met at the gate): released on 14 August 2026".to_owned(),
                d("2026-08-16")
            ),
            ("Registered with a GP: released on 14 August 2026".to_owned(), d("2026-08-21")),
        ]
    );

    // A recall later is a new episode, and the record follows it back inside.
    let recall = CustodyFields {
        kind: CustodyKind::Recall,
        expected_release_on: Some(d("2027-01-20")),
        ..remand(c, "2026-10-20", "HMP Leeds")
    };
    store.write(&m, |tx| tx.add_custody(recall)).unwrap();
    assert_eq!(store.reader(&m).client(c).unwrap().fields.justice_status, JusticeStatus::InCustody);
    assert_eq!(store.reader(&m).custody_episodes(c).unwrap().len(), 2);
}

#[test]
fn bad_dates_overlaps_and_a_second_release_are_refused_beside_their_field_and_change_nothing() {
    let (_dir, _p, mut store, m) = new_store();
    let c = store.write(&m, |tx| tx.create_client(person("Eli", "Shaw"), None)).unwrap().id;
    let k = store.write(&m, |tx| tx.add_custody(remand(c, "2026-03-02", "HMP Leeds"))).unwrap();
    let before = store.reader(&m).client(c).unwrap();
    let field = |e: throughcare_core::Error| e.field().map(str::to_owned);

    // Already inside: a second episode is refused.
    let e = store.write(&m, |tx| tx.add_custody(remand(c, "2026-04-01", "HMP Hull"))).unwrap_err();
    assert_eq!(field(e).as_deref(), Some("started_on"));
    // A release before they went in; a status that is not a release; a licence ending before release.
    let e = store.write(&m, |tx| tx.record_release(k.id, release("2026-03-01"))).unwrap_err();
    assert_eq!(field(e).as_deref(), Some("on"));
    let inside = ReleaseDetails { status_after: JusticeStatus::InCustody, ..release("2026-08-14") };
    let e = store.write(&m, |tx| tx.record_release(k.id, inside)).unwrap_err();
    assert_eq!(field(e).as_deref(), Some("status_after"));
    let early = ReleaseDetails { licence_end: Some(d("2026-08-01")), ..release("2026-08-14") };
    let e = store.write(&m, |tx| tx.record_release(k.id, early)).unwrap_err();
    assert_eq!(field(e).as_deref(), Some("licence_end"));
    let e = store.write(&m, |tx| tx.move_establishment(k.id, "  ".into(), None)).unwrap_err();
    assert_eq!(field(e).as_deref(), Some("establishment"));
    assert_eq!(store.reader(&m).client(c).unwrap(), before, "a refused change left something behind");

    // Released; then a second release, a move after release, and an episode inside the last one.
    store.write(&m, |tx| tx.record_release(k.id, release("2026-08-14"))).unwrap();
    let e = store.write(&m, |tx| tx.record_release(k.id, release("2026-08-20"))).unwrap_err();
    assert_eq!(field(e).as_deref(), Some("on"));
    let e = store.write(&m, |tx| tx.move_establishment(k.id, "HMP Hull".into(), None)).unwrap_err();
    assert_eq!(field(e).as_deref(), Some("establishment"));
    let e = store.write(&m, |tx| tx.add_custody(remand(c, "2026-05-01", "HMP Hull"))).unwrap_err();
    assert_eq!(field(e).as_deref(), Some("started_on"));
    assert!(e_message_names_the_dates(&mut store, &m, c));
}

/// The overlap message says which time in custody it overlaps, in words.
fn e_message_names_the_dates(
    store: &mut throughcare_core::Store,
    m: &throughcare_core::Actor,
    c: throughcare_core::ids::ClientId,
) -> bool {
    let e = store.write(m, |tx| tx.add_custody(remand(c, "2026-06-01", "HMP Hull"))).unwrap_err();
    e.to_string().contains("2 March 2026 to 14 August 2026")
}

fn open_pathway(
    store: &throughcare_core::Store,
    m: &throughcare_core::Actor,
    c: ClientId,
) -> Vec<(String, Date)> {
    let f = TaskFilter { client_id: Some(c), ..Default::default() };
    let mut v: Vec<(String, Date)> = store
        .reader(m)
        .tasks(&f, Default::default())
        .unwrap()
        .items
        .into_iter()
        .filter(|t| t.fields.kind == TaskKind::ReleaseWindow)
        .map(|t| (t.fields.title.split(':').next().unwrap().to_owned(), t.fields.due_on))
        .collect();
    v.sort();
    v
}

#[test]
fn the_pathway_follows_need_is_paused_by_a_recall_and_resumes_with_new_dates() {
    let (_dir, _p, mut store, m) = new_store();
    let mut f = person("Jo", "Reid");
    f.support_needs = vec![SupportNeed::Drugs];
    let c = store.write(&m, |tx| tx.create_client(f, None)).unwrap().id;
    let k = store.write(&m, |tx| tx.add_custody(remand(c, "2026-03-02", "HMP Leeds"))).unwrap();
    store.write(&m, |tx| tx.record_release(k.id, release("2026-06-01"))).unwrap();
    let first = open_pathway(&store, &m, c);
    let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "First drug and alcohol appointment",
            "Medication and opioid substitution carried on",
            "Naloxone offered",
            "Registered with a GP",
            "Somewhere to live tonight and next week",
            "Support contact within 2 days (met at the gate)",
        ]
    );
    assert!(first.contains(&("Naloxone offered".to_owned(), d("2026-06-01"))));
    assert!(first.contains(&("Registered with a GP".to_owned(), d("2026-06-08"))));
    // Two steps done; then a recall pauses the rest.
    let all = store
        .reader(&m)
        .tasks(&TaskFilter { client_id: Some(c), ..Default::default() }, Default::default())
        .unwrap()
        .items;
    for t in all
        .iter()
        .filter(|t| t.fields.title.starts_with("Naloxone") || t.fields.title.starts_with("Registered"))
    {
        store.write(&m, |tx| tx.complete_task(t.id, true)).unwrap();
    }
    let recall = CustodyFields {
        kind: CustodyKind::Recall,
        expected_release_on: None,
        ..remand(c, "2026-06-05", "HMP Leeds")
    };
    let k2 = store.write(&m, |tx| tx.add_custody(recall)).unwrap();
    assert!(open_pathway(&store, &m, c).is_empty(), "steps stayed open while they were back inside");
    // Released again: the four steps not done, dated from the new release.
    store.write(&m, |tx| tx.record_release(k2.id, release("2026-07-10"))).unwrap();
    assert_eq!(
        open_pathway(&store, &m, c),
        [
            ("First drug and alcohol appointment".to_owned(), d("2026-07-15")),
            ("Medication and opioid substitution carried on".to_owned(), d("2026-07-11")),
            ("Somewhere to live tonight and next week".to_owned(), d("2026-07-11")),
            ("Support contact within 2 days (met at the gate)".to_owned(), d("2026-07-12")),
        ]
    );
}

#[test]
fn the_status_is_not_typed_while_inside_and_in_custody_comes_only_from_an_episode() {
    use throughcare_core::model::clients::ClientPatch;
    let (_dir, _p, mut store, m) = new_store();
    let c = store.write(&m, |tx| tx.create_client(person("Ola", "Bright"), None)).unwrap().id;
    let status = |s| ClientPatch { justice_status: Some(s), ..Default::default() };
    let e = store.write(&m, |tx| tx.update_client(c, status(JusticeStatus::InCustody))).unwrap_err();
    assert_eq!(e.field(), Some("justice_status"));
    store.write(&m, |tx| tx.update_client(c, status(JusticeStatus::CommunitySentence))).unwrap();
    let k = store.write(&m, |tx| tx.add_custody(remand(c, "2026-03-02", "HMP Leeds"))).unwrap();
    let e = store.write(&m, |tx| tx.update_client(c, status(JusticeStatus::OnLicence))).unwrap_err();
    assert_eq!(e.field(), Some("justice_status"));
    let prison = ClientPatch { establishment: Some(Some("HMP Hull".into())), ..Default::default() };
    assert_eq!(store.write(&m, |tx| tx.update_client(c, prison)).unwrap_err().field(), Some("establishment"));
    // Other fields, and the same values again, are still fine while inside.
    let same = ClientPatch {
        justice_status: Some(JusticeStatus::InCustody),
        phone: Some(Some("01632 960123".into())),
        ..Default::default()
    };
    store.write(&m, |tx| tx.update_client(c, same)).unwrap();
    store.write(&m, |tx| tx.record_release(k.id, release("2026-08-14"))).unwrap();
    store.write(&m, |tx| tx.update_client(c, status(JusticeStatus::CommunitySentence))).unwrap();
}
