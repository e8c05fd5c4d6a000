//! Keeping records no longer than needed: the organisation's keeping time (years after a person's
//! support closed, 6 unless a manager sets 1 to 20), and a manager's review list of the records past
//! it. Each is either erased ([`crate::store::Tx::erase_client`]) or kept with a reason; a kept
//! record comes back for review a year later. Both choices are audited.
//!
//! A reason is free text about a person, so it is a synced record of its own that erasure blanks,
//! never an audit detail.

use chrono::{Datelike, Months};
use rusqlite::named_params;
use serde::Serialize;

use crate::audit::AuditAction;
use crate::entity::Entity;
use crate::ids::{ClientId, RetentionReviewId, UserId};
use crate::model::appointments::check_client;
use crate::model::{Stored, fields_impl, record};
use crate::store::{Reader, Tx};
use crate::time::Date;
use crate::validate;
use crate::{Error, Result};

/// Years kept after support closed when a manager has not chosen.
pub const DEFAULT_RETENTION_YEARS: u32 = 6;
/// The shortest and longest keeping time a manager may choose.
pub const RETENTION_YEARS: std::ops::RangeInclusive<u32> = 1..=20;
/// A record kept with a reason comes back for review after this many months.
const KEPT_FOR_MONTHS: u32 = 12;
/// At most this many records are listed at once (the oldest first); the total is always given.
const LIST_AT_MOST: usize = 200;

record! {
    /// A manager's choice to keep a record past the keeping time, and why.
    RetentionReviewFields, RetentionReviewPatch {
        /// Whose record.
        client_id: ClientId,
        /// When it was reviewed.
        reviewed_on: Date,
        /// Why it is kept.
        reason: Option<String>,
        /// Who reviewed it.
        reviewed_by: UserId,
    }
}
fields_impl!(RetentionReviewFields, RetentionReviewPatch, Entity::RetentionReview, RetentionReviewId);

/// A stored review.
pub type RetentionReview = Stored<RetentionReviewId, RetentionReviewFields>;

impl RetentionReviewFields {
    fn check_fields(&mut self, r: &Reader<'_>, today: Date) -> Result<()> {
        check_client(r, self.client_id)?;
        if self.reviewed_on > today {
            return Err(Error::invalid("reviewed_on", "A review cannot be dated in the future."));
        }
        validate::opt_text("reason", &mut self.reason, 1000, true)?;
        if self.reason.is_none() {
            return Err(Error::invalid(
                "reason",
                "Say why the record is kept past the keeping time (for example, a safeguarding review is still open).",
            ));
        }
        Ok(())
    }
}

/// A record past the keeping time.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RetentionRow {
    /// Whose.
    pub client_id: ClientId,
    /// Their name as shown.
    pub name: String,
    /// When their support last closed.
    pub closed_on: Date,
    /// When the keeping time ran out.
    pub due_on: Date,
    /// When a manager last chose to keep it, and why (a year or more ago).
    pub last_kept_on: Option<Date>,
}

/// The keeping time and the records past it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RetentionList {
    /// Years kept after support closed.
    pub years: u32,
    /// Records past it, oldest first (at most 200).
    pub due: Vec<RetentionRow>,
    /// How many records are past it in all.
    #[ts(type = "number")]
    pub total: u64,
    /// The keeping time when a manager has not chosen.
    pub usual_years: u32,
    /// The longest keeping time a manager may choose (the shortest is 1 year).
    pub longest_years: u32,
}

/// The day `years` after `d` (29 February becomes 28 February).
fn years_after(d: Date, years: u32) -> Date {
    d.checked_add_months(Months::new(years * 12)).unwrap_or(d)
}

