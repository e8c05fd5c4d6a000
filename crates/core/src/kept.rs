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

use rusqlite::{Connection, OptionalExtension, named_params};

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

/// The kept total that answers `sql` for this reader, if there is one: only for a manager (whose
/// views show every row), and only for a query it was made for.
pub(crate) fn answer(r: &Reader<'_>, sql: &str) -> Result<Option<u64>> {
    if r.actor.role != Role::Manager {
        return Ok(None);
    }
    let sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(kept) = KEPT.iter().find(|k| k.answers.contains(&sql.as_str())) else {
        return Ok(None);
    };
    Ok(stored(r.conn()?, kept.name)?.map(|n| u64::try_from(n).unwrap_or(0)))
}

/// The total kept under `name`, if the row is there.
fn stored(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT n FROM main.kept_counts WHERE name = :name")?
        .query_row(named_params! {":name": name}, |row| row.get(0))
        .optional()?)
}

/// Each kept total that differs from a count of its rows: (name, kept, counted).
pub(crate) fn wrong(conn: &Connection) -> Result<Vec<(&'static str, i64, i64)>> {
    let mut out = Vec::new();
    for k in KEPT {
        let kept = stored(conn, k.name)?;
        let counted: i64 = conn.query_row(k.recount, [], |row| row.get(0))?;
        if kept != Some(counted) {
            out.push((k.name, kept.unwrap_or(-1), counted));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Page;
    use crate::time::today_london;

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
            let kept = answer(&reader, k.answers[0]).unwrap().unwrap();
            for sql in k.answers {
                let counted: i64 = reader.conn().unwrap().query_row(sql, [], |r| r.get(0)).unwrap();
                assert_eq!(kept, u64::try_from(counted).unwrap(), "{} for {sql}", k.name);
                checked += usize::from(counted > 0);
            }
        }
        assert!(checked >= 8, "only {checked} totals above nought");
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
}
