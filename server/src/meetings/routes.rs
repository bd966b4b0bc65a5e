//! Meetings: create (also as a series), list, show, change, reschedule, send notice, cancel, mark held; RSVP
//! and the organiser's view of the answers.

use axum::extract::State;
use axum::http::StatusCode;
use legeting_shared::api::meetings as api;
use legeting_shared::meetings::{
    HistoryEntry, InviteeAnswer, Invitees, Meeting, MeetingDetail, MeetingInput, MeetingStatus, Rsvp, RsvpAnswer,
};
use legeting_shared::people::Role;
use serde_json::json;
use sqlx::AnyPool;

use super::access::{self, MeetingRef};
use super::mail::Event;
use super::store::{self, MEETING_COLUMNS, MEETING_FROM, RELATION_COLUMNS, RELATION_FROM, Relations};
use super::{agenda, minutes};
use crate::auth::AuthUser;
use crate::bodies;
use crate::db::{flag, new_id, now_ms};
use crate::endpoint::{JsonOf, PathOf, QueryOf};
use crate::error::FieldError;
use crate::error::{AppError, Json};
use crate::people::tenancy;
use crate::state::AppState;
use crate::time::{add_days_local, add_months_local, parse_local};

/// A meeting input, parsed and checked.
struct Parsed {
    title: String,
    description: Option<String>,
    starts_at: i64,
    ends_at: i64,
    location: Option<String>,
    video_url: Option<String>,
    capacity: Option<i64>,
    proposal_deadline: Option<i64>,
    /// `"7,1"`; `None` when the input left it out.
    reminder_days: Option<String>,
}

fn text(value: &Option<String>, max: usize, field: &'static str) -> Result<Option<String>, FieldError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if v.chars().count() <= max => Ok(Some(v.to_owned())),
        Some(_) => Err(FieldError::new(field, "too_long", format!("at most {max} characters"))),
    }
}

fn parse_input(input: &MeetingInput) -> Result<Parsed, FieldError> {
    let title = text(&Some(input.title.clone()), 200, "title")?
        .ok_or_else(|| FieldError::new("title", "required", "a title is required"))?;
    let starts_at = parse_local("starts_local", &input.starts_local)?;
    let ends_at = parse_local("ends_local", &input.ends_local)?;
    if ends_at <= starts_at {
        return Err(FieldError::new("ends_local", "ends_before_start", "the meeting must end after it starts"));
    }
    if ends_at - starts_at > 3 * 86_400_000 {
        return Err(FieldError::new("ends_local", "too_long", "a meeting can last at most three days"));
    }
    let video_url = text(&input.video_url, 500, "video_url")?;
    if let Some(url) = &video_url
        && !url.starts_with("https://")
    {
        return Err(FieldError::new("video_url", "invalid_url", "the video link must start with https://"));
    }
    let proposal_deadline = input
        .proposal_deadline_local
        .as_deref()
        .filter(|v| !v.trim().is_empty())
        .map(|v| parse_local("proposal_deadline_local", v))
        .transpose()?;
    if proposal_deadline.is_some_and(|d| d > starts_at) {
        return Err(FieldError::new(
            "proposal_deadline_local",
            "deadline_after_start",
            "the deadline must be before the meeting",
        ));
    }
    if input.capacity.is_some_and(|c| c < 1) {
        return Err(FieldError::new("capacity", "invalid_number", "capacity must be at least 1"));
    }
    if let Some(days) = &input.reminder_days
        && (days.len() > 5 || days.iter().any(|d| !(1..=60).contains(d)))
    {
        return Err(FieldError::new(
            "reminder_days",
            "invalid_reminder_days",
            "at most five reminders, each 1 to 60 days before the meeting",
        ));
    }
    Ok(Parsed {
        title,
        description: text(&input.description, 20_000, "description")?,
        starts_at,
        ends_at,
        location: text(&input.location, 300, "location")?,
        video_url,
        capacity: input.capacity,
        proposal_deadline,
        reminder_days: input.reminder_days.as_deref().map(super::mail::format_days),
    })
}

