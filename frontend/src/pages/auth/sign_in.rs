//! Signing in: with e-mail and password, or with a one-time link by e-mail; asking for a password reset link;
//! and redeeming a link from an e-mail (`/innlogging/lenke?token=…`).
//!
//! The link page never redeems on load: mail scanners follow links, and would use up the one-time token. The
//! person presses "Sign in", which posts the token.
//!
//! Asking for a link always shows the same confirmation, so the page does not tell whether an address is known.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::forms::{ErrorSummary, Form, Notice, SubmitButton, TextField, focus_id};
use crate::i18n::{Key, tr, use_i18n, use_page_title};
use crate::session::use_session;

/// Where to go after signing in: the `neste` parameter when it is a path of this app, else the front page.
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path,
        _ => "/".to_owned(),
    }
}

/// `/innlogging`
#[component]
pub fn SignIn() -> impl IntoView {
    use_page_title(Key::SignInTitle);
    let session = use_session();
    let flash = RwSignal::new(session.take_flash());
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::SignInTitle)}</h1>
        <Notice message=flash />
        <Show when=move || session.is_signed_in()>
            <div class="ds-alert" data-color="info">
                <p class="ds-paragraph">
                    {tr(Key::SignInAlready)} " " <strong>{move || session.name()}</strong>
                </p>
            </div>
        </Show>
        <div class="app-columns">
            <section class="app-section" aria-labelledby="password-heading">
                <h2 class="ds-heading" data-size="sm" id="password-heading">{tr(Key::SignInWithPassword)}</h2>
                <PasswordSignIn />
                <p class="ds-paragraph">
                    <A href="/innlogging/nytt-passord" attr:class="ds-link">{tr(Key::ForgotPasswordLink)}</A>
                </p>
            </section>
            <section class="app-section" aria-labelledby="link-heading">
                <h2 class="ds-heading" data-size="sm" id="link-heading">{tr(Key::SignInWithLink)}</h2>
                <p class="ds-paragraph">{tr(Key::SignInWithLinkIntro)}</p>
                <EmailLinkForm
                    form_id="link"
                    submit=Key::SendMagicLink
                    sent=Key::MagicLinkSent
                    reset=false
                />
            </section>
        </div>
    }
}

#[component]
fn PasswordSignIn() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let query = use_query_map();
    let form = Form::new("login", &["email", "password"]);
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (email, password) = (email.get_untracked(), password.get_untracked());
        let missing = form.required(&[("email", &email), ("password", &password)]);
        let next = safe_next(query.with_untracked(|q| q.get("neste")));
        let navigate = navigate.clone();
        form.submit(missing, api::login(email, password), move |me| {
            session.signed_in(me, i18n);
            navigate(&next, NavigateOptions::default());
        });
    };
    view! {
        <form class="app-form" novalidate on:submit=submit>
            <ErrorSummary form />
            <TextField form field="email" label=Key::FieldEmail value=email kind="email" autocomplete="username" />
            <TextField
                form
                field="password"
                label=Key::FieldPassword
                value=password
                kind="password"
                autocomplete="current-password"
            />
            <SubmitButton form label=Key::SignInButton />
        </form>
    }
}

/// A form with an e-mail field that asks for a sign-in link (or, with `reset`, a password reset link), then
/// says "check your e-mail" whatever the answer.
#[component]
fn EmailLinkForm(form_id: &'static str, submit: Key, sent: Key, reset: bool) -> impl IntoView {
    let form = Form::new(form_id, &["email"]);
    let email = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<Key>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let address = email.get_untracked();
        let missing = form.required(&[("email", &address)]);
        if !missing.is_empty() {
            form.fail(missing);
            return;
        }
        if !form.begin() {
            return;
        }
        spawn_local(async move {
            let result =
                if reset { api::request_password_reset(address).await } else { api::request_magic_link(address).await };
            match result {
                Ok(()) => {
                    form.done();
                    notice.set(Some(sent));
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    view! {
        <form class="app-form" novalidate on:submit=on_submit>
            <ErrorSummary form />
            <TextField form field="email" label=Key::FieldEmail value=email kind="email" autocomplete="email" />
            <SubmitButton form label=submit variant="secondary" />
            <Notice message=notice />
        </form>
    }
}

/// `/innlogging/nytt-passord`: ask for a link to choose a new password.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    use_page_title(Key::ForgotPasswordTitle);
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::ForgotPasswordTitle)}</h1>
        <p class="ds-paragraph">{tr(Key::ForgotPasswordIntro)}</p>
        <EmailLinkForm form_id="reset" submit=Key::SendResetLink sent=Key::ResetLinkSent reset=true />
        <p class="ds-paragraph">
            <A href="/innlogging" attr:class="ds-link">{tr(Key::BackToSignIn)}</A>
        </p>
    }
}

