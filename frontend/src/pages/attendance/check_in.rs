//! `/innsjekk?kode=…`: a GP checks in to the meeting going on now with the six-digit code shown in the room,
//! typed or prefilled from the QR code's link. One big button; the answer names the meeting.

use legeting_shared::participation::CheckedIn;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::forms::{ErrorSummary, Form, FormError, focus_id};
use crate::i18n::{Key, tr, use_i18n};
use crate::session::{GuardedPage, Session};
use crate::time;

/// `/innsjekk`
#[component]
pub fn CheckIn() -> impl IntoView {
    view! {
        <GuardedPage title=Key::CheckInPageTitle allowed=Session::is_signed_in>
            <CheckInForm />
        </GuardedPage>
    }
}

/// Only the digits of what was typed or scanned.
pub fn code_digits(typed: &str) -> String {
    typed.chars().filter(char::is_ascii_digit).collect()
}

#[component]
fn CheckInForm() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let form = Form::new("check-in", &["code"]);
    let code = RwSignal::new(query.with_untracked(|q| q.get("kode")).map(|c| code_digits(&c)).unwrap_or_default());
    let done = RwSignal::new(None::<CheckedIn>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let digits = code_digits(&code.get_untracked());
        if digits.len() != legeting_shared::participation::CHECK_IN_CODE_DIGITS {
            form.fail(vec![FormError { field: Some("code"), key: Key::ErrorCodeDigits }]);
            return;
        }
        if !form.begin() {
            return;
        }
        spawn_local(async move {
            match api::participation::check_in(digits).await {
                Ok(checked_in) => {
                    form.done();
                    done.set(Some(checked_in));
                    focus_id("check-in-done".into());
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    let id = form.input_id("code");
    let error_id = format!("{id}-error");
    view! {
        {move || done.get().map(|checked_in| {
            let href = format!("/moter/{}", checked_in.meeting_id);
            view! {
                <div class="ds-alert app-check-in-done" data-color="success" id="check-in-done" tabindex="-1" data-testid="check-in-done">
                    <p class="ds-paragraph">
                        {move || format!("{} «{}» {} {}.", i18n.t(Key::CheckedInTo), checked_in.meeting_title, i18n.t(Key::CheckedInAt), time::format_oslo_time(checked_in.arrived_at))}
                    </p>
                    <p class="ds-paragraph"><A href=href attr:class="ds-link">{tr(Key::GoToMeeting)}</A></p>
                </div>
            }
        })}
        <Show when=move || done.with(Option::is_none)>
            <p class="ds-paragraph">{tr(Key::CheckInIntro)}</p>
            <form class="app-form app-check-in-form" novalidate on:submit=submit>
                <ErrorSummary form />
                <div class="ds-field">
                    <label class="ds-label" for=id.clone()>{tr(Key::FieldCheckInCode)}</label>
                    <p data-field="description" id=format!("{id}-description")>{tr(Key::CheckInCodeHelp)}</p>
                    <input
                        class="ds-input app-code-input"
                        id=id.clone()
                        name="code"
                        type="text"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        maxlength="10"
                        required=true
                        aria-invalid=move || form.error_for("code").map(|_| "true")
                        aria-describedby={
                            let description = format!("{id}-description");
                            let error_id = error_id.clone();
                            move || match form.error_for("code") {
                                Some(_) => format!("{description} {error_id}"),
                                None => description.clone(),
                            }
                        }
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                    {
                        let error_id = error_id.clone();
                        move || form.error_for("code").map(|key| view! {
                            <p class="ds-validation-message" data-field="validation" id=error_id.clone()>{tr(key)}</p>
                        })
                    }
                </div>
                <button type="submit" class="ds-button app-big-button" data-size="lg" data-testid="check-in-submit" aria-disabled=move || form.is_busy().then_some("true")>
                    {tr(Key::CheckInButton)}
                </button>
            </form>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::code_digits;

    #[test]
    fn codes_keep_only_their_digits() {
        assert_eq!(code_digits(" 123 456 "), "123456");
        assert_eq!(code_digits("12-34-56"), "123456");
        assert_eq!(code_digits(""), "");
    }
}
