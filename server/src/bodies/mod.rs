//! Bodies: committees and forums (ALU, LSU, quality committee, fora, health-community levels, course series)
//! with their members, body roles and terms of office.
//!
//! Body roles grant rights only within that body: a body's chair and secretary organise its meetings; its
//! members see its closed papers. Municipal administrators and secretaries organise every body of their
//! municipality. Members may come from other municipalities (a health community spans several).

use axum::extract::State;
use axum::http::StatusCode;
use legeting_shared::api::bodies as api;
use legeting_shared::meetings::{Body, BodyDetail, BodyInput, BodyKind, BodyMember, BodyRole};
use legeting_shared::people::Role;
use serde_json::json;
use sqlx::AnyPool;

use crate::audit::{self, Change};
use crate::auth::AuthUser;
use crate::db::{flag, new_id, now_ms};
use crate::endpoint::{JsonOf, PathOf, Routes};
use crate::error::FieldError;
use crate::error::{AppError, Json};
use crate::people::model::PersonName;
use crate::people::tenancy;
use crate::state::AppState;
use crate::time::parse_date;

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new()
        .endpoint(api::ListBodies, list_bodies)
        .endpoint(api::CreateBody, create_body)
        .endpoint(api::GetBody, get_body)
        .endpoint(api::UpdateBody, update_body)
        .endpoint(api::SetMembers, set_members)
}

/// Municipal roles that organise every body and meeting of the municipality.
pub const ORGANISERS: &[Role] = &[Role::Administrator, Role::Secretary];

/// The caller's role in a body.
pub async fn role_in(pool: &AnyPool, body_id: &str, person_id: &str) -> Result<Option<BodyRole>, sqlx::Error> {
    let role: Option<String> =
        sqlx::query_scalar("SELECT role FROM body_members WHERE body_id = $1 AND person_id = $2")
            .bind(body_id)
            .bind(person_id)
            .fetch_optional(pool)
            .await?;
    Ok(role.as_deref().and_then(BodyRole::parse))
}

/// Whether the user organises this body: a municipal organiser, or the body's chair or secretary.
pub fn organises(user: &AuthUser, municipality_id: &str, body_role: Option<BodyRole>) -> bool {
    user.installation_admin
        || user.roles_in(municipality_id).iter().any(|r| ORGANISERS.contains(r))
        || matches!(body_role, Some(BodyRole::Chair | BodyRole::Secretary))
}

/// The body's municipality and settings: (municipality id, closed papers).
pub async fn body_facts(pool: &AnyPool, body_id: &str) -> Result<Option<(String, bool)>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as("SELECT municipality_id, closed_papers FROM bodies WHERE id = $1")
        .bind(body_id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(m, closed)| (m, closed == 1)))
}

type BodyRow = (String, String, String, String, Option<String>, i64, i64, i64, i64, i64, i64, Option<String>);

const BODY_SELECT: &str = "SELECT b.id, b.municipality_id, b.name, b.kind, b.description, b.counts_for_obligation, \
     b.closed_papers, b.compensated, b.preparation_minutes, b.travel_minutes, \
     (SELECT COUNT(*) FROM body_members m WHERE m.body_id = b.id), \
     (SELECT role FROM body_members m WHERE m.body_id = b.id AND m.person_id = $1) FROM bodies b";

fn body_from_row(user: &AuthUser, row: BodyRow) -> Body {
    let (
        id,
        municipality_id,
        name,
        kind,
        description,
        counts,
        closed,
        compensated,
        preparation_minutes,
        travel_minutes,
        member_count,
        my_role,
    ) = row;
    let my_role = my_role.as_deref().and_then(BodyRole::parse);
    let can_organise = organises(user, &municipality_id, my_role);
    Body {
        id,
        municipality_id,
        name,
        kind: BodyKind::parse(&kind).unwrap_or(BodyKind::Other),
        description,
        counts_for_obligation: counts == 1,
        closed_papers: closed == 1,
        compensated: compensated == 1,
        preparation_minutes,
        travel_minutes,
        member_count,
        my_role,
        can_organise,
    }
}

