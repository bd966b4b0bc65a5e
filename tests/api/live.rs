//! The live meeting room: discussion, speakers list, open and secret votes, resuming without loss, two
//! instances on PostgreSQL, and remote attendance from time in the room.

use legeting_shared::live::{ClientMessage, RoomEvent, ServerMessage};
use legeting_shared::participation::{AttendanceRecord, AttendanceStatus};
use legeting_shared::people::Role;
use legeting_tests::live::LiveClient;
use legeting_tests::{Session, TestApp, database_kind, spawn_app, spawn_app_configured};
use serde_json::{Value, json};

struct Room {
    meeting: String,
    secretary: Session,
    gp: Session,
    gp_id: String,
    leader: Session,
    ola: Session,
}

/// The ALU (Carl chairs; Kari and Ola are members) with a meeting whose notice is sent, and a leader who
/// may follow the meeting but is not invited.
async fn room(app: &TestApp) -> Room {
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    app.add_person(&admin, &municipality, "Sara Sekretær", "kol@baerum.test", &[Role::Secretary]).await;
    app.add_person(&admin, &municipality, "Liv Leder", "leder@baerum.test", &[Role::Leader]).await;
    let kari = app.add_person(&admin, &municipality, "Kari Fastlege", "kari@lege.test", &[Role::Gp]).await;
    let ola = app.add_person(&admin, &municipality, "Ola Hansen", "ola@lege.test", &[Role::Gp]).await;
    let secretary = app.signed_in("kol@baerum.test").await;
    let body: Value = secretary
        .post(&format!("/api/municipalities/{municipality}/bodies"), &json!({"name": "ALU", "kind": "gp_committee"}))
        .await
        .json()
        .await
        .expect("a body");
    let body = body["id"].as_str().expect("id").to_owned();
    let members = json!([{"person_id": kari.id, "role": "member"}, {"person_id": ola.id, "role": "member"}]);
    secretary.put(&format!("/api/bodies/{body}/members"), &members).await;
    let start = chrono::Utc::now() + chrono::Duration::days(3);
    let input = json!({"body_id": body, "kind": "committee_meeting", "title": "ALU",
        "starts_local": start.format("%Y-%m-%dT18:00").to_string(), "ends_local": start.format("%Y-%m-%dT20:00").to_string(),
        "invitees": {"type": "body_members"}});
    let meetings: Value = secretary
        .post(&format!("/api/municipalities/{municipality}/meetings"), &input)
        .await
        .json()
        .await
        .expect("meetings");
    let meeting = meetings[0]["id"].as_str().expect("id").to_owned();
    secretary.post(&format!("/api/meetings/{meeting}/notice"), &json!({})).await;
    Room {
        meeting,
        secretary,
        gp: app.signed_in("kari@lege.test").await,
        gp_id: kari.id,
        leader: app.signed_in("leder@baerum.test").await,
        ola: app.signed_in("ola@lege.test").await,
    }
}

fn post(text: &str) -> ClientMessage {
    ClientMessage::Post { client_id: format!("c-{text}"), agenda_item_id: None, reply_to: None, text: text.to_owned() }
}

fn error_code(reply: &ServerMessage) -> &str {
    match reply {
        ServerMessage::Error { code, .. } | ServerMessage::Ack { code, .. } => code,
        _ => "",
    }
}

