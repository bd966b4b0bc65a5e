//! `cargo xtask bench` (or `cargo bench -p legeting-tests --bench reports`): the report and meeting-list goals
//! of issue 19 at national scale, against the real server (in this process, optimised build) on SQLite, or on
//! PostgreSQL with `LEGETING_TEST_DATABASE=postgres`.
//!
//! The data set is `legeting_tests::national`: 5,400 GPs × 10 years (all-GP meetings, annual group meetings,
//! committees, 30–70 % attendance), about 300,000 invitations. Then:
//! - **Reports**: the participation report over the ten years and over last year, the obligation for last year
//!   and this year, and last year's compensation statement, each asked one at a time by a leader; p95 ≤ 100 ms.
//! - **A GP's meeting list**: `GET /api/meetings` as a GP, the load made by `wrk` in a separate process
//!   (`LEGETING_BENCH_WRK`, default `wrk`; install it with `apt-get install wrk`), 2 threads and 32
//!   connections for 10 s; ≥ 10,000 requests/s.
//! - **The liveness probe** `GET /api/health/live` (no session, no database) under the same `wrk`: ≥ 50,000
//!   requests/s with p99 ≤ 5 ms.
//!
//! Prints a table with each goal and exits non-zero when one is missed. Timings are not tests.

use std::time::{Duration, Instant};

use anyhow::Context;
use legeting_tests::{Session, spawn_app};

/// One measured goal.
struct Goal {
    name: String,
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

fn report(goals: &[Goal]) -> std::process::ExitCode {
    println!("\n{:<64} {:>12} {:>14}  ", "goal", "measured", "limit");
    for goal in goals {
        let sign = if goal.below { "≤" } else { "≥" };
        println!(
            "{:<64} {:>9.1} {:<5}{:>2} {:>8.1} {:<5} {}",
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

/// `times` GETs of `path` one after the other (after two to warm up): sorted latencies.
async fn timed(session: &Session, path: &str, times: usize) -> anyhow::Result<Vec<Duration>> {
    let mut latencies = Vec::new();
    for n in 0..times + 2 {
        let at = Instant::now();
        let response = session.get(path).await;
        anyhow::ensure!(response.status() == 200, "{path}: {}", response.status());
        response.bytes().await?;
        if n >= 2 {
            latencies.push(at.elapsed());
        }
    }
    latencies.sort();
    Ok(latencies)
}

async fn run() -> anyhow::Result<Vec<Goal>> {
    let database = legeting_tests::database_kind();
    println!("database: {database:?}; load average before: {}", load_average());
    let app = spawn_app().await;
    let started = Instant::now();
    let national = legeting_tests::national::generate(&app.state.database, 5_400, 10).await?;
    println!(
        "national data set: 5,400 GPs, {} meetings, {} invitations, {}–{}, generated with its rollups in {:.1} s",
        national.meetings,
        national.invitations,
        national.years.0,
        national.years.1,
        started.elapsed().as_secs_f64()
    );
    let leader = app.signed_in(&national.leader_email).await;
    let gp = app.signed_in(&national.gp_email).await;
    let (first, this) = national.years;
    let last = this - 1;
    let today = legeting::time::date_of(legeting::db::now_ms());
    let municipality = &national.municipality_id;
    let reports = [
        (
            "participation, ten years",
            format!("/api/municipalities/{municipality}/participation?from={first}-01-01&to={today}"),
        ),
        (
            "participation, last year",
            format!("/api/municipalities/{municipality}/participation?from={last}-01-01&to={last}-12-31"),
        ),
        ("obligation, last year", format!("/api/municipalities/{municipality}/obligation?year={last}")),
        ("obligation, this year", format!("/api/municipalities/{municipality}/obligation?year={this}")),
        (
            "compensation statement, last year",
            format!("/api/municipalities/{municipality}/compensation?from={last}-01-01&to={last}-12-31"),
        ),
    ];
    let mut goals = Vec::new();
    for (name, path) in &reports {
        let latencies = timed(&leader, path, 30).await.with_context(|| name.to_string())?;
        println!(
            "{name}: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            quantile(&latencies, 0.5),
            quantile(&latencies, 0.95),
            quantile(&latencies, 1.0)
        );
        goals.push(Goal {
            name: format!("{name} (5,400 GPs × 10 years, {database:?}): p95"),
            measured: quantile(&latencies, 0.95),
            limit: 100.0,
            unit: "ms",
            below: true,
        });
    }

    let listed: serde_json::Value = gp.get("/api/meetings").await.json().await?;
    println!("the GP's meeting list has {} meetings", listed.as_array().map_or(0, Vec::len));
    let (rate, p99) = wrk(&app.address, "/api/meetings", &gp.cookie_header())?;
    println!("a GP's meeting list under wrk: {rate:.0} requests/s, p99 {p99:.1} ms");
    goals.push(Goal {
        name: format!("a GP's meeting list (wrk, 32 connections, {database:?})"),
        measured: rate,
        limit: 10_000.0,
        unit: "req/s",
        below: false,
    });
    // The load balancer's probe: no session, no database.
    let (rate, p99) = wrk(&app.address, "/api/health/live", "")?;
    println!("the liveness probe under wrk: {rate:.0} requests/s, p99 {p99:.1} ms");
    goals.push(Goal {
        name: "the liveness probe GET /api/health/live (wrk, 32 connections)".into(),
        measured: rate,
        limit: 50_000.0,
        unit: "req/s",
        below: false,
    });
    goals.push(Goal {
        name: "the liveness probe GET /api/health/live: p99".into(),
        measured: p99,
        limit: 5.0,
        unit: "ms",
        below: true,
    });
    println!("load average after: {} (other processes on this machine skew every figure)", load_average());
    Ok(goals)
}

/// `/proc/loadavg`'s first three numbers (Linux; empty elsewhere).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Run `wrk` against `path` with the session cookie: requests per second and p99 in ms. Non-2xx answers
/// make it fail.
fn wrk(address: &str, path: &str, cookie: &str) -> anyhow::Result<(f64, f64)> {
    let program = std::env::var("LEGETING_BENCH_WRK").unwrap_or_else(|_| "wrk".into());
    let output = std::process::Command::new(&program)
        .args(["-t2", "-c32", "-d10s", "--latency", "-H"])
        .arg(format!("cookie: {cookie}"))
        .arg(format!("{address}{path}"))
        .output()
        .with_context(|| format!("could not run {program} (apt-get install wrk, or set LEGETING_BENCH_WRK)"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    anyhow::ensure!(output.status.success(), "wrk failed: {text}{}", String::from_utf8_lossy(&output.stderr));
    anyhow::ensure!(!text.contains("Non-2xx"), "the meeting list answered errors under load:\n{text}");
    let rate = text
        .lines()
        .find_map(|line| line.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .context("wrk printed no Requests/sec")?;
    let p99 = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("99%"))
        .map(str::trim)
        .and_then(|v| {
            let (number, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(v.len()));
            let number: f64 = number.parse().ok()?;
            Some(match unit {
                "us" => number / 1000.0,
                "s" => number * 1000.0,
                _ => number,
            })
        })
        .unwrap_or(f64::NAN);
    Ok((rate, p99))
}
