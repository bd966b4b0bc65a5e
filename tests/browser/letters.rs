//! Letters in the browser: a secretary writes an information letter (meeting a field error first), saves the
//! draft and publishes it by e-mail after confirming; a GP gets the e-mail, signs in, finds the letter on the
//! front page and in the archive, and reads its paragraphs, with no writer's tools in sight; the GP's profile
//! has the two new mail preferences. A second scenario corrects a published letter (no new mail) and deletes a
//! draft. Every page and state visited is checked with axe-core, the reader's pages in both languages.

use anyhow::{Context, ensure};
use fantoccini::Locator;
use legeting_shared::api::NoQuery;
use legeting_shared::api::letters as letters_api;
use legeting_shared::letters::Letter;
use legeting_shared::letters::PublishLetter;
use legeting_shared::people::Role;
use serde_json::{Value, json};

use crate::Scenario;
use crate::driver::Browser;
use crate::meetings::ensure_fits;
use crate::people::{sign_in, sign_out};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        (
            "letters: a secretary writes a letter (an error first), publishes it by e-mail, and a GP gets it, finds it on the front page and in the archive and reads it",
            |b| Box::pin(write_publish_and_read(b)),
        ),
        ("letters: a secretary corrects a published letter without new mail and deletes a draft", |b| {
            Box::pin(correct_and_delete(b))
        }),
    ]
}

const TITLE: &str = "Informasjon fra kommuneoverlegen – mars";
const FIRST: &str = "Kjære alle fastleger";
const SECOND_LINE_ONE: &str = "Legevakten trenger flere leger i påsken.";
const SECOND_LINE_TWO: &str = "Ta med <b>legevaktnummeret</b> til pasientene.";
const THIRD: &str = "Hilsen kommuneoverlegen";

/// Bærum with a secretary (the chief medical officer) and two GPs, each with the test password. Returns the
/// municipality id.
async fn municipality_with_people(browser: &Browser) -> anyhow::Result<String> {
    let app = &browser.app;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships.first().context("the administrator has a municipality")?.municipality.id.clone();
    app.add_person(&admin, &municipality, "Sara Sekretær", "kol@baerum.test", &[Role::Secretary]).await;
    app.add_person(&admin, &municipality, "Kari Fastlege", "kari@lege.test", &[Role::Gp]).await;
    app.add_person(&admin, &municipality, "Per Fastlege", "per@lege.test", &[Role::Gp]).await;
    for email in ["kol@baerum.test", "kari@lege.test", "per@lege.test"] {
        app.signed_in(email).await;
    }
    Ok(municipality)
}

