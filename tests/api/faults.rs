//! Faults survived, with figures: the server is killed with SIGKILL (`kill -9`) in the middle of a stream of
//! writes, and every write it acknowledged before dying is there when it starts again; PostgreSQL goes away under
//! load (a proxy between them is cut) and requests get 503 while it is away and are served again as soon as it is
//! back, without restarting Legeting; an upload onto a full disk is refused clearly and leaves no half-written file
//! and no row; a server stopped gracefully (SIGTERM) with people in a live room records their time there.
//!
//! The server runs as a separate process: this test binary started again with only [`fault_child_server`]
//! selected, which builds the real server (`Application::build`, as `legeting serve` does) on the database named in
//! its environment and serves until it is killed. So the kill is a real process death, with no destructors, no
//! graceful shutdown and no flushing, on SQLite and on PostgreSQL.

use legeting_shared::api::NoQuery;
use legeting_shared::api::auth as auth_api;
use legeting_shared::auth::LoginRequest;
use std::collections::BTreeMap;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use legeting::config::Config;
use legeting::startup::Application;
use legeting_shared::ErrorBody;
use legeting_shared::auth::CSRF_HEADER;
use legeting_shared::meetings::{AgendaItem, Attachment, MeetingDetail};
use legeting_tests::{Session, TEST_PASSWORD, TestApp, database_kind, spawn_app};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::watch;

use crate::concurrency::{committee, meeting};

const CHILD_DATABASE_URL: &str = "LEGETING_FAULT_CHILD_DATABASE_URL";
const CHILD_DATA_DIR: &str = "LEGETING_FAULT_CHILD_DATA_DIR";
const CHILD_PORT: &str = "legeting-fault-child-port=";
/// Acknowledged writes before the kill.
const BEFORE_KILL: usize = 60;

/// The server process of [`the_server_killed_mid_stream_keeps_every_write_it_acknowledged`]; does nothing unless
/// started by it.
#[tokio::test]
#[ignore = "the server process of the kill -9 scenario, started by it with its database in the environment"]
async fn fault_child_server() {
    let (Ok(url), Ok(data_dir)) = (std::env::var(CHILD_DATABASE_URL), std::env::var(CHILD_DATA_DIR)) else {
        return;
    };
    let mut config = Config::with_data_dir(data_dir.into());
    config.database_url = Some(url.parse().expect("a database URL"));
    config.bind = "127.0.0.1:0".parse().expect("an address");
    config.mail_worker = false;
    let application = Application::build(config).await.expect("the server starts");
    println!("\n{CHILD_PORT}{}", application.port());
    application.run_until_stopped().await.expect("the server runs");
}

