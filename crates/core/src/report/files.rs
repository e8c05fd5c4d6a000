//! Writing a summary to a file: JSON (the typed structure), CSV (tidy: one row per figure), XLSX
//! (tables and charts, [`super::xlsx`]) and PDF (two pages for a funder, [`super::pdf`]).
//!
//! Every file says which organisation, month and scope it covers, whether it is internal or
//! external, whether it is provisional, and when it was made. A file is written to a temporary name
//! beside its destination, readable by its owner only, and renamed into place once complete, so it
//! exists whole or not at all; each export is audited.

use std::path::Path;

use super::{Breakdown, Figure, MonthlySummary, Rate, ReportRequest};
use crate::store::{Actor, Store};
use crate::time::Timestamp;
use crate::{Error, Result};

/// A file format for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    /// The typed structure, for other programs.
    Json,
    /// One row per figure, for spreadsheets.
    Csv,
    /// A workbook: headline figures, a sheet per section, charts.
    Xlsx,
    /// Two printable pages for a funder.
    Pdf,
}

impl ReportFormat {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Pdf => "pdf",
        }
    }
}

/// One figure as a row: which section and figure, which part, and its value as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TidyRow {
    /// The section ("Clients", "Appointments"…).
    pub section: &'static str,
    /// The figure ("Active clients", "Appointments by outcome"…).
    pub figure: String,
    /// The part of a breakdown ("Attended"), or "Total", or "" for a single figure.
    pub part: String,
    /// The figure's key (see [`super::drill`]).
    pub key: String,
    /// The number, `<5`, `*`, or a percentage.
    pub value: String,
}

fn single(out: &mut Vec<TidyRow>, section: &'static str, figure: &str, f: &Figure) {
    out.push(TidyRow {
        section,
        figure: figure.into(),
        part: String::new(),
        key: f.key.clone(),
        value: f.shown(),
    });
}

fn breakdown(out: &mut Vec<TidyRow>, section: &'static str, figure: &str, b: &Breakdown) {
    out.push(TidyRow {
        section,
        figure: figure.into(),
        part: "Total".into(),
        key: b.total.key.clone(),
        value: b.total.shown(),
    });
    for p in &b.parts {
        out.push(TidyRow {
            section,
            figure: figure.into(),
            part: p.label.clone(),
            key: p.figure.key.clone(),
            value: p.figure.shown(),
        });
    }
}

/// A rate's percentage as shown: `72.5%`, or "not shown".
pub fn percent(r: &Rate) -> String {
    match r.percent {
        Some(p) => format!("{p:.1}%"),
        None if r.numerator.value.is_none() || r.denominator.value.is_none() => "not shown".into(),
        None => "none to count".into(),
    }
}

fn rate(out: &mut Vec<TidyRow>, section: &'static str, figure: &str, r: &Rate) {
    let part = r.label.clone();
    out.push(TidyRow {
        section,
        figure: figure.into(),
        part: format!("{part}: rate"),
        key: String::new(),
        value: percent(r),
    });
    out.push(TidyRow {
        section,
        figure: figure.into(),
        part: format!("{part}: counted"),
        key: r.numerator.key.clone(),
        value: r.numerator.shown(),
    });
    out.push(TidyRow {
        section,
        figure: figure.into(),
        part: format!("{part}: of"),
        key: r.denominator.key.clone(),
        value: r.denominator.shown(),
    });
}

