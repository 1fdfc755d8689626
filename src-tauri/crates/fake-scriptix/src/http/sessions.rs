//! Listing and reading sessions.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::IntoResponse;
use axum::Json;

use super::auth::Caller;
use super::failure::{Answer, Failure};
use super::views::{Envelope, Views};
use crate::app::App;

/// The server's page size limit, as documented.
const MAX_LIMIT: usize = 100;
/// The documented default page size.
const DEFAULT_LIMIT: usize = 25;

pub(crate) async fn list(
    State(app): State<Arc<App>>,
    _: Caller,
    uri: Uri,
    Query(params): Query<HashMap<String, String>>,
) -> Answer {
    if app.settings.quirks.trailing_slash_redirect && !uri.path().ends_with('/') {
        let target = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
        return Ok(super::quirks::slash_redirect(target));
    }
    let offset = number(&params, "offset", 0)?;
    let limit = number(&params, "limit", DEFAULT_LIMIT)?;
    if limit == 0 {
        return Err(Failure::bad_request("limit must be at least 1"));
    }
    let cap = app.settings.quirks.max_page_size.unwrap_or(MAX_LIMIT);
    let limit = limit.min(cap.max(1));
    let order = match params.get("sort").map(|s| s.trim()) {
        None | Some("") | Some("created_at") | Some("created") => &app.catalog.orders.created,
        Some("last_modified") | Some("updated_at") => &app.catalog.orders.modified,
        Some("filename") | Some("name") => &app.catalog.orders.filename,
        Some(other) => return Err(Failure::bad_request(format!("Cannot sort by `{other}`"))),
    };
    let descending = match params
        .get("direction")
        .map(|d| d.trim().to_ascii_lowercase())
    {
        None => true,
        Some(d) if d.is_empty() || d == "desc" => true,
        Some(d) if d == "asc" => false,
        Some(_) => return Err(Failure::bad_request("direction must be asc or desc")),
    };
    let q = params
        .get("q")
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());

    let store = app.store();
    let soft = app.settings.soft_delete;
    let ordered: Box<dyn Iterator<Item = &u32>> = if descending {
        Box::new(order.iter().rev())
    } else {
        Box::new(order.iter())
    };
    let mut total = 0;
    let mut page = Vec::with_capacity(limit);
    for &s in ordered {
        if !soft && store.session_gone(s) {
            continue;
        }
        if let Some(q) = &q {
            if !app.catalog.session(s).filename_lower.contains(q.as_str()) {
                continue;
            }
        }
        let within_window = app.settings.quirks.max_offset.is_none_or(|max| total < max);
        if total >= offset && page.len() < limit && within_window {
            page.push(s);
        }
        total += 1;
    }
    let views = Views {
        catalog: &app.catalog,
        store: &store,
        soft_delete: soft,
    };
    let items = page.into_iter().map(|s| views.session(s)).collect();
    Ok(Json(Envelope::page(items, total)).into_response())
}

pub(crate) async fn get(
    State(app): State<Arc<App>>,
    _: Caller,
    Path(session_id): Path<String>,
) -> Answer {
    let store = app.store();
    let s = app
        .catalog
        .session_index(&session_id)
        .filter(|&s| app.settings.soft_delete || !store.session_gone(s))
        .ok_or_else(|| Failure::not_found("Session not found"))?;
    let views = Views {
        catalog: &app.catalog,
        store: &store,
        soft_delete: app.settings.soft_delete,
    };
    Ok(Json(Envelope::one(views.session(s))).into_response())
}

fn number(params: &HashMap<String, String>, name: &str, default: usize) -> Result<usize, Failure> {
    match params.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| Failure::bad_request(format!("{name} must be a whole number"))),
    }
}
