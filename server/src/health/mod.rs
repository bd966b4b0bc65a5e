//! Health, for operators and load balancers.
//!
//! - `GET /api/health/live` (liveness): the process answers. It touches nothing else, so a load balancer or
//!   orchestrator restarts the server only when it is really stuck, never because the database is down.
//! - `GET /api/health/ready` (readiness): the database answers within [`CHECK_TIMEOUT`], so this instance can
//!   serve requests. 503 otherwise: take it out of rotation until it answers again.
//! - `GET /api/health`: everything an operator should know, `degraded` (503) with a reason per failed check: the
//!   database does not answer; the mail worker (when this instance runs one) is not running or has not finished a
//!   round for [`WORKER_STALLED_MS`] beyond its poll interval; mail has been due for more than
//!   [`MAIL_BEHIND_MS`] without being sent; the disk of the data directory is nearly full ([`disk_nearly_full`]).

use std::path::Path;
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use legeting_shared::api::health as api;
use legeting_shared::{Health, HealthCheck, HealthProblem, HealthStatus, Probe};

use crate::db::now_ms;
use crate::endpoint::Routes;
use crate::error::Json;
use crate::state::AppState;

/// How long a health check waits for the database.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(3);
/// Mail due for longer than this (and not sent) makes the server degraded: 15 minutes.
pub const MAIL_BEHIND_MS: i64 = 15 * 60_000;
/// A mail worker that has not begun or finished a round for this long beyond its poll interval is stalled.
pub const WORKER_STALLED_MS: i64 = 10 * 60_000;
/// The disk is nearly full below this share of its size (percent) …
pub const DISK_MIN_FREE_PERCENT: u64 = 5;
/// … or below this many bytes free (256 MiB).
pub const DISK_MIN_FREE_BYTES: u64 = 256 * 1024 * 1024;

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new()
        .endpoint(api::GetHealth, health)
        .endpoint(api::HealthLive, health_live)
        .endpoint(api::HealthReady, health_ready)
}

/// Report the server's health: `ok`, or `degraded` (503) with every problem found.
async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = &state.database;
    let mut problems = Vec::new();
    let migrations = match database_answers(&state).await {
        Ok(count) => count,
        Err(problem) => {
            problems.push(problem);
            0
        }
    };
    if problems.is_empty() {
        problems.extend(mail_queue(&state).await);
    }
    problems.extend(mail_worker(&state, now_ms()));
    problems.extend(disk(&state.config.data_dir));
    let status = if problems.is_empty() { HealthStatus::Ok } else { HealthStatus::Degraded };
    let code = if problems.is_empty() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = Health {
        status,
        database: database.kind(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        migrations,
        problems,
    };
    (code, Json(body))
}

/// Liveness: the process answers. Never touches the database.
async fn health_live() -> Json<Probe> {
    Json(Probe { status: HealthStatus::Ok, problem: None })
}

/// Readiness: the database answers, so this instance can serve requests.
async fn health_ready(State(state): State<AppState>) -> (StatusCode, Json<Probe>) {
    match database_answers(&state).await {
        Ok(_) => (StatusCode::OK, Json(Probe { status: HealthStatus::Ok, problem: None })),
        Err(problem) => {
            (StatusCode::SERVICE_UNAVAILABLE, Json(Probe { status: HealthStatus::Degraded, problem: Some(problem) }))
        }
    }
}

/// How many migrations are applied, or why the database does not answer.
async fn database_answers(state: &AppState) -> Result<i64, HealthProblem> {
    let problem = |message: String| HealthProblem { check: HealthCheck::Database, message };
    match tokio::time::timeout(CHECK_TIMEOUT, state.database.applied_migrations()).await {
        Ok(Ok(count)) => Ok(count),
        Ok(Err(error)) => {
            tracing::warn!(%error, "health check: the database does not answer");
            Err(problem("the database does not answer".into()))
        }
        Err(_) => {
            tracing::warn!("health check: the database did not answer in time");
            Err(problem(format!("the database did not answer within {} seconds", CHECK_TIMEOUT.as_secs())))
        }
    }
}

