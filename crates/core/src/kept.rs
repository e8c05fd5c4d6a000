//! Whole-organisation totals the database keeps as records change (migration 0027).
//!
//! A manager sees everyone, so the total under their client list, task list and referral list, and
//! two of their Today figures, would otherwise be a count over every row: a third of a second each
//! at a million clients, however little changed. The database keeps these totals in `kept_counts`,
//! moved by triggers in the same transaction as the change, so a manager's count is one row read.
//! Only a manager's plain totals are answered this way: anyone else's count is of their own scope,
//! and any filter (a search, a status, a caseworker) is counted as before. A total is tied to the
//! exact queries it answers, so a query that changes stops using it rather than getting a wrong
//! figure; a test and `verify` check each total against a count of the rows.
//!
//! Today's other counts run up to a day or a moment that moves ("past appointments with no outcome",
//! "due today or earlier", "waiting more than 14 days", the appointments on today and this week), so
//! one number cannot answer them: those are kept per day in `kept_days` (migrations 0029 and 0030)
//! and answered by summing the days before the bound, a few hundred small rows instead of tens of
//! thousands of index entries. The referrals waiting at each service are kept per service.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, ToSql, named_params};

use crate::Result;
use crate::enums::Role;
use crate::store::Reader;

/// One kept total.
pub(crate) struct Kept {
    /// Its row in `kept_counts`.
    pub name: &'static str,
    /// The count it stands for, over the real table.
    pub recount: &'static str,
    /// The queries (as core writes them, over a manager's view of everyone) it answers.
    pub answers: &'static [&'static str],
}

/// Every kept total.
pub(crate) const KEPT: &[Kept] = &[
    Kept {
        name: "clients",
        recount: "SELECT count(*) FROM main.clients WHERE archived_at IS NULL",
        answers: &[
            "SELECT count(*) FROM clients c WHERE c.archived_at IS NULL",
            "SELECT count(*) FROM clients WHERE archived_at IS NULL",
        ],
    },
    Kept {
        name: "clients_open",
        recount: "SELECT count(*) FROM main.clients WHERE archived_at IS NULL AND support_open = 1",
        answers: &["SELECT count(*) FROM clients WHERE archived_at IS NULL AND support_open = 1"],
    },
    Kept {
        name: "clients_in_custody",
        recount: "SELECT count(*) FROM main.clients WHERE archived_at IS NULL AND justice_status = 'in_custody'",
        answers: &[
            "SELECT count(*) FROM clients WHERE archived_at IS NULL AND justice_status = 'in_custody'",
        ],
    },
    Kept {
        name: "tasks_open",
        recount: "SELECT count(*) FROM main.tasks WHERE archived_at IS NULL AND done_at IS NULL",
        answers: &["SELECT count(*) FROM tasks WHERE archived_at IS NULL AND done_at IS NULL"],
    },
    Kept {
        name: "referrals",
        recount: "SELECT count(*) FROM main.referrals WHERE archived_at IS NULL",
        answers: &[
            "SELECT count(*) FROM referrals r WHERE r.archived_at IS NULL",
            "SELECT count(*) FROM referrals WHERE archived_at IS NULL",
        ],
    },
    Kept {
        name: "appointments",
        recount: "SELECT count(*) FROM main.appointments WHERE archived_at IS NULL",
        answers: &["SELECT count(*) FROM appointments WHERE archived_at IS NULL"],
    },
    Kept {
        name: "support_contacts",
        recount: "SELECT count(*) FROM main.support_contacts WHERE archived_at IS NULL",
        answers: &["SELECT count(*) FROM support_contacts WHERE archived_at IS NULL"],
    },
];

/// A total kept day by day: on each day of a column, how many rows a condition holds for.
pub(crate) struct KeptByDay {
    /// Its rows in `kept_days`.
    pub name: &'static str,
    /// Each day's count over the real table: (day, n).
    pub recount: &'static str,
    /// For a total kept by the day of a UTC timestamp: the rows of the day `:day` before the
    /// moment `:moment`, counted through the same index as the query (at most a day's rows).
    pub part_day: Option<&'static str>,
    /// The queries (as core writes them, over a manager's view of everyone) it answers.
    pub answers: &'static [(&'static str, Upto)],
}

