//! The notice to a person's old e-mail address when an administrator replaces it.
//!
//! An e-mail address is the key to an account (sign-in links go there), so replacing it is the one change a
//! takeover needs. The old address is therefore told at once, in the person's language, with the new address
//! and who to contact; the same transaction ends every unused sign-in link, and the caller ends the person's
//! sessions once it has committed.

use legeting_i18n::args;
use sqlx::{Any, Transaction};

use crate::auth::tokens;
use crate::error::AppError;
use crate::mail::Mail;
use crate::outbox::i18n::{self, Key, Lang};
use crate::outbox::notify;
use crate::outbox::templates::{self, Content};
use crate::outbox::{self, Category, NewMail};
use crate::state::AppState;

/// Queue the notice to `old_email` and revoke the person's unused links, inside the change's transaction.
pub async fn address_changed(
    tx: &mut Transaction<'_, Any>,
    state: &AppState,
    municipality_id: &str,
    person_id: &str,
    old_email: &str,
    new_email: &str,
) -> Result<(), AppError> {
    let (name, language, chosen): (String, String, i64) =
        sqlx::query_as("SELECT name, language, language_chosen FROM people WHERE id = $1")
            .bind(person_id)
            .fetch_one(&mut **tx)
            .await?;
    let (municipality, written_standard): (String, String) =
        sqlx::query_as("SELECT name, written_standard FROM municipalities WHERE id = $1")
            .bind(municipality_id)
            .fetch_one(&mut **tx)
            .await?;
    let lang = i18n::reading_language(&language, chosen == 1, &written_standard);
    tokens::revoke_all_of(tx, person_id).await?;
    let mail = compose(lang, &name, old_email, new_email, &municipality, &state.config.effective_base_url());
    let new_mail = NewMail {
        dedupe_key: outbox::unique_key("address-changed"),
        category: Category::SignIn,
        municipality_id: Some(municipality_id.to_owned()),
        person_id: Some(person_id.to_owned()),
        meeting_id: None,
        schedule_id: None,
        mail,
        sensitive: false,
        skip_reason: None,
    };
    outbox::enqueue(tx, &new_mail, crate::db::now_ms()).await?;
    Ok(())
}

/// The notice itself (pure): plain text and HTML in the person's language.
pub fn compose(lang: Lang, name: &str, old_email: &str, new_email: &str, municipality: &str, base_url: &str) -> Mail {
    let subject = Key::MailAddressChangedSubject.text(lang);
    let greeting = notify::greeting(lang, name);
    let mut content = Content::new(lang, subject.to_owned(), municipality.to_owned(), subject.to_owned(), greeting);
    let change = args([("municipality", municipality.into()), ("old", old_email.into()), ("new", new_email.into())]);
    content.paragraphs.push(Key::MailAddressChangedIntro.format(lang, &change));
    content.closing.push(Key::MailAddressChangedClosing.text(lang).to_owned());
    content.footer.push(Key::MailAddressChangedFooter.format(lang, &args([("url", base_url.into())])));
    let fallback = content.paragraphs.join("\n\n");
    templates::mail_to(&content, name, old_email, fallback)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::snapshot::{LANGUAGES, describe};

    #[test]
    fn the_notice_to_the_old_address_in_every_language() {
        for lang in LANGUAGES {
            let mail = compose(
                lang,
                "Kari Nordmann",
                "kari@old.test",
                "kari@new.test",
                "Bærum kommune",
                "https://legeting.example",
            );
            insta::assert_snapshot!(format!("address_changed_{}", lang.tag()), describe(&mail));
        }
    }

    #[test]
    fn the_old_address_is_told_the_new_one_in_the_persons_language() {
        let mail = compose(Lang::Nb, "Kari", "kari@old.test", "kari@new.test", "Bærum", "https://legeting.example");
        assert_eq!(mail.to_email, "kari@old.test");
        assert_eq!(mail.subject, "E-postadressen din i Legeting er endret");
        assert!(mail.text.contains("fra kari@old.test til kari@new.test"), "{}", mail.text);
        let english = compose(Lang::En, "Kari", "kari@old.test", "kari@new.test", "Bærum", "https://legeting.example");
        assert!(english.text.contains("signed out everywhere"), "{}", english.text);
        assert!(english.html.expect("HTML").contains("<html lang=\"en\">"));
    }
}
