//! The load generator of `cargo xtask bench`, run as its own process so that the server's CPU and memory are
//! measured apart from it. A lean tokio-tungstenite client: small buffers, frames scanned as text (the
//! sequence number and a post's marker are found without parsing JSON), connections spread over several
//! loopback addresses (127.0.0.x) for the ports.
//!
//! Usage: `loadgen <plan.json>`; the plan says the scenario, the target (`legeting`, or the Node `ws`
//! relay), the room's URL, a file of `Cookie` headers (one per client; distinct people) and the load. It
//! samples the server process's CPU time and resident set from `/proc/<pid>`, and prints one JSON object
//! with the figures on stdout.
//!
//! - `broadcast`: everyone joins, then posters post at a steady rate; latency per post to its **last**
//!   recipient; deliveries, gaps and repeats; presence traffic and the final presence count.
//! - `idle`: connections that only stay open; the server's resident set before and after.
//! - `storm`: everyone joins; while posts go on, everyone drops and resumes with `last_seq`; every post
//!   must reach every client exactly once, and no connection may be closed by the server.
//! - `vote`: the chair opens a poll, everyone votes at once; every ballot is counted once and the final
//!   count reaches everyone.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::{Semaphore, mpsc};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

#[derive(Debug, Clone, Deserialize)]
struct Plan {
    scenario: String,
    /// `legeting` or `relay`.
    target: String,
    /// `ws://127.0.0.1:<port>/…`
    url: String,
    cookies_file: Option<String>,
    chair_cookie: Option<String>,
    clients: usize,
    #[serde(default)]
    posters: usize,
    /// Posts per second.
    #[serde(default)]
    rate: f64,
    #[serde(default)]
    seconds: f64,
    server_pid: u32,
    /// Bytes of padding in a relay post, so that its frames are as big as the room's.
    #[serde(default)]
    relay_padding: usize,
}

/// What the clients of a run share.
struct Shared {
    started: Instant,
    /// Per post: when it was sent and when its last recipient got it (ns since `started`), how many got it.
    sent_at: Vec<AtomicU64>,
    last_at: Vec<AtomicU64>,
    received: Vec<AtomicU32>,
    gaps: AtomicUsize,
    repeats: AtomicUsize,
    closed_by_server: AtomicUsize,
    presence_bytes: AtomicU64,
    /// The latest presence count any client saw, and a `PresentPeople` count.
    present_count: AtomicUsize,
    /// Vote scenario: acknowledgements, and when each client saw the final count.
    acks: AtomicUsize,
    last_ack_at: AtomicU64,
    count_seen: AtomicUsize,
    last_count_seen_at: AtomicU64,
    expected_count: AtomicUsize,
    /// Storm: clients resumed, and when the last one was welcomed back.
    resumed: AtomicUsize,
    last_resumed_at: AtomicU64,
}

