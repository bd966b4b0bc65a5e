//! Every file the API hands out (exports, calendar files, attachments) leaves through [`download`], so each
//! carries its type and a `Content-Disposition` that a file name cannot break out of.

use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::Response;

/// A file to download: its type, and a `Content-Disposition` with the name reduced to safe ASCII (the
/// header cannot carry anything else, and a name must not be able to break out of its quotes).
pub fn download(bytes: impl Into<Body>, content_type: &str, file_name: &str) -> Response {
    let safe_name: String =
        file_name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    let mut response = Response::new(bytes.into());
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{safe_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
