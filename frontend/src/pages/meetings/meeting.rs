//! `/moter/:id`: one meeting. Everyone who may see it gets the details, "add to calendar", the agenda with
//! case papers and attachments, their RSVP, "propose an item" and their proposals, and the approved minutes
//! and action items. Organisers also get, on the same page: change/reschedule, send the notice, cancel with a
//! reason, mark as held, build the agenda, handle proposals, see the answers, the check-in code and the
//! attendance sheet, and write and approve the minutes with decisions and action items.
//!
//! The meeting is loaded once into a `MeetingCtx` (`context.rs`); every section reads from it, and actions that
//! change the meeting put the server's answer back (or reload it), so the page stays in step without being
//! rebuilt.

use legeting_shared::meetings::{HistoryEntry, InviteeAnswer, MeetingStatus, RsvpAnswer};
use legeting_shared::people::Role;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::forms::{
    DisclosureButton, ErrorSummary, FailureAlert, Form, Loading, Notice, TextAreaField, focus_heading, focus_id,
};
use crate::i18n::{Key, tr, use_i18n};
use crate::labels::{self, StatusTag, Tag};
use crate::pages::attendance::sheet::{AttendanceSection, CheckInSection};
use crate::pages::meetings::agenda::{AgendaSection, ProposalsSection};
use crate::pages::meetings::context::{provide_meeting, use_meeting, use_meeting_title};
use crate::pages::meetings::list::{RsvpControl, meeting_when};
use crate::pages::meetings::minutes::{ActionItemsSection, MinutesSection};
use crate::session::{Guarded, Session, use_access, use_session};
use crate::table::{Column, DataTable};
use crate::time;

/// `/moter/:id`
#[component]
pub fn MeetingPage() -> impl IntoView {
    let access = use_access(Session::is_signed_in);
    let ctx = provide_meeting(access);
    use_meeting_title(ctx, Key::MeetingTitle, None);
    let i18n = use_i18n();
    let heading = move || {
        ctx.detail
            .with(|d| d.as_ref().map(|d| d.meeting.title.clone()))
            .unwrap_or_else(|| i18n.t(Key::MeetingTitle).to_owned())
    };
    let loaded = Memo::new(move |_| ctx.detail.with(|d| d.as_ref().map(|d| d.meeting.id.clone())));
    let failed = Memo::new(move |_| ctx.failure.get());
    view! {
        <h1 class="ds-heading" data-size="lg" data-testid="meeting-title">{heading}</h1>
        <Guarded access>
            {move || match (failed.get(), loaded.get()) {
                (Some(failure), None) => view! { <FailureAlert failure /> }.into_any(),
                (_, None) => view! { <Loading /> }.into_any(),
                (_, Some(_)) => view! { <MeetingSections /> }.into_any(),
            }}
        </Guarded>
    }
}

#[component]
fn MeetingSections() -> impl IntoView {
    let ctx = use_meeting();
    let session = use_session();
    let flash = RwSignal::new(session.take_flash());
    let failed = Memo::new(move |_| ctx.failure.get());
    let organise = Memo::new(move |_| ctx.organise());
    let status = Memo::new(move |_| ctx.status());
    let invited = Memo::new(move |_| ctx.detail.with(|d| d.as_ref().is_some_and(|d| d.meeting.invited)));
    let leader = Memo::new(move |_| {
        let municipality = ctx.detail.with(|d| d.as_ref().map(|d| d.meeting.municipality_id.clone()));
        session.me().zip(municipality).is_some_and(|(me, m)| me.has_role(&m, Role::Leader))
    });
    let attendance_open = Memo::new(move |_| !matches!(status.get(), MeetingStatus::Draft | MeetingStatus::Cancelled));
    view! {
        <Notice message=flash />
        {move || failed.get().map(|failure| view! { <FailureAlert failure /> })}
        <MeetingFacts />
        <Show when=move || organise.get()>
            <nav class="app-toc" aria-label=tr(Key::OnThisPage)>
                <ul>
                    <li><a class="ds-link" href="#organiser-heading">{tr(Key::OrganiserTitle)}</a></li>
                    <li><a class="ds-link" href="#agenda-heading">{tr(Key::AgendaTitle)}</a></li>
                    <li><a class="ds-link" href="#proposals-heading">{tr(Key::ProposalsTitle)}</a></li>
                    <li><a class="ds-link" href="#answers-heading">{tr(Key::AnswersTitle)}</a></li>
                    <Show when=move || attendance_open.get()>
                        <li><a class="ds-link" href="#check-in-heading">{tr(Key::CheckInTitle)}</a></li>
                        <li><a class="ds-link" href="#attendance-heading">{tr(Key::AttendanceTitle)}</a></li>
                    </Show>
                    <li><a class="ds-link" href="#minutes-heading">{tr(Key::MinutesTitle)}</a></li>
                    <li><a class="ds-link" href="#actions-heading">{tr(Key::ActionItemsSectionTitle)}</a></li>
                </ul>
            </nav>
        </Show>
        <Show when=move || invited.get()>
            <section class="app-section" aria-labelledby="rsvp-heading" id="rsvp">
                <h2 class="ds-heading" data-size="sm" id="rsvp-heading">{tr(Key::RsvpTitle)}</h2>
                // Rebuilt when the state changes (the notice opens the answers; holding the meeting closes them).
                {move || {
                    status.track();
                    ctx.detail.get_untracked().map(|d| view! { <RsvpControl meeting=d.meeting /> })
                }}
            </section>
        </Show>
        <Show when=move || organise.get()>
            <OrganiserTools />
        </Show>
        <AgendaSection />
        <ProposalsSection />
        <Show when=move || organise.get() || leader.get()>
            <AnswersSection />
        </Show>
        <Show when=move || organise.get() && attendance_open.get()>
            <CheckInSection />
            <AttendanceSection />
        </Show>
        <MinutesSection />
        <ActionItemsSection />
        <HistorySection />
    }
}

