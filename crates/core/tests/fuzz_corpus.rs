//! The fuzz targets' seed corpus (`fuzz/corpus/`): real bundles and op lines made with the fixed
//! fuzzing keys. This test checks that the committed seeds still read cleanly, so a change to the
//! file format cannot leave the fuzzer starting from files it refuses at the first byte. Run it with
//! `UPDATE_CORPUS=1` to write the seeds again.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::*;
use throughcare_core::hlc::Hlc;
use throughcare_core::ids::DeviceId;
use throughcare_core::model::clients::ClientPatch;
use throughcare_core::sync::ExportTarget;
use throughcare_core::sync::bundle::{
    self, Encryption, Header, Range, SealTo, Secret, WireAudit, WireOp, fuzzing,
};
use throughcare_core::time::Timestamp;

const DEVICE: &str = "01a20000-0000-7000-8000-000000000001";

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus")
}

/// A few real ops and audit entries, moved onto the fixed fuzzing device.
fn ops() -> (Vec<WireOp>, Vec<WireAudit>) {
    let (_d, _p, mut store, actor) = new_store();
    let c = add(&mut store, &actor, person("Fuzz", "Seed"));
    store
        .write(&actor, |tx| {
            tx.update_client(
                c.id,
                ClientPatch { phone: Some(Some("01632 960000".into())), ..Default::default() },
            )
        })
        .unwrap();
    store.open_client_record(&actor, c.id).unwrap();
    let (bytes, _) = store.export_bundle(&actor, ExportTarget::All, Some(("pw for tests", 2))).unwrap();
    let body = bundle::parse(&bytes).unwrap().open(Secret::Passphrase("pw for tests")).unwrap();
    let all = body.ops;
    let device: DeviceId = DEVICE.parse().unwrap();
    let mut prev = "0".repeat(64);
    let audit: Vec<WireAudit> = body
        .audit
        .into_iter()
        .take(3)
        .enumerate()
        .map(|(i, mut e)| {
            e.device_id = device;
            e.seq = i as i64 + 1;
            e.reseal(&prev);
            prev = e.hash.clone();
            e
        })
        .collect();
    let keep: Vec<WireOp> = all.into_iter().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    let ops = keep
        .into_iter()
        .enumerate()
        .map(|(i, mut op)| {
            let h: Hlc = op.hlc.parse().unwrap();
            op.hlc = Hlc { device, ..h }.to_string();
            for v in op.base.values_mut() {
                if let Some(s) = v.as_str() {
                    let b: Hlc = s.parse().unwrap();
                    *v = Hlc { device, ..b }.to_string().into();
                }
            }
            op.device_id = device;
            op.seq = i as i64 + 1;
            op
        })
        .collect();
    (ops, audit)
}

fn header(n: usize, encryption: Encryption) -> Header {
    with_audit(n, 0, encryption)
}

fn with_audit(n: usize, a: usize, encryption: Encryption) -> Header {
    let device: DeviceId = DEVICE.parse().unwrap();
    let n = n as i64;
    let a = a as i64;
    Header {
        format: bundle::FORMAT,
        organisation: Default::default(),
        sender: device,
        schema_version: throughcare_core::migrations::DATA_VERSION,
        created_at: Timestamp::from_unix(1_790_000_000),
        encryption,
        ops: n as u64,
        ranges: if n > 0 { vec![Range { device, first: 1, last: n }] } else { vec![] },
        vector: BTreeMap::from([(device, n)]),
        audit: a as u64,
        audit_ranges: if a > 0 { vec![Range { device, first: 1, last: a }] } else { vec![] },
        audit_vector: if a > 0 { BTreeMap::from([(device, a)]) } else { BTreeMap::new() },
        filtered: false,
    }
}

#[test]
fn the_fuzz_seed_corpus_reads_cleanly() {
    let dir = corpus();
    if std::env::var_os("UPDATE_CORPUS").is_some() {
        let (ops, audit) = ops();
        assert!(audit.len() >= 2, "the seed has audit entries to carry");
        let org = SealTo::Organisation(vec![fuzzing::identity().unwrap().to_public()]);
        let key = fuzzing::signing_key();
        let files = [
            (
                "bundle_reader/ops.tcsync",
                bundle::write(&header(ops.len(), Encryption::Organisation), &ops, &org, &key),
            ),
            ("bundle_reader/audit.tcsync", {
                let mut w =
                    bundle::Writer::new(&with_audit(ops.len(), audit.len(), Encryption::Organisation), &org)
                        .unwrap();
                for op in &ops {
                    w.push(op).unwrap();
                }
                for e in &audit {
                    w.push_audit(e).unwrap();
                }
                w.finish(&key)
            }),
            ("bundle_reader/share.tcsync", {
                // A file for a peer mentor's computer: it covers 1 to 4 and carries two of them.
                let mut h = header(ops.len(), Encryption::Device);
                h.filtered = true;
                h.ops = 2;
                let mut w = bundle::Writer::new(&h, &org).unwrap();
                w.push(&ops[0]).unwrap();
                w.push(&ops[2]).unwrap();
                w.push_share(&["01a20000-0000-7000-8000-0000000000c1".to_owned()]).unwrap();
                w.finish(&key)
            }),
            (
                "bundle_reader/empty.tcsync",
                bundle::write(&header(0, Encryption::Organisation), &[], &org, &key),
            ),
            (
                "bundle_reader/passphrase.tcsync",
                bundle::write(
                    &header(ops.len(), Encryption::Passphrase),
                    &ops,
                    &SealTo::Passphrase { passphrase: "fuzz".into(), log_n: 1 },
                    &key,
                ),
            ),
        ];
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes.unwrap()).unwrap();
        }
        let lines: String = ops.iter().map(|o| serde_json::to_string(o).unwrap() + "\n").collect();
        std::fs::write(dir.join("op_lines/ops.jsonl"), lines).unwrap();
    }
    let key = fuzzing::signing_key().verifying_key();
    let id = fuzzing::identity().unwrap();
    for (name, secret) in [
        ("ops.tcsync", Secret::Organisation(&id)),
        ("audit.tcsync", Secret::Organisation(&id)),
        ("share.tcsync", Secret::Organisation(&id)),
        ("empty.tcsync", Secret::Organisation(&id)),
        ("passphrase.tcsync", Secret::Passphrase("fuzz")),
    ] {
        let bytes = std::fs::read(dir.join("bundle_reader").join(name)).unwrap();
        let parsed =
            bundle::parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e} (run with UPDATE_CORPUS=1)"));
        parsed.verify(&key).unwrap();
        let body = parsed.open(secret).unwrap();
        assert_eq!(body.audit.len() as u64, parsed.header.audit, "{name}");
    }
    let text = std::fs::read(dir.join("op_lines/ops.jsonl")).unwrap();
    let n = text.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count();
    assert!(n >= 3);
    bundle::parse_ops(&text[..], &header(n, Encryption::Organisation)).unwrap();
}
