//! The bundle file format: what one device sends another.
//!
//! ```text
//! "THROUGHCARE BUNDLE\n"                      magic, so a wrong file is named as such
//! u32 big-endian, then that many bytes        header: JSON, readable without any key
//! u64 big-endian, then that many bytes        body: age( zstd( one JSON line per op, then one per
//!                                             audit entry, as {"audit": …} ) )
//! 64 bytes                                    ed25519 signature of everything above
//! ```
//!
//! The header is plain so a device can refuse a file from another organisation, a newer version or a
//! missing earlier bundle with a clear message before it decrypts anything; the signature covers it,
//! so it cannot be altered. The body is compressed and then encrypted, to the organisation's age
//! recipient or to a passphrase. Reading is strict: lengths must add up exactly, every op must be
//! well formed and name only known record kinds and fields, and each device's ops must run without a
//! hole from the first number the header gives to the last. This module knows no database, so the
//! fuzz target can drive it directly.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};

use age::secrecy::SecretString;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde_json::{Map, Value};

use crate::entity::{Entity, to_sql};
use crate::hlc::Hlc;
use crate::ids::{DeviceId, OpId, OrgId, UserId};
use crate::time::Timestamp;
use crate::{Error, Result};

/// The first bytes of every bundle.
pub const MAGIC: &[u8] = b"THROUGHCARE BUNDLE\n";
/// The format version this binary writes. Format 2 added audit entries after the ops; this binary
/// still reads format 1.
pub const FORMAT: u32 = 2;
const MAX_HEADER: usize = 4 << 20;
/// The most a body read whole into memory may grow to when decompressed (a guard against a "zip
/// bomb"). A body applied as it is read is bounded instead by its header's counts, each line at most
/// [`MAX_LINE`]: an invitation's holds the whole organisation's history, several gigabytes of text
/// at 100,000 clients.
const MAX_PLAIN: u64 = 2 << 30;
/// The longest line a body may hold: one change, with every long text field at its longest, is
/// well under a megabyte.
const MAX_LINE: u64 = 16 << 20;
const SIGNATURE_LEN: usize = 64;
/// The highest scrypt cost (log2 N) a passphrase-locked file may ask for: 18 is 256 MiB and about
/// a second, which is what Throughcare writes.
pub const MAX_PASSPHRASE_LOG_N: u8 = 18;
/// What a person is told about a file from a newer version.
pub(crate) const NEWER_VERSION: &str = "This sync file was made by a newer version of Throughcare. Update Throughcare on this computer, then import it again.";

/// How the body is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encryption {
    /// To the organisation's recipient: any device of the organisation can read it.
    Organisation,
    /// To a passphrase chosen for this file.
    Passphrase,
    /// To one device's own key (a peer mentor's computer, which holds only their share).
    Device,
}

/// The ops of one device that a bundle carries: numbers `first` to `last`, with no hole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// The device that made the ops.
    pub device: DeviceId,
    /// First sequence number carried.
    pub first: i64,
    /// Last sequence number carried.
    pub last: i64,
}

/// The plain part of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Format version ([`FORMAT`]).
    pub format: u32,
    /// The organisation whose data this is.
    pub organisation: OrgId,
    /// The device that wrote (and signed) the file.
    pub sender: DeviceId,
    /// The schema version of the sender.
    pub schema_version: i64,
    /// When it was written.
    pub created_at: Timestamp,
    /// How the body is encrypted.
    pub encryption: Encryption,
    /// How many ops the body holds.
    pub ops: u64,
    /// The ops carried, per device that made them.
    pub ranges: Vec<Range>,
    /// Everything the sender had when it wrote the file: the last op number it held from each device.
    /// The receiver must end up with at least this much (the bundle's ops may build on it), and learns
    /// from it what the sender has already seen.
    pub vector: BTreeMap<DeviceId, i64>,
    /// How many audit entries the body holds, after the ops (format 2).
    #[serde(default)]
    pub audit: u64,
    /// The audit entries carried, per device whose chain they belong to (format 2).
    #[serde(default)]
    pub audit_ranges: Vec<Range>,
    /// The last audit entry the sender held of each device's chain (format 2).
    #[serde(default)]
    pub audit_vector: BTreeMap<DeviceId, i64>,
    /// A file made for a share device: its ranges are what it covers, and it carries only the ops of
    /// the share (see [`super::share`]), so it may skip numbers (format 2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub filtered: bool,
}

