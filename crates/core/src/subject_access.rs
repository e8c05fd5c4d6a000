//! Subject access: everything held about one person, given to them when they ask (UK GDPR article 15).
//!
//! One read gathers it: their whole record as the client record screen reads it (details, support,
//! custody, appointments, notes, referrals, measures, tasks, mentors, shares, consent and its
//! history), who has opened or changed the record and when (the audit log and the op log, names of
//! fields only), and the files made since a date that may have carried their details (sync files,
//! exports, backups, invitations: each holds the organisation's data or changes to it). The same
//! content is written twice: as JSON for a machine, and as a PDF a person can read, labels in words.
//!
//! It is a disclosure of personal data, so it goes through the acting user's scope like any read (a
//! person outside it is "not found"), it is audited, and its files are written privately (0600) and
//! whole or not at all.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::audit::{AuditAction, AuditFilter, AuditRow};
use crate::entity::Entity;
use crate::enums::ClosedSet;
use crate::files::PrivateFile;
use crate::ids::ClientId;
use crate::record::ClientRecord;
use crate::report::pdf::flow::{Block, Flow};
use crate::store::{Actor, Store};
use crate::time::{Date, Timestamp};
use crate::{Error, Result};

/// At most this many lines of who opened or changed the record (the newest).
const MAX_ACCESS_LINES: u32 = 5000;

/// Everything held about one person.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SubjectAccess {
    /// The organisation that holds it.
    pub organisation: String,
    /// When it was gathered.
    pub produced_at: Timestamp,
    /// Who gathered it.
    pub produced_by: String,
    /// The files list starts on this day.
    pub files_since: Date,
    /// Their whole record.
    pub record: ClientRecord,
    /// Who opened or changed their record and when, newest first.
    pub access: Vec<AuditRow>,
    /// Files made since `files_since` that may have carried their details, newest first.
    pub files: Vec<AuditRow>,
}

/// Where the two files were written.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SubjectAccessFiles {
    /// The PDF, for the person.
    #[ts(type = "string")]
    pub pdf: PathBuf,
    /// The same as JSON.
    #[ts(type = "string")]
    pub json: PathBuf,
}

/// The kinds of file that carry the organisation's data (or changes to it) away from this computer.
const FILE_ACTIONS: [AuditAction; 4] =
    [AuditAction::BundleExport, AuditAction::Export, AuditAction::Backup, AuditAction::Invite];

impl Store {
    /// Gathers everything held about `client`, for `actor`, with the files made since `since`
    /// (by default, since the person was first known: added, or support opened, if earlier). Not audited by itself: see
    /// [`Store::write_subject_access`].
    pub fn subject_access(
        &self,
        actor: &Actor,
        client: ClientId,
        since: Option<Date>,
    ) -> Result<SubjectAccess> {
        crate::authz::require(actor, crate::authz::Action::SubjectAccess)?;
        let reader = self.reader(actor);
        let record = reader.client_record(client)?;
        // By default, since they were first known: added, or support opened earlier than that.
        let first_known = record
            .episodes
            .iter()
            .map(|e| e.fields.opened_on)
            .chain([record.client.created_at.london_date()])
            .min()
            .unwrap_or_else(crate::time::today_london);
        let files_since = since.unwrap_or(first_known);
        if files_since > crate::time::today_london() {
            return Err(Error::invalid("since", "The date cannot be in the future."));
        }
        let conn = reader.conn()?;
        let access = crate::audit::matching(
            conn,
            &AuditFilter { client_id: Some(client), ..Default::default() },
            MAX_ACCESS_LINES,
        )?;
        let mut files = Vec::new();
        for action in FILE_ACTIONS {
            let filter = AuditFilter { action: Some(action), from: Some(files_since), ..Default::default() };
            files.extend(crate::audit::matching(conn, &filter, MAX_ACCESS_LINES)?);
        }
        files.sort_by_key(|f| std::cmp::Reverse(f.at));
        Ok(SubjectAccess {
            organisation: reader.organisation_name()?,
            produced_at: Timestamp::now(),
            produced_by: self.display_name(actor.user_id)?,
            files_since,
            record,
            access,
            files,
        })
    }

