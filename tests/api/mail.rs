//! E-mail people act on, through a real SMTP server on loopback: notices with calendar invitations, one-click
//! answers, reminders only to those who have not answered, updates and cancellations calendars apply, an
//! outage and a killed worker that lose and duplicate nothing, and unsubscribe that stops notification mail
//! but never transactional mail.
//!
//! The background worker is off; each test runs batches itself (`deliver_mail`, `deliver_mail_at` with a
//! "now" in the future), so reminders and retries are tested without sleeping.

use legeting_shared::api::NoQuery;
use legeting_shared::api::auth as auth_api;
use legeting_shared::api::meetings as meetings_api;
use legeting_shared::auth::EmailRequest;
use legeting_shared::meetings::CancelInput;
use std::time::Duration;

use icalendar::{Calendar, CalendarComponent, Component};
use legeting::outbox::worker::{LEASE_MS, Worker};
use legeting_shared::ErrorBody;
use legeting_shared::mail::{MailPreferences, OutboxOverview, RsvpLink, Unsubscribe};
use legeting_shared::meetings::{InviteeAnswer, Meeting, MeetingDetail, RsvpAnswer};
use legeting_shared::people::Role;
use legeting_tests::smtp::{Mode, Received, TestSmtp};
use legeting_tests::{Session, Spawn, TestApp, TestMail, spawn_app, spawn_app_with_mail};
use mail_parser::{MessageParser, MimeHeaders};
use serde_json::{Value, json};

const DAY_MS: i64 = 86_400_000;
const MINUTE_MS: i64 = 60_000;

pub(crate) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// `YYYY-MM-DDTHH:MM` in Oslo (winter offset is close enough for a date), `days` from now at `hour`:00.
pub(crate) fn local(days: i64, hour: u32) -> String {
    use chrono::{Duration, Utc};
    let oslo = chrono::FixedOffset::east_opt(3600).expect("an offset");
    let date = (Utc::now() + Duration::days(days)).with_timezone(&oslo).date_naive();
    format!("{}T{hour:02}:00", date.format("%Y-%m-%d"))
}

/// A message as a mail program sees it.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) to: String,
    pub(crate) subject: String,
    pub(crate) from_name: Option<String>,
    pub(crate) from_address: Option<String>,
    pub(crate) reply_to: Option<String>,
    pub(crate) text: String,
    pub(crate) html: String,
    /// (METHOD parameter of the `text/calendar` part, its text)
    pub(crate) calendar: Option<(String, String)>,
    pub(crate) attachments: Vec<String>,
    pub(crate) list_unsubscribe: Option<String>,
    pub(crate) list_unsubscribe_post: Option<String>,
    pub(crate) message_id: Option<String>,
}

pub(crate) fn parse(received: &Received) -> Parsed {
    let message = MessageParser::default().parse(received.data.as_bytes()).expect("a MIME message");
    let calendar = message.parts.iter().find_map(|part| {
        let content_type = part.content_type()?;
        (content_type.ctype() == "text" && content_type.subtype() == Some("calendar")).then(|| {
            (
                content_type.attribute("method").unwrap_or_default().to_owned(),
                part.text_contents().unwrap_or_default().to_owned(),
            )
        })
    });
    let header = |name: &str| message.header_raw(name).map(|v| v.trim().to_owned());
    Parsed {
        to: received.rcpt_to.join(","),
        subject: message.subject().unwrap_or_default().to_owned(),
        from_name: message.from().and_then(|a| a.first()).and_then(|a| a.name()).map(str::to_owned),
        from_address: message.from().and_then(|a| a.first()).and_then(|a| a.address()).map(str::to_owned),
        reply_to: message.reply_to().and_then(|a| a.first()).and_then(|a| a.address()).map(str::to_owned),
        text: message.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        html: message.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
        calendar,
        attachments: message.attachments().filter_map(|a| a.attachment_name().map(str::to_owned)).collect(),
        list_unsubscribe: header("List-Unsubscribe"),
        list_unsubscribe_post: header("List-Unsubscribe-Post"),
        message_id: message.message_id().map(str::to_owned),
    }
}

pub(crate) fn mails_to(smtp: &TestSmtp, email: &str) -> Vec<Parsed> {
    smtp.messages_to(email).iter().map(parse).collect()
}

fn only_event(text: &str) -> (Calendar, icalendar::Event) {
    let calendar: Calendar = text.parse().expect("a valid RFC 5545 calendar");
    let events: Vec<icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| if let CalendarComponent::Event(e) = c { Some(e.clone()) } else { None })
        .collect();
    assert_eq!(events.len(), 1, "{text}");
    let event = events[0].clone();
    (calendar, event)
}

