//! `fake-scriptix`: the fake Scriptix server as a program, for manual runs, benchmarks and
//! the UI's end-to-end tests. Prints one JSON line (addresses and practice identities) and
//! serves until Ctrl-C or SIGTERM.

use clap::Parser;
use fake_scriptix::{
    AuthStyle, Config, ErrorShape, FakeServer, Faults, FinishedMethod, IdentityInfo, Plan, Quirks,
    WindowKind,
};
use serde::Serialize;

/// A fake Scriptix v3 API on 127.0.0.1.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// API port (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Download host port (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    download_port: u16,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, default_value_t = 40)]
    sessions: usize,
    /// Added to every API request.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// More API requests in flight than this get 429.
    #[arg(long)]
    max_concurrent: Option<u32>,
    /// Share of API requests (0 to 1) that fail with 500, 503, 429 or a dropped connection.
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Throttle export and download bodies to this many bytes per second.
    #[arg(long = "slow-body-bps")]
    slow_body_bps: Option<u64>,
    /// flat, nested or ratelimit.
    #[arg(long, default_value = "flat")]
    error_shape: ErrorShape,
    /// bearer, key or either.
    #[arg(long, default_value = "either")]
    auth_style: AuthStyle,
    /// 204 or 200.
    #[arg(long, default_value_t = 204, value_parser = parse_delete_status)]
    delete_status: u16,
    /// Keep deleted items in lists, flagged `is_deleted: true`.
    #[arg(long)]
    soft_delete: bool,
    /// post-or-put or put-only.
    #[arg(long, default_value = "post-or-put")]
    finished_method: FinishedMethod,
    /// Size of every media export in bytes.
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    media_bytes: u64,
    /// Enforce a published plan's quotas per token: free, bronze, silver or gold.
    #[arg(long)]
    plan: Option<Plan>,
    /// How the plan's windows count: fixed (the quota returns whole at the reset) or
    /// sliding (each request counts for a window's length after it was accepted).
    #[arg(long, default_value = "fixed")]
    window_kind: WindowKind,
    /// Run the plan's clock N times fast: a minute passes in 60/N seconds.
    #[arg(long, default_value_t = 1.0)]
    time_scale: f64,
    /// Documented variants to send, as JSON, e.g. `{"max_page_size":10,"seconds_times":true}`
    /// (see `Quirks` and docs/api-contract.md).
    #[arg(long, value_parser = parse_quirks)]
    quirks: Option<Quirks>,
}

fn parse_quirks(s: &str) -> Result<Quirks, String> {
    serde_json::from_str(s).map_err(|e| format!("not a quirks object: {e}"))
}

fn parse_delete_status(s: &str) -> Result<u16, String> {
    match s.trim() {
        "200" => Ok(200),
        "204" => Ok(204),
        other => Err(format!("`{other}` is not 200 or 204")),
    }
}

/// The start-up line.
#[derive(Serialize)]
struct Started {
    base_url: String,
    download_base_url: String,
    identities: Vec<IdentityInfo>,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    if !(0.0..=1.0).contains(&args.error_rate) {
        eprintln!("--error-rate must be between 0 and 1");
        std::process::exit(2);
    }
    if !(args.time_scale.is_finite() && args.time_scale > 0.0) {
        eprintln!("--time-scale must be more than 0");
        std::process::exit(2);
    }
    let server = FakeServer::start(Config {
        seed: args.seed,
        sessions: args.sessions,
        port: args.port,
        download_port: args.download_port,
        auth_style: args.auth_style,
        error_shape: args.error_shape,
        delete_status: args.delete_status,
        soft_delete: args.soft_delete,
        finished_method: args.finished_method,
        media_bytes: args.media_bytes,
        faults: Faults {
            latency_ms: args.latency_ms,
            max_concurrent: args.max_concurrent,
            error_rate: args.error_rate,
            errors_are_500: false,
            slow_body_bytes_per_sec: args.slow_body_bps,
            ..Faults::default()
        },
        quirks: args.quirks.unwrap_or_default(),
        plan: args.plan,
        window_kind: args.window_kind,
        time_scale: args.time_scale,
    })
    .await?;
    let started = Started {
        base_url: server.base_url(),
        download_base_url: server.download_base_url(),
        identities: server.identities(),
    };
    // Exactly one line, so a parent process can read it and go.
    println!("{}", serde_json::to_string(&started)?);
    stopped().await;
    server.shutdown().await;
    Ok(())
}

/// Ctrl-C, or SIGTERM where there is one.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
