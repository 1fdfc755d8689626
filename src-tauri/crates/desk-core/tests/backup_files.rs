//! The backup file itself: written, verified and opened offline, and never left half-made.

mod backup_support;

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use backup_support::dir_names;
use desk_core::backup::{
    open_backup, verify, verify_written, AccountMeta, BackupWriter, CommentRecord, DocumentRecord,
    EntryKind, FinishedBackup, Manifest, SessionRecord,
};
use desk_core::DeskError;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SESSION_DIR: &str = "sessions/Board meeting--sess_1/";
const DOC_DIR: &str = "sessions/Board meeting--sess_1/Board meeting/";

fn account() -> AccountMeta {
    AccountMeta {
        label: "Office".into(),
        organization: "Acme".into(),
        server: "http://127.0.0.1:1".into(),
    }
}

fn manifest() -> Manifest {
    Manifest::new(
        account(),
        vec![SessionRecord {
            id: "sess_1".into(),
            filename: "Board meeting".into(),
            status: "completed".into(),
            language: "en".into(),
            duration_seconds: 65.0,
            created_at: "2024-03-01T10:00:00Z".into(),
            last_modified: "2024-03-02T10:00:00Z".into(),
            path: SESSION_DIR.into(),
            media_path: None,
            documents: vec![DocumentRecord {
                id: "doc_1".into(),
                filename: "Board meeting".into(),
                kind: "transcript".into(),
                language: "en".into(),
                finished: true,
                last_modified: "2024-03-02T10:00:00Z".into(),
                path: DOC_DIR.into(),
                comments: vec![CommentRecord {
                    id: "cmt_1".into(),
                    author: Some("Ann".into()),
                    text: "Check the budget figure".into(),
                    created_at: "2024-03-02T11:00:00Z".into(),
                    segment_start_ms: Some(61_500),
                }],
            }],
        }],
    )
}

/// A transcript in the shape Scriptix sends it.
fn document_json() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "id": "doc_1", "filename": "Board meeting", "type": "document", "language": "en",
        "document": {"document_type": "document", "content": {"segments": [
            {"start": 0, "end": 4200, "speaker": "Ann", "text": "Welcome to the board meeting."},
            {"start": 61500, "end": 65000, "speaker": "Bo", "text": "The budget is approved."}
        ]}}
    }))
    .unwrap()
}

/// Writes a small but complete backup at `dir/name` and returns its path.
async fn write_sample(dir: &Path, name: &str) -> PathBuf {
    write_sample_finished(dir, name).await.path
}

async fn write_sample_finished(dir: &Path, name: &str) -> FinishedBackup {
    let path = dir.join(name);
    let mut writer = BackupWriter::create(&path).unwrap();
    writer
        .add_bytes(
            &format!("{SESSION_DIR}session.json"),
            b"{\"id\":\"sess_1\"}".to_vec(),
        )
        .await
        .unwrap();
    writer
        .add_bytes(&format!("{DOC_DIR}document.json"), document_json())
        .await
        .unwrap();
    writer
        .add_bytes(
            &format!("{DOC_DIR}transcript.txt"),
            b"Ann: Welcome to the board meeting.\n".repeat(200),
        )
        .await
        .unwrap();
    let mut media = writer
        .entry(&format!("{SESSION_DIR}media.mp3"), EntryKind::Media)
        .await
        .unwrap();
    media.write_all(&[7u8; 300_000]).await.unwrap();
    media.shutdown().await.unwrap();
    drop(media);
    writer
        .add_bytes(&format!("{DOC_DIR}comments.json"), b"[]".to_vec())
        .await
        .unwrap();
    let finished = writer.finish(manifest()).await.unwrap();
    assert_eq!(finished.path, path);
    finished
}

fn sha256_of_file(path: &Path) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(std::fs::read(path).unwrap()))
}

