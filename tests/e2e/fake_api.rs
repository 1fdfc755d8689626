//! Reading the fake Scriptix directly (with its admin key), to know what the app should show.

use fake_scriptix::{FakeServer, Persona};
use serde_json::Value;

/// The `result` of one `GET /api/v3/<path>` answer.
pub async fn admin_get(server: &FakeServer, path: &str) -> Value {
    let answer: Value = reqwest::Client::new()
        .get(format!("{}/api/v3/{path}", server.base_url()))
        .bearer_auth(server.token(Persona::Admin))
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .unwrap_or_else(|e| panic!("GET {path} from the fake: {e}"))
        .json()
        .await
        .expect("JSON from the fake");
    answer["result"].clone()
}

/// The string at `key` of a JSON object from the fake (or from a backup's manifest).
pub fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}
