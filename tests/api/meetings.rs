//! Bodies and meetings: the ALU's year from scheduling to approved minutes, calendar files that calendars
//! can follow, and who sees what.

use icalendar::{Calendar, CalendarComponent, Component, EventLike};
use legeting_shared::api::NoQuery;
use legeting_shared::api::bodies;
use legeting_shared::api::calendar as calendar_api;
use legeting_shared::api::meetings as meetings_api;
use legeting_shared::api::meetings::{
    AcceptProposal, AddActionItem, AddItem, AnswerInvitation, Answers, ApproveMinutes, CreateMeeting, DeclineProposal,
    GetMeeting, MarkHeld, MyActionItems, MyMeetings, Propose, SaveMinutes, SendNotice, SetActionStatus,
};
use legeting_shared::meetings::CancelInput;
use legeting_shared::meetings::{
    ActionItemInput, ActionStatus, ActionStatusInput, AgendaItem, AgendaItemInput, BodyInput, BodyKind,
    BodyMemberInput, BodyRole, DecisionInput, DeclineInput, Invitees, Meeting, MeetingDetail, MeetingInput,
    MeetingKind, MeetingStatus, MinutesInput, ProposalInput, ProposalStatus, Recurrence, RsvpAnswer, RsvpInput,
    SearchHit,
};
use legeting_shared::people::Role;
use legeting_shared::{ErrorBody, MeetingId};
use legeting_tests::{Session, TestApp, spawn_app};
use serde_json::{Value, json};

/// `YYYY-MM-DDTHH:MM` in Oslo, `days` from now at `hour`:00.
fn local(days: i64, hour: u32) -> String {
    use chrono::{Duration, Utc};
    let oslo = chrono::FixedOffset::east_opt(3600).expect("an offset");
    let date = (Utc::now() + Duration::days(days)).with_timezone(&oslo).date_naive();
    format!("{}T{hour:02}:00", date.format("%Y-%m-%d"))
}

struct Alu {
    municipality: String,
    secretary: Session,
    chair: Session,
    gp: Session,
    gp_id: String,
    body: String,
}

/// Bærum with a secretary (kommuneoverlege), the ALU with a chair and a GP member, and a GP outside it.
async fn alu(app: &TestApp) -> Alu {
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    app.add_person(&admin, &municipality, "Sara Sekretær", "kol@baerum.test", &[Role::Secretary]).await;
    let chair = app.add_person(&admin, &municipality, "Carl Leder", "chair@lege.test", &[Role::Gp]).await;
    let gp = app.add_person(&admin, &municipality, "Kari Fastlege", "kari@lege.test", &[Role::Gp]).await;
    app.add_person(&admin, &municipality, "Ola Utenfor", "ola@lege.test", &[Role::Gp]).await;
    let secretary = app.signed_in("kol@baerum.test").await;
    let input = BodyInput {
        name: "Allmennlegeutvalget".into(),
        kind: BodyKind::GpCommittee,
        description: None,
        counts_for_obligation: true,
        closed_papers: true,
        compensated: true,
        preparation_minutes: 0,
        travel_minutes: 0,
    };
    let body = secretary.ok::<bodies::CreateBody>(&municipality.as_str().into(), &NoQuery {}, &input).await.id;
    let members = vec![
        BodyMemberInput {
            person_id: chair.id,
            role: BodyRole::Chair,
            term_start: Some("2026-01-01".into()),
            term_end: Some("2027-12-31".into()),
        },
        BodyMemberInput { person_id: gp.id.clone(), role: BodyRole::Member, term_start: None, term_end: None },
    ];
    let detail = secretary.ok::<bodies::SetMembers>(&body.as_str().into(), &NoQuery {}, &members).await;
    assert_eq!(detail.members.len(), 2);
    Alu {
        municipality,
        secretary,
        chair: app.signed_in("chair@lege.test").await,
        gp: app.signed_in("kari@lege.test").await,
        gp_id: gp.id,
        body,
    }
}

