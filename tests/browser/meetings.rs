//! Bodies and meetings in the browser (issue 4): a secretary creates the GP committee with its members,
//! schedules a meeting, builds the agenda and sends the notice; a GP proposes an item, the chair accepts it;
//! the GP sends notice of absence with a reason; the secretary marks the meeting as held, writes minutes with a
//! decision and an action item and approves them; the GP sees the decision and the action item. A second
//! scenario walks the organiser's other tools in English and at phone width. Every page and state visited is
//! checked with axe-core.

use anyhow::Context;
use legeting_shared::api::NoQuery;
use legeting_shared::api::meetings as meetings_api;
use legeting_shared::meetings::{
    AgendaItemInput, Body, BodyInput, BodyKind, BodyMemberInput, BodyRole, Invitees, Meeting, MeetingInput, MeetingKind,
};
use legeting_shared::people::Role;
use legeting_tests::Session;
use serde_json::json;

use crate::Scenario;
use crate::driver::Browser;
use crate::people::{sign_in, sign_out};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        (
            "a secretary sets up the ALU and a meeting, a GP proposes an item the chair accepts, sends notice of absence, and sees the approved decision and action item",
            |b| Box::pin(committee_meeting_from_start_to_minutes(b)),
        ),
        (
            "an organiser reschedules, reorders with the keyboard, attaches a paper and finds it again (in English, on a phone)",
            |b| Box::pin(organiser_tools_in_english_on_a_phone(b)),
        ),
    ]
}

/// Set an input's value as a person would (for `date` and `datetime-local` inputs, whose typing WebDriver
/// does not do portably), and tell the app with an `input` event.
pub(crate) async fn set_value(browser: &Browser, css: &str, value: &str) -> anyhow::Result<()> {
    browser.element(css).await?;
    let script = "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
                  el.dispatchEvent(new Event('input', { bubbles: true })); return true;";
    browser
        .client
        .execute(script, vec![json!(css), json!(value)])
        .await
        .with_context(|| format!("could not set `{css}`"))?;
    Ok(())
}

/// Choose the option with this visible text in the `<select>` matching `css`.
pub(crate) async fn choose(browser: &Browser, css: &str, label: &str) -> anyhow::Result<()> {
    let select = browser.element(css).await?;
    // Wait until the option is there (options may arrive with data).
    browser.element(&format!("{css} option")).await?;
    let deadline = std::time::Instant::now() + crate::driver::WAIT;
    loop {
        match select.clone().select_by_label(label).await {
            Ok(()) => return Ok(()),
            Err(_) if std::time::Instant::now() < deadline => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await
            }
            Err(error) => return Err(error).with_context(|| format!("no option {label:?} in `{css}`")),
        }
    }
}

/// Fail if the page is wider than the window, naming the widest offenders (for fixing them).
pub(crate) async fn ensure_fits(browser: &Browser, page: &str) -> anyhow::Result<()> {
    if !browser.overflows_sideways().await? {
        return Ok(());
    }
    let script = r#"
        const w = document.documentElement.clientWidth;
        // Clipped by a scrolling ancestor on its containing-block chain (absolutely positioned elements escape
        // scrolling ancestors that are not positioned).
        const clipped = e => { const absolute = getComputedStyle(e).position === 'absolute';
            for (let a = e.parentElement; a; a = a.parentElement) {
                const style = getComputedStyle(a);
                if (style.overflowX !== 'visible' && a.getBoundingClientRect().right <= w + 1 && (!absolute || style.position !== 'static')) return true;
                if (absolute && style.position !== 'static') return false;
            } return false; };
        const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.') + ' ' + Math.round(e.getBoundingClientRect().right);
        const all = [...document.querySelectorAll('body *')];
        const widest = [...all].sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right).slice(0, 3).map(name);
        const texts = []; const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) { const r = document.createRange(); r.selectNodeContents(n);
            const right = r.getBoundingClientRect().right; if (right > w + 1 && !clipped(n.parentElement) && n.parentElement.getBoundingClientRect().right <= w + 1) texts.push(n.textContent.slice(0, 40) + ' ' + Math.round(right)); }
        return { page: document.documentElement.scrollWidth + ' > ' + w, texts: texts.slice(0, 5), unclipped: all.filter(e => e.getBoundingClientRect().right > w + 1 && !clipped(e)).slice(0, 8).map(name), widest };
    "#;
    let offenders = browser.client.execute(script, vec![]).await?;
    anyhow::bail!("{page} is wider than the window; too wide: {offenders}")
}

