//! The live meeting room with two people in it, the one-click answer from a notice e-mail, and the e-mails
//! themselves rendered in the browser (both languages, checked with axe-core like every page).

use legeting_shared::api::NoQuery;
use legeting_shared::api::meetings as meetings_api;
use legeting_shared::people::Role;
use serde_json::{Value, json};

use crate::Scenario;
use crate::driver::Browser;
use crate::people::sign_in;

pub fn scenarios() -> Vec<Scenario> {
    vec![
        ("two people in the live room: one posts, the other sees it, and the chair runs a vote", |b| {
            Box::pin(live_room(b))
        }),
        (
            "in the live room one GP replies to another's message, and she edits hers (empty or late edits are refused)",
            |b| Box::pin(reply_and_edit(b)),
        ),
        ("a GP answers a notice from the e-mail link without signing in, with a reason for absence", |b| {
            Box::pin(answer_from_mail(b))
        }),
        ("notice, letter and digest e-mails render accessibly in Norwegian and English", |b| Box::pin(mails_render(b))),
        ("an administrator sees the mail queue, and a GP unsubscribes from reminders with the link", |b| {
            Box::pin(queue_and_unsubscribe(b))
        }),
    ]
}

/// Bærum with a secretary (chair of the room), the ALU with Kari, Carl and Emma (who reads English), and a
/// meeting whose notice is sent. Returns the meeting id.
async fn alu_meeting(browser: &Browser) -> anyhow::Result<String> {
    let app = &browser.app;
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    app.add_person(&admin, &municipality, "Sara Sekretær", "kol@baerum.test", &[Role::Secretary]).await;
    let kari = app.add_person(&admin, &municipality, "Kari Fastlege", "kari@lege.test", &[Role::Gp]).await;
    let carl = app.add_person(&admin, &municipality, "Carl Fastlege", "carl@lege.test", &[Role::Gp]).await;
    let english = app.add_person(&admin, &municipality, "Emma English", "emma@lege.test", &[Role::Gp]).await;
    sqlx::query("UPDATE people SET language = 'en', language_chosen = 1 WHERE id = $1")
        .bind(&english.id)
        .execute(app.state.database.pool())
        .await?;
    let secretary = app.signed_in("kol@baerum.test").await;
    app.signed_in("kari@lege.test").await;
    app.signed_in("carl@lege.test").await;
    let body: Value = secretary
        .post(
            &format!("/api/municipalities/{municipality}/bodies"),
            &json!({"name": "Allmennlegeutvalget", "kind": "gp_committee"}),
        )
        .await
        .json()
        .await?;
    let body = body["id"].as_str().unwrap_or_default().to_owned();
    secretary
        .put(
            &format!("/api/bodies/{body}/members"),
            &json!([{"person_id": kari.id, "role": "member"}, {"person_id": carl.id, "role": "member"},
                {"person_id": english.id, "role": "member"}]),
        )
        .await;
    let start = chrono::Utc::now() + chrono::Duration::days(5);
    let input = json!({"body_id": body, "kind": "committee_meeting", "title": "ALU-møte",
        "starts_local": start.format("%Y-%m-%dT18:00").to_string(), "ends_local": start.format("%Y-%m-%dT20:00").to_string(),
        "location": "Rådhuset", "invitees": {"type": "body_members"}});
    let meetings: Value =
        secretary.post(&format!("/api/municipalities/{municipality}/meetings"), &input).await.json().await?;
    let meeting = meetings[0]["id"].as_str().unwrap_or_default().to_owned();
    secretary.post(&format!("/api/meetings/{meeting}/agenda"), &json!({"title": "Legevakt"})).await;
    secretary.call::<meetings_api::SendNotice>(&meeting.as_str().into(), &NoQuery {}, &()).await;
    Ok(meeting)
}

