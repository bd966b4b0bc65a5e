//! Every route in the OpenAPI document, called as every kind of caller, is allowed or denied as the access
//! table below says. A new route that is not in the table fails this test until its access is decided.

use legeting_shared::api::NoQuery;
use legeting_shared::api::attendance as attendance_api;
use legeting_shared::api::auth as auth_api;
use legeting_shared::api::meetings as meetings_api;
use legeting_shared::auth::LoginRequest;
use std::collections::BTreeMap;

use legeting_shared::people::{Municipality, Office, Role};
use legeting_tests::{RouteIds, Session, TEST_PASSWORD, TestApp, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Anyone signed in.
    SignedIn,
    /// Anyone with a role in the municipality.
    Member,
    /// Administrators, leaders, secretaries and GPs of the municipality (not guests).
    SeesPeople,
    /// Administrators of the municipality.
    Administrator,
    /// Installation administrators only.
    InstallationAdmin,
    /// Municipal administrators and secretaries (they organise every body and meeting).
    Organiser,
    /// Those who see the (published) meeting: organisers, leaders, invitees and body members.
    ViewMeeting,
    /// Those who may read the closed case papers: organisers and body members, not leaders.
    Papers,
    /// The meeting's invitees (here: the body's members, the GP and the guest).
    Invitee,
    /// Organisers and leaders.
    OrganiserOrLeader,
    /// The action item's owner (the GP) and organisers.
    OwnerOrOrganiser,
    /// Only with the secret token in the URL (a wrong token is refused for everyone).
    Token,
    /// Administrators, leaders and secretaries of the municipality (they oversee participation).
    Overseer,
    /// Administrators and leaders of the municipality (they decide exemptions and see pay).
    AdministratorOrLeader,
    /// Anyone who oversees participation in some municipality (the comparison shows rates only).
    OverseerAnywhere,
}

fn access_table() -> BTreeMap<&'static str, Access> {
    use Access::*;
    BTreeMap::from([
        ("health", Public),
        ("health_live", Public),
        ("health_ready", Public),
        ("login", Public),
        ("request_magic_link", Public),
        ("request_password_reset", Public),
        ("redeem_link", Public),
        ("setup_status", Public),
        ("setup", Public),
        ("me", SignedIn),
        ("update_profile", SignedIn),
        ("set_password", SignedIn),
        ("logout", SignedIn),
        ("logout_everywhere", SignedIn),
        ("list_municipalities", SignedIn),
        ("create_municipality", InstallationAdmin),
        ("update_municipality", Administrator),
        ("list_offices", Member),
        ("create_office", Administrator),
        ("update_office", Administrator),
        ("list_people", SeesPeople),
        ("create_person", Administrator),
        ("get_person", SeesPeople),
        ("update_person", Administrator),
        ("invite_person", Administrator),
        ("list_audit", Administrator),
        ("preview_import", Administrator),
        ("run_import", Administrator),
        ("list_bodies", Member),
        ("create_body", Organiser),
        ("get_body", Member),
        ("update_body", Organiser),
        ("set_members", Organiser),
        ("my_meetings", SignedIn),
        ("municipality_meetings", Member),
        ("create_meeting", Organiser),
        ("get_meeting", ViewMeeting),
        ("update_meeting", Organiser),
        ("send_notice", Organiser),
        ("cancel_meeting", Organiser),
        ("mark_held", Organiser),
        ("answer", Invitee),
        ("answers", OrganiserOrLeader),
        ("add_item", Organiser),
        ("update_item", Organiser),
        ("reorder", Organiser),
        ("upload_attachment", Organiser),
        ("download_attachment", Papers),
        ("propose", Invitee),
        ("accept_proposal", Organiser),
        ("decline_proposal", Organiser),
        ("save_minutes", Organiser),
        ("approve_minutes", Organiser),
        ("add_action_item", Organiser),
        ("set_action_status", OwnerOrOrganiser),
        ("my_action_items", SignedIn),
        ("search", SignedIn),
        ("meeting_ics", ViewMeeting),
        ("create_feed", SignedIn),
        ("revoke_feed", SignedIn),
        ("feed", Token),
        ("rsvp_link", Token),
        ("answer_by_link", Token),
        ("unsubscribe_info", Token),
        ("unsubscribe", Token),
        ("get_preferences", SignedIn),
        ("set_preferences", SignedIn),
        ("outbox_overview", Administrator),
        ("attendance_sheet", Organiser),
        ("update_attendance", Organiser),
        ("attendance_trail", Organiser),
        ("check_in_code", Organiser),
        ("create_check_in_code", Organiser),
        ("check_in", SignedIn),
        ("municipality_obligation", Overseer),
        ("my_obligation", SignedIn),
        ("obligation_rules", Member),
        ("set_obligation_rules", Administrator),
        ("exempt", AdministratorOrLeader),
        ("remove_exemption", AdministratorOrLeader),
        ("participation", Overseer),
        ("participation_csv", Overseer),
        ("participation_xlsx", Overseer),
        ("comparison", OverseerAnywhere),
        ("list_rates", AdministratorOrLeader),
        ("add_rate", Administrator),
        ("delete_rate", Administrator),
        ("my_compensation", SignedIn),
        ("municipality_compensation", AdministratorOrLeader),
        ("payroll_csv", AdministratorOrLeader),
        ("payroll_xlsx", AdministratorOrLeader),
        ("live", ViewMeeting),
        ("older_messages", ViewMeeting),
        ("list_letters", SeesPeople),
        ("create_letter", Organiser),
        ("get_letter", SeesPeople),
        ("update_letter", Organiser),
        ("delete_letter", Organiser),
        ("publish_letter", Organiser),
    ])
}