/// The people an invitation reaches.
async fn resolve_invitees(
    pool: &AnyPool,
    municipality_id: &str,
    body_id: Option<&str>,
    invitees: &Invitees,
) -> Result<Vec<String>, AppError> {
    let ids: Vec<String> = match invitees {
        Invitees::BodyMembers => {
            let body_id = body_id
                .ok_or_else(|| FieldError::new("invitees", "body_required", "choose a body to invite its members"))?;
            sqlx::query_scalar(
                "SELECT m.person_id FROM body_members m JOIN people p ON p.id = m.person_id WHERE m.body_id = $1 AND p.active = 1",
            )
            .bind(body_id)
            .fetch_all(pool)
            .await?
        }
        Invitees::AllGps => {
            sqlx::query_scalar(
                "SELECT r.person_id FROM municipality_roles r JOIN people p ON p.id = r.person_id \
                 WHERE r.municipality_id = $1 AND r.role = 'gp' AND p.active = 1",
            )
            .bind(municipality_id)
            .fetch_all(pool)
            .await?
        }
        Invitees::Office { office_id } => {
            let owner = crate::people::store::office_municipality(pool, office_id).await?;
            if owner.as_deref() != Some(municipality_id) {
                return Err(FieldError::new("invitees", "unknown_office", "no such office in this municipality").into());
            }
            sqlx::query_scalar("SELECT id FROM people WHERE office_id = $1 AND active = 1")
                .bind(office_id)
                .fetch_all(pool)
                .await?
        }
        Invitees::People { person_ids } => {
            // Only the municipality's own people, and the body's members (a health community's body has
            // members from several municipalities): nobody else can be pulled into a meeting (tenant isolation).
            let mut allowed = tenancy::members_of(pool, municipality_id).await?;
            if let Some(body_id) = body_id {
                let members: Vec<String> = sqlx::query_scalar("SELECT person_id FROM body_members WHERE body_id = $1")
                    .bind(body_id)
                    .fetch_all(pool)
                    .await?;
                allowed.extend(members);
            }
            let mut found = Vec::new();
            for id in person_ids {
                let active: Option<String> = sqlx::query_scalar("SELECT id FROM people WHERE id = $1 AND active = 1")
                    .bind(id)
                    .fetch_optional(pool)
                    .await?;
                match active {
                    Some(id) if allowed.contains(&id) => found.push(id),
                    _ => return Err(FieldError::new("invitees", "unknown_person", "no such person").into()),
                }
            }
            found
        }
    };
    let mut ids = ids;
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Create a meeting (or a series of meetings) as a draft. Organisers of the municipality or of the body.
pub async fn create_meeting(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::CreateMeeting>,
    JsonOf(input): JsonOf<api::CreateMeeting>,
) -> Result<(StatusCode, Json<Vec<Meeting>>), AppError> {
    let pool = state.database.pool();
    user.require_member(&municipality_id)?;
    let body_role = match &input.body_id {
        Some(body_id) => {
            let (owner, _) = bodies::body_facts(pool, body_id)
                .await?
                .ok_or_else(|| FieldError::new("body_id", "unknown_body", "no such body"))?;
            if owner != municipality_id {
                return Err(FieldError::new("body_id", "unknown_body", "no such body in this municipality").into());
            }
            bodies::role_in(pool, body_id, &user.person_id).await?
        }
        None => None,
    };
    if !bodies::organises(&user, &municipality_id, body_role) {
        return Err(AppError::Forbidden);
    }
    let parsed = parse_input(&input)?;
    let invitees = resolve_invitees(pool, &municipality_id, input.body_id.as_deref(), &input.invitees).await?;
    let mut starts = vec![parsed.starts_at];
    let series_id = match &input.recurrence {
        None => None,
        Some(recurrence) => {
            if !(2..=52).contains(&recurrence.count) {
                return Err(FieldError::new("recurrence", "invalid_count", "a series has 2 to 52 meetings").into());
            }
            for n in 1..recurrence.count {
                let next = match (recurrence.every_days, recurrence.every_months) {
                    (Some(days), None) if (1..=365).contains(&days) => add_days_local(parsed.starts_at, days * n),
                    (None, Some(months)) if (1..=12).contains(&months) => {
                        add_months_local(parsed.starts_at, months * n)
                    }
                    _ => None,
                };
                starts.push(next.ok_or_else(|| {
                    FieldError::new(
                        "recurrence",
                        "invalid_recurrence",
                        "give either every_days (1–365) or every_months (1–12)",
                    )
                })?);
            }
            Some(new_id())
        }
    };
    let duration = parsed.ends_at - parsed.starts_at;
    let deadline_offset = parsed.proposal_deadline.map(|d| parsed.starts_at - d);
    let now = now_ms();
    let mut tx = crate::db::begin(pool).await?;
    let mut ids = Vec::new();
    for starts_at in starts {
        let id = new_id();
        sqlx::query(
            "INSERT INTO meetings (id, municipality_id, body_id, kind, title, description, starts_at, ends_at, location, \
             video_url, capacity, proposal_deadline, status, series_id, sequence, minutes_public, created_by, created_at, updated_at, \
             reminder_days) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'draft', $13, 0, $14, $15, $16, $16, $17)",
        )
        .bind(&id)
        .bind(municipality_id.as_str())
        .bind(input.body_id.as_deref())
        .bind(input.kind.as_str())
        .bind(&parsed.title)
        .bind(parsed.description.as_deref())
        .bind(starts_at)
        .bind(starts_at + duration)
        .bind(parsed.location.as_deref())
        .bind(parsed.video_url.as_deref())
        .bind(parsed.capacity)
        .bind(deadline_offset.map(|offset| starts_at - offset))
        .bind(series_id.as_deref())
        .bind(flag(input.minutes_public))
        .bind(&user.person_id)
        .bind(now)
        .bind(parsed.reminder_days.as_deref().unwrap_or("7,1"))
        .execute(&mut *tx)
        .await?;
        for person_id in &invitees {
            sqlx::query("INSERT INTO meeting_invitees (meeting_id, person_id) VALUES ($1, $2)")
                .bind(&id)
                .bind(person_id)
                .execute(&mut *tx)
                .await?;
        }
        store::record_history(&mut *tx, &id, &user.person_id, "created", json!({ "invitees": invitees.len() })).await?;
        ids.push(id);
    }
    tx.commit().await?;
    let mut created = Vec::new();
    for id in ids {
        if let Some((meeting, _)) = store::meeting_for(pool, &user, &id).await? {
            created.push(meeting);
        }
    }
    Ok((StatusCode::CREATED, Json(created)))
}

/// My meetings: those I am invited to or whose body I belong to, across municipalities, upcoming (soonest
/// first) or past (latest first).
pub async fn my_meetings(
    State(state): State<AppState>,
    user: AuthUser,
    QueryOf(query): QueryOf<api::MyMeetings>,
) -> Result<Json<Vec<Meeting>>, AppError> {
    let pool = state.database.pool();
    let past = query.when.as_deref() == Some("past");
    let now = now_ms();
    // One round trip: the caller's relations to each listed meeting come with it (`RELATION_COLUMNS`), rather
    // than every invitation, body role and answer they ever had.
    let sql = format!(
        "SELECT {MEETING_COLUMNS}, {RELATION_COLUMNS} {MEETING_FROM} {RELATION_FROM} \
         WHERE (m.id IN (SELECT meeting_id FROM meeting_invitees WHERE person_id = $1) \
         OR m.body_id IN (SELECT body_id FROM body_members WHERE person_id = $1)) AND m.status <> 'draft' \
         AND (($2 = 1 AND m.ends_at < $3) OR ($2 = 0 AND m.ends_at >= $3)) \
         ORDER BY CASE WHEN $2 = 1 THEN -m.starts_at ELSE m.starts_at END LIMIT 200"
    );
    let rows = sqlx::query(&sql).bind(&user.person_id).bind(i64::from(past)).bind(now).fetch_all(pool).await?;
    let relations = Relations::from_rows(&rows)?;
    let mut meetings = Vec::new();
    for row in &rows {
        let (meeting, access) = store::meeting_from_row(row, &user, &relations)?;
        if access.view {
            meetings.push(meeting);
        }
    }
    Ok(Json(meetings))
}

/// Every meeting of a municipality the caller may see (organisers also see drafts), upcoming or past.
pub async fn municipality_meetings(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::MunicipalityMeetings>,
    QueryOf(query): QueryOf<api::MunicipalityMeetings>,
) -> Result<Json<Vec<Meeting>>, AppError> {
    user.require_member(&municipality_id)?;
    let pool = state.database.pool();
    let past = query.when.as_deref() == Some("past");
    let sql = format!(
        "SELECT {MEETING_COLUMNS} {MEETING_FROM} WHERE m.municipality_id = $1 \
         AND (($2 = 1 AND m.ends_at < $3) OR ($2 = 0 AND m.ends_at >= $3)) \
         ORDER BY CASE WHEN $2 = 1 THEN -m.starts_at ELSE m.starts_at END LIMIT 500"
    );
    let rows =
        sqlx::query(&sql).bind(municipality_id.as_str()).bind(i64::from(past)).bind(now_ms()).fetch_all(pool).await?;
    let relations = Relations::load(pool, &user.person_id).await?;
    let mut meetings = Vec::new();
    for row in &rows {
        let (meeting, access) = store::meeting_from_row(row, &user, &relations)?;
        if access.view {
            meetings.push(meeting);
        }
    }
    Ok(Json(meetings))
}

/// A meeting with its agenda, proposals, minutes, action items and history.
pub async fn get_meeting(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::GetMeeting>,
) -> Result<Json<MeetingDetail>, AppError> {
    Ok(Json(detail(&state, &user, &id).await?))
}

/// The detail the caller may see.
pub async fn detail(state: &AppState, user: &AuthUser, meeting_id: &str) -> Result<MeetingDetail, AppError> {
    let pool = state.database.pool();
    let (meeting, access) = store::meeting_for(pool, user, meeting_id).await?.ok_or(AppError::NotFound)?;
    if !access.view {
        return Err(AppError::NotFound);
    }
    let reference = access::meeting_ref(pool, meeting_id).await?.ok_or(AppError::NotFound)?;
    let history: Vec<(i64, Option<String>, String, String)> = sqlx::query_as(
        "SELECT h.at, p.name, h.change, h.details FROM meeting_history h LEFT JOIN people p ON p.id = h.actor_id \
         WHERE h.meeting_id = $1 ORDER BY h.at, h.id",
    )
    .bind(meeting_id)
    .fetch_all(pool)
    .await?;
    Ok(MeetingDetail {
        agenda: agenda::items(pool, meeting_id, access.papers).await?,
        proposals: agenda::proposals(pool, meeting_id, if access.organise { None } else { Some(&user.person_id) })
            .await?,
        minutes: minutes::minutes(pool, meeting_id, access.organise).await?,
        action_items: minutes::action_items_of(pool, meeting_id).await?,
        history: history
            .into_iter()
            .map(|(at, actor_name, change, details)| HistoryEntry { at, actor_name, change, details })
            .collect(),
        can_propose: agenda::may_propose(&reference, &access),
        meeting,
    })
}

/// Change or reschedule a meeting. Every change raises the calendar SEQUENCE so calendars update the event;
/// the history keeps the old and new times. Once the notice is sent, invitees get an update by e-mail (same
/// calendar UID) and the reminders are planned anew. Not for cancelled meetings or approved minutes.
pub async fn update_meeting(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::UpdateMeeting>,
    JsonOf(input): JsonOf<api::UpdateMeeting>,
) -> Result<Json<MeetingDetail>, AppError> {
    let pool = state.database.pool();
    let (meeting, _) = access::organised(pool, &user, &id).await?;
    if matches!(meeting.status, MeetingStatus::Cancelled | MeetingStatus::MinutesApproved) {
        return Err(AppError::Conflict("this meeting can no longer be changed".into()));
    }
    if input.body_id != meeting.body_id {
        return Err(FieldError::new("body_id", "body_fixed", "a meeting cannot move to another body").into());
    }
    let parsed = parse_input(&input)?;
    let invitees =
        resolve_invitees(pool, &meeting.municipality_id, meeting.body_id.as_deref(), &input.invitees).await?;
    let rescheduled = parsed.starts_at != meeting.starts_at || parsed.ends_at != meeting.ends_at;
    let mut tx = crate::db::begin(pool).await?;
    let counted_in = crate::analytics::rollups::slice_of(&mut tx, &id).await?;
    sqlx::query(
        "UPDATE meetings SET kind = $1, title = $2, description = $3, starts_at = $4, ends_at = $5, location = $6, \
         video_url = $7, capacity = $8, proposal_deadline = $9, minutes_public = $10, sequence = sequence + 1, \
         updated_at = $11, reminder_days = COALESCE($13, reminder_days) WHERE id = $12",
    )
    .bind(input.kind.as_str())
    .bind(&parsed.title)
    .bind(parsed.description.as_deref())
    .bind(parsed.starts_at)
    .bind(parsed.ends_at)
    .bind(parsed.location.as_deref())
    .bind(parsed.video_url.as_deref())
    .bind(parsed.capacity)
    .bind(parsed.proposal_deadline)
    .bind(flag(input.minutes_public))
    .bind(now_ms())
    .bind(id.as_str())
    .bind(parsed.reminder_days.as_deref())
    .execute(&mut *tx)
    .await?;
    // Invitees follow the new selection; people who already answered stay invited.
    sqlx::query("DELETE FROM meeting_invitees WHERE meeting_id = $1 AND person_id NOT IN (SELECT person_id FROM rsvps WHERE meeting_id = $1)")
        .bind(id.as_str())
        .execute(&mut *tx)
        .await?;
    for person_id in &invitees {
        store::invite(&mut tx, &id, person_id).await?;
    }
    let (change, details) = if rescheduled {
        (
            "rescheduled",
            json!({ "from": [crate::time::to_local(meeting.starts_at), crate::time::to_local(meeting.ends_at)],
                    "to": [input.starts_local.trim(), input.ends_local.trim()] }),
        )
    } else {
        ("updated", json!({ "title": parsed.title }))
    };
    crate::analytics::rollups::refresh_meeting(&mut tx, &id, counted_in).await?;
    store::record_history(&mut *tx, &id, &user.person_id, change, details).await?;
    if meeting.status == MeetingStatus::NoticeSent {
        let moved_from = rescheduled.then_some((meeting.starts_at, meeting.ends_at));
        super::mail::plan(&mut tx, &id, Event::Changed { moved_from }, now_ms()).await?;
    }
    tx.commit().await?;
    super::mail::after_change(&state, &id).await;
    Ok(Json(detail(&state, &user, &id).await?))
}

async fn set_status(
    state: &AppState,
    user: &AuthUser,
    meeting: &MeetingRef,
    to: MeetingStatus,
    bump_sequence: bool,
    details: serde_json::Value,
    mail: Option<Event>,
) -> Result<(), AppError> {
    let mut tx = state.database.begin().await?;
    // Only from the status the caller checked: when someone else changed it meanwhile (cancelled the meeting while
    // the notice was being sent), this change is refused rather than undoing theirs.
    let changed = sqlx::query(
        "UPDATE meetings SET status = $1, sequence = sequence + $2, updated_at = $3 WHERE id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(i64::from(bump_sequence))
    .bind(now_ms())
    .bind(&meeting.id)
    .bind(meeting.status.as_str())
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict("the meeting was changed by someone else meanwhile; reload it".into()));
    }
    crate::analytics::rollups::refresh_meeting(&mut tx, &meeting.id, None).await?;
    store::record_history(&mut *tx, &meeting.id, &user.person_id, to.as_str(), details).await?;
    // The mail the change calls for is planned in the same transaction: a notice is never lost.
    if let Some(mail) = mail {
        super::mail::plan(&mut tx, &meeting.id, mail, now_ms()).await?;
    }
    tx.commit().await?;
    if mail.is_some() {
        super::mail::after_change(state, &meeting.id).await;
    }
    Ok(())
}

