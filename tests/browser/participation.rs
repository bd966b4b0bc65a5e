//! Attendance, the annual obligation, analytics and compensation in the browser (issue 5): a GP checks in with
//! the code the secretary shows and sees the obligation turn to "met"; the secretary keeps the attendance
//! sheet; a leader reads the dashboard (rates, charts with their tables) in English and downloads the XLSX;
//! an administrator keeps the rates in kroner, exempts a GP, and reads the compensation GPs also see.

use anyhow::Context;
use legeting_shared::meetings::{
    BodyInput, BodyKind, BodyMemberInput, BodyRole, Invitees, MeetingKind, RsvpAnswer, RsvpInput,
};
use legeting_shared::participation::{AttendanceInput, AttendanceStatus, AttendanceUpdate};
use legeting_shared::people::{Office, OfficeInput, Person, PersonInput, Role};
use legeting_tests::Session;
use serde_json::json;

use crate::Scenario;
use crate::driver::Browser;
use crate::meetings::{choose, create_meeting, ensure_fits, local_in, meeting_input, send_notice, set_value};
use crate::people::{sign_in, sign_out};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        (
            "a GP checks in with the secretary's code and meets the obligation; a leader reads the dashboard in English and downloads the XLSX",
            |b| Box::pin(check_in_and_dashboard(b)),
        ),
        (
            "an administrator keeps the rates in kroner, exempts a GP, and the compensation adds up for GP and municipality",
            |b| Box::pin(rates_obligation_and_compensation(b)),
        ),
    ]
}

/// As an administrator: add a person with an office and roles.
async fn add_gp(
    admin: &Session,
    municipality: &str,
    name: &str,
    email: &str,
    office: Option<&str>,
    roles: &[Role],
) -> anyhow::Result<Person> {
    let input = PersonInput {
        name: name.into(),
        email: email.into(),
        phone: None,
        hpr_number: None,
        office_id: office.map(str::to_owned),
        specialist: false,
        list_size: None,
        open_list_places: None,
        employment: None,
        active: true,
        roles: roles.to_vec(),
    };
    let response = admin.post(&format!("/api/municipalities/{municipality}/people"), &input).await;
    anyhow::ensure!(response.status() == 201, "could not add {email}: {}", response.text().await?);
    Ok(response.json().await?)
}

/// As an organiser: record attendance.
async fn record(
    organiser: &Session,
    meeting_id: &str,
    records: Vec<(&str, AttendanceStatus, Option<&str>)>,
) -> anyhow::Result<()> {
    let update = AttendanceUpdate {
        records: records
            .into_iter()
            .map(|(person_id, status, reason)| AttendanceInput {
                person_id: person_id.into(),
                status,
                reason: reason.map(str::to_owned),
            })
            .collect(),
        correction_reason: None,
    };
    let response = organiser.put(&format!("/api/meetings/{meeting_id}/attendance"), &update).await;
    anyhow::ensure!(response.status() == 200, "could not record attendance: {}", response.text().await?);
    Ok(())
}

/// Fetch `href` with the browser's own session (cookies) and return the status and content type.
pub(crate) async fn fetch_in_browser(browser: &Browser, href: &str) -> anyhow::Result<(u64, String, u64)> {
    let script = r#"
        const done = arguments[arguments.length - 1];
        fetch(arguments[0], { credentials: 'same-origin' })
            .then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get('content-type') || '', b.byteLength])))
            .catch(e => done([0, String(e), 0]));
    "#;
    let value = browser.client.execute_async(script, vec![json!(href)]).await?;
    let status = value[0].as_u64().unwrap_or_default();
    let content_type = value[1].as_str().unwrap_or_default().to_owned();
    let length = value[2].as_u64().unwrap_or_default();
    Ok((status, content_type, length))
}

