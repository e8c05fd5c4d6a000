//! Who may see what, tried as each kind of user: every core entry point that returns or changes client
//! data, driven as a manager, a caseworker, another team's caseworker and a peer mentor. Each must see
//! exactly the clients in their scope, never a field hidden from them, and be refused (changing
//! nothing) where their role stops.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use common::*;
use proptest::prelude::*;
use throughcare_core::entity::Entity;
use throughcare_core::enums::*;
use throughcare_core::ids::{ClientId, MentorId, TeamId};
use throughcare_core::model::Page;
use throughcare_core::model::appointments::{AppointmentFilter, Booking, OutcomeRecord};
use throughcare_core::model::clients::{ClientFields, ClientFilter, ClientPatch};
use throughcare_core::model::contacts::NewContact;
use throughcare_core::model::referrals::{NewReferral, ReferralFilter};
use throughcare_core::model::shares::ShareWith;
use throughcare_core::model::tasks::TaskFilter;
use throughcare_core::model::users::UserFields;
use throughcare_core::time::{Timestamp, today_london};
use throughcare_core::{Actor, Error, ErrorKind, Store};

/// An organisation of two teams: a manager, a caseworker in each team, and a peer mentor.
struct World {
    _dir: tempfile::TempDir,
    store: Store,
    manager: Actor,
    ana: Actor,
    ben: Actor,
    mentor: Actor,
    mentor_id: MentorId,
    team_b: TeamId,
    /// Ana's client, linked to the mentor, with health, justice and notes on record.
    x: ClientId,
    /// Ben's client.
    y: ClientId,
    /// Ana's other client.
    z: ClientId,
}

fn user(
    store: &mut Store,
    by: &Actor,
    name: &str,
    role: Role,
    team: Option<TeamId>,
    mentor: Option<MentorId>,
) -> Actor {
    let u = store
        .write(by, |tx| {
            tx.add_user(UserFields {
                display_name: name.into(),
                role,
                email: None,
                team_id: team,
                mentor_id: mentor,
            })
        })
        .unwrap();
    store.actor(u.id).unwrap()
}

fn world() -> World {
    let (dir, _p, mut store, manager) = new_store();
    let m = manager.clone();
    let team_a = store.reader(&m).teams().unwrap()[0].id;
    let team_b = store.write(&m, |tx| tx.add_team("North team")).unwrap().id;
    let mentor_id = store.write(&m, |tx| tx.add_mentor(mentor_fields("Pat Mentor"))).unwrap().id;
    let ana = user(&mut store, &m, "Ana Caseworker", Role::Caseworker, Some(team_a), None);
    let ben = user(&mut store, &m, "Ben Caseworker", Role::Caseworker, Some(team_b), None);
    let mentor = user(&mut store, &m, "Pat Mentor", Role::PeerMentor, None, Some(mentor_id));
    let x = store
        .write(&ana, |tx| {
            tx.create_client(
                ClientFields {
                    given_name: Some("Ada".into()),
                    family_name: Some("Lovelace".into()),
                    pronouns: Some("she/her".into()),
                    phone: Some("07700 900123".into()),
                    address: Some("1 Quay Street".into()),
                    nhs_number: Some("9434765919".into()),
                    date_of_birth: "1985-03-02".parse().ok(),
                    justice_status: JusticeStatus::OnLicence,
                    support_needs: vec![SupportNeed::MentalHealth, SupportNeed::Drugs],
                    risk_flags: vec![RiskFlag::SelfHarm, RiskFlag::NoLoneWorking],
                    gender: Some(Gender::Woman),
                    accompaniment_needs: Some("Step-free access; prefers a woman to go with her".into()),
                    ..Default::default()
                },
                None,
            )
        })
        .unwrap()
        .id;
    let y = add(&mut store, &ben, person("Yusuf", "Begum")).id;
    let z = add(&mut store, &ana, person("Zoe", "Smith")).id;
    let today = today_london();
    store
        .write(&ana, |tx| {
            tx.log_contact(NewContact {
                client_id: x,
                contact_on: today,
                kind: ContactKind::Phone,
                minutes: 20,
                summary: Some("Talked about her relapse".into()),
                follow_up_on: Some(today),
            })?;
            tx.make_referral(NewReferral {
                client_id: x,
                service_type: ServiceType::MentalHealth,
                service_id: None,
                provider: None,
                reason: Some("Low mood".into()),
                status: ReferralStatus::Sent,
                on: today,
            })?;
            tx.link_mentor(mentor_id, x, today)?;
            tx.book_appointment(Booking {
                client_id: x,
                service_type: ServiceType::Gp,
                service_id: None,
                provider: Some("Riverside Medical Centre".into()),
                place: None,
                starts_at: Timestamp::now().plus_seconds(86_400),
                ends_at: None,
                planned_accompaniment: Accompaniment::PeerMentor,
                planned_user_id: None,
                planned_mentor_id: Some(mentor_id),
            })
        })
        .unwrap();
    store
        .write(&ben, |tx| {
            tx.book_appointment(Booking {
                client_id: y,
                service_type: ServiceType::Dental,
                service_id: None,
                provider: None,
                place: None,
                starts_at: Timestamp::now().plus_seconds(2 * 86_400),
                ends_at: None,
                planned_accompaniment: Accompaniment::None,
                planned_user_id: None,
                planned_mentor_id: None,
            })
        })
        .unwrap();
    World { _dir: dir, store, manager, ana, ben, mentor, mentor_id, team_b, x, y, z }
}

