//! Local time in Europe/Oslo ⇄ UTC instants. Forms speak local time (`YYYY-MM-DDTHH:MM`, as an HTML
//! `datetime-local` input does); the database speaks unix milliseconds.

use chrono::{Datelike, LocalResult, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Europe::Oslo;

use crate::error::FieldError;

/// Parse a local Oslo time into unix milliseconds. In the autumn hour that occurs twice, the earlier is
/// taken; a time in the skipped spring hour is refused.
pub fn parse_local(field: &'static str, value: &str) -> Result<i64, FieldError> {
    let invalid = || FieldError::new(field, "invalid_datetime", format!("{value:?} is not a date and time"));
    let naive = NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| invalid())?;
    if !(2000..=2100).contains(&naive.year()) {
        return Err(invalid());
    }
    match Oslo.from_local_datetime(&naive) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Ok(at.timestamp_millis()),
        LocalResult::None => {
            Err(FieldError::new(field, "nonexistent_time", "this time does not exist (clocks skip it)"))
        }
    }
}

/// Unix milliseconds as local Oslo time `YYYY-MM-DDTHH:MM`.
pub fn to_local(millis: i64) -> String {
    Oslo.timestamp_millis_opt(millis).single().map(|at| at.format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default()
}

/// The calendar year (in Oslo) of an instant.
pub fn year_of(millis: i64) -> i64 {
    Oslo.timestamp_millis_opt(millis).single().map(|at| i64::from(at.year())).unwrap_or(1970)
}

/// The instants (unix milliseconds) where a calendar year begins and the next begins, in Oslo.
pub fn year_bounds(year: i64) -> (i64, i64) {
    let start = |y: i64| {
        i32::try_from(y)
            .ok()
            .and_then(|y| Oslo.with_ymd_and_hms(y, 1, 1, 0, 0, 0).single())
            .map(|at| at.timestamp_millis())
            .unwrap_or(0)
    };
    (start(year), start(year + 1))
}

/// The instants where a period of ISO dates begins (`from`, inclusive) and ends (the day after `to`), in Oslo.
pub fn date_bounds(from: &str, to: &str) -> Result<(i64, i64), FieldError> {
    let parse = |field: &'static str, value: &str| {
        NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
            .map_err(|_| FieldError::new(field, "invalid_date", format!("{value:?} is not a date (YYYY-MM-DD)")))
    };
    let (from_date, to_date) = (parse("from", from)?, parse("to", to)?);
    if to_date < from_date {
        return Err(FieldError::new("to", "period_order", "the period ends before it starts"));
    }
    let midnight = |date: NaiveDate| {
        Oslo.from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default())
            .earliest()
            .map(|at| at.timestamp_millis())
            .unwrap_or(0)
    };
    Ok((midnight(from_date), midnight(to_date.succ_opt().unwrap_or(to_date))))
}

/// The ISO date (in Oslo) of an instant.
pub fn date_of(millis: i64) -> String {
    Oslo.timestamp_millis_opt(millis).single().map(|at| at.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// Parse an ISO date (`YYYY-MM-DD`).
/// A report's year: 2000–2100, or this year when not given.
pub fn year_or_now(year: Option<i64>) -> Result<i64, FieldError> {
    match year {
        Some(year) if (2000..=2100).contains(&year) => Ok(year),
        Some(_) => Err(FieldError::new("year", "invalid_year", "a year between 2000 and 2100")),
        None => Ok(year_of(crate::db::now_ms())),
    }
}

pub fn parse_date(field: &'static str, value: &str) -> Result<String, FieldError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| FieldError::new(field, "invalid_date", format!("{value:?} is not a date (YYYY-MM-DD)")))
}

/// Add whole months to a local time, keeping the time of day (the day is clamped to the month's length).
pub fn add_months_local(millis: i64, months: u32) -> Option<i64> {
    let local = Oslo.timestamp_millis_opt(millis).single()?.naive_local();
    let shifted = local.checked_add_months(chrono::Months::new(months))?;
    match Oslo.from_local_datetime(&shifted) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Some(at.timestamp_millis()),
        LocalResult::None => Some(millis + i64::from(months) * 30 * 86_400_000),
    }
}

/// Add whole days to a local time, keeping the time of day across daylight-saving changes.
pub fn add_days_local(millis: i64, days: u32) -> Option<i64> {
    let local = Oslo.timestamp_millis_opt(millis).single()?.naive_local();
    let shifted = local.checked_add_days(chrono::Days::new(u64::from(days)))?;
    match Oslo.from_local_datetime(&shifted) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Some(at.timestamp_millis()),
        LocalResult::None => Some(millis + i64::from(days) * 86_400_000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_round_trip_in_winter_and_summer() {
        for local in ["2026-01-15T18:00", "2026-07-01T08:30"] {
            let millis = parse_local("starts_local", local).expect("valid");
            assert_eq!(to_local(millis), local);
        }
        // 18:00 in Oslo in January is 17:00 UTC.
        assert_eq!(parse_local("x", "2026-01-15T18:00"), Ok(1_768_496_400_000));
    }

    #[test]
    fn a_weekly_series_keeps_its_local_time_across_the_clock_change() {
        let before = parse_local("x", "2026-03-24T18:00").expect("valid");
        let after = add_days_local(before, 7).expect("shifts");
        assert_eq!(to_local(after), "2026-03-31T18:00");
        assert_eq!(after - before, 7 * 86_400_000 - 3_600_000);
    }

    #[test]
    fn nonsense_and_skipped_times_are_refused() {
        assert_eq!(parse_local("x", "i morgen").map_err(|e| e.code), Err("invalid_datetime"));
        assert_eq!(parse_local("x", "2026-03-29T02:30").map_err(|e| e.code), Err("nonexistent_time"));
    }
}