async fn check_in_and_dashboard(browser: Browser) -> anyhow::Result<()> {
    let (admin, me) = browser.app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let app = &browser.app;
    let response = admin
        .post(
            &format!("/api/municipalities/{municipality}/offices"),
            &OfficeInput { name: "Sandvika legesenter".into(), address: None },
        )
        .await;
    anyhow::ensure!(response.status() == 201, "could not add an office: {}", response.text().await?);
    let office: Office = response.json().await?;
    add_gp(&admin, &municipality, "Sigrid Sekretær", "sigrid@baerum.test", None, &[Role::Secretary]).await?;
    add_gp(&admin, &municipality, "Lena Leder", "lena@baerum.test", None, &[Role::Leader]).await?;
    let gro = add_gp(&admin, &municipality, "Gro Fastlege", "gro@lege.test", Some(&office.id), &[Role::Gp]).await?;
    let per = add_gp(&admin, &municipality, "Per Fastlege", "per@lege.test", None, &[Role::Gp]).await?;
    let liv = add_gp(&admin, &municipality, "Liv Fastlege", "liv@lege.test", None, &[Role::Gp]).await?;
    for email in ["sigrid@baerum.test", "lena@baerum.test", "gro@lege.test"] {
        app.signed_in(email).await;
    }
    let per_session = app.signed_in("per@lege.test").await;
    // All-GP meetings count towards the obligation in this municipality.
    let response = admin
        .put(
            &format!("/api/municipalities/{municipality}/obligation/rules"),
            &json!({ "meeting_kinds": ["all_gp_meeting"] }),
        )
        .await;
    anyhow::ensure!(response.status() == 200, "could not set the rules: {}", response.text().await?);

    // A meeting that ended an hour ago: Per came, Liv joined remotely, Gro had notice of absence.
    let past = create_meeting(
        &admin,
        &municipality,
        &meeting_input(
            None,
            MeetingKind::AllGpMeeting,
            "Storlegemøte om legevakt",
            local_in(-180),
            local_in(-60),
            Invitees::AllGps,
        ),
    )
    .await?;
    send_notice(&admin, &past.id).await?;
    record(
        &admin,
        &past.id,
        vec![
            (&per.id, AttendanceStatus::InPerson, None),
            (&liv.id, AttendanceStatus::Remote, None),
            (&gro.id, AttendanceStatus::Excused, Some("Syk")),
        ],
    )
    .await?;
    // A meeting going on now, for checking in; and one about to start, answered by Per.
    let now = create_meeting(
        &admin,
        &municipality,
        &meeting_input(
            None,
            MeetingKind::AllGpMeeting,
            "Storlegemøte i dag",
            local_in(-10),
            local_in(50),
            Invitees::AllGps,
        ),
    )
    .await?;
    send_notice(&admin, &now.id).await?;
    let soon = create_meeting(
        &admin,
        &municipality,
        &meeting_input(None, MeetingKind::AllGpMeeting, "Kveldsmøte", local_in(40), local_in(100), Invitees::AllGps),
    )
    .await?;
    send_notice(&admin, &soon.id).await?;
    let response = per_session
        .put(&format!("/api/meetings/{}/rsvp", soon.id), &RsvpInput { answer: RsvpAnswer::InPerson, reason: None })
        .await;
    anyhow::ensure!(response.status() == 200, "Per could not answer: {}", response.text().await?);

    // The secretary shows the check-in code…
    sign_in(&browser, "sigrid@baerum.test", "Sigrid Sekretær").await?;
    browser.open(&format!("/moter/{}", now.id)).await?;
    browser.wait_for_text("[data-testid='no-check-in-code']", "Ingen kode er laget ennå.").await?;
    browser.click("[data-testid='make-check-in-code']").await?;
    let code = browser.text_of("[data-testid='check-in-code']").await?;
    anyhow::ensure!(code.len() == 8 && code.chars().all(|c| c.is_ascii_digit()), "not an eight-digit code: {code:?}");
    browser.wait_for_focus("#check-in-code").await?;
    let src = browser.attribute("[data-testid='check-in-qr']", "src").await?.unwrap_or_default();
    anyhow::ensure!(
        src.starts_with("data:image/svg+xml;base64,"),
        "the QR code is not an SVG image: {}",
        &src[..src.len().min(40)]
    );
    let alt = browser.attribute("[data-testid='check-in-qr']", "alt").await?.unwrap_or_default();
    anyhow::ensure!(
        alt.contains("QR-kode") && alt.contains("Storlegemøte i dag") && alt.contains(&code),
        "unhelpful alt text: {alt:?}"
    );
    browser.assert_accessible("/moter/:id with a check-in code (nb)").await?;
    browser.snapshot("check-in-code").await?;

    // … keeps the sheet of the past meeting: correcting Liv needs a reason, and the trail keeps it …
    browser.open(&format!("/moter/{}", past.id)).await?;
    let liv_row = format!("[data-testid='attendance-table'] tr[data-person-id='{}']", liv.id);
    browser.wait_for_text(&format!("{liv_row} th"), "Liv Fastlege").await?;
    choose(&browser, &format!("{liv_row} select"), "Fravær").await?;
    browser.click("[data-testid='save-attendance']").await?;
    browser
        .wait_for_text(
            "#attendance-correction-reason-error",
            "Skriv hvorfor du endrer oppmøte som allerede er registrert.",
        )
        .await?;
    browser.wait_for_focus("#attendance-errors").await?;
    browser.assert_accessible("/moter/:id attendance correction without a reason (nb)").await?;
    browser.fill("#attendance-correction-reason", "Koblet seg aldri på").await?;
    browser.click("[data-testid='save-attendance']").await?;
    browser.wait_for_text_containing("[data-testid='attendance-trail']", "Koblet seg aldri på").await?;
    browser.wait_for_text_containing("[data-testid='attendance-trail']", "Til stede digitalt → Fravær").await?;
    browser.assert_accessible("/moter/:id attendance corrected (nb)").await?;

    // … and marks everyone who said they would come to the next meeting as present.
    browser.open(&format!("/moter/{}", soon.id)).await?;
    let per_row = format!("[data-testid='attendance-table'] tr[data-person-id='{}']", per.id);
    browser.wait_for_text(&format!("{per_row} td:nth-of-type(1)"), "Kommer").await?;
    browser.click("[data-testid='mark-attending']").await?;
    browser.click("[data-testid='save-attendance']").await?;
    browser.wait_for_text_containing("[data-testid='attendance-trail']", "Per Fastlege").await?;
    browser.wait_for_text_containing(&format!("{per_row} td:nth-of-type(4)"), "Sekretær").await?;
    browser.assert_accessible("/moter/:id attendance marked in bulk (nb)").await?;
    sign_out(&browser).await?;

    // The GP checks in with the code and the obligation is met.
    sign_in(&browser, "gro@lege.test", "Gro Fastlege").await?;
    browser.wait_for_text("[data-testid='obligation-status']", "Min årlige møteplikt: ikke ennå").await?;
    browser.open("/innsjekk?kode=12%2034").await?;
    browser.wait_for_text("h1", "Sjekk inn på møtet").await?;
    let prefilled = browser.client.execute("return document.querySelector('#check-in-code').value;", vec![]).await?;
    anyhow::ensure!(prefilled.as_str() == Some("1234"), "the code from the link is not filled in: {prefilled}");
    browser.click("[data-testid='check-in-submit']").await?;
    browser.wait_for_text("#check-in-code-error", "Koden har åtte sifre.").await?;
    browser.assert_accessible("/innsjekk with an error (nb)").await?;
    browser.click("nav a[href='/innsjekk']").await?;
    browser.fill("#check-in-code", &code).await?;
    browser.click("[data-testid='check-in-submit']").await?;
    browser
        .wait_for_text_containing("[data-testid='check-in-done']", "Du er sjekket inn på «Storlegemøte i dag»")
        .await?;
    browser.wait_for_focus("#check-in-done").await?;
    browser.assert_accessible("/innsjekk checked in (nb)").await?;
    browser.snapshot("checked-in").await?;
    browser.click("nav a[href='/']").await?;
    browser.wait_for_text("[data-testid='obligation-status']", "Min årlige møteplikt: oppfylt").await?;
    browser.wait_for_text_containing(".app-obligation", "Storlegemøte i dag").await?;
    browser.assert_accessible("/ with the obligation met (nb)").await?;
    sign_out(&browser).await?;

    // A leader reads the dashboard in English.
    sign_in(&browser, "lena@baerum.test", "Lena Leder").await?;
    browser.click("button.app-lang").await?;
    browser.click("nav a[href='/deltakelse']").await?;
    browser.wait_for_text("h1", "Participation").await?;
    // Only the meeting that has ended counts: Per attended; Liv was corrected to absent; Gro was excused.
    browser.wait_for_text("[data-testid='total-rate']", "33.3%").await?;
    browser.wait_for_text("[data-testid='total-invited']", "3").await?;
    browser.wait_for_text("[data-testid='total-attended']", "1").await?;
    for chart in ["chart-office", "chart-body", "chart-kind", "chart-trend", "chart-comparison"] {
        browser.element(&format!("[data-testid='{chart}'] figcaption")).await?;
    }
    browser.wait_for_text_containing("[data-testid='chart-kind'] .app-chart__bars", "All-GP meeting").await?;
    browser.click("[data-testid='chart-kind-details'] summary").await?;
    browser.wait_for_text("[data-testid='chart-kind'] [data-testid='table-rate']", "33.3%").await?;
    browser.click("[data-testid='chart-office-details'] summary").await?;
    browser.wait_for_text_containing("[data-testid='chart-office'] table", "Sandvika legesenter").await?;
    browser.wait_for_text("[data-testid='chart-office'] [data-testid='table-rate']", "0%").await?;
    browser.wait_for_text_containing("[data-testid='attended-nothing']", "Gro Fastlege").await?;
    browser.wait_for_text_containing("[data-testid='attended-nothing']", "Liv Fastlege").await?;
    // The table by GP sorts by rate, best first.
    browser.click("[data-testid='sort-rate']").await?;
    browser.wait_for_text("[data-testid='by-gp-table'] tbody tr:first-child th", "Per Fastlege").await?;
    anyhow::ensure!(
        browser.attribute("[data-testid='by-gp-table'] th:nth-child(5)", "aria-sort").await?.as_deref()
            == Some("descending"),
        "the sorted column does not say so"
    );
    browser.assert_accessible("/deltakelse (en)").await?;
    browser.snapshot("dashboard").await?;
    // The downloads are the same report, with the browser's session.
    let xlsx = browser.attribute("[data-testid='download-xlsx']", "href").await?.context("no XLSX link")?;
    anyhow::ensure!(xlsx.contains("/participation.xlsx?from="), "unexpected XLSX link {xlsx}");
    let (status, content_type, length) = fetch_in_browser(&browser, &xlsx).await?;
    anyhow::ensure!(status == 200, "the XLSX download answered {status}");
    anyhow::ensure!(content_type.contains("spreadsheetml"), "the XLSX download is {content_type}");
    anyhow::ensure!(length > 100, "the XLSX file is empty");
    let csv = browser.attribute("[data-testid='download-csv']", "href").await?.context("no CSV link")?;
    let (status, content_type, _) = fetch_in_browser(&browser, &csv).await?;
    anyhow::ensure!(
        status == 200 && content_type.contains("text/csv"),
        "the CSV download answered {status} {content_type}"
    );
    // And it fits a phone.
    browser.resize(375, 800).await?;
    ensure_fits(&browser, "/deltakelse at 375 px").await?;
    browser.snapshot("phone-dashboard").await?;
    browser.close().await
}

