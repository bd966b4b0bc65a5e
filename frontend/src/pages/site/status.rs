//! The status page: the server's `/api/health`, read through the shared wire types.

use legeting_shared::{Health, HealthStatus};
use leptos::prelude::*;

use crate::api;
use crate::i18n::{Key, tr, use_i18n, use_page_title};

/// `/status`
#[component]
pub fn Status() -> impl IntoView {
    use_page_title(Key::StatusTitle);
    let health = LocalResource::new(api::health);
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::StatusTitle)}</h1>
        <p class="ds-paragraph">{tr(Key::StatusIntro)}</p>
        <div aria-live="polite" aria-busy=move || health.get().is_none().to_string()>
            {move || match health.get() {
                None => view! { <p class="ds-paragraph" data-testid="status-loading">{tr(Key::StatusLoading)}</p> }.into_any(),
                Some(Ok(health)) => view! { <HealthTable health /> }.into_any(),
                Some(Err(failure)) => view! {
                    <div class="ds-alert" data-color="danger" role="alert">
                        <p class="ds-paragraph">{tr(failure.message_key())}</p>
                    </div>
                }.into_any(),
            }}
        </div>
        <button type="button" class="ds-button" data-variant="secondary" on:click=move |_| health.refetch()>
            {tr(Key::StatusRefresh)}
        </button>
    }
}

#[component]
fn HealthTable(health: Health) -> impl IntoView {
    let i18n = use_i18n();
    let state_key = match health.status {
        HealthStatus::Ok => Key::StatusOk,
        HealthStatus::Degraded => Key::StatusDegraded,
    };
    let database = match health.database {
        legeting_shared::DatabaseKind::Sqlite => "SQLite",
        legeting_shared::DatabaseKind::Postgres => "PostgreSQL",
    };
    let rows = [
        (Key::StatusServer, None, "status-server"),
        (Key::StatusDatabase, Some(database.to_owned()), "status-database"),
        (Key::StatusVersion, Some(health.version.clone()), "status-version"),
        (Key::StatusMigrations, Some(health.migrations.to_string()), "status-migrations"),
    ];
    view! {
        <table class="ds-table app-status-table" data-testid="status-table">
            <caption class="ds-sr-only">{tr(Key::StatusTableCaption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{tr(Key::StatusWhat)}</th>
                    <th scope="col">{tr(Key::StatusValue)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|(label, value, test_id)| {
                        let value = value.clone();
                        view! {
                            <tr>
                                <th scope="row">{tr(label)}</th>
                                <td data-testid=test_id>
                                    {move || value.clone().unwrap_or_else(|| i18n.t(state_key).to_owned())}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
