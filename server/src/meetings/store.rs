//! SQL for meetings: loading them as wire types, with the caller's access decided in bulk for lists.

use std::collections::{HashMap, HashSet};

use legeting_shared::meetings::{BodyRole, Meeting, MeetingKind, MeetingStatus, Rsvp, RsvpAnswer};
use sqlx::AnyPool;
use sqlx::Row;

use super::access::{self, Access, MeetingRef};
use crate::auth::AuthUser;
use crate::time::to_local;

pub const MEETING_COLUMNS: &str = "m.id, m.municipality_id, m.body_id, b.name AS body_name, m.kind, m.title, \
     m.description, m.starts_at, m.ends_at, m.location, m.video_url, m.capacity, m.proposal_deadline, m.status, \
     m.series_id, m.sequence, m.minutes_public, b.closed_papers, m.reminder_days";

pub const MEETING_FROM: &str = "FROM meetings m LEFT JOIN bodies b ON b.id = m.body_id";

/// The caller's (`$1`) relations to each meeting of a list, as columns next to [`MEETING_COLUMNS`]; read by
/// [`Relations::from_rows`]. Needs [`RELATION_FROM`] after [`MEETING_FROM`].
pub const RELATION_COLUMNS: &str = "(SELECT bm.role FROM body_members bm WHERE bm.body_id = m.body_id AND bm.person_id = $1) AS my_body_role, \
     (SELECT COUNT(*) FROM meeting_invitees mi WHERE mi.meeting_id = m.id AND mi.person_id = $1) AS my_invited, \
     my_rsvp.answer AS my_answer, my_rsvp.reason AS my_reason, my_rsvp.answered_at AS my_answered_at";

/// The join [`RELATION_COLUMNS`] reads the caller's answer from.
pub const RELATION_FROM: &str = "LEFT JOIN rsvps my_rsvp ON my_rsvp.meeting_id = m.id AND my_rsvp.person_id = $1";

/// What the caller's relations to meetings are, loaded once for a list.
pub struct Relations {
    body_roles: HashMap<String, BodyRole>,
    invited: HashSet<String>,
    rsvps: HashMap<String, Rsvp>,
}

impl Relations {
    /// The relations to the meetings of rows selected with [`RELATION_COLUMNS`].
    pub fn from_rows(rows: &[sqlx::any::AnyRow]) -> Result<Relations, sqlx::Error> {
        let mut relations = Relations { body_roles: HashMap::new(), invited: HashSet::new(), rsvps: HashMap::new() };
        for row in rows {
            let id: String = row.try_get("id")?;
            if let (Some(body_id), Some(role)) =
                (row.try_get::<Option<String>, _>("body_id")?, row.try_get::<Option<String>, _>("my_body_role")?)
                && let Some(role) = BodyRole::parse(&role)
            {
                relations.body_roles.insert(body_id, role);
            }
            if row.try_get::<i64, _>("my_invited")? > 0 {
                relations.invited.insert(id.clone());
            }
            if let (Some(answer), Some(answered_at)) =
                (row.try_get::<Option<String>, _>("my_answer")?, row.try_get::<Option<i64>, _>("my_answered_at")?)
                && let Some(answer) = RsvpAnswer::parse(&answer)
            {
                relations.rsvps.insert(id, Rsvp { answer, reason: row.try_get("my_reason")?, answered_at });
            }
        }
        Ok(relations)
    }

    pub async fn load(pool: &AnyPool, person_id: &str) -> Result<Relations, sqlx::Error> {
        let roles: Vec<(String, String)> =
            sqlx::query_as("SELECT body_id, role FROM body_members WHERE person_id = $1")
                .bind(person_id)
                .fetch_all(pool)
                .await?;
        let invited: Vec<String> = sqlx::query_scalar("SELECT meeting_id FROM meeting_invitees WHERE person_id = $1")
            .bind(person_id)
            .fetch_all(pool)
            .await?;
        let rsvps: Vec<(String, String, Option<String>, i64)> =
            sqlx::query_as("SELECT meeting_id, answer, reason, answered_at FROM rsvps WHERE person_id = $1")
                .bind(person_id)
                .fetch_all(pool)
                .await?;
        Ok(Relations {
            body_roles: roles.into_iter().filter_map(|(b, r)| BodyRole::parse(&r).map(|r| (b, r))).collect(),
            invited: invited.into_iter().collect(),
            rsvps: rsvps
                .into_iter()
                .filter_map(|(m, answer, reason, answered_at)| {
                    RsvpAnswer::parse(&answer).map(|answer| (m, Rsvp { answer, reason, answered_at }))
                })
                .collect(),
        })
    }
}

