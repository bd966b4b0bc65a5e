//! Many writers at once, as a secretary's whole office on a busy morning: every kind of write is run by parallel
//! writers against one meeting (or one municipality), on SQLite and on PostgreSQL. Whatever the interleaving:
//! no 5xx, no 409 that only says someone else wrote at the same time, every accepted write is stored exactly
//! once, and numbers are dense and unique. Each scenario prints its figures (requests by status, time taken).

use legeting_shared::api::NoQuery;
use legeting_shared::api::attendance as attendance_api;
use legeting_shared::api::meetings as meetings_api;
use legeting_shared::participation::CheckInRequest;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use legeting_shared::live::{ClientMessage, RoomEvent, ServerMessage};
use legeting_shared::meetings::{
    AgendaItem, InviteeAnswer, MeetingDetail, MeetingStatus, Proposal, ProposalStatus, RsvpAnswer,
};
use legeting_shared::participation::{AttendanceChange, AttendanceRecord, AttendanceStatus, CheckInCode};
use legeting_shared::people::{Person, Role};
use legeting_tests::live::LiveClient;
use legeting_tests::{Session, TestApp, database_kind, spawn_app};
use serde_json::{Value, json};
use tokio::task::JoinSet;

/// How many GPs sit in the committee of these scenarios.
const GPS: usize = 8;

/// Run `work` for every input on its own task, all at once, and collect the outputs (in completion order).
async fn in_parallel<I, F, Fut>(inputs: impl IntoIterator<Item = I>, work: F) -> Vec<Fut::Output>
where
    F: Fn(I) -> Fut,
    Fut: Future + Send + 'static,
    Fut::Output: Send + 'static,
{
    let mut tasks = JoinSet::new();
    for input in inputs {
        tasks.spawn(work(input));
    }
    let mut outputs = Vec::new();
    while let Some(output) = tasks.join_next().await {
        outputs.push(output.expect("a writer's task ends without panicking"));
    }
    outputs
}

/// How many answers had each status.
fn tally(statuses: impl IntoIterator<Item = u16>) -> BTreeMap<u16, usize> {
    let mut counts = BTreeMap::new();
    for status in statuses {
        *counts.entry(status).or_insert(0) += 1;
    }
    counts
}

/// Print a scenario's figures (shown with `--nocapture`, and in the log of a failing test).
fn report(scenario: &str, counts: &BTreeMap<u16, usize>, started: Instant) {
    println!("[concurrency:{:?}] {scenario}: {counts:?} in {} ms", database_kind(), started.elapsed().as_millis());
}

/// `1..=n`, for checking that numbers are dense.
fn one_to(n: usize) -> Vec<i64> {
    (1..=i64::try_from(n).expect("small")).collect()
}

/// Bærum with a secretary, the ALU (the first GP chairs it) with [`GPS`] GP members, each signed in.
pub(crate) struct Committee {
    pub(crate) municipality: String,
    pub(crate) admin: Arc<Session>,
    pub(crate) secretary: Arc<Session>,
    pub(crate) body: String,
    pub(crate) gps: Vec<(Person, Arc<Session>)>,
}

pub(crate) async fn committee(app: &TestApp) -> Committee {
    let (admin, me) = app.setup_installation().await;
    let municipality = me.memberships[0].municipality.id.clone();
    app.add_person(&admin, &municipality, "Sara Sekretær", "kol@baerum.test", &[Role::Secretary]).await;
    let secretary = app.signed_in("kol@baerum.test").await;
    let body: Value = secretary
        .post(&format!("/api/municipalities/{municipality}/bodies"), &json!({"name": "ALU", "kind": "gp_committee"}))
        .await
        .json()
        .await
        .expect("a body");
    let body = body["id"].as_str().expect("an id").to_owned();
    let mut gps = Vec::new();
    let mut members = Vec::new();
    for index in 0..GPS {
        let email = format!("lege{index}@lege.test");
        let person = app.add_person(&admin, &municipality, &format!("Lege {index}"), &email, &[Role::Gp]).await;
        let role = if index == 0 { "chair" } else { "member" };
        members.push(json!({"person_id": person.id, "role": role}));
        gps.push((person, Arc::new(app.signed_in(&email).await)));
    }
    let response = secretary.put(&format!("/api/bodies/{body}/members"), &Value::Array(members)).await;
    assert_eq!(response.status(), 200);
    Committee { municipality, admin: Arc::new(admin), secretary: Arc::new(secretary), body, gps }
}

