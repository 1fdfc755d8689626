//! What a long history costs: opening the library and the deletion record after 1,000
//! finished jobs and 100,000 deletes, against a fresh install.
//!
//! `cargo bench -p desk-core --bench history` prints a table:
//!
//! - **Unfinished jobs** (`Journal::list_unfinished`, run when the library opens), with three
//!   unfinished jobs in both cases; goal: within ±10% of no history. Finished journals are
//!   moved to `jobs/done/` when their job ends, so they are not read; the bench writes them
//!   in the old layout (all in `jobs/`), lets one listing move them (shown once, as the
//!   one-time cost of an update), then measures.
//! - **The deletion record's first page** (`AuditLog::page`, 50 entries); goal ≤ 200 ms.
//! - For information: opening the audit log, the first "is this a backup the app wrote?"
//!   (reads the record once per run) and a CSV export of everything (streamed).
//!
//! Medians of [`ROUNDS`] runs, release build.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use desk_core::audit::{AuditEntry, AuditKind, AuditLog, AuditOutcome, CsvWords};
use desk_core::backup::AccountMeta;
use desk_core::bulk::{BulkItem, BulkMode, BulkPlan, ItemOutcome};
use desk_core::journal::{Journal, JournalRecord, DONE_DIR, JOURNAL_VERSION};

const FINISHED_JOBS: usize = 1_000;
const SESSIONS_PER_JOB: usize = 5;
const UNFINISHED_JOBS: usize = 3;
const AUDIT_ENTRIES: usize = 100_000;
const PAGE: u32 = 50;
const ROUNDS: usize = 21;

fn main() {
    let none = tempfile::tempdir().unwrap();
    let full = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let template = plan(folder.path());

    for data in [none.path(), full.path()] {
        for n in 0..UNFINISHED_JOBS {
            write_journal(&data.join("jobs"), &template, &format!("open-{n}"), false);
        }
    }
    let started = Instant::now();
    for n in 0..FINISHED_JOBS {
        write_journal(
            &full.path().join("jobs"),
            &template,
            &format!("done-{n}"),
            true,
        );
    }
    write_audit(full.path(), AUDIT_ENTRIES);
    println!(
        "history written in {:.1} s: {FINISHED_JOBS} finished jobs, {AUDIT_ENTRIES} audit entries ({:.1} MiB)",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(full.path().join("audit.jsonl")).unwrap().len() as f64 / 1048576.0
    );

    // The first listing after an update moves the old layout's finished journals.
    let migrate = time(|| {
        let jobs = Journal::list_unfinished(&full.path().join("jobs")).unwrap();
        assert_eq!(jobs.len(), UNFINISHED_JOBS);
    });
    let moved = std::fs::read_dir(full.path().join("jobs").join(DONE_DIR))
        .unwrap()
        .count();
    assert_eq!(moved, FINISHED_JOBS, "every finished journal moved");

    let list = |data: &Path| {
        median(|| {
            let jobs = Journal::list_unfinished(&data.join("jobs")).unwrap();
            assert_eq!(jobs.len(), UNFINISHED_JOBS);
        })
    };
    let (list_none, list_full) = (list(none.path()), list(full.path()));

    let open = |data: &Path| median(|| drop(AuditLog::open(data).unwrap()));
    let (open_none, open_full) = (open(none.path()), open(full.path()));

    let first_page = |data: &Path, expect: usize| {
        let log = AuditLog::open(data).unwrap();
        median(|| assert_eq!(log.page(None, PAGE).unwrap().entries.len(), expect))
    };
    let page_none = first_page(none.path(), 0);
    let page_full = first_page(full.path(), PAGE as usize);

    let known = |data: &Path| {
        median(|| {
            // A fresh log each round: the first question reads the record.
            let log = AuditLog::open(data).unwrap();
            assert!(!log.names_backup("/nowhere.zip").unwrap());
        })
    };
    let (known_none, known_full) = (known(none.path()), known(full.path()));

    let csv_full = {
        let log = AuditLog::open(full.path()).unwrap();
        let out = full.path().join("export.csv");
        time(|| {
            assert_eq!(
                log.export_csv(&out, &CsvWords::default()).unwrap() as usize,
                AUDIT_ENTRIES
            )
        })
    };

    println!();
    println!(
        "| Figure | No history | {FINISHED_JOBS} jobs, {AUDIT_ENTRIES} deletes | Ratio | Goal |"
    );
    println!("|---|---|---|---|---|");
    row(
        "Unfinished jobs listed (library opens)",
        list_none,
        list_full,
        "±10% ✔/✘",
        |r, _| (0.9..=1.1).contains(&r),
    );
    row(
        "Deletion record, first page of 50",
        page_none,
        page_full,
        "≤ 200 ms",
        |_, full| full <= Duration::from_millis(200),
    );
    row("Audit log opened", open_none, open_full, "", |_, _| true);
    row(
        "First \"known backup?\" (reads the record once)",
        known_none,
        known_full,
        "",
        |_, _| true,
    );
    println!("| One-time move of {FINISHED_JOBS} finished journals (first start after the update) | | {} | | |", ms(migrate));
    println!(
        "| CSV export of every entry (streamed) | | {} | | |",
        ms(csv_full)
    );
}

