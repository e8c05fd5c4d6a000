//! The monthly summary as a two-page A4 PDF that a funder can read: page 1 says what it is and gives
//! the headline figures and attendance with and without someone alongside; page 2 the year's trend,
//! who the clients are, and referrals and releases.
//!
//! The pages are composed here from the summary; the drawing of text and shapes is in [`layout`],
//! and the charts, which take plain data, in [`charts`]. Fonts are embedded from `assets/fonts`, so
//! the file looks the same everywhere and nothing is fetched. Hidden figures appear as the summary
//! shows them (`<5`, `*`), never as a bar or a number.

mod charts;
pub(crate) mod flow;
mod layout;

use krilla::Document;
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;

use self::charts::{Area, Bar, Series};
use self::layout::{Align, Fonts, Pen, Weight, colour};
use super::files::{Headline, covers, headlines, produced_words, rate_words};
use super::{Audience, Breakdown, Figure, MonthlySummary, Rate};
use crate::{Error, Result};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 48.0;
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;

/// The audience, as the first page says it.
fn audience_words(a: Audience) -> &'static str {
    match a {
        Audience::Internal => "Internal — exact numbers",
        Audience::External => "External — counts from 1 to 4 shown as <5",
    }
}

/// Whom the summary covers, starting a line: "The whole organisation".
fn scope_words(s: &MonthlySummary) -> String {
    let words = covers(s);
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A rate as a person reads it.
fn rate_text(r: &Rate) -> String {
    match r.percent {
        Some(p) => format!("{p:.1}%"),
        None => rate_words(r).to_owned(),
    }
}

/// A count with thousands separated: `1,234`, or `<5` / `*`.
fn count_text(f: &Figure) -> String {
    f.value.map_or_else(|| f.shown(), thousands)
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "40 of 52", with hidden counts as they are shown.
fn of_text(r: &Rate, what: &str) -> String {
    format!("{} of {} {what}", count_text(&r.numerator), count_text(&r.denominator))
}

/// The line at the foot of each page.
fn footer(pen: &mut Pen<'_, '_>, s: &MonthlySummary, page: u32) {
    let y = PAGE_H - 30.0;
    pen.line(MARGIN, y - 10.0, PAGE_W - MARGIN, y - 10.0, 0.5, colour::rule());
    let about =
        format!("{} · Monthly summary, {} · {}", s.organisation, s.month_name, audience_words(s.audience));
    let (about, size) = pen.fonts.fit(&about, 7.5, 6.0, Weight::Regular, WIDTH - 60.0);
    pen.text(MARGIN, y, size, Weight::Regular, colour::grey(), Align::Left, &about);
    pen.text(
        PAGE_W - MARGIN,
        y,
        7.5,
        Weight::Regular,
        colour::grey(),
        Align::Right,
        &format!("Page {page} of 2"),
    );
}

/// A section's heading with a rule under it; returns the y below.
fn section(pen: &mut Pen<'_, '_>, y: f32, title: &str) -> f32 {
    pen.text(MARGIN, y + 12.0, 12.5, Weight::Bold, colour::blue(), Align::Left, title);
    pen.line(MARGIN, y + 18.0, PAGE_W - MARGIN, y + 18.0, 0.8, colour::blue());
    y + 26.0
}

fn first_page(pen: &mut Pen<'_, '_>, s: &MonthlySummary) {
    pen.rect(0.0, 0.0, PAGE_W, 8.0, colour::blue());
    let mut y = MARGIN + 8.0;
    let (org, size) = pen.fonts.fit(&s.organisation, 22.0, 14.0, Weight::Bold, WIDTH);
    pen.text(MARGIN, y + 14.0, size, Weight::Bold, colour::ink(), Align::Left, &org);
    y += 40.0;
    pen.text(MARGIN, y, 15.0, Weight::Bold, colour::blue(), Align::Left, "Monthly summary");
    pen.text(PAGE_W - MARGIN, y, 15.0, Weight::Bold, colour::blue(), Align::Right, &s.month_name);
    y += 20.0;
    let (scope, size) = pen.fonts.fit(&scope_words(s), 11.0, 8.0, Weight::Regular, WIDTH);
    pen.text(MARGIN, y, size, Weight::Regular, colour::ink(), Align::Left, &scope);
    y += 10.0;

    // Internal or external, where nobody can miss it.
    let (tint, ink) = match s.audience {
        Audience::Internal => (colour::amber(), colour::red()),
        Audience::External => (layout::Colour::new(0xE3, 0xF2, 0xE8), colour::green()),
    };
    let detail = match s.audience {
        Audience::Internal => "Not for sharing outside the organisation.",
        Audience::External => "Anything that would let a small count be worked out is shown as *.",
    };
    pen.rect(MARGIN, y, WIDTH, 22.0, tint);
    let w = pen.text(MARGIN + 8.0, y + 14.5, 9.5, Weight::Bold, ink, Align::Left, audience_words(s.audience));
    pen.text(MARGIN + 16.0 + w, y + 14.5, 8.5, Weight::Regular, colour::ink(), Align::Left, detail);
    y += 28.0;

    if s.provisional {
        let names: Vec<String> = s
            .missing_devices
            .iter()
            .map(|d| {
                let last = d.last_file_at.map_or_else(
                    || "no file yet".to_owned(),
                    |t| format!("last file {}", produced_words(&t)),
                );
                format!("{} ({last})", d.name)
            })
            .collect();
        let text = format!(
            "Provisional: work from these computers has not arrived yet, so the figures may still change: {}.",
            names.join("; ")
        );
        let lines = pen.fonts.wrap(&text, 8.5, Weight::Regular, WIDTH - 16.0);
        let h = 10.0 + lines.len() as f32 * 11.0;
        pen.rect(MARGIN, y, WIDTH, h, colour::amber());
        pen.rect(MARGIN, y, 3.0, h, colour::orange());
        pen.lines(MARGIN + 8.0, y + 14.0, 8.5, 11.0, Weight::Regular, colour::ink(), &lines);
        y += h + 6.0;
    }
    let produced = format!("Produced {} (UK time)", produced_words(&s.produced_at));
    pen.text(MARGIN, y + 10.0, 8.0, Weight::Regular, colour::grey(), Align::Left, &produced);
    y += 22.0;

    y = section(pen, y, "Headline figures");
    y = headline_grid(pen, s, y);

    y = section(pen, y + 6.0, "Attendance at health appointments");
    let a = &s.appointments;
    let bar = |r: &Rate, label: &str| Bar {
        label: label.to_owned(),
        value: r.percent,
        shown: rate_text(r),
        note: of_text(r, "attended"),
    };
    let bars = [bar(&a.accompanied, "Someone went with them"), bar(&a.unaccompanied, "They went alone")];
    let bottom = PAGE_H - 52.0;
    charts::columns(
        pen,
        Area { x: MARGIN, y, w: WIDTH, h: bottom - y },
        "Attendance rate: someone went with them, or alone",
        "Attended, of appointments attended or missed (%)",
        &bars,
    );
    footer(pen, s, 1);
}

/// The headline figures as cards, four to a row; returns the y below.
fn headline_grid(pen: &mut Pen<'_, '_>, s: &MonthlySummary, top: f32) -> f32 {
    const COLS: usize = 4;
    const GAP: f32 = 8.0;
    const H: f32 = 58.0;
    let w = (WIDTH - GAP * (COLS as f32 - 1.0)) / COLS as f32;
    let all = headlines(s);
    for (i, (label, h)) in all.iter().enumerate() {
        let x = MARGIN + (i % COLS) as f32 * (w + GAP);
        let y = top + (i / COLS) as f32 * (H + GAP);
        pen.rect(x, y, w, H, colour::faint());
        pen.rect(x, y, 3.0, H, colour::blue());
        let (value, note) = match h {
            Headline::Count(f) => (count_text(f), String::new()),
            Headline::Number(n) => (thousands(*n), String::new()),
            Headline::Rate(r) => {
                (rate_text(r), format!("{} of {}", count_text(&r.numerator), count_text(&r.denominator)))
            }
        };
        let hidden = matches!(h, Headline::Count(f) if f.value.is_none())
            || matches!(h, Headline::Rate(r) if r.percent.is_none());
        let (value_ink, size) = if hidden { (colour::grey(), 13.0) } else { (colour::ink(), 17.0) };
        pen.text(x + 10.0, y + 21.0, size, Weight::Bold, value_ink, Align::Left, &value);
        if !note.is_empty() {
            pen.text(x + w - 6.0, y + 20.0, 7.0, Weight::Regular, colour::grey(), Align::Right, &note);
        }
        let lines = pen.fonts.wrap(label, 7.5, Weight::Regular, w - 16.0);
        pen.lines(x + 10.0, y + 36.0, 7.5, 9.5, Weight::Regular, colour::ink(), &lines[..lines.len().min(2)]);
    }
    let rows = all.len().div_ceil(COLS);
    top + rows as f32 * (H + GAP)
}

/// `2026-10` as (`Oct`, `2026`); the year only under the first month and each January.
fn month_labels(s: &MonthlySummary) -> Vec<(String, String)> {
    s.trend
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let date = chrono::NaiveDate::parse_from_str(&format!("{}-01", m.month), "%Y-%m-%d").ok();
            let month = date.map_or_else(|| m.month.clone(), |d| d.format("%b").to_string());
            let year = date
                .filter(|d| i == 0 || d.format("%m").to_string() == "01")
                .map_or_else(String::new, |d| d.format("%Y").to_string());
            (month, year)
        })
        .collect()
}