/// The one-click answer links in a mail's text, in order: in person, remotely, absent.
/// Wait (at most ten seconds) until `count_sql` counts one row: for mail sent in the background.
async fn eventually_one(app: &TestApp, count_sql: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let count: i64 = sqlx::query_scalar(count_sql).fetch_one(app.state.database.pool()).await.expect("counts");
        if count == 1 {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for: {count_sql}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn answer_tokens(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter_map(|word| word.split_once("/svar?token=").map(|(_, token)| token.to_owned()))
        .collect()
}

pub(crate) struct Alu {
    pub(crate) municipality: String,
    pub(crate) admin: Session,
    pub(crate) secretary: Session,
    pub(crate) chair: Session,
    pub(crate) gp: Session,
    pub(crate) body: String,
}

/// Bærum with a secretary (Sara), the ALU with a chair (Carl, bokmål) and a member (Kari, who reads English).
pub(crate) async fn alu(app: &TestApp) -> Alu {
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    app.add_person(&admin, &municipality, "Sara Sekretær", "kol@baerum.test", &[Role::Secretary]).await;
    let chair = app.add_person(&admin, &municipality, "Carl Leder", "carl@lege.test", &[Role::Gp]).await;
    let gp = app.add_person(&admin, &municipality, "Kari Fastlege", "kari@lege.test", &[Role::Gp]).await;
    let secretary = app.signed_in("kol@baerum.test").await;
    let body: Value = secretary
        .post(
            &format!("/api/municipalities/{municipality}/bodies"),
            &json!({"name": "Allmennlegeutvalget", "kind": "gp_committee"}),
        )
        .await
        .json()
        .await
        .expect("a body");
    let body = body["id"].as_str().expect("an id").to_owned();
    let members = json!([{"person_id": chair.id, "role": "chair"}, {"person_id": gp.id, "role": "member"}]);
    assert_eq!(secretary.put(&format!("/api/bodies/{body}/members"), &members).await.status(), 200);
    let kari = app.signed_in("kari@lege.test").await;
    let profile = kari.put("/api/auth/me", &json!({"name": "Kari Fastlege", "language": "en"})).await;
    assert_eq!(profile.status(), 200);
    Alu { municipality, admin, secretary, chair: app.signed_in("carl@lege.test").await, gp: kari, body }
}

pub(crate) fn meeting_input(body: &str, days: i64) -> Value {
    json!({
        "body_id": body, "kind": "committee_meeting", "title": "ALU-møte", "description": "Møte i allmennlegeutvalget.",
        "starts_local": local(days, 18), "ends_local": local(days, 20), "location": "Bærum rådhus, møterom 3",
        "video_url": "https://meet.example/alu", "proposal_deadline_local": local(days - 1, 12),
        "invitees": {"type": "body_members"}
    })
}

pub(crate) async fn schedule(alu: &Alu, days: i64) -> Meeting {
    let response = alu
        .secretary
        .post(&format!("/api/municipalities/{}/meetings", alu.municipality), &meeting_input(&alu.body, days))
        .await;
    assert_eq!(response.status(), 201);
    let mut meetings: Vec<Meeting> = response.json().await.expect("meetings");
    meetings.remove(0)
}

pub(crate) async fn notice(alu: &Alu, meeting: &Meeting) {
    let response = alu.secretary.call::<meetings_api::SendNotice>(&meeting.id.as_str().into(), &NoQuery {}, &()).await;
    assert_eq!(response.status(), 200);
}

pub(crate) async fn smtp_app() -> (TestApp, TestSmtp) {
    let smtp = TestSmtp::start().await.expect("the test SMTP server starts");
    let app = spawn_app_with_mail(
        Spawn::default(),
        TestMail { smtp_url: Some(smtp.url()), worker: false, obligation_nudges: None, ..TestMail::default() },
    )
    .await;
    (app, smtp)
}

async fn outbox(admin: &Session, municipality: &str) -> OutboxOverview {
    let response = admin.get(&format!("/api/municipalities/{municipality}/outbox")).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("an overview")
}

#[tokio::test]
async fn a_notice_arrives_in_each_persons_language_with_an_invitation_calendars_accept() {
    let (app, smtp) = smtp_app().await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 10).await;
    let item = alu
        .secretary
        .post(&format!("/api/meetings/{}/agenda", meeting.id), &json!({"title": "Legevakt i Sandvika"}))
        .await;
    assert_eq!(item.status(), 201);
    notice(&alu, &meeting).await;

    // The notice is queued with the status change; one batch sends it, a second sends nothing more.
    let report = app.deliver_mail().await;
    assert_eq!((report.sent, report.retrying), (2, 0), "{report:?}");
    assert_eq!(app.deliver_mail().await.sent, 0);
    assert_eq!(smtp.messages().len(), 2);

    let carl = mails_to(&smtp, "carl@lege.test").pop().expect("Carl's notice");
    assert!(carl.subject.starts_with("Innkalling: ALU-møte, "), "{}", carl.subject);
    assert_eq!(carl.from_name.as_deref(), Some("Bærum"));
    assert_eq!(carl.from_address.as_deref(), Some("legeting@localhost"));
    assert_eq!(carl.reply_to.as_deref(), Some("kol@baerum.test"), "replies go to the organiser");
    assert!(carl.text.starts_with("Hei Carl Leder!"), "{}", carl.text);
    assert!(carl.text.contains("Sak 1/") && carl.text.contains("Legevakt i Sandvika"), "{}", carl.text);
    assert!(carl.html.contains("<html lang=\"nb\">") && carl.html.contains("<h1"), "{}", carl.html);
    assert!(carl.list_unsubscribe.is_none(), "a notice is transactional: no unsubscribe");
    assert!(carl.message_id.is_some());

    let kari = mails_to(&smtp, "kari@lege.test").pop().expect("Kari's notice");
    assert_eq!(kari.to, "kari@lege.test");
    assert!(kari.subject.starts_with("Notice of meeting: ALU-møte, "), "{}", kari.subject);
    assert!(kari.text.starts_with("Hello Kari Fastlege,"), "{}", kari.text);
    assert!(kari.html.contains("<html lang=\"en\">"));
    assert!(kari.text.contains("When: ") && kari.text.contains("Bærum rådhus, møterom 3"), "{}", kari.text);
    assert_eq!(answer_tokens(&kari.text).len(), 3, "attend, attend remotely, absent: {}", kari.text);
    assert_eq!(kari.attachments, vec!["invite.ics".to_owned()]);

    // The calendar part: METHOD:REQUEST, the meeting's UID and SEQUENCE, and Kari as the only attendee (the
    // others invited are none of her business).
    let (method, ics) = kari.calendar.expect("a text/calendar part");
    assert_eq!(method, "REQUEST");
    let (calendar, event) = only_event(&ics);
    assert_eq!(calendar.property_value("METHOD"), Some("REQUEST"));
    assert_eq!(event.get_uid(), Some(format!("{}@legeting", meeting.id).as_str()));
    assert_eq!(event.get_sequence(), Some(u32::try_from(meeting.sequence).expect("small")));
    assert_eq!(event.get_summary(), Some("ALU-møte"));
    let attendees = event.multi_properties().get("ATTENDEE").expect("an attendee");
    assert_eq!(attendees.len(), 1, "{ics}");
    assert!(attendees[0].value().eq_ignore_ascii_case("mailto:kari@lege.test"), "{ics}");
    assert!(!ics.contains("carl@lege.test"), "Carl's address is not in Kari's invitation: {ics}");

    let overview = outbox(&alu.admin, &alu.municipality).await;
    assert_eq!((overview.counts.sent, overview.counts.pending, overview.counts.failed), (2, 0, 0));

    // `LEGETING_TEST_MAIL_DIR=dir`: keep both versions of both notices, to look at them (e.g. in a browser).
    if let Ok(dir) = std::env::var("LEGETING_TEST_MAIL_DIR") {
        std::fs::create_dir_all(&dir).expect("the directory");
        for (name, mail) in [("notice-nb", &carl), ("notice-en", &kari_again(&smtp))] {
            std::fs::write(format!("{dir}/{name}.html"), &mail.html).expect("written");
            std::fs::write(format!("{dir}/{name}.txt"), &mail.text).expect("written");
        }
    }
}

#[tokio::test]
async fn mail_follows_the_municipalitys_written_standard_for_those_who_have_not_chosen_a_language() {
    let (app, smtp) = smtp_app().await;
    let alu = alu(&app).await;
    let standard = json!({"name": "Bærum", "written_standard": "nn"});
    let response = alu.admin.put(&format!("/api/municipalities/{}", alu.municipality), &standard).await;
    assert_eq!(response.status(), 200);
    let meeting = schedule(&alu, 10).await;
    notice(&alu, &meeting).await;
    assert_eq!(app.deliver_mail().await.sent, 2);

    // Carl never chose a language: he reads the municipality's nynorsk, dates included.
    let carl = mails_to(&smtp, "carl@lege.test").pop().expect("Carl's notice");
    assert!(carl.subject.starts_with("Innkalling: ALU-møte, "), "{}", carl.subject);
    assert!(carl.text.contains("Bærum kallar deg inn til møte."), "{}", carl.text);
    assert!(carl.text.contains("Eg kjem:"), "{}", carl.text);
    assert!(carl.html.contains("<html lang=\"nn\">"), "{}", carl.html);
    // Kari chose English on her profile, and keeps it.
    let kari = mails_to(&smtp, "kari@lege.test").pop().expect("Kari's notice");
    assert!(kari.subject.starts_with("Notice of meeting: ALU-møte, "), "{}", kari.subject);
    assert!(kari.html.contains("<html lang=\"en\">"));
}

fn kari_again(smtp: &TestSmtp) -> Parsed {
    mails_to(smtp, "kari@lege.test").pop().expect("Kari's notice")
}

#[tokio::test]
async fn a_one_click_link_shows_what_it_does_on_get_and_records_the_answer_only_on_post() {
    let (app, smtp) = smtp_app().await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 10).await;
    notice(&alu, &meeting).await;
    app.deliver_mail().await;
    let kari = mails_to(&smtp, "kari@lege.test").pop().expect("Kari's notice");
    let tokens = answer_tokens(&kari.text);
    let (in_person, absent) = (&tokens[0], &tokens[2]);

    // A link scanner (no cookies, no session) opens every link: nothing is recorded.
    let scanner = reqwest::Client::new();
    for token in &tokens {
        let response = scanner.get(app.url(&format!("/api/rsvp-links/{token}"))).send().await.expect("answers");
        assert_eq!(response.status(), 200);
    }
    let link: RsvpLink = scanner
        .get(app.url(&format!("/api/rsvp-links/{in_person}")))
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("a link");
    assert_eq!((link.answer, link.person_name.as_str(), link.open), (RsvpAnswer::InPerson, "Kari Fastlege", true));
    assert_eq!(link.meeting_title, "ALU-møte");
    assert!(link.current.is_none());
    let answers: Vec<InviteeAnswer> =
        alu.secretary.get(&format!("/api/meetings/{}/answers", meeting.id)).await.json().await.expect("answers");
    assert!(answers.iter().all(|a| a.rsvp.is_none()), "GET recorded nothing: {answers:?}");

    // The confirm page posts (with the CSRF header like every page); absence needs a reason.
    let page = app.session();
    let no_reason = page.post(&format!("/api/rsvp-links/{absent}"), &json!({})).await;
    assert_eq!(no_reason.status(), 422);
    let body: ErrorBody = no_reason.json().await.expect("error shape");
    assert_eq!((body.error.code.as_str(), body.error.field.as_deref()), ("reason_required", Some("reason")));
    let recorded = page.post(&format!("/api/rsvp-links/{absent}"), &json!({"reason": "Legevaktvakt"})).await;
    assert_eq!(recorded.status(), 200);
    let recorded: RsvpLink = recorded.json().await.expect("a link");
    assert_eq!(recorded.current.as_ref().map(|r| r.answer), Some(RsvpAnswer::Absent));
    let answers: Vec<InviteeAnswer> =
        alu.secretary.get(&format!("/api/meetings/{}/answers", meeting.id)).await.json().await.expect("answers");
    let kari_answer = answers.iter().find(|a| a.name == "Kari Fastlege").and_then(|a| a.rsvp.clone());
    assert_eq!(kari_answer.map(|r| (r.answer, r.reason)), Some((RsvpAnswer::Absent, Some("Legevaktvakt".into()))));
    // She changes her mind with the other link.
    let changed: RsvpLink =
        page.post(&format!("/api/rsvp-links/{in_person}"), &json!({})).await.json().await.expect("a link");
    assert_eq!(changed.current.map(|r| r.answer), Some(RsvpAnswer::InPerson));

    // Forged or foreign tokens lead nowhere; posting without the CSRF header is refused.
    let mut forged = in_person.clone();
    let last = forged.pop().expect("a character");
    forged.push(if last == 'A' { 'B' } else { 'A' });
    assert_eq!(scanner.get(app.url(&format!("/api/rsvp-links/{forged}"))).send().await.expect("answers").status(), 404);
    let session_cookie_as_token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.e30.x";
    assert_eq!(
        scanner
            .get(app.url(&format!("/api/rsvp-links/{session_cookie_as_token}")))
            .send()
            .await
            .expect("answers")
            .status(),
        404
    );
    let without_csrf =
        scanner.post(app.url(&format!("/api/rsvp-links/{in_person}"))).json(&json!({})).send().await.expect("answers");
    assert_eq!(without_csrf.status(), 403);

    // Once the meeting is cancelled, the link says so and records nothing.
    let cancel = alu
        .secretary
        .call::<meetings_api::CancelMeeting>(
            &meeting.id.as_str().into(),
            &NoQuery {},
            &CancelInput { reason: "Få påmeldte".into() },
        )
        .await;
    assert_eq!(cancel.status(), 200);
    let closed: RsvpLink = scanner
        .get(app.url(&format!("/api/rsvp-links/{absent}")))
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("a link");
    assert!(!closed.open);
    assert_eq!(page.post(&format!("/api/rsvp-links/{absent}"), &json!({"reason": "Syk"})).await.status(), 409);
}

