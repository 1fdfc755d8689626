//! A tiny scripted HTTP/1.1 server on a real loopback socket, for wire-level cases the fake
//! Scriptix server cannot produce (bare answers, odd error bodies, redirects, hang-ups).
//!
//! Replies are handed out in order, one per request (every answer closes its connection);
//! requests past the end of the script get a 500, which makes a test fail loudly.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

pub(crate) enum Reply {
    Http {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Close the connection without answering.
    Hangup,
    /// Send the headers, then go silent (for idle-timeout tests).
    Stall,
    /// Hold the reply until the test calls [`RawServer::release`].
    Gated(Box<Reply>),
    /// A 200 JSON answer sent one byte per `every`: never silent long enough for an idle
    /// timeout (for total-deadline tests).
    Drip { body: Vec<u8>, every: Duration },
}

impl Reply {
    pub(crate) fn json(status: u16, body: Value) -> Reply {
        Reply::Http {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    pub(crate) fn bytes(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Http {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
        }
    }

    pub(crate) fn empty(status: u16) -> Reply {
        Reply::Http {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub(crate) fn header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Http { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) method: String,
    /// Path and query exactly as sent.
    pub(crate) target: String,
    headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Recorded {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }
}

struct Shared {
    script: Mutex<std::collections::VecDeque<Reply>>,
    log: Mutex<Vec<Recorded>>,
    received: watch::Sender<usize>,
    gate: Semaphore,
    /// Gated requests received but not yet answered, and the most seen at once.
    waiting: Mutex<(usize, usize)>,
}

pub(crate) struct RawServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    tasks: JoinSet<()>,
}

impl RawServer {
    pub(crate) async fn start(script: Vec<Reply>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            script: Mutex::new(script.into()),
            log: Mutex::new(Vec::new()),
            received: watch::channel(0).0,
            gate: Semaphore::new(0),
            waiting: Mutex::new((0, 0)),
        });
        let mut tasks = JoinSet::new();
        let accept_shared = Arc::clone(&shared);
        tasks.spawn(async move {
            let mut connections = JoinSet::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                connections.spawn(serve(stream, Arc::clone(&accept_shared)));
            }
        });
        RawServer {
            addr,
            shared,
            tasks,
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(crate) fn requests(&self) -> Vec<Recorded> {
        self.shared.log.lock().unwrap().clone()
    }

    /// Waits (without a timer) until `n` requests have arrived.
    pub(crate) async fn wait_for_requests(&self, n: usize) {
        let mut rx = self.shared.received.subscribe();
        rx.wait_for(|count| *count >= n).await.unwrap();
    }

    /// Lets `n` gated replies go.
    pub(crate) fn release(&self, n: usize) {
        self.shared.gate.add_permits(n);
    }

    /// The most gated requests that were waiting at once.
    pub(crate) fn max_waiting(&self) -> usize {
        self.shared.waiting.lock().unwrap().1
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.tasks.abort_all();
    }
}

async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    shared.log.lock().unwrap().push(request);
    let reply = shared
        .script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or_else(|| Reply::bytes(500, "text/plain", "test script exhausted"));
    shared.received.send_modify(|c| *c += 1);
    let reply = match reply {
        Reply::Gated(inner) => {
            {
                let mut w = shared.waiting.lock().unwrap();
                w.0 += 1;
                w.1 = w.1.max(w.0);
            }
            shared.gate.acquire().await.unwrap().forget();
            shared.waiting.lock().unwrap().0 -= 1;
            *inner
        }
        other => other,
    };
    match reply {
        Reply::Http {
            status,
            headers,
            body,
        } => {
            let mut head = format!(
                "HTTP/1.1 {status} Whatever\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Reply::Hangup => {}
        Reply::Stall => {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\ncontent-type: application/json\r\n\r\n{")
                .await;
            std::future::pending::<()>().await;
        }
        Reply::Drip { body, every } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            for byte in body {
                tokio::time::sleep(every).await;
                if stream.write_all(&[byte]).await.is_err() {
                    return;
                }
            }
        }
        Reply::Gated(_) => unreachable!("gates do not nest"),
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}
