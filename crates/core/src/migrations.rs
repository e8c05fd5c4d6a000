//! Schema migrations.
//!
//! Each migration is an `.sql` file embedded in the binary and run by `rusqlite_migration`, which keeps
//! the schema version in `PRAGMA user_version` and runs pending migrations in one transaction. A file
//! once released is never edited: a test compares every file with the checksum recorded when it was
//! added (`migrations/CHECKSUMS`). A database whose version is higher than this binary knows is refused
//! before anything is touched.

use rusqlite::{Connection, OptionalExtension};
use rusqlite_migration::{M, Migrations};

use crate::{Error, Result};

/// The migrations, in order: (file name, SQL).
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial.sql", include_str!("../migrations/0001_initial.sql")),
    ("0002_sync.sql", include_str!("../migrations/0002_sync.sql")),
    ("0003_scope.sql", include_str!("../migrations/0003_scope.sql")),
    ("0004_share.sql", include_str!("../migrations/0004_share.sql")),
    ("0005_device_users.sql", include_str!("../migrations/0005_device_users.sql")),
    ("0006_device_trust.sql", include_str!("../migrations/0006_device_trust.sql")),
    ("0007_origin_signatures.sql", include_str!("../migrations/0007_origin_signatures.sql")),
    ("0008_report_indexes.sql", include_str!("../migrations/0008_report_indexes.sql")),
    ("0009_services_measures_merges.sql", include_str!("../migrations/0009_services_measures_merges.sql")),
    ("0010_offered_scales.sql", include_str!("../migrations/0010_offered_scales.sql")),
    ("0011_availability.sql", include_str!("../migrations/0011_availability.sql")),
    ("0012_open_appointments.sql", include_str!("../migrations/0012_open_appointments.sql")),
    ("0013_screen_indexes.sql", include_str!("../migrations/0013_screen_indexes.sql")),
    ("0014_task_links.sql", include_str!("../migrations/0014_task_links.sql")),
    ("0015_referral_dates.sql", include_str!("../migrations/0015_referral_dates.sql")),
    ("0016_scope_indexes.sql", include_str!("../migrations/0016_scope_indexes.sql")),
    ("0017_booked_since_release.sql", include_str!("../migrations/0017_booked_since_release.sql")),
    ("0018_awaiting_by_client.sql", include_str!("../migrations/0018_awaiting_by_client.sql")),
    ("0019_compact_op_log.sql", include_str!("../migrations/0019_compact_op_log.sql")),
    ("0020_search_secure_delete.sql", include_str!("../migrations/0020_search_secure_delete.sql")),
    ("0021_consents.sql", include_str!("../migrations/0021_consents.sql")),
    ("0022_retention.sql", include_str!("../migrations/0022_retention.sql")),
    ("0023_wider_erasure.sql", include_str!("../migrations/0023_wider_erasure.sql")),
    ("0024_packed_op_log.sql", include_str!("../migrations/0024_packed_op_log.sql")),
    ("0025_no_field_versions.sql", include_str!("../migrations/0025_no_field_versions.sql")),
    ("0026_reference_indexes.sql", include_str!("../migrations/0026_reference_indexes.sql")),
    ("0027_kept_counts.sql", include_str!("../migrations/0027_kept_counts.sql")),
    ("0028_current_links.sql", include_str!("../migrations/0028_current_links.sql")),
    ("0029_kept_by_day.sql", include_str!("../migrations/0029_kept_by_day.sql")),
    ("0030_kept_week_and_waits.sql", include_str!("../migrations/0030_kept_week_and_waits.sql")),
    ("0031_report_month_indexes.sql", include_str!("../migrations/0031_report_month_indexes.sql")),
    ("0032_checks_without_lists.sql", include_str!("../migrations/0032_checks_without_lists.sql")),
    ("0033_ids_as_bytes.sql", include_str!("../migrations/0033_ids_as_bytes.sql")),
    (
        "0034_op_log_without_op_id_index.sql",
        include_str!("../migrations/0034_op_log_without_op_id_index.sql"),
    ),
    (
        "0035_op_log_kinds_and_times_as_numbers.sql",
        include_str!("../migrations/0035_op_log_kinds_and_times_as_numbers.sql"),
    ),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The version of what changes and sync files carry. It rises only with a migration that changes
