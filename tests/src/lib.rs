//! The test harness shared by the integration tests (`api/`) and the browser tests (`browser/`).
//!
//! [`spawn_app`] starts the real server in-process on a free port with a database of its own: an SQLite file
//! in a temporary directory, or a throwaway PostgreSQL database when `LEGETING_TEST_DATABASE=postgres`
//! (created on `LEGETING_TEST_POSTGRES_URL`, default the local server, and dropped when the test ends). No two
//! tests share a database or a port, and no test depends on what another left behind.
//!
//! Mail: by default the server sends into an in-memory capture ([`TestApp::outbox`]) and runs no background
//! mail worker, so tests decide when queued mail goes out ([`TestApp::deliver_mail`]). Sign-in links asked for
//! by e-mail address are sent at once anyway, just after the request is answered ([`TestApp::wait_for_mail_to`]).
//!
//! Logs: every server's log output is captured ([`log_capture`]); a dropped [`TestApp`] fails if a secret from
//! any link it mailed was logged. [`spawn_app_with_mail`] points the server at a real SMTP server instead ([`smtp::TestSmtp`])
//! and can run the background worker.

pub mod live;
pub mod log_capture;
pub mod national;
pub mod smtp;
pub mod source;

use legeting_shared::api::NoQuery;
use legeting_shared::api::auth as auth_api;
use legeting_shared::auth::LoginRequest;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use legeting::config::Config;
use legeting::mail::{Mailer, MemoryOutbox};
use legeting::startup::Application;
use legeting::state::AppState;
use legeting_shared::DatabaseKind;
use legeting_shared::api::{self, BodyKind, BodyOf, Endpoint, ReplyOf, RequestBody};
use legeting_shared::auth::{CSRF_COOKIE, CSRF_HEADER, Me, SetupRequest};
use legeting_shared::people::{Person, PersonInput, Role};
use reqwest::cookie::CookieStore;
use sqlx::{Connection, Executor};
use tempfile::TempDir;
use tokio::sync::oneshot;

/// The PostgreSQL server used when `LEGETING_TEST_POSTGRES_URL` is not set.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Which database backend this test run uses, from `LEGETING_TEST_DATABASE` (`sqlite` by default).
pub fn database_kind() -> DatabaseKind {
    match std::env::var("LEGETING_TEST_DATABASE").as_deref() {
        Ok("postgres") | Ok("postgresql") => DatabaseKind::Postgres,
        _ => DatabaseKind::Sqlite,
    }
}

/// The workspace root, for finding `migrations/` and `frontend/dist`.
pub fn workspace_root() -> PathBuf {
    let tests_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    tests_dir.parent().map(Path::to_path_buf).unwrap_or(tests_dir)
}

/// A running server with its own database, and an HTTP client that keeps cookies.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    /// A client with a cookie store, like a browser.
    pub client: reqwest::Client,
    /// The server's state, to reach into the database directly.
    pub state: AppState,
    /// The configuration the server was built with.
    pub config: Config,
    /// Every e-mail the server sent.
    pub outbox: MemoryOutbox,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _database: TestDatabase,
    _data_dir: TempDir,
}

impl TestApp {
    /// Stop the server the way SIGTERM does (graceful shutdown) and wait until it has stopped; its database
    /// stays, for the test to look at with [`TestApp::reopen_database`].
    pub async fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _already_stopped = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _result = server.await;
        }
    }

    /// A new connection pool to this test's database (the server's own closes when it stops).
    pub async fn reopen_database(&self) -> sqlx::AnyPool {
        let url = self.config.database_url.as_ref().expect("the test's database").expose().to_owned();
        sqlx::AnyPool::connect(&url).await.expect("the database opens again")
    }

    /// `address` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// `GET` a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("the server answers")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _already_stopped = stop.send(());
        }
        // Every test checks that no link it was mailed reached the log (not while failing already).
        if !std::thread::panicking() {
            log_capture::assert_not_logged(&self.mailed_secrets());
        }
    }
}

impl TestApp {
    /// The secrets in every link this app mailed (captured in memory): sign-in, invitation and reset tokens,
    /// one-click answers, unsubscribe links.
    pub fn mailed_secrets(&self) -> Vec<String> {
        let mut secrets = Vec::new();
        for mail in self.outbox.messages() {
            secrets.extend(log_capture::secrets_in(&mail.text));
            secrets.extend(log_capture::secrets_in(mail.html.as_deref().unwrap_or_default()));
            secrets.extend(log_capture::secrets_in(mail.list_unsubscribe.as_deref().unwrap_or_default()));
        }
        secrets.sort();
        secrets.dedup();
        secrets
    }

