//! Each person's choice of notification mail. No row means everything on. Transactional mail (sign-in links,
//! notices, changes, cancellations) ignores this.

use axum::extract::State;
use legeting_shared::api::mail as api;
use legeting_shared::mail::MailPreferences;
use serde_json::json;
use sqlx::AnyPool;

use crate::audit::{self, Change};
use crate::auth::AuthUser;
use crate::db::{flag, now_ms};
use crate::endpoint::JsonOf;
use crate::error::{AppError, Json};
use crate::state::AppState;

/// A person's preferences (the defaults when they never chose).
pub async fn load(pool: &AnyPool, person_id: &str) -> Result<MailPreferences, sqlx::Error> {
    let row: Option<(i64, i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT reminders, agenda_calls, minutes, action_items, information, digest FROM mail_preferences \
         WHERE person_id = $1",
    )
    .bind(person_id)
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        Some((reminders, agenda_calls, minutes, action_items, information, digest)) => MailPreferences {
            reminders: reminders == 1,
            agenda_calls: agenda_calls == 1,
            minutes: minutes == 1,
            action_items: action_items == 1,
            information: information == 1,
            digest: digest == 1,
        },
        None => MailPreferences::default(),
    })
}

/// Save a person's preferences, with an audit entry in the same transaction.
pub async fn store(pool: &AnyPool, person_id: &str, preferences: &MailPreferences) -> Result<(), sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query(
        "INSERT INTO mail_preferences (person_id, reminders, agenda_calls, minutes, action_items, information, \
         digest, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (person_id) DO UPDATE SET \
         reminders = excluded.reminders, agenda_calls = excluded.agenda_calls, minutes = excluded.minutes, \
         action_items = excluded.action_items, information = excluded.information, digest = excluded.digest, \
         updated_at = excluded.updated_at",
    )
    .bind(person_id)
    .bind(flag(preferences.reminders))
    .bind(flag(preferences.agenda_calls))
    .bind(flag(preferences.minutes))
    .bind(flag(preferences.action_items))
    .bind(flag(preferences.information))
    .bind(flag(preferences.digest))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Change {
            actor_id: Some(person_id),
            municipality_id: None,
            action: "person.mail_preferences_changed",
            entity_id: Some(person_id),
            details: json!(preferences),
        },
    )
    .await?;
    tx.commit().await
}

/// My choice of notification mail.
pub async fn get_preferences(State(state): State<AppState>, user: AuthUser) -> Result<Json<MailPreferences>, AppError> {
    Ok(Json(load(state.database.pool(), &user.person_id).await?))
}

/// Choose which notification mail I get. Transactional mail always comes.
pub async fn set_preferences(
    State(state): State<AppState>,
    user: AuthUser,
    JsonOf(input): JsonOf<api::SetPreferences>,
) -> Result<Json<MailPreferences>, AppError> {
    store(state.database.pool(), &user.person_id, &input).await?;
    Ok(Json(load(state.database.pool(), &user.person_id).await?))
}
