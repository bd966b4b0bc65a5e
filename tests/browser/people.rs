//! People and access in the browser: first-run setup, signing in with a password or an e-mail link, signing
//! out, the person editor with server errors beside their field, invitations, offices, the audit log, the
//! profile, and what people without the right roles see. Every page visited is checked with axe-core.

use anyhow::Context;
use legeting::auth::tokens::{self, Purpose};
use legeting_shared::people::Role;
use legeting_tests::TEST_PASSWORD;

use crate::Scenario;
use crate::driver::Browser;

pub fn scenarios() -> Vec<Scenario> {
    vec![
        ("first-run setup creates the administrator and opens the people list", |b| Box::pin(setup(b))),
        ("a wrong password is refused in both languages, the right one signs in, and Logg ut signs out", |b| {
            Box::pin(password_sign_in(b))
        }),
        ("an administrator adds a GP, meets a duplicate e-mail, invites, and the GP accepts", |b| {
            Box::pin(add_and_invite_gp(b))
        }),
        ("a sign-in link by e-mail signs in without saying whether an address is known", |b| Box::pin(magic_link(b))),
        ("a forgotten password is replaced through a reset link", |b| Box::pin(password_reset(b))),
        ("offices are added and renamed, and the audit log shows it (in English)", |b| {
            Box::pin(offices_and_audit_log(b))
        }),
        ("the profile saves name and language, and switches the app's language", |b| Box::pin(profile(b))),
        ("a GP sees people but no admin tools; signed-out visitors are asked to sign in", |b| {
            Box::pin(gp_and_signed_out_views(b))
        }),
        ("the people pages fit a phone screen", |b| Box::pin(phone_width(b))),
        ("someone in several municipalities chooses one in the header", |b| Box::pin(municipality_choice(b))),
        ("another municipality's administrator sees a shared person's identity locked and changes only roles", |b| {
            Box::pin(shared_person_locked(b))
        }),
    ]
}

/// Sign in through the `/innlogging` form and wait for the header to show the person.
pub(crate) async fn sign_in(browser: &Browser, email: &str, name: &str) -> anyhow::Result<()> {
    browser.open("/innlogging").await?;
    browser.fill("#login-email", email).await?;
    browser.fill("#login-password", TEST_PASSWORD).await?;
    browser.assert_accessible("/innlogging filled in").await?;
    browser.click("form:has(#login-email) button[type='submit']").await?;
    browser.wait_for_text("[data-testid='user-name']", name).await?;
    browser.assert_accessible(&format!("{} signed in as {name}", browser.path().await?)).await
}

/// Sign out with the button in the header.
pub(crate) async fn sign_out(browser: &Browser) -> anyhow::Result<()> {
    browser.click("[data-testid='sign-out']").await?;
    browser.wait_for_path("/innlogging").await?;
    browser.wait_for_text("[data-testid='sign-in']", "Logg inn").await?;
    browser.assert_accessible("/innlogging after signing out").await
}

/// The path of the link in the last e-mail to `email`: `/innlogging/lenke?token=…`. Sign-in links go out just
/// after the request is answered, so this waits for the first mail to the address.
pub(crate) async fn link_path_in_last_mail(browser: &Browser, email: &str) -> anyhow::Result<String> {
    let mails = browser.app.outbox.wait_for_messages_to(email, 1, std::time::Duration::from_secs(10)).await;
    let mail = mails.last().with_context(|| format!("no e-mail to {email}"))?;
    let start = mail.text.find("/innlogging/lenke?token=").context("no sign-in link in the e-mail")?;
    let path: String = mail.text[start..].chars().take_while(|c| !c.is_whitespace()).collect();
    Ok(path)
}

