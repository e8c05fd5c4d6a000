//! The monthly summary as a workbook and as a PDF, read back the way a funder's software reads them:
//! the workbook with calamine (its sheets, the words that say what it is, a figure equal to the
//! summary's, hidden figures as text, no formula anywhere), the PDF with pdf-extract (two pages of
//! real text naming the organisation, the month, the audience and a headline figure).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Cursor;
use std::sync::LazyLock;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::*;
use throughcare_core::report::files::{ReportFormat, render};
use throughcare_core::report::{Audience, Breakdown, MonthlySummary, ReportRequest, ReportScope};

/// One seeded organisation's last month, internal and external (seeding is the slow part).
struct Summaries {
    internal: MonthlySummary,
    external: MonthlySummary,
}

static SUMMARIES: LazyLock<Summaries> = LazyLock::new(|| {
    let (_dir, _path, store, m, month) = seeded_store(150, 3);
    let request =
        |audience| ReportRequest { month: month.clone(), scope: ReportScope::Organisation, audience };
    Summaries {
        internal: store.monthly_summary(&m, &request(Audience::Internal)).unwrap(),
        external: store.monthly_summary(&m, &request(Audience::External)).unwrap(),
    }
});

const SHEETS: [&str; 10] = [
    "Summary",
    "Clients",
    "Contacts",
    "Appointments",
    "Referrals",
    "Releases",
    "Mentoring",
    "Outcomes",
    "Equality",
    "Trend",
];

fn workbook(s: &MonthlySummary) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(render(s, ReportFormat::Xlsx).unwrap())).unwrap()
}

fn cells(wb: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<Vec<Data>> {
    wb.worksheet_range(sheet).unwrap().rows().map(<[Data]>::to_vec).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        _ => String::new(),
    }
}

/// The row whose first cell is `label`.
fn row<'a>(rows: &'a [Vec<Data>], label: &str) -> &'a [Data] {
    rows.iter().find(|r| r.first().map(text).as_deref() == Some(label)).unwrap_or_else(|| panic!("{label}"))
}

fn no_formulas(wb: &mut Xlsx<Cursor<Vec<u8>>>) {
    for sheet in SHEETS {
        let formulas = wb.worksheet_formula(sheet).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "{sheet} holds a formula");
    }
}

#[test]
fn the_workbook_has_a_sheet_per_section_and_says_what_it_is() {
    let s = &SUMMARIES.internal;
    let mut wb = workbook(s);
    assert_eq!(wb.sheet_names(), SHEETS.map(String::from).to_vec());
    let summary = cells(&mut wb, "Summary");
    let all: Vec<String> = summary.iter().flatten().map(text).collect();
    assert_eq!(all[0], "Bridges Health Link");
    assert!(all.contains(&format!("{} ({})", s.month_name, s.month)), "{all:?}");
    assert!(all.contains(&Audience::Internal.words().to_owned()), "{all:?}");
    // Headline figures are numbers, equal to the summary's.
    let active = s.clients.active.value.unwrap();
    assert!(active >= 5);
    assert_eq!(row(&summary, "Active clients")[1], Data::Float(active as f64));
    let with = row(&summary, "Attendance rate, someone went with them");
    let Data::Float(share) = with[1] else { panic!("{with:?}") };
    assert!((share * 100.0 - s.appointments.accompanied.percent.unwrap()).abs() < 1e-9);
    assert_eq!(with[3], Data::Float(s.appointments.accompanied.denominator.value.unwrap() as f64));
    // A section's table: every outcome with its count.
    let appointments = cells(&mut wb, "Appointments");
    let attended = appointments
        .iter()
        .find(|r| text(&r[0]) == "Appointments, by outcome" && text(&r[1]) == "Attended")
        .unwrap();
    let outcome = s.appointments.by_outcome.parts.iter().find(|p| p.code == "attended").unwrap();
    assert_eq!(attended[2], Data::Float(outcome.figure.value.unwrap() as f64));
    // The trend: a row for each of the 12 months.
    let trend = cells(&mut wb, "Trend");
    let labels: Vec<String> = s
        .trend
        .iter()
        .map(|m| {
            chrono::NaiveDate::parse_from_str(&format!("{}-01", m.month), "%Y-%m-%d")
                .unwrap()
                .format("%b %Y")
                .to_string()
        })
        .collect();
    let shown: Vec<String> = trend.iter().map(|r| text(&r[0])).filter(|t| labels.contains(t)).collect();
    assert_eq!(shown, labels);
    let last = row(&trend, &labels[11]);
    assert_eq!(last[1], Data::Float(active as f64));
    no_formulas(&mut wb);
}

