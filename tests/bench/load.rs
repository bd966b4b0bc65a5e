//! `cargo xtask bench`: the speed and memory goals of Legeting, measured against the real server (in this
//! process, optimised build) on SQLite, or on PostgreSQL with `LEGETING_TEST_DATABASE=postgres`.
//!
//! - **Live room**: `LEGETING_BENCH_CLIENTS` people (default 200) in one meeting's room; 50 of them post at
//!   once. Every post must reach every client: the delivery latency (post sent → event received) and the
//!   memory each connection costs (both ends, as this process's resident set grows).
//! - **Reading pages**: with the demo seeded, a GP's meeting list and a leader's participation dashboard
//!   under 8 concurrent requests.
//! - **Outbox**: how fast queued mail is sent (to the in-memory mailer, so this is the outbox's own cost).
//!
//! Prints a table with each goal and exits non-zero when one is missed. Timings are not tests: nothing in
//! `cargo xtask test` depends on them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use legeting::mail::Mail;
use legeting::outbox::{Category, NewMail};
use legeting_shared::live::{ClientMessage, RoomEvent};
use legeting_shared::people::Role;
use legeting_tests::live::LiveClient;
use legeting_tests::{Session, TEST_PASSWORD, TestApp, spawn_app};
use serde_json::{Value, json};

/// One measured goal.
struct Goal {
    name: &'static str,
    measured: f64,
    limit: f64,
    unit: &'static str,
    /// `true`: the measurement must stay below the limit; `false`: above it.
    below: bool,
}

impl Goal {
    fn met(&self) -> bool {
        if self.below { self.measured <= self.limit } else { self.measured >= self.limit }
    }
}

