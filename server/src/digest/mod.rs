//! The monthly digest: on the configured day of each month (`LEGETING_DIGEST_DAY`, default the 1st; 0 turns
//! it off), everyone with a role in a municipality gets one mail that gathers what is theirs:
//! - the meetings they are invited to in the next five weeks, with whether they have answered;
//! - their open action items, with due dates;
//! - the information letters and announcements published in the last month (not for guests);
//! - for GPs, where they stand with this year's meeting obligation.
//!
//! A digest with no meetings, action items or letters is not sent. Notification mail: it follows the "digest"
//! preference and has a one-click unsubscribe. Like the obligation nudges, a month's digest is done once per
//! municipality: a marker row in `settings` (`digest:<municipality>:<YYYY-MM>`) is written in the same
//! transaction as the mails, so a restart or a second instance sends nothing twice; a server that was down on
//! the day catches up within a week.
//!
//! The digest gathers from several domains (meetings, action items, letters, the obligation), so it sits with
//! the features above them; the outbox below reaches it through [`MonthlyDigest`], the [`MailSource`]
//! registered at start-up.

use chrono::{Datelike, NaiveDate, TimeZone};
use futures_util::future::BoxFuture;
use legeting_i18n::args;
use legeting_shared::mail::MailCategory;
use legeting_shared::meetings::RsvpAnswer;
use legeting_shared::participation::ObligationState;
use sqlx::AnyPool;

use crate::attendance::obligation;
use crate::mail::Mail;
use crate::outbox::i18n::{self, Key, Lang};
use crate::outbox::notify::{self, FooterLinks, Origin, Recipient};
use crate::outbox::source::MailSource;
use crate::outbox::templates::{Content, Fact, Item, Link, Section};
use crate::outbox::worker::Claimed;
use crate::outbox::{Category, NewMail, batch_done, enqueue_batch};
use crate::state::AppState;

const DAY_MS: i64 = 86_400_000;
/// How far ahead the digest looks for meetings.
const MEETINGS_AHEAD_MS: i64 = 35 * DAY_MS;
/// How far back it looks for letters.
const LETTERS_BACK_MS: i64 = 31 * DAY_MS;
/// How long after the digest day a server that was down still sends it.
const CATCH_UP_DAYS: u32 = 7;

/// The month whose digest is due at `now` (Oslo), if any: from the configured day for a week.
pub fn due_month(digest_day: u32, now: i64) -> Option<NaiveDate> {
    if !(1..=28).contains(&digest_day) {
        return None;
    }
    let today = chrono_tz::Europe::Oslo.timestamp_millis_opt(now).single()?.date_naive();
    (today.day() >= digest_day && today.day() - digest_day < CATCH_UP_DAYS).then(|| today.with_day(1)).flatten()
}

/// Queue the digests due at `now`. Returns how many mails were queued.
pub async fn make_due(state: &AppState, now: i64) -> anyhow::Result<usize> {
    match due_month(state.config.digest_day, now) {
        Some(month) => make_month(state, month, now).await,
        None => Ok(0),
    }
}

/// The monthly digest as a source of the mail worker: every batch makes the month's digests once they are due.
/// A queued digest is not checked again before sending (beyond the recipient's preference, which the worker
/// checks for every notification).
#[derive(Debug, Clone, Copy, Default)]
pub struct MonthlyDigest;

impl MailSource for MonthlyDigest {
    fn name(&self) -> &'static str {
        "monthly digest"
    }

    fn make_due<'a>(&'a self, state: &'a AppState, now: i64) -> BoxFuture<'a, anyhow::Result<usize>> {
        Box::pin(make_due(state, now))
    }

    fn no_longer_wanted<'a>(
        &'a self,
        _state: &'a AppState,
        _row: &'a Claimed,
        _now: i64,
    ) -> BoxFuture<'a, Result<Option<&'static str>, sqlx::Error>> {
        Box::pin(async { Ok(None) })
    }
}