    /// The messages to `email` once there are at least `count` (sign-in links go out in the background, after
    /// the request was answered); fails after ten seconds.
    pub async fn wait_for_mail_to(&self, email: &str, count: usize) -> Vec<legeting::mail::SentMail> {
        let messages = self.outbox.wait_for_messages_to(email, count, std::time::Duration::from_secs(10)).await;
        assert!(messages.len() >= count, "expected {count} e-mails to {email}, got {}", messages.len());
        messages
    }
}

/// Real ids to put into the path templates of the OpenAPI document, for tests that call every route.
#[derive(Debug, Clone, Default)]
pub struct RouteIds {
    pub municipality: String,
    pub person: String,
    pub office: String,
    pub body: String,
    pub meeting: String,
    pub agenda_item: String,
    pub attachment: String,
    pub proposal: String,
    pub action_item: String,
    pub letter: String,
    /// A rate period (the callers of `delete_rate` may make a fresh one per call instead).
    pub rate: Option<String>,
}

impl RouteIds {
    /// `/api` + `template` with every `{…}` filled: a person's id, an unknown token, the year 2026, and the id
    /// of the object the path segment before names (`/meetings/{id}` → the meeting).
    pub fn path(&self, template: &str) -> String {
        let mut path = format!("/api{template}").replace("{person_id}", &self.person).replace("{token}", "not-a-token");
        if let Some(rate) = &self.rate {
            path = path.replace("{rate_id}", rate);
        }
        for (segment, id) in [
            ("/offices/{id}", &self.office),
            ("/bodies/{id}", &self.body),
            ("/meetings/{id}", &self.meeting),
            ("/agenda-items/{id}", &self.agenda_item),
            ("/attachments/{id}", &self.attachment),
            ("/proposals/{id}", &self.proposal),
            ("/action-items/{id}", &self.action_item),
            ("/letters/{id}", &self.letter),
        ] {
            path = path.replace(segment, &segment.replace("{id}", id));
        }
        path.replace("{year}", "2026").replace("{id}", &self.municipality)
    }
}

/// The password every test user gets from [`TestApp::signed_in`].
pub const TEST_PASSWORD: &str = "riktig-hest-batteri-stift";

impl TestApp {
    /// A new browser-like client with its own cookies, not signed in.
    pub fn session(&self) -> Session {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder().cookie_provider(jar.clone()).build().expect("a client");
        Session { client, jar, address: self.address.clone() }
    }

    /// Run the first-run setup (municipality "Bærum", administrator admin@baerum.test) and return the
    /// signed-in administrator, who is also an installation administrator.
    pub async fn setup_installation(&self) -> (Session, Me) {
        let token =
            legeting::auth::tokens::issue(self.state.database.pool(), None, legeting::auth::tokens::Purpose::Setup)
                .await
                .expect("a setup token");
        let admin = self.session();
        let request = SetupRequest {
            token,
            municipality_name: "Bærum".into(),
            municipality_number: Some("3201".into()),
            name: "Astrid Admin".into(),
            email: "admin@baerum.test".into(),
            password: TEST_PASSWORD.into(),
        };
        let response = admin.post("/api/setup", &request).await;
        assert_eq!(response.status(), 200, "setup failed: {}", response.text().await.unwrap_or_default());
        let me: Me = response.json().await.expect("Me");
        (admin, me)
    }

    /// As `admin`, add a person with `roles` to the municipality.
    pub async fn add_person(
        &self,
        admin: &Session,
        municipality_id: &str,
        name: &str,
        email: &str,
        roles: &[Role],
    ) -> Person {
        let input = PersonInput {
            name: name.into(),
            email: email.into(),
            phone: None,
            hpr_number: None,
            office_id: None,
            specialist: false,
            list_size: None,
            open_list_places: None,
            employment: None,
            active: true,
            roles: roles.to_vec(),
        };
        let response = admin.post(&format!("/api/municipalities/{municipality_id}/people"), &input).await;
        assert_eq!(response.status(), 201, "could not add {email}: {}", response.text().await.unwrap_or_default());
        response.json().await.expect("Person")
    }

