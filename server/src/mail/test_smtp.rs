//! A tiny SMTP server for tests: just enough of RFC 5321 for lettre to deliver a message in clear text.
//!
//! It listens on `127.0.0.1:0`, answers every connection in its own task, and stores each message's envelope and
//! data. A message is stored before the `250` that ends `DATA` is sent, so once `Mailer::send` has returned the
//! message is already in [`TestSmtp::messages`]: no waiting needed.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One message as the server received it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Received {
    pub(crate) mail_from: String,
    pub(crate) rcpt_to: Vec<String>,
    /// The message data with dot-stuffing undone, lines ending in CRLF, without the final `.`.
    pub(crate) data: String,
}

/// A running test SMTP server. It stops when the test's runtime ends.
pub(crate) struct TestSmtp {
    pub(crate) addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl TestSmtp {
    /// Starts the server on a free loopback port.
    pub(crate) async fn start() -> std::io::Result<TestSmtp> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = Arc::clone(&received);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&store)));
            }
        });
        Ok(TestSmtp { addr, received })
    }

    /// The URL to configure the mailer with.
    pub(crate) fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Every message received so far.
    pub(crate) fn messages(&self) -> Vec<Received> {
        self.received.lock().map(|messages| messages.clone()).unwrap_or_default()
    }
}

/// One SMTP session. Errors just end it: the client will report them.
async fn serve(stream: TcpStream, store: Arc<Mutex<Vec<Received>>>) -> std::io::Result<()> {
    let (reader, mut writer) = stream.into_split();
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
                if let Ok(mut messages) = store.lock() {
                    messages.push(std::mem::take(&mut current));
                }
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
