//! The mail worker: makes the mail that has fallen due (each registered [`super::source::MailSource`], e.g.
//! meeting reminders, obligation nudges and the monthly digest), then claims due rows of the outbox and sends
//! them.
//!
//! **Claiming.** One statement marks up to a batch of due rows `sending` with a random claim token and a lease
//! (`claimed_until`), and counts the attempt. On PostgreSQL the rows are picked with `FOR UPDATE SKIP LOCKED`, so
//! several instances never take the same row; SQLite has one writer at a time, so the same `UPDATE … WHERE id IN
//! (SELECT … LIMIT n)` is atomic there. A row whose lease ran out (its worker died mid-batch) is due again.
//! Marking a row sent or failed requires the claim token, so a worker that lost its lease changes nothing.
//!
//! **Retrying.** A transport error (SMTP down or refusing) puts the row back with exponential backoff
//! (`LEGETING_MAIL_RETRY_SECS`, doubling, at most two hours) until `LEGETING_MAIL_MAX_ATTEMPTS`; then it is
//! `failed`, for the administrators to see. A message that cannot be built (a bad address) fails at once.
//!
//! **Just before sending**, notification mail is checked again: the person may have turned it off, or the
//! source that made it says it is no longer wanted (answered, the meeting moved or was cancelled, the obligation
//! met); then the row is `skipped`.
//!
//! [`run_once_at`] takes "now" as a parameter, so tests drive reminders and retries through time without
//! sleeping.
//!
//! **Supervision.** The background [`Worker`] runs its loop as a task of its own under [`restart_on_panic`]: a
//! panic (a bug) is logged and the loop starts again after [`RESTART_DELAY`]. [`WorkerStatus`] (in the app state)
//! says whether it runs, when it last finished a round, and how often it was restarted; `/api/health` reads it.

use std::future::Future;
use std::sync::atomic::Ordering;
use std::time::Duration;

use legeting_shared::DatabaseKind;
use rand::RngCore;
use sqlx::Row;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

use super::Category;
use crate::db::now_ms;
use crate::mail::{CalendarPart, Mail, MailError};
use crate::state::AppState;

/// How long a claim lasts before another worker may take the row.
pub const LEASE_MS: i64 = 5 * 60_000;
/// How many rows one batch claims.
pub const BATCH: i64 = 50;
/// The longest wait between two attempts.
pub const MAX_BACKOFF_MS: i64 = 2 * 3_600_000;

/// What one batch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Outbox rows made from due meeting mail and action items.
    pub planned: usize,
    /// Rows claimed for sending.
    pub claimed: usize,
    pub sent: usize,
    /// Rows that failed this time and will be tried again.
    pub retrying: usize,
    /// Rows given up (last attempt, or a message that cannot be sent).
    pub failed: usize,
    /// Rows no longer wanted (unsubscribed, answered, meeting moved or cancelled).
    pub skipped: usize,
}

/// One batch now: see [`run_once_at`].
pub async fn run_once(state: &AppState) -> anyhow::Result<Report> {
    run_once_at(state, now_ms()).await
}

/// One batch as if it were `now` (unix milliseconds): make the mail that has fallen due (every registered
/// source, in order), then claim and send up to [`BATCH`] due mails.
pub async fn run_once_at(state: &AppState, now: i64) -> anyhow::Result<Report> {
    let mut planned = 0;
    for source in super::source::Sources::of(state).iter() {
        planned += source.make_due(state, now).await?;
    }
    let mut report = deliver(state, None, now).await?;
    report.planned = planned;
    Ok(report)
}

/// A claimed row, ready to send.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: String,
    pub claim_token: String,
    pub attempts: i64,
    pub category: Option<Category>,
    pub person_id: Option<String>,
    pub meeting_id: Option<String>,
    pub schedule_id: Option<String>,
    pub dedupe_key: String,
    pub sensitive: bool,
    pub mail: Mail,
}