/// Start the server as a process of its own on `app`'s database; returns it and its address.
async fn start_server(app: &TestApp) -> (Child, String) {
    let url = app.config.database_url.as_ref().expect("the test database").expose().to_owned();
    let mut child = Command::new(std::env::current_exe().expect("this test binary"))
        .args(["faults::fault_child_server", "--exact", "--ignored", "--nocapture", "--test-threads", "1"])
        .env(CHILD_DATABASE_URL, url)
        .env(CHILD_DATA_DIR, &app.config.data_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the server process starts");
    let mut lines = BufReader::new(child.stdout.take().expect("its output")).lines();
    let port = loop {
        let line = lines.next_line().await.expect("its output").expect("the server says its port before it ends");
        // The test harness may have begun the line ("test … ... ").
        if let Some((_, port)) = line.split_once(CHILD_PORT) {
            break port.trim().to_owned();
        }
    };
    (child, format!("http://127.0.0.1:{port}"))
}

async fn signed_in_at(app: &TestApp, address: &str, email: &str) -> Session {
    let session = app.session_at(address);
    let response = session
        .call::<auth_api::Login>(
            &(),
            &NoQuery {},
            &LoginRequest { email: email.into(), password: TEST_PASSWORD.into() },
        )
        .await;
    assert_eq!(response.status(), 200);
    session
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_server_killed_mid_stream_keeps_every_write_it_acknowledged() {
    let app = spawn_app().await;
    let committee = committee(&app).await;
    let meeting = meeting(&committee, 24 * 14, 24 * 14 + 2, false).await;
    let (mut server, address) = start_server(&app).await;
    let secretary = Arc::new(signed_in_at(&app, &address, "kol@baerum.test").await);
    let token = secretary.csrf_token().await;

    // Four writers add agenda items as fast as the server answers, until it stops answering.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let (count, mut counted) = watch::channel(0usize);
    let mut writers = Vec::new();
    for writer in 0..4 {
        let (secretary, acknowledged, count, token) =
            (secretary.clone(), acknowledged.clone(), count.clone(), token.clone());
        let url = format!("{address}/api/meetings/{meeting}/agenda");
        writers.push(tokio::spawn(async move {
            let (mut sent, mut refused) = (0usize, Vec::new());
            for write in 0.. {
                let title = format!("Skriver {writer}, sak {write}");
                sent += 1;
                let request = secretary.client.post(&url).header(CSRF_HEADER, &token).json(&json!({"title": title}));
                match request.send().await {
                    Ok(response) if response.status() == 201 => {
                        let mut acknowledged = acknowledged.lock().expect("not poisoned");
                        acknowledged.push(title);
                        count.send_replace(acknowledged.len());
                    }
                    Ok(response) => {
                        refused.push(response.status().as_u16());
                        break;
                    }
                    // The server is gone: this write's fate is unknown, and there are no more.
                    Err(_) => break,
                }
            }
            (sent, refused)
        }));
    }
    drop(count);
    let enough = counted.wait_for(|n| *n >= BEFORE_KILL).await.is_ok();
    server.start_kill().expect("SIGKILL");
    let killed_at = Instant::now();
    server.wait().await.expect("the server is dead");
    let (mut sent, mut refused) = (0, Vec::new());
    for writer in writers {
        let (writer_sent, writer_refused) = writer.await.expect("a writer ends");
        sent += writer_sent;
        refused.extend(writer_refused);
    }
    let acknowledged: Vec<String> = acknowledged.lock().expect("not poisoned").clone();
    assert!(enough && refused.is_empty(), "the writers stopped before the kill: {refused:?}");

    // Start again on the same database and look.
    let (mut restarted, address) = start_server(&app).await;
    let restart_ms = killed_at.elapsed().as_millis();
    let secretary = signed_in_at(&app, &address, "kol@baerum.test").await;
    let response = secretary.get(&format!("/api/meetings/{meeting}")).await;
    assert_eq!(response.status(), 200);
    let detail: MeetingDetail = response.json().await.expect("the meeting");
    let found: Vec<&str> = detail.agenda.iter().map(|item| item.title.as_str()).collect();
    let missing: Vec<&String> = acknowledged.iter().filter(|title| !found.contains(&title.as_str())).collect();
    println!(
        "[faults:{:?}] kill -9 mid-stream: {sent} writes sent, {} acknowledged, {} refused, {} found after restart \
         ({} in flight at the kill, committed or not), {} acknowledged but missing; back in {restart_ms} ms",
        database_kind(),
        acknowledged.len(),
        refused.len(),
        found.len(),
        found.len().saturating_sub(acknowledged.len()),
        missing.len()
    );
    assert!(refused.is_empty(), "no write was refused before the kill: {refused:?}");
    assert!(missing.is_empty(), "acknowledged before the kill but lost: {missing:?}");
    let mut numbers: Vec<i64> = detail.agenda.iter().map(|item| item.number).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=i64::try_from(found.len()).expect("small")).collect::<Vec<_>>(), "numbers stay dense");

    // The restarted server takes writes again, numbered on.
    let response = secretary.post(&format!("/api/meetings/{meeting}/agenda"), &json!({"title": "Etter omstart"})).await;
    assert_eq!(response.status(), 201);
    restarted.start_kill().expect("stopped");
    restarted.wait().await.expect("the server is dead");
}

/// Unmounts a test file system when dropped.
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("--lazy").arg(&self.0).status();
    }
}

async fn upload(app: &TestApp, session: &Session, item: &str, bytes: Vec<u8>) -> reqwest::Response {
    let token = session.csrf_token().await;
    session
        .client
        .post(app.url(&format!("/api/agenda-items/{item}/attachments?file_name=sak.pdf")))
        .header(CSRF_HEADER, token)
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .expect("answers")
}

