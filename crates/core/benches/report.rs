//! The monthly summary at charity scale: 100,000 clients (about 750,000 appointments).
//!
//! `make bench` prints how long the whole summary for last month takes (the month's figures and the
//! 12-month trend), beside the floor: the same main aggregates (the month's appointments by outcome
//! and by who was to go with them, and the trend's attended and missed appointments by month) done
//! as bare SQL on the same database, with no scope and no Rust around them. Target: under 250 ms, and
//! within twice the floor.
//! It also prints the first summary after opening (`report/first`), which reads every page from the
//! file: what a manager meets opening Reports once a month, when the file is not in memory; and
//! the records behind its largest figure (`report/records`, every active client), with the size of
//! the list the app sends the page; and the same summary asked for again with nothing changed
//! (`report/again`), which is kept rather than worked out again.
//!
//! The database is the screens benchmark's of 100,000 clients, made once (about two minutes)
//! and kept in `~/.cache/throughcare/bench/`; set `REPORT_DB`, `THROUGHCARE_PASSPHRASE` (and
//! `REPORT_USER`, a manager's name) to use another one.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, clippy::print_stdout)]

/// The programs' allocator, so that the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::time::Instant;

use chrono::{Datelike, Months};
use throughcare_core::Store;
use throughcare_core::report::{Audience, ReportRequest, ReportScope};
use throughcare_core::time::{london_month_bounds, today_london};

mod common;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let (db, pass, user) = match std::env::var_os("REPORT_DB") {
        Some(p) => (
            PathBuf::from(p),
            std::env::var("THROUGHCARE_PASSPHRASE").unwrap(),
            std::env::var("REPORT_USER").ok(),
        ),
        None => {
            // This benchmark once seeded a database of its own; the screens benchmark's is the same size.
            for old in ["report-100k.db", "report-100k.db.keys", "report-100k.db-wal", "report-100k.db-shm"] {
                let _ = std::fs::remove_file(common::dir().join(old));
            }
            (common::database(100_000), common::PASS.to_owned(), Some(common::MANAGER.to_owned()))
        }
    };
    let (store, manager) = Store::unlock(&db, user.as_deref(), &pass).unwrap();
    let last = today_london().with_day(1).unwrap().checked_sub_months(Months::new(1)).unwrap();
    let month = last.format("%Y-%m").to_string();
    let request = ReportRequest {
        month: month.clone(),
        scope: ReportScope::Organisation,
        audience: Audience::Internal,
    };

    // The first summary after opening reads every page from the file (from the disk too, if the
    // computer has not kept the file in memory); then five runs with SQLite's cache as warm as it gets.
    let t = Instant::now();
    let s = store.monthly_summary(&manager, &request).unwrap();
    let first = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "{month}: {} active clients, {} appointments, {} referrals made",
        s.clients.active.value.unwrap_or(0),
        s.appointments.by_outcome.total.value.unwrap_or(0),
        s.referrals.made.total.value.unwrap_or(0)
    );
    // Asked again with nothing changed: the summary kept from the last run.
    let again = median(
        (0..5)
            .map(|_| {
                let t = Instant::now();
                store.monthly_summary(&manager, &request).unwrap();
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    );
    let runs: Vec<f64> = (0..5)
        .map(|_| {
            store.forget_kept_summary();
            let t = Instant::now();
            store.monthly_summary(&manager, &request).unwrap();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let summary = median(runs);

    // The floor: the main aggregates as bare SQL.
    let conn = store.raw_connection_for_tests();
    let (start, end) = london_month_bounds(last.year(), last.month()).unwrap();
    let year_start = {
        let first = last.checked_sub_months(Months::new(11)).unwrap();
        london_month_bounds(first.year(), first.month()).unwrap().0
    };
    let floor_once = || {
        let t = Instant::now();
        let mut st = conn
            .prepare_cached(
                "SELECT outcome, rescheduled_to IS NOT NULL, planned_accompaniment, count(*) FROM main.appointments
                 WHERE starts_at >= ?1 AND starts_at < ?2 GROUP BY 1, 2, 3",
            )
            .unwrap();
        let n: usize = st.query_map([start.to_string(), end.to_string()], |_| Ok(())).unwrap().count();
        let mut st = conn
            .prepare_cached(
                "SELECT substr(starts_at, 1, 7), outcome, planned_accompaniment = 'none', count(*) FROM main.appointments
                 WHERE starts_at >= ?1 AND starts_at < ?2 AND rescheduled_to IS NULL AND outcome IN ('attended', 'dna')
                 GROUP BY 1, 2, 3",
            )
            .unwrap();
        let m: usize = st.query_map([year_start.to_string(), end.to_string()], |_| Ok(())).unwrap().count();
        assert!(n > 0 && m > 0);
        t.elapsed().as_secs_f64() * 1000.0
    };
    floor_once();
    let floor = median((0..5).map(|_| floor_once()).collect());
    println!(
        "report/summary  {summary:>8.1} ms  the whole monthly summary, with the 12-month trend (target: under 250 ms)"
    );
    println!(
        "report/first    {first:>8.1} ms  the first summary after opening, every page read from the file (from the disk if it was not in memory)"
    );
    println!(
        "report/again    {again:>8.1} ms  the same summary asked for again with nothing changed (shown again, saved as a file, or for the other audience)"
    );
    println!("report/floor    {floor:>8.1} ms  its main aggregates as bare SQL");
    // The longest list behind a figure: every active client. What the app sends is its JSON.
    let mut sent = 0;
    let records = median(
        (0..3)
            .map(|_| {
                let t = Instant::now();
                let rows = store.report_records(&manager, &request, "clients.active").unwrap();
                let took = t.elapsed().as_secs_f64() * 1000.0;
                sent = serde_json::to_vec(&rows).unwrap().len();
                took
            })
            .collect(),
    );
    println!(
        "report/records  {records:>8.1} ms  the records behind its largest figure, every active client ({:.1} MB as the app sends it)",
        sent as f64 / 1e6
    );
    println!("report/ratio    {:>8.2}x    (target: within 2x)", summary / floor);
}
