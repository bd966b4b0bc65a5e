//! `/logg`: the audit log of the current municipality, for administrators. Times are Europe/Oslo time;
//! known actions are translated, others are shown as the server names them.

use legeting_shared::people::AuditEntry;
use leptos::prelude::*;

use crate::api;
use crate::forms::{FailureAlert, Loading};
use crate::i18n::{Key, tr, use_i18n};
use crate::session::{GuardedPage, Session, municipality_resource, use_session};
use crate::table::{Column, DataTable};
use crate::time::format_oslo;

/// The translation of an audit action, when there is one.
pub fn action_key(action: &str) -> Option<Key> {
    Some(match action {
        "installation.setup" => Key::AuditInstallationSetup,
        "municipality.created" => Key::AuditMunicipalityCreated,
        "municipality.updated" => Key::AuditMunicipalityUpdated,
        "office.created" => Key::AuditOfficeCreated,
        "office.updated" => Key::AuditOfficeUpdated,
        "person.created" => Key::AuditPersonCreated,
        "person.updated" => Key::AuditPersonUpdated,
        "person.invited" => Key::AuditPersonInvited,
        "person.profile_updated" => Key::AuditProfileUpdated,
        "person.password_set" => Key::AuditPasswordSet,
        "person.created_by_cli" => Key::AuditPersonCreatedByCli,
        "person.updated_by_cli" => Key::AuditPersonUpdatedByCli,
        "municipality.created_by_cli" => Key::AuditMunicipalityCreatedByCli,
        "person.mail_preferences_changed" => Key::AuditMailPreferencesChanged,
        "demo.seeded" => Key::AuditDemoSeeded,
        "roster.imported" => Key::AuditRosterImported,
        "body.created" => Key::AuditBodyCreated,
        "body.updated" => Key::AuditBodyUpdated,
        "body.members_set" => Key::AuditBodyMembersSet,
        "obligation.rules_set" => Key::AuditObligationRulesSet,
        "obligation.exempted" => Key::AuditObligationExempted,
        "obligation.exemption_removed" => Key::AuditObligationExemptionRemoved,
        "rate.added" => Key::AuditRateAdded,
        "rate.deleted" => Key::AuditRateDeleted,
        "letter.created" => Key::AuditLetterCreated,
        "letter.updated" => Key::AuditLetterUpdated,
        "letter.deleted" => Key::AuditLetterDeleted,
        "letter.published" => Key::AuditLetterPublished,
        _ => return None,
    })
}

/// The translated name of a field in an audit entry's details, when there is one.
fn detail_key(field: &str) -> Option<Key> {
    Some(match field {
        "name" => Key::FieldName,
        "email" => Key::FieldEmail,
        "phone" => Key::FieldPhone,
        "hpr_number" => Key::FieldHpr,
        "office_id" => Key::FieldOffice,
        "specialist" => Key::FieldSpecialist,
        "list_size" => Key::FieldListSize,
        "open_list_places" => Key::FieldOpenListPlaces,
        "employment" => Key::FieldEmployment,
        "active" => Key::FieldActive,
        "roles" => Key::FieldRoles,
        "address" => Key::FieldAddress,
        "language" => Key::FieldLanguage,
        "number" => Key::FieldMunicipalityNumber,
        "municipality" => Key::MunicipalityChoice,
        "administrator" => Key::RoleAdministrator,
        "title" => Key::FieldTitle,
        "kind" => Key::AuditFieldKind,
        "emailed_to" => Key::AuditFieldEmailedTo,
        "published" => Key::AuditFieldPublished,
        "year" => Key::AuditFieldYear,
        "reason" => Key::AuditFieldReason,
        "counts_for_obligation" => Key::FieldCountsForObligation,
        _ => return None,
    })
}

