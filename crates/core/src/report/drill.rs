//! The records behind a figure: a manager must be able to check every number.
//!
//! Each figure's key names what it counts (`appointments.dna`, `clients.active.age_band.25_34`,
//! `trend.2026-09.releases`…). [`Store::report_records`] lists those records, read by the same
//! rules and through the same scope as the count, so the list is as long as the number
//! (`tests/report.rs` checks this for every key of a summary).

use rusqlite::ToSql;

use super::compute::{
    Month, Q, ReportRequest, Scope, age_band, outcome_part, parse_month, release_follow_up, went_with,
};
use crate::enums::{ClosedSet, Ethnicity};
use crate::ids::IdText;
use crate::store::{Actor, Store};
use crate::time::{Date, Timestamp};
use crate::{Error, Result};

/// One record behind a figure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct DrillRow {
    /// The client it is about.
    pub client_id: String,
    /// Their name.
    pub client_name: String,
    /// What kind of record (`client`, `episode`, `appointment`, `support_contact`, `referral`,
    /// `custody_episode`, `mentor_link`).
    pub entity: String,
    /// The record's id.
    pub record_id: String,
    /// When (a date, or a time in UTC for appointments).
    pub when: String,
    /// What it is, in a few words.
    pub detail: String,
}

/// A page of the records behind a figure, and how many there are in all. The longest list, every
/// active client, is tens of thousands of records at a large charity (18 MB to send the page at
/// 100,000 clients, about two thirds of the time it took to show), where the page shows 200 at a time.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct DrillPage {
    /// How many records are behind the figure in all.
    #[ts(type = "number")]
    pub total: u64,
    /// Those from the page's start, in the same order as the whole list.
    pub rows: Vec<DrillRow>,
}

/// The most records one page may ask for.
pub const MAX_DRILL_PAGE: u64 = 1000;

const NAME: &str = "trim(coalesce(c.preferred_name, c.given_name, '') || ' ' || coalesce(c.family_name, ''))";

impl Store {
    /// The records behind the figure `key` of the summary `request` asks for, as `actor` may see
    /// them, in date order.
    pub fn report_records(&self, actor: &Actor, request: &ReportRequest, key: &str) -> Result<Vec<DrillRow>> {
        // The figure's own month: a trend key names it.
        let (month, key) = match key.strip_prefix("trend.") {
            Some(rest) => {
                let (m, k) = rest.split_once('.').ok_or_else(|| unknown(key))?;
                (parse_month(m)?, k)
            }
            None => (parse_month(&request.month)?, key),
        };
        let reader = self.reader(actor);
        super::compute::check_request(&reader, actor, request, &parse_month(&request.month)?)?;
        let q = Q { reader: &reader, scope: Scope::of(&request.scope) };
        let mut rows = rows_for(&q, &month, key)?;
        rows.sort_by(|a, b| (&a.when, &a.client_name).cmp(&(&b.when, &b.client_name)));
        Ok(rows)
    }

    /// At most `limit` of the records behind the figure `key`, from the `offset`th on, in the order
    /// of [`Store::report_records`], and how many there are in all.
    pub fn report_records_page(
        &self,
        actor: &Actor,
        request: &ReportRequest,
        key: &str,
        offset: u64,
        limit: u64,
    ) -> Result<DrillPage> {
        if limit == 0 || limit > MAX_DRILL_PAGE {
            return Err(Error::invalid(
                "limit",
                format!("Ask for between 1 and {MAX_DRILL_PAGE} records at a time."),
            ));
        }
        let all = self.report_records(actor, request, key)?;
        let total = all.len() as u64;
        let skip = usize::try_from(offset).unwrap_or(usize::MAX);
        let take = usize::try_from(limit).unwrap_or(usize::MAX);
        Ok(DrillPage { total, rows: all.into_iter().skip(skip).take(take).collect() })
    }
}

fn unknown(key: &str) -> Error {
    Error::invalid("figure", format!("'{key}' is not a figure of the monthly summary."))
}