/// Queue the digests of `month` (its first day) as of `now`, for every municipality that has not had them.
/// Returns how many mails were queued.
pub async fn make_month(state: &AppState, month: NaiveDate, now: i64) -> anyhow::Result<usize> {
    let pool = state.database.pool();
    let municipalities: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, name, written_standard FROM municipalities ORDER BY id").fetch_all(pool).await?;
    let mut queued = 0;
    for (municipality_id, municipality, written_standard) in &municipalities {
        let marker = format!("digest:{municipality_id}:{}", month.format("%Y-%m"));
        if batch_done(pool, &marker).await? {
            continue;
        }
        let mut mails = Vec::new();
        for (to, roles) in members(pool, municipality_id, written_standard).await? {
            let origin = Origin {
                municipality_id: municipality_id.clone(),
                municipality_name: municipality.clone(),
                ..Origin::default()
            };
            if let Some(mail) = digest(state, &to, &roles, origin, month, now).await? {
                mails.push(mail);
            }
        }
        queued += enqueue_batch(pool, &marker, &mails, now).await?;
    }
    Ok(queued)
}

/// The active people with a role in the municipality, with their roles there and the language they read.
async fn members(
    pool: &AnyPool,
    municipality_id: &str,
    written_standard: &str,
) -> Result<Vec<(Recipient, Vec<String>)>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, i64, String)> = sqlx::query_as(
        "SELECT p.id, p.name, p.email, p.language, p.language_chosen, r.role FROM people p JOIN municipality_roles r \
         ON r.person_id = p.id WHERE r.municipality_id = $1 AND p.active = 1 ORDER BY p.name, p.id, r.role",
    )
    .bind(municipality_id)
    .fetch_all(pool)
    .await?;
    let mut out: Vec<(Recipient, Vec<String>)> = Vec::new();
    for (id, name, email, language, chosen, role) in rows {
        match out.last_mut() {
            Some((last, roles)) if last.id == id => roles.push(role),
            _ => {
                let lang = i18n::reading_language(&language, chosen == 1, written_standard);
                out.push((Recipient { id, name, email, lang }, vec![role]));
            }
        }
    }
    Ok(out)
}

/// A meeting in the digest.
#[derive(Debug, Clone)]
pub struct UpcomingMeeting {
    pub id: String,
    pub title: String,
    pub starts_at: i64,
    pub location: Option<String>,
    pub answer: Option<RsvpAnswer>,
}

/// An open action item in the digest.
#[derive(Debug, Clone)]
pub struct OpenAction {
    pub title: String,
    /// `YYYY-MM-DD`
    pub due_date: Option<String>,
    /// `open` or `in_progress`.
    pub status: String,
    pub meeting_title: String,
}

/// A letter of the last month in the digest.
#[derive(Debug, Clone)]
pub struct RecentLetter {
    pub id: String,
    pub title: String,
    pub published_at: i64,
}

/// What one person's digest tells.
#[derive(Debug, Clone)]
pub struct DigestData {
    pub meetings: Vec<UpcomingMeeting>,
    pub actions: Vec<OpenAction>,
    /// `None` for someone who does not read letters (guests): the section is left out.
    pub letters: Option<Vec<RecentLetter>>,
    /// For GPs: the year and where they stand with its meeting obligation.
    pub obligation: Option<(i64, ObligationState)>,
}

impl DigestData {
    fn is_empty(&self) -> bool {
        self.meetings.is_empty() && self.actions.is_empty() && self.letters.as_ref().is_none_or(Vec::is_empty)
    }
}

