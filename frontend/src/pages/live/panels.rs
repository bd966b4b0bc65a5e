//! The live room's panels: the connection state, the speakers list, the polls, the discussion (with replies
//! and editing in place) and who is present. They read the room through the [`RoomHandle`]'s memos and change
//! it through the reducer's small methods or by sending a command; none of them holds room state of its own
//! beyond what is being typed.

use legeting_shared::live::{ChatMessage, ClientMessage, MAX_MESSAGE_CHARS, Poll, PresentPerson};
use legeting_shared::meetings::AgendaItem;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::connection::{self, Connection};
use super::state::{Room, may_edit};
use super::{RoomHandle, focus_later};
use crate::i18n::{Key, tr, use_i18n};
use crate::pages::meetings::agenda::item_label;
use crate::time;

/// The `id` of the text field of the form that edits a message.
pub(super) const EDIT_TEXT_ID: &str = "live-edit-text";

#[component]
pub(super) fn ConnectionStatus(state: RoomHandle) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="app-live-status" role="status" data-testid="live-connection" data-state=move || match state.connection.get() {
            Connection::Connected => "connected",
            Connection::Connecting => "connecting",
            Connection::Waiting(_) => "waiting",
        }>
            {move || match state.connection.get() {
                Connection::Connected => i18n.t(Key::LiveConnected).to_owned(),
                Connection::Connecting => i18n.t(Key::LiveConnecting).to_owned(),
                Connection::Waiting(seconds) => crate::format::fill(i18n.t(Key::LiveReconnectingIn), &[seconds.to_string()]),
            }}
        </p>
    }
}

