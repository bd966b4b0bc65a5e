//! Rate limits, kept in the database so that every instance counts the same requests.
//!
//! Passwords: five failed attempts for one account, or thirty from one client address, within fifteen minutes
//! lock further attempts until the oldest failure ages out. A successful sign-in clears the account's failures.
//!
//! Everything else where guessing or flooding is possible has a [`Limit`]: requests for sign-in links and
//! password resets per e-mail address and per client address (so nobody can flood a person's mailbox or our
//! mail server), and failed check-ins per person (so nobody can guess a meeting's code). Client addresses come
//! from [`super::client_address`], which knows about trusted proxies.

use sqlx::AnyPool;

use crate::db::{new_id, now_ms};

const WINDOW_MS: i64 = 15 * 60 * 1000;
const PER_ACCOUNT: i64 = 5;
const PER_ADDRESS: i64 = 30;

fn account(email: &str) -> String {
    format!("account:{email}")
}

fn address(ip: &str) -> String {
    format!("address:{ip}")
}

/// A limit: at most `max` hits for one key within `window_ms`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Names the limit in the stored subject (`<name>:<key>`).
    pub name: &'static str,
    pub max: i64,
    pub window_ms: i64,
}

const MINUTE_MS: i64 = 60 * 1000;

/// Sign-in link and password-reset requests for one e-mail address (known or not, so the limit tells nothing).
pub const LINK_REQUESTS_PER_EMAIL: Limit = Limit { name: "link_email", max: 5, window_ms: 60 * MINUTE_MS };
/// Sign-in link and password-reset requests from one client address (an office behind one router included).
pub const LINK_REQUESTS_PER_ADDRESS: Limit = Limit { name: "link_address", max: 30, window_ms: 60 * MINUTE_MS };
/// Failed check-ins by one person. A wrong code names no meeting, so the person is the key; with eight-digit
/// codes this makes guessing hopeless (see `attendance::CHECK_IN_CODE_DIGITS`).
pub const CHECK_IN_FAILURES_PER_PERSON: Limit = Limit { name: "check_in", max: 10, window_ms: 15 * MINUTE_MS };

/// Hits older than this are deleted; no limit has a longer window.
const LONGEST_WINDOW_MS: i64 = 24 * 60 * MINUTE_MS;

impl Limit {
    fn subject(&self, key: &str) -> String {
        format!("{}:{key}", self.name)
    }

    /// If `key` has used up the limit, the number of minutes (at least one) until the oldest hit ages out.
    pub async fn exhausted_for_minutes(&self, pool: &AnyPool, key: &str) -> Result<Option<i64>, sqlx::Error> {
        let now = now_ms();
        let (count, oldest): (i64, Option<i64>) =
            sqlx::query_as("SELECT COUNT(*), MIN(at) FROM rate_limit_hits WHERE subject = $1 AND at > $2")
                .bind(self.subject(key))
                .bind(now - self.window_ms)
                .fetch_one(pool)
                .await?;
        if count < self.max {
            return Ok(None);
        }
        let wait_ms = (oldest.unwrap_or(now) + self.window_ms - now).max(1);
        Ok(Some((wait_ms + MINUTE_MS - 1) / MINUTE_MS))
    }

    /// Count one hit against `key` (and forget hits no limit looks at any more).
    pub async fn hit(&self, pool: &AnyPool, key: &str) -> Result<(), sqlx::Error> {
        let now = now_ms();
        sqlx::query("INSERT INTO rate_limit_hits (id, subject, at) VALUES ($1, $2, $3)")
            .bind(new_id())
            .bind(self.subject(key))
            .bind(now)
            .execute(pool)
            .await?;
        sqlx::query("DELETE FROM rate_limit_hits WHERE at < $1").bind(now - LONGEST_WINDOW_MS).execute(pool).await?;
        Ok(())
    }
}

/// If attempts are locked, the number of minutes until they open again.
pub async fn locked_for_minutes(pool: &AnyPool, email: &str, ip: &str) -> Result<Option<i64>, sqlx::Error> {
    let since = now_ms() - WINDOW_MS;
    let mut wait_ms = 0;
    for (subject, limit) in [(account(email), PER_ACCOUNT), (address(ip), PER_ADDRESS)] {
        let (count, oldest): (i64, Option<i64>) =
            sqlx::query_as("SELECT COUNT(*), MIN(at) FROM login_failures WHERE subject = $1 AND at > $2")
                .bind(&subject)
                .bind(since)
                .fetch_one(pool)
                .await?;
        if count >= limit {
            wait_ms = wait_ms.max(oldest.unwrap_or(since) + WINDOW_MS - now_ms());
        }
    }
    Ok((wait_ms > 0).then(|| (wait_ms + 59_999) / 60_000))
}

/// Count a failed attempt against the account and the address.
pub async fn record_failure(pool: &AnyPool, email: &str, ip: &str) -> Result<(), sqlx::Error> {
    let now = now_ms();
    for subject in [account(email), address(ip)] {
        sqlx::query("INSERT INTO login_failures (id, subject, at) VALUES ($1, $2, $3)")
            .bind(new_id())
            .bind(subject)
            .bind(now)
            .execute(pool)
            .await?;
    }
    sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(now - WINDOW_MS).execute(pool).await?;
    Ok(())
}

/// Forget an account's failures after it signed in.
pub async fn clear(pool: &AnyPool, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE subject = $1").bind(account(email)).execute(pool).await?;
    Ok(())
}
