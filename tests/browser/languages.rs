//! Bokmål, nynorsk and English: the header's switch offers all three and `<html lang>` follows; a
//! municipality's written standard is what people who have not chosen a language read; and every page passes
//! axe in nynorsk and in English, with its heading taken from that language's catalogue.

use anyhow::Context;
use legeting_i18n::web::Key;
use legeting_shared::Language;
use legeting_shared::people::Role;

use crate::Scenario;
use crate::driver::Browser;
use crate::people::sign_in;

pub fn scenarios() -> Vec<Scenario> {
    vec![
        ("the language switch offers bokmål, nynorsk and English, and nynorsk pages pass axe", |b| {
            Box::pin(switch_to_nynorsk(b))
        }),
        ("a municipality that writes nynorsk shows it to a GP until she chooses English on her profile", |b| {
            Box::pin(written_standard(b))
        }),
        ("every page passes axe in nynorsk and in English, its heading in that language", |b| {
            Box::pin(every_page_in_nynorsk_and_english(b))
        }),
        ("meeting times on both sides of the summer-time switches read as the local times typed (Intl)", |b| {
            Box::pin(times_around_summer_time(b))
        }),
    ]
}

/// The selector of the switch's button to `language`.
fn switch_to(language: Language) -> String {
    format!("header button.app-lang[lang='{}']", language.tag())
}