/// The callers, all about municipality A (Bærum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    Guest,
    Gp,
    Secretary,
    Leader,
    Administrator,
    /// Administrator of another municipality (Asker).
    OtherAdministrator,
    InstallationAdmin,
}

impl Caller {
    const ALL: [Caller; 8] = [
        Caller::Anonymous,
        Caller::Guest,
        Caller::Gp,
        Caller::Secretary,
        Caller::Leader,
        Caller::Administrator,
        Caller::OtherAdministrator,
        Caller::InstallationAdmin,
    ];

    fn may(self, access: Access) -> bool {
        use Caller::*;
        match access {
            Access::Public => true,
            Access::SignedIn => self != Anonymous,
            Access::Member => matches!(self, Guest | Gp | Secretary | Leader | Administrator | InstallationAdmin),
            Access::SeesPeople => matches!(self, Gp | Secretary | Leader | Administrator | InstallationAdmin),
            Access::Administrator => matches!(self, Administrator | InstallationAdmin),
            Access::InstallationAdmin => self == InstallationAdmin,
            Access::Organiser => matches!(self, Secretary | Administrator | InstallationAdmin),
            Access::ViewMeeting => matches!(self, Guest | Gp | Secretary | Leader | Administrator | InstallationAdmin),
            Access::Papers => matches!(self, Guest | Gp | Secretary | Administrator | InstallationAdmin),
            Access::Invitee => matches!(self, Guest | Gp),
            Access::OrganiserOrLeader => matches!(self, Secretary | Leader | Administrator | InstallationAdmin),
            Access::OwnerOrOrganiser => matches!(self, Gp | Secretary | Administrator | InstallationAdmin),
            Access::Token => false,
            Access::Overseer => matches!(self, Secretary | Leader | Administrator | InstallationAdmin),
            Access::AdministratorOrLeader => matches!(self, Leader | Administrator | InstallationAdmin),
            Access::OverseerAnywhere => {
                matches!(self, Secretary | Leader | Administrator | OtherAdministrator | InstallationAdmin)
            }
        }
    }

    fn email(self) -> Option<&'static str> {
        match self {
            Caller::Anonymous => None,
            Caller::Guest => Some("guest@a.test"),
            Caller::Gp => Some("gp@a.test"),
            Caller::Secretary => Some("secretary@a.test"),
            Caller::Leader => Some("leader@a.test"),
            Caller::Administrator => Some("administrator@a.test"),
            Caller::OtherAdministrator => Some("administrator@b.test"),
            Caller::InstallationAdmin => Some("admin@baerum.test"),
        }
    }
}

struct Fixture {
    /// The installation administrator, for setting up what a check uses up (e.g. a rate period to delete).
    admin: Session,
    municipality: String,
    gp: String,
    guest: String,
    body: String,
    agenda_item: String,
    /// The objects' ids, for filling path templates; the letter is published (so publishing and deleting it
    /// again are conflicts, not changes).
    ids: RouteIds,
}

