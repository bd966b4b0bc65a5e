//! People and organisations: municipalities, GP offices, people, roles per municipality, invitations.
//!
//! - `model.rs`: parsed value types (`Email`, `HprNumber`, …).
//! - `store.rs`: the SQL.
//! - `routes.rs`: the HTTP endpoints and who may call them.
//! - `tenancy.rs`: what one municipality may change about a shared person, and whom it may involve.
//! - `notices.rs`: the e-mail that tells a person's old address that it was replaced.
//! - `mails.rs`: the e-mails that let a person in: a sign-in link, a password reset, an invitation.

pub mod mails;
pub mod model;
pub mod notices;
pub mod routes;
pub mod store;
pub mod tenancy;

pub use routes::router;
