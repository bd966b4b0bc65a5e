//! Showing instants the way people in Norway read them: Europe/Oslo time, `dd.mm.yyyy hh:mm`.
//!
//! Pure arithmetic, so it is testable off the browser and needs no time-zone database: Norway follows the EU
//! rule, with summer time (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
//! October, and UTC+1 otherwise.

const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;

/// Days since 1970-01-01 of a civil date (proleptic Gregorian; Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day count of the last Sunday of `month` in `year`.
fn last_sunday(year: i64, month: i64) -> i64 {
    let first_of_next = if month == 12 { days_from_civil(year + 1, 1, 1) } else { days_from_civil(year, month + 1, 1) };
    let last_day = first_of_next - 1;
    // 1970-01-01 was a Thursday; with Monday = 0, Thursday = 3.
    let weekday = (last_day + 3).rem_euclid(7);
    last_day - (weekday - 6).rem_euclid(7)
}

/// The offset of Europe/Oslo from UTC at the instant `ms` (unix milliseconds), in milliseconds.
pub fn oslo_offset_ms(ms: i64) -> i64 {
    let (year, _, _) = civil_from_days(ms.div_euclid(MS_PER_DAY));
    let summer_starts = last_sunday(year, 3) * MS_PER_DAY + MS_PER_HOUR;
    let summer_ends = last_sunday(year, 10) * MS_PER_DAY + MS_PER_HOUR;
    if (summer_starts..summer_ends).contains(&ms) { 2 * MS_PER_HOUR } else { MS_PER_HOUR }
}

/// `dd.mm.yyyy hh:mm` in Europe/Oslo time for an instant in unix milliseconds.
pub fn format_oslo(ms: i64) -> String {
    let local = ms + oslo_offset_ms(ms);
    let (year, month, day) = civil_from_days(local.div_euclid(MS_PER_DAY));
    let minute_of_day = local.rem_euclid(MS_PER_DAY) / MS_PER_MINUTE;
    format!("{day:02}.{month:02}.{year:04} {:02}:{:02}", minute_of_day / 60, minute_of_day % 60)
}

/// The local (Europe/Oslo) civil date and minute of the day of an instant.
fn oslo_parts(ms: i64) -> ((i64, i64, i64), i64) {
    let local = ms + oslo_offset_ms(ms);
    (civil_from_days(local.div_euclid(MS_PER_DAY)), local.rem_euclid(MS_PER_DAY) / MS_PER_MINUTE)
}

/// `dd.mm.yyyy` in Europe/Oslo.
pub fn format_oslo_date(ms: i64) -> String {
    let ((year, month, day), _) = oslo_parts(ms);
    format!("{day:02}.{month:02}.{year:04}")
}

/// `hh:mm` in Europe/Oslo.
pub fn format_oslo_time(ms: i64) -> String {
    let (_, minute) = oslo_parts(ms);
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// The day of the week in Europe/Oslo, Monday = 0 … Sunday = 6.
pub fn oslo_weekday(ms: i64) -> usize {
    let local = ms + oslo_offset_ms(ms);
    // 1970-01-01 was a Thursday (3 with Monday = 0).
    usize::try_from((local.div_euclid(MS_PER_DAY) + 3).rem_euclid(7)).unwrap_or(0)
}

/// `dd.mm.yyyy hh:mm–hh:mm` for a meeting on one day, or both ends in full when it spans days.
pub fn format_span(starts: i64, ends: i64) -> String {
    if format_oslo_date(starts) == format_oslo_date(ends) {
        format!("{}–{}", format_oslo(starts), format_oslo_time(ends))
    } else {
        format!("{} – {}", format_oslo(starts), format_oslo(ends))
    }
}

/// The ISO date (`yyyy-mm-dd`) in Europe/Oslo of an instant.
pub fn oslo_iso_date(ms: i64) -> String {
    let ((year, month, day), _) = oslo_parts(ms);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The calendar year in Europe/Oslo of an instant.
pub fn oslo_year(ms: i64) -> i64 {
    oslo_parts(ms).0.0
}

/// An ISO date `yyyy-mm-dd` as `dd.mm.yyyy`; anything else is returned as it is.
pub fn format_iso_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [year, month, day] if year.len() == 4 && month.len() == 2 && day.len() == 2 => format!("{day}.{month}.{year}"),
        _ => iso.to_owned(),
    }
}

/// The current instant in unix milliseconds (the browser's clock).
pub fn now_ms() -> i64 {
    // Unix milliseconds fit an f64 exactly until the year 287 396.
    js_sys::Date::now() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(year: i64, month: i64, day: i64, hour: i64, minute: i64) -> i64 {
        days_from_civil(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE
    }

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        for days in [-1000, 0, 59, 60, 365, 11_016, 19_782, 20_000, 40_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn last_sundays_are_found() {
        assert_eq!(civil_from_days(last_sunday(2025, 3)), (2025, 3, 30));
        assert_eq!(civil_from_days(last_sunday(2025, 10)), (2025, 10, 26));
        assert_eq!(civil_from_days(last_sunday(2024, 3)), (2024, 3, 31));
        assert_eq!(civil_from_days(last_sunday(2026, 10)), (2026, 10, 25));
    }

    #[test]
    fn winter_is_utc_plus_one_and_summer_utc_plus_two() {
        assert_eq!(format_oslo(utc(2025, 1, 15, 12, 0)), "15.01.2025 13:00");
        assert_eq!(format_oslo(utc(2025, 7, 1, 22, 30)), "02.07.2025 00:30");
        assert_eq!(format_oslo(0), "01.01.1970 01:00");
    }

    #[test]
    fn the_switches_happen_at_one_in_the_night_utc() {
        // 30 March 2025: 02:00 CET becomes 03:00 CEST.
        assert_eq!(format_oslo(utc(2025, 3, 30, 0, 59)), "30.03.2025 01:59");
        assert_eq!(format_oslo(utc(2025, 3, 30, 1, 0)), "30.03.2025 03:00");
        // 26 October 2025: 03:00 CEST becomes 02:00 CET.
        assert_eq!(format_oslo(utc(2025, 10, 26, 0, 59)), "26.10.2025 02:59");
        assert_eq!(format_oslo(utc(2025, 10, 26, 1, 0)), "26.10.2025 02:00");
    }

    #[test]
    fn dates_times_and_weekdays_are_local() {
        // 14 October 2025 16:00 UTC is 18:00 in Oslo, a Tuesday.
        let ms = utc(2025, 10, 14, 16, 0);
        assert_eq!(format_oslo_date(ms), "14.10.2025");
        assert_eq!(format_oslo_time(ms), "18:00");
        assert_eq!(oslo_weekday(ms), 1);
        assert_eq!(oslo_iso_date(utc(2025, 12, 31, 23, 30)), "2026-01-01");
        assert_eq!(oslo_year(utc(2025, 12, 31, 23, 30)), 2026);
        assert_eq!(format_span(ms, ms + 2 * MS_PER_HOUR), "14.10.2025 18:00–20:00");
        assert_eq!(format_span(ms, ms + 24 * MS_PER_HOUR), "14.10.2025 18:00 – 15.10.2025 18:00");
        assert_eq!(format_iso_date("2024-07-01"), "01.07.2024");
        assert_eq!(format_iso_date("soon"), "soon");
    }
}
