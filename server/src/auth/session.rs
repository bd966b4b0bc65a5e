//! Sessions: a signed JWT in an HttpOnly cookie, backed by a row in `sessions`.
//!
//! The JWT (HS256, jsonwebtoken) names the person and the session and lives 15 minutes; the middleware
//! renews it while the session row is valid (30 days from sign-in). Every request also checks the row, so
//! signing out, "sign out everywhere" and deactivating a person take effect at once, on every instance.
//!
//! [`AuthUser`] is the extractor handlers use; it carries the person's roles in every municipality, and its
//! `require_*` methods are the one place authorization decisions are made.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use jsonwebtoken::{Algorithm, Header, Validation};
use legeting_shared::people::Role;
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

use crate::db::{new_id, now_ms};
use crate::error::AppError;
use crate::state::AppState;

/// The cookie that holds the session JWT.
pub const SESSION_COOKIE: &str = "legeting_session";
const TOKEN_LIFETIME_MS: i64 = 15 * 60 * 1000;
const SESSION_LIFETIME_MS: i64 = 30 * 24 * 60 * 60 * 1000;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The person.
    sub: String,
    /// The session row.
    sid: String,
    /// Expiry, unix seconds.
    exp: i64,
}

/// How a session was started, kept with it (`sessions.signed_in_with`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedInWith {
    Password,
    /// A sign-in link, an invitation or a password reset from an e-mail.
    Link,
    /// First-run setup.
    Setup,
}

impl SignedInWith {
    pub fn as_str(self) -> &'static str {
        match self {
            SignedInWith::Password => "password",
            SignedInWith::Link => "link",
            SignedInWith::Setup => "setup",
        }
    }

    fn parse(value: &str) -> SignedInWith {
        match value {
            "link" => SignedInWith::Link,
            "setup" => SignedInWith::Setup,
            _ => SignedInWith::Password,
        }
    }
}

/// The signed-in person, their session and their roles in every municipality.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub person_id: String,
    pub session_id: String,
    /// How the session was started, and when (unix ms).
    pub signed_in_with: SignedInWith,
    pub signed_in_at: i64,
    pub name: String,
    pub installation_admin: bool,
    /// (municipality id, role)
    pub roles: Vec<(String, Role)>,
}

impl AuthUser {
    /// The person's roles in one municipality.
    pub fn roles_in(&self, municipality_id: &str) -> Vec<Role> {
        self.roles.iter().filter(|(m, _)| m == municipality_id).map(|(_, role)| *role).collect()
    }

    /// Whether the person may see the municipality at all (any role there, or an installation admin).
    pub fn is_member(&self, municipality_id: &str) -> bool {
        self.installation_admin || self.roles.iter().any(|(m, _)| m == municipality_id)
    }

    /// Allow if the person has one of `roles` in the municipality (installation admins always pass).
    /// Someone with no role there gets "not found", so other municipalities' data cannot even be probed;
    /// a member without the role gets "forbidden".
    pub fn require_any(&self, municipality_id: &str, roles: &[Role]) -> Result<(), AppError> {
        if self.installation_admin {
            return Ok(());
        }
        let held = self.roles_in(municipality_id);
        if held.is_empty() {
            return Err(AppError::NotFound);
        }
        if held.iter().any(|role| roles.contains(role)) { Ok(()) } else { Err(AppError::Forbidden) }
    }

    /// Allow any member of the municipality.
    pub fn require_member(&self, municipality_id: &str) -> Result<(), AppError> {
        if self.is_member(municipality_id) { Ok(()) } else { Err(AppError::NotFound) }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<AuthUser>().cloned().ok_or(AppError::Unauthorized)
    }
}

/// The signed-in person if there is one, for endpoints that also serve anonymous callers.
#[derive(Debug, Clone)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeAuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeAuthUser(parts.extensions.get::<AuthUser>().cloned()))
    }
}

/// Start a session for `person_id` and return the cookie that carries it.
pub async fn start(
    state: &AppState,
    person_id: &str,
    user_agent: Option<&str>,
    signed_in_with: SignedInWith,
) -> Result<Cookie<'static>, AppError> {
    let session_id = new_id();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO sessions (id, person_id, created_at, expires_at, user_agent, signed_in_with) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&session_id)
    .bind(person_id)
    .bind(now)
    .bind(now + SESSION_LIFETIME_MS)
    .bind(user_agent.map(|ua| ua.chars().take(300).collect::<String>()))
    .bind(signed_in_with.as_str())
    .execute(state.database.pool())
    .await?;
    session_cookie(state, person_id, &session_id)
}

