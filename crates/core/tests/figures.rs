//! Today's figures and the referral list read two facts the database keeps for them (migration
//! 0013: a client's support is open; a referral's last step). These tests hold the figures to the
//! lists a person can check them against, for each kind of user, and the kept facts to the records
//! they come from through every kind of change.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::Days;
use common::{add, new_store, person};
use throughcare_core::demo::{SeedOptions, seed};
use throughcare_core::enums::{CloseReason, JusticeStatus, ReferralStatus, Role, ServiceType};
use throughcare_core::model::Page;
use throughcare_core::model::clients::ClientFilter;
use throughcare_core::model::referrals::{NewReferral, ReferralFilter};
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