async fn setup(browser: Browser) -> anyhow::Result<()> {
    let token = tokens::issue(browser.app.state.database.pool(), None, Purpose::Setup).await?;
    browser.open(&format!("/oppsett?token={token}")).await?;
    browser.wait_for_text("h1", "Sett opp Legeting").await?;
    browser.element("#setup-municipality-name").await?;
    browser.assert_accessible("/oppsett (nb)").await?;

    // An empty form is stopped in the browser, with every missing field named in the summary, which gets focus.
    browser.click("form:has(#setup-name) button[type='submit']").await?;
    browser.wait_for_focus("#setup-errors").await?;
    browser.wait_for_text("#setup-name-error", "Fyll ut feltet.").await?;
    anyhow::ensure!(
        browser.attribute("#setup-name", "aria-describedby").await?.as_deref() == Some("setup-name-error"),
        "the error is not linked to its field"
    );

    // A short password is refused by the server; the message appears beside the password field.
    browser.fill("#setup-municipality-name", "Bærum").await?;
    browser.fill("#setup-number", "3201").await?;
    browser.fill("#setup-name", "Kari Admin").await?;
    browser.fill("#setup-email", "kari@baerum.test").await?;
    browser.fill("#setup-password", "kort").await?;
    browser.click("form:has(#setup-name) button[type='submit']").await?;
    browser.wait_for_text("#setup-password-error", "Passordet må ha minst 10 tegn.").await?;
    browser.wait_until_gone("#setup-name-error").await?;
    browser.wait_for_focus("#setup-errors").await?;
    anyhow::ensure!(
        browser.attribute("#setup-password", "aria-invalid").await?.as_deref() == Some("true"),
        "the password field is not marked invalid"
    );
    browser.assert_accessible("/oppsett with an error (nb)").await?;
    browser.snapshot("setup-error").await?;

    browser.fill("#setup-password", TEST_PASSWORD).await?;
    browser.click("form:has(#setup-name) button[type='submit']").await?;
    browser.wait_for_path("/personer").await?;
    browser.wait_for_text("h1", "Personer").await?;
    browser.wait_for_text("[data-testid='user-name']", "Kari Admin").await?;
    browser.wait_for_text("tr[data-email='kari@baerum.test'] td:nth-of-type(3)", "Administrator").await?;
    browser.wait_for_text("nav a[href='/personer/import']", "Importer fastlegeliste").await?;
    browser.wait_for_text("nav a[href='/logg']", "Endringslogg").await?;
    browser.wait_for_text("[data-testid='add-person']", "Legg til person").await?;
    browser.assert_accessible("/personer (nb)").await?;
    browser.snapshot("people").await?;

    // The setup link is used up: opening it again says so.
    browser.open(&format!("/oppsett?token={token}")).await?;
    browser.wait_for_text_containing("[data-testid='setup-done']", "allerede satt opp").await?;
    browser.assert_accessible("/oppsett when already set up (nb)").await?;
    browser.close().await
}

async fn password_sign_in(browser: Browser) -> anyhow::Result<()> {
    browser.app.setup_installation().await;
    browser.open("/innlogging").await?;
    browser.wait_for_text("h1", "Logg inn").await?;
    browser.wait_for_text("[data-testid='sign-in']", "Logg inn").await?;
    browser.assert_accessible("/innlogging (nb)").await?;
    browser.snapshot("sign-in").await?;

    browser.fill("#login-email", "admin@baerum.test").await?;
    browser.fill("#login-password", "feil-passord-123").await?;
    browser.click("form:has(#login-email) button[type='submit']").await?;
    browser.wait_for_text("#login-errors li", "Feil e-postadresse eller passord.").await?;
    browser.wait_for_focus("#login-errors").await?;
    browser.assert_accessible("/innlogging with an error (nb)").await?;

    browser.click("button.app-lang[lang='en']").await?;
    browser.wait_for_text("h1", "Sign in").await?;
    browser.click("form:has(#login-email) button[type='submit']").await?;
    browser.wait_for_text("#login-errors li", "Wrong e-mail address or password.").await?;
    browser.assert_accessible("/innlogging with an error (en)").await?;

    browser.fill("#login-password", TEST_PASSWORD).await?;
    browser.click("form:has(#login-email) button[type='submit']").await?;
    browser.wait_for_path("/").await?;
    browser.wait_for_text("[data-testid='user-name']", "Astrid Admin").await?;
    // Astrid has not chosen a language in her profile, so the one chosen in this browser stays.
    browser.wait_for_text("h1", "Welcome to Legeting").await?;
    browser.wait_for_focus("main h1").await?;
    browser.assert_accessible("/ signed in (en)").await?;
    browser.click("button.app-lang[lang='nb']").await?;
    browser.wait_for_text("h1", "Velkommen til Legeting").await?;
    browser.assert_accessible("/ signed in (nb)").await?;

    sign_out(&browser).await?;
    browser.wait_for_text_containing("main [role='status']", "Du er logget ut.").await?;
    browser.open("/profil").await?;
    browser.wait_for_text_containing("[data-testid='sign-in-required']", "Du må logge inn").await?;
    browser.assert_accessible("/profil signed out (nb)").await?;
    browser.close().await
}

