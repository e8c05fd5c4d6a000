//! The monthly summary as a spreadsheet: a front sheet of headline figures, one sheet per section as
//! a table with a frozen header, and native charts.
//!
//! Two rules shape it. A hidden figure is text (`<5`, `*`, "not shown"), never a number, so no sum
//! or chart can bring it back; and no cell is ever a formula: every text cell is written as a string
//! after [`cell_text`], and nothing is written with `write_formula`. A spreadsheet chart plots a text
//! cell as zero, which would draw a hidden figure as "none", so each chart reads a small block of
//! chart data beside its table in which a hidden figure is an empty cell (a gap).

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartEmptyCells, ChartFormat, ChartLine, ChartMarker, ChartMarkerType,
    ChartSolidFill, Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::files::{Headline, cell_text, covers, headlines, produced_words, rate_words};
use super::{Breakdown, Figure, MonthlySummary, Rate};
use crate::{Error, Result};

const BLUE: u32 = 0x1F4E79;
const TEAL: u32 = 0x2E8B7A;
const ORANGE: u32 = 0xC55A11;
const HEADER_FILL: u32 = 0xDDEBF7;

/// The cell formats, made once.
struct Styles {
    title: Format,
    subtitle: Format,
    note: Format,
    warning: Format,
    header: Format,
    label: Format,
    count: Format,
    percent: Format,
    days: Format,
    hidden: Format,
}

impl Styles {
    fn new() -> Styles {
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(Color::RGB(HEADER_FILL))
            .set_border_bottom(FormatBorder::Thin);
        Styles {
            title: Format::new().set_bold().set_font_size(16).set_font_color(Color::RGB(BLUE)),
            subtitle: Format::new().set_bold().set_font_size(12),
            note: Format::new().set_italic().set_font_color(Color::RGB(0x595959)),
            warning: Format::new().set_bold().set_font_color(Color::RGB(0x9C2A00)),
            header,
            label: Format::new().set_align(FormatAlign::Top),
            count: Format::new().set_num_format("#,##0"),
            percent: Format::new().set_num_format("0.0%"),
            days: Format::new().set_num_format("0.0"),
            // A figure that is not shown: text, set right like the numbers around it.
            hidden: Format::new().set_align(FormatAlign::Right).set_font_color(Color::RGB(0x595959)),
        }
    }
}

fn failed(e: XlsxError) -> Error {
    Error::invalid("format", format!("The spreadsheet could not be made ({e}). Nothing was saved."))
}

/// Text, never a formula.
fn text(ws: &mut Worksheet, row: u32, col: u16, s: &str, format: &Format) -> Result<()> {
    ws.write_string_with_format(row, col, cell_text(s), format).map_err(failed)?;
    Ok(())
}

/// A count: its number, or `<5` / `*` as text.
fn count(ws: &mut Worksheet, row: u32, col: u16, f: &Figure, st: &Styles) -> Result<()> {
    match f.value {
        Some(v) => ws.write_number_with_format(row, col, v as f64, &st.count).map(|_| ()).map_err(failed),
        None => text(ws, row, col, &f.shown(), &st.hidden),
    }
}

/// A rate as a percentage (0.0%), or in words.
fn percent(ws: &mut Worksheet, row: u32, col: u16, r: &Rate, st: &Styles) -> Result<()> {
    match r.percent {
        Some(p) => ws.write_number_with_format(row, col, p / 100.0, &st.percent).map(|_| ()).map_err(failed),
        None => text(ws, row, col, rate_words(r), &st.hidden),
    }
}

/// A rate's value for a chart: a share from 0 to 1, or nothing.
fn share(r: &Rate) -> Option<f64> {
    r.percent.map(|p| p / 100.0)
}

/// A count's value for a chart, or nothing.
fn plotted(f: &Figure) -> Option<f64> {
    f.value.map(|v| v as f64)
}

/// Printed, a sheet is landscape and one page wide.
fn printable(ws: &mut Worksheet) {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
}

