//! Trust: no secret in the logs, rate limits where guessing or flooding is possible, the client address
//! behind a proxy, and sessions that end when they should.

use legeting_shared::ErrorBody;
use legeting_shared::api::NoQuery;
use legeting_shared::api::auth as auth_api;
use legeting_shared::api::calendar as calendar_api;
use legeting_shared::api::people as people_api;
use legeting_shared::auth::EmailRequest;
use legeting_shared::auth::LoginRequest;
use legeting_shared::auth::SetPasswordRequest;
use legeting_shared::auth::TokenRequest;
use legeting_shared::meetings::CalendarFeed;
use legeting_shared::people::Role;
use legeting_tests::log_capture::{self, assert_not_logged};
use legeting_tests::{Session, TEST_PASSWORD, TestApp, spawn_app, spawn_app_configured};
use reqwest::StatusCode;
use serde_json::json;

use crate::mail::{alu, notice, schedule};

fn token_of(link: &str) -> String {
    let start = link.find("token=").expect("a token in the link") + "token=".len();
    link[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c)).collect()
}

async fn error_of(response: reqwest::Response) -> (StatusCode, String, Option<String>) {
    let status = response.status();
    let body: ErrorBody = response.json().await.expect("the error shape");
    (status, body.error.code, body.error.field)
}

/// A request with a request id of its own, so the test can find its lines in the log.
async fn get_with_id(app: &TestApp, path: &str, request_id: &str) -> StatusCode {
    app.client.get(app.url(path)).header("x-request-id", request_id).send().await.expect("answers").status()
}

