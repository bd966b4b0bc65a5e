//! Typed configuration: every setting, its environment variable and its default, in one place.
//!
//! The server runs with no configuration at all: it listens on `127.0.0.1:8080` and keeps an SQLite
//! database under `./data/`. The README's configuration table mirrors this file; keep them in step.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use clap::Args;

/// All settings of a Legeting server. Built from CLI flags and environment variables by clap, or directly in
/// tests with [`Config::for_tests`]-style struct literals.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "LEGETING_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Database URL: `sqlite://path/to/file.db` or `postgres://user:pass@host/db`.
    /// Default: an SQLite file `legeting.db` in the data directory, created on first start.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<DatabaseUrl>,

    /// The public address people reach the server at, used in links in e-mails and calendar files.
    /// Default: `http://` followed by the bind address.
    #[arg(long, env = "LEGETING_BASE_URL")]
    pub base_url: Option<String>,

    /// Directory for the SQLite database, the file mail outbox and uploaded documents.
    #[arg(long, env = "LEGETING_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Directory with the built web app (`index.html`, `pkg/`, `css/`), made by `cargo xtask`.
    #[arg(long, env = "LEGETING_ASSETS_DIR", default_value = "frontend/dist")]
    pub assets_dir: PathBuf,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "LEGETING_MAX_BODY_BYTES", default_value_t = 2 * 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Largest number of pooled database connections.
    #[arg(long, env = "LEGETING_DB_MAX_CONNECTIONS", default_value_t = 10)]
    pub db_max_connections: u32,

    /// How long to keep trying to get a database connection before giving up, in seconds.
    #[arg(long, env = "LEGETING_DB_CONNECT_TIMEOUT_SECS", default_value_t = 10)]
    pub db_connect_timeout_secs: u64,

    /// SMTP server for outgoing mail, e.g. `smtp://127.0.0.1:2525` or `smtps://user:pass@mail.example`.
    /// Unset: mail is written as `.eml` files to `<data dir>/outbox`, so no mail server is needed.
    #[arg(long, env = "LEGETING_SMTP_URL")]
    pub smtp_url: Option<SecretUrl>,

    /// The sender address of every e-mail. Meeting mail shows the municipality's name as the sender's name.
    #[arg(long, env = "LEGETING_MAIL_FROM", default_value = "legeting@localhost")]
    pub mail_from: String,

    /// Run the mail worker in this instance: it sends the outbox and makes reminders. Any number of instances
    /// may run it; each mail is claimed by one.
    #[arg(long, env = "LEGETING_MAIL_WORKER", default_value_t = true, action = clap::ArgAction::Set)]
    pub mail_worker: bool,

    /// How often the mail worker looks for due mail and reminders, in seconds (it also wakes at once when
    /// mail is queued by this instance).
    #[arg(long, env = "LEGETING_MAIL_POLL_SECS", default_value_t = 5)]
    pub mail_poll_secs: u64,

    /// How many times a mail is tried before it is marked as failed.
    #[arg(long, env = "LEGETING_MAIL_MAX_ATTEMPTS", default_value_t = 12)]
    pub mail_max_attempts: u32,

    /// Seconds before the first retry of a mail that could not be sent; the wait doubles with every further
    /// attempt, up to two hours.
    #[arg(long, env = "LEGETING_MAIL_RETRY_SECS", default_value_t = 30)]
    pub mail_retry_secs: u64,

    /// Dates (`MM-DD`, comma-separated) on which GPs who have not met this year's meeting obligation get a
    /// reminder; empty for none.
    #[arg(long, env = "LEGETING_OBLIGATION_NUDGES", default_value = "09-01,11-01")]
    pub obligation_nudges: String,

    /// The day of the month (1–28) on which everyone gets the monthly digest of their meetings, action items
    /// and the month's letters; 0 for none.
    #[arg(long, env = "LEGETING_DIGEST_DAY", default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=28))]
    pub digest_day: u32,

    /// Key that signs session tokens and e-mail links. Unset: a random key is made on first start and kept
    /// in the database, so every instance on the same database shares it.
    #[arg(long, env = "LEGETING_SECRET_KEY")]
    pub secret_key: Option<SecretUrl>,

    /// Reverse proxies whose `X-Forwarded-For` is believed: comma-separated addresses or CIDR ranges, e.g.
    /// `10.0.0.0/8,127.0.0.1`. The client address is then the right-most forwarded address that is not one
    /// of them. Empty (the default): the peer address of the connection, and the header is ignored.
    #[arg(long, env = "LEGETING_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: TrustedProxies,

    /// Send `Strict-Transport-Security: max-age=<seconds>` with every response. Unset (the default): no
    /// HSTS header. Only set it when the server is reached over https only.
    #[arg(long = "hsts", env = "LEGETING_HSTS")]
    pub hsts_max_age_secs: Option<u64>,

    /// Time in a meeting's live room that counts as being present remotely, in seconds.
    #[arg(long, env = "LEGETING_LIVE_PRESENCE_MINIMUM_SECS", default_value_t = 600)]
    pub live_presence_minimum_secs: u64,

    /// Live-room commands (posts, hands, votes, …) one connection may send at once before it must slow down.
    #[arg(long, env = "LEGETING_LIVE_COMMAND_BURST", default_value_t = 20)]
    pub live_command_burst: u32,

    /// Live-room commands one connection may send per minute, after the burst.
    #[arg(long, env = "LEGETING_LIVE_COMMANDS_PER_MINUTE", default_value_t = 120)]
    pub live_commands_per_minute: u32,

    /// How often an open live-room connection re-checks its session and meeting access, in seconds (it also
    /// re-checks at once when this instance, or another on the same PostgreSQL, signs someone out or changes roles).
    #[arg(long, env = "LEGETING_LIVE_RECHECK_SECS", default_value_t = 5)]
    pub live_recheck_secs: u64,

    #[command(flatten)]
    pub log: LogConfig,
}

