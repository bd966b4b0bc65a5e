//! `/personer/ny` and `/personer/:id`: the person editor for administrators. Server errors about a field
//! (a taken e-mail address, an invalid HPR number, …) show beside that field and in the error summary.
//! An existing person can be sent an invitation by e-mail.

use legeting_shared::people::{Employment, Office, Person, PersonInput, Role};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api;
use crate::forms::{
    CheckboxField, ErrorSummary, FailureAlert, Form, FormError, Loading, Notice, SelectField, SubmitButton, TextField,
};
use crate::i18n::{Key, tr, use_i18n, use_page_title};
use crate::pages::people::list::role_key;
use crate::session::{Guarded, GuardedPage, Session, use_access, use_session};

/// The fields of the person form, by their server names.
const FIELDS: &[&str] =
    &["name", "email", "phone", "hpr_number", "office_id", "list_size", "open_list_places", "employment", "roles"];

fn role_help(role: Role) -> Key {
    match role {
        Role::Administrator => Key::RoleAdministratorHelp,
        Role::Leader => Key::RoleLeaderHelp,
        Role::Secretary => Key::RoleSecretaryHelp,
        Role::Gp => Key::RoleGpHelp,
        Role::Guest => Key::RoleGuestHelp,
    }
}

/// A count typed by a person: empty is `None`, digits are a number, anything else is refused.
pub fn parse_count(value: &str) -> Result<Option<i64>, ()> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Ok(None);
    }
    if compact.chars().all(|c| c.is_ascii_digit()) { compact.parse().map(Some).map_err(|_| ()) } else { Err(()) }
}

/// `/personer/ny`
#[component]
pub fn NewPerson() -> impl IntoView {
    view! {
        <GuardedPage title=Key::NewPersonTitle allowed=Session::is_admin>
            <PersonLoader id=None />
        </GuardedPage>
    }
}

/// `/personer/:id`
#[component]
pub fn EditPerson() -> impl IntoView {
    use_page_title(Key::EditPersonTitle);
    let access = use_access(Session::is_admin);
    let params = use_params_map();
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::EditPersonTitle)}</h1>
        <Guarded access>
            {move || view! { <PersonLoader id=params.with(|p| p.get("id")) /> }}
        </Guarded>
    }
}

/// Loads the offices (and the person, when editing) and then shows the form.
#[component]
fn PersonLoader(id: Option<String>) -> impl IntoView {
    let session = use_session();
    let municipality_id = Memo::new(move |_| session.municipality_id());
    let data = LocalResource::new(move || {
        let municipality = municipality_id.get();
        let id = id.clone();
        async move {
            let Some(municipality) = municipality else { return Err(api::ApiFailure::Unexpected) };
            let offices = api::offices(&municipality).await?;
            let person = match id {
                Some(id) => Some(api::person(&municipality, &id).await?),
                None => None,
            };
            Ok((municipality, offices, person))
        }
    });
    move || match data.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
        Some(Ok((municipality_id, offices, person))) => {
            view! { <PersonForm municipality_id offices person /> }.into_any()
        }
    }
}

