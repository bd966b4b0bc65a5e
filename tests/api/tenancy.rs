//! Tenant isolation, tried as an attacker: no municipality can read or change another's data through any route.
//!
//! The cross-tenant matrix seeds two municipalities, A ("Alfa", Bærum) and B ("Bravo", Asker), each with the
//! same kinds of objects. Then every operation of the OpenAPI document is called as each role of B (guest, GP
//! who chairs B's committee, secretary, leader, administrator): once with A's real ids in the path and the body,
//! and once on B's own objects with A's ids in the body (invitees, members, owners, roster rows). After every
//! call the whole database is compared with before: no added, changed or removed row may mention any id of A.
//! And no answer may carry anything of A's (its ids, its people's addresses, the "Alfa" names of its objects).
//! A new route is called automatically, so it fails here until its scoping is decided.
//!
//! Beside the matrix: the roster takeover from the security review, the limits on changing a shared person,
//! the notice to an old e-mail address, and invitations that name only their recipient.

use legeting_shared::api::NoQuery;
use legeting_shared::api::attendance as attendance_api;
use legeting_shared::api::auth as auth_api;
use legeting_shared::api::meetings as meetings_api;
use legeting_shared::auth::EmailRequest;
use legeting_shared::auth::LoginRequest;
use legeting_shared::auth::TokenRequest;
use std::collections::{BTreeMap, BTreeSet};

use legeting_shared::DatabaseKind;
use legeting_shared::people::{Municipality, Office, Role};
use legeting_tests::{RouteIds, Session, TEST_PASSWORD, TestApp, database_kind, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};
use sqlx::{Column, Row};

/// One municipality's objects, with the ids the attacker would use.
struct Tenant {
    tag: &'static str,
    municipality: String,
    office: String,
    gp: String,
    gp_email: String,
    gp_hpr: String,
    body: String,
    meeting: String,
    agenda_item: String,
    attachment: String,
    proposal: String,
    action_item: String,
    letter: String,
    rate: String,
    check_in_code: String,
}

const ROLES: [(&str, Role); 5] = [
    ("guest", Role::Guest),
    ("gp", Role::Gp),
    ("secretary", Role::Secretary),
    ("leader", Role::Leader),
    ("administrator", Role::Administrator),
];

fn email(tag: &str, role: &str) -> String {
    format!("{role}@{tag}.test")
}

fn future_local(days: i64) -> String {
    let now = chrono::Utc::now() + chrono::Duration::days(days);
    format!("{}T18:00", now.format("%Y-%m-%d"))
}

fn meeting_input(tag: &str, body: &str, invitees: Value) -> Value {
    json!({
        "body_id": body, "kind": "committee_meeting", "title": format!("{tag}-møte"),
        "starts_local": future_local(7), "ends_local": future_local(7).replace("T18:00", "T20:00"),
        "invitees": invitees,
    })
}

async fn id_of(response: reqwest::Response) -> String {
    let status = response.status();
    let value: Value = response.json().await.expect("JSON");
    value["id"].as_str().unwrap_or_else(|| panic!("an id ({status}): {value}")).to_owned()
}

