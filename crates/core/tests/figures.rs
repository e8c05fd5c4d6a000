//! Today's figures and the referral list read two facts the database keeps for them (migration
//! 0013: a client's support is open; a referral's last step). These tests hold the figures to the
//! lists a person can check them against, for each kind of user, and the kept facts to the records
//! they come from through every kind of change.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::Days;
use common::{add, new_store, person};
use throughcare_core::demo::{SeedOptions, seed};
use throughcare_core::enums::{
    Accompaniment, CloseReason, JusticeStatus, Outcome, ReferralStatus, Role, ServiceType,
};
use throughcare_core::model::Page;
use throughcare_core::model::appointments::{Booking, OutcomeRecord};
use throughcare_core::model::clients::ClientPatch;
use throughcare_core::model::clients::{ClientFields, ClientFilter};
use throughcare_core::model::referrals::{NewReferral, ReferralFilter};
use throughcare_core::time::Timestamp;
use throughcare_core::time::today_london;
use throughcare_core::{Actor, Store};

fn caseworker(store: &Store, manager: &Actor) -> Actor {
    let users = store.reader(manager).users(false).unwrap();
    let u = users.iter().find(|u| u.fields.role == Role::Caseworker).unwrap();
    store.actor(u.id).unwrap()
}

#[test]
fn todays_figures_count_what_each_persons_lists_hold() {
    let (_d, _p, mut store, m) = new_store();
    let today = today_london();
    seed(&mut store, &m, &SeedOptions { clients: 300, months: 6, seed: 3, today }, &mut |_, _| {}).unwrap();
    let cw = caseworker(&store, &m);
    let all = Page { offset: 0, limit: 500 };
    for actor in [&m, &cw] {
        let r = store.reader(actor);
        let f = r.figures(today).unwrap();
        let listed = |filter: ClientFilter| r.clients(&filter, all).unwrap().total;
        assert_eq!(f.open_clients, listed(ClientFilter { open: Some(true), ..Default::default() }));
        // And against each person's own episodes, read one by one.
        let everyone = r.clients(&ClientFilter::default(), all).unwrap();
        assert!(everyone.total < 500);
        let open = everyone
            .items
            .iter()
            .filter(|c| r.episodes(c.client.id).unwrap().iter().any(|e| e.fields.closed_on.is_none()))
            .count() as u64;
        assert_eq!(f.open_clients, open);
        assert!(
            everyone
                .items
                .iter()
                .all(|c| c.open
                    == r.episodes(c.client.id).unwrap().iter().any(|e| e.fields.closed_on.is_none()))
        );
        assert_eq!(
            f.in_custody,
            listed(ClientFilter { justice_status: Some(JusticeStatus::InCustody), ..Default::default() })
        );
        assert!(f.open_clients > 0 && f.in_custody > 0 && f.awaiting_outcome > 0, "{f:?}");
        let t = r.today(today).unwrap();
        assert_eq!(t.figures, f);
        assert_eq!(t.awaiting_outcome.total, f.awaiting_outcome);

        // Waiting referrals: the list's filter against each referral's steps, read one by one.
        let cutoff = today.checked_sub_days(Days::new(14)).unwrap();
        let every = r.referrals(&ReferralFilter::default(), all).unwrap();
        assert!(every.total > 0 && every.total < 500, "{}", every.total);
        let mut waiting = 0;
        for row in &every.items {
            let steps = r.referral_events(row.referral.id).unwrap();
            let last = steps.iter().map(|s| s.fields.happened_on).max().unwrap();
            assert_eq!(row.last_step_on, last);
            let sent = steps
                .iter()
                .filter(|s| s.fields.status == ReferralStatus::Sent)
                .map(|s| s.fields.happened_on);
            assert_eq!(row.sent_on, sent.min());
            let finished = matches!(
                row.referral.fields.status,
                ReferralStatus::Declined | ReferralStatus::Completed | ReferralStatus::ClosedNoEngagement
            );
            if !finished && last < cutoff {
                waiting += 1;
            }
        }
        let listed = r
            .referrals(
                &ReferralFilter { waiting_days: Some(14), today: Some(today), ..Default::default() },
                all,
            )
            .unwrap();
        assert_eq!(listed.total, waiting);
        assert!(waiting > 0);
        // Unfinished first, longest waiting first.
        let keys: Vec<_> = every
            .items
            .iter()
            .map(|row| (row.referral.fields.status.next().is_empty(), row.last_step_on, row.referral.id))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }
    assert!(store.verify(&m).unwrap().is_ok());
}

