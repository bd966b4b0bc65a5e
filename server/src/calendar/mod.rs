//! Calendar files (RFC 5545): one `.ics` per meeting, and a personal feed URL per person with a secret token
//! they can regenerate or revoke. A meeting as an event (its data, UID, SEQUENCE and the calendar text) is
//! `crate::meetings::ics`, which the e-mail notices attach too (with METHOD:REQUEST/CANCEL).
//!
//! Who is named as ATTENDEE is personal data about the others invited, so it follows [`Attendees`]: an e-mail
//! and a personal feed name only their recipient; the per-meeting download lists everyone only for organisers.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use legeting_shared::api::calendar as api;
use legeting_shared::meetings::CalendarFeed;
use rand::RngCore;
use sqlx::AnyPool;

use crate::auth::AuthUser;
use crate::auth::tokens::hash_token;
use crate::db::now_ms;
use crate::endpoint::{PathOf, Routes};
use crate::error::{AppError, Json};
use crate::meetings::access;
use crate::meetings::ics::{Attendees, Method, calendar, event_data};
use crate::meetings::store::{self, MEETING_COLUMNS, MEETING_FROM, Relations};
use crate::state::AppState;

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new()
        .endpoint(api::MeetingIcs, meeting_ics)
        .endpoint(api::CreateFeed, create_feed)
        .endpoint(api::RevokeFeed, revoke_feed)
        .endpoint(api::Feed, feed)
}

fn ics_response(body: String, file_name: &str) -> Response {
    crate::download::download(body, "text/calendar; charset=utf-8", file_name)
}

/// A meeting as an `.ics` file, for anyone who may see the meeting. Organisers get every invitee as an
/// attendee; everyone else only themselves (if invited).
async fn meeting_ics(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::MeetingIcs>,
) -> Result<Response, AppError> {
    let (_, access) = access::viewable(state.database.pool(), &user, &id).await?;
    let attendees = if access.organise { Attendees::All } else { Attendees::Only(&user.person_id) };
    let data = event_data(&state, &id, attendees).await?.ok_or(AppError::NotFound)?;
    Ok(ics_response(calendar(Method::Publish, &[data]), "legeting-mote.ics"))
}

/// Make (or remake) my personal calendar feed. The URL is shown once; making a new one stops the old.
async fn create_feed(State(state): State<AppState>, user: AuthUser) -> Result<Json<CalendarFeed>, AppError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    sqlx::query(
        "INSERT INTO calendar_feeds (person_id, token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (person_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(&user.person_id)
    .bind(hash_token(&token))
    .bind(now_ms())
    .execute(state.database.pool())
    .await?;
    Ok(Json(CalendarFeed { url: format!("{}/api/calendar/feed/{token}", state.config.effective_base_url()) }))
}

/// Stop my personal calendar feed.
async fn revoke_feed(State(state): State<AppState>, user: AuthUser) -> Result<StatusCode, AppError> {
    sqlx::query("DELETE FROM calendar_feeds WHERE person_id = $1")
        .bind(&user.person_id)
        .execute(state.database.pool())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn feed_owner(pool: &AnyPool, token: &str) -> Result<Option<AuthUser>, sqlx::Error> {
    let token = token.trim_end_matches(".ics");
    let person: Option<(String, String)> = sqlx::query_as(
        "SELECT p.id, p.name FROM calendar_feeds f JOIN people p ON p.id = f.person_id WHERE f.token_hash = $1 AND p.active = 1",
    )
    .bind(hash_token(token))
    .fetch_optional(pool)
    .await?;
    let Some((person_id, name)) = person else { return Ok(None) };
    let roles: Vec<(String, String)> =
        sqlx::query_as("SELECT municipality_id, role FROM municipality_roles WHERE person_id = $1")
            .bind(&person_id)
            .fetch_all(pool)
            .await?;
    Ok(Some(AuthUser {
        person_id,
        session_id: String::new(),
        // The feed token is no session; these only matter for changing a password, which a feed cannot do.
        signed_in_with: crate::auth::SignedInWith::Password,
        signed_in_at: 0,
        name,
        installation_admin: false,
        roles: roles
            .into_iter()
            .filter_map(|(m, r)| legeting_shared::people::Role::parse(&r).map(|r| (m, r)))
            .collect(),
    }))
}

/// A personal calendar feed: the person's meetings from 90 days back on. The secret token in the URL is the
/// only credential, so calendar programs can subscribe without signing in.
async fn feed(State(state): State<AppState>, PathOf(token): PathOf<api::Feed>) -> Result<Response, AppError> {
    let pool = state.database.pool();
    let user = feed_owner(pool, &token).await?.ok_or(AppError::NotFound)?;
    let sql = format!(
        "SELECT {MEETING_COLUMNS} {MEETING_FROM} WHERE (m.id IN (SELECT meeting_id FROM meeting_invitees WHERE person_id = $1) \
         OR m.body_id IN (SELECT body_id FROM body_members WHERE person_id = $1)) AND m.status <> 'draft' AND m.ends_at > $2 \
         ORDER BY m.starts_at LIMIT 500"
    );
    let rows = sqlx::query(&sql).bind(&user.person_id).bind(now_ms() - 90 * 86_400_000).fetch_all(pool).await?;
    let relations = Relations::load(pool, &user.person_id).await?;
    let mut events = Vec::new();
    for row in &rows {
        let (meeting, access) = store::meeting_from_row(row, &user, &relations)?;
        if access.view
            && let Some(data) = event_data(&state, &meeting.id, Attendees::Only(&user.person_id)).await?
        {
            events.push(data);
        }
    }
    Ok(ics_response(calendar(Method::Publish, &events), "legeting.ics"))
}