/// `YYYY-MM-DDTHH:MM` in Oslo, `hours` from now (Oslo is UTC+1 or +2; callers leave an hour's margin).
fn oslo_in(hours: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(hours + 1)).format("%Y-%m-%dT%H:%M").to_string()
}

/// A meeting of the committee from `from` to `to` hours from now, its notice sent when `notice`.
pub(crate) async fn meeting(committee: &Committee, from: i64, to: i64, notice: bool) -> String {
    let input = json!({"body_id": committee.body, "kind": "committee_meeting", "title": "ALU-møte",
        "starts_local": oslo_in(from), "ends_local": oslo_in(to), "invitees": {"type": "body_members"}});
    let response =
        committee.secretary.post(&format!("/api/municipalities/{}/meetings", committee.municipality), &input).await;
    assert_eq!(response.status(), 201);
    let meetings: Value = response.json().await.expect("meetings");
    let id = meetings[0]["id"].as_str().expect("an id").to_owned();
    if notice {
        assert_eq!(
            committee.secretary.call::<meetings_api::SendNotice>(&id.as_str().into(), &NoQuery {}, &()).await.status(),
            200
        );
    }
    id
}

async fn detail(session: &Session, meeting: &str) -> MeetingDetail {
    let response = session.get(&format!("/api/meetings/{meeting}")).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("a meeting")
}

