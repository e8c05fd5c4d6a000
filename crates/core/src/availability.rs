//! When a peer mentor can go with people: a weekly pattern on the London clock, and exceptions.
//!
//! Mentors are volunteers who say "Tuesdays 10 till 4, around Leeds" rather than list dates, so the
//! pattern is kept as they say it: days and wall-clock times, turned into instants only for a given
//! day, so a Tuesday slot means 10:00 in London in March and in May alike. Exceptions are days away
//! (a holiday) and one-off extra times. The pattern and the exceptions are each one field of the
//! mentor's record (a list), so an edit is checked whole (no slot overlaps another) and a sync can
//! never merge two people's edits into a list that overlaps itself. Nothing here reads the database.

use std::fmt;

use chrono::{Datelike, Days, NaiveTime, TimeZone};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};

use crate::time::{Date, Timestamp};
use crate::{Error, Result, validate};

/// Most slots a weekly pattern may hold.
pub const MAX_SLOTS: usize = 50;
/// Most exceptions a mentor may have recorded.
pub const MAX_EXCEPTIONS: usize = 200;
/// The longest time away in one exception, in days.
pub const MAX_AWAY_DAYS: u64 = 366;

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// The day a date falls on.
    pub fn of(d: Date) -> Self {
        use chrono::Weekday as W;
        match d.weekday() {
            W::Mon => Weekday::Monday,
            W::Tue => Weekday::Tuesday,
            W::Wed => Weekday::Wednesday,
            W::Thu => Weekday::Thursday,
            W::Fri => Weekday::Friday,
            W::Sat => Weekday::Saturday,
            W::Sun => Weekday::Sunday,
        }
    }

    /// The day's name.
    pub fn name(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }
}

/// A time on the London clock, in minutes from midnight; `24:00` is the end of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ts_rs::TS)]
#[ts(type = "string")]
pub struct ClockTime(u16);

impl ClockTime {
    /// From hours and minutes (up to 24:00).
    pub fn hm(h: u16, m: u16) -> Option<Self> {
        (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(ClockTime(h * 60 + m))
    }

    /// From minutes after midnight (more than a day is taken as 24:00).
    pub const fn from_minutes(m: u16) -> Self {
        ClockTime(if m > 24 * 60 { 24 * 60 } else { m })
    }

    /// Minutes from midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }

    /// The instant this time falls on a London day. A time in the spring gap (01:00 to 02:00 on the
    /// day the clocks go forward) is taken as the moment the clocks jump; in the autumn hour that
    /// happens twice, the first.
    pub fn on(self, day: Date) -> Timestamp {
        let (day, mins) = if self.0 == 24 * 60 {
            (day.checked_add_days(Days::new(1)).unwrap_or(day), 0)
        } else {
            (day, self.0)
        };
        let Some(t) = NaiveTime::from_hms_opt(u32::from(mins / 60), u32::from(mins % 60), 0) else {
            return Timestamp::london_midnight(day);
        };
        let local = day.and_time(t);
        match London.from_local_datetime(&local) {
            chrono::LocalResult::Single(x) | chrono::LocalResult::Ambiguous(x, _) => {
                Timestamp::from_unix(x.timestamp())
            }
            chrono::LocalResult::None => {
                // Only in the spring gap: the first minute on the clock after it is the jump.
                let mut later = local;
                for _ in 0..180 {
                    later += chrono::Duration::minutes(1);
                    if let chrono::LocalResult::Single(x) = London.from_local_datetime(&later) {
                        return Timestamp::from_unix(x.timestamp());
                    }
                }
                Timestamp::london_midnight(day)
            }
        }
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl std::str::FromStr for ClockTime {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Self, ()> {
        let (h, m) = s.trim().split_once(':').ok_or(())?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return Err(());
        }
        ClockTime::hm(h.parse().map_err(|_| ())?, m.parse().map_err(|_| ())?).ok_or(())
    }
}

impl Serialize for ClockTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|()| serde::de::Error::custom("a time is written as HH:MM, such as 09:30"))
    }
}

