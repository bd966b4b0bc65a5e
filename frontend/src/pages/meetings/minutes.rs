//! Minutes and action items on the meeting page (organisers write the summary and a decision per agenda
//! item, approve the minutes, and add action items with an owner among the invitees and a due date), and
//! `/moter/:id/referat`, the print-friendly minutes with the attendance section.

use legeting_shared::meetings::{ActionItemInput, ActionStatus, DecisionInput, MeetingStatus, MinutesInput};
use legeting_shared::participation::{AttendanceRecord, AttendanceStatus};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::forms::{
    ErrorSummary, FailureAlert, Form, Loading, Notice, SelectField, SubmitButton, TextAreaField, TextField, focus_id,
};
use crate::i18n::{Key, tr, use_i18n};
use crate::labels::{self, StatusTag};
use crate::pages::meetings::action_items::ActionItemList;
use crate::pages::meetings::agenda::item_label;
use crate::pages::meetings::context::{provide_meeting, use_meeting, use_meeting_title};
use crate::pages::meetings::list::meeting_when;
use crate::session::{Guarded, Session, use_access};
use crate::time;

/// The minutes: organisers write and approve them; everyone else sees them once approved.
#[component]
pub fn MinutesSection() -> impl IntoView {
    let ctx = use_meeting();
    let i18n = use_i18n();
    let organise = Memo::new(move |_| ctx.organise());
    let minutes = Memo::new(move |_| ctx.detail.with(|d| d.as_ref().and_then(|d| d.minutes.clone())));
    let status = Memo::new(move |_| ctx.status());
    let writable = Memo::new(move |_| {
        let Some(meeting) = ctx.meeting() else { return false };
        organise.get()
            && !minutes.with(|m| m.as_ref().is_some_and(|m| m.approved))
            && (meeting.status == MeetingStatus::Held
                || (meeting.status == MeetingStatus::NoticeSent && time::now_ms() >= meeting.starts_at))
    });
    let visible = move || organise.get() || minutes.with(Option::is_some);
    let state_text = move || {
        minutes.with(|m| match m {
            None => i18n.t(Key::MinutesNone).to_owned(),
            Some(m) if m.approved => format!(
                "{} {} {}",
                i18n.t(Key::MinutesApprovedBy),
                m.approved_by_name.clone().unwrap_or_default(),
                m.approved_at.map(time::format_oslo).unwrap_or_default()
            ),
            Some(_) => i18n.t(Key::MinutesDraft).to_owned(),
        })
    };
    view! {
        <Show when=visible>
            <section class="app-section" aria-labelledby="minutes-heading">
                <h2 class="ds-heading" data-size="sm" id="minutes-heading" tabindex="-1">{tr(Key::MinutesTitle)}</h2>
                <p class="ds-paragraph" data-testid="minutes-state">{state_text}</p>
                {move || {
                    minutes
                        .get()
                        .filter(|m| m.approved || !writable.get())
                        .and_then(|m| m.summary)
                        .map(|s| view! { <p class="ds-paragraph app-prewrap" data-testid="minutes-summary">{s}</p> })
                }}
                <Show when=move || organise.get() && !writable.get() && status.get() == MeetingStatus::NoticeSent>
                    <p class="ds-paragraph">{tr(Key::MinutesAfterMeeting)}</p>
                </Show>
                {move || writable.get().then(|| view! { <MinutesForm /> })}
                {move || {
                    let id = ctx.id.get();
                    minutes.with(Option::is_some).then(|| view! {
                        <p class="ds-paragraph"><A href=format!("/moter/{id}/referat") attr:class="ds-link">{tr(Key::MinutesPrintLink)}</A></p>
                    })
                }}
            </section>
        </Show>
    }
}

