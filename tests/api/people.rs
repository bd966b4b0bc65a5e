//! Signing in, sessions, setup, people, offices, roles, invitations and the audit log.

use legeting_shared::ErrorBody;
use legeting_shared::api::NoQuery;
use legeting_shared::api::auth as auth_api;
use legeting_shared::api::people as people_api;
use legeting_shared::auth::EmailRequest;
use legeting_shared::auth::LoginRequest;
use legeting_shared::auth::SetPasswordRequest;
use legeting_shared::auth::TokenRequest;
use legeting_shared::auth::{Me, Redeemed};
use legeting_shared::people::{AuditEntry, Municipality, Office, Person, Role};
use legeting_tests::{TEST_PASSWORD, spawn_app};
use serde_json::json;

fn link_in(text: &str) -> String {
    let start = text.find("http").expect("the mail has a link");
    text[start..].split_whitespace().next().expect("a link").to_owned()
}

fn token_of(link: &str) -> String {
    link.split("token=").nth(1).expect("a token in the link").to_owned()
}

#[tokio::test]
async fn first_run_setup_creates_the_first_administrator_once() {
    let app = spawn_app().await;
    let status: serde_json::Value = app.get("/api/setup").await.json().await.expect("JSON");
    assert_eq!(status["needs_setup"], true);
    let (admin, me) = app.setup_installation().await;
    assert!(me.installation_admin);
    assert_eq!(me.memberships.len(), 1);
    assert_eq!(me.memberships[0].municipality.name, "Bærum");
    assert_eq!(me.memberships[0].roles, vec![Role::Administrator]);
    let status: serde_json::Value = admin.get("/api/setup").await.json().await.expect("JSON");
    assert_eq!(status["needs_setup"], false);

    // A second setup is refused, whatever the token.
    let again = admin
        .post("/api/setup", &json!({"token": "x", "municipality_name": "Asker", "name": "Eve", "email": "eve@x.test", "password": TEST_PASSWORD}))
        .await;
    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn state_changing_requests_without_the_csrf_header_are_refused() {
    let app = spawn_app().await;
    let session = app.session();
    session.csrf_token().await;
    let response = session
        .client
        .post(app.url("/api/auth/login"))
        .json(&json!({"email": "a@b.no", "password": "whatever-long"}))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 403);
    let body: ErrorBody = response.json().await.expect("error shape");
    assert_eq!(body.error.code, "csrf");
}

#[tokio::test]
async fn password_sign_in_sets_an_http_only_cookie_and_logout_revokes_it() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = &me.memberships[0].municipality.id;
    app.add_person(&admin, municipality, "Kari Lege", "kari@lege.test", &[Role::Gp]).await;
    let kari = app.session();
    app.signed_in("kari@lege.test").await;
    let response = kari
        .call::<auth_api::Login>(
            &(),
            &NoQuery {},
            &LoginRequest { email: "KARI@lege.test ".into(), password: TEST_PASSWORD.into() },
        )
        .await;
    assert_eq!(response.status(), 200);
    let set_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap_or("").to_owned())
        .collect::<Vec<_>>();
    let session_cookie = set_cookie.iter().find(|c| c.starts_with("legeting_session=")).expect("a session cookie");
    assert!(session_cookie.contains("HttpOnly"));
    assert!(session_cookie.contains("SameSite=Lax"));
    let me: Me = kari.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.json().await.expect("Me");
    assert_eq!(me.email, "kari@lege.test");
    assert!(me.has_role(municipality, Role::Gp));

    assert_eq!(kari.call::<auth_api::Logout>(&(), &NoQuery {}, &()).await.status(), 204);
    assert_eq!(kari.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.status(), 401);
}

#[tokio::test]
async fn logging_out_everywhere_ends_every_session_at_once() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    app.add_person(&admin, &me.memberships[0].municipality.id, "Ola Lege", "ola@lege.test", &[Role::Gp]).await;
    let phone = app.signed_in("ola@lege.test").await;
    let laptop = app.session();
    laptop
        .call::<auth_api::Login>(
            &(),
            &NoQuery {},
            &LoginRequest { email: "ola@lege.test".into(), password: TEST_PASSWORD.into() },
        )
        .await;
    assert_eq!(laptop.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.status(), 200);
    assert_eq!(phone.call::<auth_api::LogoutEverywhere>(&(), &NoQuery {}, &()).await.status(), 204);
    assert_eq!(laptop.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.status(), 401);
    assert_eq!(phone.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.status(), 401);
}