#[tokio::test]
async fn reminders_go_only_to_those_who_have_not_answered_and_the_final_agenda_to_those_who_come() {
    let (app, smtp) = smtp_app().await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 10).await;
    notice(&alu, &meeting).await;
    app.deliver_mail().await;
    let answered = alu.chair.put(&format!("/api/meetings/{}/rsvp", meeting.id), &json!({"answer": "in_person"})).await;
    assert_eq!(answered.status(), 200);

    // Nothing is due yet.
    assert_eq!(app.deliver_mail_at(meeting.starts_at - 7 * DAY_MS - MINUTE_MS).await.planned, 0);
    // Seven days before: Kari, who has not answered, is reminded; Carl, who has, is not.
    let report = app.deliver_mail_at(meeting.starts_at - 7 * DAY_MS + MINUTE_MS).await;
    assert_eq!(report.sent, 1, "{report:?}");
    let reminders: Vec<Parsed> =
        mails_to(&smtp, "kari@lege.test").into_iter().filter(|m| m.subject.starts_with("Reminder:")).collect();
    assert_eq!(reminders.len(), 1);
    assert!(mails_to(&smtp, "carl@lege.test").iter().all(|m| !m.subject.starts_with("Påminnelse")));
    let reminder = &reminders[0];
    assert_eq!(answer_tokens(&reminder.text).len(), 3, "the reminder has one-click answers");
    let unsubscribe = reminder.list_unsubscribe.as_deref().expect("List-Unsubscribe");
    assert!(unsubscribe.starts_with(&format!("<{}/api/unsubscribe/", app.address)), "{unsubscribe}");
    assert_eq!(reminder.list_unsubscribe_post.as_deref(), Some("List-Unsubscribe=One-Click"));
    assert_eq!(app.deliver_mail_at(meeting.starts_at - 7 * DAY_MS + 2 * MINUTE_MS).await.sent, 0, "once only");

    // Kari answers from the reminder; a day before, nobody is left to remind, and Carl (coming) gets the agenda.
    let tokens = answer_tokens(&reminder.text);
    assert_eq!(app.session().post(&format!("/api/rsvp-links/{}", tokens[1]), &json!({})).await.status(), 200);
    app.deliver_mail_at(meeting.starts_at - DAY_MS + MINUTE_MS).await;
    let kari: Vec<String> = mails_to(&smtp, "kari@lege.test").into_iter().map(|m| m.subject).collect();
    assert_eq!(kari.iter().filter(|s| s.starts_with("Reminder:")).count(), 1, "{kari:?}");
    assert_eq!(kari.iter().filter(|s| s.starts_with("Agenda:")).count(), 1, "she comes remotely: {kari:?}");
    let carl: Vec<String> = mails_to(&smtp, "carl@lege.test").into_iter().map(|m| m.subject).collect();
    assert_eq!(carl.iter().filter(|s| s.starts_with("Saksliste:")).count(), 1, "{carl:?}");
    assert_eq!(carl.iter().filter(|s| s.starts_with("Påminnelse")).count(), 0, "{carl:?}");
}