/// Seed one municipality (`tag` "Alfa" or "Bravo") with one of everything, as the installation administrator.
async fn seed(app: &TestApp, admin: &Session, municipality: String, tag: &'static str, hpr: &str) -> Tenant {
    let short = &tag[..1].to_lowercase();
    let office: Office = admin
        .post(&format!("/api/municipalities/{municipality}/offices"), &json!({"name": format!("{tag} legesenter")}))
        .await
        .json()
        .await
        .expect("an office");
    let mut gp = String::new();
    for (role_name, role) in ROLES {
        let address = email(short, role_name);
        let person = app.add_person(admin, &municipality, &format!("{tag} {role_name}"), &address, &[role]).await;
        if role == Role::Gp {
            gp = person.id.clone();
            let input = json!({"name": format!("{tag} gp"), "email": address, "hpr_number": hpr,
                "office_id": office.id, "roles": ["gp"]});
            let response = admin.put(&format!("/api/municipalities/{municipality}/people/{gp}"), &input).await;
            assert_eq!(response.status(), 200, "{}", response.text().await.unwrap_or_default());
        }
    }
    let body = id_of(
        admin
            .post(
                &format!("/api/municipalities/{municipality}/bodies"),
                &json!({"name": format!("{tag}-utvalget"), "kind": "gp_committee", "closed_papers": true}),
            )
            .await,
    )
    .await;
    let members = json!([{"person_id": gp, "role": "chair"}]);
    assert_eq!(admin.put(&format!("/api/bodies/{body}/members"), &members).await.status(), 200);
    let meeting: Value = admin
        .post(
            &format!("/api/municipalities/{municipality}/meetings"),
            &meeting_input(tag, &body, json!({"type": "all_gps"})),
        )
        .await
        .json()
        .await
        .expect("meetings");
    let meeting = meeting[0]["id"].as_str().expect("an id").to_owned();
    assert_eq!(admin.call::<meetings_api::SendNotice>(&meeting.as_str().into(), &NoQuery {}, &()).await.status(), 200);
    let code: Value = admin
        .call::<attendance_api::CreateCheckInCode>(&meeting.as_str().into(), &NoQuery {}, &())
        .await
        .json()
        .await
        .expect("a code");
    let check_in_code = code["code"].as_str().expect("the code").to_owned();
    let agenda_item =
        id_of(admin.post(&format!("/api/meetings/{meeting}/agenda"), &json!({"title": format!("{tag}-sak")})).await)
            .await;
    let token = admin.csrf_token().await;
    let attachment = id_of(
        admin
            .client
            .post(app.url(&format!("/api/agenda-items/{agenda_item}/attachments?file_name={tag}.pdf")))
            .header("x-csrf-token", token)
            .body(format!("%PDF-1.4 {tag}-vedlegg"))
            .send()
            .await
            .expect("answers"),
    )
    .await;
    let gp_session = app.signed_in(&email(short, "gp")).await;
    let proposal = id_of(
        gp_session
            .post(&format!("/api/meetings/{meeting}/proposals"), &json!({"title": format!("{tag}-forslag")}))
            .await,
    )
    .await;
    let action_item = id_of(
        admin
            .post(
                &format!("/api/meetings/{meeting}/action-items"),
                &json!({"title": format!("{tag}-oppgave"), "owner_id": gp}),
            )
            .await,
    )
    .await;
    let letter = id_of(
        admin
            .post(
                &format!("/api/municipalities/{municipality}/letters"),
                &json!({"kind": "information", "audience": "gps", "title": format!("{tag}-brev"), "body": "Tekst."}),
            )
            .await,
    )
    .await;
    assert_eq!(
        admin.post(&format!("/api/letters/{letter}/publish"), &json!({"send_email": false})).await.status(),
        200
    );
    let rate = id_of(
        admin
            .post(
                &format!("/api/municipalities/{municipality}/rates"),
                &json!({"valid_from": "2020-01-01", "specialist_rate_ore": 130000, "other_rate_ore": 112000}),
            )
            .await,
    )
    .await;
    Tenant {
        tag,
        municipality,
        office: office.id,
        gp,
        gp_email: email(short, "gp"),
        gp_hpr: hpr.to_owned(),
        body,
        meeting,
        agenda_item,
        attachment,
        proposal,
        action_item,
        letter,
        rate,
        check_in_code,
    }
}

/// Every row of every table, as text, by table.
async fn snapshot(app: &TestApp) -> BTreeMap<String, BTreeSet<String>> {
    let pool = app.state.database.pool();
    let tables: Vec<String> = match database_kind() {
        DatabaseKind::Sqlite => sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
        ),
        DatabaseKind::Postgres => sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' \
             AND table_type = 'BASE TABLE' AND table_name NOT LIKE '_sqlx%'",
        ),
    }
    .fetch_all(pool)
    .await
    .expect("the tables");
    let mut all = BTreeMap::new();
    for table in tables {
        // The table names come from the database's own catalogue, not from input.
        let rows = sqlx::query(&format!("SELECT * FROM {table}")).fetch_all(pool).await.expect("rows");
        let mut texts = BTreeSet::new();
        for row in &rows {
            let mut cells = Vec::new();
            for (i, column) in row.columns().iter().enumerate() {
                let value = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
                    format!("{v:?}")
                } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
                    format!("{v:?}")
                } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
                    format!("{v:?}")
                } else if let Ok(v) = row.try_get::<Option<Vec<u8>>, _>(i) {
                    format!("{:?}", v.map(|bytes| String::from_utf8_lossy(&bytes).into_owned()))
                } else {
                    "?".to_owned()
                };
                cells.push(format!("{}={value}", column.name()));
            }
            texts.insert(cells.join(" "));
        }
        all.insert(table, texts);
    }
    all
}

