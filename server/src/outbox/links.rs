//! Unsubscribe links in notification mail, usable without signing in (`List-Unsubscribe`, RFC 8058, and
//! `/avmelding?token=…`): one person, one kind of notification mail. `GET` says what it is about; `POST` turns
//! it off (no CSRF header: mail programs post it, and the token is the credential).
//!
//! Tokens are JWTs (HS256) signed with the e-mail link key in [`crate::keys::Keys`], each with its own audience,
//! so no token works for another purpose (one-click answers are `crate::meetings::mail::links`). Nothing about
//! them is stored.

use axum::extract::State;
use legeting_shared::api::mail as api;
use legeting_shared::mail::{MailCategory, Unsubscribe};
use serde::{Deserialize, Serialize};

use crate::db::now_ms;
use crate::endpoint::PathOf;
use crate::error::{AppError, Json};
use crate::state::AppState;

const UNSUBSCRIBE_AUDIENCE: &str = "legeting:unsubscribe";
/// Unsubscribe links work for a year (mail is kept that long at most, in practice).
const UNSUBSCRIBE_LIFETIME_MS: i64 = 365 * 86_400_000;

#[derive(Debug, Serialize, Deserialize)]
struct UnsubscribeClaims {
    aud: String,
    sub: String,
    cat: String,
    exp: i64,
}

/// The token of an unsubscribe link.
pub fn unsubscribe_token(state: &AppState, person_id: &str, category: MailCategory) -> anyhow::Result<String> {
    let claims = UnsubscribeClaims {
        aud: UNSUBSCRIBE_AUDIENCE.into(),
        sub: person_id.into(),
        cat: category.as_str().into(),
        exp: (now_ms() + UNSUBSCRIBE_LIFETIME_MS) / 1000,
    };
    Ok(state.keys.sign_link(&claims)?)
}

/// The one-click URL for `List-Unsubscribe` (`{base}/api/unsubscribe/{token}`) and the page for people
/// (`{base}/avmelding?token=…`).
pub fn unsubscribe_urls(state: &AppState, person_id: &str, category: MailCategory) -> anyhow::Result<(String, String)> {
    let token = unsubscribe_token(state, person_id, category)?;
    let base = state.config.effective_base_url();
    Ok((format!("{base}/api/unsubscribe/{token}"), format!("{base}/avmelding?token={token}")))
}

async fn load_unsubscribe(state: &AppState, token: &str) -> Result<(String, MailCategory, Unsubscribe), AppError> {
    let claims: UnsubscribeClaims =
        state.keys.verify_link(token, UNSUBSCRIBE_AUDIENCE).map_err(|_| AppError::NotFound)?;
    let category = MailCategory::parse(&claims.cat).ok_or(AppError::NotFound)?;
    let email: Option<String> = sqlx::query_scalar("SELECT email FROM people WHERE id = $1")
        .bind(&claims.sub)
        .fetch_optional(state.database.pool())
        .await?;
    let email = email.ok_or(AppError::NotFound)?;
    let preferences = super::preferences::load(state.database.pool(), &claims.sub).await?;
    let info = Unsubscribe { category, email, subscribed: preferences.wants(category) };
    Ok((claims.sub, category, info))
}

/// What an unsubscribe link is about. Changes nothing.
pub async fn unsubscribe_info(
    State(state): State<AppState>,
    PathOf(token): PathOf<api::UnsubscribeInfo>,
) -> Result<Json<Unsubscribe>, AppError> {
    Ok(Json(load_unsubscribe(&state, &token).await?.2))
}

/// One-click unsubscribe (RFC 8058): stop this kind of notification mail. Mail programs post
/// `List-Unsubscribe=One-Click`; any body is accepted, and no CSRF header is needed (the token is the
/// credential). Transactional mail (sign-in links, notices) is not affected.
pub async fn unsubscribe(
    State(state): State<AppState>,
    PathOf(token): PathOf<api::UnsubscribeByLink>,
) -> Result<Json<Unsubscribe>, AppError> {
    let (person_id, category, mut info) = load_unsubscribe(&state, &token).await?;
    let preferences = super::preferences::load(state.database.pool(), &person_id).await?;
    super::preferences::store(state.database.pool(), &person_id, &preferences.with(category, false)).await?;
    info.subscribed = false;
    Ok(Json(info))
}