async fn live_room(browser: Browser) -> anyhow::Result<()> {
    let meeting = alu_meeting(&browser).await?;
    let chair = browser.another_window().await?;
    sign_in(&browser, "kari@lege.test", "Kari Fastlege").await?;
    sign_in(&chair, "kol@baerum.test", "Sara Sekretær").await?;
    let room = format!("/moter/{meeting}/direkte");
    browser.open(&room).await?;
    chair.open(&room).await?;
    browser.wait_for_text("[data-testid='live-connection']", "Tilkoblet").await?;
    chair.wait_for_text("[data-testid='live-connection']", "Tilkoblet").await?;
    browser.assert_accessible("the live room as a GP (nb)").await?;

    browser.fill("#live-text", "Legevakten trenger flere leger i helgene.").await?;
    browser.click("[data-testid='live-send']").await?;
    chair.wait_for_text("[data-testid='live-message-text']", "Legevakten trenger flere leger i helgene.").await?;
    chair.wait_for_text_containing("[data-testid='live-announcement']", "Ny melding fra Kari Fastlege").await?;
    chair.wait_for_text("#live-present-heading", "Til stede: 2").await?;

    browser.click("[data-testid='live-hand']").await?;
    chair.wait_for_text_containing("[data-testid='live-waiting']", "Kari Fastlege").await?;
    chair.click("[data-testid='live-next-speaker']").await?;
    browser.wait_for_text_containing("[data-testid='live-current-speaker']", "Kari Fastlege").await?;

    chair.fill("#live-question", "Støtter ALU forslaget om legevakt?").await?;
    chair.fill("#live-options", "For\nMot\nAvstår").await?;
    chair.click("[data-testid='live-start-poll']").await?;
    browser.wait_for_text_containing("[data-testid='live-poll']", "Støtter ALU forslaget om legevakt?").await?;
    browser.wait_for_text_containing("[data-testid='live-announcement']", "Ny avstemning").await?;
    browser.assert_accessible("the live room with an open vote (nb)").await?;
    browser.click("[data-testid='live-vote'][aria-label='Stem For']").await?;
    browser.wait_for_text("[data-testid='live-voted']", "Stemmen din er registrert.").await?;
    chair.wait_for_text_containing("[data-testid='live-poll']", "1 har stemt").await?;
    chair.assert_accessible("the live room as the chair (nb)").await?;
    chair.click("[data-testid='live-close-poll']").await?;
    browser.wait_for_text_containing("[data-testid='live-results']", "For").await?;
    browser.wait_for_text_containing("[data-testid='live-announcement']", "Avstemningen er avsluttet").await?;
    chair.close().await?;
    browser.close().await
}

