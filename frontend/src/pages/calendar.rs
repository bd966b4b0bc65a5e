//! The personal calendar feed on `/profil`: make a secret subscription link (shown once, with a copy button),
//! make a new one (the old stops working), or stop it.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiFailure};
use crate::forms::{FailureAlert, focus_id};
use crate::i18n::{Key, tr, use_i18n};

#[component]
pub fn CalendarFeedSection() -> impl IntoView {
    let i18n = use_i18n();
    let url = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<Key>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let busy = RwSignal::new(false);
    let input = NodeRef::<Input>::new();
    let make = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        status.set(None);
        failure.set(None);
        spawn_local(async move {
            let result = api::meetings::create_feed().await;
            busy.set(false);
            match result {
                Ok(feed) => {
                    url.set(Some(feed.url));
                    status.set(Some(Key::FeedMade));
                    focus_id("feed-url".into());
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let stop = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        status.set(None);
        failure.set(None);
        spawn_local(async move {
            let result = api::meetings::revoke_feed().await;
            busy.set(false);
            match result {
                Ok(()) => {
                    url.set(None);
                    status.set(Some(Key::FeedStopped));
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let copy = move |_| {
        let Some(text) = url.get_untracked() else { return };
        if let Some(input) = input.get_untracked() {
            input.select();
        }
        let promise = window().navigator().clipboard().write_text(&text);
        spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            status.set(Some(if copied { Key::FeedCopied } else { Key::FeedCopyYourself }));
        });
    };
    view! {
        <section class="app-section" aria-labelledby="feed-heading">
            <h2 class="ds-heading" data-size="sm" id="feed-heading">{tr(Key::FeedTitle)}</h2>
            <p class="ds-paragraph">{tr(Key::FeedIntro)}</p>
            {move || url.get().map(|link| view! {
                <div class="ds-field app-feed">
                    <label class="ds-label" for="feed-url">{tr(Key::FeedUrlLabel)}</label>
                    <p data-field="description" id="feed-url-description">{tr(Key::FeedShownOnce)}</p>
                    <div class="app-copy">
                        <input class="ds-input" id="feed-url" type="text" readonly=true node_ref=input aria-describedby="feed-url-description" prop:value=link data-testid="feed-url" />
                        <button type="button" class="ds-button" data-variant="secondary" data-testid="feed-copy" on:click=copy>{tr(Key::Copy)}</button>
                    </div>
                </div>
            })}
            <div class="app-actions">
                <button type="button" class="ds-button" data-variant="secondary" data-testid="feed-make" aria-disabled=move || busy.get().then_some("true") on:click=make>
                    {tr(Key::FeedMake)}
                </button>
                <button type="button" class="ds-button" data-variant="tertiary" data-testid="feed-stop" aria-disabled=move || busy.get().then_some("true") on:click=stop>
                    {tr(Key::FeedStop)}
                </button>
            </div>
            <p class="ds-paragraph app-sr-status" role="status" data-testid="feed-status">{move || status.get().map(|key| i18n.t(key))}</p>
            {move || failure.get().map(|failure| view! { <FailureAlert failure /> })}
        </section>
    }
}
