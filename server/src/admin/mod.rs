//! Administration from the command line, for when nobody can sign in yet or an administrator is locked out:
//! `legeting admin create-user`. It works directly on the database, in one transaction, and records every
//! change in the audit log with no actor (actions ending in `_by_cli`).
//!
//! [`create_user`] parses its input first, so bad input writes nothing; the SQL is `crate::people::store`'s.

use std::fmt::Write as _;

use legeting_shared::people::{Municipality, Role};
use serde_json::json;

use crate::audit::{self, Change};
use crate::auth::password;
use crate::auth::password::NewPassword;
use crate::db::Database;
use crate::error::FieldError;
use crate::people::model::{Email, PersonName};
use crate::people::store;

/// What `legeting admin create-user` was asked to do, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    /// A name ("Bærum"), a four-digit number ("3201"), or both ("Bærum 3201").
    pub municipality: String,
    pub roles: Vec<Role>,
    /// None: the person signs in with e-mail links.
    pub password: Option<String>,
    pub installation_admin: bool,
}

/// A municipality as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MunicipalityRef {
    pub name: Option<String>,
    pub number: Option<String>,
}

/// Read "Bærum", "3201", "Bærum 3201" or "3201 Bærum" (parentheses and commas are ignored).
pub fn parse_municipality(value: &str) -> Result<MunicipalityRef, FieldError> {
    let mut number = None;
    let mut words = Vec::new();
    for token in value.split_whitespace() {
        let token = token.trim_matches(|c| matches!(c, '(' | ')' | ','));
        if number.is_none() && token.len() == 4 && token.chars().all(|c| c.is_ascii_digit()) {
            number = Some(token.to_owned());
        } else if !token.is_empty() {
            words.push(token);
        }
    }
    let name = if words.is_empty() {
        None
    } else {
        let name = PersonName::parse(&words.join(" ")).map_err(|mut error| {
            error.field = "municipality";
            error
        })?;
        Some(name.as_str().to_owned())
    };
    if name.is_none() && number.is_none() {
        return Err(FieldError::new(
            "municipality",
            "required",
            "give the municipality's name or four-digit number, e.g. --municipality Bærum or --municipality 3201",
        ));
    }
    Ok(MunicipalityRef { name, number })
}

/// What [`create_user`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedUser {
    pub person_id: String,
    /// The stored name (an existing person keeps theirs).
    pub name: String,
    pub email: String,
    /// False when the e-mail address belonged to someone already.
    pub person_created: bool,
    pub municipality: Municipality,
    pub municipality_created: bool,
    /// Roles given now.
    pub roles_added: Vec<Role>,
    /// Roles asked for that the person already had.
    pub roles_already: Vec<Role>,
    /// Whether a password was set now.
    pub password_set: bool,
    /// Whether the person has a password (set now or before).
    pub has_password: bool,
    /// Whether the person became an installation administrator now.
    pub installation_admin_granted: bool,
    /// False for a person marked as having left, who cannot sign in.
    pub active: bool,
}