/// The backup error's detail as its stable JSON (code and values), e.g.
/// `{"code":"not_intact","problem":"entry_changed","entry":"…","io":null}`.
fn backup_error(result: Result<impl std::fmt::Debug, DeskError>) -> String {
    match result {
        Err(DeskError::Backup(detail)) => detail.to_string(),
        other => panic!("expected a backup error, got {other:?}"),
    }
}

#[tokio::test]
async fn round_trip_shows_the_transcript_and_comments_offline() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_sample(dir.path(), "backup.zip").await;
    assert_eq!(
        dir_names(dir.path()),
        vec!["backup.zip"],
        "no temp file is left next to it"
    );

    let verified = verify(&path).unwrap();
    // session.json, document.json, transcript.txt, media, comments.json and README.txt.
    assert_eq!(verified.files_checked, 6);
    let listed: Vec<&str> = verified
        .manifest
        .files
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    assert!(listed.contains(&"README.txt"), "{listed:?}");
    assert!(!listed.contains(&"manifest.json"));
    let media = verified
        .manifest
        .files
        .iter()
        .find(|f| f.path.ends_with("media.mp3"))
        .unwrap();
    assert_eq!(media.bytes, 300_000);

    let view = open_backup(&path).unwrap();
    assert_eq!(view.account_label, "Office");
    assert_eq!(view.organization, "Acme");
    let doc = &view.sessions[0].documents[0];
    let texts: Vec<&str> = doc.segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Welcome to the board meeting.", "The budget is approved."]
    );
    assert_eq!(doc.segments[1].start, "00:01:01");
    assert_eq!(doc.segments[1].speaker, "Bo");
    assert_eq!(doc.comments[0].text, "Check the budget figure");
    assert_eq!(doc.comments[0].author, "Ann");
    assert_eq!(doc.comments[0].at_seconds, Some(61.5));
}

#[tokio::test]
async fn the_zip_opens_in_any_zip_tool_with_readable_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_sample(dir.path(), "backup.zip").await;
    let mut zip = zip::ZipArchive::new(File::open(&path).unwrap()).unwrap();
    let mut readme = String::new();
    zip.by_name("README.txt")
        .unwrap()
        .read_to_string(&mut readme)
        .unwrap();
    assert!(readme.contains("Office"), "{readme}");
    let mut text = String::new();
    zip.by_name(&format!("{DOC_DIR}transcript.txt"))
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert!(text.starts_with("Ann: Welcome"));
    let manifest: serde_json::Value =
        serde_json::from_reader(zip.by_name("manifest.json").unwrap()).unwrap();
    assert_eq!(manifest["format"], "scriptix-desk-backup");
    assert_eq!(
        manifest["sessions"][0]["documents"][0]["comments"][0]["author"],
        "Ann"
    );
}

#[tokio::test]
async fn one_changed_byte_fails_verification_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_sample(dir.path(), "backup.zip").await;
    let target = format!("{SESSION_DIR}media.mp3");
    let offset = {
        let mut zip = zip::ZipArchive::new(File::open(&path).unwrap()).unwrap();
        let entry = zip.by_name(&target).unwrap();
        entry.data_start().unwrap() + 1234
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    file.seek(SeekFrom::Start(offset)).unwrap();
    file.write_all(&[8]).unwrap();
    drop(file);

    let message = backup_error(verify(&path));
    assert!(message.contains(&target), "{message}");
    // The offline reader refuses it with the same explanation.
    assert_eq!(backup_error(open_backup(&path)), message);
}

#[tokio::test]
async fn the_recorded_checksum_is_the_saved_files_own() {
    let dir = tempfile::tempdir().unwrap();
    let finished = write_sample_finished(dir.path(), "backup.zip").await;
    // What `sha256sum backup.zip` prints: the read-back's hash agrees with it.
    let on_disk = sha256_of_file(&finished.path);
    assert_eq!(
        finished.bytes,
        std::fs::metadata(&finished.path).unwrap().len()
    );
    let verified = verify_written(&finished).unwrap();
    assert_eq!(verified.sha256, on_disk);
    assert_eq!(verified.bytes, finished.bytes);
    assert_eq!(verified, verify(&finished.path).unwrap());
}

