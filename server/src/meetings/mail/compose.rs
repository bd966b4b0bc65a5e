//! What each meeting mail says: pure functions from data to a finished [`Mail`] (subject, plain text, HTML,
//! calendar). No database, no clock, no keys: the shell (`due.rs`) loads the meeting, signs the links and
//! decides who gets what; everything here can be checked with snapshot tests (`snapshots/`), in every language.
//!
//! Kinds: the notice and its updates (with the invitation, METHOD:REQUEST), the cancellation and the notice to
//! someone no longer invited (METHOD:CANCEL), the reminder to answer, the final agenda, the call for agenda
//! items, the minutes approved, and the reminder of an action item falling due.

use legeting_i18n::{FluentArgs, args};
use legeting_shared::mail::MailCategory;
use legeting_shared::meetings::MeetingStatus;
use lettre::message::Mailbox;

use crate::mail::{CalendarPart, Mail};
use crate::meetings::ics::{self, EventData, Method};
use crate::outbox::i18n::{self, Key, Lang};
use crate::outbox::notify::{self, FooterLinks, Origin, Recipient};
use crate::outbox::templates::{self, Content, Fact, Item, Link, Section};

/// A meeting as its mail shows it.
pub struct Meeting {
    pub id: String,
    /// The municipality's name: the sender.
    pub municipality: String,
    /// The body's name, if the meeting belongs to one.
    pub body: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub location: Option<String>,
    pub video_url: Option<String>,
    pub proposal_deadline: Option<i64>,
    /// (name, e-mail) of the person who created the meeting: named as the contact, and replies go there.
    pub organiser: Option<(String, String)>,
    pub agenda: Vec<AgendaLine>,
    /// The event with every invitee and their answer; each mail names only its recipient (see [`ics`]).
    pub calendar: Option<EventData>,
    /// Where Legeting is (`LEGETING_BASE_URL`), for links.
    pub base_url: String,
}

/// One agenda item as mail shows it.
#[derive(Debug, Clone)]
pub struct AgendaLine {
    /// "3/26"
    pub label: String,
    pub title: String,
    pub decision: Option<String>,
    /// File names.
    pub attachments: Vec<String>,
}

/// The signed one-click answer links of one person (`/svar?token=…`); `remote` only when the meeting has a
/// video link.
#[derive(Debug, Clone)]
pub struct Answers {
    pub in_person: String,
    pub remote: Option<String>,
    pub absent: String,
}

/// A notice, or an update of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Notice,
    /// Changed after the notice; `moved_from` holds the old start and end when it was rescheduled.
    Update {
        moved_from: Option<(i64, i64)>,
    },
}

/// Why a calendar event is withdrawn from someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cancellation<'a> {
    /// The meeting is cancelled, with the organiser's reason if they gave one.
    Cancelled { reason: Option<&'a str> },
    /// The meeting goes on, without this person.
    NoLongerInvited,
}

impl Meeting {
    fn url(&self) -> String {
        format!("{}/moter/{}", self.base_url, self.id)
    }

    /// `Name <address>` of the organiser, for `Reply-To`.
    fn reply_to(&self) -> Option<String> {
        self.organiser.as_ref().and_then(|(name, email)| {
            let address = email.parse().ok()?;
            Some(Mailbox::new(Some(name.clone()), address).to_string())
        })
    }

