//! Calendar files: a mentor's or a caseworker's appointments as iCalendar (RFC 5545), for the
//! calendar on their phone.
//!
//! A phone calendar is outside everything Throughcare protects, and is often synced to a cloud, so an
//! event carries no health detail at all: "Appointment with J. (go with them)", the place and the
//! time, and nothing about the service, the provider or the person beyond an initial. Each event's UID
//! is the appointment's id, so importing a newer file updates the event instead of adding a second;
//! its SEQUENCE is how many times the appointment has changed (counted from the op log, so every
//! computer gives the same number after a sync). A cancelled or moved-away appointment, or a coming one
//! a mentor was down for and someone else now goes to, is sent as CANCELLED so the phone removes it.
//! Times are written on the London clock with the Europe/London time zone spelled out, so a phone in
//! another zone still shows them right.

use std::path::Path;

use chrono::Days;
use chrono_tz::Europe::London;
use rusqlite::named_params;
use serde::{Deserialize, Serialize};

use crate::calendar::{DEFAULT_MINUTES, initial};
use crate::enums::{Accompaniment, Outcome};
use crate::ids::{AppointmentId, MentorId, UserId};
use crate::model::appointments::Appointment;
use crate::store::{Actor, Reader, Store};
use crate::time::{Date, Timestamp};
use crate::{Error, Result};

/// The longest range a calendar file may cover, in days.
pub const MAX_DAYS: i64 = 366;

/// Whose appointments go in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "of", rename_all = "snake_case", deny_unknown_fields)]
pub enum CalendarFor {
    /// The appointments a peer mentor is going to.
    Mentor {
        /// The mentor.
        mentor_id: MentorId,
    },
    /// A caseworker's: the ones they go to, and their caseload's.
    Caseworker {
        /// The caseworker.
        user_id: UserId,
    },
}

/// A calendar file to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct CalendarRequest {
    /// Whose.
    pub of: CalendarFor,
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
}

/// One event, as it goes into the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The appointment (its id is the UID).
    pub id: AppointmentId,
    /// The title.
    pub summary: String,
    /// Where.
    pub location: Option<String>,
    /// Start.
    pub starts_at: Timestamp,
    /// End.
    pub ends_at: Timestamp,
    /// How many times it has changed.
    pub sequence: i64,
    /// Cancelled or moved away.
    pub cancelled: bool,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SavedCalendar {
    /// Where.
    pub path: String,
    /// How many appointments it holds.
    pub events: u32,
}

impl CalendarRequest {
    fn check(&self) -> Result<()> {
        if self.to < self.from {
            return Err(Error::invalid("to", "The last day cannot be before the first."));
        }
        if (self.to - self.from).num_days() >= MAX_DAYS {
            return Err(Error::invalid(
                "to",
                "A calendar file can cover at most a year. Choose a shorter range.",
            ));
        }
        Ok(())
    }
}