/// Claim up to `limit` due rows (or just the row `only`) for this worker, with a lease from `now`.
pub async fn claim(state: &AppState, now: i64, limit: i64, only: Option<&str>) -> Result<Vec<Claimed>, sqlx::Error> {
    let pool = state.database.pool();
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let due = "((status = 'pending' AND next_attempt_at <= $3) OR (status = 'sending' AND claimed_until <= $3))";
    let only_filter = if only.is_some() { " AND id = $5" } else { "" };
    let lock = if state.database.kind() == DatabaseKind::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
    let sql = format!(
        "UPDATE outbox SET status = 'sending', claim_token = $1, claimed_until = $2, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM outbox WHERE {due}{only_filter} ORDER BY next_attempt_at, id LIMIT $4{lock}) \
         AND {due}"
    );
    let mut query = sqlx::query(&sql).bind(&token).bind(now + LEASE_MS).bind(now).bind(limit);
    if let Some(id) = only {
        query = query.bind(id);
    }
    let done = query.execute(pool).await?;
    if done.rows_affected() == 0 {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT id, attempts, category, person_id, meeting_id, schedule_id, dedupe_key, sensitive, to_name, to_email, \
         from_name, reply_to, subject, text_body, html_body, ics, ics_method, list_unsubscribe \
         FROM outbox WHERE claim_token = $1 ORDER BY next_attempt_at, id",
    )
    .bind(&token)
    .fetch_all(pool)
    .await?;
    let mut claimed = Vec::with_capacity(rows.len());
    for row in rows {
        let id: String = row.try_get("id")?;
        let ics: Option<String> = row.try_get("ics")?;
        let method: Option<String> = row.try_get("ics_method")?;
        let mail = Mail {
            to_name: row.try_get("to_name")?,
            to_email: row.try_get("to_email")?,
            subject: row.try_get("subject")?,
            text: row.try_get("text_body")?,
            html: row.try_get("html_body")?,
            reply_to: row.try_get("reply_to")?,
            from_name: row.try_get("from_name")?,
            calendar: match (ics, method) {
                (Some(ics), Some(method)) => Some(CalendarPart { method, ics }),
                _ => None,
            },
            list_unsubscribe: row.try_get("list_unsubscribe")?,
            message_id: Some(message_id(state, &id)),
        };
        claimed.push(Claimed {
            claim_token: token.clone(),
            attempts: row.try_get("attempts")?,
            category: Category::parse(&row.try_get::<String, _>("category")?),
            person_id: row.try_get("person_id")?,
            meeting_id: row.try_get("meeting_id")?,
            schedule_id: row.try_get("schedule_id")?,
            dedupe_key: row.try_get("dedupe_key")?,
            sensitive: row.try_get::<i64, _>("sensitive")? == 1,
            mail,
            id,
        });
    }
    Ok(claimed)
}

/// `<row id@sender's domain>`: the same for every attempt at one row.
fn message_id(state: &AppState, id: &str) -> String {
    let domain = state
        .config
        .mail_from
        .rsplit_once('@')
        .map(|(_, domain)| domain.trim_end_matches('>').trim())
        .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or("legeting");
    format!("<{id}@{domain}>")
}

/// Claim due rows (or just `only`) and send them.
pub async fn deliver(state: &AppState, only: Option<&str>, now: i64) -> anyhow::Result<Report> {
    let claimed = claim(state, now, BATCH, only).await?;
    let mut report = Report { claimed: claimed.len(), ..Report::default() };
    for row in claimed {
        match send_claimed(state, row, now).await? {
            Outcome::Sent => report.sent += 1,
            Outcome::Retrying => report.retrying += 1,
            Outcome::Failed => report.failed += 1,
            Outcome::Skipped => report.skipped += 1,
        }
    }
    Ok(report)
}

/// What became of one claimed row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    Retrying,
    Failed,
    Skipped,
}

/// Send one claimed row (unless it is no longer wanted) and record the outcome.
pub async fn send_claimed(state: &AppState, row: Claimed, now: i64) -> anyhow::Result<Outcome> {
    if let Some(reason) = no_longer_wanted(state, &row, now).await? {
        finish(state, &row, "skipped", None, Some(reason)).await?;
        return Ok(Outcome::Skipped);
    }
    match state.mailer.send(row.mail.clone()).await {
        Ok(()) => {
            finish(state, &row, "sent", Some(now), None).await?;
            Ok(Outcome::Sent)
        }
        Err(error @ (MailError::InvalidAddress(_) | MailError::InvalidMessage(_))) => {
            tracing::warn!(id = %row.id, %error, "mail cannot be sent");
            finish(state, &row, "failed", None, Some(&error.to_string())).await?;
            Ok(Outcome::Failed)
        }
        Err(error @ MailError::Transport(_)) => {
            let max_attempts = i64::from(state.config.mail_max_attempts.max(1));
            if row.attempts >= max_attempts {
                tracing::error!(id = %row.id, %error, attempts = row.attempts, "mail failed for good");
                finish(state, &row, "failed", None, Some(&error.to_string())).await?;
                return Ok(Outcome::Failed);
            }
            let next = now + backoff_ms(state.config.mail_retry_secs, row.attempts);
            tracing::warn!(id = %row.id, %error, attempts = row.attempts, "mail not sent; will retry");
            sqlx::query(
                "UPDATE outbox SET status = 'pending', next_attempt_at = $1, last_error = $2, claim_token = NULL, \
                 claimed_until = NULL WHERE id = $3 AND claim_token = $4",
            )
            .bind(next)
            .bind(error.to_string())
            .bind(&row.id)
            .bind(&row.claim_token)
            .execute(state.database.pool())
            .await?;
            Ok(Outcome::Retrying)
        }
    }
}

