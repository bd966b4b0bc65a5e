//! Signing in and one's own account: sign-in (password, e-mail link, reset), first-run setup, the profile.

pub(crate) mod profile;
pub(crate) mod setup;
pub(crate) mod sign_in;

pub use profile::Profile;
pub use setup::Setup;
pub use sign_in::{ForgotPassword, LinkSignIn, SignIn};