/// One audit entry as it travels: exactly as stored, with its place in its device's chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireAudit {
    /// The device whose chain it belongs to.
    pub device_id: DeviceId,
    /// Its number there.
    pub seq: i64,
    /// Its id.
    pub id: OpId,
    /// When.
    pub at: String,
    /// Who (a user id, or all zeros for nobody known).
    pub user_id: String,
    /// The action's code.
    pub action: String,
    /// The record kind, if any.
    pub entity: Option<String>,
    /// The record, if any.
    pub entity_id: Option<String>,
    /// The client it was about, if any.
    pub client_id: Option<String>,
    /// More about it (never a personal value).
    pub detail: Option<String>,
    /// The hash of the entry before it in its chain.
    pub prev_hash: String,
    /// Its own hash.
    pub hash: String,
}

impl WireAudit {
    /// Links the entry after `prev_hash` and hashes it again (for tests and the fuzz corpus, which
    /// move real entries onto a fixed device).
    #[doc(hidden)]
    pub fn reseal(&mut self, prev_hash: &str) {
        self.prev_hash = prev_hash.to_owned();
        self.hash = crate::audit::wire_hash(self);
    }

    /// Checks the entry is well formed and its hash is its own.
    pub fn check(&self) -> Result<()> {
        let bad = |what: &str| Error::BadBundle { reason: format!("audit entry {} {what}", self.seq) };
        let uuid =
            |s: &str| uuid::Uuid::parse_str(s).map(|u| u.as_hyphenated().to_string()) == Ok(s.to_owned());
        if self.seq < 1 {
            return Err(bad("has a number below 1"));
        }
        if !uuid(&self.user_id)
            || [&self.entity_id, &self.client_id].iter().any(|o| o.as_deref().is_some_and(|v| !uuid(v)))
        {
            return Err(bad("has a damaged id"));
        }
        if !crate::audit::is_action(&self.action) {
            return Err(bad("names an unknown action"));
        }
        if self.entity.as_deref().is_some_and(|e| Entity::from_code(e).is_err()) {
            return Err(bad("names an unknown kind of record"));
        }
        if self.detail.as_ref().is_some_and(|d| d.chars().count() > 1000) {
            return Err(bad("is too long"));
        }
        Timestamp::parse_canonical(&self.at).map_err(|_| bad("has a damaged time"))?;
        let hex =
            |h: &str| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
        if !hex(&self.prev_hash) || !hex(&self.hash) {
            return Err(bad("has a damaged hash"));
        }
        if crate::audit::wire_hash(self) != self.hash {
            return Err(bad("does not match its own hash (it was altered)"));
        }
        Ok(())
    }
}

/// What a bundle's body holds.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Body {
    /// The ops, per device in order.
    pub ops: Vec<WireOp>,
    /// The audit entries, per device in order.
    pub audit: Vec<WireAudit>,
    /// In a filtered file: the clients in the share.
    pub share: Option<Vec<String>>,
}

/// One op as it travels.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireOp {
    /// Its UUIDv7 name.
    pub op_id: OpId,
    /// The device that made it.
    pub device_id: DeviceId,
    /// Its number on that device.
    pub seq: i64,
    /// Its clock stamp.
    pub hlc: String,
    /// Who made it.
    pub author_id: UserId,
    /// Record kind (op-log code).
    pub entity: String,
    /// Record id.
    pub entity_id: String,
    /// create, set, archive, resolve, redact.
    pub kind: String,
    /// The fields it set.
    pub payload: Map<String, Value>,
    /// Each field's stamp as the author saw it.
    pub base: Map<String, Value>,
    /// The schema version of its author.
    pub schema_version: i64,
    /// When it was made.
    pub recorded_at: String,
    /// Its origin computer's signature ([`super::origin`]); absent on changes written before version 7.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sig: Option<super::origin::Envelope>,
}

/// The op kinds a bundle may carry.
pub const KINDS: [&str; 5] = ["create", "set", "archive", "resolve", "redact"];

