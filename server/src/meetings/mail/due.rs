//! Making meeting mail that has fallen due: the shell around `compose.rs`.
//!
//! [`make_due`] turns due `mail_schedule` rows into outbox rows, one per recipient with a dedupe key, and marks
//! the schedule row done, all in one transaction; handlers call it right after their commit (`after_change`)
//! and the worker calls it every batch (through `MeetingMail`), so a crash between the two loses nothing.
//! Action items falling due are found by the worker too (one mail per item and due date).
//!
//! This is where the database is read (the meeting, its agenda, who gets what), links are signed and
//! preferences checked; what the mails say is `compose.rs`. Just before sending, [`no_longer_wanted`] checks
//! again that a reminder still fits its meeting.

use legeting_shared::meetings::{MeetingStatus, RsvpAnswer};
use sqlx::AnyPool;

use super::compose::{self, ActionItem, AgendaLine, Answers, Cancellation, Meeting, Notice};
use super::links::rsvp_url;
use crate::mail::Mail;
use crate::meetings::ics;
use crate::outbox::i18n;
use crate::outbox::notify::{self, Recipient as Person};
use crate::outbox::worker::Claimed;
use crate::outbox::{Category, NewMail, enqueue};
use crate::state::AppState;

/// Turn due schedule rows (of one meeting, or all) and, for all, due action items into outbox rows. Returns how
/// many rows were queued.
pub async fn make_due(state: &AppState, now: i64, meeting_id: Option<&str>) -> anyhow::Result<usize> {
    let pool = state.database.pool();
    let due: Vec<(String, String, String, i64, i64, Option<String>)> = match meeting_id {
        Some(meeting_id) => {
            sqlx::query_as(
                "SELECT id, meeting_id, kind, computed_starts_at, computed_sequence, detail FROM mail_schedule \
                 WHERE status = 'scheduled' AND due_at <= $1 AND meeting_id = $2 ORDER BY due_at, id",
            )
            .bind(now)
            .bind(meeting_id)
            .fetch_all(pool)
            .await?
        }
        None => {
            sqlx::query_as(
                "SELECT id, meeting_id, kind, computed_starts_at, computed_sequence, detail FROM mail_schedule \
                 WHERE status = 'scheduled' AND due_at <= $1 ORDER BY due_at, id LIMIT 100",
            )
            .bind(now)
            .fetch_all(pool)
            .await?
        }
    };
    let mut queued = 0;
    for (id, meeting_id, kind, starts_at, sequence, detail) in due {
        let due = Due { id, meeting_id, kind, starts_at, sequence, detail };
        queued += make_one(state, &due, now).await?;
    }
    if meeting_id.is_none() {
        queued += action_items_due(state, now).await?;
    }
    Ok(queued)
}

struct Due {
    id: String,
    meeting_id: String,
    kind: String,
    starts_at: i64,
    sequence: i64,
    detail: Option<String>,
}

/// A meeting as loaded for its mail: what decides whether a row still applies, and what the mail shows.
struct Loaded {
    municipality_id: String,
    /// The municipality's written standard: the language of those who have not chosen one.
    written_standard: String,
    status: MeetingStatus,
    sequence: i64,
    meeting: Meeting,
}

