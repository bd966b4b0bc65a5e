//! `/personer`: the people of the current municipality, with search and filters. Administrators get "add
//! person" and a link to edit each person.

use legeting_shared::people::{Person, Role};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, PeopleQuery};
use crate::forms::{CheckboxField, FailureAlert, Form, Loading, SelectField, TextField};
use crate::i18n::{I18n, Key, tr, use_i18n};
use crate::session::{GuardedPage, Session, use_session};
use crate::table::{Column, DataTable};

/// The translated name of a role.
pub fn role_key(role: Role) -> Key {
    match role {
        Role::Administrator => Key::RoleAdministrator,
        Role::Leader => Key::RoleLeader,
        Role::Secretary => Key::RoleSecretary,
        Role::Gp => Key::RoleGp,
        Role::Guest => Key::RoleGuest,
    }
}

/// The roles as a comma-separated list in the current language.
pub fn role_list(i18n: I18n, roles: &[Role]) -> String {
    roles.iter().map(|role| i18n.t(role_key(*role))).collect::<Vec<_>>().join(", ")
}

/// `/personer`
#[component]
pub fn People() -> impl IntoView {
    view! {
        <GuardedPage title=Key::PeopleTitle allowed=Session::sees_people>
            <PeopleList />
        </GuardedPage>
    }
}

#[component]
fn PeopleList() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let municipality = Memo::new(move |_| session.municipality());
    let admin = Memo::new(move |_| session.is_admin());
    let filter = Form::new("filter", &[]);
    let q = RwSignal::new(String::new());
    // The search applies once typing pauses, so the list (and its announced count) does not change per key.
    let applied_q = RwSignal::new(String::new());
    Effect::new(move |_| {
        let typed = q.get();
        set_timeout(
            move || {
                if q.get_untracked() == typed {
                    applied_q.set(typed);
                }
            },
            std::time::Duration::from_millis(300),
        );
    });
    let role = RwSignal::new(String::new());
    let office = RwSignal::new(String::new());
    let inactive = RwSignal::new(false);
    let offices = LocalResource::new(move || {
        let id = municipality.get().map(|m| m.id);
        async move {
            match id {
                Some(id) => api::offices(&id).await.unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    let people = LocalResource::new(move || {
        let id = municipality.get().map(|m| m.id);
        let query = PeopleQuery {
            q: applied_q.get(),
            role: Role::parse(&role.get()),
            office_id: Some(office.get()).filter(|o| !o.is_empty()),
            include_inactive: inactive.get(),
        };
        async move {
            match id {
                Some(id) => api::people(&id, &query).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let role_options = Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t(Key::FilterAllRoles).to_owned())];
        options.extend(Role::ALL.iter().map(|r| (r.as_str().to_owned(), i18n.t(role_key(*r)).to_owned())));
        options
    });
    let office_options = Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t(Key::FilterAllOffices).to_owned())];
        options.extend(offices.get().unwrap_or_default().into_iter().map(|o| (o.id, o.name)));
        options
    });
    let count = move || match people.get() {
        Some(Ok(list)) if list.len() == 1 => i18n.t(Key::PeopleCountOne).to_owned(),
        Some(Ok(list)) => format!("{} {}", list.len(), i18n.t(Key::PeopleCountMany)),
        _ => String::new(),
    };
    view! {
        <p class="ds-paragraph app-lead">{move || municipality.get().map(|m| m.name)}</p>
        <Show when=move || admin.get()>
            <p class="app-actions">
                <A href="/personer/ny" attr:class="ds-button" attr:data-testid="add-person">
                    {tr(Key::AddPerson)}
                </A>
            </p>
        </Show>
        <form class="app-filters" role="search" aria-label=tr(Key::FilterLabel) on:submit=|ev: SubmitEvent| ev.prevent_default()>
            <TextField form=filter field="q" label=Key::FilterSearch value=q kind="search" unmarked=true description=Key::FilterSearchHelp />
            <SelectField form=filter field="role" label=Key::FilterRole value=role options=role_options />
            <SelectField form=filter field="office" label=Key::FilterOffice value=office options=office_options />
            <CheckboxField id="filter-inactive".to_owned() label=Key::FilterIncludeInactive checked=inactive />
        </form>
        <p class="ds-paragraph" role="status" data-testid="people-count">{count}</p>
        {move || match people.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <p class="ds-paragraph" data-testid="people-none">{tr(Key::PeopleNone)}</p>
            }
                .into_any(),
            Some(Ok(list)) => view! { <PeopleTable people=list admin=admin.get_untracked() /> }.into_any(),
        }}
    }
}

#[component]
fn PeopleTable(people: Vec<Person>, admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <DataTable id="people" caption=Key::PeopleTableCaption testid="people-table"
            columns={vec![Column::text(Key::ColumnName), Column::text(Key::ColumnEmail), Column::text(Key::ColumnOffice), Column::text(Key::ColumnRoles), Column::text(Key::ColumnStatus)]}>
            {people
                .into_iter()
                .map(|person| {
                    let roles = person.roles.clone();
                    let active = person.active;
                    let name = if admin {
                        view! {
                            <A href=format!("/personer/{}", person.id) attr:class="ds-link" attr:data-testid="edit-person">
                                {person.name.clone()}
                            </A>
                        }
                            .into_any()
                    } else {
                        person.name.clone().into_any()
                    };
                    view! {
                        <tr data-email=person.email.clone()>
                            <th scope="row">{name}</th>
                            <td class="app-break">{person.email.clone()}</td>
                            <td>{person.office_name.clone().unwrap_or_default()}</td>
                            <td>{move || role_list(i18n, &roles)}</td>
                            <td>
                                <span class="ds-tag" data-color=if active { "success" } else { "neutral" } data-size="sm">
                                    {tr(if active { Key::StatusActive } else { Key::StatusInactive })}
                                </span>
                            </td>
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}