#[tokio::test]
async fn everyone_in_the_room_sees_a_post_and_moderation_in_the_same_order() -> anyhow::Result<()> {
    let app = spawn_app().await;
    let room = room(&app).await;
    let mut chair = LiveClient::connect(&room.secretary, &room.meeting, None).await?;
    let mut gp = LiveClient::connect(&room.gp, &room.meeting, None).await?;
    assert!(matches!(&chair.welcome, ServerMessage::Welcome { chair: true, snapshot: Some(_), .. }));
    assert!(matches!(&gp.welcome, ServerMessage::Welcome { chair: false, .. }));

    gp.send(&post("Hei fra Kari")).await?;
    let seen_by_gp = gp.next_event().await?;
    let seen_by_chair = chair.next_event().await?;
    assert_eq!(seen_by_gp, seen_by_chair);
    let RoomEvent::MessagePosted { message, client_id } = seen_by_gp.event else { anyhow::bail!("not a post") };
    assert_eq!(
        (message.text.as_str(), message.name.as_str(), client_id.as_deref()),
        ("Hei fra Kari", "Kari Fastlege", Some("c-Hei fra Kari"))
    );

    gp.send(&ClientMessage::Edit {
        client_id: "e1".into(),
        message_id: message.id.clone(),
        text: "Hei fra Kari!".into(),
    })
    .await?;
    assert!(matches!(chair.next_event().await?.event, RoomEvent::MessageEdited { .. }));
    gp.next_event().await?;
    // Only the chair hides, and needs a reason.
    gp.send(&ClientMessage::Hide { client_id: "h1".into(), message_id: message.id.clone(), reason: "nei".into() })
        .await?;
    assert_eq!(error_code(&gp.next_reply().await?), "chair_only");
    chair
        .send(&ClientMessage::Hide {
            client_id: "h2".into(),
            message_id: message.id.clone(),
            reason: "Pasientopplysninger".into(),
        })
        .await?;
    let hidden = gp.next_event().await?;
    assert!(matches!(hidden.event, RoomEvent::MessageHidden { ref reason, .. } if reason == "Pasientopplysninger"));

    // Too long, and too many.
    gp.send(&post(&"x".repeat(2001))).await?;
    assert_eq!(error_code(&gp.next_reply().await?), "message_length");
    for n in 0..9 {
        gp.send(&post(&format!("melding {n}"))).await?;
        gp.next_event().await?;
    }
    gp.send(&post("én for mye")).await?;
    assert_eq!(error_code(&gp.next_reply().await?), "rate_limited");

    // A newcomer's snapshot has the discussion, with the hidden message emptied.
    let late = LiveClient::connect(&room.ola, &room.meeting, None).await?;
    let ServerMessage::Welcome { snapshot: Some(snapshot), .. } = &late.welcome else { anyhow::bail!("no snapshot") };
    assert_eq!(snapshot.messages.len(), 10);
    assert_eq!(
        (snapshot.messages[0].text.as_str(), snapshot.messages[0].hidden_reason.as_deref()),
        ("", Some("Pasientopplysninger"))
    );
    Ok(())
}

#[tokio::test]
async fn hands_are_raised_and_the_chair_runs_the_speakers_list() -> anyhow::Result<()> {
    let app = spawn_app().await;
    let room = room(&app).await;
    let mut chair = LiveClient::connect(&room.secretary, &room.meeting, None).await?;
    let mut kari = LiveClient::connect(&room.gp, &room.meeting, None).await?;
    let mut ola = LiveClient::connect(&room.ola, &room.meeting, None).await?;
    let speakers = |event: legeting_shared::live::SequencedEvent| match event.event {
        RoomEvent::SpeakersChanged { speakers } => speakers,
        other => panic!("not the speakers list: {other:?}"),
    };
    kari.send(&ClientMessage::RaiseHand).await?;
    ola.send(&ClientMessage::RaiseHand).await?;
    chair.next_event().await?;
    let list = speakers(chair.next_event().await?);
    assert_eq!(list.waiting.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), vec!["Kari Fastlege", "Ola Hansen"]);
    kari.send(&ClientMessage::RaiseHand).await?;
    kari.next_event().await?;
    kari.next_event().await?;
    assert_eq!(error_code(&kari.next_reply().await?), "already_listed");
    kari.send(&ClientMessage::NextSpeaker).await?;
    assert_eq!(error_code(&kari.next_reply().await?), "chair_only");

    let ola_id = list.waiting[1].person_id.clone();
    chair.send(&ClientMessage::ReorderSpeakers { person_ids: vec![ola_id.clone(), room.gp_id.clone()] }).await?;
    chair.send(&ClientMessage::SetSpeakingTime { seconds: 120 }).await?;
    chair.send(&ClientMessage::NextSpeaker).await?;
    chair.next_event().await?;
    chair.next_event().await?;
    let list = speakers(chair.next_event().await?);
    assert_eq!(list.current.as_ref().map(|s| s.person_id.as_str()), Some(ola_id.as_str()));
    assert!(list.current_until.is_some_and(|until| until > chrono::Utc::now().timestamp_millis()));
    assert_eq!(list.waiting.len(), 1);
    assert_eq!(list.speaking_time, 120);
    // Everyone saw the same, in the same order.
    ola.catch_up_to(chair.last_seq).await?;
    assert_eq!(ola.last_seq, chair.last_seq);
    Ok(())
}