impl WireOp {
    /// Checks that the op is well formed and names only known record kinds and fields; returns its
    /// parsed clock stamp.
    pub fn check(&self, schema_version: i64) -> Result<Hlc> {
        let bad = |what: &str| Error::BadBundle { reason: format!("change {} of a device {what}", self.seq) };
        if self.seq < 1 {
            return Err(bad("has a number below 1"));
        }
        let hlc: Hlc = self.hlc.parse().map_err(|_| bad("has a damaged clock stamp"))?;
        if hlc.device != self.device_id {
            return Err(bad("has a clock stamp from another device"));
        }
        let entity = Entity::from_code(&self.entity).map_err(|_| bad("is for an unknown kind of record"))?;
        if uuid::Uuid::parse_str(&self.entity_id).map(|u| u.as_hyphenated().to_string())
            != Ok(self.entity_id.clone())
        {
            return Err(bad("has a damaged record id"));
        }
        if !KINDS.contains(&self.kind.as_str()) {
            return Err(bad("is of an unknown kind"));
        }
        for (name, v) in &self.payload {
            let col = entity.column(name).map_err(|_| bad("sets an unknown field"))?;
            to_sql(entity, col, v).map_err(|_| bad("sets a field to a value of the wrong type"))?;
        }
        for (name, v) in &self.base {
            entity.column(name).map_err(|_| bad("names an unknown field"))?;
            match v {
                Value::Null => {}
                Value::String(s) if s.parse::<Hlc>().is_ok() => {}
                _ => return Err(bad("has a damaged base stamp")),
            }
        }
        if self.kind != "create" && self.payload.is_empty() {
            return Err(bad("changes nothing"));
        }
        if self.schema_version < 1 || self.schema_version > schema_version {
            return Err(bad("claims a schema newer than its bundle"));
        }
        Timestamp::parse_canonical(&self.recorded_at).map_err(|_| bad("has a damaged time"))?;
        Ok(hlc)
    }
}

/// The secret that opens a body.
#[derive(Clone, Copy)]
pub enum Secret<'a> {
    /// The organisation's identity.
    Organisation(&'a age::x25519::Identity),
    /// Any of these identities (the organisation's, now and before it last changed).
    Any(&'a [age::x25519::Identity]),
    /// A passphrase.
    Passphrase(&'a str),
}

impl std::fmt::Debug for Secret<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Secret::Organisation(_) => "Secret::Organisation(..)",
            Secret::Any(_) => "Secret::Any(..)",
            Secret::Passphrase(_) => "Secret::Passphrase(..)",
        })
    }
}

/// Who to encrypt a body to.
#[derive(Debug, Clone)]
pub enum SealTo {
    /// The organisation's recipients.
    Organisation(Vec<age::x25519::Recipient>),
    /// A passphrase, with the scrypt work factor (log2 N) to protect it with.
    Passphrase {
        /// The passphrase.
        passphrase: String,
        /// scrypt cost; 18 takes about a second.
        log_n: u8,
    },
}

/// A bundle whose framing and header have been read, but not yet checked or opened.
#[derive(Debug)]
pub struct Parsed<'a> {
    /// The header.
    pub header: Header,
    signed: &'a [u8],
    body: &'a [u8],
    signature: Signature,
}

fn take<'a>(rest: &mut &'a [u8], n: usize, what: &str) -> Result<&'a [u8]> {
    if rest.len() < n {
        return Err(Error::BadBundle { reason: format!("the file is cut short in its {what}") });
    }
    let (a, b) = rest.split_at(n);
    *rest = b;
    Ok(a)
}