    /// Give the person with `email` the test password and return a session signed in as them.
    pub async fn signed_in(&self, email: &str) -> Session {
        let password = legeting::auth::password::NewPassword::parse(TEST_PASSWORD).expect("valid");
        let hash = legeting::auth::password::hash(&password).await.expect("hashes");
        sqlx::query("UPDATE people SET password_hash = $1 WHERE email = $2")
            .bind(hash)
            .bind(email)
            .execute(self.state.database.pool())
            .await
            .expect("password set");
        let session = self.session();
        let response = session
            .call::<auth_api::Login>(
                &(),
                &NoQuery {},
                &LoginRequest { email: email.into(), password: TEST_PASSWORD.into() },
            )
            .await;
        assert_eq!(response.status(), 200, "could not sign in as {email}");
        session
    }
}

/// A browser-like client: its own cookie jar, and the CSRF header on every state-changing request.
pub struct Session {
    pub client: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
    address: String,
}

impl Session {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// The CSRF token from the cookie, fetching a page first when there is none yet.
    pub async fn csrf_token(&self) -> String {
        let url: reqwest::Url = self.address.parse().expect("a URL");
        if self.cookie(&url, CSRF_COOKIE).is_none() {
            self.get("/api/health").await;
        }
        self.cookie(&url, CSRF_COOKIE).expect("the server hands out a CSRF cookie")
    }

    /// The `Cookie` header this session sends, for clients other than reqwest (websockets).
    pub fn cookie_header(&self) -> String {
        let url: Option<reqwest::Url> = self.address.parse().ok();
        url.and_then(|url| self.jar.cookies(&url)).and_then(|h| h.to_str().ok().map(str::to_owned)).unwrap_or_default()
    }

    /// `ws://…` for a path of this server.
    pub fn websocket_url(&self, path: &str) -> String {
        format!("{}{path}", self.address.replacen("http://", "ws://", 1))
    }

    fn cookie(&self, url: &reqwest::Url, name: &str) -> Option<String> {
        let header = self.jar.cookies(url)?;
        let header = header.to_str().ok()?.to_owned();
        header.split("; ").find_map(|pair| pair.strip_prefix(&format!("{name}=")).map(str::to_owned))
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("the server answers")
    }

    pub async fn post<T: serde::Serialize>(&self, path: &str, body: &T) -> reqwest::Response {
        let token = self.csrf_token().await;
        self.client.post(self.url(path)).header(CSRF_HEADER, token).json(body).send().await.expect("answers")
    }

    pub async fn put<T: serde::Serialize>(&self, path: &str, body: &T) -> reqwest::Response {
        let token = self.csrf_token().await;
        self.client.put(self.url(path)).header(CSRF_HEADER, token).json(body).send().await.expect("answers")
    }

    pub async fn delete(&self, path: &str) -> reqwest::Response {
        let token = self.csrf_token().await;
        self.client.delete(self.url(path)).header(CSRF_HEADER, token).send().await.expect("answers")
    }

    /// Call endpoint `E` as its declaration says (method, path with `params`, `query`, a JSON body when it
    /// takes one, the CSRF header on unsafe methods) and hand back the response, whatever its status.
    pub async fn call<E: Endpoint>(&self, params: &E::Params, query: &E::Query, body: &BodyOf<E>) -> reqwest::Response {
        let method = reqwest::Method::from_bytes(E::METHOD.as_str().as_bytes()).expect("a method");
        let mut request = self.client.request(method, self.url(&E::uri(params, query)));
        if !E::METHOD.is_safe() {
            request = request.header(CSRF_HEADER, self.csrf_token().await);
        }
        match <E::Body as RequestBody>::KIND {
            BodyKind::Json => request = request.json(body),
            BodyKind::Bytes => panic!("{} takes a file: send it with Session::upload", E::OPERATION_ID),
            BodyKind::None => {}
        }
        request.send().await.expect("the server answers")
    }

    /// Send a file to upload endpoint `E` (the bytes as the body, with the CSRF header).
    pub async fn upload<E: Endpoint<Body = api::Bytes>>(
        &self,
        params: &E::Params,
        query: &E::Query,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        let token = self.csrf_token().await;
        let request = self.client.post(self.url(&E::uri(params, query))).header(CSRF_HEADER, token);
        request.header("content-type", "application/octet-stream").body(bytes).send().await.expect("answers")
    }