async fn add_and_invite_gp(browser: Browser) -> anyhow::Result<()> {
    browser.app.setup_installation().await;
    sign_in(&browser, "admin@baerum.test", "Astrid Admin").await?;

    browser.click("nav a[href='/personer']").await?;
    browser.wait_for_text("h1", "Personer").await?;
    browser.element("[data-testid='people-table']").await?;
    browser.assert_accessible("/personer (nb)").await?;
    browser.click("[data-testid='add-person']").await?;
    browser.wait_for_path("/personer/ny").await?;
    browser.wait_for_text("h1", "Legg til person").await?;
    browser.wait_for_focus("main h1").await?;
    browser.element("#person-name").await?;
    browser.assert_accessible("/personer/ny (nb)").await?;
    browser.snapshot("person-new").await?;

    browser.fill("#person-name", "Siri Fastlege").await?;
    browser.fill("#person-email", "siri@lege.test").await?;
    browser.fill("#person-hpr-number", "1234567").await?;
    browser.fill("#person-list-size", "1100").await?;
    browser.client.find(fantoccini::Locator::Css("#person-role-gp")).await?.click().await?;
    browser.click("[data-testid='save-person']").await?;
    browser.wait_for_text_containing("main [role='status']", "Personen er lagt til.").await?;
    let path = browser.path().await?;
    anyhow::ensure!(path.starts_with("/personer/") && path != "/personer/ny", "no person page after adding: {path}");
    browser.wait_for_text("h1", "Endre person").await?;
    browser.wait_for_text("[data-testid='person-name']", "Siri Fastlege").await?;
    browser.assert_accessible("/personer/:id after adding (nb)").await?;

    // The same address again: the server's duplicate error shows beside the e-mail field.
    browser.open("/personer/ny").await?;
    browser.fill("#person-name", "Siri Andre").await?;
    browser.fill("#person-email", "siri@lege.test").await?;
    browser.client.find(fantoccini::Locator::Css("#person-role-gp")).await?.click().await?;
    browser.click("[data-testid='save-person']").await?;
    browser.wait_for_text("#person-email-error", "Det finnes allerede en person med denne e-postadressen.").await?;
    browser.wait_for_focus("#person-errors").await?;
    anyhow::ensure!(
        browser.attribute("#person-email", "aria-describedby").await?.as_deref() == Some("person-email-error"),
        "the duplicate error is not linked to the e-mail field"
    );
    anyhow::ensure!(
        browser.attribute("#person-email", "aria-invalid").await?.as_deref() == Some("true"),
        "the e-mail field is not marked invalid"
    );
    browser.assert_accessible("/personer/ny with a duplicate e-mail (nb)").await?;
    browser.snapshot("person-duplicate").await?;
    // The summary's link leads to the field.
    browser.click("#person-errors a").await?;
    browser.wait_for_focus("#person-email").await?;

    browser.click("nav a[href='/personer']").await?;
    browser.click("tr[data-email='siri@lege.test'] a").await?;
    browser.wait_for_text("h1", "Endre person").await?;
    browser.element("[data-testid='send-invitation']").await?;
    browser.assert_accessible("/personer/:id (nb)").await?;
    browser.click("[data-testid='send-invitation']").await?;
    browser
        .wait_for_text_containing(
            "section[aria-labelledby='invitation-heading'] [role='status']",
            "Invitasjonen er sendt til siri@lege.test",
        )
        .await?;
    browser.snapshot("person-edit").await?;
    let link = link_path_in_last_mail(&browser, "siri@lege.test").await?;

    sign_out(&browser).await?;
    browser.open(&link).await?;
    browser.wait_for_text("h1", "Logg inn med lenke").await?;
    browser.assert_accessible("/innlogging/lenke (nb)").await?;
    browser.click("[data-testid='redeem']").await?;
    browser.wait_for_text("#choose-password-heading", "Velg passord").await?;
    browser.wait_for_text("[data-testid='skip-password']", "Hopp over – jeg bruker lenker på e-post").await?;
    browser.assert_accessible("choosing a password after an invitation (nb)").await?;
    browser.snapshot("choose-password").await?;
    browser.fill("#choose-password", "kort").await?;
    browser.click("form:has(#choose-password) button[type='submit']").await?;
    browser.wait_for_text("#choose-password-error", "Passordet må ha minst 10 tegn.").await?;
    browser.fill("#choose-password", "siri-sitt-gode-passord").await?;
    browser.click("form:has(#choose-password) button[type='submit']").await?;
    browser.wait_for_path("/").await?;
    browser.wait_for_text("[data-testid='user-name']", "Siri Fastlege").await?;
    browser.wait_for_text("nav a[href='/personer']", "Personer").await?;
    browser.wait_until_gone("nav a[href='/logg']").await?;
    browser.assert_accessible("/ as the new GP (nb)").await?;

    // The invitation link is used up.
    sign_out(&browser).await?;
    browser.open(&link).await?;
    browser.click("[data-testid='redeem']").await?;
    browser.wait_for_text_containing("#redeem-errors", "Lenken er ukjent, allerede brukt eller utløpt.").await?;
    browser.wait_for_focus("#redeem-errors").await?;
    browser.assert_accessible("/innlogging/lenke with a used link (nb)").await?;
    browser.close().await
}