/// The lines at the top of every sheet: what it is, whose, which month, for whom.
fn heading(ws: &mut Worksheet, title: &str, s: &MonthlySummary, st: &Styles) -> Result<()> {
    text(ws, 0, 0, title, &st.title)?;
    text(ws, 1, 0, &format!("{}: {}, {}", s.organisation, covers(s), s.month_name), &st.subtitle)?;
    let mut about = s.audience.words().to_owned();
    if s.provisional {
        about.push_str(". Provisional: some computers' work for the month has not arrived yet.");
    }
    text(ws, 2, 0, &about, if s.provisional { &st.warning } else { &st.note })?;
    Ok(())
}

/// A section sheet: one table of figures (figure, part, value, counted, of) under a frozen header.
struct Section<'a> {
    ws: Worksheet,
    row: u32,
    st: &'a Styles,
}

/// Where a section's table starts, below the heading; the rows above it stay in view.
const TABLE_ROW: u32 = 4;
/// The first column of the chart data, right of the charts.
const DATA_COL: u16 = 15;

impl<'a> Section<'a> {
    fn new(name: &str, title: &str, s: &MonthlySummary, st: &'a Styles) -> Result<Section<'a>> {
        let mut ws = Worksheet::new();
        ws.set_name(name).map_err(failed)?;
        heading(&mut ws, title, s, st)?;
        for (col, (h, width)) in
            [("Figure", 54.0), ("Part", 44.0), ("Value", 12.0), ("Counted", 11.0), ("Of", 11.0)]
                .into_iter()
                .enumerate()
        {
            let col = col as u16;
            text(&mut ws, TABLE_ROW, col, h, &st.header)?;
            ws.set_column_width(col, width).map_err(failed)?;
        }
        ws.set_freeze_panes(TABLE_ROW + 1, 0).map_err(failed)?;
        printable(&mut ws);
        Ok(Section { ws, row: TABLE_ROW + 1, st })
    }

    fn labels(&mut self, figure: &str, part: &str) -> Result<u32> {
        let row = self.row;
        self.row += 1;
        text(&mut self.ws, row, 0, figure, &self.st.label)?;
        text(&mut self.ws, row, 1, part, &self.st.label)?;
        Ok(row)
    }

    fn figure(&mut self, figure: &str, f: &Figure) -> Result<()> {
        let row = self.labels(figure, "")?;
        count(&mut self.ws, row, 2, f, self.st)
    }

    fn number(&mut self, figure: &str, n: u64) -> Result<()> {
        let row = self.labels(figure, "")?;
        self.ws.write_number_with_format(row, 2, n as f64, &self.st.count).map_err(failed)?;
        Ok(())
    }

    fn days(&mut self, figure: &str, days: Option<f64>) -> Result<()> {
        let row = self.labels(figure, "")?;
        match days {
            Some(d) => self.ws.write_number_with_format(row, 2, d, &self.st.days).map(|_| ()).map_err(failed),
            None => text(&mut self.ws, row, 2, "not shown", &self.st.hidden),
        }
    }

    fn breakdown(&mut self, figure: &str, b: &Breakdown) -> Result<()> {
        let row = self.labels(figure, "Total")?;
        count(&mut self.ws, row, 2, &b.total, self.st)?;
        for p in &b.parts {
            let row = self.labels(figure, &p.label)?;
            count(&mut self.ws, row, 2, &p.figure, self.st)?;
        }
        Ok(())
    }

    fn rate(&mut self, figure: &str, r: &Rate) -> Result<()> {
        let row = self.labels(figure, &r.label)?;
        percent(&mut self.ws, row, 2, r, self.st)?;
        count(&mut self.ws, row, 3, &r.numerator, self.st)?;
        count(&mut self.ws, row, 4, &r.denominator, self.st)
    }

    fn gap(&mut self) {
        self.row += 1;
    }
}

/// Writes a block of chart data at (`top`, `col`): a header, then a label and values per row, an
/// empty cell where a value is not shown. Returns the first and last data rows.
fn chart_data(
    ws: &mut Worksheet,
    top: u32,
    col: u16,
    header: &[&str],
    rows: &[(String, Vec<Option<f64>>)],
    number: &Format,
    st: &Styles,
) -> Result<(u32, u32)> {
    text(ws, top, col, "Chart data (empty where a figure is not shown)", &st.note)?;
    for (i, h) in header.iter().enumerate() {
        text(ws, top + 1, col + i as u16, h, &st.header)?;
    }
    for (i, (label, values)) in rows.iter().enumerate() {
        let row = top + 2 + i as u32;
        text(ws, row, col, label, &st.label)?;
        for (j, v) in values.iter().enumerate() {
            if let Some(v) = v {
                ws.write_number_with_format(row, col + 1 + j as u16, *v, number).map_err(failed)?;
            }
        }
    }
    ws.set_column_width(col, 30).map_err(failed)?;
    for j in 1..header.len() {
        ws.set_column_width(col + j as u16, 14).map_err(failed)?;
    }
    Ok((top + 2, top + 1 + rows.len().max(1) as u32))
}

fn fill(colour: u32) -> ChartFormat {
    let mut f = ChartFormat::new();
    f.set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(colour)));
    f
}

