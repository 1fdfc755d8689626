use serde_json::Value;

use super::into_object;
use crate::wire::{self, Object};
use crate::ApiError;

/// Who the token belongs to (`GET /api/v3/account/me`; shape guessed, read tolerantly).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "serde_json::Value")]
pub struct Identity {
    pub id: String,
    pub name: String,
    pub email: String,
    pub organization: Option<Organization>,
    /// Uppercased role names (`ORGADMIN`, `CONTRIBUTOR`, …).
    pub roles: Vec<String>,
    /// False when the answer said nothing about roles: "no roles" and "unknown" differ.
    pub roles_known: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "serde_json::Value")]
pub struct Organization {
    pub id: String,
    pub name: String,
}

impl Identity {
    /// Reads `{id, name, email, organization, roles}` wherever a plausible shape puts them
    /// (the answer is not documented): in the object itself, in a `user` object inside it,
    /// or in a `result` object inside it (a second envelope), the user's own value first.
    /// The organisation is `organization`, `organisation` or `org` (an object with `name`
    /// or `title`, or a bare name); the roles are `roles`, `role` or `role_list` (strings,
    /// `{name}` objects, or one comma-separated string).
    pub(crate) fn read(top: &Object) -> Identity {
        let inner = top.get("result").and_then(Value::as_object);
        let user = top
            .get("user")
            .or_else(|| inner.and_then(|r| r.get("user")))
            .and_then(Value::as_object)
            .unwrap_or(top);
        let pick = |keys: &[&str]| {
            wire::first(user, keys)
                .or_else(|| wire::first(top, keys))
                .or_else(|| inner.and_then(|r| wire::first(r, keys)))
        };

        let name = wire::text(pick(&["name", "full_name", "display_name"]))
            .or_else(|| full_name(user))
            .or_else(|| wire::text(pick(&["username"])))
            .unwrap_or_default();
        let roles_value = pick(&["roles", "role", "role_list"]);
        let roles = roles_value.map(read_roles).unwrap_or_default();
        let roles_known = wire::flag(top.get("roles_known")).unwrap_or(roles_value.is_some());

        Identity {
            id: wire::id(pick(&["id", "user_id"])).unwrap_or_default(),
            name,
            email: wire::text(pick(&["email"])).unwrap_or_default(),
            organization: pick(&["organization", "organisation", "org"])
                .and_then(read_organization),
            roles,
            roles_known,
        }
    }
}

impl TryFrom<Value> for Identity {
    type Error = ApiError;
    fn try_from(v: Value) -> Result<Self, ApiError> {
        Ok(Identity::read(&into_object(v, "the account")?))
    }
}

impl TryFrom<Value> for Organization {
    type Error = ApiError;
    fn try_from(v: Value) -> Result<Self, ApiError> {
        read_organization(&v).ok_or_else(|| wire::shape("an organization"))
    }
}

fn full_name(user: &Object) -> Option<String> {
    let parts: Vec<String> = ["first_name", "last_name"]
        .iter()
        .filter_map(|k| wire::text(user.get(*k)))
        .filter(|s| !s.trim().is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Roles as `["ORGADMIN"]`, `[{"name": "orgadmin"}]`, `"ORGADMIN"` or `"A,B"`.
fn read_roles(v: &Value) -> Vec<String> {
    let names: Vec<String> = match v {
        Value::Array(items) => items
            .iter()
            .filter_map(|item| match item {
                Value::Object(obj) => {
                    wire::text(wire::first(obj, &["name", "role", "code", "title"]))
                }
                other => wire::text(Some(other)),
            })
            .collect(),
        Value::Object(obj) => wire::text(wire::first(obj, &["name", "role", "code"]))
            .into_iter()
            .collect(),
        other => wire::text(Some(other))
            .map(|s| s.split(',').map(str::to_owned).collect())
            .unwrap_or_default(),
    };
    let mut roles: Vec<String> = names
        .iter()
        .map(|s| s.trim().to_uppercase())
        .filter(|s| !s.is_empty())
        .collect();
    roles.dedup();
    roles
}

fn read_organization(v: &Value) -> Option<Organization> {
    match v {
        Value::Object(obj) => Some(Organization {
            id: wire::id(obj.get("id")).unwrap_or_default(),
            name: wire::text(wire::first(obj, &["name", "title", "display_name"]))
                .unwrap_or_default(),
        }),
        Value::String(name) => Some(Organization {
            id: String::new(),
            name: name.clone(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> Identity {
        Identity::try_from(v).unwrap()
    }

    #[test]
    fn the_guessed_shape() {
        let me = read(json!({
            "id": 12, "name": "Ann", "email": "ann@example.com",
            "organization": {"id": 3, "name": "Acme"},
            "roles": ["OrgAdmin", "contributor"], "extra": {"ignored": true}
        }));
        assert_eq!(me.id, "12");
        assert_eq!(me.name, "Ann");
        assert_eq!(
            me.organization,
            Some(Organization {
                id: "3".into(),
                name: "Acme".into()
            })
        );
        assert_eq!(me.roles, ["ORGADMIN", "CONTRIBUTOR"]);
        assert!(me.roles_known);
    }

    #[test]
    fn alternative_spellings() {
        let me = read(json!({
            "user": {"id": "u1", "first_name": "Bo", "last_name": "Li", "role": {"name": "customer"}},
            "organisation": "Beta BV"
        }));
        assert_eq!(me.id, "u1");
        assert_eq!(me.name, "Bo Li");
        assert_eq!(me.roles, ["CUSTOMER"]);
        assert_eq!(me.organization.unwrap().name, "Beta BV");

        let me = read(json!({"id": 1, "role": "developer,tester"}));
        assert_eq!(me.roles, ["DEVELOPER", "TESTER"]);
    }

    #[test]
    fn organisation_and_roles_under_other_names_and_places() {
        let me = read(json!({
            "user": {"id": 5, "name": "Cy", "role_list": [{"name": "orgadmin"}, {"title": "developer"}]},
            "org": {"id": 9, "title": "Gamma"}
        }));
        assert_eq!(me.roles, ["ORGADMIN", "DEVELOPER"]);
        assert!(me.roles_known);
        assert_eq!(
            me.organization,
            Some(Organization {
                id: "9".into(),
                name: "Gamma".into()
            })
        );
        let me = read(json!({
            "id": 1,
            "result": {"user": {"name": "Di"}, "roles": "contributor", "organisation": {"name": "Delta"}}
        }));
        assert_eq!(me.roles, ["CONTRIBUTOR"]);
        assert_eq!(me.name, "Di");
        assert_eq!(me.organization.unwrap().name, "Delta");
    }

    #[test]
    fn missing_roles_are_unknown_not_empty() {
        let me = read(json!({"id": 1, "name": "X"}));
        assert!(!me.roles_known);
        assert!(me.roles.is_empty());
        let me = read(json!({"id": 1, "roles": []}));
        assert!(me.roles_known);
    }

    #[test]
    fn round_trips_through_its_own_serialized_form() {
        for me in [
            read(
                json!({"id": 1, "name": "A", "email": "a@b", "organization": {"id": 2, "name": "O"}, "roles": ["X"]}),
            ),
            read(json!({"id": 1})),
        ] {
            let back: Identity =
                serde_json::from_value(serde_json::to_value(&me).unwrap()).unwrap();
            assert_eq!(back, me);
        }
    }
}