    /// Writes everything held about `client` as a PDF at `pdf` and the same as JSON beside it (same
    /// name, `.json`), each created private and whole or not at all, replacing files of those names;
    /// and records in the audit log that it was given.
    pub fn write_subject_access(
        &mut self,
        actor: &Actor,
        client: ClientId,
        since: Option<Date>,
        pdf: &Path,
    ) -> Result<SubjectAccessFiles> {
        let sa = self.subject_access(actor, client, since)?;
        let out = SubjectAccessFiles { pdf: pdf.to_path_buf(), json: pdf.with_extension("json") };
        if out.pdf == out.json {
            return Err(Error::invalid("out", "Give the file a name ending in .pdf."));
        }
        let pdf = crate::report::pdf::flow::document(&flow(&sa))?;
        let json = serde_json::to_vec_pretty(&sa)?;
        let mut pdf_file = PrivateFile::create(&out.pdf)?;
        pdf_file.write_all(&pdf)?;
        let mut json_file = PrivateFile::create(&out.json)?;
        json_file.write_all(&json)?;
        let id = client.to_string();
        let detail = format!("files since {}", sa.files_since);
        self.write(actor, |tx| {
            tx.audit(AuditAction::SubjectAccess, Some(Entity::Client), Some(&id), Some(&detail))
        })?;
        pdf_file.commit()?;
        json_file.commit()?;
        Ok(out)
    }
}

/// A name for the PDF that says what it is without naming the person (file names are seen in
/// folders and by backup tools): `subject-access-2026-12-02-093000-1a2b3c4d.pdf`.
pub fn file_name(client: ClientId, at: Timestamp) -> String {
    let id = client.to_string();
    let short = &id[id.len().saturating_sub(8)..];
    format!("subject-access-{}-{short}.pdf", at.as_datetime().format("%Y-%m-%d-%H%M%S"))
}

fn date(d: Date) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A client field's value in words: codes as their labels, dates as people write them.
fn words(field: &str, v: &Value) -> Option<String> {
    let codes = crate::export::column_codes("clients", field);
    let one = |s: &str| -> String {
        if let Some(c) = &codes
            && let Some((_, label)) = c.iter().find(|(code, _)| *code == s)
        {
            return (*label).to_owned();
        }
        match s.parse::<Date>() {
            Ok(d) if s.len() == 10 => date(d),
            _ => s.to_owned(),
        }
    };
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "Yes" } else { "No" }.to_owned()),
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(one(s)),
        Value::Array(a) if a.is_empty() => None,
        Value::Array(a) => Some(a.iter().filter_map(Value::as_str).map(one).collect::<Vec<_>>().join(", ")),
        other => Some(other.to_string()),
    }
}

