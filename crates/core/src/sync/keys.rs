//! This device's signing key, its own encryption identity, and the organisation's.
//!
//! Each device signs the bundles it writes with its own ed25519 key, whose public half is in the
//! device's (synced) record, so every device of the organisation can check who sent a file. Bundles
//! are encrypted with age to the organisation's X25519 recipient, whose identity every full device
//! holds, so any of them can read a file sent to the organisation and a manager can relay it. A peer
//! mentor's own computer holds only its share and never the organisation's identity: files for it are
//! encrypted to its own identity (its public recipient is in its device record), and it encrypts what
//! it sends back to the organisation's recipient, which is public. The secrets live in the encrypted
//! database (`device_secrets`), never in a file of their own.

use std::str::FromStr;

use age::secrecy::ExposeSecret;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{SigningKey, VerifyingKey};
use rusqlite::{Connection, OptionalExtension, named_params};
use sha2::{Digest, Sha256};

use crate::entity::Entity;
use crate::store::{Tx, obj};
use crate::{Error, Result};

/// The secrets sync needs.
pub(crate) struct SyncKeys {
    pub signing: SigningKey,
    /// The organisation's identity: every full device holds it; a share device does not.
    pub org_identity: Option<age::x25519::Identity>,
    /// The organisation's earlier identities, kept to read files written before it last changed.
    pub org_previous: Vec<age::x25519::Identity>,
    /// The organisation's recipient (public).
    pub org_recipient: age::x25519::Recipient,
    /// This device's own identity, for files sent to it alone.
    pub device_identity: age::x25519::Identity,
}

impl std::fmt::Debug for SyncKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SyncKeys(..)")
    }
}

fn get(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM device_secrets WHERE name = :n")?
        .query_row(named_params! {":n": name}, |r| r.get(0))
        .optional()?)
}

fn put(conn: &Connection, name: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO device_secrets (name, value) VALUES (:n, :v)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )?
    .execute(named_params! {":n": name, ":v": value})?;
    Ok(())
}

/// Reads the secrets; `None` if this database has not made them all yet.
pub(crate) fn load(conn: &Connection) -> Result<Option<SyncKeys>> {
    let (Some(signing), Some(device)) = (get(conn, "signing_key")?, get(conn, "device_identity")?) else {
        return Ok(None);
    };
    let org_identity = get(conn, "org_identity")?.map(|t| identity_from_text(&t)).transpose()?;
    let org_recipient = match (&org_identity, get(conn, "org_recipient")?) {
        (Some(id), _) => id.to_public(),
        (None, Some(r)) => recipient_from_text(&r)?,
        (None, None) => return Ok(None),
    };
    let org_previous = match get(conn, "org_identity_previous")? {
        Some(list) => serde_json::from_str::<Vec<String>>(&list)?
            .iter()
            .map(|t| identity_from_text(t))
            .collect::<Result<Vec<_>>>()?,
        None => Vec::new(),
    };
    Ok(Some(SyncKeys {
        signing: signing_from_text(&signing)?,
        org_identity,
        org_previous,
        org_recipient,
        device_identity: identity_from_text(&device)?,
    }))
}

/// Takes a new organisation identity, keeping the one before to read files already on their way.
pub(crate) fn install_org(conn: &Connection, new: &age::x25519::Identity) -> Result<()> {
    if let Some(old) = get(conn, "org_identity")? {
        let mut list: Vec<String> = match get(conn, "org_identity_previous")? {
            Some(l) => serde_json::from_str(&l)?,
            None => Vec::new(),
        };
        if !list.contains(&old) && old != *new.to_string().expose_secret() {
            list.push(old);
        }
        put(conn, "org_identity_previous", &serde_json::to_string(&list)?)?;
    }
    put(conn, "org_identity", new.to_string().expose_secret())?;
    put(conn, "org_recipient", &new.to_public().to_string())
}

/// Takes a new public organisation recipient (a share device, which holds no identity).
pub(crate) fn install_org_recipient(conn: &Connection, recipient: &str) -> Result<()> {
    recipient_from_text(recipient)?;
    put(conn, "org_recipient", recipient)
}