/// The wait after attempt number `attempts` (1, 2, …): `base`, `2·base`, `4·base`, … at most two hours.
pub fn backoff_ms(base_secs: u64, attempts: i64) -> i64 {
    let base = i64::try_from(base_secs.max(1)).unwrap_or(30).saturating_mul(1000);
    let doublings = u32::try_from((attempts - 1).clamp(0, 30)).unwrap_or(30);
    base.saturating_mul(1_i64 << doublings).min(MAX_BACKOFF_MS)
}

/// Record the end of a claimed row: `sent`, `failed` or `skipped`. Blanks the bodies of sensitive rows.
async fn finish(
    state: &AppState,
    row: &Claimed,
    status: &str,
    sent_at: Option<i64>,
    error: Option<&str>,
) -> Result<(), sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET status = $1, sent_at = $2, last_error = $3, claim_token = NULL, claimed_until = NULL, \
         text_body = CASE WHEN sensitive = 1 THEN '' ELSE text_body END, \
         html_body = CASE WHEN sensitive = 1 THEN NULL ELSE html_body END \
         WHERE id = $4 AND claim_token = $5",
    )
    .bind(status)
    .bind(sent_at)
    .bind(error)
    .bind(&row.id)
    .bind(&row.claim_token)
    .execute(state.database.pool())
    .await?;
    if done.rows_affected() == 0 {
        tracing::warn!(id = %row.id, status, "the claim on this mail had run out; another worker has it");
    }
    Ok(())
}

/// Why a notification mail should not go after all: turned off, or no longer wanted by what made it.
async fn no_longer_wanted(state: &AppState, row: &Claimed, now: i64) -> Result<Option<&'static str>, sqlx::Error> {
    let Some(category) = row.category else { return Ok(None) };
    let Some(preference) = category.preference() else { return Ok(None) };
    let pool = state.database.pool();
    if let Some(person_id) = &row.person_id
        && !super::preferences::load(pool, person_id).await?.wants(preference)
    {
        return Ok(Some("turned off by the recipient"));
    }
    for source in super::source::Sources::of(state).iter() {
        if let Some(reason) = source.no_longer_wanted(state, row, now).await? {
            return Ok(Some(reason));
        }
    }
    Ok(None)
}

/// The background worker of one instance: a batch every `LEGETING_MAIL_POLL_SECS`, at once when woken (mail
/// was queued), and again right away while batches come back full.
pub struct Worker {
    stop: watch::Sender<bool>,
    handle: JoinHandle<()>,
}

impl Worker {
    /// Start the worker on the runtime, restarted when it panics.
    pub fn spawn(state: AppState) -> Worker {
        let (stop, stopped) = watch::channel(false);
        let handle = tokio::spawn(async move {
            let _running = Running::new(&state.mail_worker);
            let loop_state = state.clone();
            let loop_stopped = stopped.clone();
            restart_on_panic("mail worker", &state.mail_worker, stopped, move || {
                run(loop_state.clone(), loop_stopped.clone())
            })
            .await;
        });
        Worker { stop, handle }
    }

    /// Stop after the batch in progress (waiting at most ten seconds for it; a batch cut short leaves leases
    /// that run out, so nothing is lost).
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let mut handle = self.handle;
        if tokio::time::timeout(Duration::from_secs(10), &mut handle).await.is_err() {
            handle.abort();
        }
    }

    /// Kill the worker where it is, as a crash would (tests use it to show that nothing is lost).
    pub fn abort(self) {
        self.handle.abort();
    }
}

pub use crate::state::WorkerStatus;

/// Marks the worker running while alive, and stopped when dropped (also when the task is aborted).
struct Running<'a>(&'a WorkerStatus);

impl<'a> Running<'a> {
    fn new(status: &'a WorkerStatus) -> Self {
        status.running.store(true, Ordering::Relaxed);
        status.beat();
        Running(status)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.running.store(false, Ordering::Relaxed);
    }
}