#[tokio::test]
async fn rescheduling_sends_an_update_of_the_same_event_and_the_old_reminders_never_fire() {
    let (app, smtp) = smtp_app().await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 10).await;
    notice(&alu, &meeting).await;
    app.deliver_mail().await;
    let (_, first) = only_event(&mails_to(&smtp, "carl@lege.test")[0].calendar.as_ref().expect("ics").1);

    // Move it ten days later, with one reminder three days before.
    let mut moved_input = meeting_input(&alu.body, 20);
    moved_input["reminder_days"] = json!([3]);
    let response = alu.secretary.put(&format!("/api/meetings/{}", meeting.id), &moved_input).await;
    assert_eq!(response.status(), 200);
    let moved = response.json::<MeetingDetail>().await.expect("detail").meeting;
    assert_eq!(moved.reminder_days, vec![3]);
    assert_eq!(app.deliver_mail().await.sent, 2);

    let update = mails_to(&smtp, "carl@lege.test").pop().expect("an update");
    assert!(update.subject.starts_with("Endret: ALU-møte, "), "{}", update.subject);
    assert!(update.text.contains("Møtet er flyttet. Tidligere tidspunkt:"), "{}", update.text);
    let (method, ics) = update.calendar.expect("an invitation");
    assert_eq!(method, "REQUEST");
    let (_, second) = only_event(&ics);
    assert_eq!(second.get_uid(), first.get_uid(), "a calendar updates the same event");
    assert!(second.get_sequence() > first.get_sequence());
    assert_ne!(format!("{:?}", second.get_start()), format!("{:?}", first.get_start()));
    let kari_update = mails_to(&smtp, "kari@lege.test").pop().expect("an update");
    assert!(kari_update.subject.starts_with("Changed: ALU-møte"), "{}", kari_update.subject);

    // The reminders computed for the old time never fire, neither do the default days for the new time.
    let before = smtp.messages().len();
    for at in [meeting.starts_at - 7 * DAY_MS, meeting.starts_at - DAY_MS, moved.starts_at - 7 * DAY_MS] {
        let report = app.deliver_mail_at(at + MINUTE_MS).await;
        assert_eq!(report.sent, 0, "nothing at {at}: {report:?}");
    }
    assert_eq!(smtp.messages().len(), before);
    // The new reminder does, three days before the new time (with the call for agenda items, due by then).
    app.deliver_mail_at(moved.starts_at - 3 * DAY_MS + MINUTE_MS).await;
    let subjects: Vec<String> = smtp.messages()[before..].iter().map(|m| parse(m).subject).collect();
    assert_eq!(subjects.iter().filter(|s| s.starts_with("Påminnelse") || s.starts_with("Reminder")).count(), 2);
    assert_eq!(subjects.iter().filter(|s| s.starts_with("Meld inn saker") || s.starts_with("Propose")).count(), 2);

    // Cancelling sends METHOD:CANCEL for the same event, and nothing after it.
    let cancel = alu
        .secretary
        .call::<meetings_api::CancelMeeting>(
            &meeting.id.as_str().into(),
            &NoQuery {},
            &CancelInput { reason: "Få påmeldte".into() },
        )
        .await;
    assert_eq!(cancel.status(), 200);
    assert_eq!(app.deliver_mail().await.sent, 2);
    let cancellation = mails_to(&smtp, "kari@lege.test").pop().expect("a cancellation");
    assert!(cancellation.subject.starts_with("Cancelled: ALU-møte"), "{}", cancellation.subject);
    assert!(cancellation.text.contains("Reason: Få påmeldte"), "{}", cancellation.text);
    let (method, ics) = cancellation.calendar.expect("a cancellation for calendars");
    assert_eq!(method, "CANCEL");
    let (calendar, event) = only_event(&ics);
    assert_eq!(calendar.property_value("METHOD"), Some("CANCEL"));
    assert_eq!(event.property_value("STATUS"), Some("CANCELLED"));
    assert_eq!(event.get_uid(), first.get_uid());
    assert!(event.get_sequence() > second.get_sequence());
    assert_eq!(app.deliver_mail_at(moved.starts_at - DAY_MS + MINUTE_MS).await.sent, 0, "no reminder once cancelled");
}

