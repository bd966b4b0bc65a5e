//! Signing in and out (password, e-mail links), one's own profile and password, and first-run setup.

use crate::api::{Empty, Json};

crate::api::endpoint! {
    "auth";

    /// Sign in with e-mail and password. Five wrong attempts for an account (or thirty from one address) in
    /// fifteen minutes lock further attempts for a while.
    Login = POST "/auth/login", id "login",
        body Json<crate::auth::LoginRequest>,
        reply Json<crate::auth::Me>,
        status 200,
        errors [401 "Wrong e-mail or password", 429 "Too many attempts"];
    /// Sign out of this browser.
    Logout = POST "/auth/logout", id "logout",
        reply Empty,
        status 204,
        errors [401];
    /// Sign out of every browser and device at once.
    LogoutEverywhere = POST "/auth/logout-everywhere", id "logout_everywhere",
        reply Empty,
        status 204,
        errors [401];
    /// The signed-in person and their roles.
    GetMe = GET "/auth/me", id "me",
        reply Json<crate::auth::Me>,
        status 200,
        errors [401];
    /// Change one's own name, phone number and language.
    UpdateProfile = PUT "/auth/me", id "update_profile",
        body Json<crate::auth::ProfileInput>,
        reply Json<crate::auth::Me>,
        status 200,
        errors [401, 422];
    /// E-mail a one-time sign-in link. Always answers 202 at once, so the answer does not tell whether the address
    /// is known; 429 when too many links were asked for the address or from the client.
    RequestMagicLink = POST "/auth/magic-link", id "request_magic_link",
        body Json<crate::auth::EmailRequest>,
        reply Empty,
        status 202,
        errors [429 "Too many requests"];
    /// E-mail a link for choosing a new password. Always answers 202 at once; 429 as for sign-in links (and
    /// counted with them).
    RequestPasswordReset = POST "/auth/password-reset", id "request_password_reset",
        body Json<crate::auth::EmailRequest>,
        reply Empty,
        status 202,
        errors [429 "Too many requests"];
    /// Redeem a link from an e-mail (sign-in link, invitation or password reset) and sign in.
    RedeemLink = POST "/auth/link", id "redeem_link",
        body Json<crate::auth::TokenRequest>,
        reply Json<crate::auth::Redeemed>,
        status 200,
        errors [422 "Unknown, used or expired link"];
    /// Set or change one's password. Changing an existing one needs the current password, unless the session was
    /// started with an e-mail link within the last quarter of an hour (a forgotten password). Wrong current
    /// passwords count as failed sign-ins. Every other session of the person ends.
    SetPassword = PUT "/auth/password", id "set_password",
        body Json<crate::auth::SetPasswordRequest>,
        reply Empty,
        status 204,
        errors [401, 422, 429 "Too many attempts"];
    /// Whether the installation still needs its first administrator.
    SetupStatus = GET "/setup", id "setup_status",
        reply Json<crate::auth::SetupStatus>,
        status 200;
    /// First-run setup: with the token printed by the server, create the first municipality and its
    /// administrator (who may also create further municipalities), and sign in.
    Setup = POST "/setup", id "setup",
        body Json<crate::auth::SetupRequest>,
        reply Json<crate::auth::Me>,
        status 200,
        errors [409 "Already set up", 422];
}
