//! The annual meeting obligation: every GP must meet the municipality at least once a year. Per GP and
//! calendar year (Europe/Oslo) the state is *met* (with the first meeting that fulfilled it), *not met*, or
//! *exempt* (with the reason and who decided).
//!
//! A meeting qualifies when it is an individual annual dialogue (always), when its body counts towards the
//! obligation, or when its kind is configured to count in the municipality; the GP must have attended it
//! (in person or remotely) and it must not be cancelled.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use legeting_shared::api::attendance as api;
use legeting_shared::meetings::MeetingKind;
use legeting_shared::participation::{ObligationRules, ObligationState, ObligationStatus};
use legeting_shared::people::Role;
use serde_json::json;
use sqlx::AnyPool;

use crate::analytics::Source;
use crate::audit::{self, Change};
use crate::auth::AuthUser;
use crate::db::now_ms;
use crate::endpoint::{JsonOf, PathOf, QueryOf, Routes};
use crate::error::FieldError;
use crate::error::{AppError, Json};
use crate::state::AppState;
use crate::time::year_bounds;

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new()
        .endpoint(api::MunicipalityObligation, municipality_obligation)
        .endpoint(api::MyObligation, my_obligation)
        .endpoint(api::ObligationRules, obligation_rules)
        .endpoint(api::SetObligationRules, set_obligation_rules)
        .endpoint(api::Exempt, exempt)
        .endpoint(api::RemoveExemption, remove_exemption)
}

/// Roles that see everyone's obligation in a municipality.
pub const OVERSEERS: &[Role] = &[Role::Administrator, Role::Leader, Role::Secretary];

/// The first meeting (id, title, start) that fulfilled each GP's obligation, by person.
type FirstMeetings = HashMap<String, (String, String, i64)>;

/// The first fulfilling meetings from the attendance rollups: the earliest first attended meeting of every
/// qualifying slice (earliest start, then smallest id).
async fn first_from_rollups(pool: &AnyPool, municipality_id: &str, year: i64) -> Result<FirstMeetings, sqlx::Error> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT r.person_id, m.id, m.title, r.first_attended_at FROM attendance_rollups r \
         JOIN meetings m ON m.id = r.first_meeting_id \
         WHERE r.municipality_id = $1 AND r.year = $2 AND r.first_attended_at IS NOT NULL \
         AND (r.kind = 'annual_individual' OR r.body_id IN (SELECT id FROM bodies WHERE counts_for_obligation = 1) \
              OR r.kind IN (SELECT meeting_kind FROM obligation_kinds WHERE municipality_id = $1)) \
         ORDER BY r.first_attended_at, m.id",
    )
    .bind(municipality_id)
    .bind(year)
    .fetch_all(pool)
    .await?;
    Ok(first_per_person(rows))
}

/// The first fulfilling meetings read from every attendance record of the year (what the rollups replace;
/// the tests compare the two).
async fn first_direct(pool: &AnyPool, municipality_id: &str, year: i64) -> Result<FirstMeetings, sqlx::Error> {
    let (from, to) = year_bounds(year);
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT a.person_id, m.id, m.title, m.starts_at FROM attendance a JOIN meetings m ON m.id = a.meeting_id \
         LEFT JOIN bodies b ON b.id = m.body_id \
         WHERE m.municipality_id = $1 AND m.starts_at >= $2 AND m.starts_at < $3 AND m.status <> 'cancelled' \
         AND a.status IN ('in_person', 'remote') \
         AND (m.kind = 'annual_individual' OR b.counts_for_obligation = 1 \
              OR m.kind IN (SELECT meeting_kind FROM obligation_kinds WHERE municipality_id = $1)) \
         ORDER BY m.starts_at, m.id",
    )
    .bind(municipality_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    Ok(first_per_person(rows))
}

/// The first row per person of rows in order.
fn first_per_person(rows: Vec<(String, String, String, i64)>) -> FirstMeetings {
    let mut first = HashMap::new();
    for (person_id, meeting_id, title, at) in rows {
        first.entry(person_id).or_insert((meeting_id, title, at));
    }
    first
}