#[tokio::test]
async fn an_smtp_outage_followed_by_recovery_delivers_every_mail_exactly_once() {
    let (app, smtp) = smtp_app().await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 10).await;
    smtp.set_mode(Mode::Refuse);
    notice(&alu, &meeting).await;
    // A sign-in link during the outage: the request still succeeds; the mail waits in the outbox.
    assert_eq!(
        app.session()
            .call::<auth_api::RequestMagicLink>(&(), &NoQuery {}, &EmailRequest { email: "carl@lege.test".into() })
            .await
            .status(),
        202
    );
    // It is tried at once, just after the answer, and waits for a retry.
    eventually_one(
        &app,
        "SELECT COUNT(*) FROM outbox WHERE category = 'sign_in' AND status = 'pending' AND attempts = 1",
    )
    .await;
    let start = now_ms();
    let report = app.deliver_mail_at(start).await;
    assert_eq!((report.sent, report.retrying), (0, 2), "{report:?}");
    assert!(smtp.turned_away() >= 3, "the notices and the sign-in link were tried");

    let overview = outbox(&alu.admin, &alu.municipality).await;
    assert_eq!((overview.counts.pending, overview.counts.sent), (2, 0));
    assert_eq!(overview.failures.len(), 2);
    assert!(
        overview.failures.iter().all(|f| f.last_error.as_deref().is_some_and(|e| e.contains("421"))),
        "{overview:?}"
    );

    // Not tried again before the backoff has passed; then tried again, and still refused.
    assert_eq!(app.deliver_mail_at(start + 1_000).await.claimed, 0);
    let report = app.deliver_mail_at(start + 10 * MINUTE_MS).await;
    assert_eq!((report.claimed, report.retrying), (3, 3), "{report:?}");

    // The server is back: every mail goes out once, and never again.
    smtp.set_mode(Mode::Accept);
    let report = app.deliver_mail_at(start + 30 * MINUTE_MS).await;
    assert_eq!(report.sent, 3, "{report:?}");
    for later in [40, 60, 600] {
        assert_eq!(app.deliver_mail_at(start + later * MINUTE_MS).await.claimed, 0);
    }
    let received = smtp.messages();
    assert_eq!(received.len(), 3);
    assert_eq!(mails_to(&smtp, "kari@lege.test").len(), 1);
    let carl: Vec<String> = mails_to(&smtp, "carl@lege.test").into_iter().map(|m| m.subject).collect();
    assert_eq!(carl.len(), 2, "{carl:?}");
    assert!(carl.iter().any(|s| s == "Innloggingslenke til Legeting"), "{carl:?}");
    let overview = outbox(&alu.admin, &alu.municipality).await;
    assert_eq!((overview.counts.pending, overview.counts.sent, overview.counts.failed), (0, 2, 0));
    assert!(overview.failures.is_empty());

    // The sign-in link is not kept in the outbox once sent.
    let bodies: Vec<String> = sqlx::query_scalar("SELECT text_body FROM outbox WHERE category = 'sign_in'")
        .fetch_all(app.state.database.pool())
        .await
        .expect("rows");
    assert_eq!(bodies, vec![String::new()]);
}

