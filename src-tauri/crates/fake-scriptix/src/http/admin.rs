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
        .route("/network", post(network))
}

#[derive(Debug, Deserialize)]
struct NetworkBody {
    /// Simulated seconds (divided by the time scale for wall time).
    down_for_seconds: f64,
}

/// Pulls the network a moment (0.1 s) after answering, so this answer still gets out.
async fn network(
    State(app): State<Arc<App>>,
    Json(body): Json<NetworkBody>,
) -> Result<StatusCode, Failure> {
    if !(body.down_for_seconds.is_finite() && body.down_for_seconds >= 0.0) {
        return Err(Failure::bad_request("down_for_seconds must be 0 or more"));
    }
    let down_for = std::time::Duration::from_secs_f64(body.down_for_seconds.min(1e9));
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        app.pull_network(down_for);
    });
    Ok(StatusCode::ACCEPTED)
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
