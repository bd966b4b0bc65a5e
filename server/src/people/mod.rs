//! People and organisations: municipalities, GP offices, people, roles per municipality, invitations.
//!
//! - `model.rs`: parsed value types (`Email`, `HprNumber`, …).
//! - `store.rs`: the SQL.
//! - `routes.rs`: the HTTP endpoints and who may call them.

pub mod model;
pub mod routes;
pub mod store;

pub use routes::router;
