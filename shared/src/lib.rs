//! Wire types shared by the Legeting server and its WebAssembly frontend.
//!
//! This crate owns the shape of everything that crosses the network: request and response bodies, error
//! bodies and (later) websocket messages, plus pure functions on them. It must never depend on sqlx, tokio or
//! axum, so it compiles to `wasm32-unknown-unknown`. Server-only derives (OpenAPI schemas) sit behind the
//! `openapi` feature, which only the server enables.

pub mod auth;
pub mod error;
pub mod health;
pub mod letters;
pub mod live;
pub mod mail;
pub mod meetings;
pub mod participation;
pub mod people;
pub mod roster;

pub use error::{ApiError, ErrorBody};
pub use health::{DatabaseKind, Health, HealthCheck, HealthProblem, HealthStatus, Probe};
