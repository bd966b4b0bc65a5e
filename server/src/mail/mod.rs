//! Sending one e-mail now, through one of three backends: SMTP (when `LEGETING_SMTP_URL` is set), a file outbox
//! of `.eml` files under `<data dir>/outbox` (the default, so no mail server is needed), or an in-memory capture
//! for tests ([`Mailer::memory`]).
//!
//! This module owns turning a [`Mail`] into a correct MIME message (plain text, or multipart/alternative with
//! HTML; every header made by lettre's builder, so no header injection) and handing it to the backend.
//!
//! A message may also carry a calendar invitation (a `text/calendar; method=…` alternative plus an `invite.ics`
//! attachment, as calendar programs expect), a per-message sender display name, a stable Message-ID and an
//! RFC 8058 one-click unsubscribe header.
//!
//! It must not grow templates (callers bring the finished subject and bodies) or a queue: [`Mailer::send`]
//! delivers now or fails. The durable outbox (`crate::outbox`) renders the templates, queues every message as
//! a row and calls [`Mailer::send`] from its worker.

mod smtp;

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{Address, AsyncFileTransport, AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor};

use crate::config::Config;

/// One e-mail to one person. The caller has already filled in every text.
#[derive(Clone, Default)]
pub struct Mail {
    /// Display name of the recipient; may be empty.
    pub to_name: String,
    pub to_email: String,
    pub subject: String,
    /// The plain-text body. Always sent; the HTML body, when given, is the alternative.
    pub text: String,
    pub html: Option<String>,
    /// An address for replies (`addr` or `Name <addr>`), when it is not the sender.
    pub reply_to: Option<String>,
    /// The sender's display name for this message (e.g. the municipality); the configured one otherwise.
    pub from_name: Option<String>,
    /// A calendar invitation or cancellation sent along.
    pub calendar: Option<CalendarPart>,
    /// An `https://` URL that unsubscribes with one POST (RFC 8058): `List-Unsubscribe` and
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
    pub list_unsubscribe: Option<String>,
    /// The Message-ID (`<unique@domain>`); a random one when `None`. The outbox gives each row a stable one, so
    /// a message sent twice after a crash is recognisably the same message.
    pub message_id: Option<String>,
}

/// An RFC 5545 calendar sent with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarPart {
    /// The iTIP method: `REQUEST` (invitation or update) or `CANCEL`.
    pub method: String,
    /// The calendar text, with the same METHOD inside.
    pub ics: String,
}

/// Shows recipient and subject only: bodies hold sign-in links, which are secrets.
impl fmt::Debug for Mail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mail")
            .field("to_email", &self.to_email)
            .field("subject", &self.subject)
            .field("html", &self.html.is_some())
            .finish_non_exhaustive()
    }
}

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The recipient or reply-to address cannot be used; sending again will not help.
    #[error("invalid e-mail address: {0}")]
    InvalidAddress(String),
    /// The message cannot be built (a header value that is not allowed); sending again will not help.
    #[error("invalid message: {0}")]
    InvalidMessage(String),
    /// The backend failed (SMTP server unreachable or refusing, disk full, …); sending again may help.
    #[error("could not send e-mail: {0}")]
    Transport(String),
}

/// Sends e-mail. Cheap to clone (an `Arc` inside); build one at start-up and share it.
#[derive(Clone)]
pub struct Mailer {
    inner: Arc<Inner>,
}

struct Inner {
    from: Mailbox,
    backend: Backend,
}

enum Backend {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, description: String },
    File { transport: AsyncFileTransport<Tokio1Executor>, dir: PathBuf },
    Memory(MemoryOutbox),
}

