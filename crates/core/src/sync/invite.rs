//! Invitations: how a new laptop becomes a device of the organisation.
//!
//! A manager's device registers the new device (its id, its user and the public half of a signing
//! key made for it) as ordinary synced records, then writes an invitation file holding everything the
//! new device needs: the organisation's id and encryption identity, the new device's signing key, the
//! inviting device's public key, and a full bundle of the organisation's data. The file is encrypted
//! with a one-time code (age, scrypt) that the manager gives the person separately, by phone or in
//! person. `join` checks the code, makes a new database with the person's own passphrase, and imports
//! the bundle trusting only the inviting device's key from inside the protected file. Because every
//! other device learns the new device's key from the manager's records, they accept its bundles too.
//!
//! Inside the encryption the file is one line of JSON (what the new device needs), then the sync
//! file's own bytes (format 4). Formats 1 to 3 carried the sync file as base64 inside the JSON, so an
//! invitation for 100,000 clients was held three times over while it was opened (the file, the
//! text, the decoded sync file: 2.46 GB) and twice and a third while it was written; now the
//! decrypted sync file is read straight into its own buffer, and [`Store::join_from`] reads the
//! invitation from its file as it decrypts it, so only the sync file is held. Formats 1 to 3 are
//! still read.

use std::io::{BufRead, BufReader, Read, Write};

use age::secrecy::{ExposeSecret, SecretString};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::SigningKey;
use rand::Rng;
use std::path::Path;

use super::exchange::ExportTarget;
use super::keys;
use crate::authz::{self, Action};
use crate::enums::Role;
use crate::ids::{DeviceId, OrgId, UserId};
use crate::keyfile::KdfCost;
use crate::model::users::{DeviceFields, UserFields};
use crate::store::{Actor, Store};
use crate::{Error, Result};

/// The first bytes of an invitation file.
pub const MAGIC: &[u8] = b"THROUGHCARE INVITATION\n";

/// How hard the one-time code is made to guess by brute force (scrypt log2 N).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InviteCost(pub u8);

impl InviteCost {
    /// About a second on a laptop.
    pub const DEFAULT: InviteCost = InviteCost(18);
    /// For tests only.
    pub const MINIMUM: InviteCost = InviteCost(2);
}

/// Who the new device is for.
#[derive(Debug, Clone)]
pub struct NewInvite {
    /// A name for the new device ("Sam's laptop").
    pub device_name: String,
    /// An existing user, or a new one with this name and role.
    pub user: InviteUser,
    /// How many days the invitation works (1 to 30; 7 unless the manager chooses).
    pub valid_days: u32,
}

/// The person who will use the new device.
#[derive(Debug, Clone)]
pub enum InviteUser {
    /// Someone who already has an account.
    Existing(UserId),
    /// A new account.
    New {
        /// Their name.
        name: String,
        /// Their role (caseworker or manager; a peer mentor is invited as an existing person, tied to
        /// their mentor record).
        role: Role,
    },
}

/// What an invitation file holds. Format 2 added the new device's own encryption identity and, for a
/// peer mentor's computer, leaves out the organisation's identity and names the share.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    format: u32,
    organisation_id: OrgId,
    organisation_name: String,
    inviter_device_id: DeviceId,
    inviter_public_key: String,
    /// The organisation's identity (none for a peer mentor's computer).
    #[serde(default)]
    org_identity: Option<String>,
    /// The organisation's recipient, public (format 2).
    #[serde(default)]
    org_recipient: Option<String>,
    /// The new device's own identity (format 2).
    #[serde(default)]
    device_identity: Option<String>,
    /// For a peer mentor's computer, their mentor record (format 2).
    #[serde(default)]
    share_of: Option<crate::ids::MentorId>,
    /// When it stops working (format 3).
    #[serde(default)]
    expires_at: Option<crate::time::Timestamp>,
    device_id: DeviceId,
    device_name: String,
    signing_key: String,
    user_id: UserId,
    /// Formats 1 to 3: the sync file, as base64. From format 4 it follows the JSON's line as bytes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    bundle: String,
}