/// Agenda numbers and positions: each `1..=n`, once.
fn assert_dense(agenda: &[AgendaItem], n: usize) {
    let mut numbers: Vec<i64> = agenda.iter().map(|item| item.number).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, one_to(n), "agenda numbers are dense and unique");
    let mut positions: Vec<i64> = agenda.iter().map(|item| item.position).collect();
    positions.sort_unstable();
    assert_eq!(positions, one_to(n), "agenda positions are dense and unique");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_writers_adding_ten_agenda_items_each_get_160_created_and_numbers_1_to_160() {
    let app = spawn_app().await;
    let committee = committee(&app).await;
    let meeting = meeting(&committee, 24 * 14, 24 * 14 + 2, false).await;

    let started = Instant::now();
    let answers = in_parallel(0..16, |writer| {
        let secretary = committee.secretary.clone();
        let meeting = meeting.clone();
        async move {
            let mut answers = Vec::new();
            for write in 0..10 {
                let title = format!("Sak fra skriver {writer}, nr. {write}");
                let response =
                    secretary.post(&format!("/api/meetings/{meeting}/agenda"), &json!({"title": title})).await;
                answers.push((response.status().as_u16(), title));
            }
            answers
        }
    })
    .await;
    let answers: Vec<(u16, String)> = answers.into_iter().flatten().collect();
    let counts = tally(answers.iter().map(|(status, _)| *status));
    report("16 writers × 10 agenda items", &counts, started);
    assert_eq!(counts, BTreeMap::from([(201, 160)]));

    let agenda = detail(&committee.secretary, &meeting).await.agenda;
    let titles: BTreeSet<&str> = agenda.iter().map(|item| item.title.as_str()).collect();
    let sent: BTreeSet<&str> = answers.iter().map(|(_, title)| title.as_str()).collect();
    assert_eq!((agenda.len(), titles), (160, sent), "every item is stored exactly once");
    assert_dense(&agenda, 160);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn proposals_sent_at_once_are_kept_once_and_two_organisers_accepting_each_one_make_one_item() {
    let app = spawn_app().await;
    let committee = committee(&app).await;
    let meeting = meeting(&committee, 24 * 14, 24 * 14 + 2, true).await;

    let started = Instant::now();
    let proposed = in_parallel(committee.gps.clone(), |(person, gp)| {
        let meeting = meeting.clone();
        async move {
            let mut answers = Vec::new();
            for write in 0..5 {
                let title = format!("Forslag fra {} nr. {write}", person.name);
                let response = gp.post(&format!("/api/meetings/{meeting}/proposals"), &json!({"title": title})).await;
                let status = response.status().as_u16();
                let proposal: Option<Proposal> = response.json().await.ok();
                answers.push((status, proposal));
            }
            answers
        }
    })
    .await;
    let proposed: Vec<(u16, Option<Proposal>)> = proposed.into_iter().flatten().collect();
    let counts = tally(proposed.iter().map(|(status, _)| *status));
    report("8 GPs × 5 proposals", &counts, started);
    assert_eq!(counts, BTreeMap::from([(201, GPS * 5)]));
    let ids: Vec<String> = proposed.into_iter().filter_map(|(_, p)| p.map(|p| p.id)).collect();
    let stored = detail(&committee.secretary, &meeting).await.proposals;
    let stored_ids: BTreeSet<&str> = stored.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(stored.len(), GPS * 5);
    assert_eq!(stored_ids, ids.iter().map(String::as_str).collect());

    // The secretary and the chair both accept every proposal, all at the same time: each proposal is accepted
    // once (the other organiser is told it has been handled) and becomes one agenda item.
    let started = Instant::now();
    let chair = committee.gps[0].1.clone();
    let organisers = [committee.secretary.clone(), chair];
    let accepting = ids.iter().flat_map(|id| organisers.iter().map(move |organiser| (id.clone(), organiser.clone())));
    let accepted = in_parallel(accepting, |(id, organiser)| async move {
        let response = organiser.post(&format!("/api/proposals/{id}/accept"), &json!({})).await;
        (id, response.status().as_u16())
    })
    .await;
    let counts = tally(accepted.iter().map(|(_, status)| *status));
    report("2 organisers accepting 40 proposals each", &counts, started);
    assert_eq!(counts, BTreeMap::from([(200, GPS * 5), (409, GPS * 5)]));
    for id in &ids {
        let statuses: Vec<u16> = accepted.iter().filter(|(of, _)| of == id).map(|(_, status)| *status).collect();
        assert_eq!(tally(statuses), BTreeMap::from([(200, 1), (409, 1)]), "proposal {id}");
    }
    let detail = detail(&committee.secretary, &meeting).await;
    assert!(detail.proposals.iter().all(|p| p.status == ProposalStatus::Accepted));
    assert_dense(&detail.agenda, GPS * 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_gp_answering_the_notice_many_times_at_once_keeps_one_answer_their_last() {
    let app = spawn_app().await;
    let committee = committee(&app).await;
    let meeting = meeting(&committee, 24 * 7, 24 * 7 + 2, true).await;
    let sequence = [RsvpAnswer::Remote, RsvpAnswer::Absent, RsvpAnswer::InPerson, RsvpAnswer::Remote];

    let started = Instant::now();
    let answers = in_parallel(committee.gps.clone(), |(person, gp)| {
        let meeting = meeting.clone();
        async move {
            let mut statuses = Vec::new();
            for (round, answer) in sequence.iter().enumerate() {
                let body = json!({"answer": answer, "reason": format!("runde {round}")});
                statuses.push(gp.put(&format!("/api/meetings/{meeting}/rsvp"), &body).await.status().as_u16());
            }
            (person.id, statuses)
        }
    })
    .await;
    let counts = tally(answers.iter().flat_map(|(_, statuses)| statuses.iter().copied()));
    report("8 GPs × 4 RSVPs", &counts, started);
    assert_eq!(counts, BTreeMap::from([(200, GPS * sequence.len())]));

    let response = committee.secretary.get(&format!("/api/meetings/{meeting}/answers")).await;
    let invitees: Vec<InviteeAnswer> = response.json().await.expect("answers");
    assert_eq!(invitees.len(), GPS, "one row per invitee");
    for invitee in invitees {
        let rsvp = invitee.rsvp.expect("every GP answered");
        assert_eq!((rsvp.answer, rsvp.reason.as_deref()), (RsvpAnswer::Remote, Some("runde 3")), "{}", invitee.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn gps_checking_in_while_the_secretary_saves_the_sheet_are_each_recorded_once_with_one_trail_entry() {
    let app = spawn_app().await;
    let committee = committee(&app).await;
    let meeting = meeting(&committee, -1, 3, true).await;
    let code: CheckInCode = committee
        .secretary
        .call::<attendance_api::CreateCheckInCode>(&meeting.as_str().into(), &NoQuery {}, &())
        .await
        .json()
        .await
        .expect("a check-in code");

    // Every GP checks in while the secretary marks them all present, three times over, at the same time.
    let started = Instant::now();
    let everyone: Vec<Value> =
        committee.gps.iter().map(|(person, _)| json!({"person_id": person.id, "status": "in_person"})).collect();
    let mut writes: Vec<(Option<Arc<Session>>, Arc<Session>)> =
        committee.gps.iter().map(|(_, gp)| (Some(gp.clone()), gp.clone())).collect();
    writes.extend((0..3).map(|_| (None, committee.secretary.clone())));
    let statuses = in_parallel(writes, |(gp, secretary)| {
        let meeting = meeting.clone();
        let code = code.code.clone();
        let everyone = everyone.clone();
        async move {
            match gp {
                Some(gp) => gp
                    .call::<attendance_api::CheckIn>(&(), &NoQuery {}, &CheckInRequest { code })
                    .await
                    .status()
                    .as_u16(),
                None => {
                    let body = json!({"records": everyone});
                    secretary.put(&format!("/api/meetings/{meeting}/attendance"), &body).await.status().as_u16()
                }
            }
        }
    })
    .await;
    let counts = tally(statuses);
    report("8 check-ins + 3 sheets", &counts, started);
    assert_eq!(counts, BTreeMap::from([(200, GPS + 3)]));

    let sheet: Vec<AttendanceRecord> =
        committee.secretary.get(&format!("/api/meetings/{meeting}/attendance")).await.json().await.expect("the sheet");
    assert_eq!(sheet.len(), GPS);
    assert!(sheet.iter().all(|record| record.status == Some(AttendanceStatus::InPerson)));
    let trail: Vec<AttendanceChange> = committee
        .secretary
        .get(&format!("/api/meetings/{meeting}/attendance/changes"))
        .await
        .json()
        .await
        .expect("the trail");
    assert!(
        trail.iter().all(|change| (change.old_status, change.new_status) == (None, AttendanceStatus::InPerson)),
        "{trail:?}"
    );
    assert_eq!(trail.len(), GPS, "one change per GP (absent to present), whoever wrote first");
    let named: BTreeSet<&str> = trail.iter().map(|change| change.person_name.as_str()).collect();
    assert_eq!(named.len(), GPS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_gp_voting_twice_at_once_in_one_poll_is_counted_once() -> anyhow::Result<()> {
    let app = spawn_app().await;
    let committee = committee(&app).await;
    let meeting = meeting(&committee, 24 * 3, 24 * 3 + 2, true).await;
    let mut chair = LiveClient::connect(&committee.secretary, &meeting, None).await?;
    let mut voters = Vec::new();
    for (_, gp) in &committee.gps {
        voters.push(LiveClient::connect(gp, &meeting, None).await?);
    }
    chair
        .send(&ClientMessage::OpenPoll {
            client_id: "poll".into(),
            agenda_item_id: None,
            question: "Støtter ALU forslaget?".into(),
            options: vec!["Ja".into(), "Nei".into()],
            secret: true,
        })
        .await?;
    let opened = chair.event_until(|e| matches!(e, RoomEvent::PollOpened { .. })).await?;
    let RoomEvent::PollOpened { poll } = opened.event else { anyhow::bail!("no poll") };

    let started = Instant::now();
    let replies = in_parallel(voters.into_iter().enumerate(), |(index, mut voter)| {
        let poll_id = poll.id.clone();
        async move {
            let mut codes = Vec::new();
            for round in 0..2 {
                let vote = ClientMessage::Vote {
                    client_id: format!("v{index}-{round}"),
                    poll_id: poll_id.clone(),
                    option: index % 2,
                };
                voter.send(&vote).await?;
                codes.push(match voter.reply().await? {
                    ServerMessage::Ack { code, .. } | ServerMessage::Error { code, .. } => code,
                    other => anyhow::bail!("not a reply: {other:?}"),
                });
            }
            anyhow::Ok(codes)
        }
    })
    .await;
    let mut codes = BTreeMap::new();
    for reply in replies {
        for code in reply? {
            *codes.entry(code).or_insert(0) += 1;
        }
    }
    println!("[concurrency:{:?}] 8 GPs × 2 votes: {codes:?} in {} ms", database_kind(), started.elapsed().as_millis());
    assert_eq!(codes, BTreeMap::from([("already_voted".to_owned(), GPS), ("vote_recorded".to_owned(), GPS)]));

    chair.send(&ClientMessage::ClosePoll { poll_id: poll.id.clone() }).await?;
    let closed = chair.event_until(|e| matches!(e, RoomEvent::PollClosed { .. })).await?;
    let RoomEvent::PollClosed { poll: closed } = closed.event else { anyhow::bail!("not closed") };
    assert_eq!(closed.votes_cast, i64::try_from(GPS)?);
    assert_eq!(closed.results, Some(vec![GPS as i64 / 2, GPS as i64 / 2]));
    Ok(())
}

/// A CSV roster of `count` new GPs.
fn roster(count: usize) -> String {
    let mut csv = String::from("Navn;E-post;Legekontor\n");
    for index in 0..count {
        csv.push_str(&format!("Ny Lege {index};ny{index}@lege.test;Sandvika legesenter\n"));
    }
    csv
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn roster_imports_running_while_people_are_edited_all_succeed_and_create_each_gp_once() {
    let app = spawn_app().await;
    let committee = committee(&app).await;
    let file = roster(20);

    // Three administrators import the same roster at once while the existing GPs' phone numbers are edited.
    let started = Instant::now();
    let mut writes: Vec<Option<(Person, usize)>> = vec![None, None, None];
    writes.extend(committee.gps.iter().enumerate().map(|(index, (person, _))| Some((person.clone(), index))));
    let statuses = in_parallel(writes, |write| {
        let admin = committee.admin.clone();
        let municipality = committee.municipality.clone();
        let file = file.clone();
        let url = app.url(&format!("/api/municipalities/{municipality}/roster/import?file_name=liste.csv"));
        async move {
            match write {
                None => {
                    let token = admin.csrf_token().await;
                    let response = admin
                        .client
                        .post(url)
                        .header("x-csrf-token", token)
                        .header("content-type", "application/octet-stream")
                        .body(file)
                        .send()
                        .await
                        .expect("answers");
                    response.status().as_u16()
                }
                Some((person, index)) => {
                    let body = json!({"name": person.name, "email": person.email, "phone": format!("9000000{index}"),
                                      "specialist": false, "active": true, "roles": ["gp"]});
                    let path = format!("/api/municipalities/{municipality}/people/{}", person.id);
                    admin.put(&path, &body).await.status().as_u16()
                }
            }
        }
    })
    .await;
    let counts = tally(statuses);
    report("3 roster imports + 8 edits", &counts, started);
    assert_eq!(counts, BTreeMap::from([(200, 3 + GPS)]));

    let people: Vec<Person> = committee
        .admin
        .get(&format!("/api/municipalities/{}/people?role=gp", committee.municipality))
        .await
        .json()
        .await
        .expect("people");
    assert_eq!(people.len(), GPS + 20, "each imported GP exists once");
    let emails: BTreeSet<&str> = people.iter().map(|p| p.email.as_str()).collect();
    assert_eq!(emails.len(), GPS + 20);
    for (index, (person, _)) in committee.gps.iter().enumerate() {
        let stored = people.iter().find(|p| p.id == person.id).expect("still there");
        assert_eq!(stored.phone.as_deref(), Some(format!("9000000{index}").as_str()), "the edit is kept");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_mail_workers_claiming_at_once_send_every_mail_exactly_once() {
    let app = spawn_app().await;
    let committee = committee(&app).await;
    // Three meetings' notices; both workers also plan due meeting mail at the same time.
    for days in [7, 8, 9] {
        meeting(&committee, 24 * days, 24 * days + 2, true).await;
    }

    let started = Instant::now();
    let reports = in_parallel(0..2, |_| {
        let state = app.state.clone();
        async move {
            let mut sent = 0;
            loop {
                let report = legeting::outbox::worker::run_once(&state).await.expect("a batch runs");
                sent += report.sent;
                if report.claimed == 0 {
                    return sent;
                }
            }
        }
    })
    .await;
    let pool = app.state.database.pool();
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT to_email, status, COUNT(*) FROM outbox GROUP BY to_email, status")
            .fetch_all(pool)
            .await
            .expect("the outbox");
    let queued: i64 = rows.iter().map(|(_, _, count)| count).sum();
    println!(
        "[concurrency:{:?}] 2 workers, {queued} mails: sent {reports:?} in {} ms",
        database_kind(),
        started.elapsed().as_millis()
    );
    assert!(queued >= i64::try_from(3 * GPS).expect("small"), "{queued} mails queued");
    assert!(rows.iter().all(|(_, status, _)| status == "sent"), "{rows:?}");
    assert_eq!(reports.iter().sum::<usize>(), usize::try_from(queued).expect("small"), "each mail claimed once");
    let messages = app.outbox.messages();
    assert_eq!(messages.len(), usize::try_from(queued).expect("small"), "each mail sent once");
    for (to, _, count) in &rows {
        assert_eq!(app.outbox.messages_to(to).len(), usize::try_from(*count).expect("small"), "{to}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_workers_claiming_small_batches_at_once_never_claim_the_same_mail() {
    let app = spawn_app().await;
    let committee = committee(&app).await;
    // Three meetings' notices, queued at once in the outbox.
    for days in [7, 8, 9] {
        meeting(&committee, 24 * days, 24 * days + 2, true).await;
    }
    let now = legeting::db::now_ms();
    let pending: BTreeSet<String> = sqlx::query_scalar("SELECT id FROM outbox WHERE status = 'pending'")
        .fetch_all(app.state.database.pool())
        .await
        .expect("the outbox")
        .into_iter()
        .collect();
    assert!(pending.len() >= 3 * GPS, "the notices are queued: {}", pending.len());

    let started = Instant::now();
    let claims = in_parallel(0..2, |_| {
        let state = app.state.clone();
        async move {
            let mut ids = Vec::new();
            loop {
                let batch = legeting::outbox::worker::claim(&state, now, 3, None).await.expect("a claim");
                if batch.is_empty() {
                    return ids;
                }
                ids.extend(batch.into_iter().map(|claimed| claimed.id));
            }
        }
    })
    .await;
    println!(
        "[concurrency:{:?}] 2 workers claiming batches of 3 from {} mails: {:?} in {} ms",
        database_kind(),
        pending.len(),
        claims.iter().map(Vec::len).collect::<Vec<_>>(),
        started.elapsed().as_millis()
    );
    let all: Vec<&String> = claims.iter().flatten().collect();
    let distinct: BTreeSet<String> = all.iter().map(|id| (*id).clone()).collect();
    assert_eq!(all.len(), distinct.len(), "no mail claimed by both workers");
    assert_eq!(distinct, pending, "every mail claimed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_meeting_cancelled_while_its_notice_is_sent_stays_cancelled_whenever_the_cancellation_is_accepted() {
    let app = spawn_app().await;
    let committee = committee(&app).await;
    let mut meetings = Vec::new();
    for days in 0..10 {
        meetings.push(meeting(&committee, 24 * (7 + days), 24 * (7 + days) + 2, false).await);
    }

    // For each meeting the secretary sends the notice while the chair cancels it, at the same time.
    let started = Instant::now();
    let chair = committee.gps[0].1.clone();
    let outcomes = in_parallel(meetings, |meeting| {
        let (secretary, chair) = (committee.secretary.clone(), chair.clone());
        async move {
            let (notice_path, cancel_path) =
                (format!("/api/meetings/{meeting}/notice"), format!("/api/meetings/{meeting}/cancel"));
            let (empty, reason) = (json!({}), json!({"reason": "Sykdom"}));
            let notice = secretary.post(&notice_path, &empty);
            let cancel = chair.post(&cancel_path, &reason);
            let (notice, cancel) = tokio::join!(notice, cancel);
            let status = detail(&secretary, &meeting).await.meeting.status;
            (notice.status().as_u16(), cancel.status().as_u16(), status)
        }
    })
    .await;
    let counts = tally(outcomes.iter().flat_map(|(notice, cancel, _)| [*notice, *cancel]));
    report("10 meetings × (notice ∥ cancel)", &counts, started);
    assert!(counts.keys().all(|status| matches!(status, 200 | 409)), "{outcomes:?}");
    for (notice, cancel, status) in outcomes {
        // An accepted cancellation is never undone by a notice sent at the same time; a refused one (the notice
        // came first and changed the meeting) leaves the notice in force.
        let expected = if cancel == 200 { MeetingStatus::Cancelled } else { MeetingStatus::NoticeSent };
        assert_eq!(status, expected, "notice {notice}, cancel {cancel}");
        assert!(notice == 200 || cancel == 200, "one of them is accepted");
    }
}

/// The secretaries of two meetings of one committee and year save their attendance sheets at the same moment,
/// over and over: every GP's rollup row counts both meetings (what a rebuild from the tables makes), on both
/// databases.
#[tokio::test]
async fn attendance_saved_at_once_for_two_meetings_keeps_the_rollups_right() {
    let app = spawn_app().await;
    let committee = committee(&app).await;
    let first = meeting(&committee, -1, 3, true).await;
    let second = meeting(&committee, -2, 2, true).await;
    let started = Instant::now();
    let mut writes = Vec::new();
    for round in 0..6 {
        let status = if round % 2 == 0 { "in_person" } else { "remote" };
        for meeting in [&first, &second] {
            let records: Vec<Value> =
                committee.gps.iter().map(|(person, _)| json!({"person_id": person.id, "status": status})).collect();
            writes
                .push((meeting.clone(), json!({ "records": records, "correction_reason": "Rettet i samme øyeblikk" })));
        }
    }
    let secretary = committee.secretary.clone();
    let statuses = in_parallel(writes, |(meeting, body)| {
        let secretary = secretary.clone();
        async move {
            let response = secretary.put(&format!("/api/meetings/{meeting}/attendance"), &body).await;
            let status = response.status().as_u16();
            if status != 200 {
                eprintln!("{status}: {}", response.text().await.unwrap_or_default());
            }
            status
        }
    })
    .await;
    let counts = tally(statuses);
    report("12 sheets for two meetings", &counts, started);
    assert_eq!(counts, BTreeMap::from([(200, 12)]));
    let database = &app.state.database;
    let kept = crate::reports::rollup_rows(database).await;
    legeting::analytics::rollups::rebuild(database.pool()).await.expect("rebuilt");
    assert_eq!(kept, crate::reports::rollup_rows(database).await, "the rollups kept equal a rebuild");
}
