//! What the OpenAPI document says about every operation beyond its own annotation: the session cookie it needs,
//! and the answers the shared layers give before (or instead of) the handler.
//!
//! Each handler's `#[utoipa::path]` declares what the handler itself answers. The layers around it answer on
//! their own, the same way for every operation, so they are declared here once, from facts of the operation:
//! - no session cookie (or an ended session) on an operation that needs one: **401**;
//! - an unsafe method without the CSRF header (`auth/csrf.rs`): **403**;
//! - a request body over the limit: **413**; a JSON body that is not valid JSON of the declared shape, or a query
//!   string that does not parse: **422** (`error::Json`, `error::Query`);
//! - a path with an id: **404** when there is no such object or the caller may not know of it; a path segment
//!   of another type than text (a year) that does not parse: **400**.
//!
//! Operations that need no session are listed in [`PUBLIC`]; `tests/api/authorization.rs` checks the list
//! against its access table, so an operation cannot silently become public in the document.
//!
//! [`Methods`] holds the document's methods per path and answers **405** (with `Allow`) to any other method on a
//! routed path before the CSRF check could answer 403: the document says what exists.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{Schema, SchemaType, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{HttpMethod, OpenApi, RefOr, Response, ResponseBuilder};

use legeting_shared::auth::{CSRF_COOKIE, CSRF_HEADER};

use crate::auth::session::SESSION_COOKIE;

/// The name of the session cookie's security scheme in the document.
pub const SESSION_SCHEME: &str = "session";
/// The CSRF double submit: the cookie and the header that must carry the same value on unsafe methods.
pub const CSRF_COOKIE_SCHEME: &str = "csrf_cookie";
pub const CSRF_HEADER_SCHEME: &str = "csrf_header";

/// Operations anyone may call without signing in (their own checks: a password, a one-time or signed token).
pub const PUBLIC: &[&str] = &[
    "health",
    "health_live",
    "health_ready",
    "login",
    "request_magic_link",
    "request_password_reset",
    "redeem_link",
    "setup_status",
    "setup",
    "feed",
    "rsvp_link",
    "answer_by_link",
    "unsubscribe_info",
    "unsubscribe",
];

/// Operations exempt from the CSRF check (they act only on their signed token).
const CSRF_EXEMPT: &[&str] = &["unsubscribe"];

/// Add the session scheme and the shared layers' answers to every operation of the document.
pub fn complete(openapi: &mut OpenApi) {
    let components = openapi.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        SESSION_SCHEME,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            SESSION_COOKIE,
            "The signed session token set by signing in (HttpOnly). Unsafe methods also need the \
             `x-csrf-token` header equal to the `legeting_csrf` cookie.",
        ))),
    );
    components.add_security_scheme(
        CSRF_COOKIE_SCHEME,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            CSRF_COOKIE,
            "Set by the server on any response; its value must be repeated in the `x-csrf-token` header.",
        ))),
    );
    components.add_security_scheme(
        CSRF_HEADER_SCHEME,
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            CSRF_HEADER,
            "The value of the `legeting_csrf` cookie, on every unsafe method (double submit).",
        ))),
    );
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            (HttpMethod::Get, item.get.as_mut()),
            (HttpMethod::Post, item.post.as_mut()),
            (HttpMethod::Put, item.put.as_mut()),
            (HttpMethod::Delete, item.delete.as_mut()),
            (HttpMethod::Patch, item.patch.as_mut()),
        ];
        for (method, operation) in operations {
            if let Some(operation) = operation {
                complete_operation(&method, operation);
            }
        }
    }
}