/// A time of the week a mentor is usually free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct WeeklySlot {
    /// Which day.
    pub day: Weekday,
    /// From (London clock).
    pub from: ClockTime,
    /// Until (London clock).
    pub until: ClockTime,
    /// Where they can travel to then, in words ("Leeds city centre, by bus").
    #[serde(default)]
    pub area: Option<String>,
}

/// A change to the weekly pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AvailabilityException {
    /// Away on these days (a holiday): not free at all, whatever the pattern says.
    Away {
        /// The first day away.
        first_day: Date,
        /// The last day away.
        last_day: Date,
    },
    /// Free at these times on one day, as well as the pattern.
    Extra {
        /// The day.
        on: Date,
        /// From (London clock).
        from: ClockTime,
        /// Until (London clock).
        until: ClockTime,
        /// Where they can travel to then.
        #[serde(default)]
        area: Option<String>,
    },
}

/// Everything a mentor or a manager sets about when the mentor is free.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// The weekly pattern.
    #[serde(default)]
    pub weekly: Vec<WeeklySlot>,
    /// Days away and one-off extra times.
    #[serde(default)]
    pub exceptions: Vec<AvailabilityException>,
    /// Where they can travel in general ("Leeds and Bradford; no car").
    #[serde(default)]
    pub travel_area: Option<String>,
}

/// A stretch of time a mentor is free, as instants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Window {
    /// From.
    pub starts_at: Timestamp,
    /// Until.
    pub ends_at: Timestamp,
    /// Where they can travel to then.
    pub area: Option<String>,
}

fn times(field: &str, from: ClockTime, until: ClockTime) -> Result<()> {
    if until <= from {
        return Err(Error::invalid(format!("{field}.until"), "The end time must be after the start time."));
    }
    Ok(())
}