/// How a query's bound meets the kept days; each names the parameter holding it, and a query
/// answered has no other parameter.
pub(crate) enum Upto {
    /// Days before a date.
    Before(&'static str),
    /// Days up to and including a date.
    Through(&'static str),
    /// Before a moment (a UTC timestamp): the days before its day, and its day's rows before it.
    BeforeMoment(&'static str),
    /// From one moment (included) to another (not): what is before the second less what is
    /// before the first.
    Between(&'static str, &'static str),
}

impl Upto {
    fn params(&self) -> Vec<&'static str> {
        match *self {
            Upto::Before(p) | Upto::Through(p) | Upto::BeforeMoment(p) => vec![p],
            Upto::Between(a, b) => vec![a, b],
        }
    }
}

/// Every total kept by day.
pub(crate) const KEPT_BY_DAY: &[KeptByDay] = &[
    KeptByDay {
        name: "awaiting_outcome",
        recount: "SELECT substr(starts_at, 1, 10), count(*) FROM main.appointments
                  WHERE outcome = 'not_recorded' AND archived_at IS NULL GROUP BY 1",
        part_day: Some(
            "SELECT count(*) FROM appointments a WHERE a.outcome = 'not_recorded' AND a.archived_at IS NULL
             AND a.starts_at < :moment AND a.starts_at >= :day",
        ),
        answers: &[
            (
                "SELECT count(*) FROM appointments a WHERE a.outcome = 'not_recorded' AND a.archived_at IS NULL AND a.starts_at < :now",
                Upto::BeforeMoment(":now"),
            ),
            (
                "SELECT count(*) FROM appointments WHERE outcome = 'not_recorded' AND archived_at IS NULL AND starts_at >= :now AND starts_at < :week",
                Upto::Between(":now", ":week"),
            ),
        ],
    },
    KeptByDay {
        name: "live_appointments",
        recount: "SELECT substr(starts_at, 1, 10), count(*) FROM main.appointments
                  WHERE archived_at IS NULL AND rescheduled_to IS NULL
                  AND outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider') GROUP BY 1",
        part_day: Some(
            "SELECT count(*) FROM appointments a WHERE a.archived_at IS NULL AND a.rescheduled_to IS NULL
             AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider')
             AND a.starts_at < :moment AND a.starts_at >= :day",
        ),
        answers: &[
            (
                "SELECT count(*) FROM appointments a WHERE a.archived_at IS NULL AND a.rescheduled_to IS NULL AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider') AND a.starts_at >= :start AND a.starts_at < :tomorrow",
                Upto::Between(":start", ":tomorrow"),
            ),
            (
                "SELECT count(*) FROM appointments a WHERE a.archived_at IS NULL AND a.rescheduled_to IS NULL AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider') AND a.starts_at >= :tomorrow AND a.starts_at < :end",
                Upto::Between(":tomorrow", ":end"),
            ),
        ],
    },
    KeptByDay {
        name: "open_tasks",
        recount: "SELECT due_on, count(*) FROM main.tasks WHERE done_at IS NULL AND archived_at IS NULL GROUP BY 1",
        part_day: None,
        answers: &[(
            "SELECT count(*) FROM tasks WHERE done_at IS NULL AND archived_at IS NULL AND due_on <= :today",
            Upto::Through(":today"),
        )],
    },
    KeptByDay {
        name: "unfinished_referrals",
        recount: "SELECT last_step_on, count(*) FROM main.referrals WHERE archived_at IS NULL
                  AND status NOT IN ('declined', 'completed', 'closed_no_engagement')
                  AND last_step_on IS NOT NULL GROUP BY 1",
        part_day: None,
        answers: &[
            (
                "SELECT count(*) FROM referrals r WHERE r.archived_at IS NULL AND r.status NOT IN ('declined', 'completed', 'closed_no_engagement') AND r.last_step_on < :cutoff",
                Upto::Before(":cutoff"),
            ),
            (
                "SELECT count(*) FROM referrals WHERE archived_at IS NULL AND status NOT IN ('declined', 'completed', 'closed_no_engagement') AND last_step_on < :from",
                Upto::Before(":from"),
            ),
        ],
    },
];

/// The kept total that answers `sql` with `params` for this reader, if there is one: only for a
/// manager (whose views show every row), and only for a query it was made for.
pub(crate) fn answer(r: &Reader<'_>, sql: &str, params: &[(&str, &dyn ToSql)]) -> Result<Option<u64>> {
    if r.actor.role != Role::Manager {
        return Ok(None);
    }
    let sql = words(sql);
    if params.is_empty() {
        let Some(kept) = KEPT.iter().find(|k| k.answers.contains(&sql.as_str())) else {
            return Ok(None);
        };
        return Ok(stored(r.conn()?, kept.name)?.map(|n| u64::try_from(n).unwrap_or(0)));
    }
    let Some((kept, upto)) =
        KEPT_BY_DAY.iter().find_map(|k| k.answers.iter().find(|(q, _)| *q == sql).map(|(_, u)| (k, u)))
    else {
        return Ok(None);
    };
    let names = upto.params();
    if params.len() != names.len() {
        return Ok(None);
    }
    let mut bounds = Vec::new();
    for name in names {
        let Some((_, v)) = params.iter().find(|(n, _)| *n == name) else { return Ok(None) };
        let Some(v) = text(*v)? else { return Ok(None) };
        bounds.push(v);
    }
    let conn = r.conn()?;
    let sum = |op: &str, day: &str| -> Result<i64> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT coalesce(sum(n), 0) FROM main.kept_days WHERE name = :name AND day {op} :day"
            ))?
            .query_row(named_params! {":name": kept.name, ":day": day}, |row| row.get(0))?)
    };
    // What is before a moment: whole days from the kept rows, the moment's own day row by row.
    let before_moment = |moment: &str| -> Result<Option<i64>> {
        let (Some(day), Some(part_day)) = (moment.get(..10), kept.part_day) else { return Ok(None) };
        let part: i64 = conn
            .prepare_cached(part_day)?
            .query_row(named_params! {":moment": moment, ":day": day}, |row| row.get(0))?;
        Ok(Some(sum("<", day)? + part))
    };
    let n = match (upto, bounds.as_slice()) {
        (Upto::Before(_), [d]) => sum("<", d)?,
        (Upto::Through(_), [d]) => sum("<=", d)?,
        (Upto::BeforeMoment(_), [m]) => match before_moment(m)? {
            Some(n) => n,
            None => return Ok(None),
        },
        (Upto::Between(..), [from, to]) => match (before_moment(from)?, before_moment(to)?) {
            (Some(a), Some(b)) => (b - a).max(0),
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    Ok(Some(u64::try_from(n).unwrap_or(0)))
}

/// The referrals waiting at each service (sent, and not yet at a first appointment or closed),
/// kept per service in `kept_counts` (migration 0030): for a manager only, whose count would
/// otherwise read every waiting referral in the organisation.
pub(crate) fn waiting_by_service(r: &Reader<'_>) -> Result<Option<Vec<(String, u32)>>> {
    if r.actor.role != Role::Manager {
        return Ok(None);
    }
    let kept = rows(r.conn()?, KEPT_WAITING, &[])?;
    Ok(Some(kept.into_iter().map(|(service, n)| (service, u32::try_from(n).unwrap_or(0))).collect()))
}

/// The kept numbers of referrals waiting, by service: rows of `kept_counts` named `waiting:` and the
/// hex digits of the service's id (migration 0033).
const KEPT_WAITING: &str = "SELECT unhex(substr(name, 9)), n FROM main.kept_counts WHERE name >= 'waiting:' AND name < 'waiting;' AND n <> 0";

/// Recounts the referrals waiting at each service, as [`waiting_by_service`] keeps them.
const WAITING_RECOUNT: &str = "SELECT service_id, count(*) AS n FROM main.referrals
    WHERE status IN ('sent', 'acknowledged', 'accepted') AND archived_at IS NULL AND service_id IS NOT NULL
    GROUP BY service_id";

/// (name or id, number) rows as a map, an id as its text.
fn rows(conn: &Connection, sql: &str, p: &[(&str, &dyn ToSql)]) -> Result<BTreeMap<String, i64>> {
    let mut st = conn.prepare(sql)?;
    let rows = st.query_map(p, |row| {
        let key = match row.get_ref(0)? {
            rusqlite::types::ValueRef::Blob(_) => row.get::<_, crate::ids::IdText>(0)?.0,
            _ => row.get::<_, String>(0)?,
        };
        Ok((key, row.get::<_, i64>(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A query's text with its white space made single spaces.
fn words(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text parameter's value.
fn text(v: &dyn ToSql) -> Result<Option<String>> {
    Ok(match v.to_sql()? {
        ToSqlOutput::Borrowed(ValueRef::Text(t)) => std::str::from_utf8(t).ok().map(str::to_owned),
        ToSqlOutput::Owned(Value::Text(t)) => Some(t),
        _ => None,
    })
}

/// The total kept under `name`, if the row is there.
fn stored(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT n FROM main.kept_counts WHERE name = :name")?
        .query_row(named_params! {":name": name}, |row| row.get(0))
        .optional()?)
}

/// Each kept total that differs from a count of its rows: (name, kept, counted).
pub(crate) fn wrong(conn: &Connection) -> Result<Vec<(String, i64, i64)>> {
    let mut out = Vec::new();
    for k in KEPT {
        let kept = stored(conn, k.name)?;
        let counted: i64 = conn.query_row(k.recount, [], |row| row.get(0))?;
        if kept != Some(counted) {
            out.push((k.name.to_owned(), kept.unwrap_or(-1), counted));
        }
    }
    let mut differ = |what: &str, kept: BTreeMap<String, i64>, counted: BTreeMap<String, i64>| {
        for key in kept.keys().chain(counted.keys()).collect::<BTreeSet<_>>() {
            let (a, b) = (kept.get(key).copied().unwrap_or(0), counted.get(key).copied().unwrap_or(0));
            if a != b {
                out.push((format!("{what} {key}"), a, b));
            }
        }
    };
    for k in KEPT_BY_DAY {
        let kept = rows(
            conn,
            "SELECT day, n FROM main.kept_days WHERE name = :name AND n <> 0",
            &[(":name", &k.name)],
        )?;
        differ(&format!("{} on", k.name), kept, rows(conn, k.recount, &[])?);
    }
    differ("referrals waiting at service", rows(conn, KEPT_WAITING, &[])?, rows(conn, WAITING_RECOUNT, &[])?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Page;
    use crate::model::referrals::ReferralFilter;
    use crate::time::{Timestamp, today_london};

    fn seeded() -> (tempfile::TempDir, crate::Store, crate::Actor) {
        let (dir, mut store, manager) = crate::store::test_store();
        let opts = crate::demo::SeedOptions { clients: 60, months: 3, seed: 3, today: today_london() };
        crate::demo::seed(&mut store, &manager, &opts, &mut |_, _| {}).unwrap();
        (dir, store, manager)
    }

    /// After records are added, changed, archived and removed, each kept total is what its queries
    /// count row by row, and the same as a count of the real table.
    #[test]
    fn every_kept_total_is_what_its_queries_count() {
        let (_dir, store, manager) = seeded();
        let conn = store.raw_connection_for_tests();
        conn.execute_batch(
            "UPDATE main.clients SET archived_at = '2026-01-01T00:00:00Z' WHERE rid IN (SELECT rid FROM main.clients LIMIT 3);
             UPDATE main.clients SET justice_status = 'in_custody' WHERE rid IN (SELECT rid FROM main.clients WHERE justice_status <> 'in_custody' LIMIT 4);
             UPDATE main.episodes SET closed_on = opened_on, close_reason = 'moved_away'
               WHERE id IN (SELECT id FROM main.episodes WHERE closed_on IS NULL LIMIT 5);
             UPDATE main.tasks SET done_at = '2026-01-02T00:00:00Z' WHERE id IN (SELECT id FROM main.tasks WHERE done_at IS NULL LIMIT 2);
             UPDATE main.referrals SET archived_at = '2026-01-01T00:00:00Z' WHERE id IN (SELECT id FROM main.referrals LIMIT 2);
             UPDATE main.appointments SET archived_at = '2026-01-01T00:00:00Z' WHERE id IN (SELECT id FROM main.appointments LIMIT 2);",
        )
        .unwrap();
        assert!(wrong(conn).unwrap().is_empty(), "{:?}", wrong(conn).unwrap());
        conn.execute_batch(
            "BEGIN;
             DELETE FROM main.support_contacts WHERE id IN (SELECT id FROM main.support_contacts LIMIT 3);
             DELETE FROM main.tasks WHERE id IN (SELECT id FROM main.tasks LIMIT 3);
             COMMIT;",
        )
        .unwrap();
        assert!(wrong(conn).unwrap().is_empty(), "{:?}", wrong(conn).unwrap());
        let reader = store.reader(&manager);
        let mut checked = 0;
        for k in KEPT {
            let kept = answer(&reader, k.answers[0], &[]).unwrap().unwrap();
            for sql in k.answers {
                let counted: i64 = reader.conn().unwrap().query_row(sql, [], |r| r.get(0)).unwrap();
                assert_eq!(kept, u64::try_from(counted).unwrap(), "{} for {sql}", k.name);
                checked += usize::from(counted > 0);
            }
        }
        assert!(checked >= 8, "only {checked} totals above nought");
    }

    /// After appointments, tasks and referrals are changed in every way that moves them in or out of
    /// a total kept by day, each query it answers gives what counting the rows gives, for bounds
    /// across the whole range of days.
    #[test]
    fn every_total_kept_by_day_is_what_its_queries_count() {
        let (_dir, store, manager) = seeded();
        let conn = store.raw_connection_for_tests();
        conn.execute_batch(
            "UPDATE main.appointments SET outcome = 'attended' WHERE id IN (SELECT id FROM main.appointments WHERE outcome = 'not_recorded' LIMIT 3);
             UPDATE main.appointments SET outcome = 'not_recorded' WHERE id IN (SELECT id FROM main.appointments WHERE outcome = 'cancelled_by_provider' LIMIT 3);
             UPDATE main.appointments SET starts_at = '2020-01-01T09:00:00Z', ends_at = NULL WHERE id IN (SELECT id FROM main.appointments WHERE outcome = 'not_recorded' LIMIT 2);
             UPDATE main.appointments SET archived_at = '2026-01-01T00:00:00Z' WHERE id IN (SELECT id FROM main.appointments WHERE outcome = 'not_recorded' LIMIT 2);
             UPDATE main.appointments SET outcome = 'cancelled_by_patient' WHERE id IN (SELECT id FROM main.appointments WHERE outcome = 'attended' LIMIT 2);
             UPDATE main.appointments SET rescheduled_to = (SELECT id FROM main.appointments ORDER BY starts_at DESC LIMIT 1)
               WHERE id IN (SELECT id FROM main.appointments WHERE rescheduled_to IS NULL AND outcome = 'not_recorded' ORDER BY starts_at LIMIT 2);
             UPDATE main.tasks SET due_on = '2020-01-02' WHERE id IN (SELECT id FROM main.tasks WHERE done_at IS NULL LIMIT 2);
             UPDATE main.tasks SET done_at = '2026-01-02T00:00:00Z' WHERE id IN (SELECT id FROM main.tasks WHERE done_at IS NULL LIMIT 2);
             UPDATE main.tasks SET archived_at = '2026-01-02T00:00:00Z' WHERE id IN (SELECT id FROM main.tasks WHERE done_at IS NULL LIMIT 1);
             UPDATE main.referrals SET status = 'completed' WHERE id IN (SELECT id FROM main.referrals WHERE status = 'sent' LIMIT 2);
             UPDATE main.referrals SET last_step_on = '2020-01-03' WHERE id IN (SELECT id FROM main.referrals WHERE status = 'sent' LIMIT 2);
             UPDATE main.referrals SET archived_at = '2026-01-01T00:00:00Z' WHERE id IN (SELECT id FROM main.referrals WHERE status = 'sent' LIMIT 1);
             BEGIN;
             DELETE FROM main.tasks WHERE id IN (SELECT id FROM main.tasks WHERE done_at IS NULL LIMIT 2);
             COMMIT;",
        )
        .unwrap();
        assert!(wrong(conn).unwrap().is_empty(), "{:?}", wrong(conn).unwrap());
        let reader = store.reader(&manager);
        let mut above_nought = 0;
        let bounds = ["2019-12-31", "2020-01-02", "2020-01-03", "2026-06-01T12:00:00Z"]
            .into_iter()
            .map(str::to_owned)
            .chain([Timestamp::now().to_string(), today_london().to_string()])
            .collect::<Vec<_>>();
        let moment = |b: &String| if b.len() == 10 { format!("{b}T08:30:00Z") } else { b.clone() };
        for k in KEPT_BY_DAY {
            for (sql, upto) in k.answers {
                for (i, bound) in bounds.iter().enumerate() {
                    let values = match upto {
                        Upto::Before(_) | Upto::Through(_) => vec![bound[..10].to_owned()],
                        Upto::BeforeMoment(_) => vec![moment(bound)],
                        // From this bound to each later one, and to a week on.
                        Upto::Between(..) => vec![moment(bound), moment(&bounds[(i + 2) % bounds.len()])],
                    };
                    let p: Vec<(&str, &dyn ToSql)> =
                        upto.params().into_iter().zip(&values).map(|(n, v)| (n, v as &dyn ToSql)).collect();
                    let kept = answer(&reader, sql, &p).unwrap().unwrap();
                    let counted: i64 = reader.conn().unwrap().query_row(sql, &p[..], |r| r.get(0)).unwrap();
                    assert_eq!(kept, u64::try_from(counted).unwrap(), "{} for {values:?}: {sql}", k.name);
                    above_nought += usize::from(counted > 0);
                }
            }
        }
        assert!(above_nought >= 8, "only {above_nought} counts above nought");
        let users = reader.users(false).unwrap();
        let cw = users.iter().find(|u| u.fields.role == Role::Caseworker).unwrap();
        let caseworker = store.actor(cw.id).unwrap();
        let (sql, _) = &KEPT_BY_DAY[0].answers[0];
        let now = Timestamp::now().to_string();
        assert_eq!(answer(&store.reader(&caseworker), sql, &[(":now", &now)]).unwrap(), None);
    }

    /// A manager's plain lists and figures read the kept total; a filtered list and anyone else's
    /// count their rows; `verify` notices a kept total that is wrong.
    #[test]
    fn a_managers_totals_come_from_the_kept_counts() {
        let (_dir, mut store, manager) = seeded();
        let real = store.reader(&manager).clients(&Default::default(), Page::default()).unwrap().total;
        store
            .raw_connection_for_tests()
            .execute_batch("UPDATE main.kept_counts SET n = 12345 WHERE name IN ('clients', 'clients_open')")
            .unwrap();
        let reader = store.reader(&manager);
        assert_eq!(reader.clients(&Default::default(), Page::default()).unwrap().total, 12345);
        assert_eq!(reader.figures(today_london()).unwrap().open_clients, 12345);
        let filtered = crate::model::clients::ClientFilter { open: Some(true), ..Default::default() };
        assert!(reader.clients(&filtered, Page::default()).unwrap().total < 100);
        let users = reader.users(false).unwrap();
        let cw = users.iter().find(|u| u.fields.role == Role::Caseworker).unwrap();
        let caseworker = store.actor(cw.id).unwrap();
        let theirs = store.reader(&caseworker).clients(&Default::default(), Page::default()).unwrap().total;
        assert!(theirs > 0 && theirs < real, "{theirs} of {real}");
        let report = store.verify(&manager).unwrap();
        assert!(report.problems.iter().any(|p| p.contains("clients")), "{:?}", report.problems);
    }

    /// Every query a kept total answers is one a screen really asks (a screen whose query changed
    /// would silently go back to counting every row): each total is set to a number of its own and
    /// must come back on the manager's lists, Today and `throughcare info`.
    #[test]
    fn every_kept_total_is_read_by_a_screen() {
        let (_dir, store, manager) = seeded();
        let conn = store.raw_connection_for_tests();
        for (i, k) in KEPT.iter().enumerate() {
            conn.execute(
                "UPDATE main.kept_counts SET n = :n WHERE name = :name",
                named_params! {":n": 70_000 + i64::try_from(i).unwrap(), ":name": k.name},
            )
            .unwrap();
        }
        let planted =
            |name: &str| 70_000 + u64::try_from(KEPT.iter().position(|k| k.name == name).unwrap()).unwrap();
        let r = store.reader(&manager);
        let today = today_london();
        let page = Page::default();
        let overview = r.overview(today).unwrap();
        let seen = [
            ("clients", r.clients(&Default::default(), page).unwrap().total),
            ("clients", overview.clients),
            ("clients_open", overview.figures.open_clients),
            ("clients_in_custody", overview.figures.in_custody),
            ("tasks_open", r.task_rows(&Default::default(), page, today).unwrap().total),
            ("referrals", r.referrals(&Default::default(), page).unwrap().total),
            ("referrals", overview.referrals),
            ("appointments", overview.appointments),
            ("support_contacts", overview.contacts),
        ];
        for (name, got) in seen {
            assert_eq!(got, planted(name), "{name}");
        }
        for k in KEPT {
            assert!(seen.iter().any(|(n, _)| *n == k.name), "{} is read by no screen here", k.name);
            assert_eq!(
                seen.iter().filter(|(n, _)| *n == k.name).count(),
                k.answers.len(),
                "{}: a query it answers is not checked here",
                k.name
            );
        }
    }

    /// Every query a total kept by day answers is one a screen asks: a day long before any record
    /// is given a number of its own, and days within Today's ranges others, which must add to
    /// Today's figures and lists, the referral list and `throughcare info` where each counts that day.
    #[test]
    fn every_total_kept_by_day_is_read_by_a_screen() {
        let (_dir, store, manager) = seeded();
        let r = store.reader(&manager);
        let today = today_london();
        let waiting = ReferralFilter { waiting_days: Some(14), today: Some(today), ..Default::default() };
        // (what it is, the total it reads, the figure)
        let seen = || {
            let t = r.today(today).unwrap();
            let o = r.overview(today).unwrap();
            [
                ("awaiting_outcome", "awaiting_outcome", t.figures.awaiting_outcome),
                ("awaiting_outcome", "awaiting_outcome", t.awaiting_outcome.total),
                ("awaiting_outcome", "awaiting_outcome", o.figures.awaiting_outcome),
                ("the week ahead", "awaiting_outcome", t.figures.appointments_next_7_days),
                ("the week ahead", "awaiting_outcome", o.figures.appointments_next_7_days),
                ("on today", "live_appointments", t.today.total),
                ("on this week", "live_appointments", t.this_week.total),
                ("open_tasks", "open_tasks", t.figures.tasks_due),
                ("open_tasks", "open_tasks", t.tasks_due.total),
                ("unfinished_referrals", "unfinished_referrals", t.referrals_waiting.total),
                (
                    "unfinished_referrals",
                    "unfinished_referrals",
                    r.referrals(&waiting, Page::default()).unwrap().total,
                ),
                ("unfinished_referrals", "unfinished_referrals", o.referrals_waiting_over_14_days),
            ]
        };
        // The same twice over, so that no appointment's start passed between the readings.
        let before = loop {
            let a = seen();
            if a == seen() {
                break a;
            }
        };
        assert!(before.iter().filter(|(.., n)| *n > 0).count() >= 8, "{before:?}");
        let utc_day = |t: Timestamp| t.to_string()[..10].to_owned();
        let in_three_days = (Timestamp::now().to_string()[..10].parse::<crate::time::Date>().unwrap()
            + chrono::Days::new(3))
        .to_string();
        let conn = store.raw_connection_for_tests();
        let plant = |name: &str, day: &str, n: i64| {
            conn.execute(
                "INSERT INTO main.kept_days (name, day, n) VALUES (:name, :day, :n)
                 ON CONFLICT (name, day) DO UPDATE SET n = n + :n",
                named_params! {":name": name, ":day": day, ":n": n},
            )
            .unwrap();
        };
        for (i, k) in KEPT_BY_DAY.iter().enumerate() {
            plant(k.name, "1900-01-01", 70_000 + i64::try_from(i).unwrap());
        }
        plant("awaiting_outcome", &in_three_days, 90_000);
        plant("live_appointments", &utc_day(Timestamp::london_midnight(today)), 95_000);
        plant("live_appointments", &in_three_days, 97_000);
        for ((what, name, was), (.., now)) in before.iter().zip(seen()) {
            let added = match *what {
                "the week ahead" => 90_000,
                "on today" => 95_000,
                "on this week" => 97_000,
                _ => {
                    70_000 + u64::try_from(KEPT_BY_DAY.iter().position(|k| k.name == *name).unwrap()).unwrap()
                }
            };
            assert_eq!(now, was + added, "{what}");
        }
        for k in KEPT_BY_DAY {
            let answers = before.iter().filter(|(_, n, _)| *n == k.name).count();
            assert!(answers >= k.answers.len(), "{}: a query it answers is not checked here", k.name);
        }
    }

    /// The service directory's "waiting now" for a manager comes from the kept numbers, which
    /// follow referrals sent, seen, moved to another service and archived.
    #[test]
    fn the_waits_at_each_service_are_kept() {
        let (_dir, store, manager) = seeded();
        let conn = store.raw_connection_for_tests();
        conn.execute_batch(
            "UPDATE main.referrals SET status = 'first_appointment' WHERE id IN (SELECT id FROM main.referrals WHERE status = 'sent' LIMIT 2);
             UPDATE main.referrals SET status = 'sent' WHERE id IN (SELECT id FROM main.referrals WHERE status = 'completed' LIMIT 2);
             UPDATE main.referrals SET service_id = (SELECT service_id FROM main.referrals WHERE service_id IS NOT NULL ORDER BY service_id DESC LIMIT 1)
               WHERE id IN (SELECT id FROM main.referrals WHERE status = 'acknowledged' AND service_id IS NOT NULL LIMIT 2);
             UPDATE main.referrals SET archived_at = '2026-01-01T00:00:00Z' WHERE id IN (SELECT id FROM main.referrals WHERE status = 'accepted' LIMIT 1);",
        )
        .unwrap();
        assert!(wrong(conn).unwrap().is_empty(), "{:?}", wrong(conn).unwrap());
        let dir = store.reader(&manager).service_directory(today_london()).unwrap();
        let waiting: u32 = dir.iter().map(|s| s.waiting_now).sum();
        let counted: u32 =
            conn.query_row(&format!("SELECT sum(n) FROM ({WAITING_RECOUNT})"), [], |r| r.get(0)).unwrap();
        assert!(waiting > 0);
        assert_eq!(waiting, counted);
        let first = dir.iter().find(|s| s.waiting_now > 0).unwrap();
        conn.execute(
            "UPDATE main.kept_counts SET n = 4321 WHERE name = 'waiting:' || hex(:s)",
            named_params! {":s": first.service.id},
        )
        .unwrap();
        let dir = store.reader(&manager).service_directory(today_london()).unwrap();
        assert_eq!(dir.iter().find(|s| s.service.id == first.service.id).unwrap().waiting_now, 4321);
        assert_eq!(wrong(conn).unwrap().len(), 1);
    }
}