/// Unix milliseconds now.
pub(crate) fn now_ms() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

/// A local Europe/Oslo time `YYYY-MM-DDTHH:MM`, `minutes` from now (as the server reads local times).
pub(crate) fn local_in(minutes: i64) -> String {
    legeting::time::to_local(now_ms() + minutes * 60_000)
}

/// The date part (`YYYY-MM-DD`) of a local time `days` from now, at `hh:mm`.
pub(crate) fn local_day_at(days: i64, hh_mm: &str) -> String {
    format!("{}T{hh_mm}", &local_in(days * 24 * 60)[..10])
}

/// As an organiser: create a meeting and return it.
pub(crate) async fn create_meeting(
    organiser: &Session,
    municipality: &str,
    input: &MeetingInput,
) -> anyhow::Result<Meeting> {
    let response = organiser.post(&format!("/api/municipalities/{municipality}/meetings"), input).await;
    anyhow::ensure!(response.status() == 201, "could not create a meeting: {}", response.text().await?);
    let mut created: Vec<Meeting> = response.json().await?;
    created.pop().context("no meeting created")
}

/// A meeting input with the usual defaults.
pub(crate) fn meeting_input(
    body_id: Option<&str>,
    kind: MeetingKind,
    title: &str,
    starts: String,
    ends: String,
    invitees: Invitees,
) -> MeetingInput {
    MeetingInput {
        body_id: body_id.map(str::to_owned),
        kind,
        title: title.into(),
        description: None,
        starts_local: starts,
        ends_local: ends,
        location: Some("Rådhuset".into()),
        video_url: None,
        capacity: None,
        proposal_deadline_local: None,
        invitees,
        recurrence: None,
        minutes_public: false,
        reminder_days: None,
    }
}

/// As an organiser: send a meeting's notice.
pub(crate) async fn send_notice(organiser: &Session, meeting_id: &str) -> anyhow::Result<()> {
    let response = organiser.call::<meetings_api::SendNotice>(&meeting_id.into(), &NoQuery {}, &()).await;
    anyhow::ensure!(response.status() == 200, "could not send the notice: {}", response.text().await?);
    Ok(())
}

