//! A person's rights over their data as a caseworker and a manager honour them. Consent: each
//! decision is kept with its date, how it was given and who recorded it; the latest decision of each
//! purpose is what counts; a referral to a health service cannot be sent once the person has said no
//! to sharing with health services; withdrawing consent to keep their details leaves the record
//! marked for erasure until a manager erases it. Subject access: everything held about them, read
//! back from the file and checked against the record, private, audited, and only within scope.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::Days;
use common::*;
use throughcare_core::Error;
use throughcare_core::enums::*;
use throughcare_core::ids::ClientId;
use throughcare_core::model::consents::NewConsent;
use throughcare_core::model::referrals::NewReferral;
use throughcare_core::time::today_london;

fn decision(client: ClientId, purpose: ConsentPurpose, given: bool, days_ago: u64) -> NewConsent {
    NewConsent {
        client_id: client,
        purpose,
        given,
        decided_on: today_london().checked_sub_days(Days::new(days_ago)).unwrap(),
        method: given.then_some(ConsentMethod::Written),
    }
}

fn referral(client: ClientId, service_type: ServiceType, status: ReferralStatus) -> NewReferral {
    NewReferral {
        client_id: client,
        service_type,
        service_id: None,
        provider: None,
        reason: None,
        status,
        on: today_london(),
    }
}

#[test]
fn every_decision_is_kept_and_a_no_to_health_stops_a_health_referral_being_sent() {
    let (_d, _p, mut store, m) = new_store();
    let cw = caseworker(&mut store, &m, "Ana Price");
    let c = add(&mut store, &cw, person("Ola", "Nowak")).id;
    store.write(&cw, |tx| tx.record_consent(decision(c, ConsentPurpose::ShareHealth, true, 30))).unwrap();
    store.write(&cw, |tx| tx.record_consent(decision(c, ConsentPurpose::ShareHealth, false, 2))).unwrap();

    let consent = store.reader(&cw).consent(c).unwrap();
    let health = consent.current.iter().find(|s| s.purpose == ConsentPurpose::ShareHealth).unwrap();
    assert_eq!(health.given, Some(false));
    assert_eq!(health.recorded_by.as_deref(), Some("Ana Price"));
    assert_eq!(consent.history.len(), 2, "the earlier agreement is still there");
    assert!(!consent.history[0].consent.fields.given, "newest first");
    assert!(consent.history[1].consent.fields.given);
    assert_eq!(consent.history[1].consent.fields.method, Some(ConsentMethod::Written));
    assert_eq!(consent.history[1].recorded_by_name, "Ana Price");
    // The client's own fields say the same, so lists and other devices' older versions agree.
    assert_eq!(store.reader(&cw).client(c).unwrap().fields.consent_share_health, Some(false));
    // Never asked about probation.
    let probation = consent.current.iter().find(|s| s.purpose == ConsentPurpose::ShareProbation).unwrap();
    assert_eq!(probation.given, None);

    // Sending to a health service is refused, beside the status; a draft may wait.
    let e = store
        .write(&cw, |tx| tx.make_referral(referral(c, ServiceType::MentalHealth, ReferralStatus::Sent)))
        .unwrap_err();
    assert_eq!(e.field(), Some("status"));
    assert!(e.to_string().contains("not agreed to their details being shared with health services"), "{e}");
    let draft = store
        .write(&cw, |tx| tx.make_referral(referral(c, ServiceType::MentalHealth, ReferralStatus::Draft)))
        .unwrap();
    let e =
        store.write(&cw, |tx| tx.move_referral(draft.id, ReferralStatus::Sent, today_london())).unwrap_err();
    assert_eq!(e.field(), Some("status"));
    assert_eq!(store.reader(&cw).referral(draft.id).unwrap().fields.status, ReferralStatus::Draft);
    // Housing is not a health service.
    store.write(&cw, |tx| tx.make_referral(referral(c, ServiceType::Housing, ReferralStatus::Sent))).unwrap();

    // They change their mind: the draft can go.
    store.write(&cw, |tx| tx.record_consent(decision(c, ConsentPurpose::ShareHealth, true, 0))).unwrap();
    store.write(&cw, |tx| tx.move_referral(draft.id, ReferralStatus::Sent, today_london())).unwrap();
    assert_eq!(store.reader(&cw).consent(c).unwrap().history.len(), 3);
    assert!(store.verify(&m).unwrap().is_ok(), "the decisions are in the op log like any record");
}

