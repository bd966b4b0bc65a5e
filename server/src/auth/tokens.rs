//! One-time tokens for e-mail links (sign-in links, invitations, password resets, first-run setup).
//!
//! The token is 32 random bytes, sent once in the link; only its SHA-256 hash is stored, so a copy of the
//! database cannot be used to sign in. Redeeming marks it used in the same statement that checks it, so a
//! token works once even when two requests race.

use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::AnyPool;

use crate::db::now_ms;

/// What a token may be used for, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    MagicLink,
    PasswordReset,
    Invitation,
    Setup,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::MagicLink => "magic_link",
            Purpose::PasswordReset => "password_reset",
            Purpose::Invitation => "invitation",
            Purpose::Setup => "setup",
        }
    }

    fn parse(value: &str) -> Option<Purpose> {
        [Purpose::MagicLink, Purpose::PasswordReset, Purpose::Invitation, Purpose::Setup]
            .into_iter()
            .find(|p| p.as_str() == value)
    }

    /// How long a link of this kind stays valid.
    pub fn lifetime_ms(self) -> i64 {
        const MINUTE: i64 = 60_000;
        match self {
            Purpose::MagicLink => 30 * MINUTE,
            Purpose::PasswordReset => 60 * MINUTE,
            Purpose::Invitation => 14 * 24 * 60 * MINUTE,
            Purpose::Setup => 7 * 24 * 60 * MINUTE,
        }
    }
}

/// The stored form of a secret token: its SHA-256, hex. Also used for calendar feed tokens.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Make every unused link of a person unusable (their e-mail address changed: links sent to the old address
/// must not sign anyone in). Runs in the caller's transaction.
pub async fn revoke_all_of(conn: &mut sqlx::AnyConnection, person_id: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("UPDATE login_tokens SET used_at = $1 WHERE person_id = $2 AND used_at IS NULL")
        .bind(crate::db::now_ms())
        .bind(person_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Make a token for `person_id` (None only for setup), store its hash, and return the token itself.
pub async fn issue(pool: &AnyPool, person_id: Option<&str>, purpose: Purpose) -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let now = now_ms();
    sqlx::query(
        "INSERT INTO login_tokens (token_hash, person_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash_token(&token))
    .bind(person_id)
    .bind(purpose.as_str())
    .bind(now)
    .bind(now + purpose.lifetime_ms())
    .execute(pool)
    .await?;
    Ok(token)
}

/// A redeemed token: who it was for and what it was for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redeemed {
    pub person_id: Option<String>,
    pub purpose: Purpose,
}

/// Use a token once. `None` when it is unknown, used, expired, or not one of `allowed`.
pub async fn redeem(pool: &AnyPool, token: &str, allowed: &[Purpose]) -> Result<Option<Redeemed>, sqlx::Error> {
    let token_hash = hash_token(token.trim());
    let now = now_ms();
    let row: Option<(Option<String>, String)> = sqlx::query_as(
        "SELECT person_id, purpose FROM login_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(&token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some((person_id, purpose)) = row else { return Ok(None) };
    let Some(purpose) = Purpose::parse(&purpose).filter(|p| allowed.contains(p)) else { return Ok(None) };
    let claimed = sqlx::query("UPDATE login_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(now)
        .bind(&token_hash)
        .execute(pool)
        .await?;
    if claimed.rows_affected() != 1 {
        return Ok(None);
    }
    Ok(Some(Redeemed { person_id, purpose }))
}

/// Use a setup token inside the transaction that sets the installation up. `false` when it is unknown, used or
/// expired. The update is the check, so of two transactions with the same token only one gets it.
pub async fn redeem_setup(tx: &mut sqlx::Transaction<'_, sqlx::Any>, token: &str) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let claimed = sqlx::query(
        "UPDATE login_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND purpose = 'setup' AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(hash_token(token.trim()))
    .execute(&mut **tx)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// Mark the installation as set up, inside the setup's transaction: `false` when it already was. A second
/// setup with another token waits for the first transaction on this row and then finds it.
pub async fn mark_installation_set_up(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    crate::db::mark_once(tx, "installation_set_up", &now.to_string(), now).await
}

/// Whether a setup token could still be redeemed (without using it).
pub async fn setup_token_is_valid(pool: &AnyPool, token: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT purpose FROM login_tokens WHERE token_hash = $1 AND purpose = 'setup' AND used_at IS NULL AND expires_at > $2",
    )
    .bind(hash_token(token.trim()))
    .bind(now_ms())
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}
