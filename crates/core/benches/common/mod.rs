//! The seeded databases the benchmarks share, made once and kept in `~/.cache/throughcare/bench/`.
//!
//! The screens and the monthly summary benchmarks read the same 100,000-client database: seeding
//! one takes minutes, and a first `make bench` on a new machine should not seed it twice.

use std::path::PathBuf;
use std::time::Instant;

use throughcare_core::demo::{SeedOptions, seed};
use throughcare_core::keyfile::KdfCost;
use throughcare_core::time::today_london;
use throughcare_core::{NewDatabase, Store};

/// The passphrase of every benchmark database.
pub const PASS: &str = "benchmark passphrase, not secret";
/// The manager who made them.
pub const MANAGER: &str = "Morgan Hale";

/// Where the benchmarks keep their databases.
pub fn dir() -> PathBuf {
    let home = std::env::var_os("HOME").map_or_else(std::env::temp_dir, PathBuf::from);
    let dir = home.join(".cache/throughcare/bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The database of `clients` clients, seeded through the normal write path the first time it is
/// asked for (into a `.part` file, renamed when done, so an interrupted seeding starts again).
pub fn database(clients: u32) -> PathBuf {
    let dir = dir();
    let path = dir.join(format!("screens-{clients}.db"));
    if path.exists() {
        return path;
    }
    // Measured on a 2-core machine (see BENCHMARKS.md).
    println!(
        "Seeding {clients} clients once into {} (kept for later runs; on a 2-core machine 10,000 take about \
         15 seconds and 100,000 about two minutes)…",
        path.display()
    );
    let part = dir.join(format!("screens-{clients}.db.part"));
    for p in [part.clone(), throughcare_core::keyfile::key_path(&part)] {
        let _ = std::fs::remove_file(&p);
    }
    let new = NewDatabase {
        organisation: "Benchmark Health Link".into(),
        manager_name: MANAGER.into(),
        device_name: "Bench".into(),
        kdf: KdfCost::MINIMUM,
    };
    let started = Instant::now();
    let (mut store, actor) = Store::create(&part, PASS, &new).unwrap();
    let opts = SeedOptions { clients, months: 18, seed: 7, today: today_london() };
    seed(&mut store, &actor, &opts, &mut |_, _| {}).unwrap();
    drop(store);
    println!("  seeded in {:.0} s", started.elapsed().as_secs_f64());
    // The key file goes with the database: move both.
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(rest) = name.strip_prefix(&format!("screens-{clients}.db.part")) {
            std::fs::rename(entry.path(), dir.join(format!("screens-{clients}.db{rest}"))).unwrap();
        }
    }
    path
}
