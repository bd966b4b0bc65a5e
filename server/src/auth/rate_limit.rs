//! Login rate limits, kept in the database so that every instance counts the same failures.
//!
//! Five failed attempts for one account, or thirty from one address, within fifteen minutes lock further
//! attempts until the oldest failure ages out. A successful sign-in clears the account's failures.

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