fn main() -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("could not start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(goals) => report(&goals),
        Err(error) => {
            eprintln!("bench: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<Vec<Goal>> {
    let clients: usize = std::env::var("LEGETING_BENCH_CLIENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    println!("database: {:?}", legeting_tests::database_kind());
    let mut goals = live_room(clients).await.context("live room")?;
    goals.extend(reading_pages().await.context("reading pages")?);
    goals.extend(outbox().await.context("outbox")?);
    Ok(goals)
}

fn report(goals: &[Goal]) -> std::process::ExitCode {
    println!("\n{:<58} {:>12} {:>14}  ", "goal", "measured", "limit");
    for goal in goals {
        let sign = if goal.below { "≤" } else { "≥" };
        println!(
            "{:<58} {:>9.1} {:<3}{:>3} {:>8.1} {:<3} {}",
            goal.name,
            goal.measured,
            goal.unit,
            sign,
            goal.limit,
            goal.unit,
            if goal.met() { "ok" } else { "MISSED" }
        );
    }
    let missed = goals.iter().filter(|g| !g.met()).count();
    println!("\n{} goals, {missed} missed", goals.len());
    if missed == 0 { std::process::ExitCode::SUCCESS } else { std::process::ExitCode::FAILURE }
}

/// The `q`-quantile (0–1) of sorted durations, in milliseconds.
fn quantile(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[rank.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// This process's resident set, in KiB (Linux; 0 elsewhere).
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmRSS:").and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
        })
        .unwrap_or(0)
}

/// `n` GPs of a fresh municipality, each signed in (the password is hashed once for all).
async fn gps(app: &TestApp, admin: &Session, municipality: &str, n: usize) -> anyhow::Result<Vec<Session>> {
    for i in 0..n {
        app.add_person(admin, municipality, &format!("Fastlege {i:03}"), &format!("gp{i:03}@bench.test"), &[Role::Gp])
            .await;
    }
    let password = legeting::people::model::NewPassword::parse(TEST_PASSWORD)?;
    let hash = legeting::auth::password::hash(&password).await?;
    sqlx::query("UPDATE people SET password_hash = $1 WHERE email LIKE '%@bench.test'")
        .bind(hash)
        .execute(app.state.database.pool())
        .await?;
    let mut sessions = Vec::new();
    for i in 0..n {
        let session = app.session();
        let response = session
            .post("/api/auth/login", &json!({"email": format!("gp{i:03}@bench.test"), "password": TEST_PASSWORD}))
            .await;
        anyhow::ensure!(response.status() == 200, "GP {i} signs in");
        sessions.push(session);
    }
    Ok(sessions)
}

async fn live_room(n: usize) -> anyhow::Result<Vec<Goal>> {
    let posters = n.min(50);
    let app = spawn_app().await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let sessions = gps(&app, &admin, &municipality, n).await?;
    let start = (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    let input = json!({"kind": "all_gp_meeting", "title": "Allmennlegemøte", "starts_local": format!("{start}T18:00"),
        "ends_local": format!("{start}T20:00"), "invitees": {"type": "all_gps"}});
    let meetings: Value =
        admin.post(&format!("/api/municipalities/{municipality}/meetings"), &input).await.json().await?;
    let meeting = meetings[0]["id"].as_str().context("a meeting id")?.to_owned();
    anyhow::ensure!(admin.post(&format!("/api/meetings/{meeting}/notice"), &json!({})).await.status() == 200);

    let before = resident_kib();
    let connecting = Instant::now();
    let mut clients = Vec::new();
    for session in &sessions {
        clients.push(LiveClient::connect(session, &meeting, None).await?);
    }
    let connect_ms = connecting.elapsed().as_secs_f64() * 1000.0 / n as f64;
    // Let presence settle (it is coalesced to one list a second) before measuring memory.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let per_connection_kib = resident_kib().saturating_sub(before) as f64 / n as f64;

    let sent: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let barrier = Arc::new(tokio::sync::Barrier::new(n));
    let mut tasks = Vec::new();
    for (index, mut client) in clients.into_iter().enumerate() {
        let sent = sent.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            if index < posters {
                let text = format!("bench-{index}");
                sent.lock().map_err(|_| anyhow::anyhow!("poisoned"))?.insert(text.clone(), Instant::now());
                let post = ClientMessage::Post { client_id: text.clone(), agenda_item_id: None, reply_to: None, text };
                client.send(&post).await?;
            }
            let mut received = Vec::with_capacity(posters);
            while received.len() < posters {
                let event = client.next_event().await?;
                if let RoomEvent::MessagePosted { message, .. } = event.event
                    && message.text.starts_with("bench-")
                {
                    received.push((message.text, Instant::now()));
                }
            }
            client.close().await?;
            anyhow::Ok(received)
        }));
    }
    let mut latencies = Vec::with_capacity(n * posters);
    let mut last = None::<Instant>;
    let mut all_received = Vec::new();
    for task in tasks {
        all_received.push(task.await??);
    }
    let sent = sent.lock().map_err(|_| anyhow::anyhow!("poisoned"))?.clone();
    for received in all_received {
        for (text, at) in received {
            let from = sent.get(&text).context("a sent post")?;
            latencies.push(at.saturating_duration_since(*from));
            last = Some(last.map_or(at, |l| l.max(at)));
        }
    }
    latencies.sort();
    let first_sent = sent.values().min().copied().context("posts were sent")?;
    let burst_ms = last.map_or(0.0, |l| l.duration_since(first_sent).as_secs_f64() * 1000.0);
    let deliveries = latencies.len() as f64;
    println!(
        "live room: {n} clients, {posters} posts at once → {deliveries} deliveries in {burst_ms:.0} ms \
         ({:.0}/s); p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {per_connection_kib:.0} KiB and \
         {connect_ms:.1} ms per connection",
        deliveries / (burst_ms / 1000.0).max(0.001),
        quantile(&latencies, 0.5),
        quantile(&latencies, 0.95),
        quantile(&latencies, 0.99),
        quantile(&latencies, 1.0),
    );
    anyhow::ensure!(latencies.len() == n * posters, "every post reached every client");
    Ok(vec![
        Goal {
            name: "live room: p99 delivery of a post to every client",
            measured: quantile(&latencies, 0.99),
            limit: 500.0,
            unit: "ms",
            below: true,
        },
        Goal {
            name: "live room: memory per connection (server and client)",
            measured: per_connection_kib,
            limit: 256.0,
            unit: "KiB",
            below: true,
        },
        Goal {
            name: "live room: time to join (per client)",
            measured: connect_ms,
            limit: 50.0,
            unit: "ms",
            below: true,
        },
    ])
}