fn future_local(days: i64) -> String {
    let at = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let day = i64::try_from(at).unwrap_or(0) / 86_400 + days;
    // Civil date from days since the epoch (Howard Hinnant's algorithm), at 18:00 local time.
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T18:00")
}

async fn fixture(app: &TestApp) -> Fixture {
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let other: Municipality =
        admin.post("/api/municipalities", &json!({"name": "Asker", "number": "3203"})).await.json().await.expect("B");
    let office: Office = admin
        .post(&format!("/api/municipalities/{municipality}/offices"), &json!({"name": "Sandvika legesenter"}))
        .await
        .json()
        .await
        .expect("office");
    let mut gp = String::new();
    let mut guest = String::new();
    for (email, role) in [
        ("guest@a.test", Role::Guest),
        ("gp@a.test", Role::Gp),
        ("secretary@a.test", Role::Secretary),
        ("leader@a.test", Role::Leader),
        ("administrator@a.test", Role::Administrator),
    ] {
        let person = app.add_person(&admin, &municipality, email, email, &[role]).await;
        if role == Role::Gp {
            gp = person.id;
        } else if role == Role::Guest {
            guest = person.id;
        }
    }
    app.add_person(&admin, &other.id, "B admin", "administrator@b.test", &[Role::Administrator]).await;

    let id_of = |value: Value| value["id"].as_str().expect("an id").to_owned();
    let body = id_of(
        admin
            .post(
                &format!("/api/municipalities/{municipality}/bodies"),
                &json!({"name": "Allmennlegeutvalget", "kind": "gp_committee", "closed_papers": true}),
            )
            .await
            .json()
            .await
            .expect("a body"),
    );
    let members = json!([{"person_id": gp, "role": "member"}, {"person_id": guest, "role": "observer"}]);
    assert_eq!(admin.put(&format!("/api/bodies/{body}/members"), &members).await.status(), 200);
    let meetings: Value = admin
        .post(&format!("/api/municipalities/{municipality}/meetings"), &meeting_input(&body))
        .await
        .json()
        .await
        .expect("meetings");
    let meeting = meetings[0]["id"].as_str().expect("an id").to_owned();
    assert_eq!(admin.call::<meetings_api::SendNotice>(&meeting.as_str().into(), &NoQuery {}, &()).await.status(), 200);
    assert_eq!(
        admin.call::<attendance_api::CreateCheckInCode>(&meeting.as_str().into(), &NoQuery {}, &()).await.status(),
        200
    );
    let agenda_item = id_of(
        admin
            .post(&format!("/api/meetings/{meeting}/agenda"), &json!({"title": "Legevakt"}))
            .await
            .json()
            .await
            .expect("an item"),
    );
    let token = admin.csrf_token().await;
    let attachment: Value = admin
        .client
        .post(app.url(&format!("/api/agenda-items/{agenda_item}/attachments?file_name=saksframlegg.pdf")))
        .header("x-csrf-token", token)
        .body("%PDF-1.4 saksframlegg")
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("an attachment");
    let gp_session = app.signed_in("gp@a.test").await;
    let proposal = id_of(
        gp_session
            .post(&format!("/api/meetings/{meeting}/proposals"), &json!({"title": "Forslag"}))
            .await
            .json()
            .await
            .expect("a proposal"),
    );
    let action_item = id_of(
        admin
            .post(&format!("/api/meetings/{meeting}/action-items"), &json!({"title": "Følg opp", "owner_id": gp}))
            .await
            .json()
            .await
            .expect("an action item"),
    );
    let letter = id_of(
        admin
            .post(&format!("/api/municipalities/{municipality}/letters"), &letter_input("Informasjon"))
            .await
            .json()
            .await
            .expect("a letter"),
    );
    let published = admin.post(&format!("/api/letters/{letter}/publish"), &json!({"send_email": false})).await;
    assert_eq!(published.status(), 200);
    let attachment = id_of(attachment);
    let ids = RouteIds {
        municipality: municipality.clone(),
        person: gp.clone(),
        office: office.id,
        body: body.clone(),
        meeting,
        agenda_item: agenda_item.clone(),
        attachment,
        proposal,
        action_item,
        letter,
        rate: None,
    };
    Fixture { admin, municipality, gp, guest, body, agenda_item, ids }
}

fn letter_input(title: &str) -> Value {
    json!({"kind": "information", "audience": "gps", "title": title, "body": "Tekst."})
}

