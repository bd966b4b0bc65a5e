//! Meeting mail: what is planned when, whom it reaches, and what it says.
//!
//! A change to a meeting plans its mail **in the same transaction** ([`plan`]), as rows of `mail_schedule`:
//! - notice sent → a `notice` (due at once) and the reminders;
//! - changed after the notice → an `update` (same calendar UID, higher SEQUENCE) and fresh reminders; the old
//!   reminders become `stale`;
//! - cancelled → a `cancellation` (METHOD:CANCEL); every reminder becomes `stale`;
//! - minutes approved → `minutes_published`.
//!
//! Reminders: `rsvp_reminder` N days before (the meeting's `reminder_days`, default 7 and 1) to invitees who
//! have not answered; `final_agenda` at the last reminder to those who said they come; `agenda_call` two days
//! before the proposal deadline. Each row keeps the start and SEQUENCE it was computed from: if the meeting
//! has moved or changed since, it never fires, even if a stale mark was missed.
//!
//! [`make_due`] turns due rows into outbox rows, one per recipient with a dedupe key, and marks the row done,
//! all in one transaction; handlers call it right after their commit ([`after_change`]) and the worker calls it
//! every batch, so a crash between the two loses nothing. Action items falling due are found by the worker too
//! (one mail per item and due date).

use legeting_shared::mail::MailCategory;
use legeting_shared::meetings::{MeetingStatus, RsvpAnswer};
use lettre::message::Mailbox;
use sqlx::{AnyConnection, AnyPool};

use super::i18n::{self, Lang};
use super::notify::{self, Origin, Recipient as Person};
use super::templates::{self, Content, Fact, Item, Link, Section};
use super::{Category, NewMail, enqueue};
use crate::calendar::{self, Method};
use crate::db::{new_id, now_ms};
use crate::mail::{CalendarPart, Mail};
use crate::state::AppState;

const DAY_MS: i64 = 86_400_000;
/// The call for agenda items goes this long before the proposal deadline.
const AGENDA_CALL_BEFORE_DEADLINE_MS: i64 = 2 * DAY_MS;

/// What happened to a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The notice was sent.
    Notice,
    /// Changed after the notice; `moved_from` holds the old start and end when it was rescheduled.
    Changed {
        moved_from: Option<(i64, i64)>,
    },
    Cancelled,
    MinutesApproved,
}

/// The reminder days of a meeting: `"7,1"` → `[7, 1]`; nonsense is dropped.
pub fn parse_days(text: &str) -> Vec<u32> {
    let mut days: Vec<u32> =
        text.split(',').filter_map(|d| d.trim().parse::<u32>().ok()).filter(|d| (1..=60).contains(d)).collect();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    days
}