#[tokio::test]
async fn wrong_passwords_are_rate_limited_per_account_with_a_clear_message() {
    let app = spawn_app().await;
    let (_admin, _me) = app.setup_installation().await;
    let attacker = app.session();
    for _ in 0..5 {
        let response = attacker
            .call::<auth_api::Login>(
                &(),
                &NoQuery {},
                &LoginRequest { email: "admin@baerum.test".into(), password: "wrong-password".into() },
            )
            .await;
        assert_eq!(response.status(), 401);
        let body: ErrorBody = response.json().await.expect("error shape");
        assert_eq!(body.error.code, "invalid_credentials");
    }
    // Now even the right password is refused for a while, with a message that says what to do.
    let response = attacker
        .call::<auth_api::Login>(
            &(),
            &NoQuery {},
            &LoginRequest { email: "admin@baerum.test".into(), password: TEST_PASSWORD.into() },
        )
        .await;
    assert_eq!(response.status(), 429);
    let body: ErrorBody = response.json().await.expect("error shape");
    assert_eq!(body.error.code, "too_many_requests");
    assert!(body.error.message.contains("minutes"));
}

#[tokio::test]
async fn a_magic_link_signs_in_once_and_unknown_addresses_get_the_same_answer() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    app.add_person(&admin, &me.memberships[0].municipality.id, "Per Lege", "per@lege.test", &[Role::Gp]).await;
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
            .call::<auth_api::RequestMagicLink>(&(), &NoQuery {}, &EmailRequest { email: "nobody@lege.test".into() })
            .await
            .status(),
        202
    );
    let mails = app.wait_for_mail_to("per@lege.test", 1).await;
    assert_eq!(mails.len(), 1);
    assert!(app.outbox.messages_to("nobody@lege.test").is_empty());
    assert_eq!(mails[0].subject, "Innloggingslenke til Legeting");
    let link = link_in(&mails[0].text);
    assert!(link.starts_with(&format!("{}/innlogging/lenke?token=", app.config.effective_base_url())));

    let response =
        anonymous.call::<auth_api::RedeemLink>(&(), &NoQuery {}, &TokenRequest { token: token_of(&link) }).await;
    assert_eq!(response.status(), 200);
    let redeemed: Redeemed = response.json().await.expect("Redeemed");
    assert_eq!(redeemed.me.email, "per@lege.test");
    assert!(!redeemed.must_set_password);
    assert_eq!(anonymous.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.status(), 200);

    let again =
        app.session().call::<auth_api::RedeemLink>(&(), &NoQuery {}, &TokenRequest { token: token_of(&link) }).await;
    assert_eq!(again.status(), 422);
    let body: ErrorBody = again.json().await.expect("error shape");
    assert_eq!(body.error.code, "invalid_link");
}

#[tokio::test]
async fn an_invited_gp_signs_in_from_the_email_and_chooses_a_password() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let gp = app.add_person(&admin, &municipality, "Siri Fastlege", "siri@lege.test", &[Role::Gp]).await;
    assert!(!gp.has_password);
    let invited = admin
        .call::<people_api::InvitePerson>(&(municipality.as_str().into(), gp.id.as_str().into()), &NoQuery {}, &())
        .await;
    assert_eq!(invited.status(), 202);
    let mail = app.outbox.messages_to("siri@lege.test").pop().expect("an invitation");
    assert_eq!(mail.subject, "Du er invitert til Legeting");

    let siri = app.session();
    let redeemed: Redeemed = siri
        .call::<auth_api::RedeemLink>(&(), &NoQuery {}, &TokenRequest { token: token_of(&link_in(&mail.text)) })
        .await
        .json()
        .await
        .expect("Redeemed");
    assert!(redeemed.must_set_password);
    let too_short = siri
        .call::<auth_api::SetPassword>(
            &(),
            &NoQuery {},
            &SetPasswordRequest { password: "kort".into(), current_password: None },
        )
        .await;
    assert_eq!(too_short.status(), 422);
    let body: ErrorBody = too_short.json().await.expect("error shape");
    assert_eq!((body.error.code.as_str(), body.error.field.as_deref()), ("password_too_short", Some("password")));
    assert_eq!(
        siri.call::<auth_api::SetPassword>(
            &(),
            &NoQuery {},
            &SetPasswordRequest { password: "mitt-nye-passord".into(), current_password: None }
        )
        .await
        .status(),
        204
    );

    let later = app.session();
    let login = later
        .call::<auth_api::Login>(
            &(),
            &NoQuery {},
            &LoginRequest { email: "siri@lege.test".into(), password: "mitt-nye-passord".into() },
        )
        .await;
    assert_eq!(login.status(), 200);
}

