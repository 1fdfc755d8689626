//! Hostile backup files: "Open a backup" and a resumed job's re-check must refuse them
//! quickly and with flat memory, whatever they claim.
//!
//! The files are built byte by byte (`hostile_zip`), so each holds exactly one lie. Every
//! refusal is asserted by its reason, and a hand-made backup without a lie must verify, so
//! a refusal cannot come from a builder mistake. The deadline is a hang guard, not a timing
//! test: before the caps, the bombs below took minutes and gigabytes.
//!
//! Its own test file, so it runs in its own process and the peak resident size it reads
//! from `/proc/self/status` belongs to these checks alone.

mod hostile_zip;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use desk_core::backup::{
    open_backup, verify, verify_cancellable, DocumentRecord, SessionRecord, MANIFEST_PATH,
};
use desk_core::cancel::CancelToken;
use desk_core::error::IntactProblem;
use desk_core::{DeskError, Detail};
use hostile_zip::{manifest, record, record_of, run_sha256, Entry, RawZip};

const GIB: u64 = 1024 * 1024 * 1024;
const MIB: u64 = 1024 * 1024;
const DEADLINE: Duration = Duration::from_secs(10);
const ALLOWED_GROWTH_KIB: u64 = 256 * 1024;

const DOC: &str = "sessions/Meeting--s1/Notes/document.json";