    /// Call endpoint `E`, check that it answers its declared success status, and read the declared reply.
    pub async fn ok<E: Endpoint>(&self, params: &E::Params, query: &E::Query, body: &BodyOf<E>) -> ReplyOf<E> {
        let response = self.call::<E>(params, query, body).await;
        let status = response.status();
        let text = response.text().await.expect("a body");
        assert_eq!(status.as_u16(), E::SUCCESS.status, "{} answered {status}: {text}", E::OPERATION_ID);
        serde_json::from_str(if text.is_empty() { "null" } else { &text })
            .unwrap_or_else(|error| panic!("{} answered what it does not declare ({error}): {text}", E::OPERATION_ID))
    }

    /// A request with any method and an optional JSON body, with the CSRF header.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut request = self.client.request(method, self.url(path)).header(CSRF_HEADER, token);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("answers")
    }
}

/// Another server instance on the same database (PostgreSQL only makes sense), stopped when dropped.
pub struct SecondInstance {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for SecondInstance {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _already_stopped = stop.send(());
        }
    }
}

impl TestApp {
    /// Start a second instance of the server on this app's database, as behind a load balancer.
    pub async fn second_instance(&self) -> SecondInstance {
        let mut config = self.config.clone();
        config.bind = "127.0.0.1:0".parse().expect("valid");
        config.base_url = None;
        let (mailer, _) = Mailer::memory();
        let application = Application::build_with_mailer(config, mailer).await.expect("a second instance starts");
        let address = format!("http://127.0.0.1:{}", application.port());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(application.run_until(async move {
            let _either_way = stopped.await;
        }));
        SecondInstance { address, stop: Some(stop) }
    }

    /// A session (like [`TestApp::session`]) against another instance, sharing nothing with this one.
    pub fn session_at(&self, address: &str) -> Session {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder().cookie_provider(jar.clone()).build().expect("a client");
        Session { client, jar, address: address.to_owned() }
    }
}

/// Options for [`spawn_app_with`].
#[derive(Default)]
pub struct Spawn {
    /// Serve this built web app instead of a minimal stand-in `index.html`.
    pub assets_dir: Option<PathBuf>,
}

/// How the test server sends mail (for [`spawn_app_with_mail`]).
#[derive(Debug, Clone, Default)]
pub struct TestMail {
    /// Send through this SMTP server (`smtp://127.0.0.1:<port>`, e.g. [`smtp::TestSmtp::url`]) instead of the
    /// in-memory capture.
    pub smtp_url: Option<String>,
    /// Run the background mail worker (as production does). Off: mail waits for [`TestApp::deliver_mail`].
    pub worker: bool,
    /// Annual-obligation nudge dates (`MM-DD,…`). None (the default in tests, so that no test depends on the
    /// day it runs): no nudges.
    pub obligation_nudges: Option<String>,
    /// The day of the month of the monthly digest. None (the default in tests): no digest.
    pub digest_day: Option<u32>,
}

impl TestApp {
    /// Run one batch of the mail worker now: make due meeting mail and send what is due.
    pub async fn deliver_mail(&self) -> legeting::outbox::worker::Report {
        legeting::outbox::worker::run_once(&self.state).await.expect("a mail batch runs")
    }

    /// Run one batch of the mail worker as if it were `now` (unix milliseconds): reminders and retries without
    /// waiting for them.
    pub async fn deliver_mail_at(&self, now: i64) -> legeting::outbox::worker::Report {
        legeting::outbox::worker::run_once_at(&self.state, now).await.expect("a mail batch runs")
    }
}

/// Start the server with a fresh database and a minimal web app stand-in.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Spawn::default()).await
}

/// Start the server with a fresh database.
pub async fn spawn_app_with(options: Spawn) -> TestApp {
    try_spawn_app(options, TestMail::default(), Box::new(|_| ())).await.expect("the test server starts")
}

/// Start the server with a fresh database and some settings changed.
pub async fn spawn_app_configured(configure: impl FnOnce(&mut Config) + Send + 'static) -> TestApp {
    try_spawn_app(Spawn::default(), TestMail::default(), Box::new(configure)).await.expect("the test server starts")
}

/// Start the server with a fresh database, sending mail as `mail` says.
pub async fn spawn_app_with_mail(options: Spawn, mail: TestMail) -> TestApp {
    try_spawn_app(options, mail, Box::new(|_| ())).await.expect("the test server starts")
}