fn row(r: &rusqlite::Row<'_>, entity: &str) -> rusqlite::Result<DrillRow> {
    Ok(DrillRow {
        client_id: r.get::<_, IdText>(0)?.0,
        client_name: r.get(1)?,
        entity: entity.to_owned(),
        record_id: r.get::<_, IdText>(2)?.0,
        when: r.get(3)?,
        detail: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
    })
}

fn rows_for(q: &Q<'_>, m: &Month, key: &str) -> Result<Vec<DrillRow>> {
    let parts: Vec<&str> = key.split('.').collect();
    let p: [(&str, &dyn ToSql); 2] = [(":first", &m.first), (":last", &m.last)];
    match parts.as_slice() {
        ["clients", "active", rest @ ..] => {
            type Active = (DrillRow, Option<String>, Option<String>, Option<String>, Option<Date>);
            let all: Vec<Active> = q.rows(
                &format!(
                    "SELECT c.id, {NAME}, c.id, (SELECT min(e.opened_on) FROM episodes e WHERE e.client_id = c.id AND e.archived_at IS NULL), NULL,
                            c.gender, c.ethnicity, c.disability, c.date_of_birth FROM clients c
                     WHERE {{scope}} AND EXISTS (SELECT 1 FROM episodes e WHERE e.client_id = c.id AND e.archived_at IS NULL
                       AND e.opened_on <= :last AND (e.closed_on IS NULL OR e.closed_on >= :first))"
                ),
                &p,
                |r| Ok((row(r, "client")?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?)),
            )?;
            let keep = |g: &Option<String>, e: &Option<String>, d: &Option<String>, born: &Option<Date>| -> Result<bool> {
                Ok(match rest {
                    [] => true,
                    ["gender", code] => g.as_deref().unwrap_or("not_recorded") == *code,
                    ["ethnic_group", code] => {
                        let group = match e.as_deref().map(str::parse::<Ethnicity>) {
                            Some(Ok(e)) => e.group().map_or("not_stated", |g| g.code()),
                            _ => "not_recorded",
                        };
                        group == *code
                    }
                    ["age_band", code] => age_band(*born, m.last) == *code,
                    ["disability", code] => d.as_deref().unwrap_or("not_recorded") == *code,
                    _ => return Err(unknown(key)),
                })
            };
            let mut out = Vec::new();
            for (r, g, e, d, born) in all {
                if keep(&g, &e, &d, &born)? {
                    out.push(DrillRow { detail: "Support open in the month".into(), ..r });
                }
            }
            Ok(out)
        }
        ["clients", which @ ("new" | "reopened")] => {
            let opened: Vec<(DrillRow, Date)> = q.rows(
                &format!(
                    "SELECT c.id, {NAME}, e.id, e.opened_on, NULL,
                            (SELECT min(x.opened_on) FROM episodes x WHERE x.client_id = c.id AND x.archived_at IS NULL)
                     FROM clients c JOIN episodes e ON e.client_id = c.id AND e.archived_at IS NULL AND e.opened_on BETWEEN :first AND :last
                     WHERE {{scope}} AND e.id = (SELECT y.id FROM episodes y WHERE y.client_id = c.id AND y.archived_at IS NULL
                       AND y.opened_on BETWEEN :first AND :last ORDER BY y.opened_on, y.id LIMIT 1)"
                ),
                &p,
                |r| Ok((row(r, "episode")?, r.get(5)?)),
            )?;
            Ok(opened
                .into_iter()
                .filter(|(_, first)| (*first >= m.first) == (*which == "new"))
                .map(|(r, _)| DrillRow {
                    detail: if *which == "new" { "First support opened".into() } else { "Support opened again".into() },
                    ..r
                })
                .collect())
        }
        ["clients", "closed", rest @ ..] => q.rows(
            &format!(
                "SELECT c.id, {NAME}, e.id, e.closed_on, coalesce(e.close_reason, 'other') FROM episodes e JOIN clients c ON c.id = e.client_id
                 WHERE {{scope}} AND e.archived_at IS NULL AND e.closed_on BETWEEN :first AND :last {}",
                filter_code(rest, "coalesce(e.close_reason, 'other')")?
            ),
            &with_code(&p, rest),
            |r| row(r, "episode"),
        ),
        ["contacts", rest @ ..] => q.rows(
            &format!(
                "SELECT c.id, {NAME}, s.id, s.contact_on, s.kind FROM support_contacts s JOIN clients c ON c.id = s.client_id
                 WHERE {{scope}} AND s.archived_at IS NULL AND s.contact_on BETWEEN :first AND :last
                   AND NOT EXISTS (SELECT 1 FROM support_contacts n WHERE n.supersedes_id = s.id AND n.archived_at IS NULL) {}",
                filter_code(rest, "s.kind")?
            ),
            &with_code(&p, rest),
            |r| row(r, "support_contact"),
        ),
        ["appointments", rest @ ..] => appointments(q, m, rest, key),
        ["referrals", "made", rest @ ..] => q.rows(
            &format!(
                "SELECT c.id, {NAME}, r.id, r.sent_on, r.service_type
                 FROM referrals r JOIN clients c ON c.id = r.client_id
                 WHERE {{scope}} AND r.archived_at IS NULL AND r.sent_on BETWEEN :first AND :last {}",
                filter_code(rest, "r.service_type")?
            ),
            &with_code(&p, rest),
            |r| row(r, "referral"),
        ),
        ["referrals", step @ ("accepted" | "declined" | "first_appointments")] => {
            let status = if *step == "first_appointments" { "first_appointment" } else { step };
            q.rows(
                &format!(
                    "SELECT c.id, {NAME}, r.id, min(ev.happened_on), r.service_type FROM referrals r JOIN clients c ON c.id = r.client_id
                     JOIN referral_events ev ON ev.referral_id = r.id AND ev.archived_at IS NULL
                     WHERE {{scope}} AND r.archived_at IS NULL AND ev.status = '{status}' AND ev.happened_on BETWEEN :first AND :last
                     GROUP BY r.id"
                ),
                &p,
                |r| row(r, "referral"),
            )
        }
        ["gp_registrations"] => q.rows(
            &format!(
                "SELECT c.id, {NAME}, c.id, c.gp_registered_on, c.gp_practice FROM clients c
                 WHERE {{scope}} AND c.gp_registered_on BETWEEN :first AND :last"
            ),
            &p,
            |r| row(r, "client"),
        ),
        ["releases", rest @ ..] => {
            let follow = release_follow_up(q, m)?;
            let keep = |seen: bool, contacted: bool| -> Result<bool> {
                Ok(match rest {
                    [] => true,
                    ["seen_within_14_days"] => seen,
                    ["contact_within_2_days"] => contacted,
                    _ => return Err(unknown(key)),
                })
            };
            let mut out = Vec::new();
            for super::compute::Release { id, on, seen, contacted } in follow {
                if !keep(seen, contacted == Some(true))? {
                    continue;
                }
                let mut r = q.rows(
                    &format!(
                        "SELECT c.id, {NAME}, k.id, k.released_on, k.establishment FROM custody_episodes k JOIN clients c ON c.id = k.client_id
                         WHERE k.id = :id"
                    ),
                    &[(":id", &crate::ids::key(&id)?)],
                    |r| row(r, "custody_episode"),
                )?;
                if let Some(mut one) = r.pop() {
                    one.when = on.to_string();
                    out.push(one);
                }
            }
            Ok(out)
        }
        ["mentoring", "active_links"] => q.rows(
            &format!(
                "SELECT c.id, {NAME}, l.id, l.starts_on, (SELECT display_name FROM peer_mentors pm WHERE pm.id = l.mentor_id)
                 FROM mentor_links l JOIN clients c ON c.id = l.client_id
                 WHERE {{scope}} AND l.archived_at IS NULL AND l.starts_on <= :last AND (l.ends_on IS NULL OR l.ends_on > :first)"
            ),
            &p,
            |r| row(r, "mentor_link"),
        ),
        ["mentoring", "accompanied_appointments"] => q.rows(
            &format!(
                "SELECT c.id, {NAME}, a.id, a.starts_at, a.service_type FROM appointments a JOIN clients c ON c.id = a.client_id
                 WHERE {{scope}} AND a.archived_at IS NULL AND a.rescheduled_to IS NULL AND a.starts_at >= :start AND a.starts_at < :end
                   AND a.outcome = 'attended' AND coalesce(a.actual_accompaniment, a.planned_accompaniment) = 'peer_mentor'"
            ),
            &[(":start", &m.start.to_string()), (":end", &m.end.to_string())],
            |r| row(r, "appointment"),
        ),
        ["outcomes", scale, which @ ("reviewed" | "improved")] => {
            let scale = <crate::enums::MeasureScale as ClosedSet>::parse_for("figure", scale)?;
            // The names of everyone with a reading of this scale in the month, in one query.
            let names: std::collections::HashMap<String, String> = q
                .rows(
                    &format!(
                        "SELECT DISTINCT c.id, {NAME} FROM measures x JOIN clients c ON c.id = x.client_id
                         WHERE {{scope}} AND x.archived_at IS NULL AND x.scale = :scale AND x.taken_on BETWEEN :first AND :last"
                    ),
                    &[(":scale", &scale.code()), (":first", &m.first), (":last", &m.last)],
                    |r| Ok((r.get::<_, IdText>(0)?.0, r.get(1)?)),
                )?
                .into_iter()
                .collect();
            Ok(super::compute::reviews(q, m, scale)?
                .into_iter()
                .filter(|r| *which == "reviewed" || r.improved)
                .map(|r| DrillRow {
                    client_name: names.get(&r.client_id).cloned().unwrap_or_default(),
                    client_id: r.client_id,
                    entity: "measure".into(),
                    record_id: r.measure_id,
                    when: r.taken_on.to_string(),
                    detail: format!("{} at the baseline, {} now", r.baseline, r.total),
                })
                .collect())
        }
        _ => Err(unknown(key)),
    }
}