async fn load_meeting(state: &AppState, meeting_id: &str) -> Result<Option<Loaded>, sqlx::Error> {
    let pool = state.database.pool();
    let first: Option<(String, String, String, String, Option<String>, String, Option<String>)> = sqlx::query_as(
        "SELECT m.id, m.municipality_id, mu.name, mu.written_standard, b.name, m.title, m.description FROM meetings m \
         JOIN municipalities mu ON mu.id = m.municipality_id LEFT JOIN bodies b ON b.id = m.body_id WHERE m.id = $1",
    )
    .bind(meeting_id)
    .fetch_optional(pool)
    .await?;
    let Some(first) = first else { return Ok(None) };
    let second: (i64, i64, Option<String>, Option<String>, Option<i64>, String, i64) = sqlx::query_as(
        "SELECT starts_at, ends_at, location, video_url, proposal_deadline, status, sequence FROM meetings WHERE id = $1",
    )
    .bind(meeting_id)
    .fetch_one(pool)
    .await?;
    let third: (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT p.name, p.email FROM meetings m LEFT JOIN people p ON p.id = m.created_by WHERE m.id = $1",
    )
    .bind(meeting_id)
    .fetch_one(pool)
    .await?;
    let (id, municipality_id, municipality, written_standard, body, title, description) = first;
    let (organiser_name, organiser_email) = third;
    let (starts_at, ends_at, location, video_url, proposal_deadline, status, sequence) = second;
    Ok(Some(Loaded {
        municipality_id,
        written_standard,
        status: MeetingStatus::parse(&status).unwrap_or(MeetingStatus::Draft),
        sequence,
        meeting: Meeting {
            id,
            municipality,
            body,
            title,
            description,
            starts_at,
            ends_at,
            location,
            video_url,
            proposal_deadline,
            organiser: organiser_name.zip(organiser_email),
            agenda: Vec::new(),
            calendar: None,
            base_url: state.config.effective_base_url(),
        },
    }))
}

/// The agenda and the calendar event, which only the mail itself needs.
async fn complete(state: &AppState, meeting: &mut Meeting) -> anyhow::Result<()> {
    let pool = state.database.pool();
    let items: Vec<(String, i64, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT id, number, year, title, decision FROM agenda_items WHERE meeting_id = $1 ORDER BY position, number",
    )
    .bind(&meeting.id)
    .fetch_all(pool)
    .await?;
    for (id, number, year, title, decision) in items {
        let attachments: Vec<String> =
            sqlx::query_scalar("SELECT file_name FROM attachments WHERE agenda_item_id = $1 ORDER BY created_at")
                .bind(&id)
                .fetch_all(pool)
                .await?;
        meeting.agenda.push(AgendaLine { label: format!("{number}/{:02}", year % 100), title, decision, attachments });
    }
    meeting.calendar = ics::event_data(state, &meeting.id, ics::Attendees::All).await?;
    Ok(())
}

/// The people `sql` selects for the meeting of `loaded`, each with the language they read.
async fn people(pool: &AnyPool, sql: &str, loaded: &Loaded) -> Result<Vec<Person>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, i64)> =
        sqlx::query_as(sql).bind(&loaded.meeting.id).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email, language, chosen)| Person {
            id,
            name,
            email,
            lang: i18n::reading_language(&language, chosen == 1, &loaded.written_standard),
        })
        .collect())
}

const INVITEES: &str = "SELECT p.id, p.name, p.email, p.language, p.language_chosen FROM meeting_invitees i JOIN people p ON p.id = i.person_id \
     WHERE i.meeting_id = $1 AND p.active = 1 ORDER BY p.name, p.id";
const UNANSWERED: &str = "SELECT p.id, p.name, p.email, p.language, p.language_chosen FROM meeting_invitees i JOIN people p ON p.id = i.person_id \
     LEFT JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id \
     WHERE i.meeting_id = $1 AND p.active = 1 AND r.person_id IS NULL ORDER BY p.name, p.id";
const COMING: &str = "SELECT p.id, p.name, p.email, p.language, p.language_chosen FROM meeting_invitees i JOIN people p ON p.id = i.person_id \
     JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id \
     WHERE i.meeting_id = $1 AND p.active = 1 AND r.answer IN ('in_person', 'remote') ORDER BY p.name, p.id";
const NOT_ABSENT: &str = "SELECT p.id, p.name, p.email, p.language, p.language_chosen FROM meeting_invitees i JOIN people p ON p.id = i.person_id \
     LEFT JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id \
     WHERE i.meeting_id = $1 AND p.active = 1 AND (r.answer IS NULL OR r.answer <> 'absent') ORDER BY p.name, p.id";
