//! Password sign-ins waiting for an authenticator code.
//!
//! Scriptix's MFA step wants the username and password again, so they must be held until
//! the code arrives. They are kept only here, in memory, as `Secret`s (wiped on drop), for
//! at most [`PENDING_TTL`], and a few wrong codes end the attempt.
//!
//! The limit is kept by a timer ([`park`] arms one per sign-in), not only checked when the
//! next sign-in comes along: a person who walks away from the code dialog leaves no password
//! in memory for longer than the limit, whatever else the app does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use scriptix_api::Secret;

use crate::{DeskError, DeskResult, Detail};

/// How long a sign-in may wait for its code.
pub const PENDING_TTL: Duration = Duration::from_secs(5 * 60);
/// Wrong codes allowed before the person has to start again.
pub const MAX_CODE_ATTEMPTS: u32 = 5;

/// What the sign-in is for once the code is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// A new account, with the label the person chose (if any).
    Add { label: Option<String> },
    /// A new sign-in for this existing account.
    Renew { account_id: String },
}

#[derive(Debug, Clone)]
pub(crate) struct PendingSignIn {
    pub server: String,
    pub email: String,
    pub password: Secret,
    pub purpose: Purpose,
    started: Instant,
    wrong_codes: u32,
}

#[derive(Debug, Default)]
pub(crate) struct PendingSignIns {
    by_id: HashMap<String, PendingSignIn>,
}

/// The parked sign-ins, shared with their expiry timers. The lock is never held across an
/// `.await`.
pub(crate) type SharedPending = Arc<Mutex<PendingSignIns>>;

pub(crate) fn lock(shared: &SharedPending) -> MutexGuard<'_, PendingSignIns> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// Parks a sign-in and arms its timer: after [`PENDING_TTL`] it is dropped (its password
/// wiped) even if nothing else happens. Returns the id the UI sends back with the code.
/// The timer holds only a weak reference, so it never keeps a closed service alive.
pub(crate) fn park(
    shared: &SharedPending,
    server: String,
    email: String,
    password: Secret,
    purpose: Purpose,
) -> String {
    let id = lock(shared).insert(server, email, password, purpose, Instant::now());
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            runtime.spawn(expire_later(Arc::downgrade(shared), id.clone()));
        }
        // Only reachable from synchronous callers (none in the app): the check on every
        // later call still keeps the limit there.
        Err(_) => tracing::warn!("no runtime for the sign-in timer"),
    }
    id
}

async fn expire_later(shared: Weak<Mutex<PendingSignIns>>, id: String) {
    tokio::time::sleep(PENDING_TTL).await;
    if let Some(shared) = shared.upgrade() {
        // Ids are never reused, so whatever is parked under this one is the sign-in that
        // started PENDING_TTL ago (possibly put back after a failed code check).
        lock(&shared).cancel(&id);
    }
}

impl PendingSignIns {
    /// Parks a sign-in; returns the id the UI sends back with the code.
    pub fn insert(
        &mut self,
        server: String,
        email: String,
        password: Secret,
        purpose: Purpose,
        now: Instant,
    ) -> String {
        self.forget_expired(now);
        let id = uuid::Uuid::new_v4().to_string();
        let pending = PendingSignIn {
            server,
            email,
            password,
            purpose,
            started: now,
            wrong_codes: 0,
        };
        self.by_id.insert(id.clone(), pending);
        id
    }

    /// Takes the parked sign-in out while its code is checked, so two clicks on
    /// "Verify" cannot both finish it. Put it back with [`Self::put_back`] or
    /// [`Self::wrong_code`] when the code did not get through.
    pub fn take(&mut self, id: &str, now: Instant) -> DeskResult<PendingSignIn> {
        self.forget_expired(now);
        self.by_id
            .remove(id)
            .ok_or(DeskError::Auth(Detail::CodeExpired))
    }

    /// The code could not be checked (network trouble): the person may simply retry. A
    /// sign-in whose time ran out meanwhile (its timer found it taken out) is dropped.
    pub fn put_back(&mut self, id: &str, pending: PendingSignIn) {
        if Instant::now().saturating_duration_since(pending.started) < PENDING_TTL {
            self.by_id.insert(id.to_owned(), pending);
        }
    }