#[tokio::test]
async fn a_mail_that_keeps_failing_is_given_up_and_shown_to_administrators() {
    let (app, smtp) = smtp_app().await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 10).await;
    smtp.set_mode(Mode::Refuse);
    notice(&alu, &meeting).await;
    let mut at = now_ms();
    let mut failed = 0;
    for _ in 0..app.config.mail_max_attempts {
        let report = app.deliver_mail_at(at).await;
        failed += report.failed;
        at += 3 * 3_600_000;
    }
    assert_eq!(failed, 2);
    let overview = outbox(&alu.admin, &alu.municipality).await;
    assert_eq!((overview.counts.failed, overview.counts.pending), (2, 0));
    assert!(
        overview.failures.iter().all(|f| f.status == "failed" && f.attempts == i64::from(app.config.mail_max_attempts))
    );
    smtp.set_mode(Mode::Accept);
    assert_eq!(app.deliver_mail_at(at).await.claimed, 0, "failed mail stays failed");
    // Others may not look.
    assert_eq!(alu.gp.get(&format!("/api/municipalities/{}/outbox", alu.municipality)).await.status(), 403);
}

#[tokio::test]
async fn killing_the_worker_mid_batch_loses_and_duplicates_nothing() {
    let (app, smtp) = smtp_app().await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 10).await;
    notice(&alu, &meeting).await;

    // A worker claims the batch and hangs on a server that never answers; then it is killed.
    smtp.set_mode(Mode::Stall);
    let worker = Worker::spawn(app.state.clone());
    smtp.wait_until(Duration::from_secs(20), "the worker is sending", |s| s.turned_away() >= 1).await;
    worker.abort();
    let claimed: Vec<String> = sqlx::query_scalar("SELECT status FROM outbox WHERE meeting_id = $1")
        .bind(&meeting.id)
        .fetch_all(app.state.database.pool())
        .await
        .expect("rows");
    assert_eq!(claimed, vec!["sending".to_owned(), "sending".to_owned()], "claimed, not sent");
    smtp.set_mode(Mode::Accept);

    // While the dead worker's lease lasts, no other worker takes its mail (no duplicates) ...
    let now = now_ms();
    assert_eq!(app.deliver_mail_at(now).await.claimed, 0);
    // ... and when it has run out, the mail is sent, once.
    let report = app.deliver_mail_at(now + LEASE_MS + MINUTE_MS).await;
    assert_eq!(report.sent, 2, "{report:?}");
    assert_eq!(app.deliver_mail_at(now + 2 * LEASE_MS).await.claimed, 0);
    assert_eq!(mails_to(&smtp, "carl@lege.test").len(), 1);
    assert_eq!(mails_to(&smtp, "kari@lege.test").len(), 1);

    // A crash between claiming and sending is the same: the claim runs out, and the mail goes once.
    let cancel = alu
        .secretary
        .call::<meetings_api::CancelMeeting>(
            &meeting.id.as_str().into(),
            &NoQuery {},
            &CancelInput { reason: "Få påmeldte".into() },
        )
        .await;
    assert_eq!(cancel.status(), 200);
    let now = now_ms();
    let claimed = legeting::outbox::worker::claim(&app.state, now, 50, None).await.expect("a claim");
    assert_eq!(claimed.len(), 2);
    drop(claimed);
    assert_eq!(app.deliver_mail_at(now + MINUTE_MS).await.claimed, 0);
    assert_eq!(app.deliver_mail_at(now + LEASE_MS + MINUTE_MS).await.sent, 2);
    assert_eq!(app.deliver_mail_at(now + 2 * LEASE_MS + MINUTE_MS).await.claimed, 0);
    assert_eq!(smtp.messages().len(), 4);
    assert_eq!(mails_to(&smtp, "kari@lege.test").len(), 2);
}

