//! What is in a database, in figures a person recognises: the caseload, what is coming up, what is
//! overdue.
//!
//! [`Figures`] are the six on the Today screen, counted in the acting user's scope every time Today
//! is shown, so each is a count over a small index of just the rows it counts (migration 0013): at
//! 100,000 clients they take a few milliseconds together. [`Overview`] adds whole-table totals for
//! `throughcare info`, which a person asks for now and then and may take longer.

use chrono::Days;
use rusqlite::ToSql;

use crate::Result;
use crate::model::count;
use crate::store::Reader;
use crate::time::{Date, Timestamp};

/// The figures at a glance on Today, for the acting user's scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Figures {
    /// Clients whose support is open.
    #[ts(type = "number")]
    pub open_clients: u64,
    /// Clients in custody.
    #[ts(type = "number")]
    pub in_custody: u64,
    /// Released in the last 14 days.
    #[ts(type = "number")]
    pub released_last_14_days: u64,
    /// Appointments in the next 7 days with no outcome yet.
    #[ts(type = "number")]
    pub appointments_next_7_days: u64,
    /// Past appointments whose outcome is not recorded.
    #[ts(type = "number")]
    pub awaiting_outcome: u64,
    /// Open tasks due today or earlier.
    #[ts(type = "number")]
    pub tasks_due: u64,
}

/// Counts that describe a database on a given day.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Overview {
    /// The organisation's name.
    pub organisation: String,
    /// Today's figures.
    pub figures: Figures,
    /// Clients (not archived).
    #[ts(type = "number")]
    pub clients: u64,
    /// Of those released in the last 14 days, with no health appointment booked since release (the
    /// highest-risk group).
    #[ts(type = "number")]
    pub released_without_appointment: u64,
    /// Appointments in all.
    #[ts(type = "number")]
    pub appointments: u64,
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
    /// Ops in the log.
    #[ts(type = "number")]
    pub ops: u64,
}

/// Past appointments with no outcome recorded (aliased `a`), before `:now`. Shared by the figure
/// and Today's list so the two always agree.
pub(crate) const AWAITING_OUTCOME: &str =
    "a.outcome = 'not_recorded' AND a.archived_at IS NULL AND a.starts_at < :now";

/// Released between `:from` and `:today` (clients aliased `c`) with no health appointment booked
/// since release (kept on the client by migration 0017's triggers: a live, uncancelled appointment
/// starting on or after the release date).
pub(crate) const RELEASED_WITHOUT_APPOINTMENT: &str =
    "c.archived_at IS NULL AND c.actual_release_date >= :from
     AND c.actual_release_date <= :today AND c.booked_since_release = 0";

impl Reader<'_> {
    /// Today's figures for `today`, as the acting user may see them.
    pub fn figures(&self, today: Date) -> Result<Figures> {
        self.figures_at(today, &Timestamp::now().to_string())
    }

    /// The figures for `today` as at `now` (so that Today's lists and figures count the same moment).
    pub(crate) fn figures_at(&self, today: Date, now: &str) -> Result<Figures> {
        let week =
            Timestamp::london_midnight(today.checked_add_days(Days::new(8)).unwrap_or(today)).to_string();
        let fortnight = today.checked_sub_days(Days::new(14)).unwrap_or(today);
        let c = |sql: &str, p: &[(&str, &dyn ToSql)]| count(self, sql, p);
        Ok(Figures {
            open_clients: c(
                "SELECT count(*) FROM clients WHERE archived_at IS NULL AND support_open = 1",
                &[],
            )?,
            in_custody: c(
                "SELECT count(*) FROM clients WHERE archived_at IS NULL AND justice_status = 'in_custody'",
                &[],
            )?,
            released_last_14_days: c(
                "SELECT count(*) FROM clients WHERE archived_at IS NULL AND actual_release_date >= :from AND actual_release_date <= :today",
                &[(":from", &fortnight), (":today", &today)],
            )?,
            appointments_next_7_days: c(
                "SELECT count(*) FROM appointments WHERE outcome = 'not_recorded' AND archived_at IS NULL
                 AND starts_at >= :now AND starts_at < :week",
                &[(":now", &now), (":week", &week)],
            )?,
            awaiting_outcome: c(
                &format!("SELECT count(*) FROM appointments a WHERE {AWAITING_OUTCOME}"),
                &[(":now", &now)],
            )?,
            tasks_due: c(
                "SELECT count(*) FROM tasks WHERE done_at IS NULL AND archived_at IS NULL AND due_on <= :today",
                &[(":today", &today)],
            )?,
        })
    }

    /// The figures for `today`, with the database's totals.
    pub fn overview(&self, today: Date) -> Result<Overview> {
        self.overview_at(today, Timestamp::now())
    }

    /// [`Reader::overview`] as at `now` (the figures that count from the moment, such as the
    /// appointments in the next seven days, count from it).
    pub fn overview_at(&self, today: Date, now: Timestamp) -> Result<Overview> {
        let fortnight = today.checked_sub_days(Days::new(14)).unwrap_or(today);
        let c = |sql: &str, p: &[(&str, &dyn ToSql)]| count(self, sql, p);
        let organisation: String =
            self.conn()?.query_row("SELECT name FROM organisations ORDER BY id LIMIT 1", [], |r| r.get(0))?;
        Ok(Overview {
            organisation,
            figures: self.figures_at(today, &now.to_string())?,
            clients: c("SELECT count(*) FROM clients WHERE archived_at IS NULL", &[])?,
            released_without_appointment: c(
                &format!("SELECT count(*) FROM clients c WHERE {RELEASED_WITHOUT_APPOINTMENT}"),
                &[(":from", &fortnight), (":today", &today)],
            )?,
            appointments: c("SELECT count(*) FROM appointments WHERE archived_at IS NULL", &[])?,
            referrals: c("SELECT count(*) FROM referrals WHERE archived_at IS NULL", &[])?,
            referrals_waiting_over_14_days: c(
                "SELECT count(*) FROM referrals WHERE archived_at IS NULL
                 AND status NOT IN ('declined', 'completed', 'closed_no_engagement') AND last_step_on < :from",
                &[(":from", &fortnight)],
            )?,
            contacts: c("SELECT count(*) FROM support_contacts WHERE archived_at IS NULL", &[])?,
            mentors: c("SELECT count(*) FROM peer_mentors WHERE archived_at IS NULL", &[])?,
            active_mentor_links: c("SELECT count(*) FROM mentor_links WHERE archived_at IS NULL AND ends_on IS NULL", &[])?,
            users: c("SELECT count(*) FROM users WHERE archived_at IS NULL", &[])?,
            ops: self.op_count()?,
        })
    }
}
