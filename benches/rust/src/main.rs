//! `http-bench`: one small JSON POST (`/api/v2/guest-token/create`) against a loopback server,
//! either with a hand-written raw `reqwest` call or with the `databrain` core client, so the
//! two stand side by side. Prints one JSON line per run.
//!
//! * throughput: `--concurrency N` tasks on a tokio runtime with `--workers` worker threads
//!   (default 1, as the baseline), each looping until `--requests` calls are done or
//!   `--duration` seconds have passed, whichever comes first. Reports req/s and client CPU
//!   per request (user+system time of the whole process from `getrusage(RUSAGE_SELF)`).
//! * `--serial N`: N sequential calls on one connection; reports p50/p99/mean latency.
//!
//! Every call parses the JSON answer and extracts the token; a call that fails or returns
//! no token counts as an error (and the run exits non-zero if any happened).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};
use serde::{Deserialize, Serialize};

const API_KEY: &str = "11111111-1111-4111-8111-111111111111";
const PATH: &str = "/api/v2/guest-token/create";

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum Mode {
    /// A hand-written call: one shared reqwest::Client, serde body, serde answer.
    Reqwest,
    /// `databrain::Client::create_guest_token` (validation, request id, retries armed at 0).
    Core,
}

#[derive(Parser, Debug)]
#[command(about = "Loopback guest-token POST benchmark: raw reqwest vs the databrain core client")]
struct Args {
    #[arg(long, value_enum)]
    mode: Mode,
    /// Base URL of databrain-mock, e.g. http://127.0.0.1:40123
    #[arg(long)]
    url: String,
    /// Concurrent tasks for the throughput run.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Upper bound on measured calls in the throughput run.
    #[arg(long, default_value_t = 400_000)]
    requests: u64,
    /// Upper bound on the throughput run's duration, seconds.
    #[arg(long, default_value_t = 5.0)]
    duration: f64,
    /// Calls before measuring (opens the pool's connections, warms caches).
    #[arg(long, default_value_t = 2_000)]
    warmup: u64,
    /// Tokio worker threads.
    #[arg(long, default_value_t = 1)]
    workers: usize,
    /// Instead of the throughput run: this many sequential calls, with latency percentiles.
    #[arg(long)]
    serial: Option<usize>,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "clientId")]
    client_id: &'a str,
    #[serde(rename = "dataAppName")]
    data_app_name: &'a str,
}

#[derive(Deserialize)]
struct Answer {
    token: Option<String>,
}

enum Caller {
    Reqwest { http: reqwest::Client, url: reqwest::Url, auth: String },
    Core { client: databrain::Client },
}

impl Caller {
    fn new(mode: Mode, base: &str) -> Result<Caller, String> {
        let base = base.trim_end_matches('/');
        Ok(match mode {
            Mode::Reqwest => Caller::Reqwest {
                http: reqwest::Client::builder()
                    .timeout(Duration::from_secs(30))
                    .build()
                    .map_err(|e| e.to_string())?,
                url: format!("{base}{PATH}").parse().map_err(|e| format!("{e}"))?,
                auth: format!("Bearer {API_KEY}"),
            },
            Mode::Core => Caller::Core {
                client: databrain::Client::builder()
                    .base_url(base)
                    .api_key(API_KEY)
                    .max_retries(0)
                    .timeout(Duration::from_secs(30))
                    .build()
                    .map_err(|e| e.to_string())?,
            },
        })
    }

    /// One call; the token's length (to keep the work observable).
    async fn call(&self) -> Result<usize, String> {
        match self {
            Caller::Reqwest { http, url, auth } => {
                let response = http
                    .post(url.clone())
                    .header(reqwest::header::AUTHORIZATION, auth.as_str())
                    .json(&Body { client_id: "user-1", data_app_name: "sales-dashboard" })
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if !response.status().is_success() {
                    return Err(format!("HTTP {}", response.status()));
                }
                let bytes = response.bytes().await.map_err(|e| e.to_string())?;
                let answer: Answer = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
                answer.token.map(|t| t.len()).ok_or_else(|| "no token".to_owned())
            }
            Caller::Core { client } => {
                let request = databrain::GuestTokenRequest::new("user-1", "sales-dashboard");
                client.create_guest_token(&request).await.map(|t| t.len()).map_err(|e| e.to_string())
            }
        }
    }
}