async fn reply_and_edit(browser: Browser) -> anyhow::Result<()> {
    let meeting = alu_meeting(&browser).await?;
    let carl = browser.another_window().await?;
    sign_in(&browser, "kari@lege.test", "Kari Fastlege").await?;
    sign_in(&carl, "carl@lege.test", "Carl Fastlege").await?;
    let room = format!("/moter/{meeting}/direkte");
    browser.open(&room).await?;
    carl.open(&room).await?;
    browser.wait_for_text("[data-testid='live-connection']", "Tilkoblet").await?;
    carl.wait_for_text("[data-testid='live-connection']", "Tilkoblet").await?;
    browser.fill("#live-text", "Forslag: felles legevaktsmøte i mars.").await?;
    browser.click("[data-testid='live-send']").await?;
    carl.wait_for_text_containing("[data-testid='live-messages']", "felles legevaktsmøte i mars").await?;
    let original = browser.attribute("[data-testid='live-message']", "id").await?.unwrap_or_default();
    let message_id = original.strip_prefix("melding-").unwrap_or_default().to_owned();
    anyhow::ensure!(!message_id.is_empty(), "each message has an id to link to: {original:?}");

    // Carl replies: the composer says what it answers, and the reply links to the original.
    anyhow::ensure!(
        carl.client.find(fantoccini::Locator::Css("[data-testid='live-edit']")).await.is_err(),
        "only one's own messages can be edited"
    );
    carl.click("[data-testid='live-reply'][aria-label='Svar til Kari Fastlege']").await?;
    carl.wait_for_text(
        "[data-testid='live-replying'] p",
        "Svarer på Kari Fastlege: «Forslag: felles legevaktsmøte i mars.»",
    )
    .await?;
    carl.wait_for_focus("#live-text").await?;
    carl.assert_accessible("the live room, writing a reply (nb)").await?;
    carl.snapshot("live-reply-mode").await?;
    let small: Value = carl
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=live-messages] button, [data-testid=live-replying] button')]
                .map(b => b.getBoundingClientRect()).filter(r => r.width < 24 || r.height < 24).length;",
            vec![],
        )
        .await?;
    anyhow::ensure!(small == json!(0), "{small} buttons in the discussion are smaller than 24×24 px");
    carl.click("[data-testid='live-cancel-reply']").await?;
    carl.wait_until_gone("[data-testid='live-replying']").await?;
    carl.wait_for_focus("#live-text").await?;
    carl.click("[data-testid='live-reply'][aria-label='Svar til Kari Fastlege']").await?;
    carl.fill("#live-text", "Enig, vi setter det opp.").await?;
    carl.click("[data-testid='live-send']").await?;
    carl.wait_until_gone("[data-testid='live-replying']").await?;
    for window in [&browser, &carl] {
        window.wait_for_text_containing("[data-testid='live-messages']", "Enig, vi setter det opp.").await?;
        window.wait_for_text("[data-testid='live-reply-to']", "Svar til Kari Fastlege").await?;
        let link = window.attribute("[data-testid='live-reply-to'] a", "href").await?.unwrap_or_default();
        anyhow::ensure!(link.ends_with(&format!("#{original}")), "the reply links to the original message: {link}");
    }
    browser
        .wait_for_text_containing(
            "[data-testid='live-announcement']",
            "Ny melding fra Carl Fastlege (svar til Kari Fastlege)",
        )
        .await?;
    carl.click("[data-testid='live-reply-to'] a").await?;
    carl.wait_for_focus(&format!("#{original}")).await?;

    // Kari edits her message in place; Escape leaves the form and the focus goes back to her edit button.
    browser.click("[data-testid='live-edit'][aria-label^='Rediger meldingen din fra kl.']").await?;
    browser.wait_for_focus("#live-edit-text").await?;
    let prefilled = browser.element("#live-edit-text").await?.prop("value").await?.unwrap_or_default();
    anyhow::ensure!(
        prefilled == "Forslag: felles legevaktsmøte i mars.",
        "the form starts from the text: {prefilled:?}"
    );
    browser.element("#live-edit-text").await?.send_keys("\u{e00c}").await?;
    browser.wait_until_gone("[data-testid='live-edit-form']").await?;
    browser.wait_for_focus(&format!("#live-edit-{message_id}")).await?;

    // An empty text is refused by the form, and the old text stays.
    browser.click("[data-testid='live-edit']").await?;
    browser.wait_for_focus("#live-edit-text").await?;
    browser.fill("#live-edit-text", "   ").await?;
    browser.click("[data-testid='live-edit-save']").await?;
    browser.wait_for_text("[data-testid='live-edit-error']", "En melding kan ha 1 til 2000 tegn.").await?;
    browser.wait_for_focus("#live-edit-text[aria-invalid='true']").await?;
    browser.assert_accessible("the live room, editing a message with an error (nb)").await?;
    browser.resize(375, 800).await?;
    anyhow::ensure!(!browser.overflows_sideways().await?, "the edit form overflows a phone screen");
    browser.element("#live-edit-text").await?.click().await?;
    browser.snapshot("live-edit-error-phone").await?;
    browser.resize(1280, 900).await?;
    carl.wait_for_text("[data-testid='live-message-text']", "Forslag: felles legevaktsmøte i mars.").await?;

    // The server is the judge of the time limit: when it says no, the form says why and keeps the text.
    let pool = browser.app.state.database.pool();
    sqlx::query("UPDATE live_messages SET at = at - 600000 WHERE id = $1").bind(&message_id).execute(pool).await?;
    browser.fill("#live-edit-text", "Forslag: felles legevaktsmøte i april.").await?;
    browser.click("[data-testid='live-edit-save']").await?;
    browser
        .wait_for_text(
            "[data-testid='live-edit-error']",
            "Du kan bare endre dine egne meldinger, og bare i fem minutter.",
        )
        .await?;
    anyhow::ensure!(
        browser.client.find(fantoccini::Locator::Css("[data-testid='live-error']")).await.is_err(),
        "the refusal is shown by the form, not at the top of the page"
    );
    sqlx::query("UPDATE live_messages SET at = at + 600000 WHERE id = $1").bind(&message_id).execute(pool).await?;

    // Within the time the change is saved, announced once to Kari and as an edit to Carl.
    browser.click("[data-testid='live-edit-save']").await?;
    browser.wait_until_gone("[data-testid='live-edit-form']").await?;
    browser.wait_for_focus(&format!("#live-edit-{message_id}")).await?;
    browser.wait_for_text("[data-testid='live-announcement']", "Endringen i meldingen din er lagret.").await?;
    let kari_sees = browser.text_of(&format!("#{original}")).await?;
    anyhow::ensure!(kari_sees.contains("april") && kari_sees.contains("endret"), "Kari sees: {kari_sees:?}");
    carl.wait_for_text_containing(&format!("#{original}"), "Forslag: felles legevaktsmøte i april.").await?;
    carl.wait_for_text_containing(&format!("#{original}"), "endret").await?;
    carl.wait_for_text_containing("[data-testid='live-announcement']", "Melding endret av Kari Fastlege").await?;
    carl.wait_for_text("[data-testid='live-reply-to']", "Svar til Kari Fastlege").await?;
    carl.close().await?;
    browser.close().await
}

