//! `export json`: the whole database as one JSON file per table, with `schema.md` describing every
//! field. This is how a person's data leaves the app for checking, so the output is deterministic
//! (rows by id, keys sorted, one row per line) and every field is documented. The files are plaintext:
//! they are written readable by the owner only, and the command line says so.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rusqlite::types::Value as Sql;
use serde_json::{Map, Value};

use crate::authz::{self, Action};
use crate::entity::{ColType, Entity, row_to_json, select_list};
use crate::enums::*;
use crate::store::{Actor, Store};
use crate::{Error, Result, files};

/// Tables that are not records but go into the export too: (table, what it is read from and in
/// which order, description). The op log is written with its ids and stamps as text, as in sync
/// files, whatever its storage form ([`crate::oplog`]), in the same order on every computer (by
/// device id, read device by device so that nothing is sorted in memory).
const LOG_TABLES: &[(&str, &str, &str)] = &[
    (
        "ops",
        // Device and author ids as text (their bytes since 0033), as `crate::oplog::id_sql` writes them.
        "SELECT lower(substr(hex(od.id), 1, 8) || '-' || substr(hex(od.id), 9, 4) || '-' || substr(hex(od.id), 13, 4)
                || '-' || substr(hex(od.id), 17, 4) || '-' || substr(hex(od.id), 21)) AS device_id,
                o.seq AS seq, o.op_id AS op_id, o.hlc AS hlc,
                lower(substr(hex(oa.id), 1, 8) || '-' || substr(hex(oa.id), 9, 4) || '-' || substr(hex(oa.id), 13, 4)
                || '-' || substr(hex(oa.id), 17, 4) || '-' || substr(hex(oa.id), 21)) AS author_id,
                o.entity_n AS entity, o.entity_id AS entity_id, o.kind_n AS kind, op_json(o.payload) AS payload,
                op_json(o.base) AS base, o.schema_version AS schema_version, o.recorded_s AS recorded_at,
                op_json(o.sig) AS sig
         FROM main.op_nodes od CROSS JOIN main.ops o ON o.device = od.n JOIN main.op_nodes oa ON oa.n = o.author
         ORDER BY od.id, o.seq",
        "The op log: every change ever made to a record, by any device, in the order each device made them.",
    ),
    (
        "conflicts",
        "SELECT * FROM main.conflicts ORDER BY id",
        "Concurrent edits of the same field, kept for a person to resolve.",
    ),
    (
        "peers",
        "SELECT lower(substr(hex(device_id), 1, 8) || '-' || substr(hex(device_id), 9, 4) || '-'
                || substr(hex(device_id), 13, 4) || '-' || substr(hex(device_id), 17, 4) || '-'
                || substr(hex(device_id), 21)) AS device_id, name, public_key, last_seq_seen, last_bundle_at
         FROM main.peers ORDER BY 1",
        "Other devices this one has exchanged changes with.",
    ),
    (
        "audit_log",
        "SELECT * FROM main.audit_log ORDER BY device_id, seq",
        "Who viewed, exported, imported, erased, shared or unlocked what, and when: one hash chain per device.",
    ),
];

/// What `export json` wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExportSummary {
    /// The folder.
    pub dir: PathBuf,
    /// Each file and how many rows it holds.
    pub files: Vec<(String, u64)>,
}

fn sql_to_json(v: Sql) -> Value {
    match v {
        Sql::Null => Value::Null,
        Sql::Integer(i) => Value::from(i),
        Sql::Real(f) => Value::from(f),
        Sql::Text(s) => Value::String(s),
        Sql::Blob(b) => Value::String(b.iter().map(|x| format!("{x:02x}")).collect()),
    }
}

struct JsonLines {
    out: BufWriter<fs::File>,
    rows: u64,
}

impl JsonLines {
    fn new(path: &Path) -> Result<Self> {
        let mut out = BufWriter::new(files::create_new_private(path)?);
        out.write_all(b"[")?;
        Ok(JsonLines { out, rows: 0 })
    }
    fn row(&mut self, m: &Map<String, Value>) -> Result<()> {
        self.out.write_all(if self.rows == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut self.out, m)?;
        self.rows += 1;
        Ok(())
    }
    fn finish(mut self) -> Result<u64> {
        self.out.write_all(b"\n]\n")?;
        self.out.flush()?;
        self.out.get_ref().sync_all()?;
        Ok(self.rows)
    }
}

