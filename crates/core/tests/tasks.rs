//! Tasks made by rules and by hand: a missed appointment is followed up in two working days, a sent
//! referral with no answer is chased after 14 days (and again while it still waits), each rule-made
//! task says why it exists, and a person can add, reassign, reschedule and tick off tasks (overdue
//! ones too). The 14-day pathway after release shows its progress on the record and on Today.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::Days;
use common::*;
use throughcare_core::Error;
use throughcare_core::enums::*;
use throughcare_core::model::Page;
use throughcare_core::model::appointments::{Booking, OutcomeRecord};
use throughcare_core::model::custody::{CustodyFields, ReleaseDetails};
use throughcare_core::model::referrals::NewReferral;
use throughcare_core::model::tasks::{NewTask, TaskFilter, TaskRow};
use throughcare_core::model::users::UserFields;
use throughcare_core::time::{Date, Timestamp, add_working_days, today_london};
use throughcare_core::{Actor, Store};

fn field_of(e: Error) -> String {
    match e {
        Error::Validation { field, .. } => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn words(d: Date) -> String {
    d.format("%-d %B %Y").to_string()
}

fn rows(store: &Store, actor: &Actor, f: TaskFilter) -> Vec<TaskRow> {
    store.reader(actor).task_rows(&f, Page::default(), today_london()).unwrap().items
}

fn all(client: throughcare_core::ids::ClientId) -> TaskFilter {
    TaskFilter { client_id: Some(client), ..Default::default() }
}

#[test]
fn a_missed_appointment_is_followed_up_in_two_working_days_and_says_why() {
    let (_d, _p, mut store, m) = new_store();
    let c = add(&mut store, &m, person("Sam", "Okafor")).id;
    let earlier = Timestamp::now().plus_seconds(-2 * 3600);
    let a = store
        .write(&m, |tx| {
            tx.book_appointment(Booking {
                client_id: c,
                service_type: ServiceType::Gp,
                service_id: None,
                provider: None,
                place: None,
                starts_at: earlier,
                ends_at: None,
                planned_accompaniment: Accompaniment::None,
                planned_user_id: None,
                planned_mentor_id: None,
            })
        })
        .unwrap();
    let dna = OutcomeRecord {
        outcome: Outcome::Dna,
        dna_reason: None,
        actual_accompaniment: None,
        actual_user_id: None,
        actual_mentor_id: None,
    };
    store.write(&m, |tx| tx.record_outcome(a.id, dna)).unwrap();
    let tasks = rows(&store, &m, all(c));
    assert_eq!(tasks.len(), 1);
    let t = &tasks[0];
    assert_eq!(t.task.fields.kind, TaskKind::DnaFollowUp);
    // Working days skip weekends and bank holidays (tested day by day in `time`).
    assert_eq!(t.task.fields.due_on, add_working_days(today_london(), 2));
    assert!(t.task.fields.due_on > today_london());
    assert_eq!(
        t.why.as_deref(),
        Some(
            format!("Because Sam did not attend the GP appointment on {}.", words(earlier.london_date()))
                .as_str()
        )
    );
    assert_eq!(t.client_name.as_deref(), Some("Sam Okafor"));
    assert_eq!(t.assignee_name.as_deref(), Some("Morgan Hale"));
    assert!(!t.overdue);
}

#[test]
fn a_sent_referral_is_chased_after_14_days_until_it_is_answered() {
    let (_d, _p, mut store, m) = new_store();
    let c = add(&mut store, &m, person("Jo", "Reid")).id;
    let today = today_london();
    let sent_on = today.checked_sub_days(Days::new(20)).unwrap();
    let referral = |status, on| NewReferral {
        client_id: c,
        service_type: ServiceType::Housing,
        service_id: None,
        provider: Some("Leeds Housing Options".into()),
        reason: None,
        status,
        on,
    };
    // A draft has nothing to chase yet.
    let draft = store.write(&m, |tx| tx.make_referral(referral(ReferralStatus::Draft, sent_on))).unwrap();
    assert!(rows(&store, &m, all(c)).is_empty());
    // Sent 20 days ago: the chase fell due 6 days ago, and says why.
    store.write(&m, |tx| tx.move_referral(draft.id, ReferralStatus::Sent, sent_on)).unwrap();
    let tasks = rows(&store, &m, all(c));
    assert_eq!(tasks.len(), 1);
    let chase = &tasks[0];
    assert_eq!(chase.task.fields.kind, TaskKind::ReferralChase);
    assert_eq!(chase.task.fields.referral_id, Some(draft.id));
    assert_eq!(chase.task.fields.due_on, sent_on.checked_add_days(Days::new(14)).unwrap());
    assert!(chase.overdue);
    assert_eq!(chase.task.fields.title, "Chase the referral to Leeds Housing Options");
    assert_eq!(
        chase.why.as_deref().unwrap(),
        format!(
            "Because the referral to Leeds Housing Options for Jo was sent on {} and there has been no answer in 14 days.",
            words(sent_on)
        )
    );
    // Chased, still no answer: the next chase is 14 days from today.
    store.write(&m, |tx| tx.complete_task(chase.task.id, true)).unwrap();
    let open = rows(&store, &m, all(c));
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].task.fields.due_on, today.checked_add_days(Days::new(14)).unwrap());
    assert!(!open[0].overdue);
    // An answer sets the open chase aside; the done one stays in the history.
    store.write(&m, |tx| tx.move_referral(draft.id, ReferralStatus::Accepted, today)).unwrap();
    assert!(rows(&store, &m, all(c)).is_empty());
    let history = rows(&store, &m, TaskFilter { include_done: true, ..all(c) });
    assert_eq!(history.len(), 1);
    assert!(history[0].task.fields.done_at.is_some());

    // A referral made as already sent is chased too.
    store.write(&m, |tx| tx.make_referral(referral(ReferralStatus::Sent, today))).unwrap();
    let tasks = rows(&store, &m, all(c));
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].task.fields.due_on, today.checked_add_days(Days::new(14)).unwrap());
}