impl Shared {
    fn new(posts: usize) -> Shared {
        let zeros = |n: usize| (0..n).map(|_| AtomicU64::new(0)).collect::<Vec<_>>();
        Shared {
            started: Instant::now(),
            sent_at: zeros(posts),
            last_at: zeros(posts),
            received: (0..posts).map(|_| AtomicU32::new(0)).collect(),
            gaps: AtomicUsize::new(0),
            repeats: AtomicUsize::new(0),
            closed_by_server: AtomicUsize::new(0),
            presence_bytes: AtomicU64::new(0),
            present_count: AtomicUsize::new(0),
            acks: AtomicUsize::new(0),
            last_ack_at: AtomicU64::new(0),
            count_seen: AtomicUsize::new(0),
            last_count_seen_at: AtomicU64::new(0),
            expected_count: AtomicUsize::new(usize::MAX),
            resumed: AtomicUsize::new(0),
            last_resumed_at: AtomicU64::new(0),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
}

/// What a client task is told to do.
#[derive(Debug)]
enum Command {
    Post(usize),
    Vote(String),
    FindPresent,
    /// Close and reconnect, resuming after the last event seen.
    Reconnect,
    Close,
}

type Socket = WebSocketStream<TcpStream>;

fn main() -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("loadgen: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(result) => {
            println!("{result}");
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("loadgen: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<Value> {
    let path = std::env::args().nth(1).context("usage: loadgen <plan.json>")?;
    let plan: Plan = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let cookies: Vec<String> = match &plan.cookies_file {
        Some(file) => std::fs::read_to_string(file)?.lines().map(str::to_owned).collect(),
        None => Vec::new(),
    };
    match plan.scenario.as_str() {
        "broadcast" => broadcast(&plan, &cookies).await,
        "idle" => idle(&plan, &cookies).await,
        "storm" => storm(&plan, &cookies).await,
        "vote" => vote(&plan, &cookies).await,
        other => anyhow::bail!("no scenario {other}"),
    }
}

/// CPU seconds (user + system) and resident KiB of a process.
fn process_usage(pid: u32) -> (f64, u64) {
    let ticks = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let after = stat.rsplit_once(')')?.1;
            let fields: Vec<&str> = after.split_whitespace().collect();
            Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    let rss = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmRSS:").and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
        })
        .unwrap_or(0);
    // The kernel counts in clock ticks of 1/100 s on Linux.
    (ticks as f64 / 100.0, rss)
}

/// Open a websocket from the `index`th loopback address, with small buffers and `TCP_NODELAY`.
async fn open(plan: &Plan, index: usize, cookie: Option<&str>) -> anyhow::Result<Socket> {
    let request_url = plan.url.clone();
    let mut request = request_url.as_str().into_client_request()?;
    if let Some(cookie) = cookie {
        request.headers_mut().insert("cookie", cookie.parse()?);
    }
    let authority = request.uri().authority().context("a host")?.as_str().to_owned();
    let server: SocketAddr = authority.parse()?;
    let source = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1 + u8::try_from(index % 200).unwrap_or(0)));
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(source, 0))?;
    let stream = socket.connect(server).await?;
    stream.set_nodelay(true)?;
    let config = WebSocketConfig::default().read_buffer_size(4 * 1024).write_buffer_size(0);
    let (socket, _) = tokio_tungstenite::client_async_with_config(request, stream, Some(config)).await?;
    Ok(socket)
}

/// Connect and (for Legeting) be welcomed; returns the socket and the sequence number it continues from.
async fn join(
    plan: &Plan,
    index: usize,
    cookie: Option<&str>,
    last_seq: Option<i64>,
) -> anyhow::Result<(Socket, i64, Value)> {
    let mut socket = open(plan, index, cookie).await?;
    if plan.target != "legeting" {
        return Ok((socket, 0, Value::Null));
    }
    let hello = json!({"type": "hello", "version": legeting_shared::live::PROTOCOL_VERSION, "last_seq": last_seq});
    socket.send(Message::Text(hello.to_string().into())).await?;
    loop {
        match tokio::time::timeout(Duration::from_secs(60), socket.next()).await.context("no welcome")? {
            Some(Ok(Message::Text(text))) if text.starts_with(r#"{"type":"welcome""#) => {
                let welcome: Value = serde_json::from_str(&text)?;
                let seq = welcome["seq"].as_i64().unwrap_or(0);
                return Ok((socket, seq, welcome));
            }
            Some(Ok(_)) => continue,
            other => anyhow::bail!("no welcome: {other:?}"),
        }
    }
}

/// The number after `key` in a frame, e.g. `"seq":12`.
fn number_after(text: &str, key: &str) -> Option<u64> {
    let start = text.find(key)? + key.len();
    let digits: &str = &text[start..];
    let end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    digits[..end].parse().ok()
}

/// A post's marker: `bench#<n>#`.
fn marker(text: &str) -> Option<usize> {
    number_after(text, "bench#").and_then(|n| usize::try_from(n).ok())
}

/// One client: reads frames (recording posts, sequence, presence and votes) and does what it is told.
struct Client {
    index: usize,
    cookie: Option<String>,
    plan: Arc<Plan>,
    shared: Arc<Shared>,
    /// Posts this client got (storm: each must be exactly once).
    got: Vec<u8>,
    /// Whether this client saw the poll's final count (counted once per client).
    saw_count: bool,
}

