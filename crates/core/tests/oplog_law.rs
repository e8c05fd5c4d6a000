//! The law behind `verify` and sync: whatever sequence of changes is made (including ones refused
//! half-way), every record is exactly what replaying the op log gives, and each device's op numbers
//! run 1, 2, 3… without a gap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use proptest::prelude::*;
use throughcare_core::enums::*;
use throughcare_core::model::clients::ClientPatch;
use throughcare_core::time::today_london;

#[derive(Debug, Clone)]
enum Step {
    Add(String),
    Rename(usize, String),
    Status(usize, usize),
    Needs(usize, Vec<usize>),
    Nhs(usize, String),
    Archive(usize),
    Close(usize),
    Reopen(usize),
    FailHalfway(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        "[A-Za-zÀ-ž' ]{0,12}".prop_map(Step::Add),
        (0usize..6, "[A-Za-zÀ-ž' -]{0,12}").prop_map(|(i, s)| Step::Rename(i, s)),
        (0usize..6, 0usize..7).prop_map(|(i, s)| Step::Status(i, s)),
        (0usize..6, proptest::collection::vec(0usize..14, 0..4)).prop_map(|(i, n)| Step::Needs(i, n)),
        (0usize..6, "[0-9 ]{0,12}").prop_map(|(i, s)| Step::Nhs(i, s)),
        (0usize..6).prop_map(Step::Archive),
        (0usize..6).prop_map(Step::Close),
        (0usize..6).prop_map(Step::Reopen),
        (0usize..6).prop_map(Step::FailHalfway),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn records_always_equal_the_replayed_op_log(steps in proptest::collection::vec(step(), 1..30)) {
        let (_d, _p, mut store, actor) = new_store();
        let mut ids = Vec::new();
        let today = today_london();
        for s in steps {
            let pick = |i: usize, ids: &Vec<_>| if ids.is_empty() { None } else { Some(ids[i % ids.len()]) };
            // Refusals are fine; what matters is that nothing half-done is left behind.
            let _ = match s {
                Step::Add(name) => store.write(&actor, |tx| tx.create_client(person(&name, "Test"), None)).map(|c| ids.push(c.id)),
                Step::Rename(i, name) => match pick(i, &ids) {
                    Some(id) => store.write(&actor, |tx| tx.update_client(id, ClientPatch { given_name: Some(Some(name)), ..Default::default() })).map(|_| ()),
                    None => Ok(()),
                },
                Step::Status(i, st) => match pick(i, &ids) {
                    Some(id) => store.write(&actor, |tx| tx.update_client(id, ClientPatch { justice_status: Some(JusticeStatus::ALL[st]), ..Default::default() })).map(|_| ()),
                    None => Ok(()),
                },
                Step::Needs(i, n) => match pick(i, &ids) {
                    Some(id) => {
                        let needs = n.into_iter().map(|k| SupportNeed::ALL[k]).collect();
                        store.write(&actor, |tx| tx.update_client(id, ClientPatch { support_needs: Some(needs), ..Default::default() })).map(|_| ())
                    }
                    None => Ok(()),
                },
                Step::Nhs(i, n) => match pick(i, &ids) {
                    Some(id) => store.write(&actor, |tx| tx.update_client(id, ClientPatch { nhs_number: Some(Some(n)), ..Default::default() })).map(|_| ()),
                    None => Ok(()),
                },
                Step::Archive(i) => match pick(i, &ids) {
                    Some(id) => store.write(&actor, |tx| tx.archive_client(id)),
                    None => Ok(()),
                },
                Step::Close(i) => match pick(i, &ids) {
                    Some(id) => store.write(&actor, |tx| tx.close_episode(id, today, CloseReason::Disengaged)).map(|_| ()),
                    None => Ok(()),
                },
                Step::Reopen(i) => match pick(i, &ids) {
                    Some(id) => store.write(&actor, |tx| tx.reopen_episode(id, today)).map(|_| ()),
                    None => Ok(()),
                },
                Step::FailHalfway(i) => match pick(i, &ids) {
                    Some(id) => store.write(&actor, |tx| {
                        tx.update_client(id, ClientPatch { preferred_name: Some(Some("Half".into())), ..Default::default() })?;
                        tx.update_client(id, ClientPatch { nhs_number: Some(Some("123".into())), ..Default::default() })?;
                        Ok(())
                    }),
                    None => Ok(()),
                },
            };
        }
        let report = store.verify(&actor).unwrap();
        prop_assert!(report.is_ok(), "{:?}", report.problems);
        for id in &ids {
            let c = store.reader(&actor).client(*id).unwrap();
            prop_assert_ne!(c.fields.preferred_name.as_deref(), Some("Half"), "a refused transaction left a change behind");
        }
    }
}