impl Reader<'_> {
    /// Years a person's details are kept after their support closed.
    pub fn retention_years(&self) -> Result<u32> {
        let y: Option<i64> = self.conn()?.query_row(
            "SELECT retention_years FROM organisations ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )?;
        Ok(y.and_then(|y| u32::try_from(y).ok())
            .filter(|y| RETENTION_YEARS.contains(y))
            .unwrap_or(DEFAULT_RETENTION_YEARS))
    }

    /// The records past the keeping time on `today`, oldest first: support closed (none open) more
    /// than the keeping time ago, not erased, and not kept by a manager in the last year. Managers.
    pub fn retention_due(&self, today: Date) -> Result<RetentionList> {
        crate::authz::read(self.actor, Entity::RetentionReview)?;
        let years = self.retention_years()?;
        let cutoff = today.checked_sub_months(Months::new(years * 12)).unwrap_or(today);
        let kept_since = today.checked_sub_months(Months::new(KEPT_FOR_MONTHS)).unwrap_or(today);
        let sql = &format!(
            "SELECT c.id, max(e.closed_on) AS closed,
                    (SELECT max(r.reviewed_on) FROM retention_reviews r
                      WHERE r.client_id = c.id AND r.archived_at IS NULL) AS kept
             FROM clients c JOIN episodes e ON e.client_id = c.id AND e.archived_at IS NULL
             WHERE c.support_open = 0
               AND NOT EXISTS (SELECT 1 FROM main.ops o WHERE o.entity_n = {client}
                                 AND o.entity_id = c.id AND o.kind_n = {redact})
             GROUP BY c.id
             HAVING closed IS NOT NULL AND closed <= :cutoff AND (kept IS NULL OR kept <= :kept_since)
             ORDER BY closed, c.id",
            client = crate::entity::Entity::Client.number(),
            redact = crate::store::OpKind::Redact.number()
        );
        let conn = self.conn()?;
        let mut st = conn.prepare_cached(sql)?;
        let rows = st.query_map(named_params! {":cutoff": cutoff, ":kept_since": kept_since}, |r| {
            Ok((r.get::<_, ClientId>(0)?, r.get::<_, Date>(1)?, r.get::<_, Option<Date>>(2)?))
        })?;
        let mut total = 0u64;
        let mut found = Vec::new();
        for row in rows {
            let row = row?;
            total += 1;
            if found.len() < LIST_AT_MOST {
                found.push(row);
            }
        }
        drop(st);
        let mut due = Vec::with_capacity(found.len());
        for (client_id, closed_on, last_kept_on) in found {
            let name = self.client(client_id)?.fields.display_name();
            due.push(RetentionRow {
                client_id,
                name,
                closed_on,
                due_on: years_after(closed_on, years),
                last_kept_on,
            });
        }
        Ok(RetentionList {
            years,
            due,
            total,
            usual_years: DEFAULT_RETENTION_YEARS,
            longest_years: *RETENTION_YEARS.end(),
        })
    }
}

impl Tx<'_> {
    /// Sets how many years a person's details are kept after their support closed (managers; 1 to 20).
    pub fn set_retention_years(&mut self, years: u32) -> Result<()> {
        crate::authz::write(self.actor, Entity::Organisation)?;
        if !RETENTION_YEARS.contains(&years) {
            return Err(Error::invalid(
                "retention_years",
                format!(
                    "Choose between {} and {} years after support closed.",
                    RETENTION_YEARS.start(),
                    RETENTION_YEARS.end()
                ),
            ));
        }
        let detail = format!("keep records {years} years after support closed");
        self.set_organisation_setting("retention_years", serde_json::Value::from(years), &detail)
    }

    /// Keeps a record past the keeping time, with the reason (managers); it comes back for review in
    /// a year. Audited, without the reason.
    pub fn keep_past_retention(&mut self, client: ClientId, reason: &str) -> Result<RetentionReview> {
        crate::authz::write(self.actor, Entity::RetentionReview)?;
        if crate::dupes::is_erased(&self.tx, client)? {
            return Err(Error::invalid("client_id", "This person's details have been erased already."));
        }
        let today = self.now().london_date();
        let review = self.insert(RetentionReviewFields {
            client_id: client,
            reviewed_on: today,
            reason: Some(reason.to_owned()),
            reviewed_by: self.actor.user_id,
        })?;
        let id = client.to_string();
        let detail = format!("kept for review again after {}", years_after(today, 1).year());
        self.audit(AuditAction::RetentionKeep, Some(Entity::Client), Some(&id), Some(&detail))?;
        Ok(review)
    }
}
