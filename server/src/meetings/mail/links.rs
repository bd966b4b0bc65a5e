//! One-click answers in meeting mail (`/svar?token=…`): one person, one meeting, one answer, usable without
//! signing in. They expire when the meeting starts and stop working when it moves (the start they were made
//! for is in the token). `GET` only says what the link would do, because mail scanners open links; `POST`
//! records the answer.
//!
//! Tokens are JWTs (HS256) signed with the e-mail link key in [`crate::auth::Keys`], with their own audience, so
//! no other link token works here (unsubscribe links are `crate::outbox::links`). Nothing about them is stored.

use axum::extract::State;
use legeting_shared::api::mail as api;
use legeting_shared::mail::RsvpLink;
use legeting_shared::meetings::{MeetingStatus, Rsvp, RsvpAnswer};
use serde::{Deserialize, Serialize};

use crate::db::now_ms;
use crate::endpoint::{JsonOf, PathOf};
use crate::error::FieldError;
use crate::error::{AppError, Json};
use crate::state::AppState;
use crate::time::to_local;

const RSVP_AUDIENCE: &str = "legeting:rsvp";

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
