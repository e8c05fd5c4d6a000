//! Computing the summary: a handful of queries over the acting person's scoped views, each reading
//! one month (or the trend's twelve) through a date index, and the counting done in Rust where a
//! figure needs more than SQL says plainly (new against reopened, age at the month's end, releases
//! followed up within days).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::ToSql;

use super::{
    AppointmentFigures, Audience, Breakdown, ClientFigures, ContactFigures, EqualityFigures, Figure,
    MentoringFigures, MissingDevice, MonthlySummary, OutcomeFigures, Part, Rate, ReferralFigures,
    ReleaseFigures, ScopeLabel, TrendMonth,
};
use crate::enums::{
    Accompaniment, CloseReason, ClosedSet, ContactKind, Disability, DnaReason, EthnicGroup, Ethnicity,
    Gender, Outcome, Role, ServiceType,
};
use crate::ids::{IdText, TeamId, UserId};
use crate::store::{Actor, Reader, Store};
use crate::time::{Date, Timestamp, london_month_bounds, years_between};
use crate::{Error, Result};

/// Whose clients a summary covers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum ReportScope {
    /// Everyone the acting person may see (a manager: the organisation).
    Organisation,
    /// The clients of one team.
    Team(TeamId),
    /// One caseworker's caseload.
    Caseworker(UserId),
}

/// What to summarise.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct ReportRequest {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Whose clients.
    pub scope: ReportScope,
    /// Internal or external.
    pub audience: super::Audience,
}

/// One London calendar month.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Month {
    pub(crate) first: Date,
    pub(crate) last: Date,
    pub(crate) start: Timestamp,
    pub(crate) end: Timestamp,
}

impl Month {
    pub(crate) fn of(first: Date) -> Result<Month> {
        let (start, end) = london_month_bounds(first.year(), first.month())
            .ok_or_else(|| Error::invalid("month", "That month is not a real month."))?;
        let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
        Ok(Month { first, last: next.pred_opt().unwrap_or(first), start, end })
    }

    pub(crate) fn code(&self) -> String {
        self.first.format("%Y-%m").to_string()
    }

    fn back(&self, n: u32) -> Result<Month> {
        Month::of(self.first.checked_sub_months(Months::new(n)).unwrap_or(self.first))
    }
}

/// Parses `YYYY-MM`.
pub(crate) fn parse_month(text: &str) -> Result<Month> {
    let bad = || {
        Error::invalid("month", format!("'{text}' is not a month. Write it as year and month, like 2026-10."))
    };
    let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    Month::of(NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?)
}

/// The requested scope as SQL: `{scope}`, a condition on a client row `c`, and `{in_scope}`, a test
/// of a `client_id` column. The second lets a count over appointments or contacts skip a join per
/// row: the organisation's test only excludes the few archived clients.
pub(crate) struct Scope {
    cond: &'static str,
    members: &'static str,
    /// The team's or caseworker's id, as stored.
    id: Option<[u8; 16]>,
}

impl Scope {
    pub(crate) fn of(s: &ReportScope) -> Scope {
        match s {
            ReportScope::Organisation => Scope {
                cond: "c.archived_at IS NULL",
                members: "NOT IN (SELECT c.id FROM clients c WHERE c.archived_at IS NOT NULL)",
                id: None,
            },
            ReportScope::Team(t) => Scope {
                cond: "c.archived_at IS NULL AND c.team_id = :scope",
                members: "IN (SELECT c.id FROM clients c WHERE c.archived_at IS NULL AND c.team_id = :scope)",
                id: Some(*t.0.as_bytes()),
            },
            ReportScope::Caseworker(u) => Scope {
                cond: "c.archived_at IS NULL AND c.caseworker_id = :scope",
                members: "IN (SELECT c.id FROM clients c WHERE c.archived_at IS NULL AND c.caseworker_id = :scope)",
                id: Some(*u.0.as_bytes()),
            },
        }
    }
}

/// Runs queries for one summary, binding only the parameters each one names.
pub(crate) struct Q<'r> {
    pub(crate) reader: &'r Reader<'r>,
    pub(crate) scope: Scope,
}

impl Q<'_> {
    pub(crate) fn rows<T>(
        &self,
        sql: &str,
        params: &[(&str, &dyn ToSql)],
        mut f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each(sql, params, |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `f` with each row, for counting in Rust what SQL would have to sort to group.
    pub(crate) fn each(
        &self,
        sql: &str,
        params: &[(&str, &dyn ToSql)],
        mut f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<()>,
    ) -> Result<()> {
        let sql = sql.replace("{scope}", self.scope.cond).replace("{in_scope}", self.scope.members);
        let conn = self.reader.conn()?;
        let mut st = conn.prepare_cached(&sql)?;
        let mut bound: Vec<(&str, &dyn ToSql)> =
            params.iter().filter(|(n, _)| sql.contains(n)).copied().collect();
        if let Some(id) = &self.scope.id {
            if sql.contains(":scope") {
                bound.push((":scope", id));
            }
        }
        let mut rows = st.query(bound.as_slice())?;
        while let Some(r) = rows.next()? {
            f(r)?;
        }
        Ok(())
    }

    pub(crate) fn one(&self, sql: &str, params: &[(&str, &dyn ToSql)]) -> Result<u64> {
        Ok(self
            .rows(sql, params, |r| r.get::<_, i64>(0))?
            .first()
            .map_or(0, |n| u64::try_from(*n).unwrap_or(0)))
    }
}

fn breakdown(key: &str, parts: Vec<(String, String, u64)>) -> Breakdown {
    let total: u64 = parts.iter().map(|(_, _, n)| n).sum();
    Breakdown {
        total: Figure::new(key, total),
        parts: parts
            .into_iter()
            .map(|(code, label, n)| Part { figure: Figure::new(format!("{key}.{code}"), n), code, label })
            .collect(),
    }
}

fn by_set<T: ClosedSet>(key: &str, counts: &HashMap<String, u64>, extra: &[(&str, &str)]) -> Breakdown {
    let mut parts: Vec<(String, String, u64)> = T::ALL
        .iter()
        .map(|v| (v.code().to_owned(), v.label().to_owned(), counts.get(v.code()).copied().unwrap_or(0)))
        .collect();
    for (code, label) in extra {
        parts.push(((*code).to_owned(), (*label).to_owned(), counts.get(*code).copied().unwrap_or(0)));
    }
    breakdown(key, parts)
}

pub(crate) fn rate(label: &str, numerator: Figure, denominator: Figure) -> Rate {
    let percent = match (numerator.value, denominator.value) {
        (Some(n), Some(d)) if d > 0 => Some((n as f64 * 1000.0 / d as f64).round() / 10.0),
        _ => None,
    };
    Rate { label: label.to_owned(), numerator, denominator, percent }
}

/// The age bands of the equality breakdown.
pub(crate) const AGE_BANDS: [(&str, &str); 7] = [
    ("under_18", "Under 18"),
    ("18_24", "18 to 24"),
    ("25_34", "25 to 34"),
    ("35_49", "35 to 49"),
    ("50_64", "50 to 64"),
    ("65_plus", "65 and over"),
    ("unknown", "Date of birth not recorded"),
];

pub(crate) fn age_band(born: Option<Date>, on: Date) -> &'static str {
    let Some(born) = born else { return "unknown" };
    match years_between(born, on) {
        ..18 => "under_18",
        18..=24 => "18_24",
        25..=34 => "25_34",
        35..=49 => "35_49",
        50..=64 => "50_64",
        _ => "65_plus",
    }
}