#[component]
fn MinutesForm() -> impl IntoView {
    let ctx = use_meeting();
    let i18n = use_i18n();
    let Some(detail) = ctx.detail.get_untracked() else { return ().into_any() };
    let form = Form::new("minutes", &["summary", "decisions"]);
    let summary = RwSignal::new(detail.minutes.as_ref().and_then(|m| m.summary.clone()).unwrap_or_default());
    let decisions: Vec<(String, String, RwSignal<String>)> = detail
        .agenda
        .iter()
        .map(|item| {
            let label = format!("{} {}", item_label(i18n, item), item.title);
            (item.id.clone(), label, RwSignal::new(item.decision.clone().unwrap_or_default()))
        })
        .collect();
    let has_draft = RwSignal::new(detail.minutes.is_some());
    let notice = RwSignal::new(None::<Key>);
    let approving = RwSignal::new(false);
    let approve_failure = RwSignal::new(None::<ApiFailure>);
    let decisions_for_submit = decisions.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        if !form.begin() {
            return;
        }
        let input = MinutesInput {
            summary: Some(summary.get_untracked()).filter(|s| !s.trim().is_empty()),
            decisions: decisions_for_submit
                .iter()
                .map(|(id, _, text)| DecisionInput {
                    agenda_item_id: id.clone(),
                    decision: Some(text.get_untracked()).filter(|d| !d.trim().is_empty()),
                })
                .collect(),
        };
        let id = ctx.id.get_untracked();
        spawn_local(async move {
            match api::meetings::save_minutes(&id, &input).await {
                Ok(detail) => {
                    form.done();
                    has_draft.set(true);
                    // Keep the form as typed; the rest of the page takes the saved minutes.
                    ctx.detail.update(|d| {
                        if let Some(d) = d {
                            d.minutes = detail.minutes;
                            d.agenda = detail.agenda;
                        }
                    });
                    notice.set(Some(Key::MinutesSaved));
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    let approve = move |_| {
        if approving.get_untracked() {
            return;
        }
        approving.set(true);
        approve_failure.set(None);
        let id = ctx.id.get_untracked();
        spawn_local(async move {
            let result = api::meetings::approve_minutes(&id).await;
            approving.set(false);
            match result {
                Ok(detail) => {
                    ctx.set(detail);
                    focus_id("minutes-heading".into());
                }
                Err(failure) => approve_failure.set(Some(failure)),
            }
        });
    };
    view! {
        <form class="app-form" novalidate on:submit=submit data-testid="minutes-form">
            <ErrorSummary form />
            <TextAreaField form field="summary" label=Key::FieldMinutesSummary value=summary optional=true rows=6 description=Key::MinutesSummaryHelp />
            {decisions
                .into_iter()
                .map(|(id, label, text)| {
                    let field_id = format!("minutes-decision-{id}");
                    view! {
                        <div class="ds-field">
                            <label class="ds-label" for=field_id.clone()>
                                {tr(Key::DecisionIn)} " " {label}
                                " " <span class="app-optional">{tr(Key::FieldOptional)}</span>
                            </label>
                            <textarea
                                class="ds-input"
                                id=field_id.clone()
                                rows="3"
                                data-testid="decision"
                                prop:value=move || text.get()
                                on:input=move |ev| text.set(event_target_value(&ev))
                            ></textarea>
                        </div>
                    }
                })
                .collect_view()}
            <div class="app-actions">
                <SubmitButton form label=Key::SaveMinutes variant="secondary" testid="save-minutes" />
                <button
                    type="button"
                    class="ds-button"
                    data-testid="approve-minutes"
                    disabled=move || !has_draft.get()
                    aria-describedby="approve-help"
                    on:click=approve
                >
                    {tr(Key::ApproveMinutes)}
                </button>
            </div>
            <p class="ds-paragraph" data-size="sm" id="approve-help">{tr(Key::ApproveMinutesHelp)}</p>
            <Notice message=notice />
            {move || approve_failure.get().map(|failure| view! { <FailureAlert failure /> })}
        </form>
    }
    .into_any()
}

/// Action items: the list (owners and organisers change the status) and, for organisers, "add".
#[component]
pub fn ActionItemsSection() -> impl IntoView {
    let ctx = use_meeting();
    let organise = Memo::new(move |_| ctx.organise());
    let items = Memo::new(move |_| ctx.detail.with(|d| d.as_ref().map(|d| d.action_items.clone()).unwrap_or_default()));
    let status = Memo::new(move |_| ctx.status());
    view! {
        <Show when=move || organise.get() || !items.with(Vec::is_empty)>
            <section class="app-section" aria-labelledby="actions-heading">
                <h2 class="ds-heading" data-size="sm" id="actions-heading">{tr(Key::ActionItemsSectionTitle)}</h2>
                {move || {
                    let list = items.get();
                    if list.is_empty() {
                        view! { <p class="ds-paragraph">{tr(Key::ActionItemsNoneOnMeeting)}</p> }.into_any()
                    } else {
                        view! { <ActionItemList items=list editable=true organiser=organise.get_untracked() hide_meeting=true /> }.into_any()
                    }
                }}
                <Show when=move || organise.get() && status.get() != MeetingStatus::Cancelled>
                    <AddActionItem />
                </Show>
            </section>
        </Show>
    }
}

#[component]
fn AddActionItem() -> impl IntoView {
    let ctx = use_meeting();
    let i18n = use_i18n();
    let form = Form::new("action", &["title", "owner_id", "due_date", "agenda_item_id"]);
    let title = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let item = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<Key>);
    let invitees = LocalResource::new(move || {
        let id = ctx.id.get();
        async move { api::meetings::answers(&id).await.unwrap_or_default() }
    });
    let owners = Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t(Key::NoOwner).to_owned())];
        options.extend(invitees.get().unwrap_or_default().into_iter().map(|a| (a.person_id, a.name)));
        options
    });
    let items = Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t(Key::NoAgendaItem).to_owned())];
        ctx.detail.with(|d| {
            if let Some(d) = d {
                options.extend(d.agenda.iter().map(|a| (a.id.clone(), format!("{} {}", item_label(i18n, a), a.title))));
            }
        });
        options
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let missing = form.required(&[("title", &title.get_untracked())]);
        let optional = |v: String| Some(v).filter(|v| !v.is_empty());
        let input = ActionItemInput {
            agenda_item_id: optional(item.get_untracked()),
            title: title.get_untracked(),
            owner_id: optional(owner.get_untracked()),
            due_date: optional(due.get_untracked()),
            status: ActionStatus::Open,
        };
        let id = ctx.id.get_untracked();
        form.submit(missing, async move { api::meetings::add_action_item(&id, &input).await }, move |_| {
            title.set(String::new());
            owner.set(String::new());
            due.set(String::new());
            item.set(String::new());
            notice.set(Some(Key::ActionItemAdded));
            ctx.reload();
            focus_id(form.input_id("title"));
        });
    };
    view! {
        <h3 class="ds-heading" data-size="xs" id="action-new-heading">{tr(Key::AddActionItem)}</h3>
        <form class="app-form" novalidate aria-labelledby="action-new-heading" on:submit=submit>
            <ErrorSummary form />
            <TextField form field="title" label=Key::FieldActionTitle value=title autocomplete="off" />
            <SelectField form field="owner_id" label=Key::FieldActionOwner value=owner options=owners optional=true />
            <TextField form field="due_date" label=Key::FieldDueDate value=due kind="date" optional=true />
            <SelectField form field="agenda_item_id" label=Key::FieldAgendaItem value=item options=items optional=true />
            <SubmitButton form label=Key::AddActionItem variant="secondary" testid="add-action-item" />
            <Notice message=notice />
        </form>
    }
}

