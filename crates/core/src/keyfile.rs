//! The key envelope kept beside the database: one wrapping of the database key per person who may
//! unlock this computer.
//!
//! The database is encrypted by SQLCipher with a random 256-bit key that is handed to it raw (no
//! SQLCipher key derivation). That key is stored only wrapped: Argon2id turns a person's passphrase
//! into a key-encryption key, which seals the database key with XChaCha20-Poly1305, with the person's
//! user id in the authenticated data. Adding a person, changing a passphrase or removing a person adds,
//! replaces or drops one wrapping; the data is never re-encrypted, and the file is replaced atomically,
//! so a crash leaves the old file or the new one, both working.
//!
//! A person unlocks with their name and passphrase. The name finds their wrapping through a salted
//! hash (the file holds no names); when no wrapping matches, the same key derivation is still run, so
//! the time taken does not tell whether the name exists. The file is small JSON so that it can be
//! inspected and so that a backup can carry it verbatim.

use std::fs;
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

use crate::ids::UserId;

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

    /// The key's bytes, for tests that decrypt pages themselves ([`crate::pages`]).
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A second copy, for sealing the key again (for a new person, or at a higher cost) while the
    /// first is in use. Zeroed when dropped, like the first.
    pub(crate) fn duplicate(&self) -> DatabaseKey {
        DatabaseKey(Zeroizing::new(*self.0))
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
    /// The least a real database pays at unlock: 64 MiB, 3 passes, 4 lanes. [`KdfCost::calibrated`]
    /// raises the passes until one unlock takes about half a second to a second on this computer.
    pub const INTERACTIVE: KdfCost = KdfCost { memory_kib: 64 * 1024, iterations: 3, parallelism: 4 };
    /// The smallest cost the file accepts; used by tests so they stay quick. Never used by the app.
    pub const MINIMUM: KdfCost = KdfCost { memory_kib: 8 * 1024, iterations: 1, parallelism: 1 };

    /// [`KdfCost::INTERACTIVE`] with as many passes as take at least half a second here (at most a
    /// second's worth, and never fewer than 3). Measured once, when a database is made or a person added.
    pub fn calibrated() -> KdfCost {
        let base = KdfCost::INTERACTIVE;
        let started = std::time::Instant::now();
        if derive("calibration", &[0u8; 16], base).is_err() {
            return base;
        }
        let ms = started.elapsed().as_millis().max(1) as u64;
        // Aim at 700 ms: inside 0.5 to 1 s on a laptop like this one, with room either side.
        let passes = (u64::from(base.iterations) * 700 / ms).clamp(u64::from(base.iterations), 40);
        KdfCost { iterations: u32::try_from(passes).unwrap_or(base.iterations), ..base }
    }

    /// Whether this costs less than `other` in any way.
    fn below(&self, other: &KdfCost) -> bool {
        self.memory_kib < other.memory_kib
            || self.iterations < other.iterations
            || self.parallelism < other.parallelism
    }

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
    /// Who this wrapping is for: their user id, or `"passphrase"` for the one device passphrase of a
    /// database made before each person had their own.
    label: String,
    /// How their name finds this wrapping: SHA-256 of the database id and the name as typed, folded
    /// ([`login_hash`]). Not part of the sealed data, so a manager can rename a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    login: Option<String>,
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
    /// What each wrapping should cost: one made more cheaply is sealed again at this cost the next time
    /// its person unlocks (so the cost can be raised later without anyone's help).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target: Option<KdfCost>,
}

