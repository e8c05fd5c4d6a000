//! Times and dates.
//!
//! Instants are stored in UTC as fixed-width text (`2026-03-29T01:30:00Z`) so that text order is time
//! order in SQL. Calendar dates (birth, release) are plain `YYYY-MM-DD`. Whatever a person sees or a
//! month means is Europe/London, where the clocks change twice a year.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Europe::London;

use crate::{Error, Result};

/// Calendar date.
pub type Date = NaiveDate;

/// An instant, in UTC, to the second (`2026-03-29T08:30:00Z` on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ts_rs::TS)]
#[ts(type = "string")]
pub struct Timestamp(#[ts(type = "string")] DateTime<Utc>);

const FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

impl Timestamp {
    /// Now, truncated to the second.
    pub fn now() -> Self {
        Self::from_unix(Utc::now().timestamp())
    }

    /// From seconds since the Unix epoch (out-of-range values clamp to the epoch).
    pub fn from_unix(secs: i64) -> Self {
        Self(DateTime::from_timestamp(secs, 0).unwrap_or_default())
    }

    /// The instant `secs` seconds from the Unix epoch, if it is one chrono can hold.
    pub fn from_unix_checked(secs: i64) -> Option<Self> {
        DateTime::from_timestamp(secs, 0).map(Self)
    }

    /// Parses a time that must be in its usual form exactly (as a change's signature covers it), so
    /// that it reads back as the same text.
    pub fn parse_canonical(s: &str) -> Result<Self> {
        match s.parse::<Timestamp>() {
            Ok(t) if t.to_string() == s => Ok(t),
            _ => Err(Error::Corrupt(format!("'{s}' is not a time in its usual form"))),
        }
    }

    /// Seconds since the Unix epoch.
    pub fn unix(&self) -> i64 {
        self.0.timestamp()
    }

    /// The chrono value.
    pub fn as_datetime(&self) -> DateTime<Utc> {
        self.0
    }

    /// The calendar date in London on which this instant falls.
    pub fn london_date(&self) -> Date {
        self.0.with_timezone(&London).date_naive()
    }

    /// A London wall-clock time as an instant. In the autumn hour that happens twice the first is
    /// taken; a time in the spring gap is refused.
    pub fn from_london(local: NaiveDateTime, field: &str) -> Result<Self> {
        match London.from_local_datetime(&local) {
            LocalResult::Single(t) => Ok(Self(t.with_timezone(&Utc))),
            LocalResult::Ambiguous(first, _) => Ok(Self(first.with_timezone(&Utc))),
            LocalResult::None => Err(Error::invalid(
                field,
                "That time does not exist in the UK: the clocks go forward then. Choose a time an hour later.",
            )),
        }
    }

    /// Start of a London calendar day, as an instant.
    pub fn london_midnight(date: Date) -> Self {
        let local = date.and_hms_opt(0, 0, 0).unwrap_or_default();
        match London.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Self(t.with_timezone(&Utc)),
            // Midnight never falls in a UK clock change, but be total anyway.
            LocalResult::None => Self(local.and_utc()),
        }
    }

    /// As people in the UK read it: London wall-clock time, `22/11/2026 09:30`.
    pub fn london_display(&self) -> String {
        self.0.with_timezone(&London).format("%d/%m/%Y %H:%M").to_string()
    }

    /// Adds seconds.
    pub fn plus_seconds(&self, secs: i64) -> Self {
        Self::from_unix(self.unix() + secs)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every write and every read of a record formats times: by field rather than through
        // chrono's format string, which is parsed again each time (a few per cent of seeding).
        let (d, t) = (self.0.date_naive(), self.0.time());
        match d.year() {
            0..=9999 => write!(
                f,
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                d.year(),
                d.month(),
                d.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            _ => write!(f, "{}", self.0.format(FORMAT)),
        }
    }
}

impl FromStr for Timestamp {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        DateTime::parse_from_rfc3339(s)
            .map(|t| Self::from_unix(t.timestamp()))
            .map_err(|_| Error::invalid("time", format!("'{s}' is not a time like 2026-03-29T09:30:00Z.")))
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A date as a sentence says it: `3 March 2026`.
pub fn date_words(d: Date) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Today's date in London.
pub fn today_london() -> Date {
    Timestamp::now().london_date()
}

/// Parses a date the ways people in the UK type them: `03/11/1984`, `3/11/1984`, `03-11-1984`,
/// `03.11.1984` (day first) or `1984-11-03`. Two-digit years are refused as ambiguous.
pub fn parse_uk_date(field: &str, input: &str) -> Result<Date> {
    let s = input.trim();
    let bad = || {
        Error::invalid(
            field,
            format!("'{s}' is not a date. Write it as day/month/year, like 03/11/1984, or as 1984-11-03."),
        )
    };
    if s.is_empty() {
        return Err(Error::invalid(field, "A date is needed here."));
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return Err(bad());
    }
    let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
    let (y, m, d) = if parts[0].len() == 4 {
        (num(parts[0])?, num(parts[1])?, num(parts[2])?)
    } else if parts[2].len() == 4 {
        (num(parts[2])?, num(parts[1])?, num(parts[0])?)
    } else if parts[2].len() == 2 {
        return Err(Error::invalid(
            field,
            format!("'{s}' has a two-digit year. Write the year in full, like 03/11/1984."),
        ));
    } else {
        return Err(bad());
    };
    let year = i32::try_from(y).map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(year, m, d).ok_or_else(|| {
        Error::invalid(field, format!("'{s}' is not a real date (check the day and the month)."))
    })
}

/// First and last instant (exclusive end) of a London calendar month.
pub fn london_month_bounds(year: i32, month: u32) -> Option<(Timestamp, Timestamp)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some((Timestamp::london_midnight(first), Timestamp::london_midnight(next)))
}

/// Whole years between two dates (age on `on`).
pub fn years_between(born: Date, on: Date) -> i32 {
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).
fn easter(year: i32) -> Option<Date> {
    let (a, b, c) = (year % 19, year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let g = (8 * b + 13) / 25;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 19 * l) / 433;
    let month = (h + l - 7 * m + 90) / 25;
    let day = (h + l - 7 * m + 33 * month + 19) % 32;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The first `weekday` of a month on or after `from_day`.
fn first_weekday(year: i32, month: u32, from_day: u32, weekday: chrono::Weekday) -> Option<Date> {
    let d = NaiveDate::from_ymd_opt(year, month, from_day)?;
    let ahead = (7 + weekday.num_days_from_monday() - d.weekday().num_days_from_monday()) % 7;
    d.checked_add_days(chrono::Days::new(u64::from(ahead)))
}

/// One-off bank holidays in England and Wales, and the years a regular one moved.
const ONE_OFF: &[(i32, u32, u32)] = &[
    (1999, 12, 31), // millennium
    (2002, 6, 3),   // golden jubilee (spring holiday moved to 4 June)
    (2011, 4, 29),  // royal wedding
    (2012, 6, 5),   // diamond jubilee (spring holiday moved to 4 June)
    (2020, 5, 8),   // VE day (early May holiday moved here)
    (2022, 6, 3),   // platinum jubilee (spring holiday moved to 2 June)
    (2022, 9, 19),  // state funeral of Queen Elizabeth II
    (2023, 5, 8),   // coronation of King Charles III
];

/// The bank holidays of a year in England and Wales, in date order.
pub fn bank_holidays(year: i32) -> Vec<Date> {
    use chrono::Weekday::{Fri, Mon, Sat, Sun};
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let mut days: Vec<Date> = Vec::new();
    // New Year's Day, moved to Monday at a weekend.
    if let Some(d) = ymd(1, 1) {
        days.push(match d.weekday() {
            Sat => d + chrono::Days::new(2),
            Sun => d + chrono::Days::new(1),
            _ => d,
        });
    }
    if let Some(e) = easter(year) {
        days.extend(e.checked_sub_days(chrono::Days::new(2)));
        days.extend(e.checked_add_days(chrono::Days::new(1)));
    }
    // Early May: the first Monday, except in 2020 (8 May).
    if year != 2020 {
        days.extend(first_weekday(year, 5, 1, Mon));
    }
    // Spring: the last Monday of May, except in the jubilee years.
    match year {
        2002 => days.extend(ymd(6, 4)),
        2012 => days.extend(ymd(6, 4)),
        2022 => days.extend(ymd(6, 2)),
        _ => days.extend(first_weekday(year, 5, 25, Mon)),
    }
    days.extend(first_weekday(year, 8, 25, Mon));
    // Christmas and Boxing Day, moved past a weekend.
    if let (Some(xmas), Some(boxing)) = (ymd(12, 25), ymd(12, 26)) {
        let (x, b) = match xmas.weekday() {
            Fri => (xmas, boxing + chrono::Days::new(2)),
            Sat => (xmas + chrono::Days::new(2), boxing + chrono::Days::new(2)),
            Sun => (xmas + chrono::Days::new(2), boxing),
            _ => (xmas, boxing),
        };
        days.push(x);
        days.push(b);
    }
    days.extend(ONE_OFF.iter().filter(|(y, ..)| *y == year).filter_map(|(_, m, d)| ymd(*m, *d)));
    days.sort();
    days
}

/// Whether a day is a working day in England: not a weekend, not a bank holiday.
pub fn is_working_day(d: Date) -> bool {
    use chrono::Weekday::{Sat, Sun};
    !matches!(d.weekday(), Sat | Sun) && !bank_holidays(d.year()).contains(&d)
}

/// The working day `n` working days after `from` (weekends and England's bank holidays skipped).
pub fn add_working_days(from: Date, n: u32) -> Date {
    let mut d = from;
    let mut left = n;
    while left > 0 {
        match d.succ_opt() {
            Some(next) => d = next,
            None => return d,
        }
        if is_working_day(d) {
            left -= 1;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_time_is_written_as_chrono_writes_it(secs in -80_000_000_000i64..260_000_000_000) {
            let t = Timestamp::from_unix(secs);
            proptest::prop_assert_eq!(t.to_string(), t.0.format(FORMAT).to_string());
        }
    }

    #[test]
    fn times_are_written_fixed_width() {
        assert_eq!(Timestamp::from_unix(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp::from_unix(1_774_747_805).to_string(), "2026-03-29T01:30:05Z");
        assert_eq!(Timestamp::from_unix(-62_135_596_800).to_string(), "0001-01-01T00:00:00Z");
        assert_eq!(Timestamp::from_unix(253_402_300_799).to_string(), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn uk_dates_parse_day_first() {
        let d = NaiveDate::from_ymd_opt(1984, 11, 3).unwrap();
        for s in ["03/11/1984", "3/11/1984", "03-11-1984", "03.11.1984", "1984-11-03", " 1984-11-03 "] {
            assert_eq!(parse_uk_date("dob", s).unwrap(), d, "{s}");
        }
    }

    #[test]
    fn impossible_and_ambiguous_dates_are_refused() {
        for s in ["31/02/2020", "03/11/84", "1984/13/01", "tomorrow", "", "03//1984"] {
            let e = parse_uk_date("date_of_birth", s).unwrap_err();
            assert_eq!(e.field(), Some("date_of_birth"), "{s}");
        }
    }

    #[test]
    fn london_months_follow_bst() {
        // July is in BST: the month starts at 23:00 UTC on 30 June.
        let (start, end) = london_month_bounds(2026, 7).unwrap();
        assert_eq!(start.to_string(), "2026-06-30T23:00:00Z");
        assert_eq!(end.to_string(), "2026-07-31T23:00:00Z");
        let (start, _) = london_month_bounds(2026, 1).unwrap();
        assert_eq!(start.to_string(), "2026-01-01T00:00:00Z");
    }

    #[test]
    fn spring_gap_is_refused_and_autumn_overlap_takes_first() {
        let gap = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap().and_hms_opt(1, 30, 0).unwrap();
        assert!(Timestamp::from_london(gap, "starts_at").is_err());
        let twice = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap().and_hms_opt(1, 30, 0).unwrap();
        assert_eq!(Timestamp::from_london(twice, "starts_at").unwrap().to_string(), "2026-10-25T00:30:00Z");
    }

    #[test]
    fn timestamps_round_trip_as_fixed_width_text() {
        let t: Timestamp = "2026-03-29T09:30:00+01:00".parse().unwrap();
        assert_eq!(t.to_string(), "2026-03-29T08:30:00Z");
        assert_eq!(t.to_string().parse::<Timestamp>().unwrap(), t);
    }

    #[test]
    fn bank_holidays_of_england_and_wales() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        // gov.uk's published lists.
        assert_eq!(
            bank_holidays(2026),
            vec![
                d(2026, 1, 1),
                d(2026, 4, 3),
                d(2026, 4, 6),
                d(2026, 5, 4),
                d(2026, 5, 25),
                d(2026, 8, 31),
                d(2026, 12, 25),
                d(2026, 12, 28)
            ]
        );
        assert_eq!(
            bank_holidays(2022),
            vec![
                d(2022, 1, 3),
                d(2022, 4, 15),
                d(2022, 4, 18),
                d(2022, 5, 2),
                d(2022, 6, 2),
                d(2022, 6, 3),
                d(2022, 8, 29),
                d(2022, 9, 19),
                d(2022, 12, 26),
                d(2022, 12, 27)
            ]
        );
        assert_eq!(
            bank_holidays(2027),
            vec![
                d(2027, 1, 1),
                d(2027, 3, 26),
                d(2027, 3, 29),
                d(2027, 5, 3),
                d(2027, 5, 31),
                d(2027, 8, 30),
                d(2027, 12, 27),
                d(2027, 12, 28)
            ]
        );
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        // Tuesday + 2 = Thursday.
        assert_eq!(add_working_days(d(2026, 3, 3), 2), d(2026, 3, 5));
        // Thursday + 2 skips the weekend.
        assert_eq!(add_working_days(d(2026, 3, 5), 2), d(2026, 3, 9));
        // Maundy Thursday 2026 + 2 skips Good Friday, the weekend and Easter Monday.
        assert_eq!(add_working_days(d(2026, 4, 2), 2), d(2026, 4, 8));
        // Christmas Eve 2026 (Thursday): Christmas, the weekend and Boxing Day's substitute fall away.
        assert_eq!(add_working_days(d(2026, 12, 24), 2), d(2026, 12, 30));
        // From a Saturday, the first working day counts as one.
        assert_eq!(add_working_days(d(2026, 3, 7), 2), d(2026, 3, 10));
    }
}
