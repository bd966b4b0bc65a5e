//! The audit log: who changed what and when, for every change to people, roles, offices, municipalities
//! and settings. Entries are written in the same transaction as the change they describe ([`commit`] records
//! the entry and commits), and never hold passwords or tokens; the actor is a person id the caller passes.
//! Administrators read them through `GET /api/municipalities/{id}/audit`.

use legeting_shared::api::audit as api;
use legeting_shared::people::AuditEntry;
use serde_json::Value;

use crate::auth::AuthUser;
use crate::db::{new_id, now_ms};
use crate::endpoint::{PathOf, Routes};
use crate::error::{AppError, Json};
use crate::state::AppState;
use axum::extract::State;
use legeting_shared::people::Role;

/// One change to record.
pub struct Change<'a> {
    pub actor_id: Option<&'a str>,
    pub municipality_id: Option<&'a str>,
    pub action: &'a str,
    pub entity_id: Option<&'a str>,
    pub details: Value,
}

/// Record `change` in the transaction that made it and commit both: how a handler ends a change that the audit
/// log must show (the entry and the change are kept together or not at all).
pub async fn commit(mut tx: sqlx::Transaction<'_, sqlx::Any>, change: Change<'_>) -> Result<(), sqlx::Error> {
    record(&mut *tx, change).await?;
    tx.commit().await
}

/// Write an audit entry with the given executor (use the change's transaction; [`commit`] when the entry is
/// the change's last write).
pub async fn record<'e, E>(executor: E, change: Change<'_>) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor_id, municipality_id, action, entity_id, details) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new_id())
    .bind(now_ms())
    .bind(change.actor_id)
    .bind(change.municipality_id)
    .bind(change.action)
    .bind(change.entity_id)
    .bind(change.details.to_string())
    .execute(executor)
    .await?;
    Ok(())
}

/// id, at, actor name, action, entity id, details
type AuditRow = (String, i64, Option<String>, String, Option<String>, String);

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new().endpoint(api::ListAudit, list_audit)
}

/// The newest 500 audit entries of a municipality. Administrators only.
async fn list_audit(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::ListAudit>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    user.require_any(&municipality_id, &[Role::Administrator])?;
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT a.id, a.at, p.name, a.action, a.entity_id, a.details FROM audit_log a \
         LEFT JOIN people p ON p.id = a.actor_id WHERE a.municipality_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT 500",
    )
    .bind(municipality_id.as_str())
    .fetch_all(state.database.pool())
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(id, at, actor_name, action, entity_id, details)| AuditEntry {
                id,
                at,
                actor_name,
                action,
                entity_id,
                details,
            })
            .collect(),
    ))
}
