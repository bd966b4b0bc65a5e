//! Letters from the municipality: the chief municipal medical officer's information letters and shorter
//! announcements, with their archive.
//!
//! - `/informasjon`: the archive, published letters newest first grouped by year, filtered by kind; writers
//!   (municipal administrators and secretaries) also get "write a new letter" and their drafts.
//! - `/informasjon/ny` and `/informasjon/:id/endre`: the form (kind, audience, title, plain-text body). Saving
//!   keeps a draft; a published letter can be corrected without new mail.
//! - `/informasjon/:id`: one letter. Writers publish a draft here (by e-mail too, after a confirmation step),
//!   change it, or delete a draft.
//!
//! The text is plain text and is shown as text, never as markup: blank lines separate paragraphs
//! ([`legeting_shared::letters::paragraphs`]) and the line breaks inside a paragraph become `<br>`.

use legeting_shared::letters::{
    self, BODY_MAX, Letter, LetterAudience, LetterInput, LetterKind, LetterStatus, LetterSummary, TITLE_MAX,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{self, ApiFailure};
use crate::format::fill;
use crate::forms::{
    DisclosureButton, ErrorSummary, FailureAlert, Form, FormError, Loading, Notice, SubmitButton, TextAreaField,
    TextField, focus_id,
};
use crate::i18n::{I18n, Key, tr, use_i18n, use_page_title};
use crate::labels::{self, Tag};
use crate::session::{Access, Guarded, GuardedPage, Session, municipality_resource, use_access, use_session};
use crate::time;

/// A change this long after publishing is shown as "changed <date>" (publishing itself touches the letter).
const CHANGED_AFTER_MS: i64 = 5 * 60 * 1000;

/// "1 mottaker" / "12 mottakere", in the current language.
fn recipients(i18n: I18n, count: i64) -> String {
    if count == 1 {
        i18n.t(Key::RecipientsOne).to_owned()
    } else {
        fill(i18n.t(Key::RecipientsMany), &[crate::format::format_number(count)])
    }
}

/// Published letters grouped by their year (Europe/Oslo), newest year and newest letter first.
pub fn group_by_year(mut letters: Vec<LetterSummary>) -> Vec<(i64, Vec<LetterSummary>)> {
    letters.sort_by_key(|letter| std::cmp::Reverse(letter.published_at.unwrap_or(letter.updated_at)));
    let mut years: Vec<(i64, Vec<LetterSummary>)> = Vec::new();
    for letter in letters {
        let year = time::oslo_year(letter.published_at.unwrap_or(letter.updated_at));
        match years.last_mut() {
            Some((last, list)) if *last == year => list.push(letter),
            _ => years.push((year, vec![letter])),
        }
    }
    years
}

/// Whether a published letter was changed well after it was published.
pub fn changed_after_publishing(published_at: Option<i64>, updated_at: i64) -> bool {
    published_at.is_some_and(|published| updated_at - published > CHANGED_AFTER_MS)
}

// --- The archive ---

/// `/informasjon`
#[component]
pub fn Letters() -> impl IntoView {
    view! {
        <GuardedPage title=Key::LettersTitle allowed=Session::reads_letters>
            <LetterArchive />
        </GuardedPage>
    }
}

#[component]
fn LetterArchive() -> impl IntoView {
    let session = use_session();
    let writer = Memo::new(move |_| session.writes_letters());
    let flash = RwSignal::new(session.take_flash());
    let list = municipality_resource(|id| async move { api::letters::letters(&id).await });
    view! {
        <Notice message=flash />
        <p class="ds-paragraph">{tr(Key::LettersIntro)}</p>
        <Show when=move || writer.get()>
            <p class="app-actions">
                <A href="/informasjon/ny" attr:class="ds-button" attr:data-testid="new-letter">{tr(Key::NewLetter)}</A>
            </p>
        </Show>
        {move || match list.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
            Some(Ok(list)) => {
                let (drafts, published): (Vec<_>, Vec<_>) =
                    list.into_iter().partition(|letter| letter.status == LetterStatus::Draft);
                view! {
                    {writer.get_untracked().then(|| view! { <DraftList drafts /> })}
                    <PublishedLetters letters=published />
                }
                .into_any()
            }
        }}
    }
}

