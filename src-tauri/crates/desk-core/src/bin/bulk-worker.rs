//! Runs one bulk job in its own process, so the crash test can kill a real process at any
//! point (SIGKILL: no destructors, no flushing) and then resume the job. A test and
//! diagnosis tool, not part of the app.
//!
//! ```text
//! SCRIPTIX_TOKEN=… bulk-worker --base-url URL --data-dir DIR --folder DIR
//!                              [--backup-only] [--include-media] [--resume]
//! ```
//!
//! Without `--resume` it plans every session on the server into a new job; with it, it
//! resumes every unfinished job in `DIR/jobs`. The token comes from the environment so it
//! never shows in a process list. Prints each run's summary as JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use desk_core::audit::AuditLog;
use desk_core::backup::manifest::AccountMeta;
use desk_core::bulk::{self, BulkItem, BulkMode, BulkPlan, JobControl};
use desk_core::journal::Journal;
use desk_core::DeskError;
use futures_util::TryStreamExt;
use scriptix_api::{ClientOptions, ListQuery, ScriptixClient, Secret};

struct Args {
    base_url: String,
    data_dir: PathBuf,
    folder: PathBuf,
    mode: BulkMode,
    include_media: bool,
    resume: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let (mut base_url, mut data_dir, mut folder) = (None, None, None);
    let (mut mode, mut include_media, mut resume) = (BulkMode::BackUpThenDelete, false, false);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--base-url" => base_url = Some(value()?),
            "--data-dir" => data_dir = Some(PathBuf::from(value()?)),
            "--folder" => folder = Some(PathBuf::from(value()?)),
            "--backup-only" => mode = BulkMode::BackUpOnly,
            "--include-media" => include_media = true,
            "--resume" => resume = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        base_url: base_url.ok_or("--base-url is required")?,
        data_dir: data_dir.ok_or("--data-dir is required")?,
        folder: folder.ok_or("--folder is required")?,
        mode,
        include_media,
        resume,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bulk-worker: {e}");
            return ExitCode::from(2);
        }
    };
    match work(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bulk-worker: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn work(args: Args) -> Result<(), DeskError> {
    let token = Secret::new(std::env::var("SCRIPTIX_TOKEN").unwrap_or_default());
    let client = ScriptixClient::new(&args.base_url, token, ClientOptions::default())?;
    let jobs_dir = args.data_dir.join("jobs");
    let audit = AuditLog::open(&args.data_dir)?;
    let control = JobControl::new();

    if args.resume {
        for job in Journal::list_unfinished(&jobs_dir)? {
            let summary =
                bulk::resume(&client, &jobs_dir, &job.job_id, &audit, |_| {}, &control).await?;
            println!(
                "{}",
                serde_json::to_string(&summary).map_err(|e| DeskError::bug(e.to_string()))?
            );
        }
        return Ok(());
    }

    let pages: Vec<_> = client.sessions(ListQuery::default()).try_collect().await?;
    // Listed just now, as the library does; a resume (below) reads each session again.
    let read_at = std::time::Instant::now();
    let items: Vec<BulkItem> = pages
        .iter()
        .flat_map(|p| &p.items)
        .map(|s| BulkItem::listed(s, read_at))
        .collect();
    let account = AccountMeta {
        label: "Crash test".into(),
        organization: "Fake Scriptix".into(),
        server: args.base_url.clone(),
    };
    let plan = BulkPlan::new(
        account,
        "crash-test".into(),
        args.folder,
        args.mode,
        items,
        args.include_media,
    )?;
    let summary = bulk::start(&client, plan, &jobs_dir, &audit, |_| {}, &control).await?;
    println!(
        "{}",
        serde_json::to_string(&summary).map_err(|e| DeskError::bug(e.to_string()))?
    );
    Ok(())
}
