//! Letters and the monthly digest: the chief medical officer writes, publishes and mails a letter to every
//! GP once, in their language, with a one-click unsubscribe; the archive shows it to members and nothing to
//! anyone else; bad input is refused and saves nothing; and the monthly digest gathers each person's
//! meetings, action items and the month's letters, once per month.

use chrono::{Datelike, TimeZone};
use legeting_shared::ErrorBody;
use legeting_shared::api::NoQuery;
use legeting_shared::api::letters as letters_api;
use legeting_shared::letters::PublishLetter;
use legeting_shared::letters::{Letter, LetterStatus, LetterSummary};
use legeting_shared::mail::MailPreferences;
use legeting_shared::people::Role;
use legeting_tests::smtp::TestSmtp;
use legeting_tests::{Spawn, TestApp, TestMail, spawn_app_with_mail};
use serde_json::{Value, json};

use crate::mail::{alu, mails_to, notice, schedule};

const DAY_MS: i64 = 86_400_000;

fn letter_input(title: &str) -> Value {
    json!({
        "kind": "information", "audience": "gps", "title": title,
        "body": "Kjære fastleger,\r\n\r\nLegevakten flytter til Sandvika 1. mars.\nNytt telefonnummer kommer.\r\n\r\nSe vedlagte plan."
    })
}

async fn app(digest_day: Option<u32>) -> (TestApp, TestSmtp) {
    let smtp = TestSmtp::start().await.expect("the test SMTP server starts");
    let mail = TestMail { smtp_url: Some(smtp.url()), worker: false, digest_day, ..TestMail::default() };
    (spawn_app_with_mail(Spawn::default(), mail).await, smtp)
}