async fn magic_link(browser: Browser) -> anyhow::Result<()> {
    let (admin, me) = browser.app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    browser.app.add_person(&admin, &municipality, "Per Fastlege", "per@lege.test", &[Role::Gp]).await;

    browser.open("/innlogging").await?;
    browser.fill("#link-email", "nobody@lege.test").await?;
    browser.click("form:has(#link-email) button[type='submit']").await?;
    browser.wait_for_text_containing("form:has(#link-email) [role='status']", "Sjekk e-posten din.").await?;
    anyhow::ensure!(browser.app.outbox.messages_to("nobody@lege.test").is_empty(), "mail to an unknown address");

    browser.fill("#link-email", "per@lege.test").await?;
    browser.click("form:has(#link-email) button[type='submit']").await?;
    browser.wait_for_text_containing("form:has(#link-email) [role='status']", "Sjekk e-posten din.").await?;
    browser.assert_accessible("/innlogging after asking for a link (nb)").await?;
    let link = link_path_in_last_mail(&browser, "per@lege.test").await?;

    browser.open(&link).await?;
    browser.wait_for_text("h1", "Logg inn med lenke").await?;
    // Opening the link must not use it: scanners in mail systems open links too.
    browser.wait_for_text("[data-testid='sign-in']", "Logg inn").await?;
    browser.assert_accessible("/innlogging/lenke (nb)").await?;
    browser.click("[data-testid='redeem']").await?;
    browser.wait_for_path("/").await?;
    browser.wait_for_text("[data-testid='user-name']", "Per Fastlege").await?;
    browser.assert_accessible("/ signed in with a link (nb)").await?;
    browser.close().await
}

async fn password_reset(browser: Browser) -> anyhow::Result<()> {
    browser.app.setup_installation().await;
    browser.open("/innlogging").await?;
    browser.wait_for_text("h1", "Logg inn").await?;
    browser.assert_accessible("/innlogging (nb)").await?;
    browser.click("main a[href='/innlogging/nytt-passord']").await?;
    browser.wait_for_text("h1", "Glemt passord?").await?;
    browser.assert_accessible("/innlogging/nytt-passord (nb)").await?;
    browser.fill("#reset-email", "admin@baerum.test").await?;
    browser.click("form:has(#reset-email) button[type='submit']").await?;
    browser.wait_for_text_containing("main [role='status']", "Sjekk e-posten din.").await?;
    browser.assert_accessible("/innlogging/nytt-passord after asking (nb)").await?;
    let link = link_path_in_last_mail(&browser, "admin@baerum.test").await?;

    browser.open(&link).await?;
    browser.wait_for_text("h1", "Logg inn med lenke").await?;
    browser.assert_accessible("/innlogging/lenke for a reset (nb)").await?;
    browser.click("[data-testid='redeem']").await?;
    browser.wait_for_text("#choose-password-heading", "Velg passord").await?;
    browser.wait_for_focus("#choose-password-heading").await?;
    // A reset is for choosing a password: no skipping.
    browser.wait_until_gone("[data-testid='skip-password']").await?;
    browser.assert_accessible("choosing a new password after a reset (nb)").await?;
    browser.fill("#choose-password", "et-helt-nytt-passord").await?;
    browser.click("form:has(#choose-password) button[type='submit']").await?;
    browser.wait_for_path("/").await?;
    sign_out(&browser).await?;

    browser.fill("#login-email", "admin@baerum.test").await?;
    browser.fill("#login-password", "et-helt-nytt-passord").await?;
    browser.click("form:has(#login-email) button[type='submit']").await?;
    browser.wait_for_text("[data-testid='user-name']", "Astrid Admin").await?;
    browser.close().await
}

