//! Origin signatures: each change is signed by the computer that made it, so it can be relayed.
//!
//! A sync file is signed by the computer that wrote it, which proves nothing about changes it passes
//! on from others. So each op carries its own ed25519 signature by its origin computer's key, and a
//! computer that receives a change from anyone but its origin checks that signature against the origin's
//! key (from its device record). A relaying manager's computer can pass work on, but cannot write a
//! change in another computer's name.
//!
//! Erasure complicates this: erasing a person blanks their personal fields in every earlier op, on every
//! computer, which would break a signature over the values. So the signature covers a digest of each
//! field rather than the value: plain SHA-256 for ordinary fields, and for the fields erasure blanks
//! SHA-256 keyed with a random per-op salt, kept beside the signature. When erasure blanks an op, the
//! digests of its blanked fields are kept and the salt is thrown away, so what stays proves the op was
//! signed without letting anyone test a guess at the erased name. A kept digest is accepted in place
//! of a value only where the value is blank and a later erasure of that record is in the log.
//!
//! Erasure once blanked only the personal fields (names, identifiers, contact details, free text), so
//! signatures made then (scheme 0) salted only those; since scheme 1 every field erasure blanks
//! (health, justice, safety and equality facts too) is salted. An op signed under scheme 0 and erased
//! now keeps a plain digest of those wider fields: a guess at them could be tested, which is the most
//! that can be done without breaking its signature.
//!
//! A computer signs its own ops when it first sends them (ops made before it had keys, or before this
//! version, included). Ops written by a version before origin signatures (schema version 6 or lower)
//! that are already held by others travel unsigned, as they did.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rusqlite::{Connection, OptionalExtension, named_params};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::bundle::WireOp;
use crate::entity::Entity;
use crate::ids::DeviceId;
use crate::{Error, Result};

/// The first schema version whose ops are signed by their origin.
pub const SIGNED_FROM: i64 = 7;

/// An op's signature, with what is needed to check it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// The origin computer's ed25519 signature (base64).
    pub sig: String,
    /// The salt for personal fields' digests (base64); gone once any was erased.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    /// Personal fields' digests kept after erasure blanked them (hex).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kept: BTreeMap<String, String>,
    /// Which fields are salted: 0, only the personal ones; 1, every field erasure blanks.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub scheme: u8,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// The signature scheme this version signs with.
const SCHEME: u8 = 1;

/// Whether a field's digest is salted under a signature scheme.
fn salted(scheme: u8, entity: &str, field: &str) -> bool {
    let Ok(e) = Entity::from_code(entity) else { return false };
    let Ok(c) = e.column(field) else { return false };
    if scheme >= 1 { e.erasure_blanks(c) } else { c.personal() }
}

/// Whether erasure blanks a field.
fn blanked(entity: &str, field: &str) -> bool {
    Entity::from_code(entity)
        .ok()
        .and_then(|e| e.column(field).ok().map(|c| e.erasure_blanks(c)))
        .unwrap_or(false)
}

