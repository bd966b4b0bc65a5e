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
    // One request at a time; each clears the last status and failure and shows its own.
    let run = move |request: std::pin::Pin<Box<dyn Future<Output = Result<Option<String>, ApiFailure>>>>, done: Key| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        status.set(None);
        failure.set(None);
        spawn_local(async move {
            let result = request.await;
            busy.set(false);
            match result {
                Ok(made) => {
                    let made_one = made.is_some();
                    url.set(made);
                    status.set(Some(done));
                    if made_one {
                        focus_id("feed-url".into());
                    }
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let make =
        move |_| run(Box::pin(async { api::meetings::create_feed().await.map(|feed| Some(feed.url)) }), Key::FeedMade);
    let stop = move |_| run(Box::pin(async { api::meetings::revoke_feed().await.map(|()| None) }), Key::FeedStopped);
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
