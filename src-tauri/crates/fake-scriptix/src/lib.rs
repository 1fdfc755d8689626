//! A fake Scriptix v3 server on real TCP, for tests, benchmarks and the app's practice mode.
//!
//! One organisation ("Acme Transcription") with five identities and as many sessions as
//! asked for, all generated from a seed; the API host follows `docs/api-contract.md`
//! ("Fake server" column), and a second listener stands in for blob storage behind
//! `download_url`s. Faults (latency, rate limits, random failures, connection resets, slow
//! bodies) can be injected and changed while it runs. Everything listens on 127.0.0.1.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use fake_scriptix::{Config, FakeServer, Persona};
//! let server = FakeServer::start(Config { sessions: 100, ..Config::default() }).await?;
//! let token = server.token(Persona::Admin); // send as `Authorization: Bearer <token>`
//! println!("{} has {} sessions", server.base_url(), server.state().sessions.len());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

mod app;
mod clock;
mod config;
mod data;
mod export;
mod http;
mod net;
mod permissions;
mod persona;
mod plan;
mod quirks;
mod rng;
mod server;
mod store;

pub use config::{AuthStyle, Config, ErrorShape, Faults, FinishedMethod, UnknownValue};
pub use persona::{IdentityInfo, Persona};
pub use plan::{Plan, PlanLimits, WindowKind};
pub use quirks::{MeShape, Quirks};
pub use server::FakeServer;
pub use store::StateSnapshot;
