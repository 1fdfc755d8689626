//! Starting, inspecting, steering and stopping a fake server.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::app::App;
use crate::config::{Config, Faults};
use crate::http;
use crate::net::{Connection, NetworkSwitch, ResettableListener};
use crate::persona::{IdentityInfo, Persona};
use crate::store::StateSnapshot;

/// How long [`FakeServer::shutdown`] lets in-flight requests finish before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A running fake Scriptix: an API host and a download host on 127.0.0.1. Dropping it
/// stops both and drops every open connection.
#[derive(Debug)]
pub struct FakeServer {
    app: Arc<App>,
    stop: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl FakeServer {
    /// Generates the data and starts listening (on 127.0.0.1 only). Must run inside a
    /// Tokio runtime, which then serves the requests.
    pub async fn start(config: Config) -> io::Result<FakeServer> {
        let stop = CancellationToken::new();
        let switch = NetworkSwitch::new(stop.clone());
        let api = ResettableListener::bind(config.port, switch.clone()).await?;
        let download = ResettableListener::bind(config.download_port, switch.clone()).await?;
        let base_url = format!("http://127.0.0.1:{}", api.port()?);
        let download_base_url = format!("http://127.0.0.1:{}", download.port()?);
        let app = Arc::new(App::new(&config, base_url, download_base_url, switch));
        let tasks = vec![
            tokio::spawn(serve(api, http::api_router(app.clone()), stop.clone())),
            tokio::spawn(serve(
                download,
                http::download_router(app.clone()),
                stop.clone(),
            )),
        ];
        Ok(FakeServer { app, stop, tasks })
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn base_url(&self) -> String {
        self.app.base_url.clone()
    }

    /// The download host, where `download_url`s point: `http://127.0.0.1:<port>`.
    pub fn download_base_url(&self) -> String {
        self.app.download_base_url.clone()
    }

    /// The persona's starting API token (works with either header style).
    pub fn token(&self, who: Persona) -> String {
        who.token(self.app.catalog.seed)
    }

    /// One persona's practice credentials.
    pub fn identity(&self, who: Persona) -> IdentityInfo {
        who.info(self.app.catalog.seed)
    }

    /// All five identities of the organisation.
    pub fn identities(&self) -> Vec<IdentityInfo> {
        Persona::ALL
            .into_iter()
            .map(|p| p.info(self.app.catalog.seed))
            .collect()
    }

    /// What has happened so far (the same JSON as `GET /__admin/state`).
    pub fn state(&self) -> StateSnapshot {
        self.app.store().snapshot(&self.app.catalog)
    }

    /// Later requests with this token get 401 (a sign-in then hands out a fresh one).
    pub fn revoke_token(&self, token: &str) {
        self.app.store().revoke(token);
    }

    /// Any delete of this session, document or comment id answers 403, whoever asks.
    pub fn forbid(&self, item_id: &str) {
        self.app.store().forbid(item_id);
    }

    /// Deletes a session, document or comment as if a colleague did it in the web app
    /// (no permission check, not counted as a request). Unknown ids are ignored.
    pub fn delete_behind_the_back(&self, item_id: &str) {
        if let Some(item) = self.app.catalog.item(item_id) {
            self.app.store().delete(item);
        }
    }

    /// Replaces the injected faults; applies to requests arriving from now on.
    pub fn set_faults(&self, faults: Faults) {
        self.app.set_faults(faults);
    }

    /// "Pulls the network" for `simulated` time (divided by the time scale for wall time):
    /// open connections on both hosts drop at once, new ones are reset until it is over.
    pub fn pull_network(&self, simulated: Duration) {
        self.app.pull_network(simulated);
    }

    /// How many wall seconds a simulated second lasts: 1 ÷ the configured time scale.
    pub fn wall_seconds_per_simulated_second(&self) -> f64 {
        1.0 / self.app.time_scale()
    }

    /// Requests to either host so far, `/__admin/` excluded.
    pub fn request_count(&self) -> u64 {
        self.app.store().total_requests()
    }

    /// Stops accepting, drops open connections, and waits for the server tasks to end.
    pub async fn shutdown(mut self) {
        self.stop.cancel();
        for task in std::mem::take(&mut self.tasks) {
            let abort = task.abort_handle();
            if tokio::time::timeout(SHUTDOWN_GRACE, task).await.is_err() {
                abort.abort();
            }
        }
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.stop.cancel();
        for task in &self.tasks {
            task.abort();
        }
    }
}

async fn serve(listener: ResettableListener, router: Router, stop: CancellationToken) {
    let service = router.into_make_service_with_connect_info::<Connection>();
    // Accept errors are retried inside the listener, so this only ends on `stop`.
    let _ = axum::serve(listener, service)
        .with_graceful_shutdown(stop.cancelled_owned())
        .await;
}
