//! Tenant isolation for people: what one municipality may change about a person, and whom it may involve.
//!
//! A person is shared by the whole installation (one e-mail address, one sign-in), while each municipality
//! holds its own memberships of them (roles). So the fields of a person fall in three groups:
//! - **membership** (roles in the municipality): the municipality's own; its administrators change them;
//! - **identity** (name, e-mail, phone, HPR number, active, password): they decide who signs in as whom, so
//!   they change only by the person themself, an installation administrator, or an administrator of a
//!   municipality the person belongs to *alone* (and who is not an installation administrator);
//! - **practice** (office, specialist, list size, open places, employment): they describe the GP's practice,
//!   which lies in the municipality of their office; an administrator may change them when the person's
//!   office is in that municipality or they have none (or when they may change the identity as well).
//!
//! [`decide`] is the pure rule; [`authority`] loads the facts and applies it. Everything else that names a
//! person in a request (invitees, body members, action item owners, exemptions, roster rows) asks
//! [`belongs_to`] or [`members_of`]: a municipality may involve only the people who hold a role in it.

use std::collections::BTreeSet;

use legeting_shared::people::Role;
use sqlx::AnyPool;

use crate::auth::AuthUser;
use crate::error::AppError;

use crate::error::FieldError;

/// The facts about a person that decide who may change them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonScope {
    /// Every municipality where the person holds a role.
    pub municipalities: BTreeSet<String>,
    /// Whether the person administers the whole installation.
    pub installation_admin: bool,
    /// The municipality of the person's office, if they have one.
    pub office_municipality: Option<String>,
}

/// What the caller may change about a person, acting for one municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authority {
    /// Name, e-mail, phone, HPR number, active.
    pub identity: bool,
    /// Office, specialist, list size, open list places, employment.
    pub practice: bool,
}

/// The rule (pure): what `actor`, acting for `municipality_id`, may change about `person_id`.
pub fn decide(actor: &AuthUser, municipality_id: &str, person_id: &str, scope: &PersonScope) -> Authority {
    if actor.person_id == person_id || actor.installation_admin {
        return Authority { identity: true, practice: true };
    }
    let administers = actor.roles_in(municipality_id).contains(&Role::Administrator);
    let theirs_alone = !scope.installation_admin && scope.municipalities.iter().all(|m| m == municipality_id);
    let identity = administers && theirs_alone;
    let practice_here = scope.office_municipality.as_deref().is_none_or(|m| m == municipality_id);
    Authority { identity, practice: identity || (administers && practice_here) }
}

/// Load the facts about a person (None if there is no such person).
pub async fn scope(pool: &AnyPool, person_id: &str) -> Result<Option<PersonScope>, sqlx::Error> {
    let person: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT p.installation_admin, o.municipality_id FROM people p LEFT JOIN offices o ON o.id = p.office_id \
         WHERE p.id = $1",
    )
    .bind(person_id)
    .fetch_optional(pool)
    .await?;
    let Some((installation_admin, office_municipality)) = person else { return Ok(None) };
    let municipalities: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT municipality_id FROM municipality_roles WHERE person_id = $1")
            .bind(person_id)
            .fetch_all(pool)
            .await?;
    Ok(Some(PersonScope {
        municipalities: municipalities.into_iter().collect(),
        installation_admin: installation_admin == 1,
        office_municipality,
    }))
}

/// What `actor` may change about `person_id` acting for `municipality_id` (nothing if there is no such person).
pub async fn authority(
    pool: &AnyPool,
    actor: &AuthUser,
    municipality_id: &str,
    person_id: &str,
) -> Result<Authority, sqlx::Error> {
    let scope = scope(pool, person_id).await?;
    Ok(match scope {
        Some(scope) => decide(actor, municipality_id, person_id, &scope),
        None => Authority { identity: false, practice: false },
    })
}

/// The refusal when a field may not be changed from this municipality. It does not say where else the person
/// belongs: that is not this municipality's business.
pub fn managed_elsewhere(field: &'static str) -> FieldError {
    FieldError::new(
        field,
        "managed_elsewhere",
        "this person also belongs elsewhere; only the installation administrator can change this",
    )
}

