//! Minutes: a summary and a decision per agenda item, drafted by the organisers and approved; action items
//! with an owner, due date and status that stay visible until done. Attendance joins the minutes with the
//! attendance feature (it will read `meeting_invitees` and its own records for the meeting).

use axum::extract::State;
use axum::http::StatusCode;
use legeting_shared::api::meetings as api;
use legeting_shared::meetings::{ActionItem, ActionItemInput, ActionStatus, MeetingDetail, MeetingStatus, Minutes};
use serde_json::json;
use sqlx::AnyPool;

use super::access;
use super::routes::detail;
use super::store;
use crate::auth::AuthUser;
use crate::db::{new_id, now_ms};
use crate::endpoint::{JsonOf, PathOf};
use crate::error::FieldError;
use crate::error::{AppError, Json};
use crate::people::tenancy;
use crate::state::AppState;
use crate::time::parse_date;

/// The minutes of a meeting: approved minutes for everyone who sees the meeting, drafts only for organisers.
pub async fn minutes(pool: &AnyPool, meeting_id: &str, organiser: bool) -> Result<Option<Minutes>, sqlx::Error> {
    let row: Option<(String, Option<String>, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT m.status, m.summary, p.name, m.approved_at FROM minutes m LEFT JOIN people p ON p.id = m.approved_by WHERE m.meeting_id = $1",
    )
    .bind(meeting_id)
    .fetch_optional(pool)
    .await?;
    Ok(row
        .map(|(status, summary, approved_by_name, approved_at)| Minutes {
            approved: status == "approved",
            summary,
            approved_by_name,
            approved_at,
        })
        .filter(|m| m.approved || organiser))
}

type ActionRow =
    (String, String, String, Option<String>, String, Option<String>, Option<String>, Option<String>, String);

const ACTION_SELECT: &str = "SELECT x.id, x.meeting_id, m.title, x.agenda_item_id, x.title, x.owner_id, p.name, x.due_date, x.status \
     FROM action_items x JOIN meetings m ON m.id = x.meeting_id LEFT JOIN people p ON p.id = x.owner_id";

fn action_from_row(row: ActionRow) -> ActionItem {
    let (id, meeting_id, meeting_title, agenda_item_id, title, owner_id, owner_name, due_date, status) = row;
    ActionItem {
        id,
        meeting_id,
        meeting_title,
        agenda_item_id,
        title,
        owner_id,
        owner_name,
        due_date,
        status: ActionStatus::parse(&status).unwrap_or(ActionStatus::Open),
    }
}

/// The action items of a meeting.
pub async fn action_items_of(pool: &AnyPool, meeting_id: &str) -> Result<Vec<ActionItem>, sqlx::Error> {
    let rows: Vec<ActionRow> =
        sqlx::query_as(&format!("{ACTION_SELECT} WHERE x.meeting_id = $1 ORDER BY x.created_at"))
            .bind(meeting_id)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(action_from_row).collect())
}

/// Save the draft minutes: the summary and the decision on each agenda item. Organisers, once the meeting
/// has been held (or its notice sent and it has started); not after approval.
pub async fn save_minutes(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(meeting_id): PathOf<api::SaveMinutes>,
    JsonOf(input): JsonOf<api::SaveMinutes>,
) -> Result<Json<MeetingDetail>, AppError> {
    let pool = state.database.pool();
    let (meeting, _) = access::organised(pool, &user, &meeting_id).await?;
    let started = meeting.status == MeetingStatus::NoticeSent && now_ms() >= meeting.starts_at;
    if meeting.status != MeetingStatus::Held && !started {
        return Err(AppError::Conflict("minutes can be written once the meeting has been held".into()));
    }
    let item_ids: Vec<String> = sqlx::query_scalar("SELECT id FROM agenda_items WHERE meeting_id = $1")
        .bind(meeting_id.as_str())
        .fetch_all(pool)
        .await?;
    for decision in &input.decisions {
        if !item_ids.contains(&decision.agenda_item_id) {
            return Err(
                FieldError::new("decisions", "unknown_item", "a decision names an item not on this agenda").into()
            );
        }
    }
    let summary = input.summary.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query(
        "INSERT INTO minutes (meeting_id, status, summary, updated_at) VALUES ($1, 'draft', $2, $3) \
         ON CONFLICT (meeting_id) DO UPDATE SET summary = excluded.summary, updated_at = excluded.updated_at",
    )
    .bind(meeting_id.as_str())
    .bind(summary)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    for decision in &input.decisions {
        sqlx::query("UPDATE agenda_items SET decision = $1 WHERE id = $2")
            .bind(decision.decision.as_deref().map(str::trim).filter(|d| !d.is_empty()))
            .bind(&decision.agenda_item_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Json(detail(&state, &user, &meeting_id).await?))
}

/// Approve the minutes; the meeting moves to "minutes approved", the minutes become visible, and invitees and
/// the body's members are told by e-mail (unless they turned that off).
pub async fn approve_minutes(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(meeting_id): PathOf<api::ApproveMinutes>,
) -> Result<Json<MeetingDetail>, AppError> {
    let pool = state.database.pool();
    let (meeting, _) = access::organised(pool, &user, &meeting_id).await?;
    let draft: Option<String> = sqlx::query_scalar("SELECT status FROM minutes WHERE meeting_id = $1")
        .bind(meeting_id.as_str())
        .fetch_optional(pool)
        .await?;
    if draft.as_deref() != Some("draft") {
        return Err(AppError::Conflict("there are no draft minutes to approve".into()));
    }
    let now = now_ms();
    let mut tx = crate::db::begin(pool).await?;
    let approved = sqlx::query(
        "UPDATE minutes SET status = 'approved', approved_by = $1, approved_at = $2, updated_at = $2 \
         WHERE meeting_id = $3 AND status = 'draft'",
    )
    .bind(&user.person_id)
    .bind(now)
    .bind(meeting_id.as_str())
    .execute(&mut *tx)
    .await?;
    if approved.rows_affected() != 1 {
        return Err(AppError::Conflict("there are no draft minutes to approve".into()));
    }
    sqlx::query("UPDATE meetings SET status = 'minutes_approved', updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(&meeting.id)
        .execute(&mut *tx)
        .await?;
    store::record_history(&mut *tx, &meeting_id, &user.person_id, "minutes_approved", json!({})).await?;
    super::mail::plan(&mut tx, &meeting_id, super::mail::Event::MinutesApproved, now).await?;
    tx.commit().await?;
    super::mail::after_change(&state, &meeting_id).await;
    Ok(Json(detail(&state, &user, &meeting_id).await?))
}

fn parse_action(input: &ActionItemInput) -> Result<(String, Option<String>), FieldError> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(FieldError::new("title", "required", "a title is required"));
    }
    let due =
        input.due_date.as_deref().filter(|d| !d.trim().is_empty()).map(|d| parse_date("due_date", d)).transpose()?;
    Ok((title.chars().take(500).collect(), due))
}