#[tokio::test]
async fn a_password_reset_link_lets_a_person_choose_a_new_password() {
    let app = spawn_app().await;
    let (_admin, _me) = app.setup_installation().await;
    let anonymous = app.session();
    assert_eq!(
        anonymous
            .call::<auth_api::RequestPasswordReset>(
                &(),
                &NoQuery {},
                &EmailRequest { email: "admin@baerum.test".into() }
            )
            .await
            .status(),
        202
    );
    let mail = app.wait_for_mail_to("admin@baerum.test", 1).await.pop().expect("a reset mail");
    let redeemed: Redeemed = anonymous
        .call::<auth_api::RedeemLink>(&(), &NoQuery {}, &TokenRequest { token: token_of(&link_in(&mail.text)) })
        .await
        .json()
        .await
        .expect("Redeemed");
    assert!(redeemed.must_set_password);
    assert_eq!(
        anonymous
            .call::<auth_api::SetPassword>(
                &(),
                &NoQuery {},
                &SetPasswordRequest { password: "et-helt-nytt-passord".into(), current_password: None }
            )
            .await
            .status(),
        204
    );
    let old = app
        .session()
        .call::<auth_api::Login>(
            &(),
            &NoQuery {},
            &LoginRequest { email: "admin@baerum.test".into(), password: TEST_PASSWORD.into() },
        )
        .await;
    assert_eq!(old.status(), 401);
}

#[tokio::test]
async fn administrators_manage_offices_and_people_and_every_change_is_audited() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let office: Office = admin
        .post(
            &format!("/api/municipalities/{municipality}/offices"),
            &json!({"name": "Sandvika legesenter", "address": "Rådhustorget 2"}),
        )
        .await
        .json()
        .await
        .expect("Office");
    let input = json!({
        "name": "  Nora   Nordmann ", "email": "Nora@Lege.test", "phone": "+47 912 34 567", "hpr_number": "1234567",
        "office_id": office.id, "specialist": true, "list_size": 1100, "open_list_places": 25,
        "employment": "self_employed", "roles": ["gp"]
    });
    let response = admin.post(&format!("/api/municipalities/{municipality}/people"), &input).await;
    assert_eq!(response.status(), 201);
    let nora: Person = response.json().await.expect("Person");
    assert_eq!((nora.name.as_str(), nora.email.as_str()), ("Nora Nordmann", "nora@lege.test"));
    assert_eq!(nora.office_name.as_deref(), Some("Sandvika legesenter"));

    let offices: Vec<Office> =
        admin.get(&format!("/api/municipalities/{municipality}/offices")).await.json().await.expect("offices");
    assert_eq!(offices[0].gp_count, 1);

    let found: Vec<Person> = admin
        .get(&format!("/api/municipalities/{municipality}/people?q=nordm&role=gp"))
        .await
        .json()
        .await
        .expect("people");
    assert_eq!(found.iter().map(|p| p.email.as_str()).collect::<Vec<_>>(), vec!["nora@lege.test"]);

    let mut changed = input.clone();
    changed["list_size"] = json!(1200);
    changed["roles"] = json!(["gp", "secretary"]);
    let updated: Person = admin
        .put(&format!("/api/municipalities/{municipality}/people/{}", nora.id), &changed)
        .await
        .json()
        .await
        .expect("Person");
    assert_eq!(updated.list_size, Some(1200));
    assert_eq!(updated.roles, vec![Role::Secretary, Role::Gp]);

    let audit: Vec<AuditEntry> =
        admin.get(&format!("/api/municipalities/{municipality}/audit")).await.json().await.expect("audit");
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, vec!["person.updated", "person.created", "office.created", "installation.setup"]);
    let details: serde_json::Value = serde_json::from_str(&audit[0].details).expect("JSON details");
    assert_eq!(details["list_size"], json!([1100, 1200]));
    assert_eq!(details["roles"], json!([["gp"], ["secretary", "gp"]]));
    assert!(details.get("name").is_none(), "unchanged fields are not listed");
    assert_eq!(audit[0].actor_name.as_deref(), Some("Astrid Admin"));
}

