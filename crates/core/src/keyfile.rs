//! The key envelope kept beside the database.
//!
//! The database is encrypted by SQLCipher with a random 256-bit key that is handed to it raw (no
//! SQLCipher key derivation). That key is stored only wrapped: Argon2id turns a passphrase into a
//! key-encryption key, which seals the database key with XChaCha20-Poly1305. The file is a list of
//! wrappings so that each user of a shared device can have their own (a later step); unwrapping tries
//! them in turn. A wrong passphrase fails authentication and is reported as `WrongPassphrase`.
//!
//! The file is small JSON so that it can be inspected and so that a backup can carry it verbatim.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rand::rngs::OsRng;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zeroize::{Zeroize, Zeroizing};

use crate::time::Timestamp;
use crate::{Error, Result};

const FORMAT: &str = "throughcare-keys";
const VERSION: u32 = 1;

/// The raw database key. Zeroed when dropped.
pub struct DatabaseKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DatabaseKey(..)")
    }
}

impl DatabaseKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        let mut k = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(k.as_mut());
        Self(k)
    }

    /// The SQLCipher raw-key literal, `x'…'`.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let mut s = String::with_capacity(67);
        s.push_str("x'");
        for b in self.0.iter() {
            s.push_str(&format!("{b:02x}"));
        }
        s.push('\'');
        Zeroizing::new(s)
    }
}

/// Cost of the passphrase key derivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfCost {
    /// Memory, in KiB.
    pub memory_kib: u32,
    /// Passes.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfCost {
    /// What a laptop should pay at unlock: 64 MiB, 3 passes (about a third of a second).
    pub const INTERACTIVE: KdfCost = KdfCost { memory_kib: 64 * 1024, iterations: 3, parallelism: 1 };
    /// The smallest cost the file accepts; used by tests so they stay quick. Never used by the app.
    pub const MINIMUM: KdfCost = KdfCost { memory_kib: 8 * 1024, iterations: 1, parallelism: 1 };

    fn check(&self) -> Result<()> {
        if self.memory_kib < Self::MINIMUM.memory_kib || self.iterations < 1 || self.parallelism < 1 {
            return Err(Error::KeyFile { reason: "its key derivation settings are too weak".into() });
        }
        if self.memory_kib > 4 * 1024 * 1024 || self.iterations > 100 || self.parallelism > 16 {
            return Err(Error::KeyFile { reason: "its key derivation settings are out of range".into() });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Wrapping {
    /// Who this wrapping is for: `"passphrase"` for the device passphrase, or a user id later.
    label: String,
    kdf: String,
    cost: KdfCost,
    salt: String,
    cipher: String,
    nonce: String,
    wrapped_key: String,
    created_at: Timestamp,
}

/// The key file's contents.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyFile {
    format: String,
    version: u32,
    /// Ties the key file to its database; part of every wrapping's authenticated data.
    database_id: Uuid,
    wrappings: Vec<Wrapping>,
}

/// Where the key file of a database lives.
pub fn key_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".keys");
    db.with_file_name(name)
}

fn derive(passphrase: &str, salt: &[u8], cost: KdfCost) -> Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, Some(32))
        .map_err(|e| Error::KeyFile { reason: format!("bad key derivation settings: {e}") })?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|e| Error::KeyFile { reason: format!("key derivation failed: {e}") })?;
    Ok(out)
}

fn aad(database_id: &Uuid, label: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(64);
    v.extend_from_slice(FORMAT.as_bytes());
    v.extend_from_slice(database_id.as_bytes());
    v.extend_from_slice(label.as_bytes());
    v
}

/// Refuses passphrases too short to protect special-category data.
pub fn check_new_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < 10 {
        return Err(Error::invalid(
            "passphrase",
            "The passphrase must be at least 10 characters. A few unrelated words work well.",
        ));
    }
    Ok(())
}

impl KeyFile {
    /// A new key file holding `key` wrapped by `passphrase`.
    pub fn create(key: &DatabaseKey, passphrase: &str, cost: KdfCost) -> Result<Self> {
        check_new_passphrase(passphrase)?;
        let mut kf = KeyFile {
            format: FORMAT.into(),
            version: VERSION,
            database_id: Uuid::now_v7(),
            wrappings: vec![],
        };
        kf.add_wrapping("passphrase", key, passphrase, cost)?;
        Ok(kf)
    }

