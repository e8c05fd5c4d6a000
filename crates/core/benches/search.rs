//! Client search and lists at 100,000 clients: what a caseworker feels when typing in the search box.
//!
//! `make bench` prints the time per query, and the duplicate check the add form runs per keystroke. The database is built once (names from many cultures,
//! identifiers on most) through the normal write path, then each query is timed by criterion.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

/// The programs' allocator, so that the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use throughcare_core::keyfile::KdfCost;
use throughcare_core::model::Page;
use throughcare_core::model::clients::{ClientFields, ClientFilter};
use throughcare_core::{NewDatabase, Store};

const GIVEN: &[&str] = &[
    "Siobhán",
    "Mohammed",
    "Aisha",
    "Łukasz",
    "Oluwaseun",
    "Priya",
    "Gary",
    "Zoë",
    "Kwame",
    "Leanne",
    "Wei",
    "José",
    "Fatima",
    "Connor",
    "Ngozi",
];
const FAMILY: &[&str] = &[
    "O'Brien",
    "Khan",
    "Nowak",
    "Okafor",
    "Patel",
    "Smith",
    "Chen",
    "García",
    "Mensah",
    "Walker",
    "Begum",
    "Lefèvre",
    "Ó Súilleabháin",
    "Jones",
    "Ali",
];

fn nhs(i: u64) -> Option<String> {
    let mut d: Vec<u32> = format!("999{:06}", i % 1_000_000).chars().filter_map(|c| c.to_digit(10)).collect();
    let sum: u32 = d.iter().zip((2..=10).rev()).map(|(x, w)| x * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return None,
        c => c,
    };
    d.push(check);
    Some(d.iter().map(|x| char::from(b'0' + *x as u8)).collect())
}

fn bench(c: &mut Criterion) {
    let n: u64 = std::env::var("BENCH_CLIENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let new = NewDatabase {
        organisation: "Bench".into(),
        manager_name: "M".into(),
        device_name: "D".into(),
        kdf: KdfCost::MINIMUM,
    };
    let (mut store, actor) = Store::create(&dir.path().join("bench.db"), "bench passphrase", &new).unwrap();
    let started = Instant::now();
    let mut i = 0u64;
    while i < n {
        store
            .write(&actor, |tx| {
                for _ in 0..5000.min(n - i) {
                    let mut f = ClientFields {
                        given_name: Some(GIVEN[(i % 15) as usize].into()),
                        family_name: Some(format!(
                            "{}{}",
                            FAMILY[((i / 15) % 15) as usize],
                            if i.is_multiple_of(7) { "-Smith" } else { "" }
                        )),
                        // About five people share each date of birth, as at a large charity.
                        date_of_birth: chrono::NaiveDate::from_ymd_opt(1950, 1, 1)
                            .and_then(|d| d.checked_add_days(chrono::Days::new(i % 20_000))),
                        ..Default::default()
                    };
                    if !i.is_multiple_of(4) {
                        f.nhs_number = nhs(i);
                    }
                    if i.is_multiple_of(3) {
                        f.prison_number = Some(format!(
                            "A{:04}{}{}",
                            i % 10_000,
                            char::from(b'A' + (i % 26) as u8),
                            char::from(b'A' + ((i / 26) % 26) as u8)
                        ));
                    }
                    tx.create_client(f, None)?;
                    i += 1;
                }
                Ok(())
            })
            .unwrap();
    }
    println!(
        "built {n} clients in {:.1} s ({:.0} a second)",
        started.elapsed().as_secs_f64(),
        n as f64 / started.elapsed().as_secs_f64()
    );
    let r = store.reader(&actor);
    let mut g = c.benchmark_group(format!("at {n} clients"));
    g.sample_size(30);
    for q in ["s", "siob", "o'brien", "obrien", "lukasz nowak", "999 000", "a12", "mohammed khan"] {
        g.bench_function(format!("search '{q}', first 50"), |b| b.iter(|| r.search_clients(q, 50).unwrap()));
    }
    // The duplicate check runs on every keystroke of the add form.
    let dob =
        chrono::NaiveDate::from_ymd_opt(1950, 1, 1).and_then(|d| d.checked_add_days(chrono::Days::new(1234)));
    for (label, given, family, with_dob, nhs_no) in [
        ("duplicate check: 'Mu' 'K', date of birth", "Mu", "K", true, None),
        ("duplicate check: 'Muhammad' 'Khan', date of birth", "Muhammad", "Khan", true, None),
        ("duplicate check: whole NHS number", "", "", false, nhs(1235)),
    ] {
        let q = throughcare_core::dupes::DuplicateQuery {
            given_name: Some(given.into()),
            family_name: Some(family.into()),
            date_of_birth: if with_dob { dob } else { None },
            nhs_number: nhs_no,
            ..Default::default()
        };
        g.bench_function(label, |b| b.iter(|| r.likely_duplicates(&q).unwrap()));
    }
    g.bench_function("list page 1 by name, with total", |b| {
        b.iter(|| r.clients(&ClientFilter::default(), Page::default()).unwrap())
    });
    g.bench_function("list page 1000 by name", |b| {
        b.iter(|| {
            r.clients(&ClientFilter::default(), Page { offset: 50_000.min(n as u32 / 2), limit: 50 }).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
