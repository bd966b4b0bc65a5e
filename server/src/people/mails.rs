//! The texts of sign-in e-mails, in the recipient's language (bokmål unless they chose English), rendered
//! with the mail templates (`crate::outbox::templates`) as plain text and HTML. They are transactional: they go
//! through the outbox at once (`crate::outbox::send_now`) and are blanked from it once sent.

use crate::mail::Mail;
use crate::outbox::i18n::Lang;
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
    let lang = Lang::parse(language);
    let (subject, intro, button, closing) = match (kind, lang) {
        (Kind::MagicLink, Lang::Nb) => (
            "Innloggingslenke til Legeting",
            "Bruk denne lenken for å logge inn i Legeting. Den virker én gang og i 30 minutter.",
            "Logg inn",
            "Har du ikke bedt om dette, kan du se bort fra e-posten.",
        ),
        (Kind::MagicLink, Lang::En) => (
            "Your sign-in link for Legeting",
            "Use this link to sign in to Legeting. It works once, for 30 minutes.",
            "Sign in",
            "If you did not ask for it, you can ignore this e-mail.",
        ),
        (Kind::PasswordReset, Lang::Nb) => (
            "Nytt passord i Legeting",
            "Bruk denne lenken for å velge nytt passord. Den virker én gang og i 60 minutter.",
            "Velg nytt passord",
            "Har du ikke bedt om dette, kan du se bort fra e-posten. Passordet ditt er ikke endret.",
        ),
        (Kind::PasswordReset, Lang::En) => (
            "Choose a new password for Legeting",
            "Use this link to choose a new password. It works once, for 60 minutes.",
            "Choose a new password",
            "If you did not ask for it, you can ignore this e-mail; your password has not changed.",
        ),
        (Kind::Invitation, Lang::Nb) => (
            "Du er invitert til Legeting",
            "Du er invitert til Legeting, der kommunen og fastlegene samarbeider om utvalg og møter. Følg lenken for å \
             komme i gang. Du kan velge passord, eller logge inn med lenker på e-post. Lenken virker i 14 dager.",
            "Kom i gang",
            "",
        ),
        (Kind::Invitation, Lang::En) => (
            "You are invited to Legeting",
            "You are invited to Legeting, where the municipality and its GPs work together in committees and \
             meetings. Follow the link to get started. You can choose a password, or sign in with links by e-mail. \
             The link works for 14 days.",
            "Get started",
            "",
        ),
    };
    let greeting = match lang {
        Lang::Nb => format!("Hei {name}!"),
        Lang::En => format!("Hello {name},"),
    };
    let mut content = Content::new(lang, subject.to_owned(), "Legeting".to_owned(), subject.to_owned(), greeting);
    content.paragraphs.push(intro.to_owned());
    content.actions.push(Link { label: button.to_owned(), url: link.to_owned() });
    if !closing.is_empty() {
        content.closing.push(closing.to_owned());
    }
    content.footer.push(
        lang.pick(
            "Denne e-posten er sendt automatisk av Legeting. Lenken er personlig: ikke send den videre.",
            "This e-mail was sent automatically by Legeting. The link is personal: do not forward it.",
        )
        .to_owned(),
    );
    // Should the templates ever fail, the plain text still carries the link.
    let fallback = format!("{}\n\n{intro}\n\n{link}\n", content.greeting);
    templates::mail_to(&content, name, email, fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

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