fn meeting_input(body: &str, days: i64) -> MeetingInput {
    MeetingInput {
        body_id: Some(body.to_owned()),
        kind: MeetingKind::CommitteeMeeting,
        title: "ALU-møte".into(),
        description: Some("Møte i allmennlegeutvalget".into()),
        starts_local: local(days, 18),
        ends_local: local(days, 20),
        location: Some("Bærum rådhus, møterom 3".into()),
        video_url: Some("https://meet.example/alu".into()),
        capacity: None,
        proposal_deadline_local: Some(local(days - 1, 12)),
        invitees: Invitees::BodyMembers,
        recurrence: None,
        minutes_public: false,
        reminder_days: None,
    }
}

async fn schedule(alu: &Alu, days: i64) -> Meeting {
    let input = meeting_input(&alu.body, days);
    let mut meetings = alu.secretary.ok::<CreateMeeting>(&alu.municipality.as_str().into(), &NoQuery {}, &input).await;
    meetings.remove(0)
}

fn agenda_item(title: &str, description: Option<&str>) -> AgendaItemInput {
    AgendaItemInput { title: title.into(), description: description.map(str::to_owned) }
}

fn proposal(title: &str, description: Option<&str>) -> ProposalInput {
    ProposalInput { title: title.into(), description: description.map(str::to_owned) }
}

async fn ics(session: &Session, meeting: &str) -> Calendar {
    let response = session.get(&format!("/api/meetings/{meeting}/calendar.ics")).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/calendar"));
    let text = response.text().await.expect("text");
    text.parse::<Calendar>().expect("a valid RFC 5545 calendar")
}

fn only_event(calendar: &Calendar) -> &icalendar::Event {
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| if let CalendarComponent::Event(e) = c { Some(e) } else { None })
        .collect();
    assert_eq!(events.len(), 1);
    events[0]
}

