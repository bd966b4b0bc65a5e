//! Annual-obligation nudges: on each configured date (`LEGETING_OBLIGATION_NUDGES`, default 1 September and
//! 1 November), every active GP who has not met this year's meeting obligation in a municipality (and is not
//! exempt) gets one reminder. Notification mail: it follows the "reminders" preference.
//!
//! A nudge date is done once per municipality: a marker row in `settings` (`obligation_nudge:<municipality>:<date>`)
//! is written in the same transaction as the mails, so a restart or a second instance sends nothing twice. A
//! server that was down on the date catches up within two weeks, not later. Just before sending, the worker
//! checks again that the obligation is still not met.
//!
//! The outbox below knows nothing of the obligation: it reaches these nudges through [`ObligationNudges`], the
//! [`MailSource`] registered at start-up.

use chrono::{Datelike, NaiveDate, TimeZone};
use futures_util::future::BoxFuture;
use legeting_i18n::args;
use legeting_shared::mail::MailCategory;
use legeting_shared::participation::ObligationState;
use sqlx::AnyPool;

use super::obligation;
use crate::mail::Mail;
use crate::outbox::i18n::{self, Key};
use crate::outbox::notify::{self, FooterLinks, Origin, Recipient};
use crate::outbox::source::MailSource;
use crate::outbox::templates::{Content, Link};
use crate::outbox::worker::Claimed;
use crate::outbox::{Category, NewMail, batch_done, enqueue_batch};
use crate::state::AppState;

/// How long after a nudge date a server that was down still sends it.
const CATCH_UP_DAYS: i64 = 14;

/// `"09-01,11-01"` → `[(9, 1), (11, 1)]`; nonsense is dropped.
pub fn parse_dates(text: &str) -> Vec<(u32, u32)> {
    text.split(',')
        .filter_map(|d| {
            let (month, day) = d.trim().split_once('-')?;
            let (month, day) = (month.parse::<u32>().ok()?, day.parse::<u32>().ok()?);
            NaiveDate::from_ymd_opt(2024, month, day).map(|_| (month, day))
        })
        .collect()
}

fn oslo_today(now: i64) -> NaiveDate {
    chrono_tz::Europe::Oslo.timestamp_millis_opt(now).single().map(|at| at.date_naive()).unwrap_or_default()
}

/// The nudge dates of this year that are due at `now` (on or after the date, within the catch-up window).
pub fn due_dates(configured: &str, now: i64) -> Vec<NaiveDate> {
    let today = oslo_today(now);
    parse_dates(configured)
        .into_iter()
        .filter_map(|(month, day)| NaiveDate::from_ymd_opt(today.year(), month, day))
        .filter(|date| today >= *date && (today - *date).num_days() < CATCH_UP_DAYS)
        .collect()
}

/// Queue the nudges due at `now`. Returns how many mails were queued.
pub async fn make_due(state: &AppState, now: i64) -> anyhow::Result<usize> {
    let dates = due_dates(&state.config.obligation_nudges, now);
    if dates.is_empty() {
        return Ok(0);
    }
    let pool = state.database.pool();
    let municipalities: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM municipalities ORDER BY id").fetch_all(pool).await?;
    let mut queued = 0;
    for date in dates {
        for (municipality_id, municipality) in &municipalities {
            let marker = format!("obligation_nudge:{municipality_id}:{date}");
            if batch_done(pool, &marker).await? {
                continue;
            }
            let year = i64::from(date.year());
            let mut mails = Vec::new();
            for status in obligation::statuses(pool, municipality_id, year, None).await? {
                if status.state != ObligationState::NotMet {
                    continue;
                }
                mails.push(nudge(state, pool, municipality_id, municipality, &status.person_id, year, date).await?);
            }
            queued += enqueue_batch(pool, &marker, &mails, now).await?;
        }
    }
    Ok(queued)
}

async fn nudge(
    state: &AppState,
    pool: &AnyPool,
    municipality_id: &str,
    municipality: &str,
    person_id: &str,
    year: i64,
    date: NaiveDate,
) -> anyhow::Result<NewMail> {
    let (name, email, language, chosen, written_standard): (String, String, String, i64, String) = sqlx::query_as(
        "SELECT p.name, p.email, p.language, p.language_chosen, mu.written_standard FROM people p \
         JOIN municipalities mu ON mu.id = $2 WHERE p.id = $1",
    )
    .bind(person_id)
    .bind(municipality_id)
    .fetch_one(pool)
    .await?;
    let lang = i18n::reading_language(&language, chosen == 1, &written_standard);
    let to = Recipient { id: person_id.to_owned(), name, email, lang };
    let links = notify::footer_links(state, person_id, MailCategory::Reminders)?;
    let origin = Origin {
        municipality_id: municipality_id.to_owned(),
        municipality_name: municipality.to_owned(),
        ..Origin::default()
    };
    let mail = compose(&to, &origin, year, &state.config.effective_base_url(), &links)?;
    Ok(NewMail {
        dedupe_key: format!("obligation:{municipality_id}:{person_id}:{date}"),
        category: Category::ObligationNudge,
        municipality_id: Some(municipality_id.to_owned()),
        person_id: Some(person_id.to_owned()),
        meeting_id: None,
        schedule_id: None,
        mail,
        sensitive: false,
        skip_reason: notify::skip_reason(state, person_id, MailCategory::Reminders).await?,
    })
}

