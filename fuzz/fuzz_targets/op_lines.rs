//! The plain text inside a bundle (one op per line) against a header that expects it: any bytes
//! are read or refused, never a panic.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use throughcare_core::ids::{DeviceId, OrgId};
use throughcare_core::sync::bundle::{self, Encryption, Header, Range};
use throughcare_core::time::Timestamp;

fuzz_target!(|data: &[u8]| {
    // The corpus's ops come from this device (see crates/core/tests/fuzz_corpus.rs).
    let Ok(device) = "01a20000-0000-7000-8000-000000000001".parse::<DeviceId>() else { return };
    let lines = data.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count() as i64;
    let header = Header {
        format: bundle::FORMAT,
        organisation: OrgId::default(),
        sender: device,
        schema_version: throughcare_core::migrations::SCHEMA_VERSION,
        created_at: Timestamp::from_unix(0),
        encryption: Encryption::Organisation,
        ops: u64::try_from(lines).unwrap_or(0),
        ranges: vec![Range { device, first: 1, last: lines.max(1) }],
        vector: BTreeMap::from([(device, lines.max(1))]),
        audit: 0,
        audit_ranges: Vec::new(),
        audit_vector: BTreeMap::new(),
        filtered: false,
    };
    let _ = bundle::parse_ops(data, &header);
});
