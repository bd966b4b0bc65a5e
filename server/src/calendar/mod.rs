//! Calendar files (RFC 5545, through the `icalendar` crate): one `.ics` per meeting, and a personal feed URL
//! per person with a secret token they can regenerate or revoke.
//!
//! Every meeting keeps one UID for its whole life and raises SEQUENCE on every change, so a calendar that
//! imported it updates the same event when the meeting moves, and removes it on STATUS:CANCELLED. Times
//! are written in UTC. The e-mail notices attach the same calendar (with METHOD:REQUEST/CANCEL).
//!
//! Who is named as ATTENDEE is personal data about the others invited, so it follows [`Attendees`]: an e-mail
//! and a personal feed name only their recipient; the per-meeting download lists everyone only for organisers.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{TimeZone, Utc};
use icalendar::{Calendar, Component, EventLike, EventStatus, Property};
use legeting_shared::api::calendar as api;
use legeting_shared::meetings::{CalendarFeed, MeetingStatus, RsvpAnswer};
use rand::RngCore;
use sqlx::AnyPool;

use crate::auth::AuthUser;
use crate::auth::tokens::hash_token;
use crate::db::now_ms;
use crate::endpoint::{PathOf, Routes};
use crate::error::{AppError, Json};
use crate::meetings::access;
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

/// How a calendar is meant to be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A file to import or a feed to subscribe to.
    Publish,
    /// An invitation sent by e-mail.
    Request,
    /// A cancellation sent by e-mail.
    Cancel,
}

/// One meeting as an event.
pub struct EventData {
    pub meeting_id: String,
    pub title: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub video_url: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: MeetingStatus,
    pub sequence: i64,
    pub organizer: (String, String),
    /// (name, e-mail, answer)
    pub attendees: Vec<(String, String, Option<RsvpAnswer>)>,
    pub url: String,
}

/// The stable UID of a meeting's event.
pub fn uid(meeting_id: &str) -> String {
    format!("{meeting_id}@legeting")
}

/// Build a calendar with the given events.
pub fn calendar(method: Method, events: &[EventData]) -> String {
    let mut calendar = Calendar::new();
    calendar.name("Legeting");
    calendar.append_property(Property::new(
        "METHOD",
        match method {
            Method::Publish => "PUBLISH",
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        },
    ));
    for data in events {
        let start = Utc.timestamp_millis_opt(data.starts_at).single().unwrap_or_default();
        let end = Utc.timestamp_millis_opt(data.ends_at).single().unwrap_or_default();
        let mut event = icalendar::Event::new();
        event
            .uid(&uid(&data.meeting_id))
            .sequence(u32::try_from(data.sequence).unwrap_or(0))
            .summary(&data.title)
            .starts(start)
            .ends(end)
            .timestamp(Utc::now())
            .url(&data.url)
            .status(match data.status {
                MeetingStatus::Cancelled => EventStatus::Cancelled,
                MeetingStatus::Draft => EventStatus::Tentative,
                _ => EventStatus::Confirmed,
            });
        let mut description = data.description.clone().unwrap_or_default();
        if let Some(video) = &data.video_url {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&format!("Video: {video}"));
        }
        if !description.is_empty() {
            event.description(&description);
        }
        match (&data.location, &data.video_url) {
            (Some(location), _) => {
                event.location(location);
            }
            (None, Some(video)) => {
                event.location(video);
            }
            (None, None) => {}
        }
        let mut organizer = Property::new("ORGANIZER", format!("mailto:{}", data.organizer.1));
        organizer.add_parameter("CN", &data.organizer.0);
        event.append_property(organizer);
        for (name, email, answer) in &data.attendees {
            let mut attendee = Property::new("ATTENDEE", format!("mailto:{email}"));
            attendee.add_parameter("CN", name);
            attendee.add_parameter("ROLE", "REQ-PARTICIPANT");
            // Answers are given through Legeting's links, not by iTIP REPLY to the organiser's address.
            attendee.add_parameter("RSVP", "FALSE");
            attendee.add_parameter(
                "PARTSTAT",
                match answer {
                    Some(RsvpAnswer::InPerson | RsvpAnswer::Remote) => "ACCEPTED",
                    Some(RsvpAnswer::Absent) => "DECLINED",
                    None => "NEEDS-ACTION",
                },
            );
            event.append_multi_property(attendee);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

/// Which invitees a calendar names as ATTENDEE.
#[derive(Debug, Clone, Copy)]
pub enum Attendees<'a> {
    /// Everyone invited, with their answers: only for the meeting's organisers.
    All,
    /// This person alone, if invited: what every invitee's own calendar shows.
    Only(&'a str),
}

/// The event data of a meeting, for a calendar file or an e-mail, naming the attendees `attendees` allows.
pub async fn event_data(
    state: &AppState,
    meeting_id: &str,
    attendees: Attendees<'_>,
) -> Result<Option<EventData>, sqlx::Error> {
    let pool = state.database.pool();
    let row: Option<(String, Option<String>, Option<String>, Option<String>, i64, i64, String, i64, String)> = sqlx::query_as(
        "SELECT m.title, m.description, m.location, m.video_url, m.starts_at, m.ends_at, m.status, m.sequence, mu.name \
         FROM meetings m JOIN municipalities mu ON mu.id = m.municipality_id WHERE m.id = $1",
    )
    .bind(meeting_id)
    .fetch_optional(pool)
    .await?;
    let Some((title, description, location, video_url, starts_at, ends_at, status, sequence, municipality)) = row
    else {
        return Ok(None);
    };
    const ANSWERS: &str = "SELECT p.name, p.email, r.answer FROM meeting_invitees i JOIN people p ON p.id = i.person_id \
         LEFT JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id WHERE i.meeting_id = $1";
    let answers: Vec<(String, String, Option<String>)> = match attendees {
        Attendees::All => {
            sqlx::query_as(&format!("{ANSWERS} ORDER BY p.name")).bind(meeting_id).fetch_all(pool).await?
        }
        Attendees::Only(person_id) => {
            sqlx::query_as(&format!("{ANSWERS} AND i.person_id = $2"))
                .bind(meeting_id)
                .bind(person_id)
                .fetch_all(pool)
                .await?
        }
    };
    let sender = state
        .config
        .mail_from
        .rsplit_once('<')
        .map_or(state.config.mail_from.as_str(), |(_, a)| a.trim_end_matches('>'));
    Ok(Some(EventData {
        meeting_id: meeting_id.to_owned(),
        title,
        description,
        location,
        video_url,
        starts_at,
        ends_at,
        status: MeetingStatus::parse(&status).unwrap_or(MeetingStatus::Draft),
        sequence,
        organizer: (municipality, sender.trim().to_owned()),
        attendees: answers
            .into_iter()
            .map(|(name, email, answer)| (name, email, answer.as_deref().and_then(RsvpAnswer::parse)))
            .collect(),
        url: format!("{}/moter/{meeting_id}", state.config.effective_base_url()),
    }))
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