impl Mailer {
    /// The mailer the configuration asks for: SMTP if `smtp_url` is set, else the file outbox under
    /// `<data_dir>/outbox` (created here). Fails on a bad sender address or SMTP URL, never showing secrets.
    pub fn from_config(config: &Config) -> anyhow::Result<Mailer> {
        let from: Mailbox = config
            .mail_from
            .parse()
            .map(clean_mailbox)
            .with_context(|| format!("LEGETING_MAIL_FROM {:?} is not an e-mail address", config.mail_from))?;
        let backend = match &config.smtp_url {
            Some(url) => {
                let url = smtp::SmtpUrl::parse(url.expose()).context("LEGETING_SMTP_URL")?;
                Backend::Smtp { transport: url.transport()?, description: url.describe() }
            }
            None => {
                let dir = config.data_dir.join("outbox");
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("could not create the mail outbox {}", dir.display()))?;
                Backend::File { transport: AsyncFileTransport::new(&dir), dir }
            }
        };
        Ok(Mailer { inner: Arc::new(Inner { from, backend }) })
    }

    /// A mailer that keeps every message in memory, and the handle tests read them from.
    pub fn memory() -> (Mailer, MemoryOutbox) {
        let outbox = MemoryOutbox::default();
        let from = Mailbox::new(Some("Legeting".into()), Address::new("legeting", "localhost").expect("valid address"));
        let mailer = Mailer { inner: Arc::new(Inner { from, backend: Backend::Memory(outbox.clone()) }) };
        (mailer, outbox)
    }

    /// Builds the message and delivers it now. Returns when the backend has accepted it (the SMTP server said
    /// `250`, the file is written, or it is in memory).
    pub async fn send(&self, mail: Mail) -> Result<(), MailError> {
        let (to, message) = build_message(&self.inner.from, &mail)?;
        match &self.inner.backend {
            Backend::Smtp { transport, description } => {
                transport.send(message).await.map_err(|e| MailError::Transport(format!("{description}: {e}")))?;
            }
            Backend::File { transport, dir } => {
                transport
                    .send(message)
                    .await
                    .map_err(|e| MailError::Transport(format!("file outbox at {}: {e}", dir.display())))?;
            }
            Backend::Memory(outbox) => outbox.push(SentMail {
                to_email: to.to_string(),
                from_name: mail.from_name.as_deref().and_then(clean_name),
                reply_to: mail.reply_to.clone(),
                subject: mail.subject.clone(),
                text: mail.text.clone(),
                html: mail.html.clone(),
                calendar: mail.calendar.clone(),
                list_unsubscribe: mail.list_unsubscribe.clone(),
                raw: String::from_utf8_lossy(&message.formatted()).into_owned(),
            }),
        }
        tracing::debug!(to = %to, subject = %mail.subject, "e-mail sent");
        Ok(())
    }

    /// Where mail goes, for the start-up log: "SMTP at host:port (TLS)", "file outbox at data/outbox" or
    /// "memory". Never shows credentials.
    pub fn describe(&self) -> String {
        match &self.inner.backend {
            Backend::Smtp { description, .. } => description.clone(),
            Backend::File { dir, .. } => format!("file outbox at {}", dir.display()),
            Backend::Memory(_) => "memory".to_owned(),
        }
    }
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer").field("from", &self.inner.from.to_string()).field("backend", &self.describe()).finish()
    }
}