/// The ids of every row (any `id` column), which are A's when taken right after seeding A.
fn ids_in(snapshot: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for rows in snapshot.values() {
        for row in rows {
            for cell in row.split(' ') {
                if let Some(value) = cell.strip_prefix("id=Some(\"") {
                    ids.insert(value.trim_end_matches("\")").to_owned());
                }
            }
        }
    }
    ids
}

/// Rows added, removed or changed between two snapshots that mention any of `ids`.
fn touched(
    before: &BTreeMap<String, BTreeSet<String>>,
    after: &BTreeMap<String, BTreeSet<String>>,
    ids: &BTreeSet<String>,
) -> Vec<String> {
    let empty = BTreeSet::new();
    let mut found = Vec::new();
    for (table, rows) in after {
        let old = before.get(table).unwrap_or(&empty);
        for row in rows.symmetric_difference(old) {
            if ids.iter().any(|id| row.contains(id.as_str())) {
                found.push(format!("{table}: {row}"));
            }
        }
    }
    found
}

async fn signed_in(app: &TestApp, address: &str) -> Session {
    let session = app.session();
    let response = session
        .call::<auth_api::Login>(
            &(),
            &NoQuery {},
            &LoginRequest { email: address.into(), password: TEST_PASSWORD.into() },
        )
        .await;
    assert_eq!(response.status(), 200, "{address} signs in");
    session
}

/// The path of an operation with `target`'s ids.
fn path_for(template: &str, target: &Tenant) -> String {
    let ids = RouteIds {
        municipality: target.municipality.clone(),
        person: target.gp.clone(),
        office: target.office.clone(),
        body: target.body.clone(),
        meeting: target.meeting.clone(),
        agenda_item: target.agenda_item.clone(),
        attachment: target.attachment.clone(),
        proposal: target.proposal.clone(),
        action_item: target.action_item.clone(),
        letter: target.letter.clone(),
        rate: Some(target.rate.clone()),
    };
    let mut path = ids.path(template);
    if path.contains("/participation") || path.contains("/compensation") || path.contains("/payroll") {
        path.push_str("?from=2020-01-01&to=2030-12-31");
    }
    if path.ends_with("/search") {
        path.push_str("?q=alfa");
    }
    path
}