async fn answer_from_mail(browser: Browser) -> anyhow::Result<()> {
    alu_meeting(&browser).await?;
    browser.app.deliver_mail().await;
    let mail =
        browser.app.outbox.messages_to("kari@lege.test").pop().ok_or_else(|| anyhow::anyhow!("no notice to Kari"))?;
    let text = mail.text.clone();
    let absent = text
        .split_whitespace()
        .rfind(|word| word.contains("/svar?token="))
        .ok_or_else(|| anyhow::anyhow!("no answer link in {text}"))?;
    let path = &absent[absent.find("/svar?token=").unwrap_or(0)..];
    browser.open(path).await?;
    browser.wait_for_text("h1", "Svar på innkallingen").await?;
    browser.wait_for_text_containing("main", "Jeg melder forfall").await?;
    browser.assert_accessible("/svar (nb)").await?;
    browser.click("[data-testid='answer-confirm']").await?;
    browser.wait_for_text("#answer-reason-error", "Fyll ut feltet.").await?;
    browser.fill("#answer-reason", "Legevaktvakt").await?;
    browser.click("[data-testid='answer-confirm']").await?;
    browser.wait_for_text_containing("main [role='status']", "Svaret ditt er registrert.").await?;
    let (answer, reason): (String, Option<String>) = sqlx::query_as(
        "SELECT r.answer, r.reason FROM rsvps r JOIN people p ON p.id = r.person_id WHERE p.email = 'kari@lege.test'",
    )
    .fetch_one(browser.app.state.database.pool())
    .await?;
    anyhow::ensure!(answer == "absent" && reason.as_deref() == Some("Legevaktvakt"), "recorded {answer} {reason:?}");
    browser.close().await
}

