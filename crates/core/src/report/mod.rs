//! The monthly summary: the figures a manager sends funders and commissioners every month.
//!
//! Every figure follows the definitions in `DESIGN.md` ("Monthly summary: the definitions") for one
//! calendar month in London time, for the organisation, one team or one caseworker's caseload (a
//! client belongs to the team and caseworker on their record), and always within the acting person's
//! own scope: a caseworker reports on their own caseload only.
//!
//! The summary is one typed structure ([`MonthlySummary`]) from which every file is written (JSON,
//! CSV, XLSX, PDF) and which the Reports screen shows. Each count is a [`Figure`] carrying a *key*
//! that names the records behind it, so any number can be opened as the list it counts
//! ([`drill`]). The same quantity has the same key wherever it appears, which is also what lets
//! [`suppress`] hide it everywhere at once in an external summary.
//!
//! Shaped this way because a wrong or leaked figure does real harm: there is one computation, the
//! files only lay it out, and suppression is a separate pure step with its own property tests.

pub(crate) mod compute;
pub mod drill;
pub mod files;
pub(crate) mod pdf;
pub mod suppress;
mod xlsx;

use crate::time::Timestamp;

pub use compute::{ReportRequest, ReportScope};

/// Who a summary is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Inside the organisation: every count as it is.
    Internal,
    /// Leaving the organisation: counts from 1 to 4 shown as `<5`, and anything that would reveal one.
    External,
}

impl Audience {
    /// In words, for every file's heading.
    pub fn words(self) -> &'static str {
        match self {
            Audience::Internal => "Internal: exact numbers, not for sharing outside the organisation",
            Audience::External => "External: numbers from 1 to 4 are shown as <5",
        }
    }
}

/// One count.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Figure {
    /// Names the records behind it (see [`drill`]); the same quantity has the same key everywhere.
    pub key: String,
    /// The count; `None` when it is not shown (external summaries).
    #[ts(type = "number | null")]
    pub value: Option<u64>,
    /// Why it is not shown: `"<5"` (a count from 1 to 4), or `"*"` (hidden so that a small count
    /// elsewhere cannot be worked out by subtraction); empty when shown.
    pub hidden: String,
}

impl Figure {
    pub(crate) fn new(key: impl Into<String>, value: u64) -> Self {
        Figure { key: key.into(), value: Some(value), hidden: String::new() }
    }

    /// As a person reads it: the number, `<5` or `*`.
    pub fn shown(&self) -> String {
        match self.value {
            Some(v) => v.to_string(),
            None => self.hidden.clone(),
        }
    }
}

/// A count split into parts that add up to it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Breakdown {
    /// The whole.
    pub total: Figure,
    /// The parts, in a fixed order, zeros included.
    pub parts: Vec<Part>,
}

/// One part of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Part {
    /// A stable code (`attended`, `white`, `25_34`…).
    pub code: String,
    /// In words.
    pub label: String,
    /// The count.
    pub figure: Figure,
}

/// A share of a whole, as a percentage.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct Rate {
    /// What it is, in words.
    pub label: String,
    /// Those that count (attended, seen within 14 days…).
    pub numerator: Figure,
    /// Of all those (attended and did not attend, releases…).
    pub denominator: Figure,
    /// The percentage, one decimal place; `None` when the denominator is 0 or either count is hidden.
    pub percent: Option<f64>,
}

/// The scope a summary covers, in words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ScopeLabel {
    /// `organisation`, `team` or `caseworker`.
    pub kind: String,
    /// The team's or caseworker's id (none for the organisation).
    pub id: Option<String>,
    /// "Bridges Health Link", "North team", "Alex Morgan's caseload".
    pub name: String,
}

/// A computer whose work for the month has not arrived here yet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct MissingDevice {
    /// Its id.
    pub device_id: String,
    /// Its name.
    pub name: String,
    /// When its last sync file arrived here (never, if `None`).
    pub last_file_at: Option<Timestamp>,
}

/// Clients and their episodes of support.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct ClientFigures {
    /// Clients with an episode of support open at any time in the month.
    pub active: Figure,
    /// Clients whose first episode of support opened in the month.
    pub new: Figure,
    /// Clients whose support opened again in the month after an earlier episode.
    pub reopened: Figure,
    /// Episodes of support closed in the month, by reason.
    pub closed: Breakdown,
}

/// Support contacts (each note counted once, in its latest version).
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct ContactFigures {
    /// Contacts in the month, by kind.
    pub by_kind: Breakdown,
    /// Their minutes, in all.
    #[ts(type = "number")]
    pub minutes: u64,
}