/// `[1, 7, 7]` → `"7,1"`.
pub fn format_days(days: &[u32]) -> String {
    let mut days = days.to_vec();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    days.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

/// Plan the mail a change to a meeting calls for, inside the transaction that made the change (after it).
pub async fn plan(conn: &mut AnyConnection, meeting_id: &str, event: Event, now: i64) -> Result<(), sqlx::Error> {
    let row: Option<(i64, i64, Option<i64>, String)> =
        sqlx::query_as("SELECT starts_at, sequence, proposal_deadline, reminder_days FROM meetings WHERE id = $1")
            .bind(meeting_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((starts_at, sequence, proposal_deadline, reminder_days)) = row else { return Ok(()) };
    let job = |kind: &'static str, due_at: i64, detail: Option<String>| Job {
        meeting_id: meeting_id.to_owned(),
        kind,
        due_at,
        starts_at,
        sequence,
        detail,
    };
    match event {
        Event::Notice => {
            insert(conn, &job("notice", now, None), now).await?;
            plan_reminders(conn, &job, starts_at, &parse_days(&reminder_days), proposal_deadline, now).await?;
        }
        Event::Changed { moved_from } => {
            make_stale(conn, meeting_id, &["update", "rsvp_reminder", "final_agenda", "agenda_call"], now).await?;
            let detail = moved_from.map(|(start, end)| format!("{start},{end}"));
            insert(conn, &job("update", now, detail), now).await?;
            plan_reminders(conn, &job, starts_at, &parse_days(&reminder_days), proposal_deadline, now).await?;
        }
        Event::Cancelled => {
            make_stale(conn, meeting_id, &["notice", "update", "rsvp_reminder", "final_agenda", "agenda_call"], now)
                .await?;
            insert(conn, &job("cancellation", now, None), now).await?;
        }
        Event::MinutesApproved => insert(conn, &job("minutes_published", now, None), now).await?,
    }
    Ok(())
}

struct Job {
    meeting_id: String,
    kind: &'static str,
    due_at: i64,
    starts_at: i64,
    sequence: i64,
    detail: Option<String>,
}

async fn plan_reminders(
    conn: &mut AnyConnection,
    job: &impl Fn(&'static str, i64, Option<String>) -> Job,
    starts_at: i64,
    days: &[u32],
    proposal_deadline: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    for day in days {
        let due = starts_at - i64::from(*day) * DAY_MS;
        if due > now {
            insert(conn, &job("rsvp_reminder", due, Some(day.to_string())), now).await?;
        }
    }
    if let Some(last) = days.iter().min() {
        let due = starts_at - i64::from(*last) * DAY_MS;
        if due > now {
            insert(conn, &job("final_agenda", due, Some(last.to_string())), now).await?;
        }
    }
    if let Some(deadline) = proposal_deadline {
        let due = deadline - AGENDA_CALL_BEFORE_DEADLINE_MS;
        if due > now && deadline <= starts_at {
            insert(conn, &job("agenda_call", due, None), now).await?;
        }
    }
    Ok(())
}

async fn insert(conn: &mut AnyConnection, job: &Job, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO mail_schedule (id, meeting_id, kind, due_at, computed_starts_at, computed_sequence, detail, \
         status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'scheduled', $8)",
    )
    .bind(new_id())
    .bind(&job.meeting_id)
    .bind(job.kind)
    .bind(job.due_at)
    .bind(job.starts_at)
    .bind(job.sequence)
    .bind(job.detail.as_deref())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn make_stale(conn: &mut AnyConnection, meeting_id: &str, kinds: &[&str], now: i64) -> Result<(), sqlx::Error> {
    for kind in kinds {
        sqlx::query(
            "UPDATE mail_schedule SET status = 'stale', done_at = $1 WHERE meeting_id = $2 AND kind = $3 \
             AND status = 'scheduled'",
        )
        .bind(now)
        .bind(meeting_id)
        .bind(kind)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Right after a handler's commit: make the meeting's due mail now (so the outbox holds it when the request
/// returns) and wake the worker. Failures are logged: the worker makes the same mail on its next batch.
pub async fn after_change(state: &AppState, meeting_id: &str) {
    if let Err(error) = make_due(state, now_ms(), Some(meeting_id)).await {
        tracing::error!(error = format!("{error:#}"), meeting_id, "could not make meeting mail now; the worker will");
    }
    state.wake_mail_worker();
}

/// Turn due schedule rows (of one meeting, or all) and due action items into outbox rows. Returns how many rows
/// were queued.
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

/// The meeting as mail needs it.
struct MeetingInfo {
    id: String,
    municipality_id: String,
    municipality: String,
    body: Option<String>,
    title: String,
    description: Option<String>,
    starts_at: i64,
    ends_at: i64,
    location: Option<String>,
    video_url: Option<String>,
    proposal_deadline: Option<i64>,
    status: MeetingStatus,
    sequence: i64,
    /// (name, e-mail) of the person who created the meeting.
    organiser: Option<(String, String)>,
}

async fn meeting_info(pool: &AnyPool, meeting_id: &str) -> Result<Option<MeetingInfo>, sqlx::Error> {
    let first: Option<(String, String, String, Option<String>, String, Option<String>)> = sqlx::query_as(
        "SELECT m.id, m.municipality_id, mu.name, b.name, m.title, m.description FROM meetings m \
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
    let (id, municipality_id, municipality, body, title, description) = first;
    let (organiser_name, organiser_email) = third;
    let (starts_at, ends_at, location, video_url, proposal_deadline, status, sequence) = second;
    Ok(Some(MeetingInfo {
        id,
        municipality_id,
        municipality,
        body,
        title,
        description,
        starts_at,
        ends_at,
        location,
        video_url,
        proposal_deadline,
        status: MeetingStatus::parse(&status).unwrap_or(MeetingStatus::Draft),
        sequence,
        organiser: organiser_name.zip(organiser_email),
    }))
}

async fn people(pool: &AnyPool, sql: &str, meeting_id: &str) -> Result<Vec<Person>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(sql).bind(meeting_id).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email, language)| Person { id, name, email, lang: Lang::parse(&language) })
        .collect())
}

const INVITEES: &str = "SELECT p.id, p.name, p.email, p.language FROM meeting_invitees i JOIN people p ON p.id = i.person_id \
     WHERE i.meeting_id = $1 AND p.active = 1 ORDER BY p.name, p.id";
const UNANSWERED: &str = "SELECT p.id, p.name, p.email, p.language FROM meeting_invitees i JOIN people p ON p.id = i.person_id \
     LEFT JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id \
     WHERE i.meeting_id = $1 AND p.active = 1 AND r.person_id IS NULL ORDER BY p.name, p.id";
const COMING: &str = "SELECT p.id, p.name, p.email, p.language FROM meeting_invitees i JOIN people p ON p.id = i.person_id \
     JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id \
     WHERE i.meeting_id = $1 AND p.active = 1 AND r.answer IN ('in_person', 'remote') ORDER BY p.name, p.id";
const NOT_ABSENT: &str = "SELECT p.id, p.name, p.email, p.language FROM meeting_invitees i JOIN people p ON p.id = i.person_id \
     LEFT JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id \
     WHERE i.meeting_id = $1 AND p.active = 1 AND (r.answer IS NULL OR r.answer <> 'absent') ORDER BY p.name, p.id";
/// Everyone who was sent the notice (also those no longer invited).
const NOTIFIED: &str = "SELECT DISTINCT p.id, p.name, p.email, p.language FROM outbox o JOIN people p ON p.id = o.person_id \
     WHERE o.meeting_id = $1 AND o.category = 'notice' AND p.active = 1 ORDER BY p.name, p.id";
/// Invitees and members of the meeting's body.
const AUDIENCE: &str = "SELECT p.id, p.name, p.email, p.language FROM people p WHERE p.active = 1 AND p.id IN ( \
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
    let meeting = meeting_info(pool, &due.meeting_id).await?;
    let valid = meeting.as_ref().is_some_and(|m| match due.kind.as_str() {
        "notice" => m.status == MeetingStatus::NoticeSent,
        "update" => m.status == MeetingStatus::NoticeSent && m.sequence == due.sequence,
        "cancellation" => m.status == MeetingStatus::Cancelled,
        "minutes_published" => m.status == MeetingStatus::MinutesApproved,
        "rsvp_reminder" | "final_agenda" | "agenda_call" => {
            m.status == MeetingStatus::NoticeSent
                && m.starts_at == due.starts_at
                && m.sequence == due.sequence
                && now < m.starts_at
        }
        _ => false,
    });
    let mails = match (&meeting, valid) {
        (Some(meeting), true) => mails_for(state, meeting, due).await?,
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

/// What the mail of one schedule row says, to whom.
async fn mails_for(state: &AppState, meeting: &MeetingInfo, due: &Due) -> anyhow::Result<Vec<NewMail>> {
    let pool = state.database.pool();
    let writer = Writer::new(state, meeting, pool).await?;
    let mut mails = Vec::new();
    match due.kind.as_str() {
        "notice" => {
            for person in people(pool, INVITEES, &meeting.id).await? {
                mails.push(writer.notice(
                    &person,
                    Category::Notice,
                    None,
                    &format!("notice:{}:{}", meeting.id, person.id),
                )?);
            }
        }
        "update" => {
            let moved_from = due.detail.as_deref().and_then(|d| {
                let (start, end) = d.split_once(',')?;
                Some((start.parse::<i64>().ok()?, end.parse::<i64>().ok()?))
            });
            let notified: Vec<String> = people(pool, NOTIFIED, &meeting.id).await?.into_iter().map(|p| p.id).collect();
            let invitees = people(pool, INVITEES, &meeting.id).await?;
            for person in &invitees {
                if notified.contains(&person.id) {
                    let key = format!("update:{}:{}", due.id, person.id);
                    mails.push(writer.notice(person, Category::Update, moved_from, &key)?);
                } else {
                    let key = format!("notice:{}:{}", meeting.id, person.id);
                    mails.push(writer.notice(person, Category::Notice, None, &key)?);
                }
            }
            // Those no longer invited get the event removed from their calendar.
            for person in people(pool, NOTIFIED, &meeting.id).await? {
                if !invitees.iter().any(|i| i.id == person.id) {
                    let key = format!("uninvited:{}:{}", due.id, person.id);
                    mails.push(writer.cancellation(&person, None, true, &key)?);
                }
            }
        }
        "cancellation" => {
            let reason = cancel_reason(pool, &meeting.id).await?;
            for person in people(pool, NOTIFIED, &meeting.id).await? {
                let key = format!("cancellation:{}:{}", meeting.id, person.id);
                mails.push(writer.cancellation(&person, reason.as_deref(), false, &key)?);
            }
        }
        "rsvp_reminder" => {
            for person in people(pool, UNANSWERED, &meeting.id).await? {
                let key = format!("reminder:{}:{}", due.id, person.id);
                mails.push(writer.reminder(&person, &due.id, &key).await?);
            }
        }
        "final_agenda" => {
            for person in people(pool, COMING, &meeting.id).await? {
                let key = format!("final_agenda:{}:{}", due.id, person.id);
                mails.push(writer.final_agenda(&person, &due.id, &key).await?);
            }
        }
        "agenda_call" => {
            for person in people(pool, NOT_ABSENT, &meeting.id).await? {
                let key = format!("agenda_call:{}:{}", due.id, person.id);
                mails.push(writer.agenda_call(&person, &due.id, &key).await?);
            }
        }
        "minutes_published" => {
            for person in people(pool, AUDIENCE, &meeting.id).await? {
                let key = format!("minutes:{}:{}", meeting.id, person.id);
                mails.push(writer.minutes(&person, &key).await?);
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

/// One agenda item as mail shows it.
struct AgendaLine {
    label: String,
    title: String,
    decision: Option<String>,
    attachments: Vec<String>,
}

/// Writes the mails of one meeting: what every kind shares (facts, agenda, calendar, sender, footer).
struct Writer<'a> {
    state: &'a AppState,
    meeting: &'a MeetingInfo,
    agenda: Vec<AgendaLine>,
    base: String,
    reply_to: Option<String>,
    /// The event with every invitee and their answer; each mail names only its recipient (see [`Writer::ics`]).
    calendar_data: Option<calendar::EventData>,
}

impl<'a> Writer<'a> {
    async fn new(state: &'a AppState, meeting: &'a MeetingInfo, pool: &AnyPool) -> anyhow::Result<Writer<'a>> {
        let items: Vec<(String, i64, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT id, number, year, title, decision FROM agenda_items WHERE meeting_id = $1 ORDER BY position, number",
        )
        .bind(&meeting.id)
        .fetch_all(pool)
        .await?;
        let mut agenda = Vec::new();
        for (id, number, year, title, decision) in items {
            let attachments: Vec<String> =
                sqlx::query_scalar("SELECT file_name FROM attachments WHERE agenda_item_id = $1 ORDER BY created_at")
                    .bind(&id)
                    .fetch_all(pool)
                    .await?;
            agenda.push(AgendaLine { label: format!("{number}/{:02}", year % 100), title, decision, attachments });
        }
        let calendar_data = calendar::event_data(state, &meeting.id, calendar::Attendees::All).await?;
        let reply_to = meeting.organiser.as_ref().and_then(|(name, email)| {
            let address = email.parse().ok()?;
            Some(Mailbox::new(Some(name.clone()), address).to_string())
        });
        Ok(Writer { state, meeting, agenda, base: state.config.effective_base_url(), reply_to, calendar_data })
    }

    /// The calendar attached to `person`'s mail. It names `person` as the only ATTENDEE (with their answer, if
    /// any): an invitation must not tell each recipient who else was invited and how they answered.
    fn ics(&self, method: Method, person: &Person) -> String {
        let Some(data) = &self.calendar_data else { return String::new() };
        let mut event = clone_event(data);
        let answer = data.attendees.iter().find(|(_, email, _)| email == &person.email).and_then(|(_, _, a)| *a);
        event.attendees = vec![(person.name.clone(), person.email.clone(), answer)];
        if method == Method::Cancel {
            event.status = MeetingStatus::Cancelled;
        }
        calendar::calendar(method, &[event])
    }

    fn meeting_url(&self) -> String {
        format!("{}/moter/{}", self.base, self.meeting.id)
    }

    fn content(&self, person: &Person, subject: String, heading: String) -> Content {
        Content::new(person.lang, subject, self.meeting.municipality.clone(), heading, person.greeting())
    }

    fn facts(&self, lang: Lang, with_deadline: bool) -> Vec<Fact> {
        let m = self.meeting;
        let mut facts = vec![Fact {
            label: lang.pick("Når", "When").into(),
            value: i18n::span(lang, m.starts_at, m.ends_at),
            url: None,
        }];
        if let Some(location) = &m.location {
            facts.push(Fact { label: lang.pick("Hvor", "Where").into(), value: location.clone(), url: None });
        }
        if let Some(video) = &m.video_url {
            facts.push(Fact {
                label: lang.pick("Videomøte", "Video link").into(),
                value: video.clone(),
                url: Some(video.clone()),
            });
        }
        if let Some(body) = &m.body {
            facts.push(Fact { label: lang.pick("Utvalg", "Body").into(), value: body.clone(), url: None });
        }
        if with_deadline && let Some(deadline) = m.proposal_deadline {
            facts.push(Fact {
                label: lang.pick("Frist for saker", "Deadline for agenda items").into(),
                value: i18n::moment(lang, deadline),
                url: None,
            });
        }
        if let Some((name, _)) = &m.organiser {
            facts.push(Fact { label: lang.pick("Kontaktperson", "Organiser").into(), value: name.clone(), url: None });
        }
        facts
    }

    fn agenda_section(&self, lang: Lang, with_decisions: bool) -> Section {
        Section {
            heading: lang.pick("Saksliste", "Agenda").into(),
            items: self
                .agenda
                .iter()
                .map(|line| {
                    let mut notes: Vec<String> = line
                        .attachments
                        .iter()
                        .map(|file| format!("{}: {file}", lang.pick("Vedlegg", "Attachment")))
                        .collect();
                    if with_decisions && let Some(decision) = &line.decision {
                        notes.insert(0, format!("{}: {decision}", lang.pick("Vedtak", "Decision")));
                    }
                    Item {
                        label: Some(format!("{} {}", lang.pick("Sak", "Item"), line.label)),
                        text: line.title.clone(),
                        url: None,
                        notes,
                    }
                })
                .collect(),
            empty: lang.pick("Sakslisten er ikke klar ennå.", "The agenda is not ready yet.").into(),
        }
    }

    fn rsvp_actions(&self, person: &Person) -> anyhow::Result<Vec<Link>> {
        let lang = person.lang;
        let m = self.meeting;
        let mut actions = vec![Link {
            label: lang.pick("Jeg kommer", "I will attend").into(),
            url: super::links::rsvp_url(self.state, &person.id, &m.id, m.starts_at, RsvpAnswer::InPerson)?,
        }];
        if m.video_url.is_some() {
            actions.push(Link {
                label: lang.pick("Jeg deltar digitalt", "I will join remotely").into(),
                url: super::links::rsvp_url(self.state, &person.id, &m.id, m.starts_at, RsvpAnswer::Remote)?,
            });
        }
        actions.push(Link {
            label: lang.pick("Meld forfall", "I cannot attend").into(),
            url: super::links::rsvp_url(self.state, &person.id, &m.id, m.starts_at, RsvpAnswer::Absent)?,
        });
        Ok(actions)
    }

    fn open_link(&self, lang: Lang) -> Link {
        Link {
            label: lang.pick("Åpne møtet i Legeting", "Open the meeting in Legeting").into(),
            url: self.meeting_url(),
        }
    }

    fn invited_footer(&self, lang: Lang) -> Vec<String> {
        let mut footer = vec![match lang {
            Lang::Nb => format!("Du får denne e-posten fordi du er invitert til «{}».", self.meeting.title),
            Lang::En => format!("You get this e-mail because you are invited to “{}”.", self.meeting.title),
        }];
        if let Some((name, _)) = &self.meeting.organiser {
            footer.push(match lang {
                Lang::Nb => format!("Svar på denne e-posten går til {name}."),
                Lang::En => format!("Replies to this e-mail go to {name}."),
            });
        }
        footer
    }

    /// A notification's footer: why, and how to stop it (also as `List-Unsubscribe`).
    fn notification_footer(
        &self,
        person: &Person,
        category: MailCategory,
        content: &mut Content,
    ) -> anyhow::Result<String> {
        super::notify::add_footer(self.state, &person.id, person.lang, category, content)
    }

    fn new_mail(
        &self,
        person: &Person,
        category: Category,
        key: &str,
        content: &Content,
        calendar: Option<CalendarPart>,
    ) -> anyhow::Result<NewMail> {
        let rendered = templates::render(content)?;
        Ok(NewMail {
            dedupe_key: key.to_owned(),
            category,
            municipality_id: Some(self.meeting.municipality_id.clone()),
            person_id: Some(person.id.clone()),
            meeting_id: Some(self.meeting.id.clone()),
            schedule_id: None,
            mail: Mail {
                to_name: person.name.clone(),
                to_email: person.email.clone(),
                subject: content.subject.clone(),
                text: rendered.text,
                html: Some(rendered.html),
                reply_to: self.reply_to.clone(),
                from_name: Some(self.meeting.municipality.clone()),
                calendar,
                list_unsubscribe: None,
                message_id: None,
            },
            sensitive: false,
            skip_reason: None,
        })
    }

    /// A notice, or an update of one (`Category::Update`), with the invitation for calendars (METHOD:REQUEST).
    fn notice(
        &self,
        person: &Person,
        category: Category,
        moved_from: Option<(i64, i64)>,
        key: &str,
    ) -> anyhow::Result<NewMail> {
        let lang = person.lang;
        let m = self.meeting;
        let when = i18n::short(lang, m.starts_at);
        let (subject, intro) = match (category, lang) {
            (Category::Update, Lang::Nb) => (
                format!("Endret: {}, {when}", m.title),
                "Møtet du er invitert til, er endret. Kalenderen din oppdateres med vedlegget.".to_owned(),
            ),
            (Category::Update, Lang::En) => (
                format!("Changed: {}, {when}", m.title),
                "A meeting you are invited to has changed. The attachment updates your calendar.".to_owned(),
            ),
            (_, Lang::Nb) => (
                format!("Innkalling: {}, {when}", m.title),
                format!("{} kaller deg inn til møte. Svar gjerne med én av knappene under.", m.municipality),
            ),
            (_, Lang::En) => (
                format!("Notice of meeting: {}, {when}", m.title),
                format!("{} invites you to a meeting. Please answer with one of the buttons below.", m.municipality),
            ),
        };
        let mut content = self.content(person, subject, m.title.clone());
        content.paragraphs.push(intro);
        if let Some((start, end)) = moved_from {
            content.paragraphs.push(match lang {
                Lang::Nb => format!("Møtet er flyttet. Tidligere tidspunkt: {}.", i18n::span(lang, start, end)),
                Lang::En => format!("The meeting has moved. It was {}.", i18n::span(lang, start, end)),
            });
        }
        content.facts = self.facts(lang, true);
        content.description = m.description.as_deref().map(templates::paragraphs).unwrap_or_default();
        content.actions_heading = Some(lang.pick("Kommer du?", "Will you attend?").into());
        content.actions = self.rsvp_actions(person)?;
        // Calendar programs send their Yes/No to the ORGANIZER address, which no one reads: say so.
        content.closing.push(
            lang.pick(
                "Svar med knappene i denne e-posten. Et svar i kalenderprogrammet ditt kommer ikke fram til oss.",
                "Answer with the buttons in this e-mail. An answer from your calendar program does not reach us.",
            )
            .into(),
        );
        content.sections.push(self.agenda_section(lang, false));
        if m.proposal_deadline.is_some() {
            content.closing.push(
                lang.pick(
                    "Du kan foreslå saker til sakslisten i Legeting fram til fristen.",
                    "You can propose agenda items in Legeting until the deadline.",
                )
                .into(),
            );
        }
        content.links.push(self.open_link(lang));
        content.footer = self.invited_footer(lang);
        let calendar = Some(CalendarPart { method: "REQUEST".into(), ics: self.ics(Method::Request, person) });
        self.new_mail(person, category, key, &content, calendar.filter(|c| !c.ics.is_empty()))
    }

    /// A cancellation (METHOD:CANCEL), or the notice that one is no longer invited.
    fn cancellation(
        &self,
        person: &Person,
        reason: Option<&str>,
        uninvited: bool,
        key: &str,
    ) -> anyhow::Result<NewMail> {
        let lang = person.lang;
        let m = self.meeting;
        let when = i18n::short(lang, m.starts_at);
        let subject = match (uninvited, lang) {
            (false, Lang::Nb) => format!("Avlyst: {}, {when}", m.title),
            (false, Lang::En) => format!("Cancelled: {}, {when}", m.title),
            (true, Lang::Nb) => format!("Ikke lenger invitert: {}, {when}", m.title),
            (true, Lang::En) => format!("No longer invited: {}, {when}", m.title),
        };
        let mut content = self.content(person, subject, m.title.clone());
        content.paragraphs.push(match (uninvited, lang) {
            (false, Lang::Nb) => "Møtet er avlyst. Kalenderen din fjerner det med vedlegget.".into(),
            (false, Lang::En) => "The meeting has been cancelled. The attachment removes it from your calendar.".into(),
            (true, Lang::Nb) => {
                "Du er ikke lenger invitert til dette møtet. Kalenderen din fjerner det med vedlegget.".into()
            }
            (true, Lang::En) => {
                "You are no longer invited to this meeting. The attachment removes it from your calendar.".into()
            }
        });
        if let Some(reason) = reason {
            content.paragraphs.push(format!("{}: {reason}", lang.pick("Begrunnelse", "Reason")));
        }
        content.facts = vec![Fact {
            label: lang.pick("Var planlagt", "Was planned for").into(),
            value: i18n::span(lang, m.starts_at, m.ends_at),
            url: None,
        }];
        content.footer = self.invited_footer(lang);
        // Either way the CANCEL names only this person: for one who is no longer invited the event stays for
        // the others, and for a cancelled meeting the others are none of this recipient's business.
        let ics = if uninvited {
            match &self.calendar_data {
                Some(data) => {
                    let mut event = clone_event(data);
                    event.attendees = vec![(person.name.clone(), person.email.clone(), None)];
                    calendar::calendar(Method::Cancel, &[event])
                }
                None => String::new(),
            }
        } else {
            self.ics(Method::Cancel, person)
        };
        let calendar = (!ics.is_empty()).then(|| CalendarPart { method: "CANCEL".into(), ics });
        self.new_mail(person, Category::Cancellation, key, &content, calendar)
    }

    async fn with_preference(
        &self,
        person: &Person,
        category: Category,
        key: &str,
        mut content: Content,
        schedule_id: Option<&str>,
    ) -> anyhow::Result<NewMail> {
        let preference = category.preference().unwrap_or(MailCategory::Reminders);
        let one_click = self.notification_footer(person, preference, &mut content)?;
        let mut mail = self.new_mail(person, category, key, &content, None)?;
        mail.mail.list_unsubscribe = Some(one_click);
        mail.schedule_id = schedule_id.map(str::to_owned);
        if !super::preferences::load(self.state.database.pool(), &person.id).await?.wants(preference) {
            mail.skip_reason = Some("turned off by the recipient".into());
        }
        Ok(mail)
    }

    /// A reminder to answer the notice.
    async fn reminder(&self, person: &Person, schedule_id: &str, key: &str) -> anyhow::Result<NewMail> {
        let lang = person.lang;
        let m = self.meeting;
        let subject = match lang {
            Lang::Nb => format!("Påminnelse: svar på innkallingen til {}, {}", m.title, i18n::short(lang, m.starts_at)),
            Lang::En => {
                format!("Reminder: please answer the notice of {}, {}", m.title, i18n::short(lang, m.starts_at))
            }
        };
        let mut content = self.content(person, subject, m.title.clone());
        content.paragraphs.push(
            lang.pick(
                "Du har ikke svart på innkallingen ennå. Svar med ett klikk:",
                "You have not answered the notice yet. Answer with one click:",
            )
            .into(),
        );
        content.facts = self.facts(lang, false);
        content.actions = self.rsvp_actions(person)?;
        content.sections.push(self.agenda_section(lang, false));
        content.links.push(self.open_link(lang));
        self.with_preference(person, Category::RsvpReminder, key, content, Some(schedule_id)).await
    }

    /// The final agenda, to those who come.
    async fn final_agenda(&self, person: &Person, schedule_id: &str, key: &str) -> anyhow::Result<NewMail> {
        let lang = person.lang;
        let m = self.meeting;
        let subject = match lang {
            Lang::Nb => format!("Saksliste: {}, {}", m.title, i18n::short(lang, m.starts_at)),
            Lang::En => format!("Agenda: {}, {}", m.title, i18n::short(lang, m.starts_at)),
        };
        let mut content = self.content(person, subject, m.title.clone());
        content
            .paragraphs
            .push(lang.pick("Velkommen! Her er den endelige sakslisten.", "Welcome! Here is the final agenda.").into());
        content.facts = self.facts(lang, false);
        content.sections.push(self.agenda_section(lang, false));
        content.links.push(self.open_link(lang));
        self.with_preference(person, Category::FinalAgenda, key, content, Some(schedule_id)).await
    }

    /// A call for agenda items before the proposal deadline.
    async fn agenda_call(&self, person: &Person, schedule_id: &str, key: &str) -> anyhow::Result<NewMail> {
        let lang = person.lang;
        let m = self.meeting;
        let deadline = m.proposal_deadline.unwrap_or(m.starts_at);
        let subject = match lang {
            Lang::Nb => format!("Meld inn saker til {} innen {}", m.title, i18n::short(lang, deadline)),
            Lang::En => format!("Propose agenda items for {} by {}", m.title, i18n::short(lang, deadline)),
        };
        let mut content = self.content(person, subject, m.title.clone());
        content.paragraphs.push(match lang {
            Lang::Nb => format!("Har du en sak til møtet? Meld den inn innen {}.", i18n::moment(lang, deadline)),
            Lang::En => format!("Do you have an item for the meeting? Propose it by {}.", i18n::moment(lang, deadline)),
        });
        content.facts = self.facts(lang, false);
        content.actions =
            vec![Link { label: lang.pick("Foreslå en sak", "Propose an item").into(), url: self.meeting_url() }];
        content.sections.push(self.agenda_section(lang, false));
        self.with_preference(person, Category::AgendaCall, key, content, Some(schedule_id)).await
    }

    /// Minutes approved.
    async fn minutes(&self, person: &Person, key: &str) -> anyhow::Result<NewMail> {
        let lang = person.lang;
        let m = self.meeting;
        let subject = match lang {
            Lang::Nb => format!("Referat godkjent: {}, {}", m.title, i18n::date(lang, m.starts_at)),
            Lang::En => format!("Minutes approved: {}, {}", m.title, i18n::date(lang, m.starts_at)),
        };
        let mut content = self.content(person, subject, m.title.clone());
        content.paragraphs.push(match lang {
            Lang::Nb => format!("Referatet fra møtet {} er godkjent.", i18n::date(lang, m.starts_at)),
            Lang::En => format!("The minutes of the meeting on {} have been approved.", i18n::date(lang, m.starts_at)),
        });
        let summary: Option<String> = sqlx::query_scalar("SELECT summary FROM minutes WHERE meeting_id = $1")
            .bind(&m.id)
            .fetch_optional(self.state.database.pool())
            .await?
            .flatten();
        content.description = summary.as_deref().map(templates::paragraphs).unwrap_or_default();
        let mut agenda = self.agenda_section(lang, true);
        agenda.heading = lang.pick("Saker og vedtak", "Items and decisions").into();
        content.sections.push(agenda);
        content.links.push(Link {
            label: lang.pick("Les referatet i Legeting", "Read the minutes in Legeting").into(),
            url: self.meeting_url(),
        });
        self.with_preference(person, Category::MinutesPublished, key, content, None).await
    }
}

fn clone_event(data: &calendar::EventData) -> calendar::EventData {
    calendar::EventData {
        meeting_id: data.meeting_id.clone(),
        title: data.title.clone(),
        description: data.description.clone(),
        location: data.location.clone(),
        video_url: data.video_url.clone(),
        starts_at: data.starts_at,
        ends_at: data.ends_at,
        status: data.status,
        sequence: data.sequence,
        organizer: data.organizer.clone(),
        attendees: data.attendees.clone(),
        url: data.url.clone(),
    }
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
        let language: String =
            sqlx::query_scalar("SELECT language FROM people WHERE id = $1").bind(&person_id).fetch_one(pool).await?;
        let municipality: String = sqlx::query_scalar("SELECT name FROM municipalities WHERE id = $1")
            .bind(&municipality_id)
            .fetch_one(pool)
            .await?;
        let lang = Lang::parse(&language);
        let person = Person { id: person_id.clone(), name: name.clone(), email, lang };
        let due = i18n::iso_date(lang, &due_date);
        let subject = match lang {
            Lang::Nb => format!("Oppfølgingspunkt forfaller {due}: {title}"),
            Lang::En => format!("Action item due {due}: {title}"),
        };
        let mut content = Content::new(lang, subject, municipality.clone(), title.clone(), person.greeting());
        content.paragraphs.push(match lang {
            Lang::Nb => format!("Et oppfølgingspunkt du har ansvar for, forfaller {due}."),
            Lang::En => format!("An action item you own is due on {due}."),
        });
        content.facts = vec![
            Fact { label: lang.pick("Oppgave", "Task").into(), value: title.clone(), url: None },
            Fact { label: lang.pick("Frist", "Due").into(), value: due.clone(), url: None },
            Fact {
                label: lang.pick("Status", "Status").into(),
                value: match (status.as_str(), lang) {
                    ("in_progress", Lang::Nb) => "Påbegynt".into(),
                    ("in_progress", Lang::En) => "In progress".into(),
                    (_, Lang::Nb) => "Åpen".into(),
                    (_, Lang::En) => "Open".into(),
                },
                url: None,
            },
            Fact { label: lang.pick("Fra møtet", "From the meeting").into(), value: meeting_title, url: None },
        ];
        let base = state.config.effective_base_url();
        content.links.push(Link {
            label: lang.pick("Se oppfølgingspunktet i Legeting", "See the action item in Legeting").into(),
            url: format!("{base}/moter/{meeting_id}"),
        });
        let origin =
            Origin { municipality_id, municipality_name: municipality, meeting_id: Some(meeting_id), reply_to: None };
        let mail = notify::mail(
            state,
            &person,
            Category::ActionDue,
            content,
            format!("action_due:{item_id}:{due_date}"),
            origin,
        )
        .await?;
        let mut conn = pool.acquire().await?;
        if enqueue(&mut conn, &mail, now).await?.is_some() {
            queued += 1;
        }
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminder_days_parse_sorted_without_nonsense() {
        assert_eq!(parse_days("7,1"), vec![7, 1]);
        assert_eq!(parse_days("1, 7,7,x,0,99,14"), vec![14, 7, 1]);
        assert!(parse_days("").is_empty());
        assert_eq!(format_days(&[1, 7, 7]), "7,1");
        assert_eq!(format_days(&[]), "");
    }

    #[test]
    fn today_and_tomorrow_are_oslo_dates() {
        // 2027-01-14 23:30 UTC is already the 15th in Oslo.
        let late = 1_799_969_400_000;
        assert_eq!(today_and_tomorrow(late), ("2027-01-15".to_owned(), "2027-01-16".to_owned()));
    }
}