/// `AND <column> = :code` for a breakdown's part, or nothing for its total.
fn filter_code(rest: &[&str], column: &str) -> Result<String> {
    match rest {
        [] => Ok(String::new()),
        [_] => Ok(format!("AND {column} = :code")),
        _ => Err(Error::invalid("figure", "That is not a figure of the monthly summary.")),
    }
}

fn with_code<'a>(p: &[(&'a str, &'a dyn ToSql)], rest: &'a [&'a str]) -> Vec<(&'a str, &'a dyn ToSql)> {
    let mut v = p.to_vec();
    if let [code] = rest {
        v.push((":code", code as &dyn ToSql));
    }
    v
}

fn appointments(q: &Q<'_>, m: &Month, rest: &[&str], key: &str) -> Result<Vec<DrillRow>> {
    let now = Timestamp::now().to_string();
    type Appt = (DrillRow, String, bool, Option<String>, String, Option<String>);
    let all: Vec<Appt> = q.rows(
        &format!(
            "SELECT c.id, {NAME}, a.id, a.starts_at, a.service_type, a.outcome, a.rescheduled_to IS NOT NULL,
                    a.actual_accompaniment, a.planned_accompaniment, a.dna_reason
             FROM appointments a JOIN clients c ON c.id = a.client_id
             WHERE {{scope}} AND a.archived_at IS NULL AND a.starts_at >= :start AND a.starts_at < :end"
        ),
        &[(":start", &m.start.to_string()), (":end", &m.end.to_string())],
        |r| Ok((row(r, "appointment")?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?)),
    )?;
    let who_matches = |who: &str, with: &str| match who {
        "accompanied" => with != "none",
        other => with == other,
    };
    let mut out = Vec::new();
    for (r, outcome, moved, _actual, planned, reason) in all {
        let past = r.when < now;
        let part = outcome_part(&outcome, moved, past);
        let with = went_with(&planned);
        let keep = match rest {
            [] => true,
            ["attended"] => part == "attended",
            ["attended", who] => part == "attended" && who_matches(who, with),
            ["attended_or_dna"] => matches!(part, "attended" | "dna"),
            ["attended_or_dna", who] => matches!(part, "attended" | "dna") && who_matches(who, with),
            ["dna", "reason"] => part == "dna",
            ["dna", "reason", code] => part == "dna" && reason.as_deref().unwrap_or("not_recorded") == *code,
            [code] if super::compute::OUTCOME_PARTS.iter().any(|(c, _)| c == code) => part == *code,
            _ => return Err(unknown(key)),
        };
        if keep {
            out.push(r);
        }
    }
    Ok(out)
}