#[test]
fn bad_decisions_are_refused_beside_their_field_and_change_nothing() {
    let (_d, _p, mut store, m) = new_store();
    let c = add(&mut store, &m, person("Ola", "Nowak")).id;
    store.write(&m, |tx| tx.record_consent(decision(c, ConsentPurpose::Store, true, 10))).unwrap();
    let mut refused = |n: NewConsent| store.write(&m, |tx| tx.record_consent(n)).unwrap_err();
    let mut no_method = decision(c, ConsentPurpose::ShareProbation, true, 0);
    no_method.method = None;
    assert_eq!(refused(no_method).field(), Some("method"));
    let mut tomorrow = decision(c, ConsentPurpose::ShareProbation, true, 0);
    tomorrow.decided_on = today_london().succ_opt().unwrap();
    assert_eq!(refused(tomorrow).field(), Some("decided_on"));
    // Earlier than the decision already recorded for the same purpose.
    assert_eq!(refused(decision(c, ConsentPurpose::Store, false, 20)).field(), Some("decided_on"));
    let mut nobody = decision(c, ConsentPurpose::Store, true, 0);
    nobody.client_id = ClientId::new();
    assert_eq!(refused(nobody).field(), Some("client_id"));
    let consent = store.reader(&m).consent(c).unwrap();
    assert_eq!(consent.history.len(), 1);
    assert_eq!(store.reader(&m).client(c).unwrap().fields.consent_withdrawn_on, None);
}

#[test]
fn withdrawing_consent_to_keep_their_details_marks_the_record_for_erasure() {
    let (_d, _p, mut store, m) = new_store();
    let cw = caseworker(&mut store, &m, "Ana Price");
    let mut f = person("Ola", "Nowak");
    f.nhs_number = Some("943 476 5919".into());
    let c = add(&mut store, &cw, f).id;
    store.write(&cw, |tx| tx.record_consent(decision(c, ConsentPurpose::Store, true, 10))).unwrap();
    assert!(!store.reader(&cw).consent(c).unwrap().erasure_due);

    store.write(&cw, |tx| tx.record_consent(decision(c, ConsentPurpose::Store, false, 0))).unwrap();
    let consent = store.reader(&cw).consent(c).unwrap();
    assert!(consent.erasure_due);
    assert_eq!(consent.current[0].given, Some(false));
    // A caseworker cannot erase; the details stay for the manager who will.
    assert!(matches!(store.write(&cw, |tx| tx.erase_client(c)), Err(Error::Forbidden { .. })));
    assert!(store.reader(&m).client(c).unwrap().fields.nhs_number.is_some());

    store.write(&m, |tx| tx.erase_client(c)).unwrap();
    let consent = store.reader(&m).consent(c).unwrap();
    assert!(!consent.erasure_due, "done");
    assert_eq!(consent.history.len(), 2, "the decisions themselves hold nothing personal and stay");
    let e = store.write(&m, |tx| tx.record_consent(decision(c, ConsentPurpose::Store, true, 0))).unwrap_err();
    assert_eq!(e.field(), Some("client_id"));
}

#[test]
fn a_peer_mentor_neither_sees_nor_records_consent() {
    let (_d, _p, mut store, m) = new_store();
    let c = add(&mut store, &m, person("Ola", "Nowak")).id;
    let mentor = store.write(&m, |tx| tx.add_mentor(mentor_fields("Dee Quinn"))).unwrap();
    let u = store
        .write(&m, |tx| {
            tx.add_user(throughcare_core::model::users::UserFields {
                display_name: "Dee Quinn".into(),
                role: Role::PeerMentor,
                email: None,
                team_id: None,
                mentor_id: Some(mentor.id),
            })
        })
        .unwrap();
    let dee = store.actor(u.id).unwrap();
    assert!(matches!(store.reader(&dee).consent(c), Err(Error::Forbidden { .. })));
    let e =
        store.write(&dee, |tx| tx.record_consent(decision(c, ConsentPurpose::Store, true, 0))).unwrap_err();
    assert!(matches!(e, Error::Forbidden { .. }), "{e:?}");
}