    /// The arguments of the subjects that name the meeting and when it starts.
    fn title_when(&self, lang: Lang) -> FluentArgs<'_> {
        args([("title", self.title.as_str().into()), ("when", i18n::short(lang, self.starts_at).into())])
    }

    fn content(&self, to: &Recipient, subject: String) -> Content {
        Content::new(to.lang, subject, self.municipality.clone(), self.title.clone(), to.greeting())
    }

    fn facts(&self, lang: Lang, with_deadline: bool) -> Vec<Fact> {
        let mut facts = vec![Fact {
            label: Key::MailFactWhen.text(lang).into(),
            value: i18n::span(lang, self.starts_at, self.ends_at),
            url: None,
        }];
        if let Some(location) = &self.location {
            facts.push(Fact { label: Key::MailFactWhere.text(lang).into(), value: location.clone(), url: None });
        }
        if let Some(video) = &self.video_url {
            facts.push(Fact {
                label: Key::MailFactVideo.text(lang).into(),
                value: video.clone(),
                url: Some(video.clone()),
            });
        }
        if let Some(body) = &self.body {
            facts.push(Fact { label: Key::MailFactBody.text(lang).into(), value: body.clone(), url: None });
        }
        if with_deadline && let Some(deadline) = self.proposal_deadline {
            facts.push(Fact {
                label: Key::MailFactDeadline.text(lang).into(),
                value: i18n::moment(lang, deadline),
                url: None,
            });
        }
        if let Some((name, _)) = &self.organiser {
            facts.push(Fact { label: Key::MailFactOrganiser.text(lang).into(), value: name.clone(), url: None });
        }
        facts
    }

    fn agenda_section(&self, lang: Lang, with_decisions: bool) -> Section {
        Section {
            heading: Key::MailAgendaHeading.text(lang).into(),
            items: self
                .agenda
                .iter()
                .map(|line| {
                    let mut notes: Vec<String> = line
                        .attachments
                        .iter()
                        .map(|file| Key::MailAgendaAttachment.format(lang, &args([("file", file.as_str().into())])))
                        .collect();
                    if with_decisions && let Some(decision) = &line.decision {
                        notes.insert(
                            0,
                            Key::MailAgendaDecision.format(lang, &args([("decision", decision.as_str().into())])),
                        );
                    }
                    Item {
                        label: Some(Key::MailAgendaItem.format(lang, &args([("number", line.label.as_str().into())]))),
                        text: line.title.clone(),
                        url: None,
                        notes,
                    }
                })
                .collect(),
            empty: Key::MailAgendaEmpty.text(lang).into(),
        }
    }

    fn open_link(&self, lang: Lang) -> Link {
        Link { label: Key::MailOpenMeeting.text(lang).into(), url: self.url() }
    }

    fn invited_footer(&self, lang: Lang) -> Vec<String> {
        let mut footer = vec![Key::MailInvitedWhy.format(lang, &args([("title", self.title.as_str().into())]))];
        if let Some((name, _)) = &self.organiser {
            footer.push(Key::MailInvitedReplies.format(lang, &args([("name", name.as_str().into())])));
        }
        footer
    }

    /// A transactional mail (notice, update, cancellation): from the municipality, replies to the organiser.
    fn mail(&self, to: &Recipient, content: &Content, calendar: Option<CalendarPart>) -> anyhow::Result<Mail> {
        let rendered = templates::render(content)?;
        Ok(Mail {
            to_name: to.name.clone(),
            to_email: to.email.clone(),
            subject: content.subject.clone(),
            text: rendered.text,
            html: Some(rendered.html),
            reply_to: self.reply_to(),
            from_name: Some(self.municipality.clone()),
            calendar,
            list_unsubscribe: None,
            message_id: None,
        })
    }

    /// A notification mail (reminders, minutes): the footer says why and how to stop it.
    fn notification(
        &self,
        to: &Recipient,
        category: MailCategory,
        mut content: Content,
        links: &FooterLinks,
    ) -> anyhow::Result<Mail> {
        notify::add_footer(to.lang, category, links, &mut content);
        let mut mail = self.mail(to, &content, None)?;
        mail.list_unsubscribe = Some(links.one_click.clone());
        Ok(mail)
    }
}

fn answer_actions(lang: Lang, answers: &Answers) -> Vec<Link> {
    let mut actions = vec![Link { label: Key::MailAnswerInPerson.text(lang).into(), url: answers.in_person.clone() }];
    if let Some(remote) = &answers.remote {
        actions.push(Link { label: Key::MailAnswerRemote.text(lang).into(), url: remote.clone() });
    }
    actions.push(Link { label: Key::MailAnswerAbsent.text(lang).into(), url: answers.absent.clone() });
    actions
}

fn clone_event(data: &EventData) -> EventData {
    EventData {
        meeting_id: data.meeting_id.clone(),
        title: data.title.clone(),
        description: data.description.clone(),
        location: data.location.clone(),
        video_url: data.video_url.clone(),
        starts_at: data.starts_at,
        ends_at: data.ends_at,
        status: data.status,
        sequence: data.sequence,
        organizer: data.organizer.clone(),
        attendees: data.attendees.clone(),
        url: data.url.clone(),
    }
}

