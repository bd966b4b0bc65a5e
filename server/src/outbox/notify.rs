//! What every notification mail carries (obligation nudges, reminders, minutes, action items due, information
//! letters, the monthly digest): why the person gets it, the one-click unsubscribe (RFC 8058) and a link to the
//! settings; and the mail is marked skipped when the person has turned that kind off.
//!
//! [`compose`] and [`add_footer`] are pure (the signed links come in as [`FooterLinks`]); [`mail`] is the shell
//! that signs the links and reads the person's preferences.

use legeting_shared::mail::MailCategory;

use legeting_i18n::args;

use super::i18n::{Key, Lang};
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
        greeting(self.lang, &self.name)
    }
}

/// The greeting that opens every mail to `name`: «Hei Kari!» / "Hello Kari,".
pub fn greeting(lang: Lang, name: &str) -> String {
    Key::MailGreeting.format(lang, &args([("name", name.into())]))
}

/// Why someone gets mail of this kind, for the footer.
pub fn why(lang: Lang, category: MailCategory) -> &'static str {
    let key = match category {
        MailCategory::Reminders => Key::MailWhyReminders,
        MailCategory::AgendaCalls => Key::MailWhyAgendaCalls,
        MailCategory::Minutes => Key::MailWhyMinutes,
        MailCategory::ActionItems => Key::MailWhyActionItems,
        MailCategory::Information => Key::MailWhyInformation,
        MailCategory::Digest => Key::MailWhyDigest,
    };
    key.text(lang)
}

/// The links at the foot of one person's notification mail: the one-click unsubscribe (RFC 8058, also the
/// `List-Unsubscribe` header), the unsubscribe page for people, and the mail settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FooterLinks {
    pub one_click: String,
    pub page: String,
    pub settings: String,
}

/// Sign the footer links of `person_id`'s mail of `category`.
pub fn footer_links(state: &AppState, person_id: &str, category: MailCategory) -> anyhow::Result<FooterLinks> {
    let (one_click, page) = super::links::unsubscribe_urls(state, person_id, category)?;
    Ok(FooterLinks { one_click, page, settings: format!("{}/profil", state.config.effective_base_url()) })
}

/// Add the footer of a notification mail (why, unsubscribe, settings) to `content`. Pure.
pub fn add_footer(lang: Lang, category: MailCategory, links: &FooterLinks, content: &mut Content) {
    content.footer.push(why(lang, category).to_owned());
    content.footer_links.push(Link { label: Key::MailUnsubscribe.text(lang).into(), url: links.page.clone() });
    content.footer_links.push(Link { label: Key::MailSettings.text(lang).into(), url: links.settings.clone() });
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

/// A notification mail to `to` (pure): footer added, rendered, with the one-click `List-Unsubscribe`.
pub fn compose(
    to: &Recipient,
    category: MailCategory,
    mut content: Content,
    links: &FooterLinks,
    origin: &Origin,
) -> anyhow::Result<Mail> {
    add_footer(to.lang, category, links, &mut content);
    let rendered = templates::render(&content)?;
    Ok(Mail {
        to_name: to.name.clone(),
        to_email: to.email.clone(),
        subject: content.subject.clone(),
        text: rendered.text,
        html: Some(rendered.html),
        reply_to: origin.reply_to.clone(),
        from_name: Some(origin.municipality_name.clone()),
        list_unsubscribe: Some(links.one_click.clone()),
        ..Mail::default()
    })
}

/// Whether `person_id` wants notification mail of `category`; the reason to record when not.
pub async fn skip_reason(
    state: &AppState,
    person_id: &str,
    category: MailCategory,
) -> Result<Option<String>, sqlx::Error> {
    let wanted = super::preferences::load(state.database.pool(), person_id).await?.wants(category);
    Ok((!wanted).then(|| "turned off by the recipient".to_owned()))
}

/// A notification mail to `to`, ready to queue: composed with its signed footer links, and skipped when the
/// person turned `category` off.
pub async fn mail(
    state: &AppState,
    to: &Recipient,
    category: Category,
    content: Content,
    dedupe_key: String,
    origin: Origin,
) -> anyhow::Result<NewMail> {
    let preference = category.preference().unwrap_or(MailCategory::Reminders);
    let links = footer_links(state, &to.id, preference)?;
    let mail = compose(to, preference, content, &links, &origin)?;
    Ok(NewMail {
        dedupe_key,
        category,
        municipality_id: Some(origin.municipality_id),
        person_id: Some(to.id.clone()),
        meeting_id: origin.meeting_id,
        schedule_id: None,
        mail,
        sensitive: false,
        skip_reason: skip_reason(state, &to.id, preference).await?,
    })
}
