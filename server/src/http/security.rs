//! Security headers on every response, and `Strict-Transport-Security` when `LEGETING_HSTS` asks for it.
//!
//! The content security policy allows the WebAssembly app (`'wasm-unsafe-eval'`) and nothing inline: the
//! page loads its boot script and styles from files, so no `'unsafe-inline'` is needed anywhere.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::config::Config;

/// The content security policy of every page.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const HEADERS: [(HeaderName, &str); 5] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (HeaderName::from_static("permissions-policy"), "camera=(self), geolocation=(), microphone=()"),
];

/// The `Strict-Transport-Security` value `LEGETING_HSTS` asks for, if any.
pub fn hsts(config: &Config) -> Option<HeaderValue> {
    config.hsts_max_age_secs.and_then(|secs| HeaderValue::from_str(&format!("max-age={secs}")).ok())
}

/// Middleware: set each security header unless the handler set it itself, and HSTS when configured.
pub async fn headers(State(hsts): State<Option<HeaderValue>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in HEADERS {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if let Some(hsts) = hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts);
    }
    response
}