/// what a record or a change holds, never with one that only adds an index (0008), so that
/// computers a version apart still exchange files.
pub const DATA_VERSION: i64 = 12;

/// The first version whose tables store record ids as bytes (0033 rebuilds them).
const IDS_AS_BYTES: i64 = 33;

/// Every migration, with the hooks some of them need.
fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATIONS
            .iter()
            .map(|(name, sql)| match *name {
                // The audit chain starts with the entries the unchained log already held.
                "0003_scope.sql" => M::up_with_hook(sql, |tx: &rusqlite::Transaction<'_>| {
                    crate::audit::seal_carried_over(tx)
                        .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
                })
                .comment(name),
                // It rewrote table definitions in place: moving the schema cookie on makes every
                // connection, this one included, read them again before its next statement.
                "0032_checks_without_lists.sql" => M::up_with_hook(sql, |tx: &rusqlite::Transaction<'_>| {
                    let cookie: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
                    tx.pragma_update(None, "schema_version", cookie + 1)?;
                    Ok(())
                })
                .comment(name),
                _ => M::up(sql).comment(name),
            })
            .collect(),
    )
}

/// Brings the database up to [`SCHEMA_VERSION`], refusing one that is newer. Returns the version
/// it found (0 for a new database).
pub fn migrate(conn: &mut Connection) -> Result<i64> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(Error::DatabaseTooNew { found, supported: SCHEMA_VERSION });
    }
    // 0024 packs the op log with these.
    crate::packed::register(conn)?;
    let ms = migrations();
    // Rebuilding tables that refer to each other (0033) needs foreign keys off: dropping a table
    // would otherwise count every row referring to it as broken. They are checked once afterwards.
    let rebuilds = found < IDS_AS_BYTES;
    if rebuilds {
        conn.pragma_update(None, "foreign_keys", false)?;
    }
    let migrated = ms.to_latest(conn).map_err(|e| Error::Migration(e.to_string()));
    if rebuilds {
        conn.pragma_update(None, "foreign_keys", true)?;
    }
    migrated?;
    if rebuilds {
        let broken: Option<String> = conn
            .query_row("SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1", [], |r| r.get(0))
            .optional()?;
        if let Some(table) = broken {
            return Err(Error::Migration(format!(
                "after the upgrade, {table} refers to a record that is not there"
            )));
        }
    }
    Ok(found)
}

/// The first version whose op log holds record kinds, change kinds and times as numbers (0035
/// copies the log).
const KINDS_AS_NUMBERS: i64 = 35;

/// Whether an upgrade from `found` freed much of the file (0019, 0024 and 0035 copy the op log, 0025
/// drops the field stamps, 0033 rebuilds the record tables), leaving those pages free inside it: the
/// file is then rebuilt without them ([`crate::store`]).
pub(crate) fn rewrote_the_log(found: i64) -> bool {
    (1..KINDS_AS_NUMBERS).contains(&found)
}