impl Store {
    /// Writes every table the acting user may see to `dir` (which must be empty or not exist yet) as
    /// JSON, plus `schema.md`, all at once or not at all: the files are written in a hidden folder
    /// beside it, which takes its name only when every file is whole. The export reads through the user's scope like every other read: a
    /// caseworker's holds their caseload, a peer mentor's their linked clients without the fields
    /// hidden from them. Only a manager's holds the op log, conflicts and the audit log, because
    /// the op log carries every field of every record.
    pub fn export_json(&mut self, actor: &Actor, dir: &Path) -> Result<ExportSummary> {
        authz::require(actor, Action::Export)?;
        if dir.exists() && fs::read_dir(dir)?.next().is_some() {
            return Err(Error::invalid(
                "out",
                format!("{} already has files in it. Choose an empty or new folder.", dir.display()),
            ));
        }
        let out = dir;
        let staging = files::part_path(out);
        let _ = fs::remove_dir_all(&staging);
        files::private_dir(&staging)?;
        let mut guard = RemoveUnlessKept(Some(staging.clone()));
        let dir = staging.as_path();
        self.write(actor, |tx| tx.audit(crate::audit::AuditAction::Export, None, None, Some("json")))?;
        let reader = self.reader(actor);
        let conn = reader.conn()?;
        let tx = conn.unchecked_transaction()?;
        let mut files = Vec::new();
        for entity in Entity::ALL {
            if !crate::scope::can_see(actor.role, *entity) {
                continue;
            }
            let name = format!("{}.json", entity.table());
            let mut w = JsonLines::new(&dir.join(&name))?;
            let mut st =
                tx.prepare(&format!("SELECT {} FROM {} ORDER BY id", select_list(*entity), entity.table()))?;
            let mut rows = st.query([])?;
            while let Some(row) = rows.next()? {
                w.row(&row_to_json(*entity, row)?)?;
            }
            files.push((name, w.finish()?));
        }
        let log_tables = if actor.role == Role::Manager { LOG_TABLES } else { &[] };
        for (table, select, _) in log_tables {
            let name = format!("{table}.json");
            let mut w = JsonLines::new(&dir.join(&name))?;
            let mut st = tx.prepare(select)?;
            let names: Vec<String> = st.column_names().iter().map(|s| (*s).to_owned()).collect();
            let mut rows = st.query([])?;
            while let Some(row) = rows.next()? {
                let mut m = Map::new();
                for (i, n) in names.iter().enumerate() {
                    let v = match (*table, n.as_str(), row.get(i)?) {
                        ("ops", "op_id" | "entity_id", Sql::Blob(b)) => {
                            Value::String(crate::oplog::id_text(&b)?)
                        }
                        ("ops", "hlc", Sql::Blob(b)) => {
                            Value::String(crate::hlc::Hlc::from_bytes(&b)?.to_string())
                        }
                        // Numbers in the log since schema 35; words and text in the export.
                        ("ops", "entity", Sql::Integer(n)) => Value::from(Entity::from_number(n)?.code()),
                        ("ops", "kind", Sql::Integer(n)) => Value::from(crate::store::op_kind_code(n)?),
                        ("ops", "recorded_at", Sql::Integer(n)) => {
                            Value::String(crate::time::Timestamp::from_unix(n).to_string())
                        }
                        (_, "payload" | "base", Sql::Text(s)) => serde_json::from_str(&s)?,
                        (_, _, v) => sql_to_json(v),
                    };
                    m.insert(n.clone(), v);
                }
                w.row(&m)?;
            }
            files.push((name, w.finish()?));
        }
        tx.finish()?;
        let schema = schema_markdown();
        let mut f = files::create_new_private(&dir.join("schema.md"))?;
        f.write_all(schema.as_bytes())?;
        f.sync_all()?;
        files.push(("schema.md".into(), 0));
        // An empty folder already there gives way to the finished one.
        if out.exists() {
            fs::remove_dir(out)?;
        }
        fs::rename(&staging, out)?;
        guard.0 = None;
        files::sync_dir(out);
        Ok(ExportSummary { dir: out.to_path_buf(), files })
    }
}

/// Removes a half-written export folder when the export stops early.
struct RemoveUnlessKept(Option<PathBuf>);

impl Drop for RemoveUnlessKept {
    fn drop(&mut self) {
        if let Some(p) = &self.0 {
            let _ = fs::remove_dir_all(p);
        }
    }
}