fn meeting_input(body: &str) -> Value {
    json!({
        "body_id": body, "kind": "committee_meeting", "title": "ALU-møte",
        "starts_local": future_local(7), "ends_local": future_local(7).replace("T18:00", "T20:00"),
        "invitees": {"type": "body_members"}
    })
}

async fn session_for(app: &TestApp, caller: Caller) -> Session {
    match caller.email() {
        None => app.session(),
        Some(email) => {
            let session = app.session();
            let response = session
                .call::<auth_api::Login>(
                    &(),
                    &NoQuery {},
                    &LoginRequest { email: email.into(), password: TEST_PASSWORD.into() },
                )
                .await;
            assert_eq!(response.status(), 200, "{caller:?} signs in");
            session
        }
    }
}

fn body_for(operation: &str, caller: Caller, fixture: &Fixture) -> Option<Value> {
    let tag = format!("{caller:?}").to_lowercase();
    Some(match operation {
        "login" => json!({"email": "nobody@x.test", "password": "wrong-password-here"}),
        "request_magic_link" | "request_password_reset" => json!({"email": "nobody@x.test"}),
        "redeem_link" => json!({"token": "not-a-token"}),
        "setup" => {
            json!({"token": "x", "municipality_name": "X", "name": "X", "email": "x@x.test", "password": TEST_PASSWORD})
        }
        "update_profile" => json!({"name": format!("Caller {tag}"), "language": "nb"}),
        "set_password" => json!({"password": TEST_PASSWORD}),
        "create_municipality" => json!({"name": format!("Kommune {tag}")}),
        "update_municipality" => json!({"name": "Bærum", "number": "3201"}),
        "create_office" => json!({"name": format!("Kontor {tag}")}),
        "update_office" => json!({"name": "Sandvika legesenter"}),
        "create_person" => json!({"name": "Ny Person", "email": format!("new-{tag}@a.test"), "roles": ["gp"]}),
        "update_person" => json!({"name": "gp@a.test", "email": "gp@a.test", "roles": ["gp"]}),
        "invite_person" | "logout" | "logout_everywhere" => json!({}),
        "create_body" => json!({"name": format!("Forum {tag}"), "kind": "forum"}),
        "update_body" => json!({"name": "Allmennlegeutvalget", "kind": "gp_committee", "closed_papers": true}),
        "set_members" => {
            json!([{"person_id": fixture.gp, "role": "member"}, {"person_id": fixture.guest, "role": "observer"}])
        }
        "create_meeting" | "update_meeting" => meeting_input(&fixture.body),
        "cancel_meeting" => json!({"reason": "Sykdom"}),
        "answer" => json!({"answer": "in_person"}),
        "add_item" | "update_item" => json!({"title": format!("Sak fra {tag}")}),
        "reorder" => json!([fixture.agenda_item]),
        "propose" => json!({"title": format!("Forslag fra {tag}")}),
        "decline_proposal" => json!({"reason": "Ikke nå"}),
        "save_minutes" => json!({"summary": "Referat", "decisions": []}),
        "add_action_item" => json!({"title": format!("Oppgave {tag}")}),
        "set_action_status" => json!({"status": "in_progress"}),
        "send_notice" | "mark_held" | "approve_minutes" | "accept_proposal" | "create_feed" => json!({}),
        "check_in" => json!({"code": "000000"}),
        "update_attendance" => json!({"records": []}),
        "set_obligation_rules" => json!({"meeting_kinds": ["all_gp_meeting"]}),
        "exempt" => json!({"person_id": fixture.gp, "year": 2026, "reason": "Permisjon"}),
        "add_rate" => json!({"valid_from": "2026-01-01", "specialist_rate_ore": 130000, "other_rate_ore": 112000}),
        "create_check_in_code" => json!({}),
        "set_preferences" => json!({"reminders": true, "agenda_calls": true, "minutes": true, "action_items": true}),
        "answer_by_link" => json!({"reason": "Sykdom"}),
        "create_letter" | "update_letter" => letter_input(&format!("Brev fra {tag}")),
        "publish_letter" => json!({"send_email": false}),
        _ => return None,
    })
}

