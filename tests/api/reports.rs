//! The reports read attendance rollups; these tests hold them to the direct computation from the invitations
//! and attendance records (the figures must be identical, on the demo and on the national data set the
//! benchmark uses), and hold the rollups kept up to date by each change to a rebuild from scratch.

use legeting::analytics::rollups;
use legeting::analytics::{Source, report_from};
use legeting::attendance::obligation::statuses_from;
use legeting::db::Database;
use legeting::time::{date_of, to_local, year_of};
use legeting_shared::api::NoQuery;
use legeting_shared::api::analytics::ReportQuery;
use legeting_shared::api::attendance as attendance_api;
use legeting_shared::api::meetings as meetings_api;
use legeting_shared::meetings::MeetingKind;
use legeting_shared::participation::CheckInRequest;
use legeting_shared::people::Role;
use legeting_tests::{TestApp, spawn_app};
use serde_json::{Value, json};

/// Every rollup row, in key order.
pub(crate) async fn rollup_rows(
    database: &Database,
) -> Vec<(String, i64, String, String, String, i64, i64, i64, i64, Option<i64>, Option<String>)> {
    sqlx::query_as(
        "SELECT municipality_id, year, kind, body_id, person_id, invited, in_person, remote, excused, \
         first_attended_at, first_meeting_id FROM attendance_rollups \
         ORDER BY municipality_id, year, kind, body_id, person_id",
    )
    .fetch_all(database.pool())
    .await
    .expect("rollup rows")
}

/// The periods and filters a report is asked for: whole years, several years, parts of years across year
/// ends, this year so far, one kind, one body.
fn queries(first_year: i64, last_year: i64, body: Option<String>) -> Vec<ReportQuery> {
    let period = |from: String, to: String| ReportQuery { from: Some(from), to: Some(to), body: None, kind: None };
    let mut queries = vec![
        period(format!("{first_year}-01-01"), format!("{last_year}-12-31")),
        period(format!("{first_year}-03-15"), format!("{last_year}-02-10")),
        period(format!("{first_year}-01-01"), date_of(legeting::db::now_ms())),
        ReportQuery { from: None, to: None, body: None, kind: None },
    ];
    for year in first_year..=last_year {
        queries.push(period(format!("{year}-01-01"), format!("{year}-12-31")));
        queries.push(period(format!("{year}-06-01"), format!("{}-06-30", year + 1)));
    }
    let mut filtered = Vec::new();
    for query in &queries[..3] {
        filtered.push(ReportQuery { kind: Some(MeetingKind::AllGpMeeting), ..query.clone() });
        filtered.push(ReportQuery { body: body.clone(), ..query.clone() });
    }
    queries.extend(filtered);
    queries
}

/// The participation and obligation figures of a municipality from the rollups equal the direct ones for
/// every query and year.
async fn assert_rollups_equal_direct(database: &Database, municipality_id: &str, first_year: i64, last_year: i64) {
    let pool = database.pool();
    let body: Option<String> = sqlx::query_scalar("SELECT MIN(id) FROM bodies WHERE municipality_id = $1")
        .bind(municipality_id)
        .fetch_one(pool)
        .await
        .expect("a body");
    for query in queries(first_year, last_year, body) {
        let rolled = report_from(pool, municipality_id, &query, Source::Rollups).await.expect("from rollups");
        let direct = report_from(pool, municipality_id, &query, Source::Direct).await.expect("direct");
        assert_eq!(
            rolled, direct,
            "participation {:?}–{:?} body {:?} kind {:?}",
            query.from, query.to, query.body, query.kind
        );
    }
    for year in first_year..=last_year {
        let rolled = statuses_from(pool, municipality_id, year, None, Source::Rollups).await.expect("from rollups");
        let direct = statuses_from(pool, municipality_id, year, None, Source::Direct).await.expect("direct");
        assert_eq!(rolled, direct, "obligation {year}");
    }
}

/// Change one rollup row of a past year: the report over that year must show it, which proves the report
/// reads the rollups (and the equality above is not the direct computation compared with itself).
async fn assert_report_reads_rollups(database: &Database, municipality_id: &str, year: i64) {
    let pool = database.pool();
    let query =
        ReportQuery { from: Some(format!("{year}-01-01")), to: Some(format!("{year}-12-31")), body: None, kind: None };
    let before = report_from(pool, municipality_id, &query, Source::Rollups).await.expect("report");
    let changed = sqlx::query(
        "UPDATE attendance_rollups SET invited = invited + 1 WHERE municipality_id = $1 AND year = $2 AND invited > 0 \
         AND person_id = (SELECT MIN(person_id) FROM attendance_rollups WHERE municipality_id = $1 AND year = $2 AND invited > 0) \
         AND kind = (SELECT MIN(kind) FROM attendance_rollups WHERE municipality_id = $1 AND year = $2 AND invited > 0 \
                     AND person_id = (SELECT MIN(person_id) FROM attendance_rollups WHERE municipality_id = $1 AND year = $2 AND invited > 0))",
    )
    .bind(municipality_id)
    .bind(year)
    .execute(pool)
    .await
    .expect("a rollup row changed")
    .rows_affected();
    assert!(changed >= 1, "a rollup row of {year}");
    let after = report_from(pool, municipality_id, &query, Source::Rollups).await.expect("report");
    assert_eq!(after.total.invited, before.total.invited + i64::try_from(changed).expect("small"));
    rollups::rebuild(pool).await.expect("rebuilt");
    let rebuilt = report_from(pool, municipality_id, &query, Source::Rollups).await.expect("report");
    assert_eq!(rebuilt, before, "the rebuild puts the row right");
}