/// User + system CPU time of this process (all threads), microseconds.
fn cpu_us() -> f64 {
    // SAFETY: getrusage only writes into the struct we hand it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| t.tv_sec as f64 * 1e6 + t.tv_usec as f64;
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// Resident set size now (not the peak), bytes.
fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    pages * unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as u64
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// `concurrency` tasks share one budget of `count` calls and one deadline.
async fn drive(caller: &Arc<Caller>, concurrency: usize, count: u64, deadline: Instant) -> (u64, u64) {
    let budget = Arc::new(AtomicU64::new(count));
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let caller = Arc::clone(caller);
        let budget = Arc::clone(&budget);
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut errors) = (0u64, 0u64);
            while budget.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1)).is_ok() {
                match caller.call().await {
                    Ok(_) => ok += 1,
                    Err(e) => {
                        if errors == 0 {
                            eprintln!("http-bench: call failed: {e}");
                        }
                        errors += 1;
                    }
                }
                // Checking the clock every call costs ~20 ns; fine next to a ~10 us call.
                if Instant::now() >= deadline {
                    break;
                }
            }
            (ok, errors)
        }));
    }
    let (mut ok, mut errors) = (0, 0);
    for task in tasks {
        let (o, e) = task.await.expect("benchmark task panicked");
        ok += o;
        errors += e;
    }
    (ok, errors)
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.workers.max(1))
        .enable_all()
        .build()
        .expect("tokio runtime");
    let caller = match Caller::new(args.mode, &args.url) {
        Ok(c) => Arc::new(c),
        Err(e) => {
            eprintln!("http-bench: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let mode = format!("{:?}", args.mode).to_lowercase();
    let errors = runtime.block_on(async {
        if let Some(n) = args.serial {
            // Everything happens inside one spawned task, so the calls run on the worker
            // thread exactly as in the throughput run.
            let caller = Arc::clone(&caller);
            let warmup = args.warmup.min(500);
            tokio::spawn(async move {
                let mut errors = 0u64;
                for _ in 0..warmup {
                    errors += caller.call().await.is_err() as u64;
                }
                let mut lat = Vec::with_capacity(n);
                let cpu0 = cpu_us();
                let t0 = Instant::now();
                for _ in 0..n {
                    let t = Instant::now();
                    errors += caller.call().await.is_err() as u64;
                    lat.push(t.elapsed().as_secs_f64() * 1e6);
                }
                let wall = t0.elapsed().as_secs_f64();
                let cpu = cpu_us() - cpu0;
                lat.sort_by(f64::total_cmp);
                let line = serde_json::json!({
                    "bench": "rust-serial", "client": mode, "calls": n, "errors": errors,
                    "p50_us": percentile(&lat, 50.0), "p99_us": percentile(&lat, 99.0),
                    "mean_us": lat.iter().sum::<f64>() / n.max(1) as f64,
                    "cpu_us_per_req": cpu / n.max(1) as f64, "seconds": wall,
                });
                println!("{line}");
                errors
            })
            .await
            .expect("serial task panicked")
        } else {
            let far = Instant::now() + Duration::from_secs(3600);
            let (_, warm_errors) = drive(&caller, args.concurrency, args.warmup, far).await;
            let rss0 = rss_bytes();
            let cpu0 = cpu_us();
            let t0 = Instant::now();
            let deadline = t0 + Duration::from_secs_f64(args.duration);
            let (ok, errors) = drive(&caller, args.concurrency, args.requests, deadline).await;
            let wall = t0.elapsed().as_secs_f64();
            let cpu = cpu_us() - cpu0;
            let calls = ok + errors;
            let line = serde_json::json!({
                "bench": "rust-throughput", "client": mode, "concurrency": args.concurrency,
                "workers": args.workers, "calls": calls, "errors": errors + warm_errors,
                "seconds": wall, "req_per_s": ok as f64 / wall,
                "cpu_us_per_req": cpu / calls.max(1) as f64,
                "cpu_cores": cpu / 1e6 / wall,
                "rss_mb_before": rss0 as f64 / 1048576.0, "rss_mb_after": rss_bytes() as f64 / 1048576.0,
            });
            println!("{line}");
            errors + warm_errors
        }
    });
    if errors > 0 { std::process::ExitCode::FAILURE } else { std::process::ExitCode::SUCCESS }
}
