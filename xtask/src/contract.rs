//! The API contract step of `cargo xtask test`: schemathesis (PyPI, pinned in `tests/contract/requirements.txt`)
//! against the real server on SQLite, seeded with the demo and signed in as an organiser, with every check.
//!
//! The fuzzer lives in its own virtual environment under `target/contract-venv`, made and filled by this step on
//! a fresh machine (python3 with `venv` is all it needs). The server is the debug build of `legeting`, started on a
//! free loopback port with a throwaway data directory; `tests/contract/run.py` signs in, pins the path
//! parameters to the demo's real ids and runs schemathesis. Any failure of any check fails the step.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{Context, bail};

use crate::process::{cargo, run_checked, workspace_root};

/// Run the contract check; `Ok` only when schemathesis finds nothing.
pub fn run() -> anyhow::Result<()> {
    let root = workspace_root();
    let python = ensure_venv(&root)?;
    run_checked(&mut cargo(&["build", "--package", "legeting", "--bin", "legeting"]), "building the server")?;
    let binary = target_dir(&root).join("debug").join("legeting");
    let work = std::env::temp_dir().join(format!("legeting-contract-{}", std::process::id()));
    let data = work.join("data");
    std::fs::create_dir_all(&data).with_context(|| format!("could not create {}", data.display()))?;
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let address = format!("127.0.0.1:{port}");
    let log = std::fs::File::create(work.join("server.log"))?;
    let server = Command::new(&binary)
        .args(["serve", "--demo"])
        .env("LEGETING_BIND", &address)
        .env("LEGETING_DATA_DIR", &data)
        .env("LEGETING_ASSETS_DIR", &data)
        .env("LEGETING_MAIL_WORKER", "false")
        .env_remove("DATABASE_URL")
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("could not start {}", binary.display()))?;
    let _stop = Stop(server);
    let script = root.join("tests/contract/run.py");
    let status = Command::new(&python)
        .arg(&script)
        .arg(format!("http://{address}"))
        .arg(&work)
        .status()
        .with_context(|| format!("could not run {}", script.display()))?;
    if !status.success() {
        bail!("schemathesis found problems ({status}); the server's log is {}", work.join("server.log").display());
    }
    let _cleanup = std::fs::remove_dir_all(&work);
    Ok(())
}

/// Kill the server when the step ends, however it ends.
struct Stop(Child);

impl Drop for Stop {
    fn drop(&mut self) {
        let _already_gone = self.0.kill();
        let _reaped = self.0.wait();
    }
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// The virtual environment with the pinned schemathesis; made or brought up to date when the pins change.
fn ensure_venv(root: &Path) -> anyhow::Result<PathBuf> {
    let venv = target_dir(root).join("contract-venv");
    let python = venv.join("bin").join("python");
    let requirements = root.join("tests/contract/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).context("tests/contract/requirements.txt")?;
    let stamp = venv.join("installed-requirements.txt");
    if python.is_file() && std::fs::read_to_string(&stamp).is_ok_and(|installed| installed == wanted) {
        return Ok(python);
    }
    println!("installing schemathesis into {}", venv.display());
    let python3 = if crate::process::on_path("python3") { "python3" } else { "python" };
    run_checked(Command::new(python3).args(["-m", "venv"]).arg(&venv), "python3 -m venv")?;
    run_checked(
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&requirements)
            .stdin(Stdio::null()),
        "pip install -r tests/contract/requirements.txt",
    )?;
    std::fs::write(&stamp, wanted)?;
    Ok(python)
}