/// The calendar attached to `to`'s mail. It names `to` as the only ATTENDEE (with their answer, if any): an
/// invitation must not tell each recipient who else was invited and how they answered.
pub fn ics(meeting: &Meeting, method: Method, to: &Recipient) -> String {
    let Some(data) = &meeting.calendar else { return String::new() };
    let mut event = clone_event(data);
    let answer = data.attendees.iter().find(|(_, email, _)| email == &to.email).and_then(|(_, _, a)| *a);
    event.attendees = vec![(to.name.clone(), to.email.clone(), answer)];
    if method == Method::Cancel {
        event.status = MeetingStatus::Cancelled;
    }
    ics::calendar(method, &[event])
}

/// A notice, or an update of one, with the invitation for calendars (METHOD:REQUEST).
pub fn notice(m: &Meeting, to: &Recipient, kind: Notice, answers: &Answers) -> anyhow::Result<Mail> {
    let lang = to.lang;
    let when = i18n::short(lang, m.starts_at);
    let title_when = args([("title", m.title.as_str().into()), ("when", when.as_str().into())]);
    let (subject, intro) = match kind {
        Notice::Update { .. } => {
            (Key::MailUpdateSubject.format(lang, &title_when), Key::MailUpdateIntro.text(lang).to_owned())
        }
        Notice::Notice => (
            Key::MailNoticeSubject.format(lang, &title_when),
            Key::MailNoticeIntro.format(lang, &args([("municipality", m.municipality.as_str().into())])),
        ),
    };
    let mut content = m.content(to, subject);
    content.paragraphs.push(intro);
    if let Notice::Update { moved_from: Some((start, end)) } = kind {
        let was = i18n::span(lang, start, end);
        content.paragraphs.push(Key::MailUpdateMoved.format(lang, &args([("was", was.into())])));
    }
    content.facts = m.facts(lang, true);
    content.description = m.description.as_deref().map(templates::paragraphs).unwrap_or_default();
    content.actions_heading = Some(Key::MailNoticeWillYouAttend.text(lang).into());
    content.actions = answer_actions(lang, answers);
    // Calendar programs send their Yes/No to the ORGANIZER address, which no one reads: say so.
    content.closing.push(Key::MailNoticeAnswerHere.text(lang).into());
    content.sections.push(m.agenda_section(lang, false));
    if m.proposal_deadline.is_some() {
        content.closing.push(Key::MailNoticePropose.text(lang).into());
    }
    content.links.push(m.open_link(lang));
    content.footer = m.invited_footer(lang);
    let calendar = CalendarPart { method: "REQUEST".into(), ics: ics(m, Method::Request, to) };
    m.mail(to, &content, Some(calendar).filter(|c| !c.ics.is_empty()))
}

/// A cancellation (METHOD:CANCEL), or the notice that one is no longer invited.
pub fn cancellation(m: &Meeting, to: &Recipient, why: Cancellation<'_>) -> anyhow::Result<Mail> {
    let lang = to.lang;
    let when = i18n::short(lang, m.starts_at);
    let uninvited = why == Cancellation::NoLongerInvited;
    let title_when = args([("title", m.title.as_str().into()), ("when", when.as_str().into())]);
    let (subject, intro) = if uninvited {
        (Key::MailUninvitedSubject.format(lang, &title_when), Key::MailUninvitedIntro.text(lang))
    } else {
        (Key::MailCancelledSubject.format(lang, &title_when), Key::MailCancelledIntro.text(lang))
    };
    let mut content = m.content(to, subject);
    content.paragraphs.push(intro.to_owned());
    if let Cancellation::Cancelled { reason: Some(reason) } = why {
        content.paragraphs.push(Key::MailCancelledReason.format(lang, &args([("reason", reason.into())])));
    }
    content.facts = vec![Fact {
        label: Key::MailFactWasPlanned.text(lang).into(),
        value: i18n::span(lang, m.starts_at, m.ends_at),
        url: None,
    }];
    content.footer = m.invited_footer(lang);
    // Either way the CANCEL names only this person: for one who is no longer invited the event stays for the
    // others, and for a cancelled meeting the others are none of this recipient's business.
    let ics = if uninvited {
        match &m.calendar {
            Some(data) => {
                let mut event = clone_event(data);
                event.attendees = vec![(to.name.clone(), to.email.clone(), None)];
                ics::calendar(Method::Cancel, &[event])
            }
            None => String::new(),
        }
    } else {
        ics(m, Method::Cancel, to)
    };
    let calendar = (!ics.is_empty()).then(|| CalendarPart { method: "CANCEL".into(), ics });
    m.mail(to, &content, calendar)
}