/// Whether the person holds a role in the municipality.
pub async fn belongs_to(pool: &AnyPool, municipality_id: &str, person_id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM municipality_roles WHERE municipality_id = $1 AND person_id = $2 LIMIT 1")
            .bind(municipality_id)
            .bind(person_id)
            .fetch_optional(pool)
            .await?;
    Ok(found.is_some())
}

/// Everyone who holds a role in the municipality.
pub async fn members_of(pool: &AnyPool, municipality_id: &str) -> Result<BTreeSet<String>, sqlx::Error> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT person_id FROM municipality_roles WHERE municipality_id = $1")
            .bind(municipality_id)
            .fetch_all(pool)
            .await?;
    Ok(ids.into_iter().collect())
}

/// Refuse (as "no such person", field `field`) anyone in `person_ids` who holds no role in the municipality.
/// The same answer whether the id exists elsewhere or not at all, so nothing can be probed.
pub async fn require_members(
    pool: &AnyPool,
    municipality_id: &str,
    person_ids: impl IntoIterator<Item = &str>,
    field: &'static str,
) -> Result<(), AppError> {
    for person_id in person_ids {
        if !belongs_to(pool, municipality_id, person_id).await? {
            return Err(FieldError::new(field, "unknown_person", "no such person in this municipality").into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(id: &str, roles: &[(&str, Role)], installation_admin: bool) -> AuthUser {
        AuthUser {
            person_id: id.into(),
            session_id: String::new(),
            signed_in_with: crate::auth::SignedInWith::Password,
            signed_in_at: 0,
            name: id.into(),
            installation_admin,
            roles: roles.iter().map(|(m, r)| ((*m).to_owned(), *r)).collect(),
        }
    }

    fn scope(municipalities: &[&str], office: Option<&str>) -> PersonScope {
        PersonScope {
            municipalities: municipalities.iter().map(|m| (*m).to_owned()).collect(),
            installation_admin: false,
            office_municipality: office.map(str::to_owned),
        }
    }

    #[test]
    fn an_administrator_changes_everything_about_a_person_who_belongs_to_their_municipality_alone() {
        let admin = actor("admin", &[("asker", Role::Administrator)], false);
        let authority = decide(&admin, "asker", "gp", &scope(&["asker"], Some("asker")));
        assert_eq!(authority, Authority { identity: true, practice: true });
    }

    #[test]
    fn a_person_who_also_belongs_elsewhere_keeps_their_identity_out_of_one_municipalitys_reach() {
        let admin = actor("admin", &[("asker", Role::Administrator)], false);
        let shared_gp_of_baerum = scope(&["asker", "baerum"], Some("baerum"));
        assert_eq!(decide(&admin, "asker", "gp", &shared_gp_of_baerum), Authority { identity: false, practice: false });
        let shared_gp_of_asker = scope(&["asker", "baerum"], Some("asker"));
        assert_eq!(decide(&admin, "asker", "gp", &shared_gp_of_asker), Authority { identity: false, practice: true });
    }

    #[test]
    fn nobody_but_themself_and_installation_administrators_changes_an_installation_administrator() {
        let admin = actor("admin", &[("asker", Role::Administrator)], false);
        let mut operator = scope(&["asker"], None);
        operator.installation_admin = true;
        assert!(!decide(&admin, "asker", "operator", &operator).identity);
        assert!(decide(&actor("operator", &[], true), "asker", "someone", &scope(&["baerum"], None)).identity);
        assert!(decide(&actor("gp", &[("asker", Role::Gp)], false), "asker", "gp", &scope(&["asker"], None)).identity);
    }

    #[test]
    fn other_roles_change_nothing_about_other_people() {
        for role in [Role::Secretary, Role::Leader, Role::Gp, Role::Guest] {
            let caller = actor("someone", &[("asker", role)], false);
            assert_eq!(
                decide(&caller, "asker", "gp", &scope(&["asker"], None)),
                Authority { identity: false, practice: false },
                "{role:?}"
            );
        }
    }
}