fn line(colour: u32) -> ChartFormat {
    let mut f = ChartFormat::new();
    f.set_line(ChartLine::new().set_color(Color::RGB(colour)).set_width(2.25));
    f
}

fn marker(colour: u32) -> ChartMarker {
    let mut m = ChartMarker::new();
    m.set_type(ChartMarkerType::Circle).set_size(6).set_format(&mut fill(colour));
    m
}

fn summary_sheet(s: &MonthlySummary, st: &Styles) -> Result<Worksheet> {
    let mut ws = Worksheet::new();
    ws.set_name("Summary").map_err(failed)?;
    printable(&mut ws);
    text(&mut ws, 0, 0, &s.organisation, &st.title)?;
    text(&mut ws, 1, 0, &format!("Monthly summary: {}", s.month_name), &st.subtitle)?;
    ws.set_column_width(0, 46).map_err(failed)?;
    ws.set_column_width(1, 14).map_err(failed)?;
    ws.set_column_width(2, 12).map_err(failed)?;
    ws.set_column_width(3, 12).map_err(failed)?;
    ws.set_column_width(4, 40).map_err(failed)?;
    let mut row = 3;
    let mut about = |ws: &mut Worksheet, label: &str, value: &str, format: &Format| -> Result<()> {
        text(ws, row, 0, label, &st.subtitle)?;
        ws.merge_range(row, 1, row, 4, &cell_text(value), format).map_err(failed)?;
        row += 1;
        Ok(())
    };
    let plain = Format::new().set_align(FormatAlign::Left);
    about(&mut ws, "Organisation", &s.organisation, &plain)?;
    about(&mut ws, "Month", &format!("{} ({})", s.month_name, s.month), &plain)?;
    about(&mut ws, "Covers", &covers(s), &plain)?;
    about(&mut ws, "Audience", s.audience.words(), &plain)?;
    if s.provisional {
        about(
            &mut ws,
            "Provisional",
            "Yes: some computers' work for the month has not arrived, so these figures may still change.",
            &st.warning,
        )?;
        for d in &s.missing_devices {
            let last = d
                .last_file_at
                .map_or_else(|| "no file yet".to_owned(), |t| format!("last file {}", produced_words(&t)));
            about(&mut ws, "Not yet arrived from", &format!("{} ({last})", d.name), &st.warning)?;
        }
    } else {
        about(&mut ws, "Provisional", "No: every computer's work for the month has arrived.", &plain)?;
    }
    about(&mut ws, "Produced", &format!("{} (UK time)", produced_words(&s.produced_at)), &plain)?;
    row += 1;
    let top = row;
    for (col, h) in ["Headline figure", "Value", "Counted", "Of"].into_iter().enumerate() {
        text(&mut ws, top, col as u16, h, &st.header)?;
    }
    ws.set_freeze_panes(2, 0).map_err(failed)?;
    let mut row = top + 1;
    for (label, h) in headlines(s) {
        text(&mut ws, row, 0, label, &st.label)?;
        match h {
            Headline::Count(f) => count(&mut ws, row, 1, &f, st)?,
            Headline::Number(n) => {
                ws.write_number_with_format(row, 1, n as f64, &st.count).map_err(failed)?;
            }
            Headline::Rate(r) => {
                percent(&mut ws, row, 1, r, st)?;
                count(&mut ws, row, 2, &r.numerator, st)?;
                count(&mut ws, row, 3, &r.denominator, st)?;
            }
        }
        row += 1;
    }
    row += 2;
    text(
        &mut ws,
        row,
        0,
        "Each section has its own sheet, with every figure and how it breaks down.",
        &st.note,
    )?;
    ws.set_active(true);
    Ok(ws)
}

