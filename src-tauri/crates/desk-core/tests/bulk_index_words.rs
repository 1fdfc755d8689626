//! `backup-index.csv` speaks the person's language: the column titles and the separator the
//! UI gives when it plans the job (a Dutch spreadsheet splits columns at `;`), kept in the
//! job's journal so a resumed job writes the same words.

mod bulk_support;

use bulk_support::Env;
use desk_core::audit::CsvSeparator;
use desk_core::bulk::{BulkMode, IndexWords, INDEX_HEADER};
use desk_core::journal::Journal;
use fake_scriptix::Config;

fn dutch() -> IndexWords {
    IndexWords {
        separator: CsvSeparator::Semicolon,
        header: [
            "Bestand",
            "Sessie-ID",
            "Naam",
            "Documenten",
            "Bytes",
            "SHA-256",
        ]
        .map(String::from)
        .to_vec(),
    }
}

/// The CSV's lines, without the byte-order mark.
fn index_lines(env: &Env) -> Vec<String> {
    let text = std::fs::read_to_string(env.folder.path().join("backup-index.csv")).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel");
    text.lines().map(str::to_owned).collect()
}

/// Back up every session on `env` with `words` for the index; the job's id.
async fn back_up_all(env: &Env, words: IndexWords) -> String {
    let mut plan = env.plan_all(BulkMode::BackUpOnly, false).await;
    plan.index_words = words;
    let job_id = plan.job_id.clone();
    let summary = env.run(plan).await;
    assert!(summary.failed.is_empty(), "{summary:?}");
    job_id
}

async fn fake(sessions: usize) -> Env {
    Env::start(Config {
        sessions,
        seed: 5,
        ..Default::default()
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dutch_job_writes_a_dutch_index_with_semicolons_and_keeps_its_words() {
    let env = fake(4).await;
    let job_id = back_up_all(&env, dutch()).await;

    let lines = index_lines(&env);
    assert_eq!(lines[0], "Bestand;Sessie-ID;Naam;Documenten;Bytes;SHA-256");
    assert_eq!(lines.len(), 5, "a row per backup: {lines:?}");
    assert!(
        lines[1..].iter().all(|l| l.contains(".zip;")),
        "cells split at ';': {lines:?}"
    );

    let journal = Journal::replay(&Journal::locate(&env.jobs_dir(), &job_id).unwrap()).unwrap();
    assert_eq!(
        journal.plan.index_words,
        dutch(),
        "a resume writes the same words"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_or_blank_titles_fall_back_to_english() {
    let env = fake(1).await;
    let words = IndexWords {
        separator: CsvSeparator::Comma,
        header: vec!["Fichier".into(), "  ".into()],
    };
    back_up_all(&env, words).await;
    let mut want = INDEX_HEADER.to_vec();
    want[0] = "Fichier";
    assert_eq!(index_lines(&env)[0], want.join(","));
}
