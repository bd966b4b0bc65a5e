//! Signing in and out: with a password or an e-mail link, signing out (here or everywhere), one's own profile
//! and language, setting a password, and first-run setup.
//!
//! The endpoints sit above `crate::people` (they read and write a person through `people::store`) and use the
//! low `crate::auth` for sessions, tokens, rate limits and passwords. This module must not know about meetings
//! or other domains.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum_extra::extract::cookie::CookieJar;
use legeting_shared::Language;
use legeting_shared::api::auth as api;
use legeting_shared::auth::{Me, Redeemed, SetupStatus};
use legeting_shared::people::Role;
use serde_json::json;

use crate::auth::tokens::{self, Purpose};
use crate::auth::{AuthUser, ClientAddress, SignedInWith, password, rate_limit, session};

use crate::audit::{self, Change};
use crate::auth::password::NewPassword;
use crate::db::{Database, now_ms};
use crate::endpoint::{JsonOf, Routes};
use crate::error::{AppError, Json};
use crate::people::mails;
use crate::people::model::{Email, PersonName, Phone};
use crate::people::store;
use crate::state::AppState;

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new()
        .endpoint(api::Login, login)
        .endpoint(api::Logout, logout)
        .endpoint(api::LogoutEverywhere, logout_everywhere)
        .endpoint(api::GetMe, me)
        .endpoint(api::UpdateProfile, update_profile)
        .endpoint(api::RequestMagicLink, request_magic_link)
        .endpoint(api::RequestPasswordReset, request_password_reset)
        .endpoint(api::RedeemLink, redeem_link)
        .endpoint(api::SetPassword, set_password)
        .endpoint(api::SetupStatus, setup_status)
        .endpoint(api::Setup, setup)
}

/// With no people at all, make a setup token and return the link that creates the first administrator.
pub async fn setup_link_if_needed(database: &Database, base_url: &str) -> anyhow::Result<Option<String>> {
    if store::count_people(database.pool()).await? > 0 {
        return Ok(None);
    }
    let token = tokens::issue(database.pool(), None, Purpose::Setup).await?;
    Ok(Some(format!("{base_url}/oppsett?token={token}")))
}

fn too_many_sign_in_attempts(minutes: i64) -> AppError {
    AppError::TooManyRequests(
        "too_many_requests",
        format!("too many failed sign-in attempts; try again in {minutes} minutes or use a sign-in link"),
    )
}

fn user_agent(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok())
}

async fn me_or_unauthorized(state: &AppState, person_id: &str) -> Result<Me, AppError> {
    store::me(state.database.pool(), person_id).await?.ok_or(AppError::Unauthorized)
}

/// Sign in with e-mail and password. Five wrong attempts for an account (or thirty from one address) in
/// fifteen minutes lock further attempts for a while.
async fn login(
    State(state): State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
    jar: CookieJar,
    JsonOf(request): JsonOf<api::Login>,
) -> Result<(CookieJar, Json<Me>), AppError> {
    let pool = state.database.pool();
    let Ok(email) = Email::parse(&request.email) else {
        // Not even an address: refused in the same time as a wrong password.
        password::dummy_verify(&request.password).await;
        return Err(AppError::InvalidCredentials);
    };
    let ip = client.key();
    if let Some(minutes) = rate_limit::locked_for_minutes(pool, email.as_str(), &ip).await? {
        return Err(too_many_sign_in_attempts(minutes));
    }
    let record = store::login_record(pool, email.as_str()).await?;
    let person_id = match record {
        Some((id, Some(hash), true)) if password::verify(&request.password, &hash).await => id,
        Some(_) => {
            rate_limit::record_failure(pool, email.as_str(), &ip).await?;
            return Err(AppError::InvalidCredentials);
        }
        None => {
            password::dummy_verify(&request.password).await;
            rate_limit::record_failure(pool, email.as_str(), &ip).await?;
            return Err(AppError::InvalidCredentials);
        }
    };
    rate_limit::clear(pool, email.as_str()).await?;
    let cookie = session::start(&state, &person_id, user_agent(&headers), SignedInWith::Password).await?;
    Ok((jar.add(cookie), Json(me_or_unauthorized(&state, &person_id).await?)))
}