/// The `value` property of a form field (what the person sees in it).
async fn value_of(browser: &Browser, css: &str) -> anyhow::Result<String> {
    browser.element(css).await?;
    let value = browser.client.execute("return document.querySelector(arguments[0]).value;", vec![json!(css)]).await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// Whether the checkbox matching `css` is ticked.
async fn is_checked(browser: &Browser, css: &str) -> anyhow::Result<bool> {
    browser.element(css).await?;
    let checked =
        browser.client.execute("return document.querySelector(arguments[0]).checked;", vec![json!(css)]).await?;
    Ok(checked.as_bool().unwrap_or(false))
}

/// Fail if anything matches `css` right now.
async fn ensure_absent(browser: &Browser, css: &str, what: &str) -> anyhow::Result<()> {
    ensure!(browser.client.find_all(Locator::Css(css)).await?.is_empty(), "{what} is shown (`{css}`)");
    Ok(())
}

async fn write_publish_and_read(browser: Browser) -> anyhow::Result<()> {
    municipality_with_people(&browser).await?;

    // The secretary finds the empty archive from the main menu.
    sign_in(&browser, "kol@baerum.test", "Sara Sekretær").await?;
    browser.click("nav a[href='/informasjon']").await?;
    browser.wait_for_text("h1", "Informasjon fra kommunen").await?;
    browser.wait_for_text("[data-testid='letters-none']", "Ingen brev eller kunngjøringer er publisert ennå.").await?;
    browser.wait_for_text("[data-testid='letter-drafts-none']", "Ingen utkast.").await?;
    browser.assert_accessible("/informasjon, empty, as a writer (nb)").await?;

    // The form: the text is typed, the title forgotten; the error names the title and the text stays.
    browser.click("[data-testid='new-letter']").await?;
    browser.wait_for_path("/informasjon/ny").await?;
    browser.wait_for_text("h1", "Nytt brev").await?;
    browser
        .wait_for_text(
            "#letter-body-description",
            "Vanlig tekst uten formatering. En tom linje starter et nytt avsnitt.",
        )
        .await?;
    ensure!(is_checked(&browser, "#letter-kind-information").await?, "an information letter is not the default");
    ensure!(is_checked(&browser, "#letter-audience-gps").await?, "the GPs are not the default audience");
    browser.assert_accessible("/informasjon/ny (nb)").await?;
    let body = format!("{FIRST}\n\n{SECOND_LINE_ONE}\n{SECOND_LINE_TWO}\n\n{THIRD}");
    browser.fill("#letter-body", &body).await?;
    browser.click("[data-testid='save-letter']").await?;
    browser.wait_for_text("#letter-title-error", "Fyll ut feltet.").await?;
    browser.wait_for_focus("#letter-errors").await?;
    ensure!(
        browser.attribute("#letter-title", "aria-invalid").await?.as_deref() == Some("true"),
        "the title is not marked invalid"
    );
    ensure!(value_of(&browser, "#letter-body").await? == body, "the typed text was not kept");
    browser.assert_accessible("/informasjon/ny with an error (nb)").await?;
    browser.snapshot("letter-form-error").await?;

    // Saved as a draft: the letter's own page, with the publish step.
    browser.fill("#letter-title", TITLE).await?;
    browser.click("[data-testid='save-letter']").await?;
    browser.wait_for_text("[data-testid='letter-title']", TITLE).await?;
    let letter_path = browser.path().await?;
    ensure!(
        letter_path.starts_with("/informasjon/") && letter_path != "/informasjon/ny",
        "saving went to {letter_path}"
    );
    browser.wait_for_text_containing("main [role='status']", "Utkastet er lagret.").await?;
    browser.wait_for_text("[data-testid='letter-status']", "Utkast").await?;
    browser.wait_for_text("[data-testid='letter-audience']", "Alle fastlegene i kommunen").await?;
    browser.wait_for_text("label[for='letter-send-email']", "Send også på e-post til 2 mottakere").await?;
    ensure!(is_checked(&browser, "#letter-send-email").await?, "sending by e-mail is not ticked by default");
    browser.assert_accessible("the letter page, a draft (nb)").await?;
    browser.snapshot("letter-draft").await?;

    // Publishing asks first, with the number of recipients, and focus goes to the confirmation.
    browser.click("[data-testid='publish-letter']").await?;
    browser.wait_for_focus("#letter-publish-yes").await?;
    browser
        .wait_for_text(
            "[data-testid='letter-publish-question']",
            "Brevet legges i arkivet og sendes på e-post til 2 mottakere. Det kan ikke angres.",
        )
        .await?;
    ensure!(
        browser.attribute("[data-testid='publish-letter']", "aria-expanded").await?.as_deref() == Some("true"),
        "the publish button does not say the confirmation is open"
    );
    browser.assert_accessible("the letter page, confirming publication (nb)").await?;
    browser.click("[data-testid='confirm-publish-letter']").await?;
    browser.wait_for_text("[data-testid='letter-published-status']", "Publisert og sendt til 2 mottakere.").await?;
    browser.wait_until_gone("[data-testid='letter-publish']").await?;
    browser.wait_until_gone("[data-testid='letter-status']").await?;
    browser.wait_for_text("[data-testid='letter-emailed']", "2 mottakere").await?;
    browser.wait_for_focus("#letter-tools-heading").await?;
    let stale = browser.client.execute("return document.querySelector('main').innerText;", vec![]).await?;
    ensure!(!stale.as_str().unwrap_or_default().contains("Utkastet er lagret."), "the draft message stayed");
    browser.assert_accessible("the letter page, just published (nb)").await?;
    browser.snapshot("letter-published").await?;
    sign_out(&browser).await?;

    // Kari's e-mail: the letter's text and a link to it.
    browser.app.deliver_mail().await;
    let mail = browser
        .app
        .outbox
        .messages_to("kari@lege.test")
        .into_iter()
        .find(|mail| mail.subject.contains(TITLE))
        .context("no e-mail with the letter to Kari")?;
    ensure!(mail.text.contains(SECOND_LINE_ONE), "the e-mail lacks the text: {}", mail.text);
    ensure!(mail.text.contains(&letter_path), "the e-mail has no link to {letter_path}: {}", mail.text);
    ensure!(
        browser.app.outbox.messages_to("per@lege.test").iter().any(|mail| mail.subject.contains(TITLE)),
        "Per got no e-mail"
    );

    // Kari signs in and sees it on the front page.
    sign_in(&browser, "kari@lege.test", "Kari Fastlege").await?;
    browser.wait_for_path("/").await?;
    browser.wait_for_text("[data-testid='home-letters'] li a", TITLE).await?;
    browser.assert_accessible("/ with the latest letters (nb)").await?;
    browser.snapshot("home-letters").await?;

    // The archive: the letter under its year, no writer's tools, and the filter by kind.
    browser.click("[data-testid='home-letters'] a[href='/informasjon']").await?;
    browser.wait_for_path("/informasjon").await?;
    browser.wait_for_text("[data-testid='letter-archive'] [data-letter-id] h4 a", TITLE).await?;
    browser.wait_for_text_containing("[data-testid='letter-archive'] [data-letter-id]", SECOND_LINE_ONE).await?;
    browser.wait_for_text_containing("[data-testid='letter-archive'] [data-letter-id]", "Sara Sekretær").await?;
    browser.wait_for_text("[data-testid='letters-count']", "1 brev vises.").await?;
    ensure_absent(&browser, "[data-testid='new-letter']", "the write button").await?;
    ensure_absent(&browser, "[data-testid='letter-drafts']", "the drafts").await?;
    browser.assert_accessible("/informasjon as a GP (nb)").await?;
    browser.snapshot("archive-gp").await?;
    browser.click("label[for='letters-filter-announcement']").await?;
    browser.wait_for_text("[data-testid='letters-none-of-kind']", "Ingen publiserte brev av denne typen.").await?;
    browser.wait_for_text("[data-testid='letters-count']", "0 brev vises.").await?;
    browser.click("label[for='letters-filter-information']").await?;
    browser.wait_for_text("[data-testid='letter-archive'] [data-letter-id] h4 a", TITLE).await?;
    browser.assert_accessible("/informasjon filtered to information letters (nb)").await?;
    browser.snapshot("letters-archive").await?;
    browser.resize(375, 800).await?;
    ensure_fits(&browser, "/informasjon on a phone").await?;
    browser.resize(1280, 900).await?;

    // The letter itself: three paragraphs, the line break kept, the angle brackets shown as text.
    browser.click("[data-testid='letter-archive'] [data-letter-id] h4 a").await?;
    browser.wait_for_path(&letter_path).await?;
    browser.wait_for_text("[data-testid='letter-title']", TITLE).await?;
    browser.wait_for_text("[data-testid='letter-author']", "Sara Sekretær").await?;
    browser.wait_for_text("[data-testid='letter-kind']", "Informasjon fra kommuneoverlegen").await?;
    let paragraphs = browser.client.find_all(Locator::Css("[data-testid='letter-body'] p")).await?;
    let mut texts = Vec::new();
    for paragraph in &paragraphs {
        texts.push(paragraph.text().await?);
    }
    ensure!(
        texts == [FIRST.to_owned(), format!("{SECOND_LINE_ONE}\n{SECOND_LINE_TWO}"), THIRD.to_owned()],
        "the paragraphs read {texts:?}"
    );
    ensure!(
        browser.client.find_all(Locator::Css("[data-testid='letter-body'] p br")).await?.len() == 1,
        "the line break inside the second paragraph is not a <br>"
    );
    ensure_absent(&browser, "[data-testid='letter-body'] b", "markup from the text").await?;
    ensure_absent(&browser, "[data-testid='letter-tools']", "the writer's tools").await?;
    ensure_absent(&browser, "[data-testid='letter-audience']", "the audience").await?;
    browser.assert_accessible("the letter page as a GP (nb)").await?;
    browser.snapshot("letter-gp").await?;
    browser.resize(375, 800).await?;
    ensure_fits(&browser, "the letter page on a phone").await?;
    browser.resize(1280, 900).await?;

    // The same in English.
    browser.click("button.app-lang").await?;
    browser
        .wait_for_text("[data-testid='letter-kind']", "Information from the chief municipal medical officer")
        .await?;
    browser.assert_accessible("the letter page as a GP (en)").await?;
    browser.click("main a[href='/informasjon']").await?;
    browser.wait_for_text("h1", "Information from the municipality").await?;
    browser.wait_for_text("[data-testid='letters-count']", "1 letter shown.").await?;
    browser.assert_accessible("/informasjon as a GP (en)").await?;
    browser.click("button.app-lang").await?;
    browser.wait_for_text("h1", "Informasjon fra kommunen").await?;

    // The profile: the two new mail preferences, on by default; Kari turns the digest off.
    browser.open("/profil").await?;
    browser.wait_for_text("label[for='mail-information']", "Informasjon og kunngjøringer fra kommunen").await?;
    browser.wait_for_text("label[for='mail-digest']", "Månedlig oversikt").await?;
    ensure!(is_checked(&browser, "#mail-information").await?, "letters by e-mail are not on");
    ensure!(is_checked(&browser, "#mail-digest").await?, "the digest is not on");
    browser.assert_accessible("/profil with the mail preferences (nb)").await?;
    browser.click("label[for='mail-digest']").await?;
    browser.click("[data-testid='save-mail-preferences']").await?;
    browser.wait_for_text_containing("#mail-preferences-heading ~ [role='status']", "Varslene er lagret.").await?;
    let kari = browser.app.signed_in("kari@lege.test").await;
    let prefs: Value = kari.get("/api/auth/me/mail-preferences").await.json().await?;
    ensure!(prefs["digest"] == json!(false) && prefs["information"] == json!(true), "preferences: {prefs}");
    browser.close().await
}

async fn correct_and_delete(browser: Browser) -> anyhow::Result<()> {
    let municipality = municipality_with_people(&browser).await?;
    let app = &browser.app;
    let secretary = app.signed_in("kol@baerum.test").await;
    let letters = format!("/api/municipalities/{municipality}/letters");
    let input = |title: &str| json!({"kind": "announcement", "audience": "everyone", "title": title, "body": "Kontoret er stengt fredag."});
    let published: Letter = secretary.post(&letters, &input("Stengt fredag")).await.json().await?;
    let response = secretary
        .call::<letters_api::PublishLetter>(
            &published.id.as_str().into(),
            &NoQuery {},
            &PublishLetter { send_email: false },
        )
        .await;
    ensure!(response.status() == 200, "publishing without e-mail answered {}", response.status());
    let draft: Letter = secretary.post(&letters, &input("Et utkast som skal bort")).await.json().await?;

    sign_in(&browser, "kol@baerum.test", "Sara Sekretær").await?;
    browser.open("/informasjon").await?;
    browser.wait_for_text("[data-testid='letter-drafts'] [data-letter-id] h3 a", "Et utkast som skal bort").await?;
    browser.wait_for_text("[data-testid='letter-archive'] [data-letter-id] h4 a", "Stengt fredag").await?;
    browser.assert_accessible("/informasjon with a draft and a published letter (nb)").await?;

    // A correction of the published letter: said to go out without e-mail, and none does.
    browser.open(&format!("/informasjon/{}", published.id)).await?;
    browser.wait_for_text("[data-testid='letter-title']", "Stengt fredag").await?;
    ensure_absent(&browser, "[data-testid='letter-emailed']", "an e-mail count for a letter not e-mailed").await?;
    browser.click("[data-testid='edit-letter']").await?;
    browser.wait_for_path(&format!("/informasjon/{}/endre", published.id)).await?;
    browser.wait_for_text("h1", "Endre brevet").await?;
    browser.wait_for_text_containing("[data-testid='letter-published-help']", "sendes ikke på e-post på nytt").await?;
    ensure!(is_checked(&browser, "#letter-kind-announcement").await?, "the kind is not kept");
    ensure!(is_checked(&browser, "#letter-audience-everyone").await?, "the audience is not kept");
    browser.assert_accessible("/informasjon/:id/endre, a published letter (nb)").await?;
    browser.fill("#letter-title", "Stengt fredag 14. mars").await?;
    browser.click("[data-testid='save-letter']").await?;
    browser.wait_for_path(&format!("/informasjon/{}", published.id)).await?;
    browser.wait_for_text("[data-testid='letter-title']", "Stengt fredag 14. mars").await?;
    browser.wait_for_text_containing("main [role='status']", "Endringene er lagret.").await?;
    app.deliver_mail().await;
    ensure!(
        app.outbox.messages().iter().all(|mail| !mail.subject.contains("Stengt fredag")),
        "a correction or an unmailed letter was e-mailed"
    );

    // Deleting the draft asks first; afterwards the archive says so and the draft is gone.
    browser.open(&format!("/informasjon/{}", draft.id)).await?;
    browser.wait_for_text("[data-testid='letter-title']", "Et utkast som skal bort").await?;
    browser.click("[data-testid='delete-letter']").await?;
    browser.wait_for_focus("#letter-delete-yes").await?;
    browser.assert_accessible("the letter page, confirming deletion (nb)").await?;
    browser.click("[data-testid='confirm-delete-letter']").await?;
    browser.wait_for_path("/informasjon").await?;
    browser.wait_for_text_containing("main [role='status']", "Utkastet er slettet.").await?;
    browser.wait_for_text("[data-testid='letter-drafts-none']", "Ingen utkast.").await?;
    browser.wait_for_text("[data-testid='letter-archive'] [data-letter-id] h4 a", "Stengt fredag 14. mars").await?;
    let gone = secretary.get(&format!("/api/letters/{}", draft.id)).await;
    ensure!(gone.status() == 404, "the deleted draft answered {}", gone.status());
    browser.close().await
}
