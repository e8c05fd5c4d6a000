//! Sync at scale: export and import of a bundle of about 200,000 ops.
//!
//! `make bench` prints ops per second for each step. One device is seeded through the normal write
//! path until it holds at least 200,000 ops; a second device, which joined before, then receives
//! everything in one file, and passes it all on to a third, which checks each change's origin signature.
//! The first export includes signing every op (each is signed the first time it is sent). Each step
//! runs once on purpose: it is minutes of work, not a microsecond
//! loop, and the figure that matters is what a manager waits for.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, clippy::print_stdout)]

/// The programs' allocator, so that the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::Instant;

use throughcare_core::demo::{SeedOptions, seed};
use throughcare_core::keyfile::KdfCost;
use throughcare_core::model::clients::ClientFields;
use throughcare_core::sync::{ExportTarget, InviteCost, InviteUser, NewInvite};
use throughcare_core::time::today_london;
use throughcare_core::{NewDatabase, Store};

const TARGET_OPS: u64 = 200_000;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let new = NewDatabase {
        organisation: "Bench".into(),
        manager_name: "Manager".into(),
        device_name: "Office".into(),
        kdf: KdfCost::MINIMUM,
    };
    let (mut a, manager) = Store::create(&dir.path().join("a.db"), "correct horse battery", &new).unwrap();
    let inv = a
        .invite(
            &manager,
            &NewInvite {
                device_name: "Laptop".into(),
                user: InviteUser::New { name: "Worker".into(), role: throughcare_core::enums::Role::Manager },
                valid_days: 7,
            },
            InviteCost::MINIMUM,
        )
        .unwrap();
    let (mut b, worker) = Store::join(
        &dir.path().join("b.db"),
        "correct horse battery",
        KdfCost::MINIMUM,
        &inv.file,
        &inv.code,
    )
    .unwrap();
    let inv = a
        .invite(
            &manager,
            &NewInvite {
                device_name: "Desk".into(),
                user: InviteUser::New { name: "Third".into(), role: throughcare_core::enums::Role::Manager },
                valid_days: 7,
            },
            InviteCost::MINIMUM,
        )
        .unwrap();
    let (mut c, third) = Store::join(
        &dir.path().join("c.db"),
        "correct horse battery",
        KdfCost::MINIMUM,
        &inv.file,
        &inv.code,
    )
    .unwrap();
    // The laptop knows the desk from the office's file.
    let intro = a.export_bundle(&manager, ExportTarget::All, None).unwrap().0;
    b.import_bundle(&worker, &intro, None, &mut |_| {}).unwrap();
    let started = Instant::now();
    let mut round = 0;
    while a.reader(&manager).op_count().unwrap() < TARGET_OPS {
        round += 1;
        let opts = SeedOptions { clients: 1000, months: 18, seed: round, today: today_london() };
        seed(&mut a, &manager, &opts, &mut |_, _| {}).unwrap();
    }
    let ops = a.reader(&manager).op_count().unwrap();
    println!("seeded {ops} ops in {:.1} s", started.elapsed().as_secs_f64());

    let t = Instant::now();
    let (bytes, header) = a.export_bundle(&manager, ExportTarget::All, None).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "sync/export  {:>8} ops  {:>7.2} s  {:>9.0} ops/s  {:.1} MiB file ({:.0} bytes an op)",
        header.ops,
        secs,
        header.ops as f64 / secs,
        bytes.len() as f64 / (1024.0 * 1024.0),
        bytes.len() as f64 / header.ops as f64
    );

    let t = Instant::now();
    let (again, _) = a.export_bundle(&manager, ExportTarget::All, None).unwrap();
    println!(
        "sync/export again (all signed already) {:.2} s, {:.1} MiB",
        t.elapsed().as_secs_f64(),
        again.len() as f64 / (1024.0 * 1024.0)
    );

    let t = Instant::now();
    let report = b.import_bundle(&worker, &bytes, None, &mut |_| {}).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "sync/import  {:>8} ops  {:>7.2} s  {:>9.0} ops/s  ({} new records)",
        report.applied,
        secs,
        report.applied as f64 / secs,
        report.new_records
    );

    let t = Instant::now();
    let again = b.import_bundle(&worker, &bytes, None, &mut |_| {}).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "sync/reimport {:>7} ops  {:>7.2} s  {:>9.0} ops/s  (all already held: nothing changes)",
        again.already_had,
        secs,
        again.already_had as f64 / secs
    );

    // Once everything is held, a laptop's next file is a few changes: what it costs to write and to
    // take in should not grow with the log (it did, when a query read every change in it).
    b.write(&worker, |tx| {
        tx.create_client(
            ClientFields {
                given_name: Some("Small".into()),
                family_name: Some("File".into()),
                ..Default::default()
            },
            None,
        )
    })
    .unwrap();
    let t = Instant::now();
    let (small, header) = b.export_bundle(&worker, ExportTarget::SincePeer(a.device_id()), None).unwrap();
    let written = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let taken = a.import_bundle(&manager, &small, None, &mut |_| {}).unwrap();
    println!(
        "sync/small   {:>8} ops  write {:.1} ms, take in {:.1} ms  (a few changes, into a log of {ops}: what every later file costs)",
        header.ops,
        written * 1000.0,
        t.elapsed().as_secs_f64() * 1000.0
    );
    assert!(taken.applied > 0);

    let (relay, _) = b.export_bundle(&worker, ExportTarget::SincePeer(c.device_id()), None).unwrap();
    let t = Instant::now();
    let passed = c.import_bundle(&third, &relay, None, &mut |_| {}).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "sync/relayed {:>8} ops  {:>7.2} s  {:>9.0} ops/s  (passed on by another computer: each origin signature checked)",
        passed.applied,
        secs,
        passed.applied as f64 / secs
    );
}
