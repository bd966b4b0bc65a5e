//! The page shell, the status page and the accessibility statement, in both languages.

use crate::Scenario;
use crate::driver::Browser;

pub fn scenarios() -> Vec<Scenario> {
    vec![
        ("the front page speaks Norwegian and passes axe", |b| Box::pin(front_page_in_norwegian(b))),
        ("the language switch turns the app English and back, and is remembered", |b| Box::pin(language_switch(b))),
        ("the status page shows live health from the server in both languages", |b| Box::pin(status_page(b))),
        ("the footer leads to the accessibility statement", |b| Box::pin(accessibility_statement(b))),
        ("an unknown address shows a helpful not-found page", |b| Box::pin(not_found(b))),
        ("the axe check catches a violation when there is one", |b| Box::pin(axe_catches_violations(b))),
    ]
}

async fn front_page_in_norwegian(browser: Browser) -> anyhow::Result<()> {
    browser.open("/").await?;
    browser.wait_for_text("h1", "Velkommen til Legeting").await?;
    anyhow::ensure!(browser.attribute("html", "lang").await?.as_deref() == Some("nb"), "<html lang> is not nb");
    browser.wait_for_text("nav[aria-label='Hovedmeny'] a[aria-current='page']", "Forside").await?;
    let title = browser.client.title().await?;
    anyhow::ensure!(title == "Forside – Legeting", "unexpected title {title:?}");
    browser.assert_accessible("/ (nb)").await?;
    browser.close().await
}

async fn language_switch(browser: Browser) -> anyhow::Result<()> {
    browser.open("/").await?;
    browser.wait_for_text("h1", "Velkommen til Legeting").await?;
    browser.click("button.app-lang").await?;
    browser.wait_for_text("h1", "Welcome to Legeting").await?;
    anyhow::ensure!(browser.attribute("html", "lang").await?.as_deref() == Some("en"), "<html lang> is not en");
    browser.wait_for_text("button.app-lang", "Norsk (bokmål)").await?;
    browser.assert_accessible("/ (en)").await?;

    browser.client.refresh().await?;
    browser.wait_for_text("h1", "Welcome to Legeting").await?;

    browser.click("button.app-lang").await?;
    browser.wait_for_text("h1", "Velkommen til Legeting").await?;
    browser.close().await
}

async fn status_page(browser: Browser) -> anyhow::Result<()> {
    browser.open("/").await?;
    browser.click("nav a[href='/status']").await?;
    browser.wait_for_text("h1", "Driftsstatus").await?;
    let expected_database = match legeting_tests::database_kind() {
        legeting_shared::DatabaseKind::Sqlite => "SQLite",
        legeting_shared::DatabaseKind::Postgres => "PostgreSQL",
    };
    browser.wait_for_text("[data-testid='status-database']", expected_database).await?;
    browser.wait_for_text("[data-testid='status-server']", "I drift").await?;
    // Compare with what the API says, read independently of the page.
    let health: legeting_shared::Health = browser.app.get("/api/health").await.json().await?;
    browser.wait_for_text("[data-testid='status-migrations']", &health.migrations.to_string()).await?;
    browser.wait_for_text("[data-testid='status-version']", &health.version).await?;
    browser.assert_accessible("/status (nb)").await?;

    browser.click("button.app-lang").await?;
    browser.wait_for_text("h1", "System status").await?;
    browser.wait_for_text("[data-testid='status-server']", "Running").await?;
    browser.assert_accessible("/status (en)").await?;
    browser.close().await
}

async fn accessibility_statement(browser: Browser) -> anyhow::Result<()> {
    browser.open("/").await?;
    browser.click("footer a[href='/tilgjengelighet']").await?;
    browser.wait_for_text("h1", "Tilgjengelighetserklæring").await?;
    anyhow::ensure!(browser.path().await? == "/tilgjengelighet", "the link did not lead to /tilgjengelighet");
    browser.assert_accessible("/tilgjengelighet (nb)").await?;
    browser.click("button.app-lang").await?;
    browser.wait_for_text("h1", "Accessibility statement").await?;
    browser.assert_accessible("/tilgjengelighet (en)").await?;
    browser.close().await
}

async fn not_found(browser: Browser) -> anyhow::Result<()> {
    browser.open("/finnes/ikke").await?;
    browser.wait_for_text("h1", "Fant ikke siden").await?;
    browser.assert_accessible("not found (nb)").await?;
    browser.click("main a[href='/']").await?;
    browser.wait_for_text("h1", "Velkommen til Legeting").await?;
    browser.close().await
}

/// Guards the guard: an image without a text alternative must fail the accessibility check.
async fn axe_catches_violations(browser: Browser) -> anyhow::Result<()> {
    browser.open("/").await?;
    browser.wait_for_text("h1", "Velkommen til Legeting").await?;
    browser
        .client
        .execute("document.querySelector('main').appendChild(document.createElement('img')); return true;", vec![])
        .await?;
    let verdict = browser.assert_accessible("/ with an unlabelled image").await;
    let message = format!("{:#}", verdict.err().ok_or_else(|| anyhow::anyhow!("axe passed a page that breaks WCAG"))?);
    anyhow::ensure!(message.contains("image-alt"), "axe failed for another reason: {message}");
    browser.close().await
}