/// FNV-1a, 64 bits: a stable fingerprint for the edit check (not for security).
pub fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::OpKind;

    #[test]
    fn released_migrations_are_never_edited() {
        let recorded = include_str!("../migrations/CHECKSUMS");
        let recorded: Vec<(&str, &str)> = recorded
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once(' '))
            .collect();
        for (name, sql) in MIGRATIONS {
            let want = recorded.iter().find(|(_, n)| n == name).map(|(h, _)| *h);
            assert_eq!(
                want,
                Some(fingerprint(sql).as_str()),
                "{name} changed after release (or was added without a line in migrations/CHECKSUMS). \
                 Add a new migration instead of editing an applied one."
            );
        }
        assert_eq!(recorded.len(), MIGRATIONS.len(), "CHECKSUMS lists a migration that is not embedded");
    }

    #[test]
    fn migrations_apply_to_an_empty_database_and_validate() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), 0);
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        // Running again is a no-op.
        migrate(&mut conn).unwrap();
    }

    /// 0035 turned the log's words into numbers with its own list; the code reads them with
    /// `Entity::number` and `op_kind_code`. The two lists must say the same, and no number may
    /// stand for two kinds.
    #[test]
    fn the_op_log_numbers_of_0035_are_those_the_code_reads() {
        let sql = MIGRATIONS.iter().find(|(n, _)| n.starts_with("0035")).unwrap().1;
        let pairs: Vec<(&str, i64)> = sql
            .split("WHEN '")
            .skip(1)
            .map(|part| {
                let (code, rest) = part.split_once("' THEN ").unwrap();
                (code, rest.split_whitespace().next().unwrap().parse().unwrap())
            })
            .collect();
        let entities = crate::entity::Entity::ALL.iter().map(|e| (e.code(), e.number()));
        let kinds = (0..=5).map(|n| (crate::store::op_kind_code(n).unwrap(), n));
        assert_eq!(pairs, entities.chain(kinds).collect::<Vec<_>>());
        for e in crate::entity::Entity::ALL {
            assert_eq!(crate::entity::Entity::from_number(e.number()).unwrap(), *e);
        }
        let made = [
            (OpKind::Create, "create"),
            (OpKind::Set, "set"),
            (OpKind::Archive, "archive"),
            (OpKind::Resolve, "resolve"),
            (OpKind::Redact, "redact"),
        ];
        for (k, code) in made {
            assert_eq!(crate::store::op_kind_code(k.number()).unwrap(), code);
            assert_eq!(crate::store::op_kind_number(code).unwrap(), k.number());
        }
    }

    /// Whatever a log of schema 34 holds that its checks allowed reaches 35 and reads back as it
    /// was: an `append` (no longer made), and times another computer's clock gave, from year 0 to
    /// 9999, before 1970 included.
    #[test]
    fn a_schema_34_log_upgrades_with_every_kind_and_time_it_may_hold() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::packed::register(&conn).unwrap();
        migrations().to_version(&mut conn, 34).unwrap();
        let times =
            ["1969-07-20T20:17:40Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-12-05T07:30:00Z"];
        let kinds = ["append", "create", "redact", "set"];
        let entities = ["org_key", "client", "support_contact", "device_user"];
        for (i, ((t, k), e)) in times.iter().zip(kinds).zip(entities).enumerate() {
            conn.execute(
                "INSERT INTO ops (device, seq, op_id, hlc, author, entity, entity_id, kind, payload, base, schema_version, recorded_at)
                 VALUES (1, :seq, zeroblob(16), zeroblob(28), 1, :e, zeroblob(16), :k, x'0100', x'0100', 12, :t)",
                rusqlite::named_params! {":seq": i64::try_from(i).unwrap() + 1, ":e": e, ":k": k, ":t": t},
            )
            .unwrap();
        }
        assert_eq!(migrate(&mut conn).unwrap(), 34);
        let sql = format!(
            "SELECT entity_n, kind_n, recorded_s, {} FROM ops ORDER BY seq",
            crate::oplog::time_sql("recorded_s")
        );
        let mut st = conn.prepare(&sql).unwrap();
        let rows: Vec<(i64, i64, i64, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows.len(), 4);
        for (((entity, kind, secs, text), t), (k, e)) in
            rows.into_iter().zip(times).zip(kinds.iter().zip(entities))
        {
            assert_eq!(crate::entity::Entity::from_number(entity).unwrap().code(), e);
            assert_eq!(crate::store::op_kind_code(kind).unwrap(), *k);
            assert_eq!(crate::time::Timestamp::from_unix(secs).to_string(), t, "as a change is read");
            assert_eq!(text, t, "as SQL shows it");
        }
    }

    #[test]
    fn newer_database_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5).unwrap();
        let e = migrate(&mut conn).unwrap_err();
        assert!(matches!(e, Error::DatabaseTooNew { found, .. } if found == SCHEMA_VERSION + 5));
        assert!(e.to_string().contains("newer version"));
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).unwrap();
        assert_eq!(tables, 0);
    }
}