/// The request bodies to try for an operation, naming `ids`' objects (A's, the victim's) wherever a body names
/// something. Public sign-in operations name nobody: a sign-in link to an address reaches only its owner.
fn bodies_for(operation: &str, ids: &Tenant, own: &Tenant) -> Vec<Value> {
    let tag = own.tag;
    let people = json!({"type": "people", "person_ids": [ids.gp]});
    let office = json!({"type": "office", "office_id": ids.office});
    let body = match operation {
        "login" => json!({"email": "nobody@x.test", "password": "wrong-password-here"}),
        "request_magic_link" | "request_password_reset" => json!({"email": "nobody@x.test"}),
        "redeem_link" => json!({"token": "not-a-token"}),
        "setup" => {
            json!({"token": "x", "municipality_name": "X", "name": "X", "email": "x@x.test", "password": TEST_PASSWORD})
        }
        "update_profile" => json!({"name": format!("{tag} caller"), "language": "nb"}),
        "set_password" => json!({"password": TEST_PASSWORD, "current_password": TEST_PASSWORD}),
        "create_municipality" => json!({"name": format!("Kommune {tag}")}),
        "update_municipality" => json!({"name": format!("{tag} kommune")}),
        "create_office" | "update_office" => json!({"name": format!("{tag} kontor")}),
        "create_person" => {
            return vec![
                json!({"name": "Ny Person", "email": ids.gp_email, "roles": ["gp"]}),
                json!({"name": "Ny Person", "email": format!("ny@{tag}.test"), "hpr_number": ids.gp_hpr, "roles": ["gp"]}),
            ];
        }
        "update_person" => {
            return vec![
                json!({"name": "Overtatt", "email": "attacker@evil.test", "hpr_number": ids.gp_hpr, "roles": ["gp"]}),
                json!({"name": "Overtatt", "email": ids.gp_email, "roles": ["gp"], "office_id": ids.office}),
            ];
        }
        "create_body" => json!({"name": format!("Forum {tag}"), "kind": "forum"}),
        "update_body" => json!({"name": format!("{tag}-utvalget"), "kind": "gp_committee", "closed_papers": true}),
        "set_members" => json!([{"person_id": ids.gp, "role": "member"}]),
        "create_meeting" | "update_meeting" => {
            return vec![
                meeting_input(tag, &ids.body, json!({"type": "body_members"})),
                meeting_input(tag, &own.body, people),
                meeting_input(tag, &own.body, office),
            ];
        }
        "cancel_meeting" => json!({"reason": "Sykdom"}),
        "answer" => json!({"answer": "in_person"}),
        "add_item" | "update_item" => json!({"title": format!("Sak fra {tag}")}),
        "reorder" => json!([ids.agenda_item]),
        "propose" => json!({"title": format!("Forslag fra {tag}")}),
        "decline_proposal" => json!({"reason": "Ikke nå"}),
        "save_minutes" => json!({"summary": "Referat", "decisions": []}),
        "add_action_item" => {
            return vec![
                json!({"title": format!("Oppgave {tag}"), "owner_id": ids.gp}),
                json!({"title": format!("Oppgave {tag}"), "agenda_item_id": ids.agenda_item}),
            ];
        }
        "set_action_status" => json!({"status": "in_progress"}),
        "check_in" => json!({"code": ids.check_in_code}),
        "update_attendance" => json!({"records": [{"person_id": ids.gp, "status": "present"}]}),
        "set_obligation_rules" => json!({"meeting_kinds": ["all_gp_meeting"]}),
        "exempt" => json!({"person_id": ids.gp, "year": 2026, "reason": "Permisjon"}),
        "add_rate" => json!({"valid_from": "2031-01-01", "specialist_rate_ore": 1, "other_rate_ore": 1}),
        "set_preferences" => json!({"reminders": true, "agenda_calls": true, "minutes": true, "action_items": true}),
        "answer_by_link" => json!({"reason": "Sykdom"}),
        "create_letter" | "update_letter" => {
            json!({"kind": "information", "audience": "gps", "title": format!("{tag} brev"), "body": "Tekst."})
        }
        "publish_letter" => json!({"send_email": true}),
        _ => json!({}),
    };
    vec![body]
}

/// Whether an operation's body can name another municipality's objects (those are tried on B's own objects too).
fn names_objects_in_body(operation: &str) -> bool {
    matches!(
        operation,
        "create_person"
            | "update_person"
            | "set_members"
            | "create_meeting"
            | "update_meeting"
            | "reorder"
            | "add_action_item"
            | "check_in"
            | "update_attendance"
            | "exempt"
            | "preview_import"
            | "run_import"
    )
}

/// Operations whose answers may mention other municipalities by design, and why.
const SHOWS_OTHERS_BY_DESIGN: &[(&str, &str)] =
    &[("comparison", "participation rates of every municipality side by side: names and rates only")];

