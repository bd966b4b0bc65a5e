//! The durable outbox: every e-mail is a row in `outbox` first, and a worker sends it.
//!
//! - `mod.rs` (this file): queuing a mail ([`enqueue`]), sending one right away ([`send_now`], for sign-in
//!   links), the categories of mail and who may turn them off;
//! - `worker.rs`: claims due rows with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL), sends them, retries
//!   with exponential backoff, and first asks every registered source to make its due mail;
//!   [`worker::run_once`] does one batch, for tests;
//! - `source.rs`: [`source::MailSource`], the seam through which higher domains hand the worker their mail
//!   (meeting mail is `crate::meetings::mail`, obligation nudges `crate::attendance::nudges`, the monthly
//!   digest `crate::digest`; the outbox imports no domain above it);
//! - `templates.rs` + `templates/`: the minijinja templates (text and HTML) and `i18n.rs` their texts in bokmål
//!   and English;
//! - `notify.rs`: what every notification mail carries (footer, unsubscribe, preference check);
//! - `links.rs`: signed unsubscribe links, and their endpoints;
//! - `preferences.rs`: each person's choice of notification mail; `overview.rs`: the administrators' view.
//!
//! Guarantees: the same logical mail is never queued twice (`dedupe_key` is unique); a row is claimed by one
//! worker at a time, and a worker that dies leaves a lease that runs out, so the row is tried again; sign-in
//! links are blanked from the row once sent. Delivery is at least once towards the SMTP server, with a stable
//! Message-ID per row, so the one duplicate a crash between "250 OK" and "mark sent" can cause is recognisable.

pub mod i18n;
pub mod links;
pub mod notify;
pub mod overview;
pub mod preferences;
#[cfg(test)]
pub mod snapshot;
pub mod source;
pub mod templates;
pub mod worker;

use legeting_shared::api::mail as api;
use legeting_shared::mail::MailCategory;
use sqlx::AnyConnection;

use crate::db::{flag, new_id, now_ms};
use crate::endpoint::Routes;
use crate::error::AppError;
use crate::mail::Mail;
use crate::state::AppState;

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new()
        .endpoint(api::UnsubscribeInfo, links::unsubscribe_info)
        .endpoint(api::UnsubscribeByLink, links::unsubscribe)
        .endpoint(api::GetPreferences, preferences::get_preferences)
        .endpoint(api::SetPreferences, preferences::set_preferences)
        .endpoint(api::OutboxOverview, overview::outbox_overview)
}

/// Whether a mail always goes out, or follows the recipient's preferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Sign-in links, notices, changes and cancellations: always sent.
    Transactional,
    /// Reminders, calls for agenda items, minutes published, action items due, letters, digests: only when
    /// wanted.
    Notification,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Transactional => "transactional",
            Kind::Notification => "notification",
        }
    }
}

/// What a mail is. Stored in `outbox.category`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    SignIn,
    Notice,
    Update,
    Cancellation,
    RsvpReminder,
    FinalAgenda,
    AgendaCall,
    MinutesPublished,
    ActionDue,
    ObligationNudge,
    Letter,
    Digest,
}

impl Category {
    const ALL: [Category; 12] = [
        Category::SignIn,
        Category::Notice,
        Category::Update,
        Category::Cancellation,
        Category::RsvpReminder,
        Category::FinalAgenda,
        Category::AgendaCall,
        Category::MinutesPublished,
        Category::ActionDue,
        Category::ObligationNudge,
        Category::Letter,
        Category::Digest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::SignIn => "sign_in",
            Category::Notice => "notice",
            Category::Update => "update",
            Category::Cancellation => "cancellation",
            Category::RsvpReminder => "rsvp_reminder",
            Category::FinalAgenda => "final_agenda",
            Category::AgendaCall => "agenda_call",
            Category::MinutesPublished => "minutes_published",
            Category::ActionDue => "action_due",
            Category::ObligationNudge => "obligation_nudge",
            Category::Letter => "letter",
            Category::Digest => "digest",
        }
    }

    pub fn parse(value: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == value)
    }

    /// Transactional or notification.
    pub fn kind(self) -> Kind {
        match self.preference() {
            None => Kind::Transactional,
            Some(_) => Kind::Notification,
        }
    }

    /// The preference that turns this mail off; `None` for transactional mail.
    pub fn preference(self) -> Option<MailCategory> {
        match self {
            Category::SignIn | Category::Notice | Category::Update | Category::Cancellation => None,
            Category::RsvpReminder | Category::FinalAgenda | Category::ObligationNudge => Some(MailCategory::Reminders),
            Category::AgendaCall => Some(MailCategory::AgendaCalls),
            Category::MinutesPublished => Some(MailCategory::Minutes),
            Category::ActionDue => Some(MailCategory::ActionItems),
            Category::Letter => Some(MailCategory::Information),
            Category::Digest => Some(MailCategory::Digest),
        }
    }
}