async fn committee_meeting_from_start_to_minutes(browser: Browser) -> anyhow::Result<()> {
    let (admin, me) = browser.app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let app = &browser.app;
    app.add_person(&admin, &municipality, "Sigrid Sekretær", "sigrid@baerum.test", &[Role::Secretary]).await;
    app.add_person(&admin, &municipality, "Kari Leder", "kari@lege.test", &[Role::Gp]).await;
    let gro = app.add_person(&admin, &municipality, "Gro Fastlege", "gro@lege.test", &[Role::Gp]).await;
    for email in ["sigrid@baerum.test", "kari@lege.test", "gro@lege.test"] {
        app.signed_in(email).await;
    }
    // The meeting starts within the hour, so that answers, proposals and attendance are all open.
    let year = &local_in(50)[2..4];

    // The secretary creates the committee…
    sign_in(&browser, "sigrid@baerum.test", "Sigrid Sekretær").await?;
    browser.click("nav a[href='/utvalg']").await?;
    browser.wait_for_text("h1", "Utvalg og fora").await?;
    browser.wait_for_text("[data-testid='bodies-none']", "Ingen utvalg er opprettet ennå.").await?;
    browser.assert_accessible("/utvalg without bodies (nb)").await?;
    browser.click("[data-testid='new-body']").await?;
    browser.wait_for_text("h1", "Nytt utvalg").await?;
    browser.assert_accessible("/utvalg/ny (nb)").await?;
    browser.click("[data-testid='save-body']").await?;
    browser.wait_for_text("#body-name-error", "Fyll ut feltet.").await?;
    browser.wait_for_focus("#body-errors").await?;
    browser.assert_accessible("/utvalg/ny with an error (nb)").await?;
    browser.fill("#body-name", "Allmennlegeutvalget").await?;
    browser.fill("#body-description", "Fastlegenes utvalg i Bærum.").await?;
    browser.click("label[for='body-counts']").await?;
    browser.click("[data-testid='save-body']").await?;
    browser.wait_for_text("[data-testid='body-name']", "Allmennlegeutvalget").await?;
    browser.wait_for_text_containing("main [role='status']", "Utvalget er opprettet").await?;
    browser.wait_for_text("[data-testid='body-counts']", "Ja").await?;
    browser.wait_for_text("[data-testid='members-none']", "Utvalget har ingen medlemmer ennå.").await?;
    browser.assert_accessible("/utvalg/:id new (nb)").await?;

    // … with its chair and a member, picked from the municipality's people.
    choose(&browser, "#member-person-id", "Kari Leder").await?;
    choose(&browser, "#member-role", "Leder").await?;
    set_value(&browser, "#member-term-start", "2026-01-01").await?;
    set_value(&browser, "#member-term-end", "2027-12-31").await?;
    browser.click("[data-testid='add-member']").await?;
    browser.wait_for_text("[data-testid='members-table'] tbody tr:first-child th", "Kari Leder").await?;
    browser
        .wait_for_text("[data-testid='members-table'] tbody tr:first-child [data-testid='member-role']", "Leder")
        .await?;
    browser
        .wait_for_text("[data-testid='members-table'] tbody tr:first-child td:nth-of-type(2)", "01.01.2026–31.12.2027")
        .await?;
    choose(&browser, "#member-person-id", "Gro Fastlege").await?;
    browser.click("[data-testid='add-member']").await?;
    browser.wait_for_text("[data-testid='members-table'] tbody tr:nth-child(2) th", "Gro Fastlege").await?;
    browser
        .wait_for_text("[data-testid='members-table'] tbody tr:nth-child(2) [data-testid='member-role']", "Medlem")
        .await?;
    browser.assert_accessible("/utvalg/:id with members (nb)").await?;
    browser.snapshot("body").await?;

    // … schedules a meeting of the committee …
    browser.click("[data-testid='new-body-meeting']").await?;
    browser.wait_for_text("h1", "Nytt møte").await?;
    browser.element("#meeting-title").await?;
    let chosen_body: String = browser
        .client
        .execute("return document.querySelector('#meeting-body-id').value;", vec![])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned();
    anyhow::ensure!(!chosen_body.is_empty(), "the committee is not chosen for its new meeting");
    anyhow::ensure!(
        browser
            .client
            .execute("return document.querySelector('#meeting-who-body_members').checked;", vec![])
            .await?
            .as_bool()
            == Some(true),
        "the committee's members are not the default invitees"
    );
    browser.fill("#meeting-title", "Møte i allmennlegeutvalget").await?;
    browser.fill("#meeting-description", "Første møte i høst.").await?;
    set_value(&browser, "#meeting-starts-local", &local_in(50)).await?;
    set_value(&browser, "#meeting-ends-local", &local_in(40)).await?;
    browser.fill("#meeting-location", "Rådhuset, møterom 3").await?;
    set_value(&browser, "#meeting-proposal-deadline-local", &local_in(45)).await?;
    browser.assert_accessible("/moter/ny filled in (nb)").await?;
    browser.click("[data-testid='save-meeting']").await?;
    browser.wait_for_text("#meeting-ends-local-error", "Møtet må slutte etter at det begynner.").await?;
    browser.assert_accessible("/moter/ny with an error (nb)").await?;
    set_value(&browser, "#meeting-ends-local", &local_in(110)).await?;
    browser.click("[data-testid='save-meeting']").await?;
    browser.wait_for_text("[data-testid='meeting-title']", "Møte i allmennlegeutvalget").await?;
    let meeting_path = browser.path().await?;
    browser.wait_for_text_containing("main [role='status']", "Møtet er opprettet som utkast").await?;
    browser.wait_for_text("[data-testid='meeting-facts'] [data-testid='meeting-status']", "Utkast").await?;
    browser.assert_accessible("/moter/:id draft (nb)").await?;

    // … builds the agenda and puts the second item first with the move buttons …
    browser.fill("#agenda-new-title", "Legevaktsamarbeid").await?;
    browser.fill("#agenda-new-description", "Kommunen foreslår felles legevakt med nabokommunen.").await?;
    browser.click("[data-testid='add-agenda-item']").await?;
    browser
        .wait_for_text(
            "[data-testid='agenda-item']:nth-child(1) [data-testid='agenda-label']",
            &format!("Sak 1/{year}"),
        )
        .await?;
    browser.fill("#agenda-new-title", "Kvalitetsarbeid i praksis").await?;
    browser.click("[data-testid='add-agenda-item']").await?;
    browser
        .wait_for_text(
            "[data-testid='agenda-item']:nth-child(2) [data-testid='agenda-label']",
            &format!("Sak 2/{year}"),
        )
        .await?;
    browser.click("[data-testid='agenda-item']:nth-child(2) [data-testid='agenda-up']").await?;
    browser
        .wait_for_text_containing("[data-testid='agenda-item']:nth-child(1) h3", "Kvalitetsarbeid i praksis")
        .await?;
    browser.wait_for_focus("[data-testid='agenda-item']:nth-child(1) [data-testid='agenda-down']").await?;
    browser.assert_accessible("/moter/:id with an agenda (nb)").await?;

    // … and sends the notice.
    browser.click("[data-testid='send-notice']").await?;
    browser.wait_for_text("[data-testid='meeting-facts'] [data-testid='meeting-status']", "Innkalt").await?;
    browser
        .wait_for_text_containing(
            "section[aria-labelledby='organiser-heading'] [role='status']",
            "Innkallingen er sendt",
        )
        .await?;
    browser.assert_accessible("/moter/:id with the notice sent (nb)").await?;
    browser.snapshot("meeting-organiser").await?;
    sign_out(&browser).await?;

    // A GP finds the meeting and proposes an item.
    sign_in(&browser, "gro@lege.test", "Gro Fastlege").await?;
    browser.click("nav a[href='/moter']").await?;
    browser.wait_for_text("h1", "Mine møter").await?;
    browser.wait_for_text("[data-testid='meeting-list'] h2 a", "Møte i allmennlegeutvalget").await?;
    browser.wait_for_text("[data-testid='tab-upcoming']", "Kommende").await?;
    browser.assert_accessible("/moter (nb)").await?;
    browser.click("[data-testid='meeting-list'] h2 a").await?;
    browser.wait_for_path(&meeting_path).await?;
    browser.wait_for_text("[data-testid='meeting-title']", "Møte i allmennlegeutvalget").await?;
    browser.wait_until_gone("[data-testid='send-notice']").await?;
    browser.wait_until_gone("#agenda-new-title").await?;
    browser.fill("#propose-title", "Tilgang til røntgen").await?;
    browser.fill("#propose-description", "Ventetiden på røntgen er for lang.").await?;
    browser.click("[data-testid='send-proposal']").await?;
    browser.wait_for_text("[data-testid='proposal'] [data-testid='proposal-status']", "Venter på behandling").await?;
    browser.assert_accessible("/moter/:id as a GP who proposed an item (nb)").await?;
    browser.snapshot("meeting-gp").await?;
    sign_out(&browser).await?;

    // The chair accepts it: it joins the agenda, numbered next.
    sign_in(&browser, "kari@lege.test", "Kari Leder").await?;
    browser.open(&meeting_path).await?;
    browser.wait_for_text("[data-testid='proposal'] [data-testid='proposal-title']", "Tilgang til røntgen").await?;
    browser.assert_accessible("/moter/:id as the chair with a proposal (nb)").await?;
    browser.click("[data-testid='accept-proposal']").await?;
    browser.wait_for_text("[data-testid='proposal'] [data-testid='proposal-status']", "Tatt med på sakslisten").await?;
    browser
        .wait_for_text_containing(
            "[data-testid='agenda-item']:nth-child(3) h3",
            &format!("Sak 3/{year} Tilgang til røntgen"),
        )
        .await?;
    browser.assert_accessible("/moter/:id after accepting (nb)").await?;
    sign_out(&browser).await?;

    // The GP sends notice of absence from the front page, with a reason.
    sign_in(&browser, "gro@lege.test", "Gro Fastlege").await?;
    browser.wait_for_text("[data-testid='obligation-status']", "Min årlige møteplikt: ikke ennå").await?;
    browser.wait_for_text("[data-meeting-id] h3 a", "Møte i allmennlegeutvalget").await?;
    browser.wait_for_text("[data-meeting-id] [data-testid='rsvp-current']", "Ikke svart").await?;
    browser.click("[data-meeting-id] [data-testid='rsvp-absent']").await?;
    let reason = "[data-meeting-id] textarea";
    browser.wait_for_focus(reason).await?;
    browser.click("[data-meeting-id] [data-testid='rsvp-absent-send']").await?;
    browser.wait_for_text("[data-meeting-id] .ds-validation-message", "Skriv en begrunnelse.").await?;
    browser.assert_accessible("/ with a missing reason for absence (nb)").await?;
    browser.fill(reason, "Kurs i Bergen").await?;
    browser.click("[data-meeting-id] [data-testid='rsvp-absent-send']").await?;
    browser.wait_for_text("[data-meeting-id] [data-testid='rsvp-current']", "Forfall (Kurs i Bergen)").await?;
    browser.wait_for_text("[data-meeting-id] [data-testid='rsvp-status']", "Svaret ditt er lagret.").await?;
    anyhow::ensure!(
        browser.attribute("[data-meeting-id] [data-testid='rsvp-absent']", "aria-pressed").await?.as_deref()
            == Some("true"),
        "the chosen answer is not shown as pressed"
    );
    browser.assert_accessible("/ with notice of absence sent (nb)").await?;
    browser.snapshot("home-gp").await?;
    sign_out(&browser).await?;

    // The secretary sees the answer, holds the meeting, writes and approves the minutes.
    sign_in(&browser, "sigrid@baerum.test", "Sigrid Sekretær").await?;
    browser.open(&meeting_path).await?;
    browser.wait_for_text_containing("[data-testid='answers-summary']", "Forfall: 1").await?;
    let gro_answer = format!("[data-testid='answers-table'] tr[data-person-id='{}']", gro.id);
    browser.wait_for_text(&format!("{gro_answer} th"), "Gro Fastlege").await?;
    browser.wait_for_text(&format!("{gro_answer} td:nth-of-type(3)"), "Kurs i Bergen").await?;
    browser.click("[data-testid='mark-held']").await?;
    browser.wait_for_text("[data-testid='meeting-facts'] [data-testid='meeting-status']", "Avholdt").await?;
    // The attendance sheet takes the notice of absence as excused.
    let gro_row = format!("[data-testid='attendance-table'] tr[data-person-id='{}']", gro.id);
    browser.wait_for_text(&format!("{gro_row} th"), "Gro Fastlege").await?;
    let excused: String = browser
        .client
        .execute(&format!("return document.querySelector(\"{gro_row} select\").value;"), vec![])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned();
    anyhow::ensure!(excused == "excused", "the absence is not prefilled as excused: {excused:?}");
    browser.click("[data-testid='save-attendance']").await?;
    browser.wait_for_text_containing("[data-testid='attendance-trail'] tbody", "Gro Fastlege").await?;
    browser.element("#minutes-summary").await?;
    browser.assert_accessible("/moter/:id held, before the minutes (nb)").await?;
    browser.fill("#minutes-summary", "Godt oppmøte og gode diskusjoner.").await?;
    browser.element("[data-testid='decision']").await?;
    let legevakt_decision = browser
        .client
        .execute(
            "const label = [...document.querySelectorAll('label[for^=minutes-decision]')].find(l => l.textContent.includes('Legevaktsamarbeid')); return '#' + label.getAttribute('for');",
            vec![],
        )
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned();
    browser.fill(&legevakt_decision, "Utvalget støtter felles legevakt.").await?;
    browser.click("[data-testid='save-minutes']").await?;
    browser
        .wait_for_text_containing("[data-testid='minutes-form'] [role='status']", "Referatet er lagret som utkast.")
        .await?;
    browser.fill("#action-title", "Sende høringssvar om legevakt").await?;
    choose(&browser, "#action-owner-id", "Gro Fastlege").await?;
    set_value(&browser, "#action-due-date", &local_day_at(30, "00:00")[..10]).await?;
    choose(&browser, "#action-agenda-item-id", &format!("Sak 1/{year} Legevaktsamarbeid")).await?;
    browser.click("[data-testid='add-action-item']").await?;
    browser
        .wait_for_text("[data-testid='action-items'] [data-testid='action-title']", "Sende høringssvar om legevakt")
        .await?;
    browser.assert_accessible("/moter/:id with draft minutes and an action item (nb)").await?;
    browser.click("[data-testid='approve-minutes']").await?;
    browser.wait_for_text_containing("[data-testid='minutes-state']", "Godkjent av Sigrid Sekretær").await?;
    browser.wait_for_text("[data-testid='meeting-facts'] [data-testid='meeting-status']", "Referat godkjent").await?;
    browser.assert_accessible("/moter/:id with approved minutes (nb)").await?;
    browser.click("[data-testid='minutes-link']").await?;
    browser.wait_for_text_containing("h1", "Referat: Møte i allmennlegeutvalget").await?;
    browser.wait_for_text_containing("[data-testid='minutes-attendance']", "Gro Fastlege (Kurs i Bergen)").await?;
    browser.wait_for_text_containing("main", "Utvalget støtter felles legevakt.").await?;
    browser.assert_accessible("/moter/:id/referat (nb)").await?;
    browser.snapshot("minutes").await?;
    sign_out(&browser).await?;

    // The GP sees the decision and the action item, and starts on it.
    sign_in(&browser, "gro@lege.test", "Gro Fastlege").await?;
    browser.open(&meeting_path).await?;
    browser.wait_for_text_containing("[data-testid='agenda-decision']", "Utvalget støtter felles legevakt.").await?;
    browser
        .wait_for_text("[data-testid='action-items'] [data-testid='action-title']", "Sende høringssvar om legevakt")
        .await?;
    browser.wait_for_text("[data-testid='minutes-summary']", "Godt oppmøte og gode diskusjoner.").await?;
    browser.assert_accessible("/moter/:id as a GP after the minutes (nb)").await?;
    browser.click("nav a[href='/oppgaver']").await?;
    browser.wait_for_text("h1", "Mine oppgaver").await?;
    browser.wait_for_text("[data-testid='action-title']", "Sende høringssvar om legevakt").await?;
    choose(&browser, "[data-testid='action-status']", "Under arbeid").await?;
    browser.wait_for_text("[data-testid='action-item'] [role='status']", "Lagret.").await?;
    browser.assert_accessible("/oppgaver (nb)").await?;
    browser.close().await
}

