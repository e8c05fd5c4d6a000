//! What each screen costs at charity scale, as one table: `make bench` (or `cargo bench -p
//! throughcare-core --bench screens`).
//!
//! Databases of 10,000 and 100,000 clients (and 1,000,000 with `BENCH_SIZES=10000,100000,1000000`) are
//! seeded once through the normal write path and kept in `~/.cache/throughcare/bench/`, so a second
//! run measures at once. Each operation runs as the person who uses it (a manager, a caseworker, a
//! peer mentor), several times; the table gives the median and the 95th percentile, and where the
//! same answer has a plain-SQL floor on the same database, that floor and the ratio to it. The table
//! is also written as JSON (`$CARGO_TARGET_DIR/bench/screens.json`) and compared with the committed
//! `benches/screens.json`: any median more than 20% worse is listed at the end. Figures, never
//! pass or fail: a machine busy with something else is slower.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, missing_docs)]

/// The programs' allocator, so that the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use throughcare_core::calendar::CalendarOf;
use throughcare_core::enums::Role;
use throughcare_core::keyfile::KdfCost;
use throughcare_core::model::Page;
use throughcare_core::model::referrals::ReferralFilter;
use throughcare_core::time::today_london;
use throughcare_core::{Actor, NewDatabase, Store};

mod common;

use common::{MANAGER, PASS, database};

const RUNS: usize = 15;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Row {
    operation: String,
    clients: u32,
    median_ms: f64,
    p95_ms: f64,
    floor_ms: Option<f64>,
}

fn measure(mut f: impl FnMut()) -> (f64, f64) {
    f(); // warm
    let mut t: Vec<f64> = (0..RUNS)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    (t[t.len() / 2], t[(t.len() * 95).div_ceil(100) - 1])
}

/// The median time of a bare query on the database's own connection.
fn raw(store: &Store, sql: &str) -> f64 {
    let conn = store.raw_connection_for_tests();
    measure(|| {
        let mut st = conn.prepare_cached(sql).unwrap();
        let n = st.query_map([], |_| Ok(())).unwrap().count();
        std::hint::black_box(n);
    })
    .0
}

fn someone(store: &Store, manager: &Actor, role: Role) -> Option<Actor> {
    let users = store.reader(manager).users(false).ok()?;
    let u = users.iter().find(|u| u.fields.role == role)?;
    store.actor(u.id).ok()
}

fn run(clients: u32, rows: &mut Vec<Row>) {
    let path = database(clients);
    let mut add = |operation: &str, (median_ms, p95_ms): (f64, f64), floor_ms: Option<f64>| {
        rows.push(Row { operation: operation.into(), clients, median_ms, p95_ms, floor_ms });
    };
    add(
        "open the database (minimum passphrase cost)",
        measure(|| {
            Store::unlock(&path, Some(MANAGER), PASS).unwrap();
        }),
        None,
    );
    let (mut store, manager) = Store::unlock(&path, Some(MANAGER), PASS).unwrap();
    let caseworker = someone(&store, &manager, Role::Caseworker).unwrap();
    let today = today_london();
    // Search, per keystroke; its floor is the full-text match alone, without reading the people found.
    let r = store.reader(&manager);
    let first = r.clients(&Default::default(), Page { offset: 0, limit: 1 }).unwrap().items.remove(0).client;
    let full = first.fields.display_name();
    let nhs = r
        .clients(&Default::default(), Page { offset: 0, limit: 50 })
        .unwrap()
        .items
        .into_iter()
        .find_map(|c| c.client.fields.nhs_number)
        .unwrap_or_default();
    for (label, q) in [
        ("search, 1 letter", "s".to_owned()),
        ("search, 2 letters", "sm".to_owned()),
        ("search, 3 letters", "smi".to_owned()),
        ("search, a full name", full.clone()),
        ("search, an NHS number", nhs.clone()),
    ] {
        let who = &caseworker;
        let timed = measure(|| {
            store.reader(who).search_clients(&q, 20).unwrap();
        });
        let word = throughcare_core::search::fold(q.split_whitespace().next().unwrap_or("s"));
        let floor = raw(
            &store,
            &format!(
                "SELECT rowid FROM client_search WHERE client_search MATCH '\"{}\"*' LIMIT 20",
                word.replace(['\'', '"'], "")
            ),
        );
        add(label, timed, Some(floor));
    }
    for (who, actor) in [("manager", &manager), ("caseworker", &caseworker)] {
        add(
            &format!("Today with its figures, {who}"),
            measure(|| drop(store.reader(actor).today(today).unwrap())),
            None,
        );
        add(
            &format!("client list, first page, {who}"),
            measure(|| drop(store.reader(actor).clients(&Default::default(), Page::default()).unwrap())),
            None,
        );
        add(
            &format!("task list, first page, {who}"),
            measure(|| {
                drop(store.reader(actor).task_rows(&Default::default(), Page::default(), today).unwrap())
            }),
            None,
        );
        add(
            &format!("service directory with waits, {who}"),
            measure(|| drop(store.reader(actor).service_directory(today).unwrap())),
            None,
        );
        add(
            &format!("needs attention, {who}"),
            measure(|| drop(store.reader(actor).needs_attention(today).unwrap())),
            None,
        );
        add(
            &format!("referral list, first page, {who}"),
            measure(|| {
                drop(store.reader(actor).referrals(&ReferralFilter::default(), Page::default()).unwrap())
            }),
            None,
        );
    }
    add(
        "throughcare info (every total), manager",
        measure(|| drop(store.reader(&manager).overview(today).unwrap())),
        None,
    );
    add("mentor directory", measure(|| drop(store.reader(&caseworker).mentor_rows(today).unwrap())), None);
    add(
        "mentor directory, manager",
        measure(|| drop(store.reader(&manager).mentor_rows(today).unwrap())),
        None,
    );
    let mentor = store.reader(&manager).mentors(false).unwrap()[0].id;
    add(
        "a mentor's week",
        measure(|| {
            drop(store.reader(&caseworker).week(CalendarOf::Mentor { mentor_id: mentor }, today).unwrap())
        }),
        None,
    );
    let id = first.id;
    add(
        "a client's record with its timeline",
        measure(|| drop(store.open_client_record(&manager, id).unwrap())),
        None,
    );
}