fn digest(salt: Option<&[u8]>, field: &str, value: &Value) -> String {
    let mut h = Sha256::new();
    if let Some(s) = salt {
        h.update(b"salted\0");
        h.update(s);
    }
    h.update(field.as_bytes());
    h.update([0u8]);
    h.update(value.to_string().as_bytes());
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// The bytes signed: everything about the op, with each field's digest in place of its value.
fn message(op: &WireOp, digests: &BTreeMap<String, String>) -> Vec<u8> {
    let mut m = Vec::with_capacity(512);
    for part in [
        "throughcare op v1",
        &op.op_id.to_string(),
        &op.device_id.to_string(),
        &op.seq.to_string(),
        &op.hlc,
        &op.author_id.to_string(),
        &op.entity,
        &op.entity_id,
        &op.kind,
        &op.schema_version.to_string(),
        &op.recorded_at,
        &Value::Object(op.base.clone()).to_string(),
    ] {
        m.extend_from_slice(part.as_bytes());
        m.push(b'\n');
    }
    for (field, d) in digests {
        m.extend_from_slice(field.as_bytes());
        m.push(b'=');
        m.extend_from_slice(d.as_bytes());
        m.push(b'\n');
    }
    m
}

/// Signs one of this computer's ops.
pub(crate) fn sign(key: &SigningKey, op: &WireOp) -> Envelope {
    let salt: [u8; 16] = rand::random();
    let digests: BTreeMap<String, String> = op
        .payload
        .iter()
        .map(|(f, v)| (f.clone(), digest(salted(SCHEME, &op.entity, f).then_some(&salt[..]), f, v)))
        .collect();
    Envelope {
        sig: B64.encode(key.sign(&message(op, &digests)).to_bytes()),
        salt: Some(B64.encode(salt)),
        kept: BTreeMap::new(),
        scheme: SCHEME,
    }
}

/// Before erasure blanks fields of an op: keeps the digests of the fields it blanks and drops the salt.
/// An op erased before erasure blanked so much (its salt gone) keeps plain digests of the wider fields.
pub(crate) fn before_erasure(envelope: &mut Envelope, entity: &str, payload: &Map<String, Value>) {
    let salt = envelope.salt.take().and_then(|s| B64.decode(s).ok());
    for (f, v) in payload {
        if !blanked(entity, f) || envelope.kept.contains_key(f) {
            continue;
        }
        let key = if salted(envelope.scheme, entity, f) {
            match &salt {
                Some(s) => Some(&s[..]),
                None => continue,
            }
        } else {
            None
        };
        envelope.kept.insert(f.clone(), digest(key, f, v));
    }
}

/// Whether an envelope's kept digests are allowed: only for a record erased after the change (the
/// one part of checking a signature that reads the database).
fn kept_allowed(conn: &Connection, op: &WireOp, envelope: &Envelope) -> Result<bool> {
    if envelope.kept.is_empty() {
        return Ok(true);
    }
    let (Ok(entity), Ok(id), Ok(hlc)) = (
        Entity::from_code(&op.entity),
        crate::oplog::key(&op.entity_id),
        crate::hlc::Hlc::parse_canonical(&op.hlc),
    ) else {
        return Ok(false);
    };
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM main.ops WHERE entity_n = :e AND entity_id = :id AND kind_n = :redact AND hlc > :h)",
        )?
        .query_row(
            named_params! {
                ":e": entity.number(), ":id": id, ":redact": crate::store::OpKind::Redact.number(), ":h": hlc,
            },
            |r| r.get(0),
        )?)
}

/// What an op's signature covers, and the signature, once its envelope is found sound: each field's
/// digest worked out again, kept digests only in place of blank personal fields (whether the record
/// was erased later is [`kept_allowed`]'s part). Reads nothing, so it runs on every core.
fn signed_message(
    op: &WireOp,
    envelope: &Envelope,
) -> std::result::Result<(Vec<u8>, Signature), &'static str> {
    let salt = match &envelope.salt {
        Some(s) => Some(B64.decode(s).map_err(|_| "a change whose signature is damaged")?),
        None => None,
    };
    let blanks = Entity::from_code(&op.entity).map(crate::sync::merge::redacted_fields).unwrap_or_default();
    let mut digests = BTreeMap::new();
    for (f, v) in &op.payload {
        let d = if let Some(kept) = envelope.kept.get(f) {
            if blanks.get(f) != Some(v) {
                return Err("a change whose signed details were altered");
            }
            kept.clone()
        } else if salted(envelope.scheme, &op.entity, f) {
            match &salt {
                Some(s) => digest(Some(s), f, v),
                None => return Err("a change whose signature cannot be checked"),
            }
        } else {
            digest(None, f, v)
        };
        digests.insert(f.clone(), d);
    }
    if envelope.kept.keys().any(|k| !op.payload.contains_key(k)) {
        return Err("a change whose signature cannot be checked");
    }
    let bytes = B64.decode(&envelope.sig).map_err(|_| "a change whose signature is damaged")?;
    let sig = Signature::from_slice(&bytes).map_err(|_| "a change whose signature is damaged")?;
    Ok((message(op, &digests), sig))
}

const NOT_SIGNED: &str = "a change its computer did not sign";