/// Send the notice: the draft becomes visible to invitees, who can answer it, and each gets the notice by
/// e-mail with a calendar invitation and one-click answers; reminders are planned.
pub async fn send_notice(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::SendNotice>,
) -> Result<Json<MeetingDetail>, AppError> {
    let (meeting, _) = access::organised(state.database.pool(), &user, &id).await?;
    if meeting.status != MeetingStatus::Draft {
        return Err(AppError::Conflict("the notice has already been sent".into()));
    }
    set_status(&state, &user, &meeting, MeetingStatus::NoticeSent, false, json!({}), Some(Event::Notice)).await?;
    Ok(Json(detail(&state, &user, &id).await?))
}

/// Cancel a meeting with a reason. Calendars receive STATUS:CANCELLED with a higher SEQUENCE; those who got the
/// notice get a cancellation by e-mail (METHOD:CANCEL), and no reminder goes out.
pub async fn cancel_meeting(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::CancelMeeting>,
    JsonOf(input): JsonOf<api::CancelMeeting>,
) -> Result<Json<MeetingDetail>, AppError> {
    let (meeting, _) = access::organised(state.database.pool(), &user, &id).await?;
    if matches!(meeting.status, MeetingStatus::Cancelled | MeetingStatus::Held | MeetingStatus::MinutesApproved) {
        return Err(AppError::Conflict("this meeting cannot be cancelled".into()));
    }
    let reason = text(&Some(input.reason), 1000, "reason")?
        .ok_or_else(|| FieldError::new("reason", "required", "give a reason for cancelling"))?;
    set_status(
        &state,
        &user,
        &meeting,
        MeetingStatus::Cancelled,
        true,
        json!({ "reason": reason }),
        Some(Event::Cancelled),
    )
    .await?;
    Ok(Json(detail(&state, &user, &id).await?))
}

