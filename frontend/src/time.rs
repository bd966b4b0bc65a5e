//! Showing instants the way people in Norway read them: Europe/Oslo time, `dd.mm.yyyy hh:mm`.
//!
//! The browser's `Intl.DateTimeFormat` with `timeZone: "Europe/Oslo"` turns an instant into its local date and
//! time of day ([`oslo_parts`]), so summer time follows the browser's time-zone database rather than a rule
//! written here. The `nb-NO` formatter only supplies the numbers; the layout (`14.10.2025 18:00`) is composed
//! from them by pure functions, tested off the browser, and is the same in every language, as Norwegian
//! official documents write it. The weekday is plain calendar arithmetic on the local date.
//!
//! Typed times are sent to the server as local strings (the server converts them), so nothing here converts
//! local time back to UTC.

use std::cell::OnceCell;

use wasm_bindgen::JsValue;

/// An instant's local date and time of day in Europe/Oslo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OsloParts {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
}

impl OsloParts {
    /// `dd.mm.yyyy`
    pub fn date(self) -> String {
        format!("{:02}.{:02}.{:04}", self.day, self.month, self.year)
    }

    /// `hh:mm`
    pub fn time(self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// `dd.mm.yyyy hh:mm`
    pub fn date_time(self) -> String {
        format!("{} {}", self.date(), self.time())
    }

    /// `yyyy-mm-dd`
    pub fn iso_date(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The day of the week, Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> usize {
        // 1970-01-01 was a Thursday (3 with Monday = 0).
        usize::try_from((days_from_civil(self.year, self.month, self.day) + 3).rem_euclid(7)).unwrap_or(0)
    }
}

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

/// Read `Intl.DateTimeFormat.formatToParts` output (`[{type, value}, …]`) into parts; `None` if a number is
/// missing. Midnight may come as hour 24 in some engines; it is 0.
fn parts_from(pairs: impl IntoIterator<Item = (String, String)>) -> Option<OsloParts> {
    let (mut year, mut month, mut day, mut hour, mut minute) = (None, None, None, None, None);
    for (kind, value) in pairs {
        let number = value.trim().parse::<i64>().ok();
        match kind.as_str() {
            "year" => year = number,
            "month" => month = number,
            "day" => day = number,
            "hour" => hour = number.map(|hour| hour % 24),
            "minute" => minute = number,
            _ => {}
        }
    }
    Some(OsloParts { year: year?, month: month?, day: day?, hour: hour?, minute: minute? })
}

thread_local! {
    /// One formatter for the page's lifetime: making an `Intl.DateTimeFormat` is slow, using one is fast.
    static OSLO: OnceCell<js_sys::Intl::DateTimeFormat> = const { OnceCell::new() };
}

/// `Intl.DateTimeFormat("nb-NO", { timeZone: "Europe/Oslo", year, month, day, hour, minute, hourCycle: "h23" })`.
fn oslo_formatter() -> js_sys::Intl::DateTimeFormat {
    let options = js_sys::Object::new();
    for (key, value) in [
        ("timeZone", "Europe/Oslo"),
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
    ] {
        let _always_an_object = js_sys::Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    let locales = js_sys::Array::of1(&JsValue::from_str("nb-NO"));
    js_sys::Intl::DateTimeFormat::new(&locales, &options)
}

/// The local (Europe/Oslo) date and time of day of an instant in unix milliseconds, from the browser's `Intl`.
pub fn oslo_parts(ms: i64) -> OsloParts {
    // Unix milliseconds fit an f64 exactly until the year 287 396.
    #[allow(clippy::cast_precision_loss)]
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let parts = OSLO.with(|cell| cell.get_or_init(oslo_formatter).format_to_parts(&date));
    let text = |part: &JsValue, key: &str| {
        js_sys::Reflect::get(part, &JsValue::from_str(key)).ok().and_then(|value| value.as_string()).unwrap_or_default()
    };
    let pairs = parts.iter().map(|part| (text(&part, "type"), text(&part, "value")));
    // Every engine with `Intl` gives these five numbers; the epoch stands in if one ever does not.
    parts_from(pairs).unwrap_or(OsloParts { year: 1970, month: 1, day: 1, hour: 1, minute: 0 })
}

/// `dd.mm.yyyy hh:mm` in Europe/Oslo time for an instant in unix milliseconds.
pub fn format_oslo(ms: i64) -> String {
    oslo_parts(ms).date_time()
}

/// `dd.mm.yyyy` in Europe/Oslo.
pub fn format_oslo_date(ms: i64) -> String {
    oslo_parts(ms).date()
}

/// `hh:mm` in Europe/Oslo.
pub fn format_oslo_time(ms: i64) -> String {
    oslo_parts(ms).time()
}

/// The day of the week in Europe/Oslo, Monday = 0 … Sunday = 6.
pub fn oslo_weekday(ms: i64) -> usize {
    oslo_parts(ms).weekday()
}

/// `dd.mm.yyyy hh:mm–hh:mm` for a meeting on one day, or both ends in full when it spans days.
pub fn format_span(starts: i64, ends: i64) -> String {
    span(oslo_parts(starts), oslo_parts(ends))
}

/// [`format_span`] on parts.
fn span(starts: OsloParts, ends: OsloParts) -> String {
    if starts.date() == ends.date() {
        format!("{}–{}", starts.date_time(), ends.time())
    } else {
        format!("{} – {}", starts.date_time(), ends.date_time())
    }
}

/// The ISO date (`yyyy-mm-dd`) in Europe/Oslo of an instant.
pub fn oslo_iso_date(ms: i64) -> String {
    oslo_parts(ms).iso_date()
}

/// The calendar year in Europe/Oslo of an instant.
pub fn oslo_year(ms: i64) -> i64 {
    oslo_parts(ms).year
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

    fn parts(year: i64, month: i64, day: i64, hour: i64, minute: i64) -> OsloParts {
        OsloParts { year, month, day, hour, minute }
    }

    fn intl(pairs: &[(&str, &str)]) -> Option<OsloParts> {
        parts_from(pairs.iter().map(|(kind, value)| ((*kind).to_owned(), (*value).to_owned())))
    }

    #[test]
    fn intl_parts_are_read_by_type_whatever_the_order_and_literals() {
        // What Chromium gives for nb-NO: "14.10.2025, 18:00".
        let nb = [
            ("day", "14"),
            ("literal", "."),
            ("month", "10"),
            ("literal", "."),
            ("year", "2025"),
            ("literal", ", "),
            ("hour", "18"),
            ("literal", ":"),
            ("minute", "00"),
        ];
        assert_eq!(intl(&nb), Some(parts(2025, 10, 14, 18, 0)));
        assert_eq!(
            intl(&[("year", "2025"), ("month", "01"), ("day", "02"), ("hour", "24"), ("minute", "05")]),
            Some(parts(2025, 1, 2, 0, 5))
        );
        assert_eq!(intl(&[("year", "2025"), ("month", "01")]), None);
    }

    #[test]
    fn dates_and_times_keep_the_norwegian_layout() {
        let at = parts(2025, 10, 14, 18, 0);
        assert_eq!(at.date_time(), "14.10.2025 18:00");
        assert_eq!(at.date(), "14.10.2025");
        assert_eq!(at.time(), "18:00");
        assert_eq!(at.iso_date(), "2025-10-14");
        assert_eq!(parts(2026, 1, 1, 0, 30).iso_date(), "2026-01-01");
    }

    #[test]
    fn weekdays_come_from_the_local_date() {
        assert_eq!(parts(2025, 10, 14, 18, 0).weekday(), 1, "a Tuesday");
        assert_eq!(parts(1970, 1, 1, 1, 0).weekday(), 3, "a Thursday");
        assert_eq!(parts(2024, 2, 29, 12, 0).weekday(), 3, "a Thursday");
        assert_eq!(parts(2026, 11, 29, 12, 0).weekday(), 6, "a Sunday");
    }

    #[test]
    fn spans_name_the_day_once_unless_they_cross_midnight() {
        assert_eq!(span(parts(2025, 10, 14, 18, 0), parts(2025, 10, 14, 20, 0)), "14.10.2025 18:00–20:00");
        assert_eq!(span(parts(2025, 10, 14, 18, 0), parts(2025, 10, 15, 18, 0)), "14.10.2025 18:00 – 15.10.2025 18:00");
        assert_eq!(format_iso_date("2024-07-01"), "01.07.2024");
        assert_eq!(format_iso_date("soon"), "soon");
    }
}