#[test]
fn tasks_by_hand_are_added_reassigned_rescheduled_and_done_even_when_overdue() {
    let (_d, _p, mut store, m) = new_store();
    let c = add(&mut store, &m, person("Lee", "Hart")).id;
    let ana = caseworker(&mut store, &m, "Ana Caseworker").user_id;
    let mentor = store.write(&m, |tx| tx.add_mentor(mentor_fields("Pat Mentor"))).unwrap().id;
    let pat = store
        .write(&m, |tx| {
            tx.add_user(UserFields {
                display_name: "Pat Mentor".into(),
                role: Role::PeerMentor,
                email: None,
                team_id: None,
                mentor_id: Some(mentor),
            })
        })
        .unwrap()
        .id;
    let today = today_london();
    let new =
        |title: &str, due_on| NewTask { title: title.into(), client_id: Some(c), assignee_id: None, due_on };

    // Bad input names its field and writes nothing.
    let yesterday = today.pred_opt().unwrap();
    assert_eq!(
        field_of(store.write(&m, |tx| tx.add_task(new("Ring Lee", yesterday))).unwrap_err()),
        "due_on"
    );
    assert_eq!(field_of(store.write(&m, |tx| tx.add_task(new("  ", today))).unwrap_err()), "title");
    assert!(rows(&store, &m, all(c)).is_empty());

    let t = store.write(&m, |tx| tx.add_task(new("Ring Lee about the dentist", today))).unwrap();
    assert_eq!(t.fields.kind, TaskKind::Other);
    assert_eq!(t.fields.assignee_id, Some(m.user_id), "for the person adding it");
    let row = &rows(&store, &m, all(c))[0];
    assert_eq!(row.why, None, "a task added by hand needs no reason");

    assert_eq!(field_of(store.write(&m, |tx| tx.reassign_task(t.id, pat)).unwrap_err()), "assignee_id");
    store.write(&m, |tx| tx.reassign_task(t.id, ana)).unwrap();
    assert_eq!(field_of(store.write(&m, |tx| tx.reschedule_task(t.id, yesterday)).unwrap_err()), "due_on");
    let later = today.checked_add_days(Days::new(3)).unwrap();
    store.write(&m, |tx| tx.reschedule_task(t.id, later)).unwrap();
    let row = &rows(&store, &m, all(c))[0];
    assert_eq!((row.assignee_name.as_deref(), row.task.fields.due_on), (Some("Ana Caseworker"), later));
    // Filtering by caseworker.
    let f = TaskFilter { assignee_id: Some(m.user_id), ..all(c) };
    assert!(rows(&store, &m, f).is_empty());
    let f = TaskFilter { assignee_id: Some(ana), ..all(c) };
    assert_eq!(rows(&store, &m, f).len(), 1);

    // Overdue first: a referral chase that fell due a week ago sorts above the hand-made task.
    let long_ago = today.checked_sub_days(Days::new(21)).unwrap();
    store
        .write(&m, |tx| {
            tx.make_referral(NewReferral {
                client_id: c,
                service_type: ServiceType::Dental,
                service_id: None,
                provider: None,
                reason: None,
                status: ReferralStatus::Sent,
                on: long_ago,
            })
        })
        .unwrap();
    let list = rows(&store, &m, all(c));
    assert_eq!(list.len(), 2);
    assert!(list[0].overdue && list[0].task.fields.kind == TaskKind::ReferralChase);
    assert!(!list[1].overdue);
    // An overdue task can still be ticked off.
    let done = store.write(&m, |tx| tx.complete_task(list[0].task.id, true)).unwrap();
    assert!(done.fields.done_at.is_some());
}

