//! Health that tells the truth: liveness never touches the database, readiness is the database, and
//! `/api/health` names every problem (database, mail queue, mail worker, disk).

use legeting::mail::Mail;
use legeting::outbox::{Category, NewMail};
use legeting_shared::{ErrorBody, Health, HealthCheck, HealthStatus, Probe};
use legeting_tests::{TestApp, TestMail, spawn_app, spawn_app_with_mail};

async fn get_health(app: &TestApp) -> (u16, Health) {
    let response = app.get("/api/health").await;
    (response.status().as_u16(), response.json().await.expect("a Health body"))
}

async fn probe(app: &TestApp, path: &str) -> (u16, Probe) {
    let response = app.get(path).await;
    (response.status().as_u16(), response.json().await.expect("a Probe body"))
}

#[tokio::test]
async fn a_healthy_server_is_live_ready_and_ok_with_no_problems() {
    let app = spawn_app_with_mail(Default::default(), TestMail { worker: true, ..TestMail::default() }).await;
    let (status, health) = get_health(&app).await;
    assert_eq!((status, health.status, health.problems), (200, HealthStatus::Ok, vec![]));
    assert!(app.state.mail_worker.running(), "the configured mail worker runs");
    assert_eq!(probe(&app, "/api/health/live").await, (200, Probe { status: HealthStatus::Ok, problem: None }));
    assert_eq!(probe(&app, "/api/health/ready").await, (200, Probe { status: HealthStatus::Ok, problem: None }));
}

#[tokio::test]
async fn without_its_database_the_server_is_live_but_not_ready_and_says_why() {
    let app = spawn_app().await;
    app.state.database.close().await;

    assert_eq!(probe(&app, "/api/health/live").await, (200, Probe { status: HealthStatus::Ok, problem: None }));
    let (status, ready) = probe(&app, "/api/health/ready").await;
    assert_eq!((status, ready.status), (503, HealthStatus::Degraded));
    assert_eq!(ready.problem.map(|p| p.check), Some(HealthCheck::Database));
    let (status, health) = get_health(&app).await;
    assert_eq!((status, health.status), (503, HealthStatus::Degraded));
    let checks: Vec<HealthCheck> = health.problems.iter().map(|p| p.check).collect();
    assert_eq!(checks, vec![HealthCheck::Database]);
    assert_eq!(health.problems[0].message, "the database does not answer");

    // Requests that need the database are answered 503 with a clear error, not 500.
    let response = app.get("/api/setup").await;
    assert_eq!(response.status(), 503);
    let error: ErrorBody = response.json().await.expect("the error shape");
    assert_eq!(error.error.code, "unavailable");
}

#[tokio::test]
async fn mail_due_for_over_a_quarter_of_an_hour_makes_the_server_degraded_until_it_is_sent() {
    let app = spawn_app().await;
    let twenty_minutes_ago = legeting::db::now_ms() - 20 * 60_000;
    let mail = NewMail {
        dedupe_key: "health-test".into(),
        category: Category::Notice,
        municipality_id: None,
        person_id: None,
        meeting_id: None,
        schedule_id: None,
        mail: Mail {
            to_name: "Kari".into(),
            to_email: "kari@lege.test".into(),
            subject: "Innkalling".into(),
            text: "Velkommen".into(),
            html: None,
            reply_to: None,
            from_name: None,
            calendar: None,
            list_unsubscribe: None,
            message_id: None,
        },
        sensitive: false,
        skip_reason: None,
    };
    let mut connection = app.state.database.pool().acquire().await.expect("a connection");
    legeting::outbox::enqueue(&mut connection, &mail, twenty_minutes_ago).await.expect("queued");
    drop(connection);

    let (status, health) = get_health(&app).await;
    assert_eq!((status, health.status), (503, HealthStatus::Degraded));
    assert_eq!(health.problems.iter().map(|p| p.check).collect::<Vec<_>>(), vec![HealthCheck::MailQueue]);
    assert_eq!(health.problems[0].message, "1 e-mails have been due for more than 15 minutes");
    // Ready all the same: the instance can serve requests.
    assert_eq!(probe(&app, "/api/health/ready").await.0, 200);

    assert_eq!(app.deliver_mail().await.sent, 1);
    let (status, health) = get_health(&app).await;
    assert_eq!((status, health.status, health.problems), (200, HealthStatus::Ok, vec![]));
}
