//! Legeting: a platform where a Norwegian municipality and its GPs run their joint bodies and meetings.
//!
//! The library holds everything; `main.rs` only parses the command line. Tests and benchmarks start the very
//! same server through [`startup::Application::build`].
//!
//! Modules by domain (each owns its routes, SQL and model), plus the plumbing they share. They stand in layers
//! (ARCHITECTURE.md, "Layers"; checked by `tests/api/architecture.rs`): a module uses only lower ones.
//! - [`config`]: typed configuration with defaults, from flags and environment.
//! - [`cli`]: the subcommands (`serve`, `migrate`).
//! - [`startup`]: building and running the HTTP server.
//! - [`state`]: the one state type handed to every handler.
//! - [`db`]: connecting to SQLite or PostgreSQL and running migrations.
//! - [`error`]: the one error type of the HTTP boundary.
//! - [`download`]: the one way a file leaves the API (type, safe file name).
//! - [`http`]: the router, middleware, static files and the OpenAPI document.
//! - [`health`]: `GET /api/health`.
//! - [`auth`]: sessions and the `AuthUser` extractor, CSRF, link tokens, rate limits, passwords.
//! - [`signin`]: the endpoints that sign people in and out, and first-run setup.
//! - [`people`]: municipalities, offices, people, roles, invitations.
//! - [`audit`]: the audit log of changes.
//! - [`hub`]: the live rooms of this instance (writer task, ring, presence) and their durable log.
//! - [`live`]: the live meeting room over websockets.
//! - [`mail`]: sending e-mail through SMTP, a file outbox or an in-memory capture.
//! - [`outbox`]: the durable outbox and its worker, mail templates, preferences and unsubscribe; the domains
//!   above hand it their mail (meeting mail, obligation nudges, the digest) as registered mail sources.
//! - [`digest`]: the monthly digest mail (meetings, action items, letters, the obligation).
//! - [`keys`]: the keys that sign session tokens and e-mail links.
//! - [`letters`]: the municipal chief medical officer's information letters and announcements, with their
//!   archive and e-mail.
//! - [`telemetry`]: structured logging.
//! - [`time`]: Europe/Oslo local time ⇄ UTC instants.
//! - [`demo`]: a realistic, deterministic demo (Bærum and Asker) for an empty database.
//! - [`admin`]: administration from the command line (`legeting admin create-user`).

pub mod admin;
pub mod analytics;
pub mod attendance;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod bodies;
pub mod calendar;
pub mod cli;
pub mod compensation;
pub mod config;
pub mod db;
pub mod demo;
pub mod digest;
pub mod download;
pub mod endpoint;
pub mod error;
pub mod health;
pub mod http;
pub mod hub;
pub mod keys;
pub mod letters;
pub mod live;
pub mod mail;
pub mod meetings;
pub mod outbox;
pub mod people;
pub mod roster;
pub mod signin;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod time;
