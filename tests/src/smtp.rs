//! A real SMTP server on loopback for the mail tests: just enough of RFC 5321 for lettre to deliver in clear
//! text, and switchable into an outage.
//!
//! Every connection gets its own task. A message is stored before the `250` that ends `DATA` is sent, so once
//! the server's mailer has returned, the message is in [`TestSmtp::messages`]. [`Mode`] says how the server
//! answers new connections: normally, refusing (`421`, as a server that is down for maintenance), or stalling
//! (never greeting, as a hung server) so a test can kill a worker in the middle of a send.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// How the server answers new connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Accept and store every message.
    Accept,
    /// Answer `421 service not available` and hang up: the client sees a temporary failure.
    Refuse,
    /// Accept the connection and say nothing, until the client gives up or the mode changes.
    Stall,
}

/// One message as the server received it.
#[derive(Debug, Clone, Default)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message with dot-stuffing undone, lines ending in CRLF, without the final `.`.
    pub data: String,
}

#[derive(Default)]
struct Shared {
    messages: Mutex<Vec<Received>>,
    mode: Mutex<Option<Mode>>,
    /// Connections refused or stalled so far.
    turned_away: Mutex<usize>,
    changed: Notify,
}

/// A running SMTP server. It stops when the test's runtime ends.
#[derive(Clone)]
pub struct TestSmtp {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

impl TestSmtp {
    /// Start the server on a free loopback port, accepting mail.
    pub async fn start() -> std::io::Result<TestSmtp> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        let server = TestSmtp { addr, shared };
        server.set_mode(Mode::Accept);
        let accepting = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let connection = accepting.clone();
                tokio::spawn(async move {
                    let _ended = connection.serve(stream).await;
                });
            }
        });
        Ok(server)
    }

    /// `smtp://127.0.0.1:<port>`, for `LEGETING_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// How new connections are answered from now on.
    pub fn set_mode(&self, mode: Mode) {
        if let Ok(mut current) = self.shared.mode.lock() {
            *current = Some(mode);
        }
        self.shared.changed.notify_waiters();
    }

    fn mode(&self) -> Mode {
        self.shared.mode.lock().ok().and_then(|m| *m).unwrap_or(Mode::Accept)
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<Received> {
        self.shared.messages.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// The messages to one address.
    pub fn messages_to(&self, email: &str) -> Vec<Received> {
        self.messages().into_iter().filter(|m| m.rcpt_to.iter().any(|r| r.eq_ignore_ascii_case(email))).collect()
    }

    /// How many connections were refused or stalled.
    pub fn turned_away(&self) -> usize {
        self.shared.turned_away.lock().map(|n| *n).unwrap_or(0)
    }

    /// Wait until `condition` holds, re-checking whenever something happens; panics after `timeout`.
    pub async fn wait_until(&self, timeout: Duration, what: &str, condition: impl Fn(&TestSmtp) -> bool) {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let changed = self.shared.changed.notified();
            if condition(self) {
                return;
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                assert!(condition(self), "timed out waiting until {what}");
                return;
            }
        }
    }

    fn turn_away(&self) {
        if let Ok(mut n) = self.shared.turned_away.lock() {
            *n += 1;
        }
        self.shared.changed.notify_waiters();
    }

    /// One SMTP session. Errors just end it: the client reports them.
    async fn serve(&self, stream: TcpStream) -> std::io::Result<()> {
        let (reader, mut writer) = stream.into_split();
        match self.mode() {
            Mode::Accept => {}
            Mode::Refuse => {
                self.turn_away();
                writer.write_all(b"421 4.3.2 test-smtp is down for maintenance\r\n").await?;
                return Ok(());
            }
            Mode::Stall => {
                self.turn_away();
                // Say nothing while stalled; hang up once the mode changes (the client has long gone by then).
                loop {
                    let changed = self.shared.changed.notified();
                    if self.mode() != Mode::Stall {
                        return Ok(());
                    }
                    changed.await;
                }
            }
        }
        let mut reader = BufReader::new(reader);
        writer.write_all(b"220 test-smtp ready\r\n").await?;
        let mut current = Received::default();
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end_matches(['\r', '\n']);
            let verb = command.split(' ').next().unwrap_or("").to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" | "HELO" => b"250 test-smtp\r\n",
                "MAIL" => {
                    current = Received { mail_from: argument(command), ..Received::default() };
                    b"250 OK\r\n"
                }
                "RCPT" => {
                    current.rcpt_to.push(argument(command));
                    b"250 OK\r\n"
                }
                "DATA" => {
                    writer.write_all(b"354 end data with <CR><LF>.<CR><LF>\r\n").await?;
                    current.data = read_data(&mut reader).await?;
                    if let Ok(mut messages) = self.shared.messages.lock() {
                        messages.push(std::mem::take(&mut current));
                    }
                    self.shared.changed.notify_waiters();
                    b"250 OK queued\r\n"
                }
                "QUIT" => {
                    writer.write_all(b"221 bye\r\n").await?;
                    return Ok(());
                }
                // RSET, NOOP and anything else: say yes.
                _ => b"250 OK\r\n",
            };
            writer.write_all(reply).await?;
        }
    }
}

/// `MAIL FROM:<a@b> SIZE=1` → `a@b`.
fn argument(command: &str) -> String {
    let after_colon = command.split_once(':').map_or("", |(_, rest)| rest);
    after_colon.trim().trim_start_matches('<').split('>').next().unwrap_or("").to_owned()
}

/// Reads message data up to the line holding a single `.`, undoing dot-stuffing.
async fn read_data<R: tokio::io::AsyncBufRead + Unpin>(reader: &mut R) -> std::io::Result<String> {
    let mut data = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed in DATA"));
        }
        if line == ".\r\n" {
            return Ok(data);
        }
        data.push_str(line.strip_prefix('.').unwrap_or(&line));
    }
}