#[tokio::test]
async fn unsubscribe_stops_notification_mail_but_not_transactional_mail() {
    let (app, smtp) = smtp_app().await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 10).await;
    notice(&alu, &meeting).await;
    app.deliver_mail_at(meeting.starts_at - 7 * DAY_MS + MINUTE_MS).await;
    let reminder =
        mails_to(&smtp, "kari@lege.test").into_iter().find(|m| m.subject.starts_with("Reminder:")).expect("a reminder");
    let url = reminder.list_unsubscribe.expect("List-Unsubscribe");
    let url = url.trim_start_matches('<').trim_end_matches('>').to_owned();

    // A GET (a scanner, or a person's browser) only says what the link is about.
    let anonymous = reqwest::Client::new();
    let info: Unsubscribe = anonymous.get(&url).send().await.expect("answers").json().await.expect("info");
    assert_eq!((info.email.as_str(), info.subscribed), ("kari@lege.test", true));
    // The mail program's one-click POST: no cookies, no CSRF header, a form body.
    let response = anonymous
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 200);
    let done: Unsubscribe = response.json().await.expect("info");
    assert!(!done.subscribed);
    let preferences: MailPreferences = alu.gp.get("/api/auth/me/mail-preferences").await.json().await.expect("prefs");
    assert_eq!(preferences, MailPreferences { reminders: false, ..MailPreferences::default() });

    // No more reminders for her (Carl has not answered either and still gets his) ...
    let report = app.deliver_mail_at(meeting.starts_at - DAY_MS + MINUTE_MS).await;
    let kari: Vec<String> = mails_to(&smtp, "kari@lege.test").into_iter().map(|m| m.subject).collect();
    assert_eq!(kari.iter().filter(|s| s.starts_with("Reminder:")).count(), 1, "{kari:?}");
    let carl: Vec<String> = mails_to(&smtp, "carl@lege.test").into_iter().map(|m| m.subject).collect();
    assert_eq!(carl.iter().filter(|s| s.starts_with("Påminnelse")).count(), 2, "{carl:?} {report:?}");
    // ... but transactional mail still reaches her: the change of the meeting, and her sign-in links.
    let response = alu.secretary.put(&format!("/api/meetings/{}", meeting.id), &meeting_input(&alu.body, 12)).await;
    assert_eq!(response.status(), 200);
    app.deliver_mail().await;
    assert_eq!(
        app.session()
            .call::<auth_api::RequestMagicLink>(&(), &NoQuery {}, &EmailRequest { email: "kari@lege.test".into() })
            .await
            .status(),
        202
    );
    smtp.wait_until(Duration::from_secs(10), "the sign-in link arrived", |smtp| {
        mails_to(smtp, "kari@lege.test").iter().any(|m| m.subject == "Your sign-in link for Legeting")
    })
    .await;
    let kari: Vec<String> = mails_to(&smtp, "kari@lege.test").into_iter().map(|m| m.subject).collect();
    assert!(kari.iter().any(|s| s.starts_with("Changed: ALU-møte")), "{kari:?}");
    assert!(kari.iter().any(|s| s == "Your sign-in link for Legeting"), "{kari:?}");

    // She turns reminders back on in her profile.
    let on = alu.gp.put("/api/auth/me/mail-preferences", &MailPreferences::default()).await;
    assert_eq!(on.status(), 200);
    let again: Unsubscribe = anonymous.get(&url).send().await.expect("answers").json().await.expect("info");
    assert!(again.subscribed);
    // Tokens are single-purpose: an answer link is no unsubscribe link.
    let answer_token = &answer_tokens(&reminder.text)[0];
    let wrong = anonymous.post(app.url(&format!("/api/unsubscribe/{answer_token}"))).send().await.expect("answers");
    assert_eq!(wrong.status(), 404);
}

