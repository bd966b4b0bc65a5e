//! Languages: a person chooses bokmål, nynorsk or English on their profile; a municipality's administrator sets
//! its written standard (bokmål, nynorsk or neutral), which people who have not chosen follow.

use legeting_shared::ErrorBody;
use legeting_shared::auth::Me;
use legeting_shared::people::{AuditEntry, Municipality, Role, WrittenStandard};
use legeting_tests::spawn_app;
use serde_json::json;

#[tokio::test]
async fn a_person_chooses_nynorsk_on_their_profile_and_an_unknown_language_is_refused() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    app.add_person(&admin, &municipality, "Kari Fastlege", "kari@lege.test", &[Role::Gp]).await;
    let kari = app.signed_in("kari@lege.test").await;

    let before: Me = kari.get("/api/auth/me").await.json().await.expect("Me");
    assert_eq!((before.language.as_str(), before.language_chosen), ("nb", false), "a new person has not chosen");

    // Saving the profile with the default language does not count as choosing it.
    let unchanged = kari.put("/api/auth/me", &json!({"name": "Kari Fastlege", "language": "nb"})).await;
    assert_eq!(unchanged.status(), 200);
    let unchanged: Me = unchanged.json().await.expect("Me");
    assert!(!unchanged.language_chosen, "saving the default language is not a choice");

    let response = kari.put("/api/auth/me", &json!({"name": "Kari Fastlege", "language": "nn"})).await;
    assert_eq!(response.status(), 200);
    let chosen: Me = response.json().await.expect("Me");
    assert_eq!((chosen.language.as_str(), chosen.language_chosen), ("nn", true));

    // Once chosen, bokmål is a choice too.
    let back: Me =
        kari.put("/api/auth/me", &json!({"name": "Kari Fastlege", "language": "nb"})).await.json().await.expect("Me");
    assert_eq!((back.language.as_str(), back.language_chosen), ("nb", true));

    for wrong in ["sv", "NN", "nn-NO", ""] {
        let refused = kari.put("/api/auth/me", &json!({"name": "Kari Fastlege", "language": wrong})).await;
        assert_eq!(refused.status(), 422, "{wrong:?} was accepted");
        let body: ErrorBody = refused.json().await.expect("ErrorBody");
        assert_eq!(body.error.code, "invalid_language");
    }
    let after: Me = kari.get("/api/auth/me").await.json().await.expect("Me");
    assert_eq!(after.language, "nb", "a refused change changes nothing");
}

#[tokio::test]
async fn an_administrator_sets_the_written_standard_which_members_see_and_the_audit_log_keeps() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.clone();
    assert_eq!(municipality.written_standard, WrittenStandard::Neutral, "a new municipality is neutral");
    app.add_person(&admin, &municipality.id, "Kari Fastlege", "kari@lege.test", &[Role::Gp]).await;
    let kari = app.signed_in("kari@lege.test").await;
    let path = format!("/api/municipalities/{}", municipality.id);

    let by_gp = kari.put(&path, &json!({"name": municipality.name, "written_standard": "nn"})).await;
    assert_eq!(by_gp.status(), 403, "only administrators set the written standard");

    let response = admin
        .put(&path, &json!({"name": municipality.name, "number": municipality.number, "written_standard": "nn"}))
        .await;
    assert_eq!(response.status(), 200);
    let changed: Municipality = response.json().await.expect("Municipality");
    assert_eq!(changed.written_standard, WrittenStandard::Nn);

    let seen: Me = kari.get("/api/auth/me").await.json().await.expect("Me");
    assert_eq!(seen.memberships[0].municipality.written_standard, WrittenStandard::Nn);

    // Renaming without naming the standard keeps it.
    let renamed: Municipality = admin
        .put(&path, &json!({"name": "Bærum kommune", "number": municipality.number}))
        .await
        .json()
        .await
        .expect("Municipality");
    assert_eq!((renamed.name.as_str(), renamed.written_standard), ("Bærum kommune", WrittenStandard::Nn));

    let unknown = admin.put(&path, &json!({"name": "Bærum kommune", "written_standard": "sv"})).await;
    assert_eq!(unknown.status(), 422, "an unknown written standard is refused");

    let audit: Vec<AuditEntry> = admin.get(&format!("{path}/audit")).await.json().await.expect("audit");
    let details: serde_json::Value = serde_json::from_str(&audit[1].details).expect("JSON details");
    assert_eq!(audit[1].action, "municipality.updated");
    assert_eq!(details["written_standard"], json!(["neutral", "nn"]));
}