async fn offices_and_audit_log(browser: Browser) -> anyhow::Result<()> {
    browser.app.setup_installation().await;
    sign_in(&browser, "admin@baerum.test", "Astrid Admin").await?;
    browser.click("button.app-lang").await?;
    browser.click("nav a[href='/kontorer']").await?;
    browser.wait_for_text("h1", "GP offices").await?;
    browser.wait_for_text("[data-testid='offices-none']", "No GP offices are registered yet.").await?;
    browser.assert_accessible("/kontorer without offices (en)").await?;

    browser.fill("#office-name", "Sandvika legesenter").await?;
    browser.fill("#office-address", "Sandviksveien 1").await?;
    browser.click("[data-testid='save-office']").await?;
    browser.wait_for_text_containing("main [role='status']", "The office has been added.").await?;
    browser.wait_for_text("[data-testid='offices-table'] tbody th", "Sandvika legesenter").await?;
    browser.wait_for_text("[data-testid='gp-count']", "0").await?;

    browser.click("[data-testid='edit-office']").await?;
    browser.wait_for_focus("#office-name").await?;
    browser.wait_for_text("#office-form-heading", "Change office").await?;
    browser.fill("#office-name", "Sandvika legesenter AS").await?;
    browser.click("[data-testid='save-office']").await?;
    browser.wait_for_text_containing("main [role='status']", "The office is saved.").await?;
    browser.wait_for_text("[data-testid='offices-table'] tbody th", "Sandvika legesenter AS").await?;
    browser.assert_accessible("/kontorer (en)").await?;
    browser.snapshot("offices").await?;

    browser.click("nav a[href='/logg']").await?;
    browser.wait_for_text("h1", "Audit log").await?;
    browser
        .wait_for_text(
            "[data-testid='audit-table'] tbody tr:first-child [data-testid='audit-action']",
            "Office changed",
        )
        .await?;
    browser
        .wait_for_text("[data-testid='audit-table'] tbody tr:nth-child(2) [data-testid='audit-action']", "Office added")
        .await?;
    browser
        .wait_for_text(
            "[data-testid='audit-table'] tbody tr:last-child [data-testid='audit-action']",
            "Legeting set up",
        )
        .await?;
    let time = browser.text_of("[data-testid='audit-table'] tbody tr:first-child td").await?;
    let shape: Vec<bool> = time.chars().map(|c| c.is_ascii_digit()).collect();
    anyhow::ensure!(
        time.len() == 16 && shape.iter().filter(|d| **d).count() == 12 && &time[2..3] == "." && &time[10..11] == " ",
        "the time {time:?} is not dd.mm.yyyy hh:mm"
    );
    browser.assert_accessible("/logg (en)").await?;
    browser.snapshot("audit").await?;
    browser.close().await
}

