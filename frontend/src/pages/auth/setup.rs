//! `/oppsett?token=…`: first-run setup. With the link the server printed at its first start, create the first
//! municipality and its administrator, sign in, and go on to the people list.

use legeting_shared::auth::SetupRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::forms::{ErrorSummary, FailureAlert, Form, FormError, Loading, SubmitButton, TextField};
use crate::i18n::{Key, tr, use_i18n, use_page_title};
use crate::session::use_session;

/// `/oppsett`
#[component]
pub fn Setup() -> impl IntoView {
    use_page_title(Key::SetupTitle);
    let status = LocalResource::new(api::setup_status);
    let query = use_query_map();
    let token = Memo::new(move |_| query.with(|q| q.get("token")).filter(|t| !t.trim().is_empty()));
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::SetupTitle)}</h1>
        {move || match (status.get(), token.get()) {
            (None, _) => view! { <Loading /> }.into_any(),
            (Some(Err(failure)), _) => view! { <FailureAlert failure /> }.into_any(),
            (Some(Ok(status)), _) if !status.needs_setup => view! {
                <div class="ds-alert" data-color="info" data-testid="setup-done">
                    <p class="ds-paragraph">{tr(Key::SetupAlreadyDone)}</p>
                    <p class="ds-paragraph">
                        <A href="/innlogging" attr:class="ds-link">{tr(Key::SignIn)}</A>
                    </p>
                </div>
            }
                .into_any(),
            (Some(Ok(_)), None) => view! {
                <div class="ds-alert" data-color="warning">
                    <p class="ds-paragraph">{tr(Key::SetupMissingToken)}</p>
                </div>
            }
                .into_any(),
            (Some(Ok(_)), Some(token)) => view! { <SetupForm token /> }.into_any(),
        }}
    }
}

#[component]
fn SetupForm(token: String) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let form = Form::new("setup", &["municipality_name", "number", "name", "email", "password"]);
    let municipality_name = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = SetupRequest {
            token: token.clone(),
            municipality_name: municipality_name.get_untracked(),
            municipality_number: Some(number.get_untracked()).filter(|n| !n.trim().is_empty()),
            name: name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        let missing: Vec<FormError> = form.required(&[
            ("municipality_name", &request.municipality_name),
            ("name", &request.name),
            ("email", &request.email),
            ("password", &request.password),
        ]);
        if !missing.is_empty() {
            form.fail(missing);
            return;
        }
        if !form.begin() {
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::setup(request).await {
                Ok(me) => {
                    form.done();
                    session.signed_in(me, i18n);
                    navigate("/personer", NavigateOptions::default());
                }
                Err(failure) if failure.code() == Some("conflict") => {
                    form.fail(vec![FormError { field: None, key: Key::SetupAlreadyDone }]);
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    view! {
        <p class="ds-paragraph">{tr(Key::SetupIntro)}</p>
        <form class="app-form" novalidate on:submit=submit>
            <ErrorSummary form />
            <fieldset class="ds-fieldset">
                <legend class="ds-heading" data-size="xs">{tr(Key::SetupMunicipalityLegend)}</legend>
                <TextField form field="municipality_name" label=Key::FieldMunicipalityName value=municipality_name autocomplete="organization" />
                <TextField
                    form
                    field="number"
                    label=Key::FieldMunicipalityNumber
                    value=number
                    inputmode="numeric"
                    description=Key::MunicipalityNumberHelp
                    optional=true
                />
            </fieldset>
            <fieldset class="ds-fieldset">
                <legend class="ds-heading" data-size="xs">{tr(Key::SetupAdminLegend)}</legend>
                <TextField form field="name" label=Key::FieldYourName value=name autocomplete="name" />
                <TextField form field="email" label=Key::FieldEmail value=email kind="email" autocomplete="email" />
                <TextField
                    form
                    field="password"
                    label=Key::FieldPassword
                    value=password
                    kind="password"
                    autocomplete="new-password"
                    description=Key::PasswordRule
                />
            </fieldset>
            <SubmitButton form label=Key::SetupSubmit />
        </form>
    }
}