#[tokio::test]
async fn a_published_letter_reaches_every_gp_once_in_their_language_and_stays_in_the_archive() {
    let (app, smtp) = app(None).await;
    let alu = alu(&app).await;
    let guest = app.add_person(&alu.admin, &alu.municipality, "Gunn Gjest", "gunn@sykehus.test", &[Role::Guest]).await;
    let guest = app.signed_in(&guest.email).await;
    // Carl turns letters off; Kari (English) keeps them.
    let off = MailPreferences { information: false, ..MailPreferences::default() };
    assert_eq!(alu.chair.put("/api/auth/me/mail-preferences", &off).await.status(), 200);

    // Sara, the chief medical officer's secretary, writes a draft; only writers see it.
    let letters = format!("/api/municipalities/{}/letters", alu.municipality);
    let response = alu.secretary.post(&letters, &letter_input("Legevakten flytter")).await;
    assert_eq!(response.status(), 201);
    let draft: Letter = response.json().await.expect("a letter");
    assert_eq!((draft.status, draft.audience_size, draft.can_edit), (LetterStatus::Draft, 2, true));
    assert_eq!(
        draft.body,
        "Kjære fastleger,\n\nLegevakten flytter til Sandvika 1. mars.\nNytt telefonnummer kommer.\n\nSe vedlagte plan."
    );
    let letter_url = format!("/api/letters/{}", draft.id);
    assert_eq!(alu.gp.get(&letter_url).await.status(), 404, "a draft is not there for a GP");
    let archive: Vec<LetterSummary> = alu.gp.get(&letters).await.json().await.expect("letters");
    assert!(archive.is_empty());
    assert_eq!(alu.gp.post(&letters, &letter_input("Fra en fastlege")).await.status(), 403);
    assert_eq!(alu.gp.post(&format!("{letter_url}/publish"), &json!({"send_email": true})).await.status(), 404);

    // Publishing queues the e-mails with it; one batch sends them, nothing is sent twice.
    let response = alu.secretary.post(&format!("{letter_url}/publish"), &json!({"send_email": true})).await;
    assert_eq!(response.status(), 200);
    let published: Letter = response.json().await.expect("a letter");
    assert_eq!(published.status, LetterStatus::Published);
    assert_eq!(published.emailed_to, Some(1), "Kari; Carl turned letters off");
    assert!(published.published_at.is_some());
    assert_eq!(alu.secretary.post(&format!("{letter_url}/publish"), &json!({"send_email": true})).await.status(), 409);
    let report = app.deliver_mail().await;
    assert_eq!(report.sent, 1, "{report:?}");
    assert_eq!(app.deliver_mail().await.sent, 0);
    assert!(mails_to(&smtp, "carl@lege.test").is_empty(), "Carl turned letters off");
    assert!(mails_to(&smtp, "kol@baerum.test").is_empty(), "the letter is for the GPs");
    let kari = mails_to(&smtp, "kari@lege.test");
    assert_eq!(kari.len(), 1);
    let kari = &kari[0];
    assert_eq!(kari.subject, "Information from the municipal chief medical officer: Legevakten flytter");
    assert_eq!(kari.from_name.as_deref(), Some("Bærum"));
    assert_eq!(kari.reply_to.as_deref(), Some("kol@baerum.test"), "replies reach the writer");
    assert!(kari.text.starts_with("Hello Kari Fastlege,"), "{}", kari.text);
    assert!(
        kari.text.contains("Legevakten flytter til Sandvika 1. mars.")
            && kari.text.contains("Nytt telefonnummer kommer."),
        "{}",
        kari.text
    );
    assert!(kari.text.contains(&format!("/informasjon/{}", draft.id)), "{}", kari.text);
    assert!(kari.html.contains("<html lang=\"en\">") && kari.html.contains("Se vedlagte plan."), "{}", kari.html);
    assert!(kari.list_unsubscribe.as_deref().is_some_and(|u| u.contains("/api/unsubscribe/")));
    assert_eq!(kari.list_unsubscribe_post.as_deref(), Some("List-Unsubscribe=One-Click"));

    // The archive: every member but guests reads it; other municipalities see nothing.
    let archive: Vec<LetterSummary> = alu.gp.get(&letters).await.json().await.expect("letters");
    assert_eq!(archive.len(), 1);
    assert!(archive[0].excerpt.starts_with("Kjære fastleger, Legevakten flytter"), "{}", archive[0].excerpt);
    let read: Letter = alu.gp.get(&letter_url).await.json().await.expect("a letter");
    assert_eq!((read.title.as_str(), read.can_edit), ("Legevakten flytter", false));
    assert_eq!(guest.get(&letters).await.status(), 403);
    assert_eq!(guest.get(&letter_url).await.status(), 404);
    let asker: Value =
        alu.admin.post("/api/municipalities", &json!({"name": "Asker"})).await.json().await.expect("Asker");
    let asker_id = asker["id"].as_str().expect("an id");
    app.add_person(&alu.admin, asker_id, "Asker Sekretær", "sek@asker.test", &[Role::Secretary]).await;
    let asker_secretary = app.signed_in("sek@asker.test").await;
    assert_eq!(asker_secretary.get(&letter_url).await.status(), 404);
    assert_eq!(asker_secretary.get(&letters).await.status(), 404);
    assert_eq!(asker_secretary.put(&letter_url, &letter_input("Kapret")).await.status(), 404);

    // A correction changes the archive, sends nothing, and the letter cannot be deleted any more.
    let response = alu.secretary.put(&letter_url, &letter_input("Legevakten flytter 1. mars")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.deliver_mail().await.sent, 0);
    assert_eq!(alu.secretary.delete(&letter_url).await.status(), 409);
    let read: Letter = alu.gp.get(&letter_url).await.json().await.expect("a letter");
    assert_eq!(read.title, "Legevakten flytter 1. mars");
}