/// Everyone who was sent the notice (also those no longer invited).
const NOTIFIED: &str = "SELECT DISTINCT p.id, p.name, p.email, p.language, p.language_chosen FROM outbox o JOIN people p ON p.id = o.person_id \
     WHERE o.meeting_id = $1 AND o.category = 'notice' AND p.active = 1 ORDER BY p.name, p.id";
/// Invitees and members of the meeting's body.
const AUDIENCE: &str = "SELECT p.id, p.name, p.email, p.language, p.language_chosen FROM people p WHERE p.active = 1 AND p.id IN ( \
     SELECT person_id FROM meeting_invitees WHERE meeting_id = $1 UNION \
     SELECT bm.person_id FROM body_members bm JOIN meetings m ON m.body_id = bm.body_id WHERE m.id = $1) \
     ORDER BY p.name, p.id";

/// Whether a reminder planned in `schedule_id` may still go out at `now`: the meeting is still on, has not
/// started, and has neither moved nor changed since the reminder was computed.
pub async fn reminder_still_valid(pool: &AnyPool, schedule_id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let row: Option<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT m.status, m.starts_at, m.sequence, s.computed_starts_at, s.computed_sequence FROM mail_schedule s \
         JOIN meetings m ON m.id = s.meeting_id WHERE s.id = $1",
    )
    .bind(schedule_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.is_some_and(|(status, starts_at, sequence, computed_starts_at, computed_sequence)| {
        status == MeetingStatus::NoticeSent.as_str()
            && starts_at == computed_starts_at
            && sequence == computed_sequence
            && now < starts_at
    }))
}

/// Make the outbox rows of one due schedule row (or mark it stale), in one transaction.
async fn make_one(state: &AppState, due: &Due, now: i64) -> anyhow::Result<usize> {
    let pool = state.database.pool();
    let loaded = load_meeting(state, &due.meeting_id).await?;
    let valid = loaded.as_ref().is_some_and(|l| match due.kind.as_str() {
        "notice" => l.status == MeetingStatus::NoticeSent,
        "update" => l.status == MeetingStatus::NoticeSent && l.sequence == due.sequence,
        "cancellation" => l.status == MeetingStatus::Cancelled,
        "minutes_published" => l.status == MeetingStatus::MinutesApproved,
        "rsvp_reminder" | "final_agenda" | "agenda_call" => {
            l.status == MeetingStatus::NoticeSent
                && l.meeting.starts_at == due.starts_at
                && l.sequence == due.sequence
                && now < l.meeting.starts_at
        }
        _ => false,
    });
    let mails = match (loaded, valid) {
        (Some(mut loaded), true) => {
            complete(state, &mut loaded.meeting).await?;
            mails_for(state, &loaded, due).await?
        }
        _ => Vec::new(),
    };
    let mut tx = crate::db::begin(pool).await?;
    let status = if valid { "done" } else { "stale" };
    let claimed =
        sqlx::query("UPDATE mail_schedule SET status = $1, done_at = $2 WHERE id = $3 AND status = 'scheduled'")
            .bind(status)
            .bind(now)
            .bind(&due.id)
            .execute(&mut *tx)
            .await?;
    if claimed.rows_affected() != 1 {
        // Another worker made it meanwhile.
        return Ok(0);
    }
    let mut queued = 0;
    for mail in &mails {
        if enqueue(&mut tx, mail, now).await?.is_some() {
            queued += 1;
        }
    }
    tx.commit().await?;
    Ok(queued)
}

/// The signed one-click answers of `person` to `meeting`.
fn answers(state: &AppState, meeting: &Meeting, person: &Person) -> anyhow::Result<Answers> {
    let url = |answer| rsvp_url(state, &person.id, &meeting.id, meeting.starts_at, answer);
    Ok(Answers {
        in_person: url(RsvpAnswer::InPerson)?,
        remote: meeting.video_url.as_ref().map(|_| url(RsvpAnswer::Remote)).transpose()?,
        absent: url(RsvpAnswer::Absent)?,
    })
}

