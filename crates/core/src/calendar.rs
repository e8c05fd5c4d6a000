//! The calendar: a week of appointments for a mentor, a caseworker, a client or the team; warnings
//! before a booking is saved; a mentor's free slots; and what needs attention.
//!
//! Everything is read through the acting user's scope, with one deliberate exception: whether a mentor
//! or a caseworker is already busy. A caseworker booking a mentor must learn that the mentor is going
//! with someone else at ten, even when that someone is not on their caseload, or two people would be
//! promised the same volunteer. So [`busy`] reads the real appointments table for one companion's
//! times only: an appointment the user may not see comes back as a time and nothing else (no person,
//! no place, no service), the way a shared office calendar shows "busy".
//!
//! Warnings never stop a booking: a mentor may choose to go to two things back to back. They are
//! worked out here so the app, the command line and any later hub say the same thing.

use chrono::Days;
use chrono_tz::Europe::London;
use rusqlite::{ToSql, named_params};
use serde::{Deserialize, Serialize};

use crate::availability::{Availability, Window};
use crate::entity::Entity;
use crate::enums::{Accompaniment, Outcome, Role};
use crate::ids::{AppointmentId, ClientId, MentorId, TeamId, UserId};
use crate::model::appointments::{AppointmentFields, AppointmentPatch};
use crate::model::clients::ClientFields;
use crate::model::mentors::MentorFields;
use crate::store::{Reader, Tx};
use crate::time::{Date, Timestamp, date_words};
use crate::today::{AgendaItem, Counted};
use crate::{Error, Result};

/// How long an appointment with no end time is taken to last, in minutes.
pub const DEFAULT_MINUTES: i64 = 60;
/// The least time, in minutes, to get from one appointment to another in a different place.
pub const TRAVEL_MINUTES: i64 = 30;
/// How far ahead free slots are looked for, in days.
pub const SUGGEST_DAYS: u64 = 14;
/// Most appointments a week's calendar shows.
pub const WEEK_LIMIT: i64 = 400;

/// The appointments that still stand: not archived, not moved, not cancelled.
pub(crate) const LIVE: &str = "a.archived_at IS NULL AND a.rescheduled_to IS NULL
    AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider')";

/// A booking, or a move, to check before it is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct BookingCheck {
    /// Whose appointment.
    pub client_id: ClientId,
    /// Start.
    pub starts_at: Timestamp,
    /// End (an hour after the start if not given).
    #[serde(default)]
    pub ends_at: Option<Timestamp>,
    /// Where.
    #[serde(default)]
    pub place: Option<String>,
    /// The peer mentor going.
    #[serde(default)]
    pub planned_mentor_id: Option<MentorId>,
    /// The caseworker going.
    #[serde(default)]
    pub planned_user_id: Option<UserId>,
    /// The appointment being moved, which does not clash with itself.
    #[serde(default)]
    pub moving: Option<AppointmentId>,
}

/// What kind of warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ClashKind {
    /// The mentor is going to another appointment then.
    MentorBusy,
    /// The caseworker is going to another appointment then.
    CaseworkerBusy,
    /// The person has another appointment then.
    ClientBusy,
    /// Outside the mentor's usual times.
    OutsideAvailability,
    /// The mentor is away that day.
    MentorAway,
    /// Too little time to get there from another appointment somewhere else, or on to the next.
    TravelTime,
}

/// A warning about a booking, in words for the person booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Clash {
    /// What kind.
    pub kind: ClashKind,
    /// What it is, in a sentence.
    pub message: String,
    /// The other appointment, when the user may see it.
    pub other_id: Option<AppointmentId>,
}

/// A time a companion is taken: an appointment, and whether the user may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Taken {
    id: AppointmentId,
    starts_at: Timestamp,
    ends_at: Timestamp,
    place: Option<String>,
    client_id: Option<ClientId>,
}

/// A time a mentor is going with someone the user may not see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Busy {
    /// From.
    pub starts_at: Timestamp,
    /// Until.
    pub ends_at: Timestamp,
}