#[tokio::test]
async fn a_letter_published_without_e_mail_only_enters_the_archive_and_drafts_can_be_deleted() {
    let (app, smtp) = app(None).await;
    let alu = alu(&app).await;
    let letters = format!("/api/municipalities/{}/letters", alu.municipality);
    let announcement = json!({"kind": "announcement", "audience": "everyone", "title": "Julestengt", "body": "Kontoret er stengt i romjulen."});
    let first: Letter = alu.secretary.post(&letters, &announcement).await.json().await.expect("a letter");
    assert_eq!(first.audience_size, 4, "the administrator, Sara, Carl and Kari");
    let response = alu
        .secretary
        .call::<letters_api::PublishLetter>(
            &first.id.as_str().into(),
            &NoQuery {},
            &PublishLetter { send_email: false },
        )
        .await;
    let published: Letter = response.json().await.expect("a letter");
    assert_eq!((published.status, published.emailed_to), (LetterStatus::Published, None));
    app.deliver_mail().await;
    assert!(smtp.messages().is_empty());

    let second: Letter = alu.secretary.post(&letters, &letter_input("Kladd")).await.json().await.expect("a letter");
    assert_eq!(alu.gp.delete(&format!("/api/letters/{}", second.id)).await.status(), 404);
    assert_eq!(alu.secretary.delete(&format!("/api/letters/{}", second.id)).await.status(), 204);
    let archive: Vec<LetterSummary> = alu.secretary.get(&letters).await.json().await.expect("letters");
    assert_eq!(archive.iter().map(|l| l.title.as_str()).collect::<Vec<_>>(), vec!["Julestengt"]);
}

#[tokio::test]
async fn bad_letters_are_refused_with_the_field_and_change_nothing() {
    let (app, _smtp) = app(None).await;
    let alu = alu(&app).await;
    let letters = format!("/api/municipalities/{}/letters", alu.municipality);
    let saved: Letter = alu.secretary.post(&letters, &letter_input("Gyldig")).await.json().await.expect("a letter");
    let cases = [
        (json!({"kind": "information", "audience": "gps", "title": "  ", "body": "Tekst"}), "title", "required"),
        (
            json!({"kind": "information", "audience": "gps", "title": "x".repeat(201), "body": "Tekst"}),
            "title",
            "too_long",
        ),
        (json!({"kind": "information", "audience": "gps", "title": "Tittel", "body": " \n "}), "body", "required"),
        (
            json!({"kind": "information", "audience": "gps", "title": "Tittel", "body": "x".repeat(20_001)}),
            "body",
            "too_long",
        ),
    ];
    for (input, field, code) in cases {
        let response = alu.secretary.post(&letters, &input).await;
        assert_eq!(response.status(), 422, "{input}");
        let body: ErrorBody = response.json().await.expect("an error body");
        assert_eq!((body.error.field.as_deref(), body.error.code.as_str()), (Some(field), code));
        let response = alu.secretary.put(&format!("/api/letters/{}", saved.id), &input).await;
        assert_eq!(response.status(), 422, "{input}");
    }
    let unknown_kind = json!({"kind": "spam", "audience": "gps", "title": "Tittel", "body": "Tekst"});
    assert_eq!(alu.secretary.post(&letters, &unknown_kind).await.status(), 422);
    let archive: Vec<LetterSummary> = alu.secretary.get(&letters).await.json().await.expect("letters");
    assert_eq!(archive.len(), 1, "only the valid draft");
    let kept: Letter = alu.secretary.get(&format!("/api/letters/{}", saved.id)).await.json().await.expect("a letter");
    assert_eq!(kept.title, "Gyldig", "a refused change leaves the saved letter as it was");
}

/// 07:00 in Oslo on the first day of next month (unix milliseconds) and the days from now until then.
fn first_of_next_month() -> (i64, i64) {
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Oslo).date_naive();
    let first = if today.month() == 12 {
        chrono::NaiveDate::from_ymd_opt(today.year() + 1, 1, 1)
    } else {
        chrono::NaiveDate::from_ymd_opt(today.year(), today.month() + 1, 1)
    }
    .expect("a date");
    let at = chrono_tz::Europe::Oslo
        .from_local_datetime(&first.and_hms_opt(7, 0, 0).expect("a time"))
        .single()
        .expect("an instant");
    (at.timestamp_millis(), (first - today).num_days())
}