/// Flip the byte at `offset` of `path`.
fn flip_byte(path: &Path, offset: u64) {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .unwrap();
    let mut byte = [0u8; 1];
    file.seek(SeekFrom::Start(offset)).unwrap();
    file.read_exact(&mut byte).unwrap();
    file.seek(SeekFrom::Start(offset)).unwrap();
    file.write_all(&[byte[0] ^ 0xFF]).unwrap();
}

fn media_data_start(path: &Path) -> (u64, u64) {
    let mut zip = zip::ZipArchive::new(File::open(path).unwrap()).unwrap();
    let media = zip.by_name(&format!("{SESSION_DIR}media.mp3")).unwrap();
    (media.data_start().unwrap(), media.compressed_size())
}

#[tokio::test]
async fn the_check_after_writing_finds_a_damaged_byte_inside_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let finished = write_sample_finished(dir.path(), "backup.zip").await;
    let (start, len) = media_data_start(&finished.path);
    flip_byte(&finished.path, start + len / 2);
    let message = backup_error(verify_written(&finished));
    assert!(message.contains("media.mp3"), "{message}");
}

#[tokio::test]
async fn the_check_after_writing_finds_a_damaged_byte_between_files() {
    let dir = tempfile::tempdir().unwrap();
    let finished = write_sample_finished(dir.path(), "backup.zip").await;
    // In the media's trailing sizes-and-CRC record, which the zip library skips: every file
    // still reads back whole, so only the whole file's CRC-32 can tell.
    let (start, len) = media_data_start(&finished.path);
    let before = sha256_of_file(&finished.path);
    flip_byte(&finished.path, start + len + 1);
    // Every file still matches the manifest; the whole zip's checksum changed with it.
    let read_back = verify(&finished.path).unwrap().sha256;
    assert_eq!(read_back, sha256_of_file(&finished.path));
    assert_ne!(read_back, before);
    let message = backup_error(verify_written(&finished));
    assert!(message.contains("backup_not_as_written"), "{message}");
}

#[tokio::test]
async fn an_unlisted_extra_file_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_sample(dir.path(), "backup.zip").await;
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    let mut zip = zip::ZipWriter::new_append(file).unwrap();
    zip.start_file(
        "sessions/smuggled.txt",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(b"not from Scriptix").unwrap();
    zip.finish().unwrap();

    let message = backup_error(verify(&path));
    assert!(message.contains("sessions/smuggled.txt"), "{message}");
}

#[tokio::test]
async fn a_missing_file_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_sample(dir.path(), "backup.zip").await;
    let gone = format!("{DOC_DIR}transcript.txt");
    // Rebuild the zip without one entry, copying the others byte for byte.
    let stripped = dir.path().join("stripped.zip");
    let mut source = zip::ZipArchive::new(File::open(&path).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(File::create(&stripped).unwrap());
    for i in 0..source.len() {
        let entry = source.by_index_raw(i).unwrap();
        if entry.name().unwrap() != gone {
            out.raw_copy_file(entry).unwrap();
        }
    }
    out.finish().unwrap();

    let message = backup_error(verify(&stripped));
    assert!(message.contains(&gone), "{message}");
    assert!(message.contains("listing_mismatch"), "{message}");
}

#[tokio::test]
async fn a_file_that_is_not_a_zip_is_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.zip");
    std::fs::write(&path, b"just some text").unwrap();
    let message = backup_error(verify(&path));
    assert!(message.contains(r#""problem":"not_zip""#), "{message}");
}

#[tokio::test]
async fn an_existing_file_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backup.zip");
    std::fs::write(&path, b"precious").unwrap();
    let message = backup_error(BackupWriter::create(&path));
    assert!(message.contains("file_exists"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), b"precious");

    // A file that appears while the backup is being written is not replaced either.
    let late = dir.path().join("late.zip");
    let mut writer = BackupWriter::create(&late).unwrap();
    writer.add_bytes("a.txt", b"a".to_vec()).await.unwrap();
    std::fs::write(&late, b"someone else's").unwrap();
    let message = backup_error(writer.finish(manifest()).await);
    assert!(message.contains("file_exists"), "{message}");
    assert_eq!(std::fs::read(&late).unwrap(), b"someone else's");
    assert_eq!(dir_names(dir.path()), vec!["backup.zip", "late.zip"]);
}