fn complete_operation(method: &HttpMethod, operation: &mut Operation) {
    let id = operation.operation_id.clone().unwrap_or_default();
    let public = PUBLIC.contains(&id.as_str());
    let unsafe_method = !matches!(method, HttpMethod::Get | HttpMethod::Head | HttpMethod::Options | HttpMethod::Trace);
    let csrf = unsafe_method && !CSRF_EXEMPT.contains(&id.as_str());
    let mut schemes = Vec::new();
    if !public {
        schemes.push(SESSION_SCHEME);
        add(operation, "401", "Not signed in, or the session has ended");
    }
    if csrf {
        schemes.extend([CSRF_COOKIE_SCHEME, CSRF_HEADER_SCHEME]);
        add(operation, "403", "Refused: the CSRF header is missing or wrong, or the caller may not do this");
    }
    if !schemes.is_empty() {
        // One requirement naming every scheme: all of them at once.
        let mut requirement = SecurityRequirement::default();
        for scheme in schemes {
            requirement = requirement.add(scheme, Vec::<String>::new());
        }
        operation.security = Some(vec![requirement]);
    }
    let body =
        operation.request_body.as_ref().map(|body| body.content.keys().any(|m| m.starts_with("application/json")));
    if let Some(json) = body {
        add(operation, "413", "The request body is larger than the server accepts");
        if json {
            add(operation, "422", "The body is not valid JSON of this shape, or a value is refused");
        }
    }
    let parameters = operation.parameters.as_deref().unwrap_or_default();
    let has_query = parameters.iter().any(|p| p.parameter_in == ParameterIn::Query);
    let has_path = parameters.iter().any(|p| p.parameter_in == ParameterIn::Path);
    let typed_path = parameters.iter().any(|p| {
        p.parameter_in == ParameterIn::Path
            && p.schema.as_ref().is_some_and(|schema| {
                !matches!(
                    schema,
                    RefOr::T(Schema::Object(object)) if object.schema_type == SchemaType::Type(Type::String)
                )
            })
    });
    if typed_path {
        add(operation, "400", "A path segment does not parse as its type (e.g. a year that is not a number)");
    }
    if has_query {
        add(operation, "422", "The query string does not parse, or a value is refused");
    }
    if has_path {
        add(operation, "404", "No such object, or none the caller may see");
    }
}

fn add(operation: &mut Operation, status: &str, description: &str) {
    let responses = &mut operation.responses.responses;
    if !responses.contains_key(status) {
        let response: RefOr<Response> = ResponseBuilder::new().description(description).build().into();
        responses.insert(status.to_owned(), response);
    }
}

/// The methods the document declares for each path (`/meetings/{id}`, without `/api`).
#[derive(Debug, Clone, Default)]
pub struct Methods(std::sync::Arc<std::collections::BTreeMap<String, Vec<axum::http::Method>>>);

impl Methods {
    pub fn of(openapi: &OpenApi) -> Methods {
        use axum::http::Method;
        let mut paths = std::collections::BTreeMap::new();
        for (path, item) in &openapi.paths.paths {
            let mut methods = Vec::new();
            for (method, present) in [
                (Method::GET, item.get.is_some()),
                (Method::HEAD, item.get.is_some() || item.head.is_some()),
                (Method::POST, item.post.is_some()),
                (Method::PUT, item.put.is_some()),
                (Method::DELETE, item.delete.is_some()),
                (Method::PATCH, item.patch.is_some()),
            ] {
                if present {
                    methods.push(method);
                }
            }
            paths.insert(path.clone(), methods);
        }
        Methods(std::sync::Arc::new(paths))
    }
}

/// Middleware on routes: a method the document does not declare for the matched path is answered 405.
pub async fn declared_methods(
    axum::extract::State(methods): axum::extract::State<Methods>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let matched = request.extensions().get::<axum::extract::MatchedPath>().map(|m| m.as_str().to_owned());
    let declared =
        matched.as_deref().map(|path| path.strip_prefix("/api").unwrap_or(path)).and_then(|p| methods.0.get(p));
    match declared {
        Some(allowed) if !allowed.contains(request.method()) => {
            let allow = allowed.iter().map(axum::http::Method::as_str).collect::<Vec<_>>().join(",");
            let mut response = crate::error::error_response(
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this method is not allowed here",
            );
            if let Ok(value) = axum::http::HeaderValue::from_str(&allow) {
                response.headers_mut().insert(axum::http::header::ALLOW, value);
            }
            response.into_response()
        }
        _ => next.run(request).await,
    }
}
