//! Sync commands: invitations, bundles, conflicts and this device.

use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use throughcare_core::enums::Role;
use throughcare_core::ids::{DeviceId, UserId};
use throughcare_core::keyfile::KdfCost;
use throughcare_core::sync::exchange::PASSPHRASE_LOG_N;
use throughcare_core::sync::{ExportTarget, InviteCost, InviteUser, Keep, NewInvite};
use throughcare_core::{Actor, Store};

use crate::commands::CliError;
use crate::passphrase;

#[derive(Debug, Args)]
pub struct InviteArgs {
    /// Where to write the invitation file.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// A name for the new device, such as "Sam's laptop".
    #[arg(long, value_name = "NAME")]
    pub device_name: String,
    /// Who will use it: an existing user's name or id, or the name of a new user.
    #[arg(long = "for", value_name = "NAME_OR_ID")]
    pub for_person: String,
    /// The role of a new user.
    #[arg(long, value_enum, default_value = "caseworker")]
    pub role: NewRole,
    /// How many days the invitation works (1 to 30).
    #[arg(long, value_name = "DAYS", default_value_t = throughcare_core::sync::trust::INVITATION_DAYS)]
    pub valid_days: u32,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

/// Roles a new device's user can have.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NewRole {
    /// Works with their own caseload.
    Caseworker,
    /// Sees everything, manages users and exports.
    Manager,
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Write a sync file of changes for another device.
    Export {
        /// Where to write it.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Only what this device (id or name) has not seen, as far as its last file to us says.
        #[arg(long, value_name = "DEVICE", conflicts_with = "all")]
        since_peer: Option<String>,
        /// Every change this device holds (the default).
        #[arg(long)]
        all: bool,
        /// Lock the file with the passphrase in this file instead of the organisation's key (for
        /// sending to someone outside the usual exchange).
        #[arg(long, value_name = "FILE")]
        lock_with: Option<PathBuf>,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Check a sync file and apply what is new in it.
    Import {
        /// The sync file.
        file: PathBuf,
        /// The file's passphrase, if it was locked with one (first line of this file).
        #[arg(long, value_name = "FILE")]
        unlock_with: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConflictsCommand {
    /// Show the changes made on two devices at once that need a person to choose.
    List,
    /// Settle one: keep `mine` (the version made on this computer, or if neither was, the one shown
    /// now), `theirs` (the other), or type the right value.
    Resolve {
        /// The conflict's id (from `conflicts list`; the first 8 characters are enough).
        id: String,
        /// mine, theirs, or the value to keep.
        #[arg(long, value_name = "mine|theirs|VALUE")]
        keep: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// This device's id, key fingerprint, clock, and what it holds from each device.
    Show,
    /// Revoke a lost or retired computer (managers): its later sync files are refused everywhere
    /// the revocation reaches, and the organisation's key changes so it cannot read new files.
    /// Cannot be undone.
    Revoke {
        /// The computer's name or id, as `device show` lists it.
        #[arg(value_name = "NAME_OR_ID")]
        device: String,
    },
}

/// Refuses to go on when `path` exists, unless `--force` was given: asked before any work is done.
pub fn refuse_existing(path: &Path, force: bool) -> Result<(), CliError> {
    if path.exists() && !force {
        return Err(CliError::Message(format!(
            "{} already exists. Choose another name, or add --force to replace it.",
            path.display()
        )));
    }
    Ok(())
}

/// Writes a file privately and whole or not at all (see `throughcare_core::files`); an existing
/// file is replaced only with `--force`.
pub fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<(), CliError> {
    refuse_existing(path, force)?;
    throughcare_core::files::write_private(path, bytes)
        .map_err(|e| CliError::Message(format!("{} could not be written: {e}.", path.display())))
}

fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    fs::read(path).map_err(|e| CliError::Message(format!("{} cannot be read: {e}.", path.display())))
}

fn first_line(path: &Path, what: &str) -> Result<String, CliError> {
    let text = fs::read_to_string(path)
        .map_err(|e| CliError::Message(format!("The {what} file {} cannot be read: {e}.", path.display())))?;
    let line = text.lines().next().unwrap_or("").trim().to_owned();
    if line.is_empty() {
        return Err(CliError::Message(format!("The {what} file {} is empty.", path.display())));
    }
    Ok(line)
}

pub fn find_user(store: &Store, actor: &Actor, who: &str) -> Result<Option<UserId>, CliError> {
    if let Ok(id) = who.parse::<UserId>() {
        return Ok(Some(id));
    }
    let users = store.reader(actor).users(false)?;
    let matches: Vec<_> =
        users.iter().filter(|u| u.fields.display_name.eq_ignore_ascii_case(who.trim())).collect();
    match matches.len() {
        0 => Ok(None),
        1 => Ok(Some(matches[0].id)),
        _ => Err(CliError::Message(format!(
            "{} users are called '{who}'. Give the user's id instead (see `throughcare device show`).",
            matches.len()
        ))),
    }
}

pub fn invite(store: &mut Store, actor: &Actor, a: &InviteArgs) -> Result<(), CliError> {
    crate::sync::refuse_existing(&a.out, a.force)?;
    let user = match find_user(store, actor, &a.for_person)? {
        Some(id) => InviteUser::Existing(id),
        None => InviteUser::New {
            name: a.for_person.clone(),
            role: match a.role {
                NewRole::Caseworker => Role::Caseworker,
                NewRole::Manager => Role::Manager,
            },
        },
    };
    let new_user = matches!(user, InviteUser::New { .. });
    let inv = store.invite(
        actor,
        &NewInvite { device_name: a.device_name.clone(), user, valid_days: a.valid_days },
        InviteCost::DEFAULT,
    )?;
    write_new(&a.out, &inv.file, a.force)?;
    if new_user {
        println!("Added a new user, {}.", a.for_person);
    }
    println!("Wrote the invitation for \"{}\" to {}.", a.device_name, a.out.display());
    if inv.share {
        println!(
            "It holds only the share of a peer mentor (the people linked to them), locked with this one-time code:"
        );
    } else {
        println!("It holds the organisation's data, locked with this one-time code:");
    }
    println!();
    println!("    Code: {}", inv.code);
    println!();
    println!("Give the code separately from the file (by phone or in person), never with it.");
    println!("It works once, until {} ({} days).", inv.expires_at.london_display(), a.valid_days);
    println!("On the new computer: throughcare init --join {}", a.out.display());
    Ok(())
}

pub fn join(
    db: &Path,
    passphrase_file: Option<&Path>,
    file: &Path,
    code_file: Option<&Path>,
) -> Result<(), CliError> {
    // Read as it is opened: a large organisation's invitation is hundreds of megabytes.
    let invitation = crate::commands::open_to_read(file)?;
    let code = match code_file {
        Some(f) => first_line(f, "code")?,
        None => match std::env::var("THROUGHCARE_INVITE_CODE") {
            Ok(c) if !c.trim().is_empty() => c,
            _ if std::io::stdin().is_terminal() => rpassword::prompt_password("Invitation code: ")
                .map_err(|e| CliError::Message(format!("The code could not be read: {e}.")))?,
            _ => {
                return Err(CliError::Usage(
                    "No invitation code given. Use --code-file FILE or set THROUGHCARE_INVITE_CODE, or run this at a terminal.".into(),
                ));
            }
        },
    };
    let pass = passphrase::new(passphrase_file)?;
    let (store, actor) = Store::join_from(db, &pass, KdfCost::calibrated(), invitation, &code)?;
    let o = store.reader(&actor).overview(throughcare_core::time::today_london())?;
    println!("Joined {} as device {}.", o.organisation, store.device_id());
    println!("Created an encrypted database at {} holding {} clients.", db.display(), o.clients);
    Ok(())
}

fn find_device(store: &mut Store, actor: &Actor, who: &str) -> Result<DeviceId, CliError> {
    if let Ok(id) = who.parse::<DeviceId>() {
        return Ok(id);
    }
    let devices = store.reader(actor).devices()?;
    let matches: Vec<_> = devices.iter().filter(|d| d.fields.name.eq_ignore_ascii_case(who.trim())).collect();
    match matches.len() {
        1 => Ok(matches[0].id),
        0 => Err(CliError::Message(format!(
            "No device is called '{who}'. `throughcare device show` lists the devices this one knows."
        ))),
        n => Err(CliError::Message(format!("{n} devices are called '{who}'. Give the device's id instead."))),
    }
}

pub fn bundle(store: &mut Store, actor: &Actor, cmd: &BundleCommand) -> Result<(), CliError> {
    match cmd {
        BundleCommand::Export { out, since_peer, all: _, lock_with, force } => {
            refuse_existing(out, *force)?;
            let target = match since_peer {
                Some(p) => ExportTarget::SincePeer(find_device(store, actor, p)?),
                None => ExportTarget::All,
            };
            let lock = match lock_with {
                Some(f) => Some(first_line(f, "passphrase")?),
                None => None,
            };
            let (bytes, header) =
                store.export_bundle(actor, target, lock.as_deref().map(|p| (p, PASSPHRASE_LOG_N)))?;
            write_new(out, &bytes, *force)?;
            let devices = header.ranges.len();
            println!(
                "Wrote {} changes from {devices} device{} to {} ({} bytes), locked {}.",
                header.ops,
                if devices == 1 { "" } else { "s" },
                out.display(),
                bytes.len(),
                if lock.is_some() { "with your passphrase" } else { "to the organisation" }
            );
        }
        BundleCommand::Import { file, unlock_with } => {
            let bytes = read(file)?;
            let pass = match unlock_with {
                Some(f) => Some(first_line(f, "passphrase")?),
                None => None,
            };
            let bar = std::io::stderr().is_terminal().then(|| {
                let bar = ProgressBar::new(100);
                bar.set_style(
                    ProgressStyle::with_template("{msg} [{bar:40}] {percent}%")
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                );
                bar.set_message("Applying");
                bar
            });
            let report = store.import_bundle(actor, &bytes, pass.as_deref(), &mut |p| {
                if let Some(b) = &bar {
                    b.set_position(p.done * 100 / p.total.max(1));
                }
            })?;
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            let from = report.sender_name.clone().unwrap_or_else(|| format!("device {}", report.sender));
            println!("From {from}: {} changes in the file.", report.received);
            println!("  {:<44} {:>8}", "new to this computer, now applied", report.applied);
            println!("  {:<44} {:>8}", "already here (skipped)", report.already_had);
            println!("  {:<44} {:>8}", "records added", report.new_records);
            println!("  {:<44} {:>8}", "records changed", report.changed_records);
            println!("  {:<44} {:>8}", "new conflicts", report.new_conflicts);
            if report.set_aside > 0 {
                println!("  {:<44} {:>8}", "set aside: from a revoked computer", report.set_aside);
            }
            if report.quarantined > 0 {
                println!("  {:<44} {:>8}", "held back: stamped too far in the future", report.quarantined);
                println!(
                    "Some changes are dated more than an hour ahead of this computer's clock, so they are held back. Check the date and time on both computers; they are tried again at the next import."
                );
            }
            if report.released > 0 {
                println!("  {:<44} {:>8}", "held back before, now applied", report.released);
            }
            if report.open_conflicts > 0 {
                println!(
                    "{} conflicts need a person to choose: see `throughcare conflicts list`.",
                    report.open_conflicts
                );
            }
        }
    }
    Ok(())
}

pub fn conflicts(store: &mut Store, actor: &Actor, cmd: &ConflictsCommand) -> Result<(), CliError> {
    let list = store.conflicts(actor)?;
    match cmd {
        ConflictsCommand::List => {
            if list.is_empty() {
                println!("No conflicts: every change has been merged.");
            }
            for c in &list {
                println!("{}  {} — {}", c.id, c.record, c.field_label);
                for (name, s) in [("shown now", &c.current), ("other", &c.other)] {
                    let mine = if s.this_device { " (this computer)" } else { "" };
                    println!(
                        "    {name:<10} {}   by {} on {}{mine}, {}",
                        s.shown,
                        s.author,
                        s.device,
                        s.at.london_display()
                    );
                }
            }
        }
        ConflictsCommand::Resolve { id, keep } => {
            let wanted = id.trim().to_ascii_lowercase();
            let found: Vec<_> = list.iter().filter(|c| c.id.starts_with(&wanted)).collect();
            let c = match (wanted.len() >= 4, found.len()) {
                (true, 1) => found[0],
                (_, 0) | (false, _) => {
                    return Err(CliError::Message(format!(
                        "No open conflict has the id '{id}'. `throughcare conflicts list` shows them."
                    )));
                }
                _ => {
                    return Err(CliError::Message(format!(
                        "'{id}' matches several conflicts; give more of the id."
                    )));
                }
            };
            let choice = match keep.trim().to_ascii_lowercase().as_str() {
                "mine" => Keep::Mine,
                "theirs" => Keep::Theirs,
                _ => Keep::Value(keep.clone()),
            };
            let cid = c.id.clone();
            store.write(actor, |tx| tx.resolve_conflict(&cid, &choice))?;
            println!(
                "Settled: {} — {}. The choice goes to other devices with your next sync file.",
                c.record, c.field_label
            );
        }
    }
    Ok(())
}

pub fn device(store: &mut Store, actor: &Actor, cmd: &DeviceCommand) -> Result<(), CliError> {
    if let DeviceCommand::Revoke { device } = cmd {
        let s = store.device_summary(actor)?;
        let wanted = device.trim();
        let matches: Vec<&throughcare_core::sync::KnownDevice> = s
            .devices
            .iter()
            .filter(|d| {
                d.device_id == wanted || d.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(wanted))
            })
            .collect();
        let d = match matches.as_slice() {
            [one] => *one,
            [] => {
                return Err(CliError::Message(format!(
                    "No computer called \"{wanted}\" is known here. `throughcare device show` lists them."
                )));
            }
            _ => {
                return Err(CliError::Message(format!(
                    "More than one computer is called \"{wanted}\". Give its id, from `throughcare device show`."
                )));
            }
        };
        let id: throughcare_core::ids::DeviceId =
            d.device_id.parse().map_err(|_| CliError::Message("That computer's id is damaged.".into()))?;
        store.revoke_device(actor, id)?;
        println!(
            "Revoked \"{}\". Its sync files will be refused, and the organisation's key has changed: export a sync file to each of the other computers so they take the new key.",
            d.name.clone().unwrap_or_else(|| d.device_id.clone())
        );
        return Ok(());
    }
    let s = store.device_summary(actor)?;
    println!("Device        {} ({})", s.device_name, s.device_id);
    println!("Organisation  {} ({})", s.organisation_name, s.organisation_id);
    println!("Key           {}", s.fingerprint);
    println!("Schema        {}", s.schema_version);
    println!("Clock         {}", s.clock);
    println!("Devices this one knows, with the last of their changes held here:");
    for d in &s.devices {
        let me = if d.device_id == s.device_id { " (this one)" } else { "" };
        println!(
            "  {}  {:<24} {:>8} changes  key {}{}{me}",
            d.device_id,
            d.name.clone().unwrap_or_else(|| "(unknown)".into()),
            d.changes_held,
            d.fingerprint.clone().unwrap_or_else(|| "not known".into()),
            d.last_file_at
                .as_ref()
                .and_then(|t| t.parse::<throughcare_core::time::Timestamp>().ok())
                .map(|t| format!(", last file {}", t.london_display()))
                .unwrap_or_default(),
        );
        let day = |t: &String| {
            t.parse::<throughcare_core::time::Timestamp>()
                .map(|t| t.london_display())
                .unwrap_or_else(|_| t.clone())
        };
        if let Some(at) = &d.revoked_at {
            println!("      revoked {}: its files are refused", day(at));
        } else if !d.joined {
            if let Some(until) = &d.invite_expires_at {
                println!("      invited, not joined yet; the invitation works until {}", day(until));
            }
        }
    }
    if s.quarantined > 0 {
        println!(
            "{} changes are held back: they are stamped too far ahead of this computer's clock.",
            s.quarantined
        );
    }
    if s.open_conflicts > 0 {
        println!("{} conflicts need a person to choose: see `throughcare conflicts list`.", s.open_conflicts);
    }
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Erase a client's details (name, contact details, identifiers, notes, referral reasons, task
    /// titles, health, offence and risk facts) here and, through sync, on every device, including in
    /// the history. What happened and when, and the few facts the figures count, stay. Managers only;
    /// cannot be undone.
    Erase {
        /// The client's id.
        id: String,
        /// Confirms you mean it.
        #[arg(long, required = true)]
        yes_erase_this_person: bool,
    },
    /// Find clients by name or identifier; prints each one's id and name.
    Find {
        /// Part of a name, an NHS number, prison number or CRN.
        query: String,
    },
    /// Record that a client went into custody (a remand, a sentence or a recall); their justice
    /// status, prison and expected release follow. Prints the episode's id.
    Custody {
        /// The client's id.
        id: String,
        /// remand, sentence or recall.
        #[arg(long)]
        kind: String,
        /// The prison.
        #[arg(long)]
        prison: String,
        /// The day they went in (03/11/2025 or 2025-11-03).
        #[arg(long)]
        from: String,
        /// The expected release date, if known.
        #[arg(long)]
        expected: Option<String>,
    },
    /// Record a move between prisons during a custody episode.
    Moved {
        /// The custody episode's id.
        episode: String,
        /// The prison they moved to.
        #[arg(long)]
        prison: String,
        /// The expected release date as it now stands.
        #[arg(long)]
        expected: Option<String>,
    },
    /// Record a release: the episode ends, the client's status, release date, licence end and
    /// address follow, and the first 14 days become a task.
    Released {
        /// The custody episode's id.
        episode: String,
        /// The day of release.
        #[arg(long)]
        on: String,
        /// Their status afterwards: on_licence, released_no_supervision, post_sentence_supervision, …
        #[arg(long)]
        status: String,
        /// Where they went to live (becomes their address).
        #[arg(long)]
        to: Option<String>,
        /// When their licence or supervision ends.
        #[arg(long)]
        licence_end: Option<String>,
    },
    /// Change fields of a client, checked as in the app: --set phone="07700 900123" --set
    /// justice_status=on_licence (an empty value clears a field; lists are comma-separated codes).
    Update {
        /// The client's id.
        id: String,
        /// FIELD=VALUE, as many as needed.
        #[arg(long = "set", value_name = "FIELD=VALUE", required = true)]
        set: Vec<String>,
    },
}

pub fn client(store: &mut Store, actor: &Actor, cmd: &ClientCommand) -> Result<(), CliError> {
    use throughcare_core::entity::{ColType, Entity};
    use throughcare_core::model::clients::ClientPatch;
    match cmd {
        ClientCommand::Find { query } => {
            let found = store.reader(actor).search_clients(query, 50)?;
            if found.is_empty() {
                println!("No client matches.");
            }
            for c in found {
                println!("{}  {}", c.client.id, c.client.fields.display_name());
            }
        }
        ClientCommand::Erase { id, yes_erase_this_person: _ } => {
            let id = id.parse()?;
            store.write(actor, |tx| tx.erase_client(id))?;
            println!("Erased. Other devices erase the same details when they import your next sync file.");
        }
        ClientCommand::Custody { id, kind, prison, from, expected } => {
            use throughcare_core::model::custody::CustodyFields;
            let day = |field: &str, v: &str| throughcare_core::time::parse_uk_date(field, v);
            let fields = CustodyFields {
                client_id: id.parse()?,
                kind: kind
                    .parse()
                    .map_err(|_| CliError::Usage("--kind is remand, sentence or recall.".into()))?,
                establishment: Some(prison.clone()),
                started_on: day("started_on", from)?,
                expected_release_on: expected
                    .as_deref()
                    .map(|e| day("expected_release_on", e))
                    .transpose()?,
                released_on: None,
            };
            let k = store.write(actor, |tx| tx.add_custody(fields))?;
            println!("Recorded. The custody episode's id is {}.", k.id);
        }
        ClientCommand::Moved { episode, prison, expected } => {
            let expected = expected
                .as_deref()
                .map(|e| throughcare_core::time::parse_uk_date("expected_release_on", e))
                .transpose()?;
            let id = episode.parse()?;
            store.write(actor, |tx| tx.move_establishment(id, prison.clone(), expected))?;
            println!("Recorded the move.");
        }
        ClientCommand::Released { episode, on, status, to, licence_end } => {
            use throughcare_core::model::custody::ReleaseDetails;
            let day = |field: &str, v: &str| throughcare_core::time::parse_uk_date(field, v);
            let details = ReleaseDetails {
                on: day("on", on)?,
                status_after: status.parse().map_err(|_| {
                    CliError::Usage("--status is a justice status code, such as on_licence.".into())
                })?,
                released_to: to.clone(),
                licence_end: licence_end.as_deref().map(|e| day("licence_end", e)).transpose()?,
            };
            let id = episode.parse()?;
            store.write(actor, |tx| tx.record_release(id, details))?;
            println!("Recorded the release. The first 14 days are a task for their caseworker.");
        }
        ClientCommand::Update { id, set } => {
            let id = id.parse()?;
            let mut patch = serde_json::Map::new();
            for s in set {
                let Some((field, value)) = s.split_once('=') else {
                    return Err(CliError::Usage(format!("'{s}' should be FIELD=VALUE.")));
                };
                let field = field.trim();
                let col = Entity::Client.column(field).map_err(|_| {
                    CliError::Usage(format!(
                        "A client has no field '{field}'. `throughcare export json` lists them in schema.md."
                    ))
                })?;
                let v = value.trim();
                let json = match col.ty {
                    _ if v.is_empty() => serde_json::Value::Null,
                    ColType::List => v.split(',').map(|x| serde_json::Value::from(x.trim())).collect(),
                    ColType::Bool => serde_json::Value::Bool(matches!(
                        v.to_ascii_lowercase().as_str(),
                        "yes" | "true" | "y"
                    )),
                    ColType::Int => v
                        .parse::<i64>()
                        .map(serde_json::Value::from)
                        .map_err(|_| CliError::Usage(format!("{field} needs a whole number.")))?,
                    ColType::Text | ColType::Id => serde_json::Value::from(v),
                };
                patch.insert(field.to_owned(), json);
            }
            let patch: ClientPatch = serde_json::from_value(serde_json::Value::Object(patch))
                .map_err(|e| CliError::Message(format!("Those values do not fit: {e}.")))?;
            let c = store.write(actor, |tx| tx.update_client(id, patch))?;
            println!("Updated {}.", c.fields.display_name());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn refuses_to_replace_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("backup.tcbak");
        fs::write(&p, b"keep").unwrap();
        assert!(write_new(&p, b"x", false).is_err());
        assert_eq!(fs::read(&p).unwrap(), b"keep");
        write_new(&p, b"x", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"x");
    }
}
