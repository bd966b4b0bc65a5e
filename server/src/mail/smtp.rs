//! Turning `LEGETING_SMTP_URL` into a lettre SMTP transport, and into a description without secrets.
//!
//! Accepted forms (the port is optional; the default follows the scheme):
//! - `smtp://host:port`: plain SMTP, no TLS (port 25). Only for a relay on loopback or in development, so
//!   credentials are refused here: they would cross the network in clear text.
//! - `smtp+starttls://user:pass@host:port` or `smtp://…?tls=required`: STARTTLS, required (port 587).
//! - `smtp://…?tls=opportunistic`: STARTTLS when the server offers it (port 587). Weak; prefer `required`.
//! - `smtps://user:pass@host:port`: TLS from the first byte (port 465).
//!
//! lettre's [`AsyncSmtpTransport::from_url`] does the parsing (credentials are percent-decoded, a path sets the
//! EHLO name); this module only checks the scheme, rewrites `smtp+starttls://` into lettre's
//! `smtp://…?tls=required`, and extracts host and port for the log.

use anyhow::{Context as _, bail};
use lettre::{AsyncSmtpTransport, Tokio1Executor};

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Security {
    /// No TLS at all.
    Plain,
    /// STARTTLS, and fail when the server does not offer it.
    StartTls,
    /// STARTTLS when offered, clear text otherwise.
    Opportunistic,
    /// TLS from the first byte (`smtps`).
    Tls,
}

impl Security {
    fn default_port(self) -> u16 {
        match self {
            Security::Plain => 25,
            Security::StartTls | Security::Opportunistic => 587,
            Security::Tls => 465,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Security::Plain => "no TLS",
            Security::StartTls => "STARTTLS",
            Security::Opportunistic => "opportunistic STARTTLS",
            Security::Tls => "TLS",
        }
    }
}

/// An SMTP URL taken apart: what lettre gets, and what may be shown.
#[derive(PartialEq, Eq)]
pub(super) struct SmtpUrl {
    /// The URL in the form lettre's `from_url` understands. Holds the password: never print it.
    lettre_url: String,
    pub(super) host: String,
    pub(super) port: u16,
    pub(super) security: Security,
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl SmtpUrl {
    /// Parses and checks an SMTP URL. Error messages never contain the URL itself (it may hold a password).
    pub(super) fn parse(url: &str) -> anyhow::Result<SmtpUrl> {
        let Some((scheme, rest)) = url.split_once("://") else {
            bail!("the SMTP URL must look like smtp://host:port or smtps://user:password@host");
        };
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let (credentials, host_port) = match authority.rsplit_once('@') {
            Some((credentials, host_port)) => (Some(credentials), host_port),
            None => (None, authority),
        };
        let tls_param = query_value(tail, "tls");

        let (security, lettre_url) = match scheme.to_ascii_lowercase().as_str() {
            "smtp" => match tls_param {
                None => (Security::Plain, url.to_owned()),
                Some("required") => (Security::StartTls, url.to_owned()),
                Some("opportunistic") => (Security::Opportunistic, url.to_owned()),
                Some(other) => bail!("unknown tls={other} in the SMTP URL: use tls=required or tls=opportunistic"),
            },
            "smtp+starttls" => {
                if tls_param.is_some() {
                    bail!("smtp+starttls:// already means STARTTLS: drop the tls= parameter from the SMTP URL");
                }
                let separator = if tail.contains('?') { '&' } else { '?' };
                (Security::StartTls, format!("smtp://{rest}{separator}tls=required"))
            }
            "smtps" => (Security::Tls, url.to_owned()),
            other => bail!("unsupported SMTP URL scheme `{other}`: use smtp://, smtp+starttls:// or smtps://"),
        };
        if security == Security::Plain && credentials.is_some() {
            bail!(
                "the SMTP URL has credentials but no TLS, so the password would be sent in clear text: \
                 use smtps:// or smtp+starttls://"
            );
        }

        let (host, port) = split_host_port(host_port)?;
        if host.is_empty() {
            bail!("the SMTP URL has no host");
        }
        Ok(SmtpUrl {
            lettre_url,
            host: host.to_owned(),
            port: port.unwrap_or_else(|| security.default_port()),
            security,
        })
    }

    /// "SMTP at host:port (TLS)": for the log, without credentials.
    pub(super) fn describe(&self) -> String {
        format!("SMTP at {}:{} ({})", self.host, self.port, self.security.label())
    }

    /// The lettre transport for this URL. Needs no running runtime (the `pool` feature is off).
    pub(super) fn transport(&self) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
        if self.security == Security::Plain {
            // No TLS and no credentials: exactly `builder_dangerous(host).port(port)`, as `from_url` would do,
            // but kept explicit so a dev relay never depends on URL subtleties.
            let host = self.host.trim_start_matches('[').trim_end_matches(']');
            return Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(self.port).build());
        }
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(&self.lettre_url)
            .with_context(|| format!("invalid SMTP URL for {}", self.describe()))?;
        Ok(builder.port(self.port).build())
    }
}