/// One person's digest, or `None` when there is nothing to tell.
async fn digest(
    state: &AppState,
    to: &Recipient,
    roles: &[String],
    origin: Origin,
    month: NaiveDate,
    now: i64,
) -> anyhow::Result<Option<NewMail>> {
    let pool = state.database.pool();
    let municipality_id = origin.municipality_id.as_str();

    let meetings: Vec<(String, String, i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT m.id, m.title, m.starts_at, m.location, r.answer FROM meetings m \
         JOIN meeting_invitees i ON i.meeting_id = m.id AND i.person_id = $1 \
         LEFT JOIN rsvps r ON r.meeting_id = m.id AND r.person_id = $1 \
         WHERE m.municipality_id = $2 AND m.status = 'notice_sent' AND m.starts_at >= $3 AND m.starts_at < $4 \
         ORDER BY m.starts_at, m.id",
    )
    .bind(&to.id)
    .bind(municipality_id)
    .bind(now)
    .bind(now + MEETINGS_AHEAD_MS)
    .fetch_all(pool)
    .await?;
    let actions: Vec<(String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT x.title, x.due_date, x.status, m.title FROM action_items x JOIN meetings m ON m.id = x.meeting_id \
         WHERE x.owner_id = $1 AND m.municipality_id = $2 AND x.status <> 'done' \
         ORDER BY CASE WHEN x.due_date IS NULL THEN 1 ELSE 0 END, x.due_date, x.id",
    )
    .bind(&to.id)
    .bind(municipality_id)
    .fetch_all(pool)
    .await?;
    let reads_letters = roles.iter().any(|r| r != "guest");
    let letters: Option<Vec<(String, String, i64)>> = if reads_letters {
        Some(
            sqlx::query_as(
                "SELECT id, title, published_at FROM letters WHERE municipality_id = $1 AND status = 'published' \
                 AND published_at >= $2 AND published_at <= $3 ORDER BY published_at DESC, id DESC",
            )
            .bind(municipality_id)
            .bind(now - LETTERS_BACK_MS)
            .bind(now)
            .fetch_all(pool)
            .await?,
        )
    } else {
        None
    };
    let mut data = DigestData {
        meetings: meetings
            .into_iter()
            .map(|(id, title, starts_at, location, answer)| UpcomingMeeting {
                id,
                title,
                starts_at,
                location,
                answer: answer.as_deref().and_then(RsvpAnswer::parse),
            })
            .collect(),
        actions: actions
            .into_iter()
            .map(|(title, due_date, status, meeting_title)| OpenAction { title, due_date, status, meeting_title })
            .collect(),
        letters: letters.map(|letters| {
            letters.into_iter().map(|(id, title, published_at)| RecentLetter { id, title, published_at }).collect()
        }),
        obligation: None,
    };
    if data.is_empty() {
        return Ok(None);
    }
    if roles.iter().any(|r| r == "gp") {
        let year = i64::from(month.year());
        let statuses = obligation::statuses(pool, municipality_id, year, Some(&to.id)).await?;
        data.obligation = statuses.first().map(|status| (year, status.state));
    }
    let links = notify::footer_links(state, &to.id, MailCategory::Digest)?;
    let Some(mail) = compose(to, &origin, month, &data, &state.config.effective_base_url(), &links)? else {
        return Ok(None);
    };
    Ok(Some(NewMail {
        dedupe_key: format!("digest:{municipality_id}:{}:{}", to.id, month.format("%Y-%m")),
        category: Category::Digest,
        municipality_id: Some(origin.municipality_id.clone()),
        person_id: Some(to.id.clone()),
        meeting_id: None,
        schedule_id: None,
        mail,
        sensitive: false,
        skip_reason: notify::skip_reason(state, &to.id, MailCategory::Digest).await?,
    }))
}