/// How an appointment starting in the month is counted in the outcome breakdown.
pub(crate) fn outcome_part(outcome: &str, moved: bool, past: bool) -> &'static str {
    if moved {
        return "moved";
    }
    match outcome {
        "attended" => "attended",
        "dna" => "dna",
        "late_not_seen" => "late_not_seen",
        "cancelled_by_patient" => "cancelled_by_patient",
        "cancelled_by_provider" => "cancelled_by_provider",
        _ if past => "not_recorded",
        _ => "to_come",
    }
}

pub(crate) const OUTCOME_PARTS: [(&str, &str); 8] = [
    ("attended", "Attended"),
    ("dna", "Did not attend"),
    ("late_not_seen", "Arrived late and not seen"),
    ("cancelled_by_patient", "Cancelled by the person"),
    ("cancelled_by_provider", "Cancelled by the service"),
    ("moved", "Moved to another time"),
    ("not_recorded", "In the past, nothing recorded yet"),
    ("to_come", "Still to come"),
];

/// Who was arranged to go with the person. Attendance is compared by what was arranged: when the
/// person does not come, nobody goes with them, so counting who actually went would count every
/// missed appointment as one they went to alone.
pub(crate) fn went_with(planned: &str) -> &'static str {
    match planned {
        "caseworker" => "caseworker",
        "peer_mentor" => "peer_mentor",
        _ => "none",
    }
}

impl Store {
    /// Forgets the summary kept from last time, so that the next is worked out from the records again
    /// (the report benchmark times both).
    pub fn forget_kept_summary(&self) {
        self.kept_summary.borrow_mut().take();
    }

    /// Runs `write`, which changes nothing a summary counts (the audit log's note that one was
    /// saved), and keeps the kept summary for what the database is after it.
    pub(crate) fn keeping_the_summary<T>(
        &mut self,
        write: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        let before = Stamp::of(self.conn())?;
        let out = write(self)?;
        let after = Stamp::of(self.conn())?;
        if let Some(kept) = self.kept_summary.get_mut().as_mut()
            && kept.stamp == before
            && after.data_version == before.data_version
        {
            kept.stamp = after;
        }
        Ok(out)
    }

    /// Whether `actor` may have the summary `request` asks for, without working it out: the app
    /// asks before it opens a Save window, so a refused request asks nothing.
    pub fn check_report_request(&self, actor: &Actor, request: &ReportRequest) -> Result<()> {
        let month = parse_month(&request.month)?;
        check_request(&self.reader(actor), actor, request, &month).map(|_| ())
    }

    /// The monthly summary `request` asks for, as `actor` may see it. Refuses a month in the future,
    /// one before the organisation existed, an unknown team or caseworker, and a scope the person may
    /// not report on.
    ///
    /// Shown again unchanged, from what was kept, when nothing has changed since (see [`KeptSummary`]).
    pub fn monthly_summary(&self, actor: &Actor, request: &ReportRequest) -> Result<MonthlySummary> {
        let month = parse_month(&request.month)?;
        let reader = self.reader(actor);
        let scope_label = check_request(&reader, actor, request, &month)?;
        let now = Timestamp::now();
        let key = SummaryKey {
            actor: actor.clone(),
            month: month.code(),
            scope: request.scope.clone(),
            day: crate::time::today_london(),
        };
        // A month that has ended, asked for again with nothing changed since: the figures kept.
        let closed = month.last < key.day;
        let before = Stamp::of(self.conn())?;
        if closed
            && let Some(kept) =
                self.kept_summary.borrow().as_ref().filter(|k| k.key == key && k.stamp == before)
        {
            let mut summary = kept.summary.clone();
            summary.produced_at = now;
            if request.audience == Audience::External {
                super::suppress::suppress(&mut summary);
            }
            return Ok(summary);
        }
        let q = Q { reader: &reader, scope: Scope::of(&request.scope) };
        let organisation: String =
            reader
                .conn()?
                .query_row("SELECT name FROM organisations ORDER BY id LIMIT 1", [], |r| r.get(0))?;
        let missing_devices = missing_devices(self, &month)?;
        let (client_figures, equality) = clients(&q, &month)?;
        let year = Year::load(&q, &month, &now)?;
        let mut summary = MonthlySummary {
            organisation,
            month: month.code(),
            month_name: month.first.format("%B %Y").to_string(),
            scope: scope_label,
            audience: Audience::Internal,
            produced_at: now,
            provisional: !missing_devices.is_empty(),
            missing_devices,
            clients: client_figures,
            contacts: contacts(&q, &month)?,
            appointments: appointments(year.in_month(11)),
            referrals: referrals(&q, &month, &year)?,
            gp_registrations: Figure::new(
                "gp_registrations",
                q.one(
                    "SELECT count(*) FROM clients c WHERE c.gp_registered_on BETWEEN :first AND :last AND {scope}",
                    &[(":first", &month.first), (":last", &month.last)],
                )?,
            ),
            releases: releases(&year.releases[11]),
            mentoring: mentoring(&q, &month, &year)?,
            outcomes: outcomes(&q, &month)?,
            equality,
            trend: trend(&q, &month, &year)?,
        };
        // Kept only if no other connection wrote while it was worked out; this connection cannot
        // have, and any temporary rows its scope wrote are counted into the stamp kept.
        let after = Stamp::of(self.conn())?;
        *self.kept_summary.borrow_mut() = (closed && after.data_version == before.data_version)
            .then(|| KeptSummary { key, stamp: after, summary: summary.clone() });
        if request.audience == Audience::External {
            super::suppress::suppress(&mut summary);
        }
        Ok(summary)
    }
}