fn end_of(starts_at: Timestamp, ends_at: Option<Timestamp>) -> Timestamp {
    ends_at.unwrap_or(starts_at.plus_seconds(DEFAULT_MINUTES * 60))
}

/// `10:30`, on the London clock.
pub fn clock(t: Timestamp) -> String {
    t.as_datetime().with_timezone(&London).format("%H:%M").to_string()
}

/// `Tuesday 3 March`, in London.
fn day_words(t: Timestamp) -> String {
    t.as_datetime().with_timezone(&London).format("%A %-d %B").to_string()
}

fn same_place(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    norm(a) == norm(b)
}

/// "Jo S.": a first name and an initial, all a reminder or a calendar file may carry.
pub fn short_name(c: &ClientFields) -> String {
    let first = c.preferred_name.as_deref().or(c.given_name.as_deref()).unwrap_or("").trim();
    let initial = c.family_name.as_deref().and_then(|f| f.trim().chars().next());
    match (first.is_empty(), initial) {
        (false, Some(i)) => format!("{first} {i}."),
        (false, None) => first.to_owned(),
        (true, Some(i)) => format!("{i}."),
        (true, None) => "someone".to_owned(),
    }
}

/// "J.": the initial of the name a person goes by, for a calendar file.
pub fn initial(c: &ClientFields) -> String {
    c.preferred_name
        .as_deref()
        .or(c.given_name.as_deref())
        .and_then(|n| n.trim().chars().next())
        .map_or_else(|| "someone".to_owned(), |i| format!("{i}."))
}