    fn add_wrapping(
        &mut self,
        label: &str,
        key: &DatabaseKey,
        passphrase: &str,
        cost: KdfCost,
    ) -> Result<()> {
        cost.check()?;
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        let mut nonce = [0u8; 24];
        OsRng.fill_bytes(&mut nonce);
        let kek = derive(passphrase, &salt, cost)?;
        let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
        let aad = aad(&self.database_id, label);
        let wrapped = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: key.0.as_ref(), aad: &aad })
            .map_err(|_| Error::KeyFile { reason: "the key could not be sealed".into() })?;
        self.wrappings.retain(|w| w.label != label);
        self.wrappings.push(Wrapping {
            label: label.into(),
            kdf: "argon2id".into(),
            cost,
            salt: B64.encode(salt),
            cipher: "xchacha20poly1305".into(),
            nonce: B64.encode(nonce),
            wrapped_key: B64.encode(wrapped),
            created_at: Timestamp::now(),
        });
        Ok(())
    }

    /// Unwraps the database key with a passphrase.
    pub fn unwrap(&self, passphrase: &str) -> Result<DatabaseKey> {
        for w in &self.wrappings {
            if w.kdf != "argon2id" || w.cipher != "xchacha20poly1305" {
                continue;
            }
            w.cost.check()?;
            let bad = |what: &str| Error::KeyFile { reason: format!("its {what} is not readable") };
            let salt = B64.decode(&w.salt).map_err(|_| bad("salt"))?;
            let nonce = B64.decode(&w.nonce).map_err(|_| bad("nonce"))?;
            let wrapped = B64.decode(&w.wrapped_key).map_err(|_| bad("wrapped key"))?;
            if nonce.len() != 24 {
                return Err(bad("nonce"));
            }
            let kek = derive(passphrase, &salt, w.cost)?;
            let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
            let aad = aad(&self.database_id, &w.label);
            if let Ok(mut plain) =
                cipher.decrypt(XNonce::from_slice(&nonce), Payload { msg: &wrapped, aad: &aad })
            {
                if plain.len() != 32 {
                    plain.zeroize();
                    return Err(bad("wrapped key"));
                }
                let mut k = Zeroizing::new([0u8; 32]);
                k.copy_from_slice(&plain);
                plain.zeroize();
                return Ok(DatabaseKey(k));
            }
        }
        Err(Error::WrongPassphrase)
    }

    /// Replaces the passphrase wrapping (the database key itself does not change).
    pub fn change_passphrase(&mut self, old: &str, new: &str, cost: KdfCost) -> Result<()> {
        check_new_passphrase(new)?;
        let key = self.unwrap(old)?;
        self.add_wrapping("passphrase", &key, new, cost)
    }

    /// Parses key file bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let kf: KeyFile = serde_json::from_slice(bytes)
            .map_err(|_| Error::KeyFile { reason: "it is not a key file".into() })?;
        if kf.format != FORMAT {
            return Err(Error::KeyFile { reason: "it is not a Throughcare key file".into() });
        }
        if kf.version > VERSION {
            return Err(Error::KeyFile { reason: "it was written by a newer version of Throughcare".into() });
        }
        Ok(kf)
    }

    /// Serialises the key file.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        Ok(serde_json::to_vec_pretty(self)?)
    }

    /// Reads the key file of the database at `db`.
    pub fn read_for(db: &Path) -> Result<Self> {
        let path = key_path(db);
        let bytes = fs::read(&path)
            .map_err(|e| Error::KeyFile { reason: format!("{} cannot be read: {e}", path.display()) })?;
        Self::from_bytes(&bytes)
    }

    /// Writes the key file for `db` durably (temporary file, fsync, rename).
    pub fn write_for(&self, db: &Path) -> Result<()> {
        write_atomically(&key_path(db), &self.to_bytes()?)
    }
}

/// Writes a file so that it is either wholly there or not at all.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".tmp");
    let tmp = path.with_file_name(name);
    {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_passphrase_unwraps_and_wrong_one_is_refused() {
        let key = DatabaseKey::generate();
        let kf = KeyFile::create(&key, "correct horse battery", KdfCost::MINIMUM).unwrap();
        let back = KeyFile::from_bytes(&kf.to_bytes().unwrap()).unwrap();
        assert_eq!(*back.unwrap("correct horse battery").unwrap().0, *key.0);
        assert!(matches!(back.unwrap("correct horse batterz"), Err(Error::WrongPassphrase)));
    }

    #[test]
    fn tampered_wrapping_is_refused_not_accepted() {
        let key = DatabaseKey::generate();
        let mut kf = KeyFile::create(&key, "correct horse battery", KdfCost::MINIMUM).unwrap();
        kf.database_id = Uuid::now_v7();
        assert!(matches!(kf.unwrap("correct horse battery"), Err(Error::WrongPassphrase)));
    }

    #[test]
    fn short_passphrases_are_refused() {
        let e = KeyFile::create(&DatabaseKey::generate(), "short", KdfCost::MINIMUM).unwrap_err();
        assert_eq!(e.field(), Some("passphrase"));
    }

    #[test]
    fn weak_settings_in_a_file_are_refused() {
        let key = DatabaseKey::generate();
        let mut kf = KeyFile::create(&key, "correct horse battery", KdfCost::MINIMUM).unwrap();
        kf.wrappings[0].cost.memory_kib = 8;
        assert!(matches!(kf.unwrap("correct horse battery"), Err(Error::KeyFile { .. })));
    }

    #[test]
    fn change_passphrase_keeps_the_key() {
        let key = DatabaseKey::generate();
        let mut kf = KeyFile::create(&key, "correct horse battery", KdfCost::MINIMUM).unwrap();
        kf.change_passphrase("correct horse battery", "staple gun lighthouse", KdfCost::MINIMUM).unwrap();
        assert!(kf.unwrap("correct horse battery").is_err());
        assert_eq!(*kf.unwrap("staple gun lighthouse").unwrap().0, *key.0);
    }
}