#[tokio::test]
async fn an_upload_onto_a_full_disk_is_refused_clearly_and_leaves_no_file_and_no_row() {
    let app = spawn_app().await;
    let committee = committee(&app).await;
    let meeting = meeting(&committee, 24 * 14, 24 * 14 + 2, false).await;
    let item: AgendaItem = committee
        .secretary
        .post(&format!("/api/meetings/{meeting}/agenda"), &json!({"title": "Sak med vedlegg"}))
        .await
        .json()
        .await
        .expect("an item");
    // The documents' folder becomes a 64 KiB file system (root only: elsewhere the scenario cannot be staged).
    let attachments = app.config.data_dir.join("attachments");
    std::fs::create_dir_all(&attachments).expect("the folder");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "legeting-test-full"])
        .arg(&attachments)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !mounted {
        println!("[faults] a 64 KiB tmpfs cannot be mounted here (not root?): the full-disk upload is not staged");
        return;
    }
    let _mounted = Mounted(attachments.clone());

    let mut big = b"%PDF-1.4 ".to_vec();
    big.resize(200 * 1024, b'x');
    let response = upload(&app, &committee.secretary, &item.id, big).await;
    assert_eq!(response.status(), 507);
    let error: ErrorBody = response.json().await.expect("the error shape");
    assert_eq!(error.error.code, "storage_full");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachments")
        .fetch_one(app.state.database.pool())
        .await
        .expect("a count");
    let files = std::fs::read_dir(&attachments).expect("the folder").count();
    println!("[faults] upload of 200 KiB onto a 64 KiB disk: 507 storage_full, {rows} rows, {files} files left");
    assert_eq!((rows, files), (0, 0), "no half-written file and no row");

    // The space the failed upload took is free again: a small document fits.
    let response = upload(&app, &committee.secretary, &item.id, b"%PDF-1.4 kort".to_vec()).await;
    assert_eq!(response.status(), 201);
    let stored: Attachment = response.json().await.expect("an attachment");
    assert_eq!(std::fs::read(attachments.join(&stored.id)).expect("the file"), b"%PDF-1.4 kort");
}

/// A TCP proxy in front of PostgreSQL that can be cut (every connection dropped, new ones refused) and restored:
/// a database outage as the server sees it, without touching the database server others use.
struct Proxy {
    port: u16,
    cut: watch::Sender<bool>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let port = listener.local_addr().expect("an address").port();
        let (cut, is_cut) = watch::channel(false);
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if *is_cut.borrow() {
                    continue;
                }
                let upstream = upstream.clone();
                let mut is_cut = is_cut.clone();
                tokio::spawn(async move {
                    let Ok(mut server) = tokio::net::TcpStream::connect(&upstream).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = is_cut.wait_for(|cut| *cut) => {}
                    }
                });
            }
        });
        Proxy { port, cut }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_database_outage_answers_503_while_it_lasts_and_the_pool_recovers_without_a_restart() {
    if database_kind() != legeting_shared::DatabaseKind::Postgres {
        println!("[faults] the database outage is staged on PostgreSQL (SQLite has no connection to lose)");
        return;
    }
    // The server reaches its database through the proxy, and gives up on a connection after a second.
    let admin_url =
        std::env::var("LEGETING_TEST_POSTGRES_URL").unwrap_or_else(|_| legeting_tests::DEFAULT_POSTGRES_URL.to_owned());
    let authority = admin_url.split_once('@').map_or(admin_url.as_str(), |(_, rest)| rest);
    let upstream = authority.split(['/', '?']).next().unwrap_or("127.0.0.1:5432").to_owned();
    let proxy = Proxy::start(upstream.clone()).await;
    let through = format!("127.0.0.1:{}", proxy.port);
    let app = legeting_tests::spawn_app_configured(move |config| {
        let url = config.database_url.as_ref().expect("a database").expose().replacen(&upstream, &through, 1);
        config.database_url = Some(url.parse().expect("a URL"));
        config.db_connect_timeout_secs = 1;
    })
    .await;
    let committee = committee(&app).await;
    let meeting = meeting(&committee, 24 * 14, 24 * 14 + 2, false).await;

    // Phases: 0 before the outage, 1 during it, 2 after it. Two writers record (phase when begun, status).
    let (phase, phases) = watch::channel(0u8);
    let (seen, mut seen_changes) = watch::channel(Vec::<(u8, u16)>::new());
    let mut writers = Vec::new();
    for writer in 0..2 {
        let (secretary, phases, seen) = (committee.secretary.clone(), phases.clone(), seen.clone());
        let path = format!("/api/meetings/{meeting}/agenda");
        writers.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for write in 0.. {
                let phase = *phases.borrow();
                if phase == 3 {
                    break;
                }
                let title = format!("Skriver {writer}, sak {write}");
                let status = secretary.post(&path, &json!({"title": title})).await.status().as_u16();
                if status == 201 {
                    acknowledged.push(title);
                }
                seen.send_modify(|seen| seen.push((phase, status)));
            }
            acknowledged
        }));
    }
    drop(seen);
    let count = |seen: &Vec<(u8, u16)>, in_phase: u8, status: u16| {
        seen.iter().filter(|(p, s)| (*p, *s) == (in_phase, status)).count()
    };
    seen_changes.wait_for(|seen| count(seen, 0, 201) >= 20).await.expect("the writers run");
    phase.send_replace(1);
    proxy.cut.send_replace(true);
    seen_changes.wait_for(|seen| count(seen, 1, 503) >= 4).await.expect("the outage is noticed");
    let ready = app.get("/api/health/ready").await.status().as_u16();
    phase.send_replace(2);
    proxy.cut.send_replace(false);
    let recovered = Instant::now();
    seen_changes.wait_for(|seen| count(seen, 2, 201) >= 20).await.expect("the writers run again");
    let recovery_ms = recovered.elapsed().as_millis();
    phase.send_replace(3);
    let mut acknowledged = Vec::new();
    for writer in writers {
        acknowledged.extend(writer.await.expect("a writer ends"));
    }
    let seen = seen_changes.borrow().clone();
    let figures: Vec<BTreeMap<u16, usize>> = (0..3)
        .map(|in_phase| {
            let mut counts = BTreeMap::new();
            for (_, status) in seen.iter().filter(|(p, _)| *p == in_phase) {
                *counts.entry(*status).or_insert(0) += 1;
            }
            counts
        })
        .collect();
    println!(
        "[faults:Postgres] database outage: before {:?}, during {:?} (ready: {ready}), after {:?}; \
         {recovery_ms} ms from the database's return to 20 more writes, no restart of Legeting",
        figures[0], figures[1], figures[2]
    );
    assert_eq!(ready, 503, "not ready while the database is away");
    assert!(seen.iter().all(|(_, status)| matches!(status, 201 | 503)), "only 201 and 503: {figures:?}");
    // A request begun before the cut may still be answered 503 (it was in flight); one begun after the database
    // is back is served: the pool has new connections, and Legeting was not restarted.
    assert!(figures[2].keys().all(|status| *status == 201), "no error after the outage: {figures:?}");

    let detail: MeetingDetail =
        committee.secretary.get(&format!("/api/meetings/{meeting}")).await.json().await.expect("the meeting");
    let found: Vec<&str> = detail.agenda.iter().map(|item| item.title.as_str()).collect();
    assert!(acknowledged.iter().all(|title| found.contains(&title.as_str())), "every acknowledged write is there");
    let mut numbers: Vec<i64> = detail.agenda.iter().map(|item| item.number).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=i64::try_from(found.len()).expect("small")).collect::<Vec<_>>(), "numbers stay dense");
}

