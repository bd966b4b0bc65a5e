//! The texts of e-mails in bokmål and English, and dates and times the way each language writes them
//! (Europe/Oslo): «torsdag 14. januar 2027 kl. 18.00–20.00», "Thursday 14 January 2027, 18:00–20:00".
//!
//! Every text is a `match` over both languages, so a text without its translation does not compile.

use chrono::{Datelike, TimeZone, Timelike};
use chrono_tz::Europe::Oslo;

/// The language of a recipient (`people.language`); bokmål unless they chose English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Nb,
    En,
}

impl Lang {
    pub fn parse(value: &str) -> Lang {
        if value == "en" { Lang::En } else { Lang::Nb }
    }

    /// The `lang` attribute of the HTML version.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    }

    /// Pick the text of this language.
    pub fn pick<'a>(self, nb: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nb => nb,
            Lang::En => en,
        }
    }
}

const WEEKDAYS_NB: [&str; 7] = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"];
const WEEKDAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS_NB: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];
const MONTHS_EN: [&str; 12] = [
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

fn local(millis: i64) -> chrono::DateTime<chrono_tz::Tz> {
    Oslo.timestamp_millis_opt(millis)
        .single()
        .unwrap_or_else(|| Oslo.from_utc_datetime(&chrono::NaiveDateTime::default()))
}

fn clock(lang: Lang, millis: i64) -> String {
    let at = local(millis);
    match lang {
        Lang::Nb => format!("{:02}.{:02}", at.hour(), at.minute()),
        Lang::En => format!("{:02}:{:02}", at.hour(), at.minute()),
    }
}

/// «14. januar 2027» / "14 January 2027"
pub fn date(lang: Lang, millis: i64) -> String {
    let at = local(millis);
    let month = at.month0() as usize;
    match lang {
        Lang::Nb => format!("{}. {} {}", at.day(), MONTHS_NB[month], at.year()),
        Lang::En => format!("{} {} {}", at.day(), MONTHS_EN[month], at.year()),
    }
}

/// «desember 2026» / "December 2026" (`month` 1–12).
pub fn month(lang: Lang, year: i32, month: u32) -> String {
    let index = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Nb => format!("{} {year}", MONTHS_NB[index]),
        Lang::En => format!("{} {year}", MONTHS_EN[index]),
    }
}

/// «torsdag 14. januar 2027» / "Thursday 14 January 2027"
pub fn day(lang: Lang, millis: i64) -> String {
    let weekday = local(millis).weekday().num_days_from_monday() as usize;
    match lang {
        Lang::Nb => format!("{} {}", WEEKDAYS_NB[weekday], date(lang, millis)),
        Lang::En => format!("{} {}", WEEKDAYS_EN[weekday], date(lang, millis)),
    }
}

/// «torsdag 14. januar 2027 kl. 18.00» / "Thursday 14 January 2027, 18:00"
pub fn moment(lang: Lang, millis: i64) -> String {
    match lang {
        Lang::Nb => format!("{} kl. {}", day(lang, millis), clock(lang, millis)),
        Lang::En => format!("{}, {}", day(lang, millis), clock(lang, millis)),
    }
}

/// When a meeting is: «torsdag 14. januar 2027 kl. 18.00–20.00», or with both days when it spans several.
pub fn span(lang: Lang, starts_at: i64, ends_at: i64) -> String {
    if local(starts_at).date_naive() == local(ends_at).date_naive() {
        format!("{}–{}", moment(lang, starts_at), clock(lang, ends_at))
    } else {
        format!("{} – {}", moment(lang, starts_at), moment(lang, ends_at))
    }
}

/// The short form for subjects: «14. januar kl. 18.00» / "14 January, 18:00".
pub fn short(lang: Lang, millis: i64) -> String {
    let at = local(millis);
    let month = at.month0() as usize;
    match lang {
        Lang::Nb => format!("{}. {} kl. {}", at.day(), MONTHS_NB[month], clock(lang, millis)),
        Lang::En => format!("{} {}, {}", at.day(), MONTHS_EN[month], clock(lang, millis)),
    }
}

/// An ISO date (`YYYY-MM-DD`) written out: «15. januar 2027».
pub fn iso_date(lang: Lang, iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) => {
            let month = d.month0() as usize;
            match lang {
                Lang::Nb => format!("{}. {} {}", d.day(), MONTHS_NB[month], d.year()),
                Lang::En => format!("{} {} {}", d.day(), MONTHS_EN[month], d.year()),
            }
        }
        Err(_) => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_read_naturally_in_both_languages() {
        // 2027-01-14 17:00 UTC is 18:00 in Oslo, a Thursday.
        let start = 1_799_946_000_000;
        let end = start + 2 * 3_600_000;
        assert_eq!(span(Lang::Nb, start, end), "torsdag 14. januar 2027 kl. 18.00–20.00");
        assert_eq!(span(Lang::En, start, end), "Thursday 14 January 2027, 18:00–20:00");
        assert_eq!(short(Lang::Nb, start), "14. januar kl. 18.00");
        assert_eq!(short(Lang::En, start), "14 January, 18:00");
        assert_eq!(iso_date(Lang::Nb, "2027-01-15"), "15. januar 2027");
        assert_eq!(iso_date(Lang::En, "2027-01-15"), "15 January 2027");
        assert!(span(Lang::Nb, start, start + 86_400_000).contains("fredag 15. januar 2027 kl. 18.00"));
    }
}