/// A mail of `loaded` to `person`, as a row to queue.
fn queued(loaded: &Loaded, person: &Person, category: Category, key: String, mail: Mail) -> NewMail {
    NewMail {
        dedupe_key: key,
        category,
        municipality_id: Some(loaded.municipality_id.clone()),
        person_id: Some(person.id.clone()),
        meeting_id: Some(loaded.meeting.id.clone()),
        schedule_id: None,
        mail,
        sensitive: false,
        skip_reason: None,
    }
}

/// What the shell adds to a notification mail: its signed footer, the schedule row (so the worker can check
/// the reminder again), and whether the person wants it.
async fn notification(
    state: &AppState,
    loaded: &Loaded,
    person: &Person,
    category: Category,
    key: String,
    schedule_id: Option<&str>,
    compose: impl FnOnce(&notify::FooterLinks) -> anyhow::Result<Mail>,
) -> anyhow::Result<NewMail> {
    let preference = category.preference().unwrap_or(legeting_shared::mail::MailCategory::Reminders);
    let links = notify::footer_links(state, &person.id, preference)?;
    let mut mail = queued(loaded, person, category, key, compose(&links)?);
    mail.schedule_id = schedule_id.map(str::to_owned);
    mail.skip_reason = notify::skip_reason(state, &person.id, preference).await?;
    Ok(mail)
}

/// What the mail of one schedule row says, to whom.
async fn mails_for(state: &AppState, loaded: &Loaded, due: &Due) -> anyhow::Result<Vec<NewMail>> {
    let pool = state.database.pool();
    let m = &loaded.meeting;
    let mut mails = Vec::new();
    match due.kind.as_str() {
        "notice" => {
            for person in people(pool, INVITEES, loaded).await? {
                let mail = compose::notice(m, &person, Notice::Notice, &answers(state, m, &person)?)?;
                let key = format!("notice:{}:{}", m.id, person.id);
                mails.push(queued(loaded, &person, Category::Notice, key, mail));
            }
        }
        "update" => {
            let moved_from = due.detail.as_deref().and_then(|d| {
                let (start, end) = d.split_once(',')?;
                Some((start.parse::<i64>().ok()?, end.parse::<i64>().ok()?))
            });
            let notified = people(pool, NOTIFIED, loaded).await?;
            let invitees = people(pool, INVITEES, loaded).await?;
            for person in &invitees {
                let answers = answers(state, m, person)?;
                if notified.iter().any(|n| n.id == person.id) {
                    let mail = compose::notice(m, person, Notice::Update { moved_from }, &answers)?;
                    let key = format!("update:{}:{}", due.id, person.id);
                    mails.push(queued(loaded, person, Category::Update, key, mail));
                } else {
                    let mail = compose::notice(m, person, Notice::Notice, &answers)?;
                    let key = format!("notice:{}:{}", m.id, person.id);
                    mails.push(queued(loaded, person, Category::Notice, key, mail));
                }
            }
            // Those no longer invited get the event removed from their calendar.
            for person in &notified {
                if !invitees.iter().any(|i| i.id == person.id) {
                    let mail = compose::cancellation(m, person, Cancellation::NoLongerInvited)?;
                    let key = format!("uninvited:{}:{}", due.id, person.id);
                    mails.push(queued(loaded, person, Category::Cancellation, key, mail));
                }
            }
        }
        "cancellation" => {
            let reason = cancel_reason(pool, &m.id).await?;
            for person in people(pool, NOTIFIED, loaded).await? {
                let mail = compose::cancellation(m, &person, Cancellation::Cancelled { reason: reason.as_deref() })?;
                let key = format!("cancellation:{}:{}", m.id, person.id);
                mails.push(queued(loaded, &person, Category::Cancellation, key, mail));
            }
        }
        "rsvp_reminder" => {
            for person in people(pool, UNANSWERED, loaded).await? {
                let key = format!("reminder:{}:{}", due.id, person.id);
                let answers = answers(state, m, &person)?;
                let compose = |links: &_| compose::reminder(m, &person, &answers, links);
                mails.push(
                    notification(state, loaded, &person, Category::RsvpReminder, key, Some(&due.id), compose).await?,
                );
            }
        }
        "final_agenda" => {
            for person in people(pool, COMING, loaded).await? {
                let key = format!("final_agenda:{}:{}", due.id, person.id);
                let compose = |links: &_| compose::final_agenda(m, &person, links);
                mails.push(
                    notification(state, loaded, &person, Category::FinalAgenda, key, Some(&due.id), compose).await?,
                );
            }
        }
        "agenda_call" => {
            for person in people(pool, NOT_ABSENT, loaded).await? {
                let key = format!("agenda_call:{}:{}", due.id, person.id);
                let compose = |links: &_| compose::agenda_call(m, &person, links);
                mails.push(
                    notification(state, loaded, &person, Category::AgendaCall, key, Some(&due.id), compose).await?,
                );
            }
        }
        "minutes_published" => {
            let summary: Option<String> = sqlx::query_scalar("SELECT summary FROM minutes WHERE meeting_id = $1")
                .bind(&m.id)
                .fetch_optional(pool)
                .await?
                .flatten();
            for person in people(pool, AUDIENCE, loaded).await? {
                let key = format!("minutes:{}:{}", m.id, person.id);
                let compose = |links: &_| compose::minutes(m, &person, summary.as_deref(), links);
                mails.push(notification(state, loaded, &person, Category::MinutesPublished, key, None, compose).await?);
            }
        }
        _ => {}
    }
    Ok(mails)
}