fn codes<T: ClosedSet>() -> Vec<(&'static str, &'static str)> {
    T::ALL.iter().map(|v| (v.code(), v.label())).collect()
}

/// The closed set a column draws from, if any.
pub fn column_codes(table: &str, column: &str) -> Option<Vec<(&'static str, &'static str)>> {
    Some(match (table, column) {
        (_, "role") => codes::<Role>(),
        (_, "justice_status") => codes::<JusticeStatus>(),
        (_, "gender") => codes::<Gender>(),
        (_, "ethnicity") => codes::<Ethnicity>(),
        (_, "disability") => codes::<Disability>(),
        (_, "support_needs") => codes::<SupportNeed>(),
        (_, "risk_flags") => codes::<RiskFlag>(),
        (_, "gp_status") => codes::<GpStatus>(),
        (_, "consent_method") | ("consents", "method") => codes::<ConsentMethod>(),
        ("consents", "purpose") => codes::<ConsentPurpose>(),
        (_, "close_reason") => codes::<CloseReason>(),
        ("custody_episodes", "kind") => codes::<CustodyKind>(),
        (_, "service_type") => codes::<ServiceType>(),
        (_, "planned_accompaniment" | "actual_accompaniment") => codes::<Accompaniment>(),
        (_, "outcome") => codes::<Outcome>(),
        (_, "dna_reason") => codes::<DnaReason>(),
        ("referrals" | "referral_events", "status") => codes::<ReferralStatus>(),
        ("support_contacts", "kind") => codes::<ContactKind>(),
        ("tasks", "kind") => codes::<TaskKind>(),
        ("measures", "scale") | ("organisations", "scales") => codes::<MeasureScale>(),
        (_, "lived_experience") => codes::<LivedExperience>(),
        _ => return None,
    })
}

