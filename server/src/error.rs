//! The one error type of the HTTP boundary.
//!
//! Handlers return `Result<_, AppError>`. Each variant knows its status code and turns into the shared
//! [`ErrorBody`] JSON. Database and unexpected errors become an opaque 500: the cause is logged, never sent.
//! Unique-constraint violations become 409 with a message a person understands. A database that cannot be reached
//! (no connection in time, connection lost, server shutting down, SQLite still locked after its busy timeout)
//! becomes 503 `unavailable`: the request may be tried again.
//!
//! Which error type to use where: domain code returns `AppError` (or its own enum converted into it);
//! start-up and CLI code uses `anyhow`, because there the only consumer is a person reading one line.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use legeting_shared::{ApiError, ErrorBody};

/// Everything that can go wrong while answering an API request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed or a value is invalid; the message says which.
    #[error("{0}")]
    Validation(String),
    /// The caller must sign in.
    #[error("authentication required")]
    Unauthorized,
    /// The caller may not do this.
    #[error("you do not have access to this")]
    Forbidden,
    /// Nothing here, or nothing the caller may see.
    #[error("not found")]
    NotFound,
    /// The change conflicts with what is stored (e.g. a duplicate).
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts: a stable code saying which limit (the web app translates it), and a message
    /// saying when to try again.
    #[error("{1}")]
    TooManyRequests(&'static str, String),
    /// A value was refused; the field and a stable code let the UI say which and why.
    #[error("{0}")]
    Field(#[from] FieldError),
    /// A value that must be unique is taken (e-mail, HPR number, office name).
    #[error("{0}")]
    Duplicate(FieldError),
    /// Wrong e-mail or password.
    #[error("wrong e-mail address or password")]
    InvalidCredentials,
    /// The body is larger than the server accepts.
    #[error("the request body is too large")]
    PayloadTooLarge,
    /// The server's disk is full: what was sent could not be stored (and nothing of it was kept).
    #[error("the server's disk is full; the file was not saved")]
    StorageFull,
    /// The database cannot be reached right now (see [`is_unavailable`]). Logged; the client may try again.
    #[error("the service is briefly unavailable; please try again in a moment")]
    Unavailable(#[source] sqlx::Error),
    /// A database failure. Logged; the client sees only "internal".
    #[error("database error")]
    Database(#[source] sqlx::Error),
    /// Anything else unexpected. Logged; the client sees only "internal".
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// Why a value was refused: which field, a stable code, and an English message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        FieldError { field, code, message: message.into() }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status_code(&self) -> StatusCode {
        match self {
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests(..) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Duplicate(_) => StatusCode::CONFLICT,
            AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            AppError::Field(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::StorageFull => StatusCode::INSUFFICIENT_STORAGE,
            AppError::Database(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine-readable code the frontend translates.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Validation(_) => "validation",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Conflict(_) => "conflict",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::TooManyRequests(code, _) => code,
            AppError::Field(error) | AppError::Duplicate(error) => error.code,
            AppError::InvalidCredentials => "invalid_credentials",
            AppError::Unavailable(_) => "unavailable",
            AppError::StorageFull => "storage_full",
            AppError::Database(_) | AppError::Internal(_) => "internal",
        }
    }
}

impl From<sqlx::Error> for AppError {
    /// A unique key in [`UNIQUE_KEYS`] that a write would have duplicated becomes that key's field error (409);
    /// any other unique violation a plain 409 `conflict`.
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db_error) = &error
            && db_error.is_unique_violation()
        {
            return match UniqueKey::violated_by(db_error.as_ref()) {
                Some(key) => AppError::Duplicate(FieldError::new(key.field, key.code, key.message)),
                None => AppError::Conflict("this already exists".into()),
            };
        }
        if is_unavailable(&error) {
            return AppError::Unavailable(error);
        }
        AppError::Database(error)
    }
}

/// A unique key of the schema that people can run into by typing a value that is taken, and the field error
/// that tells them. This table is the one place database errors about duplicates are translated: handlers let
/// `?` turn the `sqlx::Error` into an [`AppError`].
#[derive(Debug)]
pub struct UniqueKey {
    /// The table and the columns of the key, as SQLite names them ("UNIQUE constraint failed: people.email").
    pub table: &'static str,
    pub columns: &'static [&'static str],
    /// The constraint's name on PostgreSQL: an inline `UNIQUE` is named `<table>_<columns>_key`.
    pub constraint: &'static str,
    /// The field error: which field, its stable code, the English message.
    pub field: &'static str,
    pub code: &'static str,
    pub message: &'static str,
}

/// Every unique key a person can run into, with its field error (`tests/api/foundation.rs` violates each one
/// on both databases).
pub const UNIQUE_KEYS: &[UniqueKey] = &[
    UniqueKey {
        table: "people",
        columns: &["email"],
        constraint: "people_email_key",
        field: "email",
        code: "duplicate_email",
        message: "a person with this e-mail address already exists",
    },
    UniqueKey {
        table: "people",
        columns: &["hpr_number"],
        constraint: "people_hpr_number_key",
        field: "hpr_number",
        code: "duplicate_hpr",
        message: "a person with this HPR number already exists",
    },
    UniqueKey {
        table: "municipalities",
        columns: &["number"],
        constraint: "municipalities_number_key",
        field: "number",
        code: "duplicate_municipality_number",
        message: "a municipality with this number already exists",
    },
    UniqueKey {
        table: "offices",
        columns: &["municipality_id", "name"],
        constraint: "offices_municipality_id_name_key",
        field: "name",
        code: "duplicate_name",
        message: "this name is already in use",
    },
    UniqueKey {
        table: "bodies",
        columns: &["municipality_id", "name"],
        constraint: "bodies_municipality_id_name_key",
        field: "name",
        code: "duplicate_name",
        message: "a body with this name already exists",
    },
];

impl UniqueKey {
    /// The key a unique violation is about: by constraint name on PostgreSQL, by table and columns on SQLite.
    pub fn violated_by(error: &dyn sqlx::error::DatabaseError) -> Option<&'static UniqueKey> {
        if let Some(constraint) = error.constraint() {
            return UNIQUE_KEYS.iter().find(|key| key.constraint == constraint);
        }
        let columns = error.message().strip_prefix("UNIQUE constraint failed: ")?;
        UNIQUE_KEYS.iter().find(|key| key.sqlite_columns().eq(columns.split(", ")))
    }

    /// `table.column` for each column, as SQLite lists them.
    fn sqlite_columns(&self) -> impl Iterator<Item = String> + '_ {
        self.columns.iter().map(|column| format!("{}.{column}", self.table))
    }
}