/// A reminder to answer the notice.
pub fn reminder(m: &Meeting, to: &Recipient, answers: &Answers, links: &FooterLinks) -> anyhow::Result<Mail> {
    let lang = to.lang;
    let subject = Key::MailReminderSubject.format(lang, &m.title_when(lang));
    let mut content = m.content(to, subject);
    content.paragraphs.push(Key::MailReminderIntro.text(lang).into());
    content.facts = m.facts(lang, false);
    content.actions = answer_actions(lang, answers);
    content.sections.push(m.agenda_section(lang, false));
    content.links.push(m.open_link(lang));
    m.notification(to, MailCategory::Reminders, content, links)
}

/// The final agenda, to those who come.
pub fn final_agenda(m: &Meeting, to: &Recipient, links: &FooterLinks) -> anyhow::Result<Mail> {
    let lang = to.lang;
    let subject = Key::MailFinalAgendaSubject.format(lang, &m.title_when(lang));
    let mut content = m.content(to, subject);
    content.paragraphs.push(Key::MailFinalAgendaIntro.text(lang).into());
    content.facts = m.facts(lang, false);
    content.sections.push(m.agenda_section(lang, false));
    content.links.push(m.open_link(lang));
    m.notification(to, MailCategory::Reminders, content, links)
}

/// A call for agenda items before the proposal deadline.
pub fn agenda_call(m: &Meeting, to: &Recipient, links: &FooterLinks) -> anyhow::Result<Mail> {
    let lang = to.lang;
    let deadline = m.proposal_deadline.unwrap_or(m.starts_at);
    let short = i18n::short(lang, deadline);
    let subject = Key::MailAgendaCallSubject
        .format(lang, &args([("title", m.title.as_str().into()), ("deadline", short.into())]));
    let mut content = m.content(to, subject);
    let moment = i18n::moment(lang, deadline);
    content.paragraphs.push(Key::MailAgendaCallIntro.format(lang, &args([("deadline", moment.into())])));
    content.facts = m.facts(lang, false);
    content.actions = vec![Link { label: Key::MailAgendaCallPropose.text(lang).into(), url: m.url() }];
    content.sections.push(m.agenda_section(lang, false));
    m.notification(to, MailCategory::AgendaCalls, content, links)
}

/// Minutes approved, with their summary.
pub fn minutes(m: &Meeting, to: &Recipient, summary: Option<&str>, links: &FooterLinks) -> anyhow::Result<Mail> {
    let lang = to.lang;
    let date = i18n::date(lang, m.starts_at);
    let subject = Key::MailMinutesSubject
        .format(lang, &args([("title", m.title.as_str().into()), ("date", date.as_str().into())]));
    let mut content = m.content(to, subject);
    content.paragraphs.push(Key::MailMinutesIntro.format(lang, &args([("date", date.as_str().into())])));
    content.description = summary.map(templates::paragraphs).unwrap_or_default();
    let mut agenda = m.agenda_section(lang, true);
    agenda.heading = Key::MailMinutesHeading.text(lang).into();
    content.sections.push(agenda);
    content.links.push(Link { label: Key::MailMinutesRead.text(lang).into(), url: m.url() });
    m.notification(to, MailCategory::Minutes, content, links)
}

/// An open action item falling due, as its owner's reminder shows it.
#[derive(Debug, Clone)]
pub struct ActionItem {
    pub title: String,
    /// `YYYY-MM-DD`
    pub due_date: String,
    /// `open` or `in_progress`.
    pub status: String,
    pub meeting_id: String,
    pub meeting_title: String,
    /// The municipality's name: the sender.
    pub municipality: String,
    pub base_url: String,
}

/// The reminder to the owner of an action item that falls due.
pub fn action_due(item: &ActionItem, to: &Recipient, links: &FooterLinks) -> anyhow::Result<Mail> {
    let lang = to.lang;
    let title = &item.title;
    let due = i18n::iso_date(lang, &item.due_date);
    let subject =
        Key::MailActionSubject.format(lang, &args([("due", due.as_str().into()), ("title", title.as_str().into())]));
    let mut content = Content::new(lang, subject, item.municipality.clone(), title.clone(), to.greeting());
    content.paragraphs.push(Key::MailActionIntro.format(lang, &args([("due", due.as_str().into())])));
    content.facts = vec![
        Fact { label: Key::MailFactTask.text(lang).into(), value: title.clone(), url: None },
        Fact { label: Key::MailFactDue.text(lang).into(), value: due.clone(), url: None },
        Fact {
            label: Key::MailFactStatus.text(lang).into(),
            value: match item.status.as_str() {
                "in_progress" => Key::MailActionInProgress.text(lang).into(),
                _ => Key::MailActionOpen.text(lang).into(),
            },
            url: None,
        },
        Fact { label: Key::MailFactFromMeeting.text(lang).into(), value: item.meeting_title.clone(), url: None },
    ];
    content.links.push(Link {
        label: Key::MailActionSee.text(lang).into(),
        url: format!("{}/moter/{}", item.base_url, item.meeting_id),
    });
    let origin = Origin { municipality_name: item.municipality.clone(), ..Origin::default() };
    notify::compose(to, MailCategory::ActionItems, content, links, &origin)
}

