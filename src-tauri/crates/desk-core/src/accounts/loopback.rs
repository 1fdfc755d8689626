//! The one-shot loopback listener that catches a browser sign-in's redirect (RFC 8252,
//! "loopback interface redirection").
//!
//! - It listens on `127.0.0.1` only, on a port the system picks, so nothing off this
//!   computer can reach it and no fixed port can be squatted.
//! - The redirect address carries a random `state`; an answer without that exact state is
//!   refused (another page on this computer cannot inject its own token).
//! - It serves exactly one path (`/callback`), answers a small plain page, and stops
//!   listening as soon as it has the token, after the timeout, or when cancelled.
//! - Every connection is bounded: a few KiB of request head, a few seconds to send it;
//!   connections are served side by side (at most a handful), so one that stalls holds up
//!   no other.
//! - Only the token is kept, straight into a [`Secret`]; the rest of the request is dropped.

use std::sync::Arc;
use std::time::Duration;

use scriptix_api::Secret;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::browser_page::Page;
use crate::cancel::{cancelled, CancelToken};
use crate::{DeskError, DeskResult, Detail};

/// The only path served.
const CALLBACK_PATH: &str = "/callback";
/// Largest request head read from one connection.
const MAX_HEAD_BYTES: usize = 8 * 1024;
/// How long one connection may take to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// How many connections are served at once; more are closed unanswered.
const MAX_CONNECTIONS: usize = 16;
/// Names a server could give the token on the redirect (the docs say only "a URL
/// parameter"; `token` is the guess, the others are common spellings).
const TOKEN_PARAMS: [&str; 4] = ["token", "access_token", "act", "jwt"];

pub(crate) struct LoopbackCatch {
    listener: TcpListener,
    state: String,
    port: u16,
}

impl LoopbackCatch {
    pub(crate) async fn bind() -> DeskResult<LoopbackCatch> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(|_| DeskError::Internal(Detail::CannotListen))?;
        let port = listener
            .local_addr()
            .map_err(|_| DeskError::Internal(Detail::CannotListen))?
            .port();
        // Two v4 UUIDs: 244 random bits from the OS generator.
        let state = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        Ok(LoopbackCatch {
            listener,
            state,
            port,
        })
    }

    /// Where the browser is sent back to: `http://127.0.0.1:<port>/callback?state=<state>`.
    /// The state rides inside the address, so it comes back even from a server that knows
    /// nothing of a `state` parameter.
    pub(crate) fn redirect_uri(&self) -> String {
        format!(
            "http://127.0.0.1:{}{CALLBACK_PATH}?state={}",
            self.port, self.state
        )
    }

    /// Waits for the redirect with the right state and returns its token. Requests for
    /// anything else are answered 404 (or 400 for a wrong state) and the wait goes on.
    /// Connections are served side by side, each with its own deadline, so another program
    /// on this computer that connects and says nothing cannot hold up the browser's redirect.
    pub(crate) async fn wait(self, timeout: Duration, cancel: &CancelToken) -> DeskResult<Secret> {
        let deadline = Instant::now() + timeout;
        let state: Arc<str> = Arc::from(self.state.as_str());
        let mut serving = JoinSet::new();
        loop {
            tokio::select! {
                accepted = self.listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    // Past the bound a connection is closed unanswered: a flood must not
                    // grow without limit, and the browser retries a refused page.
                    if serving.len() < MAX_CONNECTIONS {
                        let state = Arc::clone(&state);
                        serving.spawn(tokio::time::timeout(HEAD_TIMEOUT, answer(state, stream)));
                    }
                }
                Some(served) = serving.join_next() => match served {
                    Ok(Ok(Some(Ok(token)))) => return Ok(token),
                    Ok(Ok(Some(Err(e)))) => return Err(e),
                    // Not the redirect, too slow, or the task failed: keep waiting.
                    _ => {}
                },
                () = cancel.cancelled() => return Err(cancelled()),
                () = tokio::time::sleep_until(deadline) => {
                    return Err(DeskError::Auth(Detail::BrowserSignInTimedOut));
                }
            }
        }
    }
}