async fn ensure_lang(browser: &Browser, language: Language) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + crate::driver::WAIT;
    loop {
        let lang = browser.attribute("html", "lang").await?;
        if lang.as_deref() == Some(language.tag()) {
            return Ok(());
        }
        anyhow::ensure!(std::time::Instant::now() < deadline, "<html lang> is {lang:?}, not {}", language.tag());
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn switch_to_nynorsk(browser: Browser) -> anyhow::Result<()> {
    browser.open("/").await?;
    browser.wait_for_text("h1", "Velkommen til Legeting").await?;
    // In bokmål the switch offers the two other languages, each named in itself.
    browser.wait_for_text(&switch_to(Language::En), "English").await?;
    browser.wait_for_text(&switch_to(Language::Nn), "Norsk (nynorsk)").await?;
    anyhow::ensure!(
        browser.client.find_all(fantoccini::Locator::Css(&switch_to(Language::Nb))).await?.is_empty(),
        "the switch offers the language the page is in"
    );

    browser.click(&switch_to(Language::Nn)).await?;
    browser.wait_for_text("h1", "Velkomen til Legeting").await?;
    ensure_lang(&browser, Language::Nn).await?;
    browser.wait_for_text(&switch_to(Language::Nb), "Norsk (bokmål)").await?;
    let title = browser.client.title().await?;
    anyhow::ensure!(title == "Framside – Legeting", "unexpected title {title:?}");
    browser.assert_accessible("/ (nn)").await?;

    // Remembered in this browser.
    browser.client.refresh().await?;
    browser.wait_for_text("h1", "Velkomen til Legeting").await?;

    browser.click("nav a[href='/status']").await?;
    browser.wait_for_text("h1", "Driftsstatus").await?;
    browser.wait_for_text("[data-testid='status-server']", "I drift").await?;
    browser.assert_accessible("/status (nn)").await?;
    browser.click("footer a[href='/tilgjengelighet']").await?;
    browser.wait_for_text("h1", "Tilgjengelegheitserklæring").await?;
    browser.assert_accessible("/tilgjengelighet (nn)").await?;

    browser.click(&switch_to(Language::En)).await?;
    browser.wait_for_text("h1", "Accessibility statement").await?;
    ensure_lang(&browser, Language::En).await?;
    browser.click(&switch_to(Language::Nb)).await?;
    browser.wait_for_text("h1", "Tilgjengelighetserklæring").await?;
    ensure_lang(&browser, Language::Nb).await?;
    browser.close().await
}

async fn written_standard(browser: Browser) -> anyhow::Result<()> {
    let (admin, me) = browser.app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    browser.app.add_person(&admin, &municipality, "Kari Fastlege", "kari@lege.test", &[Role::Gp]).await;
    browser.app.signed_in("kari@lege.test").await;

    sign_in(&browser, "admin@baerum.test", "Astrid Admin").await?;
    browser.click("nav a[href='/kontorer']").await?;
    browser.wait_for_text("h1", "Legekontorer").await?;
    browser.wait_for_text("#written-standard-heading", "Målform").await?;
    browser
        .client
        .find(fantoccini::Locator::Css("#written-standard-written-standard option[value='nn']"))
        .await?
        .click()
        .await?;
    browser.click("[data-testid='save-written-standard']").await?;
    // The administrator has not chosen a language either, so the page turns nynorsk at once.
    browser.wait_for_text("h1", "Legekontor").await?;
    ensure_lang(&browser, Language::Nn).await?;
    browser
        .wait_for_text_containing(
            "section[aria-labelledby='written-standard-heading'] [role='status']",
            "Målforma er lagra.",
        )
        .await?;
    browser.assert_accessible("/kontorer with the written standard saved (nn)").await?;
    crate::people::sign_out(&browser).await?;

    let kari = browser.another_window().await?;
    sign_in(&kari, "kari@lege.test", "Kari Fastlege").await?;
    kari.wait_for_text("h1", "Velkomen til Legeting").await?;
    ensure_lang(&kari, Language::Nn).await?;
    kari.click("header a[href='/profil']").await?;
    kari.wait_for_text("h1", "Profilen min").await?;
    kari.assert_accessible("/profil (nn)").await?;
    kari.client.find(fantoccini::Locator::Css("#profile-language option[value='en']")).await?.click().await?;
    kari.click("form:has(#profile-name) button[type='submit']").await?;
    kari.wait_for_text("h1", "My profile").await?;
    ensure_lang(&kari, Language::En).await?;
    kari.close().await?;
    browser.close().await
}

/// Every page of the app: its path and the heading it shows (`None` where the heading is a name).
fn pages(meeting: &str, body: &str, person: &str, letter: &str) -> Vec<(String, Option<Key>)> {
    let fixed = [
        ("/", Some(Key::HomeTitle)),
        ("/status", Some(Key::StatusTitle)),
        ("/tilgjengelighet", Some(Key::A11yTitle)),
        ("/profil", Some(Key::ProfileTitle)),
        ("/personer", Some(Key::PeopleTitle)),
        ("/personer/ny", Some(Key::NewPersonTitle)),
        ("/personer/import", Some(Key::RosterTitle)),
        ("/kontorer", Some(Key::OfficesTitle)),
        ("/logg", Some(Key::AuditTitle)),
        ("/moter", Some(Key::MeetingsTitle)),
        ("/moter/ny", Some(Key::NewMeetingTitle)),
        ("/utsendelser", Some(Key::OutboxTitle)),
        ("/utvalg", Some(Key::BodiesTitle)),
        ("/utvalg/ny", Some(Key::NewBodyTitle)),
        ("/oppgaver", Some(Key::ActionItemsTitle)),
        ("/sok", Some(Key::SearchTitle)),
        ("/informasjon", Some(Key::LettersTitle)),
        ("/informasjon/ny", Some(Key::NewLetterTitle)),
        ("/innsjekk", Some(Key::CheckInPageTitle)),
        ("/moteplikt", Some(Key::ObligationTitle)),
        ("/deltakelse", Some(Key::ParticipationTitle)),
        ("/godtgjoring", Some(Key::CompensationTitle)),
        ("/satser", Some(Key::RatesTitle)),
        ("/svar", Some(Key::MailAnswerTitle)),
        ("/avmelding", Some(Key::MailUnsubscribeTitle)),
        ("/finnes/ikke", Some(Key::NotFoundTitle)),
    ];
    let mut pages: Vec<(String, Option<Key>)> = fixed.iter().map(|(path, key)| ((*path).to_owned(), *key)).collect();
    pages.extend([
        (format!("/personer/{person}"), Some(Key::EditPersonTitle)),
        (format!("/moter/{meeting}"), None),
        (format!("/moter/{meeting}/rediger"), Some(Key::EditMeetingTitle)),
        (format!("/moter/{meeting}/referat"), None),
        (format!("/moter/{meeting}/direkte"), None),
        (format!("/utvalg/{body}"), None),
        (format!("/informasjon/{letter}"), None),
        (format!("/informasjon/{letter}/endre"), Some(Key::EditLetter)),
    ]);
    pages
}

async fn every_page_in_nynorsk_and_english(browser: Browser) -> anyhow::Result<()> {
    let summary = legeting::demo::seed(&browser.app.state.database).await?;
    let baerum = summary.municipalities.iter().find(|m| m.name == "Bærum").context("Bærum")?;
    let admin = baerum.staff.iter().find(|s| s.roles.contains(&Role::Administrator)).context("an administrator")?;
    let pool = browser.app.state.database.pool();
    // The administrator also leads and organises, so every page shows what it shows its main users.
    for role in ["leader", "secretary"] {
        sqlx::query(
            "INSERT INTO municipality_roles (person_id, municipality_id, role, created_at) \
             SELECT id, $1, $2, 0 FROM people WHERE email = $3",
        )
        .bind(&baerum.id)
        .bind(role)
        .bind(&admin.email)
        .execute(pool)
        .await?;
    }
    let first = |sql: &'static str| async move {
        sqlx::query_scalar::<_, String>(sql).bind(&baerum.id).fetch_one(pool).await.with_context(|| sql.to_owned())
    };
    let meeting =
        first("SELECT id FROM meetings WHERE municipality_id = $1 ORDER BY starts_at DESC, id LIMIT 1").await?;
    let body = first("SELECT id FROM bodies WHERE municipality_id = $1 ORDER BY name, id LIMIT 1").await?;
    let person = first(
        "SELECT p.id FROM people p JOIN municipality_roles r ON r.person_id = p.id \
         WHERE r.municipality_id = $1 AND r.role = 'gp' ORDER BY p.name, p.id LIMIT 1",
    )
    .await?;
    let letter =
        first("SELECT id FROM letters WHERE municipality_id = $1 ORDER BY created_at DESC, id LIMIT 1").await?;

    browser.open("/innlogging").await?;
    browser.fill("#login-email", &admin.email).await?;
    browser.fill("#login-password", summary.password).await?;
    browser.click("form:has(#login-email) button[type='submit']").await?;
    browser.wait_for_text("[data-testid='user-name']", &admin.name).await?;

    for language in [Language::Nn, Language::En] {
        browser.click(&switch_to(language)).await?;
        ensure_lang(&browser, language).await?;
        for (path, heading) in pages(&meeting, &body, &person, &letter) {
            browser.open(&path).await?;
            match heading {
                Some(key) => browser.wait_for_text("h1", key.text(language)).await?,
                None => {
                    browser.text_of("h1").await?;
                }
            }
            browser.wait_until_gone("[data-testid='loading']").await?;
            ensure_lang(&browser, language).await?;
            browser.assert_accessible(&format!("{path} ({})", language.tag())).await?;
        }
    }
    browser.close().await
}