#[tokio::test]
async fn the_monthly_digest_gathers_each_persons_meetings_tasks_and_letters_once_a_month() {
    let (app, smtp) = app(Some(1)).await;
    let alu = alu(&app).await;
    let (first, days_to_first) = first_of_next_month();
    let guest = app.add_person(&alu.admin, &alu.municipality, "Gunn Gjest", "gunn@sykehus.test", &[Role::Guest]).await;
    // A meeting ten days into next month, noticed; Carl owns an open action item; a letter is published now.
    let meeting = schedule(&alu, days_to_first + 10).await;
    notice(&alu, &meeting).await;
    let carl_id: String = sqlx::query_scalar("SELECT id FROM people WHERE email = 'carl@lege.test'")
        .fetch_one(app.state.database.pool())
        .await
        .expect("Carl");
    let action = json!({"title": "Skrive høringssvar", "owner_id": carl_id, "due_date": "2099-01-31"});
    assert_eq!(alu.secretary.post(&format!("/api/meetings/{}/action-items", meeting.id), &action).await.status(), 201);
    let letters = format!("/api/municipalities/{}/letters", alu.municipality);
    let letter: Letter =
        alu.secretary.post(&letters, &letter_input("Legevakten flytter")).await.json().await.expect("a letter");
    let published = alu
        .secretary
        .call::<letters_api::PublishLetter>(
            &letter.id.as_str().into(),
            &NoQuery {},
            &PublishLetter { send_email: false },
        )
        .await;
    assert_eq!(published.status(), 200);
    // Kari turns the digest off.
    let off = MailPreferences { digest: false, ..MailPreferences::default() };
    assert_eq!(alu.gp.put("/api/auth/me/mail-preferences", &off).await.status(), 200);
    app.deliver_mail().await;
    let before = smtp.messages().len();

    assert_eq!(app.deliver_mail_at(first - DAY_MS).await.planned, 0, "not before the day");
    let report = app.deliver_mail_at(first).await;
    assert_eq!(
        (report.planned, report.sent),
        (4, 3),
        "the administrator, Carl, Sara; Kari's marked skipped: {report:?}"
    );
    let digests = |email: &str| {
        mails_to(&smtp, email).into_iter().filter(|m| m.subject.starts_with("Månedsoversikt")).collect::<Vec<_>>()
    };
    let carl = digests("carl@lege.test");
    assert_eq!(carl.len(), 1);
    let carl = &carl[0];
    let text = carl.text.replace("\r\n", "\n");
    assert!(text.contains("Dine kommende møter\n- "), "{text}");
    assert!(carl.text.contains("ALU-møte") && carl.text.contains("Du har ikke svart ennå"), "{}", carl.text);
    assert!(carl.text.contains("Skrive høringssvar") && carl.text.contains("Frist 31. januar 2099"), "{}", carl.text);
    assert!(carl.text.contains("Legevakten flytter") && carl.text.contains(&format!("/informasjon/{}", letter.id)));
    let year = chrono::Utc.timestamp_millis_opt(first).single().expect("a time").year();
    assert!(carl.text.contains(&format!("Årlig møte med kommunen i {year}: Ikke registrert ennå")), "{}", carl.text);
    assert!(carl.list_unsubscribe.is_some());
    assert!(carl.html.contains("<h2") && carl.html.contains(&format!("/moter/{}", meeting.id)), "{}", carl.html);
    let sara = digests("kol@baerum.test");
    assert_eq!(sara.len(), 1, "the secretary has letters to read");
    assert!(sara[0].text.contains("Ingen møter de neste fem ukene."), "{}", sara[0].text);
    assert!(
        mails_to(&smtp, "kari@lege.test").iter().all(|m| !m.subject.starts_with("Your month")),
        "Kari turned it off"
    );
    assert!(mails_to(&smtp, &guest.email).is_empty(), "nothing to tell the guest: no digest");

    // Once a month: the next days of the catch-up week send nothing more.
    assert_eq!(app.deliver_mail_at(first + DAY_MS).await.planned, 0);
    assert_eq!(smtp.messages().len(), before + 3, "the administrator, Carl and Sara");
}