/// The digest of `month` (pure), or `None` when it has nothing to tell.
pub fn compose(
    to: &Recipient,
    origin: &Origin,
    month: NaiveDate,
    data: &DigestData,
    base: &str,
    links: &FooterLinks,
) -> anyhow::Result<Option<Mail>> {
    if data.is_empty() {
        return Ok(None);
    }
    let lang = to.lang;
    let meeting_items: Vec<Item> = data
        .meetings
        .iter()
        .map(|meeting| {
            let mut notes = Vec::new();
            if let Some(location) = &meeting.location {
                notes.push(Key::MailDigestPlace.format(lang, &args([("place", location.as_str().into())])));
            }
            notes.push(answer_note(lang, meeting.answer).to_owned());
            Item {
                label: Some(i18n::short(lang, meeting.starts_at)),
                text: meeting.title.clone(),
                url: Some(format!("{base}/moter/{}", meeting.id)),
                notes,
            }
        })
        .collect();
    let action_items: Vec<Item> = data
        .actions
        .iter()
        .map(|action| Item {
            label: Some(match &action.due_date {
                Some(due) => Key::MailDigestDue.format(lang, &args([("date", i18n::iso_date(lang, due).into())])),
                None => Key::MailDigestNoDueDate.text(lang).to_owned(),
            }),
            text: action.title.clone(),
            url: None,
            notes: vec![
                Key::MailDigestFromMeeting.format(lang, &args([("meeting", action.meeting_title.as_str().into())])),
                match action.status.as_str() {
                    "in_progress" => Key::MailActionInProgress.text(lang).into(),
                    _ => Key::MailActionOpen.text(lang).into(),
                },
            ],
        })
        .collect();

    let month_name = i18n::month(lang, month.year(), month.month());
    let subject = Key::MailDigestSubject.format(lang, &args([("month", month_name.as_str().into())]));
    let heading = Key::MailDigestHeading.format(lang, &args([("month", month_name.as_str().into())]));
    let mut content = Content::new(lang, subject, origin.municipality_name.clone(), heading, to.greeting());
    content.paragraphs.push(Key::MailDigestIntro.text(lang).to_owned());
    if let Some((year, state)) = data.obligation {
        content.facts.push(Fact {
            label: Key::MailDigestObligation.format(lang, &args([("year", year.to_string().into())])),
            value: match state {
                ObligationState::Met => Key::MailObligationMet,
                ObligationState::Exempt => Key::MailObligationExempt,
                ObligationState::NotMet => Key::MailObligationNotMet,
            }
            .text(lang)
            .into(),
            url: Some(format!("{base}/moteplikt")),
        });
    }
    content.sections.push(Section {
        heading: Key::MailDigestMeetingsHeading.text(lang).into(),
        items: meeting_items,
        empty: Key::MailDigestMeetingsEmpty.text(lang).into(),
    });
    content.sections.push(Section {
        heading: Key::MailDigestActionsHeading.text(lang).into(),
        items: action_items,
        empty: Key::MailDigestActionsEmpty.text(lang).into(),
    });
    if let Some(letters) = &data.letters {
        content.sections.push(Section {
            heading: Key::MailDigestLettersHeading.text(lang).into(),
            items: letters
                .iter()
                .map(|letter| Item {
                    label: Some(i18n::date(lang, letter.published_at)),
                    text: letter.title.clone(),
                    url: Some(format!("{base}/informasjon/{}", letter.id)),
                    notes: Vec::new(),
                })
                .collect(),
            empty: Key::MailDigestLettersEmpty.text(lang).into(),
        });
    }
    content.links.push(Link { label: Key::MailDigestSeeMeetings.text(lang).into(), url: format!("{base}/moter") });
    content.links.push(Link { label: Key::MailDigestSeeTasks.text(lang).into(), url: format!("{base}/oppgaver") });
    Ok(Some(notify::compose(to, MailCategory::Digest, content, links, origin)?))
}

