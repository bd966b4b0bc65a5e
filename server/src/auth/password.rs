//! Password hashing with argon2id. Hashing is deliberately slow, so it runs on the blocking thread pool.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::rngs::OsRng;

use crate::error::FieldError;

/// A new password: at least 10 characters, at most 200.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;

    pub fn parse(value: &str) -> Result<NewPassword, FieldError> {
        let chars = value.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(FieldError::new("password", "password_too_short", "the password needs at least 10 characters"));
        }
        if chars > 200 {
            return Err(FieldError::new("password", "password_too_long", "the password is longer than 200 characters"));
        }
        Ok(NewPassword(value.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// Hash a new password (argon2id, the crate's recommended parameters, a random salt).
pub async fn hash(password: &NewPassword) -> anyhow::Result<String> {
    let password = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| anyhow::anyhow!("could not hash a password: {error}"))
    })
    .await?
}

/// Whether `password` matches the stored hash. A malformed hash never matches.
pub async fn verify(password: &str, stored_hash: &str) -> bool {
    let password = password.to_owned();
    let stored_hash = stored_hash.to_owned();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored_hash)
            .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// A hash of a random password, verified against when the account does not exist, so that a login attempt
/// takes as long whether or not the e-mail address is known.
pub async fn dummy_verify(password: &str) {
    const DUMMY: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$4T4QHbqjbvyWBzpShQR7y4sQ0JCnrwhx2p0Y4SG2tTE";
    let _never = verify(password, DUMMY).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let password = NewPassword::parse("korrekt-hest-batteri").expect("long enough");
        let hash = hash(&password).await.expect("hashes");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify("korrekt-hest-batteri", &hash).await);
        assert!(!verify("feil-passord-her", &hash).await);
        assert!(!verify("korrekt-hest-batteri", "not a hash").await);
    }

    #[test]
    fn passwords_need_ten_characters_and_never_print() {
        assert!(NewPassword::parse("kort").is_err());
        let password = NewPassword::parse("lang-nok-passord").expect("long enough");
        assert_eq!(format!("{password:?}"), "NewPassword(***)");
    }
}