fn write(dir: &Path, name: &str, bytes: Vec<u8>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A backup with one document.json and nothing wrong with it.
fn honest(document: &[u8]) -> Vec<u8> {
    let doc = Entry::deflated(DOC, document);
    let mut zip = RawZip::default();
    zip.add(&doc);
    zip.add(&manifest(vec![session()], vec![record_of(DOC, document)]));
    zip.finish()
}

fn session() -> SessionRecord {
    SessionRecord {
        id: "s1".into(),
        filename: "Meeting".into(),
        status: "done".into(),
        language: "nl".into(),
        duration_seconds: 1.0,
        created_at: "2026-01-01T00:00:00Z".into(),
        last_modified: "2026-01-01T00:00:00Z".into(),
        path: "sessions/Meeting--s1/".into(),
        media_path: None,
        documents: vec![DocumentRecord {
            id: "d1".into(),
            filename: "Notes".into(),
            kind: "transcript".into(),
            language: "nl".into(),
            finished: true,
            last_modified: "2026-01-01T00:00:00Z".into(),
            path: "sessions/Meeting--s1/Notes/".into(),
            comments: vec![],
        }],
    }
}

/// A 2 GiB document.json that really inflates to 2 GiB, from 13 MiB, headers honest.
fn bomb_2gib() -> Vec<u8> {
    let doc = Entry::run(DOC, b'0', 2 * GIB);
    let mut zip = RawZip::default();
    zip.add(&doc);
    zip.add(&manifest(
        vec![],
        vec![record(DOC, "0".repeat(64), 2 * GIB)],
    ));
    zip.finish()
}

/// A 2 KiB document.json whose headers and manifest say 2 GiB.
fn declares_2gib() -> Vec<u8> {
    let doc = Entry::deflated(DOC, b"{}").declaring(2 * GIB as u32);
    let mut zip = RawZip::default();
    zip.add(&doc);
    zip.add(&manifest(
        vec![],
        vec![record(DOC, "0".repeat(64), 2 * GIB)],
    ));
    zip.finish()
}

/// Fifteen files of 200 MiB each (3 GiB in all, every one under the per-file cap) that are
/// all the same 1.3 MiB compressed blob: a zip bomb by overlap.
fn overlapping() -> Vec<u8> {
    let size = 200 * MIB;
    let blob = Entry::run("media/0.bin", 0, size);
    let mut zip = RawZip::default();
    let offset = zip.local(&blob);
    let sha256 = run_sha256(0, size);
    let mut files = Vec::new();
    for i in 0..15 {
        let name = format!("media/{i}.bin");
        let entry = Entry {
            name: name.clone(),
            ..blob.clone()
        };
        zip.central(&entry, offset);
        files.push(record(&name, sha256.clone(), size));
    }
    zip.add(&manifest(vec![], files));
    zip.finish()
}

/// A bomb of nearly 4 GiB whose headers and manifest both say 100 bytes.
fn understated_bomb() -> Vec<u8> {
    let doc = Entry::run(DOC, b' ', 4 * GIB - 1).declaring(100);
    let mut zip = RawZip::default();
    zip.add(&doc);
    zip.add(&manifest(vec![], vec![record(DOC, "0".repeat(64), 100)]));
    zip.finish()
}

/// A manifest.json of 300 MiB, sizes honest.
fn huge_manifest() -> Vec<u8> {
    let mut zip = RawZip::default();
    zip.add(&Entry::run(MANIFEST_PATH, b' ', 300 * MIB));
    zip.finish()
}

/// A manifest.json of 300 MiB whose headers say 1,000 bytes.
fn understated_manifest() -> Vec<u8> {
    let mut zip = RawZip::default();
    zip.add(&Entry::run(MANIFEST_PATH, b' ', 300 * MIB).declaring(1000));
    zip.finish()
}

/// The directory lists document.json; the local header at its offset names another file.
fn local_header_names_another_file() -> Vec<u8> {
    let document = br#"{"segments":[]}"#;
    let doc = Entry::deflated(DOC, document);
    let mut zip = RawZip::default();
    let offset = zip.local_as(&doc, "payload.exe", doc.size);
    zip.central(&doc, offset);
    zip.add(&manifest(vec![], vec![record_of(DOC, document)]));
    zip.finish()
}

/// A file hidden between two listed ones: its local header is in no directory.
fn hidden_local_file() -> Vec<u8> {
    let document = br#"{"segments":[]}"#;
    let mut zip = RawZip::default();
    zip.add(&Entry::deflated(DOC, document));
    zip.local(&Entry::stored("hidden.exe", b"MZ not listed anywhere"));
    zip.add(&manifest(vec![], vec![record_of(DOC, document)]));
    zip.finish()
}

/// A stored (not compressed) file that claims to be larger than its bytes.
fn stored_entry_grows() -> Vec<u8> {
    let doc = Entry::stored(DOC, b"{}").declaring(GIB as u32);
    let mut zip = RawZip::default();
    zip.add(&doc);
    zip.add(&manifest(vec![], vec![record(DOC, "0".repeat(64), GIB)]));
    zip.finish()
}

/// A manifest just under the limit made of the smallest records the reader accepts: the
/// most memory a manifest can cost (each empty comment is a few bytes of JSON and a
/// hundred-odd bytes in memory, twice over in the offline view).
fn densest_manifest() -> Vec<u8> {
    let limit = 16 * MIB as usize - 4096;
    let comment = r#"{"id":"","text":"","createdAt":""},"#;
    let mut manifest = desk_core::backup::Manifest::new(hostile_zip::account(), vec![session()]);
    manifest.files = vec![record_of(DOC, b"{}")];
    let head = serde_json::to_string(&manifest).unwrap();
    let marker = r#""comments":[]"#;
    let at = head.find(marker).unwrap() + marker.len() - 1;
    let mut json = String::with_capacity(limit);
    json.push_str(&head[..at]);
    while json.len() + comment.len() + head.len() - at < limit {
        json.push_str(comment);
    }
    json.pop(); // the last comma
    json.push_str(&head[at..]);
    let mut zip = RawZip::default();
    zip.add(&Entry::deflated(DOC, b"{}"));
    zip.add(&Entry::deflated(MANIFEST_PATH, json.as_bytes()));
    zip.finish()
}

/// A `VmHWM:`/`VmRSS:` line of /proc/self/status, in KiB.
#[cfg(target_os = "linux")]
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("{field} in /proc/self/status"))
}

fn refused(path: &Path, reason: IntactProblem) {
    for (what, result) in [
        ("verify", {
            let started = Instant::now();
            let r = verify(path).map(drop);
            assert!(
                started.elapsed() < DEADLINE,
                "verify took {:?}",
                started.elapsed()
            );
            r
        }),
        ("open", {
            let started = Instant::now();
            let r = open_backup(path).map(drop);
            assert!(
                started.elapsed() < DEADLINE,
                "open took {:?}",
                started.elapsed()
            );
            r
        }),
    ] {
        match result {
            Err(DeskError::Backup(Detail::NotIntact { problem, .. })) => {
                assert_eq!(problem, reason, "{what} {}", path.display())
            }
            other => panic!("{what} {}: {other:?}", path.display()),
        }
    }
}

