//! The agenda of a meeting ("Sak 3/26"), with case papers and attachments, and the proposals GPs make. On the
//! meeting page; organisers add, change and reorder items (move up/down buttons, keyboard accessible), upload
//! attachments, and accept or decline proposals with a reason the proposer sees.

use legeting_shared::meetings::{AgendaItem, AgendaItemInput, MeetingStatus, Proposal, ProposalInput, ProposalStatus};
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiFailure};
use crate::format::format_bytes;
use crate::forms::{
    ErrorSummary, FailureAlert, Form, FormError, Notice, SubmitButton, TextAreaField, TextField, focus_id,
};
use crate::i18n::{Key, tr, use_i18n};
use crate::labels::{self, Tag};
use crate::pages::meetings::context::use_meeting;
use crate::time;

/// "Sak 3/26" in the current language.
pub fn item_label(i18n: crate::i18n::I18n, item: &AgendaItem) -> String {
    format!("{} {}", i18n.t(Key::AgendaItemPrefix), item.label)
}

/// The agenda, with the organisers' tools.
#[component]
pub fn AgendaSection() -> impl IntoView {
    let ctx = use_meeting();
    let i18n = use_i18n();
    let agenda = Memo::new(move |_| ctx.detail.with(|d| d.as_ref().map(|d| d.agenda.clone()).unwrap_or_default()));
    let status = Memo::new(move |_| ctx.status());
    let organise = Memo::new(move |_| ctx.organise());
    let open = Memo::new(move |_| {
        organise.get() && !matches!(status.get(), MeetingStatus::Cancelled | MeetingStatus::MinutesApproved)
    });
    let decisions = Memo::new(move |_| organise.get() || status.get() == MeetingStatus::MinutesApproved);
    let announcement = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiFailure>);
    let moving = RwSignal::new(false);
    let move_item = move |item_id: String, up: bool| {
        if moving.get_untracked() {
            return;
        }
        let mut order: Vec<String> = agenda.get_untracked().into_iter().map(|i| i.id).collect();
        let Some(index) = order.iter().position(|id| *id == item_id) else { return };
        let target = if up { index.checked_sub(1) } else { Some(index + 1).filter(|t| *t < order.len()) };
        let Some(target) = target else { return };
        order.swap(index, target);
        moving.set(true);
        failure.set(None);
        let meeting_id = ctx.id.get_untracked();
        let count = order.len();
        spawn_local(async move {
            let result = api::meetings::reorder_agenda(&meeting_id, &order).await;
            moving.set(false);
            match result {
                Ok(items) => {
                    let label = items.iter().find(|i| i.id == item_id).map(|i| item_label(i18n, i)).unwrap_or_default();
                    ctx.detail.update(|d| {
                        if let Some(d) = d {
                            d.agenda = items;
                        }
                    });
                    announcement.set(format!("{label} {} {}.", i18n.t(Key::AgendaMovedTo), target + 1));
                    // Keep focus on the button that was pressed, unless the item reached the end it moved towards.
                    let at_edge = if up { target == 0 } else { target + 1 == count };
                    let direction = if up != at_edge { "up" } else { "down" };
                    focus_id(format!("agenda-{direction}-{item_id}"));
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <section class="app-section" aria-labelledby="agenda-heading">
            <h2 class="ds-heading" data-size="sm" id="agenda-heading">{tr(Key::AgendaTitle)}</h2>
            <p class="ds-paragraph app-sr-status" role="status">{move || announcement.get()}</p>
            {move || failure.get().map(|failure| view! { <FailureAlert failure /> })}
            {move || {
                let items = agenda.get();
                if items.is_empty() {
                    return view! { <p class="ds-paragraph" data-testid="agenda-none">{tr(Key::AgendaNone)}</p> }.into_any();
                }
                let count = items.len();
                                view! {
                    <ol class="app-agenda" data-testid="agenda">
                        {items
                            .into_iter()
                            .enumerate()
                            .map(|(index, item)| {
                                                                view! {
                                    <AgendaItemView
                                        item
                                        index
                                        count
                                        open=open.get_untracked()
                                        decisions=decisions.get_untracked()
                                        on_move=Callback::new(move |(id, up): (String, bool)| move_item(id, up))
                                    />
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }}
            <Show when=move || open.get()>
                <AddAgendaItem />
            </Show>
        </section>
    }
}

#[component]
fn AgendaItemView(
    item: AgendaItem,
    index: usize,
    count: usize,
    open: bool,
    decisions: bool,
    on_move: Callback<(String, bool)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = item_label(i18n, &item);
    let heading_id = format!("agenda-item-{}", item.id);
    let editing = RwSignal::new(false);
    let attachments = item.attachments.clone();
    let papers = if item.papers_closed_to_me {
        view! { <p class="ds-paragraph app-muted" data-testid="papers-closed">{tr(Key::PapersClosed)}</p> }.into_any()
    } else {
        item.description
            .clone()
            .map(|d| view! { <p class="ds-paragraph app-prewrap" data-testid="agenda-description">{d}</p> })
            .into_any()
    };
    let decision = item.decision.clone().filter(|_| decisions).map(|d| {
        view! {
            <div class="app-decision" data-testid="agenda-decision">
                <p class="ds-paragraph"><strong>{tr(Key::DecisionLabel)}</strong></p>
                <p class="ds-paragraph app-prewrap">{d}</p>
            </div>
        }
    });
    let tools = open.then(|| {
        let (up_id, down_id) = (format!("agenda-up-{}", item.id), format!("agenda-down-{}", item.id));
        let (id_up, id_down) = (item.id.clone(), item.id.clone());
        let edit_id = format!("agenda-edit-{}", item.id);
        let sr = format!(" {label}");
        view! {
            <div class="app-actions app-agenda__tools">
                <button type="button" class="ds-button" data-variant="secondary" data-size="sm" id=up_id disabled=index == 0
                    data-testid="agenda-up" on:click=move |_| on_move.run((id_up.clone(), true))>
                    {tr(Key::MoveUp)} <span class="ds-sr-only">{sr.clone()}</span>
                </button>
                <button type="button" class="ds-button" data-variant="secondary" data-size="sm" id=down_id disabled=index + 1 == count
                    data-testid="agenda-down" on:click=move |_| on_move.run((id_down.clone(), false))>
                    {tr(Key::MoveDown)} <span class="ds-sr-only">{sr.clone()}</span>
                </button>
                <button type="button" class="ds-button" data-variant="tertiary" data-size="sm"
                    aria-expanded=move || if editing.get() { "true" } else { "false" } aria-controls=edit_id
                    data-testid="agenda-edit" on:click=move |_| editing.update(|e| *e = !*e)>
                    {tr(Key::Change)} <span class="ds-sr-only">{sr.clone()}</span>
                </button>
            </div>
            <EditAgendaItem item=item.clone() editing />
            <UploadAttachment item_id=item.id.clone() label=label.clone() />
        }
    });
    view! {
        <li class="app-agenda__item" data-testid="agenda-item" data-item-id=item.id.clone()>
            <h3 class="ds-heading" data-size="xs" id=heading_id>
                <span class="app-agenda__label" data-testid="agenda-label">{label.clone()}</span> " " {item.title.clone()}
            </h3>
            {item.proposer_name.clone().map(|name| view! { <p class="ds-paragraph" data-size="sm">{tr(Key::ProposedBy)} " " {name}</p> })}
            {papers}
            {(!attachments.is_empty()).then(|| view! {
                <ul class="app-attachments" aria-label=tr(Key::AttachmentsLabel)>
                    {attachments.iter().map(|a| {
                        let size = a.size_bytes;
                        view! {
                            <li>
                                <a class="ds-link" href=api::meetings::attachment_url(&a.id) download=a.file_name.clone() data-testid="attachment">{a.file_name.clone()}</a>
                                " " <span class="app-muted">{move || format!("({})", format_bytes(size, i18n.lang()))}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {decision}
            {tools}
        </li>
    }
}

#[component]
fn EditAgendaItem(item: AgendaItem, editing: RwSignal<bool>) -> impl IntoView {
    let ctx = use_meeting();
    let form = Form::with_id(format!("agenda-edit-{}", item.id), &["title", "description"]);
    let title = RwSignal::new(item.title.clone());
    let description = RwSignal::new(item.description.clone().unwrap_or_default());
    let id = item.id.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let missing = form.required(&[("title", &title.get_untracked())]);
        let input = AgendaItemInput {
            title: title.get_untracked(),
            description: Some(description.get_untracked()).filter(|d| !d.trim().is_empty()),
        };
        let id = id.clone();
        form.submit(missing, async move { api::meetings::update_agenda_item(&id, &input).await }, move |_| {
            editing.set(false);
            ctx.reload();
        });
    };
    view! {
        <form id=format!("agenda-edit-{}", item.id) class="app-form" novalidate hidden=move || !editing.get() on:submit=submit>
            <ErrorSummary form />
            <TextField form field="title" label=Key::FieldItemTitle value=title autocomplete="off" />
            <TextAreaField form field="description" label=Key::FieldCasePaper value=description optional=true rows=6 />
            <SubmitButton form label=Key::SaveChanges size="sm" />
        </form>
    }
}

#[component]
fn UploadAttachment(item_id: String, label: String) -> impl IntoView {
    let ctx = use_meeting();
    let input = NodeRef::<Input>::new();
    let form = Form::with_id(format!("attach-{item_id}"), &["file"]);
    let notice = RwSignal::new(None::<Key>);
    let file_id = form.input_id("file");
    let error_id = format!("{file_id}-error");
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let Some(file) = input.get().and_then(|i| i.files()).and_then(|f| f.get(0)) else {
            form.fail(vec![FormError { field: Some("file"), key: Key::ChooseFileFirst }]);
            return;
        };
        if !form.begin() {
            return;
        }
        let item_id = item_id.clone();
        spawn_local(async move {
            let name = file.name();
            let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            let Some(bytes) = buffer.ok().and_then(|b| b.dyn_into::<js_sys::ArrayBuffer>().ok()) else {
                form.fail(vec![FormError { field: Some("file"), key: Key::ErrorUnexpected }]);
                return;
            };
            match api::meetings::upload_attachment(&item_id, &name, &bytes).await {
                Ok(_) => {
                    form.done();
                    if let Some(input) = input.get_untracked() {
                        input.set_value("");
                    }
                    notice.set(Some(Key::AttachmentUploaded));
                    ctx.reload();
                }
                Err(failure) => {
                    let key =
                        if failure.status() == Some(413) { Key::ErrorPayloadTooLarge } else { failure.message_key() };
                    form.fail(vec![FormError { field: Some("file"), key }]);
                }
            }
        });
    };
    view! {
        <form class="app-upload" novalidate on:submit=submit>
            <ErrorSummary form />
            <div class="ds-field">
                <label class="ds-label" data-size="sm" for=file_id.clone()>
                    {tr(Key::AttachFile)} <span class="ds-sr-only">{format!(" – {label}")}</span>
                </label>
                <p data-field="description" id=format!("{file_id}-description")>{tr(Key::AttachFileHelp)}</p>
                <input
                    class="ds-input"
                    type="file"
                    id=file_id.clone()
                    node_ref=input
                    data-testid="attachment-file"
                    accept=".pdf,.docx,.xlsx,.pptx,.odt,.png,.jpg,.jpeg,.txt"
                    aria-invalid=move || form.error_for("file").map(|_| "true")
                    aria-describedby={
                        let description = format!("{file_id}-description");
                        move || match form.error_for("file") {
                            Some(_) => format!("{description} {error_id}"),
                            None => description.clone(),
                        }
                    }
                />
                {move || form.error_for("file").map(|key| view! {
                    <p class="ds-validation-message" data-field="validation" id=format!("{}-error", form.input_id("file"))>{tr(key)}</p>
                })}
            </div>
            <SubmitButton form label=Key::Upload variant="secondary" size="sm" testid="attachment-upload" />
            <Notice message=notice />
        </form>
    }
}

#[component]
fn AddAgendaItem() -> impl IntoView {
    let ctx = use_meeting();
    let form = Form::new("agenda-new", &["title", "description"]);
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<Key>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let missing = form.required(&[("title", &title.get_untracked())]);
        let input = AgendaItemInput {
            title: title.get_untracked(),
            description: Some(description.get_untracked()).filter(|d| !d.trim().is_empty()),
        };
        let id = ctx.id.get_untracked();
        form.submit(missing, async move { api::meetings::add_agenda_item(&id, &input).await }, move |_| {
            title.set(String::new());
            description.set(String::new());
            notice.set(Some(Key::AgendaItemAdded));
            ctx.reload();
            focus_id(form.input_id("title"));
        });
    };
    view! {
        <h3 class="ds-heading" data-size="xs" id="agenda-new-heading">{tr(Key::AddAgendaItem)}</h3>
        <form class="app-form" novalidate aria-labelledby="agenda-new-heading" on:submit=submit>
            <ErrorSummary form />
            <TextField form field="title" label=Key::FieldItemTitle value=title autocomplete="off" />
            <TextAreaField form field="description" label=Key::FieldCasePaper value=description optional=true rows=6 description=Key::CasePaperHelp />
            <SubmitButton form label=Key::AddAgendaItem variant="secondary" testid="add-agenda-item" />
            <Notice message=notice />
        </form>
    }
}

/// "Propose an item" (when allowed) and the proposals: one's own with their state and any reason, or, for
/// organisers, all of them with accept / decline.
#[component]
pub fn ProposalsSection() -> impl IntoView {
    let ctx = use_meeting();
    let organise = Memo::new(move |_| ctx.organise());
    let can_propose = Memo::new(move |_| ctx.detail.with(|d| d.as_ref().is_some_and(|d| d.can_propose)));
    let proposals =
        Memo::new(move |_| ctx.detail.with(|d| d.as_ref().map(|d| d.proposals.clone()).unwrap_or_default()));
    let status = Memo::new(move |_| ctx.status());
    let open = Memo::new(move |_| {
        organise.get() && !matches!(status.get(), MeetingStatus::Cancelled | MeetingStatus::MinutesApproved)
    });
    let deadline = Memo::new(move |_| ctx.detail.with(|d| d.as_ref().and_then(|d| d.meeting.proposal_deadline_at)));
    let visible = move || organise.get() || can_propose.get() || !proposals.with(Vec::is_empty);
    view! {
        <Show when=visible>
            <section class="app-section" aria-labelledby="proposals-heading">
                <h2 class="ds-heading" data-size="sm" id="proposals-heading">{tr(Key::ProposalsTitle)}</h2>
                <Show when=move || can_propose.get()>
                    <ProposeForm deadline=deadline.get_untracked() />
                </Show>
                {move || {
                    let list = proposals.get();
                    if list.is_empty() {
                        return organise.get().then(|| view! { <p class="ds-paragraph" data-testid="proposals-none">{tr(Key::ProposalsNone)}</p> }).into_any();
                    }
                    let heading = if organise.get() { Key::ProposalsAll } else { Key::ProposalsMine };
                    view! {
                        <h3 class="ds-heading" data-size="xs">{tr(heading)}</h3>
                        <ul class="app-proposals">
                            {list.into_iter().map(|proposal| view! { <ProposalView proposal handle=open.get_untracked() /> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </section>
        </Show>
    }
}

#[component]
fn ProposeForm(deadline: Option<i64>) -> impl IntoView {
    let ctx = use_meeting();
    let form = Form::new("propose", &["title", "description"]);
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<Key>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let missing = form.required(&[("title", &title.get_untracked())]);
        if !missing.is_empty() {
            form.fail(missing);
            return;
        }
        if !form.begin() {
            return;
        }
        let input = ProposalInput {
            title: title.get_untracked(),
            description: Some(description.get_untracked()).filter(|d| !d.trim().is_empty()),
        };
        let id = ctx.id.get_untracked();
        spawn_local(async move {
            match api::meetings::propose(&id, &input).await {
                Ok(_) => {
                    form.done();
                    title.set(String::new());
                    description.set(String::new());
                    notice.set(Some(Key::ProposalSent));
                    ctx.reload();
                }
                Err(failure) if failure.status() == Some(409) => {
                    form.fail(vec![FormError { field: None, key: Key::ProposalDeadlinePassed }]);
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    view! {
        <h3 class="ds-heading" data-size="xs" id="propose-heading">{tr(Key::ProposeItem)}</h3>
        <p class="ds-paragraph">
            {tr(Key::ProposeIntro)}
            {deadline.map(|at| view! { " " {tr(Key::ProposeDeadline)} " " <strong>{time::format_oslo(at)}</strong> "." })}
        </p>
        <form class="app-form" novalidate aria-labelledby="propose-heading" on:submit=submit>
            <ErrorSummary form />
            <TextField form field="title" label=Key::FieldItemTitle value=title autocomplete="off" />
            <TextAreaField form field="description" label=Key::FieldProposalText value=description optional=true rows=5 description=Key::ProposalTextHelp />
            <SubmitButton form label=Key::SendProposal testid="send-proposal" />
            <Notice message=notice />
        </form>
    }
}

#[component]
fn ProposalView(proposal: Proposal, handle: bool) -> impl IntoView {
    let ctx = use_meeting();
    let declining = RwSignal::new(false);
    let form = Form::with_id(format!("decline-{}", proposal.id), &["reason"]);
    let reason = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiFailure>);
    let pending = proposal.status == ProposalStatus::Pending;
    let id = proposal.id.clone();
    let accept = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            failure.set(None);
            spawn_local(async move {
                match api::meetings::accept_proposal(&id).await {
                    Ok(_) => {
                        ctx.reload();
                        focus_id("agenda-heading".into());
                    }
                    Err(error) => failure.set(Some(error)),
                }
            });
        }
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let missing = form.required(&[("reason", &reason.get_untracked())]);
        if !missing.is_empty() {
            form.fail(missing);
            return;
        }
        if !form.begin() {
            return;
        }
        let id = id.clone();
        let text = reason.get_untracked();
        spawn_local(async move {
            match api::meetings::decline_proposal(&id, text).await {
                Ok(_) => {
                    form.done();
                    ctx.reload();
                    focus_id("proposals-heading".into());
                }
                Err(error) => form.fail_api(&error),
            }
        });
    };
    let form_id = format!("decline-form-{}", proposal.id);
    let sr = format!(" {}", proposal.title);
    view! {
        <li class="ds-card app-proposal" data-testid="proposal" data-proposal-id=proposal.id.clone()>
            <p class="ds-paragraph"><strong data-testid="proposal-title">{proposal.title.clone()}</strong></p>
            <p class="ds-paragraph app-meeting__meta" data-size="sm">
                <span>{tr(Key::ProposedBy)} " " {proposal.proposer_name.clone()}</span>
                <span>{time::format_oslo(proposal.created_at)}</span>
                <span data-testid="proposal-status"><Tag key=labels::proposal_status(proposal.status) color=labels::proposal_status_color(proposal.status) /></span>
            </p>
            {proposal.description.clone().map(|d| view! { <p class="ds-paragraph app-prewrap">{d}</p> })}
            {proposal.reason.clone().map(|r| view! {
                <p class="ds-paragraph" data-testid="proposal-reason">{tr(Key::DeclineReasonLabel)} " " {r}</p>
            })}
            {move || failure.get().map(|failure| view! { <FailureAlert failure /> })}
            {(handle && pending).then(|| view! {
                <div class="app-actions">
                    <button type="button" class="ds-button" data-size="sm" data-testid="accept-proposal" on:click=accept.clone()>
                        {tr(Key::AcceptProposal)} <span class="ds-sr-only">{sr.clone()}</span>
                    </button>
                    <button type="button" class="ds-button" data-variant="secondary" data-size="sm" data-testid="decline-proposal"
                        aria-expanded=move || if declining.get() { "true" } else { "false" } aria-controls=form_id.clone()
                        on:click=move |_| {
                            declining.update(|d| *d = !*d);
                            if declining.get_untracked() {
                                focus_id(form.input_id("reason"));
                            }
                        }>
                        {tr(Key::DeclineProposal)} <span class="ds-sr-only">{sr.clone()}</span>
                    </button>
                </div>
                <form id=form_id.clone() class="app-form" novalidate hidden=move || !declining.get() on:submit=submit.clone()>
                    <ErrorSummary form />
                    <TextAreaField form field="reason" label=Key::DeclineReason value=reason description=Key::DeclineReasonHelp rows=3 />
                    <SubmitButton form label=Key::SendDecline size="sm" testid="confirm-decline" />
                </form>
            })}
        </li>
    }
}