/// Logging settings.
#[derive(Debug, Clone, Args)]
pub struct LogConfig {
    /// Log filter in `tracing` syntax, e.g. `info` or `legeting=debug,tower_http=debug`.
    #[arg(long = "log", env = "LEGETING_LOG", default_value = "info,sqlx=warn")]
    pub filter: String,

    /// Log format: `text` for people, `json` for log collectors.
    #[arg(long = "log-format", env = "LEGETING_LOG_FORMAT", default_value = "text")]
    pub format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    /// A configuration with every default, rooted at `data_dir`. Used by tests and tools that build a
    /// configuration without parsing a command line.
    pub fn with_data_dir(data_dir: PathBuf) -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: None,
            base_url: None,
            data_dir,
            assets_dir: PathBuf::from("frontend/dist"),
            max_body_bytes: 2 * 1024 * 1024,
            db_max_connections: 10,
            db_connect_timeout_secs: 10,
            smtp_url: None,
            mail_from: "legeting@localhost".into(),
            mail_worker: true,
            mail_poll_secs: 5,
            mail_max_attempts: 12,
            mail_retry_secs: 30,
            obligation_nudges: "09-01,11-01".into(),
            digest_day: 1,
            secret_key: None,
            trusted_proxies: TrustedProxies::default(),
            hsts_max_age_secs: None,
            live_presence_minimum_secs: 600,
            live_command_burst: 20,
            live_commands_per_minute: 120,
            live_recheck_secs: 5,
            log: LogConfig { filter: "info,sqlx=warn".into(), format: LogFormat::Text },
        }
    }

    /// The database URL in force: the configured one, or the SQLite file in the data directory.
    pub fn effective_database_url(&self) -> DatabaseUrl {
        match &self.database_url {
            Some(url) => url.clone(),
            None => {
                let path = self.data_dir.join("legeting.db");
                DatabaseUrl(format!("sqlite://{}?mode=rwc", path.display()))
            }
        }
    }

    /// Whether people reach the server over https (then cookies are `Secure`).
    pub fn is_https(&self) -> bool {
        self.effective_base_url().to_ascii_lowercase().starts_with("https://")
    }

    /// The public base URL without a trailing slash.
    pub fn effective_base_url(&self) -> String {
        match &self.base_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.bind),
        }
    }
}

/// The reverse proxies whose `X-Forwarded-For` header is believed (`LEGETING_TRUSTED_PROXIES`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<ipnet::IpNet>);

