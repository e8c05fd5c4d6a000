//! The erasure register: which people have had their details erased, and when, kept beside the
//! database (`<name>.erasures`) so that restoring an older backup cannot bring them back.
//!
//! Erasure itself travels as `redact` ops, so every device that syncs learns of it. A backup, though,
//! is a copy of the database from before: restored as it is, it would show an erased person again
//! until the next sync. So each computer writes down, outside the database, every erasure it makes
//! or receives (ids and dates only, nothing personal, readable by its owner only), and a restore
//! erases again everyone on that list before the restored database can be used
//! ([`crate::backup::restore`]). A register of another organisation is ignored.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Result;

/// The register of one organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Register {
    /// The organisation it belongs to.
    pub organisation: String,
    /// Each erased client's id, with when this computer learnt of it (UTC).
    pub erased: BTreeMap<String, String>,
}

/// Where the register of a database lives.
pub fn register_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".erasures");
    db.with_file_name(name)
}

/// The register beside `db` if it belongs to `organisation` (an unreadable or missing one is empty).
pub fn read(db: &Path, organisation: &str) -> Register {
    let found: Option<Register> =
        fs::read(register_path(db)).ok().and_then(|b| serde_json::from_slice(&b).ok());
    match found {
        Some(r) if r.organisation == organisation => r,
        _ => Register { organisation: organisation.to_owned(), erased: BTreeMap::new() },
    }
}

/// Adds erasures to the register beside `db` (written privately, whole or not at all).
pub(crate) fn note(db: &Path, organisation: &str, clients: &[String], at: &str) -> Result<()> {
    if clients.is_empty() {
        return Ok(());
    }
    let mut r = read(db, organisation);
    let before = r.erased.len();
    for c in clients {
        r.erased.entry(c.clone()).or_insert_with(|| at.to_owned());
    }
    if r.erased.len() == before && register_path(db).exists() {
        return Ok(());
    }
    crate::files::write_private(&register_path(db), &serde_json::to_vec_pretty(&r)?)?;
    Ok(())
}
