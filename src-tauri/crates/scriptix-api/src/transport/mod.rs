//! One HTTP exchange with Scriptix: auth header, concurrency bound, pacing, retries, error
//! mapping.
//!
//! Everything that touches the network goes through [`Transport`], so the safety rules live
//! in one place: the token only goes to the base URL's origin, only same-origin redirects
//! are followed (`redirect`), idle reads time out, every request has a total deadline (see
//! [`deadline`]), at most `max_in_flight` requests run at once, and the server's rate limits
//! are kept and waited out ([`pace`]).

mod body;
mod deadline;
mod failure;
pub(crate) mod pace;
mod redirect;
mod retry;

use std::future::Future;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::{Method, Response};
use serde_json::Value;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use url::Url;

use pace::{PacePermit, Pacer};

use crate::{ApiError, AuthStyle, ClientOptions, RetryPolicy, Secret};
use deadline::Deadline;

pub(crate) use body::{copy_to, read_capped, read_prefix};

/// Error bodies are only read for their message; a few KiB is plenty.
const ERROR_BODY_CAP: usize = 64 * 1024;

const USER_AGENT: &str = concat!("ScriptixDesk/", env!("CARGO_PKG_VERSION"));

/// What a request sends.
pub(crate) enum Payload {
    None,
    Json(Value),
    /// Form fields. Values may be secrets (a password), so this type has no `Debug`.
    Form(Vec<(&'static str, String)>),
}

/// One request, ready to be sent (and re-sent).
pub(crate) struct Call {
    method: Method,
    url: Url,
    payload: Payload,
    /// Whether the token goes along. Only API calls built from the base URL set this.
    authorized: bool,
}

impl Call {
    pub(crate) fn api(method: Method, url: Url) -> Self {
        Call {
            method,
            url,
            payload: Payload::None,
            authorized: true,
        }
    }

    /// A request that must never carry the token: download URLs, shared links, login.
    pub(crate) fn anonymous(method: Method, url: Url) -> Self {
        Call {
            method,
            url,
            payload: Payload::None,
            authorized: false,
        }
    }

    pub(crate) fn with(mut self, payload: Payload) -> Self {
        self.payload = payload;
        self
    }

    fn idempotent(&self) -> bool {
        matches!(self.method, Method::GET | Method::HEAD | Method::DELETE)
    }
}

/// A successful (2xx) answer whose body has not been read yet. It keeps its slot in the
/// concurrency bound until dropped, so a body download counts as "in flight".
pub(crate) struct Answer {
    pub(crate) response: Response,
    /// Started with the attempt; bounds every read of the body.
    deadline: Deadline,
    _pace: Option<PacePermit>,
    _permit: OwnedSemaphorePermit,
}

#[derive(Clone)]
pub(crate) struct Transport {
    http: reqwest::Client,
    base: Url,
    auth: Option<(AuthStyle, Secret)>,
    permits: Arc<Semaphore>,
    retry: RetryPolicy,
    max_json_bytes: usize,
    request_deadline: Duration,
    min_body_rate: u64,
    max_download_bytes: u64,
    /// Slots for JSON bodies over `body::SMALL_JSON`, held until parsed.
    pub(crate) large_json: Arc<Semaphore>,
    /// Shared with every client of the same origin in this process.
    pacer: Arc<Pacer>,
    /// Once set, waits end with `Cancelled` (see [`crate::ScriptixClient::with_stop`]).
    stop: Option<Arc<AtomicBool>>,
}

impl Transport {
    /// `base` must already be validated (see [`crate::validate_base_url`]).
    pub(crate) fn new(
        base: Url,
        token: Option<Secret>,
        opts: &ClientOptions,
    ) -> Result<Self, ApiError> {
        let auth = match token {
            Some(token) => {
                check_token(opts.auth_style, &token)?;
                Some((opts.auth_style, token))
            }
            None => None,
        };
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(opts.connect_timeout)
            .read_timeout(opts.read_timeout)
            .user_agent(USER_AGENT)
            .build()
            .map_err(failure::from_reqwest)?;
        Ok(Transport {
            http,
            pacer: pace::for_origin(&base.origin().ascii_serialization()),
            stop: None,
            base,
            auth,
            permits: Arc::new(Semaphore::new(opts.max_in_flight.max(1))),
            retry: opts.retry.clone(),
            max_json_bytes: opts.max_json_bytes,
            request_deadline: opts.request_deadline,
            min_body_rate: opts.min_body_rate,
            max_download_bytes: opts.max_download_bytes,
            large_json: Arc::new(Semaphore::new(body::LARGE_JSON_AT_ONCE)),
        })
    }

    pub(crate) fn base(&self) -> &Url {
        &self.base
    }

    /// Largest download accepted when the server announces no size at all.
    pub(crate) fn max_download_bytes(&self) -> u64 {
        self.max_download_bytes
    }

    pub(crate) fn pacer(&self) -> &Arc<Pacer> {
        &self.pacer
    }

    /// The same transport, whose waits end with `Cancelled` once `stop` is set.
    pub(crate) fn with_stop(&self, stop: Arc<AtomicBool>) -> Transport {
        Transport {
            stop: Some(stop),
            ..self.clone()
        }
    }

    fn stop(&self) -> Option<&AtomicBool> {
        self.stop.as_deref()
    }

    /// `path` is relative to the base (see [`crate::routes`]); query values are encoded here.
    pub(crate) fn url(&self, path: &str, query: &[(&str, &str)]) -> Url {
        // `path` is built from fixed text and percent-encoded segments only, so joining it
        // cannot fail or leave the base.
        let mut url = self
            .base
            .join(path)
            .expect("a relative path of encoded segments always joins");
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// Sends `call` (retrying GET/DELETE on transient failures) until a 2xx answer.
    pub(crate) async fn send(&self, call: &Call) -> Result<Answer, ApiError> {
        self.retrying(call, || self.attempt(call)).await
    }

    /// Sends `call` and reads its JSON body (capped). A connection that breaks while the
    /// body is read is retried like any other transient failure. An empty body is `null`.
    pub(crate) async fn json(&self, call: &Call) -> Result<Value, ApiError> {
        self.retrying(call, || async {
            let mut answer = self.attempt(call).await?;
            let (bytes, _large_slot) =
                read_capped(&mut answer, self.max_json_bytes, &self.large_json).await?;
            parse_json(&bytes)
        })
        .await
    }

    /// Tries `attempt` until it succeeds. A 429 is never a failure: the pacer holds the
    /// request (and every other to this server) for as long as the server asked, and it is
    /// sent again, whatever its method (a 429 means it was not carried out). Other
    /// transient failures of GET and DELETE are retried within the [`RetryPolicy`].
    async fn retrying<T, F, Fut>(&self, call: &Call, mut attempt: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let started = Instant::now();
        let mut retries = 0;
        loop {
            let err = match attempt().await {
                Ok(value) => return Ok(value),
                Err(err) => err,
            };
            if let ApiError::RateLimited { retry_after, .. } = &err {
                // `attempt` already told the pacer; its next acquire waits.
                tracing::info!(
                    method = %call.method,
                    path = call.url.path(),
                    retry_after_ms = retry_after.map(|d| d.as_millis() as u64),
                    "rate limited; waiting"
                );
                continue;
            }
            if !call.idempotent() || !retry::is_retryable(&err) || retries >= self.retry.max_retries
            {
                return Err(err);
            }
            let wait = retry::delay(&self.retry, retries, retry::server_hint(&err));
            if started.elapsed() + wait > self.retry.max_total {
                return Err(err);
            }
            retries += 1;
            tracing::info!(
                method = %call.method,
                path = call.url.path(),
                retry = retries,
                wait_ms = wait.as_millis() as u64,
                error = %err,
                "retrying"
            );
            // One dropped connection is not an outage: only this request waits. (A bulk job
            // that still cannot get through waits and says so itself.)
            pace::sleep_until_wall(SystemTime::now() + wait, self.stop()).await?;
        }
    }

    /// One try: wait for a slot and for the pacer, send, and turn anything but 2xx into an
    /// error.
    async fn attempt(&self, call: &Call) -> Result<Answer, ApiError> {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::Cancelled)?;
        // Download hosts (blob storage) are not Scriptix's API and its quota does not apply.
        let pace = if call.url.origin() == self.base.origin() {
            Some(self.pacer.acquire(self.stop()).await?)
        } else {
            None
        };
        // One deadline for the whole exchange, redirects included.
        let deadline = Deadline::start(self.request_deadline, self.min_body_rate);
        let (mut url, mut method, mut hops) = (call.url.clone(), call.method.clone(), 0);
        let response = loop {
            let mut request = self
                .http
                .request(method.clone(), url.clone())
                .header(ACCEPT, "application/json, */*;q=0.5");
            if call.authorized {
                let (name, value) = self.auth_header(&url)?;
                request = request.header(name, value);
            }
            // A 303 turns the request into a GET, which carries no body.
            request = match (&call.payload, method == call.method) {
                (Payload::Json(value), true) => request.json(value),
                (Payload::Form(fields), true) => request.form(fields),
                _ => request,
            };
            let response = deadline
                .within(0, async {
                    request.send().await.map_err(failure::from_reqwest)
                })
                .await?;
            match redirect::next_hop(&response, &url, &method, hops)? {
                Some((next, next_method)) => {
                    tracing::debug!(from = url.path(), to = next.path(), "following a redirect");
                    body::read_lossy(response, ERROR_BODY_CAP, deadline).await;
                    (url, method, hops) = (next, next_method, hops + 1);
                }
                None => break response,
            }
        };
        let status = response.status();
        tracing::debug!(method = %call.method, path = call.url.path(), %status, "answer");
        if status.is_success() {
            if let Some(pace) = &pace {
                pace.answered(response.headers(), true);
            }
            return Ok(Answer {
                response,
                deadline,
                _pace: pace,
                _permit: permit,
            });
        }
        let headers = response.headers().clone();
        let body = body::read_lossy(response, ERROR_BODY_CAP, deadline).await;
        let err = failure::from_status(status, &headers, &body);
        match (&err, &pace) {
            (ApiError::RateLimited { retry_after, .. }, Some(pace)) => {
                pace.pacer().refused(*retry_after, &headers);
            }
            (ApiError::RateLimited { retry_after, .. }, None) => {
                // Not our API's pacer to hold: wait here, as the server asked.
                let wait = retry_after.unwrap_or(std::time::Duration::from_secs(1));
                pace::sleep_until_wall(SystemTime::now() + wait, self.stop()).await?;
            }
            (_, Some(pace)) => pace.answered(&headers, false),
            (_, None) => {}
        }
        Err(err)
    }

    /// The auth header for `url`, which must be on the base URL's origin: the token is
    /// never handed to any other host, whatever a caller builds.
    fn auth_header(&self, url: &Url) -> Result<(HeaderName, HeaderValue), ApiError> {
        let Some((style, token)) = &self.auth else {
            return Err(ApiError::Unauthorized {
                message: "no token for this account".into(),
            });
        };
        if url.origin() != self.base.origin() {
            return Err(ApiError::InvalidBaseUrl {
                message: "refusing to send the token to another server".into(),
            });
        }
        let mut value =
            HeaderValue::from_str(&style.header_value(token.expose())).map_err(|_| bad_token())?;
        value.set_sensitive(true);
        Ok((HeaderName::from_static(style.header_name()), value))
    }
}

fn check_token(style: AuthStyle, token: &Secret) -> Result<(), ApiError> {
    if token.is_empty() {
        return Err(ApiError::Unauthorized {
            message: "the token is empty".into(),
        });
    }
    HeaderValue::from_str(&style.header_value(token.expose()))
        .map(drop)
        .map_err(|_| bad_token())
}

fn bad_token() -> ApiError {
    ApiError::Unauthorized {
        message: "the token contains characters that cannot be sent".into(),
    }
}

/// Reads and discards a small body so the connection can be reused, then frees the slot.
pub(crate) async fn drain(answer: Answer) {
    body::read_lossy(answer.response, ERROR_BODY_CAP, answer.deadline).await;
}

pub(crate) fn parse_json(bytes: &[u8]) -> Result<Value, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(bytes).map_err(|e| ApiError::Decode {
        message: format!("the server's answer is not valid JSON ({e})"),
    })
}

/// The `Content-Type` of an answer, without parameters, lowercased.
pub(crate) fn content_type(response: &Response) -> Option<String> {
    let value = response.headers().get(CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next()?.trim().to_ascii_lowercase();
    (!essence.is_empty()).then_some(essence)
}
