//! `cargo xtask bench`: the speed and memory goals of Legeting, measured against the real server (in this
//! process, optimised build) on SQLite, or on PostgreSQL with `LEGETING_TEST_DATABASE=postgres`.
//!
//! - **Live room** (issue 13): `LEGETING_BENCH_PEOPLE` distinct people (default 10,000, made straight in the
//!   bench's database with a session each) in one all-GP meeting's room, driven by the load generator
//!   `loadgen` as **its own process** (`tests/bench/loadgen.rs`), and the same load against a minimal Node
//!   `ws` relay (`tests/bench/relay.js`, `ws` from the lockfile; `cargo xtask bench` runs `npm ci`). The
//!   server's CPU time and resident set are read from `/proc` for this process (the server) and for Node.
//!   Scenarios: everyone at 1 post/s (p99 to the **last** recipient, time to join, presence), saturation
//!   (2,000 clients, 40 posts/s: server CPU per delivery), idle connections (`LEGETING_BENCH_IDLE`, memory
//!   per connection), a reconnect storm, and everyone voting in one poll.
//! - **Reading pages**: with the demo seeded, a GP's meeting list and a leader's participation dashboard
//!   under 8 concurrent requests.
//! - **Outbox**: how fast queued mail is sent (to the in-memory mailer, so this is the outbox's own cost).
//!
//! Prints a table with each goal, its limit and the Node relay's figure from the same run, writes
//! `target/bench/results.json`, and exits non-zero when a goal is missed. Timings are not tests: nothing in
//! `cargo xtask test` depends on them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use legeting::mail::Mail;
use legeting::outbox::{Category, NewMail};
use legeting_shared::people::Role;
use legeting_tests::{Session, spawn_app, spawn_app_configured};
use serde_json::{Value, json};

/// One measured goal.
struct Goal {
    name: String,
    measured: f64,
    /// `None`: reported only.
    limit: Option<f64>,
    unit: &'static str,
    /// `true`: the measurement must stay below the limit; `false`: above it.
    below: bool,
    /// The Node relay's figure from the same run, where it has one.
    relay: Option<f64>,
}

impl Goal {
    fn new(name: impl Into<String>, measured: f64, limit: Option<f64>, unit: &'static str, below: bool) -> Goal {
        Goal { name: name.into(), measured, limit, unit, below, relay: None }
    }

    fn relay(mut self, figure: f64) -> Goal {
        self.relay = Some(figure);
        self
    }

    fn met(&self) -> bool {
        match self.limit {
            None => true,
            Some(limit) if self.below => self.measured <= limit,
            Some(limit) => self.measured >= limit,
        }
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
    println!("database: {:?}; load average: {}", legeting_tests::database_kind(), load_average());
    let mut goals = live_room().await.context("live room")?;
    if std::env::var("LEGETING_BENCH_ONLY").as_deref() != Ok("live") {
        goals.extend(reading_pages().await.context("reading pages")?);
        goals.extend(outbox().await.context("outbox")?);
    }
    println!("load average after: {}", load_average());
    Ok(goals)
}

fn report(goals: &[Goal]) -> std::process::ExitCode {
    println!("\n| {:<66} | {:>12} | {:>12} | {:>12} | {:<4} |", "goal", "Legeting", "limit", "Node ws relay", "met");
    println!("|{}|{}|{}|{}|{}|", "-".repeat(68), "-".repeat(14), "-".repeat(14), "-".repeat(14), "-".repeat(6));
    for goal in goals {
        let sign = if goal.below { "≤" } else { "≥" };
        let limit = goal.limit.map_or("–".to_owned(), |l| format!("{sign} {l:.1} {}", goal.unit));
        let relay = goal.relay.map_or("–".to_owned(), |r| format!("{r:.2} {}", goal.unit));
        println!(
            "| {:<66} | {:>12} | {:>12} | {:>12} | {:<4} |",
            goal.name,
            format!("{:.2} {}", goal.measured, goal.unit),
            limit,
            relay,
            if goal.limit.is_none() {
                "info"
            } else if goal.met() {
                "yes"
            } else {
                "NO"
            }
        );
    }
    let results: Vec<Value> = goals
        .iter()
        .map(|g| {
            json!({"goal": g.name, "measured": g.measured, "limit": g.limit, "unit": g.unit, "below": g.below,
                "node_relay": g.relay, "met": g.met()})
        })
        .collect();
    let out = bench_dir();
    let written = std::fs::create_dir_all(&out).and_then(|()| {
        std::fs::write(
            out.join("results.json"),
            serde_json::to_string_pretty(&json!({"database": format!("{:?}", legeting_tests::database_kind()),
                "load_average": load_average(), "goals": results}))
            .unwrap_or_default(),
        )
    });
    if let Err(error) = written {
        eprintln!("could not write results.json: {error}");
    }
    let missed = goals.iter().filter(|g| !g.met()).count();
    if missed > 0 {
        println!("\n{missed} goal(s) missed");
        std::process::ExitCode::FAILURE
    } else {
        println!("\nevery goal met");
        std::process::ExitCode::SUCCESS
    }
}

/// `target/bench` (or under `CARGO_TARGET_DIR`).
fn bench_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| legeting_tests::workspace_root().join("target"))
        .join("bench")
}