/// The times one companion (a mentor or a caseworker) is going to appointments between two instants,
/// whoever they are for. Reads past the scope for times only; see the module's note.
fn busy(r: &Reader<'_>, column: &str, who: &str, from: Timestamp, to: Timestamp) -> Result<Vec<Taken>> {
    debug_assert!(matches!(column, "planned_mentor_id" | "planned_user_id"));
    // An appointment may start up to a day before `from` and still run into it.
    let sql = format!(
        "SELECT a.id, a.starts_at, a.ends_at,
                CASE WHEN v.id IS NOT NULL THEN a.place END, CASE WHEN v.id IS NOT NULL THEN a.client_id END
         FROM main.appointments a LEFT JOIN appointments v ON v.id = a.id
         WHERE a.{column} = :who AND {LIVE} AND a.starts_at < :to AND a.starts_at >= :from
         ORDER BY a.starts_at"
    );
    let from = from.plus_seconds(-24 * 3600).to_string();
    let mut st = r.conn()?.prepare_cached(&sql)?;
    let rows = st.query_map(
        named_params! {":who": crate::ids::key(who)?, ":from": from, ":to": to.to_string()},
        |row| {
            Ok((
                row.get::<_, AppointmentId>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<ClientId>>(4)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (id, s, e, place, client) = row?;
        let starts_at: Timestamp = s.parse()?;
        let ends_at = end_of(starts_at, e.map(|e| e.parse()).transpose()?);
        out.push(Taken { id, starts_at, ends_at, place, client_id: client });
    }
    Ok(out)
}

impl Reader<'_> {
    fn client_fields(&self, id: ClientId) -> Result<ClientFields> {
        Ok(self.client(id)?.fields)
    }

    pub(crate) fn mentor_fields(&self, id: MentorId) -> Result<Option<MentorFields>> {
        match self.get::<MentorFields>(id) {
            Ok(m) => Ok(Some(m.fields)),
            Err(Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The name of a mentor as the user may see it ("the peer mentor" when they may not).
    fn mentor_name(&self, id: MentorId) -> Result<String> {
        Ok(self.mentor_fields(id)?.map_or_else(|| "The peer mentor".to_owned(), |m| m.display_name))
    }

    /// Everything worth a second look before saving a booking or a move: double bookings of the
    /// mentor, the caseworker going, or the person; a time outside the mentor's availability or on a
    /// day they are away; and too little time to travel between appointments in different places.
    /// An empty list means nothing to warn about.
    pub fn check_booking(&self, b: &BookingCheck) -> Result<Vec<Clash>> {
        crate::authz::read(self.actor, Entity::Appointment)?;
        if let Some(end) = b.ends_at {
            if end < b.starts_at {
                return Err(Error::invalid("ends_at", "An appointment cannot end before it starts."));
            }
        }
        let start = b.starts_at;
        let end = end_of(start, b.ends_at);
        let window = (start.plus_seconds(-TRAVEL_MINUTES * 60), end.plus_seconds(TRAVEL_MINUTES * 60));
        let person = self.client_fields(b.client_id)?;
        let person_name = person.display_name();
        let mut out = Vec::new();
        let when = |t: &Taken| {
            format!("from {} to {} on {}", clock(t.starts_at), clock(t.ends_at), day_words(t.starts_at))
        };
        let mut companions: Vec<(ClashKind, String, &str, String)> = Vec::new();
        if let Some(m) = b.planned_mentor_id {
            companions.push((
                ClashKind::MentorBusy,
                self.mentor_name(m)?,
                "planned_mentor_id",
                m.to_string(),
            ));
        }
        if let Some(u) = b.planned_user_id {
            let name = if u == self.actor.user_id {
                "You".to_owned()
            } else {
                self.user_name(u)?.unwrap_or_else(|| "The caseworker".to_owned())
            };
            companions.push((ClashKind::CaseworkerBusy, name, "planned_user_id", u.to_string()));
        }
        for (kind, name, column, who) in &companions {
            let taken = busy(self, column, who, window.0, window.1)?;
            let you = name == "You";
            for t in taken.iter().filter(|t| Some(t.id) != b.moving) {
                if t.starts_at < end && start < t.ends_at {
                    let whom = match t.client_id {
                        Some(c) if c == b.client_id => person_name.clone(),
                        Some(c) => self.client_fields(c).map(|f| f.display_name()).unwrap_or_default(),
                        None => String::new(),
                    };
                    let whom = if whom.is_empty() { "someone else".to_owned() } else { whom };
                    out.push(Clash {
                        kind: *kind,
                        message: format!(
                            "{name} {} already going with {whom} {}.",
                            if you { "are" } else { "is" },
                            when(t)
                        ),
                        other_id: t.client_id.map(|_| t.id),
                    });
                } else if let Some(c) = travel(t, start, end, b.place.as_deref(), name, you) {
                    out.push(c);
                }
            }
        }
        // The person's own appointments, in their scope.
        let sql = format!(
            "SELECT a.id, a.starts_at, a.ends_at, a.place FROM appointments a
             WHERE a.client_id = :c AND {LIVE} AND a.starts_at < :to AND a.starts_at >= :from ORDER BY a.starts_at"
        );
        let from = window.0.plus_seconds(-24 * 3600).to_string();
        let mut st = self.conn()?.prepare_cached(&sql)?;
        let rows = st.query_map(
            named_params! {":c": b.client_id, ":from": from, ":to": window.1.to_string()},
            |row| {
                Ok((
                    row.get::<_, AppointmentId>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            },
        )?;
        for row in rows {
            let (id, s, e, place) = row?;
            let starts_at: Timestamp = s.parse()?;
            let t = Taken {
                id,
                starts_at,
                ends_at: end_of(starts_at, e.map(|e| e.parse()).transpose()?),
                place,
                client_id: Some(b.client_id),
            };
            if Some(t.id) == b.moving {
                continue;
            }
            // Already said above when the same appointment has the same companion.
            if out.iter().any(|c| c.other_id == Some(t.id) && c.kind != ClashKind::TravelTime) {
                continue;
            }
            if t.starts_at < end && start < t.ends_at {
                out.push(Clash {
                    kind: ClashKind::ClientBusy,
                    message: format!("{person_name} already has an appointment {}.", when(&t)),
                    other_id: Some(t.id),
                });
            } else if !out.iter().any(|c| c.other_id == Some(t.id)) {
                if let Some(mut c) = travel(&t, start, end, b.place.as_deref(), &person_name, false) {
                    c.kind = ClashKind::TravelTime;
                    out.push(c);
                }
            }
        }
        if let Some(m) = b.planned_mentor_id {
            if let Some(mentor) = self.mentor_fields(m)? {
                let a = mentor.availability_set();
                let days = [start.london_date(), end.london_date()];
                if let Some(away) = days.iter().find(|d| a.away_on(**d)) {
                    out.push(Clash {
                        kind: ClashKind::MentorAway,
                        message: format!("{} is away on {}.", mentor.display_name, date_words(*away)),
                        other_id: None,
                    });
                } else if a.is_recorded() && !a.covers(start, end) {
                    out.push(Clash {
                        kind: ClashKind::OutsideAvailability,
                        message: format!(
                            "This is outside the times {} is usually free{}.",
                            mentor.display_name,
                            usual_words(&a, start.london_date())
                        ),
                        other_id: None,
                    });
                }
            }
        }
        Ok(out)
    }

    /// The times a mentor is free for an appointment of `minutes` over the next two weeks from `from`,
    /// after their other appointments (with time to travel either side) and, when a person is named,
    /// that person's. Each is the first start in a free stretch, on the quarter hour, with when the
    /// stretch ends.
    pub fn free_slots(
        &self,
        mentor: MentorId,
        client: Option<ClientId>,
        from: Timestamp,
        minutes: u32,
    ) -> Result<Vec<FreeSlot>> {
        if !(5..=12 * 60).contains(&minutes) {
            return Err(Error::invalid("minutes", "Choose a length from 5 minutes to 12 hours."));
        }
        let m = self.mentor_fields(mentor)?.ok_or(Error::NotFound { entity: "peer mentor" })?;
        let a = m.availability_set();
        let first = from.london_date();
        let last = first.checked_add_days(Days::new(SUGGEST_DAYS)).unwrap_or(first);
        let until = Timestamp::london_midnight(last);
        let mut taken: Vec<(Timestamp, Timestamp)> =
            busy(self, "planned_mentor_id", &mentor.to_string(), from, until)?
                .into_iter()
                .map(|t| (t.starts_at, t.ends_at))
                .collect();
        if let Some(c) = client {
            let sql = format!(
                "SELECT a.starts_at, a.ends_at FROM appointments a
                 WHERE a.client_id = :c AND {LIVE} AND a.starts_at < :to AND a.starts_at >= :from"
            );
            let mut st = self.conn()?.prepare_cached(&sql)?;
            let rows = st.query_map(
                named_params! {":c": c, ":from": from.plus_seconds(-24 * 3600).to_string(), ":to": until.to_string()},
                |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?)),
            )?;
            for row in rows {
                let (s, e) = row?;
                let s: Timestamp = s.parse()?;
                taken.push((s, end_of(s, e.map(|e| e.parse()).transpose()?)));
            }
        }
        let gap = TRAVEL_MINUTES * 60;
        let taken: Vec<(i64, i64)> =
            taken.into_iter().map(|(s, e)| (s.unix() - gap, e.unix() + gap)).collect();
        let need = i64::from(minutes) * 60;
        let mut out = Vec::new();
        for w in a.windows_between(first, last.checked_sub_days(Days::new(1)).unwrap_or(last)) {
            let mut start = w.starts_at.unix().max(from.unix());
            let end = w.ends_at.unix();
            loop {
                // On the quarter hour.
                start = (start + 899) / 900 * 900;
                if start + need > end {
                    break;
                }
                if let Some(&(_, e)) =
                    taken.iter().filter(|(s, e)| *s < start + need && start < *e).max_by_key(|t| t.1)
                {
                    start = e;
                    continue;
                }
                let free_until = taken
                    .iter()
                    .filter(|(s, _)| *s >= start + need)
                    .map(|t| t.0)
                    .min()
                    .unwrap_or(end)
                    .min(end);
                out.push(FreeSlot {
                    starts_at: Timestamp::from_unix(start),
                    free_until: Timestamp::from_unix(free_until),
                    area: w.area.clone(),
                });
                // The next stretch starts after whatever ends this one.
                match taken.iter().filter(|(s, _)| *s >= free_until).min_by_key(|t| t.0) {
                    Some(&(_, e)) if free_until < end => start = e,
                    _ => break,
                }
            }
        }
        Ok(out)
    }
}

/// A free time to suggest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct FreeSlot {
    /// The earliest start.
    pub starts_at: Timestamp,
    /// Free until.
    pub free_until: Timestamp,
    /// Where they can travel to then.
    pub area: Option<String>,
}

fn usual_words(a: &Availability, day: Date) -> String {
    let windows = a.windows_on(day);
    if windows.is_empty() {
        return format!(" (not usually on a {})", crate::availability::Weekday::of(day).name());
    }
    let spans: Vec<String> =
        windows.iter().map(|w| format!("{} to {}", clock(w.starts_at), clock(w.ends_at))).collect();
    format!(" (that day: {})", spans.join(", "))
}

/// Too little time between an appointment of a companion's and the one being booked, in different
/// places; only when both places are known.
fn travel(
    t: &Taken,
    start: Timestamp,
    end: Timestamp,
    place: Option<&str>,
    name: &str,
    you: bool,
) -> Option<Clash> {
    let place = place?;
    let (gap, before) = if t.ends_at <= start {
        (start.unix() - t.ends_at.unix(), true)
    } else {
        (t.starts_at.unix() - end.unix(), false)
    };
    if !(0..TRAVEL_MINUTES * 60).contains(&gap) {
        return None;
    }
    let where_words = match t.place.as_deref() {
        Some(p) if same_place(p, place) => return None,
        Some(p) => format!("at {p}"),
        // Somewhere the user may not see (or not written down): different unless known the same.
        None if t.client_id.is_some() => return None,
        None => "elsewhere".to_owned(),
    };
    let have = if you { "have" } else { "has" };
    Some(Clash {
        kind: ClashKind::TravelTime,
        message: if before {
            format!(
                "{name} {have} another appointment {where_words} ending at {}: only {} minutes to get here.",
                clock(t.ends_at),
                gap / 60
            )
        } else {
            format!(
                "{name} {have} another appointment {where_words} starting at {}: only {} minutes to get there afterwards.",
                clock(t.starts_at),
                gap / 60
            )
        },
        other_id: t.client_id.map(|_| t.id),
    })
}

/// Whose calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "of", rename_all = "snake_case", deny_unknown_fields)]
pub enum CalendarOf {
    /// A peer mentor's: the appointments they go to, and their linked people's.
    Mentor {
        /// The mentor.
        mentor_id: MentorId,
    },
    /// A caseworker's: the appointments they go to, and their caseload's.
    Caseworker {
        /// The caseworker.
        user_id: UserId,
    },
    /// One person's appointments.
    Client {
        /// The person.
        client_id: ClientId,
    },
    /// A team's clients' appointments, or everyone's the user may see.
    Team {
        /// The team; none for everyone.
        #[serde(default)]
        team_id: Option<TeamId>,
    },
}

/// A week of appointments.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Week {
    /// Whose.
    pub of: CalendarOf,
    /// "Dee Campbell's week", "Your week", "North team".
    pub title: String,
    /// The Monday the week starts on.
    pub starts_on: Date,
    /// The seven days.
    pub days: Vec<Date>,
    /// The appointments, in time order.
    pub items: Vec<AgendaItem>,
    /// How many appointments in all (more than shown when very many).
    #[ts(type = "number")]
    pub total: u64,
    /// For a mentor's calendar: when they are free.
    pub windows: Vec<Window>,
    /// For a mentor's calendar: the days they are away.
    pub away: Vec<Date>,
    /// For a mentor's calendar: their other appointments the user may not see, as times only.
    pub busy: Vec<Busy>,
    /// For a mentor's calendar: where they can travel.
    pub travel_area: Option<String>,
}

/// The Monday of the week a day falls in.
pub fn monday_of(d: Date) -> Date {
    use chrono::Datelike;
    d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday()))).unwrap_or(d)
}

