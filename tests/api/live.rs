//! The live meeting room: discussion, speakers list, open and secret votes, resuming without loss, two
//! instances on PostgreSQL, and remote attendance from time in the room.

use legeting_shared::api::NoQuery;
use legeting_shared::api::auth as auth_api;
use legeting_shared::api::meetings as meetings_api;
use legeting_shared::live::{ClientMessage, RoomEvent, ServerMessage};
use legeting_shared::participation::{AttendanceRecord, AttendanceStatus};
use legeting_shared::people::Role;
use legeting_tests::live::{LiveClient, refusal};
use legeting_tests::{Session, TestApp, database_kind, spawn_app, spawn_app_configured};
use serde_json::{Value, json};

struct Room {
    meeting: String,
    municipality: String,
    body: String,
    admin: Session,
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
    secretary.call::<meetings_api::SendNotice>(&meeting.as_str().into(), &NoQuery {}, &()).await;
    Room {
        meeting,
        municipality,
        body,
        admin,
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
                sqlx::query_scalar("SELECT COUNT(*) FROM live_voters WHERE poll_id = $1 AND option_index IS NOT NULL")
                    .bind(&poll.id)
                    .fetch_one(app.state.database.pool())
                    .await?;
            assert_eq!(linked, 0, "a secret vote leaves no choice on its voter's row");
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

/// One row that might hold a choice: its order keys as the database keeps them, and the choice.
#[derive(Debug, Clone)]
struct Trace {
    /// SQLite rowid, or PostgreSQL ctid as (page, tuple).
    physical: (i64, i64),
    /// PostgreSQL's inserting transaction (`xmin`); `None` on SQLite.
    xmin: Option<i64>,
    /// The row's `id` column, if it has one (uuid v7 ids are time-ordered).
    id: Option<String>,
    /// Any time column on the row (`at`, `*_at`).
    time: Option<i64>,
    /// What the row says: a person (voter rows) or an option (choice rows).
    person: Option<String>,
    option: Option<i64>,
}

fn parse_ctid(ctid: &str) -> (i64, i64) {
    let inner = ctid.trim_matches(|c| c == '(' || c == ')');
    let mut parts = inner.split(',').map(|p| p.trim().parse::<i64>().unwrap_or(-1));
    (parts.next().unwrap_or(-1), parts.next().unwrap_or(-1))
}

/// Every row of every table that mentions the poll, with whatever order the database gives away.
async fn traces_of_poll(app: &TestApp, poll_id: &str) -> anyhow::Result<Vec<(String, Trace)>> {
    let pool = app.state.database.pool();
    let postgres = database_kind() == legeting_shared::DatabaseKind::Postgres;
    let tables: Vec<String> = if postgres {
        sqlx::query_scalar(
            "SELECT DISTINCT table_name::text FROM information_schema.columns WHERE column_name = 'poll_id' AND table_schema = current_schema()",
        )
        .fetch_all(pool)
        .await?
    } else {
        sqlx::query_scalar("SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.sql LIKE '%poll_id%'")
            .fetch_all(pool)
            .await?
    };
    let mut traces = Vec::new();
    for table in tables {
        let columns: Vec<String> = if postgres {
            sqlx::query_scalar(
                "SELECT column_name::text FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()",
            )
            .bind(&table)
            .fetch_all(pool)
            .await?
        } else {
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1)").bind(&table).fetch_all(pool).await?
        };
        let has = |name: &str| columns.iter().any(|c| c == name);
        let time_column = columns.iter().find(|c| *c == "at" || c.ends_with("_at")).cloned();
        let physical = if postgres { "ctid::text" } else { "CAST(rowid AS TEXT)" };
        let xmin = if postgres { "CAST(xmin::text AS BIGINT)" } else { "CAST(NULL AS BIGINT)" };
        let text_or_null =
            |column: &str| if has(column) { format!("CAST({column} AS TEXT)") } else { "CAST(NULL AS TEXT)".into() };
        let number_or_null = |column: Option<&str>| match column {
            Some(column) if has(column) => format!("CAST({column} AS BIGINT)"),
            _ => "CAST(NULL AS BIGINT)".into(),
        };
        let sql = format!(
            "SELECT {physical}, {xmin}, {}, {}, {}, {} FROM {table} WHERE poll_id = $1",
            text_or_null("id"),
            number_or_null(time_column.as_deref()),
            text_or_null("person_id"),
            number_or_null(Some("option_index")),
        );
        let rows: Vec<(String, Option<i64>, Option<String>, Option<i64>, Option<String>, Option<i64>)> =
            sqlx::query_as(&sql).bind(poll_id).fetch_all(pool).await?;
        for (physical, xmin, id, time, person, option) in rows {
            let physical = if postgres { parse_ctid(&physical) } else { (0, physical.parse().unwrap_or(-1)) };
            traces.push((table.clone(), Trace { physical, xmin, id, time, person, option }));
        }
    }
    Ok(traces)
}

/// Sort by a key; `None` when the key is missing on a row or two rows share it (no order to exploit).
fn strictly_ordered<K: Ord + Clone>(rows: &[Trace], key: impl Fn(&Trace) -> Option<K>) -> Option<Vec<Trace>> {
    let mut keyed: Vec<(K, Trace)> = rows.iter().map(|r| key(r).map(|k| (k, r.clone()))).collect::<Option<_>>()?;
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    if keyed.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    Some(keyed.into_iter().map(|(_, r)| r).collect())
}

#[tokio::test]
async fn a_secret_ballot_cannot_be_linked_to_its_voter_even_with_the_database() -> anyhow::Result<()> {
    let app = spawn_app().await;
    let room = room(&app).await;
    // A third voter, so that a lucky guess is unlikely to look like a link.
    let per = app.add_person(&room.admin, &room.municipality, "Per Lege", "per@lege.test", &[Role::Gp]).await;
    let members: Vec<Value> = [room.gp_id.as_str(), per.id.as_str()]
        .iter()
        .map(|id| json!({"person_id": id, "role": "member"}))
        .chain(std::iter::once(json!({"person_id": ola_id(&app).await, "role": "member"})))
        .collect();
    let put = room.secretary.put(&format!("/api/bodies/{}/members", room.body), &json!(members)).await;
    assert!(put.status().is_success(), "members set: {}", put.status());
    let per_session = app.signed_in("per@lege.test").await;

    let mut chair = LiveClient::connect(&room.secretary, &room.meeting, None).await?;
    chair
        .send(&ClientMessage::OpenPoll {
            client_id: "p".into(),
            agenda_item_id: None,
            question: "Hvem skal lede ALU?".into(),
            options: vec!["Kari".into(), "Ola".into(), "Per".into()],
            secret: true,
        })
        .await?;
    let opened = chair.event_until(|e| matches!(e, RoomEvent::PollOpened { .. })).await?;
    let RoomEvent::PollOpened { poll } = opened.event else { anyhow::bail!("no poll") };

    // Who votes what, in the order they vote (each vote is acknowledged before the next is cast).
    let ola_id = ola_id(&app).await;
    let truth: Vec<(&Session, String, usize)> =
        vec![(&room.gp, room.gp_id.clone(), 1), (&room.ola, ola_id, 0), (&per_session, per.id.clone(), 1)];
    for (session, _, option) in &truth {
        let mut voter = LiveClient::connect(session, &room.meeting, None).await?;
        voter.send(&ClientMessage::Vote { client_id: "v".into(), poll_id: poll.id.clone(), option: *option }).await?;
        assert_eq!(error_code(&voter.reply().await?), "vote_recorded");
        voter.close().await?;
    }
    chair.send(&ClientMessage::ClosePoll { poll_id: poll.id.clone() }).await?;
    let closed = chair.event_until(|e| matches!(e, RoomEvent::PollClosed { .. })).await?;
    let RoomEvent::PollClosed { poll: result } = closed.event else { anyhow::bail!("not closed") };
    assert_eq!(result.results, Some(vec![1, 2, 0]), "the votes are counted");
    assert_eq!(result.votes_cast, 3);
    let true_choice = |person: &str| truth.iter().find(|(_, p, _)| p == person).map(|(_, _, o)| *o as i64);

    let traces = traces_of_poll(&app, &poll.id).await?;
    let voters: Vec<Trace> = traces.iter().filter(|(_, t)| t.person.is_some()).map(|(_, t)| t.clone()).collect();
    let choices: Vec<Trace> =
        traces.iter().filter(|(_, t)| t.person.is_none() && t.option.is_some()).map(|(_, t)| t.clone()).collect();
    assert_eq!(voters.len(), 3, "who voted is kept (it stops a second vote): {traces:?}");
    assert!(voters.iter().all(|v| v.option.is_none()), "a voter's row holds no choice: {voters:?}");

    // 1. By order: rowid/ctid, the inserting transaction, ids, times. Pair the i-th voter with the i-th choice.
    type Key = fn(&Trace) -> Option<(i64, i64, String)>;
    let keys: [(&str, Key); 4] = [
        ("rowid/ctid", |t| Some((t.physical.0, t.physical.1, String::new()))),
        ("xmin", |t| t.xmin.map(|x| (x, 0, String::new()))),
        ("id", |t| t.id.clone().map(|id| (0, 0, id))),
        ("time", |t| t.time.map(|at| (at, 0, String::new()))),
    ];
    for (name, key) in keys {
        let (Some(voters), Some(choices)) = (strictly_ordered(&voters, key), strictly_ordered(&choices, key)) else {
            continue;
        };
        if voters.len() != choices.len() {
            continue;
        }
        let linked = voters
            .iter()
            .zip(&choices)
            .all(|(voter, choice)| voter.person.as_deref().and_then(true_choice) == choice.option);
        assert!(!linked, "voters and choices line up by {name}: {voters:?} / {choices:?}");
    }
    // 2. By equal keys: a choice row written by the voter's own transaction (PostgreSQL xmin) or at the same time.
    for voter in &voters {
        for (name, same) in [
            ("xmin", Box::new(|c: &Trace| voter.xmin.is_some() && c.xmin == voter.xmin) as Box<dyn Fn(&Trace) -> bool>),
            ("time", Box::new(|c: &Trace| voter.time.is_some() && c.time == voter.time)),
        ] {
            let options: std::collections::BTreeSet<i64> =
                choices.iter().filter(|c| same(c)).filter_map(|c| c.option).collect();
            assert!(
                options.len() != 1,
                "the voter's row shares its {name} with exactly one choice ({options:?}): {voter:?} / {choices:?}"
            );
        }
    }
    // 3. By the event log: nothing before the result says what was chosen, and no event names a voter.
    let payloads: Vec<(i64, String)> =
        sqlx::query_as("SELECT seq, payload FROM live_events WHERE meeting_id = $1 AND payload LIKE $2 ORDER BY seq")
            .bind(&room.meeting)
            .bind(format!("%{}%", poll.id))
            .fetch_all(app.state.database.pool())
            .await?;
    for (seq, payload) in &payloads {
        let event: Value = serde_json::from_str(payload)?;
        for (_, person, _) in &truth {
            assert!(!payload.contains(person.as_str()), "event {seq} names a voter: {payload}");
        }
        if *seq < closed.seq {
            assert!(
                event.pointer("/poll/results").is_none_or(Value::is_null),
                "event {seq} shows results before the poll closed: {payload}"
            );
            assert!(event.get("option").is_none(), "event {seq} carries a choice: {payload}");
        }
    }
    Ok(())
}

async fn ola_id(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT id FROM people WHERE email = 'ola@lege.test'")
        .fetch_one(app.state.database.pool())
        .await
        .expect("Ola")
}

#[tokio::test]
async fn a_page_on_another_site_cannot_open_the_room() -> anyhow::Result<()> {
    let app = spawn_app().await;
    let room = room(&app).await;
    // Cross-site websocket hijacking: Kari's browser would send her cookie with the page's own origin.
    for foreign in ["https://evil.example", "http://127.0.0.1:1", "null"] {
        assert_eq!(refusal(&room.gp, &room.meeting, foreign).await?, Some(403), "{foreign}");
    }
    // The web app's own pages get in.
    assert_eq!(refusal(&room.gp, &room.meeting, &app.address).await?, None);
    let mut kari = LiveClient::connect_from(&room.gp, &room.meeting, None, Some(&app.address)).await?;
    kari.send(&ClientMessage::Ping).await?;
    assert_eq!(kari.next_reply().await?, ServerMessage::Pong);
    Ok(())
}

#[tokio::test]
async fn signing_out_everywhere_closes_the_open_room_at_once() -> anyhow::Result<()> {
    // No periodic re-check within the test: only the sign-out itself can close the socket.
    let app = spawn_app_configured(|config| config.live_recheck_secs = 3600).await;
    let room = room(&app).await;
    let mut on_phone = LiveClient::connect(&room.gp, &room.meeting, None).await?;
    let mut chair = LiveClient::connect(&room.secretary, &room.meeting, None).await?;
    let on_laptop = app.signed_in("kari@lege.test").await;
    assert_eq!(on_laptop.call::<auth_api::LogoutEverywhere>(&(), &NoQuery {}, &()).await.status(), 204);
    assert_eq!(on_phone.closed_by_server().await?, Some(1008), "closed as a policy matter");
    // Someone else's room stays open.
    chair.send(&ClientMessage::Ping).await?;
    assert_eq!(chair.next_reply().await?, ServerMessage::Pong);
    // And the phone cannot come back with the revoked session.
    assert!(LiveClient::connect(&room.gp, &room.meeting, None).await.is_err());
    Ok(())
}

#[tokio::test]
async fn losing_the_role_that_let_one_in_closes_the_room() -> anyhow::Result<()> {
    let app = spawn_app_configured(|config| config.live_recheck_secs = 3600).await;
    let room = room(&app).await;
    // Liv follows the meeting as the municipality's leader; she is not invited.
    let mut liv = LiveClient::connect(&room.leader, &room.meeting, None).await?;
    let mut kari = LiveClient::connect(&room.gp, &room.meeting, None).await?;
    let mut ola = LiveClient::connect(&room.ola, &room.meeting, None).await?;
    let liv_id: String = sqlx::query_scalar("SELECT id FROM people WHERE email = 'leder@baerum.test'")
        .fetch_one(app.state.database.pool())
        .await?;
    let path = format!("/api/municipalities/{}/people/{liv_id}", room.municipality);
    let mut input: Value = room.admin.get(&path).await.json().await?;
    input["roles"] = json!(["gp"]);
    let changed = room.admin.put(&path, &input).await;
    assert_eq!(changed.status(), 200, "{}", changed.text().await.unwrap_or_default());
    assert_eq!(liv.closed_by_server().await?, Some(1008));
    assert!(LiveClient::connect(&room.leader, &room.meeting, None).await.is_err(), "and she cannot come back");

    // Rights that change also close the connection, so that the client reconnects and learns them: Ola
    // becomes the body's chair. Kari, whose rights stay, stays.
    let members =
        json!([{"person_id": room.gp_id, "role": "member"}, {"person_id": ola_id(&app).await, "role": "chair"}]);
    assert!(room.secretary.put(&format!("/api/bodies/{}/members", room.body), &members).await.status().is_success());
    assert_eq!(ola.closed_by_server().await?, Some(1008));
    let ola = LiveClient::connect(&room.ola, &room.meeting, None).await?;
    assert!(matches!(ola.welcome, ServerMessage::Welcome { chair: true, .. }));
    kari.send(&ClientMessage::Ping).await?;
    assert_eq!(kari.next_reply().await?, ServerMessage::Pong);
    Ok(())
}

#[tokio::test]
async fn a_session_ended_elsewhere_is_noticed_by_the_periodic_check() -> anyhow::Result<()> {
    // As if another instance revoked the session without telling this one.
    let app = spawn_app_configured(|config| config.live_recheck_secs = 1).await;
    let room = room(&app).await;
    let mut kari = LiveClient::connect(&room.gp, &room.meeting, None).await?;
    sqlx::query("UPDATE sessions SET revoked_at = 1 WHERE person_id = $1")
        .bind(&room.gp_id)
        .execute(app.state.database.pool())
        .await?;
    assert_eq!(kari.closed_by_server().await?, Some(1008));
    Ok(())
}

#[tokio::test]
async fn signing_out_on_one_instance_closes_the_room_on_another() -> anyhow::Result<()> {
    if database_kind() != legeting_shared::DatabaseKind::Postgres {
        // One instance on SQLite.
        return Ok(());
    }
    let app = spawn_app_configured(|config| config.live_recheck_secs = 3600).await;
    let room = room(&app).await;
    let second = app.second_instance().await;
    let kari_there = app.session_at(&second.address);
    let login = json!({"email": "kari@lege.test", "password": legeting_tests::TEST_PASSWORD});
    assert_eq!(kari_there.post("/api/auth/login", &login).await.status(), 200);
    let mut on_second = LiveClient::connect(&kari_there, &room.meeting, None).await?;
    assert_eq!(room.gp.call::<auth_api::LogoutEverywhere>(&(), &NoQuery {}, &()).await.status(), 204);
    assert_eq!(on_second.closed_by_server().await?, Some(1008));
    Ok(())
}

#[tokio::test]
async fn every_command_of_a_connection_is_rate_limited() -> anyhow::Result<()> {
    let app = spawn_app_configured(|config| {
        config.live_command_burst = 4;
        config.live_commands_per_minute = 1;
    })
    .await;
    let room = room(&app).await;
    let mut kari = LiveClient::connect(&room.gp, &room.meeting, None).await?;
    kari.send(&ClientMessage::RaiseHand).await?;
    kari.next_event().await?;
    kari.send(&ClientMessage::LowerHand).await?;
    kari.next_event().await?;
    kari.send(&ClientMessage::Ping).await?;
    assert_eq!(kari.next_reply().await?, ServerMessage::Pong);
    kari.send(&post("hei")).await?;
    kari.next_event().await?;
    // The bucket is empty: hands, votes, posts and pings are all refused, each with a typed error that
    // names the command it answers where the command has an id.
    kari.send(&ClientMessage::RaiseHand).await?;
    assert_eq!(
        kari.next_reply().await?,
        ServerMessage::Error {
            code: "too_many_actions".into(),
            message: "too many actions at once; wait a little".into(),
            client_id: None
        }
    );
    kari.send(&ClientMessage::Vote { client_id: "v".into(), poll_id: "p".into(), option: 0 }).await?;
    assert!(matches!(kari.next_reply().await?,
        ServerMessage::Error { code, client_id: Some(id), .. } if code == "too_many_actions" && id == "v"));
    kari.send(&post("en til")).await?;
    assert!(matches!(kari.next_reply().await?,
        ServerMessage::Error { code, client_id: Some(id), .. } if code == "too_many_actions" && id == "c-en til"));
    // Nothing refused reached the room.
    let mut chair = LiveClient::connect(&room.secretary, &room.meeting, None).await?;
    let ServerMessage::Welcome { snapshot: Some(snapshot), .. } = &chair.welcome else { anyhow::bail!("no snapshot") };
    assert_eq!(snapshot.messages.len(), 1);
    assert!(snapshot.speakers.waiting.is_empty());
    // Another connection has its own bucket.
    chair.send(&ClientMessage::Ping).await?;
    assert_eq!(chair.next_reply().await?, ServerMessage::Pong);
    Ok(())
}

/// A fresh municipality with `n` distinct GPs (straight in the database) and an all-GP meeting whose notice is
/// sent; the administrator who made it chairs the room.
async fn crowded_room(app: &TestApp, n: usize) -> anyhow::Result<(Session, String, Vec<(String, String)>)> {
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    let crowd = legeting_tests::live::crowd(&app.state, &municipality, "Fastlege", n).await?;
    let start = (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    let input = json!({"kind": "all_gp_meeting", "title": "Allmennlegemøte", "starts_local": format!("{start}T18:00"),
        "ends_local": format!("{start}T20:00"), "invitees": {"type": "all_gps"}});
    let meetings: Value =
        admin.post(&format!("/api/municipalities/{municipality}/meetings"), &input).await.json().await?;
    let meeting = meetings[0]["id"].as_str().expect("a meeting id").to_owned();
    assert_eq!(admin.call::<meetings_api::SendNotice>(&meeting.as_str().into(), &NoQuery {}, &()).await.status(), 200);
    Ok((admin, meeting, crowd))
}

/// The texts of the posts among some events.
fn posted(events: &[legeting_shared::live::SequencedEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.event {
            RoomEvent::MessagePosted { message, .. } => Some(message.text.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn in_a_room_of_three_hundred_presence_and_counts_converge_and_reconnects_lose_and_repeat_nothing()
-> anyhow::Result<()> {
    const PEOPLE: usize = 300;
    const DROPPED: usize = 100;
    let app = spawn_app().await;
    let (admin, meeting, crowd) = crowded_room(&app, PEOPLE).await?;
    let url = admin.websocket_url(&format!("/api/meetings/{meeting}/live"));
    let mut clients = Vec::new();
    for (_, cookie) in &crowd {
        clients.push(LiveClient::connect_with(&url, cookie, None, None).await?);
    }

    // Presence converges for everyone: the count and exactly who is there (each person once).
    let everyone: std::collections::BTreeSet<String> = crowd.iter().map(|(id, _)| id.clone()).collect();
    for client in &mut clients {
        client.presence_until(PEOPLE).await?;
        let listed: std::collections::BTreeSet<String> = client.present.iter().map(|p| p.person_id.clone()).collect();
        assert_eq!(listed, everyone);
        assert_eq!(client.present.len(), PEOPLE);
    }

    // Everyone votes at once: each ballot is counted once and every client sees the final count.
    let mut chair = LiveClient::connect(&admin, &meeting, None).await?;
    chair
        .send(&ClientMessage::OpenPoll {
            client_id: "p".into(),
            agenda_item_id: None,
            question: "Godkjenne innkallingen?".into(),
            options: vec!["Ja".into(), "Nei".into()],
            secret: false,
        })
        .await?;
    let opened = chair.event_until(|e| matches!(e, RoomEvent::PollOpened { .. })).await?;
    let RoomEvent::PollOpened { poll } = opened.event else { anyhow::bail!("no poll") };
    let mut voting = tokio::task::JoinSet::new();
    for (index, mut client) in clients.into_iter().enumerate() {
        let poll_id = poll.id.clone();
        voting.spawn(async move {
            client.catch_up_to(opened.seq).await?;
            let vote =
                ClientMessage::Vote { client_id: format!("v{index}"), poll_id: poll_id.clone(), option: index % 2 };
            client.send(&vote).await?;
            anyhow::ensure!(error_code(&client.reply().await?) == "vote_recorded");
            client
                .send(&ClientMessage::Vote { client_id: "again".into(), poll_id: poll_id.clone(), option: 0 })
                .await?;
            anyhow::ensure!(error_code(&client.reply().await?) == "already_voted");
            client.event_until(|e| matches!(e, RoomEvent::VotesCast { count, .. } if *count == PEOPLE as i64)).await?;
            anyhow::Ok((index, client))
        });
    }
    let mut clients: Vec<(usize, LiveClient)> = voting.join_all().await.into_iter().collect::<Result<_, _>>()?;
    clients.sort_by_key(|(index, _)| *index);
    let mut clients: Vec<LiveClient> = clients.into_iter().map(|(_, client)| client).collect();
    chair.send(&ClientMessage::ClosePoll { poll_id: poll.id.clone() }).await?;
    let closed = chair.event_until(|e| matches!(e, RoomEvent::PollClosed { .. })).await?;
    let RoomEvent::PollClosed { poll: result } = closed.event else { anyhow::bail!("not closed") };
    assert_eq!(result.results, Some(vec![(PEOPLE / 2) as i64, (PEOPLE / 2) as i64]));
    assert_eq!(result.votes_cast, PEOPLE as i64);

    // A third of the room drops; the room goes on meanwhile; they resume with exactly what they missed.
    let mut resume_after = Vec::new();
    for client in clients.drain(..DROPPED) {
        resume_after.push(client.last_seq);
        client.close().await?;
    }
    let mut sent = Vec::new();
    for (i, poster) in clients.iter_mut().take(20).enumerate() {
        let text = format!("mens de var borte {i}");
        poster.send(&post(&text)).await?;
        sent.push(text);
    }
    let mut resumed = Vec::new();
    for ((_, cookie), after) in crowd.iter().zip(resume_after) {
        let mut client = LiveClient::connect_with(&url, cookie, Some(after), None).await?;
        let ServerMessage::Welcome { missed, snapshot, .. } = &client.welcome else { anyhow::bail!("no welcome") };
        assert!(snapshot.is_none(), "a resume within the ring gets the missed events");
        let mut texts = posted(missed);
        for more in 0.. {
            if texts.len() == sent.len() {
                break;
            }
            anyhow::ensure!(more < 100, "the posts do not all arrive");
            if let RoomEvent::MessagePosted { message, .. } = client.next_event().await?.event {
                texts.push(message.text);
            }
        }
        texts.sort();
        let mut expected = sent.clone();
        expected.sort();
        assert_eq!(texts, expected, "every post once, none repeated");
        resumed.push(client);
    }
    // The posts that went on during the drop reach those who stayed, each once, in order.
    for client in &mut clients {
        let mut texts = Vec::new();
        while texts.len() < sent.len() {
            if let RoomEvent::MessagePosted { message, .. } = client.next_event().await?.event {
                texts.push(message.text);
            }
        }
        texts.sort();
        let mut expected = sent.clone();
        expected.sort();
        assert_eq!(texts, expected);
    }
    // And presence is back to everyone (and the chair).
    clients.extend(resumed);
    for client in &mut clients {
        client.presence_until(PEOPLE + 1).await?;
        assert_eq!(client.present.len(), PEOPLE + 1);
    }
    Ok(())
}

#[tokio::test]
async fn a_newcomer_gets_the_latest_messages_and_reads_older_ones_over_http() -> anyhow::Result<()> {
    let app = spawn_app().await;
    let (admin, meeting, crowd) = crowded_room(&app, 30).await?;
    let url = admin.websocket_url(&format!("/api/meetings/{meeting}/live"));
    // 60 messages, from several people (each has a small allowance of posts).
    let mut posters = Vec::new();
    for (_, cookie) in &crowd {
        posters.push(LiveClient::connect_with(&url, cookie, None, None).await?);
    }
    let total = 60;
    for i in 0..total {
        let poster = &mut posters[i / 7];
        poster.send(&post(&format!("innlegg {i:03}"))).await?;
        poster.own_post(&format!("c-innlegg {i:03}")).await?;
    }
    let newcomer = LiveClient::connect(&admin, &meeting, None).await?;
    let ServerMessage::Welcome { snapshot: Some(snapshot), .. } = &newcomer.welcome else {
        anyhow::bail!("no snapshot")
    };
    assert_eq!(snapshot.messages.len(), 50, "the welcome is bounded");
    assert!(snapshot.older);
    assert_eq!(snapshot.messages[0].text, "innlegg 010");
    assert_eq!(snapshot.messages[49].text, "innlegg 059");

    let older: legeting_shared::live::OlderMessages = admin
        .get(&format!("/api/meetings/{meeting}/live/messages?before={}&limit=6", snapshot.messages[0].id))
        .await
        .json()
        .await?;
    let texts: Vec<&str> = older.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["innlegg 004", "innlegg 005", "innlegg 006", "innlegg 007", "innlegg 008", "innlegg 009"]);
    assert!(older.older);
    let oldest: legeting_shared::live::OlderMessages = admin
        .get(&format!("/api/meetings/{meeting}/live/messages?before={}", older.messages[0].id))
        .await
        .json()
        .await?;
    assert_eq!(oldest.messages.len(), 4);
    assert!(!oldest.older);
    // A message of another meeting, or none, is not found.
    let missing = admin.get(&format!("/api/meetings/{meeting}/live/messages?before=nope")).await;
    assert_eq!(missing.status(), 404);
    Ok(())
}