#[tokio::test]
async fn the_alu_runs_a_meeting_from_notice_to_approved_minutes() {
    let app = spawn_app().await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 14).await;
    assert_eq!(meeting.status, MeetingStatus::Draft);
    assert!(meeting.can_organise);
    let id = MeetingId::from(meeting.id.as_str());
    // A draft is the organisers' own.
    assert_eq!(alu.gp.call::<GetMeeting>(&id, &NoQuery {}, &()).await.status(), 404);

    let item = alu.secretary.ok::<AddItem>(&id, &NoQuery {}, &agenda_item("Godkjenning av innkalling", None)).await;
    assert_eq!(item.number, 1);
    let year = item.year % 100;
    assert_eq!(item.label, format!("1/{year:02}"));
    let input = agenda_item("Legevakt i Sandvika", Some("Saksframlegg om ny legevakt."));
    let second = alu.secretary.ok::<AddItem>(&id, &NoQuery {}, &input).await;
    assert_eq!(second.label, format!("2/{year:02}"));

    alu.secretary.ok::<SendNotice>(&id, &NoQuery {}, &()).await;
    let mine = alu.gp.ok::<MyMeetings>(&(), &Default::default(), &()).await;
    assert_eq!(mine.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), vec![meeting.id.as_str()]);

    // A GP may not edit the agenda, but proposes an item; the chair accepts it.
    let refused = alu.gp.call::<AddItem>(&id, &NoQuery {}, &agenda_item("Mitt punkt", None)).await;
    assert_eq!(refused.status(), 403);
    let input = proposal("Ventetid på røntgen", Some("Mange pasienter venter lenge."));
    let proposed = alu.gp.ok::<Propose>(&id, &NoQuery {}, &input).await;
    assert_eq!(proposed.status, ProposalStatus::Pending);
    let other = alu.gp.ok::<Propose>(&id, &NoQuery {}, &proposal("Julebord", None)).await;
    let reason = DeclineInput { reason: "Hører ikke hjemme i ALU".into() };
    let declined_other = alu.chair.ok::<DeclineProposal>(&other.id.as_str().into(), &NoQuery {}, &reason).await;
    assert_eq!(
        (declined_other.status, declined_other.reason.as_deref()),
        (ProposalStatus::Declined, Some("Hører ikke hjemme i ALU"))
    );
    let accepted = alu.chair.ok::<AcceptProposal>(&proposed.id.as_str().into(), &NoQuery {}, &()).await;
    assert_eq!(accepted.status, ProposalStatus::Accepted);

    let detail = alu.gp.ok::<GetMeeting>(&id, &NoQuery {}, &()).await;
    let titles: Vec<(&str, Option<&str>)> =
        detail.agenda.iter().map(|i| (i.label.as_str(), i.proposer_name.as_deref())).collect();
    assert_eq!(titles[2], (format!("3/{year:02}").as_str(), Some("Kari Fastlege")));
    // The GP sees her own proposals, with the reason for the declined one.
    assert_eq!(detail.proposals.len(), 2);

    // Notice of absence needs a reason, then it is recorded and the organiser sees it.
    let absent = |reason: Option<&str>| RsvpInput { answer: RsvpAnswer::Absent, reason: reason.map(str::to_owned) };
    let no_reason = alu.gp.call::<AnswerInvitation>(&id, &NoQuery {}, &absent(None)).await;
    let body: ErrorBody = no_reason.json().await.expect("error shape");
    assert_eq!((body.error.code.as_str(), body.error.field.as_deref()), ("reason_required", Some("reason")));
    alu.gp.ok::<AnswerInvitation>(&id, &NoQuery {}, &absent(Some("Legevaktvakt"))).await;
    let answers = alu.secretary.ok::<Answers>(&id, &NoQuery {}, &()).await;
    let kari = answers.iter().find(|a| a.name == "Kari Fastlege").expect("Kari");
    assert_eq!(
        kari.rsvp.as_ref().map(|r| (r.answer, r.reason.as_deref())),
        Some((RsvpAnswer::Absent, Some("Legevaktvakt")))
    );
    let carl = answers.iter().find(|a| a.name == "Carl Leder").expect("Carl");
    assert!(carl.rsvp.is_none(), "the chair has not answered");

    // After the meeting: minutes with a decision and an action item, then approval.
    alu.secretary.ok::<MarkHeld>(&id, &NoQuery {}, &()).await;
    let minutes = MinutesInput {
        summary: Some("Godt oppmøte.".into()),
        decisions: vec![DecisionInput {
            agenda_item_id: second.id.clone(),
            decision: Some("ALU støtter ny legevakt i Sandvika.".into()),
        }],
    };
    alu.secretary.ok::<SaveMinutes>(&id, &NoQuery {}, &minutes).await;
    let before_approval = alu.gp.ok::<GetMeeting>(&id, &NoQuery {}, &()).await;
    assert!(before_approval.minutes.is_none(), "draft minutes are the organisers' own");
    let input = ActionItemInput {
        agenda_item_id: Some(second.id.clone()),
        title: "Skrive høringssvar".into(),
        owner_id: Some(alu.gp_id.clone()),
        due_date: Some("2027-01-15".into()),
        status: ActionStatus::Open,
    };
    let action = alu.secretary.ok::<AddActionItem>(&id, &NoQuery {}, &input).await;
    let approved = alu.secretary.ok::<ApproveMinutes>(&id, &NoQuery {}, &()).await;
    assert_eq!(approved.meeting.status, MeetingStatus::MinutesApproved);

    let seen = alu.gp.ok::<GetMeeting>(&id, &NoQuery {}, &()).await;
    assert!(seen.minutes.as_ref().is_some_and(|m| m.approved && m.summary.as_deref() == Some("Godt oppmøte.")));
    assert_eq!(seen.agenda[1].decision.as_deref(), Some("ALU støtter ny legevakt i Sandvika."));
    // The action item stays with its owner until done.
    let mine = alu.gp.ok::<MyActionItems>(&(), &NoQuery {}, &()).await;
    assert_eq!(mine.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), vec![action.id.as_str()]);
    let done = ActionStatusInput { status: ActionStatus::Done };
    let done = alu.gp.ok::<SetActionStatus>(&action.id.as_str().into(), &NoQuery {}, &done).await;
    assert_eq!(done.status, ActionStatus::Done);
    assert!(alu.gp.ok::<MyActionItems>(&(), &NoQuery {}, &()).await.is_empty());

    let history: Vec<&str> = seen.history.iter().map(|h| h.change.as_str()).collect();
    assert!(
        history.starts_with(&["created"])
            && history.contains(&"notice_sent")
            && history.ends_with(&["minutes_approved"]),
        "{history:?}"
    );
}