async fn cancel_reason(pool: &AnyPool, meeting_id: &str) -> Result<Option<String>, sqlx::Error> {
    let details: Option<String> = sqlx::query_scalar(
        "SELECT details FROM meeting_history WHERE meeting_id = $1 AND change = 'cancelled' ORDER BY at DESC LIMIT 1",
    )
    .bind(meeting_id)
    .fetch_optional(pool)
    .await?;
    Ok(details
        .and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok())
        .and_then(|v| v["reason"].as_str().map(str::to_owned)))
}

/// Today's and tomorrow's dates in Oslo (`YYYY-MM-DD`).
fn today_and_tomorrow(now: i64) -> (String, String) {
    use chrono::TimeZone;
    let today =
        chrono_tz::Europe::Oslo.timestamp_millis_opt(now).single().map(|at| at.date_naive()).unwrap_or_default();
    let tomorrow = today.succ_opt().unwrap_or(today);
    (today.format("%Y-%m-%d").to_string(), tomorrow.format("%Y-%m-%d").to_string())
}

/// Whether the action item of an `action_due:<item>:<date>` mail is still open and still due that date.
pub async fn action_still_due(pool: &AnyPool, dedupe_key: &str) -> Result<bool, sqlx::Error> {
    let mut parts = dedupe_key.splitn(3, ':');
    let (Some("action_due"), Some(item), Some(date)) = (parts.next(), parts.next(), parts.next()) else {
        return Ok(true);
    };
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT status, due_date FROM action_items WHERE id = $1")
            .bind(item)
            .fetch_optional(pool)
            .await?;
    Ok(row.is_some_and(|(status, due)| status != "done" && due.as_deref() == Some(date)))
}