impl Client {
    fn record_post(&mut self, id: usize) {
        let shared = &self.shared;
        if let Some(slot) = self.got.get_mut(id) {
            *slot = slot.saturating_add(1);
            if *slot > 1 {
                shared.repeats.fetch_add(1, Ordering::Relaxed);
                return;
            }
        }
        if id < shared.received.len() {
            shared.received[id].fetch_add(1, Ordering::Relaxed);
            shared.last_at[id].fetch_max(shared.now(), Ordering::Relaxed);
        }
    }

    fn frame(&mut self, text: &str, seq: &mut i64) {
        let shared = self.shared.clone();
        if self.plan.target != "legeting" {
            if let Some(id) = marker(text) {
                self.record_post(id);
            }
            return;
        }
        if text.starts_with(r#"{"type":"event""#) {
            if let Some(n) = number_after(text, r#""seq":"#).and_then(|n| i64::try_from(n).ok()) {
                if n <= *seq {
                    shared.repeats.fetch_add(1, Ordering::Relaxed);
                    return;
                }
                if n != *seq + 1 {
                    shared.gaps.fetch_add(1, Ordering::Relaxed);
                }
                *seq = n;
            }
            if text.contains(r#""kind":"message_posted""#) {
                if let Some(id) = marker(text) {
                    self.record_post(id);
                }
            } else if !self.saw_count
                && text.contains(r#""kind":"votes_cast""#)
                && number_after(text, r#""count":"#).and_then(|n| usize::try_from(n).ok())
                    == Some(shared.expected_count.load(Ordering::Relaxed))
            {
                self.saw_count = true;
                shared.count_seen.fetch_add(1, Ordering::Relaxed);
                shared.last_count_seen_at.fetch_max(shared.now(), Ordering::Relaxed);
            }
        } else if text.starts_with(r#"{"type":"presence""#) {
            shared.presence_bytes.fetch_add(text.len() as u64, Ordering::Relaxed);
            if let Some(count) = number_after(text, r#""count":"#) {
                shared.present_count.store(usize::try_from(count).unwrap_or(0), Ordering::Relaxed);
            }
        } else if text.starts_with(r#"{"type":"present_people""#) {
            if let Some(count) = number_after(text, r#""count":"#) {
                shared.present_count.store(usize::try_from(count).unwrap_or(0), Ordering::Relaxed);
            }
        } else if text.contains(r#""code":"vote_recorded""#) {
            shared.acks.fetch_add(1, Ordering::Relaxed);
            shared.last_ack_at.fetch_max(shared.now(), Ordering::Relaxed);
        }
    }

    /// Missed events in a resume's welcome.
    fn welcome(&mut self, welcome: &Value, seq: &mut i64, from: i64) {
        let mut expected = from;
        if let Some(missed) = welcome["missed"].as_array() {
            for event in missed {
                let n = event["seq"].as_i64().unwrap_or(0);
                if n != expected + 1 {
                    self.shared.gaps.fetch_add(1, Ordering::Relaxed);
                }
                expected = n;
                if let Some(id) = event["event"]["message"]["text"].as_str().and_then(marker) {
                    self.record_post(id);
                }
            }
        }
        if welcome["snapshot"].is_object() && from > 0 {
            // A resume that got a snapshot instead of the events cannot be checked for loss.
            self.shared.gaps.fetch_add(1, Ordering::Relaxed);
        }
        *seq = welcome["seq"].as_i64().unwrap_or(expected).max(expected);
    }

    async fn run(mut self, mut socket: Socket, mut seq: i64, mut commands: mpsc::Receiver<Command>) {
        loop {
            tokio::select! {
                frame = socket.next() => match frame {
                    Some(Ok(Message::Text(text))) => self.frame(&text, &mut seq),
                    Some(Ok(_)) => {}
                    _ => {
                        self.shared.closed_by_server.fetch_add(1, Ordering::Relaxed);
                        return;
                    }
                },
                command = commands.recv() => {
                    let text = match command {
                        Some(Command::Post(id)) => {
                            let text = format!("bench#{id}# {}", "x".repeat(self.plan.relay_padding));
                            self.shared.sent_at[id].store(self.shared.now(), Ordering::Relaxed);
                            if self.plan.target == "legeting" {
                                json!({"type": "post", "client_id": format!("p{id}"), "agenda_item_id": null,
                                    "reply_to": null, "text": format!("bench#{id}#")}).to_string()
                            } else {
                                text
                            }
                        }
                        Some(Command::Vote(poll_id)) => json!({"type": "vote", "client_id": "v", "poll_id": poll_id,
                            "option": self.index % 2}).to_string(),
                        Some(Command::FindPresent) => json!({"type": "find_present", "query": ""}).to_string(),
                        Some(Command::Reconnect) => {
                            let _ours = socket.close(None).await;
                            drop(socket);
                            let cookie = self.cookie.clone();
                            match join(&self.plan, self.index, cookie.as_deref(), Some(seq)).await {
                                Ok((again, _, welcome)) => {
                                    socket = again;
                                    let from = seq;
                                    self.welcome(&welcome, &mut seq, from);
                                    self.shared.resumed.fetch_add(1, Ordering::Relaxed);
                                    self.shared.last_resumed_at.fetch_max(self.shared.now(), Ordering::Relaxed);
                                    continue;
                                }
                                Err(error) => {
                                    eprintln!("loadgen: a client could not resume: {error:#}");
                                    self.shared.closed_by_server.fetch_add(1, Ordering::Relaxed);
                                    return;
                                }
                            }
                        }
                        Some(Command::Close) | None => {
                            let _ours = socket.close(None).await;
                            return;
                        }
                    };
                    if socket.send(Message::Text(text.into())).await.is_err() {
                        self.shared.closed_by_server.fetch_add(1, Ordering::Relaxed);
                        return;
                    }
                }
            }
        }
    }
}

/// Connect `n` clients (at most 256 joining at once); returns their command channels and how long joining
/// took.
async fn connect_all(
    plan: &Arc<Plan>,
    cookies: &[String],
    shared: &Arc<Shared>,
    posts: usize,
) -> anyhow::Result<(Vec<mpsc::Sender<Command>>, f64)> {
    let started = Instant::now();
    let gate = Arc::new(Semaphore::new(256));
    let mut joining = tokio::task::JoinSet::new();
    for index in 0..plan.clients {
        let cookie = cookies.get(index % cookies.len().max(1)).cloned();
        let (plan, gate) = (plan.clone(), gate.clone());
        joining.spawn(async move {
            let _turn = gate.acquire().await?;
            let joined = join(&plan, index, cookie.as_deref(), None).await?;
            anyhow::Ok((index, cookie, joined))
        });
    }
    let mut senders: Vec<Option<mpsc::Sender<Command>>> = (0..plan.clients).map(|_| None).collect();
    while let Some(joined) = joining.join_next().await {
        let (index, cookie, (socket, seq, _)) = joined??;
        let (sender, receiver) = mpsc::channel(8);
        let client =
            Client { index, cookie, plan: plan.clone(), shared: shared.clone(), got: vec![0; posts], saw_count: false };
        tokio::spawn(client.run(socket, seq, receiver));
        senders[index] = Some(sender);
    }
    Ok((senders.into_iter().flatten().collect(), started.elapsed().as_secs_f64()))
}

/// Post at the plan's rate for its seconds, round-robin over the first `posters` clients.
async fn post_steadily(plan: &Plan, senders: &[mpsc::Sender<Command>], posts: usize) -> anyhow::Result<()> {
    let period = Duration::from_secs_f64(1.0 / plan.rate.max(0.001));
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let posters = plan.posters.clamp(1, senders.len());
    for id in 0..posts {
        tick.tick().await;
        senders[id % posters].send(Command::Post(id)).await?;
    }
    Ok(())
}

/// Wait until every post reached `per_post` clients, or `limit` passed.
async fn settle(shared: &Shared, per_post: u32, limit: Duration) {
    let until = Instant::now() + limit;
    while Instant::now() < until {
        if shared.received.iter().all(|r| r.load(Ordering::Relaxed) >= per_post) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Latencies (ms) from each post to its last recipient, sorted.
fn last_recipient_ms(shared: &Shared) -> Vec<f64> {
    let mut latencies: Vec<f64> = shared
        .sent_at
        .iter()
        .zip(&shared.last_at)
        .map(|(sent, last)| {
            (last.load(Ordering::Relaxed).saturating_sub(sent.load(Ordering::Relaxed))) as f64 / 1_000_000.0
        })
        .collect();
    latencies.sort_by(f64::total_cmp);
    latencies
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64) * q).ceil() as usize;
    sorted[rank.saturating_sub(1).min(sorted.len() - 1)]
}

async fn broadcast(plan: &Plan, cookies: &[String]) -> anyhow::Result<Value> {
    let plan = Arc::new(plan.clone());
    let posts = (plan.rate * plan.seconds).round() as usize;
    let shared = Arc::new(Shared::new(posts));
    let (senders, join_s) = connect_all(&plan, cookies, &shared, posts).await?;
    // Let the joins' presence settle, then measure the steady load only.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    shared.presence_bytes.store(0, Ordering::Relaxed);
    let (cpu_before, _) = process_usage(plan.server_pid);
    let posting = Instant::now();
    post_steadily(&plan, &senders, posts).await?;
    let clients = u32::try_from(senders.len()).unwrap_or(u32::MAX);
    settle(&shared, clients, Duration::from_secs(10)).await;
    let elapsed = posting.elapsed().as_secs_f64();
    let (cpu_after, rss_kib) = process_usage(plan.server_pid);
    let presence_bytes = shared.presence_bytes.load(Ordering::Relaxed);
    if plan.target == "legeting" {
        senders[0].send(Command::FindPresent).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let deliveries: u64 = shared.received.iter().map(|r| u64::from(r.load(Ordering::Relaxed))).sum();
    let latencies = last_recipient_ms(&shared);
    for sender in &senders {
        let _gone = sender.send(Command::Close).await;
    }
    let cpu = cpu_after - cpu_before;
    Ok(json!({
        "clients": senders.len(), "posts": posts, "join_s": join_s,
        "p50_ms": quantile(&latencies, 0.5), "p99_ms": quantile(&latencies, 0.99), "max_ms": quantile(&latencies, 1.0),
        "deliveries": deliveries, "expected": posts as u64 * senders.len() as u64,
        "deliveries_per_s": deliveries as f64 / elapsed,
        "server_cpu_s": cpu, "cpu_per_delivery_us": cpu * 1e6 / (deliveries.max(1) as f64),
        "server_rss_kib": rss_kib,
        "gaps": shared.gaps.load(Ordering::Relaxed), "repeats": shared.repeats.load(Ordering::Relaxed),
        "closed_by_server": shared.closed_by_server.load(Ordering::Relaxed),
        "presence_bytes_per_client_s": presence_bytes as f64 / senders.len().max(1) as f64 / elapsed,
        "present_count": shared.present_count.load(Ordering::Relaxed),
    }))
}

async fn idle(plan: &Plan, cookies: &[String]) -> anyhow::Result<Value> {
    let plan = Arc::new(plan.clone());
    let shared = Arc::new(Shared::new(0));
    let (_, rss_before) = process_usage(plan.server_pid);
    let (senders, join_s) = connect_all(&plan, cookies, &shared, 0).await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (_, rss_after) = process_usage(plan.server_pid);
    for sender in &senders {
        let _gone = sender.send(Command::Close).await;
    }
    Ok(json!({
        "clients": senders.len(), "join_s": join_s, "server_rss_before_kib": rss_before, "server_rss_kib": rss_after,
        "kib_per_connection": rss_after.saturating_sub(rss_before) as f64 / senders.len().max(1) as f64,
        "closed_by_server": shared.closed_by_server.load(Ordering::Relaxed),
    }))
}

async fn storm(plan: &Plan, cookies: &[String]) -> anyhow::Result<Value> {
    let plan = Arc::new(plan.clone());
    let posts = (plan.rate * plan.seconds).round() as usize;
    let shared = Arc::new(Shared::new(posts));
    let (senders, join_s) = connect_all(&plan, cookies, &shared, posts).await?;
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let posters = plan.posters.clamp(1, senders.len());
    let posting = {
        let (plan, senders) = (plan.clone(), senders.clone());
        tokio::spawn(async move { post_steadily(&plan, &senders, posts).await })
    };
    // A few seconds in, everyone but the posters drops and resumes.
    tokio::time::sleep(Duration::from_secs_f64((plan.seconds / 4.0).max(1.0))).await;
    let storm_started = shared.now();
    let mut reconnecting = Vec::new();
    for sender in &senders[posters..] {
        let sender = sender.clone();
        reconnecting.push(tokio::spawn(async move { sender.send(Command::Reconnect).await }));
    }
    for handle in reconnecting {
        handle.await??;
    }
    // Commands are sent; the clients reconnect in their tasks. Wait for all posts everywhere.
    posting.await??;
    let clients = u32::try_from(senders.len()).unwrap_or(u32::MAX);
    settle(&shared, clients, Duration::from_secs(30)).await;
    let storm_s = shared.last_resumed_at.load(Ordering::Relaxed).saturating_sub(storm_started) as f64 / 1e9;
    let deliveries: u64 = shared.received.iter().map(|r| u64::from(r.load(Ordering::Relaxed))).sum();
    for sender in &senders {
        let _gone = sender.send(Command::Close).await;
    }
    Ok(json!({
        "clients": senders.len(), "posts": posts, "join_s": join_s, "storm_s": storm_s,
        "resumed": shared.resumed.load(Ordering::Relaxed), "dropped": senders.len() - posters,
        "deliveries": deliveries, "expected": posts as u64 * senders.len() as u64,
        "lost": (posts as u64 * senders.len() as u64).saturating_sub(deliveries),
        "gaps": shared.gaps.load(Ordering::Relaxed), "repeats": shared.repeats.load(Ordering::Relaxed),
        "closed_by_server": shared.closed_by_server.load(Ordering::Relaxed),
    }))
}

async fn vote(plan: &Plan, cookies: &[String]) -> anyhow::Result<Value> {
    let plan = Arc::new(plan.clone());
    let shared = Arc::new(Shared::new(0));
    let (senders, join_s) = connect_all(&plan, cookies, &shared, 0).await?;
    shared.expected_count.store(senders.len(), Ordering::Relaxed);
    let (mut chair, _, _) = join(&plan, 199, plan.chair_cookie.as_deref(), None).await?;
    let open = json!({"type": "open_poll", "client_id": "bench", "agenda_item_id": null, "question": "Bench?",
        "options": ["Ja", "Nei"], "secret": false});
    chair.send(Message::Text(open.to_string().into())).await?;
    let poll_id = loop {
        let Some(Ok(Message::Text(text))) = chair.next().await else { anyhow::bail!("the chair lost the room") };
        if text.contains(r#""kind":"poll_opened""#) {
            let event: Value = serde_json::from_str(&text)?;
            break event["event"]["poll"]["id"].as_str().context("a poll id")?.to_owned();
        }
    };
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let voting_at = shared.now();
    for sender in &senders {
        sender.send(Command::Vote(poll_id.clone())).await?;
    }
    let until = Instant::now() + Duration::from_secs(60);
    while shared.count_seen.load(Ordering::Relaxed) < senders.len() && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let all_voted_s = (shared.last_ack_at.load(Ordering::Relaxed).saturating_sub(voting_at)) as f64 / 1e9;
    let visible_s = (shared.last_count_seen_at.load(Ordering::Relaxed))
        .saturating_sub(shared.last_ack_at.load(Ordering::Relaxed)) as f64
        / 1e9;
    chair.send(Message::Text(json!({"type": "close_poll", "poll_id": poll_id}).to_string().into())).await?;
    let results = loop {
        let Some(Ok(Message::Text(text))) = chair.next().await else { anyhow::bail!("the chair lost the room") };
        if text.contains(r#""kind":"poll_closed""#) {
            let event: Value = serde_json::from_str(&text)?;
            break event["event"]["poll"]["results"].clone();
        }
    };
    let counted: i64 = results.as_array().map(|r| r.iter().filter_map(Value::as_i64).sum()).unwrap_or(0);
    for sender in &senders {
        let _gone = sender.send(Command::Close).await;
    }
    Ok(json!({
        "clients": senders.len(), "join_s": join_s, "acks": shared.acks.load(Ordering::Relaxed),
        "all_voted_s": all_voted_s, "count_visible_s": visible_s, "saw_final_count": shared.count_seen.load(Ordering::Relaxed),
        "counted": counted, "closed_by_server": shared.closed_by_server.load(Ordering::Relaxed),
    }))
}