#[test]
fn everything_held_about_a_person_is_written_privately_read_back_and_audited() {
    use std::os::unix::fs::PermissionsExt;
    use throughcare_core::model::contacts::NewContact;
    let (dir, _p, mut store, m) = new_store();
    let cw = caseworker(&mut store, &m, "Ana Price");
    let mut f = person("Ola", "Nowak");
    f.nhs_number = Some("943 476 5919".into());
    let c = add(&mut store, &cw, f).id;
    store.write(&cw, |tx| tx.record_consent(decision(c, ConsentPurpose::ShareHealth, true, 3))).unwrap();
    store
        .write(&cw, |tx| {
            tx.log_contact(NewContact {
                client_id: c,
                contact_on: today_london(),
                kind: ContactKind::Phone,
                minutes: 20,
                summary: Some("Talked through the GP letter".into()),
                follow_up_on: None,
            })
        })
        .unwrap();
    store.open_client_record(&cw, c).unwrap();
    // A file that carried the organisation's data away: the audit log's CSV.
    store.audit_csv(&m, &Default::default()).unwrap();

    let out = dir.path().join("sar");
    std::fs::create_dir(&out).unwrap();
    let pdf =
        out.join(throughcare_core::subject_access::file_name(c, throughcare_core::time::Timestamp::now()));
    let saved = store.write_subject_access(&cw, c, None, &pdf).unwrap();
    for f in [&saved.pdf, &saved.json] {
        let mode = std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{} is readable by others", f.display());
    }
    assert!(std::fs::read(&saved.pdf).unwrap().starts_with(b"%PDF-"));
    assert!(!saved.pdf.to_string_lossy().contains("Nowak"), "the file name names nobody");

    // Read back: the same person, details, note, consent history and who looked.
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&saved.json).unwrap()).unwrap();
    let record = store.reader(&cw).consent(c).unwrap();
    assert_eq!(json["record"]["client"]["id"], c.to_string());
    assert_eq!(json["record"]["client"]["nhs_number"], "9434765919");
    assert_eq!(json["record"]["contacts"][0]["summary"], "Talked through the GP letter");
    assert_eq!(json["record"]["consent"]["history"].as_array().unwrap().len(), record.history.len());
    assert_eq!(json["produced_by"], "Ana Price");
    let access = json["access"].as_array().unwrap();
    assert!(access.iter().any(|a| a["action"] == "view" && a["user_name"] == "Ana Price"), "{access:?}");
    assert!(access.iter().any(|a| a["action"] == "change"), "changes to the record are listed");
    let files = json["files"].as_array().unwrap();
    assert!(files.iter().any(|a| a["action"] == "export"), "{files:?}");

    // Audited, naming the person by id only.
    let audited = store
        .audit_entries(
            &m,
            &throughcare_core::audit::AuditFilter {
                action: Some(throughcare_core::audit::AuditAction::SubjectAccess),
                ..Default::default()
            },
            throughcare_core::model::Page { offset: 0, limit: 10 },
        )
        .unwrap();
    assert_eq!(audited.items.len(), 1);
    assert_eq!(audited.items[0].client_id, Some(c));
}

#[test]
fn subject_access_outside_the_users_scope_is_not_found_and_writes_nothing() {
    let (dir, _p, mut store, m) = new_store();
    let ana = caseworker(&mut store, &m, "Ana Price");
    let ben = caseworker(&mut store, &m, "Ben Cole");
    let c = add(&mut store, &ana, person("Ola", "Nowak")).id;
    let pdf = dir.path().join("sar.pdf");
    let e = store.write_subject_access(&ben, c, None, &pdf).unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");
    assert!(!pdf.exists() && !dir.path().join("sar.json").exists());
    let e = store.write_subject_access(&ana, c, today_london().succ_opt(), &pdf).unwrap_err();
    assert_eq!(e.field(), Some("since"));
    assert!(!pdf.exists());
}