/// A meeting row with the caller's access.
pub fn meeting_from_row(
    row: &sqlx::any::AnyRow,
    user: &AuthUser,
    relations: &Relations,
) -> Result<(Meeting, Access), sqlx::Error> {
    let id: String = row.try_get("id")?;
    let body_id: Option<String> = row.try_get("body_id")?;
    let status = MeetingStatus::parse(&row.try_get::<String, _>("status")?).unwrap_or(MeetingStatus::Draft);
    let starts_at: i64 = row.try_get("starts_at")?;
    let ends_at: i64 = row.try_get("ends_at")?;
    let proposal_deadline: Option<i64> = row.try_get("proposal_deadline")?;
    let minutes_public = row.try_get::<i64, _>("minutes_public")? == 1;
    let closed_papers = row.try_get::<Option<i64>, _>("closed_papers")?.unwrap_or(0) == 1;
    let title: String = row.try_get("title")?;
    let reference = MeetingRef {
        id: id.clone(),
        municipality_id: row.try_get("municipality_id")?,
        body_id: body_id.clone(),
        status,
        starts_at,
        ends_at,
        proposal_deadline,
        minutes_public,
        title: title.clone(),
    };
    let body_role = body_id.as_ref().and_then(|b| relations.body_roles.get(b)).copied();
    let invited = relations.invited.contains(&id);
    let access = access::decide(user, &reference, body_role, invited, closed_papers);
    let meeting = Meeting {
        id: id.clone(),
        municipality_id: reference.municipality_id,
        body_id,
        body_name: row.try_get("body_name")?,
        kind: MeetingKind::parse(&row.try_get::<String, _>("kind")?).unwrap_or(MeetingKind::CommitteeMeeting),
        title,
        description: row.try_get("description")?,
        starts_at,
        ends_at,
        starts_local: to_local(starts_at),
        ends_local: to_local(ends_at),
        location: row.try_get("location")?,
        video_url: row.try_get("video_url")?,
        capacity: row.try_get("capacity")?,
        proposal_deadline_at: proposal_deadline,
        proposal_deadline_local: proposal_deadline.map(to_local),
        status,
        series_id: row.try_get("series_id")?,
        sequence: row.try_get("sequence")?,
        minutes_public,
        reminder_days: crate::outbox::schedule::parse_days(&row.try_get::<String, _>("reminder_days")?),
        my_rsvp: relations.rsvps.get(&id).cloned(),
        invited,
        can_organise: access.organise,
    };
    Ok((meeting, access))
}

/// One meeting as the caller sees it.
pub async fn meeting_for(
    pool: &AnyPool,
    user: &AuthUser,
    meeting_id: &str,
) -> Result<Option<(Meeting, Access)>, sqlx::Error> {
    let relations = Relations::load(pool, &user.person_id).await?;
    let sql = format!("SELECT {MEETING_COLUMNS} {MEETING_FROM} WHERE m.id = $1");
    let Some(row) = sqlx::query(&sql).bind(meeting_id).fetch_optional(pool).await? else { return Ok(None) };
    meeting_from_row(&row, user, &relations).map(Some)
}

/// The people of one meeting's invitation, with name and office.
pub async fn invitees(
    pool: &AnyPool,
    meeting_id: &str,
) -> Result<Vec<(String, String, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.name, p.email, o.name FROM meeting_invitees i JOIN people p ON p.id = i.person_id \
         LEFT JOIN offices o ON o.id = p.office_id WHERE i.meeting_id = $1 ORDER BY p.name",
    )
    .bind(meeting_id)
    .fetch_all(pool)
    .await
}

/// Record a change in the meeting's history.
pub async fn record_history<'e, E>(
    executor: E,
    meeting_id: &str,
    actor_id: &str,
    change: &str,
    details: serde_json::Value,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO meeting_history (id, meeting_id, at, actor_id, change, details) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(crate::db::new_id())
    .bind(meeting_id)
    .bind(crate::db::now_ms())
    .bind(actor_id)
    .bind(change)
    .bind(details.to_string())
    .execute(executor)
    .await?;
    Ok(())
}

/// Invite a person to a meeting (inside the caller's transaction); nothing when they are invited already.
pub async fn invite(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    meeting_id: &str,
    person_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO meeting_invitees (meeting_id, person_id) VALUES ($1, $2) ON CONFLICT (meeting_id, person_id) DO NOTHING",
    )
    .bind(meeting_id)
    .bind(person_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Take a meeting's row lock until the caller's transaction ends, so that writers about one meeting take
/// turns. A non-key update, so it does not conflict with the key-share locks that rows referring to the meeting
/// take. A no-op on SQLite, whose write transactions hold the writer lock.
pub async fn lock(tx: &mut sqlx::Transaction<'_, sqlx::Any>, meeting_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE meetings SET updated_at = updated_at WHERE id = $1")
        .bind(meeting_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
