//! Property tests over the files the app reads back: backup zips (damaged or doctored in
//! any way) and bulk-job journals (torn, edited or garbled). Nothing panics, every failure
//! is a typed error of the expected kind, and nothing is accepted that differs from what
//! was written.
//!
//! Case counts are modest so the file runs in seconds in a debug build; a failure prints
//! the smallest input proptest could shrink it to.

mod hostile_zip;

use std::path::Path;

use proptest::prelude::*;

use desk_core::backup::{open_backup, verify, Manifest, MANIFEST_PATH};
use desk_core::bulk::{BulkItem, BulkMode, BulkPlan, ItemOutcome};
use desk_core::journal::{JobState, Journal, JournalRecord, JOURNAL_VERSION};
use desk_core::DeskError;
use hostile_zip::{account, manifest, record_of, Entry, RawZip};

const DOC: &str = "sessions/A--s1/Doc/document.json";
const TXT: &str = "sessions/A--s1/Doc/transcript.txt";

/// A small, valid backup and its manifest.
fn sample_backup() -> (Vec<u8>, Manifest) {
    let document = br#"{"id":"d1","segments":[{"start":0,"end":1,"text":"Hallo"}]}"#;
    let text = "Hallo\n".repeat(50);
    let mut zip = RawZip::default();
    zip.add(&Entry::deflated(DOC, document));
    zip.add(&Entry::stored(TXT, text.as_bytes()));
    let m = manifest(
        vec![],
        vec![record_of(DOC, document), record_of(TXT, text.as_bytes())],
    );
    let parsed = Manifest::parse(&inflate_stored_blocks(&m.data)).unwrap();
    zip.add(&m);
    (zip.finish(), parsed)
}

/// The content of a deflate stream made of stored blocks (what `Entry::deflated` makes).
fn inflate_stored_blocks(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let last = data[0] & 1 == 1;
        let len = u16::from_le_bytes([data[1], data[2]]) as usize;
        out.extend_from_slice(&data[5..5 + len]);
        data = &data[5 + len..];
        if last {
            return out;
        }
    }
}

#[derive(Debug, Clone)]
enum Damage {
    /// XOR one byte.
    Flip(usize, u8),
    /// Overwrite four bytes (a size, an offset, a CRC) with any value.
    Word(usize, u32),
    Truncate(usize),
    /// Insert bytes (shifts every offset after it).
    Insert(usize, Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(at, x)| Damage::Flip(at, x)),
        (
            any::<usize>(),
            prop_oneof![any::<u32>(), Just(u32::MAX), Just(0x8000_0000), Just(0)]
        )
            .prop_map(|(at, w)| Damage::Word(at, w)),
        any::<usize>().prop_map(Damage::Truncate),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..40))
            .prop_map(|(at, b)| Damage::Insert(at, b)),
    ]
}

fn apply(bytes: &mut Vec<u8>, d: &Damage) {
    let len = bytes.len();
    match d {
        Damage::Flip(at, x) => bytes[at % len] ^= x,
        Damage::Word(at, w) => {
            let at = at % (len - 4);
            bytes[at..at + 4].copy_from_slice(&w.to_le_bytes());
        }
        Damage::Truncate(at) => bytes.truncate(at % len),
        Damage::Insert(at, b) => {
            let at = at % len;
            bytes.splice(at..at, b.iter().copied());
        }
    }
}

fn write(dir: &Path, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join("backup.zip");
    std::fs::write(&path, bytes).unwrap();
    path
}

fn plan(dir: &Path, sessions: usize) -> BulkPlan {
    let items = (0..sessions)
        .map(|i| BulkItem {
            session_id: format!("s{i}"),
            name: format!("Session {i}"),
            document_ids: vec![format!("d{i}")],
            listing: None,
        })
        .collect();
    BulkPlan::new(
        account(),
        "acct-1".into(),
        dir.to_path_buf(),
        BulkMode::BackUpThenDelete,
        items,
        false,
    )
    .unwrap()
}