/// A person's name as it finds their key: spaces trimmed and collapsed, case ignored.
pub fn fold_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn login_hash(database_id: &Uuid, name: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(FORMAT.as_bytes());
    h.update(database_id.as_bytes());
    h.update(fold_name(name).as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Who a successful unlock was for.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Unlocked {
    /// A person with their own wrapping.
    Person(UserId),
    /// The single device passphrase of a database made before each person had their own.
    DevicePassphrase,
}

/// A database key unwrapped, and for whom.
#[derive(Debug)]
pub struct Opened {
    /// The key.
    pub key: DatabaseKey,
    /// Whose wrapping opened it.
    pub who: Unlocked,
    /// Whether that wrapping costs less than the file's target and should be sealed again.
    pub weaker_than_target: bool,
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

/// The fewest characters a passphrase may have.
pub const MIN_PASSPHRASE_CHARS: usize = 12;
/// The most (well beyond the 64 every person must be able to use).
pub const MAX_PASSPHRASE_CHARS: usize = 1024;

/// Refuses a passphrase that would not protect special-category data: fewer than 12 characters, or
/// one that a password guesser would find soon (a common password, a word or name by itself, a
/// keyboard pattern, a date), judged by `zxcvbn` with the person's own details (`about`: their name,
/// the organisation's) counted as easy guesses. No composition rules; any characters; paste allowed.
pub fn check_new_passphrase(passphrase: &str, about: &[&str]) -> Result<()> {
    let n = passphrase.chars().count();
    if n < MIN_PASSPHRASE_CHARS {
        return Err(Error::invalid(
            "passphrase",
            format!(
                "The passphrase must be at least {MIN_PASSPHRASE_CHARS} characters. A few unrelated words work well, like 'kettle violet harbour lamp'."
            ),
        ));
    }
    if n > MAX_PASSPHRASE_CHARS {
        return Err(Error::invalid(
            "passphrase",
            format!("The passphrase can be at most {MAX_PASSPHRASE_CHARS} characters."),
        ));
    }
    // Strength is judged on the first 100 characters: beyond that it only grows, and the estimate
    // slows down on very long input.
    let judged: String = passphrase.chars().take(100).collect();
    let mut inputs: Vec<&str> = about.iter().flat_map(|a| a.split_whitespace()).collect();
    inputs.extend(about.iter().copied());
    inputs.extend(["throughcare", "password", "passphrase"]);
    let estimate = zxcvbn::zxcvbn(&judged, &inputs);
    if estimate.score() < zxcvbn::Score::Three {
        let why = match estimate.feedback().and_then(|f| f.warning()) {
            Some(w) => weak_reason(w),
            None => "It would be too easy to guess.",
        };
        return Err(Error::invalid(
            "passphrase",
            format!("{why} Choose three or four unrelated words, like 'kettle violet harbour lamp'."),
        ));
    }
    Ok(())
}

fn weak_reason(w: zxcvbn::feedback::Warning) -> &'static str {
    use zxcvbn::feedback::Warning::*;
    match w {
        ThisIsATop10Password | ThisIsATop100Password | ThisIsACommonPassword => {
            "This is one of the most common passwords, so it is among the first anyone would try."
        }
        ThisIsSimilarToACommonlyUsedPassword => {
            "This is too like a common password: changing letters to numbers or adding one at the end does not help."
        }
        StraightRowsOfKeysAreEasyToGuess | ShortKeyboardPatternsAreEasyToGuess => {
            "Rows and patterns of keys are easy to guess."
        }
        RepeatsLikeAaaAreEasyToGuess | RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
            "Repeated letters or words are easy to guess."
        }
        SequencesLikeAbcAreEasyToGuess => "Sequences like abc or 6543 are easy to guess.",
        RecentYearsAreEasyToGuess | DatesAreOftenEasyToGuess => "Dates and years are easy to guess.",
        AWordByItselfIsEasyToGuess => "A single word is easy to guess, even a long one.",
        NamesAndSurnamesByThemselvesAreEasyToGuess | CommonNamesAndSurnamesAreEasyToGuess => {
            "Names are easy to guess, including your own and the organisation's."
        }
    }
}

impl KeyFile {
    /// A new key file holding `key` for one person, unlocked by their name and passphrase.
    pub fn create(
        key: &DatabaseKey,
        person: UserId,
        name: &str,
        passphrase: &str,
        cost: KdfCost,
    ) -> Result<Self> {
        let mut kf = KeyFile {
            format: FORMAT.into(),
            version: VERSION,
            database_id: Uuid::now_v7(),
            wrappings: vec![],
            target: Some(cost),
        };
        kf.add_person(key, person, name, passphrase, cost)?;
        Ok(kf)
    }

    /// Lets a person unlock with their name and passphrase (replacing any wrapping they had).
    pub fn add_person(
        &mut self,
        key: &DatabaseKey,
        person: UserId,
        name: &str,
        passphrase: &str,
        cost: KdfCost,
    ) -> Result<()> {
        let login = login_hash(&self.database_id, name);
        self.add_wrapping(&person.to_string(), Some(login), key, passphrase, cost)
    }

    fn add_wrapping(
        &mut self,
        label: &str,
        login: Option<String>,
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
            login,
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

    fn try_wrapping(&self, w: &Wrapping, passphrase: &str) -> Result<Option<DatabaseKey>> {
        if w.kdf != "argon2id" || w.cipher != "xchacha20poly1305" {
            return Ok(None);
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
        match cipher.decrypt(XNonce::from_slice(&nonce), Payload { msg: &wrapped, aad: &aad }) {
            Ok(mut plain) => {
                if plain.len() != 32 {
                    plain.zeroize();
                    return Err(bad("wrapped key"));
                }
                let mut k = Zeroizing::new([0u8; 32]);
                k.copy_from_slice(&plain);
                plain.zeroize();
                Ok(Some(DatabaseKey(k)))
            }
            Err(_) => Ok(None),
        }
    }

    /// Unwraps the database key with a person's name and passphrase. With no name, the file must hold
    /// exactly one wrapping, which is then the one tried. A name that matches nobody costs the same
    /// time as a wrong passphrase and gets the same answer.
    pub fn open(&self, name: Option<&str>, passphrase: &str) -> Result<Opened> {
        let candidates: Vec<&Wrapping> = match name {
            Some(n) => {
                let login = login_hash(&self.database_id, n);
                let mine: Vec<&Wrapping> =
                    self.wrappings.iter().filter(|w| w.login.as_deref() == Some(login.as_str())).collect();
                if mine.is_empty() {
                    // A database from before: its one device passphrase, checked against the name later.
                    self.wrappings.iter().filter(|w| w.login.is_none()).collect()
                } else {
                    mine
                }
            }
            None if self.wrappings.len() == 1 => self.wrappings.iter().collect(),
            None => return Err(Error::NameNeeded),
        };
        for w in &candidates {
            if let Some(key) = self.try_wrapping(w, passphrase)? {
                let who = match w.label.parse::<UserId>() {
                    Ok(u) => Unlocked::Person(u),
                    Err(_) => Unlocked::DevicePassphrase,
                };
                let weaker_than_target = self.target.is_some_and(|t| w.cost.below(&t));
                return Ok(Opened { key, who, weaker_than_target });
            }
        }
        if candidates.is_empty() {
            // Spend the time a real wrapping would, so that the answer does not come sooner.
            let cost = self.target.unwrap_or(KdfCost::INTERACTIVE);
            let _ = derive(passphrase, &[0u8; 16], cost);
        }
        Err(Error::WrongPassphrase)
    }

    /// Replaces a person's wrapping, checking their current passphrase first. The database key does
    /// not change.
    pub fn change_passphrase(
        &mut self,
        person: UserId,
        name: &str,
        old: &str,
        new: &str,
        cost: KdfCost,
    ) -> Result<()> {
        let w = self
            .wrappings
            .iter()
            .find(|w| w.label == person.to_string())
            .cloned()
            .ok_or(Error::WrongPassphrase)?;
        let key = self.try_wrapping(&w, old)?.ok_or_else(|| {
            Error::invalid("old_passphrase", "That is not your current passphrase. Nothing was changed.")
        })?;
        self.add_person(&key, person, name, new, cost)
    }

    /// Seals a person's wrapping again with the same passphrase: after a rename, or at a higher cost.
    pub fn reseal(&mut self, key: &DatabaseKey, who: Unlocked, name: &str, passphrase: &str) -> Result<()> {
        let cost = self.target.unwrap_or(KdfCost::INTERACTIVE);
        match who {
            Unlocked::Person(u) => self.add_person(key, u, name, passphrase, cost),
            Unlocked::DevicePassphrase => Ok(()),
        }
    }

    /// The file's target cost (what new wrappings should cost).
    pub fn target(&self) -> KdfCost {
        self.target.unwrap_or(KdfCost::INTERACTIVE)
    }

    /// Stops a person unlocking with this file (the device passphrase of an old database too, with
    /// `None`). Returns whether there was such a wrapping.
    pub fn remove(&mut self, who: Unlocked) -> bool {
        let before = self.wrappings.len();
        match who {
            Unlocked::Person(u) => self.wrappings.retain(|w| w.label != u.to_string()),
            Unlocked::DevicePassphrase => self.wrappings.retain(|w| w.login.is_some()),
        }
        self.wrappings.len() != before
    }

    /// Turns this file into one of a database made before each person had a passphrase: one
    /// device passphrase and no names.
    #[cfg(test)]
    pub(crate) fn make_legacy_for_tests(&mut self, key: &DatabaseKey, passphrase: &str) {
        self.wrappings.clear();
        self.target = None;
        self.add_wrapping("passphrase", None, key, passphrase, KdfCost::MINIMUM).unwrap_or_default();
    }

    /// The people who can unlock with this file.
    pub fn people(&self) -> Vec<UserId> {
        self.wrappings.iter().filter_map(|w| w.label.parse().ok()).collect()
    }

    /// Points a person's name at their wrapping again after a manager renamed them (no passphrase is
    /// needed: the name only finds the wrapping).
    /// Returns whether anything changed.
    pub fn rename(&mut self, person: UserId, name: &str) -> bool {
        let login = login_hash(&self.database_id, name);
        let mut changed = false;
        for w in self.wrappings.iter_mut().filter(|w| w.label == person.to_string()) {
            changed |= w.login.as_deref() != Some(login.as_str());
            w.login = Some(login.clone());
        }
        changed
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

    /// Writes the key file for `db` privately and durably (see [`crate::files`]).
    pub fn write_for(&self, db: &Path) -> Result<()> {
        Ok(crate::files::write_private(&key_path(db), &self.to_bytes()?)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASS: &str = "correct horse battery staple";

    fn one() -> (DatabaseKey, UserId, KeyFile) {
        let key = DatabaseKey::generate();
        let u = UserId::new();
        let kf = KeyFile::create(&key, u, "Ana Price", PASS, KdfCost::MINIMUM).unwrap();
        (key, u, kf)
    }

    #[test]
    fn a_person_unlocks_with_their_name_and_passphrase() {
        let (key, u, kf) = one();
        let back = KeyFile::from_bytes(&kf.to_bytes().unwrap()).unwrap();
        let opened = back.open(Some("  ana   PRICE "), PASS).unwrap();
        assert_eq!(*opened.key.0, *key.0);
        assert_eq!(opened.who, Unlocked::Person(u));
        assert!(matches!(
            back.open(Some("Ana Price"), "correct horse battery stapler"),
            Err(Error::WrongPassphrase)
        ));
        assert!(matches!(back.open(Some("Ann Price"), PASS), Err(Error::WrongPassphrase)));
        // With one person, the name may be left out.
        assert_eq!(back.open(None, PASS).unwrap().who, Unlocked::Person(u));
        // The file holds no names (as written or folded; a random salt may hold three letters of one).
        let text = String::from_utf8(kf.to_bytes().unwrap()).unwrap().to_lowercase();
        assert!(!text.contains("ana price") && !text.contains("price") && !text.contains("\"ana"), "{text}");
    }

    #[test]
    fn several_people_share_one_key_each_with_their_own_passphrase() {
        let (key, ana, mut kf) = one();
        let ben = UserId::new();
        kf.add_person(&key, ben, "Ben Okafor", "kettle violet harbour lamp", KdfCost::MINIMUM).unwrap();
        assert_eq!(
            kf.open(Some("Ben Okafor"), "kettle violet harbour lamp").unwrap().who,
            Unlocked::Person(ben)
        );
        assert!(kf.open(Some("Ben Okafor"), PASS).is_err(), "Ana's passphrase does not open Ben's wrapping");
        assert!(matches!(kf.open(None, PASS), Err(Error::NameNeeded)));
        kf.change_passphrase(ana, "Ana Price", PASS, "staple gun lighthouse moor", KdfCost::MINIMUM).unwrap();
        assert!(kf.open(Some("Ana Price"), PASS).is_err());
        assert_eq!(*kf.open(Some("Ana Price"), "staple gun lighthouse moor").unwrap().key.0, *key.0);
        let e = kf.change_passphrase(ana, "Ana Price", "wrong", "another good passphrase", KdfCost::MINIMUM);
        assert_eq!(e.unwrap_err().field(), Some("old_passphrase"));
        assert!(kf.remove(Unlocked::Person(ben)));
        assert!(kf.open(Some("Ben Okafor"), "kettle violet harbour lamp").is_err());
        assert_eq!(kf.people(), vec![ana]);
        kf.rename(ana, "Ana Price-Jones");
        assert!(kf.open(Some("Ana Price-Jones"), "staple gun lighthouse moor").is_ok());
    }

    #[test]
    fn tampered_wrapping_is_refused_not_accepted() {
        let (_, _, mut kf) = one();
        kf.database_id = Uuid::now_v7();
        assert!(matches!(kf.open(None, PASS), Err(Error::WrongPassphrase)));
        let (_, _, mut kf) = one();
        // Moving a wrapping to another person's id breaks its seal.
        kf.wrappings[0].label = UserId::new().to_string();
        assert!(matches!(kf.open(None, PASS), Err(Error::WrongPassphrase)));
    }

    #[test]
    fn weak_passphrases_are_refused_with_the_reason() {
        for (p, words) in [
            ("short", "at least 12"),
            ("password1234", "common"),
            ("qwertyuiopasdf", "Choose three or four"),
            ("aaaaaaaaaaaaaaaa", "Repeated"),
            ("Bridges Health Link", "guess"),
        ] {
            let e = check_new_passphrase(p, &["Bridges Health Link", "Ana Price"]).unwrap_err();
            assert_eq!(e.field(), Some("passphrase"));
            assert!(e.to_string().contains(words), "{p}: {e}");
        }
        assert!(check_new_passphrase(&"x".repeat(2000), &[]).is_err());
        let long = "łódź fjörður kettle violet harbour lamp, then straße à côté du ruisseau";
        assert!(long.chars().count() >= 64);
        for good in ["kettle violet harbour lamp", PASS, "demo passphrase, demo data only", long] {
            assert!(check_new_passphrase(good, &["Ana Price"]).is_ok(), "{good}");
        }
    }

    #[test]
    fn weak_settings_in_a_file_are_refused() {
        let (_, _, mut kf) = one();
        kf.wrappings[0].cost.memory_kib = 8;
        assert!(matches!(kf.open(None, PASS), Err(Error::KeyFile { .. })));
    }

    #[test]
    fn a_wrapping_cheaper_than_the_target_is_marked_for_sealing_again() {
        let (key, u, mut kf) = one();
        assert!(!kf.open(None, PASS).unwrap().weaker_than_target);
        kf.target = Some(KdfCost { iterations: 2, ..KdfCost::MINIMUM });
        assert!(kf.open(None, PASS).unwrap().weaker_than_target);
        kf.reseal(&key, Unlocked::Person(u), "Ana Price", PASS).unwrap();
        assert!(!kf.open(None, PASS).unwrap().weaker_than_target);
    }
}
