//! The whole first day of an installation, in the browser: the administrator sets up the municipality,
//! imports a real-looking GP roster from an XLSX file (preview first), invites a GP, and the GP signs in
//! from the e-mail link.

use legeting::auth::tokens::{self, Purpose};
use legeting_tests::TEST_PASSWORD;

use crate::Scenario;
use crate::driver::Browser;
use crate::people::{link_path_in_last_mail, sign_out};

pub fn scenarios() -> Vec<Scenario> {
    vec![(
        "an administrator sets up the municipality, imports the roster from XLSX, invites a GP who signs in from the e-mail",
        |b| Box::pin(first_day(b)),
    )]
}

/// A roster as a municipality exports it: Norwegian headers, one row with an error.
fn roster_file(dir: &std::path::Path) -> anyhow::Result<std::path::PathBuf> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let rows: [[&str; 6]; 4] = [
        ["Navn", "E-post", "HPR-nummer", "Legekontor", "Spesialist", "Listelengde"],
        ["Kari Nordmann", "kari@sandvika.test", "1234567", "Sandvika legesenter", "ja", "1100"],
        ["Ola Hansen", "ola@sandvika.test", "2345678", "Sandvika legesenter", "nei", "950"],
        ["Berit Berg", "ikke-en-epost", "3456789", "Bekkestua legekontor", "ja", "1250"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (u32::try_from(r)?, u16::try_from(c)?);
            match value.parse::<f64>() {
                Ok(number) if r > 0 && c >= 2 && c != 3 => sheet.write_number(r, c, number)?,
                _ => sheet.write_string(r, c, *value)?,
            };
        }
    }
    let path = dir.join("fastleger.xlsx");
    workbook.save(&path)?;
    Ok(path)
}

async fn first_day(browser: Browser) -> anyhow::Result<()> {
    let token = tokens::issue(browser.app.state.database.pool(), None, Purpose::Setup).await?;
    browser.open(&format!("/oppsett?token={token}")).await?;
    browser.wait_for_text("h1", "Sett opp Legeting").await?;
    browser.fill("#setup-municipality-name", "Bærum").await?;
    browser.fill("#setup-number", "3201").await?;
    browser.fill("#setup-name", "Astrid Admin").await?;
    browser.fill("#setup-email", "astrid@baerum.test").await?;
    browser.fill("#setup-password", TEST_PASSWORD).await?;
    browser.click("form:has(#setup-name) button[type='submit']").await?;
    browser.wait_for_path("/personer").await?;

    browser.click("nav a[href='/personer/import']").await?;
    browser.wait_for_text("h1", "Importer fastlegeliste").await?;
    browser.assert_accessible("/personer/import (nb)").await?;
    // Previewing without a file says so beside the field.
    browser.click("[data-testid='roster-preview']").await?;
    browser.wait_for_text("#roster-file-error", "Velg en fil først.").await?;

    let dir = tempfile::tempdir()?;
    let file = roster_file(dir.path())?;
    browser.element("[data-testid='roster-file']").await?.send_keys(&file.display().to_string()).await?;
    browser.click("[data-testid='roster-preview']").await?;
    browser.wait_for_text("#roster-result-heading", "Forhåndsvisning").await?;
    browser.wait_for_text("[data-testid='roster-created']", "2").await?;
    browser.wait_for_text("[data-testid='roster-rejected']", "1").await?;
    browser.wait_for_text_containing("tr[data-action='reject']", "Skriv en gyldig e-postadresse").await?;
    browser.assert_accessible("/personer/import with a preview (nb)").await?;
    anyhow::ensure!(browser.app.outbox.messages().is_empty(), "a preview sends nothing");

    // The import is refused while rows have errors, unless the administrator skips them.
    browser.click("[data-testid='roster-import']").await?;
    browser.wait_for_text_containing("#roster-errors", "Noen rader har feil").await?;
    browser.click("[data-testid='roster-preview']").await?;
    browser.wait_for_text("[data-testid='roster-rejected']", "1").await?;
    browser.click("label[for='roster-skip']").await?;
    browser.click("[data-testid='roster-import']").await?;
    browser.wait_for_text("#roster-result-heading", "Importert").await?;
    browser.wait_for_text_containing("main [role='status']", "Fastlegelisten er importert.").await?;

    browser.click("main a[href='/personer']").await?;
    browser.wait_for_text("h1", "Personer").await?;
    browser.wait_for_text_containing("tr[data-email='kari@sandvika.test']", "Sandvika legesenter").await?;
    browser.click("tr[data-email='kari@sandvika.test'] a").await?;
    browser.wait_for_text("h1", "Endre person").await?;
    browser.click("[data-testid='send-invitation']").await?;
    browser
        .wait_for_text_containing("section[aria-labelledby='invitation-heading'] [role='status']", "kari@sandvika.test")
        .await?;
    let link = link_path_in_last_mail(&browser, "kari@sandvika.test").await?;

    sign_out(&browser).await?;
    browser.open(&link).await?;
    browser.wait_for_text("h1", "Logg inn med lenke").await?;
    browser.click("[data-testid='redeem']").await?;
    browser.wait_for_text("#choose-password-heading", "Velg passord").await?;
    browser.fill("#choose-password", "karis-eget-passord").await?;
    browser.click("form:has(#choose-password) button[type='submit']").await?;
    browser.wait_for_path("/").await?;
    browser.wait_for_text("[data-testid='user-name']", "Kari Nordmann").await?;
    browser.assert_accessible("/ as the imported GP (nb)").await?;
    browser.close().await
}