    /// The code was refused. Returns the error to show; after [`MAX_CODE_ATTEMPTS`] the
    /// attempt is over, so codes cannot be guessed through the app.
    pub fn wrong_code(&mut self, id: &str, mut pending: PendingSignIn) -> DeskError {
        pending.wrong_codes += 1;
        if pending.wrong_codes >= MAX_CODE_ATTEMPTS {
            return DeskError::Auth(Detail::CodeRefusedTooOften);
        }
        self.by_id.insert(id.to_owned(), pending);
        DeskError::Auth(Detail::CodeRefused)
    }

    /// Drops a parked sign-in (the person cancelled).
    pub fn cancel(&mut self, id: &str) {
        self.by_id.remove(id);
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    fn forget_expired(&mut self, now: Instant) {
        self.by_id
            .retain(|_, p| now.saturating_duration_since(p.started) < PENDING_TTL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn park(pending: &mut PendingSignIns, now: Instant) -> String {
        pending.insert(
            "http://127.0.0.1:1/".into(),
            "ada@acme.example".into(),
            Secret::new("pw"),
            Purpose::Add { label: None },
            now,
        )
    }

    #[test]
    fn a_sign_in_expires_after_five_minutes() {
        let mut pending = PendingSignIns::default();
        let t0 = Instant::now();
        let id = park(&mut pending, t0);
        let p = pending
            .take(&id, t0 + PENDING_TTL - Duration::from_secs(1))
            .unwrap();
        assert_eq!(p.email, "ada@acme.example");
        pending.put_back(&id, p);
        let err = pending.take(&id, t0 + PENDING_TTL).unwrap_err();
        assert!(matches!(err, DeskError::Auth(Detail::CodeExpired)));
        assert_eq!(pending.len(), 0, "the password is dropped, not just hidden");
    }

    #[test]
    fn expired_sign_ins_are_dropped_when_another_starts() {
        let mut pending = PendingSignIns::default();
        let t0 = Instant::now();
        park(&mut pending, t0);
        park(&mut pending, t0 + PENDING_TTL + Duration::from_secs(1));
        assert_eq!(pending.len(), 1);
    }

    #[test]
    fn a_sign_in_can_be_finished_only_once() {
        let mut pending = PendingSignIns::default();
        let t0 = Instant::now();
        let id = park(&mut pending, t0);
        assert!(pending.take(&id, t0).is_ok());
        assert!(pending.take(&id, t0).is_err());
    }

    #[test]
    fn too_many_wrong_codes_end_the_attempt() {
        let mut pending = PendingSignIns::default();
        let t0 = Instant::now();
        let id = park(&mut pending, t0);
        for _ in 1..MAX_CODE_ATTEMPTS {
            let p = pending.take(&id, t0).unwrap();
            let err = pending.wrong_code(&id, p);
            assert!(matches!(err, DeskError::Auth(Detail::CodeRefused)));
        }
        let p = pending.take(&id, t0).unwrap();
        let err = pending.wrong_code(&id, p);
        assert!(matches!(err, DeskError::Auth(Detail::CodeRefusedTooOften)));
        assert!(pending.take(&id, t0).is_err());
    }

    /// Nothing calls into the service after the sign-in started, yet the password is gone
    /// once the time is up (paused clock: no real waiting).
    #[tokio::test(start_paused = true)]
    async fn the_timer_drops_a_forgotten_sign_in() {
        let shared = SharedPending::default();
        let id = super::park(
            &shared,
            "http://127.0.0.1:1/".into(),
            "ada@acme.example".into(),
            Secret::new("pw"),
            Purpose::Add { label: None },
        );
        tokio::time::sleep(PENDING_TTL - Duration::from_secs(1)).await;
        assert_eq!(lock(&shared).len(), 1, "kept while the code may still come");
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(lock(&shared).len(), 0, "dropped by the timer alone");
        assert!(lock(&shared).take(&id, Instant::now()).is_err());
    }

    #[test]
    fn cancelled_sign_ins_are_gone() {
        let mut pending = PendingSignIns::default();
        let t0 = Instant::now();
        let id = park(&mut pending, t0);
        pending.cancel(&id);
        assert_eq!(pending.len(), 0);
    }
}