impl Reader<'_> {
    /// Whose calendar a name means: exactly one current peer mentor (`mentor`) or one current user
    /// (`caseworker`) by that name, ignoring case, or that id. None, or two people with the name, is
    /// refused with the field named.
    pub fn calendar_for_name(&self, mentor: Option<&str>, caseworker: Option<&str>) -> Result<CalendarFor> {
        let pick = |field: &str, kind: &str, name: &str, found: Vec<(String, String)>| -> Result<String> {
            match found.len() {
                1 => Ok(found[0].0.clone()),
                0 => Err(Error::invalid(field, format!("There is no {kind} called '{}'.", name.trim()))),
                n => Err(Error::invalid(
                    field,
                    format!(
                        "{n} {kind}s are called '{}'. Give one of their ids instead: {}.",
                        name.trim(),
                        found.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                )),
            }
        };
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        match (mentor, caseworker) {
            (Some(name), None) => {
                let found = self
                    .mentors(false)?
                    .into_iter()
                    .filter(|m| m.id.to_string() == name.trim() || same(&m.fields.display_name, name))
                    .map(|m| (m.id.to_string(), m.fields.display_name))
                    .collect();
                let id = pick("mentor", "peer mentor", name, found)?;
                Ok(CalendarFor::Mentor { mentor_id: id.parse()? })
            }
            (None, Some(name)) => {
                let found = self
                    .users(false)?
                    .into_iter()
                    .filter(|u| u.fields.role != crate::enums::Role::PeerMentor)
                    .filter(|u| u.id.to_string() == name.trim() || same(&u.fields.display_name, name))
                    .map(|u| (u.id.to_string(), u.fields.display_name))
                    .collect();
                let id = pick("caseworker", "caseworker", name, found)?;
                Ok(CalendarFor::Caseworker { user_id: id.parse()? })
            }
            _ => Err(Error::invalid("mentor", "Name one peer mentor or one caseworker.")),
        }
    }

    /// The events of a calendar file, through the user's scope.
    pub fn calendar_events(&self, req: &CalendarRequest) -> Result<Vec<Event>> {
        crate::authz::read(self.actor, crate::entity::Entity::Appointment)?;
        req.check()?;
        let (filter, who) = match req.of {
            CalendarFor::Mentor { mentor_id } => {
                self.get::<crate::model::mentors::MentorFields>(mentor_id)?;
                ("a.planned_mentor_id = :who", mentor_id.to_string())
            }
            CalendarFor::Caseworker { user_id } => {
                if !self.users(true)?.iter().any(|u| u.id == user_id) {
                    return Err(Error::NotFound { entity: "user" });
                }
                (
                    "(a.planned_user_id = :who OR a.client_id IN (SELECT c.id FROM clients c WHERE c.caseworker_id = :who))",
                    user_id.to_string(),
                )
            }
        };
        // Stored as bytes in the table; as text in what a change says.
        let who_key = crate::ids::key(&who)?;
        let from = Timestamp::london_midnight(req.from).to_string();
        let to =
            Timestamp::london_midnight(req.to.checked_add_days(Days::new(1)).unwrap_or(req.to)).to_string();
        let cols: Vec<String> = crate::entity::select_list(crate::entity::Entity::Appointment)
            .split(", ")
            .map(|c| format!("a.{c}"))
            .collect();
        // The op log's changes of each appointment (its SEQUENCE in the calendar file).
        let its_ops =
            format!("o.entity_n = {} AND o.entity_id = a.id", crate::entity::Entity::Appointment.number());
        let sql = format!(
            "SELECT {}, (SELECT count(*) FROM main.ops o WHERE {its_ops})
             FROM appointments a WHERE a.archived_at IS NULL AND a.starts_at >= :from AND a.starts_at < :to AND {filter}
             ORDER BY a.starts_at, a.id",
            cols.join(", ")
        );
        let n = crate::entity::Entity::Appointment.columns().len() + 1;
        let mut found = Vec::new();
        {
            let mut st = self.conn()?.prepare_cached(&sql)?;
            let mut rows = st.query(named_params! {":from": from, ":to": to, ":who": who_key})?;
            while let Some(row) = rows.next()? {
                let a: Appointment = crate::model::decode(crate::entity::Entity::Appointment, row)?;
                let changes: i64 = row.get(n)?;
                found.push((a, changes, false));
            }
        }
        if let CalendarFor::Mentor { .. } = req.of {
            // Coming appointments the mentor was once down to go to and is not now (someone else
            // goes): sent as CANCELLED, or a phone that took an earlier file would still show them.
            // Looked for among the people they are or were linked to (a mentor goes with others only
            // by exception), so a year's file stays quick at any size.
            let soon = Timestamp::london_midnight(req.from.max(crate::time::today_london())).to_string();
            let sql = format!(
                "SELECT {}, (SELECT count(*) FROM main.ops o WHERE {its_ops})
                 FROM appointments a WHERE a.archived_at IS NULL AND a.starts_at >= :soon AND a.starts_at < :to
                   AND a.planned_mentor_id IS NOT :who
                   AND a.client_id IN (SELECT l.client_id FROM mentor_links l WHERE l.mentor_id = :who)
                   AND EXISTS (SELECT 1 FROM main.ops o WHERE {its_ops}
                       AND json_extract(op_json(o.payload), '$.planned_mentor_id') = :who_text)
                 ORDER BY a.starts_at, a.id",
                cols.join(", ")
            );
            let mut st = self.conn()?.prepare_cached(&sql)?;
            let mut rows =
                st.query(named_params! {":soon": soon, ":to": to, ":who": who_key, ":who_text": who})?;
            while let Some(row) = rows.next()? {
                let a: Appointment = crate::model::decode(crate::entity::Entity::Appointment, row)?;
                let changes: i64 = row.get(n)?;
                found.push((a, changes, true));
            }
            found.sort_by_key(|x| (x.0.fields.starts_at, x.0.id));
        }
        let mut out = Vec::with_capacity(found.len());
        // One read per person, however many appointments they have in the range.
        let mut initials: std::collections::HashMap<crate::ids::ClientId, String> =
            std::collections::HashMap::new();
        for (a, changes, dropped) in found {
            let f = &a.fields;
            let person = match initials.get(&f.client_id) {
                Some(i) => i.clone(),
                None => {
                    let i = initial(&self.client(f.client_id)?.fields);
                    initials.insert(f.client_id, i.clone());
                    i
                }
            };
            let going = match (req.of, f.planned_accompaniment) {
                (CalendarFor::Mentor { mentor_id }, Accompaniment::PeerMentor) => {
                    f.planned_mentor_id == Some(mentor_id)
                }
                (CalendarFor::Caseworker { user_id }, Accompaniment::Caseworker) => {
                    f.planned_user_id == Some(user_id)
                }
                _ => false,
            };
            out.push(Event {
                id: a.id,
                summary: if going {
                    format!("Appointment with {person} (go with them)")
                } else {
                    format!("Appointment for {person}")
                },
                location: f.place.clone(),
                starts_at: f.starts_at,
                ends_at: f.ends_at.unwrap_or(f.starts_at.plus_seconds(DEFAULT_MINUTES * 60)),
                sequence: (changes - 1).max(0),
                cancelled: dropped
                    || f.rescheduled_to.is_some()
                    || matches!(f.outcome, Outcome::CancelledByPatient | Outcome::CancelledByProvider),
            });
        }
        Ok(out)
    }
}