async fn organiser_tools_in_english_on_a_phone(browser: Browser) -> anyhow::Result<()> {
    let (admin, me) = browser.app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let app = &browser.app;
    app.add_person(&admin, &municipality, "Gro Fastlege", "gro@lege.test", &[Role::Gp]).await;
    let response = admin
        .post(
            &format!("/api/municipalities/{municipality}/bodies"),
            &BodyInput {
                name: "Samarbeidsutvalget".into(),
                kind: BodyKind::CooperationCommittee,
                description: None,
                counts_for_obligation: false,
                closed_papers: true,
                compensated: true,
                preparation_minutes: 30,
                travel_minutes: 0,
            },
        )
        .await;
    anyhow::ensure!(response.status() == 201, "could not create a body: {}", response.text().await?);
    let body: Body = response.json().await?;
    let gro = admin
        .get(&format!("/api/municipalities/{municipality}/people?q=gro"))
        .await
        .json::<Vec<legeting_shared::people::Person>>()
        .await?;
    let members = vec![BodyMemberInput {
        person_id: gro[0].id.clone(),
        role: BodyRole::Member,
        term_start: None,
        term_end: None,
    }];
    let response = admin.put(&format!("/api/bodies/{}/members", body.id), &members).await;
    anyhow::ensure!(response.status() == 200, "could not set members: {}", response.text().await?);
    let meeting = create_meeting(
        &admin,
        &municipality,
        &meeting_input(
            Some(&body.id),
            MeetingKind::CommitteeMeeting,
            "Samarbeidsmøte om legevakt",
            local_day_at(10, "09:00"),
            local_day_at(10, "11:00"),
            Invitees::BodyMembers,
        ),
    )
    .await?;
    for title in ["Budsjett for legevakten", "Nye lokaler"] {
        let response = admin
            .post(
                &format!("/api/meetings/{}/agenda", meeting.id),
                &AgendaItemInput { title: title.into(), description: Some("Saksframlegg.".into()) },
            )
            .await;
        anyhow::ensure!(response.status() == 201, "could not add an item: {}", response.text().await?);
    }
    send_notice(&admin, &meeting.id).await?;

    browser.resize(375, 800).await?;
    sign_in(&browser, "admin@baerum.test", "Astrid Admin").await?;
    browser.click("button.app-lang").await?;
    browser.wait_for_text("h1", "Welcome to Legeting").await?;

    // The menu folds away on a phone and opens with its button.
    anyhow::ensure!(
        !browser.client.find(fantoccini::Locator::Css("nav a[href='/moter']")).await?.is_displayed().await?,
        "the menu is open on a phone"
    );
    browser.click("[data-testid='menu-toggle']").await?;
    anyhow::ensure!(
        browser.attribute("[data-testid='menu-toggle']", "aria-expanded").await?.as_deref() == Some("true"),
        "the menu button does not say it is open"
    );
    browser.assert_accessible("/ with the menu open at 375 px (en)").await?;
    browser.click("nav a[href='/moter']").await?;
    browser.wait_for_text("h1", "My meetings").await?;
    browser.wait_until_gone("[data-testid='loading']").await?;
    anyhow::ensure!(
        browser.attribute("[data-testid='menu-toggle']", "aria-expanded").await?.as_deref() == Some("false"),
        "the menu stays open after navigating"
    );
    // The organiser's tab lists the municipality's meetings; arrow keys move between the tabs.
    browser.click("[data-testid='tab-upcoming']").await?;
    browser.client.find(fantoccini::Locator::Css("[data-testid='tab-upcoming']")).await?.send_keys("\u{E014}").await?;
    browser.wait_for_focus("[data-testid='tab-past']").await?;
    browser.wait_for_text("[data-testid='meetings-none']", "No past meetings.").await?;
    browser.client.find(fantoccini::Locator::Css("[data-testid='tab-past']")).await?.send_keys("\u{E014}").await?;
    browser.wait_for_focus("[data-testid='tab-municipality']").await?;
    browser.wait_for_text("[data-testid='meeting-list'] h2 a", "Samarbeidsmøte om legevakt").await?;
    ensure_fits(&browser, "/moter at 375 px").await?;
    browser.assert_accessible("/moter at 375 px (en)").await?;
    browser.snapshot("phone-meetings").await?;

    // The meeting page at phone width; reorder with the keyboard.
    browser.click("[data-testid='meeting-list'] h2 a").await?;
    browser.wait_for_text("[data-testid='meeting-title']", "Samarbeidsmøte om legevakt").await?;
    browser.wait_for_text_containing("[data-testid='agenda-item']:nth-child(2) h3", "Nye lokaler").await?;
    let down = browser
        .client
        .find(fantoccini::Locator::Css("[data-testid='agenda-item']:nth-child(1) [data-testid='agenda-down']"))
        .await?;
    browser.client.execute("arguments[0].focus(); return true;", vec![serde_json::to_value(&down)?]).await?;
    down.send_keys("\u{E007}").await?;
    browser.wait_for_text_containing("[data-testid='agenda-item']:nth-child(1) h3", "Nye lokaler").await?;
    browser.wait_for_focus("[data-testid='agenda-item']:nth-child(2) [data-testid='agenda-up']").await?;
    browser
        .wait_for_text_containing(
            "section[aria-labelledby='agenda-heading'] [role='status']",
            "has moved to position 2",
        )
        .await?;

    // Attach a case paper to the first item; it can be downloaded.
    let dir = tempfile::tempdir()?;
    let paper = dir.path().join("saksframlegg.txt");
    std::fs::write(&paper, "Forslag til nye lokaler for legevakten.")?;
    browser
        .client
        .find(fantoccini::Locator::Css("[data-testid='agenda-item']:nth-child(1) [data-testid='attachment-file']"))
        .await?
        .send_keys(&paper.display().to_string())
        .await?;
    browser.click("[data-testid='agenda-item']:nth-child(1) [data-testid='attachment-upload']").await?;
    browser
        .wait_for_text("[data-testid='agenda-item']:nth-child(1) [data-testid='attachment']", "saksframlegg.txt")
        .await?;
    ensure_fits(&browser, "/moter/:id at 375 px").await?;
    browser.assert_accessible("/moter/:id at 375 px (en)").await?;
    browser.snapshot("phone-meeting").await?;

    // Reschedule: the history says so.
    browser.click("[data-testid='edit-meeting']").await?;
    browser.wait_for_text("h1", "Change or reschedule the meeting").await?;
    browser.element("#meeting-title").await?;
    ensure_fits(&browser, "/moter/:id/rediger at 375 px").await?;
    browser.assert_accessible("/moter/:id/rediger at 375 px (en)").await?;
    set_value(&browser, "#meeting-starts-local", &local_day_at(11, "09:00")).await?;
    set_value(&browser, "#meeting-ends-local", &local_day_at(11, "11:30")).await?;
    browser.click("[data-testid='save-meeting']").await?;
    browser.wait_for_text_containing("main [role='status']", "The changes to the meeting are saved.").await?;
    browser.wait_for_text_containing("[data-testid='meeting-when']", "11:30").await?;
    browser.click("section[aria-labelledby='history-heading'] summary").await?;
    browser.wait_for_text_containing(".app-history", "Rescheduled").await?;
    browser.assert_accessible("/moter/:id after rescheduling (en)").await?;

    // Search finds the item; the committee pages, a new meeting, the profile's calendar feed.
    browser.open("/sok?q=lokaler").await?;
    browser.wait_for_text("h1", "Search meetings").await?;
    browser.wait_for_text("[data-testid='search-count']", "1 result").await?;
    browser.wait_for_text_containing("[data-testid='search-hits']", "Nye lokaler").await?;
    browser.assert_accessible("/sok at 375 px (en)").await?;
    for (path, heading) in [
        ("/utvalg", "Committees and fora"),
        (&format!("/utvalg/{}", body.id) as &str, "Samarbeidsutvalget"),
        ("/moter/ny", "New meeting"),
        ("/oppgaver", "My action items"),
    ] {
        browser.open(path).await?;
        browser.wait_for_text("h1", heading).await?;
        browser.wait_until_gone("[data-testid='loading']").await?;
        ensure_fits(&browser, path).await?;
        browser.assert_accessible(&format!("{path} at 375 px (en)")).await?;
        browser.snapshot(&format!("phone{}", path.replace('/', "-"))).await?;
    }
    browser.open("/profil").await?;
    browser.wait_for_text("h1", "My profile").await?;
    browser.click("[data-testid='feed-make']").await?;
    browser.element("[data-testid='feed-url']").await?;
    let url = browser
        .client
        .execute("return document.querySelector('#feed-url').value;", vec![])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned();
    anyhow::ensure!(url.contains("/api/calendar/feed/"), "no feed URL shown: {url:?}");
    browser.wait_for_focus("#feed-url").await?;
    ensure_fits(&browser, "/profil at 375 px").await?;
    browser.assert_accessible("/profil with a calendar feed at 375 px (en)").await?;
    let feed = reqwest::get(&url).await?;
    anyhow::ensure!(feed.status() == 200, "the feed does not answer: {}", feed.status());
    let text = feed.text().await?;
    // The administrator is not invited to the meeting, so the feed is an empty calendar.
    anyhow::ensure!(text.contains("BEGIN:VCALENDAR") && !text.contains("Samarbeidsmøte"), "unexpected feed: {text}");
    browser.click("[data-testid='feed-stop']").await?;
    browser.wait_for_text("[data-testid='feed-status']", "The subscription has been stopped.").await?;
    anyhow::ensure!(reqwest::get(&url).await?.status() == 404, "the stopped feed still answers");

    // Cancelling asks for a reason, which everyone then sees.
    browser.open(&format!("/moter/{}", meeting.id)).await?;
    anyhow::ensure!(
        !browser.element("#cancel-form").await?.is_displayed().await?,
        "the cancel form shows before it is asked for"
    );
    browser.click("[data-testid='cancel-meeting']").await?;
    browser.wait_for_focus("#cancel-reason").await?;
    browser.click("[data-testid='confirm-cancel']").await?;
    browser.wait_for_text("#cancel-reason-error", "Fill in this field.").await?;
    browser.assert_accessible("/moter/:id cancelling without a reason (en)").await?;
    browser.fill("#cancel-reason", "The chair is ill").await?;
    browser.click("[data-testid='confirm-cancel']").await?;
    browser.wait_for_text_containing("[data-testid='meeting-cancelled']", "The chair is ill").await?;
    browser.wait_for_text("[data-testid='meeting-facts'] [data-testid='meeting-status']", "Cancelled").await?;
    browser.wait_until_gone("[data-testid='mark-held']").await?;
    ensure_fits(&browser, "/moter/:id cancelled at 375 px").await?;
    browser.assert_accessible("/moter/:id cancelled (en)").await?;
    browser.close().await
}