#[component]
fn PersonForm(municipality_id: String, offices: Vec<Office>, person: Option<Person>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let form = Form::new("person", FIELDS);
    let existing = person.as_ref().map(|p| p.id.clone());
    let p = person.clone();
    let text = |value: Option<String>| RwSignal::new(value.unwrap_or_default());
    let name = text(p.as_ref().map(|p| p.name.clone()));
    let email = text(p.as_ref().map(|p| p.email.clone()));
    let phone = text(p.as_ref().and_then(|p| p.phone.clone()));
    let hpr = text(p.as_ref().and_then(|p| p.hpr_number.clone()));
    let office = text(p.as_ref().and_then(|p| p.office_id.clone()));
    let list_size = text(p.as_ref().and_then(|p| p.list_size).map(|n| n.to_string()));
    let open_places = text(p.as_ref().and_then(|p| p.open_list_places).map(|n| n.to_string()));
    let employment = text(p.as_ref().and_then(|p| p.employment).map(|e| e.as_str().to_owned()));
    let specialist = RwSignal::new(p.as_ref().is_some_and(|p| p.specialist));
    let active = RwSignal::new(p.as_ref().is_none_or(|p| p.active));
    let held = p.as_ref().map(|p| p.roles.clone()).unwrap_or_default();
    let role_checks: Vec<(Role, RwSignal<bool>)> =
        Role::ALL.into_iter().map(|role| (role, RwSignal::new(held.contains(&role)))).collect();
    // Someone who also belongs elsewhere keeps their identity out of this municipality's reach (the server
    // refuses such changes too): only the person themself and the installation's operator change it.
    let locked = p.as_ref().is_some_and(|p| {
        p.managed_elsewhere && session.me_untracked().is_some_and(|me| !me.installation_admin && me.id != p.id)
    });
    let saved_email = RwSignal::new(p.as_ref().map(|p| p.email.clone()).unwrap_or_default());
    let saved = RwSignal::new(session.take_flash());
    let office_options = Signal::derive({
        let offices = offices.clone();
        move || {
            let mut options = vec![(String::new(), i18n.t(Key::NoOffice).to_owned())];
            options.extend(offices.iter().map(|o| (o.id.clone(), o.name.clone())));
            options
        }
    });
    let employment_options = Signal::derive(move || {
        vec![
            (String::new(), i18n.t(Key::EmploymentUnknown).to_owned()),
            (Employment::Salaried.as_str().to_owned(), i18n.t(Key::EmploymentSalaried).to_owned()),
            (Employment::SelfEmployed.as_str().to_owned(), i18n.t(Key::EmploymentSelfEmployed).to_owned()),
        ]
    });
    let submit = {
        let municipality_id = municipality_id.clone();
        let existing = existing.clone();
        let role_checks = role_checks.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            saved.set(None);
            let optional = |value: String| Some(value).filter(|v| !v.trim().is_empty());
            let mut errors: Vec<FormError> =
                form.required(&[("name", &name.get_untracked()), ("email", &email.get_untracked())]);
            let list = parse_count(&list_size.get_untracked());
            let open = parse_count(&open_places.get_untracked());
            if list.is_err() {
                errors.push(FormError { field: Some("list_size"), key: Key::ErrorInvalidNumber });
            }
            if open.is_err() {
                errors.push(FormError { field: Some("open_list_places"), key: Key::ErrorInvalidNumber });
            }
            let chosen_roles: Vec<Role> =
                role_checks.iter().filter(|(_, checked)| checked.get_untracked()).map(|(role, _)| *role).collect();
            if chosen_roles.is_empty() {
                errors.push(FormError { field: Some("roles"), key: Key::ErrorRoleRequired });
            }
            if !errors.is_empty() {
                form.fail(errors);
                return;
            }
            let input = PersonInput {
                name: name.get_untracked(),
                email: email.get_untracked(),
                phone: optional(phone.get_untracked()),
                hpr_number: optional(hpr.get_untracked()),
                office_id: optional(office.get_untracked()),
                specialist: specialist.get_untracked(),
                list_size: list.ok().flatten(),
                open_list_places: open.ok().flatten(),
                employment: Employment::parse(&employment.get_untracked()),
                active: active.get_untracked(),
                roles: chosen_roles,
            };
            if !form.begin() {
                return;
            }
            let municipality_id = municipality_id.clone();
            let existing = existing.clone();
            let navigate = navigate.clone();
            let role_checks = role_checks.clone();
            spawn_local(async move {
                match existing {
                    None => match api::create_person(&municipality_id, input).await {
                        Ok(created) => {
                            form.done();
                            session.set_flash(Key::PersonCreated);
                            navigate(&format!("/personer/{}", created.id), NavigateOptions::default());
                        }
                        Err(failure) => form.fail_api(&failure),
                    },
                    Some(id) => match api::update_person(&municipality_id, &id, input).await {
                        Ok(updated) => {
                            form.done();
                            active.set(updated.active);
                            saved_email.set(updated.email);
                            for (role, checked) in &role_checks {
                                checked.set(updated.roles.contains(role));
                            }
                            saved.set(Some(Key::PersonSaved));
                        }
                        Err(failure) => form.fail_api(&failure),
                    },
                }
            });
        }
    };
    let roles_id = form.input_id("roles");
    let roles_error_id = format!("{roles_id}-error");
    let heading = person.as_ref().map(|p| p.name.clone());
    let has_password = person.as_ref().map(|p| p.has_password);
    let invite = existing.clone().map(|id| {
        view! { <Invitation municipality_id=municipality_id.clone() person_id=id email=saved_email active /> }
    });
    view! {
        {heading.map(|name| view! { <p class="ds-paragraph app-lead" data-testid="person-name">{name}</p> })}
        {has_password.map(|has| view! {
            <p class="ds-paragraph">
                {tr(if has { Key::PersonHasPassword } else { Key::PersonUsesLinks })}
            </p>
        })}
        <Notice message=saved />
        <form class="app-form" novalidate on:submit=submit>
            <ErrorSummary form />
            {locked.then(|| view! { <p class="ds-paragraph" data-testid="managed-elsewhere">{tr(Key::PersonManagedElsewhere)}</p> })}
            <TextField form field="name" label=Key::FieldName value=name autocomplete="off" readonly=locked />
            <TextField form field="email" label=Key::FieldEmail value=email kind="email" autocomplete="off" readonly=locked />
            <TextField form field="phone" label=Key::FieldPhone value=phone kind="tel" autocomplete="off" optional=true readonly=locked />
            <TextField
                form
                field="hpr_number"
                label=Key::FieldHpr
                value=hpr
                inputmode="numeric"
                description=Key::HprHelp
                optional=true
                readonly=locked
            />
            <SelectField form field="office_id" label=Key::FieldOffice value=office options=office_options optional=true />
            <CheckboxField id="person-specialist".to_owned() label=Key::FieldSpecialist checked=specialist />
            <TextField
                form
                field="list_size"
                label=Key::FieldListSize
                value=list_size
                inputmode="numeric"
                description=Key::ListSizeHelp
                optional=true
            />
            <TextField
                form
                field="open_list_places"
                label=Key::FieldOpenListPlaces
                value=open_places
                inputmode="numeric"
                optional=true
            />
            <SelectField
                form
                field="employment"
                label=Key::FieldEmployment
                value=employment
                options=employment_options
                optional=true
            />
            {(!locked).then(|| view! {
                <CheckboxField id="person-active".to_owned() label=Key::FieldActive checked=active description=Key::ActiveHelp />
            })}
            <fieldset
                class="ds-fieldset"
                id=roles_id.clone()
                tabindex="-1"
                aria-describedby=move || form.error_for("roles").map(|_| roles_error_id.clone())
            >
                <legend class="ds-label">{tr(Key::FieldRoles)}</legend>
                {role_checks
                    .into_iter()
                    .map(|(role, checked)| {
                        view! {
                            <CheckboxField
                                id=format!("person-role-{}", role.as_str())
                                label=role_key(role)
                                checked
                                description=role_help(role)
                            />
                        }
                    })
                    .collect_view()}
                {move || {
                    form.error_for("roles")
                        .map(|key| {
                            view! {
                                <p class="ds-validation-message" data-field="validation" id=format!("{}-error", form.input_id("roles"))>
                                    {tr(key)}
                                </p>
                            }
                        })
                }}
            </fieldset>
            <div class="app-actions">
                <SubmitButton form label={if existing.is_some() { Key::SavePerson } else { Key::AddPerson }} testid="save-person" />
                <A href="/personer" attr:class="ds-link">{tr(Key::BackToPeople)}</A>
            </div>
        </form>
        {invite}
    }
}