/// `None` when the request was not the redirect (it got its refusal); `Some` when it
/// was, with the token or the reason there is none.
async fn answer(state: Arc<str>, mut stream: TcpStream) -> Option<DeskResult<Secret>> {
    let head = read_head(&mut stream).await?;
    let verdict = judge(&state, &head);
    let (status, page) = match &verdict {
        Verdict::Token(_) => ("200 OK", Page::SignedIn),
        Verdict::Refused(_) => ("200 OK", Page::Refused),
        Verdict::WrongState => ("400 Bad Request", Page::NotForThisApp),
        Verdict::Elsewhere => ("404 Not Found", Page::NotFound),
    };
    let html = page.html();
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n{html}",
        html.len()
    );
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
    match verdict {
        Verdict::Token(token) => Some(Ok(token)),
        Verdict::Refused(why) => Some(Err(DeskError::Auth(why))),
        Verdict::WrongState | Verdict::Elsewhere => None,
    }
}

fn judge(expected_state: &str, head: &str) -> Verdict {
    let mut words = head.lines().next().unwrap_or("").split(' ');
    let (Some("GET"), Some(target)) = (words.next(), words.next()) else {
        return Verdict::Elsewhere;
    };
    let Ok(url) = url::Url::parse(&format!("http://127.0.0.1{target}")) else {
        return Verdict::Elsewhere;
    };
    if url.path() != CALLBACK_PATH {
        return Verdict::Elsewhere;
    }
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    if param("state").as_deref() != Some(expected_state) {
        return Verdict::WrongState;
    }
    if let Some(token) = TOKEN_PARAMS
        .iter()
        .find_map(|name| param(name))
        .filter(|t| !t.trim().is_empty())
    {
        return Verdict::Token(Secret::new(token));
    }
    Verdict::Refused(
        match param("error_description").or_else(|| param("error")) {
            Some(_) => Detail::BrowserSignInRefused,
            None => Detail::BrowserSignInEmpty,
        },
    )
}

enum Verdict {
    Token(Secret),
    Refused(Detail),
    WrongState,
    Elsewhere,
}

/// The request head (up to the blank line), or `None` if it is too big or not text.
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() + n > MAX_HEAD_BYTES {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8(buf).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(port: u16, target: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        s.write_all(format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .await
            .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        out
    }

    #[tokio::test]
    async fn only_the_callback_with_the_right_state_is_taken() {
        let catch = LoopbackCatch::bind().await.unwrap();
        let (port, state) = (catch.port, catch.state.clone());
        assert!(catch.redirect_uri().starts_with("http://127.0.0.1:"));
        let waiting = tokio::spawn(async move {
            catch
                .wait(Duration::from_secs(20), &CancelToken::new())
                .await
        });
        assert!(get(port, "/").await.starts_with("HTTP/1.1 404"));
        assert!(get(port, "/callback?state=wrong&token=evil")
            .await
            .starts_with("HTTP/1.1 400"));
        let page = get(port, &format!("/callback?state={state}&token=tok%2B1")).await;
        assert!(page.starts_with("HTTP/1.1 200") && page.contains("signed in"));
        let token = waiting.await.unwrap().unwrap();
        assert_eq!(token.expose(), "tok+1");
        assert!(
            TcpStream::connect(("127.0.0.1", port)).await.is_err(),
            "nothing listens once the token is in"
        );
    }

    #[tokio::test]
    async fn a_connection_that_says_nothing_does_not_hold_up_the_redirect() {
        let catch = LoopbackCatch::bind().await.unwrap();
        let (port, state) = (catch.port, catch.state.clone());
        let waiting = tokio::spawn(async move {
            catch
                .wait(Duration::from_secs(60), &CancelToken::new())
                .await
        });
        // Another program connects first and sends nothing.
        let silent = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        silent.writable().await.unwrap();
        assert!(get(port, "/favicon.ico").await.starts_with("HTTP/1.1 404"));
        // Answered while the silent connection is still being waited for: served one at a
        // time, the silent one would have been closed (after its 5 s) before this answer.
        let mut byte = [0u8; 1];
        assert!(
            matches!(silent.try_read(&mut byte), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "the silent connection was given up before the next one was served"
        );
        let page = get(port, &format!("/callback?state={state}&token=t1")).await;
        assert!(page.starts_with("HTTP/1.1 200"), "{page}");
        assert_eq!(waiting.await.unwrap().unwrap().expose(), "t1");
    }

    #[tokio::test]
    async fn a_wait_ends_on_cancel_and_on_timeout() {
        let cancel = CancelToken::new();
        cancel.cancel();
        let catch = LoopbackCatch::bind().await.unwrap();
        assert!(matches!(
            catch.wait(Duration::from_secs(20), &cancel).await,
            Err(DeskError::Cancelled(_))
        ));
        let catch = LoopbackCatch::bind().await.unwrap();
        assert!(matches!(
            catch
                .wait(Duration::from_millis(1), &CancelToken::new())
                .await,
            Err(DeskError::Auth(_))
        ));
    }
}