#[tokio::test]
async fn bad_person_input_is_refused_with_the_field_and_changes_nothing() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let base = json!({"name": "Liv Lege", "email": "liv@lege.test", "hpr_number": "7654321", "roles": ["gp"]});
    assert_eq!(admin.post(&format!("/api/municipalities/{municipality}/people"), &base).await.status(), 201);

    let cases = [
        (json!({"email": "not-an-email"}), 422, "invalid_email", "email"),
        (json!({"email": "other@lege.test", "hpr_number": "7654321"}), 409, "duplicate_hpr", "hpr_number"),
        (json!({"email": "LIV@lege.test", "hpr_number": null}), 409, "duplicate_email", "email"),
        (json!({"email": "x@lege.test", "hpr_number": null, "list_size": -3}), 422, "invalid_number", "list_size"),
        (json!({"email": "y@lege.test", "hpr_number": null, "roles": []}), 422, "role_required", "roles"),
    ];
    for (change, status, code, field) in cases {
        let mut input = base.clone();
        for (key, value) in change.as_object().expect("object") {
            input[key] = value.clone();
        }
        let response = admin.post(&format!("/api/municipalities/{municipality}/people"), &input).await;
        assert_eq!(response.status(), status, "{change}");
        let body: ErrorBody = response.json().await.expect("error shape");
        assert_eq!((body.error.code.as_str(), body.error.field.as_deref()), (code, Some(field)), "{change}");
    }
    let people: Vec<Person> =
        admin.get(&format!("/api/municipalities/{municipality}/people")).await.json().await.expect("people");
    assert_eq!(people.len(), 2, "only the administrator and Liv exist");
}

#[tokio::test]
async fn a_person_with_roles_in_two_municipalities_sees_both_and_no_others() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let baerum = me.memberships[0].municipality.id.clone();
    let asker: Municipality = admin
        .post("/api/municipalities", &json!({"name": "Asker", "number": "3203"}))
        .await
        .json()
        .await
        .expect("Municipality");
    let oslo: Municipality = admin
        .post("/api/municipalities", &json!({"name": "Oslo", "number": "0301"}))
        .await
        .json()
        .await
        .expect("Municipality");
    let lise = app.add_person(&admin, &baerum, "Lise Lege", "lise@lege.test", &[Role::Gp]).await;
    let mut input = json!({"name": "Lise Lege", "email": "lise@lege.test", "roles": ["secretary"]});
    // Adding an existing person to another municipality goes through the same endpoint: their e-mail is taken,
    // so the administrator gets a clear conflict; roles in another municipality are set by updating.
    let conflict = admin.post(&format!("/api/municipalities/{}/people", asker.id), &input).await;
    assert_eq!(conflict.status(), 409);
    input["roles"] = json!(["secretary"]);
    let response = admin.put(&format!("/api/municipalities/{}/people/{}", asker.id, lise.id), &input).await;
    assert_eq!(response.status(), 200);

    let session = app.signed_in("lise@lege.test").await;
    let me: Me = session.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.json().await.expect("Me");
    let names: Vec<&str> = me.memberships.iter().map(|m| m.municipality.name.as_str()).collect();
    assert_eq!(names, vec!["Asker", "Bærum"]);
    assert!(me.has_role(&asker.id, Role::Secretary) && me.has_role(&baerum, Role::Gp));
    assert_eq!(session.get(&format!("/api/municipalities/{}/people", oslo.id)).await.status(), 404);
    assert_eq!(session.get(&format!("/api/municipalities/{}/offices", oslo.id)).await.status(), 404);
}

#[tokio::test]
async fn deactivating_a_person_signs_them_out_and_keeps_them_in_the_inactive_list() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let gp = app.add_person(&admin, &municipality, "Tor Slutter", "tor@lege.test", &[Role::Gp]).await;
    let tor = app.signed_in("tor@lege.test").await;
    let input = json!({"name": "Tor Slutter", "email": "tor@lege.test", "active": false, "roles": ["gp"]});
    assert_eq!(admin.put(&format!("/api/municipalities/{municipality}/people/{}", gp.id), &input).await.status(), 200);
    assert_eq!(tor.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.status(), 401);
    let active: Vec<Person> =
        admin.get(&format!("/api/municipalities/{municipality}/people")).await.json().await.expect("people");
    assert!(active.iter().all(|p| p.id != gp.id));
    let all: Vec<Person> = admin
        .get(&format!("/api/municipalities/{municipality}/people?inactive=true"))
        .await
        .json()
        .await
        .expect("people");
    assert!(all.iter().any(|p| p.id == gp.id && !p.active));
}