/// Meetings typed as 09:00–11:00 local time the day before and the day of each switch of 2027 (28 March and
/// 31 October) show as typed: the server stores UTC with its time-zone database, the page turns it back with the
/// browser's `Intl`. In nynorsk, with its weekday names.
async fn times_around_summer_time(browser: Browser) -> anyhow::Result<()> {
    let (admin, me) = browser.app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    sign_in(&browser, "admin@baerum.test", "Astrid Admin").await?;
    browser.click(&switch_to(Language::Nn)).await?;
    ensure_lang(&browser, Language::Nn).await?;
    for (day, shown) in [
        ("2027-03-27", "laurdag 27.03.2027 09:00–11:00"),
        ("2027-03-28", "sundag 28.03.2027 09:00–11:00"),
        ("2027-10-30", "laurdag 30.10.2027 09:00–11:00"),
        ("2027-10-31", "sundag 31.10.2027 09:00–11:00"),
    ] {
        let input = serde_json::json!({"kind": "all_gp_meeting", "title": format!("Storlegemøte {day}"),
            "starts_local": format!("{day}T09:00"), "ends_local": format!("{day}T11:00"),
            "invitees": {"type": "all_gps"}});
        let created = admin.post(&format!("/api/municipalities/{municipality}/meetings"), &input).await;
        anyhow::ensure!(created.status() == 201, "could not create the meeting of {day}: {}", created.status());
        let created: serde_json::Value = created.json().await?;
        let id = created[0]["id"].as_str().context("a meeting id")?.to_owned();
        browser.open(&format!("/moter/{id}")).await?;
        browser.wait_for_text("[data-testid='meeting-when']", shown).await?;
    }
    browser.assert_accessible("a meeting page (nn)").await?;
    browser.close().await
}
