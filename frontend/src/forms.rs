//! Accessible form building blocks on Designsystemet: fields with their label, description and error message
//! (linked with `aria-describedby`, marked `aria-invalid`), an error summary that takes focus after a failed
//! submit and links to each field, a live region for confirmations, and focus helpers.
//!
//! A [`Form`] knows its id prefix and the server field names it shows, so an [`ApiFailure`] about one of them
//! lands beside that field (and in the summary), and anything else lands in the summary alone.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::ApiFailure;
use crate::i18n::{Key, tr, use_i18n};

/// Move keyboard focus to the element with `id` once the DOM has caught up with the latest change.
pub fn focus_id(id: String) {
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(&id)
            && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
        {
            let _ignored = element.focus();
        }
    });
}

/// Move focus to the page's `<h1>` (made focusable for the purpose), so a screen reader starts at the new
/// page after client-side navigation.
pub fn focus_heading() {
    request_animation_frame(|| {
        let Ok(Some(heading)) = document().query_selector("main h1") else { return };
        if !heading.has_attribute("tabindex") {
            let _ignored = heading.set_attribute("tabindex", "-1");
        }
        if let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>() {
            let _ignored = heading.focus();
        }
    });
}

/// One message of a form: the field it is about (if the form has that field) and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub field: Option<&'static str>,
    pub key: Key,
}

/// The state of one form: its errors and whether it is being sent.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    id: StoredValue<String>,
    fields: &'static [&'static str],
    errors: RwSignal<Vec<FormError>>,
    busy: RwSignal<bool>,
}

impl Form {
    /// A form whose inputs get ids `<id>-<field>`; `fields` are the server field names it shows.
    pub fn new(id: &'static str, fields: &'static [&'static str]) -> Form {
        Form::with_id(id.to_owned(), fields)
    }

    /// A form whose id is made at run time (one form per item of a list, say).
    pub fn with_id(id: String, fields: &'static [&'static str]) -> Form {
        Form { id: StoredValue::new(id), fields, errors: RwSignal::new(Vec::new()), busy: RwSignal::new(false) }
    }

    /// The id of the input for `field`.
    pub fn input_id(&self, field: &str) -> String {
        self.id.with_value(|id| format!("{id}-{}", field.replace('_', "-")))
    }

    fn summary_id(&self) -> String {
        self.id.with_value(|id| format!("{id}-errors"))
    }

    /// The error about `field`, if any (reactive).
    pub fn error_for(&self, field: &str) -> Option<Key> {
        self.errors.with(|errors| errors.iter().find(|e| e.field == Some(field)).map(|e| e.key))
    }

    /// Whether a request is under way (reactive).
    pub fn is_busy(&self) -> bool {
        self.busy.get()
    }

