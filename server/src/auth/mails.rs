//! The texts of sign-in e-mails, in the recipient's language (bokmål unless they chose English).
//! Richer templates (HTML, the municipality as sender) come with the e-mail module; these are plain text.

use crate::mail::Mail;

/// Which sign-in e-mail to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    MagicLink,
    PasswordReset,
    Invitation,
}

/// Build the e-mail with `link` for a person.
pub fn build(kind: Kind, language: &str, name: &str, email: &str, link: &str) -> Mail {
    let english = language == "en";
    let (subject, body) = match (kind, english) {
        (Kind::MagicLink, false) => (
            "Innloggingslenke til Legeting",
            format!(
                "Hei {name}!\n\nBruk denne lenken for å logge inn i Legeting. Den virker én gang og i 30 minutter:\n\n{link}\n\nHar du ikke bedt om dette, kan du se bort fra e-posten.\n"
            ),
        ),
        (Kind::MagicLink, true) => (
            "Your sign-in link for Legeting",
            format!(
                "Hello {name},\n\nUse this link to sign in to Legeting. It works once, for 30 minutes:\n\n{link}\n\nIf you did not ask for it, you can ignore this e-mail.\n"
            ),
        ),
        (Kind::PasswordReset, false) => (
            "Nytt passord i Legeting",
            format!(
                "Hei {name}!\n\nBruk denne lenken for å velge nytt passord. Den virker én gang og i 60 minutter:\n\n{link}\n\nHar du ikke bedt om dette, kan du se bort fra e-posten. Passordet ditt er ikke endret.\n"
            ),
        ),
        (Kind::PasswordReset, true) => (
            "Choose a new password for Legeting",
            format!(
                "Hello {name},\n\nUse this link to choose a new password. It works once, for 60 minutes:\n\n{link}\n\nIf you did not ask for it, you can ignore this e-mail; your password has not changed.\n"
            ),
        ),
        (Kind::Invitation, false) => (
            "Du er invitert til Legeting",
            format!(
                "Hei {name}!\n\nDu er invitert til Legeting, der kommunen og fastlegene samarbeider om utvalg og møter.\nFølg lenken for å komme i gang. Du kan velge passord, eller logge inn med lenker på e-post. Lenken virker i 14 dager:\n\n{link}\n"
            ),
        ),
        (Kind::Invitation, true) => (
            "You are invited to Legeting",
            format!(
                "Hello {name},\n\nYou are invited to Legeting, where the municipality and its GPs work together in committees and meetings.\nFollow the link to get started. You can choose a password, or sign in with links by e-mail. The link works for 14 days:\n\n{link}\n"
            ),
        ),
    };
    Mail {
        to_name: name.to_owned(),
        to_email: email.to_owned(),
        subject: subject.to_owned(),
        text: body,
        html: None,
        reply_to: None,
    }
}