/// Add an action item to a meeting. Organisers.
pub async fn add_action_item(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(meeting_id): PathOf<api::AddActionItem>,
    JsonOf(input): JsonOf<api::AddActionItem>,
) -> Result<(StatusCode, Json<ActionItem>), AppError> {
    let pool = state.database.pool();
    let (meeting, _) = access::organised(pool, &user, &meeting_id).await?;
    let (title, due_date) = parse_action(&input)?;
    if let Some(item) = &input.agenda_item_id {
        let on_agenda: Option<String> =
            sqlx::query_scalar("SELECT id FROM agenda_items WHERE id = $1 AND meeting_id = $2")
                .bind(item)
                .bind(meeting_id.as_str())
                .fetch_optional(pool)
                .await?;
        if on_agenda.is_none() {
            return Err(FieldError::new("agenda_item_id", "unknown_item", "no such item on this agenda").into());
        }
    }
    if let Some(owner) = &input.owner_id {
        // The owner must be someone of the meeting's municipality or one of its invitees (tenant isolation).
        let invited: Option<String> =
            sqlx::query_scalar("SELECT person_id FROM meeting_invitees WHERE meeting_id = $1 AND person_id = $2")
                .bind(meeting_id.as_str())
                .bind(owner)
                .fetch_optional(pool)
                .await?;
        if invited.is_none() && !tenancy::belongs_to(pool, &meeting.municipality_id, owner).await? {
            return Err(FieldError::new("owner_id", "unknown_person", "no such person").into());
        }
    }
    let id = new_id();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO action_items (id, meeting_id, agenda_item_id, title, owner_id, due_date, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(&id)
    .bind(meeting_id.as_str())
    .bind(input.agenda_item_id.as_deref())
    .bind(&title)
    .bind(input.owner_id.as_deref())
    .bind(due_date.as_deref())
    .bind(input.status.as_str())
    .bind(now)
    .execute(pool)
    .await?;
    let item = action_items_of(pool, &meeting_id).await?.into_iter().find(|a| a.id == id).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(item)))
}

/// Change an action item's status. Its owner or the meeting's organisers.
pub async fn set_action_status(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::SetActionStatus>,
    JsonOf(input): JsonOf<api::SetActionStatus>,
) -> Result<Json<ActionItem>, AppError> {
    let pool = state.database.pool();
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT meeting_id, owner_id FROM action_items WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(pool)
            .await?;
    let (meeting_id, owner) = row.ok_or(AppError::NotFound)?;
    let (_, access) = access::viewable(pool, &user, &meeting_id).await?;
    if !access.organise && owner.as_deref() != Some(user.person_id.as_str()) {
        return Err(AppError::Forbidden);
    }
    sqlx::query("UPDATE action_items SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(input.status.as_str())
        .bind(now_ms())
        .bind(id.as_str())
        .execute(pool)
        .await?;
    let item = action_items_of(pool, &meeting_id).await?.into_iter().find(|a| a.id == id).ok_or(AppError::NotFound)?;
    Ok(Json(item))
}

/// My action items that are not done yet, soonest due first.
pub async fn my_action_items(State(state): State<AppState>, user: AuthUser) -> Result<Json<Vec<ActionItem>>, AppError> {
    let rows: Vec<ActionRow> = sqlx::query_as(&format!(
        "{ACTION_SELECT} WHERE x.owner_id = $1 AND x.status <> 'done' ORDER BY CASE WHEN x.due_date IS NULL THEN 1 ELSE 0 END, x.due_date, x.created_at"
    ))
    .bind(&user.person_id)
    .fetch_all(state.database.pool())
    .await?;
    Ok(Json(rows.into_iter().map(action_from_row).collect()))
}