async fn call(
    app: &TestApp,
    session: &Session,
    method: &str,
    path: &str,
    operation: &str,
    body: &Value,
    victim: &Tenant,
) -> (u16, String) {
    let method = Method::from_bytes(method.as_bytes()).expect("a method");
    let token = session.csrf_token().await;
    let response = match operation {
        "upload_attachment" => session
            .client
            .request(method, app.url(&format!("{path}?file_name=vedlegg.pdf")))
            .header("x-csrf-token", token)
            .body("%PDF-1.4 vedlegg")
            .send()
            .await
            .expect("answers"),
        "preview_import" | "run_import" => {
            // The attack from the security review: the victim's GP, by name and HPR number, with a new address.
            let csv = format!("navn;epost;hpr\nKari Offer;attacker@evil.test;{}\n", victim.gp_hpr);
            session
                .client
                .request(method, app.url(&format!("{path}?file_name=roster.csv&skip_invalid=true")))
                .header("x-csrf-token", token)
                .body(csv)
                .send()
                .await
                .expect("answers")
        }
        _ => session.send(method, path, if body.is_null() { None } else { Some(body) }).await,
    };
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn no_role_of_one_municipality_can_read_or_change_anything_of_another_through_any_route() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let a = seed(&app, &admin, me.memberships[0].municipality.id.clone(), "Alfa", "1000001").await;
    let a_ids = ids_in(&snapshot(&app).await);
    let asker: Municipality =
        admin.post("/api/municipalities", &json!({"name": "Asker", "number": "3203"})).await.json().await.expect("B");
    let b = seed(&app, &admin, asker.id.clone(), "Bravo", "2000002").await;
    for (role, _) in ROLES {
        app.signed_in(&email("b", role)).await;
    }
    let a_secrets: Vec<String> =
        a_ids.iter().cloned().chain(["alfa".to_owned(), "@a.test".to_owned(), "1000001".to_owned()]).collect();

    let document: Value = app.get("/api/openapi.json").await.json().await.expect("the document");
    let mut operations = Vec::new();
    for (template, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("methods") {
            let id = operation["operationId"].as_str().expect("an operationId").to_owned();
            operations.push((method.to_uppercase(), template.clone(), id));
        }
    }
    // Operations that end sessions or the meeting go last.
    operations.sort_by_key(|(_, _, id)| match id.as_str() {
        "cancel_meeting" => 1,
        "logout" => 2,
        "logout_everywhere" => 3,
        _ => 0,
    });

    let mut failures = Vec::new();
    let mut calls = 0;
    let mut before = snapshot(&app).await;
    for (role, _) in ROLES {
        let session = signed_in(&app, &email("b", role)).await;
        for (method, template, operation) in &operations {
            // A's objects in the path; and B's own objects with A's objects in the body.
            let mut targets = vec![(path_for(template, &a), "A's ids")];
            if names_objects_in_body(operation) {
                targets.push((path_for(template, &b), "B's path, A's ids in the body"));
            }
            for (path, variant) in targets {
                for body in bodies_for(operation, &a, &b) {
                    let (status, text) = call(&app, &session, method, &path, operation, &body, &a).await;
                    calls += 1;
                    let after = snapshot(&app).await;
                    let changed = touched(&before, &after, &a_ids);
                    before = after;
                    let context = format!("B's {role}: {method} {path} ({operation}, {variant}) {body}");
                    if status >= 500 {
                        failures.push(format!("{context}: server error {status} {text}"));
                    }
                    if !changed.is_empty() {
                        failures
                            .push(format!("{context}: changed A's data ({status}):\n    {}", changed.join("\n    ")));
                    }
                    let lower = text.to_lowercase();
                    let leaked: Vec<&String> =
                        a_secrets.iter().filter(|s| lower.contains(s.to_lowercase().as_str())).collect();
                    let by_design = SHOWS_OTHERS_BY_DESIGN.iter().any(|(id, _)| id == operation);
                    if !leaked.is_empty() && !by_design && (200..300).contains(&status) {
                        failures.push(format!("{context}: answered with A's data {leaked:?}: {status} {text}"));
                    }
                    if !leaked.is_empty() && !by_design && !(200..300).contains(&status) {
                        failures.push(format!("{context}: a refusal mentions A's data {leaked:?}: {status} {text}"));
                    }
                }
            }
        }
    }
    // The live room is a websocket: a real upgrade, from the app's own origin, must be refused too.
    for (role, _) in ROLES {
        let session = signed_in(&app, &email("b", role)).await;
        let refused = legeting_tests::live::refusal(&session, &a.meeting, &app.address).await.expect("an answer");
        if !matches!(refused, Some(403 | 404)) {
            failures.push(format!("B's {role} opened A's live room: {refused:?}"));
        }
    }
    assert!(calls > 5 * operations.len(), "every operation was called by every role ({calls} calls)");
    assert!(
        failures.is_empty(),
        "{} of {calls} calls broke tenant isolation:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The attack from the security review: Asker's administrator imports a one-row roster with a Bærum GP's name
/// and HPR number and a new e-mail address, hoping for "update" and then a sign-in link to the new address.
#[tokio::test]
async fn a_roster_naming_another_municipalitys_gp_is_a_conflict_and_changes_nothing() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let baerum = me.memberships[0].municipality.id.clone();
    let victim = app.add_person(&admin, &baerum, "Berit Bærum", "berit@lege.test", &[Role::Gp]).await;
    let input = json!({"name": "Berit Bærum", "email": "berit@lege.test", "hpr_number": "7654321", "roles": ["gp"]});
    assert_eq!(admin.put(&format!("/api/municipalities/{baerum}/people/{}", victim.id), &input).await.status(), 200);
    let asker: Municipality =
        admin.post("/api/municipalities", &json!({"name": "Asker", "number": "3203"})).await.json().await.expect("B");
    app.add_person(&admin, &asker.id, "Asker Admin", "admin@asker.test", &[Role::Administrator]).await;
    let attacker = app.signed_in("admin@asker.test").await;

    for (rows, field) in [
        ("navn;epost;hpr\nBerit Bærum;attacker@evil.test;7654321\n", "hpr_number"),
        ("navn;epost\nBerit Bærum;berit@lege.test\n", "email"),
    ] {
        for step in ["preview", "import"] {
            let token = attacker.csrf_token().await;
            let response = attacker
                .client
                .post(app.url(&format!(
                    "/api/municipalities/{}/roster/{step}?file_name=liste.csv&skip_invalid=true",
                    asker.id
                )))
                .header("x-csrf-token", token)
                .body(rows)
                .send()
                .await
                .expect("answers");
            assert_eq!(response.status(), 200);
            let preview: Value = response.json().await.expect("a preview");
            let row = &preview["rows"][0];
            assert_eq!(row["action"], "reject", "{preview}");
            assert_eq!(row["problems"][0]["code"], "belongs_elsewhere", "{preview}");
            assert_eq!(row["problems"][0]["field"], field, "{preview}");
            assert!(!preview.to_string().contains(&victim.id), "who it is stays hidden: {preview}");
            assert_eq!((preview["created"].as_i64(), preview["updated"].as_i64()), (Some(0), Some(0)));
        }
    }
    let berit: Value =
        admin.get(&format!("/api/municipalities/{baerum}/people/{}", victim.id)).await.json().await.expect("Berit");
    assert_eq!(berit["email"], "berit@lege.test");
    let asker_people: Vec<Value> =
        admin.get(&format!("/api/municipalities/{}/people", asker.id)).await.json().await.expect("people");
    assert!(asker_people.iter().all(|p| p["id"] != victim.id.as_str()), "Berit was not pulled into Asker");
    // And a sign-in link for the attacker's address finds nobody.
    assert!(app.outbox.messages().iter().all(|m| m.to_email != "attacker@evil.test"));
}

/// A person who holds roles in two municipalities: each administrator changes only their own membership.
#[tokio::test]
async fn a_shared_persons_identity_changes_only_by_themself_or_the_installation_administrator() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let baerum = me.memberships[0].municipality.id.clone();
    let asker: Municipality =
        admin.post("/api/municipalities", &json!({"name": "Asker", "number": "3203"})).await.json().await.expect("B");
    app.add_person(&admin, &asker.id, "Asker Admin", "admin@asker.test", &[Role::Administrator]).await;
    let lise = app.add_person(&admin, &baerum, "Lise Lege", "lise@lege.test", &[Role::Gp]).await;
    let shared = json!({"name": "Lise Lege", "email": "lise@lege.test", "roles": ["guest"]});
    assert_eq!(admin.put(&format!("/api/municipalities/{}/people/{}", asker.id, lise.id), &shared).await.status(), 200);
    let asker_admin = app.signed_in("admin@asker.test").await;
    let lise_session = app.signed_in("lise@lege.test").await;
    let path = format!("/api/municipalities/{}/people/{}", asker.id, lise.id);

    for (field, value) in [
        ("email", json!("attacker@evil.test")),
        ("name", json!("Someone Else")),
        ("hpr_number", json!("1234567")),
        ("active", json!(false)),
    ] {
        let mut input = shared.clone();
        input[field] = value;
        let response = asker_admin.put(&path, &input).await;
        assert_eq!(response.status(), 422, "{field}");
        let error: Value = response.json().await.expect("an error");
        assert_eq!(error["error"]["code"], "managed_elsewhere", "{field}: {error}");
        assert_eq!(error["error"]["field"], field, "{error}");
    }
    // Her membership in Asker is Asker's to change; her identity is untouched and she is still signed in.
    let mut roles = shared.clone();
    roles["roles"] = json!(["secretary"]);
    assert_eq!(asker_admin.put(&path, &roles).await.status(), 200);
    assert_eq!(lise_session.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.status(), 200);
    let lise_now: Value =
        admin.get(&format!("/api/municipalities/{baerum}/people/{}", lise.id)).await.json().await.expect("Lise");
    assert_eq!((lise_now["email"].as_str(), lise_now["active"].as_bool()), (Some("lise@lege.test"), Some(true)));
    // The installation administrator may change it.
    let mut moved = shared.clone();
    moved["name"] = json!("Lise Lege-Hansen");
    assert_eq!(admin.put(&path, &moved).await.status(), 200);
}