/// A description of each field, by `table.column` (or `*.column` for a field every record has).
pub const FIELD_DOCS: &[(&str, &str)] = &[
    ("*.id", "The record's id: a UUIDv7, so ids sort by creation time."),
    ("*.created_at", "When the record was created (UTC, `YYYY-MM-DDTHH:MM:SSZ`)."),
    ("*.archived_at", "When the record was archived (a tombstone that syncs); empty while it is current."),
    ("organisations.name", "The organisation's name."),
    (
        "organisations.lock_minutes",
        "Minutes the app may sit unused before it locks (1 to 15; empty means 5).",
    ),
    (
        "organisations.scales",
        "The questionnaires the organisation uses (a list of codes); empty means all of them.",
    ),
    ("teams.name", "The team's name."),
    ("peer_mentors.display_name", "The mentor's name."),
    ("peer_mentors.phone", "The mentor's phone number."),
    ("peer_mentors.email", "The mentor's email address."),
    ("peer_mentors.lived_experience", "Areas of lived experience the mentor brings (a list of codes)."),
    ("peer_mentors.dbs_checked_on", "Date of the mentor's latest DBS check."),
    ("peer_mentors.training_completed_on", "Date the mentor completed training."),
    ("peer_mentors.training_notes", "Training the mentor has done."),
    ("peer_mentors.availability", "When the mentor is available, in their own words."),
    (
        "peer_mentors.weekly_availability",
        "The mentor's usual free times: a JSON list of {day, from, until, area}, times on the London clock.",
    ),
    (
        "peer_mentors.availability_exceptions",
        "Days away ({kind: away, first_day, last_day}) and one-off extra times ({kind: extra, on, from, until, area}).",
    ),
    ("peer_mentors.travel_area", "Where the mentor can travel to go with someone."),
    ("peer_mentors.team_id", "The team the mentor works with (teams.id)."),
    ("users.display_name", "The user's name."),
    ("users.role", "What the user may do."),
    ("users.email", "The user's email address."),
    ("users.team_id", "The user's team (teams.id)."),
    ("users.mentor_id", "For a peer mentor, their mentor record (peer_mentors.id)."),
    ("devices.name", "A name for the device."),
    ("devices.user_id", "The user the device belongs to (users.id)."),
    ("devices.public_key", "The device's signing key, once sync is set up."),
    (
        "devices.share_of",
        "For a peer mentor's own computer, their mentor record (peer_mentors.id): it holds only their share.",
    ),
    ("devices.recipient", "The device's own encryption key (public), for files sent to it alone."),
    ("devices.invite_expires_at", "When the invitation for this computer stops working (UTC)."),
    ("devices.claim", "A random id the computer's first file made when it joined: a second join is refused."),
    ("devices.revoked_at", "When a manager revoked this computer (UTC): its later files are refused."),
    ("devices.revoked_after", "The last of its changes still accepted after it was revoked."),
    ("org_keys.recipient", "The organisation's encryption key (public) from this change on."),
    ("org_keys.sealed", "Its secret, sealed to each computer still trusted; never shown."),
    ("clients.given_name", "First or given name. A person with one name may have it here or in family_name."),
    ("clients.family_name", "Family name or surname."),
    ("clients.preferred_name", "The name the person likes to be called."),
    ("clients.date_of_birth", "Date of birth (`YYYY-MM-DD`), if known."),
    ("clients.gender", "Gender, as the person describes it."),
    (
        "clients.ethnicity",
        "Ethnicity, in the 19 categories of the 2021 census (the prefix of each code is its census group).",
    ),
    ("clients.disability", "Whether the person considers themselves disabled."),
    ("clients.pronouns", "The person's pronouns."),
    ("clients.phone", "Phone number."),
    ("clients.email", "Email address."),
    ("clients.address", "Address."),
    ("clients.postcode", "UK postcode."),
    ("clients.nhs_number", "NHS number: 10 digits, the last a modulus-11 check digit."),
    ("clients.prison_number", "Prison number: a letter, 4 digits and 2 letters (A1234BC)."),
    ("clients.crn", "nDelius case reference number: a letter and 6 digits (X123456)."),
    ("clients.justice_status", "Where the person stands with the justice system."),
    ("clients.establishment", "The prison or hospital, while inside."),
    ("clients.expected_release_date", "Expected release date."),
    ("clients.actual_release_date", "Date of the latest release."),
    ("clients.licence_end_date", "End of the licence, order or supervision."),
    ("clients.gp_status", "GP registration status."),
    ("clients.gp_practice", "The GP practice."),
    ("clients.gp_registered_on", "Date the person registered with the GP."),
    ("clients.gp_status_changed_on", "Date the GP registration status last changed."),
    ("clients.support_needs", "Support needs (a list of codes)."),
    ("clients.risk_flags", "Risk flags, shown prominently on the record (a list of codes)."),
    (
        "clients.consent_store",
        "Whether the person agreed to their data being stored (true, false, or empty if not yet asked).",
    ),
    ("clients.consent_share_health", "Whether the person agreed to sharing with health services."),
    ("clients.consent_share_probation", "Whether the person agreed to sharing with probation."),
    ("clients.consent_on", "Date consent was given."),
    ("clients.consent_method", "How consent was recorded."),
    ("clients.consent_withdrawn_on", "Date consent was withdrawn."),
    ("clients.caseworker_id", "The assigned caseworker (users.id)."),
    ("clients.team_id", "The team holding the case (teams.id)."),
    (
        "clients.accompaniment_needs",
        "What anyone going with the person must know: access, communication or who should go.",
    ),
    ("episodes.client_id", "The client (clients.id)."),
    ("episodes.opened_on", "Date support started."),
    ("episodes.closed_on", "Date support ended; empty while open."),
    ("episodes.close_reason", "Why support ended."),
    ("custody_episodes.client_id", "The client (clients.id)."),
    ("custody_episodes.kind", "Remand, sentence or recall."),
    ("custody_episodes.establishment", "The prison."),
    ("custody_episodes.started_on", "Date custody started."),
    ("custody_episodes.expected_release_on", "Expected release date."),
    ("custody_episodes.released_on", "Actual release date; empty while inside."),
    ("services.name", "The service's name."),
    ("services.service_type", "The kind of service."),
    ("services.address", "Address."),
    ("services.phone", "Phone number."),
    ("services.email", "Email address."),
    ("services.area", "Area the service covers."),
    ("services.notes", "How to refer, opening times and other useful notes."),
    ("services.referral_route", "How to refer: a form, an email address, self-referral."),
    ("services.closed_on", "The day the service stopped taking people; empty while it is open."),
    ("measures.client_id", "The client (clients.id)."),
    ("measures.scale", "The questionnaire."),
    ("measures.taken_on", "The day it was completed."),
    ("measures.answers", "The answer to each question in order (0, 1, 2…), when recorded one by one."),
    ("measures.total", "The total score."),
    ("measures.recorded_by", "Who recorded it (users.id)."),
    (
        "organisations.retention_years",
        "Years a person's details are kept after their support closed (empty: 6).",
    ),
    ("retention_reviews.client_id", "The client (clients.id)."),
    ("retention_reviews.reviewed_on", "The day a manager reviewed the record and chose to keep it."),
    ("retention_reviews.reason", "Why it is kept past the keeping time."),
    ("retention_reviews.reviewed_by", "The manager who reviewed it (users.id)."),
    ("consents.client_id", "The client (clients.id)."),
    (
        "consents.purpose",
        "What the consent is for: keeping their details, sharing with health services or with probation.",
    ),
    ("consents.given", "Whether they agreed (true) or did not agree or withdrew (false)."),
    ("consents.decided_on", "The day they decided."),
    ("consents.method", "How it was given."),
    ("consents.recorded_by", "Who recorded it (users.id)."),
    ("client_merges.kept_id", "The record kept (clients.id)."),
    ("client_merges.merged_id", "The record merged into it and archived (clients.id)."),
    ("client_merges.kept_before", "The kept record's fields the merge changed, as they were before (JSON)."),
    ("client_merges.moved", "Every record moved by the merge, as `kind:id`."),
    ("client_merges.merged_by", "Who merged them (users.id)."),
    ("client_merges.undone_at", "When the merge was undone (UTC); empty while it stands."),
    ("appointments.client_id", "The client (clients.id)."),
    ("appointments.service_type", "The kind of health service."),
    ("appointments.service_id", "The service, when it is in the directory (services.id)."),
    ("appointments.provider", "The provider, in words."),
    ("appointments.place", "Where the appointment is."),
    ("appointments.starts_at", "Start (UTC)."),
    ("appointments.ends_at", "End (UTC)."),
    ("appointments.scheduled_by", "Who booked it (users.id)."),
    ("appointments.planned_accompaniment", "Who was planned to go with the person."),
    ("appointments.planned_user_id", "The caseworker planned to go (users.id)."),
    ("appointments.planned_mentor_id", "The peer mentor planned to go (peer_mentors.id)."),
    ("appointments.actual_accompaniment", "Who actually went; empty until the outcome is recorded."),
    ("appointments.actual_user_id", "The caseworker who went (users.id)."),
    ("appointments.actual_mentor_id", "The peer mentor who went (peer_mentors.id)."),
    (
        "appointments.outcome",
        "What happened, aligned with the NHS Data Dictionary attendance codes (attended = code 5; late, not seen = 7; cancelled by the person = 2; did not attend = 3; cancelled by the service = 4).",
    ),
    ("appointments.dna_reason", "Why the person did not attend (only with outcome dna)."),
    ("appointments.outcome_recorded_at", "When the outcome was recorded (UTC)."),
    ("appointments.rescheduled_to", "The appointment this one was moved to (appointments.id)."),
    ("referrals.client_id", "The client (clients.id)."),
    ("referrals.service_type", "The kind of service referred to."),
    ("referrals.service_id", "The service, when it is in the directory (services.id)."),
    ("referrals.provider", "The provider, in words."),
    ("referrals.reason", "Why the referral was made."),
    ("referrals.status", "The referral's latest step; every step is in referral_events with its date."),
    ("referrals.made_by", "Who made it (users.id)."),
    ("referral_events.referral_id", "The referral (referrals.id)."),
    ("referral_events.status", "The status the referral moved to."),
    ("referral_events.happened_on", "The date it moved."),
    ("referral_events.recorded_by", "Who recorded the step (users.id)."),
    ("support_contacts.client_id", "The client (clients.id)."),
    ("support_contacts.author_id", "Who logged it (users.id); only they may amend it."),
    ("support_contacts.contact_on", "The date of the contact."),
    ("support_contacts.kind", "The kind of contact."),
    ("support_contacts.minutes", "How long it took, in minutes."),
    ("support_contacts.summary", "What happened."),
    ("support_contacts.follow_up_on", "When to follow up."),
    (
        "support_contacts.supersedes_id",
        "The contact this one amends (support_contacts.id); contacts are never edited in place.",
    ),
    ("tasks.client_id", "The client it is about (clients.id)."),
    ("tasks.assignee_id", "Who should do it (users.id)."),
    ("tasks.kind", "Why the task exists."),
    ("tasks.title", "What to do."),
    ("tasks.due_on", "When it is due."),
    ("tasks.done_at", "When it was done (UTC); empty while open."),
    ("tasks.appointment_id", "The appointment it follows up (appointments.id)."),
    ("tasks.referral_id", "The referral it chases (referrals.id)."),
    ("mentor_links.mentor_id", "The peer mentor (peer_mentors.id)."),
    ("mentor_links.client_id", "The client (clients.id)."),
    ("mentor_links.starts_on", "Date the pairing started."),
    ("mentor_links.ends_on", "Date the pairing ended; empty while current."),
    ("client_shares.client_id", "The client shared (clients.id)."),
    (
        "client_shares.user_id",
        "The caseworker it is shared with (users.id), or empty when shared with a team.",
    ),
    ("client_shares.team_id", "The team it is shared with (teams.id), or empty when shared with one person."),
    ("client_shares.shared_by", "Who shared it (users.id)."),
    ("client_shares.starts_on", "Date the share started."),
    ("client_shares.ends_on", "Date the share ended; empty while current."),
    ("device_users.device_id", "The computer (devices.id)."),
    (
        "device_users.user_id",
        "A person, besides its owner, who may use it (users.id); archived when they may no longer.",
    ),
    ("ops.op_id", "The op's id (UUIDv7)."),
    ("ops.device_id", "The device that made the change."),
    ("ops.seq", "The op's number on its device: 1, 2, 3… with no gaps."),
    (
        "ops.hlc",
        "Hybrid logical clock stamp: wall-clock milliseconds, a counter and the device; orders ops across devices.",
    ),
    ("ops.author_id", "The user who made the change (users.id)."),
    ("ops.entity", "The kind of record changed."),
    ("ops.entity_id", "The record changed."),
    ("ops.kind", "create, set, archive, append, resolve or redact."),
    ("ops.payload", "The fields set, by name."),
    ("ops.base", "For each field set, the clock stamp of the value the author was looking at."),
    ("ops.schema_version", "The schema version of the device that made the change."),
    ("ops.recorded_at", "When this device wrote the op down (UTC)."),
    ("conflicts.id", "The conflict's id."),
    ("conflicts.entity", "The kind of record."),
    ("conflicts.entity_id", "The record."),
    ("conflicts.field", "The field both edits changed."),
    ("conflicts.winner_op_id", "The edit that is showing (the later clock stamp)."),
    ("conflicts.loser_op_id", "The other edit."),
    ("conflicts.detected_at", "When the conflict was found (UTC)."),
    ("conflicts.resolved_by_op_id", "The op that resolved it, once a person has."),
    ("peers.device_id", "The other device."),
    ("peers.name", "Its name."),
    ("peers.public_key", "Its signing key."),
    ("peers.last_seq_seen", "The highest sequence number of its ops seen here."),
    ("peers.last_bundle_at", "When its last bundle arrived (UTC)."),
    ("audit_log.device_id", "The device whose chain the entry belongs to."),
    ("audit_log.seq", "The entry's number in its device's chain: 1, 2, 3… with no gaps."),
    ("audit_log.id", "The entry's id."),
    ("audit_log.at", "When (UTC)."),
    ("audit_log.user_id", "Who (users.id)."),
    ("audit_log.action", "What they did."),
    ("audit_log.entity", "The kind of record, if the action was about one."),
    ("audit_log.entity_id", "The record, if the action was about one."),
    ("audit_log.client_id", "The client the action was about, if any (clients.id)."),
    ("audit_log.detail", "More about the action; never a personal value."),
    ("audit_log.prev_hash", "The hash of the device's entry before this one (all zeros for the first)."),
    ("audit_log.hash", "SHA-256 of this entry and prev_hash: an entry changed or removed breaks the chain."),
];

