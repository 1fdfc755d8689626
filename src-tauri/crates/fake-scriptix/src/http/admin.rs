//! `/__admin/…`: the test harness's hands on the server. Loopback only (the server binds
//! 127.0.0.1), no auth, no faults.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::failure::Failure;
use crate::app::App;
use crate::config::Faults;
use crate::store::StateSnapshot;

pub(super) fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/state", get(state))
        .route("/revoke", post(revoke))
        .route("/forbid", post(forbid))
        .route("/delete", post(delete))
        .route("/faults", post(faults))
}

async fn state(State(app): State<Arc<App>>) -> Json<StateSnapshot> {
    Json(app.store().snapshot(&app.catalog))
}

#[derive(Debug, Deserialize)]
struct TokenBody {
    token: String,
}

#[derive(Debug, Deserialize)]
struct ItemBody {
    item_id: String,
}

async fn revoke(State(app): State<Arc<App>>, Json(body): Json<TokenBody>) -> StatusCode {
    app.store().revoke(&body.token);
    StatusCode::NO_CONTENT
}

async fn forbid(State(app): State<Arc<App>>, Json(body): Json<ItemBody>) -> StatusCode {
    app.store().forbid(&body.item_id);
    StatusCode::NO_CONTENT
}

/// Deletes as if another person did it in the web app: no permission check, not counted.
async fn delete(
    State(app): State<Arc<App>>,
    Json(body): Json<ItemBody>,
) -> Result<StatusCode, Failure> {
    let item = app
        .catalog
        .item(&body.item_id)
        .ok_or_else(|| Failure::not_found("No such session, document or comment"))?;
    app.store().delete(item);
    Ok(StatusCode::NO_CONTENT)
}

async fn faults(State(app): State<Arc<App>>, Json(faults): Json<Faults>) -> StatusCode {
    app.set_faults(faults);
    StatusCode::NO_CONTENT
}
