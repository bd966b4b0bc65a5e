//! ChromeDriver, a browser session per scenario, axe-core, and waiting helpers (polling with a deadline,
//! never fixed sleeps).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use legeting_tests::{Spawn, TestApp, spawn_app_with, workspace_root};
use serde_json::json;
use tokio::process::{Child, Command};

/// How long a wait for the page may take before the scenario fails.
pub const WAIT: Duration = Duration::from_secs(15);

/// A running ChromeDriver on a free port.
pub struct ChromeDriver {
    child: Child,
    url: String,
    axe_source: String,
}

impl ChromeDriver {
    /// Start `chromedriver` (or `$CHROMEDRIVER`) and wait until it answers.
    pub async fn start() -> anyhow::Result<ChromeDriver> {
        let axe_path = workspace_root().join("frontend/node_modules/axe-core/axe.min.js");
        let axe_source = std::fs::read_to_string(&axe_path)
            .with_context(|| format!("axe-core is missing at {} (run `cargo xtask build`)", axe_path.display()))?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("could not start {program} (install chromium-driver)"))?;
        let url = format!("http://127.0.0.1:{port}");
        let status = format!("{url}/status");
        let deadline = Instant::now() + WAIT;
        loop {
            if reqwest::get(&status).await.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            if Instant::now() > deadline {
                bail!("chromedriver did not answer on port {port}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(ChromeDriver { child, url, axe_source })
    }

    /// A new headless browser with a fresh profile, and a fresh server to point it at.
    pub async fn browser(&self) -> anyhow::Result<Browser> {
        let (client, profile) = open_session(&self.url).await?;
        let assets = std::env::var_os("LEGETING_ASSETS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("frontend/dist"));
        if !assets.join("index.html").is_file() {
            bail!("the web app is not built at {} (run `cargo xtask build`)", assets.display());
        }
        let app = Arc::new(spawn_app_with(Spawn { assets_dir: Some(assets) }).await);
        Ok(Browser {
            client,
            app,
            axe_source: self.axe_source.clone(),
            driver_url: self.url.clone(),
            _profile: profile,
        })
    }

    /// Stop ChromeDriver.
    pub async fn stop(mut self) {
        let _already_gone = self.child.kill().await;
    }
}

/// A headless browser session with a fresh profile.
async fn open_session(driver_url: &str) -> anyhow::Result<(Client, tempfile::TempDir)> {
    let profile = tempfile::tempdir()?;
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned()),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }),
    );
    // ChromeDriver is plain HTTP on loopback: no TLS stack needed.
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(driver_url)
        .await
        .context("could not open a browser session")?;
    Ok((client, profile))
}

/// One browser session and the server it talks to.
pub struct Browser {
    pub client: Client,
    /// Shared with [`Browser::another_window`]s on the same server.
    pub app: Arc<TestApp>,
    axe_source: String,
    driver_url: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A second browser (its own profile and cookies) on the same server, e.g. for a second person.
    pub async fn another_window(&self) -> anyhow::Result<Browser> {
        let (client, profile) = open_session(&self.driver_url).await?;
        Ok(Browser {
            client,
            app: self.app.clone(),
            axe_source: self.axe_source.clone(),
            driver_url: self.driver_url.clone(),
            _profile: profile,
        })
    }

    /// Open a path of the app.
    pub async fn open(&self, path: &str) -> anyhow::Result<()> {
        self.client.goto(&self.app.url(path)).await.with_context(|| format!("could not open {path}"))
    }