/// Mark a meeting as held, so its minutes can be written.
pub async fn mark_held(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::MarkHeld>,
) -> Result<Json<MeetingDetail>, AppError> {
    let (meeting, _) = access::organised(state.database.pool(), &user, &id).await?;
    if meeting.status != MeetingStatus::NoticeSent {
        return Err(AppError::Conflict("only a meeting whose notice was sent can be marked as held".into()));
    }
    set_status(&state, &user, &meeting, MeetingStatus::Held, false, json!({}), None).await?;
    Ok(Json(detail(&state, &user, &id).await?))
}

/// Answer a notice: attend in person, attend remotely, or notice of absence with a reason. Changeable until
/// the meeting starts. Invitees only.
pub async fn answer(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::AnswerInvitation>,
    JsonOf(input): JsonOf<api::AnswerInvitation>,
) -> Result<Json<Rsvp>, AppError> {
    let pool = state.database.pool();
    let (meeting, access) = access::viewable(pool, &user, &id).await?;
    if !access.invited {
        return Err(AppError::Forbidden);
    }
    if meeting.status != MeetingStatus::NoticeSent || now_ms() >= meeting.starts_at {
        return Err(AppError::Conflict("answers can be given until the meeting starts".into()));
    }
    let reason = text(&input.reason, 1000, "reason")?;
    if input.answer == RsvpAnswer::Absent && reason.is_none() {
        return Err(FieldError::new("reason", "reason_required", "give a reason for your absence").into());
    }
    Ok(Json(record_answer(pool, &id, &user.person_id, input.answer, reason.as_deref()).await?))
}