/// The last internal summary worked out and what it was worked out from. Working one out at a large
/// charity reads a year of appointments (seconds, the first time after unlocking); showing the same
/// month again, for the other audience, or saving it as a file, reads nothing while nothing in the
/// database has changed. Only a month that has ended is kept, and only until midnight: the figures
/// of the month under way change as its appointments pass.
#[derive(Debug)]
pub(crate) struct KeptSummary {
    key: SummaryKey,
    stamp: Stamp,
    /// Before any suppression: the external summary is suppressed from it each time.
    summary: MonthlySummary,
}

/// Who asked for which month and scope, on which London day.
#[derive(Debug, PartialEq)]
struct SummaryKey {
    actor: Actor,
    month: String,
    scope: ReportScope,
    day: Date,
}

/// Whether the database has changed: rows this connection has written since it opened (every write,
/// sync included, goes through it), and SQLite's count of commits by any other connection.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Stamp {
    changes: u64,
    data_version: i64,
}

impl Stamp {
    fn of(conn: &rusqlite::Connection) -> Result<Stamp> {
        let data_version = conn.query_row("PRAGMA main.data_version", [], |r| r.get(0))?;
        Ok(Stamp { changes: conn.total_changes(), data_version })
    }
}

/// Checks the request against the person and the organisation; the scope in words.
pub(crate) fn check_request(
    reader: &Reader<'_>,
    actor: &Actor,
    request: &ReportRequest,
    month: &Month,
) -> Result<ScopeLabel> {
    if actor.role == Role::PeerMentor {
        return Err(Error::Forbidden { action: "see the monthly summary" });
    }
    let today = crate::time::today_london();
    if month.first > today {
        return Err(Error::invalid(
            "month",
            "That month has not started yet. Choose this month or an earlier one.",
        ));
    }
    let conn = reader.conn()?;
    let (org_name, founded): (String, String) =
        conn.query_row("SELECT name, created_at FROM organisations ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    // The organisation's records may begin before it started using the app (imported or seeded).
    let first_support: Option<Date> =
        conn.query_row("SELECT min(opened_on) FROM main.episodes", [], |r| r.get(0))?;
    let founded = founded.parse::<Timestamp>().map(|t| t.london_date()).unwrap_or(month.first);
    let founded = first_support.map_or(founded, |d| d.min(founded));
    if month.last < founded {
        return Err(Error::invalid(
            "month",
            format!(
                "{org_name}'s records begin in {}. Choose that month or a later one.",
                founded.format("%B %Y")
            ),
        ));
    }
    match &request.scope {
        ReportScope::Organisation => {
            if actor.role != Role::Manager {
                return Err(Error::invalid("scope", "You can report on your own caseload only."));
            }
            Ok(ScopeLabel { kind: "organisation".into(), id: None, name: org_name })
        }
        ReportScope::Team(t) => {
            if actor.role != Role::Manager {
                return Err(Error::invalid("scope", "You can report on your own caseload only."));
            }
            let name: Option<String> = conn
                .query_row(
                    "SELECT name FROM teams WHERE id = :id AND archived_at IS NULL",
                    rusqlite::named_params! {":id": t},
                    |r| r.get(0),
                )
                .ok();
            let name = name
                .ok_or_else(|| Error::invalid("scope", "There is no such team. Choose one from the list."))?;
            Ok(ScopeLabel { kind: "team".into(), id: Some(t.to_string()), name })
        }
        ReportScope::Caseworker(u) => {
            if actor.role != Role::Manager && *u != actor.user_id {
                return Err(Error::invalid("scope", "You can report on your own caseload only."));
            }
            let found: Option<(String, String)> = conn
                .query_row(
                    "SELECT display_name, role FROM users WHERE id = :id",
                    rusqlite::named_params! {":id": u},
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .ok();
            let Some((name, role)) = found else {
                return Err(Error::invalid(
                    "scope",
                    "There is no such caseworker. Choose one from the list.",
                ));
            };
            if role == Role::PeerMentor.code() {
                return Err(Error::invalid(
                    "scope",
                    "A peer mentor has no caseload to report on. Choose a caseworker.",
                ));
            }
            Ok(ScopeLabel {
                kind: "caseworker".into(),
                id: Some(u.to_string()),
                name: format!("{name}'s caseload"),
            })
        }
    }
}

/// Computers (other than this one, still trusted, joined before the month ended) whose last file
/// arrived here before the month's end: their work for the month may still be on its way.
fn missing_devices(store: &Store, month: &Month) -> Result<Vec<MissingDevice>> {
    let conn = store.conn();
    let mut st = conn.prepare_cached(
        "SELECT d.id, d.name, p.last_bundle_at FROM main.devices d LEFT JOIN peers p ON p.device_id = d.id
         WHERE d.id != :me AND d.revoked_at IS NULL AND d.archived_at IS NULL AND d.created_at < :end
           AND (d.claim IS NOT NULL OR EXISTS (SELECT 1 FROM main.ops o JOIN main.op_nodes n ON n.n = o.device WHERE n.id = d.id))
           AND (p.last_bundle_at IS NULL OR p.last_bundle_at < :end)
         ORDER BY d.name",
    )?;
    let rows = st.query_map(
        rusqlite::named_params! {":me": store.device_id(), ":end": month.end.to_string()},
        |r| Ok((r.get::<_, IdText>(0)?.0, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)),
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (device_id, name, last) = row?;
        out.push(MissingDevice { device_id, name, last_file_at: last.and_then(|t| t.parse().ok()) });
    }
    Ok(out)
}

/// Active, new, reopened and closed; and the equality breakdown of the active.
fn clients(q: &Q<'_>, m: &Month) -> Result<(ClientFigures, EqualityFigures)> {
    let p: [(&str, &dyn ToSql); 2] = [(":first", &m.first), (":last", &m.last)];
    type Active = (String, Option<String>, Option<String>, Option<String>, Option<Date>);
    let active: Vec<Active> = q.rows(
        "SELECT c.id, c.gender, c.ethnicity, c.disability, c.date_of_birth FROM clients c
         WHERE {scope} AND EXISTS (SELECT 1 FROM episodes e WHERE e.client_id = c.id AND e.archived_at IS NULL
           AND e.opened_on <= :last AND (e.closed_on IS NULL OR e.closed_on >= :first))",
        &p,
        |r| Ok((r.get::<_, IdText>(0)?.0, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let opened: Vec<(String, Date)> = q.rows(
        "SELECT e.client_id, (SELECT min(x.opened_on) FROM episodes x WHERE x.client_id = e.client_id AND x.archived_at IS NULL)
         FROM episodes e WHERE e.opened_on BETWEEN :first AND :last AND e.archived_at IS NULL AND e.client_id {in_scope}
         GROUP BY e.client_id",
        &p,
        |r| Ok((r.get::<_, IdText>(0)?.0, r.get(1)?)),
    )?;
    let new = opened.iter().filter(|(_, first)| *first >= m.first).count() as u64;
    let closed: HashMap<String, u64> = q
        .rows(
            "SELECT e.close_reason, count(*) FROM episodes e
             WHERE e.closed_on BETWEEN :first AND :last AND e.archived_at IS NULL AND e.client_id {in_scope}
             GROUP BY e.close_reason",
            &p,
            |r| Ok((r.get::<_, Option<String>>(0)?.unwrap_or_else(|| "other".into()), r.get::<_, i64>(1)?)),
        )?
        .into_iter()
        .map(|(k, n)| (k, u64::try_from(n).unwrap_or(0)))
        .collect();
    let mut gender: HashMap<String, u64> = HashMap::new();
    let mut ethnic: HashMap<String, u64> = HashMap::new();
    let mut age: HashMap<String, u64> = HashMap::new();
    let mut disability: HashMap<String, u64> = HashMap::new();
    for (_, g, e, d, born) in &active {
        *gender.entry(g.clone().unwrap_or_else(|| "not_recorded".into())).or_default() += 1;
        let group = match e.as_deref().map(str::parse::<Ethnicity>) {
            None => "not_recorded".to_owned(),
            Some(Ok(e)) => e.group().map_or_else(|| "not_stated".to_owned(), |g| g.code().to_owned()),
            Some(Err(_)) => "not_recorded".to_owned(),
        };
        *ethnic.entry(group).or_default() += 1;
        *age.entry(age_band(*born, m.last).to_owned()).or_default() += 1;
        *disability.entry(d.clone().unwrap_or_else(|| "not_recorded".into())).or_default() += 1;
    }
    let figures = ClientFigures {
        active: Figure::new("clients.active", active.len() as u64),
        new: Figure::new("clients.new", new),
        reopened: Figure::new("clients.reopened", opened.len() as u64 - new),
        closed: by_set::<CloseReason>("clients.closed", &closed, &[]),
    };
    let not_recorded = [("not_recorded", "Not recorded")];
    let mut equality = EqualityFigures {
        gender: by_set::<Gender>("clients.active.gender", &gender, &not_recorded),
        ethnic_group: by_set::<EthnicGroup>(
            "clients.active.ethnic_group",
            &ethnic,
            &[("not_stated", "Prefer not to say"), ("not_recorded", "Not recorded")],
        ),
        age_band: breakdown(
            "clients.active.age_band",
            AGE_BANDS
                .iter()
                .map(|(c, l)| ((*c).to_owned(), (*l).to_owned(), age.get(*c).copied().unwrap_or(0)))
                .collect(),
        ),
        disability: by_set::<Disability>("clients.active.disability", &disability, &not_recorded),
    };
    // Every breakdown of the active clients has the same whole.
    for b in
        [&mut equality.gender, &mut equality.ethnic_group, &mut equality.age_band, &mut equality.disability]
    {
        b.total = figures.active.clone();
    }
    Ok((figures, equality))
}

/// Support contacts in their latest version.
fn contacts(q: &Q<'_>, m: &Month) -> Result<ContactFigures> {
    let rows: Vec<(String, i64, i64)> = q.rows(
        "SELECT s.kind, count(*), coalesce(sum(s.minutes), 0) FROM support_contacts s
         WHERE s.contact_on BETWEEN :first AND :last AND s.client_id {in_scope} AND s.archived_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM support_contacts n WHERE n.supersedes_id = s.id AND n.archived_at IS NULL)
         GROUP BY s.kind",
        &[(":first", &m.first), (":last", &m.last)],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let counts: HashMap<String, u64> =
        rows.iter().map(|(k, n, _)| (k.clone(), u64::try_from(*n).unwrap_or(0))).collect();
    let minutes = rows.iter().map(|(_, _, m)| u64::try_from(*m).unwrap_or(0)).sum();
    Ok(ContactFigures { by_kind: by_set::<ContactKind>("contacts", &counts, &[]), minutes })
}

/// Appointments alike in everything the figures count, and how many there are.
pub(crate) struct Appt {
    /// Which of the year's months (0 to 11, the summary's month last).
    month: usize,
    outcome: String,
    moved: bool,
    past: bool,
    with: &'static str,
    mentor_went: bool,
    dna_reason: Option<String>,
    n: u64,
}

/// The year the summary and its trend need, read once: appointments counted by month and by all
/// they are counted by, referrals by the month they were first sent, and each month's releases
/// with their follow-up.
pub(crate) struct Year {
    months: Vec<Month>,
    appts: Vec<Appt>,
    /// (month, service type) of each referral first sent in the year.
    made: Vec<(usize, String)>,
    /// Each month's releases (whether a support contact followed, only in the summary's month).
    releases: Vec<Vec<Release>>,
}

impl Year {
    fn load(q: &Q<'_>, m: &Month, now: &Timestamp) -> Result<Year> {
        let months: Vec<Month> = (0..12).rev().map(|i| m.back(i)).collect::<Result<_>>()?;
        // Each appointment's month from its start against the months' bounds (London midnights). The
        // year's half a million appointments at 100,000 clients are counted here as they are read: a
        // GROUP BY sorted them all first, which took two thirds of the query.
        let bounds: Vec<String> =
            months.iter().map(|x| x.start.to_string()).chain(std::iter::once(m.end.to_string())).collect();
        let now = now.to_string();
        // The codes read (outcomes, who went, reasons) are few: each is kept once and counted by number.
        let mut codes: Vec<String> = Vec::new();
        let mut code = |v: &str| -> usize {
            codes.iter().position(|c| c == v).unwrap_or_else(|| {
                codes.push(v.to_owned());
                codes.len() - 1
            })
        };
        // (month, outcome, moved, planned, a mentor went, reason, past) and how many.
        type Key = (usize, usize, bool, usize, bool, Option<usize>, bool);
        let mut counts: HashMap<Key, u64> = HashMap::new();
        q.each(
            "SELECT a.starts_at, a.outcome, a.rescheduled_to IS NOT NULL, a.planned_accompaniment,
                    a.actual_accompaniment, a.dna_reason
             FROM appointments a
             WHERE a.starts_at >= :start AND a.starts_at < :end AND a.client_id {in_scope} AND a.archived_at IS NULL",
            &[(":start", &bounds[0]), (":end", &bounds[12])],
            |r| {
                let starts = r.get_ref(0)?.as_str()?;
                let planned = r.get_ref(3)?.as_str()?;
                let went = r.get_ref(4)?.as_str_or_null()?.unwrap_or(planned);
                let key = (
                    bounds[1..12].partition_point(|b| b.as_str() <= starts),
                    code(r.get_ref(1)?.as_str()?),
                    r.get(2)?,
                    code(planned),
                    went == "peer_mentor",
                    r.get_ref(5)?.as_str_or_null()?.map(&mut code),
                    starts < now.as_str(),
                );
                *counts.entry(key).or_default() += 1;
                Ok(())
            },
        )?;
        let appts: Vec<Appt> = counts
            .into_iter()
            .map(|((month, outcome, moved, planned, mentor_went, dna_reason, past), n)| Appt {
                month,
                outcome: codes[outcome].clone(),
                moved,
                with: went_with(&codes[planned]),
                mentor_went,
                dna_reason: dna_reason.map(|i| codes[i].clone()),
                past,
                n,
            })
            .collect();
        // A referral is made when it is first sent: `sent_on`, its earliest sending, kept on it by
        // 0015's triggers and indexed by 0031.
        let month_of = |d: Date| months.iter().position(|x| x.first <= d && d <= x.last);
        let made = q
            .rows(
                "SELECT r.service_type, r.sent_on FROM referrals r
                 WHERE r.sent_on BETWEEN :first AND :last AND r.archived_at IS NULL AND r.client_id {in_scope}",
                &[(":first", &months[0].first), (":last", &m.last)],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, Date>(1)?)),
            )?
            .into_iter()
            .filter_map(|(service, on)| Some((month_of(on)?, service)))
            .collect();
        let mut releases: Vec<Vec<Release>> = (0..12).map(|_| Vec::new()).collect();
        for r in releases_between(q, months[0].first, m.last, m.first)? {
            if let Some(i) = month_of(r.on) {
                releases[i].push(r);
            }
        }
        Ok(Year { months, appts, made, releases })
    }

    /// The appointment groups of month `i` (0 to 11).
    fn in_month(&self, i: usize) -> impl Iterator<Item = &Appt> + Clone {
        self.appts.iter().filter(move |a| a.month == i)
    }
}

/// The attendance rates of a set of appointments: overall, accompanied, alone, and by who went.
fn attendance<'a>(appts: impl Iterator<Item = &'a Appt>, key: &str) -> (Rate, Rate, Rate, Vec<Rate>) {
    // (attended, dna) by who went.
    let mut by: BTreeMap<&'static str, (u64, u64)> = BTreeMap::new();
    for a in appts.filter(|a| !a.moved) {
        let e = by.entry(a.with).or_default();
        match a.outcome.as_str() {
            "attended" => e.0 += a.n,
            "dna" => e.1 += a.n,
            _ => {}
        }
    }
    let get = |w: &str| by.get(w).copied().unwrap_or((0, 0));
    let sum = |ws: &[&str]| ws.iter().map(|w| get(w)).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let mk = |label: &str, part: &str, (att, dna): (u64, u64)| {
        rate(
            label,
            Figure::new(format!("{key}.attended.{part}"), att),
            Figure::new(format!("{key}.attended_or_dna.{part}"), att + dna),
        )
    };
    let all = sum(&["none", "caseworker", "peer_mentor"]);
    let overall = rate(
        "Attended, of those attended or missed",
        Figure::new(format!("{key}.attended"), all.0),
        Figure::new(format!("{key}.attended_or_dna"), all.0 + all.1),
    );
    let accompanied = mk("Someone went with them", "accompanied", sum(&["caseworker", "peer_mentor"]));
    let alone = mk("They went alone", "none", get("none"));
    let by_who = vec![
        mk(Accompaniment::Caseworker.label(), "caseworker", get("caseworker")),
        mk(Accompaniment::PeerMentor.label(), "peer_mentor", get("peer_mentor")),
        mk("Nobody", "none", get("none")),
    ];
    (overall, accompanied, alone, by_who)
}

fn appointments<'a>(appts: impl Iterator<Item = &'a Appt> + Clone) -> AppointmentFigures {
    let mut parts: HashMap<&str, u64> = HashMap::new();
    let mut dna: HashMap<String, u64> = HashMap::new();
    for a in appts.clone() {
        *parts.entry(outcome_part(&a.outcome, a.moved, a.past)).or_default() += a.n;
        if !a.moved && a.outcome == Outcome::Dna.code() {
            *dna.entry(a.dna_reason.clone().unwrap_or_else(|| "not_recorded".into())).or_default() += a.n;
        }
    }
    let (attendance, accompanied, unaccompanied, by_accompaniment) = attendance(appts, "appointments");
    let by_outcome = breakdown(
        "appointments",
        OUTCOME_PARTS
            .iter()
            .map(|(c, l)| ((*c).to_owned(), (*l).to_owned(), parts.get(c).copied().unwrap_or(0)))
            .collect(),
    );
    let awaiting_outcome =
        by_outcome.parts.iter().find(|p| p.code == "not_recorded").map(|p| p.figure.clone());
    let mut dna_reasons =
        by_set::<DnaReason>("appointments.dna.reason", &dna, &[("not_recorded", "Reason not recorded")]);
    // Did-not-attends are one part of the outcomes: the same count, the same key.
    if let Some(p) = by_outcome.parts.iter().find(|p| p.code == "dna") {
        dna_reasons.total = p.figure.clone();
    }
    AppointmentFigures {
        awaiting_outcome: awaiting_outcome.unwrap_or_else(|| Figure::new("appointments.not_recorded", 0)),
        by_outcome,
        attendance,
        accompanied,
        unaccompanied,
        by_accompaniment,
        dna_reasons,
    }
}

/// Referrals sent, accepted, declined, and the wait to a first appointment.
fn referrals(q: &Q<'_>, m: &Month, year: &Year) -> Result<ReferralFigures> {
    let p: [(&str, &dyn ToSql); 2] = [(":first", &m.first), (":last", &m.last)];
    let mut made: HashMap<String, u64> = HashMap::new();
    for (_, service) in year.made.iter().filter(|(i, _)| *i == 11) {
        *made.entry(service.clone()).or_default() += 1;
    }
    let with_step = |status: &str| -> Result<u64> {
        q.one(
            &format!(
                "SELECT count(DISTINCT r.id) FROM referral_events ev JOIN referrals r ON r.id = ev.referral_id
                 WHERE ev.status = '{status}' AND ev.happened_on BETWEEN :first AND :last AND ev.archived_at IS NULL
                   AND r.client_id {{in_scope}} AND r.archived_at IS NULL"
            ),
            &p,
        )
    };
    let waits: Vec<i64> = q
        .rows(
            "SELECT r.sent_on, r.first_appointment_on FROM referrals r
             WHERE r.id IN (SELECT ev.referral_id FROM referral_events ev WHERE ev.status = 'first_appointment'
                 AND ev.happened_on BETWEEN :first AND :last AND ev.archived_at IS NULL)
               AND r.client_id {in_scope} AND r.archived_at IS NULL",
            &p,
            |r| Ok((r.get::<_, Option<Date>>(0)?, r.get::<_, Option<Date>>(1)?)),
        )?
        .into_iter()
        .filter_map(|(sent, first)| Some((first? - sent?).num_days()))
        .collect();
    let first_appointments = with_step("first_appointment")?;
    Ok(ReferralFigures {
        made: by_set::<ServiceType>("referrals.made", &made, &[]),
        accepted: Figure::new("referrals.accepted", with_step("accepted")?),
        declined: Figure::new("referrals.declined", with_step("declined")?),
        first_appointments: Figure::new("referrals.first_appointments", first_appointments),
        median_days_to_first_appointment: median(waits),
    })
}

pub(crate) fn median(mut v: Vec<i64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] as f64 } else { (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0 })
}

