//! The download host, standing in for blob storage behind `download_url`s.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method};

use super::auth::carries_token;
use super::failure::{Answer, Failure};
use crate::app::App;
use crate::clock::unix_now;
use crate::export::{BlobLink, BlobRefusal, Export};

pub(crate) async fn blob(
    State(app): State<Arc<App>>,
    method: Method,
    headers: HeaderMap,
    Path(name): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Answer {
    app.store().count_request(format!("{method} blob"));
    // A storage host must never see the API token: refuse loudly so a leak fails tests.
    if carries_token(&headers) {
        app.store().count_download_with_token();
        return Err(Failure::forbidden(
            "Storage links must be fetched without Authorization or x-zoom-s2t-key",
        ));
    }
    let link = BlobLink::open(
        &name,
        params.get("expires").map(String::as_str),
        params.get("sig").map(String::as_str),
        app.catalog.seed,
        unix_now(),
    )
    .map_err(|refusal| match refusal {
        BlobRefusal::Expired => Failure::forbidden("The link has expired"),
        BlobRefusal::Invalid => Failure::forbidden("The link signature is not valid"),
    })?;
    let doc = {
        let store = app.store();
        app.catalog
            .document_ref(&link.session_id, &link.doc_id)
            .filter(|&d| !store.doc_gone(d))
            .ok_or_else(|| Failure::not_found("The blob does not exist"))?
    };
    let pace = app.faults().slow_body_bytes_per_sec;
    Ok(Export::render(&app, doc, link.format).into_response(pace))
}