#[tokio::test]
async fn dropping_a_writer_mid_stream_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backup.zip");
    let mut writer = BackupWriter::create(&path).unwrap();
    let temp = writer.temp_path().to_path_buf();
    let temp_name = temp.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        temp_name.starts_with('.') && temp_name.ends_with(".partial"),
        "{temp_name}"
    );
    assert_eq!(
        temp.parent(),
        Some(dir.path()),
        "the temp file is in the target folder"
    );

    let mut entry = writer
        .entry("sessions/s/media.mp4", EntryKind::Media)
        .await
        .unwrap();
    entry.write_all(&vec![1u8; 3 * 1024 * 1024]).await.unwrap();
    drop(entry);
    drop(writer);
    assert!(
        dir_names(dir.path()).is_empty(),
        "{:?}",
        dir_names(dir.path())
    );
}

#[tokio::test]
async fn a_download_that_fails_mid_stream_leaves_no_zip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backup.zip");
    let mut writer = BackupWriter::create(&path).unwrap();
    writer
        .add_bytes("sessions/s/session.json", b"{}".to_vec())
        .await
        .unwrap();
    {
        let mut entry = writer
            .entry("sessions/s/media.mp4", EntryKind::Media)
            .await
            .unwrap();
        // 2 MB arrive, then the connection breaks.
        let received = vec![5u8; 2_000_000];
        let mut source = AsyncReadExt::chain(received.as_slice(), BrokenConnection);
        let copied = tokio::io::copy(&mut source, &mut entry).await;
        assert!(copied.is_err());
    }
    // The half-written entry is not shut down, so the backup cannot be finished...
    let message = backup_error(writer.finish(manifest()).await);
    assert!(message.contains("media.mp4"), "{message}");
    // ...and nothing that looks like a backup is left.
    assert!(
        dir_names(dir.path()).is_empty(),
        "{:?}",
        dir_names(dir.path())
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_read_only_folder_fails_cleanly_with_plain_words() {
    let folder = backup_support::ReadOnlyDir::new();
    let message = backup_error(BackupWriter::create(&folder.path().join("backup.zip")));
    assert!(message.contains(r#""io":"not_allowed""#), "{message}");
    assert!(!message.contains("os error"), "no system jargon: {message}");
    assert!(dir_names(folder.path()).is_empty());
}

#[tokio::test]
async fn unsafe_entry_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = BackupWriter::create(&dir.path().join("backup.zip")).unwrap();
    for bad in [
        "../escape.txt",
        "/abs.txt",
        "a//b.txt",
        "a\\b.txt",
        "manifest.json",
        "README.txt",
    ] {
        assert!(writer.add_bytes(bad, b"x".to_vec()).await.is_err(), "{bad}");
    }
    writer.add_bytes("ok.txt", b"x".to_vec()).await.unwrap();
    assert!(
        writer.add_bytes("OK.txt", b"y".to_vec()).await.is_err(),
        "names differing only in case clash on Windows"
    );
    let finished = writer.finish(manifest()).await.unwrap();
    let names: Vec<String> = verify(&finished.path)
        .unwrap()
        .manifest
        .files
        .into_iter()
        .map(|f| f.path)
        .collect();
    assert_eq!(names, ["ok.txt", "README.txt"]);
}

/// A reader that fails like a dropped connection.
struct BrokenConnection;

impl tokio::io::AsyncRead for BrokenConnection {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        _: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Err(std::io::ErrorKind::ConnectionReset.into()))
    }
}