/// When an administrator replaces a person's e-mail address, the old address is told, and every session and
/// unused sign-in link of the person ends.
#[tokio::test]
async fn a_new_e_mail_address_is_told_to_the_old_one_and_ends_sessions_and_links() {
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let baerum = me.memberships[0].municipality.id.clone();
    let tor = app.add_person(&admin, &baerum, "Tor Lege", "tor@lege.test", &[Role::Gp]).await;
    let session = app.signed_in("tor@lege.test").await;
    assert_eq!(
        app.session()
            .call::<auth_api::RequestMagicLink>(&(), &NoQuery {}, &EmailRequest { email: "tor@lege.test".into() })
            .await
            .status(),
        202
    );
    let link = app.wait_for_mail_to("tor@lege.test", 1).await.pop().expect("a sign-in link");
    let token = link.text.split("token=").nth(1).and_then(|t| t.split_whitespace().next()).expect("a token").to_owned();

    let input = json!({"name": "Tor Lege", "email": "tor.lege@ny.test", "roles": ["gp"]});
    assert_eq!(admin.put(&format!("/api/municipalities/{baerum}/people/{}", tor.id), &input).await.status(), 200);
    app.deliver_mail().await;
    let notice = app
        .outbox
        .messages()
        .into_iter()
        .find(|m| m.to_email == "tor@lege.test" && m.subject.contains("endret"))
        .expect("a notice to the old address");
    assert!(notice.text.contains("tor.lege@ny.test"), "{}", notice.text);
    assert_eq!(session.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.status(), 401, "signed out everywhere");
    let redeemed = app.session().call::<auth_api::RedeemLink>(&(), &NoQuery {}, &TokenRequest { token }).await;
    assert!(redeemed.status().is_client_error(), "the old link no longer signs in: {}", redeemed.status());
}