/// Health appointments starting in the month.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct AppointmentFigures {
    /// Every appointment starting in the month, by what happened (moved ones counted as moved; those
    /// still to come and those in the past with nothing recorded shown apart).
    pub by_outcome: Breakdown,
    /// Attended ÷ (attended + did not attend).
    pub attendance: Rate,
    /// The same, for appointments someone was arranged to go to with the person.
    pub accompanied: Rate,
    /// The same, for appointments the person was to go to alone.
    pub unaccompanied: Rate,
    /// The same, by who was arranged to go with them (a caseworker, a peer mentor, nobody).
    pub by_accompaniment: Vec<Rate>,
    /// Appointments in the past with no outcome recorded (a data-quality figure).
    pub awaiting_outcome: Figure,
    /// Did-not-attends by reason.
    pub dna_reasons: Breakdown,
}

/// Referrals.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct ReferralFigures {
    /// Referrals sent in the month, by kind of service.
    pub made: Breakdown,
    /// Referrals accepted in the month.
    pub accepted: Figure,
    /// Referrals declined in the month.
    pub declined: Figure,
    /// Referrals whose first appointment was in the month.
    pub first_appointments: Figure,
    /// Of them, the median days from sending the referral to that first appointment.
    pub median_days_to_first_appointment: Option<f64>,
}

/// Releases from custody in the month.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct ReleaseFigures {
    /// Releases (a person released twice counts twice).
    pub releases: Figure,
    /// Of them, with an attended health appointment within 14 days of release.
    pub seen_within_14_days: Rate,
    /// Of them, with a support contact within 2 days of release.
    pub contact_within_2_days: Rate,
}

/// Peer mentoring.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct MentoringFigures {
    /// Links between a peer mentor and a client open at any time in the month.
    pub active_links: Figure,
    /// Appointments in the month the person attended with a peer mentor beside them.
    pub accompanied_appointments: Figure,
}

/// Outcome measures reviewed in the month: for each questionnaire, the people with a review (a
/// measure after their baseline) taken in the month, and of them those whose latest review that
/// month is a reliable improvement on their baseline.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct OutcomeFigures {
    /// PHQ-9 (depression).
    pub phq9: Rate,
    /// GAD-7 (anxiety).
    pub gad7: Rate,
    /// The wellbeing check.
    pub wellbeing: Rate,
}

/// Who the active clients are.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct EqualityFigures {
    /// By gender.
    pub gender: Breakdown,
    /// By ethnic group (the five groups of the 2021 census).
    pub ethnic_group: Breakdown,
    /// By age at the end of the month.
    pub age_band: Breakdown,
    /// By disability.
    pub disability: Breakdown,
}

/// One month of the 12-month trend.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct TrendMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Active clients.
    pub active_clients: Figure,
    /// Attendance rate when someone went with the person.
    pub accompanied: Rate,
    /// Attendance rate when they went alone.
    pub unaccompanied: Rate,
    /// Referrals sent.
    pub referrals_made: Figure,
    /// Releases, and of them those with an attended health appointment within 14 days.
    pub seen_within_14_days: Rate,
}

/// The monthly summary.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct MonthlySummary {
    /// The organisation's name.
    pub organisation: String,
    /// The month, `YYYY-MM` (London time).
    pub month: String,
    /// The month in words ("October 2026").
    pub month_name: String,
    /// Whom it covers.
    pub scope: ScopeLabel,
    /// Internal or external.
    pub audience: Audience,
    /// When it was made.
    pub produced_at: Timestamp,
    /// True while some computers' work for the month has not arrived: the figures may still change.
    pub provisional: bool,
    /// Those computers.
    pub missing_devices: Vec<MissingDevice>,
    /// Clients.
    pub clients: ClientFigures,
    /// Support contacts.
    pub contacts: ContactFigures,
    /// Appointments.
    pub appointments: AppointmentFigures,
    /// Referrals.
    pub referrals: ReferralFigures,
    /// GP registrations achieved in the month.
    pub gp_registrations: Figure,
    /// Releases.
    pub releases: ReleaseFigures,
    /// Peer mentoring.
    pub mentoring: MentoringFigures,
    /// Outcome measures: reliable improvement since the baseline.
    pub outcomes: OutcomeFigures,
    /// Equality monitoring of active clients.
    pub equality: EqualityFigures,
    /// The headline figures for the 12 months ending with this one, oldest first.
    pub trend: Vec<TrendMonth>,
}