#[tokio::test]
async fn calendar_files_keep_their_uid_and_raise_sequence_when_the_meeting_moves_or_is_cancelled() {
    let app = spawn_app().await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 10).await;
    alu.secretary.call::<meetings_api::SendNotice>(&meeting.id.as_str().into(), &NoQuery {}, &()).await;
    let first = ics(&alu.gp, &meeting.id).await;
    let event = only_event(&first);
    assert_eq!(first.property_value("METHOD"), Some("PUBLISH"));
    assert_eq!(event.get_uid(), Some(format!("{}@legeting", meeting.id).as_str()));
    assert_eq!(event.get_summary(), Some("ALU-møte"));
    assert_eq!(event.get_location(), Some("Bærum rådhus, møterom 3"));
    let sequence = event.get_sequence().expect("a SEQUENCE");
    let start = format!("{:?}", event.get_start().expect("DTSTART"));
    assert_eq!(event.property_value("STATUS"), Some("CONFIRMED"));
    let attendees = event.multi_properties().get("ATTENDEE").map_or(0, Vec::len);
    assert_eq!(attendees, 1, "a member's own file names only them");
    let organisers_copy = ics(&alu.secretary, &meeting.id).await;
    let attendees = only_event(&organisers_copy).multi_properties().get("ATTENDEE").map_or(0, Vec::len);
    assert_eq!(attendees, 2, "the organiser's file names both members");
    assert!(event.property_value("ORGANIZER").is_some_and(|o| o.starts_with("mailto:")));

    // Move the meeting two days later: same UID, higher SEQUENCE, new start, and the history shows both times.
    let moved = alu.secretary.put(&format!("/api/meetings/{}", meeting.id), &meeting_input(&alu.body, 12)).await;
    assert_eq!(moved.status(), 200);
    let detail: MeetingDetail = moved.json().await.expect("detail");
    let reschedule = detail.history.iter().find(|h| h.change == "rescheduled").expect("a rescheduling entry");
    assert!(reschedule.details.contains(&local(10, 18)) && reschedule.details.contains(&local(12, 18)));
    let second = ics(&alu.gp, &meeting.id).await;
    let event = only_event(&second);
    assert_eq!(event.get_uid(), Some(format!("{}@legeting", meeting.id).as_str()));
    assert!(event.get_sequence().expect("a SEQUENCE") > sequence);
    assert_ne!(format!("{:?}", event.get_start().expect("DTSTART")), start);
    let moved_sequence = event.get_sequence().expect("a SEQUENCE");

    assert_eq!(
        alu.secretary
            .call::<meetings_api::CancelMeeting>(
                &meeting.id.as_str().into(),
                &NoQuery {},
                &CancelInput { reason: "Få påmeldte".into() }
            )
            .await
            .status(),
        200
    );
    let third = ics(&alu.gp, &meeting.id).await;
    let event = only_event(&third);
    assert_eq!(event.property_value("STATUS"), Some("CANCELLED"));
    assert!(event.get_sequence().expect("a SEQUENCE") > moved_sequence);
    // Cancelled meetings cannot be changed or answered.
    assert_eq!(
        alu.secretary.put(&format!("/api/meetings/{}", meeting.id), &meeting_input(&alu.body, 14)).await.status(),
        409
    );
    assert_eq!(
        alu.gp.put(&format!("/api/meetings/{}/rsvp", meeting.id), &json!({"answer": "in_person"})).await.status(),
        409
    );
}