/// The writers' drafts, last changed first.
#[component]
fn DraftList(drafts: Vec<LetterSummary>) -> impl IntoView {
    view! {
        <section class="app-section" aria-labelledby="letter-drafts-heading" data-testid="letter-drafts">
            <h2 class="ds-heading" data-size="sm" id="letter-drafts-heading">{tr(Key::LettersDraftsTitle)}</h2>
            {if drafts.is_empty() {
                view! { <p class="ds-paragraph" data-testid="letter-drafts-none">{tr(Key::LettersDraftsNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="app-letter-list">
                        {drafts
                            .into_iter()
                            .map(|letter| view! { <li><LetterCard letter heading_level=3 /></li> })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// Which kinds the archive shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KindFilter {
    All,
    Only(LetterKind),
}

impl KindFilter {
    const ALL: [KindFilter; 3] =
        [KindFilter::All, KindFilter::Only(LetterKind::Information), KindFilter::Only(LetterKind::Announcement)];

    fn id(self) -> &'static str {
        match self {
            KindFilter::All => "letters-filter-all",
            KindFilter::Only(LetterKind::Information) => "letters-filter-information",
            KindFilter::Only(LetterKind::Announcement) => "letters-filter-announcement",
        }
    }

    fn key(self) -> Key {
        match self {
            KindFilter::All => Key::LettersFilterAll,
            KindFilter::Only(LetterKind::Information) => Key::LettersFilterInformation,
            KindFilter::Only(LetterKind::Announcement) => Key::LettersFilterAnnouncements,
        }
    }

    fn keeps(self, letter: &LetterSummary) -> bool {
        match self {
            KindFilter::All => true,
            KindFilter::Only(kind) => letter.kind == kind,
        }
    }
}

/// The published letters: the filter by kind, how many are shown (announced), and the letters by year.
#[component]
fn PublishedLetters(letters: Vec<LetterSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if letters.is_empty() {
        return view! {
            <section class="app-section" aria-labelledby="letter-archive-heading">
                <h2 class="ds-heading" data-size="sm" id="letter-archive-heading">{tr(Key::LettersArchiveTitle)}</h2>
                <p class="ds-paragraph" data-testid="letters-none">{tr(Key::LettersNone)}</p>
            </section>
        }
        .into_any();
    }
    let letters = StoredValue::new(letters);
    let filter = RwSignal::new(KindFilter::All);
    let shown = Memo::new(move |_| {
        let filter = filter.get();
        letters.with_value(|all| all.iter().filter(|letter| filter.keeps(letter)).cloned().collect::<Vec<_>>())
    });
    let count = move || {
        let count = shown.with(Vec::len);
        if count == 1 {
            i18n.t(Key::LettersCountOne).to_owned()
        } else {
            fill(i18n.t(Key::LettersCountMany), &[count.to_string()])
        }
    };
    view! {
        <section class="app-section" aria-labelledby="letter-archive-heading" data-testid="letter-archive">
            <h2 class="ds-heading" data-size="sm" id="letter-archive-heading">{tr(Key::LettersArchiveTitle)}</h2>
            <fieldset class="ds-fieldset app-inline-radios">
                <legend class="ds-label">{tr(Key::LettersFilterLegend)}</legend>
                {KindFilter::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <div class="ds-field">
                                <input
                                    class="ds-input"
                                    type="radio"
                                    name="letters-filter"
                                    id=option.id()
                                    prop:checked=move || filter.get() == option
                                    on:change=move |_| filter.set(option)
                                />
                                <label class="ds-label" for=option.id()>{tr(option.key())}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <p class="ds-paragraph" data-size="sm" role="status" data-testid="letters-count">{count}</p>
            {move || {
                let years = group_by_year(shown.get());
                if years.is_empty() {
                    return view! { <p class="ds-paragraph" data-testid="letters-none-of-kind">{tr(Key::LettersNoneOfKind)}</p> }.into_any();
                }
                years
                    .into_iter()
                    .map(|(year, list)| {
                        let heading_id = format!("letters-{year}");
                        let labelled_by = heading_id.clone();
                        view! {
                            <section class="app-letter-year" aria-labelledby=labelled_by data-year=year>
                                <h3 class="ds-heading" data-size="xs" id=heading_id>{year}</h3>
                                <ul class="app-letter-list">
                                    {list
                                        .into_iter()
                                        .map(|letter| view! { <li><LetterCard letter heading_level=4 /></li> })
                                        .collect_view()}
                                </ul>
                            </section>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </section>
    }
    .into_any()
}

/// One letter in a list: kind, title (a link to it), date, author and the start of the text.
#[component]
fn LetterCard(letter: LetterSummary, heading_level: u8) -> impl IntoView {
    let href = format!("/informasjon/{}", letter.id);
    let link = view! { <A href=href attr:class="ds-link">{letter.title.clone()}</A> };
    let heading = match heading_level {
        3 => view! { <h3 class="ds-heading" data-size="xs">{link}</h3> }.into_any(),
        _ => view! { <h4 class="ds-heading" data-size="xs">{link}</h4> }.into_any(),
    };
    let draft = letter.status == LetterStatus::Draft;
    let when = match letter.published_at {
        Some(at) => view! {
            <span>{tr(Key::LetterPublishedOn)} " " <time datetime=time::oslo_iso_date(at)>{time::format_oslo_date(at)}</time></span>
        }
        .into_any(),
        None => view! { <span>{tr(Key::LetterLastSaved)} " " {time::format_oslo(letter.updated_at)}</span> }.into_any(),
    };
    view! {
        <article class="ds-card app-letter" data-letter-id=letter.id.clone()>
            {heading}
            <p class="ds-paragraph app-letter__meta" data-size="sm">
                <Tag key=labels::letter_kind(letter.kind) color=labels::letter_kind_color(letter.kind) />
                {draft.then(|| view! { <Tag key=Key::StatusDraft color="warning" /> })}
                {when}
                {letter.author_name.clone().map(|name| view! { <span>{tr(Key::LetterBy)} " " {name}</span> })}
            </p>
            {(!letter.excerpt.is_empty()).then(|| view! {
                <p class="ds-paragraph" data-testid="letter-excerpt">{letter.excerpt.clone()}</p>
            })}
        </article>
    }
}

// --- Writing ---

/// `/informasjon/ny`
#[component]
pub fn NewLetter() -> impl IntoView {
    view! {
        <GuardedPage title=Key::NewLetterTitle allowed=Session::writes_letters>
            <LetterForm letter=None />
        </GuardedPage>
    }
}

/// `/informasjon/:id/endre`
#[component]
pub fn EditLetter() -> impl IntoView {
    use_page_title(Key::EditLetter);
    let access = use_access(Session::is_signed_in);
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::EditLetter)}</h1>
        <Guarded access>
            {move || view! { <LetterFormLoader id=id.get() /> }}
        </Guarded>
    }
}

#[component]
fn LetterFormLoader(id: String) -> impl IntoView {
    let letter = LocalResource::new(move || {
        let id = id.clone();
        async move { api::letters::letter(&id).await }
    });
    move || match letter.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(failure)) => view! {
            <FailureAlert failure />
            <p class="ds-paragraph"><A href="/informasjon" attr:class="ds-link">{tr(Key::BackToLetters)}</A></p>
        }
        .into_any(),
        Some(Ok(letter)) if letter.can_edit => view! { <LetterForm letter=Some(letter) /> }.into_any(),
        Some(Ok(_)) => view! {
            <div class="ds-alert" data-color="warning" data-testid="access-denied">
                <p class="ds-paragraph">{tr(Key::AccessDenied)}</p>
            </div>
        }
        .into_any(),
    }
}

const LETTER_FIELDS: &[&str] = &["kind", "audience", "title", "body"];

/// The form-specific message for a server error about a field of the letter (the limits in characters).
fn letter_field_error(failure: &ApiFailure) -> Option<FormError> {
    match (failure.field(), failure.code()) {
        (Some("title"), Some("too_long")) => {
            Some(FormError { field: Some("title"), key: Key::ErrorLetterTitleTooLong })
        }
        (Some("body"), Some("too_long")) => Some(FormError { field: Some("body"), key: Key::ErrorLetterBodyTooLong }),
        (Some("body"), Some("invalid_text")) => {
            Some(FormError { field: Some("body"), key: Key::ErrorLetterInvalidCharacters })
        }
        _ => None,
    }
}

/// The errors the browser can find before sending: missing title or text, and the length limits.
fn check_letter(form: &Form, title: &str, body: &str) -> Vec<FormError> {
    let mut errors = form.required(&[("title", title), ("body", body)]);
    if title.trim().chars().count() > TITLE_MAX {
        errors.push(FormError { field: Some("title"), key: Key::ErrorLetterTitleTooLong });
    }
    if body.chars().count() > BODY_MAX {
        errors.push(FormError { field: Some("body"), key: Key::ErrorLetterBodyTooLong });
    }
    errors
}

/// A group of radio buttons in a fieldset with its legend (and description), for a value of type `T`.
fn radio_group<T>(
    id: String,
    name: &'static str,
    legend: Key,
    description: Option<Key>,
    options: Vec<(T, &'static str, Key)>,
    value: RwSignal<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let description_id = description.map(|_| format!("{id}-description"));
    view! {
        <fieldset class="ds-fieldset" id=id.clone() tabindex="-1" aria-describedby=description_id.clone()>
            <legend class="ds-label">{tr(legend)}</legend>
            {description.map(|key| view! { <p data-field="description" id=description_id.clone()>{tr(key)}</p> })}
            {options
                .into_iter()
                .map(|(option, slug, label)| {
                    let input_id = format!("{id}-{slug}");
                    view! {
                        <div class="ds-field">
                            <input
                                class="ds-input"
                                type="radio"
                                name=name
                                id=input_id.clone()
                                value=slug
                                prop:checked=move || value.get() == option
                                on:change=move |_| value.set(option)
                            />
                            <label class="ds-label" for=input_id>{tr(label)}</label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// The letter form: a new draft (then its page), or a change to a draft or a published letter.
#[component]
fn LetterForm(letter: Option<Letter>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let form = Form::new("letter", LETTER_FIELDS);
    let existing = letter.as_ref().map(|l| l.id.clone());
    let published = letter.as_ref().is_some_and(|l| l.status == LetterStatus::Published);
    let kind = RwSignal::new(letter.as_ref().map_or(LetterKind::Information, |l| l.kind));
    let audience = RwSignal::new(letter.as_ref().map_or(LetterAudience::Gps, |l| l.audience));
    let title = RwSignal::new(letter.as_ref().map(|l| l.title.clone()).unwrap_or_default());
    let body = RwSignal::new(letter.as_ref().map(|l| l.body.clone()).unwrap_or_default());
    let back = existing.as_ref().map_or_else(|| "/informasjon".to_owned(), |id| format!("/informasjon/{id}"));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (title_value, body_value) = (title.get_untracked(), body.get_untracked());
        let errors = check_letter(&form, &title_value, &body_value);
        if !errors.is_empty() {
            form.fail(errors);
            return;
        }
        let input = LetterInput {
            kind: kind.get_untracked(),
            audience: audience.get_untracked(),
            title: title_value.trim().to_owned(),
            body: body_value,
        };
        let municipality_id = session.municipality_id();
        if existing.is_none() && municipality_id.is_none() {
            return;
        }
        if !form.begin() {
            return;
        }
        let existing = existing.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match (&existing, municipality_id) {
                (Some(id), _) => api::letters::update_letter(id, &input).await,
                (None, Some(municipality_id)) => api::letters::create_letter(&municipality_id, &input).await,
                (None, None) => Err(ApiFailure::Unexpected),
            };
            match result {
                Ok(saved) => {
                    form.done();
                    let published = saved.status == LetterStatus::Published;
                    session.set_flash(if published { Key::LetterCorrected } else { Key::LetterDraftSaved });
                    navigate(&format!("/informasjon/{}", saved.id), NavigateOptions::default());
                }
                Err(failure) => match letter_field_error(&failure) {
                    Some(error) => form.fail(vec![error]),
                    None => form.fail_api(&failure),
                },
            }
        });
    };
    let kinds = vec![
        (LetterKind::Information, LetterKind::Information.as_str(), Key::LetterKindInformation),
        (LetterKind::Announcement, LetterKind::Announcement.as_str(), Key::LetterKindAnnouncement),
    ];
    let audiences = vec![
        (LetterAudience::Gps, LetterAudience::Gps.as_str(), Key::LetterAudienceGps),
        (LetterAudience::Everyone, LetterAudience::Everyone.as_str(), Key::LetterAudienceEveryone),
    ];
    view! {
        {published.then(|| view! {
            <div class="ds-alert" data-color="info" data-testid="letter-published-help">
                <p class="ds-paragraph">{tr(Key::LetterEditPublishedHelp)}</p>
            </div>
        })}
        <form class="app-form app-letter-form" novalidate on:submit=submit>
            <ErrorSummary form />
            {radio_group(form.input_id("kind"), "kind", Key::LetterKindLabel, None, kinds, kind)}
            {radio_group(form.input_id("audience"), "audience", Key::LetterAudienceLabel, Some(Key::LetterAudienceHelp), audiences, audience)}
            <TextField form field="title" label=Key::FieldTitle value=title autocomplete="off" />
            <TextAreaField form field="body" label=Key::FieldLetterBody value=body description=Key::LetterBodyHelp rows=16 />
            <div class="app-actions">
                <SubmitButton form label={if published { Key::SaveChanges } else { Key::SaveDraft }} testid="save-letter" />
                <A href=back attr:class="ds-link">{tr(Key::Cancel)}</A>
            </div>
        </form>
    }
}

// --- Reading ---

/// `/informasjon/:id`
#[component]
pub fn LetterPage() -> impl IntoView {
    let access = use_access(Session::is_signed_in);
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let letter = RwSignal::new(None::<Result<Letter, ApiFailure>>);
    Effect::new(move |_| {
        let id = id.get();
        if access.get() == Access::Granted {
            spawn_local(async move { letter.set(Some(api::letters::letter(&id).await)) });
        }
    });
    let heading = move || {
        letter.with(|l| match l {
            Some(Ok(letter)) => letter.title.clone(),
            Some(Err(failure)) if failure.status() == Some(404) => i18n.t(Key::NotFoundTitle).to_owned(),
            _ => i18n.t(Key::LetterPageTitle).to_owned(),
        })
    };
    Effect::new(move |_| document().set_title(&format!("{} – {}", heading(), i18n.t(Key::AppName))));
    let loaded =
        Memo::new(move |_| letter.with(|l| l.as_ref().map(|l| l.as_ref().map(|l| l.id.clone()).map_err(Clone::clone))));
    view! {
        <h1 class="ds-heading" data-size="lg" data-testid="letter-title">{heading}</h1>
        <Guarded access>
            {move || match loaded.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! {
                    <FailureAlert failure />
                    <p class="ds-paragraph"><A href="/informasjon" attr:class="ds-link">{tr(Key::BackToLetters)}</A></p>
                }
                .into_any(),
                Some(Ok(_)) => view! { <LetterView letter /> }.into_any(),
            }}
        </Guarded>
    }
}

/// The paragraphs of a plain text, each line break inside one as `<br>`; always text, never markup.
fn body_view(text: &str) -> impl IntoView + use<> {
    letters::paragraphs(text)
        .into_iter()
        .map(|paragraph| {
            let lines: Vec<String> = paragraph.split('\n').map(str::to_owned).collect();
            view! {
                <p class="ds-paragraph">
                    {lines
                        .into_iter()
                        .enumerate()
                        .map(|(index, line)| view! { {(index > 0).then(|| view! { <br /> })} {line} })
                        .collect_view()}
                </p>
            }
        })
        .collect_view()
}

#[component]
fn LetterView(letter: RwSignal<Option<Result<Letter, ApiFailure>>>) -> impl IntoView {
    let session = use_session();
    let flash = RwSignal::new(session.take_flash());
    let current = Memo::new(move |_| letter.with(|l| l.as_ref().and_then(|l| l.as_ref().ok()).cloned()));
    let can_edit = current.with_untracked(|l| l.as_ref().is_some_and(|l| l.can_edit));
    let body = Memo::new(move |_| current.with(|l| l.as_ref().map(|l| l.body.clone()).unwrap_or_default()));
    view! {
        <Notice message=flash />
        <LetterFacts current />
        <div class="app-letter__body" data-testid="letter-body">
            {move || body.with(|text| body_view(text))}
        </div>
        {can_edit.then(|| view! { <WriterTools current letter flash /> })}
        <p class="ds-paragraph">
            <A href="/informasjon" attr:class="ds-link">{tr(Key::BackToLetters)}</A>
        </p>
    }
}

/// Kind (and draft), municipality, author, dates; for writers also the audience and what was e-mailed.
#[component]
fn LetterFacts(current: Memo<Option<Letter>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        current.get().map(|letter| {
            let draft = letter.status == LetterStatus::Draft;
            let changed = changed_after_publishing(letter.published_at, letter.updated_at).then_some(letter.updated_at);
            let writer = letter.can_edit;
            let audience = letter.audience;
            let emailed = letter.emailed_to;
            view! {
                <p class="ds-paragraph app-letter__meta">
                    <Tag key=labels::letter_kind(letter.kind) color=labels::letter_kind_color(letter.kind) testid="letter-kind" />
                    {draft.then(|| view! { <Tag key=Key::StatusDraft color="warning" testid="letter-status" /> })}
                </p>
                <dl class="app-facts" data-testid="letter-facts">
                    <dt>{tr(Key::LetterFrom)}</dt>
                    <dd>{letter.municipality_name.clone()}</dd>
                    {letter.author_name.clone().map(|name| view! {
                        <dt>{tr(Key::LetterBy)}</dt>
                        <dd data-testid="letter-author">{name}</dd>
                    })}
                    {letter.published_at.map(|at| view! {
                        <dt>{tr(Key::LetterPublishedOn)}</dt>
                        <dd data-testid="letter-published"><time datetime=time::oslo_iso_date(at)>{time::format_oslo_date(at)}</time></dd>
                    })}
                    {changed.map(|at| view! {
                        <dt>{tr(Key::LetterChanged)}</dt>
                        <dd data-testid="letter-changed"><time datetime=time::oslo_iso_date(at)>{time::format_oslo_date(at)}</time></dd>
                    })}
                    {draft.then(|| view! {
                        <dt>{tr(Key::LetterLastSaved)}</dt>
                        <dd>{time::format_oslo(letter.updated_at)}</dd>
                    })}
                    {writer.then(|| view! {
                        <dt>{tr(Key::LetterAudienceLabel)}</dt>
                        <dd data-testid="letter-audience">{tr(labels::letter_audience(audience))}</dd>
                    })}
                    {writer.then_some(emailed).flatten().map(|count| view! {
                        <dt>{tr(Key::LetterEmailedTo)}</dt>
                        <dd data-testid="letter-emailed">{move || recipients(i18n, count)}</dd>
                    })}
                </dl>
            }
        })
    }
}

/// For writers: change, delete a draft (confirmed), publish a draft (by e-mail too; confirmed). Publishing
/// clears `flash` (the message the page opened with, such as "the draft is saved"), which no longer holds.
#[component]
fn WriterTools(
    current: Memo<Option<Letter>>,
    letter: RwSignal<Option<Result<Letter, ApiFailure>>>,
    flash: RwSignal<Option<Key>>,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let id = current.with_untracked(|l| l.as_ref().map(|l| l.id.clone()).unwrap_or_default());
    let draft = Memo::new(move |_| current.with(|l| l.as_ref().is_some_and(|l| l.status == LetterStatus::Draft)));
    let audience_size = Memo::new(move |_| current.with(|l| l.as_ref().map_or(0, |l| l.audience_size)));
    let send_email = RwSignal::new(true);
    let confirming = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let busy = RwSignal::new(false);
    // After publishing: `Some(emailed_to)`, for the status message.
    let published = RwSignal::new(None::<Option<i64>>);
    let failure = RwSignal::new(None::<ApiFailure>);

    let publish = {
        let id = id.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            failure.set(None);
            let id = id.clone();
            let send = send_email.get_untracked();
            spawn_local(async move {
                let result = api::letters::publish_letter(&id, send).await;
                busy.set(false);
                match result {
                    Ok(updated) => {
                        confirming.set(false);
                        flash.set(None);
                        published.set(Some(updated.emailed_to));
                        letter.set(Some(Ok(updated)));
                        focus_id("letter-tools-heading".into());
                    }
                    Err(error) => failure.set(Some(error)),
                }
            });
        }
    };
    let delete = {
        let id = id.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            failure.set(None);
            let id = id.clone();
            let navigate = navigate.clone();
            spawn_local(async move {
                let result = api::letters::delete_letter(&id).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        session.set_flash(Key::LetterDeleted);
                        navigate("/informasjon", NavigateOptions::default());
                    }
                    Err(error) => failure.set(Some(error)),
                }
            });
        }
    };
    let published_text = move || {
        published.get().map(|emailed| match emailed {
            Some(count) => fill(i18n.t(Key::LetterPublishedSent), &[recipients(i18n, count)]),
            None => i18n.t(Key::LetterPublishedNoEmail).to_owned(),
        })
    };
    let send_label = move || fill(i18n.t(Key::PublishSendEmail), &[recipients(i18n, audience_size.get())]);
    let question = move || {
        if send_email.get() {
            fill(i18n.t(Key::PublishQuestionEmail), &[recipients(i18n, audience_size.get())])
        } else {
            i18n.t(Key::PublishQuestionNoEmail).to_owned()
        }
    };
    let edit_href = format!("/informasjon/{id}/endre");
    view! {
        <section class="app-section" aria-labelledby="letter-tools-heading" data-testid="letter-tools">
            <h2 class="ds-heading" data-size="sm" id="letter-tools-heading" tabindex="-1">{tr(Key::LetterToolsTitle)}</h2>
            <div role="status" class="app-notice" data-testid="letter-published-status">
                {move || published_text().map(|text| view! {
                    <div class="ds-alert" data-color="success"><p class="ds-paragraph">{text}</p></div>
                })}
            </div>
            {move || failure.get().map(|failure| view! { <FailureAlert failure /> })}
            <div class="app-actions">
                <A href=edit_href attr:class="ds-button" attr:data-variant="secondary" attr:data-testid="edit-letter">{tr(Key::EditLetter)}</A>
                <Show when=move || draft.get()>
                    <DisclosureButton open=deleting controls="letter-delete-confirm" label=Key::DeleteDraft focus="letter-delete-yes" variant="tertiary" color="danger" testid="delete-letter" />
                </Show>
            </div>
            <div id="letter-delete-confirm" class="app-confirm" hidden=move || !(deleting.get() && draft.get())>
                <p class="ds-paragraph" id="letter-delete-question">{tr(Key::DeleteDraftQuestion)}</p>
                <div class="app-actions">
                    <button
                        type="button"
                        class="ds-button"
                        data-color="danger"
                        id="letter-delete-yes"
                        aria-describedby="letter-delete-question"
                        data-testid="confirm-delete-letter"
                        aria-disabled=move || busy.get().then_some("true")
                        on:click=delete
                    >
                        {tr(Key::ConfirmDeleteDraft)}
                    </button>
                    <button type="button" class="ds-button" data-variant="tertiary" on:click=move |_| deleting.set(false)>
                        {tr(Key::Cancel)}
                    </button>
                </div>
            </div>
            <Show when=move || draft.get()>
                <section class="app-section" aria-labelledby="letter-publish-heading" data-testid="letter-publish">
                    <h3 class="ds-heading" data-size="xs" id="letter-publish-heading">{tr(Key::PublishTitle)}</h3>
                    <p class="ds-paragraph">{tr(Key::PublishIntro)}</p>
                    <div class="ds-field">
                        <input
                            class="ds-input"
                            type="checkbox"
                            id="letter-send-email"
                            aria-describedby="letter-send-email-description"
                            prop:checked=move || send_email.get()
                            on:change=move |ev| send_email.set(event_target_checked(&ev))
                        />
                        <label class="ds-label" for="letter-send-email" data-testid="letter-send-email-label">{send_label}</label>
                        <p data-field="description" id="letter-send-email-description">{tr(Key::PublishEmailHelp)}</p>
                    </div>
                    <DisclosureButton open=confirming controls="letter-publish-confirm" label=Key::PublishButton focus="letter-publish-yes" testid="publish-letter" />
                    <div id="letter-publish-confirm" class="app-confirm" hidden=move || !confirming.get()>
                        <p class="ds-paragraph" id="letter-publish-question" data-testid="letter-publish-question">{question}</p>
                        <div class="app-actions">
                            <button
                                type="button"
                                class="ds-button"
                                id="letter-publish-yes"
                                aria-describedby="letter-publish-question"
                                data-testid="confirm-publish-letter"
                                aria-disabled=move || busy.get().then_some("true")
                                on:click=publish.clone()
                            >
                                {tr(Key::ConfirmPublish)}
                            </button>
                            <button type="button" class="ds-button" data-variant="tertiary" on:click=move |_| confirming.set(false)>
                                {tr(Key::Cancel)}
                            </button>
                        </div>
                    </div>
                </section>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: &str, published_at: Option<i64>) -> LetterSummary {
        LetterSummary {
            id: id.into(),
            kind: LetterKind::Information,
            status: LetterStatus::Published,
            title: id.into(),
            excerpt: String::new(),
            author_name: None,
            published_at,
            updated_at: published_at.unwrap_or(0),
        }
    }

    #[test]
    fn letters_are_grouped_by_oslo_year_newest_first() {
        // 2025-12-31 23:30 UTC is already 2026 in Oslo.
        let new_year_oslo = 1_767_223_800_000;
        let mid_2025 = 1_750_000_000_000;
        let mid_2024 = 1_720_000_000_000;
        let years = group_by_year(vec![
            summary("b", Some(mid_2025)),
            summary("c", Some(mid_2024)),
            summary("a", Some(new_year_oslo)),
        ]);
        let shape: Vec<(i64, Vec<&str>)> =
            years.iter().map(|(year, list)| (*year, list.iter().map(|l| l.id.as_str()).collect())).collect();
        assert_eq!(shape, vec![(2026, vec!["a"]), (2025, vec!["b"]), (2024, vec!["c"])]);
        assert!(group_by_year(Vec::new()).is_empty());
    }

    #[test]
    fn only_a_change_well_after_publishing_counts() {
        assert!(!changed_after_publishing(None, 10_000_000));
        assert!(!changed_after_publishing(Some(1_000), 1_000 + 60_000));
        assert!(changed_after_publishing(Some(1_000), 1_000 + 24 * 60 * 60 * 1000));
    }
}