fn row(name: &str, none: Duration, full: Duration, goal: &str, ok: impl Fn(f64, Duration) -> bool) {
    let ratio = full.as_secs_f64() / none.as_secs_f64().max(1e-9);
    let verdict = if goal.is_empty() {
        String::new()
    } else if ok(ratio, full) {
        format!("{} ✔", goal.trim_end_matches(" ✔/✘"))
    } else {
        format!("{} ✘", goal.trim_end_matches(" ✔/✘"))
    };
    println!(
        "| {name} | {} | {} | {ratio:.2}× | {verdict} |",
        ms(none),
        ms(full)
    );
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn median(mut f: impl FnMut()) -> Duration {
    f(); // warm the page cache
    let mut times: Vec<Duration> = (0..ROUNDS).map(|_| time(&mut f)).collect();
    times.sort();
    times[ROUNDS / 2]
}

fn account() -> AccountMeta {
    AccountMeta {
        label: "Office".into(),
        organization: "Acme".into(),
        server: "https://api.scriptix.io".into(),
    }
}

fn plan(folder: &Path) -> BulkPlan {
    let items = (0..SESSIONS_PER_JOB)
        .map(|n| BulkItem {
            session_id: format!("sess_{n:05}"),
            name: format!("Council meeting {n}"),
            document_ids: vec![format!("doc_{n}_a"), format!("doc_{n}_b")],
            listing: None,
        })
        .collect();
    BulkPlan::new(
        account(),
        "acct".into(),
        folder.to_path_buf(),
        BulkMode::BackUpThenDelete,
        items,
        false,
    )
    .unwrap()
}

/// A journal as a job writes it (in `jobs/`, as versions before the `done/` folder left
/// them): planned, each session backed up, sent, deleted; and `finished` when `done`.
fn write_journal(jobs: &Path, template: &BulkPlan, job_id: &str, done: bool) {
    std::fs::create_dir_all(jobs).unwrap();
    let mut plan = template.clone();
    plan.job_id = job_id.to_string();
    let mut records = vec![JournalRecord::Planned {
        version: JOURNAL_VERSION,
        plan: plan.clone(),
    }];
    for item in &plan.items {
        let session_id = item.session_id.clone();
        records.push(JournalRecord::BackedUp {
            session_id: session_id.clone(),
            path: plan.zip_path(item),
            sha256: "ab".repeat(32),
            bytes: 123_456,
        });
        if done {
            records.push(JournalRecord::DeleteSent {
                session_id: session_id.clone(),
            });
            records.push(JournalRecord::Outcome {
                session_id,
                outcome: ItemOutcome::Deleted,
            });
        }
    }
    if done {
        records.push(JournalRecord::Finished);
    }
    let mut text = Vec::new();
    for record in records {
        let mut line = serde_json::to_value(record).unwrap();
        line["at"] = "2026-12-01T10:00:00Z".into();
        serde_json::to_writer(&mut text, &line).unwrap();
        text.push(b'\n');
    }
    std::fs::write(jobs.join(format!("{job_id}.jsonl")), text).unwrap();
}

fn write_audit(data: &Path, entries: usize) {
    let file = std::fs::File::create(data.join("audit.jsonl")).unwrap();
    let mut out = std::io::BufWriter::new(file);
    for n in 0..entries {
        let entry = AuditEntry {
            at: "2026-12-01T10:00:00Z".into(),
            account_label: "Office".into(),
            organization: "Acme".into(),
            server: "https://api.scriptix.io".into(),
            kind: AuditKind::Session,
            session_id: format!("sess_{n:06}"),
            document_id: None,
            comment_id: None,
            name: format!("Council meeting {n}"),
            outcome: AuditOutcome::Deleted,
            backup_path: Some(format!(
                "/home/anna/Backups/Council meeting {n} [sess_{n:06}].zip"
            )),
            backup_sha256: Some("ab".repeat(32)),
        };
        serde_json::to_writer(&mut out, &entry).unwrap();
        out.write_all(b"\n").unwrap();
    }
    out.flush().unwrap();
}
