//! The language of e-mails and how dates and times read in it (Europe/Oslo): «torsdag 14. januar 2027 kl.
//! 18.00–20.00», «torsdag 14. januar 2027 kl. 18.00–20.00» (nynorsk: «måndag», «tysdag», …), "Thursday 14
//! January 2027, 18:00–20:00".
//!
//! Every text of every e-mail is a message of the one translation catalogue, `legeting-i18n`'s
//! `locales/<language>/mail.ftl` (bokmål, nynorsk, English; its build fails on a message missing in a language),
//! used through [`Key`]. The names of months and weekdays and the patterns of dates are messages there too.

use chrono::{Datelike, TimeZone, Timelike};
use chrono_tz::Europe::Oslo;
pub use legeting_i18n::mail::Key;
use legeting_i18n::{FluentValue, args};
pub use legeting_shared::Language as Lang;

/// The language of a stored tag (`people.language`): bokmål when it is unknown.
pub fn language(tag: &str) -> Lang {
    Lang::from_tag(tag).unwrap_or_default()
}

/// The language a person reads mail in: the one they chose, or else their municipality's written standard
/// (`municipalities.written_standard`: `nb`, `nn`, or `neutral` for bokmål).
pub fn reading_language(language_tag: &str, chosen: bool, written_standard: &str) -> Lang {
    if chosen {
        return language(language_tag);
    }
    match written_standard {
        "nn" => Lang::Nn,
        "nb" | "neutral" => Lang::Nb,
        _ => language(language_tag),
    }
}

fn local(millis: i64) -> chrono::DateTime<chrono_tz::Tz> {
    Oslo.timestamp_millis_opt(millis)
        .single()
        .unwrap_or_else(|| Oslo.from_utc_datetime(&chrono::NaiveDateTime::default()))
}

fn month_name(lang: Lang, month: u32) -> String {
    Key::MailMonth.format(lang, &args([("month", FluentValue::from(month.clamp(1, 12)))]))
}

fn clock(lang: Lang, millis: i64) -> String {
    let at = local(millis);
    let (hour, minute) = (format!("{:02}", at.hour()), format!("{:02}", at.minute()));
    Key::MailClock.format(lang, &args([("hour", hour.into()), ("minute", minute.into())]))
}

fn written_date(lang: Lang, date: chrono::NaiveDate) -> String {
    Key::MailDate.format(
        lang,
        &args([
            ("day", date.day().to_string().into()),
            ("month", month_name(lang, date.month()).into()),
            ("year", date.year().to_string().into()),
        ]),
    )
}

/// «14. januar 2027» / "14 January 2027"
pub fn date(lang: Lang, millis: i64) -> String {
    written_date(lang, local(millis).date_naive())
}

/// «desember 2026» / "December 2026" (`month` 1–12).
pub fn month(lang: Lang, year: i32, month: u32) -> String {
    Key::MailMonthYear
        .format(lang, &args([("month", month_name(lang, month).into()), ("year", year.to_string().into())]))
}

/// «torsdag 14. januar 2027» / "Thursday 14 January 2027"
pub fn day(lang: Lang, millis: i64) -> String {
    let weekday = local(millis).weekday().number_from_monday();
    let weekday = Key::MailWeekday.format(lang, &args([("weekday", FluentValue::from(weekday))]));
    Key::MailDateWithWeekday.format(lang, &args([("weekday", weekday.into()), ("date", date(lang, millis).into())]))
}

/// «torsdag 14. januar 2027 kl. 18.00» / "Thursday 14 January 2027, 18:00"
pub fn moment(lang: Lang, millis: i64) -> String {
    Key::MailMoment.format(lang, &args([("day", day(lang, millis).into()), ("clock", clock(lang, millis).into())]))
}

/// When a meeting is: «torsdag 14. januar 2027 kl. 18.00–20.00», or with both days when it spans several.
pub fn span(lang: Lang, starts_at: i64, ends_at: i64) -> String {
    if local(starts_at).date_naive() == local(ends_at).date_naive() {
        let (start, end) = (moment(lang, starts_at), clock(lang, ends_at));
        Key::MailSpanOneDay.format(lang, &args([("start", start.into()), ("end", end.into())]))
    } else {
        let (start, end) = (moment(lang, starts_at), moment(lang, ends_at));
        Key::MailSpanDays.format(lang, &args([("start", start.into()), ("end", end.into())]))
    }
}

/// The short form for subjects: «14. januar kl. 18.00» / "14 January, 18:00".
pub fn short(lang: Lang, millis: i64) -> String {
    let at = local(millis);
    Key::MailShort.format(
        lang,
        &args([
            ("day", at.day().to_string().into()),
            ("month", month_name(lang, at.month()).into()),
            ("clock", clock(lang, millis).into()),
        ]),
    )
}

/// An ISO date (`YYYY-MM-DD`) written out: «15. januar 2027».
pub fn iso_date(lang: Lang, iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(date) => written_date(lang, date),
        Err(_) => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_read_naturally_in_every_language() {
        // 2027-01-14 17:00 UTC is 18:00 in Oslo, a Thursday.
        let start = 1_799_946_000_000;
        let end = start + 2 * 3_600_000;
        assert_eq!(span(Lang::Nb, start, end), "torsdag 14. januar 2027 kl. 18.00–20.00");
        assert_eq!(
            span(Lang::Nn, start - 3 * 86_400_000, end - 3 * 86_400_000),
            "måndag 11. januar 2027 kl. 18.00–20.00"
        );
        assert_eq!(span(Lang::En, start, end), "Thursday 14 January 2027, 18:00–20:00");
        assert_eq!(short(Lang::Nb, start), "14. januar kl. 18.00");
        assert_eq!(short(Lang::En, start), "14 January, 18:00");
        assert_eq!(iso_date(Lang::Nb, "2027-01-15"), "15. januar 2027");
        assert_eq!(iso_date(Lang::En, "2027-01-15"), "15 January 2027");
        assert_eq!(iso_date(Lang::En, "15.01.2027"), "15.01.2027", "what is not a date stays as it is");
        assert_eq!(month(Lang::Nn, 2026, 12), "desember 2026");
        assert!(span(Lang::Nb, start, start + 86_400_000).contains("fredag 15. januar 2027 kl. 18.00"));
        assert!(span(Lang::Nn, start + 2 * 86_400_000, start + 3 * 86_400_000).starts_with("laurdag 16. januar"));
    }

    #[test]
    fn mail_is_read_in_the_chosen_language_or_the_municipalitys_written_standard() {
        assert_eq!(reading_language("en", true, "nn"), Lang::En);
        assert_eq!(reading_language("nb", true, "nn"), Lang::Nb);
        assert_eq!(reading_language("nb", false, "nn"), Lang::Nn);
        assert_eq!(reading_language("nb", false, "neutral"), Lang::Nb);
        assert_eq!(reading_language("xx", true, "nb"), Lang::Nb);
    }
}