#[tokio::test]
async fn no_token_of_any_kind_is_ever_written_to_the_log() {
    let app = spawn_app().await;
    let mut secrets = Vec::new();

    // First-run setup with its token (also the setup page's link).
    let setup_token =
        legeting::auth::tokens::issue(app.state.database.pool(), None, legeting::auth::tokens::Purpose::Setup)
            .await
            .expect("a setup token");
    get_with_id(&app, &format!("/oppsett?token={setup_token}"), "setup-page").await;
    let admin = app.session();
    let setup = admin
        .post(
            "/api/setup",
            &json!({"token": setup_token, "municipality_name": "Bærum", "municipality_number": "3201",
                    "name": "Astrid Admin", "email": "admin@baerum.test", "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(setup.status(), 200);
    secrets.push(setup_token);
    let me: legeting_shared::auth::Me =
        admin.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.json().await.expect("me");
    let municipality = me.memberships[0].municipality.id.clone();

    // An invitation, a sign-in link and a password reset, each opened and redeemed.
    let gp = app.add_person(&admin, &municipality, "Per Lege", "per@lege.test", &[Role::Gp]).await;
    let invited = admin
        .call::<people_api::InvitePerson>(&(municipality.as_str().into(), gp.id.as_str().into()), &NoQuery {}, &())
        .await;
    assert_eq!(invited.status(), 202);
    let anonymous = app.session();
    assert_eq!(
        anonymous
            .call::<auth_api::RequestMagicLink>(&(), &NoQuery {}, &EmailRequest { email: "per@lege.test".into() })
            .await
            .status(),
        202
    );
    assert_eq!(
        anonymous
            .call::<auth_api::RequestPasswordReset>(&(), &NoQuery {}, &EmailRequest { email: "per@lege.test".into() })
            .await
            .status(),
        202
    );
    for mail in app.wait_for_mail_to("per@lege.test", 3).await {
        let token = token_of(&mail.text);
        get_with_id(&app, &format!("/innlogging/lenke?token={token}"), "link-page").await;
        assert_eq!(
            app.session()
                .call::<auth_api::RedeemLink>(&(), &NoQuery {}, &TokenRequest { token: token.clone() })
                .await
                .status(),
            200
        );
        secrets.push(token);
    }

    // A calendar feed, read by a calendar program.
    let per = app.signed_in("per@lege.test").await;
    let feed: CalendarFeed =
        per.call::<calendar_api::CreateFeed>(&(), &NoQuery {}, &()).await.json().await.expect("a feed");
    let feed_path = feed.url.strip_prefix(&app.address).expect("a URL of this server").to_owned();
    assert_eq!(get_with_id(&app, &feed_path, "calendar-feed").await, 200);
    secrets.push(feed_path.rsplit('/').next().expect("a token").trim_end_matches(".ics").to_owned());

    // One-click answers and unsubscribe links from a meeting notice.
    drop(per);
    let other = spawn_app().await;
    let alu = alu(&other).await;
    let meeting = schedule(&alu, 10).await;
    notice(&alu, &meeting).await;
    other.deliver_mail().await;
    let notice_mail = other.outbox.messages_to("kari@lege.test").pop().expect("a notice to Kari");
    let mailed = log_capture::secrets_in(&notice_mail.text);
    let answers: Vec<&String> =
        mailed.iter().filter(|t| notice_mail.text.contains(&format!("/svar?token={t}"))).collect();
    assert!(!answers.is_empty(), "the notice has answer links: {}", notice_mail.text);
    for token in &answers {
        get_with_id(&other, &format!("/svar?token={token}"), "answer-page").await;
        assert_eq!(get_with_id(&other, &format!("/api/rsvp-links/{token}"), "answer-link").await, 200);
    }
    // The day before, a reminder: notification mail, with an unsubscribe link.
    other.deliver_mail_at(meeting.starts_at - 24 * 60 * 60 * 1000 + 60 * 1000).await;
    let reminder = other.outbox.messages_to("kari@lege.test").into_iter().find(|m| m.list_unsubscribe.is_some());
    let unsubscribe = reminder.expect("a reminder").list_unsubscribe.expect("a List-Unsubscribe link");
    let unsubscribe_token = log_capture::secrets_in(&unsubscribe).pop().expect("an unsubscribe token");
    get_with_id(&other, &format!("/avmelding?token={unsubscribe_token}"), "unsubscribe-page").await;
    assert_eq!(get_with_id(&other, &format!("/api/unsubscribe/{unsubscribe_token}"), "unsubscribe-link").await, 200);
    let one_click = other.client.post(other.url(&format!("/api/unsubscribe/{unsubscribe_token}"))).send().await;
    assert_eq!(one_click.expect("answers").status(), 200);
    // Unknown paths with a token in them are logged masked too.
    get_with_id(&other, &format!("/api/no-such-thing/{unsubscribe_token}"), "unknown-path").await;
    secrets.extend(mailed);
    secrets.extend(other.mailed_secrets());
    secrets.extend(app.mailed_secrets());

    assert!(secrets.len() >= 8, "{secrets:?}");
    assert_not_logged(&secrets);

    // The log was captured, at TRACE for our code, with the route templates instead of the paths.
    let log = log_capture::captured();
    for (request_id, route) in [
        ("calendar-feed", "/api/calendar/feed/{token}"),
        ("unsubscribe-link", "/api/unsubscribe/{token}"),
        ("answer-link", "/api/rsvp-links/{token}"),
        ("link-page", "/innlogging/lenke"),
        ("unknown-path", "/api/no-such-thing/***"),
    ] {
        assert!(
            log.lines().any(|line| line.contains(&format!("request_id=\"{request_id}\"")) && line.contains(route)),
            "no request line for {request_id} with {route}"
        );
    }
}

#[tokio::test]
async fn sign_in_links_are_limited_per_address_whether_or_not_it_is_known() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    app.add_person(&admin, &me.memberships[0].municipality.id, "Per Lege", "per@lege.test", &[Role::Gp]).await;
    let anonymous = app.session();
    for email in ["per@lege.test", "nobody@lege.test"] {
        // Links and resets count together: five in an hour.
        for path in ["/api/auth/magic-link", "/api/auth/password-reset"].iter().cycle().take(5) {
            assert_eq!(anonymous.post(path, &json!({"email": email})).await.status(), 202, "{email} {path}");
        }
        let refused =
            anonymous.call::<auth_api::RequestMagicLink>(&(), &NoQuery {}, &EmailRequest { email: email.into() }).await;
        assert_eq!(error_of(refused).await, (StatusCode::TOO_MANY_REQUESTS, "too_many_link_requests".into(), None));
        let refused = anonymous
            .call::<auth_api::RequestPasswordReset>(&(), &NoQuery {}, &EmailRequest { email: email.to_uppercase() })
            .await;
        assert_eq!(refused.status(), 429, "the address is compared as parsed");
    }
    // The five that were answered were sent; nothing more.
    assert_eq!(app.wait_for_mail_to("per@lege.test", 5).await.len(), 5);
    // Another address is not affected.
    assert_eq!(
        anonymous
            .call::<auth_api::RequestMagicLink>(&(), &NoQuery {}, &EmailRequest { email: "admin@baerum.test".into() })
            .await
            .status(),
        202
    );
}

#[tokio::test]
async fn sign_in_links_are_limited_per_client_and_the_forwarded_address_counts_only_behind_a_trusted_proxy() {
    // Without trusted proxies a client cannot dodge the limit by claiming other addresses.
    let app = spawn_app().await;
    let anonymous = app.session();
    let token = anonymous.csrf_token().await;
    let ask = |email: String, forwarded: String| {
        anonymous
            .client
            .post(app.url("/api/auth/magic-link"))
            .header(legeting_shared::auth::CSRF_HEADER, token.clone())
            .header("x-forwarded-for", forwarded)
            .json(&json!({"email": email}))
            .send()
    };
    for n in 0..30 {
        let status = ask(format!("gp{n}@lege.test"), format!("203.0.113.{n}")).await.expect("answers").status();
        assert_eq!(status, 202);
    }
    let refused = ask("gp99@lege.test".into(), "198.51.100.1".into()).await.expect("answers");
    assert_eq!(error_of(refused).await.1, "too_many_link_requests");

    // Behind a trusted proxy, each forwarded client has a limit of its own.
    let app = spawn_app_configured(|config| config.trusted_proxies = "127.0.0.1".parse().expect("valid")).await;
    let anonymous = app.session();
    let token = anonymous.csrf_token().await;
    let ask = |email: String, forwarded: &'static str| {
        anonymous
            .client
            .post(app.url("/api/auth/magic-link"))
            .header(legeting_shared::auth::CSRF_HEADER, token.clone())
            .header("x-forwarded-for", forwarded)
            .json(&json!({"email": email}))
            .send()
    };
    for n in 0..30 {
        // What the client claims left of the proxy's entry does not count.
        let status = ask(format!("gp{n}@lege.test"), "10.9.9.9, 203.0.113.7").await.expect("answers").status();
        assert_eq!(status, 202);
    }
    let refused = ask("gp99@lege.test".into(), "10.1.1.1, 203.0.113.7").await.expect("answers");
    assert_eq!(error_of(refused).await.1, "too_many_link_requests");
    assert_eq!(ask("gp99@lege.test".into(), "203.0.113.8").await.expect("answers").status(), 202);
}

#[tokio::test]
async fn changing_a_password_needs_the_current_one_and_signs_out_everywhere_else() {
    let app = spawn_app().await;
    let (_admin, _me) = app.setup_installation().await;
    let laptop = app.signed_in("admin@baerum.test").await;
    let phone = app.session();
    let login = phone
        .call::<auth_api::Login>(
            &(),
            &NoQuery {},
            &LoginRequest { email: "admin@baerum.test".into(), password: TEST_PASSWORD.into() },
        )
        .await;
    assert_eq!(login.status(), 200);

    let missing = laptop
        .call::<auth_api::SetPassword>(
            &(),
            &NoQuery {},
            &SetPasswordRequest { password: "et-helt-nytt-passord".into(), current_password: None },
        )
        .await;
    assert_eq!(
        error_of(missing).await,
        (StatusCode::UNPROCESSABLE_ENTITY, "current_password_required".into(), Some("current_password".into()))
    );
    let wrong = laptop
        .put("/api/auth/password", &json!({"password": "et-helt-nytt-passord", "current_password": "feil-passord"}))
        .await;
    assert_eq!(
        error_of(wrong).await,
        (StatusCode::UNPROCESSABLE_ENTITY, "wrong_current_password".into(), Some("current_password".into()))
    );
    // Nothing changed, and both browsers are still signed in.
    assert_eq!(phone.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.status(), 200);

    let changed = laptop
        .put("/api/auth/password", &json!({"password": "et-helt-nytt-passord", "current_password": TEST_PASSWORD}))
        .await;
    assert_eq!(changed.status(), 204);
    assert_eq!(
        laptop.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.status(),
        200,
        "the browser that changed it stays signed in"
    );
    assert_eq!(phone.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.status(), 401, "every other session ends");
    let old = json!({"email": "admin@baerum.test", "password": TEST_PASSWORD});
    assert_eq!(app.session().post("/api/auth/login", &old).await.status(), 401);
    let new = json!({"email": "admin@baerum.test", "password": "et-helt-nytt-passord"});
    assert_eq!(app.session().post("/api/auth/login", &new).await.status(), 200);
}

#[tokio::test]
async fn wrong_current_passwords_count_as_failed_sign_ins() {
    let app = spawn_app().await;
    let (_admin, _me) = app.setup_installation().await;
    let session = app.signed_in("admin@baerum.test").await;
    let guess = json!({"password": "et-helt-nytt-passord", "current_password": "gjett"});
    let attempt = || session.put("/api/auth/password", &guess);
    for _ in 0..5 {
        assert_eq!(attempt().await.status(), 422);
    }
    assert_eq!(error_of(attempt().await).await, (StatusCode::TOO_MANY_REQUESTS, "too_many_requests".into(), None));
}

/// Sign in with a fresh sign-in link and return the session.
async fn signed_in_with_link(app: &TestApp, email: &str, mails_before: usize) -> Session {
    let anonymous = app.session();
    assert_eq!(
        anonymous
            .call::<auth_api::RequestMagicLink>(&(), &NoQuery {}, &EmailRequest { email: email.into() })
            .await
            .status(),
        202
    );
    let mail = app.wait_for_mail_to(email, mails_before + 1).await.pop().expect("a sign-in link");
    assert_eq!(
        anonymous
            .call::<auth_api::RedeemLink>(&(), &NoQuery {}, &TokenRequest { token: token_of(&mail.text) })
            .await
            .status(),
        200
    );
    anonymous
}

#[tokio::test]
async fn right_after_signing_in_with_a_link_a_password_is_set_without_the_current_one_and_not_later() {
    let app = spawn_app().await;
    let (_admin, _me) = app.setup_installation().await;
    let fresh = signed_in_with_link(&app, "admin@baerum.test", 0).await;
    let other = app.signed_in("admin@baerum.test").await;
    assert_eq!(
        fresh
            .call::<auth_api::SetPassword>(
                &(),
                &NoQuery {},
                &SetPasswordRequest { password: "glemt-og-funnet-igjen".into(), current_password: None }
            )
            .await
            .status(),
        204
    );
    assert_eq!(other.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.status(), 401, "the other session ends");

    // A link session more than a quarter of an hour old is like any other.
    let stale = signed_in_with_link(&app, "admin@baerum.test", 1).await;
    sqlx::query(
        "UPDATE sessions SET created_at = created_at - $1 WHERE revoked_at IS NULL AND signed_in_with = 'link'",
    )
    .bind(16 * 60 * 1000_i64)
    .execute(app.state.database.pool())
    .await
    .expect("aged");
    let refused = stale
        .call::<auth_api::SetPassword>(
            &(),
            &NoQuery {},
            &SetPasswordRequest { password: "enda-et-nytt-passord".into(), current_password: None },
        )
        .await;
    assert_eq!(error_of(refused).await.1, "current_password_required");
    let with_current = stale
        .put(
            "/api/auth/password",
            &json!({"password": "enda-et-nytt-passord", "current_password": "glemt-og-funnet-igjen"}),
        )
        .await;
    assert_eq!(with_current.status(), 204);
}

#[tokio::test]
async fn over_https_cookies_are_secure_and_hsts_is_sent_when_configured() {
    let app = spawn_app_configured(|config| {
        config.base_url = Some("https://legeting.example".into());
        config.hsts_max_age_secs = Some(31_536_000);
    })
    .await;
    let health = app.get("/api/health").await;
    assert_eq!(health.headers()["strict-transport-security"], "max-age=31536000");
    let csrf_cookie =
        health.headers().get_all("set-cookie").iter().map(|v| v.to_str().expect("text")).collect::<Vec<_>>();
    assert!(csrf_cookie.iter().all(|c| c.contains("; Secure")), "{csrf_cookie:?}");
    // The test client speaks http, so it does not send Secure cookies back: sign in with reqwest by hand.
    let token = legeting::auth::tokens::issue(app.state.database.pool(), None, legeting::auth::tokens::Purpose::Setup)
        .await
        .expect("a token");
    let csrf = "0123456789abcdef0123456789abcdef0123456789abcdef";
    let setup = reqwest::Client::new()
        .post(app.url("/api/setup"))
        .header("cookie", format!("legeting_csrf={csrf}"))
        .header(legeting_shared::auth::CSRF_HEADER, csrf)
        .json(&json!({"token": token, "municipality_name": "Bærum", "name": "Astrid Admin",
                      "email": "admin@baerum.test", "password": TEST_PASSWORD}))
        .send()
        .await
        .expect("answers");
    assert_eq!(setup.status(), 200);
    let session_cookie = setup
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("legeting_session="))
        .expect("a session cookie")
        .to_owned();
    assert!(session_cookie.contains("; Secure") && session_cookie.contains("; HttpOnly"), "{session_cookie}");

    // Over plain http: no Secure, and no HSTS unless asked for.
    let plain = spawn_app().await;
    let health = plain.get("/api/health").await;
    assert!(health.headers().get("strict-transport-security").is_none());
    let cookies = health.headers().get_all("set-cookie").iter().map(|v| v.to_str().expect("text")).collect::<Vec<_>>();
    assert!(!cookies.is_empty() && cookies.iter().all(|c| !c.contains("Secure")), "{cookies:?}");
}

