//! The foundation: health, OpenAPI, the error shape, security headers, limits, static files.

use legeting_shared::{ErrorBody, Health, HealthStatus};
use legeting_tests::{database_kind, spawn_app, workspace_root};
use serde_json::json;

/// Counted from the files, independently of the server.
fn migration_files() -> i64 {
    let dir = workspace_root().join("migrations");
    let count = std::fs::read_dir(dir)
        .expect("migrations/ exists")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "sql"))
        .count();
    i64::try_from(count).expect("a small number")
}

#[tokio::test]
async fn health_reports_the_database_and_every_applied_migration() {
    let app = spawn_app().await;
    let response = app.get("/api/health").await;
    assert_eq!(response.status(), 200);
    let health: Health = response.json().await.expect("a Health body");
    assert_eq!(health.status, HealthStatus::Ok);
    assert_eq!(health.database, database_kind());
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(health.migrations, migration_files());
}

#[tokio::test]
async fn starting_again_on_the_same_database_applies_nothing_twice() {
    let app = spawn_app().await;
    let mut config = app.config.clone();
    config.bind = "127.0.0.1:0".parse().expect("valid");
    let again = legeting::startup::Application::build(config).await.expect("a second start works");
    let applied = again.state().database.applied_migrations().await.expect("readable");
    assert_eq!(applied, migration_files());
}

#[tokio::test]
async fn an_unreachable_database_is_one_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = legeting::config::Config::with_data_dir(dir.path().to_path_buf());
    config.bind = "127.0.0.1:0".parse().expect("valid");
    config.database_url = Some("postgres://legeting:secret@127.0.0.1:1/legeting".parse().expect("valid"));
    config.db_connect_timeout_secs = 1;
    let error = legeting::startup::Application::build(config).await.err().expect("the start fails");
    let message = format!("{error:#}");
    assert!(message.starts_with("could not connect to the database at postgres://legeting:***@127.0.0.1:1/"));
    assert!(!message.contains("secret"), "the password leaked: {message}");
}

#[tokio::test]
async fn the_openapi_document_lists_every_endpoint() {
    let app = spawn_app().await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    let document: serde_json::Value = response.json().await.expect("JSON");
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")));
    assert!(document["paths"]["/health"]["get"].is_object());
    assert!(document["components"]["schemas"]["Health"].is_object());
}

#[tokio::test]
async fn unknown_api_paths_answer_404_in_the_error_shape() {
    let app = spawn_app().await;
    let response = app.get("/api/no-such-thing").await;
    assert_eq!(response.status(), 404);
    let body: ErrorBody = response.json().await.expect("the error shape");
    assert_eq!(body.error.code, "not_found");
}

#[tokio::test]
async fn a_wrong_method_answers_405_in_the_error_shape() {
    let app = spawn_app().await;
    let response = app.session().send(reqwest::Method::DELETE, "/api/health", None).await;
    assert_eq!(response.status(), 405);
    assert!(response.headers().contains_key("allow"));
    let body: ErrorBody = response.json().await.expect("the error shape");
    assert_eq!(body.error.code, "method_not_allowed");
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413_in_the_error_shape() {
    let app = spawn_app().await;
    let too_big = vec![b'x'; app.config.max_body_bytes + 1];
    let response = app.client.post(app.url("/api/health")).body(too_big).send().await.expect("answers");
    assert_eq!(response.status(), 413);
    let body: ErrorBody = response.json().await.expect("the error shape");
    assert_eq!(body.error.code, "payload_too_large");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/api/health", "/", "/meetings/42"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().expect("ascii");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: inline code must stay forbidden");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin", "{path}");
    }
}

#[tokio::test]
async fn every_response_has_a_request_id_and_a_given_one_is_kept() {
    let app = spawn_app().await;
    let response = app.get("/api/health").await;
    assert!(response.headers().get("x-request-id").is_some_and(|id| id.len() >= 32));
    let response =
        app.client.get(app.url("/api/health")).header("x-request-id", "trace-me-123").send().await.expect("answers");
    assert_eq!(response.headers()["x-request-id"], "trace-me-123");
}

#[tokio::test]
async fn app_routes_fall_back_to_the_web_app_page() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/meetings/42")).header("accept-encoding", "identity").send().await;
    let response = response.expect("answers");
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/html"));
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(response.text().await.expect("text").contains("Legeting test"));
}

#[tokio::test]
async fn precompressed_files_are_chosen_by_accept_encoding() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/")).header("accept-encoding", "br").send().await.expect("answers");
    assert_eq!(response.headers()["content-encoding"], "br");
    let response = app.client.get(app.url("/")).header("accept-encoding", "identity").send().await.expect("answers");
    assert!(response.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn hashed_assets_are_served_with_their_type_and_cached_for_long() {
    let app = spawn_app().await;
    let response = app.get("/pkg/app-0123.wasm").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert!(response.headers()["cache-control"].to_str().expect("ascii").contains("immutable"));
}

/// Taking a value that must be unique answers 409 with the key's field and code (`error::UNIQUE_KEYS`, the one
/// place duplicates are translated), on SQLite as on PostgreSQL, whose errors name the key differently.
#[tokio::test]
async fn every_unique_key_a_person_can_run_into_answers_with_its_field() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let people = format!("/api/municipalities/{municipality}/people");
    let gp = |email: &str, hpr: &str| json!({"name": "Liv Lege", "email": email, "hpr_number": hpr, "roles": ["gp"]});
    assert_eq!(admin.post(&people, &gp("liv@lege.test", "7654321")).await.status(), 201);
    let offices = format!("/api/municipalities/{municipality}/offices");
    assert_eq!(admin.post(&offices, &json!({"name": "Sandvika legesenter"})).await.status(), 201);
    let bodies = format!("/api/municipalities/{municipality}/bodies");
    assert_eq!(
        admin.post(&bodies, &json!({"name": "Allmennlegeutvalget", "kind": "gp_committee"})).await.status(),
        201
    );

    // One request per key, taking what the setup above (or the first-run setup: Bærum, 3201) holds.
    let attempts = [
        (("people", "email"), people.clone(), gp("LIV@lege.test", "1111111")),
        (("people", "hpr_number"), people.clone(), gp("other@lege.test", "7654321")),
        (("municipalities", "number"), "/api/municipalities".to_owned(), json!({"name": "Asker", "number": "3201"})),
        (("offices", "name"), offices, json!({"name": "Sandvika legesenter"})),
        (("bodies", "name"), bodies, json!({"name": "Allmennlegeutvalget", "kind": "forum"})),
    ];
    for key in legeting::error::UNIQUE_KEYS {
        let last_column = key.columns.last().copied().unwrap_or_default();
        let Some((_, path, body)) = attempts.iter().find(|(of, _, _)| *of == (key.table, last_column)) else {
            panic!("no request here runs into the unique key of {} {:?}: add one", key.table, key.columns);
        };
        let response = admin.post(path, body).await;
        assert_eq!(response.status(), 409, "{} {:?}", key.table, key.columns);
        let error: ErrorBody = response.json().await.expect("an ErrorBody");
        assert_eq!(
            (error.error.code.as_str(), error.error.field.as_deref()),
            (key.code, Some(key.field)),
            "{} {:?} on {:?}",
            key.table,
            key.columns,
            database_kind()
        );
    }
}
