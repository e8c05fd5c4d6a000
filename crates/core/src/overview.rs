//! What is in a database, in figures a person recognises: the caseload, what is coming up, what is
//! overdue. Used by `throughcare info` (and `make run`) and by the app's Today screen.

use chrono::Days;
use rusqlite::ToSql;

use crate::Result;
use crate::model::count;
use crate::store::Reader;
use crate::time::{Date, Timestamp};

/// Counts that describe a database on a given day.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Overview {
    /// The organisation's name.
    pub organisation: String,
    /// Clients (not archived).
    #[ts(type = "number")]
    pub clients: u64,
    /// Clients whose support is open.
    #[ts(type = "number")]
    pub open_clients: u64,
    /// Clients in custody.
    #[ts(type = "number")]
    pub in_custody: u64,
    /// Released in the last 14 days.
    #[ts(type = "number")]
    pub released_last_14_days: u64,
    /// Of them, with no health appointment booked since release (the highest-risk group).
    #[ts(type = "number")]
    pub released_without_appointment: u64,
    /// Appointments in all.
    #[ts(type = "number")]
    pub appointments: u64,
    /// Appointments in the next 7 days.
    #[ts(type = "number")]
    pub appointments_next_7_days: u64,
    /// Past appointments whose outcome is not recorded.
    #[ts(type = "number")]
    pub awaiting_outcome: u64,
    /// Referrals in all.
    #[ts(type = "number")]
    pub referrals: u64,
    /// Unfinished referrals whose last step is more than 14 days old.
    #[ts(type = "number")]
    pub referrals_waiting_over_14_days: u64,
    /// Support contacts.
    #[ts(type = "number")]
    pub contacts: u64,
    /// Peer mentors.
    #[ts(type = "number")]
    pub mentors: u64,
    /// Current mentor links.
    #[ts(type = "number")]
    pub active_mentor_links: u64,
    /// Users.
    #[ts(type = "number")]
    pub users: u64,
    /// Open tasks due today or earlier.
    #[ts(type = "number")]
    pub tasks_due: u64,
    /// Ops in the log.
    #[ts(type = "number")]
    pub ops: u64,
}

impl Reader<'_> {
    /// The figures for `today`.
    pub fn overview(&self, today: Date) -> Result<Overview> {
        let now = Timestamp::now().to_string();
        let week =
            Timestamp::london_midnight(today.checked_add_days(Days::new(8)).unwrap_or(today)).to_string();
        let fortnight = today.checked_sub_days(Days::new(14)).unwrap_or(today);
        let c = |sql: &str, p: &[(&str, &dyn ToSql)]| count(self, sql, p);
        let organisation: String =
            self.conn()?.query_row("SELECT name FROM organisations ORDER BY id LIMIT 1", [], |r| r.get(0))?;
        Ok(Overview {
            organisation,
            clients: c("SELECT count(*) FROM clients WHERE archived_at IS NULL", &[])?,
            open_clients: c(
                "SELECT count(*) FROM clients c WHERE archived_at IS NULL AND EXISTS
                 (SELECT 1 FROM episodes e WHERE e.client_id = c.id AND e.closed_on IS NULL AND e.archived_at IS NULL)",
                &[],
            )?,
            in_custody: c("SELECT count(*) FROM clients WHERE archived_at IS NULL AND justice_status = 'in_custody'", &[])?,
            released_last_14_days: c(
                "SELECT count(*) FROM clients WHERE archived_at IS NULL AND actual_release_date >= :from AND actual_release_date <= :today",
                &[(":from", &fortnight), (":today", &today)],
            )?,
            released_without_appointment: c(
                "SELECT count(*) FROM clients c WHERE archived_at IS NULL AND actual_release_date >= :from AND actual_release_date <= :today
                 AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = c.id AND a.archived_at IS NULL
                     AND a.starts_at >= c.actual_release_date AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider'))",
                &[(":from", &fortnight), (":today", &today)],
            )?,
            appointments: c("SELECT count(*) FROM appointments WHERE archived_at IS NULL", &[])?,
            appointments_next_7_days: c(
                "SELECT count(*) FROM appointments WHERE archived_at IS NULL AND starts_at >= :now AND starts_at < :week AND outcome = 'not_recorded'",
                &[(":now", &now), (":week", &week)],
            )?,
            awaiting_outcome: c(
                "SELECT count(*) FROM appointments WHERE archived_at IS NULL AND starts_at < :now AND outcome = 'not_recorded'",
                &[(":now", &now)],
            )?,
            referrals: c("SELECT count(*) FROM referrals WHERE archived_at IS NULL", &[])?,
            referrals_waiting_over_14_days: c(
                "SELECT count(*) FROM referrals r WHERE archived_at IS NULL AND status NOT IN ('declined', 'completed', 'closed_no_engagement')
                 AND (SELECT max(happened_on) FROM referral_events e WHERE e.referral_id = r.id) < :from",
                &[(":from", &fortnight)],
            )?,
            contacts: c("SELECT count(*) FROM support_contacts WHERE archived_at IS NULL", &[])?,
            mentors: c("SELECT count(*) FROM peer_mentors WHERE archived_at IS NULL", &[])?,
            active_mentor_links: c("SELECT count(*) FROM mentor_links WHERE archived_at IS NULL AND ends_on IS NULL", &[])?,
            users: c("SELECT count(*) FROM users WHERE archived_at IS NULL", &[])?,
            tasks_due: c("SELECT count(*) FROM tasks WHERE archived_at IS NULL AND done_at IS NULL AND due_on <= :today", &[(":today", &today)])?,
            ops: self.op_count()?,
        })
    }
}