/// `total` GETs of `path` as `session`, `concurrency` at a time: sorted latencies and requests per second.
async fn hammer(
    session: &Arc<Session>,
    path: &str,
    total: usize,
    concurrency: usize,
) -> anyhow::Result<(Vec<Duration>, f64)> {
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..concurrency {
        let session = session.clone();
        let path = path.to_owned();
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            for _ in (worker..total).step_by(concurrency) {
                let at = Instant::now();
                let response = session.get(&path).await;
                anyhow::ensure!(response.status() == 200, "{path}: {}", response.status());
                response.bytes().await?;
                latencies.push(at.elapsed());
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await??);
    }
    latencies.sort();
    Ok((latencies, total as f64 / started.elapsed().as_secs_f64()))
}

async fn reading_pages() -> anyhow::Result<Vec<Goal>> {
    let app = spawn_app().await;
    let seeded = Instant::now();
    let summary = legeting::demo::seed(&app.state.database).await?;
    println!("demo seeded in {:.1} s", seeded.elapsed().as_secs_f64());
    let baerum = &summary.municipalities[0];
    let leader = baerum.staff.iter().find(|s| s.roles.contains(&Role::Leader)).context("a leader")?;
    let leader_session = app.session();
    let response =
        leader_session.post("/api/auth/login", &json!({"email": leader.email, "password": summary.password})).await;
    anyhow::ensure!(response.status() == 200, "the leader signs in");
    let gp = baerum.sample_gp.clone().context("a GP")?;
    let gp_session = Arc::new(app.signed_in(&gp.email).await);
    let leader_session = Arc::new(leader_session);

    let year = chrono::Datelike::year(&chrono::Utc::now()) - 1;
    let (meetings, meetings_rate) = hammer(&gp_session, "/api/meetings", 400, 8).await?;
    let dashboard = format!("/api/municipalities/{}/participation?year={year}", baerum.id);
    let (participation, participation_rate) = hammer(&leader_session, &dashboard, 200, 8).await?;
    println!(
        "a GP's meetings: {meetings_rate:.0} requests/s, p50 {:.1} ms, p95 {:.1} ms; participation dashboard: \
         {participation_rate:.0} requests/s, p50 {:.1} ms, p95 {:.1} ms",
        quantile(&meetings, 0.5),
        quantile(&meetings, 0.95),
        quantile(&participation, 0.5),
        quantile(&participation, 0.95),
    );
    Ok(vec![
        Goal {
            name: "a GP's meeting list (demo data, 8 at once): p95",
            measured: quantile(&meetings, 0.95),
            limit: 100.0,
            unit: "ms",
            below: true,
        },
        Goal {
            name: "participation dashboard (demo data, 8 at once): p95",
            measured: quantile(&participation, 0.95),
            limit: 500.0,
            unit: "ms",
            below: true,
        },
    ])
}

async fn outbox() -> anyhow::Result<Vec<Goal>> {
    const MAILS: usize = 2000;
    let app = spawn_app().await;
    let now = chrono::Utc::now().timestamp_millis();
    let mut conn = app.state.database.pool().acquire().await?;
    for i in 0..MAILS {
        let mail = NewMail {
            dedupe_key: format!("bench:{i}"),
            category: Category::Letter,
            municipality_id: None,
            person_id: None,
            meeting_id: None,
            schedule_id: None,
            mail: Mail {
                to_name: format!("Fastlege {i}"),
                to_email: format!("gp{i}@bench.test"),
                subject: "Informasjon fra kommuneoverlegen".into(),
                text: "Kjære fastleger,\n\nLegevakten flytter.".repeat(20),
                html: Some("<p>Kjære fastleger,</p><p>Legevakten flytter.</p>".repeat(20)),
                ..Mail::default()
            },
            sensitive: false,
            skip_reason: None,
        };
        legeting::outbox::enqueue(&mut conn, &mail, now).await?;
    }
    drop(conn);
    let started = Instant::now();
    let mut sent = 0;
    loop {
        let report = app.deliver_mail().await;
        if report.sent == 0 {
            break;
        }
        sent += report.sent;
    }
    let rate = sent as f64 / started.elapsed().as_secs_f64();
    println!("outbox: {sent} mails sent in {:.1} s ({rate:.0}/s)", started.elapsed().as_secs_f64());
    anyhow::ensure!(sent == MAILS, "every queued mail was sent once");
    anyhow::ensure!(app.outbox.messages().len() == MAILS, "the mailer got each mail once");
    Ok(vec![Goal { name: "outbox: mails sent per second", measured: rate, limit: 200.0, unit: "/s", below: false }])
}