/// `/moter/:id/referat`
#[component]
pub fn MinutesPrint() -> impl IntoView {
    let access = use_access(Session::is_signed_in);
    let ctx = provide_meeting(access);
    use_meeting_title(ctx, Key::MinutesTitle, Some(Key::MinutesTitle));
    let i18n = use_i18n();
    let heading = move || match ctx.detail.with(|d| d.as_ref().map(|d| d.meeting.title.clone())) {
        Some(title) => format!("{}: {title}", i18n.t(Key::MinutesTitle)),
        None => i18n.t(Key::MinutesTitle).to_owned(),
    };
    let loaded = Memo::new(move |_| ctx.detail.with(|d| d.as_ref().map(|d| d.meeting.id.clone())));
    let failed = Memo::new(move |_| ctx.failure.get());
    view! {
        <h1 class="ds-heading" data-size="lg">{heading}</h1>
        <Guarded access>
            {move || match (failed.get(), loaded.get()) {
                (Some(failure), None) => view! { <FailureAlert failure /> }.into_any(),
                (_, None) => view! { <Loading /> }.into_any(),
                (_, Some(_)) => view! { <PrintableMinutes /> }.into_any(),
            }}
        </Guarded>
    }
}

#[component]
fn PrintableMinutes() -> impl IntoView {
    let ctx = use_meeting();
    let i18n = use_i18n();
    let Some(detail) = ctx.detail.get_untracked() else { return ().into_any() };
    let meeting = detail.meeting.clone();
    let organise = meeting.can_organise;
    let attendance = LocalResource::new(move || {
        let id = ctx.id.get();
        async move { if organise { api::participation::attendance(&id).await.map(Some) } else { Ok(None) } }
    });
    let back = format!("/moter/{}", meeting.id);
    let (starts, ends) = (meeting.starts_at, meeting.ends_at);
    let print = |_| {
        let _ignored = window().print();
    };
    let Some(minutes) = detail.minutes.clone() else {
        return view! {
            <p class="ds-paragraph" data-testid="minutes-missing">{tr(Key::MinutesNotApproved)}</p>
            <p class="ds-paragraph"><A href=back attr:class="ds-link">{tr(Key::BackToMeeting)}</A></p>
        }
        .into_any();
    };
    view! {
        <div class="app-actions app-no-print">
            <button type="button" class="ds-button" data-variant="secondary" on:click=print>{tr(Key::Print)}</button>
            <A href=back attr:class="ds-link">{tr(Key::BackToMeeting)}</A>
        </div>
        <dl class="app-facts">
            <dt>{tr(Key::FieldWhen)}</dt>
            <dd>{move || meeting_when(i18n, starts, ends)}</dd>
            {meeting.location.clone().map(|p| view! { <dt>{tr(Key::FieldLocation)}</dt><dd>{p}</dd> })}
            {meeting.body_name.clone().map(|b| view! { <dt>{tr(Key::FieldBody)}</dt><dd>{b}</dd> })}
            <dt>{tr(Key::ColumnStatus)}</dt>
            <dd><StatusTag status=meeting.status /></dd>
            <dt>{tr(Key::MinutesTitle)}</dt>
            <dd data-testid="minutes-state">
                {if minutes.approved {
                    format!(
                        "{} {} {}",
                        i18n.t(Key::MinutesApprovedBy),
                        minutes.approved_by_name.clone().unwrap_or_default(),
                        minutes.approved_at.map(time::format_oslo).unwrap_or_default()
                    )
                } else {
                    i18n.t(Key::MinutesDraft).to_owned()
                }}
            </dd>
        </dl>
        <section class="app-section" aria-labelledby="print-attendance-heading">
            <h2 class="ds-heading" data-size="sm" id="print-attendance-heading">{tr(Key::AttendanceTitle)}</h2>
            {move || match attendance.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                Some(Ok(None)) => view! { <p class="ds-paragraph">{tr(Key::AttendanceOrganisersOnly)}</p> }.into_any(),
                Some(Ok(Some(records))) => view! { <AttendanceSummary records /> }.into_any(),
            }}
        </section>
        {minutes.summary.clone().map(|s| view! {
            <section class="app-section" aria-labelledby="print-summary-heading">
                <h2 class="ds-heading" data-size="sm" id="print-summary-heading">{tr(Key::FieldMinutesSummary)}</h2>
                <p class="ds-paragraph app-prewrap" data-testid="minutes-summary">{s}</p>
            </section>
        })}
        <section class="app-section" aria-labelledby="print-items-heading">
            <h2 class="ds-heading" data-size="sm" id="print-items-heading">{tr(Key::AgendaTitle)}</h2>
            <ol class="app-agenda">
                {detail.agenda.iter().map(|item| {
                    let label = item_label(i18n, item);
                    view! {
                        <li class="app-agenda__item" data-testid="print-item">
                            <h3 class="ds-heading" data-size="xs"><span class="app-agenda__label">{label}</span> " " {item.title.clone()}</h3>
                            <p class="ds-paragraph"><strong>{tr(Key::DecisionLabel)}</strong></p>
                            <p class="ds-paragraph app-prewrap" data-testid="print-decision">
                                {item.decision.clone().unwrap_or_else(|| i18n.t(Key::NoDecision).to_owned())}
                            </p>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        {(!detail.action_items.is_empty()).then(|| view! {
            <section class="app-section" aria-labelledby="print-actions-heading">
                <h2 class="ds-heading" data-size="sm" id="print-actions-heading">{tr(Key::ActionItemsSectionTitle)}</h2>
                <ul class="ds-list">
                    {detail.action_items.iter().map(|a| {
                        let status = labels::action_status(a.status);
                        let owner = a.owner_name.clone().map(|o| format!(" – {o}")).unwrap_or_default();
                        let due = a.due_date.as_deref().map(|d| format!(" ({} {})", i18n.t(Key::ActionDue), time::format_iso_date(d))).unwrap_or_default();
                        view! { <li>{a.title.clone()} {owner} {due} " – " {tr(status)}</li> }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
    .into_any()
}

/// The attendance of a meeting grouped by status, for the minutes.
#[component]
fn AttendanceSummary(records: Vec<AttendanceRecord>) -> impl IntoView {
    let groups: Vec<(Key, Vec<AttendanceRecord>)> = [
        Some(AttendanceStatus::InPerson),
        Some(AttendanceStatus::Remote),
        Some(AttendanceStatus::Excused),
        Some(AttendanceStatus::Absent),
        None,
    ]
    .into_iter()
    .map(|status| {
        let key = status.map_or(Key::AttendanceNotRecorded, labels::attendance_status);
        (key, records.iter().filter(|r| r.status == status).cloned().collect::<Vec<_>>())
    })
    .filter(|(_, list)| !list.is_empty())
    .collect();
    view! {
        <dl class="app-facts app-attendance-summary" data-testid="minutes-attendance">
            {groups.into_iter().map(|(key, list)| {
                let names = list.iter().map(|r| match r.reason.as_deref().filter(|_| r.status == Some(AttendanceStatus::Excused)) {
                    Some(reason) => format!("{} ({reason})", r.name),
                    None => r.name.clone(),
                }).collect::<Vec<_>>().join(", ");
                view! { <dt>{tr(key)} {format!(" ({})", list.len())}</dt><dd>{names}</dd> }
            }).collect_view()}
        </dl>
    }
}