/// The client's fields as the PDF lists them, in words.
const DETAILS: [(&str, &str); 33] = [
    ("given_name", "First name"),
    ("family_name", "Last name"),
    ("preferred_name", "Name they use"),
    ("pronouns", "Pronouns"),
    ("date_of_birth", "Date of birth"),
    ("gender", "Gender"),
    ("ethnicity", "Ethnic group"),
    ("disability", "Disability"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("address", "Address"),
    ("postcode", "Postcode"),
    ("nhs_number", "NHS number"),
    ("prison_number", "Prison number"),
    ("crn", "Probation case reference (CRN)"),
    ("justice_status", "Justice status"),
    ("establishment", "Prison or hospital"),
    ("expected_release_date", "Expected release"),
    ("actual_release_date", "Released"),
    ("licence_end_date", "Licence or order ends"),
    ("gp_status", "GP registration"),
    ("gp_practice", "GP practice"),
    ("gp_registered_on", "Registered with the GP on"),
    ("gp_status_changed_on", "GP registration last changed"),
    ("support_needs", "Support needs"),
    ("risk_flags", "Risk flags"),
    ("accompaniment_needs", "What anyone going with them must know"),
    ("consent_store", "Agreed to their details being kept"),
    ("consent_share_health", "Agreed to sharing with health services"),
    ("consent_share_probation", "Agreed to sharing with probation"),
    ("consent_on", "Consent given on"),
    ("consent_method", "How consent was given"),
    ("consent_withdrawn_on", "Consent to keep their details withdrawn on"),
];

fn audit_line(r: &AuditRow) -> String {
    let mut s = format!("{}: {}, {}", r.at.london_display(), r.user_name, r.action.label().to_lowercase());
    if let Some(rec) = &r.record {
        s.push_str(&format!(" ({rec})"));
    }
    if let Some(d) = &r.detail {
        s.push_str(&format!(": {d}"));
    }
    if let Some(dev) = &r.device_name {
        s.push_str(&format!(", on {dev}"));
    }
    s
}

/// The readable document.
fn flow(sa: &SubjectAccess) -> Flow {
    let r = &sa.record;
    let mut b = Vec::new();
    let name = if r.name.is_empty() { "this person".to_owned() } else { r.name.clone() };
    b.push(Block::Note(format!(
        "This is everything {} holds about {name} in Throughcare on {}: their details, support, appointments, referrals, \
         notes, consent, who has opened or changed their record, and the files that may have carried their details since {}. \
         The same information is in the JSON file made with this one.",
        sa.organisation,
        sa.produced_at.london_date().format("%d/%m/%Y"),
        date(sa.files_since)
    )));
    if r.erased {
        b.push(Block::Para(
            "Their details were erased at their request or when there was no longer a reason to keep them. What remains is \
             what happened and when, without their name, so that the organisation's figures still add up."
                .into(),
        ));
    }

    b.push(Block::Heading("Their details".into()));
    let fields = serde_json::to_value(&r.client.fields).unwrap_or(Value::Null);
    for (field, label) in DETAILS {
        if let Some(v) = fields.get(field).and_then(|v| words(field, v)) {
            b.push(Block::Fact(label.into(), v));
        }
    }
    if let Some(cw) = &r.caseworker_name {
        b.push(Block::Fact("Caseworker".into(), cw.clone()));
    }
    b.push(Block::Fact("Added on".into(), r.client.created_at.london_display()));

    b.push(Block::Heading("Support".into()));
    for e in &r.episodes {
        let f = &e.fields;
        b.push(Block::Item(match (f.closed_on, f.close_reason) {
            (Some(c), Some(why)) => {
                format!("From {} to {}: {}.", date(f.opened_on), date(c), why.label().to_lowercase())
            }
            (Some(c), None) => format!("From {} to {}.", date(f.opened_on), date(c)),
            _ => format!("From {}, still open.", date(f.opened_on)),
        }));
    }

    if !r.custody.is_empty() {
        b.push(Block::Heading("Time in custody".into()));
        for k in &r.custody {
            let f = &k.fields;
            let mut s = format!("{} from {}", f.kind.label(), date(f.started_on));
            if let Some(e) = &f.establishment {
                s.push_str(&format!(" at {e}"));
            }
            match f.released_on {
                Some(d) => s.push_str(&format!(", released {}", date(d))),
                None => {
                    if let Some(d) = f.expected_release_on {
                        s.push_str(&format!(", expected release {}", date(d)));
                    }
                }
            }
            b.push(Block::Item(format!("{s}.")));
        }
    }

    b.push(Block::Heading(format!("Appointments ({})", r.appointments.len())));
    for a in &r.appointments {
        let f = &a.fields;
        let mut s = format!("{}: {}", f.starts_at.london_display(), f.service_type.label());
        if let Some(p) = &f.provider {
            s.push_str(&format!(", {p}"));
        }
        if let Some(p) = &f.place {
            s.push_str(&format!(", {p}"));
        }
        s.push_str(&format!(". {}.", f.outcome.label()));
        b.push(Block::Item(s));
    }

    let users: HashMap<String, String> =
        sa.access.iter().filter_map(|x| x.user_id.map(|u| (u.to_string(), x.user_name.clone()))).collect();
    b.push(Block::Heading(format!("Notes of support ({})", r.contacts.len())));
    for c in &r.contacts {
        let f = &c.fields;
        let by = users.get(&f.author_id.to_string()).cloned().unwrap_or_else(|| "a member of staff".into());
        let mut s = format!(
            "{}, {}, {} minutes, by {by}",
            date(f.contact_on),
            f.kind.label().to_lowercase(),
            f.minutes
        );
        if let Some(sum) = &f.summary {
            s.push_str(&format!(": {sum}"));
        }
        b.push(Block::Item(s));
    }

    b.push(Block::Heading(format!("Referrals ({})", r.referrals.len())));
    for x in &r.referrals {
        let f = &x.referral.referral.fields;
        let mut s = f.service_type.label().to_owned();
        if let Some(p) = &f.provider {
            s.push_str(&format!(" ({p})"));
        }
        s.push_str(&format!(": {}.", f.status.label().to_lowercase()));
        let steps: Vec<String> = x
            .steps
            .iter()
            .map(|st| format!("{} {}", st.fields.status.label().to_lowercase(), date(st.fields.happened_on)))
            .collect();
        if !steps.is_empty() {
            s.push_str(&format!(" Steps: {}.", steps.join("; ")));
        }
        if let Some(reason) = &f.reason {
            s.push_str(&format!(" Why: {reason}"));
        }
        b.push(Block::Item(s));
    }

    if !r.measures.is_empty() {
        b.push(Block::Heading("Questionnaires".into()));
        for series in &r.measures {
            for m in &series.readings {
                b.push(Block::Item(format!(
                    "{} on {}: {} of {} ({}).",
                    series.scale.label(),
                    date(m.measure.fields.taken_on),
                    m.measure.fields.total,
                    series.max_total,
                    m.band
                )));
            }
        }
    }

    if !r.tasks.is_empty() {
        b.push(Block::Heading("Things to do for them".into()));
        for t in &r.tasks {
            b.push(Block::Item(format!("{} (by {}).", t.task.fields.title, date(t.task.fields.due_on))));
        }
    }

    if !r.mentors.is_empty() {
        b.push(Block::Heading("Peer mentors".into()));
        for m in &r.mentors {
            let f = &m.link.fields;
            b.push(Block::Item(match f.ends_on {
                Some(e) => format!("{} from {} to {}.", m.mentor_name, date(f.starts_on), date(e)),
                None => format!("{} from {}.", m.mentor_name, date(f.starts_on)),
            }));
        }
    }

    b.push(Block::Heading("Consent".into()));
    for s in &r.consent.current {
        let state = match s.given {
            None => "not asked".to_owned(),
            Some(g) => {
                let mut w = if g { "agreed".to_owned() } else { "did not agree, or withdrew".to_owned() };
                if let Some(d) = s.decided_on {
                    w.push_str(&format!(" on {}", date(d)));
                }
                if let (true, Some(m)) = (g, s.method) {
                    w.push_str(&format!(" ({})", m.label().to_lowercase()));
                }
                w
            }
        };
        b.push(Block::Fact(s.purpose.label().to_owned(), state));
    }
    for h in &r.consent.history {
        let f = &h.consent.fields;
        b.push(Block::Item(format!(
            "{}: {}: {}, recorded by {}.",
            date(f.decided_on),
            f.purpose.label(),
            if f.given { "agreed" } else { "did not agree, or withdrew" },
            h.recorded_by_name
        )));
    }

    b.push(Block::Heading(format!("Who has opened or changed their record ({})", sa.access.len())));
    b.push(Block::Note(
        "Every time someone opened their record or added or changed something in it. Changes name the details changed, not \
         what they were changed to."
            .into(),
    ));
    for a in &sa.access {
        b.push(Block::Item(audit_line(a)));
    }

    b.push(Block::Heading(format!(
        "Files that may have carried their details since {}",
        date(sa.files_since)
    )));
    b.push(Block::Note(
        "Sync files, exports, backups and invitations made since that day. Each holds the organisation's records, or changes \
         to them, so each may hold their details. All are encrypted except exports."
            .into(),
    ));
    if sa.files.is_empty() {
        b.push(Block::Para("None.".into()));
    }
    for f in &sa.files {
        b.push(Block::Item(audit_line(f)));
    }

    Flow {
        title: format!("Information held about {name}"),
        subtitle: format!(
            "{}. Made on {} by {}, in answer to a request for the information held about them.",
            sa.organisation,
            sa.produced_at.london_display(),
            sa.produced_by
        ),
        footer: format!("{} · Information held about {name} · Private", sa.organisation),
        blocks: b,
    }
}
