//! Signing in and one's own account: sign-in (password, e-mail link, reset), first-run setup, the profile.

pub mod profile;
pub mod setup;
pub mod sign_in;

pub use profile::Profile;
pub use setup::Setup;
pub use sign_in::{ForgotPassword, LinkSignIn, SignIn};