/// Create a person with roles in a municipality, or give an existing person (same e-mail) the roles they lack.
/// The municipality is found by number or name and created when missing (that needs a name). A password, when
/// given, is set; otherwise the person signs in with e-mail links. Bad input is refused before anything is
/// written.
pub async fn create_user(database: &Database, request: &NewUser) -> anyhow::Result<CreatedUser> {
    let email = Email::parse(&request.email)?;
    let name = PersonName::parse(&request.name)?;
    let wanted = parse_municipality(&request.municipality)?;
    let password = request.password.as_deref().map(NewPassword::parse).transpose()?;
    let mut roles = request.roles.clone();
    roles.sort();
    roles.dedup();
    if roles.is_empty() && !request.installation_admin {
        return Err(FieldError::new(
            "role",
            "role_required",
            "give at least one --role (administrator, leader, secretary, gp, guest) or --installation-admin",
        )
        .into());
    }
    let hash = match &password {
        Some(password) => Some(password::hash(password).await?),
        None => None,
    };

    let mut tx = database.begin().await?;
    let (municipality, municipality_created) = match find_municipality(&store::municipalities(&mut tx).await?, &wanted)?
    {
        Some(found) => (found, false),
        None => {
            let Some(new_name) = wanted.name.as_deref() else {
                return Err(FieldError::new(
                    "municipality",
                    "unknown_municipality",
                    format!(
                        "no municipality has the number {}; add its name to create it, e.g. --municipality \"<name> {0}\"",
                        wanted.number.as_deref().unwrap_or_default()
                    ),
                )
                .into());
            };
            let created = store::insert_municipality(&mut tx, new_name, wanted.number.as_deref()).await?;
            audit::record(
                &mut *tx,
                Change {
                    actor_id: None,
                    municipality_id: Some(&created.id),
                    action: "municipality.created_by_cli",
                    entity_id: Some(&created.id),
                    details: json!({ "name": created.name, "number": created.number }),
                },
            )
            .await?;
            (created, true)
        }
    };

    let existing = store::person_by_email(&mut tx, email.as_str()).await?;
    let (person_id, stored_name, person_created, had_password, was_installation_admin, active) = match existing {
        Some(person) => (person.id, person.name, false, person.has_password, person.installation_admin, person.active),
        None => {
            let id = store::insert_person(
                &mut tx,
                name.as_str(),
                email.as_str(),
                request.installation_admin,
                hash.as_deref(),
            )
            .await?;
            (id, name.as_str().to_owned(), true, false, false, true)
        }
    };

    let mut roles_added = Vec::new();
    let mut roles_already = Vec::new();
    for role in roles {
        if store::grant_role(&mut tx, &person_id, &municipality.id, role).await? {
            roles_added.push(role);
        } else {
            roles_already.push(role);
        }
    }
    let role_names = |roles: &[Role]| roles.iter().map(|r| r.as_str()).collect::<Vec<_>>();

    let installation_admin_granted = request.installation_admin && !was_installation_admin;
    if person_created {
        audit::record(
            &mut *tx,
            Change {
                actor_id: None,
                municipality_id: Some(&municipality.id),
                action: "person.created_by_cli",
                entity_id: Some(&person_id),
                details: json!({
                    "name": stored_name, "email": email.as_str(), "roles": role_names(&roles_added),
                    "installation_admin": request.installation_admin, "password_set": hash.is_some(),
                }),
            },
        )
        .await?;
    } else {
        if let Some(hash) = &hash {
            store::set_password_hash(&mut tx, &person_id, hash).await?;
        }
        if installation_admin_granted {
            store::grant_installation_admin(&mut tx, &person_id).await?;
        }
        if !roles_added.is_empty() || hash.is_some() || installation_admin_granted {
            audit::record(
                &mut *tx,
                Change {
                    actor_id: None,
                    municipality_id: Some(&municipality.id),
                    action: "person.updated_by_cli",
                    entity_id: Some(&person_id),
                    details: json!({
                        "roles_added": role_names(&roles_added),
                        "installation_admin_granted": installation_admin_granted,
                        "password_set": hash.is_some(),
                    }),
                },
            )
            .await?;
        }
    }
    tx.commit().await?;

    Ok(CreatedUser {
        person_id,
        name: stored_name,
        email: email.as_str().to_owned(),
        person_created,
        municipality,
        municipality_created,
        roles_added,
        roles_already,
        password_set: hash.is_some(),
        has_password: had_password || hash.is_some(),
        installation_admin_granted,
        active,
    })
}

/// The municipality with the wanted number, else the one with the wanted name (ignoring case). Several with
/// that name and no number to tell them apart is an error.
fn find_municipality(all: &[Municipality], wanted: &MunicipalityRef) -> anyhow::Result<Option<Municipality>> {
    if let Some(number) = &wanted.number
        && let Some(found) = all.iter().find(|m| m.number.as_ref() == Some(number))
    {
        return Ok(Some(found.clone()));
    }
    let Some(name) = &wanted.name else { return Ok(None) };
    let name = name.to_lowercase();
    let named: Vec<&Municipality> = all.iter().filter(|m| m.name.to_lowercase() == name).collect();
    match named.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some((*one).clone())),
        _ => Err(FieldError::new(
            "municipality",
            "ambiguous_municipality",
            format!("several municipalities are called {:?}; give the number instead", named[0].name),
        )
        .into()),
    }
}

fn describe(municipality: &Municipality) -> String {
    match &municipality.number {
        Some(number) => format!("{} ({number})", municipality.name),
        None => municipality.name.clone(),
    }
}

fn list(roles: &[Role]) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
}