async fn rates_obligation_and_compensation(browser: Browser) -> anyhow::Result<()> {
    let (admin, me) = browser.app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let app = &browser.app;
    let gro = add_gp(&admin, &municipality, "Gro Fastlege", "gro@lege.test", None, &[Role::Gp]).await?;
    add_gp(&admin, &municipality, "Ola Fastlege", "ola@lege.test", None, &[Role::Gp]).await?;
    app.signed_in("gro@lege.test").await;
    // A paid committee: one hour of preparation per meeting. Gro attended a two-hour meeting today.
    let response = admin
        .post(
            &format!("/api/municipalities/{municipality}/bodies"),
            &BodyInput {
                name: "Kvalitetsutvalget".into(),
                kind: BodyKind::QualityCommittee,
                description: None,
                counts_for_obligation: false,
                closed_papers: false,
                compensated: true,
                preparation_minutes: 60,
                travel_minutes: 0,
            },
        )
        .await;
    anyhow::ensure!(response.status() == 201, "could not create a body: {}", response.text().await?);
    let body: legeting_shared::meetings::Body = response.json().await?;
    let members =
        vec![BodyMemberInput { person_id: gro.id.clone(), role: BodyRole::Member, term_start: None, term_end: None }];
    let response = admin.put(&format!("/api/bodies/{}/members", body.id), &members).await;
    anyhow::ensure!(response.status() == 200, "could not set members: {}", response.text().await?);
    let meeting = create_meeting(
        &admin,
        &municipality,
        &meeting_input(
            Some(&body.id),
            MeetingKind::CommitteeMeeting,
            "Kvalitetsmøte",
            local_in(-150),
            local_in(-30),
            Invitees::BodyMembers,
        ),
    )
    .await?;
    send_notice(&admin, &meeting.id).await?;
    record(&admin, &meeting.id, vec![(&gro.id, AttendanceStatus::InPerson, None)]).await?;

    sign_in(&browser, "admin@baerum.test", "Astrid Admin").await?;

    // Rates: the defaults are shown in kroner; a new period is typed in kroner and kept to the øre.
    browser.click("nav a[href='/satser']").await?;
    browser.wait_for_text("h1", "Timesatser").await?;
    browser
        .wait_for_text("[data-testid='rate-row']:first-child [data-testid='specialist-rate']", "1 230,00 kr")
        .await?;
    browser.wait_for_text("[data-testid='rate-row']:first-child [data-testid='other-rate']", "1 075,00 kr").await?;
    browser.assert_accessible("/satser (nb)").await?;
    set_value(&browser, "#rate-valid-from", "2030-01-01").await?;
    browser.fill("#rate-specialist-rate-ore", "1 300,505").await?;
    browser.fill("#rate-other-rate-ore", "1100").await?;
    browser.click("[data-testid='add-rate']").await?;
    browser.wait_for_text("#rate-specialist-rate-ore-error", "Skriv et beløp i kroner, for eksempel 1 230,50.").await?;
    browser.assert_accessible("/satser with an error (nb)").await?;
    browser.fill("#rate-specialist-rate-ore", "1 300,50").await?;
    browser.click("[data-testid='add-rate']").await?;
    browser.wait_for_text("[data-testid='rate-row'][data-own] [data-testid='specialist-rate']", "1 300,50 kr").await?;
    browser.wait_for_text("[data-testid='rate-row'][data-own] [data-testid='other-rate']", "1 100,00 kr").await?;
    let stored: Vec<legeting_shared::participation::RatePeriod> =
        admin.get(&format!("/api/municipalities/{municipality}/rates")).await.json().await?;
    let own = stored.iter().find(|r| r.municipality_id.is_some()).context("the period was not stored")?;
    anyhow::ensure!((own.specialist_rate_ore, own.other_rate_ore) == (130_050, 110_000), "stored {own:?}");
    browser.assert_accessible("/satser with an own period (nb)").await?;
    browser.snapshot("rates").await?;
    browser.click("[data-testid='delete-rate']").await?;
    browser.wait_until_gone("[data-testid='rate-row'][data-own]").await?;

    // The obligation: exempt Ola with a reason, filter, remove the exemption again.
    browser.click("nav a[href='/moteplikt']").await?;
    browser.wait_for_text("h1", "Årlig møteplikt").await?;
    browser
        .wait_for_text(
            "[data-testid='obligation-summary']",
            "0 av 2 fastleger har oppfylt møteplikten, og 0 er fritatt.",
        )
        .await?;
    browser.assert_accessible("/moteplikt (nb)").await?;
    choose(&browser, "#exempt-person-id", "Ola Fastlege").await?;
    browser.fill("#exempt-reason", "Foreldrepermisjon").await?;
    browser.click("[data-testid='add-exemption']").await?;
    browser
        .wait_for_text(
            "[data-testid='obligation-summary']",
            "0 av 2 fastleger har oppfylt møteplikten, og 1 er fritatt.",
        )
        .await?;
    browser.wait_for_text_containing("[data-testid='obligation-table']", "Foreldrepermisjon (Astrid Admin)").await?;
    browser.click("label[for='obligation-only-unmet']").await?;
    browser.wait_until_gone("[data-testid='remove-exemption']").await?;
    browser.wait_for_text("[data-testid='obligation-table'] tbody th", "Gro Fastlege").await?;
    browser.assert_accessible("/moteplikt filtered (nb)").await?;
    browser.snapshot("obligation").await?;
    browser.click("label[for='obligation-only-unmet']").await?;
    browser.click("[data-testid='remove-exemption']").await?;
    browser
        .wait_for_text(
            "[data-testid='obligation-summary']",
            "0 av 2 fastleger har oppfylt møteplikten, og 0 er fritatt.",
        )
        .await?;

    // Compensation: two hours of meeting and one of preparation at 1 075 kr/h.
    browser.click("nav a[href='/godtgjoring']").await?;
    browser.wait_for_text("h1", "Godtgjøring").await?;
    browser.wait_for_text("[data-testid='payroll-total']", "3 225,00 kr").await?;
    browser.wait_for_text("[data-testid='payroll'] tbody th", "Gro Fastlege").await?;
    let href = browser.attribute("[data-testid='payroll-xlsx']", "href").await?.context("no payroll link")?;
    let (status, content_type, _) = fetch_in_browser(&browser, &href).await?;
    anyhow::ensure!(
        status == 200 && content_type.contains("spreadsheetml"),
        "the payroll export answered {status} {content_type}"
    );
    browser.assert_accessible("/godtgjoring for the municipality (nb)").await?;
    browser.snapshot("compensation").await?;
    sign_out(&browser).await?;

    // The GP sees the same amount on their own statement.
    sign_in(&browser, "gro@lege.test", "Gro Fastlege").await?;
    browser.click("nav a[href='/godtgjoring']").await?;
    browser.wait_for_text("[data-testid='my-total']", "3 225,00 kr").await?;
    browser.wait_for_text_containing("[data-testid='my-compensation'] tbody", "Kvalitetsmøte").await?;
    browser.wait_until_gone("[data-testid='payroll']").await?;
    browser.assert_accessible("/godtgjoring as a GP (nb)").await?;
    browser.click("nav a[href='/moteplikt']").await?;
    browser.wait_for_text("[data-testid='obligation-status']", "Min årlige møteplikt: ikke ennå").await?;
    browser.assert_accessible("/moteplikt as a GP (nb)").await?;
    browser.close().await
}
