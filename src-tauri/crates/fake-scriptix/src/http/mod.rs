//! The two hosts' routes: the API (with `/__admin/`) and the download host.

mod account;
mod admin;
mod auth;
mod deletes;
mod documents;
mod download;
mod failure;
mod faults;
mod microsoft;
mod quirks;
mod quota;
mod sessions;
pub(crate) mod views;

use std::sync::Arc;

use axum::middleware::from_fn_with_state;
use axum::routing::{delete, get, post};
use axum::Router;

use crate::app::App;

const SESSION: &str = "/api/v3/speech-to-text/session/{s}";
const DOCUMENT: &str = "/api/v3/speech-to-text/session/{s}/document/{d}";

/// The API host. Faults and request counting apply to `/api/v3/…` only, never to
/// `/__admin/…`.
pub(crate) fn api_router(app: Arc<App>) -> Router {
    let api = Router::new()
        .route("/api/v3/account/me", get(account::me))
        .route("/api/v3/auth/login", post(account::login))
        .route("/api/v3/auth/login/mfa", post(account::login_mfa))
        .route("/api/v3/auth/login/microsoft", get(microsoft::start))
        .route("/api/v3/speech-to-text/session", get(sessions::list))
        .route("/api/v3/speech-to-text/session/", get(sessions::list))
        .route(SESSION, get(sessions::get).delete(deletes::session))
        .route(DOCUMENT, get(documents::get).delete(deletes::document))
        .route(&format!("{DOCUMENT}/comments"), get(documents::comments))
        .route(
            &format!("{DOCUMENT}/comments/{{c}}"),
            delete(deletes::comment),
        )
        .route(
            &format!("{DOCUMENT}/finished_status"),
            post(documents::finished_post).put(documents::finished_put),
        )
        .route(&format!("{DOCUMENT}/share"), post(documents::share))
        .route("/api/v3/shared/{s}/document/{d}", get(documents::shared))
        .route("/api/v3/shared/{d}", get(documents::shared_by_id))
        .route_layer(from_fn_with_state(app.clone(), quirks::apply))
        // Faults wrap the quota, so every request is counted, including refused ones.
        .route_layer(from_fn_with_state(app.clone(), quota::plan_quota))
        .route_layer(from_fn_with_state(app.clone(), faults::api_faults));
    Router::new()
        .merge(api)
        .nest("/__admin", admin::router())
        .fallback(failure::not_found)
        .method_not_allowed_fallback(failure::method_not_allowed)
        .layer(from_fn_with_state(app.clone(), failure::shape_errors))
        .with_state(app)
}

/// The download host: `GET /blob/{name}` only.
pub(crate) fn download_router(app: Arc<App>) -> Router {
    Router::new()
        .route("/blob/{name}", get(download::blob))
        .fallback(failure::not_found)
        .layer(from_fn_with_state(app.clone(), failure::shape_errors))
        .with_state(app)
}
