//! CSRF protection by double submit: the server gives every browser a random token in a readable cookie,
//! and every state-changing `/api` request must echo it in the `x-csrf-token` header. Another site can make a
//! browser send our cookies, but it cannot read them, so it cannot set the header.
//!
//! The session cookie is also `SameSite=Lax`, which already stops most cross-site posts; this covers the rest
//! (and same-site subdomains).
//!
//! One exemption: RFC 8058 one-click unsubscribe, `POST /api/unsubscribe/{token}`, which mail programs send
//! without our cookies. It acts only on the signed token in its path (one person, one kind of mail), never on a
//! session, so a forged cross-site request could do no more than the token in it already allows.

use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use legeting_shared::auth::{CSRF_COOKIE, CSRF_HEADER};
use rand::RngCore;

use crate::error::error_response;
use crate::state::AppState;

/// Middleware: refuse unsafe `/api` requests without a matching token; hand out a token when missing.
pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(request.headers());
    let cookie_token = jar.get(CSRF_COOKIE).map(|c| c.value().to_owned()).filter(|v| v.len() >= 32);
    // The safe methods of RFC 9110 (section 9.2.1); no route answers TRACE, so it meets a 405.
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE);
    // Inside the nested API router the URI has lost its `/api` prefix; the original one has it.
    let path = match request.extensions().get::<OriginalUri>() {
        Some(original) => original.path().to_owned(),
        None => request.uri().path().to_owned(),
    };
    let is_api = path.starts_with("/api/");
    let one_click_unsubscribe = *request.method() == Method::POST && is_one_click_unsubscribe(&path);
    if unsafe_method && is_api && !one_click_unsubscribe {
        let header_token = request.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        let matches = match (&cookie_token, header_token) {
            (Some(cookie), Some(header)) => constant_time_eq(cookie.as_bytes(), header.as_bytes()),
            _ => false,
        };
        if !matches {
            return error_response(
                StatusCode::FORBIDDEN,
                "csrf",
                "missing or wrong x-csrf-token header; reload the page and try again",
            );
        }
    }
    let mut response = next.run(request).await;
    if cookie_token.is_none() {
        let mut bytes = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let cookie = Cookie::build((CSRF_COOKIE, hex::encode(bytes)))
            .path("/")
            .same_site(SameSite::Strict)
            .secure(state.config.is_https())
            .build();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// `/api/unsubscribe/{token}` and nothing below or beside it.
fn is_one_click_unsubscribe(path: &str) -> bool {
    path.strip_prefix("/api/unsubscribe/").is_some_and(|token| !token.is_empty() && !token.contains('/'))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_unsubscribe_path_itself_is_exempt() {
        assert!(is_one_click_unsubscribe("/api/unsubscribe/eyJ0.eyJ1.sig"));
        assert!(!is_one_click_unsubscribe("/api/unsubscribe/"));
        assert!(!is_one_click_unsubscribe("/api/unsubscribe/a/b"));
        assert!(!is_one_click_unsubscribe("/api/unsubscribed/a"));
        assert!(!is_one_click_unsubscribe("/api/rsvp-links/a"));
        assert!(!is_one_click_unsubscribe("/api/auth/me/mail-preferences"));
    }
}