impl Reader<'_> {
    /// The week containing `day` on someone's calendar, through the user's scope.
    pub fn week(&self, of: CalendarOf, day: Date) -> Result<Week> {
        crate::authz::read(self.actor, Entity::Appointment)?;
        let monday = monday_of(day);
        let days: Vec<Date> = (0..7).filter_map(|i| monday.checked_add_days(Days::new(i))).collect();
        let next = monday.checked_add_days(Days::new(7)).unwrap_or(monday);
        let (from, to) = (Timestamp::london_midnight(monday), Timestamp::london_midnight(next));
        let today = crate::time::today_london();
        let mut week = Week {
            of,
            title: String::new(),
            starts_on: monday,
            days,
            items: Vec::new(),
            total: 0,
            windows: Vec::new(),
            away: Vec::new(),
            busy: Vec::new(),
            travel_area: None,
        };
        let (filter, who): (&str, String) = match of {
            CalendarOf::Mentor { mentor_id } => {
                let m = self.mentor_fields(mentor_id)?.ok_or(Error::NotFound { entity: "peer mentor" })?;
                week.title = if self.actor.mentor_id == Some(mentor_id) {
                    "Your week".to_owned()
                } else {
                    format!("{}'s week", m.display_name)
                };
                let a = m.availability_set();
                week.windows = a.windows_between(monday, next.checked_sub_days(Days::new(1)).unwrap_or(next));
                week.away = week.days.iter().copied().filter(|d| a.away_on(*d)).collect();
                week.travel_area = a.travel_area.clone();
                week.busy = busy(self, "planned_mentor_id", &mentor_id.to_string(), from, to)?
                    .into_iter()
                    .filter(|t| t.client_id.is_none() && t.starts_at >= from)
                    .map(|t| Busy { starts_at: t.starts_at, ends_at: t.ends_at })
                    .collect();
                // Candidates by index (the week's appointments the mentor goes to, and their linked
                // people's); the scope still applies through `appointments a`.
                (
                    "a.id IN (SELECT x.id FROM main.appointments x WHERE x.planned_mentor_id = :who
                        AND x.starts_at >= :from AND x.starts_at < :to
                      UNION ALL SELECT x.id FROM mentor_links l JOIN main.appointments x ON x.client_id = l.client_id
                      WHERE l.mentor_id = :who AND l.archived_at IS NULL AND (l.ends_on IS NULL OR l.ends_on > :today)
                        AND x.starts_at >= :from AND x.starts_at < :to)",
                    mentor_id.to_string(),
                )
            }
            CalendarOf::Caseworker { user_id } => {
                week.title = if user_id == self.actor.user_id {
                    "Your week".to_owned()
                } else {
                    let name = self.user_name(user_id)?;
                    format!("{}'s week", name.ok_or(Error::NotFound { entity: "user" })?)
                };
                (
                    "(a.planned_user_id = :who OR a.client_id IN (SELECT c.id FROM main.clients c WHERE c.caseworker_id = :who))",
                    user_id.to_string(),
                )
            }
            CalendarOf::Client { client_id } => {
                week.title = format!("{}'s appointments", self.client_fields(client_id)?.display_name());
                ("a.client_id = :who", client_id.to_string())
            }
            CalendarOf::Team { team_id: Some(t) } => {
                let name = self.teams()?.into_iter().find(|x| x.id == t).map(|x| x.fields.name);
                week.title = name.ok_or(Error::NotFound { entity: "team" })?;
                ("a.client_id IN (SELECT c.id FROM main.clients c WHERE c.team_id = :who)", t.to_string())
            }
            CalendarOf::Team { team_id: None } => {
                week.title =
                    if self.actor.role == Role::Manager { "Everyone" } else { "Everyone you support" }
                        .to_owned();
                (":who = :who", String::new())
            }
        };
        // One mentor's, one caseworker's or one person's week is a few dozen appointments, found by
        // their own index and sorted once found: `+` keeps SQLite from reading everyone's week by
        // date (a hundred thousand appointments at a million clients) and testing each.
        let one = !matches!(of, CalendarOf::Team { .. });
        let range = if one {
            "+a.starts_at >= :from AND +a.starts_at < :to"
        } else {
            "a.starts_at >= :from AND a.starts_at < :to"
        };
        let where_sql = format!("WHERE {LIVE} AND {range} AND {filter}");
        let (f, t) = (from.to_string(), to.to_string());
        // Ids are stored as their bytes; everyone's week binds nothing (`:who = :who`).
        let who = if who.is_empty() { Vec::new() } else { crate::ids::key(&who)?.to_vec() };
        let mut p: Vec<(&str, &dyn ToSql)> = vec![(":from", &f), (":to", &t), (":who", &who)];
        if matches!(of, CalendarOf::Mentor { .. }) {
            p.push((":today", &today));
        }
        let order = crate::scope::order_for(one, "a.starts_at, a.id");
        let list = crate::today::agenda_limited(self, &where_sql, &order, &p, WEEK_LIMIT)?;
        week.items = list.items;
        week.total = list.total;
        Ok(week)
    }
}