/// Whether an op's envelope holds: signed by `key`, with kept digests only for blank personal fields.
#[cfg(test)]
fn signature_holds(
    key: &VerifyingKey,
    op: &WireOp,
    envelope: &Envelope,
) -> std::result::Result<(), &'static str> {
    let (message, sig) = signed_message(op, envelope)?;
    key.verify(&message, &sig).map_err(|_| NOT_SIGNED)
}

/// How many signatures are checked together: ed25519's batch check costs about 12 µs a signature
/// at this size against 30 µs for one at a time, and a batch that fails is checked one by one.
const CHECK_BATCH: usize = 256;

/// Whether each op's envelope holds, in order. Signatures are checked in batches (one random
/// combination of all of them, which holds only if each does); a batch that fails is checked one
/// signature at a time, so the verdict on each op is the same as checking it alone.
fn signatures_hold(items: &[Relayed]) -> Vec<std::result::Result<(), &'static str>> {
    let prepared: Vec<_> = items
        .iter()
        .map(|(op, _)| match &op.sig {
            Some(envelope) => signed_message(op, envelope),
            None => Err("a change whose signature cannot be checked"),
        })
        .collect();
    let mut verdicts: Vec<std::result::Result<(), &'static str>> =
        prepared.iter().map(|p| p.as_ref().map(|_| ()).map_err(|e| *e)).collect();
    let sound: Vec<usize> = (0..items.len()).filter(|&i| prepared[i].is_ok()).collect();
    for part in sound.chunks(CHECK_BATCH) {
        let mut messages: Vec<&[u8]> = Vec::with_capacity(part.len());
        let mut sigs = Vec::with_capacity(part.len());
        let mut keys = Vec::with_capacity(part.len());
        for &i in part {
            if let Ok((m, s)) = &prepared[i] {
                messages.push(m);
                sigs.push(*s);
                keys.push(items[i].1);
            }
        }
        if ed25519_dalek::verify_batch(&messages, &sigs, &keys).is_ok() {
            continue;
        }
        for (k, &i) in part.iter().enumerate() {
            if keys[k].verify(messages[k], &sigs[k]).is_err() {
                verdicts[i] = Err(NOT_SIGNED);
            }
        }
    }
    verdicts
}