/// Time, place, video, body, kind, state, description, deadline, and the calendar file.
#[component]
fn MeetingFacts() -> impl IntoView {
    let ctx = use_meeting();
    let i18n = use_i18n();
    move || {
        let detail = ctx.detail.get()?;
        let meeting = detail.meeting.clone();
        let cancel_reason =
            (meeting.status == MeetingStatus::Cancelled).then(|| cancellation_reason(&detail.history)).flatten();
        let calendar = api::meetings::calendar_file_url(&meeting.id);
        let (starts, ends) = (meeting.starts_at, meeting.ends_at);
        Some(view! {
            {(meeting.status == MeetingStatus::Cancelled).then(|| view! {
                <div class="ds-alert" data-color="danger" data-testid="meeting-cancelled">
                    <p class="ds-paragraph">{tr(Key::MeetingIsCancelled)}</p>
                    {cancel_reason.map(|reason| view! { <p class="ds-paragraph">{tr(Key::CancelReasonLabel)} " " {reason}</p> })}
                </div>
            })}
            <dl class="app-facts" data-testid="meeting-facts">
                <dt>{tr(Key::FieldWhen)}</dt>
                <dd data-testid="meeting-when">{move || meeting_when(i18n, starts, ends)}</dd>
                {meeting.location.clone().map(|place| view! { <dt>{tr(Key::FieldLocation)}</dt><dd>{place}</dd> })}
                {meeting.video_url.clone().map(|url| view! {
                    <dt>{tr(Key::FieldVideoUrl)}</dt>
                    <dd><a class="ds-link app-break" href=url.clone() rel="noopener noreferrer" target="_blank">{url.clone()}</a></dd>
                })}
                {meeting.body_name.clone().map(|name| {
                    let href = meeting.body_id.clone().map(|id| format!("/utvalg/{id}")).unwrap_or_default();
                    view! { <dt>{tr(Key::FieldBody)}</dt><dd><A href=href attr:class="ds-link">{name}</A></dd> }
                })}
                <dt>{tr(Key::FieldMeetingKind)}</dt>
                <dd>{tr(labels::meeting_kind(meeting.kind))}</dd>
                <dt>{tr(Key::ColumnStatus)}</dt>
                <dd><StatusTag status=meeting.status /></dd>
                {meeting.proposal_deadline_at.map(|at| view! {
                    <dt>{tr(Key::FieldProposalDeadline)}</dt>
                    <dd>{time::format_oslo(at)}</dd>
                })}
            </dl>
            {meeting.description.clone().map(|d| view! { <p class="ds-paragraph app-prewrap" data-testid="meeting-description">{d}</p> })}
            <p class="app-actions">
                <a class="ds-button" data-variant="secondary" href=calendar download="legeting-mote.ics" data-testid="calendar-file">
                    {tr(Key::AddToCalendar)}
                </a>
                {matches!(meeting.status, MeetingStatus::NoticeSent | MeetingStatus::Held).then(|| {
                    let href = format!("/moter/{}/direkte", meeting.id);
                    view! { <A href=href attr:class="ds-button" attr:data-testid="live-link">{tr(Key::LiveEnter)}</A> }
                })}
                {matches!(meeting.status, MeetingStatus::Held | MeetingStatus::MinutesApproved).then(|| {
                    let href = format!("/moter/{}/referat", meeting.id);
                    view! { <A href=href attr:class="ds-link" attr:data-testid="minutes-link">{tr(Key::MinutesPrintLink)}</A> }
                })}
            </p>
        })
    }
}