impl TrustedProxies {
    /// Whether `address` is one of the trusted proxies.
    pub fn contains(&self, address: &IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|net| net.contains(&address))
    }

    /// Whether any proxy is trusted at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::str::FromStr for TrustedProxies {
    type Err = String;

    /// Comma-separated CIDR ranges (`10.0.0.0/8`, `fd00::/8`) or single addresses (`127.0.0.1`).
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let mut nets = Vec::new();
        for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let net = match part.parse::<ipnet::IpNet>() {
                Ok(net) => net,
                Err(_) => match part.parse::<IpAddr>() {
                    Ok(address) => ipnet::IpNet::from(address),
                    Err(_) => return Err(format!("{part:?} is neither an IP address nor a CIDR range")),
                },
            };
            nets.push(net.trunc());
        }
        Ok(TrustedProxies(nets))
    }
}

/// A database URL. It may hold a password, so `Debug` and `Display` show it with the password masked.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// The full URL, password included: only for handing to the database driver.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether this URL points at PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.0.starts_with("postgres://") || self.0.starts_with("postgresql://")
    }

    /// Whether this URL points at SQLite.
    pub fn is_sqlite(&self) -> bool {
        self.0.starts_with("sqlite:")
    }

    fn masked(&self) -> String {
        // `scheme://user:password@host` → `scheme://user:***@host`
        let Some((scheme, rest)) = self.0.split_once("://") else { return self.0.clone() };
        let Some((credentials, host)) = rest.rsplit_once('@') else { return self.0.clone() };
        match credentials.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
            None => self.0.clone(),
        }
    }
}

impl std::str::FromStr for DatabaseUrl {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let url = DatabaseUrl(value.trim().to_owned());
        if url.is_postgres() || url.is_sqlite() {
            Ok(url)
        } else {
            Err("expected a URL starting with sqlite:// or postgres://".to_owned())
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.masked())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// A secret setting (an SMTP URL with credentials, a signing key): `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUrl(String);

impl SecretUrl {
    /// The secret itself: only for handing to the library that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for SecretUrl {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        if value.trim().is_empty() { Err("must not be empty".into()) } else { Ok(SecretUrl(value.trim().to_owned())) }
    }
}

impl fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretUrl(***)")
    }
}

impl fmt::Display for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_url_never_prints_its_password() {
        let url: DatabaseUrl = "postgres://legeting:hemmelig@db.example/legeting".parse().expect("valid");
        assert_eq!(url.to_string(), "postgres://legeting:***@db.example/legeting");
        assert!(!format!("{url:?}").contains("hemmelig"));
        assert_eq!(url.expose(), "postgres://legeting:hemmelig@db.example/legeting");
    }

    #[test]
    fn database_url_rejects_unknown_schemes() {
        assert!("mysql://localhost/x".parse::<DatabaseUrl>().is_err());
    }

    #[test]
    fn trusted_proxies_are_addresses_and_ranges() {
        let proxies: TrustedProxies = " 10.0.0.0/8, 127.0.0.1 ,fd00::/8".parse().expect("valid");
        assert!(proxies.contains(&"10.20.30.40".parse().expect("ip")));
        assert!(proxies.contains(&"127.0.0.1".parse().expect("ip")));
        assert!(!proxies.contains(&"127.0.0.2".parse().expect("ip")));
        assert!(proxies.contains(&"fd12::1".parse().expect("ip")));
        // An IPv4 peer seen on an IPv6 socket is the same address.
        assert!(proxies.contains(&"::ffff:10.1.2.3".parse().expect("ip")));
        assert!(!proxies.contains(&"192.168.1.1".parse().expect("ip")));
        assert!("".parse::<TrustedProxies>().expect("empty is valid").is_empty());
        let error = "10.0.0.0/33".parse::<TrustedProxies>().expect_err("invalid");
        assert!(error.contains("10.0.0.0/33"), "{error}");
        assert!("proxy.example".parse::<TrustedProxies>().is_err());
    }

    #[test]
    fn defaults_put_sqlite_in_the_data_dir() {
        let config = Config::with_data_dir(PathBuf::from("/var/lib/legeting"));
        assert_eq!(config.effective_database_url().expose(), "sqlite:///var/lib/legeting/legeting.db?mode=rwc");
        assert_eq!(config.effective_base_url(), "http://127.0.0.1:8080");
    }
}
