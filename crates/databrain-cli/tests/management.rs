//! The generated management commands end to end: the real `databrain` binary, real HTTP to
//! databrain-mock (in-process with `--mock`, or a mock on a loopback port this test starts so
//! state carries across commands and the requests can be read back).

use std::process::{Command, Output};

use databrain::{Client, ListOptions};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_DATA_APP, DEFAULT_SERVICE_TOKEN, MockServer, seed_ids as ids};
use serde_json::Value;

/// The binary with no ambient credentials (each test says which it gives).
fn databrain() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_databrain"));
    cmd.env_remove("DATABRAIN_API_KEY").env_remove("DATABRAIN_SERVICE_TOKEN").env_remove("DATABRAIN_BASE_URL").env_remove("COLUMNS");
    cmd
}

/// Runs `args` against the mock at `url` with both seeded credentials.
fn against(url: &str, args: &[&str]) -> Output {
    databrain()
        .args(args)
        .env("DATABRAIN_BASE_URL", url)
        .env("DATABRAIN_API_KEY", DEFAULT_API_KEY)
        .env("DATABRAIN_SERVICE_TOKEN", DEFAULT_SERVICE_TOKEN)
        .output()
        .unwrap()
}

fn run(args: &[&str]) -> Output {
    databrain().args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// The one JSON document a successful `--json` command printed.
fn json(out: &Output) -> Value {
    assert!(out.status.success(), "exit {:?}\nstdout: {}\nstderr: {}", out.status.code(), stdout(out), stderr(out));
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

fn names(list: &Value, field: &str) -> Vec<String> {
    list.as_array().unwrap().iter().map(|i| i[field].as_str().unwrap().to_owned()).collect()
}

/// A blocking child process next to the async mock (the mock needs the runtime's workers).
async fn cli(url: &str, args: &[&str]) -> Output {
    let (url, args): (String, Vec<String>) = (url.to_owned(), args.iter().map(|s| s.to_string()).collect());
    tokio::task::spawn_blocking(move || against(&url, &args.iter().map(String::as_str).collect::<Vec<_>>())).await.unwrap()
}

#[test]
fn every_family_answers_with_mock() {
    let apps = json(&run(&["data-apps", "list", "--mock", "--json"]));
    assert!(names(&apps, "name").contains(&DEFAULT_DATA_APP.to_owned()), "{apps}");

    let keys = json(&run(&["api-tokens", "list", "--mock", "--json", "--data-app", DEFAULT_DATA_APP]));
    assert!(!keys.as_array().unwrap().is_empty(), "{keys}");

    let embeds = json(&run(&["embeds", "list", "--mock", "--json"]));
    assert!(names(&embeds, "embedId").contains(&ids::EMBED_SALES.to_owned()), "{embeds}");

    let dashboards = json(&run(&["dashboards", "list", "--mock", "--json"]));
    assert!(names(&dashboards, "externalDashboardId").contains(&ids::DASHBOARD_SALES.to_owned()), "{dashboards}");

    let metrics = json(&run(&["metrics", "list", "--mock", "--json", "--embed-id", ids::EMBED_SALES, "--client-id", ids::CLIENT_TEAM_1]));
    assert!(names(&metrics, "metricId").contains(&ids::METRIC_REVENUE.to_owned()), "{metrics}");

    let answer = json(&run(&[
        "metrics",
        "query",
        "--mock",
        "--json",
        "--embed-id",
        ids::EMBED_SALES,
        "--metric-id",
        ids::METRIC_REVENUE,
        "--client-id",
        "u",
    ]));
    assert_eq!(answer["data"].as_array().unwrap().len(), 12, "{answer}");

    let workspaces = json(&run(&["workspaces", "list", "--mock", "--json"]));
    assert!(names(&workspaces, "name").contains(&ids::WORKSPACE_SALES.to_owned()), "{workspaces}");

    let marts = json(&run(&["datamarts", "list", "--mock", "--json"]));
    assert!(names(&marts, "name").contains(&ids::DATAMART_SALES.to_owned()), "{marts}");

    let export = json(&run(&[
        "dashboards",
        "export",
        "--mock",
        "--json",
        "--dashboard-id",
        ids::DASHBOARD_SALES,
        "--workspace-name",
        ids::WORKSPACE_SALES,
    ]));
    assert!(export["_meta"].is_object() && export["data"].is_object(), "{export}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_spans_pages_and_page_reads_one() {
    let mock = MockServer::start().await.unwrap();
    let sdk = Client::builder().base_url(mock.url()).service_token(DEFAULT_SERVICE_TOKEN).build().unwrap();
    let before = sdk.data_apps().list(&ListOptions::all()).unwrap().collect_all().await.unwrap().len();
    for i in 0..(21 - before) {
        sdk.data_apps().create(format!("tenant-{i:02}")).await.unwrap();
    }
    mock.clear_requests();

    let all = json(&cli(&mock.url(), &["data-apps", "list", "--json"]).await);
    assert_eq!(all.as_array().unwrap().len(), 21, "{all}");
    let pages: Vec<String> = mock.requests().iter().map(|r| r.query.clone().unwrap_or_default()).collect();
    assert_eq!(pages, ["isPagination=true&pageNumber=1", "isPagination=true&pageNumber=2", "isPagination=true&pageNumber=3"]);

    let second = json(&cli(&mock.url(), &["data-apps", "list", "--json", "--page", "2"]).await);
    assert_eq!(second.as_array().unwrap()[..], all.as_array().unwrap()[10..20]);

    // Plain output for scripts: one line per item, the name first.
    let plain = cli(&mock.url(), &["data-apps", "list"]).await;
    let first_cells: Vec<String> = stdout(&plain).lines().map(|l| l.split('\t').next().unwrap().to_owned()).collect();
    assert_eq!(first_cells, names(&all, "name"));
}

#[test]
fn lists_print_a_table_or_json() {
    let table = run(&["workspaces", "list", "--mock", "--table"]);
    assert!(table.status.success(), "{}", stderr(&table));
    let text = stdout(&table);
    // The cells of each row between the table's rules.
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| l.starts_with('│'))
        .map(|l| l.split(['│', '┆']).map(str::trim).filter(|c| !c.is_empty()).collect())
        .collect();
    assert_eq!(rows[0], ["name"], "a header row:\n{text}");
    assert!(text.lines().next().unwrap().starts_with('┌'), "rules:\n{text}");
    assert!(serde_json::from_str::<Value>(&text).is_err(), "a table is not JSON");

    let list = json(&run(&["workspaces", "list", "--mock", "--json"]));
    let cells: Vec<String> = rows[1..].iter().map(|r| r.join(" ")).collect();
    assert_eq!(cells, names(&list, "name"), "the same items, in order:\n{text}");
    // Nested lists are summarised in a table, whole in JSON.
    let apps = stdout(&run(&["data-apps", "list", "--mock", "--table"]));
    assert!(apps.contains("[2 items]"), "{apps}");
}

#[test]
fn bad_input_exits_2_naming_the_field() {
    let out = run(&["data-apps", "create", "--mock", "--name", ""]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("name: "), "{}", stderr(&out));

    // Nothing is required by clap: the core reports every missing field, with its path.
    let out = run(&["embeds", "create", "--mock", "--json", "--embed-type", "metric", "--dashboard-id", "d"]);
    assert_eq!(out.status.code(), Some(2));
    let body: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let paths: Vec<&str> =
        body["error"]["errors"].as_array().map(|a| a.iter().map(|f| f["path"].as_str().unwrap()).collect()).unwrap_or_default();
    for path in ["workspaceName", "metricId", "accessSettings"] {
        assert!(paths.contains(&path), "{path} in {body}");
    }

    // A flattened field reaches its object, and a wrong value there names the nested path.
    let out = run(&[
        "embeds",
        "create",
        "--mock",
        "--embed-type",
        "dashboard",
        "--dashboard-id",
        "d",
        "--workspace-name",
        "w",
        "--datamart-name",
        "m",
        "--join-model",
        "triple",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("accessSettings.joinModel"), "{}", stderr(&out));

    let out = run(&["api-tokens", "rotate", "--mock", "--expire-at", "-5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("expireAt: "), "{}", stderr(&out));

    // Malformed JSON and unknown flags are usage errors, exit 2 too.
    let out = run(&["datamarts", "update", "--mock", "--datamart-name", "m", "--table-list", "[oops"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--table-list"), "{}", stderr(&out));
    assert_eq!(run(&["workspaces", "list", "--mock", "--no-such-flag"]).status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wrong_credential_is_a_configuration_error() {
    let mock = MockServer::start().await.unwrap();
    let url = mock.url().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        databrain().args(["data-apps", "list"]).env("DATABRAIN_BASE_URL", &url).env("DATABRAIN_API_KEY", DEFAULT_API_KEY).output().unwrap()
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("configuration error: this call needs a service token"), "{}", stderr(&out));

    let url = mock.url().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        databrain()
            .args(["embeds", "list", "--json"])
            .env("DATABRAIN_BASE_URL", &url)
            .env("DATABRAIN_SERVICE_TOKEN", DEFAULT_SERVICE_TOKEN)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let body: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(body["error"]["kind"], "configuration", "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("data-app API key"), "{body}");
    assert!(mock.requests().is_empty(), "nothing was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_credential_is_ever_printed() {
    let mock = MockServer::start().await.unwrap();
    let url = &mock.url();
    let outputs = vec![
        cli(url, &["data-apps", "list", "--json"]).await,
        cli(url, &["data-apps", "list", "--table"]).await,
        cli(url, &["embeds", "list"]).await,
        cli(url, &["workspaces", "list", "--credential", "api-key"]).await,
        cli(url, &["workspaces", "list", "--credential", "api-key", "--json"]).await,
        cli(url, &["data-apps", "create", "--name", ""]).await,
        cli(url, &["data-apps", "delete", "--name", "never-made", "--json"]).await,
        cli(url, &["embeds", "export", "--embed-id", ids::EMBED_SALES]).await,
    ];
    // The docs' older credential for workspaces is refused by the (newer) mock: exit 1.
    assert_eq!(outputs[3].status.code(), Some(1), "{}", stderr(&outputs[3]));
    assert_eq!(outputs[6].status.code(), Some(1));
    for out in &outputs {
        let all = format!("{}{}", stdout(out), stderr(out));
        assert!(!all.contains(DEFAULT_SERVICE_TOKEN) && !all.contains(DEFAULT_API_KEY), "{all}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_onboarding_calls_change_the_mocks_state() {
    let mock = MockServer::start().await.unwrap();
    let url = &mock.url();
    let dir = std::env::temp_dir().join(format!("databrain-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    // Data apps: create, rename, delete (plain output is the name).
    assert_eq!(stdout(&cli(url, &["data-apps", "create", "--name", "acme"]).await).trim(), "acme");
    assert_eq!(stdout(&cli(url, &["data-apps", "rename", "--name", "acme", "--update-name", "acme-co"]).await).trim(), "acme-co");
    let key = json(&cli(url, &["api-tokens", "create", "--data-app", "acme-co", "--name", "prod", "--json"]).await);
    assert!(key["key"].is_string());
    let listed = json(&cli(url, &["api-tokens", "list", "--data-app-name", "acme-co", "--json"]).await);
    assert_eq!(names(&listed, "name"), ["prod"]);

    // Workspaces and datamarts, the table list from a file.
    let tables = dir.join("tables.json");
    std::fs::write(&tables, r#"[{"schemaName": "public", "name": "orders", "clientColumn": "customer_id"}]"#).unwrap();
    let at_tables = format!("@{}", tables.display());
    let mart = json(
        &cli(
            url,
            &[
                "datamarts",
                "create",
                "--json",
                "--name",
                "Acme Mart",
                "--datasource-name",
                ids::DATASOURCE_POSTGRES,
                "--table-list",
                &at_tables,
            ],
        )
        .await,
    );
    assert!(mart["id"].is_string(), "{mart}");
    let ws = json(
        &cli(url, &["workspaces", "create", "--json", "--name", "Acme", "--connection-type", "DATAMART", "--datamart-name", "Acme Mart"])
            .await,
    );
    assert_eq!(ws["name"], "Acme", "{ws}");

    // Embeds: create (flattened access settings), rename, update, export, delete.
    let created = json(
        &cli(
            url,
            &[
                "embeds",
                "create",
                "--json",
                "--dashboard-id",
                ids::DASHBOARD_SALES,
                "--embed-type",
                "dashboard",
                "--workspace-name",
                ids::WORKSPACE_SALES,
                "--datamart-name",
                ids::DATAMART_SALES,
                "--allow-ai-pilot",
                "--is-allow-email-reports=false",
                "--name",
                "Acme sales",
            ],
        )
        .await,
    );
    let embed = created["id"].as_str().unwrap().to_owned();
    let body = mock.requests().last().unwrap().body.clone().unwrap();
    assert_eq!(body["accessSettings"]["isAllowAiPilot"], true, "{body}");
    assert_eq!(body["accessSettings"]["isAllowEmailReports"], false, "{body}");
    assert_eq!(body["accessSettings"]["datamartName"], ids::DATAMART_SALES, "{body}");
    let renamed = json(&cli(url, &["embeds", "rename", "--json", "--embed-id", &embed, "--name", "Acme overview"]).await);
    assert_eq!(renamed["name"], "Acme overview");
    let updated = cli(url, &["embeds", "update", "--embed-id", &embed, "--field", "accessSettings.isAllowMetricCreation=true"]).await;
    assert_eq!(stdout(&updated).trim(), embed, "{}", stderr(&updated));
    let export = json(&cli(url, &["embeds", "export", "--embed-id", &embed, "--json"]).await);
    assert_eq!(export["_meta"]["embedId"], embed.as_str());
    assert!(json(&cli(url, &["embeds", "delete", "--embed-id", &embed, "--json"]).await)["id"].is_string());
    assert!(!names(&json(&cli(url, &["embeds", "list", "--json"]).await), "embedId").contains(&embed));

    // Dashboards: export to a file, import it from the file into the new workspace.
    let exported =
        cli(url, &["dashboards", "export", "--dashboard-id", ids::DASHBOARD_SALES, "--workspace-name", ids::WORKSPACE_SALES]).await;
    let file = dir.join("dashboard.json");
    std::fs::write(&file, &exported.stdout).unwrap();
    let at_file = format!("@{}", file.display());
    let imported =
        json(&cli(url, &["dashboards", "import", "--json", "--workspace-name", "Acme", "--import-dashboard-data", &at_file]).await);
    assert_eq!(imported["response"]["workspaceName"], "Acme", "{imported}");

    // Rotation uses the key being rotated (DATABRAIN_API_KEY) and prints the new one.
    let rotated = cli(url, &["api-tokens", "rotate", "--expire-at", "0"]).await;
    let new_key = stdout(&rotated).trim().to_owned();
    assert!(rotated.status.success() && new_key.len() >= 32 && new_key != DEFAULT_API_KEY, "{}", stderr(&rotated));

    // Deleting the data app deletes its keys.
    assert_eq!(stdout(&cli(url, &["data-apps", "delete", "--name", "acme-co"]).await).trim(), "acme-co");
    assert_eq!(cli(url, &["api-tokens", "list", "--data-app", "acme-co"]).await.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_terminal_gets_a_table_without_asking() {
    // util-linux `script` gives the binary a pseudo-terminal as stdout (Debian's essential set).
    let bin = env!("CARGO_BIN_EXE_databrain");
    let out = Command::new("script")
        .args(["-qec", &format!("{bin} workspaces list --mock"), "/dev/null"])
        .env_remove("DATABRAIN_BASE_URL")
        .output()
        .expect("util-linux script");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains('┌') && text.contains(ids::WORKSPACE_SALES), "{text}");
    // The same command piped prints plain lines.
    assert_eq!(stdout(&run(&["workspaces", "list", "--mock"])).lines().next(), Some(ids::WORKSPACE_SALES));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn semantic_layer_get_create_update_delete_with_body_files() {
    let mock = MockServer::start().await.unwrap();
    let url = mock.url();
    let dir = std::env::temp_dir().join(format!("databrain-cli-semantic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let create = dir.join("create.json");
    std::fs::write(
        &create,
        r#"{"datamartName": "Events Mart", "tables": [{"name": "events", "description": "Product events",
            "columns": [{"name": "name", "description": "Event name", "synonyms": ["event type"]}]}]}"#,
    )
    .unwrap();
    let update = dir.join("update.json");
    std::fs::write(&update, r#"{"datamartName": "Events Mart", "tables": [{"name": "events", "synonyms": ["activity"]}]}"#).unwrap();

    let made = json(&cli(&url, &["semantic-layer", "create", "--body-json", &format!("@{}", create.display()), "--json"]).await);
    assert_eq!(made["id"], ids::DATAMART_EVENTS);
    json(&cli(&url, &["semantic-layer", "update", "--body-json", &format!("@{}", update.display()), "--json"]).await);
    let layer = json(&cli(&url, &["semantic-layer", "get", "--datamart-name", ids::DATAMART_EVENTS, "--json"]).await);
    let events = layer["tables"].as_array().unwrap().iter().find(|t| t["name"] == "events").unwrap();
    assert_eq!(events["description"], "Product events", "left out of the update: kept");
    assert_eq!(events["synonyms"], serde_json::json!(["activity"]));
    json(&cli(&url, &["semantic-layer", "delete", "--datamart-name", ids::DATAMART_EVENTS, "--json"]).await);
    let gone = cli(&url, &["semantic-layer", "get", "--datamart-name", ids::DATAMART_EVENTS, "--json"]).await;
    assert_eq!(gone.status.code(), Some(1));
    let printed: Value = serde_json::from_str(&stdout(&gone)).unwrap();
    assert_eq!((printed["error"]["kind"].as_str(), printed["error"]["code"].as_str()), (Some("not_found"), Some("SEMANTIC_LAYER_NOT_FOUND")));

    // Eleven synonyms: exit 2 naming the field, nothing sent.
    let many: Vec<String> = (0..11).map(|i| format!("\"s{i}\"")).collect();
    let body = format!(r#"{{"datamartName": "Sales Mart", "tables": [{{"name": "orders", "synonyms": [{}]}}]}}"#, many.join(","));
    let before = mock.requests().len();
    let bad = cli(&url, &["semantic-layer", "update", "--body-json", &body]).await;
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    assert!(stderr(&bad).contains("tables[0].synonyms"), "{}", stderr(&bad));
    assert_eq!(mock.requests().len(), before);
    // The data-app key is refused before sending, naming the service token.
    let wrong = cli(&url, &["semantic-layer", "get", "--datamart-name", "Sales Mart", "--credential", "api-key"]).await;
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
    assert!(stderr(&wrong).contains("service token"), "{}", stderr(&wrong));
    let help = run(&["semantic-layer", "--help"]);
    assert!(stdout(&help).contains("get") && stdout(&help).contains("service token"), "{}", stdout(&help));
    std::fs::remove_dir_all(&dir).ok();
}