fn bars_of(b: &Breakdown) -> Vec<Bar> {
    b.parts
        .iter()
        .map(|p| Bar {
            label: p.label.clone(),
            value: p.figure.value.map(|v| v as f64),
            shown: count_text(&p.figure),
            note: String::new(),
        })
        .collect()
}

fn second_page(pen: &mut Pen<'_, '_>, s: &MonthlySummary) {
    pen.rect(0.0, 0.0, PAGE_W, 8.0, colour::blue());
    let head = format!("{} · Monthly summary, {} · {}", s.organisation, s.month_name, scope_words(s));
    let (head, size) = pen.fonts.fit(&head, 8.5, 6.5, Weight::Regular, WIDTH);
    pen.text(MARGIN, MARGIN - 14.0, size, Weight::Regular, colour::grey(), Align::Left, &head);

    let mut y = section(pen, MARGIN, "The last 12 months");
    let labels = month_labels(s);
    let half = (WIDTH - 24.0) / 2.0;
    let x2 = MARGIN + half + 24.0;
    const TREND_H: f32 = 140.0;
    let one =
        |name: &str, values: Vec<Option<f64>>| Series { name: name.into(), colour: colour::blue(), values };
    let active =
        one("Active clients", s.trend.iter().map(|m| m.active_clients.value.map(|v| v as f64)).collect());
    charts::lines(
        pen,
        Area { x: MARGIN, y, w: half, h: TREND_H },
        "Active clients",
        "Clients with support open in the month",
        &labels,
        &[active],
        false,
    );
    let with = Series {
        name: "Someone went with them".into(),
        colour: colour::blue(),
        values: s.trend.iter().map(|m| m.accompanied.percent).collect(),
    };
    let alone = Series {
        name: "They went alone".into(),
        colour: colour::orange(),
        values: s.trend.iter().map(|m| m.unaccompanied.percent).collect(),
    };
    charts::lines(
        pen,
        Area { x: x2, y, w: half, h: TREND_H },
        "Attendance rate",
        "Attended, of appointments attended or missed (%)",
        &labels,
        &[with, alone],
        true,
    );
    y += TREND_H + 8.0;
    let made =
        one("Referrals made", s.trend.iter().map(|m| m.referrals_made.value.map(|v| v as f64)).collect());
    charts::lines(
        pen,
        Area { x: MARGIN, y, w: half, h: TREND_H },
        "Referrals made",
        "Referrals sent to a service in the month",
        &labels,
        &[made],
        false,
    );
    let seen = one("Seen within 14 days", s.trend.iter().map(|m| m.seen_within_14_days.percent).collect());
    charts::lines(
        pen,
        Area { x: x2, y, w: half, h: TREND_H },
        "Releases seen within 14 days",
        "Of releases, seen by a health service within 14 days (%)",
        &labels,
        &[seen],
        true,
    );
    y += TREND_H + 12.0;

    y = section(pen, y, "Who the active clients are");
    let e = &s.equality;
    let max = [&e.gender, &e.ethnic_group, &e.age_band, &e.disability]
        .iter()
        .flat_map(|b| b.parts.iter().filter_map(|p| p.figure.value))
        .max()
        .unwrap_or(0) as f64;
    let left = charts::rows(pen, MARGIN, y, half, "Gender", &bars_of(&e.gender), max);
    let left = charts::rows(pen, MARGIN, left + 6.0, half, "Disability", &bars_of(&e.disability), max);
    let right = charts::rows(pen, x2, y, half, "Ethnic group", &bars_of(&e.ethnic_group), max);
    let right =
        charts::rows(pen, x2, right + 6.0, half, "Age at the end of the month", &bars_of(&e.age_band), max);
    y = left.max(right) + 10.0;

    y = section(pen, y, "Referrals and releases");
    let r = &s.referrals;
    let rel = &s.releases;
    let median =
        r.median_days_to_first_appointment.map_or_else(|| "not shown".to_owned(), |d| format!("{d:.1}"));
    let left_rows: [(&str, String, String); 5] = [
        ("Referrals made", count_text(&r.made.total), String::new()),
        ("Referrals accepted", count_text(&r.accepted), String::new()),
        ("Referrals declined", count_text(&r.declined), String::new()),
        ("First appointments after a referral", count_text(&r.first_appointments), String::new()),
        ("Median days from referral to first appointment", median, String::new()),
    ];
    let right_rows: [(&str, String, String); 3] = [
        ("Releases from custody", count_text(&rel.releases), String::new()),
        (
            "Seen by a health service within 14 days",
            rate_text(&rel.seen_within_14_days),
            of_text(&rel.seen_within_14_days, "releases"),
        ),
        (
            "A support contact within 2 days",
            rate_text(&rel.contact_within_2_days),
            of_text(&rel.contact_within_2_days, "releases"),
        ),
    ];
    // A row: the label and its value on one line, a rate's counts in small grey under the label.
    let figure_rows = |pen: &mut Pen<'_, '_>, x: f32, rows: &[(&str, String, String)]| {
        let mut yy = y;
        for (label, value, note) in rows {
            let value_w = pen.fonts.width(value, 9.5, Weight::Bold);
            let (label, size) = pen.fonts.fit(label, 8.5, 7.0, Weight::Regular, half - value_w - 12.0);
            pen.text(x, yy + 9.0, size, Weight::Regular, colour::ink(), Align::Left, &label);
            pen.text(x + half, yy + 9.0, 9.5, Weight::Bold, colour::ink(), Align::Right, value);
            if !note.is_empty() {
                yy += 9.5;
                pen.text(x, yy + 9.0, 7.0, Weight::Regular, colour::grey(), Align::Left, note);
            }
            pen.line(x, yy + 13.0, x + half, yy + 13.0, 0.4, colour::rule());
            yy += 17.0;
        }
        yy
    };
    let a = figure_rows(pen, MARGIN, &left_rows);
    let b = figure_rows(pen, x2, &right_rows);
    y = a.max(b) + 12.0;

    // How to read it.
    let mut notes = vec![
        "Figures follow the definitions of the monthly summary: a client is active when their support was open at any time in the month; attendance counts appointments attended or missed, by who was arranged to go with the person.".to_owned(),
    ];
    if s.audience == Audience::External {
        notes.push(
            "<5 is a count from 1 to 4. * is hidden so that a small count cannot be worked out from the others. A rate is not shown when either of its counts is hidden."
                .to_owned(),
        );
    }
    for n in notes {
        let lines = pen.fonts.wrap(&n, 7.5, Weight::Regular, WIDTH);
        y = pen.lines(MARGIN, y + 8.0, 7.5, 9.5, Weight::Regular, colour::grey(), &lines);
    }
    footer(pen, s, 2);
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::invalid("format", format!("The PDF could not be made ({e}). Nothing was saved."))
}

