//! The log file: its own test binary, because logging is process-wide and can start once.

use std::path::PathBuf;

#[test]
fn writes_plain_daily_file_at_info_and_refuses_a_second_start() {
    let parent = tempfile::tempdir().unwrap();
    let tmp = parent.path().join("logs");
    let tmp = &tmp;
    let guard = desk_core::logging::init_with(tmp, None).unwrap();

    tracing::info!(account = "a1", "first visible line");
    tracing::debug!("too detailed for the default level");
    assert!(
        desk_core::logging::init_with(tmp, None).is_err(),
        "a second start must fail, not replace the first"
    );
    drop(guard); // flushes the writer thread

    let files: Vec<PathBuf> = std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("scriptix-desk.") && name.ends_with(".log"),
        "{name}"
    );
    // Private to the person: logs can name sessions and accounts.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(tmp), 0o700, "log folder");
        assert_eq!(mode(&files[0]), 0o600, "log file");
    }
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("first visible line"), "{text}");
    assert!(!text.contains("too detailed"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes in a file people send to support"
    );
}