fn detail_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "–".to_owned(),
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Array(items) => items.iter().map(detail_value).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The details of an audit entry as lines of "field: value"; for a change (`changes`: the details hold
/// `[old, new]` pairs) as "field: old → new". Details that are not a JSON object are shown as they are.
/// `field_name` translates the field names it knows.
pub fn describe_details(details: &str, changes: bool, field_name: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_str::<serde_json::Value>(details) else {
        return if details.trim().is_empty() { Vec::new() } else { vec![details.to_owned()] };
    };
    fields
        .iter()
        .map(|(field, value)| {
            let label = field_name(field).unwrap_or_else(|| field.clone());
            let value = match value {
                serde_json::Value::Array(pair) if changes && pair.len() == 2 => {
                    format!("{} → {}", detail_value(&pair[0]), detail_value(&pair[1]))
                }
                other => detail_value(other),
            };
            format!("{label}: {value}")
        })
        .collect()
}

/// `/logg`
#[component]
pub fn AuditLog() -> impl IntoView {
    view! {
        <GuardedPage title=Key::AuditTitle allowed=Session::is_admin>
            <AuditEntries />
        </GuardedPage>
    }
}

#[component]
fn AuditEntries() -> impl IntoView {
    let session = use_session();
    let municipality = Memo::new(move |_| session.municipality());
    let entries = municipality_resource(|id| async move { api::audit_log(&id).await });
    view! {
        <p class="ds-paragraph app-lead">{move || municipality.get().map(|m| m.name)}</p>
        <p class="ds-paragraph">{tr(Key::AuditIntro)}</p>
        {move || match entries.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="ds-paragraph">{tr(Key::AuditNone)}</p> }.into_any(),
            Some(Ok(list)) => view! { <AuditTable entries=list /> }.into_any(),
        }}
    }
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <DataTable id="audit" caption=Key::AuditTableCaption testid="audit-table"
            columns={vec![Column::text(Key::ColumnTime), Column::text(Key::ColumnActor), Column::text(Key::ColumnAction), Column::text(Key::ColumnDetails)]}>
            {entries
                .into_iter()
                .map(|entry| {
                    let action = entry.action.clone();
                    let actor = entry.actor_name.clone();
                    let details = entry.details.clone();
                    let changes = entry.action.ends_with(".updated");
                    view! {
                        <tr>
                            <td class="app-nowrap">{format_oslo(entry.at)}</td>
                            <td>{move || actor.clone().unwrap_or_else(|| i18n.t(Key::AuditSystem).to_owned())}</td>
                            <td data-testid="audit-action">
                                {move || match action_key(&action) {
                                    Some(key) => i18n.t(key).to_owned(),
                                    None => action.clone(),
                                }}
                            </td>
                            <td class="app-details">
                                {move || {
                                    describe_details(&details, changes, |field| detail_key(field).map(|key| i18n.t(key).to_owned()))
                                        .into_iter()
                                        .map(|line| view! { <span class="app-details__line">{line}</span> })
                                        .collect_view()
                                }}
                            </td>
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action the server writes to the audit log (`action: "…"` in `server/src`) has a translation, so
    /// the log never shows a code to an administrator.
    #[test]
    fn every_audit_action_the_server_writes_is_translated() {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("the server sources").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("a source file");
                    for part in text.split("action: \"").skip(1) {
                        if let Some((action, _)) = part.split_once('"') {
                            found.push(action.to_owned());
                        }
                    }
                }
            }
        }
        let mut actions = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src"), &mut actions);
        actions.retain(|a| a.contains('.'));
        assert!(actions.len() > 20, "the scan finds the audit actions: {actions:?}");
        let untranslated: Vec<&String> = actions.iter().filter(|a| action_key(a).is_none()).collect();
        assert!(untranslated.is_empty(), "audit actions without a translation: {untranslated:?}");
    }

    #[test]
    fn details_become_lines_with_changes_as_arrows() {
        let lines = describe_details(
            r#"{"name":["Ola","Ola Nordmann"],"roles":[["gp"],["gp","secretary"]],"phone":[null,"+4791234567"]}"#,
            true,
            |field| (field == "name").then(|| "Navn".to_owned()),
        );
        assert_eq!(lines, vec!["Navn: Ola → Ola Nordmann", "phone: – → +4791234567", "roles: gp → gp, secretary"]);
        assert_eq!(describe_details(r#"{"roles":["gp","secretary"]}"#, false, |_| None), vec!["roles: gp, secretary"]);
        assert_eq!(describe_details(r#"{"active":true}"#, false, |_| None), vec!["active: true"]);
        assert_eq!(describe_details("{}", false, |_| None), Vec::<String>::new());
        assert_eq!(describe_details("not json", false, |_| None), vec!["not json"]);
    }
}