#[tokio::test]
async fn on_the_demo_the_reports_from_rollups_equal_the_direct_computation() {
    let app = spawn_app().await;
    legeting::demo::seed(&app.state.database).await.expect("the demo seeds");
    let database = &app.state.database;
    let municipalities: Vec<String> = sqlx::query_scalar("SELECT id FROM municipalities ORDER BY name")
        .fetch_all(database.pool())
        .await
        .expect("ids");
    assert_eq!(municipalities.len(), 2);
    let (first, last): (i64, i64) = sqlx::query_as("SELECT MIN(starts_at), MAX(starts_at) FROM meetings")
        .fetch_one(database.pool())
        .await
        .expect("span");
    let (first_year, last_year) = (year_of(first), year_of(last));
    assert!(last_year - first_year >= 2, "the demo spans three years");
    for municipality in &municipalities {
        assert_rollups_equal_direct(database, municipality, first_year, last_year).await;
    }
    // The seed's rollups are what a rebuild makes.
    let seeded = rollup_rows(database).await;
    assert!(!seeded.is_empty());
    rollups::rebuild(database.pool()).await.expect("rebuilt");
    assert_eq!(rollup_rows(database).await, seeded);
    assert_report_reads_rollups(database, &municipalities[0], first_year).await;
}

#[tokio::test]
async fn on_the_national_data_set_the_reports_from_rollups_equal_the_direct_computation() {
    let app = spawn_app().await;
    let database = &app.state.database;
    let national = legeting_tests::national::generate(database, 5_400, 10).await.expect("generated");
    assert!(national.invitations > 250_000, "{} invitations", national.invitations);
    let (first_year, last_year) = national.years;
    let pool = database.pool();
    let whole = ReportQuery {
        from: Some(format!("{first_year}-01-01")),
        to: Some(format!("{last_year}-12-31")),
        body: None,
        kind: None,
    };
    let rolled = report_from(pool, &national.municipality_id, &whole, Source::Rollups).await.expect("from rollups");
    let direct = report_from(pool, &national.municipality_id, &whole, Source::Direct).await.expect("direct");
    assert_eq!(rolled, direct);
    assert_eq!(rolled.by_gp.len(), 5_400);
    assert!((0.3..0.7).contains(&rolled.total.rate), "{}", rolled.total.rate);
    let part = ReportQuery {
        from: Some(format!("{}-07-01", first_year + 2)),
        to: Some(format!("{}-03-31", last_year - 1)),
        body: None,
        kind: Some(MeetingKind::AnnualGroup),
    };
    let rolled = report_from(pool, &national.municipality_id, &part, Source::Rollups).await.expect("from rollups");
    let direct = report_from(pool, &national.municipality_id, &part, Source::Direct).await.expect("direct");
    assert_eq!(rolled, direct);
    for year in [first_year, last_year - 1, last_year] {
        let rolled =
            statuses_from(pool, &national.municipality_id, year, None, Source::Rollups).await.expect("rollups");
        let direct = statuses_from(pool, &national.municipality_id, year, None, Source::Direct).await.expect("direct");
        assert_eq!(rolled, direct, "obligation {year}");
    }
    assert_report_reads_rollups(database, &national.municipality_id, first_year).await;
}

/// A meeting of `body` (or none) as the secretary; returns its id.
async fn meeting(app: &TestApp, secretary: &legeting_tests::Session, municipality: &str, input: Value) -> String {
    let meetings: Value = secretary
        .post(&format!("/api/municipalities/{municipality}/meetings"), &input)
        .await
        .json()
        .await
        .expect("meetings");
    let _ = app;
    meetings[0]["id"].as_str().expect("an id").to_owned()
}