    /// Wait until an element matching `css` exists, and return its text once it has some.
    pub async fn text_of(&self, css: &str) -> anyhow::Result<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                let text = element.text().await.unwrap_or_default();
                if !text.trim().is_empty() {
                    return Ok(text.trim().to_owned());
                }
            }
            if Instant::now() > deadline {
                bail!("no element with text matched `{css}` within {WAIT:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Wait until the element matching `css` has exactly `expected` as its text.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                last = element.text().await.unwrap_or_default().trim().to_owned();
                if last == expected {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                bail!("`{css}` did not read {expected:?} within {WAIT:?} (last: {last:?})");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Click the element matching `css`.
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        self.text_of(css).await?;
        self.client.find(Locator::Css(css)).await?.click().await.with_context(|| format!("could not click `{css}`"))
    }

    /// The value of an attribute of the element matching `css`.
    pub async fn attribute(&self, css: &str, name: &str) -> anyhow::Result<Option<String>> {
        Ok(self.client.find(Locator::Css(css)).await?.attr(name).await?)
    }

    /// The current path of the page.
    pub async fn path(&self) -> anyhow::Result<String> {
        Ok(self.client.current_url().await?.path().to_owned())
    }

    /// Run axe-core on the page as it is now (WCAG 2.0/2.1 A and AA rules plus best practices) and fail on
    /// any violation, naming the rule, its help text and the offending elements.
    pub async fn assert_accessible(&self, page: &str) -> anyhow::Result<()> {
        let loaded: bool =
            self.client.execute("return typeof window.axe !== 'undefined';", vec![]).await?.as_bool().unwrap_or(false);
        if !loaded {
            self.client.execute(&format!("{}\nreturn true;", self.axe_source), vec![]).await?;
        }
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
                .then(result => done(JSON.stringify(result.violations.map(v => ({
                    id: v.id, help: v.help, impact: v.impact,
                    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary) })))))
                .catch(error => done(JSON.stringify([{ id: 'axe-error', help: String(error), nodes: [] }])));
        "#;
        let value = self.client.execute_async(script, vec![]).await?;
        let violations: Vec<serde_json::Value> = serde_json::from_str(value.as_str().unwrap_or("[]"))?;
        if !violations.is_empty() {
            bail!(
                "axe-core found {} violation(s) on {page}:\n{}",
                violations.len(),
                serde_json::to_string_pretty(&violations)?
            );
        }
        Ok(())
    }

    /// Wait until the element matching `css` exists, then replace its value with `text` (as typed).
    pub async fn fill(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let element = self.element(css).await?;
        element.clear().await.with_context(|| format!("could not clear `{css}`"))?;
        element.send_keys(text).await.with_context(|| format!("could not type into `{css}`"))
    }

    /// Wait until an element matching `css` exists (visible or not) and return it.
    pub async fn element(&self, css: &str) -> anyhow::Result<fantoccini::elements::Element> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                return Ok(element);
            }
            if Instant::now() > deadline {
                bail!("no element matched `{css}` within {WAIT:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Wait until no element matches `css`.
    pub async fn wait_until_gone(&self, css: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            if self.client.find_all(Locator::Css(css)).await?.is_empty() {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("`{css}` was still there after {WAIT:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Wait until the element matching `css` has a text that contains `expected`.
    pub async fn wait_for_text_containing(&self, css: &str, expected: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                last = element.text().await.unwrap_or_default();
                if last.contains(expected) {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                bail!("`{css}` did not contain {expected:?} within {WAIT:?} (last: {last:?})");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Wait until the page's path is `expected`.
    pub async fn wait_for_path(&self, expected: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            let path = self.path().await?;
            if path == expected {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("the path did not become {expected:?} within {WAIT:?} (it is {path:?})");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Wait until the focused element matches `css` (keyboard and screen-reader users start there).
    pub async fn wait_for_focus(&self, css: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        let script = "return document.activeElement !== null && document.activeElement.matches(arguments[0]);";
        loop {
            let focused = self.client.execute(script, vec![json!(css)]).await?.as_bool().unwrap_or(false);
            if focused {
                return Ok(());
            }
            if Instant::now() > deadline {
                let active: serde_json::Value = self
                    .client
                    .execute("return document.activeElement && document.activeElement.outerHTML.slice(0, 200);", vec![])
                    .await?;
                bail!("focus did not move to `{css}` within {WAIT:?} (it is on {active})");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Resize the browser window (e.g. 375 wide for a phone).
    pub async fn resize(&self, width: u32, height: u32) -> anyhow::Result<()> {
        self.client.set_window_size(width, height).await.context("could not resize the window")
    }

    /// Whether the page is wider than the window (something sticks out sideways).
    pub async fn overflows_sideways(&self) -> anyhow::Result<bool> {
        let script = "return document.documentElement.scrollWidth > document.documentElement.clientWidth;";
        Ok(self.client.execute(script, vec![]).await?.as_bool().unwrap_or(false))
    }

    /// Save a PNG screenshot of the page (for looking at layouts by hand).
    pub async fn screenshot(&self, path: &std::path::Path) -> anyhow::Result<()> {
        let png = self.client.screenshot().await.context("could not take a screenshot")?;
        std::fs::write(path, png).with_context(|| format!("could not write {}", path.display()))
    }

    /// Save a screenshot named `name` when `LEGETING_SCREENSHOTS` names a directory (for looking at layouts by
    /// hand); nothing otherwise.
    pub async fn snapshot(&self, name: &str) -> anyhow::Result<()> {
        if let Some(dir) = std::env::var_os("LEGETING_SCREENSHOTS") {
            let dir = std::path::PathBuf::from(dir);
            std::fs::create_dir_all(&dir)?;
            self.screenshot(&dir.join(format!("{name}.png"))).await?;
        }
        Ok(())
    }

    /// End the browser session.
    pub async fn close(self) -> anyhow::Result<()> {
        self.client.close().await.context("could not close the browser")
    }
}
