//! The keys that sign session tokens and e-mail links, made from `LEGETING_SECRET_KEY` or from a secret kept
//! once in the `settings` table (so every instance on one database signs alike). Low in the layers: the
//! application state holds them; sessions (`crate::auth::session`) and e-mail links (`crate::outbox::links`)
//! use them.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::Serialize;

use crate::db::{Database, now_ms};

/// The keys that sign and check session tokens, and (with a key of their own, derived from the same secret)
/// the links in e-mails: one-click answers and unsubscribe links.
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    links_encoding: EncodingKey,
    links_decoding: DecodingKey,
}

impl Keys {
    pub fn new(secret: &[u8]) -> Keys {
        use sha2::{Digest, Sha256};
        // A separate key for e-mail links, so that no link token can ever pass as a session token or back.
        let mut links = Sha256::new();
        links.update(b"legeting e-mail links\0");
        links.update(secret);
        let links = links.finalize();
        Keys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            links_encoding: EncodingKey::from_secret(&links),
            links_decoding: DecodingKey::from_secret(&links),
        }
    }

    /// Sign the claims of an e-mail link (HS256). The claims must hold `aud` (what the link is for) and `exp`.
    pub fn sign_link<T: Serialize>(&self, claims: &T) -> Result<String, jsonwebtoken::errors::Error> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.links_encoding)
    }

    /// Check an e-mail link's signature, expiry (no leeway) and audience, and return its claims.
    pub fn verify_link<T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        audience: &str,
    ) -> Result<T, jsonwebtoken::errors::Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "aud"]);
        jsonwebtoken::decode::<T>(token, &self.links_decoding, &validation).map(|data| data.claims)
    }

    /// The key that signs session tokens (only `crate::auth::session` uses it).
    pub(crate) fn session_encoding(&self) -> &EncodingKey {
        &self.encoding
    }

    /// The key that checks session tokens (only `crate::auth::session` uses it).
    pub(crate) fn session_decoding(&self) -> &DecodingKey {
        &self.decoding
    }
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(***)")
    }
}

/// The signing key: from the configuration, or made once and kept in the `settings` table so that every
/// instance on the same database signs alike.
pub async fn load_keys(database: &Database, configured: Option<&str>) -> anyhow::Result<Keys> {
    if let Some(secret) = configured {
        check_secret_key(secret)?;
        return Ok(Keys::new(secret.as_bytes()));
    }
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    sqlx::query(
        "INSERT INTO settings (key, value, updated_at) VALUES ('secret_key', $1, $2) ON CONFLICT (key) DO NOTHING",
    )
    .bind(hex::encode(bytes))
    .bind(now_ms())
    .execute(database.pool())
    .await?;
    let secret: String =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = 'secret_key'").fetch_one(database.pool()).await?;
    Ok(Keys::new(secret.as_bytes()))
}

/// The shortest `LEGETING_SECRET_KEY` accepted: 32 bytes, the size of the HS256 key it becomes (RFC 7518,
/// section 3.2), so a key cannot be guessed more easily than the signature forged.
pub const SECRET_KEY_MIN_BYTES: usize = 32;

/// Refuse a configured secret key that is too short, in one line that says what to do (and not the key).
pub fn check_secret_key(secret: &str) -> anyhow::Result<()> {
    if secret.len() < SECRET_KEY_MIN_BYTES {
        anyhow::bail!(
            "LEGETING_SECRET_KEY is {} bytes long; it must be at least {SECRET_KEY_MIN_BYTES} (e.g. `openssl rand -hex 32`)",
            secret.len()
        );
    }
    Ok(())
}
