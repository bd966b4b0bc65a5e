//! Browser tests: the real server with the built web app, driven in headless Chromium through ChromeDriver
//! (WebDriver), with axe-core run on every page visited. Any axe violation fails the scenario.
//!
//! This binary has its own `main` (no libtest harness) so that one ChromeDriver serves every scenario;
//! scenarios run one after the other, each with its own server, database and browser profile. It ends with
//! the line `N passed, N failed`. Needs `frontend/dist` (built by `cargo xtask build`, or point
//! `LEGETING_ASSETS_DIR` at it) and `chromium` + `chromedriver` on the PATH.

mod demo;
mod driver;
mod languages;
mod letters;
mod live_and_mail;
mod meetings;
mod participation;
mod people;
mod roster;
mod shell;

use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

use driver::Browser;

/// A named scenario: an async function taking a fresh browser.
pub type Scenario = (&'static str, fn(Browser) -> Pin<Box<dyn Future<Output = anyhow::Result<()>>>>);

fn main() -> std::process::ExitCode {
    let filter: Option<String> = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("could not start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let driver = match driver::ChromeDriver::start().await {
            Ok(driver) => driver,
            Err(error) => {
                eprintln!("browser tests: {error:#}");
                println!("0 passed, 1 failed");
                return std::process::ExitCode::FAILURE;
            }
        };
        let scenarios: Vec<Scenario> = shell::scenarios()
            .into_iter()
            .chain(people::scenarios())
            .chain(roster::scenarios())
            .chain(meetings::scenarios())
            .chain(participation::scenarios())
            .chain(live_and_mail::scenarios())
            .chain(letters::scenarios())
            .chain(demo::scenarios())
            .chain(languages::scenarios())
            .collect();
        let (mut passed, mut failed) = (0, 0);
        for (name, scenario) in scenarios {
            if filter.as_deref().is_some_and(|f| !name.contains(f)) {
                continue;
            }
            let started = Instant::now();
            let result = match driver.browser().await {
                Ok(browser) => scenario(browser).await,
                Err(error) => Err(error),
            };
            match result {
                Ok(()) => {
                    passed += 1;
                    println!("scenario {name} ... ok ({:.1}s)", started.elapsed().as_secs_f64());
                }
                Err(error) => {
                    failed += 1;
                    println!("scenario {name} ... FAILED ({:.1}s)\n{error:#}\n", started.elapsed().as_secs_f64());
                }
            }
        }
        driver.stop().await;
        println!("{passed} passed, {failed} failed");
        if failed == 0 { std::process::ExitCode::SUCCESS } else { std::process::ExitCode::FAILURE }
    })
}