/// Escapes a TEXT value.
fn text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => o.push_str("\\\\"),
            ';' => o.push_str("\\;"),
            ',' => o.push_str("\\,"),
            '\n' => o.push_str("\\n"),
            '\r' => {}
            c => o.push(c),
        }
    }
    o
}

/// Writes one content line, folded at 75 octets without splitting a character.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for ch in content.chars() {
        let n = ch.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += n;
    }
    out.push_str("\r\n");
}

fn local(t: Timestamp) -> String {
    t.as_datetime().with_timezone(&London).format("%Y%m%dT%H%M%S").to_string()
}

const TIMEZONE: [&str; 16] = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
];

/// The file's text.
pub fn render(name: &str, events: &[Event], now: Timestamp) -> String {
    let mut o = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Throughcare//Throughcare calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        line(&mut o, l);
    }
    line(&mut o, &format!("X-WR-CALNAME:{}", text(name)));
    line(&mut o, "X-WR-TIMEZONE:Europe/London");
    for l in TIMEZONE {
        line(&mut o, l);
    }
    line(&mut o, "END:VTIMEZONE");
    let stamp = now.as_datetime().format("%Y%m%dT%H%M%SZ").to_string();
    for e in events {
        line(&mut o, "BEGIN:VEVENT");
        line(&mut o, &format!("UID:{}@throughcare", e.id));
        line(&mut o, &format!("DTSTAMP:{stamp}"));
        line(&mut o, &format!("DTSTART;TZID=Europe/London:{}", local(e.starts_at)));
        line(&mut o, &format!("DTEND;TZID=Europe/London:{}", local(e.ends_at)));
        line(&mut o, &format!("SEQUENCE:{}", e.sequence));
        line(&mut o, &format!("SUMMARY:{}", text(&e.summary)));
        if let Some(p) = &e.location {
            line(&mut o, &format!("LOCATION:{}", text(p)));
        }
        line(&mut o, if e.cancelled { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" });
        line(&mut o, "TRANSP:OPAQUE");
        line(&mut o, "END:VEVENT");
    }
    line(&mut o, "END:VCALENDAR");
    o
}

impl Store {
    /// Writes a calendar file (readable by its owner only, whole or not at all) and records it in
    /// the audit log.
    pub fn export_calendar(
        &mut self,
        actor: &Actor,
        req: &CalendarRequest,
        path: &Path,
    ) -> Result<SavedCalendar> {
        let r = self.reader(actor);
        let events = r.calendar_events(req)?;
        let name = match req.of {
            CalendarFor::Mentor { .. } if actor.mentor_id.is_some() => {
                "My Throughcare appointments".to_owned()
            }
            CalendarFor::Mentor { mentor_id } => {
                format!(
                    "Throughcare: {}",
                    r.get::<crate::model::mentors::MentorFields>(mentor_id)?.fields.display_name
                )
            }
            CalendarFor::Caseworker { user_id } if user_id == actor.user_id => {
                "My Throughcare appointments".to_owned()
            }
            CalendarFor::Caseworker { user_id } => format!(
                "Throughcare: {}",
                r.users(true)?
                    .into_iter()
                    .find(|u| u.id == user_id)
                    .map(|u| u.fields.display_name)
                    .unwrap_or_default()
            ),
        };
        let body = render(&name, &events, Timestamp::now());
        crate::report::files::write_whole(path, body.as_bytes())?;
        let detail = format!("calendar file {} to {} ({} appointments)", req.from, req.to, events.len());
        self.write(actor, |tx| tx.audit(crate::audit::AuditAction::Export, None, None, Some(&detail)))?;
        Ok(SavedCalendar { path: path.display().to_string(), events: events.len() as u32 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_without_splitting_a_character() {
        let mut o = String::new();
        let long = format!("LOCATION:{}", "Café Ñ ".repeat(20));
        line(&mut o, &long);
        for l in o.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        let unfolded = o.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(text("Room 3, Floor 2; back\\door\nleft"), "Room 3\\, Floor 2\\; back\\\\door\\nleft");
    }
}