/// Send the person an invitation e-mail, and say so.
#[component]
fn Invitation(
    municipality_id: String,
    person_id: String,
    email: RwSignal<String>,
    active: RwSignal<bool>,
) -> impl IntoView {
    let form = Form::new("invite", &[]);
    let notice = RwSignal::new(None::<Key>);
    let sent_to = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        if !form.begin() {
            return;
        }
        let (municipality_id, person_id) = (municipality_id.clone(), person_id.clone());
        spawn_local(async move {
            match api::invite_person(&municipality_id, &person_id).await {
                Ok(()) => {
                    form.done();
                    sent_to.set(email.get_untracked());
                    notice.set(Some(Key::InvitationSent));
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    view! {
        <section class="app-section" aria-labelledby="invitation-heading">
            <h2 class="ds-heading" data-size="sm" id="invitation-heading">{tr(Key::InvitationTitle)}</h2>
            <p class="ds-paragraph">{tr(Key::InvitationIntro)}</p>
            <Show
                when=move || active.get()
                fallback=|| view! { <p class="ds-paragraph">{tr(Key::InvitationInactive)}</p> }
            >
                <form class="app-form" novalidate on:submit=submit.clone()>
                    <ErrorSummary form />
                    <SubmitButton form label=Key::SendInvitation variant="secondary" testid="send-invitation" />
                </form>
            </Show>
            <Notice message=notice extra=sent_to />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_digits_or_nothing() {
        assert_eq!(parse_count(""), Ok(None));
        assert_eq!(parse_count(" 1 200 "), Ok(Some(1200)));
        assert_eq!(parse_count("12a"), Err(()));
        assert_eq!(parse_count("-3"), Err(()));
    }
}
