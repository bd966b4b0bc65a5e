//! The pages e-mails lead to, and mail settings:
//! - `/svar?token=…`: a one-click answer from a meeting notice. Opening the page records nothing (mail
//!   scanners open links too); the person confirms with a button, and gives a reason for absence.
//! - `/avmelding?token=…`: stop one kind of notification mail, confirmed with a button.
//! - [`MailPreferencesSection`] on `/profil`: which notification mail to get (transactional mail always goes).
//! - `/utsendelser`: the municipality's mail queue and failures, for administrators.

use legeting_shared::mail::{
    MailCategory, MailPreferences, OutboxMail, OutboxOverview, RsvpLink, RsvpLinkInput, Unsubscribe,
};
use legeting_shared::meetings::RsvpAnswer;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiFailure, encode_component};
use crate::forms::{CheckboxField, ErrorSummary, FailureAlert, Form, Loading, Notice, TextAreaField};
use crate::i18n::{Key, tr, use_page_title};
use crate::session::{Guarded, Session, use_access, use_session};
use crate::time;

fn answer_key(answer: RsvpAnswer) -> Key {
    match answer {
        RsvpAnswer::InPerson => Key::MailAnswerInPerson,
        RsvpAnswer::Remote => Key::MailAnswerRemote,
        RsvpAnswer::Absent => Key::MailAnswerAbsent,
    }
}

fn category_key(category: MailCategory) -> Key {
    match category {
        MailCategory::Reminders => Key::MailCategoryReminders,
        MailCategory::AgendaCalls => Key::MailCategoryAgendaCalls,
        MailCategory::Minutes => Key::MailCategoryMinutes,
        MailCategory::ActionItems => Key::MailCategoryActionItems,
        MailCategory::Information => Key::MailCategoryInformation,
        MailCategory::Digest => Key::MailCategoryDigest,
    }
}

/// `/svar?token=…`
#[component]
pub fn AnswerFromMail() -> impl IntoView {
    use_page_title(Key::MailAnswerTitle);
    let query = use_query_map();
    let token = Memo::new(move |_| query.with(|q| q.get("token").unwrap_or_default()));
    let link = LocalResource::new(move || {
        let token = token.get();
        async move { api::get_json::<RsvpLink>(&format!("/api/rsvp-links/{}", encode_component(&token))).await }
    });
    view! {
        <h1 class="ds-heading" data-size="lg" tabindex="-1">{tr(Key::MailAnswerTitle)}</h1>
        {move || match link.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
            Some(Ok(link)) => view! { <AnswerForm link token=token.get_untracked() /> }.into_any(),
        }}
    }
}