/// The summary as a two-page A4 PDF.
pub fn document(s: &MonthlySummary) -> Result<Vec<u8>> {
    let fonts = Fonts::load()?;
    let mut doc = Document::new();
    let t = s.produced_at.as_datetime();
    use chrono::{Datelike, Timelike};
    let created = DateTime::new(u16::try_from(t.year()).unwrap_or(2000))
        .month(t.month() as u8)
        .day(t.day() as u8)
        .hour(t.hour() as u8)
        .minute(t.minute() as u8)
        .second(t.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    doc.set_metadata(
        Metadata::new()
            .title(format!("Monthly summary, {}: {}", s.month_name, s.organisation))
            .description(format!("{}. {}.", scope_words(s), audience_words(s.audience)))
            .creator("Throughcare".into())
            .language("en-GB".into())
            .creation_date(created),
    );
    let settings = || PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| failed("page size"));
    {
        let mut page = doc.start_page_with(settings()?);
        let mut pen = Pen::new(page.surface(), &fonts);
        first_page(&mut pen, s);
        pen.finish();
        page.finish();
    }
    {
        let mut page = doc.start_page_with(settings()?);
        let mut pen = Pen::new(page.surface(), &fonts);
        second_page(&mut pen, s);
        pen.finish();
        page.finish();
    }
    doc.finish().map_err(failed)
}