/// Record (or change) a person's answer to a notice. Callers have checked that they may.
pub async fn record_answer(
    pool: &AnyPool,
    meeting_id: &str,
    person_id: &str,
    answer: RsvpAnswer,
    reason: Option<&str>,
) -> Result<Rsvp, sqlx::Error> {
    let answered_at = now_ms();
    sqlx::query(
        "INSERT INTO rsvps (meeting_id, person_id, answer, reason, answered_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (meeting_id, person_id) DO UPDATE SET answer = excluded.answer, reason = excluded.reason, \
         answered_at = excluded.answered_at",
    )
    .bind(meeting_id)
    .bind(person_id)
    .bind(answer.as_str())
    .bind(reason)
    .bind(answered_at)
    .execute(pool)
    .await?;
    Ok(Rsvp { answer, reason: reason.map(str::to_owned), answered_at })
}

/// Every invitee and their answer (or none yet). Organisers and municipal leaders.
pub async fn answers(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::Answers>,
) -> Result<Json<Vec<InviteeAnswer>>, AppError> {
    let pool = state.database.pool();
    let (meeting, access) = access::viewable(pool, &user, &id).await?;
    let leader = user.roles_in(&meeting.municipality_id).contains(&Role::Leader);
    if !access.organise && !leader {
        return Err(AppError::Forbidden);
    }
    let rows: Vec<(String, String, Option<String>, Option<String>, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT p.id, p.name, o.name, r.answer, r.reason, r.answered_at FROM meeting_invitees i \
         JOIN people p ON p.id = i.person_id LEFT JOIN offices o ON o.id = p.office_id \
         LEFT JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id \
         WHERE i.meeting_id = $1 ORDER BY p.name",
    )
    .bind(id.as_str())
    .fetch_all(pool)
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(person_id, name, office_name, answer, reason, answered_at)| InviteeAnswer {
                person_id,
                name,
                office_name,
                rsvp: match (answer.as_deref().and_then(RsvpAnswer::parse), answered_at) {
                    (Some(answer), Some(answered_at)) => Some(Rsvp { answer, reason, answered_at }),
                    _ => None,
                },
            })
            .collect(),
    ))
}
