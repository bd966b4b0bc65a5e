//! The library functions behind `legeting demo` and `legeting admin create-user`, against the test database.

use legeting::admin::{NewUser, create_user};
use legeting::db::Database;
use legeting::demo::{self, NotEmpty};
use legeting::people::store::{self, PeopleFilter};
use legeting_shared::api::NoQuery;
use legeting_shared::api::auth as auth_api;
use legeting_shared::auth::LoginRequest;
use legeting_shared::auth::Me;
use legeting_shared::people::{Municipality, Office, Person, Role};
use legeting_tests::{TEST_PASSWORD, TestApp, spawn_app};
use serde_json::json;

/// Rows in every table the demo and `create-user` write, to show that a refusal writes nothing.
async fn row_counts(database: &Database) -> Vec<i64> {
    let mut counts = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM municipalities",
        "SELECT COUNT(*) FROM offices",
        "SELECT COUNT(*) FROM people",
        "SELECT COUNT(*) FROM municipality_roles",
        "SELECT COUNT(*) FROM audit_log",
    ] {
        counts.push(sqlx::query_scalar(sql).fetch_one(database.pool()).await.expect("a count"));
    }
    counts
}

async fn municipality_numbered(app: &TestApp, number: &str) -> Municipality {
    let all = store::municipalities_for(app.state.database.pool(), "", true).await.expect("municipalities");
    all.into_iter().find(|m| m.number.as_deref() == Some(number)).expect("the municipality exists")
}

async fn people_with(app: &TestApp, municipality_id: &str, role: Role) -> Vec<Person> {
    let filter = PeopleFilter { role: Some(role), ..PeopleFilter::default() };
    store::people_in(app.state.database.pool(), municipality_id, &filter).await.expect("people")
}

async fn sign_in(app: &TestApp, email: &str, password: &str) -> (legeting_tests::Session, reqwest::StatusCode) {
    let session = app.session();
    let status = session
        .call::<auth_api::Login>(&(), &NoQuery {}, &LoginRequest { email: email.into(), password: password.into() })
        .await
        .status();
    (session, status)
}

#[tokio::test]
async fn the_demo_seeds_baerum_and_asker_with_their_gps_offices_and_staff() {
    let app = spawn_app().await;
    let summary = demo::seed(&app.state.database).await.expect("the demo seeds");
    assert_eq!(summary.municipalities.len(), 2);
    assert_eq!(summary.password, "legeting-demo");

    let baerum = municipality_numbered(&app, "3201").await;
    assert_eq!(baerum.name, "Bærum");
    let offices = store::offices(app.state.database.pool(), &baerum.id).await.expect("offices");
    assert_eq!(offices.len(), 35);
    assert!(offices.iter().any(|o| o.name == "Sandvika legesenter"));
    assert!(offices.iter().all(|o| o.address.is_some() && o.gp_count >= 1));
    assert_eq!(offices.iter().map(|o| o.gp_count).sum::<i64>(), 105);
    let gps = people_with(&app, &baerum.id, Role::Gp).await;
    assert_eq!(gps.len(), 105, "active GPs in Bærum");
    assert!(gps.iter().all(|gp| gp.hpr_number.is_some() && gp.office_id.is_some() && !gp.has_password));
    let specialists = gps.iter().filter(|gp| gp.specialist).count();
    assert!((60..=72).contains(&specialists), "{specialists} of 105 are specialists");
    for role in [Role::Administrator, Role::Leader, Role::Secretary, Role::Guest] {
        let holders = people_with(&app, &baerum.id, role).await;
        assert_eq!(holders.len(), 1, "Bærum has one {role:?}");
        assert!(holders[0].has_password);
    }
    let everyone = PeopleFilter { include_inactive: true, ..PeopleFilter::default() };
    let departed = store::people_in(app.state.database.pool(), &baerum.id, &everyone).await.expect("people");
    assert_eq!(departed.iter().filter(|p| !p.active).count(), 3, "GPs who have left are kept");

    let asker = municipality_numbered(&app, "3203").await;
    assert_eq!(store::offices(app.state.database.pool(), &asker.id).await.expect("offices").len(), 12);
    assert_eq!(people_with(&app, &asker.id, Role::Gp).await.len(), 40);

    let installation_admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE installation_admin = 1")
        .fetch_one(app.state.database.pool())
        .await
        .expect("a count");
    assert_eq!(installation_admins, 1);
    assert_eq!(row_counts(&app.state.database).await[2], i64::try_from(summary.people).expect("small"));

    let instructions = summary.instructions(&app.config.effective_base_url());
    assert!(instructions.contains(&app.config.effective_base_url()), "{instructions}");
    assert!(instructions.contains("admin@baerum.demo.legeting.no"), "{instructions}");
    assert!(instructions.contains("kommunalsjef@baerum.demo.legeting.no"), "{instructions}");
    assert!(instructions.contains("kommuneoverlege@baerum.demo.legeting.no"), "{instructions}");
    assert!(instructions.contains("legeting-demo"), "{instructions}");
}

