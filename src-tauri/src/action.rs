//! A single action the UI started (one backup, one delete, an export, mark as finished),
//! under an id the UI chose: its Stop switch is registered under that id for as long as it
//! runs (`cancel_job(id)` reaches it and nothing else), its client ends every wait for
//! Scriptix once Stop is pressed, and each wait is sent to the UI as an [`ActionWait`]
//! event, so it can say "Scriptix asks us to wait — continuing in 0:45" next to a Stop.
//! Which waits count is decided in `desk_core::waiting`; this only wires them to the event.

use std::collections::HashMap;
use std::sync::Mutex;

use desk_core::cancel::CancelToken;
use desk_core::waiting::{report_waits, WaitReporter};
use desk_core::{DeskError, DeskResult, Detail};
use scriptix_api::ScriptixClient;
use tauri::AppHandle;

use crate::events::{self, ActionWait};

/// Stop switches of running actions and jobs, by id.
pub type Running = Mutex<HashMap<String, CancelToken>>;

/// An id the UI may choose: short, and plain letters, digits and `-`.
const MAX_ID_LEN: usize = 64;

/// One running action; dropping it forgets its Stop switch and stops reporting its waits.
pub struct Action<'a> {
    id: String,
    running: &'a Running,
    cancel: CancelToken,
    client: ScriptixClient,
    _waits: WaitReporter,
}

impl<'a> Action<'a> {
    /// Registers `id` (refused when it is not a usable id or already running) and follows
    /// `client`'s waits, telling each to `tell`. Needs a Tokio runtime.
    pub fn start(
        running: &'a Running,
        id: &str,
        client: &ScriptixClient,
        tell: impl Fn(ActionWait) + Send + Sync + 'static,
    ) -> DeskResult<Action<'a>> {
        let usable = !id.is_empty()
            && id.len() <= MAX_ID_LEN
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let cancel = CancelToken::new();
        {
            let mut running = running.lock().unwrap_or_else(|e| e.into_inner());
            if !usable || running.contains_key(id) {
                return Err(DeskError::InvalidInput(Detail::UnsafeName));
            }
            running.insert(id.to_owned(), cancel.clone());
        }
        let action_id = id.to_owned();
        let waits = report_waits(client, move |waiting| {
            tell(ActionWait {
                action_id: action_id.clone(),
                waiting,
            })
        });
        Ok(Action {
            id: id.to_owned(),
            running,
            client: client.with_stop(cancel.flag()),
            cancel,
            _waits: waits,
        })
    }

    /// The account's client whose waits end with `Cancelled` once Stop is pressed.
    pub fn client(&self) -> &ScriptixClient {
        &self.client
    }

    pub fn cancel(&self) -> &CancelToken {
        &self.cancel
    }

    pub fn id(&self) -> &str {
        &self.id
    }
}

impl Drop for Action<'_> {
    fn drop(&mut self) {
        self.running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.id);
    }
}

/// [`Action::start`] with the waits sent to the UI as `action_wait` events.
pub fn start<'a>(
    app: &AppHandle,
    running: &'a Running,
    id: &str,
    client: &ScriptixClient,
) -> DeskResult<Action<'a>> {
    let app = app.clone();
    Action::start(running, id, client, move |wait| {
        events::send(&app, "action_wait", wait)
    })
}

#[cfg(test)]
mod tests {
    //! The wiring from a client's waits to the UI's event, and Stop by id, against the fake
    //! Scriptix over real TCP.
    use std::sync::Arc;
    use std::time::Duration;

    use desk_core::bulk::WaitKind;
    use fake_scriptix::{Config, FakeServer, Faults, Persona};
    use scriptix_api::{ClientOptions, Secret};
    use tokio::sync::mpsc;

    use super::*;

    const LIMIT: Duration = Duration::from_secs(60);

    async fn fake_and_client() -> (FakeServer, ScriptixClient, String) {
        let server = FakeServer::start(Config {
            sessions: 2,
            ..Config::default()
        })
        .await
        .unwrap();
        let client = ScriptixClient::new(
            &server.base_url(),
            Secret::new(server.token(Persona::Admin)),
            ClientOptions::default(),
        )
        .unwrap();
        let id = client
            .list_sessions_page(&Default::default(), 0, 1)
            .await
            .unwrap()
            .items
            .remove(0)
            .id;
        (server, client, id)
    }

    #[tokio::test]
    async fn a_wait_becomes_an_event_of_its_action_and_stop_by_id_ends_it() {
        let (server, client, session_id) = fake_and_client().await;
        let running: Arc<Running> = Arc::default();
        let (tx, mut events) = mpsc::unbounded_channel();
        let action = Action::start(&running, "action-7", &client, move |e| {
            let _ = tx.send(e);
        })
        .unwrap();
        server.set_faults(Faults {
            rate_limit_all_retry_after: Some(3600.0),
            ..Faults::default()
        });
        let request = {
            let client = action.client().clone();
            tokio::spawn(async move { client.session(&session_id).await })
        };
        let event = tokio::time::timeout(LIMIT, events.recv())
            .await
            .expect("the wait is sent")
            .unwrap();
        assert_eq!(event.action_id, "action-7");
        assert_eq!(event.waiting.map(|w| w.kind), Some(WaitKind::Quota));

        // Stop, as `cancel_job("action-7")` does: another id reaches nothing.
        let stop = |id: &str| {
            running
                .lock()
                .unwrap()
                .get(id)
                .map(CancelToken::cancel)
                .is_some()
        };
        assert!(!stop("action-8"));
        assert!(stop("action-7"));
        let ended = tokio::time::timeout(LIMIT, request)
            .await
            .expect("Stop ends the wait")
            .unwrap();
        assert!(
            matches!(ended, Err(scriptix_api::ApiError::Cancelled)),
            "{ended:?}"
        );
        assert_eq!(server.state().requests.get("GET session"), Some(&1));
        drop(action);
        assert!(running.lock().unwrap().is_empty(), "the id is forgotten");
    }

    #[tokio::test]
    async fn an_id_in_use_or_unusable_is_refused() {
        let (_server, client, _) = fake_and_client().await;
        let running = Running::default();
        let first = Action::start(&running, "a-1", &client, |_| {}).unwrap();
        for id in ["a-1", "", "../x", &"x".repeat(65)] {
            assert!(
                matches!(
                    Action::start(&running, id, &client, |_| {}),
                    Err(DeskError::InvalidInput(_))
                ),
                "{id:?}"
            );
        }
        drop(first);
        assert!(Action::start(&running, "a-1", &client, |_| {}).is_ok());
    }
}
