//! Any bytes given to the bundle reader are either read or refused with an error: never a panic, a
//! hang or unbounded memory. The seed corpus holds real bundles encrypted to and signed with the
//! fixed fuzzing keys, so mutations reach the signature check, decryption, decompression and parsing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use throughcare_core::sync::bundle::{self, Secret, fuzzing};

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = bundle::parse(data) else { return };
    let _ = parsed.verify(&fuzzing::signing_key().verifying_key());
    if let Some(id) = fuzzing::identity() {
        let _ = parsed.open(Secret::Organisation(&id));
    }
    let _ = parsed.open(Secret::Passphrase("fuzz"));
});
