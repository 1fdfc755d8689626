//! The switches of [`crate::quirks::Quirks`] that act on a whole request or answer, kept out
//! of the handlers: redirects, refused headers, and rewriting a JSON answer into another
//! documented shape (seconds for times, another `/account/me` layout, no total).

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::auth::KEY_HEADER;
use super::failure::Failure;
use crate::app::App;
use crate::quirks::MeShape;

/// Answers the fake rewrites are small JSON bodies; a cap keeps a mistake from eating memory.
const REWRITE_CAP: usize = 64 * 1024 * 1024;

pub(crate) async fn apply(
    State(app): State<Arc<App>>,
    mut request: Request,
    next: Next,
) -> Response {
    let quirks = &app.settings.quirks;
    let path = request.uri().path().to_owned();
    let method = request.method().clone();
    let query = request.uri().query().map(str::to_owned);

    if let Some(origin) = &quirks.redirect_to_origin {
        let target = format!(
            "{}{}{}",
            origin.trim_end_matches('/'),
            path,
            query
                .as_deref()
                .map(|q| format!("?{q}"))
                .unwrap_or_default()
        );
        return redirect(StatusCode::TEMPORARY_REDIRECT, &target);
    }
    let is_me = path == "/api/v3/account/me";
    let has_key = request.headers().contains_key(KEY_HEADER);
    let has_bearer = request.headers().contains_key(header::AUTHORIZATION);
    if is_me && has_key && !has_bearer {
        if let Some(status) = quirks.me_refuses_keys {
            return refusal(status);
        }
    }
    if quirks.finished_needs_json && path.ends_with("/finished_status") {
        let json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim()
                    .to_ascii_lowercase()
                    .starts_with("application/json")
            });
        if !json {
            return (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                axum::Json(json!({"error": "unsupported_media_type", "message": "Content-Type must be application/json"})),
            )
                .into_response();
        }
    }
    let is_list = path.trim_end_matches('/') == "/api/v3/speech-to-text/session";
    if is_list && quirks.endless_list {
        // Every page is the first page.
        let kept: Vec<String> = query
            .as_deref()
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("offset="))
            .map(str::to_owned)
            .collect();
        let uri = format!("{path}?{}", kept.join("&"));
        if let Ok(uri) = uri.parse() {
            *request.uri_mut() = uri;
        }
    }
    let is_comment_list = method == Method::GET && path.ends_with("/comments");
    if let (true, Some(status)) = (is_comment_list, quirks.no_comment_list) {
        return refusal(status);
    }
    let is_document_get = method == Method::GET
        && path.contains("/document/")
        && !path.ends_with("/comments")
        && query.as_deref().is_none_or(|q| !q.contains("format="));
    let refused_delete = method == Method::DELETE && quirks.hide_refusals;

    let rewrite_me = is_me && quirks.me_shape != MeShape::Plain;
    let rewrite_doc = is_document_get && (quirks.seconds_times || quirks.no_comment_list.is_some());
    let rewrite_list = is_list && quirks.endless_list;
    let response = next.run(request).await;
    if refused_delete && response.status() == StatusCode::FORBIDDEN {
        return Failure::not_found("Not found, or not created by this token").into_response();
    }
    if !(rewrite_me || rewrite_doc || rewrite_list) || !response.status().is_success() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, REWRITE_CAP).await else {
        return Failure::internal().into_response();
    };
    let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if rewrite_me {
        value = me_shape(value, quirks.me_shape);
    }
    if rewrite_doc {
        if let Some(doc) = value.get_mut("result").and_then(Value::as_object_mut) {
            if quirks.no_comment_list.is_some() {
                doc.remove("comments");
                doc.remove("comment_count");
            }
            if quirks.seconds_times {
                if let Some(body) = doc.get_mut("document") {
                    times_in_seconds(body);
                }
            }
        }
    }
    if rewrite_list {
        if let Some(obj) = value.as_object_mut() {
            obj.remove("count");
            obj.remove("total_results");
        }
    }
    let mut response = Response::from_parts(parts, Body::from(value.to_string()));
    response.headers_mut().remove(header::CONTENT_LENGTH);
    response
}

fn redirect(status: StatusCode, location: &str) -> Response {
    let mut response = status.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The trailing-slash redirect of the session list (called by the list handler).
pub(crate) fn slash_redirect(path_and_query: &str) -> Response {
    let (path, query) = path_and_query
        .split_once('?')
        .map_or((path_and_query, None), |(p, q)| (p, Some(q)));
    let target = format!(
        "{path}/{}",
        query.map(|q| format!("?{q}")).unwrap_or_default()
    );
    redirect(StatusCode::PERMANENT_REDIRECT, &target)
}

fn refusal(status: u16) -> Response {
    match status {
        403 => Failure::forbidden("API keys may not read the profile").into_response(),
        405 => Failure::method_not_allowed().into_response(),
        _ => Failure::not_found("Not found").into_response(),
    }
}

/// Every `start`/`end`/`stop` in the document body, from milliseconds to seconds.
fn times_in_seconds(v: &mut Value) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(times_in_seconds),
        Value::Object(obj) => {
            for (key, value) in obj.iter_mut() {
                if matches!(key.as_str(), "start" | "end" | "stop") {
                    if let Some(ms) = value.as_u64() {
                        *value = json!(ms as f64 / 1000.0);
                    }
                } else {
                    times_in_seconds(value);
                }
            }
        }
        _ => {}
    }
}

fn me_shape(value: Value, shape: MeShape) -> Value {
    let me = value.get("result").cloned().unwrap_or(value);
    let get = |k: &str| me.get(k).cloned().unwrap_or(Value::Null);
    let org = get("organization");
    let roles: Vec<Value> = me
        .get("roles")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    match shape {
        MeShape::Plain => json!({"result": me}),
        MeShape::UserWrapped => json!({"count": 1, "total_results": 1, "result": {
            "user": {
                "id": get("id"), "name": get("name"), "email": get("email"),
                "role_list": roles.iter().map(|r| json!({"name": r})).collect::<Vec<_>>(),
            },
            "org": {"id": org.get("id").cloned().unwrap_or(Value::Null),
                    "title": org.get("name").cloned().unwrap_or(Value::Null)},
        }}),
        MeShape::Bare => {
            let role = roles
                .first()
                .and_then(Value::as_str)
                .map(str::to_lowercase)
                .unwrap_or_default();
            json!({
                "id": get("id"), "name": get("name"), "email": get("email"),
                "organisation": org.get("name").cloned().unwrap_or(Value::Null),
                "role": role,
            })
        }
        MeShape::NoRoles => {
            let mut out = Map::new();
            for k in ["id", "name", "email"] {
                out.insert(k.to_owned(), get(k));
            }
            json!({"count": 1, "total_results": 1, "result": out})
        }
    }
}
