//! `cargo xtask test`: every check, one after the other, with a summary at the end.
//!
//! Steps: build the web app, `cargo fmt --check`, clippy (native and wasm32) with `-D warnings`, unit and
//! integration tests on SQLite, the integration tests again on PostgreSQL, the API contract (schemathesis against
//! the demo, `contract.rs`), and the browser tests in headless Chromium. A failing step does not stop the
//! others, so one run shows everything that is wrong; the exit code is non-zero if any step failed. Under
//! `CI=true` nothing is skipped: a missing tool is installed or is an error.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::frontend;
use crate::process::{cargo, is_ci, is_root, on_path, run_checked};

/// What the caller asked to leave out (refused under CI).
pub struct Options {
    pub no_browser: bool,
    pub no_postgres: bool,
}

/// The PostgreSQL server the integration tests create their throwaway databases on, unless
/// `LEGETING_TEST_POSTGRES_URL` says otherwise.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

struct Step {
    name: &'static str,
    outcome: Outcome,
    took: Duration,
}

pub fn run(options: Options) -> anyhow::Result<()> {
    if is_ci() && (options.no_browser || options.no_postgres) {
        bail!("CI=true: --no-browser and --no-postgres are not allowed; nothing may be skipped in CI");
    }
    let mut steps: Vec<Step> = Vec::new();
    let mut step = |name: &'static str, work: &mut dyn FnMut() -> anyhow::Result<Option<String>>| {
        println!("\n==> {name}");
        let started = Instant::now();
        let outcome = match work() {
            Ok(None) => Outcome::Passed,
            Ok(Some(reason)) => Outcome::Skipped(reason),
            Err(error) => Outcome::Failed(format!("{error:#}")),
        };
        steps.push(Step { name, outcome, took: started.elapsed() });
    };

    let mut dist = None;
    step("web app build (wasm32, npm, precompression)", &mut || {
        dist = Some(frontend::build()?);
        Ok(None)
    });
    step("cargo fmt --check", &mut || {
        run_checked(&mut cargo(&["fmt", "--all", "--", "--check"]), "cargo fmt --check").map(|()| None)
    });
    step("clippy (native, -D warnings)", &mut || {
        let args = ["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"];
        run_checked(&mut cargo(&args), "clippy").map(|()| None)
    });
    step("clippy (frontend on wasm32, -D warnings)", &mut || {
        let args =
            ["clippy", "--package", "legeting-frontend", "--target", "wasm32-unknown-unknown", "--", "-D", "warnings"];
        run_checked(&mut cargo(&args), "clippy for wasm32").map(|()| None)
    });
    step("unit and integration tests on SQLite", &mut || {
        let mut command = cargo(&["test", "--no-fail-fast", "--workspace", "--lib", "--bins", "--test", "api"]);
        command.env("LEGETING_TEST_DATABASE", "sqlite");
        run_checked(&mut command, "the tests on SQLite").map(|()| None)
    });
    step("integration tests on PostgreSQL", &mut || {
        if options.no_postgres {
            return Ok(Some("--no-postgres".into()));
        }
        let url = std::env::var("LEGETING_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
        if let Err(reason) = reachable(&url) {
            if is_ci() {
                bail!("PostgreSQL at {url} is not reachable ({reason}); set LEGETING_TEST_POSTGRES_URL");
            }
            return Ok(Some(format!("PostgreSQL at {url} is not reachable ({reason})")));
        }
        let mut command = cargo(&["test", "--package", "legeting-tests", "--test", "api"]);
        command.env("LEGETING_TEST_DATABASE", "postgres").env("LEGETING_TEST_POSTGRES_URL", &url);
        run_checked(&mut command, "the tests on PostgreSQL").map(|()| None)
    });
    step("API contract (schemathesis, every check)", &mut || crate::contract::run().map(|()| None));
    step("browser tests (headless Chromium, axe-core)", &mut || {
        if options.no_browser {
            return Ok(Some("--no-browser".into()));
        }
        let Some(dist) = dist.clone() else { bail!("the web app did not build, so there is nothing to test") };
        ensure_chromium()?;
        let mut command = cargo(&["test", "--package", "legeting-tests", "--test", "browser"]);
        command.env("LEGETING_ASSETS_DIR", &dist);
        run_checked(&mut command, "the browser tests").map(|()| None)
    });

    print_summary(&steps);
    let failed = steps.iter().filter(|s| matches!(s.outcome, Outcome::Failed(_))).count();
    if failed > 0 {
        bail!("{failed} of {} steps failed", steps.len());
    }
    Ok(())
}

fn print_summary(steps: &[Step]) {
    println!("\n==> Summary");
    for step in steps {
        let (mark, detail) = match &step.outcome {
            Outcome::Passed => ("ok     ", String::new()),
            Outcome::Failed(why) => ("FAILED ", format!(": {why}")),
            Outcome::Skipped(why) => ("skipped", format!(": {why}")),
        };
        println!("  {mark} {:<48} {:>6.1}s{detail}", step.name, step.took.as_secs_f64());
    }
    let passed = steps.iter().filter(|s| matches!(s.outcome, Outcome::Passed)).count();
    let failed = steps.iter().filter(|s| matches!(s.outcome, Outcome::Failed(_))).count();
    let skipped = steps.len() - passed - failed;
    println!("steps: {passed} passed, {failed} failed, {skipped} skipped");
}

/// Whether a TCP connection to the URL's host and port succeeds.
fn reachable(url: &str) -> Result<(), String> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host_part = after_scheme.rsplit_once('@').map_or(after_scheme, |(_, host)| host);
    let host_port = host_part.split(['/', '?']).next().unwrap_or(host_part);
    let host_port = if host_port.contains(':') { host_port.to_owned() } else { format!("{host_port}:5432") };
    let address = host_port
        .to_socket_addrs()
        .map_err(|e| e.to_string())?
        .next()
        .ok_or_else(|| format!("{host_port} has no address"))?;
    TcpStream::connect_timeout(&address, Duration::from_secs(3)).map(|_| ()).map_err(|e| e.to_string())
}

/// Chromium and ChromeDriver, installed with apt when missing and running as root.
fn ensure_chromium() -> anyhow::Result<()> {
    let have = |name: &str| on_path(name) || PathBuf::from("/usr/bin").join(name).is_file();
    if have("chromium") && have("chromedriver") {
        return Ok(());
    }
    if !is_root() || !on_path("apt-get") {
        bail!(
            "the browser tests need Chromium and ChromeDriver; install them (Debian: \
             `apt-get install chromium chromium-driver`) or run as root so xtask can"
        );
    }
    println!("Installing chromium and chromium-driver with apt-get …");
    run_checked(Command::new("apt-get").args(["update", "-qq"]), "apt-get update")?;
    run_checked(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends", "chromium", "chromium-driver"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get install chromium chromium-driver",
    )
    .context("could not install Chromium for the browser tests")
}
