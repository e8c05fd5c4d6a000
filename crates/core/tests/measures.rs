//! Outcome measures and the service directory as a caseworker and a manager meet them: a PHQ-9
//! recorded at a baseline and a review shows the change and whether it is reliable; scores outside
//! a scale are refused beside their field; managers keep the directory, closed services leave the
//! forms' lists, and each service shows its median wait from referral to first appointment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Datelike, Days};
use common::*;
use throughcare_core::Error;
use throughcare_core::enums::*;
use throughcare_core::model::measures::NewMeasure;
use throughcare_core::model::referrals::NewReferral;
use throughcare_core::model::services::{ServiceFields, ServicePatch};
use throughcare_core::time::today_london;

#[test]
fn a_review_reads_against_the_baseline_and_bad_scores_are_refused() {
    let (_d, _p, mut store, m) = new_store();
    let c = add(&mut store, &m, person("Ola", "Nowak")).id;
    let today = today_london();
    let month_ago = today.checked_sub_days(Days::new(30)).unwrap();
    let phq = |answers: Option<Vec<u8>>, total: Option<u8>, on| NewMeasure {
        client_id: c,
        scale: MeasureScale::Phq9,
        taken_on: on,
        answers,
        total,
    };
    // Baseline 16 (moderately severe), answered item by item, question 9 above 0.
    store
        .write(&m, |tx| tx.record_measure(phq(Some(vec![2, 2, 2, 2, 2, 2, 2, 1, 1]), None, month_ago)))
        .unwrap();
    // Review 9 (mild) from a paper form's total.
    store.write(&m, |tx| tx.record_measure(phq(None, Some(9), today))).unwrap();
    let series = store.reader(&m).measures(c).unwrap();
    assert_eq!(series.len(), 1);
    let s = &series[0];
    assert_eq!(s.readings.len(), 2);
    assert!(s.readings[0].baseline);
    assert_eq!((s.readings[0].measure.fields.total, s.readings[0].band.as_str()), (16, "moderately severe"));
    assert!(s.readings[0].warning.as_deref().unwrap().contains("item 9"));
    assert_eq!(s.readings[1].change, Some(-7));
    assert!(s.readings[1].reliable_improvement);
    assert_eq!(s.readings[1].band, "mild");
    assert!(s.readings[1].change_words.as_deref().unwrap().contains("reliable improvement"));

    // Out of range: an answer of 4, a total of 28, a wrong number of answers, no answers at all.
    let mut e = |n| store.write(&m, |tx| tx.record_measure(n)).unwrap_err();
    let field = |e: Error| e.field().map(str::to_owned);
    assert_eq!(
        field(e(phq(Some(vec![4, 0, 0, 0, 0, 0, 0, 0, 0]), None, today))).as_deref(),
        Some("answers.1")
    );
    assert_eq!(field(e(phq(None, Some(28), today))).as_deref(), Some("total"));
    assert_eq!(field(e(phq(Some(vec![1, 1]), None, today))).as_deref(), Some("answers"));
    assert_eq!(field(e(phq(None, None, today))).as_deref(), Some("answers"));
    let tomorrow = today.succ_opt().unwrap();
    assert_eq!(field(e(phq(None, Some(3), tomorrow))).as_deref(), Some("taken_on"));
    assert_eq!(store.reader(&m).measures(c).unwrap()[0].readings.len(), 2, "nothing more was written");
}

#[test]
fn managers_keep_the_directory_and_each_service_shows_its_median_wait() {
    let (_d, _p, mut store, m) = new_store();
    let svc = |name: &str| ServiceFields {
        name: name.into(),
        service_type: ServiceType::DrugAlcohol,
        address: None,
        phone: Some("0113 000 0000".into()),
        email: Some("referrals@example.org".into()),
        area: Some("Leeds".into()),
        notes: None,
        referral_route: Some("Email the form; self-referral by phone".into()),
        closed_on: None,
    };
    let forward = store.write(&m, |tx| tx.add_service(svc("Forward Leeds"))).unwrap();
    let e = store
        .write(&m, |tx| tx.add_service(ServiceFields { email: Some("nope".into()), ..svc("X") }))
        .unwrap_err();
    assert_eq!(e.field(), Some("email"));

    // Waits of 10, 20 and 40 days: the median is 20; one more still waiting. A wait of 100 days
    // that ended 400 days ago is older than the 12 months counted.
    let c = add(&mut store, &m, person("Ola", "Nowak")).id;
    let today = today_london();
    for (sent_ago, first_after) in
        [(60u64, Some(10u64)), (50, Some(20)), (45, Some(40)), (5, None), (500, Some(100))]
    {
        let sent = today.checked_sub_days(Days::new(sent_ago)).unwrap();
        let r = store
            .write(&m, |tx| {
                tx.make_referral(NewReferral {
                    client_id: c,
                    service_type: ServiceType::DrugAlcohol,
                    service_id: Some(forward.id),
                    provider: None,
                    reason: None,
                    status: ReferralStatus::Sent,
                    on: sent,
                })
            })
            .unwrap();
        if let Some(after) = first_after {
            let on = sent.checked_add_days(Days::new(after)).unwrap();
            store.write(&m, |tx| tx.move_referral(r.id, ReferralStatus::Accepted, on)).unwrap();
            store.write(&m, |tx| tx.move_referral(r.id, ReferralStatus::FirstAppointment, on)).unwrap();
        }
    }
    let dir = store.reader(&m).service_directory(today_london()).unwrap();
    let row = dir.iter().find(|s| s.service.id == forward.id).unwrap();
    assert_eq!((row.median_wait_days, row.waits_counted, row.waiting_now), (Some(20.0), 3, 1));

    // A caseworker may not change the directory.
    let ana = caseworker(&mut store, &m, "Ana Caseworker");
    let e = store.write(&ana, |tx| tx.add_service(svc("Mine"))).unwrap_err();
    assert!(matches!(e, Error::Forbidden { .. }));

    // Closed: gone from the forms' list, still in the directory (last).
    let closed = ServicePatch { closed_on: Some(Some(today)), ..Default::default() };
    store.write(&m, |tx| tx.update_service(forward.id, closed)).unwrap();
    let offered = store.reader(&m).services(Some(ServiceType::DrugAlcohol)).unwrap();
    assert!(offered.iter().all(|s| s.id != forward.id));
    let dir = store.reader(&m).service_directory(today_london()).unwrap();
    assert_eq!(dir.last().unwrap().service.id, forward.id);
    let later = ServicePatch { closed_on: Some(today.succ_opt()), ..Default::default() };
    let e = store.write(&m, |tx| tx.update_service(forward.id, later)).unwrap_err();
    assert_eq!(e.field(), Some("closed_on"));
}