fn overlaps(a: (ClockTime, ClockTime), b: (ClockTime, ClockTime)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

impl Availability {
    /// Checks and tidies an availability as a whole: each slot ends after it starts, no slot or
    /// exception overlaps another, texts are within their limits; slots are put in week order and
    /// exceptions in date order. The error names the item (`weekly.2.until`, `exceptions.0`).
    pub fn check(&mut self) -> Result<()> {
        if self.weekly.len() > MAX_SLOTS {
            return Err(Error::invalid(
                "weekly",
                format!("A weekly pattern can have at most {MAX_SLOTS} times."),
            ));
        }
        if self.exceptions.len() > MAX_EXCEPTIONS {
            return Err(Error::invalid(
                "exceptions",
                format!(
                    "At most {MAX_EXCEPTIONS} days away or extra times can be kept; remove old ones first."
                ),
            ));
        }
        validate::opt_text("travel_area", &mut self.travel_area, 200, false)?;
        for (i, s) in self.weekly.iter_mut().enumerate() {
            times(&format!("weekly.{i}"), s.from, s.until)?;
            validate::opt_text(&format!("weekly.{i}.area"), &mut s.area, 200, false)?;
        }
        for (i, a) in self.weekly.iter().enumerate() {
            for b in &self.weekly[..i] {
                if a.day == b.day && overlaps((a.from, a.until), (b.from, b.until)) {
                    return Err(Error::invalid(
                        format!("weekly.{i}"),
                        format!(
                            "{} {} to {} overlaps {} {} to {}. Change one of them, or join them into one.",
                            a.day.name(),
                            a.from,
                            a.until,
                            b.day.name(),
                            b.from,
                            b.until
                        ),
                    ));
                }
            }
        }
        for (i, e) in self.exceptions.iter_mut().enumerate() {
            match e {
                AvailabilityException::Away { first_day, last_day } => {
                    if last_day < first_day {
                        return Err(Error::invalid(
                            format!("exceptions.{i}.last_day"),
                            "The last day away cannot be before the first.",
                        ));
                    }
                    if (*last_day - *first_day).num_days() >= MAX_AWAY_DAYS as i64 {
                        return Err(Error::invalid(
                            format!("exceptions.{i}.last_day"),
                            "Time away can be at most a year; add another after it if needed.",
                        ));
                    }
                }
                AvailabilityException::Extra { from, until, area, .. } => {
                    times(&format!("exceptions.{i}"), *from, *until)?;
                    validate::opt_text(&format!("exceptions.{i}.area"), area, 200, false)?;
                }
            }
        }
        for (i, a) in self.exceptions.iter().enumerate() {
            for b in &self.exceptions[..i] {
                if let Some(why) = exception_clash(a, b) {
                    return Err(Error::invalid(format!("exceptions.{i}"), why));
                }
            }
            if let AvailabilityException::Extra { on, from, until, .. } = a {
                let day = Weekday::of(*on);
                if let Some(s) =
                    self.weekly.iter().find(|s| s.day == day && overlaps((*from, *until), (s.from, s.until)))
                {
                    return Err(Error::invalid(
                        format!("exceptions.{i}"),
                        format!(
                            "The extra time on {} overlaps the usual {} {} to {}.",
                            crate::time::date_words(*on),
                            s.day.name(),
                            s.from,
                            s.until
                        ),
                    ));
                }
            }
        }
        self.weekly.sort_by_key(|s| (s.day, s.from));
        self.exceptions.sort_by_key(|e| match e {
            AvailabilityException::Away { first_day, .. } => (*first_day, 0),
            AvailabilityException::Extra { on, from, .. } => (*on, from.minutes()),
        });
        Ok(())
    }

    /// The times the mentor is free on a London day, as instants, in order and with touching
    /// stretches joined.
    pub fn windows_on(&self, day: Date) -> Vec<Window> {
        if self.away_on(day) {
            return Vec::new();
        }
        let wd = Weekday::of(day);
        let mut w: Vec<Window> = self
            .weekly
            .iter()
            .filter(|s| s.day == wd)
            .map(|s| (s.from, s.until, &s.area))
            .chain(self.exceptions.iter().filter_map(|e| match e {
                AvailabilityException::Extra { on, from, until, area } if *on == day => {
                    Some((*from, *until, area))
                }
                _ => None,
            }))
            .map(|(f, u, area)| Window { starts_at: f.on(day), ends_at: u.on(day), area: area.clone() })
            .filter(|w| w.ends_at > w.starts_at)
            .collect();
        w.sort_by_key(|x| x.starts_at);
        let mut out: Vec<Window> = Vec::new();
        for x in w {
            match out.last_mut() {
                Some(last) if x.starts_at <= last.ends_at => {
                    if x.ends_at > last.ends_at {
                        last.ends_at = x.ends_at;
                    }
                }
                _ => out.push(x),
            }
        }
        out
    }

    /// Whether the mentor is away all of a day.
    pub fn away_on(&self, day: Date) -> bool {
        self.exceptions.iter().any(
            |e| matches!(e, AvailabilityException::Away { first_day, last_day } if *first_day <= day && day <= *last_day),
        )
    }

    /// Whether any availability is recorded at all (with none, nothing is outside it).
    pub fn is_recorded(&self) -> bool {
        !self.weekly.is_empty()
            || self.exceptions.iter().any(|e| matches!(e, AvailabilityException::Extra { .. }))
    }

    /// The windows over the London days from `first` to `last`, joined where one day's runs into
    /// the next.
    pub fn windows_between(&self, first: Date, last: Date) -> Vec<Window> {
        let mut out: Vec<Window> = Vec::new();
        let mut d = first;
        while d <= last {
            for x in self.windows_on(d) {
                match out.last_mut() {
                    Some(prev) if x.starts_at <= prev.ends_at => prev.ends_at = prev.ends_at.max(x.ends_at),
                    _ => out.push(x),
                }
            }
            let Some(next) = d.checked_add_days(Days::new(1)) else { break };
            d = next;
        }
        out
    }

    /// Whether a stretch of time lies wholly inside the mentor's availability. One ending exactly
    /// when a window ends, or starting exactly when one starts, is inside.
    pub fn covers(&self, starts_at: Timestamp, ends_at: Timestamp) -> bool {
        let first = starts_at.london_date().checked_sub_days(Days::new(1)).unwrap_or(starts_at.london_date());
        let last = ends_at.london_date();
        self.windows_between(first, last).iter().any(|w| w.starts_at <= starts_at && ends_at <= w.ends_at)
    }
}

fn exception_clash(a: &AvailabilityException, b: &AvailabilityException) -> Option<String> {
    use AvailabilityException::*;
    match (a, b) {
        (Away { first_day: f1, last_day: l1 }, Away { first_day: f2, last_day: l2 })
            if f1 <= l2 && f2 <= l1 =>
        {
            Some(format!(
                "This time away overlaps the time away from {} to {}.",
                crate::time::date_words(*f2),
                crate::time::date_words(*l2)
            ))
        }
        (Extra { on: d1, from: f1, until: u1, .. }, Extra { on: d2, from: f2, until: u2, .. })
            if d1 == d2 && overlaps((*f1, *u1), (*f2, *u2)) =>
        {
            Some(format!("This extra time overlaps the one from {f2} to {u2} on the same day."))
        }
        (Extra { on, .. }, Away { first_day, last_day })
        | (Away { first_day, last_day }, Extra { on, .. })
            if first_day <= on && on <= last_day =>
        {
            Some(format!("{} is both a day away and a day with extra time.", crate::time::date_words(*on)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }
    fn t(s: &str) -> ClockTime {
        s.parse().unwrap()
    }
    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }
    fn slot(day: Weekday, from: &str, until: &str) -> WeeklySlot {
        WeeklySlot { day, from: t(from), until: t(until), area: None }
    }

    #[test]
    fn clock_times_read_and_write_as_hours_and_minutes() {
        assert_eq!(t("9:30").to_string(), "09:30");
        assert_eq!(t("24:00").minutes(), 1440);
        for bad in ["24:01", "10:60", "10", "1030", "ab:cd", "10:5", ""] {
            assert!(bad.parse::<ClockTime>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_slot_means_the_same_clock_time_in_winter_and_summer() {
        let s = t("10:00");
        assert_eq!(s.on(d("2026-01-06")), ts("2026-01-06T10:00:00Z"));
        assert_eq!(s.on(d("2026-06-02")), ts("2026-06-02T09:00:00Z"));
        // The day the clocks go forward: 01:30 does not happen; it is the moment of the jump.
        assert_eq!(t("01:30").on(d("2026-03-29")), ts("2026-03-29T01:00:00Z"));
        // The day they go back: 01:30 happens twice; the first is taken.
        assert_eq!(t("01:30").on(d("2026-10-25")), ts("2026-10-25T00:30:00Z"));
        assert_eq!(t("24:00").on(d("2026-10-25")), ts("2026-10-26T00:00:00Z"));
    }

    #[test]
    fn overlapping_slots_are_refused_naming_the_slot() {
        let mut a = Availability {
            weekly: vec![slot(Weekday::Tuesday, "10:00", "13:00"), slot(Weekday::Tuesday, "12:30", "16:00")],
            ..Default::default()
        };
        let e = a.check().unwrap_err();
        assert_eq!(e.field(), Some("weekly.1"));
        assert!(e.to_string().contains("Tuesday 12:30 to 16:00 overlaps Tuesday 10:00 to 13:00"), "{e}");
        // Touching is not overlapping.
        a.weekly[1].from = t("13:00");
        a.check().unwrap();
        let mut backwards =
            Availability { weekly: vec![slot(Weekday::Monday, "14:00", "10:00")], ..Default::default() };
        assert_eq!(backwards.check().unwrap_err().field(), Some("weekly.0.until"));
    }

    #[test]
    fn overlapping_exceptions_are_refused() {
        let away = |f: &str, l: &str| AvailabilityException::Away { first_day: d(f), last_day: d(l) };
        let mut a = Availability {
            exceptions: vec![away("2026-08-01", "2026-08-14"), away("2026-08-14", "2026-08-20")],
            ..Default::default()
        };
        assert_eq!(a.check().unwrap_err().field(), Some("exceptions.1"));
        let mut b = Availability { exceptions: vec![away("2026-08-14", "2026-08-01")], ..Default::default() };
        assert_eq!(b.check().unwrap_err().field(), Some("exceptions.0.last_day"));
        // An extra time inside the usual slot for that weekday (3 Mar 2026 is a Tuesday).
        let mut c = Availability {
            weekly: vec![slot(Weekday::Tuesday, "10:00", "16:00")],
            exceptions: vec![AvailabilityException::Extra {
                on: d("2026-03-03"),
                from: t("15:00"),
                until: t("18:00"),
                area: None,
            }],
            ..Default::default()
        };
        assert_eq!(c.check().unwrap_err().field(), Some("exceptions.0"));
    }

    #[test]
    fn an_appointment_ending_exactly_when_availability_ends_is_inside() {
        let a = Availability { weekly: vec![slot(Weekday::Tuesday, "10:00", "16:00")], ..Default::default() };
        // Tuesday 3 March 2026 (GMT) and Tuesday 2 June 2026 (BST).
        assert!(a.covers(ts("2026-03-03T15:00:00Z"), ts("2026-03-03T16:00:00Z")));
        assert!(a.covers(ts("2026-03-03T10:00:00Z"), ts("2026-03-03T11:00:00Z")));
        assert!(!a.covers(ts("2026-03-03T15:00:00Z"), ts("2026-03-03T16:01:00Z")));
        assert!(!a.covers(ts("2026-03-03T09:59:00Z"), ts("2026-03-03T11:00:00Z")));
        assert!(a.covers(ts("2026-06-02T14:00:00Z"), ts("2026-06-02T15:00:00Z")));
        assert!(
            !a.covers(ts("2026-06-02T15:00:00Z"), ts("2026-06-02T16:00:00Z")),
            "16:00 UTC is 17:00 in June"
        );
    }

    #[test]
    fn time_away_removes_the_pattern_and_extra_times_add_to_it() {
        let a = Availability {
            weekly: vec![slot(Weekday::Tuesday, "10:00", "16:00")],
            exceptions: vec![
                AvailabilityException::Away { first_day: d("2026-03-02"), last_day: d("2026-03-06") },
                AvailabilityException::Extra {
                    on: d("2026-03-12"),
                    from: t("09:00"),
                    until: t("12:00"),
                    area: Some("Bradford".into()),
                },
            ],
            ..Default::default()
        };
        assert!(a.windows_on(d("2026-03-03")).is_empty());
        assert_eq!(a.windows_on(d("2026-03-10")).len(), 1);
        let w = a.windows_on(d("2026-03-12"));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].area.as_deref(), Some("Bradford"));
        assert!(a.covers(ts("2026-03-12T09:00:00Z"), ts("2026-03-12T12:00:00Z")));
    }

    #[test]
    fn a_night_slot_across_the_clock_change_is_an_hour_shorter() {
        // Saturday into Sunday 29 March 2026: the clocks go forward at 01:00.
        let a = Availability {
            weekly: vec![slot(Weekday::Saturday, "22:00", "24:00"), slot(Weekday::Sunday, "00:00", "03:00")],
            ..Default::default()
        };
        let w = a.windows_between(d("2026-03-28"), d("2026-03-29"));
        assert_eq!(w.len(), 1, "midnight joins the two slots");
        assert_eq!(w[0].starts_at, ts("2026-03-28T22:00:00Z"));
        assert_eq!(w[0].ends_at, ts("2026-03-29T02:00:00Z"));
        assert_eq!(w[0].ends_at.unix() - w[0].starts_at.unix(), 4 * 3600);
        assert!(a.covers(ts("2026-03-28T23:30:00Z"), ts("2026-03-29T01:30:00Z")));
    }
}
