//! Calendar dates without a clock: parsing `YYYY-MM-DD`, ISO weeks, day arithmetic.
//!
//! In: strings from front matter, config, file names or `SOURCE_DATE_EPOCH`. Out: [`Date`], a
//! proleptic Gregorian day that orders, prints as `YYYY-MM-DD` and serializes as that string.
//! Nothing here reads the wall clock: briefs must not depend on when they are built.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar day (proleptic Gregorian), ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2025.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day of month 1–31.
    pub day: u32,
}

/// English month names, index 0 = January.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// English weekday names, index 0 = Monday (ISO 8601).
pub const WEEKDAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The first representable day: the open lower end of a date window.
    pub const FIRST: Date = Date { year: 1, month: 1, day: 1 };
    /// The last representable day: the open upper end of a date window.
    pub const LAST: Date = Date { year: 9999, month: 12, day: 31 };

    /// A date if `year-month-day` exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`; a trailing time (`T10:00:00Z`, ` 10:00`) is ignored.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let head = s.get(..10)?;
        let rest = &s[10..];
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return None;
        }
        let b = head.as_bytes();
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &head[r];
            part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
        };
        Date::new(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date of a Unix timestamp (UTC), as `SOURCE_DATE_EPOCH` gives it.
    pub fn from_unix_seconds(secs: i64) -> Date {
        Date::from_days(secs.div_euclid(86_400))
    }

    /// This date moved by `days` (may be negative).
    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// ISO weekday, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> usize {
        // 1970-01-01 was a Thursday (index 3).
        (self.to_days() + 3).rem_euclid(7) as usize
    }

    /// `3 December 2025`: the unambiguous form used in rendered briefs.
    pub fn long(self) -> String {
        format!("{} {} {}", self.day, MONTHS[self.month as usize - 1], self.year)
    }
}

/// Month number (1–12) of an English month name or abbreviation: `December`, `Dec`, `Dec.`,
/// `Sept.` (case-insensitive). `May` matches; callers decide whether context makes it a month.
pub fn month_number(word: &str) -> Option<u32> {
    // Called for every word of every sentence by the timeline: compares without allocating.
    let w = word.strip_suffix('.').unwrap_or(word);
    if w.len() < 3 {
        return None;
    }
    if w.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| {
            // Full name, or the usual 3-letter abbreviation.
            m.eq_ignore_ascii_case(w)
                || (w.len() == 3 && m.as_bytes()[..3].eq_ignore_ascii_case(w.as_bytes()))
        })
        .map(|i| i as u32 + 1)
}

/// ISO weekday index (0 = Monday) of an English weekday name (case-insensitive, full names only).
pub fn weekday_number(word: &str) -> Option<usize> {
    WEEKDAYS.iter().position(|d| d.eq_ignore_ascii_case(word))
}

impl Date {
    /// The first day of this date's month.
    pub fn first_of_month(self) -> Date {
        Date { day: 1, ..self }
    }

    /// The first day of the month `months` months away (may be negative).
    pub fn add_months(self, months: i32) -> Date {
        let total = self.year * 12 + (self.month as i32 - 1) + months;
        Date { year: total.div_euclid(12), month: total.rem_euclid(12) as u32 + 1, day: 1 }
    }

    /// The Monday of this date's ISO week.
    pub fn monday(self) -> Date {
        self.add_days(-(self.weekday() as i64))
    }

    /// ISO 8601 week-numbering year and week (1–53): 2025-12-04 → (2025, 49); 2024-12-30 →
    /// (2025, 1); 2021-01-03 → (2020, 53).
    pub fn iso_week(self) -> (i32, u32) {
        // The week belongs to the year of its Thursday.
        let thursday = self.add_days(3 - self.weekday() as i64);
        let jan1 = Date { year: thursday.year, month: 1, day: 1 };
        let week = (thursday.to_days() - jan1.to_days()) / 7 + 1;
        (thursday.year, week as u32)
    }

    /// `2025-W49`: the ISO week label.
    pub fn iso_week_label(self) -> String {
        let (y, w) = self.iso_week();
        format!("{y:04}-W{w:02}")
    }

    /// Date-time group of the day at 00:00 UTC, NATO style: `040000Z DEC 25`. briefly knows
    /// dates, never times of day (no clock), so the time is always `0000Z`.
    pub fn dtg(self) -> String {
        let mon = MONTHS[self.month as usize - 1][..3].to_ascii_uppercase();
        format!("{:02}0000Z {mon} {:02}", self.day, self.year.rem_euclid(100))
    }

    /// The first day with ISO weekday `wd` on or after this date (`forward`), or on or before it.
    pub fn nearest_weekday(self, wd: usize, forward: bool) -> Date {
        let cur = self.weekday() as i64;
        let wd = wd as i64;
        if forward {
            self.add_days((wd - cur).rem_euclid(7))
        } else {
            self.add_days(-(cur - wd).rem_euclid(7))
        }
    }
}

impl Date {
    /// Monday of ISO week `week` of `year`, if that week exists.
    pub fn from_iso_week(year: i32, week: u32) -> Option<Date> {
        let jan4 = Date::new(year, 1, 4)?;
        let monday = jan4.monday().add_days(7 * (i64::from(week) - 1));
        (week >= 1 && monday.iso_week() == (year, week)).then_some(monday)
    }