#[test]
fn an_organisation_chooses_its_questionnaires_and_earlier_readings_stay() {
    let (_d, _p, mut store, m) = new_store();
    let c = add(&mut store, &m, person("Ola", "Nowak")).id;
    let today = today_london();
    let gad = |total| NewMeasure {
        client_id: c,
        scale: MeasureScale::Gad7,
        taken_on: today,
        answers: None,
        total: Some(total),
    };
    assert!(
        store.reader(&m).scale_forms().unwrap().iter().all(|s| s.offered),
        "every one until a manager chooses"
    );
    store.write(&m, |tx| tx.record_measure(gad(12))).unwrap();

    store.write(&m, |tx| tx.set_offered_scales(&[MeasureScale::Phq9, MeasureScale::Wellbeing])).unwrap();
    let forms = store.reader(&m).scale_forms().unwrap();
    let offered: Vec<MeasureScale> = forms.iter().filter(|s| s.offered).map(|s| s.scale).collect();
    assert_eq!(offered, [MeasureScale::Phq9, MeasureScale::Wellbeing]);
    let e = store.write(&m, |tx| tx.record_measure(gad(8))).unwrap_err();
    assert_eq!(e.field(), Some("scale"));
    assert!(e.to_string().contains("does not use the GAD-7"), "{e}");
    // The reading taken before stays on the record.
    assert_eq!(store.reader(&m).measures(c).unwrap()[0].readings.len(), 1);

    // A caseworker may not choose.
    let ana = caseworker(&mut store, &m, "Ana Caseworker");
    let e = store.write(&ana, |tx| tx.set_offered_scales(&[MeasureScale::Gad7])).unwrap_err();
    assert!(matches!(e, Error::Forbidden { .. }));
}

#[test]
fn the_months_reviews_count_each_persons_latest_against_their_first_and_list_them() {
    use throughcare_core::report::{Audience, ReportRequest, ReportScope};
    let (_d, _p, mut store, m) = new_store();
    let today = today_london();
    let first = today.with_day(1).unwrap().checked_sub_months(chrono::Months::new(1)).unwrap();
    let before = first.checked_sub_days(Days::new(20)).unwrap();
    let on = |days| first.checked_add_days(Days::new(days)).unwrap();
    // Supported since before the month, so that the month can be summarised.
    let mut client = |given, family| {
        store.write(&m, |tx| tx.create_client(person(given, family), Some(before))).unwrap().id
    };
    let (ola, ben, cy, dee) =
        (client("Ola", "Nowak"), client("Ben", "Okafor"), client("Cy", "Hart"), client("Dee", "Marsh"));
    let mut phq = |c, total, taken_on| {
        let n = NewMeasure {
            client_id: c,
            scale: MeasureScale::Phq9,
            taken_on,
            answers: None,
            total: Some(total),
        };
        store.write(&m, |tx| tx.record_measure(n)).unwrap().id.to_string()
    };
    // Ola: 20 before the month, 15 and then 8 in it: the later review counts, a reliable improvement.
    phq(ola, 20, before);
    phq(ola, 15, on(2));
    let ola_latest = phq(ola, 8, on(10));
    // Ben: his first reading is in the month, so it is a baseline, not a review.
    phq(ben, 12, on(3));
    // Cy: 18 before, 17 in the month: reviewed, not improved. Dee: reviewed, then her record archived.
    phq(cy, 18, before);
    let cy_review = phq(cy, 17, on(5));
    phq(dee, 22, before);
    phq(dee, 5, on(6));
    store.write(&m, |tx| tx.archive_client(dee)).unwrap();

    let request = ReportRequest {
        month: first.format("%Y-%m").to_string(),
        scope: ReportScope::Organisation,
        audience: Audience::Internal,
    };
    let phq9 = store.monthly_summary(&m, &request).unwrap().outcomes.phq9;
    assert_eq!((phq9.numerator.value, phq9.denominator.value), (Some(1), Some(2)));
    let listed = |key: &str| -> Vec<(String, String)> {
        store
            .report_records(&m, &request, key)
            .unwrap()
            .into_iter()
            .map(|r| (r.client_name, r.record_id))
            .collect()
    };
    assert_eq!(
        listed("outcomes.phq9.reviewed"),
        [("Cy Hart".to_owned(), cy_review), ("Ola Nowak".to_owned(), ola_latest.clone())]
    );
    assert_eq!(listed("outcomes.phq9.improved"), [("Ola Nowak".to_owned(), ola_latest)]);
}