/// The value of `key` in the query of `tail` (`/path?a=b&c=d#frag`), if present.
fn query_value<'a>(tail: &'a str, key: &str) -> Option<&'a str> {
    let query = tail.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query.split('&').find_map(|pair| match pair.split_once('=') {
        Some((k, v)) if k == key => Some(v),
        _ => None,
    })
}

/// Splits `host`, `host:port`, `[v6]` or `[v6]:port`.
fn split_host_port(host_port: &str) -> anyhow::Result<(&str, Option<u16>)> {
    let (host, port) = if host_port.starts_with('[') {
        match host_port.find(']') {
            Some(end) => {
                let (host, after) = host_port.split_at(end + 1);
                (host, after.strip_prefix(':'))
            }
            None => bail!("the SMTP URL has an unterminated IPv6 address"),
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    let port = match port {
        Some(port) => Some(port.parse::<u16>().context("the port in the SMTP URL is not a number from 0 to 65535")?),
        None => None,
    };
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> SmtpUrl {
        SmtpUrl::parse(url).expect("valid SMTP URL")
    }

    #[test]
    fn plain_smtp_with_port() {
        let url = parse("smtp://127.0.0.1:2525");
        assert_eq!((url.host.as_str(), url.port, url.security), ("127.0.0.1", 2525, Security::Plain));
        assert_eq!(url.describe(), "SMTP at 127.0.0.1:2525 (no TLS)");
        url.transport().expect("transport");
    }

    #[test]
    fn default_ports_follow_the_scheme() {
        assert_eq!(parse("smtp://localhost").port, 25);
        assert_eq!(parse("smtps://u:p@mail.example").port, 465);
        assert_eq!(parse("smtp+starttls://u:p@mail.example").port, 587);
        assert_eq!(parse("smtp://u:p@mail.example?tls=required").port, 587);
    }

    #[test]
    fn starttls_is_rewritten_for_lettre() {
        let url = parse("smtp+starttls://user:pa%40ss@mail.example:2587/ehlo.example");
        assert_eq!(url.security, Security::StartTls);
        assert_eq!(url.lettre_url, "smtp://user:pa%40ss@mail.example:2587/ehlo.example?tls=required");
        url.transport().expect("transport");
    }

    #[test]
    fn smtps_and_tls_parameters_build_transports() {
        for url in [
            "smtps://user:secret@mail.example",
            "smtps://mail.example:1465",
            "smtp://user:secret@mail.example:587?tls=required",
            "smtp://mail.example?tls=opportunistic",
        ] {
            parse(url).transport().expect(url);
        }
    }

    #[test]
    fn descriptions_and_errors_never_show_the_password() {
        let url = parse("smtps://legeting:hemmelig@mail.example:465");
        assert_eq!(url.describe(), "SMTP at mail.example:465 (TLS)");
        assert!(!format!("{url:?}").contains("hemmelig"));
        for bad in [
            "smtp://legeting:hemmelig@mail.example",
            "smtp://legeting:hemmelig@mail.example?tls=sometimes",
            "http://legeting:hemmelig@mail.example",
            "smtps://legeting:hemmelig@mail.example:port",
        ] {
            let error = format!("{:#}", SmtpUrl::parse(bad).expect_err(bad));
            assert!(!error.contains("hemmelig"), "{error}");
        }
    }

    #[test]
    fn ipv6_hosts() {
        let url = parse("smtp://[::1]:2525");
        assert_eq!((url.host.as_str(), url.port), ("[::1]", 2525));
        url.transport().expect("transport");
    }

    #[test]
    fn rejects_nonsense() {
        assert!(SmtpUrl::parse("mail.example:25").is_err());
        assert!(SmtpUrl::parse("smtp://:25").is_err());
        assert!(SmtpUrl::parse("smtp+starttls://mail.example?tls=required").is_err());
    }
}