#[test]
fn records_past_the_keeping_time_are_listed_for_a_manager_to_erase_or_keep_with_a_reason() {
    let (_d, _p, mut store, m) = new_store();
    let today = today_london();
    let years_ago = |y: u32| today.checked_sub_months(chrono::Months::new(12 * y)).unwrap();
    let closed = |store: &mut throughcare_core::Store, name: &str, closed_on| {
        let c = store.write(&m, |tx| tx.create_client(person(name, "Long"), Some(years_ago(9)))).unwrap().id;
        store.write(&m, |tx| tx.close_episode(c, closed_on, CloseReason::GoalsMet)).unwrap();
        c
    };
    let old = closed(&mut store, "Ada", years_ago(7));
    let older = closed(&mut store, "Bea", years_ago(8));
    let recent = closed(&mut store, "Cal", years_ago(2));
    let _open = add(&mut store, &m, person("Dee", "Open")).id;

    // Six years unless a manager chooses: the two closed seven and eight years ago, oldest first.
    let list = store.reader(&m).retention_due(today).unwrap();
    assert_eq!(list.years, 6);
    assert_eq!(list.due.iter().map(|r| r.client_id).collect::<Vec<_>>(), vec![older, old]);
    assert_eq!(list.total, 2);
    assert_eq!(list.due[1].name, "Ada Long");
    assert_eq!(list.due[1].closed_on, years_ago(7));
    assert_eq!(list.due[1].due_on, years_ago(1));

    // Outside 1 to 20 years is refused beside the setting; two years brings in the third.
    for bad in [0, 21] {
        let e = store.write(&m, |tx| tx.set_retention_years(bad)).unwrap_err();
        assert_eq!(e.field(), Some("retention_years"), "{bad}");
    }
    assert_eq!(store.reader(&m).retention_years().unwrap(), 6);
    store.write(&m, |tx| tx.set_retention_years(1)).unwrap();
    assert_eq!(store.reader(&m).retention_due(today).unwrap().total, 3);
    assert!(!store.reader(&m).retention_due(today).unwrap().due.iter().any(|r| r.name.starts_with("Dee")));
    store.write(&m, |tx| tx.set_retention_years(6)).unwrap();

    // Kept with a reason: off the list for a year. A reason is needed.
    let e = store.write(&m, |tx| tx.keep_past_retention(old, "  ")).unwrap_err();
    assert_eq!(e.field(), Some("reason"));
    store.write(&m, |tx| tx.keep_past_retention(old, "A safeguarding review is still open.")).unwrap();
    // Erased: off the list for good, and nothing left to keep.
    store.write(&m, |tx| tx.erase_client(older)).unwrap();
    let list = store.reader(&m).retention_due(today).unwrap();
    assert_eq!(list.total, 0, "{:?}", list.due);
    let e = store.write(&m, |tx| tx.keep_past_retention(older, "Just in case.")).unwrap_err();
    assert_eq!(e.field(), Some("client_id"));
    let kept = store
        .audit_entries(
            &m,
            &throughcare_core::audit::AuditFilter {
                action: Some(throughcare_core::audit::AuditAction::RetentionKeep),
                ..Default::default()
            },
            throughcare_core::model::Page { offset: 0, limit: 10 },
        )
        .unwrap();
    assert_eq!(kept.items.len(), 1);
    assert!(
        !kept.items[0].detail.as_deref().unwrap_or("").contains("safeguarding"),
        "the reason is not in the log"
    );
    let _ = recent;

    // Caseworkers neither see the list nor keep records.
    let cw = caseworker(&mut store, &m, "Ana Price");
    assert!(matches!(store.reader(&cw).retention_due(today), Err(Error::Forbidden { .. })));
    assert!(matches!(store.write(&cw, |tx| tx.set_retention_years(3)), Err(Error::Forbidden { .. })));
}