async fn load_body(state: &AppState, user: &AuthUser, body_id: &str) -> Result<Body, AppError> {
    let row: Option<BodyRow> = sqlx::query_as(&format!("{BODY_SELECT} WHERE b.id = $2"))
        .bind(&user.person_id)
        .bind(body_id)
        .fetch_optional(state.database.pool())
        .await?;
    let body = body_from_row(user, row.ok_or(AppError::NotFound)?);
    // Members of the municipality see its bodies; guests and members from elsewhere only their own bodies.
    let visible = body.my_role.is_some()
        || user.installation_admin
        || user.roles_in(&body.municipality_id).iter().any(|r| *r != Role::Guest);
    if visible { Ok(body) } else { Err(AppError::NotFound) }
}

/// The bodies of a municipality. Members of the municipality see all; guests see the bodies they belong to.
async fn list_bodies(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::ListBodies>,
) -> Result<Json<Vec<Body>>, AppError> {
    user.require_member(&municipality_id)?;
    let rows: Vec<BodyRow> =
        sqlx::query_as(&format!("{BODY_SELECT} WHERE b.municipality_id = $2 AND b.archived = 0 ORDER BY b.name"))
            .bind(&user.person_id)
            .bind(municipality_id.as_str())
            .fetch_all(state.database.pool())
            .await?;
    let only_own = !user.installation_admin && user.roles_in(&municipality_id).iter().all(|r| *r == Role::Guest);
    let bodies = rows.into_iter().map(|row| body_from_row(&user, row)).filter(|b| !only_own || b.my_role.is_some());
    Ok(Json(bodies.collect()))
}

fn parse_body(input: &BodyInput) -> Result<(String, Option<String>), FieldError> {
    let name = PersonName::parse(&input.name)?.as_str().to_owned();
    for (field, minutes) in
        [("preparation_minutes", input.preparation_minutes), ("travel_minutes", input.travel_minutes)]
    {
        if !(0..=24 * 60).contains(&minutes) {
            return Err(FieldError::new(field, "invalid_number", "between 0 and 1,440 minutes"));
        }
    }
    let description = input.description.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned);
    Ok((name, description))
}

/// Create a body. Municipal administrators and secretaries.
async fn create_body(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::CreateBody>,
    JsonOf(input): JsonOf<api::CreateBody>,
) -> Result<(StatusCode, Json<Body>), AppError> {
    user.require_any(&municipality_id, ORGANISERS)?;
    let (name, description) = parse_body(&input)?;
    let id = new_id();
    let mut tx = state.database.begin().await?;
    sqlx::query(
        "INSERT INTO bodies (id, municipality_id, name, kind, description, counts_for_obligation, closed_papers, \
         compensated, preparation_minutes, travel_minutes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(municipality_id.as_str())
    .bind(&name)
    .bind(input.kind.as_str())
    .bind(description.as_deref())
    .bind(flag(input.counts_for_obligation))
    .bind(flag(input.closed_papers))
    .bind(flag(input.compensated))
    .bind(input.preparation_minutes)
    .bind(input.travel_minutes)
    .bind(now_ms())
    .execute(&mut *tx)
    .await
    ?;
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(&municipality_id),
            action: "body.created",
            entity_id: Some(&id),
            details: json!({ "name": name, "kind": input.kind.as_str() }),
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(load_body(&state, &user, &id).await?)))
}

/// A body with its members. Anyone who may see the body.
async fn get_body(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::GetBody>,
) -> Result<Json<BodyDetail>, AppError> {
    let body = load_body(&state, &user, &id).await?;
    let rows: Vec<(String, String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT m.person_id, p.name, m.role, m.term_start, m.term_end FROM body_members m \
         JOIN people p ON p.id = m.person_id WHERE m.body_id = $1 ORDER BY p.name",
    )
    .bind(id.as_str())
    .fetch_all(state.database.pool())
    .await?;
    let mut members: Vec<BodyMember> = rows
        .into_iter()
        .map(|(person_id, name, role, term_start, term_end)| BodyMember {
            person_id,
            name,
            role: BodyRole::parse(&role).unwrap_or(BodyRole::Member),
            term_start,
            term_end,
        })
        .collect();
    members.sort_by(|a, b| a.role.cmp(&b.role).then_with(|| a.name.cmp(&b.name)));
    Ok(Json(BodyDetail { body, members }))
}

