//! Typed calls to the server's `/api`, returning the shared wire types.
//!
//! Failures come back as [`ApiFailure`], which a page turns into a translated message with
//! [`ApiFailure::message_key`]; the server's English `message` is never shown to users as is.

use legeting_shared::{ErrorBody, Health};
use serde::de::DeserializeOwned;

use crate::i18n::Key;

/// Why an API call did not give what was asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// No answer: offline, server down, or the request was blocked.
    Unreachable,
    /// The server answered with an error in the shared error shape.
    Server { status: u16, code: String },
    /// The server answered something we could not read.
    Unexpected,
}

impl ApiFailure {
    /// The translated message to show for this failure.
    pub fn message_key(&self) -> Key {
        match self {
            ApiFailure::Unreachable => Key::ErrorUnreachable,
            ApiFailure::Server { .. } | ApiFailure::Unexpected => Key::ErrorUnexpected,
        }
    }
}

/// `GET` a JSON resource. `accept_error_status` lists non-2xx statuses whose body is still a `T`
/// (e.g. the health check's 503).
async fn get_json<T: DeserializeOwned>(path: &str, accept_error_status: &[u16]) -> Result<T, ApiFailure> {
    let response = gloo_net::http::Request::get(path)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiFailure::Unreachable)?;
    let status = response.status();
    if response.ok() || accept_error_status.contains(&status) {
        return response.json::<T>().await.map_err(|_| ApiFailure::Unexpected);
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiFailure::Server { status, code: body.error.code }),
        Err(_) => Err(ApiFailure::Unexpected),
    }
}

/// The server's health (`GET /api/health`); a degraded server answers 503 with the same body.
pub async fn health() -> Result<Health, ApiFailure> {
    get_json("/api/health", &[503]).await
}