/// The description of a field, if written.
pub fn field_doc(table: &str, column: &str) -> Option<&'static str> {
    let exact = format!("{table}.{column}");
    let any = format!("*.{column}");
    FIELD_DOCS
        .iter()
        .find(|(k, _)| *k == exact)
        .or_else(|| FIELD_DOCS.iter().find(|(k, _)| *k == any))
        .map(|(_, d)| *d)
}

/// A table in an export: its name, what it holds, and its columns with their kind of value.
pub type ExportTable = (String, String, Vec<(String, &'static str)>);

/// Every table in an export and its columns with their storage kind.
pub fn export_tables() -> Vec<ExportTable> {
    let kind = |t: ColType| match t {
        ColType::Text | ColType::Id => "text",
        ColType::Int => "integer",
        ColType::Bool => "true/false",
        ColType::List => "list",
    };
    let mut out = Vec::new();
    for e in Entity::ALL {
        let mut cols = vec![("id".to_owned(), "text")];
        cols.extend(e.columns().iter().map(|c| (c.name.to_owned(), kind(c.ty))));
        out.push((e.table().to_owned(), format!("Each {}.", e.noun()), cols));
    }
    let log_cols: &[(&str, &[&str])] = &[
        (
            "ops",
            &[
                "device_id",
                "seq",
                "op_id",
                "hlc",
                "author_id",
                "entity",
                "entity_id",
                "kind",
                "payload",
                "base",
                "schema_version",
                "recorded_at",
            ],
        ),
        (
            "conflicts",
            &[
                "id",
                "entity",
                "entity_id",
                "field",
                "winner_op_id",
                "loser_op_id",
                "detected_at",
                "resolved_by_op_id",
            ],
        ),
        ("peers", &["device_id", "name", "public_key", "last_seq_seen", "last_bundle_at"]),
        (
            "audit_log",
            &[
                "device_id",
                "seq",
                "id",
                "at",
                "user_id",
                "action",
                "entity",
                "entity_id",
                "client_id",
                "detail",
                "prev_hash",
                "hash",
            ],
        ),
    ];
    for (table, _, desc) in LOG_TABLES {
        let cols = log_cols.iter().find(|(t, _)| t == table).map(|(_, c)| *c).unwrap_or(&[]);
        let typed = cols
            .iter()
            .map(|c| {
                (
                    (*c).to_owned(),
                    if matches!(*c, "seq" | "schema_version" | "last_seq_seen") {
                        "integer"
                    } else if matches!(*c, "payload" | "base") {
                        "object"
                    } else {
                        "text"
                    },
                )
            })
            .collect();
        out.push(((*table).to_owned(), (*desc).to_owned(), typed));
    }
    out
}

/// `schema.md`: every file of an export and every field in it.
pub fn schema_markdown() -> String {
    let mut s = String::from(
        "# Throughcare export: what every field means\n\n\
         Each `.json` file is one table: a JSON array with one object per row, in id order. Dates are \
         `YYYY-MM-DD`; times are UTC, `YYYY-MM-DDTHH:MM:SSZ` (show them in Europe/London). An empty value \
         is `null`. Lists are arrays of codes. Codes and what they mean are listed under each field.\n\n\
         Each field's class says what kind of fact it holds, and so who may see it: a peer mentor sees only \
         identity, contact details, accompaniment needs, safety and operational fields of the clients linked \
         to them; erasure blanks identity, identifiers, contact details, address, accompaniment needs and \
         free text.\n\n\
         These files are not encrypted. Keep them on an encrypted disk and delete them when you have finished.\n",
    );
    for (table, desc, cols) in export_tables() {
        s.push_str(&format!(
            "\n## {table}.json\n\n{desc}\n\n| field | kind | class | meaning |\n|---|---|---|---|\n"
        ));
        for (col, kind) in cols {
            let doc = field_doc(&table, &col).unwrap_or("");
            let mut meaning = doc.to_owned();
            if let Some(codes) = column_codes(&table, &col) {
                let list: Vec<String> = codes.iter().map(|(c, l)| format!("`{c}` {l}")).collect();
                meaning.push_str(" Codes: ");
                meaning.push_str(&list.join("; "));
                meaning.push('.');
            }
            // The export names the log's device and author by id, and its kinds and time in words;
            // the log stores them as numbers.
            let stored = match (table.as_str(), col.as_str()) {
                ("ops", "device_id") => "device",
                ("ops", "author_id") => "author",
                ("ops", "entity") => "entity_n",
                ("ops", "kind") => "kind_n",
                ("ops", "recorded_at") => "recorded_s",
                (_, c) => c,
            };
            let class = crate::classes::class_of(&table, stored).map_or("", |c| c.label());
            s.push_str(&format!("| `{col}` | {kind} | {class} | {} |\n", meaning.replace('|', "\\|")));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exported_field_is_documented() {
        for (table, _, cols) in export_tables() {
            for (col, _) in cols {
                assert!(field_doc(&table, &col).is_some(), "{table}.{col} has no description in FIELD_DOCS");
            }
        }
    }
}