async fn mails_render(browser: Browser) -> anyhow::Result<()> {
    alu_meeting(&browser).await?;
    let app = &browser.app;
    // A letter from the chief medical officer, mailed to the GPs, and this month's digest.
    let secretary = app.signed_in("kol@baerum.test").await;
    let municipality: String =
        sqlx::query_scalar("SELECT municipality_id FROM municipality_roles WHERE role = 'secretary'")
            .fetch_one(app.state.database.pool())
            .await?;
    let letter = json!({"kind": "information", "audience": "gps", "title": "Legevakten flytter",
        "body": "Kjære fastleger,\n\nLegevakten flytter til Sandvika 1. mars.\nNytt nummer kommer."});
    let letter: Value =
        secretary.post(&format!("/api/municipalities/{municipality}/letters"), &letter).await.json().await?;
    let letter = letter["id"].as_str().unwrap_or_default().to_owned();
    let published = secretary.post(&format!("/api/letters/{letter}/publish"), &json!({"send_email": true})).await;
    anyhow::ensure!(published.status() == 200, "the letter is published");
    let now = chrono::Utc::now();
    let month = chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&now), chrono::Datelike::month(&now), 1)
        .ok_or_else(|| anyhow::anyhow!("a month"))?;
    legeting::digest::make_month(&app.state, month, now.timestamp_millis()).await?;
    app.deliver_mail().await;

    let dir = tempfile::tempdir()?;
    let mails = [
        ("kari@lege.test", "nb", "Innkalling", "ALU-møte", "Kommer du?"),
        ("emma@lege.test", "en", "Notice", "ALU-møte", "Will you attend?"),
        ("kari@lege.test", "nb", "Informasjon fra kommuneoverlegen", "Legevakten flytter", "Sandvika"),
        ("emma@lege.test", "en", "Information from", "Legevakten flytter", "Sandvika"),
        ("kari@lege.test", "nb", "Månedsoversikt", "Oversikt for", "Dine kommende møter"),
        ("emma@lege.test", "en", "Your month", "Overview for", "Your upcoming meetings"),
    ];
    for (email, lang, subject, heading, phrase) in mails {
        let mail = app
            .outbox
            .messages_to(email)
            .into_iter()
            .find(|m| m.subject.starts_with(subject))
            .ok_or_else(|| anyhow::anyhow!("no {subject:?} mail to {email}"))?;
        let html = mail.html.ok_or_else(|| anyhow::anyhow!("the {subject:?} mail to {email} has no HTML part"))?;
        let file = dir.path().join(format!("{lang}-{}.html", subject.len()));
        std::fs::write(&file, html)?;
        browser.client.goto(&format!("file://{}", file.display())).await?;
        anyhow::ensure!(
            browser.attribute("html", "lang").await?.as_deref() == Some(lang),
            "the {lang} mail has no lang={lang}"
        );
        browser.wait_for_text_containing("h1", heading).await?;
        browser.wait_for_text_containing("body", phrase).await?;
        browser.resize(375, 800).await?;
        anyhow::ensure!(!browser.overflows_sideways().await?, "the {subject:?} mail ({lang}) overflows a phone screen");
        browser.resize(1280, 900).await?;
        browser.assert_accessible(&format!("the {subject:?} e-mail ({lang})")).await?;
    }
    browser.close().await
}

async fn queue_and_unsubscribe(browser: Browser) -> anyhow::Result<()> {
    alu_meeting(&browser).await?;
    browser.app.deliver_mail().await;
    sign_in(&browser, "admin@baerum.test", "Astrid Admin").await?;
    browser.click("nav a[href='/utsendelser']").await?;
    browser.wait_for_text("h1", "Utsendelser").await?;
    browser.wait_for_text("[data-testid='outbox-failed']", "0").await?;
    browser.assert_accessible("/utsendelser (nb)").await?;
    crate::people::sign_out(&browser).await?;

    let kari: String = sqlx::query_scalar("SELECT id FROM people WHERE email = 'kari@lege.test'")
        .fetch_one(browser.app.state.database.pool())
        .await?;
    let token = legeting::outbox::links::unsubscribe_token(
        &browser.app.state,
        &kari,
        legeting_shared::mail::MailCategory::Reminders,
    )?;
    browser.open(&format!("/avmelding?token={token}")).await?;
    browser.wait_for_text("h1", "Meld deg av e-post").await?;
    browser.wait_for_text_containing("main", "Påminnelser om møter").await?;
    browser.assert_accessible("/avmelding (nb)").await?;
    browser.click("[data-testid='unsubscribe-confirm']").await?;
    browser.wait_for_text_containing("main [role='status']", "Du er meldt av.").await?;
    browser.assert_accessible("/avmelding done (nb)").await?;
    let session = browser.app.signed_in("kari@lege.test").await;
    let prefs: Value = session.get("/api/auth/me/mail-preferences").await.json().await?;
    anyhow::ensure!(prefs["reminders"] == json!(false) && prefs["minutes"] == json!(true), "preferences: {prefs}");
    browser.close().await
}