async fn profile(browser: Browser) -> anyhow::Result<()> {
    browser.app.setup_installation().await;
    sign_in(&browser, "admin@baerum.test", "Astrid Admin").await?;
    browser.click("header a[href='/profil']").await?;
    browser.wait_for_text("h1", "Min profil").await?;
    browser.wait_for_text("[data-testid='profile-email']", "admin@baerum.test").await?;
    browser.element("#profile-name").await?;
    browser.assert_accessible("/profil (nb)").await?;
    browser.snapshot("profile").await?;

    browser.fill("#profile-phone", "ring meg").await?;
    browser.click("form:has(#profile-name) button[type='submit']").await?;
    browser.wait_for_text_containing("#profile-phone-error", "gyldig telefonnummer").await?;
    browser.assert_accessible("/profil with an error (nb)").await?;

    browser.fill("#profile-name", "Astrid A. Admin").await?;
    browser.fill("#profile-phone", "+47 912 34 567").await?;
    browser.client.find(fantoccini::Locator::Css("#profile-language option[value='en']")).await?.click().await?;
    browser.click("form:has(#profile-name) button[type='submit']").await?;
    browser.wait_for_text("h1", "My profile").await?;
    browser.wait_for_text_containing("form:has(#profile-name) [role='status']", "Your profile is saved.").await?;
    browser.wait_for_text("[data-testid='user-name']", "Astrid A. Admin").await?;
    browser.assert_accessible("/profil (en)").await?;

    // Kept on the server: a fresh load shows the same.
    browser.open("/profil").await?;
    browser.wait_for_text("h1", "My profile").await?;
    let phone = browser.element("#profile-phone").await?;
    let deadline = std::time::Instant::now() + crate::driver::WAIT;
    while phone.prop("value").await?.as_deref() != Some("+4791234567") {
        anyhow::ensure!(std::time::Instant::now() < deadline, "the phone number was not kept");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // Changing the password needs the current one; its errors are shown by the field.
    browser.fill("#new-password-password", "et-helt-nytt-passord").await?;
    browser.click("form:has(#new-password-password) button[type='submit']").await?;
    browser.wait_for_text("#new-password-current-password-error", "Fill in this field.").await?;
    browser.fill("#new-password-current-password", "ikke-det-riktige").await?;
    browser.click("form:has(#new-password-password) button[type='submit']").await?;
    browser.wait_for_text("#new-password-current-password-error", "The current password is wrong.").await?;
    browser.assert_accessible("/profil with a wrong current password (en)").await?;
    browser.fill("#new-password-current-password", TEST_PASSWORD).await?;
    browser.click("form:has(#new-password-password) button[type='submit']").await?;
    browser
        .wait_for_text_containing(
            "section[aria-labelledby='password-section-heading'] [role='status']",
            "Your password is saved.",
        )
        .await?;

    browser.click("section[aria-labelledby='everywhere-heading'] button").await?;
    browser.wait_for_path("/innlogging").await?;
    browser.wait_for_text_containing("main [role='status']", "You are signed out on all devices.").await?;
    browser.assert_accessible("/innlogging after signing out everywhere (en)").await?;
    browser.close().await
}

async fn gp_and_signed_out_views(browser: Browser) -> anyhow::Result<()> {
    let (admin, me) = browser.app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    browser.app.add_person(&admin, &municipality, "Gro Fastlege", "gro@lege.test", &[Role::Gp]).await;
    browser.app.signed_in("gro@lege.test").await;

    // Signed out, a protected page asks to sign in, and returns there afterwards.
    browser.open("/personer").await?;
    browser.wait_for_text_containing("[data-testid='sign-in-required']", "Du må logge inn").await?;
    browser.assert_accessible("/personer signed out (nb)").await?;
    browser.click("[data-testid='sign-in-required'] a").await?;
    browser.fill("#login-email", "gro@lege.test").await?;
    browser.fill("#login-password", TEST_PASSWORD).await?;
    browser.click("form:has(#login-email) button[type='submit']").await?;
    browser.wait_for_path("/personer").await?;
    browser.wait_for_text("tr[data-email='gro@lege.test'] th", "Gro Fastlege").await?;
    browser.wait_until_gone("[data-testid='add-person']").await?;
    browser.wait_until_gone("[data-testid='edit-person']").await?;
    browser.wait_until_gone("nav a[href='/logg']").await?;
    browser.wait_until_gone("nav a[href='/personer/import']").await?;
    browser.assert_accessible("/personer as a GP (nb)").await?;

    // Search narrows the list.
    browser.fill("#filter-q", "astrid").await?;
    browser.wait_for_text("[data-testid='people-count']", "1 person funnet").await?;
    browser.wait_for_text("[data-testid='people-table'] tbody th", "Astrid Admin").await?;
    browser.assert_accessible("/personer searched (nb)").await?;

    browser.open("/logg").await?;
    browser.wait_for_text_containing("[data-testid='access-denied']", "Du har ikke tilgang").await?;
    browser.assert_accessible("/logg as a GP (nb)").await?;
    browser.close().await
}

async fn phone_width(browser: Browser) -> anyhow::Result<()> {
    let (admin, me) = browser.app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    browser
        .app
        .add_person(
            &admin,
            &municipality,
            "Bjørnstjerne Martinius Fastlege",
            "bjornstjerne.martinius@lege.test",
            &[Role::Gp, Role::Secretary],
        )
        .await;
    browser.resize(375, 800).await?;
    sign_in(&browser, "admin@baerum.test", "Astrid Admin").await?;
    for (path, heading) in [
        ("/personer", "Personer"),
        ("/personer/ny", "Legg til person"),
        ("/kontorer", "Legekontorer"),
        ("/logg", "Endringslogg"),
        ("/profil", "Min profil"),
        ("/innlogging", "Logg inn"),
    ] {
        browser.open(path).await?;
        browser.wait_for_text("h1", heading).await?;
        browser.wait_until_gone("[data-testid='loading']").await?;
        anyhow::ensure!(!browser.overflows_sideways().await?, "{path} is wider than a 375 px screen");
        browser.assert_accessible(&format!("{path} at 375 px (nb)")).await?;
        browser.snapshot(&format!("phone{}", path.replace('/', "-"))).await?;
    }
    browser.close().await
}

async fn municipality_choice(browser: Browser) -> anyhow::Result<()> {
    let (admin, _) = browser.app.setup_installation().await;
    let created = admin.post("/api/municipalities", &serde_json::json!({ "name": "Asker", "number": "3203" })).await;
    anyhow::ensure!(created.status() == 201, "could not create a second municipality: {}", created.status());
    sign_in(&browser, "admin@baerum.test", "Astrid Admin").await?;
    browser.click("nav a[href='/personer']").await?;
    // By default the municipality where one holds a role.
    browser.wait_for_text("main .app-lead", "Bærum").await?;
    browser.wait_for_text("tr[data-email='admin@baerum.test'] th", "Astrid Admin").await?;
    // Installation administrators see every municipality; the header offers the choice.
    browser.element("#municipality-choice").await?;
    browser.assert_accessible("/personer with a municipality choice (nb)").await?;
    browser
        .client
        .find(fantoccini::Locator::Css("#municipality-choice option[value]:first-child"))
        .await?
        .click()
        .await?;
    browser.wait_for_text("main .app-lead", "Asker").await?;
    browser.wait_for_text("[data-testid='people-none']", "Ingen personer passer med søket.").await?;
    browser.assert_accessible("/personer in another municipality (nb)").await?;
    // The choice is remembered.
    browser.open("/personer").await?;
    browser.wait_for_text("main .app-lead", "Asker").await?;
    browser.close().await
}

async fn shared_person_locked(browser: Browser) -> anyhow::Result<()> {
    let (admin, me) = browser.app.setup_installation().await;
    let baerum = me.memberships[0].municipality.id.clone();
    let asker: serde_json::Value = admin
        .post("/api/municipalities", &serde_json::json!({ "name": "Asker", "number": "3203" }))
        .await
        .json()
        .await?;
    let asker = asker["id"].as_str().context("an id")?.to_owned();
    browser.app.add_person(&admin, &asker, "Trine Asker", "trine@asker.test", &[Role::Administrator]).await;
    let lise = browser.app.add_person(&admin, &baerum, "Lise Lege", "lise@lege.test", &[Role::Gp]).await;
    let guest = serde_json::json!({ "name": "Lise Lege", "email": "lise@lege.test", "roles": ["guest"] });
    let added = admin.put(&format!("/api/municipalities/{asker}/people/{}", lise.id), &guest).await;
    anyhow::ensure!(added.status() == 200, "could not add Lise to Asker: {}", added.status());
    browser.app.signed_in("trine@asker.test").await;
    sign_in(&browser, "trine@asker.test", "Trine Asker").await?;
    browser.open(&format!("/personer/{}", lise.id)).await?;
    browser.wait_for_text_containing("[data-testid='managed-elsewhere']", "hører også til en annen kommune").await?;
    for field in ["name", "email", "phone", "hpr-number"] {
        let readonly = browser.attribute(&format!("#person-{field}"), "readonly").await?;
        anyhow::ensure!(readonly.is_some(), "{field} is editable for a shared person");
    }
    // Whether they are active is not this municipality's to change: the checkbox is not offered.
    let active = browser.client.find_all(fantoccini::Locator::Css("#person-active")).await?;
    anyhow::ensure!(active.is_empty(), "active can be changed");
    browser.assert_accessible("/personer/:id of a shared person (nb)").await?;
    // Roles stay Asker's own: saving a new role works.
    browser.client.find(fantoccini::Locator::Css("#person-role-secretary")).await?.click().await?;
    browser.click("[data-testid='save-person']").await?;
    browser.wait_for_text_containing("main [role='status']", "Endringene er lagret.").await?;
    browser.close().await
}