/// The secrets, made (and the device's public keys recorded) the first time they are needed.
pub(crate) fn ensure(tx: &mut Tx<'_>) -> Result<SyncKeys> {
    if let Some(keys) = load(&tx.tx)? {
        return Ok(keys);
    }
    let device = tx.device.to_string();
    let signing = match get(&tx.tx, "signing_key")? {
        Some(s) => signing_from_text(&s)?,
        None => {
            let key = SigningKey::generate(&mut rand::rngs::OsRng);
            put(&tx.tx, "signing_key", &signing_to_text(&key))?;
            tx.set(
                Entity::Device,
                &device,
                obj([("public_key", public_key_text(&key.verifying_key()).into())]),
            )?;
            key
        }
    };
    let device_identity = match get(&tx.tx, "device_identity")? {
        Some(s) => identity_from_text(&s)?,
        None => {
            let id = age::x25519::Identity::generate();
            put(&tx.tx, "device_identity", id.to_string().expose_secret())?;
            tx.set(Entity::Device, &device, obj([("recipient", id.to_public().to_string().into())]))?;
            id
        }
    };
    let org_identity = match get(&tx.tx, "org_identity")? {
        Some(s) => identity_from_text(&s)?,
        None => {
            let id = age::x25519::Identity::generate();
            put(&tx.tx, "org_identity", id.to_string().expose_secret())?;
            id
        }
    };
    Ok(SyncKeys {
        signing,
        org_previous: Vec::new(),
        org_recipient: org_identity.to_public(),
        org_identity: Some(org_identity),
        device_identity,
    })
}

/// Stores secrets received in an invitation. A share device gets no organisation identity, only its
/// recipient.
pub(crate) fn install(
    conn: &Connection,
    signing: &SigningKey,
    org: Option<&age::x25519::Identity>,
    org_recipient: &age::x25519::Recipient,
    device: &age::x25519::Identity,
) -> Result<()> {
    put(conn, "signing_key", &signing_to_text(signing))?;
    if let Some(org) = org {
        put(conn, "org_identity", org.to_string().expose_secret())?;
    }
    put(conn, "org_recipient", &org_recipient.to_string())?;
    put(conn, "device_identity", device.to_string().expose_secret())
}

pub(crate) fn recipient_from_text(s: &str) -> Result<age::x25519::Recipient> {
    age::x25519::Recipient::from_str(s.trim())
        .map_err(|_| Error::Corrupt("an encryption key (public) is damaged".into()))
}

/// A device's own recipient, from its record.
pub(crate) fn device_recipient(conn: &Connection, device: &str) -> Result<Option<age::x25519::Recipient>> {
    let text: Option<Option<String>> = conn
        .prepare_cached("SELECT recipient FROM main.devices WHERE id = :id")?
        .query_row(named_params! {":id": crate::ids::key(device)?}, |r| r.get(0))
        .optional()?;
    text.flatten().map(|t| recipient_from_text(&t)).transpose()
}

pub(crate) fn signing_to_text(key: &SigningKey) -> String {
    B64.encode(key.to_bytes())
}

pub(crate) fn signing_from_text(s: &str) -> Result<SigningKey> {
    let bytes =
        B64.decode(s.trim()).map_err(|_| Error::Corrupt("the device's signing key is damaged".into()))?;
    let bytes: [u8; 32] =
        bytes.try_into().map_err(|_| Error::Corrupt("the device's signing key is damaged".into()))?;
    Ok(SigningKey::from_bytes(&bytes))
}

pub(crate) fn identity_from_text(s: &str) -> Result<age::x25519::Identity> {
    age::x25519::Identity::from_str(s.trim())
        .map_err(|_| Error::Corrupt("the organisation's encryption key is damaged".into()))
}

/// A public key as it is stored in a device record.
pub fn public_key_text(key: &VerifyingKey) -> String {
    B64.encode(key.to_bytes())
}

/// Parses a device record's public key.
pub fn public_key_from_text(s: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = B64.decode(s.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// A short fingerprint of a public key for people to compare by eye or over the phone
/// (`3F2A-91C0-7D44-E812`).
pub fn fingerprint(key: &VerifyingKey) -> String {
    let digest = Sha256::digest(key.to_bytes());
    digest[..8].chunks(2).map(|c| format!("{:02X}{:02X}", c[0], c[1])).collect::<Vec<_>>().join("-")
}

/// The public key recorded for a device, if it has one.
pub(crate) fn device_public_key(conn: &Connection, device: &str) -> Result<Option<VerifyingKey>> {
    let text: Option<Option<String>> = conn
        .prepare_cached("SELECT public_key FROM main.devices WHERE id = :id")?
        .query_row(named_params! {":id": crate::ids::key(device)?}, |r| r.get(0))
        .optional()?;
    Ok(text.flatten().and_then(|t| public_key_from_text(&t)))
}
