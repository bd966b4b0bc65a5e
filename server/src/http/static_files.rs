//! The built web app: files from the assets directory, precompressed variants chosen by `Accept-Encoding`,
//! and `index.html` for every other path so that the app's router can take over (SPA fallback).
//!
//! Files under `/pkg/` carry a content hash in their names (made by `cargo xtask`), so they are cached for a
//! year; everything else is revalidated on each visit.

use std::path::Path;

use axum::http::{HeaderValue, Request, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::Router;
use tower_http::services::{ServeDir, ServeFile};

/// A service answering every non-API path from `assets_dir`.
pub fn service(assets_dir: &Path) -> Router {
    let index = ServeFile::new(assets_dir.join("index.html")).precompressed_br().precompressed_gzip();
    let files = ServeDir::new(assets_dir).precompressed_br().precompressed_gzip().fallback(index);
    Router::new().fallback_service(files).layer(middleware::from_fn(cache_control))
}

async fn cache_control(request: Request<axum::body::Body>, next: Next) -> Response {
    let immutable = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    let value = if immutable { "public, max-age=31536000, immutable" } else { "no-cache" };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}