/// A mail to queue.
#[derive(Debug, Clone)]
pub struct NewMail {
    /// One logical mail, one key: queuing the same key again does nothing.
    pub dedupe_key: String,
    pub category: Category,
    pub municipality_id: Option<String>,
    pub person_id: Option<String>,
    pub meeting_id: Option<String>,
    pub schedule_id: Option<String>,
    /// The rendered message (its `message_id` is ignored: the row's id makes it).
    pub mail: Mail,
    /// The bodies hold a secret (a sign-in link): blank them once the mail is sent or given up.
    pub sensitive: bool,
    /// Record the mail as skipped rather than queue it (e.g. the person has turned this kind off).
    pub skip_reason: Option<String>,
}

/// Queue a mail, in the caller's transaction if it has one. Returns the new row's id, or `None` when a mail
/// with the same key was queued before.
pub async fn enqueue(conn: &mut AnyConnection, mail: &NewMail, now: i64) -> Result<Option<String>, sqlx::Error> {
    let id = new_id();
    let status = if mail.skip_reason.is_some() { "skipped" } else { "pending" };
    let done = sqlx::query(
        "INSERT INTO outbox (id, dedupe_key, kind, category, municipality_id, person_id, meeting_id, schedule_id, \
         to_name, to_email, from_name, reply_to, subject, text_body, html_body, ics, ics_method, list_unsubscribe, \
         sensitive, status, attempts, next_attempt_at, last_error, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 0, $21, $22, $21) \
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(&id)
    .bind(&mail.dedupe_key)
    .bind(mail.category.kind().as_str())
    .bind(mail.category.as_str())
    .bind(mail.municipality_id.as_deref())
    .bind(mail.person_id.as_deref())
    .bind(mail.meeting_id.as_deref())
    .bind(mail.schedule_id.as_deref())
    .bind(&mail.mail.to_name)
    .bind(&mail.mail.to_email)
    .bind(mail.mail.from_name.as_deref())
    .bind(mail.mail.reply_to.as_deref())
    .bind(&mail.mail.subject)
    .bind(&mail.mail.text)
    .bind(mail.mail.html.as_deref())
    .bind(mail.mail.calendar.as_ref().map(|c| c.ics.as_str()))
    .bind(mail.mail.calendar.as_ref().map(|c| c.method.as_str()))
    .bind(mail.mail.list_unsubscribe.as_deref())
    .bind(flag(mail.sensitive))
    .bind(status)
    .bind(now)
    .bind(mail.skip_reason.as_deref())
    .execute(&mut *conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

/// Queue a transactional mail and try to send it at once, before answering the request (sign-in links, which
/// people wait for). If sending fails, the row stays queued and the worker retries it.
pub async fn send_now(state: &AppState, mail: NewMail) -> Result<(), AppError> {
    let mut conn = state.database.pool().acquire().await?;
    let id = enqueue(&mut conn, &mail, now_ms()).await?;
    drop(conn);
    if let Some(id) = id {
        let report = worker::deliver(state, Some(&id), now_ms()).await?;
        if report.sent == 0 {
            tracing::warn!(category = mail.category.as_str(), "mail queued; it will be retried");
            state.wake_mail_worker();
        }
    }
    Ok(())
}

/// Mail made on a date rather than by a change (obligation nudges, the monthly digest) is made once per
/// `marker` (e.g. `digest:<municipality>:2027-02`): whether that batch has been queued already.
pub async fn batch_done(pool: &sqlx::AnyPool, marker: &str) -> Result<bool, sqlx::Error> {
    let done: Option<String> =
        sqlx::query_scalar("SELECT key FROM settings WHERE key = $1").bind(marker).fetch_optional(pool).await?;
    Ok(done.is_some())
}

/// Queue a batch once: the `marker` row and the mails in one transaction, so a restart or a second instance
/// queues nothing twice. Returns how many mails were queued (0 when another run wrote the marker first).
pub async fn enqueue_batch(
    pool: &sqlx::AnyPool,
    marker: &str,
    mails: &[NewMail],
    now: i64,
) -> Result<usize, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let marked =
        sqlx::query("INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING")
            .bind(marker)
            .bind(mails.len().to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
    if marked.rows_affected() != 1 {
        return Ok(0);
    }
    let mut queued = 0;
    for mail in mails {
        if enqueue(&mut tx, mail, now).await?.is_some() {
            queued += 1;
        }
    }
    tx.commit().await?;
    Ok(queued)
}

/// A dedupe key for a mail that happens once per request (sign-in links): random.
pub fn unique_key(prefix: &str) -> String {
    format!("{prefix}:{}", new_id())
}
