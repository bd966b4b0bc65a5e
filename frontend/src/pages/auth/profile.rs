//! `/profil`: one's own name, phone and language (saving the language also switches the app), one's password,
//! and signing out of every device.

use legeting_shared::auth::{Me, ProfileInput};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::forms::{ErrorSummary, Form, Loading, Notice, SelectField, SubmitButton, TextField};
use crate::i18n::{Key, Lang, tr, use_i18n};
use crate::pages::auth::sign_in::PasswordForm;
use crate::pages::calendar::CalendarFeedSection;
use crate::pages::mail::MailPreferencesSection;
use crate::session::{GuardedPage, Session, use_session};

/// `/profil`
#[component]
pub fn Profile() -> impl IntoView {
    view! {
        <GuardedPage title=Key::ProfileTitle allowed=Session::is_signed_in>
            <ProfileSections />
        </GuardedPage>
    }
}

#[component]
fn ProfileSections() -> impl IntoView {
    let session = use_session();
    let Some(me) = session.me_untracked() else { return ().into_any() };
    let me_id = Memo::new(move |_| session.me().map(|me| me.id));
    // `Me` has no phone number; read it from the person's own entry in their municipality, when they have one.
    let phone = LocalResource::new(move || {
        let municipality = session.municipality_id();
        let id = me_id.get();
        async move {
            match (municipality, id) {
                (Some(municipality), Some(id)) => api::person(&municipality, &id).await.ok().and_then(|p| p.phone),
                _ => None,
            }
        }
    });
    let email = me.email.clone();
    view! {
        <p class="ds-paragraph">
            {tr(Key::ProfileSignedInAs)} " " <strong data-testid="profile-email">{email}</strong>
        </p>
        <section class="app-section" aria-labelledby="about-heading">
            <h2 class="ds-heading" data-size="sm" id="about-heading">{tr(Key::ProfileAboutYou)}</h2>
            {move || match phone.get() {
                None => view! { <Loading /> }.into_any(),
                Some(phone) => view! { <ProfileForm me=me.clone() phone /> }.into_any(),
            }}
        </section>
        <CalendarFeedSection />
        <MailPreferencesSection />
        <PasswordSection />
        <SignOutEverywhere />
    }
    .into_any()
}

#[component]
fn ProfileForm(me: Me, phone: Option<String>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let form = Form::new("profile", &["name", "phone", "language"]);
    let name = RwSignal::new(me.name.clone());
    let phone = RwSignal::new(phone.unwrap_or_default());
    let language = RwSignal::new(Lang::from_tag(&me.language).unwrap_or_default().tag().to_owned());
    let notice = RwSignal::new(None::<Key>);
    let languages = Signal::derive(move || {
        vec![
            (Lang::Nb.tag().to_owned(), i18n.t(Key::LanguageNb).to_owned()),
            (Lang::En.tag().to_owned(), i18n.t(Key::LanguageEn).to_owned()),
        ]
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let input = ProfileInput {
            name: name.get_untracked(),
            phone: Some(phone.get_untracked()).filter(|p| !p.trim().is_empty()),
            language: language.get_untracked(),
        };
        let missing = form.required(&[("name", &input.name)]);
        form.submit(missing, api::update_profile(input), move |me| {
            if let Some(lang) = Lang::from_tag(&me.language) {
                i18n.set_lang(lang);
            }
            session.set_me(Some(me));
            notice.set(Some(Key::ProfileSaved));
        });
    };
    view! {
        <form class="app-form" novalidate on:submit=submit>
            <ErrorSummary form />
            <TextField form field="name" label=Key::FieldName value=name autocomplete="name" />
            <TextField form field="phone" label=Key::FieldPhone value=phone kind="tel" autocomplete="tel" optional=true />
            <SelectField form field="language" label=Key::FieldLanguage value=language options=languages />
            <SubmitButton form label=Key::SaveProfile />
            <Notice message=notice />
        </form>
    }
}

#[component]
fn PasswordSection() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let has_password = Memo::new(move |_| session.me().is_some_and(|me| me.has_password));
    let notice = RwSignal::new(None::<Key>);
    let on_saved = move || {
        notice.set(Some(Key::PasswordSaved));
        spawn_local(async move {
            if let Ok(Some(me)) = api::me().await {
                session.set_me(Some(me));
            }
        });
    };
    view! {
        <section class="app-section" aria-labelledby="password-section-heading">
            <h2 class="ds-heading" data-size="sm" id="password-section-heading">{tr(Key::PasswordSectionTitle)}</h2>
            <p class="ds-paragraph">
                {move || i18n.t(if has_password.get() { Key::PasswordIsSet } else { Key::PasswordNotSet })}
            </p>
            <PasswordForm form_id="new-password" submit_label=Key::SavePassword on_saved ask_current=has_password />
            <Notice message=notice />
        </section>
    }
}

#[component]
fn SignOutEverywhere() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let form = Form::new("everywhere", &[]);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::logout_everywhere().await {
                Ok(()) => {
                    form.done();
                    session.set_me(None);
                    session.set_flash(Key::SignedOutEverywhereNotice);
                    navigate("/innlogging", NavigateOptions::default());
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    view! {
        <section class="app-section" aria-labelledby="everywhere-heading">
            <h2 class="ds-heading" data-size="sm" id="everywhere-heading">{tr(Key::SignOutEverywhereTitle)}</h2>
            <p class="ds-paragraph">{tr(Key::SignOutEverywhereIntro)}</p>
            <form class="app-form" novalidate on:submit=submit>
                <ErrorSummary form />
                <SubmitButton form label=Key::SignOutEverywhere variant="secondary" />
            </form>
        </section>
    }
}