/// A release from custody and how it was followed up.
pub(crate) struct Release {
    /// The custody episode.
    pub(crate) id: String,
    /// The day of release.
    pub(crate) on: Date,
    /// An attended health appointment within 14 days (the day of release is day 0).
    pub(crate) seen: bool,
    /// A support contact within 2 days; `None` where it was not looked up (see [`releases_between`]).
    pub(crate) contacted: Option<bool>,
}

/// Releases from `first` to `last`, each with its follow-up, in two passes. First the releases, in
/// order of person, each from `contacts_from` on with whether a support contact followed (the trend
/// counts only who was seen; looking up a year's 33,700 releases' contacts at 100,000 clients was
/// 1.45 s of a summary whose file was not yet in memory). Then the attended appointments from the
/// first release's day to 15 days after the last, in order of time, each tried against its person's
/// releases: the pages the summary's own count of the year's appointments has just read, where
/// looking each release's appointments up in turn took about 1.4 s from a file not in memory.
pub(crate) fn releases_between(
    q: &Q<'_>,
    first: Date,
    last: Date,
    contacts_from: Date,
) -> Result<Vec<Release>> {
    let rows: Vec<(String, Vec<u8>, Date, Option<bool>)> = q.rows(
        "SELECT k.id, k.client_id, k.released_on,
                CASE WHEN k.released_on >= :contacts_from THEN
                EXISTS (SELECT 1 FROM support_contacts s WHERE s.client_id = k.client_id
                   AND s.contact_on BETWEEN k.released_on AND date(k.released_on, '+2 days') AND s.archived_at IS NULL
                   AND NOT EXISTS (SELECT 1 FROM support_contacts n WHERE n.supersedes_id = s.id AND n.archived_at IS NULL))
                END
         FROM custody_episodes k
         WHERE k.released_on BETWEEN :first AND :last AND k.client_id {in_scope} AND k.archived_at IS NULL
         ORDER BY k.client_id",
        &[(":first", &first), (":last", &last), (":contacts_from", &contacts_from)],
        |r| Ok((r.get::<_, IdText>(0)?.0, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    // Seen: an attended appointment from London midnight on the day of release (day 0) until the
    // midnight that ends day 14.
    let window = |on: Date| {
        let until = on.checked_add_days(Days::new(15)).unwrap_or(on);
        (Timestamp::london_midnight(on).to_string(), Timestamp::london_midnight(until).to_string())
    };
    let mut releases = Vec::with_capacity(rows.len());
    let mut by_person: HashMap<Vec<u8>, Vec<(usize, String, String)>> = HashMap::new();
    for (i, (id, client, on, contacted)) in rows.into_iter().enumerate() {
        let (from, until) = window(on);
        by_person.entry(client).or_default().push((i, from, until));
        releases.push(Release { id, on, seen: false, contacted });
    }
    if !releases.is_empty() {
        let since = Timestamp::london_midnight(first).to_string();
        let (_, until) = window(last);
        q.each(
            "SELECT a.client_id, a.starts_at FROM appointments a
             WHERE a.starts_at >= :since AND a.starts_at < :until AND a.outcome = 'attended'
               AND a.archived_at IS NULL AND a.client_id {in_scope}",
            &[(":since", &since), (":until", &until)],
            |r| {
                let Some(theirs) = by_person.get(r.get_ref(0)?.as_blob()?) else { return Ok(()) };
                let starts = r.get_ref(1)?.as_str()?;
                for (i, from, until) in theirs {
                    if from.as_str() <= starts && starts < until.as_str() {
                        releases[*i].seen = true;
                    }
                }
                Ok(())
            },
        )?;
    }
    releases.sort_unstable_by(|a, b| (a.on, &a.id).cmp(&(b.on, &b.id)));
    Ok(releases)
}

/// A month's releases and their follow-up.
pub(crate) fn release_follow_up(q: &Q<'_>, m: &Month) -> Result<Vec<Release>> {
    releases_between(q, m.first, m.last, m.first)
}

fn releases(all: &[Release]) -> ReleaseFigures {
    let total = Figure::new("releases", all.len() as u64);
    let seen = all.iter().filter(|r| r.seen).count() as u64;
    let contacted = all.iter().filter(|r| r.contacted == Some(true)).count() as u64;
    ReleaseFigures {
        releases: total.clone(),
        seen_within_14_days: rate(
            "Attended a health appointment within 14 days",
            Figure::new("releases.seen_within_14_days", seen),
            total.clone(),
        ),
        contact_within_2_days: rate(
            "A support contact within 2 days",
            Figure::new("releases.contact_within_2_days", contacted),
            total,
        ),
    }
}

fn mentoring(q: &Q<'_>, m: &Month, year: &Year) -> Result<MentoringFigures> {
    let links = q.one(
        "SELECT count(*) FROM mentor_links l
         WHERE l.client_id {in_scope} AND l.archived_at IS NULL AND l.starts_on <= :last AND (l.ends_on IS NULL OR l.ends_on > :first)",
        &[(":first", &m.first), (":last", &m.last)],
    )?;
    let accompanied =
        year.in_month(11).filter(|a| !a.moved && a.outcome == "attended" && a.mentor_went).map(|a| a.n).sum();
    Ok(MentoringFigures {
        active_links: Figure::new("mentoring.active_links", links),
        accompanied_appointments: Figure::new("mentoring.accompanied_appointments", accompanied),
    })
}

/// One person's latest review of a questionnaire in the month, against their baseline.
pub(crate) struct Review {
    pub(crate) client_id: String,
    pub(crate) measure_id: String,
    pub(crate) taken_on: Date,
    pub(crate) total: u8,
    pub(crate) baseline: u8,
    pub(crate) improved: bool,
}

/// The reviews of a questionnaire in the month, one per person (their latest that month), in order
/// of person; a baseline taken in the month is not a review. The month's measures are read without
/// their people's records (a name is needed only to list them) and the latest chosen here, not by
/// sorting in SQL; then each person's baseline (their first reading) is looked up once. Looking it
/// up beside every reading of the month, twice (its id, then its total), was 1.5 s of a summary at
/// 100,000 clients whose file was not yet in memory.
pub(crate) fn reviews(q: &Q<'_>, m: &Month, scale: crate::enums::MeasureScale) -> Result<Vec<Review>> {
    let sc = crate::model::measures::scale_of(scale);
    // (taken on, recorded at, id, total) of each person's latest reading in the month.
    type Latest = (Date, String, String, i64);
    // By the person's id as stored, whose order is that of its text.
    let mut latest: BTreeMap<Vec<u8>, Latest> = BTreeMap::new();
    q.each(
        "SELECT x.client_id, x.taken_on, x.created_at, x.id, x.total
         FROM measures x
         WHERE x.client_id {in_scope} AND x.archived_at IS NULL AND x.scale = :scale
           AND x.taken_on BETWEEN :first AND :last",
        &[(":scale", &scale.code()), (":first", &m.first), (":last", &m.last)],
        |r| {
            let row: Latest = (r.get(1)?, r.get(2)?, r.get::<_, IdText>(3)?.0, r.get(4)?);
            match latest.get_mut(r.get_ref(0)?.as_blob()?) {
                Some(kept) if (&kept.0, &kept.1, &kept.2) >= (&row.0, &row.1, &row.2) => {}
                Some(kept) => *kept = row,
                None => {
                    latest.insert(r.get(0)?, row);
                }
            }
            Ok(())
        },
    )?;
    let mut out = Vec::with_capacity(latest.len());
    // Each person here came from the scoped query above.
    for (key, (taken_on, _, measure_id, total)) in latest {
        let first: Vec<(String, i64)> = q.rows(
            "SELECT b.id, b.total FROM measures b
             WHERE b.client_id = :client AND b.scale = :scale AND b.archived_at IS NULL
             ORDER BY b.taken_on, b.created_at, b.id LIMIT 1",
            &[(":client", &key), (":scale", &scale.code())],
            |r| Ok((r.get::<_, IdText>(0)?.0, r.get(1)?)),
        )?;
        let Some((baseline_id, baseline)) = first.into_iter().next() else { continue };
        if baseline_id == measure_id {
            continue;
        }
        let (total, baseline) = (u8::try_from(total).unwrap_or(0), u8::try_from(baseline).unwrap_or(0));
        let improved =
            crate::scales::progress(sc, baseline, total).change == crate::scales::Change::ReliableImprovement;
        out.push(Review {
            client_id: crate::oplog::id_text(&key)?,
            measure_id,
            taken_on,
            total,
            baseline,
            improved,
        });
    }
    Ok(out)
}

fn outcomes(q: &Q<'_>, m: &Month) -> Result<OutcomeFigures> {
    use crate::enums::MeasureScale::*;
    let one = |scale: crate::enums::MeasureScale, label: &str| -> Result<Rate> {
        let r = reviews(q, m, scale)?;
        let improved = r.iter().filter(|x| x.improved).count() as u64;
        let code = scale.code();
        Ok(rate(
            label,
            Figure::new(format!("outcomes.{code}.improved"), improved),
            Figure::new(format!("outcomes.{code}.reviewed"), r.len() as u64),
        ))
    };
    Ok(OutcomeFigures {
        phq9: one(Phq9, "PHQ-9: reliable improvement")?,
        gad7: one(Gad7, "GAD-7: reliable improvement")?,
        wellbeing: one(Wellbeing, "Wellbeing check: reliable improvement")?,
    })
}

/// The headline figures for the twelve months ending with `m`.
fn trend(q: &Q<'_>, m: &Month, year: &Year) -> Result<Vec<TrendMonth>> {
    let months = &year.months;
    let first = months[0];
    // Episodes overlapping the year, once; each month's active clients counted from them.
    let episodes: Vec<(String, Date, Option<Date>)> = q.rows(
        "SELECT e.client_id, e.opened_on, e.closed_on FROM episodes e
         WHERE e.client_id {in_scope} AND e.archived_at IS NULL AND e.opened_on <= :last
           AND (e.closed_on IS NULL OR e.closed_on >= :first)",
        &[(":first", &first.first), (":last", &m.last)],
        |r| Ok((r.get::<_, IdText>(0)?.0, r.get(1)?, r.get(2)?)),
    )?;
    let mut active: Vec<HashSet<&str>> = vec![HashSet::new(); 12];
    for (client, opened, closed) in &episodes {
        for (i, month) in months.iter().enumerate() {
            if *opened <= month.last && closed.is_none_or(|c| c >= month.first) {
                active[i].insert(client.as_str());
            }
        }
    }
    // (attended, dna) for (month, with/none), of appointments not moved.
    let mut att: Vec<[(u64, u64); 2]> = vec![[(0, 0); 2]; 12];
    for a in year.appts.iter().filter(|a| !a.moved) {
        if let Some(slot) = att.get_mut(a.month) {
            let e = &mut slot[usize::from(a.with == "none")];
            match a.outcome.as_str() {
                "attended" => e.0 += a.n,
                "dna" => e.1 += a.n,
                _ => {}
            }
        }
    }
    let mut made = [0u64; 12];
    for (i, _) in &year.made {
        made[*i] += 1;
    }
    let mut out = Vec::with_capacity(12);
    for (i, month) in months.iter().enumerate() {
        let code = month.code();
        let releases = &year.releases[i];
        let seen = releases.iter().filter(|r| r.seen).count() as u64;
        // The month itself uses the summary's own keys: the same quantity, hidden the same way.
        let k = |what: &str| if i == 11 { what.to_owned() } else { format!("trend.{code}.{what}") };
        let [(wa, wd), (na, nd)] = att[i];
        out.push(TrendMonth {
            month: code.clone(),
            active_clients: Figure::new(k("clients.active"), active[i].len() as u64),
            accompanied: rate(
                "Someone went with them",
                Figure::new(k("appointments.attended.accompanied"), wa),
                Figure::new(k("appointments.attended_or_dna.accompanied"), wa + wd),
            ),
            unaccompanied: rate(
                "They went alone",
                Figure::new(k("appointments.attended.none"), na),
                Figure::new(k("appointments.attended_or_dna.none"), na + nd),
            ),
            referrals_made: Figure::new(k("referrals.made"), made[i]),
            seen_within_14_days: rate(
                "Seen within 14 days of release",
                Figure::new(k("releases.seen_within_14_days"), seen),
                Figure::new(k("releases"), releases.len() as u64),
            ),
        });
    }
    Ok(out)
}