/// A spreadsheet of 10,000 people imported into a new database, as a charity moving to Throughcare
/// would: timed three times, each into a fresh database (it is a write, so not repeated in place).
fn csv_import(rows: &mut Vec<Row>) {
    let dir = tempfile::tempdir().unwrap();
    let mut csv =
        String::from("First name,Surname,Date of birth,Postcode,Phone,Release date,Support started\n");
    for i in 0..10_000u32 {
        csv.push_str(&format!(
            "Person{i},Family{},{:02}/{:02}/19{},LS{} {}AB,07700 9{:05},{:02}/03/2026,{:02}/04/2026\n",
            i % 997,
            i % 28 + 1,
            i % 12 + 1,
            60 + i % 40,
            i % 30 + 1,
            i % 10,
            i,
            i % 28 + 1,
            i % 28 + 1,
        ));
    }
    let mut times: Vec<f64> = (0..3)
        .map(|run| {
            let new = NewDatabase {
                organisation: "Import Benchmark".into(),
                manager_name: MANAGER.into(),
                device_name: "Bench".into(),
                kdf: KdfCost::MINIMUM,
            };
            let (mut store, actor) =
                Store::create(&dir.path().join(format!("import-{run}.db")), PASS, &new).unwrap();
            let started = Instant::now();
            let report = store
                .import_clients_csv(
                    &actor,
                    csv.as_bytes(),
                    throughcare_core::import::ImportOptions::default(),
                )
                .unwrap();
            assert_eq!(report.imported, 10_000, "{:?}", report.errors.first());
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    rows.push(Row {
        operation: "CSV import of 10,000 people into a new database".into(),
        clients: 10_000,
        median_ms: times[1],
        p95_ms: times[2],
        floor_ms: None,
    });
}

fn main() {
    // `cargo bench` passes --bench; a plain `cargo test --benches` must not seed databases.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let sizes: Vec<u32> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let mut rows = Vec::new();
    for n in sizes {
        run(n, &mut rows);
    }
    csv_import(&mut rows);
    println!(
        "\n{:<46} {:>9} {:>9} {:>9} {:>9} {:>7}",
        "operation", "clients", "median", "p95", "floor", "ratio"
    );
    for r in &rows {
        let (floor, ratio) = match r.floor_ms {
            Some(f) => (format!("{f:.2}"), format!("{:.1}×", r.median_ms / f.max(0.001))),
            None => ("-".into(), "-".into()),
        };
        println!(
            "{:<46} {:>9} {:>7.2}ms {:>7.2}ms {:>9} {:>7}",
            r.operation, r.clients, r.median_ms, r.p95_ms, floor, ratio
        );
    }
    let out =
        PathBuf::from(std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into())).join("bench");
    std::fs::create_dir_all(&out).unwrap();
    let json = serde_json::to_string_pretty(&rows).unwrap();
    std::fs::write(out.join("screens.json"), &json).unwrap();
    println!("\nWritten to {}", out.join("screens.json").display());
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/screens.json");
    let Ok(before) = std::fs::read_to_string(&committed) else {
        println!("No committed figures to compare with ({}).", committed.display());
        return;
    };
    let before: Vec<Row> = serde_json::from_str(&before).unwrap_or_default();
    let before: BTreeMap<(String, u32), f64> =
        before.into_iter().map(|r| ((r.operation, r.clients), r.median_ms)).collect();
    let worse: Vec<String> = rows
        .iter()
        .filter_map(|r| {
            let was = *before.get(&(r.operation.clone(), r.clients))?;
            (r.median_ms > was * 1.2 && r.median_ms - was > 0.5).then(|| {
                format!("  {} at {}: {:.2} ms, was {:.2} ms", r.operation, r.clients, r.median_ms, was)
            })
        })
        .collect();
    if worse.is_empty() {
        println!("Nothing is more than 20% slower than the committed figures.");
    } else {
        println!("More than 20% slower than the committed figures:\n{}", worse.join("\n"));
    }
}
