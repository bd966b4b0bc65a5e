//! One-click answers and unsubscribe links from e-mails, mail preferences and the outbox overview.

use crate::api::Json;
use crate::ids::{MunicipalityId, Token};

crate::api::endpoint! {
    "mail";

    /// What a one-click answer link from an e-mail would do. Records nothing (mail scanners open links).
    RsvpLink = GET "/rsvp-links/{token}", id "rsvp_link",
        params Token,
        reply Json<crate::mail::RsvpLink>,
        status 200,
        errors [404 "Unknown, forged or expired link"];
    /// Record the answer of a one-click link (no sign-in; the token is the credential). Notice of absence needs
    /// a reason. Until the meeting starts.
    AnswerByLink = POST "/rsvp-links/{token}", id "answer_by_link",
        params Token,
        body Json<crate::mail::RsvpLinkInput>,
        reply Json<crate::mail::RsvpLink>,
        status 200,
        errors [404 "Unknown, forged or expired link", 409 "The meeting has started, moved or been cancelled", 422];
    /// What an unsubscribe link is about. Changes nothing.
    UnsubscribeInfo = GET "/unsubscribe/{token}", id "unsubscribe_info",
        params Token,
        reply Json<crate::mail::Unsubscribe>,
        status 200,
        errors [404];
    /// One-click unsubscribe (RFC 8058): stop this kind of notification mail. Mail programs post
    /// `List-Unsubscribe=One-Click`; any body is accepted, and no CSRF header is needed (the token is the
    /// credential). Transactional mail (sign-in links, notices) is not affected.
    UnsubscribeByLink = POST "/unsubscribe/{token}", id "unsubscribe",
        params Token,
        reply Json<crate::mail::Unsubscribe>,
        status 200,
        errors [404];
    /// The municipality's outbox: counts by state, mails waiting, and the latest failures with their errors.
    /// Administrators.
    OutboxOverview = GET "/municipalities/{id}/outbox", id "outbox_overview",
        params MunicipalityId,
        reply Json<crate::mail::OutboxOverview>,
        status 200,
        errors [403, 404];
    /// My choice of notification mail.
    GetPreferences = GET "/auth/me/mail-preferences", id "get_preferences",
        reply Json<crate::mail::MailPreferences>,
        status 200,
        errors [401];
    /// Choose which notification mail I get. Transactional mail always comes.
    SetPreferences = PUT "/auth/me/mail-preferences", id "set_preferences",
        body Json<crate::mail::MailPreferences>,
        reply Json<crate::mail::MailPreferences>,
        status 200,
        errors [401, 422];
}