#[test]
fn hostile_backups_are_refused_quickly_with_flat_memory() {
    let dir = tempfile::tempdir().unwrap();
    // Built before measuring: the files, not the checks, are what take memory here.
    let cases = [
        ("bomb-2gib.zip", bomb_2gib(), IntactProblem::EntryTooLarge),
        (
            "declares-2gib.zip",
            declares_2gib(),
            IntactProblem::EntryTooLarge,
        ),
        (
            "overlap.zip",
            overlapping(),
            IntactProblem::OverlappingEntries,
        ),
        (
            "understated-bomb.zip",
            understated_bomb(),
            // The zip library stops at the stated size, and so does the verifier.
            IntactProblem::EntryChanged,
        ),
        (
            "huge-manifest.zip",
            huge_manifest(),
            IntactProblem::ManifestTooLarge,
        ),
        (
            "understated-manifest.zip",
            understated_manifest(),
            // The zip library stops at the stated size: damaged, not read to the end.
            IntactProblem::ManifestDamaged,
        ),
        (
            "local-header.zip",
            local_header_names_another_file(),
            IntactProblem::InconsistentHeaders,
        ),
        (
            "hidden-file.zip",
            hidden_local_file(),
            IntactProblem::InconsistentHeaders,
        ),
        (
            "stored-grows.zip",
            stored_entry_grows(),
            IntactProblem::EntryTooLarge,
        ),
    ]
    .map(|(name, bytes, reason)| (write(dir.path(), name, bytes), reason));
    let densest = write(dir.path(), "densest-manifest.zip", densest_manifest());

    #[cfg(target_os = "linux")]
    let before = status_kib("VmRSS");
    for (path, reason) in &cases {
        refused(path, *reason);
    }
    // Within the limit it is read and shown: memory still bounded.
    let started = Instant::now();
    let view = open_backup(&densest).expect("a manifest under the limit is read");
    assert!(view.sessions[0].documents[0].comments.len() > 400_000);
    drop(view);
    assert!(started.elapsed() < DEADLINE, "{:?}", started.elapsed());
    #[cfg(target_os = "linux")]
    {
        let growth = status_kib("VmHWM").saturating_sub(before);
        println!("peak memory growth checking hostile backups: {growth} KiB");
        assert!(
            growth < ALLOWED_GROWTH_KIB,
            "peak memory grew by {growth} KiB checking hostile backups"
        );
    }
}

#[test]
fn an_honest_hand_made_backup_verifies_and_opens() {
    // The builder makes valid zips: each refusal above is the lie, not a builder mistake.
    let dir = tempfile::tempdir().unwrap();
    let document =
        br#"{"id":"d1","segments":[{"start":0,"end":1000,"speaker":"A","text":"Hallo"}]}"#;
    let path = write(dir.path(), "ok.zip", honest(document));
    let verified = verify(&path).unwrap();
    assert_eq!(verified.files_checked, 1);
    let view = open_backup(&path).unwrap();
    assert_eq!(view.sessions[0].documents[0].id, "d1");
}

#[test]
fn a_document_json_beyond_what_scriptix_can_send_is_not_read_into_memory() {
    // Consistent everywhere (it verifies), but 40 MiB: more than one JSON answer can be.
    let dir = tempfile::tempdir().unwrap();
    let size = 40 * MIB;
    let doc = Entry::run(DOC, b' ', size);
    let mut zip = RawZip::default();
    zip.add(&doc);
    zip.add(&manifest(
        vec![session()],
        vec![record(DOC, run_sha256(b' ', size), size)],
    ));
    let path = write(dir.path(), "big-document.zip", zip.finish());
    verify(&path).expect("the file itself is intact");
    match open_backup(&path) {
        Err(DeskError::Backup(Detail::BackupUnreadable { entry })) => {
            assert_eq!(entry.as_deref(), Some(DOC))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_cancelled_check_stops_with_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "ok.zip", honest(b"{}"));
    let cancel = CancelToken::new();
    cancel.cancel();
    assert!(matches!(
        verify_cancellable(&path, &cancel),
        Err(DeskError::Cancelled(_))
    ));
    assert!(verify_cancellable(&path, &CancelToken::new()).is_ok());
}