#[test]
fn open_support_and_a_referrals_last_step_follow_every_change() {
    let (_d, _p, mut store, m) = new_store();
    let today = today_london();
    let open = |store: &Store| store.reader(&m).figures(today).unwrap().open_clients;
    let c = add(&mut store, &m, person("Jo", "Reid")).id;
    assert_eq!(open(&store), 1);
    store.write(&m, |tx| tx.close_episode(c, today, CloseReason::GoalsMet)).unwrap();
    assert_eq!(open(&store), 0);
    store.write(&m, |tx| tx.reopen_episode(c, today)).unwrap();
    assert_eq!(open(&store), 1);
    store.write(&m, |tx| tx.archive_client(c)).unwrap();
    assert_eq!(open(&store), 0, "an archived client is not counted");

    let c = add(&mut store, &m, person("Sam", "Okafor")).id;
    let day = |n: u64| today.checked_sub_days(Days::new(n)).unwrap();
    let referral = store
        .write(&m, |tx| {
            tx.make_referral(NewReferral {
                client_id: c,
                service_type: ServiceType::Housing,
                service_id: None,
                provider: Some("Leeds Housing Options".into()),
                reason: None,
                status: ReferralStatus::Sent,
                on: day(20),
            })
        })
        .unwrap();
    let waiting = |store: &Store| {
        store
            .reader(&m)
            .referrals(
                &ReferralFilter { waiting_days: Some(14), today: Some(today), ..Default::default() },
                Page::default(),
            )
            .unwrap()
            .items
            .iter()
            .map(|row| row.last_step_on)
            .collect::<Vec<_>>()
    };
    assert_eq!(waiting(&store), vec![day(20)]);
    store.write(&m, |tx| tx.move_referral(referral.id, ReferralStatus::Acknowledged, day(5))).unwrap();
    assert!(waiting(&store).is_empty(), "answered 5 days ago: no longer waiting");
    let row = store.reader(&m).referrals(&ReferralFilter::default(), Page::default()).unwrap();
    assert_eq!(row.items[0].last_step_on, day(5));
    assert!(store.verify(&m).unwrap().is_ok());
}

#[test]
fn released_without_an_appointment_follows_bookings_cancellations_and_the_release_date() {
    let (_d, _p, mut store, m) = new_store();
    let today = today_london();
    let day = |n: u64| today.checked_sub_days(Days::new(n)).unwrap();
    let details = ClientFields {
        nhs_number: Some("9434765919".into()),
        phone: Some("07700 900123".into()),
        ..person("Lee", "Grant")
    };
    let c = add(&mut store, &m, details).id;
    let waiting = |store: &Store| {
        let t = store.reader(&m).today(today).unwrap();
        t.released_without_appointment.items.iter().map(|n| n.client.id).collect::<Vec<_>>()
    };
    let release = |store: &mut Store, on| {
        let patch = ClientPatch { actual_release_date: Some(Some(on)), ..Default::default() };
        store.write(&m, |tx| tx.update_client(c, patch)).unwrap();
    };
    release(&mut store, day(3));
    assert_eq!(waiting(&store), vec![c]);
    // The page is sent what the list shows of them, not their whole record.
    let sent = serde_json::to_string(&store.reader(&m).today(today).unwrap()).unwrap();
    assert!(sent.contains("Lee Grant") && sent.contains("gp_status"), "{sent}");
    assert!(!sent.contains("9434765919") && !sent.contains("07700 900123"), "{sent}");
    let book = |store: &mut Store, starts_at: Timestamp| {
        store
            .write(&m, |tx| {
                tx.book_appointment(Booking {
                    client_id: c,
                    service_type: ServiceType::Gp,
                    service_id: None,
                    provider: Some("Riverside Medical Practice".into()),
                    place: None,
                    starts_at,
                    ends_at: None,
                    planned_accompaniment: Accompaniment::None,
                    planned_user_id: None,
                    planned_mentor_id: None,
                })
            })
            .unwrap()
    };
    let gp = book(&mut store, Timestamp::now().plus_seconds(2 * 86_400));
    assert!(waiting(&store).is_empty(), "booked since release");
    let cancelled = OutcomeRecord {
        outcome: Outcome::CancelledByProvider,
        dna_reason: None,
        actual_accompaniment: None,
        actual_user_id: None,
        actual_mentor_id: None,
    };
    store.write(&m, |tx| tx.record_outcome(gp.id, cancelled)).unwrap();
    assert_eq!(waiting(&store), vec![c], "a cancelled appointment is not one booked");
    book(&mut store, Timestamp::london_midnight(day(10)).plus_seconds(10 * 3600));
    assert_eq!(waiting(&store), vec![c], "an appointment before release does not count");
    // Released again, earlier: that appointment now follows the release.
    release(&mut store, day(12));
    assert!(waiting(&store).is_empty());
    assert!(store.verify(&m).unwrap().is_ok());
}