#[cfg(test)]
mod tests {
    //! Snapshots of every meeting mail in every language (`snapshots/`). A changed text shows up as a changed
    //! snapshot in review: accept it with `cargo insta review` only when the change is meant.

    use legeting_shared::meetings::RsvpAnswer;

    use super::*;
    use crate::outbox::snapshot::{DAY, HOUR, LANGUAGES, THURSDAY_EVENING, describe, footer_links, kari};

    fn alu_meeting() -> Meeting {
        let starts_at = THURSDAY_EVENING;
        let ends_at = starts_at + 2 * HOUR;
        Meeting {
            id: "meeting-alu".into(),
            municipality: "Bærum kommune".into(),
            body: Some("Allmennlegeutvalget".into()),
            title: "ALU-møte".into(),
            description: Some("Vi går gjennom\nlegevaktordningen.\n\nTa med innspill.".into()),
            starts_at,
            ends_at,
            location: Some("Rådhuset, møterom 3".into()),
            video_url: Some("https://meet.example/alu".into()),
            proposal_deadline: Some(starts_at - 7 * DAY),
            organiser: Some(("Ola Sekretær".into(), "ola@baerum.kommune.test".into())),
            agenda: vec![
                AgendaLine {
                    label: "1/27".into(),
                    title: "Legevakt i Sandvika".into(),
                    decision: Some("Saken sendes på høring.".into()),
                    attachments: vec!["saksframlegg.pdf".into(), "kart.png".into()],
                },
                AgendaLine { label: "2/27".into(), title: "Eventuelt".into(), decision: None, attachments: vec![] },
            ],
            calendar: Some(EventData {
                meeting_id: "meeting-alu".into(),
                title: "ALU-møte".into(),
                description: Some("Vi går gjennom legevaktordningen.".into()),
                location: Some("Rådhuset, møterom 3".into()),
                video_url: Some("https://meet.example/alu".into()),
                starts_at,
                ends_at,
                status: MeetingStatus::NoticeSent,
                sequence: 2,
                organizer: ("Bærum kommune".into(), "legeting@baerum.kommune.test".into()),
                attendees: vec![
                    ("Kari Nordmann".into(), "kari@lege.test".into(), Some(RsvpAnswer::InPerson)),
                    ("Per Hansen".into(), "per@lege.test".into(), None),
                ],
                url: "https://legeting.example/moter/meeting-alu".into(),
            }),
            base_url: "https://legeting.example".into(),
        }
    }

    /// A meeting with nothing but a title and a time: every optional part left out.
    fn bare_meeting() -> Meeting {
        Meeting {
            id: "meeting-bare".into(),
            municipality: "Bærum kommune".into(),
            body: None,
            title: "Storlegemøte".into(),
            description: None,
            starts_at: THURSDAY_EVENING,
            ends_at: THURSDAY_EVENING + DAY + HOUR,
            location: None,
            video_url: None,
            proposal_deadline: None,
            organiser: None,
            agenda: Vec::new(),
            calendar: None,
            base_url: "https://legeting.example".into(),
        }
    }

    fn answers(remote: bool) -> Answers {
        Answers {
            in_person: "https://legeting.example/svar?token=in-person".into(),
            remote: remote.then(|| "https://legeting.example/svar?token=remote".into()),
            absent: "https://legeting.example/svar?token=absent".into(),
        }
    }

    /// Snapshot `make(lang)` for every language as `<name>_<language>`.
    fn every_language(name: &str, make: impl Fn(Lang) -> anyhow::Result<Mail>) {
        for lang in LANGUAGES {
            let mail = make(lang).expect("the mail renders");
            insta::assert_snapshot!(format!("{name}_{}", lang.tag()), describe(&mail));
        }
    }