#[component]
pub(super) fn SpeakersPanel(state: RoomHandle) -> impl IntoView {
    let i18n = use_i18n();
    let now = RwSignal::new(time::now_ms());
    let ticker = set_interval_with_handle(move || now.set(time::now_ms()), std::time::Duration::from_secs(1)).ok();
    on_cleanup(move || {
        if let Some(ticker) = ticker {
            ticker.clear();
        }
    });
    let listed = Memo::new(move |_| state.room.with(Room::hand_raised));
    let speaking_time = RwSignal::new(String::from("0"));
    view! {
        <section class="app-section" aria-labelledby="live-speakers-heading">
            <h2 class="ds-heading" data-size="sm" id="live-speakers-heading">{tr(Key::LiveSpeakers)}</h2>
            <p class="ds-paragraph" data-testid="live-current-speaker">
                {move || match state.speakers.with(|s| s.current.clone()) {
                    Some(current) => format!("{} {}", i18n.t(Key::LiveNowSpeaking), current.name),
                    None => i18n.t(Key::LiveNobodySpeaking).to_owned(),
                }}
                {move || state.speakers.with(|s| s.current_until).map(|until| {
                    let left = ((until - now.get()) / 1000).max(0);
                    view! { " " <span class="app-countdown">{format!("{}:{:02}", left / 60, left % 60)}</span> }
                })}
            </p>
            <ol class="app-live-list" data-testid="live-waiting">
                {move || state.speakers.with(|s| s.waiting.clone()).into_iter().enumerate().map(|(index, speaker)| {
                    let id = speaker.person_id.clone();
                    view! {
                        <li>
                            {speaker.name.clone()}
                            <Show when=move || state.chair.get()>
                                {
                                    let id = id.clone();
                                    let up = move |_| {
                                        let order = state.room.with_untracked(|room| room.speakers_moving_up(index));
                                        state.send(ClientMessage::ReorderSpeakers { person_ids: order });
                                    };
                                    view! {
                                        <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" on:click=up disabled=index == 0>
                                            {tr(Key::MoveUp)}<span class="ds-sr-only">{format!(" {id}")}</span>
                                        </button>
                                    }
                                }
                            </Show>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <div class="app-actions">
                <button type="button" class="ds-button" data-testid="live-hand" aria-pressed=move || listed.get().to_string()
                    on:click=move |_| state.send(if listed.get_untracked() { ClientMessage::LowerHand } else { ClientMessage::RaiseHand })>
                    {move || if listed.get() { tr(Key::LiveLowerHand)() } else { tr(Key::LiveRaiseHand)() }}
                </button>
                <Show when=move || state.chair.get()>
                    <button type="button" class="ds-button" data-variant="secondary" data-testid="live-next-speaker"
                        on:click=move |_| state.send(ClientMessage::NextSpeaker)>
                        {tr(Key::LiveNextSpeaker)}
                    </button>
                    <label class="ds-label" for="live-speaking-time">{tr(Key::LiveSpeakingTime)}</label>
                    <select class="ds-input" id="live-speaking-time" prop:value=move || speaking_time.get()
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            speaking_time.set(value.clone());
                            state.send(ClientMessage::SetSpeakingTime { seconds: value.parse().unwrap_or(0) });
                        }>
                        <option value="0">{tr(Key::LiveUnlimited)}</option>
                        <option value="60">"1 min"</option>
                        <option value="120">"2 min"</option>
                        <option value="180">"3 min"</option>
                        <option value="300">"5 min"</option>
                    </select>
                </Show>
            </div>
        </section>
    }
}

#[component]
pub(super) fn PollsPanel(state: RoomHandle, agenda: Vec<AgendaItem>) -> impl IntoView {
    let i18n = use_i18n();
    let question = RwSignal::new(String::new());
    let options = RwSignal::new(String::new());
    let secret = RwSignal::new(false);
    let item = RwSignal::new(String::new());
    let open_poll = move |ev: SubmitEvent| {
        ev.prevent_default();
        let options: Vec<String> =
            options.get_untracked().lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        state.send(ClientMessage::OpenPoll {
            client_id: format!("poll-{}", time::now_ms()),
            agenda_item_id: Some(item.get_untracked()).filter(|i| !i.is_empty()),
            question: question.get_untracked(),
            options,
            secret: secret.get_untracked(),
        });
        question.set(String::new());
    };
    view! {
        <section class="app-section" aria-labelledby="live-polls-heading">
            <h2 class="ds-heading" data-size="sm" id="live-polls-heading">{tr(Key::LivePolls)}</h2>
            {move || {
                let polls = state.polls.get();
                if polls.is_empty() {
                    view! { <p class="ds-paragraph">{tr(Key::LiveNoPolls)}</p> }.into_any()
                } else {
                    polls.into_iter().rev().map(|poll| view! { <PollCard state poll /> }).collect_view().into_any()
                }
            }}
            <Show when=move || state.chair.get()>
                <form class="app-form" on:submit=open_poll data-testid="live-open-poll">
                    <h3 class="ds-heading" data-size="xs">{tr(Key::LiveOpenPoll)}</h3>
                    <div class="ds-field">
                        <label class="ds-label" for="live-question">{tr(Key::LiveQuestion)}</label>
                        <input class="ds-input" id="live-question" prop:value=move || question.get() on:input=move |ev| question.set(event_target_value(&ev)) />
                    </div>
                    <div class="ds-field">
                        <label class="ds-label" for="live-options">{tr(Key::LiveOptions)}</label>
                        <p data-field="description" id="live-options-hint">{tr(Key::LiveOptionsHint)}</p>
                        <textarea class="ds-input" id="live-options" rows="3" aria-describedby="live-options-hint"
                            prop:value=move || options.get() on:input=move |ev| options.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="ds-field">
                        <label class="ds-label" for="live-poll-item">{tr(Key::LiveAgendaItem)}</label>
                        <select class="ds-input" id="live-poll-item" on:change=move |ev| item.set(event_target_value(&ev))>
                            <option value="">{tr(Key::LiveWholeMeeting)}</option>
                            {agenda.iter().map(|i| view! { <option value=i.id.clone()>{format!("{} {}", item_label(i18n, i), i.title)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="ds-field">
                        <input class="ds-input" type="checkbox" id="live-secret" prop:checked=move || secret.get() on:change=move |ev| secret.set(event_target_checked(&ev)) />
                        <label class="ds-label" for="live-secret">{tr(Key::LiveSecretBallot)}</label>
                    </div>
                    <button type="submit" class="ds-button" data-testid="live-start-poll">{tr(Key::LiveStartPoll)}</button>
                </form>
            </Show>
        </section>
    }
}

#[component]
fn PollCard(state: RoomHandle, poll: Poll) -> impl IntoView {
    let i18n = use_i18n();
    let poll_id = poll.id.clone();
    let voted = Memo::new({
        let poll_id = poll_id.clone();
        move |_| state.voted.with(|v| v.contains(&poll_id))
    });
    let question_id = format!("poll-{}-question", poll.id);
    let kind = if poll.secret { Key::LiveSecret } else { Key::LiveOpen };
    view! {
        <article class="ds-card app-poll" data-testid="live-poll" data-open=poll.open.to_string()>
            <h3 class="ds-heading" data-size="xs" id=question_id.clone()>{poll.question.clone()}</h3>
            <p class="ds-paragraph" data-size="sm">{tr(kind)}" · "{crate::format::fill(i18n.t(Key::LiveVotesCast), &[poll.votes_cast.to_string()])}</p>
            {if poll.open {
                let options = poll.options.clone();
                view! {
                    <div class="app-actions" role="group" aria-labelledby=question_id.clone()>
                        {options.into_iter().enumerate().map(|(index, option)| {
                            let poll_id = poll_id.clone();
                            let label = format!("{} {option}", i18n.t(Key::LiveVoteFor));
                            view! {
                                <button type="button" class="ds-button" data-variant="secondary" data-testid="live-vote"
                                    aria-label=label disabled=move || voted.get()
                                    on:click=move |_| {
                                        state.room.update(|room| room.voted.push(poll_id.clone()));
                                        state.send(ClientMessage::Vote { client_id: format!("vote-{index}"), poll_id: poll_id.clone(), option: index });
                                    }>
                                    {option.clone()}
                                </button>
                            }
                        }).collect_view()}
                        <Show when=move || state.chair.get()>
                            {
                                let poll_id = poll_id.clone();
                                view! {
                                    <button type="button" class="ds-button" data-variant="tertiary" data-testid="live-close-poll"
                                        on:click=move |_| state.send(ClientMessage::ClosePoll { poll_id: poll_id.clone() })>
                                        {tr(Key::LiveClosePoll)}
                                    </button>
                                }
                            }
                        </Show>
                    </div>
                    <Show when=move || voted.get()>
                        <p class="ds-paragraph" data-testid="live-voted">{tr(Key::LiveVoteRecorded)}</p>
                    </Show>
                }.into_any()
            } else {
                let results = poll.results.clone().unwrap_or_default();
                view! {
                    <table class="ds-table" data-testid="live-results">
                        <caption class="ds-sr-only">{tr(Key::LiveResults)}</caption>
                        <thead><tr><th scope="col">{tr(Key::LiveOption)}</th><th scope="col" class="app-number">{tr(Key::LiveVotes)}</th></tr></thead>
                        <tbody>
                            {poll.options.iter().zip(results).map(|(option, count)| view! {
                                <tr><th scope="row">{option.clone()}</th><td class="app-number">{count}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </article>
    }
}

/// The start of a message for a reply's context line: at most 80 characters.
fn quote(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 80 { flat } else { format!("{}…", flat.chars().take(79).collect::<String>()) }
}

/// The `id` of a message's list item (the target of "Reply to …" links).
pub(super) fn message_anchor(message_id: &str) -> String {
    format!("melding-{message_id}")
}

/// The `id` of the button that edits a message (focus returns there when editing ends).
pub(super) fn edit_button_id(message_id: &str) -> String {
    format!("live-edit-{message_id}")
}

/// What the discussion's rows share: the composer's reply target, the text of the edit form, and a clock.
#[derive(Clone, Copy)]
struct DiscussionState {
    replying: RwSignal<Option<ChatMessage>>,
    edit_text: RwSignal<String>,
    /// Now, in unix ms, updated every few seconds so that edit buttons go away when the time is up.
    now: RwSignal<i64>,
}

#[component]
pub(super) fn Discussion(state: RoomHandle, agenda: Vec<AgendaItem>) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let item = RwSignal::new(String::new());
    let shared = DiscussionState {
        replying: RwSignal::new(None),
        edit_text: RwSignal::new(String::new()),
        now: RwSignal::new(time::now_ms()),
    };
    let ticker =
        set_interval_with_handle(move || shared.now.set(time::now_ms()), std::time::Duration::from_secs(10)).ok();
    on_cleanup(move || {
        if let Some(ticker) = ticker {
            ticker.clear();
        }
    });
    let replying = shared.replying;
    let items = agenda.clone();
    let post = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        state.send(ClientMessage::Post {
            client_id: format!("post-{}", time::now_ms()),
            agenda_item_id: Some(item.get_untracked()).filter(|i| !i.is_empty()),
            reply_to: replying.get_untracked().map(|m| m.id),
            text: body,
        });
        text.set(String::new());
        replying.set(None);
    };
    let cancel_reply = move || {
        replying.set(None);
        focus_later(vec!["live-text".to_owned()]);
    };
    view! {
        <section class="app-section" aria-labelledby="live-discussion-heading">
            <h2 class="ds-heading" data-size="sm" id="live-discussion-heading">{tr(Key::LiveDiscussion)}</h2>
            // Keyed rows: a row is rebuilt only when its own message changes, so a message arriving while one
            // edits in place does not take the focus or the typed text away.
            <Show when=move || state.older.get()>
                <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" data-testid="live-older"
                    on:click=move |_| connection::load_older(state)>{tr(Key::LiveOlderMessages)}</button>
            </Show>
            <ol class="app-live-messages" data-testid="live-messages">
                <For
                    each=move || state.messages.get()
                    key=|m| (m.id.clone(), m.text.clone(), m.edited, m.hidden_reason.clone())
                    children=move |message| {
                        let topic = message.agenda_item_id.as_ref()
                            .and_then(|id| items.iter().find(|i| &i.id == id))
                            .map(|i| item_label(i18n, i));
                        view! { <MessageItem state shared message topic /> }
                    }
                />
            </ol>
            <form class="app-form" on:submit=post>
                <div class="ds-field">
                    <label class="ds-label" for="live-topic">{tr(Key::LiveAgendaItem)}</label>
                    <select class="ds-input" id="live-topic" on:change=move |ev| item.set(event_target_value(&ev))>
                        <option value="">{tr(Key::LiveWholeMeeting)}</option>
                        {agenda.iter().map(|i| view! { <option value=i.id.clone()>{format!("{} {}", item_label(i18n, i), i.title)}</option> }).collect_view()}
                    </select>
                </div>
                {move || replying.get().map(|message| view! {
                    <div class="app-live-replying" data-testid="live-replying">
                        <p class="ds-paragraph" data-size="sm" id="live-replying-to">
                            {crate::format::fill(i18n.t(Key::LiveReplyingTo), &[message.name.clone(), quote(&message.text)])}
                        </p>
                        <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" data-testid="live-cancel-reply"
                            on:click=move |_| cancel_reply()>
                            {tr(Key::LiveCancelReply)}
                        </button>
                    </div>
                })}
                <div class="ds-field">
                    <label class="ds-label" for="live-text">{tr(Key::LiveYourMessage)}</label>
                    <p data-field="description" id="live-text-count">
                        {move || crate::format::fill(i18n.t(Key::LiveCharactersLeft), &[MAX_MESSAGE_CHARS.saturating_sub(text.with(|t| t.chars().count())).to_string()])}
                    </p>
                    <textarea class="ds-input" id="live-text" rows="3" maxlength=MAX_MESSAGE_CHARS.to_string()
                        aria-describedby=move || if replying.with(Option::is_some) { "live-replying-to live-text-count" } else { "live-text-count" }
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" && replying.with_untracked(Option::is_some) {
                            ev.prevent_default();
                            cancel_reply();
                        }
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" class="ds-button" data-testid="live-send">{tr(Key::LiveSend)}</button>
            </form>
        </section>
    }
}

/// One message: who and when, what it answers, its text (or the form that edits it), and its buttons.
#[component]
fn MessageItem(
    state: RoomHandle,
    shared: DiscussionState,
    message: ChatMessage,
    topic: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = message.id.clone();
    let visible = message.hidden_reason.is_none();
    let answers = message.reply_to.clone().map(|original_id| {
        let original = Memo::new(move |_| {
            state.messages.with(|all| all.iter().find(|m| m.id == original_id).map(|m| (m.id.clone(), m.name.clone())))
        });
        view! {
            <p class="ds-paragraph" data-size="sm" data-testid="live-reply-to">
                {move || match original.get() {
                    Some((original_id, name)) => {
                        let anchor = message_anchor(&original_id);
                        view! {
                            // The router would only scroll; this also moves the focus to the original message.
                            <a class="ds-link" href=format!("#{anchor}")
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_later(vec![anchor.clone()]);
                                }>
                                {crate::format::fill(i18n.t(Key::LiveReplyTo), &[name])}
                            </a>
                        }.into_any()
                    }
                    None => view! { {tr(Key::LiveReplyToEarlier)} }.into_any(),
                }}
            </p>
        }
    });
    let editing = Memo::new({
        let id = id.clone();
        move |_| state.editing.with(|e| e.as_deref() == Some(id.as_str()))
    });
    let editable = Memo::new({
        let message = message.clone();
        move |_| state.me.with(|me| may_edit(me, &message, shared.now.get()))
    });
    let header = view! {
        <p class="ds-paragraph" data-size="sm">
            <strong>{message.name.clone()}</strong>" · "{time::format_oslo_time(message.at)}
            {topic.map(|t| format!(" · {t}"))}
            {message.edited.then(|| format!(" · {}", i18n.t(Key::LiveEdited)))}
        </p>
    };
    let body = move || {
        if editing.get() {
            return view! { <EditForm state shared message=message.clone() /> }.into_any();
        }
        let text = match message.hidden_reason.clone() {
            Some(reason) => view! { <p class="ds-paragraph"><em>{crate::format::fill(i18n.t(Key::LiveHidden), &[reason])}</em></p> }.into_any(),
            None => view! { <p class="ds-paragraph app-live-text" data-testid="live-message-text">{message.text.clone()}</p> }.into_any(),
        };
        let to_answer = message.clone();
        let to_edit = message.clone();
        let to_hide = message.id.clone();
        let edit_label = crate::format::fill(i18n.t(Key::LiveEditMessageFrom), &[time::format_oslo_time(message.at)]);
        view! {
            {text}
            <div class="app-actions">
                {visible.then(|| view! {
                    <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" data-testid="live-reply"
                        aria-label=crate::format::fill(i18n.t(Key::LiveReplyToName), std::slice::from_ref(&to_answer.name))
                        on:click=move |_| {
                            shared.replying.set(Some(to_answer.clone()));
                            focus_later(vec!["live-text".to_owned()]);
                        }>
                        {tr(Key::LiveReply)}
                    </button>
                })}
                <Show when=move || editable.get()>
                    {
                        let to_edit = to_edit.clone();
                        view! {
                            <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" data-testid="live-edit"
                                id=edit_button_id(&to_edit.id) aria-label=edit_label.clone()
                                on:click=move |_| {
                                    shared.edit_text.set(to_edit.text.clone());
                                    state.room.update(|room| room.start_editing(&to_edit.id));
                                    focus_later(vec![EDIT_TEXT_ID.to_owned()]);
                                }>
                                {tr(Key::LiveEditMessage)}
                            </button>
                        }
                    }
                </Show>
                <Show when=move || visible && state.chair.get()>
                    {
                        let to_hide = to_hide.clone();
                        view! {
                            <button type="button" class="ds-button" data-variant="tertiary" data-size="sm"
                                on:click=move |_| state.send(ClientMessage::Hide { client_id: format!("hide-{to_hide}"), message_id: to_hide.clone(), reason: i18n.t(Key::LiveHiddenByChair).to_owned() })>
                                {tr(Key::LiveHide)}
                            </button>
                        }
                    }
                </Show>
            </div>
        }.into_any()
    };
    view! {
        <li data-testid="live-message" id=message_anchor(&id) tabindex="-1">
            {header}
            {answers}
            {body}
        </li>
    }
}

/// Editing one's own message in place. The form stays until the server has taken the change (its
/// `MessageEdited` event ends it) or refused it (the refusal is shown here).
#[component]
fn EditForm(state: RoomHandle, shared: DiscussionState, message: ChatMessage) -> impl IntoView {
    let i18n = use_i18n();
    let edit_text = shared.edit_text;
    let error = state.edit_error;
    let cancel = {
        let id = message.id.clone();
        move || state.stop_editing(&id)
    };
    let save = {
        let message = message.clone();
        let cancel = cancel.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = edit_text.get_untracked().trim().to_owned();
            if body.is_empty() || body.chars().count() > MAX_MESSAGE_CHARS {
                state.room.update(|room| room.edit_error = Some(Key::LiveErrorMessageLength));
                focus_later(vec![EDIT_TEXT_ID.to_owned()]);
                return;
            }
            if body == message.text.trim() {
                // Nothing changed: nothing to send, and no "(edited)" to show.
                cancel();
                return;
            }
            let client_id = format!("edit-{}-{}", message.id, time::now_ms());
            state.room.update(|room| room.edit_sent(client_id.clone()));
            state.send(ClientMessage::Edit { client_id, message_id: message.id.clone(), text: body });
        }
    };
    let escape = {
        let cancel = cancel.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" {
                ev.prevent_default();
                cancel();
            }
        }
    };
    view! {
        <form class="app-form app-live-edit" on:submit=save on:keydown=escape data-testid="live-edit-form">
            <div class="ds-field">
                <label class="ds-label" for=EDIT_TEXT_ID>{tr(Key::LiveEditYourMessage)}</label>
                <p data-field="description" id="live-edit-hint">
                    {crate::format::fill(i18n.t(Key::LiveEditingMessageFrom), &[time::format_oslo_time(message.at)])}
                </p>
                <textarea class="ds-input" id=EDIT_TEXT_ID rows="3" maxlength=MAX_MESSAGE_CHARS.to_string()
                    aria-describedby=move || if error.with(Option::is_some) { "live-edit-hint live-edit-error" } else { "live-edit-hint" }
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    prop:value=move || edit_text.get() on:input=move |ev| edit_text.set(event_target_value(&ev))></textarea>
                {move || error.get().map(|key| view! {
                    <p class="ds-validation-message" data-field="validation" id="live-edit-error" data-testid="live-edit-error">{tr(key)}</p>
                })}
            </div>
            <div class="app-actions">
                <button type="submit" class="ds-button" data-size="sm" data-testid="live-edit-save">{tr(Key::LiveSaveEdit)}</button>
                <button type="button" class="ds-button" data-variant="secondary" data-size="sm" data-testid="live-edit-cancel"
                    on:click=move |_| cancel()>{tr(Key::Cancel)}</button>
            </div>
        </form>
    }
}

#[component]
pub(super) fn PresencePanel(state: RoomHandle) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    // In a listed room the list is searched here; in a big one the server answers (at most 50 names).
    let shown = Memo::new(move |_| {
        let query = query.get();
        state.room.with(|room| room.present_matching(&query))
    });
    let search = move |text: String| {
        query.set(text.clone());
        if !state.present_listed.get_untracked() {
            state.send(ClientMessage::FindPresent { query: text });
        }
    };
    view! {
        <section class="app-section" aria-labelledby="live-present-heading">
            <h2 class="ds-heading" data-size="sm" id="live-present-heading" data-testid="live-present-count">
                {move || crate::format::fill(i18n.t(Key::LivePresent), &[state.present_count.get().to_string()])}
            </h2>
            <details class="ds-details" on:toggle=move |_| {
                if !state.present_listed.get_untracked() {
                    state.send(ClientMessage::FindPresent { query: query.get_untracked() });
                }
            }>
                <summary>{tr(Key::LiveShowPresent)}</summary>
                <div class="ds-field">
                    <label class="ds-label" for="live-present-search">{tr(Key::LiveSearchPresent)}</label>
                    <input class="ds-input" type="search" id="live-present-search" data-testid="live-present-search"
                        prop:value=move || query.get()
                        on:input=move |ev| search(event_target_value(&ev)) />
                </div>
                <ul class="ds-list" data-testid="live-present">
                    {move || shown.get().into_iter().map(|p: PresentPerson| view! { <li>{p.name}</li> }).collect_view()}
                </ul>
                <Show when=move || !state.present_listed.get()>
                    <p class="ds-paragraph" data-size="sm">{tr(Key::LivePresentSearchHint)}</p>
                </Show>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_quotes_the_start_of_the_message_on_one_line_and_at_most_eighty_characters() {
        assert_eq!(quote("Hei\n  alle sammen"), "Hei alle sammen");
        let long = "ord ".repeat(40);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), 80);
        assert!(quoted.ends_with('…'));
    }
}