/// Queue a mail to the owner of every open action item due today or tomorrow (Oslo), once per item and date.
async fn action_items_due(state: &AppState, now: i64) -> anyhow::Result<usize> {
    let pool = state.database.pool();
    let (today, tomorrow) = today_and_tomorrow(now);
    let rows: Vec<(String, String, String, String, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT x.id, x.title, x.due_date, x.status, m.id, m.title, m.municipality_id, p.id, p.name, p.email \
         FROM action_items x JOIN meetings m ON m.id = x.meeting_id JOIN people p ON p.id = x.owner_id \
         WHERE x.status <> 'done' AND x.due_date IN ($1, $2) AND p.active = 1 \
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = 'action_due:' || x.id || ':' || x.due_date) \
         ORDER BY x.due_date, x.id LIMIT 200",
    )
    .bind(&today)
    .bind(&tomorrow)
    .fetch_all(pool)
    .await?;
    let mut queued = 0;
    for (item_id, title, due_date, status, meeting_id, meeting_title, municipality_id, person_id, name, email) in rows {
        let (language, chosen): (String, i64) =
            sqlx::query_as("SELECT language, language_chosen FROM people WHERE id = $1")
                .bind(&person_id)
                .fetch_one(pool)
                .await?;
        let (municipality, written_standard): (String, String) =
            sqlx::query_as("SELECT name, written_standard FROM municipalities WHERE id = $1")
                .bind(&municipality_id)
                .fetch_one(pool)
                .await?;
        let lang = i18n::reading_language(&language, chosen == 1, &written_standard);
        let person = Person { id: person_id.clone(), name, email, lang };
        let key = format!("action_due:{item_id}:{due_date}");
        let item = ActionItem {
            title,
            due_date,
            status,
            meeting_id: meeting_id.clone(),
            meeting_title,
            municipality,
            base_url: state.config.effective_base_url(),
        };
        let preference = legeting_shared::mail::MailCategory::ActionItems;
        let links = notify::footer_links(state, &person.id, preference)?;
        let mail = NewMail {
            dedupe_key: key,
            category: Category::ActionDue,
            municipality_id: Some(municipality_id),
            person_id: Some(person_id),
            meeting_id: Some(meeting_id),
            schedule_id: None,
            mail: compose::action_due(&item, &person, &links)?,
            sensitive: false,
            skip_reason: notify::skip_reason(state, &person.id, preference).await?,
        };
        let mut conn = pool.acquire().await?;
        if enqueue(&mut conn, &mail, now).await?.is_some() {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Why a claimed meeting mail should not go after all: the reminder no longer fits its meeting, the person has
/// answered, the action item is done or moved, the minutes are no longer approved.
pub async fn no_longer_wanted(pool: &AnyPool, row: &Claimed, now: i64) -> Result<Option<&'static str>, sqlx::Error> {
    let Some(category) = row.category else { return Ok(None) };
    if let Some(schedule_id) = &row.schedule_id
        && matches!(category, Category::RsvpReminder | Category::FinalAgenda | Category::AgendaCall)
        && !reminder_still_valid(pool, schedule_id, now).await?
    {
        return Ok(Some("the meeting has moved, changed or been cancelled"));
    }
    if category == Category::RsvpReminder
        && let (Some(meeting_id), Some(person_id)) = (&row.meeting_id, &row.person_id)
    {
        let answered: Option<String> =
            sqlx::query_scalar("SELECT answer FROM rsvps WHERE meeting_id = $1 AND person_id = $2")
                .bind(meeting_id)
                .bind(person_id)
                .fetch_optional(pool)
                .await?;
        if answered.is_some() {
            return Ok(Some("already answered"));
        }
    }
    if category == Category::ActionDue && !action_still_due(pool, &row.dedupe_key).await? {
        return Ok(Some("the action item is done or its due date moved"));
    }
    if category == Category::MinutesPublished
        && let Some(meeting_id) = &row.meeting_id
    {
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM meetings WHERE id = $1")
            .bind(meeting_id)
            .fetch_optional(pool)
            .await?;
        if status.as_deref() != Some(MeetingStatus::MinutesApproved.as_str()) {
            return Ok(Some("the minutes are no longer approved"));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_and_tomorrow_are_oslo_dates() {
        // 2027-01-14 23:30 UTC is already the 15th in Oslo.
        let late = 1_799_969_400_000;
        assert_eq!(today_and_tomorrow(late), ("2027-01-15".to_owned(), "2027-01-16".to_owned()));
    }
}