fn answer_note(lang: Lang, answer: Option<RsvpAnswer>) -> &'static str {
    match answer {
        Some(RsvpAnswer::InPerson) => Key::MailDigestAnsweredInPerson,
        Some(RsvpAnswer::Remote) => Key::MailDigestAnsweredRemote,
        Some(RsvpAnswer::Absent) => Key::MailDigestAnsweredAbsent,
        None => Key::MailDigestNotAnswered,
    }
    .text(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::snapshot::{DAY, LANGUAGES, THURSDAY_EVENING, baerum, describe, footer_links, kari};

    fn full() -> DigestData {
        DigestData {
            meetings: vec![
                UpcomingMeeting {
                    id: "meeting-alu".into(),
                    title: "ALU-møte".into(),
                    starts_at: THURSDAY_EVENING,
                    location: Some("Rådhuset".into()),
                    answer: None,
                },
                UpcomingMeeting {
                    id: "meeting-storlege".into(),
                    title: "Storlegemøte".into(),
                    starts_at: THURSDAY_EVENING + 7 * DAY,
                    location: None,
                    answer: Some(RsvpAnswer::InPerson),
                },
                UpcomingMeeting {
                    id: "meeting-kurs".into(),
                    title: "Kurs i akuttmedisin".into(),
                    starts_at: THURSDAY_EVENING + 14 * DAY,
                    location: None,
                    answer: Some(RsvpAnswer::Remote),
                },
                UpcomingMeeting {
                    id: "meeting-su".into(),
                    title: "Samarbeidsutvalget".into(),
                    starts_at: THURSDAY_EVENING + 21 * DAY,
                    location: None,
                    answer: Some(RsvpAnswer::Absent),
                },
            ],
            actions: vec![
                OpenAction {
                    title: "Lag utkast til legevaktavtale".into(),
                    due_date: Some("2027-01-20".into()),
                    status: "in_progress".into(),
                    meeting_title: "ALU-møte".into(),
                },
                OpenAction {
                    title: "Svar på høring".into(),
                    due_date: None,
                    status: "open".into(),
                    meeting_title: "ALU-møte".into(),
                },
            ],
            letters: Some(vec![RecentLetter {
                id: "letter-1".into(),
                title: "Nytt om legevakt".into(),
                published_at: THURSDAY_EVENING - 10 * DAY,
            }]),
            obligation: Some((2027, ObligationState::NotMet)),
        }
    }

    fn january() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, 1).expect("a date")
    }

    fn snapshot(name: &str, data: &DigestData) {
        for lang in LANGUAGES {
            let mail = compose(&kari(lang), &baerum(), january(), data, "https://legeting.example", &footer_links())
                .expect("renders")
                .expect("something to tell");
            insta::assert_snapshot!(format!("{name}_{}", lang.tag()), describe(&mail));
        }
    }

    #[test]
    fn a_digest_gathers_meetings_with_answers_action_items_letters_and_the_obligation() {
        snapshot("digest", &full());
    }

    #[test]
    fn a_digest_says_what_is_empty_and_leaves_letters_out_for_guests() {
        for (name, state) in [("digest_met", ObligationState::Met), ("digest_exempt", ObligationState::Exempt)] {
            let data = DigestData {
                meetings: Vec::new(),
                letters: Some(Vec::new()),
                obligation: Some((2027, state)),
                ..full()
            };
            snapshot(name, &data);
        }
        let guest = DigestData { actions: Vec::new(), letters: None, obligation: None, ..full() };
        snapshot("digest_guest", &guest);
    }

    #[test]
    fn a_digest_with_nothing_to_tell_is_not_made() {
        let nothing =
            DigestData { meetings: Vec::new(), actions: Vec::new(), letters: Some(Vec::new()), obligation: None };
        let mail =
            compose(&kari(Lang::Nb), &baerum(), january(), &nothing, "https://legeting.example", &footer_links());
        assert!(mail.expect("no error").is_none());
    }

    #[test]
    fn the_digest_is_due_from_its_day_for_a_week() {
        // 2027-02-01 06:00 UTC is 07:00 in Oslo.
        let first_of_february = 1_801_461_600_000;
        let day = 86_400_000;
        let february = NaiveDate::from_ymd_opt(2027, 2, 1).expect("a date");
        assert_eq!(due_month(1, first_of_february), Some(february));
        assert_eq!(due_month(1, first_of_february + 6 * day), Some(february));
        assert_eq!(due_month(1, first_of_february + 7 * day), None);
        assert_eq!(due_month(1, first_of_february - day), None, "31 January is January's catch-up week no more");
        assert_eq!(due_month(3, first_of_february + 2 * day), Some(february));
        assert_eq!(due_month(0, first_of_february), None, "0 turns the digest off");
        assert_eq!(due_month(29, first_of_february), None);
    }
}