#[tokio::test]
async fn a_secret_key_shorter_than_32_bytes_is_refused_at_start() {
    let app = spawn_app().await;
    let mut config = app.config.clone();
    config.bind = "127.0.0.1:0".parse().expect("valid");
    config.secret_key = Some("kort-og-hemmelig".parse().expect("a value"));
    let error = legeting::startup::Application::build(config.clone()).await.err().expect("the start fails");
    let message = format!("{error:#}");
    assert!(message.contains("LEGETING_SECRET_KEY is 16 bytes long; it must be at least 32"), "{message}");
    assert!(!message.contains("kort-og-hemmelig") && !message.contains('\n'), "{message}");

    config.secret_key = Some("0123456789abcdef0123456789abcdef".parse().expect("a value"));
    assert!(legeting::startup::Application::build(config).await.is_ok(), "32 bytes are enough");
}

#[tokio::test]
async fn two_setups_at_once_make_one_administrator() {
    let app = spawn_app().await;
    let pool = app.state.database.pool();
    let issue = || legeting::auth::tokens::issue(pool, None, legeting::auth::tokens::Purpose::Setup);
    let (first, second) = (issue().await.expect("a token"), issue().await.expect("a token"));
    let request = |token: &str, email: &str| {
        json!({"token": token, "municipality_name": "Bærum", "name": "Astrid Admin", "email": email,
               "password": TEST_PASSWORD})
    };
    // The same token twice, and another token, all at once.
    let (a, b, c) = (app.session(), app.session(), app.session());
    let bodies =
        [request(&first, "a@baerum.test"), request(&first, "b@baerum.test"), request(&second, "c@baerum.test")];
    let (a, b, c) = tokio::join!(
        a.post("/api/setup", &bodies[0]),
        b.post("/api/setup", &bodies[1]),
        c.post("/api/setup", &bodies[2])
    );
    let mut statuses = vec![a.status(), b.status(), c.status()];
    statuses.sort();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| [200, 409, 422].contains(&s.as_u16())), "{statuses:?}");
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people").fetch_one(pool).await.expect("counts");
    let municipalities: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM municipalities").fetch_one(pool).await.expect("counts");
    assert_eq!((people, municipalities), (1, 1));
    // The other token is of no use afterwards either.
    let late = app.session().post("/api/setup", &request(&second, "d@baerum.test")).await;
    assert_eq!(late.status(), 409);
}

#[tokio::test]
async fn a_failed_setup_leaves_its_link_usable() {
    let app = spawn_app().await;
    let token = legeting::auth::tokens::issue(app.state.database.pool(), None, legeting::auth::tokens::Purpose::Setup)
        .await
        .expect("a token");
    let session = app.session();
    let bad = session
        .post(
            "/api/setup",
            &json!({"token": token, "municipality_name": "Bærum", "name": "Astrid Admin",
                                    "email": "ikke-en-adresse", "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let good = session
        .post(
            "/api/setup",
            &json!({"token": token, "municipality_name": "Bærum", "name": "Astrid Admin",
                                    "email": "admin@baerum.test", "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(good.status(), 200);
}