/// Sign out of this browser.
async fn logout(
    State(state): State<AppState>,
    user: AuthUser,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode), AppError> {
    session::revoke(state.database.pool(), &user.session_id).await?;
    crate::hub::access_changed(&state.live, &state.database, Some(&user.person_id)).await;
    Ok((jar.add(session::removal_cookie(&state)), StatusCode::NO_CONTENT))
}

/// Sign out of every browser and device at once.
async fn logout_everywhere(
    State(state): State<AppState>,
    user: AuthUser,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode), AppError> {
    session::revoke_all(state.database.pool(), &user.person_id).await?;
    crate::hub::access_changed(&state.live, &state.database, Some(&user.person_id)).await;
    Ok((jar.add(session::removal_cookie(&state)), StatusCode::NO_CONTENT))
}

/// The signed-in person and their roles.
async fn me(State(state): State<AppState>, user: AuthUser) -> Result<Json<Me>, AppError> {
    Ok(Json(me_or_unauthorized(&state, &user.person_id).await?))
}

/// Change one's own name, phone number and language.
async fn update_profile(
    State(state): State<AppState>,
    user: AuthUser,
    JsonOf(input): JsonOf<api::UpdateProfile>,
) -> Result<Json<Me>, AppError> {
    let name = PersonName::parse(&input.name)?;
    let phone = input.phone.as_deref().filter(|p| !p.trim().is_empty()).map(Phone::parse).transpose()?;
    let Some(language) = Language::from_tag(&input.language).filter(|language| language.tag() == input.language) else {
        return Err(crate::error::FieldError::new("language", "invalid_language", "nb, nn or en").into());
    };
    let language = language.tag();
    let mut tx = state.database.begin().await?;
    store::update_profile(&mut tx, &user.person_id, name.as_str(), phone.as_ref().map(Phone::as_str), language).await?;
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: None,
            action: "person.profile_updated",
            entity_id: Some(&user.person_id),
            details: json!({ "name": name.as_str(), "language": language }),
        },
    )
    .await?;
    Ok(Json(me_or_unauthorized(&state, &user.person_id).await?))
}

/// A request for a sign-in link or a password reset. Both are limited per e-mail address and per client
/// address, whether or not the address is known (so the limit tells nothing either). The answer does not wait
/// for the database lookup or the mail: both happen after it, so a known and an unknown address are answered
/// alike and in the same time.
async fn request_link(
    state: &AppState,
    client: ClientAddress,
    email: &str,
    purpose: Purpose,
    kind: mails::Kind,
) -> Result<StatusCode, AppError> {
    let pool = state.database.pool();
    // Unparsable input is counted under one key, so junk cannot dodge the per-address limit.
    let email = Email::parse(email).ok();
    let email_key = email.as_ref().map_or("-", Email::as_str).to_owned();
    let ip = client.key();
    for (limit, key) in
        [(&rate_limit::LINK_REQUESTS_PER_EMAIL, &email_key), (&rate_limit::LINK_REQUESTS_PER_ADDRESS, &ip)]
    {
        if let Some(minutes) = limit.exhausted_for_minutes(pool, key).await? {
            return Err(AppError::TooManyRequests(
                "too_many_link_requests",
                format!("too many e-mails asked for; try again in {minutes} minutes"),
            ));
        }
    }
    rate_limit::LINK_REQUESTS_PER_EMAIL.hit(pool, &email_key).await?;
    rate_limit::LINK_REQUESTS_PER_ADDRESS.hit(pool, &ip).await?;
    if let Some(email) = email {
        let state = state.clone();
        tokio::spawn(async move {
            if let Err(error) = send_link(&state, &email, purpose, kind).await {
                tracing::error!(%error, purpose = purpose.as_str(), "could not queue a link e-mail");
            }
        });
    }
    Ok(StatusCode::ACCEPTED)
}