#[tokio::test]
async fn an_open_and_a_secret_vote_count_each_eligible_voter_once() -> anyhow::Result<()> {
    let app = spawn_app().await;
    let room = room(&app).await;
    let mut chair = LiveClient::connect(&room.secretary, &room.meeting, None).await?;
    let mut kari = LiveClient::connect(&room.gp, &room.meeting, None).await?;
    let mut ola = LiveClient::connect(&room.ola, &room.meeting, None).await?;
    let mut leader = LiveClient::connect(&room.leader, &room.meeting, None).await?;

    for secret in [false, true] {
        chair
            .send(&ClientMessage::OpenPoll {
                client_id: "p".into(),
                agenda_item_id: None,
                question: "Støtter ALU forslaget?".into(),
                options: vec!["Ja".into(), "Nei".into(), "Avstår".into()],
                secret,
            })
            .await?;
        let opened = kari.event_until(|e| matches!(e, RoomEvent::PollOpened { .. })).await?;
        let RoomEvent::PollOpened { poll } = opened.event else { anyhow::bail!("no poll") };
        kari.send(&ClientMessage::Vote { client_id: "v1".into(), poll_id: poll.id.clone(), option: 0 }).await?;
        assert_eq!(error_code(&kari.reply().await?), "vote_recorded");
        kari.send(&ClientMessage::Vote { client_id: "v2".into(), poll_id: poll.id.clone(), option: 1 }).await?;
        assert_eq!(error_code(&kari.reply().await?), "already_voted");
        ola.send(&ClientMessage::Vote { client_id: "v3".into(), poll_id: poll.id.clone(), option: 1 }).await?;
        assert_eq!(error_code(&ola.reply().await?), "vote_recorded");
        // The leader follows the meeting but is not entitled to vote.
        leader.send(&ClientMessage::Vote { client_id: "v4".into(), poll_id: poll.id.clone(), option: 0 }).await?;
        assert_eq!(error_code(&leader.reply().await?), "not_eligible");

        let counted = chair.event_until(|e| matches!(e, RoomEvent::VotesCast { count: 2, .. })).await?;
        assert!(counted.seq > opened.seq);
        chair.send(&ClientMessage::ClosePoll { poll_id: poll.id.clone() }).await?;
        let closed_event = chair.event_until(|e| matches!(e, RoomEvent::PollClosed { .. })).await?;
        let RoomEvent::PollClosed { poll: closed } = closed_event.event else { anyhow::bail!("not closed") };
        assert_eq!(closed.results, Some(vec![1, 1, 0]));
        assert_eq!(closed.votes_cast, 2);
        if secret {
            assert_eq!(closed.ballots, None);
            let linked: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM live_ballots WHERE poll_id = $1 AND person_id IS NOT NULL")
                    .bind(&poll.id)
                    .fetch_one(app.state.database.pool())
                    .await?;
            assert_eq!(linked, 0, "a secret ballot names no voter");
        } else {
            assert_eq!(closed.ballots, Some(vec![("Kari Fastlege".to_owned(), 0), ("Ola Hansen".to_owned(), 1)]));
        }
        for client in [&mut kari, &mut ola, &mut leader] {
            client.catch_up_to(closed_event.seq).await?;
        }
        kari.send(&ClientMessage::Vote { client_id: "late".into(), poll_id: poll.id.clone(), option: 0 }).await?;
        assert_eq!(error_code(&kari.reply().await?), "poll_closed");
    }
    Ok(())
}