#[tokio::test]
async fn a_second_seed_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    demo::seed(&app.state.database).await.expect("the first seed");
    let before = row_counts(&app.state.database).await;

    let error = demo::seed(&app.state.database).await.expect_err("a second seed is refused");
    let refusal = error.downcast_ref::<NotEmpty>().expect("refused because of the people");
    assert_eq!(refusal.people, before[2]);
    assert!(error.to_string().contains("already has"), "{error}");
    assert!(demo::seed_if_empty(&app.state.database).await.expect("no error").is_none());
    assert_eq!(row_counts(&app.state.database).await, before);
}

#[tokio::test]
async fn two_instances_seeding_at_once_give_one_demo() {
    let app = spawn_app().await;
    let database = &app.state.database;
    let (first, second) = tokio::join!(demo::seed_if_empty(database), demo::seed_if_empty(database));
    let seeded = [first.expect("no error"), second.expect("no error")].iter().filter(|s| s.is_some()).count();
    assert_eq!(seeded, 1);
    assert_eq!(row_counts(database).await[2], 158);
}

#[tokio::test]
async fn the_demo_is_not_seeded_into_an_installation_in_use() {
    let app = spawn_app().await;
    app.setup_installation().await;
    let before = row_counts(&app.state.database).await;
    let error = demo::seed(&app.state.database).await.expect_err("refused");
    assert!(error.downcast_ref::<NotEmpty>().is_some(), "{error}");
    assert_eq!(row_counts(&app.state.database).await, before);
}

