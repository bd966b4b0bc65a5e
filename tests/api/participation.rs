//! Attendance, the annual obligation, participation rates, exports and compensation, each checked against
//! figures worked out by hand from the attendance the test records (never against the server's own sums).

use legeting_shared::ErrorBody;
use legeting_shared::api::NoQuery;
use legeting_shared::api::attendance as attendance_api;
use legeting_shared::api::auth as auth_api;
use legeting_shared::api::meetings as meetings_api;
use legeting_shared::participation::CheckInRequest;
use legeting_shared::participation::{
    AttendanceChange, AttendanceRecord, AttendanceStatus, CheckInCode, CheckedIn, CompensationStatement,
    ObligationState, ObligationStatus, Participation, RatePeriod,
};
use legeting_shared::people::{Person, Role};
use legeting_tests::{Session, TestApp, spawn_app};
use serde_json::{Value, json};

struct Town {
    municipality: String,
    secretary: Session,
    leader: Session,
    body: String,
    kari: Person,
    ola: Person,
    per: Person,
    liv: Person,
}

async fn add_gp(admin: &Session, municipality: &str, name: &str, email: &str, specialist: bool) -> Person {
    let input = json!({"name": name, "email": email, "specialist": specialist, "roles": ["gp"]});
    admin.post(&format!("/api/municipalities/{municipality}/people"), &input).await.json().await.expect("a GP")
}

/// Bærum with the ALU (counts for the obligation; 45 min preparation, 25 min travel) and four GPs:
/// Kari (specialist), Ola (not), Per (specialist) in the ALU, and Liv outside it.
async fn town(app: &TestApp) -> Town {
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    app.add_person(&admin, &municipality, "Sara Sekretær", "kol@baerum.test", &[Role::Secretary]).await;
    app.add_person(&admin, &municipality, "Liv Leder", "leder@baerum.test", &[Role::Leader]).await;
    let kari = add_gp(&admin, &municipality, "Kari Nordmann", "kari@lege.test", true).await;
    let ola = add_gp(&admin, &municipality, "Ola Hansen", "ola@lege.test", false).await;
    let per = add_gp(&admin, &municipality, "Per Berg", "per@lege.test", true).await;
    let liv = add_gp(&admin, &municipality, "=HYPERLINK(\"http://x\")", "liv@lege.test", false).await;
    let secretary = app.signed_in("kol@baerum.test").await;
    let body: Value = secretary
        .post(
            &format!("/api/municipalities/{municipality}/bodies"),
            &json!({"name": "Allmennlegeutvalget", "kind": "gp_committee", "counts_for_obligation": true,
                    "preparation_minutes": 45, "travel_minutes": 25}),
        )
        .await
        .json()
        .await
        .expect("a body");
    let body = body["id"].as_str().expect("id").to_owned();
    let members = json!([{"person_id": kari.id, "role": "member"}, {"person_id": ola.id, "role": "member"}, {"person_id": per.id, "role": "member"}]);
    assert_eq!(secretary.put(&format!("/api/bodies/{body}/members"), &members).await.status(), 200);
    Town { municipality, secretary, leader: app.signed_in("leder@baerum.test").await, body, kari, ola, per, liv }
}

async fn meeting(town: &Town, starts: &str, ends: &str) -> String {
    let input = json!({"body_id": town.body, "kind": "committee_meeting", "title": format!("ALU {starts}"),
                       "starts_local": starts, "ends_local": ends, "invitees": {"type": "body_members"}});
    let meetings: Value = town
        .secretary
        .post(&format!("/api/municipalities/{}/meetings", town.municipality), &input)
        .await
        .json()
        .await
        .expect("meetings");
    let id = meetings[0]["id"].as_str().expect("id").to_owned();
    assert_eq!(
        town.secretary.call::<meetings_api::SendNotice>(&id.as_str().into(), &NoQuery {}, &()).await.status(),
        200
    );
    id
}

async fn record(town: &Town, meeting: &str, records: Value) {
    let response =
        town.secretary.put(&format!("/api/meetings/{meeting}/attendance"), &json!({"records": records})).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap_or_default());
}