/// Reads the framing and the header. Checks lengths, the format version and that the header is
/// consistent in itself; does not check the signature (see [`Parsed::verify`]).
pub fn parse(bytes: &[u8]) -> Result<Parsed<'_>> {
    let mut rest = bytes;
    let magic = take(&mut rest, MAGIC.len(), "opening")
        .map_err(|_| Error::BadBundle { reason: "it does not start like a sync file".into() })?;
    if magic != MAGIC {
        return Err(Error::BadBundle { reason: "it does not start like a sync file".into() });
    }
    let len = take(&mut rest, 4, "header")?;
    let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
    if len > MAX_HEADER {
        return Err(Error::BadBundle { reason: "its header is impossibly large".into() });
    }
    let header_bytes = take(&mut rest, len, "header")?;
    let len = take(&mut rest, 8, "body")?;
    let mut l = [0u8; 8];
    l.copy_from_slice(len);
    let len = usize::try_from(u64::from_be_bytes(l))
        .map_err(|_| Error::BadBundle { reason: "its body is impossibly large".into() })?;
    let body = take(&mut rest, len, "body")?;
    let signed_len = bytes.len() - rest.len();
    let sig = take(&mut rest, SIGNATURE_LEN, "signature")?;
    if !rest.is_empty() {
        return Err(Error::BadBundle { reason: "it has extra bytes after its signature".into() });
    }
    // A newer format may have a header this version cannot read; say so rather than "damaged".
    let loose: Value = serde_json::from_slice(header_bytes)
        .map_err(|_| Error::BadBundle { reason: "its header is damaged".into() })?;
    if let Some(f) = loose.get("format").and_then(Value::as_u64) {
        if f > u64::from(FORMAT) {
            return Err(Error::BundleRefused(NEWER_VERSION.into()));
        }
    }
    let header: Header = serde_json::from_value(loose)
        .map_err(|_| Error::BadBundle { reason: "its header is damaged".into() })?;
    if !(1..=FORMAT).contains(&header.format) || (header.format == 1 && header.audit > 0) {
        return Err(Error::BadBundle { reason: "its header is damaged".into() });
    }
    check_ranges(&header)?;
    let mut s = [0u8; SIGNATURE_LEN];
    s.copy_from_slice(sig);
    Ok(Parsed { header, signed: &bytes[..signed_len], body, signature: Signature::from_bytes(&s) })
}

fn check_ranges(h: &Header) -> Result<()> {
    check_range_list(&h.ranges, &h.vector, (!h.filtered).then_some(h.ops), "changes")?;
    check_range_list(&h.audit_ranges, &h.audit_vector, Some(h.audit), "audit entries")
}

/// `count`: how many the ranges must add up to (none for a filtered file, which skips numbers).
fn check_range_list(
    ranges: &[Range],
    vector: &BTreeMap<DeviceId, i64>,
    count: Option<u64>,
    what: &str,
) -> Result<()> {
    let bad = |r: String| Error::BadBundle { reason: format!("its header is inconsistent ({r})") };
    let mut seen = std::collections::HashSet::new();
    let mut total: u64 = 0;
    for r in ranges {
        if r.first < 1 || r.last < r.first {
            return Err(bad(format!("a range of {what} runs backwards")));
        }
        if !seen.insert(r.device) {
            return Err(bad("a device is listed twice".into()));
        }
        if vector.get(&r.device).copied().unwrap_or(0) < r.last {
            return Err(bad(format!("it carries {what} its sender says it does not have")));
        }
        total = total.saturating_add(u64::try_from(r.last - r.first + 1).unwrap_or(u64::MAX));
    }
    if count.is_some_and(|c| total != c) {
        return Err(bad(format!("the count of {what} does not add up")));
    }
    if vector.values().any(|v| *v < 0) {
        return Err(bad("a negative number".into()));
    }
    Ok(())
}

