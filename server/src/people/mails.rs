//! The texts of sign-in e-mails, in the recipient's language (bokmål unless they chose English), rendered
//! with the mail templates (`crate::outbox::templates`) as plain text and HTML. They are transactional: they go
//! through the outbox at once (`crate::outbox::send_now`) and are blanked from it once sent.

use crate::mail::Mail;
use crate::outbox::i18n::{self, Key};
use crate::outbox::notify;
use crate::outbox::templates::{self, Content, Link};

/// Which sign-in e-mail to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    MagicLink,
    PasswordReset,
    Invitation,
}

/// Build the e-mail with `link` for a person: plain text and HTML from the mail templates.
pub fn build(kind: Kind, language: &str, name: &str, email: &str, link: &str) -> Mail {
    let lang = i18n::language(language);
    let (subject, intro, button, closing) = match kind {
        Kind::MagicLink => {
            (Key::MailSignInSubject, Key::MailSignInIntro, Key::MailSignInButton, Some(Key::MailSignInClosing))
        }
        Kind::PasswordReset => {
            (Key::MailResetSubject, Key::MailResetIntro, Key::MailResetButton, Some(Key::MailResetClosing))
        }
        Kind::Invitation => (Key::MailInvitationSubject, Key::MailInvitationIntro, Key::MailInvitationButton, None),
    };
    let (subject, intro, button) = (subject.text(lang), intro.text(lang), button.text(lang));
    let greeting = notify::greeting(lang, name);
    let mut content = Content::new(lang, subject.to_owned(), "Legeting".to_owned(), subject.to_owned(), greeting);
    content.paragraphs.push(intro.to_owned());
    content.actions.push(Link { label: button.to_owned(), url: link.to_owned() });
    if let Some(closing) = closing {
        content.closing.push(closing.text(lang).to_owned());
    }
    content.footer.push(Key::MailSignInFooter.text(lang).to_owned());
    // Should the templates ever fail, the plain text still carries the link.
    let fallback = format!("{}\n\n{intro}\n\n{link}\n", content.greeting);
    templates::mail_to(&content, name, email, fallback)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::snapshot::{LANGUAGES, describe};

    #[test]
    fn every_sign_in_mail_in_every_language() {
        for (name, kind) in
            [("magic_link", Kind::MagicLink), ("password_reset", Kind::PasswordReset), ("invitation", Kind::Invitation)]
        {
            for lang in LANGUAGES {
                let link = "https://legeting.example/innlogging/lenke?token=secret";
                let mail = build(kind, lang.tag(), "Kari Nordmann", "kari@lege.test", link);
                insta::assert_snapshot!(format!("{name}_{}", lang.tag()), describe(&mail));
            }
        }
    }

    #[test]
    fn sign_in_mails_put_the_link_first_in_the_text_and_have_html_in_the_language() {
        for (kind, language, subject) in [
            (Kind::MagicLink, "nb", "Innloggingslenke til Legeting"),
            (Kind::Invitation, "en", "You are invited to Legeting"),
            (Kind::PasswordReset, "nb", "Nytt passord i Legeting"),
        ] {
            let mail =
                build(kind, language, "Kari", "kari@lege.test", "https://legeting.example/innlogging/lenke?token=abc");
            assert_eq!(mail.subject, subject);
            let first = mail.text.find("http").expect("a link");
            assert!(
                mail.text[first..].starts_with("https://legeting.example/innlogging/lenke?token=abc\n"),
                "{}",
                mail.text
            );
            let html = mail.html.expect("HTML");
            assert!(html.contains(&format!("<html lang=\"{language}\">")));
            assert!(html.contains("href=\"https://legeting.example/innlogging/lenke?token=abc\""));
        }
    }
}