/// A record about one of the plan's sessions (or, with `stranger`, one that is not in it).
fn journal_record(sessions: usize) -> impl Strategy<Value = JournalRecord> {
    let id = (0..sessions + 1).prop_map(move |i| {
        if i == sessions {
            "stranger".to_owned()
        } else {
            format!("s{i}")
        }
    });
    prop_oneof![
        (id.clone(), ".{0,8}", any::<u64>()).prop_map(|(session_id, sha256, bytes)| {
            JournalRecord::BackedUp {
                path: format!("/backups/{session_id}.zip").into(),
                session_id,
                sha256,
                bytes,
            }
        }),
        (id.clone(), ".{0,8}").prop_map(|(session_id, reason)| JournalRecord::BackupRejected {
            session_id,
            reason: desk_core::reason::StoredError::Legacy(reason)
        }),
        id.clone()
            .prop_map(|session_id| JournalRecord::DeleteSent { session_id }),
        (id, 0..5u8, ".{0,8}").prop_map(|(session_id, o, reason)| JournalRecord::Outcome {
            session_id,
            outcome: match o {
                0 => ItemOutcome::BackedUp,
                1 => ItemOutcome::Deleted,
                2 => ItemOutcome::AlreadyDeleted,
                3 => ItemOutcome::NotPermitted,
                _ => ItemOutcome::Failed {
                    reason: desk_core::reason::FailureReason::Legacy(reason)
                },
            },
        }),
        Just(JournalRecord::Paused),
        Just(JournalRecord::Resumed),
        Just(JournalRecord::Cancelled),
        Just(JournalRecord::Finished),
    ]
}

/// A journal line as the journal writes it: the record plus when.
fn line(record: &JournalRecord) -> Vec<u8> {
    let mut value = serde_json::to_value(record).unwrap();
    value["at"] = "2026-01-01T00:00:00Z".into();
    let mut bytes = serde_json::to_vec(&value).unwrap();
    bytes.push(b'\n');
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_damaged_backup_is_refused_as_a_backup_error_or_reads_exactly_as_written(
        damages in prop::collection::vec(damage(), 1..4),
    ) {
        let (mut bytes, original) = sample_backup();
        for d in &damages {
            apply(&mut bytes, d);
        }
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), &bytes);
        match verify(&path) {
            // Damage that touched nothing checked (a timestamp both headers agree on is
            // not possible here: every header is checked against the other).
            Ok(v) => prop_assert_eq!(v.manifest, original),
            Err(DeskError::Backup(_)) => {}
            Err(other) => prop_assert!(false, "{other:?}"),
        }
        match open_backup(&path) {
            Ok(view) => prop_assert_eq!(view.files_checked, 2),
            Err(DeskError::Backup(_)) => {}
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }

    #[test]
    fn any_bytes_named_zip_are_refused_as_a_backup_error(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        with_manifest_name in any::<bool>(),
    ) {
        // Random bytes, optionally around a real directory record for manifest.json.
        let mut bytes = bytes;
        if with_manifest_name {
            let mut zip = RawZip::default();
            zip.add(&Entry::stored(MANIFEST_PATH, &bytes));
            bytes = zip.finish();
        }
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), &bytes);
        prop_assert!(matches!(verify(&path), Err(DeskError::Backup(_))));
    }

    #[test]
    fn a_journal_replays_to_the_state_its_records_describe(
        records in prop::collection::vec(journal_record(4), 0..30),
        torn in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let plan = plan(dir.path(), 4);
        let mut file = line(&JournalRecord::Planned { version: JOURNAL_VERSION, plan: plan.clone() });
        let mut expected: Result<JobState, ()> = Ok(JobState::new(plan));
        for r in &records {
            file.extend(line(r));
            if let Ok(state) = &mut expected {
                if state.apply(r).is_err() {
                    expected = Err(());
                }
            }
        }
        // A crash mid-write leaves a torn last line without its line break.
        file.extend(torn.iter().filter(|&&b| b != b'\n'));
        let path = dir.path().join("job.jsonl");
        std::fs::write(&path, &file).unwrap();
        match (Journal::replay(&path), expected) {
            (Ok(mut got), Ok(mut want)) => {
                got.started_at.clear();
                want.started_at.clear();
                prop_assert_eq!(got, want);
            }
            (Err(DeskError::Storage(_)), Err(())) => {}
            (got, want) => prop_assert!(false, "replay {got:?}, expected {want:?}"),
        }
    }

    #[test]
    fn a_garbled_journal_is_refused_as_a_storage_error_never_a_panic(
        records in prop::collection::vec(journal_record(3), 0..10),
        damages in prop::collection::vec(damage(), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let plan = plan(dir.path(), 3);
        let mut file = line(&JournalRecord::Planned { version: JOURNAL_VERSION, plan });
        for r in &records {
            file.extend(line(r));
        }
        for d in &damages {
            if file.len() > 8 {
                apply(&mut file, d);
            }
        }
        let path = dir.path().join("job.jsonl");
        std::fs::write(&path, &file).unwrap();
        match Journal::replay(&path) {
            Ok(_) | Err(DeskError::Storage(_)) => {}
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }
}