/// Change a body. Its organisers.
async fn update_body(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::UpdateBody>,
    JsonOf(input): JsonOf<api::UpdateBody>,
) -> Result<Json<Body>, AppError> {
    let body = load_body(&state, &user, &id).await?;
    if !body.can_organise {
        return Err(AppError::Forbidden);
    }
    let (name, description) = parse_body(&input)?;
    let mut tx = state.database.begin().await?;
    sqlx::query(
        "UPDATE bodies SET name = $1, kind = $2, description = $3, counts_for_obligation = $4, closed_papers = $5, \
         compensated = $6, preparation_minutes = $7, travel_minutes = $8 WHERE id = $9",
    )
    .bind(&name)
    .bind(input.kind.as_str())
    .bind(description.as_deref())
    .bind(flag(input.counts_for_obligation))
    .bind(flag(input.closed_papers))
    .bind(flag(input.compensated))
    .bind(input.preparation_minutes)
    .bind(input.travel_minutes)
    .bind(id.as_str())
    .execute(&mut *tx)
    .await?;
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(&body.municipality_id),
            action: "body.updated",
            entity_id: Some(&id),
            details: json!({ "name": [body.name, name], "counts_for_obligation": input.counts_for_obligation }),
        },
    )
    .await?;
    Ok(Json(load_body(&state, &user, &id).await?))
}

/// Replace the members of a body, with their roles and terms. Its organisers. Members must hold a role in the
/// body's municipality (tenant isolation: a health community's representatives from elsewhere are given the
/// guest role there first, by that municipality's administrator or the operator).
async fn set_members(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::SetMembers>,
    JsonOf(members): JsonOf<api::SetMembers>,
) -> Result<Json<BodyDetail>, AppError> {
    let body = load_body(&state, &user, &id).await?;
    if !body.can_organise {
        return Err(AppError::Forbidden);
    }
    let pool = state.database.pool();
    let mut seen = std::collections::BTreeSet::new();
    for member in &members {
        if !seen.insert(member.person_id.clone()) {
            return Err(FieldError::new("members", "duplicate_member", "a person is listed twice").into());
        }
        if !tenancy::belongs_to(pool, &body.municipality_id, &member.person_id).await? {
            return Err(FieldError::new("members", "unknown_person", "no such person").into());
        }
        for date in [&member.term_start, &member.term_end].into_iter().flatten() {
            parse_date("term", date)?;
        }
        if let (Some(start), Some(end)) = (&member.term_start, &member.term_end)
            && end < start
        {
            return Err(FieldError::new("term", "term_order", "the term ends before it starts").into());
        }
    }
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query("DELETE FROM body_members WHERE body_id = $1").bind(id.as_str()).execute(&mut *tx).await?;
    for member in &members {
        sqlx::query(
            "INSERT INTO body_members (body_id, person_id, role, term_start, term_end, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.as_str())
        .bind(&member.person_id)
        .bind(member.role.as_str())
        .bind(member.term_start.as_deref())
        .bind(member.term_end.as_deref())
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    }
    audit::commit(tx, Change {
        actor_id: Some(&user.person_id),
        municipality_id: Some(&body.municipality_id),
        action: "body.members_set",
        entity_id: Some(&id),
        details: json!({ "members": members.iter().map(|m| json!({"person_id": m.person_id, "role": m.role.as_str()})).collect::<Vec<_>>() }),
    })
    .await?;
    // Open live-room connections re-check their access (a member may have left the body).
    crate::hub::access_changed(&state.live, &state.database, None).await;
    get_body(State(state), user, PathOf(id)).await
}