impl CreatedUser {
    /// What was done, for the terminal, ending with how the person signs in.
    pub fn report(&self, base_url: &str) -> String {
        let mut text = String::new();
        let place = describe(&self.municipality);
        if self.municipality_created {
            let _ = writeln!(text, "Created the municipality {place}.");
        }
        if self.person_created {
            let roles =
                if self.roles_added.is_empty() { String::new() } else { format!(" as {}", list(&self.roles_added)) };
            let _ = writeln!(text, "Created {} <{}>{roles} in {place}.", self.name, self.email);
        } else {
            let _ = write!(text, "{} <{}> already exists", self.name, self.email);
            let mut changes = Vec::new();
            if !self.roles_added.is_empty() {
                changes.push(format!("added {}", list(&self.roles_added)));
            }
            if !self.roles_already.is_empty() {
                changes.push(format!("already had {}", list(&self.roles_already)));
            }
            if !changes.is_empty() {
                let _ = write!(text, "; in {place}: {}", changes.join("; "));
            }
            let _ = writeln!(text, ".");
        }
        if self.installation_admin_granted {
            let _ = writeln!(
                text,
                "{} is an installation administrator: may create and manage every municipality.",
                self.name
            );
        }
        if self.password_set {
            let _ = writeln!(text, "Password set. Sign in at {base_url} with {} and that password.", self.email);
        } else if self.has_password {
            let _ = writeln!(text, "Password unchanged. Sign in at {base_url} with {} and the password.", self.email);
        } else {
            let _ = writeln!(
                text,
                "No password: {} signs in at {base_url} with an e-mail link sent to {}, and may choose a password then.",
                self.name, self.email
            );
        }
        if !self.active {
            let _ =
                writeln!(text, "Note: {} is marked as having left and cannot sign in until reactivated.", self.name);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn municipalities_are_given_by_name_number_or_both() {
        let both = MunicipalityRef { name: Some("Bærum".into()), number: Some("3201".into()) };
        assert_eq!(parse_municipality("Bærum 3201"), Ok(both.clone()));
        assert_eq!(parse_municipality(" 3201  Bærum"), Ok(both.clone()));
        assert_eq!(parse_municipality("Bærum (3201)"), Ok(both));
        assert_eq!(parse_municipality("3201"), Ok(MunicipalityRef { name: None, number: Some("3201".into()) }));
        assert_eq!(
            parse_municipality("Nord-Aurdal"),
            Ok(MunicipalityRef { name: Some("Nord-Aurdal".into()), number: None })
        );
        assert_eq!(parse_municipality("  ").map_err(|e| e.code), Err("required"));
    }

    #[test]
    fn a_municipality_is_found_by_number_before_name() {
        let all = vec![
            Municipality { id: "a".into(), name: "Bærum".into(), number: Some("3201".into()) },
            Municipality { id: "b".into(), name: "Asker".into(), number: Some("3203".into()) },
        ];
        let find = |text: &str| {
            find_municipality(&all, &parse_municipality(text).expect("valid")).expect("no error").map(|m| m.id)
        };
        assert_eq!(find("3203"), Some("b".into()));
        assert_eq!(find("bærum"), Some("a".into()));
        assert_eq!(find("BÆRUM 3203"), Some("b".into()));
        assert_eq!(find("Lier"), None);
        assert_eq!(find("3312"), None);
    }

    #[test]
    fn the_report_says_how_to_sign_in() {
        let created = CreatedUser {
            person_id: "p".into(),
            name: "Kari Nordmann".into(),
            email: "kari@baerum.kommune.no".into(),
            person_created: true,
            municipality: Municipality { id: "m".into(), name: "Bærum".into(), number: Some("3201".into()) },
            municipality_created: true,
            roles_added: vec![Role::Administrator, Role::Leader],
            roles_already: vec![],
            password_set: false,
            has_password: false,
            installation_admin_granted: false,
            active: true,
        };
        let report = created.report("https://legeting.example");
        assert!(report.contains("Created the municipality Bærum (3201)."), "{report}");
        assert!(report.contains("Created Kari Nordmann <kari@baerum.kommune.no> as administrator, leader"), "{report}");
        assert!(report.contains("e-mail link"), "{report}");
        assert!(report.contains("https://legeting.example"), "{report}");
    }
}