    /// Parses an ISO week `2025-W49` into its Monday and Sunday.
    pub fn parse_iso_week(s: &str) -> Option<(Date, Date)> {
        let (y, w) = s.trim().split_once("-W").or_else(|| s.trim().split_once("-w"))?;
        if y.len() != 4 || w.is_empty() || w.len() > 2 || !w.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let monday = Date::from_iso_week(y.parse().ok()?, w.parse().ok()?)?;
        Some((monday, monday.add_days(6)))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        // A visitor, not `String::deserialize` and a check after it: an error raised while the
        // deserializer is at the value carries the value's position (in YAML, its line), not
        // the position of the mapping around it.
        struct DateVisitor;
        impl serde::de::Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date (YYYY-MM-DD)")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Date, E> {
                Date::parse(s).ok_or_else(|| {
                    E::custom(format!(
                        "invalid date `{}` (expected YYYY-MM-DD)",
                        crate::text::cap_line(s, 40)
                    ))
                })
            }
        }
        d.deserialize_str(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_and_dtg() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(d("2025-12-04").iso_week(), (2025, 49));
        assert_eq!(d("2024-12-30").iso_week(), (2025, 1));
        assert_eq!(d("2021-01-03").iso_week(), (2020, 53));
        assert_eq!(d("2026-01-01").iso_week(), (2026, 1));
        assert_eq!(d("2020-12-31").iso_week(), (2020, 53));
        assert_eq!(d("2025-12-04").iso_week_label(), "2025-W49");
        assert_eq!(d("2025-01-02").iso_week_label(), "2025-W01");
        assert_eq!(d("2025-12-04").dtg(), "040000Z DEC 25");
        assert_eq!(d("2009-05-31").dtg(), "310000Z MAY 09");
    }

    #[test]
    fn parses_iso_dates_and_rejects_bad_ones() {
        assert_eq!(Date::parse("2025-12-03"), Date::new(2025, 12, 3));
        assert_eq!(Date::parse("2025-12-03T10:00:00Z"), Date::new(2025, 12, 3));
        for bad in ["2025-13-01", "2025-02-29", "25-12-03", "2025/12/03", "2025-12-031", "", "é"] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(Date::parse("2024-02-29"), Date::new(2024, 2, 29));
    }

    #[test]
    fn month_and_weekday_names() {
        assert_eq!(month_number("December"), Some(12));
        assert_eq!(month_number("dec."), Some(12));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("May"), Some(5));
        assert_eq!(month_number("Decem"), None);
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number(""), None);
        assert_eq!(month_number("SEPT"), Some(9));
        assert_eq!(month_number("jAN"), Some(1));
        assert_eq!(month_number("Junes"), None);
        assert_eq!(month_number("Déc"), None);
        assert_eq!(month_number("éé."), None);
        assert_eq!(weekday_number("wednesday"), Some(2));
        assert_eq!(weekday_number("Wed"), None);
    }

    #[test]
    fn month_and_weekday_arithmetic() {
        let d = Date::new(2025, 12, 3).unwrap(); // a Wednesday
        assert_eq!(d.add_months(-1).to_string(), "2025-11-01");
        assert_eq!(d.add_months(1).to_string(), "2026-01-01");
        assert_eq!(Date::new(2025, 1, 31).unwrap().add_months(-1).to_string(), "2024-12-01");
        assert_eq!(d.first_of_month().to_string(), "2025-12-01");
        assert_eq!(d.monday().to_string(), "2025-12-01");
        assert_eq!(d.nearest_weekday(2, false), d);
        assert_eq!(d.nearest_weekday(2, true), d);
        assert_eq!(d.nearest_weekday(1, false).to_string(), "2025-12-02");
        assert_eq!(d.nearest_weekday(3, true).to_string(), "2025-12-04");
        assert_eq!(d.nearest_weekday(3, false).to_string(), "2025-11-27");
    }

    #[test]
    fn iso_weeks() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(d("2025-12-03").iso_week(), (2025, 49));
        assert_eq!(d("2024-12-30").iso_week(), (2025, 1));
        assert_eq!(d("2021-01-03").iso_week(), (2020, 53));
        let (mon, sun) = Date::parse_iso_week("2025-W49").unwrap();
        assert_eq!((mon.to_string().as_str(), sun.to_string().as_str()), ("2025-12-01", "2025-12-07"));
        assert_eq!(Date::parse_iso_week("2020-W53").map(|w| w.0.to_string()).as_deref(), Some("2020-12-28"));
        for bad in ["2025-W54", "2025-W00", "2025W49", "25-W49", "2025-W4x", "2025-W123", "2025-W53"] {
            assert_eq!(Date::parse_iso_week(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let d = Date::new(2025, 12, 3).unwrap();
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(d.add_days(29).to_string(), "2026-01-01");
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_seconds(1_764_720_000).to_string(), "2025-12-03");
        assert_eq!(WEEKDAYS[d.weekday()], "Wednesday");
        assert_eq!(d.long(), "3 December 2025");
    }
}
