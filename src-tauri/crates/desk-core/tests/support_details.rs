//! "Copy details for support" never carries a token, even one that slipped into the log.
//! Its own test binary: logging is process-wide and starts once.

use desk_core::support::{collect, LOG_LINES};

#[test]
fn a_token_written_to_the_log_never_reaches_the_support_details() {
    let tmp = tempfile::tempdir().unwrap();
    let guard = desk_core::logging::init_with(tmp.path(), None).unwrap();

    // A fake-server token, a JWT and an API key, logged the careless ways a bug could.
    let fake = "fk_owner_9f3a61c0d2b4e857";
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU";
    let key = "Zk8pQ2rT";
    for i in 0..300 {
        tracing::info!(request = i, "GET /api/v3/speech-to-text/session page {i}");
    }
    tracing::warn!("retrying with {fake} after 429");
    tracing::warn!(header = %format!("Bearer {jwt}"), "sent");
    tracing::error!("login answered {{\"access_token\": \"{key}\", \"login\": true}}");
    tracing::info!(
        account = "3f2a9c1e-77b0-4c1d-9e8f-0a1b2c3d4e5f",
        "last line"
    );
    drop(guard); // flushes the writer thread

    let details = collect("0.1.0", "2.50.6", tmp.path());
    let text = serde_json::to_string(&details).unwrap();
    for secret in [fake, jwt, key, "c2lnbmF0dXJlLWJ5dGVzLWhlcmU"] {
        assert!(
            !text.contains(secret),
            "{secret} reached the support details"
        );
    }
    assert_eq!(details.log_lines.len(), LOG_LINES);
    let last = details.log_lines.last().unwrap();
    assert!(
        last.contains("last line") && last.contains("3f2a9c1e-77b0-4c1d-9e8f-0a1b2c3d4e5f"),
        "ids stay readable: {last}"
    );
    assert!(details
        .log_lines
        .iter()
        .any(|l| l.contains("retrying with [removed] after 429")));
}