/// Every figure of a summary, in reading order.
pub fn tidy(s: &MonthlySummary) -> Vec<TidyRow> {
    let mut out = Vec::new();
    let o = &mut out;
    single(o, "Clients", "Active clients", &s.clients.active);
    single(o, "Clients", "New clients", &s.clients.new);
    single(o, "Clients", "Support opened again", &s.clients.reopened);
    breakdown(o, "Clients", "Support closed, by reason", &s.clients.closed);
    breakdown(o, "Support contacts", "Contacts, by kind", &s.contacts.by_kind);
    o.push(TidyRow {
        section: "Support contacts",
        figure: "Minutes of contact".into(),
        part: String::new(),
        key: String::new(),
        value: s.contacts.minutes.to_string(),
    });
    let a = &s.appointments;
    breakdown(o, "Appointments", "Appointments, by outcome", &a.by_outcome);
    rate(o, "Appointments", "Attendance", &a.attendance);
    rate(o, "Appointments", "Attendance", &a.accompanied);
    rate(o, "Appointments", "Attendance", &a.unaccompanied);
    for r in &a.by_accompaniment {
        rate(o, "Appointments", "Attendance, by who went with them", r);
    }
    single(o, "Appointments", "In the past with no outcome recorded", &a.awaiting_outcome);
    breakdown(o, "Appointments", "Did not attend, by reason", &a.dna_reasons);
    breakdown(o, "Referrals", "Referrals made, by service", &s.referrals.made);
    single(o, "Referrals", "Accepted", &s.referrals.accepted);
    single(o, "Referrals", "Declined", &s.referrals.declined);
    single(o, "Referrals", "First appointments", &s.referrals.first_appointments);
    o.push(TidyRow {
        section: "Referrals",
        figure: "Median days from sending to first appointment".into(),
        part: String::new(),
        key: String::new(),
        value: s
            .referrals
            .median_days_to_first_appointment
            .map_or_else(|| "not shown".into(), |d| format!("{d:.1}")),
    });
    single(o, "Health", "GP registrations achieved", &s.gp_registrations);
    single(o, "Releases", "Releases from custody", &s.releases.releases);
    rate(o, "Releases", "After release", &s.releases.seen_within_14_days);
    rate(o, "Releases", "After release", &s.releases.contact_within_2_days);
    single(o, "Peer mentoring", "Active mentor links", &s.mentoring.active_links);
    single(o, "Peer mentoring", "Appointments a peer mentor went to", &s.mentoring.accompanied_appointments);
    for r in [&s.outcomes.phq9, &s.outcomes.gad7, &s.outcomes.wellbeing] {
        rate(o, "Outcome measures", "Reviewed in the month", r);
    }
    breakdown(o, "Equality", "Active clients, by gender", &s.equality.gender);
    breakdown(o, "Equality", "Active clients, by ethnic group", &s.equality.ethnic_group);
    breakdown(o, "Equality", "Active clients, by age", &s.equality.age_band);
    breakdown(o, "Equality", "Active clients, by disability", &s.equality.disability);
    for t in &s.trend {
        let f = format!("Trend: {}", t.month);
        single(o, "Trend", &f, &t.active_clients);
        if let Some(last) = o.last_mut() {
            last.part = "Active clients".into();
        }
        rate(o, "Trend", &f, &t.accompanied);
        rate(o, "Trend", &f, &t.unaccompanied);
        single(o, "Trend", &f, &t.referrals_made);
        if let Some(last) = o.last_mut() {
            last.part = "Referrals made".into();
        }
        rate(o, "Trend", &f, &t.seen_within_14_days);
    }
    out
}

/// When, as people in the UK read it: `1 December 2026 at 13:05` (London time).
pub fn produced_words(t: &Timestamp) -> String {
    t.as_datetime().with_timezone(&chrono_tz::Europe::London).format("%-d %B %Y at %H:%M").to_string()
}

/// Whom the summary covers, in words: "the whole organisation", "team North" or a caseload's name.
pub(crate) fn covers(s: &MonthlySummary) -> String {
    match s.scope.kind.as_str() {
        "organisation" => "the whole organisation".to_owned(),
        "team" => format!("team {}", s.scope.name),
        _ => s.scope.name.clone(),
    }
}

/// What a rate with no percentage says: hidden, or nothing to count.
pub(crate) fn rate_words(r: &Rate) -> &'static str {
    if r.numerator.value.is_none() || r.denominator.value.is_none() { "not shown" } else { "none to count" }
}

/// One headline figure.
pub(crate) enum Headline<'a> {
    /// A count.
    Count(Figure),
    /// A number that is never hidden (minutes).
    Number(u64),
    /// A rate.
    Rate(&'a Rate),
}

/// A breakdown's part by code (zero if it has none).
pub(crate) fn part_of(b: &Breakdown, code: &str) -> Figure {
    b.parts.iter().find(|p| p.code == code).map_or_else(|| Figure::new(code, 0), |p| p.figure.clone())
}