/// An all-GP meeting's notice, as a mail program parses it: one ATTENDEE (the recipient), and no other GP's
/// address anywhere in the message.
#[tokio::test]
async fn a_notice_to_all_gps_names_only_its_recipient() {
    let (app, smtp) = crate::mail::smtp_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let gps = ["ada@lege.test", "bo@lege.test", "cim@lege.test"];
    for address in gps {
        app.add_person(&admin, &municipality, address, address, &[Role::Gp]).await;
    }
    let input = json!({
        "kind": "all_gp_meeting", "title": "Allmøte",
        "starts_local": future_local(9), "ends_local": future_local(9).replace("T18:00", "T20:00"),
        "invitees": {"type": "all_gps"},
    });
    let meetings: Value = admin
        .post(&format!("/api/municipalities/{municipality}/meetings"), &input)
        .await
        .json()
        .await
        .expect("meetings");
    let meeting = meetings[0]["id"].as_str().expect("an id");
    assert_eq!(admin.call::<meetings_api::SendNotice>(&meeting.into(), &NoQuery {}, &()).await.status(), 200);
    app.deliver_mail().await;
    for address in gps {
        let received = smtp.messages_to(address);
        assert_eq!(received.len(), 1, "{address} gets one notice");
        assert_eq!(received[0].rcpt_to, vec![address.to_owned()], "one recipient per message");
        let parsed = crate::mail::parse(&received[0]);
        let (_, ics) = parsed.calendar.expect("an invitation");
        let calendar: icalendar::Calendar = ics.parse().expect("a valid calendar");
        let attendees: Vec<String> = calendar
            .components
            .iter()
            .filter_map(|c| if let icalendar::CalendarComponent::Event(e) = c { Some(e.clone()) } else { None })
            .flat_map(|e| {
                use icalendar::Component;
                e.multi_properties().get("ATTENDEE").cloned().unwrap_or_default()
            })
            .map(|p| p.value().to_lowercase())
            .collect();
        assert_eq!(attendees, vec![format!("mailto:{address}")], "{ics}");
        for other in gps.iter().filter(|o| **o != address) {
            assert!(!received[0].data.contains(other), "{other} appears in {address}'s notice");
        }
    }
}