/// The obligation of the given GPs (or every active GP) of a municipality in a year.
pub async fn statuses(
    pool: &AnyPool,
    municipality_id: &str,
    year: i64,
    only_person: Option<&str>,
) -> Result<Vec<ObligationStatus>, sqlx::Error> {
    statuses_from(pool, municipality_id, year, only_person, Source::Rollups).await
}

/// [`statuses`], computed as `source` says.
pub async fn statuses_from(
    pool: &AnyPool,
    municipality_id: &str,
    year: i64,
    only_person: Option<&str>,
    source: Source,
) -> Result<Vec<ObligationStatus>, sqlx::Error> {
    let municipality_name: String = sqlx::query_scalar("SELECT name FROM municipalities WHERE id = $1")
        .bind(municipality_id)
        .fetch_optional(pool)
        .await?
        .unwrap_or_default();
    let gps: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT p.id, p.name, o.name FROM municipality_roles r JOIN people p ON p.id = r.person_id \
         LEFT JOIN offices o ON o.id = p.office_id WHERE r.municipality_id = $1 AND r.role = 'gp' AND p.active = 1 \
         AND ($2 IS NULL OR p.id = $2) ORDER BY p.name",
    )
    .bind(municipality_id)
    .bind(only_person)
    .fetch_all(pool)
    .await?;
    let first = match source {
        Source::Rollups => first_from_rollups(pool, municipality_id, year).await?,
        Source::Direct => first_direct(pool, municipality_id, year).await?,
    };
    let exemptions: HashMap<String, (String, Option<String>)> = sqlx::query_as::<_, (String, String, Option<String>)>(
        "SELECT e.person_id, e.reason, p.name FROM obligation_exemptions e LEFT JOIN people p ON p.id = e.decided_by \
         WHERE e.municipality_id = $1 AND e.year = $2",
    )
    .bind(municipality_id)
    .bind(year)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(person, reason, by)| (person, (reason, by)))
    .collect();
    Ok(gps
        .into_iter()
        .map(|(person_id, name, office_name)| {
            let met = first.get(&person_id).cloned();
            let exemption = exemptions.get(&person_id).cloned();
            let state = match (&met, &exemption) {
                (Some(_), _) => ObligationState::Met,
                (None, Some(_)) => ObligationState::Exempt,
                (None, None) => ObligationState::NotMet,
            };
            ObligationStatus {
                person_id,
                name,
                office_name,
                municipality_id: municipality_id.to_owned(),
                municipality_name: municipality_name.clone(),
                year,
                state,
                meeting_id: met.as_ref().map(|m| m.0.clone()),
                meeting_title: met.as_ref().map(|m| m.1.clone()),
                meeting_at: met.as_ref().map(|m| m.2),
                exemption_reason: exemption.as_ref().map(|e| e.0.clone()),
                exempted_by: exemption.and_then(|e| e.1),
            }
        })
        .collect())
}

fn year_or_now(year: Option<i64>) -> Result<i64, AppError> {
    Ok(crate::time::year_or_now(year)?)
}

/// Every active GP's obligation in a municipality and year. Administrators, leaders and secretaries.
async fn municipality_obligation(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::MunicipalityObligation>,
    QueryOf(query): QueryOf<api::MunicipalityObligation>,
) -> Result<Json<Vec<ObligationStatus>>, AppError> {
    user.require_any(&municipality_id, OVERSEERS)?;
    let year = year_or_now(query.year)?;
    Ok(Json(statuses(state.database.pool(), &municipality_id, year, None).await?))
}

/// My own obligation in every municipality where I am a GP.
async fn my_obligation(
    State(state): State<AppState>,
    user: AuthUser,
    QueryOf(query): QueryOf<api::MyObligation>,
) -> Result<Json<Vec<ObligationStatus>>, AppError> {
    let year = year_or_now(query.year)?;
    let mut all = Vec::new();
    for (municipality_id, role) in &user.roles {
        if *role == Role::Gp {
            all.extend(statuses(state.database.pool(), municipality_id, year, Some(&user.person_id)).await?);
        }
    }
    Ok(Json(all))
}