/// Stopping the server (SIGTERM: graceful shutdown) while people are in a meeting's live room records their time
/// in the room, as if each had left at that moment: nobody loses their remote attendance to a restart.
#[tokio::test]
async fn stopping_the_server_records_the_time_of_everyone_in_the_live_room() {
    let mut app = legeting_tests::spawn_app_configured(|config| config.live_presence_minimum_secs = 0).await;
    let committee = committee(&app).await;
    let meeting = meeting(&committee, 10, 12, true).await;
    let mut clients = Vec::new();
    for (_, session) in committee.gps.iter().take(3) {
        clients.push(legeting_tests::live::LiveClient::connect(session, &meeting, None).await.expect("in the room"));
    }
    let stopped_at = chrono::Utc::now().timestamp_millis();
    app.shut_down().await;
    let pool = app.reopen_database().await;
    for (person, _) in committee.gps.iter().take(3) {
        let row: Option<(String, String, Option<i64>)> =
            sqlx::query_as("SELECT status, source, left_at FROM attendance WHERE meeting_id = $1 AND person_id = $2")
                .bind(&meeting)
                .bind(&person.id)
                .fetch_optional(&pool)
                .await
                .expect("a query");
        let (status, source, left_at) = row.unwrap_or_else(|| panic!("{}'s time in the room was lost", person.name));
        assert_eq!((status.as_str(), source.as_str()), ("remote", "live_room"), "{}", person.name);
        assert!(left_at.is_some_and(|at| at >= stopped_at - 1000), "left when the server stopped: {left_at:?}");
    }
    println!("stopped with {} people in the room: the time of all of them recorded", clients.len());
    drop(clients);
}