#[test]
fn the_pathway_shows_its_progress_on_the_record_and_on_today() {
    let (_d, _p, mut store, m) = new_store();
    let mut f = person("Dee", "Walker");
    f.support_needs = vec![SupportNeed::Drugs];
    let c = add(&mut store, &m, f).id;
    let today = today_london();
    let released_on = today.checked_sub_days(Days::new(3)).unwrap();
    let k = store
        .write(&m, |tx| {
            tx.add_custody(CustodyFields {
                client_id: c,
                kind: CustodyKind::Sentence,
                establishment: Some("HMP Leeds".into()),
                started_on: today.checked_sub_days(Days::new(90)).unwrap(),
                expected_release_on: None,
                released_on: None,
            })
        })
        .unwrap();
    assert_eq!(store.reader(&m).pathway(c, today).unwrap(), None, "no pathway while inside");
    let release = ReleaseDetails {
        on: released_on,
        status_after: JusticeStatus::OnLicence,
        released_to: None,
        licence_end: None,
    };
    store.write(&m, |tx| tx.record_release(k.id, release)).unwrap();
    let p = store.reader(&m).pathway(c, today).unwrap().unwrap();
    assert_eq!((p.released_on, p.day, p.done), (released_on, Some(4), 0));
    // A drug need: all six steps, naloxone first.
    assert_eq!(p.steps.len(), 6);
    assert_eq!(p.steps[0].name, "Naloxone offered");
    assert!(p.steps[0].overdue);
    let gp = p.steps.iter().find(|s| s.name == "Registered with a GP").unwrap();
    assert!(!gp.overdue);

    let record = store.open_client_record(&m, c).unwrap();
    assert_eq!(record.pathway.as_ref().unwrap().steps.len(), 6);
    assert!(record.tasks[0].why.as_deref().unwrap().contains("released on"));

    // Today lists them in their first 14 days; ticking a step off shows there.
    let t = store.reader(&m).today(today).unwrap();
    assert_eq!(t.first_days.total, 1);
    assert_eq!(t.first_days.items[0].name, "Dee Walker");
    store.write(&m, |tx| tx.complete_task(p.steps[0].task.id, true)).unwrap();
    let t = store.reader(&m).today(today).unwrap();
    assert_eq!(t.first_days.items[0].pathway.done, 1);
    // On day 15 they are no longer in their first 14 days.
    let later = released_on.checked_add_days(Days::new(14)).unwrap();
    assert_eq!(store.reader(&m).today(later).unwrap().first_days.total, 0);
    assert_eq!(store.reader(&m).pathway(c, later).unwrap().unwrap().day, None);
}