/// The newest invitation format this version writes and reads.
const FORMAT: u32 = 4;

/// An invitation that was written: the file and the code that opens it.
#[derive(Debug)]
pub struct Invitation {
    /// The file's bytes.
    pub file: Vec<u8>,
    /// The one-time code (show it once; never store or log it).
    pub code: String,
    /// The new device's id.
    pub device_id: DeviceId,
    /// The user it is for.
    pub user_id: UserId,
    /// Whether it is for a peer mentor's own computer, which holds only their share.
    pub share: bool,
    /// When it stops working.
    pub expires_at: crate::time::Timestamp,
}

/// A one-time code: 20 characters from an alphabet without look-alikes, in groups of four (100 bits).
fn new_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::rngs::OsRng;
    let chars: Vec<char> = (0..20).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// Codes are typed by people: ignore case, spaces and dashes.
fn normalise_code(code: &str) -> String {
    let plain: String =
        code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    plain.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

impl Store {
    /// Registers a new device (and, if asked, a new user) and writes its invitation.
    pub fn invite(&mut self, actor: &Actor, new: &NewInvite, cost: InviteCost) -> Result<Invitation> {
        authz::require(actor, Action::Invite)?;
        let device_name = crate::validate::required_text(
            "device_name",
            "A name for the new device",
            &new.device_name,
            200,
        )?;
        if !(1..=super::trust::MAX_INVITATION_DAYS).contains(&new.valid_days) {
            return Err(Error::invalid(
                "valid_days",
                format!("An invitation can work for 1 to {} days.", super::trust::MAX_INVITATION_DAYS),
            ));
        }
        let expires_at = crate::time::Timestamp::now().plus_seconds(i64::from(new.valid_days) * 86_400);
        let device_key = SigningKey::generate(&mut rand::rngs::OsRng);
        let device_identity = age::x25519::Identity::generate();
        let (device_id, user_id, share_of, sync_keys) = self.write(actor, |tx| {
            let sync_keys = keys::ensure(tx)?;
            let (user_id, share_of) = match &new.user {
                InviteUser::Existing(id) => {
                    let user = tx.reader().get::<UserFields>(*id)?;
                    if user.archived_at.is_some() {
                        return Err(Error::invalid("user", "That person has been removed."));
                    }
                    // A peer mentor's own computer holds only their share.
                    let share = (user.fields.role == Role::PeerMentor).then_some(user.fields.mentor_id).flatten();
                    (user.id, share)
                }
                InviteUser::New { name, role } => {
                    if *role == Role::PeerMentor {
                        return Err(Error::invalid(
                            "role",
                            "Add the peer mentor as a person first (tied to their mentor record), then invite a computer for them.",
                        ));
                    }
                    let id = tx
                        .add_user(UserFields {
                            display_name: name.clone(),
                            role: *role,
                            email: None,
                            team_id: None,
                            mentor_id: None,
                        })?
                        .id;
                    (id, None)
                }
            };
            let device = tx.insert(DeviceFields {
                name: device_name.clone(),
                user_id: Some(user_id),
                public_key: Some(keys::public_key_text(&device_key.verifying_key())),
                share_of,
                recipient: Some(device_identity.to_public().to_string()),
                invite_expires_at: Some(expires_at),
                claim: None,
                revoked_at: None,
                revoked_after: None,
            })?;
            tx.audit(crate::audit::AuditAction::Invite, Some(crate::entity::Entity::Device), Some(&device.id.to_string()), None)?;
            Ok((device.id, user_id, share_of, sync_keys))
        })?;
        let bundle = match share_of {
            Some(mentor) => self.export_share(actor, device_id, mentor, &sync_keys)?.0,
            None => self.export_bundle(actor, ExportTarget::All, None)?.0,
        };
        let org_name: String = self.conn().query_row(
            "SELECT name FROM organisations WHERE id = :id",
            rusqlite::named_params! {":id": self.organisation_id()},
            |r| r.get(0),
        )?;
        let body = Body {
            format: FORMAT,
            organisation_id: self.organisation_id(),
            organisation_name: org_name,
            inviter_device_id: self.device_id(),
            inviter_public_key: keys::public_key_text(&sync_keys.signing.verifying_key()),
            org_identity: match share_of {
                Some(_) => None,
                None => sync_keys.org_identity.as_ref().map(|i| i.to_string().expose_secret().to_owned()),
            },
            org_recipient: Some(sync_keys.org_recipient.to_string()),
            device_identity: Some(device_identity.to_string().expose_secret().to_owned()),
            share_of,
            expires_at: Some(expires_at),
            device_id,
            device_name,
            signing_key: keys::signing_to_text(&device_key),
            user_id,
            bundle: String::new(),
        };
        let code = new_code();
        let mut recipient = age::scrypt::Recipient::new(SecretString::from(code.clone()));
        recipient.set_work_factor(cost.0.clamp(1, super::bundle::MAX_PASSPHRASE_LOG_N));
        let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .map_err(|_| Error::Corrupt("the invitation could not be encrypted".into()))?;
        let mut file = MAGIC.to_vec();
        let mut w = encryptor.wrap_output(&mut file)?;
        serde_json::to_writer(&mut w, &body)?;
        w.write_all(b"\n")?;
        w.write_all(&bundle)?;
        w.finish()?;
        Ok(Invitation { file, code, device_id, user_id, share: share_of.is_some(), expires_at })
    }

    /// Makes this computer a device of the organisation that wrote the invitation: a new database at
    /// `path`, locked with the person's own `passphrase`, holding the organisation's data.
    pub fn join(
        path: &Path,
        passphrase: &str,
        kdf: KdfCost,
        invitation: &[u8],
        code: &str,
    ) -> Result<(Store, Actor)> {
        Self::join_from(path, passphrase, kdf, invitation, code)
    }

    /// [`Store::join`] with the invitation read as it is opened, from a file say, so that a large
    /// organisation's invitation is not held in memory beside the sync file inside it.
    pub fn join_from(
        path: &Path,
        passphrase: &str,
        kdf: KdfCost,
        invitation: impl Read,
        code: &str,
    ) -> Result<(Store, Actor)> {
        let (body, bundle) = open_invitation(invitation, code)?;
        if let Some(at) = body.expires_at {
            if crate::time::Timestamp::now().unix() > at.unix() {
                return Err(Error::BundleRefused(format!(
                    "This invitation stopped working on {}. Ask your manager for a new one.",
                    at.london_display()
                )));
            }
        }
        let inviter = keys::public_key_from_text(&body.inviter_public_key)
            .ok_or_else(|| Error::BadInvitation { reason: "the inviting device's key is damaged".into() })?;
        let signing = keys::signing_from_text(&body.signing_key)?;
        let damaged = || Error::BadInvitation { reason: "its keys are damaged".into() };
        let org = body.org_identity.as_deref().map(keys::identity_from_text).transpose()?;
        let org_recipient = match (&org, &body.org_recipient) {
            (Some(o), _) => o.to_public(),
            (None, Some(r)) => keys::recipient_from_text(r)?,
            (None, None) => return Err(damaged()),
        };
        if org.is_none() && body.share_of.is_none() {
            return Err(damaged());
        }
        // A format 1 invitation carries no identity for the new device: it makes its own.
        let device_identity = match &body.device_identity {
            Some(d) => keys::identity_from_text(d)?,
            None => age::x25519::Identity::generate(),
        };
        let user = body.user_id;
        crate::keyfile::check_new_passphrase(passphrase, &[&body.organisation_name])?;
        let (store, actor) =
            Store::create_empty(path, passphrase, kdf, body.device_id, body.organisation_id, |store| {
                keys::install(store.conn(), &signing, org.as_ref(), &org_recipient, &device_identity)?;
                if let Some(mentor) = body.share_of {
                    store.conn().execute(
                        "INSERT INTO local_state (key, value) VALUES ('share_of', :m)",
                        rusqlite::named_params! {":m": mentor.to_string()},
                    )?;
                }
                let placeholder = Actor { user_id: user, role: Role::Caseworker, mentor_id: None };
                store.import_trusting(&placeholder, &bundle, None, Some(inviter), &mut |_| {})?;
                let actor = store.actor(user)?;
                let name = store.display_name(user)?;
                // Their own name is an easy guess too.
                crate::keyfile::check_new_passphrase(passphrase, &[&name, &body.organisation_name])?;
                // The first change this computer makes: its claim on the invitation, so a second
                // computer joining with the same one is refused wherever this has arrived.
                let claim = uuid::Uuid::from_bytes(rand::random()).to_string();
                let own = body.device_id.to_string();
                store.write(&actor, |tx| {
                    tx.set(
                        crate::entity::Entity::Device,
                        &own,
                        crate::store::obj([("claim", claim.into())]),
                    )?;
                    tx.audit(crate::audit::AuditAction::Join, None, None, None)
                })?;
                Ok((actor, user, name))
            })?;
        Ok((store, actor))
    }
}

/// The invitation's details and the sync file it carries.
fn open_invitation(file: impl Read, code: &str) -> Result<(Body, Vec<u8>)> {
    let not_one = || Error::BadInvitation { reason: "it is not an invitation file".into() };
    let mut file = BufReader::new(file);
    let mut magic = [0u8; MAGIC.len()];
    if file.read_exact(&mut magic).is_err() || magic != MAGIC {
        return Err(not_one());
    }
    let decryptor = age::Decryptor::new_buffered(file).map_err(|_| not_one())?;
    if !decryptor.is_scrypt() {
        return Err(not_one());
    }
    let mut id = age::scrypt::Identity::new(SecretString::from(normalise_code(code)));
    id.set_max_work_factor(super::bundle::MAX_PASSPHRASE_LOG_N);
    let reader = decryptor.decrypt(std::iter::once(&id as &dyn age::Identity)).map_err(|e| match e {
        age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => Error::invalid(
            "code",
            "That code does not open this invitation. Check it with the person who gave it to you.",
        ),
        _ => Error::BadInvitation { reason: "the invitation is damaged".into() },
    })?;
    let cut_short = |_| Error::BadInvitation { reason: "the invitation is damaged or cut short".into() };
    let mut reader = BufReader::new(reader);
    // Format 4: the details' line. Formats 1 to 3: the whole text, the sync file inside it.
    let mut json = Vec::new();
    reader.read_until(b'\n', &mut json).map_err(cut_short)?;
    let damaged_text = || Error::BadInvitation { reason: "the invitation is damaged".into() };
    // The format first, so that a newer invitation's new details are not taken for damage.
    #[derive(serde::Deserialize)]
    struct Format {
        format: u32,
    }
    let format = serde_json::from_slice::<Format>(&json).map_err(|_| damaged_text())?.format;
    if !(1..=FORMAT).contains(&format) {
        return Err(Error::BundleRefused(
            "This invitation was made by a newer version of Throughcare. Install the newer version first."
                .into(),
        ));
    }
    let mut body: Body = serde_json::from_slice(&json).map_err(|_| damaged_text())?;
    drop(json);
    let damaged = || Error::BadInvitation { reason: "the data inside the invitation is damaged".into() };
    let bundle = if body.format >= 4 {
        if !body.bundle.is_empty() {
            return Err(damaged());
        }
        let mut bundle = Vec::new();
        reader.read_to_end(&mut bundle).map_err(cut_short)?;
        bundle
    } else {
        B64.decode(std::mem::take(&mut body.bundle).as_bytes()).map_err(|_| damaged())?
    };
    Ok((body, bundle))
}