#[tokio::test]
async fn a_personal_calendar_feed_works_without_signing_in_and_can_be_regenerated_or_revoked() {
    let app = spawn_app().await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 5).await;
    alu.secretary.call::<meetings_api::SendNotice>(&meeting.id.as_str().into(), &NoQuery {}, &()).await;
    let feed: Value =
        alu.gp.call::<calendar_api::CreateFeed>(&(), &NoQuery {}, &()).await.json().await.expect("a feed");
    let url = feed["url"].as_str().expect("a URL").to_owned();
    let anonymous = reqwest::Client::new();
    let text = anonymous.get(&url).send().await.expect("answers").text().await.expect("text");
    let calendar: Calendar = text.parse().expect("a valid calendar");
    assert_eq!(only_event(&calendar).get_uid(), Some(format!("{}@legeting", meeting.id).as_str()));

    let renewed: Value =
        alu.gp.call::<calendar_api::CreateFeed>(&(), &NoQuery {}, &()).await.json().await.expect("a feed");
    assert_ne!(renewed["url"], feed["url"]);
    assert_eq!(anonymous.get(&url).send().await.expect("answers").status(), 404, "the old URL stops working");
    let renewed_url = renewed["url"].as_str().expect("a URL");
    assert_eq!(anonymous.get(renewed_url).send().await.expect("answers").status(), 200);
    assert_eq!(alu.gp.send(reqwest::Method::DELETE, "/api/calendar/feed", None).await.status(), 204);
    assert_eq!(anonymous.get(renewed_url).send().await.expect("answers").status(), 404);
}