/// Which meeting kinds count towards the obligation in a municipality. Any member.
async fn obligation_rules(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::ObligationRules>,
) -> Result<Json<ObligationRules>, AppError> {
    user.require_member(&municipality_id)?;
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT meeting_kind FROM obligation_kinds WHERE municipality_id = $1 ORDER BY meeting_kind",
    )
    .bind(municipality_id.as_str())
    .fetch_all(state.database.pool())
    .await?;
    Ok(Json(ObligationRules { meeting_kinds: kinds.iter().filter_map(|k| MeetingKind::parse(k)).collect() }))
}

/// Set which meeting kinds count towards the obligation. Administrators.
async fn set_obligation_rules(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::SetObligationRules>,
    JsonOf(rules): JsonOf<api::SetObligationRules>,
) -> Result<Json<ObligationRules>, AppError> {
    user.require_any(&municipality_id, &[Role::Administrator])?;
    let mut tx = state.database.begin().await?;
    sqlx::query("DELETE FROM obligation_kinds WHERE municipality_id = $1")
        .bind(municipality_id.as_str())
        .execute(&mut *tx)
        .await?;
    let mut kinds = rules.meeting_kinds.clone();
    kinds.sort();
    kinds.dedup();
    for kind in &kinds {
        sqlx::query("INSERT INTO obligation_kinds (municipality_id, meeting_kind) VALUES ($1, $2)")
            .bind(municipality_id.as_str())
            .bind(kind.as_str())
            .execute(&mut *tx)
            .await?;
    }
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(&municipality_id),
            action: "obligation.rules_set",
            entity_id: None,
            details: json!({ "meeting_kinds": kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>() }),
        },
    )
    .await?;
    Ok(Json(ObligationRules { meeting_kinds: kinds }))
}

/// Exempt a GP from the obligation for a year, with a reason. Administrators and leaders.
async fn exempt(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::Exempt>,
    JsonOf(input): JsonOf<api::Exempt>,
) -> Result<StatusCode, AppError> {
    user.require_any(&municipality_id, &[Role::Administrator, Role::Leader])?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(FieldError::new("reason", "reason_required", "give the reason for the exemption").into());
    }
    year_or_now(Some(input.year))?;
    let pool = state.database.pool();
    let is_gp: Option<String> = sqlx::query_scalar(
        "SELECT role FROM municipality_roles WHERE person_id = $1 AND municipality_id = $2 AND role = 'gp'",
    )
    .bind(&input.person_id)
    .bind(municipality_id.as_str())
    .fetch_optional(pool)
    .await?;
    if is_gp.is_none() {
        return Err(FieldError::new("person_id", "not_a_gp", "only GPs of the municipality can be exempted").into());
    }
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query(
        "INSERT INTO obligation_exemptions (municipality_id, person_id, year, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (municipality_id, person_id, year) DO UPDATE SET reason = excluded.reason, decided_by = excluded.decided_by, decided_at = excluded.decided_at",
    )
    .bind(municipality_id.as_str())
    .bind(&input.person_id)
    .bind(input.year)
    .bind(reason)
    .bind(&user.person_id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(&municipality_id),
            action: "obligation.exempted",
            entity_id: Some(&input.person_id),
            details: json!({ "year": input.year, "reason": reason }),
        },
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove an exemption. Administrators and leaders.
async fn remove_exemption(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf((municipality_id, person_id, year)): PathOf<api::RemoveExemption>,
) -> Result<StatusCode, AppError> {
    user.require_any(&municipality_id, &[Role::Administrator, Role::Leader])?;
    let mut tx = state.database.begin().await?;
    sqlx::query("DELETE FROM obligation_exemptions WHERE municipality_id = $1 AND person_id = $2 AND year = $3")
        .bind(municipality_id.as_str())
        .bind(person_id.as_str())
        .bind(year)
        .execute(&mut *tx)
        .await?;
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(&municipality_id),
            action: "obligation.exemption_removed",
            entity_id: Some(&person_id),
            details: json!({ "year": year }),
        },
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