impl Parsed<'_> {
    /// Checks the signature against the sending device's public key.
    pub fn verify(&self, key: &VerifyingKey) -> Result<()> {
        key.verify(self.signed, &self.signature).map_err(|_| {
            Error::BundleRefused(
                "This sync file's signature does not match the device it says it comes from: it has been altered or was not made by that device.".into(),
            )
        })
    }

    /// Decrypts, decompresses and reads the ops and audit entries, checking each one and that they are
    /// exactly what the header says.
    pub fn open(&self, secret: Secret<'_>) -> Result<Body> {
        parse_body(self.plain(secret)?.take(MAX_PLAIN), &self.header)
    }

    /// The body's plain text, to read with [`parse_body_each`]: decryption starts here, so a key or
    /// passphrase that does not open the file is refused before anything is read.
    pub fn plain(&self, secret: Secret<'_>) -> Result<impl BufRead + Send + '_> {
        let decryptor = age::Decryptor::new_buffered(self.body)
            .map_err(|_| Error::BadBundle { reason: "its encrypted part is damaged".into() })?;
        let wrong_key = |e: age::DecryptError| match e {
            age::DecryptError::NoMatchingKeys | age::DecryptError::DecryptionFailed => match secret {
                Secret::Organisation(_) | Secret::Any(_) => Error::BundleRefused(
                    "This sync file is locked with a key this computer does not hold.".into(),
                ),
                Secret::Passphrase(_) => Error::invalid(
                    "passphrase",
                    "That passphrase does not open this sync file. Check it with the person who sent it.",
                ),
            },
            _ => Error::BadBundle { reason: "its encrypted part is damaged".into() },
        };
        let reader: Box<dyn Read + Send + '_> = match secret {
            Secret::Organisation(id) => {
                if decryptor.is_scrypt() {
                    return Err(Error::BundleRefused(
                        "This sync file is locked with a passphrase. Give the passphrase to import it."
                            .into(),
                    ));
                }
                Box::new(decryptor.decrypt(std::iter::once(id as &dyn age::Identity)).map_err(wrong_key)?)
            }
            Secret::Any(ids) => {
                if decryptor.is_scrypt() {
                    return Err(Error::BundleRefused(
                        "This sync file is locked with a passphrase. Give the passphrase to import it."
                            .into(),
                    ));
                }
                Box::new(decryptor.decrypt(ids.iter().map(|i| i as &dyn age::Identity)).map_err(wrong_key)?)
            }
            Secret::Passphrase(p) => {
                if !decryptor.is_scrypt() {
                    return Err(Error::BundleRefused(
                        "This sync file is locked to the organisation, not with a passphrase.".into(),
                    ));
                }
                let mut id = age::scrypt::Identity::new(SecretString::from(p.to_owned()));
                // What Throughcare writes, and no more: a file asking for more would make this
                // computer spend gigabytes and many seconds before it could say no.
                id.set_max_work_factor(MAX_PASSPHRASE_LOG_N);
                Box::new(decryptor.decrypt(std::iter::once(&id as &dyn age::Identity)).map_err(wrong_key)?)
            }
        };
        // Every line the header allows, each at its longest, and no more.
        let lines = self.header.ops.saturating_add(self.header.audit).saturating_add(2);
        let plain = zstd::Decoder::new(reader)
            .map_err(|_| Error::BadBundle { reason: "its compressed part is damaged".into() })?
            .take(lines.saturating_mul(MAX_LINE));
        Ok(BufReader::new(plain))
    }
}

/// One line of a body.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Line {
    Op(Box<WireOp>),
    Audit { audit: Box<WireAudit> },
    Share { share: Vec<String> },
}

/// Reads the body's plain text and checks it against the header: the ops, one per line, each
/// device's without a hole, then the audit entries likewise.
pub fn parse_body(plain: impl BufRead, header: &Header) -> Result<Body> {
    let mut ops = Vec::with_capacity(usize::try_from(header.ops.min(1 << 20)).unwrap_or(0));
    let body = parse_body_each(plain, header, &mut |op| {
        ops.push(op);
        Ok(())
    })?;
    Ok(Body { ops, ..body })
}

