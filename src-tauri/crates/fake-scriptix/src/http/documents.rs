//! Reading, exporting, finishing and sharing documents, and reading their comments.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::Serialize;

use super::auth::Caller;
use super::failure::{Answer, Failure};
use super::views::{Envelope, Views};
use crate::app::App;
use crate::clock::unix_now;
use crate::config::FinishedMethod;
use crate::data::{content, DocRef};
use crate::export::{BlobLink, Export, Format};
use crate::permissions::may_edit;
use crate::store::Store;

type Params = HashMap<String, String>;

/// The document `d` of session `s`, unless unknown, elsewhere, or deleted.
pub(super) fn find_doc(app: &App, store: &Store, s: &str, d: &str) -> Result<DocRef, Failure> {
    app.catalog
        .document_ref(s, d)
        .filter(|&d| !store.doc_gone(d))
        .ok_or_else(|| Failure::not_found("Document not found"))
}

pub(crate) async fn get(
    State(app): State<Arc<App>>,
    _: Caller,
    Path((s, d)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Answer {
    let readable_when_gone = app.settings.quirks.deleted_documents_readable
        && !params.contains_key("format")
        && !params.contains_key("direct_download");
    let doc = if readable_when_gone {
        app.catalog
            .document_ref(&s, &d)
            .ok_or_else(|| Failure::not_found("Document not found"))?
    } else {
        find_doc(&app, &app.store(), &s, &d)?
    };
    answer_document(&app, doc, &params, false)
}

/// A magic link: no token header, the link's `token` instead; read-only.
pub(crate) async fn shared(
    State(app): State<Arc<App>>,
    Path((s, d)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Answer {
    let given = params
        .get("token")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Failure::unauthorized("A share token is required"))?;
    let doc = {
        let store = app.store();
        let doc = find_doc(&app, &store, &s, &d)?;
        if store.share_token(doc) != Some(given.as_str()) {
            return Err(Failure::unauthorized("The share link is not valid"));
        }
        doc
    };
    answer_document(&app, doc, &params, true)
}

/// A magic link that names only the document (`…/shared/transcript/{d}?token=…`): the API
/// path for it is not documented; the fake answers `GET /api/v3/shared/{d}?token=…`.
pub(crate) async fn shared_by_id(
    State(app): State<Arc<App>>,
    Path(d): Path<String>,
    Query(params): Query<Params>,
) -> Answer {
    let given = params
        .get("token")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Failure::unauthorized("A share token is required"))?;
    let doc = {
        let store = app.store();
        let doc = match app.catalog.item(&d) {
            Some(crate::data::ItemRef::Document(doc)) if !store.doc_gone(doc) => doc,
            _ => return Err(Failure::not_found("Document not found")),
        };
        if store.share_token(doc) != Some(given.as_str()) {
            return Err(Failure::unauthorized("The share link is not valid"));
        }
        doc
    };
    answer_document(&app, doc, &params, true)
}

#[derive(Debug, Serialize)]
struct DownloadView {
    download_url: String,
    expires_in: i64,
    filename: String,
    content_type: &'static str,
    size_bytes: u64,
}

/// The document JSON, a `download_url` (`direct_download=true`), or the file itself (the
/// deprecated streamed mode).
fn answer_document(app: &App, doc: DocRef, params: &Params, shared: bool) -> Answer {
    let format = params
        .get("format")
        .map(|f| {
            Format::parse(f)
                .ok_or_else(|| Failure::bad_request(format!("Unsupported format `{f}`")))
        })
        .transpose()?;
    let direct = params.get("direct_download").is_some_and(|v| truthy(v));
    match (format, direct) {
        (None, false) => {
            let content = content::generate(&app.catalog, doc);
            let store = app.store();
            let views = Views {
                catalog: &app.catalog,
                store: &store,
                soft_delete: app.settings.soft_delete,
            };
            Ok(Json(Envelope::one(views.document(doc, &content, shared))).into_response())
        }
        (format, true) => {
            let format = format.unwrap_or(Format::Json);
            let export = Export::render(app, doc, format);
            let link = BlobLink {
                session_id: app.catalog.session(doc.session).id.clone(),
                doc_id: app.catalog.doc(doc).id.clone(),
                format,
            };
            let faults = app.faults();
            let mut download_url = link.url(&app.download_base_url, app.catalog.seed, unix_now());
            if let Some(host) = faults.download_host {
                // https, as a real storage link would be: only the address gives it away.
                download_url =
                    download_url.replacen("http://127.0.0.1", &format!("https://{host}"), 1);
            }
            Ok(Json(Envelope::one(DownloadView {
                download_url,
                expires_in: crate::export::LINK_LIFETIME_SECS,
                size_bytes: export.len().saturating_sub(faults.understate_size_bytes),
                filename: export.filename,
                content_type: export.content_type,
            }))
            .into_response())
        }
        (Some(format), false) => {
            let pace = app.faults().slow_body_bytes_per_sec;
            Ok(Export::render(app, doc, format).into_response(pace))
        }
    }
}

pub(crate) async fn comments(
    State(app): State<Arc<App>>,
    _: Caller,
    Path((s, d)): Path<(String, String)>,
) -> Answer {
    let store = app.store();
    let doc = find_doc(&app, &store, &s, &d)?;
    let views = Views {
        catalog: &app.catalog,
        store: &store,
        soft_delete: app.settings.soft_delete,
    };
    let items = views.comments(doc);
    let total = items.len();
    Ok(Json(Envelope::page(items, total)).into_response())
}

pub(crate) async fn finished_post(
    State(app): State<Arc<App>>,
    caller: Result<Caller, Failure>,
    Path((s, d)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Answer {
    // A server that follows the older docs has no POST here at all, whoever asks.
    if app.settings.finished_method == FinishedMethod::PutOnly {
        return Err(Failure::method_not_allowed());
    }
    set_finished(&app, caller?, &s, &d, &params)
}

pub(crate) async fn finished_put(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((s, d)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Answer {
    set_finished(&app, caller, &s, &d, &params)
}

fn set_finished(app: &App, Caller(who): Caller, s: &str, d: &str, params: &Params) -> Answer {
    let status = match params
        .get("status")
        .map(|v| v.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("true" | "1") => true,
        Some("false" | "0") => false,
        _ => return Err(Failure::bad_request("status must be true or false")),
    };
    let mut store = app.store();
    let doc = find_doc(app, &store, s, d)?;
    if !may_edit(who) {
        return Err(Failure::forbidden(
            "You do not have permission to change this document",
        ));
    }
    if status && store.is_finished(doc) {
        return Err(Failure::bad_request("The document is already finished"));
    }
    store.set_finished(doc, status);
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Debug, Serialize)]
struct ShareView {
    link: String,
}

pub(crate) async fn share(
    State(app): State<Arc<App>>,
    Caller(who): Caller,
    Path((s, d)): Path<(String, String)>,
) -> Answer {
    let mut store = app.store();
    let doc = find_doc(&app, &store, &s, &d)?;
    if !may_edit(who) {
        return Err(Failure::forbidden(
            "You do not have permission to share this document",
        ));
    }
    let token = store.share(doc, app.catalog.seed);
    let link = format!("{}/shared/{s}/{d}/{token}", app.base_url);
    Ok(Json(Envelope::one(ShareView { link })).into_response())
}

fn truthy(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes")
}