/// The headline figures, in reading order: the front sheet's, and the PDF's first page.
pub(crate) fn headlines(s: &MonthlySummary) -> Vec<(&'static str, Headline<'_>)> {
    let a = &s.appointments;
    vec![
        ("Active clients", Headline::Count(s.clients.active.clone())),
        ("New clients", Headline::Count(s.clients.new.clone())),
        ("Support opened again", Headline::Count(s.clients.reopened.clone())),
        ("Support contacts", Headline::Count(s.contacts.by_kind.total.clone())),
        ("Minutes of contact", Headline::Number(s.contacts.minutes)),
        ("Appointments attended", Headline::Count(part_of(&a.by_outcome, "attended"))),
        ("Appointments missed (did not attend)", Headline::Count(part_of(&a.by_outcome, "dna"))),
        ("Attendance rate, all appointments", Headline::Rate(&a.attendance)),
        ("Attendance rate, someone went with them", Headline::Rate(&a.accompanied)),
        ("Attendance rate, they went alone", Headline::Rate(&a.unaccompanied)),
        ("Referrals made", Headline::Count(s.referrals.made.total.clone())),
        ("Releases from custody", Headline::Count(s.releases.releases.clone())),
        ("Releases seen by a health service within 14 days", Headline::Rate(&s.releases.seen_within_14_days)),
        ("GP registrations achieved", Headline::Count(s.gp_registrations.clone())),
        ("Active peer mentor links", Headline::Count(s.mentoring.active_links.clone())),
        ("Appointments a peer mentor went to", Headline::Count(s.mentoring.accompanied_appointments.clone())),
        ("PHQ-9 reviews showing reliable improvement", Headline::Rate(&s.outcomes.phq9)),
    ]
}

/// A text cell that a spreadsheet would read as a formula is written with a leading apostrophe.
pub fn cell_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() }
}

fn csv_field(s: &str) -> String {
    let s = cell_text(s);
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// The summary as CSV: a few lines saying what it is, then one row per figure.
pub fn csv(s: &MonthlySummary) -> Vec<u8> {
    let mut out = String::new();
    let line = |out: &mut String, cells: &[&str]| {
        out.push_str(&cells.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    };
    line(&mut out, &["organisation", "month", "scope", "audience", "provisional", "produced_at"]);
    line(
        &mut out,
        &[
            &s.organisation,
            &s.month,
            &s.scope.name,
            s.audience.words(),
            if s.provisional { "yes: some computers' work for the month has not arrived" } else { "no" },
            &s.produced_at.to_string(),
        ],
    );
    out.push_str("\r\n");
    line(&mut out, &["section", "figure", "part", "value", "key"]);
    for r in tidy(s) {
        line(&mut out, &[r.section, &r.figure, &r.part, &r.value, &r.key]);
    }
    out.into_bytes()
}

/// The summary in a format.
pub fn render(s: &MonthlySummary, format: ReportFormat) -> Result<Vec<u8>> {
    Ok(match format {
        ReportFormat::Json => serde_json::to_vec_pretty(s)?,
        ReportFormat::Csv => csv(s),
        ReportFormat::Xlsx => super::xlsx::workbook(s)?,
        ReportFormat::Pdf => super::pdf::document(s)?,
    })
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct SavedReport {
    /// Where.
    pub path: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Whether the month's figures may still change.
    pub provisional: bool,
}

/// Writes `bytes` to `path` whole or not at all, readable by its owner only, with a message that
/// names the file if it cannot.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.file_name().is_none() {
        return Err(Error::invalid("out", "Choose a file name to save to."));
    }
    crate::files::write_private(path, bytes).map_err(|e| {
        Error::invalid("out", format!("{} could not be written ({e}). Nothing was saved.", path.display()))
    })
}

impl Store {
    /// Writes the summary `request` asks for to `path` in `format`, and records that in the audit log.
    pub fn export_report(
        &mut self,
        actor: &Actor,
        request: &ReportRequest,
        format: ReportFormat,
        path: &Path,
    ) -> Result<SavedReport> {
        let summary = self.monthly_summary(actor, request)?;
        let bytes = render(&summary, format)?;
        write_whole(path, &bytes)?;
        let detail = format!(
            "monthly summary {} {} {} {}",
            summary.month,
            summary.scope.kind,
            match request.audience {
                super::Audience::Internal => "internal",
                super::Audience::External => "external",
            },
            format.extension()
        );
        self.keeping_the_summary(|s| {
            s.write(actor, |tx| tx.audit(crate::audit::AuditAction::Export, None, None, Some(&detail)))
        })?;
        Ok(SavedReport {
            path: path.display().to_string(),
            bytes: bytes.len() as u64,
            provisional: summary.provisional,
        })
    }
}