async fn send_link(state: &AppState, email: &Email, purpose: Purpose, kind: mails::Kind) -> Result<(), AppError> {
    let pool = state.database.pool();
    let Some((person_id, _, true)) = store::login_record(pool, email.as_str()).await? else { return Ok(()) };
    let Some((name, address, language)) = store::contact(pool, &person_id).await? else { return Ok(()) };
    let token = tokens::issue(pool, Some(&person_id), purpose).await?;
    let link = format!("{}/innlogging/lenke?token={token}", state.config.effective_base_url());
    let mail = mails::build(kind, &language, &name, &address, &link);
    crate::outbox::send_now(
        state,
        crate::outbox::NewMail {
            dedupe_key: crate::outbox::unique_key("sign_in"),
            category: crate::outbox::Category::SignIn,
            municipality_id: None,
            person_id: Some(person_id),
            meeting_id: None,
            schedule_id: None,
            mail,
            sensitive: true,
            skip_reason: None,
        },
    )
    .await
}

/// E-mail a one-time sign-in link. Always answers 202 at once, so the answer does not tell whether the address
/// is known; 429 when too many links were asked for the address or from the client.
async fn request_magic_link(
    State(state): State<AppState>,
    client: ClientAddress,
    JsonOf(request): JsonOf<api::RequestMagicLink>,
) -> Result<StatusCode, AppError> {
    request_link(&state, client, &request.email, Purpose::MagicLink, mails::Kind::MagicLink).await
}

/// E-mail a link for choosing a new password. Always answers 202 at once; 429 as for sign-in links (and
/// counted with them).
async fn request_password_reset(
    State(state): State<AppState>,
    client: ClientAddress,
    JsonOf(request): JsonOf<api::RequestPasswordReset>,
) -> Result<StatusCode, AppError> {
    request_link(&state, client, &request.email, Purpose::PasswordReset, mails::Kind::PasswordReset).await
}

/// Redeem a link from an e-mail (sign-in link, invitation or password reset) and sign in.
async fn redeem_link(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    JsonOf(request): JsonOf<api::RedeemLink>,
) -> Result<(CookieJar, Json<Redeemed>), AppError> {
    let allowed = [Purpose::MagicLink, Purpose::PasswordReset, Purpose::Invitation];
    let redeemed = tokens::redeem(state.database.pool(), &request.token, &allowed).await?;
    let Some(tokens::Redeemed { person_id: Some(person_id), purpose }) = redeemed else {
        return Err(crate::error::FieldError::new(
            "token",
            "invalid_link",
            "this link is unknown, already used or expired; ask for a new one",
        )
        .into());
    };
    let cookie = session::start(&state, &person_id, user_agent(&headers), SignedInWith::Link).await?;
    let me = me_or_unauthorized(&state, &person_id).await?;
    let must_set_password = purpose == Purpose::PasswordReset || (purpose == Purpose::Invitation && !me.has_password);
    Ok((jar.add(cookie), Json(Redeemed { me, must_set_password })))
}

/// How long after signing in with an e-mail link a password may be set without giving the current one: long
/// enough to choose one after following a reset link, short enough that a session left open later is not
/// enough to take over the account.
pub const FRESH_LINK_SIGN_IN_MS: i64 = 15 * 60 * 1000;