#[tokio::test]
async fn a_client_that_reconnects_gets_exactly_what_it_missed() -> anyhow::Result<()> {
    let app = spawn_app().await;
    let room = room(&app).await;
    let mut kari = LiveClient::connect(&room.gp, &room.meeting, None).await?;
    kari.send(&post("før bruddet")).await?;
    kari.next_event().await?;
    let seen = kari.last_seq;
    kari.close().await?;

    let mut chair = LiveClient::connect(&room.secretary, &room.meeting, None).await?;
    for text in ["en", "to", "tre"] {
        chair.send(&post(text)).await?;
        chair.next_event().await?;
    }
    let resumed = LiveClient::connect(&room.gp, &room.meeting, Some(seen)).await?;
    let ServerMessage::Welcome { missed, snapshot, seq, .. } = &resumed.welcome else { anyhow::bail!("no welcome") };
    assert!(snapshot.is_none());
    let texts: Vec<String> = missed
        .iter()
        .map(|e| match &e.event {
            RoomEvent::MessagePosted { message, .. } => message.text.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(texts, vec!["en", "to", "tre"]);
    assert_eq!(missed.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![seen + 1, seen + 2, seen + 3]);
    assert_eq!(*seq, seen + 3);
    assert_eq!(resumed.last_seq, seen + 3);
    // Nothing is repeated after the welcome: the next post is the next number.
    chair.send(&post("fire")).await?;
    let mut resumed = resumed;
    assert_eq!(resumed.next_event().await?.seq, seen + 4);
    // A client from the future (or far behind) gets a full snapshot instead.
    let fresh = LiveClient::connect(&room.gp, &room.meeting, Some(seen + 1000)).await?;
    assert!(matches!(&fresh.welcome, ServerMessage::Welcome { snapshot: Some(s), .. } if s.messages.len() == 5));
    Ok(())
}

#[tokio::test]
async fn only_those_who_see_the_meeting_get_in() -> anyhow::Result<()> {
    let app = spawn_app().await;
    let room = room(&app).await;
    let outsider_admin = app.signed_in("admin@baerum.test").await;
    // The installation administrator organises everything; an anonymous visitor gets nothing.
    assert!(LiveClient::connect(&outsider_admin, &room.meeting, None).await.is_ok());
    assert!(LiveClient::connect(&app.session(), &room.meeting, None).await.is_err());
    let plain = app.session().get(&format!("/api/meetings/{}/live", room.meeting)).await;
    assert_eq!(plain.status(), 401);
    Ok(())
}

#[tokio::test]
async fn time_in_the_room_is_recorded_as_remote_attendance() -> anyhow::Result<()> {
    let app = spawn_app_configured(|config| config.live_presence_minimum_secs = 0).await;
    let room = room(&app).await;
    let kari = LiveClient::connect(&room.gp, &room.meeting, None).await?;
    kari.close().await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let sheet: Vec<AttendanceRecord> =
            room.secretary.get(&format!("/api/meetings/{}/attendance", room.meeting)).await.json().await?;
        let record = sheet.iter().find(|r| r.person_id == room.gp_id).expect("Kari is invited");
        if record.status == Some(AttendanceStatus::Remote) {
            assert_eq!(record.source.as_deref(), Some("live_room"));
            assert!(record.arrived_at.is_some() && record.left_at.is_some());
            break;
        }
        anyhow::ensure!(std::time::Instant::now() < deadline, "no remote attendance recorded: {record:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Ok(())
}

#[tokio::test]
async fn two_instances_on_postgresql_exchange_events() -> anyhow::Result<()> {
    if database_kind() != legeting_shared::DatabaseKind::Postgres {
        // One instance on SQLite; `cargo xtask test` runs this suite on PostgreSQL too.
        return Ok(());
    }
    let app = spawn_app().await;
    let room = room(&app).await;
    let second = app.second_instance().await;
    let kari_there = app.session_at(&second.address);
    let login = json!({"email": "kari@lege.test", "password": legeting_tests::TEST_PASSWORD});
    assert_eq!(kari_there.post("/api/auth/login", &login).await.status(), 200);
    let mut on_second = LiveClient::connect(&kari_there, &room.meeting, None).await?;
    let mut on_first = LiveClient::connect(&room.secretary, &room.meeting, None).await?;
    on_first.send(&post("fra instans 1")).await?;
    let there = on_second.next_event().await?;
    assert!(matches!(there.event, RoomEvent::MessagePosted { ref message, .. } if message.text == "fra instans 1"));
    on_second.send(&post("fra instans 2")).await?;
    on_first.next_event().await?;
    let back = on_first.next_event().await?;
    assert!(matches!(back.event, RoomEvent::MessagePosted { ref message, .. } if message.text == "fra instans 2"));
    assert_eq!(on_second.next_event().await?.seq, back.seq);
    Ok(())
}
