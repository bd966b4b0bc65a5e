//! Who is calling, and the locks on the door: sessions and the [`AuthUser`] extractor every protected handler
//! takes, CSRF, one-time link tokens, database-backed rate limits, passwords (argon2id) and the client address
//! behind trusted proxies.
//!
//! Authorization lives in [`AuthUser::require_any`] / [`AuthUser::require_member`]: handlers call them with
//! the municipality the request is about. This module sits low in the layers (see ARCHITECTURE.md): it must
//! not know about people, meetings or any other domain. The endpoints that sign people in and out are in
//! `crate::signin`; the keys that sign sessions are in `crate::keys`.
//!
//! (The module's root is `auth.rs` beside the `auth/` folder rather than `auth/mod.rs`, so that the sign-in
//! endpoints that used to be `auth/mod.rs` moved to `signin/mod.rs` as one file.)

pub mod client_address;
pub mod csrf;
pub mod password;
pub mod rate_limit;
pub mod session;
pub mod tokens;

pub use client_address::ClientAddress;
pub use session::{AuthUser, MaybeAuthUser, SignedInWith};