/// Signs this computer's ops that are not signed yet (before they are first sent): a few thousand at
/// a time, so that a year's work held back does not all sit in memory. Each batch is signed on
/// every core while the batch before is written and the one after is read, so the database's part
/// (one connection, one thread) and the signing (most of the cost of a first file) overlap.
pub(crate) fn sign_own(conn: &Connection, me: DeviceId, key: &SigningKey) -> Result<()> {
    const BATCH: i64 = 4096;
    /// A batch and each op's packed envelope.
    type Signed = (Vec<WireOp>, Vec<Result<Vec<u8>>>);
    let mut read = conn.prepare_cached(&format!(
        "SELECT {} FROM {} WHERE od.id = :d AND o.seq > :after AND o.sig IS NULL ORDER BY o.seq LIMIT {BATCH}",
        super::exchange::OP_COLUMNS,
        crate::oplog::OPS
    ))?;
    let mut put = conn.prepare_cached(
        "UPDATE main.ops SET sig = :s WHERE device = (SELECT n FROM main.op_nodes WHERE id = :d) AND seq = :q",
    )?;
    let mut next = |after: i64| -> Result<Vec<WireOp>> {
        let mut batch = Vec::new();
        let mut rows = read.query(named_params! {":d": me, ":after": after})?;
        while let Some(r) = rows.next()? {
            batch.push(super::exchange::read_op(r)?);
        }
        Ok(batch)
    };
    let mut put = |signed: Signed| -> Result<()> {
        for (op, envelope) in signed.0.iter().zip(signed.1) {
            put.execute(named_params! {":s": envelope?, ":d": me, ":q": op.seq})?;
        }
        Ok(())
    };
    let mut batch = next(signed_through(conn, me)?)?;
    let mut written: Option<Signed> = None;
    std::thread::scope(|s| {
        while let Some(last) = batch.last().map(|o| o.seq) {
            let signing = s.spawn(move || {
                let envelopes = on_every_core(&batch, |op| crate::packed::pack_value(&sign(key, op)));
                envelopes.map(|e| (batch, e))
            });
            if let Some(done) = written.take() {
                put(done)?;
            }
            let after = next(last);
            written =
                Some(signing.join().map_err(|_| Error::Corrupt("signing stopped unexpectedly".into()))??);
            batch = after?;
        }
        written.take().map_or(Ok(()), put)
    })?;
    // Every one of its own changes is now signed; the next time starts after them.
    let last = crate::oplog::last_seq(conn, &me.to_string())?;
    conn.prepare_cached(
        "INSERT INTO main.local_state (key, value) VALUES ('signed_through', :v)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(named_params! {":v": format!("{me} {last}")})?;
    Ok(())
}

/// The number up to which this computer's own changes are all signed (kept in `local_state` as its
/// id and the number, so a copy of the database on another computer starts again from the first).
/// Signatures are never removed and new changes get higher numbers, so [`sign_own`] looks only
/// past it: otherwise every sync file a busy computer writes would read its whole history again
/// (4 s for 3.9 million changes) to find none unsigned. Reset when revoked changes are removed.
fn signed_through(conn: &Connection, me: DeviceId) -> Result<i64> {
    let kept: Option<String> = conn
        .prepare_cached("SELECT value FROM main.local_state WHERE key = 'signed_through'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(kept
        .and_then(|v| {
            let (device, seq) = v.split_once(' ')?;
            (device == me.to_string()).then(|| seq.parse().ok()).flatten()
        })
        .unwrap_or(0))
}

/// `f` of each item, in order, the items shared out over the computer's cores (up to 8): signing
/// and checking signatures are most of the cost of a first sync file and of one passed on.
fn on_every_core<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Result<Vec<R>> {
    on_every_core_in_parts(items, |part| part.iter().map(&f).collect())
}

/// `f` of each core's share of the items (up to 8 shares, in order), its results joined in order:
/// for work done a batch at a time. `f` gives one result per item.
fn on_every_core_in_parts<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&[T]) -> Vec<R> + Sync,
) -> Result<Vec<R>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|s| {
        let parts: Vec<_> = items.chunks(chunk).map(|part| s.spawn(move || f(part))).collect();
        let mut out = Vec::with_capacity(items.len());
        for p in parts {
            out.extend(
                p.join().map_err(|_| Error::Corrupt("signing or checking stopped unexpectedly".into()))?,
            );
        }
        Ok(out)
    })
}

/// A change passed on from another computer, with its origin's key, waiting for its signature to be
/// checked ([`first_unsigned`]).
pub(crate) type Relayed = (WireOp, VerifyingKey);

/// Of a batch of changes from a file, those passed on from other computers, each with its origin's
/// key (`keys` remembers them from batch to batch); or the first that cannot be checked at all.
/// Unsigned ones are accepted only if written before origin signatures existed. Reads the
/// database; the signatures themselves are [`first_unsigned`]'s part, which does not.
pub(crate) fn relayed(
    conn: &Connection,
    sender: DeviceId,
    ops: Vec<WireOp>,
    keys: &mut BTreeMap<DeviceId, Option<VerifyingKey>>,
) -> Result<std::result::Result<Vec<Relayed>, (DeviceId, &'static str)>> {
    let mut out = Vec::new();
    for op in ops.into_iter().filter(|o| o.device_id != sender) {
        let Some(envelope) = &op.sig else {
            if op.schema_version >= SIGNED_FROM {
                return Ok(Err((op.device_id, "a change passed on without its computer's signature")));
            }
            continue;
        };
        let key = match keys.get(&op.device_id) {
            Some(k) => *k,
            None => {
                let k = super::keys::device_public_key(conn, &op.device_id.to_string())?;
                keys.insert(op.device_id, k);
                k
            }
        };
        let Some(key) = key else {
            return Ok(Err((op.device_id, "a change from a computer whose key is not known")));
        };
        if !kept_allowed(conn, &op, envelope)? {
            return Ok(Err((op.device_id, "a change whose signed details were altered")));
        }
        out.push((op, key));
    }
    Ok(Ok(out))
}