#[component]
fn AnswerForm(link: RsvpLink, token: String) -> impl IntoView {
    let form = Form::new("answer", &["reason"]);
    let reason = RwSignal::new(String::new());
    let done = RwSignal::new(None::<Key>);
    let reason_required = link.reason_required;
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if reason_required {
            let missing = form.required(&[("reason", &reason.get_untracked())]);
            if !missing.is_empty() {
                form.fail(missing);
                return;
            }
        }
        if !form.begin() {
            return;
        }
        let token = token.clone();
        let input = RsvpLinkInput { reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()) };
        spawn_local(async move {
            match api::post_json::<_, RsvpLink>(&format!("/api/rsvp-links/{}", encode_component(&token)), &input).await
            {
                Ok(_) => {
                    form.done();
                    done.set(Some(Key::MailAnswerSaved));
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    let meeting_path = format!("/moter/{}", link.meeting_id);
    view! {
        <section class="ds-card app-section" aria-labelledby="answer-meeting">
            <h2 class="ds-heading" data-size="md" id="answer-meeting">{link.meeting_title.clone()}</h2>
            <p class="ds-paragraph">{time::format_span(link.starts_at, link.ends_at)}</p>
            {link.location.clone().map(|place| view! { <p class="ds-paragraph">{place}</p> })}
            <p class="ds-paragraph">{tr(Key::MailAnswerFor)}" "{link.person_name.clone()}</p>
            {link.current.clone().map(|current| view! {
                <p class="ds-paragraph" data-testid="answer-current">{tr(Key::MailAnswerCurrent)}" "{tr(answer_key(current.answer))}</p>
            })}
        </section>
        <Notice message=done />
        {if !link.open {
            view! { <div class="ds-alert" data-color="warning" role="alert"><p class="ds-paragraph">{tr(Key::MailAnswerClosed)}</p></div> }.into_any()
        } else {
            view! {
                <Show when=move || done.get().is_none()>
                    <form class="app-form" novalidate on:submit=submit.clone()>
                        <ErrorSummary form />
                        <p class="ds-paragraph app-lead">{tr(answer_key(link.answer))}</p>
                        {reason_required.then(|| view! { <TextAreaField form field="reason" label=Key::MailAnswerReason value=reason rows=3 /> })}
                        <button type="submit" class="ds-button" data-testid="answer-confirm">{tr(Key::MailAnswerConfirm)}</button>
                    </form>
                </Show>
            }.into_any()
        }}
        <p class="ds-paragraph"><A href=meeting_path attr:class="ds-link">{tr(Key::MailAnswerSeeMeeting)}</A></p>
    }
}

/// `/avmelding?token=…`
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    use_page_title(Key::MailUnsubscribeTitle);
    let query = use_query_map();
    let token = Memo::new(move |_| query.with(|q| q.get("token").unwrap_or_default()));
    let info = LocalResource::new(move || {
        let token = token.get();
        async move { api::get_json::<Unsubscribe>(&format!("/api/unsubscribe/{}", encode_component(&token))).await }
    });
    let done = RwSignal::new(None::<Key>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let confirm = move |_| {
        let token = token.get_untracked();
        spawn_local(async move {
            match api::post_empty::<Unsubscribe>(&format!("/api/unsubscribe/{}", encode_component(&token))).await {
                Ok(_) => done.set(Some(Key::MailUnsubscribed)),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <h1 class="ds-heading" data-size="lg" tabindex="-1">{tr(Key::MailUnsubscribeTitle)}</h1>
        <Notice message=done />
        {move || failure.get().map(|failure| view! { <FailureAlert failure /> })}
        {move || match info.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
            Some(Ok(info)) => view! {
                <p class="ds-paragraph">{tr(Key::MailUnsubscribeWhat)}" "<strong>{tr(category_key(info.category))}</strong>" ("{info.email.clone()}")"</p>
                <p class="ds-paragraph">{tr(Key::MailUnsubscribeTransactional)}</p>
                <Show when=move || done.get().is_none()>
                    <button type="button" class="ds-button" data-testid="unsubscribe-confirm" on:click=confirm>{tr(Key::MailUnsubscribeConfirm)}</button>
                </Show>
            }.into_any(),
        }}
    }
}

/// Which notification mail to get; on the profile page.
#[component]
pub fn MailPreferencesSection() -> impl IntoView {
    let prefs =
        LocalResource::new(|| async { api::get_json::<MailPreferences>("/api/auth/me/mail-preferences").await });
    let notice = RwSignal::new(None::<Key>);
    view! {
        <section class="app-section" aria-labelledby="mail-preferences-heading">
            <h2 class="ds-heading" data-size="sm" id="mail-preferences-heading">{tr(Key::MailPreferencesTitle)}</h2>
            <p class="ds-paragraph">{tr(Key::MailPreferencesIntro)}</p>
            <Notice message=notice />
            {move || match prefs.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                Some(Ok(current)) => view! { <PreferencesForm current notice /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn PreferencesForm(current: MailPreferences, notice: RwSignal<Option<Key>>) -> impl IntoView {
    let reminders = RwSignal::new(current.reminders);
    let agenda_calls = RwSignal::new(current.agenda_calls);
    let minutes = RwSignal::new(current.minutes);
    let action_items = RwSignal::new(current.action_items);
    let information = RwSignal::new(current.information);
    let digest = RwSignal::new(current.digest);
    let form = Form::new("mail-preferences", &[]);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let input = MailPreferences {
            reminders: reminders.get_untracked(),
            agenda_calls: agenda_calls.get_untracked(),
            minutes: minutes.get_untracked(),
            action_items: action_items.get_untracked(),
            information: information.get_untracked(),
            digest: digest.get_untracked(),
        };
        spawn_local(async move {
            match api::put_json::<_, MailPreferences>("/api/auth/me/mail-preferences", &input).await {
                Ok(_) => {
                    form.done();
                    notice.set(Some(Key::MailPreferencesSaved));
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    view! {
        <form class="app-form" novalidate on:submit=submit>
            <ErrorSummary form />
            <CheckboxField id="mail-reminders".into() label=Key::MailCategoryReminders checked=reminders />
            <CheckboxField id="mail-agenda-calls".into() label=Key::MailCategoryAgendaCalls checked=agenda_calls />
            <CheckboxField id="mail-minutes".into() label=Key::MailCategoryMinutes checked=minutes />
            <CheckboxField id="mail-action-items".into() label=Key::MailCategoryActionItems checked=action_items />
            <CheckboxField id="mail-information".into() label=Key::MailCategoryInformation checked=information />
            <CheckboxField id="mail-digest".into() label=Key::MailCategoryDigest checked=digest />
            <button type="submit" class="ds-button" data-variant="secondary" data-testid="save-mail-preferences">{tr(Key::SaveChanges)}</button>
        </form>
    }
}

/// `/utsendelser`
#[component]
pub fn OutboxPage() -> impl IntoView {
    use_page_title(Key::OutboxTitle);
    let access = use_access(Session::is_admin);
    view! {
        <h1 class="ds-heading" data-size="lg" tabindex="-1">{tr(Key::OutboxTitle)}</h1>
        <Guarded access>
            <OutboxView />
        </Guarded>
    }
}

#[component]
fn OutboxView() -> impl IntoView {
    let session = use_session();
    let overview = LocalResource::new(move || {
        let id = session.municipality_id();
        async move {
            match id {
                Some(id) => {
                    api::get_json::<OutboxOverview>(&format!("/api/municipalities/{}/outbox", encode_component(&id)))
                        .await
                        .map(Some)
                }
                None => Ok(None),
            }
        }
    });
    view! {
        <p class="ds-paragraph">{tr(Key::OutboxIntro)}</p>
        {move || match overview.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
            Some(Ok(None)) => view! { <p class="ds-paragraph">{tr(Key::ErrorForbidden)}</p> }.into_any(),
            Some(Ok(Some(overview))) => view! {
                <ul class="app-counts" data-testid="outbox-counts">
                    <li><span class="app-count">{overview.counts.pending}</span>" "{tr(Key::OutboxPending)}</li>
                    <li><span class="app-count">{overview.counts.sent}</span>" "{tr(Key::OutboxSent)}</li>
                    <li><span class="app-count" data-testid="outbox-failed">{overview.counts.failed}</span>" "{tr(Key::OutboxFailed)}</li>
                </ul>
                <MailTable caption=Key::OutboxFailuresHeading mails=overview.failures />
                <MailTable caption=Key::OutboxQueueHeading mails=overview.queued />
            }.into_any(),
        }}
    }
}

#[component]
fn MailTable(caption: Key, mails: Vec<OutboxMail>) -> impl IntoView {
    view! {
        <h2 class="ds-heading" data-size="sm">{tr(caption)}</h2>
        {if mails.is_empty() {
            view! { <p class="ds-paragraph">{tr(Key::OutboxNone)}</p> }.into_any()
        } else {
            view! {
                <div class="app-table-scroll" role="region" aria-label=tr(caption) tabindex="0">
                    <table class="ds-table">
                        <caption class="ds-sr-only">{tr(caption)}</caption>
                        <thead><tr>
                            <th scope="col">{tr(Key::OutboxRecipient)}</th>
                            <th scope="col">{tr(Key::OutboxSubject)}</th>
                            <th scope="col" class="app-number">{tr(Key::OutboxAttempts)}</th>
                            <th scope="col">{tr(Key::OutboxError)}</th>
                        </tr></thead>
                        <tbody>
                            {mails.into_iter().map(|mail| view! {
                                <tr>
                                    <td>{mail.to_email}</td>
                                    <th scope="row">{mail.subject}</th>
                                    <td class="app-number">{mail.attempts}</td>
                                    <td>{mail.last_error.unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}
