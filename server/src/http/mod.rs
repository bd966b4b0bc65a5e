//! The HTTP surface: the API router with its OpenAPI document, middleware, and the web app's files.
//!
//! Every domain exports `router() -> Routes`, its handlers registered through their declarations in
//! `legeting_shared::api` (`crate::endpoint`); [`api_router`] merges them, and the OpenAPI document is made from the
//! same declarations, so a new endpoint appears in `/api/openapi.json` by being routed at all.
//! This module owns cross-cutting concerns only (headers, limits, request ids, tracing, error shape); it holds
//! no domain logic.

pub mod contract;
mod security;
mod static_files;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderName, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;

use crate::endpoint::Routes;
use crate::error::{AppError, error_response};
use crate::state::AppState;

/// The header that carries each request's id, set by the server when the client sends none.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The OpenAPI document's fixed parts; paths are added from the endpoint declarations.
#[derive(OpenApi)]
#[openapi(
    info(title = "Legeting API", description = "Meetings and participation for a municipality and its GPs."),
    servers((url = "/api")),
    tags(
        (name = "health", description = "Server health"),
        (name = "auth", description = "Signing in and out, first-run setup"),
        (name = "people", description = "Municipalities, offices, people and roles"),
        (name = "audit", description = "Who changed what"),
        (name = "bodies", description = "Committees, fora and their members"),
        (name = "meetings", description = "Meetings, agendas, proposals, RSVP, minutes and action items"),
        (name = "calendar", description = "Calendar files and personal feeds"),
        (name = "mail", description = "One-click answers, unsubscribe, mail preferences and the outbox"),
        (name = "attendance", description = "Attendance, check-in and the annual meeting obligation"),
        (name = "analytics", description = "Participation rates and exports"),
        (name = "compensation", description = "Hourly rates and compensation statements"),
        (name = "letters", description = "Information letters and announcements, and their archive"),
        (name = "live", description = "The live meeting room (websocket)"),
    )
)]
struct ApiDoc;

/// The full application router: `/api/*` and the web app with SPA fallback.
pub fn router(state: AppState) -> Router {
    let (api, mut openapi) = api_router().into_parts(ApiDoc::openapi());
    contract::complete(&mut openapi);
    let methods = contract::Methods::of(&openapi);
    let openapi_json = openapi.to_pretty_json().unwrap_or_else(|_| "{}".to_owned());
    let api = api
        .route(
            "/openapi.json",
            get(move || async move { ([(header::CONTENT_TYPE, "application/json")], openapi_json) }),
        )
        .fallback(|| async { AppError::NotFound })
        // On routes only, so that an unknown path is a 404 and an undeclared method a 405, not a CSRF refusal.
        .route_layer(middleware::from_fn_with_state(state.clone(), crate::auth::csrf::protect))
        .route_layer(middleware::from_fn_with_state(methods, contract::declared_methods))
        .layer(middleware::from_fn_with_state(state.clone(), crate::auth::session::authenticate))
        .layer(header_no_store());

    let max_body = state.config.max_body_bytes;
    let security_headers = middleware::from_fn_with_state(security::hsts(&state.config), security::headers);
    Router::new()
        .nest("/api", api)
        .fallback_service(static_files::service(&state.config.assets_dir))
        .with_state(state)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(middleware::from_fn(json_errors))
        .layer(security_headers)
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<Body>| {
                    let request_id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    // The route template (`/api/unsubscribe/{token}`), never the path's secrets or the query.
                    let route = loggable_route(request);
                    tracing::info_span!("request", method = %request.method(), route = %route, request_id)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// What the request log says about a request's target. Paths and queries carry secrets (sign-in, invitation,
/// setup and reset links: `?token=`; one-click answers, unsubscribe links and calendar feeds: a path segment),
/// so the log gets the route template axum matched (`/api/unsubscribe/{token}`), or for anything else (the web
/// app's pages and files, unknown paths) the path with every segment that could be a token masked. Never the
/// query string.
fn loggable_route(request: &Request<Body>) -> String {
    match request.extensions().get::<MatchedPath>() {
        Some(matched) => matched.as_str().to_owned(),
        None => mask_path(request.uri().path()),
    }
}

/// The path with each segment that could be a secret replaced by `***`: anything of 20 characters or more that
/// is not a content-hashed file name of the web app.
fn mask_path(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let asset = segment.rsplit_once('.').is_some_and(|(_, ext)| {
                ["wasm", "js", "css", "br", "gz", "svg", "png", "ico", "woff2", "json", "html"].contains(&ext)
            });
            if segment.len() >= 20 && !asset { "***" } else { segment }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every domain's routes, with their OpenAPI operations, before they are nested under `/api`.
pub fn api_router() -> Routes {
    Routes::new()
        .merge(crate::health::router())
        .merge(crate::signin::router())
        .merge(crate::people::router())
        .merge(crate::audit::router())
        .merge(crate::roster::router())
        .merge(crate::bodies::router())
        .merge(crate::meetings::router())
        .merge(crate::calendar::router())
        .merge(crate::outbox::router())
        .merge(crate::attendance::router())
        .merge(crate::analytics::router())
        .merge(crate::compensation::router())
        .merge(crate::letters::router())
        .merge(crate::live::router())
}

/// API responses are personal and live: never cached.
fn header_no_store() -> tower_http::set_header::SetResponseHeaderLayer<header::HeaderValue> {
    tower_http::set_header::SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    )
}

/// Gives every API error the one JSON shape, also those made outside our handlers (unknown method,
/// body too large at the transport layer, timeouts). Paths outside `/api` belong to the web app and are
/// left alone.
async fn json_errors(request: Request, next: Next) -> Response {
    let is_api = request.uri().path() == "/api" || request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_api {
        return response;
    }
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "this method is not allowed here"),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "the request body is too large"),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "the request took too long"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "expected application/json"),
        StatusCode::NOT_FOUND => ("not_found", "not found"),
        s if s.is_server_error() => ("internal", "internal error"),
        _ => ("bad_request", "the request could not be understood"),
    };
    let mut replaced = error_response(status, code, message);
    if let Some(allow) = response.headers().get(header::ALLOW) {
        replaced.headers_mut().insert(header::ALLOW, allow.clone());
    }
    replaced.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_paths_keep_pages_and_files_but_not_tokens() {
        assert_eq!(mask_path("/innlogging/lenke"), "/innlogging/lenke");
        assert_eq!(mask_path("/moter/0b6f4c1e-8d7a-4f0e-9a43-5f0f7d7e2c11"), "/moter/***");
        assert_eq!(mask_path("/api/calendar/feed/3f9a0c1d2e3f4a5b6c7d8e9f0a1b2c3d"), "/api/calendar/feed/***");
        assert_eq!(mask_path("/api/unsubscribe/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"), "/api/unsubscribe/***");
        assert_eq!(
            mask_path("/pkg/legeting-frontend-0123456789abcdef.wasm"),
            "/pkg/legeting-frontend-0123456789abcdef.wasm"
        );
    }
}
