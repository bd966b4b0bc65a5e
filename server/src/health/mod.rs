//! `GET /api/health`: whether the server and its database answer, which database it is, and how many
//! migrations are applied. Used by load balancers, operators and the web app's status page.

use axum::http::StatusCode;
use legeting_shared::{Health, HealthStatus};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::Json;
use crate::state::AppState;

/// The routes of this domain.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// Report the server's health. Answers 503 with `status: degraded` when the database does not answer.
#[utoipa::path(
    get,
    path = "/health",
    tag = "health",
    responses(
        (status = 200, description = "The server and its database answer", body = Health),
        (status = 503, description = "The database does not answer", body = Health),
    )
)]
async fn health(state: axum::extract::State<AppState>) -> (StatusCode, Json<Health>) {
    let database = &state.database;
    let (status, migrations) = match database.applied_migrations().await {
        Ok(count) => (HealthStatus::Ok, count),
        Err(error) => {
            tracing::warn!(%error, "health check: the database does not answer");
            (HealthStatus::Degraded, 0)
        }
    };
    let code = if status == HealthStatus::Ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = Health { status, database: database.kind(), version: env!("CARGO_PKG_VERSION").to_owned(), migrations };
    (code, Json(body))
}