/// How long a worker that panicked waits before it starts again (a bug that panics at once must not spin).
pub const RESTART_DELAY: Duration = Duration::from_secs(1);

/// Run the loop that `start` makes as a task of its own until it returns (it was stopped) or `stopped` turns
/// true; when it panics, log the panic, count the restart in `status`, wait [`RESTART_DELAY`] and start it again.
/// Aborting the future returned here aborts the loop too.
pub async fn restart_on_panic<F, Fut>(
    name: &'static str,
    status: &WorkerStatus,
    mut stopped: watch::Receiver<bool>,
    mut start: F,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    loop {
        let mut task = JoinSet::new();
        task.spawn(start());
        let Some(Err(ended)) = task.join_next().await else { return };
        if !ended.is_panic() {
            return;
        }
        let payload = ended.into_panic();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let restarts = status.restarts.fetch_add(1, Ordering::Relaxed) + 1;
        tracing::error!(worker = name, panic = %message, restarts, "the worker panicked; restarting it");
        tokio::select! {
            _ = stopped.changed() => return,
            () = tokio::time::sleep(RESTART_DELAY) => {}
        }
        if *stopped.borrow() {
            return;
        }
    }
}

/// How many mails have been due since before `due_before` (unix milliseconds) and are still not sent: pending
/// ones, and claimed ones whose lease ran out. `/api/health` reports the mail queue as behind when there are any.
pub async fn overdue(pool: &sqlx::AnyPool, due_before: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE (status = 'pending' AND next_attempt_at <= $1) \
         OR (status = 'sending' AND claimed_until <= $1)",
    )
    .bind(due_before)
    .fetch_one(pool)
    .await
}

async fn run(state: AppState, mut stopped: watch::Receiver<bool>) {
    let poll = Duration::from_secs(state.config.mail_poll_secs.max(1));
    tracing::info!(every_secs = poll.as_secs(), "mail worker started");
    loop {
        state.mail_worker.beat();
        if *stopped.borrow() {
            break;
        }
        let full = match run_once(&state).await {
            Ok(report) => {
                if report.claimed > 0 || report.planned > 0 {
                    tracing::debug!(?report, "mail batch");
                }
                i64::try_from(report.claimed).unwrap_or(0) >= BATCH
            }
            Err(error) => {
                tracing::error!(error = format!("{error:#}"), "mail batch failed");
                false
            }
        };
        if full {
            continue;
        }
        tokio::select! {
            _ = stopped.changed() => break,
            () = state.mail_wake.notified() => {}
            () = tokio::time::sleep(poll) => {}
        }
    }
    tracing::info!("mail worker stopped");
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicU64;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_worker_that_panics_is_started_again_and_counted() {
        let status = WorkerStatus::default();
        let (_stop, stopped) = watch::channel(false);
        let starts = std::sync::Arc::new(AtomicU64::new(0));
        let counter = starts.clone();
        restart_on_panic("test worker", &status, stopped, move || {
            let start = counter.fetch_add(1, Ordering::Relaxed);
            async move {
                assert!(start >= 2, "a bug in round {start}");
            }
        })
        .await;
        assert_eq!((starts.load(Ordering::Relaxed), status.restarts()), (3, 2));
    }

    #[tokio::test(start_paused = true)]
    async fn a_stopped_worker_is_not_started_again() {
        let status = WorkerStatus::default();
        let (stop, stopped) = watch::channel(false);
        let starts = std::sync::Arc::new(AtomicU64::new(0));
        let counter = starts.clone();
        let supervised = restart_on_panic("test worker", &status, stopped, move || {
            counter.fetch_add(1, Ordering::Relaxed);
            async { panic!("always") }
        });
        let stopping = async {
            // Stop while the supervisor waits to restart after the first panic.
            tokio::time::sleep(RESTART_DELAY / 2).await;
            stop.send(true).expect("the supervisor listens");
        };
        tokio::join!(supervised, stopping);
        assert_eq!((starts.load(Ordering::Relaxed), status.restarts()), (1, 1));
    }

    #[test]
    fn backoff_doubles_up_to_two_hours() {
        assert_eq!(backoff_ms(30, 1), 30_000);
        assert_eq!(backoff_ms(30, 2), 60_000);
        assert_eq!(backoff_ms(30, 5), 480_000);
        assert_eq!(backoff_ms(30, 20), MAX_BACKOFF_MS);
        assert_eq!(backoff_ms(30, 1000), MAX_BACKOFF_MS);
    }
}