type Configure = Box<dyn FnOnce(&mut Config) + Send>;

async fn try_spawn_app(options: Spawn, mail: TestMail, configure: Configure) -> anyhow::Result<TestApp> {
    let data_dir = tempfile::tempdir().context("a temporary data directory")?;
    let database = TestDatabase::create(data_dir.path()).await?;
    let mut config = Config::with_data_dir(data_dir.path().join("data"));
    config.bind = "127.0.0.1:0".parse()?;
    config.database_url = Some(database.url.parse().map_err(anyhow::Error::msg)?);
    config.log.filter = std::env::var("LEGETING_TEST_LOG").unwrap_or_else(|_| "warn".into());
    log_capture::init();
    config.assets_dir = match options.assets_dir {
        Some(dir) => dir,
        None => write_stand_in_assets(data_dir.path())?,
    };

    config.mail_worker = mail.worker;
    config.obligation_nudges = mail.obligation_nudges.clone().unwrap_or_default();
    config.digest_day = mail.digest_day.unwrap_or(0);
    // Retries in the tests are driven with `deliver_mail_at`; a short base keeps the arithmetic readable.
    config.mail_retry_secs = 30;
    let (mailer, outbox) = match &mail.smtp_url {
        Some(url) => {
            config.smtp_url = Some(url.parse().map_err(anyhow::Error::msg)?);
            (Mailer::from_config(&config)?, MemoryOutbox::default())
        }
        None => Mailer::memory(),
    };
    configure(&mut config);
    let application = Application::build_with_mailer(config.clone(), mailer).await?;
    let address = format!("http://127.0.0.1:{}", application.port());
    config.bind = application.address();
    config.base_url = Some(address.clone());
    let state = application.state();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(application.run_until(async move {
        let _either_way = stopped.await;
    }));
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    Ok(TestApp {
        address,
        client,
        state,
        config,
        outbox,
        stop: Some(stop),
        server: Some(server),
        _database: database,
        _data_dir: data_dir,
    })
}

/// A tiny web app for API tests: an index page, a precompressed variant and a `.wasm` file.
fn write_stand_in_assets(root: &Path) -> anyhow::Result<PathBuf> {
    let assets = root.join("assets");
    std::fs::create_dir_all(assets.join("pkg"))?;
    std::fs::write(assets.join("index.html"), "<!doctype html><title>Legeting test</title>")?;
    std::fs::write(assets.join("index.html.br"), b"not really brotli, but the server must pick it")?;
    std::fs::write(assets.join("pkg/app-0123.wasm"), b"\0asm\x01\0\0\0")?;
    Ok(assets)
}

/// The database of one test: a file in its temporary directory, or a PostgreSQL database of its own.
struct TestDatabase {
    url: String,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    async fn create(dir: &Path) -> anyhow::Result<TestDatabase> {
        match database_kind() {
            DatabaseKind::Sqlite => {
                let url = format!("sqlite://{}?mode=rwc", dir.join("test.db").display());
                Ok(TestDatabase { url, postgres: None })
            }
            DatabaseKind::Postgres => {
                let admin_url =
                    std::env::var("LEGETING_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
                let name = format!("legeting_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = sqlx::PgConnection::connect(&admin_url)
                    .await
                    .with_context(|| format!("could not reach PostgreSQL at {admin_url}"))?;
                admin.execute(format!(r#"CREATE DATABASE "{name}""#).as_str()).await?;
                admin.close().await?;
                let url = replace_database_name(&admin_url, &name);
                Ok(TestDatabase { url, postgres: Some((admin_url, name)) })
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else { return };
        // Drop runs inside the test's runtime, so the clean-up gets a thread and a runtime of its own.
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async move {
                let mut admin = sqlx::PgConnection::connect(&admin_url).await.ok()?;
                admin.execute(format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#).as_str()).await.ok()?;
                admin.close().await.ok()
            })
        });
        let _best_effort = cleanup.join();
    }
}

/// `postgres://user@host:port/old?x` → `postgres://user@host:port/new`
fn replace_database_name(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    format!("{scheme}://{authority}/{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_name_is_replaced_in_a_postgres_url() {
        assert_eq!(
            replace_database_name("postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(replace_database_name("postgres://u:p@db", "t2"), "postgres://u:p@db/t2");
    }
}
