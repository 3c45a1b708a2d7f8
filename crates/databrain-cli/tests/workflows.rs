//! `databrain tenant provision` and `databrain api-tokens rotate --grace`: the real binary
//! against a mock on a loopback port this test owns (state and clock carry across commands).

use std::process::{Command, Output};
use std::time::Duration;

use databrain_mock::{DEFAULT_API_KEY, DEFAULT_SERVICE_TOKEN, MockServer, seed_ids as ids};
use serde_json::Value;

/// Runs the binary with exactly these credentials against `url`.
async fn cli(url: &str, creds: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_databrain"));
    cmd.args(args).env_remove("DATABRAIN_API_KEY").env_remove("DATABRAIN_SERVICE_TOKEN").env("DATABRAIN_BASE_URL", url);
    for (k, v) in creds {
        cmd.env(k, v);
    }
    tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap()
}

const SVC: (&str, &str) = ("DATABRAIN_SERVICE_TOKEN", DEFAULT_SERVICE_TOKEN);

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn json(out: &Output) -> Value {
    assert!(out.status.success(), "exit {:?}: {}", out.status.code(), text(out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(out)))
}

const EMBED_FLAGS: &[&str] = &[
    "--dashboard-id",
    ids::DASHBOARD_SALES,
    "--embed-type",
    "dashboard",
    "--workspace-name",
    ids::WORKSPACE_SALES,
    "--datamart-name",
    ids::DATAMART_SALES,
    "--allow-ai-pilot",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provisioning_a_tenant_twice_makes_it_once() {
    let mock = MockServer::start().await.unwrap();
    let url = &mock.url();
    let args = [&["tenant", "provision", "--json", "--data-app", "acme", "--key-name", "acme prod"], EMBED_FLAGS].concat();
    let first = json(&cli(url, &[SVC], &args).await);
    assert_eq!(first["dataApp"]["outcome"], "created", "{first}");
    assert_eq!(first["apiKey"]["outcome"], "created", "{first}");
    assert_eq!(first["embed"]["outcome"], "created", "{first}");
    let body = mock.requests().iter().rev().find(|r| r.path == "/api/v2/data-app/embeds" && r.method == "POST").unwrap().body.clone();
    assert_eq!(body.unwrap()["accessSettings"]["isAllowAiPilot"], true, "flattened flags reach the embed");

    let again = json(&cli(url, &[SVC], &args).await);
    assert_eq!((again["dataApp"]["outcome"].as_str(), again["apiKey"]["outcome"].as_str()), (Some("reused"), Some("reused")));
    assert_eq!(again["embed"]["id"], first["embed"]["id"]);
    assert_eq!(again["apiKey"]["key"], first["apiKey"]["key"]);

    // For people: one line per step.
    let plain = cli(url, &[SVC], &[&["tenant", "provision", "--data-app", "acme", "--key-name", "acme prod"], EMBED_FLAGS].concat()).await;
    let lines: Vec<String> = String::from_utf8(plain.stdout).unwrap().lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with("data app\tacme\t") && lines.iter().all(|l| l.ends_with("\treused")), "{lines:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_per_tenant_dashboard_from_a_template() {
    let mock = MockServer::start().await.unwrap();
    let out = cli(
        &mock.url(),
        &[SVC],
        &[
            "tenant",
            "provision",
            "--json",
            "--data-app",
            "globex",
            "--dashboard-id",
            "dash-globex",
            "--workspace-name",
            ids::WORKSPACE_SALES,
            "--client-id",
            "globex",
            "--template-dashboard-id",
            ids::DASHBOARD_TEMPLATE,
            "--datamart-name",
            ids::DATAMART_SALES,
        ],
    )
    .await;
    let tenant = json(&out);
    assert_eq!(tenant["embed"]["kind"], "dashboard_embed", "--client-id selects the per-tenant form: {tenant}");
    let sent = mock.requests().into_iter().find(|r| r.path == "/api/v2/data-app/dashboard-embeds").unwrap();
    assert_eq!(sent.body.unwrap()["templateDashboardId"], ids::DASHBOARD_TEMPLATE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_spec_or_the_wrong_credential_exits_2_before_damage() {
    let mock = MockServer::start().await.unwrap();
    let url = &mock.url();
    let out = cli(url, &[SVC], &["tenant", "provision", "--data-app", "acme", "--dashboard-id", "d", "--embed-type", "dashboard"]).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("embed.workspaceName"), "{}", text(&out));
    assert!(text(&out).contains("embed.accessSettings"), "{}", text(&out));
    assert!(mock.requests().is_empty(), "nothing sent");

    // A data-app key where the service token is needed.
    let out =
        cli(url, &[("DATABRAIN_SERVICE_TOKEN", DEFAULT_API_KEY)], &[&["tenant", "provision", "--data-app", "acme"], EMBED_FLAGS].concat())
            .await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("service token"), "{}", text(&out));
    assert!(!text(&out).contains(DEFAULT_API_KEY), "{}", text(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotating_with_grace_keeps_the_old_key_for_exactly_that_long() {
    let mock = MockServer::start().await.unwrap();
    let url = &mock.url();
    let old = [("DATABRAIN_API_KEY", DEFAULT_API_KEY)];
    let rotated = json(&cli(url, &old, &["api-tokens", "rotate", "--grace", "1h", "--json"]).await);
    assert_eq!(rotated["graceSeconds"], 3600.0, "{rotated}");
    let new_key = rotated["key"].as_str().unwrap().to_owned();
    assert_ne!(new_key, DEFAULT_API_KEY);
    let sent = mock.requests().into_iter().find(|r| r.path == "/api/v2/data-app/rotate-api").unwrap();
    assert_eq!(sent.body.unwrap()["expireAt"], 3600);

    mock.advance_clock(Duration::from_secs(3599));
    assert!(cli(url, &old, &["embeds", "list"]).await.status.success(), "the old key works during the grace period");
    mock.advance_clock(Duration::from_secs(2));
    assert_eq!(cli(url, &old, &["embeds", "list"]).await.status.code(), Some(1), "then Databrain refuses it");
    assert!(cli(url, &[("DATABRAIN_API_KEY", &new_key)], &["embeds", "list"]).await.status.success());

    // Bad durations are usage errors; --grace and --expire-at exclude each other.
    assert_eq!(cli(url, &old, &["api-tokens", "rotate", "--grace", "soon"]).await.status.code(), Some(2));
    assert_eq!(cli(url, &old, &["api-tokens", "rotate", "--grace", "1h", "--expire-at", "5"]).await.status.code(), Some(2));
}
