//! `cargo xtask`: the project's build, run and test tasks, written in Rust so a fresh machine needs nothing
//! but cargo (plus Node's npm for the design-system CSS, and Chromium for browser tests, both installed here).
//!
//! - `cargo xtask run [--release] [--demo] [-- <server args>]`: build the web app and start the server.
//! - `cargo xtask build`: build the web app into `frontend/dist` and print its size.
//! - `cargo xtask test`: every check (fmt, clippy, unit, integration on SQLite and PostgreSQL, API contract,
//!   browser).
//! - `cargo xtask contract`: the API contract check alone (schemathesis against the demo).
//! - `cargo xtask bench [--postgres]`: the speed and memory goals (`tests/bench/load.rs`), optimised build.

mod contract;
mod frontend;
mod process;
mod test;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "Build, run and test Legeting")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Build the web app and start the server on http://127.0.0.1:8080 with an SQLite database in ./data.
    Run {
        /// Build the server with optimisations (slower to build, faster to run).
        #[arg(long)]
        release: bool,
        /// Seed the demo (Bærum and Asker with their GPs) first if the database has no people yet.
        #[arg(long)]
        demo: bool,
        /// Extra arguments for `legeting`, after `--`.
        #[arg(last = true)]
        server_args: Vec<String>,
    },
    /// Build the web app (release WASM, precompressed) into frontend/dist and print its size.
    Build {
        /// Write the web app here instead of frontend/dist (e.g. to test one build while another is served).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Run every check: fmt, clippy, unit tests, integration tests on SQLite and PostgreSQL, browser tests.
    Test {
        /// Skip the browser tests (not allowed when CI=true).
        #[arg(long)]
        no_browser: bool,
        /// Skip the PostgreSQL run (not allowed when CI=true).
        #[arg(long)]
        no_postgres: bool,
    },
    /// Only the API contract check: schemathesis, every check, against the demo on SQLite (part of `test`).
    Contract,
    /// Measure the speed and memory goals (live room, pages, outbox) with an optimised build; exits non-zero
    /// when a goal is missed. `LEGETING_BENCH_CLIENTS` sets the number of people in the live room (200).
    Bench {
        /// Run against PostgreSQL (`LEGETING_TEST_POSTGRES_URL`, default the local server) instead of SQLite.
        #[arg(long)]
        postgres: bool,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.task {
        Task::Run { release, demo, server_args } => run(release, demo, &server_args),
        Task::Build { out } => frontend::build_into(out).map(|_| ()),
        Task::Test { no_browser, no_postgres } => test::run(test::Options { no_browser, no_postgres }),
        Task::Contract => contract::run(),
        Task::Bench { postgres } => bench(postgres),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn bench(postgres: bool) -> anyhow::Result<()> {
    // The Node `ws` relay the live room is measured against, exactly as the lockfile says.
    let relay = process::workspace_root().join("tests/bench");
    let mut npm = std::process::Command::new("npm");
    npm.args(["ci", "--no-audit", "--no-fund"]).current_dir(&relay);
    process::run_checked(&mut npm, "npm ci for the bench's Node relay")?;
    let mut command = process::cargo(&["bench", "--package", "legeting-tests", "--bench", "load"]);
    command.args(["--bench", "reports"]); // issue 19: reports and a GP's meeting list at national scale (needs wrk)
    if postgres {
        let url = std::env::var("LEGETING_TEST_POSTGRES_URL").unwrap_or_else(|_| test::DEFAULT_POSTGRES_URL.to_owned());
        command.env("LEGETING_TEST_DATABASE", "postgres").env("LEGETING_TEST_POSTGRES_URL", url);
    } else {
        command.env("LEGETING_TEST_DATABASE", "sqlite");
    }
    process::run_checked(&mut command, "the benchmarks")
}

fn run(release: bool, demo: bool, server_args: &[String]) -> anyhow::Result<()> {
    let server_args = if demo { with_demo(server_args)? } else { server_args.to_vec() };
    let dist = frontend::build()?;
    let mut args = vec!["run", "--package", "legeting", "--bin", "legeting"];
    if release {
        args.push("--release");
    }
    args.push("--");
    let mut command = process::cargo(&args);
    command.args(&server_args).env("LEGETING_ASSETS_DIR", &dist);
    process::run_checked(&mut command, "the server")
}

/// The server arguments with `serve --demo`, which seeds the demo before serving when the database has no
/// people (and otherwise starts as usual). The settings (`--bind`, `--data-dir`, …) come before the subcommand.
fn with_demo(server_args: &[String]) -> anyhow::Result<Vec<String>> {
    let mut args = server_args.to_vec();
    if args.iter().any(|arg| arg == "serve") {
        // `serve` is already there, after the settings: its flags follow it.
        args.push("--demo".into());
    } else if let Some(other) = args.iter().find(|arg| ["migrate", "demo", "admin"].contains(&arg.as_str())) {
        anyhow::bail!("--demo starts the server; leave out the `{other}` subcommand");
    } else {
        args.extend(["serve".into(), "--demo".into()]);
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|&arg| arg.to_owned()).collect()
    }

    #[test]
    fn demo_adds_serve_demo_after_the_settings() {
        let args = with_demo(&strings(&["--bind", "0.0.0.0:8080"])).expect("fine");
        assert_eq!(args, strings(&["--bind", "0.0.0.0:8080", "serve", "--demo"]));
        assert_eq!(with_demo(&strings(&["serve"])).expect("fine"), strings(&["serve", "--demo"]));
        assert!(with_demo(&strings(&["migrate"])).is_err());
    }
}