#[tokio::test]
async fn minutes_published_and_action_items_due_reach_the_right_people_once() {
    let app = spawn_app().await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 10).await;
    notice(&alu, &meeting).await;
    app.deliver_mail().await;
    assert_eq!(app.outbox.messages().len(), 2, "the notices, through the in-memory mailer");
    assert_eq!(
        alu.secretary.call::<meetings_api::MarkHeld>(&meeting.id.as_str().into(), &NoQuery {}, &()).await.status(),
        200
    );
    let minutes = json!({"summary": "Godt møte.", "decisions": []});
    assert_eq!(alu.secretary.put(&format!("/api/meetings/{}/minutes", meeting.id), &minutes).await.status(), 200);
    let kari_id: String = sqlx::query_scalar("SELECT id FROM people WHERE email = 'kari@lege.test'")
        .fetch_one(app.state.database.pool())
        .await
        .expect("Kari");
    let tomorrow = (chrono::Utc::now() + chrono::Duration::hours(30))
        .with_timezone(&chrono::FixedOffset::east_opt(3600).expect("offset"))
        .date_naive();
    let action = alu
        .secretary
        .post(
            &format!("/api/meetings/{}/action-items", meeting.id),
            &json!({"title": "Skrive høringssvar", "owner_id": kari_id, "due_date": tomorrow.format("%Y-%m-%d").to_string()}),
        )
        .await;
    assert_eq!(action.status(), 201);
    assert_eq!(
        alu.secretary.post(&format!("/api/meetings/{}/minutes/approve", meeting.id), &json!({})).await.status(),
        200
    );

    app.deliver_mail().await;
    app.deliver_mail().await;
    let kari: Vec<String> = app.outbox.messages_to("kari@lege.test").into_iter().map(|m| m.subject).collect();
    assert_eq!(kari.iter().filter(|s| s.starts_with("Minutes approved: ALU-møte")).count(), 1, "{kari:?}");
    assert_eq!(kari.iter().filter(|s| s.starts_with("Action item due ")).count(), 1, "{kari:?}");
    let carl: Vec<String> = app.outbox.messages_to("carl@lege.test").into_iter().map(|m| m.subject).collect();
    assert_eq!(carl.iter().filter(|s| s.starts_with("Referat godkjent: ALU-møte")).count(), 1, "{carl:?}");
    assert!(carl.iter().all(|s| !s.starts_with("Oppfølgingspunkt")), "only the owner: {carl:?}");
    let minutes_mail = app
        .outbox
        .messages_to("kari@lege.test")
        .into_iter()
        .find(|m| m.subject.starts_with("Minutes"))
        .expect("minutes");
    assert!(minutes_mail.text.contains("Godt møte."), "{}", minutes_mail.text);
    assert!(minutes_mail.list_unsubscribe.is_some());
    assert_eq!(minutes_mail.from_name.as_deref(), Some("Bærum"));
}

#[tokio::test]
async fn the_background_worker_sends_queued_mail_without_being_asked() {
    let smtp = TestSmtp::start().await.expect("the test SMTP server starts");
    let app = spawn_app_with_mail(
        Spawn::default(),
        TestMail { smtp_url: Some(smtp.url()), worker: true, obligation_nudges: None, ..TestMail::default() },
    )
    .await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 10).await;
    notice(&alu, &meeting).await;
    // Queuing wakes the worker of this instance; no batch is run by the test.
    smtp.wait_until(Duration::from_secs(20), "both notices have arrived", |s| s.messages().len() >= 2).await;
    assert_eq!(smtp.messages().len(), 2);
    let statuses: Vec<String> = sqlx::query_scalar("SELECT status FROM outbox WHERE meeting_id = $1")
        .bind(&meeting.id)
        .fetch_all(app.state.database.pool())
        .await
        .expect("rows");
    assert!(statuses.iter().all(|s| s == "sent" || s == "sending"), "{statuses:?}");
}

#[tokio::test]
async fn gps_who_have_not_met_the_annual_obligation_are_nudged_once_on_each_date() {
    let smtp = TestSmtp::start().await.expect("the test SMTP server starts");
    let mail = TestMail {
        smtp_url: Some(smtp.url()),
        worker: false,
        obligation_nudges: Some("09-01,11-01".into()),
        ..TestMail::default()
    };
    let app = spawn_app_with_mail(Spawn::default(), mail).await;
    let alu = alu(&app).await;
    // Carl turns reminders off; Kari keeps them.
    let off = MailPreferences { reminders: false, ..MailPreferences::default() };
    assert_eq!(alu.chair.put("/api/auth/me/mail-preferences", &off).await.status(), 200);

    // 1 September next year, 10:00 in Oslo: nobody has met next year's obligation.
    use chrono::{Datelike, TimeZone};
    let next_year = chrono::Utc::now().year() + 1;
    let september = chrono::Utc.with_ymd_and_hms(next_year, 9, 1, 8, 0, 0).single().expect("a time").timestamp_millis();
    assert_eq!(app.deliver_mail_at(september - DAY_MS).await.planned, 0, "not before the date");
    let report = app.deliver_mail_at(september).await;
    assert_eq!((report.sent, report.planned), (1, 2), "{report:?}");
    let kari = mails_to(&smtp, "kari@lege.test");
    assert_eq!(kari.len(), 1);
    assert_eq!(kari[0].subject, format!("Reminder: your annual meeting with the municipality in {next_year}"));
    assert!(kari[0].list_unsubscribe.is_some());
    assert!(mails_to(&smtp, "carl@lege.test").is_empty(), "Carl turned reminders off");
    assert!(mails_to(&smtp, "kol@baerum.test").is_empty(), "only GPs");
    // Once per date, also when the worker runs again the next day.
    assert_eq!(app.deliver_mail_at(september + DAY_MS).await.planned, 0);
    assert_eq!(smtp.messages().len(), 1);
}