    /// Start sending: clear old errors and mark busy. Returns false if the form is already being sent.
    pub fn begin(&self) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.errors.set(Vec::new());
        self.busy.set(true);
        true
    }

    /// The request is done.
    pub fn done(&self) {
        self.busy.set(false);
    }

    /// Clear the errors.
    pub fn clear(&self) {
        self.errors.set(Vec::new());
    }

    /// Show `errors` and move focus to the summary.
    pub fn fail(&self, errors: Vec<FormError>) {
        self.busy.set(false);
        self.errors.set(errors);
        focus_id(self.summary_id());
    }

    /// Show a failure from the server: beside its field when this form has it, in the summary in any case.
    pub fn fail_api(&self, failure: &ApiFailure) {
        let field = failure.field().and_then(|field| self.fields.iter().copied().find(|f| *f == field));
        self.fail(vec![FormError { field, key: failure.message_key() }]);
    }

    /// Send the form. With `missing` (from [`Form::required`] and the page's own checks) not empty, show those
    /// and send nothing. Otherwise, unless a request is already under way: clear old errors, mark the form busy
    /// (the [`SubmitButton`] says so), await `request`, then hand its answer to `on_success` (which shows or
    /// announces the result) or show the server's refusal beside its field and in the summary, which takes
    /// the focus.
    pub fn submit<T: 'static>(
        &self,
        missing: Vec<FormError>,
        request: impl Future<Output = Result<T, ApiFailure>> + 'static,
        on_success: impl FnOnce(T) + 'static,
    ) {
        if !missing.is_empty() {
            self.fail(missing);
            return;
        }
        if !self.begin() {
            return;
        }
        let form = *self;
        spawn_local(async move {
            match request.await {
                Ok(answer) => {
                    form.done();
                    on_success(answer);
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    }

    /// Check a period's `from` and `to` dates (fields of those names): both filled in, and the end not before
    /// the start (ISO dates compare as text). Returns the errors.
    pub fn period(&self, from: &str, to: &str) -> Vec<FormError> {
        let mut errors = self.required(&[("from", from), ("to", to)]);
        if errors.is_empty() && to < from {
            errors.push(FormError { field: Some("to"), key: Key::ErrorPeriodOrder });
        }
        errors
    }

    /// Check that each `(field, value)` is filled in; returns the errors for the empty ones.
    pub fn required(&self, values: &[(&'static str, &str)]) -> Vec<FormError> {
        values
            .iter()
            .filter(|(_, value)| value.trim().is_empty())
            .map(|(field, _)| FormError { field: Some(*field), key: Key::ErrorRequired })
            .collect()
    }
}

/// A form's submit button: marked `aria-disabled` while the form is being sent (it stays focusable, and a
/// second press is ignored by [`Form::submit`]).
#[component]
pub fn SubmitButton(
    form: Form,
    #[prop(into)] label: Signal<Key>,
    /// `secondary` or `tertiary`; the primary look without.
    #[prop(optional)]
    variant: Option<&'static str>,
    /// `sm` for a small button.
    #[prop(optional)]
    size: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="submit"
            class="ds-button"
            data-variant=variant
            data-size=size
            data-testid=testid
            aria-disabled=move || form.is_busy().then_some("true")
        >
            {move || i18n.t(label.get())}
        </button>
    }
}

/// A button that shows and hides the part of the page with the id `controls` (its `aria-expanded` says
/// which), and moves the focus to the element with the id `focus` when that part opens.
#[component]
pub fn DisclosureButton(
    open: RwSignal<bool>,
    controls: &'static str,
    label: Key,
    #[prop(into)] focus: String,
    /// `secondary` or `tertiary`; the primary look without.
    #[prop(optional)]
    variant: Option<&'static str>,
    /// `danger` for a button that leads to deleting or cancelling.
    #[prop(optional)]
    color: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="ds-button"
            data-variant=variant
            data-color=color
            aria-expanded=move || if open.get() { "true" } else { "false" }
            aria-controls=controls
            data-testid=testid
            on:click=move |_| {
                open.update(|open| *open = !*open);
                if open.get_untracked() {
                    focus_id(focus.clone());
                }
            }
        >
            {tr(label)}
        </button>
    }
}

/// The list of a form's errors, each linking to its field. Takes focus after a failed submit.
#[component]
pub fn ErrorSummary(form: Form) -> impl IntoView {
    let heading_id = form.id.with_value(|id| format!("{id}-errors-heading"));
    let summary_id = form.summary_id();
    view! {
        <Show when=move || form.errors.with(|errors| !errors.is_empty())>
            <div class="ds-error-summary" id=summary_id.clone() tabindex="-1" aria-labelledby=heading_id.clone()>
                <h2 class="ds-heading" data-size="xs" id=heading_id.clone()>
                    {tr(Key::ErrorSummaryTitle)}
                </h2>
                <ul class="ds-list">
                    {move || {
                        form.errors
                            .get()
                            .into_iter()
                            .map(|error| match error.field {
                                Some(field) => {
                                    let target = form.input_id(field);
                                    let href = format!("#{target}");
                                    view! {
                                        <li>
                                            <a
                                                class="ds-link"
                                                href=href
                                                on:click=move |ev| {
                                                    ev.prevent_default();
                                                    focus_id(target.clone());
                                                }
                                            >
                                                {tr(error.key)}
                                            </a>
                                        </li>
                                    }
                                        .into_any()
                                }
                                None => view! { <li>{tr(error.key)}</li> }.into_any(),
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}

/// The `aria-describedby` value for an input with an optional description and an optional error.
fn described_by(description: Option<String>, error: Option<String>) -> Option<String> {
    let ids: Vec<String> = description.into_iter().chain(error).collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The error message under a field, when there is one.
#[component]
fn FieldError(form: Form, field: &'static str) -> impl IntoView {
    let id = format!("{}-error", form.input_id(field));
    move || {
        form.error_for(field).map(|key| {
            view! {
                <p class="ds-validation-message" data-field="validation" id=id.clone()>
                    {tr(key)}
                </p>
            }
        })
    }
}

/// The label text, with "(optional)" after it for optional fields.
#[component]
fn LabelText(label: Key, optional: bool) -> impl IntoView {
    view! {
        {tr(label)}
        {optional.then(|| view! { " " <span class="app-optional">{tr(Key::FieldOptional)}</span> })}
    }
}

/// What every field of a form has around its input: the label (with "(optional)"), the description, and
/// the error message under it.
#[component]
fn FieldFrame(
    form: Form,
    field: &'static str,
    label: Key,
    optional: bool,
    description: Option<Key>,
    children: Children,
) -> impl IntoView {
    let id = form.input_id(field);
    let description_id = format!("{id}-description");
    view! {
        <div class="ds-field">
            <label class="ds-label" for=id>
                <LabelText label optional />
            </label>
            {description.map(|key| view! { <p data-field="description" id=description_id>{tr(key)}</p> })}
            {children()}
            <FieldError form field />
        </div>
    }
}

/// The `aria-describedby` of a field's input: its description (if it has one) and its error (while shown).
fn field_described_by(form: Form, field: &'static str, description: Option<Key>) -> impl Fn() -> Option<String> {
    let id = form.input_id(field);
    let description_id = description.map(|_| format!("{id}-description"));
    let error_id = format!("{id}-error");
    move || described_by(description_id.clone(), form.error_for(field).map(|_| error_id.clone()))
}

/// A text input (`kind` = `text`, `email`, `password`, `tel`, `search`) with its label, optional description
/// and error message.
#[component]
pub fn TextField(
    form: Form,
    /// The server field name; the input's id is `<form>-<field>`.
    field: &'static str,
    label: Key,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] description: Option<Key>,
    /// Not required, and marked "(optional)".
    #[prop(optional)]
    optional: bool,
    /// Not required, without the mark (e.g. a search box).
    #[prop(optional)]
    unmarked: bool,
    /// Shown but not editable here (the page says why).
    #[prop(optional)]
    readonly: bool,
) -> impl IntoView {
    view! {
        <FieldFrame form field label optional description>
            <input
                class="ds-input"
                id=form.input_id(field)
                name=field
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                required=!(optional || unmarked || readonly)
                readonly=readonly
                aria-invalid=move || form.error_for(field).map(|_| "true")
                aria-describedby=field_described_by(form, field, description)
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </FieldFrame>
    }
}

/// A multi-line text field with its label, optional description and error message.
#[component]
pub fn TextAreaField(
    form: Form,
    field: &'static str,
    label: Key,
    value: RwSignal<String>,
    #[prop(optional)] description: Option<Key>,
    #[prop(optional)] optional: bool,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    view! {
        <FieldFrame form field label optional description>
            <textarea
                class="ds-input"
                id=form.input_id(field)
                name=field
                rows=rows
                required=!optional
                aria-invalid=move || form.error_for(field).map(|_| "true")
                aria-describedby=field_described_by(form, field, description)
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        </FieldFrame>
    }
}

/// A `<select>` with its label and error message. `options` are (value, text) pairs; the empty value can stand
/// for "none".
#[component]
pub fn SelectField(
    form: Form,
    field: &'static str,
    label: Key,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    view! {
        <FieldFrame form field label optional description=None>
            <select
                class="ds-input"
                id=form.input_id(field)
                name=field
                aria-invalid=move || form.error_for(field).map(|_| "true")
                aria-describedby=field_described_by(form, field, None)
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(option, text)| {
                            let selected = option == current;
                            view! {
                                <option value=option selected=selected>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </FieldFrame>
    }
}

/// A checkbox with its label (and optional description).
#[component]
pub fn CheckboxField(
    id: String,
    label: Key,
    checked: RwSignal<bool>,
    #[prop(optional)] description: Option<Key>,
) -> impl IntoView {
    let description_id = description.map(|_| format!("{id}-description"));
    view! {
        <div class="ds-field">
            <input
                class="ds-input"
                type="checkbox"
                id=id.clone()
                aria-describedby=description_id.clone()
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            <label class="ds-label" for=id.clone()>
                {tr(label)}
            </label>
            {description
                .map(|key| {
                    view! {
                        <p data-field="description" id=description_id.clone()>
                            {tr(key)}
                        </p>
                    }
                })}
        </div>
    }
}

/// A polite live region for confirmations ("Check your e-mail"): always in the page, so screen readers
/// announce what appears in it.
#[component]
pub fn Notice(message: RwSignal<Option<Key>>, #[prop(optional)] extra: Option<RwSignal<String>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div role="status" class="app-notice">
            {move || {
                message
                    .get()
                    .map(|key| {
                        let text = match extra.map(|extra| extra.get()).filter(|extra| !extra.is_empty()) {
                            Some(extra) => format!("{} {extra}", i18n.t(key)),
                            None => i18n.t(key).to_owned(),
                        };
                        view! {
                            <div class="ds-alert" data-color="success">
                                <p class="ds-paragraph">{text}</p>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// An error alert for a failure outside a form (e.g. a list that did not load), announced at once.
#[component]
pub fn FailureAlert(failure: ApiFailure) -> impl IntoView {
    view! {
        <div class="ds-alert" data-color="danger" role="alert">
            <p class="ds-paragraph">{tr(failure.message_key())}</p>
        </div>
    }
}

/// "Loading …", announced politely.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="ds-paragraph" role="status" data-testid="loading">
            {tr(Key::Loading)}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn described_by_joins_the_ids_that_exist() {
        assert_eq!(described_by(None, None), None);
        assert_eq!(described_by(Some("a".into()), None).as_deref(), Some("a"));
        assert_eq!(described_by(Some("a".into()), Some("b".into())).as_deref(), Some("a b"));
    }
}