/// Whether the answer is a refusal for lack of access (as opposed to success or a complaint about input).
async fn is_denied(response: reqwest::Response) -> (bool, String) {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    let code = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
        .unwrap_or_default();
    (matches!(code.as_str(), "unauthorized" | "forbidden" | "not_found"), format!("{status} {text}"))
}

#[tokio::test]
async fn every_route_allows_exactly_the_callers_the_access_table_names() {
    let app = spawn_app().await;
    let fixture = fixture(&app).await;
    for caller in Caller::ALL {
        if caller.email().is_some() {
            app.signed_in(caller.email().unwrap_or_default()).await;
        }
    }
    let document: Value = app.get("/api/openapi.json").await.json().await.expect("the document");
    let table = access_table();
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("methods") {
            let id = operation["operationId"].as_str().expect("an operationId").to_owned();
            operations.push((method.to_uppercase(), path.clone(), id));
        }
    }
    let documented: Vec<&str> = operations.iter().map(|(_, _, id)| id.as_str()).collect();
    for id in &documented {
        assert!(table.contains_key(id), "operation {id} is not in the access table: decide who may call it");
    }
    for id in table.keys() {
        assert!(documented.contains(id), "the access table names {id}, which the document does not have");
    }
    // The document says which operations need the session cookie; it must agree with the table.
    for (path, item) in document["paths"].as_object().expect("paths") {
        for operation in item.as_object().expect("methods").values() {
            let id = operation["operationId"].as_str().expect("an operationId");
            let needs_session = operation["security"]
                .as_array()
                .is_some_and(|requirements| requirements.iter().any(|r| r.get("session").is_some()));
            let public = matches!(table[id], Access::Public | Access::Token);
            assert_eq!(
                needs_session, !public,
                "{id} ({path}): the document and the access table disagree on signing in"
            );
        }
    }
    // Operations that end sessions go last.
    operations.sort_by_key(|(_, _, id)| match id.as_str() {
        "cancel_meeting" => 1,
        "logout" => 2,
        "logout_everywhere" => 3,
        _ => 0,
    });

    let mut failures = Vec::new();
    let mut checked = 0;
    for caller in Caller::ALL {
        let session = session_for(&app, caller).await;
        for (method, template, id) in &operations {
            let mut path = fixture.ids.path(template);
            if path.contains("{rate_id}") {
                let rate: Value = fixture
                    .admin
                    .post(
                        &format!("/api/municipalities/{}/rates", fixture.municipality),
                        &body_for("add_rate", caller, &fixture),
                    )
                    .await
                    .json()
                    .await
                    .expect("a rate period");
                path = path.replace("{rate_id}", rate["id"].as_str().expect("an id"));
            }
            if path.contains("/participation") || path.contains("/compensation") {
                path.push_str("?from=2026-01-01&to=2026-12-31");
            }
            let method = Method::from_bytes(method.as_bytes()).expect("a method");
            let response = if id == "upload_attachment" {
                path.push_str("?file_name=vedlegg.pdf");
                let token = session.csrf_token().await;
                session
                    .client
                    .request(method, app.url(&path))
                    .header("x-csrf-token", token)
                    .body("%PDF-1.4 vedlegg")
                    .send()
                    .await
                    .expect("answers")
            } else if id == "search" {
                path.push_str("?q=alu");
                session.send(method, &path, None).await
            } else if id == "preview_import" || id == "run_import" {
                path.push_str("?file_name=roster.csv");
                let token = session.csrf_token().await;
                session
                    .client
                    .request(method, app.url(&path))
                    .header("x-csrf-token", token)
                    .body(format!("Navn;E-post\nNy Lege;roster-{caller:?}@a.test\n").to_lowercase())
                    .send()
                    .await
                    .expect("answers")
            } else if id == "logout" || id == "logout_everywhere" {
                // Each on a session of its own, so that ending it does not affect the other checks.
                session_for(&app, caller).await.send(method, &path, body_for(id, caller, &fixture).as_ref()).await
            } else {
                session.send(method, &path, body_for(id, caller, &fixture).as_ref()).await
            };
            let expected_allowed = caller.may(table[id.as_str()]);
            let (denied, answer) = is_denied(response).await;
            checked += 1;
            if denied == expected_allowed {
                failures.push(format!(
                    "{caller:?} {id} ({path}): expected {}, got {answer}",
                    if expected_allowed { "allowed" } else { "denied" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {checked} checks failed:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(checked, Caller::ALL.len() * table.len());
}