/// Two ALU meetings in 2025, on each side of the municipality's new rates from 1 July 2025.
async fn year_2025(town: &Town) -> (String, String) {
    let june = meeting(town, "2025-06-10T18:00", "2025-06-10T20:00").await;
    let september = meeting(town, "2025-09-10T18:00", "2025-09-10T20:00").await;
    record(
        town,
        &june,
        json!([
            {"person_id": town.kari.id, "status": "in_person"},
            {"person_id": town.ola.id, "status": "remote"},
            {"person_id": town.per.id, "status": "excused", "reason": "Syk"},
        ]),
    )
    .await;
    record(
        town,
        &september,
        json!([
            {"person_id": town.kari.id, "status": "remote"},
            {"person_id": town.ola.id, "status": "in_person"},
            {"person_id": town.per.id, "status": "absent"},
        ]),
    )
    .await;
    (june, september)
}

#[tokio::test]
async fn rates_by_gp_and_in_total_match_the_recorded_attendance() {
    let app = spawn_app().await;
    let town = town(&app).await;
    year_2025(&town).await;
    let report: Participation = town
        .leader
        .get(&format!("/api/municipalities/{}/participation?from=2025-01-01&to=2025-12-31", town.municipality))
        .await
        .json()
        .await
        .expect("a report");
    // By hand: 2 meetings × 3 invitees; Kari and Ola attended both, Per neither (one excused).
    assert_eq!((report.total.invited, report.total.attended, report.total.excused), (6, 4, 1));
    assert!((report.total.rate - 4.0 / 6.0).abs() < 1e-9);
    let gp = |id: &str| report.by_gp.iter().find(|r| r.key == id).map(|r| (r.invited, r.attended, r.excused));
    assert_eq!(gp(&town.kari.id), Some((2, 2, 0)));
    assert_eq!(gp(&town.ola.id), Some((2, 2, 0)));
    assert_eq!(gp(&town.per.id), Some((2, 0, 1)));
    let nothing: Vec<&str> = report.attended_nothing.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(nothing.len(), 2);
    assert!(nothing.contains(&town.per.id.as_str()) && nothing.contains(&town.liv.id.as_str()));
    assert_eq!(report.by_year.iter().map(|r| (r.key.as_str(), r.attended)).collect::<Vec<_>>(), vec![("2025", 4)]);
    assert_eq!(
        report.by_body.iter().map(|r| (r.label.as_str(), r.invited)).collect::<Vec<_>>(),
        vec![("Allmennlegeutvalget", 6)]
    );

    // A GP sees no one's figures.
    let kari = app.signed_in("kari@lege.test").await;
    assert_eq!(kari.get(&format!("/api/municipalities/{}/participation", town.municipality)).await.status(), 403);

    let comparison: Vec<Value> =
        town.leader.get("/api/participation/comparison?year=2025").await.json().await.expect("comparison");
    assert_eq!(comparison.len(), 1);
    assert_eq!((comparison[0]["invited"].as_i64(), comparison[0]["attended"].as_i64()), (Some(6), Some(4)));
}

#[tokio::test]
async fn exports_open_in_a_spreadsheet_and_formulas_are_neutralised() {
    let app = spawn_app().await;
    let town = town(&app).await;
    year_2025(&town).await;
    let csv = town
        .leader
        .get(&format!("/api/municipalities/{}/participation.csv?from=2025-01-01&to=2025-12-31", town.municipality))
        .await;
    assert!(csv.headers()["content-type"].to_str().expect("ascii").starts_with("text/csv"));
    let text = csv.text().await.expect("text");
    assert!(text.contains("Kari Nordmann;2;2;0;100"), "{text}");
    assert!(text.contains("Per Berg;2;0;1;0"), "{text}");
    assert!(text.contains("'=HYPERLINK"), "the formula-looking name is neutralised: {text}");

    let xlsx = town
        .leader
        .get(&format!("/api/municipalities/{}/participation.xlsx?from=2025-01-01&to=2025-12-31", town.municipality))
        .await
        .bytes()
        .await
        .expect("bytes");
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.to_vec())).expect("an XLSX workbook");
    let sheet = workbook.worksheet_range("Deltakelse").expect("the sheet");
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0], vec!["Fastlege", "Invitert", "Deltatt", "Forfall", "Deltakelse %"]);
    assert!(rows.iter().any(|r| r[0] == "Kari Nordmann" && r[2] == "2"));
    assert!(rows.iter().any(|r| r[0].starts_with("'=HYPERLINK")));
}