fn session_cookie(state: &AppState, person_id: &str, session_id: &str) -> Result<Cookie<'static>, AppError> {
    let claims =
        Claims { sub: person_id.to_owned(), sid: session_id.to_owned(), exp: (now_ms() + TOKEN_LIFETIME_MS) / 1000 };
    let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, state.keys.session_encoding())
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .build())
}

/// A cookie that removes the session cookie.
pub fn removal_cookie(state: &AppState) -> Cookie<'static> {
    let mut cookie = Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .build();
    cookie.make_removal();
    cookie
}

/// End one session.
pub async fn revoke(pool: &AnyPool, session_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now_ms())
        .bind(session_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// End every session of a person but one (after a password change: the browser that changed it stays).
pub async fn revoke_others(pool: &AnyPool, person_id: &str, keep_session_id: &str) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE person_id = $2 AND id <> $3 AND revoked_at IS NULL")
            .bind(now_ms())
            .bind(person_id)
            .bind(keep_session_id)
            .execute(pool)
            .await?;
    Ok(done.rows_affected())
}

/// End every session of a person (sign out everywhere; also when a person is deactivated).
pub async fn revoke_all(pool: &AnyPool, person_id: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE person_id = $2 AND revoked_at IS NULL")
        .bind(now_ms())
        .bind(person_id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// Middleware: find the signed-in person from the session cookie, put an [`AuthUser`] in the request, and
/// renew the JWT when it has expired but the session has not.
pub async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(request.headers());
    let mut renewed = None;
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        match load(&state, cookie.value()).await {
            Ok(Some((user, needs_renewal))) => {
                if needs_renewal {
                    renewed = session_cookie(&state, &user.person_id, &user.session_id).ok();
                }
                request.extensions_mut().insert(user);
            }
            Ok(None) => {}
            // The database is away: say so (503) rather than treat the caller as signed out.
            Err(error) if crate::error::is_unavailable(&error) => {
                return axum::response::IntoResponse::into_response(crate::error::AppError::Unavailable(error));
            }
            Err(error) => tracing::error!(%error, "could not load a session"),
        }
    }
    let mut response = next.run(request).await;
    if let Some(cookie) = renewed
        && let Ok(value) = HeaderValue::from_str(&cookie.to_string())
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

async fn load(state: &AppState, token: &str) -> Result<Option<(AuthUser, bool)>, sqlx::Error> {
    let mut validation = Validation::new(Algorithm::HS256);
    // Expiry is checked below: an expired token with a live session is renewed, not refused.
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    let Ok(data) = jsonwebtoken::decode::<Claims>(token, state.keys.session_decoding(), &validation) else {
        return Ok(None);
    };
    let claims = data.claims;
    let needs_renewal = claims.exp * 1000 <= now_ms();
    let user = current(state.database.pool(), &claims.sid, &claims.sub).await?;
    Ok(user.map(|user| (user, needs_renewal)))
}

/// The person behind a session as they are now (with their current roles), or `None` once the session is
/// revoked or expired or the person deactivated. Every request's `authenticate` uses it, and so do long-lived
/// connections (the live room's websockets) that re-check their caller while open.
pub async fn current(pool: &AnyPool, session_id: &str, person_id: &str) -> Result<Option<AuthUser>, sqlx::Error> {
    let row: Option<(String, i64, String, i64)> = sqlx::query_as(
        "SELECT p.name, p.installation_admin, s.signed_in_with, s.created_at FROM sessions s \
         JOIN people p ON p.id = s.person_id \
         WHERE s.id = $1 AND s.person_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3 AND p.active = 1",
    )
    .bind(session_id)
    .bind(person_id)
    .bind(now_ms())
    .fetch_optional(pool)
    .await?;
    let Some((name, installation_admin, signed_in_with, signed_in_at)) = row else { return Ok(None) };
    let roles: Vec<(String, String)> =
        sqlx::query_as("SELECT municipality_id, role FROM municipality_roles WHERE person_id = $1")
            .bind(person_id)
            .fetch_all(pool)
            .await?;
    let roles = roles.into_iter().filter_map(|(m, role)| Role::parse(&role).map(|role| (m, role))).collect();
    Ok(Some(AuthUser {
        person_id: person_id.to_owned(),
        session_id: session_id.to_owned(),
        signed_in_with: SignedInWith::parse(&signed_in_with),
        signed_in_at,
        name,
        installation_admin: installation_admin == 1,
        roles,
    }))
}
