//! The servers' log output, captured for checking that no secret is ever written to it.
//!
//! Every test server in this process logs through one `tracing` subscriber ([`init`]), which writes to two
//! places: stderr, filtered by `LEGETING_TEST_LOG` (default `warn`) as before, and an in-memory buffer that
//! takes everything our code and the HTTP layer log down to DEBUG/TRACE ([`CAPTURE_FILTER`]), so a secret
//! logged at any level is caught. [`assert_not_logged`] looks for secrets in it; [`crate::TestApp`] does so
//! for every link it mailed when it is dropped, so every test checks the tokens it handed out.
//!
//! The buffer is shared by the tests of the process (their servers run in one process with one global
//! subscriber). Tokens are random, so finding one anywhere in it is a leak, whichever test caused it.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer as _;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// What the buffer takes: everything from our crate and the HTTP layers, warnings from the rest.
pub const CAPTURE_FILTER: &str = "warn,legeting=trace,tower_http=trace,axum=trace";

static BUFFER: OnceLock<Buffer> = OnceLock::new();

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match self.0.lock() {
            Ok(mut buffer) => buffer.extend_from_slice(bytes),
            Err(poisoned) => poisoned.into_inner().extend_from_slice(bytes),
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Install the process's subscriber (once; later calls do nothing): stderr as `LEGETING_TEST_LOG` says, and
/// the capture buffer.
pub fn init() {
    let buffer = BUFFER.get_or_init(Buffer::default).clone();
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let stderr_filter = std::env::var("LEGETING_TEST_LOG").unwrap_or_else(|_| "warn".into());
        let stderr = tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_filter(EnvFilter::try_new(&stderr_filter).unwrap_or_else(|_| EnvFilter::new("warn")));
        let captured = tracing_subscriber::fmt::layer()
            .with_writer(buffer)
            .with_ansi(false)
            .with_filter(EnvFilter::new(CAPTURE_FILTER));
        // Another subscriber may be installed already (a test that set one up itself); then nothing is captured
        // here, and `assert_not_logged` says so rather than passing without looking.
        let _already_installed = tracing_subscriber::registry().with(stderr).with(captured).try_init();
    });
}

/// Everything captured so far, as text.
pub fn captured() -> String {
    with_captured(str::to_owned)
}

/// Look at the captured text without copying it.
fn with_captured<T>(look: impl FnOnce(&str) -> T) -> T {
    let Some(buffer) = BUFFER.get() else { return look("") };
    let bytes = match buffer.0.lock() {
        Ok(bytes) => bytes,
        Err(poisoned) => poisoned.into_inner(),
    };
    look(&String::from_utf8_lossy(&bytes))
}

/// Panic if any of `secrets` (or any sizeable part of one) appears in the captured log. Secrets shorter than
/// 16 characters are refused: they could appear by chance.
pub fn assert_not_logged<S: AsRef<str>>(secrets: &[S]) {
    for secret in secrets {
        let secret = secret.as_ref();
        assert!(secret.len() >= 16, "{secret:?} is too short to look for");
    }
    let leak = with_captured(|log| {
        assert!(!log.is_empty(), "nothing was captured: the capture subscriber is not installed");
        // A JWT's parts, or the token itself: no part of a secret may be logged.
        let mut parts = secrets.iter().flat_map(|secret| secret.as_ref().split('.')).filter(|part| part.len() >= 16);
        parts.find_map(|part| {
            let at = log.find(part)?;
            let line_start = log[..at].rfind('\n').map_or(0, |i| i + 1);
            let line_end = log[at..].find('\n').map_or(log.len(), |i| at + i);
            Some(log[line_start..line_end].to_owned())
        })
    });
    if let Some(line) = leak {
        panic!("a secret was logged: {line}");
    }
}

/// The secrets in an e-mail text: every `token=…` value and every `/unsubscribe/…` or `/calendar/feed/…` path
/// segment.
pub fn secrets_in(text: &str) -> Vec<String> {
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || "-_.".contains(c);
    let mut secrets = Vec::new();
    for marker in ["token=", "/unsubscribe/", "/calendar/feed/"] {
        let mut rest = text;
        while let Some(at) = rest.find(marker) {
            rest = &rest[at + marker.len()..];
            let token: String = rest.chars().take_while(|c| is_token_char(*c)).collect();
            let token = token.trim_end_matches('.').to_owned();
            if token.len() >= 16 {
                secrets.push(token);
            }
        }
    }
    secrets.sort();
    secrets.dedup();
    secrets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_found_in_links() {
        let text = "Sign in: http://x/innlogging/lenke?token=0123456789abcdef0123 \n\
                    Unsubscribe: <http://x/api/unsubscribe/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl>.";
        assert_eq!(
            secrets_in(text),
            vec!["0123456789abcdef0123".to_owned(), "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl".to_owned()]
        );
        assert!(secrets_in("token=short").is_empty());
    }
}