#[test]
fn restoring_a_backup_made_before_an_erasure_erases_the_person_again_before_it_is_used() {
    use throughcare_core::backup;
    let (dir, path, mut store, m) = new_store();
    let team = store.reader(&m).teams().unwrap()[0].id;
    let ana_pass = "kettle violet harbour lamp";
    store
        .add_person(
            &m,
            throughcare_core::people::NewPerson {
                display_name: "Ana Price".into(),
                role: Role::Caseworker,
                team_id: Some(team),
                mentor_id: None,
                email: None,
            },
            Some(ana_pass),
        )
        .unwrap();
    let mut f = person("Ola", "Nowak");
    f.nhs_number = Some("943 476 5919".into());
    let ola = add(&mut store, &m, f).id;
    let kept = add(&mut store, &m, person("Ben", "Cole")).id;
    let file = dir.path().join("before.tcbak");
    store.backup(&m, &file, false).unwrap();
    store.write(&m, |tx| tx.erase_client(ola)).unwrap();
    // The register beside the database names the person by id only.
    let register = std::fs::read_to_string(throughcare_core::erasures::register_path(&path)).unwrap();
    assert!(
        register.contains(&ola.to_string())
            && !register.contains("Nowak")
            && !register.contains("9434765919")
    );
    drop(store);

    // A caseworker may not restore it: the erasure could not be made again. Nothing is replaced.
    let e = backup::restore(&file, &path, Some("Ana Price"), ana_pass, true).unwrap_err();
    assert_eq!(e.field(), Some("file"), "{e}");
    assert!(e.to_string().contains("A manager must restore it"), "{e}");
    let (store, m) = throughcare_core::Store::unlock(&path, Some("Morgan Hale"), PASS).unwrap();
    assert_eq!(
        store.reader(&m).client(ola).unwrap().fields.nhs_number,
        None,
        "the erased database is still in place"
    );
    drop(store);

    // A manager restores it: the person is erased again before it is handed back; others are untouched.
    let mut restored = backup::restore(&file, &path, Some("Morgan Hale"), PASS, true).unwrap();
    assert_eq!(restored.erased_again, 1);
    let r = restored.store.reader(&restored.actor);
    let c = r.client(ola).unwrap().fields;
    assert_eq!(
        (c.given_name.as_deref(), c.family_name.as_deref(), c.nhs_number.as_deref()),
        (None, Some("(erased)"), None)
    );
    assert!(r.search_clients("Nowak", 10).unwrap().is_empty());
    assert_eq!(r.client(kept).unwrap().fields.family_name.as_deref(), Some("Cole"));
    let actor = restored.actor.clone();
    assert!(restored.store.verify(&actor).unwrap().is_ok());
}

#[test]
fn erasure_blanks_health_offences_and_risks_but_keeps_what_the_figures_count() {
    use throughcare_core::model::custody::CustodyFields;
    use throughcare_core::model::measures::NewMeasure;
    let (_d, _p, mut store, m) = new_store();
    let today = today_london();
    let mut f = person("Ola", "Nowak");
    f.support_needs = vec![SupportNeed::MentalHealth, SupportNeed::Alcohol];
    f.risk_flags = vec![RiskFlag::SelfHarm];
    f.gp_status = GpStatus::Registered;
    f.gp_practice = Some("Hillside Surgery".into());
    f.gp_registered_on = Some(today.checked_sub_days(Days::new(40)).unwrap());
    f.gender = Some(Gender::Woman);
    f.justice_status = JusticeStatus::OnLicence;
    f.licence_end_date = Some(today.checked_add_days(Days::new(200)).unwrap());
    let c = add(&mut store, &m, f).id;
    let started = today.checked_sub_days(Days::new(300)).unwrap();
    let released = today.checked_sub_days(Days::new(60)).unwrap();
    let k = store
        .write(&m, |tx| {
            tx.add_custody(CustodyFields {
                client_id: c,
                kind: CustodyKind::Sentence,
                establishment: Some("HMP Leeds".into()),
                started_on: started,
                expected_release_on: Some(released),
                released_on: Some(released),
            })
        })
        .unwrap()
        .id;
    store
        .write(&m, |tx| {
            tx.record_measure(NewMeasure {
                client_id: c,
                scale: MeasureScale::Phq9,
                taken_on: today,
                answers: Some(vec![1, 2, 1, 0, 0, 1, 2, 0, 0]),
                total: None,
            })
        })
        .unwrap();
    store.write(&m, |tx| tx.erase_client(c)).unwrap();

    let r = store.reader(&m);
    let f = r.client(c).unwrap().fields;
    assert!(f.support_needs.is_empty() && f.risk_flags.is_empty());
    assert_eq!((f.justice_status, f.gp_status), (JusticeStatus::Unknown, GpStatus::Unknown));
    assert_eq!((f.gp_practice, f.licence_end_date), (None, None));
    // What the monthly figures count stays: equality monitoring, GP registration, custody dates, totals.
    assert_eq!(f.gender, Some(Gender::Woman));
    assert!(f.gp_registered_on.is_some());
    let k = r.custody_episodes(c).unwrap().into_iter().find(|x| x.id == k).unwrap().fields;
    assert_eq!((k.establishment, k.expected_release_on), (None, None));
    assert_eq!((k.kind, k.started_on, k.released_on), (CustodyKind::Sentence, started, Some(released)));
    let reading = &r.measures(c).unwrap()[0].readings[0].measure.fields;
    assert_eq!((reading.answers.clone(), reading.total), (None, 7));
    assert!(store.verify(&m).unwrap().is_ok());
}
