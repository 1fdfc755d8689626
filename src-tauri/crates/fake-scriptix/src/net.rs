//! TCP with two extra powers: drop one connection without an answer (the "connection
//! reset" fault), and drop every connection at once when the server stops.
//!
//! Each accepted stream carries a cancellation token, a child of the server's. A cancelled
//! stream fails its next read or write, so hyper abandons the connection without writing
//! another byte; the socket is closed with `SO_LINGER` 0, which sends a TCP RST, so the
//! client sees "connection reset" rather than a clean end of stream. The token future is
//! polled inside every read and write, which registers the connection task's waker, so an
//! idle keep-alive connection wakes up and closes too.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::{CancellationToken, WaitForCancellationFutureOwned};

/// "Pull the network": for a while every open connection is dropped and every new one is
/// reset as soon as it is accepted, on both hosts, as when a laptop loses its Wi-Fi.
#[derive(Debug)]
pub(crate) struct NetworkSwitch {
    stop: CancellationToken,
    state: Mutex<SwitchState>,
}

#[derive(Debug)]
struct SwitchState {
    down_until: Option<Instant>,
    /// Parent of every connection accepted since the last pull; cancelled by the next.
    connections: CancellationToken,
}

impl NetworkSwitch {
    pub(crate) fn new(stop: CancellationToken) -> Arc<NetworkSwitch> {
        Arc::new(NetworkSwitch {
            state: Mutex::new(SwitchState {
                down_until: None,
                connections: stop.child_token(),
            }),
            stop,
        })
    }

    /// Drop every connection now and refuse new ones for `wall` time.
    pub(crate) fn pull(&self, wall: Duration) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.down_until = Some(Instant::now() + wall);
        let old = std::mem::replace(&mut state.connections, self.stop.child_token());
        old.cancel();
    }

    pub(crate) fn is_down(&self) -> bool {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.down_until.is_some_and(|until| Instant::now() < until)
    }

    fn connection_token(&self) -> CancellationToken {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.connections.child_token()
    }
}

pub(crate) struct ResettableListener {
    inner: TcpListener,
    switch: Arc<NetworkSwitch>,
}

impl ResettableListener {
    pub(crate) async fn bind(port: u16, switch: Arc<NetworkSwitch>) -> io::Result<Self> {
        let inner = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, port)).await?;
        Ok(ResettableListener { inner, switch })
    }

    pub(crate) fn port(&self) -> io::Result<u16> {
        Ok(self.inner.local_addr()?.port())
    }
}

impl Listener for ResettableListener {
    type Io = ResettableStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (ResettableStream, SocketAddr) {
        loop {
            match self.inner.accept().await {
                Ok((tcp, _)) if self.switch.is_down() => {
                    // The network is "pulled": reset at once, like an unreachable host.
                    #[allow(deprecated)]
                    let _ = tcp.set_linger(Some(Duration::ZERO));
                    drop(tcp);
                }
                Ok((tcp, peer)) => {
                    // Small JSON answers should not wait for Nagle.
                    let _ = tcp.set_nodelay(true);
                    return (
                        ResettableStream::new(tcp, self.switch.connection_token()),
                        peer,
                    );
                }
                // Out of file descriptors and the like: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

pub(crate) struct ResettableStream {
    tcp: TcpStream,
    token: CancellationToken,
    cancelled: Pin<Box<WaitForCancellationFutureOwned>>,
}

impl ResettableStream {
    fn new(tcp: TcpStream, token: CancellationToken) -> Self {
        let cancelled = Box::pin(token.clone().cancelled_owned());
        ResettableStream {
            tcp,
            token,
            cancelled,
        }
    }

    /// `Err` once the connection is to be dropped; registers the waker otherwise.
    fn check(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        if self.token.is_cancelled() || self.cancelled.as_mut().poll(cx).is_ready() {
            // Zero linger makes close() send RST at once; it never blocks, which is what the
            // deprecation warns about for non-zero values.
            #[allow(deprecated)]
            let _ = self.tcp.set_linger(Some(Duration::ZERO));
            return Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "connection dropped by the fake server",
            ));
        }
        Ok(())
    }
}

impl AsyncRead for ResettableStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.check(cx)?;
        Pin::new(&mut this.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for ResettableStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.check(cx)?;
        Pin::new(&mut this.tcp).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.check(cx)?;
        Pin::new(&mut this.tcp).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.check(cx)?;
        Pin::new(&mut this.tcp).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().tcp).poll_shutdown(cx)
    }
}

/// Handed to every request (as `ConnectInfo<Connection>`): lets a handler drop the
/// connection it arrived on.
#[derive(Debug, Clone)]
pub(crate) struct Connection {
    token: CancellationToken,
}

impl Connection {
    /// Drops the connection without a response.
    pub(crate) fn reset(&self) {
        self.token.cancel();
    }
}

impl Connected<IncomingStream<'_, ResettableListener>> for Connection {
    fn connect_info(stream: IncomingStream<'_, ResettableListener>) -> Self {
        Connection {
            token: stream.io().token.clone(),
        }
    }
}
