//! Deleting sessions, documents and comments, with the documented status codes.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::auth::Caller;
use super::documents::find_doc;
use super::failure::{Answer, Failure};
use super::views::Envelope;
use crate::app::App;
use crate::data::ItemRef;
use crate::permissions::{may_delete_comment, may_delete_owned};

pub(crate) async fn session(
    State(app): State<Arc<App>>,
    Caller(who): Caller,
    Path(id): Path<String>,
) -> Answer {
    let mut store = app.store();
    let s = app
        .catalog
        .session_index(&id)
        .ok_or_else(|| Failure::not_found("Session not found"))?;
    // The older docs' answer to a second delete; clients read it as "already gone".
    if store.session_gone(s) {
        return Err(Failure::bad_request("Session already marked as removed"));
    }
    if store.is_forbidden(&id) || !may_delete_owned(who, app.catalog.session(s).owner) {
        return Err(Failure::forbidden(
            "You do not have permission to delete this session",
        ));
    }
    store.delete(ItemRef::Session(s));
    Ok(deleted(&app))
}

pub(crate) async fn document(
    State(app): State<Arc<App>>,
    Caller(who): Caller,
    Path((s, d)): Path<(String, String)>,
) -> Answer {
    let mut store = app.store();
    let doc = find_doc(&app, &store, &s, &d)?;
    if store.is_forbidden(&d) || !may_delete_owned(who, app.catalog.doc(doc).owner) {
        return Err(Failure::forbidden(
            "You do not have permission to delete this document",
        ));
    }
    store.delete(ItemRef::Document(doc));
    Ok(deleted(&app))
}

pub(crate) async fn comment(
    State(app): State<Arc<App>>,
    Caller(who): Caller,
    Path((s, d, c)): Path<(String, String, String)>,
) -> Answer {
    let mut store = app.store();
    let doc = find_doc(&app, &store, &s, &d)?;
    let comment = app
        .catalog
        .comment_ref(doc, &c)
        .filter(|&c| !store.comment_gone(c))
        .ok_or_else(|| Failure::not_found("Comment not found"))?;
    let author = app.catalog.comment(comment).author;
    if store.is_forbidden(&c) || !may_delete_comment(who, author, app.catalog.doc(doc).owner) {
        return Err(Failure::forbidden(
            "You do not have permission to delete this comment",
        ));
    }
    store.delete(ItemRef::Comment(comment));
    Ok(deleted(&app))
}

/// 204, or 200 with a small confirmation when configured so.
fn deleted(app: &App) -> Response {
    if app.settings.delete_status == 200 {
        (
            StatusCode::OK,
            Json(Envelope::one(json!({"message": "removed"}))),
        )
            .into_response()
    } else {
        StatusCode::NO_CONTENT.into_response()
    }
}