/// `/innlogging/lenke?token=…`: press "Sign in" to redeem the link; then choose a password if asked to.
#[component]
pub fn LinkSignIn() -> impl IntoView {
    use_page_title(Key::LinkSignInTitle);
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let query = use_query_map();
    let token = Memo::new(move |_| query.with(|q| q.get("token")).filter(|t| !t.trim().is_empty()));
    let form = Form::new("redeem", &[]);
    // `Some(can_skip)` once signed in and asked to choose a password.
    let choose_password = RwSignal::new(None::<bool>);
    let submit = {
        let navigate = navigate.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let Some(token) = token.get_untracked() else { return };
            if !form.begin() {
                return;
            }
            let navigate = navigate.clone();
            spawn_local(async move {
                match api::redeem_link(token).await {
                    Ok(redeemed) => {
                        form.done();
                        let can_skip = !redeemed.me.has_password;
                        session.signed_in(redeemed.me, i18n);
                        if redeemed.must_set_password {
                            choose_password.set(Some(can_skip));
                            focus_id("choose-password-heading".to_owned());
                        } else {
                            navigate("/", NavigateOptions::default());
                        }
                    }
                    Err(failure) => form.fail_api(&failure),
                }
            });
        }
    };
    let go_home = move || navigate("/", NavigateOptions::default());
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::LinkSignInTitle)}</h1>
        {move || match (token.get(), choose_password.get()) {
            (None, _) => view! {
                <div class="ds-alert" data-color="warning">
                    <p class="ds-paragraph">{tr(Key::LinkMissingToken)}</p>
                </div>
                <p class="ds-paragraph">
                    <A href="/innlogging" attr:class="ds-link">{tr(Key::RequestNewLink)}</A>
                </p>
            }
                .into_any(),
            (Some(_), None) => view! {
                <p class="ds-paragraph">{tr(Key::LinkSignInIntro)}</p>
                <form class="app-form" novalidate on:submit=submit.clone()>
                    <ErrorSummary form />
                    <SubmitButton form label=Key::SignInButton testid="redeem" />
                </form>
                <p class="ds-paragraph">
                    <A href="/innlogging" attr:class="ds-link">{tr(Key::RequestNewLink)}</A>
                </p>
            }
                .into_any(),
            (Some(_), Some(can_skip)) => {
                let go_home = go_home.clone();
                let skip = go_home.clone();
                view! {
                    <section class="app-section" aria-labelledby="choose-password-heading">
                        <h2 class="ds-heading" data-size="sm" id="choose-password-heading" tabindex="-1">
                            {tr(Key::ChoosePasswordTitle)}
                        </h2>
                        <p class="ds-paragraph">{tr(Key::ChoosePasswordIntro)}</p>
                        <PasswordForm form_id="choose" submit_label=Key::SavePassword on_saved=go_home />
                        <Show when=move || can_skip>
                            <button
                                type="button"
                                class="ds-button"
                                data-variant="tertiary"
                                data-testid="skip-password"
                                on:click={
                                    let skip = skip.clone();
                                    move |_| skip()
                                }
                            >
                                {tr(Key::SkipPassword)}
                            </button>
                        </Show>
                    </section>
                }
                    .into_any()
            }
        }}
    }
}

/// Choose a (new) password; calls `on_saved` when the server has taken it.
#[component]
pub fn PasswordForm<F>(
    form_id: &'static str,
    submit_label: Key,
    on_saved: F,
    /// Ask for the current password too (changing one that is set, outside the link sign-in page).
    #[prop(optional, into)]
    ask_current: Option<Signal<bool>>,
) -> impl IntoView
where
    F: Fn() + Clone + 'static,
{
    let form = Form::new(form_id, &["current_password", "password"]);
    let ask_current = ask_current.unwrap_or_else(|| Signal::stored(false));
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let value = password.get_untracked();
        let current_value = ask_current.get_untracked().then(|| current.get_untracked());
        let mut required = Vec::new();
        if let Some(current_value) = &current_value {
            required.push(("current_password", current_value.as_str()));
        }
        required.push(("password", value.as_str()));
        let missing = form.required(&required);
        let on_saved = on_saved.clone();
        form.submit(missing, api::set_password(value, current_value), move |()| {
            current.set(String::new());
            password.set(String::new());
            on_saved();
        });
    };
    view! {
        <form class="app-form" novalidate on:submit=submit>
            <ErrorSummary form />
            <Show when=move || ask_current.get()>
                <TextField
                    form
                    field="current_password"
                    label=Key::FieldCurrentPassword
                    value=current
                    kind="password"
                    autocomplete="current-password"
                    description=Key::CurrentPasswordHelp
                />
            </Show>
            <TextField
                form
                field="password"
                label=Key::FieldNewPassword
                value=password
                kind="password"
                autocomplete="new-password"
                description=Key::PasswordRule
            />
            <SubmitButton form label=submit_label />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/personer".into())), "/personer");
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/");
        assert_eq!(safe_next(None), "/");
    }
}