/// After every kind of change the reports count (attendance, corrections, a check-in that adds an invitee,
/// notice, rescheduling into another year, another kind, fewer invitees, cancelling), the rollups kept in
/// each change's transaction are exactly what a rebuild from the tables makes.
#[tokio::test]
async fn the_rollups_kept_with_each_change_equal_a_rebuild() {
    let app = spawn_app().await;
    let database = &app.state.database;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    app.add_person(&admin, &municipality, "Sara Sekretær", "kol@baerum.test", &[Role::Secretary]).await;
    let kari = app.add_person(&admin, &municipality, "Kari Nordmann", "kari@lege.test", &[Role::Gp]).await;
    let ola = app.add_person(&admin, &municipality, "Ola Hansen", "ola@lege.test", &[Role::Gp]).await;
    let per = app.add_person(&admin, &municipality, "Per Berg", "per@lege.test", &[Role::Gp]).await;
    let secretary = app.signed_in("kol@baerum.test").await;
    let body: Value = secretary
        .post(
            &format!("/api/municipalities/{municipality}/bodies"),
            &json!({"name": "ALU", "kind": "gp_committee", "counts_for_obligation": true}),
        )
        .await
        .json()
        .await
        .expect("a body");
    let body = body["id"].as_str().expect("id").to_owned();
    let members = json!([{"person_id": kari.id, "role": "member"}, {"person_id": ola.id, "role": "member"}, {"person_id": per.id, "role": "member"}]);
    assert_eq!(secretary.put(&format!("/api/bodies/{body}/members"), &members).await.status(), 200);

    let check = |step: &'static str| async move {
        let kept = rollup_rows(database).await;
        rollups::rebuild(database.pool()).await.expect("rebuilt");
        assert_eq!(kept, rollup_rows(database).await, "after {step}");
    };
    let year = year_of(legeting::db::now_ms()) - 1;
    let alu = |starts: String, ends: String| {
        json!({"body_id": body, "kind": "committee_meeting", "title": "ALU", "starts_local": starts, "ends_local": ends,
               "invitees": {"type": "body_members"}})
    };
    let june =
        meeting(&app, &secretary, &municipality, alu(format!("{year}-06-10T18:00"), format!("{year}-06-10T20:00")))
            .await;
    check("a draft").await;
    assert_eq!(secretary.call::<meetings_api::SendNotice>(&june.as_str().into(), &NoQuery {}, &()).await.status(), 200);
    check("the notice").await;
    let attendance =
        |records: Value, correction: Option<&str>| json!({"records": records, "correction_reason": correction});
    let put = secretary
        .put(
            &format!("/api/meetings/{june}/attendance"),
            &attendance(
                json!([{"person_id": kari.id, "status": "in_person"}, {"person_id": ola.id, "status": "remote"},
                               {"person_id": per.id, "status": "excused", "reason": "Syk"}]),
                None,
            ),
        )
        .await;
    assert_eq!(put.status(), 200);
    check("attendance").await;
    let put = secretary
        .put(
            &format!("/api/meetings/{june}/attendance"),
            &attendance(json!([{"person_id": ola.id, "status": "absent"}]), Some("Feil")),
        )
        .await;
    assert_eq!(put.status(), 200);
    check("a correction").await;

    // Rescheduled into the year before, then to another kind, with fewer invitees.
    let moved = json!({"body_id": body, "kind": "committee_meeting", "title": "ALU", "starts_local": format!("{}-12-10T18:00", year - 1),
                       "ends_local": format!("{}-12-10T20:00", year - 1), "invitees": {"type": "body_members"}});
    assert_eq!(secretary.put(&format!("/api/meetings/{june}"), &moved).await.status(), 200);
    check("rescheduling into another year").await;
    let course = json!({"body_id": body, "kind": "course", "title": "ALU", "starts_local": format!("{}-12-10T18:00", year - 1),
                        "ends_local": format!("{}-12-10T20:00", year - 1), "invitees": {"type": "people", "person_ids": [kari.id]}});
    let response = secretary.put(&format!("/api/meetings/{june}"), &course).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap_or_default());
    check("another kind and fewer invitees").await;

    // A check-in by a member who was not invited adds the invitation.
    let now = legeting::db::now_ms();
    let live = json!({"body_id": body, "kind": "committee_meeting", "title": "Nå", "starts_local": to_local(now + 600_000),
                      "ends_local": to_local(now + 4_200_000), "invitees": {"type": "people", "person_ids": [kari.id]}});
    let live = meeting(&app, &secretary, &municipality, live).await;
    assert_eq!(secretary.call::<meetings_api::SendNotice>(&live.as_str().into(), &NoQuery {}, &()).await.status(), 200);
    let code: Value = secretary
        .call::<attendance_api::CreateCheckInCode>(&live.as_str().into(), &NoQuery {}, &())
        .await
        .json()
        .await
        .expect("a code");
    let ola_session = app.signed_in("ola@lege.test").await;
    let checked_in = ola_session
        .call::<attendance_api::CheckIn>(
            &(),
            &NoQuery {},
            &CheckInRequest { code: code["code"].as_str().expect("a code").into() },
        )
        .await;
    assert_eq!(checked_in.status(), 200, "{}", checked_in.text().await.unwrap_or_default());
    let ola_row: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM attendance_rollups WHERE person_id = $1 AND first_meeting_id = $2")
            .bind(&ola.id)
            .bind(&live)
            .fetch_one(database.pool())
            .await
            .expect("count");
    assert_eq!(ola_row, 1, "the check-in is rolled up at once");
    check("a check-in").await;

    assert_eq!(
        secretary.post(&format!("/api/meetings/{june}/cancel"), &json!({"reason": "Avlyst"})).await.status(),
        200
    );
    check("cancelling").await;
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attendance_rollups WHERE year = $1")
        .bind(year - 1)
        .fetch_one(database.pool())
        .await
        .expect("count");
    assert_eq!(left, 0, "a cancelled meeting counts nowhere");
}
