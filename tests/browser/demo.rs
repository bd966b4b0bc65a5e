//! The demo as a leader sees it: three years of meetings in Bærum, the participation dashboard with its
//! trend, who has not met the annual obligation, and the XLSX download.

use anyhow::Context;

use crate::Scenario;
use crate::driver::Browser;
use crate::participation::fetch_in_browser;

pub fn scenarios() -> Vec<Scenario> {
    vec![(
        "with the demo data a leader sees rates, the trend over years, who has not met the obligation, and downloads XLSX",
        |b| Box::pin(demo_dashboard(b)),
    )]
}

async fn demo_dashboard(browser: Browser) -> anyhow::Result<()> {
    let summary = legeting::demo::seed(&browser.app.state.database).await?;
    let baerum = summary.municipalities.iter().find(|m| m.name == "Bærum").context("Bærum")?;
    let leader = baerum.staff.iter().find(|s| s.title == "kommunalsjef").context("the kommunalsjef")?;

    browser.open("/innlogging").await?;
    browser.fill("#login-email", &leader.email).await?;
    browser.fill("#login-password", summary.password).await?;
    browser.click("form:has(#login-email) button[type='submit']").await?;
    browser.wait_for_text("[data-testid='user-name']", &leader.name).await?;

    browser.click("nav a[href='/deltakelse']").await?;
    browser.wait_for_text("h1", "Deltakelse").await?;
    let rate = browser.text_of("[data-testid='total-rate']").await?;
    anyhow::ensure!(rate.ends_with('%') && rate != "0 %", "no participation rate shown: {rate:?}");
    browser.click("[data-testid='chart-trend-details'] summary").await?;
    for year in ["2024", "2025", "2026"] {
        browser.wait_for_text_containing("[data-testid='chart-trend'] table", year).await?;
    }
    browser.element("[data-testid='attended-nothing']").await?;
    browser.assert_accessible("/deltakelse with the demo (nb)").await?;
    let xlsx = browser.attribute("[data-testid='download-xlsx']", "href").await?.context("no XLSX link")?;
    let (status, content_type, length) = fetch_in_browser(&browser, &xlsx).await?;
    anyhow::ensure!(
        status == 200 && content_type.contains("spreadsheetml") && length > 1000,
        "XLSX: {status} {content_type} {length}"
    );

    browser.click("nav a[href='/moteplikt']").await?;
    browser.wait_for_text_containing("[data-testid='obligation-table']", "Ikke oppfylt").await?;
    browser.wait_for_text_containing("[data-testid='obligation-table']", "Oppfylt").await?;
    browser.assert_accessible("/moteplikt with the demo (nb)").await?;
    browser.close().await
}
