//! The state every handler shares.

use std::sync::atomic::{AtomicU32, AtomicU64};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::Duration;

use crate::config::{AuthStyle, Config, ErrorShape, Faults, FinishedMethod};
use crate::data::Catalog;
use crate::net::NetworkSwitch;
use crate::plan::Quotas;
use crate::store::Store;

/// The fixed parts of [`Config`] the handlers read.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) auth_style: AuthStyle,
    pub(crate) error_shape: ErrorShape,
    pub(crate) delete_status: u16,
    pub(crate) soft_delete: bool,
    pub(crate) finished_method: FinishedMethod,
    pub(crate) media_bytes: u64,
    pub(crate) quirks: crate::quirks::Quirks,
}

#[derive(Debug)]
pub(crate) struct App {
    pub(crate) catalog: Catalog,
    pub(crate) settings: Settings,
    pub(crate) base_url: String,
    pub(crate) download_base_url: String,
    store: Mutex<Store>,
    faults: RwLock<Faults>,
    /// API requests being answered (until their body is sent).
    pub(crate) in_flight: AtomicU32,
    /// Numbers the fault rolls, so a sequence of requests meets the same faults every run.
    pub(crate) fault_rolls: AtomicU64,
    /// The plan's per-token quotas, when the server plays one.
    pub(crate) quotas: Option<Arc<Quotas>>,
    time_scale: f64,
    network: Arc<NetworkSwitch>,
}

impl App {
    pub(crate) fn new(
        config: &Config,
        base_url: String,
        download_base_url: String,
        network: Arc<NetworkSwitch>,
    ) -> App {
        let time_scale = if config.time_scale.is_finite() && config.time_scale > 1e-6 {
            config.time_scale
        } else {
            1.0
        };
        let catalog = Catalog::generate(config.seed, config.sessions);
        let store = Mutex::new(Store::new(&catalog));
        App {
            catalog,
            settings: Settings {
                auth_style: config.auth_style,
                error_shape: config.error_shape,
                // Anything else would break the contract; fall back to the default.
                delete_status: if config.delete_status == 200 {
                    200
                } else {
                    204
                },
                soft_delete: config.soft_delete,
                finished_method: config.finished_method,
                media_bytes: config.media_bytes,
                quirks: config.quirks.clone(),
            },
            base_url,
            download_base_url,
            store,
            faults: RwLock::new(config.faults.clone()),
            in_flight: AtomicU32::new(0),
            fault_rolls: AtomicU64::new(0),
            quotas: config
                .plan
                .map(|plan| Quotas::new(plan, config.window_kind, time_scale)),
            time_scale,
            network,
        }
    }

    /// Simulated seconds per wall second (1 unless the server runs time fast).
    pub(crate) fn time_scale(&self) -> f64 {
        self.time_scale
    }

    /// See [`crate::FakeServer::pull_network`].
    pub(crate) fn pull_network(&self, simulated: Duration) {
        self.network.pull(Duration::from_secs_f64(
            simulated.as_secs_f64() / self.time_scale,
        ));
    }

    /// The mutable state. A panic elsewhere cannot leave it half-changed in a way that
    /// matters to a fake, so a poisoned lock is simply taken over.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn faults(&self) -> Faults {
        self.faults
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn set_faults(&self, faults: Faults) {
        *self.faults.write().unwrap_or_else(PoisonError::into_inner) = faults;
    }
}