/// The reason given when the meeting was cancelled, from its history.
fn cancellation_reason(history: &[HistoryEntry]) -> Option<String> {
    let entry = history.iter().rev().find(|h| h.change == "cancelled")?;
    let details: serde_json::Value = serde_json::from_str(&entry.details).ok()?;
    details.get("reason")?.as_str().map(str::to_owned)
}

/// Change/reschedule, send the notice, mark as held, cancel with a reason.
#[component]
fn OrganiserTools() -> impl IntoView {
    let ctx = use_meeting();
    let status = Memo::new(move |_| ctx.status());
    let notice = RwSignal::new(None::<Key>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let busy = RwSignal::new(false);
    let cancelling = RwSignal::new(false);
    let cancel_form = Form::new("cancel", &["reason"]);
    let reason = RwSignal::new(String::new());
    let act = move |action: &'static str| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        notice.set(None);
        failure.set(None);
        let id = ctx.id.get_untracked();
        spawn_local(async move {
            let result = match action {
                "notice" => api::meetings::send_notice(&id).await,
                _ => api::meetings::mark_held(&id).await,
            };
            busy.set(false);
            match result {
                Ok(detail) => {
                    ctx.set(detail);
                    notice.set(Some(if action == "notice" { Key::NoticeSent } else { Key::MarkedHeld }));
                    focus_id("organiser-heading".into());
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let submit_cancel = move |ev: SubmitEvent| {
        ev.prevent_default();
        let missing = cancel_form.required(&[("reason", &reason.get_untracked())]);
        if !missing.is_empty() {
            cancel_form.fail(missing);
            return;
        }
        if !cancel_form.begin() {
            return;
        }
        let id = ctx.id.get_untracked();
        let text = reason.get_untracked();
        spawn_local(async move {
            match api::meetings::cancel_meeting(&id, text).await {
                Ok(detail) => {
                    cancel_form.done();
                    cancelling.set(false);
                    ctx.set(detail);
                    notice.set(Some(Key::MeetingCancelled));
                    focus_heading();
                }
                Err(error) => cancel_form.fail_api(&error),
            }
        });
    };
    let editable = move || !matches!(status.get(), MeetingStatus::Cancelled | MeetingStatus::MinutesApproved);
    let cancellable = move || matches!(status.get(), MeetingStatus::Draft | MeetingStatus::NoticeSent);
    view! {
        <section class="app-section" aria-labelledby="organiser-heading">
            <h2 class="ds-heading" data-size="sm" id="organiser-heading" tabindex="-1">{tr(Key::OrganiserTitle)}</h2>
            <Show when=move || status.get() == MeetingStatus::Draft>
                <p class="ds-paragraph">{tr(Key::DraftHelp)}</p>
            </Show>
            <Notice message=notice />
            {move || failure.get().map(|failure| view! { <FailureAlert failure /> })}
            <div class="app-actions">
                <Show when=editable>
                    {move || {
                        let href = format!("/moter/{}/rediger", ctx.id.get());
                        view! { <A href=href attr:class="ds-button" attr:data-variant="secondary" attr:data-testid="edit-meeting">{tr(Key::EditMeeting)}</A> }
                    }}
                </Show>
                <Show when=move || status.get() == MeetingStatus::Draft>
                    <button type="button" class="ds-button" data-testid="send-notice" aria-disabled=move || busy.get().then_some("true") on:click=move |_| act("notice")>
                        {tr(Key::SendNotice)}
                    </button>
                </Show>
                <Show when=move || status.get() == MeetingStatus::NoticeSent>
                    <button type="button" class="ds-button" data-testid="mark-held" aria-disabled=move || busy.get().then_some("true") on:click=move |_| act("held")>
                        {tr(Key::MarkHeld)}
                    </button>
                </Show>
                <Show when=cancellable>
                    <DisclosureButton open=cancelling controls="cancel-form" label=Key::CancelMeeting focus={cancel_form.input_id("reason")} variant="tertiary" color="danger" testid="cancel-meeting" />
                </Show>
            </div>
            <form id="cancel-form" class="app-form" novalidate hidden=move || !cancelling.get() on:submit=submit_cancel>
                <ErrorSummary form=cancel_form />
                <TextAreaField form=cancel_form field="reason" label=Key::CancelReason value=reason description=Key::CancelReasonHelp rows=3 />
                <button type="submit" class="ds-button" data-color="danger" data-testid="confirm-cancel" aria-disabled=move || cancel_form.is_busy().then_some("true")>
                    {tr(Key::ConfirmCancel)}
                </button>
            </form>
        </section>
    }
}

/// Who answered what, and who has not answered (organisers and leaders).
#[component]
fn AnswersSection() -> impl IntoView {
    let ctx = use_meeting();
    let i18n = use_i18n();
    let answers = LocalResource::new(move || {
        ctx.version.track();
        let id = ctx.id.get_untracked();
        async move { api::meetings::answers(&id).await }
    });
    view! {
        <section class="app-section" aria-labelledby="answers-heading">
            <h2 class="ds-heading" data-size="sm" id="answers-heading">{tr(Key::AnswersTitle)}</h2>
            {move || match answers.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="ds-paragraph">{tr(Key::AnswersNoInvitees)}</p> }.into_any(),
                Some(Ok(list)) => {
                    let count = |answer: Option<RsvpAnswer>| list.iter().filter(|a| a.rsvp.as_ref().map(|r| r.answer) == answer).count();
                    let summary = format!(
                        "{}: {} · {}: {} · {}: {} · {}: {}",
                        i18n.t(Key::AnswerInPerson), count(Some(RsvpAnswer::InPerson)),
                        i18n.t(Key::AnswerRemote), count(Some(RsvpAnswer::Remote)),
                        i18n.t(Key::AnswerAbsent), count(Some(RsvpAnswer::Absent)),
                        i18n.t(Key::RsvpNone), count(None),
                    );
                    view! {
                        <p class="ds-paragraph" data-testid="answers-summary">{summary}</p>
                        <AnswersTable answers=list />
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn AnswersTable(answers: Vec<InviteeAnswer>) -> impl IntoView {
    view! {
        <DataTable id="answers" caption=Key::AnswersTableCaption testid="answers-table"
            columns={vec![Column::text(Key::ColumnName), Column::text(Key::ColumnOffice), Column::text(Key::ColumnAnswer), Column::text(Key::ColumnReason), Column::text(Key::ColumnAnswered)]}>
            {answers
                .into_iter()
                .map(|a| {
                    let answer = a.rsvp.as_ref().map(|r| r.answer);
                    let reason = a.rsvp.as_ref().and_then(|r| r.reason.clone()).unwrap_or_default();
                    let at = a.rsvp.as_ref().map(|r| time::format_oslo(r.answered_at)).unwrap_or_default();
                    view! {
                        <tr data-person-id=a.person_id.clone()>
                            <th scope="row">{a.name.clone()}</th>
                            <td>{a.office_name.clone().unwrap_or_default()}</td>
                            <td data-testid="answer">
                                {match answer {
                                    Some(answer) => view! { <Tag key=labels::rsvp_answer(answer) color=if answer == RsvpAnswer::Absent { "warning" } else { "success" } /> }.into_any(),
                                    None => view! { <Tag key=Key::RsvpNone color="neutral" /> }.into_any(),
                                }}
                            </td>
                            <td class="app-break">{reason}</td>
                            <td class="app-nowrap">{at}</td>
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}

/// The meeting's history: created, notice sent, rescheduled, cancelled, …
#[component]
fn HistorySection() -> impl IntoView {
    let ctx = use_meeting();
    let i18n = use_i18n();
    let history = Memo::new(move |_| ctx.detail.with(|d| d.as_ref().map(|d| d.history.clone()).unwrap_or_default()));
    view! {
        <Show when=move || !history.with(Vec::is_empty)>
            <section class="app-section" aria-labelledby="history-heading">
                <h2 class="ds-heading" data-size="sm" id="history-heading">{tr(Key::HistoryTitle)}</h2>
                <details class="ds-details">
                    <summary>{tr(Key::HistoryShow)}</summary>
                    <ul class="ds-list app-history">
                        {move || {
                            history
                                .get()
                                .into_iter()
                                .map(|h| {
                                    let change = history_key(&h.change);
                                    let who = h.actor_name.clone().unwrap_or_default();
                                    view! {
                                        <li>
                                            <span class="app-nowrap">{time::format_oslo(h.at)}</span> " – "
                                            {move || change.map(|k| i18n.t(k).to_owned()).unwrap_or_else(|| h.change.clone())}
                                            {(!who.is_empty()).then(|| format!(" ({who})"))}
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </details>
            </section>
        </Show>
    }
}

fn history_key(change: &str) -> Option<Key> {
    Some(match change {
        "created" => Key::HistoryCreated,
        "updated" => Key::HistoryUpdated,
        "rescheduled" => Key::HistoryRescheduled,
        "notice_sent" => Key::HistoryNoticeSent,
        "cancelled" => Key::HistoryCancelled,
        "held" => Key::HistoryHeld,
        "minutes_approved" => Key::HistoryMinutesApproved,
        "agenda_item_added" => Key::HistoryAgendaItemAdded,
        "proposal_accepted" => Key::HistoryProposalAccepted,
        "proposal_declined" => Key::HistoryProposalDeclined,
        _ => return None,
    })
}