fn ids(v: impl IntoIterator<Item = ClientId>) -> BTreeSet<ClientId> {
    v.into_iter().collect()
}

/// What one entry point gave back for one user: the clients it showed, or the kind of refusal.
type Seen = Result<BTreeSet<ClientId>, ErrorKind>;

fn seen(r: throughcare_core::Result<BTreeSet<ClientId>>) -> Seen {
    r.map_err(|e| e.kind())
}

type Probe = fn(&mut World, &Actor) -> throughcare_core::Result<BTreeSet<ClientId>>;

fn probes() -> Vec<(&'static str, Probe)> {
    vec![
        ("client list", |w, a| {
            let p = w.store.reader(a).clients(&ClientFilter::default(), Page { offset: 0, limit: 500 })?;
            assert_eq!(p.total, p.items.len() as u64, "the total counts only what may be seen");
            Ok(ids(p.items.into_iter().map(|r| r.client.id)))
        }),
        ("search by name", |w, a| {
            Ok(ids(["Lovelace", "Begum", "Smith"].iter().flat_map(|q| {
                w.store.reader(a).search_clients(q, 50).unwrap().into_iter().map(|r| r.client.id)
            })))
        }),
        ("the record of each client", |w, a| {
            let mut out = BTreeSet::new();
            for c in [w.x, w.y, w.z] {
                match w.store.open_client_record(a, c) {
                    Ok(r) => {
                        out.insert(r.client.id);
                    }
                    Err(Error::NotFound { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(out)
        }),
        ("today", |w, a| {
            let t = w.store.reader(a).today(today_london())?;
            let mut out = BTreeSet::new();
            for list in [&t.today, &t.this_week, &t.awaiting_outcome] {
                out.extend(list.items.iter().map(|i| i.appointment.fields.client_id));
            }
            out.extend(t.referrals_waiting.items.iter().map(|r| r.referral.referral.fields.client_id));
            out.extend(t.tasks_due.items.iter().filter_map(|t| t.task.fields.client_id));
            Ok(out)
        }),
        ("appointments", |w, a| {
            let p = w
                .store
                .reader(a)
                .appointments(&AppointmentFilter::default(), Page { offset: 0, limit: 500 })?;
            Ok(ids(p.items.into_iter().map(|x| x.fields.client_id)))
        }),
        ("referrals", |w, a| {
            let p =
                w.store.reader(a).referrals(&ReferralFilter::default(), Page { offset: 0, limit: 500 })?;
            Ok(ids(p.items.into_iter().map(|x| x.referral.fields.client_id)))
        }),
        ("tasks", |w, a| {
            let p = w.store.reader(a).tasks(&TaskFilter::default(), Page { offset: 0, limit: 500 })?;
            Ok(ids(p.items.into_iter().filter_map(|x| x.fields.client_id)))
        }),
        ("mentor links", |w, a| {
            Ok(ids(w.store.reader(a).mentor_links(None, None)?.into_iter().map(|l| l.fields.client_id)))
        }),
        ("the mentor's profile", |w, a| {
            let id = w.mentor_id;
            Ok(ids(w.store.reader(a).mentor_record(id)?.links.into_iter().map(|l| l.link.fields.client_id)))
        }),
        ("history of each client", |w, a| {
            let mut out = BTreeSet::new();
            for c in [w.x, w.y, w.z] {
                match w.store.reader(a).history(Entity::Client, &c.to_string()) {
                    Ok(h) if !h.is_empty() => {
                        out.insert(c);
                    }
                    Ok(_) | Err(Error::NotFound { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(out)
        }),
        ("export json", |w, a| {
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("export");
            w.store.export_json(a, &out)?;
            let clients: Vec<serde_json::Value> =
                serde_json::from_str(&std::fs::read_to_string(out.join("clients.json")).unwrap()).unwrap();
            for f in std::fs::read_dir(&out).unwrap() {
                let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
                for c in [w.x, w.y, w.z] {
                    let id = c.to_string();
                    let visible = clients.iter().any(|r| r["id"] == id.as_str());
                    assert!(visible || !text.contains(&id), "an export names a client its user cannot see");
                }
            }
            Ok(clients.iter().map(|r| r["id"].as_str().unwrap().parse().unwrap()).collect())
        }),
        ("overview", |w, a| {
            let o = w.store.reader(a).overview(today_london())?;
            // The overview gives counts only; its client count must match what the list shows.
            let listed = w.store.reader(a).clients(&ClientFilter::default(), Page::default())?.total;
            assert_eq!(o.clients, listed);
            Ok(BTreeSet::new())
        }),
    ]
}

#[test]
fn every_entry_point_shows_each_user_exactly_their_scope() {
    let mut w = world();
    let (x, y, z) = (w.x, w.y, w.z);
    let all = ids([x, y, z]);
    let forbidden: Seen = Err(ErrorKind::Forbidden);
    // (probe, manager, Ana, Ben, the mentor)
    let want: Vec<(&str, [Seen; 4])> = vec![
        ("client list", [Ok(all.clone()), Ok(ids([x, z])), Ok(ids([y])), Ok(ids([x]))]),
        ("search by name", [Ok(all.clone()), Ok(ids([x, z])), Ok(ids([y])), Ok(ids([x]))]),
        ("the record of each client", [Ok(all.clone()), Ok(ids([x, z])), Ok(ids([y])), forbidden.clone()]),
        ("today", [Ok(ids([x, y])), Ok(ids([x])), Ok(ids([y])), Ok(ids([x]))]),
        ("appointments", [Ok(ids([x, y])), Ok(ids([x])), Ok(ids([y])), Ok(ids([x]))]),
        ("referrals", [Ok(ids([x])), Ok(ids([x])), Ok(ids([])), forbidden.clone()]),
        ("tasks", [Ok(ids([x])), Ok(ids([x])), Ok(ids([])), forbidden.clone()]),
        ("mentor links", [Ok(ids([x])), Ok(ids([x])), Ok(ids([])), Ok(ids([x]))]),
        ("the mentor's profile", [Ok(ids([x])), Ok(ids([x])), Ok(ids([])), Ok(ids([x]))]),
        ("history of each client", [Ok(all.clone()), Ok(ids([x, z])), Ok(ids([y])), Ok(ids([x]))]),
        ("export json", [Ok(all.clone()), Ok(ids([x, z])), Ok(ids([y])), Ok(ids([x]))]),
        ("overview", [Ok(ids([])), Ok(ids([])), Ok(ids([])), Ok(ids([]))]),
    ];
    let actors = [w.manager.clone(), w.ana.clone(), w.ben.clone(), w.mentor.clone()];
    let names = ["manager", "Ana", "Ben", "mentor"];
    let mut checked = 0;
    for (name, probe) in probes() {
        let (_, expected) = want.iter().find(|(n, _)| *n == name).unwrap();
        for (i, a) in actors.iter().enumerate() {
            let got = seen(probe(&mut w, a));
            assert_eq!(got, expected[i], "{name} as {}", names[i]);
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} checks ran");
}

#[test]
fn a_peer_mentor_sees_only_what_going_with_someone_needs() {
    let mut w = world();
    let m = w.mentor.clone();
    let row = w.store.reader(&m).clients(&ClientFilter::default(), Page::default()).unwrap().items.remove(0);
    let c = row.client.fields;
    assert_eq!(c.given_name.as_deref(), Some("Ada"));
    assert_eq!(c.pronouns.as_deref(), Some("she/her"));
    assert_eq!(c.phone.as_deref(), Some("07700 900123"));
    assert!(c.accompaniment_needs.is_some());
    // Only the risk that concerns whoever goes with her.
    assert_eq!(c.risk_flags, vec![RiskFlag::NoLoneWorking]);
    // Nothing about her health, offences, identifiers or home.
    assert_eq!(c.nhs_number, None);
    assert_eq!(c.date_of_birth, None);
    assert_eq!(c.address, None);
    assert_eq!(c.gender, None);
    assert!(c.support_needs.is_empty());
    assert_eq!(c.justice_status, JusticeStatus::Unknown);
    // A search cannot confirm a number the mentor is not shown.
    assert!(w.store.reader(&m).search_clients("9434765919", 10).unwrap().is_empty());
    assert_eq!(w.store.reader(&m).search_clients("ada", 10).unwrap().len(), 1);
    // No notes, referrals or custody at all.
    for e in [
        w.store.reader(&m).contacts(w.x).unwrap_err(),
        w.store.reader(&m).custody_episodes(w.x).unwrap_err(),
        w.store.open_client_record(&m, w.x).unwrap_err(),
    ] {
        assert_eq!(e.kind(), ErrorKind::Forbidden, "{e}");
    }
    // The mentor's export holds no hidden value anywhere.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("export");
    w.store.export_json(&m, &out).unwrap();
    for f in std::fs::read_dir(&out).unwrap() {
        let path = f.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "schema.md" || name == "services.json" {
            continue; // the list of codes, and the service directory, name kinds of service
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for secret in
            ["9434765919", "Quay Street", "relapse", "Low mood", "mental_health", "self_harm", "1985-03-02"]
        {
            assert!(!text.contains(secret), "a mentor's export holds '{secret}'");
        }
    }
}

#[test]
fn each_role_may_change_only_what_it_may_see() {
    let mut w = world();
    let (x, y) = (w.x, w.y);
    let phone = |p: &str| ClientPatch { phone: Some(Some(p.into())), ..Default::default() };
    // Ana changes her own client; Ben cannot reach her; the mentor may not change client records.
    w.store.write(&w.ana.clone(), |tx| tx.update_client(x, phone("07700 900001"))).unwrap();
    let ben = w.ben.clone();
    let e = w.store.write(&ben, |tx| tx.update_client(x, phone("07700 900002"))).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let mentor = w.mentor.clone();
    let e = w.store.write(&mentor, |tx| tx.update_client(x, phone("07700 900003"))).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden, "{e}");
    let m = w.manager.clone();
    assert_eq!(w.store.reader(&m).client(x).unwrap().fields.phone.as_deref(), Some("07700 900001"));
    // Ben cannot log a contact for Ana's client, nor book for her.
    let e = w
        .store
        .write(&ben, |tx| {
            tx.log_contact(NewContact {
                client_id: x,
                contact_on: today_london(),
                kind: ContactKind::Phone,
                minutes: 5,
                summary: None,
                follow_up_on: None,
            })
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("client_id"), "{e}");
    // The mentor books, moves and records an appointment for the person linked to them…
    let appt = w
        .store
        .write(&mentor, |tx| {
            tx.book_appointment(Booking {
                client_id: x,
                service_type: ServiceType::Dental,
                service_id: None,
                provider: None,
                place: None,
                starts_at: Timestamp::now().plus_seconds(3 * 86_400),
                ends_at: None,
                planned_accompaniment: Accompaniment::PeerMentor,
                planned_user_id: None,
                planned_mentor_id: Some(w.mentor_id),
            })
        })
        .unwrap();
    let moved = w
        .store
        .write(&mentor, |tx| {
            tx.reschedule_appointment(
                appt.id,
                Timestamp::now().plus_seconds(4 * 86_400),
                None,
                Outcome::CancelledByProvider,
            )
        })
        .unwrap();
    let past = w
        .store
        .write(&m, |tx| {
            tx.book_appointment(Booking {
                client_id: x,
                service_type: ServiceType::Gp,
                service_id: None,
                provider: None,
                place: None,
                starts_at: Timestamp::now().plus_seconds(-86_400),
                ends_at: None,
                planned_accompaniment: Accompaniment::PeerMentor,
                planned_user_id: None,
                planned_mentor_id: Some(w.mentor_id),
            })
        })
        .unwrap();
    w.store
        .write(&mentor, |tx| {
            tx.record_outcome(
                past.id,
                OutcomeRecord {
                    outcome: Outcome::Dna,
                    dna_reason: Some(DnaReason::Forgot),
                    actual_accompaniment: None,
                    actual_user_id: None,
                    actual_mentor_id: None,
                },
            )
        })
        .unwrap();
    assert_ne!(moved.id, appt.id);
    // …and for nobody else.
    let e = w
        .store
        .write(&mentor, |tx| {
            tx.book_appointment(Booking {
                client_id: y,
                service_type: ServiceType::Dental,
                service_id: None,
                provider: None,
                place: None,
                starts_at: Timestamp::now().plus_seconds(3 * 86_400),
                ends_at: None,
                planned_accompaniment: Accompaniment::None,
                planned_user_id: None,
                planned_mentor_id: None,
            })
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("client_id"));
    // Only a manager shares a client, and a share widens scope at once.
    let ana = w.ana.clone();
    let e = w
        .store
        .write(&ana, |tx| tx.share_client(x, ShareWith::User(ben.user_id), today_london()))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    assert!(w.store.reader(&ben).client(x).is_err());
    let share =
        w.store.write(&m, |tx| tx.share_client(x, ShareWith::User(ben.user_id), today_london())).unwrap();
    assert_eq!(w.store.reader(&ben).client(x).unwrap().id, x);
    w.store.write(&m, |tx| tx.end_share(share.id, today_london())).unwrap();
    assert!(w.store.reader(&ben).client(x).is_err(), "a share that ended today no longer shows the client");
    // Sharing with a team shows the client to everyone in it.
    let team_b = w.team_b;
    w.store.write(&m, |tx| tx.share_client(w.z, ShareWith::Team(team_b), today_london())).unwrap();
    assert!(w.store.reader(&ben).client(w.z).is_ok());
    // A caseworker cannot put a client on someone else's caseload; a manager can move a caseload.
    let e = w
        .store
        .write(&ana, |tx| {
            tx.create_client(
                ClientFields { caseworker_id: Some(ben.user_id), ..person("Una", "Other") },
                None,
            )
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("caseworker_id"));
    let e = w
        .store
        .write(&ana, |tx| {
            tx.update_client(x, ClientPatch { caseworker_id: Some(Some(ben.user_id)), ..Default::default() })
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("caseworker_id"));
    let moved = w.store.write(&m, |tx| tx.reassign_caseload(ana.user_id, ben.user_id)).unwrap();
    assert_eq!(moved, 2);
    assert!(w.store.reader(&ben).client(x).is_ok());
    assert!(w.store.reader(&ana).client(x).is_err());
    // Every change above is in the op log, and the database still matches it.
    assert!(w.store.verify(&m).unwrap().is_ok());
}

#[test]
fn opening_a_record_is_audited_and_the_audit_chain_detects_an_edit() {
    let mut w = world();
    let ana = w.ana.clone();
    w.store.open_client_record(&ana, w.x).unwrap();
    let m = w.manager.clone();
    assert!(w.store.verify(&m).unwrap().is_ok());
    let path = w.store.path().to_path_buf();
    drop(w.store);
    // Someone with the key edits the audit log by hand: `verify` finds it.
    let store = Store::unlock(&path, None, PASS).unwrap().0;
    let views: i64 = store
        .raw_connection_for_tests()
        .query_row(
            "SELECT count(*) FROM main.audit_log WHERE action = 'view' AND client_id = :c AND user_id = :u",
            rusqlite::named_params! {":c": w.x.to_string(), ":u": ana.user_id.to_string()},
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(views, 1);
    store
        .raw_connection_for_tests()
        .execute(
            "UPDATE main.audit_log SET user_id = :m WHERE action = 'view'",
            rusqlite::named_params! {":m": m.user_id.to_string()},
        )
        .unwrap();
    let mut store = store;
    let report = store.verify(&m).unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("was changed after it was written")),
        "{:?}",
        report.problems
    );
    store.raw_connection_for_tests().execute("DELETE FROM main.audit_log WHERE action = 'view'", []).unwrap();
    let report = store.verify(&m).unwrap();
    assert!(report.problems.iter().any(|p| p.contains("missing entries")), "{:?}", report.problems);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever the caseloads, shares and links, no list a scoped user can ask for holds a client
    /// outside their scope, and each sees all of their scope.
    #[test]
    fn no_query_shows_a_client_outside_the_scope(
        owners in proptest::collection::vec(0usize..2, 1..8),
        shares in proptest::collection::vec((0usize..8, 0usize..2), 0..4),
        links in proptest::collection::vec(0usize..8, 0..4),
    ) {
        let mut w = world();
        let m = w.manager.clone();
        let cws = [w.ana.clone(), w.ben.clone()];
        let mut clients = Vec::new();
        for (i, o) in owners.iter().enumerate() {
            clients.push((add(&mut w.store, &cws[*o], person("Client", &format!("Number{i}"))).id, *o));
        }
        let today = today_london();
        let mut shared: Vec<(ClientId, usize)> = Vec::new();
        for (c, to) in &shares {
            if let Some((id, _)) = clients.get(*c) {
                if w.store.write(&m, |tx| tx.share_client(*id, ShareWith::User(cws[*to].user_id), today)).is_ok() {
                    shared.push((*id, *to));
                }
            }
        }
        let mut linked = vec![w.x];
        for c in &links {
            if let Some((id, _)) = clients.get(*c) {
                if w.store.write(&m, |tx| tx.link_mentor(w.mentor_id, *id, today)).is_ok() {
                    linked.push(*id);
                }
            }
        }
        let base = [(w.x, 0usize), (w.y, 1), (w.z, 0)];
        for (who, actor) in cws.iter().enumerate() {
            let scope: BTreeSet<ClientId> = base.iter().chain(clients.iter()).filter(|(_, o)| *o == who).map(|(c, _)| *c)
                .chain(shared.iter().filter(|(_, t)| *t == who).map(|(c, _)| *c)).collect();
            for (name, probe) in probes() {
                if name == "the mentor's profile" { continue; }
                let got = probe(&mut w, actor).unwrap();
                prop_assert!(got.is_subset(&scope), "{} showed {:?} outside {:?}", name, got.difference(&scope), scope);
            }
            let listed = probes()[0].1(&mut w, actor).unwrap();
            prop_assert_eq!(listed, scope);
        }
        let scope: BTreeSet<ClientId> = linked.into_iter().collect();
        let mentor = w.mentor.clone();
        for (name, probe) in probes() {
            if let Ok(got) = probe(&mut w, &mentor) {
                prop_assert!(got.is_subset(&scope), "{} showed a mentor {:?}", name, got.difference(&scope));
            }
        }
    }
}

#[test]
fn a_manager_sees_who_saw_and_changed_a_client_and_nobody_else_can() {
    use throughcare_core::audit::{AuditAction, AuditFilter};
    let mut w = world();
    let (ana, m, x) = (w.ana.clone(), w.manager.clone(), w.x);
    w.store.open_client_record(&ana, x).unwrap();
    w.store
        .write(&ana, |tx| {
            tx.update_client(
                x,
                ClientPatch { phone: Some(Some("07700 900777".into())), ..Default::default() },
            )
        })
        .unwrap();
    let about_x = AuditFilter { client_id: Some(x), ..Default::default() };
    let rows = w.store.audit_entries(&m, &about_x, Page { offset: 0, limit: 500 }).unwrap();
    assert!(rows.items.iter().all(|r| r.client_id == Some(x)));
    let viewed = rows.items.iter().find(|r| r.action == AuditAction::View).unwrap();
    assert_eq!(viewed.user_name, "Ana Caseworker");
    assert_eq!(viewed.client_name.as_deref(), Some("Ada Lovelace"));
    // The phone change is listed with the field's name and never its value.
    let changed = rows
        .items
        .iter()
        .find(|r| r.action == AuditAction::Change && r.detail.as_deref() == Some("Phone"))
        .unwrap();
    assert_eq!(changed.user_id, Some(ana.user_id));
    assert!(rows.items.windows(2).all(|p| p[0].at >= p[1].at), "newest first");
    let csv = String::from_utf8(w.store.audit_csv(&m, &about_x).unwrap()).unwrap();
    assert!(csv.contains("Opened a record") && !csv.contains("07700 900777"));
    // Dates the wrong way round are refused on the second date.
    let backwards =
        AuditFilter { from: Some(today_london()), to: today_london().pred_opt(), ..Default::default() };
    assert_eq!(w.store.audit_entries(&m, &backwards, Page::default()).unwrap_err().field(), Some("to"));
    // Only what Ana did, and only views.
    let by_ana =
        AuditFilter { user_id: Some(ana.user_id), action: Some(AuditAction::View), ..Default::default() };
    let rows = w.store.audit_entries(&m, &by_ana, Page::default()).unwrap();
    assert_eq!(rows.total, 1);
    // Caseworkers and peer mentors may not read the log.
    for who in [ana, w.mentor.clone()] {
        assert_eq!(
            w.store.audit_entries(&who, &about_x, Page::default()).unwrap_err().kind(),
            ErrorKind::Forbidden
        );
    }
}

#[test]
fn a_peer_mentors_home_holds_their_people_and_what_going_with_them_needs() {
    let w = world();
    let mentor = w.mentor.clone();
    let home = w.store.reader(&mentor).mentor_home(today_london()).unwrap();
    assert_eq!(home.mentor_name, "Pat Mentor");
    assert_eq!(home.people.len(), 1);
    let ada = &home.people[0];
    assert_eq!(ada.name, "Ada Lovelace");
    assert_eq!(ada.phone.as_deref(), Some("07700 900123"));
    assert_eq!(ada.risks, vec![RiskFlag::NoLoneWorking]);
    assert_eq!(ada.upcoming.len(), 1, "her GP appointment tomorrow");
    let text = serde_json::to_string(&home).unwrap();
    for hidden in ["9434765919", "Quay Street", "mental_health", "relapse", "self_harm", "1985-03-02"] {
        assert!(!text.contains(hidden), "a mentor's home holds '{hidden}'");
    }
    // Only peer mentors have one.
    let ana = w.ana.clone();
    assert_eq!(w.store.reader(&ana).mentor_home(today_london()).unwrap_err().kind(), ErrorKind::Forbidden);
    // What each role may use is decided in core.
    let can = throughcare_core::authz::abilities(&mentor);
    assert!(
        can.mentor_home && !can.clients && !can.referrals && !can.sync && !can.manage_people && !can.audit
    );
    let can = throughcare_core::authz::abilities(&w.manager);
    assert!(can.clients && can.manage_people && can.audit && can.settings && !can.mentor_home);
    let can = throughcare_core::authz::abilities(&w.ana);
    assert!(can.clients && can.referrals && can.sync && !can.manage_people && !can.audit);
}

type Attempt = fn(&mut World, &Actor) -> throughcare_core::Result<()>;

/// What happened: done, or refused with this kind of error (and, for bad input, the field named).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome2 {
    Done,
    Refused(ErrorKind),
    Invalid(&'static str),
}
use Outcome2::{Done, Invalid, Refused};

fn outcome(r: throughcare_core::Result<()>) -> Outcome2 {
    match r {
        Ok(()) => Done,
        Err(Error::Validation { field, .. }) => match field.as_str() {
            "client_id" => Invalid("client_id"),
            "caseworker_id" => Invalid("caseworker_id"),
            other => panic!("unexpected field {other}"),
        },
        Err(e) => Refused(e.kind()),
    }
}

#[test]
fn every_write_entry_point_allows_or_refuses_each_role_and_a_refusal_changes_nothing() {
    let today = today_london();
    let attempts: Vec<(&str, Attempt, [Outcome2; 4])> = vec![
        (
            "change a client's phone",
            |w, a| {
                w.store
                    .write(a, |tx| {
                        tx.update_client(
                            w.x,
                            ClientPatch { phone: Some(Some("07700 900999".into())), ..Default::default() },
                        )
                    })
                    .map(|_| ())
            },
            [Done, Done, Refused(ErrorKind::NotFound), Refused(ErrorKind::Forbidden)],
        ),
        (
            "log a contact",
            |w, a| {
                let x = w.x;
                w.store
                    .write(a, |tx| {
                        tx.log_contact(NewContact {
                            client_id: x,
                            contact_on: today_london(),
                            kind: ContactKind::Phone,
                            minutes: 5,
                            summary: None,
                            follow_up_on: None,
                        })
                    })
                    .map(|_| ())
            },
            [Done, Done, Invalid("client_id"), Refused(ErrorKind::Forbidden)],
        ),
        (
            "make a referral",
            |w, a| {
                let x = w.x;
                w.store
                    .write(a, |tx| {
                        tx.make_referral(NewReferral {
                            client_id: x,
                            service_type: ServiceType::Dental,
                            service_id: None,
                            provider: None,
                            reason: None,
                            status: ReferralStatus::Draft,
                            on: today_london(),
                        })
                    })
                    .map(|_| ())
            },
            [Done, Done, Invalid("client_id"), Refused(ErrorKind::Forbidden)],
        ),
        (
            "book an appointment",
            |w, a| {
                let x = w.x;
                w.store
                    .write(a, |tx| {
                        tx.book_appointment(Booking {
                            client_id: x,
                            service_type: ServiceType::Optician,
                            service_id: None,
                            provider: None,
                            place: None,
                            starts_at: Timestamp::now().plus_seconds(5 * 86_400),
                            ends_at: None,
                            planned_accompaniment: Accompaniment::None,
                            planned_user_id: None,
                            planned_mentor_id: None,
                        })
                    })
                    .map(|_| ())
            },
            [Done, Done, Invalid("client_id"), Done],
        ),
        (
            "link a peer mentor",
            |w, a| {
                let (m, z) = (w.mentor_id, w.z);
                w.store.write(a, |tx| tx.link_mentor(m, z, today_london())).map(|_| ())
            },
            [Done, Done, Invalid("client_id"), Refused(ErrorKind::Forbidden)],
        ),
        (
            "close support",
            |w, a| {
                let z = w.z;
                w.store.write(a, |tx| tx.close_episode(z, today_london(), CloseReason::GoalsMet)).map(|_| ())
            },
            [Done, Done, Refused(ErrorKind::NotFound), Refused(ErrorKind::Forbidden)],
        ),
        (
            "add a client to your own caseload",
            |w, a| w.store.write(a, |tx| tx.create_client(person("New", "Person"), None)).map(|_| ()),
            [Done, Done, Done, Refused(ErrorKind::Forbidden)],
        ),
        (
            "share a client",
            |w, a| {
                let (x, ben) = (w.x, w.ben.user_id);
                w.store.write(a, |tx| tx.share_client(x, ShareWith::User(ben), today_london())).map(|_| ())
            },
            [
                Done,
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
            ],
        ),
        (
            "move a caseload",
            |w, a| {
                let (ana, ben) = (w.ana.user_id, w.ben.user_id);
                w.store.write(a, |tx| tx.reassign_caseload(ana, ben)).map(|_| ())
            },
            [
                Done,
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
            ],
        ),
        (
            "erase a person",
            |w, a| {
                let x = w.x;
                w.store.write(a, |tx| tx.erase_client(x))
            },
            [
                Done,
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
            ],
        ),
        (
            "add a person",
            |w, a| {
                let p = throughcare_core::people::NewPerson {
                    display_name: "Cara New".into(),
                    role: Role::Caseworker,
                    team_id: None,
                    mentor_id: None,
                    email: None,
                };
                w.store.add_person(a, p, None).map(|_| ())
            },
            [
                Done,
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
            ],
        ),
        (
            "set the lock minutes",
            |w, a| w.store.write(a, |tx| tx.set_lock_minutes(3)),
            [
                Done,
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
            ],
        ),
        (
            "make a sync file",
            |w, a| w.store.export_bundle(a, throughcare_core::sync::ExportTarget::All, None).map(|_| ()),
            [Done, Done, Done, Refused(ErrorKind::Forbidden)],
        ),
        (
            "check the database",
            |w, a| w.store.verify(a).map(|_| ()),
            [
                Done,
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
            ],
        ),
        (
            "take a backup",
            |w, a| {
                let out = w.store.path().with_extension("tcbackup");
                w.store.backup(a, &out, true).map(|_| ())
            },
            [
                Done,
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
                Refused(ErrorKind::Forbidden),
            ],
        ),
        (
            "import clients from a spreadsheet",
            |w, a| {
                let csv = "given_name,family_name\nIvy,Import\n";
                w.store
                    .import_clients_csv(a, csv.as_bytes(), throughcare_core::import::ImportOptions::default())
                    .map(|_| ())
            },
            [Done, Done, Done, Refused(ErrorKind::Forbidden)],
        ),
    ];
    let names = ["manager", "Ana", "Ben", "mentor"];
    for (what, attempt, want) in attempts {
        for (i, expected) in want.iter().enumerate() {
            let mut w = world();
            let actor = [&w.manager, &w.ana, &w.ben, &w.mentor][i].clone();
            let m = w.manager.clone();
            let before = (w.store.reader(&m).op_count().unwrap(), export_of(&mut w, &m));
            let got = outcome(attempt(&mut w, &actor));
            assert_eq!(&got, expected, "{what} as {}", names[i]);
            if got != Done {
                let after = (w.store.reader(&m).op_count().unwrap(), export_of(&mut w, &m));
                assert_eq!(before, after, "a refused '{what}' as {} changed something", names[i]);
            }
        }
    }
    let _ = today;
}

/// Every record table as the manager would export it.
fn export_of(w: &mut World, m: &Actor) -> Vec<(String, String)> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("e");
    w.store.export_json(m, &out).unwrap();
    let mut files: Vec<(String, String)> = std::fs::read_dir(&out)
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.ends_with(".json") && !["audit_log.json", "ops.json", "peers.json"].contains(&n.as_ref())
        })
        .map(|p| {
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}