/// Turns a [`Mail`] into a lettre message from `from`. Returns the recipient address too.
fn build_message(from: &Mailbox, mail: &Mail) -> Result<(Address, Message), MailError> {
    let to: Address = mail
        .to_email
        .trim()
        .parse()
        .map_err(|e| MailError::InvalidAddress(format!("recipient {:?}: {e}", mail.to_email)))?;
    let from = match mail.from_name.as_deref().and_then(clean_name) {
        Some(name) => Mailbox::new(Some(name), from.email.clone()),
        None => from.clone(),
    };
    let message_id = match &mail.message_id {
        Some(id) if is_header_safe(id) && id.starts_with('<') && id.ends_with('>') && id.contains('@') => {
            Some(id.clone())
        }
        Some(id) => return Err(MailError::InvalidMessage(format!("Message-ID {id:?}"))),
        None => None,
    };
    let mut builder = Message::builder()
        .from(from)
        .to(Mailbox::new(clean_name(&mail.to_name), to.clone()))
        .subject(mail.subject.as_str())
        .message_id(message_id);
    if let Some(reply_to) = &mail.reply_to {
        let reply_to: Mailbox =
            reply_to.parse().map_err(|e| MailError::InvalidAddress(format!("reply-to {reply_to:?}: {e}")))?;
        builder = builder.reply_to(clean_mailbox(reply_to));
    }
    if let Some(url) = &mail.list_unsubscribe {
        if !(url.starts_with("https://") || url.starts_with("http://")) || !is_header_safe(url) || url.contains('>') {
            return Err(MailError::InvalidMessage(format!("List-Unsubscribe URL {url:?}")));
        }
        builder = builder
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{url}>")))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    let message = match (&mail.html, &mail.calendar) {
        (Some(html), None) => builder.multipart(MultiPart::alternative_plain_html(mail.text.clone(), html.clone())),
        (None, None) => builder.singlepart(SinglePart::plain(mail.text.clone())),
        (html, Some(calendar)) => {
            if !matches!(calendar.method.as_str(), "REQUEST" | "CANCEL" | "PUBLISH") {
                return Err(MailError::InvalidMessage(format!("calendar method {:?}", calendar.method)));
            }
            let calendar_type =
                ContentType::parse(&format!("text/calendar; charset=utf-8; method={}", calendar.method))
                    .map_err(|e| MailError::InvalidMessage(e.to_string()))?;
            let ics_type =
                ContentType::parse("application/ics").map_err(|e| MailError::InvalidMessage(e.to_string()))?;
            let mut alternative = MultiPart::alternative().singlepart(SinglePart::plain(mail.text.clone()));
            if let Some(html) = html {
                alternative = alternative.singlepart(SinglePart::html(html.clone()));
            }
            let alternative =
                alternative.singlepart(SinglePart::builder().header(calendar_type).body(calendar.ics.clone()));
            let attachment = Attachment::new("invite.ics".to_owned()).body(calendar.ics.clone(), ics_type);
            builder.multipart(MultiPart::mixed().multipart(alternative).singlepart(attachment))
        }
    }
    .map_err(|e| MailError::InvalidAddress(e.to_string()))?;
    Ok((to, message))
}

/// A header value we build ourselves: printable ASCII only (no CR, LF or other control characters).
fn is_header_safe(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
}

/// A display name fit for a header: control characters (CR and LF above all) become spaces, runs of
/// whitespace one space; `None` when nothing is left. lettre refuses CR and LF in names by panicking, and names
/// come from people and roster files.
fn clean_name(name: &str) -> Option<String> {
    let name: String = name.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    (!name.is_empty()).then_some(name)
}

/// The same mailbox with its display name cleaned by [`clean_name`].
fn clean_mailbox(mailbox: Mailbox) -> Mailbox {
    Mailbox::new(mailbox.name.as_deref().and_then(clean_name), mailbox.email)
}

/// The messages a [`Mailer::memory`] has sent, oldest first. Clones share the same list.
#[derive(Clone, Default)]
pub struct MemoryOutbox {
    sent: Arc<Mutex<Vec<SentMail>>>,
    /// Woken with every message, for [`MemoryOutbox::wait_for_messages_to`].
    arrived: Arc<tokio::sync::Notify>,
}

impl MemoryOutbox {
    /// Every message sent so far, oldest first.
    pub fn messages(&self) -> Vec<SentMail> {
        self.sent.lock().map(|sent| sent.clone()).unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// The messages sent to `email` (compared without regard to case), oldest first.
    pub fn messages_to(&self, email: &str) -> Vec<SentMail> {
        self.messages().into_iter().filter(|m| m.to_email.eq_ignore_ascii_case(email.trim())).collect()
    }

    /// The messages to `email` once there are at least `count` of them (mail sent in the background, such as
    /// sign-in links), or what there is after `timeout`.
    pub async fn wait_for_messages_to(&self, email: &str, count: usize, timeout: std::time::Duration) -> Vec<SentMail> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let arrived = self.arrived.notified();
            let messages = self.messages_to(email);
            if messages.len() >= count || tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return self.messages_to(email);
            }
        }
    }

    fn push(&self, mail: SentMail) {
        match self.sent.lock() {
            Ok(mut sent) => sent.push(mail),
            Err(poisoned) => poisoned.into_inner().push(mail),
        }
        self.arrived.notify_waiters();
    }
}

