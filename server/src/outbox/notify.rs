//! Notification mail that stands on its own (not made per meeting by `schedule.rs`): obligation nudges,
//! action items due, information letters, the monthly digest. One place adds what every notification mail
//! carries: why the person gets it, the one-click unsubscribe (RFC 8058) and a link to the settings, and marks
//! the mail skipped when the person has turned that kind off.

use legeting_shared::mail::MailCategory;

use super::i18n::Lang;
use super::templates::{self, Content, Link};
use super::{Category, NewMail};
use crate::mail::Mail;
use crate::state::AppState;

/// Someone who gets mail.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub id: String,
    pub name: String,
    pub email: String,
    pub lang: Lang,
}

impl Recipient {
    /// The greeting that opens every mail: «Hei Kari!» / "Hello Kari,".
    pub fn greeting(&self) -> String {
        match self.lang {
            Lang::Nb => format!("Hei {}!", self.name),
            Lang::En => format!("Hello {},", self.name),
        }
    }
}

/// Why someone gets mail of this kind, for the footer.
pub fn why(lang: Lang, category: MailCategory) -> &'static str {
    match category {
        MailCategory::Reminders => lang.pick(
            "Du får påminnelser om møter du er invitert til og om den årlige møteplikten.",
            "You get reminders of meetings you are invited to and of the annual meeting obligation.",
        ),
        MailCategory::AgendaCalls => lang.pick(
            "Du får beskjed når du kan melde inn saker til møter du er invitert til.",
            "You are told when you can propose agenda items for meetings you are invited to.",
        ),
        MailCategory::Minutes => {
            lang.pick("Du får beskjed når referater blir godkjent.", "You are told when minutes are approved.")
        }
        MailCategory::ActionItems => lang.pick(
            "Du får beskjed når oppfølgingspunkter du har ansvar for, forfaller.",
            "You are told when action items you own fall due.",
        ),
        MailCategory::Information => lang.pick(
            "Du får informasjon og kunngjøringer fra kommunen.",
            "You get information and announcements from the municipality.",
        ),
        MailCategory::Digest => lang.pick(
            "Du får en månedlig oversikt over møtene og oppgavene dine.",
            "You get a monthly digest of your meetings and tasks.",
        ),
    }
}

/// Add the footer of a notification mail (why, unsubscribe, settings) to `content`; returns the one-click URL
/// for the `List-Unsubscribe` header.
pub fn add_footer(
    state: &AppState,
    person_id: &str,
    lang: Lang,
    category: MailCategory,
    content: &mut Content,
) -> anyhow::Result<String> {
    content.footer.push(why(lang, category).to_owned());
    let (one_click, page) = super::links::unsubscribe_urls(state, person_id, category)?;
    content.footer_links.push(Link {
        label: lang.pick("Meld deg av denne typen e-post", "Unsubscribe from this kind of e-mail").into(),
        url: page,
    });
    content.footer_links.push(Link {
        label: lang.pick("Innstillinger for e-post", "E-mail settings").into(),
        url: format!("{}/profil", state.config.effective_base_url()),
    });
    Ok(one_click)
}

/// Where a standalone notification mail comes from and what it belongs to.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub municipality_id: String,
    /// The sender's display name.
    pub municipality_name: String,
    pub meeting_id: Option<String>,
    /// `Reply-To`, when replies should reach a person (e.g. the letter's author).
    pub reply_to: Option<String>,
}

/// A notification mail to `to`: footer added, rendered, and skipped when the person turned `category` off.
pub async fn mail(
    state: &AppState,
    to: &Recipient,
    category: Category,
    mut content: Content,
    dedupe_key: String,
    origin: Origin,
) -> anyhow::Result<NewMail> {
    let preference = category.preference().unwrap_or(MailCategory::Reminders);
    let one_click = add_footer(state, &to.id, to.lang, preference, &mut content)?;
    let rendered = templates::render(&content)?;
    let wanted = super::preferences::load(state.database.pool(), &to.id).await?.wants(preference);
    Ok(NewMail {
        dedupe_key,
        category,
        municipality_id: Some(origin.municipality_id),
        person_id: Some(to.id.clone()),
        meeting_id: origin.meeting_id,
        schedule_id: None,
        mail: Mail {
            to_name: to.name.clone(),
            to_email: to.email.clone(),
            subject: content.subject.clone(),
            text: rendered.text,
            html: Some(rendered.html),
            reply_to: origin.reply_to,
            from_name: Some(origin.municipality_name),
            list_unsubscribe: Some(one_click),
            ..Mail::default()
        },
        sensitive: false,
        skip_reason: (!wanted).then(|| "turned off by the recipient".to_owned()),
    })
}