/// Mail due for more than [`MAIL_BEHIND_MS`] and not sent (by any instance).
async fn mail_queue(state: &AppState) -> Option<HealthProblem> {
    let overdue = tokio::time::timeout(
        CHECK_TIMEOUT,
        crate::outbox::worker::overdue(state.database.pool(), now_ms() - MAIL_BEHIND_MS),
    )
    .await;
    match overdue {
        Ok(Ok(0)) => None,
        Ok(Ok(count)) => Some(HealthProblem {
            check: HealthCheck::MailQueue,
            message: format!("{count} e-mails have been due for more than {} minutes", MAIL_BEHIND_MS / 60_000),
        }),
        Ok(Err(error)) => {
            tracing::warn!(%error, "health check: could not read the mail queue");
            Some(HealthProblem { check: HealthCheck::MailQueue, message: "the mail queue could not be read".into() })
        }
        Err(_) => Some(HealthProblem {
            check: HealthCheck::MailQueue,
            message: "the mail queue could not be read in time".into(),
        }),
    }
}

/// This instance's mail worker, when it is configured to run one.
fn mail_worker(state: &AppState, now: i64) -> Option<HealthProblem> {
    if !state.config.mail_worker {
        return None;
    }
    let worker = &state.mail_worker;
    let message = if !worker.running() {
        "the mail worker is not running".to_owned()
    } else {
        let poll_ms = i64::try_from(state.config.mail_poll_secs.max(1)).unwrap_or(i64::MAX / 2).saturating_mul(1000);
        let silent_ms = now - worker.last_round();
        if silent_ms <= poll_ms.saturating_add(WORKER_STALLED_MS) {
            return None;
        }
        format!("the mail worker has not finished a round for {} minutes", silent_ms / 60_000)
    };
    Some(HealthProblem { check: HealthCheck::MailWorker, message })
}

/// The disk of the data directory (or of its nearest existing parent), when it is nearly full.
fn disk(data_dir: &Path) -> Option<HealthProblem> {
    let (available, total) = disk_space(data_dir)?;
    disk_nearly_full(available, total).then(|| HealthProblem {
        check: HealthCheck::Disk,
        message: format!(
            "the disk of the data directory is nearly full: {} MiB free of {} MiB",
            available / (1024 * 1024),
            total / (1024 * 1024)
        ),
    })
}

/// Whether `available` bytes free of `total` is nearly full: below [`DISK_MIN_FREE_PERCENT`] of the disk or
/// below [`DISK_MIN_FREE_BYTES`].
pub fn disk_nearly_full(available: u64, total: u64) -> bool {
    available < DISK_MIN_FREE_BYTES || available.saturating_mul(100) < total.saturating_mul(DISK_MIN_FREE_PERCENT)
}

/// Bytes available to the server and the disk's size, for the file system holding `path`.
#[cfg(unix)]
fn disk_space(path: &Path) -> Option<(u64, u64)> {
    let existing = path.ancestors().find(|p| p.exists())?;
    let stats = rustix::fs::statvfs(existing).ok()?;
    Some((stats.f_bavail.saturating_mul(stats.f_frsize), stats.f_blocks.saturating_mul(stats.f_frsize)))
}

#[cfg(not(unix))]
fn disk_space(_path: &Path) -> Option<(u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disk_is_nearly_full_below_five_percent_or_256_mib_free() {
        const GIB: u64 = 1024 * 1024 * 1024;
        assert!(!disk_nearly_full(69 * GIB, 252 * GIB));
        assert!(disk_nearly_full(12 * GIB, 252 * GIB), "under 5 %");
        assert!(!disk_nearly_full(13 * GIB, 252 * GIB));
        assert!(disk_nearly_full(200 * 1024 * 1024, 2 * GIB), "under 256 MiB");
        assert!(disk_nearly_full(0, 0));
    }

    #[test]
    fn the_disk_of_an_existing_directory_has_a_size() {
        let here = std::env::temp_dir().join("legeting-not-created-yet").join("data");
        let (available, total) = disk_space(&here).expect("the temporary directory's disk");
        assert!(total > 0 && available <= total);
    }
}