#[tokio::test]
async fn a_demo_administrator_signs_in_and_lists_people_and_a_demo_gp_gets_a_link() {
    let app = spawn_app().await;
    let summary = demo::seed(&app.state.database).await.expect("the demo seeds");
    let (admin, status) = sign_in(&app, "admin@baerum.demo.legeting.no", "legeting-demo").await;
    assert_eq!(status, 200);
    let me: Me = admin.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.json().await.expect("Me");
    let baerum = me.memberships.iter().find(|m| m.municipality.name == "Bærum").expect("a member of Bærum");
    assert_eq!(baerum.roles, vec![Role::Administrator]);

    let path = format!("/api/municipalities/{}", baerum.municipality.id);
    let response = admin.get(&format!("{path}/people?role=gp")).await;
    assert_eq!(response.status(), 200);
    let gps: Vec<Person> = response.json().await.expect("people");
    assert_eq!(gps.len(), 105);
    let offices: Vec<Office> = admin.get(&format!("{path}/offices")).await.json().await.expect("offices");
    assert_eq!(offices.len(), 35);
    // The chief medical officer's letters of the last half year are in the archive, newest first.
    let letters: Vec<legeting_shared::letters::LetterSummary> =
        admin.get(&format!("{path}/letters")).await.json().await.expect("letters");
    assert_eq!(letters.len(), 6);
    assert!(letters.windows(2).all(|w| w[0].published_at >= w[1].published_at));
    assert!(letters.iter().all(|l| l.author_name.is_some()), "written by the secretary");

    // The installation administrator sees both municipalities.
    let (operator, status) = sign_in(&app, &summary.installation_admin.email, "legeting-demo").await;
    assert_eq!(status, 200);
    let all: Vec<Municipality> = operator.get("/api/municipalities").await.json().await.expect("municipalities");
    assert_eq!(all.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Asker", "Bærum"]);

    // GPs have no password; they ask for a link.
    let gp = summary.municipalities[0].sample_gp.clone().expect("a GP");
    assert_eq!(sign_in(&app, &gp.email, "legeting-demo").await.1, 401);
    let anonymous = app.session();
    assert_eq!(anonymous.post("/api/auth/magic-link", &json!({ "email": gp.email })).await.status(), 202);
    assert_eq!(app.wait_for_mail_to(&gp.email, 1).await.len(), 1);
}

fn new_user(email: &str, municipality: &str, roles: &[Role], password: Option<&str>) -> NewUser {
    NewUser {
        email: email.into(),
        name: "Kari  Nordmann".into(),
        municipality: municipality.into(),
        roles: roles.to_vec(),
        password: password.map(str::to_owned),
        installation_admin: false,
    }
}

async fn audit_actions(database: &Database) -> Vec<(Option<String>, String)> {
    sqlx::query_as("SELECT actor_id, action FROM audit_log ORDER BY at, action")
        .fetch_all(database.pool())
        .await
        .expect("audit entries")
}

#[tokio::test]
async fn create_user_creates_the_municipality_and_the_person_who_can_then_sign_in() {
    let app = spawn_app().await;
    let request =
        new_user(" Kari@Lier.Kommune.no", "Lier 3312", &[Role::Administrator, Role::Leader], Some(TEST_PASSWORD));
    let created = create_user(&app.state.database, &request).await.expect("created");
    assert!(created.person_created && created.municipality_created && created.password_set);
    assert_eq!(created.email, "kari@lier.kommune.no");
    assert_eq!(created.name, "Kari Nordmann");
    assert_eq!(created.municipality.name, "Lier");
    assert_eq!(created.municipality.number.as_deref(), Some("3312"));
    assert_eq!(created.roles_added, vec![Role::Administrator, Role::Leader]);
    let report = created.report("http://legeting.test");
    assert!(report.contains("Created the municipality Lier (3312)."), "{report}");
    assert!(report.contains("Password set"), "{report}");

    let actions = audit_actions(&app.state.database).await;
    assert!(actions.contains(&(None, "municipality.created_by_cli".into())), "{actions:?}");
    assert!(actions.contains(&(None, "person.created_by_cli".into())), "{actions:?}");
    let details: Vec<String> = sqlx::query_scalar("SELECT details FROM audit_log")
        .fetch_all(app.state.database.pool())
        .await
        .expect("details");
    assert!(details.iter().all(|d| !d.contains(TEST_PASSWORD) && !d.contains("argon2")), "{details:?}");

    let (session, status) = sign_in(&app, "kari@lier.kommune.no", TEST_PASSWORD).await;
    assert_eq!(status, 200);
    let me: Me = session.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.json().await.expect("Me");
    assert!(me.has_role(&created.municipality.id, Role::Administrator));
    assert!(me.has_role(&created.municipality.id, Role::Leader));
    assert!(!me.installation_admin);

    // Without a password the person signs in with links; the report says so.
    let request = new_user("ola@lier.kommune.no", "lier", &[Role::Gp], None);
    let created_gp = create_user(&app.state.database, &request).await.expect("created");
    assert_eq!(created_gp.municipality.id, created.municipality.id, "found by name, whatever the case");
    assert!(!created_gp.municipality_created && !created_gp.has_password);
    assert!(created_gp.report("http://legeting.test").contains("e-mail link"));
}

#[tokio::test]
async fn create_user_adds_roles_to_an_existing_person() {
    let app = spawn_app().await;
    let (_admin, me) = app.setup_installation().await;
    let baerum = me.memberships[0].municipality.clone();
    let before = row_counts(&app.state.database).await;

    let mut request = new_user("ADMIN@baerum.test", "3201", &[Role::Administrator, Role::Secretary], None);
    request.installation_admin = true;
    let updated = create_user(&app.state.database, &request).await.expect("updated");
    assert!(!updated.person_created && !updated.municipality_created);
    assert_eq!(updated.person_id, me.id);
    assert_eq!(updated.name, "Astrid Admin", "an existing person keeps their name");
    assert_eq!(updated.municipality.id, baerum.id);
    assert_eq!(updated.roles_added, vec![Role::Secretary]);
    assert_eq!(updated.roles_already, vec![Role::Administrator]);
    assert!(updated.has_password && !updated.password_set && !updated.installation_admin_granted);
    let after = row_counts(&app.state.database).await;
    assert_eq!(after[2], before[2], "no new person");
    assert_eq!(after[3], before[3] + 1, "one new role");
    let roles = store::roles_of(app.state.database.pool(), &baerum.id, &me.id).await.expect("roles");
    assert_eq!(roles, vec![Role::Administrator, Role::Secretary]);
    assert!(audit_actions(&app.state.database).await.contains(&(None, "person.updated_by_cli".into())));

    // Nothing left to add: nothing written.
    let before = row_counts(&app.state.database).await;
    let again = create_user(&app.state.database, &request).await.expect("fine");
    assert!(again.roles_added.is_empty());
    assert_eq!(row_counts(&app.state.database).await, before);
}

#[tokio::test]
async fn create_user_refuses_bad_input_and_writes_nothing() {
    let app = spawn_app().await;
    app.setup_installation().await;
    let before = row_counts(&app.state.database).await;

    let malformed = new_user("kari@lier", "Lier 3312", &[Role::Administrator], Some(TEST_PASSWORD));
    let error = create_user(&app.state.database, &malformed).await.expect_err("a malformed e-mail");
    assert_eq!(error.to_string(), r#"email: "kari@lier" is not an e-mail address"#);

    let short = new_user("kari@lier.kommune.no", "Lier 3312", &[Role::Administrator], Some("kort"));
    let error = create_user(&app.state.database, &short).await.expect_err("a short password");
    assert!(error.to_string().starts_with("password:"), "{error}");

    let no_role = new_user("kari@lier.kommune.no", "Lier 3312", &[], None);
    let error = create_user(&app.state.database, &no_role).await.expect_err("no role");
    assert!(error.to_string().contains("--role"), "{error}");

    // Only a number, and no municipality has it: refused inside the transaction, which is rolled back.
    let unknown = new_user("kari@lier.kommune.no", "3312", &[Role::Administrator], None);
    let error = create_user(&app.state.database, &unknown).await.expect_err("an unknown number");
    assert!(error.to_string().contains("no municipality has the number 3312"), "{error}");

    assert_eq!(row_counts(&app.state.database).await, before);
}
