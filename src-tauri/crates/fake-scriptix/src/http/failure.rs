//! Error answers, in the body shape the server was configured with.
//!
//! Handlers return a [`Failure`]; it travels out of the handler as a response extension
//! and [`shape_errors`] (which knows the configured shape) writes the body. That keeps
//! handlers free of configuration and also shapes failures raised by middleware.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::app::App;
use crate::config::ErrorShape;

#[derive(Debug, Clone)]
pub(crate) struct Failure {
    status: StatusCode,
    code: &'static str,
    message: String,
    /// Seconds; whole in real time, fractional when the server runs time fast.
    retry_after: Option<f64>,
}

pub(crate) type Answer = Result<Response, Failure>;

impl Failure {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Failure {
        Failure {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub(crate) fn unauthorized(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub(crate) fn forbidden(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub(crate) fn method_not_allowed() -> Failure {
        Failure::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "This method is not allowed on this endpoint",
        )
    }

    pub(crate) fn rate_limited() -> Failure {
        Failure::rate_limited_for(1.0)
    }

    /// A 429 asking the client to come back in `seconds` (already rounded as it is to be
    /// written).
    pub(crate) fn rate_limited_for(seconds: f64) -> Failure {
        Failure {
            retry_after: Some(seconds),
            ..Failure::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limit_exceeded",
                "Too many requests, slow down",
            )
        }
    }

    pub(crate) fn internal() -> Failure {
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Internal server error",
        )
    }

    pub(crate) fn unavailable() -> Failure {
        Failure {
            retry_after: Some(1.0),
            ..Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "service_unavailable",
                "The service is temporarily unavailable",
            )
        }
    }

    pub(crate) fn render(&self, shape: ErrorShape) -> Response {
        // A 429 always carries the rate-limit body, whatever the configured shape.
        let shape = if self.status == StatusCode::TOO_MANY_REQUESTS {
            ErrorShape::RateLimit
        } else {
            shape
        };
        let body = match shape {
            ErrorShape::Flat => json!({"error": self.code, "message": self.message}),
            ErrorShape::Nested => json!({
                "error": {"code": self.code, "message": self.message, "details": []}
            }),
            ErrorShape::RateLimit => json!({
                "error": self.code,
                "message": self.message,
                "error_code": self.code.to_ascii_uppercase(),
                "retry_after": self.retry_after.map(seconds_json),
            }),
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            if let Ok(value) = HeaderValue::from_str(&seconds_header(seconds)) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// Whole seconds as an integer, anything else with milliseconds.
fn seconds_header(seconds: f64) -> String {
    if seconds.fract() == 0.0 {
        format!("{}", seconds as i64)
    } else {
        format!("{seconds:.3}")
    }
}

fn seconds_json(seconds: f64) -> serde_json::Value {
    if seconds.fract() == 0.0 {
        json!(seconds as i64)
    } else {
        json!(seconds)
    }
}

/// Writes the body of every [`Failure`] raised inside, keeping the rate-limit headers the
/// quota layer put on it; counts the 429s for the admin state.
pub(crate) async fn shape_errors(
    State(app): State<Arc<App>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if response.status() == StatusCode::TOO_MANY_REQUESTS {
        app.store().count_rate_limited();
    }
    match response.extensions_mut().remove::<Failure>() {
        Some(failure) => {
            let mut rendered = failure.render(app.settings.error_shape);
            for (name, value) in response.headers() {
                if name.as_str().starts_with("x-ratelimit-") {
                    rendered.headers_mut().insert(name.clone(), value.clone());
                }
            }
            rendered
        }
        None => response,
    }
}

pub(crate) async fn not_found() -> Failure {
    Failure::not_found("No such endpoint")
}

pub(crate) async fn method_not_allowed() -> Failure {
    Failure::method_not_allowed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    async fn body(r: Response) -> serde_json::Value {
        serde_json::from_slice(&to_bytes(r.into_body(), 1 << 16).await.unwrap()).unwrap()
    }

    #[tokio::test]
    async fn each_shape_carries_the_message_where_clients_look() {
        let f = Failure::forbidden("Not yours");
        let flat = body(f.render(ErrorShape::Flat)).await;
        assert_eq!(flat, json!({"error": "forbidden", "message": "Not yours"}));
        let nested = body(f.render(ErrorShape::Nested)).await;
        assert_eq!(nested["error"]["message"], "Not yours");
        assert_eq!(nested["error"]["code"], "forbidden");
        let rl = body(f.render(ErrorShape::RateLimit)).await;
        assert_eq!(rl["message"], "Not yours");
        assert_eq!(rl["error_code"], "FORBIDDEN");
    }

    #[tokio::test]
    async fn too_many_requests_always_says_when_to_retry() {
        let r = Failure::rate_limited().render(ErrorShape::Nested);
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "1");
        let b = body(r).await;
        assert_eq!(b["retry_after"], 1);
        assert_eq!(b["error_code"], "RATE_LIMIT_EXCEEDED");
    }
}