impl fmt::Debug for MemoryOutbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryOutbox").field("messages", &self.messages().len()).finish()
    }
}

/// A message captured by [`Mailer::memory`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMail {
    /// The recipient's address.
    pub to_email: String,
    /// The sender's display name, when the message set one.
    pub from_name: Option<String>,
    pub reply_to: Option<String>,
    pub subject: String,
    /// The plain-text body as given (not transfer-encoded), for finding links in.
    pub text: String,
    pub html: Option<String>,
    pub calendar: Option<CalendarPart>,
    pub list_unsubscribe: Option<String>,
    /// The whole message as it would go on the wire: headers, MIME parts, transfer encodings.
    pub raw: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign_in_mail() -> Mail {
        Mail {
            to_name: "Kari Fastlege".into(),
            to_email: "kari@legekontor.example".into(),
            subject: "Logg inn i Legeting".into(),
            text: "Hei Kari!\n\nLogg inn: https://legeting.example/login?token=abc123\n".into(),
            html: None,
            reply_to: None,
            ..Mail::default()
        }
    }

    /// The header block of a formatted message, unfolded, as (name, value) pairs. Panics on a malformed
    /// header line, so it doubles as a "this parses" check.
    fn headers(raw: &str) -> Vec<(String, String)> {
        let (head, _body) = raw.split_once("\r\n\r\n").expect("a blank line between headers and body");
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.split("\r\n") {
            assert!(!line.contains('\r') && !line.contains('\n'), "bare CR or LF in {line:?}");
            if line.starts_with([' ', '\t']) {
                let (_, value) = headers.last_mut().expect("a continuation follows a header");
                value.push_str(line);
            } else {
                let (name, value) = line.split_once(':').expect("header line is `Name: value`");
                assert!(!name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic()), "bad header name {name:?}");
                headers.push((name.to_owned(), value.trim().to_owned()));
            }
        }
        headers
    }

    fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
        headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    #[tokio::test]
    async fn memory_captures_what_was_sent() {
        let (mailer, outbox) = Mailer::memory();
        assert_eq!(mailer.describe(), "memory");
        mailer.send(sign_in_mail()).await.expect("sent");

        let sent = outbox.messages();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].to_email, "kari@legekontor.example");
        assert_eq!(sent[0].subject, "Logg inn i Legeting");
        assert_eq!(sent[0].html, None);
        let link = sent[0].text.split_whitespace().find(|w| w.starts_with("https://")).expect("a link");
        assert_eq!(link, "https://legeting.example/login?token=abc123");
        assert_eq!(outbox.messages_to("KARI@legekontor.example").len(), 1);
        assert!(outbox.messages_to("someone@else.example").is_empty());

        let headers = headers(&sent[0].raw);
        assert_eq!(header(&headers, "To"), Some("\"Kari Fastlege\" <kari@legekontor.example>"));
        assert_eq!(header(&headers, "From"), Some("Legeting <legeting@localhost>"));
        assert!(header(&headers, "Message-ID").is_some());
        assert!(header(&headers, "Date").is_some());
        assert!(header(&headers, "Content-Type").expect("content type").starts_with("text/plain"));
    }

    #[tokio::test]
    async fn html_makes_a_multipart_alternative() {
        let (mailer, outbox) = Mailer::memory();
        let mail = Mail {
            html: Some("<p>Logg inn: <a href=\"https://legeting.example/login\">her</a></p>".into()),
            reply_to: Some("Sekretariatet <sekretariat@kommune.example>".into()),
            ..sign_in_mail()
        };
        mailer.send(mail).await.expect("sent");

        let raw = &outbox.messages()[0].raw;
        let headers = headers(raw);
        assert!(header(&headers, "Content-Type").expect("content type").starts_with("multipart/alternative"));
        assert_eq!(header(&headers, "Reply-To"), Some("Sekretariatet <sekretariat@kommune.example>"));
        let plain = raw.find("Content-Type: text/plain").expect("a plain part");
        let html = raw.find("Content-Type: text/html").expect("an HTML part");
        assert!(plain < html, "plain text first, the preferred HTML last");
    }

    #[tokio::test]
    async fn a_subject_cannot_inject_headers() {
        let (mailer, outbox) = Mailer::memory();
        mailer.send(Mail { subject: "Hei\r\nBcc: x@y".into(), ..sign_in_mail() }).await.expect("sent");

        let sent = &outbox.messages()[0];
        let headers = headers(&sent.raw);
        assert!(header(&headers, "Bcc").is_none(), "no Bcc header in {:?}", sent.raw);
        assert_eq!(headers.iter().filter(|(name, _)| name.eq_ignore_ascii_case("Subject")).count(), 1);
        assert!(!sent.raw.contains("\nBcc:"), "{:?}", sent.raw);
    }

    #[tokio::test]
    async fn names_cannot_inject_headers() {
        let (mailer, outbox) = Mailer::memory();
        // lettre panics on CR or LF in a display name, so the mailer cleans names first.
        mailer.send(Mail { to_name: "Kari\r\nBcc: name@evil.example".into(), ..sign_in_mail() }).await.expect("sent");
        let sent = &outbox.messages()[0];
        let headers = headers(&sent.raw);
        assert!(header(&headers, "Bcc").is_none(), "no Bcc header in {:?}", sent.raw);
        assert!(!sent.raw.contains("\nBcc:"), "{:?}", sent.raw);
        assert_eq!(headers.iter().filter(|(name, _)| name.eq_ignore_ascii_case("To")).count(), 1);
        assert!(header(&headers, "To").expect("To").ends_with(" <kari@legekontor.example>"));
        assert_eq!(clean_name(" Kari\r\n\tNordmann\u{0} "), Some("Kari Nordmann".to_owned()));
        assert_eq!(clean_name("\r\n"), None);

        // A reply-to address with a line break does not parse at all.
        let reply_to = Some("\"Sekretariat\r\nBcc: reply@evil.example\" <sekretariat@kommune.example>".into());
        let error = mailer.send(Mail { reply_to, ..sign_in_mail() }).await.expect_err("refused");
        assert!(matches!(error, MailError::InvalidAddress(_)), "{error:?}");
        assert_eq!(outbox.messages().len(), 1);
    }

    #[tokio::test]
    async fn invitations_carry_the_calendar_the_sender_name_and_one_click_unsubscribe() {
        let (mailer, outbox) = Mailer::memory();
        let ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n".to_owned();
        let mail = Mail {
            html: Some("<p>Innkalling</p>".into()),
            from_name: Some("Bærum\r\nBcc: x@evil.example".into()),
            calendar: Some(CalendarPart { method: "REQUEST".into(), ics }),
            list_unsubscribe: Some("https://legeting.example/api/unsubscribe/abc.def".into()),
            message_id: Some("<0192-abc@kommune.example>".into()),
            ..sign_in_mail()
        };
        mailer.send(mail).await.expect("sent");
        let sent = &outbox.messages()[0];
        let headers = headers(&sent.raw);
        assert!(header(&headers, "Content-Type").expect("content type").starts_with("multipart/mixed"));
        assert!(header(&headers, "From").expect("From").ends_with("<legeting@localhost>"));
        assert!(header(&headers, "Bcc").is_none());
        assert_eq!(header(&headers, "Message-ID"), Some("<0192-abc@kommune.example>"));
        assert_eq!(header(&headers, "List-Unsubscribe"), Some("<https://legeting.example/api/unsubscribe/abc.def>"));
        assert_eq!(header(&headers, "List-Unsubscribe-Post"), Some("List-Unsubscribe=One-Click"));
        assert!(sent.raw.contains("Content-Type: text/calendar; charset=utf-8; method=REQUEST"), "{}", sent.raw);
        assert!(sent.raw.contains("filename=\"invite.ics\""), "{}", sent.raw);
        assert_eq!(sent.from_name.as_deref(), Some("Bærum Bcc: x@evil.example"));

        for bad in [
            Mail { list_unsubscribe: Some("https://x.example/a\r\nBcc: y@z".into()), ..sign_in_mail() },
            Mail { list_unsubscribe: Some("javascript:alert(1)".into()), ..sign_in_mail() },
            Mail { message_id: Some("<a@b>\r\nBcc: y@z".into()), ..sign_in_mail() },
            Mail {
                calendar: Some(CalendarPart { method: "REQUEST\r\nX: y".into(), ics: String::new() }),
                ..sign_in_mail()
            },
        ] {
            let error = mailer.send(bad).await.expect_err("refused");
            assert!(matches!(error, MailError::InvalidMessage(_)), "{error:?}");
        }
        assert_eq!(outbox.messages().len(), 1);
    }

    #[tokio::test]
    async fn bad_addresses_are_refused_before_sending() {
        let (mailer, outbox) = Mailer::memory();
        for (to_email, reply_to) in [("not an address", None), ("a@b.example\r\nBcc: c@d.example", None)]
            .into_iter()
            .chain([("kari@legekontor.example", Some("nope".to_owned()))])
        {
            let mail = Mail { to_email: to_email.into(), reply_to, ..sign_in_mail() };
            let error = mailer.send(mail).await.expect_err("refused");
            assert!(matches!(error, MailError::InvalidAddress(_)), "{error:?}");
        }
        assert!(outbox.messages().is_empty());
    }

    #[tokio::test]
    async fn file_outbox_writes_a_parseable_eml() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut config = Config::with_data_dir(dir.path().join("data"));
        config.mail_from = "Legeting <legeting@kommune.example>".into();
        let mailer = Mailer::from_config(&config).expect("mailer");
        let outbox = dir.path().join("data").join("outbox");
        assert_eq!(mailer.describe(), format!("file outbox at {}", outbox.display()));

        mailer.send(Mail { subject: "Møteinnkalling".into(), ..sign_in_mail() }).await.expect("sent");

        let files: Vec<_> =
            std::fs::read_dir(&outbox).expect("outbox exists").map(|e| e.expect("entry").path()).collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("eml"));
        let raw = std::fs::read_to_string(&files[0]).expect("utf-8 text");
        let headers = headers(&raw);
        assert_eq!(header(&headers, "From"), Some("Legeting <legeting@kommune.example>"));
        assert_eq!(header(&headers, "To"), Some("\"Kari Fastlege\" <kari@legekontor.example>"));
        // Non-ASCII subjects are RFC 2047 encoded words.
        assert!(header(&headers, "Subject").expect("subject").starts_with("=?utf-8?"), "{headers:?}");
        assert!(raw.contains("https://legeting.example/login?token=abc123"));
    }

    #[tokio::test]
    async fn smtp_failures_are_transport_errors() {
        // Bind a port, then free it, so nothing listens there.
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port();
        let mut config = Config::with_data_dir(PathBuf::from("unused"));
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}").parse().expect("SMTP URL"));
        let mailer = Mailer::from_config(&config).expect("mailer");
        let error = mailer.send(sign_in_mail()).await.expect_err("nobody listens");
        assert!(matches!(error, MailError::Transport(_)), "{error:?}");
    }

    #[test]
    fn secrets_stay_out_of_debug_and_describe() {
        let mut config = Config::with_data_dir(PathBuf::from("unused"));
        config.smtp_url = Some("smtps://legeting:hemmelig@mail.example".parse().expect("SMTP URL"));
        let mailer = Mailer::from_config(&config).expect("mailer");
        assert_eq!(mailer.describe(), "SMTP at mail.example:465 (TLS)");
        assert!(!format!("{mailer:?}").contains("hemmelig"));
        assert!(!format!("{:?}", sign_in_mail()).contains("token"));
    }

    #[test]
    fn a_bad_sender_is_a_configuration_error() {
        let mut config = Config::with_data_dir(PathBuf::from("unused"));
        config.mail_from = "not an address".into();
        assert!(Mailer::from_config(&config).is_err());
    }
}
