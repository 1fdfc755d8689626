//! Wire-level tests over real loopback TCP against the scripted [`RawServer`].

mod actions;
mod exports;
mod hostile;
mod reading;
mod retries;
mod retry_waits;
mod safety;

use std::time::Duration;

use crate::test_support::RawServer;
use crate::{ClientOptions, Progress, RetryPolicy, ScriptixClient, Secret};

pub(crate) const TOKEN: &str = "tok-123-secret";

/// Default options, with backoff short enough that retry tests take milliseconds.
pub(crate) fn fast_opts() -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy {
            base_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    }
}

pub(crate) fn client(server: &RawServer) -> ScriptixClient {
    ScriptixClient::new(&server.url(), Secret::new(TOKEN), fast_opts()).unwrap()
}

pub(crate) fn ignore_progress(_: Progress) {}

/// Tauri commands run on a multi-threaded runtime: every future the app awaits must be
/// `Send`. This fails to compile, rather than at run time, if one stops being so.
#[test]
fn client_futures_are_send() {
    fn send<T: Send>(_: T) {}
    fn send_sync_clone<T: Send + Sync + Clone>() {}
    send_sync_clone::<ScriptixClient>();

    let c =
        ScriptixClient::new("https://api.scriptix.io", Secret::new(TOKEN), fast_opts()).unwrap();
    let mut sink = tokio::io::sink();
    let q = crate::ListQuery::default();
    send(c.me());
    send(c.sessions(q.clone()));
    send(c.list_sessions_page(&q, 0, 10));
    send(c.session("s"));
    send(c.document("s", "d"));
    send(c.comments("s", "d"));
    send(c.export_to(
        "s",
        "d",
        crate::ExportFormat::Json,
        &mut sink,
        &ignore_progress,
    ));
    send(c.mark_finished("s", "d"));
    send(c.delete_document("s", "d"));
    send(c.delete_session("s"));
    send(c.delete_comment("s", "d", "c"));
    send(c.share("s", "d"));
    let pw = Secret::new("pw");
    let opts = fast_opts();
    send(crate::login("https://h", "u", &pw, &opts));
    send(crate::login_mfa("https://h", "u", &pw, "123456", &opts));
    let link = crate::SharedLink::parse("https://h/shared/s/d/t").unwrap();
    send(crate::fetch_shared_document("https://h", &link, &opts));
    let mut sink2 = tokio::io::sink();
    send(crate::export_shared_to(
        "https://h",
        &link,
        &opts,
        crate::ExportFormat::Txt,
        &mut sink2,
        &ignore_progress,
    ));
}
