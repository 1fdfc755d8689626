//! Everything the app keeps for itself is private to the person (Unix modes): the account
//! list, the audit log, a bulk job's journal, the logs, and every folder holding them.
#![cfg(unix)]

mod bulk_support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

use bulk_support::Env;
use desk_core::accounts::AccountService;
use desk_core::audit::AuditLog;
use desk_core::bulk::{self, BulkMode, JobControl};
use desk_core::paths::AppPaths;
use desk_core::secrets::MemorySecretStore;
use fake_scriptix::{Config, Persona};
use scriptix_api::Secret;

/// Every folder and file under `dir` with its permission bits, `dir` itself included.
fn modes_under(dir: &Path) -> Vec<(String, bool, u32)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            out.push((
                path.display().to_string(),
                meta.is_dir(),
                meta.permissions().mode() & 0o777,
            ));
            if meta.is_dir() {
                todo.push(path);
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_app_keeps_is_readable_by_the_person_only() {
    let env = Env::start(Config {
        sessions: 2,
        ..Default::default()
    })
    .await;
    // A parent others may read, as a home folder often is: the app's own folders under it
    // must still be private.
    let parent = tempfile::tempdir().unwrap();
    std::fs::set_permissions(parent.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let home = parent.path().join("home");
    let paths = AppPaths::under(&home);
    paths.ensure().unwrap();

    // The account list.
    let service = AccountService::open(&paths, Arc::new(MemorySecretStore::new())).unwrap();
    service
        .add_with_api_key(
            None,
            Some(env.server.base_url()),
            Secret::new(env.server.token(Persona::Admin)),
        )
        .await
        .unwrap();
    // The audit log and a job's journal, from a real job.
    let audit = AuditLog::open(&paths.data_dir).unwrap();
    let plan = env.plan_all(BulkMode::BackUpThenDelete, false).await;
    let summary = bulk::start(
        &env.client,
        plan,
        &paths.data_dir.join("jobs"),
        &audit,
        |_| {},
        &JobControl::new(),
    )
    .await
    .unwrap();
    assert_eq!(summary.deleted, 2, "{summary:?}");

    let found = modes_under(&home);
    for name in ["accounts.json", "jobs"] {
        assert!(
            found.iter().any(|(p, _, _)| p.contains(name)),
            "{name} was written: {found:?}"
        );
    }
    assert!(
        found.iter().filter(|(_, dir, _)| !dir).count() >= 3,
        "{found:?}"
    );
    let open: Vec<_> = found
        .iter()
        .filter(|(_, dir, mode)| mode & 0o077 != 0 || (*dir && *mode != 0o700))
        .collect();
    assert!(open.is_empty(), "readable by others: {open:?}");
}