/// [`parse_body`], handing each op to `each` as it is read and checked rather than holding them all:
/// an invitation's file carries the whole organisation's history, far more than a laptop's memory. The
/// body returned holds the audit entries and the share, not the ops. A file found wrong after some ops
/// were handed on is an error like any other, so the caller reads it inside the transaction that the
/// error undoes.
pub fn parse_body_each(
    plain: impl BufRead,
    header: &Header,
    each: &mut dyn FnMut(WireOp) -> Result<()>,
) -> Result<Body> {
    let mut next: HashMap<DeviceId, (i64, i64)> =
        header.ranges.iter().map(|r| (r.device, (r.first, r.last))).collect();
    let mut next_audit: HashMap<DeviceId, (i64, i64)> =
        header.audit_ranges.iter().map(|r| (r.device, (r.first, r.last))).collect();
    let mut body = Body::default();
    let mut ops = 0u64;
    let mut plain = plain;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = (&mut plain)
            .take(MAX_LINE + 1)
            .read_until(b'\n', &mut line)
            .map_err(|_| Error::BadBundle { reason: "its contents are damaged or cut short".into() })?;
        if n == 0 {
            break;
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        } else if n as u64 > MAX_LINE {
            return Err(Error::BadBundle { reason: "a line in it is far too long".into() });
        }
        if line.is_empty() {
            continue;
        }
        let parsed: Line = serde_json::from_slice(&line)
            .map_err(|_| Error::BadBundle { reason: "a change in it is damaged".into() })?;
        match parsed {
            Line::Op(op) => {
                if !body.audit.is_empty() {
                    return Err(Error::BadBundle { reason: "a change follows its audit entries".into() });
                }
                op.check(header.schema_version)?;
                let Some((want, last)) = next.get_mut(&op.device_id) else {
                    return Err(Error::BadBundle {
                        reason: "it holds a change its header does not list".into(),
                    });
                };
                // A filtered file may skip numbers but never go back; any other has no hole.
                let in_order = if header.filtered { op.seq >= *want } else { op.seq == *want };
                if !in_order || op.seq > *last {
                    return Err(Error::BadBundle {
                        reason: "its changes are out of order or have a hole".into(),
                    });
                }
                *want = op.seq + 1;
                if ops >= header.ops {
                    return Err(Error::BadBundle {
                        reason: "it holds more changes than its header says".into(),
                    });
                }
                ops += 1;
                each(*op)?;
            }
            Line::Share { share } => {
                let ok = |c: &String| {
                    uuid::Uuid::parse_str(c).map(|u| u.as_hyphenated().to_string()) == Ok(c.clone())
                };
                if !header.filtered || body.share.is_some() || !share.iter().all(ok) {
                    return Err(Error::BadBundle { reason: "it names a share it should not".into() });
                }
                body.share = Some(share);
            }
            Line::Audit { audit } => {
                audit.check()?;
                let Some((want, last)) = next_audit.get_mut(&audit.device_id) else {
                    return Err(Error::BadBundle {
                        reason: "it holds an audit entry its header does not list".into(),
                    });
                };
                if audit.seq != *want || audit.seq > *last {
                    return Err(Error::BadBundle {
                        reason: "its audit entries are out of order or have a hole".into(),
                    });
                }
                *want += 1;
                if body.audit.len() as u64 >= header.audit {
                    return Err(Error::BadBundle {
                        reason: "it holds more audit entries than its header says".into(),
                    });
                }
                body.audit.push(*audit);
            }
        }
    }
    let short = |m: &HashMap<DeviceId, (i64, i64)>| m.values().any(|(want, last)| *want != *last + 1);
    if ops != header.ops || (!header.filtered && short(&next)) {
        return Err(Error::BadBundle {
            reason: "it holds fewer changes than its header says (cut short?)".into(),
        });
    }
    if body.audit.len() as u64 != header.audit || short(&next_audit) {
        return Err(Error::BadBundle {
            reason: "it holds fewer audit entries than its header says (cut short?)".into(),
        });
    }
    Ok(body)
}

/// [`parse_body_each`] with the reading (decrypting, decompressing, parsing and checking each line)
/// done on a second thread, which also runs `prepare` on each op, while `each` runs on this one. An
/// import is then held up by the database's work alone rather than by that and the reading one after
/// the other. `each` gets the ops in the file's order, and an error on either side ends both and is
/// the one returned, as it would have been had they run in turn: the earlier op's.
pub fn parse_body_each_beside<T: Send>(
    plain: impl BufRead + Send,
    header: &Header,
    prepare: &(dyn Fn(&WireOp) -> T + Sync),
    each: &mut dyn FnMut(WireOp, T) -> Result<()>,
) -> Result<Body> {
    const BATCH: usize = 512;
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<(WireOp, T)>>(4);
    std::thread::scope(|s| {
        let reader = s.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let body = parse_body_each(plain, header, &mut |op| {
                let prepared = prepare(&op);
                batch.push((op, prepared));
                if batch.len() == BATCH {
                    // Refused only once `each` has failed, whose error is the one returned.
                    send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                        .map_err(|_| Error::Corrupt("the import stopped".into()))?;
                }
                Ok(())
            });
            // The ops read before a damaged line are still handed on, as they would be in turn.
            if !batch.is_empty() {
                let _ = send.send(batch);
            }
            body
        });
        let applied = receive.iter().flatten().try_for_each(|(op, prepared)| each(op, prepared));
        drop(receive);
        let read =
            reader.join().map_err(|_| Error::Corrupt("reading the sync file stopped unexpectedly".into()))?;
        applied.and(read)
    })
}

/// Reads a body's plain text and returns its ops (for the fuzz target and tests).
pub fn parse_ops(plain: impl BufRead, header: &Header) -> Result<Vec<WireOp>> {
    parse_body(plain, header).map(|b| b.ops)
}

/// Writes a bundle as its ops are pushed, so a large one never sits in memory uncompressed.
pub struct Writer {
    z: zstd::Encoder<'static, age::stream::StreamWriter<Vec<u8>>>,
    len_at: usize,
    pushed: u64,
    want: u64,
    audit_pushed: u64,
    audit_want: u64,
    line: Vec<u8>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").field("pushed", &self.pushed).field("want", &self.want).finish()
    }
}