    #[test]
    fn a_notice_invites_with_one_click_answers_the_agenda_and_a_calendar_naming_only_its_recipient() {
        every_language("notice", |lang| notice(&alu_meeting(), &kari(lang), Notice::Notice, &answers(true)));
    }

    #[test]
    fn a_notice_of_a_bare_meeting_leaves_out_what_the_meeting_lacks() {
        every_language("notice_bare", |lang| notice(&bare_meeting(), &kari(lang), Notice::Notice, &answers(false)));
    }

    #[test]
    fn an_update_says_the_meeting_changed() {
        every_language("update", |lang| {
            notice(&alu_meeting(), &kari(lang), Notice::Update { moved_from: None }, &answers(true))
        });
    }

    #[test]
    fn an_update_of_a_moved_meeting_says_when_it_was() {
        let moved_from = Some((THURSDAY_EVENING - DAY, THURSDAY_EVENING - DAY + 2 * HOUR));
        every_language("update_moved", |lang| {
            notice(&alu_meeting(), &kari(lang), Notice::Update { moved_from }, &answers(true))
        });
    }

    #[test]
    fn a_cancellation_gives_the_reason_and_cancels_the_event() {
        every_language("cancellation", |lang| {
            let why = Cancellation::Cancelled { reason: Some("For få påmeldte.") };
            cancellation(&alu_meeting(), &kari(lang), why)
        });
    }

    #[test]
    fn a_cancellation_without_a_reason_says_none() {
        every_language("cancellation_bare", |lang| {
            cancellation(&bare_meeting(), &kari(lang), Cancellation::Cancelled { reason: None })
        });
    }

    #[test]
    fn someone_no_longer_invited_has_the_event_removed() {
        every_language("no_longer_invited", |lang| {
            cancellation(&alu_meeting(), &kari(lang), Cancellation::NoLongerInvited)
        });
    }

    #[test]
    fn a_reminder_asks_for_an_answer_with_one_click() {
        every_language("reminder", |lang| reminder(&alu_meeting(), &kari(lang), &answers(true), &footer_links()));
    }

    #[test]
    fn the_final_agenda_welcomes_those_who_come() {
        every_language("final_agenda", |lang| final_agenda(&alu_meeting(), &kari(lang), &footer_links()));
    }

    #[test]
    fn the_final_agenda_of_a_meeting_without_items_says_the_agenda_is_not_ready() {
        every_language("final_agenda_bare", |lang| final_agenda(&bare_meeting(), &kari(lang), &footer_links()));
    }

    #[test]
    fn a_call_for_agenda_items_names_the_deadline() {
        every_language("agenda_call", |lang| agenda_call(&alu_meeting(), &kari(lang), &footer_links()));
    }

    #[test]
    fn approved_minutes_show_the_summary_and_the_decisions() {
        every_language("minutes", |lang| {
            let summary = "Godt oppmøte.\n\nNeste møte i mars.";
            minutes(&alu_meeting(), &kari(lang), Some(summary), &footer_links())
        });
    }

    #[test]
    fn an_action_item_falling_due_names_task_date_status_and_meeting() {
        for (name, status) in [("action_due", "open"), ("action_due_in_progress", "in_progress")] {
            let item = ActionItem {
                title: "Lag utkast til legevaktavtale".into(),
                due_date: "2027-01-15".into(),
                status: status.into(),
                meeting_id: "meeting-alu".into(),
                meeting_title: "ALU-møte".into(),
                municipality: "Bærum kommune".into(),
                base_url: "https://legeting.example".into(),
            };
            every_language(name, |lang| action_due(&item, &kari(lang), &footer_links()));
        }
    }

    #[test]
    fn the_invitation_names_its_recipient_alone_with_their_answer() {
        // Long lines are folded (RFC 5545 §3.1); unfold them to read the properties.
        let invitation = ics(&alu_meeting(), Method::Request, &kari(Lang::Nb)).replace("\r\n ", "");
        assert!(
            invitation.contains("CN=Kari Nordmann")
                && invitation.contains("PARTSTAT=ACCEPTED")
                && invitation.contains(":mailto:kari@lege.test"),
            "{invitation}"
        );
        assert!(!invitation.contains("per@lege.test"), "{invitation}");
        assert!(ics(&bare_meeting(), Method::Request, &kari(Lang::Nb)).is_empty());
    }
}