/// Set or change one's password. Changing an existing one needs the current password, unless the session was
/// started with an e-mail link within the last quarter of an hour (a forgotten password). Wrong current
/// passwords count as failed sign-ins. Every other session of the person ends.
async fn set_password(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientAddress,
    JsonOf(request): JsonOf<api::SetPassword>,
) -> Result<StatusCode, AppError> {
    let pool = state.database.pool();
    let (email, current_hash): (String, Option<String>) =
        sqlx::query_as("SELECT email, password_hash FROM people WHERE id = $1")
            .bind(&user.person_id)
            .fetch_optional(pool)
            .await?
            .ok_or(AppError::Unauthorized)?;
    let fresh_link_sign_in =
        user.signed_in_with == SignedInWith::Link && now_ms() - user.signed_in_at <= FRESH_LINK_SIGN_IN_MS;
    if let Some(current_hash) = current_hash.filter(|_| !fresh_link_sign_in) {
        let current = request.current_password.as_deref().unwrap_or_default();
        if current.is_empty() {
            return Err(crate::error::FieldError::new(
                "current_password",
                "current_password_required",
                "give your current password",
            )
            .into());
        }
        let ip = client.key();
        if let Some(minutes) = rate_limit::locked_for_minutes(pool, &email, &ip).await? {
            return Err(too_many_sign_in_attempts(minutes));
        }
        if !password::verify(current, &current_hash).await {
            rate_limit::record_failure(pool, &email, &ip).await?;
            return Err(crate::error::FieldError::new(
                "current_password",
                "wrong_current_password",
                "the current password is wrong",
            )
            .into());
        }
    }
    let password = NewPassword::parse(&request.password)?;
    let hash = password::hash(&password).await?;
    let mut tx = state.database.begin().await?;
    store::set_password_hash(&mut tx, &user.person_id, &hash).await?;
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: None,
            action: "person.password_set",
            entity_id: Some(&user.person_id),
            details: json!({}),
        },
    )
    .await?;
    // Whoever else was signed in (perhaps with the old password) is signed out; this browser stays.
    session::revoke_others(pool, &user.person_id, &user.session_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether the installation still needs its first administrator.
async fn setup_status(State(state): State<AppState>) -> Result<Json<SetupStatus>, AppError> {
    Ok(Json(SetupStatus { needs_setup: store::count_people(state.database.pool()).await? == 0 }))
}

/// First-run setup: with the token printed by the server, create the first municipality and its
/// administrator (who may also create further municipalities), and sign in.
async fn setup(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    JsonOf(request): JsonOf<api::Setup>,
) -> Result<(CookieJar, Json<Me>), AppError> {
    let pool = state.database.pool();
    let municipality_name = PersonName::parse(&request.municipality_name).map_err(|mut e| {
        e.field = "municipality_name";
        e
    })?;
    let number = crate::people::routes::parse_municipality_number(request.municipality_number.as_deref())?;
    let name = PersonName::parse(&request.name)?;
    let email = Email::parse(&request.email)?;
    let password = NewPassword::parse(&request.password)?;
    if store::count_people(pool).await? > 0 {
        return Err(AppError::Conflict("this installation is already set up".into()));
    }
    let invalid_link =
        || crate::error::FieldError::new("token", "invalid_link", "the setup link is unknown, used or expired");
    if !tokens::setup_token_is_valid(pool, &request.token).await? {
        return Err(invalid_link().into());
    }
    let hash = password::hash(&password).await?;
    let mut tx = crate::db::begin(pool).await?;
    // The token is used, and the installation marked as set up, in the transaction that creates the
    // administrator: of two requests at once (with the same token or with two), one succeeds and the other
    // finds the token used or the marker there. A failure rolls all of it back and leaves the link usable.
    if !tokens::redeem_setup(&mut tx, &request.token).await? {
        return Err(invalid_link().into());
    }
    if !tokens::mark_installation_set_up(&mut tx).await? {
        return Err(AppError::Conflict("this installation is already set up".into()));
    }
    let municipality_id =
        store::insert_municipality(&mut tx, municipality_name.as_str(), number.as_deref(), Default::default())
            .await?
            .id;
    let person_id = store::insert_person(&mut tx, name.as_str(), email.as_str(), true, Some(hash.as_str())).await?;
    store::grant_role(&mut tx, &person_id, &municipality_id, Role::Administrator).await?;
    audit::commit(
        tx,
        Change {
            actor_id: Some(&person_id),
            municipality_id: Some(&municipality_id),
            action: "installation.setup",
            entity_id: Some(&person_id),
            details: json!({ "municipality": municipality_name.as_str(), "administrator": email.as_str() }),
        },
    )
    .await?;
    let cookie = session::start(&state, &person_id, user_agent(&headers), SignedInWith::Setup).await?;
    Ok((jar.add(cookie), Json(me_or_unauthorized(&state, &person_id).await?)))
}