/// The machine's load average (1, 5, 15 minutes).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn quantile(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64) * q).ceil() as usize;
    sorted[rank.saturating_sub(1).min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Run the load generator with a plan; its figures.
async fn loadgen(name: &str, plan: &Value) -> anyhow::Result<Value> {
    let path = bench_dir().join(format!("plan-{name}.json"));
    std::fs::write(&path, serde_json::to_string(plan)?)?;
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_loadgen"))
        .arg(&path)
        .stderr(std::process::Stdio::inherit())
        .output()
        .await
        .context("the load generator runs")?;
    anyhow::ensure!(output.status.success(), "the load generator failed in {name}");
    let figures: Value = serde_json::from_slice(&output.stdout).context("the load generator's figures")?;
    println!("{name}: {figures}");
    Ok(figures)
}

/// The Node relay, listening; its process and port.
fn start_relay() -> anyhow::Result<(std::process::Child, u16)> {
    use std::io::BufRead;
    let script = legeting_tests::workspace_root().join("tests/bench/relay.js");
    let mut child = std::process::Command::new("node")
        .arg(script)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("node runs (is Node.js installed, and `npm ci` done in tests/bench?)")?;
    let stdout = child.stdout.take().context("the relay's output")?;
    let mut line = String::new();
    std::io::BufReader::new(stdout).read_line(&mut line)?;
    let port = line.trim().parse().context("the relay's port")?;
    Ok((child, port))
}

fn number(figures: &Value, key: &str) -> f64 {
    figures[key].as_f64().unwrap_or(f64::NAN)
}

async fn live_room() -> anyhow::Result<Vec<Goal>> {
    let people = env_number("LEGETING_BENCH_PEOPLE", 10_000);
    let idle = env_number("LEGETING_BENCH_IDLE", 15_000);
    let recheck = env_number("LEGETING_BENCH_RECHECK_SECS", 5) as u64;
    std::fs::create_dir_all(bench_dir())?;
    let app = spawn_app_configured(move |config| config.live_recheck_secs = recheck).await;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let made = Instant::now();
    let crowd = legeting_tests::live::crowd(&app.state, &municipality, "Fastlege", people).await?;
    let start = (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    let input = json!({"kind": "all_gp_meeting", "title": "Nasjonal konferanse", "starts_local": format!("{start}T09:00"),
        "ends_local": format!("{start}T16:00"), "invitees": {"type": "all_gps"}});
    let meetings: Value =
        admin.post(&format!("/api/municipalities/{municipality}/meetings"), &input).await.json().await?;
    let meeting = meetings[0]["id"].as_str().context("a meeting id")?.to_owned();
    anyhow::ensure!(admin.post(&format!("/api/meetings/{meeting}/notice"), &json!({})).await.status() == 200);
    println!("{people} people and their meeting made in {:.1} s", made.elapsed().as_secs_f64());
    let cookies = bench_dir().join("cookies.txt");
    std::fs::write(&cookies, crowd.iter().map(|(_, cookie)| cookie.as_str()).collect::<Vec<_>>().join("\n"))?;
    let url = admin.websocket_url(&format!("/api/meetings/{meeting}/live"));
    let me_pid = std::process::id();
    let (mut relay, relay_port) = start_relay()?;
    let relay_url = format!("ws://127.0.0.1:{relay_port}/");
    let plan = |scenario: &str, target: &str, clients: usize, posters: usize, rate: f64, seconds: f64| {
        let legeting = target == "legeting";
        json!({"scenario": scenario, "target": target, "url": if legeting { url.clone() } else { relay_url.clone() },
            "cookies_file": legeting.then(|| cookies.clone()), "chair_cookie": admin.cookie_header(),
            "clients": clients, "posters": posters, "rate": rate, "seconds": seconds,
            "server_pid": if legeting { me_pid } else { relay.id() }, "relay_padding": 330})
    };
    let result = async {
        // Everyone at 1 post/s.
        let steady = loadgen("steady", &plan("broadcast", "legeting", people, 20, 1.0, 15.0)).await?;
        let steady_relay = loadgen("steady-relay", &plan("broadcast", "relay", people, 20, 1.0, 15.0)).await?;
        // Saturation.
        let saturation = loadgen("saturation", &plan("broadcast", "legeting", 2000, 160, 40.0, 10.0)).await?;
        let saturation_relay = loadgen("saturation-relay", &plan("broadcast", "relay", 2000, 160, 40.0, 10.0)).await?;
        // Idle connections.
        let idle_run = loadgen("idle", &plan("idle", "legeting", idle, 0, 0.0, 0.0)).await?;
        let idle_relay = loadgen("idle-relay", &plan("idle", "relay", idle, 0, 0.0, 0.0)).await?;
        // Reconnect storm and the big vote.
        let storm = loadgen("storm", &plan("storm", "legeting", people, 20, 1.0, 20.0)).await?;
        let vote = loadgen("vote", &plan("vote", "legeting", people, 0, 0.0, 0.0)).await?;
        anyhow::Ok((steady, steady_relay, saturation, saturation_relay, idle_run, idle_relay, storm, vote))
    }
    .await;
    let _stopped = relay.kill();
    let _reaped = relay.wait();
    let (steady, steady_relay, saturation, saturation_relay, idle_run, idle_relay, storm, vote) = result?;
    let n = |figures: &Value, key: &str| number(figures, key);
    let lost = |f: &Value| n(f, "expected") - n(f, "deliveries") + n(f, "gaps") + n(f, "repeats");
    let per_delivery = n(&saturation, "cpu_per_delivery_us");
    let relay_per_delivery = n(&saturation_relay, "cpu_per_delivery_us");
    let fifty_thousand_mib =
        (n(&idle_run, "server_rss_before_kib") + n(&idle_run, "kib_per_connection") * 50_000.0) / 1024.0;
    Ok(vec![
        Goal::new(
            format!("{people} people, 1 post/s: p99 post → last recipient"),
            n(&steady, "p99_ms"),
            Some(100.0),
            "ms",
            true,
        )
        .relay(n(&steady_relay, "p99_ms")),
        Goal::new(format!("{people} people, 1 post/s: time for all to join"), n(&steady, "join_s"), None, "s", true)
            .relay(n(&steady_relay, "join_s")),
        Goal::new(
            format!("{people} people, 1 post/s: deliveries lost, out of order or repeated"),
            lost(&steady),
            Some(0.0),
            "",
            true,
        )
        .relay(n(&steady_relay, "expected") - n(&steady_relay, "deliveries")),
        Goal::new(
            format!("{people} people: presence count off by"),
            (n(&steady, "present_count") - people as f64).abs(),
            Some(0.0),
            "",
            true,
        ),
        Goal::new(
            format!("{people} people: presence traffic per client"),
            n(&steady, "presence_bytes_per_client_s"),
            Some(100.0),
            "B/s",
            true,
        ),
        Goal::new(
            "2,000 clients, 40 posts/s: deliveries per second",
            n(&saturation, "deliveries_per_s"),
            None,
            "/s",
            false,
        )
        .relay(n(&saturation_relay, "deliveries_per_s")),
        Goal::new("2,000 clients, 40 posts/s: p99 post → last recipient", n(&saturation, "p99_ms"), None, "ms", true)
            .relay(n(&saturation_relay, "p99_ms")),
        Goal::new("2,000 clients, 40 posts/s: server CPU per delivery", per_delivery, Some(3.0), "µs", true)
            .relay(relay_per_delivery),
        Goal::new(
            "2,000 clients, 40 posts/s: Node's CPU per delivery ÷ Legeting's",
            relay_per_delivery / per_delivery,
            Some(3.0),
            "×",
            false,
        ),
        Goal::new(
            format!("{idle} idle connections: server memory per connection"),
            n(&idle_run, "kib_per_connection"),
            Some(20.0),
            "KiB",
            true,
        )
        .relay(n(&idle_relay, "kib_per_connection")),
        Goal::new(
            "50,000 idle connections: server RSS (extrapolated from the idle run)",
            fifty_thousand_mib,
            Some(1024.0),
            "MiB",
            true,
        ),
        Goal::new(
            format!("reconnect storm, {people} clients: all dropped and resumed within"),
            n(&storm, "storm_s"),
            Some(10.0),
            "s",
            true,
        ),
        Goal::new(
            "reconnect storm: clients that did not resume",
            n(&storm, "dropped") - n(&storm, "resumed"),
            Some(0.0),
            "",
            true,
        ),
        Goal::new("reconnect storm: events lost or repeated", lost(&storm), Some(0.0), "", true),
        Goal::new(
            "reconnect storm: connections dropped by the server",
            n(&storm, "closed_by_server"),
            Some(0.0),
            "",
            true,
        ),
        Goal::new(
            format!("{people} people vote in one poll: all ballots acknowledged"),
            n(&vote, "all_voted_s"),
            Some(10.0),
            "s",
            true,
        ),
        Goal::new("one poll: ballots counted minus people", n(&vote, "counted") - people as f64, Some(0.0), "", true),
        Goal::new(
            "one poll: clients that never saw the final count",
            people as f64 - n(&vote, "saw_final_count"),
            Some(0.0),
            "",
            true,
        ),
        Goal::new(
            "one poll: final count visible to all after the last ballot",
            n(&vote, "count_visible_s"),
            Some(1.0),
            "s",
            true,
        ),
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
        Goal::new(
            "a GP's meeting list (demo data, 8 at once): p95",
            quantile(&meetings, 0.95),
            Some(100.0),
            "ms",
            true,
        ),
        Goal::new(
            "participation dashboard (demo data, 8 at once): p95",
            quantile(&participation, 0.95),
            Some(500.0),
            "ms",
            true,
        ),
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
    Ok(vec![Goal::new("outbox: mails sent per second", rate, Some(200.0), "/s", false)])
}
