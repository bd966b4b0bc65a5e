//! The administrators' view of a municipality's outbox: how many mails are in each state, what is waiting, and
//! what failed and why. Never the bodies (they may hold sign-in links).

use axum::extract::State;
use legeting_shared::api::mail as api;
use legeting_shared::mail::{OutboxCounts, OutboxMail, OutboxOverview};
use legeting_shared::people::Role;
use sqlx::AnyPool;

use crate::auth::AuthUser;
use crate::endpoint::PathOf;
use crate::error::{AppError, Json};
use crate::state::AppState;

type MailRow = (String, String, String, String, String, i64, i64, Option<String>, i64, Option<i64>);

const MAIL_COLUMNS: &str =
    "id, to_email, subject, category, status, attempts, next_attempt_at, last_error, created_at, sent_at";

fn mail_from_row(row: MailRow) -> OutboxMail {
    let (id, to_email, subject, category, status, attempts, next_attempt_at, last_error, created_at, sent_at) = row;
    OutboxMail { id, to_email, subject, category, status, attempts, next_attempt_at, last_error, created_at, sent_at }
}

/// The overview of one municipality's mail.
pub async fn overview(pool: &AnyPool, municipality_id: &str) -> Result<OutboxOverview, sqlx::Error> {
    let counts: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM outbox WHERE municipality_id = $1 GROUP BY status")
            .bind(municipality_id)
            .fetch_all(pool)
            .await?;
    let mut totals = OutboxCounts::default();
    for (status, count) in counts {
        match status.as_str() {
            "pending" => totals.pending = count,
            "sending" => totals.sending = count,
            "sent" => totals.sent = count,
            "failed" => totals.failed = count,
            "skipped" => totals.skipped = count,
            _ => {}
        }
    }
    let queued: Vec<MailRow> = sqlx::query_as(&format!(
        "SELECT {MAIL_COLUMNS} FROM outbox WHERE municipality_id = $1 AND status IN ('pending', 'sending') \
         ORDER BY next_attempt_at, id LIMIT 50"
    ))
    .bind(municipality_id)
    .fetch_all(pool)
    .await?;
    let failures: Vec<MailRow> = sqlx::query_as(&format!(
        "SELECT {MAIL_COLUMNS} FROM outbox WHERE municipality_id = $1 \
         AND (status = 'failed' OR (status IN ('pending', 'sending') AND last_error IS NOT NULL)) \
         ORDER BY created_at DESC, id DESC LIMIT 50"
    ))
    .bind(municipality_id)
    .fetch_all(pool)
    .await?;
    Ok(OutboxOverview {
        counts: totals,
        queued: queued.into_iter().map(mail_from_row).collect(),
        failures: failures.into_iter().map(mail_from_row).collect(),
    })
}

/// The municipality's outbox: counts by state, mails waiting, and the latest failures with their errors.
/// Administrators.
pub async fn outbox_overview(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::OutboxOverview>,
) -> Result<Json<OutboxOverview>, AppError> {
    user.require_any(&municipality_id, &[Role::Administrator])?;
    Ok(Json(overview(state.database.pool(), &municipality_id).await?))
}