fn clients_sheet(s: &MonthlySummary, st: &Styles) -> Result<Worksheet> {
    let mut t = Section::new("Clients", "Clients", s, st)?;
    t.figure("Active clients (support open at any time in the month)", &s.clients.active)?;
    t.figure("New clients (first support opened in the month)", &s.clients.new)?;
    t.figure("Support opened again", &s.clients.reopened)?;
    t.gap();
    t.breakdown("Support closed, by reason", &s.clients.closed)?;
    Ok(t.ws)
}

fn contacts_sheet(s: &MonthlySummary, st: &Styles) -> Result<Worksheet> {
    let mut t = Section::new("Contacts", "Support contacts", s, st)?;
    t.breakdown("Contacts, by kind", &s.contacts.by_kind)?;
    t.gap();
    t.number("Minutes of contact", s.contacts.minutes)?;
    Ok(t.ws)
}

fn appointments_sheet(s: &MonthlySummary, st: &Styles) -> Result<Worksheet> {
    let a = &s.appointments;
    let mut t = Section::new("Appointments", "Health appointments", s, st)?;
    t.breakdown("Appointments, by outcome", &a.by_outcome)?;
    t.gap();
    t.rate("Attendance", &a.attendance)?;
    t.rate("Attendance", &a.accompanied)?;
    t.rate("Attendance", &a.unaccompanied)?;
    for r in &a.by_accompaniment {
        t.rate("Attendance, by who was to go with them", r)?;
    }
    t.gap();
    t.figure("In the past with no outcome recorded", &a.awaiting_outcome)?;
    t.gap();
    t.breakdown("Did not attend, by reason", &a.dna_reasons)?;
    let mut ws = t.ws;
    let rows = vec![
        (a.accompanied.label.clone(), vec![share(&a.accompanied)]),
        (a.unaccompanied.label.clone(), vec![share(&a.unaccompanied)]),
    ];
    let (first, last) = chart_data(
        &mut ws,
        TABLE_ROW,
        DATA_COL,
        &["Appointments", "Attendance rate"],
        &rows,
        &st.percent,
        st,
    )?;
    let mut chart = Chart::new_column();
    chart.title().set_name("Attendance: someone went with them, or alone");
    chart
        .add_series()
        .set_name("Attendance rate")
        .set_categories(("Appointments", first, DATA_COL, last, DATA_COL))
        .set_values(("Appointments", first, DATA_COL + 1, last, DATA_COL + 1))
        .set_format(&mut fill(BLUE))
        .set_data_label(ChartDataLabel::new().show_value().set_num_format("0.0%"))
        .set_gap(80);
    chart.x_axis().set_name("Appointments");
    chart
        .y_axis()
        .set_name("Attended, of those attended or missed")
        .set_num_format("0%")
        .set_min(0)
        .set_max(1);
    chart.legend().set_hidden();
    chart.show_empty_cells_as(ChartEmptyCells::Gaps);
    chart.set_alt_text(
        "A column chart of the attendance rate when someone went with the person and when they went alone.",
    );
    ws.insert_chart(TABLE_ROW, 6, &chart).map_err(failed)?;
    Ok(ws)
}

fn referrals_sheet(s: &MonthlySummary, st: &Styles) -> Result<Worksheet> {
    let r = &s.referrals;
    let mut t = Section::new("Referrals", "Referrals", s, st)?;
    t.breakdown("Referrals made, by service", &r.made)?;
    t.gap();
    t.figure("Referrals accepted", &r.accepted)?;
    t.figure("Referrals declined", &r.declined)?;
    t.figure("First appointments after a referral", &r.first_appointments)?;
    t.days("Median days from sending to first appointment", r.median_days_to_first_appointment)?;
    t.gap();
    t.figure("GP registrations achieved", &s.gp_registrations)?;
    Ok(t.ws)
}

