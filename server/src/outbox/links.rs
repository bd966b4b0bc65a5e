//! Signed links in e-mails, usable without signing in:
//!
//! - **one-click answers** (`/svar?token=…`): one person, one meeting, one answer; they expire when the meeting
//!   starts and stop working when it moves (the start they were made for is in the token). `GET` only says what
//!   the link would do, because mail scanners open links; `POST` records the answer.
//! - **unsubscribe** (`List-Unsubscribe`, RFC 8058, and `/avmelding?token=…`): one person, one kind of
//!   notification mail. `GET` says what it is about; `POST` turns it off (no CSRF header: mail programs post
//!   it, and the token is the credential).
//!
//! Tokens are JWTs (HS256) signed with the e-mail link key in [`crate::keys::Keys`], each with its own audience,
//! so no token works for another purpose. Nothing about them is stored.

use axum::extract::State;
use legeting_shared::api::mail as api;
use legeting_shared::mail::{MailCategory, RsvpLink, Unsubscribe};
use legeting_shared::meetings::{MeetingStatus, Rsvp, RsvpAnswer};
use serde::{Deserialize, Serialize};

use crate::db::now_ms;
use crate::endpoint::{JsonOf, PathOf};
use crate::error::FieldError;
use crate::error::{AppError, Json};
use crate::state::AppState;
use crate::time::to_local;

const RSVP_AUDIENCE: &str = "legeting:rsvp";
const UNSUBSCRIBE_AUDIENCE: &str = "legeting:unsubscribe";
/// Unsubscribe links work for a year (mail is kept that long at most, in practice).
const UNSUBSCRIBE_LIFETIME_MS: i64 = 365 * 86_400_000;

#[derive(Debug, Serialize, Deserialize)]
struct RsvpClaims {
    aud: String,
    /// The person.
    sub: String,
    /// The meeting.
    mtg: String,
    /// The answer.
    ans: String,
    /// The meeting's start when the link was made: a moved meeting needs the links of the newer mail.
    st: i64,
    /// Expiry (unix seconds): the start of the meeting.
    exp: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct UnsubscribeClaims {
    aud: String,
    sub: String,
    cat: String,
    exp: i64,
}

/// The token of a one-click answer link.
pub fn rsvp_token(
    state: &AppState,
    person_id: &str,
    meeting_id: &str,
    starts_at: i64,
    answer: RsvpAnswer,
) -> anyhow::Result<String> {
    let claims = RsvpClaims {
        aud: RSVP_AUDIENCE.into(),
        sub: person_id.into(),
        mtg: meeting_id.into(),
        ans: answer.as_str().into(),
        st: starts_at,
        exp: starts_at.div_euclid(1000),
    };
    Ok(state.keys.sign_link(&claims)?)
}

/// `{base}/svar?token=…`
pub fn rsvp_url(
    state: &AppState,
    person_id: &str,
    meeting_id: &str,
    starts_at: i64,
    answer: RsvpAnswer,
) -> anyhow::Result<String> {
    let token = rsvp_token(state, person_id, meeting_id, starts_at, answer)?;
    Ok(format!("{}/svar?token={token}", state.config.effective_base_url()))
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

struct Answerable {
    claims: RsvpClaims,
    answer: RsvpAnswer,
    link: RsvpLink,
}

async fn load_rsvp_link(state: &AppState, token: &str) -> Result<Answerable, AppError> {
    let claims: RsvpClaims = state.keys.verify_link(token, RSVP_AUDIENCE).map_err(|_| AppError::NotFound)?;
    let answer = RsvpAnswer::parse(&claims.ans).ok_or(AppError::NotFound)?;
    let pool = state.database.pool();
    let row: Option<(String, String, i64, i64, Option<String>, Option<String>, String)> = sqlx::query_as(
        "SELECT m.id, m.title, m.starts_at, m.ends_at, m.location, m.video_url, m.status FROM meetings m \
         JOIN meeting_invitees i ON i.meeting_id = m.id AND i.person_id = $2 WHERE m.id = $1",
    )
    .bind(&claims.mtg)
    .bind(&claims.sub)
    .fetch_optional(pool)
    .await?;
    // Not (or no longer) invited: the link leads nowhere.
    let (meeting_id, meeting_title, starts_at, ends_at, location, video_url, status) = row.ok_or(AppError::NotFound)?;
    let person: Option<(String, i64)> =
        sqlx::query_as("SELECT name, active FROM people WHERE id = $1").bind(&claims.sub).fetch_optional(pool).await?;
    let person_name = match person {
        Some((name, 1)) => name,
        _ => return Err(AppError::NotFound),
    };
    let current: Option<(String, Option<String>, i64)> =
        sqlx::query_as("SELECT answer, reason, answered_at FROM rsvps WHERE meeting_id = $1 AND person_id = $2")
            .bind(&meeting_id)
            .bind(&claims.sub)
            .fetch_optional(pool)
            .await?;
    let status = MeetingStatus::parse(&status).unwrap_or(MeetingStatus::Draft);
    let open = status == MeetingStatus::NoticeSent && now_ms() < starts_at && claims.st == starts_at;
    let link = RsvpLink {
        meeting_id,
        meeting_title,
        starts_at,
        ends_at,
        starts_local: to_local(starts_at),
        ends_local: to_local(ends_at),
        location,
        video_url,
        person_name,
        answer,
        reason_required: answer == RsvpAnswer::Absent,
        current: current.and_then(|(answer, reason, answered_at)| {
            RsvpAnswer::parse(&answer).map(|answer| Rsvp { answer, reason, answered_at })
        }),
        open,
    };
    Ok(Answerable { claims, answer, link })
}

/// What a one-click answer link from an e-mail would do. Records nothing (mail scanners open links).
pub async fn rsvp_link(
    State(state): State<AppState>,
    PathOf(token): PathOf<api::RsvpLink>,
) -> Result<Json<RsvpLink>, AppError> {
    Ok(Json(load_rsvp_link(&state, &token).await?.link))
}

/// Record the answer of a one-click link (no sign-in; the token is the credential). Notice of absence needs
/// a reason. Until the meeting starts.
pub async fn answer_by_link(
    State(state): State<AppState>,
    PathOf(token): PathOf<api::AnswerByLink>,
    JsonOf(input): JsonOf<api::AnswerByLink>,
) -> Result<Json<RsvpLink>, AppError> {
    let Answerable { claims, answer, mut link } = load_rsvp_link(&state, &token).await?;
    if claims.st != link.starts_at {
        return Err(AppError::Conflict(
            "the meeting has moved since this e-mail was sent: use the links in the newest e-mail".into(),
        ));
    }
    if !link.open {
        return Err(AppError::Conflict("answers can be given until the meeting starts".into()));
    }
    let reason = input.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > 1000) {
        return Err(FieldError::new("reason", "too_long", "at most 1000 characters").into());
    }
    if answer == RsvpAnswer::Absent && reason.is_none() {
        return Err(FieldError::new("reason", "reason_required", "give a reason for your absence").into());
    }
    let rsvp =
        crate::meetings::routes::record_answer(state.database.pool(), &link.meeting_id, &claims.sub, answer, reason)
            .await?;
    link.current = Some(rsvp);
    Ok(Json(link))
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