#[tokio::test]
async fn closed_papers_stay_with_the_body_and_other_municipalities_see_nothing() {
    let app = spawn_app().await;
    let alu = alu(&app).await;
    let meeting = schedule(&alu, 8).await;
    let item: AgendaItem = alu
        .secretary
        .post(
            &format!("/api/meetings/{}/agenda", meeting.id),
            &json!({"title": "Avtalesak", "description": "Fortrolig saksframlegg"}),
        )
        .await
        .json()
        .await
        .expect("item");
    let token = alu.secretary.csrf_token().await;
    let upload = |body: &'static str, name: &'static str| {
        alu.secretary
            .client
            .post(app.url(&format!("/api/agenda-items/{}/attachments?file_name={name}", item.id)))
            .header("x-csrf-token", token.clone())
            .body(body)
            .send()
    };
    let attachment: Value =
        upload("%PDF-1.4 saksframlegg", "saksframlegg.pdf").await.expect("answers").json().await.expect("attachment");
    let wrong = upload("not a pdf", "forfalsket.pdf").await.expect("answers");
    assert_eq!(wrong.status(), 422);
    let exe = upload("MZ", "virus.exe").await.expect("answers");
    assert_eq!(exe.json::<ErrorBody>().await.expect("error shape").error.code, "unsupported_type");
    alu.secretary.call::<meetings_api::SendNotice>(&meeting.id.as_str().into(), &NoQuery {}, &()).await;

    // The member reads the papers and downloads the attachment.
    let detail: MeetingDetail =
        alu.gp.get(&format!("/api/meetings/{}", meeting.id)).await.json().await.expect("detail");
    assert_eq!(detail.agenda[0].description.as_deref(), Some("Fortrolig saksframlegg"));
    let download = alu.gp.get(&format!("/api/attachments/{}", attachment["id"].as_str().expect("id"))).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.expect("bytes").as_ref(), b"%PDF-1.4 saksframlegg");

    // A leader sees the meeting and the agenda titles but not closed papers.
    let admin = app.signed_in("admin@baerum.test").await;
    app.add_person(&admin, &alu.municipality, "Liv Leder", "leder@baerum.test", &[Role::Leader]).await;
    let leader = app.signed_in("leder@baerum.test").await;
    let detail: MeetingDetail =
        leader.get(&format!("/api/meetings/{}", meeting.id)).await.json().await.expect("detail");
    assert_eq!(detail.agenda[0].title, "Avtalesak");
    assert!(detail.agenda[0].description.is_none() && detail.agenda[0].papers_closed_to_me);
    assert_eq!(leader.get(&format!("/api/attachments/{}", attachment["id"].as_str().expect("id"))).await.status(), 404);

    // A GP outside the body, and anyone from another municipality, sees nothing.
    let outsider = app.signed_in("ola@lege.test").await;
    assert_eq!(outsider.get(&format!("/api/meetings/{}", meeting.id)).await.status(), 404);
    let asker: Value = admin.post("/api/municipalities", &json!({"name": "Asker"})).await.json().await.expect("Asker");
    app.add_person(
        &admin,
        asker["id"].as_str().expect("id"),
        "Asker Admin",
        "admin@asker.test",
        &[Role::Administrator, Role::Secretary],
    )
    .await;
    let asker_admin = app.signed_in("admin@asker.test").await;
    assert_eq!(asker_admin.get(&format!("/api/meetings/{}", meeting.id)).await.status(), 404);
    assert_eq!(asker_admin.get(&format!("/api/municipalities/{}/meetings", alu.municipality)).await.status(), 404);
    let hits: Vec<SearchHit> = asker_admin.get("/api/search?q=avtalesak").await.json().await.expect("hits");
    assert!(hits.is_empty());
    let hits: Vec<SearchHit> = alu.gp.get("/api/search?q=fortrolig").await.json().await.expect("hits");
    assert_eq!(hits.iter().map(|h| h.kind.as_str()).collect::<Vec<_>>(), vec!["agenda_item"]);
    let hits: Vec<SearchHit> = leader.get("/api/search?q=fortrolig").await.json().await.expect("hits");
    assert!(hits.is_empty(), "closed papers are not searchable for those who may not read them");
}

#[tokio::test]
async fn a_weekly_series_keeps_its_local_time_and_all_gps_can_be_invited() {
    let app = spawn_app().await;
    let alu = alu(&app).await;
    let input = MeetingInput {
        body_id: None,
        kind: MeetingKind::Course,
        title: "Kvalitetskurs".into(),
        invitees: Invitees::AllGps,
        recurrence: Some(Recurrence { every_days: Some(7), every_months: None, count: 4 }),
        ..meeting_input(&alu.body, 3)
    };
    let municipality = alu.municipality.as_str().into();
    let series = alu.secretary.ok::<CreateMeeting>(&municipality, &NoQuery {}, &input).await;
    assert_eq!(series.len(), 4);
    assert!(series.iter().all(|m| m.series_id.is_some() && m.series_id == series[0].series_id));
    assert!(
        series.iter().all(|m| m.starts_local.ends_with("T18:00")),
        "{:?}",
        series.iter().map(|m| &m.starts_local).collect::<Vec<_>>()
    );
    let answers = alu.secretary.ok::<Answers>(&series[0].id.as_str().into(), &NoQuery {}, &()).await;
    assert_eq!(answers.len(), 3, "every GP of the municipality is invited");

    let bad = MeetingInput { ends_local: local(2, 18), ..input };
    let response = alu.secretary.call::<CreateMeeting>(&municipality, &NoQuery {}, &bad).await;
    let body: ErrorBody = response.json().await.expect("error shape");
    assert_eq!((body.error.code.as_str(), body.error.field.as_deref()), ("ends_before_start", Some("ends_local")));
}