#[tokio::test]
async fn the_annual_obligation_is_met_by_attending_a_qualifying_meeting_or_exempted() {
    let app = spawn_app().await;
    let town = town(&app).await;
    let (june, _) = year_2025(&town).await;
    let response = town
        .leader
        .post(
            &format!("/api/municipalities/{}/obligation/exemptions", town.municipality),
            &json!({"person_id": town.liv.id, "year": 2025, "reason": "Foreldrepermisjon"}),
        )
        .await;
    assert_eq!(response.status(), 204);
    let statuses: Vec<ObligationStatus> = town
        .leader
        .get(&format!("/api/municipalities/{}/obligation?year=2025", town.municipality))
        .await
        .json()
        .await
        .expect("statuses");
    let state = |id: &str| statuses.iter().find(|s| s.person_id == id).map(|s| (s.state, s.meeting_id.clone()));
    assert_eq!(state(&town.kari.id), Some((ObligationState::Met, Some(june.clone()))));
    assert_eq!(state(&town.ola.id), Some((ObligationState::Met, Some(june))), "remote attendance counts");
    assert_eq!(state(&town.per.id), Some((ObligationState::NotMet, None)), "an excused absence does not fulfil it");
    let liv = statuses.iter().find(|s| s.person_id == town.liv.id).expect("Liv");
    assert_eq!(
        (liv.state, liv.exemption_reason.as_deref(), liv.exempted_by.as_deref()),
        (ObligationState::Exempt, Some("Foreldrepermisjon"), Some("Liv Leder"))
    );

    // The GP sees her own status; 2026 has no meetings yet.
    let kari = app.signed_in("kari@lege.test").await;
    let mine: Vec<ObligationStatus> = kari.get("/api/me/obligation?year=2025").await.json().await.expect("mine");
    assert_eq!(mine.iter().map(|s| s.state).collect::<Vec<_>>(), vec![ObligationState::Met]);
    let mine: Vec<ObligationStatus> = kari.get("/api/me/obligation?year=2026").await.json().await.expect("mine");
    assert_eq!(mine.iter().map(|s| s.state).collect::<Vec<_>>(), vec![ObligationState::NotMet]);
}

#[tokio::test]
async fn a_gp_checks_in_with_the_code_in_the_room_and_meets_the_obligation() {
    let app = spawn_app().await;
    let town = town(&app).await;
    let now = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(0).expect("UTC"));
    // Oslo is UTC+1 or +2; a meeting from an hour ago to three hours from now is on now in either case.
    let oslo = |hours: i64| (now + chrono::Duration::hours(hours + 1)).format("%Y-%m-%dT%H:%M").to_string();
    let meeting = meeting(&town, &oslo(-1), &oslo(3)).await;
    let code: CheckInCode = town
        .secretary
        .call::<attendance_api::CreateCheckInCode>(&meeting.as_str().into(), &NoQuery {}, &())
        .await
        .json()
        .await
        .expect("a code");
    assert_eq!(code.code.len(), 8);
    assert!(code.code.chars().all(|c| c.is_ascii_digit()));
    assert!(code.qr_svg.starts_with("<?xml") && code.qr_svg.contains("<svg"));
    assert!(code.url.ends_with(&format!("/innsjekk?kode={}", code.code)));

    let kari = app.signed_in("kari@lege.test").await;
    let wrong = if code.code == "00000000" { "11111111" } else { "00000000" };
    let refused = kari.call::<attendance_api::CheckIn>(&(), &NoQuery {}, &CheckInRequest { code: wrong.into() }).await;
    assert_eq!(refused.json::<ErrorBody>().await.expect("error shape").error.code, "invalid_code");
    let outsider = app.signed_in("liv@lege.test").await;
    assert_eq!(
        outsider
            .call::<attendance_api::CheckIn>(&(), &NoQuery {}, &CheckInRequest { code: code.code.clone() })
            .await
            .status(),
        422,
        "only invitees check in"
    );

    let checked: CheckedIn = kari
        .call::<attendance_api::CheckIn>(&(), &NoQuery {}, &CheckInRequest { code: format!(" {} ", code.code) })
        .await
        .json()
        .await
        .expect("checked in");
    assert_eq!(checked.meeting_id, meeting);
    let sheet: Vec<AttendanceRecord> =
        town.secretary.get(&format!("/api/meetings/{meeting}/attendance")).await.json().await.expect("sheet");
    let record = sheet.iter().find(|r| r.person_id == town.kari.id).expect("Kari");
    assert_eq!((record.status, record.source.as_deref()), (Some(AttendanceStatus::InPerson), Some("check_in")));
    assert!(record.arrived_at.is_some());
    let mine: Vec<ObligationStatus> = kari.get("/api/me/obligation").await.json().await.expect("mine");
    assert_eq!(mine[0].state, ObligationState::Met);
}

