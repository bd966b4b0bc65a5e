//! Who may see and organise a meeting. The one place these rules live:
//!
//! - **organise**: municipal administrators and secretaries, and the chair or secretary of the meeting's body;
//! - **view**: organisers, municipal leaders, invitees and members of the body; drafts only organisers; once
//!   public minutes are approved, every member of the municipality;
//! - **papers**: a body's closed case papers only its members and organisers;
//! - everyone else gets "not found".

use legeting_shared::meetings::{BodyRole, MeetingStatus};
use legeting_shared::people::Role;
use sqlx::AnyPool;

use crate::auth::AuthUser;
use crate::bodies;
use crate::error::AppError;

/// The facts about a meeting that access and state changes depend on.
#[derive(Debug, Clone)]
pub struct MeetingRef {
    pub id: String,
    pub municipality_id: String,
    pub body_id: Option<String>,
    pub status: MeetingStatus,
    pub starts_at: i64,
    pub ends_at: i64,
    pub proposal_deadline: Option<i64>,
    pub minutes_public: bool,
    pub title: String,
}

/// What the caller may do with one meeting.
#[derive(Debug, Clone, Copy)]
pub struct Access {
    pub view: bool,
    pub organise: bool,
    pub invited: bool,
    pub body_role: Option<BodyRole>,
    pub papers: bool,
}

type RefRow = (String, String, Option<String>, String, i64, i64, Option<i64>, i64, String);

/// Load a meeting's facts.
pub async fn meeting_ref(pool: &AnyPool, meeting_id: &str) -> Result<Option<MeetingRef>, sqlx::Error> {
    let row: Option<RefRow> = sqlx::query_as(
        "SELECT id, municipality_id, body_id, status, starts_at, ends_at, proposal_deadline, minutes_public, title \
         FROM meetings WHERE id = $1",
    )
    .bind(meeting_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id, municipality_id, body_id, status, starts_at, ends_at, proposal_deadline, public, title)| {
        MeetingRef {
            id,
            municipality_id,
            body_id,
            status: MeetingStatus::parse(&status).unwrap_or(MeetingStatus::Draft),
            starts_at,
            ends_at,
            proposal_deadline,
            minutes_public: public == 1,
            title,
        }
    }))
}

/// Work out the caller's access to a meeting.
pub async fn access(pool: &AnyPool, user: &AuthUser, meeting: &MeetingRef) -> Result<Access, sqlx::Error> {
    let (body_role, closed_papers) = match &meeting.body_id {
        Some(body_id) => {
            let role = bodies::role_in(pool, body_id, &user.person_id).await?;
            let closed = bodies::body_facts(pool, body_id).await?.is_some_and(|(_, closed)| closed);
            (role, closed)
        }
        None => (None, false),
    };
    let invited: Option<String> =
        sqlx::query_scalar("SELECT person_id FROM meeting_invitees WHERE meeting_id = $1 AND person_id = $2")
            .bind(&meeting.id)
            .bind(&user.person_id)
            .fetch_optional(pool)
            .await?;
    Ok(decide(user, meeting, body_role, invited.is_some(), closed_papers))
}

/// The rules, given the facts (pure, so that list endpoints can use it with facts loaded in bulk).
pub fn decide(
    user: &AuthUser,
    meeting: &MeetingRef,
    body_role: Option<BodyRole>,
    invited: bool,
    closed_papers: bool,
) -> Access {
    let municipal_roles = user.roles_in(&meeting.municipality_id);
    let organise = bodies::organises(user, &meeting.municipality_id, body_role);
    let published = meeting.status != MeetingStatus::Draft;
    let public_minutes = meeting.minutes_public
        && meeting.status == MeetingStatus::MinutesApproved
        && (user.installation_admin || !municipal_roles.is_empty());
    let view = organise
        || (published && (municipal_roles.contains(&Role::Leader) || invited || body_role.is_some()))
        || public_minutes;
    let papers = view && (organise || body_role.is_some() || !closed_papers);
    Access { view, organise, invited, body_role, papers }
}

/// Load a meeting the caller may see, with their access; "not found" otherwise.
pub async fn viewable(pool: &AnyPool, user: &AuthUser, meeting_id: &str) -> Result<(MeetingRef, Access), AppError> {
    let meeting = meeting_ref(pool, meeting_id).await?.ok_or(AppError::NotFound)?;
    let access = access(pool, user, &meeting).await?;
    if !access.view {
        return Err(AppError::NotFound);
    }
    Ok((meeting, access))
}

/// Load a meeting the caller organises; "not found" if they cannot see it, "forbidden" if they only see it.
pub async fn organised(pool: &AnyPool, user: &AuthUser, meeting_id: &str) -> Result<(MeetingRef, Access), AppError> {
    let (meeting, access) = viewable(pool, user, meeting_id).await?;
    if !access.organise {
        return Err(AppError::Forbidden);
    }
    Ok((meeting, access))
}
