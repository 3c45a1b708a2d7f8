//! The `tracing` spans Rust users get, captured by a minimal test subscriber. Alone in its
//! test binary: tracing caches each callsite's interest process-wide, and a test running
//! beside it without the subscriber could cache "never" for the SDK's callsites.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use databrain::{Client, GuestTokenRequest};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_SERVICE_TOKEN, Fault, MockServer};

fn client(mock: &MockServer) -> Client {
    Client::builder()
        .base_url(mock.url())
        .api_key(DEFAULT_API_KEY)
        .service_token(DEFAULT_SERVICE_TOKEN)
        .retry_policy(databrain::RetryPolicy { base_delay: Duration::from_millis(1), ..Default::default() })
        .build()
        .unwrap()
}

#[derive(Clone, Debug, Default)]
struct Captured {
    name: String,
    parent: Option<u64>,
    fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct Capture {
    spans: Mutex<Vec<Captured>>,
    stack: Mutex<Vec<u64>>,
}

struct Visitor<'a>(&'a mut BTreeMap<String, String>);

impl tracing::field::Visit for Visitor<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}").trim_matches('"').to_owned());
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

struct Subscriber(Arc<Capture>);

impl tracing::Subscriber for Subscriber {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target() == "databrain"
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut spans = self.0.spans.lock().unwrap();
        let mut captured = Captured { name: span.metadata().name().to_owned(), ..Default::default() };
        captured.parent = if span.is_contextual() { self.0.stack.lock().unwrap().last().copied() } else { span.parent().map(|p| p.into_u64()) };
        span.record(&mut Visitor(&mut captured.fields));
        spans.push(captured);
        tracing::span::Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.0.spans.lock().unwrap();
        values.record(&mut Visitor(&mut spans[span.into_u64() as usize - 1].fields));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, span: &tracing::span::Id) {
        self.0.stack.lock().unwrap().push(span.into_u64());
    }
    fn exit(&self, _: &tracing::span::Id) {
        self.0.stack.lock().unwrap().pop();
    }
}

#[test]
fn rust_users_get_a_call_span_and_one_client_span_per_attempt() {
    let capture = Arc::new(Capture::default());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    tracing::subscriber::with_default(Subscriber(capture.clone()), || {
        runtime.block_on(async {
            let mock = MockServer::start().await.unwrap();
            mock.inject(Fault::status(503).on(databrain::GUEST_TOKEN_PATH).repeat(2));
            client(&mock).create_guest_token(&GuestTokenRequest::new("user-1", "sales-dashboard")).await.unwrap();
        })
    });
    let spans = capture.spans.lock().unwrap().clone();
    let calls: Vec<_> = spans.iter().enumerate().filter(|(_, s)| s.name == "databrain.call").collect();
    assert_eq!(calls.len(), 1, "{spans:#?}");
    let (call_index, call) = calls[0];
    assert_eq!(call.fields["otel.name"], "databrain.guest_token.create");
    assert_eq!(call.fields["otel.kind"], "internal");
    assert_eq!(call.fields["databrain.operation"], "guest_token.create");
    assert_eq!(call.fields["databrain.attempt_count"], "3");
    let attempts: Vec<_> = spans.iter().filter(|s| s.name == "databrain.attempt").collect();
    assert_eq!(attempts.len(), 3);
    for (i, attempt) in attempts.iter().enumerate() {
        assert_eq!(attempt.parent, Some(call_index as u64 + 1), "a child of the call span");
        assert_eq!(attempt.fields["otel.name"], format!("POST {}", databrain::GUEST_TOKEN_PATH));
        assert_eq!(attempt.fields["otel.kind"], "client");
        assert_eq!(attempt.fields["url.template"], databrain::GUEST_TOKEN_PATH);
        assert_eq!(attempt.fields.get("http.request.resend_count").cloned(), (i > 0).then(|| i.to_string()));
        assert_eq!(attempt.fields["http.response.status_code"], if i < 2 { "503" } else { "200" });
        assert_eq!(attempt.fields["network.protocol.version"], "1.1");
    }
    let all = format!("{spans:?}");
    for secret in [DEFAULT_API_KEY, "user-1", "sales-dashboard"] {
        assert!(!all.contains(secret), "{secret}");
    }
}


#[test]
fn a_workflow_is_one_span_around_the_call_spans_of_its_requests() {
    use databrain::management::embeds::{AccessSettings, CreateEmbed};
    use databrain::management::provision::TenantSpec;
    use databrain::management::rotation::KeyRotation;
    use databrain_mock::seed_ids as ids;
    let capture = Arc::new(Capture::default());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let rotated = tracing::subscriber::with_default(Subscriber(capture.clone()), || {
        runtime.block_on(async {
            let mock = MockServer::start().await.unwrap();
            let embed = CreateEmbed {
                dashboard_id: ids::DASHBOARD_SALES.into(),
                embed_type: "dashboard".into(),
                workspace_name: ids::WORKSPACE_SALES.into(),
                access_settings: AccessSettings::datamart(ids::DATAMART_SALES),
                ..Default::default()
            };
            let c = client(&mock);
            c.provision_tenant(&TenantSpec::new("acme").embed(embed)).await.unwrap();
            mock.inject(Fault::status(500).on("/api/v2/data-app/rotate-api"));
            c.rotate_api_key(&KeyRotation::new(Duration::from_secs(3600)), &databrain::CallOptions::default()).await.unwrap_err()
        })
    });
    assert_eq!(rotated.code(), "INTERNAL_SERVER_ERROR", "{rotated:?}");
    let spans = capture.spans.lock().unwrap().clone();
    let workflows: Vec<_> = spans.iter().enumerate().filter(|(_, s)| s.name == "databrain.workflow").collect();
    assert_eq!(workflows.len(), 2, "{spans:#?}");
    let (provision_index, provision) = workflows[0];
    assert_eq!(provision.fields["otel.name"], "databrain.provision_tenant");
    assert_eq!(provision.fields["databrain.operation"], databrain::management::PROVISION_TENANT);
    assert!(!provision.fields.contains_key("error.type"));
    let (rotate_index, rotate) = workflows[1];
    assert_eq!(rotate.fields["otel.name"], "databrain.rotate_api_key");
    assert_eq!(rotate.fields["otel.status_code"], "ERROR");
    assert_eq!(rotate.fields["error.type"], "500");
    let calls: Vec<_> = spans.iter().filter(|s| s.name == "databrain.call").collect();
    let under = |index: usize| calls.iter().filter(|c| c.parent == Some(index as u64 + 1)).count();
    assert!(under(provision_index) >= 3, "list apps, create app, create key, create embed: {spans:#?}");
    assert_eq!(under(rotate_index), 1);
    assert_eq!(under(provision_index) + under(rotate_index), calls.len(), "every call span is under a workflow");
}