/// What needs attention soon. Past appointments with no outcome are not here: Today lists them with
/// a way to record each, and counting everyone's for a manager was a third of this at a million
/// clients.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Attention {
    /// The day (London).
    pub date: Date,
    /// Tomorrow's appointments that someone is going to: for a mentor, theirs; for a caseworker, the
    /// ones they go to and their caseload's.
    pub tomorrow: Counted<AgendaItem>,
    /// Appointments in the next 14 days that nobody is going with: none planned, or someone needed
    /// and nobody named. For a mentor, their linked people's; for a caseworker, their caseload's.
    pub nobody_going: Counted<AgendaItem>,
}

/// A desktop notification, already in the words it shows. It names a person by first name and
/// initial only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Reminder {
    /// The same reminder has the same key, so it is shown once.
    pub key: String,
    /// The heading.
    pub title: String,
    /// The sentence.
    pub body: String,
}

impl Reader<'_> {
    /// The "needs attention" list for `today`, as the acting user should see it.
    pub fn needs_attention(&self, today: Date) -> Result<Attention> {
        crate::authz::read(self.actor, Entity::Appointment)?;
        let day = |n: u64| Timestamp::london_midnight(today.checked_add_days(Days::new(n)).unwrap_or(today));
        let (tomorrow, after, fortnight) = (day(1).to_string(), day(2).to_string(), day(15).to_string());
        let now = Timestamp::now().to_string();
        // As stored; no mentor is empty bytes, which no appointment's mentor is.
        let who: Vec<u8> = match self.actor.role {
            Role::PeerMentor => self.actor.mentor_id.map(|m| m.0.as_bytes().to_vec()).unwrap_or_default(),
            _ => self.actor.user_id.0.as_bytes().to_vec(),
        };
        let mine = match self.actor.role {
            Role::PeerMentor => "a.planned_mentor_id = :who",
            // A caseworker's scope is their caseload and the people shared with them: exactly theirs.
            Role::Caseworker | Role::Manager => ":who = :who",
        };
        let agenda = |w: &str, order: &str, p: &[(&str, &dyn ToSql)]| {
            crate::today::agenda_limited(self, &format!("WHERE {w}"), order, p, 50)
        };
        let tomorrow_list = agenda(
            &format!(
                "{LIVE} AND a.starts_at >= :t AND a.starts_at < :a AND a.planned_accompaniment <> 'none' AND {mine}"
            ),
            "a.starts_at, a.id",
            &[(":t", &tomorrow), (":a", &after), (":who", &who)],
        )?;
        // A mentor sees their linked people's (scope gives exactly those): they may offer to go.
        let mine_or_linked = if self.actor.role == Role::PeerMentor { ":who = :who" } else { mine };
        let nobody = agenda(
            &format!(
                "{LIVE} AND a.starts_at >= :now AND a.starts_at < :end AND a.outcome = 'not_recorded'
                 AND (a.planned_accompaniment = 'none'
                   OR (a.planned_accompaniment = 'caseworker' AND a.planned_user_id IS NULL)
                   OR (a.planned_accompaniment = 'peer_mentor' AND a.planned_mentor_id IS NULL))
                 AND {mine_or_linked}"
            ),
            "a.starts_at, a.id",
            &[(":now", &now), (":end", &fortnight), (":who", &who)],
        )?;
        Ok(Attention { date: today, tomorrow: tomorrow_list, nobody_going: nobody })
    }

    /// The reminders due for the acting user: tomorrow's appointments they are going to, and (for
    /// a mentor or a caseworker) appointments in the next two days that need someone and have nobody.
    pub fn reminders(&self, today: Date) -> Result<Vec<Reminder>> {
        let att = self.needs_attention(today)?;
        let mut out = Vec::new();
        let me_going = |a: &AppointmentFields| match a.planned_accompaniment {
            Accompaniment::PeerMentor => {
                a.planned_mentor_id.is_some() && a.planned_mentor_id == self.actor.mentor_id
            }
            Accompaniment::Caseworker => a.planned_user_id == Some(self.actor.user_id),
            Accompaniment::None => false,
        };
        for item in &att.tomorrow.items {
            let a = &item.appointment;
            if !me_going(&a.fields) {
                continue;
            }
            let who = short_name(&self.client_fields(a.fields.client_id)?);
            out.push(Reminder {
                key: format!("going:{}:{}", a.id, a.fields.starts_at),
                title: format!("Tomorrow at {}", clock(a.fields.starts_at)),
                body: format!("You are going with {who} to an appointment."),
            });
        }
        if self.actor.role != Role::Manager {
            let soon = Timestamp::london_midnight(today.checked_add_days(Days::new(2)).unwrap_or(today));
            for item in att.nobody_going.items.iter().filter(|i| i.appointment.fields.starts_at < soon) {
                let a = &item.appointment;
                let c = self.client_fields(a.fields.client_id)?;
                let when = if a.fields.starts_at.london_date() == today { "today" } else { "tomorrow" };
                out.push(Reminder {
                    key: format!("nobody:{}:{}", a.id, a.fields.starts_at),
                    title: "Nobody is going with them".to_owned(),
                    body: format!(
                        "{} has an appointment {when} at {} and nobody is going with them.",
                        short_name(&c),
                        clock(a.fields.starts_at)
                    ),
                });
            }
        }
        Ok(out)
    }
}

impl Tx<'_> {
    /// Moves an appointment to another time, keeping it the same appointment (a calendar file
    /// updates the event rather than adding one). One that has happened or been cancelled stays put.
    pub fn move_appointment(
        &mut self,
        id: AppointmentId,
        starts_at: Timestamp,
        ends_at: Option<Timestamp>,
    ) -> Result<crate::model::appointments::Appointment> {
        let cur = self.reader().appointment(id)?;
        if cur.fields.outcome != Outcome::NotRecorded || cur.fields.rescheduled_to.is_some() {
            return Err(Error::invalid(
                "starts_at",
                "This appointment has an outcome recorded or was cancelled, so it cannot be moved.",
            ));
        }
        if let Some(end) = ends_at {
            if end < starts_at {
                return Err(Error::invalid("ends_at", "An appointment cannot end before it starts."));
            }
        }
        self.update::<AppointmentFields>(
            id,
            AppointmentPatch { starts_at: Some(starts_at), ends_at: Some(ends_at), ..Default::default() },
        )
    }
}