/// The nudge itself (pure): `to` has not met the obligation in `origin`'s municipality in `year`.
pub fn compose(
    to: &Recipient,
    origin: &Origin,
    year: i64,
    base_url: &str,
    links: &FooterLinks,
) -> anyhow::Result<Mail> {
    let lang = to.lang;
    let municipality = &origin.municipality_name;
    let year = year.to_string();
    let subject = Key::MailNudgeSubject.format(lang, &args([("year", year.as_str().into())]));
    let heading = Key::MailNudgeHeading
        .format(lang, &args([("municipality", municipality.as_str().into()), ("year", year.as_str().into())]));
    let mut content = Content::new(lang, subject, municipality.to_owned(), heading, to.greeting());
    content.paragraphs.push(Key::MailNudgeIntro.format(lang, &args([("year", year.as_str().into())])));
    content.paragraphs.push(Key::MailNudgeWhatToDo.text(lang).to_owned());
    content.actions.push(Link { label: Key::MailNudgeSeeMeetings.text(lang).into(), url: format!("{base_url}/moter") });
    notify::compose(to, MailCategory::Reminders, content, links, origin)
}

/// Whether the GP of an `obligation:<municipality>:<person>:<date>` mail still has not met the obligation.
pub async fn still_unmet(pool: &AnyPool, dedupe_key: &str) -> Result<bool, sqlx::Error> {
    let mut parts = dedupe_key.splitn(4, ':');
    let (Some("obligation"), Some(municipality_id), Some(person_id), Some(date)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Ok(true);
    };
    let Ok(date) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else { return Ok(true) };
    let statuses = obligation::statuses(pool, municipality_id, i64::from(date.year()), Some(person_id)).await?;
    Ok(statuses.iter().any(|s| s.state == ObligationState::NotMet))
}

/// Obligation nudges as a source of the mail worker: every batch makes the nudges that have fallen due, and a
/// nudge is dropped just before sending when its GP has met the obligation meanwhile.
#[derive(Debug, Clone, Copy, Default)]
pub struct ObligationNudges;

impl MailSource for ObligationNudges {
    fn name(&self) -> &'static str {
        "obligation nudges"
    }

    fn make_due<'a>(&'a self, state: &'a AppState, now: i64) -> BoxFuture<'a, anyhow::Result<usize>> {
        Box::pin(make_due(state, now))
    }

    fn no_longer_wanted<'a>(
        &'a self,
        state: &'a AppState,
        row: &'a Claimed,
        _now: i64,
    ) -> BoxFuture<'a, Result<Option<&'static str>, sqlx::Error>> {
        Box::pin(async move {
            if row.category != Some(Category::ObligationNudge) {
                return Ok(None);
            }
            let met = !still_unmet(state.database.pool(), &row.dedupe_key).await?;
            Ok(met.then_some("the obligation has been met meanwhile"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::snapshot::{LANGUAGES, baerum, describe, footer_links, kari};

    #[test]
    fn a_nudge_tells_a_gp_the_obligation_is_not_met_yet() {
        for lang in LANGUAGES {
            let mail =
                compose(&kari(lang), &baerum(), 2027, "https://legeting.example", &footer_links()).expect("renders");
            insta::assert_snapshot!(format!("nudge_{}", lang.tag()), describe(&mail));
        }
    }

    #[test]
    fn nudge_dates_are_due_from_the_date_for_two_weeks() {
        assert_eq!(parse_dates("09-01, 11-01,13-01,x,02-30"), vec![(9, 1), (11, 1)]);
        // 2027-09-01 08:00 UTC is 10:00 in Oslo.
        let first_of_september = 1_819_785_600_000;
        let day = 86_400_000;
        let first = NaiveDate::from_ymd_opt(2027, 9, 1).expect("a date");
        assert_eq!(due_dates("09-01,11-01", first_of_september), vec![first]);
        assert_eq!(due_dates("09-01,11-01", first_of_september + 13 * day), vec![first]);
        assert!(due_dates("09-01,11-01", first_of_september + 14 * day).is_empty());
        assert!(due_dates("09-01,11-01", first_of_september - day).is_empty());
        assert!(due_dates("", first_of_september).is_empty());
    }
}