#[tokio::test]
async fn ten_wrong_check_in_codes_stop_the_guessing_even_with_the_right_code_next() {
    let app = spawn_app().await;
    let town = town(&app).await;
    let now = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(0).expect("UTC"));
    let oslo = |hours: i64| (now + chrono::Duration::hours(hours + 1)).format("%Y-%m-%dT%H:%M").to_string();
    let meeting = meeting(&town, &oslo(-1), &oslo(3)).await;
    let code: CheckInCode = town
        .secretary
        .call::<attendance_api::CreateCheckInCode>(&meeting.as_str().into(), &NoQuery {}, &())
        .await
        .json()
        .await
        .expect("a code");
    let kari = app.signed_in("kari@lege.test").await;
    let wrong = if code.code == "00000000" { "11111111" } else { "00000000" };
    for _ in 0..10 {
        let refused =
            kari.call::<attendance_api::CheckIn>(&(), &NoQuery {}, &CheckInRequest { code: wrong.into() }).await;
        assert_eq!(refused.status(), 422);
    }
    let limited =
        kari.call::<attendance_api::CheckIn>(&(), &NoQuery {}, &CheckInRequest { code: code.code.clone() }).await;
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.json::<ErrorBody>().await.expect("error shape").error.code, "too_many_check_in_attempts");
    let sheet: Vec<AttendanceRecord> =
        town.secretary.get(&format!("/api/meetings/{meeting}/attendance")).await.json().await.expect("sheet");
    let record = sheet.iter().find(|r| r.person_id == town.kari.id).expect("Kari");
    assert_eq!(record.status, None, "not checked in");
    // Someone else is not held up by Kari's guesses.
    let per = app.signed_in("per@lege.test").await;
    assert_eq!(
        per.call::<attendance_api::CheckIn>(&(), &NoQuery {}, &CheckInRequest { code: code.code.clone() })
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn corrections_need_a_reason_and_stay_in_the_trail() {
    let app = spawn_app().await;
    let town = town(&app).await;
    let (june, _) = year_2025(&town).await;
    let change = json!({"records": [{"person_id": town.kari.id, "status": "remote"}]});
    let refused = town.secretary.put(&format!("/api/meetings/{june}/attendance"), &change).await;
    let body: ErrorBody = refused.json().await.expect("error shape");
    assert_eq!(
        (body.error.code.as_str(), body.error.field.as_deref()),
        ("correction_reason_required", Some("correction_reason"))
    );
    let mut with_reason = change.clone();
    with_reason["correction_reason"] = json!("Var med på video, ikke i salen");
    assert_eq!(town.secretary.put(&format!("/api/meetings/{june}/attendance"), &with_reason).await.status(), 200);
    let trail: Vec<AttendanceChange> =
        town.secretary.get(&format!("/api/meetings/{june}/attendance/changes")).await.json().await.expect("trail");
    let last = trail.last().expect("a change");
    assert_eq!(
        (last.person_name.as_str(), last.old_status, last.new_status),
        ("Kari Nordmann", Some(AttendanceStatus::InPerson), AttendanceStatus::Remote)
    );
    assert_eq!(
        (last.reason.as_deref(), last.actor_name.as_deref()),
        (Some("Var med på video, ikke i salen"), Some("Sara Sekretær"))
    );
}

#[tokio::test]
async fn compensation_is_exact_to_the_ore_for_mixed_gps_across_a_rate_change() {
    let app = spawn_app().await;
    let town = town(&app).await;
    let admin = app.signed_in("admin@baerum.test").await;
    let new_rates: RatePeriod = admin
        .post(
            &format!("/api/municipalities/{}/rates", town.municipality),
            &json!({"valid_from": "2025-07-01", "specialist_rate_ore": 130000, "other_rate_ore": 112000}),
        )
        .await
        .json()
        .await
        .expect("a rate period");
    assert_eq!(new_rates.valid_from, "2025-07-01");
    year_2025(&town).await;

    // By hand. Meeting 120 min + preparation 45 + travel 25 (in person only).
    // June (ASA 4310 default: 1,230 / 1,075 kr/h):
    //   Kari, specialist, in person: 190 min × 123,000 øre/h = 389,500.00 øre
    //   Ola, other, remote:          165 min × 107,500 øre/h = 295,625.00 øre
    // September (the municipality's new rates: 1,300 / 1,120 kr/h):
    //   Kari, specialist, remote:    165 min × 130,000 øre/h = 357,500.00 øre
    //   Ola, other, in person:       190 min × 112,000 øre/h = 354,666.67 → 354,667 øre
    let expected = [389_500, 295_625, 357_500, 354_667];
    let statement: CompensationStatement = town
        .leader
        .get(&format!("/api/municipalities/{}/compensation?from=2025-01-01&to=2025-12-31", town.municipality))
        .await
        .json()
        .await
        .expect("a statement");
    let mut amounts: Vec<(String, String, i64)> =
        statement.lines.iter().map(|l| (l.name.clone(), l.date.clone(), l.amount_ore)).collect();
    amounts.sort();
    assert_eq!(
        amounts,
        vec![
            ("Kari Nordmann".to_owned(), "2025-06-10".to_owned(), expected[0]),
            ("Kari Nordmann".to_owned(), "2025-09-10".to_owned(), expected[2]),
            ("Ola Hansen".to_owned(), "2025-06-10".to_owned(), expected[1]),
            ("Ola Hansen".to_owned(), "2025-09-10".to_owned(), expected[3]),
        ]
    );
    assert_eq!(statement.total_ore, expected.iter().sum::<i64>());
    assert!(statement.lines.iter().all(|l| l.name != "Per Berg"), "absent GPs are not paid");

    // Kari sees her own statement.
    let kari = app.signed_in("kari@lege.test").await;
    let mine: Vec<CompensationStatement> =
        kari.get("/api/me/compensation?from=2025-01-01&to=2025-12-31").await.json().await.expect("mine");
    assert_eq!(mine[0].total_ore, expected[0] + expected[2]);

    let csv = town
        .leader
        .get(&format!("/api/municipalities/{}/compensation.csv?from=2025-01-01&to=2025-12-31", town.municipality))
        .await
        .text()
        .await
        .expect("text");
    assert!(csv.contains("Kari Nordmann;;5,92;7470\n"), "{csv}");
    assert_eq!(
        kari.get(&format!("/api/municipalities/{}/compensation?from=2025-01-01&to=2025-12-31", town.municipality))
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn the_demo_shows_about_thirty_percent_at_all_gp_meetings_as_the_database_counts_them() {
    let app = spawn_app().await;
    legeting::demo::seed(&app.state.database).await.expect("the demo seeds");
    let leader = app.session();
    let login = json!({"email": "kommunalsjef@baerum.demo.legeting.no", "password": "legeting-demo"});
    assert_eq!(leader.post("/api/auth/login", &login).await.status(), 200);
    let me: legeting_shared::auth::Me =
        leader.call::<auth_api::GetMe>(&(), &NoQuery {}, &()).await.json().await.expect("me");
    let baerum = me.memberships.iter().find(|m| m.municipality.name == "Bærum").expect("Bærum").municipality.id.clone();
    let report: Participation = leader
        .get(&format!("/api/municipalities/{baerum}/participation?from=2025-01-01&to=2025-12-31&kind=all_gp_meeting"))
        .await
        .json()
        .await
        .expect("a report");
    // Counted independently, straight from the tables.
    let (invited, attended): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN a.status IN ('in_person', 'remote') THEN 1 ELSE 0 END), 0) \
         FROM meetings m JOIN meeting_invitees i ON i.meeting_id = m.id \
         LEFT JOIN attendance a ON a.meeting_id = m.id AND a.person_id = i.person_id \
         WHERE m.municipality_id = $1 AND m.kind = 'all_gp_meeting' AND m.title LIKE '%/2025'",
    )
    .bind(&baerum)
    .fetch_one(app.state.database.pool())
    .await
    .expect("counts");
    assert_eq!((report.total.invited, report.total.attended), (invited, attended));
    assert!((0.2..0.4).contains(&report.total.rate), "{}", report.total.rate);
    assert_eq!(report.by_year.len(), 1);
    let obligation: Vec<ObligationStatus> =
        leader.get(&format!("/api/municipalities/{baerum}/obligation?year=2025")).await.json().await.expect("statuses");
    let not_met = obligation.iter().filter(|s| s.state == ObligationState::NotMet).count();
    assert!(not_met > 0 && not_met < obligation.len(), "some but not all GPs miss the obligation ({not_met})");
}