impl Writer {
    /// Starts a bundle with its header, encrypted to `to`.
    pub fn new(header: &Header, to: &SealTo) -> Result<Writer> {
        let mut out = Vec::with_capacity(1 << 16);
        out.extend_from_slice(MAGIC);
        let h = serde_json::to_vec(header)?;
        let h_len = u32::try_from(h.len()).map_err(|_| Error::Corrupt("bundle header too large".into()))?;
        out.extend_from_slice(&h_len.to_be_bytes());
        out.extend_from_slice(&h);
        let len_at = out.len();
        out.extend_from_slice(&[0u8; 8]);
        let enc_err = |_| Error::Corrupt("the sync file could not be encrypted".into());
        let encryptor = match to {
            SealTo::Organisation(rs) => {
                age::Encryptor::with_recipients(rs.iter().map(|r| r as &dyn age::Recipient))
                    .map_err(enc_err)?
            }
            SealTo::Passphrase { passphrase, log_n } => {
                let mut r = age::scrypt::Recipient::new(SecretString::from(passphrase.clone()));
                r.set_work_factor((*log_n).clamp(1, MAX_PASSPHRASE_LOG_N));
                age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
                    .map_err(enc_err)?
            }
        };
        let sealed = encryptor.wrap_output(out)?;
        let z = zstd::Encoder::new(sealed, 1)?;
        Ok(Writer {
            z,
            len_at,
            pushed: 0,
            want: header.ops,
            audit_pushed: 0,
            audit_want: header.audit,
            line: Vec::with_capacity(512),
        })
    }

    /// Adds the next op.
    pub fn push(&mut self, op: &WireOp) -> Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, op)?;
        self.line.push(b'\n');
        self.z.write_all(&self.line)?;
        self.pushed += 1;
        Ok(())
    }

    /// Names the clients in a filtered file's share (after its ops).
    pub fn push_share(&mut self, clients: &[String]) -> Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, &serde_json::json!({ "share": clients }))?;
        self.line.push(b'\n');
        self.z.write_all(&self.line)?;
        Ok(())
    }

    /// Adds the next audit entry (after every op).
    pub fn push_audit(&mut self, entry: &WireAudit) -> Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, &serde_json::json!({ "audit": entry }))?;
        self.line.push(b'\n');
        self.z.write_all(&self.line)?;
        self.audit_pushed += 1;
        Ok(())
    }

    /// Ends the body and signs the whole file.
    pub fn finish(self, key: &SigningKey) -> Result<Vec<u8>> {
        if self.pushed != self.want || self.audit_pushed != self.audit_want {
            return Err(Error::Corrupt("the ops written do not match the bundle header".into()));
        }
        let mut out = self.z.finish()?.finish()?;
        let body_len = u64::try_from(out.len() - self.len_at - 8).unwrap_or(0);
        out[self.len_at..self.len_at + 8].copy_from_slice(&body_len.to_be_bytes());
        let sig = key.sign(&out);
        out.extend_from_slice(&sig.to_bytes());
        Ok(out)
    }
}

/// Writes a whole bundle from a list of ops (for tests and small files).
pub fn write<'a>(
    header: &Header,
    ops: impl IntoIterator<Item = &'a WireOp>,
    to: &SealTo,
    key: &SigningKey,
) -> Result<Vec<u8>> {
    let mut w = Writer::new(header, to)?;
    for op in ops {
        w.push(op)?;
    }
    w.finish(key)
}

/// Fixed keys for the fuzz target and its seed corpus, so that mutated files reach the decryption
/// and parsing code. Never used for real data.
#[doc(hidden)]
pub mod fuzzing {
    use std::str::FromStr;

    /// An age identity made from 32 bytes of 0x42.
    pub const AGE_IDENTITY: &str =
        "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX";

    /// The organisation identity the corpus is encrypted to.
    pub fn identity() -> Option<age::x25519::Identity> {
        age::x25519::Identity::from_str(AGE_IDENTITY).ok()
    }

    /// The signing key the corpus is signed with.
    pub fn signing_key() -> ed25519_dalek::SigningKey {
        ed25519_dalek::SigningKey::from_bytes(&[7u8; 32])
    }
}