/// Whether `error` says the database cannot be reached right now rather than that the request is wrong: no
/// connection within the acquire timeout, the pool closed, the connection lost (I/O, TLS), PostgreSQL's
/// connection exceptions (class 08) and operator intervention (class 57: shutdown, restart), SQLite still busy or
/// locked after its busy timeout.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db_error) => db_error.code().is_some_and(|code| {
            code.starts_with("08") || code.starts_with("57P") || matches!(code.as_ref(), "5" | "6" | "261" | "517")
        }),
        _ => false,
    }
}

impl From<anyhow::Error> for AppError {
    fn from(error: anyhow::Error) -> Self {
        AppError::Internal(error)
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
            _ => AppError::Validation(rejection.body_text()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            AppError::Database(cause) => tracing::error!(error = %cause, "database error"),
            AppError::Unavailable(cause) => tracing::warn!(error = %cause, "the database is unavailable"),
            AppError::Internal(cause) => tracing::error!(error = format!("{cause:#}"), "internal error"),
            _ => {}
        }
        let field = match &self {
            AppError::Field(error) | AppError::Duplicate(error) => Some(error.field.to_owned()),
            _ => None,
        };
        let body = ErrorBody { error: ApiError { code: self.code().to_owned(), message: self.to_string(), field } };
        (self.status_code(), axum::Json(body)).into_response()
    }
}

/// A response in the one error shape, for middleware that has no `AppError` at hand.
pub fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    let body = ErrorBody { error: ApiError { code: code.to_owned(), message: message.to_owned(), field: None } };
    (status, axum::Json(body)).into_response()
}

/// `axum::Json`, but its rejections are answered in the one error shape (422, or 413 when too large), and a
/// number written with a zero fraction (`7.0`) is taken as the integer it is: JSON Schema's `integer` allows it,
/// and so must a server whose OpenAPI document says `integer`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<serde_json::Value>::from_request(request, state).await?;
        serde_path_to_error::deserialize(integral_numbers(value)).map(Json).map_err(|error| {
            AppError::Validation(format!("Failed to deserialize the JSON body into the target type: {error}"))
        })
    }
}

/// Numbers with a zero fraction that fit an `i64` exactly become integers, everywhere in the value.
fn integral_numbers(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: beyond it an f64 is not an exact integer
    match value {
        Value::Number(number) if !number.is_i64() && !number.is_u64() => match number.as_f64() {
            #[allow(clippy::cast_possible_truncation)]
            Some(float) if float.fract() == 0.0 && float.abs() < EXACT => Value::from(float as i64),
            _ => Value::Number(number),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(integral_numbers).collect()),
        Value::Object(fields) => Value::Object(fields.into_iter().map(|(k, v)| (k, integral_numbers(v))).collect()),
        other => other,
    }
}

/// `axum::extract::Query`, but a malformed query string is answered in the one error shape (422).
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(AppError::Validation(rejection.body_text())),
        }
    }
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}