#[test]
fn an_external_workbook_shows_hidden_figures_as_text_never_as_numbers() {
    let s = &SUMMARIES.external;
    assert_eq!(s.clients.active.value, SUMMARIES.internal.clients.active.value);
    let mut wb = workbook(s);
    let summary = cells(&mut wb, "Summary");
    assert!(summary.iter().flatten().any(|c| text(c) == Audience::External.words()));
    let groups: [(&str, &Breakdown); 4] = [
        ("Active clients, by gender", &s.equality.gender),
        ("Active clients, by ethnic group", &s.equality.ethnic_group),
        ("Active clients, by age at the month's end", &s.equality.age_band),
        ("Active clients, by disability", &s.equality.disability),
    ];
    let equality = cells(&mut wb, "Equality");
    let mut hidden = 0;
    for (figure, b) in groups {
        for p in &b.parts {
            let r = equality.iter().find(|r| text(&r[0]) == figure && text(&r[1]) == p.label).unwrap();
            match p.figure.value {
                Some(v) => assert_eq!(r[2], Data::Float(v as f64), "{figure}: {}", p.label),
                None => {
                    hidden += 1;
                    assert_eq!(r[2], Data::String(p.figure.hidden.clone()), "{figure}: {}", p.label);
                }
            }
            if let Data::Float(n) = r[2] {
                assert!(n == 0.0 || n >= 5.0, "{figure}: {} = {n}", p.label);
            }
        }
    }
    assert!(hidden > 0, "the seeded organisation has some small groups");
    // A rate that is not shown says so.
    let releases = cells(&mut wb, "Releases");
    for r in releases.iter().filter(|r| text(&r[0]) == "After release") {
        assert!(matches!(&r[2], Data::Float(_)) || text(&r[2]) == "not shown", "{r:?}");
    }
    no_formulas(&mut wb);
}

/// Each chart part of a workbook: the sheet it is drawn on is not recorded here, only its XML.
fn charts(s: &MonthlySummary) -> Vec<String> {
    let bytes = render(s, ReportFormat::Xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .filter(|n| n.starts_with("xl/charts/chart"))
        .collect();
    names.iter().map(|n| std::io::read_to_string(zip.by_name(n).unwrap()).unwrap()).collect()
}

#[test]
fn the_workbook_draws_native_charts_from_its_own_cells() {
    let xml = charts(&SUMMARIES.internal);
    // Attendance with and without someone; four equality breakdowns; four 12-month trends.
    assert_eq!(xml.len(), 9);
    let kinds = |tag: &str| xml.iter().filter(|x| x.contains(tag)).count();
    assert_eq!((kinds("<c:barChart>"), kinds("<c:lineChart>")), (5, 4));
    for x in &xml {
        // Every series reads cells of the workbook; a hidden figure is a gap, never a zero.
        assert!(
            x.contains("<c:f>Appointments!") || x.contains("<c:f>Equality!") || x.contains("<c:f>Trend!"),
            "{x}"
        );
        assert!(x.contains("<c:dispBlanksAs val=\"gap\"/>"), "{x}");
    }
    // An external workbook's charts hold no count from 1 to 4 (a hidden figure's cell is empty).
    let mut gaps = 0;
    for x in charts(&SUMMARIES.external) {
        for cache in x.split("<c:numCache>").skip(1) {
            let cache = cache.split("</c:numCache>").next().unwrap();
            let points = cache.matches("<c:pt ").count();
            let count: usize =
                cache.split("<c:ptCount val=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
            gaps += count - points;
            if x.contains("formatCode=\"0%\"") {
                continue; // a chart of shares from 0 to 1, not of counts
            }
            for v in cache.split("<c:v>").skip(1).map(|v| v.split("</c:v>").next().unwrap()) {
                let v: f64 = v.parse().unwrap();
                assert!(v == 0.0 || v >= 5.0, "a small count in a chart: {v}");
            }
        }
    }
    assert!(gaps > 0, "the seeded organisation has small groups, drawn as gaps");
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let mut s = SUMMARIES.internal.clone();
    s.organisation = "=HYPERLINK(\"http://example.invalid\",\"Open\")".into();
    s.scope.kind = "caseworker".into();
    s.scope.name = "-1+1".into();
    let mut wb = workbook(&s);
    let summary = cells(&mut wb, "Summary");
    assert_eq!(summary[0][0], Data::String(format!("'{}", s.organisation)));
    assert!(summary.iter().flatten().any(|c| text(c) == "'-1+1"));
    no_formulas(&mut wb);
}

fn pages(s: &MonthlySummary) -> Vec<String> {
    let pdf = render(s, ReportFormat::Pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    pdf_extract::extract_text_from_mem_by_pages(&pdf).unwrap()
}

#[test]
fn the_pdf_is_two_pages_of_real_text() {
    let s = &SUMMARIES.internal;
    let pages = pages(s);
    assert_eq!(pages.len(), 2);
    let first = &pages[0];
    for words in
        ["Bridges Health Link", "Monthly summary", &s.month_name, "Internal — exact numbers", "Produced "]
    {
        assert!(first.contains(words), "{words:?} not in {first}");
    }
    // A headline figure and its label, and the attendance chart's values.
    let active = s.clients.active.value.unwrap();
    assert!(active < 1000);
    assert!(first.contains("Active clients") && first.contains(&active.to_string()), "{first}");
    assert!(first.contains(&format!("{:.1}%", s.appointments.accompanied.percent.unwrap())), "{first}");
    let second = &pages[1];
    for words in ["The last 12 months", "Who the active clients are", "Ethnic group", "Referrals made"] {
        assert!(second.contains(words), "{words:?} not in {second}");
    }
}

#[test]
fn an_external_pdf_says_so_and_writes_hidden_counts_as_text() {
    let s = &SUMMARIES.external;
    let pages = pages(s);
    assert_eq!(pages.len(), 2);
    assert!(pages[0].contains("External — counts from 1 to 4 shown as <5"), "{}", pages[0]);
    assert!(!pages.concat().contains("Internal"));
    let small =
        s.equality.gender.parts.iter().chain(&s.equality.age_band.parts).any(|p| p.figure.hidden == "<5");
    assert!(small);
    assert!(pages[1].contains("<5"), "{}", pages[1]);
}
