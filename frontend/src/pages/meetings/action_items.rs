//! `/oppgaver`: my action items that are not done yet, soonest due first, with their status to change.
//! [`ActionItemList`] is shared with the front page and the meeting page.

use legeting_shared::meetings::{ActionItem, ActionStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api;
use crate::forms::{FailureAlert, Loading};
use crate::i18n::{Key, tr, use_i18n};
use crate::labels;
use crate::session::{GuardedPage, Session, use_session};
use crate::time;

/// `/oppgaver`
#[component]
pub fn MyActionItems() -> impl IntoView {
    view! {
        <GuardedPage title=Key::ActionItemsTitle allowed=Session::is_signed_in>
            <p class="ds-paragraph">{tr(Key::ActionItemsIntro)}</p>
            <MyActionItemsList />
        </GuardedPage>
    }
}

#[component]
fn MyActionItemsList() -> impl IntoView {
    let items = LocalResource::new(api::meetings::my_action_items);
    move || match items.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="ds-paragraph" data-testid="actions-none">{tr(Key::ActionItemsNone)}</p> }.into_any()
        }
        Some(Ok(list)) => view! { <ActionItemList items=list editable=true /> }.into_any(),
    }
}

/// Action items as a list: what, which meeting, who, by when, and the status. With `editable`, the owner
/// (or an organiser, `organiser`) changes the status in place.
#[component]
pub fn ActionItemList(
    items: Vec<ActionItem>,
    editable: bool,
    #[prop(optional)] organiser: bool,
    /// Leave out the meeting (on the meeting's own page).
    #[prop(optional)]
    hide_meeting: bool,
) -> impl IntoView {
    let session = use_session();
    let me = session.me_untracked().map(|me| me.id);
    view! {
        <ul class="app-action-list" data-testid="action-items">
            {items
                .into_iter()
                .map(|item| {
                    let may_change = editable && (organiser || item.owner_id.is_some() && item.owner_id == me);
                    view! { <ActionItemRow item may_change hide_meeting /> }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn ActionItemRow(item: ActionItem, may_change: bool, hide_meeting: bool) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(item.status);
    let notice = RwSignal::new(None::<Key>);
    let select_id = format!("action-status-{}", item.id);
    let id = item.id.clone();
    let change = move |value: String| {
        let Some(next) = ActionStatus::parse(&value) else { return };
        let id = id.clone();
        notice.set(None);
        spawn_local(async move {
            match api::meetings::set_action_status(&id, next).await {
                Ok(saved) => {
                    status.set(saved.status);
                    notice.set(Some(Key::ActionStatusSaved));
                }
                Err(failure) => notice.set(Some(failure.message_key())),
            }
        });
    };
    let meeting = (!hide_meeting).then(|| {
        let href = format!("/moter/{}", item.meeting_id);
        view! {
            <span>{tr(Key::ActionFromMeeting)} " " <A href=href attr:class="ds-link">{item.meeting_title.clone()}</A></span>
        }
    });
    let owner = item.owner_name.clone().map(|name| view! { <span>{tr(Key::ActionOwner)} " " {name}</span> });
    let due = item
        .due_date
        .clone()
        .map(|date| view! { <span>{tr(Key::ActionDue)} " " {time::format_iso_date(&date)}</span> });
    let control = if may_change {
        view! {
            <div class="ds-field app-inline-field">
                <label class="ds-label" data-size="sm" for=select_id.clone()>
                    {tr(Key::ActionStatusLabel)}
                    <span class="ds-sr-only">{format!(": {}", item.title)}</span>
                </label>
                <select
                    class="ds-input"
                    data-size="sm"
                    data-width="auto"
                    id=select_id.clone()
                    data-testid="action-status"
                    on:change=move |ev| change(event_target_value(&ev))
                >
                    {ActionStatus::ALL
                        .iter()
                        .map(|s| {
                            let s = *s;
                            view! {
                                <option value=s.as_str() selected=move || status.get() == s>
                                    {tr(labels::action_status(s))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <span class="app-inline-status" role="status">{move || notice.get().map(|key| i18n.t(key))}</span>
            </div>
        }
        .into_any()
    } else {
        view! {
            <span class="ds-tag" data-size="sm" data-color=move || if status.get() == ActionStatus::Done { "success" } else { "info" } data-testid="action-status-tag">
                {move || i18n.t(labels::action_status(status.get()))}
            </span>
        }
        .into_any()
    };
    view! {
        <li class="ds-card app-action" data-testid="action-item">
            <p class="ds-paragraph app-action__title" data-testid="action-title">{item.title.clone()}</p>
            <p class="ds-paragraph app-meeting__meta" data-size="sm">{meeting} {owner} {due}</p>
            {control}
        </li>
    }
}