fn releases_sheet(s: &MonthlySummary, st: &Styles) -> Result<Worksheet> {
    let r = &s.releases;
    let mut t = Section::new("Releases", "Releases from custody", s, st)?;
    t.figure("Releases (a person released twice counts twice)", &r.releases)?;
    t.rate("After release", &r.seen_within_14_days)?;
    t.rate("After release", &r.contact_within_2_days)?;
    Ok(t.ws)
}

fn mentoring_sheet(s: &MonthlySummary, st: &Styles) -> Result<Worksheet> {
    let mut t = Section::new("Mentoring", "Peer mentoring", s, st)?;
    t.figure("Active peer mentor links", &s.mentoring.active_links)?;
    t.figure("Appointments a peer mentor went to", &s.mentoring.accompanied_appointments)?;
    Ok(t.ws)
}

fn outcomes_sheet(s: &MonthlySummary, st: &Styles) -> Result<Worksheet> {
    let mut t = Section::new("Outcomes", "Outcome measures reviewed in the month", s, st)?;
    for r in [&s.outcomes.phq9, &s.outcomes.gad7, &s.outcomes.wellbeing] {
        t.rate("Reviewed in the month", r)?;
    }
    Ok(t.ws)
}

fn equality_sheet(s: &MonthlySummary, st: &Styles) -> Result<Worksheet> {
    let e = &s.equality;
    let groups: [(&str, &str, &Breakdown); 4] = [
        ("Gender", "Active clients, by gender", &e.gender),
        ("Ethnic group", "Active clients, by ethnic group", &e.ethnic_group),
        ("Age", "Active clients, by age at the month's end", &e.age_band),
        ("Disability", "Active clients, by disability", &e.disability),
    ];
    let mut t = Section::new("Equality", "Equality monitoring of active clients", s, st)?;
    for (i, (_, figure, b)) in groups.iter().enumerate() {
        if i > 0 {
            t.gap();
        }
        t.breakdown(figure, b)?;
    }
    let mut ws = t.ws;
    let mut top = TABLE_ROW;
    for (i, (name, figure, b)) in groups.iter().enumerate() {
        let rows: Vec<(String, Vec<Option<f64>>)> =
            b.parts.iter().map(|p| (p.label.clone(), vec![plotted(&p.figure)])).collect();
        let (first, last) =
            chart_data(&mut ws, top, DATA_COL, &[name, "Active clients"], &rows, &st.count, st)?;
        top = last + 2;
        let mut chart = Chart::new_bar();
        chart.title().set_name(*figure);
        chart
            .add_series()
            .set_name("Active clients")
            .set_categories(("Equality", first, DATA_COL, last, DATA_COL))
            .set_values(("Equality", first, DATA_COL + 1, last, DATA_COL + 1))
            .set_format(&mut fill(TEAL))
            .set_data_label(ChartDataLabel::new().show_value())
            .set_gap(60);
        // In a bar chart the y axis holds the categories: reversed, bars read from the top down in
        // the table's order.
        chart.y_axis().set_reverse();
        chart.x_axis().set_name("Active clients").set_min(0);
        chart.legend().set_hidden();
        chart.show_empty_cells_as(ChartEmptyCells::Gaps);
        chart.set_height(300);
        chart.set_alt_text(format!("A bar chart of {}.", figure.to_lowercase()));
        ws.insert_chart(TABLE_ROW + (i as u32) * 16, 6, &chart).map_err(failed)?;
    }
    Ok(ws)
}