/// The first of these changes (in the file's order) whose origin signature does not hold, with
/// what is wrong with it; checked on every core.
pub(crate) fn first_unsigned(items: &[Relayed]) -> Result<Option<(DeviceId, &'static str)>> {
    let verdicts = on_every_core_in_parts(items, signatures_hold)?;
    Ok(items.iter().zip(verdicts).find_map(|((op, _), v)| v.err().map(|what| (op.device_id, what))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::clients::ClientFields;

    /// Signs as versions before scheme 1 did: only the personal fields salted.
    fn sign_scheme_0(key: &SigningKey, op: &WireOp) -> Envelope {
        let salt: [u8; 16] = rand::random();
        let digests = op
            .payload
            .iter()
            .map(|(f, v)| (f.clone(), digest(salted(0, &op.entity, f).then_some(&salt[..]), f, v)))
            .collect();
        Envelope {
            sig: B64.encode(key.sign(&message(op, &digests)).to_bytes()),
            salt: Some(B64.encode(salt)),
            kept: BTreeMap::new(),
            scheme: 0,
        }
    }

    /// A change signed and erased by an older version (its name blanked, its salt gone) is blanked
    /// further now (their support needs too), and still proves who signed it; a tampered one does not.
    #[test]
    fn a_change_erased_before_erasure_widened_still_verifies_once_widened() {
        let (_dir, mut store, m) = crate::store::test_store();
        let fields = ClientFields { given_name: Some("Ola".into()), ..Default::default() };
        let c = store.write(&m, |tx| tx.create_client(fields, None)).unwrap().id;
        store.write(&m, |tx| tx.erase_client(c)).unwrap();
        let conn = store.raw_connection_for_tests();
        let mut op = conn
            .query_row(
                &format!(
                    "SELECT {} FROM {} WHERE o.entity_n = {} AND o.kind_n = {} LIMIT 1",
                    crate::sync::exchange::OP_COLUMNS,
                    crate::oplog::OPS,
                    Entity::Client.number(),
                    crate::store::OpKind::Create.number()
                ),
                [],
                |r| Ok(crate::sync::exchange::read_op(r)),
            )
            .unwrap()
            .unwrap();
        assert_eq!(op.entity_id, c.to_string());
        // As first written and signed by an older version.
        op.payload =
            serde_json::from_value(serde_json::json!({"given_name": "Ola", "support_needs": ["alcohol"]}))
                .unwrap();
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let mut envelope = sign_scheme_0(&key, &op);
        // Erased by that version: the name blanked, its salted digest kept, the salt gone.
        let salt = B64.decode(envelope.salt.take().unwrap()).unwrap();
        envelope
            .kept
            .insert("given_name".into(), digest(Some(&salt), "given_name", &serde_json::json!("Ola")));
        op.payload.insert("given_name".into(), Value::Null);
        // Now: erasure blanks their support needs too.
        let before = op.payload.clone();
        before_erasure(&mut envelope, "client", &before);
        op.payload.insert("support_needs".into(), Value::Array(Vec::new()));
        assert!(kept_allowed(conn, &op, &envelope).unwrap());
        assert_eq!(signature_holds(&key.verifying_key(), &op, &envelope), Ok(()));
        // Anything else changed is caught.
        op.payload.insert("support_needs".into(), serde_json::json!(["drugs"]));
        assert!(signature_holds(&key.verifying_key(), &op, &envelope).is_err());
    }

    /// Signed now, erased now: every field erasure blanks is salted, and the kept digests verify.
    #[test]
    fn a_change_signed_now_keeps_salted_digests_of_everything_erasure_blanks() {
        assert!(salted(SCHEME, "client", "support_needs") && salted(SCHEME, "client", "given_name"));
        assert!(!salted(SCHEME, "client", "gender"), "kept for the figures, so never blanked");
        assert!(!salted(0, "client", "support_needs"));
    }

    /// Signatures are checked in batches, but each change gets its own verdict: among several
    /// batches' worth of good ones, exactly the altered change and the one signed with another
    /// computer's key fail, and a batch with nothing wrong in it passes whole.
    #[test]
    fn checking_in_batches_finds_exactly_the_changes_that_do_not_hold() {
        let (_dir, mut store, m) = crate::store::test_store();
        for i in 0..(CHECK_BATCH * 2 + 10) {
            let fields = ClientFields { given_name: Some(format!("Ola {i}")), ..Default::default() };
            store.write(&m, |tx| tx.create_client(fields, None)).unwrap();
        }
        let conn = store.raw_connection_for_tests();
        let ops: Vec<WireOp> = conn
            .prepare(&format!(
                "SELECT {} FROM {} WHERE o.entity_n = {} AND o.kind_n = {} ORDER BY o.seq",
                crate::sync::exchange::OP_COLUMNS,
                crate::oplog::OPS,
                Entity::Client.number(),
                crate::store::OpKind::Create.number()
            ))
            .unwrap()
            .query_map([], |r| Ok(crate::sync::exchange::read_op(r).unwrap()))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert!(ops.len() > CHECK_BATCH * 2);
        let (mine, other) = (SigningKey::from_bytes(&[7u8; 32]), SigningKey::from_bytes(&[9u8; 32]));
        let (altered, stranger) = (CHECK_BATCH + 3, ops.len() - 1);
        let mut items: Vec<Relayed> = ops
            .into_iter()
            .enumerate()
            .map(|(i, mut op)| {
                op.sig = Some(sign(if i == stranger { &other } else { &mine }, &op));
                (op, mine.verifying_key())
            })
            .collect();
        items[altered].0.payload.insert("given_name".into(), "Someone else".into());
        let verdicts = on_every_core_in_parts(&items, signatures_hold).unwrap();
        let failed: Vec<usize> = (0..verdicts.len()).filter(|&i| verdicts[i].is_err()).collect();
        assert_eq!(failed, vec![altered, stranger]);
        assert_eq!(verdicts[altered], Err(NOT_SIGNED));
        let fine: Vec<_> = items.iter().take(CHECK_BATCH).cloned().collect();
        assert!(signatures_hold(&fine).iter().all(|v| v.is_ok()));
        assert_eq!(first_unsigned(&items).unwrap(), Some((items[altered].0.device_id, NOT_SIGNED)));
    }

    /// A computer signs its own changes once: it remembers how far they are all signed, looks only
    /// past that the next time, and still signs every change made since.
    #[test]
    fn own_changes_are_signed_once_and_every_later_one_too() {
        let (_dir, mut store, m) = crate::store::test_store();
        let me = store.device_id();
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let add = |store: &mut crate::store::Store, n: usize| {
            for i in 0..n {
                let fields = ClientFields { given_name: Some(format!("Ola {i}")), ..Default::default() };
                store.write(&m, |tx| tx.create_client(fields, None)).unwrap();
            }
        };
        let unsigned = |store: &crate::store::Store| -> i64 {
            store
                .raw_connection_for_tests()
                .query_row("SELECT count(*) FROM main.ops WHERE sig IS NULL", [], |r| r.get(0))
                .unwrap()
        };
        add(&mut store, 3);
        assert!(unsigned(&store) > 0);
        let conn = store.raw_connection_for_tests();
        assert_eq!(signed_through(conn, me).unwrap(), 0);
        sign_own(conn, me, &key).unwrap();
        assert_eq!(unsigned(&store), 0);
        let last = crate::oplog::last_seq(conn, &me.to_string()).unwrap();
        assert_eq!(signed_through(conn, me).unwrap(), last);
        add(&mut store, 2);
        assert!(unsigned(&store) > 0);
        let conn = store.raw_connection_for_tests();
        sign_own(conn, me, &key).unwrap();
        assert_eq!(unsigned(&store), 0, "a change made after the first signing was left unsigned");
        assert!(signed_through(conn, me).unwrap() > last);
        // Kept for another computer's id (a copy of the database): this one starts from the first.
        conn.execute(
            "UPDATE main.local_state SET value = '01a24188-96a4-7609-b7b5-595b9c20c286 99' WHERE key = 'signed_through'",
            [],
        )
        .unwrap();
        assert_eq!(signed_through(conn, me).unwrap(), 0);
    }
}