fn trend_sheet(s: &MonthlySummary, st: &Styles) -> Result<Worksheet> {
    let mut ws = Worksheet::new();
    ws.set_name("Trend").map_err(failed)?;
    printable(&mut ws);
    heading(&mut ws, "The last 12 months", s, st)?;
    let header: [(&str, f64); 12] = [
        ("Month", 12.0),
        ("Active clients", 10.0),
        ("Attendance, someone went with them", 13.0),
        ("Attended, someone went with them", 13.0),
        ("Attended or missed, someone went with them", 14.0),
        ("Attendance, they went alone", 12.0),
        ("Attended, alone", 10.0),
        ("Attended or missed, alone", 12.0),
        ("Referrals made", 10.0),
        ("Releases", 10.0),
        ("Seen within 14 days of release", 12.0),
        ("Releases seen within 14 days", 12.0),
    ];
    for (col, (h, width)) in header.iter().enumerate() {
        let col = col as u16;
        text(&mut ws, TABLE_ROW, col, h, &st.header)?;
        ws.set_column_width(col, *width).map_err(failed)?;
    }
    ws.set_row_height(TABLE_ROW, 58).map_err(failed)?;
    ws.set_freeze_panes(TABLE_ROW + 1, 1).map_err(failed)?;
    let mut rows = Vec::with_capacity(s.trend.len());
    for (i, m) in s.trend.iter().enumerate() {
        let row = TABLE_ROW + 1 + i as u32;
        let label = month_label(&m.month);
        text(&mut ws, row, 0, &label, &st.label)?;
        count(&mut ws, row, 1, &m.active_clients, st)?;
        percent(&mut ws, row, 2, &m.accompanied, st)?;
        count(&mut ws, row, 3, &m.accompanied.numerator, st)?;
        count(&mut ws, row, 4, &m.accompanied.denominator, st)?;
        percent(&mut ws, row, 5, &m.unaccompanied, st)?;
        count(&mut ws, row, 6, &m.unaccompanied.numerator, st)?;
        count(&mut ws, row, 7, &m.unaccompanied.denominator, st)?;
        count(&mut ws, row, 8, &m.referrals_made, st)?;
        count(&mut ws, row, 9, &m.seen_within_14_days.denominator, st)?;
        percent(&mut ws, row, 10, &m.seen_within_14_days, st)?;
        count(&mut ws, row, 11, &m.seen_within_14_days.numerator, st)?;
        rows.push((
            label,
            plotted(&m.active_clients),
            share(&m.accompanied),
            share(&m.unaccompanied),
            plotted(&m.referrals_made),
            share(&m.seen_within_14_days),
        ));
    }
    let clients: Vec<(String, Vec<Option<f64>>)> = rows.iter().map(|r| (r.0.clone(), vec![r.1])).collect();
    let rates: Vec<(String, Vec<Option<f64>>)> = rows.iter().map(|r| (r.0.clone(), vec![r.2, r.3])).collect();
    let (c1, c2) =
        chart_data(&mut ws, TABLE_ROW, DATA_COL, &["Month", "Active clients"], &clients, &st.count, st)?;
    let (r1, r2) = chart_data(
        &mut ws,
        c2 + 2,
        DATA_COL,
        &["Month", "Someone went with them", "They went alone"],
        &rates,
        &st.percent,
        st,
    )?;
    let made: Vec<(String, Vec<Option<f64>>)> = rows.iter().map(|r| (r.0.clone(), vec![r.4])).collect();
    let seen: Vec<(String, Vec<Option<f64>>)> = rows.iter().map(|r| (r.0.clone(), vec![r.5])).collect();
    let (m1, m2) = chart_data(&mut ws, r2 + 2, DATA_COL, &["Month", "Referrals made"], &made, &st.count, st)?;
    let (s1, s2) = chart_data(
        &mut ws,
        m2 + 2,
        DATA_COL,
        &["Month", "Releases seen within 14 days"],
        &seen,
        &st.percent,
        st,
    )?;
    let charts_row = TABLE_ROW + 2 + s.trend.len() as u32;

    let mut active = Chart::new_line();
    active.title().set_name("Active clients, month by month");
    active
        .add_series()
        .set_name("Active clients")
        .set_categories(("Trend", c1, DATA_COL, c2, DATA_COL))
        .set_values(("Trend", c1, DATA_COL + 1, c2, DATA_COL + 1))
        .set_format(&mut line(BLUE))
        .set_marker(&marker(BLUE));
    active.x_axis().set_name("Month");
    active.y_axis().set_name("Active clients").set_min(0);
    active.legend().set_hidden();
    active.show_empty_cells_as(ChartEmptyCells::Gaps);
    active.set_alt_text("A line chart of active clients in each of the last 12 months.");
    ws.insert_chart(charts_row, 0, &active).map_err(failed)?;

    let mut attendance = Chart::new_line();
    attendance.title().set_name("Attendance rate, month by month");
    for (j, colour) in [BLUE, ORANGE].into_iter().enumerate() {
        let col = DATA_COL + 1 + j as u16;
        attendance
            .add_series()
            .set_name(("Trend", r1 - 1, col))
            .set_categories(("Trend", r1, DATA_COL, r2, DATA_COL))
            .set_values(("Trend", r1, col, r2, col))
            .set_format(&mut line(colour))
            .set_marker(&marker(colour));
    }
    attendance.x_axis().set_name("Month");
    attendance
        .y_axis()
        .set_name("Attended, of those attended or missed")
        .set_num_format("0%")
        .set_min(0)
        .set_max(1);
    attendance.show_empty_cells_as(ChartEmptyCells::Gaps);
    attendance.set_alt_text(
        "A line chart of the attendance rate in each of the last 12 months, when someone went with the person and when they went alone.",
    );
    ws.insert_chart(charts_row, 6, &attendance).map_err(failed)?;

    let mut referrals = Chart::new_line();
    referrals.title().set_name("Referrals made, month by month");
    referrals
        .add_series()
        .set_name("Referrals made")
        .set_categories(("Trend", m1, DATA_COL, m2, DATA_COL))
        .set_values(("Trend", m1, DATA_COL + 1, m2, DATA_COL + 1))
        .set_format(&mut line(BLUE))
        .set_marker(&marker(BLUE));
    referrals.x_axis().set_name("Month");
    referrals.y_axis().set_name("Referrals made").set_min(0);
    referrals.legend().set_hidden();
    referrals.show_empty_cells_as(ChartEmptyCells::Gaps);
    referrals.set_alt_text("A line chart of referrals made in each of the last 12 months.");
    ws.insert_chart(charts_row + 16, 0, &referrals).map_err(failed)?;

    let mut releases = Chart::new_line();
    releases.title().set_name("Releases seen by a health service within 14 days");
    releases
        .add_series()
        .set_name("Seen within 14 days")
        .set_categories(("Trend", s1, DATA_COL, s2, DATA_COL))
        .set_values(("Trend", s1, DATA_COL + 1, s2, DATA_COL + 1))
        .set_format(&mut line(TEAL))
        .set_marker(&marker(TEAL));
    releases.x_axis().set_name("Month");
    releases.y_axis().set_name("Of releases in the month").set_num_format("0%").set_min(0).set_max(1);
    releases.legend().set_hidden();
    releases.show_empty_cells_as(ChartEmptyCells::Gaps);
    releases.set_alt_text(
        "A line chart of the share of releases seen by a health service within 14 days, in each of the last 12 months.",
    );
    ws.insert_chart(charts_row + 16, 6, &releases).map_err(failed)?;
    Ok(ws)
}

/// `2026-10` as `Oct 2026`.
fn month_label(code: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{code}-01"), "%Y-%m-%d")
        .map_or_else(|_| code.to_owned(), |d| d.format("%b %Y").to_string())
}

/// The summary as an XLSX workbook.
pub fn workbook(s: &MonthlySummary) -> Result<Vec<u8>> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Monthly summary, {}", s.month_name))
            .set_subject(format!("{}: {}", s.scope.name, s.audience.words()))
            .set_company(s.organisation.clone()),
    );
    for sheet in [
        summary_sheet(s, &st)?,
        clients_sheet(s, &st)?,
        contacts_sheet(s, &st)?,
        appointments_sheet(s, &st)?,
        referrals_sheet(s, &st)?,
        releases_sheet(s, &st)?,
        mentoring_sheet(s, &st)?,
        outcomes_sheet(s, &st)?,
        equality_sheet(s, &st)?,
        trend_sheet(s, &st)?,
    ] {
        wb.push_worksheet(sheet);
    }
    wb.save_to_buffer().map_err(failed)
}
